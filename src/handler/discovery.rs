//! Discovery: `/.well-known/openid-configuration` (OpenID Connect Discovery 1.0) and
//! `/.well-known/oauth-authorization-server` (RFC 8414), both from Authlete's service configuration.
//!
//! The document advertises only what this server mounts: the metadata of a [`Family`](super::Family) left out
//! (see [`AuthorizationServer::without`], [`AuthorizationServer::with_backchannel`]) is removed
//! from Authlete's document — its endpoint, its other keys and its grant type.
//!
//! The document is cached (see [`with_metadata_cache_ttl`](AuthorizationServer::with_metadata_cache_ttl)).

use bytes::Bytes;

use super::document_cache::FetchFailure;
use super::outcome;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::ServiceConfigurationOptions;

impl AuthorizationServer {
    /// The server's metadata document, as JSON.
    pub async fn discovery(&self) -> AuthleteResponse {
        let inner = &self.inner;
        inner
            .discovery_cache
            .serve("discovery", inner.clock.as_ref(), || async {
                match inner
                    .api
                    .service_configuration(ServiceConfigurationOptions::default())
                    .await
                {
                    Ok(serde_json::Value::Object(mut document)) => {
                        inner.families.restrict(&mut document);
                        Ok(Bytes::from(serde_json::Value::Object(document).to_string()))
                    }
                    Ok(_) => {
                        tracing::error!(
                            endpoint = "discovery",
                            "the service configuration is not a JSON object"
                        );
                        Err(FetchFailure::new(AuthleteResponse::server_error(), None))
                    }
                    Err(error) => Err(FetchFailure::new(
                        outcome::api_failure("discovery", &error),
                        Some(&error),
                    )),
                }
            })
            .await
    }
}
