//! RFC 9470 step-up authentication over HTTP on 127.0.0.1: a layer requiring ACR values or a
//! maximum authentication age refuses with 401 `insufficient_user_authentication` and the
//! requirements in its challenge; the client asks the authorization server (handlers + the local
//! backend) again with `acr_values`/`max_age` and the new token passes. A cached answer never
//! outlives `auth_time + max_age`.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::clock::{Clock, ManualClock};
use authlete_tower::handler::AuthenticatedUser;
use authlete_tower::{AuthleteBearer, AuthleteClient, BearerToken};
use serde_json::{Value, json};

use crate::common::challenge::{Challenge, parse_challenge};
use crate::common::flows::{Env, Mount, code_flow_access};
use crate::common::{self, FakeApi};

/// `/pay` behind `bearer`, on 127.0.0.1; returns the URL.
async fn serve(bearer: AuthleteBearer) -> String {
    async fn pay(token: BearerToken) -> String {
        format!(
            "{} {}",
            token.subject().unwrap_or("-"),
            token.acr().unwrap_or("-")
        )
    }
    let app = axum::Router::new()
        .route("/pay", axum::routing::get(pay))
        .route_layer(bearer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/pay")
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

/// A 401 `insufficient_user_authentication` with an empty body; the parsed challenge.
fn assert_step_up(answer: &common::Answer) -> Challenge {
    assert_eq!(answer.status, 401, "{answer:?}");
    let challenge = parse_challenge(answer.header("www-authenticate").expect("a challenge"));
    assert_eq!(challenge.scheme, "Bearer");
    assert_eq!(challenge.params["realm"], "api");
    assert_eq!(
        challenge.params["error"],
        "insufficient_user_authentication"
    );
    assert!(challenge.params.contains_key("error_description"));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert!(answer.body.is_empty(), "{answer:?}");
    challenge
}

fn layer(env: &Env) -> AuthleteBearer {
    AuthleteBearer::new(AuthleteClient::new(env.local.config_v3()).unwrap())
}

#[tokio::test]
async fn a_stronger_login_after_the_challenge_gives_a_token_that_passes() {
    let env = Env::start(Mount::Axum).await;
    let url = serve(layer(&env).required_acr_values(["urn:example:mfa", "urn:example:hwk"])).await;

    env.app.log_in(
        AuthenticatedUser::new("1001")
            .authenticated_at(SystemTime::now())
            .with_acr("urn:example:pwd"),
    );
    let (weak, _) = code_flow_access(&env, "", &[]).await;
    let challenge = assert_step_up(&call(&url, &weak).await);
    assert_eq!(
        challenge.params["acr_values"],
        "urn:example:mfa urn:example:hwk"
    );
    assert!(!challenge.params.contains_key("max_age"), "{challenge:?}");

    // The client asks again with the challenge's acr_values; the application steps up.
    env.app.log_in(
        AuthenticatedUser::new("1001")
            .authenticated_at(SystemTime::now())
            .with_acr("urn:example:mfa"),
    );
    let query = format!(
        "&{}",
        common::form(&[("acr_values", &challenge.params["acr_values"])])
    );
    let (strong, _) = code_flow_access(&env, &query, &[]).await;
    let ok = call(&url, &strong).await;
    assert_eq!(
        (ok.status, ok.body.as_str()),
        (200, "1001 urn:example:mfa"),
        "{ok:?}"
    );
    // The weak token stays refused.
    assert_step_up(&call(&url, &weak).await);
}

#[tokio::test]
async fn a_cached_answer_never_outlives_the_maximum_authentication_age() {
    let env = Env::start(Mount::Axum).await;
    let clock = ManualClock::new();
    let cache = IntrospectionCache::builder()
        .max_age(Duration::from_secs(3600))
        .clock(Arc::new(clock.clone()))
        .build();
    let url = serve(
        layer(&env)
            .with_cache(cache.clone())
            .max_authentication_age(Duration::from_secs(60)),
    )
    .await;
    env.app
        .log_in(AuthenticatedUser::new("1001").authenticated_at(clock.now()));
    let (token, _) = code_flow_access(&env, "", &[]).await;
    assert_eq!(call(&url, &token).await.status, 200);
    // Revoked at the authorization server, the token still passes: the answer is cached.
    let revoked = common::post_form(
        &env.url("/api/revocation"),
        &common::form(&[
            ("token", &token),
            ("client_id", authlete_local::demo::PUBLIC_CLIENT_ID),
        ]),
    )
    .await;
    assert_eq!(revoked.status, 200, "{revoked:?}");
    assert_eq!(
        call(&url, &token).await.status,
        200,
        "served from the cache"
    );

    // The backend's clock has not moved, so only the layer can refuse now.
    clock.advance(Duration::from_secs(61));
    let challenge = assert_step_up(&call(&url, &token).await);
    assert_eq!(challenge.params["max_age"], "60");
    assert!(!challenge.params.contains_key("acr_values"));

    // A fresh login (at the client's new max_age request) passes again.
    env.app
        .log_in(AuthenticatedUser::new("1001").authenticated_at(clock.now()));
    let (fresh, _) = code_flow_access(&env, "&max_age=60", &[]).await;
    assert_eq!(call(&url, &fresh).await.status, 200);
}

#[tokio::test]
async fn the_local_backend_refuses_a_token_without_an_authentication_time() {
    let env = Env::start(Mount::Axum).await;
    let url = serve(
        layer(&env)
            .without_cache()
            .max_authentication_age(Duration::from_secs(300)),
    )
    .await;
    // Client credentials: no user, no auth_time.
    let token = env.client_credentials().await;
    let challenge = assert_step_up(&call(&url, &token).await);
    assert_eq!(challenge.params["max_age"], "300");
    // Authlete's words (the local backend's result code) reach the client.
    assert!(
        challenge.params["error_description"].starts_with("[A065307]"),
        "{challenge:?}"
    );
}

/// Against a scripted Authlete: what is sent, and the layer's own check of an `OK` answer.
#[tokio::test]
async fn requirements_are_sent_checked_and_part_of_the_cache_key() {
    let api = FakeApi::new();
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    api.answer(
        "introspection",
        json!({"action": "OK", "resultCode": "A056001", "subject": "alice", "usable": true,
               "acr": "urn:example:pwd", "authTime": now - 10,
               "expiresAt": (now + 3600) * 1000}),
    );
    let shared = IntrospectionCache::builder().build();
    let open = serve(AuthleteBearer::new(api.clone()).with_cache(shared.clone())).await;
    let strict = serve(
        AuthleteBearer::new(api.clone())
            .with_cache(shared.clone())
            .required_acr_values(["urn:example:mfa"])
            .max_authentication_age(Duration::from_millis(1500)),
    )
    .await;

    assert_eq!(call(&open, "t").await.status, 200);
    assert_eq!(api.count("introspection"), 1);
    let sent: Value = api.last("introspection").unwrap();
    assert!(
        sent.get("acrValues").is_none() && sent.get("maxAge").is_none(),
        "{sent}"
    );

    // Another policy: its own cache entry, its own call, and the layer's own refusal of an OK.
    let challenge = assert_step_up(&call(&strict, "t").await);
    assert_eq!(api.count("introspection"), 2);
    let sent: Value = api.last("introspection").unwrap();
    assert_eq!(sent["acrValues"], json!(["urn:example:mfa"]));
    assert_eq!(sent["maxAge"], 1, "whole seconds");
    assert_eq!(challenge.params["acr_values"], "urn:example:mfa");
    assert_eq!(challenge.params["max_age"], "1");

    // Authlete's own step-up refusal passes through as a 401 in its words.
    api.answer(
        "introspection",
        json!({"action": "UNAUTHORIZED", "resultCode": "A065306",
               "responseContent": "Bearer error=\"insufficient_user_authentication\", error_description=\"[A065306] words\", acr_values=\"urn:example:mfa\""}),
    );
    let strict_uncached = serve(
        AuthleteBearer::new(api.clone())
            .without_cache()
            .required_acr_values(["urn:example:mfa"]),
    )
    .await;
    let challenge = assert_step_up(&call(&strict_uncached, "t").await);
    assert_eq!(challenge.params["error_description"], "[A065306] words");
    assert_eq!(challenge.params["acr_values"], "urn:example:mfa");
}

/// `/pay` behind `bearer` as actix-web middleware, on 127.0.0.1; returns the URL.
#[cfg(feature = "actix")]
fn serve_actix(bearer: AuthleteBearer) -> String {
    use actix_web::{App, HttpServer, web};
    async fn pay(token: BearerToken) -> String {
        token.subject().unwrap_or("-").to_owned()
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                App::new().service(
                    web::resource("/pay")
                        .wrap(bearer.clone())
                        .route(web::get().to(pay)),
                )
            })
            .workers(1)
            .disable_signals()
            .bind(("127.0.0.1", 0))
            .unwrap();
            sender.send(server.addrs()[0]).unwrap();
            server.run().await
        })
    });
    format!("http://{}/pay", receiver.recv().unwrap())
}

