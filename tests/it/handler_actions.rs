//! Every action of every handler, against a scripted fake `AuthleteApi`, over real HTTP through
//! the axum router: status, headers (`Cache-Control`, `Pragma`, `WWW-Authenticate`, `Location`,
//! `DPoP-Nonce`) and body.

use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};

use crate::common::*;
use authlete_tower::AuthorizationServer;
use authlete_tower::clock::ManualClock;
use authlete_tower::handler::{
    AuthenticatedUser, BasicIntrospectionCredentials, ClientSecretCredentials, Family, Form,
    GrantSpi, InitialAccessTokens, IntrospectionAuthenticator, OpenRegistration,
    RegistrationAuthorizer, SpiError,
};
use authlete_tower::{AuthleteResponse, dto::TokenResponse};
use base64::Engine;
use http::StatusCode;
use serde_json::json;

struct Setup {
    fake: Arc<FakeApi>,
    app: TestApp,
    base: String,
}

async fn setup_with(configure: impl FnOnce(AuthorizationServer) -> AuthorizationServer) -> Setup {
    let fake = FakeApi::new();
    let app = TestApp::default();
    let server = configure(AuthorizationServer::new(fake.clone(), app.clone()));
    let base = serve_axum(&server).await;
    Setup { fake, app, base }
}

async fn setup() -> Setup {
    setup_with(|server| server).await
}

impl Setup {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

const BAD: &str = r#"{"error":"invalid_request"}"#;

// ----- authorization ---------------------------------------------------------------------------

/// A form_post page as Authlete writes it: `onload` submits the form to `action`, one field.
fn authlete_form_page(action: &str, name: &str, value: &str) -> String {
    let escape = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n<title>Submit This Form</title>\n</head>\n<body onload=\"javascript:document.forms[0].submit()\">\n<form method=\"post\" action=\"{}\">\n<input type=\"hidden\" name=\"{}\" value=\"{}\"/>\n</form>\n</body>\n</html>\n",
        escape(action),
        escape(name),
        escape(value)
    )
}

/// The handler's own form_post page: the form to `action` (as written, escaped) with one field,
/// one script whose hash is the policy's, and the headers of a page nobody may frame or sniff.
fn assert_form_post(answer: &Answer, origin: &str, action: &str, name: &str, value: &str) {
    use base64::Engine as _;
    use sha2::Digest as _;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.content_type(), "text/html;charset=UTF-8");
    let script = "document.forms[0].submit();";
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
    assert_eq!(
        answer.header("content-security-policy"),
        Some(
            format!(
                "default-src 'none'; script-src 'sha256-{hash}'; form-action {origin}; frame-ancestors 'none'; base-uri 'none'"
            )
            .as_str()
        )
    );
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("x-frame-options"), Some("DENY"));
    assert!(
        answer
            .body
            .contains(&format!("<form method=\"post\" action=\"{action}\">")),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains(&format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{value}\"/>"
        )),
        "{}",
        answer.body
    );
    assert_eq!(answer.body.matches("<script").count(), 1, "{}", answer.body);
    assert!(
        answer.body.contains(&format!("<script>{script}</script>")),
        "{}",
        answer.body
    );
    assert!(!answer.body.contains("onload"), "{}", answer.body);
}

/// Issue 11, finding 1, behind any backend: a FORM or LOCATION to a scheme that runs script is
/// never served.
#[tokio::test]
async fn a_form_or_location_to_a_script_scheme_is_never_served() {
    let s = setup().await;
    let payload =
        "javascript:document.documentElement.innerHTML=%27XSS-RAN-IN-%27+document.domain//";
    for target in [
        payload,
        "data:text/html,<script>alert(1)</script>",
        "/relative",
    ] {
        s.fake.answer(
            "authorization",
            json!({"action": "FORM", "responseContent": authlete_form_page(target, "error", "invalid_scope")}),
        );
        let answer = get(&s.url("/api/authorization?response_mode=form_post")).await;
        answer.assert_server_error();
        assert!(!answer.body.contains("XSS"));
        s.fake.answer(
            "authorization",
            json!({"action": "LOCATION", "responseContent": format!("{target}?error=invalid_scope")}),
        );
        let answer = get(&s.url("/api/authorization")).await;
        answer.assert_server_error();
        assert_eq!(answer.header("location"), None);
    }
}

#[tokio::test]
async fn authorization_simple_actions() {
    let s = setup().await;
    s.fake.answer(
        "authorization",
        json!({"action": "BAD_REQUEST", "responseContent": BAD}),
    );
    let answer = get(&s.url("/api/authorization?response_type=code")).await;
    assert_eq!(answer.status, 400);
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(answer.body, BAD);
    assert_eq!(
        s.fake.last("authorization").unwrap()["parameters"],
        "response_type=code"
    );

    s.fake.answer(
        "authorization",
        json!({"action": "LOCATION", "responseContent": "https://client.example/cb?error=x"}),
    );
    let answer = get(&s.url("/api/authorization?x=1")).await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.header("location"),
        Some("https://client.example/cb?error=x")
    );

    s.fake.answer(
        "authorization",
        json!({"action": "FORM", "responseContent": authlete_form_page("https://client.example/cb", "error", "x")}),
    );
    let answer = post_form(&s.url("/api/authorization"), "response_mode=form_post").await;
    assert_form_post(
        &answer,
        "https://client.example",
        "https://client.example/cb",
        "error",
        "x",
    );
    assert_eq!(
        s.fake.last("authorization").unwrap()["parameters"],
        "response_mode=form_post"
    );

    s.fake.answer("authorization", json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{\"error\":\"server_error\",\"error_description\":\"backend-secret-detail\"}"}));
    get(&s.url("/api/authorization"))
        .await
        .assert_server_error();

    s.fake
        .answer("authorization", json!({"action": "SOMETHING_NEW"}));
    get(&s.url("/api/authorization"))
        .await
        .assert_server_error();

    s.fake
        .answer("authorization", json!({"action": "LOCATION"}));
    get(&s.url("/api/authorization"))
        .await
        .assert_server_error();

    s.fake.answer("authorization", json!({"resultCode": "A1"}));
    get(&s.url("/api/authorization"))
        .await
        .assert_server_error();

    s.fake.fail("authorization");
    get(&s.url("/api/authorization"))
        .await
        .assert_server_error();
}

