//! JWT client authentication (RFC 7523 §2.2, §3; OIDC Core §9): `client_secret_jwt` (HMAC with
//! the client secret) and `private_key_jwt` (signed with a key of the client's registered `jwks`),
//! each only for a client registered with that `token_endpoint_auth_method`.
//!
//! ```ignore
//! // grant_type=…&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=eyJ…
//! let client = engine.authenticate_client(&mut state, field_id, field_secret, &params)?;
//! ```

use serde_json::Value;

use super::client_auth::{AuthFailure, authenticate};
use super::clients::LiveClient;
use super::engine::Engine;
use super::jws::{ASYMMETRIC_ALGS, Jws, PublicJwk};
use super::params::Params;
use super::random;
use super::store::State;

/// The only `client_assertion_type` (RFC 7523 §2.2).
pub(crate) const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// `token_endpoint_auth_method` of HMAC assertions.
pub(crate) const CLIENT_SECRET_JWT: &str = "client_secret_jwt";
/// `token_endpoint_auth_method` of assertions signed with the client's key.
pub(crate) const PRIVATE_KEY_JWT: &str = "private_key_jwt";

/// `token_endpoint_auth_method` of PKI mutual-TLS authentication (RFC 8705 §2.1).
pub(crate) const TLS_CLIENT_AUTH: &str = "tls_client_auth";
/// `token_endpoint_auth_method` of self-signed mutual-TLS authentication (RFC 8705 §2.2).
pub(crate) const SELF_SIGNED_TLS_CLIENT_AUTH: &str = "self_signed_tls_client_auth";

/// How long a `jti` is remembered at most, whatever the assertion's `exp` (ms).
const MAX_JTI_MEMORY_MS: i64 = 24 * 3600 * 1000;

impl Engine {
    /// Authenticates the client of a request: a client assertion when the form has one, else
    /// [`authenticate`] (secrets, `none`). A client registered for an assertion method must use it.
    /// A locked client (`/client/lock_flag/update`) is refused, whatever its credentials.
    pub(crate) fn authenticate_client(
        &self,
        state: &mut State,
        field_id: Option<&str>,
        field_secret: Option<&str>,
        certificate: Option<&str>,
        params: &Params,
    ) -> Result<LiveClient, AuthFailure> {
        let client =
            self.authenticate_credentials(state, field_id, field_secret, certificate, params)?;
        if client.administration.locked {
            return Err(AuthFailure::InvalidClient("the client is locked"));
        }
        Ok(client)
    }

