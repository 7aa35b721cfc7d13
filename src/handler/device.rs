//! The device authorization grant (RFC 8628): the device authorization endpoint, the
//! verification page (user code entry and consent, rendered by
//! [`InteractionSpi::device_page`](super::InteractionSpi::device_page)) and the completion endpoint.

use http::StatusCode;

use super::EndpointRequest;
use super::authorization::no_store;
use super::claims;
use super::decision::with_headers;
use super::outcome;
use super::page::{self, DecisionOutcome, DeviceCodeProblem, DevicePage};
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{
    DeviceAuthorizationAction, DeviceAuthorizationRequest, DeviceCompleteAction,
    DeviceCompleteRequest, DeviceCompleteResult, DeviceVerificationAction,
    DeviceVerificationRequest,
};

impl AuthorizationServer {
    /// The device authorization endpoint: the device asks for a device code and a user code.
    pub async fn device_authorization(&self, request: EndpointRequest) -> AuthleteResponse {
        const ENDPOINT: &str = "device authorization";
        let (parts, body) = request.into_parts();
        let auth = match self.client_auth(&parts.headers, "device") {
            Ok(auth) => auth,
            Err(answer) => return answer,
        };
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => parameters,
            Err(answer) => return answer,
        };
        let mut device = DeviceAuthorizationRequest::new(parameters);
        device.client_id = auth.client_id;
        device.client_secret = auth.client_secret;
        device.client_certificate = auth.client_certificate;
        let response = match self.inner.api.device_authorization(device).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let content = response.response_content;
        match response.action {
            Some(DeviceAuthorizationAction::Ok) => outcome::json(ENDPOINT, StatusCode::OK, content),
            Some(DeviceAuthorizationAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, content)
            }
            Some(DeviceAuthorizationAction::Unauthorized) => outcome::json_challenge(
                ENDPOINT,
                StatusCode::UNAUTHORIZED,
                content,
                "Basic realm=\"device\"",
            ),
            Some(DeviceAuthorizationAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }

    /// The verification page: GET shows the user-code form (prefilled from `?user_code=`); POST
    /// with `user_code` looks the code up and shows the consent page, or why the code is unusable.
    pub async fn device_verification(&self, request: EndpointRequest) -> AuthleteResponse {
        const ENDPOINT: &str = "device verification";
        let (parts, body) = request.into_parts();
        let user_code = if parts.method == http::Method::GET {
            page::Form::parse(request::query(&parts.uri).as_bytes())
                .get("user_code")
                .map(str::to_owned)
        } else {
            request::form(&parts.headers, &body)
                .get("user_code")
                .map(str::to_owned)
        };
        let user_code = user_code
            .map(|code| code.trim().to_owned())
            .filter(|code| !code.is_empty());
        let page = match (parts.method == http::Method::GET, user_code) {
            (true, user_code) | (false, user_code @ None) => DevicePage::Input { user_code },
            (false, Some(user_code)) => {
                let response = match self
                    .inner
                    .api
                    .device_verification(DeviceVerificationRequest::new(user_code.clone()))
                    .await
                {
                    Ok(response) => response,
                    Err(error) => return outcome::api_failure(ENDPOINT, &error),
                };
                match response.action {
                    Some(DeviceVerificationAction::Valid) => {
                        DevicePage::Consent(page::device_consent(user_code, response))
                    }
                    Some(DeviceVerificationAction::Expired) => DevicePage::Invalid {
                        user_code,
                        problem: DeviceCodeProblem::Expired,
                    },
                    Some(DeviceVerificationAction::NotExist) => DevicePage::Invalid {
                        user_code,
                        problem: DeviceCodeProblem::NotExist,
                    },
                    Some(
                        DeviceVerificationAction::ServerError
                        | DeviceVerificationAction::InternalServerError,
                    ) => {
                        return outcome::internal_error(
                            ENDPOINT,
                            response.result_message.as_deref(),
                        );
                    }
                    other => return outcome::unexpected(ENDPOINT, &other),
                }
            }
        };
        match self.inner.interaction.device_page(page, &parts).await {
            Ok(answer) => no_store(answer),
            Err(error) => outcome::spi_failure(ENDPOINT, &error),
        }
    }

