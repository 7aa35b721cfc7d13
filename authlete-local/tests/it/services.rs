//! Service management in process and over real HTTP through `AuthleteClient` (v2 and v3): the
//! registry with the configured service first, create/get/list/update/delete, the configured
//! service not deletable, and the service owner's credentials required (the service's refused).

use authlete_local::{LocalBackend, demo};
use authlete_tower::api::ApiError;
use authlete_tower::dto::Service;
use authlete_tower::{AuthleteApi, AuthleteClient};
use http::StatusCode;

use crate::support::start;

fn status(error: &ApiError) -> (StatusCode, Option<&str>) {
    match error {
        ApiError::Api {
            status,
            result_code,
            ..
        } => (*status, result_code.as_deref()),
        other => panic!("not an API error: {other:?}"),
    }
}

/// The whole life of a created service through `api`.
async fn lifecycle(api: &dyn AuthleteApi, what: &str) {
    let configured = api.service_get(demo::SERVICE_API_KEY).await.unwrap();
    assert_eq!(configured.api_key, Some(1000), "{what}");
    assert_eq!(configured.issuer.as_deref(), Some(demo::ISSUER), "{what}");
    assert_eq!(
        configured.api_secret, None,
        "{what}: the configured secret is never answered"
    );

    let mut request = Service::new("Second", "https://second.example");
    request
        .other
        .insert("accessTokenDuration".into(), serde_json::json!(600));
    let created = api.service_create(request).await.unwrap();
    let id = created.api_key.expect("a new ID");
    assert_ne!(id, 1000, "{what}");
    assert!(created.api_secret.as_deref().is_some_and(|s| s.len() >= 32));
    assert_eq!(created.other["accessTokenDuration"], 600);
    let id = id.to_string();
    assert_eq!(api.service_get(&id).await.unwrap(), created, "{what}");

    let list = api.service_get_list(None, None).await.unwrap();
    assert_eq!(list.total_count, Some(2), "{what}");
    assert_eq!(list.services, vec![configured.clone(), created.clone()]);
    let page = api.service_get_list(Some(1), Some(2)).await.unwrap();
    assert_eq!(page.services, vec![created.clone()], "{what}");

    let mut change = created.clone();
    change.service_name = Some("Renamed".into());
    change.api_key = Some(1);
    change.api_secret = Some("forged".into());
    let updated = api.service_update(&id, change).await.unwrap();
    assert_eq!(updated.service_name.as_deref(), Some("Renamed"));
    assert_eq!(updated.api_key, created.api_key, "the ID is kept");
    assert_eq!(updated.api_secret, created.api_secret, "the secret is kept");
    assert_eq!(api.service_get(&id).await.unwrap(), updated);

    let refused = api.service_delete(demo::SERVICE_API_KEY).await.unwrap_err();
    assert_eq!(
        status(&refused),
        (StatusCode::BAD_REQUEST, Some("A001302")),
        "{what}"
    );
    api.service_delete(&id).await.unwrap();
    for error in [
        api.service_get(&id).await.unwrap_err(),
        api.service_delete(&id).await.unwrap_err(),
        api.service_update("nope", Service::default())
            .await
            .unwrap_err(),
    ] {
        assert_eq!(
            status(&error),
            (StatusCode::NOT_FOUND, Some("A001301")),
            "{what}"
        );
    }
    let list = api.service_get_list(None, None).await.unwrap();
    assert_eq!(list.services, vec![configured], "{what}");
}

#[tokio::test]
async fn the_registry_in_process() {
    lifecycle(&LocalBackend::demo(), "in process").await;
}

#[tokio::test]
async fn the_registry_over_http_with_the_service_owners_credentials() {
    for version in ["v2", "v3"] {
        let (server, _, _) = start(LocalBackend::demo()).await;
        let config = match version {
            "v2" => server.config_v2().with_service_owner_credentials(
                demo::SERVICE_OWNER_API_KEY,
                demo::SERVICE_OWNER_API_SECRET,
            ),
            _ => server
                .config_v3()
                .with_service_owner_access_token(demo::SERVICE_OWNER_ACCESS_TOKEN),
        };
        let client = AuthleteClient::new(config).unwrap();
        lifecycle(&client, version).await;
        server.shutdown().await;
    }
}

#[tokio::test]
async fn the_services_own_credentials_are_refused_on_service_management() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    // The service's credentials given as the owner's: Authlete answers 401.
    for config in [
        server
            .config_v2()
            .with_service_owner_credentials(demo::SERVICE_API_KEY, demo::SERVICE_API_SECRET),
        server
            .config_v3()
            .with_service_owner_access_token(demo::SERVICE_ACCESS_TOKEN),
    ] {
        let client = AuthleteClient::new(config).unwrap();
        for error in [
            client.service_get(demo::SERVICE_API_KEY).await.unwrap_err(),
            client.service_get_list(None, None).await.unwrap_err(),
            client.service_create(Service::default()).await.unwrap_err(),
            client
                .service_delete(demo::SERVICE_API_KEY)
                .await
                .unwrap_err(),
        ] {
            assert_eq!(status(&error), (StatusCode::UNAUTHORIZED, Some("A001203")));
        }
    }
    // No credentials at all, and a wrong method.
    let http = reqwest::Client::new();
    let url = format!("{}/api/service/get/list", server.base_url());
    let answer = http.get(&url).send().await.unwrap();
    assert_eq!(answer.status(), 401);
    let body: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(body["resultCode"], "A001202");
    let answer = http
        .delete(url.replace("get/list", "create"))
        .bearer_auth(demo::SERVICE_OWNER_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 405);
    assert_eq!(answer.headers()["allow"], "POST");
    // A bad body and a bad page bound.
    let answer = http
        .post(format!("{}/api/service/create", server.base_url()))
        .bearer_auth(demo::SERVICE_OWNER_ACCESS_TOKEN)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    let answer = http
        .get(format!("{url}?start=x"))
        .bearer_auth(demo::SERVICE_OWNER_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 400);
    // The owner's credentials do not open the service's endpoint APIs.
    let answer = http
        .get(format!(
            "{}/api/1000/service/configuration",
            server.base_url()
        ))
        .bearer_auth(demo::SERVICE_OWNER_ACCESS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    server.shutdown().await;
}
