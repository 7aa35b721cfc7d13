//! The example authorization server: the library's endpoint handlers plus what only an
//! application knows — its users, its session, its login/consent page — and a mock client
//! redirection page.
//!
//! Routes: everything [`AuthorizationServer::router`] mounts (`/api/authorization`,
//! `/api/authorization/decision`, `/api/token`, `/api/introspection`, `/api/revocation`,
//! `/api/userinfo`, `/api/jwks`, `/api/par`, `/api/device/*`, `/api/register`,
//! `/api/backchannel/authentication`, `/.well-known/*`), `/api/mock/redirection` (GET and POST)
//! showing what a client received, and `/api/ciba/device`, the CIBA user's "device"
//! ([`ciba`]). The decision
//! endpoints' CSRF check and login live in [`InteractionSpi::decision`] and
//! [`InteractionSpi::device_decision`], which answer with the login page again when the password
//! is wrong. Pressing Authorize records the user's consent ([`Consents`]); the consent page
//! marks the scopes already granted, and `prompt=none` issues only what was granted before.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authlete_tower::dto::Prompt;
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, ClientSecretCredentials, ConsentQuestion, Decision,
    DecisionOutcome, DeviceCodeProblem, DeviceDecision, DevicePage, Form, InitialAccessTokens,
    InteractionSpi, OpenRegistration, PasswordAttempt, Paths, PendingAuthorization, SpiError,
    UserSpi, client_address,
};
use authlete_tower::{AuthleteApi, AuthleteResponse, AuthorizationServer};
use axum::Router;
use axum::extract::{Request, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use http::header::{CACHE_CONTROL, RETRY_AFTER, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::Session;

use super::ciba::{self, Devices};
use super::consents::{Consents, Requested};
use super::native_sso::NativeSessions;
use super::pages::{ConsentPage, Pages, ScopeView};
use super::session::{
    self, FormSeal, LoggedIn, SessionQuota, USER_KEY, browser_secret, new_browser_secret,
    random_token,
};
use super::throttle::{LoginThrottle, ThrottleConfig};
use super::users::UserStore;

/// The mock client's redirection endpoint (the demo clients' redirect URI).
pub const MOCK_REDIRECTION_PATH: &str = "/api/mock/redirection";
/// The default Basic credentials resource servers use at `/api/introspection`.
pub const DEFAULT_INTROSPECTION_ID: &str = "resource-server";
/// See [`DEFAULT_INTROSPECTION_ID`].
pub const DEFAULT_INTROSPECTION_SECRET: &str = "resource-secret";
/// The largest form the mock redirection page reads.
const MAX_FORM: usize = 16 * 1024;

/// What the page shows when the password is wrong.
pub const WRONG_CREDENTIALS: &str = "The login ID or the password is wrong.";

/// The introspection endpoint's Basic credentials: `INTROSPECTION_CLIENT_ID` and
/// `INTROSPECTION_CLIENT_SECRET`, by default `resource-server` / `resource-secret`.
pub fn introspection_credentials_from_env() -> (String, String) {
    let read = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.into());
    (
        read("INTROSPECTION_CLIENT_ID", DEFAULT_INTROSPECTION_ID),
        read("INTROSPECTION_CLIENT_SECRET", DEFAULT_INTROSPECTION_SECRET),
    )
}

/// Who may register clients at `/api/register` (RFC 7591 §3): with `OPEN_REGISTRATION=true`
/// anyone; with `INITIAL_ACCESS_TOKENS` (comma separated) the requests presenting one of them as
/// `Authorization: Bearer`; without either, nobody.
pub fn registration_from_env(server: AuthorizationServer) -> AuthorizationServer {
    let open = std::env::var("OPEN_REGISTRATION")
        .is_ok_and(|value| matches!(value.as_str(), "true" | "1" | "yes"));
    if open {
        return server.with_registration_authorizer(OpenRegistration);
    }
    match std::env::var("INITIAL_ACCESS_TOKENS") {
        Ok(tokens) => server.with_registration_authorizer(InitialAccessTokens::new(
            tokens.split(',').map(str::trim),
        )),
        Err(_) => server,
    }
}

/// What a consent form decides: an authorization request, or a device's user code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Grant {
    /// An authorization request (`/api/authorization`), decided at `/api/authorization/decision`.
    Authorization(PendingAuthorization),
    /// A device flow user code, decided at `/api/device/complete`.
    Device {
        /// The user code the user entered.
        user_code: String,
        /// The claims to put in the ID token.
        claim_names: Vec<String>,
    },
}

