//! `/idtoken/reissue` (Authlete 2.3.8 and 3.0): a new ID token for the access and refresh tokens
//! a refresh-token grant has just issued, when the service's `idTokenReissuable` is on and
//! `/auth/token` answered `ID_TOKEN_REISSUABLE` (see [`LocalConfig::id_token_reissuable`]).
//!
//! The answer's `responseContent` is the whole token response again (the same access and refresh
//! tokens, their scope and remaining lifetime) with the new `id_token`: the same `sub` (or the
//! request's `sub`), `auth_time` and `acr` as the grant's first ID token (OIDC Core §12.2), a new
//! `iat` and `exp`, `at_hash` of the access token given, and the request's `claims`.
//!
//! [`LocalConfig::id_token_reissuable`]: crate::LocalConfig::id_token_reissuable

use serde_json::Value;

use super::engine::Engine;
use super::id_token::Binding;
use super::result_codes::{self as rc, ResultCode};
use super::store::State;
use super::token::token_json;
use authlete_tower::api::ApiError;
use authlete_tower::dto::*;

impl Engine {
    /// `/idtoken/reissue`.
    pub(crate) fn id_token_reissue(
        &self,
        request: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        if !self.config.id_token_reissuable {
            return Ok(caller_error(rc::ID_TOKEN_REISSUE_DISABLED, None));
        }
        if request.access_token.is_empty() || request.refresh_token.is_empty() {
            return Ok(caller_error(
                rc::ID_TOKEN_REISSUE_BAD,
                Some("accessToken and refreshToken are required."),
            ));
        }
        let claims = match request.claims.as_deref().filter(|text| !text.is_empty()) {
            None => None,
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(claims)) => Some(claims),
                _ => {
                    return Ok(caller_error(
                        rc::ID_TOKEN_REISSUE_BAD,
                        Some("claims must be a JSON object."),
                    ));
                }
            },
        };
        if let Some(text) = request
            .idt_header_params
            .as_deref()
            .filter(|t| !t.is_empty())
            && !matches!(serde_json::from_str::<Value>(text), Ok(Value::Object(_)))
        {
            return Ok(caller_error(
                rc::ID_TOKEN_REISSUE_BAD,
                Some("idtHeaderParams must be a JSON object."),
            ));
        }
        let aud_array = match request.id_token_aud_type.as_deref() {
            None | Some("") | Some("string") => false,
            Some("array") => true,
            Some(_) => {
                return Ok(caller_error(
                    rc::ID_TOKEN_REISSUE_BAD,
                    Some("idTokenAudType must be 'array' or 'string'."),
                ));
            }
        };
        let sub = request.sub.clone().filter(|sub| !sub.is_empty());
        let state = self.lock();
        let now = self.now();
        let access_key = state.access_key(&request.access_token);
        let refresh_key = super::random::key(&request.refresh_token);
        let tokens = rc::ID_TOKEN_REISSUE_TOKENS;
        let live = |at: i64| at > now;
        let (Some((access_expires_at, access)), Some((_, refresh))) = (
            state
                .access
                .get_any(&access_key)
                .filter(|(at, _)| live(*at)),
            state
                .refresh
                .get_any(&refresh_key)
                .filter(|(at, _)| live(*at)),
        ) else {
            return Ok(caller_error(tokens, None));
        };
        // The pair must be the access token the refresh token was issued with, of a user's
        // OpenID grant, and of a client that is not locked.
        if access.refresh != Some(refresh_key)
            || !refresh.access.contains(&access_key)
            || access.grant.subject.is_none()
            || !access.grant.scopes.iter().any(|scope| scope == "openid")
            || super::client_administration::client_locked(&state, access.grant.client_id)
        {
            return Ok(caller_error(tokens, None));
        }
        let mut grant = access.grant.clone();
        if sub.is_some() {
            grant.sub = sub;
        }
        grant.extra_claims = claims;
        let Some(id_token) = self.id_token(
            &grant,
            Binding {
                access_token: Some(&request.access_token),
                aud_array,
                ..Binding::default()
            },
        ) else {
            let (result_code, result_message) = rc::ID_TOKEN_REISSUE_SIGN.pair();
            let mut value = IdTokenReissueResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(IdTokenReissueAction::InternalServerError);
            return Ok(value);
        };
        let expires_in = ((access_expires_at - now) / 1000).max(0);
        let content = token_json(
            &request.access_token,
            expires_in,
            Some(&request.refresh_token),
            &access.grant.scopes,
            Some(&id_token),
        );
        // A DPoP-bound access token is of type DPoP (RFC 9449 §5), as /auth/token answered it.
        let content = if access.binding.jkt.is_some() {
            match serde_json::from_str::<Value>(&content) {
                Ok(Value::Object(mut body)) => {
                    body.insert("token_type".into(), Value::from("DPoP"));
                    Value::Object(body).to_string()
                }
                _ => content,
            }
        } else {
            content
        };
        let (result_code, result_message) = rc::ID_TOKEN_REISSUED.pair();
        let mut value = IdTokenReissueResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(IdTokenReissueAction::Ok);
        value.response_content = Some(content);
        value.id_token = Some(id_token);
        Ok(value)
    }

    /// Turns the `OK` answer of a refresh-token grant into `ID_TOKEN_REISSUABLE` when the service
    /// lets ID tokens be reissued and the grant is a user's OpenID grant: the answer keeps its
    /// tokens and loses its ID token, which `/idtoken/reissue` issues instead.
    pub(crate) fn mark_reissuable(&self, state: &State, response: &mut TokenResponse) {
        if !self.config.id_token_reissuable
            || response.action != Some(TokenAction::Ok)
            || response.grant_type.as_deref() != Some("REFRESH_TOKEN")
            || response.subject.is_none()
            || response.refresh_token.is_none()
            || !response
                .scopes
                .as_ref()
                .is_some_and(|scopes| scopes.iter().any(|scope| scope == "openid"))
        {
            return;
        }
        response.action = Some(TokenAction::IdTokenReissuable);
        let (result_code, result_message) = rc::TOKEN_ID_TOKEN_REISSUABLE.pair();
        response.result_code = result_code;
        response.result_message = result_message;
        response.id_token = None;
        if let Some(Ok(Value::Object(mut body))) = response
            .response_content
            .as_deref()
            .map(serde_json::from_str::<Value>)
        {
            body.remove("id_token");
            response.response_content = Some(Value::Object(body).to_string());
        }
        // The claims of the grant's first ID token: the backend keeps the values the application
        // gave at issue, not the claims request itself, so their names are what was requested
        // and found.
        let names = response
            .access_token
            .as_deref()
            .and_then(|token| state.access.get_any(&state.access_key(token)))
            .and_then(|(_, entry)| entry.grant.extra_claims.as_ref())
            .map(|claims| claims.keys().cloned().collect())
            .unwrap_or_default();
        response.requested_id_token_claims = Some(names);
    }
}

fn caller_error(code: ResultCode, detail: Option<&str>) -> IdTokenReissueResponse {
    let mut value = IdTokenReissueResponse::default();
    value.result_code = Some(code.code.to_owned());
    value.result_message = Some(code.message_or_with(detail));
    value.action = Some(IdTokenReissueAction::CallerError);
    value
}
