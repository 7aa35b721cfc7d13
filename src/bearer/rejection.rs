//! [`BearerRejection`]: why a request was not let through, as the HTTP answer RFC 6750 asks for.

use std::time::Duration;

use http::header::{CACHE_CONTROL, PRAGMA, RETRY_AFTER, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderName, HeaderValue, Response, StatusCode};

use super::challenge;

/// The `DPoP-Nonce` response header (RFC 9449 §9).
pub(crate) static DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

/// What kind of failure a [`BearerRejection`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionKind {
    /// The request carried no access token: 401 with a bare `Bearer realm="…"` challenge.
    MissingToken,
    /// The credentials were malformed or came from more than one place: 400 `invalid_request`.
    InvalidRequest,
    /// The form body was larger than the configured limit: 413 `invalid_request`.
    PayloadTooLarge,
    /// The token is unknown, expired, revoked or bound to another key: 401 `invalid_token`.
    InvalidToken,
    /// The token lacks a required scope or belongs to another subject: 403.
    InsufficientScope,
    /// The user's authentication behind the token is not the required one (ACR) or too old
    /// (maximum authentication age): 401 `insufficient_user_authentication` (RFC 9470 §3).
    InsufficientUserAuthentication,
    /// Authlete could not be reached or did not answer in time: 503 `server_error`.
    Unavailable,
    /// Authlete's answer could not be understood, or it reported an internal error: 500.
    ServerError,
}

/// A refused request: status, `WWW-Authenticate` challenge and, when Authlete sent one, a
/// `DPoP-Nonce`. Its body is empty, so nothing about the token or the backend leaks.
///
/// Policies ([`BearerPolicy`](super::BearerPolicy)) build one with [`invalid_token`](Self::invalid_token),
/// [`insufficient_scope`](Self::insufficient_scope) or [`invalid_request`](Self::invalid_request);
/// the validator adds the configured realm.
#[derive(Debug, Clone)]
pub struct BearerRejection {
    kind: RejectionKind,
    status: StatusCode,
    challenge: String,
    dpop_nonce: Option<String>,
    retry_after: Option<Duration>,
}

impl BearerRejection {
    pub(crate) fn new(kind: RejectionKind, status: StatusCode, challenge: String) -> Self {
        BearerRejection {
            kind,
            status,
            challenge,
            dpop_nonce: None,
            retry_after: None,
        }
    }

    /// Adds `Retry-After` (e.g. the remaining cool-down of an open circuit breaker).
    pub(crate) fn with_retry_after(mut self, wait: Option<Duration>) -> Self {
        self.retry_after = wait;
        self
    }

    pub(crate) fn with_dpop_nonce(mut self, nonce: Option<String>) -> Self {
        self.dpop_nonce = nonce;
        self
    }

    pub(crate) fn with_realm(mut self, realm: &str) -> Self {
        self.challenge = challenge::ensure_realm(&self.challenge, realm);
        self
    }

    /// Whether the challenge is of the `DPoP` scheme.
    pub(crate) fn is_dpop_challenge(&self) -> bool {
        scheme_of(&self.challenge).eq_ignore_ascii_case("dpop")
    }

    /// The same refusal as a `DPoP` challenge (RFC 9449 §7.1): a `Bearer` challenge gets the
    /// `DPoP` scheme, and `algs` is added when missing.
    pub(crate) fn into_dpop(mut self, algs: &str) -> Self {
        let challenge = self.challenge.trim();
        let scheme = scheme_of(challenge);
        let params = challenge[scheme.len()..].trim_start();
        let dpop = if params.is_empty() {
            String::from("DPoP")
        } else {
            format!("DPoP {params}")
        };
        self.challenge = challenge::append_param(&dpop, "algs", algs);
        self
    }

    /// Adds `resource_metadata="url"` (RFC 9728 §5.1) to a 401 or 403 challenge.
    pub(crate) fn with_resource_metadata(mut self, url: Option<&str>) -> Self {
        if let Some(url) = url
            && matches!(
                self.status,
                StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            )
        {
            self.challenge = challenge::append_param(&self.challenge, "resource_metadata", url);
        }
        self
    }

    pub(crate) fn missing_token(realm: &str) -> Self {
        Self::new(
            RejectionKind::MissingToken,
            StatusCode::UNAUTHORIZED,
            challenge::build("Bearer", realm, &[]),
        )
    }