impl Grant {
    /// What the form's CSRF token is bound to: the ticket, or the user code.
    fn id(&self) -> &str {
        match self {
            Grant::Authorization(pending) => &pending.ticket,
            Grant::Device { user_code, .. } => user_code,
        }
    }
}

/// A request waiting for the user, sealed into its own consent form (see [`FormSeal`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Pending {
    /// What the library needs back.
    pub grant: Grant,
    /// The page as first shown (to show again after a wrong password).
    pub page: ConsentPage,
    /// `prompt=login`: a fresh login is required.
    pub prompt_login: bool,
    /// `max_age` in seconds, when asked.
    pub max_age: Option<i64>,
    /// The subject the request requires, if any.
    pub required_subject: Option<String>,
    /// When the page was rendered (seconds since the epoch); the form expires after
    /// [`FORM_LIFETIME`].
    pub issued_at: i64,
    /// What Authorize grants, to record as the user's consent (authorization requests only).
    pub requested: Option<Requested>,
}

/// How long a consent form can be submitted (the backend's tickets live about as long).
pub const FORM_LIFETIME: Duration = Duration::from_secs(10 * 60);

impl Pending {
    /// Whether `login` may be used for this request without asking for the password.
    fn accepts(&self, login: &LoggedIn) -> bool {
        login.reusable(
            self.prompt_login,
            self.max_age,
            self.required_subject.as_deref(),
            unix_now(),
        )
    }
}

/// What the authorization server's application side can be tuned with.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// How many login sessions are kept, in total and per client address.
    pub sessions: session::Settings,
    /// Failed-login throttling.
    pub throttle: ThrottleConfig,
}

/// The application side of the authorization server: users, sessions and pages. Cheap to clone.
#[derive(Clone)]
pub struct App {
    users: Arc<UserStore>,
    seal: FormSeal,
    quota: SessionQuota,
    throttle: LoginThrottle,
    consents: Consents,
    /// The login sessions Native SSO apps share, by `sid`.
    native_sessions: NativeSessions,
    pages: Arc<Pages>,
    /// Where the library serves its endpoints (the forms' targets).
    paths: Arc<Paths>,
}

impl Default for App {
    fn default() -> Self {
        Self::new(&Settings::default())
    }
}

/// A decision form that passed the checks: what it decides and who decides it.
struct Checked {
    grant: Grant,
    /// A fresh login (which satisfies `prompt=login` and `max_age`), or a remembered one that
    /// satisfies them already.
    user: Option<LoggedIn>,
    /// What Authorize grants (see [`Pending::requested`]).
    requested: Option<Requested>,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}

/// The tower-sessions session of the request (the session layer puts it there).
fn session_of(request: &Parts) -> Result<&Session, SpiError> {
    request
        .extensions
        .get::<Session>()
        .ok_or_else(|| SpiError::new("the session layer is missing"))
}

async fn logged_in(request: &Parts) -> Result<Option<LoggedIn>, SpiError> {
    session_of(request)?
        .get::<LoggedIn>(USER_KEY)
        .await
        .map_err(SpiError::new)
}

