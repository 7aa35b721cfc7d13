//! The three demo servers in one process: the local backend, the
//! authorization server and the resource server. Used by `examples/demo.rs` on the fixed ports
//! and by `tests/browser.rs` on ephemeral ones; `examples/mcp_server.rs` and
//! `tests/it/mcp_flow.rs` put the MCP server in the resource server's place
//! ([`Settings::resource_app`]).

use std::net::SocketAddr;
use std::sync::Arc;

use authlete_local::{Endpoints, LocalBackend, LocalConfig, LocalServer};
use authlete_tower::handler::{InitialAccessTokens, OpenRegistration};
use authlete_tower::serve::{ServeOptions, serve};
use authlete_tower::{AuthleteBearer, AuthleteClient};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::authorization_server::{self, MOCK_REDIRECTION_PATH};
use super::resource_server;

/// The PKCE code verifier of the walkthrough (RFC 7636 appendix B).
pub const CODE_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
/// Its S256 code challenge: BASE64URL(SHA-256(verifier)).
pub const CODE_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// The demo configuration for an authorization server whose public base URL is `base` (e.g.
/// `http://127.0.0.1:40123`): issuer, endpoints and the demo clients' redirect URI all under it.
/// With `http://localhost:8000` it is `LocalConfig::demo()` plus the CIBA client
/// ([`ciba_client`](super::ciba::ciba_client)).
pub fn config_for(base: &str) -> LocalConfig {
    let base = base.trim_end_matches('/');
    let mut config = LocalConfig::demo();
    config.issuer = base.to_owned();
    config.endpoints = Endpoints::under(base);
    for client in &mut config.clients {
        client.redirect_uris = vec![format!("{base}{MOCK_REDIRECTION_PATH}")];
    }
    config.clients.push(super::ciba::ciba_client());
    config
}

/// Builds the resource server's app from the bearer layer (whose cache the authorization
/// server's revocation endpoint evicts from) and the authorization server's issuer.
pub type ResourceApp = Arc<dyn Fn(AuthleteBearer, &str) -> Result<Router, String> + Send + Sync>;

/// What the tests tune: the servers' timeouts and connection limit, the authorization
/// server's application settings, and which app the resource server serves.
#[derive(Clone, Default)]
pub struct Settings {
    /// The guards of every server (backend, authorization server, resource server).
    pub serve: ServeOptions,
    /// The authorization server's sessions and login throttling.
    pub app: authorization_server::Settings,
    /// The resource server's app; by default [`resource_server::router_with`].
    pub resource_app: Option<ResourceApp>,
}

/// The running servers. [`Demo::shutdown`] stops them gracefully.
pub struct Demo {
    /// The local backend, as Authlete's Web API.
    pub backend: LocalServer,
    /// Where the authorization server listens.
    pub authorization_server: SocketAddr,
    /// Where the resource server listens.
    pub resource_server: SocketAddr,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<std::io::Result<()>>>,
}

/// Starts the backend on `backend_address` with `config`, and the authorization and resource
/// servers on the given listeners. Both servers reach the backend over HTTP with
/// [`AuthleteClient`], exactly as they would reach Authlete. Being in one process, the
/// authorization server's revocation endpoint evicts the token from the resource server's
/// introspection cache.
pub async fn start(
    config: LocalConfig,
    backend_address: SocketAddr,
    authorization_listener: TcpListener,
    resource_listener: TcpListener,
) -> Result<Demo, String> {
    start_with(
        config,
        backend_address,
        authorization_listener,
        resource_listener,
        Settings::default(),
    )
    .await
}

/// [`start`] with the given [`Settings`].
pub async fn start_with(
    config: LocalConfig,
    backend_address: SocketAddr,
    authorization_listener: TcpListener,
    resource_listener: TcpListener,
    settings: Settings,
) -> Result<Demo, String> {
    // The authorization server lets through the registrations the backend accepts.
    let issuer = config.issuer.clone();
    let registration = &config.registration;
    let open = registration.open;
    let initial_access_tokens = InitialAccessTokens::new(
        registration
            .initial_access_tokens
            .iter()
            .map(|token| token.expose().to_owned())
            .collect::<Vec<_>>(),
    );
    let backend = LocalBackend::new(config).map_err(|error| error.to_string())?;
    let backend = LocalServer::bind_with(backend, backend_address, settings.serve.clone())
        .await
        .map_err(|error| format!("cannot listen on {backend_address}: {error}"))?;
    let api =
        Arc::new(AuthleteClient::new(backend.config_v2()).map_err(|error| error.to_string())?);
    let authorization_server = authorization_listener
        .local_addr()
        .map_err(|error| error.to_string())?;
    let resource_server = resource_listener
        .local_addr()
        .map_err(|error| error.to_string())?;

    let (stop, stopped) = watch::channel(false);
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        }
    };
    // Co-located: a token revoked at the authorization server is evicted from the resource
    // server's introspection cache at once, instead of staying valid there until its cached
    // result expires.
    let bearer = resource_server::bearer(api.clone());
    let cache = bearer.cache();
    let authorization_app = authorization_server::router_with(
        api,
        authorization_server::introspection_credentials_from_env(),
        settings.app,
        move |server| {
            let server = server.on_token_revoked(move |token| cache.evict(token));
            if open {
                server.with_registration_authorizer(OpenRegistration)
            } else {
                server.with_registration_authorizer(initial_access_tokens)
            }
        },
    );
    let authorization_base = format!("http://{authorization_server}");
    let resource_app = match &settings.resource_app {
        Some(build) => match build(bearer, &issuer) {
            Ok(app) => app,
            Err(error) => {
                backend.shutdown().await;
                return Err(error);
            }
        },
        None => resource_server::router_with(bearer, &authorization_base),
    };
    let tasks = vec![
        tokio::spawn(serve(
            authorization_listener,
            authorization_app,
            settings.serve.clone(),
            until_stopped(),
        )),
        tokio::spawn(serve(
            resource_listener,
            resource_app,
            settings.serve,
            until_stopped(),
        )),
    ];
    Ok(Demo {
        backend,
        authorization_server,
        resource_server,
        stop,
        tasks,
    })
}

impl Demo {
    /// Stops accepting connections, lets requests in flight finish, and stops the backend.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
        self.backend.shutdown().await;
    }
}
