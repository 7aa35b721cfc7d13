//! Sender-constrained tokens over real HTTP: DPoP (RFC 9449) proofs at the token, PAR,
//! introspection and UserInfo APIs, bound access and refresh tokens, server nonces; certificate-
//! bound tokens and mutual-TLS client authentication (RFC 8705).

use std::collections::HashMap;

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::proof::{DpopKey, now};
use crate::support::{json, start};

const TOKEN_URL: &str = "http://localhost:8000/api/token";
const RS_URL: &str = "https://rs.example.com/photos";
const ALGS: &str = r#"algs="ES256 PS256 RS256 EdDSA""#;

fn client_credentials(proof: Option<String>) -> TokenRequest {
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    request.dpop = proof;
    request.htm = Some("POST".into());
    request.htu = Some(TOKEN_URL.into());
    request
}

fn introspect(token: &str, proof: Option<String>) -> IntrospectionRequest {
    let mut request = IntrospectionRequest::new(token);
    request.dpop = proof;
    request.htm = Some("GET".into());
    request.htu = Some(RS_URL.into());
    request
}

/// Asserts a refusal of a DPoP-bound token at introspection: UNAUTHORIZED, the result code and
/// a `DPoP` challenge with `error` and `algs`.
fn assert_dpop_refusal(response: &IntrospectionResponse, error: &str, code: &str) {
    assert_eq!(
        response.action,
        Some(IntrospectionAction::Unauthorized),
        "{response:?}"
    );
    assert_eq!(response.result_code.as_deref(), Some(code));
    let challenge = response.response_content.as_deref().unwrap();
    assert!(
        challenge.starts_with(&format!(
            "DPoP error=\"{error}\", error_description=\"[{code}]"
        )),
        "{challenge}"
    );
    assert!(challenge.ends_with(ALGS), "{challenge}");
}

async fn dpop_token(api: &dyn AuthleteApi, key: &DpopKey) -> String {
    let response = api
        .token(client_credentials(Some(key.proof("POST", TOKEN_URL, None))))
        .await
        .unwrap();
    assert_eq!(response.action, Some(TokenAction::Ok), "{response:?}");
    assert_eq!(json(&response.response_content)["token_type"], "DPoP");
    response.access_token.unwrap()
}

