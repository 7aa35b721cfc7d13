//! RFC 8707 resource indicators end to end over HTTP on 127.0.0.1: tokens minted through the
//! authorization server (handlers + the local backend) with `resource`, and a resource server
//! behind `AuthleteBearer::resource` that refuses a token minted for another audience; narrowing
//! at the token endpoint, `invalid_target`, and the layer's own check of Authlete's answer.

use std::sync::Arc;
use std::time::SystemTime;

use authlete_local::demo;
use authlete_tower::bearer::{InvalidResource, ProtectedResourceMetadata};
use authlete_tower::handler::AuthenticatedUser;
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, BearerToken};
use serde_json::{Value, json};

use crate::common::challenge::parse_challenge;
use crate::common::flows::{self, Env, Mount, code_flow_access, code_flow_tokens};
use crate::common::{self, FakeApi, form, get, post_form};

const MCP: &str = "https://api.example.com/mcp";
const OTHER: &str = "https://other.example.com/api";
const THIRD: &str = "https://third.example.com/";
const WRONG_AUDIENCE: &str = "The access token was not issued for this resource (wrong audience).";

fn resource(value: &str) -> String {
    format!("&{}", form(&[("resource", value)]))
}

/// `/whoami` behind `bearer`, on 127.0.0.1; returns the URL.
async fn serve(bearer: AuthleteBearer) -> String {
    async fn whoami(token: BearerToken) -> String {
        token.subject().unwrap_or("-").to_owned()
    }
    let app = axum::Router::new()
        .route("/whoami", axum::routing::get(whoami))
        .route_layer(bearer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/whoami")
}

fn layer(env: &Env) -> AuthleteBearer {
    AuthleteBearer::new(AuthleteClient::new(env.local.config_v3()).unwrap()).without_cache()
}

async fn call(url: &str, token: &str) -> common::Answer {
    common::Answer::read(
        common::http()
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// A 401 `invalid_token` saying the audience is wrong, with an empty body.
fn assert_wrong_audience(answer: &common::Answer) {
    assert_eq!(answer.status, 401, "{answer:?}");
    let challenge = parse_challenge(answer.header("www-authenticate").expect("a challenge"));
    assert_eq!(challenge.scheme, "Bearer");
    assert_eq!(challenge.params["realm"], "api");
    assert_eq!(challenge.params["error"], "invalid_token");
    assert_eq!(challenge.params["error_description"], WRONG_AUDIENCE);
    assert_eq!(challenge.params.len(), 3, "{challenge:?}");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert!(answer.body.is_empty(), "{answer:?}");
}

async fn env_with_alice() -> Env {
    let env = Env::start(Mount::Axum).await;
    env.app
        .log_in(AuthenticatedUser::new("1001").authenticated_at(SystemTime::now()));
    env
}

#[tokio::test]
async fn only_a_token_minted_for_the_resource_passes() {
    let env = env_with_alice().await;
    let url = serve(layer(&env).resource(MCP)).await;

    let (for_mcp, _) = code_flow_access(&env, &resource(MCP), &[]).await;
    let ok = call(&url, &for_mcp).await;
    assert_eq!((ok.status, ok.body.as_str()), (200, "1001"), "{ok:?}");
    // RFC 7662 introspection names the audience.
    let introspected = env.introspect(&for_mcp).await;
    assert_eq!(introspected["aud"], json!([MCP]));

    let (for_other, _) = code_flow_access(&env, &resource(OTHER), &[]).await;
    assert_wrong_audience(&call(&url, &for_other).await);

    // A token minted without any resource has no audience this layer accepts.
    let (unbound, _) = code_flow_access(&env, "", &[]).await;
    assert_wrong_audience(&call(&url, &unbound).await);
    // A layer without resources takes it.
    let open = serve(layer(&env)).await;
    assert_eq!(call(&open, &unbound).await.status, 200);
}

#[tokio::test]
async fn token_requests_narrow_the_resources_and_never_widen_them() {
    let env = env_with_alice().await;
    let mcp = serve(layer(&env).resource(MCP)).await;
    let other = serve(layer(&env).resource(OTHER)).await;
    let both = format!("{}{}", resource(MCP), resource(OTHER));

    // Without `resource` at the token endpoint the token has both.
    let (wide, _) = code_flow_access(&env, &both, &[]).await;
    assert_eq!(call(&mcp, &wide).await.status, 200);
    assert_eq!(call(&other, &wide).await.status, 200);

    // Narrowed to one at the token endpoint.
    let (narrow, refresh) = code_flow_access(&env, &both, &[("resource", MCP)]).await;
    assert_eq!(call(&mcp, &narrow).await.status, 200);
    assert_wrong_audience(&call(&other, &narrow).await);

    // A refresh may narrow to the other one of the grant...
    let refreshed = env
        .token(
            None,
            &form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", &refresh),
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("resource", OTHER),
            ]),
        )
        .await;
    assert_eq!(refreshed.status, 200, "{refreshed:?}");
    let tokens = refreshed.json();
    let token = tokens["access_token"].as_str().unwrap();
    assert_eq!(call(&other, token).await.status, 200);
    assert_wrong_audience(&call(&mcp, token).await);

    // ...but never widen past it.
    let widened = env
        .token(
            None,
            &form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("resource", THIRD),
            ]),
        )
        .await;
    assert_invalid_target(&widened);

    // Nor at the code exchange.
    let answer = code_flow_tokens(&env, &resource(MCP), &[("resource", THIRD)]).await;
    assert_invalid_target(&answer);
}

