//! [`LocalConfig`]: the service, its clients, scopes, keys, lifetimes and limits, from code or TOML.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use super::LocalError;
use super::client_auth::TokenAuthMethod;
use super::demo;
use authlete_tower::config::Secret;
use authlete_tower::handler::redirect_uri::{self, ApplicationType};

/// The configuration of a [`LocalBackend`](super::LocalBackend).
///
/// Start from [`LocalConfig::demo`] and change fields, or read a TOML file with
/// [`LocalConfig::from_toml_file`] (format in the [module docs](super)).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LocalConfig {
    /// The service API key, which is also the service ID of API v3 paths.
    pub service_api_key: String,
    /// The service API secret (API v2, HTTP Basic).
    pub service_api_secret: Secret,
    /// The service access token (API v3, Bearer).
    pub service_access_token: Secret,
    /// When set, the service access token is DPoP-bound to the key with this RFC 7638 thumbprint
    /// (base64url SHA-256): v3 calls must then send `Authorization: DPoP <token>` and a `DPoP`
    /// proof signed with that key for the call's method and URL, as Authlete requires of a
    /// DPoP-bound token. `None` (the default): `Bearer`, no proof.
    pub service_access_token_dpop_jkt: Option<String>,
    /// The service owner's API key: with [`Self::service_owner_api_secret`], the HTTP Basic
    /// credentials of the v2 service management APIs (`/api/service/…`). TOML
    /// `[service_owner] api_key`; demo [`demo::SERVICE_OWNER_API_KEY`].
    pub service_owner_api_key: String,
    /// The service owner's API secret (v2 service management). TOML `[service_owner]
    /// api_secret`; demo [`demo::SERVICE_OWNER_API_SECRET`].
    pub service_owner_api_secret: Secret,
    /// The service owner's access token: the Bearer credential of the v3 service management
    /// APIs. TOML `[service_owner] access_token`; demo [`demo::SERVICE_OWNER_ACCESS_TOKEN`].
    pub service_owner_access_token: Secret,
    /// The issuer identifier (`iss` of ID tokens, `issuer` of the discovery document).
    pub issuer: String,
    /// The endpoints advertised in the discovery document.
    pub endpoints: Endpoints,
    /// The scopes the service supports.
    pub scopes: Vec<ScopeConfig>,
    /// The registered clients.
    pub clients: Vec<ClientConfig>,
    /// How long each kind of credential lives.
    pub lifetimes: Lifetimes,
    /// Bounds on the in-memory state.
    pub limits: Limits,
    /// Signing keys for ID tokens.
    pub keys: KeysConfig,
    /// Whether every PKCE request must use `S256` (Authlete's `pkceS256Required`; RFC 9700
    /// §2.1.1): `plain`, or a `code_challenge` without a method, is refused. The demo sets it.
    pub pkce_s256_required: bool,
    /// Whether every DPoP proof must carry a nonce this service issued (RFC 9449 §8; Authlete's
    /// `dpopNonceRequired`).
    pub dpop_nonce_required: bool,
    /// Whether a refresh-token grant whose scopes still hold `openid` answers with the action
    /// `ID_TOKEN_REISSUABLE` (Authlete's `idTokenReissuable`): its token response then carries no
    /// ID token, and `/idtoken/reissue` issues one for the new access and refresh tokens. `false`
    /// (the default): such a grant answers `OK` with a fresh ID token in the response.
    pub id_token_reissuable: bool,
    /// Whether the service offers Grant Management for OAuth 2.0 (Authlete's
    /// `grantManagementEndpoint` set): authorization and pushed authorization requests may
    /// carry `grant_management_action` (`create`, `merge`, `replace`) and `grant_id`, token
    /// responses then carry `grant_id`, `/gm` queries and revokes grants, and discovery
    /// advertises [`Endpoints::grant_management`]. Without it those parameters are ignored like
    /// any unknown parameter. The demo sets it.
    pub grant_management: bool,
    /// Whether every authorization request must carry `grant_management_action` (Authlete's
    /// `grantManagementActionRequired`; needs [`grant_management`](Self::grant_management)).
    pub grant_management_action_required: bool,
    /// Whether the service supports OpenID Connect Native SSO for Mobile Apps 1.0 (Authlete's
    /// `nativeSsoSupported`): the `device_sso` scope, `NATIVE_SSO` token answers, `/nativesso`
    /// and `/nativesso/logout`, `native_sso_supported` in discovery. The demo sets it.
    pub native_sso_supported: bool,
    /// Who may register clients dynamically.
    pub registration: RegistrationConfig,
    /// When set (`RS256` or `ES256`), access tokens are JWTs (RFC 9068, `typ` `at+jwt`) signed
    /// with the service key of that algorithm, as Authlete does with the service's
    /// `accessTokenSignAlg`: the token response carries the JWT, the opaque token is kept as
    /// `accessToken` beside `jwtAccessToken`, and introspection accepts either. `None` (the
    /// default): opaque access tokens.
    pub access_token_sign_alg: Option<String>,
    /// The `kid` of the key that signs JWT access tokens (Authlete's
    /// `accessTokenSignatureKeyId`); it must name the service key of
    /// [`access_token_sign_alg`](Self::access_token_sign_alg) (`kid`s are RFC 7638 thumbprints).
    /// `None`: that key, whatever its `kid`.
    pub access_token_signature_key_id: Option<String>,
    /// Issuers whose JWTs this service trusts, with their public keys: the signature of a JWT
    /// bearer assertion (RFC 7523) or of a token exchange's JWT or ID token (RFC 8693) from one of
    /// them is verified against its JWK Set. Empty by default.
    pub trusted_issuers: Vec<TrustedIssuer>,
    /// An SQLite file that keeps the state across restarts (the `authlete-local --data FILE`
    /// flag): clients registered or changed at run time, codes, tokens (by their SHA-256, never
    /// the credentials), pending device and CIBA requests, and the signing keys the backend
    /// generated. Each API call that changes the state commits its changes before it answers.
    /// Created if missing; a file of another schema version is refused. `None` (the default):
    /// the state lives in memory only. Needs the crate feature `sqlite` (on by default).
    pub data_file: Option<std::path::PathBuf>,
}

