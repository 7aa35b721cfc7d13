//! The local backend: an Authlete-API-compatible OAuth 2.0 / OpenID Connect engine that runs
//! offline, in process ([`LocalBackend`]) or over HTTP ([`LocalServer`]).
//!
//! ```no_run
//! use authlete_tower::AuthleteApi;
//! use authlete_tower::dto::TokenRequest;
//! use authlete_local::{LocalBackend, LocalServer, demo};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let backend = LocalBackend::demo();
//! // In process:
//! let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
//! request.client_id = Some(demo::CLIENT_ID.into());
//! request.client_secret = Some(demo::CLIENT_SECRET.into());
//! let answer = backend.token(request).await?;
//! println!("{:?}", answer.action);
//! // Or as Authlete's Web API on loopback, for AuthleteClient (v2 and v3 paths):
//! let server = LocalServer::bind(backend, "127.0.0.1:0".parse()?).await?;
//! let client = authlete_tower::AuthleteClient::new(server.config_v3())?;
//! # drop(client);
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Minting a token without a login flow
//!
//! `/auth/token/create` ([`AuthleteApi::token_create`]) stores a token for a client, a subject
//! and scopes at once, as Authlete's token-management API does: it introspects as active, so a
//! route behind `AuthleteBearer` accepts it; `token_revoke` and `token_delete` end it.
//!
//! ```
//! use authlete_tower::AuthleteApi;
//! use authlete_tower::dto::{GrantType, IntrospectionAction, IntrospectionRequest, TokenCreateRequest};
//! use authlete_local::{LocalBackend, demo};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let backend = LocalBackend::demo();
//! let client_id: i64 = demo::CLIENT_ID.parse()?;
//! let request = TokenCreateRequest::new(GrantType::AuthorizationCode, client_id)
//!     .subject("alice")
//!     .scopes(["profile", "email"]);
//! let token = backend.token_create(request).await?.access_token.unwrap();
//!
//! let answer = backend.introspection(IntrospectionRequest::new(&token)).await?;
//! assert_eq!(answer.action, Some(IntrospectionAction::Ok));
//! assert_eq!(answer.subject.as_deref(), Some("alice"));
//! # Ok(()) }
//! ```
//!
//! **A development backend, not for production**: its state lives in memory and is lost at exit
//! (unless [`LocalConfig::data_file`] keeps it in an SQLite file: clients, codes and live tokens
//! survive a restart, each change committed before the call answers), and it implements the
//! common flows, not all of Authlete.
//!
//! Every answer is computed from the request and the stored state: tickets, codes (single use,
//! PKCE, redirect URI), access and refresh tokens (rotation, revocation), ID tokens signed with
//! RS256 (or ES256) keys published by `/service/jwks/get`, PAR, the device flow, CIBA in poll
//! mode, dynamic client registration, client and token management (`/client/create`,
//! `/client/delete`, `/client/secret/refresh`, `/auth/token/*`), DPoP- and certificate-bound tokens (RFC 9449, RFC 8705)
//! and JWT and mutual-TLS client authentication (RFC 7523, RFC 8705), the token exchange and JWT
//! bearer grants (RFC 8693, RFC 7523 §2.1; answered `TOKEN_EXCHANGE` / `JWT_BEARER`, JWTs of
//! [`LocalConfig::trusted_issuers`] verified). CIBA is enabled only for clients whose grant types include
//! `urn:openid:params:grant-type:ciba`; the demo clients do not, so they are answered
//! `BAD_REQUEST` with `unauthorized_client`.
//!
//! # Demo configuration
//!
//! Without a configuration file the backend uses [`LocalConfig::demo`]: service API key and
//! service ID `1000`, API secret `local-secret` (v2), service access token `local-token` (v3),
//! issuer `http://localhost:8000`, scopes `openid profile email address phone offline_access`,
//! the confidential client `2000` (secret `demo-secret`) and the public client `3000` (PKCE
//! required), both native applications whose redirect URI is `http://localhost:8000/…`, and
//! dynamic registration with the initial access token `local-initial-access-token`; see [`demo`].
//!
//! # Configuration file (TOML)
//!
//! Every key is optional; what is not given keeps its demo value. Giving `[[clients]]` or
//! `[[scopes]]` replaces the demo lists. Lifetimes are in seconds.
//!
//! ```toml
//! issuer = "http://localhost:8000"
//!
//! [service]
//! api_key = "1000"            # also the service ID of v3 paths
//! api_secret = "local-secret"  # v2 (HTTP Basic)
//! access_token = "local-token" # v3 (Bearer)
//! # access_token_dpop_jkt = "…" # makes it DPoP-bound: v3 calls need a DPoP proof of this key
//! dpop_nonce_required = false  # DPoP proofs must carry a server nonce
//! # access_token_sign_alg = "RS256"  # or "ES256": access tokens are JWTs (RFC 9068)
//! # access_token_signature_key_id = "…"  # must be the kid of that key (its RFC 7638 thumbprint)
//! pkce_s256_required = true    # PKCE must use S256 (the demo's default)
//! id_token_reissuable = false  # refresh grants with openid answer ID_TOKEN_REISSUABLE
//! grant_management = true      # grant_management_action, grant_id and /gm (the demo's default)
//! grant_management_action_required = false  # every authorization request needs an action
//! native_sso_supported = true  # Native SSO: device_sso, /nativesso (the demo's default)
//!
//! [endpoints]                  # paths are relative to the issuer
//! authorization = "/api/authorization"
//! token = "/api/token"
//! backchannel_authentication = "/api/backchannel/authentication"
//! grant_management = "/api/grants"
//!
//! [[scopes]]
//! name = "openid"
//! description = "Sign you in."
//!
//! [[clients]]
//! client_id = 2000
//! client_secret = "demo-secret"    # omit for a public client (PKCE required)
//! client_name = "Demo Client"
//! grant_types = ["authorization_code", "refresh_token"]
//! response_types = ["code"]
//! redirect_uris = ["http://localhost:8000/api/mock/redirection"]
//! pkce_required = false
//! application_type = "native"      # "web" (default): https redirect URIs only; "native": also
//!                                  # loopback http and private-use schemes (com.example.app:/cb)
//! tls_client_certificate_bound_access_tokens = false
//! # jwks = '{"keys": []}'                          # JSON text
//! # tls_client_auth_subject_dn = "CN=client.example.com"
//! pkce_s256_required = false       # S256 for this client even if the service allows plain
//! token_endpoint_auth_method = "client_secret_basic"  # or client_secret_post, none, client_secret_jwt, private_key_jwt,
//!                                  # tls_client_auth, self_signed_tls_client_auth; omit for either secret method
//! # access_token_sign_alg = "ES256"  # this client's access tokens are JWTs, whatever the service says
//!
//! [lifetimes]
//! authorization_code = 600
//! ticket = 600
//! ticket_minimum = 120   # a full ticket store evicts the oldest ticket older than this
//! access_token = 3600
//! refresh_token = 2592000
//! id_token = 3600
//! device_code = 600
//! device_polling_interval = 5
//! request_uri = 600
//!
//! [limits]
//! max_entries = 100000   # live entries per kind; beyond it the API answers 503 (A000503)
//! max_clients = 1000
//! max_tickets = 100000   # authorization tickets; full of tickets younger than ticket_minimum: 503
//!
//! [registration]         # RFC 7591 §3; the handler passes Authorization: Bearer as the token
//! open = false           # true: anyone may register a client (OpenID Connect Dynamic profile)
//! initial_access_tokens = ["local-initial-access-token"]
//!
//! [keys]                 # PKCS#8 PEM, inline or as files relative to the config file
//! rsa_private_key_file = "rsa.pem"
//! ec_private_key_file = "ec.pem"
//! id_token_alg = "RS256" # or "ES256"
//!
//! [[trusted_issuers]]    # JWT bearer assertions and token-exchange JWTs from it are verified
//! issuer = "https://idp.example.com"
//! jwks = '{"keys": [{"kty": "EC", "crv": "P-256", "x": "…", "y": "…"}]}'  # public keys, JSON text
//! ```