#[tokio::test]
async fn dpop_bound_tokens_are_checked_at_introspection_on_v2_and_v3() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let key = DpopKey::es256();
        let token = dpop_token(api, &key).await;

        let ok = api
            .introspection(introspect(
                &token,
                Some(key.proof("GET", RS_URL, Some(&token))),
            ))
            .await
            .unwrap();
        assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{ok:?}");
        assert_eq!(ok.certificate_thumbprint, None);
        assert_eq!(ok.dpop_nonce, None, "nonces are not required by default");

        // htu is compared without query and fragment.
        let query = api
            .introspection(introspect(
                &token,
                Some(key.proof("GET", &format!("{RS_URL}?x=1#f"), Some(&token))),
            ))
            .await
            .unwrap();
        assert_eq!(query.action, Some(IntrospectionAction::Ok), "{query:?}");

        let missing = api.introspection(introspect(&token, None)).await.unwrap();
        assert_dpop_refusal(&missing, "invalid_token", "A065390");
        assert!(missing.existent && !missing.usable);

        let replayed_proof = key.proof("GET", RS_URL, Some(&token));
        let first = api
            .introspection(introspect(&token, Some(replayed_proof.clone())))
            .await
            .unwrap();
        assert_eq!(first.action, Some(IntrospectionAction::Ok));
        let replay = api
            .introspection(introspect(&token, Some(replayed_proof)))
            .await
            .unwrap();
        assert_dpop_refusal(&replay, "invalid_dpop_proof", "A065391");

        let other = DpopKey::es256();
        let stolen = api
            .introspection(introspect(
                &token,
                Some(other.proof("GET", RS_URL, Some(&token))),
            ))
            .await
            .unwrap();
        assert_dpop_refusal(&stolen, "invalid_dpop_proof", "A065392");

        for (what, proof) in [
            ("garbage", "garbage".to_owned()),
            ("no ath", key.proof("GET", RS_URL, None)),
            ("wrong ath", key.proof("GET", RS_URL, Some("another-token"))),
            (
                "wrong htu",
                key.proof("GET", "https://rs.example.com/other", Some(&token)),
            ),
            ("wrong htm", key.proof("POST", RS_URL, Some(&token))),
        ] {
            let refused = api
                .introspection(introspect(&token, Some(proof)))
                .await
                .unwrap();
            assert_eq!(
                refused.result_code.as_deref(),
                Some("A065391"),
                "{what}: {refused:?}"
            );
            assert_dpop_refusal(&refused, "invalid_dpop_proof", "A065391");
        }

        let mut standard = StandardIntrospectionRequest::new(format!("token={token}"));
        standard.parameters = format!("token={token}");
        let standard = api.standard_introspection(standard).await.unwrap();
        let body = json(&standard.response_content);
        assert_eq!(body["active"], true);
        assert_eq!(body["token_type"], "DPoP");
        assert_eq!(body["cnf"], json!({"jkt": key.thumbprint()}));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn every_supported_algorithm_is_accepted() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    for key in [
        DpopKey::es256(),
        DpopKey::rsa(true),
        DpopKey::rsa(false),
        DpopKey::ed25519(),
    ] {
        let token = dpop_token(&v3, &key).await;
        let ok = v3
            .introspection(introspect(
                &token,
                Some(key.proof("GET", RS_URL, Some(&token))),
            ))
            .await
            .unwrap();
        assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{:?}", key.jwk());
        let standard = v3
            .standard_introspection(StandardIntrospectionRequest::new(format!("token={token}")))
            .await
            .unwrap();
        assert_eq!(
            json(&standard.response_content)["cnf"]["jkt"],
            key.thumbprint().as_str()
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_proofs_are_refused_at_the_token_api() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let key = DpopKey::es256();
    let other = DpopKey::es256();
    let claims = || key.claims("POST", TOKEN_URL, None);
    let with = |name: &str, value: Value| {
        let mut claims = claims();
        claims[name] = value;
        key.sign(&key.header(), &claims)
    };
    let without = |name: &str| {
        let mut claims = claims();
        claims.as_object_mut().unwrap().remove(name);
        key.sign(&key.header(), &claims)
    };
    let header_with = |name: &str, value: Value| {
        let mut header = key.header();
        header[name] = value;
        key.sign(&header, &claims())
    };
    let mut private_jwk = key.jwk().clone();
    private_jwk["d"] = Value::from("AAAA");
    // Signed by another key, naming this one.
    let forged = other.sign(&key.header(), &claims());
    let replayed = key.proof("POST", TOKEN_URL, None);
    let first = v3
        .token(client_credentials(Some(replayed.clone())))
        .await
        .unwrap();
    assert_eq!(first.action, Some(TokenAction::Ok));
    let cases: Vec<(&str, String)> = vec![
        ("garbage", "garbage".into()),
        ("typ", header_with("typ", Value::from("JWT"))),
        ("alg none", header_with("alg", Value::from("none"))),
        ("alg HS256", header_with("alg", Value::from("HS256"))),
        ("private jwk", header_with("jwk", private_jwk)),
        ("no jwk", {
            let mut header = key.header();
            header.as_object_mut().unwrap().remove("jwk");
            key.sign(&header, &claims())
        }),
        ("signature", forged),
        ("htm", with("htm", Value::from("GET"))),
        (
            "htu",
            with("htu", Value::from("http://localhost:8000/api/other")),
        ),
        ("iat old", with("iat", Value::from(now() - 600))),
        ("iat future", with("iat", Value::from(now() + 600))),
        ("iat minimum", with("iat", Value::from(i64::MIN))),
        ("iat maximum", with("iat", Value::from(i64::MAX))),
        ("iat not a number", with("iat", Value::from("now"))),
        ("no iat", without("iat")),
        ("no jti", without("jti")),
        ("replay", replayed),
    ];
    for (what, proof) in cases {
        let refused = v3.token(client_credentials(Some(proof))).await.unwrap();
        assert_eq!(
            refused.action,
            Some(TokenAction::BadRequest),
            "{what}: {refused:?}"
        );
        assert_eq!(refused.result_code.as_deref(), Some("A050290"), "{what}");
        let body = json(&refused.response_content);
        assert_eq!(body["error"], "invalid_dpop_proof", "{what}");
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .starts_with("[A050290] The DPoP proof"),
            "{what}: {body}"
        );
        assert!(refused.access_token.is_none());
    }
    // Without a proof the token stays a bearer token.
    let bearer = v3.token(client_credentials(None)).await.unwrap();
    assert_eq!(json(&bearer.response_content)["token_type"], "Bearer");
    let token = bearer.access_token.unwrap();
    let ok = v3.introspection(introspect(&token, None)).await.unwrap();
    assert_eq!(ok.action, Some(IntrospectionAction::Ok));
    let standard = v3
        .standard_introspection(StandardIntrospectionRequest::new(format!("token={token}")))
        .await
        .unwrap();
    let body = json(&standard.response_content);
    assert_eq!(body["token_type"], "Bearer");
    assert!(body.get("cnf").is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn server_nonces_when_the_service_requires_them() {
    let mut config = LocalConfig::demo();
    config.dpop_nonce_required = true;
    let (server, _, v3) = start(LocalBackend::new(config).unwrap()).await;
    let key = DpopKey::es256();

    let first = v3
        .token(client_credentials(Some(key.proof("POST", TOKEN_URL, None))))
        .await
        .unwrap();
    assert_eq!(first.action, Some(TokenAction::BadRequest));
    assert_eq!(first.result_code.as_deref(), Some("A050291"));
    assert_eq!(json(&first.response_content)["error"], "use_dpop_nonce");
    let nonce = first.dpop_nonce.clone().expect("dpopNonce");

    let unknown = v3
        .token(client_credentials(Some(
            key.proof_with_nonce("POST", TOKEN_URL, None, "made-up"),
        )))
        .await
        .unwrap();
    assert_eq!(json(&unknown.response_content)["error"], "use_dpop_nonce");

    let ok = v3
        .token(client_credentials(Some(
            key.proof_with_nonce("POST", TOKEN_URL, None, &nonce),
        )))
        .await
        .unwrap();
    assert_eq!(ok.action, Some(TokenAction::Ok), "{ok:?}");
    assert_eq!(ok.dpop_nonce.as_deref(), Some(nonce.as_str()));
    let token = ok.access_token.unwrap();

    let without = v3
        .introspection(introspect(
            &token,
            Some(key.proof("GET", RS_URL, Some(&token))),
        ))
        .await
        .unwrap();
    assert_dpop_refusal(&without, "use_dpop_nonce", "A065393");
    assert_eq!(without.dpop_nonce.as_deref(), Some(nonce.as_str()));
    let with = v3
        .introspection(introspect(
            &token,
            Some(key.proof_with_nonce("GET", RS_URL, Some(&token), &nonce)),
        ))
        .await
        .unwrap();
    assert_eq!(with.action, Some(IntrospectionAction::Ok), "{with:?}");
    assert_eq!(with.dpop_nonce.as_deref(), Some(nonce.as_str()));
    server.shutdown().await;
}

/// The code flow of the public demo client, with a DPoP proof at the token API.
async fn public_code_flow(api: &dyn AuthleteApi, key: &DpopKey) -> TokenResponse {
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
    let issued = api
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "alice",
        ))
        .await
        .unwrap();
    let location = url::Url::parse(&issued.response_content.unwrap()).unwrap();
    let params: HashMap<String, String> = location.query_pairs().into_owned().collect();
    let mut request = TokenRequest::new(format!(
        "grant_type=authorization_code&client_id=3000&code={}&redirect_uri={redirect}&code_verifier={VERIFIER}",
        params["code"]
    ));
    request.dpop = Some(key.proof("POST", TOKEN_URL, None));
    request.htm = Some("POST".into());
    request.htu = Some(TOKEN_URL.into());
    let response = api.token(request).await.unwrap();
    assert_eq!(response.action, Some(TokenAction::Ok), "{response:?}");
    assert_eq!(json(&response.response_content)["token_type"], "DPoP");
    response
}

