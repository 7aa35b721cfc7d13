//! The local backend over real HTTP: API credentials and HTTP-level errors, discovery, JWKS,
//! client_credentials and password tokens, introspection, revocation, limits and expiry.

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi};
use http::StatusCode;
use serde_json::Value;

use crate::support::{json, start};

fn token_request(parameters: &str, id: Option<&str>, secret: Option<&str>) -> TokenRequest {
    let mut request = TokenRequest::new(parameters);
    request.client_id = id.map(str::to_owned);
    request.client_secret = secret.map(str::to_owned);
    request
}

async fn client_credentials(api: &dyn AuthleteApi, scope: &str) -> TokenResponse {
    let request = token_request(
        &format!("grant_type=client_credentials&scope={scope}"),
        Some(demo::CLIENT_ID),
        Some(demo::CLIENT_SECRET),
    );
    let response = api.token(request).await.unwrap();
    assert_eq!(response.action, Some(TokenAction::Ok), "{response:?}");
    response
}

fn introspect(token: &str, scopes: &[&str], subject: Option<&str>) -> IntrospectionRequest {
    let mut request = IntrospectionRequest::new(token);
    request.scopes = Some(scopes.iter().map(|scope| (*scope).to_owned()).collect());
    request.subject = subject.map(str::to_owned);
    request
}

