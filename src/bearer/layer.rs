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
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{HeaderValue, Request, Response};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tower_layer::Layer;
use tower_service::Service;

use super::rejection::{DPOP_NONCE, RejectionKind};
use super::{AccessTokenValidator, BearerRejection};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The resource-server layer: validates the request's access token through Authlete (cached),
/// puts an [`AccessTokenInfo`](super::AccessTokenInfo) in the request's extensions, or answers with
/// an RFC 6750 challenge. With feature `actix` it is also an actix-web middleware (`App::wrap`).
///
/// It is the [`AccessTokenValidator`] under its name as a layer: every option (realm, scopes,
/// cache, …) is a method of the validator, written once, and the layer runs exactly the validator
/// it is given. Cheap to clone.
pub type AuthleteBearer = AccessTokenValidator;

impl<S> Layer<S> for AccessTokenValidator {
    type Service = AuthleteBearerService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthleteBearerService {
            validator: self.clone(),
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
    type Future = ResponseFuture<S::Future, ResBody, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // A cached answer is decided here, without a future of our own: the ready inner service
        // is called at once, and its future is wrapped as it is.
        let (mut parts, body) = request.into_parts();
        match self.validator.validate_cached(&parts) {
            Some(Ok(info)) => {
                let nonce = info
                    .dpop_nonce()
                    .and_then(|n| HeaderValue::from_str(n).ok());
                parts.extensions.insert(info);
                return ResponseFuture {
                    kind: Kind::Inner {
                        future: self.inner.call(Request::from_parts(parts, body)),
                        nonce,
                    },
                };
            }
            Some(Err(rejection)) => {
                return ResponseFuture {
                    kind: Kind::Refused {
                        response: Some(rejection.to_response()),
                    },
                };
            }
            None => {}
        }
        let request = Request::from_parts(parts, body);
        // The clone may not be ready; the ready one goes into the future (tower-http's pattern).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let validator = self.validator.clone();
        ResponseFuture {
            kind: Kind::Boxed {
                future: Box::pin(async move {
                    let (mut parts, body) = request.into_parts();
                    let (outcome, body) = if validator.wants_form_body(&parts) {
                        match Limited::new(body, validator.form_body_limit_bytes())
                            .collect()
                            .await
                        {
                            Ok(collected) => {
                                let bytes = collected.to_bytes();
                                let outcome =
                                    validator.validate_with_form_body(&parts, &bytes).await;
                                (outcome, B::from(bytes))
                            }
                            Err(error) => {
                                let rejection =
                                    if error.downcast_ref::<LengthLimitError>().is_some() {
                                        validator.body_too_large()
                                    } else {
                                        tracing::debug!("could not read the form body");
                                        validator.finish(BearerRejection::invalid_request(
                                            "The request body could not be read.",
                                        ))
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
                            // Tells the extractors an anonymous request from a missing layer.
                            parts.extensions.insert(validator.checked_marker());
                            None
                        }
                        Err(rejection) => return Ok(rejection.to_response()),
                    };
                    let mut response = inner.call(Request::from_parts(parts, body)).await?;
                    if let Some(nonce) = nonce {
                        response.headers_mut().entry(&DPOP_NONCE).or_insert(nonce);
                    }
                    Ok(response)
                }),
            },
        }
    }
}

type BoxedFuture<ResBody, E> = Pin<Box<dyn Future<Output = Result<Response<ResBody>, E>> + Send>>;

pin_project_lite::pin_project! {
    /// The future of [`AuthleteBearerService`]: the inner service's own future when the answer
    /// was cached, a boxed one when the layer has to wait (Authlete, a form body).
    pub struct ResponseFuture<F, ResBody, E> {
        #[pin]
        kind: Kind<F, ResBody, E>,
    }
}

pin_project_lite::pin_project! {
    #[project = KindProjection]
    enum Kind<F, ResBody, E> {
        Inner { #[pin] future: F, nonce: Option<HeaderValue> },
        Refused { response: Option<Response<ResBody>> },
        Boxed { future: BoxedFuture<ResBody, E> },
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F, ResBody, E>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProjection::Inner { future, nonce } => {
                let mut response = std::task::ready!(future.poll(cx))?;
                if let Some(nonce) = nonce.take() {
                    response.headers_mut().entry(&DPOP_NONCE).or_insert(nonce);
                }
                Poll::Ready(Ok(response))
            }
            KindProjection::Refused { response } => Poll::Ready(Ok(response
                .take()
                .expect("ResponseFuture polled after it completed"))),
            KindProjection::Boxed { future } => future.as_mut().poll(cx),
        }
    }
}

impl<F, ResBody, E> std::fmt::Debug for ResponseFuture<F, ResBody, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
