//! JWTs presented at the token endpoint as a grant or as an input token: the assertion of the JWT
//! bearer grant (RFC 7523) and the subject and actor tokens of type `jwt` or `id_token` of a token
//! exchange (RFC 8693). Their form, their time claims, and their signature whenever the keys of
//! their issuer are known: this service's own, or those of a
//! [trusted issuer](super::config::TrustedIssuer).
//!
//! ```ignore
//! let jwt = InputJwt::parse(text)?;          // a JWS; encrypted and unsigned JWTs are refused
//! jwt.check_times(now, Required::Exp)?;       // exp, iat, nbf
//! match engine.verify_by_issuer(&jwt) {
//!     Signature::Valid | Signature::UnknownIssuer => { /* … */ }
//!     Signature::Invalid => { /* refuse */ }
//! }
//! ```

use serde_json::Value;

use super::LocalError;
use super::config::TrustedIssuer;
use super::engine::Engine;
use super::jws::{ASYMMETRIC_ALGS, Jws, PublicJwk};

/// How far in the future `iat` and `nbf` may be (ms): the clocks of issuers drift.
const LEEWAY_MS: i64 = 60_000;

/// A JWT in JWS compact form whose `alg` is not `none`; its signature is not checked yet.
#[derive(Debug)]
pub(crate) struct InputJwt<'a> {
    pub jws: Jws<'a>,
}

/// Which time claims must be present.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Required {
    /// `exp` only (a JWT bearer assertion, RFC 7523 §3).
    Exp,
    /// `exp` and `iat` (an ID token, OpenID Connect Core §2).
    ExpAndIat,
    /// None: each is checked when present (a JWT of token type `jwt`).
    Neither,
}

/// The outcome of checking a JWT's signature with the keys of its issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signature {
    /// Signed with an asymmetric algorithm by a key of its issuer.
    Valid,
    /// The issuer is known, and the signature is not one of its keys' (or is symmetric).
    Invalid,
    /// The keys of `iss` are unknown here: Authlete does not verify such a JWT either.
    UnknownIssuer,
}

impl<'a> InputJwt<'a> {
    /// Parses `text`; the error completes the sentence "The assertion …".
    pub fn parse(text: &'a str) -> Result<Self, &'static str> {
        if text.split('.').count() == 5 {
            return Err("is encrypted (JWE), which this service does not accept");
        }
        let jws = Jws::parse(text).map_err(|_| "is not a JWT in JWS compact form")?;
        match jws.alg() {
            None => Err("has no alg in its header"),
            Some(alg) if alg.eq_ignore_ascii_case("none") => {
                Err("is unsigned, which this service does not accept")
            }
            Some(_) => Ok(InputJwt { jws }),
        }
    }

    /// A string claim.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.jws.payload.get(name).and_then(Value::as_str)
    }

    /// An integer claim.
    pub fn number(&self, name: &str) -> Option<i64> {
        self.jws.payload.get(name).and_then(Value::as_i64)
    }

    /// Whether the claim is present.
    pub fn has(&self, name: &str) -> bool {
        self.jws.payload.contains_key(name)
    }

    /// The `aud` claim: `Some` when it is a string or an array of strings.
    pub fn audiences(&self) -> Option<Vec<&str>> {
        match self.jws.payload.get("aud")? {
            Value::String(aud) => Some(vec![aud.as_str()]),
            Value::Array(list) => list.iter().map(Value::as_str).collect(),
            _ => None,
        }
    }

