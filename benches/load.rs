//! The bearer layer under load, over real HTTP, with `wrk`. Run with
//!
//! ```text
//! cargo bench --bench load --features actix
//! ```
//!
//! It needs `wrk` and `taskset` (Debian: `apt-get install wrk util-linux`). The driver pins
//! itself, `wrk` and an in-process fake Authlete server (loopback HTTP, one fixed realistic `OK`
//! introspection answer) to CPU 1, and starts one server process per case pinned to CPU 0, each
//! with one worker (a current-thread tokio runtime, or actix-web with `workers(1)`):
//!
//! | case | what |
//! |---|---|
//! | `axum-bare` | an axum route with no auth |
//! | `axum-layered` | the same route behind a `route_layer` that does nothing (axum's own share) |
//! | `axum-warm` | the same route behind `AuthleteBearer`, warm cache, the handler takes `BearerToken` |
//! | `actix-bare` | an actix-web route with no auth |
//! | `actix-warm` | the same behind the actix middleware, warm cache |
//! | `axum-nocache` | `AuthleteBearer::without_cache()`: one introspection call per request |
//! | `axum-hand` | a hand-written handler calling `AuthleteClient::introspection` itself |
//!
//! At concurrency 1, 32 and 256 it runs five rounds; in each round every case gets `wrk` for
//! `LOAD_SECONDS` (default 3) in turn, so the cases of a pair see the same machine load. It
//! prints each case's median requests per second and the three ratios, then the call rate of
//! `AuthleteClient::introspection` alone (a client process on CPU 0 against the fake on CPU 1).
//!
//! Other modes of the same binary (`cargo bench --bench load --features actix -- MODE …`):
//!
//! - `fake`: serves the fake Authlete and prints its URL (for profiling by hand);
//! - `serve CASE AUTHLETE_URL`: serves one case and prints its port;
//! - `rate AUTHLETE_URL SECONDS CONCURRENCY`: prints `AuthleteClient::introspection` calls/s;
//! - `memory`: fills an `IntrospectionCache` with 100 000 entries through the layer and prints
//!   the resident-set growth per entry.
//!
//! With `LOAD_BASELINE=/path/to/another/build/of/this/bench`, the call rate is measured
//! alternately with that binary too (five rounds, medians) and their ratio printed: how the
//! figure for an older commit is taken in the same run. `LOAD_CASES=axum-bare,axum-warm` limits
//! the cases, `LOAD_CONCURRENCY=32` the concurrencies.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::dto::{IntrospectionAction, IntrospectionRequest};
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
use axum::Router;
use axum::routing::{get, post};

/// The token every request presents; the fake accepts any.
const TOKEN: &str = "bench-Kz8mXK1EalYznwH-LC-1fBAo.4Ljp-zsPE_NeO.gxU";
const CASES: [&str; 7] = [
    "axum-bare",
    "axum-layered",
    "axum-warm",
    "actix-bare",
    "actix-warm",
    "axum-nocache",
    "axum-hand",
];
const ROUNDS: usize = 5;