/// An issuer of JWTs and its public JWK Set (see [`LocalConfig::trusted_issuers`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TrustedIssuer {
    /// The `iss` of its JWTs.
    pub issuer: String,
    /// Its public keys: a JWK Set (`{"keys": [...]}`).
    pub jwks: serde_json::Value,
}

impl TrustedIssuer {
    /// An issuer and its JWK Set.
    pub fn new(issuer: impl Into<String>, jwks: serde_json::Value) -> Self {
        TrustedIssuer {
            issuer: issuer.into(),
            jwks,
        }
    }
}

/// Who may register clients at `/client/registration` (RFC 7591 §3). By default a request must
/// carry one of `initial_access_tokens` (the `token` of the API request, which the registration
/// handler fills from `Authorization: Bearer`); with `open`, anyone may.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct RegistrationConfig {
    /// Anyone may register a client, without a token (the OpenID Connect Dynamic profile).
    pub open: bool,
    /// The initial access tokens that allow a registration.
    pub initial_access_tokens: Vec<Secret>,
}

/// The endpoint URLs of the authorization server the backend serves.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Endpoints {
    /// `authorization_endpoint`.
    pub authorization: String,
    /// `token_endpoint`.
    pub token: String,
    /// `userinfo_endpoint`.
    pub userinfo: String,
    /// `revocation_endpoint`.
    pub revocation: String,
    /// `introspection_endpoint`.
    pub introspection: String,
    /// `jwks_uri`.
    pub jwks: String,
    /// `pushed_authorization_request_endpoint`.
    pub par: String,
    /// `device_authorization_endpoint`.
    pub device_authorization: String,
    /// The verification URI shown to the user of the device flow.
    pub device_verification: String,
    /// `registration_endpoint`.
    pub registration: String,
    /// `backchannel_authentication_endpoint` (CIBA).
    pub backchannel_authentication: String,
    /// `grant_management_endpoint` (Grant Management for OAuth 2.0), advertised when
    /// [`LocalConfig::grant_management`] is set.
    pub grant_management: String,
}

impl Endpoints {
    /// The example authorization server's endpoints below `issuer`.
    pub fn under(issuer: &str) -> Self {
        let at = |path: &str| format!("{}{path}", issuer.trim_end_matches('/'));
        Endpoints {
            authorization: at("/api/authorization"),
            token: at("/api/token"),
            userinfo: at("/api/userinfo"),
            revocation: at("/api/revocation"),
            introspection: at("/api/introspection"),
            jwks: at("/api/jwks"),
            par: at("/api/par"),
            device_authorization: at("/api/device/authorization"),
            device_verification: at("/api/device/verification"),
            registration: at("/api/register"),
            backchannel_authentication: at("/api/backchannel/authentication"),
            grant_management: at("/api/grants"),
        }
    }
}

/// A scope and its description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScopeConfig {
    /// The scope name, e.g. `profile`.
    pub name: String,
    /// What it grants, in words for a consent page.
    pub description: String,
}

impl ScopeConfig {
    /// A scope.
    pub fn new(name: impl Into<String>, description: impl Into<String>) -> Self {
        ScopeConfig {
            name: name.into(),
            description: description.into(),
        }
    }
}

/// A registered client.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    /// The numeric client ID.
    pub client_id: i64,
    /// The secret of a confidential client; `None` makes the client public
    /// (`token_endpoint_auth_method=none`).
    pub client_secret: Option<Secret>,
    /// The display name.
    pub client_name: String,
    /// A logo URL for consent pages.
    pub logo_uri: Option<String>,
    /// Grant types, as OAuth names (`authorization_code`, `refresh_token`, …).
    pub grant_types: Vec<String>,
    /// Response types, as OAuth names (`code`, `code id_token`, …).
    pub response_types: Vec<String>,
    /// Registered redirect URIs, compared exactly.
    pub redirect_uris: Vec<String>,
    /// Whether authorization requests must carry a PKCE `code_challenge` (always true for public clients).
    pub pkce_required: bool,
    /// `web` (the default: `https` redirect URIs) or `native` (also loopback `http` and
    /// private-use schemes); see [`redirect_uri`](authlete_tower::handler::redirect_uri).
    pub application_type: ApplicationType,
    /// Whether its access tokens are bound to the client certificate given at the token API
    /// (RFC 8705 §3, `tls_client_certificate_bound_access_tokens`).
    pub tls_client_certificate_bound_access_tokens: bool,
    /// The client's public JWK Set, which verifies its `private_key_jwt` assertions.
    pub jwks: Option<serde_json::Value>,
    /// The subject DN of the client certificate of a `tls_client_auth` client (RFC 8705 §2.1.2).
    pub tls_client_auth_subject_dn: Option<String>,
    /// Whether a PKCE request of this client must use `S256` (RFC 9700 §2.1.1); the service's
    /// [`LocalConfig::pkce_s256_required`] applies to every client.
    pub pkce_s256_required: bool,
    /// The client authentication method the client must use (RFC 7591
    /// `token_endpoint_auth_method`); `None` lets a confidential client use `client_secret_basic`
    /// or `client_secret_post`.
    pub token_endpoint_auth_method: Option<TokenAuthMethod>,
    /// `RS256` or `ES256`: this client's access tokens are JWTs signed so, whatever the service's
    /// [`LocalConfig::access_token_sign_alg`] (a setting of the local backend only; Authlete
    /// decides per service). `None`: the service's setting.
    pub access_token_sign_alg: Option<String>,
    /// How this client gets CIBA tokens (`backchannel_token_delivery_mode`: `poll`, `ping` or
    /// `push`); `None` is poll.
    pub backchannel_token_delivery_mode: Option<String>,
    /// Where ping and push notifications go (`backchannel_client_notification_endpoint`).
    pub backchannel_client_notification_endpoint: Option<String>,
}

