//! OpenID Connect Native SSO for Mobile Apps 1.0 over real HTTP (v2 and v3): a code flow with
//! `openid device_sso` and a session ID answered `NATIVE_SSO`, `/nativesso` making the ID token
//! with `sid` and `ds_hash`, a second application's token exchange with that ID token and the
//! device secret, the refusals, `/nativesso/logout`, and the service with Native SSO disabled.

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi, AuthleteClient};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::idp::{TOKEN_EXCHANGE, enc};
use crate::support::{json, start};

const REDIRECT: &str = "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection";
const ID_TOKEN: &str = "urn:ietf:params:oauth:token-type:id_token";
const DEVICE_SECRET: &str = "urn:openid:params:token-type:device-secret";
const PUBLIC_CLIENT: &str = "3000";

/// The demo (Native SSO on) with the public client, the second application, allowed the token
/// exchange.
fn config() -> LocalConfig {
    let mut config = LocalConfig::demo();
    let client = config
        .clients
        .iter_mut()
        .find(|client| client.client_id.to_string() == PUBLIC_CLIENT)
        .unwrap();
    client.grant_types.push(TOKEN_EXCHANGE.to_owned());
    config
}

fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn hash(secret: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(secret.as_bytes()))
}

async fn token(api: &AuthleteClient, client: (&str, &str), form: &str) -> TokenResponse {
    let mut request = TokenRequest::new(form);
    request.client_id = Some(client.0.into());
    request.client_secret = (!client.1.is_empty()).then(|| client.1.into());
    api.token(request).await.unwrap()
}

/// A ticket of the demo client for `scope`.
async fn ticket(api: &AuthleteClient, scope: &str) -> AuthorizationResponse {
    let parameters = format!(
        "response_type=code&client_id={}&redirect_uri={REDIRECT}&scope={}&nonce=n-1",
        demo::CLIENT_ID,
        enc(scope)
    );
    let answer = api
        .authorization(AuthorizationRequest::new(parameters))
        .await
        .unwrap();
    assert_eq!(
        answer.action,
        Some(AuthorizationAction::Interaction),
        "{answer:?}"
    );
    answer
}

/// The code of a login of `john` with `session_id`.
async fn code(api: &AuthleteClient, scope: &str, session_id: Option<&str>) -> String {
    let ticket = ticket(api, scope).await.ticket.unwrap();
    let mut issue = AuthorizationIssueRequest::new(ticket, "john");
    issue.session_id = session_id.map(str::to_owned);
    let issued = api.authorization_issue(issue).await.unwrap();
    assert_eq!(
        issued.action,
        Some(AuthorizationIssueAction::Location),
        "{issued:?}"
    );
    issued.authorization_code.unwrap()
}

