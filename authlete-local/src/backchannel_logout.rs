//! `/backchannel/logout/token` (Authlete 3.0.32): a Logout Token of OpenID Connect Back-Channel
//! Logout 1.0 §2.4 for a client, signed with the service's ID-token key.
//!
//! The token's header has `typ` `logout+jwt` (§2.4's explicit typing); its claims are `iss`,
//! `aud` (the client), `iat`, `exp` (two minutes later), `jti`, `events` with the back-channel
//! logout event, and `sub`, `sid` or both, as the request names them. As Authlete, the backend
//! revokes nothing: the server sends the token to the client, and ends its own sessions.

use serde_json::{Map, Value, json};

use super::engine::Engine;
use super::result_codes::{self as rc, ResultCode};
use authlete_tower::api::ApiError;
use authlete_tower::dto::*;

/// How long a Logout Token may be used, in seconds (§2.4 recommends a short lifetime).
const LIFETIME_SECONDS: i64 = 120;
/// The event a Logout Token carries (§2.4).
const LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";

impl Engine {
    /// `/backchannel/logout/token`.
    pub(crate) fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        let present = |value: &Option<String>| value.clone().filter(|value| !value.is_empty());
        let (subject, session_id) = (present(&request.subject), present(&request.session_id));
        if request.client_identifier.is_empty() {
            return Ok(answer(
                rc::LOGOUT_TOKEN_BAD,
                Some("clientIdentifier is required."),
            ));
        }
        if subject.is_none() && session_id.is_none() {
            return Ok(answer(
                rc::LOGOUT_TOKEN_BAD,
                Some("subject or sessionId is required."),
            ));
        }
        let client_id = {
            let state = self.lock();
            match super::clients::lookup(&state.clients, &request.client_identifier) {
                Some(client) => client.client_id,
                None => return Ok(answer(rc::LOGOUT_TOKEN_NO_CLIENT, None)),
            }
        };
        let now = self.now() / 1000;
        let mut claims = Map::new();
        claims.insert("iss".into(), Value::from(self.config.issuer.clone()));
        claims.insert("aud".into(), Value::from(client_id.to_string()));
        claims.insert("iat".into(), Value::from(now));
        claims.insert("exp".into(), Value::from(now + LIFETIME_SECONDS));
        claims.insert("jti".into(), Value::from(super::random::token()));
        claims.insert("events".into(), json!({ LOGOUT_EVENT: {} }));
        if let Some(subject) = subject {
            claims.insert("sub".into(), Value::from(subject));
        }
        if let Some(session_id) = session_id {
            claims.insert("sid".into(), Value::from(session_id));
        }
        match self.keys.sign(&Value::Object(claims), Some("logout+jwt")) {
            Ok(token) => {
                let mut value = answer(rc::LOGOUT_TOKEN_OK, None);
                value.logout_token = Some(token);
                Ok(value)
            }
            Err(error) => {
                tracing::error!(%error, "the local backend could not sign a logout token");
                Ok(answer(rc::LOGOUT_TOKEN_SIGN, None))
            }
        }
    }
}

/// The answer with `code`'s result and the action it stands for.
fn answer(code: ResultCode, detail: Option<&str>) -> BackchannelLogoutTokenResponse {
    let mut value = BackchannelLogoutTokenResponse::default();
    value.result_code = Some(code.code.to_owned());
    value.result_message = Some(code.message_or_with(detail));
    value.action = Some(if code == rc::LOGOUT_TOKEN_OK {
        BackchannelLogoutTokenAction::Ok
    } else if code == rc::LOGOUT_TOKEN_SIGN {
        BackchannelLogoutTokenAction::ServerError
    } else {
        BackchannelLogoutTokenAction::CallerError
    });
    value
}
