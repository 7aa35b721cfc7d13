//! Client administration: the list (`/client/get/list`), update (`/client/update/{clientId}`),
//! secret update, the lock flag, requestable scopes, granted scopes and client authorizations
//! (the tokens a subject holds at a client).
//!
//! ```text
//! POST /api/1000/client/lock_flag/update/2000
//! {"clientLocked":true}
//! 200 {"resultCode":"A152001","resultMessage":"[A152001] The lock flag of the client was updated."}
//! ```
//!
//! A locked client authenticates nowhere (token, revocation, PAR, device and backchannel
//! endpoints answer `invalid_client`), the authorization API refuses its requests, and its
//! access tokens are refused by introspection and UserInfo as unknown until it is unlocked.
//! Requestable scopes restrict what the client may ask for: other scopes are dropped from its
//! authorization and client-credentials requests, as Authlete drops them. Granted scopes are
//! computed from the live tokens the subject holds at the client; deleting them forgets those
//! tokens' scopes (the tokens stay), as Authlete's record is deleted without revoking anything.

use std::collections::{HashMap, HashSet};

use http::StatusCode;

use super::client_management::metadata_of;
use super::engine::{Engine, api_error};
use super::registration::client_from_metadata;
use super::result_codes::{self as rc, ResultCode};
use super::store::{Key, State};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::config::Secret;
use authlete_tower::dto::*;

/// What `/client/get/list` and `/client/authorization/get/list` answer without a range.
const DEFAULT_END: u32 = 5;

/// The longest secret `/client/secret/update` accepts (Authlete's limit).
const MAX_SECRET_LENGTH: usize = 86;

/// What the management APIs set on a client beyond its metadata (kept in a data file with the
/// client).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct ClientAdministration {
    /// Set by `/client/lock_flag/update`.
    pub locked: bool,
    /// The scopes the client may request, when restricted.
    pub requestable_scopes: Option<Vec<String>>,
    /// Per subject, the tokens whose scopes `/client/granted_scopes/delete` forgot.
    pub forgotten: HashMap<String, HashSet<Key>>,
    /// The developer given at creation or update.
    pub developer: Option<String>,
    /// When a management API last changed the client (ms).
    pub modified_at: Option<i64>,
}

impl ClientAdministration {
    /// `scopes` without those the client may not request (all of them when unrestricted).
    pub fn requestable(&self, scopes: Vec<String>) -> Vec<String> {
        match &self.requestable_scopes {
            None => scopes,
            Some(allowed) => scopes
                .into_iter()
                .filter(|scope| allowed.contains(scope))
                .collect(),
        }
    }

    /// Adds what it holds to the client's DTO.
    pub fn fill(&self, client: &mut Client) {
        client.locked = Some(self.locked);
        if let Some(scopes) = &self.requestable_scopes {
            client.extension = Some(serde_json::json!({
                "requestableScopesEnabled": true,
                "requestableScopes": scopes,
            }));
        }
        if self.developer.is_some() {
            client.developer = self.developer.clone();
        }
        if self.modified_at.is_some() {
            client.modified_at = self.modified_at;
        }
    }
}

/// Whether the client `client_id` is locked (an unknown client is not).
pub(crate) fn client_locked(state: &State, client_id: i64) -> bool {
    state
        .clients
        .get(&client_id)
        .is_some_and(|client| client.administration.locked)
}

fn not_found(operation: Operation) -> ApiError {
    api_error(operation, StatusCode::NOT_FOUND, rc::CLIENT_NOT_FOUND, None)
}

fn bad(operation: Operation, code: ResultCode, detail: Option<&str>) -> ApiError {
    api_error(operation, StatusCode::BAD_REQUEST, code, detail)
}

/// The ID of the known client `identifier` names (the local backend has no aliases).
fn known(state: &State, identifier: &str, operation: Operation) -> Result<i64, ApiError> {
    identifier
        .parse::<i64>()
        .ok()
        .filter(|id| state.clients.contains_key(id))
        .ok_or_else(|| not_found(operation))
}

