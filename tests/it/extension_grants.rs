//! Token exchange (RFC 8693) and JWT bearer (RFC 7523) grants through the token endpoint, with a
//! `GrantSpi` that issues the token through `ExtensionGrantIssuer` (`/auth/token/create`): against
//! a scripted fake (every outcome of the helper), and end to end against the local backend over
//! HTTP — a code-flow token and ID token exchanged, a signed assertion presented, each issued
//! token accepted by `AuthleteBearer`, and the refusals with their status, headers and body.

use std::sync::Arc;
use std::time::SystemTime;

use authlete_local::{LocalConfig, TrustedIssuer, demo};
use authlete_tower::dto::TokenResponse;
use authlete_tower::handler::extension_grant::{
    ACCESS_TOKEN_TYPE, assertion_subject, subject_token_subject,
};
use authlete_tower::handler::{
    AuthenticatedUser, ExtensionGrantIssuer, GrantSpi, GrantedToken, IssueError, SpiError,
};
use authlete_tower::{
    AuthleteBearer, AuthleteClient, AuthleteResponse, AuthorizationServer, BearerToken,
};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;
use serde_json::{Value, json};

use crate::common::flows::{Env, Mount, code_flow_tokens, demo_basic};
use crate::common::{Answer, FakeApi, TestApp, form, http, post_form, serve_axum};

const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ACCESS: &str = "urn:ietf:params:oauth:token-type:access_token";
const REFRESH: &str = "urn:ietf:params:oauth:token-type:refresh_token";
const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";
const IDP: &str = "https://idp.example.com";

/// The application's extension grants: the subject of the subject token (or of the assertion)
/// gets an access token for the request's client, scopes and resources.
struct IssuingGrants {
    issuer: ExtensionGrantIssuer,
}

impl IssuingGrants {
    async fn answer(&self, request: &TokenResponse, subject: Option<String>) -> AuthleteResponse {
        let Some(subject) = subject else {
            return AuthleteResponse::oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The token names no subject.",
            );
        };
        self.issuer
            .issue(request, GrantedToken::for_subject(subject))
            .await
            .unwrap_or_else(IssueError::into_response)
    }
}

impl GrantSpi for IssuingGrants {
    async fn token_exchange(
        &self,
        request: &TokenResponse,
    ) -> Result<Option<AuthleteResponse>, SpiError> {
        Ok(Some(
            self.answer(request, subject_token_subject(request)).await,
        ))
    }

    async fn jwt_bearer(
        &self,
        request: &TokenResponse,
    ) -> Result<Option<AuthleteResponse>, SpiError> {
        Ok(Some(self.answer(request, assertion_subject(request)).await))
    }
}

fn assert_json_headers(answer: &Answer) {
    assert_eq!(answer.content_type(), "application/json;charset=UTF-8");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.header("pragma"), Some("no-cache"));
}

fn assert_oauth_error(answer: &Answer, status: u16, error: &str, description: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_json_headers(answer);
    let body = answer.json();
    assert_eq!(body["error"], error, "{body}");
    assert_eq!(body["error_description"], description, "{body}");
}

// ----- against the fake ------------------------------------------------------------------------

async fn fake_server() -> (Arc<FakeApi>, String) {
    let fake = FakeApi::new();
    let grants = IssuingGrants {
        issuer: ExtensionGrantIssuer::new(fake.clone()),
    };
    let server = AuthorizationServer::new(fake.clone(), TestApp::default()).with_grants(grants);
    let base = serve_axum(&server).await;
    (fake, format!("{base}/api/token"))
}

#[tokio::test]
async fn a_token_exchange_is_answered_with_the_created_token_and_its_issued_type() {
    let (fake, url) = fake_server().await;
    fake.answer(
        "token",
        json!({"action": "TOKEN_EXCHANGE", "clientId": 2000, "scopes": ["profile"],
            "resources": ["https://r.example"], "subjectToken": "ST",
            "subjectTokenType": "ACCESS_TOKEN",
            "subjectTokenInfo": {"clientId": 3000, "subject": "alice",
                "scopes": [{"name": "profile"}], "expiresAt": 1}}),
    );
    fake.answer(
        "token_create",
        json!({"action": "OK", "accessToken": "AT", "tokenType": "Bearer", "expiresIn": 3600,
            "scopes": ["profile"], "refreshToken": "RT"}),
    );
    let answer = post_form(&url, "grant_type=x").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_json_headers(&answer);
    assert_eq!(
        answer.json(),
        json!({"access_token": "AT", "issued_token_type": ACCESS_TOKEN_TYPE,
            "token_type": "Bearer", "expires_in": 3600, "scope": "profile",
            "refresh_token": "RT"})
    );
    assert_eq!(
        fake.last("token_create").unwrap(),
        json!({"grantType": "TOKEN_EXCHANGE", "clientId": 2000, "subject": "alice",
            "scopes": ["profile"], "resources": ["https://r.example"]})
    );
}