    fn authenticate_credentials(
        &self,
        state: &mut State,
        field_id: Option<&str>,
        field_secret: Option<&str>,
        certificate: Option<&str>,
        params: &Params,
    ) -> Result<LiveClient, AuthFailure> {
        if let Some(client) = field_id
            .filter(|id| !id.is_empty())
            .or(params.get("client_id"))
            .and_then(|id| super::clients::lookup(&state.clients, id))
            && matches!(
                client.registered_auth_method.as_deref(),
                Some(TLS_CLIENT_AUTH | SELF_SIGNED_TLS_CLIENT_AUTH)
            )
        {
            return tls_authenticate(client, field_secret, certificate, params).cloned();
        }
        if params.get("client_assertion").is_none() && params.get("client_assertion_type").is_none()
        {
            let client = authenticate(&state.clients, field_id, field_secret, params)?;
            if matches!(
                client.registered_auth_method.as_deref(),
                Some(CLIENT_SECRET_JWT | PRIVATE_KEY_JWT)
            ) {
                return Err(AuthFailure::InvalidClient(
                    "the client must authenticate with a client assertion",
                ));
            }
            return Ok(client.clone());
        }
        if field_secret.is_some_and(|secret| !secret.is_empty())
            || params.get("client_secret").is_some()
        {
            return Err(AuthFailure::InvalidRequest(
                "more than one client authentication method is used",
            ));
        }
        if params.get("client_assertion_type") != Some(JWT_BEARER) {
            return Err(AuthFailure::InvalidRequest(
                "client_assertion_type is missing or not jwt-bearer",
            ));
        }
        let Some(assertion) = params.get("client_assertion") else {
            return Err(AuthFailure::InvalidRequest("client_assertion is missing"));
        };
        let invalid = AuthFailure::InvalidClient;
        let jws =
            Jws::parse(assertion).map_err(|_| invalid("the client assertion is not a JWS"))?;
        let claim = |name: &str| jws.payload.get(name).and_then(Value::as_str);
        let (Some(iss), Some(sub)) = (claim("iss"), claim("sub")) else {
            return Err(invalid("the client assertion lacks iss or sub"));
        };
        if iss != sub {
            return Err(invalid("the client assertion's iss and sub differ"));
        }
        for given in [field_id, params.get("client_id")].into_iter().flatten() {
            if !given.is_empty() && given != sub {
                return Err(AuthFailure::InvalidRequest(
                    "client_id differs from the client assertion's subject",
                ));
            }
        }
        let client = super::clients::lookup(&state.clients, sub)
            .cloned()
            .ok_or(invalid("the client is unknown"))?;
        let audiences: Vec<&str> = match jws.payload.get("aud") {
            Some(Value::String(aud)) => vec![aud.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let accepted = [
            self.config.endpoints.token.as_str(),
            self.config.issuer.as_str(),
        ];
        if !audiences.iter().any(|aud| accepted.contains(aud)) {
            return Err(invalid(
                "the client assertion's aud is neither the token endpoint nor the issuer",
            ));
        }
        let now = self.now();
        let Some(exp) = jws.payload.get("exp").and_then(Value::as_i64) else {
            return Err(invalid("the client assertion has no exp"));
        };
        if exp.saturating_mul(1000) <= now {
            return Err(invalid("the client assertion has expired"));
        }
        if jws
            .payload
            .get("nbf")
            .and_then(Value::as_i64)
            .is_some_and(|nbf| nbf.saturating_mul(1000) > now + 60_000)
        {
            return Err(invalid("the client assertion is not valid yet"));
        }
        let Some(jti) = claim("jti").filter(|jti| !jti.is_empty()) else {
            return Err(invalid("the client assertion has no jti"));
        };
        let signed = match client.registered_auth_method.as_deref() {
            Some(CLIENT_SECRET_JWT) => client
                .secret
                .as_ref()
                .is_some_and(|secret| jws.verify_hmac(secret.expose().as_bytes())),
            Some(PRIVATE_KEY_JWT) => {
                jws.alg().is_some_and(|alg| ASYMMETRIC_ALGS.contains(&alg))
                    && client_keys(&client, jws.header.get("kid").and_then(Value::as_str))
                        .iter()
                        .any(|key| jws.verify_with(key))
            }
            _ => {
                return Err(invalid(
                    "the client is not registered for client_secret_jwt or private_key_jwt",
                ));
            }
        };
        if !signed {
            return Err(invalid("the client assertion's signature is invalid"));
        }
        let replay_key = random::key(&format!("{}\u{0}{jti}", client.client_id));
        if state.assertion_jtis.get(&replay_key, now).is_some() {
            return Err(invalid("the client assertion has been used before"));
        }
        let remember_until = exp.saturating_mul(1000).min(now + MAX_JTI_MEMORY_MS);
        state
            .assertion_jtis
            .insert(replay_key, remember_until, (), now)
            .map_err(|_| invalid("too many recent client assertions; retry later"))?;
        Ok(client)
    }
}

/// Mutual-TLS client authentication: the certificate, and nothing else, authenticates the client.
fn tls_authenticate<'a>(
    client: &'a LiveClient,
    field_secret: Option<&str>,
    certificate: Option<&str>,
    params: &Params,
) -> Result<&'a LiveClient, AuthFailure> {
    if field_secret.is_some_and(|secret| !secret.is_empty())
        || params.get("client_secret").is_some()
        || params.get("client_assertion").is_some()
    {
        return Err(AuthFailure::InvalidRequest(
            "more than one client authentication method is used",
        ));
    }
    let Some(der) = certificate.and_then(super::mtls::certificate_der) else {
        return Err(AuthFailure::InvalidClient(
            "the client must present its TLS client certificate",
        ));
    };
    let accepted = match client.registered_auth_method.as_deref() {
        Some(TLS_CLIENT_AUTH) => client
            .tls_subject_dn
            .as_deref()
            .is_some_and(|dn| super::mtls::subject_matches(&der, dn)),
        _ => super::mtls::in_jwks(&der, client.jwks.as_ref()),
    };
    if accepted {
        Ok(client)
    } else {
        Err(AuthFailure::InvalidClient(
            "the TLS client certificate is not the client's",
        ))
    }
}

/// The public keys of the client's registered `jwks` (those with `kid` when one is named).
pub(crate) fn client_keys(client: &LiveClient, kid: Option<&str>) -> Vec<PublicJwk> {
    let Some(keys) = client
        .jwks
        .as_ref()
        .and_then(|jwks| jwks.get("keys"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    keys.iter()
        .filter(|key| kid.is_none_or(|kid| key.get("kid").and_then(Value::as_str) == Some(kid)))
        .filter_map(|key| PublicJwk::from_json(key).ok())
        .collect()
}
