//! Start-up plumbing shared by the example binaries: logging, listen addresses, a reachability
//! check of the backend and Ctrl-C.

use std::net::SocketAddr;

use authlete_tower::AuthleteApi;
use authlete_tower::dto::ServiceConfigurationOptions;

/// Logs to stderr; `RUST_LOG` overrides the default `info`.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// The address in environment variable `variable`, or `default`.
pub fn listen_address(variable: &str, default: &str) -> Result<SocketAddr, String> {
    let value = std::env::var(variable).unwrap_or_else(|_| default.to_owned());
    value
        .parse()
        .map_err(|_| format!("{variable}={value} is not an address such as {default}"))
}

/// Asks the backend for its service configuration once, to say at start-up (rather than at the
/// first request) that it cannot be reached.
pub async fn check_backend(api: &dyn AuthleteApi) -> Result<(), String> {
    match api
        .service_configuration(ServiceConfigurationOptions::default())
        .await
    {
        Ok(_) => Ok(()),
        Err(error) => Err(error.to_string()),
    }
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