impl ClientConfig {
    /// A confidential client with a secret and no grant types, response types or redirect URIs
    /// yet; add them with the builder methods.
    ///
    /// ```
    /// use authlete_local::{ClientConfig, LocalConfig};
    ///
    /// let mut config = LocalConfig::demo();
    /// config.clients.push(
    ///     ClientConfig::confidential(4000, "s3cret", "Batch Job").grant_types(["client_credentials"]),
    /// );
    /// ```
    pub fn confidential(
        client_id: i64,
        secret: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        ClientConfig {
            client_id,
            client_secret: Some(Secret::new(secret)),
            client_name: name.into(),
            logo_uri: None,
            grant_types: Vec::new(),
            response_types: Vec::new(),
            redirect_uris: Vec::new(),
            pkce_required: false,
            application_type: ApplicationType::Web,
            tls_client_certificate_bound_access_tokens: false,
            jwks: None,
            tls_client_auth_subject_dn: None,
            pkce_s256_required: false,
            token_endpoint_auth_method: None,
            access_token_sign_alg: None,
            backchannel_token_delivery_mode: None,
            backchannel_client_notification_endpoint: None,
        }
    }

    /// A public client (no secret, PKCE required).
    pub fn public(client_id: i64, name: impl Into<String>) -> Self {
        ClientConfig {
            client_secret: None,
            pkce_required: true,
            ..Self::confidential(client_id, "", name)
        }
    }

    /// Sets the grant types (OAuth names, e.g. `authorization_code`).
    pub fn grant_types<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        grant_types: I,
    ) -> Self {
        self.grant_types = grant_types.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the response types (e.g. `code`, `code id_token`).
    pub fn response_types<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        response_types: I,
    ) -> Self {
        self.response_types = response_types.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the redirect URIs.
    pub fn redirect_uris<I: IntoIterator<Item = S>, S: Into<String>>(
        mut self,
        redirect_uris: I,
    ) -> Self {
        self.redirect_uris = redirect_uris.into_iter().map(Into::into).collect();
        self
    }

    /// Makes the client a native application (loopback `http` and private-use redirect URIs).
    pub fn native(mut self) -> Self {
        self.application_type = ApplicationType::Native;
        self
    }

    /// Requires PKCE even though the client is confidential.
    pub fn pkce_required(mut self, required: bool) -> Self {
        self.pkce_required = required || self.client_secret.is_none();
        self
    }

    /// Binds its access tokens to its TLS client certificate (RFC 8705 §3).
    pub fn certificate_bound_access_tokens(mut self, bound: bool) -> Self {
        self.tls_client_certificate_bound_access_tokens = bound;
        self
    }

    /// Requires `client_secret_jwt` assertions (HMAC with the client secret).
    pub fn client_secret_jwt(mut self) -> Self {
        self.token_endpoint_auth_method = Some(TokenAuthMethod::ClientSecretJwt);
        self
    }

    /// Requires `private_key_jwt` assertions signed with a key of `jwks` (a public JWK Set).
    pub fn private_key_jwt(mut self, jwks: serde_json::Value) -> Self {
        self.token_endpoint_auth_method = Some(TokenAuthMethod::PrivateKeyJwt);
        self.jwks = Some(jwks);
        self
    }

    /// Authenticates the client by its TLS certificate, whose subject must be `subject_dn`
    /// (RFC 8705 §2.1, `tls_client_auth`).
    pub fn tls_client_auth(mut self, subject_dn: impl Into<String>) -> Self {
        self.token_endpoint_auth_method = Some(TokenAuthMethod::TlsClientAuth);
        self.tls_client_auth_subject_dn = Some(subject_dn.into());
        self
    }

    /// Authenticates the client by a self-signed TLS certificate listed (`x5c`) in `jwks`
    /// (RFC 8705 §2.2, `self_signed_tls_client_auth`).
    pub fn self_signed_tls_client_auth(mut self, jwks: serde_json::Value) -> Self {
        self.token_endpoint_auth_method = Some(TokenAuthMethod::SelfSignedTlsClientAuth);
        self.jwks = Some(jwks);
        self
    }

    /// Requires `S256` as the PKCE method of this client (`plain`, or no method, is refused).
    pub fn pkce_s256_required(mut self, required: bool) -> Self {
        self.pkce_s256_required = required;
        self
    }

    /// Sets the client authentication method the client must use.
    pub fn token_endpoint_auth_method(mut self, method: TokenAuthMethod) -> Self {
        self.token_endpoint_auth_method = Some(method);
        self
    }

    /// Makes this client's access tokens JWTs signed with `alg` (`RS256` or `ES256`), see
    /// [`access_token_sign_alg`](Self::access_token_sign_alg).
    pub fn jwt_access_tokens(mut self, alg: impl Into<String>) -> Self {
        self.access_token_sign_alg = Some(alg.into());
        self
    }

    /// Lets the client use CIBA (adds the CIBA grant type) with `mode` (`poll`, `ping` or
    /// `push`) and, for ping and push, the client notification endpoint.
    pub fn ciba(mut self, mode: impl Into<String>, notification_endpoint: Option<&str>) -> Self {
        if !self
            .grant_types
            .iter()
            .any(|grant| grant == super::clients::CIBA_GRANT)
        {
            self.grant_types.push(super::clients::CIBA_GRANT.to_owned());
        }
        self.backchannel_token_delivery_mode = Some(mode.into());
        self.backchannel_client_notification_endpoint = notification_endpoint.map(str::to_owned);
        self
    }

    /// Sets the logo URL shown on consent pages.
    pub fn logo_uri(mut self, logo_uri: impl Into<String>) -> Self {
        self.logo_uri = Some(logo_uri.into());
        self
    }

    /// Whether the client is public: it is registered for `none`, or declares no method and has
    /// no secret. A client of `private_key_jwt` or a TLS method is confidential without a secret.
    pub fn is_public(&self) -> bool {
        match self.token_endpoint_auth_method {
            Some(method) => method == TokenAuthMethod::None,
            None => self.client_secret.is_none(),
        }
    }
}

