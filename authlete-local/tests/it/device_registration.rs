//! The local backend over real HTTP: the device flow, dynamic client registration, the CIBA
//! answers, and the `authlete-local` binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi, AuthleteClient, AuthleteConfig};
use http::StatusCode;

use crate::support::{json, start};

fn device_token(device_code: &str) -> TokenRequest {
    TokenRequest::new(format!(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code={device_code}&client_id=3000"
    ))
}

async fn start_device_flow(api: &dyn AuthleteApi, scope: &str) -> DeviceAuthorizationResponse {
    let answer = api
        .device_authorization(DeviceAuthorizationRequest::new(format!(
            "client_id=3000&scope={scope}"
        )))
        .await
        .unwrap();
    assert_eq!(
        answer.action,
        Some(DeviceAuthorizationAction::Ok),
        "{answer:?}"
    );
    answer
}

#[tokio::test]
async fn device_flow_end_to_end() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, v2, v3) = start(backend).await;
    for api in [&v2, &v3] {
        let started = start_device_flow(api, "openid%20profile").await;
        assert_eq!(started.result_code.as_deref(), Some("A220001"));
        let user_code = started.user_code.clone().unwrap();
        assert_eq!(user_code.len(), 8);
        assert!(
            user_code
                .chars()
                .all(|ch| "BCDFGHJKLMNPQRSTVWXZ".contains(ch)),
            "{user_code}"
        );
        assert_eq!(
            started.verification_uri.as_deref(),
            Some("http://localhost:8000/api/device/verification")
        );
        assert_eq!(
            started.verification_uri_complete.clone().unwrap(),
            format!("http://localhost:8000/api/device/verification?user_code={user_code}")
        );
        assert_eq!(started.expires_in, Some(600));
        assert_eq!(started.interval, Some(5));
        assert_eq!(started.client_id, Some(3000));
        assert_eq!(started.client_name.as_deref(), Some("Demo Public Client"));
        let content = json(&started.response_content);
        let device_code = started.device_code.clone().unwrap();
        assert_eq!(content["device_code"], device_code.as_str());
        assert_eq!(content["user_code"], user_code.as_str());
        assert_eq!(content["interval"], 5);

        let pending = api.token(device_token(&device_code)).await.unwrap();
        assert_eq!(pending.action, Some(TokenAction::BadRequest));
        assert_eq!(
            json(&pending.response_content)["error"],
            "authorization_pending"
        );
        let fast = api.token(device_token(&device_code)).await.unwrap();
        assert_eq!(json(&fast.response_content)["error"], "slow_down");
        clock.advance(Duration::from_secs(11));
        let pending = api.token(device_token(&device_code)).await.unwrap();
        assert_eq!(
            json(&pending.response_content)["error"],
            "authorization_pending"
        );

        // The user types the code in lower case with a dash.
        let typed = format!("{}-{}", &user_code[..4], &user_code[4..]).to_lowercase();
        let verification = api
            .device_verification(DeviceVerificationRequest::new(typed.clone()))
            .await
            .unwrap();
        assert_eq!(verification.action, Some(DeviceVerificationAction::Valid));
        assert_eq!(verification.result_code.as_deref(), Some("A224001"));
        assert_eq!(
            verification.client_name.as_deref(),
            Some("Demo Public Client")
        );
        let scopes = verification.scopes.unwrap();
        assert_eq!(scopes[1].name.as_deref(), Some("profile"));
        assert!(scopes[1].description.is_some());

        let mut bad_claims =
            DeviceCompleteRequest::new(&user_code, DeviceCompleteResult::Authorized, "john");
        bad_claims.claims = Some("[]".into());
        let answer = api.device_complete(bad_claims).await.unwrap();
        assert_eq!(answer.action, Some(DeviceCompleteAction::InvalidRequest));
        let no_result: DeviceCompleteRequest =
            serde_json::from_value(serde_json::json!({"userCode": user_code, "subject": "john"}))
                .unwrap();
        let answer = api.device_complete(no_result).await.unwrap();
        assert_eq!(answer.action, Some(DeviceCompleteAction::InvalidRequest));
        let no_subject = api
            .device_complete(DeviceCompleteRequest::new(
                &user_code,
                DeviceCompleteResult::Authorized,
                "",
            ))
            .await
            .unwrap();
        assert_eq!(
            no_subject.action,
            Some(DeviceCompleteAction::InvalidRequest)
        );
        let mut complete =
            DeviceCompleteRequest::new(&user_code, DeviceCompleteResult::Authorized, "john");
        complete.claims = Some(r#"{"name":"John"}"#.into());
        let done = api.device_complete(complete).await.unwrap();
        assert_eq!(done.action, Some(DeviceCompleteAction::Success));
        let twice = api
            .device_complete(DeviceCompleteRequest::new(
                &user_code,
                DeviceCompleteResult::Authorized,
                "john",
            ))
            .await
            .unwrap();
        assert_eq!(twice.action, Some(DeviceCompleteAction::InvalidRequest));

        clock.advance(Duration::from_secs(11));
        let token = api.token(device_token(&device_code)).await.unwrap();
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        assert_eq!(token.subject.as_deref(), Some("john"));
        assert_eq!(json(&token.response_content)["scope"], "openid profile");
        assert!(token.id_token.is_some() && token.refresh_token.is_some());
        let check = api
            .introspection(IntrospectionRequest::new(token.access_token.unwrap()))
            .await
            .unwrap();
        assert_eq!(check.grant_type, Some(GrantType::DeviceCode));
        // The device code is used up.
        let again = api.token(device_token(&device_code)).await.unwrap();
        assert_eq!(json(&again.response_content)["error"], "invalid_grant");
        let gone = api
            .device_verification(DeviceVerificationRequest::new(typed))
            .await
            .unwrap();
        assert_eq!(gone.action, Some(DeviceVerificationAction::NotExist));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn device_flow_errors() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, v2, _) = start(backend).await;
    // Denied.
    let started = start_device_flow(&v2, "profile").await;
    let denied = v2
        .device_complete(DeviceCompleteRequest::new(
            started.user_code.unwrap(),
            DeviceCompleteResult::AccessDenied,
            "",
        ))
        .await
        .unwrap();
    assert_eq!(denied.action, Some(DeviceCompleteAction::Success));
    let token = v2
        .token(device_token(started.device_code.as_deref().unwrap()))
        .await
        .unwrap();
    assert_eq!(json(&token.response_content)["error"], "access_denied");

    // Unknown codes.
    let unknown = v2
        .device_verification(DeviceVerificationRequest::new("BCDF-GHJK"))
        .await
        .unwrap();
    assert_eq!(unknown.action, Some(DeviceVerificationAction::NotExist));
    let unknown = v2
        .device_complete(DeviceCompleteRequest::new(
            "BCDF-GHJK",
            DeviceCompleteResult::Authorized,
            "john",
        ))
        .await
        .unwrap();
    assert_eq!(unknown.action, Some(DeviceCompleteAction::UserCodeNotExist));
    let token = v2.token(device_token("nope")).await.unwrap();
    assert_eq!(json(&token.response_content)["error"], "invalid_grant");
    let token = v2
        .token(TokenRequest::new(
            "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&client_id=3000",
        ))
        .await
        .unwrap();
    assert_eq!(json(&token.response_content)["error"], "invalid_request");

    // Expired.
    let started = start_device_flow(&v2, "profile").await;
    let user_code = started.user_code.unwrap();
    clock.advance(Duration::from_secs(601));
    let expired = v2
        .device_verification(DeviceVerificationRequest::new(&user_code))
        .await
        .unwrap();
    assert_eq!(expired.action, Some(DeviceVerificationAction::Expired));
    let expired = v2
        .device_complete(DeviceCompleteRequest::new(
            &user_code,
            DeviceCompleteResult::Authorized,
            "john",
        ))
        .await
        .unwrap();
    assert_eq!(expired.action, Some(DeviceCompleteAction::UserCodeExpired));
    let token = v2
        .token(device_token(started.device_code.as_deref().unwrap()))
        .await
        .unwrap();
    assert_eq!(json(&token.response_content)["error"], "expired_token");

    // Device authorization errors.
    let cases: &[(&str, Option<&str>, DeviceAuthorizationAction, &str)] = &[
        (
            "client_id=2000&scope=profile",
            Some(demo::CLIENT_SECRET),
            DeviceAuthorizationAction::BadRequest,
            "unauthorized_client",
        ),
        (
            "client_id=2000",
            Some("wrong"),
            DeviceAuthorizationAction::Unauthorized,
            "invalid_client",
        ),
        (
            "client_id=4242",
            None,
            DeviceAuthorizationAction::Unauthorized,
            "invalid_client",
        ),
        (
            "client_id=3000&scope=admin",
            None,
            DeviceAuthorizationAction::BadRequest,
            "invalid_scope",
        ),
    ];
    for (parameters, secret, action, error) in cases {
        let mut request = DeviceAuthorizationRequest::new(*parameters);
        request.client_secret = secret.map(str::to_owned);
        if secret.is_some() {
            request.client_id = Some(demo::CLIENT_ID.into());
        }
        let answer = v2.device_authorization(request).await.unwrap();
        assert_eq!(answer.action.as_ref(), Some(action), "{parameters}");
        assert_eq!(
            json(&answer.response_content)["error"],
            *error,
            "{parameters}"
        );
    }
    // A device code belongs to its client.
    let started = start_device_flow(&v2, "profile").await;
    let mut other = TokenRequest::new(format!(
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code={}",
        started.device_code.unwrap()
    ));
    other.client_id = Some(demo::CLIENT_ID.into());
    other.client_secret = Some(demo::CLIENT_SECRET.into());
    // Client 2000 may not use the grant at all.
    assert_eq!(
        json(&v2.token(other).await.unwrap().response_content)["error"],
        "unauthorized_client"
    );
    server.shutdown().await;
}

