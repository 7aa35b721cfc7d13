//! Shared test support: a scriptable fake `AuthleteApi`, a test application implementing the SPI,
//! and helpers that serve an `AuthorizationServer` over real HTTP on 127.0.0.1.
#![allow(dead_code)]

pub mod challenge;
pub mod ciba;
pub mod fault_proxy;
pub mod flows;
/// DPoP proofs signed with fresh keys, shared with the local backend's tests.
#[path = "../../../authlete-local/tests/it/proof.rs"]
pub mod proof;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use authlete_tower::dto::*;
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, ConsentQuestion, Decision, DecisionOutcome,
    DeviceDecision, DevicePage, Form, InteractionSpi, PendingAuthorization, SpiError, UserSpi,
};
use authlete_tower::{ApiError, AuthleteApi, AuthleteResponse, AuthorizationServer, Operation};
use http::header::SET_COOKIE;
use http::request::Parts;
use http::{HeaderName, HeaderValue, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// The fake API: answers are scripted per API name; every request is recorded.

#[derive(Clone)]
enum Scripted {
    Answer(Value),
    Fail,
}

#[derive(Default)]
pub struct FakeApi {
    answers: Mutex<HashMap<&'static str, Scripted>>,
    calls: Mutex<Vec<(&'static str, Value)>>,
}

impl FakeApi {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Scripts the answer of API `name`.
    pub fn answer(&self, name: &'static str, answer: Value) {
        self.answers
            .lock()
            .unwrap()
            .insert(name, Scripted::Answer(answer));
    }

    /// Makes API `name` fail with an HTTP 500 from "Authlete" carrying a secret-looking message.
    pub fn fail(&self, name: &'static str) {
        self.answers.lock().unwrap().insert(name, Scripted::Fail);
    }

    /// The last request sent to API `name`.
    pub fn last(&self, name: &str) -> Option<Value> {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .rev()
            .find(|(api, _)| *api == name)
            .map(|(_, request)| request.clone())
    }

    pub fn called(&self, name: &str) -> bool {
        self.last(name).is_some()
    }

    /// How many times API `name` was called.
    pub fn count(&self, name: &str) -> usize {
        self.calls
            .lock()
            .unwrap()
            .iter()
            .filter(|(called, _)| *called == name)
            .count()
    }

    fn reply<Q: Serialize, A: DeserializeOwned>(
        &self,
        name: &'static str,
        request: &Q,
    ) -> Result<A, ApiError> {
        self.calls
            .lock()
            .unwrap()
            .push((name, serde_json::to_value(request).unwrap()));
        let scripted = self.answers.lock().unwrap().get(name).cloned();
        match scripted {
            Some(Scripted::Answer(answer)) => {
                Ok(serde_json::from_value(answer).expect("a scripted answer parses"))
            }
            Some(Scripted::Fail) | None => Err(ApiError::Api {
                operation: Operation::ALL[0],
                status: StatusCode::INTERNAL_SERVER_ERROR,
                result_code: Some("A000000".into()),
                result_message: Some("backend-secret-detail".into()),
            }),
        }
    }
}

#[async_trait]
impl AuthleteApi for FakeApi {
    async fn authorization(
        &self,
        r: AuthorizationRequest,
    ) -> Result<AuthorizationResponse, ApiError> {
        self.reply("authorization", &r)
    }
    async fn authorization_issue(
        &self,
        r: AuthorizationIssueRequest,
    ) -> Result<AuthorizationIssueResponse, ApiError> {
        self.reply("authorization_issue", &r)
    }
    async fn authorization_fail(
        &self,
        r: AuthorizationFailRequest,
    ) -> Result<AuthorizationFailResponse, ApiError> {
        self.reply("authorization_fail", &r)
    }
    async fn token(&self, r: TokenRequest) -> Result<TokenResponse, ApiError> {
        self.reply("token", &r)
    }
    async fn token_issue(&self, r: TokenIssueRequest) -> Result<TokenIssueResponse, ApiError> {
        self.reply("token_issue", &r)
    }
    async fn token_fail(&self, r: TokenFailRequest) -> Result<TokenFailResponse, ApiError> {
        self.reply("token_fail", &r)
    }
    async fn introspection(
        &self,
        r: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        self.reply("introspection", &r)
    }
    async fn standard_introspection(
        &self,
        r: StandardIntrospectionRequest,
    ) -> Result<StandardIntrospectionResponse, ApiError> {
        self.reply("standard_introspection", &r)
    }
    async fn revocation(&self, r: RevocationRequest) -> Result<RevocationResponse, ApiError> {
        self.reply("revocation", &r)
    }
    async fn userinfo(&self, r: UserInfoRequest) -> Result<UserInfoResponse, ApiError> {
        self.reply("userinfo", &r)
    }
    async fn userinfo_issue(
        &self,
        r: UserInfoIssueRequest,
    ) -> Result<UserInfoIssueResponse, ApiError> {
        self.reply("userinfo_issue", &r)
    }
    async fn service_configuration(
        &self,
        _: ServiceConfigurationOptions,
    ) -> Result<Value, ApiError> {
        self.reply("service_configuration", &())
    }
    async fn service_jwks(&self, _: ServiceJwksOptions) -> Result<Option<Value>, ApiError> {
        self.reply("service_jwks", &())
    }
    async fn pushed_authorization(
        &self,
        r: PushedAuthorizationRequest,
    ) -> Result<PushedAuthorizationResponse, ApiError> {
        self.reply("pushed_authorization", &r)
    }
    async fn device_authorization(
        &self,
        r: DeviceAuthorizationRequest,
    ) -> Result<DeviceAuthorizationResponse, ApiError> {
        self.reply("device_authorization", &r)
    }
    async fn device_verification(
        &self,
        r: DeviceVerificationRequest,
    ) -> Result<DeviceVerificationResponse, ApiError> {
        self.reply("device_verification", &r)
    }
    async fn device_complete(
        &self,
        r: DeviceCompleteRequest,
    ) -> Result<DeviceCompleteResponse, ApiError> {
        self.reply("device_complete", &r)
    }
    async fn backchannel_authentication(
        &self,
        r: BackchannelAuthenticationRequest,
    ) -> Result<BackchannelAuthenticationResponse, ApiError> {
        self.reply("backchannel_authentication", &r)
    }
    async fn backchannel_authentication_issue(
        &self,
        r: BackchannelAuthenticationIssueRequest,
    ) -> Result<BackchannelAuthenticationIssueResponse, ApiError> {
        self.reply("backchannel_authentication_issue", &r)
    }
    async fn backchannel_authentication_fail(
        &self,
        r: BackchannelAuthenticationFailRequest,
    ) -> Result<BackchannelAuthenticationFailResponse, ApiError> {
        self.reply("backchannel_authentication_fail", &r)
    }
    async fn backchannel_authentication_complete(
        &self,
        r: BackchannelAuthenticationCompleteRequest,
    ) -> Result<BackchannelAuthenticationCompleteResponse, ApiError> {
        self.reply("backchannel_authentication_complete", &r)
    }
    async fn client_registration(
        &self,
        r: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.reply("client_registration", &r)
    }
    async fn client_registration_get(
        &self,
        r: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.reply("client_registration_get", &r)
    }
    async fn client_registration_update(
        &self,
        r: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.reply("client_registration_update", &r)
    }
    async fn client_registration_delete(
        &self,
        r: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.reply("client_registration_delete", &r)
    }
    async fn client_get(&self, client_id: &str) -> Result<Client, ApiError> {
        self.reply("client_get", &client_id)
    }
    async fn client_create(&self, c: Client) -> Result<Client, ApiError> {
        self.reply("client_create", &c)
    }
    async fn client_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.reply("client_delete", &client_id)
    }
    async fn client_secret_refresh(
        &self,
        client_identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        self.reply("client_secret_refresh", &client_identifier)
    }
    async fn token_create(&self, r: TokenCreateRequest) -> Result<TokenCreateResponse, ApiError> {
        self.reply("token_create", &r)
    }
    async fn token_update(&self, r: TokenUpdateRequest) -> Result<TokenUpdateResponse, ApiError> {
        self.reply("token_update", &r)
    }
    async fn token_delete(&self, identifier: &str) -> Result<(), ApiError> {
        self.reply("token_delete", &identifier)
    }
    async fn token_revoke(&self, r: TokenRevokeRequest) -> Result<TokenRevokeResponse, ApiError> {
        self.reply("token_revoke", &r)
    }
    async fn token_list(&self, o: TokenListOptions) -> Result<TokenGetListResponse, ApiError> {
        self.reply("token_list", &o.query())
    }

    async fn client_list(
        &self,
        options: ClientListOptions,
    ) -> Result<ClientGetListResponse, ApiError> {
        self.reply("client_list", &options.query())
    }

    async fn client_update(&self, client_id: &str, client: Client) -> Result<Client, ApiError> {
        self.reply("client_update", &(client_id, client))
    }

    async fn client_secret_update(
        &self,
        client_identifier: &str,
        request: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        self.reply("client_secret_update", &(client_identifier, request))
    }

    async fn client_lock_flag_update(
        &self,
        client_identifier: &str,
        request: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        self.reply("client_lock_flag_update", &(client_identifier, request))
    }

    async fn client_requestable_scopes_get(
        &self,
        client_id: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        self.reply("client_requestable_scopes_get", &client_id)
    }

    async fn client_requestable_scopes_update(
        &self,
        client_id: &str,
        request: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        self.reply("client_requestable_scopes_update", &(client_id, request))
    }

    async fn client_requestable_scopes_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.reply("client_requestable_scopes_delete", &client_id)
    }

    async fn client_granted_scopes_get(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        self.reply("client_granted_scopes_get", &(client_id, subject))
    }

    async fn client_granted_scopes_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        self.reply("client_granted_scopes_delete", &(client_id, subject))
    }

    async fn client_authorization_list(
        &self,
        request: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        self.reply("client_authorization_list", &request)
    }

    async fn client_authorization_update(
        &self,
        client_id: &str,
        request: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        self.reply("client_authorization_update", &(client_id, request))
    }

    async fn client_authorization_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        self.reply("client_authorization_delete", &(client_id, subject))
    }

    async fn authorization_ticket_info(
        &self,
        request: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        self.reply("authorization_ticket_info", &request)
    }

    async fn authorization_ticket_update(
        &self,
        request: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        self.reply("authorization_ticket_update", &request)
    }

    async fn id_token_reissue(
        &self,
        request: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        self.reply("id_token_reissue", &request)
    }

    async fn token_create_batch(
        &self,
        requests: Vec<TokenCreateRequest>,
        dry_run: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        self.reply("token_create_batch", &(requests, dry_run))
    }

    async fn token_create_batch_status(
        &self,
        request_id: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        self.reply("token_create_batch_status", &request_id)
    }

    async fn echo(
        &self,
        parameters: std::collections::BTreeMap<String, String>,
    ) -> Result<std::collections::BTreeMap<String, String>, ApiError> {
        self.reply("echo", &parameters)
    }

    async fn info(&self) -> Result<InfoResponse, ApiError> {
        self.reply("info", &())
    }

    async fn grant_management(&self, request: GmRequest) -> Result<GmResponse, ApiError> {
        self.reply("grant_management", &request)
    }

    async fn native_sso(&self, request: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError> {
        self.reply("native_sso", &request)
    }

    async fn native_sso_logout(
        &self,
        request: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        self.reply("native_sso_logout", &request)
    }

    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError> {
        self.reply("service_get", &service_id)
    }

    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        self.reply("service_get_list", &(start, end))
    }

    async fn service_create(&self, service: Service) -> Result<Service, ApiError> {
        self.reply("service_create", &service)
    }

    async fn service_update(
        &self,
        service_id: &str,
        service: Service,
    ) -> Result<Service, ApiError> {
        self.reply("service_update", &(service_id, service))
    }

    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError> {
        self.reply("service_delete", &service_id)
    }

    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        self.reply("backchannel_logout_token", &request)
    }
}

