//! The resource server: [`AuthleteBearer`] (a tower layer, and an actix-web middleware with feature
//! `actix`) validates the access token of each request through Authlete's introspection API and
//! hands an [`AccessTokenInfo`] to the handler, which takes it with the [`BearerToken`] extractor.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
//!
//! async fn me(token: BearerToken) -> String {
//!     format!("{:?} with {:?}", token.subject(), token.scopes())
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let api = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! let bearer = AuthleteBearer::new(api).realm("example").required_scopes(["profile"]);
//! let revocations = bearer.cache(); // evict revoked tokens: revocations.evict(token)
//! let app: Router = Router::new().route("/me", get(me)).route_layer(bearer);
//! # Ok(()) }
//! ```
//!
//! What the layer answers (RFC 6750 §3, DESIGN.md §4):
//!
//! | request | answer |
//! |---|---|
//! | no credentials | 401, `WWW-Authenticate: Bearer realm="…"`, Authlete not called |
//! | `Authorization: DPoP` without a `DPoP` proof | 401 `DPoP … error="invalid_token", algs="…"`, Authlete not called |
//! | malformed, or a token in two places | 400 `invalid_request` |
//! | unknown, expired, revoked token | 401, Authlete's challenge (`invalid_token`) |
//! | missing scope, other subject | 403, Authlete's challenge (`insufficient_scope`) |
//! | Authlete unreachable or too slow | 503 `server_error` |
//! | Authlete's answer not understood | 500 `server_error` |
//!
//! Every refusal carries `Cache-Control: no-store`, the configured realm and, when Authlete sent
//! one, `DPoP-Nonce`; its body is empty. A refused `DPoP`-scheme request (RFC 9449 §7.1) is
//! answered with a `DPoP` challenge naming the accepted proof algorithms (`algs`). A `DPoP` proof
//! sent with `Authorization: Bearer` goes to Authlete too, which refuses a bound token used as a
//! bearer token. With a [`ProtectedResourceMetadata`] document configured
//! ([`protected_resource_metadata`](AccessTokenValidator::protected_resource_metadata)), every 401
//! and 403 challenge also names its URL in `resource_metadata="…"` (RFC 9728 §5.1).
//!
//! With feature `jwt`, [`verify_jwt_locally`](AccessTokenValidator::verify_jwt_locally) makes the
//! layer verify JWT access tokens (RFC 9068) of the given issuer itself, without a call per
//! request ([`jwt`]); other tokens are still introspected. A locally verified JWT is not checked
//! against revocation until it expires.

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub mod actix;
mod audience;
#[cfg(feature = "axum")]
mod axum;
mod binding;
pub mod cache;
pub(crate) mod challenge;
#[cfg(feature = "jwt")]
mod dpop_proof;
pub mod extract;
mod info;
mod intern;
#[cfg(feature = "jwt")]
mod jwks;
#[cfg(feature = "jwt")]
#[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
pub mod jwt;
mod layer;
pub mod metadata;
pub mod metrics;
mod policy;
mod rejection;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod revocation_bus;
mod step_up;
mod validator;

pub use audience::InvalidResource;
pub use binding::{ClientCertHeader, ExternalUrl};
pub use cache::{IntrospectionCache, IntrospectionCacheBuilder};
pub use info::{AccessTokenInfo, BearerToken, BearerTokenRejection};
#[cfg(feature = "jwt")]
pub use jwt::{JwtAlgorithm, JwtVerifier};
pub use layer::{AuthleteBearer, AuthleteBearerService, ResponseFuture};
pub use metadata::{MetadataError, ProtectedResourceMetadata};
pub use policy::BearerPolicy;
pub use rejection::{BearerRejection, RejectionKind};
#[cfg(feature = "redis")]
pub use revocation_bus::{RedisRevocationBus, RevocationBusError, RevocationSubscription};
pub use validator::{
    AccessTokenValidator, DEFAULT_DPOP_ALGS, DEFAULT_FORM_BODY_LIMIT, DEFAULT_REALM, IntoApi,
};
