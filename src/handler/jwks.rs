//! The JWK Set endpoint: the service's public keys, `{"keys":[]}` when it has none.

use http::StatusCode;

use super::outcome;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::ServiceJwksOptions;

impl AuthorizationServer {
    /// The JWK Set, as JSON.
    pub async fn jwks(&self) -> AuthleteResponse {
        match self
            .inner
            .api
            .service_jwks(ServiceJwksOptions::default())
            .await
        {
            Ok(Some(jwks)) if jwks.is_object() => {
                AuthleteResponse::json(StatusCode::OK, jwks.to_string())
            }
            Ok(None) => AuthleteResponse::json(StatusCode::OK, r#"{"keys":[]}"#),
            Ok(Some(_)) => {
                tracing::error!(endpoint = "jwks", "the JWK Set is not a JSON object");
                AuthleteResponse::server_error()
            }
            Err(error) => outcome::api_failure("jwks", &error),
        }
    }
}