// ---------------------------------------------------------------------------------------------
// The test application.

/// A test application: one user (`alice` / `wonderland`, subject `1001`), a session holding
/// whoever `log_in` put there, pages rendered as JSON describing what the handler gave them.
#[derive(Clone, Default)]
pub struct TestApp {
    pub session: Arc<Mutex<Option<AuthenticatedUser>>>,
    /// Makes every SPI method fail.
    pub broken: Arc<Mutex<bool>>,
    /// The answer to `has_consented` (no until `consent`).
    pub consented: Arc<Mutex<bool>>,
    /// Every consent question asked, in order.
    pub consent_questions: Arc<Mutex<Vec<ConsentQuestion>>>,
}

impl TestApp {
    pub fn log_in(&self, user: AuthenticatedUser) {
        *self.session.lock().unwrap() = Some(user);
    }

    /// From now on `has_consented` says yes.
    pub fn consent(&self) {
        *self.consented.lock().unwrap() = true;
    }

    /// The last consent question asked.
    pub fn last_consent_question(&self) -> Option<ConsentQuestion> {
        self.consent_questions.lock().unwrap().last().cloned()
    }

    pub fn break_it(&self) {
        *self.broken.lock().unwrap() = true;
    }

    fn check(&self) -> Result<(), SpiError> {
        if *self.broken.lock().unwrap() {
            Err(SpiError::new("application-secret-detail"))
        } else {
            Ok(())
        }
    }
}