#[tokio::test]
async fn authorization_rejects_a_body_that_is_not_utf8() {
    let s = setup().await;
    let answer = Answer::from(
        http()
            .post(s.url("/api/authorization"))
            .body(vec![0xff, 0xfe])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"], "invalid_request");
    assert!(!s.fake.called("authorization"));
}

#[tokio::test]
async fn interaction_renders_the_page_with_everything_it_needs() {
    let s = setup().await;
    s.fake.answer(
        "authorization",
        json!({
            "action": "INTERACTION", "ticket": "T-1",
            "client": {"clientId": 57, "clientName": "My App", "logoUri": "https://c/logo.png",
                       "policyUri": "https://c/policy", "tosUri": "https://c/tos"},
            "scopes": [{"name": "openid", "description": "Sign in"}, {"name": "email"}],
            "claims": ["name", "email"], "claimsAtUserInfo": ["email_verified"],
            "claimsLocales": ["ja"], "loginHint": "alice", "subject": "1001",
            "prompts": ["LOGIN", "CONSENT"], "maxAge": 600, "acrs": ["urn:acr:1"]
        }),
    );
    let answer = get(&s.url("/api/authorization?client_id=57")).await;
    assert_eq!(answer.status, 200);
    let page = answer.json();
    assert_eq!(page["page"], "authorization");
    assert_eq!(page["pending"]["ticket"], "T-1");
    assert_eq!(page["pending"]["client_id"], 57);
    assert_eq!(page["pending"]["subject"], "1001");
    assert_eq!(page["pending"]["claims_locales"], json!(["ja"]));
    assert_eq!(page["client_name"], "My App");
    assert_eq!(page["logo_uri"], "https://c/logo.png");
    assert_eq!(page["policy_uri"], "https://c/policy");
    assert_eq!(page["tos_uri"], "https://c/tos");
    assert_eq!(
        page["scopes"],
        json!([{"name": "openid", "description": "Sign in"}, {"name": "email", "description": null}])
    );
    assert_eq!(page["claims"], json!(["name", "email", "email_verified"]));
    assert_eq!(page["login_hint"], "alice");
    assert_eq!(page["subject"], "1001");
    assert_eq!(page["prompts"], json!(["LOGIN", "CONSENT"]));
    assert_eq!(page["max_age"], 600);

    s.app.break_it();
    get(&s.url("/api/authorization"))
        .await
        .assert_server_error();
}

async fn prompt_none_setup(clock: &ManualClock) -> Setup {
    let clock = Arc::new(clock.clone());
    let s = setup_with(|server| server.with_clock(clock)).await;
    s.fake.answer(
        "authorization_fail",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?error=login_required"}),
    );
    s.fake.answer(
        "authorization_issue",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?code=C"}),
    );
    s
}

fn no_interaction(extra: serde_json::Value) -> serde_json::Value {
    let mut answer = json!({"action": "NO_INTERACTION", "ticket": "T-2", "claims": ["name"], "claimsLocales": ["ja"]});
    answer
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    answer
}

#[tokio::test]
async fn prompt_none_checks_each_reason_in_order() {
    let clock = ManualClock::at(UNIX_EPOCH + Duration::from_secs(1_000_000));
    let s = prompt_none_setup(&clock).await;
    let url = s.url("/api/authorization?prompt=none");

    // Not logged in.
    s.fake.answer("authorization", no_interaction(json!({})));
    let answer = get(&url).await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.header("location"),
        Some("https://c/cb?error=login_required")
    );
    assert_eq!(
        s.fake.last("authorization_fail").unwrap(),
        json!({"ticket": "T-2", "reason": "NOT_LOGGED_IN"})
    );

    // Logged in 700 s ago, max_age 600.
    let login_time = UNIX_EPOCH + Duration::from_secs(1_000_000 - 700);
    s.app.log_in(
        AuthenticatedUser::new("1001")
            .authenticated_at(login_time)
            .with_acr("urn:acr:1"),
    );
    s.fake
        .answer("authorization", no_interaction(json!({"maxAge": 600})));
    get(&url).await;
    assert_eq!(
        s.fake.last("authorization_fail").unwrap()["reason"],
        "EXCEEDS_MAX_AGE"
    );

    // Within max_age but a different subject is required.
    s.fake.answer(
        "authorization",
        no_interaction(json!({"maxAge": 800, "subject": "2002"})),
    );
    get(&url).await;
    assert_eq!(
        s.fake.last("authorization_fail").unwrap()["reason"],
        "DIFFERENT_SUBJECT"
    );

    // Essential ACR not satisfied.
    s.fake.answer(
        "authorization",
        no_interaction(json!({"subject": "1001", "acrEssential": true, "acrs": ["urn:acr:2"]})),
    );
    get(&url).await;
    assert_eq!(
        s.fake.last("authorization_fail").unwrap()["reason"],
        "ACR_NOT_SATISFIED"
    );
    assert!(!s.fake.called("authorization_issue"));
    assert!(s.app.last_consent_question().is_none());

    // Every check passes, but the application knows no consent: consent_required, nothing issued.
    let satisfied = no_interaction(json!({
        "maxAge": 800, "subject": "1001", "acrEssential": true, "acrs": ["urn:acr:1"],
        "client": {"clientId": 7}, "scopes": [{"name": "openid"}, {"name": "email"}],
        "claimsAtUserInfo": ["email", "name"]
    }));
    s.fake.answer("authorization", satisfied.clone());
    s.fake.answer(
        "authorization_fail",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?error=consent_required"}),
    );
    let answer = get(&url).await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.header("location"),
        Some("https://c/cb?error=consent_required")
    );
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(
        s.fake.last("authorization_fail").unwrap(),
        json!({"ticket": "T-2", "reason": "CONSENT_REQUIRED"})
    );
    assert!(!s.fake.called("authorization_issue"));
    let question = s.app.last_consent_question().unwrap();
    assert_eq!(question.user.subject, "1001");
    assert_eq!(question.client_id, Some(7));
    assert_eq!(question.scopes, ["openid", "email"]);
    assert_eq!(question.claims, ["name", "email"]);

    // Consented: issued with subject, auth_time, acr and claims in the requested locale.
    s.app.consent();
    s.fake.answer("authorization", satisfied);
    let answer = get(&url).await;
    assert_eq!(answer.status, 302);
    assert_eq!(answer.header("location"), Some("https://c/cb?code=C"));
    let issue = s.fake.last("authorization_issue").unwrap();
    assert_eq!(issue["ticket"], "T-2");
    assert_eq!(issue["subject"], "1001");
    assert_eq!(issue["authTime"], 1_000_000 - 700);
    assert_eq!(issue["acr"], "urn:acr:1");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(issue["claims"].as_str().unwrap()).unwrap(),
        json!({"name": "アリス"})
    );
}

#[tokio::test]
async fn prompt_none_without_an_auth_time_exceeds_max_age() {
    let clock = ManualClock::at(UNIX_EPOCH + Duration::from_secs(5_000));
    let s = prompt_none_setup(&clock).await;
    s.app.log_in(AuthenticatedUser::new("1001"));
    s.fake
        .answer("authorization", no_interaction(json!({"maxAge": 60})));
    get(&s.url("/api/authorization")).await;
    assert_eq!(
        s.fake.last("authorization_fail").unwrap()["reason"],
        "EXCEEDS_MAX_AGE"
    );
}

