//! Grant Management for OAuth 2.0: the `grant_management_action` and `grant_id` parameters of
//! authorization (and pushed authorization) requests, the grant records they create, merge
//! into or replace when the code is redeemed, and `/gm`, which queries a grant or revokes it with
//! every token of it.
//!
//! A `/gm` request must present a live access token of the grant's client (bound tokens with
//! their DPoP proof or certificate, as at the UserInfo endpoint): no token or an unusable one is
//! `UNAUTHORIZED`, another client's token `FORBIDDEN`, an unknown grant `NOT_FOUND`.

use serde_json::{Value, json};

use super::engine::Engine;
use super::introspection::Lookup;
use super::params::{Params, bearer_challenge};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::sender::ResourceProof;
use super::store::{Grant, GrantRecord, State};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// How long a grant record lives: as long as the map keeps it (grants do not expire).
const FOREVER: i64 = i64::MAX;

/// Why the grant management parameters of an authorization request are refused: the result
/// code, the OAuth error and its description.
pub(crate) type Refusal = (ResultCode, &'static str, String);

/// What an authorization request asks of its grant.
pub(crate) type Requested = Option<(GrantManagementAction, Option<String>)>;

impl Engine {
    /// The `grant_management_action` and `grant_id` of an authorization request by `client_id`,
    /// checked as Authlete checks them: an action other than `create`, `merge` or `replace`, a
    /// missing action where the service requires one, a `grant_id` with `create` or without an
    /// action, and `merge` or `replace` without a `grant_id` are `invalid_request`; a `grant_id`
    /// that is unknown or belongs to another client is `invalid_grant_id`. Without grant
    /// management the parameters are ignored.
    pub(crate) fn requested_grant_management(
        &self,
        state: &State,
        client_id: i64,
        params: &Params,
    ) -> Result<Requested, Refusal> {
        if !self.config.grant_management {
            return Ok(None);
        }
        let invalid =
            |detail: &str| Err((rc::AUTHZ_GM_ACTION, "invalid_request", detail.to_owned()));
        let grant_id = params.get("grant_id").map(str::to_owned);
        let action = match params.get("grant_management_action") {
            None if self.config.grant_management_action_required => {
                return invalid("grant_management_action is required.");
            }
            None if grant_id.is_some() => {
                return invalid("grant_id needs grant_management_action merge or replace.");
            }
            None => return Ok(None),
            Some("create") => GrantManagementAction::Create,
            Some("merge") => GrantManagementAction::Merge,
            Some("replace") => GrantManagementAction::Replace,
            Some(other) => {
                return invalid(&format!(
                    "grant_management_action '{other}' is not create, merge or replace."
                ));
            }
        };
        match (&action, &grant_id) {
            (GrantManagementAction::Create, Some(_)) => {
                invalid("grant_management_action=create cannot carry a grant_id.")
            }
            (GrantManagementAction::Create, None) => Ok(Some((action.clone(), None))),
            (_, None) => invalid("grant_management_action merge and replace need a grant_id."),
            (_, Some(id)) => {
                let owned = state
                    .grants
                    .get(&random::key(id), self.now())
                    .is_some_and(|record| record.client_id == client_id);
                if owned {
                    Ok(Some((action.clone(), grant_id.clone())))
                } else {
                    Err((
                        rc::AUTHZ_GM_GRANT_ID,
                        "invalid_grant_id",
                        "The grant_id is unknown or belongs to another client.".to_owned(),
                    ))
                }
            }
        }
    }

    /// What of `requested` an authorization issued for the user `subject` performs: nothing
    /// when `merge` or `replace` names another user's grant, as Authlete does not perform the
    /// action then (its `grantSubject` is for the authorization server to compare), so that one
    /// user's consent never lands in another's grant; the tokens are then in no grant.
    pub(crate) fn grant_management_for(
        &self,
        state: &State,
        requested: &Requested,
        subject: &str,
    ) -> Requested {
        let (action, grant_id) = requested.as_ref()?;
        let another_users = grant_id
            .as_deref()
            .and_then(|id| state.grants.get(&random::key(id), self.now()))
            .is_some_and(|record| record.subject.as_deref() != Some(subject));
        (!another_users).then(|| (action.clone(), grant_id.clone()))
    }

    /// Applies the action of a redeemed code to its grant: `create` records it, `merge` adds
    /// the scopes, resources and claims, `replace` puts them in the place of the old ones.
    pub(crate) fn apply_grant_action(
        &self,
        state: &mut State,
        grant: &Grant,
        action: &GrantManagementAction,
        claims: Vec<String>,
        operation: Operation,
    ) -> Result<(), ApiError> {
        let Some(grant_id) = &grant.grant_id else {
            return Ok(());
        };
        let now = self.now();
        let key = random::key(grant_id);
        let mut record = match (action, state.grants.get(&key, now)) {
            (GrantManagementAction::Merge, Some(existing)) => existing.clone(),
            // The grant was revoked between the request and the redemption: start afresh.
            _ => GrantRecord::default(),
        };
        record.client_id = grant.client_id;
        record.subject = grant.subject.clone();
        let add = |into: &mut Vec<String>, from: &[String]| {
            for value in from {
                if !into.contains(value) {
                    into.push(value.clone());
                }
            }
        };
        add(&mut record.scopes, &grant.scopes);
        add(&mut record.resources, &grant.resources);
        add(&mut record.claims, &claims);
        state
            .grants
            .insert(key, FOREVER, record, now)
            .map_err(|_| super::engine::capacity(operation))
    }

    /// `/gm`.
    pub(crate) fn grant_management(&self, request: GmRequest) -> Result<GmResponse, ApiError> {
        let answer = |action: GmAction, code: ResultCode, content: Option<String>| {
            let (result_code, result_message) = code.pair();
            let mut value = GmResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(action);
            value.response_content = content;
            value
        };
        let refuse = |action: GmAction, error: &str, code: ResultCode| {
            answer(action, code, Some(bearer_challenge(error, code, None)))
        };
        let grant_id = request.grant_id.as_deref().filter(|id| !id.is_empty());
        let (Some(action), Some(grant_id)) = (&request.gm_action, grant_id) else {
            return Ok(refuse(
                GmAction::CallerError,
                "server_error",
                rc::GM_BAD_REQUEST,
            ));
        };
        if !matches!(
            action,
            GrantManagementAction::Query | GrantManagementAction::Revoke
        ) {
            return Ok(refuse(
                GmAction::CallerError,
                "server_error",
                rc::GM_BAD_REQUEST,
            ));
        }
        let token = request.access_token.clone().unwrap_or_default();
        let entry = {
            let state = self.lock();
            match self.lookup_access(&state, &token) {
                Lookup::Live(_, entry) => entry,
                Lookup::Missing => {
                    return Ok(refuse(
                        GmAction::Unauthorized,
                        "invalid_request",
                        rc::INTROSPECTION_NO_TOKEN,
                    ));
                }
                Lookup::Unknown => {
                    return Ok(refuse(
                        GmAction::Unauthorized,
                        "invalid_token",
                        rc::INTROSPECTION_UNKNOWN,
                    ));
                }
                Lookup::Expired(..) => {
                    return Ok(refuse(
                        GmAction::Unauthorized,
                        "invalid_token",
                        rc::INTROSPECTION_EXPIRED,
                    ));
                }
            }
        };
        let htu = request
            .htu
            .clone()
            .unwrap_or_else(|| format!("{}/{grant_id}", self.config.endpoints.grant_management));
        let proof = ResourceProof {
            dpop: request.dpop.as_deref(),
            htm: request.htm.as_deref().or(Some(match action {
                GrantManagementAction::Revoke => "DELETE",
                _ => "GET",
            })),
            htu: Some(htu.as_str()),
            certificate: request.client_certificate.as_deref(),
            nonce_required: self.config.dpop_nonce_required
                || request.dpop_nonce_required == Some(true),
        };
        let mut state = self.lock();
        let nonce = match self.resource_sender(
            &mut state,
            &entry.binding,
            &token,
            &proof,
            Operation::GrantManagement,
        )? {
            Ok(nonce) => nonce,
            Err(refusal) => {
                let mut value = answer(
                    GmAction::Unauthorized,
                    refusal.code,
                    Some(refusal.challenge),
                );
                value.dpop_nonce = refusal.nonce;
                return Ok(value);
            }
        };
        let now = self.now();
        let Some(record) = state.grants.get(&random::key(grant_id), now).cloned() else {
            let mut value = refuse(GmAction::NotFound, "invalid_grant_id", rc::GM_NOT_FOUND);
            value.dpop_nonce = nonce;
            return Ok(value);
        };
        if record.client_id != entry.grant.client_id {
            let mut value = refuse(GmAction::Forbidden, "insufficient_scope", rc::GM_FORBIDDEN);
            value.dpop_nonce = nonce;
            return Ok(value);
        }
        let mut value = match action {
            GrantManagementAction::Revoke => {
                state.revoke_grant(grant_id);
                answer(GmAction::NoContent, rc::GM_REVOKE_OK, None)
            }
            _ => answer(
                GmAction::Ok,
                rc::GM_QUERY_OK,
                Some(grant_document(&record).to_string()),
            ),
        };
        value.dpop_nonce = nonce;
        Ok(value)
    }
}

/// The grant as the grant management endpoint answers it (Grant Management for OAuth 2.0
/// §6.1.2): `scopes` (each with its `resource`s) and `claims`.
pub(crate) fn grant_document(record: &GrantRecord) -> Value {
    let mut scope = json!({"scope": record.scopes.join(" ")});
    if !record.resources.is_empty() {
        scope["resource"] = json!(record.resources);
    }
    let mut document = json!({"scopes": [scope]});
    if !record.claims.is_empty() {
        document["claims"] = json!(record.claims);
    }
    document
}

/// The grant as Authlete's DTOs carry it (the authorization response's `grant`).
pub(crate) fn grant_dto(record: &GrantRecord) -> authlete_tower::dto::Grant {
    serde_json::from_value(grant_document(record)).unwrap_or_default()
}
