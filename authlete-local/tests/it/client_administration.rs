//! Client administration over real HTTP through `AuthleteClient` (v2 and v3): the list, update,
//! secret update, the lock flag, requestable scopes, granted scopes and client authorizations,
//! and Authlete's answers to malformed calls.

use std::sync::Arc;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi};
use http::StatusCode;
use serde_json::{Value, json};

use crate::support::start;

/// A confidential client for the client-credentials grant, of `developer`.
fn service_client(name: &str, developer: &str) -> Client {
    let mut client = Client::default();
    client.client_name = Some(name.to_owned());
    client.developer = Some(developer.to_owned());
    client.client_type = Some(ClientType::Confidential);
    client.grant_types = Some(vec![GrantType::ClientCredentials]);
    client.response_types = Some(vec![ResponseType::None]);
    client.token_auth_method = Some(ClientAuthMethod::ClientSecretBasic);
    client
}

async fn create(api: &dyn AuthleteApi, name: &str, developer: &str) -> (i64, String) {
    let created = api
        .client_create(service_client(name, developer))
        .await
        .unwrap();
    (created.client_id.unwrap(), created.client_secret.unwrap())
}

async fn client_credentials(
    api: &dyn AuthleteApi,
    id: i64,
    secret: &str,
    scope: &str,
) -> TokenResponse {
    let mut request = TokenRequest::new(format!("grant_type=client_credentials&scope={scope}"));
    request.client_id = Some(id.to_string());
    request.client_secret = Some(secret.to_owned());
    api.token(request).await.unwrap()
}

async fn introspect(api: &dyn AuthleteApi, token: &str) -> IntrospectionResponse {
    api.introspection(IntrospectionRequest::new(token))
        .await
        .unwrap()
}

fn api_error(error: ApiError) -> (StatusCode, String) {
    match error {
        ApiError::Api {
            status,
            result_code,
            ..
        } => (status, result_code.unwrap_or_default()),
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn a_locked_client_gets_no_token_and_its_tokens_are_refused_until_unlocked() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let (id, secret) = create(api, "Reports", "dev").await;
        let before = client_credentials(api, id, &secret, "profile").await;
        let access = before.access_token.unwrap();
        assert_eq!(
            introspect(api, &access).await.action,
            Some(IntrospectionAction::Ok)
        );

        let locked = api
            .client_lock_flag_update(&id.to_string(), ClientFlagUpdateRequest::new(true))
            .await
            .unwrap();
        assert_eq!(locked.result_code, "A152001");
        assert_eq!(
            api.client_get(&id.to_string()).await.unwrap().locked,
            Some(true)
        );
        let refused = client_credentials(api, id, &secret, "profile").await;
        assert_eq!(
            refused.action,
            Some(TokenAction::InvalidClient),
            "{refused:?}"
        );
        let answer = introspect(api, &access).await;
        assert_eq!(answer.action, Some(IntrospectionAction::Unauthorized));
        assert!(
            answer
                .response_content
                .unwrap()
                .contains("error=\"invalid_token\"")
        );

        api.client_lock_flag_update(&id.to_string(), ClientFlagUpdateRequest::new(false))
            .await
            .unwrap();
        assert_eq!(
            introspect(api, &access).await.action,
            Some(IntrospectionAction::Ok)
        );
        let again = client_credentials(api, id, &secret, "profile").await;
        assert_eq!(again.action, Some(TokenAction::Ok));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_locked_client_is_refused_at_the_authorization_api() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    v3.client_lock_flag_update(demo::CLIENT_ID, ClientFlagUpdateRequest::new(true))
        .await
        .unwrap();
    let parameters = format!(
        "response_type=code&client_id={}&redirect_uri={}&scope=openid",
        demo::CLIENT_ID,
        demo::REDIRECT_URI
    );
    let answer = v3
        .authorization(AuthorizationRequest::new(parameters.as_str()))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(AuthorizationAction::BadRequest));
    assert_eq!(answer.result_code.as_deref(), Some("A004304"));
    server.shutdown().await;
}

