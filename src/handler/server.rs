//! [`AuthorizationServer`]: the Authlete API, the application's SPI and the endpoint options.

use std::sync::Arc;
use std::time::Duration;

use http::{HeaderMap, HeaderName};

use super::backchannel_spi::BackchannelSpi;
use super::document_cache::{DEFAULT_METADATA_TTL, DocumentCache};
use super::erased::{
    DynBackchannelSpi, DynGrantSpi, DynInteractionSpi, DynIntrospectionAuthenticator,
    DynRegistrationAuthorizer, DynUserSpi,
};
use super::family::{Family, FamilySet};
use super::initial_access::RegistrationAuthorizer;
use super::notification::NotificationSender;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::spi::{GrantSpi, InteractionSpi, IntrospectionAuthenticator, UserSpi};
use crate::api::AuthleteApi;
use crate::clock::{Clock, SystemClock};

/// Where the endpoints are mounted by [`AuthorizationServer::router`] and
/// [`AuthorizationServer::configure`]. The defaults are the conventional Authlete paths.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paths {
    /// Authorization endpoint (GET and POST): `/api/authorization`.
    pub authorization: String,
    /// Decision endpoint (POST): `/api/authorization/decision`.
    pub decision: String,
    /// Token endpoint: `/api/token`.
    pub token: String,
    /// Introspection endpoint: `/api/introspection`.
    pub introspection: String,
    /// Revocation endpoint: `/api/revocation`.
    pub revocation: String,
    /// UserInfo endpoint (GET and POST): `/api/userinfo`.
    pub userinfo: String,
    /// JWK Set: `/api/jwks`.
    pub jwks: String,
    /// Pushed authorization request endpoint: `/api/par`.
    pub par: String,
    /// Device authorization endpoint: `/api/device/authorization`.
    pub device_authorization: String,
    /// Device verification page (GET and POST): `/api/device/verification`.
    pub device_verification: String,
    /// Device completion (the consent form's target): `/api/device/complete`.
    pub device_complete: String,
    /// Dynamic client registration: `/api/register` (and `/api/register/{client_id}`).
    pub registration: String,
    /// CIBA backchannel authentication endpoint: `/api/backchannel/authentication` (mounted
    /// only with [`AuthorizationServer::with_backchannel`]).
    pub backchannel_authentication: String,
    /// Grant management endpoint (Grant Management for OAuth 2.0): `/api/grants`, serving `GET`
    /// and `DELETE` at `/api/grants/{grant_id}`.
    pub grant_management: String,
    /// OpenID Provider metadata: `/.well-known/openid-configuration`.
    pub openid_configuration: String,
    /// OAuth authorization server metadata (RFC 8414, what MCP clients read):
    /// `/.well-known/oauth-authorization-server`, the same cached document as
    /// [`openid_configuration`](Self::openid_configuration). For an issuer with a path, RFC 8414
    /// §3.1 puts the path after it: `/.well-known/oauth-authorization-server/tenant` for
    /// `https://as.example.com/tenant`.
    pub oauth_authorization_server: String,
}

impl Default for Paths {
    fn default() -> Self {
        Self {
            authorization: "/api/authorization".into(),
            decision: "/api/authorization/decision".into(),
            token: "/api/token".into(),
            introspection: "/api/introspection".into(),
            revocation: "/api/revocation".into(),
            userinfo: "/api/userinfo".into(),
            jwks: "/api/jwks".into(),
            par: "/api/par".into(),
            device_authorization: "/api/device/authorization".into(),
            device_verification: "/api/device/verification".into(),
            device_complete: "/api/device/complete".into(),
            registration: "/api/register".into(),
            backchannel_authentication: "/api/backchannel/authentication".into(),
            grant_management: "/api/grants".into(),
            openid_configuration: "/.well-known/openid-configuration".into(),
            oauth_authorization_server: "/.well-known/oauth-authorization-server".into(),
        }
    }
}

type RevocationHook = Arc<dyn Fn(&str) + Send + Sync>;

