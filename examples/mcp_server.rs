//! An MCP server behind `AuthleteBearer`, offline:
//!
//! ```text
//! cargo run --example mcp_server
//! ```
//!
//! starts the local development backend (`http://127.0.0.1:8002`, demo configuration plus the
//! scopes `mcp:read` and `mcp:write`), the demo authorization server (`http://localhost:8000`)
//! and a Model Context Protocol server (the official Rust SDK `rmcp`, streamable HTTP) at
//! `http://127.0.0.1:8001/mcp`, all on loopback, in one process. The MCP server is its own
//! resource identifier: it refuses tokens minted for another resource, answers a request without
//! a token with a 401 naming its RFC 9728 metadata
//! (`/.well-known/oauth-protected-resource/mcp`), and refuses a tool call without the tool's
//! scope with a 403 `insufficient_scope` challenge. An MCP client finds everything from there:
//! the authorization server in the metadata, its endpoints at
//! `/.well-known/oauth-authorization-server`, registers itself, and gets a token with the
//! authorization code flow, PKCE and `resource=http://127.0.0.1:8001/mcp`.
//!
//! Registration needs the demo's initial access token; `OPEN_REGISTRATION=true` opens it for
//! MCP clients that register without one. Ctrl-C stops everything.

#[path = "support/mod.rs"]
mod support;

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use authlete_local::LocalConfig;
use tokio::net::TcpListener;

use support::demo::{self, Settings};
use support::{mcp, serve};

/// Where the MCP server listens; its resource identifier is `http://{MCP_ADDRESS}/mcp`.
const MCP_ADDRESS: &str = "127.0.0.1:8001";

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

async fn bind(address: &str, what: &str) -> Result<TcpListener, String> {
    let address: SocketAddr = address
        .parse()
        .map_err(|_| format!("bad address {address}"))?;
    TcpListener::bind(address).await.map_err(|error| {
        format!("cannot listen on {address} for the {what}: {error} (is the demo running?)")
    })
}

async fn run() -> Result<(), String> {
    let authorization_listener = bind("127.0.0.1:8000", "authorization server").await?;
    let mcp_listener = bind(MCP_ADDRESS, "MCP server").await?;
    let backend_address: SocketAddr = "127.0.0.1:8002".parse().map_err(|_| "bad address")?;
    let mut config = mcp::config_with_scopes(LocalConfig::demo());
    config.registration.open = std::env::var("OPEN_REGISTRATION")
        .is_ok_and(|value| matches!(value.as_str(), "true" | "1" | "yes"));
    let resource = format!("http://{MCP_ADDRESS}{}", mcp::MCP_PATH);
    let settings = Settings {
        resource_app: Some(Arc::new({
            let resource = resource.clone();
            move |bearer, issuer: &str| mcp::router(mcp::bearer(bearer, &resource, issuer)?)
        })),
        ..Settings::default()
    };
    let open = config.registration.open;
    let servers = demo::start_with(
        config,
        backend_address,
        authorization_listener,
        mcp_listener,
        settings,
    )
    .await?;

    println!("{}", banner(&servers.backend.base_url(), &resource, open));
    serve::shutdown_signal().await;
    println!("\nShutting down…");
    servers.shutdown().await;
    println!("Stopped.");
    Ok(())
}

fn banner(backend: &str, resource: &str, open: bool) -> String {
    let registration = if open {
        "open (OPEN_REGISTRATION)".to_owned()
    } else {
        format!(
            "with the initial access token {} (OPEN_REGISTRATION=true opens it)",
            authlete_local::demo::INITIAL_ACCESS_TOKEN
        )
    };
    let resource_metadata = format!(
        "http://{MCP_ADDRESS}/.well-known/oauth-protected-resource{}",
        mcp::MCP_PATH
    );
    format!(
        r#"
authlete-tower MCP server — three servers in this process:
  local backend         {backend}  (Authlete's Web API, demo configuration + mcp:read, mcp:write)
  authorization server  http://localhost:8000  (registration {registration})
  MCP server            {resource}  (streamable HTTP)
Users: john/john, jane/jane. Tools: whoami (mcp:read), add_note (mcp:write).

Point an MCP client at {resource}; it is sent to
  {resource_metadata}
and from there to the authorization server. Or look with curl:
  curl -i -X POST {resource}     (401, resource_metadata in the challenge)
Press Ctrl-C to stop."#,
    )
}