impl App {
    /// The demo users, the built-in pages, and `settings`.
    pub fn new(settings: &Settings) -> Self {
        App {
            users: Arc::new(UserStore::demo()),
            seal: FormSeal::random(),
            quota: SessionQuota::new(settings.sessions.max_sessions_per_address, 100_000),
            throttle: LoginThrottle::new(settings.throttle.clone()),
            consents: Consents::new(),
            native_sessions: NativeSessions::new(settings.sessions.max_sessions),
            pages: Arc::new(Pages::new()),
            paths: Arc::new(Paths::default()),
        }
    }

    fn authenticated(&self, login: &LoggedIn) -> AuthenticatedUser {
        let seconds = u64::try_from(login.auth_time).unwrap_or_default();
        AuthenticatedUser::new(login.subject.clone())
            .authenticated_at(UNIX_EPOCH + Duration::from_secs(seconds))
            .with_session_id(login.sid.clone())
    }

    /// An HTML page with the security headers.
    fn html(&self, status: StatusCode, html: String) -> AuthleteResponse {
        let mut answer = AuthleteResponse::html(status, html);
        for (name, value) in self.pages.security_headers() {
            answer = answer.with_header(name, value);
        }
        answer
    }

    /// Renders the consent page of `pending`, with `pending` sealed into it for this browser
    /// (given one first when it has none).
    async fn show_consent(
        &self,
        request: &Parts,
        mut pending: Pending,
    ) -> Result<AuthleteResponse, SpiError> {
        let (browser, set_cookie) = match browser_secret(&request.headers) {
            Some(browser) => (browser, None),
            None => {
                let (browser, cookie) = new_browser_secret();
                (browser, Some(cookie))
            }
        };
        pending.issued_at = unix_now();
        let login = logged_in(request)
            .await?
            .filter(|login| pending.accepts(login));
        let granted_scopes = match (&login, &pending.requested) {
            (Some(login), Some(requested)) => self
                .consents
                .granted_scopes(&login.subject, requested.client_id),
            _ => Vec::new(),
        };
        let logged_in_as = login
            .and_then(|login| self.users.by_subject(&login.subject))
            .map(|user| user.name().to_owned());
        let page = ConsentPage {
            csrf_token: self.seal.csrf_token(&browser, pending.grant.id()),
            request: self.seal.seal(&browser, &pending),
            logged_in_as,
            granted_scopes,
            ..pending.page
        };
        let html = self.pages.consent(&page).map_err(SpiError::new)?;
        let mut answer = self.html(StatusCode::OK, html);
        if let Some(cookie) = set_cookie {
            answer = answer.with_header(SET_COOKIE, cookie);
        }
        Ok(answer)
    }

    /// The consent page of `pending` again, with `error` (and `login_id` typed).
    fn consent_again(
        &self,
        status: StatusCode,
        pending: Pending,
        form: &Form,
        error: String,
        login_id: &str,
    ) -> Result<AuthleteResponse, SpiError> {
        let login_id = if pending.page.login_id_locked {
            pending.page.login_id.clone()
        } else {
            Some(login_id.to_owned())
        };
        let html = self
            .pages
            .consent(&ConsentPage {
                error: Some(error),
                login_id,
                csrf_token: form.get("csrf_token").unwrap_or_default().to_owned(),
                request: form.get("request").unwrap_or_default().to_owned(),
                ..pending.page
            })
            .map_err(SpiError::new)?;
        Ok(self.html(status, html))
    }

