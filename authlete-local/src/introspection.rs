//! `/auth/introspection` (the resource server's check, with Authlete's `WWW-Authenticate`
//! challenges) and `/auth/introspection/standard` (RFC 7662 JSON).

use serde_json::{Map, Value};

use super::client_administration::client_locked;
use super::engine::Engine;
use super::params::{Params, bearer_challenge, oauth_error};
use super::result_codes::{self as rc};
use super::sender::ResourceProof;
use super::store::{AccessEntry, State};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// The outcome of looking an access token up.
pub(crate) enum Lookup {
    Missing,
    Unknown,
    Expired(i64, Box<AccessEntry>),
    Live(i64, Box<AccessEntry>),
}

impl Engine {
    pub(crate) fn lookup_access(&self, state: &State, token: &str) -> Lookup {
        if token.is_empty() {
            return Lookup::Missing;
        }
        match state.access.get_any(&state.access_key(token)) {
            None => Lookup::Unknown,
            // The tokens of a locked client are refused as unknown while it is locked.
            Some((_, entry)) if client_locked(state, entry.grant.client_id) => Lookup::Unknown,
            Some((at, entry)) if at <= self.now() => Lookup::Expired(at, Box::new(entry.clone())),
            Some((at, entry)) => Lookup::Live(at, Box::new(entry.clone())),
        }
    }

