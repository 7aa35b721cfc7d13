//! JWT access tokens (RFC 9068) over real HTTP: `access_token_sign_alg` of the service and of a
//! client, the header and claims, the signature against the service JWKS, `cnf` of DPoP- and
//! certificate-bound tokens, the ID token's `at_hash`, introspection and revocation of either
//! form, and the configuration checks.

use std::collections::HashMap;

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::proof::DpopKey;
use crate::support::{json, start};

const TOKEN_URL: &str = "http://localhost:8000/api/token";

/// Verifies `jwt` with the service's JWKS and returns its header and claims.
async fn verify(api: &dyn AuthleteApi, jwt: &str, alg: Algorithm) -> (jsonwebtoken::Header, Value) {
    let jwks: JwkSet =
        serde_json::from_value(api.service_jwks(Default::default()).await.unwrap().unwrap())
            .unwrap();
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    assert_eq!(header.alg, alg);
    assert_eq!(header.typ.as_deref(), Some("at+jwt"));
    let jwk = jwks
        .find(header.kid.as_deref().unwrap())
        .expect("kid in the JWKS");
    let mut validation = Validation::new(alg);
    validation.validate_aud = false;
    validation.set_issuer(&[demo::ISSUER]);
    validation.set_required_spec_claims(&["exp", "iss", "sub", "aud", "iat", "jti"]);
    let data =
        jsonwebtoken::decode::<Value>(jwt, &DecodingKey::from_jwk(jwk).unwrap(), &validation)
            .unwrap();
    (header, data.claims)
}

fn client_credentials(id: &str, secret: &str) -> TokenRequest {
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile%20email");
    request.client_id = Some(id.into());
    request.client_secret = Some(secret.into());
    request
}

