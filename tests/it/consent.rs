//! `prompt=none` issues nothing the user never consented to (OpenID Connect Core §3.1.2.6):
//! the handler asks [`InteractionSpi::has_consented`] after the login checks and fails the request
//! with `CONSENT_REQUIRED` (`error=consent_required` at the redirect URI) without a yes. Against
//! the fake backend (what is sent to Authlete), against the local backend, and through the example
//! authorization server over HTTP, which records consents when the user presses Authorize.

use std::collections::HashMap;
use std::sync::Arc;

use authlete_local::{LocalBackend, LocalServer, demo as local_demo};
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, ConsentQuestion, DecisionOutcome, Form, InteractionSpi,
    SpiError, UserSpi,
};
use authlete_tower::{AuthleteClient, AuthleteResponse, AuthorizationServer};
use http::StatusCode;
use http::request::Parts;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use crate::browser::support::{self, demo, demo::Demo};
use crate::common::{FakeApi, TestApp, get, serve_axum};

// ---- the library: the SPI's default, and what is sent to Authlete ----

/// An application that implements only what `InteractionSpi` requires: a user is always logged
/// in, and `has_consented` keeps its default.
struct NoConsentRecord;

impl UserSpi for NoConsentRecord {}

impl InteractionSpi for NoConsentRecord {
    async fn current_user(&self, _: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
        Ok(Some(AuthenticatedUser::new("1001")))
    }

    async fn authorization_page(
        &self,
        _: AuthorizationPage,
        _: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        Err(SpiError::new("no pages in this test"))
    }

    async fn decision(&self, _: &Parts, _: &Form) -> Result<DecisionOutcome, SpiError> {
        Err(SpiError::new("no decisions in this test"))
    }
}

/// An application whose consent record is down.
struct BrokenConsentRecord;

impl UserSpi for BrokenConsentRecord {}

impl InteractionSpi for BrokenConsentRecord {
    async fn current_user(&self, _: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
        Ok(Some(AuthenticatedUser::new("1001")))
    }

    async fn authorization_page(
        &self,
        _: AuthorizationPage,
        _: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        Err(SpiError::new("no pages in this test"))
    }

    async fn decision(&self, _: &Parts, _: &Form) -> Result<DecisionOutcome, SpiError> {
        Err(SpiError::new("no decisions in this test"))
    }

    async fn has_consented(&self, _: &ConsentQuestion, _: &Parts) -> Result<bool, SpiError> {
        Err(SpiError::new("consent-database-secret-detail"))
    }
}

fn no_interaction() -> Value {
    json!({
        "action": "NO_INTERACTION", "ticket": "T-9", "client": {"clientId": 7},
        "scopes": [{"name": "profile"}]
    })
}

fn fake_with_answers() -> Arc<FakeApi> {
    let fake = FakeApi::new();
    fake.answer("authorization", no_interaction());
    fake.answer(
        "authorization_fail",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?error=consent_required"}),
    );
    fake.answer(
        "authorization_issue",
        json!({"action": "LOCATION", "responseContent": "https://c/cb#access_token=AT"}),
    );
    fake
}

#[tokio::test]
async fn the_default_answer_is_no_and_the_handler_fails_with_consent_required() {
    let fake = fake_with_answers();
    let base = serve_axum(&AuthorizationServer::new(fake.clone(), NoConsentRecord)).await;
    let answer = get(&format!("{base}/api/authorization?prompt=none")).await;
    assert_eq!(answer.status, 302);
    assert_eq!(
        answer.header("location"),
        Some("https://c/cb?error=consent_required")
    );
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.body, "");
    assert_eq!(
        fake.last("authorization_fail").unwrap(),
        json!({"ticket": "T-9", "reason": "CONSENT_REQUIRED"})
    );
    assert!(!fake.called("authorization_issue"));
}

#[tokio::test]
async fn a_failing_consent_record_is_a_server_error_and_nothing_is_issued() {
    let fake = fake_with_answers();
    let base = serve_axum(&AuthorizationServer::new(fake.clone(), BrokenConsentRecord)).await;
    let answer = get(&format!("{base}/api/authorization?prompt=none")).await;
    answer.assert_server_error();
    assert!(!answer.body.contains("consent-database-secret-detail"));
    assert!(!fake.called("authorization_issue"));
    assert!(!fake.called("authorization_fail"));
}