/// Lifetimes of the credentials the backend issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lifetimes {
    /// Authorization codes (default 10 minutes).
    pub authorization_code: Duration,
    /// Tickets of `/auth/authorization` and `PASSWORD` answers (default 10 minutes).
    pub ticket: Duration,
    /// How long an authorization ticket is kept even when the ticket store is full (default 2
    /// minutes): a new request then evicts the oldest ticket older than this, and is answered
    /// `503` (`A000503`) only when every ticket is younger. Tickets nobody decided thus expire
    /// sooner under a flood, and the requests already shown to a user keep this much time.
    pub ticket_minimum: Duration,
    /// Access tokens (default 1 hour).
    pub access_token: Duration,
    /// Refresh tokens (default 30 days).
    pub refresh_token: Duration,
    /// ID tokens (default 1 hour).
    pub id_token: Duration,
    /// Device codes and user codes (default 10 minutes).
    pub device_code: Duration,
    /// Minimum polling interval of the device flow (default 5 seconds).
    pub device_polling_interval: Duration,
    /// Request URIs of pushed authorization requests (default 10 minutes).
    pub request_uri: Duration,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes {
            authorization_code: Duration::from_secs(600),
            ticket: Duration::from_secs(600),
            ticket_minimum: Duration::from_secs(120),
            access_token: Duration::from_secs(3600),
            refresh_token: Duration::from_secs(30 * 24 * 3600),
            id_token: Duration::from_secs(3600),
            device_code: Duration::from_secs(600),
            device_polling_interval: Duration::from_secs(5),
            request_uri: Duration::from_secs(600),
        }
    }
}

/// Bounds on the in-memory state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Live entries per kind (tickets, codes, access tokens, refresh tokens, …). When a kind is
    /// full after sweeping expired entries, the API call fails with HTTP 503 (`A000503`).
    pub max_entries: usize,
    /// Registered clients, static and dynamic together.
    pub max_clients: usize,
    /// Live authorization tickets (default 100 000); see [`Lifetimes::ticket_minimum`].
    pub max_tickets: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_entries: 100_000,
            max_clients: 1_000,
            max_tickets: 100_000,
        }
    }
}

/// ID-token signing keys. Missing keys are generated at start.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct KeysConfig {
    /// An RSA private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub rsa_private_key_pem: Option<Secret>,
    /// A P-256 private key, PKCS#8 PEM.
    pub ec_private_key_pem: Option<Secret>,
    /// Whether ID tokens are signed with ES256 instead of RS256.
    pub id_token_es256: bool,
}

impl LocalConfig {
    /// The built-in demo configuration (see [`demo`](super::demo)).
    pub fn demo() -> Self {
        demo::config()
    }

    /// Reads a TOML configuration. Keys not given keep their demo values.
    pub fn from_toml_str(text: &str) -> Result<Self, LocalError> {
        Self::parse(text, None)
    }

