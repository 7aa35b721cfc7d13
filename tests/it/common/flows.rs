//! End-to-end flows through the handlers, against the local backend reached by `AuthleteClient`
//! over HTTP. Each flow takes a running [`Env`]; the axum and actix-web test binaries run them on
//! their own mounting.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, LocalServer, TokenAuthMethod, demo};
use authlete_tower::handler::{AuthenticatedUser, ClientSecretCredentials, InitialAccessTokens};
use authlete_tower::{AuthleteClient, AuthorizationServer};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::*;

pub const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// Where the authorization server is mounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mount {
    Axum,
    Actix,
}

/// A local backend over HTTP, an authorization server in front of it through `AuthleteClient`.
pub struct Env {
    pub base: String,
    pub app: TestApp,
    pub revoked: Arc<Mutex<Vec<String>>>,
    pub local: LocalServer,
}

impl Env {
    pub async fn start(mount: Mount) -> Self {
        Self::start_with(mount, LocalConfig::demo()).await
    }

    /// An axum environment whose issuer is the authorization server's own URL, as a strict
    /// relying party requires of discovery (OpenID Connect Discovery 1.0 §4.3).
    pub async fn start_at_own_issuer() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut config = LocalConfig::demo();
        config.issuer = base.clone();
        config.endpoints = authlete_local::Endpoints::under(&base);
        let (server, app, revoked, local) = Self::server(config, |server, _| server).await;
        let router = server.router();
        tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        Self {
            base,
            app,
            revoked,
            local,
        }
    }

    /// An environment whose local backend runs `config`.
    pub async fn start_with(mount: Mount, config: LocalConfig) -> Self {
        Self::start_configured(mount, config, |server, _| server).await
    }

    /// An environment whose local backend runs `config` and whose authorization server
    /// `configure` completes, given the server's own API client (e.g. for `with_grants`).
    pub async fn start_configured(
        mount: Mount,
        config: LocalConfig,
        configure: impl FnOnce(AuthorizationServer, Arc<AuthleteClient>) -> AuthorizationServer,
    ) -> Self {
        let (server, app, revoked, local) = Self::server(config, configure).await;
        let base = match mount {
            Mount::Axum => serve_axum(&server).await,
            Mount::Actix => serve_actix(server),
        };
        Self {
            base,
            app,
            revoked,
            local,
        }
    }

    /// The local backend serving `config` over HTTP and an authorization server in front of it.
    async fn server(
        config: LocalConfig,
        configure: impl FnOnce(AuthorizationServer, Arc<AuthleteClient>) -> AuthorizationServer,
    ) -> (
        AuthorizationServer,
        TestApp,
        Arc<Mutex<Vec<String>>>,
        LocalServer,
    ) {
        let backend = LocalBackend::new(config).unwrap();
        let local = LocalServer::bind(backend, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let api = Arc::new(AuthleteClient::new(local.config_v3()).unwrap());
        let app = TestApp::default();
        let revoked = Arc::new(Mutex::new(Vec::new()));
        let sink = revoked.clone();
        let server = AuthorizationServer::new(api.clone(), app.clone())
            .with_introspection_authenticator(ClientSecretCredentials::new("rs", "rs-secret"))
            .with_registration_authorizer(InitialAccessTokens::new([demo::INITIAL_ACCESS_TOKEN]))
            .on_token_revoked(move |token| sink.lock().unwrap().push(token.to_owned()));
        (configure(server, api), app, revoked, local)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// GET the authorization endpoint; returns the page the application rendered.
    pub async fn authorization_page(&self, query: &str) -> Value {
        let answer = get(&self.url(&format!("/api/authorization?{query}"))).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        answer.json()
    }

    /// Posts the consent form: the pending authorization back, the user `1001`, consent given.
    pub async fn consent(&self, page: &Value, authorized: bool) -> Answer {
        let pending = page["pending"].to_string();
        let authorized = if authorized { "true" } else { "false" };
        post_form(
            &self.url("/api/authorization/decision"),
            &form(&[
                ("pending", &pending),
                ("authorized", authorized),
                ("subject", "1001"),
            ]),
        )
        .await
    }

    pub async fn token(&self, authorization: Option<&str>, body: &str) -> Answer {
        let mut request = http()
            .post(self.url("/api/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned());
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        Answer::from(request.send().await.unwrap()).await
    }

    pub async fn client_credentials(&self) -> String {
        let answer = self
            .token(
                Some(&demo_basic()),
                "grant_type=client_credentials&scope=profile",
            )
            .await;
        assert_eq!(answer.status, 200, "{answer:?}");
        answer.json()["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn introspect(&self, token: &str) -> Value {
        let answer = Answer::from(
            http()
                .post(self.url("/api/introspection"))
                .header("authorization", basic("rs", "rs-secret"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("token={token}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(answer.status, 200, "{answer:?}");
        answer.json()
    }

    pub async fn userinfo(&self, token: &str) -> Answer {
        Answer::from(
            http()
                .get(self.url("/api/userinfo"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Verifies an ID token against the JWK Set served by the handler.
    pub async fn verify_id_token(&self, id_token: &str, audience: &str) -> Value {
        let jwks = get(&self.url("/api/jwks")).await.json();
        let set: JwkSet = serde_json::from_value(jwks).unwrap();
        let header = jsonwebtoken::decode_header(id_token).unwrap();
        let jwk = set
            .find(header.kid.as_deref().expect("kid"))
            .expect("the kid is in the JWKS");
        let key = DecodingKey::from_jwk(jwk).unwrap();
        let mut validation = Validation::new(header.alg);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[demo::ISSUER]);
        jsonwebtoken::decode::<Value>(id_token, &key, &validation)
            .expect("a valid ID token")
            .claims
    }
}

pub fn basic(id: &str, secret: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

pub fn demo_basic() -> String {
    basic(demo::CLIENT_ID, demo::CLIENT_SECRET)
}

pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn redirect_uri() -> String {
    form(&[("redirect_uri", demo::REDIRECT_URI)])
}

/// The parameters of a redirect to the demo redirect URI (query or fragment).
pub fn redirect_params(answer: &Answer) -> HashMap<String, String> {
    assert_eq!(answer.status, 302, "{answer:?}");
    let location = answer.header("location").expect("Location");
    assert!(location.starts_with(demo::REDIRECT_URI), "{location}");
    let url = url::Url::parse(location).unwrap();
    let text = url
        .fragment()
        .map(str::to_owned)
        .or_else(|| url.query().map(str::to_owned))
        .unwrap_or_default();
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

// ----- the flows --------------------------------------------------------------------------------

/// Authorization code + PKCE (S256) for the public client, an ID token verified against our
/// JWKS, UserInfo (JSON) with the SPI's claims, then a refresh.
pub async fn code_flow_with_pkce(env: &Env) {
    let query = format!(
        "response_type=code&client_id={}&{}&scope=openid%20profile%20email%20offline_access&state=s1&nonce=n1\
         &code_challenge={}&code_challenge_method=S256&login_hint=alice&claims_locales=ja\
         &claims=%7B%22id_token%22%3A%7B%22name%22%3Anull%7D%7D",
        demo::PUBLIC_CLIENT_ID,
        redirect_uri(),
        challenge(VERIFIER)
    );
    let page = env.authorization_page(&query).await;
    assert_eq!(page["client_name"], "Demo Public Client");
    assert_eq!(page["login_hint"], "alice");
    let scopes: Vec<&str> = page["scopes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        scopes.contains(&"openid") && scopes.contains(&"email"),
        "{scopes:?}"
    );
    assert!(page["scopes"][0]["description"].is_string());
    assert!(
        page["pending"]["ticket"]
            .as_str()
            .is_some_and(|ticket| !ticket.is_empty())
    );

    let params = redirect_params(&env.consent(&page, true).await);
    assert_eq!(params["state"], "s1");
    let code = &params["code"];

    // The wrong verifier fails; the right one succeeds.
    let body = |verifier: &str| {
        form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", demo::REDIRECT_URI),
            ("client_id", demo::PUBLIC_CLIENT_ID),
            ("code_verifier", verifier),
        ])
    };
    let answer = env
        .token(
            None,
            &body("wrong-verifier-wrong-verifier-wrong-verifier-00"),
        )
        .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["error"], "invalid_grant");

    // The code is single-use and the failed attempt may have consumed it; run the flow again.
    let page = env.authorization_page(&query).await;
    let params = redirect_params(&env.consent(&page, true).await);
    let code = params["code"].clone();
    let answer = env
        .token(
            None,
            &form(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", demo::REDIRECT_URI),
                ("client_id", demo::PUBLIC_CLIENT_ID),
                ("code_verifier", VERIFIER),
            ]),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.content_type().starts_with("application/json"));
    let tokens = answer.json();
    let access_token = tokens["access_token"].as_str().unwrap().to_owned();
    let claims = env
        .verify_id_token(tokens["id_token"].as_str().unwrap(), demo::PUBLIC_CLIENT_ID)
        .await;
    assert_eq!(claims["sub"], "1001");
    assert_eq!(claims["nonce"], "n1");
    assert_eq!(
        claims["name"], "アリス",
        "claims_locales=ja is honoured: {claims}"
    );

    let answer = env.userinfo(&access_token).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(answer.content_type().starts_with("application/json"));
    let userinfo = answer.json();
    assert_eq!(userinfo["sub"], "1001");
    assert_eq!(userinfo["email"], "alice@example.com");
    assert_eq!(userinfo["name"], "Alice");

    let refresh_token = tokens["refresh_token"].as_str().expect("a refresh token");
    let answer = env
        .token(
            None,
            &form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", demo::PUBLIC_CLIENT_ID),
            ]),
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let refreshed = answer.json()["access_token"].as_str().unwrap().to_owned();
    assert_ne!(refreshed, access_token);
    assert_eq!(env.introspect(&refreshed).await["active"], true);
}

/// `response_type=token` and `code id_token` (hybrid): tokens in the fragment.
pub async fn implicit_and_hybrid(env: &Env) {
    let query = format!(
        "response_type=token&client_id={}&{}&scope=profile&state=i1",
        demo::CLIENT_ID,
        redirect_uri()
    );
    let page = env.authorization_page(&query).await;
    let answer = env.consent(&page, true).await;
    assert!(answer.header("location").unwrap().contains('#'));
    let params = redirect_params(&answer);
    assert_eq!(params["state"], "i1");
    assert_eq!(params["token_type"].to_lowercase(), "bearer");
    assert_eq!(
        env.introspect(&params["access_token"]).await["active"],
        true
    );

    let query = format!(
        "response_type=code%20id_token&client_id={}&{}&scope=openid&nonce=h1&state=h",
        demo::CLIENT_ID,
        redirect_uri()
    );
    let page = env.authorization_page(&query).await;
    let params = redirect_params(&env.consent(&page, true).await);
    assert!(params.contains_key("code"));
    let claims = env
        .verify_id_token(&params["id_token"], demo::CLIENT_ID)
        .await;
    assert_eq!(
        (claims["sub"].clone(), claims["nonce"].clone()),
        (json!("1001"), json!("h1"))
    );
}

/// Consent denied → `access_denied`.
pub async fn denied(env: &Env) {
    let query = format!(
        "response_type=code&client_id={}&{}&state=d",
        demo::CLIENT_ID,
        redirect_uri()
    );
    let page = env.authorization_page(&query).await;
    let params = redirect_params(&env.consent(&page, false).await);
    assert_eq!(
        (params["error"].as_str(), params["state"].as_str()),
        ("access_denied", "d")
    );
}

/// `prompt=none`: every failure reason, then success.
pub async fn prompt_none(env: &Env) {
    let url = |extra: &str| {
        env.url(&format!(
            "/api/authorization?response_type=code&client_id={}&{}&scope=openid&prompt=none&state=p{extra}",
            demo::CLIENT_ID,
            redirect_uri()
        ))
    };
    // Not logged in.
    let params = redirect_params(&get(&url("")).await);
    assert_eq!(params["error"], "login_required");
    assert!(
        params["error_description"].contains("not logged in"),
        "{params:?}"
    );

    // Logged in an hour ago, max_age=60.
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    env.app.log_in(
        AuthenticatedUser::new("1001")
            .authenticated_at(hour_ago)
            .with_acr("urn:acr:silver"),
    );
    let params = redirect_params(&get(&url("&max_age=60")).await);
    assert_eq!(params["error"], "login_required");
    assert!(
        params["error_description"].contains("max_age"),
        "{params:?}"
    );

    // A different subject is required.
    let claims = form(&[("claims", r#"{"id_token":{"sub":{"value":"2002"}}}"#)]);
    let params = redirect_params(&get(&url(&format!("&{claims}"))).await);
    assert_eq!(params["error"], "login_required");
    assert!(
        params["error_description"].contains("subject"),
        "{params:?}"
    );

    // An essential ACR the session does not have.
    let claims = form(&[(
        "claims",
        r#"{"id_token":{"acr":{"essential":true,"values":["urn:acr:gold"]}}}"#,
    )]);
    let params = redirect_params(&get(&url(&format!("&{claims}"))).await);
    assert_eq!(params["error"], "login_required");
    assert!(params["error_description"].contains("ACR"), "{params:?}");

    // Every check passes, but the application knows no consent: consent_required.
    let claims = form(&[(
        "claims",
        r#"{"id_token":{"acr":{"essential":true,"values":["urn:acr:silver"]}}}"#,
    )]);
    let satisfied = url(&format!("&max_age=7200&{claims}"));
    let params = redirect_params(&get(&satisfied).await);
    assert_eq!(
        (params["error"].as_str(), params["state"].as_str()),
        ("consent_required", "p")
    );
    assert!(
        params["error_description"].contains("consent"),
        "{params:?}"
    );
    assert!(!params.contains_key("code"), "{params:?}");
    let question = env.app.last_consent_question().unwrap();
    assert_eq!(question.user.subject, "1001");
    assert_eq!(
        question.client_id.map(|id| id.to_string()).as_deref(),
        Some(demo::CLIENT_ID)
    );
    assert_eq!(question.scopes, ["openid"]);

    // Consented: a code.
    env.app.consent();
    let params = redirect_params(&get(&satisfied).await);
    assert!(params.contains_key("code"), "{params:?}");
}

/// The password grant with good and bad credentials.
pub async fn password_grant(env: &Env) {
    let answer = env
        .token(
            Some(&demo_basic()),
            "grant_type=password&username=alice&password=wonderland&scope=profile",
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let token = answer.json()["access_token"].as_str().unwrap().to_owned();
    assert_eq!(env.introspect(&token).await["sub"], "1001");

    let answer = env
        .token(
            Some(&demo_basic()),
            "grant_type=password&username=alice&password=nope",
        )
        .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.json()["error"], "invalid_grant");
    assert!(!answer.body.contains("nope"));
}

/// Client credentials, with a wrong secret answered 401 + Basic challenge.
pub async fn client_credentials(env: &Env) {
    let token = env.client_credentials().await;
    let introspection = env.introspect(&token).await;
    assert_eq!(introspection["active"], true);
    assert_eq!(introspection["client_id"], demo::CLIENT_ID);

    let answer = env
        .token(
            Some(&basic(demo::CLIENT_ID, "wrong")),
            "grant_type=client_credentials",
        )
        .await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"token\"")
    );
    assert_eq!(answer.json()["error"], "invalid_client");
}

/// A client created with `/client/create` gets a token at our token endpoint at once (client
/// credentials, `client_secret_basic`); deleted with `/client/delete`, it is refused.
pub async fn managed_client_credentials(env: &Env) {
    use authlete_tower::AuthleteApi;
    use authlete_tower::dto::{Client, ClientType, GrantType};
    let api = AuthleteClient::new(env.local.config_v3()).unwrap();
    let mut client = Client::default();
    client.client_name = Some("Nightly reports".to_owned());
    client.client_type = Some(ClientType::Confidential);
    client.grant_types = Some(vec![GrantType::ClientCredentials]);
    let created = api.client_create(client).await.unwrap();
    let id = created.client_id.unwrap().to_string();
    let secret = created.client_secret.unwrap();

    let answer = env
        .token(
            Some(&basic(&id, &secret)),
            "grant_type=client_credentials&scope=profile",
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let token = answer.json()["access_token"].as_str().unwrap().to_owned();
    let introspection = env.introspect(&token).await;
    assert_eq!(introspection["active"], true);
    assert_eq!(introspection["client_id"], id.as_str());

    api.client_delete(&id).await.unwrap();
    let answer = env
        .token(
            Some(&basic(&id, &secret)),
            "grant_type=client_credentials&scope=profile",
        )
        .await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"token\"")
    );
    assert_eq!(answer.json()["error"], "invalid_client");
    assert!(
        !answer.body.contains(&secret),
        "the secret never comes back"
    );
}

/// Revocation, then introspection says inactive, and the hook saw the token.
pub async fn revocation_then_introspection(env: &Env) {
    let token = env.client_credentials().await;
    assert_eq!(env.introspect(&token).await["active"], true);
    let answer = Answer::from(
        http()
            .post(env.url("/api/revocation"))
            .header("authorization", demo_basic())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={token}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(env.introspect(&token).await["active"], false);
    assert_eq!(*env.revoked.lock().unwrap(), vec![token.clone()]);

    let answer = env.userinfo(&token).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert!(
        answer
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer"),
        "{answer:?}"
    );

    // Introspection refuses unauthenticated callers.
    let answer = post_form(&env.url("/api/introspection"), &format!("token={token}")).await;
    assert_eq!(answer.status, 401);
}

/// RFC 7662 §2.1 at the handler's introspection endpoint against the local backend: the
/// resource server authenticates with `client_secret_basic` or `client_secret_post`; a wrong
/// secret, or both methods at once, is `401 invalid_client` with a `Basic` challenge.
pub async fn introspection_client_authentication(env: &Env) {
    let token = env.client_credentials().await;
    let introspect = |authorization: Option<String>, body: String| async move {
        let mut request = http()
            .post(env.url("/api/introspection"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        Answer::from(request.send().await.unwrap()).await
    };
    let basic_answer = introspect(Some(basic("rs", "rs-secret")), format!("token={token}")).await;
    let post_answer = introspect(
        None,
        format!("token={token}&client_id=rs&client_secret=rs-secret"),
    )
    .await;
    for answer in [&basic_answer, &post_answer] {
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let body = answer.json();
        assert_eq!(
            (&body["active"], &body["client_id"], &body["scope"]),
            (&json!(true), &json!(demo::CLIENT_ID), &json!("profile")),
            "{body}"
        );
    }
    for (authorization, body) in [
        (
            None,
            format!("token={token}&client_id=rs&client_secret=wrong-secret"),
        ),
        (Some(basic("rs", "wrong-secret")), format!("token={token}")),
        (
            Some(basic("rs", "rs-secret")),
            format!("token={token}&client_id=rs&client_secret=rs-secret"),
        ),
    ] {
        let answer = introspect(authorization, body).await;
        assert_eq!(answer.status, 401, "{answer:?}");
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Basic realm=\"introspection\"")
        );
        assert_eq!(answer.json()["error"], "invalid_client");
        assert!(!answer.body.contains("secret"), "{answer:?}");
        assert!(!answer.body.contains(&token), "{answer:?}");
    }
}

// ----- the local-backend siblings of handler_actions' fake-backend tests ---------------------

/// A form POST to `path` with `authorization`, if any.
async fn post_with(env: &Env, path: &str, authorization: Option<&str>, body: &str) -> Answer {
    let mut request = http()
        .post(env.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    Answer::from(request.send().await.unwrap()).await
}

/// An OAuth error answer: status, `no-store`, the error code, and the challenge if any.
fn assert_oauth_error(answer: &Answer, status: u16, error: &str, challenge: Option<&str>) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(
        answer.header("cache-control"),
        Some("no-store"),
        "{answer:?}"
    );
    assert!(
        answer.content_type().starts_with("application/json"),
        "{answer:?}"
    );
    assert_eq!(answer.json()["error"], error, "{answer:?}");
    assert_eq!(answer.header("www-authenticate"), challenge, "{answer:?}");
    assert!(!answer.body.contains(demo::CLIENT_SECRET), "{answer:?}");
}

/// The token endpoint's refusals as a client sees them (sibling of
/// `handler_actions::token_refuses_malformed_basic_and_leaves_double_authentication_to_authlete`
/// and `extension_grants_are_declined_without_a_hook`).
pub async fn token_refusals(env: &Env) {
    let basic = demo_basic();
    let redirect = demo::REDIRECT_URI;
    for (authorization, body, status, error) in [
        (
            Some("Basic %%%"),
            "grant_type=client_credentials".to_owned(),
            401,
            "invalid_client",
        ),
        (
            Some(basic.as_str()),
            "scope=profile".to_owned(),
            400,
            "invalid_request",
        ),
        (
            Some(basic.as_str()),
            "grant_type=magic".to_owned(),
            400,
            "unsupported_grant_type",
        ),
        (
            Some(basic.as_str()),
            form(&[
                ("grant_type", "authorization_code"),
                ("code", "no-such-code"),
                ("redirect_uri", redirect),
            ]),
            400,
            "invalid_grant",
        ),
        (
            Some(basic.as_str()),
            form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                ("assertion", "a.b.c"),
            ]),
            // A known grant type the demo client is not allowed (see `extension_grants`).
            400,
            "unauthorized_client",
        ),
        (
            Some(basic.as_str()),
            "grant_type=client_credentials&scope=no-such-scope".to_owned(),
            400,
            "invalid_scope",
        ),
        (
            None,
            form(&[
                ("grant_type", "client_credentials"),
                ("client_id", demo::PUBLIC_CLIENT_ID),
            ]),
            400,
            "unauthorized_client",
        ),
    ] {
        let answer = env.token(authorization, &body).await;
        let challenge = (status == 401).then_some("Basic realm=\"token\"");
        assert_oauth_error(&answer, status, error, challenge);
    }
}

/// The revocation endpoint against the local backend (sibling of
/// `handler_actions::revocation_actions_and_the_hook`): a wrong secret, no token, an unknown
/// token (RFC 7009 §2.2: 200), `client_secret_post`.
pub async fn revocation_refusals(env: &Env) {
    let wrong = basic(demo::CLIENT_ID, "wrong-secret");
    let answer = post_with(env, "/api/revocation", Some(&wrong), "token=t").await;
    assert_oauth_error(
        &answer,
        401,
        "invalid_client",
        Some("Basic realm=\"revocation\""),
    );
    let answer = post_with(env, "/api/revocation", Some(&demo_basic()), "foo=bar").await;
    assert_oauth_error(&answer, 400, "invalid_request", None);
    assert!(env.revoked.lock().unwrap().is_empty());

    let answer = post_with(env, "/api/revocation", Some(&demo_basic()), "token=unknown").await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, ""),
        "{answer:?}"
    );

    let token = env.client_credentials().await;
    let body = form(&[
        ("token", &token),
        ("client_id", demo::CLIENT_ID),
        ("client_secret", demo::CLIENT_SECRET),
    ]);
    let answer = post_with(env, "/api/revocation", None, &body).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, ""),
        "{answer:?}"
    );
    assert_eq!(env.introspect(&token).await["active"], false);
    assert!(env.revoked.lock().unwrap().contains(&token));
}

/// UserInfo against the local backend (sibling of `handler_actions::userinfo_*`): no token is a
/// bare challenge, an unknown token `invalid_token`, a token without `openid`
/// `insufficient_scope`; a user's token gets the claims by GET and by POST with the form token.
pub async fn userinfo_answers(env: &Env) {
    let answer = get(&env.url("/api/userinfo")).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Bearer realm=\"userinfo\"")
    );
    assert_eq!(answer.body, "");

    let answer = env.userinfo("no-such-token").await;
    assert_eq!(answer.status, 401, "{answer:?}");
    let challenge = answer.header("www-authenticate").unwrap();
    assert!(
        challenge.starts_with("Bearer error=\"invalid_token\""),
        "{challenge}"
    );
    assert!(!challenge.contains("no-such-token"), "{challenge}");

    let machine = env.client_credentials().await;
    let answer = env.userinfo(&machine).await;
    assert_eq!(answer.status, 403, "{answer:?}");
    let challenge = answer.header("www-authenticate").unwrap();
    assert!(
        challenge.starts_with("Bearer error=\"insufficient_scope\"")
            && challenge.contains("scope=\"openid\""),
        "{challenge}"
    );

    let query = format!(
        "response_type=token&client_id={}&{}&scope=openid%20email&state=u1",
        demo::CLIENT_ID,
        redirect_uri()
    );
    let page = env.authorization_page(&query).await;
    let params = redirect_params(&env.consent(&page, true).await);
    let token = &params["access_token"];
    let by_get = env.userinfo(token).await;
    let by_post = post_with(
        env,
        "/api/userinfo",
        None,
        &form(&[("access_token", token)]),
    )
    .await;
    for answer in [by_get, by_post] {
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        assert!(
            answer.content_type().starts_with("application/json"),
            "{answer:?}"
        );
        assert_eq!(answer.json()["sub"], "1001", "{answer:?}");
    }
}

/// PAR's refusals against the local backend (sibling of `handler_actions::par_maps_every_action`).
pub async fn par_refusals(env: &Env) {
    let good = |response_type: &str, redirect: &str| {
        form(&[
            ("response_type", response_type),
            ("redirect_uri", redirect),
            ("scope", "profile"),
        ])
    };
    let wrong = basic(demo::CLIENT_ID, "wrong-secret");
    let answer = post_with(
        env,
        "/api/par",
        Some(&wrong),
        &good("code", demo::REDIRECT_URI),
    )
    .await;
    assert_oauth_error(&answer, 401, "invalid_client", Some("Basic realm=\"par\""));
    let answer = post_with(
        env,
        "/api/par",
        Some(&demo_basic()),
        &good("magic", demo::REDIRECT_URI),
    )
    .await;
    assert_oauth_error(&answer, 400, "unsupported_response_type", None);
    let answer = post_with(
        env,
        "/api/par",
        Some(&demo_basic()),
        &good("code", "https://evil.example/cb"),
    )
    .await;
    assert_oauth_error(&answer, 400, "invalid_request", None);
    // Both methods at once (RFC 6749 §2.3): Authlete's invalid_request.
    let both = format!(
        "{}&client_secret={}",
        good("code", demo::REDIRECT_URI),
        demo::CLIENT_SECRET
    );
    let answer = post_with(env, "/api/par", Some(&demo_basic()), &both).await;
    assert_oauth_error(&answer, 400, "invalid_request", None);
}

/// The device authorization endpoint's refusals against the local backend (sibling of
/// `handler_actions::device_authorization_maps_every_action`).
pub async fn device_authorization_refusals(env: &Env) {
    let answer = post_with(
        env,
        "/api/device/authorization",
        None,
        "client_id=9999&scope=profile",
    )
    .await;
    assert_oauth_error(
        &answer,
        401,
        "invalid_client",
        Some("Basic realm=\"device\""),
    );
    let wrong = basic(demo::CLIENT_ID, "wrong-secret");
    let answer = post_with(
        env,
        "/api/device/authorization",
        Some(&wrong),
        "scope=profile",
    )
    .await;
    assert_oauth_error(
        &answer,
        401,
        "invalid_client",
        Some("Basic realm=\"device\""),
    );
    let answer = post_with(
        env,
        "/api/device/authorization",
        Some(&demo_basic()),
        "scope=profile",
    )
    .await;
    assert_oauth_error(&answer, 400, "unauthorized_client", None);
    let body = form(&[
        ("client_id", demo::PUBLIC_CLIENT_ID),
        ("scope", "no-such-scope"),
    ]);
    let answer = post_with(env, "/api/device/authorization", None, &body).await;
    assert_oauth_error(&answer, 400, "invalid_scope", None);
}

/// Registration's refusals against the local backend (sibling of
/// `handler_actions::registration_maps_every_action` and
/// `registration_needs_one_of_the_initial_access_tokens`): no or a wrong initial access token,
/// an invalid redirect URI.
pub async fn registration_refusals(env: &Env) {
    let register = |token: Option<&str>, metadata: Value| {
        let mut request = http().post(env.url("/api/register")).json(&metadata);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { Answer::from(request.send().await.unwrap()).await }
    };
    let metadata = json!({"redirect_uris": ["https://app.example/cb"], "grant_types": ["authorization_code"], "response_types": ["code"]});
    for token in [None, Some("wrong-initial-token")] {
        let answer = register(token, metadata.clone()).await;
        assert_eq!(answer.status, 401, "{answer:?}");
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let challenge = answer.header("www-authenticate").unwrap();
        assert!(challenge.starts_with("Bearer"), "{challenge}");
        assert!(
            !answer.body.contains(demo::INITIAL_ACCESS_TOKEN),
            "{answer:?}"
        );
    }
    let answer = register(
        Some(demo::INITIAL_ACCESS_TOKEN),
        json!({"redirect_uris": ["not a uri"], "grant_types": ["authorization_code"], "response_types": ["code"]}),
    )
    .await;
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert_eq!(answer.json()["error"], "invalid_redirect_uri", "{answer:?}");
}

/// Discovery documents from the service configuration.
pub async fn discovery(env: &Env) {
    for path in [
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
    ] {
        let answer = get(&env.url(path)).await;
        assert_eq!(answer.status, 200);
        assert!(answer.content_type().starts_with("application/json"));
        let document = answer.json();
        assert_eq!(document["issuer"], demo::ISSUER);
        assert!(document["token_endpoint"].is_string());
    }
    let jwks = get(&env.url("/api/jwks")).await;
    assert_eq!(jwks.status, 200);
    assert!(!jwks.json()["keys"].as_array().unwrap().is_empty());
}

/// PAR, then the authorization request by `request_uri`.
pub async fn par_then_authorization(env: &Env) {
    let answer = Answer::from(
        http()
            .post(env.url("/api/par"))
            .header("authorization", demo_basic())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "response_type=code&{}&scope=openid&state=par1&nonce=p",
                redirect_uri()
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 201, "{answer:?}");
    let request_uri = answer.json()["request_uri"].as_str().unwrap().to_owned();
    let query = form(&[
        ("client_id", demo::CLIENT_ID),
        ("request_uri", &request_uri),
    ]);
    let page = env.authorization_page(&query).await;
    let params = redirect_params(&env.consent(&page, true).await);
    assert_eq!(params["state"], "par1");
    assert!(params.contains_key("code"));

    let answer = Answer::from(
        http()
            .post(env.url("/api/par"))
            .header("authorization", basic(demo::CLIENT_ID, "wrong"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("response_type=code")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(
        answer.header("www-authenticate"),
        Some("Basic realm=\"par\"")
    );
}

/// The device flow end to end: device authorization, verification page, consent, completion,
/// then the device's token request.
pub async fn device_flow(env: &Env) {
    let answer = post_form(
        &env.url("/api/device/authorization"),
        &form(&[
            ("client_id", demo::PUBLIC_CLIENT_ID),
            ("scope", "openid profile"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let device = answer.json();
    let user_code = device["user_code"].as_str().unwrap().to_owned();
    let device_code = device["device_code"].as_str().unwrap().to_owned();

    let poll_body = form(&[
        ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
        ("device_code", &device_code),
        ("client_id", demo::PUBLIC_CLIENT_ID),
    ]);
    let poll = || env.token(None, &poll_body);
    let answer = poll().await;
    assert_eq!(
        (answer.status, answer.json()["error"].clone()),
        (400, json!("authorization_pending"))
    );

    let verification = env.url("/api/device/verification");
    let page = get(&format!(
        "{verification}?{}",
        form(&[("user_code", &user_code)])
    ))
    .await
    .json();
    assert_eq!(page, json!({"page": "input", "user_code": user_code}));
    let page = post_form(&verification, &form(&[("user_code", &user_code)]))
        .await
        .json();
    assert_eq!(page["page"], "consent");
    assert_eq!(page["client_name"], "Demo Public Client");
    let page = post_form(&verification, "user_code=NOPE-NOPE").await.json();
    assert_eq!(
        (page["page"].clone(), page["problem"].clone()),
        (json!("invalid"), json!("NotExist"))
    );

    env.app
        .log_in(AuthenticatedUser::new("1001").authenticated_at(SystemTime::now()));
    let answer = post_form(
        &env.url("/api/device/complete"),
        &form(&[("user_code", &user_code), ("authorized", "true")]),
    )
    .await;
    assert_eq!(
        answer.json(),
        json!({"page": "completed", "authorized": true})
    );

    let answer = poll().await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let tokens = answer.json();
    let claims = env
        .verify_id_token(tokens["id_token"].as_str().unwrap(), demo::PUBLIC_CLIENT_ID)
        .await;
    assert_eq!(claims["sub"], "1001");
}

/// Dynamic registration, use of the new client, then RFC 7592 read/update/delete.
pub async fn registration(env: &Env) {
    let metadata = json!({
        "client_name": "Registered",
        "redirect_uris": ["https://registered.example/cb"],
        "grant_types": ["client_credentials"],
        "response_types": [],
        "token_endpoint_auth_method": "client_secret_basic",
        "scope": "profile"
    });
    let answer = Answer::from(
        http()
            .post(env.url("/api/register"))
            .bearer_auth(demo::INITIAL_ACCESS_TOKEN)
            .header("content-type", "application/json")
            .body(metadata.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 201, "{answer:?}");
    let client = answer.json();
    let client_id = client["client_id"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| client["client_id"].to_string());
    let secret = client["client_secret"].as_str().unwrap().to_owned();
    let registration_token = client["registration_access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    let answer = env
        .token(
            Some(&basic(&client_id, &secret)),
            "grant_type=client_credentials&scope=profile",
        )
        .await;
    assert_eq!(answer.status, 200, "{answer:?}");

    let management = env.url(&format!("/api/register/{client_id}"));
    let answer = Answer::from(
        http()
            .get(&management)
            .bearer_auth(&registration_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["client_name"], "Registered");

    let mut updated = metadata.clone();
    updated["client_id"] = json!(client_id);
    updated["client_name"] = json!("Renamed");
    let answer = Answer::from(
        http()
            .put(&management)
            .bearer_auth(&registration_token)
            .header("content-type", "application/json")
            .body(updated.to_string())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["client_name"], "Renamed");

    let answer = Answer::from(
        http()
            .get(&management)
            .bearer_auth("wrong-token")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 401, "{answer:?}");

    let answer = Answer::from(
        http()
            .delete(&management)
            .bearer_auth(&registration_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 204, "{answer:?}");
    let answer = env
        .token(
            Some(&basic(&client_id, &secret)),
            "grant_type=client_credentials",
        )
        .await;
    assert_eq!(answer.status, 401, "{answer:?}");
}

// ----- actix-web ---------------------------------------------------------------------------------

/// Serves `server` with actix-web on 127.0.0.1 (port 0) in its own thread and system.
#[cfg(feature = "actix")]
pub fn serve_actix(server: AuthorizationServer) -> String {
    let listener =
        std::net::TcpListener::bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0))).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            actix_web::HttpServer::new(move || {
                let server = server.clone();
                actix_web::App::new().configure(move |config| server.configure(config))
            })
            .workers(1)
            .disable_signals()
            .listen(listener)
            .unwrap()
            .run()
            .await
            .unwrap();
        });
    });
    format!("http://{address}")
}

#[cfg(not(feature = "actix"))]
pub fn serve_actix(_server: AuthorizationServer) -> String {
    panic!("the actix mounting needs feature `actix`")
}

/// The device flow denied by a user who never logged in: Authlete (the local backend) is told
/// `ACCESS_DENIED` with an empty subject, and the device's poll gets `access_denied`.
pub async fn device_denied_without_a_user(env: &Env) {
    let answer = post_form(
        &env.url("/api/device/authorization"),
        &form(&[("client_id", demo::PUBLIC_CLIENT_ID), ("scope", "profile")]),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let device = answer.json();
    let user_code = device["user_code"].as_str().unwrap().to_owned();
    let device_code = device["device_code"].as_str().unwrap().to_owned();

    let answer = post_form(
        &env.url("/api/device/complete"),
        &form(&[("user_code", &user_code), ("authorized", "false")]),
    )
    .await;
    assert_eq!(
        (answer.status, answer.json()),
        (200, json!({"page": "completed", "authorized": false}))
    );

    let answer = env
        .token(
            None,
            &form(&[
                ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
                ("device_code", &device_code),
                ("client_id", demo::PUBLIC_CLIENT_ID),
            ]),
        )
        .await;
    assert_eq!(
        (answer.status, answer.json()["error"].clone()),
        (400, json!("access_denied"))
    );
}

/// The application answers a decision form itself (`respond`): its page comes back as it is,
/// with `Cache-Control: no-store`, and the request stays pending until it is decided.
pub async fn decision_answered_by_the_application(env: &Env) {
    let query = format!(
        "response_type=code&client_id={}&{}&state=r",
        demo::CLIENT_ID,
        redirect_uri()
    );
    let page = env.authorization_page(&query).await;
    let pending = page["pending"].to_string();
    let answer = post_form(
        &env.url("/api/authorization/decision"),
        &form(&[
            ("pending", &pending),
            ("authorized", "true"),
            ("subject", "1001"),
            ("respond", "Try again"),
        ]),
    )
    .await;
    assert_eq!(answer.status, 409);
    assert!(answer.content_type().starts_with("text/html"));
    assert_eq!(answer.header("x-own-page"), Some("yes"));
    assert_eq!(answer.body, "<p>Try again</p>");

    // Still pending: the same ticket is issued now.
    let params = redirect_params(&env.consent(&page, true).await);
    assert_eq!(params["state"], "r");
    assert!(!params["code"].is_empty(), "{params:?}");

    let answer = post_form(
        &env.url("/api/device/complete"),
        "user_code=ANY&authorized=true&respond=Form+rejected",
    )
    .await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (409, "<p>Form rejected</p>")
    );
    assert_eq!(answer.header("x-own-page"), Some("yes"));
}

/// The demo plus two confidential clients that may use the device grant: `4000` declares no
/// authentication method (either secret method), `4001` is registered for `client_secret_basic`.
pub fn client_auth_config() -> LocalConfig {
    let mut config = LocalConfig::demo();
    let client = |id| {
        ClientConfig::confidential(id, "s3cret", "Device maker")
            .grant_types([
                "client_credentials",
                "authorization_code",
                "urn:ietf:params:oauth:grant-type:device_code",
            ])
            .response_types(["code"])
            .redirect_uris([demo::REDIRECT_URI])
            .native()
    };
    config.clients.push(client(4000));
    config
        .clients
        .push(client(4001).token_endpoint_auth_method(TokenAuthMethod::ClientSecretBasic));
    config
}

/// Posts `body` to `path` of our AS, with `authorization` if given.
async fn post_client(env: &Env, path: &str, authorization: Option<&str>, body: &str) -> Answer {
    let mut request = http()
        .post(env.url(path))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(authorization) = authorization {
        request = request.header("authorization", authorization);
    }
    Answer::from(request.send().await.unwrap()).await
}

/// `client_secret_post` and `client_secret_basic` at the token, revocation, PAR and device
/// authorization endpoints of our AS, against the local backend (needs [`client_auth_config`]):
/// both pass; both at once is `invalid_request`; a method other than the registered one is
/// `invalid_client`.
pub async fn client_authentication_methods(env: &Env) {
    let par_body = format!("response_type=code&{}&scope=openid", redirect_uri());
    // (path, body without credentials, success status, the field that proves success)
    let endpoints = [
        (
            "/api/token",
            "grant_type=client_credentials".to_owned(),
            200,
            "access_token",
        ),
        ("/api/revocation", "token=unknown-token".to_owned(), 200, ""),
        ("/api/par", par_body, 201, "request_uri"),
        (
            "/api/device/authorization",
            "scope=openid".to_owned(),
            200,
            "device_code",
        ),
    ];
    for (path, body, status, field) in &endpoints {
        let post = format!("{body}&client_id=4000&client_secret=s3cret");
        let answer = post_client(env, path, None, &post).await;
        assert_eq!(answer.status, *status, "post {path}: {answer:?}");
        if !field.is_empty() {
            assert!(answer.json()[*field].is_string(), "post {path}: {answer:?}");
        }
        for id in ["4000", "4001"] {
            let answer = post_client(env, path, Some(&basic(id, "s3cret")), body).await;
            assert_eq!(answer.status, *status, "basic {id} {path}: {answer:?}");
        }

        // Both at once, as the backend (Authlete) judges it.
        let both = format!("{body}&client_secret=s3cret");
        let answer = post_client(env, path, Some(&basic("4000", "s3cret")), &both).await;
        assert_eq!(answer.status, 400, "both {path}: {answer:?}");
        assert!(answer.content_type().starts_with("application/json"));
        assert_eq!(answer.header("cache-control"), Some("no-store"));
        let error = answer.json();
        assert_eq!(error["error"], "invalid_request", "{path}");
        assert!(
            error["error_description"]
                .as_str()
                .unwrap()
                .contains("more than one client authentication method is used"),
            "{error}"
        );

        // Not the registered method.
        let post = format!("{body}&client_id=4001&client_secret=s3cret");
        let answer = post_client(env, path, None, &post).await;
        assert_eq!(answer.status, 401, "post for basic {path}: {answer:?}");
        assert_eq!(answer.json()["error"], "invalid_client", "{path}");
        assert!(!answer.body.is_empty());
    }
    // The issue's exact request: the demo client by client_secret_post.
    let answer = post_client(
        env,
        "/api/token",
        None,
        "grant_type=client_credentials&client_id=2000&client_secret=demo-secret",
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.json()["token_type"], "Bearer");
}

/// Form-only endpoints of our AS refuse a body that is not `application/x-www-form-urlencoded`
/// (RFC 6749 §3.2) before calling the backend.
pub async fn form_only_endpoints_refuse_other_bodies(env: &Env) {
    for path in [
        "/api/token",
        "/api/revocation",
        "/api/par",
        "/api/device/authorization",
        "/api/introspection",
    ] {
        // Introspection authenticates its resource server, the others the demo client.
        let authorization = if path == "/api/introspection" {
            basic("rs", "rs-secret")
        } else {
            demo_basic()
        };
        for content_type in [Some("application/json"), Some("text/plain"), None] {
            let mut request = http()
                .post(env.url(path))
                .header("authorization", &authorization)
                .body("grant_type=client_credentials&token=x&scope=openid");
            if let Some(content_type) = content_type {
                request = request.header("content-type", content_type);
            }
            let answer = Answer::from(request.send().await.unwrap()).await;
            assert_eq!(answer.status, 400, "{path} {content_type:?}: {answer:?}");
            assert_eq!(answer.content_type(), "application/json;charset=UTF-8");
            assert_eq!(answer.header("cache-control"), Some("no-store"));
            assert_eq!(
                answer.json(),
                json!({
                    "error": "invalid_request",
                    "error_description": "The request body must be application/x-www-form-urlencoded.",
                }),
                "{path}"
            );
        }
    }
    // The media type is matched without case and with parameters.
    let answer = Answer::from(
        http()
            .post(env.url("/api/token"))
            .header("authorization", demo_basic())
            .header(
                "content-type",
                "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
            )
            .body("grant_type=client_credentials")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(answer.status, 200, "{answer:?}");
}

/// The authorization code flow of the public client with PKCE (S256) for the user in the
/// application's session: `extra` is added to the authorization request (e.g. `resource=…`,
/// `acr_values=…`), `token_extra` to the token request. Returns the token endpoint's answer.
pub async fn code_flow_tokens(env: &Env, extra: &str, token_extra: &[(&str, &str)]) -> Answer {
    let query = format!(
        "response_type=code&client_id={}&{}&scope=openid%20profile&state=s&nonce=n\
         &code_challenge={}&code_challenge_method=S256{extra}",
        demo::PUBLIC_CLIENT_ID,
        redirect_uri(),
        challenge(VERIFIER)
    );
    let page = env.authorization_page(&query).await;
    let pending = page["pending"].to_string();
    let decision = post_form(
        &env.url("/api/authorization/decision"),
        &form(&[("pending", &pending), ("authorized", "true")]),
    )
    .await;
    let params = redirect_params(&decision);
    let code = params.get("code").unwrap_or_else(|| panic!("{params:?}"));
    let mut pairs = vec![
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", demo::REDIRECT_URI),
        ("client_id", demo::PUBLIC_CLIENT_ID),
        ("code_verifier", VERIFIER),
    ];
    pairs.extend_from_slice(token_extra);
    env.token(None, &form(&pairs)).await
}

/// [`code_flow_tokens`] that must succeed: the access token and the refresh token.
pub async fn code_flow_access(
    env: &Env,
    extra: &str,
    token_extra: &[(&str, &str)],
) -> (String, String) {
    let answer = code_flow_tokens(env, extra, token_extra).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let tokens = answer.json();
    (
        tokens["access_token"].as_str().unwrap().to_owned(),
        tokens["refresh_token"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}
