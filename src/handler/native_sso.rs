//! OpenID Connect Native SSO for Mobile Apps 1.0 at the token endpoint: when `/auth/token` answers
//! `NATIVE_SSO`, the handler asks a [`NativeSsoSpi`] whether the user's authentication session is
//! alive, issues a device secret for a new login (or checks the presented one against the ID
//! token's `ds_hash` for the token exchange of a second application), then calls Authlete's
//! `/nativesso` for the token response with `device_secret` and an ID token carrying `sid` and
//! `ds_hash`. [`AuthorizationServer::native_sso_logout`] ends every token of a session.
//!
//! ```
//! use std::sync::Arc;
//! use authlete_tower::{AuthleteApi, AuthorizationServer};
//! use authlete_tower::handler::{Family, InteractionSpi, NativeSsoSpi, SpiError, UserSpi};
//!
//! struct Sessions;
//!
//! impl NativeSsoSpi for Sessions {
//!     async fn is_session_alive(&self, session_id: &str, subject: Option<&str>) -> Result<bool, SpiError> {
//!         // Look the session up in the application's session store.
//!         Ok(session_id == "sid-1" && subject == Some("1001"))
//!     }
//! }
//!
//! # fn run(api: Arc<dyn AuthleteApi>, app: impl UserSpi + InteractionSpi) {
//! let server = AuthorizationServer::new(api, app).with_native_sso(Sessions);
//! assert!(server.mounts(Family::NativeSso)); // discovery says "native_sso_supported": true
//! # }
//! ```
//!
//! The session ID reaches Authlete at `/auth/authorization/issue` from
//! [`AuthenticatedUser::session_id`](super::AuthenticatedUser::session_id). A refused request
//! (session ended, device secret wrong or missing) answers `400 invalid_grant`; without the SPI
//! (or with [`Family::NativeSso`](super::Family::NativeSso) left out) the token exchange form
//! answers `400 unsupported_grant_type` and a login that asked for `device_sso` a `500
//! server_error`, since Authlete's service enables Native SSO that the application does not serve.

use std::future::Future;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::outcome;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use super::spi::SpiError;
use crate::dto::{
    NativeSsoAction, NativeSsoLogoutAction, NativeSsoLogoutRequest, NativeSsoRequest, TokenResponse,
};

const ENDPOINT: &str = "token";

/// The token type identifier of a device secret (Native SSO 1.0 §7.2), the `actor_token_type`
/// of the token exchange of a second application.
pub const DEVICE_SECRET_TOKEN_TYPE: &str = "urn:openid:params:token-type:device-secret";

/// The scope that asks for a device secret (Native SSO 1.0 §3.1).
pub const DEVICE_SSO_SCOPE: &str = "device_sso";

/// What only the application knows for Native SSO: whether a session is alive, how device
/// secrets are hashed, and extra claims of the ID token.
///
/// Implement it with plain `async fn`s; the futures must be `Send` (the compiler checks it).
pub trait NativeSsoSpi: Send + Sync + 'static {
    /// Whether the user's authentication session `session_id` (the `sid` the application gave
    /// at `/auth/authorization/issue`) is still alive for `subject` (the token's resource owner,
    /// when Authlete names one). A `false` answers the client `400 invalid_grant`.
    fn is_session_alive(
        &self,
        session_id: &str,
        subject: Option<&str>,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send;

    /// The hash of a device secret that the ID token carries as `ds_hash`. The default is
    /// Authlete's own: base64url (no padding) of its SHA-256. Override it to bind more (a
    /// keyed hash, a device identifier); the same function must verify what it hashed.
    fn device_secret_hash(&self, device_secret: &str) -> String {
        default_device_secret_hash(device_secret)
    }

    /// Extra claims of the ID token, a JSON object (`{"name":"Alice"}`), for `request` (the
    /// `NATIVE_SSO` answer of `/auth/token`: `subject`, `scopes`, `client_id`). The default adds
    /// none.
    fn id_token_claims(
        &self,
        request: &TokenResponse,
    ) -> impl Future<Output = Result<Option<serde_json::Map<String, serde_json::Value>>, SpiError>> + Send
    {
        let _ = request;
        std::future::ready(Ok(None))
    }
}

/// base64url (no padding) of the SHA-256 of `device_secret`: what Authlete computes for `ds_hash`
/// when `/nativesso` is given no `deviceSecretHash`.
pub fn default_device_secret_hash(device_secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(device_secret.as_bytes()))
}