#[tokio::test]
async fn issue_and_fail_answers_map_every_action() {
    let clock = ManualClock::new();
    let s = prompt_none_setup(&clock).await;
    s.app.log_in(AuthenticatedUser::new("1001"));
    s.app.consent();
    s.fake.answer("authorization", no_interaction(json!({})));
    let url = s.url("/api/authorization");

    s.fake.answer(
        "authorization_issue",
        json!({"action": "FORM", "responseContent": authlete_form_page("https://c.example:8443/cb?a=1&b=2", "code", "C")}),
    );
    let answer = get(&url).await;
    assert_form_post(
        &answer,
        "https://c.example:8443",
        "https://c.example:8443/cb?a=1&amp;b=2",
        "code",
        "C",
    );

    s.fake.answer(
        "authorization_issue",
        json!({"action": "BAD_REQUEST", "responseContent": BAD}),
    );
    let answer = get(&url).await;
    assert_eq!((answer.status, answer.body.as_str()), (400, BAD));

    s.fake.answer(
        "authorization_issue",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    get(&url).await.assert_server_error();

    s.fake
        .answer("authorization_issue", json!({"action": "NEW_ACTION"}));
    get(&url).await.assert_server_error();

    s.fake.fail("authorization_issue");
    get(&url).await.assert_server_error();

    s.app.break_it();
    get(&url).await.assert_server_error();
}

// ----- decision --------------------------------------------------------------------------------

#[tokio::test]
async fn decision_denied_not_authenticated_and_issued() {
    let s = setup().await;
    s.fake.answer(
        "authorization_fail",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?error=access_denied"}),
    );
    s.fake.answer(
        "authorization_issue",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?code=C"}),
    );
    let pending = json!({"ticket": "T-3", "client_id": 5, "claims": ["name", "name#ja", "email"], "claims_locales": ["fr"], "acrs": []}).to_string();
    let url = s.url("/api/authorization/decision");

    let answer = post_form(
        &url,
        &form(&[
            ("pending", &pending),
            ("authorized", "false"),
            ("subject", "1001"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.header("location"),
        Some("https://c/cb?error=access_denied")
    );
    assert_eq!(
        s.fake.last("authorization_fail").unwrap(),
        json!({"ticket": "T-3", "reason": "DENIED"})
    );

    let answer = post_form(
        &url,
        &form(&[("pending", &pending), ("authorized", "true")]),
    )
    .await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        s.fake.last("authorization_fail").unwrap()["reason"],
        "NOT_AUTHENTICATED"
    );

    let answer = post_form(
        &url,
        &form(&[
            ("pending", &pending),
            ("authorized", "true"),
            ("subject", "1001"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 302);
    assert_eq!(answer.header("location"), Some("https://c/cb?code=C"));
    let issue = s.fake.last("authorization_issue").unwrap();
    assert_eq!(issue["subject"], "1001");
    let claims: serde_json::Value =
        serde_json::from_str(issue["claims"].as_str().unwrap()).unwrap();
    assert_eq!(
        claims,
        json!({"name": "Alice", "name#ja": "アリス", "email": "alice@example.com"})
    );

    let required = json!({"ticket": "T-4", "subject": "2002"}).to_string();
    let answer = post_form(
        &url,
        &form(&[
            ("pending", &required),
            ("authorized", "true"),
            ("subject", "1001"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        s.fake.last("authorization_fail").unwrap(),
        json!({"ticket": "T-4", "reason": "DIFFERENT_SUBJECT"})
    );

    s.app.break_it();
    post_form(&url, &form(&[("pending", &pending)]))
        .await
        .assert_server_error();
}

#[tokio::test]
async fn decision_answered_by_the_application_decides_nothing() {
    let s = setup().await;
    let pending = json!({"ticket": "T-5"}).to_string();
    let answer = post_form(
        &s.url("/api/authorization/decision"),
        &form(&[
            ("pending", &pending),
            ("authorized", "true"),
            ("subject", "1001"),
            ("respond", "Wrong password"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 409);
    assert!(answer.content_type().starts_with("text/html"));
    assert_eq!(answer.header("x-own-page"), Some("yes"));
    assert_eq!(answer.body, "<p>Wrong password</p>");
    assert!(!s.fake.called("authorization_issue"));
    assert!(!s.fake.called("authorization_fail"));
}

#[tokio::test]
async fn decision_headers_reach_the_answer() {
    let s = setup().await;
    s.fake.answer(
        "authorization_issue",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?code=C"}),
    );
    let pending = json!({"ticket": "T-6"}).to_string();
    let answer = post_form(
        &s.url("/api/authorization/decision"),
        &form(&[
            ("pending", &pending),
            ("authorized", "true"),
            ("subject", "1001"),
            ("cookie", "session=new; HttpOnly"),
            ("cookie", "old=; Max-Age=0"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 302);
    assert_eq!(answer.header("location"), Some("https://c/cb?code=C"));
    let cookies: Vec<&str> = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect();
    assert_eq!(cookies, ["session=new; HttpOnly", "old=; Max-Age=0"]);
    assert_eq!(answer.body, "");
    assert_eq!(
        s.fake.last("authorization_issue").unwrap()["subject"],
        "1001"
    );
}

// ----- token -----------------------------------------------------------------------------------

fn basic(id: &str, secret: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

#[tokio::test]
async fn token_simple_actions_carry_the_dpop_nonce() {
    let s = setup().await;
    let url = s.url("/api/token");
    s.fake.answer(
        "token",
        json!({"action": "OK", "responseContent": "{\"access_token\":\"AT\"}", "dpopNonce": "N-1"}),
    );
    let answer = post_form(&url, "grant_type=client_credentials").await;
    assert_eq!(answer.status, 200);
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(answer.json(), json!({"access_token": "AT"}));
    assert_eq!(answer.header("dpop-nonce"), Some("N-1"));

    s.fake.answer(
        "token",
        json!({"action": "ID_TOKEN_REISSUABLE", "responseContent": "{\"access_token\":\"AT2\"}"}),
    );
    let answer = post_form(&url, "grant_type=refresh_token").await;
    assert_eq!(
        (answer.status, answer.json()["access_token"].clone()),
        (200, json!("AT2"))
    );
    assert_eq!(answer.header("dpop-nonce"), None);

    s.fake.answer("token", json!({"action": "INVALID_CLIENT", "responseContent": "{\"error\":\"invalid_client\"}", "dpopNonce": "N-2"}));
    let answer = post_form(&url, "grant_type=client_credentials").await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"token\"")
    );
    assert_eq!(answer.json()["error"], "invalid_client");
    assert_eq!(answer.header("dpop-nonce"), Some("N-2"));

    s.fake.answer(
        "token",
        json!({"action": "BAD_REQUEST", "responseContent": BAD, "dpopNonce": "N-3"}),
    );
    let answer = post_form(&url, "grant_type=x").await;
    assert_eq!((answer.status, answer.body.as_str()), (400, BAD));
    assert_eq!(answer.header("dpop-nonce"), Some("N-3"));

    s.fake.answer(
        "token",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    post_form(&url, "grant_type=x").await.assert_server_error();
    s.fake.answer(
        "token",
        json!({"action": "NATIVE_SSO", "responseContent": "{}"}),
    );
    post_form(&url, "grant_type=x").await.assert_server_error();
    s.fake.answer("token", json!({"action": "FUTURE"}));
    post_form(&url, "grant_type=x").await.assert_server_error();
    s.fake.answer("token", json!({"action": "OK"}));
    post_form(&url, "grant_type=x").await.assert_server_error();
    s.fake.fail("token");
    post_form(&url, "grant_type=x").await.assert_server_error();
}

#[tokio::test]
async fn token_passes_client_credentials_certificate_and_dpop() {
    let s = setup_with(|server| {
        server
            .with_client_certificate_header(http::HeaderName::from_static("x-ssl-cert"))
            .with_public_url("https://as.example/")
    })
    .await;
    s.fake
        .answer("token", json!({"action": "OK", "responseContent": "{}"}));
    let answer = Answer::from(
        http()
            .post(s.url("/api/token"))
            .header("authorization", basic("my%3Aclient", "p%40ss+word"))
            .header("x-ssl-cert", "-----BEGIN%20CERTIFICATE-----")
            .header("dpop", "proof.jwt")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200);
    let sent = s.fake.last("token").unwrap();
    assert_eq!(sent["parameters"], "grant_type=client_credentials");
    assert_eq!(sent["clientId"], "my:client");
    assert_eq!(sent["clientSecret"], "p@ss word");
    assert_eq!(sent["clientCertificate"], "-----BEGIN CERTIFICATE-----");
    assert_eq!(sent["dpop"], "proof.jwt");
    assert_eq!(sent["htm"], "POST");
    assert_eq!(sent["htu"], "https://as.example/api/token");

    // Body credentials (client_secret_post) stay in the parameters, where Authlete reads them;
    // clientId/clientSecret carry only HTTP Basic (handler_flows::client_authentication_methods
    // drives the same against the local backend).
    post_form(
        &s.url("/api/token"),
        "grant_type=client_credentials&client_id=c1&client_secret=s1",
    )
    .await;
    let sent = s.fake.last("token").unwrap();
    assert_eq!(
        sent["parameters"],
        "grant_type=client_credentials&client_id=c1&client_secret=s1"
    );
    assert!(sent.get("clientId").is_none(), "{sent}");
    assert!(sent.get("clientSecret").is_none(), "{sent}");
}

#[tokio::test]
async fn token_refuses_malformed_basic_and_leaves_double_authentication_to_authlete() {
    let s = setup().await;
    s.fake
        .answer("token", json!({"action": "OK", "responseContent": "{}"}));
    let answer = Answer::from(
        http()
            .post(s.url("/api/token"))
            .header("authorization", "Basic %%%")
            .body("grant_type=x")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"token\"")
    );
    assert_eq!(answer.json()["error"], "invalid_client");

    let answer = Answer::from(
        http()
            .post(s.url("/api/token"))
            .header("authorization", basic("a", "b"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=x&client_secret=b")
            .send()
            .await
            .unwrap(),
    )
    .await;
    // Authlete judges Basic plus a form secret (two methods): the handler passes both on as they
    // came, and forwards its answer. The local backend's answer is in
    // handler_flows::client_authentication_methods.
    assert_eq!(answer.status, 200);
    let sent = s.fake.last("token").unwrap();
    assert_eq!(sent["clientId"], "a");
    assert_eq!(sent["clientSecret"], "b");
    assert_eq!(sent["parameters"], "grant_type=x&client_secret=b");
}

#[tokio::test]
async fn form_only_endpoints_refuse_bodies_that_are_not_forms() {
    let s = setup_with(|server| {
        server.with_introspection_authenticator(
            authlete_tower::handler::BasicIntrospectionCredentials::new("rs", "rs-secret"),
        )
    })
    .await;
    for path in [
        "/api/token",
        "/api/revocation",
        "/api/par",
        "/api/device/authorization",
        "/api/introspection",
    ] {
        let answer = Answer::from(
            http()
                .post(s.url(path))
                .header("authorization", basic("rs", "rs-secret"))
                .header("content-type", "application/json")
                .body(r#"{"grant_type":"client_credentials"}"#)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, 400, "{path}");
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        assert_eq!(answer.content_type(), "application/json;charset=UTF-8");
        assert_eq!(answer.json()["error"], "invalid_request");
    }
    for name in [
        "token",
        "revocation",
        "pushed_authorization",
        "device_authorization",
        "standard_introspection",
    ] {
        assert!(!s.fake.called(name), "{name}");
    }
}

#[tokio::test]
async fn password_grant_good_and_bad_credentials() {
    let s = setup().await;
    let url = s.url("/api/token");
    s.fake.answer(
        "token_issue",
        json!({"action": "OK", "responseContent": "{\"access_token\":\"AT\"}"}),
    );
    s.fake.answer(
        "token_fail",
        json!({"action": "BAD_REQUEST", "responseContent": "{\"error\":\"invalid_grant\"}"}),
    );

    s.fake.answer("token", json!({"action": "PASSWORD", "ticket": "PT", "username": "alice", "password": "wonderland", "dpopNonce": "N"}));
    let answer = post_form(&url, "grant_type=password").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["access_token"], "AT");
    assert_eq!(answer.header("dpop-nonce"), Some("N"));
    assert_eq!(s.fake.last("token_issue").unwrap()["subject"], "1001");
    assert_eq!(s.fake.last("token_issue").unwrap()["ticket"], "PT");

    s.fake.answer(
        "token",
        json!({"action": "PASSWORD", "ticket": "PT2", "username": "alice", "password": "wrong"}),
    );
    let answer = post_form(&url, "grant_type=password").await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"], "invalid_grant");
    assert_eq!(
        s.fake.last("token_fail").unwrap(),
        json!({"ticket": "PT2", "reason": "INVALID_RESOURCE_OWNER_CREDENTIALS"})
    );

    s.fake.answer(
        "token_fail",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();
    s.fake.answer("token_fail", json!({"action": "OTHER"}));
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();
    s.fake.fail("token_fail");
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();

    s.fake.answer("token", json!({"action": "PASSWORD", "ticket": "PT3", "username": "alice", "password": "wonderland"}));
    s.fake.answer(
        "token_issue",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();
    s.fake.answer("token_issue", json!({"action": "OTHER"}));
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();
    s.fake.fail("token_issue");
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();

    s.app.break_it();
    post_form(&url, "grant_type=password")
        .await
        .assert_server_error();
}

#[tokio::test]
async fn id_token_reissuable_calls_the_reissue_api_with_the_users_claims() {
    let s = setup().await;
    let url = s.url("/api/token");
    let reissuable = json!({
        "action": "ID_TOKEN_REISSUABLE",
        "responseContent": "{\"access_token\":\"AT\",\"refresh_token\":\"RT\"}",
        "accessToken": "AT",
        "jwtAccessToken": "JWT-AT",
        "refreshToken": "RT",
        "subject": "1001",
        "clientId": 57,
        "requestedIdTokenClaims": ["name#ja", "email", "unknown"],
        "dpopNonce": "N-R",
    });
    s.fake.answer("token", reissuable.clone());
    s.fake.answer(
        "id_token_reissue",
        json!({"action": "OK", "responseContent": "{\"access_token\":\"JWT-AT\",\"id_token\":\"IDT\"}", "idToken": "IDT"}),
    );
    let answer = post_form(&url, "grant_type=refresh_token&refresh_token=RT0").await;
    assert_eq!(answer.status, 200);
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.header("dpop-nonce"), Some("N-R"));
    assert_eq!(answer.json()["id_token"], "IDT");
    let sent = s.fake.last("id_token_reissue").unwrap();
    // The JWT representation of the access token wins over the opaque one.
    assert_eq!(sent["accessToken"], "JWT-AT");
    assert_eq!(sent["refreshToken"], "RT");
    assert_eq!(sent.get("sub"), None);
    let claims: serde_json::Value = serde_json::from_str(sent["claims"].as_str().unwrap()).unwrap();
    assert_eq!(
        claims,
        json!({"name#ja": "アリス", "email": "alice@example.com"})
    );

    // Without a JWT access token, the opaque one; no requested claims, no claims.
    let mut plain = reissuable.clone();
    plain.as_object_mut().unwrap().remove("jwtAccessToken");
    plain
        .as_object_mut()
        .unwrap()
        .remove("requestedIdTokenClaims");
    s.fake.answer("token", plain.clone());
    assert_eq!(
        post_form(&url, "grant_type=refresh_token").await.status,
        200
    );
    let sent = s.fake.last("id_token_reissue").unwrap();
    assert_eq!(sent["accessToken"], "AT");
    assert_eq!(sent.get("claims"), None);

    // Every other action of the reissue is a server error, as is a failing call or SPI.
    for action in ["INTERNAL_SERVER_ERROR", "CALLER_ERROR", "FUTURE"] {
        s.fake.answer(
            "id_token_reissue",
            json!({"action": action, "resultMessage": "[A370102] secret-looking detail"}),
        );
        let answer = post_form(&url, "grant_type=refresh_token").await;
        answer.assert_server_error();
        assert!(!answer.body.contains("secret-looking"), "{}", answer.body);
    }
    s.fake.answer("id_token_reissue", json!({"action": "OK"}));
    post_form(&url, "grant_type=refresh_token")
        .await
        .assert_server_error();
    s.fake.fail("id_token_reissue");
    post_form(&url, "grant_type=refresh_token")
        .await
        .assert_server_error();
    s.fake.answer("token", reissuable);
    let calls = s.fake.count("id_token_reissue");
    s.app.break_it();
    post_form(&url, "grant_type=refresh_token")
        .await
        .assert_server_error();
    assert_eq!(
        s.fake.count("id_token_reissue"),
        calls,
        "the SPI failed first"
    );
}

struct Grants {
    seen: Arc<Mutex<Vec<String>>>,
}

impl GrantSpi for Grants {
    async fn token_exchange(
        &self,
        request: &TokenResponse,
    ) -> Result<Option<AuthleteResponse>, SpiError> {
        self.seen
            .lock()
            .unwrap()
            .push(request.subject_token.clone().unwrap_or_default());
        Ok(Some(AuthleteResponse::json(
            StatusCode::OK,
            r#"{"access_token":"EX"}"#,
        )))
    }

    async fn jwt_bearer(
        &self,
        request: &TokenResponse,
    ) -> Result<Option<AuthleteResponse>, SpiError> {
        if request.assertion.as_deref() == Some("broken") {
            return Err(SpiError::new("application-secret-detail"));
        }
        Ok(None)
    }
}

#[tokio::test]
async fn extension_grants_are_declined_without_a_hook() {
    let s = setup().await;
    for action in ["TOKEN_EXCHANGE", "JWT_BEARER"] {
        s.fake
            .answer("token", json!({"action": action, "dpopNonce": "N"}));
        let answer = post_form(&s.url("/api/token"), "grant_type=x").await;
        assert_eq!(answer.status, 400);
        assert_eq!(answer.json()["error"], "unsupported_grant_type");
        assert_eq!(answer.header("dpop-nonce"), Some("N"));
    }
}

#[tokio::test]
async fn extension_grants_left_out_are_declined_even_with_a_hook() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let grants = Grants { seen: seen.clone() };
    let s = setup_with(|server| server.with_grants(grants).without(Family::ExtensionGrants)).await;
    s.fake.answer(
        "token",
        json!({"action": "TOKEN_EXCHANGE", "subjectToken": "ST"}),
    );
    let answer = post_form(&s.url("/api/token"), "grant_type=x").await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.json()["error"], "unsupported_grant_type");
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn extension_grants_go_to_the_hook() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let grants = Grants { seen: seen.clone() };
    let s = setup_with(|server| server.with_grants(grants)).await;
    s.fake.answer(
        "token",
        json!({"action": "TOKEN_EXCHANGE", "subjectToken": "ST"}),
    );
    let answer = post_form(&s.url("/api/token"), "grant_type=x").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["access_token"], "EX");
    assert_eq!(*seen.lock().unwrap(), vec!["ST".to_owned()]);

    s.fake.answer(
        "token",
        json!({"action": "JWT_BEARER", "assertion": "a.b.c"}),
    );
    let answer = post_form(&s.url("/api/token"), "grant_type=x").await;
    assert_eq!(
        (answer.status, answer.json()["error"].clone()),
        (400, json!("unsupported_grant_type"))
    );

    s.fake.answer(
        "token",
        json!({"action": "JWT_BEARER", "assertion": "broken"}),
    );
    post_form(&s.url("/api/token"), "grant_type=x")
        .await
        .assert_server_error();
}

// ----- introspection ---------------------------------------------------------------------------

#[tokio::test]
async fn introspection_is_closed_without_an_authenticator() {
    let s = setup().await;
    s.fake.answer(
        "standard_introspection",
        json!({"action": "OK", "responseContent": "{\"active\":true}"}),
    );
    let answer = post_form(&s.url("/api/introspection"), "token=AT").await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"introspection\"")
    );
    assert_eq!(answer.json()["error"], "invalid_client");
    assert!(!s.fake.called("standard_introspection"));
}

async fn introspect(s: &Setup, authorization: &str) -> Answer {
    Answer::from(
        http()
            .post(s.url("/api/introspection"))
            .header("authorization", authorization)
            .header("accept", "application/json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("token=AT")
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn introspection_answers_authenticated_callers() {
    let s = setup_with(|server| {
        server
            .with_introspection_authenticator(BasicIntrospectionCredentials::new("rs", "rs-secret"))
    })
    .await;
    s.fake.answer(
        "standard_introspection",
        json!({"action": "OK", "responseContent": "{\"active\":true}"}),
    );

    let answer = introspect(&s, &basic("rs", "wrong")).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"introspection\"")
    );

    let answer = introspect(&s, &basic("rs", "rs-secret")).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"active": true}));
    let sent = s.fake.last("standard_introspection").unwrap();
    assert_eq!(
        (sent["parameters"].clone(), sent["httpAcceptHeader"].clone()),
        (json!("token=AT"), json!("application/json"))
    );

    s.fake.answer(
        "standard_introspection",
        json!({"action": "JWT", "responseContent": "h.p.s"}),
    );
    let answer = introspect(&s, &basic("rs", "rs-secret")).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "h.p.s"));
    assert_eq!(answer.content_type(), "application/token-introspection+jwt");

    s.fake.answer(
        "standard_introspection",
        json!({"action": "BAD_REQUEST", "responseContent": BAD}),
    );
    let answer = introspect(&s, &basic("rs", "rs-secret")).await;
    assert_eq!((answer.status, answer.body.as_str()), (400, BAD));

    s.fake.answer(
        "standard_introspection",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    introspect(&s, &basic("rs", "rs-secret"))
        .await
        .assert_server_error();
    s.fake
        .answer("standard_introspection", json!({"action": "NEW"}));
    introspect(&s, &basic("rs", "rs-secret"))
        .await
        .assert_server_error();
    s.fake.fail("standard_introspection");
    introspect(&s, &basic("rs", "rs-secret"))
        .await
        .assert_server_error();
}

// ----- revocation ------------------------------------------------------------------------------

#[tokio::test]
async fn revocation_actions_and_the_hook() {
    let revoked = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = revoked.clone();
    let s = setup_with(move |server| {
        server.on_token_revoked(move |token| sink.lock().unwrap().push(token.to_owned()))
    })
    .await;
    let url = s.url("/api/revocation");

    s.fake.answer(
        "revocation",
        json!({"action": "INVALID_CLIENT", "responseContent": "{\"error\":\"invalid_client\"}"}),
    );
    let answer = post_form(&url, "token=RT").await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"revocation\"")
    );
    assert_eq!(answer.json()["error"], "invalid_client");

    s.fake.answer(
        "revocation",
        json!({"action": "BAD_REQUEST", "responseContent": BAD}),
    );
    let answer = post_form(&url, "token=RT").await;
    assert_eq!((answer.status, answer.body.as_str()), (400, BAD));

    s.fake.answer(
        "revocation",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    post_form(&url, "token=RT").await.assert_server_error();
    s.fake.answer("revocation", json!({"action": "NEW"}));
    post_form(&url, "token=RT").await.assert_server_error();
    s.fake.fail("revocation");
    post_form(&url, "token=RT").await.assert_server_error();
    assert!(revoked.lock().unwrap().is_empty());

    s.fake
        .answer("revocation", json!({"action": "OK", "responseContent": ""}));
    let answer = post_form(&url, "token=AT-1&client_id=c").await;
    assert_eq!((answer.status, answer.body.as_str()), (200, ""));
    assert_eq!(*revoked.lock().unwrap(), vec!["AT-1".to_owned()]);
    // The form's client_id stays in the parameters; clientId carries only HTTP Basic.
    let sent = s.fake.last("revocation").unwrap();
    assert_eq!(sent["parameters"], "token=AT-1&client_id=c");
    assert!(sent.get("clientId").is_none(), "{sent}");
}

// ----- userinfo --------------------------------------------------------------------------------

async fn userinfo_get(s: &Setup, token: Option<&str>) -> Answer {
    let mut request = http().get(s.url("/api/userinfo"));
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    Answer::from(request.send().await.unwrap()).await
}

#[tokio::test]
async fn userinfo_without_a_token_is_a_bare_challenge() {
    let s = setup().await;
    let answer = userinfo_get(&s, None).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"userinfo\"")
    );
    assert_eq!(answer.body, "");
    assert!(!s.fake.called("userinfo"));

    let answer = Answer::from(
        http()
            .post(s.url("/api/userinfo"))
            .header("authorization", "Bearer A")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("access_token=B")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 400);
    assert!(
        answer
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_request")
    );
}

#[tokio::test]
async fn userinfo_errors_carry_the_challenge_and_the_nonce() {
    let s = setup().await;
    for (action, status) in [
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("BAD_REQUEST", 400),
        ("INTERNAL_SERVER_ERROR", 500),
    ] {
        let challenge = format!("Bearer error=\"{}\"", action.to_lowercase());
        s.fake.answer(
            "userinfo",
            json!({"action": action, "responseContent": challenge, "dpopNonce": "N-U"}),
        );
        let answer = userinfo_get(&s, Some("AT")).await;
        assert_eq!(answer.status, status);
        assert_eq!(answer.header("www-authenticate"), Some(challenge.as_str()));
        assert_eq!(answer.header("dpop-nonce"), Some("N-U"));
        assert_eq!(answer.body, "");
    }
    s.fake.answer("userinfo", json!({"action": "NEW"}));
    userinfo_get(&s, Some("AT")).await.assert_server_error();
    s.fake.answer("userinfo", json!({"action": "UNAUTHORIZED"}));
    userinfo_get(&s, Some("AT")).await.assert_server_error();
    s.fake.fail("userinfo");
    userinfo_get(&s, Some("AT")).await.assert_server_error();
}

#[tokio::test]
async fn userinfo_issues_json_or_jwt_with_the_claims() {
    let s = setup().await;
    s.fake.answer("userinfo", json!({"action": "OK", "subject": "1001", "claims": ["name#ja", "email"], "dpopNonce": "N-OK"}));
    s.fake.answer(
        "userinfo_issue",
        json!({"action": "JSON", "responseContent": "{\"sub\":\"1001\"}"}),
    );
    let answer = userinfo_get(&s, Some("AT")).await;
    assert_eq!(answer.status, 200);
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(answer.json(), json!({"sub": "1001"}));
    assert_eq!(answer.header("dpop-nonce"), Some("N-OK"));
    let issue = s.fake.last("userinfo_issue").unwrap();
    assert_eq!(issue["token"], "AT");
    let claims: serde_json::Value =
        serde_json::from_str(issue["claims"].as_str().unwrap()).unwrap();
    assert_eq!(
        claims,
        json!({"name#ja": "アリス", "email": "alice@example.com"})
    );

    // POST with the form token.
    s.fake.answer(
        "userinfo_issue",
        json!({"action": "JWT", "responseContent": "h.p.s"}),
    );
    let answer = post_form(&s.url("/api/userinfo"), "access_token=FT").await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "h.p.s"));
    assert_eq!(answer.content_type(), "application/jwt");
    assert_eq!(s.fake.last("userinfo").unwrap()["token"], "FT");
    assert_eq!(s.fake.last("userinfo").unwrap()["htm"], "POST");

    for (action, status) in [
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("BAD_REQUEST", 400),
        ("INTERNAL_SERVER_ERROR", 500),
    ] {
        s.fake.answer(
            "userinfo_issue",
            json!({"action": action, "responseContent": "Bearer error=\"x\""}),
        );
        let answer = userinfo_get(&s, Some("AT")).await;
        assert_eq!(answer.status, status);
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Bearer error=\"x\"")
        );
    }
    s.fake.answer("userinfo_issue", json!({"action": "NEW"}));
    userinfo_get(&s, Some("AT")).await.assert_server_error();
    s.fake.fail("userinfo_issue");
    userinfo_get(&s, Some("AT")).await.assert_server_error();
    s.app.break_it();
    userinfo_get(&s, Some("AT")).await.assert_server_error();
}

// ----- discovery and JWKS ----------------------------------------------------------------------

#[tokio::test]
async fn discovery_documents_and_jwks() {
    // Every answer of the backend is mapped afresh: no caching (tests/it/metadata_cache.rs).
    let s = setup_with(|server| server.with_metadata_cache_ttl(std::time::Duration::ZERO)).await;
    let document =
        json!({"issuer": "https://as.example", "token_endpoint": "https://as.example/api/token"});
    s.fake.answer("service_configuration", document.clone());
    for path in [
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
    ] {
        let answer = get(&s.url(path)).await;
        assert_eq!(answer.status, 200);
        assert!(answer.content_type().starts_with("application/json"));
        assert_eq!(answer.json(), document);
    }
    s.fake
        .answer("service_configuration", json!("not an object"));
    get(&s.url("/.well-known/openid-configuration"))
        .await
        .assert_server_error();
    s.fake.fail("service_configuration");
    get(&s.url("/.well-known/oauth-authorization-server"))
        .await
        .assert_server_error();

    s.fake
        .answer("service_jwks", json!({"keys": [{"kty": "EC"}]}));
    let answer = get(&s.url("/api/jwks")).await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"keys": [{"kty": "EC"}]}))
    );
    s.fake.answer("service_jwks", serde_json::Value::Null);
    let answer = get(&s.url("/api/jwks")).await;
    assert_eq!((answer.status, answer.json()), (200, json!({"keys": []})));
    assert!(answer.content_type().starts_with("application/json"));
    s.fake.answer("service_jwks", json!([1]));
    get(&s.url("/api/jwks")).await.assert_server_error();
    s.fake.fail("service_jwks");
    get(&s.url("/api/jwks")).await.assert_server_error();
}

