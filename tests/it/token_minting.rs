//! A token minted with `/auth/token/create` (no login flow) opens a route protected by
//! `AuthleteBearer`, over real HTTP against the local backend; revoking or deleting it closes the
//! route again.

use std::net::SocketAddr;

use authlete_local::{LocalBackend, LocalServer, demo};
use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::dto::{GrantType, TokenCreateRequest, TokenRevokeRequest};
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, BearerToken};

/// `/res` answers `subject:scopes`; `/email` needs the `email` scope.
async fn serve(bearer: AuthleteBearer) -> SocketAddr {
    use axum::routing::get;
    async fn whoami(token: BearerToken) -> String {
        format!(
            "{}:{}",
            token.subject().unwrap_or("-"),
            token.scopes().join(" ")
        )
    }
    let app = axum::Router::new()
        .route("/res", get(whoami))
        .route_layer(bearer.clone())
        .merge(
            axum::Router::new()
                .route("/email", get(whoami))
                .route_layer(bearer.required_scopes(["email"])),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

async fn get(url: String, token: &str) -> (u16, Option<String>, String) {
    let response = reqwest::Client::new()
        .get(url)
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

fn mint(subject: &str, scopes: &[&str]) -> TokenCreateRequest {
    TokenCreateRequest::new(
        GrantType::AuthorizationCode,
        demo::CLIENT_ID.parse().unwrap(),
    )
    .subject(subject)
    .scopes(scopes.iter().copied())
}

fn assert_invalid_token(answer: &(u16, Option<String>, String)) {
    assert_eq!(answer.0, 401, "{answer:?}");
    let challenge = answer.1.as_deref().unwrap();
    assert!(challenge.starts_with("Bearer "), "{challenge}");
    assert!(
        challenge.contains(r#"error="invalid_token""#),
        "{challenge}"
    );
}

#[tokio::test]
async fn a_minted_token_opens_a_protected_route_until_it_is_revoked_or_deleted() {
    let server = LocalServer::bind(LocalBackend::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let api = AuthleteClient::new(server.config_v3()).unwrap();
    // No cache: each request asks the backend, so the revocation shows at once.
    let bearer = AuthleteBearer::new(api.clone()).with_cache(IntrospectionCache::disabled());
    let base = format!("http://{}", serve(bearer).await);

    let token = api
        .token_create(mint("alice", &["profile", "email"]))
        .await
        .unwrap()
        .access_token
        .unwrap();
    let answer = get(format!("{base}/res"), &token).await;
    assert_eq!(answer, (200, None, "alice:profile email".to_owned()));
    assert_eq!(get(format!("{base}/email"), &token).await.0, 200);

    // A token without the route's scope: 403 insufficient_scope.
    let narrow = api
        .token_create(mint("bob", &["profile"]))
        .await
        .unwrap()
        .access_token
        .unwrap();
    let answer = get(format!("{base}/email"), &narrow).await;
    assert_eq!(answer.0, 403, "{answer:?}");
    assert!(
        answer
            .1
            .as_deref()
            .unwrap()
            .contains(r#"error="insufficient_scope""#)
    );

    let revoked = api
        .token_revoke(TokenRevokeRequest::access_token(token.clone()))
        .await
        .unwrap();
    assert_eq!(revoked.count, Some(2));
    let answer = get(format!("{base}/res"), &token).await;
    assert_invalid_token(&answer);
    assert!(
        !answer.2.contains(&token),
        "the body never echoes the token"
    );

    api.token_delete(&narrow).await.unwrap();
    assert_invalid_token(&get(format!("{base}/res"), &narrow).await);
    server.shutdown().await;
}
