//! `authlete_tower::serve`: the authorization server's router served with header, body and request
//! timeouts, a connection limit and graceful shutdown, against the local backend over HTTP on
//! 127.0.0.1; the client address it records reaches the password grant's SPI; the pages the
//! application renders cannot be framed.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authlete_local::{LocalBackend, LocalServer};
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, DecisionOutcome, Form, InteractionSpi, PasswordAttempt,
    SpiError, UserSpi,
};
use authlete_tower::serve::{ServeOptions, serve};
use authlete_tower::{AuthleteClient, AuthleteResponse, AuthorizationServer};
use http::request::Parts;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

use crate::common::flows::{demo_basic, redirect_uri};
use crate::common::{TestApp, form, http};

/// [`TestApp`], whose password grant also records the client address it was given.
#[derive(Clone, Default)]
struct Recording {
    app: TestApp,
    addresses: Arc<Mutex<Vec<Option<SocketAddr>>>>,
}

impl UserSpi for Recording {
    async fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<String>, SpiError> {
        self.app.authenticate(username, password).await
    }

    async fn authenticate_password(
        &self,
        attempt: &PasswordAttempt<'_>,
    ) -> Result<Option<String>, SpiError> {
        self.addresses
            .lock()
            .unwrap()
            .push(attempt.client_address());
        self.authenticate(attempt.username, attempt.password).await
    }
}

impl InteractionSpi for Recording {
    async fn current_user(&self, request: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
        self.app.current_user(request).await
    }

    async fn authorization_page(
        &self,
        page: AuthorizationPage,
        request: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        self.app.authorization_page(page, request).await
    }

    async fn decision(&self, request: &Parts, form: &Form) -> Result<DecisionOutcome, SpiError> {
        self.app.decision(request, form).await
    }
}

struct Served {
    address: SocketAddr,
    app: Recording,
    stop: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
    local: LocalServer,
}

