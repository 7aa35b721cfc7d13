//! The local check of a DPoP proof (RFC 9449 §4.3) for a JWT access token bound to a key
//! (`cnf.jkt`): `typ`, an asymmetric `alg`, a public `jwk` whose RFC 7638 thumbprint is `jkt`,
//! the signature by that key, `htm`, `htu`, `iat` inside the window, `ath`, and `jti` not seen
//! before inside the window (remembered in bounded memory).
//!
//! ```ignore
//! let proofs = ProofChecker::new(Duration::from_secs(60), 100_000);
//! proofs.check(&proof, "GET", "https://api.example.com/photos", &access_token, jkt).await?;
//! ```

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use moka::future::Cache;
use serde::Deserialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The proof algorithms verified (asymmetric only).
const ALGS: [Algorithm; 6] = [
    Algorithm::ES256,
    Algorithm::ES384,
    Algorithm::RS256,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::EdDSA,
];

/// JWK members only private or symmetric keys have.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];

/// How far in the future a proof's `iat` may be (clock skew).
const FUTURE_LEEWAY: u64 = 5;

#[derive(Deserialize)]
struct ProofClaims {
    jti: Option<String>,
    htm: Option<String>,
    htu: Option<String>,
    iat: Option<u64>,
    ath: Option<String>,
}

/// Checks proofs and remembers their `jti`s.
pub(crate) struct ProofChecker {
    window: Duration,
    seen: Cache<[u8; 32], ()>,
}

impl std::fmt::Debug for ProofChecker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProofChecker")
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

/// `base64url(SHA-256(bytes))`.
pub(crate) fn sha256_b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
}

