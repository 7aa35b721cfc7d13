//! `/idtoken/reissue` in process and over real HTTP (v2 and v3): the refresh-token grant's
//! `ID_TOKEN_REISSUABLE` answer when the service's `idTokenReissuable` is on, the reissued ID
//! token, and the caller errors.

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use base64::Engine as _;
use serde_json::{Value, json};

use crate::support::{json, start};

fn reissuable() -> LocalBackend {
    let mut config = LocalConfig::demo();
    config.id_token_reissuable = true;
    LocalBackend::new(config).unwrap()
}

fn payload(jwt: &str) -> Value {
    let part = jwt.split('.').nth(1).expect("a JWS");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// A token pair of `scopes` for user `1001`, then its refresh through `/auth/token`.
async fn refreshed(api: &dyn AuthleteApi, scopes: &[&str]) -> TokenResponse {
    let created = api
        .token_create(
            TokenCreateRequest::new(
                GrantType::AuthorizationCode,
                demo::CLIENT_ID.parse::<i64>().unwrap(),
            )
            .subject("1001")
            .scopes(scopes.iter().copied()),
        )
        .await
        .unwrap();
    let mut refresh = TokenRequest::new(format!(
        "grant_type=refresh_token&refresh_token={}",
        created.refresh_token.unwrap()
    ));
    refresh.client_id = Some(demo::CLIENT_ID.to_owned());
    refresh.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    api.token(refresh).await.unwrap()
}

fn caller_error(answer: &IdTokenReissueResponse, code: &str) {
    assert_eq!(
        answer.action,
        Some(IdTokenReissueAction::CallerError),
        "{answer:?}"
    );
    assert_eq!(answer.result_code.as_deref(), Some(code), "{answer:?}");
    assert_eq!(answer.id_token, None);
}

async fn refused(api: &dyn AuthleteApi, request: IdTokenReissueRequest, code: &str) {
    caller_error(&api.id_token_reissue(request).await.unwrap(), code);
}

#[tokio::test]
async fn a_refresh_grant_with_openid_is_reissuable_and_reissues_in_process_and_over_http() {
    let backend = reissuable();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let token = refreshed(api, &["openid", "profile"]).await;
        assert_eq!(
            token.action,
            Some(TokenAction::IdTokenReissuable),
            "{token:?}"
        );
        assert_eq!(token.result_code.as_deref(), Some("A053002"));
        assert_eq!(token.id_token, None);
        let content = json(&token.response_content);
        assert_eq!(content.get("id_token"), None, "{content}");
        assert_eq!(token.requested_id_token_claims, Some(Vec::new()));
        let access_token = token.access_token.clone().unwrap();
        let refresh_token = token.refresh_token.clone().unwrap();

        let mut request = IdTokenReissueRequest::new(&access_token, &refresh_token);
        request.claims = Some(json!({"name": "Alice", "sub": "ignored"}).to_string());
        let answer = api.id_token_reissue(request).await.unwrap();
        assert_eq!(answer.action, Some(IdTokenReissueAction::Ok), "{answer:?}");
        assert_eq!(answer.result_code.as_deref(), Some("A370001"));
        let id_token = answer.id_token.clone().unwrap();
        let content = json(&answer.response_content);
        assert_eq!(content["access_token"], access_token.as_str());
        assert_eq!(content["refresh_token"], refresh_token.as_str());
        assert_eq!(content["token_type"], "Bearer");
        assert_eq!(content["scope"], "openid profile");
        assert!(content["expires_in"].as_i64().unwrap() > 0);
        assert_eq!(content["id_token"], id_token.as_str());
        let claims = payload(&id_token);
        assert_eq!(claims["sub"], "1001", "a reserved claim is not overridden");
        assert_eq!(claims["name"], "Alice");
        assert_eq!(claims["aud"], demo::CLIENT_ID);
        assert_eq!(claims["iss"], demo::ISSUER);
        assert!(claims["at_hash"].is_string());

        // sub and the array audience on request; the reissue can be repeated.
        let mut request = IdTokenReissueRequest::new(&access_token, &refresh_token);
        request.sub = Some("pairwise-1001".to_owned());
        request.id_token_aud_type = Some("array".to_owned());
        let answer = api.id_token_reissue(request).await.unwrap();
        let claims = payload(answer.id_token.as_deref().unwrap());
        assert_eq!(claims["sub"], "pairwise-1001");
        assert_eq!(claims["aud"], json!([demo::CLIENT_ID]));
        assert_eq!(claims.get("name"), None);

        // Caller errors: missing or malformed fields, tokens of another grant, unknown tokens.
        refused(
            api,
            IdTokenReissueRequest::new("", &refresh_token),
            "A370101",
        )
        .await;
        refused(
            api,
            IdTokenReissueRequest::new(&access_token, ""),
            "A370101",
        )
        .await;
        let mut bad = IdTokenReissueRequest::new(&access_token, &refresh_token);
        bad.claims = Some("[1]".to_owned());
        refused(api, bad, "A370101").await;
        let mut bad = IdTokenReissueRequest::new(&access_token, &refresh_token);
        bad.id_token_aud_type = Some("set".to_owned());
        refused(api, bad, "A370101").await;
        let mut bad = IdTokenReissueRequest::new(&access_token, &refresh_token);
        bad.idt_header_params = Some("not json".to_owned());
        refused(api, bad, "A370101").await;
        refused(
            api,
            IdTokenReissueRequest::new("unknown", &refresh_token),
            "A370102",
        )
        .await;
        refused(
            api,
            IdTokenReissueRequest::new(&access_token, "unknown"),
            "A370102",
        )
        .await;
        let other = refreshed(api, &["openid"]).await;
        refused(
            api,
            IdTokenReissueRequest::new(&access_token, other.refresh_token.as_deref().unwrap()),
            "A370102",
        )
        .await;

        // Without openid, the refresh grant answers OK and the pair reissues nothing.
        let plain = refreshed(api, &["profile"]).await;
        assert_eq!(plain.action, Some(TokenAction::Ok), "{plain:?}");
        refused(
            api,
            IdTokenReissueRequest::new(
                plain.access_token.as_deref().unwrap(),
                plain.refresh_token.as_deref().unwrap(),
            ),
            "A370102",
        )
        .await;
    }
    server.shutdown().await;
}

#[tokio::test]
async fn without_id_token_reissuable_the_refresh_grant_answers_ok_and_reissue_is_refused() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let token = refreshed(api, &["openid"]).await;
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        assert!(token.id_token.is_some());
        let answer = api
            .id_token_reissue(IdTokenReissueRequest::new(
                token.access_token.as_deref().unwrap(),
                token.refresh_token.as_deref().unwrap(),
            ))
            .await
            .unwrap();
        caller_error(&answer, "A370103");
    }
    server.shutdown().await;
}
