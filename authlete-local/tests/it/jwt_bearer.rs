//! The JWT bearer grant (RFC 7523 §2.1) over real HTTP: `/auth/token` answers `JWT_BEARER` with
//! the assertion once its form, `iss`, `sub`, `aud`, `exp`, `iat`, `nbf` and — for a trusted
//! issuer — signature hold, and refuses the rest with `invalid_grant` (a missing assertion with
//! `invalid_request`).

use authlete_local::{LocalBackend, demo};
use authlete_tower::dto::*;
use authlete_tower::{AuthleteApi, AuthleteClient};
use serde_json::{Value, json};

use crate::idp::{self, IDP, JWT_BEARER, Key, enc};
use crate::proof::now;
use crate::support::{json, start};

const TOKEN_URL: &str = "http://localhost:8000/api/token";

async fn grant_as(api: &AuthleteClient, client: (&str, &str), form: &str) -> TokenResponse {
    let mut request = TokenRequest::new(format!("grant_type={}&{form}", enc(JWT_BEARER)));
    request.client_id = Some(client.0.into());
    request.client_secret = (!client.1.is_empty()).then(|| client.1.into());
    api.token(request).await.unwrap()
}

async fn grant(api: &AuthleteClient, assertion: &str) -> TokenResponse {
    grant_as(
        api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        &format!("assertion={}&scope=profile", enc(assertion)),
    )
    .await
}

fn claims() -> Value {
    json!({"iss": IDP, "sub": "dave", "aud": TOKEN_URL, "exp": now() + 60, "iat": now()})
}

fn assert_refused(answer: &TokenResponse, error: &str, code: &str, detail: &str) {
    assert_eq!(answer.action, Some(TokenAction::BadRequest), "{answer:?}");
    assert_eq!(answer.result_code.as_deref(), Some(code), "{answer:?}");
    let body = json(&answer.response_content);
    assert_eq!(body["error"], error, "{body}");
    let description = body["error_description"].as_str().unwrap();
    assert_eq!(description, format!("[{code}] {detail}"));
    assert!(answer.assertion.is_none());
}

#[tokio::test]
async fn a_trusted_issuers_assertion_is_answered_jwt_bearer_on_v2_and_v3() {
    let key = Key::generate("idp-1");
    let (server, v2, v3) = start(LocalBackend::new(idp::config(&key)).unwrap()).await;
    for api in [&v2, &v3] {
        let assertion = key.sign(&claims());
        let answer = grant_as(
            api,
            (demo::CLIENT_ID, demo::CLIENT_SECRET),
            &format!(
                "assertion={}&scope=profile%20email&resource={}",
                enc(&assertion),
                enc("https://api.example.com")
            ),
        )
        .await;
        assert_eq!(answer.action, Some(TokenAction::JwtBearer), "{answer:?}");
        assert_eq!(answer.result_code.as_deref(), Some("A051001"));
        assert!(answer.response_content.is_none());
        assert_eq!(answer.assertion.as_deref(), Some(assertion.as_str()));
        assert_eq!(answer.grant_type.as_deref(), Some("JWT_BEARER"));
        assert_eq!(answer.client_id, Some(2000));
        assert_eq!(
            answer.scopes.as_deref(),
            Some(&["profile".to_owned(), "email".to_owned()][..])
        );
        assert_eq!(
            answer.resources.as_deref(),
            Some(&["https://api.example.com".to_owned()][..])
        );
    }
    // The issuer identifier is an audience too, in an array.
    let mut claims = claims();
    claims["aud"] = json!(["https://other.example", demo::ISSUER]);
    let answer = grant(&v3, &key.sign(&claims)).await;
    assert_eq!(answer.action, Some(TokenAction::JwtBearer), "{answer:?}");
    // An issuer whose keys are unknown: not verified, as by Authlete (the hook must verify).
    let mut claims = self::claims();
    claims["iss"] = json!("https://stranger.example");
    let answer = grant(&v3, &Key::generate("x").sign(&claims)).await;
    assert_eq!(answer.action, Some(TokenAction::JwtBearer), "{answer:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn bad_assertions_are_invalid_grants() {
    let key = Key::generate("idp-1");
    let (server, _, api) = start(LocalBackend::new(idp::config(&key)).unwrap()).await;
    let with = |name: &str, value: Value| {
        let mut claims = claims();
        claims[name] = value;
        key.sign(&claims)
    };
    let without = |name: &str| {
        let mut claims = claims();
        claims.as_object_mut().unwrap().remove(name);
        key.sign(&claims)
    };
    let cases = [
        (
            Key::generate("idp-1").sign(&claims()),
            "is not signed by a key of its issuer",
        ),
        (with("exp", json!(now() - 1)), "has expired"),
        (without("exp"), "has no exp claim"),
        (with("nbf", json!(now() + 600)), "is not valid yet (nbf)"),
        (
            with("iat", json!(now() + 600)),
            "was issued in the future (iat)",
        ),
        (without("iss"), "has no iss claim that is a string"),
        (with("sub", json!(42)), "has no sub claim that is a string"),
        (
            without("aud"),
            "has no aud claim that is a string or an array of strings",
        ),
        (
            with("aud", json!("https://elsewhere.example/token")),
            "is not meant for this service (aud names neither its issuer nor its token endpoint)",
        ),
        (
            idp::unsigned(&claims()),
            "is unsigned, which this service does not accept",
        ),
        (
            "h.k.iv.c.t".to_owned(),
            "is encrypted (JWE), which this service does not accept",
        ),
        ("garbage".to_owned(), "is not a JWT in JWS compact form"),
    ];
    for (assertion, detail) in &cases {
        assert_refused(
            &grant(&api, assertion).await,
            "invalid_grant",
            "A051202",
            &format!("The assertion {detail}."),
        );
    }
    let answer = grant_as(
        &api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        "scope=profile",
    )
    .await;
    assert_refused(
        &answer,
        "invalid_request",
        "A050201",
        "assertion is missing.",
    );
    let answer = grant_as(
        &api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        &format!("assertion={}&scope=admin", enc(&key.sign(&claims()))),
    )
    .await;
    assert_refused(
        &answer,
        "invalid_scope",
        "A050205",
        "'admin' is not supported.",
    );
    let answer = grant_as(
        &api,
        (demo::PUBLIC_CLIENT_ID, ""),
        &format!("assertion={}", enc(&key.sign(&claims()))),
    )
    .await;
    assert_refused(
        &answer,
        "unauthorized_client",
        "A050204",
        "The client is not allowed to use this grant type.",
    );
    server.shutdown().await;
}
