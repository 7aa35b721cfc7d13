//! Revocation across replicas, on loopback: one authorization server and three resource-server
//! replicas sharing a `redis-server` of the bench's own; each round mints a token, warms every
//! replica's cache with it (an hour of caching), revokes it at the authorization server, and
//! measures the time until the last replica refuses it. Prints p50, p99 and the maximum.
//!
//! Run: `cargo bench --bench revocation --features redis` (needs `redis-server`).

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use authlete_local::{LocalBackend, LocalServer, demo};
use authlete_tower::bearer::{IntrospectionCache, RedisRevocationBus};
use authlete_tower::dto::TokenRequest;
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, DecisionOutcome, Form, InteractionSpi, SpiError, UserSpi,
};
use authlete_tower::{
    AuthleteApi, AuthleteBearer, AuthleteClient, AuthleteResponse, AuthorizationServer, BearerToken,
};
use axum::Router;
use axum::routing::get;
use http::request::Parts;

const REPLICAS: usize = 3;
const ROUNDS: usize = 300;

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

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .expect("a loopback port");
    let base = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

async fn whoami(token: BearerToken) -> String {
    token
        .client_id()
        .map(|id| id.to_string())
        .unwrap_or_default()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port");
    let mut redis = match Command::new("redis-server")
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            eprintln!("this bench needs redis-server (apt-get install -y redis-server): {error}");
            std::process::exit(2);
        }
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = format!("redis://127.0.0.1:{port}/");

    let backend = LocalBackend::demo();
    let local = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().expect("address"))
        .await
        .expect("the local backend starts");
    let api: Arc<dyn AuthleteApi> =
        Arc::new(AuthleteClient::new(local.config_v3()).expect("a client"));
    let bus = RedisRevocationBus::new(&url).expect("a Redis URL");

    let mut replicas = Vec::new();
    let mut subscriptions = Vec::new();
    for _ in 0..REPLICAS {
        let cache = IntrospectionCache::builder()
            .max_age(Duration::from_secs(3600))
            .build();
        subscriptions.push(bus.subscribe(cache.clone()));
        let router = Router::new()
            .route("/res", get(whoami))
            .route_layer(AuthleteBearer::new(api.clone()).with_cache(cache));
        replicas.push(serve(router).await);
    }
    while !subscriptions.iter().all(|s| s.is_connected()) {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let authorization_server = serve(
        AuthorizationServer::new(api.clone(), App)
            .on_token_revoked(bus.revocation_hook())
            .router(),
    )
    .await;
    let http = reqwest::Client::new();

    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
        request.client_id = Some(demo::CLIENT_ID.to_owned());
        request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
        let token = backend
            .token(request)
            .await
            .expect("a token")
            .access_token
            .expect("an access token");
        for replica in &replicas {
            let status = http
                .get(format!("{replica}/res"))
                .bearer_auth(&token)
                .send()
                .await
                .expect("the replica answers")
                .status();
            assert_eq!(status, 200);
        }
        let started = Instant::now();
        let revoked = http
            .post(format!("{authorization_server}/api/revocation"))
            .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={token}"))
            .send()
            .await
            .expect("the authorization server answers");
        assert_eq!(revoked.status(), 200);
        // Every replica polled side by side; the round ends when the last one refuses.
        let polls = replicas.iter().map(|replica| {
            let http = http.clone();
            let url = format!("{replica}/res");
            let token = token.clone();
            async move {
                loop {
                    let status = http
                        .get(&url)
                        .bearer_auth(&token)
                        .send()
                        .await
                        .expect("the replica answers")
                        .status();
                    if status == 401 {
                        return started.elapsed();
                    }
                    assert!(started.elapsed() < Duration::from_secs(10), "never refused");
                }
            }
        });
        let last = futures_util::future::join_all(polls)
            .await
            .into_iter()
            .max()
            .expect("replicas");
        times.push(last);
    }
    times.sort();
    println!(
        "revocation at the AS -> refused by the last of {REPLICAS} replicas, {ROUNDS} rounds: \
         p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(&times, 0.50).as_secs_f64() * 1000.0,
        percentile(&times, 0.99).as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
    );
    local.shutdown().await;
    let _ = redis.kill();
    let _ = redis.wait();
}
