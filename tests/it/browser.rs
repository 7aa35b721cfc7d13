//! The demo, driven by headless Chromium: the local backend, the example authorization server
//! and the example resource server run in this process on ephemeral 127.0.0.1 ports (the demo
//! configuration re-pointed at the authorization server's real port), and a browser logs in,
//! consents, denies, mistypes its password, and the tokens it gets are used at `/api/time`.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver`
//! (`apt-get update && apt-get install -y chromium chromium-driver`); without them the browser
//! tests say on the terminal that they were skipped and how to install them, and with
//! `AUTHLETE_TOWER_REQUIRE_BROWSER=1` (set by `.ci/run`) they fail with that command instead. The HTTP-only tests at the end (CSRF, sessions,
//! the mock redirection page, the introspection credentials) need no browser.

#[path = "ciba_demo.rs"]
mod ciba_demo;
#[path = "native_sso_demo.rs"]
mod native_sso_demo;
#[path = "browser_security.rs"]
mod security;
#[path = "../../examples/support/mod.rs"]
pub(crate) mod support;
#[path = "webdriver.rs"]
mod webdriver;

use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fantoccini::{Client, Locator};
use http::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use support::civil::{CivilTime, days_from_civil};
use support::demo::{self, CODE_CHALLENGE, CODE_VERIFIER, Demo};
use webdriver::Browser;

/// `RequestBuilder::form` without reqwest's `form` feature.
trait FormPairs {
    fn form_pairs<K: AsRef<str>, V: AsRef<str>>(self, pairs: &[(K, V)]) -> Self;
}

impl FormPairs for reqwest::RequestBuilder {
    fn form_pairs<K: AsRef<str>, V: AsRef<str>>(self, pairs: &[(K, V)]) -> Self {
        let body = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))
            .finish();
        self.header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    }
}

/// One browser at a time: two cores do not run several Chromiums well.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

struct Servers {
    demo: Demo,
    /// `http://127.0.0.1:PORT` of the authorization server.
    authorization: String,
    /// `http://127.0.0.1:PORT` of the resource server.
    resource: String,
    http: reqwest::Client,
}

impl Servers {
    async fn start() -> Servers {
        let authorization_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let resource_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let authorization = format!("http://{}", authorization_listener.local_addr().unwrap());
        let resource = format!("http://{}", resource_listener.local_addr().unwrap());
        let demo = demo::start(
            demo::config_for(&authorization),
            "127.0.0.1:0".parse().unwrap(),
            authorization_listener,
            resource_listener,
        )
        .await
        .unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Servers {
            demo,
            authorization,
            resource,
            http,
        }
    }

    fn redirect_uri(&self) -> String {
        format!("{}/api/mock/redirection", self.authorization)
    }

    fn authorization_url(&self, query: &[(&str, &str)]) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(query)
            .finish();
        format!("{}/api/authorization?{query}", self.authorization)
    }

    async fn get_with_token(&self, url: &str, token: &str) -> reqwest::Response {
        self.http.get(url).bearer_auth(token).send().await.unwrap()
    }
}

async fn by_id(client: &Client, id: &str) -> fantoccini::elements::Element {
    match client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Id(id))
        .await
    {
        Ok(element) => element,
        Err(error) => {
            let url = client.current_url().await.map(|url| url.to_string());
            let body = match client.find(Locator::Css("body")).await {
                Ok(body) => body.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!("no element #{id} at {url:?} ({error}); the page says:\n{body}")
        }
    }
}

async fn text_of(client: &Client, id: &str) -> String {
    by_id(client, id).await.text().await.unwrap()
}

async fn exists(client: &Client, id: &str) -> bool {
    client.find(Locator::Id(id)).await.is_ok()
}

async fn log_in(client: &Client, login_id: &str, password: &str) {
    let field = by_id(client, "loginId").await;
    field.clear().await.unwrap();
    field.send_keys(login_id).await.unwrap();
    by_id(client, "password")
        .await
        .send_keys(password)
        .await
        .unwrap();
}

async fn click(client: &Client, id: &str) {
    by_id(client, id).await.click().await.unwrap();
}

/// Waits for the mock client page (after the redirect) and for its script to read the fragment.
async fn on_mock_page(client: &Client) {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("body[data-fragment-read='true']"))
        .await
        .expect("the browser reached the mock client page");
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/api/mock/redirection", "{url}");
}