fn refresh(refresh_token: &str, proof: Option<String>) -> TokenRequest {
    let mut request = TokenRequest::new(format!(
        "grant_type=refresh_token&client_id=3000&refresh_token={refresh_token}"
    ));
    request.dpop = proof;
    request.htm = Some("POST".into());
    request.htu = Some(TOKEN_URL.into());
    request
}

#[tokio::test]
async fn a_public_clients_refresh_token_is_bound_too_and_userinfo_checks_the_proof() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let key = DpopKey::es256();
    let tokens = public_code_flow(&v3, &key).await;
    let access = tokens.access_token.clone().unwrap();
    let refresh_token = tokens.refresh_token.clone().unwrap();

    let userinfo = |proof: Option<String>| {
        let mut request = UserInfoRequest::new(access.clone());
        request.dpop = proof;
        request.htm = Some("GET".into());
        request.htu = Some("http://localhost:8000/api/userinfo".into());
        request
    };
    let refused = v3.userinfo(userinfo(None)).await.unwrap();
    assert_eq!(refused.action, Some(UserInfoAction::Unauthorized));
    assert_eq!(refused.result_code.as_deref(), Some("A065390"));
    let challenge = refused.response_content.unwrap();
    assert!(
        challenge.starts_with("DPoP error=\"invalid_token\"") && challenge.ends_with(ALGS),
        "{challenge}"
    );
    let ok = v3
        .userinfo(userinfo(Some(key.proof(
            "GET",
            "http://localhost:8000/api/userinfo",
            Some(&access),
        ))))
        .await
        .unwrap();
    assert_eq!(ok.action, Some(UserInfoAction::Ok), "{ok:?}");
    assert_eq!(ok.subject.as_deref(), Some("alice"));

    let missing = v3.token(refresh(&refresh_token, None)).await.unwrap();
    assert_eq!(missing.action, Some(TokenAction::BadRequest));
    assert_eq!(missing.result_code.as_deref(), Some("A050292"));
    assert_eq!(
        json(&missing.response_content)["error"],
        "invalid_dpop_proof"
    );
    let other = DpopKey::es256();
    let stolen = v3
        .token(refresh(
            &refresh_token,
            Some(other.proof("POST", TOKEN_URL, None)),
        ))
        .await
        .unwrap();
    assert_eq!(stolen.result_code.as_deref(), Some("A050292"));

    let rotated = v3
        .token(refresh(
            &refresh_token,
            Some(key.proof("POST", TOKEN_URL, None)),
        ))
        .await
        .unwrap();
    assert_eq!(rotated.action, Some(TokenAction::Ok), "{rotated:?}");
    assert_eq!(json(&rotated.response_content)["token_type"], "DPoP");
    let next = rotated.refresh_token.unwrap();
    let again = v3.token(refresh(&next, None)).await.unwrap();
    assert_eq!(
        again.result_code.as_deref(),
        Some("A050292"),
        "the rotated refresh token stays bound"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn par_checks_the_proof_and_discovery_lists_the_algorithms() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let key = DpopKey::es256();
    let par_url = "http://localhost:8000/api/par";
    let push = |proof: String| {
        let mut request = PushedAuthorizationRequest::new(format!(
            "response_type=code&client_id=2000&redirect_uri={}&scope=openid",
            "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection"
        ));
        request.client_id = Some(demo::CLIENT_ID.into());
        request.client_secret = Some(demo::CLIENT_SECRET.into());
        request.dpop = Some(proof);
        request.htm = Some("POST".into());
        request.htu = Some(par_url.into());
        request
    };
    let refused = v3
        .pushed_authorization(push(key.proof("POST", TOKEN_URL, None)))
        .await
        .unwrap();
    assert_eq!(refused.action, Some(PushedAuthorizationAction::BadRequest));
    assert_eq!(refused.result_code.as_deref(), Some("A245290"));
    assert_eq!(
        json(&refused.response_content)["error"],
        "invalid_dpop_proof"
    );
    let created = v3
        .pushed_authorization(push(key.proof("POST", par_url, None)))
        .await
        .unwrap();
    assert_eq!(
        created.action,
        Some(PushedAuthorizationAction::Created),
        "{created:?}"
    );

    let document = v3
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(
        document["dpop_signing_alg_values_supported"],
        json!(["ES256", "PS256", "RS256", "EdDSA"])
    );
    assert_eq!(document["tls_client_certificate_bound_access_tokens"], true);
    server.shutdown().await;
}