#[tokio::test]
async fn client_credentials_introspection_and_revocation_on_v2_and_v3() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let token = client_credentials(api, "profile%20email").await;
        let content = json(&token.response_content);
        let access_token = token.access_token.clone().unwrap();
        assert_eq!(content["access_token"], access_token.as_str());
        assert_eq!(content["token_type"], "Bearer");
        assert_eq!(content["expires_in"], 3600);
        assert_eq!(content["scope"], "profile email");
        assert!(
            content.get("refresh_token").is_none(),
            "no refresh token for client_credentials"
        );
        assert_eq!(token.client_id, Some(2000));
        assert_eq!(token.grant_type.as_deref(), Some("CLIENT_CREDENTIALS"));
        assert!(access_token.len() >= 43);

        let ok = api
            .introspection(introspect(&access_token, &["profile"], None))
            .await
            .unwrap();
        assert_eq!(ok.action, Some(IntrospectionAction::Ok));
        assert_eq!(ok.result_code.as_deref(), Some("A056001"));
        assert_eq!(
            ok.result_message.as_deref(),
            Some("[A056001] The access token is valid.")
        );
        assert_eq!(ok.client_id, Some(2000));
        assert!(ok.existent && ok.usable && ok.sufficient && !ok.refreshable);
        assert_eq!(
            ok.scopes,
            Some(vec!["profile".to_owned(), "email".to_owned()])
        );
        assert_eq!(ok.grant_type, Some(GrantType::ClientCredentials));
        assert_eq!(ok.expires_at, token.access_token_expires_at);
        assert_eq!(ok.subject, None);

        let forbidden = api
            .introspection(introspect(&access_token, &["profile", "phone"], None))
            .await
            .unwrap();
        assert_eq!(forbidden.action, Some(IntrospectionAction::Forbidden));
        let challenge = forbidden.response_content.unwrap();
        assert!(
            challenge
                .starts_with("Bearer error=\"insufficient_scope\", error_description=\"[A065303]"),
            "{challenge}"
        );
        assert!(
            challenge.ends_with("scope=\"profile phone\""),
            "{challenge}"
        );
        assert!(!challenge.contains("realm"));

        let wrong_subject = api
            .introspection(introspect(&access_token, &[], Some("alice")))
            .await
            .unwrap();
        assert_eq!(wrong_subject.action, Some(IntrospectionAction::Forbidden));
        assert!(
            wrong_subject
                .response_content
                .unwrap()
                .contains("[A065304]")
        );

        let unknown = api
            .introspection(introspect("not-a-token", &[], None))
            .await
            .unwrap();
        assert_eq!(unknown.action, Some(IntrospectionAction::Unauthorized));
        assert_eq!(unknown.result_code.as_deref(), Some("A065301"));
        assert!(
            unknown
                .response_content
                .unwrap()
                .starts_with("Bearer error=\"invalid_token\", error_description=\"[A065301]")
        );
        assert!(!unknown.existent);

        let missing = api
            .introspection(IntrospectionRequest::new(""))
            .await
            .unwrap();
        assert_eq!(missing.action, Some(IntrospectionAction::BadRequest));
        assert!(
            missing
                .response_content
                .unwrap()
                .starts_with("Bearer error=\"invalid_request\"")
        );

        // Another client cannot revoke it (still 200 per RFC 7009) ...
        let mut other = RevocationRequest::new(format!("token={access_token}&client_id=3000"));
        other.client_id = None;
        let answer = api.revocation(other).await.unwrap();
        assert_eq!(answer.action, Some(RevocationAction::Ok));
        assert_eq!(
            api.introspection(introspect(&access_token, &[], None))
                .await
                .unwrap()
                .action,
            Some(IntrospectionAction::Ok)
        );
        // ... its own client can.
        let mut own =
            RevocationRequest::new(format!("token={access_token}&token_type_hint=access_token"));
        own.client_id = Some(demo::CLIENT_ID.into());
        own.client_secret = Some(demo::CLIENT_SECRET.into());
        let answer = api.revocation(own).await.unwrap();
        assert_eq!(answer.action, Some(RevocationAction::Ok));
        assert_eq!(answer.result_code.as_deref(), Some("A113001"));
        let revoked = api
            .introspection(introspect(&access_token, &[], None))
            .await
            .unwrap();
        assert_eq!(revoked.action, Some(IntrospectionAction::Unauthorized));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn revocation_errors() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let mut bad_secret = RevocationRequest::new("token=abc");
    bad_secret.client_id = Some(demo::CLIENT_ID.into());
    bad_secret.client_secret = Some("wrong".into());
    let answer = v2.revocation(bad_secret).await.unwrap();
    assert_eq!(answer.action, Some(RevocationAction::InvalidClient));
    assert_eq!(json(&answer.response_content)["error"], "invalid_client");

    let unknown_client = v2
        .revocation(RevocationRequest::new("token=abc&client_id=999"))
        .await
        .unwrap();
    assert_eq!(unknown_client.action, Some(RevocationAction::InvalidClient));

    let duplicate = v2
        .revocation(RevocationRequest::new("token=a&token=b&client_id=3000"))
        .await
        .unwrap();
    assert_eq!(duplicate.action, Some(RevocationAction::BadRequest));
    assert_eq!(
        json(&duplicate.response_content)["error"],
        "invalid_request"
    );
    let no_token = v2
        .revocation(RevocationRequest::new("client_id=3000"))
        .await
        .unwrap();
    assert_eq!(no_token.action, Some(RevocationAction::BadRequest));
    assert_eq!(json(&no_token.response_content)["error"], "invalid_request");

    let mut two_methods =
        RevocationRequest::new("token=abc&client_id=2000&client_secret=demo-secret");
    two_methods.client_id = Some(demo::CLIENT_ID.into());
    two_methods.client_secret = Some(demo::CLIENT_SECRET.into());
    let answer = v2.revocation(two_methods).await.unwrap();
    assert_eq!(answer.action, Some(RevocationAction::BadRequest));
    assert_eq!(json(&answer.response_content)["error"], "invalid_request");
    server.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_errors() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    type Case<'a> = (
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        TokenAction,
        &'a str,
    );
    let cases: &[Case] = &[
        (
            "grant_type=client_credentials",
            Some("2000"),
            Some("wrong"),
            TokenAction::InvalidClient,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials",
            Some("4242"),
            Some("x"),
            TokenAction::InvalidClient,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials",
            None,
            None,
            TokenAction::InvalidClient,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials&client_id=2000",
            None,
            None,
            TokenAction::InvalidClient,
            "invalid_client",
        ),
        (
            "grant_type=client_credentials&client_id=3000&client_secret=x",
            None,
            None,
            TokenAction::InvalidClient,
            "invalid_client",
        ),
        (
            "scope=openid",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_request",
        ),
        (
            "grant_type=magic",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "unsupported_grant_type",
        ),
        (
            "grant_type=implicit",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "unsupported_grant_type",
        ),
        (
            "grant_type=client_credentials&grant_type=password",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_request",
        ),
        (
            "grant_type=client_credentials&scope=admin",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_scope",
        ),
        (
            "grant_type=client_credentials&client_id=3000",
            None,
            None,
            TokenAction::BadRequest,
            "unauthorized_client",
        ),
        (
            "grant_type=password&username=a&password=b&client_id=3000",
            None,
            None,
            TokenAction::BadRequest,
            "unauthorized_client",
        ),
        (
            "grant_type=password&username=a",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_request",
        ),
        (
            "grant_type=authorization_code",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_request",
        ),
        (
            "grant_type=authorization_code&code=nope",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_grant",
        ),
        (
            "grant_type=refresh_token",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_request",
        ),
        (
            "grant_type=refresh_token&refresh_token=nope",
            Some("2000"),
            Some("demo-secret"),
            TokenAction::BadRequest,
            "invalid_grant",
        ),
    ];
    for (parameters, id, secret, action, error) in cases {
        let response = v3
            .token(token_request(parameters, *id, *secret))
            .await
            .unwrap();
        assert_eq!(
            response.action.as_ref(),
            Some(action),
            "{parameters}: {response:?}"
        );
        let content = json(&response.response_content);
        assert_eq!(content["error"], *error, "{parameters}");
        assert!(
            content["error_description"]
                .as_str()
                .unwrap()
                .starts_with('['),
            "{content}"
        );
        assert!(response.access_token.is_none());
    }
    // client_id in the body must name the client of the Basic credentials.
    let mismatch = v3
        .token(token_request(
            "grant_type=client_credentials&client_id=3000",
            Some("2000"),
            Some("demo-secret"),
        ))
        .await
        .unwrap();
    assert_eq!(mismatch.action, Some(TokenAction::BadRequest));
    assert_eq!(json(&mismatch.response_content)["error"], "invalid_request");
    // client_secret_post works like client_secret_basic.
    let post = v3
        .token(token_request(
            "grant_type=client_credentials&client_id=2000&client_secret=demo-secret",
            None,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(post.action, Some(TokenAction::Ok));
    server.shutdown().await;
}

#[tokio::test]
async fn password_flow_issue_and_fail() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let request = token_request(
        "grant_type=password&username=john&password=pw%21&scope=openid%20profile",
        Some("2000"),
        Some("demo-secret"),
    );
    let password = v2.token(request).await.unwrap();
    assert_eq!(password.action, Some(TokenAction::Password));
    assert_eq!(password.result_code.as_deref(), Some("A054001"));
    assert_eq!(password.username.as_deref(), Some("john"));
    assert_eq!(password.password.as_deref(), Some("pw!"));
    let ticket = password.ticket.clone().unwrap();

    let issued = v2
        .token_issue(TokenIssueRequest::new(ticket.clone(), "john"))
        .await
        .unwrap();
    assert_eq!(issued.action, Some(TokenIssueAction::Ok));
    let content = json(&issued.response_content);
    assert!(content["refresh_token"].is_string());
    assert!(content["id_token"].is_string());
    assert_eq!(content["scope"], "openid profile");
    let check = v2
        .introspection(introspect(
            issued.access_token.as_deref().unwrap(),
            &["profile"],
            Some("john"),
        ))
        .await
        .unwrap();
    assert_eq!(check.action, Some(IntrospectionAction::Ok));
    assert_eq!(check.subject.as_deref(), Some("john"));
    assert!(check.refreshable);
    assert_eq!(check.grant_type, Some(GrantType::Password));

    // The ticket is single use.
    let again = v2
        .token_issue(TokenIssueRequest::new(ticket, "john"))
        .await
        .unwrap();
    assert_eq!(again.action, Some(TokenIssueAction::InternalServerError));
    assert_eq!(json(&again.response_content)["error"], "server_error");

    let second = v2
        .token(token_request(
            "grant_type=password&username=john&password=bad",
            Some("2000"),
            Some("demo-secret"),
        ))
        .await
        .unwrap();
    let failed = v2
        .token_fail(TokenFailRequest::new(
            second.ticket.unwrap(),
            TokenFailReason::InvalidResourceOwnerCredentials,
        ))
        .await
        .unwrap();
    assert_eq!(failed.action, Some(TokenFailAction::BadRequest));
    assert_eq!(failed.result_code.as_deref(), Some("A067301"));
    assert_eq!(json(&failed.response_content)["error"], "invalid_grant");
    for (reason, action, error) in [
        (
            TokenFailReason::InvalidTarget,
            TokenFailAction::BadRequest,
            "invalid_target",
        ),
        (
            TokenFailReason::Unknown,
            TokenFailAction::InternalServerError,
            "server_error",
        ),
    ] {
        let ticket = v2
            .token(token_request(
                "grant_type=password&username=a&password=b",
                Some("2000"),
                Some("demo-secret"),
            ))
            .await
            .unwrap()
            .ticket
            .unwrap();
        let failed = v2
            .token_fail(TokenFailRequest::new(ticket, reason))
            .await
            .unwrap();
        assert_eq!(failed.action, Some(action));
        assert_eq!(json(&failed.response_content)["error"], error);
    }
    let ticket = v2
        .token(token_request(
            "grant_type=password&username=a&password=b",
            Some("2000"),
            Some("demo-secret"),
        ))
        .await
        .unwrap()
        .ticket
        .unwrap();
    let no_subject = v2
        .token_issue(TokenIssueRequest::new(ticket, ""))
        .await
        .unwrap();
    assert_eq!(
        no_subject.action,
        Some(TokenIssueAction::InternalServerError)
    );
    assert_eq!(json(&no_subject.response_content)["error"], "server_error");
    let unknown = v2
        .token_fail(TokenFailRequest::new(
            "nope",
            TokenFailReason::InvalidResourceOwnerCredentials,
        ))
        .await
        .unwrap();
    assert_eq!(unknown.action, Some(TokenFailAction::InternalServerError));
    server.shutdown().await;
}

