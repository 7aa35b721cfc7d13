//! ID-token reissue end to end: a refresh-token grant of an OpenID grant on a service whose
//! `idTokenReissuable` is on answers `ID_TOKEN_REISSUABLE`; the token handler calls
//! `/idtoken/reissue` of the local backend over HTTP with the user's claims and answers its token
//! response, whose new ID token has the same `sub`, `auth_time` and claims and a new `iat`.

use crate::common::flows::{self, Env, Mount};
use crate::common::form;
use authlete_local::{LocalConfig, demo};

fn reissuable() -> LocalConfig {
    let mut config = LocalConfig::demo();
    config.id_token_reissuable = true;
    config
}

/// The code flow of the demo's public client for `scope`: the token response.
async fn code_tokens(env: &Env, scope: &str, extra: &str) -> serde_json::Value {
    let verifier = flows::VERIFIER;
    let query = format!(
        "response_type=code&client_id={}&{}&scope={scope}&state=s&nonce=n\
         &code_challenge={}&code_challenge_method=S256{extra}",
        demo::PUBLIC_CLIENT_ID,
        flows::redirect_uri(),
        flows::challenge(verifier)
    );
    let page = env.authorization_page(&query).await;
    let params = flows::redirect_params(&env.consent(&page, true).await);
    let code = params.get("code").unwrap_or_else(|| panic!("{params:?}"));
    let answer = env
        .token(
            None,
            &form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", demo::REDIRECT_URI),
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("code_verifier", verifier),
            ]),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.json()
}

async fn refresh(env: &Env, refresh_token: &str) -> serde_json::Value {
    let answer = env
        .token(
            None,
            &form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", demo::PUBLIC_CLIENT_ID),
            ]),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    answer.json()
}

#[tokio::test]
async fn a_refresh_grant_with_openid_gets_a_new_id_token_from_the_reissue_api() {
    let env = Env::start_with(Mount::Axum, reissuable()).await;
    let first = code_tokens(
        &env,
        "openid%20offline_access",
        "&claims=%7B%22id_token%22%3A%7B%22name%22%3Anull%7D%7D",
    )
    .await;
    let original = env
        .verify_id_token(first["id_token"].as_str().unwrap(), demo::PUBLIC_CLIENT_ID)
        .await;
    let refresh_token = first["refresh_token"].as_str().expect("a refresh token");

    // iat has a resolution of one second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let tokens = refresh(&env, refresh_token).await;
    let access_token = tokens["access_token"].as_str().unwrap();
    assert_ne!(access_token, first["access_token"].as_str().unwrap());
    assert_ne!(tokens["refresh_token"], first["refresh_token"]);
    let id_token = tokens["id_token"].as_str().expect("a reissued ID token");
    let claims = env.verify_id_token(id_token, demo::PUBLIC_CLIENT_ID).await;
    assert_eq!(claims["sub"], original["sub"]);
    assert_eq!(claims["sub"], "1001");
    assert_eq!(claims["auth_time"], original["auth_time"]);
    assert!(
        claims["iat"].as_i64().unwrap() > original["iat"].as_i64().unwrap(),
        "{claims} after {original}"
    );
    assert_eq!(
        claims["name"], "Alice",
        "the claim asked for comes from UserSpi"
    );
    assert_eq!(claims.get("nonce"), None);
    assert!(claims["at_hash"].is_string());
    assert_eq!(env.introspect(access_token).await["active"], true);

    // The rotated refresh token reissues again.
    let again = refresh(&env, tokens["refresh_token"].as_str().unwrap()).await;
    assert!(again["id_token"].is_string(), "{again}");
    env.local.shutdown().await;
}

#[tokio::test]
async fn without_reissuable_or_openid_the_refresh_grant_answers_as_before() {
    // The service default: the refresh grant's own answer, with the backend's fresh ID token.
    let env = Env::start(Mount::Axum).await;
    let first = code_tokens(&env, "openid%20offline_access", "").await;
    let tokens = refresh(&env, first["refresh_token"].as_str().unwrap()).await;
    assert!(tokens["id_token"].is_string(), "{tokens}");
    env.local.shutdown().await;

    // Reissuable, but without openid: no ID token at all.
    let env = Env::start_with(Mount::Axum, reissuable()).await;
    let first = code_tokens(&env, "profile%20offline_access", "").await;
    let tokens = refresh(&env, first["refresh_token"].as_str().unwrap()).await;
    assert!(tokens["access_token"].is_string(), "{tokens}");
    assert_eq!(tokens.get("id_token"), None, "{tokens}");
    env.local.shutdown().await;
}
