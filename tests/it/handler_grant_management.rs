//! The grant management endpoint (Grant Management for OAuth 2.0 §6) against a scripted fake
//! `/gm`, over real HTTP, mounted on axum and on actix-web: every action Authlete answers, the
//! request it is sent (token, action, grant ID, DPoP proof, certificate), the token read as the
//! bearer layer reads it, and a panic inside the handler answered `500`.

use std::sync::Arc;

use crate::common::flows::{Mount, serve_actix};
use crate::common::*;
use authlete_tower::AuthorizationServer;
use authlete_tower::handler::Family;
use serde_json::json;

async fn serve(server: &AuthorizationServer, mount: Mount) -> String {
    match mount {
        Mount::Axum => serve_axum(server).await,
        Mount::Actix => serve_actix(server.clone()),
    }
}

async fn setup(mount: Mount) -> (Arc<FakeApi>, String) {
    let fake = FakeApi::new();
    let server = AuthorizationServer::new(fake.clone(), TestApp::default())
        .with_public_url("https://as.example")
        .with_client_certificate_header(http::HeaderName::from_static("x-ssl-cert"));
    let base = serve(&server, mount).await;
    (fake, base)
}

async fn call(
    base: &str,
    method: reqwest::Method,
    grant: &str,
    headers: &[(&str, &str)],
) -> Answer {
    let mut request = http().request(method, format!("{base}/api/grants/{grant}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Answer::from(request.send().await.unwrap()).await
}

const GRANT: &str = r#"{"scopes":[{"scope":"openid profile"}],"claims":["name"]}"#;

async fn every_action(mount: Mount) {
    let (fake, base) = setup(mount).await;

    // OK: the grant as Authlete wrote it, and the request Authlete was sent.
    fake.answer(
        "grant_management",
        json!({"action": "OK", "responseContent": GRANT, "dpopNonce": "N-1"}),
    );
    let answer = call(
        &base,
        reqwest::Method::GET,
        "G-1",
        &[("authorization", "Bearer AT"), ("x-ssl-cert", "PEM%20CERT")],
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(
        answer.json(),
        serde_json::from_str::<serde_json::Value>(GRANT).unwrap()
    );
    assert_eq!(answer.header("dpop-nonce"), Some("N-1"));
    let sent = fake.last("grant_management").unwrap();
    assert_eq!(sent["accessToken"], "AT");
    assert_eq!(sent["gmAction"], "QUERY");
    assert_eq!(sent["grantId"], "G-1");
    assert_eq!(sent["htm"], "GET");
    assert_eq!(sent["htu"], "https://as.example/api/grants/G-1");
    assert_eq!(sent["clientCertificate"], "PEM CERT");
    assert!(sent.get("dpop").is_none());

    // NO_CONTENT: a DELETE revokes; a DPoP-bound token and its proof are passed on.
    fake.answer(
        "grant_management",
        json!({"action": "NO_CONTENT", "dpopNonce": "N-2"}),
    );
    let answer = call(
        &base,
        reqwest::Method::DELETE,
        "G-2",
        &[("authorization", "DPoP DT"), ("dpop", "proof.jwt.sig")],
    )
    .await;
    assert_eq!((answer.status, answer.body.as_str()), (204, ""));
    assert_eq!(answer.header("dpop-nonce"), Some("N-2"));
    let sent = fake.last("grant_management").unwrap();
    assert_eq!(sent["accessToken"], "DT");
    assert_eq!(sent["gmAction"], "REVOKE");
    assert_eq!(sent["grantId"], "G-2");
    assert_eq!(sent["htm"], "DELETE");
    assert_eq!(sent["dpop"], "proof.jwt.sig");

    // The refusals carry Authlete's challenge, and no body.
    for (action, status) in [
        ("UNAUTHORIZED", 401),
        ("FORBIDDEN", 403),
        ("NOT_FOUND", 404),
    ] {
        let challenge = format!("Bearer error=\"{}\"", action.to_lowercase());
        fake.answer(
            "grant_management",
            json!({"action": action, "responseContent": challenge, "dpopNonce": "N-3"}),
        );
        let answer = call(
            &base,
            reqwest::Method::GET,
            "G",
            &[("authorization", "Bearer AT")],
        )
        .await;
        assert_eq!(answer.status, status, "{action}");
        assert_eq!(answer.header("www-authenticate"), Some(challenge.as_str()));
        assert_eq!(answer.header("dpop-nonce"), Some("N-3"));
        assert_eq!(answer.body, "");
    }

    // Authlete's own errors, an unknown action, a refusal without its challenge, a failed call:
    // the generic 500, with no detail.
    for answer in [
        json!({"action": "CALLER_ERROR", "responseContent": "Bearer error=\"server_error\"", "resultMessage": "backend-secret-detail"}),
        json!({"action": "AUTHLETE_ERROR", "responseContent": "Bearer error=\"server_error\""}),
        json!({"action": "NEW"}),
        json!({"action": "FORBIDDEN"}),
    ] {
        fake.answer("grant_management", answer.clone());
        call(
            &base,
            reqwest::Method::DELETE,
            "G",
            &[("authorization", "Bearer AT")],
        )
        .await
        .assert_server_error();
    }
    fake.fail("grant_management");
    call(
        &base,
        reqwest::Method::GET,
        "G",
        &[("authorization", "Bearer AT")],
    )
    .await
    .assert_server_error();

    // A panic inside the handler (here: an answer that does not parse, which the fake panics
    // on) is a 500, and the server goes on serving.
    fake.answer("grant_management", json!({"action": 42}));
    call(
        &base,
        reqwest::Method::GET,
        "G",
        &[("authorization", "Bearer AT")],
    )
    .await
    .assert_server_error();
    fake.answer("grant_management", json!({"action": "NO_CONTENT"}));
    let answer = call(
        &base,
        reqwest::Method::DELETE,
        "G",
        &[("authorization", "Bearer AT")],
    )
    .await;
    assert_eq!(answer.status, 204);
}

async fn credentials(mount: Mount) {
    let (fake, base) = setup(mount).await;
    let calls = || fake.count("grant_management");

    // No token (or a scheme that is not ours): a bare challenge, Authlete is not asked.
    for headers in [&[][..], &[("authorization", "Basic YTpi")][..]] {
        let answer = call(&base, reqwest::Method::GET, "G", headers).await;
        assert_eq!(answer.status, 401, "{answer:?}");
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Bearer realm=\"grant_management\"")
        );
        assert_eq!(answer.body, "");
    }

    // Malformed credentials, as the bearer layer refuses them: 400 invalid_request.
    for (headers, description) in [
        (
            vec![("authorization", "Bearer a b")],
            "The access token is malformed.",
        ),
        (
            vec![("authorization", "Bearer ")],
            "The access token is malformed.",
        ),
        (
            vec![("authorization", "DPoP DT"), ("dpop", "p1"), ("dpop", "p2")],
            "More than one DPoP proof.",
        ),
    ] {
        let answer = call(&base, reqwest::Method::DELETE, "G", &headers).await;
        assert_eq!(answer.status, 400, "{answer:?}");
        assert_eq!(
            answer.json(),
            json!({"error": "invalid_request", "error_description": description})
        );
        let challenge = answer.header("www-authenticate").unwrap();
        assert!(
            challenge.contains("error=\"invalid_request\""),
            "{challenge}"
        );
        assert!(
            challenge.contains("realm=\"grant_management\""),
            "{challenge}"
        );
    }
    let answer = call(
        &base,
        reqwest::Method::GET,
        "G",
        &[("authorization", "DPoP DT"), ("dpop", "p1"), ("dpop", "p2")],
    )
    .await;
    assert!(
        answer
            .header("www-authenticate")
            .unwrap()
            .starts_with("DPoP ")
    );
    // A token longer than the bearer layer's limit.
    let long = format!("Bearer {}", "a".repeat(4097));
    let answer = call(
        &base,
        reqwest::Method::GET,
        "G",
        &[("authorization", &long)],
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["error_description"],
        "The access token is too long."
    );
    assert_eq!(calls(), 0);

    // Other methods are not served; neither is the bare collection.
    let response = http()
        .post(format!("{base}/api/grants/G"))
        .header("authorization", "Bearer AT")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let response = http()
        .get(format!("{base}/api/grants"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(calls(), 0);
}

#[tokio::test]
async fn grant_management_maps_every_action_on_axum() {
    every_action(Mount::Axum).await;
}

#[cfg(feature = "actix")]
#[tokio::test]
async fn grant_management_maps_every_action_on_actix() {
    every_action(Mount::Actix).await;
}

#[tokio::test]
async fn grant_management_reads_the_token_as_the_bearer_layer_does_on_axum() {
    credentials(Mount::Axum).await;
}

#[cfg(feature = "actix")]
#[tokio::test]
async fn grant_management_reads_the_token_as_the_bearer_layer_does_on_actix() {
    credentials(Mount::Actix).await;
}

#[tokio::test]
async fn grant_management_left_out_is_not_served() {
    let fake = FakeApi::new();
    let server =
        AuthorizationServer::new(fake.clone(), TestApp::default()).without(Family::GrantManagement);
    assert!(!server.mounts(Family::GrantManagement));
    #[allow(unused_mut)]
    let mut bases = vec![serve_axum(&server).await];
    #[cfg(feature = "actix")]
    bases.push(serve_actix(server.clone()));
    for base in bases {
        let response = http()
            .get(format!("{base}/api/grants/G"))
            .header("authorization", "Bearer AT")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404);
    }
    assert!(!fake.called("grant_management"));
}

#[tokio::test]
async fn grant_management_called_directly_refuses_other_methods() {
    let fake = FakeApi::new();
    let server = AuthorizationServer::new(fake.clone(), TestApp::default());
    let request = http::Request::post("/api/grants/G")
        .header("authorization", "Bearer AT")
        .body(bytes::Bytes::new())
        .unwrap();
    let answer = server.grant_management(request, "G").await;
    assert_eq!(answer.status(), 405);
    assert_eq!(answer.headers()["allow"], "GET, DELETE");
    assert!(!fake.called("grant_management"));
}
