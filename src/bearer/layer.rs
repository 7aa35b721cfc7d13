//! [`AuthleteBearer`]: the tower layer that lets a request through only with a valid access token.
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
//!
//! async fn photos(token: BearerToken) -> String {
//!     format!("photos of {}", token.subject().unwrap_or("nobody"))
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let api = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! let app: Router = Router::new()
//!     .route("/photos", get(photos))
//!     // route_layer: unknown paths stay 404 instead of 401.
//!     .route_layer(AuthleteBearer::new(api).realm("photos").required_scopes(["read"]));
//! # Ok(()) }
//! ```
//!
//! # Bodies
//!
//! The service is generic over the request body `B` and the response body `ResBody`:
//! `B: http_body::Body + From<Bytes>` (so a form body read for its `access_token` can be put back,
//! intact, for the handler; axum's `Body` and `http_body_util::Full<Bytes>` qualify) and
//! `ResBody: Default` (refusals have an empty body; the `WWW-Authenticate` header says why).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tower_layer::Layer;
use tower_service::Service;
use url::Url;

use super::binding::ClientCertHeader;
use super::rejection::{DPOP_NONCE, RejectionKind};
use super::validator::IntoApi;
use super::{AccessTokenValidator, BearerPolicy, BearerRejection, IntrospectionCache};
use crate::clock::Clock;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The resource-server layer: validates the request's access token through Authlete (cached),
/// puts an [`AccessTokenInfo`](super::AccessTokenInfo) in the request's extensions, or answers with an RFC 6750 challenge.
/// Cheap to clone. With feature `actix` it is also an actix-web middleware (`App::wrap`).
#[derive(Clone, Debug)]
pub struct AuthleteBearer {
    validator: AccessTokenValidator,
}

macro_rules! delegate {
    ($($(#[$doc:meta])* $name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        $(#[$doc])*
        pub fn $name(self, $($arg: $ty),*) -> Self {
            AuthleteBearer { validator: self.validator.$name($($arg),*) }
        }
    )*};
}

impl AuthleteBearer {
    /// A layer asking `api` (an `AuthleteClient`, an `Arc<dyn AuthleteApi>`, …); see
    /// [`AccessTokenValidator::new`] for the defaults.
    pub fn new(api: impl IntoApi) -> Self {
        AuthleteBearer {
            validator: AccessTokenValidator::new(api),
        }
    }

    /// A layer around a configured validator.
    pub fn from_validator(validator: AccessTokenValidator) -> Self {
        AuthleteBearer { validator }
    }

    /// The `realm` of every challenge (default `"api"`).
    pub fn realm(self, realm: impl Into<String>) -> Self {
        AuthleteBearer {
            validator: self.validator.realm(realm),
        }
    }

    /// The subject the token must belong to.
    pub fn required_subject(self, subject: impl Into<String>) -> Self {
        AuthleteBearer {
            validator: self.validator.required_subject(subject),
        }
    }

    /// Scopes the token must cover.
    pub fn required_scopes<I, S>(self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        AuthleteBearer {
            validator: self.validator.required_scopes(scopes),
        }
    }

    /// The DPoP proof algorithms named in the `algs` of `DPoP` challenges.
    pub fn dpop_signing_algs<I, S>(self, algs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        AuthleteBearer {
            validator: self.validator.dpop_signing_algs(algs),
        }
    }

    /// A decision of the application's own, made after Authlete accepted the token.
    pub fn policy(self, policy: impl BearerPolicy) -> Self {
        AuthleteBearer {
            validator: self.validator.policy(policy),
        }
    }

    delegate! {
        /// Accepts the `access_token` form parameter (RFC 6750 §2.2). Off by default.
        allow_form_token();
        /// Accepts the `access_token` query parameter (RFC 6750 §2.3). Off by default.
        allow_query_token();
        /// Lets requests without credentials through without an [`AccessTokenInfo`](super::AccessTokenInfo).
        allow_anonymous();
        /// The longest token accepted, in bytes (default 4096).
        max_token_length(bytes: usize);
        /// The largest form body read for a form token (default 64 KiB).
        form_body_limit(bytes: usize);
        /// The external base URL from which the DPoP `htu` is rebuilt.
        external_url(base: Url);
        /// Rebuilds the DPoP `htu` from `Forwarded` / `X-Forwarded-*` (trusted proxies only).
        trust_forwarded_headers();
        /// Reads the client certificate of mTLS-bound tokens from a proxy header.
        client_certificate_header(header: ClientCertHeader);
        /// The longest an introspection result is cached (default 60 s; zero turns caching off).
        cache_max_age(max_age: Duration);
        /// The most cached results (default 100 000).
        cache_max_entries(entries: u64);
        /// The clock that decides whether a cached token has expired.
        clock(clock: Arc<dyn Clock>);
        /// Uses a cache shared with other layers or the revocation endpoint.
        with_cache(cache: IntrospectionCache);
    }

    /// The introspection cache, to evict revoked tokens ([`IntrospectionCache::evict`]).
    pub fn cache(&self) -> IntrospectionCache {
        self.validator.cache()
    }

    /// The validator the layer runs.
    pub fn validator(&self) -> &AccessTokenValidator {
        &self.validator
    }
}

impl<S> Layer<S> for AuthleteBearer {
    type Service = AuthleteBearerService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthleteBearerService {
            validator: self.validator.clone(),
            inner,
        }
    }
}

