//! [`ProtectedResourceMetadata`]: the RFC 9728 document that tells a client which authorization
//! server to get a token from and how to present it, served at
//! `/.well-known/oauth-protected-resource` (and, for a resource with a path, at the path-suffixed
//! location of RFC 9728 §3.1). Given to the layer, it also makes every 401 and 403 challenge carry
//! `resource_metadata="…"` (RFC 9728 §5.1).
//!
//! ```no_run
//! use axum::{Router, routing::post};
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
//! use authlete_tower::bearer::ProtectedResourceMetadata;
//!
//! async fn mcp(token: BearerToken) -> String {
//!     format!("hello {}", token.subject().unwrap_or("nobody"))
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let api = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! let metadata = ProtectedResourceMetadata::new("https://api.example.com/mcp")?
//!     .authorization_servers(["https://as.example.com"])
//!     .resource_name("Example MCP server");
//! let bearer = AuthleteBearer::new(api)
//!     .required_scopes(["mcp"])
//!     .protected_resource_metadata(metadata);
//! // The document as served: bearer methods, DPoP algorithms and scopes come from the layer.
//! let document = bearer.resource_metadata().expect("configured above");
//! let app: Router = Router::new()
//!     .route("/mcp", post(mcp))
//!     .route_layer(bearer)
//!     // /.well-known/oauth-protected-resource and /.well-known/oauth-protected-resource/mcp
//!     .merge(document.router());
//! # Ok(()) }
//! ```

use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};
use url::Url;

use super::AccessTokenValidator;

/// The well-known path of RFC 9728 §3.
pub const WELL_KNOWN_PATH: &str = "/.well-known/oauth-protected-resource";
/// The default `Cache-Control: max-age` of the served document: one hour.
pub const DEFAULT_METADATA_MAX_AGE: Duration = Duration::from_secs(3600);

/// The names of the members this type has fields for, which [`extra`](ProtectedResourceMetadata::extra)
/// refuses.
const MEMBERS: [&str; 11] = [
    "resource",
    "authorization_servers",
    "jwks_uri",
    "scopes_supported",
    "bearer_methods_supported",
    "resource_signing_alg_values_supported",
    "resource_name",
    "resource_documentation",
    "tls_client_certificate_bound_access_tokens",
    "dpop_signing_alg_values_supported",
    "dpop_bound_access_tokens_required",
];

/// Why a [`ProtectedResourceMetadata`] could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetadataError {
    /// The resource identifier is not an absolute `http`/`https` URL without a fragment
    /// (RFC 9728 §1.2).
    #[error("the resource identifier is not usable: {0}")]
    InvalidResource(&'static str),
    /// An extra member was given the name of a member this type sets itself.
    #[error("`{0}` is a member of its own; use its builder method")]
    ReservedMember(String),
}

/// The protected resource metadata document of RFC 9728 §2. Members left unset are omitted from
/// the JSON; [`extra`](Self::extra) adds members of other specifications.
///
/// Built from the layer ([`AuthleteBearer::resource_metadata`](super::AuthleteBearer::resource_metadata)
/// or [`from_layer`](Self::from_layer)), `bearer_methods_supported` and
/// `dpop_signing_alg_values_supported` are the layer's own, and `scopes_supported` (when not set)
/// its required scopes and `tls_client_certificate_bound_access_tokens` (when not set) whether
/// it reads client certificates, so the document and the layer cannot disagree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectedResourceMetadata {
    resource: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authorization_servers: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    jwks_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scopes_supported: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bearer_methods_supported: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_signing_alg_values_supported: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource_documentation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tls_client_certificate_bound_access_tokens: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dpop_signing_alg_values_supported: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dpop_bound_access_tokens_required: Option<bool>,
    #[serde(flatten)]
    extra: Map<String, Value>,
    #[serde(skip)]
    url: Url,
    #[serde(skip)]
    max_age: Duration,
}

fn strings<I, S>(values: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    values.into_iter().map(Into::into).collect()
}

impl ProtectedResourceMetadata {
    /// The document of the resource identified by `resource` (RFC 9728 §1.2: an absolute URL,
    /// `https` in production, without a fragment). Nothing else is set; the served document has a
    /// `Cache-Control: public, max-age=3600`.
    pub fn new(resource: &str) -> Result<Self, MetadataError> {
        let url = Url::parse(resource)
            .map_err(|_| MetadataError::InvalidResource("not an absolute URL"))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(MetadataError::InvalidResource("not an http(s) URL"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(MetadataError::InvalidResource("no host"));
        }
        if url.fragment().is_some() {
            return Err(MetadataError::InvalidResource("it has a fragment"));
        }
        Ok(ProtectedResourceMetadata {
            resource: resource.to_owned(),
            authorization_servers: Vec::new(),
            jwks_uri: None,
            scopes_supported: None,
            bearer_methods_supported: None,
            resource_signing_alg_values_supported: None,
            resource_name: None,
            resource_documentation: None,
            tls_client_certificate_bound_access_tokens: None,
            dpop_signing_alg_values_supported: None,
            dpop_bound_access_tokens_required: None,
            extra: Map::new(),
            url,
            max_age: DEFAULT_METADATA_MAX_AGE,
        })
    }

    /// `authorization_servers`: the issuer identifiers of the authorization servers.
    pub fn authorization_servers<I, S>(mut self, issuers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.authorization_servers = strings(issuers);
        self
    }

    /// `jwks_uri`: the resource's own JWK Set (for signed responses).
    pub fn jwks_uri(mut self, uri: impl Into<String>) -> Self {
        self.jwks_uri = Some(uri.into());
        self
    }

    /// `scopes_supported`; by default the layer's required scopes.
    pub fn scopes_supported<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.scopes_supported = Some(strings(scopes));
        self
    }