/// Asserts `/api/time` answers the current UTC time for `token`.
async fn assert_time_api(servers: &Servers, token: &str) {
    let before = CivilTime::now();
    let answer = servers
        .get_with_token(&format!("{}/api/time", servers.resource), token)
        .await;
    let after = CivilTime::now();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "application/json");
    let time: Value = answer.json().await.unwrap();
    let fields = ["year", "month", "day", "hour", "minute", "second"];
    let object = time.as_object().unwrap();
    assert_eq!(object.len(), fields.len(), "{time}");
    let field = |name: &str| {
        time[name]
            .as_i64()
            .unwrap_or_else(|| panic!("{name} in {time}"))
    };
    let seconds = |t: CivilTime| {
        days_from_civil(t.year, t.month, t.day) * 86_400
            + i64::from(t.hour * 3600 + t.minute * 60 + t.second)
    };
    let answered = days_from_civil(field("year"), field("month") as u32, field("day") as u32)
        * 86_400
        + field("hour") * 3600
        + field("minute") * 60
        + field("second");
    assert!(
        seconds(before) <= answered && answered <= seconds(after),
        "{time} is not the current UTC time"
    );
}

#[test]
fn the_walkthrough_pkce_pair_is_s256() {
    let digest = Sha256::digest(CODE_VERIFIER.as_bytes());
    assert_eq!(URL_SAFE_NO_PAD.encode(digest), CODE_CHALLENGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implicit_flow_gives_a_token_that_calls_the_time_api() {
    let _one_browser = BROWSER.lock().await;
    let servers = Servers::start().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = browser.client();

    client
        .goto(&servers.authorization_url(&[
            ("client_id", "2000"),
            ("response_type", "token"),
            ("state", "state-1"),
        ]))
        .await
        .unwrap();
    assert_eq!(text_of(client, "client-name").await, "Demo Client");
    assert_eq!(text_of(client, "client-id").await, "2000");
    log_in(client, "john", "john").await;
    click(client, "authorize-button").await;

    on_mock_page(client).await;
    let token = text_of(client, "param-access_token").await;
    assert!(token.len() >= 20, "an access token: {token:?}");
    assert_eq!(text_of(client, "param-token_type").await, "Bearer");
    assert_eq!(text_of(client, "param-state").await, "state-1");
    assert!(!exists(client, "param-error").await);

    assert_time_api(&servers, &token).await;

    // No token: a bare challenge. Another token: invalid_token. No `profile` scope: 403.
    let answer = servers
        .http
        .get(format!("{}/api/time", servers.resource))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.headers()["www-authenticate"],
        "Bearer realm=\"example\""
    );
    let answer = servers
        .get_with_token(&format!("{}/api/time", servers.resource), "not-a-token")
        .await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let challenge = answer.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.contains("error=\"invalid_token\""), "{challenge}");
    let answer = servers
        .get_with_token(&format!("{}/api/profile", servers.resource), &token)
        .await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let challenge = answer.headers()["www-authenticate"].to_str().unwrap();
    assert!(
        challenge.contains("error=\"insufficient_scope\""),
        "{challenge}"
    );
    assert!(challenge.contains("scope=\"profile\""), "{challenge}");

    browser.close().await;
    servers.demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_flow_with_pkce_then_token_endpoint_then_apis() {
    let _one_browser = BROWSER.lock().await;
    let servers = Servers::start().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = browser.client();
    let redirect_uri = servers.redirect_uri();
    let authorize = servers.authorization_url(&[
        ("client_id", "3000"),
        ("response_type", "code"),
        ("scope", "openid profile email"),
        ("redirect_uri", &redirect_uri),
        ("state", "state-2"),
        ("nonce", "nonce-2"),
        ("code_challenge", CODE_CHALLENGE),
        ("code_challenge_method", "S256"),
        ("login_hint", "john"),
    ]);

    client.goto(&authorize).await.unwrap();
    assert_eq!(text_of(client, "client-name").await, "Demo Public Client");
    for scope in ["openid", "profile", "email"] {
        assert_eq!(text_of(client, &format!("scope-{scope}")).await, scope);
    }
    let scopes = text_of(client, "scopes").await;
    assert!(scopes.contains("Read your email address"), "{scopes}");
    // login_hint prefills the login ID, without locking it.
    let login_field = by_id(client, "loginId").await;
    assert_eq!(
        login_field.prop("value").await.unwrap().as_deref(),
        Some("john")
    );
    assert_eq!(login_field.attr("readonly").await.unwrap(), None);
    by_id(client, "password")
        .await
        .send_keys("john")
        .await
        .unwrap();
    click(client, "authorize-button").await;

    on_mock_page(client).await;
    assert_eq!(text_of(client, "param-state").await, "state-2");
    let code = text_of(client, "param-code").await;
    assert!(!exists(client, "param-access_token").await);

    let token_endpoint = format!("{}/api/token", servers.authorization);
    let exchange = |verifier: &'static str, code: String| {
        let form = [
            ("grant_type", "authorization_code".to_owned()),
            ("client_id", "3000".to_owned()),
            ("code", code),
            ("redirect_uri", redirect_uri.clone()),
            ("code_verifier", verifier.to_owned()),
        ];
        servers.http.post(&token_endpoint).form_pairs(&form).send()
    };
    let answer = exchange(CODE_VERIFIER, code.clone()).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let tokens: Value = answer.json().await.unwrap();
    assert_eq!(tokens["token_type"], "Bearer", "{tokens}");
    assert!(tokens["id_token"].is_string(), "{tokens}");
    let access_token = tokens["access_token"].as_str().unwrap().to_owned();

    assert_time_api(&servers, &access_token).await;

    let profile: Value = servers
        .get_with_token(&format!("{}/api/profile", servers.resource), &access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["subject"], "1001", "{profile}");
    assert_eq!(profile["client_id"], 3000, "{profile}");
    let scopes: Vec<&str> = profile["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|scope| scope.as_str().unwrap())
        .collect();
    assert!(
        scopes.contains(&"profile") && scopes.contains(&"email"),
        "{profile}"
    );

    // UserInfo, at the authorization server and forwarded by the resource server.
    for base in [&servers.authorization, &servers.resource] {
        let answer = servers
            .get_with_token(&format!("{base}/api/userinfo"), &access_token)
            .await;
        assert_eq!(answer.status(), StatusCode::OK, "{base}");
        let claims: Value = answer.json().await.unwrap();
        assert_eq!(claims["sub"], "1001", "{claims}");
        assert_eq!(claims["name"], "John Smith", "{claims}");
        assert_eq!(claims["email"], "john@example.com", "{claims}");
    }
    let answer = servers
        .get_with_token(&format!("{}/api/userinfo", servers.resource), "not-a-token")
        .await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(answer.headers().contains_key("www-authenticate"));

    // A code is good once, and replaying it revokes what it gave (RFC 6749 §4.1.2).
    let again = exchange(CODE_VERIFIER, code).await.unwrap();
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let error: Value = again.json().await.unwrap();
    assert_eq!(error["error"], "invalid_grant");
    // (Asked at the authorization server: the resource server may answer from its cache.)
    let answer = servers
        .get_with_token(
            &format!("{}/api/userinfo", servers.authorization),
            &access_token,
        )
        .await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);

    // The session remembers John: the next request asks for consent only.
    client.goto(&authorize).await.unwrap();
    assert!(text_of(client, "logged-in-as").await.contains("John Smith"));
    assert!(!exists(client, "password").await);
    click(client, "authorize-button").await;
    on_mock_page(client).await;
    assert!(!text_of(client, "param-code").await.is_empty());

    // prompt=login asks for the password again, whatever the session.
    let with_prompt = format!("{authorize}&prompt=login");
    client.goto(&with_prompt).await.unwrap();
    assert!(!exists(client, "logged-in-as").await);
    log_in(client, "john", "john").await;
    click(client, "authorize-button").await;
    on_mock_page(client).await;
    assert!(!text_of(client, "param-code").await.is_empty());

    // max_age=1: a login older than one second does not count.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    client
        .goto(&format!("{authorize}&max_age=1"))
        .await
        .unwrap();
    assert!(!exists(client, "logged-in-as").await);
    assert!(exists(client, "password").await);

    browser.close().await;
    servers.demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deny_sends_access_denied_to_the_client() {
    let _one_browser = BROWSER.lock().await;
    let servers = Servers::start().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = browser.client();

    client
        .goto(&servers.authorization_url(&[
            ("client_id", "2000"),
            ("response_type", "token"),
            ("state", "state-3"),
        ]))
        .await
        .unwrap();
    click(client, "deny-button").await;

    on_mock_page(client).await;
    assert_eq!(text_of(client, "param-error").await, "access_denied");
    assert_eq!(text_of(client, "param-state").await, "state-3");
    assert!(!exists(client, "param-access_token").await);

    browser.close().await;
    servers.demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_reported_and_nothing_is_issued() {
    let _one_browser = BROWSER.lock().await;
    let servers = Servers::start().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = browser.client();

    client
        .goto(&servers.authorization_url(&[("client_id", "2000"), ("response_type", "token")]))
        .await
        .unwrap();
    log_in(client, "john", "not-john").await;
    click(client, "authorize-button").await;

    let error = text_of(client, "login-error").await;
    assert_eq!(error, "The login ID or the password is wrong.");
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/api/authorization/decision");
    assert!(url.fragment().is_none());
    assert!(!exists(client, "param-access_token").await);
    // The typed login ID is kept, the password is not.
    let login_field = by_id(client, "loginId").await;
    assert_eq!(
        login_field.prop("value").await.unwrap().as_deref(),
        Some("john")
    );
    let password = by_id(client, "password").await;
    assert_eq!(password.prop("value").await.unwrap().as_deref(), Some(""));

    // The same pending request still completes with the right password.
    log_in(client, "jane", "jane").await;
    click(client, "authorize-button").await;
    on_mock_page(client).await;
    let token = text_of(client, "param-access_token").await;
    assert_time_api(&servers, &token).await;

    browser.close().await;
    servers.demo.shutdown().await;
}

// ---- HTTP-only checks of the example authorization server (no browser) ----

/// The `name=value` of the cookie `name` set by `answer`, which is `HttpOnly` and `SameSite=Lax`.
fn set_cookie(answer: &reqwest::Response, name: &str) -> Option<String> {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| value.to_str().unwrap())
        .find(|value| value.starts_with(&format!("{name}=")))
        .map(|value| {
            assert!(
                value.contains("HttpOnly") && value.contains("SameSite=Lax"),
                "{value}"
            );
            value.split(';').next().unwrap().to_owned()
        })
}

/// The browser binding cookie the first consent page sets.
fn browser_cookie(answer: &reqwest::Response) -> String {
    set_cookie(answer, "authlete_example_browser").expect("a browser cookie")
}

/// The login session cookie a successful login sets.
fn login_cookie(answer: &reqwest::Response) -> String {
    set_cookie(answer, "authlete_example_session").expect("a login session cookie")
}

/// The value of the hidden field `name` of the page's form.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

fn csrf_token(page: &str) -> String {
    hidden(page, "csrf_token")
}

/// A consent page's form as the browser holds it: its cookie, CSRF token and sealed request.
struct PendingForm {
    cookie: String,
    csrf: String,
    request: String,
}

impl PendingForm {
    fn of(cookie: &str, page: &str) -> Self {
        PendingForm {
            cookie: cookie.to_owned(),
            csrf: csrf_token(page),
            request: hidden(page, "request"),
        }
    }

    /// The form's hidden fields plus `fields`.
    fn with<'a>(&'a self, fields: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        let mut form = vec![
            ("csrf_token", self.csrf.as_str()),
            ("request", self.request.as_str()),
        ];
        form.extend_from_slice(fields);
        form
    }
}

