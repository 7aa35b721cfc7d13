//! Mounting the handlers on actix-web (feature `actix`): [`AuthleteResponse`] is a `Responder`,
//! and [`AuthorizationServer::configure`] adds every endpoint to a `ServiceConfig`.
//!
//! ```no_run
//! # #[cfg(feature = "actix")]
//! # async fn run(server: authlete_tower::AuthorizationServer) -> std::io::Result<()> {
//! use actix_web::{App, HttpServer};
//!
//! HttpServer::new(move || {
//!     let server = server.clone();
//!     App::new().configure(move |config| server.configure(config))
//! })
//! .bind(("127.0.0.1", 8000))?
//! .run()
//! .await
//! # }
//! ```

use actix_web::body::BoxBody;
use actix_web::http::StatusCode as ActixStatus;
use actix_web::http::header::{HeaderName as ActixHeaderName, HeaderValue as ActixHeaderValue};
use actix_web::{HttpRequest, HttpResponse, Responder, web};
use bytes::Bytes;
use http::StatusCode;

use super::EndpointRequest;
use super::family::Family;
use super::grant_management::GrantIdSegment;
use super::response::AuthleteResponse;
use super::server::{AuthorizationServer, Endpoint};

impl Responder for AuthleteResponse {
    type Body = BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse {
        into_actix(self)
    }
}

/// Converts an [`AuthleteResponse`] into an actix-web `HttpResponse`.
pub fn into_actix(answer: AuthleteResponse) -> HttpResponse {
    let (status, headers, body) = answer.into_parts();
    let status =
        ActixStatus::from_u16(status.as_u16()).unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR);
    let mut response = HttpResponse::build(status);
    for (name, value) in &headers {
        if let (Ok(name), Ok(value)) = (
            ActixHeaderName::from_bytes(name.as_str().as_bytes()),
            ActixHeaderValue::from_bytes(value.as_bytes()),
        ) {
            response.append_header((name, value));
        }
    }
    response.body(body)
}

/// Converts an actix-web request and its body into the [`EndpointRequest`] the handlers take,
/// with the peer's address as a [`ClientAddress`](super::ClientAddress) extension.
pub fn from_actix(request: &HttpRequest, body: Bytes) -> Option<EndpointRequest> {
    let mut builder = http::Request::builder()
        .method(request.method().as_str())
        .uri(request.uri().to_string());
    for (name, value) in request.headers() {
        builder = builder.header(name.as_str(), value.as_bytes());
    }
    if let Some(peer) = request.peer_addr() {
        builder = builder.extension(super::ClientAddress(peer));
    }
    builder.body(body).ok()
}

