//! CIBA end to end through our authorization server on the local backend, over real HTTP: the
//! test is the client (it posts to the backchannel endpoint, polls the token endpoint or receives
//! the ping/push on a loopback receiver) and the "device" approves through
//! `AuthorizationServer::complete_backchannel`. Also the refusals of the local backend, siblings
//! of `handler_backchannel`'s fake-backend tests.

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::handler::{
    AuthenticatedUser, BackchannelCompleted, BackchannelCompletion, Family,
};
use authlete_tower::{AuthleteClient, AuthorizationServer};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;
use serde_json::{Value, json};

use crate::common::ciba::{Behaviour, Receiver, TestDevices};
use crate::common::flows::{Mount, basic, serve_actix};
use crate::common::*;

const POLL: i64 = 5300;
const PING: i64 = 5100;
const PUSH: i64 = 5200;
const SECRET: &str = "ciba-secret";
const CHALLENGE: &str = "Basic realm=\"backchannel/authentication\"";

struct Ciba {
    base: String,
    server: AuthorizationServer,
    devices: TestDevices,
    receiver: Receiver,
    clock: ManualClock,
    local: LocalServer,
}

impl Ciba {
    async fn start(mount: Mount) -> Self {
        let receiver = Receiver::start(Behaviour::Status(StatusCode::NO_CONTENT)).await;
        let mut config = LocalConfig::demo();
        for (id, mode) in [(PING, "ping"), (PUSH, "push"), (POLL, "poll")] {
            config.clients.push(
                ClientConfig::confidential(id, SECRET, format!("CIBA {mode}"))
                    .grant_types(["refresh_token"])
                    .ciba(mode, Some(&receiver.url)),
            );
        }
        let clock = ManualClock::new();
        let backend = LocalBackend::with_clock(config, Arc::new(clock.clone())).unwrap();
        let local = LocalServer::bind(backend, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
        let devices = TestDevices::default();
        let server =
            AuthorizationServer::new(api, TestApp::default()).with_backchannel(devices.clone());
        let base = match mount {
            Mount::Axum => serve_axum(&server).await,
            Mount::Actix => serve_actix(server.clone()),
        };
        Self {
            base,
            server,
            devices,
            receiver,
            clock,
            local,
        }
    }

    async fn post(&self, path: &str, client: i64, body: &str) -> Answer {
        self.post_as(path, &basic(&client.to_string(), SECRET), body)
            .await
    }

    async fn post_as(&self, path: &str, authorization: &str, body: &str) -> Answer {
        Answer::from(
            http()
                .post(format!("{}{path}", self.base))
                .header("authorization", authorization)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.to_owned())
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// The backchannel authentication request of `client` for `alice`: its `auth_req_id`.
    async fn authenticate(&self, client: i64, extra: &[(&str, &str)]) -> Value {
        let mut pairs = vec![
            ("scope", "openid email"),
            ("login_hint", "alice"),
            ("binding_message", "W4SCT"),
        ];
        pairs.extend_from_slice(extra);
        let answer = self
            .post("/api/backchannel/authentication", client, &form(&pairs))
            .await;
        assert_eq!(answer.status, 200, "{answer:?}");
        assert!(answer.content_type().starts_with("application/json"));
        answer.json()
    }

    async fn poll(&self, client: i64, auth_req_id: &str) -> Answer {
        let body = form(&[
            ("grant_type", "urn:openid:params:grant-type:ciba"),
            ("auth_req_id", auth_req_id),
        ]);
        self.post("/api/token", client, &body).await
    }

    /// The device: approves the next request as `1001` with the claims it asks for.
    async fn approve(&self) -> BackchannelCompleted {
        let request = self.devices.next().await;
        assert_eq!(request.subject, "1001");
        assert_eq!(request.binding_message.as_deref(), Some("W4SCT"));
        let user = AuthenticatedUser::new(request.subject.clone());
        self.server
            .complete_backchannel(
                BackchannelCompletion::authorized(request.ticket.clone(), user)
                    .with_claim_names(vec!["email".into()]),
            )
            .await
            .unwrap()
    }
}

fn id_token_claims(id_token: &str) -> Value {
    let payload = id_token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

async fn poll_mode(mount: Mount) {
    let ciba = Ciba::start(mount).await;
    let started = ciba.authenticate(POLL, &[]).await;
    let auth_req_id = started["auth_req_id"].as_str().unwrap().to_owned();
    assert_eq!(started["interval"], 5);
    assert!(started["expires_in"].as_i64().unwrap() > 0);
    let pending = ciba.poll(POLL, &auth_req_id).await;
    assert_eq!(pending.status, 400, "{pending:?}");
    assert_eq!(pending.json()["error"], "authorization_pending");
    assert_eq!(ciba.approve().await, BackchannelCompleted::Recorded);
    assert_eq!(ciba.receiver.count(), 0, "poll mode notifies nobody");
    ciba.clock.advance(Duration::from_secs(6));
    let tokens = ciba.poll(POLL, &auth_req_id).await;
    assert_eq!(tokens.status, 200, "{tokens:?}");
    let tokens = tokens.json();
    assert_eq!(tokens["token_type"], "Bearer");
    let claims = id_token_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["sub"], "1001");
    assert_eq!(claims["aud"], POLL.to_string());
    assert_eq!(claims["email"], "alice@example.com");
    let again = ciba.poll(POLL, &auth_req_id).await;
    assert_eq!(again.json()["error"], "invalid_grant");
    ciba.local.shutdown().await;
}

#[tokio::test]
async fn poll_mode_on_axum() {
    poll_mode(Mount::Axum).await;
}

#[cfg(feature = "actix")]
#[tokio::test]
async fn poll_mode_on_actix() {
    poll_mode(Mount::Actix).await;
}

#[tokio::test]
async fn ping_mode_notifies_then_the_client_polls() {
    let ciba = Ciba::start(Mount::Axum).await;
    let started = ciba
        .authenticate(PING, &[("client_notification_token", "nt-ping-51")])
        .await;
    let auth_req_id = started["auth_req_id"].as_str().unwrap().to_owned();
    assert_eq!(
        ciba.approve().await,
        BackchannelCompleted::Notified { status: 204 }
    );
    let ping = ciba.receiver.first().await;
    assert_eq!(ping.headers["authorization"], "Bearer nt-ping-51");
    assert_eq!(ping.headers["content-type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(&ping.body).unwrap(),
        json!({"auth_req_id": auth_req_id})
    );
    let tokens = ciba.poll(PING, &auth_req_id).await;
    assert_eq!(tokens.status, 200, "{tokens:?}");
    let access_token = tokens.json()["access_token"].as_str().unwrap().to_owned();
    let userinfo = Answer::from(
        http()
            .get(format!("{}/api/userinfo", ciba.base))
            .bearer_auth(access_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(userinfo.status, 200, "{userinfo:?}");
    assert_eq!(userinfo.json()["sub"], "1001");
    ciba.local.shutdown().await;
}

#[tokio::test]
async fn push_mode_delivers_the_tokens() {
    let ciba = Ciba::start(Mount::Axum).await;
    let started = ciba
        .authenticate(PUSH, &[("client_notification_token", "nt-push-52")])
        .await;
    let auth_req_id = started["auth_req_id"].as_str().unwrap().to_owned();
    assert!(started.get("interval").is_none(), "{started}");
    assert_eq!(
        ciba.approve().await,
        BackchannelCompleted::Notified { status: 204 }
    );
    let push = ciba.receiver.first().await;
    assert_eq!(push.headers["authorization"], "Bearer nt-push-52");
    let body: Value = serde_json::from_str(&push.body).unwrap();
    assert_eq!(body["auth_req_id"], auth_req_id.as_str());
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(
        id_token_claims(body["id_token"].as_str().unwrap())["sub"],
        "1001"
    );
    let userinfo = Answer::from(
        http()
            .get(format!("{}/api/userinfo", ciba.base))
            .bearer_auth(body["access_token"].as_str().unwrap())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(userinfo.status, 200, "{userinfo:?}");
    // A push-mode client never polls.
    let polled = ciba.poll(PUSH, &auth_req_id).await;
    assert_eq!(polled.status, 400);
    ciba.local.shutdown().await;
}

#[tokio::test]
async fn a_denial_reaches_the_polling_client() {
    let ciba = Ciba::start(Mount::Axum).await;
    let started = ciba.authenticate(POLL, &[]).await;
    let request = ciba.devices.next().await;
    ciba.server
        .complete_backchannel(BackchannelCompletion::denied(request.ticket.clone()))
        .await
        .unwrap();
    let answer = ciba
        .poll(POLL, started["auth_req_id"].as_str().unwrap())
        .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"], "access_denied");
    ciba.local.shutdown().await;
}

/// The local backend's refusals (siblings of `handler_backchannel`'s fake-backend tests).
#[tokio::test]
async fn refusals_against_the_local_backend() {
    let ciba = Ciba::start(Mount::Axum).await;
    let path = "/api/backchannel/authentication";
    let wrong = ciba
        .post_as(
            path,
            &basic(&POLL.to_string(), "wrong"),
            "scope=openid&login_hint=alice",
        )
        .await;
    assert_eq!(wrong.status, 401, "{wrong:?}");
    assert_eq!(wrong.json()["error"], "invalid_client");
    assert_eq!(wrong.header("www-authenticate"), Some(CHALLENGE));
    let demo_client = ciba
        .post_as(
            path,
            &basic(demo::CLIENT_ID, demo::CLIENT_SECRET),
            "scope=openid&login_hint=alice",
        )
        .await;
    assert_eq!(demo_client.status, 400);
    assert_eq!(demo_client.json()["error"], "unauthorized_client");
    let cases: [(&str, u16, &str); 6] = [
        ("scope=openid", 400, "invalid_request"),
        ("scope=openid&login_hint=bob", 400, "unknown_user_id"),
        (
            "scope=openid&login_hint_token=expired-token",
            400,
            "expired_login_hint_token",
        ),
        (
            "scope=openid&login_hint=alice&user_code=0000",
            400,
            "invalid_user_code",
        ),
        (
            "scope=openid&login_hint=alice&binding_message=two%0Alines",
            400,
            "invalid_binding_message",
        ),
        ("scope=openid&login_hint=broken", 500, "server_error"),
    ];
    for (body, status, error) in cases {
        let answer = ciba.post(path, POLL, body).await;
        assert_eq!(answer.status, status, "{body}: {answer:?}");
        assert_eq!(answer.json()["error"], error, "{body}");
        assert_eq!(answer.header("www-authenticate"), None);
    }
    let ping = ciba.post(path, PING, "scope=openid&login_hint=alice").await;
    assert_eq!(ping.status, 400);
    assert_eq!(ping.json()["error"], "invalid_request");
    // A right user code passes.
    ciba.authenticate(POLL, &[("user_code", "1234")]).await;
    assert_eq!(ciba.devices.next().await.subject, "1001");
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(ciba.devices.started_count(), 0);
    ciba.local.shutdown().await;
}

#[tokio::test]
async fn discovery_advertises_ciba_only_when_mounted() {
    let ciba = Ciba::start(Mount::Axum).await;
    assert!(ciba.server.mounts(Family::Backchannel));
    let document = get(&format!("{}/.well-known/openid-configuration", ciba.base))
        .await
        .json();
    assert!(document["backchannel_authentication_endpoint"].is_string());
    assert_eq!(
        document["backchannel_token_delivery_modes_supported"],
        json!(["poll", "ping", "push"])
    );
    // The same local backend behind a server without CIBA: nothing of it is advertised.
    let api = Arc::new(AuthleteClient::new(ciba.local.config_v3()).unwrap());
    let plain = AuthorizationServer::new(api, TestApp::default());
    let base = serve_axum(&plain).await;
    let document = get(&format!("{base}/.well-known/openid-configuration"))
        .await
        .json();
    for key in [
        "backchannel_authentication_endpoint",
        "backchannel_token_delivery_modes_supported",
        "backchannel_user_code_parameter_supported",
    ] {
        assert!(document.get(key).is_none(), "{key}: {document}");
    }
    let grants = document["grant_types_supported"].as_array().unwrap();
    assert!(!grants.contains(&json!("urn:openid:params:grant-type:ciba")));
    let not_mounted = http()
        .post(format!("{base}/api/backchannel/authentication"))
        .send()
        .await
        .unwrap();
    assert_eq!(not_mounted.status(), 404);
    ciba.local.shutdown().await;
}