fn required_subject(subject: &str, operation: Operation) -> Result<(), ApiError> {
    if subject.is_empty() {
        return Err(bad(operation, rc::SUBJECT_REQUIRED, None));
    }
    Ok(())
}

/// `[start, end)` of a list, or the error of a reversed range.
fn range(
    start: Option<i64>,
    end: Option<i64>,
    operation: Operation,
    code: ResultCode,
) -> Result<(usize, usize), ApiError> {
    let start = start.unwrap_or(0);
    let end = end.unwrap_or(i64::from(DEFAULT_END));
    if start < 0 || end < start {
        return Err(bad(
            operation,
            code,
            Some("start must be non-negative and end not smaller than start."),
        ));
    }
    Ok((
        usize::try_from(start).unwrap_or(usize::MAX),
        usize::try_from(end).unwrap_or(usize::MAX),
    ))
}

/// Whether a secret is one Authlete accepts: 1 to 86 characters of `A-Z a-z 0-9 - _`.
fn valid_secret(secret: &str) -> bool {
    !secret.is_empty()
        && secret.len() <= MAX_SECRET_LENGTH
        && secret
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
}

impl Engine {
    /// A client's DTO with what the management APIs set.
    pub(crate) fn administered_dto(&self, state: &State, client_id: i64) -> Option<Client> {
        let live = state.clients.get(&client_id)?;
        let mut dto = live.dto(self.service_number());
        live.administration.fill(&mut dto);
        Some(dto)
    }

    /// `/client/get/list`: the clients by ID, of one developer if asked.
    pub(crate) fn client_list(
        &self,
        options: ClientListOptions,
    ) -> Result<ClientGetListResponse, ApiError> {
        let operation = Operation::ClientList;
        let (start, end) = range(
            options.start.map(i64::from),
            options.end.map(i64::from),
            operation,
            rc::CLIENT_LIST_BAD,
        )?;
        let state = self.lock();
        let developer = options.developer.filter(|developer| !developer.is_empty());
        let mut ids: Vec<i64> = state
            .clients
            .values()
            .filter(|client| {
                developer
                    .as_deref()
                    .is_none_or(|wanted| client.administration.developer.as_deref() == Some(wanted))
            })
            .map(|client| client.client_id)
            .collect();
        ids.sort_unstable();
        let mut response = ClientGetListResponse::default();
        response.start = Some(start as i64);
        response.end = Some(end as i64);
        response.total_count = Some(ids.len() as i64);
        response.clients = Some(
            ids.iter()
                .skip(start)
                .take(end - start)
                .filter_map(|id| self.administered_dto(&state, *id))
                .collect(),
        );
        Ok(response)
    }

    /// `/client/update/{clientId}`: the metadata replaced, checked as at creation; the ID, the
    /// secret, the lock flag and the requestable scopes stay.
    pub(crate) fn client_update(
        &self,
        client_id: &str,
        client: Client,
    ) -> Result<Client, ApiError> {
        let operation = Operation::ClientUpdate;
        let invalid = |detail: &str| bad(operation, rc::CLIENT_UPDATE_BAD, Some(detail));
        let metadata = metadata_of(&client).map_err(|detail| invalid(&detail))?;
        let now = self.now();
        let mut state = self.lock();
        let id = known(&state, client_id, operation)?;
        let existing = state
            .clients
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(operation))?;
        let mut updated =
            client_from_metadata(metadata, id, now, Some(&existing)).map_err(|rejection| {
                let description = rejection
                    .response_content
                    .as_deref()
                    .and_then(|content| serde_json::from_str::<serde_json::Value>(content).ok())
                    .and_then(|content| content["error_description"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| "The client metadata is invalid.".to_owned());
                invalid(&description)
            })?;
        updated.administration = existing.administration;
        if let Some(developer) = client.developer.filter(|developer| !developer.is_empty()) {
            updated.administration.developer = Some(developer);
        }
        updated.administration.modified_at = Some(now);
        state.clients.insert(id, updated);
        self.administered_dto(&state, id)
            .ok_or_else(|| not_found(operation))
    }

