//! The service provider interface: the small traits through which the endpoint handlers ask the
//! application what only it knows.
//!
//! | trait | asked by | required |
//! |---|---|---|
//! | [`UserSpi`] | password grant, claims for ID tokens and UserInfo, `sub`/ACR/properties/scopes at issue | every method has a default |
//! | [`InteractionSpi`] | authorization (who is logged in, the login/consent page, whether the user already consented for `prompt=none`), decision, device verification | `current_user`, `authorization_page`, `decision`; `has_consented` defaults to no |
//! | [`GrantSpi`] | token exchange (RFC 8693) and JWT bearer (RFC 7523) grants | optional; declined grants answer `unsupported_grant_type` |
//! | [`IntrospectionAuthenticator`] | the RFC 7662 introspection endpoint | without one, the endpoint refuses every caller |
//!
//! ```
//! use authlete_tower::handler::{SpiError, UserSpi};
//! use serde_json::{Value, json};
//!
//! struct Users;
//!
//! impl UserSpi for Users {
//!     async fn authenticate(&self, username: &str, password: &str) -> Result<Option<String>, SpiError> {
//!         // Look the user up and check the password hash in constant time.
//!         Ok((username == "alice" && password == "wonderland").then(|| "1001".to_owned()))
//!     }
//!
//!     async fn claim(&self, subject: &str, name: &str, language_tag: Option<&str>) -> Result<Option<Value>, SpiError> {
//!         Ok(match (subject, name, language_tag) {
//!             ("1001", "name", Some("ja")) => Some(json!("アリス")),
//!             ("1001", "name", _) => Some(json!("Alice")),
//!             _ => None,
//!         })
//!     }
//! }
//! ```
//!
//! The methods are plain `async fn`s in the implementation, but the traits require their futures
//! to be `Send` (the handlers run on multi-threaded servers), and the compiler checks it: holding
//! an `Rc` across an `.await` does not compile.
//!
//! ```compile_fail
//! use std::rc::Rc;
//! use authlete_tower::handler::{SpiError, UserSpi};
//!
//! struct Users;
//!
//! impl UserSpi for Users {
//!     async fn authenticate(&self, username: &str, _: &str) -> Result<Option<String>, SpiError> {
//!         let not_send = Rc::new(username.to_owned());
//!         std::future::ready(()).await;
//!         Ok(Some(not_send.to_string()))
//!     }
//! }
//! ```

use std::time::SystemTime;

use http::request::Parts;
use serde_json::Value;
use subtle::ConstantTimeEq;

use super::page::{AuthorizationPage, DecisionOutcome, DeviceDecision, DevicePage, Form};
use super::password::PasswordAttempt;
use super::response::AuthleteResponse;
use crate::dto::{AuthorizationResponse, Property, TokenResponse};

/// A failure inside the application (a database down, a template that does not render). The
/// handler logs it and answers `500 {"error":"server_error"}`; its text never reaches the client.
#[derive(Debug, thiserror::Error)]
#[error("the application failed: {source}")]
#[non_exhaustive]
pub struct SpiError {
    /// What failed.
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

impl SpiError {
    /// Wraps any error (or a message: `SpiError::new("no such template")`).
    pub fn new(source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

/// The end-user logged in to the application, as the application's session knows them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct AuthenticatedUser {
    /// The user's unique identifier (the `sub` of ID tokens unless [`IssueOptions::sub`] overrides it).
    pub subject: String,
    /// When the user authenticated (for `max_age` and the `auth_time` claim).
    pub auth_time: Option<SystemTime>,
    /// The authentication context class the authentication satisfied.
    pub acr: Option<String>,
    /// The ID of the user's authentication session, sent to `/auth/authorization/issue` as
    /// `sessionId`: the `sid` of Native SSO ID tokens (OpenID Connect Native SSO 1.0), which
    /// [`NativeSsoSpi::is_session_alive`](super::NativeSsoSpi::is_session_alive) is asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl AuthenticatedUser {
    /// A user known by `subject`, authentication time and ACR unknown.
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            auth_time: None,
            acr: None,
            session_id: None,
        }
    }

