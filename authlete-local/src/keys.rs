//! Signing keys (RSA 2048 for RS256, P-256 for ES256), the public JWK Set, and compact JWS.

use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _, RSA_PKCS1_SHA256,
};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::LocalError;
use super::config::KeysConfig;

/// The service's signing keys.
pub(crate) struct Keys {
    rsa: RsaKeyPair,
    rsa_jwk: Value,
    rsa_kid: String,
    ec: EcdsaKeyPair,
    ec_jwk: Value,
    ec_kid: String,
    es256_for_id_tokens: bool,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("rsa_kid", &self.rsa_kid)
            .field("ec_kid", &self.ec_kid)
            .finish_non_exhaustive()
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn pem_to_der(pem: &str, what: &str) -> Result<Vec<u8>, LocalError> {
    let body: String = pem
        .lines()
        .map(str::trim)
        .filter(|line| !line.starts_with("-----") && !line.is_empty())
        .collect();
    STANDARD.decode(body).map_err(|_| LocalError::Config {
        reason: format!("the {what} key is not PEM"),
    })
}

/// RFC 7638 thumbprint of the required members, base64url.
fn thumbprint(required: &Value) -> String {
    // serde_json keeps object keys sorted (no preserve_order), as RFC 7638 requires.
    b64(&Sha256::digest(required.to_string().as_bytes()))
}

impl Keys {
    pub fn new(config: &KeysConfig) -> Result<Self, LocalError> {
        let rsa = match &config.rsa_private_key_pem {
            Some(pem) => {
                RsaKeyPair::from_pkcs8(&pem_to_der(pem.expose(), "RSA")?).map_err(|error| {
                    LocalError::Config {
                        reason: format!("the RSA key is not a PKCS#8 RSA private key: {error}"),
                    }
                })?
            }
            None => RsaKeyPair::generate(KeySize::Rsa2048).map_err(|_| LocalError::Crypto {
                reason: "RSA key generation failed".into(),
            })?,
        };
        let ec = match &config.ec_private_key_pem {
            Some(pem) => EcdsaKeyPair::from_pkcs8(
                &ECDSA_P256_SHA256_FIXED_SIGNING,
                &pem_to_der(pem.expose(), "EC")?,
            )
            .map_err(|error| LocalError::Config {
                reason: format!("the EC key is not a PKCS#8 P-256 private key: {error}"),
            })?,
            None => EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).map_err(|_| {
                LocalError::Crypto {
                    reason: "P-256 key generation failed".into(),
                }
            })?,
        };
        let public = rsa.public_key();
        let n = b64(public.modulus().big_endian_without_leading_zero());
        let e = b64(public.exponent().big_endian_without_leading_zero());
        let rsa_kid = thumbprint(&json!({"e": e, "kty": "RSA", "n": n}));
        let rsa_jwk =
            json!({"kty": "RSA", "alg": "RS256", "use": "sig", "kid": rsa_kid, "n": n, "e": e});
        let point = ec.public_key().as_ref();
        if point.len() != 65 || point[0] != 4 {
            return Err(LocalError::Crypto {
                reason: "unexpected P-256 public key encoding".into(),
            });
        }
        let (x, y) = (b64(&point[1..33]), b64(&point[33..65]));
        let ec_kid = thumbprint(&json!({"crv": "P-256", "kty": "EC", "x": x, "y": y}));
        let ec_jwk = json!({"kty": "EC", "alg": "ES256", "use": "sig", "kid": ec_kid, "crv": "P-256", "x": x, "y": y});
        Ok(Keys {
            rsa,
            rsa_jwk,
            rsa_kid,
            ec,
            ec_jwk,
            ec_kid,
            es256_for_id_tokens: config.id_token_es256,
        })
    }

    /// The private keys as PKCS#8 DER (RSA, then P-256), for a data file to keep generated keys.
    #[cfg(feature = "sqlite")]
    pub fn pkcs8(&self) -> Result<(Vec<u8>, Vec<u8>), LocalError> {
        use aws_lc_rs::encoding::AsDer;
        let failed = || LocalError::Crypto {
            reason: "a signing key cannot be encoded as PKCS#8".into(),
        };
        let rsa = self.rsa.as_der().map_err(|_| failed())?;
        let ec = self.ec.to_pkcs8v1().map_err(|_| failed())?;
        Ok((rsa.as_ref().to_vec(), ec.as_ref().to_vec()))
    }