#[tokio::test]
async fn a_secret_update_replaces_the_secret_at_once() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let (id, old) = create(api, "Reports", "dev").await;
        let updated = api
            .client_secret_update(
                &id.to_string(),
                ClientSecretUpdateRequest::new("my_updated_client_secret"),
            )
            .await
            .unwrap();
        assert_eq!(updated.result_code.as_deref(), Some("A149001"));
        assert_eq!(
            updated.new_client_secret.as_deref(),
            Some("my_updated_client_secret")
        );
        assert_eq!(updated.old_client_secret.as_deref(), Some(old.as_str()));
        let with_old = client_credentials(api, id, &old, "profile").await;
        assert_eq!(with_old.action, Some(TokenAction::InvalidClient));
        let with_new = client_credentials(api, id, "my_updated_client_secret", "profile").await;
        assert_eq!(with_new.action, Some(TokenAction::Ok));

        for bad in ["", "with space", &"a".repeat(87)] {
            let error = api
                .client_secret_update(&id.to_string(), ClientSecretUpdateRequest::new(bad))
                .await
                .unwrap_err();
            assert_eq!(
                api_error(error),
                (StatusCode::BAD_REQUEST, "A149201".to_owned())
            );
        }
    }
    // A public client has no secret to update.
    let error = v3
        .client_secret_update(demo::PUBLIC_CLIENT_ID, ClientSecretUpdateRequest::new("x"))
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error),
        (StatusCode::BAD_REQUEST, "A148201".to_owned())
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_list_pages_the_clients_of_a_developer_and_an_update_keeps_id_and_secret() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let (first, secret) = create(&v3, "One", "dev-list").await;
    let (second, _) = create(&v3, "Two", "dev-list").await;
    create(&v3, "Other", "someone-else").await;

    let all = v3.client_list(ClientListOptions::default()).await.unwrap();
    assert_eq!(all.total_count, Some(6), "three demo clients and three new");
    assert_eq!((all.start, all.end), (Some(0), Some(5)));
    assert_eq!(all.clients.unwrap().len(), 5);

    let mine = v3
        .client_list(ClientListOptions::default().developer("dev-list"))
        .await
        .unwrap();
    assert_eq!(mine.total_count, Some(2));
    let ids: Vec<i64> = mine
        .clients
        .unwrap()
        .iter()
        .map(|client| client.client_id.unwrap())
        .collect();
    assert_eq!(ids, [first, second]);
    let page = v3
        .client_list(
            ClientListOptions::default()
                .developer("dev-list")
                .range(1, 2),
        )
        .await
        .unwrap();
    assert_eq!(page.clients.unwrap()[0].client_id, Some(second));

    let mut changed = service_client("One, renamed", "dev-list");
    changed.grant_types = Some(vec![GrantType::ClientCredentials, GrantType::RefreshToken]);
    let updated = v3.client_update(&first.to_string(), changed).await.unwrap();
    assert_eq!(updated.client_id, Some(first));
    assert_eq!(updated.client_name.as_deref(), Some("One, renamed"));
    assert_eq!(updated.client_secret.as_deref(), Some(secret.as_str()));
    assert!(updated.modified_at >= updated.created_at);
    let read = v3.client_get(&first.to_string()).await.unwrap();
    assert_eq!(read.client_name.as_deref(), Some("One, renamed"));
    assert_eq!(
        read.grant_types,
        Some(vec![GrantType::ClientCredentials, GrantType::RefreshToken])
    );
    assert_eq!(
        client_credentials(&v3, first, &secret, "profile")
            .await
            .action,
        Some(TokenAction::Ok)
    );

    let error = v3
        .client_update("424242", service_client("x", "y"))
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error),
        (StatusCode::NOT_FOUND, "A217301".to_owned())
    );
    let mut invalid = service_client("x", "y");
    invalid.grant_types = Some(vec![GrantType::AuthorizationCode]);
    let error = v3
        .client_update(&first.to_string(), invalid)
        .await
        .unwrap_err();
    assert_eq!(
        api_error(error),
        (StatusCode::BAD_REQUEST, "A151201".to_owned())
    );
    server.shutdown().await;
}

