//! Serving an axum [`Router`] so that idle or slow connections cannot take the server down
//! (feature `serve`, on by default).
//!
//! ```no_run
//! use std::time::Duration;
//! use authlete_tower::serve::{self, ServeOptions};
//!
//! # async fn run(app: axum::Router) -> std::io::Result<()> {
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! let options = ServeOptions::default().max_connections(2_048);
//! serve::serve(listener, app, options, async {
//!     let _ = tokio::signal::ctrl_c().await;
//! })
//! .await
//! # }
//! ```
//!
//! `axum::serve` has no header-read timeout: a client that opens sockets and sends half a request
//! line on each holds them, and the file descriptors they take, for as long as it likes; a form
//! `POST` whose body never comes is held forever. [`serve()`] serves HTTP/1.1 through hyper with:
//!
//! | guard | default | what happens |
//! |---|---|---|
//! | [`ServeOptions::header_read_timeout`] | 10 s | a connection whose request line and headers are not all in by then is closed (also for the next request on a kept-alive connection) |
//! | [`ServeOptions::body_read_timeout`] | 10 s | a request body with no new data for that long fails; the endpoints answer `408` |
//! | [`ServeOptions::request_timeout`] | 30 s | a request not answered by then (body included) is answered `408 Request Timeout` |
//! | [`ServeOptions::max_connections`] | 1 024 | more connections wait, unaccepted, in the listen queue until one closes |
//! | [`ServeOptions::shutdown_timeout`] | 10 s | on shutdown, no new connection is accepted and requests in flight get that long to finish |
//!
//! Each request carries the peer's address as axum's `ConnectInfo<SocketAddr>` and as
//! [`crate::handler::ClientAddress`] (which the password grant's
//! [`UserSpi::authenticate_password`](crate::handler::UserSpi::authenticate_password) sees).
//! HTTP/2 is not offered: browsers speak it only over TLS, and a TLS-terminating proxy in front
//! speaks HTTP/1.1 to this server. The same guards can be assembled by hand from hyper's
//! `http1::Builder::header_read_timeout`, tower-http's `TimeoutLayer` and
//! `RequestBodyTimeoutLayer`, and a semaphore around `accept`.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use http::StatusCode;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::add_extension::AddExtension;
use tower_http::timeout::{RequestBodyTimeout, Timeout};

use crate::handler::ClientAddress;

/// The guards of [`serve()`]; see the module documentation for the defaults.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ServeOptions {
    /// How long a client has to send a request's line and headers.
    pub header_read_timeout: Duration,
    /// How long a request body may go without new data.
    pub body_read_timeout: Duration,
    /// How long a request may take, from its headers to its answer.
    pub request_timeout: Duration,
    /// How many connections are served at once.
    pub max_connections: usize,
    /// How long requests in flight may take to finish once shutdown starts.
    pub shutdown_timeout: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            body_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1_024,
            shutdown_timeout: Duration::from_secs(10),
        }
    }
}

impl ServeOptions {
    /// Sets [`ServeOptions::header_read_timeout`].
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// Sets [`ServeOptions::body_read_timeout`].
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.body_read_timeout = timeout;
        self
    }

    /// Sets [`ServeOptions::request_timeout`].
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.request_timeout = timeout;
        self
    }

    /// Sets [`ServeOptions::max_connections`] (at least 1).
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections.max(1);
        self
    }

    /// Sets [`ServeOptions::shutdown_timeout`].
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Self {
        self.shutdown_timeout = timeout;
        self
    }
}

/// Serves `router` on `listener` with the guards of `options` until `shutdown` resolves, then
/// stops accepting and waits up to [`ServeOptions::shutdown_timeout`] for the connections to
/// finish. Errors accepting a connection (e.g. too many open files) are logged and retried; the
/// future ends with `Ok` after shutdown.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(options.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_read_timeout);
    let service = Timeout::with_status_code(
        RequestBodyTimeout::new(router, options.body_read_timeout),
        StatusCode::REQUEST_TIMEOUT,
        options.request_timeout,
    );
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let service = with_peer(service.clone(), peer);
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        connections.spawn(async move {
            // A client that leaves or times out is no error of the server's.
            if let Err(error) = connection.await {
                tracing::debug!(%error, %peer, "connection ended");
            }
            drop(slot);
        });
        // Forget the connections that ended (each is reaped once: O(1) per connection).
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    if tokio::time::timeout(options.shutdown_timeout, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after the shutdown timeout were dropped");
    }
    connections.shutdown().await;
    Ok(())
}

type Guarded = Timeout<RequestBodyTimeout<Router>>;

fn with_peer(
    service: Guarded,
    peer: SocketAddr,
) -> AddExtension<AddExtension<Guarded, ConnectInfo<SocketAddr>>, ClientAddress> {
    AddExtension::new(
        AddExtension::new(service, ConnectInfo(peer)),
        ClientAddress(peer),
    )
}