#[tokio::test]
async fn a_service_setting_makes_rs256_jwts_that_introspection_and_revocation_accept() {
    let mut config = LocalConfig::demo();
    config.access_token_sign_alg = Some("RS256".into());
    let (server, v2, v3) = start(LocalBackend::new(config).unwrap()).await;
    for api in [&v2, &v3] {
        let token = api
            .token(client_credentials(demo::CLIENT_ID, demo::CLIENT_SECRET))
            .await
            .unwrap();
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        let opaque = token.access_token.clone().unwrap();
        let jwt = token.jwt_access_token.clone().expect("jwtAccessToken");
        let content = json(&token.response_content);
        assert_eq!(
            content["access_token"],
            jwt.as_str(),
            "the client gets the JWT"
        );
        assert_eq!(content["token_type"], "Bearer");
        assert_ne!(opaque, jwt);
        assert_eq!(opaque.split('.').count(), 1);

        let (_, claims) = verify(api, &jwt, Algorithm::RS256).await;
        assert_eq!(claims["iss"], demo::ISSUER);
        assert_eq!(
            claims["sub"], "2000",
            "a client's own token: sub is the client"
        );
        assert_eq!(
            claims["aud"], "2000",
            "no resource: the audience is the client"
        );
        assert_eq!(claims["client_id"], "2000");
        assert_eq!(claims["scope"], "profile email");
        assert_eq!(
            claims["exp"].as_i64().unwrap(),
            token.access_token_expires_at.unwrap() / 1000
        );
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            3600
        );
        assert!(claims["jti"].as_str().unwrap().len() >= 32);
        assert_ne!(
            claims["jti"],
            opaque.as_str(),
            "the jti is not the opaque token"
        );
        assert!(claims.get("cnf").is_none() && claims.get("auth_time").is_none());

        for presented in [&jwt, &opaque] {
            let ok = api
                .introspection(IntrospectionRequest::new(presented.as_str()))
                .await
                .unwrap();
            assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{ok:?}");
            assert_eq!(ok.client_id, Some(2000));
            assert_eq!(ok.expires_at, token.access_token_expires_at);
            let mut standard = StandardIntrospectionRequest::new(format!("token={presented}"));
            standard.with_hidden_properties = None;
            let standard = api.standard_introspection(standard).await.unwrap();
            assert_eq!(json(&standard.response_content)["active"], true);
        }

        let mut revoke = RevocationRequest::new(format!("token={jwt}"));
        revoke.client_id = Some(demo::CLIENT_ID.into());
        revoke.client_secret = Some(demo::CLIENT_SECRET.into());
        let revoked = api.revocation(revoke).await.unwrap();
        assert_eq!(revoked.action, Some(RevocationAction::Ok));
        for presented in [&jwt, &opaque] {
            let gone = api
                .introspection(IntrospectionRequest::new(presented.as_str()))
                .await
                .unwrap();
            assert_eq!(gone.action, Some(IntrospectionAction::Unauthorized));
            assert_eq!(gone.result_code.as_deref(), Some("A065301"), "{gone:?}");
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_client_setting_makes_es256_jwts_with_cnf_and_at_hash() {
    let mut config = LocalConfig::demo();
    config.clients.retain(|client| client.client_id != 3000);
    config.clients.push(
        ClientConfig::public(3000, "JWT Public Client")
            .grant_types(["authorization_code"])
            .response_types(["code"])
            .redirect_uris([demo::REDIRECT_URI])
            .native()
            .jwt_access_tokens("ES256"),
    );
    config.clients.push(
        ClientConfig::confidential(4000, "mtls-secret", "mTLS Client")
            .grant_types(["client_credentials"])
            .certificate_bound_access_tokens(true)
            .jwt_access_tokens("RS256"),
    );
    let (server, _v2, api) = start(LocalBackend::new(config).unwrap()).await;

    // The service setting is off: the demo client keeps opaque tokens.
    let opaque = api
        .token(client_credentials(demo::CLIENT_ID, demo::CLIENT_SECRET))
        .await
        .unwrap();
    assert_eq!(opaque.jwt_access_token, None);

    // A DPoP-bound code-flow token of the public client: ES256, cnf.jkt, at_hash of the JWT.
    let key = DpopKey::es256();
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let redirect = "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection";
    let interaction = api
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id=3000&redirect_uri={redirect}&scope=openid&code_challenge={challenge}&code_challenge_method=S256"
        )))
        .await
        .unwrap();
    assert_eq!(interaction.action, Some(AuthorizationAction::Interaction));
    let mut issue = AuthorizationIssueRequest::new(interaction.ticket.unwrap(), "alice");
    issue.auth_time = Some(1_700_000_000);
    issue.acr = Some("urn:example:mfa".into());
    let issued = api.authorization_issue(issue).await.unwrap();
    let location = url::Url::parse(&issued.response_content.unwrap()).unwrap();
    let params: HashMap<String, String> = location.query_pairs().into_owned().collect();
    let mut request = TokenRequest::new(format!(
        "grant_type=authorization_code&client_id=3000&code={}&redirect_uri={redirect}&code_verifier={VERIFIER}",
        params["code"]
    ));
    request.dpop = Some(key.proof("POST", TOKEN_URL, None));
    request.htm = Some("POST".into());
    request.htu = Some(TOKEN_URL.into());
    let token = api.token(request).await.unwrap();
    assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
    let content = json(&token.response_content);
    assert_eq!(content["token_type"], "DPoP");
    let jwt = content["access_token"].as_str().unwrap().to_owned();
    assert_eq!(token.jwt_access_token.as_deref(), Some(jwt.as_str()));
    let (_, claims) = verify(&api, &jwt, Algorithm::ES256).await;
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["client_id"], "3000");
    assert_eq!(claims["scope"], "openid");
    assert_eq!(claims["auth_time"], 1_700_000_000);
    assert_eq!(claims["acr"], "urn:example:mfa");
    assert_eq!(claims["cnf"]["jkt"], key.thumbprint().as_str());
    let id_token = content["id_token"].as_str().unwrap();
    assert_eq!(token.id_token.as_deref(), Some(id_token));
    let payload: Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(id_token.split('.').nth(1).unwrap())
            .unwrap(),
    )
    .unwrap();
    let half = &Sha256::digest(jwt.as_bytes())[..16];
    assert_eq!(payload["at_hash"], URL_SAFE_NO_PAD.encode(half).as_str());

    // Introspection of the bound JWT still checks the proof, against the JWT as presented.
    let mut check = IntrospectionRequest::new(jwt.as_str());
    check.dpop = Some(key.proof("GET", "https://rs.example.com/photos", Some(&jwt)));
    check.htm = Some("GET".into());
    check.htu = Some("https://rs.example.com/photos".into());
    let ok = api.introspection(check).await.unwrap();
    assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{ok:?}");
    assert_eq!(ok.subject.as_deref(), Some("alice"));
    let bare = api
        .introspection(IntrospectionRequest::new(jwt.as_str()))
        .await
        .unwrap();
    assert_eq!(bare.action, Some(IntrospectionAction::Unauthorized));

    // UserInfo takes the JWT too (with its proof).
    let userinfo_url = "http://localhost:8000/api/userinfo";
    let mut userinfo = UserInfoRequest::new(jwt.as_str());
    userinfo.dpop = Some(key.proof("GET", userinfo_url, Some(&jwt)));
    userinfo.htm = Some("GET".into());
    userinfo.htu = Some(userinfo_url.into());
    let ok = api.userinfo(userinfo).await.unwrap();
    assert_eq!(ok.action, Some(UserInfoAction::Ok), "{ok:?}");
    assert_eq!(ok.subject.as_deref(), Some("alice"));

    // A certificate-bound token: cnf.x5t#S256.
    let certified = rcgen::generate_simple_self_signed(vec!["client.example.com".into()]).unwrap();
    let x5t = URL_SAFE_NO_PAD.encode(Sha256::digest(certified.cert.der()));
    let mut request = TokenRequest::new("grant_type=client_credentials");
    request.client_id = Some("4000".into());
    request.client_secret = Some("mtls-secret".into());
    request.client_certificate = Some(certified.cert.pem());
    let token = api.token(request).await.unwrap();
    let jwt = token.jwt_access_token.expect("jwtAccessToken");
    let (_, claims) = verify(&api, &jwt, Algorithm::RS256).await;
    assert_eq!(claims["cnf"]["x5t#S256"], x5t.as_str());
    assert!(claims.get("scope").is_none(), "no scope: no claim");
    server.shutdown().await;
}

