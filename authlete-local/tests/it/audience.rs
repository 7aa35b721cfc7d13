//! The local backend over real HTTP: resource indicators (RFC 8707) through the device flow and
//! the code flow, `resources`/`accessTokenResources` in the answers, and the introspection API's
//! `resources`, `acrValues` and `maxAge` checks (RFC 9470) with their challenges.

use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::clock::{Clock, ManualClock};
use authlete_tower::dto::*;

use crate::support::{json, start};

const MCP: &str = "https://api.example.com/mcp";
const OTHER: &str = "https://other.example.com/api";

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Introspects `token` requiring `resources`, `acr_values` and `max_age`.
async fn introspect(
    api: &dyn AuthleteApi,
    token: &str,
    resources: &[&str],
    acr_values: &[&str],
    max_age: Option<i64>,
) -> IntrospectionResponse {
    let mut request = IntrospectionRequest::new(token);
    request.resources =
        (!resources.is_empty()).then(|| resources.iter().map(|r| (*r).to_owned()).collect());
    request.acr_values =
        (!acr_values.is_empty()).then(|| acr_values.iter().map(|a| (*a).to_owned()).collect());
    request.max_age = max_age;
    api.introspection(request).await.unwrap()
}

/// Authlete's challenge of a refusal: action, result code and the `WWW-Authenticate` value.
fn refusal(answer: &IntrospectionResponse) -> (Option<IntrospectionAction>, &str, &str) {
    (
        answer.action.clone(),
        answer.result_code.as_deref().unwrap_or_default(),
        answer.response_content.as_deref().unwrap_or_default(),
    )
}

#[tokio::test]
async fn device_tokens_carry_narrowed_resources_and_introspection_checks_them() {
    let backend = LocalBackend::new(LocalConfig::demo()).unwrap();
    let (_server, _v2, v3) = start(backend).await;
    let started = v3
        .device_authorization(DeviceAuthorizationRequest::new(format!(
            "client_id=3000&scope=openid&resource={}&resource={}",
            encoded(MCP),
            encoded(OTHER)
        )))
        .await
        .unwrap();
    assert_eq!(started.action, Some(DeviceAuthorizationAction::Ok));
    assert_eq!(
        started.resources,
        Some(vec![MCP.to_owned(), OTHER.to_owned()])
    );
    let user_code = started.user_code.unwrap();
    let verified = v3
        .device_verification(DeviceVerificationRequest::new(&user_code))
        .await
        .unwrap();
    assert_eq!(
        verified.resources,
        Some(vec![MCP.to_owned(), OTHER.to_owned()])
    );
    v3.device_complete(DeviceCompleteRequest::new(
        &user_code,
        DeviceCompleteResult::Authorized,
        "john",
    ))
    .await
    .unwrap();
    let device_code = started.device_code.unwrap();
    let grant = "urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code";
    // A resource the device authorization did not name is refused, and the code survives it.
    let widened = v3
        .token(TokenRequest::new(format!(
            "grant_type={grant}&device_code={device_code}&client_id=3000&resource={}",
            encoded("https://third.example.com/")
        )))
        .await
        .unwrap();
    assert_eq!(widened.action, Some(TokenAction::BadRequest));
    assert_eq!(json(&widened.response_content)["error"], "invalid_target");
    let issued = v3
        .token(TokenRequest::new(format!(
            "grant_type={grant}&device_code={device_code}&client_id=3000&resource={}",
            encoded(MCP)
        )))
        .await
        .unwrap();
    assert_eq!(issued.action, Some(TokenAction::Ok), "{issued:?}");
    assert_eq!(
        issued.resources,
        Some(vec![MCP.to_owned(), OTHER.to_owned()])
    );
    assert_eq!(issued.access_token_resources, Some(vec![MCP.to_owned()]));
    let token = issued.access_token.unwrap();

    let ok = introspect(&v3, &token, &[MCP], &[], None).await;
    assert_eq!(ok.action, Some(IntrospectionAction::Ok));
    assert_eq!(ok.resources, Some(vec![MCP.to_owned(), OTHER.to_owned()]));
    assert_eq!(ok.access_token_resources, Some(vec![MCP.to_owned()]));

    let refused = introspect(&v3, &token, &[OTHER], &[], None).await;
    let (action, code, challenge) = refusal(&refused);
    assert_eq!(action, Some(IntrospectionAction::Unauthorized));
    assert_eq!(code, "A065305");
    assert_eq!(
        challenge,
        "Bearer error=\"invalid_token\", error_description=\"[A065305] The access token was not \
         issued for the resource (wrong audience).\", error_uri=\"https://docs.authlete.com/#A065305\""
    );
    assert!(refused.usable && refused.existent);
    assert_eq!(refused.access_token_resources, Some(vec![MCP.to_owned()]));
    // Both are required: one missing is enough to refuse.
    let refused = introspect(&v3, &token, &[MCP, OTHER], &[], None).await;
    assert_eq!(refused.action, Some(IntrospectionAction::Unauthorized));
}