/// A registration request carrying the demo's initial access token.
fn registration(metadata: &str) -> ClientRegistrationRequest {
    let mut request = ClientRegistrationRequest::new(metadata);
    request.token = Some(demo::INITIAL_ACCESS_TOKEN.to_owned());
    request
}

fn assert_refused_registration(answer: &ClientRegistrationResponse, what: &str) {
    assert_eq!(
        answer.action,
        Some(ClientRegistrationAction::Unauthorized),
        "{what}: {answer:?}"
    );
    assert_eq!(answer.result_code.as_deref(), Some("A202302"), "{what}");
    assert_eq!(json(&answer.response_content)["error"], "invalid_token");
    assert!(answer.client.is_none());
}

/// Issue 11, finding 3: registration needs an initial access token unless it is opened.
#[tokio::test]
async fn registration_needs_an_initial_access_token_unless_open() {
    let metadata = r#"{"redirect_uris":["https://app.example/cb"]}"#;
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let answer = api
            .client_registration(ClientRegistrationRequest::new(metadata))
            .await
            .unwrap();
        assert_refused_registration(&answer, "no token");
        let mut wrong = ClientRegistrationRequest::new(metadata);
        wrong.token = Some("local-initial-access-tokeN".into());
        assert_refused_registration(
            &api.client_registration(wrong).await.unwrap(),
            "a wrong token",
        );
        let answer = api
            .client_registration(registration(metadata))
            .await
            .unwrap();
        assert_eq!(answer.action, Some(ClientRegistrationAction::Created));
    }
    server.shutdown().await;

    let config = LocalConfig::from_toml_str(
        "[registration]\ninitial_access_tokens = [\"first\", \"second\"]\n",
    )
    .unwrap();
    let (server, v2, _) = start(LocalBackend::new(config).unwrap()).await;
    let answer = v2
        .client_registration(registration(metadata))
        .await
        .unwrap();
    assert_refused_registration(&answer, "the demo token is not configured any more");
    let mut second = ClientRegistrationRequest::new(metadata);
    second.token = Some("second".into());
    assert_eq!(
        v2.client_registration(second).await.unwrap().action,
        Some(ClientRegistrationAction::Created)
    );
    server.shutdown().await;

    let config = LocalConfig::from_toml_str("[registration]\nopen = true\n").unwrap();
    let (server, v2, _) = start(LocalBackend::new(config).unwrap()).await;
    assert_eq!(
        v2.client_registration(ClientRegistrationRequest::new(metadata))
            .await
            .unwrap()
            .action,
        Some(ClientRegistrationAction::Created)
    );
    server.shutdown().await;
    assert!(LocalConfig::from_toml_str("[registration]\nopen = \"yes\"\n").is_err());
}