// ----- PAR ---------------------------------------------------------------------------------------

#[tokio::test]
async fn par_maps_every_action() {
    let s = setup().await;
    let url = s.url("/api/par");
    for (action, status) in [
        ("CREATED", 201),
        ("BAD_REQUEST", 400),
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("PAYLOAD_TOO_LARGE", 413),
    ] {
        s.fake.answer(
            "pushed_authorization",
            json!({"action": action, "responseContent": "{\"k\":1}", "dpopNonce": "N-P"}),
        );
        let answer = post_form(&url, "response_type=code&client_id=c").await;
        assert_eq!(answer.status, status, "{action}");
        assert_eq!(answer.json(), json!({"k": 1}));
        assert_eq!(answer.header("dpop-nonce"), Some("N-P"));
        let challenge = (action == "UNAUTHORIZED").then_some("Basic realm=\"par\"");
        assert_eq!(answer.header("www-authenticate"), challenge);
    }
    let sent = s.fake.last("pushed_authorization").unwrap();
    assert_eq!(sent["parameters"], "response_type=code&client_id=c");
    assert!(sent.get("clientId").is_none(), "{sent}");
    s.fake.answer(
        "pushed_authorization",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    post_form(&url, "x=1").await.assert_server_error();
    s.fake
        .answer("pushed_authorization", json!({"action": "NEW"}));
    post_form(&url, "x=1").await.assert_server_error();
    s.fake.fail("pushed_authorization");
    post_form(&url, "x=1").await.assert_server_error();
}

// ----- device flow -------------------------------------------------------------------------------

#[tokio::test]
async fn device_authorization_maps_every_action() {
    let s = setup().await;
    let url = s.url("/api/device/authorization");
    for (action, status) in [("OK", 200), ("BAD_REQUEST", 400), ("UNAUTHORIZED", 401)] {
        s.fake.answer(
            "device_authorization",
            json!({"action": action, "responseContent": "{\"k\":2}"}),
        );
        let answer = post_form(&url, "client_id=c&scope=openid").await;
        assert_eq!(answer.status, status, "{action}");
        assert_eq!(answer.json(), json!({"k": 2}));
        let challenge = (action == "UNAUTHORIZED").then_some("Basic realm=\"device\"");
        assert_eq!(answer.header("www-authenticate"), challenge);
    }
    s.fake.answer(
        "device_authorization",
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
    );
    post_form(&url, "x=1").await.assert_server_error();
    s.fake
        .answer("device_authorization", json!({"action": "NEW"}));
    post_form(&url, "x=1").await.assert_server_error();
    s.fake.fail("device_authorization");
    post_form(&url, "x=1").await.assert_server_error();
}

#[tokio::test]
async fn device_verification_pages() {
    let s = setup().await;
    let url = s.url("/api/device/verification");
    let answer = get(&format!("{url}?user_code=ABCD-EFGH")).await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"page": "input", "user_code": "ABCD-EFGH"}))
    );
    let answer = post_form(&url, "").await;
    assert_eq!(answer.json(), json!({"page": "input", "user_code": null}));

    s.fake.answer(
        "device_verification",
        json!({"action": "VALID", "clientName": "TV", "scopes": [{"name": "openid"}]}),
    );
    let answer = post_form(&url, "user_code=ABCD").await;
    assert_eq!(
        answer.json(),
        json!({"page": "consent", "user_code": "ABCD", "client_name": "TV", "scopes": ["openid"]})
    );
    assert_eq!(
        s.fake.last("device_verification").unwrap(),
        json!({"userCode": "ABCD"})
    );

    for (action, problem) in [("EXPIRED", "Expired"), ("NOT_EXIST", "NotExist")] {
        s.fake
            .answer("device_verification", json!({"action": action}));
        let answer = post_form(&url, "user_code=ABCD").await;
        assert_eq!(
            answer.json(),
            json!({"page": "invalid", "user_code": "ABCD", "problem": problem})
        );
    }
    for action in ["SERVER_ERROR", "INTERNAL_SERVER_ERROR", "NEW"] {
        s.fake
            .answer("device_verification", json!({"action": action}));
        post_form(&url, "user_code=ABCD")
            .await
            .assert_server_error();
    }
    s.fake.fail("device_verification");
    post_form(&url, "user_code=ABCD")
        .await
        .assert_server_error();
    s.app.break_it();
    get(&url).await.assert_server_error();
}

