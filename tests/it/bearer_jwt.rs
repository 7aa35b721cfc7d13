//! JWT access tokens (RFC 9068) verified by the layer itself, over real HTTP on 127.0.0.1 against
//! the local backend (which mints them with `access_token_sign_alg`): RS256 and ES256 accepted
//! without an introspection call, the same `BearerToken` as through introspection, and every
//! refusal (audience, issuer, expiry, `alg=none`, HMAC with the RSA key, unknown `kid` and a
//! flood of them, DPoP replay, `htu`, missing proof, certificate) with its status, challenge and
//! body; opaque tokens still introspected; introspection after verification sees revocation.
#![cfg(feature = "jwt")]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::bearer::{ClientCertHeader, JwtVerifier};
use authlete_tower::config::Secret;
use authlete_tower::dto::*;
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, BearerToken};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::http;
use crate::common::proof::{DpopKey, now};
use crate::counting_api::CountingApi;

const ALGS: &str = "ES256 PS256 RS256 EdDSA";
const TOKEN_URL: &str = "http://localhost:8000/api/token";

/// The service's RSA key, known to the test so that it can forge tokens with it.
struct ServerKey {
    pair: RsaKeyPair,
    kid: String,
}

impl ServerKey {
    fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0; self.pair.public_modulus_len()];
        self.pair
            .sign(
                &RSA_PKCS1_SHA256,
                &aws_lc_rs::rand::SystemRandom::new(),
                input.as_bytes(),
                &mut signature,
            )
            .unwrap();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    fn header(&self) -> Value {
        json!({"alg": "RS256", "typ": "at+jwt", "kid": self.kid})
    }
}

/// Valid claims of a client-credentials token of client 2000.
fn claims() -> Value {
    json!({
        "iss": demo::ISSUER, "sub": "2000", "aud": "2000", "client_id": "2000",
        "scope": "profile", "jti": "forged", "iat": now(), "exp": now() + 600,
    })
}

struct Env {
    server: LocalServer,
    api: Arc<CountingApi<AuthleteClient>>,
    key: ServerKey,
    /// The RSA public key as its JWK JSON text (what an HMAC forgery would use as secret).
    rsa_jwk: String,
}

impl Env {
    /// The local backend with RS256 JWT access tokens for the service, ES256 for client 4000 and
    /// certificate-bound RS256 ones for client 5000, and its RSA key known to the test.
    async fn start() -> Env {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048).unwrap();
        let der = AsDer::<aws_lc_rs::encoding::Pkcs8V1Der>::as_der(&pair).unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(der.as_ref())
        );
        let mut config = LocalConfig::demo();
        config.keys.rsa_private_key_pem = Some(Secret::new(pem));
        config.access_token_sign_alg = Some("RS256".into());
        config.clients.push(
            ClientConfig::confidential(4000, "es-secret", "ES256 Client")
                .grant_types(["client_credentials"])
                .jwt_access_tokens("ES256"),
        );
        config.clients.push(
            ClientConfig::confidential(5000, "mtls-secret", "mTLS Client")
                .grant_types(["client_credentials"])
                .certificate_bound_access_tokens(true),
        );
        let backend = LocalBackend::new(config).unwrap();
        let jwks = backend.jwks();
        let rsa = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .find(|key| key["kty"] == "RSA")
            .unwrap()
            .clone();
        let server = LocalServer::bind(backend, "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let api = Arc::new(CountingApi::new(
            AuthleteClient::new(server.config_v3()).unwrap(),
        ));
        Env {
            server,
            api,
            key: ServerKey {
                pair,
                kid: rsa["kid"].as_str().unwrap().to_owned(),
            },
            rsa_jwk: rsa.to_string(),
        }
    }

    fn verifier() -> JwtVerifier {
        JwtVerifier::new(demo::ISSUER).jwks_refresh_interval(Duration::from_millis(300))
    }

    /// The layer verifying JWTs locally, requiring `profile`, reading `X-SSL-Cert`.
    fn bearer(&self) -> AuthleteBearer {
        AuthleteBearer::new(self.api.clone())
            .required_scopes(["profile"])
            .client_certificate_header(ClientCertHeader::x_ssl_cert())
            .verify_jwt_locally(Self::verifier())
    }

    async fn token(&self, request: TokenRequest) -> TokenResponse {
        let response = self.api.token(request).await.unwrap();
        assert_eq!(response.action, Some(TokenAction::Ok), "{response:?}");
        response
    }

    async fn client_credentials(&self, id: &str, secret: &str) -> TokenResponse {
        let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile%20email");
        request.client_id = Some(id.into());
        request.client_secret = Some(secret.into());
        self.token(request).await
    }
}