    /// `/client/secret/update/{clientIdentifier}`: the given secret replaces the old one at once.
    pub(crate) fn client_secret_update(
        &self,
        identifier: &str,
        request: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        let operation = Operation::ClientSecretUpdate;
        if !valid_secret(&request.client_secret) {
            return Err(bad(operation, rc::CLIENT_SECRET_BAD, None));
        }
        let mut state = self.lock();
        let id = known(&state, identifier, operation)?;
        let client = state
            .clients
            .get_mut(&id)
            .ok_or_else(|| not_found(operation))?;
        if client.is_public() {
            return Err(bad(operation, rc::CLIENT_SECRET_PUBLIC, None));
        }
        let old = client
            .secret
            .replace(Secret::new(request.client_secret.clone()));
        client.administration.modified_at = Some(self.now());
        let (result_code, result_message) = rc::CLIENT_SECRET_UPDATED.pair();
        let mut response = ClientSecretUpdateResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        response.new_client_secret = Some(request.client_secret);
        response.old_client_secret = old.map(|old| old.expose().to_owned());
        Ok(response)
    }

    /// `/client/lock_flag/update/{clientIdentifier}`.
    pub(crate) fn client_lock_flag_update(
        &self,
        identifier: &str,
        request: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        let operation = Operation::ClientLockFlagUpdate;
        let Some(locked) = request.client_locked else {
            return Err(bad(operation, rc::CLIENT_LOCK_BAD, None));
        };
        let now = self.now();
        let mut state = self.lock();
        let id = known(&state, identifier, operation)?;
        if let Some(client) = state.clients.get_mut(&id) {
            client.administration.locked = locked;
            client.administration.modified_at = Some(now);
        }
        let mut response = ClientFlagUpdateResponse::default();
        response.result_code = rc::CLIENT_LOCK_UPDATED.code.to_owned();
        response.result_message = rc::CLIENT_LOCK_UPDATED.message();
        Ok(response)
    }

    /// `/client/extension/requestable_scopes/get/{clientId}`.
    pub(crate) fn client_requestable_scopes_get(
        &self,
        client_id: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        let operation = Operation::ClientRequestableScopesGet;
        let state = self.lock();
        let id = known(&state, client_id, operation)?;
        let mut response = ClientExtensionRequestableScopesGetResponse::default();
        response.requestable_scopes = state.clients[&id].administration.requestable_scopes.clone();
        Ok(response)
    }

    /// `/client/extension/requestable_scopes/update/{clientId}`: scopes the service does not
    /// support are ignored; no list is the same as the delete API.
    pub(crate) fn client_requestable_scopes_update(
        &self,
        client_id: &str,
        request: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        let operation = Operation::ClientRequestableScopesUpdate;
        let scopes = request.requestable_scopes.map(|scopes| {
            let mut kept: Vec<String> = Vec::new();
            for scope in scopes {
                if self.unknown_scope(std::slice::from_ref(&scope)).is_none()
                    && !kept.contains(&scope)
                {
                    kept.push(scope);
                }
            }
            kept
        });
        let now = self.now();
        let mut state = self.lock();
        let id = known(&state, client_id, operation)?;
        if let Some(client) = state.clients.get_mut(&id) {
            client.administration.requestable_scopes = scopes.clone();
            client.administration.modified_at = Some(now);
        }
        let mut response = ClientExtensionRequestableScopesUpdateResponse::default();
        response.requestable_scopes = scopes;
        Ok(response)
    }

    /// `/client/extension/requestable_scopes/delete/{clientId}`: the client may request any
    /// scope again.
    pub(crate) fn client_requestable_scopes_delete(&self, client_id: &str) -> Result<(), ApiError> {
        let operation = Operation::ClientRequestableScopesDelete;
        let now = self.now();
        let mut state = self.lock();
        let id = known(&state, client_id, operation)?;
        if let Some(client) = state.clients.get_mut(&id) {
            client.administration.requestable_scopes = None;
            client.administration.modified_at = Some(now);
        }
        Ok(())
    }

