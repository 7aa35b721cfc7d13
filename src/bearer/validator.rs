//! [`AccessTokenValidator`]: the rules of the resource server, framework-free. The tower layer
//! and the actix-web middleware both call it; handlers may call it directly.
//!
//! ```no_run
//! use std::sync::Arc;
//! use authlete_tower::{AuthleteApi, AuthleteClient, AuthleteConfig};
//! use authlete_tower::bearer::AccessTokenValidator;
//!
//! # async fn run(request: http::Request<()>) -> Result<(), Box<dyn std::error::Error>> {
//! let api: Arc<dyn AuthleteApi> = Arc::new(AuthleteClient::new(AuthleteConfig::from_env()?)?);
//! let validator = AccessTokenValidator::new(api).realm("photos").required_scopes(["read"]);
//! let (parts, _body) = request.into_parts();
//! match validator.validate(&parts).await {
//!     Ok(info) => println!("subject: {:?}", info.subject()),
//!     Err(rejection) => println!("answer {} with {}", rejection.status(), rejection.www_authenticate()),
//! }
//! # Ok(()) }
//! ```

use std::sync::Arc;
use std::time::Duration;

use http::request::Parts;
use url::Url;

use super::audience::{self, InvalidResource};
use super::binding::{ClientCertHeader, ExternalUrl};
use super::cache::{CacheKey, IntrospectionCache};
use super::extract::{self, ExtractError, TokenOptions, TokenScheme};
use super::rejection::RejectionKind;
use super::step_up::StepUp;
use super::{AccessTokenInfo, BearerPolicy, BearerRejection, ProtectedResourceMetadata};
use crate::api::{ApiError, AuthleteApi};
use crate::dto::{IntrospectionAction, IntrospectionRequest, IntrospectionResponse};

/// The `DPoP` request header (RFC 9449 §4.1).
static DPOP: http::HeaderName = http::HeaderName::from_static("dpop");

/// The default realm of the challenges.
pub const DEFAULT_REALM: &str = "api";
/// The DPoP proof algorithms advertised by default in `DPoP` challenges (`algs`, RFC 9449 §7.1):
/// the asymmetric ones Authlete and the local backend verify.
pub const DEFAULT_DPOP_ALGS: [&str; 4] = ["ES256", "PS256", "RS256", "EdDSA"];
/// The default limit on a form body read for its `access_token`, in bytes.
pub const DEFAULT_FORM_BODY_LIMIT: usize = 64 * 1024;

/// Validates the access token of a request through Authlete's introspection API, with a cache.
/// Cheap to clone (an `Arc` inside). Builder methods read as sentences and consume `self`.
///
/// It is also the tower layer and the actix-web middleware, under the name
/// [`AuthleteBearer`](super::AuthleteBearer): the options below are the layer's options.
#[derive(Clone)]
pub struct AccessTokenValidator {
    settings: Arc<Settings>,
}

#[derive(Clone)]
struct Settings {
    api: Arc<dyn AuthleteApi>,
    realm: Arc<str>,
    /// `algs` of `DPoP` challenges, space separated.
    dpop_algs: Arc<str>,
    scopes: Vec<String>,
    subject: Option<String>,
    /// The resource identifiers of this API (RFC 8707), sent as `resources` to introspection.
    resources: Vec<String>,
    /// The ACR values and maximum authentication age (RFC 9470), sent as `acrValues`/`maxAge`.
    step_up: StepUp,
    token_options: TokenOptions,
    allow_form: bool,
    form_body_limit: usize,
    allow_anonymous: bool,
    external_url: ExternalUrl,
    client_cert: Option<ClientCertHeader>,
    policy: Option<Arc<dyn BearerPolicy>>,
    cache: IntrospectionCache,
    /// The cache's policy digest for requests without a client certificate.
    policy_digest: [u8; 32],
    /// The RFC 9728 document, whose URL every 401 and 403 challenge names.
    metadata: Option<Arc<ProtectedResourceMetadata>>,
    /// `metadata`'s URL, computed once.
    metadata_url: Option<Arc<str>>,
    /// The local verification of JWT access tokens.
    #[cfg(feature = "jwt")]
    jwt: Option<Arc<super::jwt::LocalJwt>>,
}