/// The protected application: `/res` answers what the handler sees of the token.
async fn serve(bearer: AuthleteBearer) -> String {
    use axum::routing::get;
    async fn whoami(token: BearerToken) -> String {
        format!(
            "sub={} client={:?} scopes={} exp={:?} x5t={:?}",
            token.subject().unwrap_or("-"),
            token.client_id(),
            token.scopes().join(" "),
            token.expires_at_millis(),
            token.certificate_thumbprint(),
        )
    }
    let app = axum::Router::new()
        .route("/res", get(whoami))
        .route_layer(bearer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/res")
}

#[derive(Debug)]
struct Answer {
    status: u16,
    challenge: Option<String>,
    cache_control: Option<String>,
    body: String,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    Answer {
        status: response.status().as_u16(),
        challenge: header("www-authenticate"),
        cache_control: header("cache-control"),
        body: response.text().await.unwrap(),
    }
}

async fn bearer_get(url: &str, token: &str) -> Answer {
    send(
        http()
            .get(url)
            .header("authorization", format!("Bearer {token}")),
    )
    .await
}

/// Parses a challenge (`scheme` + quoted auth-params), panicking on anything malformed.
fn parse_challenge(header: &str) -> (String, BTreeMap<String, String>) {
    let (scheme, mut rest) = header.split_once(' ').unwrap_or((header, ""));
    let mut params = BTreeMap::new();
    loop {
        rest = rest.trim_start_matches([' ', ',']);
        if rest.is_empty() {
            break;
        }
        let (name, after) = rest.split_once('=').expect("name=value");
        assert!(after.starts_with('"'), "unquoted value in {header}");
        let mut value = String::new();
        let mut chars = after[1..].char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => value.push(chars.next().unwrap().1),
                Some((index, '"')) => break index + 2,
                Some((_, ch)) => value.push(ch),
                None => panic!("unterminated value in {header}"),
            }
        };
        assert!(params.insert(name.trim().to_owned(), value).is_none());
        rest = &after[end..];
    }
    (scheme.to_owned(), params)
}

/// Asserts a refusal: status, empty body, `no-store`, and the challenge's scheme and params.
fn assert_refused(answer: &Answer, status: u16, scheme: &str, expected: &[(&str, &str)]) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.body, "", "{answer:?}");
    assert_eq!(
        answer.cache_control.as_deref(),
        Some("no-store"),
        "{answer:?}"
    );
    let (got_scheme, params) = parse_challenge(answer.challenge.as_deref().expect("challenge"));
    assert_eq!(got_scheme, scheme, "{answer:?}");
    let expected: BTreeMap<String, String> = expected
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect();
    assert_eq!(params, expected, "{answer:?}");
}

fn invalid_token(description: &str) -> Vec<(&str, &str)> {
    vec![
        ("realm", "api"),
        ("error", "invalid_token"),
        ("error_description", description),
    ]
}

