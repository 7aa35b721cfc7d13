//! The authorization-server side: one handler per endpoint, with small SPI traits for what only
//! the application knows.
//!
//! Every handler is a method of [`AuthorizationServer`] that takes an `http::Request<Bytes>` and
//! returns an [`AuthleteResponse`], so it runs under any framework. [`AuthorizationServer::router`]
//! (feature `axum`) mounts them all on an axum `Router`, and [`AuthorizationServer::configure`]
//! (feature `actix`) on an actix-web `ServiceConfig`.
//!
//! ```no_run
//! use std::sync::Arc;
//! use authlete_tower::{AuthleteClient, AuthleteConfig, AuthleteResponse, AuthorizationServer};
//! use authlete_tower::handler::{
//!     AuthenticatedUser, AuthorizationPage, Decision, DecisionOutcome, Form, InteractionSpi,
//!     PendingAuthorization, SpiError, UserSpi,
//! };
//! use http::{StatusCode, request::Parts};
//!
//! struct App;
//!
//! impl UserSpi for App {}
//!
//! impl InteractionSpi for App {
//!     async fn current_user(&self, _request: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
//!         Ok(None) // read the session cookie here
//!     }
//!     async fn authorization_page(&self, page: AuthorizationPage, _request: &Parts) -> Result<AuthleteResponse, SpiError> {
//!         // Render a login/consent form and keep `page.pending` in the session.
//!         Ok(AuthleteResponse::html(StatusCode::OK, format!("<h1>{}</h1>", page.client_name.unwrap_or_default())))
//!     }
//!     async fn decision(&self, _request: &Parts, form: &Form) -> Result<DecisionOutcome, SpiError> {
//!         // Check the anti-CSRF token; take the pending authorization and the user from the session.
//!         if form.get("csrf_token") != Some("from-the-session") {
//!             return Ok(AuthleteResponse::html(StatusCode::FORBIDDEN, "<p>Form rejected</p>").into());
//!         }
//!         let pending = PendingAuthorization::new(form.get("ticket").unwrap_or_default());
//!         Ok(Decision::new(pending, Some(AuthenticatedUser::new("1001")), form.get("authorized") == Some("true")).into())
//!     }
//! }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let api = Arc::new(AuthleteClient::new(AuthleteConfig::from_env()?)?);
//! let server = AuthorizationServer::new(api, App);
//! let app = server.router();
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8000").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```
//!
//! # Endpoints
//!
//! | method of [`AuthorizationServer`] | default path ([`Paths`]) | HTTP | Authlete APIs |
//! |---|---|---|---|
//! | [`authorization`](AuthorizationServer::authorization) | `/api/authorization` | GET, POST | `/auth/authorization` (+ `/issue`, `/fail` for `prompt=none`) |
//! | [`authorization_decision`](AuthorizationServer::authorization_decision) / [`decide`](AuthorizationServer::decide) | `/api/authorization/decision` | POST | `/auth/authorization/issue`, `/fail` |
//! | [`token`](AuthorizationServer::token) | `/api/token` | POST | `/auth/token` (+ `/issue`, `/fail` for the password grant; `/auth/token/create` for token exchange and JWT bearer through [`ExtensionGrantIssuer`]) |
//! | [`introspection`](AuthorizationServer::introspection) | `/api/introspection` | POST | `/auth/introspection/standard` |
//! | [`revocation`](AuthorizationServer::revocation) | `/api/revocation` | POST | `/auth/revocation` |
//! | [`userinfo`](AuthorizationServer::userinfo) | `/api/userinfo` | GET, POST | `/auth/userinfo`, `/auth/userinfo/issue` |
//! | [`jwks`](AuthorizationServer::jwks) | `/api/jwks` | GET | `/service/jwks/get` |
//! | [`discovery`](AuthorizationServer::discovery) | `/.well-known/openid-configuration`, `/.well-known/oauth-authorization-server` | GET | `/service/configuration` |
//! | [`pushed_authorization`](AuthorizationServer::pushed_authorization) | `/api/par` | POST | `/pushed_auth_req` |
//! | [`device_authorization`](AuthorizationServer::device_authorization) | `/api/device/authorization` | POST | `/device/authorization` |
//! | [`device_verification`](AuthorizationServer::device_verification) | `/api/device/verification` | GET, POST | `/device/verification` |
//! | [`device_complete`](AuthorizationServer::device_complete) | `/api/device/complete` | POST | `/device/complete` |
//! | [`registration`](AuthorizationServer::registration) | `/api/register` | POST | `/client/registration` |
//! | [`registration_management`](AuthorizationServer::registration_management) | `/api/register/{client_id}` | GET, PUT, DELETE | `/client/registration/get`, `/update`, `/delete` |
//! | [`backchannel_authentication`](AuthorizationServer::backchannel_authentication) (with [`with_backchannel`](AuthorizationServer::with_backchannel)) | `/api/backchannel/authentication` | POST | `/backchannel/authentication` (+ `/issue`, `/fail`) |
//! | [`complete_backchannel`](AuthorizationServer::complete_backchannel) (a call of the application, no endpoint) | — | — | `/backchannel/authentication/complete`, then the ping or push notification |
//!
//! Every family but the authorization, token, JWK Set and discovery endpoints can be left
//! unmounted with [`AuthorizationServer::without`] ([`Family`]); the discovery document then
//! leaves it out too, so it advertises exactly what is mounted.
//!
//! The registration endpoint registers only what the
//! [`RegistrationAuthorizer`] set with [`AuthorizationServer::with_registration_authorizer`]
//! accepts ([`InitialAccessTokens`], [`OpenRegistration`]; without one, nothing), and only
//! redirect URIs the [`redirect_uri`] rule allows. A `form_post` response is re-rendered by the
//! handler with a strict content-security policy, and neither it nor a redirect is ever sent to a
//! target that runs script.
//!
//! Every answer carries `Cache-Control: no-store` and `Pragma: no-cache`, and `DPoP-Nonce` whenever
//! Authlete returned one. An Authlete that is unavailable — unreachable, timing out, or answering
//! 502/503/504 (a full local backend answers `503 A000503`) — makes every endpoint answer
//! `503 {"error":"temporarily_unavailable"}` with `Retry-After` ([`AuthleteResponse::unavailable`]).
//! Any other failure of the Authlete call, an action this version does not know, an answer lacking
//! the `responseContent` its action needs, and an [`SpiError`] become
//! `500 {"error":"server_error"}`. The detail goes to `tracing` (never a token or a secret) and
//! never to the client.
//!
//! # The decision endpoint and the session
//!
//! The authorization endpoint hands the page an [`AuthorizationPage`] whose
//! [`PendingAuthorization`] (Authlete's ticket plus the claims and locales to collect) must
//! survive until the user submits the form. Keep it where the browser cannot tamper with it —
//! a server-side session, a signed cookie, or a form field sealed with a MAC to the browser (as
//! the example does) — never in a plain hidden field, and keep one per page: a browser may have
//! several requests pending, and each form must decide its own. [`InteractionSpi::decision`] then reads it back together with the logged-in user, and the
//! handler issues or fails the authorization (`DENIED` when the user declined,
//! `NOT_AUTHENTICATED` when there is no user). When the form cannot be decided yet — a wrong
//! password typed into a login form, an anti-CSRF token that does not match — the application
//! answers it itself with [`DecisionOutcome::Respond`] (the page again, a refusal), and a
//! [`Decision`] carries the headers its answer needs (the `Set-Cookie` of a session renewed at
//! login) with [`Decision::with_header`]. The decision endpoint changes state on a POST from
//! the browser: bind the pending authorization to the session and protect the form against
//! cross-site request forgery as any other form of the application (a `SameSite` session cookie
//! or an anti-CSRF token checked in [`InteractionSpi::decision`]).
//!
//! # `prompt=none` and consent
//!
//! A `prompt=none` request cannot show a page, so the handler checks what the page would: a
//! logged-in user ([`InteractionSpi::current_user`]), `max_age`, the required subject, an
//! essential ACR, and then asks [`InteractionSpi::has_consented`] whether that user already
//! granted this client the requested scopes and claims ([`ConsentQuestion`]). Each failure ends
//! the request at the client's redirect URI (`login_required`, then `consent_required`, OpenID
//! Connect Core §3.1.2.6). The default answer is no; record what the user authorizes in
//! [`InteractionSpi::decision`] and answer from that record, as the example application does.

