//! The end of a CIBA request: the application tells
//! [`AuthorizationServer::complete_backchannel`] what the user decided on their authentication
//! device; the library calls `/backchannel/authentication/complete` and, in ping and push modes,
//! delivers Authlete's notification to the client.
//!
//! ```no_run
//! # use authlete_tower::AuthorizationServer;
//! # use authlete_tower::handler::*;
//! # async fn run(server: AuthorizationServer, request: BackchannelAuthentication) -> Result<(), BackchannelError> {
//! // `request` is what BackchannelSpi::start_authentication was given; the user said yes.
//! let user = AuthenticatedUser::new(request.subject.clone());
//! let completion = BackchannelCompletion::authorized(request.ticket.clone(), user)
//!     .with_claim_names(request.claim_names.clone());
//! match server.complete_backchannel(completion).await? {
//!     BackchannelCompleted::Notified { status } => println!("the client answered {status}"),
//!     BackchannelCompleted::Recorded => println!("the client will poll"),
//!     _ => {}
//! }
//! # Ok(()) }
//! ```

use super::claims;
use super::notification::NotificationError;
use super::server::AuthorizationServer;
use super::spi::{AuthenticatedUser, SpiError};
use crate::api::ApiError;
use crate::dto::{
    BackchannelAuthenticationCompleteAction, BackchannelAuthenticationCompleteRequest,
    BackchannelAuthenticationCompleteResult,
};

/// What the user decided.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackchannelResult {
    /// The user authenticated and authorized the request.
    Authorized {
        /// Who authenticated (subject, authentication time, ACR).
        user: AuthenticatedUser,
        /// The claims to put in the ID token, collected through
        /// [`UserSpi::claim`](super::UserSpi::claim) (usually
        /// [`BackchannelAuthentication::claim_names`](super::BackchannelAuthentication::claim_names)).
        claim_names: Vec<String>,
    },
    /// The user refused: the client gets `access_denied`.
    Denied,
    /// The user could not be asked (the device unreachable, no answer in time): the client gets
    /// `transaction_failed`.
    TransactionFailed,
}

/// A decision for one backchannel authentication request.
#[derive(Clone)]
#[non_exhaustive]
pub struct BackchannelCompletion {
    /// The ticket from [`BackchannelAuthentication::ticket`](super::BackchannelAuthentication::ticket).
    pub ticket: String,
    /// What the user decided.
    pub result: BackchannelResult,
    /// The `error_description` the client gets when the result is not authorized.
    pub error_description: Option<String>,
}

impl std::fmt::Debug for BackchannelCompletion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelCompletion")
            .field("result", &self.result)
            .field("error_description", &self.error_description)
            .finish_non_exhaustive()
    }
}

impl BackchannelCompletion {
    fn new(ticket: impl Into<String>, result: BackchannelResult) -> Self {
        Self {
            ticket: ticket.into(),
            result,
            error_description: None,
        }
    }

    /// `user` authorized the request.
    pub fn authorized(ticket: impl Into<String>, user: AuthenticatedUser) -> Self {
        Self::new(
            ticket,
            BackchannelResult::Authorized {
                user,
                claim_names: Vec::new(),
            },
        )
    }

    /// The user refused.
    pub fn denied(ticket: impl Into<String>) -> Self {
        Self::new(ticket, BackchannelResult::Denied)
    }

    /// The user could not be asked.
    pub fn transaction_failed(ticket: impl Into<String>) -> Self {
        Self::new(ticket, BackchannelResult::TransactionFailed)
    }

    /// The claims to collect for the ID token of an authorized request.
    pub fn with_claim_names(mut self, names: Vec<String>) -> Self {
        if let BackchannelResult::Authorized { claim_names, .. } = &mut self.result {
            *claim_names = names;
        }
        self
    }

    /// The `error_description` of a denied or failed request.
    pub fn with_error_description(mut self, description: impl Into<String>) -> Self {
        self.error_description = Some(description.into());
        self
    }
}

/// What [`AuthorizationServer::complete_backchannel`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BackchannelCompleted {
    /// Authlete recorded the decision; the client (poll mode) learns it at the token endpoint.
    Recorded,
    /// The ping or push notification was delivered; the client notification endpoint answered
    /// `status` (2xx).
    Notified {
        /// The status the client notification endpoint answered.
        status: u16,
    },
}

