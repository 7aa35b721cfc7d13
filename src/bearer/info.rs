//! [`AccessTokenInfo`]: what a validated access token says, as the handler sees it.

use std::sync::Arc;
use std::time::SystemTime;

use crate::dto::{IntrospectionResponse, Property};

/// A validated access token: its subject, client, scopes, expiry, properties, certificate
/// thumbprint and Authlete's full introspection answer. Cheap to clone (an `Arc` inside).
///
/// `Debug` shows no token and no `responseContent`.
#[derive(Clone, Debug)]
pub struct AccessTokenInfo {
    response: Arc<IntrospectionResponse>,
}

impl AccessTokenInfo {
    /// Wraps an introspection answer (normally one whose action is `OK`).
    pub fn new(response: IntrospectionResponse) -> Self {
        AccessTokenInfo {
            response: Arc::new(response),
        }
    }

    /// The resource owner the token was issued for; `None` for a client-credentials token.
    pub fn subject(&self) -> Option<&str> {
        self.response.subject.as_deref()
    }

    /// The ID of the client the token was issued to.
    pub fn client_id(&self) -> Option<i64> {
        self.response.client_id
    }

    /// The scopes the token covers.
    pub fn scopes(&self) -> &[String] {
        self.response.scopes.as_deref().unwrap_or(&[])
    }

    /// Whether the token covers `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes().iter().any(|have| have == scope)
    }

    /// Whether the token covers every scope in `scopes`.
    pub fn has_scopes<'a>(&self, scopes: impl IntoIterator<Item = &'a str>) -> bool {
        scopes.into_iter().all(|scope| self.has_scope(scope))
    }

    /// When the token expires.
    pub fn expires_at(&self) -> Option<SystemTime> {
        self.response.expires_at()
    }

    /// When the token expires, in milliseconds since the epoch, as Authlete reports it.
    pub fn expires_at_millis(&self) -> Option<i64> {
        self.response.expires_at.filter(|millis| *millis > 0)
    }

    /// The extra properties attached to the token.
    pub fn properties(&self) -> &[Property] {
        self.response.properties.as_deref().unwrap_or(&[])
    }

    /// The value of the property `key`, if the token has it.
    pub fn property(&self, key: &str) -> Option<&str> {
        self.properties()
            .iter()
            .find(|property| property.key.as_deref() == Some(key))
            .and_then(|property| property.value.as_deref())
    }

    /// The thumbprint of the client certificate the token is bound to (RFC 8705), if any.
    pub fn certificate_thumbprint(&self) -> Option<&str> {
        self.response.certificate_thumbprint.as_deref()
    }

    /// The `DPoP-Nonce` Authlete wants the client to use next, if any.
    pub fn dpop_nonce(&self) -> Option<&str> {
        self.response.dpop_nonce.as_deref()
    }

    /// Authlete's full introspection answer.
    pub fn introspection(&self) -> &IntrospectionResponse {
        &self.response
    }
}

/// The extension the layer and the actix middleware put on every request they let through, so the
/// extractors can tell "no layer" (a misconfiguration) from "anonymous request" (allowed by
/// [`AuthleteBearer::allow_anonymous`](super::AuthleteBearer::allow_anonymous)).
#[derive(Debug, Clone)]
pub(crate) struct BearerChecked {
    /// The realm of the layer, for the 401 of a handler that needs a token after all.
    pub(crate) realm: Arc<str>,
}

/// The `AccessTokenInfo` of a request, as an extractor: `BearerToken` in an axum or actix-web
/// handler behind [`AuthleteBearer`](super::AuthleteBearer). It dereferences to
/// [`AccessTokenInfo`].
#[derive(Clone, Debug)]
pub struct BearerToken(pub AccessTokenInfo);

impl BearerToken {
    /// The token's information.
    pub fn info(&self) -> &AccessTokenInfo {
        &self.0
    }

    /// Unwraps the token's information.
    pub fn into_info(self) -> AccessTokenInfo {
        self.0
    }
}

impl std::ops::Deref for BearerToken {
    type Target = AccessTokenInfo;

    fn deref(&self) -> &AccessTokenInfo {
        &self.0
    }
}

/// The extractor was used on a route that `AuthleteBearer` does not protect: a server
/// misconfiguration, answered with 500 and a message saying how to fix it.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum BearerTokenRejection {
    /// No `AuthleteBearer` layer (or actix middleware) ran for this request.
    #[error(
        "BearerToken used on a route without the AuthleteBearer layer; add it with Router::route_layer(AuthleteBearer::new(api)) (axum) or App::wrap(AuthleteBearer::new(api)) (actix-web)"
    )]
    MissingLayer,
    /// The layer lets anonymous requests through (`allow_anonymous`), this one had no token, and
    /// the handler takes `BearerToken` rather than `Option<BearerToken>`: 401 with the challenge.
    #[error("This resource needs an access token.")]
    Anonymous(super::BearerRejection),
}

impl BearerTokenRejection {
    /// 500 for a missing layer, 401 for an anonymous request.
    pub fn status(&self) -> http::StatusCode {
        match self {
            BearerTokenRejection::MissingLayer => http::StatusCode::INTERNAL_SERVER_ERROR,
            BearerTokenRejection::Anonymous(rejection) => rejection.status(),
        }
    }

    /// The challenge to send, for an anonymous request.
    pub fn challenge(&self) -> Option<&super::BearerRejection> {
        match self {
            BearerTokenRejection::MissingLayer => None,
            BearerTokenRejection::Anonymous(rejection) => Some(rejection),
        }
    }

    /// Builds the rejection of a request the layer checked (or not) but that has no token.
    pub(crate) fn for_request(checked: Option<&BearerChecked>) -> Self {
        match checked {
            Some(checked) => BearerTokenRejection::Anonymous(
                super::BearerRejection::missing_token(&checked.realm),
            ),
            None => {
                tracing::error!(
                    "BearerToken extractor used on a route without the AuthleteBearer layer"
                );
                BearerTokenRejection::MissingLayer
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::Property;

    #[test]
    fn accessors_read_the_introspection_answer() {
        let mut response = IntrospectionResponse::default();
        response.subject = Some("alice".into());
        response.client_id = Some(2000);
        response.scopes = Some(vec!["read".into(), "write".into()]);
        response.expires_at = Some(1_700_000_000_000);
        let mut property = Property::default();
        property.key = Some("tier".into());
        property.value = Some("gold".into());
        response.properties = Some(vec![property]);
        let info = AccessTokenInfo::new(response);
        assert_eq!(info.subject(), Some("alice"));
        assert_eq!(info.client_id(), Some(2000));
        assert!(info.has_scope("read") && !info.has_scope("admin"));
        assert!(info.has_scopes(["read", "write"]));
        assert_eq!(info.expires_at_millis(), Some(1_700_000_000_000));
        assert!(info.expires_at().is_some());
        assert_eq!(info.property("tier"), Some("gold"));
        assert_eq!(info.property("none"), None);
        let token = BearerToken(info);
        assert_eq!(token.subject(), Some("alice"));
    }
}