#[tokio::test]
async fn requestable_scopes_restrict_the_password_grant_and_the_device_flow() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        for client in ["2000", "3000"] {
            api.client_requestable_scopes_update(
                client,
                ClientExtensionRequestableScopesUpdateRequest::new(["openid", "profile"]),
            )
            .await
            .unwrap();
        }
        // The password grant's ticket keeps only the requestable scopes, and so does the token.
        let mut password = TokenRequest::new(
            "grant_type=password&username=john&password=john&scope=openid+profile+email",
        );
        password.client_id = Some(demo::CLIENT_ID.to_owned());
        password.client_secret = Some(demo::CLIENT_SECRET.to_owned());
        let answer = api.token(password).await.unwrap();
        assert_eq!(answer.action, Some(TokenAction::Password));
        let issued = api
            .token_issue(TokenIssueRequest::new(answer.ticket.unwrap(), "john"))
            .await
            .unwrap();
        assert_eq!(
            issued.scopes,
            Some(vec!["openid".to_owned(), "profile".to_owned()])
        );
        // The device flow's request too.
        let device = api
            .device_authorization(DeviceAuthorizationRequest::new(
                "client_id=3000&scope=openid+profile+email",
            ))
            .await
            .unwrap();
        assert_eq!(device.action, Some(DeviceAuthorizationAction::Ok));
        let names: Vec<_> = device
            .scopes
            .unwrap_or_default()
            .into_iter()
            .filter_map(|scope| scope.name)
            .collect();
        assert_eq!(names, ["openid", "profile"]);
        for client in ["2000", "3000"] {
            api.client_requestable_scopes_delete(client).await.unwrap();
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn requestable_scopes_drop_the_other_scopes_until_deleted() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let (id, secret) = create(api, "Reports", "dev").await;
        let id_text = id.to_string();
        let none = api.client_requestable_scopes_get(&id_text).await.unwrap();
        assert_eq!(none.requestable_scopes, None);

        let set = api
            .client_requestable_scopes_update(
                &id_text,
                ClientExtensionRequestableScopesUpdateRequest::new([
                    "profile",
                    "not-a-scope",
                    "profile",
                ]),
            )
            .await
            .unwrap();
        // Unsupported scopes are ignored, as Authlete ignores them.
        assert_eq!(set.requestable_scopes, Some(vec!["profile".to_owned()]));
        let read = api.client_requestable_scopes_get(&id_text).await.unwrap();
        assert_eq!(read.requestable_scopes, Some(vec!["profile".to_owned()]));

        let token = client_credentials(api, id, &secret, "profile+email").await;
        assert_eq!(token.action, Some(TokenAction::Ok));
        assert_eq!(token.scopes, Some(vec!["profile".to_owned()]));

        api.client_requestable_scopes_delete(&id_text)
            .await
            .unwrap();
        assert_eq!(
            api.client_requestable_scopes_get(&id_text)
                .await
                .unwrap()
                .requestable_scopes,
            None
        );
        let token = client_credentials(api, id, &secret, "profile+email").await;
        assert_eq!(
            token.scopes,
            Some(vec!["profile".to_owned(), "email".to_owned()])
        );
    }
    server.shutdown().await;
}

async fn mint(api: &dyn AuthleteApi, subject: &str, scopes: &[&str]) -> String {
    let created = api
        .token_create(
            TokenCreateRequest::new(GrantType::AuthorizationCode, 2000)
                .subject(subject)
                .scopes(scopes.iter().copied()),
        )
        .await
        .unwrap();
    created.access_token.unwrap()
}