/// 400 with the `invalid_target` JSON of RFC 8707 §2.
fn assert_invalid_target(answer: &common::Answer) {
    assert_eq!(answer.status, 400, "{answer:?}");
    assert!(answer.content_type().starts_with("application/json"));
    let body = answer.json();
    assert_eq!(body["error"], "invalid_target", "{body}");
    assert!(body["error_description"].is_string(), "{body}");
}

#[tokio::test]
async fn unusable_resource_values_are_invalid_target_everywhere() {
    let env = env_with_alice().await;
    for bad in ["/mcp", "https://api.example.com/mcp#part", "not a uri"] {
        // The authorization endpoint redirects the error to the client (RFC 8707 §2).
        let query = format!(
            "response_type=code&client_id={}&{}&scope=openid&code_challenge={}\
             &code_challenge_method=S256&state=s{}",
            demo::PUBLIC_CLIENT_ID,
            flows::redirect_uri(),
            flows::challenge(flows::VERIFIER),
            resource(bad)
        );
        let answer = get(&env.url(&format!("/api/authorization?{query}"))).await;
        let params = flows::redirect_params(&answer);
        assert_eq!(params["error"], "invalid_target", "{bad}: {params:?}");
        assert_eq!(params["state"], "s");

        // PAR answers it directly.
        let answer = common::Answer::from(
            common::http()
                .post(env.url("/api/par"))
                .header("authorization", flows::demo_basic())
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!(
                    "response_type=code&{}&scope=openid{}",
                    flows::redirect_uri(),
                    resource(bad)
                ))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_invalid_target(&answer);

        // And the token endpoint.
        let answer = env
            .token(
                Some(&flows::demo_basic()),
                &format!(
                    "grant_type=client_credentials&scope=profile{}",
                    resource(bad)
                ),
            )
            .await;
        assert_invalid_target(&answer);
    }
}

