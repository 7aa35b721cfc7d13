//! Request objects (RFC 9101) over real HTTP, signed with an independent JWT implementation
//! (jsonwebtoken): verified against the client's registered `jwks` at the authorization and PAR
//! APIs; the request object's parameters win; `iss`, `aud`, `exp`, `client_id`, `alg` checked.

use std::collections::HashMap;

use authlete_local::{LocalBackend, LocalConfig, demo};
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

fn es256(claims: &Value, pkcs8: &[u8], kid: &str) -> String {
    let mut header = Header::new(Algorithm::ES256);
    header.kid = Some(kid.to_owned());
    jsonwebtoken::encode(&header, claims, &EncodingKey::from_ec_der(pkcs8)).unwrap()
}

/// The demo backend whose client 2000 has registered `jwk`.
fn backend(jwk: &Value) -> LocalBackend {
    let mut config = LocalConfig::demo();
    let client = config
        .clients
        .iter_mut()
        .find(|client| client.client_id == 2000)
        .unwrap();
    client.jwks = Some(json!({"keys": [jwk]}));
    LocalBackend::new(config).unwrap()
}

/// The claims of a good request object of client 2000.
fn claims() -> Value {
    json!({"iss": demo::CLIENT_ID, "aud": demo::ISSUER, "exp": now() + 300,
        "client_id": demo::CLIENT_ID, "response_type": "code", "redirect_uri": demo::REDIRECT_URI,
        "scope": "openid profile", "state": "inner-state", "nonce": "n-1", "max_age": 600,
        "claims": {"id_token": {"acr": {"essential": true, "values": ["urn:acr:1"]}}}})
}

fn outer(request: &str) -> String {
    format!("client_id={}&request={request}", demo::CLIENT_ID)
}

fn redirect_params(location: &str) -> HashMap<String, String> {
    let url = url::Url::parse(location).unwrap();
    url.query_pairs().into_owned().collect()
}

fn assert_invalid_object(response: &AuthorizationResponse, what: &str) {
    assert_eq!(
        response.action,
        Some(AuthorizationAction::BadRequest),
        "{what}: {response:?}"
    );
    assert_eq!(response.result_code.as_deref(), Some("A004206"), "{what}");
    let body = json(&response.response_content);
    assert_eq!(body["error"], "invalid_request_object", "{what}");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("[A004206]"),
        "{what}: {body}"
    );
}

#[tokio::test]
async fn a_pure_request_object_is_verified_and_its_parameters_win() {
    let (pkcs8, jwk) = ec_key("k1");
    let (server, v2, v3) = start(backend(&jwk)).await;
    for api in [&v2, &v3] {
        let request = es256(&claims(), &pkcs8, "k1");
        // The query's own parameters are ignored (RFC 9101 §6.3): only client_id counts.
        let parameters = format!(
            "{}&response_type=token&state=outer-state&scope=email",
            outer(&request)
        );
        let interaction = api
            .authorization(AuthorizationRequest::new(parameters))
            .await
            .unwrap();
        assert_eq!(
            interaction.action,
            Some(AuthorizationAction::Interaction),
            "{interaction:?}"
        );
        assert_eq!(interaction.max_age, Some(600));
        assert_eq!(interaction.acrs, Some(vec!["urn:acr:1".to_owned()]));
        assert!(interaction.acr_essential);
        let scopes: Vec<String> = interaction
            .scopes
            .unwrap()
            .into_iter()
            .filter_map(|scope| scope.name)
            .collect();
        assert_eq!(scopes, ["openid", "profile"]);
        let issued = api
            .authorization_issue(AuthorizationIssueRequest::new(
                interaction.ticket.unwrap(),
                "john",
            ))
            .await
            .unwrap();
        assert_eq!(issued.action, Some(AuthorizationIssueAction::Location));
        let params = redirect_params(&issued.response_content.unwrap());
        assert_eq!(params["state"], "inner-state");
        assert!(params.contains_key("code"));
        assert!(!params.contains_key("access_token"));

        // Without iss, aud and exp (all optional) and with a list audience.
        let mut bare = claims();
        for name in ["iss", "exp", "client_id"] {
            bare.as_object_mut().unwrap().remove(name);
        }
        bare["aud"] = json!(["https://other.example", demo::ISSUER]);
        let ok = api
            .authorization(AuthorizationRequest::new(outer(&es256(
                &bare, &pkcs8, "k1",
            ))))
            .await
            .unwrap();
        assert_eq!(ok.action, Some(AuthorizationAction::Interaction), "{ok:?}");
    }
    server.shutdown().await;
}

/// RFC 8707 §2.1: in a request object, several resources are a JSON array, one is a string.
#[tokio::test]
async fn resources_in_a_request_object_are_a_string_or_an_array() {
    let (pkcs8, jwk) = ec_key("k1");
    let (server, _v2, v3) = start(backend(&jwk)).await;
    for (resource, expected) in [
        (
            json!(["https://a.example/mcp", "https://b.example/api"]),
            vec!["https://a.example/mcp", "https://b.example/api"],
        ),
        (
            json!("https://a.example/mcp"),
            vec!["https://a.example/mcp"],
        ),
    ] {
        let mut with_resource = claims();
        with_resource["resource"] = resource;
        let interaction = v3
            .authorization(AuthorizationRequest::new(outer(&es256(
                &with_resource,
                &pkcs8,
                "k1",
            ))))
            .await
            .unwrap();
        assert_eq!(
            interaction.action,
            Some(AuthorizationAction::Interaction),
            "{interaction:?}"
        );
        let expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        assert_eq!(interaction.resources, Some(expected));
    }
    // A relative one inside an array is refused like a parameter.
    let mut bad = claims();
    bad["resource"] = json!(["https://a.example/mcp", "/relative"]);
    let refused = v3
        .authorization(AuthorizationRequest::new(outer(&es256(&bad, &pkcs8, "k1"))))
        .await
        .unwrap();
    assert_eq!(
        refused.action,
        Some(AuthorizationAction::Location),
        "{refused:?}"
    );
    let params = redirect_params(&refused.response_content.unwrap());
    assert_eq!(params["error"], "invalid_target");
    assert_eq!(params["state"], "inner-state");
    server.shutdown().await;
}