    /// Reads a TOML configuration file; key files named in it are relative to its directory.
    pub fn from_toml_file(path: impl AsRef<Path>) -> Result<Self, LocalError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|error| LocalError::Config {
            reason: format!("cannot read {}: {error}", path.display()),
        })?;
        Self::parse(&text, path.parent())
    }

    /// Looks up a client by ID.
    pub fn client(&self, client_id: i64) -> Option<&ClientConfig> {
        self.clients
            .iter()
            .find(|client| client.client_id == client_id)
    }

    fn parse(text: &str, base: Option<&Path>) -> Result<Self, LocalError> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| LocalError::Config {
            reason: toml_reason(text, &error),
        })?;
        let mut config = LocalConfig::demo();
        if let Some(owner) = raw.service_owner {
            if let Some(key) = owner.api_key {
                config.service_owner_api_key = key;
            }
            if let Some(secret) = owner.api_secret {
                config.service_owner_api_secret = Secret::new(secret);
            }
            if let Some(token) = owner.access_token {
                config.service_owner_access_token = Secret::new(token);
            }
        }
        if let Some(service) = raw.service {
            if let Some(key) = service.api_key {
                config.service_api_key = key;
            }
            if let Some(secret) = service.api_secret {
                config.service_api_secret = Secret::new(secret);
            }
            if let Some(token) = service.access_token {
                config.service_access_token = Secret::new(token);
            }
            if let Some(jkt) = service.access_token_dpop_jkt {
                config.service_access_token_dpop_jkt = Some(jkt);
            }
            if let Some(required) = service.dpop_nonce_required {
                config.dpop_nonce_required = required;
            }
            if let Some(required) = service.pkce_s256_required {
                config.pkce_s256_required = required;
            }
            if let Some(reissuable) = service.id_token_reissuable {
                config.id_token_reissuable = reissuable;
            }
            if let Some(offered) = service.grant_management {
                config.grant_management = offered;
            }
            if let Some(required) = service.grant_management_action_required {
                config.grant_management_action_required = required;
            }
            if let Some(supported) = service.native_sso_supported {
                config.native_sso_supported = supported;
            }
            if let Some(alg) = service.access_token_sign_alg {
                config.access_token_sign_alg = Some(alg);
            }
            if let Some(kid) = service.access_token_signature_key_id {
                config.access_token_signature_key_id = Some(kid);
            }
        }
        if let Some(issuer) = raw.issuer {
            url::Url::parse(&issuer).map_err(|error| LocalError::Config {
                reason: format!("issuer {issuer:?} is not a URL: {error}"),
            })?;
            config.issuer = issuer.trim_end_matches('/').to_owned();
            config.endpoints = Endpoints::under(&config.issuer);
        }
        if let Some(endpoints) = raw.endpoints {
            let resolve = |value: Option<String>, slot: &mut String, issuer: &str| {
                if let Some(value) = value {
                    *slot = if value.starts_with('/') {
                        format!("{issuer}{value}")
                    } else {
                        value
                    };
                }
            };
            let issuer = config.issuer.clone();
            let e = &mut config.endpoints;
            resolve(endpoints.authorization, &mut e.authorization, &issuer);
            resolve(endpoints.token, &mut e.token, &issuer);
            resolve(endpoints.userinfo, &mut e.userinfo, &issuer);
            resolve(endpoints.revocation, &mut e.revocation, &issuer);
            resolve(endpoints.introspection, &mut e.introspection, &issuer);
            resolve(endpoints.jwks, &mut e.jwks, &issuer);
            resolve(endpoints.par, &mut e.par, &issuer);
            resolve(
                endpoints.device_authorization,
                &mut e.device_authorization,
                &issuer,
            );
            resolve(
                endpoints.device_verification,
                &mut e.device_verification,
                &issuer,
            );
            resolve(endpoints.registration, &mut e.registration, &issuer);
            resolve(
                endpoints.backchannel_authentication,
                &mut e.backchannel_authentication,
                &issuer,
            );
            resolve(endpoints.grant_management, &mut e.grant_management, &issuer);
        }
        if let Some(scopes) = raw.scopes {
            config.scopes = scopes
                .into_iter()
                .map(|scope| ScopeConfig::new(scope.name, scope.description.unwrap_or_default()))
                .collect();
        }
        if let Some(clients) = raw.clients {
            config.clients = Vec::new();
            for client in clients {
                let public = client.client_secret.is_none();
                config.clients.push(ClientConfig {
                    client_id: client.client_id,
                    client_secret: client.client_secret.map(Secret::new),
                    client_name: client
                        .client_name
                        .unwrap_or_else(|| format!("Client {}", client.client_id)),
                    logo_uri: client.logo_uri,
                    grant_types: client.grant_types,
                    response_types: client.response_types,
                    redirect_uris: client.redirect_uris,
                    pkce_required: public || client.pkce_required,
                    pkce_s256_required: client.pkce_s256_required,
                    token_endpoint_auth_method: match client.token_endpoint_auth_method {
                        None => None,
                        Some(name) => Some(auth_method(&name, public)?),
                    },
                    application_type: ApplicationType::from_metadata(
                        client.application_type.as_deref(),
                    )
                    .ok_or_else(|| LocalError::Config {
                        reason: format!(
                            "client {}: application_type must be \"web\" or \"native\"",
                            client.client_id
                        ),
                    })?,
                    tls_client_certificate_bound_access_tokens: client
                        .tls_client_certificate_bound_access_tokens,
                    tls_client_auth_subject_dn: client.tls_client_auth_subject_dn,
                    access_token_sign_alg: client.access_token_sign_alg,
                    backchannel_token_delivery_mode: client.backchannel_token_delivery_mode,
                    backchannel_client_notification_endpoint: client
                        .backchannel_client_notification_endpoint,
                    jwks: match client.jwks {
                        None => None,
                        Some(text) => Some(serde_json::from_str(&text).map_err(|error| {
                            LocalError::Config {
                                reason: format!(
                                    "jwks of client {} is not JSON: {error}",
                                    client.client_id
                                ),
                            }
                        })?),
                    },
                });
            }
        }
        if let Some(lifetimes) = raw.lifetimes {
            let l = &mut config.lifetimes;
            let set = |value: Option<u64>, slot: &mut Duration| {
                if let Some(seconds) = value {
                    *slot = Duration::from_secs(seconds);
                }
            };
            set(lifetimes.authorization_code, &mut l.authorization_code);
            set(lifetimes.ticket, &mut l.ticket);
            set(lifetimes.ticket_minimum, &mut l.ticket_minimum);
            set(lifetimes.access_token, &mut l.access_token);
            set(lifetimes.refresh_token, &mut l.refresh_token);
            set(lifetimes.id_token, &mut l.id_token);
            set(lifetimes.device_code, &mut l.device_code);
            set(
                lifetimes.device_polling_interval,
                &mut l.device_polling_interval,
            );
            set(lifetimes.request_uri, &mut l.request_uri);
        }
        if let Some(limits) = raw.limits {
            if let Some(max) = limits.max_entries {
                config.limits.max_entries = max;
            }
            if let Some(max) = limits.max_clients {
                config.limits.max_clients = max;
            }
            if let Some(max) = limits.max_tickets {
                config.limits.max_tickets = max;
            }
        }
        if let Some(registration) = raw.registration {
            if let Some(open) = registration.open {
                config.registration.open = open;
            }
            if let Some(tokens) = registration.initial_access_tokens {
                config.registration.initial_access_tokens =
                    tokens.into_iter().map(Secret::new).collect();
            }
        }
        if let Some(keys) = raw.keys {
            let read = |inline: Option<String>,
                        file: Option<PathBuf>|
             -> Result<Option<Secret>, LocalError> {
                match (inline, file) {
                    (Some(pem), _) => Ok(Some(Secret::new(pem))),
                    (None, Some(file)) => {
                        let path = match base {
                            Some(base) if file.is_relative() => base.join(file),
                            _ => file,
                        };
                        std::fs::read_to_string(&path)
                            .map(|pem| Some(Secret::new(pem)))
                            .map_err(|error| LocalError::Config {
                                reason: format!("cannot read key file {}: {error}", path.display()),
                            })
                    }
                    (None, None) => Ok(None),
                }
            };
            config.keys.rsa_private_key_pem =
                read(keys.rsa_private_key, keys.rsa_private_key_file)?;
            config.keys.ec_private_key_pem = read(keys.ec_private_key, keys.ec_private_key_file)?;
            match keys.id_token_alg.as_deref() {
                None | Some("RS256") => config.keys.id_token_es256 = false,
                Some("ES256") => config.keys.id_token_es256 = true,
                Some(other) => {
                    return Err(LocalError::Config {
                        reason: format!("keys.id_token_alg must be RS256 or ES256, not {other:?}"),
                    });
                }
            }
        }
        if let Some(issuers) = raw.trusted_issuers {
            config.trusted_issuers = Vec::new();
            for issuer in issuers {
                let jwks =
                    serde_json::from_str(&issuer.jwks).map_err(|error| LocalError::Config {
                        reason: format!(
                            "jwks of trusted issuer {:?} is not JSON: {error}",
                            issuer.issuer
                        ),
                    })?;
                config
                    .trusted_issuers
                    .push(TrustedIssuer::new(issuer.issuer, jwks));
            }
        }
        config.validate()?;
        Ok(config)
    }

    /// Checks what the engine relies on: known grant types and response types, absolute redirect
    /// URIs, unique client IDs, non-zero limits.
    pub(crate) fn validate(&self) -> Result<(), LocalError> {
        let invalid = |reason: String| Err(LocalError::Config { reason });
        if self.limits.max_entries == 0
            || self.limits.max_clients == 0
            || self.limits.max_tickets == 0
        {
            return invalid("limits must be at least 1".into());
        }
        if self.clients.len() > self.limits.max_clients {
            return invalid("more clients are configured than limits.max_clients allows".into());
        }
        url::Url::parse(&self.issuer).map_err(|error| LocalError::Config {
            reason: format!("issuer {:?} is not a URL: {error}", self.issuer),
        })?;
        url::Url::parse(&self.endpoints.device_verification).map_err(|error| {
            LocalError::Config {
                reason: format!("the device verification URI is not a URL: {error}"),
            }
        })?;
        let jwt_alg = |alg: &Option<String>, whose: &str| match alg.as_deref() {
            None | Some("RS256" | "ES256") => Ok(()),
            Some(other) => Err(LocalError::Config {
                reason: format!(
                    "{whose}access_token_sign_alg must be RS256 or ES256, not {other:?}"
                ),
            }),
        };
        jwt_alg(&self.access_token_sign_alg, "")?;
        super::input_jwt::check_trusted_issuers(&self.trusted_issuers)?;
        for client in &self.clients {
            jwt_alg(
                &client.access_token_sign_alg,
                &format!("client {}: ", client.client_id),
            )?;
        }
        for (index, client) in self.clients.iter().enumerate() {
            let id = client.client_id;
            if self.clients[..index]
                .iter()
                .any(|other| other.client_id == id)
            {
                return invalid(format!("client {id} is defined twice"));
            }
            for grant in &client.grant_types {
                if super::clients::grant_type_from_oauth(grant).is_none() {
                    return invalid(format!("client {id}: unknown grant type {grant:?}"));
                }
            }
            for response_type in &client.response_types {
                let normalised = super::clients::normalise_response_type(response_type);
                if !super::authorization::RESPONSE_TYPES.contains(&normalised.as_str()) {
                    return invalid(format!(
                        "client {id}: unknown response type {response_type:?}"
                    ));
                }
            }
            for uri in &client.redirect_uris {
                if let Err(error) = redirect_uri::check(uri, client.application_type) {
                    return invalid(format!("client {id}: redirect URI {uri:?}: {error}"));
                }
            }
            if let Err(reason) = super::backchannel::delivery(
                client.backchannel_token_delivery_mode.as_deref(),
                client.backchannel_client_notification_endpoint.as_deref(),
            ) {
                return invalid(format!("client {id}: {reason}"));
            }
        }
        Ok(())
    }
}

