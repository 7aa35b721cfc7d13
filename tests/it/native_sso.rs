//! OpenID Connect Native SSO for Mobile Apps 1.0 through the token endpoint with a `NativeSsoSpi`:
//! against a scripted fake, every outcome of `/auth/token`'s `NATIVE_SSO` (new login, token
//! exchange, refusals, each `/nativesso` action, failures) and of `/nativesso/logout`; the session
//! ID reaching `/auth/authorization/issue`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use authlete_tower::AuthorizationServer;
use authlete_tower::dto::{NativeSsoLogoutAction, TokenResponse};
use authlete_tower::handler::native_sso::default_device_secret_hash;
use authlete_tower::handler::{AuthenticatedUser, NativeSsoLogoutError, NativeSsoSpi, SpiError};
use serde_json::{Map, Value, json};

use crate::common::{Answer, FakeApi, TestApp, get, post_form, serve_axum};

/// The application's sessions: the IDs in `alive` are; `broken` makes every call fail.
#[derive(Clone, Default)]
pub struct TestSessions {
    pub alive: Arc<Mutex<HashSet<String>>>,
    pub broken: Arc<Mutex<bool>>,
    /// Every `(session_id, subject)` asked about.
    pub asked: Arc<Mutex<Vec<(String, Option<String>)>>>,
}

impl TestSessions {
    pub fn with(session_id: &str) -> Self {
        let sessions = Self::default();
        sessions.alive.lock().unwrap().insert(session_id.to_owned());
        sessions
    }
}

impl NativeSsoSpi for TestSessions {
    async fn is_session_alive(
        &self,
        session_id: &str,
        subject: Option<&str>,
    ) -> Result<bool, SpiError> {
        self.asked
            .lock()
            .unwrap()
            .push((session_id.to_owned(), subject.map(str::to_owned)));
        if *self.broken.lock().unwrap() {
            return Err(SpiError::new("the session store is down"));
        }
        Ok(self.alive.lock().unwrap().contains(session_id))
    }

    async fn id_token_claims(
        &self,
        request: &TokenResponse,
    ) -> Result<Option<Map<String, Value>>, SpiError> {
        Ok(match request.subject.as_deref() {
            Some("1001") => json!({"name": "Alice"}).as_object().cloned(),
            _ => None,
        })
    }
}

struct Setup {
    fake: Arc<FakeApi>,
    sessions: TestSessions,
    server: AuthorizationServer,
    token: String,
}

async fn setup_with(native_sso: bool) -> Setup {
    let fake = FakeApi::new();
    let sessions = TestSessions::with("sid-1");
    let server = AuthorizationServer::new(fake.clone(), TestApp::default());
    let server = if native_sso {
        server.with_native_sso(sessions.clone())
    } else {
        server
    };
    let base = serve_axum(&server).await;
    Setup {
        fake,
        sessions,
        server,
        token: format!("{base}/api/token"),
    }
}

async fn setup() -> Setup {
    setup_with(true).await
}

/// `/auth/token`'s answer for a code whose scopes include `openid` and `device_sso`.
fn new_login() -> Value {
    json!({"action": "NATIVE_SSO", "grantType": "AUTHORIZATION_CODE", "clientId": 2000,
        "subject": "1001", "scopes": ["openid", "device_sso"], "sessionId": "sid-1",
        "accessToken": "AT", "refreshToken": "RT", "responseContent": "{}"})
}

/// `/auth/token`'s answer for a second application's token exchange presenting `secret` with
/// an ID token whose `ds_hash` is `hash`.
fn exchange(secret: &str, hash: Option<&str>) -> Value {
    let mut answer = json!({"action": "NATIVE_SSO", "grantType": "TOKEN_EXCHANGE",
        "clientId": 3000, "subject": "1001", "scopes": ["openid"], "sessionId": "sid-1",
        "accessToken": "AT-2", "jwtAccessToken": "eyJ.AT-2.sig", "refreshToken": "RT-2",
        "deviceSecret": secret});
    if let Some(hash) = hash {
        answer["deviceSecretHash"] = json!(hash);
    }
    answer
}

const ISSUED: &str =
    r#"{"access_token":"AT","token_type":"Bearer","id_token":"eyJ.x.y","device_secret":"DS"}"#;

fn native_sso_ok() -> Value {
    json!({"action": "OK", "resultCode": "A501001", "responseContent": ISSUED, "idToken": "eyJ.x.y"})
}

fn assert_json_headers(answer: &Answer) {
    assert_eq!(answer.content_type(), "application/json;charset=UTF-8");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.header("pragma"), Some("no-cache"));
}

