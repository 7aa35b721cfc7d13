//! Revocation across replicas through a real `redis-server` (feature `redis`): a token revoked at
//! the authorization server is refused at once by every resource-server replica, however long
//! their caches would have kept it; a replica that loses Redis stops trusting its cache.
//!
//! Needs `redis-server` (Debian package `redis-server`). Without it the tests say they were
//! skipped; with `AUTHLETE_TOWER_REQUIRE_REDIS=1` (set by `.ci/run`) they fail instead.
#![cfg(feature = "redis")]

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use authlete_local::{LocalBackend, demo};
use authlete_tower::bearer::{IntrospectionCache, RedisRevocationBus, RevocationSubscription};
use authlete_tower::dto::TokenRequest;
use authlete_tower::{
    AuthleteApi, AuthleteBearer, AuthleteClient, AuthorizationServer, BearerToken,
};
use axum::Router;
use axum::routing::get;

use crate::common::{TestApp, http, serve_axum};

const REDIS_SERVER: &str = "redis-server";
const REQUIRE_VARIABLE: &str = "AUTHLETE_TOWER_REQUIRE_REDIS";

/// A `redis-server` of this test's own on a free loopback port, without persistence.
struct Redis {
    child: Child,
    port: u16,
}

impl Redis {
    /// Starts one, or `None` (after saying so) when `redis-server` is not installed.
    fn start() -> Option<Redis> {
        Self::start_on(free_port())
    }

