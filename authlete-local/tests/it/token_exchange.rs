//! The token exchange grant (RFC 8693) over real HTTP: `/auth/token` answers `TOKEN_EXCHANGE`
//! with the parsed subject and actor tokens (Authlete's `TokenInfo` for access and refresh
//! tokens), and refuses what Authlete refuses, each with its `resultCode` and error JSON.

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::*;
use authlete_tower::{AuthleteApi, AuthleteClient};
use serde_json::json;

use crate::idp::{self, IDP, Key, TOKEN_EXCHANGE, enc};
use crate::proof::now;
use crate::support::{json, start};

const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";
const REFRESH: &str = "urn:ietf:params:oauth:token-type:refresh_token";
const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";
const JWT: &str = "urn:ietf:params:oauth:token-type:jwt";
const SAML2: &str = "urn:ietf:params:oauth:token-type:saml2";

async fn exchange_as(api: &AuthleteClient, client: (&str, &str), form: &str) -> TokenResponse {
    let mut request = TokenRequest::new(format!("grant_type={}&{form}", enc(TOKEN_EXCHANGE)));
    request.client_id = Some(client.0.into());
    request.client_secret = (!client.1.is_empty()).then(|| client.1.into());
    api.token(request).await.unwrap()
}

async fn exchange(api: &AuthleteClient, form: &str) -> TokenResponse {
    exchange_as(api, (demo::CLIENT_ID, demo::CLIENT_SECRET), form).await
}

fn subject(token: &str, kind: &str) -> String {
    format!(
        "subject_token={}&subject_token_type={}",
        enc(token),
        enc(kind)
    )
}

/// A `BAD_REQUEST` with `error`, the result code, and a description containing `detail`.
fn assert_refused(answer: &TokenResponse, error: &str, code: &str, detail: &str) {
    assert_eq!(answer.action, Some(TokenAction::BadRequest), "{answer:?}");
    assert_eq!(answer.result_code.as_deref(), Some(code), "{answer:?}");
    let body = json(&answer.response_content);
    assert_eq!(body["error"], error, "{body}");
    let description = body["error_description"].as_str().unwrap();
    assert!(
        description.starts_with(&format!("[{code}] ")) && description.contains(detail),
        "{description}"
    );
    assert_eq!(
        body["error_uri"],
        format!("https://docs.authlete.com/#{code}")
    );
    assert!(answer.subject_token.is_none() && answer.subject_token_info.is_none());
}

fn invalid_request(answer: &TokenResponse, detail: &str) {
    assert_refused(answer, "invalid_request", "A059201", detail);
}

/// An access and a refresh token minted for `alice` (profile email) by the demo client.
async fn minted(api: &AuthleteClient) -> (String, String) {
    let request = TokenCreateRequest::new(
        GrantType::AuthorizationCode,
        demo::CLIENT_ID.parse().unwrap(),
    )
    .subject("alice")
    .scopes(["profile", "email"])
    .resources(["https://api.example.com"]);
    let created = api.token_create(request).await.unwrap();
    (
        created.access_token.unwrap(),
        created.refresh_token.unwrap(),
    )
}

