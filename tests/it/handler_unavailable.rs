//! An unavailable Authlete — a closed port, a backend that accepts and never answers, a full local
//! backend — is `503` with `Retry-After` at every endpoint of the authorization server, with a
//! JSON body that names no backend detail; an answer that cannot be understood stays `500`.

use std::sync::Arc;
use std::time::Duration;

use crate::common::*;
use authlete_tower::handler::{BasicIntrospectionCredentials, InitialAccessTokens};
use authlete_tower::{AuthleteClient, AuthleteConfig, AuthorizationServer};
use serde_json::json;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

/// A base URL nothing listens on.
async fn closed_port() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

/// A backend that accepts connections, reads what comes, and never answers.
async fn stalled() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                while matches!(stream.read(&mut buffer).await, Ok(n) if n > 0) {}
            });
        }
    });
    format!("http://{address}")
}

/// A backend that answers every call with a web page (an answer that cannot be understood).
async fn html_page() -> String {
    let app = axum::Router::new().fallback(|| async {
        (
            [(http::header::CONTENT_TYPE, "text/html")],
            "<html>backend-secret-detail</html>",
        )
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

async fn authorization_server(backend: &str) -> String {
    let config = AuthleteConfig::v3(backend, "715948317", "backend-secret-token").unwrap();
    let api = AuthleteClient::builder(config)
        .connect_timeout(Duration::from_millis(300))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let server = AuthorizationServer::new(Arc::new(api), TestApp::default())
        .with_introspection_authenticator(BasicIntrospectionCredentials::new("rs", "rs-secret"))
        .with_registration_authorizer(InitialAccessTokens::new(["initial-token"]));
    serve_axum(&server).await
}

/// Every endpoint that calls Authlete: method, path, content type, body, authorization.
const ENDPOINTS: &[(&str, &str, &str, &str, Option<&str>)] = &[
    (
        "GET",
        "/api/authorization?response_type=code&client_id=1",
        "",
        "",
        None,
    ),
    (
        "POST",
        "/api/authorization",
        "application/x-www-form-urlencoded",
        "response_type=code&client_id=1",
        None,
    ),
    (
        "POST",
        "/api/authorization/decision",
        "application/x-www-form-urlencoded",
        "ticket=t&authorized=true&subject=1001",
        None,
    ),
    (
        "POST",
        "/api/token",
        "application/x-www-form-urlencoded",
        "grant_type=client_credentials&client_id=1&client_secret=s",
        None,
    ),
    (
        "POST",
        "/api/introspection",
        "application/x-www-form-urlencoded",
        "token=some-token",
        Some("Basic cnM6cnMtc2VjcmV0"),
    ),
    (
        "POST",
        "/api/revocation",
        "application/x-www-form-urlencoded",
        "token=some-token&client_id=1",
        None,
    ),
    ("GET", "/api/userinfo", "", "", Some("Bearer some-token")),
    ("GET", "/.well-known/openid-configuration", "", "", None),
    (
        "GET",
        "/.well-known/oauth-authorization-server",
        "",
        "",
        None,
    ),
    ("GET", "/api/jwks", "", "", None),
    (
        "POST",
        "/api/par",
        "application/x-www-form-urlencoded",
        "response_type=code&client_id=1&client_secret=s",
        None,
    ),
    (
        "POST",
        "/api/device/authorization",
        "application/x-www-form-urlencoded",
        "client_id=1&scope=profile",
        None,
    ),
    (
        "POST",
        "/api/device/verification",
        "application/x-www-form-urlencoded",
        "user_code=ABCD-EFGH",
        None,
    ),
    (
        "POST",
        "/api/register",
        "application/json",
        r#"{"redirect_uris":["https://client.example/cb"]}"#,
        Some("Bearer initial-token"),
    ),
    (
        "GET",
        "/api/register/1",
        "",
        "",
        Some("Bearer registration-token"),
    ),
];

async fn call(base: &str, endpoint: &(&str, &str, &str, &str, Option<&str>)) -> Answer {
    let (method, path, content_type, body, authorization) = *endpoint;
    let mut request = http().request(method.parse().unwrap(), format!("{base}{path}"));
    if !content_type.is_empty() {
        request = request
            .header("content-type", content_type)
            .body(body.to_owned());
    }
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    Answer::from(request.send().await.unwrap()).await
}

fn assert_unavailable(answer: &Answer, endpoint: &str) {
    assert_eq!(answer.status, 503, "{endpoint}: {answer:?}");
    assert_eq!(answer.header("retry-after"), Some("5"), "{endpoint}");
    assert!(
        answer.content_type().starts_with("application/json"),
        "{endpoint}: {answer:?}"
    );
    assert_eq!(
        answer.json(),
        json!({
            "error": "temporarily_unavailable",
            "error_description": "The authorization server is temporarily unavailable; retry later."
        }),
        "{endpoint}"
    );
    for detail in ["127.0.0.1", "715948317", "backend-secret", "Authlete"] {
        assert!(!answer.body.contains(detail), "{endpoint}: {}", answer.body);
    }
}

#[tokio::test]
async fn a_closed_port_is_503_with_retry_after_at_every_endpoint() {
    let base = authorization_server(&closed_port().await).await;
    for endpoint in ENDPOINTS {
        assert_unavailable(&call(&base, endpoint).await, endpoint.1);
    }
}

#[tokio::test]
async fn a_stalled_backend_is_503_with_retry_after_at_every_endpoint() {
    let base = authorization_server(&stalled().await).await;
    let answers =
        futures_util::future::join_all(ENDPOINTS.iter().map(|endpoint| call(&base, endpoint)))
            .await;
    for (endpoint, answer) in ENDPOINTS.iter().zip(&answers) {
        assert_unavailable(answer, endpoint.1);
    }
}

#[tokio::test]
async fn an_answer_that_cannot_be_understood_stays_500() {
    let base = authorization_server(&html_page().await).await;
    for endpoint in ENDPOINTS {
        let answer = call(&base, endpoint).await;
        answer.assert_server_error();
        assert_eq!(answer.header("retry-after"), None, "{}", endpoint.1);
    }
}