impl std::fmt::Debug for AccessTokenValidator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.settings;
        f.debug_struct("AccessTokenValidator")
            .field("realm", &s.realm)
            .field("required_scopes", &s.scopes)
            .field("required_subject", &s.subject)
            .field("resources", &s.resources)
            .field("required_acr_values", &s.step_up.acr_values)
            .field("max_authentication_age", &s.step_up.max_age)
            .field("allow_form_token", &s.allow_form)
            .field("allow_query_token", &s.token_options.allow_query)
            .field("allow_anonymous", &s.allow_anonymous)
            .field("external_url", &s.external_url)
            .field("client_certificate_header", &s.client_cert)
            .field("policy", &s.policy.is_some())
            .field("cache", &s.cache)
            .field("resource_metadata", &s.metadata_url)
            .field("verifies_jwt_locally", &self.verifies_jwt_locally())
            .finish()
    }
}

impl AccessTokenValidator {
    /// A validator that asks `api` (any [`AuthleteApi`], e.g. an `AuthleteClient` or an
    /// `Arc<dyn AuthleteApi>`), with realm `"api"`, no required scope or subject, only the
    /// `Authorization` header, and a cache of its own with the defaults of
    /// [`IntrospectionCache::builder`] (60 s, 100 000 entries, the system clock); see
    /// [`with_cache`](Self::with_cache) and [`without_cache`](Self::without_cache).
    pub fn new(api: impl IntoApi) -> Self {
        AccessTokenValidator {
            settings: Arc::new(Settings {
                api: api.into_api(),
                realm: Arc::from(DEFAULT_REALM),
                dpop_algs: Arc::from(DEFAULT_DPOP_ALGS.join(" ")),
                scopes: Vec::new(),
                subject: None,
                resources: Vec::new(),
                step_up: StepUp::default(),
                token_options: TokenOptions::default(),
                allow_form: false,
                form_body_limit: DEFAULT_FORM_BODY_LIMIT,
                allow_anonymous: false,
                external_url: ExternalUrl::default(),
                client_cert: None,
                policy: None,
                cache: IntrospectionCache::default(),
                policy_digest: CacheKey::policy(&[], None, &[], &[], None, None),
                metadata: None,
                metadata_url: None,
                #[cfg(feature = "jwt")]
                jwt: None,
            }),
        }
    }

    fn edit(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        let settings = Arc::make_mut(&mut self.settings);
        change(settings);
        settings.policy_digest = settings.policy(None);
        self
    }

    /// The `realm` of every challenge (default `"api"`); added to Authlete's challenges that lack one.
    pub fn realm(self, realm: impl Into<String>) -> Self {
        let realm: String = realm.into();
        self.edit(|s| s.realm = Arc::from(realm))
    }

    /// The DPoP proof algorithms named in the `algs` of `DPoP` challenges (default
    /// [`DEFAULT_DPOP_ALGS`]); list what the authorization server accepts.
    pub fn dpop_signing_algs<I, S>(self, algs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let algs: Vec<String> = algs.into_iter().map(Into::into).collect();
        self.edit(|s| s.dpop_algs = Arc::from(algs.join(" ")))
    }

    /// Scopes the token must cover; Authlete answers 403 `insufficient_scope` otherwise.
    pub fn required_scopes<I, S>(self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let scopes = scopes.into_iter().map(Into::into).collect();
        self.edit(|s| s.scopes = scopes)
    }

    /// The subject the token must belong to.
    pub fn required_subject(self, subject: impl Into<String>) -> Self {
        let subject = subject.into();
        self.edit(|s| s.subject = Some(subject))
    }

