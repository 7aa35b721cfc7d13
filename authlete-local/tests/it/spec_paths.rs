//! Every API of Authlete's v3 specification answers as Authlete does: implemented, or the action
//! or result code Authlete gives when the service does not enable the feature; never the generic
//! "No API exists at this path". Also `POST /service/configuration` as the official SDKs send it.

use authlete_local::{LocalBackend, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::ServiceConfigurationOptions;
use base64::Engine as _;
use serde_json::Value;

use crate::support::start;

/// The operations of the v3 specification, copied into the repository.
const OPERATIONS: &str = include_str!("../fixtures/v3-operations.txt");

fn operations() -> Vec<(reqwest::Method, String)> {
    OPERATIONS
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (method, path) = line.split_once(' ').unwrap();
            (method.parse().unwrap(), path.to_owned())
        })
        .collect()
}

/// `path` with the demo service ID and a placeholder for every other parameter.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment {
            "{serviceId}" => demo::SERVICE_API_KEY.to_owned(),
            s if s.starts_with('{') => "p1".to_owned(),
            s => s.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn basic() -> String {
    let pair = format!("{}:{}", demo::SERVICE_API_KEY, demo::SERVICE_API_SECRET);
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

#[tokio::test]
async fn every_operation_of_the_v3_specification_is_answered() {
    let operations = operations();
    assert_eq!(operations.len(), 88, "the fixture lists every operation");
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    for (method, path) in &operations {
        let url = format!("{}{}", server.base_url(), concrete(path));
        // Service management takes the service owner's token, not the service's.
        let token = if path.contains("/service/")
            && !path.contains("/service/configuration")
            && !path.contains("/service/jwks")
        {
            demo::SERVICE_OWNER_ACCESS_TOKEN
        } else {
            demo::SERVICE_ACCESS_TOKEN
        };
        let mut request = http
            .request(method.clone(), &url)
            .header("authorization", format!("Bearer {token}"));
        if *method != reqwest::Method::GET && *method != reqwest::Method::DELETE {
            request = request
                .header("content-type", "application/json")
                .body("{}");
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        assert_ne!(status, 405, "{method} {path}");
        assert_ne!(status, 401, "{method} {path}");
        let text = response.text().await.unwrap();
        if path == "/api/lifecycle/healthcheck" {
            assert_eq!((status, text.as_str()), (200, "OK"));
            continue;
        }
        if status == 204 {
            continue;
        }
        let answer: Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: {text}"));
        assert_ne!(answer["resultCode"], "A001404", "{method} {path}: {answer}");
        if status == 404 {
            // Only "this client does not exist" for /client/get/p1, "this token does not
            // exist" for /auth/token/delete/p1 and "no such batch" for its status.
            let expected = if path.contains("/auth/token/delete/") {
                "A135301"
            } else if path.contains("/auth/token/create/batch/status/") {
                "A372301"
            } else if path.contains("/service/") {
                "A001301"
            } else {
                "A217301"
            };
            assert_eq!(answer["resultCode"], expected, "{method} {path}: {answer}");
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn features_the_service_does_not_enable_answer_with_their_action() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = server.base_url();
    // (method, v3 path, status, action)
    let cases = [
        (
            "POST",
            "/api/1000/federation/configuration",
            200,
            Some("NOT_FOUND"),
        ),
        (
            "POST",
            "/api/1000/federation/registration",
            200,
            Some("NOT_FOUND"),
        ),
        ("POST", "/api/1000/vci/metadata", 200, Some("NOT_FOUND")),
        ("POST", "/api/1000/vci/single/issue", 200, Some("FORBIDDEN")),
        (
            "GET",
            "/api/1000/hsk/get/list",
            400,
            Some("INVALID_REQUEST"),
        ),
        (
            "GET",
            "/api/1000/client/granted_scopes/get/2000/alice",
            403,
            None,
        ),
        (
            "DELETE",
            "/api/1000/client/authorization/delete/2000/alice",
            403,
            None,
        ),
        ("POST", "/api/1000/jose/verify", 403, None),
    ];
    for (method, path, status, action) in cases {
        let response = http
            .request(method.parse().unwrap(), format!("{base}{path}"))
            .header(
                "authorization",
                format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
            )
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-store");
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        let answer: Value = response.json().await.unwrap();
        let api = path.trim_start_matches("/api/1000");
        match action {
            Some(action) => {
                assert_eq!(answer["action"], action, "{path}");
                assert_eq!(answer["resultCode"], "A001406");
                assert_eq!(
                    answer["resultMessage"],
                    format!("[A001406] {api}, The service does not enable this feature.")
                );
                let content: Value =
                    serde_json::from_str(answer["responseContent"].as_str().unwrap()).unwrap();
                let error = if action == "NOT_FOUND" {
                    "not_found"
                } else {
                    "invalid_request"
                };
                assert_eq!(content["error"], error);
            }
            None => {
                assert_eq!(answer["resultCode"], "A001403", "{path}");
                assert!(answer.get("action").is_none());
                assert!(
                    answer["resultMessage"]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("[A001403] {api}, "))
                );
            }
        }
    }
    // The v2 path of the same API, and a wrong method with the Allow header.
    let response = http
        .post(format!("{base}/api/federation/configuration"))
        .header("authorization", basic())
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap()["action"],
        "NOT_FOUND"
    );
    let response = http
        .get(format!("{base}/api/1000/federation/configuration"))
        .header(
            "authorization",
            format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    assert_eq!(
        response.json::<Value>().await.unwrap()["resultCode"],
        "A001405"
    );
    // Credentials are still required.
    let response = http
        .post(format!("{base}/api/1000/federation/configuration"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    // A path of no specification is still the generic 404.
    let response = http
        .post(format!("{base}/api/1000/federation/nothing"))
        .header(
            "authorization",
            format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.json::<Value>().await.unwrap()["resultCode"],
        "A001404"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn info_echo_and_healthcheck() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = server.base_url();
    let info: Value = http
        .get(format!("{base}/api/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        info["version"]
            .as_str()
            .unwrap()
            .starts_with("authlete-local ")
    );
    assert!(info["features"].as_array().unwrap().contains(&"dcr".into()));
    let echo = http
        .get(format!("{base}/api/misc/echo?a=1&b=x%20y"))
        .header(
            "authorization",
            format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(echo.status(), 200);
    assert_eq!(
        echo.json::<Value>().await.unwrap(),
        serde_json::json!({"a": "1", "b": "x y"})
    );
    let echo = http
        .get(format!("{base}/api/misc/echo"))
        .header("authorization", basic())
        .send()
        .await
        .unwrap();
    assert_eq!(echo.status(), 200);
    let refused = http
        .get(format!("{base}/api/misc/echo"))
        .header("authorization", "Bearer wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(
        refused.json::<Value>().await.unwrap()["resultCode"],
        "A001203"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn service_configuration_by_post_as_the_sdks_send_it() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = server.base_url();
    let bearer = format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN);
    for (api, path, auth) in [
        (&v2, "/api/service/configuration".to_owned(), basic()),
        (&v3, "/api/1000/service/configuration".to_owned(), bearer),
    ] {
        let expected = api
            .service_configuration(ServiceConfigurationOptions::default())
            .await
            .unwrap();
        let response = http
            .post(format!("{base}{path}"))
            .header("authorization", &auth)
            .header("content-type", "application/json")
            .body(r#"{"pretty": true, "patch": null}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let text = response.text().await.unwrap();
        assert!(text.contains("\n  \"issuer\""), "pretty: {text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);

        let patch =
            r#"[{"op":"add","path":"/service_documentation","value":"https://example.com/docs"}]"#;
        let body = serde_json::json!({"pretty": false, "patch": patch}).to_string();
        let response = http
            .post(format!("{base}{path}"))
            .header("authorization", &auth)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert!(!text.contains('\n'));
        let document: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            document["service_documentation"],
            "https://example.com/docs"
        );

        let response = http
            .post(format!("{base}{path}"))
            .header("authorization", &auth)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "an empty body is no options");

        for bad in [r#"{"pretty": 3}"#, r#"{"patch": {}}"#, "not json"] {
            let response = http
                .post(format!("{base}{path}"))
                .header("authorization", &auth)
                .body(bad)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{bad}");
            let answer: Value = response.json().await.unwrap();
            assert_eq!(answer["resultCode"], "A001205");
        }
        // The JWK Set stays GET only, as the specification has it.
        let response = http
            .post(format!(
                "{base}{}",
                path.replace("configuration", "jwks/get")
            ))
            .header("authorization", &auth)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405);
        assert_eq!(response.headers()["allow"], "GET");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn echo_through_authlete_client_on_both_versions_and_in_process() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let parameters: std::collections::BTreeMap<String, String> =
        [("key".to_owned(), "a value".to_owned())].into();
    let apis: [&dyn AuthleteApi; 3] = [&v2, &v3, &backend];
    for api in apis {
        assert_eq!(api.echo(parameters.clone()).await.unwrap(), parameters);
    }
    server.shutdown().await;
}