    /// The completion endpoint (the consent form's target): asks
    /// [`InteractionSpi::device_decision`](super::InteractionSpi::device_decision) what the user
    /// decided and tells Authlete, then shows the outcome with the decision's headers (or sends
    /// the application's own response, [`DecisionOutcome::Respond`]). A consent without a
    /// logged-in user shows the user-code page again and completes nothing; a denial needs no
    /// user (Authlete is sent an empty `subject`, which it requires only for `AUTHORIZED`).
    pub async fn device_complete(&self, request: EndpointRequest) -> AuthleteResponse {
        const ENDPOINT: &str = "device complete";
        let (parts, body) = request.into_parts();
        let form = request::form(&parts.headers, &body);
        let mut decision = match self.inner.interaction.device_decision(&parts, &form).await {
            Ok(DecisionOutcome::Decide(decision)) => decision,
            Ok(DecisionOutcome::Respond(answer)) => return no_store(answer),
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let headers = std::mem::take(&mut decision.headers);
        let user = decision
            .user
            .as_ref()
            .filter(|user| !user.subject.is_empty());
        let user = match user {
            Some(user) => Some(user),
            None if decision.authorized => {
                // Consent without a logged-in user: ask again rather than complete anything.
                let page = DevicePage::Input {
                    user_code: Some(decision.user_code),
                };
                return match self.inner.interaction.device_page(page, &parts).await {
                    Ok(answer) => no_store(with_headers(answer, headers)),
                    Err(error) => outcome::spi_failure(ENDPOINT, &error),
                };
            }
            None => None,
        };
        let complete = if let Some(user) = user.filter(|_| decision.authorized) {
            let users = self.inner.users.as_ref();
            let claims =
                match claims::collect(users, &user.subject, &decision.claim_names, &[]).await {
                    Ok(claims) => claims,
                    Err(error) => return outcome::spi_failure(ENDPOINT, &error),
                };
            let options = match users.issue_options(&user.subject, None).await {
                Ok(options) => options,
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            };
            let mut complete = DeviceCompleteRequest::new(
                decision.user_code.clone(),
                DeviceCompleteResult::Authorized,
                user.subject.clone(),
            );
            complete.auth_time = user.auth_time_seconds();
            complete.acr = user.acr.clone().or(options.acr);
            complete.claims = claims;
            complete.sub = options.sub;
            complete.scopes = options.scopes;
            complete.properties = (!options.properties.is_empty()).then_some(options.properties);
            complete
        } else {
            DeviceCompleteRequest::new(
                decision.user_code.clone(),
                DeviceCompleteResult::AccessDenied,
                user.map(|user| user.subject.clone()).unwrap_or_default(),
            )
        };
        let authorized = complete.result == Some(DeviceCompleteResult::Authorized);
        let response = match self.inner.api.device_complete(complete).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let user_code = decision.user_code;
        let page = match response.action {
            Some(DeviceCompleteAction::Success) => DevicePage::Completed { authorized },
            Some(DeviceCompleteAction::InvalidRequest) => DevicePage::Invalid {
                user_code,
                problem: DeviceCodeProblem::InvalidRequest,
            },
            Some(DeviceCompleteAction::UserCodeExpired) => DevicePage::Invalid {
                user_code,
                problem: DeviceCodeProblem::Expired,
            },
            Some(DeviceCompleteAction::UserCodeNotExist) => DevicePage::Invalid {
                user_code,
                problem: DeviceCodeProblem::NotExist,
            },
            Some(DeviceCompleteAction::ServerError) => {
                return outcome::internal_error(ENDPOINT, response.result_message.as_deref());
            }
            other => return outcome::unexpected(ENDPOINT, &other),
        };
        match self.inner.interaction.device_page(page, &parts).await {
            Ok(answer) => no_store(with_headers(answer, headers)),
            Err(error) => outcome::spi_failure(ENDPOINT, &error),
        }
    }
}