/// Starts an implicit request over plain HTTP, with `cookie` when given; returns the form.
async fn pending_request_with(
    servers: &Servers,
    cookie: Option<&str>,
    query: &[(&str, &str)],
) -> PendingForm {
    let mut request = servers.http.get(servers.authorization_url(query));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let cookie = match cookie {
        Some(cookie) => {
            assert!(set_cookie(&answer, "authlete_example_browser").is_none());
            cookie.to_owned()
        }
        None => browser_cookie(&answer),
    };
    PendingForm::of(&cookie, &answer.text().await.unwrap())
}

/// Starts an implicit request over plain HTTP in a new browser; returns the form.
async fn pending_request(servers: &Servers) -> PendingForm {
    pending_request_with(
        servers,
        None,
        &[("client_id", "2000"), ("response_type", "token")],
    )
    .await
}

async fn post_decision(
    servers: &Servers,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = servers
        .http
        .post(format!(
            "{}/api/authorization/decision",
            servers.authorization
        ))
        .form_pairs(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_decision_without_a_session_is_refused() {
    let servers = Servers::start().await;
    let answer = post_decision(
        &servers,
        None,
        &[("authorized", "true"), ("csrf_token", "x")],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("No authorization request")
    );

    // A real form, posted from another browser (or none), decides nothing.
    let form = pending_request(&servers).await;
    let fields = form.with(&[
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "john"),
    ]);
    let other = "authlete_example_browser=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for cookie in [None, Some(other)] {
        let answer = post_decision(&servers, cookie, &fields).await;
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
        assert!(answer.headers().get("location").is_none());
        assert!(
            answer
                .text()
                .await
                .unwrap()
                .contains("No authorization request")
        );
    }
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_decision_with_a_wrong_csrf_token_is_refused_and_the_request_stays_pending() {
    let servers = Servers::start().await;
    let pending = pending_request(&servers).await;
    let (cookie, csrf) = (pending.cookie.clone(), pending.csrf.clone());
    for wrong in ["", "x", &csrf[1..]] {
        let form = [
            ("authorized", "true"),
            ("loginId", "john"),
            ("password", "john"),
            ("csrf_token", wrong),
            ("request", &pending.request),
        ];
        let answer = post_decision(&servers, Some(&cookie), &form).await;
        assert_eq!(answer.status(), StatusCode::FORBIDDEN);
        assert!(answer.headers().get("location").is_none());
        assert!(answer.text().await.unwrap().contains("CSRF token mismatch"));
    }
    let form = pending.with(&[
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "john"),
    ]);
    let answer = post_decision(&servers, Some(&cookie), &form).await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("#access_token="), "{location}");
    // Logging in opened a login session.
    login_cookie(&answer);
    // The decided form decides nothing again (the backend's ticket is used up).
    let answer = post_decision(
        &servers,
        Some(&cookie),
        &pending.with(&[("denied", "true")]),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_decided_request_cannot_be_decided_again() {
    let servers = Servers::start().await;
    let pending = pending_request(&servers).await;
    let cookie = pending.cookie.clone();
    let denied = pending.with(&[("denied", "true")]);
    let answer = post_decision(&servers, Some(&cookie), &denied).await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.contains("error=access_denied"), "{location}");
    let answer = post_decision(&servers, Some(&cookie), &denied).await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert!(answer.headers().get("location").is_none());
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_required_subject_locks_the_login_id() {
    let servers = Servers::start().await;
    let claims = r#"{"id_token":{"sub":{"value":"1002"}}}"#;
    let redirect_uri = servers.redirect_uri();
    let answer = servers
        .http
        .get(servers.authorization_url(&[
            ("client_id", "2000"),
            ("response_type", "code"),
            ("scope", "openid"),
            ("redirect_uri", &redirect_uri),
            ("claims", claims),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let cookie = browser_cookie(&answer);
    let page = answer.text().await.unwrap();
    assert!(page.contains(r#"value="jane" readonly"#), "{page}");
    // Logging in as someone else is refused on the page.
    let pending = PendingForm::of(&cookie, &page);
    let form = pending.with(&[
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "john"),
    ]);
    let answer = post_decision(&servers, Some(&cookie), &form).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("This request is for another account: log in as jane."),
        "{page}"
    );
    let form = pending.with(&[
        ("authorized", "true"),
        ("loginId", "jane"),
        ("password", "jane"),
    ]);
    let answer = post_decision(&servers, Some(&cookie), &form).await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    assert!(
        answer.headers()["location"]
            .to_str()
            .unwrap()
            .contains("code=")
    );
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn the_mock_redirection_page_shows_query_and_form_post_parameters() {
    let servers = Servers::start().await;
    let answer = servers
        .http
        .get(format!("{}?code=a%3Cb&state=s", servers.redirect_uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let page = answer.text().await.unwrap();
    assert!(
        page.contains(r#"<code id="param-code">a&lt;b</code>"#),
        "{page}"
    );
    assert!(
        page.contains(r#"<code id="param-state">s</code>"#),
        "{page}"
    );

    let answer = servers
        .http
        .post(servers.redirect_uri())
        .form_pairs(&[("error", "access_denied")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let page = answer.text().await.unwrap();
    assert!(
        page.contains(r#"<code id="param-error">access_denied</code>"#),
        "{page}"
    );
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn introspection_needs_the_resource_server_credentials() {
    let servers = Servers::start().await;
    let token: Value = servers
        .http
        .post(format!("{}/api/token", servers.authorization))
        .basic_auth("2000", Some("demo-secret"))
        .form_pairs(&[("grant_type", "client_credentials"), ("scope", "profile")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access_token = token["access_token"].as_str().unwrap();
    let introspection = format!("{}/api/introspection", servers.authorization);
    let answer = servers
        .http
        .post(&introspection)
        .basic_auth("resource-server", Some("resource-secret"))
        .form_pairs(&[("token", access_token)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let info: Value = answer.json().await.unwrap();
    assert_eq!(info["active"], true, "{info}");

    for (id, secret) in [("resource-server", "wrong"), ("someone", "resource-secret")] {
        let answer = servers
            .http
            .post(&introspection)
            .basic_auth(id, Some(secret))
            .form_pairs(&[("token", access_token)])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
        let body = answer.text().await.unwrap();
        assert!(!body.contains(access_token));
    }
    let answer = servers
        .http
        .post(&introspection)
        .form_pairs(&[("token", access_token)])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn discovery_names_the_authorization_server_as_issuer() {
    let servers = Servers::start().await;
    for path in [
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
    ] {
        let answer = servers
            .http
            .get(format!("{}{path}", servers.authorization))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "{path}");
        let document: Value = answer.json().await.unwrap();
        assert_eq!(document["issuer"], servers.authorization.as_str(), "{path}");
        assert_eq!(
            document["authorization_endpoint"],
            format!("{}/api/authorization", servers.authorization),
            "{path}"
        );
    }
    let jwks = servers
        .http
        .get(format!("{}/api/jwks", servers.authorization))
        .send()
        .await
        .unwrap();
    assert_eq!(jwks.status(), StatusCode::OK);
    servers.demo.shutdown().await;
}

#[test]
fn a_missing_browser_fails_with_the_install_command() {
    // This test binary itself stands for a binary that is present.
    let present = std::env::current_exe().unwrap();
    let message = webdriver::missing_message(&["/nonexistent/chromium", present.to_str().unwrap()])
        .expect("a missing binary is reported");
    assert!(
        message.contains("/nonexistent/chromium is missing"),
        "{message}"
    );
    assert!(
        message.contains("apt-get update && apt-get install -y chromium chromium-driver"),
        "{message}"
    );
    let both = webdriver::missing_message(&["/nonexistent/a", "/nonexistent/b"]).unwrap();
    assert!(both.contains("/nonexistent/a and /nonexistent/b"), "{both}");
}

#[test]
fn a_missing_browser_is_skipped_unless_ci_requires_it() {
    use webdriver::Availability;
    let missing = ["/nonexistent/chromium"];
    for unset in [None, Some(""), Some("0")] {
        match webdriver::availability(&missing, unset) {
            Availability::Skip(message) => {
                assert!(message.starts_with("skipped: "), "{message}");
                assert!(message.contains(webdriver::INSTALL_HINT), "{message}");
                assert!(
                    message.contains("AUTHLETE_TOWER_REQUIRE_BROWSER=1"),
                    "{message}"
                );
            }
            other => panic!("{unset:?}: {other:?}"),
        }
    }
    match webdriver::availability(&missing, Some("1")) {
        Availability::Fail(message) => {
            assert!(message.contains(webdriver::INSTALL_HINT), "{message}");
            assert!(
                message.contains("AUTHLETE_TOWER_REQUIRE_BROWSER is set"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    let present = std::env::current_exe().unwrap();
    assert_eq!(
        webdriver::availability(&[present.to_str().unwrap()], Some("1")),
        Availability::Present
    );
}

#[tokio::test]
async fn device_flow_through_the_verification_pages() {
    let servers = Servers::start().await;
    let base = &servers.authorization;
    let device: Value = servers
        .http
        .post(format!("{base}/api/device/authorization"))
        .form_pairs(&[("client_id", "3000"), ("scope", "openid profile")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let user_code = device["user_code"].as_str().unwrap().to_owned();
    let device_code = device["device_code"].as_str().unwrap().to_owned();
    assert_eq!(
        device["verification_uri"],
        format!("{base}/api/device/verification")
    );

    // verification_uri_complete: the code form, prefilled.
    let answer = servers
        .http
        .get(format!(
            "{base}/api/device/verification?user_code={user_code}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let page = answer.text().await.unwrap();
    assert!(
        page.contains(&format!(r#"name="user_code" value="{user_code}""#)),
        "{page}"
    );

    // An unknown code.
    let answer = servers
        .http
        .post(format!("{base}/api/device/verification"))
        .form_pairs(&[("user_code", "NOSUCHCODE")])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("There is no such code")
    );

    // The right code: the login + consent page.
    let answer = servers
        .http
        .post(format!("{base}/api/device/verification"))
        .form_pairs(&[("user_code", user_code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let cookie = browser_cookie(&answer);
    let page = answer.text().await.unwrap();
    assert!(page.contains("Demo Public Client"), "{page}");
    assert!(
        page.contains(r#"action="&#x2f;api&#x2f;device&#x2f;complete""#),
        "{page}"
    );
    assert!(page.contains(r#"id="scope-profile""#), "{page}");
    let csrf = csrf_token(&page);
    let sealed = hidden(&page, "request");

    let complete = |form: Vec<(&'static str, String)>| {
        servers
            .http
            .post(format!("{base}/api/device/complete"))
            .header("cookie", &cookie)
            .form_pairs(&form)
            .send()
    };
    // A wrong password: the page again, with the error.
    let answer = complete(vec![
        ("csrf_token", csrf.clone()),
        ("request", sealed.clone()),
        ("loginId", "john".into()),
        ("password", "nope".into()),
        ("authorized", "true".into()),
    ])
    .await
    .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert!(answer.headers().get("set-cookie").is_none());
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("The login ID or the password is wrong.")
    );
    // The device request cannot be decided at the authorization decision endpoint.
    let answer = post_decision(
        &servers,
        Some(&cookie),
        &[
            ("authorized", "true"),
            ("csrf_token", &csrf),
            ("request", &sealed),
        ],
    )
    .await;
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    // The right password.
    let answer = complete(vec![
        ("csrf_token", csrf.clone()),
        ("request", sealed.clone()),
        ("loginId", "john".into()),
        ("password", "john".into()),
        ("authorized", "true".into()),
    ])
    .await
    .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    // Logging in opened a login session.
    login_cookie(&answer);
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("The device is authorized.")
    );

    // The device polls and gets its tokens.
    let tokens: Value = servers
        .http
        .post(format!("{base}/api/token"))
        .form_pairs(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", device_code.as_str()),
            ("client_id", "3000"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access_token = tokens["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{tokens}"));
    assert_time_api(&servers, access_token).await;
    let profile: Value = servers
        .get_with_token(&format!("{}/api/profile", servers.resource), access_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["subject"], "1001", "{profile}");
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_device_denied_without_logging_in_gets_access_denied() {
    let servers = Servers::start().await;
    let base = &servers.authorization;
    let device: Value = servers
        .http
        .post(format!("{base}/api/device/authorization"))
        .form_pairs(&[("client_id", "3000"), ("scope", "profile")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let user_code = device["user_code"].as_str().unwrap().to_owned();
    let device_code = device["device_code"].as_str().unwrap().to_owned();
    let answer = servers
        .http
        .post(format!("{base}/api/device/verification"))
        .form_pairs(&[("user_code", user_code.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let cookie = browser_cookie(&answer);
    let pending = PendingForm::of(&cookie, &answer.text().await.unwrap());

    // Deny, with no login at all.
    let answer = servers
        .http
        .post(format!("{base}/api/device/complete"))
        .header("cookie", &cookie)
        .form_pairs(&pending.with(&[("denied", "true")]))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert!(answer.headers().get("set-cookie").is_none());
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("The device was not authorized.")
    );

    let answer = servers
        .http
        .post(format!("{base}/api/token"))
        .form_pairs(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", device_code.as_str()),
            ("client_id", "3000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let error: Value = answer.json().await.unwrap();
    assert_eq!(error["error"], "access_denied", "{error}");
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_wrong_password_answers_the_page_again_over_http() {
    let servers = Servers::start().await;
    let pending = pending_request(&servers).await;
    let cookie = pending.cookie.clone();
    let form = pending.with(&[
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "wrong"),
    ]);
    let answer = post_decision(&servers, Some(&cookie), &form).await;
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    assert_eq!(answer.headers()["pragma"], "no-cache");
    assert!(answer.headers().get("location").is_none());
    assert!(answer.headers().get("set-cookie").is_none());
    assert!(
        answer.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("The login ID or the password is wrong."),
        "{page}"
    );
    assert!(!page.contains("access_token"), "{page}");
    // Still pending: the right password issues.
    let form = pending.with(&[
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "john"),
    ]);
    let answer = post_decision(&servers, Some(&cookie), &form).await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    let location = answer.headers()["location"].to_str().unwrap();
    assert!(location.contains("#access_token="), "{location}");
    servers.demo.shutdown().await;
}

/// The demo runs both servers in one process: the authorization server's `on_token_revoked`
/// hook evicts a revoked token from the resource server's introspection cache, so the API refuses
/// it at once (without the hook the cached result would keep it valid for up to 60 s).
#[tokio::test]
async fn a_revoked_token_is_refused_by_the_co_located_resource_server_at_once() {
    let servers = Servers::start().await;
    let base = &servers.authorization;
    let tokens: Value = servers
        .http
        .post(format!("{base}/api/token"))
        .basic_auth("2000", Some("demo-secret"))
        .form_pairs(&[("grant_type", "client_credentials"), ("scope", "profile")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = tokens["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("{tokens}"))
        .to_owned();

    // Accepted, and now in the resource server's introspection cache.
    assert_time_api(&servers, &token).await;

    let answer = servers
        .http
        .post(format!("{base}/api/revocation"))
        .basic_auth("2000", Some("demo-secret"))
        .form_pairs(&[("token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");

    let time = format!("{}/api/time", servers.resource);
    let answer = servers.get_with_token(&time, &token).await;
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let challenge = answer.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(
        challenge.contains(r#"error="invalid_token""#),
        "{challenge}"
    );
    assert!(challenge.contains(r#"realm="example""#), "{challenge}");
    assert!(!challenge.contains(&token), "{challenge}");
    servers.demo.shutdown().await;
}

/// Issue 11, finding 1, in the browser: the reproduction of the issue (open registration of a
/// `javascript:` redirect URI, then a `form_post` error delivered without login) runs no script
/// in the authorization server's origin at any depth — registration refuses the URI, and a
/// backend that writes such a form action anyway gets a 500 instead of a page — while a genuine
/// `form_post` still submits itself under the page's content-security policy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_script_runs_in_the_authorization_servers_origin() {
    let _one_browser = BROWSER.lock().await;
    let authorization_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let resource_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let authorization = format!("http://{}", authorization_listener.local_addr().unwrap());
    let mut config = demo::config_for(&authorization);
    config.registration.open = true;
    let servers = demo::start(
        config,
        "127.0.0.1:0".parse().unwrap(),
        authorization_listener,
        resource_listener,
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let payload =
        "javascript:document.documentElement.innerHTML=%27XSS-RAN-IN-%27+document.domain//";
    let answer = http
        .post(format!("{authorization}/api/register"))
        .header("content-type", "application/json")
        .body(
            serde_json::json!({
                "redirect_uris": [payload],
                "response_types": ["code"],
                "grant_types": ["authorization_code"]
            })
            .to_string(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["error"], "invalid_redirect_uri");

    // A backend that writes the form the local backend used to write.
    let fake = crate::common::FakeApi::new();
    fake.answer(
        "authorization",
        serde_json::json!({"action": "FORM", "responseContent": format!(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n<title>Submit This Form</title>\n</head>\n<body onload=\"javascript:document.forms[0].submit()\">\n<form method=\"post\" action=\"{payload}\">\n<input type=\"hidden\" name=\"error\" value=\"invalid_scope\"/>\n</form>\n</body>\n</html>\n"
        )}),
    );
    let fake_server = crate::common::serve_axum(&authlete_tower::AuthorizationServer::new(
        fake,
        crate::common::TestApp::default(),
    ))
    .await;

    let Some(browser) = Browser::start().await else {
        servers.shutdown().await;
        return;
    };
    let client = browser.client();
    client
        .goto(&format!(
            "{fake_server}/api/authorization?client_id=1&response_type=code&response_mode=form_post&scope=nope"
        ))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let source = client.source().await.unwrap();
    assert!(!source.contains("XSS-RAN-IN"), "{source}");
    assert!(source.contains("server_error"), "{source}");

    // A genuine form_post error, delivered without login, submits itself to the client.
    let redirect_uri = format!("{authorization}/api/mock/redirection");
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("client_id", "2000"),
            ("response_type", "code"),
            ("response_mode", "form_post"),
            ("scope", "nope"),
            ("redirect_uri", redirect_uri.as_str()),
            ("state", "s-1"),
        ])
        .finish();
    client
        .goto(&format!("{authorization}/api/authorization?{query}"))
        .await
        .unwrap();
    on_mock_page(client).await;
    assert_eq!(text_of(client, "param-error").await, "invalid_scope");
    assert_eq!(text_of(client, "param-state").await, "s-1");

    browser.close().await;
    servers.shutdown().await;
}
