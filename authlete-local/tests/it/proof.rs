//! DPoP proofs for tests (RFC 9449 §4.2), signed with freshly generated keys: ES256, PS256,
//! RS256 or EdDSA. Shared with the root crate's tests (`#[path]`), so it uses only crates both
//! have: aws-lc-rs, base64, serde_json, sha2.

#![allow(dead_code)]

use std::time::{SystemTime, UNIX_EPOCH};

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair, RSA_PKCS1_SHA256,
    RSA_PSS_SHA256,
};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// `ath`: base64url of the SHA-256 of the access token.
pub fn ath(access_token: &str) -> String {
    b64(&Sha256::digest(access_token.as_bytes()))
}

/// Seconds since the epoch.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

enum Pair {
    Ec(EcdsaKeyPair),
    Rsa(RsaKeyPair, bool),
    Ed(Ed25519KeyPair),
}

/// A client's DPoP key.
pub struct DpopKey {
    pair: Pair,
    alg: &'static str,
    jwk: Value,
}

impl DpopKey {
    /// A P-256 key (ES256).
    pub fn es256() -> Self {
        let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let point = pair.public_key().as_ref();
        let jwk =
            json!({"kty": "EC", "crv": "P-256", "x": b64(&point[1..33]), "y": b64(&point[33..65])});
        DpopKey {
            pair: Pair::Ec(pair),
            alg: "ES256",
            jwk,
        }
    }

    /// An RSA key, PS256 when `pss`, else RS256.
    pub fn rsa(pss: bool) -> Self {
        let pair = RsaKeyPair::generate(KeySize::Rsa2048).unwrap();
        let public = pair.public_key();
        let jwk = json!({"kty": "RSA",
            "n": b64(public.modulus().big_endian_without_leading_zero()),
            "e": b64(public.exponent().big_endian_without_leading_zero())});
        DpopKey {
            pair: Pair::Rsa(pair, pss),
            alg: if pss { "PS256" } else { "RS256" },
            jwk,
        }
    }

    /// An Ed25519 key (EdDSA).
    pub fn ed25519() -> Self {
        let pair = Ed25519KeyPair::generate().unwrap();
        let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(pair.public_key().as_ref())});
        DpopKey {
            pair: Pair::Ed(pair),
            alg: "EdDSA",
            jwk,
        }
    }

    /// The public JWK.
    pub fn jwk(&self) -> &Value {
        &self.jwk
    }

    /// The RFC 7638 thumbprint (`cnf.jkt`).
    pub fn thumbprint(&self) -> String {
        let required = match self.jwk["kty"].as_str() {
            Some("EC") => {
                json!({"crv": "P-256", "kty": "EC", "x": self.jwk["x"], "y": self.jwk["y"]})
            }
            Some("RSA") => json!({"e": self.jwk["e"], "kty": "RSA", "n": self.jwk["n"]}),
            _ => json!({"crv": "Ed25519", "kty": "OKP", "x": self.jwk["x"]}),
        };
        b64(&Sha256::digest(required.to_string().as_bytes()))
    }

    /// Signs `header` and `claims` as a compact JWS with this key.
    pub fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let rng = SystemRandom::new();
        let signature = match &self.pair {
            Pair::Ec(pair) => pair.sign(&rng, input.as_bytes()).unwrap().as_ref().to_vec(),
            Pair::Rsa(pair, pss) => {
                let mut out = vec![0; pair.public_modulus_len()];
                let padding = if *pss {
                    &RSA_PSS_SHA256
                } else {
                    &RSA_PKCS1_SHA256
                };
                pair.sign(padding, &rng, input.as_bytes(), &mut out)
                    .unwrap();
                out
            }
            Pair::Ed(pair) => pair.sign(input.as_bytes()).as_ref().to_vec(),
        };
        format!("{input}.{}", b64(&signature))
    }

    /// The header of a well-formed proof.
    pub fn header(&self) -> Value {
        json!({"typ": "dpop+jwt", "alg": self.alg, "jwk": self.jwk})
    }

    /// The claims of a well-formed proof: a fresh `jti`, `iat` now, `ath` for `access_token`.
    pub fn claims(&self, htm: &str, htu: &str, access_token: Option<&str>) -> Value {
        let mut jti = [0u8; 16];
        aws_lc_rs::rand::fill(&mut jti).unwrap();
        let mut claims = json!({"jti": b64(&jti), "htm": htm, "htu": htu, "iat": now()});
        if let Some(token) = access_token {
            claims["ath"] = Value::from(ath(token));
        }
        claims
    }

    /// A fresh, valid proof.
    pub fn proof(&self, htm: &str, htu: &str, access_token: Option<&str>) -> String {
        self.sign(&self.header(), &self.claims(htm, htu, access_token))
    }

    /// A fresh, valid proof carrying `nonce`.
    pub fn proof_with_nonce(
        &self,
        htm: &str,
        htu: &str,
        access_token: Option<&str>,
        nonce: &str,
    ) -> String {
        let mut claims = self.claims(htm, htu, access_token);
        claims["nonce"] = Value::from(nonce);
        self.sign(&self.header(), &claims)
    }
}