impl UserSpi for TestApp {
    async fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<String>, SpiError> {
        self.check()?;
        Ok((username == "alice" && password == "wonderland").then(|| "1001".to_owned()))
    }

    async fn claim(
        &self,
        subject: &str,
        name: &str,
        tag: Option<&str>,
    ) -> Result<Option<Value>, SpiError> {
        self.check()?;
        if subject != "1001" {
            return Ok(None);
        }
        Ok(match (name, tag) {
            ("name", None) => Some(json!("Alice")),
            ("name", Some("ja")) => Some(json!("アリス")),
            ("email", None) => Some(json!("alice@example.com")),
            ("email_verified", None) => Some(json!(true)),
            _ => None,
        })
    }
}

impl InteractionSpi for TestApp {
    async fn current_user(&self, _request: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
        self.check()?;
        Ok(self.session.lock().unwrap().clone())
    }

    async fn authorization_page(
        &self,
        page: AuthorizationPage,
        _request: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        self.check()?;
        let body = json!({
            "page": "authorization",
            "pending": page.pending,
            "client_name": page.client_name,
            "logo_uri": page.logo_uri,
            "policy_uri": page.policy_uri,
            "tos_uri": page.tos_uri,
            "scopes": page.scopes.iter().map(|s| json!({"name": s.name, "description": s.description})).collect::<Vec<_>>(),
            "claims": page.requested_claims,
            "login_hint": page.login_hint,
            "subject": page.required_subject,
            "prompts": page.prompts.iter().map(|p| p.as_str().to_owned()).collect::<Vec<_>>(),
            "max_age": page.max_age,
        });
        Ok(AuthleteResponse::html(StatusCode::OK, body.to_string()))
    }

