//! [`ExtensionGrantIssuer`]: how a [`GrantSpi`](super::GrantSpi) hook issues the token of a token
//! exchange (RFC 8693) or a JWT bearer grant (RFC 7523) once it has decided to: Authlete's
//! `/auth/token/create`, then the token response of RFC 8693 §2.2.1 (with `issued_token_type`) or
//! RFC 6749 §5.1.
//!
//! ```no_run
//! use std::sync::Arc;
//! use authlete_tower::{AuthleteApi, AuthleteResponse};
//! use authlete_tower::dto::TokenResponse;
//! use authlete_tower::handler::{ExtensionGrantIssuer, GrantSpi, GrantedToken, SpiError};
//! use authlete_tower::handler::extension_grant::{assertion_subject, subject_token_subject};
//! use http::StatusCode;
//!
//! struct Grants {
//!     issuer: ExtensionGrantIssuer,
//! }
//!
//! impl GrantSpi for Grants {
//!     async fn token_exchange(&self, request: &TokenResponse) -> Result<Option<AuthleteResponse>, SpiError> {
//!         // Authlete validated the subject token; the policy is the application's.
//!         let Some(subject) = subject_token_subject(request) else {
//!             return Ok(Some(AuthleteResponse::oauth_error(
//!                 StatusCode::BAD_REQUEST, "invalid_request", "The subject token names no subject.")));
//!         };
//!         let token = GrantedToken::for_subject(subject);
//!         Ok(Some(self.issuer.issue(request, token).await.unwrap_or_else(|error| error.into_response())))
//!     }
//!
//!     async fn jwt_bearer(&self, request: &TokenResponse) -> Result<Option<AuthleteResponse>, SpiError> {
//!         // Verify the assertion's signature here unless its issuer is one Authlete knows.
//!         let subject = assertion_subject(request).unwrap_or_default();
//!         let token = GrantedToken::for_subject(subject).scopes(["profile"]);
//!         Ok(Some(self.issuer.issue(request, token).await.unwrap_or_else(|error| error.into_response())))
//!     }
//! }
//!
//! # fn build(api: Arc<dyn AuthleteApi>) -> Grants {
//! Grants { issuer: ExtensionGrantIssuer::new(api) }
//! # }
//! ```
//!
//! The token is created for the client that made the request, with the request's scopes and
//! resources unless [`GrantedToken`] says otherwise, and answered `200` with `Cache-Control:
//! no-store`; a refresh token is in the answer when Authlete created one. A failure is an
//! [`IssueError`], whose [`into_response`](IssueError::into_response) is the answer the client
//! gets: `503` with `Retry-After` when Authlete is unavailable, else `500 server_error`, the
//! detail in the log only. The token is a bearer token: `/auth/token`'s answer to these grants
//! does not say which DPoP key or certificate the request proved, so nothing binds it.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;
use serde_json::{Map, Value};

use super::outcome;
use super::response::AuthleteResponse;
use crate::api::{ApiError, AuthleteApi};
use crate::dto::{
    GrantType, Property, TokenAction, TokenCreateAction, TokenCreateRequest, TokenResponse,
    TokenType,
};

/// The token type identifier of an access token (RFC 8693 §3), the `issued_token_type` of every
/// token exchange answer made here.
pub const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

/// What the token of an extension grant is for: by default the request's client, scopes and
/// resources, for [`subject`](Self::subject).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct GrantedToken {
    /// The resource owner the token is for; `None` for a token of the client itself.
    pub subject: Option<String>,
    /// The scopes; `None`: those of the token request.
    pub scopes: Option<Vec<String>>,
    /// The resources (RFC 8707); `None`: those of the token request.
    pub resources: Option<Vec<String>>,
    /// How long the access token lives; `None`: the service's default.
    pub access_token_duration: Option<Duration>,
    /// Extra properties of the token.
    pub properties: Vec<Property>,
}

impl GrantedToken {
    /// A token for the resource owner `subject`.
    pub fn for_subject(subject: impl Into<String>) -> Self {
        Self {
            subject: Some(subject.into()),
            ..Self::default()
        }
    }

