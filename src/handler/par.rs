//! The pushed authorization request endpoint (RFC 9126).

use http::StatusCode;

use super::EndpointRequest;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{PushedAuthorizationAction, PushedAuthorizationRequest};

const ENDPOINT: &str = "par";

impl AuthorizationServer {
    /// The PAR endpoint: the authorization request's parameters in the form body, the client
    /// authenticated as at the token endpoint; answers `201` with `request_uri`.
    pub async fn pushed_authorization(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let auth = match self.client_auth(&parts.headers, ENDPOINT) {
            Ok(auth) => auth,
            Err(answer) => return answer,
        };
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => parameters,
            Err(answer) => return answer,
        };
        let mut par = PushedAuthorizationRequest::new(parameters);
        par.client_id = auth.client_id;
        par.client_secret = auth.client_secret;
        par.client_certificate = auth.client_certificate;
        par.dpop = request::dpop(&parts.headers);
        par.htm = Some(parts.method.as_str().to_owned());
        par.htu = self.htu(parts.uri.path());
        let response = match self.inner.api.pushed_authorization(par).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let content = response.response_content;
        let answer = match response.action {
            Some(PushedAuthorizationAction::Created) => {
                outcome::json(ENDPOINT, StatusCode::CREATED, content)
            }
            Some(PushedAuthorizationAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, content)
            }
            Some(PushedAuthorizationAction::Unauthorized) => outcome::json_challenge(
                ENDPOINT,
                StatusCode::UNAUTHORIZED,
                content,
                "Basic realm=\"par\"",
            ),
            Some(PushedAuthorizationAction::Forbidden) => {
                outcome::json(ENDPOINT, StatusCode::FORBIDDEN, content)
            }
            Some(PushedAuthorizationAction::PayloadTooLarge) => {
                outcome::json(ENDPOINT, StatusCode::PAYLOAD_TOO_LARGE, content)
            }
            Some(PushedAuthorizationAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            other => outcome::unexpected(ENDPOINT, &other),
        };
        answer.with_dpop_nonce(response.dpop_nonce.as_deref())
    }
}
