//! The DPoP proof (RFC 9449) [`AuthleteClient`](super::AuthleteClient) sends with every call when
//! the configuration has a DPoP key (`AUTHLETE_DPOP_KEY` / `dpop_key`), as Authlete's official
//! Java SDK does for a DPoP-bound service access token: a `DPoP` header signed with that key, with
//! `htm` (the HTTP method), `htu` (the API's URL without its query), a random `jti` and `iat`, and
//! the credential sent as `Authorization: DPoP <token>` instead of `Bearer`.
//!
//! The key is a private JWK with an `alg`: `RS256` or `PS256` (`kty` `RSA`, with `n`, `e`, `d`,
//! `p`, `q`, `dp`, `dq`, `qi`) or `ES256` (`kty` `EC`, `crv` `P-256`, with `x`, `y`, `d`). Signing
//! uses aws-lc-rs, which the default feature `rustls` already builds; without `rustls` a DPoP key
//! is a configuration error that says so.
//!
//! ```no_run
//! use authlete_tower::{AuthleteClient, AuthleteConfig};
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // AUTHLETE_DPOP_KEY='{"kty":"EC","crv":"P-256","alg":"ES256","x":"…","y":"…","d":"…"}'
//! let client = AuthleteClient::new(AuthleteConfig::from_env()?)?; // every call carries a proof
//! # Ok(()) }
//! ```

use crate::config::ConfigError;

/// The setting a bad key is reported under.
const SETTING: &str = "AUTHLETE_DPOP_KEY";

fn invalid(reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting: SETTING.to_owned(),
        reason: reason.into(),
    }
}

#[cfg(feature = "rustls")]
pub(crate) use signer::DpopSigner;