    /// A resource identifier of this API (RFC 8707 §2: an absolute URI without a fragment, e.g.
    /// `https://api.example.com/mcp`); call it once per identifier. Each is sent as `resources`
    /// to introspection, and a token whose resources (its audience) do not include every one
    /// of them is refused with 401 `invalid_token` (RFC 6750 §3.1), whatever Authlete answered.
    ///
    /// # Panics
    ///
    /// When `resource` is not an absolute URI or has a fragment, like
    /// [`http::HeaderName::from_static`]: a literal in the code is a programming error found at
    /// start-up. For an identifier read from configuration, use
    /// [`try_resource`](Self::try_resource).
    pub fn resource(self, resource: impl Into<String>) -> Self {
        let resource = resource.into();
        match self.try_resource(resource.as_str()) {
            Ok(validator) => validator,
            Err(error) => panic!("AccessTokenValidator::resource({resource:?}): {error}"),
        }
    }

    /// [`resource`](Self::resource) for an identifier that may be unusable (read from
    /// configuration): an error instead of a panic.
    pub fn try_resource(self, resource: impl Into<String>) -> Result<Self, InvalidResource> {
        let resource = resource.into();
        audience::check(&resource)?;
        Ok(self.edit(|s| {
            if !s.resources.contains(&resource) {
                s.resources.push(resource);
            }
        }))
    }

    /// The resource identifiers this layer serves: those set with [`resource`](Self::resource),
    /// and the `resource` of its [protected resource metadata](Self::protected_resource_metadata).
    pub fn resources(&self) -> &[String] {
        &self.settings.resources
    }

    /// ACR values one of which the user authentication behind the token must satisfy (RFC 9470),
    /// in order of preference; sent as `acrValues` to introspection. A token that does not
    /// satisfy them is refused with 401 `insufficient_user_authentication` and
    /// `acr_values="…"` in the challenge, so the client can ask for a new authentication.
    pub fn required_acr_values<I, S>(self, acr_values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let acr_values = acr_values.into_iter().map(Into::into).collect();
        self.edit(|s| s.step_up.acr_values = acr_values)
    }

    /// The longest time since the user authenticated (RFC 9470), in whole seconds (at least 1);
    /// sent as `maxAge` to introspection and checked again on every request by the cache's
    /// clock, so a cached answer never lets a request through after `auth_time + max_age`.
    /// Refused with 401 `insufficient_user_authentication` and `max_age=…` in the challenge.
    pub fn max_authentication_age(self, age: Duration) -> Self {
        self.edit(|s| s.step_up.max_age = Some(StepUp::seconds(age)))
    }

    /// Verifies JWT access tokens (RFC 9068) of `verifier`'s issuer here, without calling
    /// Authlete per request; other tokens are introspected as before. The handler gets the same
    /// [`AccessTokenInfo`] either way. A locally verified JWT is **not checked against
    /// revocation** until it expires, unless
    /// [`introspect_after_verification`](super::JwtVerifier::introspect_after_verification) is
    /// set. See [`jwt`](super::jwt) for the rules.
    #[cfg(feature = "jwt")]
    #[cfg_attr(docsrs, doc(cfg(feature = "jwt")))]
    pub fn verify_jwt_locally(self, verifier: super::JwtVerifier) -> Self {
        let local = Arc::new(verifier.build(self.settings.api.clone()));
        self.edit(|s| s.jwt = Some(local))
    }

    /// Accepts the `access_token` form parameter of a `POST` with
    /// `application/x-www-form-urlencoded` (RFC 6750 §2.2). Off by default.
    pub fn allow_form_token(self) -> Self {
        self.edit(|s| s.allow_form = true)
    }

    /// Accepts the `access_token` query parameter (RFC 6750 §2.3; it ends up in logs, so it is
    /// off by default).
    pub fn allow_query_token(self) -> Self {
        self.edit(|s| s.token_options.allow_query = true)
    }

    /// Lets requests without any credentials through without an [`AccessTokenInfo`] (for
    /// `Option<BearerToken>` handlers). Invalid credentials are still refused.
    pub fn allow_anonymous(self) -> Self {
        self.edit(|s| s.allow_anonymous = true)
    }

    /// The longest token accepted, in bytes (default 4096).
    pub fn max_token_length(self, bytes: usize) -> Self {
        self.edit(|s| s.token_options.max_token_length = bytes)
    }

    /// The largest form body read for a form token (default 64 KiB); larger ones get 413.
    pub fn form_body_limit(self, bytes: usize) -> Self {
        self.edit(|s| s.form_body_limit = bytes)
    }

