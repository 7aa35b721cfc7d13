//! Token management over real HTTP: `/auth/token/create`, `/update`, `/delete/{…}`, `/revoke` and
//! `/get/list` through `AuthleteClient` (v2 and v3), and Authlete's answers to malformed calls.

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::clock::{Clock, ManualClock};
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi};
use base64::Engine as _;
use http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::start;

fn client_id() -> i64 {
    demo::CLIENT_ID.parse().unwrap()
}

fn mint_request(subject: &str, scopes: &[&str]) -> TokenCreateRequest {
    TokenCreateRequest::new(GrantType::AuthorizationCode, client_id())
        .subject(subject)
        .scopes(scopes.iter().copied())
}

async fn introspect(api: &dyn AuthleteApi, token: &str) -> IntrospectionResponse {
    api.introspection(IntrospectionRequest::new(token))
        .await
        .unwrap()
}

/// The hash `/auth/token/get/list` shows: base64url of the token's SHA-256.
fn hash(token: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()))
}

fn api_error(error: ApiError) -> (StatusCode, String, String) {
    match error {
        ApiError::Api {
            status,
            result_code,
            result_message,
            ..
        } => (
            status,
            result_code.unwrap_or_default(),
            result_message.unwrap_or_default(),
        ),
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn a_created_token_introspects_with_what_was_asked_on_v2_and_v3() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let property = {
            let mut property = Property::default();
            property.key = Some("tenant".to_owned());
            property.value = Some("acme".to_owned());
            property
        };
        let request = mint_request("alice", &["profile", "email"])
            .resources(["https://api.example.com/orders"])
            .access_token_duration(Duration::from_secs(600))
            .properties([property.clone()]);

        let created = api.token_create(request).await.unwrap();

        assert_eq!(created.action, Some(TokenCreateAction::Ok));
        assert_eq!(created.result_code.as_deref(), Some("A109001"));
        assert_eq!(created.client_id, Some(client_id()));
        assert_eq!(created.subject.as_deref(), Some("alice"));
        assert_eq!(created.grant_type.as_deref(), Some("AUTHORIZATION_CODE"));
        assert_eq!(created.token_type.as_deref(), Some("Bearer"));
        assert_eq!(created.expires_in, Some(600));
        assert_eq!(
            created.scopes,
            Some(vec!["profile".to_owned(), "email".to_owned()])
        );
        assert_eq!(created.properties, Some(vec![property.clone()]));
        let token = created.access_token.clone().unwrap();
        assert!(token.len() >= 43);
        assert!(
            created.refresh_token.is_some(),
            "AUTHORIZATION_CODE has one"
        );

        let answer = introspect(api, &token).await;
        assert_eq!(answer.action, Some(IntrospectionAction::Ok), "{answer:?}");
        assert!(answer.usable);
        assert_eq!(answer.subject.as_deref(), Some("alice"));
        assert_eq!(answer.client_id, Some(client_id()));
        assert!(answer.has_scope("profile") && answer.has_scope("email"));
        assert_eq!(
            answer.resources,
            Some(vec!["https://api.example.com/orders".to_owned()])
        );
        assert_eq!(answer.properties, Some(vec![property]));
        assert_eq!(answer.expires_at, created.expires_at);

        // The refresh token is a real one: the token endpoint refreshes it.
        let mut refresh = TokenRequest::new(format!(
            "grant_type=refresh_token&refresh_token={}",
            created.refresh_token.unwrap()
        ));
        refresh.client_id = Some(demo::CLIENT_ID.to_owned());
        refresh.client_secret = Some(demo::CLIENT_SECRET.to_owned());
        let refreshed = api.token(refresh).await.unwrap();
        assert_eq!(refreshed.action, Some(TokenAction::Ok), "{refreshed:?}");
        assert_eq!(refreshed.subject.as_deref(), Some("alice"));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn client_credentials_needs_no_subject_and_has_no_refresh_token() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let request =
        TokenCreateRequest::new(GrantType::ClientCredentials, client_id()).scopes(["profile"]);
    let created = v3.token_create(request).await.unwrap();
    assert_eq!(created.subject, None);
    assert_eq!(created.refresh_token, None);
    let answer = introspect(&v3, &created.access_token.unwrap()).await;
    assert_eq!(answer.action, Some(IntrospectionAction::Ok));
    assert_eq!(answer.subject, None);
    server.shutdown().await;
}

#[tokio::test]
async fn a_given_value_becomes_the_token_and_a_bound_one_is_dpop() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let mut request = mint_request("alice", &["profile"]);
    request.access_token = Some("migrated-access-token-value".to_owned());
    request.refresh_token = Some("migrated-refresh-token-value".to_owned());
    request.dpop_key_thumbprint = Some("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I".to_owned());
    let created = v3.token_create(request.clone()).await.unwrap();
    assert_eq!(
        created.access_token.as_deref(),
        Some("migrated-access-token-value")
    );
    assert_eq!(
        created.refresh_token.as_deref(),
        Some("migrated-refresh-token-value")
    );
    assert_eq!(created.token_type.as_deref(), Some("DPoP"));
    let answer = introspect(&v3, "migrated-access-token-value").await;
    // Bound to a DPoP key and presented without a proof: refused, but known.
    assert_eq!(answer.action, Some(IntrospectionAction::Unauthorized));
    assert!(answer.existent);

    // The same values again: refused.
    let (status, code, message) = api_error(v3.token_create(request).await.unwrap_err());
    assert_eq!(
        (status, code.as_str()),
        (StatusCode::BAD_REQUEST, "A109201")
    );
    assert!(message.contains("exists already"), "{message}");
    assert!(!message.contains("migrated-"), "{message}");
    server.shutdown().await;
}

