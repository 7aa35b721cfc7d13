//! Token management: `/auth/token/create`, `/auth/token/update`,
//! `/auth/token/delete/{accessTokenIdentifier}`, `/auth/token/revoke` and `/auth/token/get/list`.
//! A token minted here is stored like one issued at the token endpoint, so it introspects, works
//! at UserInfo and refreshes like any other.
//!
//! ```text
//! POST /api/1000/auth/token/create
//! {"grantType":"AUTHORIZATION_CODE","clientId":2000,"subject":"alice","scopes":["profile"]}
//! 200 {"resultCode":"A109001","action":"OK","accessToken":"…","tokenType":"Bearer","expiresIn":3600,…}
//! ```
//!
//! A token is named by its value or by the hash of its value (`accessTokenHash`: the base64url
//! SHA-256 of the value, as `/auth/token/get/list` shows it). Deleting or revoking an access
//! token removes the refresh token issued with it, as Authlete keeps both in one record.
//! Malformed requests are answered `400`, unknown tokens `404`, each with a `resultCode`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use http::StatusCode;

use super::engine::{Engine, api_error};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{AccessEntry, Grant, Key, SenderBinding, State};
use super::token::Issued;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// The longest subject Authlete accepts (`token_create_request.subject`).
const MAX_SUBJECT: usize = 100;

/// The expiry of a token that does not expire (`accessTokenPersistent`), in milliseconds.
const PERSISTENT: i64 = i64::MAX / 4;

/// Authlete's page of `/auth/token/get/list` when the query gives none.
const DEFAULT_END: u32 = 5;

fn bad(operation: Operation, code: ResultCode, detail: &str) -> ApiError {
    api_error(operation, StatusCode::BAD_REQUEST, code, Some(detail))
}

fn not_found(operation: Operation, code: ResultCode) -> ApiError {
    api_error(operation, StatusCode::NOT_FOUND, code, None)
}

/// The map key named by a hash (`accessTokenHash`): base64url of 32 bytes.
fn key_of_hash(hash: &str) -> Option<Key> {
    URL_SAFE_NO_PAD.decode(hash).ok()?.try_into().ok()
}

/// The hash Authlete shows for a token: base64url of the SHA-256 of its value (the map key).
fn hash_of_key(key: &Key) -> String {
    URL_SAFE_NO_PAD.encode(key)
}

/// A duration in seconds as milliseconds; `None` for 0 (the service's default).
fn duration_millis(seconds: Option<i64>) -> Option<i64> {
    seconds
        .filter(|seconds| *seconds > 0)
        .map(|seconds| seconds.saturating_mul(1000).min(PERSISTENT))
}

impl Engine {
    /// `/auth/token/create`.
    pub(crate) fn token_create(
        &self,
        request: TokenCreateRequest,
    ) -> Result<TokenCreateResponse, ApiError> {
        self.token_create_or_check(request, false)
            .map(|created| created.unwrap_or_default())
    }

