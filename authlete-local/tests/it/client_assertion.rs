//! JWT client authentication over real HTTP (RFC 7523): `client_secret_jwt` and `private_key_jwt`
//! assertions signed with an independent JWT implementation (jsonwebtoken), at the token and PAR
//! APIs; `iss`/`sub`, `aud`, `exp`, `jti` replay, signature and the registered method enforced.

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

use crate::proof::now;
use crate::support::{json, start};

const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const TOKEN_URL: &str = "http://localhost:8000/api/token";
const HMAC_SECRET: &str = "a-client-secret-of-at-least-thirty-two-bytes";

/// A P-256 key as PKCS#8 DER (for jsonwebtoken) and its public JWK.
fn ec_key(kid: &str) -> (Vec<u8>, Value) {
    let pkcs8 =
        EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
            .unwrap();
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
    let point = pair.public_key().as_ref();
    let jwk = json!({"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])});
    (pkcs8.as_ref().to_vec(), jwk)
}

fn claims(client_id: &str) -> Value {
    let mut jti = [0u8; 12];
    aws_lc_rs::rand::fill(&mut jti).unwrap();
    json!({"iss": client_id, "sub": client_id, "aud": TOKEN_URL, "exp": now() + 60,
        "iat": now(), "jti": URL_SAFE_NO_PAD.encode(jti)})
}

fn hs256(claims: &Value, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn es256(claims: &Value, pkcs8: &[u8], kid: &str) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ec_der(pkcs8)).unwrap()
}

fn with_assertion(assertion: &str) -> TokenRequest {
    TokenRequest::new(format!(
        "grant_type=client_credentials&client_assertion_type={}&client_assertion={assertion}",
        percent_encoding::utf8_percent_encode(JWT_BEARER, percent_encoding::NON_ALPHANUMERIC)
    ))
}

fn assert_invalid_client(response: &TokenResponse, what: &str) {
    assert_eq!(
        response.action,
        Some(TokenAction::InvalidClient),
        "{what}: {response:?}"
    );
    assert_eq!(response.result_code.as_deref(), Some("A050301"), "{what}");
    assert_eq!(json(&response.response_content)["error"], "invalid_client");
}

fn config(jwk: &Value) -> LocalConfig {
    let mut config = LocalConfig::demo();
    config.clients.push(
        ClientConfig::confidential(5000, HMAC_SECRET, "HMAC JWT Client")
            .grant_types(["client_credentials"])
            .client_secret_jwt(),
    );
    config.clients.push(
        ClientConfig::confidential(6000, "unused-secret", "Key JWT Client")
            .grant_types(["client_credentials", "authorization_code"])
            .response_types(["code"])
            .redirect_uris([demo::REDIRECT_URI])
            .native()
            .private_key_jwt(json!({"keys": [jwk]})),
    );
    config
}

#[tokio::test]
async fn client_secret_jwt_on_v2_and_v3() {
    let (_, jwk) = ec_key("k1");
    let (server, v2, v3) = start(LocalBackend::new(config(&jwk)).unwrap()).await;
    for api in [&v2, &v3] {
        let assertion = hs256(&claims("5000"), HMAC_SECRET);
        let ok = api.token(with_assertion(&assertion)).await.unwrap();
        assert_eq!(ok.action, Some(TokenAction::Ok), "{ok:?}");
        assert_eq!(ok.client_id, Some(5000));

        assert_invalid_client(
            &api.token(with_assertion(&assertion)).await.unwrap(),
            "replay",
        );
        let mut expired = claims("5000");
        expired["exp"] = Value::from(now() - 10);
        let mut ancient = claims("5000");
        ancient["exp"] = Value::from(i64::MIN);
        let mut wrong_aud = claims("5000");
        wrong_aud["aud"] = Value::from("https://elsewhere.example/token");
        let mut other_iss = claims("5000");
        other_iss["iss"] = Value::from("2000");
        let mut no_jti = claims("5000");
        no_jti.as_object_mut().unwrap().remove("jti");
        let mut no_exp = claims("5000");
        no_exp.as_object_mut().unwrap().remove("exp");
        let mut issuer_aud = claims("5000");
        issuer_aud["aud"] = json!(["https://other.example", demo::ISSUER]);
        for (what, assertion) in [
            (
                "wrong secret",
                hs256(&claims("5000"), "another-secret-of-at-least-32-bytes!"),
            ),
            ("expired", hs256(&expired, HMAC_SECRET)),
            ("exp minimum", hs256(&ancient, HMAC_SECRET)),
            ("aud", hs256(&wrong_aud, HMAC_SECRET)),
            ("iss differs from sub", hs256(&other_iss, HMAC_SECRET)),
            ("no jti", hs256(&no_jti, HMAC_SECRET)),
            ("no exp", hs256(&no_exp, HMAC_SECRET)),
            ("not a JWT", "garbage".to_owned()),
            // The demo client is registered for client_secret_basic, not for assertions.
            (
                "unregistered method",
                hs256(&claims("2000"), demo::CLIENT_SECRET),
            ),
        ] {
            assert_invalid_client(&api.token(with_assertion(&assertion)).await.unwrap(), what);
        }
        let ok = api
            .token(with_assertion(&hs256(&issuer_aud, HMAC_SECRET)))
            .await
            .unwrap();
        assert_eq!(
            ok.action,
            Some(TokenAction::Ok),
            "the issuer is an audience too"
        );

        // The registered method is enforced: the secret alone is refused.
        let mut basic = TokenRequest::new("grant_type=client_credentials");
        basic.client_id = Some("5000".into());
        basic.client_secret = Some(HMAC_SECRET.into());
        assert_invalid_client(
            &api.token(basic).await.unwrap(),
            "secret instead of assertion",
        );

        // Two methods at once, or another assertion type: invalid_request.
        let mut both = with_assertion(&hs256(&claims("5000"), HMAC_SECRET));
        both.client_id = Some("5000".into());
        both.client_secret = Some(HMAC_SECRET.into());
        let mut wrong_type = TokenRequest::new(format!(
            "grant_type=client_credentials&client_assertion_type=saml&client_assertion={}",
            hs256(&claims("5000"), HMAC_SECRET)
        ));
        wrong_type.client_id = None;
        for (what, request) in [("two methods", both), ("assertion type", wrong_type)] {
            let refused = api.token(request).await.unwrap();
            assert_eq!(refused.action, Some(TokenAction::BadRequest), "{what}");
            assert_eq!(
                json(&refused.response_content)["error"],
                "invalid_request",
                "{what}"
            );
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn private_key_jwt_at_the_token_and_par_apis() {
    let (pkcs8, jwk) = ec_key("k1");
    let (other, _) = ec_key("k1");
    let (server, _, v3) = start(LocalBackend::new(config(&jwk)).unwrap()).await;

    let ok = v3
        .token(with_assertion(&es256(&claims("6000"), &pkcs8, "k1")))
        .await
        .unwrap();
    assert_eq!(ok.action, Some(TokenAction::Ok), "{ok:?}");
    assert_eq!(ok.client_id, Some(6000));
    for (what, assertion) in [
        ("another key", es256(&claims("6000"), &other, "k1")),
        ("unknown kid", es256(&claims("6000"), &pkcs8, "k2")),
        (
            "HMAC with the secret",
            hs256(&claims("6000"), "unused-secret"),
        ),
    ] {
        assert_invalid_client(&v3.token(with_assertion(&assertion)).await.unwrap(), what);
    }

    let assertion = es256(&claims("6000"), &pkcs8, "k1");
    let pushed = v3
        .pushed_authorization(PushedAuthorizationRequest::new(format!(
            "response_type=code&client_id=6000&redirect_uri={}&client_assertion_type={}&client_assertion={assertion}",
            percent_encoding::utf8_percent_encode(demo::REDIRECT_URI, percent_encoding::NON_ALPHANUMERIC),
            percent_encoding::utf8_percent_encode(JWT_BEARER, percent_encoding::NON_ALPHANUMERIC),
        )))
        .await
        .unwrap();
    assert_eq!(
        pushed.action,
        Some(PushedAuthorizationAction::Created),
        "{pushed:?}"
    );

    let client = v3.client_get("6000").await.unwrap();
    assert_eq!(
        client.token_auth_method,
        Some(ClientAuthMethod::PrivateKeyJwt)
    );
    let document = v3
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    let methods = document["token_endpoint_auth_methods_supported"]
        .as_array()
        .unwrap();
    assert!(methods.contains(&Value::from("private_key_jwt")));
    assert!(methods.contains(&Value::from("client_secret_jwt")));
    server.shutdown().await;
}

/// The demo's key client has no secret and is registered for `private_key_jwt`: it is
/// confidential (a client without a secret was public, and refused `client_credentials`), and the
/// private key the demo publishes for it, also in the JavaScript conformance suite, signs
/// assertions its JWK Set verifies.
#[tokio::test]
async fn the_demo_key_client_is_confidential_and_its_published_key_signs() {
    let jwk: Value = serde_json::from_str(demo::KEY_CLIENT_PRIVATE_JWK).unwrap();
    let part = |name: &str| URL_SAFE_NO_PAD.decode(jwk[name].as_str().unwrap()).unwrap();
    let public = [vec![4u8], part("x"), part("y")].concat();
    let pair = EcdsaKeyPair::from_private_key_and_public_key(
        &ECDSA_P256_SHA256_FIXED_SIGNING,
        &part("d"),
        &public,
    )
    .unwrap();
    let pkcs8 = pair.to_pkcs8v1().unwrap();
    let registered = &demo::key_client_jwks()["keys"][0];
    assert_eq!(
        (&registered["kid"], &registered["x"], &registered["y"]),
        (&jwk["kid"], &jwk["x"], &jwk["y"])
    );
    let suite = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/js/check.mjs"),
    )
    .unwrap();
    assert!(suite.contains(demo::KEY_CLIENT_PRIVATE_JWK));

    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let assertion = es256(
            &claims(demo::KEY_CLIENT_ID),
            pkcs8.as_ref(),
            demo::KEY_CLIENT_KID,
        );
        let ok = api.token(with_assertion(&assertion)).await.unwrap();
        assert_eq!(ok.action, Some(TokenAction::Ok), "{ok:?}");
        assert_eq!(ok.client_id, Some(2500));
        // Without an assertion it is refused: confidential, so `none` is not its method.
        let mut bare = TokenRequest::new("grant_type=client_credentials");
        bare.client_id = Some(demo::KEY_CLIENT_ID.into());
        assert_invalid_client(&api.token(bare).await.unwrap(), "no assertion");
    }
    server.shutdown().await;
}
