//! [`AccessTokenInfo`]: what a validated access token says, as the handler sees it.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::intern::Interner;
use crate::dto::{IntrospectionResponse, Property};

/// Scope lists, ACR values and compact rests shared between cache entries.
static SCOPES: Interner<[String]> = Interner::new();
static ACRS: Interner<str> = Interner::new();
static RESTS: Interner<[u8]> = Interner::new();

/// A validated access token: its subject, client, scopes, expiry, properties, certificate
/// thumbprint and Authlete's full introspection answer. Cheap to clone (an `Arc` inside).
///
/// The fields handlers read most are kept typed; the rest of the answer is kept compactly (as
/// JSON without its empty fields) so that a cache entry stays small, and
/// [`introspection`](Self::introspection) rebuilds the answer on demand. Of an accepted token's
/// answer, only `resultMessage` and `responseContent` (texts meant for refusals) are not kept.
///
/// `Debug` shows no token and no `responseContent`.
#[derive(Clone)]
pub struct AccessTokenInfo {
    inner: Arc<Inner>,
}

struct Inner {
    subject: Option<Box<str>>,
    client_id: Option<i64>,
    /// Shared between the cache entries that have the same list.
    scopes: Arc<[String]>,
    expires_at: Option<i64>,
    properties: Box<[Property]>,
    certificate_thumbprint: Option<Box<str>>,
    dpop_nonce: Option<Box<str>>,
    acr: Option<Arc<str>>,
    auth_time: Option<i64>,
    rest: Rest,
}

/// The rest of the answer: as it came (for a request that is not cached) or as compact JSON (for
/// a cache entry), shared between the entries whose rest is the same.
enum Rest {
    Full(Box<IntrospectionResponse>),
    Json(Arc<[u8]>),
}

impl AccessTokenInfo {
    /// Wraps an introspection answer (normally one whose action is `OK`).
    pub fn new(mut response: IntrospectionResponse) -> Self {
        response.result_message = None;
        response.response_content = None;
        let inner = Inner {
            subject: response.subject.take().map(Into::into),
            client_id: response.client_id.take(),
            scopes: response.scopes.take().unwrap_or_default().into(),
            expires_at: response.expires_at.take(),
            properties: response.properties.take().unwrap_or_default().into(),
            certificate_thumbprint: response.certificate_thumbprint.take().map(Into::into),
            dpop_nonce: response.dpop_nonce.take().map(Into::into),
            acr: response.acr.take().map(Into::into),
            auth_time: response.auth_time.take(),
            rest: Rest::Full(Box::new(response)),
        };
        AccessTokenInfo {
            inner: Arc::new(inner),
        }
    }

    /// The same information in less memory, for a cache entry.
    pub(crate) fn compacted(self) -> Self {
        let Rest::Full(response) = &self.inner.rest else {
            return self;
        };
        let inner = &*self.inner;
        AccessTokenInfo {
            inner: Arc::new(Inner {
                subject: inner.subject.clone(),
                client_id: inner.client_id,
                scopes: SCOPES.intern(inner.scopes.clone()),
                expires_at: inner.expires_at,
                properties: inner.properties.clone(),
                certificate_thumbprint: inner.certificate_thumbprint.clone(),
                dpop_nonce: inner.dpop_nonce.clone(),
                acr: inner.acr.clone().map(|acr| ACRS.intern(acr)),
                auth_time: inner.auth_time,
                rest: Rest::Json(RESTS.intern(compact_json(response))),
            }),
        }
    }

    /// The resource owner the token was issued for; `None` for a client-credentials token.
    pub fn subject(&self) -> Option<&str> {
        self.inner.subject.as_deref()
    }

    /// The ID of the client the token was issued to.
    pub fn client_id(&self) -> Option<i64> {
        self.inner.client_id
    }

    /// The scopes the token covers.
    pub fn scopes(&self) -> &[String] {
        &self.inner.scopes
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
        self.expires_at_millis()
            .and_then(|millis| u64::try_from(millis).ok())
            .map(|millis| SystemTime::UNIX_EPOCH + Duration::from_millis(millis))
    }

    /// When the token expires, in milliseconds since the epoch, as Authlete reports it.
    pub fn expires_at_millis(&self) -> Option<i64> {
        self.inner.expires_at.filter(|millis| *millis > 0)
    }

    /// The extra properties attached to the token.
    pub fn properties(&self) -> &[Property] {
        &self.inner.properties
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
        self.inner.certificate_thumbprint.as_deref()
    }

    /// The `DPoP-Nonce` Authlete wants the client to use next, if any.
    pub fn dpop_nonce(&self) -> Option<&str> {
        self.inner.dpop_nonce.as_deref()
    }

    /// The Authentication Context Class Reference of the user authentication behind the token.
    pub fn acr(&self) -> Option<&str> {
        self.inner.acr.as_deref()
    }

    /// When the user authenticated, as Authlete reports it (`authTime`; the local backend
    /// answers seconds since the epoch).
    pub fn auth_time(&self) -> Option<i64> {
        self.inner.auth_time.filter(|time| *time > 0)
    }

