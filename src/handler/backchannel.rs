//! The CIBA backchannel authentication endpoint (OpenID Connect Client-Initiated Backchannel
//! Authentication Core §7): client authentication as at the token endpoint, then the user named
//! by the hint, the user code and the binding message checked through [`BackchannelSpi`], an
//! `auth_req_id` issued, and the user's authentication device reached in a task of its own.
//!
//! | Authlete's action | answer |
//! |---|---|
//! | `/backchannel/authentication` `UNAUTHORIZED` | 401, `WWW-Authenticate: Basic realm="backchannel/authentication"` |
//! | `BAD_REQUEST` | 400 |
//! | `INTERNAL_SERVER_ERROR`, an unknown action | 500 `server_error` |
//! | `USER_IDENTIFICATION` | the checks below, then `/issue` |
//! | `/issue` `OK` | 200 (`auth_req_id`, `expires_in`, `interval`), then [`BackchannelSpi::start_authentication`] |
//! | `/issue` `INVALID_TICKET`, `INTERNAL_SERVER_ERROR` | 500 `server_error` |
//! | a failed check: `/fail` `BAD_REQUEST` · `FORBIDDEN` · `INTERNAL_SERVER_ERROR` | 400 · 403 · 500 |
//!
//! The checks, in order, each ending the request through `/backchannel/authentication/fail`:
//! nobody found (`UNKNOWN_USER_ID` → `unknown_user_id`), an expired login hint token
//! (`EXPIRED_LOGIN_HINT_TOKEN`), a user code required but missing (`MISSING_USER_CODE`), a user
//! code given but wrong (`INVALID_USER_CODE`), a binding message refused
//! (`INVALID_BINDING_MESSAGE`).
//!
//! ```no_run
//! # use std::sync::Arc;
//! # use authlete_tower::{AuthleteApi, AuthorizationServer};
//! # use authlete_tower::handler::*;
//! # fn run(api: Arc<dyn AuthleteApi>, app: impl UserSpi + InteractionSpi, devices: impl BackchannelSpi) {
//! let server = AuthorizationServer::new(api, app).with_backchannel(devices);
//! let app = server.router(); // now with POST /api/backchannel/authentication
//! # }
//! ```

use http::StatusCode;

use super::EndpointRequest;
use super::backchannel_spi::{BackchannelAuthentication, HintKind, UserHint, UserLookup};
use super::erased::DynBackchannelSpi;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{
    BackchannelAuthenticationAction, BackchannelAuthenticationFailAction,
    BackchannelAuthenticationFailReason, BackchannelAuthenticationFailRequest,
    BackchannelAuthenticationIssueAction, BackchannelAuthenticationIssueRequest,
    BackchannelAuthenticationRequest, BackchannelAuthenticationResponse,
};

const ENDPOINT: &str = "backchannel authentication";

/// The challenge of a 401, as authlete-java-jaxrs sends it.
pub(crate) const CHALLENGE: &str = "Basic realm=\"backchannel/authentication\"";

