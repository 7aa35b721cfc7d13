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

/// The `(session_id, subject)` pairs a [`TestSessions`] was asked about.
type Asked = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// The application's sessions: the IDs in `alive` are; `broken` makes every call fail.
#[derive(Clone, Default)]
pub struct TestSessions {
    pub alive: Arc<Mutex<HashSet<String>>>,
    pub broken: Arc<Mutex<bool>>,
    /// Every `(session_id, subject)` asked about.
    pub asked: Asked,
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

// ----- end to end against the local backend ----------------------------------------------------

mod end_to_end {
    use authlete_local::{LocalConfig, demo};
    use authlete_tower::handler::AuthenticatedUser;
    use authlete_tower::handler::native_sso::{
        DEVICE_SECRET_TOKEN_TYPE, default_device_secret_hash,
    };
    use serde_json::{Value, json};

    use super::{TestSessions, assert_invalid_grant, assert_json_headers};
    use crate::common::flows::{
        Env, Mount, VERIFIER, challenge, demo_basic, redirect_params, redirect_uri,
    };
    use crate::common::{Answer, form, get, post_form};

    const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
    const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";

    /// The demo (Native SSO on) with the confidential client, the second application, allowed
    /// the token exchange.
    fn config() -> LocalConfig {
        let mut config = LocalConfig::demo();
        let client = config
            .clients
            .iter_mut()
            .find(|client| client.client_id.to_string() == demo::CLIENT_ID)
            .unwrap();
        client.grant_types.push(TOKEN_EXCHANGE.to_owned());
        config
    }

    async fn start() -> (Env, TestSessions) {
        let sessions = TestSessions::with("sid-e2e");
        let spi = sessions.clone();
        let env = Env::start_configured(Mount::Axum, config(), move |server, _| {
            server.with_native_sso(spi)
        })
        .await;
        env.app
            .log_in(AuthenticatedUser::new("1001").with_session_id("sid-e2e"));
        (env, sessions)
    }

    /// App 1's login with `openid device_sso` (the public client, PKCE).
    async fn first_app(env: &Env) -> Answer {
        let query = format!(
            "response_type=code&client_id={}&{}&scope=openid%20device_sso%20profile&state=s&nonce=n\
             &code_challenge={}&code_challenge_method=S256",
            demo::PUBLIC_CLIENT_ID,
            redirect_uri(),
            challenge(VERIFIER)
        );
        let page = env.authorization_page(&query).await;
        let pending = page["pending"].to_string();
        let decision = post_form(
            &env.url("/api/authorization/decision"),
            &form(&[("pending", &pending), ("authorized", "true")]),
        )
        .await;
        let params = redirect_params(&decision);
        let code = params.get("code").unwrap_or_else(|| panic!("{params:?}"));
        env.token(
            None,
            &form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", demo::REDIRECT_URI),
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("code_verifier", VERIFIER),
            ]),
        )
        .await
    }

    /// App 2's token exchange with `id_token` and `secret`.
    async fn second_app(env: &Env, id_token: &str, secret: &str) -> Answer {
        env.token(
            Some(&demo_basic()),
            &form(&[
                ("grant_type", TOKEN_EXCHANGE),
                ("subject_token", id_token),
                ("subject_token_type", ID_TOKEN),
                ("actor_token", secret),
                ("actor_token_type", DEVICE_SECRET_TOKEN_TYPE),
                ("scope", "openid profile"),
            ]),
        )
        .await
    }

    #[tokio::test]
    async fn login_then_a_second_app_then_logout_over_http() {
        let (env, sessions) = start().await;
        let discovery = get(&env.url("/.well-known/openid-configuration"))
            .await
            .json();
        assert_eq!(discovery["native_sso_supported"], true);

        // App 1: the token response carries the device secret and a Native SSO ID token.
        let answer = first_app(&env).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_json_headers(&answer);
        let body = answer.json();
        let secret = body["device_secret"].as_str().unwrap().to_owned();
        assert_eq!(secret.len(), 43);
        assert!(body["access_token"].is_string() && body["refresh_token"].is_string());
        assert_eq!(body["token_type"], "Bearer");
        let id_token = body["id_token"].as_str().unwrap().to_owned();
        let claims = env.verify_id_token(&id_token, demo::PUBLIC_CLIENT_ID).await;
        assert_eq!(claims["sub"], "1001");
        assert_eq!(claims["sid"], "sid-e2e");
        assert_eq!(claims["ds_hash"], default_device_secret_hash(&secret));
        assert_eq!(
            *sessions.asked.lock().unwrap(),
            [("sid-e2e".to_owned(), Some("1001".to_owned()))]
        );
        let app1_access = body["access_token"].as_str().unwrap().to_owned();
        assert_eq!(env.introspect(&app1_access).await["active"], true);

        // A wrong device secret is refused, and mints nothing usable.
        let refused = second_app(&env, &id_token, "not-the-device-secret").await;
        assert_invalid_grant(&refused, "The device secret does not match the ID token.");

        // App 2: the ID token and the device secret give it its own tokens, no login.
        let answer = second_app(&env, &id_token, &secret).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_json_headers(&answer);
        let body = answer.json();
        assert_eq!(
            body["issued_token_type"],
            "urn:ietf:params:oauth:token-type:access_token"
        );
        assert_eq!(body["device_secret"], secret.as_str());
        assert_eq!(body["scope"], "openid profile");
        let second = env
            .verify_id_token(body["id_token"].as_str().unwrap(), demo::CLIENT_ID)
            .await;
        assert_eq!(second["sub"], "1001");
        assert_eq!(second["sid"], "sid-e2e");
        assert_eq!(second["ds_hash"], default_device_secret_hash(&secret));
        let app2_access = body["access_token"].as_str().unwrap().to_owned();
        let introspected = env.introspect(&app2_access).await;
        assert_eq!(introspected["active"], true);
        assert_eq!(introspected["client_id"], json!(demo::CLIENT_ID));

        // The session ends: a further exchange is refused, and logout ends every token.
        sessions.alive.lock().unwrap().clear();
        let refused = second_app(&env, &id_token, &secret).await;
        assert_invalid_grant(&refused, "The authentication session has ended.");
        let server_api = authlete_tower::AuthleteClient::new(env.local.config_v3()).unwrap();
        let server = authlete_tower::AuthorizationServer::new(
            std::sync::Arc::new(server_api),
            crate::common::TestApp::default(),
        );
        let deleted = server.native_sso_logout("sid-e2e").await.unwrap();
        // App 1's and App 2's access and refresh tokens, and the one the refused exchange
        // minted before the session check (Authlete mints before NATIVE_SSO too).
        assert!(deleted >= 4, "{deleted}");
        for token in [app1_access, app2_access] {
            let gone: Value = env.introspect(&token).await;
            assert_eq!(gone["active"], false);
        }
    }
}
