//! A resource server on axum, at `http://127.0.0.1:8001`: `GET /api/time` (any valid access
//! token), `GET /api/profile` (scope `profile`) and `/api/userinfo` (forwarded to the
//! authorization server at `AUTHORIZATION_SERVER_URL`, default `http://127.0.0.1:8000`).
//!
//! ```text
//! cargo run -p authlete-local     # terminal 1: the local backend (:8002)
//! cargo run --example resource_server                 # terminal 2
//! curl -H "Authorization: Bearer $ACCESS_TOKEN" http://127.0.0.1:8001/api/time
//! ```
//!
//! Tokens are validated through the introspection API of the Authlete service found by
//! `AuthleteConfig::discover()`, or of the local development backend at `http://127.0.0.1:8002`
//! when there is no configuration. `RESOURCE_SERVER_ADDR` changes the listen address.

#[path = "support/mod.rs"]
mod support;

use std::process::ExitCode;
use std::sync::Arc;

use authlete_tower::{AuthleteApi, AuthleteClient};

use support::{backend, resource_server, serve};

#[tokio::main]
async fn main() -> ExitCode {
    support::logging::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let choice = backend::discover().map_err(|error| error.to_string())?;
    let api: Arc<dyn AuthleteApi> =
        Arc::new(AuthleteClient::new(choice.config.clone()).map_err(|error| error.to_string())?);
    serve::announce_backend(&choice, api.as_ref()).await;

    let address = serve::listen_address("RESOURCE_SERVER_ADDR", "127.0.0.1:8001")?;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| format!("cannot listen on {address}: {error}"))?;
    let app = resource_server::router(api, &resource_server::authorization_server_url_from_env());
    println!("Resource server listening on http://{address} (Ctrl-C stops it)");
    serve::run(listener, app).await
}