    /// Checks `exp` (not reached), `iat` and `nbf` (not in the future beyond a minute) at `now`
    /// (ms); the error completes the sentence "The assertion …".
    pub fn check_times(&self, now: i64, required: Required) -> Result<(), &'static str> {
        let seconds = |name: &str| -> Result<Option<i64>, &'static str> {
            match self.jws.payload.get(name) {
                None => Ok(None),
                Some(value) => value
                    .as_f64()
                    .filter(|value| value.is_finite())
                    .map(|value| Some(value as i64))
                    .ok_or("has a time claim that is not a number"),
            }
        };
        match seconds("exp")? {
            None if required != Required::Neither => return Err("has no exp claim"),
            Some(exp) if exp.saturating_mul(1000) <= now => return Err("has expired"),
            _ => {}
        }
        match seconds("iat")? {
            None if required == Required::ExpAndIat => return Err("has no iat claim"),
            Some(iat) if iat.saturating_mul(1000) > now + LEEWAY_MS => {
                return Err("was issued in the future (iat)");
            }
            _ => {}
        }
        if seconds("nbf")?.is_some_and(|nbf| nbf.saturating_mul(1000) > now + LEEWAY_MS) {
            return Err("is not valid yet (nbf)");
        }
        Ok(())
    }
}

impl Engine {
    /// Checks the signature of `jwt` with the keys of its `iss`: this service's keys when it is
    /// the service's issuer, a trusted issuer's JWK Set, or none.
    pub(crate) fn verify_by_issuer(&self, jwt: &InputJwt<'_>) -> Signature {
        let Some(iss) = jwt.string("iss") else {
            return Signature::UnknownIssuer;
        };
        let jwks = if iss == self.config.issuer {
            self.keys.jwks()
        } else if let Some(trusted) = self
            .config
            .trusted_issuers
            .iter()
            .find(|trusted| trusted.issuer == iss)
        {
            trusted.jwks.clone()
        } else {
            return Signature::UnknownIssuer;
        };
        let asymmetric = jwt
            .jws
            .alg()
            .is_some_and(|alg| ASYMMETRIC_ALGS.contains(&alg));
        let kid = jwt.jws.header.get("kid").and_then(Value::as_str);
        if asymmetric
            && public_keys(&jwks, kid)
                .iter()
                .any(|key| jwt.jws.verify_with(key))
        {
            Signature::Valid
        } else {
            Signature::Invalid
        }
    }
}