#[derive(Clone)]
pub(crate) struct Inner {
    pub(crate) api: Arc<dyn AuthleteApi>,
    pub(crate) users: Arc<dyn DynUserSpi>,
    pub(crate) interaction: Arc<dyn DynInteractionSpi>,
    pub(crate) grants: Option<Arc<dyn DynGrantSpi>>,
    pub(crate) introspection_authenticator: Option<Arc<dyn DynIntrospectionAuthenticator>>,
    pub(crate) registration_authorizer: Option<Arc<dyn DynRegistrationAuthorizer>>,
    pub(crate) backchannel: Option<Arc<dyn DynBackchannelSpi>>,
    pub(crate) native_sso: Option<Arc<dyn super::erased::DynNativeSsoSpi>>,
    pub(crate) notifications: Arc<NotificationSender>,
    pub(crate) families: FamilySet,
    pub(crate) revocation_hooks: Vec<RevocationHook>,
    pub(crate) paths: Paths,
    pub(crate) client_certificate_header: Option<HeaderName>,
    pub(crate) public_url: Option<String>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) max_body_size: usize,
    pub(crate) discovery_cache: DocumentCache,
    pub(crate) jwks_cache: DocumentCache,
}

/// The endpoint handlers of an authorization server / OpenID provider. Cheap to clone.
///
/// See the [module docs](crate::handler) for an example.
#[derive(Clone)]
pub struct AuthorizationServer {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for AuthorizationServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationServer")
            .field("paths", &self.inner.paths)
            .field(
                "client_certificate_header",
                &self.inner.client_certificate_header,
            )
            .field("public_url", &self.inner.public_url)
            .field("max_body_size", &self.inner.max_body_size)
            .finish_non_exhaustive()
    }
}

/// Client credentials and proof material a client-authenticating endpoint passes to Authlete.
pub(crate) struct ClientAuth {
    pub(crate) client_id: Option<String>,
    pub(crate) client_secret: Option<String>,
    pub(crate) client_certificate: Option<String>,
}

impl AuthorizationServer {
    /// An authorization server answering through `api`, asking `spi` what only the application knows.
    pub fn new<S: UserSpi + InteractionSpi>(api: Arc<dyn AuthleteApi>, spi: S) -> Self {
        let spi = Arc::new(spi);
        Self {
            inner: Arc::new(Inner {
                api,
                users: spi.clone(),
                interaction: spi,
                grants: None,
                introspection_authenticator: None,
                registration_authorizer: None,
                backchannel: None,
                native_sso: None,
                notifications: Arc::new(NotificationSender::default()),
                families: FamilySet::default(),
                revocation_hooks: Vec::new(),
                paths: Paths::default(),
                client_certificate_header: None,
                public_url: None,
                clock: Arc::new(SystemClock),
                discovery_cache: DocumentCache::new(DEFAULT_METADATA_TTL),
                jwks_cache: DocumentCache::new(DEFAULT_METADATA_TTL),
                max_body_size: 64 * 1024,
            }),
        }
    }

    fn edit(mut self, change: impl FnOnce(&mut Inner)) -> Self {
        change(Arc::make_mut(&mut self.inner));
        self
    }

    /// Answers token exchange and JWT bearer grants through `grants` (declined without it, and
    /// left out of discovery's `grant_types_supported`: [`Family::ExtensionGrants`]).
    pub fn with_grants(self, grants: impl GrantSpi) -> Self {
        self.edit(|inner| {
            inner.grants = Some(Arc::new(grants));
            inner.families.insert(Family::ExtensionGrants);
        })
    }

    /// Lets the callers `authenticator` accepts use the introspection endpoint. Without one the
    /// endpoint answers every request `401 invalid_client`.
    pub fn with_introspection_authenticator(
        self,
        authenticator: impl IntrospectionAuthenticator,
    ) -> Self {
        self.edit(|inner| inner.introspection_authenticator = Some(Arc::new(authenticator)))
    }

    /// Lets the registration requests `authorizer` accepts register clients (RFC 7591 §3):
    /// [`InitialAccessTokens`](super::InitialAccessTokens) for registration with an initial access
    /// token, [`OpenRegistration`](super::OpenRegistration) for open registration. Without one the
    /// registration endpoint answers every request `401 invalid_token`.
    pub fn with_registration_authorizer(self, authorizer: impl RegistrationAuthorizer) -> Self {
        self.edit(|inner| inner.registration_authorizer = Some(Arc::new(authorizer)))
    }

