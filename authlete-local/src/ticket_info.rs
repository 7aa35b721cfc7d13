//! `/auth/authorization/ticket/info` and `/auth/authorization/ticket/update`: the text an
//! authorization server attaches to a pending authorization ticket (its `context`), read back
//! while the user decides and returned by `/auth/authorization/issue` as `ticketInfo`.
//!
//! A missing ticket (or, at update, missing information) is `CALLER_ERROR`; a ticket that is
//! unknown, used or expired is `NOT_FOUND`; both answer HTTP 200 with the action, as the other
//! action-style APIs do.

use authlete_tower::api::ApiError;
use authlete_tower::dto::{
    AuthorizationTicketAction, AuthorizationTicketInfo, AuthorizationTicketInfoRequest,
    AuthorizationTicketInfoResponse, AuthorizationTicketUpdateRequest,
    AuthorizationTicketUpdateResponse,
};

use super::engine::Engine;
use super::random;
use super::result_codes::{self as rc, ResultCode};

/// The outcome of either API, before it is put in its answer type.
struct Outcome {
    action: AuthorizationTicketAction,
    code: ResultCode,
    info: Option<AuthorizationTicketInfo>,
}

impl Outcome {
    fn refused(action: AuthorizationTicketAction, code: ResultCode) -> Self {
        Outcome {
            action,
            code,
            info: None,
        }
    }

    fn info_response(self) -> AuthorizationTicketInfoResponse {
        let mut response = AuthorizationTicketInfoResponse::default();
        (response.result_code, response.result_message) = self.code.pair();
        response.action = Some(self.action);
        response.info = self.info;
        response
    }

    fn update_response(self) -> AuthorizationTicketUpdateResponse {
        let mut response = AuthorizationTicketUpdateResponse::default();
        (response.result_code, response.result_message) = self.code.pair();
        response.action = Some(self.action);
        response.info = self.info;
        response
    }
}

impl Engine {
    /// `/auth/authorization/ticket/info`.
    pub(crate) fn authorization_ticket_info(
        &self,
        request: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        if request.ticket.is_empty() {
            return Ok(Outcome::refused(
                AuthorizationTicketAction::CallerError,
                rc::TICKET_INFO_MISSING,
            )
            .info_response());
        }
        let now = self.now();
        let mut state = self.lock();
        let outcome = match state.tickets.get_mut(&random::key(&request.ticket), now) {
            None => Outcome::refused(AuthorizationTicketAction::NotFound, rc::TICKET_INFO_UNKNOWN),
            Some(ticket) => Outcome {
                action: AuthorizationTicketAction::Ok,
                code: rc::TICKET_INFO_OK,
                info: Some(match &ticket.context {
                    Some(context) => AuthorizationTicketInfo::with_context(context.clone()),
                    None => AuthorizationTicketInfo::default(),
                }),
            },
        };
        Ok(outcome.info_response())
    }

    /// `/auth/authorization/ticket/update`: replaces the ticket's information.
    pub(crate) fn authorization_ticket_update(
        &self,
        request: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        let refused = |action, code| Ok(Outcome::refused(action, code).update_response());
        if request.ticket.is_empty() {
            return refused(
                AuthorizationTicketAction::CallerError,
                rc::TICKET_INFO_MISSING,
            );
        }
        let Some(info) = request.info else {
            return refused(
                AuthorizationTicketAction::CallerError,
                rc::TICKET_UPDATE_NO_INFO,
            );
        };
        let now = self.now();
        let mut state = self.lock();
        let Some(ticket) = state.tickets.get_mut(&random::key(&request.ticket), now) else {
            return refused(AuthorizationTicketAction::NotFound, rc::TICKET_INFO_UNKNOWN);
        };
        ticket.context = info.context.clone();
        Ok(Outcome {
            action: AuthorizationTicketAction::Ok,
            code: rc::TICKET_UPDATE_OK,
            info: Some(info),
        }
        .update_response())
    }
}