/// Issue 11, finding 1: redirect URIs that would run script in the authorization server's
/// origin, and the others RFC 9700 §4.1 rules out, are refused at registration, at update, and
/// in the configuration.
#[tokio::test]
async fn dangerous_redirect_uris_are_refused() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let refused = [
        r#"{"redirect_uris":["javascript:document.documentElement.innerHTML=%27XSS-RAN-IN-%27+document.domain//"],"response_types":["code"],"grant_types":["authorization_code"]}"#,
        r#"{"redirect_uris":["data:text/html,<script>alert(1)</script>"]}"#,
        r#"{"redirect_uris":["file:///etc/passwd"]}"#,
        r#"{"redirect_uris":["vbscript:msgbox(1)"]}"#,
        r#"{"redirect_uris":["https://app.example/cb#"]}"#,
        r#"{"redirect_uris":["http://app.example/cb"]}"#,
        r#"{"redirect_uris":["http://127.0.0.1:4000/cb"]}"#,
        r#"{"application_type":"native","redirect_uris":["http://app.example/cb"]}"#,
        r#"{"redirect_uris":["com.example.app:/cb"]}"#,
        r#"{"application_type":"native","redirect_uris":["javascript:alert(1)"]}"#,
    ];
    for metadata in refused {
        let answer = v2
            .client_registration(registration(metadata))
            .await
            .unwrap();
        assert_eq!(
            answer.action,
            Some(ClientRegistrationAction::BadRequest),
            "{metadata}"
        );
        assert_eq!(
            json(&answer.response_content)["error"],
            "invalid_redirect_uri",
            "{metadata}"
        );
    }
    for metadata in [
        r#"{"application_type":"native","redirect_uris":["http://127.0.0.1:4000/cb","http://[::1]/cb","http://localhost/cb"]}"#,
        r#"{"application_type":"native","redirect_uris":["com.example.app:/cb"]}"#,
    ] {
        let answer = v2
            .client_registration(registration(metadata))
            .await
            .unwrap();
        assert_eq!(
            answer.action,
            Some(ClientRegistrationAction::Created),
            "{metadata}: {answer:?}"
        );
    }
    // An update cannot bring a dangerous URI in either.
    let created = v2
        .client_registration(registration(
            r#"{"redirect_uris":["https://app.example/cb"]}"#,
        ))
        .await
        .unwrap();
    let content = json(&created.response_content);
    let mut update = ClientRegistrationRequest::new(r#"{"redirect_uris":["javascript:alert(1)"]}"#);
    update.token = content["registration_access_token"]
        .as_str()
        .map(str::to_owned);
    update.client_id = content["client_id"].as_str().map(str::to_owned);
    let answer = v2.client_registration_update(update).await.unwrap();
    assert_eq!(answer.action, Some(ClientRegistrationAction::BadRequest));
    assert_eq!(
        json(&answer.response_content)["error"],
        "invalid_redirect_uri"
    );
    server.shutdown().await;

    for (client, reason) in [
        ("redirect_uris = [\"javascript:alert(1)\"]", "javascript"),
        ("redirect_uris = [\"http://localhost/cb\"]", "https"),
        (
            "redirect_uris = [\"http://localhost/cb\"]\napplication_type = \"desktop\"",
            "application_type",
        ),
    ] {
        let toml = format!("[[clients]]\nclient_id = 9\n{client}\n");
        let error = LocalConfig::from_toml_str(&toml).unwrap_err().to_string();
        assert!(error.contains(reason), "{toml}: {error}");
    }
    let native = LocalConfig::from_toml_str(
        "[[clients]]\nclient_id = 9\napplication_type = \"native\"\nredirect_uris = [\"http://localhost/cb\", \"com.example.app:/cb\"]\n",
    );
    assert!(native.is_ok());
}

