//! The CIBA backchannel authentication endpoint and the completion API against a scripted fake
//! `AuthleteApi`, over real HTTP: every action (status, headers, body), every check's failure
//! reason, and the ping/push notification delivered to a loopback receiver.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use crate::common::ciba::{Behaviour, Receiver, TestDevices};
use crate::common::*;
use authlete_tower::AuthorizationServer;
use authlete_tower::handler::{
    AuthenticatedUser, BackchannelCompleted, BackchannelCompletion, BackchannelError, Family,
    HintKind, NotificationError,
};
use base64::Engine;
use http::StatusCode;
use serde_json::{Value, json};

const PATH: &str = "/api/backchannel/authentication";
const CHALLENGE: &str = "Basic realm=\"backchannel/authentication\"";

struct Setup {
    fake: Arc<FakeApi>,
    devices: TestDevices,
    server: AuthorizationServer,
    base: String,
}

async fn setup_with(configure: impl FnOnce(AuthorizationServer) -> AuthorizationServer) -> Setup {
    let fake = FakeApi::new();
    let devices = TestDevices::default();
    let server = configure(
        AuthorizationServer::new(fake.clone(), TestApp::default())
            .with_backchannel(devices.clone()),
    );
    let base = serve_axum(&server).await;
    Setup {
        fake,
        devices,
        server,
        base,
    }
}

async fn setup() -> Setup {
    setup_with(|server| server).await
}

