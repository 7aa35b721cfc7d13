//! How failures become answers: every failure of the backend or of the application is logged
//! (without secrets) and answered `500 {"error":"server_error"}` — except a backend that is
//! unavailable right now (unreachable, timing out, or answering 502/503/504, e.g. a full local
//! backend's `503 A000503`), which is `503 {"error":"temporarily_unavailable"}` with `Retry-After`.

use std::fmt::Debug;

use http::StatusCode;

use super::response::AuthleteResponse;
use super::spi::SpiError;
use crate::api::ApiError;

/// A call to Authlete failed: `503` with `Retry-After` when Authlete is unavailable
/// ([`ApiError::is_unavailable`]), `500` for everything else (an answer that cannot be understood,
/// refused API credentials, …).
pub(crate) fn api_failure(endpoint: &'static str, error: &ApiError) -> AuthleteResponse {
    if error.is_unavailable() {
        tracing::warn!(endpoint, %error, "Authlete is unavailable");
        AuthleteResponse::unavailable()
    } else {
        tracing::error!(endpoint, %error, "the Authlete call failed");
        AuthleteResponse::server_error()
    }
}

/// The application failed.
pub(crate) fn spi_failure(endpoint: &'static str, error: &SpiError) -> AuthleteResponse {
    tracing::error!(endpoint, %error, "the application failed");
    AuthleteResponse::server_error()
}

/// Authlete answered an action this handler does not know (or none).
pub(crate) fn unexpected<A: Debug>(endpoint: &'static str, action: &Option<A>) -> AuthleteResponse {
    tracing::error!(endpoint, ?action, "Authlete answered an unexpected action");
    AuthleteResponse::server_error()
}

/// Authlete reported an internal error through the action.
pub(crate) fn internal_error(
    endpoint: &'static str,
    result_message: Option<&str>,
) -> AuthleteResponse {
    tracing::error!(
        endpoint,
        result_message,
        "Authlete reported an internal server error"
    );
    AuthleteResponse::server_error()
}

/// The `responseContent` an action needs; its absence is a malformed answer.
#[allow(
    clippy::result_large_err,
    reason = "the error is the answer itself, built once per request"
)]
pub(crate) fn content(
    endpoint: &'static str,
    content: Option<String>,
) -> Result<String, AuthleteResponse> {
    content.ok_or_else(|| {
        tracing::error!(
            endpoint,
            "Authlete's answer lacks the responseContent its action needs"
        );
        AuthleteResponse::server_error()
    })
}

/// `responseContent` as a JSON answer with `status`.
pub(crate) fn json(
    endpoint: &'static str,
    status: StatusCode,
    response_content: Option<String>,
) -> AuthleteResponse {
    match content(endpoint, response_content) {
        Ok(body) => AuthleteResponse::json(status, body),
        Err(answer) => answer,
    }
}

/// `responseContent` as a JSON error answer with `status` and a `WWW-Authenticate` challenge.
pub(crate) fn json_challenge(
    endpoint: &'static str,
    status: StatusCode,
    response_content: Option<String>,
    challenge: &str,
) -> AuthleteResponse {
    match content(endpoint, response_content) {
        Ok(body) => AuthleteResponse::json(status, body).with_www_authenticate(challenge),
        Err(answer) => answer,
    }
}

/// A 400 `invalid_request` for a request the handler cannot even pass on.
pub(crate) fn invalid_request(description: &str) -> AuthleteResponse {
    AuthleteResponse::oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// A 401 `invalid_client` with a Basic challenge.
pub(crate) fn invalid_client(realm: &str, description: &str) -> AuthleteResponse {
    AuthleteResponse::oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
        .with_www_authenticate(&format!("Basic realm=\"{realm}\""))
}