    fn start_on(port: u16) -> Option<Redis> {
        let spawned = Command::new(REDIS_SERVER)
            .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
            .args([
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match spawned {
            Ok(child) => child,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let message = format!(
                    "the Redis tests need {REDIS_SERVER}; install it with: \
                     apt-get update && apt-get install -y redis-server"
                );
                if std::env::var(REQUIRE_VARIABLE).is_ok_and(|v| !v.is_empty() && v != "0") {
                    panic!("{message} ({REQUIRE_VARIABLE} is set)");
                }
                use std::io::Write as _;
                let _ = writeln!(std::io::stderr(), "redis test skipped: {message}");
                return None;
            }
            Err(error) => panic!("cannot start {REDIS_SERVER}: {error}"),
        };
        let redis = Redis { child, port };
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(redis)
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn stop(mut self) -> u16 {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_until(what: &str, limit: Duration, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// A resource-server replica: its own layer and cache (an hour of caching, so only an eviction
/// can make it refuse a revoked token), subscribed to the bus.
struct Replica {
    base: String,
    cache: IntrospectionCache,
    subscription: RevocationSubscription,
}

async fn replica(api: Arc<dyn AuthleteApi>, bus: &RedisRevocationBus) -> Replica {
    async fn whoami(token: BearerToken) -> String {
        token.subject().unwrap_or("client").to_owned()
    }
    let cache = IntrospectionCache::builder()
        .max_age(Duration::from_secs(3600))
        .build();
    let subscription = bus.subscribe(cache.clone());
    let app = Router::new()
        .route("/res", get(whoami))
        .route_layer(AuthleteBearer::new(api).with_cache(cache.clone()));
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    Replica {
        base,
        cache,
        subscription,
    }
}

async fn status(replica: &Replica, token: &str) -> u16 {
    http()
        .get(format!("{}/res", replica.base))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn mint(backend: &LocalBackend) -> String {
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.to_owned());
    request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    backend
        .token(request)
        .await
        .unwrap()
        .access_token
        .expect("a token")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revocation_at_the_authorization_server_reaches_every_replica() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let backend = LocalBackend::demo();
    let local = authlete_local::LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let api: Arc<dyn AuthleteApi> = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
    let bus = RedisRevocationBus::new(&redis.url()).unwrap();
    let replicas = [
        replica(api.clone(), &bus).await,
        replica(api.clone(), &bus).await,
        replica(api.clone(), &bus).await,
    ];
    for replica in &replicas {
        wait_until("subscribed", Duration::from_secs(10), || {
            replica.subscription.is_connected()
        })
        .await;
    }
    let server = AuthorizationServer::new(api.clone(), TestApp::default())
        .on_token_revoked(bus.revocation_hook());
    let authorization_server = serve_axum(&server).await;

    let token = mint(&backend).await;
    for replica in &replicas {
        assert_eq!(
            status(replica, &token).await,
            200,
            "cached at {}",
            replica.base
        );
    }
    let other = mint(&backend).await;
    for replica in &replicas {
        assert_eq!(status(replica, &other).await, 200);
    }

    let revoked_at = Instant::now();
    let revoke = http()
        .post(format!("{authorization_server}/api/revocation"))
        .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 200);
    for replica in &replicas {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let status = status(replica, &token).await;
            if status == 401 {
                break;
            }
            assert_eq!(status, 200);
            assert!(
                Instant::now() < deadline,
                "{} still accepts the revoked token",
                replica.base
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    }
    eprintln!(
        "revocation to refusal at the last of 3 replicas: {:?}",
        revoked_at.elapsed()
    );
    // The other token stays cached and valid everywhere.
    for replica in &replicas {
        assert_eq!(status(replica, &other).await, 200);
        assert!(replica.cache.age_limit().is_none());
    }
    local.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_digest_travels_and_garbage_events_are_ignored() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let client = redis_client(&redis).await;
    let bus = RedisRevocationBus::new(&redis.url())
        .unwrap()
        .channel("test:revocations");
    // A raw subscriber sees what the bus publishes.
    let mut spy = redis::Client::open(redis.url())
        .unwrap()
        .get_async_pubsub()
        .await
        .unwrap();
    spy.subscribe("test:revocations").await.unwrap();
    bus.publish("a-secret-token-value").await.unwrap();
    use futures_util::StreamExt as _;
    let message = tokio::time::timeout(Duration::from_secs(5), spy.on_message().next())
        .await
        .unwrap()
        .unwrap();
    let payload: String = message.get_payload().unwrap();
    assert_eq!(payload.len(), 64, "{payload}");
    assert!(payload.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(!payload.contains("secret"));
    drop(spy);

    // A cache listening on the channel survives garbage and still evicts on a real event.
    let backend = LocalBackend::demo();
    let api: Arc<dyn AuthleteApi> = Arc::new(backend.clone());
    let replica = replica(api, &bus).await;
    wait_until("subscribed", Duration::from_secs(10), || {
        replica.subscription.is_connected()
    })
    .await;
    let token = mint(&backend).await;
    assert_eq!(status(&replica, &token).await, 200);
    let mut raw = client;
    let _: i64 = redis::cmd("PUBLISH")
        .arg("test:revocations")
        .arg("not a digest")
        .query_async(&mut raw)
        .await
        .unwrap();
    assert!(replica.subscription.is_connected());
    // Revoke at the backend behind the layer's back: only the event can make it refuse.
    let mut revoke = authlete_tower::dto::RevocationRequest::new(format!("token={token}"));
    revoke.client_id = Some(demo::CLIENT_ID.to_owned());
    revoke.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    backend.revocation(revoke).await.unwrap();
    assert_eq!(
        status(&replica, &token).await,
        200,
        "still served from the cache"
    );
    bus.publish(&token).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while status(&replica, &token).await != 401 {
        assert!(
            Instant::now() < deadline,
            "the event did not evict the token"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

async fn redis_client(redis: &Redis) -> redis::aio::MultiplexedConnection {
    redis::Client::open(redis.url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_loses_redis_stops_trusting_its_cache_until_it_is_back() {
    let Some(redis) = Redis::start() else {
        return;
    };
    let backend = LocalBackend::demo();
    let api: Arc<dyn AuthleteApi> = Arc::new(backend.clone());
    let bus = RedisRevocationBus::new(&redis.url())
        .unwrap()
        .disconnected_max_age(Duration::from_millis(200))
        .reconnect_backoff(Duration::from_millis(20), Duration::from_millis(100));
    let replica = replica(api, &bus).await;
    wait_until("subscribed", Duration::from_secs(10), || {
        replica.subscription.is_connected()
    })
    .await;
    let token = mint(&backend).await;
    assert_eq!(status(&replica, &token).await, 200);
    assert_eq!(replica.cache.age_limit(), None);

    // Redis goes away: the replica notices, empties its cache and caps new entries.
    let port = redis.stop();
    wait_until("disconnected", Duration::from_secs(10), || {
        !replica.subscription.is_connected()
    })
    .await;
    wait_until("age-limited", Duration::from_secs(10), || {
        replica.cache.age_limit() == Some(Duration::from_millis(200))
    })
    .await;
    replica.cache.run_pending_tasks().await;
    assert_eq!(
        replica.cache.entry_count(),
        0,
        "nothing outlives the lost connection"
    );

    // A revocation it cannot hear is honoured within the floor.
    assert_eq!(status(&replica, &token).await, 200);
    let mut revoke = authlete_tower::dto::RevocationRequest::new(format!("token={token}"));
    revoke.client_id = Some(demo::CLIENT_ID.to_owned());
    revoke.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    backend.revocation(revoke).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while status(&replica, &token).await != 401 {
        assert!(
            Instant::now() < deadline,
            "a stale entry outlived the floor"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Redis comes back on the same port: the replica resubscribes and lifts the cap.
    let _redis = Redis::start_on(port).expect("redis-server is installed");
    wait_until("resubscribed", Duration::from_secs(10), || {
        replica.subscription.is_connected()
    })
    .await;
    wait_until("the cap lifted", Duration::from_secs(10), || {
        replica.cache.age_limit().is_none()
    })
    .await;
}

#[test]
fn revocation_events_sent_and_received_are_counted() {
    use authlete_tower::bearer::metrics::REVOCATION_EVENTS_TOTAL;
    use metrics_util::debugging::{DebugValue, DebuggingRecorder};

    use crate::client_metrics::Entry;

    let Some(redis) = Redis::start() else {
        return;
    };
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A snapshot drains the counters: add them up over every snapshot taken.
    let mut totals = std::collections::HashMap::<String, u64>::new();
    let add = |totals: &mut std::collections::HashMap<String, u64>, entries: Vec<Entry>| {
        for (key, _, _, value) in entries {
            let key = key.key();
            if key.name() == REVOCATION_EVENTS_TOTAL
                && let DebugValue::Counter(count) = value
            {
                let labels: Vec<_> = key
                    .labels()
                    .map(|l| format!("{}={}", l.key(), l.value()))
                    .collect();
                *totals.entry(labels.join(",")).or_default() += count;
            }
        }
    };
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let bus = RedisRevocationBus::new(&redis.url())
                .unwrap()
                .channel("test:metrics");
            let backend = LocalBackend::demo();
            let api: Arc<dyn AuthleteApi> = Arc::new(backend.clone());
            let replica = replica(api, &bus).await;
            wait_until("subscribed", Duration::from_secs(10), || {
                replica.subscription.is_connected()
            })
            .await;
            let token = mint(&backend).await;
            assert_eq!(status(&replica, &token).await, 200);
            bus.publish(&token).await.unwrap();
            bus.publish("another-token").await.unwrap();
            let deadline = Instant::now() + Duration::from_secs(5);
            loop {
                add(&mut totals, snapshotter.snapshot().into_vec());
                if totals.get("direction=received") == Some(&2) {
                    break;
                }
                assert!(Instant::now() < deadline, "the events were not received");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    });
    add(&mut totals, snapshotter.snapshot().into_vec());
    assert_eq!(totals.get("direction=sent"), Some(&2), "{totals:?}");
    assert_eq!(totals.get("direction=received"), Some(&2), "{totals:?}");
    assert_eq!(totals.len(), 2, "no other label: {totals:?}");
}
