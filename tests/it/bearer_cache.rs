//! The bearer layer's negative cache and serve-stale-on-error, over HTTP: a resource server on
//! 127.0.0.1 guarded by `AuthleteBearer`, an `AuthleteClient` asking the local backend through
//! the fault proxy, which counts what reached the backend (`common::fault_proxy`).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalServer, demo};
use authlete_tower::api::RetryPolicy;
use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::clock::{Clock, ManualClock};
use authlete_tower::dto::*;
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
use futures_util::StreamExt;

use crate::common::fault_proxy::{Fault, FaultProxy};

const INTROSPECTION: &str = "/auth/introspection";
const INVALID: &str = r#"Bearer realm="api", error="invalid_token", error_description="#;
const UNAVAILABLE: &str = r#"Bearer realm="api", error="server_error", error_description="The authorization server is unavailable.""#;

/// The local backend behind a fault proxy, and a resource server over it with `cache`.
pub(crate) struct Rig {
    backend: LocalBackend,
    _server: LocalServer,
    proxy: FaultProxy,
    pub(crate) url: String,
}

impl Rig {
    /// Makes Authlete unreachable (`false`) or reachable again (`true`).
    pub(crate) fn reachable(&self, up: bool) {
        self.proxy
            .always(if up { Fault::Pass } else { Fault::Refuse });
    }

    pub(crate) async fn start(cache: IntrospectionCache) -> Rig {
        let backend = LocalBackend::demo();
        let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let proxy = FaultProxy::start(server.local_addr()).await;
        let local = server.config_v3();
        let config = AuthleteConfig::v3(
            &proxy.base_url(),
            local.service_api_key(),
            local.service_access_token().unwrap().clone(),
        )
        .unwrap();
        // No retries: each request reaches the proxy once, so its counts are the layer's calls.
        let client = AuthleteClient::builder(config)
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let url = resource_server(AuthleteBearer::new(client).with_cache(cache)).await;
        Rig {
            backend,
            _server: server,
            proxy,
            url,
        }
    }

    pub(crate) async fn mint(&self) -> String {
        let mut request = TokenRequest::default();
        request.parameters = "grant_type=client_credentials&scope=profile".into();
        request.client_id = Some(demo::CLIENT_ID.into());
        request.client_secret = Some(demo::CLIENT_SECRET.into());
        let answer = self.backend.token(request).await.unwrap();
        assert_eq!(answer.action, Some(TokenAction::Ok));
        answer.access_token.unwrap()
    }

    async fn revoke(&self, token: &str) {
        let mut revoke = RevocationRequest::new(format!("token={token}"));
        revoke.client_id = Some(demo::CLIENT_ID.to_owned());
        revoke.client_secret = Some(demo::CLIENT_SECRET.to_owned());
        let answer = self.backend.revocation(revoke).await.unwrap();
        assert_eq!(answer.action, Some(RevocationAction::Ok));
    }

    /// The token's `expiresAt`, in milliseconds, as the backend knows it.
    async fn expires_at(&self, token: &str) -> i64 {
        let answer = self
            .backend
            .introspection(IntrospectionRequest::new(token))
            .await
            .unwrap();
        answer.expires_at.unwrap()
    }

    pub(crate) fn calls(&self) -> usize {
        self.proxy.received(INTROSPECTION)
    }
}

async fn resource_server(layer: AuthleteBearer) -> String {
    use axum::routing::get;
    async fn whoami(token: BearerToken) -> String {
        token
            .client_id()
            .map_or_else(|| "-".to_owned(), |id| id.to_string())
    }
    let app = axum::Router::new()
        .route("/res", get(whoami))
        .route_layer(layer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/res")
}

fn http() -> &'static reqwest::Client {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    HTTP.get_or_init(reqwest::Client::new)
}

/// Status, `WWW-Authenticate` and body of a `GET` with `token`.
pub(crate) async fn get(url: &str, token: &str) -> (u16, Option<String>, String) {
    let response = http().get(url).bearer_auth(token).send().await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|value| value.to_str().unwrap().to_owned());
    (status, challenge, response.text().await.unwrap())
}

