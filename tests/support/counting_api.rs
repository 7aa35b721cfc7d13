//! [`CountingApi`]: an `AuthleteApi` that passes every call on to another and counts the
//! introspection and JWKS calls, for the tests and benchmarks that assert how many calls reach
//! Authlete. Shared by `tests/it` and `benches/invalid_tokens.rs` (`#[path]`).
//!
//! ```text
//! let api = Arc::new(CountingApi::new(LocalBackend::demo()));
//! // … requests through AuthleteBearer::new(api.clone()) …
//! assert_eq!(api.introspections(), 1);
//! ```

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi};
use serde_json::Value;

/// `inner`, counting the introspection and JWKS calls that go through it.
pub struct CountingApi<A> {
    inner: A,
    introspections: AtomicUsize,
    jwks: AtomicUsize,
}

macro_rules! delegate {
    ($($name:ident($arg:ty) -> $out:ty;)*) => {$(
        fn $name<'life0, 'async_trait>(
            &'life0 self,
            request: $arg,
        ) -> std::pin::Pin<Box<dyn Future<Output = Result<$out, ApiError>> + Send + 'async_trait>>
        where
            'life0: 'async_trait,
            Self: 'async_trait,
        {
            self.inner.$name(request)
        }
    )*};
}

#[async_trait]
impl<A: AuthleteApi> AuthleteApi for CountingApi<A> {
    async fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        self.introspections.fetch_add(1, Ordering::SeqCst);
        self.inner.introspection(request).await
    }

    async fn service_jwks(&self, options: ServiceJwksOptions) -> Result<Option<Value>, ApiError> {
        self.jwks.fetch_add(1, Ordering::SeqCst);
        self.inner.service_jwks(options).await
    }

    delegate! {
        authorization(AuthorizationRequest) -> AuthorizationResponse;
        authorization_issue(AuthorizationIssueRequest) -> AuthorizationIssueResponse;
        authorization_fail(AuthorizationFailRequest) -> AuthorizationFailResponse;
        token(TokenRequest) -> TokenResponse;
        token_issue(TokenIssueRequest) -> TokenIssueResponse;
        token_fail(TokenFailRequest) -> TokenFailResponse;
        standard_introspection(StandardIntrospectionRequest) -> StandardIntrospectionResponse;
        revocation(RevocationRequest) -> RevocationResponse;
        userinfo(UserInfoRequest) -> UserInfoResponse;
        userinfo_issue(UserInfoIssueRequest) -> UserInfoIssueResponse;
        service_configuration(ServiceConfigurationOptions) -> Value;
        pushed_authorization(PushedAuthorizationRequest) -> PushedAuthorizationResponse;
        device_authorization(DeviceAuthorizationRequest) -> DeviceAuthorizationResponse;
        device_verification(DeviceVerificationRequest) -> DeviceVerificationResponse;
        device_complete(DeviceCompleteRequest) -> DeviceCompleteResponse;
        backchannel_authentication(BackchannelAuthenticationRequest) -> BackchannelAuthenticationResponse;
        backchannel_authentication_issue(BackchannelAuthenticationIssueRequest) -> BackchannelAuthenticationIssueResponse;
        backchannel_authentication_fail(BackchannelAuthenticationFailRequest) -> BackchannelAuthenticationFailResponse;
        backchannel_authentication_complete(BackchannelAuthenticationCompleteRequest) -> BackchannelAuthenticationCompleteResponse;
        client_registration(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_registration_get(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_registration_update(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_registration_delete(ClientRegistrationRequest) -> ClientRegistrationResponse;
        client_create(Client) -> Client;
        token_create(TokenCreateRequest) -> TokenCreateResponse;
        token_update(TokenUpdateRequest) -> TokenUpdateResponse;
        token_revoke(TokenRevokeRequest) -> TokenRevokeResponse;
        token_list(TokenListOptions) -> TokenGetListResponse;
    }

    async fn client_get(&self, client_id: &str) -> Result<Client, ApiError> {
        self.inner.client_get(client_id).await
    }

    async fn client_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.inner.client_delete(client_id).await
    }

    async fn client_secret_refresh(
        &self,
        client_identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        self.inner.client_secret_refresh(client_identifier).await
    }

    async fn token_delete(&self, access_token_identifier: &str) -> Result<(), ApiError> {
        self.inner.token_delete(access_token_identifier).await
    }

    async fn client_list(
        &self,
        options: ClientListOptions,
    ) -> Result<ClientGetListResponse, ApiError> {
        self.inner.client_list(options).await
    }

    async fn client_update(&self, client_id: &str, client: Client) -> Result<Client, ApiError> {
        self.inner.client_update(client_id, client).await
    }

    async fn client_secret_update(
        &self,
        client_identifier: &str,
        request: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        self.inner
            .client_secret_update(client_identifier, request)
            .await
    }

    async fn client_lock_flag_update(
        &self,
        client_identifier: &str,
        request: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        self.inner
            .client_lock_flag_update(client_identifier, request)
            .await
    }

    async fn client_requestable_scopes_get(
        &self,
        client_id: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        self.inner.client_requestable_scopes_get(client_id).await
    }

    async fn client_requestable_scopes_update(
        &self,
        client_id: &str,
        request: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        self.inner
            .client_requestable_scopes_update(client_id, request)
            .await
    }

    async fn client_requestable_scopes_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.inner.client_requestable_scopes_delete(client_id).await
    }

    async fn client_granted_scopes_get(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        self.inner
            .client_granted_scopes_get(client_id, subject)
            .await
    }

    async fn client_granted_scopes_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        self.inner
            .client_granted_scopes_delete(client_id, subject)
            .await
    }

    async fn client_authorization_list(
        &self,
        request: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        self.inner.client_authorization_list(request).await
    }

    async fn client_authorization_update(
        &self,
        client_id: &str,
        request: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        self.inner
            .client_authorization_update(client_id, request)
            .await
    }

    async fn client_authorization_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        self.inner
            .client_authorization_delete(client_id, subject)
            .await
    }

    async fn authorization_ticket_info(
        &self,
        request: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        self.inner.authorization_ticket_info(request).await
    }

    async fn authorization_ticket_update(
        &self,
        request: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        self.inner.authorization_ticket_update(request).await
    }

    async fn id_token_reissue(
        &self,
        request: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        self.inner.id_token_reissue(request).await
    }

    async fn token_create_batch(
        &self,
        requests: Vec<TokenCreateRequest>,
        dry_run: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        self.inner.token_create_batch(requests, dry_run).await
    }

    async fn token_create_batch_status(
        &self,
        request_id: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        self.inner.token_create_batch_status(request_id).await
    }

    async fn echo(
        &self,
        parameters: std::collections::BTreeMap<String, String>,
    ) -> Result<std::collections::BTreeMap<String, String>, ApiError> {
        self.inner.echo(parameters).await
    }

    async fn info(&self) -> Result<InfoResponse, ApiError> {
        self.inner.info().await
    }

    async fn grant_management(&self, request: GmRequest) -> Result<GmResponse, ApiError> {
        self.inner.grant_management(request).await
    }

    async fn native_sso(&self, request: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError> {
        self.inner.native_sso(request).await
    }

    async fn native_sso_logout(
        &self,
        request: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        self.inner.native_sso_logout(request).await
    }

    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError> {
        self.inner.service_get(service_id).await
    }

    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        self.inner.service_get_list(start, end).await
    }

    async fn service_create(&self, service: Service) -> Result<Service, ApiError> {
        self.inner.service_create(service).await
    }

    async fn service_update(
        &self,
        service_id: &str,
        service: Service,
    ) -> Result<Service, ApiError> {
        self.inner.service_update(service_id, service).await
    }

    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError> {
        self.inner.service_delete(service_id).await
    }

    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        self.inner.backchannel_logout_token(request).await
    }
}

impl<A> CountingApi<A> {
    /// `inner`, with both counts at zero.
    pub fn new(inner: A) -> Self {
        CountingApi {
            inner,
            introspections: AtomicUsize::new(0),
            jwks: AtomicUsize::new(0),
        }
    }

    /// The introspection calls so far.
    pub fn introspections(&self) -> usize {
        self.introspections.load(Ordering::SeqCst)
    }

    /// The JWKS calls so far.
    #[allow(dead_code)] // the benchmark counts introspections only
    pub fn jwks(&self) -> usize {
        self.jwks.load(Ordering::SeqCst)
    }
}
