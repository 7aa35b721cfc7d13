//! The cost of the bearer layer. Run with
//!
//! ```text
//! cargo bench --bench bearer --features jwt
//! ```
//!
//! Criterion measures, side by side: (a) an axum handler with no auth, (b) the same behind
//! `AuthleteBearer` with a warm cache, (c) behind `AuthleteBearer` with caching off, against the
//! local backend over loopback HTTP, (d) a plain introspection call through `AuthleteClient`, and
//! (e) the layer verifying a JWT access token locally (RS256 and ES256, and RS256 with the memory
//! of verified tokens off, i.e. a signature check per request).
//! (a), (b) and (e) drive the router in-process with `tower::ServiceExt::oneshot`, so the HTTP
//! stack does not hide the layer's cost. After criterion, a timing loop prints throughput and
//! p50/p99 latency for each, a throughput table puts (a), (b), (e) and (c) side by side at
//! concurrency 1 and 32 in-process and again over loopback HTTP (five interleaved rounds, medians;
//! with the issue's targets: (e) ≥ 0.90× and (b) ≥ 0.95× of (a) at 32),
//! and a memory step measures the cache with 100 000 entries (`/proc/self/statm` before and
//! after). Figures go to `docs/performance.md`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use authlete_local::{ClientConfig, LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::api::{ApiError, AuthleteApi, Operation};
use authlete_tower::bearer::{IntrospectionCache, JwtVerifier};
use authlete_tower::dto::*;
use authlete_tower::{AuthleteBearer, AuthleteClient, BearerToken};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::StreamExt;
use http::Request;
use serde_json::Value;
use tower::ServiceExt;

struct Setup {
    _server: LocalServer,
    client: AuthleteClient,
    token: String,
    plain: Router,
    cached: Router,
    uncached: Router,
    /// Verifies JWT access tokens locally.
    local_jwt: Router,
    /// The same without the memory of verified tokens: a signature check per request.
    local_jwt_unremembered: Router,
    jwt_rs256: String,
    jwt_es256: String,
    http: reqwest::Client,
    plain_url: String,
    cached_url: String,
    uncached_url: String,
    local_jwt_url: String,
}

/// Serves `app` on 127.0.0.1 and answers its `/res` URL.
async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/res")
}

async fn call_http(http: &reqwest::Client, url: &str, token: &str) -> u16 {
    let response = http
        .get(url)
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    black_box(response.bytes().await.unwrap());
    status
}

async fn mint(backend: &LocalBackend) -> String {
    let mut request =
        TokenRequest::new("grant_type=password&username=john&password=pw&scope=openid%20profile");
    request.client_id = Some(demo::CLIENT_ID.to_owned());
    request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    let ticket = backend.token(request).await.unwrap().ticket.unwrap();
    let issued = backend
        .token_issue(TokenIssueRequest::new(ticket, "john"))
        .await
        .unwrap();
    issued.access_token.unwrap()
}

/// A JWT access token of `client_id` (client credentials, `profile`).
async fn mint_jwt(backend: &LocalBackend, client_id: &str) -> String {
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(client_id.to_owned());
    request.client_secret = Some("bench-secret".to_owned());
    let issued = backend.token(request).await.unwrap();
    issued.jwt_access_token.expect("a JWT access token")
}

async fn plain_handler() -> &'static str {
    "ok"
}

async fn protected_handler(token: BearerToken) -> &'static str {
    black_box(token.subject());
    "ok"
}