    /// The public JWK Set.
    pub fn jwks(&self) -> Value {
        json!({"keys": [self.rsa_jwk, self.ec_jwk]})
    }

    /// The algorithm ID tokens are signed with.
    pub fn id_token_alg(&self) -> &'static str {
        if self.es256_for_id_tokens {
            "ES256"
        } else {
            "RS256"
        }
    }

    /// Signs `payload` as a compact JWS with the ID-token algorithm.
    pub fn sign(&self, payload: &Value, typ: Option<&str>) -> Result<String, LocalError> {
        self.sign_with(self.id_token_alg(), payload, typ)
    }

    /// The `kid` of the key that signs with `alg` (`RS256` or `ES256`).
    pub fn kid_for(&self, alg: &str) -> Option<&str> {
        match alg {
            "RS256" => Some(&self.rsa_kid),
            "ES256" => Some(&self.ec_kid),
            _ => None,
        }
    }

    /// Signs `payload` as a compact JWS with `alg` (`RS256` or `ES256`), naming the key's `kid`.
    pub fn sign_with(
        &self,
        alg: &str,
        payload: &Value,
        typ: Option<&str>,
    ) -> Result<String, LocalError> {
        let kid = self.kid_for(alg).ok_or_else(|| LocalError::Crypto {
            reason: format!("no signing key for {alg}"),
        })?;
        let mut header = json!({"alg": alg, "kid": kid});
        if let Some(typ) = typ {
            header["typ"] = Value::from(typ);
        }
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(payload.to_string().as_bytes())
        );
        let failed = |_| LocalError::Crypto {
            reason: "signing failed".into(),
        };
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let signature = if alg == "ES256" {
            self.ec
                .sign(&rng, input.as_bytes())
                .map_err(failed)?
                .as_ref()
                .to_vec()
        } else {
            let mut signature = vec![0u8; self.rsa.public_modulus_len()];
            self.rsa
                .sign(&RSA_PKCS1_SHA256, &rng, input.as_bytes(), &mut signature)
                .map_err(failed)?;
            signature
        };
        Ok(format!("{input}.{}", b64(&signature)))
    }
}

/// `at_hash` / `c_hash`: base64url of the left half of SHA-256 (for RS256 and ES256).
pub(crate) fn half_hash(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    b64(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwks_has_two_keys_with_distinct_kids() {
        let keys = Keys::new(&KeysConfig::default()).unwrap();
        let jwks = keys.jwks();
        let kids: Vec<&str> = jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|key| key["kid"].as_str().unwrap())
            .collect();
        assert_eq!(kids.len(), 2);
        assert_ne!(kids[0], kids[1]);
        let jws = keys.sign(&json!({"a": 1}), None).unwrap();
        assert_eq!(jws.split('.').count(), 3);
    }

    #[test]
    fn a_pkcs8_key_loads_and_keeps_its_kid() {
        let generated = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).unwrap();
        let der = generated.to_pkcs8v1().unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            STANDARD.encode(der.as_ref())
        );
        let config = KeysConfig {
            ec_private_key_pem: Some(authlete_tower::config::Secret::new(pem)),
            id_token_es256: true,
            ..KeysConfig::default()
        };
        let first = Keys::new(&config).unwrap();
        let second = Keys::new(&config).unwrap();
        assert_eq!(first.ec_kid, second.ec_kid);
        assert_eq!(first.id_token_alg(), "ES256");
        let bad = KeysConfig {
            rsa_private_key_pem: Some(authlete_tower::config::Secret::new(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            )),
            ..KeysConfig::default()
        };
        assert!(Keys::new(&bad).is_err());
    }

    #[test]
    fn half_hash_matches_the_oidc_example() {
        // OIDC Core A.3: access token jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y -> at_hash 77QmUPtjPfzWtF2AnpK9RQ
        assert_eq!(
            half_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"),
            "77QmUPtjPfzWtF2AnpK9RQ"
        );
    }
}
