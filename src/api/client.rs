//! [`AuthleteClient`]: [`AuthleteApi`] over HTTP with reqwest.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use base64::Engine;
use http::{HeaderValue, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use tracing::Instrument;

use super::breaker::{self, Breakers};
use super::dpop::DpopSigner;
use super::error::safe_excerpt;
use super::retry::{self, Failure};
use super::{
    ApiError, ApiErrorBody, AuthleteApi, BreakerPolicy, BreakerState, Operation, RetryPolicy,
    metrics,
};
use crate::config::{ApiVersion, AuthleteConfig, ConfigError};
use crate::dto::*;

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);
const DEFAULT_MAX_RESPONSE_SIZE: usize = 4 * 1024 * 1024;

/// What a path segment may hold unencoded: RFC 3986 unreserved characters.
const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Calls Authlete's Web API over HTTP.
///
/// Cheap to clone: clones share one connection pool and one set of circuit breakers. Build one
/// per application.
///
/// Calls that only read ([`Operation::is_repeatable`]) are retried after a connection error, a
/// 429 or a 502/503/504, as the [`RetryPolicy`] says; every operation has a circuit breaker
/// ([`BreakerPolicy`]) that makes calls fail at once while Authlete is down.
///
/// ```no_run
/// use std::time::Duration;
/// use authlete_tower::api::{BreakerPolicy, RetryPolicy};
/// use authlete_tower::{AuthleteClient, AuthleteConfig};
///
/// # fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let config = AuthleteConfig::v3("https://us.authlete.com", "715948317", "service-access-token")?;
/// let client = AuthleteClient::builder(config)
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::default().max_attempts(2))
///     .circuit_breaker(BreakerPolicy::default().cool_down(Duration::from_secs(10)))
///     .build()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AuthleteClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Base URL plus `/api` or `/api/{serviceId}`, without a trailing slash.
    prefix: String,
    /// Base URL plus `/api`: the APIs without a service ID (`/misc/echo`).
    api_root: String,
    /// The URL of each operation (`prefix` + its path), parsed once: by [`Operation::index`].
    urls: Box<[reqwest::Url]>,
    authorization: HeaderValue,
    /// The `Authorization` of the service management APIs (the service owner's credentials), or
    /// why it cannot be made: the setting that is missing.
    owner_authorization: Result<HeaderValue, ConfigError>,
    api_version: ApiVersion,
    /// Signs a DPoP proof for each call when the configuration has a DPoP key.
    dpop: Option<DpopSigner>,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_size: usize,
    retry: RetryPolicy,
    breakers: Breakers,
    /// What the client was built with, for [`AuthleteClient::settings`].
    settings: super::ClientSettings,
}

impl std::fmt::Debug for AuthleteClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthleteClient")
            .field("prefix", &self.inner.prefix)
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("max_response_size", &self.inner.max_response_size)
            .field("dpop", &self.inner.dpop.is_some())
            .field("retry", &self.inner.retry)
            .field("circuit_breaker", &self.inner.breakers.policy())
            .finish_non_exhaustive()
    }
}

/// Builds an [`AuthleteClient`] with non-default timeouts, limits, retries or breakers.
#[derive(Debug)]
#[must_use]
pub struct AuthleteClientBuilder {
    config: AuthleteConfig,
    connect_timeout: Duration,
    timeout: Duration,
    max_response_size: usize,
    user_agent: String,
    retry: RetryPolicy,
    breaker: BreakerPolicy,
}

