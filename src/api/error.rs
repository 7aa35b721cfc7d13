//! [`ApiError`]: why a call to Authlete's Web API did not produce an answer.

use std::time::Duration;

use http::StatusCode;
use serde::{Deserialize, Serialize};

use super::Operation;
use crate::config::ConfigError;

/// A failure of the call itself. A protocol failure (an invalid token, an unknown client) is not an
/// `ApiError`: it is an `Ok` answer whose `action` says so.
///
/// No variant ever holds a token, a secret or a request body; `Display` and `Debug` are safe to log.
/// `Debug` prints the same message as `Display`, so `?` in `main` shows it.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// Authlete could not be reached: DNS, connection refused, TLS, a connection reset mid-answer.
    #[error(
        "could not reach Authlete for {operation}: {reason}; check AUTHLETE_BASE_URL and that the service is up"
    )]
    Transport {
        /// The API that was called.
        operation: Operation,
        /// What went wrong, without the URL's query or any body.
        reason: String,
    },

    /// Authlete did not answer within the configured timeout.
    #[error(
        "Authlete did not answer {operation} within {after:?}; raise AuthleteClientBuilder::timeout (or ::connect_timeout) if the service is slow"
    )]
    Timeout {
        /// The API that was called.
        operation: Operation,
        /// The timeout that elapsed.
        after: Duration,
    },

    /// Authlete answered with an HTTP error: bad API credentials (401), a locked client (403),
    /// an unknown service (404), an internal failure (500), …
    #[error(
        "Authlete answered {operation} with HTTP {status}{}{}",
        describe_result(.result_code, .result_message),
        status_hint(*.status)
    )]
    Api {
        /// The API that was called.
        operation: Operation,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// Authlete's `resultCode`, e.g. `A001202`, when the answer had one.
        result_code: Option<String>,
        /// Authlete's `resultMessage`, when the answer had one.
        result_message: Option<String>,
    },

    /// Authlete's answer was not the JSON this API returns.
    #[error(
        "Authlete's answer to {operation} (HTTP {status}) is not the expected JSON: {reason}; the answer began with {excerpt:?}; check that AUTHLETE_BASE_URL points at Authlete's API, not a web page or proxy"
    )]
    InvalidResponse {
        /// The API that was called.
        operation: Operation,
        /// The HTTP status of the answer.
        status: StatusCode,
        /// Why it could not be understood.
        reason: String,
        /// The beginning of the body, at most 80 characters, with anything token-like removed.
        excerpt: String,
    },

    /// Authlete's answer was larger than the configured cap.
    #[error(
        "Authlete's answer to {operation} exceeds {limit} bytes; raise AuthleteClientBuilder::max_response_size if this is expected"
    )]
    ResponseTooLarge {
        /// The API that was called.
        operation: Operation,
        /// The cap, in bytes.
        limit: usize,
    },

    /// Authlete answered with a redirect, which the client never follows.
    #[error(
        "Authlete answered {operation} with a redirect (HTTP {status}); AUTHLETE_BASE_URL probably needs https:// or the regional host"
    )]
    Redirect {
        /// The API that was called.
        operation: Operation,
        /// The HTTP status of the answer.
        status: StatusCode,
    },

    /// The circuit breaker of this API is open: recent calls found Authlete unavailable, so the
    /// call was refused at once, without reaching Authlete. Try again after `retry_after`.
    #[error(
        "Authlete is unavailable for {operation}: the circuit breaker is open after repeated failures; the next attempt is allowed in {retry_after:?}"
    )]
    CircuitOpen {
        /// The API that was called.
        operation: Operation,
        /// How long until the breaker lets a probe call through (zero while a probe is in flight).
        retry_after: Duration,
    },

    /// The client's configuration cannot work.
    #[error(transparent)]
    Config(#[from] ConfigError),

    /// A backend that is not an HTTP client (e.g. the embedded development backend) failed.
    #[error(
        "the Authlete backend failed at {operation}: {reason}; this is a fault of the backend, not of the request: see the backend's log"
    )]
    Backend {
        /// The API that was called.
        operation: Operation,
        /// What failed.
        reason: String,
    },
}

/// `Debug` prints the readable message (as `Display`), because that is what a `main` returning
/// `Result<(), Box<dyn Error>>` shows (`Error: {:?}`).
impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

fn describe_result(code: &Option<String>, message: &Option<String>) -> String {
    match (code, message) {
        (_, Some(message)) => format!(": {message}"),
        (Some(code), None) => format!(": {code}"),
        (None, None) => String::new(),
    }
}

/// What to check for an HTTP error status, as the end of the `Api` message.
fn status_hint(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "; Authlete refused the request as malformed (see its resultMessage)",
        401 => {
            "; check AUTHLETE_SERVICE_APIKEY with AUTHLETE_SERVICE_APISECRET (v2) or AUTHLETE_SERVICE_ACCESSTOKEN (v3)"
        }
        403 => {
            "; the credentials may not call this API: check the service access token's permissions (v3) or the service's settings"
        }
        404 => {
            "; check AUTHLETE_BASE_URL, AUTHLETE_API_VERSION and the service ID (AUTHLETE_SERVICE_APIKEY)"
        }
        429 => "; Authlete is rate-limiting this service, retry later",
        502..=504 => "; Authlete is unavailable right now, retry later",
        500..=599 => "; Authlete failed to process the call, retry later",
        _ => "",
    }
}

