//! [`JwtVerifier`]: JWT access tokens (RFC 9068) verified by the layer itself, without a call to
//! Authlete per request. A token that is a JWT whose `iss` is the configured issuer is checked
//! here; any other token (opaque, or of another issuer) goes to introspection as before.
//!
//! ```no_run
//! use std::time::Duration;
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig};
//! use authlete_tower::bearer::JwtVerifier;
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let api = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! let bearer = AuthleteBearer::new(api)
//!     .resource("https://api.example.com/photos")
//!     .required_scopes(["photos"])
//!     .verify_jwt_locally(
//!         JwtVerifier::new("https://as.example.com").jwks_refresh_interval(Duration::from_secs(300)),
//!     );
//! # Ok(()) }
//! ```
//!
//! The rules, in order: the header's `alg` is on the allow-list (never `none`, never HMAC),
//! its `typ` is `at+jwt` (RFC 9068 §4); the key named by `kid` is in the authorization server's
//! JWK Set (fetched once, then again for an unknown `kid` at most once per refresh interval) and
//! fits `alg`; the signature; `iss`; `aud` against the layer's
//! [`resource`](super::AccessTokenValidator::resource)s when it has any; `exp` and `nbf` with the
//! leeway; a `cnf.jkt` binding with a DPoP proof checked here; a `cnf.x5t#S256` binding against
//! the [client certificate header](super::AccessTokenValidator::client_certificate_header); then
//! the layer's required scopes (403 `insufficient_scope`) and subject. The local DPoP check
//! requires no server nonce (RFC 9449 §9); where nonces are wanted, use
//! [`introspect_after_verification`](JwtVerifier::introspect_after_verification).
//!
//! **Revocation.** A locally verified JWT is not checked against revocation: a revoked token is
//! accepted until it expires. When that matters, keep access tokens short-lived or use
//! [`introspect_after_verification`](JwtVerifier::introspect_after_verification), which asks
//! Authlete as well (through the layer's introspection cache).

use std::sync::Arc;
use std::time::Duration;

use jsonwebtoken::{Algorithm, Validation};
use serde::Deserialize;
use serde_json::Value;
use sha2::Digest as _;
use url::Url;

use super::dpop_proof::{ProofChecker, sha256_b64};
use super::jwks::{JwksCache, JwksSource};
use super::rejection::RejectionKind;
use super::{AccessTokenInfo, BearerRejection, challenge};
use crate::api::AuthleteApi;
use crate::dto::{IntrospectionAction, IntrospectionResponse};

/// A signature algorithm of JWT access tokens: asymmetric only, so neither `none` nor HMAC can
/// be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JwtAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 9068 §2.1 requires it).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// RSASSA-PSS with SHA-384.
    PS384,
    /// RSASSA-PSS with SHA-512.
    PS512,
    /// ECDSA P-256 with SHA-256.
    ES256,
    /// ECDSA P-384 with SHA-384.
    ES384,
    /// Ed25519.
    EdDSA,
}

impl JwtAlgorithm {
    fn to_jsonwebtoken(self) -> Algorithm {
        match self {
            JwtAlgorithm::RS256 => Algorithm::RS256,
            JwtAlgorithm::RS384 => Algorithm::RS384,
            JwtAlgorithm::RS512 => Algorithm::RS512,
            JwtAlgorithm::PS256 => Algorithm::PS256,
            JwtAlgorithm::PS384 => Algorithm::PS384,
            JwtAlgorithm::PS512 => Algorithm::PS512,
            JwtAlgorithm::ES256 => Algorithm::ES256,
            JwtAlgorithm::ES384 => Algorithm::ES384,
            JwtAlgorithm::EdDSA => Algorithm::EdDSA,
        }
    }
}

/// The options of the local verification of JWT access tokens, given to the layer with
/// [`verify_jwt_locally`](super::AccessTokenValidator::verify_jwt_locally). See the
/// [module docs](self) for the rules and the revocation trade-off.
#[derive(Debug, Clone)]
pub struct JwtVerifier {
    issuer: String,
    algorithms: Vec<JwtAlgorithm>,
    leeway: Duration,
    jwks_refresh_interval: Duration,
    jwks_uri: Option<Url>,
    dpop_proof_window: Duration,
    max_dpop_jtis: u64,
    introspect: bool,
    verified_max_age: Duration,
    verified_max_entries: u64,
}

