//! Sender-constrained tokens through our authorization server, end to end over HTTP against the
//! local backend (the siblings of the fake-backend tests in `handler_actions` that pin what the
//! token handler sends): a `DPoP` proof at `/api/token` yields `token_type: DPoP`, server nonces
//! reach the client as `DPoP-Nonce`, a proxy's client certificate binds the token, and the
//! bound tokens work at the AS's own userinfo and introspection endpoints only with their proof.

use std::sync::Arc;

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, LocalServer};
use authlete_tower::handler::BasicIntrospectionCredentials;
use authlete_tower::{AuthleteClient, AuthorizationServer};
use http::HeaderName;

use crate::common::flows::{basic, demo_basic};
use crate::common::proof::DpopKey;
use crate::common::{Answer, TestApp, http};

/// The local backend, and our AS in front of it with its public URL set (so that the `htu` it
/// passes is the URL the client used).
async fn start(config: LocalConfig) -> (String, LocalServer) {
    let local = LocalServer::bind(
        LocalBackend::new(config).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = AuthorizationServer::new(api, TestApp::default())
        .with_public_url(base.clone())
        .with_client_certificate_header(HeaderName::from_static("x-ssl-cert"))
        .with_introspection_authenticator(BasicIntrospectionCredentials::new("rs", "rs-secret"));
    let router = server.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (base, local)
}

async fn token(base: &str, authorization: &str, body: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = http()
        .post(format!("{base}/api/token"))
        .header("authorization", authorization)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Answer::from(request.send().await.unwrap()).await
}

#[tokio::test]
async fn a_dpop_proof_at_our_token_endpoint_yields_a_dpop_bound_token() {
    let (base, local) = start(LocalConfig::demo()).await;
    let key = DpopKey::es256();
    let token_url = format!("{base}/api/token");
    let body = "grant_type=client_credentials&scope=openid%20profile";

    let answer = token(
        &base,
        &demo_basic(),
        body,
        &[("dpop", &key.proof("POST", &token_url, None))],
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let issued = answer.json();
    assert_eq!(issued["token_type"], "DPoP");
    assert_eq!(answer.header("dpop-nonce"), None);
    let access_token = issued["access_token"].as_str().unwrap().to_owned();

    // A proof for another URL is refused with the backend's error, as JSON.
    let answer = token(
        &base,
        &demo_basic(),
        body,
        &[(
            "dpop",
            &key.proof("POST", "http://elsewhere.example/token", None),
        )],
    )
    .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["error"], "invalid_dpop_proof");

    // Our introspection endpoint reports the binding (RFC 9449 §6.2).
    let answer = Answer::from(
        http()
            .post(format!("{base}/api/introspection"))
            .header("authorization", basic("rs", "rs-secret"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={access_token}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let introspected = answer.json();
    assert_eq!(introspected["token_type"], "DPoP");
    assert_eq!(introspected["cnf"]["jkt"], key.thumbprint().as_str());
    local.shutdown().await;
}

#[tokio::test]
async fn server_nonces_reach_the_client_as_dpop_nonce() {
    let mut config = LocalConfig::demo();
    config.dpop_nonce_required = true;
    let (base, local) = start(config).await;
    let key = DpopKey::rsa(true);
    let token_url = format!("{base}/api/token");
    let body = "grant_type=client_credentials";

    let answer = token(
        &base,
        &demo_basic(),
        body,
        &[("dpop", &key.proof("POST", &token_url, None))],
    )
    .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["error"], "use_dpop_nonce");
    let nonce = answer.header("dpop-nonce").expect("DPoP-Nonce").to_owned();

    let answer = token(
        &base,
        &demo_basic(),
        body,
        &[(
            "dpop",
            &key.proof_with_nonce("POST", &token_url, None, &nonce),
        )],
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["token_type"], "DPoP");
    assert_eq!(answer.header("dpop-nonce"), Some(nonce.as_str()));
    local.shutdown().await;
}

#[tokio::test]
async fn the_proxys_client_certificate_binds_the_token() {
    let mut config = LocalConfig::demo();
    config.clients.push(
        ClientConfig::confidential(4000, "mtls-secret", "mTLS Client")
            .grant_types(["client_credentials"])
            .certificate_bound_access_tokens(true),
    );
    let (base, local) = start(config).await;
    let certified = rcgen::generate_simple_self_signed(vec!["client.example.com".into()]).unwrap();
    let pem = certified.cert.pem();
    let encoded =
        percent_encoding::utf8_percent_encode(&pem, percent_encoding::NON_ALPHANUMERIC).to_string();
    let body = "grant_type=client_credentials";

    let without = token(&base, &basic("4000", "mtls-secret"), body, &[]).await;
    assert_eq!(without.status, 400, "{without:?}");
    assert_eq!(without.json()["error"], "invalid_request");

    let answer = token(
        &base,
        &basic("4000", "mtls-secret"),
        body,
        &[("x-ssl-cert", &encoded)],
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let access_token = answer.json()["access_token"].as_str().unwrap().to_owned();

    let introspected = Answer::from(
        http()
            .post(format!("{base}/api/introspection"))
            .header("authorization", basic("rs", "rs-secret"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={access_token}"))
            .send()
            .await
            .unwrap(),
    )
    .await
    .json();
    use base64::Engine as _;
    use sha2::Digest as _;
    let x5t = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(certified.cert.der()));
    assert_eq!(introspected["cnf"]["x5t#S256"], x5t.as_str());
    local.shutdown().await;
}