mod authorization;
mod backchannel;
mod backchannel_complete;
mod backchannel_spi;
mod claims;
mod client_secret;
mod decision;
mod delivery;
mod device;
mod discovery;
mod document_cache;
mod erased;
pub mod extension_grant;
mod family;
mod grant_management;
mod initial_access;
mod introspection;
mod jwks;
pub mod native_sso;
mod notification;
mod outcome;
mod page;
mod par;
mod password;
pub mod redirect_uri;
mod registration;
pub(crate) mod request;
mod response;
mod revocation;
mod server;
mod spi;
mod token;
mod userinfo;

#[cfg(feature = "actix")]
pub mod actix;
#[cfg(feature = "axum")]
mod router;

pub use backchannel_complete::{
    BackchannelCompleted, BackchannelCompletion, BackchannelError, BackchannelResult,
};
pub use backchannel_spi::{
    BackchannelAuthentication, BackchannelSpi, HintKind, MAX_BINDING_MESSAGE_CHARS, UserHint,
    UserLookup,
};
pub use client_secret::ClientSecretCredentials;
pub use extension_grant::{ExtensionGrantIssuer, GrantedToken, IssueError};
pub use family::Family;
pub use initial_access::{InitialAccessTokens, OpenRegistration, RegistrationAuthorizer};
pub use native_sso::{NativeSsoLogoutError, NativeSsoSpi};
pub use notification::NotificationError;
pub use page::{
    AuthorizationPage, Decision, DecisionOutcome, DeviceCodeProblem, DeviceConsent, DeviceDecision,
    DevicePage, Form, PendingAuthorization, ScopeInfo,
};
pub use password::{ClientAddress, PasswordAttempt, client_address};
pub use response::{AuthleteResponse, DPOP_NONCE, RETRY_AFTER_SECONDS};
pub use server::{AuthorizationServer, Paths};
pub use spi::{
    AuthenticatedUser, BasicIntrospectionCredentials, ConsentQuestion, GrantSpi, InteractionSpi,
    IntrospectionAuthenticator, IssueOptions, SpiError, UserSpi,
};

/// The request every handler takes: method, URI, headers and the whole body.
pub type EndpointRequest = http::Request<bytes::Bytes>;
