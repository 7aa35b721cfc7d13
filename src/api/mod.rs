//! Authlete's Web API: the [`AuthleteApi`] trait and its HTTP implementation, [`AuthleteClient`].
//!
//! The trait is the seam of the crate. The bearer layer and the endpoint handlers only ever see an
//! `Arc<dyn AuthleteApi>`, so the same code runs against Authlete's servers ([`AuthleteClient`]),
//! against the embedded development backend (`authlete_local::LocalBackend`, in the `authlete-local` crate), or against a
//! decorator of your own around either.
//!
//! [`AuthleteClient`] retries the calls that only read ([`RetryPolicy`]), has a circuit breaker
//! per [`Operation`] ([`BreakerPolicy`]), and with the feature `metrics` records what it does
//! (`metrics`).
//!
//! ```no_run
//! use std::sync::Arc;
//! use authlete_tower::{AuthleteApi, AuthleteClient, AuthleteConfig};
//! use authlete_tower::dto::IntrospectionRequest;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let api: Arc<dyn AuthleteApi> = Arc::new(AuthleteClient::new(AuthleteConfig::from_env()?)?);
//! let answer = api.introspection(IntrospectionRequest::new("an-access-token")).await?;
//! println!("action: {:?}", answer.action);
//! # Ok(()) }
//! ```

mod breaker;
mod client;
mod dpop;
mod error;
#[cfg(feature = "metrics")]
#[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
pub mod metrics;
#[cfg(not(feature = "metrics"))]
mod metrics;
mod operation;
mod retry;
mod settings;

use std::collections::BTreeMap;

use async_trait::async_trait;
use serde_json::Value;

pub use breaker::{BreakerPolicy, BreakerState};
pub use client::{AuthleteClient, AuthleteClientBuilder};
pub use error::{ApiError, ApiErrorBody};
pub use operation::Operation;
pub use retry::RetryPolicy;
pub use settings::ClientSettings;

use crate::dto::*;