    /// `/auth/token/create`, or with `check_only` its checks without minting anything (`None`).
    pub(crate) fn token_create_or_check(
        &self,
        request: TokenCreateRequest,
        check_only: bool,
    ) -> Result<Option<TokenCreateResponse>, ApiError> {
        let operation = Operation::TokenCreate;
        let bad = |detail: &str| bad(operation, rc::TOKEN_CREATE_BAD, detail);
        let grant_type = match &request.grant_type {
            None => return Err(bad("grantType is missing.")),
            Some(GrantType::Other(_)) => return Err(bad("grantType is not a known grant type.")),
            Some(grant_type) => grant_type.clone(),
        };
        let client_id = match (request.client_id, request.client_identifier.as_deref()) {
            (Some(id), _) if id != 0 => id,
            (_, Some(identifier)) if !identifier.is_empty() => identifier
                .parse::<i64>()
                .map_err(|_| not_a_client(operation))?,
            _ => return Err(bad("clientId is missing.")),
        };
        let subject = request
            .subject
            .clone()
            .filter(|subject| !subject.is_empty());
        match &subject {
            None if grant_type != GrantType::ClientCredentials => {
                return Err(bad(
                    "subject is missing (it is required unless the grant type is CLIENT_CREDENTIALS).",
                ));
            }
            Some(subject) if !subject.is_ascii() || subject.len() > MAX_SUBJECT => {
                return Err(bad(
                    "subject must be ASCII and at most 100 characters long.",
                ));
            }
            _ => {}
        }
        let scopes: Vec<String> = request
            .scopes
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|scope| !scope.is_empty())
            .collect();
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Err(bad(&format!("'{scope}' is not supported.")));
        }
        let resources = request.resources.clone().unwrap_or_default();
        if resources
            .iter()
            .any(|resource| !crate::resources::is_resource(resource))
        {
            return Err(bad(
                "Each resource must be an absolute URI without a fragment (RFC 8707).",
            ));
        }
        if request.access_token_duration.is_some_and(|d| d < 0)
            || request.refresh_token_duration.is_some_and(|d| d < 0)
        {
            return Err(bad("A duration must not be negative."));
        }
        let given_access = request.access_token.clone().filter(|t| !t.is_empty());
        let given_refresh = request.refresh_token.clone().filter(|t| !t.is_empty());
        let with_refresh = !matches!(
            grant_type,
            GrantType::Implicit | GrantType::ClientCredentials
        );
        let binding = SenderBinding {
            jkt: request
                .dpop_key_thumbprint
                .clone()
                .filter(|v| !v.is_empty()),
            x5t: request
                .certificate_thumbprint
                .clone()
                .filter(|v| !v.is_empty()),
        };
        let now = self.now();
        let mut state = self.lock();
        if !state.clients.contains_key(&client_id) {
            return Err(not_a_client(operation));
        }
        if given_access
            .as_deref()
            .is_some_and(|token| state.access.get_any(&random::key(token)).is_some())
            || given_refresh
                .as_deref()
                .is_some_and(|token| state.refresh.get_any(&random::key(token)).is_some())
        {
            return Err(bad("A token with this value exists already."));
        }
        if check_only {
            return Ok(None);
        }
        let grant = Grant {
            client_id,
            subject,
            scopes,
            properties: request.properties.clone().unwrap_or_default(),
            auth_time: request.auth_time.filter(|seconds| *seconds > 0),
            acr: request.acr.clone().filter(|acr| !acr.is_empty()),
            grant_type: Some(grant_type.clone()),
            resources: resources.clone(),
            token_resources: resources,
            session_id: request.session_id.clone().filter(|id| !id.is_empty()),
            ..Grant::default()
        };
        let mut issued = self.issue(&mut state, &grant, with_refresh, operation)?;
        let access_expires_at = if request.access_token_persistent == Some(true) {
            Some(PERSISTENT)
        } else {
            duration_millis(request.access_token_duration).map(|ms| now.saturating_add(ms))
        };
        if let Some(at) = access_expires_at {
            state.access.set_expiry(&issued.access_key, at, now);
            issued.access_expires_at = at;
        }
        if let (Some(ms), Some((_, key, at))) = (
            duration_millis(request.refresh_token_duration),
            issued.refresh.as_mut(),
        ) {
            *at = now.saturating_add(ms);
            state.refresh.set_expiry(key, *at, now);
        }
        if let Some(entry) = state.access.get_mut(&issued.access_key, now) {
            entry.binding = binding.clone();
        }
        if let Some(token) = given_access {
            let key = random::key(&token);
            rekey_access(&mut state, &issued.access_key, key, now);
            issued.access_key = key;
            issued.access_token = token;
        }
        if let (Some(token), Some((value, old, _))) = (given_refresh, issued.refresh.as_mut()) {
            let key = random::key(&token);
            rekey_refresh(&mut state, old, key, now);
            *old = key;
            *value = token;
        }
        Ok(Some(created(&grant, &issued, &binding)))
    }

    /// `/auth/token/update`.
    pub(crate) fn token_update(
        &self,
        request: TokenUpdateRequest,
    ) -> Result<TokenUpdateResponse, ApiError> {
        let operation = Operation::TokenUpdate;
        let (mut key, mut value) = if !request.access_token.is_empty() {
            (
                random::key(&request.access_token),
                Some(request.access_token.clone()),
            )
        } else {
            match request
                .access_token_hash
                .as_deref()
                .filter(|h| !h.is_empty())
            {
                Some(hash) => (
                    key_of_hash(hash).ok_or_else(|| not_found(operation, rc::TOKEN_NOT_FOUND))?,
                    None,
                ),
                None => {
                    return Err(bad(
                        operation,
                        rc::TOKEN_UPDATE_BAD,
                        "accessToken is missing.",
                    ));
                }
            }
        };
        let now = self.now();
        let mut state = self.lock();
        let known: Option<Vec<String>> = request.scopes.as_ref().map(|scopes| {
            // Authlete ignores the scopes the service does not support.
            scopes
                .iter()
                .filter(|scope| self.unknown_scope(std::slice::from_ref(scope)).is_none())
                .cloned()
                .collect()
        });
        let Some(entry) = state.access.get_mut(&key, now) else {
            return Err(not_found(operation, rc::TOKEN_NOT_FOUND));
        };
        if let Some(scopes) = known {
            entry.grant.scopes = scopes;
        }
        if let Some(properties) = &request.properties {
            entry.grant.properties = properties.clone();
        }
        if let Some(jkt) = &request.dpop_key_thumbprint {
            entry.binding.jkt = Some(jkt.clone()).filter(|v| !v.is_empty());
        }
        if let Some(x5t) = &request.certificate_thumbprint {
            entry.binding.x5t = Some(x5t.clone()).filter(|v| !v.is_empty());
        }
        let refresh = entry.refresh;
        let new_expiry = if request.access_token_persistent == Some(true) {
            Some(PERSISTENT)
        } else {
            request.access_token_expires_at.filter(|at| *at > 0)
        };
        if let Some(at) = new_expiry {
            state.access.set_expiry(&key, at, now);
        }
        if let (Some(at), Some(refresh)) = (
            request.refresh_token_expires_at.filter(|at| *at > 0),
            refresh,
        ) {
            state.refresh.set_expiry(&refresh, at, now);
        }
        if request.access_token_value_updated == Some(true) {
            let token = random::token();
            let new_key = random::key(&token);
            rekey_access(&mut state, &key, new_key, now);
            key = new_key;
            value = Some(token);
        }
        let (expires_at, entry) = state
            .access
            .get_any(&key)
            .map(|(at, entry)| (at, entry.clone()))
            .ok_or_else(|| not_found(operation, rc::TOKEN_NOT_FOUND))?;
        let (result_code, result_message) = rc::TOKEN_UPDATE_OK.pair();
        let mut response = TokenUpdateResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        response.action = Some(TokenUpdateAction::Ok);
        response.access_token = value;
        response.access_token_expires_at = Some(expires_at);
        response.scopes = Some(entry.grant.scopes.clone());
        response.properties =
            (!entry.grant.properties.is_empty()).then(|| entry.grant.properties.clone());
        response.token_type = Some(token_type(&entry.binding).to_owned());
        response.refresh_token_expires_at = entry
            .refresh
            .and_then(|refresh| state.refresh.get_any(&refresh).map(|(at, _)| at));
        Ok(response)
    }

    /// `/auth/token/delete/{accessTokenIdentifier}`.
    pub(crate) fn token_delete(&self, identifier: &str) -> Result<(), ApiError> {
        let operation = Operation::TokenDelete;
        let now = self.now();
        let mut state = self.lock();
        let key = live_access(&state, identifier, now)
            .ok_or_else(|| not_found(operation, rc::TOKEN_NOT_FOUND))?;
        remove_record(&mut state, &key);
        Ok(())
    }

    /// `/auth/token/revoke`.
    pub(crate) fn token_revoke(
        &self,
        request: TokenRevokeRequest,
    ) -> Result<TokenRevokeResponse, ApiError> {
        let operation = Operation::TokenRevoke;
        let given = |value: &Option<String>| value.clone().filter(|value| !value.is_empty());
        let access = given(&request.access_token_identifier);
        let refresh = given(&request.refresh_token_identifier);
        let client = given(&request.client_identifier);
        let subject = given(&request.subject);
        if access.is_none() && refresh.is_none() && client.is_none() && subject.is_none() {
            return Err(bad(
                operation,
                rc::TOKEN_REVOKE_BAD,
                "Give accessTokenIdentifier, refreshTokenIdentifier, clientIdentifier or subject.",
            ));
        }
        let now = self.now();
        let mut state = self.lock();
        let client = match client {
            Some(identifier) => Some(client_of(&state, &identifier, operation)?),
            None => None,
        };
        let matches = |grant: &Grant| {
            client.is_none_or(|id| grant.client_id == id)
                && subject
                    .as_deref()
                    .is_none_or(|subject| grant.subject.as_deref() == Some(subject))
        };
        let mut count = 0;
        if let Some(identifier) = access {
            let key = live_access(&state, &identifier, now)
                .filter(|key| {
                    state
                        .access
                        .get(key, now)
                        .is_some_and(|entry| matches(&entry.grant))
                })
                .ok_or_else(|| not_found(operation, rc::TOKEN_NOT_FOUND))?;
            count += remove_record(&mut state, &key);
        }
        if let Some(identifier) = refresh {
            let key = [random::key(&identifier)]
                .into_iter()
                .chain(key_of_hash(&identifier))
                .find(|key| {
                    state
                        .refresh
                        .get(key, now)
                        .is_some_and(|entry| matches(&entry.grant))
                })
                .ok_or_else(|| not_found(operation, rc::REFRESH_NOT_FOUND))?;
            count += revoke_refresh(&mut state, &key, now);
        }
        if request
            .access_token_identifier
            .as_deref()
            .is_none_or(str::is_empty)
            && request
                .refresh_token_identifier
                .as_deref()
                .is_none_or(str::is_empty)
        {
            let access: Vec<Key> = state
                .access
                .iter_live(now)
                .filter(|(_, _, entry)| matches(&entry.grant))
                .map(|(key, _, _)| *key)
                .collect();
            for key in access {
                count += remove_record(&mut state, &key);
            }
            let refresh: Vec<Key> = state
                .refresh
                .iter_live(now)
                .filter(|(_, _, entry)| matches(&entry.grant))
                .map(|(key, _, _)| *key)
                .collect();
            for key in refresh {
                count += revoke_refresh(&mut state, &key, now);
            }
        }
        let (result_code, result_message) = rc::TOKEN_REVOKE_OK.pair();
        let mut response = TokenRevokeResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        response.count = Some(count);
        Ok(response)
    }

    /// `/auth/token/get/list`.
    pub(crate) fn token_list(
        &self,
        options: TokenListOptions,
    ) -> Result<TokenGetListResponse, ApiError> {
        let operation = Operation::TokenList;
        let start = options.start.unwrap_or(0);
        let end = options.end.unwrap_or(DEFAULT_END);
        if end < start {
            return Err(bad(
                operation,
                rc::TOKEN_LIST_BAD,
                "end must not be smaller than start.",
            ));
        }
        let now = self.now();
        let state = self.lock();
        let client = match options
            .client_identifier
            .as_deref()
            .filter(|id| !id.is_empty())
        {
            Some(identifier) => Some(client_of(&state, identifier, operation)?),
            None => None,
        };
        let subject = options
            .subject
            .clone()
            .filter(|subject| !subject.is_empty());
        let mut found: Vec<(&Key, i64, &AccessEntry)> = state
            .access
            .iter_live(now)
            .filter(|(_, _, entry)| {
                client.is_none_or(|id| entry.grant.client_id == id)
                    && subject
                        .as_deref()
                        .is_none_or(|subject| entry.grant.subject.as_deref() == Some(subject))
            })
            .collect();
        found.sort_by(|a, b| (a.2.issued_at, a.0).cmp(&(b.2.issued_at, b.0)));
        let total = found.len();
        let tokens = found
            .into_iter()
            .skip(start as usize)
            .take((end - start) as usize)
            .map(|(key, expires_at, entry)| {
                let refresh = entry
                    .refresh
                    .and_then(|refresh| {
                        state
                            .refresh
                            .get_any(&refresh)
                            .map(|(at, r)| (refresh, at, r))
                    })
                    .filter(|(_, at, _)| *at > now);
                let mut token = AccessToken::default();
                token.access_token_hash = Some(hash_of_key(key));
                token.access_token_expires_at = Some(expires_at);
                token.refresh_token_hash = refresh.map(|(key, _, _)| hash_of_key(&key));
                token.refresh_token_expires_at = refresh.map(|(_, at, _)| at);
                token.refresh_token_scopes = refresh.map(|(_, _, r)| r.grant.scopes.clone());
                token.created_at = Some(entry.issued_at);
                token.client_id = Some(entry.grant.client_id);
                token.subject = entry.grant.subject.clone();
                token.grant_type = entry.grant.grant_type.clone();
                token.scopes = Some(entry.grant.scopes.clone());
                token.properties =
                    (!entry.grant.properties.is_empty()).then(|| entry.grant.properties.clone());
                token
            })
            .collect();
        let mut response = TokenGetListResponse::default();
        response.start = Some(i64::from(start));
        response.end = Some(i64::from(end));
        response.total_count = Some(i64::try_from(total).unwrap_or(i64::MAX));
        response.client = client
            .and_then(|id| state.clients.get(&id))
            .map(|live| limited_client(live.dto(self.service_number())));
        response.subject = subject;
        response.access_tokens = Some(tokens);
        Ok(response)
    }
}