mod api_dpop;
mod authorization;
mod backchannel;
mod backchannel_logout;
mod client_administration;
mod client_assertion;
mod client_auth;
mod client_management;
mod clients;
mod config;
pub mod demo;
mod device;
mod discovery;
mod dpop;
mod engine;
mod grant_management;
mod id_token;
mod id_token_reissue;
mod input_jwt;
mod introspection;
mod jarm;
mod jws;
mod jwt_access;
mod jwt_bearer;
mod keys;
mod mtls;
mod native_sso;
mod par;
mod params;
#[cfg(feature = "sqlite")]
mod persist;
mod random;
mod registration;
mod request_object;
mod resources;
mod result_codes;
mod revocation;
mod sender;
mod server;
mod services;
mod store;
mod ticket_info;
mod tickets;
mod token;
mod token_batch;
mod token_exchange;
mod token_operations;
mod unavailable;
mod userinfo;

use std::sync::Arc;

use async_trait::async_trait;
use serde_json::Value;

pub use client_auth::TokenAuthMethod;
pub use config::{
    ClientConfig, Endpoints, KeysConfig, Lifetimes, Limits, LocalConfig, RegistrationConfig,
    ScopeConfig, TrustedIssuer,
};
pub use server::LocalServer;

use authlete_tower::api::{ApiError, AuthleteApi, Operation};
use authlete_tower::clock::{Clock, SystemClock};
use authlete_tower::dto::*;
use engine::Engine;