    /// Checks a posted decision form for a pending request of the given kind (`device` or not):
    /// the request sealed into it for this browser, its CSRF token, its age, and — when the user
    /// authorizes and the request needs it — the login typed into the form (throttled), renewing
    /// the session ID at login. `Err` is the page to answer instead: no request is pending, the
    /// form is forged, or the login is wrong (the consent page again, with the error). The
    /// backend's ticket, used once, makes a second post of a decided form fail.
    async fn check_decision(
        &self,
        request: &Parts,
        form: &Form,
        device: bool,
    ) -> Result<Result<Checked, AuthleteResponse>, SpiError> {
        let no_request = || {
            self.message_page(
                StatusCode::BAD_REQUEST,
                "No authorization request",
                "No authorization request is waiting for a decision in this browser (it was \
                 decided already, or it expired). Start again from the application.",
            )
            .map(Err)
        };
        let Some(browser) = browser_secret(&request.headers) else {
            return no_request();
        };
        let sealed = form.get("request").unwrap_or_default();
        let Some(pending) = self.seal.open::<Pending>(&browser, sealed) else {
            return no_request();
        };
        let age = unix_now() - pending.issued_at;
        if matches!(pending.grant, Grant::Device { .. }) != device
            || !(0..=FORM_LIFETIME.as_secs() as i64).contains(&age)
        {
            return no_request();
        }
        let csrf = form.get("csrf_token").unwrap_or_default();
        if !self.seal.csrf_matches(&browser, pending.grant.id(), csrf) {
            return self
                .message_page(
                    StatusCode::FORBIDDEN,
                    "Form rejected",
                    "The form did not come from this server's page (CSRF token mismatch). Start \
                     again from the application.",
                )
                .map(Err);
        }

        let session = session_of(request)?;
        let mut user = logged_in(request)
            .await?
            .filter(|login| pending.accepts(login));
        let typed = form.get("loginId").filter(|login_id| !login_id.is_empty());
        if authorized(form) && (typed.is_some() || user.is_none()) {
            let login_id = typed.unwrap_or_default();
            let address = client_address(request).map(|address| address.ip());
            if let Err(retry_after) = self.throttle.check(login_id, address).await {
                let error = format!(
                    "Too many failed logins. Try again in {} seconds.",
                    retry_after.as_secs().max(1)
                );
                let page = self.consent_again(
                    StatusCode::TOO_MANY_REQUESTS,
                    pending,
                    form,
                    error,
                    login_id,
                )?;
                let retry = HeaderValue::from(retry_after.as_secs().max(1));
                return Ok(Err(page.with_header(RETRY_AFTER, retry)));
            }
            let password = form.get("password").unwrap_or_default();
            let found = self.users.authenticate(login_id, password);
            if found.is_none() {
                self.throttle.failed(login_id, address, "login form").await;
            }
            let error = match (found, &pending.required_subject) {
                (None, _) => Some(WRONG_CREDENTIALS.to_owned()),
                (Some(found), Some(required)) if found.subject != *required => Some(format!(
                    "This request is for another account: log in as {}.",
                    pending.page.login_id.as_deref().unwrap_or(required)
                )),
                (Some(_), _) => None,
            };
            let Some(found) = found.filter(|_| error.is_none()) else {
                // Show the page again; the request stays pending.
                let error = error.unwrap_or_default();
                return self
                    .consent_again(StatusCode::OK, pending, form, error, login_id)
                    .map(Err);
            };
            self.throttle.succeeded(login_id).await;
            if session.id().is_none()
                && let Some(address) = address
                && !self.quota.admit(address).await
            {
                return self
                    .message_page(
                        StatusCode::TOO_MANY_REQUESTS,
                        "Too many sessions",
                        "Too many browsers logged in from your network address. Try again \
                         later.",
                    )
                    .map(Err);
            }
            let login = LoggedIn {
                subject: found.subject.to_owned(),
                auth_time: unix_now(),
                sid: random_token(),
            };
            self.native_sessions
                .record(&login.sid, &login.subject)
                .await;
            // A new session ID at login, so that an ID planted before it is worthless after it.
            session.cycle_id().await.map_err(SpiError::new)?;
            session
                .insert(USER_KEY, &login)
                .await
                .map_err(SpiError::new)?;
            user = Some(login);
        }
        Ok(Ok(Checked {
            grant: pending.grant,
            user,
            requested: pending.requested,
        }))
    }

    fn message_page(
        &self,
        status: StatusCode,
        title: &str,
        text: &str,
    ) -> Result<AuthleteResponse, SpiError> {
        let html = self.pages.message(title, text).map_err(SpiError::new)?;
        Ok(self.html(status, html))
    }

