//! The scale target of the negative cache: how many introspection calls 10 000 requests with
//! 1 000 distinct invalid tokens cause (target: at most 1 000, one per token per negative TTL).
//!
//! The bearer layer, with its default cache, guards an in-process axum app; a counting
//! `AuthleteApi` wrapper around the local backend counts what reaches it. Requests are sent 64
//! at a time, in an order that repeats each token ten times spread over the run.
//!
//! ```text
//! cargo bench --profile dev --bench invalid_tokens
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use async_trait::async_trait;
use authlete_local::LocalBackend;
use authlete_tower::api::{ApiError, AuthleteApi};
use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::dto::*;
use authlete_tower::{AuthleteBearer, BearerToken};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use futures_util::StreamExt;
use http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

const REQUESTS: usize = 10_000;
const DISTINCT: usize = 1_000;
const CONCURRENCY: usize = 64;

/// The local backend, counting the introspection calls that reach it.
struct Counting {
    inner: LocalBackend,
    introspections: AtomicUsize,
}

macro_rules! delegate {
    ($($name:ident($arg:ty) -> $out:ty;)*) => {$(
        fn $name<'life0, 'async_trait>(
            &'life0 self,
            request: $arg,
        ) -> std::pin::Pin<Box<dyn Future<Output = Result<$out, ApiError>> + Send + 'async_trait>>
        where
            'life0: 'async_trait,
            Self: 'async_trait,
        {
            self.inner.$name(request)
        }
    )*};
}

#[async_trait]
impl AuthleteApi for Counting {
    async fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        self.introspections.fetch_add(1, Ordering::Relaxed);
        self.inner.introspection(request).await
    }

    delegate! {
        authorization(AuthorizationRequest) -> AuthorizationResponse;
        authorization_issue(AuthorizationIssueRequest) -> AuthorizationIssueResponse;
        authorization_fail(AuthorizationFailRequest) -> AuthorizationFailResponse;
        token(TokenRequest) -> TokenResponse;
        token_issue(TokenIssueRequest) -> TokenIssueResponse;
        token_fail(TokenFailRequest) -> TokenFailResponse;
        standard_introspection(StandardIntrospectionRequest) -> StandardIntrospectionResponse;
        revocation(RevocationRequest) -> RevocationResponse;
        userinfo(UserInfoRequest) -> UserInfoResponse;
        userinfo_issue(UserInfoIssueRequest) -> UserInfoIssueResponse;
        service_configuration(ServiceConfigurationOptions) -> Value;
        service_jwks(ServiceJwksOptions) -> Option<Value>;
        pushed_authorization(PushedAuthorizationRequest) -> PushedAuthorizationResponse;
        device_authorization(DeviceAuthorizationRequest) -> DeviceAuthorizationResponse;
        device_verification(DeviceVerificationRequest) -> DeviceVerificationResponse;
        device_complete(DeviceCompleteRequest) -> DeviceCompleteResponse;
        backchannel_authentication(BackchannelAuthenticationRequest) -> BackchannelAuthenticationResponse;
        backchannel_authentication_issue(BackchannelAuthenticationIssueRequest) -> BackchannelAuthenticationIssueResponse;
        backchannel_authentication_fail(BackchannelAuthenticationFailRequest) -> BackchannelAuthenticationFailResponse;
        backchannel_authentication_complete(BackchannelAuthenticationCompleteRequest) -> BackchannelAuthenticationCompleteResponse;
        client_registration(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_registration_get(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_registration_update(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_registration_delete(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_create(Client) -> Client;
        token_create(TokenCreateRequest) -> TokenCreateResponse;
        token_update(TokenUpdateRequest) -> TokenUpdateResponse;
        token_revoke(TokenRevokeRequest) -> TokenRevokeResponse;
        token_list(TokenListOptions) -> TokenGetListResponse;
    }

    async fn client_get(&self, client_id: &str) -> Result<Client, ApiError> {
        self.inner.client_get(client_id).await
    }

    async fn token_delete(&self, identifier: &str) -> Result<(), ApiError> {
        self.inner.token_delete(identifier).await
    }

    async fn client_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.inner.client_delete(client_id).await
    }

    async fn client_secret_refresh(
        &self,
        client_identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        self.inner.client_secret_refresh(client_identifier).await
    }
}

async fn protected(_: BearerToken) -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() {
    let api = Arc::new(Counting {
        inner: LocalBackend::demo(),
        introspections: AtomicUsize::new(0),
    });
    let app = Router::new()
        .route("/res", get(protected))
        .route_layer(AuthleteBearer::new(api.clone()).with_cache(IntrospectionCache::default()));
    let started = Instant::now();
    let refused = futures_util::stream::iter(0..REQUESTS)
        .map(|n| {
            let app = app.clone();
            async move {
                let request = Request::get("/res")
                    .header(
                        "authorization",
                        format!("Bearer invalid-{:04}", n % DISTINCT),
                    )
                    .body(Body::empty())
                    .unwrap();
                app.oneshot(request).await.unwrap().status()
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter(|status| std::future::ready(*status == StatusCode::UNAUTHORIZED))
        .count()
        .await;
    let elapsed = started.elapsed();
    let calls = api.introspections.load(Ordering::Relaxed);
    assert_eq!(refused, REQUESTS, "every request is refused with 401");
    println!(
        "{REQUESTS} requests with {DISTINCT} distinct invalid tokens: {calls} introspection calls \
         (target <= {DISTINCT}), all {refused} answered 401, in {elapsed:.2?}"
    );
    assert!(calls <= DISTINCT, "{calls} calls exceed the target");
}