#[cfg(feature = "rustls")]
mod signer {
    use std::time::{SystemTime, UNIX_EPOCH};

    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeyPairComponents, PublicKeyComponents};
    use aws_lc_rs::signature::{
        ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PKCS1_SHA256, RSA_PSS_SHA256,
        RsaEncoding,
    };
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::{Map, Value, json};

    use super::invalid;
    use crate::config::ConfigError;

    enum Key {
        Rsa(RsaKeyPair, &'static dyn RsaEncoding),
        Ec(EcdsaKeyPair),
    }

    /// Signs the DPoP proof of each call with the configured key.
    pub(crate) struct DpopSigner {
        alg: &'static str,
        /// The public members of the JWK, for the proof's `jwk` header.
        public_jwk: Value,
        key: Key,
        rng: SystemRandom,
    }

    impl std::fmt::Debug for DpopSigner {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("DpopSigner")
                .field("alg", &self.alg)
                .finish_non_exhaustive()
        }
    }

    fn member<'a>(jwk: &'a Map<String, Value>, name: &str) -> Result<&'a str, ConfigError> {
        jwk.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| invalid(format!("the JWK has no \"{name}\" member")))
    }

    fn bytes(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>, ConfigError> {
        URL_SAFE_NO_PAD
            .decode(member(jwk, name)?)
            .map_err(|_| invalid(format!("the JWK's \"{name}\" is not base64url")))
    }

    impl DpopSigner {
        /// Reads a private JWK (see the module docs). The error never quotes the key.
        pub(crate) fn from_jwk(text: &str) -> Result<Self, ConfigError> {
            let Ok(Value::Object(jwk)) = serde_json::from_str::<Value>(text) else {
                return Err(invalid("it is not a JSON object (a JWK)"));
            };
            let alg = match jwk.get("alg").and_then(Value::as_str) {
                Some("RS256") => "RS256",
                Some("PS256") => "PS256",
                Some("ES256") => "ES256",
                Some(other) => {
                    return Err(invalid(format!(
                        "the JWK's alg {other:?} is not supported; use RS256, PS256 or ES256"
                    )));
                }
                None => return Err(invalid("the JWK must contain an \"alg\" member")),
            };
            let (key, public_jwk) = match (alg, member(&jwk, "kty")?) {
                ("RS256" | "PS256", "RSA") => {
                    let components = KeyPairComponents {
                        public_key: PublicKeyComponents {
                            n: bytes(&jwk, "n")?,
                            e: bytes(&jwk, "e")?,
                        },
                        d: bytes(&jwk, "d")?,
                        p: bytes(&jwk, "p")?,
                        q: bytes(&jwk, "q")?,
                        dP: bytes(&jwk, "dp")?,
                        dQ: bytes(&jwk, "dq")?,
                        qInv: bytes(&jwk, "qi")?,
                    };
                    let pair = RsaKeyPair::from_components(&components)
                        .map_err(|_| invalid("the RSA key is not a valid private key"))?;
                    let encoding: &'static dyn RsaEncoding = if alg == "PS256" {
                        &RSA_PSS_SHA256
                    } else {
                        &RSA_PKCS1_SHA256
                    };
                    let public = json!({
                        "kty": "RSA", "n": member(&jwk, "n")?, "e": member(&jwk, "e")?,
                    });
                    (Key::Rsa(pair, encoding), public)
                }
                ("ES256", "EC") => {
                    if member(&jwk, "crv")? != "P-256" {
                        return Err(invalid("ES256 needs a P-256 key (\"crv\": \"P-256\")"));
                    }
                    let (x, y) = (bytes(&jwk, "x")?, bytes(&jwk, "y")?);
                    let point = [&[0x04][..], &x, &y].concat();
                    let pair = EcdsaKeyPair::from_private_key_and_public_key(
                        &ECDSA_P256_SHA256_FIXED_SIGNING,
                        &bytes(&jwk, "d")?,
                        &point,
                    )
                    .map_err(|_| invalid("the EC key is not a valid P-256 private key"))?;
                    let public = json!({
                        "kty": "EC", "crv": "P-256", "x": member(&jwk, "x")?, "y": member(&jwk, "y")?,
                    });
                    (Key::Ec(pair), public)
                }
                (alg, kty) => {
                    return Err(invalid(format!(
                        "alg {alg} does not go with a key of kty {kty:?}"
                    )));
                }
            };
            Ok(DpopSigner {
                alg,
                public_jwk,
                key,
                rng: SystemRandom::new(),
            })
        }

        /// A fresh proof for a call of `method` to `htu` (the URL without its query).
        pub(crate) fn proof(&self, method: &str, htu: &str) -> Result<String, String> {
            let mut jti = [0u8; 16];
            aws_lc_rs::rand::fill(&mut jti).map_err(|_| "no random bytes for the jti")?;
            let iat = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs());
            let header = json!({ "typ": "dpop+jwt", "alg": self.alg, "jwk": self.public_jwk });
            let claims = json!({
                "htm": method, "htu": htu, "jti": URL_SAFE_NO_PAD.encode(jti), "iat": iat,
            });
            let input = format!(
                "{}.{}",
                URL_SAFE_NO_PAD.encode(header.to_string()),
                URL_SAFE_NO_PAD.encode(claims.to_string())
            );
            let signature = match &self.key {
                Key::Rsa(pair, encoding) => {
                    let mut signature = vec![0; pair.public_modulus_len()];
                    pair.sign(*encoding, &self.rng, input.as_bytes(), &mut signature)
                        .map_err(|_| "RSA signing failed")?;
                    signature
                }
                Key::Ec(pair) => pair
                    .sign(&self.rng, input.as_bytes())
                    .map_err(|_| "ECDSA signing failed")?
                    .as_ref()
                    .to_vec(),
            };
            Ok(format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature)))
        }
    }
}

/// Without feature `rustls` there is no signer: a DPoP key is refused when the client is built.
#[cfg(not(feature = "rustls"))]
#[derive(Debug)]
pub(crate) enum DpopSigner {}

#[cfg(not(feature = "rustls"))]
impl DpopSigner {
    pub(crate) fn from_jwk(_text: &str) -> Result<Self, ConfigError> {
        Err(invalid(
            "signing DPoP proofs needs the feature `rustls` of authlete-tower (it brings aws-lc-rs)",
        ))
    }

    pub(crate) fn proof(&self, _method: &str, _htu: &str) -> Result<String, String> {
        match *self {}
    }
}
