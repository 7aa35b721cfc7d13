//! The same core flows through the handlers mounted on actix-web, against the local backend over
//! real HTTP; plus actix-specific conversions (DPoP-Nonce, bodies too large, registration paths).

use crate::common::flows::{self, Env, Mount, serve_actix};
use crate::common::*;
use authlete_tower::AuthorizationServer;
use serde_json::json;

macro_rules! flow_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let env = Env::start(Mount::Actix).await;
                flows::$name(&env).await;
                env.local.shutdown().await;
            }
        )+
    };
}

flow_tests!(
    code_flow_with_pkce,
    implicit_and_hybrid,
    denied,
    prompt_none,
    password_grant,
    client_credentials,
    managed_client_credentials,
    revocation_then_introspection,
    discovery,
    par_then_authorization,
    device_flow,
    device_denied_without_a_user,
    decision_answered_by_the_application,
    registration,
    form_only_endpoints_refuse_other_bodies,
);

#[tokio::test]
async fn client_authentication_methods() {
    let env = Env::start_with(Mount::Actix, flows::client_auth_config()).await;
    flows::client_authentication_methods(&env).await;
    env.local.shutdown().await;
}

#[tokio::test]
async fn actix_keeps_headers_and_maps_failures() {
    let fake = FakeApi::new();
    let server = AuthorizationServer::new(fake.clone(), TestApp::default()).with_max_body_size(64);
    let base = serve_actix(server);

    fake.answer("token", json!({"action": "BAD_REQUEST", "responseContent": "{\"error\":\"use_dpop_nonce\"}", "dpopNonce": "N-A"}));
    let answer = post_form(
        &format!("{base}/api/token"),
        "grant_type=client_credentials",
    )
    .await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.header("dpop-nonce"), Some("N-A"));
    assert_eq!(answer.json(), json!({"error": "use_dpop_nonce"}));

    fake.answer(
        "userinfo",
        json!({"action": "UNAUTHORIZED", "responseContent": "Bearer error=\"invalid_token\""}),
    );
    let answer = Answer::from(
        http()
            .get(format!("{base}/api/userinfo"))
            .bearer_auth("AT")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer error=\"invalid_token\"")
    );

    fake.answer(
        "authorization",
        json!({"action": "LOCATION", "responseContent": "https://c/cb?code=1"}),
    );
    let answer = get(&format!("{base}/api/authorization?x=1")).await;
    assert_eq!(
        (answer.status, answer.header("location")),
        (302, Some("https://c/cb?code=1"))
    );
    assert_eq!(fake.last("authorization").unwrap()["parameters"], "x=1");

    fake.answer("authorization", json!({"action": "NEW_ACTION"}));
    get(&format!("{base}/api/authorization"))
        .await
        .assert_server_error();
    fake.fail("token");
    post_form(&format!("{base}/api/token"), "grant_type=x")
        .await
        .assert_server_error();

    fake.answer("client_registration_delete", json!({"action": "DELETED"}));
    let answer = Answer::from(
        http()
            .delete(format!("{base}/api/register/9"))
            .bearer_auth("RAT")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 204);
    assert_eq!(
        fake.last("client_registration_delete").unwrap()["clientId"],
        "9"
    );

    let answer = http()
        .post(format!("{base}/api/token"))
        .body("a".repeat(1000))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 413);
}