    /// The external base URL of this server, from which the DPoP `htu` is rebuilt.
    pub fn external_url(self, base: Url) -> Self {
        self.edit(|s| s.external_url = ExternalUrl::Fixed(base))
    }

    /// Rebuilds the DPoP `htu` from `Forwarded` / `X-Forwarded-*`; only behind a proxy that sets
    /// (and overwrites) them.
    pub fn trust_forwarded_headers(self) -> Self {
        self.edit(|s| s.external_url = ExternalUrl::TrustForwardedHeaders)
    }

    /// Reads the client certificate of mTLS-bound tokens from a header a TLS-ending proxy sets.
    pub fn client_certificate_header(self, header: ClientCertHeader) -> Self {
        self.edit(|s| s.client_cert = Some(header))
    }

    /// A decision of the application's own, made after Authlete accepted the token.
    pub fn policy(self, policy: impl BearerPolicy) -> Self {
        let policy: Arc<dyn BearerPolicy> = Arc::new(policy);
        self.edit(|s| s.policy = Some(policy))
    }

    /// Uses `cache`, e.g. one shared by several layers and the revocation endpoint. Its maximum
    /// age, size and clock are set on its own builder ([`IntrospectionCache::builder`]); the
    /// validator has no cache settings of its own, so no other option replaces `cache`, whatever
    /// the order of the calls.
    ///
    /// ```
    /// use std::time::Duration;
    /// use authlete_tower::bearer::{AccessTokenValidator, IntrospectionCache};
    /// # fn run(api: std::sync::Arc<dyn authlete_tower::AuthleteApi>) {
    /// let shared = IntrospectionCache::builder()
    ///     .max_age(Duration::from_secs(30))
    ///     .max_entries(10_000)
    ///     .build();
    /// let photos = AccessTokenValidator::new(api.clone()).with_cache(shared.clone()).realm("photos");
    /// let albums = AccessTokenValidator::new(api).realm("albums").with_cache(shared.clone());
    /// shared.evict("a-revoked-token"); // reaches both
    /// # }
    /// ```
    ///
    /// Cache settings on the validator do not exist, so they cannot undo a shared cache:
    ///
    /// ```compile_fail
    /// # use std::time::Duration;
    /// # use authlete_tower::bearer::{AccessTokenValidator, IntrospectionCache};
    /// # fn run(api: std::sync::Arc<dyn authlete_tower::AuthleteApi>) {
    /// let validator = AccessTokenValidator::new(api)
    ///     .with_cache(IntrospectionCache::default())
    ///     .cache_max_age(Duration::from_secs(30));
    /// # }
    /// ```
    pub fn with_cache(self, cache: IntrospectionCache) -> Self {
        self.edit(|s| s.cache = cache)
    }

    /// Turns caching off: every request is introspected (short for
    /// `with_cache(IntrospectionCache::disabled())`).
    pub fn without_cache(self) -> Self {
        self.with_cache(IntrospectionCache::disabled())
    }

    /// The cache, to evict revoked tokens.
    pub fn cache(&self) -> IntrospectionCache {
        self.settings.cache.clone()
    }

    /// Publishes `metadata` (RFC 9728): every 401 and 403 challenge of the layer names its URL
    /// in `resource_metadata="…"` (§5.1), and [`resource_metadata`](Self::resource_metadata)
    /// gives the document to serve, completed with the layer's settings.
    ///
    /// The document's `resource` becomes one of the layer's [`resources`](Self::resources)
    /// (the metadata builder checked it), so the identifier the document advertises is always
    /// one the layer demands of a token's audience.
    pub fn protected_resource_metadata(self, metadata: ProtectedResourceMetadata) -> Self {
        let url: Arc<str> = Arc::from(metadata.metadata_url());
        let resource = metadata.resource().to_owned();
        let metadata = Arc::new(metadata);
        self.edit(|s| {
            s.metadata = Some(metadata);
            s.metadata_url = Some(url);
            if !s.resources.contains(&resource) {
                s.resources.push(resource);
            }
        })
    }