/// Authlete's Web API, one method per API.
///
/// Every method returns Authlete's answer as is: a *protocol* failure (a bad token, a bad client)
/// is an `Ok` response whose `action` says so; only a failure of the call itself (transport,
/// credentials, a body that is not JSON) is an [`ApiError`].
///
/// The trait is object safe; share one implementation as `Arc<dyn AuthleteApi>`. Implement it
/// (a decorator, a fake for tests) with `#[async_trait::async_trait]` on the `impl`: unlike the
/// handler SPI traits, whose futures the handlers box themselves, this trait must stay a trait
/// object (`dyn AuthleteApi`), which a trait of plain `async fn`s cannot be.
#[async_trait]
pub trait AuthleteApi: Send + Sync + 'static {
    /// `POST /auth/authorization`: parses an authorization request.
    async fn authorization(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationResponse, ApiError>;

    /// `POST /auth/authorization/issue`: issues what an authorization request asked for.
    async fn authorization_issue(
        &self,
        request: AuthorizationIssueRequest,
    ) -> Result<AuthorizationIssueResponse, ApiError>;

    /// `POST /auth/authorization/fail`: ends an authorization request with an error.
    async fn authorization_fail(
        &self,
        request: AuthorizationFailRequest,
    ) -> Result<AuthorizationFailResponse, ApiError>;

    /// `POST /auth/token`: processes a token request.
    async fn token(&self, request: TokenRequest) -> Result<TokenResponse, ApiError>;

    /// `POST /auth/token/issue`: issues tokens after the application checked the resource owner.
    async fn token_issue(&self, request: TokenIssueRequest)
    -> Result<TokenIssueResponse, ApiError>;

    /// `POST /auth/token/fail`: ends a token request with an error.
    async fn token_fail(&self, request: TokenFailRequest) -> Result<TokenFailResponse, ApiError>;

    /// `POST /auth/introspection`: validates an access token presented to a resource server.
    async fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError>;

    /// `POST /auth/introspection/standard`: answers an RFC 7662 introspection request.
    async fn standard_introspection(
        &self,
        request: StandardIntrospectionRequest,
    ) -> Result<StandardIntrospectionResponse, ApiError>;

    /// `POST /auth/revocation`: answers an RFC 7009 revocation request.
    async fn revocation(&self, request: RevocationRequest) -> Result<RevocationResponse, ApiError>;

    /// `POST /auth/userinfo`: validates the access token of a UserInfo request.
    async fn userinfo(&self, request: UserInfoRequest) -> Result<UserInfoResponse, ApiError>;

    /// `POST /auth/userinfo/issue`: builds the UserInfo answer from the claims the application gives.
    async fn userinfo_issue(
        &self,
        request: UserInfoIssueRequest,
    ) -> Result<UserInfoIssueResponse, ApiError>;

    /// `GET /service/configuration`: the OpenID Provider metadata (discovery document), as is.
    async fn service_configuration(
        &self,
        options: ServiceConfigurationOptions,
    ) -> Result<Value, ApiError>;

    /// `GET /service/jwks/get`: the service's JWK Set, as is; `None` when it has no keys (204).
    async fn service_jwks(&self, options: ServiceJwksOptions) -> Result<Option<Value>, ApiError>;

    /// `POST /pushed_auth_req`: registers a pushed authorization request (RFC 9126).
    async fn pushed_authorization(
        &self,
        request: PushedAuthorizationRequest,
    ) -> Result<PushedAuthorizationResponse, ApiError>;

    /// `POST /device/authorization`: processes a device authorization request (RFC 8628).
    async fn device_authorization(
        &self,
        request: DeviceAuthorizationRequest,
    ) -> Result<DeviceAuthorizationResponse, ApiError>;

    /// `POST /device/verification`: looks up a user code.
    async fn device_verification(
        &self,
        request: DeviceVerificationRequest,
    ) -> Result<DeviceVerificationResponse, ApiError>;

    /// `POST /device/complete`: tells Authlete what the user decided for a user code.
    async fn device_complete(
        &self,
        request: DeviceCompleteRequest,
    ) -> Result<DeviceCompleteResponse, ApiError>;

    /// `POST /backchannel/authentication`: processes a CIBA backchannel authentication request.
    async fn backchannel_authentication(
        &self,
        request: BackchannelAuthenticationRequest,
    ) -> Result<BackchannelAuthenticationResponse, ApiError>;

    /// `POST /backchannel/authentication/issue`: issues an `auth_req_id`.
    async fn backchannel_authentication_issue(
        &self,
        request: BackchannelAuthenticationIssueRequest,
    ) -> Result<BackchannelAuthenticationIssueResponse, ApiError>;

    /// `POST /backchannel/authentication/fail`: ends a backchannel request with an error.
    async fn backchannel_authentication_fail(
        &self,
        request: BackchannelAuthenticationFailRequest,
    ) -> Result<BackchannelAuthenticationFailResponse, ApiError>;

    /// `POST /backchannel/authentication/complete`: tells Authlete what the user decided.
    async fn backchannel_authentication_complete(
        &self,
        request: BackchannelAuthenticationCompleteRequest,
    ) -> Result<BackchannelAuthenticationCompleteResponse, ApiError>;

    /// `POST /client/registration`: registers a client (RFC 7591).
    async fn client_registration(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError>;

    /// `POST /client/registration/get`: reads a dynamically registered client (RFC 7592).
    async fn client_registration_get(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError>;

    /// `POST /client/registration/update`: updates a dynamically registered client (RFC 7592).
    async fn client_registration_update(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError>;

    /// `POST /client/registration/delete`: deletes a dynamically registered client (RFC 7592).
    async fn client_registration_delete(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError>;

    /// `GET /client/get/{clientId}`: reads a client's metadata (`client_id` or its alias).
    async fn client_get(&self, client_id: &str) -> Result<Client, ApiError>;

    /// `POST /client/create`: registers a client from its metadata; Authlete assigns its ID and,
    /// for a confidential client, its secret.
    async fn client_create(&self, client: Client) -> Result<Client, ApiError>;

    /// `DELETE /client/delete/{clientId}`: deletes a client (`204`, no body).
    async fn client_delete(&self, client_id: &str) -> Result<(), ApiError>;

    /// `GET /client/secret/refresh/{clientIdentifier}`: gives a confidential client a new secret
    /// (generated by Authlete); the old one stops working. Never retried, although a `GET`.
    async fn client_secret_refresh(
        &self,
        client_identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError>;

    /// `POST /auth/token/create`: mints an access token (and a refresh token where the grant
    /// type has one) for a client, a subject and scopes, without an authorization flow.
    async fn token_create(
        &self,
        request: TokenCreateRequest,
    ) -> Result<TokenCreateResponse, ApiError>;

    /// `POST /auth/token/update`: changes an access token's scopes, lifetime or properties.
    async fn token_update(
        &self,
        request: TokenUpdateRequest,
    ) -> Result<TokenUpdateResponse, ApiError>;

    /// `DELETE /auth/token/delete/{accessTokenIdentifier}`: deletes an access token, named by its
    /// value or the hash of its value (`204`, no body).
    async fn token_delete(&self, access_token_identifier: &str) -> Result<(), ApiError>;

    /// `POST /auth/token/revoke`: revokes an access token, a refresh token, or every token of a
    /// subject (at a client).
    async fn token_revoke(
        &self,
        request: TokenRevokeRequest,
    ) -> Result<TokenRevokeResponse, ApiError>;

    /// `GET /auth/token/get/list`: the live access tokens, of a client and/or a subject.
    async fn token_list(&self, options: TokenListOptions)
    -> Result<TokenGetListResponse, ApiError>;

    /// `GET /client/get/list`: the service's clients (of one developer, in a range).
    async fn client_list(
        &self,
        options: ClientListOptions,
    ) -> Result<ClientGetListResponse, ApiError>;

    /// `POST /client/update/{clientId}`: replaces a client's metadata by `client`'s (its ID and
    /// secret stay); answers the client as it now is.
    async fn client_update(&self, client_id: &str, client: Client) -> Result<Client, ApiError>;

    /// `POST /client/secret/update/{clientIdentifier}`: sets a confidential client's secret to
    /// the given one; the old one stops working.
    async fn client_secret_update(
        &self,
        client_identifier: &str,
        request: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError>;

    /// `POST /client/lock_flag/update/{clientIdentifier}`: locks or unlocks a client. A locked
    /// client gets no tokens and its tokens are refused until it is unlocked.
    async fn client_lock_flag_update(
        &self,
        client_identifier: &str,
        request: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError>;

    /// `GET /client/extension/requestable_scopes/get/{clientId}`: the scopes the client may
    /// request, when they are restricted.
    async fn client_requestable_scopes_get(
        &self,
        client_id: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError>;

    /// `PUT /client/extension/requestable_scopes/update/{clientId}`: restricts the scopes the
    /// client may request.
    async fn client_requestable_scopes_update(
        &self,
        client_id: &str,
        request: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError>;

    /// `DELETE /client/extension/requestable_scopes/delete/{clientId}`: lifts the restriction
    /// (`204`, no body).
    async fn client_requestable_scopes_delete(&self, client_id: &str) -> Result<(), ApiError>;

    /// `GET /client/granted_scopes/get/{clientId}?subject=…`: the scopes `subject` granted the
    /// client, at the last authorization and over all of them.
    async fn client_granted_scopes_get(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError>;

    /// `DELETE /client/granted_scopes/delete/{clientId}?subject=…`: forgets the scopes `subject`
    /// granted the client (their tokens stay).
    async fn client_granted_scopes_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError>;

    /// `GET /client/authorization/get/list?subject=…`: the clients a subject has authorised
    /// (that hold tokens for them).
    async fn client_authorization_list(
        &self,
        request: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError>;

    /// `POST /client/authorization/update/{clientId}`: replaces the scopes of every token the
    /// subject holds at the client.
    async fn client_authorization_update(
        &self,
        client_id: &str,
        request: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError>;

    /// `DELETE /client/authorization/delete/{clientId}?subject=…`: deletes every token the
    /// subject holds at the client.
    async fn client_authorization_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError>;

    /// `POST /auth/authorization/ticket/info`: the information attached to an authorization
    /// ticket.
    async fn authorization_ticket_info(
        &self,
        request: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError>;

    /// `POST /auth/authorization/ticket/update`: attaches information to an authorization
    /// ticket.
    async fn authorization_ticket_update(
        &self,
        request: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError>;

    /// `POST /idtoken/reissue`: a new ID token for the grant of an access and a refresh token.
    async fn id_token_reissue(
        &self,
        request: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError>;

    /// `POST /auth/token/create/batch`: mints many tokens in the background; `dry_run` checks
    /// the requests only. Answers the batch's request ID.
    async fn token_create_batch(
        &self,
        requests: Vec<TokenCreateRequest>,
        dry_run: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError>;

    /// `GET /auth/token/create/batch/status/{tokenBatchRequestId}`: how a batch went.
    async fn token_create_batch_status(
        &self,
        request_id: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError>;

    /// `GET /api/misc/echo` (no service ID on either version): Authlete answers the query
    /// parameters as a JSON object, a check of connectivity and credentials.
    async fn echo(
        &self,
        parameters: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, ApiError>;

    /// `GET /api/info` (no service ID on either version): the server's version and the features
    /// it supports. Authlete answers it without credentials.
    async fn info(&self) -> Result<InfoResponse, ApiError>;

    /// `POST /gm`: a grant management request (`QUERY` or `REVOKE` a grant, Grant Management
    /// for OAuth 2.0) with the access token the client presented.
    async fn grant_management(&self, request: GmRequest) -> Result<GmResponse, ApiError>;

    /// `POST /nativesso`: the ID token (with `sid` and `ds_hash`) and the token response of
    /// OpenID Connect Native SSO for Mobile Apps 1.0, after `/auth/token` answered `NATIVE_SSO`.
    async fn native_sso(&self, request: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError>;

    /// `POST /nativesso/logout`: deletes the access and refresh tokens of a Native SSO session.
    async fn native_sso_logout(
        &self,
        request: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError>;

    /// `GET /api/{serviceId}/service/get` (v3) or `/api/service/get/{serviceApiKey}` (v2): the
    /// service `service_id` (its ID or API key). Called with the service owner's credentials.
    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError>;

    /// `GET /api/service/get/list` (both versions): the service owner's services from index
    /// `start` (inclusive) to `end` (exclusive), Authlete's defaults when `None`. Called with the
    /// service owner's credentials.
    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError>;

    /// `POST /api/service/create` (both versions): creates a service; the answer carries its
    /// new ID (API key) and, on v2, its API secret. Called with the service owner's credentials.
    async fn service_create(&self, service: Service) -> Result<Service, ApiError>;

    /// `POST /api/{serviceId}/service/update` (v3) or `/api/service/update/{serviceApiKey}`
    /// (v2): replaces the settings of service `service_id`. Called with the service owner's
    /// credentials.
    async fn service_update(&self, service_id: &str, service: Service)
    -> Result<Service, ApiError>;

    /// `DELETE /api/{serviceId}/service/delete` (v3) or `/api/service/delete/{serviceApiKey}`
    /// (v2): deletes service `service_id` (Authlete answers 204). Called with the service
    /// owner's credentials.
    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError>;

    /// `POST /backchannel/logout/token` (Authlete 3.0.32; in Authlete's Java SDK, not yet in its
    /// published specifications): a Logout Token (OpenID Connect Back-Channel Logout 1.0) for a
    /// client, naming the user, the session or both, to POST to its `backchannel_logout_uri`.
    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError>;
}