    /// `/auth/introspection`.
    pub(crate) fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        let mut state = self.lock();
        let now = self.now();
        let (expires_at, entry) = match self.lookup_access(&state, &request.token) {
            Lookup::Missing => {
                return Ok(denied(
                    IntrospectionAction::BadRequest,
                    bearer_challenge("invalid_request", rc::INTROSPECTION_NO_TOKEN, None),
                    rc::INTROSPECTION_NO_TOKEN,
                ));
            }
            Lookup::Unknown => {
                return Ok(denied(
                    IntrospectionAction::Unauthorized,
                    bearer_challenge("invalid_token", rc::INTROSPECTION_UNKNOWN, None),
                    rc::INTROSPECTION_UNKNOWN,
                ));
            }
            Lookup::Expired(at, entry) => {
                let mut response = denied(
                    IntrospectionAction::Unauthorized,
                    bearer_challenge("invalid_token", rc::INTROSPECTION_EXPIRED, None),
                    rc::INTROSPECTION_EXPIRED,
                );
                fill(&mut response, &entry, at, &state, now);
                response.existent = true;
                return Ok(response);
            }
            Lookup::Live(at, entry) => (at, entry),
        };
        let proof = ResourceProof {
            dpop: request.dpop.as_deref(),
            htm: request.htm.as_deref(),
            htu: request.htu.as_deref(),
            certificate: request.client_certificate.as_deref(),
            nonce_required: self.config.dpop_nonce_required
                || request.dpop_nonce_required == Some(true),
        };
        let nonce = match self.resource_sender(
            &mut state,
            &entry.binding,
            &request.token,
            &proof,
            Operation::Introspection,
        )? {
            Ok(nonce) => nonce,
            Err(refusal) => {
                let mut response = denied(
                    IntrospectionAction::Unauthorized,
                    refusal.challenge,
                    refusal.code,
                );
                fill(&mut response, &entry, expires_at, &state, now);
                response.existent = true;
                response.dpop_nonce = refusal.nonce;
                return Ok(response);
            }
        };
        // RFC 8707: the token must have been minted for every requested resource.
        let resources: Vec<String> = request
            .resources
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|resource| !resource.is_empty())
            .collect();
        if resources
            .iter()
            .any(|resource| !entry.grant.token_resources.contains(resource))
        {
            let challenge = bearer_challenge("invalid_token", rc::INTROSPECTION_AUDIENCE, None);
            let mut response = denied(
                IntrospectionAction::Unauthorized,
                challenge,
                rc::INTROSPECTION_AUDIENCE,
            );
            fill(&mut response, &entry, expires_at, &state, now);
            response.existent = true;
            response.usable = true;
            response.dpop_nonce = nonce;
            return Ok(response);
        }
        let required: Vec<String> = request
            .scopes
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|scope| !scope.is_empty())
            .collect();
        let missing = required
            .iter()
            .any(|scope| !entry.grant.scopes.contains(scope));
        if missing {
            let challenge = bearer_challenge(
                "insufficient_scope",
                rc::INTROSPECTION_SCOPE,
                Some(&required.join(" ")),
            );
            let mut response = denied(
                IntrospectionAction::Forbidden,
                challenge,
                rc::INTROSPECTION_SCOPE,
            );
            fill(&mut response, &entry, expires_at, &state, now);
            response.existent = true;
            response.usable = true;
            response.dpop_nonce = nonce;
            return Ok(response);
        }
        if let Some(subject) = request
            .subject
            .as_deref()
            .filter(|subject| !subject.is_empty())
            && entry.grant.subject.as_deref() != Some(subject)
        {
            let challenge = bearer_challenge("invalid_token", rc::INTROSPECTION_SUBJECT, None);
            let mut response = denied(
                IntrospectionAction::Forbidden,
                challenge,
                rc::INTROSPECTION_SUBJECT,
            );
            fill(&mut response, &entry, expires_at, &state, now);
            response.existent = true;
            response.usable = true;
            response.sufficient = true;
            response.dpop_nonce = nonce;
            return Ok(response);
        }
        if let Some(refused) = step_up(&request, &entry, now) {
            let mut response = refused;
            fill(&mut response, &entry, expires_at, &state, now);
            response.existent = true;
            response.usable = true;
            response.sufficient = true;
            response.dpop_nonce = nonce;
            return Ok(response);
        }
        let (result_code, result_message) = rc::INTROSPECTION_OK.pair();
        let mut response = {
            let mut value = IntrospectionResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(IntrospectionAction::Ok);
            value.existent = true;
            value.usable = true;
            value.sufficient = true;
            value
        };
        fill(&mut response, &entry, expires_at, &state, now);
        response.dpop_nonce = nonce;
        Ok(response)
    }

    /// `/auth/introspection/standard`.
    pub(crate) fn standard_introspection(
        &self,
        request: StandardIntrospectionRequest,
    ) -> Result<StandardIntrospectionResponse, ApiError> {
        let params = Params::parse(&request.parameters);
        let Some(token) = params.get("token") else {
            let (result_code, result_message) = rc::STANDARD_INTROSPECTION_NO_TOKEN.pair();
            return Ok({
                let mut value = StandardIntrospectionResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(StandardIntrospectionAction::BadRequest);
                value.response_content = Some(oauth_error(
                    "invalid_request",
                    rc::STANDARD_INTROSPECTION_NO_TOKEN,
                    None,
                ));
                value
            });
        };
        let state = self.lock();
        let now = self.now();
        let key = state.access_key(token);
        let access = || {
            state
                .access
                .get(&key, now)
                .filter(|entry| !client_locked(&state, entry.grant.client_id))
                .map(|entry| {
                    let expires_at = state.access.get_any(&key).map(|(at, _)| at).unwrap_or(now);
                    (
                        entry.grant.clone(),
                        Some(entry.issued_at),
                        expires_at,
                        Some(entry.binding.clone()),
                    )
                })
        };
        let refresh = || {
            state
                .refresh
                .get(&key, now)
                .filter(|entry| !client_locked(&state, entry.grant.client_id))
                .map(|entry| {
                    let expires_at = state.refresh.get_any(&key).map(|(at, _)| at).unwrap_or(now);
                    (entry.grant.clone(), None, expires_at, None)
                })
        };
        let found = if params.get("token_type_hint") == Some("refresh_token") {
            refresh().or_else(access)
        } else {
            access().or_else(refresh)
        };
        let body = match found {
            None => serde_json::json!({"active": false}),
            Some((grant, issued_at, expires_at, access_binding)) => {
                let mut body = Map::new();
                body.insert("active".into(), Value::Bool(true));
                if !grant.scopes.is_empty() {
                    body.insert("scope".into(), Value::from(grant.scopes.join(" ")));
                }
                body.insert("client_id".into(), Value::from(grant.client_id.to_string()));
                if let Some(subject) = &grant.subject {
                    body.insert("sub".into(), Value::from(subject.clone()));
                }
                body.insert("exp".into(), Value::from(expires_at / 1000));
                if let Some(issued_at) = issued_at {
                    body.insert("iat".into(), Value::from(issued_at / 1000));
                }
                match &access_binding {
                    Some(binding) => {
                        let token_type = if binding.jkt.is_some() {
                            "DPoP"
                        } else {
                            "Bearer"
                        };
                        body.insert("token_type".into(), Value::from(token_type));
                        let mut cnf = Map::new();
                        if let Some(jkt) = &binding.jkt {
                            cnf.insert("jkt".into(), Value::from(jkt.clone()));
                        }
                        if let Some(x5t) = &binding.x5t {
                            cnf.insert("x5t#S256".into(), Value::from(x5t.clone()));
                        }
                        if !cnf.is_empty() {
                            body.insert("cnf".into(), Value::Object(cnf));
                        }
                    }
                    None => {
                        body.insert("token_type".into(), Value::from("refresh_token"));
                    }
                }
                // RFC 8707 / RFC 9068: the audience is the token's resources, when it has any.
                let audience = if grant.token_resources.is_empty() {
                    vec![grant.client_id.to_string()]
                } else {
                    grant.token_resources.clone()
                };
                body.insert("aud".into(), Value::from(audience));
                body.insert("iss".into(), Value::from(self.config.issuer.clone()));
                if let Some(auth_time) = grant.auth_time {
                    body.insert("auth_time".into(), Value::from(auth_time));
                }
                if let Some(acr) = &grant.acr {
                    body.insert("acr".into(), Value::from(acr.clone()));
                }
                for property in &grant.properties {
                    if let (Some(name), Some(value), false) = (
                        &property.key,
                        &property.value,
                        property.hidden.unwrap_or(false),
                    ) && !body.contains_key(name)
                    {
                        body.insert(name.clone(), Value::from(value.clone()));
                    }
                }
                Value::Object(body)
            }
        };
        let (result_code, result_message) = rc::STANDARD_INTROSPECTION_OK.pair();
        Ok({
            let mut value = StandardIntrospectionResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(StandardIntrospectionAction::Ok);
            value.response_content = Some(body.to_string());
            value
        })
    }
}