/// The public keys of a JWK Set (those with `kid` when one is named).
fn public_keys(jwks: &Value, kid: Option<&str>) -> Vec<PublicJwk> {
    jwks.get("keys")
        .and_then(Value::as_array)
        .map(|keys| {
            keys.iter()
                .filter(|key| {
                    kid.is_none_or(|kid| key.get("kid").and_then(Value::as_str) == Some(kid))
                })
                .filter_map(|key| PublicJwk::from_json(key).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Refuses a trusted issuer that is not a URL, is listed twice, or whose JWK Set is not a
/// non-empty list of public EC P-256, RSA or Ed25519 keys.
pub(crate) fn check_trusted_issuers(issuers: &[TrustedIssuer]) -> Result<(), LocalError> {
    for (index, trusted) in issuers.iter().enumerate() {
        let invalid = |why: &str| {
            Err(LocalError::Config {
                reason: format!("trusted issuer {:?}: {why}", trusted.issuer),
            })
        };
        if url::Url::parse(&trusted.issuer).is_err() {
            return invalid("the issuer is not a URL");
        }
        if issuers[..index]
            .iter()
            .any(|other| other.issuer == trusted.issuer)
        {
            return invalid("it is listed twice");
        }
        let Some(keys) = trusted.jwks.get("keys").and_then(Value::as_array) else {
            return invalid("jwks is not a JWK Set ({\"keys\": [...]})");
        };
        if keys.is_empty() {
            return invalid("jwks has no key");
        }
        if let Some(why) = keys.iter().find_map(|key| PublicJwk::from_json(key).err()) {
            return invalid(why);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::json;

    fn unsigned(header: &Value, payload: &Value) -> String {
        format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload.to_string())
        )
    }

    #[test]
    fn encrypted_unsigned_and_malformed_jwts_are_refused() {
        assert!(
            InputJwt::parse("a.b.c.d.e")
                .unwrap_err()
                .contains("encrypted")
        );
        let none = unsigned(&json!({"alg": "none"}), &json!({"iss": "x"}));
        assert!(InputJwt::parse(&none).unwrap_err().contains("unsigned"));
        let no_alg = unsigned(&json!({"typ": "JWT"}), &json!({}));
        assert!(InputJwt::parse(&no_alg).unwrap_err().contains("alg"));
        assert!(InputJwt::parse("garbage").is_err());
    }

    #[test]
    fn time_claims_are_checked_as_required() {
        let now = 1_000_000_000;
        let jwt = |payload: Value| unsigned(&json!({"alg": "ES256"}), &payload);
        let text = jwt(json!({"exp": 1_000_001, "iat": 999_999}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert_eq!(parsed.check_times(now, Required::ExpAndIat), Ok(()));
        let text = jwt(json!({"exp": 1_000_000}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert_eq!(parsed.check_times(now, Required::Exp), Err("has expired"));
        let text = jwt(json!({"exp": 1_000_100}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert_eq!(
            parsed.check_times(now, Required::ExpAndIat),
            Err("has no iat claim")
        );
        let text = jwt(json!({}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert_eq!(parsed.check_times(now, Required::Neither), Ok(()));
        assert_eq!(
            parsed.check_times(now, Required::Exp),
            Err("has no exp claim")
        );
        let text = jwt(json!({"nbf": 1_000_061}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert_eq!(
            parsed.check_times(now, Required::Neither),
            Err("is not valid yet (nbf)")
        );
        let text = jwt(json!({"iat": 1_000_061}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert_eq!(
            parsed.check_times(now, Required::Neither),
            Err("was issued in the future (iat)")
        );
        let text = jwt(json!({"exp": "soon"}));
        let parsed = InputJwt::parse(&text).unwrap();
        assert!(parsed.check_times(now, Required::Neither).is_err());
    }

    #[test]
    fn trusted_issuers_must_have_public_keys() {
        let key = json!({"kty": "EC", "crv": "P-256",
            "x": URL_SAFE_NO_PAD.encode([1u8; 32]), "y": URL_SAFE_NO_PAD.encode([2u8; 32])});
        let good = TrustedIssuer::new("https://idp.example", json!({"keys": [key.clone()]}));
        assert!(check_trusted_issuers(std::slice::from_ref(&good)).is_ok());
        assert!(check_trusted_issuers(&[good.clone(), good.clone()]).is_err());
        let mut private = key.clone();
        private["d"] = json!("AA");
        for bad in [
            TrustedIssuer::new("not a url", json!({"keys": [key.clone()]})),
            TrustedIssuer::new("https://idp.example", json!({"keys": []})),
            TrustedIssuer::new("https://idp.example", json!([key])),
            TrustedIssuer::new("https://idp.example", json!({"keys": [private]})),
        ] {
            assert!(check_trusted_issuers(&[bad]).is_err());
        }
    }

    #[test]
    fn trusted_issuers_are_read_from_toml() {
        let key = format!(
            r#"{{"kty": "EC", "crv": "P-256", "x": "{}", "y": "{}"}}"#,
            URL_SAFE_NO_PAD.encode([1u8; 32]),
            URL_SAFE_NO_PAD.encode([2u8; 32])
        );
        let toml = |jwks: &str| {
            format!("[[trusted_issuers]]\nissuer = \"https://idp.example\"\njwks = '{jwks}'\n")
        };
        let config =
            crate::LocalConfig::from_toml_str(&toml(&format!(r#"{{"keys": [{key}]}}"#))).unwrap();
        assert_eq!(config.trusted_issuers.len(), 1);
        assert_eq!(config.trusted_issuers[0].issuer, "https://idp.example");
        assert_eq!(config.trusted_issuers[0].jwks["keys"][0]["kty"], "EC");
        let error = crate::LocalConfig::from_toml_str(&toml("{")).unwrap_err();
        assert!(error.to_string().contains("is not JSON"), "{error}");
        let error = crate::LocalConfig::from_toml_str(&toml(r#"{"keys": []}"#)).unwrap_err();
        assert!(error.to_string().contains("jwks has no key"), "{error}");
        assert!(crate::LocalConfig::demo().trusted_issuers.is_empty());
    }
}