    /// `bearer_methods_supported` (`header`, `body`, `query`); replaced by the layer's own when
    /// the document comes from a layer.
    pub fn bearer_methods_supported<I, S>(mut self, methods: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.bearer_methods_supported = Some(strings(methods));
        self
    }

    /// `resource_signing_alg_values_supported`.
    pub fn resource_signing_alg_values_supported<I, S>(mut self, algs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.resource_signing_alg_values_supported = Some(strings(algs));
        self
    }

    /// `resource_name`: a human-readable name.
    pub fn resource_name(mut self, name: impl Into<String>) -> Self {
        self.resource_name = Some(name.into());
        self
    }

    /// `resource_documentation`: a URL of documentation for developers.
    pub fn resource_documentation(mut self, url: impl Into<String>) -> Self {
        self.resource_documentation = Some(url.into());
        self
    }

    /// `tls_client_certificate_bound_access_tokens` (RFC 8705); by default, from a layer, whether
    /// it reads client certificates ([`client_certificate_header`](AccessTokenValidator::client_certificate_header)).
    pub fn tls_client_certificate_bound_access_tokens(mut self, supported: bool) -> Self {
        self.tls_client_certificate_bound_access_tokens = Some(supported);
        self
    }

    /// `dpop_signing_alg_values_supported` (RFC 9449); replaced by the layer's
    /// [`dpop_signing_algs`](AccessTokenValidator::dpop_signing_algs) when the document comes
    /// from a layer.
    pub fn dpop_signing_alg_values_supported<I, S>(mut self, algs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.dpop_signing_alg_values_supported = Some(strings(algs));
        self
    }

    /// `dpop_bound_access_tokens_required`.
    pub fn dpop_bound_access_tokens_required(mut self, required: bool) -> Self {
        self.dpop_bound_access_tokens_required = Some(required);
        self
    }

    /// Another member (e.g. `signed_metadata` or one of another specification). The members
    /// above have builder methods of their own; their names are refused here.
    pub fn extra(mut self, name: impl Into<String>, value: Value) -> Result<Self, MetadataError> {
        let name = name.into();
        if MEMBERS.contains(&name.as_str()) {
            return Err(MetadataError::ReservedMember(name));
        }
        self.extra.insert(name, value);
        Ok(self)
    }

    /// The `max-age` of the served document's `Cache-Control` (default one hour).
    pub fn cache_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The document with the layer's settings: `bearer_methods_supported` (`header` always,
    /// `body` with [`allow_form_token`](AccessTokenValidator::allow_form_token), `query` with
    /// [`allow_query_token`](AccessTokenValidator::allow_query_token)),
    /// `dpop_signing_alg_values_supported`, and, unless set, `scopes_supported` (the required
    /// scopes, when there are any) and `tls_client_certificate_bound_access_tokens`.
    pub fn from_layer(mut self, layer: &AccessTokenValidator) -> Self {
        let mut methods = vec!["header".to_owned()];
        if layer.allows_form_token() {
            methods.push("body".to_owned());
        }
        if layer.allows_query_token() {
            methods.push("query".to_owned());
        }
        self.bearer_methods_supported = Some(methods);
        self.dpop_signing_alg_values_supported = Some(strings(layer.dpop_algs()));
        if self.scopes_supported.is_none() && !layer.scopes().is_empty() {
            self.scopes_supported = Some(layer.scopes().to_vec());
        }
        if self.tls_client_certificate_bound_access_tokens.is_none() {
            self.tls_client_certificate_bound_access_tokens =
                Some(layer.reads_client_certificates());
        }
        self
    }

    /// The resource identifier.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The path the document lives at (RFC 9728 §3.1): `/.well-known/oauth-protected-resource`
    /// followed by the resource's path, if it has one other than `/`.
    pub fn well_known_path(&self) -> String {
        match self.url.path() {
            "/" | "" => WELL_KNOWN_PATH.to_owned(),
            path => format!("{WELL_KNOWN_PATH}{path}"),
        }
    }

    /// The URL of the document, sent as `resource_metadata` in challenges: the resource's origin,
    /// the well-known path and the resource's query, if any.
    pub fn metadata_url(&self) -> String {
        let mut url = self.url.clone();
        url.set_path(&self.well_known_path());
        url.to_string()
    }