impl ApiError {
    /// Whether the failure means Authlete is unavailable right now (unreachable, timing out,
    /// rate-limiting with 429, a gateway answering 502/503/504, or the circuit breaker open), as
    /// opposed to answering something wrong. A resource server answers 503 for these, and 500
    /// for the rest.
    pub fn is_unavailable(&self) -> bool {
        match self {
            ApiError::Transport { .. }
            | ApiError::Timeout { .. }
            | ApiError::CircuitOpen { .. } => true,
            ApiError::Api { status, .. } => matches!(
                *status,
                StatusCode::TOO_MANY_REQUESTS
                    | StatusCode::BAD_GATEWAY
                    | StatusCode::SERVICE_UNAVAILABLE
                    | StatusCode::GATEWAY_TIMEOUT
            ),
            _ => false,
        }
    }

    /// How long the caller should wait before trying again, when the error knows: the remaining
    /// cool-down of an open circuit breaker. A resource server sends it as `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::CircuitOpen { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }

    /// The API that failed, when the error belongs to one call.
    pub fn operation(&self) -> Option<Operation> {
        match self {
            ApiError::Transport { operation, .. }
            | ApiError::Timeout { operation, .. }
            | ApiError::Api { operation, .. }
            | ApiError::InvalidResponse { operation, .. }
            | ApiError::ResponseTooLarge { operation, .. }
            | ApiError::Redirect { operation, .. }
            | ApiError::CircuitOpen { operation, .. }
            | ApiError::Backend { operation, .. } => Some(*operation),
            ApiError::Config(_) => None,
        }
    }
}

/// The body of an HTTP-level error answer: `{"resultCode": "A001202", "resultMessage": "…"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiErrorBody {
    /// E.g. `A001202`. Some examples carry it as a number; both are accepted.
    #[serde(default, deserialize_with = "string_or_number")]
    pub result_code: Option<String>,
    /// E.g. `[A001202] /auth/authorization, Authorization header is missing.`
    #[serde(default)]
    pub result_message: Option<String>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::String(text)) => Some(text),
            Some(serde_json::Value::Number(number)) => Some(number.to_string()),
            _ => None,
        },
    )
}

/// A short, printable beginning of `body` with anything that looks like a credential removed:
/// runs of 16 or more token characters become `…`.
pub(crate) fn safe_excerpt(body: &[u8]) -> String {
    const MAX_CHARS: usize = 80;
    let text = String::from_utf8_lossy(&body[..body.len().min(1024)]);
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 16 {
            out.push('…');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() || "-._~+/=".contains(ch) {
            run.push(ch);
        } else {
            flush(&mut run, &mut out);
            out.push(if ch.is_control() { ' ' } else { ch });
        }
        if out.chars().count() >= MAX_CHARS {
            break;
        }
    }
    flush(&mut run, &mut out);
    out.chars().take(MAX_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_removes_token_like_runs() {
        let body = b"<html>token VFGsNK-5sXiqterdaR7b5QbRX9VTwVCQB87jbr2_xAI is bad</html>";
        let excerpt = safe_excerpt(body);
        assert!(!excerpt.contains("VFGsNK"), "{excerpt}");
        assert!(excerpt.starts_with("<html>token … is bad"), "{excerpt}");
    }

    #[test]
    fn excerpt_is_short() {
        let body = "word ".repeat(1000);
        assert!(safe_excerpt(body.as_bytes()).chars().count() <= 80);
    }

    #[test]
    fn numeric_result_codes_are_accepted() {
        let body: ApiErrorBody =
            serde_json::from_str(r#"{"resultCode":404,"resultMessage":"not found"}"#).unwrap();
        assert_eq!(body.result_code.as_deref(), Some("404"));
    }

    #[test]
    fn unavailable_covers_transport_timeout_and_gateways() {
        let op = Operation::Introspection;
        assert!(
            ApiError::Timeout {
                operation: op,
                after: Duration::from_secs(1)
            }
            .is_unavailable()
        );
        let gateway = ApiError::Api {
            operation: op,
            status: StatusCode::BAD_GATEWAY,
            result_code: None,
            result_message: None,
        };
        assert!(gateway.is_unavailable());
        let denied = ApiError::Api {
            operation: op,
            status: StatusCode::UNAUTHORIZED,
            result_code: Some("A001202".into()),
            result_message: None,
        };
        assert!(!denied.is_unavailable());
        assert_eq!(denied.retry_after(), None);
        let limited = ApiError::Api {
            operation: op,
            status: StatusCode::TOO_MANY_REQUESTS,
            result_code: None,
            result_message: None,
        };
        assert!(limited.is_unavailable());
    }

    #[test]
    fn an_open_breaker_is_unavailable_and_says_when_to_retry() {
        let open = ApiError::CircuitOpen {
            operation: Operation::Introspection,
            retry_after: Duration::from_millis(2500),
        };
        assert!(open.is_unavailable());
        assert_eq!(open.retry_after(), Some(Duration::from_millis(2500)));
        assert_eq!(open.operation(), Some(Operation::Introspection));
        assert!(
            open.to_string().contains("circuit breaker is open"),
            "{open}"
        );
    }
}