/// A new device secret: 256 bits from the operating system's generator, base64url.
fn new_device_secret() -> Result<String, SpiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|error| SpiError::new(format!("no random device secret: {error}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// Whether `actual` and `expected` are the same string, in time independent of their content.
fn same(actual: &str, expected: &str) -> bool {
    actual.len() == expected.len() && bool::from(actual.as_bytes().ct_eq(expected.as_bytes()))
}

fn invalid_grant(description: &str) -> AuthleteResponse {
    AuthleteResponse::oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

/// Why [`AuthorizationServer::native_sso_logout`] ended no session.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NativeSsoLogoutError {
    /// The `/nativesso/logout` call failed.
    #[error("/nativesso/logout failed: {0}")]
    Api(#[from] crate::api::ApiError),
    /// Authlete answered an action other than `OK`.
    #[error("/nativesso/logout answered {action:?}")]
    Refused {
        /// The action it answered.
        action: Option<NativeSsoLogoutAction>,
        /// Its `resultMessage`.
        result_message: Option<String>,
    },
}

impl AuthorizationServer {
    /// The Native SSO hooks, unless [`Family::NativeSso`](super::Family::NativeSso) was left out.
    fn native_sso_spi(&self) -> Option<&dyn super::erased::DynNativeSsoSpi> {
        self.inner
            .native_sso
            .as_deref()
            .filter(|_| self.mounts(super::Family::NativeSso))
    }

    /// Answers a `NATIVE_SSO` answer of `/auth/token` (see the [module docs](self)).
    pub(crate) async fn native_sso_answer(&self, response: &TokenResponse) -> AuthleteResponse {
        let exchange = response.device_secret.is_some()
            || response.grant_type.as_deref() == Some("TOKEN_EXCHANGE");
        let Some(spi) = self.native_sso_spi() else {
            if exchange {
                return AuthleteResponse::oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unsupported_grant_type",
                    "The authorization server does not support this grant type.",
                );
            }
            tracing::error!(
                endpoint = ENDPOINT,
                "Authlete asked for Native SSO, but the server has no NativeSsoSpi"
            );
            return AuthleteResponse::server_error();
        };
        let Some(session_id) = response.session_id.as_deref().filter(|id| !id.is_empty()) else {
            tracing::error!(
                endpoint = ENDPOINT,
                "Authlete's NATIVE_SSO answer names no session"
            );
            return AuthleteResponse::server_error();
        };
        match spi
            .is_session_alive(session_id, response.subject.as_deref())
            .await
        {
            Ok(true) => {}
            Ok(false) => return invalid_grant("The authentication session has ended."),
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        }
        let (device_secret, device_secret_hash) = if exchange {
            // The second application's token exchange: the device secret it presented must be
            // the one whose hash the (Authlete-verified) ID token carries.
            let secret = response.device_secret.clone().unwrap_or_default();
            let Some(expected) = response.device_secret_hash.as_deref() else {
                return invalid_grant("The ID token carries no device secret hash.");
            };
            let hash = spi.device_secret_hash(&secret);
            if secret.is_empty() || !same(&hash, expected) {
                return invalid_grant("The device secret does not match the ID token.");
            }
            (secret, hash)
        } else {
            let secret = match new_device_secret() {
                Ok(secret) => secret,
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            };
            let hash = spi.device_secret_hash(&secret);
            (secret, hash)
        };
        let claims = match spi.id_token_claims(response).await {
            Ok(claims) => claims.filter(|claims| !claims.is_empty()),
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let Some(access_token) = response
            .jwt_access_token
            .clone()
            .or_else(|| response.access_token.clone())
        else {
            tracing::error!(
                endpoint = ENDPOINT,
                "Authlete's NATIVE_SSO answer carries no access token"
            );
            return AuthleteResponse::server_error();
        };
        let mut request = NativeSsoRequest::new(access_token, device_secret);
        request.refresh_token = response.refresh_token.clone();
        request.device_secret_hash = Some(device_secret_hash);
        request.claims = claims.map(|claims| serde_json::Value::Object(claims).to_string());
        let answer = match self.inner.api.native_sso(request).await {
            Ok(answer) => answer,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match answer.action {
            Some(NativeSsoAction::Ok) => {
                outcome::json(ENDPOINT, StatusCode::OK, answer.response_content)
            }
            Some(NativeSsoAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, answer.result_message.as_deref())
            }
            Some(NativeSsoAction::CallerError) => {
                tracing::error!(
                    endpoint = ENDPOINT,
                    result_message = answer.result_message.as_deref(),
                    "Authlete refused the /nativesso call"
                );
                AuthleteResponse::server_error()
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }

    /// Logs the user out of every application of a Native SSO session: Authlete's
    /// `/nativesso/logout` deletes the access and refresh tokens bound to `session_id`. Answers
    /// how many it deleted. Call it when the session ends (the application's logout).
    pub async fn native_sso_logout(&self, session_id: &str) -> Result<u64, NativeSsoLogoutError> {
        let answer = self
            .inner
            .api
            .native_sso_logout(NativeSsoLogoutRequest::new(session_id))
            .await?;
        match answer.action {
            Some(NativeSsoLogoutAction::Ok) => Ok(answer
                .count
                .and_then(|n| u64::try_from(n).ok())
                .unwrap_or(0)),
            action => {
                tracing::error!(
                    action = ?action,
                    result_message = answer.result_message.as_deref(),
                    "/nativesso/logout ended no session"
                );
                Err(NativeSsoLogoutError::Refused {
                    action,
                    result_message: answer.result_message,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_hash_is_base64url_sha256() {
        // SHA-256("my-ds"), as the ds_hash of the specification's /nativesso example.
        assert_eq!(
            default_device_secret_hash("my-ds"),
            "sInZSacYnFDucWprDjfkXxCQf_fXhlT65d7nKEX7768"
        );
    }

    #[test]
    fn device_secrets_are_long_and_fresh() {
        let first = new_device_secret().unwrap();
        let second = new_device_secret().unwrap();
        assert_eq!(first.len(), 43);
        assert_ne!(first, second);
    }

    #[test]
    fn comparison_needs_the_same_bytes() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
        assert!(!same("", "a"));
    }
}