#[tokio::test]
async fn update_changes_scopes_expiry_and_value() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, _, v3) = start(backend).await;
    let created = v3
        .token_create(mint_request("alice", &["profile", "email"]))
        .await
        .unwrap();
    let token = created.access_token.unwrap();

    let mut update = TokenUpdateRequest::new(token.clone());
    update.scopes = Some(vec!["email".to_owned(), "no-such-scope".to_owned()]);
    let expires_at = clock.now_millis() + 120_000;
    update.access_token_expires_at = Some(expires_at);
    let updated = v3.token_update(update).await.unwrap();
    assert_eq!(updated.action, Some(TokenUpdateAction::Ok));
    assert_eq!(updated.result_code.as_deref(), Some("A135001"));
    assert_eq!(updated.access_token.as_deref(), Some(token.as_str()));
    // Scopes the service does not support are ignored, as Authlete does.
    assert_eq!(updated.scopes, Some(vec!["email".to_owned()]));
    assert_eq!(updated.access_token_expires_at, Some(expires_at));
    let answer = introspect(&v3, &token).await;
    assert!(answer.has_scope("email") && !answer.has_scope("profile"));
    assert_eq!(answer.expires_at, Some(expires_at));

    // By hash, with a new value: the old value is dead, the new one alive.
    let mut update = TokenUpdateRequest::default();
    update.access_token_hash = Some(hash(&token));
    update.access_token_value_updated = Some(true);
    let updated = v3.token_update(update).await.unwrap();
    let renamed = updated.access_token.unwrap();
    assert_ne!(renamed, token);
    assert_eq!(
        introspect(&v3, &token).await.action,
        Some(IntrospectionAction::Unauthorized)
    );
    assert_eq!(
        introspect(&v3, &renamed).await.action,
        Some(IntrospectionAction::Ok)
    );

    // The new expiry holds.
    clock.advance(Duration::from_secs(121));
    let answer = introspect(&v3, &renamed).await;
    assert_eq!(answer.action, Some(IntrospectionAction::Unauthorized));
    assert_eq!(answer.result_code.as_deref(), Some("A065302"), "expired");
    server.shutdown().await;
}

#[tokio::test]
async fn an_access_token_duration_expires_the_token() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let request =
        mint_request("alice", &["profile"]).access_token_duration(Duration::from_secs(60));
    let token = backend
        .token_create(request)
        .await
        .unwrap()
        .access_token
        .unwrap();
    clock.advance(Duration::from_secs(59));
    assert_eq!(
        introspect(&backend, &token).await.action,
        Some(IntrospectionAction::Ok)
    );
    clock.advance(Duration::from_secs(2));
    assert_eq!(
        introspect(&backend, &token).await.action,
        Some(IntrospectionAction::Unauthorized)
    );
}