#[tokio::test]
async fn bad_request_objects_are_invalid_request_object() {
    let (pkcs8, jwk) = ec_key("k1");
    let (other, _) = ec_key("k1");
    let (server, _, v3) = start(backend(&jwk)).await;
    let with = |name: &str, value: Value| {
        let mut claims = claims();
        claims[name] = value;
        claims
    };
    let unsigned = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
        URL_SAFE_NO_PAD.encode(claims().to_string())
    );
    let hs256 = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims(),
        &EncodingKey::from_secret(demo::CLIENT_SECRET.as_bytes()),
    )
    .unwrap();
    for (what, request) in [
        ("another key", es256(&claims(), &other, "k1")),
        ("unknown kid", es256(&claims(), &pkcs8, "k2")),
        ("alg none", unsigned),
        ("HMAC", hs256),
        ("not a JWT", "garbage".to_owned()),
        (
            "expired",
            es256(&with("exp", json!(now() - 10)), &pkcs8, "k1"),
        ),
        ("iss", es256(&with("iss", json!("3000")), &pkcs8, "k1")),
        (
            "aud",
            es256(
                &with("aud", json!("https://elsewhere.example")),
                &pkcs8,
                "k1",
            ),
        ),
        (
            "inner client_id",
            es256(&with("client_id", json!("3000")), &pkcs8, "k1"),
        ),
        (
            "nested request_uri",
            es256(&with("request_uri", json!("urn:x")), &pkcs8, "k1"),
        ),
    ] {
        let refused = v3
            .authorization(AuthorizationRequest::new(outer(&request)))
            .await
            .unwrap();
        assert_invalid_object(&refused, what);
    }
    // A client without registered keys cannot have a request object verified.
    let (public_key, _) = ec_key("k1");
    let mut of_3000 = claims();
    of_3000["iss"] = json!("3000");
    of_3000["client_id"] = json!("3000");
    let refused = v3
        .authorization(AuthorizationRequest::new(format!(
            "client_id=3000&request={}",
            es256(&of_3000, &public_key, "k1")
        )))
        .await
        .unwrap();
    assert_invalid_object(&refused, "no jwks");
    // client_id outside the request object is required; request and request_uri exclude each other.
    for (what, parameters, code) in [
        (
            "no client_id",
            format!("request={}", es256(&claims(), &pkcs8, "k1")),
            "A004302",
        ),
        (
            "request and request_uri",
            format!(
                "{}&request_uri=urn:x",
                outer(&es256(&claims(), &pkcs8, "k1"))
            ),
            "A004201",
        ),
    ] {
        let refused = v3
            .authorization(AuthorizationRequest::new(parameters))
            .await
            .unwrap();
        assert_eq!(
            refused.action,
            Some(AuthorizationAction::BadRequest),
            "{what}"
        );
        assert_eq!(refused.result_code.as_deref(), Some(code), "{what}");
        assert_eq!(
            json(&refused.response_content)["error"],
            "invalid_request",
            "{what}"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_pushed_request_object_becomes_a_request_uri() {
    let (pkcs8, jwk) = ec_key("k1");
    let (other, _) = ec_key("k1");
    let (server, _, v3) = start(backend(&jwk)).await;
    let push = |request: String| {
        let mut push = PushedAuthorizationRequest::new(format!("request={request}"));
        push.client_id = Some(demo::CLIENT_ID.into());
        push.client_secret = Some(demo::CLIENT_SECRET.into());
        push
    };
    let refused = v3
        .pushed_authorization(push(es256(&claims(), &other, "k1")))
        .await
        .unwrap();
    assert_eq!(refused.action, Some(PushedAuthorizationAction::BadRequest));
    assert_eq!(refused.result_code.as_deref(), Some("A004206"));
    assert_eq!(
        json(&refused.response_content)["error"],
        "invalid_request_object"
    );

    let created = v3
        .pushed_authorization(push(es256(&claims(), &pkcs8, "k1")))
        .await
        .unwrap();
    assert_eq!(
        created.action,
        Some(PushedAuthorizationAction::Created),
        "{created:?}"
    );
    let request_uri = created.request_uri.unwrap();
    let interaction = v3
        .authorization(AuthorizationRequest::new(format!(
            "client_id={}&request_uri={}",
            demo::CLIENT_ID,
            percent_encoding::utf8_percent_encode(&request_uri, percent_encoding::NON_ALPHANUMERIC)
        )))
        .await
        .unwrap();
    assert_eq!(
        interaction.action,
        Some(AuthorizationAction::Interaction),
        "{interaction:?}"
    );
    assert_eq!(interaction.max_age, Some(600));
    server.shutdown().await;
}

#[tokio::test]
async fn discovery_advertises_request_objects() {
    let (_, jwk) = ec_key("k1");
    let (server, _, v3) = start(backend(&jwk)).await;
    let document = v3
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["request_parameter_supported"], true);
    assert_eq!(
        document["request_object_signing_alg_values_supported"],
        json!(["ES256", "PS256", "RS256", "EdDSA"])
    );
    server.shutdown().await;
}