    /// The document as JSON.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The paths the document is served at: the well-known path and, for a resource with a
    /// path, the path-suffixed one too.
    pub fn served_paths(&self) -> Vec<String> {
        let suffixed = self.well_known_path();
        if suffixed == WELL_KNOWN_PATH {
            vec![suffixed]
        } else {
            vec![WELL_KNOWN_PATH.to_owned(), suffixed]
        }
    }

    fn body(&self) -> bytes::Bytes {
        bytes::Bytes::from(serde_json::to_vec(self).unwrap_or_default())
    }

    /// The `Cache-Control` of the served document.
    pub fn cache_control(&self) -> String {
        format!("public, max-age={}", self.max_age.as_secs())
    }

    /// An axum `Router` answering `GET` at [`served_paths`](Self::served_paths) with the
    /// document, `Content-Type: application/json` and `Cache-Control: public, max-age=…`. Merge it
    /// outside the bearer layer (the document is public).
    #[cfg(feature = "axum")]
    #[cfg_attr(docsrs, doc(cfg(feature = "axum")))]
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> axum::Router<S> {
        use axum::response::IntoResponse;
        let body = self.body();
        let cache_control = self.cache_control();
        let handler = move || {
            let body = body.clone();
            let cache_control = cache_control.clone();
            async move {
                (
                    [
                        (http::header::CONTENT_TYPE, "application/json".to_owned()),
                        (http::header::CACHE_CONTROL, cache_control),
                    ],
                    body,
                )
                    .into_response()
            }
        };
        let mut router = axum::Router::new();
        for path in self.served_paths() {
            router = router.route(&path, axum::routing::get(handler.clone()));
        }
        router
    }

    /// An actix-web configuration (`App::configure`) answering `GET` at
    /// [`served_paths`](Self::served_paths) like [`router`](Self::router) does.
    #[cfg(feature = "actix")]
    #[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
    pub fn actix_config(&self) -> impl Fn(&mut actix_web::web::ServiceConfig) + Clone + 'static {
        let body = self.body();
        let cache_control = self.cache_control();
        let paths = self.served_paths();
        move |config: &mut actix_web::web::ServiceConfig| {
            for path in &paths {
                let body = body.clone();
                let cache_control = cache_control.clone();
                config.route(
                    path,
                    actix_web::web::get().to(move || {
                        let body = body.clone();
                        let cache_control = cache_control.clone();
                        async move {
                            actix_web::HttpResponse::Ok()
                                .insert_header(("content-type", "application/json"))
                                .insert_header(("cache-control", cache_control))
                                .body(body)
                        }
                    }),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_well_known_location_follows_the_resource_path() {
        let root = ProtectedResourceMetadata::new("https://api.example.com").unwrap();
        assert_eq!(root.well_known_path(), WELL_KNOWN_PATH);
        assert_eq!(
            root.metadata_url(),
            "https://api.example.com/.well-known/oauth-protected-resource"
        );
        let slash = ProtectedResourceMetadata::new("https://api.example.com/").unwrap();
        assert_eq!(slash.served_paths(), [WELL_KNOWN_PATH]);
        let mcp = ProtectedResourceMetadata::new("https://api.example.com:8443/mcp").unwrap();
        assert_eq!(
            mcp.metadata_url(),
            "https://api.example.com:8443/.well-known/oauth-protected-resource/mcp"
        );
        assert_eq!(
            mcp.served_paths(),
            [WELL_KNOWN_PATH.to_owned(), format!("{WELL_KNOWN_PATH}/mcp")]
        );
        let query = ProtectedResourceMetadata::new("https://api.example.com/r?t=1").unwrap();
        assert_eq!(
            query.metadata_url(),
            "https://api.example.com/.well-known/oauth-protected-resource/r?t=1"
        );
        assert_eq!(query.resource(), "https://api.example.com/r?t=1");
    }

    #[test]
    fn unusable_resource_identifiers_are_refused() {
        for (resource, reason) in [
            ("/mcp", "not an absolute URL"),
            ("urn:example:api", "not an http(s) URL"),
            ("https://api.example.com/mcp#x", "it has a fragment"),
        ] {
            assert_eq!(
                ProtectedResourceMetadata::new(resource),
                Err(MetadataError::InvalidResource(reason)),
                "{resource}"
            );
        }
    }

    #[test]
    fn unset_members_are_omitted_and_extras_cannot_shadow_members() {
        let document = ProtectedResourceMetadata::new("https://api.example.com")
            .unwrap()
            .resource_name("API")
            .extra("signed_metadata", Value::from("a.b.c"))
            .unwrap();
        assert_eq!(
            document.to_json(),
            serde_json::json!({
                "resource": "https://api.example.com",
                "resource_name": "API",
                "signed_metadata": "a.b.c",
            })
        );
        assert_eq!(
            document.extra("jwks_uri", Value::Null),
            Err(MetadataError::ReservedMember("jwks_uri".into()))
        );
    }
}