/// A code-flow access token for `john`, authenticated `authenticated_ago` seconds before `now`
/// (seconds) with `acr`.
async fn code_token(api: &dyn AuthleteApi, acr: Option<&str>, auth_time: Option<i64>) -> String {
    let answer = api
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id={}&redirect_uri={}&scope=openid&acr_values=urn%3Amfa\
             &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256",
            demo::PUBLIC_CLIENT_ID,
            encoded(demo::REDIRECT_URI)
        )))
        .await
        .unwrap();
    assert_eq!(answer.acrs, Some(vec!["urn:mfa".to_owned()]));
    let mut issue = AuthorizationIssueRequest::new(answer.ticket.unwrap(), "john");
    issue.acr = acr.map(str::to_owned);
    issue.auth_time = auth_time;
    let issued = api.authorization_issue(issue).await.unwrap();
    let code = issued.authorization_code.unwrap();
    let token = api
        .token(TokenRequest::new(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={}&client_id={}\
             &code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            encoded(demo::REDIRECT_URI),
            demo::PUBLIC_CLIENT_ID
        )))
        .await
        .unwrap();
    assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
    token.access_token.unwrap()
}

#[tokio::test]
async fn introspection_checks_the_acr_and_the_authentication_age() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (_server, _v2, v3) = start(backend).await;
    let now = clock.now_millis() / 1000;
    let token = code_token(&v3, Some("urn:mfa"), Some(now - 100)).await;

    let ok = introspect(&v3, &token, &[], &["urn:hwk", "urn:mfa"], Some(200)).await;
    assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{ok:?}");
    assert_eq!(ok.acr.as_deref(), Some("urn:mfa"));
    assert_eq!(ok.auth_time, Some(now - 100));

    let refused = introspect(&v3, &token, &[], &["urn:hwk"], None).await;
    let (action, code, challenge) = refusal(&refused);
    assert_eq!(action, Some(IntrospectionAction::Unauthorized));
    assert_eq!(code, "A065306");
    assert_eq!(
        challenge,
        "Bearer error=\"insufficient_user_authentication\", error_description=\"[A065306] The user \
         authentication does not satisfy the required ACR values.\", \
         error_uri=\"https://docs.authlete.com/#A065306\", acr_values=\"urn:hwk\""
    );

    let refused = introspect(&v3, &token, &[], &[], Some(50)).await;
    let (action, code, challenge) = refusal(&refused);
    assert_eq!(action, Some(IntrospectionAction::Unauthorized));
    assert_eq!(code, "A065307");
    assert!(
        challenge.starts_with("Bearer error=\"insufficient_user_authentication\", ")
            && challenge.ends_with(", max_age=\"50\""),
        "{challenge}"
    );
    // A quote in a required value cannot break the challenge's quoting.
    let refused = introspect(&v3, &token, &[], &["urn:\"x"], None).await;
    assert!(
        refused
            .response_content
            .as_deref()
            .unwrap()
            .ends_with(", acr_values=\"urn:'x\""),
        "{refused:?}"
    );
    // Both requirements named when both were asked for.
    let refused = introspect(&v3, &token, &[], &["urn:hwk"], Some(500)).await;
    assert!(
        refused
            .response_content
            .as_deref()
            .unwrap()
            .ends_with(", acr_values=\"urn:hwk\", max_age=\"500\""),
        "{refused:?}"
    );

    // Time passes: the same token becomes too old.
    clock.advance(Duration::from_secs(150));
    let refused = introspect(&v3, &token, &[], &[], Some(200)).await;
    assert_eq!(refused.result_code.as_deref(), Some("A065307"));

    // Without an ACR or an authentication time the requirements cannot be met.
    let unknown = code_token(&v3, None, None).await;
    let refused = introspect(&v3, &unknown, &[], &["urn:mfa"], None).await;
    assert_eq!(refused.result_code.as_deref(), Some("A065306"));
    let refused = introspect(&v3, &unknown, &[], &[], Some(3600)).await;
    assert_eq!(refused.result_code.as_deref(), Some("A065307"));
    // A zero maxAge is no requirement (Authlete's convention).
    let ok = introspect(&v3, &unknown, &[], &[], Some(0)).await;
    assert_eq!(ok.action, Some(IntrospectionAction::Ok));
}