fn assert_invalid((status, challenge, body): &(u16, Option<String>, String)) {
    assert_eq!(*status, 401, "{body}");
    let challenge = challenge.as_deref().unwrap_or_default();
    assert!(challenge.starts_with(INVALID), "{challenge}");
    assert!(body.is_empty() || body.contains("invalid_token"), "{body}");
}

fn assert_unavailable((status, challenge, body): &(u16, Option<String>, String)) {
    assert_eq!(*status, 503, "{body}");
    assert_eq!(challenge.as_deref(), Some(UNAVAILABLE));
}

fn assert_served((status, challenge, body): &(u16, Option<String>, String)) {
    assert_eq!(*status, 200, "{challenge:?} {body}");
    assert_eq!(challenge, &None);
    assert_eq!(body, demo::CLIENT_ID);
}

#[tokio::test]
async fn a_flood_of_invalid_tokens_reaches_authlete_once_per_token() {
    let rig = Rig::start(IntrospectionCache::default()).await;
    let requests = (0..1_000).map(|i| format!("not-a-token-{:03}", i % 100));
    let answers: Vec<_> = futures_util::stream::iter(requests)
        .map(|token| {
            let url = rig.url.clone();
            async move { get(&url, &token).await }
        })
        .buffer_unordered(64)
        .collect()
        .await;
    assert_eq!(answers.len(), 1_000);
    answers.iter().for_each(assert_invalid);
    let calls = rig.calls();
    assert!(
        calls <= 100,
        "{calls} calls for 100 distinct invalid tokens"
    );
    assert_eq!(calls, 100, "each invalid token is asked once");
}

#[tokio::test]
async fn a_refused_token_is_asked_again_after_the_negative_ttl() {
    let clock = ManualClock::new();
    let cache = IntrospectionCache::builder()
        .clock(Arc::new(clock.clone()))
        .negative_ttl(Duration::from_secs(5))
        .build();
    let rig = Rig::start(cache).await;
    for _ in 0..3 {
        assert_invalid(&get(&rig.url, "unknown-token").await);
    }
    assert_eq!(rig.calls(), 1);
    clock.advance(Duration::from_secs(4));
    assert_invalid(&get(&rig.url, "unknown-token").await);
    assert_eq!(rig.calls(), 1, "still within the TTL");
    clock.advance(Duration::from_secs(2));
    assert_invalid(&get(&rig.url, "unknown-token").await);
    assert_eq!(rig.calls(), 2, "asked again after the TTL");
}

#[tokio::test]
async fn a_zero_negative_ttl_asks_every_time() {
    let cache = IntrospectionCache::builder()
        .negative_ttl(Duration::ZERO)
        .build();
    let rig = Rig::start(cache).await;
    for _ in 0..3 {
        assert_invalid(&get(&rig.url, "unknown-token").await);
    }
    assert_eq!(rig.calls(), 3);
}

#[tokio::test]
async fn a_revoked_then_negatively_cached_token_stays_refused() {
    let clock = ManualClock::new();
    let cache = IntrospectionCache::builder()
        .clock(Arc::new(clock.clone()))
        .build();
    let rig = Rig::start(cache.clone()).await;
    let token = rig.mint().await;
    assert_served(&get(&rig.url, &token).await);
    assert_served(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), 1);

    rig.revoke(&token).await;
    cache.evict(&token);
    assert_invalid(&get(&rig.url, &token).await);
    assert_invalid(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), 2, "the refusal is remembered");
    clock.advance(Duration::from_secs(6));
    assert_invalid(&get(&rig.url, &token).await);
    assert_eq!(
        rig.calls(),
        3,
        "asked again after the TTL, and still refused"
    );
    cache.evict(&token);
    assert_invalid(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), 4, "evict drops the negative entry too");
}

