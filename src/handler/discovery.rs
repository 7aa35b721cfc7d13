//! Discovery: `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0) and
//! `/.well-known/oauth-authorization-server` (RFC 8414), both from Authlete's service configuration.

use http::StatusCode;

use super::outcome;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::ServiceConfigurationOptions;

impl AuthorizationServer {
    /// The server's metadata document, as JSON.
    pub async fn discovery(&self) -> AuthleteResponse {
        match self
            .inner
            .api
            .service_configuration(ServiceConfigurationOptions::default())
            .await
        {
            Ok(document) if document.is_object() => {
                AuthleteResponse::json(StatusCode::OK, document.to_string())
            }
            Ok(_) => {
                tracing::error!(
                    endpoint = "discovery",
                    "the service configuration is not a JSON object"
                );
                AuthleteResponse::server_error()
            }
            Err(error) => outcome::api_failure("discovery", &error),
        }
    }
}