fn assert_invalid_grant(answer: &Answer, description: &str) {
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_json_headers(answer);
    assert_eq!(
        answer.json(),
        json!({"error": "invalid_grant", "error_description": description})
    );
}

#[tokio::test]
async fn a_new_login_gets_a_fresh_device_secret_and_the_nativesso_answer() {
    let s = setup().await;
    s.fake.answer("token", new_login());
    s.fake.answer("native_sso", native_sso_ok());
    let answer = post_form(&s.token, "grant_type=authorization_code&code=C").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_json_headers(&answer);
    assert_eq!(answer.body, ISSUED);
    assert_eq!(
        *s.sessions.asked.lock().unwrap(),
        [("sid-1".to_owned(), Some("1001".to_owned()))]
    );
    let request = s.fake.last("native_sso").unwrap();
    assert_eq!(request["accessToken"], "AT");
    assert_eq!(request["refreshToken"], "RT");
    let secret = request["deviceSecret"].as_str().unwrap();
    assert_eq!(secret.len(), 43, "256 bits, base64url");
    assert_eq!(
        request["deviceSecretHash"],
        default_device_secret_hash(secret)
    );
    assert_eq!(
        serde_json::from_str::<Value>(request["claims"].as_str().unwrap()).unwrap(),
        json!({"name": "Alice"})
    );
    // Another login, another secret.
    post_form(&s.token, "grant_type=authorization_code&code=C").await;
    let again = s.fake.last("native_sso").unwrap();
    assert_ne!(again["deviceSecret"], secret);
}

#[tokio::test]
async fn a_token_exchange_with_the_right_device_secret_keeps_it() {
    let s = setup().await;
    let hash = default_device_secret_hash("my-ds");
    s.fake.answer("token", exchange("my-ds", Some(&hash)));
    s.fake.answer("native_sso", native_sso_ok());
    let answer = post_form(&s.token, "grant_type=x").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_json_headers(&answer);
    assert_eq!(answer.body, ISSUED);
    let request = s.fake.last("native_sso").unwrap();
    // The JWT access token when there is one.
    assert_eq!(
        request,
        json!({"accessToken": "eyJ.AT-2.sig", "refreshToken": "RT-2", "claims": "{\"name\":\"Alice\"}",
            "deviceSecret": "my-ds", "deviceSecretHash": hash})
    );
}

#[tokio::test]
async fn a_wrong_or_missing_device_secret_is_an_invalid_grant() {
    let s = setup().await;
    let hash = default_device_secret_hash("my-ds");
    for (secret, hash, description) in [
        (
            "other-ds",
            Some(hash.as_str()),
            "The device secret does not match the ID token.",
        ),
        (
            "",
            Some(hash.as_str()),
            "The device secret does not match the ID token.",
        ),
        ("my-ds", None, "The ID token carries no device secret hash."),
    ] {
        s.fake.answer("token", exchange(secret, hash));
        let answer = post_form(&s.token, "grant_type=x").await;
        assert_invalid_grant(&answer, description);
    }
    assert!(!s.fake.called("native_sso"));
}

#[tokio::test]
async fn an_ended_session_is_an_invalid_grant() {
    let s = setup().await;
    s.sessions.alive.lock().unwrap().clear();
    for answer in [
        new_login(),
        exchange("my-ds", Some(&default_device_secret_hash("my-ds"))),
    ] {
        s.fake.answer("token", answer);
        let answer = post_form(&s.token, "grant_type=x").await;
        assert_invalid_grant(&answer, "The authentication session has ended.");
    }
    assert!(!s.fake.called("native_sso"));
}

#[tokio::test]
async fn failures_before_nativesso_are_server_errors() {
    let s = setup().await;
    // The application fails.
    *s.sessions.broken.lock().unwrap() = true;
    s.fake.answer("token", new_login());
    post_form(&s.token, "grant_type=x")
        .await
        .assert_server_error();
    *s.sessions.broken.lock().unwrap() = false;
    // Authlete names no session, or no access token.
    let mut no_session = new_login();
    no_session.as_object_mut().unwrap().remove("sessionId");
    s.fake.answer("token", no_session);
    post_form(&s.token, "grant_type=x")
        .await
        .assert_server_error();
    let mut no_token = new_login();
    no_token.as_object_mut().unwrap().remove("accessToken");
    s.fake.answer("token", no_token);
    post_form(&s.token, "grant_type=x")
        .await
        .assert_server_error();
    assert!(!s.fake.called("native_sso"));
}