async fn setup() -> Setup {
    // The demo, plus two clients whose access tokens are JWTs.
    let mut config = LocalConfig::demo();
    for (id, alg) in [(4000, "RS256"), (4001, "ES256")] {
        config.clients.push(
            ClientConfig::confidential(id, "bench-secret", "JWT client")
                .grant_types(["client_credentials"])
                .jwt_access_tokens(alg),
        );
    }
    let backend = LocalBackend::new(config).unwrap();
    let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let client = AuthleteClient::new(server.config_v3()).unwrap();
    let token = mint(&backend).await;
    let plain = Router::new().route("/res", get(plain_handler));
    let cached = Router::new()
        .route("/res", get(protected_handler))
        .route_layer(AuthleteBearer::new(client.clone()).required_scopes(["profile"]));
    let uncached = Router::new()
        .route("/res", get(protected_handler))
        .route_layer(
            AuthleteBearer::new(client.clone())
                .required_scopes(["profile"])
                .without_cache(),
        );
    let jwt_rs256 = mint_jwt(&backend, "4000").await;
    let jwt_es256 = mint_jwt(&backend, "4001").await;
    let local_jwt = Router::new()
        .route("/res", get(protected_handler))
        .route_layer(
            AuthleteBearer::new(client.clone())
                .required_scopes(["profile"])
                .verify_jwt_locally(JwtVerifier::new(demo::ISSUER)),
        );
    let local_jwt_unremembered = Router::new()
        .route("/res", get(protected_handler))
        .route_layer(
            AuthleteBearer::new(client.clone())
                .required_scopes(["profile"])
                .verify_jwt_locally(
                    JwtVerifier::new(demo::ISSUER).verified_cache(0, Duration::ZERO),
                ),
        );
    let plain_url = serve(plain.clone()).await;
    let cached_url = serve(cached.clone()).await;
    let uncached_url = serve(uncached.clone()).await;
    let local_jwt_url = serve(local_jwt.clone()).await;
    let http = reqwest::Client::new();
    let setup = Setup {
        _server: server,
        client,
        token,
        plain,
        cached,
        uncached,
        local_jwt,
        local_jwt_unremembered,
        jwt_rs256,
        jwt_es256,
        http,
        plain_url,
        cached_url,
        uncached_url,
        local_jwt_url,
    };
    // Warm the cache and the connection pools.
    assert_eq!(call(&setup.cached, &setup.token).await, 200);
    assert_eq!(call(&setup.uncached, &setup.token).await, 200);
    // The JWK Set is fetched by the first JWT request.
    assert_eq!(call(&setup.local_jwt, &setup.jwt_rs256).await, 200);
    assert_eq!(call(&setup.local_jwt, &setup.jwt_es256).await, 200);
    assert_eq!(
        call(&setup.local_jwt_unremembered, &setup.jwt_rs256).await,
        200
    );
    assert_eq!(
        call_http(&setup.http, &setup.plain_url, &setup.token).await,
        200
    );
    assert_eq!(
        call_http(&setup.http, &setup.cached_url, &setup.token).await,
        200
    );
    setup
}

async fn call(app: &Router, token: &str) -> u16 {
    let request = Request::get("/res")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    app.clone()
        .oneshot(request)
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn introspect(client: &AuthleteClient, token: &str) {
    let mut request = IntrospectionRequest::new(token);
    request.scopes = Some(vec!["profile".to_owned()]);
    let answer = client.introspection(request).await.unwrap();
    assert_eq!(answer.action, Some(IntrospectionAction::Ok));
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn criterion_benches(c: &mut Criterion) {
    let rt = runtime();
    let s = rt.block_on(setup());
    let mut group = c.benchmark_group("bearer");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30);
    group.bench_function("a_no_auth", |b| {
        b.to_async(&rt).iter(|| call(&s.plain, &s.token))
    });
    group.bench_function("b_bearer_warm_cache", |b| {
        b.to_async(&rt).iter(|| call(&s.cached, &s.token))
    });
    group.bench_function("a_no_auth_loopback", |b| {
        b.to_async(&rt)
            .iter(|| call_http(&s.http, &s.plain_url, &s.token))
    });
    group.bench_function("b_bearer_warm_cache_loopback", |b| {
        b.to_async(&rt)
            .iter(|| call_http(&s.http, &s.cached_url, &s.token))
    });
    group.bench_function("c_bearer_no_cache_loopback", |b| {
        b.to_async(&rt).iter(|| call(&s.uncached, &s.token))
    });
    group.bench_function("d_introspection_only", |b| {
        b.to_async(&rt).iter(|| introspect(&s.client, &s.token))
    });
    group.bench_function("e_local_jwt_rs256", |b| {
        b.to_async(&rt).iter(|| call(&s.local_jwt, &s.jwt_rs256))
    });
    group.bench_function("e_local_jwt_es256", |b| {
        b.to_async(&rt).iter(|| call(&s.local_jwt, &s.jwt_es256))
    });
    group.bench_function("e_local_jwt_rs256_unremembered", |b| {
        b.to_async(&rt)
            .iter(|| call(&s.local_jwt_unremembered, &s.jwt_rs256))
    });
    group.finish();
    rt.block_on(percentiles(&s));
    rt.block_on(concurrency_table(&s));
    rt.block_on(loopback_table(&s));
    rt.block_on(cache_memory());
}

struct Timing {
    per_second: f64,
    p50: Duration,
    p99: Duration,
}

impl Timing {
    fn of(mut samples: Vec<Duration>) -> Timing {
        let total: Duration = samples.iter().sum();
        samples.sort();
        let n = samples.len();
        Timing {
            per_second: n as f64 / total.as_secs_f64(),
            p50: samples[n / 2],
            p99: samples[n * 99 / 100],
        }
    }
}

/// Times `first` and `second` alternately, so both see the same machine load.
async fn paired<F, G, FutF, FutG>(
    iterations: usize,
    mut first: F,
    mut second: G,
) -> (Timing, Timing)
where
    F: FnMut() -> FutF,
    G: FnMut() -> FutG,
    FutF: Future,
    FutG: Future,
{
    let mut one = Vec::with_capacity(iterations);
    let mut two = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        let start = Instant::now();
        black_box(first().await);
        one.push(start.elapsed());
        let start = Instant::now();
        black_box(second().await);
        two.push(start.elapsed());
    }
    (Timing::of(one), Timing::of(two))
}

