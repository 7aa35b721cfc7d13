//! The bearer layer driven in-process (tower `oneshot`) against a counting fake `AuthleteApi`:
//! what it sends to Authlete, caching, DPoP and mTLS inputs, policies, anonymous access, the form
//! body, and the extractor without a layer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use authlete_tower::api::{ApiError, AuthleteApi, Operation};
use authlete_tower::bearer::{BearerRejection, ClientCertHeader, IntrospectionCache};
use authlete_tower::clock::{Clock, ManualClock};
use authlete_tower::dto::*;
use authlete_tower::{AccessTokenInfo, AuthleteBearer, BearerToken};
use axum::Router;
use axum::body::Body;
use axum::routing::{get, post};
use http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

type Answer = Box<dyn Fn(&IntrospectionRequest) -> IntrospectionResponse + Send + Sync>;

/// Answers introspection with `answer`, after `delay`, counting the calls.
struct FakeApi {
    calls: AtomicUsize,
    last: Mutex<Option<IntrospectionRequest>>,
    answer: Mutex<Answer>,
    delay: Duration,
}

impl FakeApi {
    fn new(
        answer: impl Fn(&IntrospectionRequest) -> IntrospectionResponse + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(FakeApi {
            calls: AtomicUsize::new(0),
            last: Mutex::new(None),
            answer: Mutex::new(Box::new(answer)),
            delay: Duration::from_millis(20),
        })
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn last(&self) -> IntrospectionRequest {
        self.last
            .lock()
            .unwrap()
            .clone()
            .expect("Authlete was called")
    }

    fn answer_with(
        &self,
        answer: impl Fn(&IntrospectionRequest) -> IntrospectionResponse + Send + Sync + 'static,
    ) {
        *self.answer.lock().unwrap() = Box::new(answer);
    }
}

fn ok(expires_at: i64) -> IntrospectionResponse {
    let mut response = IntrospectionResponse::default();
    response.action = Some(IntrospectionAction::Ok);
    response.subject = Some("alice".into());
    response.client_id = Some(2000);
    response.scopes = Some(vec!["read".into(), "write".into()]);
    response.expires_at = Some(expires_at);
    response
}

fn refused(action: IntrospectionAction, content: Option<&str>) -> IntrospectionResponse {
    let mut response = IntrospectionResponse::default();
    response.action = Some(action);
    response.response_content = content.map(str::to_owned);
    response.result_message = Some("[A000000] secret backend detail".into());
    response
}

fn far_future() -> i64 {
    ManualClock::new().now_millis() + 3_600_000
}

/// The methods the bearer layer never calls, in the shape `#[async_trait]` gives them.
macro_rules! unused {
    ($($name:ident($arg:ty) -> $out:ty;)*) => {$(
        fn $name<'life0, 'async_trait>(
            &'life0 self,
            _: $arg,
        ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<$out, ApiError>> + Send + 'async_trait>>
        where
            'life0: 'async_trait,
            Self: 'async_trait,
        {
            Box::pin(async { Err(not_faked()) })
        }
    )*};
}

fn not_faked() -> ApiError {
    ApiError::Backend {
        operation: Operation::Introspection,
        reason: "not faked".into(),
    }
}

#[async_trait]
impl AuthleteApi for FakeApi {
    async fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(self.delay).await;
        let answer = (self.answer.lock().unwrap())(&request);
        *self.last.lock().unwrap() = Some(request);
        Ok(answer)
    }

    unused! {
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
        service_jwks(ServiceJwksOptions) -> Option<Value>;
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

    async fn client_get(&self, _: &str) -> Result<Client, ApiError> {
        Err(not_faked())
    }

    async fn token_delete(&self, _: &str) -> Result<(), ApiError> {
        Err(not_faked())
    }

    async fn client_delete(&self, _: &str) -> Result<(), ApiError> {
        Err(not_faked())
    }

    async fn client_secret_refresh(
        &self,
        _: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_list(&self, _: ClientListOptions) -> Result<ClientGetListResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_update(&self, _: &str, _: Client) -> Result<Client, ApiError> {
        Err(not_faked())
    }

    async fn client_secret_update(
        &self,
        _: &str,
        _: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_lock_flag_update(
        &self,
        _: &str,
        _: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_requestable_scopes_get(
        &self,
        _: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_requestable_scopes_update(
        &self,
        _: &str,
        _: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_requestable_scopes_delete(&self, _: &str) -> Result<(), ApiError> {
        Err(not_faked())
    }

    async fn client_granted_scopes_get(
        &self,
        _: &str,
        _: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_granted_scopes_delete(
        &self,
        _: &str,
        _: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_authorization_list(
        &self,
        _: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_authorization_update(
        &self,
        _: &str,
        _: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        Err(not_faked())
    }

    async fn client_authorization_delete(
        &self,
        _: &str,
        _: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        Err(not_faked())
    }

    async fn authorization_ticket_info(
        &self,
        _: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        Err(not_faked())
    }

    async fn authorization_ticket_update(
        &self,
        _: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        Err(not_faked())
    }

    async fn id_token_reissue(
        &self,
        _: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        Err(not_faked())
    }

    async fn token_create_batch(
        &self,
        _: Vec<TokenCreateRequest>,
        _: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        Err(not_faked())
    }

    async fn token_create_batch_status(
        &self,
        _: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        Err(not_faked())
    }

    async fn echo(
        &self,
        _: std::collections::BTreeMap<String, String>,
    ) -> Result<std::collections::BTreeMap<String, String>, ApiError> {
        Err(not_faked())
    }

    async fn info(&self) -> Result<InfoResponse, ApiError> {
        Err(not_faked())
    }

    async fn grant_management(&self, _: GmRequest) -> Result<GmResponse, ApiError> {
        Err(not_faked())
    }

    async fn native_sso(&self, _: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError> {
        Err(not_faked())
    }

    async fn native_sso_logout(
        &self,
        _: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        Err(not_faked())
    }

    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError> {
        let _ = service_id;
        Err(not_faked())
    }

    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        let _ = (start, end);
        Err(not_faked())
    }

    async fn service_create(&self, service: Service) -> Result<Service, ApiError> {
        let _ = service;
        Err(not_faked())
    }

    async fn service_update(
        &self,
        service_id: &str,
        service: Service,
    ) -> Result<Service, ApiError> {
        let _ = (service_id, service);
        Err(not_faked())
    }

    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError> {
        let _ = service_id;
        Err(not_faked())
    }

    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        let _ = request;
        Err(not_faked())
    }
}

async fn whoami(token: BearerToken) -> String {
    format!(
        "{}:{}",
        token.subject().unwrap_or("-"),
        token.scopes().join(" ")
    )
}

fn app(bearer: AuthleteBearer) -> Router {
    Router::new()
        .route("/res", get(whoami).post(whoami))
        .route_layer(bearer)
}

struct Answered {
    status: StatusCode,
    challenge: Option<String>,
    headers: http::HeaderMap,
    body: String,
}

async fn send(app: &Router, request: Request<Body>) -> Answered {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    Answered {
        status,
        challenge: headers
            .get("www-authenticate")
            .map(|value| value.to_str().unwrap().to_owned()),
        headers,
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

fn bearer_get(token: &str) -> Request<Body> {
    Request::get("/res")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn a_hundred_concurrent_misses_make_one_introspection_call() {
    let api = FakeApi::new(|_| ok(far_future()));
    let app = app(AuthleteBearer::new(api.clone()));
    let requests = (0..100).map(|_| {
        let app = app.clone();
        tokio::spawn(async move { send(&app, bearer_get("brand-new-token")).await })
    });
    for answer in futures_util::future::join_all(requests).await {
        let answer = answer.unwrap();
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.body, "alice:read write");
    }
    assert_eq!(api.calls(), 1);
    // Another token is another key.
    send(&app, bearer_get("another-token")).await;
    assert_eq!(api.calls(), 2);
}

#[tokio::test]
async fn scopes_and_subject_are_sent_and_the_cache_honours_expiry_and_eviction() {
    let clock = ManualClock::new();
    let expires_at = clock.now_millis() + 30_000;
    let api = FakeApi::new(move |_| ok(expires_at));
    let bearer = AuthleteBearer::new(api.clone())
        .required_scopes(["read"])
        .required_subject("alice")
        .with_cache(
            IntrospectionCache::builder()
                .clock(Arc::new(clock.clone()))
                .build(),
        );
    let cache = bearer.cache();
    let app = app(bearer);

    assert_eq!(send(&app, bearer_get("tok")).await.status, StatusCode::OK);
    let sent = api.last();
    assert_eq!(sent.token, "tok");
    assert_eq!(sent.scopes, Some(vec!["read".to_owned()]));
    assert_eq!(sent.subject.as_deref(), Some("alice"));
    assert_eq!((sent.dpop, sent.htm, sent.htu), (None, None, None));
    send(&app, bearer_get("tok")).await;
    assert_eq!(
        api.calls(),
        1,
        "the second request is served from the cache"
    );

    cache.evict("tok");
    send(&app, bearer_get("tok")).await;
    assert_eq!(api.calls(), 2, "an evicted token is introspected again");

    api.answer_with(|_| {
        refused(
            IntrospectionAction::Unauthorized,
            Some(r#"Bearer error="invalid_token""#),
        )
    });
    clock.advance(Duration::from_secs(31));
    let answer = send(&app, bearer_get("tok")).await;
    assert_eq!(api.calls(), 3, "an expired entry is never served");
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(r#"Bearer realm="api", error="invalid_token""#)
    );
}

#[tokio::test]
async fn without_cache_and_a_zero_max_age_turn_the_cache_off() {
    let api = FakeApi::new(|_| ok(far_future()));
    let off = app(AuthleteBearer::new(api.clone()).without_cache());
    send(&off, bearer_get("tok")).await;
    send(&off, bearer_get("tok")).await;
    assert_eq!(api.calls(), 2);

    let zero = IntrospectionCache::builder()
        .max_age(Duration::ZERO)
        .build();
    let zero = app(AuthleteBearer::new(api.clone()).with_cache(zero));
    send(&zero, bearer_get("tok")).await;
    send(&zero, bearer_get("tok")).await;
    assert_eq!(api.calls(), 4);
}

/// Regression: `with_cache(shared)` followed by cache options used to build a fresh cache, so
/// `shared.evict(..)` reached nothing. The cache's options now live on its builder only (the
/// validator has no `cache_max_age`, `cache_max_entries` or `clock`; see the `compile_fail`
/// example of `AccessTokenValidator::with_cache`), and no other option replaces the cache.
#[tokio::test]
async fn a_shared_cache_stays_the_one_used_whatever_the_order_of_the_options() {
    let clock = ManualClock::new();
    let now = clock.clone();
    let api = FakeApi::new(move |_| ok(now.now_millis() + 30_000));
    let shared = IntrospectionCache::builder()
        .max_age(Duration::from_secs(3600))
        .max_entries(10)
        .clock(Arc::new(clock.clone()))
        .build();
    let every_option = |bearer: AuthleteBearer| {
        bearer
            .realm("photos")
            .required_scopes(["read"])
            .required_subject("alice")
            .allow_form_token()
            .allow_query_token()
            .allow_anonymous()
            .max_token_length(100)
            .form_body_limit(1000)
            .external_url("https://rs.example.com/".parse().unwrap())
            .client_certificate_header(ClientCertHeader::x_ssl_cert())
            .policy(|_: &http::request::Parts, _: &AccessTokenInfo| Ok(()))
    };
    let first = every_option(AuthleteBearer::new(api.clone()).with_cache(shared.clone()));
    let last = every_option(AuthleteBearer::new(api.clone())).with_cache(shared.clone());
    for bearer in [first, last] {
        assert_eq!(bearer.cache().entry_count(), shared.entry_count());
        let app = app(bearer);
        let calls = api.calls();
        send(&app, bearer_get("tok")).await;
        send(&app, bearer_get("tok")).await;
        assert_eq!(
            api.calls(),
            calls + 1,
            "the second request is served from the cache"
        );
        shared.run_pending_tasks().await;
        assert_eq!(shared.entry_count(), 1, "the entry is in the shared cache");
        shared.evict("tok");
        send(&app, bearer_get("tok")).await;
        assert_eq!(
            api.calls(),
            calls + 2,
            "evicting from the shared cache reaches the layer"
        );
        clock.advance(Duration::from_secs(31));
        send(&app, bearer_get("tok")).await;
        assert_eq!(
            api.calls(),
            calls + 3,
            "the shared cache's clock is the one used"
        );
        shared.evict("tok");
    }
}

#[tokio::test]
async fn dpop_requests_bypass_the_cache_and_carry_htm_htu_and_the_nonce() {
    let api = FakeApi::new(|_| {
        let mut response = ok(far_future());
        response.dpop_nonce = Some("nonce-1".into());
        response
    });
    let bearer = AuthleteBearer::new(api.clone())
        .external_url("https://rs.example.com/base/".parse().unwrap());
    let app = app(bearer);
    let dpop = || {
        Request::post("/res?x=1")
            .header("authorization", "DPoP dpop-token")
            .header("dpop", "proof.jwt.value")
            .body(Body::empty())
            .unwrap()
    };
    let answer = send(&app, dpop()).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["dpop-nonce"], "nonce-1");
    send(&app, dpop()).await;
    assert_eq!(api.calls(), 2, "each DPoP proof is checked");
    let sent = api.last();
    assert_eq!(sent.dpop.as_deref(), Some("proof.jwt.value"));
    assert_eq!(sent.htm.as_deref(), Some("POST"));
    assert_eq!(sent.htu.as_deref(), Some("https://rs.example.com/base/res"));

    let two_proofs = Request::get("/res")
        .header("authorization", "DPoP dpop-token")
        .header("dpop", "a")
        .header("dpop", "b")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, two_proofs).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(
        answer
            .challenge
            .unwrap()
            .contains(r#"error="invalid_request""#)
    );

    api.answer_with(|_| {
        let mut response = refused(
            IntrospectionAction::Unauthorized,
            Some(r#"DPoP error="use_dpop_nonce""#),
        );
        response.dpop_nonce = Some("nonce-2".into());
        response
    });
    let answer = send(&app, dpop()).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(answer.headers["dpop-nonce"], "nonce-2");
    assert_eq!(
        answer.challenge.as_deref(),
        Some(r#"DPoP realm="api", error="use_dpop_nonce", algs="ES256 PS256 RS256 EdDSA""#)
    );
    assert_eq!(answer.body, "");
}

#[tokio::test]
async fn dpop_scheme_refusals_are_dpop_challenges_and_a_proof_with_bearer_is_not_forwarded() {
    let api = FakeApi::new(|_| ok(far_future()));
    let bearer = AuthleteBearer::new(api.clone()).dpop_signing_algs(["ES256"]);
    let app = app(bearer);
    let no_proof = Request::get("/res")
        .header("authorization", "DPoP dpop-token")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, no_proof).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"DPoP realm="api", error="invalid_token", error_description="A DPoP proof is required.", algs="ES256""#
        )
    );
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert_eq!(answer.body, "");
    assert_eq!(api.calls(), 0, "Authlete is not asked without a proof");

    let with_bearer = || {
        Request::get("/res")
            .header("authorization", "Bearer a-token")
            .header("dpop", "proof.jwt.value")
            .body(Body::empty())
            .unwrap()
    };
    // RFC 9449 §7.2: the Bearer scheme is a bearer-token request, proof or not; Authlete refuses
    // a DPoP-bound token introspected without a proof (bearer_http::dpop_bound_token).
    assert_eq!(send(&app, with_bearer()).await.status, StatusCode::OK);
    let sent = api.last();
    assert_eq!(sent.dpop, None);
    assert_eq!((sent.htm, sent.htu), (None, None));

    // Authlete's Bearer challenge for a DPoP-scheme request becomes a DPoP challenge.
    api.answer_with(|_| {
        refused(
            IntrospectionAction::Unauthorized,
            Some(r#"Bearer error="invalid_token", error_description="[A065301] gone""#),
        )
    });
    let dpop = Request::get("/res")
        .header("authorization", "DPoP dpop-token")
        .header("dpop", "proof.jwt.value")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, dpop).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"DPoP realm="api", error="invalid_token", error_description="[A065301] gone", algs="ES256""#
        )
    );
    // The same answer to a Bearer-scheme request stays a Bearer challenge (another token: the
    // first one's answer is cached, as a bearer token's may be).
    let another = Request::get("/res")
        .header("authorization", "Bearer another-token")
        .header("dpop", "proof.jwt.value")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, another).await;
    assert_eq!(
        answer.challenge.as_deref(),
        Some(r#"Bearer realm="api", error="invalid_token", error_description="[A065301] gone""#)
    );
}

#[tokio::test]
async fn forwarded_headers_are_used_for_htu_only_when_trusted() {
    let api = FakeApi::new(|_| ok(far_future()));
    let request = || {
        Request::get("/res")
            .header("host", "internal:8080")
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "api.example.com")
            .header("authorization", "DPoP t")
            .header("dpop", "p")
            .body(Body::empty())
            .unwrap()
    };
    send(&app(AuthleteBearer::new(api.clone())), request()).await;
    assert_eq!(api.last().htu.as_deref(), Some("http://internal:8080/res"));
    send(
        &app(AuthleteBearer::new(api.clone()).trust_forwarded_headers()),
        request(),
    )
    .await;
    assert_eq!(
        api.last().htu.as_deref(),
        Some("https://api.example.com/res")
    );
}

#[tokio::test]
async fn the_client_certificate_is_taken_from_the_configured_header() {
    let api = FakeApi::new(|_| ok(far_future()));
    let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    let encoded = pem.replace('\n', "%0A").replace(' ', "%20");
    let app =
        app(AuthleteBearer::new(api.clone())
            .client_certificate_header(ClientCertHeader::x_ssl_cert()));
    let request = Request::get("/res")
        .header("authorization", "Bearer t")
        .header("x-ssl-cert", encoded)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, request).await.status, StatusCode::OK);
    assert_eq!(api.last().client_certificate.as_deref(), Some(pem));
    // Another certificate is another cache key.
    send(&app, bearer_get("t")).await;
    assert_eq!(api.calls(), 2);
    assert_eq!(api.last().client_certificate, None);
}

#[tokio::test]
async fn a_policy_sees_the_request_and_the_token() {
    let api = FakeApi::new(|_| ok(far_future()));
    let bearer = AuthleteBearer::new(api.clone()).realm("photos").policy(
        |parts: &http::request::Parts, info: &AccessTokenInfo| {
            if parts.method == http::Method::POST && !info.has_scope("admin") {
                Err(BearerRejection::insufficient_scope(
                    "admin",
                    "Posting needs admin.",
                ))
            } else {
                Ok(())
            }
        },
    );
    let app = app(bearer);
    assert_eq!(send(&app, bearer_get("t")).await.status, StatusCode::OK);
    let post = Request::post("/res")
        .header("authorization", "Bearer t")
        .body(Body::empty())
        .unwrap();
    let answer = send(&app, post).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="photos", error="insufficient_scope", error_description="Posting needs admin.", scope="admin""#
        )
    );
    assert_eq!(answer.headers["cache-control"], "no-store");
    assert_eq!(answer.body, "");
}

#[tokio::test]
async fn authlete_challenges_keep_their_realm_and_internal_errors_leak_nothing() {
    let api = FakeApi::new(|_| {
        refused(
            IntrospectionAction::Forbidden,
            Some(r#"Bearer realm="svc", error="insufficient_scope", scope="x""#),
        )
    });
    let app = app(AuthleteBearer::new(api.clone()));
    let answer = send(&app, bearer_get("t")).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(r#"Bearer realm="svc", error="insufficient_scope", scope="x""#)
    );

    api.answer_with(|_| refused(IntrospectionAction::BadRequest, None));
    let answer = send(&app, bearer_get("t")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="api", error="invalid_request", error_description="The request is malformed.""#
        )
    );

    api.answer_with(|_| {
        refused(
            IntrospectionAction::InternalServerError,
            Some(r#"Bearer error="server_error",error_description="db down at 10.0.0.5""#),
        )
    });
    let answer = send(&app, bearer_get("t")).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="api", error="server_error", error_description="The access token could not be validated.""#
        )
    );
    assert_eq!(answer.body, "");

    api.answer_with(|_| IntrospectionResponse::default());
    let answer = send(&app, bearer_get("t")).await;
    assert_eq!(
        answer.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "an answer without action"
    );
    assert_eq!(answer.headers["cache-control"], "no-store");
}

#[tokio::test]
async fn anonymous_requests_pass_only_when_allowed() {
    let api = FakeApi::new(|_| ok(far_future()));
    async fn maybe(token: Option<BearerToken>) -> String {
        token.map_or("anonymous".into(), |token| {
            token.subject().unwrap_or("-").to_owned()
        })
    }
    let app = Router::new()
        .route("/maybe", get(maybe))
        .route("/res", get(whoami))
        .route_layer(
            AuthleteBearer::new(api.clone())
                .realm("open")
                .allow_anonymous(),
        );
    let anonymous = |path: &str| Request::get(path).body(Body::empty()).unwrap();
    let answer = send(&app, anonymous("/maybe")).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (StatusCode::OK, "anonymous")
    );
    let with_token = Request::get("/maybe")
        .header("authorization", "Bearer t")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, with_token).await.body, "alice");

    let answer = send(&app, anonymous("/res")).await;
    assert_eq!(
        answer.status,
        StatusCode::UNAUTHORIZED,
        "a handler that needs a token"
    );
    assert_eq!(answer.challenge.as_deref(), Some(r#"Bearer realm="open""#));
    assert_eq!(answer.body, "This resource needs an access token.");

    api.answer_with(|_| {
        refused(
            IntrospectionAction::Unauthorized,
            Some(r#"Bearer error="invalid_token""#),
        )
    });
    let bad = Request::get("/maybe")
        .header("authorization", "Bearer bad")
        .body(Body::empty())
        .unwrap();
    assert_eq!(
        send(&app, bad).await.status,
        StatusCode::UNAUTHORIZED,
        "invalid credentials are still refused"
    );
}

#[tokio::test]
async fn the_extractor_without_the_layer_is_a_500_that_says_what_to_do() {
    let app = Router::new().route("/res", get(whoami));
    let answer = send(&app, bearer_get("t")).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(answer.body.contains("AuthleteBearer"), "{}", answer.body);
    assert!(!answer.body.contains("Bearer t"));
    assert_eq!(answer.challenge, None);

    async fn optional(token: Option<BearerToken>) -> String {
        format!("{}", token.is_some())
    }
    let app = Router::new().route("/o", get(optional));
    let answer = send(&app, Request::get("/o").body(Body::empty()).unwrap()).await;
    assert_eq!(answer.status, StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn the_form_body_reaches_the_handler_intact() {
    let api = FakeApi::new(|_| ok(far_future()));
    async fn echo(token: BearerToken, body: String) -> String {
        format!("{}|{body}", token.subject().unwrap_or("-"))
    }
    let app = Router::new().route("/form", post(echo)).route_layer(
        AuthleteBearer::new(api.clone())
            .allow_form_token()
            .form_body_limit(64),
    );
    let form = |body: &str| {
        Request::post("/form")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let answer = send(&app, form("a=1&access_token=form-tok&b=%20x")).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, "alice|a=1&access_token=form-tok&b=%20x");
    assert_eq!(api.last().token, "form-tok");

    let answer = send(
        &app,
        form(&format!("access_token=t&pad={}", "x".repeat(100))),
    )
    .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="api", error="invalid_request", error_description="The request body is too large.""#
        )
    );

    let broken = Request::post("/form")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from_stream(futures_util::stream::iter([Err::<
            bytes::Bytes,
            std::io::Error,
        >(
            std::io::Error::other("connection reset"),
        )])))
        .unwrap();
    let answer = send(&app, broken).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="api", error="invalid_request", error_description="The request body could not be read.""#
        )
    );
    assert_eq!(answer.body, "");

    let answer = send(&app, form("access_token=a&access_token=b")).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.challenge.as_deref(),
        Some(
            r#"Bearer realm="api", error="invalid_request", error_description="The access token was presented in more than one way.""#
        )
    );
}