/// A self-signed certificate in PEM and its `x5t#S256`.
fn certificate(name: &str) -> (String, String) {
    let certified = rcgen::generate_simple_self_signed(vec![name.to_owned()]).unwrap();
    let x5t = URL_SAFE_NO_PAD.encode(Sha256::digest(certified.cert.der()));
    (certified.cert.pem(), x5t)
}

#[tokio::test]
async fn certificate_bound_tokens() {
    let mut config = LocalConfig::demo();
    config.clients.push(
        ClientConfig::confidential(4000, "mtls-secret", "mTLS Client")
            .grant_types(["client_credentials"])
            .certificate_bound_access_tokens(true),
    );
    let (server, v2, v3) = start(LocalBackend::new(config).unwrap()).await;
    let (pem, x5t) = certificate("client.example.com");
    let (other_pem, _) = certificate("other.example.com");
    for api in [&v2, &v3] {
        let token_request = |certificate: Option<&str>| {
            let mut request = TokenRequest::new("grant_type=client_credentials");
            request.client_id = Some("4000".into());
            request.client_secret = Some("mtls-secret".into());
            request.client_certificate = certificate.map(str::to_owned);
            request
        };
        let refused = api.token(token_request(None)).await.unwrap();
        assert_eq!(refused.action, Some(TokenAction::BadRequest));
        assert_eq!(refused.result_code.as_deref(), Some("A050293"));
        assert_eq!(json(&refused.response_content)["error"], "invalid_request");
        let not_pem = api
            .token(token_request(Some("not a certificate")))
            .await
            .unwrap();
        assert_eq!(not_pem.result_code.as_deref(), Some("A050293"));

        let issued = api.token(token_request(Some(&pem))).await.unwrap();
        assert_eq!(issued.action, Some(TokenAction::Ok), "{issued:?}");
        assert_eq!(json(&issued.response_content)["token_type"], "Bearer");
        let token = issued.access_token.unwrap();

        let check = |certificate: Option<&str>| {
            let mut request = IntrospectionRequest::new(token.clone());
            request.client_certificate = certificate.map(str::to_owned);
            request
        };
        let ok = api.introspection(check(Some(&pem))).await.unwrap();
        assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{ok:?}");
        assert_eq!(ok.certificate_thumbprint.as_deref(), Some(x5t.as_str()));
        for certificate in [None, Some(other_pem.as_str())] {
            let refused = api.introspection(check(certificate)).await.unwrap();
            assert_eq!(refused.action, Some(IntrospectionAction::Unauthorized));
            assert_eq!(refused.result_code.as_deref(), Some("A065394"));
            assert_eq!(
                refused.response_content.as_deref(),
                Some(
                    "Bearer error=\"invalid_token\", error_description=\"[A065394] The access token is bound to another client certificate.\", error_uri=\"https://docs.authlete.com/#A065394\""
                )
            );
        }
        let standard = api
            .standard_introspection(StandardIntrospectionRequest::new(format!("token={token}")))
            .await
            .unwrap();
        assert_eq!(
            json(&standard.response_content)["cnf"],
            json!({"x5t#S256": x5t})
        );
    }
    // A client without the flag gets unbound tokens even when a certificate is given.
    let mut plain = client_credentials(None);
    plain.client_certificate = Some(pem.clone());
    let unbound = v3.token(plain).await.unwrap();
    let token = unbound.access_token.unwrap();
    let ok = v3
        .introspection(IntrospectionRequest::new(token))
        .await
        .unwrap();
    assert_eq!(ok.action, Some(IntrospectionAction::Ok));
    assert_eq!(ok.certificate_thumbprint, None);
    server.shutdown().await;
}