/// Why a completion failed. Its text never contains the ticket, a token or the notification token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackchannelError {
    /// The call to Authlete failed (unknown ticket, Authlete unavailable, …).
    #[error("the Authlete call failed: {0}")]
    Api(#[from] ApiError),
    /// Authlete answered `SERVER_ERROR`.
    #[error("Authlete could not complete the request: {}", .0.as_deref().unwrap_or("(no message)"))]
    Authlete(Option<String>),
    /// Authlete answered an action this version does not know.
    #[error("Authlete answered an unexpected action: {0}")]
    UnexpectedAction(String),
    /// The application failed collecting the claims or the issue options.
    #[error(transparent)]
    Spi(#[from] SpiError),
    /// The notification to the client was not delivered (Authlete has recorded the decision: in
    /// ping mode the client may still poll once notified some other way; in push mode the
    /// tokens are lost to it).
    #[error("the notification was not delivered: {0}")]
    Notification(#[from] NotificationError),
}

impl AuthorizationServer {
    /// Tells Authlete what the user decided for a backchannel authentication request and, when
    /// Authlete answers `NOTIFICATION` (ping and push modes), POSTs the notification to the
    /// client notification endpoint Authlete returned, with the client's
    /// `client_notification_token` as bearer token (see
    /// [`with_notification_timeouts`](Self::with_notification_timeouts)). Failures are logged
    /// without the ticket or any token.
    pub async fn complete_backchannel(
        &self,
        completion: BackchannelCompletion,
    ) -> Result<BackchannelCompleted, BackchannelError> {
        let result = self.complete(completion).await;
        if let Err(error) = &result {
            tracing::warn!(%error, "the backchannel authentication was not completed");
        }
        result
    }

    async fn complete(
        &self,
        completion: BackchannelCompletion,
    ) -> Result<BackchannelCompleted, BackchannelError> {
        let mut request = BackchannelAuthenticationCompleteRequest {
            ticket: completion.ticket,
            ..BackchannelAuthenticationCompleteRequest::default()
        };
        match completion.result {
            BackchannelResult::Authorized { user, claim_names } => {
                let users = self.inner.users.as_ref();
                let options = users.issue_options(&user.subject, None).await?;
                request.claims = claims::collect(users, &user.subject, &claim_names, &[]).await?;
                request.result = Some(BackchannelAuthenticationCompleteResult::Authorized);
                request.auth_time = user.auth_time_seconds();
                request.acr = user.acr.clone().or(options.acr);
                request.sub = options.sub;
                request.scopes = options.scopes;
                request.properties = (!options.properties.is_empty()).then_some(options.properties);
                request.subject = user.subject;
            }
            BackchannelResult::Denied => {
                request.result = Some(BackchannelAuthenticationCompleteResult::AccessDenied);
                request.error_description = completion.error_description;
            }
            BackchannelResult::TransactionFailed => {
                request.result = Some(BackchannelAuthenticationCompleteResult::TransactionFailed);
                request.error_description = completion.error_description;
            }
        }
        let response = self
            .inner
            .api
            .backchannel_authentication_complete(request)
            .await?;
        match response.action {
            Some(BackchannelAuthenticationCompleteAction::NoAction) => {
                Ok(BackchannelCompleted::Recorded)
            }
            Some(BackchannelAuthenticationCompleteAction::Notification) => {
                let endpoint = response
                    .client_notification_endpoint
                    .filter(|uri| !uri.is_empty())
                    .ok_or(NotificationError::Incomplete("clientNotificationEndpoint"))?;
                let token = response
                    .client_notification_token
                    .filter(|token| !token.is_empty())
                    .ok_or(NotificationError::Incomplete("clientNotificationToken"))?;
                let body = response
                    .response_content
                    .ok_or(NotificationError::Incomplete("responseContent"))?;
                let status = self
                    .inner
                    .notifications
                    .deliver(&endpoint, &token, body)
                    .await?;
                Ok(BackchannelCompleted::Notified { status })
            }
            Some(BackchannelAuthenticationCompleteAction::ServerError) => {
                Err(BackchannelError::Authlete(response.result_message))
            }
            other => Err(BackchannelError::UnexpectedAction(format!("{other:?}"))),
        }
    }
}