fn eq(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// The RFC 7638 thumbprint of a public JWK given as JSON, or `None` for a key type not verified.
fn thumbprint(jwk: &serde_json::Map<String, Value>) -> Option<String> {
    let member = |name: &str| -> Option<String> {
        jwk.get(name)
            .and_then(Value::as_str)
            .map(|value| Value::from(value).to_string())
    };
    let kty = jwk.get("kty").and_then(Value::as_str)?;
    let required = match kty {
        "EC" => format!(
            r#"{{"crv":{},"kty":"EC","x":{},"y":{}}}"#,
            member("crv")?,
            member("x")?,
            member("y")?
        ),
        "RSA" => format!(
            r#"{{"e":{},"kty":"RSA","n":{}}}"#,
            member("e")?,
            member("n")?
        ),
        "OKP" => format!(
            r#"{{"crv":{},"kty":"OKP","x":{}}}"#,
            member("crv")?,
            member("x")?
        ),
        _ => return None,
    };
    Some(sha256_b64(required.as_bytes()))
}

/// `htu` compared without query and fragment (RFC 9449 §4.3, step 9).
fn same_url(claimed: &str, expected: &str) -> bool {
    let strip = |text: &str| {
        url::Url::parse(text).ok().map(|mut url| {
            url.set_query(None);
            url.set_fragment(None);
            url
        })
    };
    match (strip(claimed), strip(expected)) {
        (Some(claimed), Some(expected)) => claimed == expected,
        _ => false,
    }
}

impl ProofChecker {
    /// Proofs whose `iat` is at most `window` old; at most `max_jtis` `jti`s are remembered.
    pub(crate) fn new(window: Duration, max_jtis: u64) -> Self {
        ProofChecker {
            window,
            seen: Cache::builder()
                .max_capacity(max_jtis)
                .time_to_live(window + window + Duration::from_secs(FUTURE_LEEWAY))
                .build(),
        }
    }

    /// Checks `proof` for a request `htm htu` carrying `access_token`, bound to `jkt`; the error
    /// is the refusal's description (it names no token).
    pub(crate) async fn check(
        &self,
        proof: &str,
        htm: &str,
        htu: &str,
        access_token: &str,
        jkt: &str,
    ) -> Result<(), &'static str> {
        let header = jsonwebtoken::decode_header(proof)
            .map_err(|_| "The DPoP proof is not a JWT with a supported algorithm.")?;
        if !header
            .typ
            .as_deref()
            .is_some_and(|typ| typ.eq_ignore_ascii_case("dpop+jwt"))
        {
            return Err("The DPoP proof's typ is not dpop+jwt.");
        }
        if !ALGS.contains(&header.alg) {
            return Err("The DPoP proof's algorithm is not accepted.");
        }
        // The raw header, for the members the typed JWK drops.
        let raw = proof
            .split('.')
            .next()
            .and_then(|part| URL_SAFE_NO_PAD.decode(part).ok())
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok());
        let Some(Value::Object(raw_jwk)) = raw.as_ref().and_then(|header| header.get("jwk")) else {
            return Err("The DPoP proof has no jwk.");
        };
        if PRIVATE_MEMBERS
            .iter()
            .any(|name| raw_jwk.contains_key(*name))
        {
            return Err("The DPoP proof's jwk is not a public key.");
        }
        let Some(thumbprint) = thumbprint(raw_jwk) else {
            return Err("The DPoP proof's jwk is not a supported public key.");
        };
        if !eq(&thumbprint, jkt) {
            return Err("The DPoP proof is signed by another key than the token is bound to.");
        }
        let jwk: &Jwk = header.jwk.as_ref().ok_or("The DPoP proof has no jwk.")?;
        let key = DecodingKey::from_jwk(jwk)
            .map_err(|_| "The DPoP proof's jwk is not a supported public key.")?;
        if key.family() != header.alg.family() {
            return Err("The DPoP proof's algorithm does not fit its key.");
        }
        let mut validation = Validation::new(header.alg);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims.clear();
        let claims = jsonwebtoken::decode::<ProofClaims>(proof, &key, &validation)
            .map_err(|_| "The DPoP proof's signature is not valid.")?
            .claims;
        let jti = claims
            .jti
            .filter(|jti| !jti.is_empty())
            .ok_or("The DPoP proof has no jti.")?;
        if claims.htm.as_deref() != Some(htm) {
            return Err("The DPoP proof's htm is not the request's method.");
        }
        if !claims
            .htu
            .as_deref()
            .is_some_and(|claimed| same_url(claimed, htu))
        {
            return Err("The DPoP proof's htu is not the request's URL.");
        }
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let iat = claims.iat.ok_or("The DPoP proof has no iat.")?;
        if iat > now + FUTURE_LEEWAY || now.saturating_sub(iat) > self.window.as_secs() {
            return Err("The DPoP proof's iat is outside the accepted window.");
        }
        let ath = sha256_b64(access_token.as_bytes());
        if !claims
            .ath
            .as_deref()
            .is_some_and(|claimed| eq(claimed, &ath))
        {
            return Err("The DPoP proof's ath does not match the access token.");
        }
        let mut replay = Sha256::new();
        replay.update(jkt.as_bytes());
        replay.update([0]);
        replay.update(jti.as_bytes());
        let entry = self
            .seen
            .entry(replay.finalize().into())
            .or_insert(())
            .await;
        if !entry.is_fresh() {
            return Err("The DPoP proof has been used before.");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_example_thumbprint_and_htu_comparison() {
        let jwk = serde_json::json!({"kty": "RSA", "e": "AQAB", "alg": "RS256", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"});
        let Value::Object(jwk) = jwk else {
            unreachable!()
        };
        assert_eq!(
            thumbprint(&jwk).as_deref(),
            Some("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        );
        let mut oct = serde_json::Map::new();
        oct.insert("kty".into(), Value::from("oct"));
        assert_eq!(thumbprint(&oct), None);
        assert!(same_url(
            "https://api.example.com/photos?x=1#f",
            "https://api.example.com/photos"
        ));
        assert!(same_url(
            "HTTPS://API.example.com:443/photos",
            "https://api.example.com/photos"
        ));
        assert!(!same_url(
            "https://api.example.com/other",
            "https://api.example.com/photos"
        ));
        assert!(!same_url("not a url", "not a url"));
    }
}