/// The service [`AuthleteBearer`] wraps around an inner service.
#[derive(Clone, Debug)]
pub struct AuthleteBearerService<S> {
    validator: AccessTokenValidator,
    inner: S,
}

impl<S, B, ResBody> Service<Request<B>> for AuthleteBearerService<S>
where
    S: Service<Request<B>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send,
    B: http_body::Body + From<Bytes> + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
    ResBody: Default + Send + 'static,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<ResBody, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // The clone may not be ready; the ready one goes into the future (tower-http's pattern).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let validator = self.validator.clone();
        ResponseFuture {
            inner: Box::pin(async move {
                let (mut parts, body) = request.into_parts();
                let (outcome, body) = if validator.wants_form_body(&parts) {
                    match Limited::new(body, validator.form_body_limit_bytes())
                        .collect()
                        .await
                    {
                        Ok(collected) => {
                            let bytes = collected.to_bytes();
                            let outcome = validator.validate_with_form_body(&parts, &bytes).await;
                            (outcome, B::from(bytes))
                        }
                        Err(error) => {
                            let rejection = if error.downcast_ref::<LengthLimitError>().is_some() {
                                validator.body_too_large()
                            } else {
                                tracing::debug!("could not read the form body");
                                BearerRejection::invalid_request(
                                    "The request body could not be read.",
                                )
                                .with_realm(validator.realm_name())
                            };
                            return Ok(rejection.to_response());
                        }
                    }
                } else {
                    (validator.validate(&parts).await, body)
                };
                let nonce = match outcome {
                    Ok(info) => {
                        let nonce = info
                            .dpop_nonce()
                            .and_then(|n| HeaderValue::from_str(n).ok());
                        parts.extensions.insert(info);
                        nonce
                    }
                    Err(rejection)
                        if rejection.kind() == RejectionKind::MissingToken
                            && validator.allows_anonymous() =>
                    {
                        None
                    }
                    Err(rejection) => return Ok(rejection.to_response()),
                };
                parts.extensions.insert(validator.checked_marker());
                let mut response = inner.call(Request::from_parts(parts, body)).await?;
                if let Some(nonce) = nonce {
                    response.headers_mut().entry(&DPOP_NONCE).or_insert(nonce);
                }
                Ok(response)
            }),
        }
    }
}

/// The future of [`AuthleteBearerService`].
pub struct ResponseFuture<ResBody, E> {
    inner: Pin<Box<dyn Future<Output = Result<Response<ResBody>, E>> + Send>>,
}

impl<ResBody, E> Future for ResponseFuture<ResBody, E> {
    type Output = Result<Response<ResBody>, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<ResBody, E> std::fmt::Debug for ResponseFuture<ResBody, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