/// The first application's login: `NATIVE_SSO` from `/auth/token`, then `/nativesso` with
/// `secret`. Answers the token answer and the `/nativesso` answer.
async fn first_app(
    api: &AuthleteClient,
    session_id: &str,
    secret: &str,
) -> (TokenResponse, NativeSsoResponse) {
    let code = code(api, "openid device_sso profile", Some(session_id)).await;
    let answer = token(
        api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        &format!("grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"),
    )
    .await;
    assert_eq!(answer.action, Some(TokenAction::NativeSso), "{answer:?}");
    let mut request = NativeSsoRequest::new(answer.access_token.clone().unwrap(), secret);
    request.refresh_token = answer.refresh_token.clone();
    request.claims = Some(r#"{"name":"John Smith","sid":"forged"}"#.into());
    let sso = api.native_sso(request).await.unwrap();
    assert_eq!(sso.action, Some(NativeSsoAction::Ok), "{sso:?}");
    (answer, sso)
}

fn exchange_form(id_token: &str, secret: Option<&str>, scope: &str) -> String {
    let mut form = format!(
        "grant_type={}&subject_token={}&subject_token_type={}&scope={}",
        enc(TOKEN_EXCHANGE),
        enc(id_token),
        enc(ID_TOKEN),
        enc(scope)
    );
    if let Some(secret) = secret {
        form.push_str(&format!(
            "&actor_token={}&actor_token_type={}",
            enc(secret),
            enc(DEVICE_SECRET)
        ));
    } else {
        form.push_str(&format!("&actor_token_type={}", enc(DEVICE_SECRET)));
    }
    form
}

#[tokio::test]
async fn a_login_with_device_sso_then_a_second_app_then_logout() {
    let (server, v2, v3) = start(LocalBackend::new(config()).unwrap()).await;
    for (round, api) in [&v2, &v3].into_iter().enumerate() {
        let session_id = format!("sid-{round}");
        // The authorization request asks for Native SSO only with openid and device_sso.
        assert!(ticket(api, "openid device_sso").await.native_sso_requested);
        assert!(!ticket(api, "openid profile").await.native_sso_requested);
        assert!(!ticket(api, "device_sso").await.native_sso_requested);
        // Then the issue needs the session ID.
        let pending = ticket(api, "openid device_sso").await.ticket.unwrap();
        let refused = api
            .authorization_issue(AuthorizationIssueRequest::new(pending, "john"))
            .await
            .unwrap();
        assert_eq!(refused.action, Some(AuthorizationIssueAction::BadRequest));
        assert_eq!(refused.result_code.as_deref(), Some("A040304"));

        // App 1: the code answers NATIVE_SSO with the session and the minted tokens.
        let (answer, sso) = first_app(api, &session_id, "ds-1").await;
        assert_eq!(answer.result_code.as_deref(), Some("A050002"));
        assert_eq!(answer.session_id.as_deref(), Some(session_id.as_str()));
        assert_eq!(answer.subject.as_deref(), Some("john"));
        assert_eq!(answer.grant_type.as_deref(), Some("AUTHORIZATION_CODE"));
        assert!(answer.response_content.is_none() && answer.id_token.is_none());
        assert!(answer.device_secret.is_none());
        // /nativesso: the token response with the device secret and the ID token.
        assert_eq!(sso.result_code.as_deref(), Some("A501001"));
        let body = json(&sso.response_content);
        assert_eq!(body["access_token"], answer.access_token.clone().unwrap());
        assert_eq!(body["refresh_token"], answer.refresh_token.clone().unwrap());
        assert_eq!(body["token_type"], "Bearer");
        assert_eq!(body["scope"], "openid device_sso profile");
        assert_eq!(body["device_secret"], "ds-1");
        assert!(body.get("issued_token_type").is_none());
        let id_token = body["id_token"].as_str().unwrap().to_owned();
        assert_eq!(sso.id_token.as_deref(), Some(id_token.as_str()));
        let first = claims(&id_token);
        assert_eq!(first["iss"], demo::ISSUER);
        assert_eq!(first["sub"], "john");
        assert_eq!(first["aud"], json!([demo::CLIENT_ID]));
        assert_eq!(first["sid"], session_id.as_str(), "not the forged one");
        assert_eq!(first["ds_hash"], hash("ds-1"));
        assert_eq!(first["name"], "John Smith");
        assert!(first["at_hash"].is_string());

        // App 2: the ID token and the device secret for its own tokens.
        let exchanged = token(
            api,
            (PUBLIC_CLIENT, ""),
            &exchange_form(&id_token, Some("ds-1"), "openid profile"),
        )
        .await;
        assert_eq!(
            exchanged.action,
            Some(TokenAction::NativeSso),
            "{exchanged:?}"
        );
        assert_eq!(exchanged.client_id, Some(3000));
        assert_eq!(exchanged.subject.as_deref(), Some("john"));
        assert_eq!(exchanged.session_id.as_deref(), Some(session_id.as_str()));
        assert_eq!(exchanged.device_secret.as_deref(), Some("ds-1"));
        assert_eq!(
            exchanged.device_secret_hash.as_deref(),
            Some(hash("ds-1").as_str())
        );
        assert_eq!(exchanged.grant_type.as_deref(), Some("TOKEN_EXCHANGE"));
        assert_eq!(exchanged.subject_token_type, Some(TokenType::IdToken));
        assert!(exchanged.response_content.is_none());
        let mut request = NativeSsoRequest::new(exchanged.access_token.clone().unwrap(), "ds-1");
        request.refresh_token = exchanged.refresh_token.clone();
        request.device_secret_hash = exchanged.device_secret_hash.clone();
        request.id_token_aud_type = Some("string".into());
        let second = api.native_sso(request).await.unwrap();
        assert_eq!(second.action, Some(NativeSsoAction::Ok), "{second:?}");
        let body = json(&second.response_content);
        assert_eq!(
            body["issued_token_type"],
            "urn:ietf:params:oauth:token-type:access_token"
        );
        assert_eq!(body["device_secret"], "ds-1");
        let second_claims = claims(body["id_token"].as_str().unwrap());
        assert_eq!(second_claims["aud"], PUBLIC_CLIENT);
        assert_eq!(second_claims["sid"], session_id.as_str());
        assert_eq!(second_claims["ds_hash"], hash("ds-1"));
        assert_eq!(second_claims["sub"], "john");
        let app2_token = exchanged.access_token.clone().unwrap();
        let live = api
            .introspection(IntrospectionRequest::new(&app2_token))
            .await
            .unwrap();
        assert_eq!(live.action, Some(IntrospectionAction::Ok));

        // Logout from every application: both apps' access and refresh tokens go.
        let logout = api
            .native_sso_logout(NativeSsoLogoutRequest::new(&session_id))
            .await
            .unwrap();
        assert_eq!(logout.action, Some(NativeSsoLogoutAction::Ok));
        assert_eq!(logout.result_code.as_deref(), Some("A503001"));
        assert_eq!(logout.count, Some(4));
        for access in [answer.access_token.unwrap(), app2_token] {
            let gone = api
                .introspection(IntrospectionRequest::new(&access))
                .await
                .unwrap();
            assert_eq!(gone.action, Some(IntrospectionAction::Unauthorized));
        }
        let refreshed = token(
            api,
            (demo::CLIENT_ID, demo::CLIENT_SECRET),
            &format!(
                "grant_type=refresh_token&refresh_token={}",
                answer.refresh_token.unwrap()
            ),
        )
        .await;
        assert_eq!(refreshed.action, Some(TokenAction::BadRequest));
        // Nothing is left to delete.
        let again = api
            .native_sso_logout(NativeSsoLogoutRequest::new(&session_id))
            .await
            .unwrap();
        assert_eq!(again.count, Some(0));
    }
    server.shutdown().await;
}

/// A `BAD_REQUEST` `invalid_request` (or `error`) of the token exchange naming `detail`.
fn assert_refused(answer: &TokenResponse, error: &str, detail: &str) {
    assert_eq!(answer.action, Some(TokenAction::BadRequest), "{answer:?}");
    let body = json(&answer.response_content);
    assert_eq!(body["error"], error, "{body}");
    assert!(
        body["error_description"].as_str().unwrap().contains(detail),
        "{body}"
    );
}

#[tokio::test]
async fn the_token_exchange_refuses_what_authlete_refuses() {
    let (server, _, api) = start(LocalBackend::new(config()).unwrap()).await;
    let (_, sso) = first_app(&api, "sid-x", "ds-1").await;
    let id_token = sso.id_token.unwrap();
    let app2 = (PUBLIC_CLIENT, "");
    // No device secret.
    let answer = token(&api, app2, &exchange_form(&id_token, None, "openid")).await;
    assert_refused(
        &answer,
        "invalid_request",
        "actor_token (the device secret) is missing",
    );
    // A forged signature.
    let mut parts: Vec<&str> = id_token.split('.').collect();
    let forged_payload = URL_SAFE_NO_PAD.encode(
        json!({"iss": demo::ISSUER, "sub": "admin", "aud": ["2000"], "sid": "sid-x",
            "ds_hash": hash("ds-1"), "exp": 4_000_000_000_i64, "iat": 1})
        .to_string(),
    );
    parts[1] = &forged_payload;
    let forged = parts.join(".");
    let answer = token(&api, app2, &exchange_form(&forged, Some("ds-1"), "openid")).await;
    assert_refused(&answer, "invalid_request", "is not signed");
    // An ID token without sid and ds_hash (a plain OpenID Connect login).
    let code = code(&api, "openid", None).await;
    let plain = token(
        &api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        &format!("grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"),
    )
    .await;
    assert_eq!(plain.action, Some(TokenAction::Ok), "{plain:?}");
    let plain_id_token = plain.id_token.unwrap();
    assert!(claims(&plain_id_token).get("sid").is_none());
    let answer = token(
        &api,
        app2,
        &exchange_form(&plain_id_token, Some("ds-1"), "openid"),
    )
    .await;
    assert_refused(&answer, "invalid_request", "has no sid claim");
    // Scopes: unknown, or without openid.
    let answer = token(&api, app2, &exchange_form(&id_token, Some("ds-1"), "nope")).await;
    assert_refused(&answer, "invalid_scope", "'nope' is not supported");
    let answer = token(
        &api,
        app2,
        &exchange_form(&id_token, Some("ds-1"), "profile"),
    )
    .await;
    assert_refused(&answer, "invalid_scope", "needs the openid scope");
    // A client not allowed the token exchange.
    let answer = token(
        &api,
        ("2500", ""),
        &exchange_form(&id_token, Some("ds-1"), "openid"),
    )
    .await;
    assert!(answer.action != Some(TokenAction::NativeSso), "{answer:?}");
    // A wrong device secret is Authlete's to pass on: the hash comparison is the server's.
    let answer = token(
        &api,
        app2,
        &exchange_form(&id_token, Some("other"), "openid"),
    )
    .await;
    assert_eq!(answer.action, Some(TokenAction::NativeSso));
    assert_eq!(answer.device_secret.as_deref(), Some("other"));
    assert_ne!(
        answer.device_secret_hash.as_deref(),
        Some(hash("other").as_str())
    );
    server.shutdown().await;
}

#[tokio::test]
async fn nativesso_caller_errors() {
    let (server, _, api) = start(LocalBackend::new(config()).unwrap()).await;
    let (answer, _) = first_app(&api, "sid-y", "ds-1").await;
    let access = answer.access_token.unwrap();
    let caller_error = |response: NativeSsoResponse, detail: &str| {
        assert_eq!(
            response.action,
            Some(NativeSsoAction::CallerError),
            "{response:?}"
        );
        assert_eq!(response.result_code.as_deref(), Some("A501101"));
        assert!(
            response.result_message.as_deref().unwrap().contains(detail),
            "{response:?}"
        );
        assert!(response.response_content.is_none() && response.id_token.is_none());
    };
    let missing = api
        .native_sso(NativeSsoRequest::new("", "ds"))
        .await
        .unwrap();
    caller_error(missing, "accessToken is missing");
    let missing = api
        .native_sso(NativeSsoRequest::new(&access, ""))
        .await
        .unwrap();
    caller_error(missing, "deviceSecret is missing");
    let unknown = api
        .native_sso(NativeSsoRequest::new("nope", "ds"))
        .await
        .unwrap();
    caller_error(unknown, "unknown or has expired");
    let mut bad_claims = NativeSsoRequest::new(&access, "ds");
    bad_claims.claims = Some("[1]".into());
    caller_error(
        api.native_sso(bad_claims).await.unwrap(),
        "claims must be a JSON object",
    );
    let mut bad_aud = NativeSsoRequest::new(&access, "ds");
    bad_aud.id_token_aud_type = Some("list".into());
    caller_error(api.native_sso(bad_aud).await.unwrap(), "idTokenAudType");
    let mut other_refresh = NativeSsoRequest::new(&access, "ds");
    other_refresh.refresh_token = Some("not-this-one".into());
    caller_error(
        api.native_sso(other_refresh).await.unwrap(),
        "refresh token was not issued with the access token",
    );
    // A token without a session (client credentials).
    let plain = token(
        &api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        "grant_type=client_credentials&scope=profile",
    )
    .await;
    let no_session = api
        .native_sso(NativeSsoRequest::new(plain.access_token.unwrap(), "ds"))
        .await
        .unwrap();
    caller_error(no_session, "not associated with a session ID");
    let logout = api
        .native_sso_logout(NativeSsoLogoutRequest::new(""))
        .await
        .unwrap();
    assert_eq!(logout.action, Some(NativeSsoLogoutAction::CallerError));
    assert_eq!(logout.result_code.as_deref(), Some("A503101"));
    server.shutdown().await;
}

#[tokio::test]
async fn a_service_without_native_sso() {
    let mut config = config();
    config.native_sso_supported = false;
    let (server, _, api) = start(LocalBackend::new(config).unwrap()).await;
    assert!(!ticket(&api, "openid device_sso").await.native_sso_requested);
    // A code with device_sso is a plain OpenID Connect login, sid and all.
    let code = code(&api, "openid device_sso", Some("sid-z")).await;
    let answer = token(
        &api,
        (demo::CLIENT_ID, demo::CLIENT_SECRET),
        &format!("grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"),
    )
    .await;
    assert_eq!(answer.action, Some(TokenAction::Ok), "{answer:?}");
    let id_token = answer.id_token.unwrap();
    assert_eq!(claims(&id_token)["sid"], "sid-z");
    assert!(claims(&id_token).get("ds_hash").is_none());
    // The device secret is not a token type it knows.
    let refused = token(
        &api,
        (PUBLIC_CLIENT, ""),
        &exchange_form(&id_token, Some("ds"), "openid"),
    )
    .await;
    assert_refused(
        &refused,
        "invalid_request",
        "actor_token_type is not a registered",
    );
    for result in [
        api.native_sso(NativeSsoRequest::new("a", "b")).await.err(),
        api.native_sso_logout(NativeSsoLogoutRequest::new("s"))
            .await
            .err(),
    ] {
        match result {
            Some(ApiError::Api { status, .. }) => assert_eq!(status, 400),
            other => panic!("{other:?}"),
        }
    }
    let document = api
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert!(document.get("native_sso_supported").is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn the_demo_advertises_native_sso() {
    let (server, _, api) = start(LocalBackend::demo()).await;
    let document = api
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["native_sso_supported"], true);
    assert!(
        document["scopes_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("device_sso"))
    );
    server.shutdown().await;
}