#[tokio::test]
async fn a_jwt_bearer_grant_is_answered_with_the_jwt_access_token_and_no_issued_type() {
    let (fake, url) = fake_server().await;
    let assertion = format!(
        "e30.{}.sig",
        URL_SAFE_NO_PAD.encode(r#"{"iss":"https://idp","sub":"dave"}"#)
    );
    fake.answer(
        "token",
        json!({"action": "JWT_BEARER", "clientId": 2000, "assertion": assertion}),
    );
    fake.answer(
        "token_create",
        json!({"action": "OK", "accessToken": "opaque", "jwtAccessToken": "eyJ.x.y",
            "tokenType": "Bearer", "expiresIn": 60}),
    );
    let answer = post_form(&url, "grant_type=x").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_json_headers(&answer);
    assert_eq!(
        answer.json(),
        json!({"access_token": "eyJ.x.y", "token_type": "Bearer", "expires_in": 60})
    );
    assert_eq!(
        fake.last("token_create").unwrap(),
        json!({"grantType": "JWT_BEARER", "clientId": 2000, "subject": "dave"})
    );
}

#[tokio::test]
async fn failures_to_issue_are_server_errors_without_detail() {
    let (fake, url) = fake_server().await;
    let exchange = json!({"action": "TOKEN_EXCHANGE", "clientId": 2000,
        "subjectTokenType": "ACCESS_TOKEN", "subjectTokenInfo": {"subject": "alice"}});
    fake.answer("token", exchange.clone());
    fake.fail("token_create");
    let answer = post_form(&url, "grant_type=x").await;
    answer.assert_server_error();
    assert!(!answer.body.contains("backend-secret-detail"));

    fake.answer(
        "token_create",
        json!({"action": "BAD_REQUEST", "resultMessage": "backend-secret-detail"}),
    );
    let answer = post_form(&url, "grant_type=x").await;
    answer.assert_server_error();
    assert!(!answer.body.contains("backend-secret-detail"));

    // No client to issue to: nothing is created.
    let calls = fake.count("token_create");
    let mut anonymous = exchange.clone();
    anonymous.as_object_mut().unwrap().remove("clientId");
    fake.answer("token", anonymous);
    post_form(&url, "grant_type=x").await.assert_server_error();
    assert_eq!(fake.count("token_create"), calls);

    // No subject: the application refuses.
    fake.answer(
        "token",
        json!({"action": "TOKEN_EXCHANGE", "clientId": 2000, "subjectTokenType": "SAML2",
            "subjectToken": "PHNhbWw+"}),
    );
    let answer = post_form(&url, "grant_type=x").await;
    assert_oauth_error(
        &answer,
        400,
        "invalid_request",
        "The token names no subject.",
    );
    assert_eq!(fake.count("token_create"), calls);
}

#[tokio::test]
async fn the_issuer_refuses_an_answer_of_another_grant() {
    let fake = FakeApi::new();
    let issuer = ExtensionGrantIssuer::new(fake.clone());
    let mut ok = TokenResponse::default();
    ok.action = Some(authlete_tower::dto::TokenAction::Ok);
    ok.client_id = Some(2000);
    let error = issuer
        .issue(&ok, GrantedToken::for_subject("alice"))
        .await
        .unwrap_err();
    assert!(matches!(error, IssueError::NotAnExtensionGrant), "{error}");
    assert_eq!(
        error.into_response().status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert!(!fake.called("token_create"));
}

// ----- end to end against the local backend ----------------------------------------------------

/// A P-256 key of the trusted issuer: PKCS#8 DER for jsonwebtoken, and the public JWK.
fn idp_key() -> (Vec<u8>, Value) {
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
    let point = pair.public_key().as_ref();
    let jwk = json!({"kty": "EC", "crv": "P-256", "kid": "idp-1",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])});
    (pkcs8.as_ref().to_vec(), jwk)
}