impl AuthorizationServer {
    /// Adds every endpoint at its [`Paths`](super::Paths) entry to an actix-web `ServiceConfig`
    /// (the same set as [`AuthorizationServer::router`] in axum, less the
    /// [`Family`]s left out). Bodies larger than
    /// [`AuthorizationServer::with_max_body_size`] are refused with `413`; a panic inside a handler
    /// is logged and answered `500`.
    pub fn configure(&self, config: &mut web::ServiceConfig) {
        let paths = self.paths().clone();
        let both = [
            (&paths.authorization, Endpoint::Authorization, None),
            (&paths.userinfo, Endpoint::UserInfo, Some(Family::UserInfo)),
            (
                &paths.device_verification,
                Endpoint::DeviceVerification,
                Some(Family::DeviceFlow),
            ),
        ];
        let mounted = |family: Option<Family>| family.is_none_or(|family| self.mounts(family));
        for (path, endpoint, family) in both {
            if !mounted(family) {
                continue;
            }
            config.service(
                web::resource(path.as_str())
                    .route(web::get().to(self.actix_endpoint(endpoint)))
                    .route(web::post().to(self.actix_endpoint(endpoint))),
            );
        }
        let post_only = [
            (&paths.decision, Endpoint::Decision, None),
            (&paths.token, Endpoint::Token, None),
            (
                &paths.introspection,
                Endpoint::Introspection,
                Some(Family::Introspection),
            ),
            (
                &paths.revocation,
                Endpoint::Revocation,
                Some(Family::Revocation),
            ),
            (&paths.par, Endpoint::Par, Some(Family::PushedAuthorization)),
            (
                &paths.device_authorization,
                Endpoint::DeviceAuthorization,
                Some(Family::DeviceFlow),
            ),
            (
                &paths.device_complete,
                Endpoint::DeviceComplete,
                Some(Family::DeviceFlow),
            ),
            (
                &paths.registration,
                Endpoint::Registration,
                Some(Family::Registration),
            ),
            (
                &paths.backchannel_authentication,
                Endpoint::Backchannel,
                Some(Family::Backchannel),
            ),
        ];
        for (path, endpoint, family) in post_only {
            if !mounted(family) {
                continue;
            }
            config.service(
                web::resource(path.as_str()).route(web::post().to(self.actix_endpoint(endpoint))),
            );
        }
        let management = {
            let server = self.clone();
            move |request: HttpRequest, client_id: web::Path<String>, payload: web::Payload| {
                let server = server.clone();
                async move {
                    match read(&server, &request, payload).await {
                        Ok(converted) => {
                            server.registration_management(converted, &client_id).await
                        }
                        Err(answer) => answer,
                    }
                }
            }
        };
        if self.mounts(Family::Registration) {
            config.service(
                web::resource(format!(
                    "{}/{{client_id}}",
                    paths.registration.trim_end_matches('/')
                ))
                .route(web::get().to(management.clone()))
                .route(web::put().to(management.clone()))
                .route(web::delete().to(management)),
            );
        }
        if self.mounts(Family::GrantManagement) {
            let grant = {
                let server = self.clone();
                move |request: HttpRequest, grant_id: web::Path<String>, payload: web::Payload| {
                    let server = server.clone();
                    async move {
                        match read(&server, &request, payload).await {
                            Ok(mut converted) => {
                                converted
                                    .extensions_mut()
                                    .insert(GrantIdSegment(grant_id.into_inner()));
                                server.dispatch(Endpoint::GrantManagement, converted).await
                            }
                            Err(answer) => answer,
                        }
                    }
                }
            };
            config.service(
                web::resource(format!(
                    "{}/{{grant_id}}",
                    paths.grant_management.trim_end_matches('/')
                ))
                .route(web::get().to(grant.clone()))
                .route(web::delete().to(grant)),
            );
        }
        for path in [
            &paths.openid_configuration,
            &paths.oauth_authorization_server,
        ] {
            let server = self.clone();
            config.route(
                path.as_str(),
                web::get().to(move || {
                    let server = server.clone();
                    async move { server.discovery().await }
                }),
            );
        }
        let server = self.clone();
        config.route(
            paths.jwks.as_str(),
            web::get().to(move || {
                let server = server.clone();
                async move { server.jwks().await }
            }),
        );
    }

    #[allow(clippy::type_complexity)]
    fn actix_endpoint(
        &self,
        endpoint: Endpoint,
    ) -> impl Fn(
        HttpRequest,
        web::Payload,
    ) -> std::pin::Pin<Box<dyn Future<Output = AuthleteResponse>>>
    + Clone
    + 'static {
        let server = self.clone();
        move |request: HttpRequest, payload: web::Payload| {
            let server = server.clone();
            Box::pin(async move {
                match read(&server, &request, payload).await {
                    Ok(converted) => server.dispatch(endpoint, converted).await,
                    Err(answer) => answer,
                }
            })
        }
    }
}

/// Reads the body (up to the configured limit) and converts the request.
async fn read(
    server: &AuthorizationServer,
    request: &HttpRequest,
    payload: web::Payload,
) -> Result<EndpointRequest, AuthleteResponse> {
    match payload.to_bytes_limited(server.max_body_size()).await {
        Ok(Ok(body)) => from_actix(request, body).ok_or_else(unconvertible),
        Ok(Err(_)) => Err(unconvertible()),
        Err(_) => Err(AuthleteResponse::oauth_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalid_request",
            "The request body is too large.",
        )),
    }
}

fn unconvertible() -> AuthleteResponse {
    AuthleteResponse::oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "The request cannot be read.",
    )
}