#[tokio::test]
async fn rs256_and_es256_jwts_are_verified_without_introspection_and_look_the_same() {
    let env = Env::start().await;
    let url = serve(env.bearer()).await;
    let introspecting =
        serve(AuthleteBearer::new(env.api.clone()).required_scopes(["profile"])).await;
    for (id, secret, alg) in [
        (demo::CLIENT_ID, demo::CLIENT_SECRET, "RS256"),
        ("4000", "es-secret", "ES256"),
    ] {
        let token = env.client_credentials(id, secret).await;
        let jwt = token.jwt_access_token.clone().unwrap();
        let header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(jwt.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(header["alg"], alg);
        let before = env.api.introspections();
        let answer = bearer_get(&url, &jwt).await;
        assert_eq!(answer.status, 200, "{answer:?}");
        assert_eq!(
            answer.body,
            format!(
                "sub=- client=Some({id}) scopes=profile email exp=Some({}) x5t=None",
                token.access_token_expires_at.unwrap() / 1000 * 1000
            )
        );
        // Many requests, still no introspection.
        for _ in 0..5 {
            assert_eq!(bearer_get(&url, &jwt).await.status, 200);
        }
        assert_eq!(env.api.introspections(), before, "{alg}: verified locally");
        // Through introspection the handler sees the same (expiry to the second in the JWT).
        let through = bearer_get(&introspecting, &jwt).await;
        assert_eq!(through.status, 200, "{through:?}");
        assert_eq!(
            through.body.replace(
                &token.access_token_expires_at.unwrap().to_string(),
                &(token.access_token_expires_at.unwrap() / 1000 * 1000).to_string()
            ),
            answer.body
        );
        assert_eq!(env.api.introspections(), before + 1);
    }
    assert_eq!(env.api.jwks(), 1, "the JWK Set is fetched once");

    // The required scope is checked locally too: 403 insufficient_scope.
    let narrow = serve(
        AuthleteBearer::new(env.api.clone())
            .required_scopes(["phone"])
            .verify_jwt_locally(Env::verifier()),
    )
    .await;
    let jwt = env
        .client_credentials(demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await
        .jwt_access_token
        .unwrap();
    assert_refused(
        &bearer_get(&narrow, &jwt).await,
        403,
        "Bearer",
        &[
            ("realm", "api"),
            ("error", "insufficient_scope"),
            (
                "error_description",
                "The access token does not cover the required scopes.",
            ),
            ("scope", "phone"),
        ],
    );
    let subject = serve(
        AuthleteBearer::new(env.api.clone())
            .required_subject("alice")
            .verify_jwt_locally(Env::verifier()),
    )
    .await;
    assert_refused(
        &bearer_get(&subject, &jwt).await,
        403,
        "Bearer",
        &invalid_token("The access token was not issued for the required subject."),
    );
    env.server.shutdown().await;
}

#[tokio::test]
async fn forged_and_foreign_jwts_are_refused_with_their_reason() {
    let env = Env::start().await;
    let url = serve(env.bearer()).await;
    let key = &env.key;
    let before = env.api.introspections();

    // A token forged with the right key passes: the forgeries below differ in one thing each.
    assert_eq!(
        bearer_get(&url, &key.sign(&key.header(), &claims()))
            .await
            .status,
        200
    );

    let mut expired = claims();
    expired["exp"] = json!(now() - 120);
    expired["iat"] = json!(now() - 720);
    assert_refused(
        &bearer_get(&url, &key.sign(&key.header(), &expired)).await,
        401,
        "Bearer",
        &invalid_token("The access token has expired."),
    );
    let mut early = claims();
    early["nbf"] = json!(now() + 300);
    assert_refused(
        &bearer_get(&url, &key.sign(&key.header(), &early)).await,
        401,
        "Bearer",
        &invalid_token("The access token is not valid yet."),
    );

    let none = format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({"alg": "none", "typ": "at+jwt"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims().to_string())
    );
    let refused_alg = invalid_token("The access token's signature algorithm is not accepted.");
    assert_refused(&bearer_get(&url, &none).await, 401, "Bearer", &refused_alg);

    // HS256 "signed" with the RSA public key as the secret.
    let hs_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD
            .encode(json!({"alg": "HS256", "typ": "at+jwt", "kid": key.kid}).to_string()),
        URL_SAFE_NO_PAD.encode(claims().to_string())
    );
    let mac = {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<Sha256>::new_from_slice(env.rsa_jwk.as_bytes()).unwrap();
        mac.update(hs_input.as_bytes());
        mac.finalize().into_bytes()
    };
    let hs = format!("{hs_input}.{}", URL_SAFE_NO_PAD.encode(mac));
    assert_refused(&bearer_get(&url, &hs).await, 401, "Bearer", &refused_alg);

    let mut wrong_typ = key.header();
    wrong_typ["typ"] = json!("JWT");
    assert_refused(
        &bearer_get(&url, &key.sign(&wrong_typ, &claims())).await,
        401,
        "Bearer",
        &invalid_token("The access token is not a JWT access token (typ at+jwt)."),
    );

    // Signed by the right kid but another key.
    let other = DpopKey::rsa(false);
    let mut header = key.header();
    header["kid"] = json!(key.kid);
    assert_refused(
        &bearer_get(&url, &other.sign(&header, &claims())).await,
        401,
        "Bearer",
        &invalid_token("The access token's signature is not valid."),
    );
    assert_eq!(env.api.introspections(), before, "all refused locally");

    // Another issuer's JWT is not for the local verifier: introspection refuses it.
    let mut foreign = claims();
    foreign["iss"] = json!("https://other.example.com");
    let answer = bearer_get(&url, &key.sign(&key.header(), &foreign)).await;
    assert_eq!(
        env.api.introspections(),
        before + 1,
        "another issuer: introspected"
    );
    assert_eq!(answer.status, 401, "{answer:?}");
    let (scheme, params) = parse_challenge(answer.challenge.as_deref().unwrap());
    assert_eq!(
        (scheme.as_str(), params["error"].as_str()),
        ("Bearer", "invalid_token")
    );
    assert_eq!(
        params["error_description"],
        "[A065301] The access token does not exist."
    );

    // The audience: a layer for another resource refuses; one for this audience accepts.
    let resource = |aud: &str| {
        AuthleteBearer::new(env.api.clone())
            .resource(aud)
            .verify_jwt_locally(Env::verifier())
    };
    let elsewhere = serve(resource("https://api.example.com/other")).await;
    let jwt = env
        .client_credentials(demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await
        .jwt_access_token
        .unwrap();
    assert_refused(
        &bearer_get(&elsewhere, &jwt).await,
        401,
        "Bearer",
        &invalid_token("The access token was not issued for this resource (wrong audience)."),
    );
    // A token minted for the resource (RFC 8707) carries it as its `aud` and passes there.
    let here = serve(resource("https://api.example.com/photos")).await;
    let before_minted = env.api.introspections();
    let mut request = TokenRequest::new(
        "grant_type=client_credentials&scope=profile&resource=https%3A%2F%2Fapi.example.com%2Fphotos",
    );
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    let minted = env.token(request).await.jwt_access_token.unwrap();
    assert_eq!(bearer_get(&here, &minted).await.status, 200);
    assert_eq!(env.api.introspections(), before_minted, "verified locally");
    assert_refused(
        &bearer_get(&here, &jwt).await,
        401,
        "Bearer",
        &invalid_token("The access token was not issued for this resource (wrong audience)."),
    );
    env.server.shutdown().await;
}

#[tokio::test]
async fn unknown_kids_cause_bounded_jwks_fetches() {
    let env = Env::start().await;
    let url = serve(env.bearer()).await;
    let stranger = DpopKey::rsa(false);
    let unknown = |kid: &str| {
        stranger.sign(
            &json!({"alg": "RS256", "typ": "at+jwt", "kid": kid}),
            &claims(),
        )
    };
    let refused = invalid_token("The access token is signed by an unknown key.");
    // The first request fetches the keys; the kid is not among them.
    assert_refused(
        &bearer_get(&url, &unknown("unknown-0")).await,
        401,
        "Bearer",
        &refused,
    );
    assert_eq!(env.api.jwks(), 1);
    // Inside the refresh interval, another unknown kid causes no fetch.
    assert_refused(
        &bearer_get(&url, &unknown("unknown-1")).await,
        401,
        "Bearer",
        &refused,
    );
    assert_eq!(env.api.jwks(), 1);
    // After it, one refetch, then refused.
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_refused(
        &bearer_get(&url, &unknown("unknown-2")).await,
        401,
        "Bearer",
        &refused,
    );
    assert_eq!(env.api.jwks(), 2);
    // A flood of distinct unknown kids: concurrent requests, at most one more fetch.
    tokio::time::sleep(Duration::from_millis(350)).await;
    let flood = (0..64).map(|n| {
        let url = url.clone();
        let token = unknown(&format!("flood-{n}"));
        async move { bearer_get(&url, &token).await.status }
    });
    let statuses = futures_util::future::join_all(flood).await;
    assert!(statuses.iter().all(|status| *status == 401), "{statuses:?}");
    assert_eq!(env.api.jwks(), 3, "64 unknown kids, one fetch");
    // A good token is still accepted, without a fetch.
    assert_eq!(
        bearer_get(&url, &env.key.sign(&env.key.header(), &claims()))
            .await
            .status,
        200
    );
    assert_eq!(env.api.jwks(), 3);
    assert_eq!(env.api.introspections(), 0);
    env.server.shutdown().await;
}

#[tokio::test]
async fn dpop_bound_jwts_need_a_fresh_proof_for_this_request() {
    let env = Env::start().await;
    let url = serve(env.bearer()).await;
    let key = DpopKey::es256();
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    request.dpop = Some(key.proof("POST", TOKEN_URL, None));
    request.htm = Some("POST".into());
    request.htu = Some(TOKEN_URL.into());
    let jwt = env.token(request).await.jwt_access_token.unwrap();
    let dpop = |proof: Option<String>| {
        let request = http()
            .get(&url)
            .header("authorization", format!("DPoP {jwt}"));
        match proof {
            Some(proof) => request.header("dpop", proof),
            None => request,
        }
    };
    let dpop_refused = |error: &'static str, description: &'static str| {
        vec![
            ("realm", "api"),
            ("error", error),
            ("error_description", description),
            ("algs", ALGS),
        ]
    };

    let proof = key.proof("GET", &url, Some(&jwt));
    let answer = send(dpop(Some(proof.clone()))).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_refused(
        &send(dpop(Some(proof))).await,
        401,
        "DPoP",
        &dpop_refused("invalid_dpop_proof", "The DPoP proof has been used before."),
    );
    let elsewhere = url.replace("/res", "/other");
    assert_refused(
        &send(dpop(Some(key.proof("GET", &elsewhere, Some(&jwt))))).await,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_dpop_proof",
            "The DPoP proof's htu is not the request's URL.",
        ),
    );
    assert_refused(
        &send(dpop(Some(key.proof("POST", &url, Some(&jwt))))).await,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_dpop_proof",
            "The DPoP proof's htm is not the request's method.",
        ),
    );
    assert_refused(
        &send(dpop(Some(key.proof("GET", &url, Some("another-token"))))).await,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_dpop_proof",
            "The DPoP proof's ath does not match the access token.",
        ),
    );
    let mut stale = key.claims("GET", &url, Some(&jwt));
    stale["iat"] = json!(now() - 600);
    assert_refused(
        &send(dpop(Some(key.sign(&key.header(), &stale)))).await,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_dpop_proof",
            "The DPoP proof's iat is outside the accepted window.",
        ),
    );
    let other = DpopKey::es256();
    assert_refused(
        &send(dpop(Some(other.proof("GET", &url, Some(&jwt))))).await,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_dpop_proof",
            "The DPoP proof is signed by another key than the token is bound to.",
        ),
    );
    // No proof: the layer's own DPoP-scheme rule; as a Bearer token: the binding's rule.
    assert_refused(
        &send(dpop(None)).await,
        401,
        "DPoP",
        &dpop_refused("invalid_token", "A DPoP proof is required."),
    );
    assert_refused(
        &bearer_get(&url, &jwt).await,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_token",
            "The access token is bound to a DPoP key; use the DPoP scheme.",
        ),
    );
    // Still good with a fresh proof; nothing went to introspection.
    let answer = send(dpop(Some(key.proof("GET", &url, Some(&jwt))))).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(env.api.introspections(), 0);

    // An unbound JWT presented with the DPoP scheme is refused.
    let plain = env
        .client_credentials(demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await
        .jwt_access_token
        .unwrap();
    let answer = send(
        http()
            .get(&url)
            .header("authorization", format!("DPoP {plain}"))
            .header("dpop", key.proof("GET", &url, Some(&plain))),
    )
    .await;
    assert_refused(
        &answer,
        401,
        "DPoP",
        &dpop_refused(
            "invalid_token",
            "The access token is not bound to a DPoP key.",
        ),
    );
    env.server.shutdown().await;
}

