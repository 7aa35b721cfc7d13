//! A trusted issuer for the token exchange and JWT bearer tests: a fresh P-256 key, its JWK Set,
//! and JWTs signed with it by an independent JWT implementation (jsonwebtoken).

use authlete_local::{ClientConfig, LocalConfig, TrustedIssuer, demo};
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

/// The issuer identifier of the trusted issuer.
pub const IDP: &str = "https://idp.example.com";

/// The token exchange grant type.
pub const TOKEN_EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";

/// The JWT bearer grant type.
pub const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A P-256 signing key and its public JWK (`kid` given).
pub struct Key {
    pkcs8: Vec<u8>,
    pub jwk: Value,
}

impl Key {
    pub fn generate(kid: &str) -> Self {
        let pkcs8 =
            EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &SystemRandom::new())
                .unwrap();
        let pair =
            EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).unwrap();
        let point = pair.public_key().as_ref();
        let jwk = json!({"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig", "alg": "ES256",
            "x": URL_SAFE_NO_PAD.encode(&point[1..33]), "y": URL_SAFE_NO_PAD.encode(&point[33..65])});
        Key {
            pkcs8: pkcs8.as_ref().to_vec(),
            jwk,
        }
    }

    /// `claims` as an ES256 JWT naming this key's `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::ES256);
        header.kid = self.jwk["kid"].as_str().map(str::to_owned);
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ec_der(&self.pkcs8)).unwrap()
    }
}

/// `header.payload.` with `alg` `none`.
pub fn unsigned(claims: &Value) -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(json!({"alg": "none"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// The demo configuration with [`IDP`] trusted (its JWK Set is `key`'s), the confidential demo
/// client allowed both extension grants, and the public client allowed neither.
pub fn config(key: &Key) -> LocalConfig {
    let mut config = LocalConfig::demo();
    config
        .trusted_issuers
        .push(TrustedIssuer::new(IDP, json!({"keys": [key.jwk]})));
    let client: &mut ClientConfig = config
        .clients
        .iter_mut()
        .find(|client| client.client_id.to_string() == demo::CLIENT_ID)
        .unwrap();
    client.grant_types.push(TOKEN_EXCHANGE.to_owned());
    client.grant_types.push(JWT_BEARER.to_owned());
    config
}

/// Percent-encodes a form value.
pub fn enc(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}
