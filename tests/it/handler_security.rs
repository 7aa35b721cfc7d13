//! Issue 11, findings 1 and 3, through the handlers against the local backend over real HTTP
//! (the siblings of the fake-backend tests in `handler_actions`): registration needs an initial
//! access token at the handler and at the backend, dangerous redirect URIs are refused, and the
//! local backend's form_post answer reaches the browser as the handler's page with its policy.

use std::sync::Arc;

use crate::common::flows::{Env, Mount};
use crate::common::*;
use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::handler::OpenRegistration;
use authlete_tower::{AuthleteClient, AuthorizationServer};
use serde_json::json;

async fn register(base: &str, token: Option<&str>, metadata: &str) -> Answer {
    let mut request = http()
        .post(format!("{base}/api/register"))
        .header("content-type", "application/json")
        .body(metadata.to_owned());
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    Answer::from(request.send().await.unwrap()).await
}

const METADATA: &str = r#"{"redirect_uris":["https://client.example/cb"],"grant_types":["authorization_code"],"response_types":["code"]}"#;

#[tokio::test]
async fn registration_needs_the_initial_access_token() {
    let env = Env::start(Mount::Axum).await;
    let answer = register(&env.base, None, METADATA).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"registration\"")
    );
    assert_eq!(
        answer.json(),
        json!({"error": "invalid_token", "error_description": "Registration requires an initial access token."})
    );
    let answer = register(&env.base, Some("not-the-token"), METADATA).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"registration\", error=\"invalid_token\"")
    );
    assert_eq!(answer.json()["error"], "invalid_token");
    let answer = register(&env.base, Some(demo::INITIAL_ACCESS_TOKEN), METADATA).await;
    assert_eq!(answer.status, 201, "{answer:?}");
    env.local.shutdown().await;
}

/// An open handler in front of a backend that still wants a token: the backend's refusal is a
/// 401 `invalid_token` too.
#[tokio::test]
async fn the_backend_refuses_what_an_open_handler_lets_through() {
    let local = LocalServer::bind(LocalBackend::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
    let server = AuthorizationServer::new(api, TestApp::default())
        .with_registration_authorizer(OpenRegistration);
    let base = serve_axum(&server).await;
    let answer = register(&base, None, METADATA).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"registration\", error=\"invalid_token\"")
    );
    assert_eq!(answer.json()["error"], "invalid_token");
    assert!(!answer.body.contains("local-"), "{}", answer.body);
    local.shutdown().await;
}

/// The reproduction of issue 11 against an open handler and an open local backend.
#[tokio::test]
async fn the_reproduction_is_refused_with_invalid_redirect_uri() {
    let mut config = LocalConfig::demo();
    config.registration.open = true;
    let local = LocalServer::bind(
        LocalBackend::new(config).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
    let server = AuthorizationServer::new(api, TestApp::default())
        .with_registration_authorizer(OpenRegistration);
    let base = serve_axum(&server).await;
    let answer = register(
        &base,
        None,
        r#"{"redirect_uris":["javascript:document.documentElement.innerHTML=%27XSS-RAN-IN-%27+document.domain//"],"response_types":["code"],"grant_types":["authorization_code"]}"#,
    )
    .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(
        answer.json(),
        json!({
            "error": "invalid_redirect_uri",
            "error_description": "the scheme 'javascript' is not allowed in a redirect URI."
        })
    );
    let answer = register(
        &base,
        None,
        r#"{"application_type":"native","redirect_uris":["com.example.app:/cb"]}"#,
    )
    .await;
    assert_eq!(answer.status, 201, "{answer:?}");
    local.shutdown().await;
}

/// An error delivered by form_post without login (`scope=nope`), as in the issue, for a client
/// whose redirect URI is genuine: the handler's page, with its policy.
#[tokio::test]
async fn the_local_backends_form_post_is_served_with_a_strict_policy() {
    let env = Env::start(Mount::Axum).await;
    let query = form(&[
        ("client_id", demo::CLIENT_ID),
        ("response_type", "code"),
        ("response_mode", "form_post"),
        ("scope", "nope"),
        ("redirect_uri", demo::REDIRECT_URI),
        ("state", "s\"<1"),
    ]);
    let answer = get(&env.url(&format!("/api/authorization?{query}"))).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.content_type(), "text/html;charset=UTF-8");
    let policy = answer.header("content-security-policy").unwrap();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'sha256-"),
        "{policy}"
    );
    assert!(
        policy.ends_with(
            "; form-action http://localhost:8000; frame-ancestors 'none'; base-uri 'none'"
        ),
        "{policy}"
    );
    assert_eq!(answer.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(answer.header("x-frame-options"), Some("DENY"));
    assert!(
        answer.body.contains(&format!(
            "<form method=\"post\" action=\"{}\">",
            demo::REDIRECT_URI
        )),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("<input type=\"hidden\" name=\"error\" value=\"invalid_scope\"/>"),
        "{}",
        answer.body
    );
    assert!(
        answer
            .body
            .contains("<input type=\"hidden\" name=\"state\" value=\"s&quot;&lt;1\"/>"),
        "{}",
        answer.body
    );
    assert!(!answer.body.contains("onload"), "{}", answer.body);
    env.local.shutdown().await;
}