#[tokio::test]
async fn certificate_bound_jwts_need_their_certificate() {
    let env = Env::start().await;
    let url = serve(env.bearer()).await;
    let certified = rcgen::generate_simple_self_signed(vec!["client.example.com".into()]).unwrap();
    let other = rcgen::generate_simple_self_signed(vec!["other.example.com".into()]).unwrap();
    let x5t = URL_SAFE_NO_PAD.encode(Sha256::digest(certified.cert.der()));
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some("5000".into());
    request.client_secret = Some("mtls-secret".into());
    request.client_certificate = Some(certified.cert.pem());
    let jwt = env.token(request).await.jwt_access_token.unwrap();
    let with_cert = |pem: &str| {
        http()
            .get(&url)
            .header("authorization", format!("Bearer {jwt}"))
            .header(
                "x-ssl-cert",
                percent_encoding::utf8_percent_encode(pem, percent_encoding::NON_ALPHANUMERIC)
                    .to_string(),
            )
    };
    let answer = send(with_cert(&certified.cert.pem())).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert!(
        answer.body.ends_with(&format!("x5t=Some({x5t:?})")),
        "{answer:?}"
    );
    let mismatch = invalid_token("The access token is bound to another client certificate.");
    assert_refused(
        &send(with_cert(&other.cert.pem())).await,
        401,
        "Bearer",
        &mismatch,
    );
    assert_refused(&bearer_get(&url, &jwt).await, 401, "Bearer", &mismatch);
    assert_eq!(env.api.introspections(), 0);
    env.server.shutdown().await;
}