/// The actix-web middleware answers the audience and step-up refusals as the tower layer does.
#[cfg(feature = "actix")]
#[tokio::test]
async fn actix_web_refuses_the_audience_and_the_login_alike() {
    let env = Env::start(Mount::Axum).await;
    env.app.log_in(
        AuthenticatedUser::new("1001")
            .authenticated_at(SystemTime::now())
            .with_acr("urn:example:pwd"),
    );
    let for_mcp = format!(
        "&{}",
        common::form(&[("resource", "https://api.example.com/mcp")])
    );
    let (token, _) = code_flow_access(&env, &for_mcp, &[]).await;

    let other = serve_actix(layer(&env).resource("https://other.example.com/api"));
    let refused = call(&other, &token).await;
    assert_eq!(refused.status, 401, "{refused:?}");
    let challenge = parse_challenge(refused.header("www-authenticate").unwrap());
    assert_eq!(challenge.params["error"], "invalid_token");
    assert_eq!(
        challenge.params["error_description"],
        "The access token was not issued for this resource (wrong audience)."
    );
    assert!(refused.body.is_empty());

    let strict = serve_actix(
        layer(&env)
            .resource("https://api.example.com/mcp")
            .required_acr_values(["urn:example:mfa"]),
    );
    let challenge = assert_step_up(&call(&strict, &token).await);
    assert_eq!(challenge.params["acr_values"], "urn:example:mfa");

    let open = serve_actix(layer(&env).resource("https://api.example.com/mcp"));
    let ok = call(&open, &token).await;
    assert_eq!((ok.status, ok.body.as_str()), (200, "1001"));
}