    /// The configured RFC 9728 document, completed from the layer
    /// ([`ProtectedResourceMetadata::from_layer`]), to serve with
    /// [`router`](ProtectedResourceMetadata::router) or
    /// [`actix_config`](ProtectedResourceMetadata::actix_config).
    pub fn resource_metadata(&self) -> Option<ProtectedResourceMetadata> {
        let metadata = self.settings.metadata.as_deref()?;
        Some(metadata.clone().from_layer(self))
    }

    /// The URL named in `resource_metadata` challenges, when a document is configured.
    pub fn resource_metadata_url(&self) -> Option<&str> {
        self.settings.metadata_url.as_deref()
    }

    pub(crate) fn allows_form_token(&self) -> bool {
        self.settings.allow_form
    }

    pub(crate) fn allows_query_token(&self) -> bool {
        self.settings.token_options.allow_query
    }

    pub(crate) fn dpop_algs(&self) -> impl Iterator<Item = &str> {
        self.settings.dpop_algs.split_whitespace()
    }

    pub(crate) fn scopes(&self) -> &[String] {
        &self.settings.scopes
    }

    /// Whether an application policy reads the request head.
    #[cfg_attr(not(feature = "actix"), allow(dead_code))]
    pub(crate) fn has_policy(&self) -> bool {
        self.settings.policy.is_some()
    }

    pub(crate) fn reads_client_certificates(&self) -> bool {
        self.settings.client_cert.is_some()
    }

    /// Completes a refusal of this layer: the realm and, on a 401 or 403, `resource_metadata`.
    pub(crate) fn finish(&self, rejection: BearerRejection) -> BearerRejection {
        rejection
            .with_realm(&self.settings.realm)
            .with_resource_metadata(self.settings.metadata_url.as_deref())
    }

    /// Whether JWT access tokens are verified locally (feature `jwt`).
    pub fn verifies_jwt_locally(&self) -> bool {
        #[cfg(feature = "jwt")]
        return self.settings.jwt.is_some();
        #[cfg(not(feature = "jwt"))]
        false
    }

    /// The configured realm.
    pub fn realm_name(&self) -> &str {
        &self.settings.realm
    }

    pub(crate) fn checked_marker(&self) -> super::info::BearerChecked {
        super::info::BearerChecked {
            realm: self.settings.realm.clone(),
            resource_metadata: self.settings.metadata_url.clone(),
        }
    }

    /// Whether requests without credentials are let through.
    pub fn allows_anonymous(&self) -> bool {
        self.settings.allow_anonymous
    }

    /// Whether this request's body should be read for a form token: form tokens are allowed and
    /// the request is a form `POST`.
    pub fn wants_form_body(&self, parts: &Parts) -> bool {
        self.settings.allow_form && extract::is_form_post(parts)
    }

    /// The largest form body read for a form token.
    pub fn form_body_limit_bytes(&self) -> usize {
        self.settings.form_body_limit
    }

    /// The answer for a form body over the limit: 413 `invalid_request`.
    pub fn body_too_large(&self) -> BearerRejection {
        self.finish(BearerRejection::payload_too_large())
    }

    /// Validates the token of a request whose body is not looked at.
    pub async fn validate(&self, parts: &Parts) -> Result<AccessTokenInfo, BearerRejection> {
        self.run(parts, None).await
    }

    /// Validates the token of a request, looking for `access_token` in its form body too (when
    /// [`allow_form_token`](Self::allow_form_token) is on and the request is a form `POST`).
    pub async fn validate_with_form_body(
        &self,
        parts: &Parts,
        body: &[u8],
    ) -> Result<AccessTokenInfo, BearerRejection> {
        self.run(parts, Some(body)).await
    }