    /// Sets the ID of the authentication session (Native SSO's `sid`).
    pub fn with_session_id(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }

    /// Sets when the user authenticated.
    pub fn authenticated_at(mut self, time: SystemTime) -> Self {
        self.auth_time = Some(time);
        self
    }

    /// Sets the ACR the authentication satisfied.
    pub fn with_acr(mut self, acr: impl Into<String>) -> Self {
        self.acr = Some(acr.into());
        self
    }

    /// The authentication time in seconds since the epoch, as Authlete wants it.
    pub(crate) fn auth_time_seconds(&self) -> Option<i64> {
        let time = self.auth_time?;
        let seconds = time.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_secs();
        i64::try_from(seconds).ok()
    }
}

/// What to add when tokens are issued for a subject; every field defaults to "nothing".
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct IssueOptions {
    /// The `sub` value to put in ID tokens and UserInfo instead of the subject (pairwise identifiers).
    pub sub: Option<String>,
    /// The ACR to report when the session does not know one.
    pub acr: Option<String>,
    /// Extra properties to attach to the access token.
    pub properties: Vec<Property>,
    /// Scopes to grant instead of the requested ones.
    pub scopes: Option<Vec<String>>,
}

/// What a `prompt=none` request asks of a user who cannot be asked: has this user already granted
/// this client these scopes and these claims? See [`InteractionSpi::has_consented`].
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ConsentQuestion {
    /// The logged-in user the request would issue to.
    pub user: AuthenticatedUser,
    /// The client's numeric identifier.
    pub client_id: Option<i64>,
    /// The scopes the request asks for (those the service knows), in request order.
    pub scopes: Vec<String>,
    /// The claims the request asks for, for the ID token and UserInfo (possibly `name#tag`).
    pub claims: Vec<String>,
    /// Authlete's whole answer, for anything else (authorization details, resources, …).
    pub response: Box<AuthorizationResponse>,
}

impl ConsentQuestion {
    pub(crate) fn new(user: AuthenticatedUser, response: AuthorizationResponse) -> Self {
        let scopes = response
            .scopes
            .iter()
            .flatten()
            .filter_map(|scope| scope.name.clone())
            .collect();
        let mut claims: Vec<String> = Vec::new();
        for claim in response
            .claims
            .iter()
            .flatten()
            .chain(response.claims_at_user_info.iter().flatten())
        {
            if !claims.contains(claim) {
                claims.push(claim.clone());
            }
        }
        Self {
            user,
            client_id: response.client.as_ref().and_then(|client| client.client_id),
            scopes,
            claims,
            response: Box::new(response),
        }
    }
}

/// Who the users are: credentials, claims and what to attach when tokens are issued.
///
/// Implement it with plain `async fn`s; the futures must be `Send` (the compiler checks it).
pub trait UserSpi: Send + Sync + 'static {
    /// Checks a resource owner's credentials for the password grant (and, if the application wants,
    /// for its login form); returns the subject, or `None` when they are wrong.
    ///
    /// The default rejects every credential, which turns the password grant off.
    fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> impl Future<Output = Result<Option<String>, SpiError>> + Send {
        let _ = (username, password);
        std::future::ready(Ok(None))
    }

    /// The password grant's check. The default calls [`UserSpi::authenticate`]; override it to
    /// see the request as well — its [`PasswordAttempt::client_address`] and headers — e.g. to
    /// refuse, without checking the password, while an account or an address is throttled after
    /// failed attempts, and to record each failure (never log the password).
    fn authenticate_password(
        &self,
        attempt: &PasswordAttempt<'_>,
    ) -> impl Future<Output = Result<Option<String>, SpiError>> + Send {
        self.authenticate(attempt.username, attempt.password)
    }

    /// The value of claim `name` of `subject` in `language_tag` (e.g. `ja` for `name#ja`), or
    /// `None` when the user has none. `language_tag` is `None` for the untagged claim.
    fn claim(
        &self,
        subject: &str,
        name: &str,
        language_tag: Option<&str>,
    ) -> impl Future<Output = Result<Option<Value>, SpiError>> + Send {
        let _ = (subject, name, language_tag);
        std::future::ready(Ok(None))
    }

    /// What to attach when tokens are issued to `client_id` for `subject` (pairwise `sub`, a
    /// default ACR, token properties, a scope override).
    fn issue_options(
        &self,
        subject: &str,
        client_id: Option<i64>,
    ) -> impl Future<Output = Result<IssueOptions, SpiError>> + Send {
        let _ = (subject, client_id);
        std::future::ready(Ok(IssueOptions::default()))
    }
}

