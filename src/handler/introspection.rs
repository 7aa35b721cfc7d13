//! The introspection endpoint (RFC 7662), for the authorization server's own resource servers.
//! Callers must pass the configured [`IntrospectionAuthenticator`](super::IntrospectionAuthenticator);
//! without one, nobody may call it.

use http::StatusCode;
use http::header::ACCEPT;

use super::EndpointRequest;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{StandardIntrospectionAction, StandardIntrospectionRequest};

const ENDPOINT: &str = "introspection";

impl AuthorizationServer {
    /// The introspection endpoint: `POST` with `token=…` (and optionally `token_type_hint`).
    pub async fn introspection(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let allowed = match &self.inner.introspection_authenticator {
            Some(authenticator) => match authenticator.authenticate(&parts).await {
                Ok(allowed) => allowed,
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            },
            None => {
                tracing::warn!(
                    "the introspection endpoint has no authenticator; refusing the caller"
                );
                false
            }
        };
        if !allowed {
            return outcome::invalid_client(
                ENDPOINT,
                "The caller is not allowed to introspect tokens.",
            );
        }
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => parameters,
            Err(answer) => return answer,
        };
        let mut introspection = StandardIntrospectionRequest::new(parameters);
        introspection.http_accept_header = parts
            .headers
            .get(ACCEPT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let response = match self.inner.api.standard_introspection(introspection).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match response.action {
            Some(StandardIntrospectionAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            Some(StandardIntrospectionAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, response.response_content)
            }
            Some(StandardIntrospectionAction::Ok) => {
                outcome::json(ENDPOINT, StatusCode::OK, response.response_content)
            }
            Some(StandardIntrospectionAction::Jwt) => {
                match outcome::content(ENDPOINT, response.response_content) {
                    Ok(jwt) => AuthleteResponse::with_content(
                        StatusCode::OK,
                        "application/token-introspection+jwt",
                        jwt,
                    ),
                    Err(answer) => answer,
                }
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }
}