#[tokio::test]
async fn delete_and_revoke_end_a_token() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        // Delete by value.
        let token = api
            .token_create(mint_request("alice", &["profile"]))
            .await
            .unwrap()
            .access_token
            .unwrap();
        api.token_delete(&token).await.unwrap();
        assert_eq!(
            introspect(api, &token).await.action,
            Some(IntrospectionAction::Unauthorized)
        );
        // Delete by hash.
        let token = api
            .token_create(mint_request("alice", &["profile"]))
            .await
            .unwrap()
            .access_token
            .unwrap();
        api.token_delete(&hash(&token)).await.unwrap();
        assert_eq!(
            introspect(api, &token).await.action,
            Some(IntrospectionAction::Unauthorized)
        );
        // Revoke one token: it and its refresh token.
        let created = api
            .token_create(mint_request("alice", &["profile"]))
            .await
            .unwrap();
        let token = created.access_token.unwrap();
        let revoked = api
            .token_revoke(TokenRevokeRequest::access_token(token.clone()))
            .await
            .unwrap();
        assert_eq!(revoked.result_code.as_deref(), Some("A138001"));
        assert_eq!(revoked.count, Some(2), "the access and the refresh token");
        assert_eq!(
            introspect(api, &token).await.action,
            Some(IntrospectionAction::Unauthorized)
        );
    }
    // Revoke every token of a subject, leaving the others.
    let bob = v3
        .token_create(mint_request("bob", &["profile"]))
        .await
        .unwrap()
        .access_token
        .unwrap();
    let carol = [
        v3.token_create(mint_request("carol", &["profile"]))
            .await
            .unwrap()
            .access_token
            .unwrap(),
        v3.token_create(mint_request("carol", &["email"]))
            .await
            .unwrap()
            .access_token
            .unwrap(),
    ];
    let mut request = TokenRevokeRequest::subject("carol");
    request.client_identifier = Some(demo::CLIENT_ID.to_owned());
    let revoked = v3.token_revoke(request).await.unwrap();
    assert_eq!(revoked.count, Some(4), "two access and two refresh tokens");
    for token in &carol {
        assert_eq!(
            introspect(&v3, token).await.action,
            Some(IntrospectionAction::Unauthorized)
        );
    }
    assert_eq!(
        introspect(&v3, &bob).await.action,
        Some(IntrospectionAction::Ok)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_list_pages_the_live_tokens_of_a_subject() {
    // The list is ordered by creation time (ms), then by hash: a clock that moves between the
    // creations makes the order the creation order.
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, v2, v3) = start(backend).await;
    let mut tokens = Vec::new();
    for scope in ["profile", "email", "phone"] {
        clock.advance(Duration::from_millis(1));
        tokens.push(
            v3.token_create(mint_request("dave", &[scope]))
                .await
                .unwrap()
                .access_token
                .unwrap(),
        );
    }
    v3.token_create(mint_request("erin", &["profile"]))
        .await
        .unwrap();
    for api in [&v2, &v3] {
        let options = TokenListOptions::default()
            .client_identifier(demo::CLIENT_ID)
            .subject("dave")
            .range(1, 3);
        let list = api.token_list(options).await.unwrap();
        assert_eq!(list.total_count, Some(3));
        assert_eq!((list.start, list.end), (Some(1), Some(3)));
        assert_eq!(list.subject.as_deref(), Some("dave"));
        let client = list.client.unwrap();
        assert_eq!(client.client_id, Some(client_id()));
        assert_eq!(client.client_secret, None, "never the secret");
        let page = list.access_tokens.unwrap();
        let hashes: Vec<_> = page
            .iter()
            .map(|token| token.access_token_hash.clone().unwrap())
            .collect();
        assert_eq!(hashes, [hash(&tokens[1]), hash(&tokens[2])]);
        assert_eq!(page[0].scopes, Some(vec!["email".to_owned()]));
        assert_eq!(page[0].grant_type, Some(GrantType::AuthorizationCode));
        assert!(page[0].refresh_token_hash.is_some());

        // Authlete's default page: the first five, of every subject.
        let all = api.token_list(TokenListOptions::default()).await.unwrap();
        assert_eq!((all.start, all.end), (Some(0), Some(5)));
        assert!(all.total_count.unwrap() >= 4);
        assert_eq!(all.client, None);
    }
    server.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Malformed calls over raw HTTP: status, headers and body.
// ---------------------------------------------------------------------------------------------

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    body: Option<&str>,
) -> (u16, Value) {
    let mut request = http.request(method, url).header(
        "authorization",
        format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
    );
    if let Some(body) = body {
        request = request
            .header("content-type", "application/json")
            .body(body.to_owned());
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "{status}"
    );
    (status, response.json().await.unwrap())
}

/// Method, path, body, then the expected status, result code and words of the message.
type Case = (
    reqwest::Method,
    String,
    Option<String>,
    u16,
    &'static str,
    &'static str,
);