/// `Bearer`, or `DPoP` for a token bound to a DPoP key.
fn token_type(binding: &SenderBinding) -> &'static str {
    if binding.jkt.is_some() {
        "DPoP"
    } else {
        "Bearer"
    }
}

fn not_a_client(operation: Operation) -> ApiError {
    bad(
        operation,
        rc::TOKEN_CREATE_UNKNOWN_CLIENT,
        "Check clientId.",
    )
}

/// The client a `clientIdentifier` names (its numeric ID; the local backend has no aliases).
fn client_of(state: &State, identifier: &str, operation: Operation) -> Result<i64, ApiError> {
    identifier
        .parse::<i64>()
        .ok()
        .filter(|id| state.clients.contains_key(id))
        .ok_or_else(|| {
            bad(
                operation,
                rc::TOKEN_UNKNOWN_CLIENT,
                "Check clientIdentifier.",
            )
        })
}

/// The key of the live access token named by its value or its hash.
fn live_access(state: &State, identifier: &str, now: i64) -> Option<Key> {
    if identifier.is_empty() {
        return None;
    }
    [random::key(identifier)]
        .into_iter()
        .chain(key_of_hash(identifier))
        .find(|key| state.access.get(key, now).is_some())
}

/// Removes an access token and the refresh token issued with it; the number of tokens removed.
fn remove_record(state: &mut State, key: &Key) -> i64 {
    let Some(entry) = state.access.remove(key) else {
        return 0;
    };
    1 + entry.refresh.map_or(0, |refresh| {
        i64::from(state.refresh.remove(&refresh).is_some())
    })
}