async fn percentiles(s: &Setup) {
    let (a, b) = paired(
        100_000,
        || call(&s.plain, &s.token),
        || call(&s.cached, &s.token),
    )
    .await;
    let (a_http, b_http) = paired(
        10_000,
        || call_http(&s.http, &s.plain_url, &s.token),
        || call_http(&s.http, &s.cached_url, &s.token),
    )
    .await;
    let (c, d) = paired(
        10_000,
        || call(&s.uncached, &s.token),
        || introspect(&s.client, &s.token),
    )
    .await;
    println!(
        "\n{:<36} {:>12} {:>10} {:>10}",
        "case (one request at a time)", "req/s", "p50", "p99"
    );
    for (name, t) in [
        ("(a) no auth (in-process)", &a),
        ("(b) bearer, warm cache (in-process)", &b),
        ("(a) no auth (loopback)", &a_http),
        ("(b) bearer, warm cache (loopback)", &b_http),
        ("(c) bearer, no cache (loopback)", &c),
        ("(d) introspection only (loopback)", &d),
    ] {
        println!(
            "{name:<36} {:>12.0} {:>10.2?} {:>10.2?}",
            t.per_second, t.p50, t.p99
        );
    }
    println!(
        "(b)/(a) throughput: {:.1}% in-process ({:.0} ns added per request at p50), {:.1}% over loopback",
        100.0 * b.per_second / a.per_second,
        b.p50.as_nanos() as f64 - a.p50.as_nanos() as f64,
        100.0 * b_http.per_second / a_http.per_second
    );
    println!(
        "(c) over (d): p50 {:+.1}% ({:+.2?}), mean {:+.1}%",
        100.0 * (c.p50.as_secs_f64() / d.p50.as_secs_f64() - 1.0),
        c.p50.saturating_sub(d.p50),
        100.0 * (d.per_second / c.per_second - 1.0)
    );
}

/// Requests per second of `total` requests to `app` with `token`, `concurrency` at a time.
async fn throughput(app: &Router, token: &str, total: usize, concurrency: usize) -> f64 {
    let started = Instant::now();
    let ok = futures_util::stream::iter(0..total)
        .map(|_| call(app, token))
        .buffer_unordered(concurrency)
        .filter(|status| std::future::ready(*status == 200))
        .count()
        .await;
    assert_eq!(ok, total, "every request is accepted");
    total as f64 / started.elapsed().as_secs_f64()
}

/// (a), (b), (e) and (c) side by side at concurrency 1 and 32, in-process.
async fn concurrency_table(s: &Setup) {
    const FAST: usize = 200_000;
    const SLOW: usize = 5_000;
    let cases: [(&str, &Router, &str, usize); 6] = [
        ("(a) bare axum", &s.plain, &s.token, FAST),
        ("(b) bearer, warm cache", &s.cached, &s.token, FAST),
        ("(e) local JWT, RS256", &s.local_jwt, &s.jwt_rs256, FAST),
        ("(e) local JWT, ES256", &s.local_jwt, &s.jwt_es256, FAST),
        (
            "(e) local JWT, RS256, unremembered",
            &s.local_jwt_unremembered,
            &s.jwt_rs256,
            FAST / 10,
        ),
        ("(c) bearer, cache off", &s.uncached, &s.token, SLOW),
    ];
    println!(
        "\n{:<38} {:>12} {:>8} {:>12} {:>8}",
        "case (in-process)", "c=1 req/s", "x (a)", "c=32 req/s", "x (a)"
    );
    let mut bare = (0.0, 0.0);
    let mut ratios = Vec::new();
    for (name, app, token, total) in cases {
        let one = throughput(app, token, total, 1).await;
        let many = throughput(app, token, total, 32).await;
        if bare == (0.0, 0.0) {
            bare = (one, many);
        }
        println!(
            "{name:<38} {one:>12.0} {:>8.2} {many:>12.0} {:>8.2}",
            one / bare.0,
            many / bare.1
        );
        ratios.push((name, many / bare.1));
    }
    for (name, target) in [
        ("(b) bearer, warm cache", 0.95),
        ("(e) local JWT, RS256", 0.90),
        ("(e) local JWT, ES256", 0.90),
    ] {
        let ratio = ratios
            .iter()
            .find(|(case, _)| *case == name)
            .map_or(0.0, |(_, ratio)| *ratio);
        let verdict = if ratio >= target { "met" } else { "NOT met" };
        println!("target {name} >= {target:.2}x (a) at c=32: {ratio:.2}x, {verdict}");
    }
}

