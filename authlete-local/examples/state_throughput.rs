//! What the data file costs: requests per second of `/auth/token` (client credentials) and
//! `/client/registration` over loopback HTTP, with the state in memory and with `data_file`.
//!
//! ```text
//! cargo run -p authlete-local --example state_throughput -- [REQUESTS] [CONCURRENCY]
//! ```
//!
//! Defaults: 2000 requests from 8 concurrent tasks per measurement. With a data file each call
//! that changes the state commits one SQLite transaction (WAL, `synchronous=FULL`) before it
//! answers, so the figure is bounded by the disk's flush latency.

use std::sync::Arc;
use std::time::Instant;

use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::dto::{ClientRegistrationRequest, TokenRequest};
use authlete_tower::{AuthleteApi, AuthleteClient};

#[derive(Clone, Copy)]
enum Call {
    Token,
    Registration,
}

async fn call(api: &AuthleteClient, call: Call) {
    match call {
        Call::Token => {
            let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
            request.client_id = Some(demo::CLIENT_ID.into());
            request.client_secret = Some(demo::CLIENT_SECRET.into());
            let answer = api.token(request).await.expect("a token answer");
            assert!(answer.access_token.is_some(), "{answer:?}");
        }
        Call::Registration => {
            let mut request = ClientRegistrationRequest::new(
                r#"{"client_name":"Load","grant_types":["client_credentials"],"response_types":[]}"#,
            );
            request.token = Some(demo::INITIAL_ACCESS_TOKEN.into());
            let answer = api
                .client_registration(request)
                .await
                .expect("a registration answer");
            assert!(answer.client.is_some(), "{answer:?}");
        }
    }
}

/// Requests per second of `requests` calls from `concurrency` tasks.
async fn measure(
    api: &Arc<AuthleteClient>,
    kind: Call,
    requests: usize,
    concurrency: usize,
) -> f64 {
    for _ in 0..20 {
        call(api, kind).await;
    }
    let started = Instant::now();
    let mut tasks = Vec::new();
    for task in 0..concurrency {
        let api = api.clone();
        let share = requests / concurrency + usize::from(task < requests % concurrency);
        tasks.push(tokio::spawn(async move {
            for _ in 0..share {
                call(&api, kind).await;
            }
        }));
    }
    for task in tasks {
        task.await.expect("a load task");
    }
    requests as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let requests: usize = args.next().map_or(2000, |n| n.parse().expect("REQUESTS"));
    let concurrency: usize = args.next().map_or(8, |n| n.parse().expect("CONCURRENCY"));
    let file = std::env::temp_dir().join(format!(
        "authlete-local-throughput-{}.db",
        std::process::id()
    ));
    println!("{requests} requests from {concurrency} tasks, loopback HTTP, API v3");
    for (label, data_file) in [("in memory", None), ("data file", Some(file.clone()))] {
        let mut config = LocalConfig::demo();
        config.limits.max_clients = requests + 100;
        config.data_file = data_file;
        let backend = LocalBackend::new(config).expect("a backend");
        let server = LocalServer::bind(backend, "127.0.0.1:0".parse().expect("an address"))
            .await
            .expect("a server");
        let api = Arc::new(AuthleteClient::new(server.config_v3()).expect("a client"));
        let token = measure(&api, Call::Token, requests, concurrency).await;
        let registration = measure(&api, Call::Registration, requests, concurrency).await;
        println!(
            "{label:<10} /auth/token {token:>8.0} req/s   /client/registration {registration:>8.0} req/s"
        );
        server.shutdown().await;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
    }
}