impl JwtVerifier {
    /// Verifies the JWTs whose `iss` is `issuer` (the authorization server's issuer identifier,
    /// compared exactly), with keys from Authlete's `/service/jwks/get` through the layer's API;
    /// `RS256`, `PS256`, `ES256` and `EdDSA` allowed; 30 s of leeway on `exp` and `nbf`; the
    /// JWK Set fetched again for an unknown `kid` at most once a minute; DPoP proofs up to 60 s
    /// old, and up to 100 000 of their `jti`s remembered; up to 100 000 verified tokens
    /// remembered for up to 60 s (see [`verified_cache`](Self::verified_cache)).
    pub fn new(issuer: impl Into<String>) -> Self {
        JwtVerifier {
            issuer: issuer.into(),
            algorithms: vec![
                JwtAlgorithm::RS256,
                JwtAlgorithm::PS256,
                JwtAlgorithm::ES256,
                JwtAlgorithm::EdDSA,
            ],
            leeway: Duration::from_secs(30),
            jwks_refresh_interval: Duration::from_secs(60),
            jwks_uri: None,
            dpop_proof_window: Duration::from_secs(60),
            max_dpop_jtis: 100_000,
            introspect: false,
            verified_max_age: Duration::from_secs(60),
            verified_max_entries: 100_000,
        }
    }

    /// Remembers up to `max_entries` verified tokens (by their SHA-256) for up to `max_age`, so
    /// that a token seen again skips the signature check; `exp`, `nbf`, the audience, the
    /// bindings, the scopes and the subject are still checked on every request. A key removed
    /// from the JWK Set stops verifying new tokens at once and remembered ones within `max_age`.
    /// `max_age` zero turns it off.
    pub fn verified_cache(mut self, max_entries: u64, max_age: Duration) -> Self {
        self.verified_max_entries = max_entries;
        self.verified_max_age = max_age;
        self
    }

    /// The accepted signature algorithms (replacing the default list).
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = JwtAlgorithm>) -> Self {
        self.algorithms = algorithms.into_iter().collect();
        self
    }

    /// The clock skew allowed on `exp` and `nbf`.
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// The shortest time between two fetches of the JWK Set: a token with an unknown `kid`
    /// causes a fetch only if the last one is at least this old, so a flood of such tokens
    /// causes at most one fetch per interval.
    pub fn jwks_refresh_interval(mut self, interval: Duration) -> Self {
        self.jwks_refresh_interval = interval;
        self
    }

    /// Fetches the keys from this `jwks_uri` (the authorization server's metadata names it)
    /// instead of Authlete's `/service/jwks/get`.
    pub fn jwks_uri(mut self, uri: Url) -> Self {
        self.jwks_uri = Some(uri);
        self
    }

    /// How old a DPoP proof's `iat` may be (and how long its `jti` is remembered, twice that).
    pub fn dpop_proof_window(mut self, window: Duration) -> Self {
        self.dpop_proof_window = window;
        self
    }

    /// The most DPoP proof `jti`s remembered against replay; beyond it the oldest are dropped.
    pub fn max_dpop_jtis(mut self, entries: u64) -> Self {
        self.max_dpop_jtis = entries;
        self
    }

    /// Verifies locally, then introspects anyway (cached by the layer's introspection cache):
    /// revoked tokens are then refused, at the cost of the calls the cache does not save. The
    /// handler gets the introspection's answer.
    pub fn introspect_after_verification(mut self) -> Self {
        self.introspect = true;
        self
    }

    pub(crate) fn build(self, api: Arc<dyn AuthleteApi>) -> LocalJwt {
        let source = match self.jwks_uri {
            Some(uri) => JwksSource::Uri(reqwest::Client::new(), uri),
            None => JwksSource::Authlete(api),
        };
        LocalJwt {
            issuer: self.issuer,
            algorithms: self
                .algorithms
                .into_iter()
                .map(JwtAlgorithm::to_jsonwebtoken)
                .collect(),
            leeway: self.leeway.as_secs(),
            jwks: JwksCache::new(source, self.jwks_refresh_interval),
            proofs: ProofChecker::new(self.dpop_proof_window, self.max_dpop_jtis),
            introspect: self.introspect,
            verified: (!self.verified_max_age.is_zero()).then(|| {
                moka::future::Cache::builder()
                    .max_capacity(self.verified_max_entries)
                    .time_to_live(self.verified_max_age)
                    .build()
            }),
        }
    }
}