#[tokio::test]
async fn standard_introspection_follows_rfc_7662() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let password = v2
        .token(token_request(
            "grant_type=password&username=john&password=x&scope=profile",
            Some("2000"),
            Some("demo-secret"),
        ))
        .await
        .unwrap();
    let issued = v2
        .token_issue(TokenIssueRequest::new(password.ticket.unwrap(), "john"))
        .await
        .unwrap();
    let access = issued.access_token.unwrap();
    let refresh = issued.refresh_token.unwrap();

    let answer = v2
        .standard_introspection(StandardIntrospectionRequest::new(format!("token={access}")))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(StandardIntrospectionAction::Ok));
    let body = json(&answer.response_content);
    assert_eq!(body["active"], true);
    assert_eq!(body["scope"], "profile");
    assert_eq!(body["client_id"], "2000");
    assert_eq!(body["sub"], "john");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["iss"], demo::ISSUER);
    assert_eq!(body["aud"], serde_json::json!(["2000"]));
    assert!(body["exp"].as_i64().unwrap() > body["iat"].as_i64().unwrap());

    let answer = v2
        .standard_introspection(StandardIntrospectionRequest::new(format!(
            "token={refresh}&token_type_hint=refresh_token"
        )))
        .await
        .unwrap();
    let body = json(&answer.response_content);
    assert_eq!(body["active"], true);
    assert_eq!(body["sub"], "john");

    let answer = v2
        .standard_introspection(StandardIntrospectionRequest::new(
            "token=unknown&token_type_hint=bogus",
        ))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(StandardIntrospectionAction::Ok));
    assert_eq!(
        answer.response_content.as_deref(),
        Some(r#"{"active":false}"#)
    );

    let answer = v2
        .standard_introspection(StandardIntrospectionRequest::new(
            "token_type_hint=access_token",
        ))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(StandardIntrospectionAction::BadRequest));
    assert_eq!(json(&answer.response_content)["error"], "invalid_request");

    // Revoking the refresh token revokes the access token issued with it.
    let mut revoke = RevocationRequest::new(format!("token={refresh}"));
    revoke.client_id = Some("2000".into());
    revoke.client_secret = Some("demo-secret".into());
    assert_eq!(
        v2.revocation(revoke).await.unwrap().action,
        Some(RevocationAction::Ok)
    );
    let answer = v2
        .standard_introspection(StandardIntrospectionRequest::new(format!("token={access}")))
        .await
        .unwrap();
    assert_eq!(
        answer.response_content.as_deref(),
        Some(r#"{"active":false}"#)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn expired_tokens_are_unauthorized() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, _, v3) = start(backend).await;
    let token = client_credentials(&v3, "profile")
        .await
        .access_token
        .unwrap();
    clock.advance(Duration::from_secs(3599));
    assert_eq!(
        v3.introspection(IntrospectionRequest::new(&token))
            .await
            .unwrap()
            .action,
        Some(IntrospectionAction::Ok)
    );
    clock.advance(Duration::from_secs(1));
    let expired = v3
        .introspection(IntrospectionRequest::new(&token))
        .await
        .unwrap();
    assert_eq!(expired.action, Some(IntrospectionAction::Unauthorized));
    assert_eq!(expired.result_code.as_deref(), Some("A065302"));
    assert!(expired.existent && !expired.usable);
    assert!(
        expired
            .response_content
            .unwrap()
            .contains("error=\"invalid_token\"")
    );
    let standard = v3
        .standard_introspection(StandardIntrospectionRequest::new(format!("token={token}")))
        .await
        .unwrap();
    assert_eq!(
        standard.response_content.as_deref(),
        Some(r#"{"active":false}"#)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn live_entries_are_bounded() {
    let clock = ManualClock::new();
    let mut config = LocalConfig::demo();
    config.limits.max_entries = 3;
    let backend = LocalBackend::with_clock(config, Arc::new(clock.clone())).unwrap();
    let (server, v2, _) = start(backend.clone()).await;
    for _ in 0..3 {
        client_credentials(&v2, "profile").await;
    }
    let request = token_request(
        "grant_type=client_credentials",
        Some("2000"),
        Some("demo-secret"),
    );
    match v2.token(request.clone()).await {
        Err(ApiError::Api {
            status,
            result_code,
            ..
        }) => {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(result_code.as_deref(), Some("A000503"));
        }
        other => panic!("expected a 503, got {other:?}"),
    }
    match backend.token(request.clone()).await {
        Err(error @ ApiError::Api { .. }) => assert!(error.is_unavailable()),
        other => panic!("expected an API error in process, got {other:?}"),
    }
    // Expired entries are swept to make room.
    clock.advance(Duration::from_secs(3601));
    assert_eq!(
        v2.token(request).await.unwrap().action,
        Some(TokenAction::Ok)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn http_level_errors_carry_result_codes() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let http = reqwest::Client::new();
    let base = server.base_url();
    let body = r#"{"token":"x"}"#;
    let send = |path: &str, auth: Option<&str>, body: &'static str| {
        let mut request = http
            .post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .body(body);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send()
    };
    let basic = format!("Basic {}", base64_encode("1000:local-secret"));
    let cases: Vec<(&str, Option<String>, &'static str, u16, &str)> = vec![
        ("/api/auth/introspection", None, body, 401, "A001202"),
        (
            "/api/auth/introspection",
            Some(format!("Basic {}", base64_encode("1000:wrong"))),
            body,
            401,
            "A001203",
        ),
        (
            "/api/auth/introspection",
            Some(format!("Basic {}", base64_encode("9999:local-secret"))),
            body,
            401,
            "A001203",
        ),
        (
            "/api/auth/introspection",
            Some("Bearer local-token".into()),
            body,
            401,
            "A001202",
        ),
        (
            "/api/1000/auth/introspection",
            Some("Bearer wrong".into()),
            body,
            401,
            "A001203",
        ),
        (
            "/api/1000/auth/introspection",
            Some(basic.clone()),
            body,
            401,
            "A001202",
        ),
        ("/api/1000/auth/introspection", None, body, 401, "A001202"),
        (
            "/api/2000/auth/introspection",
            Some("Bearer local-token".into()),
            body,
            404,
            "A001204",
        ),
        (
            "/api/auth/nothing",
            Some(basic.clone()),
            body,
            404,
            "A001404",
        ),
        ("/elsewhere", Some(basic.clone()), body, 404, "A001404"),
        (
            "/api/auth/introspection",
            Some(basic.clone()),
            "{not json",
            400,
            "A001205",
        ),
        (
            "/api/auth/introspection",
            Some(basic.clone()),
            "",
            400,
            "A001205",
        ),
        (
            "/api/auth/introspection",
            Some(basic.clone()),
            r#"{"token":[42]}"#,
            400,
            "A001205",
        ),
        (
            "/api/service/jwks/get",
            Some(basic.clone()),
            body,
            405,
            "A001405",
        ),
    ];
    for (path, auth, body, status, code) in cases {
        let response = send(path, auth.as_deref(), body).await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{path} {auth:?}");
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
        assert!(!message.contains("local-secret") && !message.contains("local-token"));
    }
    let huge: &'static str =
        Box::leak(format!("{{\"token\":\"{}\"}}", "a".repeat(1024 * 1024)).into_boxed_str());
    let response = send("/api/auth/introspection", Some(&basic), huge)
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["resultCode"], "A001413");
    // Explicit nulls and default false/0 fields, as the Java SDK sends them, are accepted.
    let response = send(
        "/api/auth/introspection",
        Some(&basic),
        r#"{"token":"abc","scopes":null,"subject":null,"clientCertificate":null,"dpop":null,"htm":null,"htu":null,"dpopNonceRequired":false,"maxAge":0,"acrValues":null,"resources":null}"#,
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["action"], "UNAUTHORIZED");
    assert_eq!(answer["resultCode"], "A065301");
    server.shutdown().await;
}

fn base64_encode(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[tokio::test]
async fn discovery_applies_a_json_patch_and_refuses_a_bad_one() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let patch = r#"[{"op":"add","path":"/service_documentation","value":"https://example.com/docs"},{"op":"remove","path":"/registration_endpoint"}]"#;
        let document = api
            .service_configuration(ServiceConfigurationOptions::default().patch(patch))
            .await
            .unwrap();
        assert_eq!(
            document["service_documentation"],
            "https://example.com/docs"
        );
        assert!(document.get("registration_endpoint").is_none());
        assert_eq!(document["issuer"], demo::ISSUER);

        for bad in ["not json", r#"[{"op":"remove","path":"/no_such_member"}]"#] {
            let error = api
                .service_configuration(ServiceConfigurationOptions::default().patch(bad))
                .await
                .unwrap_err();
            match error {
                ApiError::Api {
                    status,
                    result_code,
                    result_message,
                    ..
                } => {
                    assert_eq!(status, StatusCode::BAD_REQUEST);
                    assert_eq!(result_code.as_deref(), Some("A001207"));
                    assert!(
                        result_message
                            .unwrap()
                            .starts_with("[A001207] The patch is not a JSON Patch"),
                    );
                }
                other => panic!("expected a 400 API error, got {other:?}"),
            }
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn discovery_jwks_and_client_get() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let document = api
            .service_configuration(ServiceConfigurationOptions::default())
            .await
            .unwrap();
        assert_eq!(document["issuer"], demo::ISSUER);
        assert_eq!(
            document["authorization_endpoint"],
            "http://localhost:8000/api/authorization"
        );
        assert_eq!(
            document["token_endpoint"],
            "http://localhost:8000/api/token"
        );
        assert_eq!(
            document["userinfo_endpoint"],
            "http://localhost:8000/api/userinfo"
        );
        assert_eq!(
            document["revocation_endpoint"],
            "http://localhost:8000/api/revocation"
        );
        assert_eq!(
            document["introspection_endpoint"],
            "http://localhost:8000/api/introspection"
        );
        assert_eq!(document["jwks_uri"], "http://localhost:8000/api/jwks");
        assert_eq!(
            document["pushed_authorization_request_endpoint"],
            "http://localhost:8000/api/par"
        );
        assert_eq!(
            document["device_authorization_endpoint"],
            "http://localhost:8000/api/device/authorization"
        );
        assert_eq!(
            document["registration_endpoint"],
            "http://localhost:8000/api/register"
        );
        // No demo client has the CIBA grant, so CIBA is not advertised.
        assert!(
            document
                .get("backchannel_authentication_endpoint")
                .is_none()
        );
        assert!(
            !document["grant_types_supported"]
                .as_array()
                .unwrap()
                .iter()
                .any(|grant| grant == "urn:openid:params:grant-type:ciba")
        );
        assert_eq!(
            document["scopes_supported"],
            serde_json::json!([
                "openid",
                "profile",
                "email",
                "address",
                "phone",
                "offline_access",
                "device_sso"
            ])
        );
        assert_eq!(
            document["code_challenge_methods_supported"],
            serde_json::json!(["S256"])
        );
        assert!(
            document["response_modes_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from("form_post"))
        );
        assert!(
            document["grant_types_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from("urn:ietf:params:oauth:grant-type:device_code"))
        );
        assert!(
            document["token_endpoint_auth_methods_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from("none"))
        );
        assert_eq!(
            document["subject_types_supported"],
            serde_json::json!(["public"])
        );
        assert!(
            document["id_token_signing_alg_values_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from("RS256"))
        );
        assert!(
            document["claims_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from("email"))
        );

        let jwks = api
            .service_jwks(ServiceJwksOptions::default())
            .await
            .unwrap()
            .unwrap();
        let keys = jwks["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 2);
        for key in keys {
            assert!(key["kid"].is_string());
            assert!(key.get("d").is_none(), "no private parts");
        }

        let client = api.client_get("2000").await.unwrap();
        assert_eq!(client.client_id, Some(2000));
        assert_eq!(client.client_name.as_deref(), Some("Demo Client"));
        assert_eq!(client.client_type, Some(ClientType::Confidential));
        assert_eq!(
            client.redirect_uris,
            Some(vec![demo::REDIRECT_URI.to_owned()])
        );
        let public = api.client_get("3000").await.unwrap();
        assert_eq!(public.client_type, Some(ClientType::Public));
        assert_eq!(public.pkce_required, Some(true));
        assert_eq!(public.token_auth_method, Some(ClientAuthMethod::None));
        match api.client_get("4242").await {
            Err(ApiError::Api {
                status,
                result_code,
                ..
            }) => {
                assert_eq!(status, StatusCode::NOT_FOUND);
                assert_eq!(result_code.as_deref(), Some("A217301"));
            }
            other => panic!("expected 404, got {other:?}"),
        }
    }
    // `pretty` is honoured.
    let pretty = reqwest::Client::new()
        .get(format!(
            "{}/api/1000/service/configuration?pretty=true",
            server.base_url()
        ))
        .bearer_auth(demo::SERVICE_ACCESS_TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(pretty.starts_with("{\n  \""), "{pretty}");
    server.shutdown().await;
}

#[tokio::test]
async fn toml_config_changes_the_service() {
    let config = LocalConfig::from_toml_str(
        r#"
        issuer = "https://as.example"
        [service]
        api_key = "77"
        api_secret = "s2"
        access_token = "t3"
        [lifetimes]
        access_token = 120
        "#,
    )
    .unwrap();
    let (server, v2, v3) = start(LocalBackend::new(config).unwrap()).await;
    assert_eq!(server.config_v2().service_api_key(), "77");
    let token = client_credentials(&v3, "openid").await;
    assert_eq!(json(&token.response_content)["expires_in"], 120);
    let document = v2
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["issuer"], "https://as.example");
    server.shutdown().await;
}

#[tokio::test]
async fn the_server_debug_output_holds_no_api_credentials() {
    let (server, _, _) = start(LocalBackend::demo()).await;
    let shown = format!("{server:?}");
    assert!(shown.contains(demo::SERVICE_API_KEY), "{shown}");
    assert!(!shown.contains(demo::SERVICE_API_SECRET), "{shown}");
    assert!(!shown.contains(demo::SERVICE_ACCESS_TOKEN), "{shown}");
    server.shutdown().await;
}

#[test]
fn a_config_error_does_not_echo_a_mistyped_secret() {
    let dir = std::env::temp_dir().join(format!("authlete-review-toml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("local.toml");
    // A numeric secret written without quotes is a type error; its value must not be shown.
    std::fs::write(
        &path,
        "[service]\napi_key = \"1000\"\napi_secret = 918273645546372\n",
    )
    .unwrap();
    let error = LocalConfig::from_toml_file(&path).unwrap_err().to_string();
    assert!(!error.contains("918273645546372"), "{error}");
    assert!(error.contains("invalid type"), "{error}");
    assert!(error.contains("line 3"), "{error}");
    // A string where a number belongs, with an escaped quote inside: nothing of it is shown.
    std::fs::write(&path, "[lifetimes]\naccess_token = \"se\\\"cret-tail\"\n").unwrap();
    let error = LocalConfig::from_toml_file(&path).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!error.contains("cret"), "{error}");
    assert!(error.contains("line 2"), "{error}");
}