/// An ID token of this service for `bob`, through the password grant.
async fn id_token(api: &AuthleteClient) -> String {
    let mut request = TokenRequest::new("grant_type=password&username=bob&password=x&scope=openid");
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    let ticket = api.token(request).await.unwrap().ticket.unwrap();
    let issued = api
        .token_issue(TokenIssueRequest::new(ticket, "bob"))
        .await
        .unwrap();
    json(&issued.response_content)["id_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn an_access_token_is_exchanged_with_its_token_info_on_v2_and_v3() {
    let key = Key::generate("idp-1");
    let (server, v2, v3) = start(LocalBackend::new(idp::config(&key)).unwrap()).await;
    for api in [&v2, &v3] {
        let (access, _) = minted(api).await;
        let form = format!(
            "{}&scope=profile&resource={}&audience=backend&audience=ledger&audience=backend\
             &requested_token_type={}",
            subject(&access, ACCESS),
            enc("https://backend.example.com"),
            enc(ACCESS)
        );
        let answer = exchange(api, &form).await;
        assert_eq!(
            answer.action,
            Some(TokenAction::TokenExchange),
            "{answer:?}"
        );
        assert_eq!(answer.result_code.as_deref(), Some("A059001"));
        assert!(answer.response_content.is_none());
        assert_eq!(answer.grant_type.as_deref(), Some("TOKEN_EXCHANGE"));
        assert_eq!(answer.client_id, Some(2000));
        assert_eq!(
            answer.client_auth_method.as_deref(),
            Some("client_secret_basic")
        );
        assert_eq!(answer.scopes.as_deref(), Some(&["profile".to_owned()][..]));
        assert_eq!(
            answer.resources.as_deref(),
            Some(&["https://backend.example.com".to_owned()][..])
        );
        assert_eq!(
            answer.audiences.as_deref(),
            Some(&["backend".to_owned(), "ledger".to_owned()][..])
        );
        assert_eq!(answer.requested_token_type, Some(TokenType::AccessToken));
        assert_eq!(answer.subject_token.as_deref(), Some(access.as_str()));
        assert_eq!(answer.subject_token_type, Some(TokenType::AccessToken));
        let info = answer.subject_token_info.as_ref().unwrap();
        assert_eq!(info.subject.as_deref(), Some("alice"));
        assert_eq!(info.client_id, Some(2000));
        let scopes: Vec<_> = info
            .scopes
            .iter()
            .flatten()
            .map(|scope| scope.name.clone().unwrap())
            .collect();
        assert_eq!(scopes, ["profile", "email"]);
        assert_eq!(
            info.resources.as_deref(),
            Some(&["https://api.example.com".to_owned()][..])
        );
        let expires_at = info.expires_at.unwrap();
        assert!(expires_at > now() * 1000 && expires_at <= (now() + 3601) * 1000);
        assert!(answer.actor_token.is_none() && answer.actor_token_info.is_none());
    }
    server.shutdown().await;
}

#[tokio::test]
async fn refresh_tokens_id_tokens_jwts_and_saml_are_subject_or_actor_tokens() {
    let key = Key::generate("idp-1");
    let (server, _, api) = start(LocalBackend::new(idp::config(&key)).unwrap()).await;
    let (access, refresh) = minted(&api).await;

    // A refresh token as the subject, an access token as the actor.
    let form = format!(
        "{}&actor_token={}&actor_token_type={}",
        subject(&refresh, REFRESH),
        enc(&access),
        enc(ACCESS)
    );
    let answer = exchange(&api, &form).await;
    assert_eq!(
        answer.action,
        Some(TokenAction::TokenExchange),
        "{answer:?}"
    );
    assert_eq!(answer.subject_token_type, Some(TokenType::RefreshToken));
    let info = answer.subject_token_info.unwrap();
    assert_eq!(info.subject.as_deref(), Some("alice"));
    assert!(
        info.expires_at.unwrap() > (now() + 3601) * 1000,
        "a refresh token lives longer"
    );
    assert_eq!(answer.actor_token.as_deref(), Some(access.as_str()));
    assert_eq!(answer.actor_token_type, Some(TokenType::AccessToken));
    assert_eq!(
        answer.actor_token_info.unwrap().subject.as_deref(),
        Some("alice")
    );
    assert!(answer.scopes.is_none() && answer.audiences.is_none() && answer.resources.is_none());

    // This service's ID token, and a JWT of the trusted issuer: no TokenInfo (as Authlete).
    let ours = id_token(&api).await;
    let theirs = key.sign(&json!({"iss": IDP, "sub": "carol", "aud": "x", "exp": now() + 60}));
    let form = format!(
        "{}&actor_token={}&actor_token_type={}",
        subject(&ours, ID_TOKEN),
        enc(&theirs),
        enc(JWT)
    );
    let answer = exchange(&api, &form).await;
    assert_eq!(
        answer.action,
        Some(TokenAction::TokenExchange),
        "{answer:?}"
    );
    assert_eq!(answer.subject_token.as_deref(), Some(ours.as_str()));
    assert_eq!(answer.subject_token_type, Some(TokenType::IdToken));
    assert!(answer.subject_token_info.is_none());
    assert_eq!(answer.actor_token_type, Some(TokenType::Jwt));
    assert!(answer.actor_token_info.is_none());

    // An ID token of the trusted issuer.
    let foreign = key.sign(&json!({"iss": IDP, "sub": "carol", "aud": ["2000", "x"],
        "exp": now() + 60, "iat": now(), "nonce": "n"}));
    let answer = exchange(&api, &subject(&foreign, ID_TOKEN)).await;
    assert_eq!(
        answer.action,
        Some(TokenAction::TokenExchange),
        "{answer:?}"
    );

    // A JWT whose issuer's keys are unknown passes unverified, as Authlete leaves it to the
    // authorization server; SAML assertions are not checked.
    let stranger =
        Key::generate("other").sign(&json!({"iss": "https://stranger.example", "sub": "x"}));
    let answer = exchange(&api, &subject(&stranger, JWT)).await;
    assert_eq!(
        answer.action,
        Some(TokenAction::TokenExchange),
        "{answer:?}"
    );
    let answer = exchange(&api, &subject("PHNhbWw+", SAML2)).await;
    assert_eq!(answer.subject_token_type, Some(TokenType::Saml2));
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_requests_are_invalid_requests() {
    let key = Key::generate("idp-1");
    let (server, _, api) = start(LocalBackend::new(idp::config(&key)).unwrap()).await;
    let (access, _) = minted(&api).await;
    let cases = [
        (
            format!("subject_token_type={}", enc(ACCESS)),
            "subject_token is missing.",
        ),
        (
            format!("subject_token={access}"),
            "subject_token_type is missing.",
        ),
        (
            format!("subject_token={access}&subject_token_type=urn%3Aexample%3Atoken"),
            "subject_token_type is not a registered token type identifier.",
        ),
        (
            format!(
                "{}&subject_token_type=urn%3Aopenid%3Aparams%3Atoken-type%3Adevice-secret",
                subject(&access, ACCESS).split('&').next().unwrap()
            ),
            "subject_token_type is not a registered token type identifier.",
        ),
        (
            format!("{}&actor_token={access}", subject(&access, ACCESS)),
            "actor_token_type is missing.",
        ),
        (
            format!(
                "{}&actor_token_type={}",
                subject(&access, ACCESS),
                enc(ACCESS)
            ),
            "actor_token_type is given without actor_token.",
        ),
        (
            format!(
                "{}&actor_token={access}&actor_token_type=urn%3Aexample",
                subject(&access, ACCESS)
            ),
            "actor_token_type is not a registered token type identifier.",
        ),
        (
            format!(
                "{}&requested_token_type=urn%3Aexample",
                subject(&access, ACCESS)
            ),
            "requested_token_type is not a registered token type identifier.",
        ),
        (
            subject("not-a-token", ACCESS),
            "The subject_token is not a live access token of this service",
        ),
        (
            subject(&access, REFRESH),
            "The subject_token is not a live refresh token of this service",
        ),
        (
            format!(
                "{}&actor_token=nope&actor_token_type={}",
                subject(&access, ACCESS),
                enc(ACCESS)
            ),
            "The actor_token is not a live access token of this service",
        ),
    ];
    for (form, detail) in &cases {
        invalid_request(&exchange(&api, form).await, detail);
    }
    let answer = exchange(&api, &format!("{}&scope=admin", subject(&access, ACCESS))).await;
    assert_refused(
        &answer,
        "invalid_scope",
        "A050205",
        "'admin' is not supported.",
    );
    let answer = exchange(
        &api,
        &format!("{}&resource=relative", subject(&access, ACCESS)),
    )
    .await;
    assert_refused(&answer, "invalid_target", "A050206", "absolute URI");
    server.shutdown().await;
}

#[tokio::test]
async fn revoked_and_expired_tokens_are_refused() {
    let clock = Arc::new(ManualClock::new());
    let key = Key::generate("idp-1");
    let backend = LocalBackend::with_clock(idp::config(&key), clock.clone()).unwrap();
    let (server, _, api) = start(backend).await;
    let (access, refresh) = minted(&api).await;
    assert_eq!(
        exchange(&api, &subject(&access, ACCESS)).await.action,
        Some(TokenAction::TokenExchange)
    );
    api.token_revoke(TokenRevokeRequest::access_token(&access))
        .await
        .unwrap();
    invalid_request(
        &exchange(&api, &subject(&access, ACCESS)).await,
        "(unknown, expired or revoked)",
    );
    invalid_request(
        &exchange(&api, &subject(&refresh, REFRESH)).await,
        "not a live refresh token",
    );

    let (access, _) = minted(&api).await;
    clock.advance(Duration::from_secs(3601));
    invalid_request(
        &exchange(&api, &subject(&access, ACCESS)).await,
        "not a live access token",
    );
    server.shutdown().await;
}

#[tokio::test]
async fn id_tokens_and_jwts_are_checked() {
    let key = Key::generate("idp-1");
    let (server, _, api) = start(LocalBackend::new(idp::config(&key)).unwrap()).await;
    let ours = id_token(&api).await;
    let (head, rest) = ours.split_once('.').unwrap();
    let (payload, _) = rest.split_once('.').unwrap();
    let forged_signature = format!("{head}.{payload}.{}", "A".repeat(86));
    let valid =
        || json!({"iss": IDP, "sub": "carol", "aud": "2000", "exp": now() + 60, "iat": now()});
    let with = |name: &str, value: serde_json::Value| {
        let mut claims = valid();
        claims[name] = value;
        key.sign(&claims)
    };
    let without = |name: &str| {
        let mut claims = valid();
        claims.as_object_mut().unwrap().remove(name);
        key.sign(&claims)
    };
    let cases = [
        (
            forged_signature,
            "is not signed with an asymmetric algorithm by a key of its issuer",
        ),
        (
            Key::generate("idp-1").sign(&valid()),
            "is not signed with an asymmetric algorithm by a key of its issuer",
        ),
        (
            Key::generate("x").sign(&json!({"iss": "https://stranger.example", "sub": "x",
                "aud": "a", "exp": now() + 60, "iat": now()})),
            "comes from an issuer whose keys this service does not know",
        ),
        (with("exp", json!(now() - 1)), "has expired"),
        (without("exp"), "has no exp claim"),
        (without("iat"), "has no iat claim"),
        (
            with("iat", json!(now() + 600)),
            "was issued in the future (iat)",
        ),
        (with("nbf", json!(now() + 600)), "is not valid yet (nbf)"),
        (without("iss"), "has no iss claim"),
        (
            with("iss", json!("http://idp.example.com")),
            "has an iss that is not an https URI",
        ),
        (
            with("iss", json!("https://idp.example.com?x=1")),
            "has an iss that is not an https URI",
        ),
        (without("aud"), "has no aud claim"),
        (with("aud", json!([1])), "has no aud claim"),
        (with("nonce", json!(7)), "has a nonce that is not a string"),
        (idp::unsigned(&valid()), "is unsigned"),
        ("a.b.c.d.e".to_owned(), "is encrypted (JWE)"),
        ("not-a-jwt".to_owned(), "is not a JWT"),
    ];
    for (token, detail) in &cases {
        let answer = exchange(&api, &subject(token, ID_TOKEN)).await;
        invalid_request(&answer, &format!("The subject_token {detail}"));
    }
    // Of type jwt: times and, for a known issuer, the signature.
    let cases = [
        (
            Key::generate("idp-1").sign(&valid()),
            "The signature of the subject_token is not one of its issuer's keys.",
        ),
        (
            with("exp", json!(now() - 1)),
            "The subject_token has expired.",
        ),
        (idp::unsigned(&valid()), "The subject_token is unsigned"),
    ];
    for (token, detail) in &cases {
        invalid_request(&exchange(&api, &subject(token, JWT)).await, detail);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_client_without_the_grant_type_is_unauthorized() {
    let key = Key::generate("idp-1");
    let mut config: LocalConfig = idp::config(&key);
    config.clients[0]
        .grant_types
        .retain(|grant| grant != TOKEN_EXCHANGE);
    let (server, _, api) = start(LocalBackend::new(config).unwrap()).await;
    let (access, _) = minted(&api).await;
    let answer = exchange(&api, &subject(&access, ACCESS)).await;
    assert_refused(
        &answer,
        "unauthorized_client",
        "A050204",
        "The client is not allowed to use this grant type.",
    );
    let answer = exchange_as(
        &api,
        (demo::PUBLIC_CLIENT_ID, ""),
        &subject(&access, ACCESS),
    )
    .await;
    assert_refused(&answer, "unauthorized_client", "A050204", "not allowed");
    server.shutdown().await;
}