/// The verifier at work, held by the layer.
pub(crate) struct LocalJwt {
    issuer: String,
    algorithms: Vec<Algorithm>,
    leeway: u64,
    jwks: JwksCache,
    proofs: ProofChecker,
    introspect: bool,
    /// Tokens whose signature and issuer were verified, by SHA-256.
    verified: Option<moka::future::Cache<[u8; 32], Arc<Verified>>>,
}

/// What a verified token says, kept for the checks of each request.
struct Verified {
    /// Seconds since the epoch.
    exp: i64,
    nbf: Option<i64>,
    audience: Vec<String>,
    jkt: Option<String>,
    x5t: Option<String>,
    subject: Option<String>,
    /// Given to the handler.
    info: AccessTokenInfo,
}

impl std::fmt::Debug for LocalJwt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalJwt")
            .field("issuer", &self.issuer)
            .field("algorithms", &self.algorithms)
            .field("introspect", &self.introspect)
            .finish_non_exhaustive()
    }
}

/// What the layer knows of the request.
pub(crate) struct JwtRequest<'a> {
    pub(crate) token: &'a str,
    pub(crate) dpop_scheme: bool,
    pub(crate) proof: Option<&'a str>,
    pub(crate) method: &'a str,
    /// The request's URL as a DPoP `htu`, built only when a proof is checked.
    pub(crate) htu: &'a (dyn Fn() -> String + Send + Sync),
    /// The client certificate in PEM.
    pub(crate) certificate: Option<&'a str>,
    pub(crate) scopes: &'a [String],
    pub(crate) subject: Option<&'a str>,
    pub(crate) resources: &'a [String],
}

#[derive(Deserialize, Default)]
struct Confirmation {
    jkt: Option<String>,
    #[serde(rename = "x5t#S256")]
    x5t: Option<String>,
}

#[derive(Deserialize)]
struct Claims {
    sub: Option<String>,
    client_id: Option<String>,
    scope: Option<String>,
    exp: Option<i64>,
    nbf: Option<i64>,
    auth_time: Option<i64>,
    acr: Option<String>,
    aud: Option<Value>,
    cnf: Option<Confirmation>,
}

fn decode_part(part: &str) -> Option<serde_json::Map<String, Value>> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

fn invalid(description: &str) -> BearerRejection {
    BearerRejection::invalid_token(description)
}

/// A `DPoP` refusal (RFC 9449 §7.1); the layer adds `algs`.
fn dpop_refusal(error: &str, description: &str) -> BearerRejection {
    BearerRejection::new(
        RejectionKind::InvalidToken,
        http::StatusCode::UNAUTHORIZED,
        challenge::build(
            "DPoP",
            "",
            &[("error", error), ("error_description", description)],
        ),
    )
}

/// The DER of the first certificate of a PEM text.
fn pem_der(pem: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let start = pem.find("-----BEGIN CERTIFICATE-----")? + "-----BEGIN CERTIFICATE-----".len();
    let end = start + pem[start..].find("-----END CERTIFICATE-----")?;
    let body: String = pem[start..end]
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD.decode(body).ok()
}