#[tokio::test]
async fn granted_scopes_and_client_authorizations_follow_the_subjects_tokens() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, _, v3) = start(backend).await;
    let first = mint(&v3, "alice", &["profile"]).await;
    clock.advance(std::time::Duration::from_secs(1));
    let second = mint(&v3, "alice", &["email"]).await;
    mint(&v3, "bob", &["address"]).await;

    let granted = v3
        .client_granted_scopes_get(demo::CLIENT_ID, "alice")
        .await
        .unwrap();
    assert_eq!(granted.result_code.as_deref(), Some("A153001"));
    assert_eq!(granted.client_id, Some(2000));
    assert_eq!(granted.subject.as_deref(), Some("alice"));
    assert_eq!(
        granted.latest_granted_scopes,
        Some(vec!["email".to_owned()])
    );
    assert_eq!(
        granted.merged_granted_scopes,
        Some(vec!["profile".to_owned(), "email".to_owned()])
    );

    let authorized = v3
        .client_authorization_list(ClientAuthorizationGetListRequest::new("alice"))
        .await
        .unwrap();
    assert_eq!(authorized.total_count, Some(1));
    let clients = authorized.clients.unwrap();
    assert_eq!(clients[0].client_id, Some(2000));
    assert_eq!(clients[0].client_secret, None, "no secret in the list");
    let nobody = v3
        .client_authorization_list(ClientAuthorizationGetListRequest::new("carol"))
        .await
        .unwrap();
    assert_eq!(nobody.total_count, Some(0));

    v3.client_authorization_update(
        demo::CLIENT_ID,
        ClientAuthorizationUpdateRequest::new("alice", ["openid", "phone"]),
    )
    .await
    .unwrap();
    for token in [&first, &second] {
        assert_eq!(
            introspect(&v3, token).await.scopes,
            Some(vec!["openid".to_owned(), "phone".to_owned()])
        );
    }

    // Forgetting the granted scopes leaves the tokens usable.
    let deleted = v3
        .client_granted_scopes_delete(demo::CLIENT_ID, "alice")
        .await
        .unwrap();
    assert_eq!(deleted.result_code.as_deref(), Some("A154001"));
    let forgotten = v3
        .client_granted_scopes_get(demo::CLIENT_ID, "alice")
        .await
        .unwrap();
    assert_eq!(forgotten.result_code.as_deref(), Some("A153002"));
    assert_eq!(forgotten.merged_granted_scopes, None);
    assert_eq!(
        introspect(&v3, &first).await.action,
        Some(IntrospectionAction::Ok)
    );

    // Deleting the authorization deletes alice's tokens, not bob's.
    let gone = v3
        .client_authorization_delete(demo::CLIENT_ID, "alice")
        .await
        .unwrap();
    assert_eq!(gone.result_code.as_deref(), Some("A156001"));
    assert_eq!(gone.subject.as_deref(), Some("alice"));
    for token in [&first, &second] {
        assert_eq!(
            introspect(&v3, token).await.action,
            Some(IntrospectionAction::Unauthorized)
        );
    }
    let bob = v3
        .client_authorization_list(ClientAuthorizationGetListRequest::new("bob"))
        .await
        .unwrap();
    assert_eq!(bob.total_count, Some(1));
    server.shutdown().await;
}

/// Method, path, body, then the expected status and result code.
type Case = (
    reqwest::Method,
    &'static str,
    Option<Value>,
    u16,
    &'static str,
);