/// RFC 9470: the refusal when the grant's `acr` is not one of `acrValues`, or its `auth_time`
/// is more than `maxAge` seconds ago (or unknown); `None` when the authentication suffices.
fn step_up(
    request: &IntrospectionRequest,
    entry: &AccessEntry,
    now: i64,
) -> Option<IntrospectionResponse> {
    let acr_values: Vec<&str> = request
        .acr_values
        .iter()
        .flatten()
        .map(String::as_str)
        .filter(|acr| !acr.is_empty())
        .collect();
    let max_age = request.max_age.filter(|seconds| *seconds > 0);
    let acr_refused = !acr_values.is_empty()
        && !entry
            .grant
            .acr
            .as_deref()
            .is_some_and(|acr| acr_values.contains(&acr));
    let age_refused = max_age.is_some_and(|max_age| {
        entry
            .grant
            .auth_time
            .is_none_or(|auth_time| auth_time.saturating_add(max_age) < now / 1000)
    });
    let code = match (acr_refused, age_refused) {
        (true, _) => rc::INTROSPECTION_ACR,
        (false, true) => rc::INTROSPECTION_MAX_AGE,
        (false, false) => return None,
    };
    let mut challenge = bearer_challenge("insufficient_user_authentication", code, None);
    if !acr_values.is_empty() {
        // Quoted-string safe, as `bearer_challenge` makes its description.
        let values = acr_values.join(" ").replace(['"', '\\'], "'");
        challenge.push_str(&format!(", acr_values=\"{values}\""));
    }
    if let Some(max_age) = max_age {
        challenge.push_str(&format!(", max_age=\"{max_age}\""));
    }
    Some(denied(IntrospectionAction::Unauthorized, challenge, code))
}

fn denied(
    action: IntrospectionAction,
    challenge: String,
    code: rc::ResultCode,
) -> IntrospectionResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = IntrospectionResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(action);
        value.response_content = Some(challenge);
        value
    }
}

fn fill(
    response: &mut IntrospectionResponse,
    entry: &AccessEntry,
    expires_at: i64,
    state: &State,
    now: i64,
) {
    let grant = &entry.grant;
    response.client_id = Some(grant.client_id);
    response.subject = grant.subject.clone();
    response.scopes = Some(grant.scopes.clone());
    response.expires_at = Some(expires_at);
    response.properties = (!grant.properties.is_empty()).then(|| grant.properties.clone());
    response.auth_time = grant.auth_time;
    response.acr = grant.acr.clone();
    response.grant_type = grant.grant_type.clone();
    response.certificate_thumbprint = entry.binding.x5t.clone();
    response.resources = (!grant.resources.is_empty()).then(|| grant.resources.clone());
    response.access_token_resources =
        (!grant.token_resources.is_empty()).then(|| grant.token_resources.clone());
    response.grant_id = grant.grant_id.clone();
    response.refreshable = entry
        .refresh
        .is_some_and(|key| state.refresh.get(&key, now).is_some());
}
