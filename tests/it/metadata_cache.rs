//! The discovery document and the JWK Set are cached by the authorization server: fetched from
//! Authlete once per time-to-live, answered with `Cache-Control: public, max-age=…`, and served
//! stale while Authlete is unavailable — against the fake backend (call counts) and against the
//! local backend, stopped under the server's feet.

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalServer};
use authlete_tower::clock::ManualClock;
use authlete_tower::{AuthleteApi, AuthleteClient, AuthorizationServer};
use serde_json::{Value, json};

use crate::common::{FakeApi, TestApp, get_document as get, serve_axum};

const DISCOVERY: &str = "/.well-known/openid-configuration";
const JWKS: &str = "/api/jwks";

fn max_age(cache_control: &str) -> u64 {
    cache_control
        .strip_prefix("public, max-age=")
        .and_then(|age| age.parse().ok())
        .unwrap_or_else(|| panic!("not a cacheable answer: {cache_control}"))
}

#[tokio::test]
async fn each_document_is_fetched_once_per_ttl() {
    let api = FakeApi::new();
    api.answer(
        "service_configuration",
        json!({"issuer": "https://as.example"}),
    );
    api.answer("service_jwks", json!({"keys": [{"kty": "EC", "kid": "1"}]}));
    let clock = ManualClock::new();
    let server = AuthorizationServer::new(api.clone(), TestApp::default())
        .with_clock(Arc::new(clock.clone()));
    let base = serve_axum(&server).await;

    for path in [DISCOVERY, JWKS, DISCOVERY, JWKS] {
        let answer = get(&format!("{base}{path}")).await;
        assert_eq!(answer.status, 200, "{path}");
        assert!(answer.content_type().starts_with("application/json"));
        assert_eq!(max_age(answer.header("cache-control").unwrap()), 600);
        assert_eq!(answer.header("pragma"), None);
    }
    assert_eq!(api.count("service_configuration"), 1);
    assert_eq!(api.count("service_jwks"), 1);

    clock.advance(Duration::from_secs(250));
    let answer = get(&format!("{base}{DISCOVERY}")).await;
    assert_eq!(max_age(answer.header("cache-control").unwrap()), 350);
    assert_eq!(api.count("service_configuration"), 1);

    clock.advance(Duration::from_secs(351));
    api.answer(
        "service_configuration",
        json!({"issuer": "https://as2.example"}),
    );
    let answer = get(&format!("{base}{DISCOVERY}")).await;
    assert_eq!(answer.json()["issuer"], "https://as2.example");
    assert_eq!(api.count("service_configuration"), 2);
}

#[tokio::test]
async fn a_zero_ttl_asks_authlete_every_time() {
    let api = FakeApi::new();
    api.answer(
        "service_configuration",
        json!({"issuer": "https://as.example"}),
    );
    let server = AuthorizationServer::new(api.clone(), TestApp::default())
        .with_metadata_cache_ttl(Duration::ZERO);
    let base = serve_axum(&server).await;
    for _ in 0..2 {
        let answer = get(&format!("{base}{DISCOVERY}")).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.header("cache-control"), Some("no-store"));
    }
    assert_eq!(api.count("service_configuration"), 2);
}

#[tokio::test]
async fn a_refused_answer_is_not_covered_by_the_cache() {
    // Authlete answering 4xx is not "unavailable": the stale document is not served.
    let api = FakeApi::new();
    api.answer(
        "service_configuration",
        json!({"issuer": "https://as.example"}),
    );
    let clock = ManualClock::new();
    let server = AuthorizationServer::new(api.clone(), TestApp::default())
        .with_clock(Arc::new(clock.clone()));
    let base = serve_axum(&server).await;
    assert_eq!(get(&format!("{base}{DISCOVERY}")).await.status, 200);
    clock.advance(Duration::from_secs(601));
    api.fail("service_configuration");
    let answer = get(&format!("{base}{DISCOVERY}")).await;
    answer.assert_server_error();
}