#[tokio::test]
async fn with_authlete_down_a_stale_entry_is_served_within_the_grace_and_refused_after() {
    let clock = ManualClock::new();
    let cache = IntrospectionCache::builder()
        .clock(Arc::new(clock.clone()))
        .max_age(Duration::from_secs(10))
        .stale_if_error(Duration::from_secs(60))
        .build();
    let rig = Rig::start(cache).await;
    let token = rig.mint().await;
    assert_served(&get(&rig.url, &token).await);

    rig.proxy.always(Fault::Refuse);
    assert_served(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), 1, "fresh: Authlete is not asked");
    clock.advance(Duration::from_secs(11));
    assert_served(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), 2, "past max age: asked, then served stale");
    clock.advance(Duration::from_secs(58));
    assert_served(&get(&rig.url, &token).await);
    clock.advance(Duration::from_secs(2));
    assert_unavailable(&get(&rig.url, &token).await);
    assert_unavailable(&get(&rig.url, &token).await);

    // Back up: asked again, and cached afresh.
    rig.proxy.always(Fault::Pass);
    let before = rig.calls();
    assert_served(&get(&rig.url, &token).await);
    assert_served(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), before + 1);
}

#[tokio::test]
async fn a_stale_entry_is_never_served_past_the_tokens_expiry() {
    let clock = ManualClock::new();
    let cache = IntrospectionCache::builder()
        .clock(Arc::new(clock.clone()))
        .max_age(Duration::from_secs(10))
        .stale_if_error(Duration::from_secs(365 * 24 * 3600))
        .build();
    let rig = Rig::start(cache).await;
    let token = rig.mint().await;
    let expires_at = rig.expires_at(&token).await;
    assert_served(&get(&rig.url, &token).await);
    rig.proxy.always(Fault::Refuse);
    let life = u64::try_from(expires_at - clock.now_millis()).unwrap();
    assert!(life > 20_000, "the demo token lives {life} ms");
    clock.advance(Duration::from_millis(life - 5_000));
    assert_served(&get(&rig.url, &token).await);
    clock.advance(Duration::from_secs(5));
    assert_unavailable(&get(&rig.url, &token).await);
}

#[tokio::test]
async fn without_grace_authlete_down_is_503_as_soon_as_the_entry_is_old() {
    let clock = ManualClock::new();
    let cache = IntrospectionCache::builder()
        .clock(Arc::new(clock.clone()))
        .max_age(Duration::from_secs(10))
        .build();
    let rig = Rig::start(cache).await;
    let token = rig.mint().await;
    assert_served(&get(&rig.url, &token).await);
    rig.proxy.always(Fault::Refuse);
    clock.advance(Duration::from_secs(11));
    assert_unavailable(&get(&rig.url, &token).await);
    assert_eq!(rig.calls(), 2);
}

#[tokio::test]
async fn failures_and_insufficient_scope_are_not_remembered() {
    let rig = Rig::start(IntrospectionCache::default()).await;
    rig.proxy.always(Fault::Status(503, None));
    assert_unavailable(&get(&rig.url, "some-token").await);
    assert_unavailable(&get(&rig.url, "some-token").await);
    assert_eq!(rig.calls(), 2, "a 503 is never cached");
    rig.proxy.always(Fault::Pass);
    assert_invalid(&get(&rig.url, "some-token").await);
    assert_eq!(rig.calls(), 3);

    // A scope the token lacks: 403, asked every time.
    let backend = LocalBackend::demo();
    let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let proxy = FaultProxy::start(server.local_addr()).await;
    let local = server.config_v3();
    let config = AuthleteConfig::v3(
        &proxy.base_url(),
        local.service_api_key(),
        local.service_access_token().unwrap().clone(),
    )
    .unwrap();
    let client = AuthleteClient::new(config).unwrap();
    let url = resource_server(AuthleteBearer::new(client).required_scopes(["admin"])).await;
    let token = Rig {
        backend,
        _server: server,
        proxy,
        url,
    };
    let minted = token.mint().await;
    for _ in 0..2 {
        let (status, challenge, _) = get(&token.url, &minted).await;
        assert_eq!(status, 403);
        assert!(
            challenge.unwrap().contains(r#"error="insufficient_scope""#),
            "403 with insufficient_scope"
        );
    }
    assert_eq!(token.calls(), 2, "a 403 is never cached");
}