    /// The seal of the pending requests and CSRF tokens.
    pub(super) fn seal(&self) -> &FormSeal {
        &self.seal
    }

    /// The pages.
    pub(super) fn pages(&self) -> &Pages {
        &self.pages
    }

    /// The failed-login throttle.
    pub(super) fn throttle(&self) -> &LoginThrottle {
        &self.throttle
    }

    /// The users.
    pub(super) fn users(&self) -> Arc<UserStore> {
        self.users.clone()
    }

    /// A message page as a response, `no-store`.
    pub(super) fn message(&self, status: StatusCode, title: &str, text: &str) -> Response {
        match self.pages.message(title, text) {
            Ok(html) => no_store(status, html),
            Err(error) => page_failure(&error),
        }
    }
}

/// An HTML page that is not to be cached.
pub(super) fn no_store(status: StatusCode, html: String) -> Response {
    (status, [(CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

fn page_failure(error: &minijinja::Error) -> Response {
    tracing::error!(%error, "a page did not render");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        "The page could not be rendered.",
    )
        .into_response()
}

impl UserSpi for App {
    /// The resource owner password grant, unthrottled; the library calls
    /// [`UserSpi::authenticate_password`], which throttles.
    async fn authenticate(
        &self,
        username: &str,
        password: &str,
    ) -> Result<Option<String>, SpiError> {
        Ok(self
            .users
            .authenticate(username, password)
            .map(|user| user.subject.to_owned()))
    }

    /// The password grant, throttled per account and per client address like the login form:
    /// while locked, every password is refused (`invalid_grant`) without being checked.
    async fn authenticate_password(
        &self,
        attempt: &PasswordAttempt<'_>,
    ) -> Result<Option<String>, SpiError> {
        let address = attempt.client_address().map(|address| address.ip());
        if self
            .throttle
            .check(attempt.username, address)
            .await
            .is_err()
        {
            tracing::warn!(login_id = attempt.username, client = ?address, "password grant refused while throttled");
            return Ok(None);
        }
        let subject = self
            .authenticate(attempt.username, attempt.password)
            .await?;
        match &subject {
            Some(_) => self.throttle.succeeded(attempt.username).await,
            None => {
                self.throttle
                    .failed(attempt.username, address, "password grant")
                    .await
            }
        }
        Ok(subject)
    }

    /// Claims for ID tokens and UserInfo. The users have no localized claims (`name#ja`).
    async fn claim(
        &self,
        subject: &str,
        name: &str,
        language_tag: Option<&str>,
    ) -> Result<Option<Value>, SpiError> {
        if language_tag.is_some() {
            return Ok(None);
        }
        Ok(self
            .users
            .by_subject(subject)
            .and_then(|user| user.claim(name)))
    }
}

impl InteractionSpi for App {
    async fn current_user(&self, request: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
        let login = logged_in(request).await?;
        Ok(login.map(|login| self.authenticated(&login)))
    }

    async fn authorization_page(
        &self,
        page: AuthorizationPage,
        request: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        let max_age = page.max_age.filter(|age| *age > 0);
        let client_id = page
            .pending
            .client_id
            .map(|id| id.to_string())
            .unwrap_or_default();
        let (login_id, login_id_locked) = match &page.required_subject {
            Some(subject) => (
                Some(
                    self.users
                        .by_subject(subject)
                        .map_or_else(|| subject.clone(), |user| user.login_id.to_owned()),
                ),
                true,
            ),
            None => (page.login_hint.clone(), false),
        };
        let view = ConsentPage {
            client_name: page
                .client_name
                .clone()
                .unwrap_or_else(|| client_id.clone()),
            client_id,
            scopes: page
                .scopes
                .iter()
                .map(|scope| ScopeView {
                    name: scope.name.clone(),
                    description: scope.description.clone(),
                })
                .collect(),
            purpose: page.response.purpose.clone(),
            login_id,
            login_id_locked,
            action: self.paths.decision.clone(),
            ..ConsentPage::default()
        };
        let requested = page.pending.client_id.map(|client_id| {
            Requested::new(
                client_id,
                page.scopes.iter().map(|scope| scope.name.clone()),
                page.requested_claims.iter().cloned(),
            )
        });
        let pending = Pending {
            grant: Grant::Authorization(page.pending),
            page: view.clone(),
            prompt_login: page.prompts.contains(&Prompt::Login),
            max_age,
            required_subject: page.required_subject,
            issued_at: 0,
            requested,
        };
        self.show_consent(request, pending).await
    }

    /// `prompt=none`: yes when the user granted this client every scope and claim before.
    async fn has_consented(
        &self,
        question: &ConsentQuestion,
        _request: &Parts,
    ) -> Result<bool, SpiError> {
        let Some(client_id) = question.client_id else {
            return Ok(false);
        };
        let requested = Requested::new(client_id, &question.scopes, &question.claims);
        Ok(self.consents.covers(&question.user.subject, &requested))
    }

    /// Checks the session, the CSRF token and the login typed into the form (answering with the
    /// page again when it is wrong), then lets the library issue or deny (recording the consent).
    async fn decision(&self, request: &Parts, form: &Form) -> Result<DecisionOutcome, SpiError> {
        let checked = match self.check_decision(request, form, false).await? {
            Ok(checked) => checked,
            Err(page) => return Ok(page.into()),
        };
        let Grant::Authorization(authorization) = checked.grant else {
            return Err(SpiError::new("the pending request is a device's"));
        };
        // Authorize by a logged-in user is their consent: remember it for prompt=none.
        if let (true, Some(login), Some(requested)) =
            (authorized(form), &checked.user, &checked.requested)
        {
            self.consents.record(&login.subject, requested);
        }
        let decision = Decision::new(
            authorization,
            checked.user.map(|login| self.authenticated(&login)),
            authorized(form),
        );
        Ok(decision.into())
    }

    async fn device_page(
        &self,
        page: DevicePage,
        request: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        match page {
            DevicePage::Input { user_code } => {
                let html = self
                    .pages
                    .device_input(&self.paths.device_verification, user_code.as_deref())
                    .map_err(SpiError::new)?;
                Ok(self.html(StatusCode::OK, html))
            }
            DevicePage::Consent(consent) => {
                let client_id = consent
                    .response
                    .client_id
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                let view = ConsentPage {
                    client_name: consent
                        .client_name
                        .clone()
                        .unwrap_or_else(|| client_id.clone()),
                    client_id,
                    scopes: consent
                        .scopes
                        .iter()
                        .map(|scope| ScopeView {
                            name: scope.name.clone(),
                            description: scope.description.clone(),
                        })
                        .collect(),
                    action: self.paths.device_complete.clone(),
                    ..ConsentPage::default()
                };
                let pending = Pending {
                    grant: Grant::Device {
                        user_code: consent.user_code,
                        claim_names: consent.claim_names,
                    },
                    page: view,
                    prompt_login: false,
                    max_age: None,
                    required_subject: None,
                    issued_at: 0,
                    requested: None,
                };
                self.show_consent(request, pending).await
            }
            DevicePage::Invalid { problem, .. } => {
                let text = match problem {
                    DeviceCodeProblem::Expired => {
                        "The code has expired. Ask the device for a new one."
                    }
                    DeviceCodeProblem::NotExist => {
                        "There is no such code. Check what the device shows."
                    }
                    _ => "The code cannot be used.",
                };
                self.message_page(StatusCode::BAD_REQUEST, "Code not usable", text)
            }
            DevicePage::Completed { authorized: true } => self.message_page(
                StatusCode::OK,
                "Device connected",
                "The device is authorized. You can return to it.",
            ),
            DevicePage::Completed { authorized: false } => self.message_page(
                StatusCode::OK,
                "Access denied",
                "The device was not authorized.",
            ),
            _ => self.message_page(
                StatusCode::BAD_REQUEST,
                "Device flow",
                "This step of the device flow is not supported.",
            ),
        }
    }

    /// As [`InteractionSpi::decision`], for the device flow; a denial needs no login.
    async fn device_decision(
        &self,
        request: &Parts,
        form: &Form,
    ) -> Result<DecisionOutcome<DeviceDecision>, SpiError> {
        let checked = match self.check_decision(request, form, true).await? {
            Ok(checked) => checked,
            Err(page) => return Ok(page.into()),
        };
        let Grant::Device {
            user_code,
            claim_names,
        } = checked.grant
        else {
            return Err(SpiError::new("the pending request is not a device's"));
        };
        let user = checked.user.map(|login| self.authenticated(&login));
        let decision =
            DeviceDecision::new(user_code, user, authorized(form)).with_claim_names(claim_names);
        Ok(decision.into())
    }
}

/// Whether the form says Authorize (and not Deny).
fn authorized(form: &Form) -> bool {
    form.get("authorized") == Some("true") && form.get("denied").is_none()
}

/// The mock client's redirection endpoint: shows the query (GET) or form (POST, `form_post`)
/// parameters; the page's script shows the fragment's.
pub async fn mock_redirection(State(app): State<App>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let input: Bytes = if parts.method == http::Method::POST {
        match axum::body::to_bytes(body, MAX_FORM).await {
            Ok(body) => body,
            Err(error) if too_large(&error) => {
                return app.message(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Form too large",
                    "The form is larger than this page accepts.",
                );
            }
            Err(_) => {
                return app.message(
                    StatusCode::BAD_REQUEST,
                    "Form not received",
                    "The form did not arrive (in time).",
                );
            }
        }
    } else {
        Bytes::from(parts.uri.query().unwrap_or_default().to_owned())
    };
    let params: Vec<(String, String)> = form_urlencoded::parse(&input).into_owned().collect();
    match app.pages.mock_redirection(parts.method.as_str(), &params) {
        Ok(html) => no_store(StatusCode::OK, html),
        Err(error) => page_failure(&error),
    }
}

/// Whether a body failed for being larger than the limit (not for arriving too slowly).
fn too_large(error: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if cause.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = cause.source();
    }
    false
}

/// The whole authorization server: `api` answers the protocol, `introspection` are the Basic
/// credentials resource servers present at `/api/introspection`.
pub fn router(api: Arc<dyn AuthleteApi>, introspection: (String, String)) -> Router {
    router_with(api, introspection, Settings::default(), |server| server)
}

/// [`router`] with `settings`, and the [`AuthorizationServer`] passed through `configure` first
/// (e.g. to add an [`AuthorizationServer::on_token_revoked`] hook). Every answer gets the pages'
/// security headers where it has none of its own ([`Pages::security_headers`]), and the
/// login session layer ([`session::layer`]) wraps everything.
pub fn router_with(
    api: Arc<dyn AuthleteApi>,
    introspection: (String, String),
    settings: Settings,
    configure: impl FnOnce(AuthorizationServer) -> AuthorizationServer,
) -> Router {
    let app = App::new(&settings);
    let headers = app.pages.security_headers();
    let devices = Devices::new(app.users());
    let server = configure(registration_from_env(
        AuthorizationServer::new(api, app.clone())
            .with_introspection_authenticator(ClientSecretCredentials::new(
                introspection.0,
                introspection.1,
            ))
            .with_backchannel(devices.clone())
            .with_native_sso(app.native_sessions.clone()),
    ));
    let router = Router::new()
        .route(
            MOCK_REDIRECTION_PATH,
            get(mock_redirection).post(mock_redirection),
        )
        .with_state(app.clone())
        .merge(ciba::routes(app, server.clone(), devices))
        .merge(server.router());
    let router = headers.into_iter().fold(router, |router, (name, value)| {
        router.layer(SetResponseHeaderLayer::if_not_present(name, value))
    });
    router.layer(session::layer(session::memory_store(
        settings.sessions.max_sessions,
    )))
}
