//! An OAuth 2.0 authorization server / OpenID provider on axum, at `http://127.0.0.1:8000`.
//!
//! ```text
//! cargo run -p authlete-local     # terminal 1: the local backend (:8002)
//! cargo run --example authorization_server            # terminal 2
//! ```
//!
//! It talks to the Authlete service found by `AuthleteConfig::discover()` (the `AUTHLETE_*`
//! variables, `AUTHLETE_CONFIGURATION_FILE`, `authlete.properties` or `authlete.ini`), or, when
//! there is none, to the local development backend at `http://127.0.0.1:8002` with the demo
//! credentials. Users: `john`/`john` and `jane`/`jane`. Resource servers call
//! `/api/introspection` with Basic `resource-server`:`resource-secret`
//! (`INTROSPECTION_CLIENT_ID`, `INTROSPECTION_CLIENT_SECRET`). `AUTHORIZATION_SERVER_ADDR`
//! changes the listen address.

#[path = "support/mod.rs"]
mod support;

use std::process::ExitCode;
use std::sync::Arc;

use authlete_tower::{AuthleteApi, AuthleteClient};

use support::{authorization_server, backend, serve};

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

    let address = serve::listen_address("AUTHORIZATION_SERVER_ADDR", "127.0.0.1:8000")?;
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| format!("cannot listen on {address}: {error}"))?;
    let app = authorization_server::router(
        api,
        authorization_server::introspection_credentials_from_env(),
    );
    println!("Authorization server listening on http://{address} (Ctrl-C stops it)");
    serve::run(listener, app).await
}
