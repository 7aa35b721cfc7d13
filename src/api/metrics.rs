//! The metrics [`AuthleteClient`](super::AuthleteClient) records through the [`metrics`] facade
//! (feature `metrics`): install any recorder — a Prometheus or OpenTelemetry exporter — and they
//! appear.
//!
//! ```no_run
//! use authlete_tower::dto::IntrospectionRequest;
//! use authlete_tower::{AuthleteApi, AuthleteClient, AuthleteConfig};
//! use metrics_util::debugging::DebuggingRecorder;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // In production: the recorder of your exporter, installed once at start-up.
//! let recorder = DebuggingRecorder::new();
//! let snapshotter = recorder.snapshotter();
//! recorder.install()?;
//!
//! let client = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! client.introspection(IntrospectionRequest::new("an-access-token")).await?;
//! for (key, _, _, value) in snapshotter.snapshot().into_vec() {
//!     println!("{} = {value:?}", key.key());
//! }
//! # Ok(()) }
//! ```
//!
//! | name | kind | labels | what |
//! |---|---|---|---|
//! | `authlete_api_calls_total` | counter | `operation`, `outcome` | calls as their caller saw them, retries included in one call |
//! | `authlete_api_call_duration_seconds` | histogram | `operation`, `outcome` | the time of those calls, retries and delays included |
//! | `authlete_api_retries_total` | counter | `operation`, `reason` | attempts sent again |
//! | `authlete_api_breaker_state` | gauge | `operation` | the breaker's state: 0 closed, 1 half-open, 2 open |
//!
//! `operation` is the API's path without the service prefix, e.g. `/auth/introspection`
//! ([`Operation::path`]). `outcome` is one of `success`, `client_error` (4xx but 429, or a
//! redirect), `rate_limited` (429), `unavailable` (502, 503, 504), `server_error` (other 5xx),
//! `timeout`, `transport` (connection refused or reset), `invalid_response` (not the expected
//! JSON, or too large), `circuit_open` (refused by the breaker without calling Authlete) and
//! `other`. `reason` is one of `transport`, `timeout`, `rate_limited`, `unavailable`. The gauge
//! is set for every operation when the client is built, and on every change of state.
//!
//! No label ever holds a token, a client identifier or anything else from a request.
#![cfg_attr(not(feature = "metrics"), allow(dead_code, unused_variables))]

use std::time::Duration;

use http::StatusCode;

use super::{ApiError, BreakerState, Operation};

/// Counter: calls by `operation` and `outcome`.
pub const CALLS_TOTAL: &str = "authlete_api_calls_total";
/// Histogram, in seconds: call durations by `operation` and `outcome`.
pub const CALL_DURATION_SECONDS: &str = "authlete_api_call_duration_seconds";
/// Counter: retries by `operation` and `reason`.
pub const RETRIES_TOTAL: &str = "authlete_api_retries_total";
/// Gauge: breaker state by `operation` (0 closed, 1 half-open, 2 open).
pub const BREAKER_STATE: &str = "authlete_api_breaker_state";

/// The `outcome` label of a call's result.
pub fn outcome<T>(result: &Result<T, ApiError>) -> &'static str {
    let error = match result {
        Ok(_) => return "success",
        Err(error) => error,
    };
    match error {
        ApiError::Api { status, .. } => match *status {
            StatusCode::TOO_MANY_REQUESTS => "rate_limited",
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => "unavailable",
            status if status.is_server_error() => "server_error",
            _ => "client_error",
        },
        ApiError::Redirect { .. } => "client_error",
        ApiError::Timeout { .. } => "timeout",
        ApiError::Transport { .. } => "transport",
        ApiError::InvalidResponse { .. } | ApiError::ResponseTooLarge { .. } => "invalid_response",
        ApiError::CircuitOpen { .. } => "circuit_open",
        _ => "other",
    }
}

pub(crate) fn record_call(operation: Operation, outcome: &'static str, elapsed: Duration) {
    #[cfg(feature = "metrics")]
    {
        let labels = [("operation", operation.path()), ("outcome", outcome)];
        metrics::counter!(CALLS_TOTAL, &labels).increment(1);
        metrics::histogram!(CALL_DURATION_SECONDS, &labels).record(elapsed.as_secs_f64());
    }
}

pub(crate) fn record_retry(operation: Operation, reason: &'static str) {
    #[cfg(feature = "metrics")]
    metrics::counter!(RETRIES_TOTAL, "operation" => operation.path(), "reason" => reason)
        .increment(1);
}

pub(crate) fn record_breaker(operation: Operation, state: BreakerState) {
    #[cfg(feature = "metrics")]
    metrics::gauge!(BREAKER_STATE, "operation" => operation.path()).set(state.as_gauge());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_name_the_kind_of_failure() {
        let operation = Operation::Introspection;
        let api = |status: u16| -> Result<(), ApiError> {
            Err(ApiError::Api {
                operation,
                status: StatusCode::from_u16(status).unwrap(),
                result_code: None,
                result_message: None,
            })
        };
        assert_eq!(outcome(&Ok::<(), ApiError>(())), "success");
        assert_eq!(outcome(&api(401)), "client_error");
        assert_eq!(outcome(&api(429)), "rate_limited");
        assert_eq!(outcome(&api(500)), "server_error");
        assert_eq!(outcome(&api(503)), "unavailable");
        let open: Result<(), ApiError> = Err(ApiError::CircuitOpen {
            operation,
            retry_after: Duration::ZERO,
        });
        assert_eq!(outcome(&open), "circuit_open");
    }
}