/// The local backend and a handler over HTTP serving `spi`.
async fn local_with<S: UserSpi + InteractionSpi>(spi: S) -> (LocalServer, String) {
    let local = LocalServer::bind(LocalBackend::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
    let base = serve_axum(&AuthorizationServer::new(api, spi)).await;
    (local, base)
}

fn prompt_none_query() -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("response_type", "code"),
            ("client_id", local_demo::CLIENT_ID),
            ("redirect_uri", local_demo::REDIRECT_URI),
            ("scope", "openid profile"),
            ("prompt", "none"),
            ("state", "s1"),
        ])
        .finish()
}

/// The parameters of a redirect to the local demo client (query or fragment).
fn redirect_params(location: &str) -> HashMap<String, String> {
    let url = url::Url::parse(location).unwrap();
    let text = url
        .fragment()
        .map(str::to_owned)
        .or_else(|| url.query().map(str::to_owned))
        .unwrap_or_default();
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn the_default_answer_is_consent_required_at_the_redirect_uri_of_the_local_backend() {
    let (local, base) = local_with(NoConsentRecord).await;
    let answer = get(&format!("{base}/api/authorization?{}", prompt_none_query())).await;
    assert_eq!(answer.status, 302, "{answer:?}");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let location = answer.header("location").unwrap();
    assert!(location.starts_with(local_demo::REDIRECT_URI), "{location}");
    let params = redirect_params(location);
    assert_eq!(params["error"], "consent_required");
    assert_eq!(params["state"], "s1");
    assert!(!params.contains_key("code"), "{params:?}");
    local.shutdown().await;
}

#[tokio::test]
async fn a_failing_consent_record_is_a_server_error_against_the_local_backend() {
    let (local, base) = local_with(BrokenConsentRecord).await;
    let answer = get(&format!("{base}/api/authorization?{}", prompt_none_query())).await;
    answer.assert_server_error();
    assert!(!answer.body.contains("consent-database-secret-detail"));
    local.shutdown().await;
}

#[tokio::test]
async fn the_test_application_is_asked_with_the_scopes_and_claims_of_the_request() {
    let app = TestApp::default();
    app.log_in(AuthenticatedUser::new("1001"));
    let (local, base) = local_with(app.clone()).await;
    let claims = r#"{"userinfo":{"email":null}}"#;
    let query = format!(
        "{}&{}",
        prompt_none_query(),
        form_urlencoded::Serializer::new(String::new())
            .append_pair("claims", claims)
            .finish()
    );
    let url = format!("{base}/api/authorization?{query}");
    let answer = get(&url).await;
    let params = redirect_params(answer.header("location").unwrap());
    assert_eq!(params["error"], "consent_required");
    let question = app.last_consent_question().unwrap();
    assert_eq!(question.user.subject, "1001");
    assert_eq!(
        question.client_id.map(|id| id.to_string()).as_deref(),
        Some(local_demo::CLIENT_ID)
    );
    assert_eq!(question.scopes, ["openid", "profile"]);
    assert!(
        question.claims.contains(&"email".to_owned()),
        "{question:?}"
    );

    app.consent();
    let answer = get(&url).await;
    let params = redirect_params(answer.header("location").unwrap());
    assert!(params.contains_key("code"), "{params:?}");
    assert_eq!(params["state"], "s1");
    local.shutdown().await;
}

#[tokio::test]
async fn prompt_consent_shows_the_page_even_after_consent() {
    let app = TestApp::default();
    app.log_in(AuthenticatedUser::new("1001"));
    app.consent();
    let (local, base) = local_with(app.clone()).await;
    let query = prompt_none_query().replace("prompt=none", "prompt=consent");
    let answer = get(&format!("{base}/api/authorization?{query}")).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    let page = answer.json();
    assert_eq!(page["page"], "authorization");
    assert_eq!(page["prompts"], json!(["CONSENT"]));
    assert!(app.last_consent_question().is_none());
    local.shutdown().await;
}

// ---- the example authorization server, over HTTP (no browser) ----

/// The demo servers on ephemeral ports, and a client that does not follow redirects.
struct Example {
    demo: Demo,
    base: String,
    http: reqwest::Client,
}

impl Example {
    async fn start() -> Self {
        let authorization = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let resource = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", authorization.local_addr().unwrap());
        let demo = demo::start(
            demo::config_for(&base),
            "127.0.0.1:0".parse().unwrap(),
            authorization,
            resource,
        )
        .await
        .unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Example { demo, base, http }
    }

    /// `GET /api/authorization?…` with the session `cookie`, if any.
    async fn authorize(&self, query: &[(&str, &str)], cookie: Option<&str>) -> reqwest::Response {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        let mut request = self
            .http
            .get(format!("{}/api/authorization?{query}", self.base));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send().await.unwrap()
    }

    async fn decide(&self, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(form)
            .finish();
        self.http
            .post(format!("{}/api/authorization/decision", self.base))
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// A client registered the way the issue's attacker registers it (with the demo's initial
    /// access token, since registration is no longer open by default): the implicit grant, a
    /// redirect URI of its own.
    async fn register_client(&self, redirect_uri: &str) -> String {
        let answer = self
            .http
            .post(format!("{}/api/register", self.base))
            .bearer_auth(authlete_local::demo::INITIAL_ACCESS_TOKEN)
            .json(&json!({
                "redirect_uris": [redirect_uri],
                "response_types": ["token"],
                "grant_types": ["implicit"],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::CREATED);
        let client: Value = answer.json().await.unwrap();
        client["client_id"].as_str().unwrap().to_owned()
    }
}

/// The `name=value` of the session cookie `answer` sets.
fn set_cookie(answer: &reqwest::Response) -> String {
    with_cookies("", answer)
}

/// `cookie` (a `Cookie` header) with the cookies `answer` sets added or replaced: the browser
/// secret of the consent forms and, after a login, the session.
fn with_cookies(cookie: &str, answer: &reqwest::Response) -> String {
    let mut jar: Vec<(String, String)> = cookie
        .split("; ")
        .filter_map(|pair| pair.split_once('='))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    for set in answer.headers().get_all("set-cookie") {
        let pair = set.to_str().unwrap().split(';').next().unwrap();
        if let Some((name, value)) = pair.split_once('=') {
            jar.retain(|(known, _)| known != name);
            jar.push((name.to_owned(), value.to_owned()));
        }
    }
    jar.iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The sealed pending request of a consent page's form.
fn request_field(page: &str) -> String {
    let marker = "name=\"request\" value=\"";
    let start = page.find(marker).unwrap() + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

fn csrf_token(page: &str) -> String {
    let start = page.find("name=\"csrf_token\" value=\"").unwrap() + 25;
    page[start..].split('"').next().unwrap().to_owned()
}

fn location(answer: &reqwest::Response) -> String {
    assert_eq!(answer.status(), StatusCode::FOUND);
    answer.headers()["location"].to_str().unwrap().to_owned()
}

/// Logs john in through a consent for the demo client; returns the session cookie.
async fn john_logged_in(example: &Example) -> String {
    let redirect_uri = format!(
        "{}{}",
        example.base,
        support::authorization_server::MOCK_REDIRECTION_PATH
    );
    let page = example
        .authorize(
            &[
                ("client_id", "2000"),
                ("response_type", "token"),
                ("redirect_uri", &redirect_uri),
            ],
            None,
        )
        .await;
    assert_eq!(page.status(), StatusCode::OK);
    let cookie = set_cookie(&page);
    let page = page.text().await.unwrap();
    let csrf = csrf_token(&page);
    let request = request_field(&page);
    let answer = example
        .decide(
            &cookie,
            &[
                ("authorized", "true"),
                ("loginId", "john"),
                ("password", "john"),
                ("csrf_token", &csrf),
                ("request", &request),
            ],
        )
        .await;
    assert!(location(&answer).contains("#access_token="));
    with_cookies(&cookie, &answer)
}

const EVIL: &str = "https://evil.example/cb";

fn prompt_none(client_id: &str) -> [(&str, &str); 5] {
    [
        ("client_id", client_id),
        ("response_type", "token"),
        ("prompt", "none"),
        ("scope", "profile email"),
        ("redirect_uri", EVIL),
    ]
}

#[tokio::test]
async fn prompt_none_for_a_client_the_user_never_consented_to_is_consent_required() {
    let example = Example::start().await;
    let cookie = john_logged_in(&example).await;
    let evil = example.register_client(EVIL).await;

    let answer = example.authorize(&prompt_none(&evil), Some(&cookie)).await;
    let location = location(&answer);
    assert!(location.starts_with(EVIL), "{location}");
    assert!(!location.contains("access_token"), "{location}");
    let params = redirect_params(&location);
    assert_eq!(params["error"], "consent_required", "{location}");
    assert_eq!(answer.headers()["cache-control"], "no-store");
    example.demo.shutdown().await;
}

#[tokio::test]
async fn after_consenting_once_prompt_none_issues_and_prompt_consent_still_asks() {
    let example = Example::start().await;
    let cookie = john_logged_in(&example).await;
    let client = example.register_client(EVIL).await;
    let interactive = [
        ("client_id", client.as_str()),
        ("response_type", "token"),
        ("scope", "profile email"),
        ("redirect_uri", EVIL),
    ];

    // The consent page: john is logged in, nothing is granted to this client yet.
    let page = example.authorize(&interactive, Some(&cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"id="logged-in-as""#), "{page}");
    assert!(!page.contains("already granted"), "{page}");
    let answer = example
        .decide(
            &cookie,
            &[
                ("authorized", "true"),
                ("csrf_token", &csrf_token(&page)),
                ("request", &request_field(&page)),
            ],
        )
        .await;
    let issued = location(&answer);
    assert!(
        issued.starts_with(EVIL) && issued.contains("#access_token="),
        "{issued}"
    );

    // Consented: prompt=none issues for the same scopes, and for fewer.
    let answer = example
        .authorize(&prompt_none(&client), Some(&cookie))
        .await;
    let issued = location(&answer);
    assert!(issued.contains("#access_token="), "{issued}");
    let mut fewer = prompt_none(&client);
    fewer[3] = ("scope", "email");
    let issued = location(&example.authorize(&fewer, Some(&cookie)).await);
    assert!(issued.contains("#access_token="), "{issued}");

    // A scope never granted: consent_required again.
    let mut more = prompt_none(&client);
    more[3] = ("scope", "profile email phone");
    let refused = location(&example.authorize(&more, Some(&cookie)).await);
    assert_eq!(
        redirect_params(&refused)["error"],
        "consent_required",
        "{refused}"
    );

    // prompt=consent always shows the page, which marks what was granted.
    let mut again = interactive.to_vec();
    again.push(("prompt", "consent"));
    let page = example.authorize(&again, Some(&cookie)).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"id="decision-form""#), "{page}");
    assert!(
        page.contains(r#"id="granted-profile">(already granted)"#),
        "{page}"
    );
    assert!(
        page.contains(r#"id="granted-email">(already granted)"#),
        "{page}"
    );

    // Another user of the same browser? No: another browser, with nobody logged in, gets login_required.
    let anonymous = location(&example.authorize(&prompt_none(&client), None).await);
    assert_eq!(
        redirect_params(&anonymous)["error"],
        "login_required",
        "{anonymous}"
    );
    example.demo.shutdown().await;
}

#[tokio::test]
async fn a_denied_request_records_no_consent() {
    let example = Example::start().await;
    let cookie = john_logged_in(&example).await;
    let client = example.register_client(EVIL).await;
    let page = example
        .authorize(
            &[
                ("client_id", client.as_str()),
                ("response_type", "token"),
                ("scope", "profile email"),
                ("redirect_uri", EVIL),
            ],
            Some(&cookie),
        )
        .await;
    let page = page.text().await.unwrap();
    let answer = example
        .decide(
            &cookie,
            &[
                ("denied", "true"),
                ("csrf_token", &csrf_token(&page)),
                ("request", &request_field(&page)),
            ],
        )
        .await;
    assert_eq!(
        redirect_params(&location(&answer))["error"],
        "access_denied"
    );
    let refused = location(
        &example
            .authorize(&prompt_none(&client), Some(&cookie))
            .await,
    );
    assert_eq!(
        redirect_params(&refused)["error"],
        "consent_required",
        "{refused}"
    );
    example.demo.shutdown().await;
}