/// The application's user interface: its session, its login/consent page, its decision form and
/// its record of consents.
///
/// The library never sees the session itself. [`InteractionSpi::current_user`] reads it (e.g. a
/// signed session cookie) from the request parts; [`InteractionSpi::authorization_page`] renders
/// the page and keeps [`AuthorizationPage::pending`] (typically in that session); and
/// [`InteractionSpi::decision`] gives it back, with the user and what they chose, when the form
/// is posted to the decision endpoint. [`InteractionSpi::has_consented`] answers `prompt=none`
/// requests from the consents the application recorded at earlier decisions.
///
/// Implement it with plain `async fn`s; the futures must be `Send` (the compiler checks it).
pub trait InteractionSpi: Send + Sync + 'static {
    /// The user logged in to the application for this request, if any (used for `prompt=none`).
    fn current_user(
        &self,
        request: &Parts,
    ) -> impl Future<Output = Result<Option<AuthenticatedUser>, SpiError>> + Send;

    /// Renders the login/consent page. Keep `page.pending` for the decision.
    fn authorization_page(
        &self,
        page: AuthorizationPage,
        request: &Parts,
    ) -> impl Future<Output = Result<AuthleteResponse, SpiError>> + Send;

    /// Reads the posted decision form: the pending authorization kept by
    /// [`InteractionSpi::authorization_page`], the user (from the session or the login fields) and
    /// whether they consented — a [`Decision`](super::Decision), which converts `into()` a
    /// [`DecisionOutcome::Decide`]. Or answers the form itself with
    /// [`DecisionOutcome::Respond`] and decides nothing yet: the login form again after a wrong
    /// password, a refusal when the anti-CSRF token does not match.
    fn decision(
        &self,
        request: &Parts,
        form: &Form,
    ) -> impl Future<Output = Result<DecisionOutcome, SpiError>> + Send;

    /// Whether `question.user` has already granted `question.client_id` every scope and claim of
    /// `question` (asked for `prompt=none` requests, after the login, `max_age`, subject and ACR
    /// checks passed). Without a `true` the request ends with `consent_required` (OpenID Connect
    /// Core §3.1.2.6) and nothing is issued.
    ///
    /// Record what the user authorized in [`InteractionSpi::decision`] and answer from that
    /// record. The default says no, so `prompt=none` never issues to a client the application
    /// has not vouched for.
    fn has_consented(
        &self,
        question: &ConsentQuestion,
        request: &Parts,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send {
        let _ = (question, request);
        std::future::ready(Ok(false))
    }

    /// Renders a page of the device verification flow (RFC 8628 §3.3). The default has no pages.
    fn device_page(
        &self,
        page: DevicePage,
        request: &Parts,
    ) -> impl Future<Output = Result<AuthleteResponse, SpiError>> + Send {
        let _ = (page, request);
        std::future::ready(Err(SpiError::new(
            "InteractionSpi::device_page is not implemented",
        )))
    }

    /// Reads the posted device consent form: a [`DeviceDecision`], or a response of the
    /// application's own as for [`InteractionSpi::decision`]. The default has no device flow.
    fn device_decision(
        &self,
        request: &Parts,
        form: &Form,
    ) -> impl Future<Output = Result<DecisionOutcome<DeviceDecision>, SpiError>> + Send {
        let _ = (request, form);
        std::future::ready(Err(SpiError::new(
            "InteractionSpi::device_decision is not implemented",
        )))
    }
}