    /// The outcome of a request whose answer is cached, decided without a future: `None` unless
    /// the token is a bearer token from the `Authorization` header (or the query) of a request
    /// without a DPoP proof or a form body to read, under no certificate header and no local
    /// JWT verification, and the cache has a fresh answer for it. Then the outcome is exactly
    /// what [`validate`](Self::validate) would answer; otherwise call that.
    pub(crate) fn validate_cached(
        &self,
        parts: &Parts,
    ) -> Option<Result<AccessTokenInfo, BearerRejection>> {
        let s = &*self.settings;
        #[cfg(feature = "jwt")]
        if s.jwt.is_some() {
            return None;
        }
        if s.client_cert.is_some()
            || self.wants_form_body(parts)
            || parts.headers.contains_key(&DPOP)
        {
            return None;
        }
        let presented = extract::extract_token(parts, None, &s.token_options).ok()??;
        if presented.scheme() != TokenScheme::Bearer {
            return None;
        }
        let key = CacheKey::with_policy(presented.token(), s.policy_digest);
        let info = s.cache.fresh(&key)?;
        Some(
            self.accept(parts, info)
                .map_err(|rejection| self.finished(rejection, Some(TokenScheme::Bearer))),
        )
    }

    async fn run(
        &self,
        parts: &Parts,
        body: Option<&[u8]>,
    ) -> Result<AccessTokenInfo, BearerRejection> {
        let mut scheme = None;
        self.check(parts, body, &mut scheme)
            .await
            .map_err(|rejection| self.finished(rejection, scheme))
    }

    /// A refusal of the request as it is sent: with the realm, the metadata URL and, for the
    /// DPoP scheme, as a DPoP challenge.
    fn finished(&self, rejection: BearerRejection, scheme: Option<TokenScheme>) -> BearerRejection {
        let rejection = self.finish(rejection);
        // RFC 9449 §7.1: a refused DPoP-scheme request, and any refusal Authlete words as a
        // DPoP challenge (a bound token used as Bearer), gets `DPoP …, algs="…"`.
        if scheme == Some(TokenScheme::DPoP) || rejection.is_dpop_challenge() {
            rejection.into_dpop(&self.settings.dpop_algs)
        } else {
            rejection
        }
    }

    async fn check(
        &self,
        parts: &Parts,
        body: Option<&[u8]>,
        scheme: &mut Option<TokenScheme>,
    ) -> Result<AccessTokenInfo, BearerRejection> {
        let s = &*self.settings;
        let form_token = match body {
            Some(body) if self.wants_form_body(parts) => {
                extract::form_access_token(body).map_err(refuse)?
            }
            _ => None,
        };
        let Some(presented) =
            extract::extract_token(parts, form_token, &s.token_options).map_err(refuse)?
        else {
            tracing::debug!(realm = %s.realm, "request without an access token");
            return Err(BearerRejection::missing_token(""));
        };
        *scheme = Some(presented.scheme());

        let mut proofs = parts.headers.get_all(&DPOP).iter();
        let proof = match (proofs.next(), proofs.next()) {
            (Some(_), Some(_)) => {
                return Err(BearerRejection::invalid_request(
                    "More than one DPoP proof.",
                ));
            }
            (Some(proof), None) => Some(
                proof
                    .to_str()
                    .map_err(|_| BearerRejection::invalid_request("The DPoP proof is malformed."))?
                    .to_owned(),
            ),
            (None, _) => None,
        };
        if presented.scheme() == TokenScheme::DPoP && proof.is_none() {
            tracing::debug!(realm = %s.realm, "DPoP scheme without a DPoP proof");
            return Err(BearerRejection::invalid_token("A DPoP proof is required."));
        }
        // RFC 9449 §7.2: a DPoP-bound token received as a bearer token MUST be refused. Authlete's
        // introspection response does not say whether a token is DPoP-bound (only
        // `certificateThumbprint` for mTLS), but Authlete refuses a bound token introspected
        // without a proof. So a proof beside the Bearer scheme is not passed on: a bound token is
        // refused with Authlete's DPoP challenge, an unbound one passes as a bearer token.
        let proof = proof.filter(|_| presented.scheme() == TokenScheme::DPoP);
        let certificate = s
            .client_cert
            .as_ref()
            .and_then(|header| header.certificate(parts));

        let sender_constrained = proof.is_some() || presented.scheme() == TokenScheme::DPoP;
        let build_request = || {
            let mut request = IntrospectionRequest::new(presented.token());
            request.scopes = (!s.scopes.is_empty()).then(|| s.scopes.clone());
            request.subject = s.subject.clone();
            request.resources = (!s.resources.is_empty()).then(|| s.resources.clone());
            request.acr_values =
                (!s.step_up.acr_values.is_empty()).then(|| s.step_up.acr_values.clone());
            request.max_age = s.step_up.max_age.and_then(|age| i64::try_from(age).ok());
            if sender_constrained {
                request.htm = Some(parts.method.as_str().to_owned());
                request.htu = Some(s.external_url.request_url(parts));
                request.dpop = proof.clone();
            }
            request.client_certificate = certificate.clone();
            request
        };

        #[cfg(feature = "jwt")]
        let local = match &s.jwt {
            Some(jwt) => {
                let htu = || s.external_url.request_url(parts);
                jwt.verify(super::jwt::JwtRequest {
                    token: presented.token(),
                    dpop_scheme: presented.scheme() == TokenScheme::DPoP,
                    proof: proof.as_deref(),
                    method: parts.method.as_str(),
                    htu: &htu,
                    certificate: certificate.as_deref(),
                    scopes: &s.scopes,
                    subject: s.subject.as_deref(),
                    resources: &s.resources,
                })
                .await?
            }
            None => None,
        };
        #[cfg(not(feature = "jwt"))]
        let local: Option<AccessTokenInfo> = None;

        let info = if let Some(info) = local {
            info
        } else if sender_constrained || !s.cache.is_enabled() {
            self.introspect(build_request()).await?
        } else {
            let policy = match &certificate {
                None => s.policy_digest,
                Some(certificate) => s.policy(Some(certificate)),
            };
            let key = CacheKey::with_policy(presented.token(), policy);
            s.cache
                .get_or_try_insert(key, || async {
                    self.introspect(build_request())
                        .await
                        .map(AccessTokenInfo::compacted)
                })
                .await
                .map_err(|shared| (*shared).clone())?
        };

        self.accept(parts, info)
    }