    /// Test-only: the pending authorization comes back as JSON in a form field (a real application
    /// keeps it in its session), the user from the session or the `subject` field. A `respond`
    /// field answers the form with the application's own page; `cookie` fields become
    /// `Set-Cookie` headers of the decision.
    async fn decision(&self, _request: &Parts, form: &Form) -> Result<DecisionOutcome, SpiError> {
        self.check()?;
        if let Some(page) = own_page(form) {
            return Ok(page.into());
        }
        let pending: PendingAuthorization = match form.get("pending") {
            Some(json) => serde_json::from_str(json).map_err(SpiError::new)?,
            None => PendingAuthorization::new(form.get("ticket").unwrap_or_default()),
        };
        let user = match form.get("subject") {
            Some(subject) => Some(AuthenticatedUser::new(subject)),
            None => self.session.lock().unwrap().clone(),
        };
        let decision = Decision::new(pending, user, form.get("authorized") == Some("true"));
        Ok(cookies(form)
            .into_iter()
            .fold(decision, |decision, cookie| {
                decision.with_header(SET_COOKIE, cookie)
            })
            .into())
    }

    async fn has_consented(
        &self,
        question: &ConsentQuestion,
        _request: &Parts,
    ) -> Result<bool, SpiError> {
        self.check()?;
        self.consent_questions
            .lock()
            .unwrap()
            .push(question.clone());
        Ok(*self.consented.lock().unwrap())
    }

    async fn device_page(
        &self,
        page: DevicePage,
        _request: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        self.check()?;
        let body = match page {
            DevicePage::Input { user_code } => json!({"page": "input", "user_code": user_code}),
            DevicePage::Consent(consent) => json!({
                "page": "consent",
                "user_code": consent.user_code,
                "client_name": consent.client_name,
                "scopes": consent.scopes.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
            }),
            DevicePage::Invalid { user_code, problem } => {
                json!({"page": "invalid", "user_code": user_code, "problem": format!("{problem:?}")})
            }
            DevicePage::Completed { authorized } => {
                json!({"page": "completed", "authorized": authorized})
            }
            _ => json!({"page": "unknown"}),
        };
        Ok(AuthleteResponse::html(StatusCode::OK, body.to_string()))
    }

