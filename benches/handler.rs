//! What the endpoint handlers add on top of the Authlete API: the token endpoint (client
//! credentials) called directly on the in-process local backend, and through
//! `AuthorizationServer::token` (client authentication parsing, request building, answer mapping).
//!
//! Run: `cargo bench --bench handler`

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::dto::TokenRequest;
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, DecisionOutcome, Form, InteractionSpi, SpiError, UserSpi,
};
use authlete_tower::{AuthleteApi, AuthleteResponse, AuthorizationServer};
use base64::Engine;
use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use http::request::Parts;

struct App;

impl UserSpi for App {}

impl InteractionSpi for App {
    async fn current_user(&self, _: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
        Ok(None)
    }
    async fn authorization_page(
        &self,
        _: AuthorizationPage,
        _: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        Err(SpiError::new("not used"))
    }
    async fn decision(&self, _: &Parts, _: &Form) -> Result<DecisionOutcome, SpiError> {
        Err(SpiError::new("not used"))
    }
}

const PARAMETERS: &str = "grant_type=client_credentials&scope=profile";

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut config = LocalConfig::demo();
    config.limits.max_entries = 10_000_000;
    let backend = LocalBackend::new(config).unwrap();
    let server = AuthorizationServer::new(Arc::new(backend.clone()), App);
    let basic = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!(
            "{}:{}",
            demo::CLIENT_ID,
            demo::CLIENT_SECRET
        ))
    );

    let mut group = c.benchmark_group("token_client_credentials");
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("local_backend_direct", |b| {
        b.to_async(&runtime).iter(|| async {
            let mut request = TokenRequest::new(PARAMETERS);
            request.client_id = Some(demo::CLIENT_ID.into());
            request.client_secret = Some(demo::CLIENT_SECRET.into());
            let answer = backend.token(request).await.unwrap();
            assert!(answer.access_token.is_some());
        })
    });
    group.bench_function("through_token_handler", |b| {
        b.to_async(&runtime).iter(|| async {
            let request = http::Request::post("/api/token")
                .header("authorization", &basic)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Bytes::from_static(PARAMETERS.as_bytes()))
                .unwrap();
            let answer = server.token(request).await;
            assert_eq!(answer.status(), http::StatusCode::OK);
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