/// Requests per second of `total` HTTP requests to `url` with `token`, `concurrency` at a time.
async fn http_throughput(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    total: usize,
    concurrency: usize,
) -> f64 {
    let started = Instant::now();
    let ok = futures_util::stream::iter(0..total)
        .map(|_| call_http(http, url, token))
        .buffer_unordered(concurrency)
        .filter(|status| std::future::ready(*status == 200))
        .count()
        .await;
    assert_eq!(ok, total, "every request is accepted");
    total as f64 / started.elapsed().as_secs_f64()
}

/// The issue's pairs over loopback HTTP (a real server per case, the client in this process),
/// at concurrency 1 and 32: five interleaved rounds, the median of each case.
async fn loopback_table(s: &Setup) {
    const TOTAL: usize = 3_000;
    const ROUNDS: usize = 5;
    let cases: [(&str, &str, &str); 5] = [
        ("(a) bare axum", &s.plain_url, &s.token),
        ("(b) bearer, warm cache", &s.cached_url, &s.token),
        ("(e) local JWT, RS256", &s.local_jwt_url, &s.jwt_rs256),
        ("(e) local JWT, ES256", &s.local_jwt_url, &s.jwt_es256),
        ("(c) bearer, cache off", &s.uncached_url, &s.token),
    ];
    let mut samples = vec![[Vec::new(), Vec::new()]; cases.len()];
    for _ in 0..ROUNDS {
        for (index, (_, url, token)) in cases.iter().enumerate() {
            for (slot, concurrency) in [1, 32].into_iter().enumerate() {
                let rate = http_throughput(&s.http, url, token, TOTAL, concurrency).await;
                samples[index][slot].push(rate);
            }
        }
    }
    let median = |values: &[f64]| {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted[sorted.len() / 2]
    };
    println!(
        "\n{:<38} {:>12} {:>8} {:>12} {:>8}",
        "case (loopback HTTP, median of 5)", "c=1 req/s", "x (a)", "c=32 req/s", "x (a)"
    );
    let bare = (median(&samples[0][0]), median(&samples[0][1]));
    for ((name, _, _), [one, many]) in cases.iter().zip(&samples) {
        let (one, many) = (median(one), median(many));
        println!(
            "{name:<38} {one:>12.0} {:>8.2} {many:>12.0} {:>8.2}",
            one / bare.0,
            many / bare.1
        );
        if let Some(target) = match *name {
            "(b) bearer, warm cache" => Some(0.95),
            "(e) local JWT, RS256" | "(e) local JWT, ES256" => Some(0.90),
            _ => None,
        } {
            let ratio = many / bare.1;
            let verdict = if ratio >= target { "met" } else { "NOT met" };
            println!("  target over loopback >= {target:.2}x (a) at c=32: {ratio:.2}x, {verdict}");
        }
    }
}

/// Answers every introspection with one realistic `OK` answer (taken from the local backend).
struct FixedApi(IntrospectionResponse);

macro_rules! unused {
    ($($name:ident($arg:ty) -> $out:ty;)*) => {$(
        fn $name<'life0, 'async_trait>(
            &'life0 self,
            _: $arg,
        ) -> std::pin::Pin<Box<dyn Future<Output = Result<$out, ApiError>> + Send + 'async_trait>>
        where
            'life0: 'async_trait,
            Self: 'async_trait,
        {
            Box::pin(async { Err(ApiError::Backend { operation: Operation::Introspection, reason: "unused".into() }) })
        }
    )*};
}

#[async_trait]
impl AuthleteApi for FixedApi {
    async fn introspection(
        &self,
        _: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        Ok(self.0.clone())
    }