    /// The checks made on every request whose token Authlete (or the cache) accepted.
    fn accept(
        &self,
        parts: &Parts,
        info: AccessTokenInfo,
    ) -> Result<AccessTokenInfo, BearerRejection> {
        let s = &*self.settings;
        // RFC 9470: checked on every request, cached or not; the age grows while an entry lives.
        s.step_up
            .check(info.acr(), info.auth_time(), || s.cache.now_millis())
            .map_err(|rejection| {
                tracing::debug!(realm = %s.realm, "step-up authentication required");
                rejection.with_dpop_nonce(info.dpop_nonce().map(str::to_owned))
            })?;

        if let Some(policy) = &s.policy {
            policy.check(parts, &info).map_err(|rejection| {
                rejection.with_dpop_nonce(info.dpop_nonce().map(str::to_owned))
            })?;
        }
        Ok(info)
    }

    async fn introspect(
        &self,
        request: IntrospectionRequest,
    ) -> Result<AccessTokenInfo, BearerRejection> {
        interpret(
            self.settings.api.introspection(request).await,
            &self.settings.resources,
        )
    }
}

impl Settings {
    /// The cache's policy digest for a request with `certificate` (or none).
    fn policy(&self, certificate: Option<&str>) -> [u8; 32] {
        CacheKey::policy(
            &self.scopes,
            self.subject.as_deref(),
            &self.resources,
            &self.step_up.acr_values,
            self.step_up.max_age,
            certificate,
        )
    }
}

fn refuse(error: ExtractError) -> BearerRejection {
    tracing::debug!(%error, "malformed credentials");
    BearerRejection::invalid_request(&error.to_string())
}

