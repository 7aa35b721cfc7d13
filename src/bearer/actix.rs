//! actix-web glue (feature `actix`): [`AuthleteBearer`] is a middleware (`App::wrap` /
//! `Scope::wrap`), and [`BearerToken`] an extractor. Both run the same [`AccessTokenValidator`] as
//! the tower layer, so the rules and the answers are the same.
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
//!
//! async fn me(token: BearerToken) -> String {
//!     format!("{:?}", token.subject())
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let bearer = AuthleteBearer::new(AuthleteClient::new(AuthleteConfig::from_env()?)?)
//!     .required_scopes(["profile"]);
//! HttpServer::new(move || {
//!     App::new().service(web::scope("/api").wrap(bearer.clone()).route("/me", web::get().to(me)))
//! })
//! .bind(("127.0.0.1", 8080))?
//! .run()
//! .await?;
//! # Ok(()) }
//! ```
//!
//! actix-web's `Option<T>` extractor turns every error into `None`, so `Option<BearerToken>` also
//! reads `None` on a route without the middleware; use `BearerToken` where a token is required.
//!
//! [`AccessTokenValidator`]: super::AccessTokenValidator
//! [`AuthleteBearer`]: super::AuthleteBearer

use std::future::{Ready, ready};
use std::rc::Rc;

use actix_web::body::EitherBody;
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{Error, FromRequest, HttpMessage, HttpRequest, HttpResponse, ResponseError};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use super::info::BearerChecked;
use super::{
    AccessTokenInfo, AccessTokenValidator, BearerRejection, BearerToken, BearerTokenRejection,
    RejectionKind,
};

impl<S, B> Transform<S, ServiceRequest> for AccessTokenValidator
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = AuthleteBearerMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, Self::InitError>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(AuthleteBearerMiddleware {
            service: Rc::new(service),
            validator: self.clone(),
        }))
    }
}

/// The actix-web middleware [`AuthleteBearer`](super::AuthleteBearer) builds.
pub struct AuthleteBearerMiddleware<S> {
    service: Rc<S>,
    validator: AccessTokenValidator,
}

impl<S> std::fmt::Debug for AuthleteBearerMiddleware<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthleteBearerMiddleware")
            .field("validator", &self.validator)
            .finish_non_exhaustive()
    }
}

impl<S, B> Service<ServiceRequest> for AuthleteBearerMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error> + 'static,
    B: 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        // A cached answer is decided here, from a head of the few headers it reads (or of all of
        // them when a policy of the application reads the head too).
        let head = if self.validator.has_policy() {
            http_parts(request.request())
        } else {
            bearer_head(request.request())
        };
        match self.validator.validate_cached(&head) {
            Some(Ok(info)) => {
                let nonce = info
                    .dpop_nonce()
                    .and_then(|n| HeaderValue::from_str(n).ok());
                request.extensions_mut().insert(info);
                let response = self.service.call(request);
                return Box::pin(async move {
                    let mut response = response.await?;
                    if let Some(nonce) = nonce
                        && !response.headers().contains_key(&DPOP_NONCE)
                    {
                        response.headers_mut().insert(DPOP_NONCE, nonce);
                    }
                    Ok(response.map_into_left_body())
                });
            }
            Some(Err(rejection)) => {
                let response = request
                    .into_response(rejection_response(&rejection))
                    .map_into_right_body();
                return Box::pin(async move { Ok(response) });
            }
            None => {}
        }
        let service = Rc::clone(&self.service);
        let validator = self.validator.clone();
        Box::pin(async move {
            let parts = http_parts(request.request());
            let outcome = if validator.wants_form_body(&parts) {
                let mut payload = request.take_payload();
                match read_limited(&mut payload, validator.form_body_limit_bytes()).await {
                    Ok(body) => {
                        request.set_payload(Payload::from(body.clone()));
                        validator.validate_with_form_body(&parts, &body).await
                    }
                    Err(rejection) => {
                        let rejection = rejection.map_or_else(
                            || validator.body_too_large(),
                            |rejection| validator.finish(rejection),
                        );
                        return Ok(request
                            .into_response(rejection_response(&rejection))
                            .map_into_right_body());
                    }
                }
            } else {
                validator.validate(&parts).await
            };
            let nonce = match outcome {
                Ok(info) => {
                    let nonce = info
                        .dpop_nonce()
                        .and_then(|n| HeaderValue::from_str(n).ok());
                    request.extensions_mut().insert(info);
                    nonce
                }
                Err(rejection)
                    if rejection.kind() == RejectionKind::MissingToken
                        && validator.allows_anonymous() =>
                {
                    request.extensions_mut().insert(validator.checked_marker());
                    None
                }
                Err(rejection) => {
                    return Ok(request
                        .into_response(rejection_response(&rejection))
                        .map_into_right_body());
                }
            };
            let mut response = service.call(request).await?;
            if let Some(nonce) = nonce
                && !response.headers().contains_key(&DPOP_NONCE)
            {
                response.headers_mut().insert(DPOP_NONCE, nonce);
            }
            Ok(response.map_into_left_body())
        })
    }
}