    /// Offers CIBA: mounts the backchannel authentication endpoint at
    /// [`Paths::backchannel_authentication`], which asks `spi` who the hint names and reaches
    /// the user's device, and lets [`complete_backchannel`](Self::complete_backchannel) finish
    /// the requests. Discovery advertises CIBA only with it.
    pub fn with_backchannel(self, spi: impl BackchannelSpi) -> Self {
        self.edit(|inner| {
            inner.backchannel = Some(Arc::new(spi));
            inner.families.insert(Family::Backchannel);
        })
    }

    /// Offers OpenID Connect Native SSO for Mobile Apps 1.0: answers `/auth/token`'s
    /// `NATIVE_SSO` through `spi` (session check, device secret, `/nativesso`; see
    /// [`native_sso`](super::native_sso)). Discovery says `native_sso_supported` only with it
    /// ([`Family::NativeSso`]).
    pub fn with_native_sso(self, spi: impl super::NativeSsoSpi) -> Self {
        self.edit(|inner| {
            inner.native_sso = Some(Arc::new(spi));
            inner.families.insert(Family::NativeSso);
        })
    }

    /// How long a CIBA ping or push notification may take to connect and to complete
    /// (defaults 5 s and 10 s).
    pub fn with_notification_timeouts(self, connect: Duration, total: Duration) -> Self {
        self.edit(|inner| inner.notifications = Arc::new(NotificationSender::new(connect, total)))
    }

    /// Does not mount `family`'s endpoints, and removes them from the discovery document.
    /// [`Family::Backchannel`] is mounted only with [`with_backchannel`](Self::with_backchannel),
    /// [`Family::ExtensionGrants`] only with [`with_grants`](Self::with_grants),
    /// [`Family::NativeSso`] only with [`with_native_sso`](Self::with_native_sso).
    pub fn without(self, family: Family) -> Self {
        self.edit(|inner| inner.families.remove(family))
    }

    /// Whether `family`'s endpoints are mounted by [`router`](Self::router) and
    /// [`configure`](Self::configure) and advertised by [`discovery`](Self::discovery).
    pub fn mounts(&self, family: Family) -> bool {
        self.inner.families.contains(family)
    }

    /// Calls `hook` with each token the revocation endpoint revoked, e.g. to evict it from a
    /// co-located introspection cache: `server.on_token_revoked(move |token| cache.evict(token))`.
    pub fn on_token_revoked(self, hook: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.edit(|inner| inner.revocation_hooks.push(Arc::new(hook)))
    }

    /// Mounts the endpoints at `paths`.
    pub fn with_paths(self, paths: Paths) -> Self {
        self.edit(|inner| inner.paths = paths)
    }

    /// Reads the client certificate (PEM, possibly URL-encoded) of mutual-TLS clients from `header`,
    /// set by the TLS-terminating proxy. Only configure this behind a proxy that overwrites it.
    pub fn with_client_certificate_header(self, header: HeaderName) -> Self {
        self.edit(|inner| inner.client_certificate_header = Some(header))
    }

    /// The public base URL of this server (e.g. `https://as.example.com`), used as the `htu` of
    /// DPoP proofs. Without it Authlete checks `htu` against the endpoints of its service configuration.
    pub fn with_public_url(self, url: impl Into<String>) -> Self {
        let url = url.into().trim_end_matches('/').to_owned();
        self.edit(|inner| inner.public_url = Some(url))
    }

    /// How long the discovery document and the JWK Set are kept after a fetch from Authlete
    /// (default 10 minutes; zero: never kept). Answers say `Cache-Control: public, max-age=…`
    /// for the time left, and a kept document is served past its lifetime while Authlete is
    /// unavailable (up to a day) instead of failing.
    pub fn with_metadata_cache_ttl(self, ttl: Duration) -> Self {
        self.edit(|inner| {
            inner.discovery_cache = DocumentCache::new(ttl);
            inner.jwks_cache = DocumentCache::new(ttl);
        })
    }

