//! A DPoP-bound service access token over real HTTP: `AuthleteClient` with a DPoP key
//! (`AUTHLETE_DPOP_KEY`) sends `Authorization: DPoP` and a fresh proof on every call, as Authlete's
//! Java SDK does, and the local backend checks each proof as Authlete does.

use std::time::{SystemTime, UNIX_EPOCH};

use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::api::ApiError;
use authlete_tower::config::ConfigError;
use authlete_tower::dto::*;
use authlete_tower::{AuthleteApi, AuthleteClient};
use aws_lc_rs::encoding::AsBigEndian;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// A test-only RSA key (RS256), generated for these tests and used nowhere else.
const RSA_JWK: &str = include_str!("dpop_test_rsa_key.json");

fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A fresh P-256 key: the pair, its private JWK (ES256) and its public JWK.
fn ec_key() -> (EcdsaKeyPair, String, Value) {
    let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
    let point = pair.public_key().as_ref().to_vec();
    let (x, y) = (b64(&point[1..33]), b64(&point[33..]));
    let d = b64(pair.private_key().as_be_bytes().unwrap().as_ref());
    let private = json!({"kty": "EC", "crv": "P-256", "alg": "ES256", "x": x, "y": y, "d": d});
    let public = json!({"kty": "EC", "crv": "P-256", "x": x, "y": y});
    (pair, private.to_string(), public)
}

/// The RFC 7638 thumbprint of a public JWK.
fn thumbprint(jwk: &Value) -> String {
    let required = match jwk["kty"].as_str() {
        Some("RSA") => json!({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]}),
        _ => json!({"crv": jwk["crv"], "kty": "EC", "x": jwk["x"], "y": jwk["y"]}),
    };
    b64(Sha256::digest(required.to_string().as_bytes()))
}