/// Removes a live refresh token and its access tokens; the number of live tokens removed.
fn revoke_refresh(state: &mut State, key: &Key, now: i64) -> i64 {
    let Some(entry) = state.refresh.take(key, now) else {
        return 0;
    };
    let live = entry
        .access
        .iter()
        .filter(|access| state.access.take(access, now).is_some())
        .count();
    1 + i64::try_from(live).unwrap_or(i64::MAX)
}

/// Moves an access token to the key of a new value, keeping its expiry and its refresh token.
fn rekey_access(state: &mut State, old: &Key, new: Key, now: i64) {
    let Some((expires_at, entry)) = state.access.get_any(old).map(|(at, e)| (at, e.clone())) else {
        return;
    };
    state.access.remove(old);
    if let Some(refresh) = entry.refresh
        && let Some(refresh) = state.refresh.get_mut(&refresh, now)
    {
        for access in &mut refresh.access {
            if access == old {
                *access = new;
            }
        }
    }
    // The old entry's room is free again, so the insert cannot find the map full.
    let _ = state.access.insert(new, expires_at, entry, now);
}

/// Moves a refresh token to the key of a new value (a new family of its own).
fn rekey_refresh(state: &mut State, old: &Key, new: Key, now: i64) {
    let Some((expires_at, mut entry)) = state.refresh.get_any(old).map(|(at, e)| (at, e.clone()))
    else {
        return;
    };
    state.refresh.remove(old);
    for access in &entry.access {
        if let Some(access) = state.access.get_mut(access, now) {
            access.refresh = Some(new);
        }
    }
    entry.family = new;
    let _ = state.refresh.insert(new, expires_at, entry, now);
}