/// A realistic `OK` answer of Authlete's `/auth/introspection` (the fields a v3 service
/// answers for an authorization-code token with two scopes and one property).
fn answer() -> String {
    let expires_at = (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64)
        + 86_400_000;
    serde_json::json!({
        "type": "introspectionResponse",
        "resultCode": "A056001",
        "resultMessage": "[A056001] The access token is valid.",
        "action": "OK",
        "clientId": 1_140_735_077,
        "clientIdAlias": "my-client",
        "clientIdAliasUsed": false,
        "expiresAt": expires_at,
        "subject": "john",
        "scopes": ["openid", "profile"],
        "existent": true,
        "usable": true,
        "sufficient": true,
        "refreshable": true,
        "properties": [{"key": "tier", "value": "gold", "hidden": false}],
        "responseContent": "Bearer error=\"invalid_request\"",
        "grantType": "AUTHORIZATION_CODE",
        "acr": "urn:mace:incommon:iap:silver",
        "authTime": expires_at / 1000 - 86_400,
        "forExternalAttachment": false,
        "clientEntityIdUsed": false,
        "forCredentialIssuance": false,
        "responseSigningRequired": false,
        "metadataDocumentUsed": false,
        "serviceAttributes": [{"key": "region", "value": "eu"}],
        "clientAttributes": [{"key": "team", "value": "photos"}],
        "consentedClaims": ["name", "email"]
    })
    .to_string()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    let arg = |n: usize| args.get(n).map(String::as_str).unwrap_or_default();
    match arg(0) {
        "fake" => {
            let runtime = runtime();
            runtime.block_on(async {
                println!("{}", fake_authlete().await);
                std::future::pending::<()>().await
            })
        }
        "serve" => serve(arg(1), arg(2)),
        "rate" => {
            let seconds = arg(2).parse().unwrap_or(3);
            let concurrency = arg(3).parse().unwrap_or(32);
            println!("{:.0}", rate(arg(1), seconds, concurrency));
        }
        "memory" => memory(),
        _ => drive(),
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Serves the fake Authlete on 127.0.0.1 and returns its base URL.
async fn fake_authlete() -> String {
    let body = bytes::Bytes::from(answer());
    let app = Router::new().route(
        "/api/{service}/auth/introspection",
        post(move || {
            let body = body.clone();
            async move { ([(http::header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

fn client(authlete: &str) -> AuthleteClient {
    let config = AuthleteConfig::v3(authlete, "715948317", "service-access-token").unwrap();
    AuthleteClient::new(config).unwrap()
}

/// Serves one case on 127.0.0.1 with one worker, prints `PORT\n`, and never returns.
fn serve(case: &str, authlete: &str) {
    if case.starts_with("actix") {
        return serve_actix(case, authlete);
    }
    let runtime = runtime();
    runtime.block_on(async {
        let api = client(authlete);
        let app = match case {
            "axum-bare" => Router::new().route("/res", get(|| async { "ok" })),
            // What `route_layer` itself costs: the route boxed once more, around a layer that
            // does nothing.
            "axum-layered" => Router::new()
                .route("/res", get(|| async { "ok" }))
                .route_layer(tower::layer::util::Identity::new()),
            "axum-warm" => Router::new()
                .route("/res", get(protected))
                .route_layer(AuthleteBearer::new(api)),
            "axum-nocache" => Router::new()
                .route("/res", get(protected))
                .route_layer(AuthleteBearer::new(api).without_cache()),
            "axum-hand" => Router::new().route(
                "/res",
                get(move |headers: http::HeaderMap| hand_written(api.clone(), headers)),
            ),
            other => panic!("unknown case {other}"),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        announce(listener.local_addr().unwrap().port());
        axum::serve(listener, app).await.unwrap();
    });
}

async fn protected(token: BearerToken) -> &'static str {
    std::hint::black_box(token.subject());
    "ok"
}

/// What an application would write without the layer: take the bearer token, introspect it,
/// answer 401 unless Authlete says `OK`.
async fn hand_written(api: AuthleteClient, headers: http::HeaderMap) -> (http::StatusCode, String) {
    let token = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    let Some(token) = token else {
        return (http::StatusCode::UNAUTHORIZED, String::new());
    };
    match api.introspection(IntrospectionRequest::new(token)).await {
        Ok(answer) if answer.action == Some(IntrospectionAction::Ok) => {
            std::hint::black_box(answer.subject);
            (http::StatusCode::OK, "ok".to_owned())
        }
        _ => (http::StatusCode::UNAUTHORIZED, String::new()),
    }
}

fn serve_actix(case: &str, authlete: &str) {
    use actix_web::{App, HttpServer, web};
    let bearer = AuthleteBearer::new(client(authlete));
    let case = case.to_owned();
    actix_web::rt::System::new().block_on(async move {
        let server = match case.as_str() {
            "actix-warm" => {
                let server = HttpServer::new(move || {
                    App::new().service(web::scope("").wrap(bearer.clone()).route(
                        "/res",
                        web::get().to(|token: BearerToken| async move {
                            std::hint::black_box(token.subject());
                            "ok"
                        }),
                    ))
                })
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
                announce(server.addrs()[0].port());
                server.run()
            }
            "actix-bare" => {
                let server = HttpServer::new(|| {
                    App::new()
                        .service(web::scope("").route("/res", web::get().to(|| async { "ok" })))
                })
                .workers(1)
                .bind(("127.0.0.1", 0))
                .unwrap();
                announce(server.addrs()[0].port());
                server.run()
            }
            other => panic!("unknown case {other}"),
        };
        server.await.unwrap();
    });
}

fn announce(port: u16) {
    let mut out = std::io::stdout();
    writeln!(out, "{port}").unwrap();
    out.flush().unwrap();
}

/// `AuthleteClient::introspection` calls per second, `concurrency` at a time, for `seconds`.
fn rate(authlete: &str, seconds: u64, concurrency: usize) -> f64 {
    runtime().block_on(async {
        let api = client(authlete);
        let calls = Arc::new(AtomicU64::new(0));
        let end = Instant::now() + Duration::from_secs(seconds);
        let workers = (0..concurrency).map(|_| {
            let api = api.clone();
            let calls = calls.clone();
            async move {
                while Instant::now() < end {
                    let answer = api.introspection(IntrospectionRequest::new(TOKEN)).await;
                    assert!(answer.is_ok(), "introspection failed");
                    calls.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
        let started = Instant::now();
        futures_util::future::join_all(workers).await;
        calls.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
    })
}

fn env_list(name: &str) -> Option<Vec<String>> {
    std::env::var(name)
        .ok()
        .map(|value| value.split(',').map(str::to_owned).collect())
}

/// Runs `command`, pinned to `cpu` when the machine has two or more.
fn pinned(cpu: usize, program: &str) -> Command {
    if cpus() >= 2 {
        let mut command = Command::new("taskset");
        command.arg("-c").arg(cpu.to_string()).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// A server process of one case.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(case: &str, authlete: &str) -> Server {
    let exe = std::env::current_exe().unwrap();
    let mut child = pinned(0, exe.to_str().unwrap())
        .args(["serve", case, authlete])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start a server");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().parse().expect("the server's port");
    Server { child, port }
}

/// `wrk`'s requests per second against `port`; panics on errors or non-2xx answers.
fn wrk(port: u16, concurrency: usize, seconds: u64) -> f64 {
    let output = pinned(1, "wrk")
        .args(["-t1", &format!("-c{concurrency}"), &format!("-d{seconds}s")])
        .args(["-H", &format!("Authorization: Bearer {TOKEN}")])
        .arg(format!("http://127.0.0.1:{port}/res"))
        .output()
        .expect("run wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        !text.contains("Non-2xx") && !text.contains("Socket errors"),
        "wrk saw errors:\n{text}"
    );
    text.lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no Requests/sec in wrk's output:\n{text}"))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn drive() {
    if cpus() >= 2 {
        // The driver (and the fake Authlete it serves) on CPU 1, like wrk.
        let _ = Command::new("taskset")
            .args(["-a", "-cp", "1", &std::process::id().to_string()])
            .stdout(Stdio::null())
            .status();
    } else {
        println!("one CPU: servers, wrk and the fake share it (no pinning)");
    }
    let seconds: u64 = std::env::var("LOAD_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(3);
    let cases = env_list("LOAD_CASES")
        .unwrap_or_else(|| CASES.iter().map(|case| (*case).to_owned()).collect());
    let concurrencies: Vec<usize> = env_list("LOAD_CONCURRENCY")
        .map(|list| list.iter().map(|c| c.parse().unwrap()).collect())
        .unwrap_or_else(|| vec![1, 32, 256]);

    let fake_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let authlete = fake_runtime.block_on(fake_authlete());
    let servers: Vec<(String, Server)> = cases
        .iter()
        .map(|case| (case.clone(), start(case, &authlete)))
        .collect();
    for (_, server) in &servers {
        wrk(server.port, 32, 1); // warms the cache and the connection pools
    }
    println!(
        "wrk -t1, {seconds} s per case and round, {ROUNDS} rounds interleaved; servers on CPU 0 \
         with one worker, wrk and the fake Authlete on CPU 1; median requests/s"
    );
    let mut medians = std::collections::HashMap::new();
    for &concurrency in &concurrencies {
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); servers.len()];
        for _ in 0..ROUNDS {
            for (i, (_, server)) in servers.iter().enumerate() {
                samples[i].push(wrk(server.port, concurrency, seconds));
            }
        }
        for (i, (case, _)) in servers.iter().enumerate() {
            let value = median(samples[i].clone());
            let spread: Vec<String> = samples[i].iter().map(|v| format!("{v:.0}")).collect();
            println!(
                "c={concurrency:<4} {case:<14} {value:>10.0} req/s   rounds: {}",
                spread.join(" ")
            );
            medians.insert((case.clone(), concurrency), value);
        }
    }
    println!();
    println!("| ratio (median req/s) | target | {} |", {
        let heads: Vec<String> = concurrencies.iter().map(|c| format!("c={c}")).collect();
        heads.join(" | ")
    });
    println!("|---|---|{}", "---:|".repeat(concurrencies.len()));
    for (label, top, bottom, target) in [
        (
            "axum + AuthleteBearer, warm ÷ bare axum",
            "axum-warm",
            "axum-bare",
            0.95,
        ),
        (
            "actix middleware, warm ÷ bare actix-web",
            "actix-warm",
            "actix-bare",
            0.95,
        ),
        (
            "cache off, layer ÷ hand-written introspection",
            "axum-nocache",
            "axum-hand",
            0.97,
        ),
    ] {
        ratio_row(
            &medians,
            &concurrencies,
            label,
            top,
            bottom,
            &format!("≥ {target:.2}"),
        );
    }
    for (label, top, bottom) in [
        (
            "axum, a no-op route_layer ÷ bare axum (axum's share)",
            "axum-layered",
            "axum-bare",
        ),
        (
            "axum + AuthleteBearer ÷ the no-op route_layer (the layer's share)",
            "axum-warm",
            "axum-layered",
        ),
    ] {
        ratio_row(&medians, &concurrencies, label, top, bottom, "–");
    }
    drop(servers);

    println!();
    let exe = std::env::current_exe().unwrap();
    let baseline = std::env::var("LOAD_BASELINE").ok();
    let run_rate = |program: &str, concurrency: usize| -> f64 {
        let output = pinned(0, program)
            .args([
                "rate",
                &authlete,
                &seconds.to_string(),
                &concurrency.to_string(),
            ])
            .output()
            .expect("run the rate mode");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("no rate from {program}"))
    };
    for concurrency in [1, 32] {
        let mut ours = Vec::new();
        let mut theirs = Vec::new();
        for _ in 0..ROUNDS {
            ours.push(run_rate(exe.to_str().unwrap(), concurrency));
            if let Some(baseline) = &baseline {
                theirs.push(run_rate(baseline, concurrency));
            }
        }
        let ours = median(ours);
        print!(
            "AuthleteClient::introspection, c={concurrency}, client on CPU 0: {ours:.0} calls/s"
        );
        if theirs.is_empty() {
            println!();
        } else {
            let theirs = median(theirs);
            println!(
                "; baseline {theirs:.0} calls/s; ratio {:.2} (target ≥ 1.25)",
                ours / theirs
            );
        }
    }
    drop(fake_runtime);
}

/// Prints one row of the ratio table: `top ÷ bottom` at each concurrency.
fn ratio_row(
    medians: &std::collections::HashMap<(String, usize), f64>,
    concurrencies: &[usize],
    label: &str,
    top: &str,
    bottom: &str,
    target: &str,
) {
    let cells: Vec<String> = concurrencies
        .iter()
        .map(|&c| {
            match (
                medians.get(&(top.to_owned(), c)),
                medians.get(&(bottom.to_owned(), c)),
            ) {
                (Some(top), Some(bottom)) => format!("{:.2}", top / bottom),
                _ => "–".to_owned(),
            }
        })
        .collect();
    println!("| {label} | {target} | {} |", cells.join(" | "));
}

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

/// Fills a cache with 100 000 entries (one distinct token each, the fake's realistic answer)
/// through the layer and prints the growth of the resident set per entry.
fn memory() {
    use futures_util::StreamExt;
    use tower::ServiceExt;
    const ENTRIES: usize = 100_000;
    // First, and kept until the end, so the memory it takes is not reused below.
    let (floor, _store) = store_alone();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let authlete = fake_authlete().await;
        let cache = IntrospectionCache::builder()
            .max_entries(ENTRIES as u64 * 2)
            .build();
        let app = Router::new()
            .route("/res", get(protected))
            .route_layer(AuthleteBearer::new(client(&authlete)).with_cache(cache.clone()));
        let call = |token: String| {
            let app = app.clone();
            async move {
                let request = http::Request::get("/res")
                    .header("authorization", format!("Bearer {token}"))
                    .body(axum::body::Body::empty())
                    .unwrap();
                let response = app.oneshot(request).await.unwrap();
                assert_eq!(response.status(), 200);
            }
        };
        // Same-length tokens, made before measuring so only the cache grows.
        let tokens: Vec<String> = (0..ENTRIES).map(|n| format!("{TOKEN}{n:011}")).collect();
        // Warm the pools with tokens that are not counted, then measure.
        for n in 0..64 {
            call(format!("warm-up-{n}")).await;
        }
        cache.run_pending_tasks().await;
        let before = cache.entry_count();
        let rss_before = resident_bytes();
        let mut pending =
            futures_util::stream::iter(tokens.into_iter().map(call)).buffer_unordered(32);
        while pending.next().await.is_some() {}
        cache.run_pending_tasks().await;
        let rss_after = resident_bytes();
        let entries = cache.entry_count() - before;
        match (rss_before, rss_after) {
            (Some(before), Some(after)) => println!(
                "cache memory: {entries} entries, {:.0} bytes per entry (RSS {} -> {} KiB)",
                after.saturating_sub(before) as f64 / entries.max(1) as f64,
                before / 1024,
                after / 1024,
            ),
            _ => println!("cache memory: /proc/self/statm unavailable on this platform"),
        }
    });
    println!("{floor}");
}

/// What the cache's store (`quick_cache`) itself takes per entry, with a key and a value of the
/// cache's sizes (64 and 24 bytes): the floor under the figure above.
fn store_alone() -> (String, quick_cache::sync::Cache<[u8; 64], [u64; 3]>) {
    const ENTRIES: u64 = 100_000;
    let store = quick_cache::sync::Cache::new(ENTRIES as usize * 2);
    let before = resident_bytes();
    for n in 0..ENTRIES {
        let mut key = [0u8; 64];
        key[..8].copy_from_slice(&n.to_le_bytes());
        store.insert(key, [n; 3]);
    }
    let line = match (before, resident_bytes()) {
        (Some(before), Some(after)) => format!(
            "the store alone: {} entries, {:.0} bytes per entry (64-byte key, 24-byte value)",
            store.len(),
            after.saturating_sub(before) as f64 / store.len().max(1) as f64
        ),
        _ => String::new(),
    };
    (line, store)
}
