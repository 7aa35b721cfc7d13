//! The example application's defences, over HTTP (and one in the browser): consent forms bound to
//! their own request, sessions only for logged-in users, idle connections closed, pages that
//! cannot be framed, failed logins throttled.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::support::authorization_server;
use super::support::demo::Settings;
use super::support::serve::ServeOptions;
use super::support::session;
use super::support::throttle::ThrottleConfig;
use super::*;

impl Servers {
    async fn start_with(settings: Settings) -> Servers {
        let authorization_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let resource_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let authorization = format!("http://{}", authorization_listener.local_addr().unwrap());
        let resource = format!("http://{}", resource_listener.local_addr().unwrap());
        let demo = demo::start_with(
            demo::config_for(&authorization),
            "127.0.0.1:0".parse().unwrap(),
            authorization_listener,
            resource_listener,
            settings,
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
}

fn location(answer: &reqwest::Response) -> String {
    answer.headers()["location"].to_str().unwrap().to_owned()
}

// ---- Finding 4: each form decides its own request ----

#[tokio::test]
async fn two_pending_requests_in_one_browser_are_decided_each_by_its_own_form() {
    let servers = Servers::start().await;
    let query = |state| {
        [
            ("client_id", "2000"),
            ("response_type", "token"),
            ("state", state),
        ]
    };
    let first = pending_request_with(&servers, None, &query("first")).await;
    // The same browser (same cookie) opens a second request, e.g. from another site's window.open.
    let second = pending_request_with(&servers, Some(&first.cookie), &query("second")).await;
    let cookie = first.cookie.clone();
    assert_ne!(first.csrf, second.csrf);

    // The first page's CSRF token does not pass with the second request, nor the reverse.
    let login = [
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "john"),
    ];
    let mixed = [
        ("csrf_token", first.csrf.as_str()),
        ("request", second.request.as_str()),
    ];
    let answer = post_decision(&servers, Some(&cookie), &[&mixed[..], &login[..]].concat()).await;
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    assert!(answer.headers().get("location").is_none());
    assert!(answer.text().await.unwrap().contains("CSRF token mismatch"));

    // Submitting the first page decides the first request…
    let answer = post_decision(&servers, Some(&cookie), &first.with(&login)).await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    let to = location(&answer);
    assert!(to.contains("#access_token="), "{to}");
    assert!(to.contains("state=first"), "{to}");
    assert!(!to.contains("state=second"), "{to}");
    let logged_in = format!("{cookie}; {}", login_cookie(&answer));

    // …and the second page, still pending, the second one (denied here).
    let answer = post_decision(
        &servers,
        Some(&logged_in),
        &second.with(&[("denied", "true")]),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    let to = location(&answer);
    assert!(to.contains("error=access_denied"), "{to}");
    assert!(to.contains("state=second"), "{to}");
    servers.demo.shutdown().await;
}

// ---- Finding 5: sessions only when there is something to keep ----

#[tokio::test]
async fn anonymous_requests_neither_open_sessions_nor_log_anybody_out() {
    let mut settings = Settings::default();
    settings.app.sessions.max_sessions = 20;
    let servers = Servers::start_with(settings).await;
    let query = [("client_id", "2000"), ("response_type", "token")];

    // John logs in, and a second request of his waits on its page.
    let form = pending_request(&servers).await;
    let login = [
        ("authorized", "true"),
        ("loginId", "john"),
        ("password", "john"),
    ];
    let answer = post_decision(&servers, Some(&form.cookie), &form.with(&login)).await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    let cookies = format!("{}; {}", form.cookie, login_cookie(&answer));
    let waiting = pending_request_with(&servers, Some(&cookies), &query).await;

    // Many cookieless requests: each gets its page, none a login session.
    for round in 0..200 {
        let answer = servers
            .http
            .get(servers.authorization_url(&query))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), StatusCode::OK, "request {round}");
        assert!(
            set_cookie(&answer, session::SESSION_COOKIE).is_none(),
            "request {round} opened a session"
        );
    }

    // John is still logged in: his page says so, and his waiting request is decided without a
    // password.
    let answer = servers
        .http
        .get(servers.authorization_url(&query))
        .header("cookie", &cookies)
        .send()
        .await
        .unwrap();
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("You are logged in as <strong>John Smith</strong>"),
        "{page}"
    );
    let answer = post_decision(
        &servers,
        Some(&cookies),
        &waiting.with(&[("authorized", "true")]),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    assert!(location(&answer).contains("#access_token="));
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn one_address_opens_a_bounded_number_of_sessions() {
    let mut settings = Settings::default();
    settings.app.sessions.max_sessions_per_address = 2;
    let servers = Servers::start_with(settings).await;
    let login = [
        ("authorized", "true"),
        ("loginId", "jane"),
        ("password", "jane"),
    ];
    for browser in 0..2 {
        let form = pending_request(&servers).await;
        let answer = post_decision(&servers, Some(&form.cookie), &form.with(&login)).await;
        assert_eq!(answer.status(), StatusCode::FOUND, "browser {browser}");
        login_cookie(&answer);
    }
    let form = pending_request(&servers).await;
    let answer = post_decision(&servers, Some(&form.cookie), &form.with(&login)).await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers().get("location").is_none());
    assert!(set_cookie(&answer, session::SESSION_COOKIE).is_none());
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("Too many browsers logged in")
    );
    servers.demo.shutdown().await;
}

