//! DPoP proofs (RFC 9449 §4.3): `typ` `dpop+jwt`, an asymmetric `alg`, a public `jwk`, a valid
//! signature, `htm`, `htu` (without query and fragment), `iat` within a window, `jti` not seen
//! within that window (a bounded map), `ath` at resource endpoints, and server nonces (§8).
//!
//! ```ignore
//! let check = ProofCheck { proof, htm: Some("POST"), htu: Some(token_url), access_token: None, nonce_required: false };
//! let jkt = engine.check_dpop(&mut state, &check)?; // the RFC 7638 thumbprint the tokens get bound to
//! ```

use serde_json::Value;

use super::engine::Engine;
use super::jws::{ASYMMETRIC_ALGS, Jws, PublicJwk, sha256_b64};
use super::random;
use super::store::State;

/// How far `iat` may be from now, either way, and how long a `jti` is remembered (seconds).
pub(crate) const PROOF_WINDOW_SECONDS: i64 = 60;

/// How long a server nonce is accepted (milliseconds); a new one is minted at half-life.
const NONCE_LIFETIME_MS: i64 = 300_000;

/// The `algs` of `DPoP` challenges and `dpop_signing_alg_values_supported`.
pub(crate) fn algs() -> String {
    ASYMMETRIC_ALGS.join(" ")
}

/// What a proof must match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ProofCheck<'a> {
    /// The `DPoP` header's value.
    pub proof: &'a str,
    /// The HTTP method of the request the proof was sent with.
    pub htm: &'a str,
    /// The URL of that request.
    pub htu: &'a str,
    /// The access token presented with the proof, at resource endpoints (`ath`).
    pub access_token: Option<&'a str>,
    /// Whether the proof must carry a nonce this server issued.
    pub nonce_required: bool,
}

/// Why a proof was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ProofError {
    /// `invalid_dpop_proof`, with the reason (never a credential).
    Invalid(&'static str),
    /// `use_dpop_nonce`: the proof lacks a valid nonce; the client must retry with this one.
    UseNonce(String),
    /// The map of recent `jti`s is full of live entries.
    Full,
}

/// `htu` as compared: parsed, without query and fragment (RFC 9449 §4.3 item 9).
fn normalised_url(value: &str) -> Option<String> {
    let mut url = url::Url::parse(value).ok()?;
    url.set_query(None);
    url.set_fragment(None);
    Some(url.into())
}

impl Engine {
    /// The service nonce clients must put in their proofs, minting a new one at half-life.
    pub(crate) fn dpop_nonce(&self, state: &mut State) -> String {
        let now = self.now();
        if let Some((nonce, minted)) = &state.dpop_current_nonce
            && now - minted < NONCE_LIFETIME_MS / 2
        {
            return nonce.clone();
        }
        let nonce = random::token();
        // A full map only means older nonces are swept sooner; the current one is always known.
        let _ = state
            .dpop_nonces
            .insert(random::key(&nonce), now + NONCE_LIFETIME_MS, (), now);
        state.dpop_current_nonce = Some((nonce.clone(), now));
        nonce
    }

    fn known_nonce(&self, state: &State, nonce: &str) -> bool {
        let now = self.now();
        state
            .dpop_current_nonce
            .as_ref()
            .is_some_and(|(current, _)| current == nonce)
            || state.dpop_nonces.get(&random::key(nonce), now).is_some()
    }

    /// Verifies a proof and returns the thumbprint of its key.
    pub(crate) fn check_dpop(
        &self,
        state: &mut State,
        check: &ProofCheck<'_>,
    ) -> Result<String, ProofError> {
        use ProofError::Invalid;
        let jws = Jws::parse(check.proof).map_err(|_| Invalid("The DPoP proof is not a JWS."))?;
        if jws.header.get("typ").and_then(Value::as_str) != Some("dpop+jwt") {
            return Err(Invalid("The DPoP proof's typ is not dpop+jwt."));
        }
        if !jws.alg().is_some_and(|alg| ASYMMETRIC_ALGS.contains(&alg)) {
            return Err(Invalid(
                "The DPoP proof's alg is not a supported asymmetric algorithm.",
            ));
        }
        let key = jws
            .header
            .get("jwk")
            .ok_or(Invalid("The DPoP proof has no jwk header."))
            .and_then(|jwk| {
                PublicJwk::from_json(jwk)
                    .map_err(|_| Invalid("The DPoP proof's jwk is not a supported public key."))
            })?;
        if !jws.verify_with(&key) {
            return Err(Invalid("The DPoP proof's signature is invalid."));
        }
        let claim = |name: &str| jws.payload.get(name).and_then(Value::as_str);
        if claim("htm") != Some(check.htm) {
            return Err(Invalid("The DPoP proof's htm does not match the request."));
        }
        let htu_matches = match (
            claim("htu").and_then(normalised_url),
            normalised_url(check.htu),
        ) {
            (Some(claimed), Some(actual)) => claimed == actual,
            _ => false,
        };
        if !htu_matches {
            return Err(Invalid("The DPoP proof's htu does not match the request."));
        }
        let now_seconds = self.now() / 1000;
        let Some(iat) = jws.payload.get("iat").and_then(Value::as_i64) else {
            return Err(Invalid("The DPoP proof has no iat."));
        };
        if iat.saturating_sub(now_seconds).saturating_abs() > PROOF_WINDOW_SECONDS {
            return Err(Invalid("The DPoP proof's iat is too far from now."));
        }
        let Some(jti) = claim("jti").filter(|jti| !jti.is_empty()) else {
            return Err(Invalid("The DPoP proof has no jti."));
        };
        if let Some(token) = check.access_token
            && claim("ath") != Some(sha256_b64(token.as_bytes()).as_str())
        {
            return Err(Invalid(
                "The DPoP proof's ath does not match the access token.",
            ));
        }
        if check.nonce_required
            && !claim("nonce").is_some_and(|nonce| self.known_nonce(state, nonce))
        {
            return Err(ProofError::UseNonce(self.dpop_nonce(state)));
        }
        let jkt = key.thumbprint();
        let now = self.now();
        let replay_key = random::key(&format!("{jkt}\u{0}{jti}"));
        if state.dpop_jtis.get(&replay_key, now).is_some() {
            return Err(Invalid("The DPoP proof has been used before."));
        }
        state
            .dpop_jtis
            .insert(replay_key, now + 2 * PROOF_WINDOW_SECONDS * 1000, (), now)
            .map_err(|_| ProofError::Full)?;
        Ok(jkt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn htu_ignores_query_and_fragment_and_normalises() {
        assert_eq!(
            normalised_url("HTTPS://Example.com:443/a?x=1#f").as_deref(),
            Some("https://example.com/a")
        );
        assert!(normalised_url("not a url").is_none());
    }
}