    /// The live tokens (access and refresh) `subject` holds at `client_id`: key, issue time and
    /// scopes. A refresh token is dated by the newest live access token issued with it (none
    /// left: `None`, the oldest), so that the order of issue does not depend on hash order.
    fn tokens_of(
        state: &State,
        client_id: i64,
        subject: &str,
        now: i64,
    ) -> Vec<(Key, Option<i64>, Vec<String>)> {
        let held = |grant: &super::store::Grant| {
            grant.client_id == client_id && grant.subject.as_deref() == Some(subject)
        };
        let access = state
            .access
            .iter_live(now)
            .filter(|(_, _, entry)| held(&entry.grant))
            .map(|(key, _, entry)| (*key, Some(entry.issued_at), entry.grant.scopes.clone()));
        let refresh = state
            .refresh
            .iter_live(now)
            .filter(|(_, _, entry)| held(&entry.grant))
            .map(|(key, _, entry)| {
                let issued_at = entry
                    .access
                    .iter()
                    .filter_map(|access| state.access.get(access, now))
                    .map(|access| access.issued_at)
                    .max();
                (*key, issued_at, entry.grant.scopes.clone())
            });
        access.chain(refresh).collect()
    }

    /// `/client/granted_scopes/get/{clientId}`: from the live tokens of the subject at the
    /// client that were not forgotten; the latest are the newest access token's scopes.
    pub(crate) fn client_granted_scopes_get(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        let operation = Operation::ClientGrantedScopesGet;
        required_subject(subject, operation)?;
        let now = self.now();
        let state = self.lock();
        let id = known(&state, client_id, operation)?;
        let forgotten = state.clients[&id].administration.forgotten.get(subject);
        let mut tokens: Vec<_> = Self::tokens_of(&state, id, subject, now)
            .into_iter()
            .filter(|(key, _, _)| forgotten.is_none_or(|keys| !keys.contains(key)))
            .collect();
        tokens.sort_by_key(|(key, issued_at, _)| (*issued_at, *key));
        let mut merged: Vec<String> = Vec::new();
        for (_, _, scopes) in &tokens {
            for scope in scopes {
                if !merged.contains(scope) {
                    merged.push(scope.clone());
                }
            }
        }
        let latest = tokens
            .iter()
            .rev()
            .find(|(_, issued_at, _)| issued_at.is_some())
            .or(tokens.last());
        let code = if tokens.is_empty() {
            rc::GRANTED_SCOPES_NONE
        } else {
            rc::GRANTED_SCOPES_FOUND
        };
        let (result_code, result_message) = code.pair();
        let mut response = GrantedScopesGetResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        response.service_api_key = Some(self.service_number());
        response.client_id = Some(id);
        response.subject = Some(subject.to_owned());
        response.latest_granted_scopes = latest.map(|(_, _, scopes)| scopes.clone());
        response.merged_granted_scopes = (!tokens.is_empty()).then_some(merged);
        response.modified_at = latest.and_then(|(_, issued_at, _)| *issued_at);
        Ok(response)
    }

