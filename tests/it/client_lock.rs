//! What users of a mock OAuth server ask for most, through `AuthleteClient` against the local
//! backend over HTTP, and then used: a client created by the management API gets a token at the
//! authorization server's token endpoint; a token minted for a subject without a login flow
//! opens a route behind `AuthleteBearer`; a locked client is refused at the token endpoint
//! (`401 invalid_client`) and its tokens by the layer (`401 invalid_token`) until it is unlocked.

use std::net::SocketAddr;

use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::dto::*;
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, BearerToken};

use crate::common::flows::{Env, Mount, basic};

/// `/res` behind the layer answers `subject:scopes`.
async fn serve(bearer: AuthleteBearer) -> SocketAddr {
    async fn whoami(token: BearerToken) -> String {
        format!(
            "{}:{}",
            token.subject().unwrap_or("-"),
            token.scopes().join(" ")
        )
    }
    let app = axum::Router::new()
        .route("/res", axum::routing::get(whoami))
        .route_layer(bearer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn resource(base: &str, token: &str) -> (u16, Option<String>, String) {
    let response = reqwest::Client::new()
        .get(format!("{base}/res"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|value| value.to_str().unwrap().to_owned());
    (status, challenge, response.text().await.unwrap())
}

fn reports_client() -> Client {
    let mut client = Client::default();
    client.client_name = Some("Reports".to_owned());
    client.client_type = Some(ClientType::Confidential);
    client.grant_types = Some(vec![GrantType::ClientCredentials]);
    client.response_types = Some(vec![ResponseType::None]);
    client
}

#[tokio::test]
async fn a_created_client_gets_tokens_until_it_is_locked_and_its_tokens_stop_working() {
    let env = Env::start(Mount::Axum).await;
    let api = AuthleteClient::new(env.local.config_v3()).unwrap();
    let bearer = AuthleteBearer::new(api.clone()).with_cache(IntrospectionCache::disabled());
    let base = format!("http://{}", serve(bearer).await);

    let created = api.client_create(reports_client()).await.unwrap();
    let id = created.client_id.unwrap();
    let secret = created.client_secret.clone().unwrap();
    let credentials = basic(&id.to_string(), &secret);
    let grant = "grant_type=client_credentials&scope=profile";

    let answer = env.token(Some(&credentials), grant).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let service_token = answer.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        resource(&base, &service_token).await,
        (200, None, "-:profile".to_owned())
    );
    // A token for a subject, minted without a login flow, for the new client.
    let minted = api
        .token_create(
            TokenCreateRequest::new(GrantType::AuthorizationCode, id)
                .subject("alice")
                .scopes(["profile", "email"]),
        )
        .await
        .unwrap()
        .access_token
        .unwrap();
    assert_eq!(
        resource(&base, &minted).await,
        (200, None, "alice:profile email".to_owned())
    );

    let locked = api
        .client_lock_flag_update(&id.to_string(), ClientFlagUpdateRequest::new(true))
        .await
        .unwrap();
    assert_eq!(locked.result_code, "A152001");

    let refused = env.token(Some(&credentials), grant).await;
    assert_eq!(refused.status, 401, "{refused:?}");
    assert_eq!(refused.json()["error"], "invalid_client");
    assert!(
        refused
            .header("www-authenticate")
            .is_some_and(|challenge| challenge.starts_with("Basic")),
        "{refused:?}"
    );
    assert!(!refused.body.contains(&secret), "no secret in the body");
    for token in [&service_token, &minted] {
        let (status, challenge, body) = resource(&base, token).await;
        assert_eq!(status, 401, "{body}");
        let challenge = challenge.unwrap();
        assert!(
            challenge.starts_with("Bearer ") && challenge.contains(r#"error="invalid_token""#),
            "{challenge}"
        );
        assert!(
            !body.contains(token.as_str()),
            "the body never echoes the token"
        );
    }

    api.client_lock_flag_update(&id.to_string(), ClientFlagUpdateRequest::new(false))
        .await
        .unwrap();
    assert_eq!(env.token(Some(&credentials), grant).await.status, 200);
    assert_eq!(
        resource(&base, &minted).await,
        (200, None, "alice:profile email".to_owned())
    );
}