#[tokio::test]
async fn malformed_administration_calls_are_answered_with_a_status_and_a_result_code() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = format!("{}/api/{}", server.base_url(), demo::SERVICE_API_KEY);
    let cases: Vec<Case> = vec![
        (
            reqwest::Method::GET,
            "/client/get/list?start=5&end=1",
            None,
            400,
            "A150201",
        ),
        (
            reqwest::Method::GET,
            "/client/get/list?start=x",
            None,
            400,
            "A150201",
        ),
        (
            reqwest::Method::POST,
            "/client/lock_flag/update/2000",
            Some(json!({})),
            400,
            "A152201",
        ),
        (
            reqwest::Method::POST,
            "/client/lock_flag/update/424242",
            Some(json!({"clientLocked": true})),
            404,
            "A217301",
        ),
        (
            reqwest::Method::POST,
            "/client/secret/update/2000",
            Some(json!({"clientSecret": "a/b"})),
            400,
            "A149201",
        ),
        (
            reqwest::Method::POST,
            "/client/update/2000",
            Some(json!({"grantTypes": "not-a-list"})),
            400,
            "A001205",
        ),
        (
            reqwest::Method::GET,
            "/client/granted_scopes/get/2000",
            None,
            400,
            "A153201",
        ),
        (
            reqwest::Method::GET,
            "/client/granted_scopes/get/424242?subject=alice",
            None,
            404,
            "A217301",
        ),
        (
            reqwest::Method::DELETE,
            "/client/granted_scopes/delete/2000",
            None,
            400,
            "A153201",
        ),
        (
            reqwest::Method::GET,
            "/client/authorization/get/list",
            None,
            400,
            "A153201",
        ),
        (
            reqwest::Method::POST,
            "/client/authorization/update/2000",
            Some(json!({"scopes": ["openid"]})),
            400,
            "A153201",
        ),
        (
            reqwest::Method::DELETE,
            "/client/authorization/delete/424242?subject=alice",
            None,
            404,
            "A217301",
        ),
        (
            reqwest::Method::GET,
            "/client/extension/requestable_scopes/get/424242",
            None,
            404,
            "A217301",
        ),
        (
            reqwest::Method::DELETE,
            "/client/lock_flag/update/2000",
            None,
            405,
            "A001405",
        ),
    ];
    for (method, path, body, status, code) in cases {
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
        if status == 405 {
            assert_eq!(response.headers()["allow"], "POST");
        }
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer["resultCode"], code, "{path}: {answer}");
        let message = answer["resultMessage"].as_str().unwrap();
        assert!(message.starts_with(&format!("[{code}] ")), "{message}");
        let keys: Vec<&String> = answer.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["resultCode", "resultMessage"], "{path}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_post_forms_take_the_subject_in_the_body_and_put_updates_requestable_scopes() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    mint(&v3, "alice", &["profile"]).await;
    let http = reqwest::Client::new();
    let base = format!("{}/api/{}", server.base_url(), demo::SERVICE_API_KEY);
    let call = |method: reqwest::Method, path: &str, body: Value| {
        http.request(method, format!("{base}{path}"))
            .header(
                "authorization",
                format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
            )
            .json(&body)
            .send()
    };
    let granted: Value = call(
        reqwest::Method::POST,
        "/client/granted_scopes/get/2000",
        json!({"subject": "alice"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(granted["latestGrantedScopes"], json!(["profile"]));
    let listed: Value = call(
        reqwest::Method::POST,
        "/client/authorization/get/list",
        json!({"subject": "alice"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(listed["totalCount"], 1);
    for method in [reqwest::Method::PUT, reqwest::Method::POST] {
        let response = call(
            method,
            "/client/extension/requestable_scopes/update/2000",
            json!({"requestableScopes": ["openid"]}),
        )
        .await
        .unwrap();
        assert_eq!(response.status(), 200);
        let answer: Value = response.json().await.unwrap();
        assert_eq!(answer, json!({"requestableScopes": ["openid"]}));
    }
    let deleted = call(
        reqwest::Method::POST,
        "/client/authorization/delete/2000",
        json!({"subject": "alice"}),
    )
    .await
    .unwrap();
    assert_eq!(deleted.status(), 200);
    let response = http
        .delete(format!(
            "{base}/client/extension/requestable_scopes/delete/2000"
        ))
        .header(
            "authorization",
            format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert!(response.bytes().await.unwrap().is_empty());
    server.shutdown().await;
}
