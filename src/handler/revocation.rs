//! The revocation endpoint (RFC 7009). A revoked token is also handed to the hooks registered
//! with [`AuthorizationServer::on_token_revoked`], so a co-located introspection cache forgets it.

use http::StatusCode;

use super::EndpointRequest;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{RevocationAction, RevocationRequest};

const ENDPOINT: &str = "revocation";

impl AuthorizationServer {
    /// The revocation endpoint: `POST` with `token=…`, the client authenticated as at the token endpoint.
    pub async fn revocation(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let auth = match self.client_auth(&parts.headers, ENDPOINT) {
            Ok(auth) => auth,
            Err(answer) => return answer,
        };
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => parameters,
            Err(answer) => return answer,
        };
        let token = request::form(&parts.headers, &body)
            .get("token")
            .map(str::to_owned);
        let mut revocation = RevocationRequest::new(parameters);
        revocation.client_id = auth.client_id;
        revocation.client_secret = auth.client_secret;
        revocation.client_certificate = auth.client_certificate;
        let response = match self.inner.api.revocation(revocation).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match response.action {
            Some(RevocationAction::InvalidClient) => {
                match outcome::content(ENDPOINT, response.response_content) {
                    Ok(body) => AuthleteResponse::json(StatusCode::UNAUTHORIZED, body)
                        .with_www_authenticate("Basic realm=\"revocation\""),
                    Err(answer) => answer,
                }
            }
            Some(RevocationAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            Some(RevocationAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, response.response_content)
            }
            Some(RevocationAction::Ok) => {
                if let Some(token) = token.as_deref().filter(|token| !token.is_empty()) {
                    for hook in &self.inner.revocation_hooks {
                        hook(token);
                    }
                }
                let body = response.response_content.unwrap_or_default();
                if body.is_empty() {
                    AuthleteResponse::new(StatusCode::OK)
                } else {
                    AuthleteResponse::json(StatusCode::OK, body)
                }
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }
}
