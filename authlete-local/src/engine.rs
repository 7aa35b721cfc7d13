//! The engine shared by [`LocalBackend`](super::LocalBackend) clones: configuration, clock, keys
//! and the locked state, plus the helpers every API uses.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use http::StatusCode;

use super::LocalError;
use super::clients::LiveClient;
use super::config::LocalConfig;
use super::keys::Keys;
use super::result_codes::{self, ResultCode};
use super::store::State;
use super::tickets::TicketStore;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::clock::Clock;

/// The engine. Every API is a plain function over it (one file per API family).
pub(crate) struct Engine {
    pub config: LocalConfig,
    pub clock: Arc<dyn Clock>,
    pub keys: Keys,
    state: Mutex<State>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The state is not printed: it can be large, and it is nobody's business.
        f.debug_struct("Engine")
            .field("issuer", &self.config.issuer)
            .field("service_api_key", &self.config.service_api_key)
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub fn new(config: LocalConfig, clock: Arc<dyn Clock>) -> Result<Self, LocalError> {
        config.validate()?;
        let keys = Keys::new(&config.keys)?;
        super::jwt_access::check_key_id(&config, &keys)?;
        let now = clock.now_millis();
        let clients: HashMap<i64, LiveClient> = config
            .clients
            .iter()
            .map(|client| (client.client_id, LiveClient::from_config(client, now)))
            .collect();
        let tickets = TicketStore::new(
            config.limits.max_tickets,
            Self::millis(config.lifetimes.ticket),
            Self::millis(config.lifetimes.ticket_minimum),
        );
        let state = State::new(config.limits.max_entries, tickets, clients);
        Ok(Engine {
            config,
            clock,
            keys,
            state: Mutex::new(state),
        })
    }

    /// Milliseconds since the epoch.
    pub fn now(&self) -> i64 {
        self.clock.now_millis()
    }

    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The service number used in DTOs.
    pub fn service_number(&self) -> i64 {
        self.config.service_api_key.parse().unwrap_or(0)
    }

    /// Milliseconds of a lifetime.
    pub fn millis(duration: std::time::Duration) -> i64 {
        i64::try_from(duration.as_millis()).unwrap_or(i64::MAX / 4)
    }
}

/// The error of an API call that found the state full: HTTP 503 with a resultCode.
pub(crate) fn capacity(operation: Operation) -> ApiError {
    api_error(
        operation,
        StatusCode::SERVICE_UNAVAILABLE,
        result_codes::API_CAPACITY,
        None,
    )
}

/// An HTTP-level API error.
pub(crate) fn api_error(
    operation: Operation,
    status: StatusCode,
    code: ResultCode,
    detail: Option<&str>,
) -> ApiError {
    ApiError::Api {
        operation,
        status,
        result_code: Some(code.code.to_owned()),
        result_message: Some(match detail {
            Some(detail) => code.message_with(detail),
            None => code.message(),
        }),
    }
}