impl Setup {
    async fn post(&self, authorization: Option<&str>, body: &str) -> Answer {
        let mut request = http()
            .post(format!("{}{PATH}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        Answer::from(request.send().await.unwrap()).await
    }

    /// Scripts `USER_IDENTIFICATION` with `extra` fields, and an issue `OK`.
    fn identification(&self, extra: Value) {
        let mut answer = json!({
            "action": "USER_IDENTIFICATION", "ticket": "tkt-1", "clientId": 57,
            "clientName": "Kiosk", "hintType": "LOGIN_HINT", "hint": "alice",
            "scopes": [{"name": "openid"}, {"name": "email"}], "claimNames": ["email"],
            "acrs": ["urn:acr:pin"], "deliveryMode": "POLL"
        });
        for (name, value) in extra.as_object().unwrap() {
            answer[name] = value.clone();
        }
        self.fake.answer("backchannel_authentication", answer);
        self.fake.answer(
            "backchannel_authentication_issue",
            json!({"action": "OK", "authReqId": "arid-1", "expiresIn": 120, "interval": 5,
                "responseContent": "{\"auth_req_id\":\"arid-1\",\"expires_in\":120,\"interval\":5}"}),
        );
        self.fake.answer(
            "backchannel_authentication_fail",
            json!({"action": "BAD_REQUEST", "responseContent": "{\"error\":\"from-fail\"}"}),
        );
    }
}

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

#[tokio::test]
async fn without_a_backchannel_spi_the_endpoint_is_not_mounted() {
    let fake = FakeApi::new();
    let server = AuthorizationServer::new(fake.clone(), TestApp::default());
    assert!(!server.mounts(Family::Backchannel));
    let base = serve_axum(&server).await;
    let answer = http()
        .post(format!("{base}{PATH}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("login_hint=alice&scope=openid")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 404);
    // Called directly, it refuses without asking Authlete.
    let request = http::Request::post(PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(bytes::Bytes::from_static(b"login_hint=alice"))
        .unwrap();
    let answer = server.backchannel_authentication(request).await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: Value = serde_json::from_slice(answer.body()).unwrap();
    assert_eq!(body["error"], "unauthorized_client");
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert!(!fake.called("backchannel_authentication"));
}

#[tokio::test]
async fn the_simple_actions_map_like_jaxrs() {
    let s = setup().await;
    for (action, status) in [("BAD_REQUEST", 400), ("UNAUTHORIZED", 401)] {
        s.fake.answer(
            "backchannel_authentication",
            json!({"action": action, "responseContent": "{\"error\":\"e\"}"}),
        );
        let answer = s.post(None, "login_hint=alice&scope=openid").await;
        assert_eq!(answer.status, status, "{action}");
        assert!(answer.content_type().starts_with("application/json"));
        assert_eq!(answer.json(), json!({"error": "e"}));
        let challenge = (action == "UNAUTHORIZED").then_some(CHALLENGE);
        assert_eq!(answer.header("www-authenticate"), challenge, "{action}");
    }
    s.fake.answer(
        "backchannel_authentication",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{\"error\":\"server_error\"}",
            "resultMessage": "backend-secret-detail"}),
    );
    s.post(None, "x=1").await.assert_server_error();
    s.fake
        .answer("backchannel_authentication", json!({"action": "NEW"}));
    s.post(None, "x=1").await.assert_server_error();
    s.fake.answer(
        "backchannel_authentication",
        json!({"action": "BAD_REQUEST"}),
    );
    s.post(None, "x=1").await.assert_server_error();
    s.fake.fail("backchannel_authentication");
    s.post(None, "x=1").await.assert_server_error();
    assert_eq!(s.devices.started_count(), 0);
}

#[tokio::test]
async fn client_credentials_go_to_authlete_as_at_the_token_endpoint() {
    let s = setup().await;
    s.fake.answer(
        "backchannel_authentication",
        json!({"action": "BAD_REQUEST", "responseContent": "{}"}),
    );
    let body = "login_hint=alice&scope=openid&client_assertion=eyJ.x.y";
    s.post(Some(&basic("57", "s3cret")), body).await;
    let sent = s.fake.last("backchannel_authentication").unwrap();
    assert_eq!(sent["clientId"], "57");
    assert_eq!(sent["clientSecret"], "s3cret");
    assert_eq!(sent["parameters"], body);
    // A malformed Basic header is refused in front of Authlete.
    let calls = s.fake.count("backchannel_authentication");
    let answer = s.post(Some("Basic %%%"), "login_hint=alice").await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.json()["error"], "invalid_client");
    assert_eq!(answer.header("www-authenticate"), Some(CHALLENGE));
    assert_eq!(s.fake.count("backchannel_authentication"), calls);
    // A body that is not a form is refused too.
    let answer = Answer::from(
        http()
            .post(format!("{}{PATH}", s.base))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"], "invalid_request");
}

#[tokio::test]
async fn an_identified_user_gets_an_auth_req_id_and_the_device_is_asked() {
    let s = setup().await;
    s.identification(json!({"bindingMessage": "W4SCT", "userCode": "1234"}));
    let answer = s
        .post(None, "login_hint=alice&scope=openid&user_code=1234")
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(
        answer.json(),
        json!({"auth_req_id": "arid-1", "expires_in": 120, "interval": 5})
    );
    assert_eq!(
        s.fake.last("backchannel_authentication_issue").unwrap(),
        json!({"ticket": "tkt-1"})
    );
    assert!(!s.fake.called("backchannel_authentication_fail"));
    let started = s.devices.next().await;
    assert_eq!(started.ticket, "tkt-1");
    assert_eq!(started.subject, "1001");
    assert_eq!(started.client_id, Some(57));
    assert_eq!(started.client_name.as_deref(), Some("Kiosk"));
    assert_eq!(started.scopes, ["openid", "email"]);
    assert_eq!(started.claim_names, ["email"]);
    assert_eq!(started.acrs, ["urn:acr:pin"]);
    assert_eq!(started.binding_message.as_deref(), Some("W4SCT"));
    assert_eq!(started.expires_in, Some(120));
    assert!(!format!("{started:?}").contains("tkt-1"), "{started:?}");
    let hints = s.devices.hints.lock().unwrap().clone();
    assert_eq!(hints, [(HintKind::LoginHint, "alice".into(), None)]);
}

#[tokio::test]
async fn each_hint_kind_reaches_the_spi() {
    let s = setup().await;
    for (kind, hint, sub) in [
        ("ID_TOKEN_HINT", "eyJ.id.token", Some("1001")),
        ("LOGIN_HINT_TOKEN", "alice-token", None),
    ] {
        s.identification(json!({"hintType": kind, "hint": hint, "sub": sub}));
        let answer = s.post(None, "scope=openid").await;
        assert_eq!(answer.status, 200, "{kind}: {answer:?}");
        assert_eq!(s.devices.next().await.subject, "1001");
    }
    let hints = s.devices.hints.lock().unwrap().clone();
    assert_eq!(
        hints,
        [
            (
                HintKind::IdTokenHint,
                "eyJ.id.token".into(),
                Some("1001".into())
            ),
            (HintKind::LoginHintToken, "alice-token".into(), None),
        ]
    );
}

#[tokio::test]
async fn each_failed_check_ends_the_request_with_its_reason() {
    let s = setup().await;
    let cases = [
        (json!({"hint": "bob"}), "UNKNOWN_USER_ID"),
        (
            json!({"hintType": "LOGIN_HINT_TOKEN", "hint": "expired-token"}),
            "EXPIRED_LOGIN_HINT_TOKEN",
        ),
        (json!({"userCodeRequired": true}), "MISSING_USER_CODE"),
        (json!({"userCode": "9999"}), "INVALID_USER_CODE"),
        (
            json!({"bindingMessage": "two\nlines"}),
            "INVALID_BINDING_MESSAGE",
        ),
        (
            json!({"bindingMessage": "x".repeat(65)}),
            "INVALID_BINDING_MESSAGE",
        ),
        (
            json!({"hintType": "NEW_KIND", "hint": "alice"}),
            "UNKNOWN_USER_ID",
        ),
    ];
    for (extra, reason) in cases {
        s.identification(extra.clone());
        let answer = s.post(None, "scope=openid").await;
        assert_eq!(answer.status, 400, "{extra}");
        assert_eq!(answer.json(), json!({"error": "from-fail"}));
        assert_eq!(
            s.fake.last("backchannel_authentication_fail").unwrap(),
            json!({"ticket": "tkt-1", "reason": reason}),
            "{extra}"
        );
    }
    assert_eq!(s.fake.count("backchannel_authentication_issue"), 0);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(s.devices.started_count(), 0);
}

#[tokio::test]
async fn fail_answers_map_every_action() {
    let s = setup().await;
    for (action, status) in [("BAD_REQUEST", 400), ("FORBIDDEN", 403)] {
        s.identification(json!({"hint": "bob"}));
        s.fake.answer(
            "backchannel_authentication_fail",
            json!({"action": action, "responseContent": "{\"error\":\"unknown_user_id\"}"}),
        );
        let answer = s.post(None, "scope=openid").await;
        assert_eq!(answer.status, status, "{action}");
        assert_eq!(answer.json(), json!({"error": "unknown_user_id"}));
        assert_eq!(answer.header("www-authenticate"), None);
    }
    for broken in [
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
        json!({"action": "NEW"}),
        json!({"action": "FORBIDDEN"}),
    ] {
        s.fake
            .answer("backchannel_authentication_fail", broken.clone());
        s.post(None, "scope=openid").await.assert_server_error();
    }
    s.fake.fail("backchannel_authentication_fail");
    s.post(None, "scope=openid").await.assert_server_error();
}

#[tokio::test]
async fn issue_failures_are_server_errors_and_reach_no_device() {
    let s = setup().await;
    s.identification(json!({}));
    for broken in [
        json!({"action": "INVALID_TICKET"}),
        json!({"action": "INTERNAL_SERVER_ERROR", "resultMessage": "backend-secret-detail"}),
        json!({"action": "NEW"}),
        json!({"action": "OK"}),
    ] {
        s.fake
            .answer("backchannel_authentication_issue", broken.clone());
        s.post(None, "scope=openid").await.assert_server_error();
    }
    s.fake.fail("backchannel_authentication_issue");
    s.post(None, "scope=openid").await.assert_server_error();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(s.devices.started_count(), 0);
}

#[tokio::test]
async fn a_failing_spi_is_a_server_error() {
    let s = setup().await;
    s.identification(json!({"hint": "broken"}));
    let answer = s.post(None, "scope=openid").await;
    answer.assert_server_error();
    assert!(!answer.body.contains("application-secret-detail"));
    assert!(!s.fake.called("backchannel_authentication_fail"));
    assert!(!s.fake.called("backchannel_authentication_issue"));
}

// ----- completion ----------------------------------------------------------------------------

#[tokio::test]
async fn completion_sends_the_decision_and_the_claims() {
    let s = setup().await;
    s.fake.answer(
        "backchannel_authentication_complete",
        json!({"action": "NO_ACTION"}),
    );
    let user = AuthenticatedUser::new("1001")
        .authenticated_at(UNIX_EPOCH + Duration::from_secs(1_700_000_000))
        .with_acr("urn:acr:pin");
    let done = s
        .server
        .complete_backchannel(
            BackchannelCompletion::authorized("tkt-1", user)
                .with_claim_names(vec!["email".into(), "name".into()]),
        )
        .await
        .unwrap();
    assert_eq!(done, BackchannelCompleted::Recorded);
    let sent = s.fake.last("backchannel_authentication_complete").unwrap();
    assert_eq!(sent["ticket"], "tkt-1");
    assert_eq!(sent["result"], "AUTHORIZED");
    assert_eq!(sent["subject"], "1001");
    assert_eq!(sent["authTime"], 1_700_000_000);
    assert_eq!(sent["acr"], "urn:acr:pin");
    let claims: Value = serde_json::from_str(sent["claims"].as_str().unwrap()).unwrap();
    assert_eq!(
        claims,
        json!({"email": "alice@example.com", "name": "Alice"})
    );
    for (completion, result) in [
        (
            BackchannelCompletion::denied("tkt-2").with_error_description("No."),
            "ACCESS_DENIED",
        ),
        (
            BackchannelCompletion::transaction_failed("tkt-3"),
            "TRANSACTION_FAILED",
        ),
    ] {
        let done = s.server.complete_backchannel(completion).await.unwrap();
        assert_eq!(done, BackchannelCompleted::Recorded);
        let sent = s.fake.last("backchannel_authentication_complete").unwrap();
        assert_eq!(sent["result"], result);
        assert_eq!(sent["subject"], "");
        assert!(sent.get("claims").is_none());
    }
    assert_eq!(
        s.fake.last("backchannel_authentication_complete").unwrap()["ticket"],
        "tkt-3"
    );
}

#[tokio::test]
async fn completion_failures_are_typed() {
    let s = setup().await;
    s.fake.answer(
        "backchannel_authentication_complete",
        json!({"action": "SERVER_ERROR", "resultMessage": "[A200000] broken"}),
    );
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap_err();
    assert!(matches!(error, BackchannelError::Authlete(Some(ref m)) if m.contains("A200000")));
    s.fake.answer(
        "backchannel_authentication_complete",
        json!({"action": "NEW"}),
    );
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap_err();
    assert!(matches!(error, BackchannelError::UnexpectedAction(_)));
    s.fake.fail("backchannel_authentication_complete");
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("secret-ticket"))
        .await
        .unwrap_err();
    assert!(matches!(error, BackchannelError::Api(_)));
    assert!(!error.to_string().contains("secret-ticket"));
}

fn notification(endpoint: &str, body: &str) -> Value {
    json!({
        "action": "NOTIFICATION", "deliveryMode": "PING",
        "clientNotificationEndpoint": endpoint,
        "clientNotificationToken": "notif-token-8d1f",
        "responseContent": body
    })
}

#[tokio::test]
async fn a_notification_reaches_the_client_with_its_bearer_token() {
    let s = setup().await;
    let receiver = Receiver::start(Behaviour::Status(StatusCode::NO_CONTENT)).await;
    s.fake.answer(
        "backchannel_authentication_complete",
        notification(&receiver.url, "{\"auth_req_id\":\"arid-1\"}"),
    );
    let done = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap();
    assert_eq!(done, BackchannelCompleted::Notified { status: 204 });
    let received = receiver.first().await;
    assert_eq!(received.body, "{\"auth_req_id\":\"arid-1\"}");
    assert_eq!(received.headers["authorization"], "Bearer notif-token-8d1f");
    assert_eq!(received.headers["content-type"], "application/json");
    assert_eq!(receiver.count(), 1);
}

#[tokio::test]
async fn a_refused_notification_is_a_typed_failure_without_the_token() {
    let s = setup().await;
    let receiver = Receiver::start(Behaviour::Status(StatusCode::UNAUTHORIZED)).await;
    s.fake.answer(
        "backchannel_authentication_complete",
        notification(&receiver.url, "{}"),
    );
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            BackchannelError::Notification(NotificationError::Status(401))
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains("notif-token"));
    assert!(!format!("{error:?}").contains("notif-token"));
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let s = setup().await;
    let target = Receiver::start(Behaviour::Status(StatusCode::NO_CONTENT)).await;
    let redirecting = Receiver::start(Behaviour::Redirect(target.url.clone())).await;
    s.fake.answer(
        "backchannel_authentication_complete",
        notification(&redirecting.url, "{}"),
    );
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            BackchannelError::Notification(NotificationError::Status(307))
        ),
        "{error:?}"
    );
    assert_eq!(redirecting.count(), 1);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(target.count(), 0, "the redirect was followed");
}