    /// Grants these scopes instead of the requested ones.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Targets these resources instead of the requested ones.
    pub fn resources<S: Into<String>>(mut self, resources: impl IntoIterator<Item = S>) -> Self {
        self.resources = Some(resources.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the access token's lifetime.
    pub fn access_token_duration(mut self, duration: Duration) -> Self {
        self.access_token_duration = Some(duration);
        self
    }

    /// Adds an extra property.
    pub fn property(mut self, property: Property) -> Self {
        self.properties.push(property);
        self
    }
}

/// Why [`ExtensionGrantIssuer::issue`] issued nothing.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IssueError {
    /// The token answer is neither `TOKEN_EXCHANGE` nor `JWT_BEARER`.
    #[error("the token answer is not a token exchange or JWT bearer action")]
    NotAnExtensionGrant,
    /// The token answer names no client to issue the token to.
    #[error("the token answer names no client")]
    NoClient,
    /// The `/auth/token/create` call failed.
    #[error("/auth/token/create failed: {0}")]
    Api(#[from] ApiError),
    /// `/auth/token/create` answered an action other than `OK`, or no access token.
    #[error("/auth/token/create answered {action:?} without a token")]
    Refused {
        /// The action it answered.
        action: Option<TokenCreateAction>,
        /// Its `resultMessage`.
        result_message: Option<String>,
    },
}

impl IssueError {
    /// The answer for the client: `503 temporarily_unavailable` with `Retry-After` when Authlete
    /// is unavailable, else `500 server_error`. The detail is logged, never sent.
    pub fn into_response(self) -> AuthleteResponse {
        match &self {
            IssueError::Api(error) => outcome::api_failure("token", error),
            other => {
                tracing::error!(endpoint = "token", error = %other, "the extension grant's token was not issued");
                AuthleteResponse::server_error()
            }
        }
    }
}

/// Issues tokens for [`GrantSpi`](super::GrantSpi) hooks through `/auth/token/create` (see the
/// [module docs](self)). Cheap to clone.
#[derive(Clone)]
pub struct ExtensionGrantIssuer {
    api: Arc<dyn AuthleteApi>,
}

impl std::fmt::Debug for ExtensionGrantIssuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtensionGrantIssuer")
            .finish_non_exhaustive()
    }
}

impl ExtensionGrantIssuer {
    /// An issuer that calls `api` (the authorization server's own).
    pub fn new(api: Arc<dyn AuthleteApi>) -> Self {
        Self { api }
    }

