//! The DPoP proof (RFC 9449) of an API call made with a DPoP-bound service access token
//! ([`LocalConfig::service_access_token_dpop_jkt`](super::LocalConfig::service_access_token_dpop_jkt)).
//!
//! The checks of RFC 9449 §4.3 that Authlete makes of such a call: exactly one `DPoP` header, a
//! JWS of `typ` `dpop+jwt` with an asymmetric `alg` (`RS256`, `PS256`, `ES256`) and a public
//! `jwk` whose RFC 7638 thumbprint is the token's, a valid signature, `htm` and `htu` equal to the
//! call's method and URL (without query), a `jti`, an `iat` within a minute of now, and `ath`
//! (optional, since Authlete's own SDKs do not send it) equal to the token's hash when present.
//!
//! ```text
//! Authorization: DPoP local-token
//! DPoP: eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7…
//! ```

use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, RSA_PSS_2048_8192_SHA256,
    RsaPublicKeyComponents, UnparsedPublicKey,
};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::{HeaderMap, Method};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// How far `iat` may be from now, in seconds.
const IAT_WINDOW: i64 = 60;

fn object(part: &str) -> Result<Map<String, Value>, &'static str> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| "the proof is not base64url")?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        _ => Err("the proof's header or claims are not a JSON object"),
    }
}

fn text<'a>(map: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    map.get(name).and_then(Value::as_str)
}

fn decoded(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, &'static str> {
    text(jwk, name)
        .and_then(|value| URL_SAFE_NO_PAD.decode(value).ok())
        .ok_or("the proof's jwk lacks a member")
}

/// The RFC 7638 thumbprint of a public JWK (base64url SHA-256 of its required members).
pub(crate) fn thumbprint(jwk: &Map<String, Value>) -> Result<String, &'static str> {
    let required = match text(jwk, "kty") {
        Some("RSA") => json!({ "e": text(jwk, "e"), "kty": "RSA", "n": text(jwk, "n") }),
        Some("EC") => json!({
            "crv": text(jwk, "crv"), "kty": "EC", "x": text(jwk, "x"), "y": text(jwk, "y"),
        }),
        _ => return Err("the proof's jwk is neither RSA nor EC"),
    };
    if required
        .as_object()
        .is_some_and(|members| members.values().any(Value::is_null))
    {
        return Err("the proof's jwk lacks a member");
    }
    // serde_json keeps object keys sorted, as RFC 7638 requires.
    Ok(URL_SAFE_NO_PAD.encode(Sha256::digest(required.to_string().as_bytes())))
}

fn verify(
    alg: &str,
    jwk: &Map<String, Value>,
    input: &[u8],
    signature: &[u8],
) -> Result<(), &'static str> {
    let valid = match (alg, text(jwk, "kty")) {
        ("RS256" | "PS256", Some("RSA")) => {
            let key = RsaPublicKeyComponents {
                n: decoded(jwk, "n")?,
                e: decoded(jwk, "e")?,
            };
            let params = if alg == "PS256" {
                &RSA_PSS_2048_8192_SHA256
            } else {
                &RSA_PKCS1_2048_8192_SHA256
            };
            key.verify(params, input, signature).is_ok()
        }
        ("ES256", Some("EC")) if text(jwk, "crv") == Some("P-256") => {
            let point = [&[0x04][..], &decoded(jwk, "x")?, &decoded(jwk, "y")?].concat();
            UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                .verify(input, signature)
                .is_ok()
        }
        _ => return Err("the proof's alg does not match its jwk"),
    };
    if valid {
        Ok(())
    } else {
        Err("the proof's signature is invalid")
    }
}

/// Checks the `DPoP` proof of a call of `method` to `htu` made with `token`, bound to `jkt`.
/// The error says what is wrong, never with the token.
pub(crate) fn check(
    headers: &HeaderMap,
    method: &Method,
    htu: &str,
    token: &str,
    jkt: &str,
) -> Result<(), &'static str> {
    let mut proofs = headers.get_all("dpop").iter();
    let proof = match (proofs.next(), proofs.next()) {
        (Some(proof), None) => proof.to_str().map_err(|_| "the proof is not ASCII")?,
        (None, _) => return Err("the call has no DPoP proof"),
        (Some(_), Some(_)) => return Err("the call has more than one DPoP proof"),
    };
    let parts: Vec<&str> = proof.split('.').collect();
    let [header_part, claims_part, signature_part] = parts[..] else {
        return Err("the proof is not a compact JWS");
    };
    let header = object(header_part)?;
    let claims = object(claims_part)?;
    if text(&header, "typ") != Some("dpop+jwt") {
        return Err("the proof's typ is not dpop+jwt");
    }
    let alg = text(&header, "alg").ok_or("the proof has no alg")?;
    let Some(Value::Object(jwk)) = header.get("jwk") else {
        return Err("the proof has no jwk");
    };
    if jwk.contains_key("d") {
        return Err("the proof's jwk holds a private key");
    }
    if thumbprint(jwk)? != jkt {
        return Err("the proof's key is not the one the token is bound to");
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature_part)
        .map_err(|_| "the proof's signature is not base64url")?;
    let input = &proof[..header_part.len() + 1 + claims_part.len()];
    verify(alg, jwk, input.as_bytes(), &signature)?;
    if text(&claims, "htm") != Some(method.as_str()) {
        return Err("the proof's htm is not the call's method");
    }
    if text(&claims, "htu") != Some(htu) {
        return Err("the proof's htu is not the call's URL");
    }
    if text(&claims, "jti").is_none_or(str::is_empty) {
        return Err("the proof has no jti");
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    match claims.get("iat").and_then(Value::as_i64) {
        Some(iat) if (iat - now).abs() <= IAT_WINDOW => {}
        _ => return Err("the proof's iat is missing or not within a minute of now"),
    }
    if let Some(ath) = claims.get("ath") {
        let expected = URL_SAFE_NO_PAD.encode(Sha256::digest(token.as_bytes()));
        if ath.as_str() != Some(expected.as_str()) {
            return Err("the proof's ath is not the token's hash");
        }
    }
    Ok(())
}
