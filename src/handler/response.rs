//! [`AuthleteResponse`]: the framework-neutral answer every endpoint handler returns.
//!
//! ```
//! use authlete_tower::AuthleteResponse;
//! use http::StatusCode;
//!
//! let answer = AuthleteResponse::json(StatusCode::BAD_REQUEST, r#"{"error":"invalid_request"}"#)
//!     .with_dpop_nonce(Some("nonce-1"));
//! assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
//! assert_eq!(answer.headers()["cache-control"], "no-store");
//! assert_eq!(answer.headers()["pragma"], "no-cache");
//! assert_eq!(answer.headers()["dpop-nonce"], "nonce-1");
//! ```

use bytes::Bytes;
use http::header::{
    CACHE_CONTROL, CONTENT_TYPE, HeaderName, HeaderValue, LOCATION, PRAGMA, RETRY_AFTER,
    WWW_AUTHENTICATE,
};
use http::{HeaderMap, StatusCode};

/// The `Retry-After` (seconds) of [`AuthleteResponse::unavailable`].
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// The `DPoP-Nonce` header (RFC 9449 §8).
pub const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

/// An endpoint's answer: status, headers and body, independent of any web framework.
///
/// Every constructor sets `Cache-Control: no-store` and `Pragma: no-cache`. With feature `axum`
/// it implements axum's `IntoResponse`; with feature `actix` it implements actix-web's `Responder`
/// (see [`crate::handler::actix`]).
#[derive(Clone, PartialEq, Eq)]
pub struct AuthleteResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl std::fmt::Debug for AuthleteResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The body may hold tokens: show its length only.
        f.debug_struct("AuthleteResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl AuthleteResponse {
    /// An answer with `status`, the no-cache headers and an empty body.
    pub fn new(status: StatusCode) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
        Self {
            status,
            headers,
            body: Bytes::new(),
        }
    }

    /// An answer whose body has the given content type.
    pub fn with_content(
        status: StatusCode,
        content_type: &'static str,
        body: impl Into<Bytes>,
    ) -> Self {
        let mut answer = Self::new(status);
        answer
            .headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        answer.body = body.into();
        answer
    }

    /// `application/json;charset=UTF-8`.
    pub fn json(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::with_content(status, "application/json;charset=UTF-8", body)
    }

    /// `text/html;charset=UTF-8` (e.g. a `form_post` page or a login page).
    pub fn html(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::with_content(status, "text/html;charset=UTF-8", body)
    }

    /// `application/jwt` (a signed UserInfo answer).
    pub fn jwt(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self::with_content(status, "application/jwt", body)
    }

    /// `302 Found` with `Location: location`. A location that is not a valid header value
    /// (it never is, coming from Authlete) becomes a 500.
    pub fn redirect(location: &str) -> Self {
        match HeaderValue::from_str(location) {
            Ok(value) => {
                let mut answer = Self::new(StatusCode::FOUND);
                answer.headers.insert(LOCATION, value);
                answer
            }
            Err(_) => {
                tracing::error!("the redirect location is not a valid header value");
                Self::server_error()
            }
        }
    }

    /// `500` with `{"error":"server_error"}`: the only thing a client ever learns about a failure
    /// of the backend or of the application.
    pub fn server_error() -> Self {
        Self::json(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"error":"server_error"}"#,
        )
    }

    /// `503` with `Retry-After: 5` ([`RETRY_AFTER_SECONDS`]) and
    /// `{"error":"temporarily_unavailable",…}` (RFC 6749 §4.1.2.1): Authlete cannot be reached or
    /// is overloaded right now. The body names no backend, host or cause.
    pub fn unavailable() -> Self {
        Self::oauth_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            "The authorization server is temporarily unavailable; retry later.",
        )
        .with_header(RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS))
    }

    /// An OAuth error answer: `{"error": code, "error_description": description}` as JSON.
    pub fn oauth_error(status: StatusCode, code: &str, description: &str) -> Self {
        let body = serde_json::json!({ "error": code, "error_description": description });
        Self::json(status, body.to_string())
    }

    /// Adds `DPoP-Nonce: nonce` when there is one.
    pub fn with_dpop_nonce(mut self, nonce: Option<&str>) -> Self {
        if let Some(value) = nonce.and_then(|nonce| HeaderValue::from_str(nonce).ok()) {
            self.headers.insert(DPOP_NONCE, value);
        }
        self
    }

    /// Adds `WWW-Authenticate: challenge`; a value that is not a valid header value is dropped.
    pub fn with_www_authenticate(self, challenge: &str) -> Self {
        match HeaderValue::from_str(challenge) {
            Ok(value) => self.with_header(WWW_AUTHENTICATE, value),
            Err(_) => {
                tracing::warn!("dropped a WWW-Authenticate value that is not a valid header value");
                self
            }
        }
    }

    /// Sets (replaces) a header.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers, to add one.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Status, headers and body, to build another framework's response.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Bytes) {
        (self.status, self.headers, self.body)
    }

    /// This answer as an `http::Response`.
    pub fn into_http(self) -> http::Response<Bytes> {
        let mut response = http::Response::new(self.body);
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

#[cfg(feature = "axum")]
impl axum_core::response::IntoResponse for AuthleteResponse {
    fn into_response(self) -> axum_core::response::Response {
        let mut response =
            axum_core::response::Response::new(axum_core::body::Body::from(self.body));
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers;
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_constructor_forbids_caching() {
        for answer in [
            AuthleteResponse::new(StatusCode::OK),
            AuthleteResponse::json(StatusCode::OK, "{}"),
            AuthleteResponse::html(StatusCode::OK, "<p>"),
            AuthleteResponse::jwt(StatusCode::OK, "a.b.c"),
            AuthleteResponse::redirect("https://client.example/cb?code=x"),
            AuthleteResponse::server_error(),
            AuthleteResponse::unavailable(),
        ] {
            assert_eq!(answer.headers()[CACHE_CONTROL], "no-store");
            assert_eq!(answer.headers()[PRAGMA], "no-cache");
        }
    }

    #[test]
    fn an_invalid_location_is_a_server_error() {
        let answer = AuthleteResponse::redirect("https://x/\n");
        assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(answer.body().as_ref(), br#"{"error":"server_error"}"#);
    }

    #[test]
    fn dpop_nonce_is_added_only_when_present() {
        let without = AuthleteResponse::new(StatusCode::OK).with_dpop_nonce(None);
        assert!(without.headers().get(DPOP_NONCE).is_none());
        let with = AuthleteResponse::new(StatusCode::OK).with_dpop_nonce(Some("n"));
        assert_eq!(with.headers()[DPOP_NONCE], "n");
    }

    #[test]
    fn debug_does_not_show_the_body() {
        let answer = AuthleteResponse::json(StatusCode::OK, r#"{"access_token":"secret-value"}"#);
        assert!(!format!("{answer:?}").contains("secret-value"));
    }
}