fn sign(pkcs8: &[u8], claims: &Value) -> String {
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
    header.kid = Some("idp-1".into());
    jsonwebtoken::encode(
        &header,
        claims,
        &jsonwebtoken::EncodingKey::from_ec_der(pkcs8),
    )
    .unwrap()
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The demo with the trusted issuer, client 2000 allowed both grants, and (when `grants`) the
/// issuing hook; the user 1001 logged in.
async fn env(jwk: &Value, grants: bool) -> Env {
    let mut config = LocalConfig::demo();
    config
        .trusted_issuers
        .push(TrustedIssuer::new(IDP, json!({"keys": [jwk]})));
    let client = config
        .clients
        .iter_mut()
        .find(|client| client.client_id.to_string() == demo::CLIENT_ID)
        .unwrap();
    client.grant_types.push(TOKEN_EXCHANGE.into());
    client.grant_types.push(JWT_BEARER.into());
    let env = Env::start_configured(Mount::Axum, config, move |server, api| {
        if grants {
            server.with_grants(IssuingGrants {
                issuer: ExtensionGrantIssuer::new(api),
            })
        } else {
            server
        }
    })
    .await;
    env.app
        .log_in(AuthenticatedUser::new("1001").authenticated_at(SystemTime::now()));
    env
}

/// `/whoami` behind `AuthleteBearer` on the env's local backend: `subject:scopes`.
async fn resource_server(env: &Env) -> String {
    async fn whoami(token: BearerToken) -> String {
        format!(
            "{}:{}",
            token.subject().unwrap_or("-"),
            token.scopes().join(" ")
        )
    }
    let bearer =
        AuthleteBearer::new(AuthleteClient::new(env.local.config_v3()).unwrap()).without_cache();
    let app = axum::Router::new()
        .route("/whoami", axum::routing::get(whoami))
        .route_layer(bearer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/whoami")
}

async fn whoami(url: &str, token: &str) -> (u16, String) {
    let response = http().get(url).bearer_auth(token).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn exchange(env: &Env, pairs: &[(&str, &str)]) -> Answer {
    let mut all = vec![("grant_type", TOKEN_EXCHANGE)];
    all.extend_from_slice(pairs);
    env.token(Some(&demo_basic()), &form(&all)).await
}

async fn present(env: &Env, assertion: &str) -> Answer {
    env.token(
        Some(&demo_basic()),
        &form(&[
            ("grant_type", JWT_BEARER),
            ("assertion", assertion),
            ("scope", "profile"),
        ]),
    )
    .await
}

/// A successful token answer; returns its access token after checking the bearer layer takes it.
async fn assert_issued(answer: &Answer, issued_type: Option<&str>, rs: &str, who: &str) -> String {
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_json_headers(answer);
    let body = answer.json();
    assert_eq!(body["token_type"], "Bearer", "{body}");
    assert_eq!(body["expires_in"], 3600, "{body}");
    assert_eq!(body["scope"], "profile", "{body}");
    assert_eq!(
        body.get("issued_token_type").and_then(Value::as_str),
        issued_type
    );
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(whoami(rs, &token).await, (200, who.to_owned()));
    token
}

#[tokio::test]
async fn a_code_flow_token_and_id_token_are_exchanged_for_tokens_the_bearer_layer_accepts() {
    let (_, jwk) = idp_key();
    let env = env(&jwk, true).await;
    let rs = resource_server(&env).await;
    let tokens = code_flow_tokens(&env, "", &[]).await.json();
    let access = tokens["access_token"].as_str().unwrap();
    let id_token = tokens["id_token"].as_str().unwrap();

    let answer = exchange(
        &env,
        &[
            ("subject_token", access),
            ("subject_token_type", ACCESS),
            ("scope", "profile"),
        ],
    )
    .await;
    let issued = assert_issued(&answer, Some(ACCESS_TOKEN_TYPE), &rs, "1001:profile").await;
    assert_ne!(issued, access);
    assert!(answer.json()["refresh_token"].is_string());
    // The new token is the exchanging client's (2000), not the subject token's (3000).
    assert_eq!(env.introspect(&issued).await["client_id"], demo::CLIENT_ID);

    let answer = exchange(
        &env,
        &[
            ("subject_token", id_token),
            ("subject_token_type", ID_TOKEN),
            ("scope", "profile"),
        ],
    )
    .await;
    assert_issued(&answer, Some(ACCESS_TOKEN_TYPE), &rs, "1001:profile").await;
}

#[tokio::test]
async fn a_signed_assertion_gets_a_token_the_bearer_layer_accepts() {
    let (pkcs8, jwk) = idp_key();
    let env = env(&jwk, true).await;
    let rs = resource_server(&env).await;
    let assertion = sign(
        &pkcs8,
        &json!({"iss": IDP, "sub": "dave", "aud": "http://localhost:8000/api/token",
            "exp": now() + 60, "iat": now()}),
    );
    let answer = present(&env, &assertion).await;
    let token = assert_issued(&answer, None, &rs, "dave:profile").await;
    assert!(!token.is_empty());
}

#[tokio::test]
async fn bad_subject_tokens_are_refused_end_to_end() {
    let (_, jwk) = idp_key();
    let env = env(&jwk, true).await;
    let tokens = code_flow_tokens(&env, "", &[]).await.json();
    let access = tokens["access_token"].as_str().unwrap();

    // An access token presented as a refresh token.
    let answer = exchange(
        &env,
        &[("subject_token", access), ("subject_token_type", REFRESH)],
    )
    .await;
    assert_oauth_error(
        &answer,
        400,
        "invalid_request",
        "[A059201] The subject_token is not a live refresh token of this service (unknown, expired or revoked).",
    );
    let answer = exchange(
        &env,
        &[
            ("subject_token", access),
            ("subject_token_type", "urn:example:token"),
        ],
    )
    .await;
    assert_oauth_error(
        &answer,
        400,
        "invalid_request",
        "[A059201] subject_token_type is not a registered token type identifier.",
    );

    // Revoked at our revocation endpoint by its client: no longer exchangeable.
    let revoked = post_form(
        &env.url("/api/revocation"),
        &form(&[("token", access), ("client_id", demo::PUBLIC_CLIENT_ID)]),
    )
    .await;
    assert_eq!(revoked.status, 200, "{revoked:?}");
    let answer = exchange(
        &env,
        &[("subject_token", access), ("subject_token_type", ACCESS)],
    )
    .await;
    assert_oauth_error(
        &answer,
        400,
        "invalid_request",
        "[A059201] The subject_token is not a live access token of this service (unknown, expired or revoked).",
    );
    // A client not allowed the grant.
    let answer = env
        .token(
            None,
            &form(&[
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("grant_type", TOKEN_EXCHANGE),
                ("subject_token", access),
                ("subject_token_type", ACCESS),
            ]),
        )
        .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["error"], "unauthorized_client");
}

#[tokio::test]
async fn bad_assertions_are_refused_end_to_end() {
    let (pkcs8, jwk) = idp_key();
    let env = env(&jwk, true).await;
    let claims = json!({"iss": IDP, "sub": "dave", "aud": "http://localhost:8000/api/token",
        "exp": now() + 60});
    let (other, _) = idp_key();
    let answer = present(&env, &sign(&other, &claims)).await;
    assert_oauth_error(
        &answer,
        400,
        "invalid_grant",
        "[A051202] The assertion is not signed by a key of its issuer.",
    );
    let mut expired = claims.clone();
    expired["exp"] = json!(now() - 5);
    let answer = present(&env, &sign(&pkcs8, &expired)).await;
    assert_oauth_error(
        &answer,
        400,
        "invalid_grant",
        "[A051202] The assertion has expired.",
    );
}

#[tokio::test]
async fn without_a_hook_the_local_backends_valid_grants_are_unsupported() {
    let (pkcs8, jwk) = idp_key();
    let env = env(&jwk, false).await;
    let assertion = sign(
        &pkcs8,
        &json!({"iss": IDP, "sub": "dave", "aud": demo::ISSUER, "exp": now() + 60}),
    );
    let answer = present(&env, &assertion).await;
    assert_oauth_error(
        &answer,
        400,
        "unsupported_grant_type",
        "The authorization server does not support this grant type.",
    );
}

#[tokio::test]
async fn discovery_lists_the_extension_grants_only_with_a_hook() {
    let (_, jwk) = idp_key();
    let extension = [TOKEN_EXCHANGE, JWT_BEARER];
    for (grants, listed) in [(true, true), (false, false)] {
        let env = env(&jwk, grants).await;
        let document = http()
            .get(format!("{}/.well-known/openid-configuration", env.base))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap();
        let supported = document["grant_types_supported"].as_array().unwrap();
        for grant in extension {
            assert_eq!(
                supported.contains(&json!(grant)),
                listed,
                "hook {grants}: {grant} in {supported:?}"
            );
        }
        assert!(supported.contains(&json!("authorization_code")));
    }
    // The demo's clients are not allowed the JWT bearer grant, and only client 2000 (Native
    // SSO's second app) the token exchange: the local backend lists only that one.
    let env = Env::start_configured(Mount::Axum, LocalConfig::demo(), |server, api| {
        server.with_grants(IssuingGrants {
            issuer: ExtensionGrantIssuer::new(api),
        })
    })
    .await;
    let document = http()
        .get(format!("{}/.well-known/openid-configuration", env.base))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let supported = document["grant_types_supported"].as_array().unwrap();
    assert!(supported.contains(&json!(TOKEN_EXCHANGE)), "{supported:?}");
    assert!(!supported.contains(&json!(JWT_BEARER)), "{supported:?}");
}
