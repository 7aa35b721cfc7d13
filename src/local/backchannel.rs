//! The CIBA APIs. The local backend enables CIBA for no client, so every request is refused the
//! way Authlete refuses a client without CIBA: `unauthorized_client`, never an internal error.

use super::engine::{Engine, api_error};
use super::params::{Params, oauth_error};
use super::result_codes as rc;
use crate::api::{ApiError, Operation};
use crate::dto::*;

impl Engine {
    /// `/backchannel/authentication`.
    pub(crate) fn backchannel_authentication(
        &self,
        request: BackchannelAuthenticationRequest,
    ) -> Result<BackchannelAuthenticationResponse, ApiError> {
        let params = Params::parse(&request.parameters);
        let client_known = request
            .client_id
            .as_deref()
            .or(params.get("client_id"))
            .and_then(|id| id.parse::<i64>().ok())
            .is_some_and(|id| self.lock().clients.contains_key(&id));
        let (action, error) = if client_known {
            (
                BackchannelAuthenticationAction::BadRequest,
                "unauthorized_client",
            )
        } else {
            (
                BackchannelAuthenticationAction::Unauthorized,
                "invalid_client",
            )
        };
        let (result_code, result_message) = rc::CIBA_DISABLED.pair();
        Ok(BackchannelAuthenticationResponse {
            result_code,
            result_message,
            action: Some(action),
            response_content: Some(oauth_error(error, rc::CIBA_DISABLED, None)),
            ..BackchannelAuthenticationResponse::default()
        })
    }

    /// `/backchannel/authentication/issue`: no ticket can exist.
    pub(crate) fn backchannel_authentication_issue(
        &self,
        _request: BackchannelAuthenticationIssueRequest,
    ) -> Result<BackchannelAuthenticationIssueResponse, ApiError> {
        let (result_code, result_message) = rc::CIBA_DISABLED.pair();
        Ok(BackchannelAuthenticationIssueResponse {
            result_code,
            result_message,
            action: Some(BackchannelAuthenticationIssueAction::InvalidTicket),
            ..BackchannelAuthenticationIssueResponse::default()
        })
    }

    /// `/backchannel/authentication/fail`: no ticket can exist.
    pub(crate) fn backchannel_authentication_fail(
        &self,
        _request: BackchannelAuthenticationFailRequest,
    ) -> Result<BackchannelAuthenticationFailResponse, ApiError> {
        let (result_code, result_message) = rc::CIBA_DISABLED.pair();
        Ok(BackchannelAuthenticationFailResponse {
            result_code,
            result_message,
            action: Some(BackchannelAuthenticationFailAction::BadRequest),
            response_content: Some(oauth_error("invalid_request", rc::CIBA_DISABLED, None)),
        })
    }

    /// `/backchannel/authentication/complete`: no ticket can exist; a caller error (HTTP 400).
    pub(crate) fn backchannel_authentication_complete(
        &self,
        _request: BackchannelAuthenticationCompleteRequest,
    ) -> Result<BackchannelAuthenticationCompleteResponse, ApiError> {
        Err(api_error(
            Operation::BackchannelAuthenticationComplete,
            http::StatusCode::BAD_REQUEST,
            rc::CIBA_DISABLED,
            None,
        ))
    }
}
