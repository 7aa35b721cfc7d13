//! Dynamic client registration (RFC 7591) and its management protocol (RFC 7592).
//!
//! In front of any backend the handler refuses, before calling it: a registration the configured
//! [`RegistrationAuthorizer`](super::RegistrationAuthorizer) does not accept (`401`, none
//! configured refuses all), and metadata whose redirect URIs break the
//! [redirect URI rule](super::redirect_uri) (`400 invalid_redirect_uri`, RFC 7591 §3.2.2), on
//! registration and on update.

use http::{Method, StatusCode};

use super::EndpointRequest;
use super::outcome;
use super::redirect_uri;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{ClientRegistrationAction, ClientRegistrationRequest, ClientRegistrationResponse};

const ENDPOINT: &str = "registration";

impl AuthorizationServer {
    /// `POST /register`: registers a client from the JSON metadata in the body; an initial access
    /// token, if the service requires one, comes in `Authorization: Bearer`.
    pub async fn registration(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let Some(json) = request::body_text(&body) else {
            return outcome::invalid_request("The request body is not UTF-8.");
        };
        let token = request::authorization_token(&parts.headers);
        let allowed = match &self.inner.registration_authorizer {
            Some(authorizer) => match authorizer.authorize(token.as_deref(), &parts).await {
                Ok(allowed) => allowed,
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            },
            None => {
                tracing::warn!(
                    "the registration endpoint has no registration authorizer; refusing the request"
                );
                false
            }
        };
        if !allowed {
            return refused(token.is_some());
        }
        if let Some(answer) = invalid_redirect_uris(&json) {
            return answer;
        }
        let mut registration = ClientRegistrationRequest::new(json);
        registration.token = token;
        match self.inner.api.client_registration(registration).await {
            Ok(response) => registration_answer(response),
            Err(error) => outcome::api_failure(ENDPOINT, &error),
        }
    }

    /// `GET`, `PUT` or `DELETE /register/{client_id}`: reads, updates or deletes a registered
    /// client, authorised by its registration access token in `Authorization: Bearer`.
    pub async fn registration_management(
        &self,
        request: EndpointRequest,
        client_id: &str,
    ) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let Some(token) = request::authorization_token(&parts.headers) else {
            return AuthleteResponse::new(StatusCode::UNAUTHORIZED)
                .with_www_authenticate("Bearer realm=\"registration\"");
        };
        let mut management = ClientRegistrationRequest::new("");
        management.json = None;
        management.token = Some(token);
        management.client_id = Some(client_id.to_owned());
        let api = &self.inner.api;
        let response = match parts.method {
            Method::GET => api.client_registration_get(management).await,
            Method::PUT => {
                let Some(json) = request::body_text(&body) else {
                    return outcome::invalid_request("The request body is not UTF-8.");
                };
                if let Some(answer) = invalid_redirect_uris(&json) {
                    return answer;
                }
                management.json = Some(json);
                api.client_registration_update(management).await
            }
            Method::DELETE => api.client_registration_delete(management).await,
            _ => {
                return AuthleteResponse::new(StatusCode::METHOD_NOT_ALLOWED).with_header(
                    http::header::ALLOW,
                    http::HeaderValue::from_static("GET, PUT, DELETE"),
                );
            }
        };
        match response {
            Ok(response) => registration_answer(response),
            Err(error) => outcome::api_failure(ENDPOINT, &error),
        }
    }
}

/// `401` for a registration without an acceptable initial access token (RFC 7591 §3, RFC 6750
/// §3.1: no error code in the challenge when no token was presented).
fn refused(token_presented: bool) -> AuthleteResponse {
    if token_presented {
        AuthleteResponse::oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The initial access token is not accepted.",
        )
        .with_www_authenticate("Bearer realm=\"registration\", error=\"invalid_token\"")
    } else {
        AuthleteResponse::oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "Registration requires an initial access token.",
        )
        .with_www_authenticate("Bearer realm=\"registration\"")
    }
}

/// `400 invalid_redirect_uri` when the metadata's redirect URIs break the rule. Metadata that is
/// not JSON is left to the backend, which answers `invalid_client_metadata`.
fn invalid_redirect_uris(json: &str) -> Option<AuthleteResponse> {
    let metadata: serde_json::Value = serde_json::from_str(json).ok()?;
    let error = redirect_uri::check_metadata(&metadata).err()?;
    let code = match error {
        redirect_uri::RedirectUriError::Metadata => "invalid_client_metadata",
        _ => "invalid_redirect_uri",
    };
    Some(AuthleteResponse::oauth_error(
        StatusCode::BAD_REQUEST,
        code,
        &format!("{error}."),
    ))
}

fn registration_answer(response: ClientRegistrationResponse) -> AuthleteResponse {
    let content = response.response_content;
    match response.action {
        Some(ClientRegistrationAction::Created) => {
            outcome::json(ENDPOINT, StatusCode::CREATED, content)
        }
        Some(ClientRegistrationAction::Ok | ClientRegistrationAction::Updated) => {
            outcome::json(ENDPOINT, StatusCode::OK, content)
        }
        Some(ClientRegistrationAction::Deleted) => AuthleteResponse::new(StatusCode::NO_CONTENT),
        Some(ClientRegistrationAction::BadRequest) => {
            outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, content)
        }
        Some(ClientRegistrationAction::Unauthorized) => outcome::json_challenge(
            ENDPOINT,
            StatusCode::UNAUTHORIZED,
            content,
            // RFC 7592 §2 and RFC 6750 §3.1: the token was presented and refused.
            "Bearer realm=\"registration\", error=\"invalid_token\"",
        ),
        Some(ClientRegistrationAction::InternalServerError) => {
            outcome::internal_error(ENDPOINT, response.result_message.as_deref())
        }
        other => outcome::unexpected(ENDPOINT, &other),
    }
}