    /// 400 `invalid_request` with a description (keep it free of token values).
    pub fn invalid_request(description: &str) -> Self {
        Self::new(
            RejectionKind::InvalidRequest,
            StatusCode::BAD_REQUEST,
            challenge::build(
                "Bearer",
                "",
                &[
                    ("error", "invalid_request"),
                    ("error_description", description),
                ],
            ),
        )
    }

    pub(crate) fn payload_too_large() -> Self {
        Self::new(
            RejectionKind::PayloadTooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
            challenge::build(
                "Bearer",
                "",
                &[
                    ("error", "invalid_request"),
                    ("error_description", "The request body is too large."),
                ],
            ),
        )
    }

    /// 401 `invalid_token` with a description.
    pub fn invalid_token(description: &str) -> Self {
        Self::new(
            RejectionKind::InvalidToken,
            StatusCode::UNAUTHORIZED,
            challenge::build(
                "Bearer",
                "",
                &[
                    ("error", "invalid_token"),
                    ("error_description", description),
                ],
            ),
        )
    }

    /// 403 `insufficient_scope`, naming the scopes the resource needs (space separated; may be
    /// empty) and a description.
    pub fn insufficient_scope(scope: &str, description: &str) -> Self {
        Self::new(
            RejectionKind::InsufficientScope,
            StatusCode::FORBIDDEN,
            challenge::build(
                "Bearer",
                "",
                &[
                    ("error", "insufficient_scope"),
                    ("error_description", description),
                    ("scope", scope),
                ],
            ),
        )
    }

    /// 401 `insufficient_user_authentication` (RFC 9470 §3), naming the ACR values one of which
    /// the authentication must satisfy (space separated, in order of preference; may be empty)
    /// and the maximum authentication age in seconds, when there is one.
    pub fn insufficient_user_authentication(
        acr_values: &str,
        max_age: Option<u64>,
        description: &str,
    ) -> Self {
        let max_age = max_age
            .map(|seconds| seconds.to_string())
            .unwrap_or_default();
        Self::new(
            RejectionKind::InsufficientUserAuthentication,
            StatusCode::UNAUTHORIZED,
            challenge::build(
                "Bearer",
                "",
                &[
                    ("error", "insufficient_user_authentication"),
                    ("error_description", description),
                    ("acr_values", acr_values),
                    ("max_age", &max_age),
                ],
            ),
        )
    }

    pub(crate) fn server_error(kind: RejectionKind) -> Self {
        let (status, description) = match kind {
            RejectionKind::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "The authorization server is unavailable.",
            ),
            _ => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The access token could not be validated.",
            ),
        };
        Self::new(
            kind,
            status,
            challenge::build(
                "Bearer",
                "",
                &[
                    ("error", "server_error"),
                    ("error_description", description),
                ],
            ),
        )
    }

    /// The kind of failure.
    pub fn kind(&self) -> RejectionKind {
        self.kind
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `WWW-Authenticate` value.
    pub fn www_authenticate(&self) -> &str {
        &self.challenge
    }

    /// How long the client should wait before trying again, when known (sent as `Retry-After`
    /// in whole seconds, at least 1).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The `DPoP-Nonce` Authlete asked the client to use, if any.
    pub fn dpop_nonce(&self) -> Option<&str> {
        self.dpop_nonce.as_deref()
    }

    /// The response headers: `WWW-Authenticate`, `Cache-Control: no-store`, `Pragma: no-cache`,
    /// `Retry-After` when the authorization server is unavailable (the breaker's remaining
    /// cool-down, or [`RETRY_AFTER_SECONDS`](crate::handler::RETRY_AFTER_SECONDS)), and
    /// `DPoP-Nonce` when present. A challenge that is not a valid header value (Authlete's
    /// text with control characters) is replaced by a plain one of the same kind.
    pub fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(4);
        let challenge = HeaderValue::from_str(&self.challenge).unwrap_or_else(|_| {
            let fallback = match self.kind {
                RejectionKind::InsufficientScope => r#"Bearer error="insufficient_scope""#,
                RejectionKind::InvalidToken => r#"Bearer error="invalid_token""#,
                RejectionKind::InsufficientUserAuthentication => {
                    r#"Bearer error="insufficient_user_authentication""#
                }
                RejectionKind::MissingToken => "Bearer",
                RejectionKind::InvalidRequest | RejectionKind::PayloadTooLarge => {
                    r#"Bearer error="invalid_request""#
                }
                RejectionKind::Unavailable | RejectionKind::ServerError => {
                    r#"Bearer error="server_error""#
                }
            };
            HeaderValue::from_static(fallback)
        });
        headers.insert(WWW_AUTHENTICATE, challenge);
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
        if self.kind == RejectionKind::Unavailable {
            headers.insert(
                RETRY_AFTER,
                HeaderValue::from(crate::handler::RETRY_AFTER_SECONDS),
            );
        }
        if let Some(nonce) = self
            .dpop_nonce
            .as_deref()
            .and_then(|nonce| HeaderValue::from_str(nonce).ok())
        {
            headers.insert(DPOP_NONCE.clone(), nonce);
        }
        if let Some(wait) = self.retry_after {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds.max(1)));
        }
        headers
    }

    /// The answer as an `http::Response` with an empty body.
    pub fn to_response<B: Default>(&self) -> Response<B> {
        let mut response = Response::new(B::default());
        *response.status_mut() = self.status;
        *response.headers_mut() = self.headers();
        response
    }
}

