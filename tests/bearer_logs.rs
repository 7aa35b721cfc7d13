//! No token value reaches a log line, on any path of the bearer layer (and of the Authlete client
//! under it). A binary of its own: the subscriber is global, so no other test's threads race it.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use authlete_local::{LocalBackend, LocalServer, demo};
use authlete_tower::dto::{TokenIssueRequest, TokenRequest};
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use http::{Request, StatusCode};
use tower::ServiceExt;

/// Collects everything `tracing` writes.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn whoami(token: BearerToken) -> String {
    token.subject().unwrap_or("-").to_owned()
}

fn app(bearer: AuthleteBearer) -> Router {
    Router::new().route("/res", get(whoami)).route_layer(bearer)
}

async fn status(app: &Router, authorization: &str) -> StatusCode {
    let request = Request::get("/res")
        .header("authorization", authorization)
        .body(Body::empty())
        .unwrap();
    app.clone().oneshot(request).await.unwrap().status()
}

/// A server answering every request with an action nobody knows.
async fn unknown_action_backend() -> String {
    let app = Router::new().fallback(|| async {
        (
            [("content-type", "application/json")],
            r#"{"action":"BRAND_NEW","resultCode":"A1","resultMessage":"m"}"#,
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

fn client(base: &str) -> AuthleteClient {
    let config = AuthleteConfig::v3(base, "1000", "local-token").unwrap();
    AuthleteClient::builder(config)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

#[tokio::test]
async fn no_token_value_reaches_the_logs() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .init();

    let backend = LocalBackend::demo();
    let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let mut request =
        TokenRequest::new("grant_type=password&username=john&password=pw&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.to_owned());
    request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    let ticket = backend.token(request).await.unwrap().ticket.unwrap();
    let valid = backend
        .token_issue(TokenIssueRequest::new(ticket, "john"))
        .await
        .unwrap()
        .access_token
        .unwrap();

    let local = app(AuthleteBearer::new(
        AuthleteClient::new(server.config_v3()).unwrap(),
    ));
    assert_eq!(
        status(&local, &format!("Bearer {valid}")).await,
        StatusCode::OK
    );
    assert_eq!(
        status(&local, "Bearer SECRET-TOKEN-1").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        status(&local, "Bearer SECRET-TOKEN-2 x").await,
        StatusCode::BAD_REQUEST
    );
    let down = app(AuthleteBearer::new(client(&closed_port().await)));
    assert_eq!(
        status(&down, "Bearer SECRET-TOKEN-3").await,
        StatusCode::SERVICE_UNAVAILABLE
    );
    let odd = app(AuthleteBearer::new(client(&unknown_action_backend().await)));
    assert_eq!(
        status(&odd, "Bearer SECRET-TOKEN-4").await,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    // The DPoP scheme without a proof is refused before any call.
    assert_eq!(
        status(&odd, "DPoP SECRET-TOKEN-5").await,
        StatusCode::UNAUTHORIZED
    );

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    for expected in [
        "access token refused",
        "malformed credentials",
        "Authlete unavailable",
        "unknown introspection action",
        "DPoP scheme without a DPoP proof",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("SECRET-TOKEN"), "{text}");
    assert!(!text.contains(&valid), "{text}");
}