#[tokio::test]
async fn the_configuration_is_checked() {
    let toml = r#"
        [service]
        access_token_sign_alg = "ES256"
        [[clients]]
        client_id = 2000
        client_secret = "s"
        grant_types = ["client_credentials"]
        access_token_sign_alg = "RS256"
    "#;
    let config = LocalConfig::from_toml_str(toml).unwrap();
    assert_eq!(config.access_token_sign_alg.as_deref(), Some("ES256"));
    assert_eq!(
        config.clients[0].access_token_sign_alg.as_deref(),
        Some("RS256")
    );
    LocalBackend::new(config).unwrap();

    let refused = |config: LocalConfig| LocalBackend::new(config).unwrap_err().to_string();
    let mut hs = LocalConfig::demo();
    hs.access_token_sign_alg = Some("HS256".into());
    assert!(
        refused(hs).contains("access_token_sign_alg must be RS256 or ES256, not \"HS256\""),
        "HMAC access tokens are not offered"
    );
    let mut client = LocalConfig::demo();
    client.clients[0].access_token_sign_alg = Some("none".into());
    assert!(refused(client).contains("client 2000: access_token_sign_alg must be"));
    let mut orphan = LocalConfig::demo();
    orphan.access_token_signature_key_id = Some("kid".into());
    assert!(refused(orphan).contains("needs access_token_sign_alg"));
    let mut wrong = LocalConfig::demo();
    wrong.access_token_sign_alg = Some("RS256".into());
    wrong.access_token_signature_key_id = Some("not-a-kid".into());
    assert!(refused(wrong).contains("names no RS256 key"));

    // The kid of the service's ES256 key (a fixed key, so that its kid is known) is accepted.
    let pem = rcgen::KeyPair::generate().unwrap().serialize_pem();
    let mut fixed = LocalConfig::demo();
    fixed.keys.ec_private_key_pem = Some(authlete_tower::config::Secret::new(pem));
    let kids: Vec<String> = LocalBackend::new(fixed.clone()).unwrap().jwks()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|key| key["alg"] == "ES256")
        .map(|key| key["kid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kids.len(), 1);
    fixed.access_token_sign_alg = Some("ES256".into());
    fixed.access_token_signature_key_id = Some(kids[0].clone());
    LocalBackend::new(fixed.clone()).unwrap();
    fixed.access_token_sign_alg = Some("RS256".into());
    assert!(refused(fixed).contains("names no RS256 key"));
}
