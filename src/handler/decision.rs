//! The decision endpoint: the user's answer on the consent page becomes
//! `/auth/authorization/issue` or `/auth/authorization/fail`.

use super::EndpointRequest;
use super::authorization::no_store;
use super::outcome;
use super::page::{Decision, DecisionOutcome};
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::AuthorizationFailReason;

impl AuthorizationServer {
    /// The decision endpoint (the consent form's target): asks
    /// [`InteractionSpi::decision`](super::InteractionSpi::decision) for the [`Decision`], then
    /// [`AuthorizationServer::decide`]s and adds the decision's headers; or sends the
    /// application's own response ([`DecisionOutcome::Respond`]).
    pub async fn authorization_decision(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let form = request::form(&parts.headers, &body);
        match self.inner.interaction.decision(&parts, &form).await {
            Ok(DecisionOutcome::Decide(mut decision)) => {
                let headers = std::mem::take(&mut decision.headers);
                no_store(with_headers(self.decide(decision).await, headers))
            }
            Ok(DecisionOutcome::Respond(answer)) => no_store(answer),
            Err(error) => outcome::spi_failure("authorization decision", &error),
        }
    }

    /// Ends a pending authorization: `DENIED` when the user declined, `NOT_AUTHENTICATED` when
    /// there is no user, `DIFFERENT_SUBJECT` when the client required another user; otherwise
    /// issues, with the claims the request asked for (honouring `claims_locales` and `name#tag`).
    /// For applications that route the decision themselves.
    pub async fn decide(&self, decision: Decision) -> AuthleteResponse {
        let ticket = &decision.pending.ticket;
        if !decision.authorized {
            return self
                .fail_authorization(ticket, AuthorizationFailReason::Denied)
                .await;
        }
        match &decision.user {
            Some(user)
                if decision
                    .pending
                    .subject
                    .as_ref()
                    .is_some_and(|required| *required != user.subject) =>
            {
                self.fail_authorization(ticket, AuthorizationFailReason::DifferentSubject)
                    .await
            }
            Some(user) if !user.subject.is_empty() => {
                self.issue_authorization(&decision.pending, user).await
            }
            _ => {
                self.fail_authorization(ticket, AuthorizationFailReason::NotAuthenticated)
                    .await
            }
        }
    }
}

/// Appends the application's `headers` (e.g. `Set-Cookie`) to the library's `answer`.
pub(crate) fn with_headers(
    mut answer: AuthleteResponse,
    headers: http::HeaderMap,
) -> AuthleteResponse {
    let mut name = None;
    for (next, value) in headers {
        // `HeaderMap::into_iter` names only the first of several values of one header.
        name = next.or(name);
        if let Some(name) = &name {
            answer.headers_mut().append(name.clone(), value);
        }
    }
    answer
}
