//! Client management over real HTTP: `/client/create` and `/client/delete/{clientId}` through
//! `AuthleteClient` (v2 and v3), and Authlete's answers to malformed calls.

use authlete_local::{LocalBackend, demo};
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi};
use http::StatusCode;
use serde_json::{Value, json};

use crate::support::start;

/// A confidential client for the client-credentials grant.
fn service_client(name: &str) -> Client {
    let mut client = Client::default();
    client.client_name = Some(name.to_owned());
    client.client_type = Some(ClientType::Confidential);
    client.grant_types = Some(vec![GrantType::ClientCredentials]);
    client.response_types = Some(vec![ResponseType::None]);
    client.token_auth_method = Some(ClientAuthMethod::ClientSecretBasic);
    // Ignored: Authlete assigns both.
    client.client_id = Some(2000);
    client.client_secret = Some("my-own-secret".to_owned());
    client
}

async fn client_credentials(api: &dyn AuthleteApi, id: i64, secret: &str) -> TokenResponse {
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(id.to_string());
    request.client_secret = Some(secret.to_owned());
    api.token(request).await.unwrap()
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
async fn a_created_client_gets_tokens_at_once_until_it_is_deleted() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    let mut ids = Vec::new();
    for api in [&v2, &v3] {
        let created = api.client_create(service_client("Reports")).await.unwrap();
        let id = created.client_id.unwrap();
        assert!(id > 10_000 && !ids.contains(&id), "{id}");
        ids.push(id);
        let secret = created.client_secret.clone().unwrap();
        assert_ne!(secret, "my-own-secret");
        assert!(secret.len() >= 43);
        assert_eq!(created.client_name.as_deref(), Some("Reports"));
        assert_eq!(created.client_type, Some(ClientType::Confidential));
        assert_eq!(
            created.grant_types,
            Some(vec![GrantType::ClientCredentials])
        );
        // It is the client `/client/get` reads.
        assert_eq!(
            api.client_get(&id.to_string()).await.unwrap().client_id,
            Some(id)
        );

        let token = client_credentials(api, id, &secret).await;
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        assert_eq!(token.client_id, Some(id));
        let access = token.access_token.unwrap();
        let wrong = client_credentials(api, id, "wrong").await;
        assert_eq!(wrong.action, Some(TokenAction::InvalidClient));

        api.client_delete(&id.to_string()).await.unwrap();
        let gone = client_credentials(api, id, &secret).await;
        assert_eq!(gone.action, Some(TokenAction::InvalidClient));
        // Its tokens went with it.
        let answer = api
            .introspection(IntrospectionRequest::new(access))
            .await
            .unwrap();
        assert_eq!(answer.action, Some(IntrospectionAction::Unauthorized));
        let (status, code, _) = api_error(api.client_get(&id.to_string()).await.unwrap_err());
        assert_eq!((status, code.as_str()), (StatusCode::NOT_FOUND, "A217301"));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_public_client_has_no_secret() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let mut client = Client::default();
    client.client_type = Some(ClientType::Public);
    client.application_type = Some(ApplicationType::Native);
    client.grant_types = Some(vec![GrantType::AuthorizationCode]);
    client.response_types = Some(vec![ResponseType::Code]);
    client.redirect_uris = Some(vec!["http://127.0.0.1:9000/cb".to_owned()]);
    let created = v3.client_create(client).await.unwrap();
    assert_eq!(created.client_secret, None);
    assert_eq!(created.client_type, Some(ClientType::Public));
    assert_eq!(created.token_auth_method, Some(ClientAuthMethod::None));
    server.shutdown().await;
}

/// Method, path, body, then the expected status, result code and words of the message.
type Case = (
    reqwest::Method,
    &'static str,
    Option<Value>,
    u16,
    &'static str,
    &'static str,
);

#[tokio::test]
async fn malformed_client_calls_are_answered_with_a_status_and_a_result_code() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = format!("{}/api/{}", server.base_url(), demo::SERVICE_API_KEY);
    let cases: Vec<Case> = vec![
        (
            reqwest::Method::POST,
            "/client/create",
            Some(json!({"clientType": "CONFIDENTIAL", "grantTypes": ["NO_SUCH_GRANT"]})),
            400,
            "A212201",
            "grant type 'NO_SUCH_GRANT' is not supported.",
        ),
        (
            reqwest::Method::POST,
            "/client/create",
            Some(json!({"clientType": "CONFIDENTIAL", "grantTypes": ["AUTHORIZATION_CODE"]})),
            400,
            "A212201",
            "redirect_uris is required",
        ),
        (
            reqwest::Method::POST,
            "/client/create",
            Some(
                json!({"clientType": "CONFIDENTIAL", "tokenAuthMethod": "PRIVATE_KEY_JWT",
                        "grantTypes": ["CLIENT_CREDENTIALS"]}),
            ),
            400,
            "A212201",
            "private_key_jwt needs a jwks",
        ),
        (
            reqwest::Method::POST,
            "/client/create",
            Some(json!({"clientType": "CONFIDENTIAL", "tokenAuthMethod": "NONE"})),
            400,
            "A212201",
            "needs clientType PUBLIC",
        ),
        (
            reqwest::Method::POST,
            "/client/create",
            Some(json!({"clientType": "CONFIDENTIAL", "jwks": "{not json",
                        "grantTypes": ["CLIENT_CREDENTIALS"]})),
            400,
            "A212201",
            "jwks is not a JSON object.",
        ),
        (
            reqwest::Method::POST,
            "/client/create",
            Some(json!({"redirectUris": "not-a-list"})),
            400,
            "A001205",
            "",
        ),
        (
            reqwest::Method::DELETE,
            "/client/delete/424242",
            None,
            404,
            "A217301",
            "",
        ),
        (
            reqwest::Method::DELETE,
            "/client/delete/not-a-number",
            None,
            404,
            "A217301",
            "",
        ),
    ];
    for (method, path, body, status, code, words) in cases {
        let mut request = http
            .request(method.clone(), format!("{base}{path}"))
            .header(
                "authorization",
                format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
            );
        if let Some(body) = &body {
            request = request.json(body);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{method} {path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["resultCode"], code, "{path}: {answer}");
        let message = answer["resultMessage"].as_str().unwrap();
        assert!(message.starts_with(&format!("[{code}] ")), "{message}");
        assert!(message.contains(words), "{path}: {message}");
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["resultCode", "resultMessage"], "{path}");
    }
    // A created client is answered 201 over HTTP, with its new secret and never the given one.
    let response = http
        .post(format!("{base}/client/create"))
        .header(
            "authorization",
            format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
        )
        .json(
            &json!({"clientType": "CONFIDENTIAL", "grantTypes": ["CLIENT_CREDENTIALS"],
                      "clientSecret": "my-own-secret"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let text = response.text().await.unwrap();
    assert!(!text.contains("my-own-secret"), "{text}");
    server.shutdown().await;
}

#[tokio::test]
async fn a_refreshed_secret_replaces_the_old_one_at_once() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let created = api.client_create(service_client("Rotating")).await.unwrap();
        let id = created.client_id.unwrap();
        let old = created.client_secret.unwrap();

        let refreshed = api.client_secret_refresh(&id.to_string()).await.unwrap();

        assert_eq!(refreshed.result_code.as_deref(), Some("A148001"));
        assert_eq!(refreshed.old_client_secret.as_deref(), Some(old.as_str()));
        let new = refreshed.new_client_secret.clone().unwrap();
        assert_ne!(new, old);
        assert!(new.len() >= 43);
        assert!(!format!("{refreshed:?}").contains(&new), "Debug redacts it");
        let refused = client_credentials(api, id, &old).await;
        assert_eq!(refused.action, Some(TokenAction::InvalidClient));
        let accepted = client_credentials(api, id, &new).await;
        assert_eq!(accepted.action, Some(TokenAction::Ok), "{accepted:?}");
    }

    // A public client has none; an unknown client is an error; neither body holds a secret.
    let http = reqwest::Client::new();
    let base = format!("{}/api/{}", server.base_url(), demo::SERVICE_API_KEY);
    for (path, code) in [
        (
            format!("/client/secret/refresh/{}", demo::PUBLIC_CLIENT_ID),
            "A148201",
        ),
        ("/client/secret/refresh/424242".to_owned(), "A148301"),
    ] {
        let response = http
            .get(format!("{base}{path}"))
            .header(
                "authorization",
                format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["resultCode"], code, "{path}: {answer}");
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["resultCode", "resultMessage"], "{path}");
    }
    server.shutdown().await;
}
