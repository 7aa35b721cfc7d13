//! Grant Management for OAuth 2.0 end to end: the handlers in front of the local backend over
//! real HTTP, on axum and on actix-web. A code flow with `grant_management_action=create` gets a
//! `grant_id`, `GET /api/grants/{grant_id}` shows its scopes, a `merge` adds scopes, `DELETE`
//! revokes the grant and its tokens (refused then at UserInfo and introspection), and the grant
//! is gone (`404`); another client's token is `403`, no token `401` with a challenge, a bad
//! action is refused at the authorization endpoint, and discovery advertises the endpoint.

use serde_json::{Value, json};

use crate::common::flows::*;
use crate::common::*;
use authlete_local::demo;

/// The public demo client's code flow with PKCE for `scope` and `extra` parameters, to its
/// token response.
async fn code_flow(env: &Env, scope: &str, extra: &str) -> Value {
    let query = format!(
        "response_type=code&client_id={}&{}&scope={scope}&state=s&nonce=n\
         &code_challenge={}&code_challenge_method=S256{extra}",
        demo::PUBLIC_CLIENT_ID,
        redirect_uri(),
        challenge(VERIFIER)
    );
    let page = env.authorization_page(&query).await;
    let decision = env.consent(&page, true).await;
    let params = redirect_params(&decision);
    let code = params.get("code").unwrap_or_else(|| panic!("{params:?}"));
    let answer = env
        .token(
            None,
            &form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", demo::REDIRECT_URI),
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("code_verifier", VERIFIER),
            ]),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    answer.json()
}

async fn grants(env: &Env, method: reqwest::Method, grant_id: &str, token: Option<&str>) -> Answer {
    let mut request = http().request(method, env.url(&format!("/api/grants/{grant_id}")));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    Answer::from(request.send().await.unwrap()).await
}

async fn flow(mount: Mount) {
    let env = Env::start(mount).await;

    // Discovery advertises the endpoint and its actions.
    let document = get(&env.url("/.well-known/openid-configuration"))
        .await
        .json();
    assert_eq!(
        document["grant_management_endpoint"],
        format!("{}/api/grants", demo::ISSUER)
    );
    assert_eq!(
        document["grant_management_actions_supported"],
        json!(["create", "query", "replace", "revoke", "merge"])
    );
    assert_eq!(document["grant_management_action_required"], false);

    // create: the token response names the grant.
    let tokens = code_flow(&env, "openid%20profile", "&grant_management_action=create").await;
    let grant_id = tokens["grant_id"].as_str().expect("grant_id").to_owned();
    let first = tokens["access_token"].as_str().unwrap().to_owned();
    let answer = grants(&env, reqwest::Method::GET, &grant_id, Some(&first)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.content_type().starts_with("application/json"));
    assert_eq!(
        answer.json(),
        json!({"scopes": [{"scope": "openid profile"}]})
    );

    // merge: the grant gains the new scopes.
    let merge = format!("&grant_management_action=merge&grant_id={grant_id}");
    let tokens = code_flow(&env, "email", &merge).await;
    assert_eq!(tokens["grant_id"], grant_id.as_str());
    let merged = tokens["access_token"].as_str().unwrap().to_owned();
    let answer = grants(&env, reqwest::Method::GET, &grant_id, Some(&merged)).await;
    assert_eq!(
        answer.json(),
        json!({"scopes": [{"scope": "openid profile email"}]})
    );

    // Another client's token: 403, with the backend's challenge.
    let other = env.client_credentials().await;
    for method in [reqwest::Method::GET, reqwest::Method::DELETE] {
        let answer = grants(&env, method, &grant_id, Some(&other)).await;
        assert_eq!(answer.status, 403, "{answer:?}");
        assert!(
            answer
                .header("www-authenticate")
                .unwrap()
                .starts_with("Bearer error=")
        );
    }
    // No token: 401 with a bare challenge; an unknown one: 401 invalid_token.
    let answer = grants(&env, reqwest::Method::GET, &grant_id, None).await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"grant_management\"")
    );
    let answer = grants(&env, reqwest::Method::GET, &grant_id, Some("no-such-token")).await;
    assert_eq!(answer.status, 401);
    assert!(
        answer
            .header("www-authenticate")
            .unwrap()
            .contains("error=\"invalid_token\"")
    );

    // revoke: 204; the grant's tokens are refused at UserInfo and introspection.
    let answer = grants(&env, reqwest::Method::DELETE, &grant_id, Some(&first)).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (204, ""),
        "{answer:?}"
    );
    for token in [&first, &merged] {
        assert_eq!(env.userinfo(token).await.status, 401);
        assert_eq!(env.introspect(token).await["active"], false);
    }
    // The grant is gone.
    let fresh = code_flow(&env, "openid", "").await;
    assert!(fresh.get("grant_id").is_none(), "{fresh}");
    let fresh = fresh["access_token"].as_str().unwrap().to_owned();
    let answer = grants(&env, reqwest::Method::GET, &grant_id, Some(&fresh)).await;
    assert_eq!(answer.status, 404, "{answer:?}");
    assert!(
        answer
            .header("www-authenticate")
            .unwrap()
            .contains("invalid_grant_id")
    );

    // A bad action, or a merge into the revoked grant, is refused at the authorization
    // endpoint: back to the client with the error.
    for (extra, error) in [
        (
            "&grant_management_action=bogus".to_owned(),
            "invalid_request",
        ),
        (
            "&grant_management_action=create&grant_id=g".to_owned(),
            "invalid_request",
        ),
        (merge.clone(), "invalid_grant_id"),
    ] {
        let query = format!(
            "response_type=code&client_id={}&{}&scope=openid&state=s\
             &code_challenge={}&code_challenge_method=S256{extra}",
            demo::PUBLIC_CLIENT_ID,
            redirect_uri(),
            challenge(VERIFIER)
        );
        let answer = get(&env.url(&format!("/api/authorization?{query}"))).await;
        let params = redirect_params(&answer);
        assert_eq!(
            params.get("error").map(String::as_str),
            Some(error),
            "{extra}"
        );
        assert_eq!(params.get("state").map(String::as_str), Some("s"));
    }
}

#[tokio::test]
async fn grant_management_end_to_end_on_axum() {
    flow(Mount::Axum).await;
}

#[cfg(feature = "actix")]
#[tokio::test]
async fn grant_management_end_to_end_on_actix() {
    flow(Mount::Actix).await;
}