/// Maps Authlete's answer (or the failure to get one) to the request's fate (DESIGN.md §3.4, §4).
/// A usable token whose resources do not cover the layer's `resources` is refused as minted
/// for another audience (RFC 8707 §2), whatever the action.
fn interpret(
    answer: Result<IntrospectionResponse, ApiError>,
    resources: &[String],
) -> Result<AccessTokenInfo, BearerRejection> {
    let response = match answer {
        Ok(response) => response,
        Err(error) if error.is_unavailable() => {
            tracing::warn!(%error, "introspection failed: Authlete unavailable");
            return Err(BearerRejection::server_error(RejectionKind::Unavailable)
                .with_retry_after(error.retry_after()));
        }
        Err(error) => {
            tracing::error!(%error, "introspection failed");
            return Err(BearerRejection::server_error(RejectionKind::ServerError));
        }
    };
    let nonce = response.dpop_nonce.clone();
    let live = response.usable || response.action == Some(IntrospectionAction::Ok);
    if !resources.is_empty()
        && live
        && !matches!(
            response.action,
            Some(IntrospectionAction::InternalServerError | IntrospectionAction::BadRequest)
        )
    {
        // `accessTokenResources` are the token's own (narrowed at the token endpoint);
        // `resources` those of the grant, when Authlete reports only those.
        let granted = response
            .access_token_resources
            .as_deref()
            .or(response.resources.as_deref())
            .unwrap_or_default();
        if !audience::covers(granted, resources) {
            tracing::debug!(
                result_code = response.result_code.as_deref().unwrap_or(""),
                "access token refused: minted for another resource"
            );
            return Err(audience::wrong_audience().with_dpop_nonce(nonce));
        }
    }
    let (kind, status, fallback) = match &response.action {
        Some(IntrospectionAction::Ok) => return Ok(AccessTokenInfo::new(response)),
        Some(IntrospectionAction::Unauthorized)
            if response
                .response_content
                .as_deref()
                .is_some_and(|content| content.contains("insufficient_user_authentication")) =>
        {
            (
                RejectionKind::InsufficientUserAuthentication,
                http::StatusCode::UNAUTHORIZED,
                BearerRejection::insufficient_user_authentication(
                    "",
                    None,
                    "The user authentication is not sufficient.",
                ),
            )
        }
        Some(IntrospectionAction::Unauthorized) => (
            RejectionKind::InvalidToken,
            http::StatusCode::UNAUTHORIZED,
            BearerRejection::invalid_token("The access token is not valid."),
        ),
        Some(IntrospectionAction::Forbidden) => (
            RejectionKind::InsufficientScope,
            http::StatusCode::FORBIDDEN,
            BearerRejection::insufficient_scope("", "The access token does not allow this."),
        ),
        Some(IntrospectionAction::BadRequest) => (
            RejectionKind::InvalidRequest,
            http::StatusCode::BAD_REQUEST,
            BearerRejection::invalid_request("The request is malformed."),
        ),
        Some(IntrospectionAction::InternalServerError) => {
            tracing::error!(
                result_code = response.result_code.as_deref().unwrap_or(""),
                "Authlete reported an internal error during introspection"
            );
            return Err(BearerRejection::server_error(RejectionKind::ServerError));
        }
        Some(IntrospectionAction::Other(action)) => {
            tracing::error!(action = %action, "unknown introspection action");
            return Err(BearerRejection::server_error(RejectionKind::ServerError));
        }
        None => {
            tracing::error!("introspection answer without an action");
            return Err(BearerRejection::server_error(RejectionKind::ServerError));
        }
    };
    tracing::debug!(
        status = status.as_u16(),
        result_code = response.result_code.as_deref().unwrap_or(""),
        "access token refused"
    );
    let rejection = match response
        .response_content
        .filter(|content| !content.trim().is_empty())
    {
        Some(challenge) => BearerRejection::new(kind, status, challenge),
        None => fallback,
    };
    Err(rejection.with_dpop_nonce(nonce))
}

/// Anything [`AccessTokenValidator::new`] and [`AuthleteBearer::new`](super::AuthleteBearer::new)
/// accept as the API: an `Arc<dyn AuthleteApi>`, an `Arc<T>` or a `T` implementing it.
pub trait IntoApi {
    /// The shared API.
    fn into_api(self) -> Arc<dyn AuthleteApi>;
}

impl<T: AuthleteApi> IntoApi for T {
    fn into_api(self) -> Arc<dyn AuthleteApi> {
        Arc::new(self)
    }
}

impl<T: AuthleteApi> IntoApi for Arc<T> {
    fn into_api(self) -> Arc<dyn AuthleteApi> {
        self
    }
}

impl IntoApi for Arc<dyn AuthleteApi> {
    fn into_api(self) -> Arc<dyn AuthleteApi> {
        self
    }
}