/// The TOML error with its line, without the value serde quotes in a type or value error (it may
/// be a secret written without quotes).
fn toml_reason(text: &str, error: &toml::de::Error) -> String {
    let message = error.message();
    let message = if message.starts_with("invalid type") || message.starts_with("invalid value") {
        redact_quoted(message)
    } else {
        message.to_owned()
    };
    match error.span() {
        Some(span) => {
            let before = &text.as_bytes()[..span.start.min(text.len())];
            let line = before.iter().filter(|byte| **byte == b'\n').count() + 1;
            format!("invalid TOML at line {line}: {message}")
        }
        None => format!("invalid TOML: {message}"),
    }
}

/// Replaces what stands between backticks or double quotes with `…`.
fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut open: Option<char> = None;
    let mut escaped = false;
    for ch in message.chars() {
        match open {
            // Debug-quoted strings escape their quotes.
            Some('"') if escaped => escaped = false,
            Some('"') if ch == '\\' => escaped = true,
            Some(quote) if ch == quote => {
                out.push('…');
                out.push(ch);
                open = None;
            }
            Some(_) => {}
            None => {
                out.push(ch);
                if ch == '`' || ch == '"' {
                    open = Some(ch);
                }
            }
        }
    }
    out
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    issuer: Option<String>,
    service: Option<RawService>,
    service_owner: Option<RawServiceOwner>,
    endpoints: Option<RawEndpoints>,
    scopes: Option<Vec<RawScope>>,
    clients: Option<Vec<RawClient>>,
    lifetimes: Option<RawLifetimes>,
    limits: Option<RawLimits>,
    keys: Option<RawKeys>,
    registration: Option<RawRegistration>,
    trusted_issuers: Option<Vec<RawTrustedIssuer>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTrustedIssuer {
    issuer: String,
    /// A JWK Set as JSON text.
    jwks: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistration {
    open: Option<bool>,
    initial_access_tokens: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServiceOwner {
    api_key: Option<String>,
    api_secret: Option<String>,
    access_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    api_key: Option<String>,
    api_secret: Option<String>,
    access_token: Option<String>,
    access_token_dpop_jkt: Option<String>,
    dpop_nonce_required: Option<bool>,
    pkce_s256_required: Option<bool>,
    grant_management: Option<bool>,
    grant_management_action_required: Option<bool>,
    native_sso_supported: Option<bool>,
    access_token_sign_alg: Option<String>,
    access_token_signature_key_id: Option<String>,
    id_token_reissuable: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoints {
    authorization: Option<String>,
    token: Option<String>,
    userinfo: Option<String>,
    revocation: Option<String>,
    introspection: Option<String>,
    jwks: Option<String>,
    par: Option<String>,
    device_authorization: Option<String>,
    device_verification: Option<String>,
    registration: Option<String>,
    backchannel_authentication: Option<String>,
    grant_management: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    name: String,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClient {
    client_id: i64,
    client_secret: Option<String>,
    client_name: Option<String>,
    logo_uri: Option<String>,
    #[serde(default)]
    grant_types: Vec<String>,
    #[serde(default)]
    response_types: Vec<String>,
    #[serde(default)]
    redirect_uris: Vec<String>,
    #[serde(default)]
    pkce_required: bool,
    application_type: Option<String>,
    #[serde(default)]
    tls_client_certificate_bound_access_tokens: bool,
    /// A JWK Set as JSON text.
    jwks: Option<String>,
    tls_client_auth_subject_dn: Option<String>,
    #[serde(default)]
    pkce_s256_required: bool,
    token_endpoint_auth_method: Option<String>,
    access_token_sign_alg: Option<String>,
    backchannel_token_delivery_mode: Option<String>,
    backchannel_client_notification_endpoint: Option<String>,
}

/// A client's `token_endpoint_auth_method` from the TOML file, checked against its secret.
fn auth_method(name: &str, public: bool) -> Result<TokenAuthMethod, LocalError> {
    let method = TokenAuthMethod::from_name(name).ok_or_else(|| LocalError::Config {
        reason: format!(
            "token_endpoint_auth_method must be client_secret_basic, client_secret_post, none, client_secret_jwt, private_key_jwt, tls_client_auth or self_signed_tls_client_auth, not {name:?}"
        ),
    })?;
    if (method == TokenAuthMethod::None) != public {
        return Err(LocalError::Config {
            reason:
                "token_endpoint_auth_method none is for clients without a secret, and only for them"
                    .to_owned(),
        });
    }
    Ok(method)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLifetimes {
    authorization_code: Option<u64>,
    ticket: Option<u64>,
    ticket_minimum: Option<u64>,
    access_token: Option<u64>,
    refresh_token: Option<u64>,
    id_token: Option<u64>,
    device_code: Option<u64>,
    device_polling_interval: Option<u64>,
    request_uri: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    max_entries: Option<usize>,
    max_clients: Option<usize>,
    max_tickets: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    rsa_private_key: Option<String>,
    rsa_private_key_file: Option<PathBuf>,
    ec_private_key: Option<String>,
    ec_private_key_file: Option<PathBuf>,
    id_token_alg: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_overrides_demo_values() {
        let config = LocalConfig::from_toml_str(
            r#"
            issuer = "https://as.example"
            [service]
            api_key = "42"
            id_token_reissuable = true
            [service_owner]
            access_token = "owner-token-42"
            [lifetimes]
            access_token = 60
            [[clients]]
            client_id = 7
            client_name = "Seven"
            grant_types = ["client_credentials"]
            client_secret = "s"
            "#,
        )
        .unwrap();
        assert_eq!(config.service_api_key, "42");
        assert_eq!(config.service_api_secret.expose(), demo::SERVICE_API_SECRET);
        assert!(config.id_token_reissuable);
        assert_eq!(config.service_owner_access_token.expose(), "owner-token-42");
        assert_eq!(
            config.service_owner_api_secret.expose(),
            demo::SERVICE_OWNER_API_SECRET
        );
        assert!(!LocalConfig::demo().id_token_reissuable);
        assert_eq!(config.endpoints.token, "https://as.example/api/token");
        assert_eq!(config.lifetimes.access_token, Duration::from_secs(60));
        assert_eq!(
            config.lifetimes.refresh_token,
            Duration::from_secs(30 * 24 * 3600)
        );
        assert_eq!(config.clients.len(), 1);
        assert!(!config.clients[0].is_public());
    }

    #[test]
    fn programmatic_clients_are_validated() {
        let mut config = LocalConfig::demo();
        config.clients.push(
            ClientConfig::confidential(4500, "s", "Job")
                .grant_types(["client_credentials"])
                .response_types(["id_token code"])
                .redirect_uris(["https://a.example/cb"])
                .logo_uri("https://a.example/logo.png"),
        );
        config
            .clients
            .push(ClientConfig::public(4501, "App").pkce_required(false));
        assert!(
            config.clients[4].pkce_required,
            "public clients always use PKCE"
        );
        assert!(config.validate().is_ok());
        let mut bad = config.clone();
        bad.clients
            .push(ClientConfig::public(4502, "Bad").grant_types(["magic"]));
        assert!(super::super::LocalBackend::new(bad).is_err());
        let mut bad = config.clone();
        bad.clients.push(ClientConfig::public(4500, "Twice"));
        assert!(bad.validate().unwrap_err().to_string().contains("twice"));
        let mut bad = config.clone();
        bad.clients
            .push(ClientConfig::public(4503, "Bad").response_types(["code magic"]));
        assert!(bad.validate().is_err());
        let mut bad = config.clone();
        bad.clients
            .push(ClientConfig::public(4504, "Bad").redirect_uris(["relative/cb"]));
        assert!(bad.validate().is_err());
        let mut bad = config;
        bad.limits.max_entries = 0;
        assert!(bad.validate().is_err());
    }

    #[test]
    fn key_files_are_read_relative_to_the_config_file() {
        use aws_lc_rs::encoding::AsDer;
        use base64::Engine;
        let key = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).unwrap();
        let der: aws_lc_rs::encoding::Pkcs8V1Der = key.as_der().unwrap();
        let pem = format!(
            "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(der.as_ref())
        );
        let dir = std::env::temp_dir().join(format!("authlete-local-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("rsa.pem"), pem).unwrap();
        std::fs::write(
            dir.join("local.toml"),
            "[keys]\nrsa_private_key_file = \"rsa.pem\"\n",
        )
        .unwrap();
        let config = LocalConfig::from_toml_file(dir.join("local.toml")).unwrap();
        let first = super::super::LocalBackend::new(config.clone())
            .unwrap()
            .jwks();
        let second = super::super::LocalBackend::new(config).unwrap().jwks();
        assert_eq!(
            first["keys"][0]["kid"], second["keys"][0]["kid"],
            "the RSA kid survives restarts"
        );
        assert_eq!(first["keys"][0]["n"], second["keys"][0]["n"]);
        std::fs::write(
            dir.join("missing.toml"),
            "[keys]\nrsa_private_key_file = \"absent.pem\"\n",
        )
        .unwrap();
        let error = LocalConfig::from_toml_file(dir.join("missing.toml")).unwrap_err();
        assert!(error.to_string().contains("absent.pem"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(LocalConfig::from_toml_str("[keys]\nid_token_alg = \"HS256\"").is_err());
        assert!(LocalConfig::from_toml_file(dir.join("gone.toml")).is_err());
    }

    #[test]
    fn bad_toml_is_an_error() {
        assert!(LocalConfig::from_toml_str("issuer = ").is_err());
        assert!(LocalConfig::from_toml_str("unknown_key = 1").is_err());
        let error =
            LocalConfig::from_toml_str("[[clients]]\nclient_id = 1\ngrant_types = [\"magic\"]")
                .unwrap_err();
        assert!(error.to_string().contains("magic"), "{error}");
    }
}