#[tokio::test]
async fn device_completion_pages() {
    let s = setup().await;
    let url = s.url("/api/device/complete");
    let answer = post_form(&url, "user_code=ABCD&authorized=true").await;
    assert_eq!(answer.json(), json!({"page": "input", "user_code": "ABCD"}));
    assert!(!s.fake.called("device_complete"));
    s.app
        .log_in(AuthenticatedUser::new("1001").with_acr("urn:acr:1"));
    s.fake
        .answer("device_complete", json!({"action": "SUCCESS"}));
    let answer = post_form(&url, "user_code=ABCD&authorized=true").await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"page": "completed", "authorized": true}))
    );
    let sent = s.fake.last("device_complete").unwrap();
    assert_eq!(
        (
            sent["userCode"].clone(),
            sent["result"].clone(),
            sent["subject"].clone()
        ),
        (json!("ABCD"), json!("AUTHORIZED"), json!("1001"))
    );
    assert_eq!(sent["acr"], "urn:acr:1");
    assert_eq!(sent["claims"], "{\"name\":\"Alice\"}");

    let answer = post_form(&url, "user_code=ABCD&authorized=false").await;
    assert_eq!(
        answer.json(),
        json!({"page": "completed", "authorized": false})
    );
    assert_eq!(
        s.fake.last("device_complete").unwrap()["result"],
        "ACCESS_DENIED"
    );

    let answer = post_form(&url, "user_code=ABCD&authorized=true&cookie=session%3Dnew").await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"page": "completed", "authorized": true}))
    );
    assert_eq!(answer.header("set-cookie"), Some("session=new"));

    for (action, problem) in [
        ("INVALID_REQUEST", "InvalidRequest"),
        ("USER_CODE_EXPIRED", "Expired"),
        ("USER_CODE_NOT_EXIST", "NotExist"),
    ] {
        s.fake.answer("device_complete", json!({"action": action}));
        let answer = post_form(&url, "user_code=ABCD&authorized=true").await;
        assert_eq!(
            answer.json(),
            json!({"page": "invalid", "user_code": "ABCD", "problem": problem})
        );
    }
    for action in ["SERVER_ERROR", "NEW"] {
        s.fake.answer("device_complete", json!({"action": action}));
        post_form(&url, "user_code=ABCD&authorized=true")
            .await
            .assert_server_error();
    }
    s.fake.fail("device_complete");
    post_form(&url, "user_code=ABCD&authorized=true")
        .await
        .assert_server_error();
    s.app.break_it();
    post_form(&url, "user_code=ABCD&authorized=true")
        .await
        .assert_server_error();
}