    unused! {
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

    async fn client_get(&self, _: &str) -> Result<Client, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_secret_refresh(
        &self,
        _: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_delete(&self, _: &str) -> Result<(), ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn token_delete(&self, _: &str) -> Result<(), ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_list(&self, _: ClientListOptions) -> Result<ClientGetListResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_update(&self, _: &str, _: Client) -> Result<Client, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_secret_update(
        &self,
        _: &str,
        _: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_lock_flag_update(
        &self,
        _: &str,
        _: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_requestable_scopes_get(
        &self,
        _: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_requestable_scopes_update(
        &self,
        _: &str,
        _: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_requestable_scopes_delete(&self, _: &str) -> Result<(), ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_granted_scopes_get(
        &self,
        _: &str,
        _: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_granted_scopes_delete(
        &self,
        _: &str,
        _: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_authorization_list(
        &self,
        _: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_authorization_update(
        &self,
        _: &str,
        _: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn client_authorization_delete(
        &self,
        _: &str,
        _: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn authorization_ticket_info(
        &self,
        _: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn authorization_ticket_update(
        &self,
        _: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn id_token_reissue(
        &self,
        _: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn token_create_batch(
        &self,
        _: Vec<TokenCreateRequest>,
        _: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn token_create_batch_status(
        &self,
        _: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn echo(
        &self,
        _: std::collections::BTreeMap<String, String>,
    ) -> Result<std::collections::BTreeMap<String, String>, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Introspection,
            reason: "unused".into(),
        })
    }

    async fn info(&self) -> Result<InfoResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::Info,
            reason: "unused".into(),
        })
    }

    async fn native_sso(&self, _: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::NativeSso,
            reason: "unused".into(),
        })
    }

    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError> {
        let _ = service_id;
        Err(ApiError::Backend {
            operation: Operation::ServiceGet,
            reason: "unused".into(),
        })
    }

    async fn grant_management(&self, _: GmRequest) -> Result<GmResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::GrantManagement,
            reason: "unused".into(),
        })
    }

    async fn native_sso_logout(
        &self,
        _: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        Err(ApiError::Backend {
            operation: Operation::NativeSsoLogout,
            reason: "unused".into(),
        })
    }

    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        let _ = (start, end);
        Err(ApiError::Backend {
            operation: Operation::ServiceGetList,
            reason: "unused".into(),
        })
    }

    async fn service_create(&self, service: Service) -> Result<Service, ApiError> {
        let _ = service;
        Err(ApiError::Backend {
            operation: Operation::ServiceCreate,
            reason: "unused".into(),
        })
    }

    async fn service_update(
        &self,
        service_id: &str,
        service: Service,
    ) -> Result<Service, ApiError> {
        let _ = (service_id, service);
        Err(ApiError::Backend {
            operation: Operation::ServiceUpdate,
            reason: "unused".into(),
        })
    }

    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError> {
        let _ = service_id;
        Err(ApiError::Backend {
            operation: Operation::ServiceDelete,
            reason: "unused".into(),
        })
    }

    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        let _ = request;
        Err(ApiError::Backend {
            operation: Operation::BackchannelLogoutToken,
            reason: "unused".into(),
        })
    }
}

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

async fn cache_memory() {
    const ENTRIES: usize = 100_000;
    let backend = LocalBackend::demo();
    let token = mint(&backend).await;
    let mut request = IntrospectionRequest::new(token.as_str());
    request.scopes = Some(vec!["profile".to_owned()]);
    let answer = backend.introspection(request).await.unwrap();
    let bearer = AuthleteBearer::new(FixedApi(answer))
        .required_scopes(["profile"])
        .with_cache(
            IntrospectionCache::builder()
                .max_entries(ENTRIES as u64 * 2)
                .build(),
        );
    let cache = bearer.cache();
    let app = Router::new()
        .route("/res", get(protected_handler))
        .route_layer(bearer);
    // Same-length tokens, made before measuring so only the cache grows.
    let tokens: Vec<String> = (0..ENTRIES)
        .map(|n| format!("{token:.32}{n:011}"))
        .collect();
    call(&app, "warm-up-token").await;
    cache.run_pending_tasks().await;
    let before = resident_bytes();
    for token in &tokens {
        call(&app, token).await;
    }
    cache.run_pending_tasks().await;
    let after = resident_bytes();
    let entries = cache.entry_count();
    match (before, after) {
        (Some(before), Some(after)) => println!(
            "cache memory: {} entries, {:.0} bytes per entry (RSS {} -> {} KiB); size_of::<IntrospectionResponse>() = {}",
            entries,
            (after.saturating_sub(before)) as f64 / entries.max(1) as f64,
            before / 1024,
            after / 1024,
            size_of::<IntrospectionResponse>(),
        ),
        _ => println!("cache memory: /proc/self/statm unavailable on this platform"),
    }
}

criterion_group!(benches, criterion_benches);
criterion_main!(benches);
