//! Issue 11, finding 10: a flood of anonymous authorization requests against the local backend
//! (over HTTP, behind the handlers) with a small ticket store. A full store answers `503` with
//! `Retry-After`, never `500`; tickets nobody decided make room once they have lived
//! `ticket_minimum`, so new users get in and a request already shown to a user can still be
//! decided.

use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::{AuthleteClient, AuthorizationServer};
use serde_json::json;

const LIMIT: usize = 5;

struct Flood {
    base: String,
    clock: Arc<ManualClock>,
    _local: LocalServer,
}

impl Flood {
    async fn start() -> Self {
        let mut config = LocalConfig::demo();
        config.limits.max_tickets = LIMIT;
        config.lifetimes.ticket = Duration::from_secs(600);
        config.lifetimes.ticket_minimum = Duration::from_secs(120);
        let clock = Arc::new(ManualClock::new());
        let backend = LocalBackend::with_clock(config, clock.clone()).unwrap();
        let local = LocalServer::bind(backend, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
        let server = AuthorizationServer::new(api, TestApp::default());
        Self {
            base: serve_axum(&server).await,
            clock,
            _local: local,
        }
    }

    async fn request(&self) -> Answer {
        let query = form(&[
            ("client_id", demo::CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", demo::REDIRECT_URI),
            ("scope", "profile"),
        ]);
        get(&format!("{}/api/authorization?{query}", self.base)).await
    }

    /// The answer to a request made while the store is full of young tickets.
    async fn assert_full(&self) {
        let answer = self.request().await;
        assert_eq!(answer.status, 503, "{answer:?}");
        assert_eq!(answer.header("retry-after"), Some("5"));
        assert_eq!(
            answer.json(),
            json!({
                "error": "temporarily_unavailable",
                "error_description": "The authorization server is temporarily unavailable; retry later."
            })
        );
        assert!(!answer.body.contains("A000503"), "{}", answer.body);
    }
}

#[tokio::test]
async fn a_ticket_flood_answers_503_and_does_not_starve_users() {
    let flood = Flood::start().await;
    for _ in 0..LIMIT {
        assert_eq!(flood.request().await.status, 200);
    }
    flood.assert_full().await;

    // Two minutes on, the flood's undecided tickets make room: a user's request gets in.
    flood.clock.advance(Duration::from_secs(121));
    let user = flood.request().await;
    assert_eq!(user.status, 200, "{user:?}");
    let page = user.json();

    // The flood goes on: it evicts its own old tickets, then meets 503, never the user's ticket.
    for _ in 1..LIMIT {
        assert_eq!(flood.request().await.status, 200);
    }
    flood.assert_full().await;
    flood.assert_full().await;

    flood.clock.advance(Duration::from_secs(60));
    let pending = page["pending"].to_string();
    let decided = post_form(
        &format!("{}/api/authorization/decision", flood.base),
        &form(&[
            ("pending", &pending),
            ("authorized", "true"),
            ("subject", "1001"),
        ]),
    )
    .await;
    assert_eq!(decided.status, 302, "{decided:?}");
    let location = decided.header("location").unwrap();
    assert!(
        location.starts_with(&format!("{}?code=", demo::REDIRECT_URI)),
        "{location}"
    );
}

#[tokio::test]
async fn an_undecided_ticket_still_lives_its_whole_lifetime_when_there_is_room() {
    let flood = Flood::start().await;
    let page = flood.request().await.json();
    flood.clock.advance(Duration::from_secs(590));
    let pending = page["pending"].to_string();
    let decided = post_form(
        &format!("{}/api/authorization/decision", flood.base),
        &form(&[
            ("pending", &pending),
            ("authorized", "true"),
            ("subject", "1001"),
        ]),
    )
    .await;
    assert_eq!(decided.status, 302, "{decided:?}");
}