#[tokio::test]
async fn device_denial_needs_no_user() {
    let s = setup().await;
    s.fake
        .answer("device_complete", json!({"action": "SUCCESS"}));
    let answer = post_form(
        &s.url("/api/device/complete"),
        "user_code=ABCD&authorized=false",
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"page": "completed", "authorized": false}))
    );
    assert!(answer.content_type().starts_with("text/html"));
    assert_eq!(
        s.fake.last("device_complete").unwrap(),
        json!({"userCode": "ABCD", "result": "ACCESS_DENIED", "subject": ""})
    );
}

#[tokio::test]
async fn device_decision_answered_by_the_application_completes_nothing() {
    let s = setup().await;
    s.app.log_in(AuthenticatedUser::new("1001"));
    let answer = post_form(
        &s.url("/api/device/complete"),
        "user_code=ABCD&authorized=true&respond=Form+rejected",
    )
    .await;
    assert_eq!(answer.status, 409);
    assert!(answer.content_type().starts_with("text/html"));
    assert_eq!(answer.header("x-own-page"), Some("yes"));
    assert_eq!(answer.body, "<p>Form rejected</p>");
    assert!(!s.fake.called("device_complete"));
}

// ----- registration ------------------------------------------------------------------------------

#[tokio::test]
async fn registration_maps_every_action() {
    let s =
        setup_with(|server| server.with_registration_authorizer(InitialAccessTokens::new(["IAT"])))
            .await;
    let url = s.url("/api/register");
    let client = http();
    for (action, status) in [
        ("CREATED", 201),
        ("BAD_REQUEST", 400),
        ("UNAUTHORIZED", 401),
    ] {
        s.fake.answer(
            "client_registration",
            json!({"action": action, "responseContent": "{\"k\":3}"}),
        );
        let answer = Answer::from(
            client
                .post(&url)
                .header("authorization", "Bearer IAT")
                .body("{\"redirect_uris\":[]}")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, status, "{action}");
        assert_eq!(answer.json(), json!({"k": 3}));
        // RFC 6750 §3.1: a token that was presented and refused is an `invalid_token`.
        let challenge = (action == "UNAUTHORIZED")
            .then_some("Bearer realm=\"registration\", error=\"invalid_token\"");
        assert_eq!(answer.header("www-authenticate"), challenge);
    }
    let sent = s.fake.last("client_registration").unwrap();
    assert_eq!(
        (sent["json"].clone(), sent["token"].clone()),
        (json!("{\"redirect_uris\":[]}"), json!("IAT"))
    );
    for action in ["INTERNAL_SERVER_ERROR", "NEW"] {
        s.fake.answer(
            "client_registration",
            json!({"action": action, "responseContent": "{}"}),
        );
        Answer::from(
            client
                .post(&url)
                .bearer_auth("IAT")
                .body("{}")
                .send()
                .await
                .unwrap(),
        )
        .await
        .assert_server_error();
    }
    s.fake.fail("client_registration");
    Answer::from(
        client
            .post(&url)
            .bearer_auth("IAT")
            .body("{}")
            .send()
            .await
            .unwrap(),
    )
    .await
    .assert_server_error();
}

async fn register(s: &Setup, token: Option<&str>, metadata: &str) -> Answer {
    let mut request = http()
        .post(s.url("/api/register"))
        .header("content-type", "application/json")
        .body(metadata.to_owned());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    Answer::from(request.send().await.unwrap()).await
}

const METADATA: &str = r#"{"redirect_uris":["https://client.example/cb"]}"#;

fn assert_refused(answer: &Answer, challenge: &str, description: &str) {
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(answer.header("www-authenticate"), Some(challenge));
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(
        answer.json(),
        json!({"error": "invalid_token", "error_description": description})
    );
}

#[tokio::test]
async fn registration_is_refused_without_a_registration_authorizer() {
    let s = setup().await;
    s.fake.answer(
        "client_registration",
        json!({"action": "CREATED", "responseContent": "{}"}),
    );
    assert_refused(
        &register(&s, None, METADATA).await,
        "Bearer realm=\"registration\"",
        "Registration requires an initial access token.",
    );
    assert_refused(
        &register(&s, Some("any-token"), METADATA).await,
        "Bearer realm=\"registration\", error=\"invalid_token\"",
        "The initial access token is not accepted.",
    );
    assert!(!s.fake.called("client_registration"));
}

