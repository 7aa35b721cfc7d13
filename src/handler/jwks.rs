//! The JWK Set endpoint: the service's public keys, `{"keys":[]}` when it has none.

//!
//! The set is cached (see [`with_metadata_cache_ttl`](AuthorizationServer::with_metadata_cache_ttl)).

use bytes::Bytes;

use super::document_cache::FetchFailure;
use super::outcome;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::ServiceJwksOptions;

impl AuthorizationServer {
    /// The JWK Set, as JSON.
    pub async fn jwks(&self) -> AuthleteResponse {
        let inner = &self.inner;
        inner
            .jwks_cache
            .serve("jwks", inner.clock.as_ref(), || async {
                match inner.api.service_jwks(ServiceJwksOptions::default()).await {
                    Ok(Some(jwks)) if jwks.is_object() => Ok(Bytes::from(jwks.to_string())),
                    Ok(None) => Ok(Bytes::from_static(br#"{"keys":[]}"#)),
                    Ok(Some(_)) => {
                        tracing::error!(endpoint = "jwks", "the JWK Set is not a JSON object");
                        Err(FetchFailure::new(AuthleteResponse::server_error(), None))
                    }
                    Err(error) => Err(FetchFailure::new(
                        outcome::api_failure("jwks", &error),
                        Some(&error),
                    )),
                }
            })
            .await
    }
}