/// A server whose service access token is DPoP-bound to the key of `jkt`.
async fn bound_server(jkt: String) -> LocalServer {
    let mut config = LocalConfig::demo();
    config.service_access_token_dpop_jkt = Some(jkt);
    LocalServer::bind(
        LocalBackend::new(config).unwrap(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

/// A proof signed by `pair`, with `header` and `claims` as given.
fn sign(pair: &EcdsaKeyPair, header: &Value, claims: &Value) -> String {
    let input = format!("{}.{}", b64(header.to_string()), b64(claims.to_string()));
    let signature = pair.sign(&SystemRandom::new(), input.as_bytes()).unwrap();
    format!("{input}.{}", b64(signature.as_ref()))
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn every_kind_of_call(api: &AuthleteClient) {
    // A GET …
    let document = api
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["issuer"], demo::ISSUER);
    // … and POSTs, one proof each.
    for _ in 0..2 {
        let answer = api
            .authorization(AuthorizationRequest::new(
                "response_type=code&client_id=2000",
            ))
            .await
            .unwrap();
        assert_eq!(answer.action, Some(AuthorizationAction::Interaction));
    }
}

fn assert_refused(error: ApiError, code: &str, why: &str) {
    match error {
        ApiError::Api {
            status,
            result_code,
            result_message,
            ..
        } => {
            assert_eq!(status, StatusCode::UNAUTHORIZED);
            assert_eq!(result_code.as_deref(), Some(code));
            let message = result_message.unwrap_or_default();
            assert!(message.contains(why), "{why} in {message}");
            assert!(!message.contains(demo::SERVICE_ACCESS_TOKEN), "{message}");
        }
        other => panic!("expected a 401, got {other}"),
    }
}

#[tokio::test]
async fn a_client_with_the_dpop_key_calls_a_dpop_bound_service() {
    let (_, private, public) = ec_key();
    let server = bound_server(thumbprint(&public)).await;
    let es256 = AuthleteClient::new(server.config_v3().with_dpop_key(private)).unwrap();
    every_kind_of_call(&es256).await;

    let rsa: Value = serde_json::from_str(RSA_JWK).unwrap();
    let server = bound_server(thumbprint(&rsa)).await;
    let rs256 = AuthleteClient::new(server.config_v3().with_dpop_key(RSA_JWK)).unwrap();
    every_kind_of_call(&rs256).await;
    let mut ps256 = rsa.clone();
    ps256["alg"] = json!("PS256");
    let ps256 = AuthleteClient::new(server.config_v3().with_dpop_key(ps256.to_string())).unwrap();
    every_kind_of_call(&ps256).await;
    // v2 paths stay HTTP Basic.
    let v2 = AuthleteClient::new(server.config_v2()).unwrap();
    every_kind_of_call(&v2).await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_dpop_bound_service_refuses_bearer_and_other_keys() {
    let (_, _, public) = ec_key();
    let server = bound_server(thumbprint(&public)).await;
    let bearer = AuthleteClient::new(server.config_v3()).unwrap();
    let error = bearer
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap_err();
    assert_refused(error, "A001202", "Authorization header");

    let (_, other, _) = ec_key();
    let other = AuthleteClient::new(server.config_v3().with_dpop_key(other)).unwrap();
    let error = other
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap_err();
    assert_refused(error, "A001208", "not the one the token is bound to");
    server.shutdown().await;
}

#[tokio::test]
async fn each_proof_is_checked_like_authlete() {
    let (pair, _, public) = ec_key();
    let server = bound_server(thumbprint(&public)).await;
    let url = format!(
        "{}/api/{}/auth/authorization",
        server.base_url(),
        demo::SERVICE_API_KEY
    );
    let header = json!({"typ": "dpop+jwt", "alg": "ES256", "jwk": public});
    let claims =
        |htm: &str, htu: &str, iat: u64| json!({"htm": htm, "htu": htu, "jti": "j1", "iat": iat});
    let http = reqwest::Client::new();
    let call = |proofs: Vec<String>| {
        let mut request = http
            .post(&url)
            .header(
                "authorization",
                format!("DPoP {}", demo::SERVICE_ACCESS_TOKEN),
            )
            .header("content-type", "application/json")
            .body(r#"{"parameters":"response_type=code&client_id=2000"}"#);
        for proof in proofs {
            request = request.header("dpop", proof);
        }
        async move {
            let answer = request.send().await.unwrap();
            let status = answer.status();
            let body: Value = answer.json().await.unwrap();
            (status, body)
        }
    };
    let good = sign(&pair, &header, &claims("POST", &url, now()));
    let (status, body) = call(vec![good.clone()]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["action"], "INTERACTION");

    // One character inside the signature changed: still canonical base64url (the last one may
    // carry padding bits a strict decoder refuses), no longer the signature.
    let mut tampered = good.clone().into_bytes();
    let inside = tampered.len() - 10;
    tampered[inside] = if tampered[inside] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let mut private_jwk = header.clone();
    private_jwk["jwk"]["d"] = json!("AAAA");
    let mut wrong_typ = header.clone();
    wrong_typ["typ"] = json!("jwt");
    let cases = [
        (vec![], "has no DPoP proof"),
        (vec![good.clone(), good.clone()], "more than one DPoP proof"),
        (vec!["not-a-jws".to_owned()], "not a compact JWS"),
        (vec![tampered], "signature is invalid"),
        (
            vec![sign(&pair, &wrong_typ, &claims("POST", &url, now()))],
            "typ is not dpop+jwt",
        ),
        (
            vec![sign(&pair, &private_jwk, &claims("POST", &url, now()))],
            "holds a private key",
        ),
        (
            vec![sign(&pair, &header, &claims("GET", &url, now()))],
            "htm is not the call's method",
        ),
        (
            vec![sign(
                &pair,
                &header,
                &claims("POST", &format!("{url}/other"), now()),
            )],
            "htu is not the call's URL",
        ),
        (
            vec![sign(&pair, &header, &claims("POST", &url, now() - 600))],
            "iat",
        ),
        (
            vec![sign(
                &pair,
                &header,
                &json!({"htm": "POST", "htu": url, "jti": "j2", "iat": now(), "ath": "wrong"}),
            )],
            "ath is not the token's hash",
        ),
    ];
    for (proofs, why) in cases {
        let (status, body) = call(proofs).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{why}: {body}");
        assert_eq!(body["resultCode"], "A001208", "{why}: {body}");
        let message = body["resultMessage"].as_str().unwrap();
        assert!(message.contains(why), "{why} in {message}");
    }
    // `ath`, when sent, must be the token's hash; Authlete's SDKs leave it out.
    let ath = b64(Sha256::digest(demo::SERVICE_ACCESS_TOKEN.as_bytes()));
    let with_ath = sign(
        &pair,
        &header,
        &json!({"htm": "POST", "htu": url, "jti": "j3", "iat": now(), "ath": ath}),
    );
    assert_eq!(call(vec![with_ath]).await.0, StatusCode::OK);
    server.shutdown().await;
}

#[test]
fn a_bad_dpop_key_is_a_configuration_error_that_names_the_setting() {
    let config =
        || authlete_tower::AuthleteConfig::v3("http://127.0.0.1:9", "1000", "token").unwrap();
    let (_, private, _) = ec_key();
    let mut without_alg: Value = serde_json::from_str(&private).unwrap();
    without_alg.as_object_mut().unwrap().remove("alg");
    let mut wrong_d: Value = serde_json::from_str(&private).unwrap();
    wrong_d["d"] = json!(b64([7u8; 32]));
    for (key, why) in [
        ("not json".to_owned(), "not a JSON object"),
        (without_alg.to_string(), "must contain an \"alg\""),
        (
            private.replace("ES256", "HS256"),
            "alg \"HS256\" is not supported",
        ),
        (private.replace("\"EC\"", "\"RSA\""), "does not go with"),
        (wrong_d.to_string(), "not a valid P-256 private key"),
    ] {
        let error = AuthleteClient::new(config().with_dpop_key(key.clone())).unwrap_err();
        let ApiError::Config(ConfigError::Invalid { setting, reason }) = &error else {
            panic!("expected an invalid setting, got {error}");
        };
        assert_eq!(setting, "AUTHLETE_DPOP_KEY");
        assert!(reason.contains(why), "{why} in {reason}");
        let printed = format!("{error} {error:?}");
        if let Some(d) = serde_json::from_str::<Value>(&key)
            .ok()
            .and_then(|jwk| jwk["d"].as_str().map(str::to_owned))
        {
            assert!(!printed.contains(&d), "no key material: {printed}");
        }
    }
}
