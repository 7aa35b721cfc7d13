//! Mounting the handlers on an axum [`Router`](axum::Router) (feature `axum`).

use std::future::Future;

use axum::Router;
use axum::extract::{Path, Request};
use axum::routing::{MethodRouter, get, post};
use axum_core::response::{IntoResponse, Response};
use http::StatusCode;

use super::EndpointRequest;
use super::family::Family;
use super::grant_management::GrantIdSegment;
use super::response::AuthleteResponse;
use super::server::{AuthorizationServer, Endpoint};

impl AuthorizationServer {
    /// An axum `Router` with every endpoint at its [`Paths`](super::Paths) entry:
    /// authorization (GET, POST), decision, token, introspection, revocation, UserInfo (GET, POST),
    /// JWKS, PAR, device authorization / verification (GET, POST) / completion, registration
    /// (POST, and GET/PUT/DELETE `{registration}/{client_id}`), the CIBA backchannel
    /// authentication endpoint (with [`with_backchannel`](Self::with_backchannel)), grant
    /// management (GET and DELETE `{grant_management}/{grant_id}`) and both
    /// discovery documents — less the [`Family`]s left out with [`without`](Self::without).
    ///
    /// Bodies larger than [`AuthorizationServer::with_max_body_size`] are answered `413`; a panic
    /// inside a handler (e.g. in the application's SPI) is logged and answered `500`.
    pub fn router(&self) -> Router {
        let paths = self.paths().clone();
        let management_path = format!("{}/{{client_id}}", paths.registration.trim_end_matches('/'));
        let management = {
            let server = self.clone();
            move |Path(client_id): Path<String>, request: Request| {
                let server = server.clone();
                async move {
                    match collect(&server, request).await {
                        Ok(request) => server
                            .registration_management(request, &client_id)
                            .await
                            .into_response(),
                        Err(answer) => answer,
                    }
                }
            }
        };
        let discovery = {
            let server = self.clone();
            move || {
                let server = server.clone();
                async move { server.discovery().await }
            }
        };
        let jwks = {
            let server = self.clone();
            move || {
                let server = server.clone();
                async move { server.jwks().await }
            }
        };
        let mut router = Router::new()
            .route(&paths.authorization, self.both(Endpoint::Authorization))
            .route(&paths.decision, self.post(Endpoint::Decision))
            .route(&paths.token, self.post(Endpoint::Token))
            .route(&paths.jwks, get(jwks))
            .route(&paths.openid_configuration, get(discovery.clone()))
            .route(&paths.oauth_authorization_server, get(discovery));
        if self.mounts(Family::Introspection) {
            router = router.route(&paths.introspection, self.post(Endpoint::Introspection));
        }
        if self.mounts(Family::Revocation) {
            router = router.route(&paths.revocation, self.post(Endpoint::Revocation));
        }
        if self.mounts(Family::UserInfo) {
            router = router.route(&paths.userinfo, self.both(Endpoint::UserInfo));
        }
        if self.mounts(Family::PushedAuthorization) {
            router = router.route(&paths.par, self.post(Endpoint::Par));
        }
        if self.mounts(Family::DeviceFlow) {
            router = router
                .route(
                    &paths.device_authorization,
                    self.post(Endpoint::DeviceAuthorization),
                )
                .route(
                    &paths.device_verification,
                    self.both(Endpoint::DeviceVerification),
                )
                .route(&paths.device_complete, self.post(Endpoint::DeviceComplete));
        }
        if self.mounts(Family::Registration) {
            router = router
                .route(&paths.registration, self.post(Endpoint::Registration))
                .route(
                    &management_path,
                    get(management.clone())
                        .put(management.clone())
                        .delete(management),
                );
        }
        if self.mounts(Family::Backchannel) {
            router = router.route(
                &paths.backchannel_authentication,
                self.post(Endpoint::Backchannel),
            );
        }
        if self.mounts(Family::GrantManagement) {
            let grant = {
                let server = self.clone();
                move |Path(grant_id): Path<String>, mut request: Request| {
                    let server = server.clone();
                    async move {
                        request.extensions_mut().insert(GrantIdSegment(grant_id));
                        match collect(&server, request).await {
                            Ok(request) => server
                                .dispatch(Endpoint::GrantManagement, request)
                                .await
                                .into_response(),
                            Err(answer) => answer,
                        }
                    }
                }
            };
            router = router.route(
                &format!(
                    "{}/{{grant_id}}",
                    paths.grant_management.trim_end_matches('/')
                ),
                get(grant.clone()).delete(grant),
            );
        }
        router
    }

    fn post(&self, endpoint: Endpoint) -> MethodRouter {
        post(self.endpoint(endpoint))
    }

    fn both(&self, endpoint: Endpoint) -> MethodRouter {
        let handler = self.endpoint(endpoint);
        get(handler.clone()).post(handler)
    }

    fn endpoint(
        &self,
        endpoint: Endpoint,
    ) -> impl Fn(Request) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>>
    + Clone
    + Send
    + Sync
    + 'static {
        let server = self.clone();
        move |request: Request| {
            let server = server.clone();
            Box::pin(async move {
                match collect(&server, request).await {
                    Ok(request) => server.dispatch(endpoint, request).await.into_response(),
                    Err(answer) => answer,
                }
            })
        }
    }
}

/// Reads the whole body (up to the configured limit) into an `http::Request<Bytes>`.
async fn collect(
    server: &AuthorizationServer,
    request: Request,
) -> Result<EndpointRequest, Response> {
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, server.max_body_size()).await {
        Ok(bytes) => Ok(http::Request::from_parts(parts, bytes)),
        Err(error) => Err(body_failure(&error).into_response()),
    }
}

/// The answer to a request body that could not be read: too large (`413`), too slow (`408`,
/// feature `serve`'s body timeout), or broken off (`400`).
fn body_failure(error: &axum::Error) -> AuthleteResponse {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return AuthleteResponse::oauth_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_request",
                "The request body is too large.",
            );
        }
        #[cfg(feature = "serve")]
        if cause.is::<tower_http::timeout::TimeoutError>() {
            return AuthleteResponse::oauth_error(
                StatusCode::REQUEST_TIMEOUT,
                "invalid_request",
                "The request body did not arrive in time.",
            );
        }
        source = cause.source();
    }
    AuthleteResponse::oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        "The request body could not be read.",
    )
}
