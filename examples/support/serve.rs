//! Start-up plumbing shared by the example binaries: logging, listen addresses, the backend
//! banner with a reachability check, serving with timeouts, and Ctrl-C.

use std::net::SocketAddr;

pub use authlete_tower::serve::ServeOptions;

use authlete_tower::AuthleteApi;
use authlete_tower::dto::ServiceConfigurationOptions;

use super::backend::{Choice, LOCAL_BASE_URL, local_backend_hint};

/// The address in environment variable `variable`, or `default`.
pub fn listen_address(variable: &str, default: &str) -> Result<SocketAddr, String> {
    let value = std::env::var(variable).unwrap_or_else(|_| default.to_owned());
    value
        .parse()
        .map_err(|_| format!("{variable}={value} is not an address such as {default}"))
}

/// Prints which backend is used and asks it for its service configuration once, to say at
/// start-up (rather than at the first request) that it cannot be reached, and how to start the
/// local backend when that is the one missing.
pub async fn announce_backend(choice: &Choice, api: &dyn AuthleteApi) {
    println!("Backend: {}", choice.describe());
    let reachable = api
        .service_configuration(ServiceConfigurationOptions::default())
        .await;
    match (reachable, choice.local_default) {
        (Ok(_), true) => println!(
            "Using the local development backend's demo credentials; set the AUTHLETE_* variables \
             or provide authlete.properties to use an Authlete service instead."
        ),
        (Ok(_), false) => {}
        (Err(_), true) => {
            eprintln!(
                "warning: the local development backend is not running at {LOCAL_BASE_URL}.\n{}",
                local_backend_hint()
            );
        }
        (Err(error), false) => {
            eprintln!(
                "warning: the backend does not answer ({error}); requests will fail until it does."
            );
        }
    }
}

/// Serves `app` on `listener` until Ctrl-C or SIGTERM, through [`authlete_tower::serve::serve`]:
/// header-read, body-read and request timeouts, a connection limit and graceful shutdown, so
/// idle or slow connections cannot take the server down.
pub async fn run(listener: tokio::net::TcpListener, app: axum::Router) -> Result<(), String> {
    authlete_tower::serve::serve(listener, app, ServeOptions::default(), shutdown_signal())
        .await
        .map_err(|error| error.to_string())
}

/// Resolves when the process receives Ctrl-C (SIGINT) or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