    /// The clock for `max_age` checks (tests use [`crate::clock::ManualClock`]).
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        self.edit(|inner| inner.clock = clock)
    }

    /// The largest request body the mounted endpoints read (default 64 KiB); larger ones get 413.
    pub fn with_max_body_size(self, bytes: usize) -> Self {
        self.edit(|inner| inner.max_body_size = bytes)
    }

    /// The mount paths.
    pub fn paths(&self) -> &Paths {
        &self.inner.paths
    }

    /// The largest request body the mounted endpoints read.
    pub fn max_body_size(&self) -> usize {
        self.inner.max_body_size
    }

    /// The Authlete API the handlers call.
    pub fn api(&self) -> &Arc<dyn AuthleteApi> {
        &self.inner.api
    }

    /// The `htu` for a DPoP proof sent to `path`.
    pub(crate) fn htu(&self, path: &str) -> Option<String> {
        self.inner
            .public_url
            .as_ref()
            .map(|base| format!("{base}{path}"))
    }

    /// The client credentials of a token-like endpoint for Authlete's `clientId`/`clientSecret`/
    /// `clientCertificate`: only what came in `Authorization: Basic` (RFC 6749 §2.3.1) and the
    /// TLS client certificate from the configured header. Credentials in the form body
    /// (`client_secret_post`, `client_assertion`) stay in `parameters`, where Authlete reads them;
    /// Authlete also decides whether the request uses more than one method.
    #[allow(
        clippy::result_large_err,
        reason = "the error is the answer itself, built once per request"
    )]
    pub(crate) fn client_auth(
        &self,
        headers: &HeaderMap,
        realm: &str,
    ) -> Result<ClientAuth, AuthleteResponse> {
        let basic = request::basic_credentials(headers)
            .map_err(|_| outcome::invalid_client(realm, "The Basic credentials are malformed."))?;
        let (client_id, client_secret) = match basic {
            Some((id, secret)) => (Some(id), Some(secret)),
            None => (None, None),
        };
        Ok(ClientAuth {
            client_id,
            client_secret,
            client_certificate: request::client_certificate(
                headers,
                self.inner.client_certificate_header.as_ref(),
            ),
        })
    }
}

/// The endpoints that take a whole request, for the framework adapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(any(feature = "axum", feature = "actix")), allow(dead_code))]
pub(crate) enum Endpoint {
    Authorization,
    Decision,
    Token,
    Introspection,
    Revocation,
    UserInfo,
    Par,
    DeviceAuthorization,
    DeviceVerification,
    DeviceComplete,
    Registration,
    Backchannel,
    /// The grant ID travels as a [`GrantIdSegment`](super::grant_management::GrantIdSegment)
    /// extension.
    GrantManagement,
}

impl AuthorizationServer {
    /// Runs `endpoint` on `request`. A panic inside (e.g. in the application's SPI) is logged and
    /// answered `500 {"error":"server_error"}` instead of dropping the connection.
    #[cfg_attr(not(any(feature = "axum", feature = "actix")), allow(dead_code))]
    pub(crate) async fn dispatch(
        &self,
        endpoint: Endpoint,
        request: super::EndpointRequest,
    ) -> AuthleteResponse {
        use futures_util::FutureExt;
        let run = async move {
            match endpoint {
                Endpoint::Authorization => self.authorization(request).await,
                Endpoint::Decision => self.authorization_decision(request).await,
                Endpoint::Token => self.token(request).await,
                Endpoint::Introspection => self.introspection(request).await,
                Endpoint::Revocation => self.revocation(request).await,
                Endpoint::UserInfo => self.userinfo(request).await,
                Endpoint::Par => self.pushed_authorization(request).await,
                Endpoint::DeviceAuthorization => self.device_authorization(request).await,
                Endpoint::DeviceVerification => self.device_verification(request).await,
                Endpoint::DeviceComplete => self.device_complete(request).await,
                Endpoint::Registration => self.registration(request).await,
                Endpoint::Backchannel => self.backchannel_authentication(request).await,
                Endpoint::GrantManagement => self.grant_management_routed(request).await,
            }
        };
        match std::panic::AssertUnwindSafe(run).catch_unwind().await {
            Ok(answer) => answer,
            Err(_) => {
                tracing::error!(?endpoint, "the endpoint handler panicked");
                AuthleteResponse::server_error()
            }
        }
    }
}