#[tokio::test]
async fn malformed_calls_are_answered_with_a_status_and_a_result_code() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = format!("{}/api/{}", server.base_url(), demo::SERVICE_API_KEY);
    let long = "a".repeat(101);
    let cases: Vec<Case> = vec![
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some("{}".into()),
            400,
            "A109201",
            "grantType is missing.",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(json!({"grantType": "NO_SUCH_GRANT", "clientId": 2000}).to_string()),
            400,
            "A109201",
            "grantType is not a known grant type.",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(json!({"grantType": "PASSWORD", "subject": "alice"}).to_string()),
            400,
            "A109201",
            "clientId is missing.",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(json!({"grantType": "PASSWORD", "clientId": 2000}).to_string()),
            400,
            "A109201",
            "subject is missing",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(json!({"grantType": "PASSWORD", "clientId": 2000, "subject": long}).to_string()),
            400,
            "A109201",
            "at most 100 characters",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(json!({"grantType": "PASSWORD", "clientId": 99, "subject": "a"}).to_string()),
            400,
            "A109301",
            "No client has the client ID.",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(
                json!({"grantType": "PASSWORD", "clientId": 2000, "subject": "a",
                       "scopes": ["profile", "admin"]})
                .to_string(),
            ),
            400,
            "A109201",
            "'admin' is not supported.",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(
                json!({"grantType": "PASSWORD", "clientId": 2000, "subject": "a",
                       "resources": ["/relative"]})
                .to_string(),
            ),
            400,
            "A109201",
            "absolute URI",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(
                json!({"grantType": "PASSWORD", "clientId": 2000, "subject": "a",
                       "accessTokenDuration": -1})
                .to_string(),
            ),
            400,
            "A109201",
            "must not be negative",
        ),
        // Not the shape of the API: Authlete's generic answer to a body it cannot bind.
        (
            reqwest::Method::POST,
            "/auth/token/create".into(),
            Some(json!({"grantType": "PASSWORD", "clientId": {"no": 1}}).to_string()),
            400,
            "A001205",
            "",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/update".into(),
            Some("{}".into()),
            400,
            "A135201",
            "accessToken is missing.",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/update".into(),
            Some(json!({"accessToken": "no-such-token"}).to_string()),
            404,
            "A135301",
            "",
        ),
        (
            reqwest::Method::DELETE,
            "/auth/token/delete/no-such-token".into(),
            None,
            404,
            "A135301",
            "",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/revoke".into(),
            Some("{}".into()),
            400,
            "A138201",
            "Give accessTokenIdentifier",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/revoke".into(),
            Some(json!({"accessTokenIdentifier": "no-such-token"}).to_string()),
            404,
            "A135301",
            "",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/revoke".into(),
            Some(json!({"refreshTokenIdentifier": "no-such-token"}).to_string()),
            404,
            "A138301",
            "",
        ),
        (
            reqwest::Method::POST,
            "/auth/token/revoke".into(),
            Some(json!({"subject": "a", "clientIdentifier": "99"}).to_string()),
            400,
            "A139301",
            "Check clientIdentifier.",
        ),
        (
            reqwest::Method::GET,
            "/auth/token/get/list?start=abc".into(),
            None,
            400,
            "A139201",
            "'start' must be a non-negative integer.",
        ),
        (
            reqwest::Method::GET,
            "/auth/token/get/list?start=4&end=2".into(),
            None,
            400,
            "A139201",
            "end must not be smaller than start.",
        ),
        (
            reqwest::Method::GET,
            "/auth/token/get/list?clientIdentifier=99".into(),
            None,
            400,
            "A139301",
            "",
        ),
    ];
    for (method, path, body, status, code, words) in cases {
        let (got, answer) = call(
            &http,
            method.clone(),
            format!("{base}{path}"),
            body.as_deref(),
        )
        .await;
        assert_eq!(got, status, "{method} {path}: {answer}");
        assert_eq!(answer["resultCode"], code, "{method} {path}: {answer}");
        let message = answer["resultMessage"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("[{code}] ")),
            "{path}: {message}"
        );
        assert!(message.contains(words), "{path}: {message}");
        assert!(!message.contains("no-such-token"), "{path}: {message}");
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["resultCode", "resultMessage"], "{path}");
    }
    // The methods each API takes.
    let (status, answer) = call(
        &http,
        reqwest::Method::GET,
        format!("{base}/auth/token/create"),
        None,
    )
    .await;
    assert_eq!(
        (status, answer["resultCode"].as_str()),
        (405, Some("A001405"))
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_token_minted_in_process_works_over_http_and_in_the_answer_content() {
    // The in-process backend and the HTTP one share their state.
    let backend = LocalBackend::demo();
    let (server, _, v3) = start(backend.clone()).await;
    let token = backend
        .token_create(mint_request("alice", &["openid", "profile"]))
        .await
        .unwrap()
        .access_token
        .unwrap();
    let answer = introspect(&v3, &token).await;
    assert_eq!(answer.action, Some(IntrospectionAction::Ok));
    // UserInfo takes it too (openid scope).
    let userinfo = v3.userinfo(UserInfoRequest::new(token)).await.unwrap();
    assert_eq!(userinfo.action, Some(UserInfoAction::Ok), "{userinfo:?}");
    assert_eq!(userinfo.subject.as_deref(), Some("alice"));
    server.shutdown().await;
}