#[tokio::test]
async fn while_the_local_backend_is_down_the_kept_documents_are_served_stale() {
    let backend = LocalBackend::demo();
    let local = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let api: Arc<dyn AuthleteApi> = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
    let clock = ManualClock::new();
    let server =
        AuthorizationServer::new(api, TestApp::default()).with_clock(Arc::new(clock.clone()));
    let base = serve_axum(&server).await;

    // One server that never fetched anything, for the case with nothing to fall back on.
    let cold = serve_axum(
        &server
            .clone()
            .with_metadata_cache_ttl(Duration::from_secs(600)),
    )
    .await;

    let discovery = get(&format!("{base}{DISCOVERY}")).await;
    assert_eq!(discovery.status, 200);
    let issuer: Value = discovery.json()["issuer"].clone();
    assert_eq!(issuer, backend.config().issuer.as_str());
    let jwks = get(&format!("{base}{JWKS}")).await;
    assert_eq!(jwks.status, 200);
    assert!(!jwks.json()["keys"].as_array().unwrap().is_empty());

    local.shutdown().await;
    clock.advance(Duration::from_secs(3600));
    for (path, before) in [(DISCOVERY, &discovery), (JWKS, &jwks)] {
        let stale = get(&format!("{base}{path}")).await;
        assert_eq!(stale.status, 200, "{path} is served from the cache");
        assert_eq!(stale.json(), before.json());
        assert_eq!(stale.header("cache-control"), Some("public, max-age=0"));
    }
    let nothing_kept = get(&format!("{cold}{DISCOVERY}")).await;
    assert!(nothing_kept.status >= 500, "{}", nothing_kept.status);
}

const AS_METADATA: &str = "/.well-known/oauth-authorization-server";

/// RFC 8414 metadata (what MCP clients read) and the OpenID Connect document are one cached
/// document: one fetch serves both, byte for byte, with one freshness.
#[tokio::test]
async fn both_well_known_documents_come_from_one_cached_fetch() {
    let api = FakeApi::new();
    api.answer(
        "service_configuration",
        json!({"issuer": "https://as.example", "token_endpoint": "https://as.example/token"}),
    );
    let clock = ManualClock::new();
    let server = AuthorizationServer::new(api.clone(), TestApp::default())
        .with_clock(Arc::new(clock.clone()));
    #[allow(unused_mut)]
    let mut bases = vec![serve_axum(&server).await];
    #[cfg(feature = "actix")]
    bases.push(crate::common::flows::serve_actix(server.clone()));
    for base in &bases {
        let oidc = get(&format!("{base}{DISCOVERY}")).await;
        clock.advance(Duration::from_secs(100));
        let oauth = get(&format!("{base}{AS_METADATA}")).await;
        assert_eq!((oidc.status, oauth.status), (200, 200), "{base}");
        assert_eq!(oauth.body, oidc.body, "{base}");
        assert!(oauth.content_type().starts_with("application/json"));
        // The second answer is the same entry, 100 s older.
        let (first, second) = (
            max_age(oidc.header("cache-control").unwrap()),
            max_age(oauth.header("cache-control").unwrap()),
        );
        assert_eq!(first - second, 100, "{base}: {first} then {second}");
        clock.advance(Duration::from_secs(600));
    }
    // One fetch per server lifetime of the entry: the first base fetched, the next one refetched
    // after the entry expired.
    assert_eq!(api.count("service_configuration"), bases.len());
}

/// Against the local backend: the RFC 8414 document has what an MCP client needs to register
/// and run the code flow with PKCE, and equals the OpenID Connect one.
#[tokio::test]
async fn the_authorization_server_metadata_has_what_an_mcp_client_needs() {
    let env = crate::common::flows::Env::start(crate::common::flows::Mount::Axum).await;
    let oauth = get(&env.url(AS_METADATA)).await;
    assert_eq!(oauth.status, 200, "{oauth:?}");
    assert!(oauth.content_type().starts_with("application/json"));
    let document = oauth.json();
    assert_eq!(document["issuer"], authlete_local::demo::ISSUER);
    for member in [
        "authorization_endpoint",
        "token_endpoint",
        "registration_endpoint",
        "jwks_uri",
        "revocation_endpoint",
        "introspection_endpoint",
    ] {
        assert!(document[member].is_string(), "{member}: {document}");
    }
    let has = |member: &str, value: &str| {
        document[member]
            .as_array()
            .unwrap_or_else(|| panic!("{member}: {document}"))
            .contains(&Value::from(value))
    };
    assert!(has("code_challenge_methods_supported", "S256"));
    assert!(has("response_types_supported", "code"));
    assert!(has("grant_types_supported", "authorization_code"));
    assert!(has("grant_types_supported", "refresh_token"));
    assert!(has("token_endpoint_auth_methods_supported", "none"));
    let oidc = get(&env.url(DISCOVERY)).await;
    assert_eq!(oidc.json(), document);
}