/// Why the local backend could not start. `Debug` prints the same message as `Display`, so `?` in
/// `main` shows it.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum LocalError {
    /// The configuration is invalid.
    #[error("invalid local backend configuration: {reason}")]
    Config {
        /// What is wrong.
        reason: String,
    },
    /// Key generation or loading failed.
    #[error("local backend key failure: {reason}")]
    Crypto {
        /// What failed.
        reason: String,
    },
    /// The [data file](LocalConfig::data_file) cannot be used: unreadable, of another schema
    /// version, not an authlete-local file, or in use by another process.
    #[error("local backend data file {path}: {reason}")]
    Data {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// `Debug` prints the readable message (as `Display`), because that is what a `main` returning
/// `Result<(), Box<dyn Error>>` shows (`Error: {:?}`).
impl std::fmt::Debug for LocalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// The in-process engine. Cheap to clone (an `Arc` inside); implements [`AuthleteApi`].
#[derive(Debug, Clone)]
pub struct LocalBackend {
    engine: Arc<Engine>,
}

impl LocalBackend {
    /// A backend for `config`, on the system clock. Generates the keys the config does not give.
    pub fn new(config: LocalConfig) -> Result<Self, LocalError> {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// A backend on `clock` (a [`ManualClock`](authlete_tower::clock::ManualClock) makes expiry testable).
    pub fn with_clock(config: LocalConfig, clock: Arc<dyn Clock>) -> Result<Self, LocalError> {
        Ok(LocalBackend {
            engine: Arc::new(Engine::new(config, clock)?),
        })
    }

    /// A backend with the [demo configuration](LocalConfig::demo).
    pub fn demo() -> Self {
        Self::new(LocalConfig::demo()).expect("the demo configuration is valid")
    }

    /// The configuration.
    pub fn config(&self) -> &LocalConfig {
        &self.engine.config
    }

    /// The public JWK Set of the signing keys (what `/service/jwks/get` answers).
    pub fn jwks(&self) -> Value {
        self.engine.keys.jwks()
    }
}

#[async_trait]
impl AuthleteApi for LocalBackend {
    async fn authorization(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationResponse, ApiError> {
        self.engine
            .durable(Operation::Authorization, self.engine.authorization(request))
    }

    async fn authorization_issue(
        &self,
        request: AuthorizationIssueRequest,
    ) -> Result<AuthorizationIssueResponse, ApiError> {
        self.engine.durable(
            Operation::AuthorizationIssue,
            self.engine.authorization_issue(request),
        )
    }

    async fn authorization_fail(
        &self,
        request: AuthorizationFailRequest,
    ) -> Result<AuthorizationFailResponse, ApiError> {
        self.engine.durable(
            Operation::AuthorizationFail,
            self.engine.authorization_fail(request),
        )
    }

    async fn token(&self, request: TokenRequest) -> Result<TokenResponse, ApiError> {
        self.engine
            .durable(Operation::Token, self.engine.token(request))
    }

    async fn token_issue(
        &self,
        request: TokenIssueRequest,
    ) -> Result<TokenIssueResponse, ApiError> {
        self.engine
            .durable(Operation::TokenIssue, self.engine.token_issue(request))
    }

    async fn token_fail(&self, request: TokenFailRequest) -> Result<TokenFailResponse, ApiError> {
        self.engine
            .durable(Operation::TokenFail, self.engine.token_fail(request))
    }

    async fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        self.engine
            .durable(Operation::Introspection, self.engine.introspection(request))
    }

    async fn standard_introspection(
        &self,
        request: StandardIntrospectionRequest,
    ) -> Result<StandardIntrospectionResponse, ApiError> {
        self.engine.durable(
            Operation::StandardIntrospection,
            self.engine.standard_introspection(request),
        )
    }

    async fn revocation(&self, request: RevocationRequest) -> Result<RevocationResponse, ApiError> {
        self.engine
            .durable(Operation::Revocation, self.engine.revocation(request))
    }

    async fn userinfo(&self, request: UserInfoRequest) -> Result<UserInfoResponse, ApiError> {
        self.engine
            .durable(Operation::UserInfo, self.engine.userinfo(request))
    }

    async fn userinfo_issue(
        &self,
        request: UserInfoIssueRequest,
    ) -> Result<UserInfoIssueResponse, ApiError> {
        self.engine.durable(
            Operation::UserInfoIssue,
            self.engine.userinfo_issue(request),
        )
    }

    async fn service_configuration(
        &self,
        options: ServiceConfigurationOptions,
    ) -> Result<Value, ApiError> {
        self.engine.durable(
            Operation::ServiceConfiguration,
            self.engine.service_configuration(options),
        )
    }

    async fn service_jwks(&self, _options: ServiceJwksOptions) -> Result<Option<Value>, ApiError> {
        // Private keys are never exported, whatever `include_private_keys` says.
        self.engine
            .durable(Operation::ServiceJwks, Ok(Some(self.engine.keys.jwks())))
    }

    async fn pushed_authorization(
        &self,
        request: PushedAuthorizationRequest,
    ) -> Result<PushedAuthorizationResponse, ApiError> {
        self.engine.durable(
            Operation::PushedAuthorization,
            self.engine.pushed_authorization(request),
        )
    }

    async fn device_authorization(
        &self,
        request: DeviceAuthorizationRequest,
    ) -> Result<DeviceAuthorizationResponse, ApiError> {
        self.engine.durable(
            Operation::DeviceAuthorization,
            self.engine.device_authorization(request),
        )
    }

    async fn device_verification(
        &self,
        request: DeviceVerificationRequest,
    ) -> Result<DeviceVerificationResponse, ApiError> {
        self.engine.durable(
            Operation::DeviceVerification,
            self.engine.device_verification(request),
        )
    }

    async fn device_complete(
        &self,
        request: DeviceCompleteRequest,
    ) -> Result<DeviceCompleteResponse, ApiError> {
        self.engine.durable(
            Operation::DeviceComplete,
            self.engine.device_complete(request),
        )
    }

    async fn backchannel_authentication(
        &self,
        request: BackchannelAuthenticationRequest,
    ) -> Result<BackchannelAuthenticationResponse, ApiError> {
        self.engine.durable(
            Operation::BackchannelAuthentication,
            self.engine.backchannel_authentication(request),
        )
    }

    async fn backchannel_authentication_issue(
        &self,
        request: BackchannelAuthenticationIssueRequest,
    ) -> Result<BackchannelAuthenticationIssueResponse, ApiError> {
        self.engine.durable(
            Operation::BackchannelAuthenticationIssue,
            self.engine.backchannel_authentication_issue(request),
        )
    }

    async fn backchannel_authentication_fail(
        &self,
        request: BackchannelAuthenticationFailRequest,
    ) -> Result<BackchannelAuthenticationFailResponse, ApiError> {
        self.engine.durable(
            Operation::BackchannelAuthenticationFail,
            self.engine.backchannel_authentication_fail(request),
        )
    }

    async fn backchannel_authentication_complete(
        &self,
        request: BackchannelAuthenticationCompleteRequest,
    ) -> Result<BackchannelAuthenticationCompleteResponse, ApiError> {
        self.engine.durable(
            Operation::BackchannelAuthenticationComplete,
            self.engine.backchannel_authentication_complete(request),
        )
    }

    async fn client_registration(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.engine.durable(
            Operation::ClientRegistration,
            self.engine.client_registration(request),
        )
    }

    async fn client_registration_get(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.engine.durable(
            Operation::ClientRegistrationGet,
            self.engine.client_registration_get(request),
        )
    }

    async fn client_registration_update(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.engine.durable(
            Operation::ClientRegistrationUpdate,
            self.engine.client_registration_update(request),
        )
    }

    async fn client_registration_delete(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.engine.durable(
            Operation::ClientRegistrationDelete,
            self.engine.client_registration_delete(request),
        )
    }

    async fn client_get(&self, client_id: &str) -> Result<Client, ApiError> {
        self.engine
            .durable(Operation::ClientGet, self.engine.client_get(client_id))
    }

    async fn client_create(&self, client: Client) -> Result<Client, ApiError> {
        self.engine
            .durable(Operation::ClientCreate, self.engine.client_create(client))
    }

    async fn client_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.engine.durable(
            Operation::ClientDelete,
            self.engine.client_delete(client_id),
        )
    }

    async fn client_secret_refresh(
        &self,
        client_identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        self.engine.durable(
            Operation::ClientSecretRefresh,
            self.engine.client_secret_refresh(client_identifier),
        )
    }

    async fn token_create(
        &self,
        request: TokenCreateRequest,
    ) -> Result<TokenCreateResponse, ApiError> {
        self.engine
            .durable(Operation::TokenCreate, self.engine.token_create(request))
    }

    async fn token_update(
        &self,
        request: TokenUpdateRequest,
    ) -> Result<TokenUpdateResponse, ApiError> {
        self.engine
            .durable(Operation::TokenUpdate, self.engine.token_update(request))
    }

    async fn token_delete(&self, access_token_identifier: &str) -> Result<(), ApiError> {
        self.engine.durable(
            Operation::TokenDelete,
            self.engine.token_delete(access_token_identifier),
        )
    }

    async fn token_revoke(
        &self,
        request: TokenRevokeRequest,
    ) -> Result<TokenRevokeResponse, ApiError> {
        self.engine
            .durable(Operation::TokenRevoke, self.engine.token_revoke(request))
    }

    async fn token_list(
        &self,
        options: TokenListOptions,
    ) -> Result<TokenGetListResponse, ApiError> {
        self.engine
            .durable(Operation::TokenList, self.engine.token_list(options))
    }

    async fn client_list(
        &self,
        options: ClientListOptions,
    ) -> Result<ClientGetListResponse, ApiError> {
        self.engine
            .durable(Operation::ClientList, self.engine.client_list(options))
    }

    async fn client_update(&self, client_id: &str, client: Client) -> Result<Client, ApiError> {
        self.engine.durable(
            Operation::ClientUpdate,
            self.engine.client_update(client_id, client),
        )
    }

    async fn client_secret_update(
        &self,
        client_identifier: &str,
        request: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        self.engine.durable(
            Operation::ClientSecretUpdate,
            self.engine.client_secret_update(client_identifier, request),
        )
    }

    async fn client_lock_flag_update(
        &self,
        client_identifier: &str,
        request: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        self.engine.durable(
            Operation::ClientLockFlagUpdate,
            self.engine
                .client_lock_flag_update(client_identifier, request),
        )
    }

    async fn client_requestable_scopes_get(
        &self,
        client_id: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        self.engine.durable(
            Operation::ClientRequestableScopesGet,
            self.engine.client_requestable_scopes_get(client_id),
        )
    }

    async fn client_requestable_scopes_update(
        &self,
        client_id: &str,
        request: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        self.engine.durable(
            Operation::ClientRequestableScopesUpdate,
            self.engine
                .client_requestable_scopes_update(client_id, request),
        )
    }

    async fn client_requestable_scopes_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.engine.durable(
            Operation::ClientRequestableScopesDelete,
            self.engine.client_requestable_scopes_delete(client_id),
        )
    }

    async fn client_granted_scopes_get(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        self.engine.durable(
            Operation::ClientGrantedScopesGet,
            self.engine.client_granted_scopes_get(client_id, subject),
        )
    }

    async fn client_granted_scopes_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        self.engine.durable(
            Operation::ClientGrantedScopesDelete,
            self.engine.client_granted_scopes_delete(client_id, subject),
        )
    }

    async fn client_authorization_list(
        &self,
        request: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        self.engine.durable(
            Operation::ClientAuthorizationList,
            self.engine.client_authorization_list(request),
        )
    }

    async fn client_authorization_update(
        &self,
        client_id: &str,
        request: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        self.engine.durable(
            Operation::ClientAuthorizationUpdate,
            self.engine.client_authorization_update(client_id, request),
        )
    }

    async fn client_authorization_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        self.engine.durable(
            Operation::ClientAuthorizationDelete,
            self.engine.client_authorization_delete(client_id, subject),
        )
    }

    async fn authorization_ticket_info(
        &self,
        request: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        self.engine.authorization_ticket_info(request)
    }

    async fn authorization_ticket_update(
        &self,
        request: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        self.engine.durable(
            Operation::AuthorizationTicketUpdate,
            self.engine.authorization_ticket_update(request),
        )
    }

    async fn id_token_reissue(
        &self,
        request: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        self.engine.durable(
            Operation::IdTokenReissue,
            self.engine.id_token_reissue(request),
        )
    }

    async fn token_create_batch(
        &self,
        requests: Vec<TokenCreateRequest>,
        dry_run: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        self.engine.durable(
            Operation::TokenCreateBatch,
            self.engine.token_create_batch(requests, dry_run),
        )
    }

    async fn token_create_batch_status(
        &self,
        request_id: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        self.engine.durable(
            Operation::TokenCreateBatchStatus,
            self.engine.token_create_batch_status(request_id),
        )
    }

    /// The parameters, as Authlete's `/misc/echo` answers them.
    async fn echo(
        &self,
        parameters: std::collections::BTreeMap<String, String>,
    ) -> Result<std::collections::BTreeMap<String, String>, ApiError> {
        Ok(parameters)
    }

    /// The backend's version (`authlete-local` and its crate version) and the features it
    /// implements, as `/api/info` answers them over HTTP.
    async fn info(&self) -> Result<InfoResponse, ApiError> {
        Ok(server::info())
    }

    async fn grant_management(&self, request: GmRequest) -> Result<GmResponse, ApiError> {
        self.engine.durable(
            Operation::GrantManagement,
            self.engine.grant_management(request),
        )
    }

    /// `/nativesso`, when the service enables Native SSO; otherwise `CALLER_ERROR`, as the
    /// unavailable APIs answer.
    async fn native_sso(&self, request: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError> {
        if !self.engine.config.native_sso_supported {
            return unavailable::in_process(Operation::NativeSso);
        }
        self.engine
            .durable(Operation::NativeSso, self.engine.native_sso(request))
    }

    /// `/nativesso/logout`, when the service enables Native SSO.
    async fn native_sso_logout(
        &self,
        request: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        if !self.engine.config.native_sso_supported {
            return unavailable::in_process(Operation::NativeSsoLogout);
        }
        self.engine.durable(
            Operation::NativeSsoLogout,
            self.engine.native_sso_logout(request),
        )
    }

    /// Service `service_id` of the registry (the configured service is the first).
    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError> {
        self.engine
            .durable(Operation::ServiceGet, self.engine.service_get(service_id))
    }

    /// A page of the registry (by default its first five services).
    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        self.engine.durable(
            Operation::ServiceGetList,
            self.engine.service_get_list(start, end),
        )
    }

    /// A new service of the registry, with a new ID and API secret; it serves no endpoint API.
    async fn service_create(&self, service: Service) -> Result<Service, ApiError> {
        self.engine.durable(
            Operation::ServiceCreate,
            self.engine.service_create(service),
        )
    }

    /// The settings of service `service_id` replaced (its ID and API secret kept).
    async fn service_update(
        &self,
        service_id: &str,
        service: Service,
    ) -> Result<Service, ApiError> {
        self.engine.durable(
            Operation::ServiceUpdate,
            self.engine.service_update(service_id, service),
        )
    }

    /// Service `service_id` removed from the registry; the configured service is refused.
    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError> {
        self.engine.durable(
            Operation::ServiceDelete,
            self.engine.service_delete(service_id),
        )
    }

    /// A Logout Token signed with the service's ID-token key (`typ` `logout+jwt`).
    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        self.engine.durable(
            Operation::BackchannelLogoutToken,
            self.engine.backchannel_logout_token(request),
        )
    }
}