    /// Creates the token for `request` (a `TOKEN_EXCHANGE` or `JWT_BEARER` answer of
    /// `/auth/token`) and answers the client: RFC 8693 §2.2.1 JSON with `issued_token_type` for
    /// a token exchange, RFC 6749 §5.1 JSON for a JWT bearer grant.
    pub async fn issue(
        &self,
        request: &TokenResponse,
        token: GrantedToken,
    ) -> Result<AuthleteResponse, IssueError> {
        let (grant_type, issued_token_type) = match request.action {
            Some(TokenAction::TokenExchange) => (GrantType::TokenExchange, Some(ACCESS_TOKEN_TYPE)),
            Some(TokenAction::JwtBearer) => (GrantType::JwtBearer, None),
            _ => return Err(IssueError::NotAnExtensionGrant),
        };
        let client_id = request
            .client_id
            .filter(|id| *id != 0)
            .ok_or(IssueError::NoClient)?;
        let mut create = TokenCreateRequest::new(grant_type, client_id);
        create.subject = token.subject;
        create.scopes = token.scopes.or_else(|| request.scopes.clone());
        create.resources = token.resources.or_else(|| request.resources.clone());
        create.access_token_duration = token
            .access_token_duration
            .map(|duration| i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        create.properties = (!token.properties.is_empty()).then_some(token.properties);
        let created = self.api.token_create(create).await?;
        let access_token = created
            .jwt_access_token
            .clone()
            .or_else(|| created.access_token.clone())
            .filter(|_| created.action == Some(TokenCreateAction::Ok));
        let Some(access_token) = access_token else {
            return Err(IssueError::Refused {
                action: created.action,
                result_message: created.result_message,
            });
        };
        let mut body = Map::new();
        body.insert("access_token".into(), Value::from(access_token));
        if let Some(issued) = issued_token_type {
            body.insert("issued_token_type".into(), Value::from(issued));
        }
        body.insert(
            "token_type".into(),
            Value::from(created.token_type.unwrap_or_else(|| "Bearer".to_owned())),
        );
        if let Some(expires_in) = created.expires_in {
            body.insert("expires_in".into(), Value::from(expires_in));
        }
        if let Some(scopes) = created.scopes.filter(|scopes| !scopes.is_empty()) {
            body.insert("scope".into(), Value::from(scopes.join(" ")));
        }
        if let Some(refresh) = created.refresh_token.filter(|token| !token.is_empty()) {
            body.insert("refresh_token".into(), Value::from(refresh));
        }
        Ok(AuthleteResponse::json(
            StatusCode::OK,
            Value::Object(body).to_string(),
        ))
    }
}

/// The subject of a token exchange's subject token: the `subject` of its `TokenInfo` for an
/// access or refresh token, the `sub` claim of a JWT or an ID token; `None` for other types (SAML)
/// and for a token without one (a client credentials token). Authlete verified the signature of
/// an ID token, not that of a `jwt` (unless the local backend knows its issuer): check it before
/// trusting its `sub`.
pub fn subject_token_subject(request: &TokenResponse) -> Option<String> {
    match request.subject_token_type.as_ref()? {
        TokenType::AccessToken | TokenType::RefreshToken => {
            request.subject_token_info.as_ref()?.subject.clone()
        }
        TokenType::Jwt | TokenType::IdToken => jwt_subject(request.subject_token.as_deref()?),
        _ => None,
    }
}

/// The `sub` claim of a JWT bearer grant's assertion. Authlete does not verify the assertion's
/// signature (the local backend does for a trusted issuer): check it before trusting the subject.
pub fn assertion_subject(request: &TokenResponse) -> Option<String> {
    jwt_subject(request.assertion.as_deref()?)
}

/// The string `sub` claim of a compact JWS's payload, unverified.
fn jwt_subject(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()?;
    claims.get("sub")?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::TokenInfo;

    fn jwt(claims: &str) -> String {
        format!("e30.{}.sig", URL_SAFE_NO_PAD.encode(claims))
    }

    #[test]
    fn subjects_come_from_the_token_info_or_the_jwt() {
        let mut request = TokenResponse::default();
        assert_eq!(subject_token_subject(&request), None);
        request.subject_token_info = Some(TokenInfo {
            subject: Some("alice".into()),
            ..TokenInfo::default()
        });
        request.subject_token_type = Some(TokenType::AccessToken);
        assert_eq!(subject_token_subject(&request).as_deref(), Some("alice"));
        request.subject_token_type = Some(TokenType::IdToken);
        request.subject_token = Some(jwt(r#"{"sub":"bob"}"#));
        assert_eq!(subject_token_subject(&request).as_deref(), Some("bob"));
        request.subject_token_type = Some(TokenType::Saml2);
        assert_eq!(subject_token_subject(&request), None);
        request.subject_token_type = Some(TokenType::Jwt);
        request.subject_token = Some(jwt(r#"{"sub":7}"#));
        assert_eq!(subject_token_subject(&request), None);
        request.subject_token = Some("not.base64!.x".into());
        assert_eq!(subject_token_subject(&request), None);
        request.assertion = Some(jwt(r#"{"sub":"carol","iss":"x"}"#));
        assert_eq!(assertion_subject(&request).as_deref(), Some("carol"));
    }

    #[test]
    fn the_granted_token_builder_overrides_the_request() {
        let token = GrantedToken::for_subject("alice")
            .scopes(["a", "b"])
            .resources(["https://r.example"])
            .access_token_duration(Duration::from_secs(60))
            .property(Property::new("k", "v", false));
        assert_eq!(token.subject.as_deref(), Some("alice"));
        assert_eq!(token.scopes, Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(token.resources, Some(vec!["https://r.example".to_owned()]));
        assert_eq!(token.access_token_duration, Some(Duration::from_secs(60)));
        assert_eq!(token.properties.len(), 1);
        assert_eq!(GrantedToken::default().subject, None);
    }
}