/// Reads the body up to `limit`; `Err(None)` when it is larger, `Err(Some(_))` when it fails.
async fn read_limited(
    payload: &mut Payload,
    limit: usize,
) -> Result<Bytes, Option<BearerRejection>> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            tracing::debug!("could not read the form body");
            Some(BearerRejection::invalid_request(
                "The request body could not be read.",
            ))
        })?;
        if body.len() + chunk.len() > limit {
            return Err(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// The `DPoP-Nonce` response header (RFC 9449 §8).
const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

/// The request head with only what [`AccessTokenValidator::validate_cached`] reads: the method,
/// the path and query, and the `Authorization`, `DPoP` and `Content-Type` headers.
fn bearer_head(request: &HttpRequest) -> http::request::Parts {
    let (mut parts, ()) = http::Request::new(()).into_parts();
    parts.method =
        http::Method::from_bytes(request.method().as_str().as_bytes()).unwrap_or_default();
    use actix_web::http::header as actix_header;
    // Names known to both `http` versions, so that no name is parsed per request.
    for (name, actix_name) in [
        (http::header::AUTHORIZATION, actix_header::AUTHORIZATION),
        (http::header::CONTENT_TYPE, actix_header::CONTENT_TYPE),
        (
            http::HeaderName::from_static("dpop"),
            actix_header::HeaderName::from_static("dpop"),
        ),
    ] {
        for value in request.headers().get_all(actix_name) {
            if let Ok(value) = http::HeaderValue::from_bytes(value.as_bytes()) {
                parts.headers.append(name.clone(), value);
            }
        }
    }
    if let Some(query) = request.uri().query() {
        parts.uri = format!("/?{query}").parse().unwrap_or_default();
    }
    parts
}

/// The request head as `http` 1 parts (actix-web 4 speaks `http` 0.2). The URI is made absolute
/// from the `Host` header and whether actix terminates TLS, so the DPoP `htu` can be rebuilt.
fn http_parts(request: &HttpRequest) -> http::request::Parts {
    let (mut parts, ()) = http::Request::new(()).into_parts();
    parts.method =
        http::Method::from_bytes(request.method().as_str().as_bytes()).unwrap_or_default();
    for (name, value) in request.headers() {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_str().as_bytes()),
            http::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            parts.headers.append(name, value);
        }
    }
    let path_and_query = request
        .uri()
        .path_and_query()
        .map_or("/", |path| path.as_str());
    let scheme = if request.app_config().secure() {
        "https"
    } else {
        "http"
    };
    let uri = match parts
        .headers
        .get(http::header::HOST)
        .and_then(|h| h.to_str().ok())
    {
        Some(host) => format!("{scheme}://{host}{path_and_query}"),
        None => path_and_query.to_owned(),
    };
    parts.uri = uri
        .parse()
        .or_else(|_| path_and_query.parse())
        .unwrap_or_default();
    parts
}

fn rejection_response(rejection: &BearerRejection) -> HttpResponse {
    let status = StatusCode::from_u16(rejection.status().as_u16())
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    for (name, value) in &rejection.headers() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            response.insert_header((name, value));
        }
    }
    response.finish()
}

impl FromRequest for BearerToken {
    type Error = BearerTokenRejection;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let extensions = request.extensions();
        ready(match extensions.get::<AccessTokenInfo>() {
            Some(info) => Ok(BearerToken(info.clone())),
            None => Err(BearerTokenRejection::for_request(
                extensions.get::<BearerChecked>(),
            )),
        })
    }
}

impl ResponseError for BearerTokenRejection {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status().as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = match self.challenge() {
            Some(challenge) => rejection_response(challenge),
            None => HttpResponse::build(self.status_code()).finish(),
        };
        let body = self.to_string();
        response.headers_mut().insert(
            actix_web::http::header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        response.set_body(body).map_into_boxed_body()
    }
}

impl ResponseError for BearerRejection {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status().as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        rejection_response(self)
    }
}