// ---- Finding 6: idle connections are closed ----

fn short_timeouts() -> Settings {
    Settings {
        serve: ServeOptions::default()
            .header_read_timeout(Duration::from_millis(300))
            .body_read_timeout(Duration::from_millis(300))
            .request_timeout(Duration::from_secs(5))
            .max_connections(8)
            .shutdown_timeout(Duration::from_secs(1)),
        ..Settings::default()
    }
}

/// Reads until the peer closes or answers; `None` if neither happens within `limit`.
async fn read_until_closed(socket: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut received = Vec::new();
    let read = tokio::time::timeout(limit, async {
        let mut buffer = [0u8; 4096];
        loop {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&received).into_owned())
}

#[tokio::test]
async fn half_a_request_line_is_closed_after_the_header_timeout_by_every_server() {
    let servers = Servers::start_with(short_timeouts()).await;
    let addresses = [
        servers.demo.authorization_server,
        servers.demo.resource_server,
        servers.demo.backend.local_addr(),
    ];
    for address in addresses {
        let started = Instant::now();
        let mut socket = TcpStream::connect(address).await.unwrap();
        socket.write_all(b"GET /api/ti").await.unwrap();
        let answer = read_until_closed(&mut socket, Duration::from_secs(3)).await;
        let answer = answer.unwrap_or_else(|| panic!("{address} kept a half request open"));
        assert!(!answer.contains("200 OK"), "{address}: {answer}");
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_millis(250),
            "{address}: {elapsed:?}"
        );
    }
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_body_that_never_comes_is_answered_408() {
    let servers = Servers::start_with(short_timeouts()).await;
    let mut socket = TcpStream::connect(servers.demo.authorization_server)
        .await
        .unwrap();
    socket
        .write_all(
            b"POST /api/token HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\n\r\n",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let answer = read_until_closed(&mut socket, Duration::from_secs(3))
        .await
        .expect("the server answered and closed");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    assert!(
        answer.contains("The request body did not arrive in time."),
        "{answer}"
    );
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn idle_sockets_beyond_the_limit_do_not_stop_a_fresh_request() {
    let servers = Servers::start_with(short_timeouts()).await;
    // Twice the limit of sockets that never finish a request.
    let mut idle = Vec::new();
    for _ in 0..16 {
        let mut socket = TcpStream::connect(servers.demo.resource_server)
            .await
            .unwrap();
        socket
            .write_all(b"GET / HTTP/1.1\r\nHost: x")
            .await
            .unwrap();
        idle.push(socket);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(5),
        servers
            .http
            .get(format!("{}/api/time", servers.resource))
            .send(),
    )
    .await
    .expect("the fresh request was served")
    .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(
        answer.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer")
    );
    // It waited for slots: the limit holds, and the idle sockets were let go.
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    for mut socket in idle {
        assert!(
            read_until_closed(&mut socket, Duration::from_secs(3))
                .await
                .is_some()
        );
    }
    servers.demo.shutdown().await;
}

// ---- Finding 7: pages cannot be framed or sniffed ----

fn assert_page_headers(answer: &reqwest::Response, what: &str) {
    let headers = answer.headers();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{what}"
    );
    assert_eq!(headers["x-frame-options"], "DENY", "{what}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "{what}");
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none';"),
        "{what}: {policy}"
    );
    assert!(
        policy.contains("frame-ancestors 'none'"),
        "{what}: {policy}"
    );
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
}

#[tokio::test]
async fn every_page_carries_the_anti_framing_and_nosniff_headers() {
    let servers = Servers::start().await;
    let base = &servers.authorization;
    let get = |url: String| servers.http.get(url).send();

    let consent =
        get(servers.authorization_url(&[("client_id", "2000"), ("response_type", "token")]))
            .await
            .unwrap();
    assert_eq!(consent.status(), StatusCode::OK);
    assert_page_headers(&consent, "consent page");
    let cookie = browser_cookie(&consent);
    let form = PendingForm::of(&cookie, &consent.text().await.unwrap());

    let wrong_password = post_decision(
        &servers,
        Some(&cookie),
        &form.with(&[
            ("authorized", "true"),
            ("loginId", "john"),
            ("password", "x"),
        ]),
    )
    .await;
    assert_eq!(wrong_password.status(), StatusCode::OK);
    assert_page_headers(&wrong_password, "login page again");

    let forged = post_decision(
        &servers,
        Some(&cookie),
        &[("csrf_token", "x"), ("request", &form.request)],
    )
    .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_page_headers(&forged, "CSRF error page");

    let no_request = post_decision(&servers, None, &[("authorized", "true")]).await;
    assert_eq!(no_request.status(), StatusCode::BAD_REQUEST);
    assert_page_headers(&no_request, "no-request error page");

    let device_input = get(format!("{base}/api/device/verification"))
        .await
        .unwrap();
    assert_eq!(device_input.status(), StatusCode::OK);
    assert_page_headers(&device_input, "device code page");

    let device_invalid = servers
        .http
        .post(format!("{base}/api/device/verification"))
        .form_pairs(&[("user_code", "NOPE-NOPE")])
        .send()
        .await
        .unwrap();
    assert_eq!(device_invalid.status(), StatusCode::BAD_REQUEST);
    assert_page_headers(&device_invalid, "device error page");

    let mock = get(format!("{}?code=x", servers.redirect_uri()))
        .await
        .unwrap();
    assert_eq!(mock.status(), StatusCode::OK);
    assert_page_headers(&mock, "mock redirection page");
    servers.demo.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_page_cannot_be_framed_by_another_site() {
    let _one_browser = BROWSER.lock().await;
    let servers = Servers::start().await;
    let Some(browser) = Browser::start().await else {
        return;
    };
    let client = browser.client();
    // Another origin (another port) whose page frames the login page.
    let target = servers.authorization_url(&[("client_id", "2000"), ("response_type", "token")]);
    let framing = format!(r#"<!DOCTYPE html><iframe id="victim" src="{target}"></iframe>"#);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let evil = format!("http://{}/", listener.local_addr().unwrap());
    let page = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(framing) }),
    );
    let evil_server = tokio::spawn(async move { axum::serve(listener, page).await });

    client.goto(&evil).await.unwrap();
    let frame = by_id(client, "victim").await;
    // Give the frame time to load (or to be blocked).
    tokio::time::sleep(Duration::from_secs(2)).await;
    frame.enter_frame().await.unwrap();
    assert!(
        !exists(client, "loginId").await,
        "the login page rendered inside another site's frame"
    );
    assert!(!exists(client, "authorize-button").await);
    client.enter_parent_frame().await.unwrap();

    // The page itself, opened directly, has the form.
    client.goto(&target).await.unwrap();
    by_id(client, "loginId").await;

    browser.close().await;
    evil_server.abort();
    servers.demo.shutdown().await;
}

// ---- Finding 8: failed logins are throttled ----

fn throttled() -> Settings {
    Settings {
        app: authorization_server::Settings {
            throttle: ThrottleConfig {
                failures_per_account: 3,
                failures_per_address: 100,
                lockout: Duration::from_millis(1_500),
            },
            ..authorization_server::Settings::default()
        },
        ..Settings::default()
    }
}

#[tokio::test]
async fn after_wrong_passwords_the_login_form_refuses_the_right_one_for_the_lockout() {
    let servers = Servers::start_with(throttled()).await;
    let form = pending_request(&servers).await;
    let attempt = async |password: &'static str| {
        let fields = form.with(&[
            ("authorized", "true"),
            ("loginId", "john"),
            ("password", password),
        ]);
        post_decision(&servers, Some(&form.cookie), &fields).await
    };
    for _ in 0..3 {
        let answer = attempt("wrong").await;
        assert_eq!(answer.status(), StatusCode::OK);
        assert!(
            answer
                .text()
                .await
                .unwrap()
                .contains(authorization_server::WRONG_CREDENTIALS)
        );
    }
    let locked_at = Instant::now();
    let answer = attempt("john").await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers().get("location").is_none());
    assert!(set_cookie(&answer, session::SESSION_COOKIE).is_none());
    let retry: u64 = answer.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry), "{retry}");
    assert_page_headers(&answer, "throttled login page");
    let page = answer.text().await.unwrap();
    assert!(
        page.contains("Too many failed logins. Try again in"),
        "{page}"
    );
    assert!(!page.contains("access_token"), "{page}");

    // Another account is not locked by John's failures.
    let other = pending_request(&servers).await;
    let answer = post_decision(
        &servers,
        Some(&other.cookie),
        &other.with(&[
            ("authorized", "true"),
            ("loginId", "jane"),
            ("password", "jane"),
        ]),
    )
    .await;
    assert_eq!(answer.status(), StatusCode::FOUND);

    // After the lockout the right password works again.
    tokio::time::sleep(Duration::from_millis(1_600).saturating_sub(locked_at.elapsed())).await;
    let answer = attempt("john").await;
    assert_eq!(answer.status(), StatusCode::FOUND);
    assert!(location(&answer).contains("#access_token="));
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn after_wrong_passwords_the_password_grant_refuses_the_right_one_for_the_lockout() {
    let servers = Servers::start_with(throttled()).await;
    let grant = |password: &'static str| {
        servers
            .http
            .post(format!("{}/api/token", servers.authorization))
            .basic_auth("2000", Some("demo-secret"))
            .form_pairs(&[
                ("grant_type", "password"),
                ("username", "jane"),
                ("password", password),
            ])
            .send()
    };
    let ok = grant("jane").await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    for _ in 0..3 {
        let answer = grant("wrong").await.unwrap();
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
        let error: Value = answer.json().await.unwrap();
        assert_eq!(error["error"], "invalid_grant", "{error}");
    }
    let locked_at = Instant::now();
    let answer = grant("jane").await.unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    let body = answer.text().await.unwrap();
    assert!(body.contains("invalid_grant"), "{body}");
    assert!(!body.contains("access_token"), "{body}");

    tokio::time::sleep(Duration::from_millis(1_600).saturating_sub(locked_at.elapsed())).await;
    let answer = grant("jane").await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let tokens: Value = answer.json().await.unwrap();
    assert!(tokens["access_token"].is_string(), "{tokens}");
    servers.demo.shutdown().await;
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What every test of this binary logs at WARN and above, from the one global subscriber this
/// test installs: a thread-local one misses what the servers log while other tests run beside
/// them. The login IDs below are this test's own, so the lines it looks for are its own.
fn global_log_capture() -> Captured {
    static CAPTURED: std::sync::OnceLock<Captured> = std::sync::OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let writer = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_writer(move || writer.clone())
                .with_ansi(false)
                .with_max_level(tracing::Level::WARN)
                .finish();
            tracing::subscriber::set_global_default(subscriber)
                .expect("no other global subscriber in this test binary");
            captured
        })
        .clone()
}