impl AuthleteClientBuilder {
    /// How long to wait for a TCP/TLS connection (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, from sending to the last byte (default 15 s). Unless the
    /// [`RetryPolicy::deadline`] says otherwise, it bounds a call with all its retries too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest answer accepted, in bytes (default 4 MiB).
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Replaces the `User-Agent` (default `authlete-tower/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How calls that only read are retried (default [`RetryPolicy::default`]; turn retries off
    /// with [`RetryPolicy::none`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// When each operation's circuit breaker opens (default [`BreakerPolicy::default`]; turn it
    /// off with [`BreakerPolicy::disabled`]).
    pub fn circuit_breaker(mut self, policy: BreakerPolicy) -> Self {
        self.breaker = policy;
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<AuthleteClient, ApiError> {
        let config = &self.config;
        let base = config.base_url().as_str().trim_end_matches('/');
        let dpop = config
            .dpop_key()
            .map(|key| DpopSigner::from_jwk(key.expose()))
            .transpose()?;
        // A DPoP-bound service access token travels with the `DPoP` scheme (RFC 9449 §7.1).
        let token_scheme = if dpop.is_some() { "DPoP" } else { "Bearer" };
        let (prefix, authorization) = match config.api_version() {
            ApiVersion::V2 => {
                let secret = config
                    .service_api_secret()
                    .ok_or_else(|| ConfigError::Missing {
                        setting: "AUTHLETE_SERVICE_APISECRET".to_owned(),
                        why: "API v2 authenticates with the service API key and secret".to_owned(),
                    })?;
                let pair = format!("{}:{}", config.service_api_key(), secret.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                (format!("{base}/api"), format!("Basic {encoded}"))
            }
            ApiVersion::V3 => {
                let token = config
                    .service_access_token()
                    .ok_or_else(|| ConfigError::Missing {
                        setting: "AUTHLETE_SERVICE_ACCESSTOKEN".to_owned(),
                        why: "API v3 authenticates with a service access token".to_owned(),
                    })?;
                let service_id =
                    percent_encoding::utf8_percent_encode(config.service_api_key(), PATH_SEGMENT);
                (
                    format!("{base}/api/{service_id}"),
                    format!("{token_scheme} {}", token.expose()),
                )
            }
        };
        // Only a v3 token can fail here: v2 credentials travel base64-encoded.
        let mut authorization =
            HeaderValue::from_str(&authorization).map_err(|_| ConfigError::Invalid {
                setting: "AUTHLETE_SERVICE_ACCESSTOKEN".to_owned(),
                reason: "the credential holds characters that cannot travel in an HTTP header \
                         (a line break or a control character?); copy it again"
                    .to_owned(),
            })?;
        authorization.set_sensitive(true);
        let owner_authorization = owner_authorization(config);
        let http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.user_agent.clone())
            .pool_idle_timeout(Duration::from_secs(60))
            .build()
            .map_err(|error| {
                ApiError::Config(ConfigError::Invalid {
                    setting: "the HTTP client".to_owned(),
                    reason: error.without_url().to_string(),
                })
            })?;
        let urls = Operation::ALL
            .iter()
            .map(|operation| {
                reqwest::Url::parse(&format!("{prefix}{}", operation.path())).map_err(|error| {
                    ConfigError::Invalid {
                        setting: "AUTHLETE_BASE_URL".to_owned(),
                        reason: format!("cannot make the API's URLs from it: {error}"),
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        let settings = super::ClientSettings {
            base_url: base.to_owned(),
            api_version: config.api_version(),
            service_id: config.service_api_key().to_owned(),
            dpop: dpop.is_some(),
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_response_size: self.max_response_size,
            user_agent: self.user_agent.clone(),
            retry: self.retry,
            circuit_breaker: self.breaker,
        };
        let client = AuthleteClient {
            inner: Arc::new(Inner {
                http,
                api_root: format!("{base}/api"),
                prefix,
                urls,
                authorization,
                owner_authorization,
                api_version: config.api_version(),
                dpop,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                max_response_size: self.max_response_size,
                retry: self.retry,
                breakers: Breakers::new(self.breaker),
                settings,
            }),
        };
        for operation in Operation::ALL {
            metrics::record_breaker(*operation, BreakerState::Closed);
        }
        Ok(client)
    }
}

impl AuthleteClient {
    /// A client with default timeouts and limits.
    pub fn new(config: AuthleteConfig) -> Result<Self, ApiError> {
        Self::builder(config).build()
    }

    /// A builder for non-default timeouts and limits.
    pub fn builder(config: AuthleteConfig) -> AuthleteClientBuilder {
        AuthleteClientBuilder {
            config,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            breaker: BreakerPolicy::default(),
        }
    }

    /// The URL prefix every API path is appended to (`…/api` or `…/api/{serviceId}`).
    pub fn api_prefix(&self) -> &str {
        &self.inner.prefix
    }

    /// What the client was built with: base URL, API version, service ID, timeouts, limits,
    /// retries and breakers (never a credential), as `getSettings()` of Authlete's Java SDK.
    /// See [`ClientSettings`](super::ClientSettings).
    pub fn settings(&self) -> &super::ClientSettings {
        &self.inner.settings
    }

    /// The state of `operation`'s circuit breaker ([`BreakerState::Closed`] when it is disabled).
    pub fn breaker_state(&self, operation: Operation) -> BreakerState {
        self.inner.breakers.state(operation)
    }

    async fn post<Req, Resp>(&self, operation: Operation, body: &Req) -> Result<Resp, ApiError>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        // Serialised straight into the buffer that becomes the body (`Bytes` takes the `Vec`).
        let mut json = Vec::with_capacity(512);
        serde_json::to_writer(&mut json, body).map_err(|error| ApiError::Backend {
            operation,
            reason: format!("cannot serialise the request: {error}"),
        })?;
        let json = bytes::Bytes::from(json);
        let url = &self.inner.urls[operation.index()];
        let request = || {
            self.inner
                .http
                .post(url.clone())
                .header(header::CONTENT_TYPE, "application/json")
                .body(json.clone())
        };
        self.call(operation, "POST", url.as_str(), request, |status, bytes| {
            parse_json(operation, status, &bytes)
        })
        .await
    }

    async fn delete(&self, operation: Operation, path: &str) -> Result<(), ApiError> {
        let url = format!("{}{}", self.inner.prefix, path);
        let request = || self.inner.http.delete(&url);
        self.call(operation, "DELETE", &url, request, |_, _| Ok(()))
            .await
    }

    async fn get<T>(
        &self,
        operation: Operation,
        path: &str,
        query: &[(&str, String)],
        parse: impl FnOnce(StatusCode, bytes::Bytes) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let url = format!("{}{}", self.inner.prefix, path);
        let request = || self.inner.http.get(&url).query(query);
        self.call(operation, "GET", &url, request, parse).await
    }

    /// One call as its caller sees it: sent (and retried) by [`send`](Self::send), its answer
    /// parsed, and measured.
    async fn call<T>(
        &self,
        operation: Operation,
        method: &'static str,
        url: &str,
        request: impl Fn() -> reqwest::RequestBuilder,
        parse: impl FnOnce(StatusCode, bytes::Bytes) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let started = Instant::now();
        let result = match self.send(operation, method, url, request).await {
            Ok((status, body)) => parse(status, body),
            Err(error) => Err(error),
        };
        metrics::record_call(operation, metrics::outcome(&result), started.elapsed());
        result
    }

    /// Sends a call, again after a failure worth retrying if the operation is repeatable, and
    /// returns a 2xx answer's status and body; anything else is an error.
    async fn send(
        &self,
        operation: Operation,
        method: &'static str,
        url: &str,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> Result<(StatusCode, bytes::Bytes), ApiError> {
        let policy = &self.inner.retry;
        let budget = policy.deadline_or(self.inner.timeout);
        let first_timeout = budget.min(self.inner.timeout);
        if !operation.is_repeatable() || policy.attempts() <= 1 {
            return self
                .attempt(operation, method, url, request(), first_timeout)
                .await
                .map_err(|failure| failure.error);
        }
        let deadline = Instant::now() + budget;
        let mut first = true;
        let attempt = || {
            let timeout = if std::mem::take(&mut first) {
                first_timeout
            } else {
                deadline
                    .saturating_duration_since(Instant::now())
                    .min(self.inner.timeout)
            };
            self.attempt(operation, method, url, request(), timeout)
        };
        retry::run(policy, operation, deadline, attempt)
            .await
            .map_err(|failure| failure.error)
    }

    /// Sends one attempt of `method` to `url` (without its query), if the operation's breaker
    /// lets it through, within `timeout`. With a DPoP key, each attempt carries a fresh proof.
    async fn attempt(
        &self,
        operation: Operation,
        method: &'static str,
        url: &str,
        mut request: reqwest::RequestBuilder,
        timeout: Duration,
    ) -> Result<(StatusCode, bytes::Bytes), Failure> {
        let owner = is_service_management(operation);
        let authorization = if owner {
            self.inner
                .owner_authorization
                .clone()
                .map_err(ApiError::Config)?
        } else {
            self.inner.authorization.clone()
        };
        // The DPoP key binds the service access token, not the service owner's credentials.
        if let Some(signer) = self.inner.dpop.as_ref().filter(|_| !owner) {
            let proof = signer
                .proof(method, url)
                .map_err(|reason| ApiError::Backend {
                    operation,
                    reason: format!("cannot sign the DPoP proof: {reason}"),
                })?;
            request = request.header("dpop", proof);
        }
        let permit = match self.inner.breakers.admit(operation) {
            Ok(permit) => permit,
            Err(retry_after) => {
                tracing::debug!(
                    api = operation.path(),
                    retry_after_ms = retry_after.as_millis() as u64,
                    "circuit breaker open: the call fails fast"
                );
                return Err(ApiError::CircuitOpen {
                    operation,
                    retry_after,
                }
                .into());
            }
        };
        let span = tracing::debug_span!(
            "authlete_api",
            api = operation.path(),
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = async {
            let response = request
                .timeout(timeout)
                .header(header::AUTHORIZATION, authorization)
                .header(header::ACCEPT, "application/json")
                .send()
                .await
                .map_err(|error| self.transport_error(operation, error, timeout))?;
            let status = response.status();
            tracing::Span::current().record("status", status.as_u16());
            // Before the body: a redirect's body is of no interest, whatever its size.
            if status.is_redirection() {
                return Err(ApiError::Redirect { operation, status }.into());
            }
            let retry_after = response
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|value| retry::parse_retry_after(value, std::time::SystemTime::now()));
            let body = self.read_body(operation, response, timeout).await?;
            if !status.is_success() {
                let parsed: Option<ApiErrorBody> = serde_json::from_slice(&body).ok();
                let (result_code, result_message) = parsed
                    .map(|body| (body.result_code, body.result_message))
                    .unwrap_or_default();
                return Err(Failure {
                    error: ApiError::Api {
                        operation,
                        status,
                        result_code,
                        result_message,
                    },
                    retry_after,
                });
            }
            Ok((status, body))
        }
        .instrument(span.clone())
        .await;
        let elapsed = started.elapsed();
        span.record("elapsed_ms", elapsed.as_millis() as u64);
        match &result {
            Ok((status, _)) => {
                permit.settle(false);
                tracing::debug!(parent: &span, status = status.as_u16(), "Authlete answered")
            }
            Err(failure) => {
                permit.settle(breaker::counts_as_failure(&failure.error));
                tracing::warn!(parent: &span, error = %failure.error, "Authlete call failed")
            }
        }
        result
    }

    async fn read_body(
        &self,
        operation: Operation,
        mut response: reqwest::Response,
        timeout: Duration,
    ) -> Result<bytes::Bytes, ApiError> {
        let limit = self.inner.max_response_size;
        let too_large = || ApiError::ResponseTooLarge { operation, limit };
        match response.content_length() {
            Some(length) if length > limit as u64 => return Err(too_large()),
            // The length is known and within the limit (hyper reads no more than it): the body
            // as hyper holds it, without a copy.
            Some(_) => {
                return response
                    .bytes()
                    .await
                    .map_err(|error| self.transport_error(operation, error, timeout));
            }
            None => {}
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|error| self.transport_error(operation, error, timeout))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    fn transport_error(
        &self,
        operation: Operation,
        error: reqwest::Error,
        timeout: Duration,
    ) -> ApiError {
        if error.is_timeout() {
            let connecting = error.is_connect();
            return ApiError::Timeout {
                operation,
                after: if connecting {
                    self.inner.connect_timeout.min(timeout)
                } else {
                    timeout
                },
            };
        }
        let mut causes = String::new();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            causes.push_str(": ");
            causes.push_str(&cause.to_string());
            source = cause.source();
        }
        let reason = format!("{}{causes}", error.without_url());
        ApiError::Transport { operation, reason }
    }
}

fn parse_json<T: DeserializeOwned>(
    operation: Operation,
    status: StatusCode,
    body: &[u8],
) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|error| ApiError::InvalidResponse {
        operation,
        status,
        reason: describe_json_error(&error),
        excerpt: safe_excerpt(body),
    })
}

/// serde_json's message without the value it quotes (which may be a token).
fn describe_json_error(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Io => "the body could not be read",
        Category::Syntax => "the body is not JSON",
        Category::Data => "the JSON does not have the expected shape",
        Category::Eof => "the body ends too early",
    };
    format!("{what} (line {}, column {})", error.line(), error.column())
}

#[async_trait]
impl AuthleteApi for AuthleteClient {
    async fn authorization(
        &self,
        request: AuthorizationRequest,
    ) -> Result<AuthorizationResponse, ApiError> {
        self.post(Operation::Authorization, &request).await
    }

    async fn authorization_issue(
        &self,
        request: AuthorizationIssueRequest,
    ) -> Result<AuthorizationIssueResponse, ApiError> {
        self.post(Operation::AuthorizationIssue, &request).await
    }

    async fn authorization_fail(
        &self,
        request: AuthorizationFailRequest,
    ) -> Result<AuthorizationFailResponse, ApiError> {
        self.post(Operation::AuthorizationFail, &request).await
    }

    async fn token(&self, request: TokenRequest) -> Result<TokenResponse, ApiError> {
        self.post(Operation::Token, &request).await
    }

    async fn token_issue(
        &self,
        request: TokenIssueRequest,
    ) -> Result<TokenIssueResponse, ApiError> {
        self.post(Operation::TokenIssue, &request).await
    }

    async fn token_fail(&self, request: TokenFailRequest) -> Result<TokenFailResponse, ApiError> {
        self.post(Operation::TokenFail, &request).await
    }

    async fn introspection(
        &self,
        request: IntrospectionRequest,
    ) -> Result<IntrospectionResponse, ApiError> {
        self.post(Operation::Introspection, &request).await
    }

    async fn standard_introspection(
        &self,
        request: StandardIntrospectionRequest,
    ) -> Result<StandardIntrospectionResponse, ApiError> {
        self.post(Operation::StandardIntrospection, &request).await
    }

    async fn revocation(&self, request: RevocationRequest) -> Result<RevocationResponse, ApiError> {
        self.post(Operation::Revocation, &request).await
    }

    async fn userinfo(&self, request: UserInfoRequest) -> Result<UserInfoResponse, ApiError> {
        self.post(Operation::UserInfo, &request).await
    }

    async fn userinfo_issue(
        &self,
        request: UserInfoIssueRequest,
    ) -> Result<UserInfoIssueResponse, ApiError> {
        self.post(Operation::UserInfoIssue, &request).await
    }

    async fn service_configuration(
        &self,
        options: ServiceConfigurationOptions,
    ) -> Result<Value, ApiError> {
        let mut query = Vec::new();
        if options.pretty {
            query.push(("pretty", "true".to_owned()));
        }
        if let Some(patch) = options.patch {
            query.push(("patch", patch));
        }
        let operation = Operation::ServiceConfiguration;
        self.get(operation, operation.path(), &query, |status, body| {
            parse_json(operation, status, &body)
        })
        .await
    }

    async fn service_jwks(&self, options: ServiceJwksOptions) -> Result<Option<Value>, ApiError> {
        let mut query = Vec::new();
        if options.pretty {
            query.push(("pretty", "true".to_owned()));
        }
        if options.include_private_keys {
            query.push(("includePrivateKeys", "true".to_owned()));
        }
        let operation = Operation::ServiceJwks;
        self.get(operation, operation.path(), &query, |status, body| {
            if status == StatusCode::NO_CONTENT || body.is_empty() {
                return Ok(None);
            }
            parse_json(operation, status, &body).map(Some)
        })
        .await
    }

    async fn pushed_authorization(
        &self,
        request: PushedAuthorizationRequest,
    ) -> Result<PushedAuthorizationResponse, ApiError> {
        self.post(Operation::PushedAuthorization, &request).await
    }

    async fn device_authorization(
        &self,
        request: DeviceAuthorizationRequest,
    ) -> Result<DeviceAuthorizationResponse, ApiError> {
        self.post(Operation::DeviceAuthorization, &request).await
    }

    async fn device_verification(
        &self,
        request: DeviceVerificationRequest,
    ) -> Result<DeviceVerificationResponse, ApiError> {
        self.post(Operation::DeviceVerification, &request).await
    }

    async fn device_complete(
        &self,
        request: DeviceCompleteRequest,
    ) -> Result<DeviceCompleteResponse, ApiError> {
        self.post(Operation::DeviceComplete, &request).await
    }

    async fn backchannel_authentication(
        &self,
        request: BackchannelAuthenticationRequest,
    ) -> Result<BackchannelAuthenticationResponse, ApiError> {
        self.post(Operation::BackchannelAuthentication, &request)
            .await
    }

    async fn backchannel_authentication_issue(
        &self,
        request: BackchannelAuthenticationIssueRequest,
    ) -> Result<BackchannelAuthenticationIssueResponse, ApiError> {
        self.post(Operation::BackchannelAuthenticationIssue, &request)
            .await
    }

    async fn backchannel_authentication_fail(
        &self,
        request: BackchannelAuthenticationFailRequest,
    ) -> Result<BackchannelAuthenticationFailResponse, ApiError> {
        self.post(Operation::BackchannelAuthenticationFail, &request)
            .await
    }

    async fn backchannel_authentication_complete(
        &self,
        request: BackchannelAuthenticationCompleteRequest,
    ) -> Result<BackchannelAuthenticationCompleteResponse, ApiError> {
        self.post(Operation::BackchannelAuthenticationComplete, &request)
            .await
    }

    async fn client_registration(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.post(Operation::ClientRegistration, &request).await
    }

    async fn client_registration_get(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.post(Operation::ClientRegistrationGet, &request).await
    }

    async fn client_registration_update(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.post(Operation::ClientRegistrationUpdate, &request)
            .await
    }

    async fn client_registration_delete(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        self.post(Operation::ClientRegistrationDelete, &request)
            .await
    }

    async fn client_get(&self, client_id: &str) -> Result<Client, ApiError> {
        let operation = Operation::ClientGet;
        let path = parameterised(operation, client_id);
        self.get(operation, &path, &[], |status, body| {
            parse_json(operation, status, &body)
        })
        .await
    }

    async fn client_create(&self, client: Client) -> Result<Client, ApiError> {
        self.post(Operation::ClientCreate, &client).await
    }

    async fn client_delete(&self, client_id: &str) -> Result<(), ApiError> {
        let path = parameterised(Operation::ClientDelete, client_id);
        self.delete(Operation::ClientDelete, &path).await
    }

    async fn client_secret_refresh(
        &self,
        client_identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        let operation = Operation::ClientSecretRefresh;
        let path = parameterised(operation, client_identifier);
        self.get(operation, &path, &[], |status, body| {
            parse_json(operation, status, &body)
        })
        .await
    }

    async fn token_create(
        &self,
        request: TokenCreateRequest,
    ) -> Result<TokenCreateResponse, ApiError> {
        self.post(Operation::TokenCreate, &request).await
    }

    async fn token_update(
        &self,
        request: TokenUpdateRequest,
    ) -> Result<TokenUpdateResponse, ApiError> {
        self.post(Operation::TokenUpdate, &request).await
    }

    async fn token_delete(&self, access_token_identifier: &str) -> Result<(), ApiError> {
        let path = parameterised(Operation::TokenDelete, access_token_identifier);
        self.delete(Operation::TokenDelete, &path).await
    }

    async fn token_revoke(
        &self,
        request: TokenRevokeRequest,
    ) -> Result<TokenRevokeResponse, ApiError> {
        self.post(Operation::TokenRevoke, &request).await
    }

    async fn token_list(
        &self,
        options: TokenListOptions,
    ) -> Result<TokenGetListResponse, ApiError> {
        let operation = Operation::TokenList;
        self.get(
            operation,
            operation.path(),
            &options.query(),
            |status, body| parse_json(operation, status, &body),
        )
        .await
    }

    async fn client_list(
        &self,
        options: ClientListOptions,
    ) -> Result<ClientGetListResponse, ApiError> {
        let operation = Operation::ClientList;
        self.get(
            operation,
            operation.path(),
            &options.query(),
            |status, body| parse_json(operation, status, &body),
        )
        .await
    }

    async fn client_update(&self, client_id: &str, client: Client) -> Result<Client, ApiError> {
        let path = parameterised(Operation::ClientUpdate, client_id);
        self.send_json(Operation::ClientUpdate, &path, &[], Some(&client))
            .await
    }

    async fn client_secret_update(
        &self,
        client_identifier: &str,
        request: ClientSecretUpdateRequest,
    ) -> Result<ClientSecretUpdateResponse, ApiError> {
        let path = parameterised(Operation::ClientSecretUpdate, client_identifier);
        self.send_json(Operation::ClientSecretUpdate, &path, &[], Some(&request))
            .await
    }

    async fn client_lock_flag_update(
        &self,
        client_identifier: &str,
        request: ClientFlagUpdateRequest,
    ) -> Result<ClientFlagUpdateResponse, ApiError> {
        let path = parameterised(Operation::ClientLockFlagUpdate, client_identifier);
        self.send_json(Operation::ClientLockFlagUpdate, &path, &[], Some(&request))
            .await
    }

    async fn client_requestable_scopes_get(
        &self,
        client_id: &str,
    ) -> Result<ClientExtensionRequestableScopesGetResponse, ApiError> {
        let path = parameterised(Operation::ClientRequestableScopesGet, client_id);
        self.send_json::<(), _>(Operation::ClientRequestableScopesGet, &path, &[], None)
            .await
    }

    async fn client_requestable_scopes_update(
        &self,
        client_id: &str,
        request: ClientExtensionRequestableScopesUpdateRequest,
    ) -> Result<ClientExtensionRequestableScopesUpdateResponse, ApiError> {
        let path = parameterised(Operation::ClientRequestableScopesUpdate, client_id);
        self.send_json(
            Operation::ClientRequestableScopesUpdate,
            &path,
            &[],
            Some(&request),
        )
        .await
    }

    async fn client_requestable_scopes_delete(&self, client_id: &str) -> Result<(), ApiError> {
        self.delete(
            Operation::ClientRequestableScopesDelete,
            &parameterised(Operation::ClientRequestableScopesDelete, client_id),
        )
        .await
    }

    async fn client_granted_scopes_get(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<GrantedScopesGetResponse, ApiError> {
        let path = parameterised(Operation::ClientGrantedScopesGet, client_id);
        let query = [("subject", subject.to_owned())];
        self.send_json::<(), _>(Operation::ClientGrantedScopesGet, &path, &query, None)
            .await
    }

    async fn client_granted_scopes_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientGrantedScopesDeleteResponse, ApiError> {
        let path = parameterised(Operation::ClientGrantedScopesDelete, client_id);
        let query = [("subject", subject.to_owned())];
        self.send_json::<(), _>(Operation::ClientGrantedScopesDelete, &path, &query, None)
            .await
    }

    async fn client_authorization_list(
        &self,
        request: ClientAuthorizationGetListRequest,
    ) -> Result<ClientAuthorizationGetListResponse, ApiError> {
        let operation = Operation::ClientAuthorizationList;
        self.send_json::<(), _>(operation, operation.path(), &request.query(), None)
            .await
    }

    async fn client_authorization_update(
        &self,
        client_id: &str,
        request: ClientAuthorizationUpdateRequest,
    ) -> Result<ClientAuthorizationUpdateResponse, ApiError> {
        let path = parameterised(Operation::ClientAuthorizationUpdate, client_id);
        self.send_json(
            Operation::ClientAuthorizationUpdate,
            &path,
            &[],
            Some(&request),
        )
        .await
    }

    async fn client_authorization_delete(
        &self,
        client_id: &str,
        subject: &str,
    ) -> Result<ClientAuthorizationDeleteResponse, ApiError> {
        let path = parameterised(Operation::ClientAuthorizationDelete, client_id);
        let query = [("subject", subject.to_owned())];
        self.send_json::<(), _>(Operation::ClientAuthorizationDelete, &path, &query, None)
            .await
    }

    async fn authorization_ticket_info(
        &self,
        request: AuthorizationTicketInfoRequest,
    ) -> Result<AuthorizationTicketInfoResponse, ApiError> {
        self.post(Operation::AuthorizationTicketInfo, &request)
            .await
    }

    async fn authorization_ticket_update(
        &self,
        request: AuthorizationTicketUpdateRequest,
    ) -> Result<AuthorizationTicketUpdateResponse, ApiError> {
        self.post(Operation::AuthorizationTicketUpdate, &request)
            .await
    }

    async fn id_token_reissue(
        &self,
        request: IdTokenReissueRequest,
    ) -> Result<IdTokenReissueResponse, ApiError> {
        self.post(Operation::IdTokenReissue, &request).await
    }

    async fn token_create_batch(
        &self,
        requests: Vec<TokenCreateRequest>,
        dry_run: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        let operation = Operation::TokenCreateBatch;
        let query = if dry_run {
            vec![("dryRun", "true".to_owned())]
        } else {
            Vec::new()
        };
        self.send_json(operation, operation.path(), &query, Some(&requests))
            .await
    }

    async fn token_create_batch_status(
        &self,
        request_id: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        let path = parameterised(Operation::TokenCreateBatchStatus, request_id);
        self.send_json::<(), _>(Operation::TokenCreateBatchStatus, &path, &[], None)
            .await
    }

    async fn echo(
        &self,
        parameters: BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, ApiError> {
        let operation = Operation::Echo;
        let url = format!("{}{}", self.inner.api_root, operation.path());
        let query: Vec<(&str, &str)> = parameters
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        let request = || self.inner.http.get(&url).query(&query);
        self.call(operation, "GET", &url, request, |status, body| {
            parse_json(operation, status, &body)
        })
        .await
    }

    async fn info(&self) -> Result<InfoResponse, ApiError> {
        let operation = Operation::Info;
        let url = format!("{}{}", self.inner.api_root, operation.path());
        let request = || self.inner.http.get(&url);
        self.call(operation, "GET", &url, request, |status, body| {
            parse_json(operation, status, &body)
        })
        .await
    }

    async fn grant_management(&self, request: GmRequest) -> Result<GmResponse, ApiError> {
        self.post(Operation::GrantManagement, &request).await
    }

    async fn native_sso(&self, request: NativeSsoRequest) -> Result<NativeSsoResponse, ApiError> {
        self.post(Operation::NativeSso, &request).await
    }

    async fn native_sso_logout(
        &self,
        request: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        self.post(Operation::NativeSsoLogout, &request).await
    }

    async fn service_get(&self, service_id: &str) -> Result<Service, ApiError> {
        let operation = Operation::ServiceGet;
        let url = self.service_url(operation, Some(service_id))?;
        self.send_json_at(operation, url, &[], None).await
    }

    async fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        let operation = Operation::ServiceGetList;
        let url = self.service_url(operation, None)?;
        let mut query = Vec::new();
        if let Some(start) = start {
            query.push(("start", start.to_string()));
        }
        if let Some(end) = end {
            query.push(("end", end.to_string()));
        }
        self.send_json_at(operation, url, &query, None).await
    }

    async fn service_create(&self, service: Service) -> Result<Service, ApiError> {
        let operation = Operation::ServiceCreate;
        let url = self.service_url(operation, None)?;
        let json = serialise(operation, &service)?;
        self.send_json_at(operation, url, &[], Some(json)).await
    }

    async fn service_update(
        &self,
        service_id: &str,
        service: Service,
    ) -> Result<Service, ApiError> {
        let operation = Operation::ServiceUpdate;
        let url = self.service_url(operation, Some(service_id))?;
        let json = serialise(operation, &service)?;
        self.send_json_at(operation, url, &[], Some(json)).await
    }

    async fn service_delete(&self, service_id: &str) -> Result<(), ApiError> {
        let operation = Operation::ServiceDelete;
        let url = self.service_url(operation, Some(service_id))?;
        let request = || self.inner.http.delete(&url);
        self.call(operation, "DELETE", &url, request, |_, _| Ok(()))
            .await
    }

    async fn backchannel_logout_token(
        &self,
        request: BackchannelLogoutTokenRequest,
    ) -> Result<BackchannelLogoutTokenResponse, ApiError> {
        self.post(Operation::BackchannelLogoutToken, &request).await
    }
}

/// The service management APIs: called with the service owner's credentials.
fn is_service_management(operation: Operation) -> bool {
    matches!(
        operation,
        Operation::ServiceGet
            | Operation::ServiceGetList
            | Operation::ServiceCreate
            | Operation::ServiceUpdate
            | Operation::ServiceDelete
    )
}

/// The `Authorization` of the service management APIs: `Basic` with the service owner's API key
/// and secret (v2), `Bearer` with the service owner's access token (v3); or the missing setting.
fn owner_authorization(config: &AuthleteConfig) -> Result<HeaderValue, ConfigError> {
    let missing = |setting: &str, why: &str| ConfigError::Missing {
        setting: setting.to_owned(),
        why: why.to_owned(),
    };
    let value = match config.api_version() {
        ApiVersion::V2 => {
            const WHY: &str = "the service management APIs of API v2 authenticate with the \
                               service owner's API key and secret";
            let key = config
                .service_owner_api_key()
                .ok_or_else(|| missing("AUTHLETE_SERVICEOWNER_APIKEY", WHY))?;
            let secret = config
                .service_owner_api_secret()
                .ok_or_else(|| missing("AUTHLETE_SERVICEOWNER_APISECRET", WHY))?;
            let pair = format!("{key}:{}", secret.expose());
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        }
        ApiVersion::V3 => {
            let token = config.service_owner_access_token().ok_or_else(|| {
                missing(
                    "AUTHLETE_SERVICEOWNER_ACCESSTOKEN",
                    "the service management APIs of API v3 authenticate with an access token \
                     that has service management rights",
                )
            })?;
            format!("Bearer {}", token.expose())
        }
    };
    let setting = match config.api_version() {
        ApiVersion::V2 => "AUTHLETE_SERVICEOWNER_APISECRET",
        ApiVersion::V3 => "AUTHLETE_SERVICEOWNER_ACCESSTOKEN",
    };
    let mut value = HeaderValue::from_str(&value).map_err(|_| ConfigError::Invalid {
        setting: setting.to_owned(),
        reason: "the credential holds characters that cannot travel in an HTTP header \
                 (a line break or a control character?); copy it again"
            .to_owned(),
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// `body` as JSON for `operation`.
fn serialise<T: Serialize>(operation: Operation, body: &T) -> Result<bytes::Bytes, ApiError> {
    serde_json::to_vec(body)
        .map(bytes::Bytes::from)
        .map_err(|error| ApiError::Backend {
            operation,
            reason: format!("cannot serialise the request: {error}"),
        })
}

impl AuthleteClient {
    /// The URL of a service management API: below `/api` for the list and create; with the
    /// service ID below `/api/{serviceId}` on v3 and as the last segment on v2 for the others.
    /// Fails, before anything is sent, when the service owner's credentials are not configured.
    fn service_url(
        &self,
        operation: Operation,
        service_id: Option<&str>,
    ) -> Result<String, ApiError> {
        if let Err(error) = &self.inner.owner_authorization {
            return Err(ApiError::Config(error.clone()));
        }
        let root = &self.inner.api_root;
        let path = operation.path();
        Ok(match service_id {
            None => format!("{root}{path}"),
            Some(id) => {
                let id = percent_encoding::utf8_percent_encode(id, PATH_SEGMENT);
                match self.inner.api_version {
                    ApiVersion::V2 => format!("{root}{path}/{id}"),
                    ApiVersion::V3 => format!("{root}/{id}{path}"),
                }
            }
        })
    }
}

/// A path parameter, percent-encoded as one segment.
/// The path of `operation` (from its [`Operation::path`] template) with its one `{…}` parameter
/// replaced by `value`, percent-encoded as a path segment.
fn parameterised(operation: Operation, value: &str) -> String {
    let template = operation.path();
    let (Some(start), Some(end)) = (template.find('{'), template.find('}')) else {
        unreachable!("{operation} has no path parameter");
    };
    let value = percent_encoding::utf8_percent_encode(value, PATH_SEGMENT);
    format!("{}{value}{}", &template[..start], &template[end + 1..])
}

impl AuthleteClient {
    /// A call of `operation` (with its method) to `path` and `query`, with a JSON `body` if
    /// given, answered with JSON: the APIs whose path carries a parameter or whose method is
    /// not `POST`.
    async fn send_json<Req, Resp>(
        &self,
        operation: Operation,
        path: &str,
        query: &[(&str, String)],
        body: Option<&Req>,
    ) -> Result<Resp, ApiError>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        let json = body
            .map(|body| {
                serde_json::to_vec(body).map_err(|error| ApiError::Backend {
                    operation,
                    reason: format!("cannot serialise the request: {error}"),
                })
            })
            .transpose()?
            .map(bytes::Bytes::from);
        let url = format!("{}{}", self.inner.prefix, path);
        self.send_json_at(operation, url, query, json).await
    }

    /// [`send_json`](Self::send_json) to a whole `url`, with the body already serialised.
    async fn send_json_at<Resp>(
        &self,
        operation: Operation,
        url: String,
        query: &[(&str, String)],
        json: Option<bytes::Bytes>,
    ) -> Result<Resp, ApiError>
    where
        Resp: DeserializeOwned,
    {
        let method = operation.method();
        let name: &'static str = match method {
            http::Method::GET => "GET",
            http::Method::PUT => "PUT",
            http::Method::DELETE => "DELETE",
            _ => "POST",
        };
        let request = || {
            let builder = self.inner.http.request(method.clone(), &url).query(query);
            match &json {
                Some(json) => builder
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(json.clone()),
                None => builder,
            }
        };
        self.call(operation, name, &url, request, |status, bytes| {
            parse_json(operation, status, &bytes)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_parameter_fills_its_segment_percent_encoded() {
        assert_eq!(
            parameterised(Operation::ClientGet, "a b/c"),
            "/client/get/a%20b%2Fc"
        );
        for operation in Operation::ALL.iter().filter(|op| op.path().contains('{')) {
            let path = parameterised(*operation, "x-1");
            assert!(!path.contains('{') && path.ends_with("/x-1"), "{path}");
        }
    }
}