impl Served {
    async fn start(options: ServeOptions) -> Served {
        let local = LocalServer::bind(LocalBackend::demo(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
        let app = Recording::default();
        let router = AuthorizationServer::new(api, app.clone()).router();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router, options, async move {
            let _ = stopped.await;
        }));
        Served {
            address,
            app,
            stop,
            task,
            local,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Shuts down and returns how long that took.
    async fn shutdown(self) -> Duration {
        let started = Instant::now();
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
        let took = started.elapsed();
        self.local.shutdown().await;
        took
    }
}

fn short() -> ServeOptions {
    ServeOptions::default()
        .header_read_timeout(Duration::from_millis(300))
        .body_read_timeout(Duration::from_millis(300))
        .request_timeout(Duration::from_secs(5))
        .max_connections(4)
        .shutdown_timeout(Duration::from_millis(500))
}

/// Everything the peer sends until it closes; `None` if it has not closed within `limit`.
async fn until_closed(socket: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    let read = tokio::time::timeout(limit, async {
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
async fn a_silent_or_half_sent_request_is_closed_after_the_header_timeout() {
    let served = Served::start(short()).await;
    for sent in [
        &b""[..],
        b"GET /.well-known/openid-conf",
        b"GET / HTTP/1.1\r\nHost: x\r\n",
    ] {
        let started = Instant::now();
        let mut socket = TcpStream::connect(served.address).await.unwrap();
        socket.write_all(sent).await.unwrap();
        let answer = until_closed(&mut socket, Duration::from_secs(3))
            .await
            .unwrap_or_else(|| panic!("{sent:?}: still open after 3 s"));
        let elapsed = started.elapsed();
        assert!(
            elapsed >= Duration::from_millis(250),
            "{sent:?}: {elapsed:?}"
        );
        assert!(elapsed < Duration::from_secs(2), "{sent:?}: {elapsed:?}");
        assert!(!answer.contains(" 200 "), "{sent:?}: {answer}");
    }
    // A kept-alive connection that goes quiet after a request is closed too.
    let mut socket = TcpStream::connect(served.address).await.unwrap();
    socket
        .write_all(b"GET /.well-known/openid-configuration HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = until_closed(&mut socket, Duration::from_secs(3))
        .await
        .expect("the idle kept-alive connection was closed");
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    served.shutdown().await;
}

#[tokio::test]
async fn a_body_that_stops_coming_is_answered_408() {
    let served = Served::start(short()).await;
    let mut socket = TcpStream::connect(served.address).await.unwrap();
    socket
        .write_all(
            b"POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n\
              Content-Length: 40\r\n\r\ngrant_type=client",
        )
        .await
        .unwrap();
    let started = Instant::now();
    let answer = until_closed(&mut socket, Duration::from_secs(3))
        .await
        .expect("answered and closed");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        answer.starts_with("HTTP/1.1 408 Request Timeout"),
        "{answer}"
    );
    assert!(answer.contains("cache-control: no-store"), "{answer}");
    assert!(
        answer.contains(r#"{"error":"invalid_request","error_description":"The request body did not arrive in time."}"#),
        "{answer}"
    );
    served.shutdown().await;
}

#[tokio::test]
async fn connections_beyond_the_limit_wait_and_are_served_once_idle_ones_time_out() {
    let served = Served::start(short()).await;
    let mut idle = Vec::new();
    for _ in 0..8 {
        let mut socket = TcpStream::connect(served.address).await.unwrap();
        socket.write_all(b"GET / HTTP/1.1\r\n").await.unwrap();
        idle.push(socket);
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let started = Instant::now();
    let answer = tokio::time::timeout(
        Duration::from_secs(5),
        http()
            .get(served.url("/.well-known/openid-configuration"))
            .send(),
    )
    .await
    .expect("served within 5 s")
    .unwrap();
    assert_eq!(answer.status(), 200);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(200),
        "served at once: {waited:?}"
    );
    served.shutdown().await;
}

#[tokio::test]
async fn shutdown_waits_for_requests_in_flight_at_most_the_shutdown_timeout() {
    let served = Served::start(short().header_read_timeout(Duration::from_secs(30))).await;
    // An idle connection that would otherwise be held for 30 s.
    let mut socket = TcpStream::connect(served.address).await.unwrap();
    socket.write_all(b"GET / HTT").await.unwrap();
    tokio::time::sleep(Duration::from_millis(50)).await;
    let took = served.shutdown().await;
    assert!(took < Duration::from_secs(2), "{took:?}");
    // Nothing listens any more.
    assert!(
        until_closed(&mut socket, Duration::from_secs(2))
            .await
            .is_some()
    );
}

#[tokio::test]
async fn the_password_grant_sees_the_client_address() {
    let served = Served::start(ServeOptions::default()).await;
    let answer = http()
        .post(served.url("/api/token"))
        .header("authorization", demo_basic())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("grant_type", "password"),
            ("username", "alice"),
            ("password", "wonderland"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let seen = served.app.addresses.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let address = seen[0].expect("an address");
    assert!(address.ip().is_loopback(), "{address}");
    served.shutdown().await;
}

#[tokio::test]
async fn the_application_pages_cannot_be_framed_or_sniffed() {
    let served = Served::start(ServeOptions::default()).await;
    let answer = http()
        .get(served.url(&format!(
            "/api/authorization?response_type=token&client_id={}&{}&scope=profile",
            authlete_local::demo::CLIENT_ID,
            redirect_uri()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let headers = answer.headers();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["content-security-policy"], "frame-ancestors 'none'");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["cache-control"], "no-store");
    // The application's own answer to the form, HTML too, gets them as well.
    let answer = http()
        .post(served.url("/api/authorization/decision"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("respond=nope")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 409);
    assert_eq!(answer.headers()["x-frame-options"], "DENY");
    assert_eq!(answer.headers()["x-content-type-options"], "nosniff");
    served.shutdown().await;
}

#[tokio::test]
async fn a_request_not_answered_within_the_request_timeout_gets_408() {
    let slow = axum::Router::new().route(
        "/slow",
        axum::routing::get(|| async {
            tokio::time::sleep(Duration::from_secs(10)).await;
            "late"
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let options = short().request_timeout(Duration::from_millis(300));
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, slow, options, async move {
        let _ = stopped.await;
    }));
    let started = Instant::now();
    let answer = http()
        .get(format!("http://{address}/slow"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 408);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(2),
        "{waited:?}"
    );
    assert_eq!(answer.text().await.unwrap(), "");
    let _ = stop.send(());
    task.await.unwrap().unwrap();
}