#[tokio::test]
async fn dynamic_client_registration() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let metadata = r#"{"client_name":"Registered","redirect_uris":["https://app.example/cb"],
            "grant_types":["authorization_code","client_credentials","refresh_token"],"response_types":["code"],
            "token_endpoint_auth_method":"client_secret_post","software_id":"abc"}"#;
        let created = api
            .client_registration(registration(metadata))
            .await
            .unwrap();
        assert_eq!(
            created.action,
            Some(ClientRegistrationAction::Created),
            "{created:?}"
        );
        assert_eq!(created.result_code.as_deref(), Some("A202001"));
        let content = json(&created.response_content);
        let client_id = content["client_id"].as_str().unwrap().to_owned();
        let secret = content["client_secret"].as_str().unwrap().to_owned();
        let registration_token = content["registration_access_token"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            content["registration_client_uri"],
            format!("http://localhost:8000/api/register/{client_id}")
        );
        assert_eq!(content["client_name"], "Registered");
        assert_eq!(content["software_id"], "abc");
        assert_eq!(content["token_endpoint_auth_method"], "client_secret_post");
        assert_eq!(content["client_secret_expires_at"], 0);
        assert_eq!(
            created.client.as_ref().unwrap().client_id,
            Some(client_id.parse().unwrap())
        );

        // The new client works at the token endpoint.
        let token = api
            .token(TokenRequest::new(format!("grant_type=client_credentials&client_id={client_id}&client_secret={secret}&scope=profile")))
            .await
            .unwrap();
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        let access = token.access_token.unwrap();
        assert_eq!(
            api.client_get(&client_id)
                .await
                .unwrap()
                .client_name
                .as_deref(),
            Some("Registered")
        );

        let request = |json: Option<&str>, token: Option<&str>| {
            let mut request = ClientRegistrationRequest::default();
            request.json = json.map(str::to_owned);
            request.token = token.map(str::to_owned);
            request.client_id = Some(client_id.clone());
            request
        };
        let got = api
            .client_registration_get(request(None, Some(&registration_token)))
            .await
            .unwrap();
        assert_eq!(got.action, Some(ClientRegistrationAction::Ok));
        assert_eq!(json(&got.response_content)["client_id"], client_id.as_str());
        for bad in [None, Some("wrong-token")] {
            let denied = api
                .client_registration_get(request(None, bad))
                .await
                .unwrap();
            assert_eq!(denied.action, Some(ClientRegistrationAction::Unauthorized));
            assert_eq!(json(&denied.response_content)["error"], "invalid_token");
            let denied = api
                .client_registration_update(request(Some("{}"), bad))
                .await
                .unwrap();
            assert_eq!(denied.action, Some(ClientRegistrationAction::Unauthorized));
            let denied = api
                .client_registration_delete(request(None, bad))
                .await
                .unwrap();
            assert_eq!(denied.action, Some(ClientRegistrationAction::Unauthorized));
        }
        // A static client cannot be managed with any token.
        let mut static_client = request(None, Some(&registration_token));
        static_client.client_id = Some(demo::CLIENT_ID.into());
        assert_eq!(
            api.client_registration_get(static_client)
                .await
                .unwrap()
                .action,
            Some(ClientRegistrationAction::Unauthorized)
        );

        let update = r#"{"client_name":"Renamed","redirect_uris":["https://app.example/cb2"],"grant_types":["client_credentials"],"token_endpoint_auth_method":"client_secret_basic"}"#;
        let updated = api
            .client_registration_update(request(Some(update), Some(&registration_token)))
            .await
            .unwrap();
        assert_eq!(
            updated.action,
            Some(ClientRegistrationAction::Updated),
            "{updated:?}"
        );
        let content = json(&updated.response_content);
        assert_eq!(content["client_name"], "Renamed");
        assert_eq!(
            content["client_secret"],
            secret.as_str(),
            "the secret is kept"
        );
        let bad_update = api
            .client_registration_update(request(
                Some(r#"{"client_id":"1"}"#),
                Some(&registration_token),
            ))
            .await
            .unwrap();
        assert_eq!(
            bad_update.action,
            Some(ClientRegistrationAction::BadRequest)
        );

        let deleted = api
            .client_registration_delete(request(None, Some(&registration_token)))
            .await
            .unwrap();
        assert_eq!(deleted.action, Some(ClientRegistrationAction::Deleted));
        assert!(deleted.response_content.unwrap_or_default().is_empty());
        let token = api
            .token(TokenRequest::new(format!(
                "grant_type=client_credentials&client_id={client_id}&client_secret={secret}"
            )))
            .await
            .unwrap();
        assert_eq!(token.action, Some(TokenAction::InvalidClient));
        assert_eq!(
            api.introspection(IntrospectionRequest::new(&access))
                .await
                .unwrap()
                .action,
            Some(IntrospectionAction::Unauthorized)
        );
        assert!(matches!(
            api.client_get(&client_id).await,
            Err(ApiError::Api {
                status: StatusCode::NOT_FOUND,
                ..
            })
        ));
    }

    // A public client from registration uses PKCE at the authorization endpoint.
    let created = v2
        .client_registration(registration(
            r#"{"redirect_uris":["https://app.example/cb"],"token_endpoint_auth_method":"none"}"#,
        ))
        .await
        .unwrap();
    let content = json(&created.response_content);
    assert!(content.get("client_secret").is_none());
    let client_id = content["client_id"].as_str().unwrap();
    let answer = v2
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id={client_id}"
        )))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(AuthorizationAction::Location));
    assert!(
        answer
            .response_content
            .unwrap()
            .starts_with("https://app.example/cb?error=invalid_request")
    );

    // A client registered without the authorization_code grant cannot use response_type=code.
    let created = v2
        .client_registration(registration(
            r#"{"redirect_uris":["https://app.example/cb"],"grant_types":["client_credentials"]}"#,
        ))
        .await
        .unwrap();
    let client_id = json(&created.response_content)["client_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let answer = v2
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id={client_id}"
        )))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(AuthorizationAction::Location));
    assert!(
        answer
            .response_content
            .unwrap()
            .starts_with("https://app.example/cb?error=unauthorized_client")
    );

    let bad = [
        ("not json", "invalid_client_metadata"),
        ("[1]", "invalid_client_metadata"),
        (
            r#"{"grant_types":["authorization_code"]}"#,
            "invalid_redirect_uri",
        ),
        (r#"{"redirect_uris":["not a uri"]}"#, "invalid_redirect_uri"),
        (
            r#"{"redirect_uris":["https://a.example/cb#frag"]}"#,
            "invalid_redirect_uri",
        ),
        (
            r#"{"redirect_uris":["https://a.example/cb"],"grant_types":["magic"]}"#,
            "invalid_client_metadata",
        ),
        (
            r#"{"redirect_uris":"https://a.example/cb"}"#,
            "invalid_client_metadata",
        ),
        (
            r#"{"redirect_uris":["https://a.example/cb"],"token_endpoint_auth_method":"private_key_jwt"}"#,
            "invalid_client_metadata",
        ),
    ];
    for (metadata, error) in bad {
        let answer = v2
            .client_registration(registration(metadata))
            .await
            .unwrap();
        assert_eq!(
            answer.action,
            Some(ClientRegistrationAction::BadRequest),
            "{metadata}"
        );
        assert_eq!(json(&answer.response_content)["error"], error, "{metadata}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn client_registrations_are_bounded() {
    let mut config = LocalConfig::demo();
    // Room for one registration beside the demo's clients.
    config.limits.max_clients = config.clients.len() + 1;
    let (server, v2, _) = start(LocalBackend::new(config).unwrap()).await;
    let metadata = r#"{"grant_types":["client_credentials"]}"#;
    assert_eq!(
        v2.client_registration(registration(metadata))
            .await
            .unwrap()
            .action,
        Some(ClientRegistrationAction::Created)
    );
    match v2.client_registration(registration(metadata)).await {
        Err(ApiError::Api {
            status,
            result_code,
            ..
        }) => {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(result_code.as_deref(), Some("A000503"));
        }
        other => panic!("expected 503, got {other:?}"),
    }
    server.shutdown().await;
}

fn ticketed<T: Default + serde::de::DeserializeOwned>(ticket: &str) -> T {
    serde_json::from_value(serde_json::json!({ "ticket": ticket })).unwrap()
}

#[tokio::test]
async fn ciba_is_refused_for_the_demo_clients() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let mut request = BackchannelAuthenticationRequest::new("scope=openid&login_hint=john");
        request.client_id = Some(demo::CLIENT_ID.into());
        request.client_secret = Some(demo::CLIENT_SECRET.into());
        let answer = api.backchannel_authentication(request).await.unwrap();
        assert_eq!(
            answer.action,
            Some(BackchannelAuthenticationAction::BadRequest)
        );
        assert_eq!(
            json(&answer.response_content)["error"],
            "unauthorized_client"
        );
        let unknown = api
            .backchannel_authentication(BackchannelAuthenticationRequest::new(
                "scope=openid&client_id=4242",
            ))
            .await
            .unwrap();
        assert_eq!(
            unknown.action,
            Some(BackchannelAuthenticationAction::Unauthorized)
        );
        assert_eq!(json(&unknown.response_content)["error"], "invalid_client");
        let issue = api
            .backchannel_authentication_issue(ticketed("t"))
            .await
            .unwrap();
        assert_eq!(
            issue.action,
            Some(BackchannelAuthenticationIssueAction::InvalidTicket)
        );
        let fail = api
            .backchannel_authentication_fail(ticketed("t"))
            .await
            .unwrap();
        assert_eq!(
            fail.action,
            Some(BackchannelAuthenticationFailAction::BadRequest)
        );
        assert_eq!(json(&fail.response_content)["error"], "invalid_request");
        match api.backchannel_authentication_complete(ticketed("t")).await {
            Err(ApiError::Api {
                status,
                result_code,
                ..
            }) => {
                assert_eq!(status, StatusCode::BAD_REQUEST);
                assert_eq!(result_code.as_deref(), Some("A183301"));
            }
            other => panic!("expected 400, got {other:?}"),
        }
    }
    server.shutdown().await;
}