/// The answer of `/auth/token/create`.
fn created(grant: &Grant, issued: &Issued, binding: &SenderBinding) -> TokenCreateResponse {
    let (result_code, result_message) = rc::TOKEN_CREATE_OK.pair();
    let mut response = TokenCreateResponse::default();
    response.result_code = result_code;
    response.result_message = result_message;
    response.action = Some(TokenCreateAction::Ok);
    response.access_token = Some(issued.access_token.clone());
    response.client_id = Some(grant.client_id);
    response.expires_at = Some(issued.access_expires_at);
    response.expires_in = Some(((issued.access_expires_at - issued.issued_at) / 1000).max(0));
    response.grant_type = grant.grant_type.as_ref().map(|g| g.as_str().to_owned());
    response.properties = (!grant.properties.is_empty()).then(|| grant.properties.clone());
    response.refresh_token = issued.refresh.as_ref().map(|(token, _, _)| token.clone());
    response.refresh_token_scopes = issued.refresh.as_ref().map(|_| grant.scopes.clone());
    response.scopes = Some(grant.scopes.clone());
    response.subject = grant.subject.clone();
    response.session_id = grant.session_id.clone();
    response.token_type = Some(token_type(binding).to_owned());
    response
}

/// The fields of `client_limited`: what the token list says about the client (never its secret).
fn limited_client(full: Client) -> Client {
    let mut client = Client::default();
    client.number = full.number;
    client.client_id = full.client_id;
    client.client_name = full.client_name;
    client.client_names = full.client_names;
    client.description = full.description;
    client.descriptions = full.descriptions;
    client.client_id_alias = full.client_id_alias;
    client.client_id_alias_enabled = full.client_id_alias_enabled;
    client.client_type = full.client_type;
    client
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_names_the_key_it_was_made_from() {
        let key = random::key("some-token");
        assert_eq!(key_of_hash(&hash_of_key(&key)), Some(key));
        assert_eq!(key_of_hash("not base64url!"), None);
        assert_eq!(key_of_hash(&URL_SAFE_NO_PAD.encode([1u8; 31])), None);
    }

    #[test]
    fn resources_are_absolute_uris_without_fragments() {
        assert!(crate::resources::is_resource(
            "https://api.example.com/orders"
        ));
        assert!(!crate::resources::is_resource("/orders"));
        assert!(!crate::resources::is_resource(
            "https://api.example.com/#part"
        ));
    }
}
