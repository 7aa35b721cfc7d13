//! `/backchannel/logout/token` (OpenID Connect Back-Channel Logout 1.0) in process and over real
//! HTTP (v2 and v3): a Logout Token for a client naming the user, the session or both, signed
//! with the service's key and typed `logout+jwt`; the caller errors.

use authlete_local::{LocalBackend, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::{Value, json};

use crate::support::start;

/// The Logout Token's header and claims, its signature checked against the service's JWKS.
async fn verified(api: &dyn AuthleteApi, token: &str) -> (jsonwebtoken::Header, Value) {
    let jwks = api
        .service_jwks(ServiceJwksOptions::default())
        .await
        .unwrap()
        .unwrap();
    let set: JwkSet = serde_json::from_value(jwks).unwrap();
    let header = jsonwebtoken::decode_header(token).unwrap();
    let key = DecodingKey::from_jwk(set.find(header.kid.as_deref().unwrap()).unwrap()).unwrap();
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[demo::CLIENT_ID]);
    validation.set_issuer(&[demo::ISSUER]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    let claims = jsonwebtoken::decode::<Value>(token, &key, &validation)
        .unwrap()
        .claims;
    (header, claims)
}

async fn logout_tokens_and_refusals(api: &dyn AuthleteApi, label: &str) {
    let both = BackchannelLogoutTokenRequest::new(demo::CLIENT_ID)
        .with_subject("1001")
        .with_session_id("sid-1");
    let answer = api.backchannel_logout_token(both).await.unwrap();
    assert_eq!(
        answer.action,
        Some(BackchannelLogoutTokenAction::Ok),
        "{label}"
    );
    assert_eq!(answer.result_code.as_deref(), Some("A380001"), "{label}");
    let token = answer.logout_token.clone().unwrap();
    assert!(
        !format!("{answer:?}").contains(&token),
        "Debug hides the token"
    );
    let (header, claims) = verified(api, &token).await;
    assert_eq!(header.typ.as_deref(), Some("logout+jwt"), "{label}");
    assert_eq!(claims["sub"], "1001", "{label}");
    assert_eq!(claims["sid"], "sid-1", "{label}");
    assert_eq!(
        claims["events"],
        json!({"http://schemas.openid.net/event/backchannel-logout": {}}),
        "{label}"
    );
    assert!(claims["jti"].as_str().unwrap().len() >= 32, "{label}");
    assert!(
        claims.get("nonce").is_none(),
        "§2.4: a logout token has no nonce"
    );
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 120, "{label}");

    // The session alone, then the subject alone: only what is named is claimed.
    let session_only = BackchannelLogoutTokenRequest::new(demo::CLIENT_ID).with_session_id("s");
    let answer = api.backchannel_logout_token(session_only).await.unwrap();
    let (_, claims) = verified(api, answer.logout_token.as_deref().unwrap()).await;
    assert_eq!(claims["sid"], "s", "{label}");
    assert!(claims.get("sub").is_none(), "{label}");
    let subject_only = BackchannelLogoutTokenRequest::new(demo::CLIENT_ID).with_subject("1002");
    let answer = api.backchannel_logout_token(subject_only).await.unwrap();
    let (_, claims) = verified(api, answer.logout_token.as_deref().unwrap()).await;
    assert_eq!(claims["sub"], "1002", "{label}");
    assert!(claims.get("sid").is_none(), "{label}");

    for (request, code, message) in [
        (
            BackchannelLogoutTokenRequest::new("").with_subject("1001"),
            "A380101",
            "[A380101] The /backchannel/logout/token API call is invalid. clientIdentifier is required.",
        ),
        (
            BackchannelLogoutTokenRequest::new(demo::CLIENT_ID),
            "A380101",
            "[A380101] The /backchannel/logout/token API call is invalid. subject or sessionId is required.",
        ),
        (
            BackchannelLogoutTokenRequest::new("9999").with_subject("1001"),
            "A380102",
            "[A380102] No client has the client identifier.",
        ),
    ] {
        let answer = api.backchannel_logout_token(request).await.unwrap();
        assert_eq!(
            answer.action,
            Some(BackchannelLogoutTokenAction::CallerError),
            "{label} {code}"
        );
        assert_eq!(answer.result_code.as_deref(), Some(code), "{label}");
        assert_eq!(answer.result_message.as_deref(), Some(message), "{label}");
        assert_eq!(answer.logout_token, None, "{label}");
    }
}

#[tokio::test]
async fn logout_tokens_in_process_and_over_http() {
    logout_tokens_and_refusals(&LocalBackend::demo(), "in process").await;
    let (_server, v2, v3) = start(LocalBackend::demo()).await;
    logout_tokens_and_refusals(&v2, "v2").await;
    logout_tokens_and_refusals(&v3, "v3").await;
}