const CIBA_CONFIG: &str = r#"
[[clients]]
client_id = 5000
client_secret = "ciba-secret"
client_name = "CIBA Client"
grant_types = ["urn:openid:params:grant-type:ciba", "refresh_token"]
"#;

fn ciba_request(parameters: &str) -> BackchannelAuthenticationRequest {
    let mut request = BackchannelAuthenticationRequest::new(parameters);
    request.client_id = Some("5000".into());
    request.client_secret = Some("ciba-secret".into());
    request
}

fn ciba_token(auth_req_id: &str) -> TokenRequest {
    let mut request = TokenRequest::new(format!(
        "grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id={auth_req_id}"
    ));
    request.client_id = Some("5000".into());
    request.client_secret = Some("ciba-secret".into());
    request
}

#[tokio::test]
async fn ciba_is_advertised_once_a_client_may_use_it() {
    let backend = LocalBackend::new(LocalConfig::from_toml_str(CIBA_CONFIG).unwrap()).unwrap();
    let (server, _v2, v3) = start(backend).await;
    let document = v3
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(
        document["backchannel_authentication_endpoint"],
        "http://localhost:8000/api/backchannel/authentication"
    );
    assert_eq!(
        document["backchannel_token_delivery_modes_supported"],
        serde_json::json!(["poll", "ping", "push"])
    );
    assert!(
        document["grant_types_supported"]
            .as_array()
            .unwrap()
            .iter()
            .any(|grant| grant == "urn:openid:params:grant-type:ciba")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn ciba_poll_mode_for_a_configured_client() {
    let clock = ManualClock::new();
    let config = LocalConfig::from_toml_str(CIBA_CONFIG).unwrap();
    let backend = LocalBackend::with_clock(config, Arc::new(clock.clone())).unwrap();
    let (server, v2, v3) = start(backend).await;
    for api in [&v2, &v3] {
        let answer = api
            .backchannel_authentication(ciba_request(
                "scope=openid%20profile&login_hint=john&binding_message=W4SCT&requested_expiry=300",
            ))
            .await
            .unwrap();
        assert_eq!(
            answer.action,
            Some(BackchannelAuthenticationAction::UserIdentification),
            "{answer:?}"
        );
        assert_eq!(answer.result_code.as_deref(), Some("A179001"));
        assert_eq!(answer.hint_type.as_deref(), Some("LOGIN_HINT"));
        assert_eq!(answer.hint.as_deref(), Some("john"));
        assert_eq!(answer.binding_message.as_deref(), Some("W4SCT"));
        assert_eq!(answer.requested_expiry, Some(300));
        assert_eq!(answer.delivery_mode, Some(DeliveryMode::Poll));
        assert_eq!(answer.client_name.as_deref(), Some("CIBA Client"));
        let claims = answer.claim_names.clone().unwrap();
        assert!(claims.contains(&"name".to_owned()), "{claims:?}");
        let ticket = answer.ticket.unwrap();

        let issued = api
            .backchannel_authentication_issue(ticketed(&ticket))
            .await
            .unwrap();
        assert_eq!(
            issued.action,
            Some(BackchannelAuthenticationIssueAction::Ok)
        );
        let auth_req_id = issued.auth_req_id.clone().unwrap();
        let content = json(&issued.response_content);
        assert_eq!(content["auth_req_id"], auth_req_id.as_str());
        assert_eq!(content["expires_in"], 300);
        assert_eq!(content["interval"], 5);
        let twice = api
            .backchannel_authentication_issue(ticketed(&ticket))
            .await
            .unwrap();
        assert_eq!(
            twice.action,
            Some(BackchannelAuthenticationIssueAction::InvalidTicket)
        );

        let pending = api.token(ciba_token(&auth_req_id)).await.unwrap();
        assert_eq!(
            json(&pending.response_content)["error"],
            "authorization_pending"
        );
        let fast = api.token(ciba_token(&auth_req_id)).await.unwrap();
        assert_eq!(json(&fast.response_content)["error"], "slow_down");

        for bad in [
            serde_json::json!({"ticket": ticket, "subject": "john"}),
            serde_json::json!({"ticket": ticket, "result": "AUTHORIZED"}),
            serde_json::json!({"ticket": ticket, "result": "AUTHORIZED", "subject": "john", "claims": "[1]"}),
        ] {
            let request: BackchannelAuthenticationCompleteRequest =
                serde_json::from_value(bad).unwrap();
            match api.backchannel_authentication_complete(request).await {
                Err(ApiError::Api { status, .. }) => assert_eq!(status, StatusCode::BAD_REQUEST),
                other => panic!("expected 400, got {other:?}"),
            }
        }
        let mut complete: BackchannelAuthenticationCompleteRequest = ticketed(&ticket);
        complete.result = Some(BackchannelAuthenticationCompleteResult::Authorized);
        complete.subject = "john".into();
        let done = api
            .backchannel_authentication_complete(complete)
            .await
            .unwrap();
        assert_eq!(
            done.action,
            Some(BackchannelAuthenticationCompleteAction::NoAction)
        );
        let mut again: BackchannelAuthenticationCompleteRequest = ticketed(&ticket);
        again.result = Some(BackchannelAuthenticationCompleteResult::AccessDenied);
        assert!(
            api.backchannel_authentication_complete(again)
                .await
                .is_err(),
            "completed once"
        );

        clock.advance(Duration::from_secs(11));
        let token = api.token(ciba_token(&auth_req_id)).await.unwrap();
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        assert_eq!(token.subject.as_deref(), Some("john"));
        assert!(token.id_token.is_some() && token.refresh_token.is_some());
        let check = api
            .introspection(IntrospectionRequest::new(token.access_token.unwrap()))
            .await
            .unwrap();
        assert_eq!(check.grant_type, Some(GrantType::Ciba));
        let again = api.token(ciba_token(&auth_req_id)).await.unwrap();
        assert_eq!(json(&again.response_content)["error"], "invalid_grant");
    }

    // Denied, expired, and the request errors.
    let ticket = v2
        .backchannel_authentication(ciba_request("scope=openid&login_hint=john"))
        .await
        .unwrap()
        .ticket
        .unwrap();
    let auth_req_id = v2
        .backchannel_authentication_issue(ticketed(&ticket))
        .await
        .unwrap()
        .auth_req_id
        .unwrap();
    let mut complete: BackchannelAuthenticationCompleteRequest = ticketed(&ticket);
    complete.result = Some(BackchannelAuthenticationCompleteResult::AccessDenied);
    v2.backchannel_authentication_complete(complete)
        .await
        .unwrap();
    assert_eq!(
        json(
            &v2.token(ciba_token(&auth_req_id))
                .await
                .unwrap()
                .response_content
        )["error"],
        "access_denied"
    );

    let ticket = v2
        .backchannel_authentication(ciba_request("scope=openid&login_hint=john"))
        .await
        .unwrap()
        .ticket
        .unwrap();
    let auth_req_id = v2
        .backchannel_authentication_issue(ticketed(&ticket))
        .await
        .unwrap()
        .auth_req_id
        .unwrap();
    clock.advance(Duration::from_secs(601));
    assert_eq!(
        json(
            &v2.token(ciba_token(&auth_req_id))
                .await
                .unwrap()
                .response_content
        )["error"],
        "expired_token"
    );

    let ticket = v2
        .backchannel_authentication(ciba_request("scope=openid&login_hint=nobody"))
        .await
        .unwrap()
        .ticket
        .unwrap();
    let mut fail: BackchannelAuthenticationFailRequest = ticketed(&ticket);
    fail.reason = Some(BackchannelAuthenticationFailReason::UnknownUserId);
    let failed = v2.backchannel_authentication_fail(fail).await.unwrap();
    assert_eq!(
        failed.action,
        Some(BackchannelAuthenticationFailAction::BadRequest)
    );
    assert_eq!(json(&failed.response_content)["error"], "unknown_user_id");
    let ticket = v2
        .backchannel_authentication(ciba_request("scope=openid&login_hint=john"))
        .await
        .unwrap()
        .ticket
        .unwrap();
    let mut fail: BackchannelAuthenticationFailRequest = ticketed(&ticket);
    fail.reason = Some(BackchannelAuthenticationFailReason::AccessDenied);
    let failed = v2.backchannel_authentication_fail(fail).await.unwrap();
    assert_eq!(
        failed.action,
        Some(BackchannelAuthenticationFailAction::Forbidden)
    );
    assert_eq!(json(&failed.response_content)["error"], "access_denied");

    let cases = [
        ("scope=profile&login_hint=john", "invalid_scope"),
        ("scope=openid%20admin&login_hint=john", "invalid_scope"),
        ("scope=openid", "invalid_request"),
        (
            "scope=openid&login_hint=john&id_token_hint=x",
            "invalid_request",
        ),
        (
            "scope=openid&login_hint=john&requested_expiry=soon",
            "invalid_request",
        ),
        (
            "scope=openid&login_hint=john&request=eyJ9",
            "invalid_request",
        ),
    ];
    for (parameters, error) in cases {
        let answer = v2
            .backchannel_authentication(ciba_request(parameters))
            .await
            .unwrap();
        assert_eq!(
            answer.action,
            Some(BackchannelAuthenticationAction::BadRequest),
            "{parameters}"
        );
        assert_eq!(
            json(&answer.response_content)["error"],
            error,
            "{parameters}"
        );
    }
    let mut wrong = ciba_request("scope=openid&login_hint=john");
    wrong.client_secret = Some("wrong".into());
    let answer = v2.backchannel_authentication(wrong).await.unwrap();
    assert_eq!(
        answer.action,
        Some(BackchannelAuthenticationAction::Unauthorized)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_binary_serves_the_demo_and_refuses_remote_addresses() {
    let binary = env!("CARGO_BIN_EXE_authlete-local");
    let refused = Command::new(binary)
        .args(["--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--allow-remote"));
    let bad = Command::new(binary)
        .args(["--config", "/nonexistent/config.toml"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));

    let mut child = Command::new(binary)
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = Vec::new();
    let base_url = loop {
        let line = lines
            .next()
            .expect("the binary prints its base URL")
            .unwrap();
        printed.push(line.clone());
        if let Some(url) = line.trim().strip_prefix("base URL") {
            break url.trim().to_owned();
        }
    };
    while printed.last().is_none_or(|line| !line.contains("Ctrl-C")) {
        printed.push(lines.next().unwrap().unwrap());
    }
    let output = printed.join("\n");
    for expected in [
        "local-secret",
        "local-token",
        "2000",
        "demo-secret",
        "3000",
        "not for production",
    ] {
        assert!(output.contains(expected), "{expected} in {output}");
    }
    let config =
        AuthleteConfig::v3(&base_url, demo::SERVICE_API_KEY, demo::SERVICE_ACCESS_TOKEN).unwrap();
    let api = AuthleteClient::new(config).unwrap();
    let document = api
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["issuer"], demo::ISSUER);
    // Ctrl-C (SIGINT) stops it cleanly.
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(lines.any(|line| line.is_ok_and(|line| line.contains("stopped"))));
}
