//! The example authorization server: the library's endpoint handlers plus what only an
//! application knows — its users, its session, its login/consent page — and a mock client
//! redirection page.
//!
//! Routes: everything [`AuthorizationServer::router`] mounts (`/api/authorization`,
//! `/api/authorization/decision`, `/api/token`, `/api/introspection`, `/api/revocation`,
//! `/api/userinfo`, `/api/jwks`, `/api/par`, `/api/device/*`, `/api/register`, `/.well-known/*`)
//! and `/api/mock/redirection` (GET and POST) showing what a client received. The decision
//! endpoints' CSRF check and login live in [`InteractionSpi::decision`] and
//! [`InteractionSpi::device_decision`], which answer with the login page again when the password
//! is wrong. Pressing Authorize records the user's consent ([`Consents`]); the consent page
//! marks the scopes already granted, and `prompt=none` issues only what was granted before.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authlete_tower::dto::Prompt;
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, BasicIntrospectionCredentials, ConsentQuestion, Decision,
    DecisionOutcome, DeviceCodeProblem, DeviceDecision, DevicePage, Form, InitialAccessTokens,
    InteractionSpi, OpenRegistration, Paths, PendingAuthorization, SpiError, UserSpi,
};
use authlete_tower::{AuthleteApi, AuthleteResponse, AuthorizationServer};
use axum::Router;
use axum::extract::{Request, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use http::header::{CACHE_CONTROL, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use serde_json::Value;

use super::consents::{Consents, Requested};
use super::pages::{ConsentPage, Pages, ScopeView};
use super::session::{LoggedIn, Sessions, csrf_matches};
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
#[derive(Debug, Clone)]
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

/// A request waiting for the user, kept in the session between the page and the decision.
#[derive(Debug, Clone)]
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
    /// What Authorize grants, to record as the user's consent (authorization requests only).
    pub requested: Option<Requested>,
}

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

/// The application side of the authorization server: users, sessions and pages. Cheap to clone.
#[derive(Clone)]
pub struct App {
    users: Arc<UserStore>,
    sessions: Sessions<Pending>,
    consents: Consents,
    pages: Arc<Pages>,
    /// Where the library serves its endpoints (the forms' targets).
    paths: Arc<Paths>,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

/// A decision form that passed the checks: what it decides, who decides it, and the cookie of a
/// session renewed at login.
struct Checked {
    grant: Grant,
    /// A fresh login (which satisfies `prompt=login` and `max_age`), or a remembered one that
    /// satisfies them already.
    user: Option<LoggedIn>,
    set_cookie: Option<HeaderValue>,
    /// What Authorize grants (see [`Pending::requested`]).
    requested: Option<Requested>,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}

impl App {
    /// The demo users, no sessions, the built-in pages.
    pub fn new() -> Self {
        App {
            users: Arc::new(UserStore::demo()),
            sessions: Sessions::new(),
            consents: Consents::new(),
            pages: Arc::new(Pages::new()),
            paths: Arc::new(Paths::default()),
        }
    }

    fn authenticated(&self, login: &LoggedIn) -> AuthenticatedUser {
        let seconds = u64::try_from(login.auth_time).unwrap_or_default();
        AuthenticatedUser::new(login.subject.clone())
            .authenticated_at(UNIX_EPOCH + Duration::from_secs(seconds))
    }

    /// Keeps `pending` in the session of `handle` and renders its consent page.
    fn show_consent(
        &self,
        handle: super::session::SessionHandle,
        pending: Pending,
    ) -> Result<AuthleteResponse, SpiError> {
        let (csrf_token, login) = self
            .sessions
            .update(&handle.id, |session| {
                session.pending = Some(pending.clone());
                (session.csrf_token.clone(), session.user.clone())
            })
            .ok_or_else(|| SpiError::new("the session vanished"))?;
        let login = login.filter(|login| pending.accepts(login));
        let granted_scopes = match (&login, &pending.requested) {
            (Some(login), Some(requested)) => self
                .consents
                .granted_scopes(&login.subject, requested.client_id),
            _ => Vec::new(),
        };
        let logged_in_as = login
            .and_then(|login| self.users.by_subject(&login.subject))
            .map(|user| user.name().to_owned());
        let html = self
            .pages
            .consent(&ConsentPage {
                csrf_token,
                logged_in_as,
                granted_scopes,
                ..pending.page
            })
            .map_err(SpiError::new)?;
        let mut answer = AuthleteResponse::html(StatusCode::OK, html);
        if let Some(cookie) = handle.set_cookie {
            answer = answer.with_header(SET_COOKIE, cookie);
        }
        Ok(answer)
    }

    /// Checks a posted decision form for a pending request of the given kind (`device` or not):
    /// the session, its CSRF token, and — when the user authorizes and the request needs it — the
    /// login typed into the form, renewing the session ID at login. Takes the pending request out
    /// of the session (it is decided once). `Err` is the page to answer instead: no request is
    /// pending, the form is forged, or the login is wrong (the consent page again, with the error).
    fn check_decision(
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
                 decided already, or the session expired). Start again from the application.",
            )
            .map(Err)
        };
        let Some(mut id) = self.sessions.find(&request.headers) else {
            return no_request();
        };
        let Some(session) = self.sessions.get(&id) else {
            return no_request();
        };
        let Some(pending) = session.pending.clone() else {
            return no_request();
        };
        if matches!(pending.grant, Grant::Device { .. }) != device {
            return no_request();
        }
        if !csrf_matches(
            &session.csrf_token,
            form.get("csrf_token").unwrap_or_default(),
        ) {
            return self
                .message_page(
                    StatusCode::FORBIDDEN,
                    "Form rejected",
                    "The form did not come from this server's page (CSRF token mismatch). Start \
                     again from the application.",
                )
                .map(Err);
        }

        let mut user = session.user.clone().filter(|login| pending.accepts(login));
        let mut set_cookie = None;
        let typed = form.get("loginId").filter(|login_id| !login_id.is_empty());
        if authorized(form) && (typed.is_some() || user.is_none()) {
            let login_id = typed.unwrap_or_default();
            let password = form.get("password").unwrap_or_default();
            let found = self.users.authenticate(login_id, password);
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
                let login_id = if pending.page.login_id_locked {
                    pending.page.login_id.clone()
                } else {
                    Some(login_id.to_owned())
                };
                let html = self
                    .pages
                    .consent(&ConsentPage {
                        error,
                        login_id,
                        csrf_token: session.csrf_token,
                        ..pending.page
                    })
                    .map_err(SpiError::new)?;
                return Ok(Err(AuthleteResponse::html(StatusCode::OK, html)));
            };
            let login = LoggedIn {
                subject: found.subject.to_owned(),
                auth_time: unix_now(),
            };
            let Some(rotated) = self.sessions.rotate(&id) else {
                return no_request();
            };
            self.sessions.update(&rotated.id, |session| {
                session.user = Some(login.clone());
            });
            id = rotated.id;
            set_cookie = rotated.set_cookie;
            user = Some(login);
        }

        // Decided once: a second post of the same form finds nothing pending.
        let Some(Some(pending)) = self.sessions.update(&id, |session| session.pending.take())
        else {
            return no_request();
        };
        Ok(Ok(Checked {
            grant: pending.grant,
            user,
            set_cookie,
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
        Ok(AuthleteResponse::html(status, html))
    }

    fn message(&self, status: StatusCode, title: &str, text: &str) -> Response {
        match self.pages.message(title, text) {
            Ok(html) => no_store(status, html),
            Err(error) => page_failure(&error),
        }
    }
}

fn no_store(status: StatusCode, html: String) -> Response {
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
    /// The resource owner password grant and nothing else: the login form checks passwords in
    /// [`InteractionSpi::decision`].
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
        let Some(id) = self.sessions.find(&request.headers) else {
            return Ok(None);
        };
        let login = self.sessions.get(&id).and_then(|session| session.user);
        Ok(login.map(|login| self.authenticated(&login)))
    }

    async fn authorization_page(
        &self,
        page: AuthorizationPage,
        request: &Parts,
    ) -> Result<AuthleteResponse, SpiError> {
        let handle = self.sessions.load_or_create(&request.headers);
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
            requested,
        };
        self.show_consent(handle, pending)
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
        let checked = match self.check_decision(request, form, false)? {
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
        let mut decision = Decision::new(
            authorization,
            checked.user.map(|login| self.authenticated(&login)),
            authorized(form),
        );
        if let Some(cookie) = checked.set_cookie {
            decision = decision.with_header(SET_COOKIE, cookie);
        }
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
                Ok(AuthleteResponse::html(StatusCode::OK, html))
            }
            DevicePage::Consent(consent) => {
                let handle = self.sessions.load_or_create(&request.headers);
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
                    requested: None,
                };
                self.show_consent(handle, pending)
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
        let checked = match self.check_decision(request, form, true)? {
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
        let mut decision =
            DeviceDecision::new(user_code, user, authorized(form)).with_claim_names(claim_names);
        if let Some(cookie) = checked.set_cookie {
            decision = decision.with_header(SET_COOKIE, cookie);
        }
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
            Err(_) => {
                return app.message(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Form too large",
                    "The form is larger than this page accepts.",
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

/// The whole authorization server: `api` answers the protocol, `introspection` are the Basic
/// credentials resource servers present at `/api/introspection`.
pub fn router(api: Arc<dyn AuthleteApi>, introspection: (String, String)) -> Router {
    router_with(api, introspection, |server| server)
}

/// [`router`], with the [`AuthorizationServer`] passed through `configure` first (e.g. to add
/// an [`AuthorizationServer::on_token_revoked`] hook).
pub fn router_with(
    api: Arc<dyn AuthleteApi>,
    introspection: (String, String),
    configure: impl FnOnce(AuthorizationServer) -> AuthorizationServer,
) -> Router {
    let app = App::new();
    let server = configure(registration_from_env(
        AuthorizationServer::new(api, app.clone()).with_introspection_authenticator(
            BasicIntrospectionCredentials::new(introspection.0, introspection.1),
        ),
    ));
    Router::new()
        .route(
            MOCK_REDIRECTION_PATH,
            get(mock_redirection).post(mock_redirection),
        )
        .with_state(app)
        .merge(server.router())
}