/// Extension grants. Each hook answers the token request itself, or returns `None` to decline,
/// which answers `400 {"error":"unsupported_grant_type"}`. Authlete (and the local backend) has
/// validated the request; the hook applies the application's policy and issues the token with
/// an [`ExtensionGrantIssuer`](super::ExtensionGrantIssuer) (`/auth/token/create`), whose
/// [module](super::extension_grant) shows a complete implementation.
///
/// Implement it with plain `async fn`s; the futures must be `Send` (the compiler checks it).
pub trait GrantSpi: Send + Sync + 'static {
    /// A token exchange request (RFC 8693) that Authlete validated; see `subject_token_info`,
    /// `actor_token_info`, `requested_token_type`.
    fn token_exchange(
        &self,
        request: &TokenResponse,
    ) -> impl Future<Output = Result<Option<AuthleteResponse>, SpiError>> + Send {
        let _ = request;
        std::future::ready(Ok(None))
    }

    /// A JWT bearer grant (RFC 7523) that Authlete parsed; see `assertion`.
    fn jwt_bearer(
        &self,
        request: &TokenResponse,
    ) -> impl Future<Output = Result<Option<AuthleteResponse>, SpiError>> + Send {
        let _ = request;
        std::future::ready(Ok(None))
    }
}

/// Decides who may call the introspection endpoint (RFC 7662 §2.1 requires its protection).
///
/// It sees the request head (`Authorization`, a TLS client certificate forwarded in a header or
/// put in the extensions by the server) and the parsed form body (`client_id`, `client_secret`,
/// `client_assertion`, …; empty when the body is not a form), so any client-authentication method
/// can be checked: [`ClientSecretCredentials`](super::ClientSecretCredentials) checks
/// `client_secret_basic` and `client_secret_post`; write one for `private_key_jwt` or
/// `tls_client_auth`. The form's client-authentication parameters are not passed on to Authlete.
///
/// Implement it with a plain `async fn`; the future must be `Send` (the compiler checks it).
pub trait IntrospectionAuthenticator: Send + Sync + 'static {
    /// Whether the caller of this introspection request is allowed: `head` is the request head,
    /// `form` the parsed body.
    fn authenticate(
        &self,
        head: &Parts,
        form: &Form,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send;
}

/// Any `Fn(&Parts) -> bool` is an authenticator, e.g. a check of a header set by a private
/// network's gateway: `server.with_introspection_authenticator(|parts: &Parts| ...)`. It does
/// not see the form.
impl<F> IntrospectionAuthenticator for F
where
    F: Fn(&Parts) -> bool + Send + Sync + 'static,
{
    fn authenticate(
        &self,
        head: &Parts,
        _form: &Form,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send {
        std::future::ready(Ok(self(head)))
    }
}

/// An [`IntrospectionAuthenticator`] that accepts HTTP Basic with fixed credentials (compared in
/// constant time), e.g. those of one resource server.
#[derive(Clone)]
pub struct BasicIntrospectionCredentials {
    id: String,
    secret: String,
}

impl std::fmt::Debug for BasicIntrospectionCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BasicIntrospectionCredentials")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl BasicIntrospectionCredentials {
    /// Accepts `Authorization: Basic` with `id` and `secret` (form-urlencoded as RFC 6749 §2.3.1 says).
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
        }
    }
}

impl IntrospectionAuthenticator for BasicIntrospectionCredentials {
    async fn authenticate(&self, request: &Parts, _form: &Form) -> Result<bool, SpiError> {
        let Ok(Some((id, secret))) = super::request::basic_credentials(&request.headers) else {
            return Ok(false);
        };
        let id_ok = id.as_bytes().ct_eq(self.id.as_bytes());
        let secret_ok = secret.as_bytes().ct_eq(self.secret.as_bytes());
        Ok(bool::from(id_ok & secret_ok))
    }
}