/// The auth-scheme of a challenge: its first token.
fn scheme_of(challenge: &str) -> &str {
    let challenge = challenge.trim_start();
    challenge.split([' ', '\t']).next().unwrap_or_default()
}

impl std::fmt::Display for BearerRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "access token rejected ({:?}, HTTP {})",
            self.kind, self.status
        )
    }
}

impl std::error::Error for BearerRejection {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_carry_challenge_no_store_and_nonce() {
        let rejection = BearerRejection::invalid_token("expired")
            .with_realm("api")
            .with_dpop_nonce(Some("n-1".into()));
        let response: Response<()> = rejection.to_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            response.headers()[WWW_AUTHENTICATE],
            r#"Bearer realm="api", error="invalid_token", error_description="expired""#
        );
        assert_eq!(response.headers()[CACHE_CONTROL], "no-store");
        assert_eq!(response.headers()[PRAGMA], "no-cache");
        assert_eq!(response.headers()["dpop-nonce"], "n-1");
    }

    #[test]
    fn dpop_challenges_get_the_scheme_and_algs() {
        let bearer = BearerRejection::invalid_token("gone").with_realm("api");
        assert!(!bearer.is_dpop_challenge());
        let dpop = bearer.into_dpop("ES256 EdDSA");
        assert!(dpop.is_dpop_challenge());
        assert_eq!(
            dpop.www_authenticate(),
            r#"DPoP realm="api", error="invalid_token", error_description="gone", algs="ES256 EdDSA""#
        );
        let already = BearerRejection::new(
            RejectionKind::InvalidToken,
            StatusCode::UNAUTHORIZED,
            r#"DPoP error="invalid_token", algs="ES256""#.into(),
        )
        .into_dpop("PS256");
        assert_eq!(
            already.www_authenticate(),
            r#"DPoP error="invalid_token", algs="ES256""#
        );
        let bare = BearerRejection::missing_token("").into_dpop("ES256");
        assert_eq!(bare.www_authenticate(), r#"DPoP algs="ES256""#);
    }

    #[test]
    fn retry_after_is_whole_seconds_rounded_up_and_at_least_one() {
        let unavailable = BearerRejection::server_error(RejectionKind::Unavailable);
        assert_eq!(unavailable.headers()[RETRY_AFTER], "5", "the default wait");
        for (wait, header) in [(0, "1"), (1, "1"), (1001, "2"), (5000, "5")] {
            let rejection = unavailable
                .clone()
                .with_retry_after(Some(Duration::from_millis(wait)));
            assert_eq!(rejection.headers()[RETRY_AFTER], header, "{wait} ms");
        }
    }

    #[test]
    fn an_invalid_header_value_falls_back_to_a_plain_challenge() {
        let rejection = BearerRejection::new(
            RejectionKind::InvalidToken,
            StatusCode::UNAUTHORIZED,
            "Bearer error=\"x\"\r\nInjected: yes".into(),
        );
        assert_eq!(
            rejection.headers()[WWW_AUTHENTICATE],
            r#"Bearer error="invalid_token""#
        );
    }
}
