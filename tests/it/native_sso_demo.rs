//! The demo's Native SSO over HTTP: john logs in once in app 1 (the public client `3000`) with
//! `openid device_sso`; app 2 (the confidential client `2000`) on the same device exchanges app
//! 1's ID token and the device secret for tokens of its own, with no login, while the demo's login
//! session (its `sid`) is alive. A wrong device secret is refused. The demo's client `2000` is
//! allowed the token exchange grant, as the client of a Native SSO exchange must be.

use super::*;

const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
const DEVICE_SECRET_TYPE: &str = "urn:openid:params:token-type:device-secret";

/// The claims of `jwt`, read without checking its signature (the local backend's tests check
/// the signatures of Native SSO ID tokens).
fn claims(jwt: &str) -> Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

impl Servers {
    /// App 2's token exchange of `id_token` and `device_secret`.
    async fn second_app(&self, id_token: &str, device_secret: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/api/token", self.authorization))
            .basic_auth("2000", Some(authlete_local::demo::CLIENT_SECRET))
            .form_pairs(&[
                ("grant_type", TOKEN_EXCHANGE),
                ("subject_token", id_token),
                ("subject_token_type", ID_TOKEN_TYPE),
                ("actor_token", device_secret),
                ("actor_token_type", DEVICE_SECRET_TYPE),
                ("scope", "openid"),
            ])
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn a_second_app_shares_the_first_apps_login_session() {
    let servers = Servers::start().await;
    let discovery: Value = servers
        .http
        .get(format!(
            "{}/.well-known/openid-configuration",
            servers.authorization
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(discovery["native_sso_supported"], true, "{discovery}");
    // The second app's grant is advertised though the demo gives no extension-grant hooks.
    let grants = discovery["grant_types_supported"].as_array().unwrap();
    assert!(grants.contains(&Value::from(TOKEN_EXCHANGE)), "{discovery}");
    assert!(
        !grants.contains(&Value::from("urn:ietf:params:oauth:grant-type:jwt-bearer")),
        "{discovery}"
    );

    // App 1: john logs in on the demo's page; the code gives the device secret.
    let redirect_uri = servers.redirect_uri();
    let form = pending_request_with(
        &servers,
        None,
        &[
            ("client_id", "3000"),
            ("response_type", "code"),
            ("scope", "openid device_sso"),
            ("redirect_uri", &redirect_uri),
            ("code_challenge", CODE_CHALLENGE),
            ("code_challenge_method", "S256"),
        ],
    )
    .await;
    let decision = post_decision(
        &servers,
        Some(&form.cookie),
        &form.with(&[
            ("authorized", "true"),
            ("loginId", "john"),
            ("password", "john"),
        ]),
    )
    .await;
    assert_eq!(decision.status(), StatusCode::FOUND);
    let location = decision.headers()["location"].to_str().unwrap().to_owned();
    let query = location.split_once('?').map_or("", |(_, query)| query);
    let code = form_urlencoded::parse(query.as_bytes())
        .find(|(name, _)| name == "code")
        .map(|(_, code)| code.into_owned())
        .unwrap_or_else(|| panic!("no code in {location}"));
    let answer = servers
        .http
        .post(format!("{}/api/token", servers.authorization))
        .form_pairs(&[
            ("grant_type", "authorization_code"),
            ("client_id", "3000"),
            ("code", &code),
            ("redirect_uri", &redirect_uri),
            ("code_verifier", CODE_VERIFIER),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let first: Value = answer.json().await.unwrap();
    let device_secret = first["device_secret"].as_str().unwrap().to_owned();
    let id_token = first["id_token"].as_str().unwrap().to_owned();
    let first_claims = claims(&id_token);
    let sid = first_claims["sid"].as_str().unwrap().to_owned();
    assert_eq!(sid.len(), 43, "a random session ID: {first_claims}");
    assert!(
        !form.cookie.contains(&sid),
        "the sid is not the session cookie"
    );
    assert_eq!(first_claims["sub"], "1001");
    assert_eq!(
        first_claims["ds_hash"],
        authlete_tower::handler::native_sso::default_device_secret_hash(&device_secret)
    );

    // A wrong device secret gets nothing.
    let refused = servers.second_app(&id_token, "not-the-device-secret").await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(refused.headers()["cache-control"], "no-store");
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant", "{body}");

    // App 2: the ID token and the device secret give it its own tokens in the same session.
    let answer = servers.second_app(&id_token, &device_secret).await;
    assert_eq!(answer.status(), StatusCode::OK);
    let second: Value = answer.json().await.unwrap();
    assert_eq!(second["device_secret"], device_secret.as_str(), "{second}");
    let second_claims = claims(second["id_token"].as_str().unwrap());
    assert_eq!(second_claims["sid"], sid.as_str());
    assert_eq!(second_claims["sub"], "1001");
    assert_eq!(second_claims["aud"], serde_json::json!(["2000"]));
    let access_token = second["access_token"].as_str().unwrap();
    assert_time_api(&servers, access_token).await;
}