#[tokio::test]
async fn registration_needs_one_of_the_initial_access_tokens() {
    let s = setup_with(|server| {
        server.with_registration_authorizer(InitialAccessTokens::new(["first", "second"]))
    })
    .await;
    s.fake.answer(
        "client_registration",
        json!({"action": "CREATED", "responseContent": "{\"client_id\":\"5\"}"}),
    );
    assert_refused(
        &register(&s, None, METADATA).await,
        "Bearer realm=\"registration\"",
        "Registration requires an initial access token.",
    );
    assert_refused(
        &register(&s, Some("third"), METADATA).await,
        "Bearer realm=\"registration\", error=\"invalid_token\"",
        "The initial access token is not accepted.",
    );
    assert!(!s.fake.called("client_registration"));
    let answer = register(&s, Some("second"), METADATA).await;
    assert_eq!(
        (answer.status, answer.json()),
        (201, json!({"client_id": "5"}))
    );
    assert_eq!(
        s.fake.last("client_registration").unwrap()["token"],
        "second"
    );
}

#[tokio::test]
async fn open_registration_needs_no_token() {
    let s = setup_with(|server| server.with_registration_authorizer(OpenRegistration)).await;
    s.fake.answer(
        "client_registration",
        json!({"action": "CREATED", "responseContent": "{}"}),
    );
    assert_eq!(register(&s, None, METADATA).await.status, 201);
}

#[tokio::test]
async fn a_failing_registration_authorizer_is_a_server_error() {
    struct Broken;
    impl RegistrationAuthorizer for Broken {
        async fn authorize(
            &self,
            _token: Option<&str>,
            _request: &http::request::Parts,
        ) -> Result<bool, SpiError> {
            Err(SpiError::new("application-secret-detail"))
        }
    }
    let s = setup_with(|server| server.with_registration_authorizer(Broken)).await;
    register(&s, Some("t"), METADATA)
        .await
        .assert_server_error();
    assert!(!s.fake.called("client_registration"));
}

/// The metadata of the reproduction in issue 11 and its relatives: refused by the handler,
/// whatever the backend would say, on registration and on update.
#[tokio::test]
async fn dangerous_redirect_uris_are_refused_in_front_of_the_backend() {
    let s = setup_with(|server| server.with_registration_authorizer(OpenRegistration)).await;
    for action in ["client_registration", "client_registration_update"] {
        s.fake.answer(
            action,
            json!({"action": if action == "client_registration" { "CREATED" } else { "UPDATED" }, "responseContent": "{}"}),
        );
    }
    let cases = [
        (
            r#"["javascript:document.documentElement.innerHTML=%27XSS-RAN-IN-%27+document.domain//"]"#,
            "",
            "the scheme 'javascript' is not allowed in a redirect URI.",
        ),
        (
            r#"["data:text/html,<script>alert(1)</script>"]"#,
            "",
            "the scheme 'data' is not allowed in a redirect URI.",
        ),
        (
            r#"["file:///etc/passwd"]"#,
            "",
            "the scheme 'file' is not allowed in a redirect URI.",
        ),
        (
            r#"["vbscript:msgbox(1)"]"#,
            "",
            "the scheme 'vbscript' is not allowed in a redirect URI.",
        ),
        (
            r#"["https://client.example/cb#x"]"#,
            "",
            "a redirect URI must not have a fragment.",
        ),
        (r#"["/cb"]"#, "", "a redirect URI must be an absolute URI."),
        (
            r#"["http://client.example/cb"]"#,
            r#""application_type":"native","#,
            "a redirect URI must use https; http is allowed only on a loopback host (127.0.0.1, [::1], localhost) for native clients.",
        ),
        (
            r#"["http://127.0.0.1:4000/cb"]"#,
            "",
            "a redirect URI must use https; http is allowed only on a loopback host (127.0.0.1, [::1], localhost) for native clients.",
        ),
        (
            r#"["com.example.app:/cb"]"#,
            "",
            "the private-use scheme 'com.example.app' is allowed only for native clients.",
        ),
    ];
    let client = http();
    for (uris, extra, description) in cases {
        let metadata = format!(r#"{{{extra}"redirect_uris":{uris}}}"#);
        let answer = register(&s, None, &metadata).await;
        assert_eq!(answer.status, 400, "{metadata}: {answer:?}");
        assert!(answer.content_type().starts_with("application/json"));
        assert_eq!(
            answer.json(),
            json!({"error": "invalid_redirect_uri", "error_description": description}),
            "{metadata}"
        );
        let answer = Answer::from(
            client
                .put(s.url("/api/register/77"))
                .bearer_auth("RAT")
                .body(metadata.clone())
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, 400, "{metadata}: {answer:?}");
        assert_eq!(answer.json()["error"], "invalid_redirect_uri");
    }
    assert!(!s.fake.called("client_registration"));
    assert!(!s.fake.called("client_registration_update"));
    let answer = register(&s, None, r#"{"application_type":"desktop"}"#).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["error"], "invalid_client_metadata");

    for (uris, extra) in [
        (r#"["https://client.example/cb"]"#, ""),
        (
            r#"["http://127.0.0.1:4000/cb","http://[::1]/cb","http://localhost/cb"]"#,
            r#""application_type":"native","#,
        ),
        (
            r#"["com.example.app:/cb"]"#,
            r#""application_type":"native","#,
        ),
    ] {
        let metadata = format!(r#"{{{extra}"redirect_uris":{uris}}}"#);
        assert_eq!(
            register(&s, None, &metadata).await.status,
            201,
            "{metadata}"
        );
    }
}

#[tokio::test]
async fn registration_management_maps_every_action() {
    let s = setup().await;
    let url = s.url("/api/register/77");
    let client = http();

    let answer = Answer::from(client.get(&url).send().await.unwrap()).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"registration\"")
    );

    s.fake.answer(
        "client_registration_get",
        json!({"action": "OK", "responseContent": "{\"client_id\":\"77\"}"}),
    );
    let answer = Answer::from(client.get(&url).bearer_auth("RAT").send().await.unwrap()).await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"client_id": "77"}))
    );
    let sent = s.fake.last("client_registration_get").unwrap();
    assert_eq!(
        (sent["clientId"].clone(), sent["token"].clone()),
        (json!("77"), json!("RAT"))
    );

    s.fake.answer(
        "client_registration_update",
        json!({"action": "UPDATED", "responseContent": "{\"client_name\":\"n\"}"}),
    );
    let answer = Answer::from(
        client
            .put(&url)
            .bearer_auth("RAT")
            .body("{\"client_name\":\"n\"}")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"client_name": "n"}))
    );
    assert_eq!(
        s.fake.last("client_registration_update").unwrap()["json"],
        "{\"client_name\":\"n\"}"
    );

    s.fake
        .answer("client_registration_delete", json!({"action": "DELETED"}));
    let answer = Answer::from(client.delete(&url).bearer_auth("RAT").send().await.unwrap()).await;
    assert_eq!((answer.status, answer.body.as_str()), (204, ""));

    s.fake.answer(
        "client_registration_get",
        json!({"action": "UNAUTHORIZED", "responseContent": "{\"error\":\"invalid_token\"}"}),
    );
    let answer = Answer::from(client.get(&url).bearer_auth("RAT").send().await.unwrap()).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"registration\", error=\"invalid_token\"")
    );
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.json(), json!({"error": "invalid_token"}));
    s.fake.answer(
        "client_registration_get",
        json!({"action": "INTERNAL_SERVER_ERROR"}),
    );
    Answer::from(client.get(&url).bearer_auth("RAT").send().await.unwrap())
        .await
        .assert_server_error();
    s.fake.fail("client_registration_delete");
    Answer::from(client.delete(&url).bearer_auth("RAT").send().await.unwrap())
        .await
        .assert_server_error();
}

// ----- the router --------------------------------------------------------------------------------

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let s = setup_with(|server| server.with_max_body_size(16)).await;
    let answer = post_form(&s.url("/api/token"), &"a".repeat(100)).await;
    assert_eq!(answer.status, 413);
    assert!(!s.fake.called("token"));
}

// ----- direct calls, and what reaches the logs ---------------------------------------------------

/// A `Write` sink for captured log lines.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn request(
    method: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> http::Request<bytes::Bytes> {
    let mut builder = http::Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(bytes::Bytes::from(body.to_owned())).unwrap()
}