#[tokio::test]
async fn failed_logins_are_logged_without_the_password() {
    let captured = global_log_capture();
    let servers = Servers::start().await;
    let form = pending_request(&servers).await;
    let fields = form.with(&[
        ("authorized", "true"),
        ("loginId", "log-test-form"),
        ("password", "Sup3r-Secret-Guess"),
    ]);
    let answer = post_decision(&servers, Some(&form.cookie), &fields).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let answer = servers
        .http
        .post(format!("{}/api/token", servers.authorization))
        .basic_auth("2000", Some("demo-secret"))
        .form_pairs(&[
            ("grant_type", "password"),
            ("username", "log-test-grant"),
            ("password", "An0ther-Secret-Guess"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::BAD_REQUEST);
    servers.demo.shutdown().await;
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = |login_id: &str| {
        logs.lines()
            .find(|line| line.contains(&format!("login_id=\"{login_id}\"")))
            .unwrap_or_else(|| panic!("no log line for {login_id} in {logs}"))
            .to_owned()
    };
    let form_line = line("log-test-form");
    assert!(form_line.contains("failed login"), "{form_line}");
    assert!(form_line.contains("via=\"login form\""), "{form_line}");
    assert!(form_line.contains("127.0.0.1"), "{form_line}");
    let grant_line = line("log-test-grant");
    assert!(
        grant_line.contains("via=\"password grant\""),
        "{grant_line}"
    );
    assert!(
        !logs.contains("Secret-Guess"),
        "a password was logged: {logs}"
    );
}

#[tokio::test]
async fn the_mock_page_tells_a_large_form_from_a_slow_one() {
    let servers = Servers::start_with(short_timeouts()).await;
    let answer = servers
        .http
        .post(servers.redirect_uri())
        .form_pairs(&[("code", "x".repeat(20 * 1024))])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_page_headers(&answer, "form too large");
    assert!(
        answer
            .text()
            .await
            .unwrap()
            .contains("The form is larger than this page accepts.")
    );

    let mut socket = TcpStream::connect(servers.demo.authorization_server)
        .await
        .unwrap();
    socket
        .write_all(
            b"POST /api/mock/redirection HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 64\r\n\r\ncode=",
        )
        .await
        .unwrap();
    let answer = read_until_closed(&mut socket, Duration::from_secs(3))
        .await
        .expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");
    assert!(
        answer.contains("The form did not arrive (in time)."),
        "{answer}"
    );
    assert!(answer.contains("x-frame-options: DENY"), "{answer}");
    servers.demo.shutdown().await;
}
