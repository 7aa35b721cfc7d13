//! The engine shared by [`LocalBackend`](super::LocalBackend) clones: configuration, clock, keys
//! and the locked state, plus the helpers every API uses.
//!
//! With a data file, releasing the lock ([`StateGuard`]'s drop) first commits what the holder
//! changed; a failed commit stops the backend ([`Engine::durable`]).

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// The data file, locked only under the state's lock.
    #[cfg(feature = "sqlite")]
    store: Option<Mutex<super::persist::Store>>,
    /// A write to the data file failed: the state in memory is ahead of the file, so the
    /// backend answers no more calls.
    write_failed: AtomicBool,
    /// The statuses of `/auth/token/create/batch` requests, newest last, at most
    /// [`super::token_batch::MAX_BATCHES`]; in memory only.
    pub batches: Mutex<std::collections::VecDeque<authlete_tower::dto::TokenBatchStatus>>,
    /// The service owner's services ([`super::services`]), the configured one first once the
    /// service management APIs have been called; in memory only.
    pub services: Mutex<Vec<authlete_tower::dto::Service>>,
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
        let now = clock.now_millis();
        #[cfg(feature = "sqlite")]
        let mut store = match &config.data_file {
            Some(path) => Some(super::persist::Store::open(path)?),
            None => None,
        };
        #[cfg(not(feature = "sqlite"))]
        if config.data_file.is_some() {
            return Err(LocalError::Config {
                reason: "data_file needs authlete-local built with the feature `sqlite`".into(),
            });
        }
        #[cfg(feature = "sqlite")]
        let keys = match &store {
            Some(store) => {
                let keys = Keys::new(&store.keys(&config.keys)?)?;
                store.remember_keys(&keys, &config.keys)?;
                keys
            }
            None => Keys::new(&config.keys)?,
        };
        #[cfg(not(feature = "sqlite"))]
        let keys = Keys::new(&config.keys)?;
        super::jwt_access::check_key_id(&config, &keys)?;
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
        #[allow(unused_mut)]
        let mut state = State::new(config.limits.max_entries, tickets, clients);
        #[cfg(feature = "sqlite")]
        if let Some(store) = &mut store {
            store.load(&mut state, now)?;
        }
        Ok(Engine {
            config,
            clock,
            keys,
            state: Mutex::new(state),
            #[cfg(feature = "sqlite")]
            store: store.map(Mutex::new),
            write_failed: AtomicBool::new(false),
            batches: Mutex::new(std::collections::VecDeque::new()),
            services: Mutex::new(Vec::new()),
        })
    }

    /// Milliseconds since the epoch.
    pub fn now(&self) -> i64 {
        self.clock.now_millis()
    }

    /// The state, for one call; with a data file, what the call changes is committed when the
    /// guard drops.
    pub fn lock(&self) -> StateGuard<'_> {
        StateGuard {
            state: self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
            #[cfg(feature = "sqlite")]
            engine: self,
        }
    }

    /// `answer`, unless a write to the data file has failed (in this call or before): then
    /// `500` with [`API_DATA_WRITE`](result_codes::API_DATA_WRITE), for this call and every
    /// later one, since an answer could claim what the file does not hold.
    pub fn durable<T>(
        &self,
        operation: Operation,
        answer: Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        if self.write_failed.load(Ordering::SeqCst) {
            return Err(api_error(
                operation,
                StatusCode::INTERNAL_SERVER_ERROR,
                result_codes::API_DATA_WRITE,
                None,
            ));
        }
        answer
    }

    /// The data file's store, for tests that make it fail.
    #[cfg(all(test, feature = "sqlite"))]
    pub(crate) fn store(&self) -> MutexGuard<'_, super::persist::Store> {
        self.store
            .as_ref()
            .expect("a data file")
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Commits what `state` changed to the data file, if there is one.
    #[cfg(feature = "sqlite")]
    fn flush(&self, state: &mut State) {
        let Some(store) = &self.store else {
            return;
        };
        let mut store = store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Err(error) = store.flush(state) {
            self.write_failed.store(true, Ordering::SeqCst);
            tracing::error!(%error, "cannot write the data file; the local backend answers no more calls");
        }
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
        result_message: Some(code.message_or_with(detail)),
    }
}

/// The locked state ([`Engine::lock`]). Dropping it commits the changes to the data file, if
/// there is one, before the lock is released.
pub(crate) struct StateGuard<'a> {
    state: MutexGuard<'a, State>,
    #[cfg(feature = "sqlite")]
    engine: &'a Engine,
}

impl Deref for StateGuard<'_> {
    type Target = State;

    fn deref(&self) -> &State {
        &self.state
    }
}

impl DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

#[cfg(feature = "sqlite")]
impl Drop for StateGuard<'_> {
    fn drop(&mut self) {
        self.engine.flush(&mut self.state);
    }
}

#[cfg(all(test, not(feature = "sqlite")))]
mod tests {
    #[test]
    fn a_data_file_without_the_sqlite_feature_is_refused() {
        let mut config = crate::LocalConfig::demo();
        config.data_file = Some("state.db".into());
        let error = crate::LocalBackend::new(config).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid local backend configuration: data_file needs authlete-local built with \
             the feature `sqlite`"
        );
        assert!(!std::path::Path::new("state.db").exists());
    }
}