    /// Authlete's introspection answer (without `resultMessage` and `responseContent`), rebuilt
    /// on each call: keep it if you need it twice.
    pub fn introspection(&self) -> IntrospectionResponse {
        let inner = &*self.inner;
        let mut response = match &inner.rest {
            Rest::Full(response) => (**response).clone(),
            Rest::Json(json) => serde_json::from_slice(json).unwrap_or_default(),
        };
        response.subject = inner.subject.as_deref().map(str::to_owned);
        response.client_id = inner.client_id;
        response.scopes = (!inner.scopes.is_empty()).then(|| inner.scopes.to_vec());
        response.expires_at = inner.expires_at;
        response.properties = (!inner.properties.is_empty()).then(|| inner.properties.to_vec());
        response.certificate_thumbprint =
            inner.certificate_thumbprint.as_deref().map(str::to_owned);
        response.dpop_nonce = inner.dpop_nonce.as_deref().map(str::to_owned);
        response.acr = inner.acr.as_deref().map(str::to_owned);
        response.auth_time = inner.auth_time;
        response
    }
}

/// `response` as JSON without its `null`, `false` and empty fields.
fn compact_json(response: &IntrospectionResponse) -> Arc<[u8]> {
    let Ok(serde_json::Value::Object(mut fields)) = serde_json::to_value(response) else {
        return Arc::default();
    };
    fields.retain(|_, value| match value {
        serde_json::Value::Null | serde_json::Value::Bool(false) => false,
        serde_json::Value::Array(items) => !items.is_empty(),
        _ => true,
    });
    serde_json::to_vec(&fields).unwrap_or_default().into()
}

impl std::fmt::Debug for AccessTokenInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessTokenInfo")
            .field("subject", &self.subject())
            .field("client_id", &self.client_id())
            .field("scopes", &self.scopes())
            .field("expires_at", &self.inner.expires_at)
            .field("properties", &self.properties())
            .field("certificate_thumbprint", &self.certificate_thumbprint())
            .finish_non_exhaustive()
    }
}

/// The extension the layer and the actix middleware put on every request they let through, so the
/// extractors can tell "no layer" (a misconfiguration) from "anonymous request" (allowed by
/// [`AuthleteBearer::allow_anonymous`](super::AuthleteBearer::allow_anonymous)).
#[derive(Debug, Clone)]
#[cfg_attr(not(any(feature = "axum", feature = "actix")), allow(dead_code))]
pub(crate) struct BearerChecked {
    /// The realm of the layer, for the 401 of a handler that needs a token after all.
    pub(crate) realm: Arc<str>,
    /// The layer's RFC 9728 metadata URL, for that 401's `resource_metadata`.
    pub(crate) resource_metadata: Option<Arc<str>>,
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
    #[cfg_attr(not(any(feature = "axum", feature = "actix")), allow(dead_code))]
    pub(crate) fn for_request(checked: Option<&BearerChecked>) -> Self {
        match checked {
            Some(checked) => BearerTokenRejection::Anonymous(
                super::BearerRejection::missing_token(&checked.realm)
                    .with_resource_metadata(checked.resource_metadata.as_deref()),
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
        let property = Property {
            key: Some("tier".into()),
            value: Some("gold".into()),
            ..Property::default()
        };
        let response = IntrospectionResponse {
            subject: Some("alice".into()),
            client_id: Some(2000),
            scopes: Some(vec!["read".into(), "write".into()]),
            expires_at: Some(1_700_000_000_000),
            action: Some(crate::dto::IntrospectionAction::Ok),
            result_code: Some("A056001".into()),
            acr: Some("urn:acr:x".into()),
            usable: true,
            properties: Some(vec![property]),
            ..IntrospectionResponse::default()
        };
        let info = AccessTokenInfo::new(response);
        assert_eq!(info.subject(), Some("alice"));
        assert_eq!(info.client_id(), Some(2000));
        assert!(info.has_scope("read") && !info.has_scope("admin"));
        assert!(info.has_scopes(["read", "write"]));
        assert_eq!(info.expires_at_millis(), Some(1_700_000_000_000));
        assert!(info.expires_at().is_some());
        assert_eq!(info.property("tier"), Some("gold"));
        assert_eq!(info.property("none"), None);
        let full = info.introspection();
        assert_eq!(full.action, Some(crate::dto::IntrospectionAction::Ok));
        assert_eq!(full.result_code.as_deref(), Some("A056001"));
        assert_eq!(full.acr.as_deref(), Some("urn:acr:x"));
        assert!(full.usable && !full.existent);
        assert_eq!(
            full.scopes,
            Some(vec!["read".to_owned(), "write".to_owned()])
        );
        let full = info.introspection();
        assert_eq!(full.subject.as_deref(), Some("alice"));
        assert_eq!(full.client_id, Some(2000));
        assert_eq!(full.properties.as_ref().map(Vec::len), Some(1));
        let token = BearerToken(info);
        assert_eq!(token.subject(), Some("alice"));
    }
}