#[tokio::test]
async fn opaque_tokens_are_introspected_and_revocation_needs_introspection_after_verification() {
    let env = Env::start().await;
    let url = serve(env.bearer().without_cache()).await;
    let token = env
        .client_credentials(demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await;
    let (opaque, jwt) = (
        token.access_token.clone().unwrap(),
        token.jwt_access_token.clone().unwrap(),
    );
    let answer = bearer_get(&url, &opaque).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(
        env.api.introspections(),
        1,
        "an opaque token is introspected"
    );
    assert_refused(
        &bearer_get(&url, "no-such-token").await,
        401,
        "Bearer",
        &[
            ("realm", "api"),
            ("error", "invalid_token"),
            (
                "error_description",
                "[A065301] The access token does not exist.",
            ),
            ("error_uri", "https://docs.authlete.com/#A065301"),
        ],
    );
    assert_eq!(env.api.introspections(), 2);

    let checked = serve(
        AuthleteBearer::new(env.api.clone())
            .verify_jwt_locally(Env::verifier().introspect_after_verification()),
    )
    .await;
    assert_eq!(bearer_get(&checked, &jwt).await.status, 200);
    assert_eq!(env.api.introspections(), 3, "verified, then introspected");
    assert_eq!(bearer_get(&checked, &jwt).await.status, 200);
    assert_eq!(
        env.api.introspections(),
        3,
        "the second time from the cache"
    );

    let mut revoke = RevocationRequest::new(format!("token={jwt}"));
    revoke.client_id = Some(demo::CLIENT_ID.into());
    revoke.client_secret = Some(demo::CLIENT_SECRET.into());
    env.api.revocation(revoke).await.unwrap();
    // The trade-off: local verification alone still accepts the revoked JWT ...
    assert_eq!(bearer_get(&url, &jwt).await.status, 200);
    // ... introspection after verification refuses it once the cache entry is gone.
    let fresh = serve(
        AuthleteBearer::new(env.api.clone())
            .verify_jwt_locally(Env::verifier().introspect_after_verification()),
    )
    .await;
    assert_refused(
        &bearer_get(&fresh, &jwt).await,
        401,
        "Bearer",
        &[
            ("realm", "api"),
            ("error", "invalid_token"),
            (
                "error_description",
                "[A065301] The access token does not exist.",
            ),
            ("error_uri", "https://docs.authlete.com/#A065301"),
        ],
    );
    // A locally verified JWT whose keys cannot be had: 503.
    env.server.shutdown().await;
    let offline =
        serve(AuthleteBearer::new(env.api.clone()).verify_jwt_locally(Env::verifier())).await;
    let answer = bearer_get(&offline, &jwt).await;
    assert_eq!(answer.status, 503, "{answer:?}");
    assert_eq!(answer.body, "");
    let (scheme, params) = parse_challenge(answer.challenge.as_deref().unwrap());
    assert_eq!(
        (scheme.as_str(), params["error"].as_str()),
        ("Bearer", "server_error")
    );
}

#[tokio::test]
async fn a_remembered_token_is_still_refused_once_expired() {
    let env = Env::start().await;
    for verifier in [
        Env::verifier().leeway(Duration::ZERO),
        Env::verifier()
            .leeway(Duration::ZERO)
            .verified_cache(0, Duration::ZERO),
    ] {
        let url = serve(AuthleteBearer::new(env.api.clone()).verify_jwt_locally(verifier)).await;
        let mut short = claims();
        short["exp"] = json!(now() + 1);
        let token = env.key.sign(&env.key.header(), &short);
        assert_eq!(bearer_get(&url, &token).await.status, 200);
        assert_eq!(bearer_get(&url, &token).await.status, 200);
        tokio::time::sleep(Duration::from_millis(2100)).await;
        assert_refused(
            &bearer_get(&url, &token).await,
            401,
            "Bearer",
            &invalid_token("The access token has expired."),
        );
    }
    assert_eq!(env.api.introspections(), 0);
    env.server.shutdown().await;
}
