//! Compact JWS verification against a public JWK (ES256, RS256, PS256, EdDSA with aws-lc-rs),
//! and RFC 7638 JWK thumbprints: what DPoP proofs and client assertions need.
//!
//! ```ignore
//! let jws = Jws::parse(text)?;
//! let key = PublicJwk::from_json(jws.header.get("jwk").unwrap())?;
//! assert!(jws.verify_with(&key));
//! println!("{}", key.thumbprint());
//! ```

use aws_lc_rs::signature::{
    self, ECDSA_P256_SHA256_FIXED, ED25519, RSA_PKCS1_2048_8192_SHA256, RSA_PSS_2048_8192_SHA256,
    RsaPublicKeyComponents, UnparsedPublicKey,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// The asymmetric algorithms verified here.
pub(crate) const ASYMMETRIC_ALGS: [&str; 4] = ["ES256", "PS256", "RS256", "EdDSA"];

/// JWK members that only private (or symmetric) keys have.
const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "k"];

/// A compact JWS split into its parts; the signature is not checked yet.
#[derive(Debug, Clone)]
pub(crate) struct Jws<'a> {
    pub header: Map<String, Value>,
    pub payload: Map<String, Value>,
    signing_input: &'a str,
    signature: Vec<u8>,
}

impl<'a> Jws<'a> {
    /// Splits and decodes `text`: three base64url parts, a JSON object header and payload.
    pub fn parse(text: &'a str) -> Result<Self, &'static str> {
        let mut parts = text.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("it is not a compact JWS (three dot-separated parts)");
        };
        let object = |part: &str| -> Option<Map<String, Value>> {
            let bytes = URL_SAFE_NO_PAD.decode(part).ok()?;
            match serde_json::from_slice(&bytes).ok()? {
                Value::Object(map) => Some(map),
                _ => None,
            }
        };
        let header = object(header).ok_or("its header is not a base64url JSON object")?;
        let payload = object(payload).ok_or("its payload is not a base64url JSON object")?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| "its signature is not base64url")?;
        Ok(Jws {
            header,
            payload,
            signing_input: &text[..text.rfind('.').unwrap_or(0)],
            signature,
        })
    }

    /// The `alg` header.
    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    /// Whether the signature is valid for `key` under the header's `alg`.
    pub fn verify_with(&self, key: &PublicJwk) -> bool {
        self.alg()
            .is_some_and(|alg| key.verify(alg, self.signing_input.as_bytes(), &self.signature))
    }

    /// Whether the signature is a valid HMAC (`HS256`, `HS384`, `HS512`) with `secret`.
    pub fn verify_hmac(&self, secret: &[u8]) -> bool {
        let algorithm = match self.alg() {
            Some("HS256") => aws_lc_rs::hmac::HMAC_SHA256,
            Some("HS384") => aws_lc_rs::hmac::HMAC_SHA384,
            Some("HS512") => aws_lc_rs::hmac::HMAC_SHA512,
            _ => return false,
        };
        let key = aws_lc_rs::hmac::Key::new(algorithm, secret);
        aws_lc_rs::hmac::verify(&key, self.signing_input.as_bytes(), &self.signature).is_ok()
    }
}

/// A public key from a JWK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PublicJwk {
    /// P-256: the uncompressed point's coordinates (base64url as given).
    P256 { x: String, y: String },
    /// RSA modulus and exponent (base64url as given).
    Rsa { n: String, e: String },
    /// Ed25519 public key (base64url as given).
    Ed25519 { x: String },
}

fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<&'a str, &'static str> {
    let value = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or("the JWK lacks a required member")?;
    URL_SAFE_NO_PAD
        .decode(value)
        .map_err(|_| "a JWK member is not base64url")?;
    Ok(value)
}

fn decoded(value: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(value).unwrap_or_default()
}