    /// The user from the session (none when nobody is logged in); `respond` and `cookie` fields
    /// as for [`TestApp::decision`].
    async fn device_decision(
        &self,
        _request: &Parts,
        form: &Form,
    ) -> Result<DecisionOutcome<DeviceDecision>, SpiError> {
        self.check()?;
        if let Some(page) = own_page(form) {
            return Ok(page.into());
        }
        let user = self.session.lock().unwrap().clone();
        let decision = DeviceDecision::new(
            form.get("user_code").unwrap_or_default(),
            user,
            form.get("authorized") == Some("true"),
        )
        .with_claim_names(vec!["name".into()]);
        Ok(cookies(form)
            .into_iter()
            .fold(decision, |decision, cookie| {
                decision.with_header(SET_COOKIE, cookie)
            })
            .into())
    }
}

/// The application's own page when the form has a `respond` field: `409`, `X-Own-Page: yes`,
/// the field's text as the body.
fn own_page(form: &Form) -> Option<AuthleteResponse> {
    let text = form.get("respond")?;
    Some(
        AuthleteResponse::html(StatusCode::CONFLICT, format!("<p>{text}</p>")).with_header(
            HeaderName::from_static("x-own-page"),
            HeaderValue::from_static("yes"),
        ),
    )
}

/// The `cookie` fields, as header values.
fn cookies(form: &Form) -> Vec<HeaderValue> {
    form.pairs()
        .iter()
        .filter(|(name, _)| name == "cookie")
        .map(|(_, value)| HeaderValue::from_str(value).unwrap())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers.

/// Serves `server`'s axum router on 127.0.0.1 (port 0); returns its base URL.
pub async fn serve_axum(server: &AuthorizationServer) -> String {
    let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
        .await
        .unwrap();
    let address = listener.local_addr().unwrap();
    let router = server.router();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{address}")
}

/// An HTTP client that does not follow redirects.
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A received answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    /// The answer of an endpoint, which must say `no-store` (DESIGN §3.4).
    pub async fn from(response: reqwest::Response) -> Self {
        let answer = Self::read(response).await;
        assert_eq!(
            answer.header("cache-control"),
            Some("no-store"),
            "{answer:?}"
        );
        assert_eq!(answer.header("pragma"), Some("no-cache"), "{answer:?}");
        answer
    }

    /// The answer as it came, whatever its caching headers (discovery and JWKS are cacheable).
    pub async fn read(response: reqwest::Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await.unwrap();
        Self {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }

    pub fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// The generic 500 answer, with no backend or application detail.
    pub fn assert_server_error(&self) {
        assert_eq!(self.status, 500, "{self:?}");
        assert!(
            self.content_type().starts_with("application/json"),
            "{self:?}"
        );
        assert_eq!(self.json(), json!({"error": "server_error"}));
        assert!(!self.body.contains("secret-detail"));
    }
}

/// A GET of an endpoint. Every answer says `no-store`, except a discovery document or JWK Set
/// served from the metadata cache (`public, max-age=…`, see tests/it/metadata_cache.rs).
pub async fn get(url: &str) -> Answer {
    let response = http().get(url).send().await.unwrap();
    let path = response.url().path().to_owned();
    let document = path.starts_with("/.well-known/") || path.ends_with("/jwks");
    if !document {
        return Answer::from(response).await;
    }
    let answer = Answer::read(response).await;
    let cache_control = answer.header("cache-control").unwrap_or_default();
    if answer.status == 200 && cache_control.starts_with("public, max-age=") {
        assert_eq!(answer.header("pragma"), None, "{answer:?}");
    } else {
        // A failure, or a server whose metadata cache is off.
        assert_eq!(cache_control, "no-store", "{answer:?}");
        assert_eq!(answer.header("pragma"), Some("no-cache"), "{answer:?}");
    }
    answer
}

/// A GET whose answer may be cacheable (discovery, JWKS).
pub async fn get_document(url: &str) -> Answer {
    Answer::read(http().get(url).send().await.unwrap()).await
}

pub async fn post_form(url: &str, form: &str) -> Answer {
    Answer::from(
        http()
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(form.to_owned())
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Form-urlencodes pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}