    /// `/client/granted_scopes/delete/{clientId}`: forgets the scopes of the subject's current
    /// tokens at the client; the tokens themselves stay usable.
    pub(crate) fn client_granted_scopes_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        let operation = Operation::ClientGrantedScopesDelete;
        required_subject(subject, operation)?;
        let now = self.now();
        let mut state = self.lock();
        let id = known(&state, client_id, operation)?;
        let keys: HashSet<Key> = Self::tokens_of(&state, id, subject, now)
            .into_iter()
            .map(|(key, _, _)| key)
            .collect();
        if let Some(client) = state.clients.get_mut(&id) {
            // Tokens that expired since are of no interest: keep only the current ones.
            client
                .administration
                .forgotten
                .insert(subject.to_owned(), keys);
        }
        let (result_code, result_message) = rc::GRANTED_SCOPES_DELETED.pair();
        let mut response = ClientGrantedScopesDeleteResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        Ok(response)
    }

    /// `/client/authorization/get/list`: the clients at which the subject holds a live token,
    /// by ID, of one developer if asked (without their secrets).
    pub(crate) fn client_authorization_list(
        &self,
        request: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        let operation = Operation::ClientAuthorizationList;
        required_subject(&request.subject, operation)?;
        let (start, end) = range(request.start, request.end, operation, rc::CLIENT_LIST_BAD)?;
        let now = self.now();
        let state = self.lock();
        let subject = request.subject.as_str();
        let developer = request.developer.filter(|developer| !developer.is_empty());
        let mut ids: Vec<i64> = state
            .access
            .iter_live(now)
            .map(|(_, _, entry)| &entry.grant)
            .chain(
                state
                    .refresh
                    .iter_live(now)
                    .map(|(_, _, entry)| &entry.grant),
            )
            .filter(|grant| grant.subject.as_deref() == Some(subject))
            .map(|grant| grant.client_id)
            .filter(|id| {
                state.clients.get(id).is_some_and(|client| {
                    developer.as_deref().is_none_or(|wanted| {
                        client.administration.developer.as_deref() == Some(wanted)
                    })
                })
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let mut response = ClientAuthorizationGetListResponse::default();
        response.start = Some(start as i64);
        response.end = Some(end as i64);
        response.developer = developer;
        response.subject = Some(request.subject.clone());
        response.total_count = Some(ids.len() as i64);
        response.clients = Some(
            ids.iter()
                .skip(start)
                .take(end - start)
                .filter_map(|id| self.administered_dto(&state, *id))
                .map(|mut client| {
                    client.client_secret = None;
                    client
                })
                .collect(),
        );
        Ok(response)
    }

    /// `/client/authorization/update/{clientId}`: the given scopes replace those of every live
    /// token the subject holds at the client; no scopes change nothing.
    pub(crate) fn client_authorization_update(
        &self,
        client_id: &str,
        request: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        let operation = Operation::ClientAuthorizationUpdate;
        required_subject(&request.subject, operation)?;
        let now = self.now();
        let mut state = self.lock();
        let id = known(&state, client_id, operation)?;
        if let Some(scopes) = request.scopes {
            for (key, issued_at, _) in Self::tokens_of(&state, id, &request.subject, now) {
                let grant = if issued_at.is_some() {
                    state
                        .access
                        .get_mut(&key, now)
                        .map(|entry| &mut entry.grant)
                } else {
                    state
                        .refresh
                        .get_mut(&key, now)
                        .map(|entry| &mut entry.grant)
                };
                if let Some(grant) = grant {
                    grant.scopes = scopes.clone();
                }
            }
        }
        let (result_code, result_message) = rc::CLIENT_AUTHORIZATION_UPDATED.pair();
        let mut response = ClientAuthorizationUpdateResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        Ok(response)
    }

    /// `/client/authorization/delete/{clientId}`: every token the subject holds at the client
    /// is deleted (as `/auth/token/revoke` with the client and the subject).
    pub(crate) fn client_authorization_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        let operation = Operation::ClientAuthorizationDelete;
        required_subject(subject, operation)?;
        let id = known(&self.lock(), client_id, operation)?;
        let mut revoke = TokenRevokeRequest::subject(subject);
        revoke.client_identifier = Some(id.to_string());
        self.token_revoke(revoke).map_err(|error| match error {
            ApiError::Api { .. } => not_found(operation),
            other => other,
        })?;
        let (result_code, result_message) = rc::CLIENT_AUTHORIZATION_DELETED.pair();
        let mut response = ClientAuthorizationDeleteResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        response.service_api_key = Some(self.service_number());
        response.client_id = Some(id);
        response.subject = Some(subject.to_owned());
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_checked_as_authlete_does() {
        assert!(valid_secret("abc-DEF_123"));
        assert!(valid_secret(&"a".repeat(86)));
        assert!(!valid_secret(&"a".repeat(87)));
        assert!(!valid_secret(""));
        assert!(!valid_secret("with space"));
        assert!(!valid_secret("plus+slash/"));
    }

    #[test]
    fn requestable_scopes_drop_the_others() {
        let mut administration = ClientAdministration::default();
        let asked = vec!["openid".to_owned(), "email".to_owned()];
        assert_eq!(administration.requestable(asked.clone()), asked);
        administration.requestable_scopes = Some(vec!["openid".to_owned()]);
        assert_eq!(administration.requestable(asked), ["openid"]);
    }
}