#[tokio::test]
async fn client_credentials_and_pushed_requests_carry_resources() {
    let env = env_with_alice().await;
    let mcp = serve(layer(&env).resource(MCP)).await;

    let answer = env
        .token(
            Some(&flows::demo_basic()),
            &format!(
                "grant_type=client_credentials&scope=profile{}",
                resource(MCP)
            ),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let token = answer.json()["access_token"].as_str().unwrap().to_owned();
    let ok = call(&mcp, &token).await;
    assert_eq!((ok.status, ok.body.as_str()), (200, "-"), "no subject");
    let other = serve(layer(&env).resource(OTHER)).await;
    assert_wrong_audience(&call(&other, &token).await);

    // A pushed request's resources reach the grant.
    let pushed = common::Answer::from(
        common::http()
            .post(env.url("/api/par"))
            .header("authorization", flows::demo_basic())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "response_type=code&{}&scope=openid{}",
                flows::redirect_uri(),
                resource(MCP)
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(pushed.status, 201, "{pushed:?}");
    let request_uri = pushed.json()["request_uri"].as_str().unwrap().to_owned();
    let page = env
        .authorization_page(&form(&[
            ("client_id", demo::CLIENT_ID),
            ("request_uri", &request_uri),
        ]))
        .await;
    let decision = post_form(
        &env.url("/api/authorization/decision"),
        &form(&[
            ("pending", &page["pending"].to_string()),
            ("authorized", "true"),
        ]),
    )
    .await;
    let code = flows::redirect_params(&decision)["code"].clone();
    let answer = env
        .token(
            Some(&flows::demo_basic()),
            &form(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", demo::REDIRECT_URI),
            ]),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let token = answer.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(call(&mcp, &token).await.status, 200);
    assert_wrong_audience(&call(&other, &token).await);
}

#[tokio::test]
async fn the_metadata_resource_is_one_of_the_layers() {
    let env = env_with_alice().await;
    let bearer = layer(&env).protected_resource_metadata(
        ProtectedResourceMetadata::new(MCP)
            .unwrap()
            .authorization_servers([demo::ISSUER]),
    );
    assert_eq!(bearer.resources(), [MCP]);
    assert_eq!(bearer.resource_metadata().unwrap().resource(), MCP);
    // Set both ways, it is listed once.
    let twice = layer(&env)
        .resource(MCP)
        .protected_resource_metadata(ProtectedResourceMetadata::new(MCP).unwrap());
    assert_eq!(twice.resources(), [MCP]);

    let url = serve(bearer).await;
    let (unbound, _) = code_flow_access(&env, "", &[]).await;
    let refused = call(&url, &unbound).await;
    assert_wrong_audience_with_metadata(&refused);
    let (bound, _) = code_flow_access(&env, &resource(MCP), &[]).await;
    assert_eq!(call(&url, &bound).await.status, 200);
}

fn assert_wrong_audience_with_metadata(answer: &common::Answer) {
    assert_eq!(answer.status, 401, "{answer:?}");
    let challenge = parse_challenge(answer.header("www-authenticate").unwrap());
    assert_eq!(challenge.params["error"], "invalid_token");
    assert_eq!(challenge.params["error_description"], WRONG_AUDIENCE);
    assert_eq!(
        challenge.params["resource_metadata"],
        "https://api.example.com/.well-known/oauth-protected-resource/mcp"
    );
    assert!(answer.body.is_empty());
}

#[test]
fn unusable_identifiers_are_refused_when_the_layer_is_built() {
    let api: Arc<dyn AuthleteApi> = FakeApi::new();
    let refused = AuthleteBearer::new(api.clone()).try_resource("/mcp");
    assert_eq!(refused.unwrap_err(), InvalidResource::NotAbsolute);
    let refused = AuthleteBearer::new(api.clone()).try_resource(format!("{MCP}#x"));
    assert_eq!(refused.unwrap_err(), InvalidResource::Fragment);
    let layer = AuthleteBearer::new(api.clone())
        .try_resource(MCP)
        .unwrap()
        .resource(OTHER);
    assert_eq!(layer.resources(), [MCP, OTHER]);

    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        AuthleteBearer::new(api).resource("mcp")
    }))
    .unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert_eq!(
        message,
        "AccessTokenValidator::resource(\"mcp\"): a resource identifier must be an absolute URI (RFC 8707 §2)"
    );
}

/// Authlete's answer, whatever its action, does not let a token for another audience through:
/// the layer compares `accessTokenResources` (or `resources`) itself.
#[tokio::test]
async fn the_layer_checks_authletes_answer_itself() {
    let api = FakeApi::new();
    let url = serve(
        AuthleteBearer::new(api.clone())
            .resource(MCP)
            .without_cache(),
    )
    .await;
    let answers = [
        // An OK for a token of another resource (an Authlete that did not check).
        json!({"action": "OK", "resultCode": "A056001", "subject": "alice",
               "usable": true, "accessTokenResources": [OTHER], "resources": [OTHER, MCP]}),
        // Only the grant's resources reported.
        json!({"action": "OK", "resultCode": "A056001", "subject": "alice",
               "usable": true, "resources": [OTHER]}),
        // Authlete's own refusal of a live token for another resource, with its own words.
        json!({"action": "UNAUTHORIZED", "resultCode": "A065305", "usable": true,
               "accessTokenResources": [OTHER],
               "responseContent": "Bearer error=\"invalid_token\", error_description=\"[A065305] backend words\""}),
    ];
    for answer in answers {
        api.answer("introspection", answer.clone());
        let refused = call(&url, "some-token").await;
        assert_wrong_audience(&refused);
        let sent: Value = api.last("introspection").unwrap();
        assert_eq!(sent["resources"], json!([MCP]), "{sent}");
    }
    // An expired token for another resource is refused as expired, in Authlete's words.
    api.answer(
        "introspection",
        json!({"action": "UNAUTHORIZED", "resultCode": "A065302", "usable": false,
               "accessTokenResources": [OTHER],
               "responseContent": "Bearer error=\"invalid_token\", error_description=\"expired\""}),
    );
    let expired = call(&url, "some-token").await;
    let challenge = parse_challenge(expired.header("www-authenticate").unwrap());
    assert_eq!(challenge.params["error_description"], "expired");
    // The token of this resource passes.
    api.answer(
        "introspection",
        json!({"action": "OK", "resultCode": "A056001", "subject": "alice",
               "usable": true, "accessTokenResources": [MCP]}),
    );
    let ok = call(&url, "some-token").await;
    assert_eq!((ok.status, ok.body.as_str()), (200, "alice"));
}