impl LocalJwt {
    /// `Ok(Some(info))`: verified here, the answer for the handler. `Ok(None)`: introspect (not a
    /// JWT of this issuer, or verified here with
    /// [`introspect_after_verification`](JwtVerifier::introspect_after_verification)).
    pub(crate) async fn verify(
        &self,
        request: JwtRequest<'_>,
    ) -> Result<Option<AccessTokenInfo>, BearerRejection> {
        // Not three parts: an opaque token, for introspection.
        if request.token.bytes().filter(|byte| *byte == b'.').count() != 2 {
            return Ok(None);
        }
        // A token verified before is ours: no need to decode it again.
        let digest: [u8; 32] = sha2::Sha256::digest(request.token.as_bytes()).into();
        let remembered = match &self.verified {
            Some(cache) => cache.get(&digest).await,
            None => None,
        };
        let verified = match remembered {
            Some(verified) => verified,
            None => {
                let mut parts = request.token.split('.');
                let (Some(header), Some(payload), Some(_), None) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Ok(None);
                };
                let (Some(header), Some(payload)) = (decode_part(header), decode_part(payload))
                else {
                    return Ok(None);
                };
                if payload.get("iss").and_then(Value::as_str) != Some(self.issuer.as_str()) {
                    return Ok(None);
                }
                let verified = Arc::new(self.verify_signature(request.token, &header).await?);
                if let Some(cache) = &self.verified {
                    cache.insert(digest, verified.clone()).await;
                }
                verified
            }
        };
        let info = self.check(&request, &verified).await?;
        tracing::debug!("JWT access token verified locally");
        Ok((!self.introspect).then_some(info))
    }

    /// The checks of every request, on a token whose signature is verified.
    async fn check(
        &self,
        request: &JwtRequest<'_>,
        verified: &Verified,
    ) -> Result<AccessTokenInfo, BearerRejection> {
        let now = i64::try_from(jsonwebtoken::get_current_timestamp()).unwrap_or(i64::MAX);
        let leeway = i64::try_from(self.leeway).unwrap_or(i64::MAX);
        if verified.exp.saturating_add(leeway) < now {
            return Err(invalid("The access token has expired."));
        }
        if verified
            .nbf
            .is_some_and(|nbf| nbf > now.saturating_add(leeway))
        {
            return Err(invalid("The access token is not valid yet."));
        }
        // The same rule as introspection's: the audience covers every resource of the layer.
        if !super::audience::covers(&verified.audience, request.resources) {
            return Err(super::audience::wrong_audience());
        }
        self.check_binding(request, verified.jkt.as_deref(), verified.x5t.as_deref())
            .await?;
        let scopes = verified.info.scopes();
        if request.scopes.iter().any(|needed| !scopes.contains(needed)) {
            return Err(BearerRejection::insufficient_scope(
                &request.scopes.join(" "),
                "The access token does not cover the required scopes.",
            ));
        }
        if let Some(required) = request.subject
            && verified.subject.as_deref() != Some(required)
        {
            return Err(BearerRejection::new(
                RejectionKind::InsufficientScope,
                http::StatusCode::FORBIDDEN,
                challenge::build(
                    "Bearer",
                    "",
                    &[
                        ("error", "invalid_token"),
                        (
                            "error_description",
                            "The access token was not issued for the required subject.",
                        ),
                    ],
                ),
            ));
        }
        Ok(verified.info.clone())
    }

    /// The checks whose outcome does not change while the token lives: `alg`, `typ`, the key,
    /// the signature, `iss`, and `exp`/`nbf` now.
    async fn verify_signature(
        &self,
        token: &str,
        header: &serde_json::Map<String, Value>,
    ) -> Result<Verified, BearerRejection> {
        let alg = header
            .get("alg")
            .and_then(Value::as_str)
            .and_then(|name| name.parse::<Algorithm>().ok())
            .filter(|alg| self.algorithms.contains(alg))
            .ok_or_else(|| invalid("The access token's signature algorithm is not accepted."))?;
        let typ = header.get("typ").and_then(Value::as_str).unwrap_or("");
        if !typ.eq_ignore_ascii_case("at+jwt") && !typ.eq_ignore_ascii_case("application/at+jwt") {
            return Err(invalid(
                "The access token is not a JWT access token (typ at+jwt).",
            ));
        }
        let kid = header.get("kid").and_then(Value::as_str);
        let keys = self.jwks.keys(kid, alg).await.map_err(|error| {
            tracing::warn!(%error, "no keys to verify a JWT access token");
            BearerRejection::server_error(RejectionKind::Unavailable)
        })?;
        if keys.is_empty() {
            return Err(invalid("The access token is signed by an unknown key."));
        }
        let mut validation = Validation::new(alg);
        validation.leeway = self.leeway;
        validation.validate_nbf = true;
        validation.validate_aud = false;
        validation.set_issuer(&[&self.issuer]);
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        let mut verified = None;
        for key in &keys {
            match jsonwebtoken::decode::<Claims>(token, &key.decoding, &validation) {
                Ok(data) => {
                    verified = Some(data.claims);
                    break;
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        jsonwebtoken::errors::ErrorKind::InvalidSignature
                    ) => {}
                Err(error) => return Err(refusal(error.kind())),
            }
        }
        let claims =
            verified.ok_or_else(|| invalid("The access token's signature is not valid."))?;
        let scopes: Vec<String> = claims
            .scope
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        // RFC 9068 §2.2: a client's own token has the client as its subject; the handler sees no
        // subject, as with introspection.
        let subject = claims
            .sub
            .filter(|sub| claims.client_id.as_ref() != Some(sub));
        let audience: Vec<String> = match claims.aud {
            Some(Value::String(aud)) => vec![aud],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let (jkt, x5t) = match claims.cnf {
            Some(cnf) => (cnf.jkt, cnf.x5t),
            None => (None, None),
        };
        let exp = claims.exp.unwrap_or_default();
        let mut response = IntrospectionResponse {
            action: Some(IntrospectionAction::Ok),
            existent: true,
            usable: true,
            sufficient: true,
            ..IntrospectionResponse::default()
        };
        match claims.client_id.as_deref().map(str::parse::<i64>) {
            Some(Ok(id)) => response.client_id = Some(id),
            Some(Err(_)) => response.client_id_alias = claims.client_id.clone(),
            None => {}
        }
        response.subject = subject.clone();
        response.scopes = Some(scopes);
        response.expires_at = Some(exp.saturating_mul(1000));
        response.certificate_thumbprint = x5t.clone();
        response.auth_time = claims.auth_time;
        response.acr = claims.acr;
        response.access_token_resources = (!audience.is_empty()).then(|| audience.clone());
        Ok(Verified {
            exp,
            nbf: claims.nbf,
            audience,
            jkt,
            x5t,
            subject,
            info: AccessTokenInfo::new(response).compacted(),
        })
    }

    async fn check_binding(
        &self,
        request: &JwtRequest<'_>,
        jkt: Option<&str>,
        x5t: Option<&str>,
    ) -> Result<(), BearerRejection> {
        match jkt {
            Some(jkt) => {
                if !request.dpop_scheme {
                    return Err(dpop_refusal(
                        "invalid_token",
                        "The access token is bound to a DPoP key; use the DPoP scheme.",
                    ));
                }
                let Some(proof) = request.proof else {
                    return Err(dpop_refusal(
                        "invalid_token",
                        "The access token is bound to a DPoP key; a DPoP proof is required.",
                    ));
                };
                self.proofs
                    .check(proof, request.method, &(request.htu)(), request.token, jkt)
                    .await
                    .map_err(|why| {
                        tracing::debug!(why, "DPoP proof refused");
                        dpop_refusal("invalid_dpop_proof", why)
                    })?;
            }
            None if request.dpop_scheme => {
                return Err(invalid("The access token is not bound to a DPoP key."));
            }
            None => {}
        }
        if let Some(bound) = x5t {
            let presented = request
                .certificate
                .and_then(pem_der)
                .map(|der| sha256_b64(&der));
            let matches = presented.is_some_and(|presented| {
                bool::from(subtle::ConstantTimeEq::ct_eq(
                    presented.as_bytes(),
                    bound.as_bytes(),
                ))
            });
            if !matches {
                return Err(invalid(
                    "The access token is bound to another client certificate.",
                ));
            }
        }
        Ok(())
    }
}

/// The refusal of a JWT whose signature is valid but whose claims are not.
fn refusal(kind: &jsonwebtoken::errors::ErrorKind) -> BearerRejection {
    use jsonwebtoken::errors::ErrorKind;
    invalid(match kind {
        ErrorKind::ExpiredSignature => "The access token has expired.",
        ErrorKind::ImmatureSignature => "The access token is not valid yet.",
        ErrorKind::InvalidAudience => super::audience::WRONG_AUDIENCE,
        ErrorKind::InvalidIssuer => "The access token has another issuer.",
        ErrorKind::MissingRequiredClaim(_) => "The access token lacks a required claim.",
        _ => "The access token is not valid.",
    })
}
