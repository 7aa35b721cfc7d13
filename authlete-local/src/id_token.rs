//! ID tokens (OIDC Core §2): signed JWTs with `iss`, `sub`, `aud`, `exp`, `iat`, `auth_time`,
//! `nonce`, `acr`, `at_hash`/`c_hash`, CIBA push mode's `auth_req_id` and `rt_hash` claims, the
//! session's `sid` and Native SSO's `ds_hash`, plus the claims the application gave.

use serde_json::{Map, Value};

use super::engine::Engine;
use super::keys::half_hash;
use super::store::Grant;

/// Claims the application cannot override.
const RESERVED: &[&str] = &[
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "at_hash",
    "c_hash",
    "azp",
    AUTH_REQ_ID_CLAIM,
    RT_HASH_CLAIM,
    "sid",
    "ds_hash",
];

/// The claim of a push-mode CIBA ID token naming the request it answers (CIBA Core §10.3.1).
const AUTH_REQ_ID_CLAIM: &str = "urn:openid:params:jwt:claim:auth_req_id";

/// The claim of a push-mode CIBA ID token binding the refresh token (CIBA Core §10.3.1).
const RT_HASH_CLAIM: &str = "urn:openid:params:jwt:claim:rt_hash";

/// What an ID token is bound to.
#[derive(Debug, Default)]
pub(crate) struct Binding<'a> {
    pub nonce: Option<&'a str>,
    pub access_token: Option<&'a str>,
    pub code: Option<&'a str>,
    /// CIBA push mode: the `auth_req_id` the ID token answers.
    pub auth_req_id: Option<&'a str>,
    /// CIBA push mode: the refresh token issued with the ID token, if any.
    pub refresh_token: Option<&'a str>,
    /// Native SSO: the device secret's hash (`ds_hash`).
    pub ds_hash: Option<&'a str>,
    /// `aud` as an array of one client ID instead of the string (`/idtoken/reissue`'s
    /// `idTokenAudType` `array`; Native SSO's default).
    pub aud_array: bool,
}

impl Engine {
    /// Builds and signs an ID token for `grant`. `None` when the signature fails (never expected).
    pub(crate) fn id_token(&self, grant: &Grant, binding: Binding<'_>) -> Option<String> {
        let now = self.now() / 1000;
        let mut claims = Map::new();
        claims.insert("iss".into(), Value::from(self.config.issuer.clone()));
        let subject = grant
            .sub
            .clone()
            .or_else(|| grant.subject.clone())
            .unwrap_or_default();
        claims.insert("sub".into(), Value::from(subject));
        let audience = grant.client_id.to_string();
        let audience = if binding.aud_array {
            Value::from(vec![audience])
        } else {
            Value::from(audience)
        };
        claims.insert("aud".into(), audience);
        claims.insert(
            "exp".into(),
            Value::from(now.saturating_add(Self::millis(self.config.lifetimes.id_token) / 1000)),
        );
        claims.insert("iat".into(), Value::from(now));
        if let Some(auth_time) = grant.auth_time {
            claims.insert("auth_time".into(), Value::from(auth_time));
        }
        if let Some(nonce) = binding.nonce {
            claims.insert("nonce".into(), Value::from(nonce));
        }
        if let Some(acr) = &grant.acr {
            claims.insert("acr".into(), Value::from(acr.clone()));
        }
        if let Some(token) = binding.access_token {
            claims.insert("at_hash".into(), Value::from(half_hash(token)));
        }
        if let Some(code) = binding.code {
            claims.insert("c_hash".into(), Value::from(half_hash(code)));
        }
        if let Some(auth_req_id) = binding.auth_req_id {
            claims.insert(AUTH_REQ_ID_CLAIM.into(), Value::from(auth_req_id));
        }
        if let Some(token) = binding.refresh_token {
            claims.insert(RT_HASH_CLAIM.into(), Value::from(half_hash(token)));
        }
        if let Some(session_id) = &grant.session_id {
            claims.insert("sid".into(), Value::from(session_id.clone()));
        }
        if let Some(ds_hash) = binding.ds_hash {
            claims.insert("ds_hash".into(), Value::from(ds_hash));
        }
        if let Some(extra) = &grant.extra_claims {
            for (name, value) in extra {
                if !RESERVED.contains(&name.as_str()) && !value.is_null() {
                    claims.insert(name.clone(), value.clone());
                }
            }
        }
        match self.keys.sign(&Value::Object(claims), None) {
            Ok(jwt) => Some(jwt),
            Err(error) => {
                tracing::error!(%error, "the local backend could not sign an ID token");
                None
            }
        }
    }
}