#[tokio::test]
async fn a_slow_endpoint_times_out() {
    let s = setup_with(|server| {
        server.with_notification_timeouts(Duration::from_secs(1), Duration::from_millis(200))
    })
    .await;
    let receiver = Receiver::start(Behaviour::Slow(Duration::from_secs(3))).await;
    s.fake.answer(
        "backchannel_authentication_complete",
        notification(&receiver.url, "{}"),
    );
    let started = std::time::Instant::now();
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            BackchannelError::Notification(NotificationError::Timeout)
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_unusable_notification_answer_is_not_sent() {
    let s = setup().await;
    let cases = [
        (
            notification("http://client.example/cb", "{}"),
            "InsecureEndpoint",
        ),
        (notification("", "{}"), "Incomplete"),
        (
            json!({"action": "NOTIFICATION", "clientNotificationEndpoint": "https://c.example/cb",
                "responseContent": "{}"}),
            "Incomplete",
        ),
        (
            json!({"action": "NOTIFICATION", "clientNotificationEndpoint": "https://c.example/cb",
                "clientNotificationToken": "t"}),
            "Incomplete",
        ),
    ];
    for (answer, kind) in cases {
        s.fake
            .answer("backchannel_authentication_complete", answer.clone());
        let error = s
            .server
            .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
            .await
            .unwrap_err();
        assert!(format!("{error:?}").contains(kind), "{answer}: {error:?}");
    }
    // Nobody listening: unreachable.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/cb", listener.local_addr().unwrap());
    drop(listener);
    s.fake.answer(
        "backchannel_authentication_complete",
        notification(&closed, "{}"),
    );
    let error = s
        .server
        .complete_backchannel(BackchannelCompletion::denied("tkt-1"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            BackchannelError::Notification(NotificationError::Unreachable(_))
        ),
        "{error:?}"
    );
}