#[tokio::test]
async fn handlers_are_callable_directly_and_log_no_secrets() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || sink.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    // Call sites cached as unwanted by other tests of this binary are asked again.
    tracing::callsite::rebuild_interest_cache();

    let fake = FakeApi::new();
    let app = TestApp::default();
    let server = AuthorizationServer::new(fake.clone(), app.clone());
    let form_type = [("content-type", "application/x-www-form-urlencoded")];

    // A password grant whose application fails, an API failure, and an unknown action.
    fake.answer(
        "token",
        json!({"action": "PASSWORD", "ticket": "ticket-secret-1", "username": "alice", "password": "password-secret-2"}),
    );
    app.break_it();
    let answer = server
        .token(request(
            "POST",
            "/api/token",
            &form_type,
            "grant_type=password&password=password-secret-2",
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert_eq!(answer.body().as_ref(), br#"{"error":"server_error"}"#);

    fake.fail("userinfo");
    let answer = server
        .userinfo(request(
            "GET",
            "/api/userinfo",
            &[("authorization", "Bearer token-secret-3")],
            "",
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);

    fake.answer(
        "revocation",
        json!({"action": "SURPRISE", "responseContent": "token-secret-4"}),
    );
    let answer = server
        .revocation(request(
            "POST",
            "/api/revocation",
            &form_type,
            "token=token-secret-4",
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);

    // Introspection with form credentials: a wrong secret, then the right one and a failing API.
    let introspection = AuthorizationServer::new(fake.clone(), app.clone())
        .with_introspection_authenticator(ClientSecretCredentials::new("rs", "rs-secret-5"));
    let answer = introspection
        .introspection(request(
            "POST",
            "/api/introspection",
            &form_type,
            "token=token-secret-6&client_id=rs&client_secret=wrong-secret-7",
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let body = String::from_utf8(answer.body().to_vec()).unwrap();
    assert!(!body.contains("secret-"), "{body}");
    fake.fail("standard_introspection");
    let answer = introspection
        .introspection(request(
            "POST",
            "/api/introspection",
            &form_type,
            "token=token-secret-6&client_id=rs&client_secret=rs-secret-5",
        ))
        .await;
    assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(answer.body().as_ref(), br#"{"error":"server_error"}"#);

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("the application failed"), "{logs}");
    assert!(logs.contains("the Authlete call failed"), "{logs}");
    assert!(logs.contains("SURPRISE"), "{logs}");
    for secret in [
        "ticket-secret-1",
        "password-secret-2",
        "token-secret-3",
        "token-secret-4",
        "rs-secret-5",
        "token-secret-6",
        "wrong-secret-7",
    ] {
        assert!(!logs.contains(secret), "{secret} leaked: {logs}");
    }
}

#[tokio::test]
async fn a_closure_can_authenticate_introspection_callers() {
    let s = setup_with(|server| {
        server.with_introspection_authenticator(|parts: &http::request::Parts| {
            parts
                .headers
                .get("x-internal")
                .is_some_and(|value| value == "yes")
        })
    })
    .await;
    s.fake.answer(
        "standard_introspection",
        json!({"action": "OK", "responseContent": "{\"active\":false}"}),
    );
    let answer = post_form(&s.url("/api/introspection"), "token=AT").await;
    assert_eq!(answer.status, 401);
    let answer = Answer::from(
        http()
            .post(s.url("/api/introspection"))
            .header("x-internal", "yes")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("token=AT")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"active": false}))
    );
}

#[tokio::test]
async fn paths_are_configurable() {
    let mut paths = authlete_tower::handler::Paths::default();
    paths.token = "/oauth2/token".into();
    paths.registration = "/oauth2/clients".into();
    let s = setup_with(move |server| server.with_paths(paths)).await;
    s.fake
        .answer("token", json!({"action": "OK", "responseContent": "{}"}));
    let answer = post_form(&s.url("/oauth2/token"), "grant_type=x").await;
    assert_eq!(answer.status, 200);
    let old = http()
        .post(s.url("/api/token"))
        .body("grant_type=x")
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 404);

    s.fake.answer(
        "client_registration_get",
        json!({"action": "OK", "responseContent": "{}"}),
    );
    let answer = Answer::from(
        http()
            .get(s.url("/oauth2/clients/5"))
            .bearer_auth("RAT")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(
        s.fake.last("client_registration_get").unwrap()["clientId"],
        "5"
    );
}

#[tokio::test]
async fn fail_answers_map_every_action() {
    let clock = ManualClock::new();
    let s = prompt_none_setup(&clock).await;
    s.fake.answer("authorization", no_interaction(json!({})));
    let url = s.url("/api/authorization?prompt=none");

    s.fake.answer(
        "authorization_fail",
        json!({"action": "FORM", "responseContent": authlete_form_page("com.example.app:/cb", "error", "\"><script>alert(1)</script>")}),
    );
    let answer = get(&url).await;
    assert_form_post(
        &answer,
        "com.example.app:",
        "com.example.app:/cb",
        "error",
        "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
    );

    s.fake.answer(
        "authorization_fail",
        json!({"action": "BAD_REQUEST", "responseContent": BAD}),
    );
    let answer = get(&url).await;
    assert_eq!((answer.status, answer.body.as_str()), (400, BAD));
    assert!(answer.content_type().starts_with("application/json"));

    for scripted in [
        json!({"action": "INTERNAL_SERVER_ERROR", "responseContent": "{}"}),
        json!({"action": "NEW"}),
        json!({"action": "FORM"}),
    ] {
        s.fake.answer("authorization_fail", scripted);
        get(&url).await.assert_server_error();
    }
    s.fake.fail("authorization_fail");
    get(&url).await.assert_server_error();
}

struct BrokenAuthenticator;

impl authlete_tower::handler::IntrospectionAuthenticator for BrokenAuthenticator {
    async fn authenticate(
        &self,
        _: &http::request::Parts,
        _: &authlete_tower::handler::Form,
    ) -> Result<bool, SpiError> {
        Err(SpiError::new("application-secret-detail"))
    }
}

#[tokio::test]
async fn a_failing_introspection_authenticator_is_a_server_error() {
    let s = setup_with(|server| server.with_introspection_authenticator(BrokenAuthenticator)).await;
    post_form(&s.url("/api/introspection"), "token=AT")
        .await
        .assert_server_error();
    assert!(!s.fake.called("standard_introspection"));
}

struct PanickingGrants;

impl GrantSpi for PanickingGrants {
    async fn token_exchange(
        &self,
        _: &TokenResponse,
    ) -> Result<Option<AuthleteResponse>, SpiError> {
        panic!("an application bug");
    }
}

#[tokio::test]
async fn a_panicking_spi_is_a_server_error_and_the_server_keeps_serving() {
    let s = setup_with(|server| server.with_grants(PanickingGrants)).await;
    s.fake.answer("token", json!({"action": "TOKEN_EXCHANGE"}));
    post_form(&s.url("/api/token"), "grant_type=x")
        .await
        .assert_server_error();
    s.fake
        .answer("token", json!({"action": "OK", "responseContent": "{}"}));
    let answer = post_form(&s.url("/api/token"), "grant_type=x").await;
    assert_eq!(answer.status, 200);
}

async fn introspect_with(s: &Setup, authorization: Option<&str>, body: &str) -> Answer {
    let mut request = http()
        .post(s.url("/api/introspection"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    Answer::from(request.send().await.unwrap()).await
}

fn assert_introspection_refused(answer: &Answer) {
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"introspection\"")
    );
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.json()["error"], "invalid_client");
    assert!(!answer.body.contains("secret"), "{answer:?}");
}

#[tokio::test]
async fn introspection_takes_client_secret_basic_and_post_and_keeps_them_from_authlete() {
    let s = setup_with(|server| {
        server.with_introspection_authenticator(ClientSecretCredentials::new("rs", "rs-secret"))
    })
    .await;
    s.fake.answer(
        "standard_introspection",
        json!({"action": "OK", "responseContent": "{\"active\":true}"}),
    );

    let answer = introspect_with(&s, Some(&basic("rs", "rs-secret")), "token=AT").await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"active": true}))
    );
    assert_eq!(
        s.fake.last("standard_introspection").unwrap()["parameters"],
        "token=AT"
    );

    let answer = introspect_with(
        &s,
        None,
        "token=AT&token_type_hint=access_token&client_id=rs&client_secret=rs-secret",
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"active": true}))
    );
    let sent = s.fake.last("standard_introspection").unwrap();
    assert_eq!(sent["parameters"], "token=AT&token_type_hint=access_token");
    assert!(!sent.to_string().contains("rs-secret"), "{sent}");

    let calls = s.fake.count("standard_introspection");
    for (authorization, body) in [
        (None, "token=AT&client_id=rs&client_secret=wrong-secret"),
        (Some(basic("rs", "wrong-secret")), "token=AT"),
        (
            Some(basic("rs", "rs-secret")),
            "token=AT&client_id=rs&client_secret=rs-secret",
        ),
        (None, "token=AT&client_secret=rs-secret"),
    ] {
        let answer = introspect_with(&s, authorization.as_deref(), body).await;
        assert_introspection_refused(&answer);
    }
    assert_eq!(s.fake.count("standard_introspection"), calls);
}

/// A resource server that authenticates with an assertion (RFC 7523 §2.2, `private_key_jwt`):
/// the authenticator reads it from the form. (A real one verifies the JWT.)
struct AssertionAuthenticator;

impl IntrospectionAuthenticator for AssertionAuthenticator {
    async fn authenticate(&self, _: &http::request::Parts, form: &Form) -> Result<bool, SpiError> {
        Ok(form.get("client_assertion_type")
            == Some("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            && form.get("client_assertion") == Some("signed.assertion.of-rs"))
    }
}

#[tokio::test]
async fn an_introspection_authenticator_sees_the_form() {
    let s =
        setup_with(|server| server.with_introspection_authenticator(AssertionAuthenticator)).await;
    s.fake.answer(
        "standard_introspection",
        json!({"action": "OK", "responseContent": "{\"active\":false}"}),
    );
    let assertion =
        "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer";
    let answer = introspect_with(
        &s,
        None,
        &format!("token=AT&{assertion}&client_assertion=signed.assertion.of-rs"),
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"active": false}))
    );
    assert_eq!(
        s.fake.last("standard_introspection").unwrap()["parameters"],
        "token=AT"
    );
    let answer = introspect_with(
        &s,
        None,
        &format!("token=AT&{assertion}&client_assertion=forged"),
    )
    .await;
    assert_introspection_refused(&answer);
    assert_eq!(s.fake.count("standard_introspection"), 1);
}