impl AuthorizationServer {
    /// The backchannel authentication endpoint. Without a [`BackchannelSpi`] (see
    /// [`with_backchannel`](Self::with_backchannel)) it is not mounted, and called directly it
    /// answers `400 unauthorized_client` without asking Authlete.
    ///
    /// [`BackchannelSpi`]: super::BackchannelSpi
    pub async fn backchannel_authentication(&self, request: EndpointRequest) -> AuthleteResponse {
        let Some(spi) = self.inner.backchannel.clone() else {
            return AuthleteResponse::oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                "This server does not offer backchannel authentication.",
            );
        };
        let (parts, body) = request.into_parts();
        let auth = match self.client_auth(&parts.headers, "backchannel/authentication") {
            Ok(auth) => auth,
            Err(answer) => return answer,
        };
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => parameters,
            Err(answer) => return answer,
        };
        let mut backchannel = BackchannelAuthenticationRequest::new(parameters);
        backchannel.client_id = auth.client_id;
        backchannel.client_secret = auth.client_secret;
        backchannel.client_certificate = auth.client_certificate;
        let response = match self.inner.api.backchannel_authentication(backchannel).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match response.action {
            Some(BackchannelAuthenticationAction::Unauthorized) => outcome::json_challenge(
                ENDPOINT,
                StatusCode::UNAUTHORIZED,
                response.response_content,
                CHALLENGE,
            ),
            Some(BackchannelAuthenticationAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, response.response_content)
            }
            Some(BackchannelAuthenticationAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            Some(BackchannelAuthenticationAction::UserIdentification) => {
                self.identify_user(spi, response).await
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }

    /// `USER_IDENTIFICATION`: the checks, then the `auth_req_id`.
    async fn identify_user(
        &self,
        spi: std::sync::Arc<dyn DynBackchannelSpi>,
        response: BackchannelAuthenticationResponse,
    ) -> AuthleteResponse {
        use BackchannelAuthenticationFailReason as Reason;
        let ticket = response.ticket.clone().unwrap_or_default();
        let kind = HintKind::from_authlete(response.hint_type.as_deref());
        let hint = UserHint {
            kind: &kind,
            value: response.hint.as_deref().unwrap_or_default(),
            sub: response.sub.as_deref(),
            response: &response,
        };
        let subject = match spi.find_user(&hint).await {
            Ok(UserLookup::Found(subject)) if !subject.is_empty() => subject,
            Ok(UserLookup::ExpiredLoginHintToken) => {
                return self
                    .backchannel_fail(ticket, Reason::ExpiredLoginHintToken)
                    .await;
            }
            Ok(_) => return self.backchannel_fail(ticket, Reason::UnknownUserId).await,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let user_code = response
            .user_code
            .as_deref()
            .filter(|code| !code.is_empty());
        match user_code {
            None if response.user_code_required => {
                return self.backchannel_fail(ticket, Reason::MissingUserCode).await;
            }
            None => {}
            Some(code) => match spi.check_user_code(&subject, code).await {
                Ok(true) => {}
                Ok(false) => return self.backchannel_fail(ticket, Reason::InvalidUserCode).await,
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            },
        }
        if let Some(message) = response.binding_message.as_deref() {
            match spi.check_binding_message(message).await {
                Ok(true) => {}
                Ok(false) => {
                    return self
                        .backchannel_fail(ticket, Reason::InvalidBindingMessage)
                        .await;
                }
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            }
        }
        let issued = match self
            .inner
            .api
            .backchannel_authentication_issue(BackchannelAuthenticationIssueRequest {
                ticket: ticket.clone(),
            })
            .await
        {
            Ok(issued) => issued,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match issued.action {
            Some(BackchannelAuthenticationIssueAction::Ok) => {
                let body = match outcome::content(ENDPOINT, issued.response_content) {
                    Ok(body) => body,
                    Err(answer) => return answer,
                };
                let request = BackchannelAuthentication {
                    ticket,
                    subject,
                    client_id: response.client_id,
                    client_name: response.client_name.clone(),
                    scopes: response
                        .scopes
                        .iter()
                        .flatten()
                        .filter_map(|scope| scope.name.clone())
                        .collect(),
                    claim_names: response.claim_names.clone().unwrap_or_default(),
                    acrs: response.acrs.clone().unwrap_or_default(),
                    binding_message: response.binding_message.clone(),
                    delivery_mode: response.delivery_mode.clone(),
                    expires_in: issued.expires_in,
                    response: Box::new(response),
                };
                // The client has its answer at once; the device is reached on the side.
                tokio::spawn(async move {
                    if let Err(error) = spi.start_authentication(request).await {
                        tracing::error!(
                            endpoint = ENDPOINT,
                            %error,
                            "the application could not start the authentication on the device"
                        );
                    }
                });
                AuthleteResponse::json(StatusCode::OK, body)
            }
            Some(
                BackchannelAuthenticationIssueAction::InvalidTicket
                | BackchannelAuthenticationIssueAction::InternalServerError,
            ) => outcome::internal_error(ENDPOINT, issued.result_message.as_deref()),
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }

    /// Ends the request through `/backchannel/authentication/fail` with `reason`.
    async fn backchannel_fail(
        &self,
        ticket: String,
        reason: BackchannelAuthenticationFailReason,
    ) -> AuthleteResponse {
        let mut fail = BackchannelAuthenticationFailRequest {
            ticket,
            ..BackchannelAuthenticationFailRequest::default()
        };
        fail.reason = Some(reason);
        let answer = match self.inner.api.backchannel_authentication_fail(fail).await {
            Ok(answer) => answer,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match answer.action {
            Some(BackchannelAuthenticationFailAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, answer.response_content)
            }
            Some(BackchannelAuthenticationFailAction::Forbidden) => {
                outcome::json(ENDPOINT, StatusCode::FORBIDDEN, answer.response_content)
            }
            Some(BackchannelAuthenticationFailAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, answer.result_message.as_deref())
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }
}
