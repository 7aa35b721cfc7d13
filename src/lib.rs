//! Turn a tower / axum (or, with the `actix` feature, actix-web) application into an OAuth 2.0
//! authorization server and OpenID provider, and protect its APIs as a resource server, by
//! delegating the protocol work to [Authlete](https://www.authlete.com/)'s Web API.
//!
//! ```no_run
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};
//! use axum::{Router, routing::get};
//!
//! async fn profile(token: BearerToken) -> String {
//!     format!("hello {}", token.subject().unwrap_or("client"))
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // AUTHLETE_BASE_URL, AUTHLETE_SERVICE_APIKEY, … as with Authlete's official SDKs.
//! let api = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! let app: Router = Router::new()
//!     .route("/api/profile", get(profile))
//!     .route_layer(AuthleteBearer::new(api).required_scopes(["profile"]));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8001").await?;
//! // axum::serve with header/body timeouts, a connection limit and graceful shutdown.
//! let options = authlete_tower::serve::ServeOptions::default();
//! authlete_tower::serve::serve(listener, app, options, std::future::pending()).await?;
//! # Ok(()) }
//! ```
//!
//! The crate has three faces:
//!
//! - [`bearer`] — the resource server: the [`AuthleteBearer`] tower layer (and an actix-web
//!   middleware) validates access tokens through Authlete's introspection API, with a cache, and
//!   the [`BearerToken`] extractor hands the result to the handler.
//! - [`handler`] — the authorization server: one handler per endpoint (authorization, decision,
//!   token, introspection, revocation, userinfo, discovery, JWKS, PAR, device flow, dynamic
//!   registration), mounted by [`AuthorizationServer`], with small SPI traits for what only the
//!   application knows.
//!
//! The development backend lives in a crate of its own, `authlete-local` (library
//! `authlete_local`, binary `authlete-local`): an in-process, Authlete-compatible engine and
//! server, so that everything runs offline. Add it as a dev-dependency for tests, or
//! `cargo install --path authlete-local` for the server; this crate never depends on it.
//!
//! Underneath, [`AuthleteApi`] is the seam: [`AuthleteClient`] calls Authlete over HTTP, the local
//! backend answers in process, and a decorator of your own (metrics, retries) can wrap either.
//! [`AuthleteConfig`] reads the official SDKs' settings; [`dto`] holds the request and response
//! types.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `axum` | yes | the `BearerToken` extractor, `IntoResponse` for handler answers, `AuthorizationServer::router` |
//! | `serve` | yes | [`serve::serve`]: a Router served with header/body/request timeouts, a connection limit and graceful shutdown |
//! | `rustls` | yes | TLS for the Authlete client through rustls |
//! | `native-tls` | no | TLS through the platform's library instead |
//! | `actix` | no | the actix-web middleware and extractor, `AuthorizationServer::configure` |

#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

pub mod api;
pub mod bearer;
pub mod clock;
pub mod config;
pub mod dto;
pub mod handler;
#[cfg(feature = "serve")]
#[cfg_attr(docsrs, doc(cfg(feature = "serve")))]
pub mod serve;

pub use api::{
    ApiError, AuthleteApi, AuthleteClient, AuthleteClientBuilder, ClientSettings, Operation,
};
pub use bearer::{AccessTokenInfo, AccessTokenValidator, AuthleteBearer, BearerToken};
pub use config::{ApiVersion, AuthleteConfig, ConfigError, Secret};
pub use handler::{AuthleteResponse, AuthorizationServer};
