//! `/auth/revocation` (RFC 7009): access and refresh tokens, only by the client they were issued to.

use super::client_auth::AuthFailure;
use super::engine::Engine;
use super::params::{Params, oauth_error};
use super::result_codes::{self as rc, ResultCode};
use authlete_tower::api::ApiError;
use authlete_tower::dto::*;

impl Engine {
    /// `/auth/revocation`.
    pub(crate) fn revocation(
        &self,
        request: RevocationRequest,
    ) -> Result<RevocationResponse, ApiError> {
        let params = Params::parse(&request.parameters);
        if let Some(name) = params.duplicate() {
            return Ok(answer(
                RevocationAction::BadRequest,
                rc::REVOCATION_NO_TOKEN,
                Some(oauth_error(
                    "invalid_request",
                    rc::REVOCATION_NO_TOKEN,
                    Some(&format!("'{name}' is given more than once.")),
                )),
            ));
        }
        let mut state = self.lock();
        let client_id = match self.authenticate_client(
            &mut state,
            request.client_id.as_deref(),
            request.client_secret.as_deref(),
            request.client_certificate.as_deref(),
            &params,
        ) {
            Ok(client) => client.client_id,
            Err(AuthFailure::InvalidClient(why)) => {
                return Ok(answer(
                    RevocationAction::InvalidClient,
                    rc::REVOCATION_INVALID_CLIENT,
                    Some(oauth_error(
                        "invalid_client",
                        rc::REVOCATION_INVALID_CLIENT,
                        Some(why),
                    )),
                ));
            }
            Err(AuthFailure::InvalidRequest(why)) => {
                return Ok(answer(
                    RevocationAction::BadRequest,
                    rc::REVOCATION_INVALID_CLIENT,
                    Some(oauth_error(
                        "invalid_request",
                        rc::REVOCATION_INVALID_CLIENT,
                        Some(why),
                    )),
                ));
            }
        };
        let Some(token) = params.get("token") else {
            return Ok(answer(
                RevocationAction::BadRequest,
                rc::REVOCATION_NO_TOKEN,
                Some(oauth_error(
                    "invalid_request",
                    rc::REVOCATION_NO_TOKEN,
                    None,
                )),
            ));
        };
        let key = state.access_key(token);
        let now = self.now();
        let access_owner = state
            .access
            .get(&key, now)
            .map(|entry| entry.grant.client_id);
        let refresh_owner = state
            .refresh
            .get(&key, now)
            .map(|entry| entry.grant.client_id);
        if access_owner == Some(client_id) {
            state.revoke_access(&key);
        }
        if refresh_owner == Some(client_id) {
            state.revoke_refresh(&key);
        }
        // RFC 7009 §2.2: an unknown token, or one of another client, still answers 200.
        Ok(answer(RevocationAction::Ok, rc::REVOCATION_OK, None))
    }
}

fn answer(
    action: RevocationAction,
    code: ResultCode,
    content: Option<String>,
) -> RevocationResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = RevocationResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(action);
        value.response_content = content;
        value
    }
}