impl PublicJwk {
    /// A public key of kty `EC` (crv `P-256`), `RSA` or `OKP` (crv `Ed25519`); a JWK with private
    /// members is refused.
    pub fn from_json(value: &Value) -> Result<Self, &'static str> {
        let jwk = value.as_object().ok_or("the JWK is not a JSON object")?;
        if PRIVATE_MEMBERS.iter().any(|name| jwk.contains_key(*name)) {
            return Err("the JWK contains private key members");
        }
        let kty = jwk.get("kty").and_then(Value::as_str);
        let crv = jwk.get("crv").and_then(Value::as_str);
        match (kty, crv) {
            (Some("EC"), Some("P-256")) => {
                let x = member(jwk, "x")?;
                let y = member(jwk, "y")?;
                if decoded(x).len() != 32 || decoded(y).len() != 32 {
                    return Err("the P-256 JWK coordinates are not 32 bytes");
                }
                Ok(PublicJwk::P256 {
                    x: x.to_owned(),
                    y: y.to_owned(),
                })
            }
            (Some("RSA"), _) => Ok(PublicJwk::Rsa {
                n: member(jwk, "n")?.to_owned(),
                e: member(jwk, "e")?.to_owned(),
            }),
            (Some("OKP"), Some("Ed25519")) => Ok(PublicJwk::Ed25519 {
                x: member(jwk, "x")?.to_owned(),
            }),
            _ => Err("the JWK is not an EC P-256, RSA or Ed25519 public key"),
        }
    }

    /// The RFC 7638 thumbprint (SHA-256 of the required members, base64url).
    pub fn thumbprint(&self) -> String {
        // serde_json keeps object keys sorted (no preserve_order), as RFC 7638 requires.
        let required = match self {
            PublicJwk::P256 { x, y } => json!({"crv": "P-256", "kty": "EC", "x": x, "y": y}),
            PublicJwk::Rsa { n, e } => json!({"e": e, "kty": "RSA", "n": n}),
            PublicJwk::Ed25519 { x } => json!({"crv": "Ed25519", "kty": "OKP", "x": x}),
        };
        URL_SAFE_NO_PAD.encode(Sha256::digest(required.to_string().as_bytes()))
    }

    /// Verifies `signature` over `message` with `alg`; an `alg` that does not fit the key fails.
    pub fn verify(&self, alg: &str, message: &[u8], signature: &[u8]) -> bool {
        match (self, alg) {
            (PublicJwk::P256 { x, y }, "ES256") => {
                let mut point = vec![0x04];
                point.extend(decoded(x));
                point.extend(decoded(y));
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
                    .verify(message, signature)
                    .is_ok()
            }
            (PublicJwk::Rsa { n, e }, "RS256" | "PS256") => {
                let parameters: &signature::RsaParameters = if alg == "RS256" {
                    &RSA_PKCS1_2048_8192_SHA256
                } else {
                    &RSA_PSS_2048_8192_SHA256
                };
                RsaPublicKeyComponents {
                    n: decoded(n),
                    e: decoded(e),
                }
                .verify(parameters, message, signature)
                .is_ok()
            }
            (PublicJwk::Ed25519 { x }, "EdDSA") => UnparsedPublicKey::new(&ED25519, decoded(x))
                .verify(message, signature)
                .is_ok(),
            _ => false,
        }
    }
}

/// `base64url(SHA-256(text))`: the `ath` of a DPoP proof, the `x5t#S256` of a certificate's DER.
pub(crate) fn sha256_b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};

    fn es256(header: &Value, payload: &Value, key: &EcdsaKeyPair) -> String {
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload.to_string())
        );
        let signature = key.sign(&SystemRandom::new(), input.as_bytes()).unwrap();
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.as_ref()))
    }

    #[test]
    fn es256_signatures_verify_only_with_their_key() {
        let key = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let point = key.public_key().as_ref();
        let jwk = json!({"kty": "EC", "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..])});
        let text = es256(&json!({"alg": "ES256"}), &json!({"a": 1}), &key);
        let jws = Jws::parse(&text).unwrap();
        let public = PublicJwk::from_json(&jwk).unwrap();
        assert!(jws.verify_with(&public));
        assert_eq!(public.thumbprint().len(), 43);
        let other = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let forged = es256(&json!({"alg": "ES256"}), &json!({"a": 1}), &other);
        assert!(!Jws::parse(&forged).unwrap().verify_with(&public));
        assert!(!public.verify("RS256", b"x", b"y"), "alg must fit the key");
    }

    #[test]
    fn private_and_malformed_keys_and_texts_are_refused() {
        assert!(
            PublicJwk::from_json(
                &json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA", "d": "AA"})
            )
            .is_err()
        );
        assert!(PublicJwk::from_json(&json!({"kty": "oct", "k": "AA"})).is_err());
        assert!(
            PublicJwk::from_json(&json!({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}))
                .is_err()
        );
        for text in ["garbage", "a.b", "a.b.c.d", "e30.e30.!!", "W10.e30.AA"] {
            assert!(Jws::parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn rfc7638_example_thumbprint() {
        let jwk = json!({"kty": "RSA", "e": "AQAB", "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"});
        assert_eq!(
            PublicJwk::from_json(&jwk).unwrap().thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