#[tokio::test]
async fn every_other_nativesso_outcome_is_a_server_error() {
    let s = setup().await;
    s.fake.answer("token", new_login());
    for answer in [
        json!({"action": "INTERNAL_SERVER_ERROR", "resultMessage": "[A501201] backend-secret-detail",
            "responseContent": "{\"error\":\"server_error\",\"error_description\":\"backend-secret-detail\"}"}),
        json!({"action": "CALLER_ERROR", "resultMessage": "[A501301] backend-secret-detail"}),
        json!({"action": "SOMETHING_NEW"}),
        json!({"action": "OK"}),
    ] {
        s.fake.answer("native_sso", answer.clone());
        let answer = post_form(&s.token, "grant_type=x").await;
        answer.assert_server_error();
    }
    // The call itself fails.
    s.fake.fail("native_sso");
    post_form(&s.token, "grant_type=x")
        .await
        .assert_server_error();
}

#[tokio::test]
async fn without_the_spi_an_exchange_is_unsupported_and_a_login_a_server_error() {
    let s = setup_with(false).await;
    s.fake.answer(
        "token",
        exchange("my-ds", Some(&default_device_secret_hash("my-ds"))),
    );
    let answer = post_form(&s.token, "grant_type=x").await;
    assert_eq!(answer.status, 400);
    assert_json_headers(&answer);
    assert_eq!(answer.json()["error"], "unsupported_grant_type");
    s.fake.answer("token", new_login());
    post_form(&s.token, "grant_type=x")
        .await
        .assert_server_error();
    assert!(!s.fake.called("native_sso"));
    // Left out, the SPI is not asked.
    let s = setup().await;
    let server = s.server.without(authlete_tower::handler::Family::NativeSso);
    let base = serve_axum(&server).await;
    s.fake.answer("token", new_login());
    post_form(&format!("{base}/api/token"), "grant_type=x")
        .await
        .assert_server_error();
    assert!(s.sessions.asked.lock().unwrap().is_empty());
}

#[tokio::test]
async fn logout_answers_the_count_or_why_not() {
    let s = setup().await;
    s.fake.answer(
        "native_sso_logout",
        json!({"action": "OK", "count": 2, "resultCode": "A503001"}),
    );
    assert_eq!(s.server.native_sso_logout("sid-1").await.unwrap(), 2);
    assert_eq!(
        s.fake.last("native_sso_logout").unwrap(),
        json!({"sessionId": "sid-1"})
    );
    for action in ["CALLER_ERROR", "SERVER_ERROR"] {
        s.fake.answer(
            "native_sso_logout",
            json!({"action": action, "resultMessage": "why"}),
        );
        match s.server.native_sso_logout("sid-1").await {
            Err(NativeSsoLogoutError::Refused {
                action: Some(refused),
                result_message,
            }) => {
                let expected = if action == "CALLER_ERROR" {
                    NativeSsoLogoutAction::CallerError
                } else {
                    NativeSsoLogoutAction::ServerError
                };
                assert_eq!(refused, expected);
                assert_eq!(result_message.as_deref(), Some("why"));
            }
            other => panic!("{action}: {other:?}"),
        }
    }
    s.fake.fail("native_sso_logout");
    assert!(matches!(
        s.server.native_sso_logout("sid-1").await,
        Err(NativeSsoLogoutError::Api(_))
    ));
}

#[tokio::test]
async fn the_session_id_reaches_the_authorization_issue() {
    let fake = FakeApi::new();
    let app = TestApp::default();
    let server = AuthorizationServer::new(fake.clone(), app.clone())
        .with_native_sso(TestSessions::with("sid-1"));
    let base = serve_axum(&server).await;
    app.log_in(AuthenticatedUser::new("1001").with_session_id("sid-1"));
    app.consent();
    fake.answer(
        "authorization",
        json!({"action": "NO_INTERACTION", "ticket": "T-1", "subject": "1001",
            "nativeSsoRequested": true, "client": {"clientId": 2000},
            "scopes": [{"name": "openid"}, {"name": "device_sso"}]}),
    );
    fake.answer(
        "authorization_issue",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?code=C"}),
    );
    let answer = get(&format!("{base}/api/authorization?prompt=none")).await;
    assert_eq!(answer.status, 302, "{answer:?}");
    let issue = fake.last("authorization_issue").unwrap();
    assert_eq!(issue["sessionId"], "sid-1");
    // A user without a session sends none.
    app.log_in(AuthenticatedUser::new("1001"));
    get(&format!("{base}/api/authorization?prompt=none")).await;
    assert!(
        fake.last("authorization_issue")
            .unwrap()
            .get("sessionId")
            .is_none()
    );
}