/// A self-signed certificate with subject `CN=<cn>, O=Example` and its P-256 public JWK with
/// the certificate as `x5c`.
fn certificate_with_subject(cn: &str) -> (String, Value) {
    use rcgen::{CertificateParams, DistinguishedName, DnType, KeyPair};
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec![cn.to_owned()]).unwrap();
    let mut name = DistinguishedName::new();
    name.push(DnType::CommonName, cn);
    name.push(DnType::OrganizationName, "Example");
    params.distinguished_name = name;
    let cert = params.self_signed(&key).unwrap();
    let point = key.public_key_raw();
    let jwk = json!({"kty": "EC", "crv": "P-256",
        "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65]),
        "x5c": [base64::engine::general_purpose::STANDARD.encode(cert.der())]});
    (cert.pem(), jwk)
}

#[tokio::test]
async fn tls_client_auth_and_self_signed_tls_client_auth() {
    let (pem, jwk) = certificate_with_subject("client.example.com");
    let (other_pem, _) = certificate_with_subject("other.example.com");
    let mut config = LocalConfig::demo();
    config.clients.push(
        ClientConfig::confidential(7000, "unused", "PKI mTLS Client")
            .grant_types(["client_credentials"])
            .tls_client_auth("CN=client.example.com, O=Example"),
    );
    config.clients.push(
        ClientConfig::confidential(7001, "unused", "Self-signed mTLS Client")
            .grant_types(["client_credentials"])
            .self_signed_tls_client_auth(json!({"keys": [jwk]})),
    );
    let (server, v2, v3) = start(LocalBackend::new(config).unwrap()).await;
    for api in [&v2, &v3] {
        for client in ["7000", "7001"] {
            let request = |certificate: Option<&str>, secret: Option<&str>| {
                let mut request = TokenRequest::new("grant_type=client_credentials");
                request.client_id = Some(client.into());
                request.client_secret = secret.map(str::to_owned);
                request.client_certificate = certificate.map(str::to_owned);
                request
            };
            let ok = api.token(request(Some(&pem), None)).await.unwrap();
            assert_eq!(ok.action, Some(TokenAction::Ok), "{client}: {ok:?}");
            for (what, certificate) in [("other", Some(other_pem.as_str())), ("none", None)] {
                let refused = api.token(request(certificate, None)).await.unwrap();
                assert_eq!(
                    refused.action,
                    Some(TokenAction::InvalidClient),
                    "{client} {what}: {refused:?}"
                );
                assert_eq!(json(&refused.response_content)["error"], "invalid_client");
            }
            let both = api
                .token(request(Some(&pem), Some("unused")))
                .await
                .unwrap();
            assert_eq!(both.action, Some(TokenAction::BadRequest), "{client}");
            assert_eq!(json(&both.response_content)["error"], "invalid_request");
        }
        let client = api.client_get("7000").await.unwrap();
        assert_eq!(
            client.token_auth_method,
            Some(ClientAuthMethod::TlsClientAuth)
        );
        assert_eq!(
            client.tls_client_auth_subject_dn.as_deref(),
            Some("CN=client.example.com, O=Example")
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn password_grant_tokens_are_bound_through_token_issue() {
    let (server, _, v3) = start(LocalBackend::demo()).await;
    let key = DpopKey::es256();
    let mut request =
        TokenRequest::new("grant_type=password&username=john&password=pw&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    request.dpop = Some(key.proof("POST", TOKEN_URL, None));
    request.htm = Some("POST".into());
    request.htu = Some(TOKEN_URL.into());
    let ticket = v3.token(request).await.unwrap();
    assert_eq!(ticket.action, Some(TokenAction::Password), "{ticket:?}");
    let issued = v3
        .token_issue(TokenIssueRequest::new(ticket.ticket.unwrap(), "john"))
        .await
        .unwrap();
    assert_eq!(issued.action, Some(TokenIssueAction::Ok), "{issued:?}");
    assert_eq!(json(&issued.response_content)["token_type"], "DPoP");
    let token = issued.access_token.unwrap();
    let missing = v3.introspection(introspect(&token, None)).await.unwrap();
    assert_dpop_refusal(&missing, "invalid_token", "A065390");
    let ok = v3
        .introspection(introspect(
            &token,
            Some(key.proof("GET", RS_URL, Some(&token))),
        ))
        .await
        .unwrap();
    assert_eq!(ok.action, Some(IntrospectionAction::Ok), "{ok:?}");
    server.shutdown().await;
}
