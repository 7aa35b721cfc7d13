//! The authorization endpoint (RFC 6749 §3.1, OpenID Connect Core §3.1.2), GET and POST, with the
//! `prompt=none` checks done in the library.

use http::StatusCode;
use http::request::Parts;

use super::EndpointRequest;
use super::claims;
use super::delivery;
use super::outcome;
use super::page::{AuthorizationPage, PendingAuthorization};
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use super::spi::{AuthenticatedUser, ConsentQuestion};
use crate::dto::{
    AuthorizationAction, AuthorizationFailReason, AuthorizationFailRequest,
    AuthorizationIssueAction, AuthorizationIssueRequest, AuthorizationRequest,
    AuthorizationResponse,
};

const ENDPOINT: &str = "authorization";

impl AuthorizationServer {
    /// The authorization endpoint: parameters from the query (GET) or the form body (POST).
    ///
    /// `INTERACTION` goes to [`InteractionSpi::authorization_page`](super::InteractionSpi::authorization_page);
    /// `NO_INTERACTION` (`prompt=none`) checks, in order, that a user is logged in, `max_age`, the
    /// required subject and an essential ACR, then asks
    /// [`InteractionSpi::has_consented`](super::InteractionSpi::has_consented) and issues only
    /// after a yes (`consent_required` otherwise).
    pub async fn authorization(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let Some(parameters) = request::parameters(&parts.method, &parts.uri, &body) else {
            return outcome::invalid_request("The request body is not UTF-8.");
        };
        let response = match self
            .inner
            .api
            .authorization(AuthorizationRequest::new(parameters))
            .await
        {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match response.action {
            Some(AuthorizationAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            Some(AuthorizationAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, response.response_content)
            }
            Some(AuthorizationAction::Location) => {
                match outcome::content(ENDPOINT, response.response_content) {
                    Ok(location) => delivery::location(ENDPOINT, &location),
                    Err(answer) => answer,
                }
            }
            Some(AuthorizationAction::Form) => {
                match outcome::content(ENDPOINT, response.response_content) {
                    Ok(html) => delivery::form_post(ENDPOINT, &html),
                    Err(answer) => answer,
                }
            }
            Some(AuthorizationAction::Interaction) => {
                let page = AuthorizationPage::from_response(response);
                match self
                    .inner
                    .interaction
                    .authorization_page(page, &parts)
                    .await
                {
                    Ok(answer) => no_store(answer),
                    Err(error) => outcome::spi_failure(ENDPOINT, &error),
                }
            }
            Some(AuthorizationAction::NoInteraction) => self.no_interaction(response, &parts).await,
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }

    async fn no_interaction(
        &self,
        response: AuthorizationResponse,
        parts: &Parts,
    ) -> AuthleteResponse {
        let pending = PendingAuthorization::from_response(&response);
        let user = match self.inner.interaction.current_user(parts).await {
            Ok(user) => user,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        if let Some(reason) = self.prompt_none_failure(&response, user.as_ref()) {
            return self.fail_authorization(&pending.ticket, reason).await;
        }
        // prompt_none_failure returns NotLoggedIn when there is no user.
        let Some(user) = user else {
            return self
                .fail_authorization(&pending.ticket, AuthorizationFailReason::NotLoggedIn)
                .await;
        };
        // The user cannot be asked: issue only what they granted this client before.
        let question = ConsentQuestion::new(user, response);
        match self.inner.interaction.has_consented(&question, parts).await {
            Ok(true) => self.issue_authorization(&pending, &question.user).await,
            Ok(false) => {
                self.fail_authorization(&pending.ticket, AuthorizationFailReason::ConsentRequired)
                    .await
            }
            Err(error) => outcome::spi_failure(ENDPOINT, &error),
        }
    }

    /// The first `prompt=none` check that fails, if any.
    fn prompt_none_failure(
        &self,
        response: &AuthorizationResponse,
        user: Option<&AuthenticatedUser>,
    ) -> Option<AuthorizationFailReason> {
        let Some(user) = user else {
            return Some(AuthorizationFailReason::NotLoggedIn);
        };
        if let Some(max_age) = response.max_age.filter(|age| *age > 0) {
            let now = self.inner.clock.now_millis() / 1000;
            match user.auth_time_seconds() {
                Some(auth_time) if now - auth_time <= max_age => {}
                _ => return Some(AuthorizationFailReason::ExceedsMaxAge),
            }
        }
        if let Some(required) = response.subject.as_deref()
            && required != user.subject
        {
            return Some(AuthorizationFailReason::DifferentSubject);
        }
        let acrs = response.acrs.as_deref().unwrap_or_default();
        if response.acr_essential && !acrs.is_empty() {
            let satisfied = user.acr.as_ref().is_some_and(|acr| acrs.contains(acr));
            if !satisfied {
                return Some(AuthorizationFailReason::AcrNotSatisfied);
            }
        }
        None
    }

    /// Issues what `pending` asked for to `user` (`/auth/authorization/issue`).
    pub(crate) async fn issue_authorization(
        &self,
        pending: &PendingAuthorization,
        user: &AuthenticatedUser,
    ) -> AuthleteResponse {
        let users = self.inner.users.as_ref();
        let claims = match claims::collect(
            users,
            &user.subject,
            &pending.claims,
            &pending.claims_locales,
        )
        .await
        {
            Ok(claims) => claims,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let options = match users.issue_options(&user.subject, pending.client_id).await {
            Ok(options) => options,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let mut issue =
            AuthorizationIssueRequest::new(pending.ticket.clone(), user.subject.clone());
        issue.auth_time = user.auth_time_seconds();
        issue.acr = user.acr.clone().or(options.acr);
        issue.session_id = user.session_id.clone();
        issue.claims = claims;
        issue.sub = options.sub;
        issue.scopes = options.scopes;
        issue.properties = (!options.properties.is_empty()).then_some(options.properties);
        match self.inner.api.authorization_issue(issue).await {
            Ok(answer) => issue_answer(
                answer.action,
                answer.response_content,
                answer.result_message,
            ),
            Err(error) => outcome::api_failure(ENDPOINT, &error),
        }
    }

    /// Ends the authorization request of `ticket` with `reason` (`/auth/authorization/fail`).
    pub(crate) async fn fail_authorization(
        &self,
        ticket: &str,
        reason: AuthorizationFailReason,
    ) -> AuthleteResponse {
        match self
            .inner
            .api
            .authorization_fail(AuthorizationFailRequest::new(ticket, reason))
            .await
        {
            Ok(answer) => issue_answer(
                answer.action,
                answer.response_content,
                answer.result_message,
            ),
            Err(error) => outcome::api_failure(ENDPOINT, &error),
        }
    }
}

/// The answer to `/auth/authorization/issue` and `/auth/authorization/fail`.
fn issue_answer(
    action: Option<AuthorizationIssueAction>,
    content: Option<String>,
    message: Option<String>,
) -> AuthleteResponse {
    match action {
        Some(AuthorizationIssueAction::InternalServerError) => {
            outcome::internal_error(ENDPOINT, message.as_deref())
        }
        Some(AuthorizationIssueAction::BadRequest) => {
            outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, content)
        }
        Some(AuthorizationIssueAction::Location) => match outcome::content(ENDPOINT, content) {
            Ok(location) => delivery::location(ENDPOINT, &location),
            Err(answer) => answer,
        },
        Some(AuthorizationIssueAction::Form) => match outcome::content(ENDPOINT, content) {
            Ok(html) => delivery::form_post(ENDPOINT, &html),
            Err(answer) => answer,
        },
        other => outcome::unexpected(ENDPOINT, &other),
    }
}

/// Makes sure a page rendered by the application is not cached either, and that an HTML page
/// cannot be framed (clickjacking) or sniffed: `X-Frame-Options: DENY`,
/// `Content-Security-Policy: frame-ancestors 'none'` and `X-Content-Type-Options: nosniff`, each
/// unless the application set its own (e.g. a stricter policy).
pub(crate) fn no_store(mut answer: AuthleteResponse) -> AuthleteResponse {
    use http::header::{
        CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HeaderValue, PRAGMA,
        X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
    };
    let headers = answer.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    let html = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("text/html")
        });
    if html {
        for (name, value) in [
            (X_FRAME_OPTIONS, "DENY"),
            (CONTENT_SECURITY_POLICY, "frame-ancestors 'none'"),
            (X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ] {
            headers
                .entry(name)
                .or_insert_with(|| HeaderValue::from_static(value));
        }
    }
    answer
}
