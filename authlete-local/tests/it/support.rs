//! Helpers shared by the local-backend tests: a server on an ephemeral loopback port and its
//! v2 and v3 clients.

use authlete_local::{LocalBackend, LocalServer};
use authlete_tower::AuthleteClient;
use serde_json::Value;

/// Serves `backend` on an ephemeral loopback port and returns the server with a v2 and a v3
/// client pointed at it.
pub async fn start(backend: LocalBackend) -> (LocalServer, AuthleteClient, AuthleteClient) {
    let server = LocalServer::bind(backend, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let v2 = AuthleteClient::new(server.config_v2()).unwrap();
    let v3 = AuthleteClient::new(server.config_v3()).unwrap();
    (server, v2, v3)
}

/// Parses a `responseContent` that must be JSON.
pub fn json(text: &Option<String>) -> Value {
    serde_json::from_str(text.as_deref().expect("responseContent"))
        .expect("responseContent is JSON")
}
