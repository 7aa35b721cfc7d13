//! The example authorization server: the library's endpoint handlers plus what only an
//! application knows — its users, its session, its login/consent page — and a mock client
//! redirection page.
//!
//! Routes: everything [`AuthorizationServer::router`] mounts (`/api/authorization`, `/api/token`,
//! `/api/introspection`, `/api/revocation`, `/api/userinfo`, `/api/jwks`, `/api/par`,
//! `/api/device/*`, `/api/register`, `/.well-known/*`), with `/api/authorization/decision`
//! and `/api/device/complete` taken over by [`decision`] (CSRF check and login before the
//! library decides), and
//! `/api/mock/redirection` (GET and POST) showing what a client received.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use authlete_tower::dto::Prompt;
use authlete_tower::handler::{
    AuthenticatedUser, AuthorizationPage, BasicIntrospectionCredentials, Decision,
    DeviceCodeProblem, DeviceDecision, DevicePage, Form, InteractionSpi, PendingAuthorization,
    SpiError, UserSpi,
};
use authlete_tower::{AuthleteApi, AuthleteResponse, AuthorizationServer};
use axum::Router;
use axum::extract::{Request, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use http::StatusCode;
use http::header::{CACHE_CONTROL, SET_COOKIE};
use http::request::Parts;
use serde_json::Value;

use super::pages::{ConsentPage, Pages, ScopeView};
use super::session::{LoggedIn, Sessions, csrf_matches};
use super::users::UserStore;

/// Where the consent form posts.
pub const DECISION_PATH: &str = "/api/authorization/decision";
/// Where the device consent form posts.
pub const DEVICE_COMPLETE_PATH: &str = "/api/device/complete";
/// The device verification page (user code entry).
pub const DEVICE_VERIFICATION_PATH: &str = "/api/device/verification";
/// The mock client's redirection endpoint (the demo clients' redirect URI).
pub const MOCK_REDIRECTION_PATH: &str = "/api/mock/redirection";
/// The default Basic credentials resource servers use at `/api/introspection`.
pub const DEFAULT_INTROSPECTION_ID: &str = "resource-server";
/// See [`DEFAULT_INTROSPECTION_ID`].
pub const DEFAULT_INTROSPECTION_SECRET: &str = "resource-secret";
/// The largest decision form read.
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

/// What a consent form decides: an authorization request, or a device's user code.
#[derive(Debug, Clone)]
pub enum Grant {
    /// An authorization request (`/api/authorization`), decided at [`DECISION_PATH`].
    Authorization(PendingAuthorization),
    /// A device flow user code, decided at [`DEVICE_COMPLETE_PATH`].
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
    pages: Arc<Pages>,
}

impl Default for App {
    fn default() -> Self {
        Self::new()
    }
}

/// The session ID of a decision request, put in the request by [`decision`] (after a login it is
/// not the one in the cookie any more).
#[derive(Debug, Clone)]
struct SessionId(String);

/// The user who just typed their password in [`decision`]: a fresh login satisfies `prompt=login`
/// and `max_age`, which a remembered one may not.
#[derive(Debug, Clone)]
struct FreshLogin(LoggedIn);

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
            pages: Arc::new(Pages::new()),
        }
    }

    fn session_id(&self, parts: &Parts) -> Option<String> {
        match parts.extensions.get::<SessionId>() {
            Some(SessionId(id)) => Some(id.clone()),
            None => self.sessions.find(&parts.headers),
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
        let logged_in_as = login
            .filter(|login| pending.accepts(login))
            .and_then(|login| self.users.by_subject(&login.subject))
            .map(|user| user.name().to_owned());
        let html = self
            .pages
            .consent(&ConsentPage {
                csrf_token,
                logged_in_as,
                ..pending.page
            })
            .map_err(SpiError::new)?;
        let mut answer = AuthleteResponse::html(StatusCode::OK, html);
        if let Some(cookie) = handle.set_cookie {
            answer = answer.with_header(SET_COOKIE, cookie);
        }
        Ok(answer)
    }

    /// The pending request of the decision `request` (taken out of the session) and the user.
    fn take_pending(&self, request: &Parts) -> Result<(Pending, Option<LoggedIn>), SpiError> {
        let id = self
            .session_id(request)
            .ok_or_else(|| SpiError::new("a decision without a session"))?;
        let (pending, login) = self
            .sessions
            .update(&id, |session| {
                (session.pending.take(), session.user.clone())
            })
            .ok_or_else(|| SpiError::new("the session vanished"))?;
        let pending = pending.ok_or_else(|| SpiError::new("no request is pending"))?;
        let user = match request.extensions.get::<FreshLogin>() {
            Some(FreshLogin(fresh)) => Some(fresh.clone()),
            None => login.filter(|login| pending.accepts(login)),
        };
        Ok((pending, user))
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

    fn render(&self, page: &ConsentPage) -> Response {
        match self.pages.consent(page) {
            Ok(html) => no_store(StatusCode::OK, html),
            Err(error) => page_failure(&error),
        }
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

#[async_trait]
impl UserSpi for App {
    /// The resource owner password grant and nothing else: the login form checks passwords in
    /// [`decision`].
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

#[async_trait]
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
            action: DECISION_PATH.to_owned(),
            ..ConsentPage::default()
        };
        let pending = Pending {
            grant: Grant::Authorization(page.pending),
            page: view.clone(),
            prompt_login: page.prompts.contains(&Prompt::Login),
            max_age,
            required_subject: page.required_subject,
        };
        self.show_consent(handle, pending)
    }

    /// Reached through [`decision`], which has checked the CSRF token and logged the user in.
    async fn decision(&self, request: &Parts, form: &Form) -> Result<Decision, SpiError> {
        let (pending, user) = self.take_pending(request)?;
        let Grant::Authorization(authorization) = pending.grant else {
            return Err(SpiError::new("the pending request is a device's"));
        };
        Ok(Decision::new(
            authorization,
            user.map(|login| self.authenticated(&login)),
            authorized(form),
        ))
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
                    .device_input(DEVICE_VERIFICATION_PATH, user_code.as_deref())
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
                    action: DEVICE_COMPLETE_PATH.to_owned(),
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

    async fn device_decision(
        &self,
        request: &Parts,
        form: &Form,
    ) -> Result<DeviceDecision, SpiError> {
        let (pending, user) = self.take_pending(request)?;
        let Grant::Device {
            user_code,
            claim_names,
        } = pending.grant
        else {
            return Err(SpiError::new("the pending request is not a device's"));
        };
        // A denial needs no user; an authorization without one is refused by the library.
        let user = user.map_or_else(
            || AuthenticatedUser::new(""),
            |login| self.authenticated(&login),
        );
        Ok(DeviceDecision::new(user_code, user, authorized(form)).with_claim_names(claim_names))
    }
}

/// Whether the form says Authorize (and not Deny).
fn authorized(form: &Form) -> bool {
    form.get("authorized") == Some("true") && form.get("denied").is_none()
}

/// The decision endpoints ([`DECISION_PATH`] and [`DEVICE_COMPLETE_PATH`]), in front of the
/// library's: checks the session and its CSRF token, logs the user in when the request needs it
/// (showing the page again, and issuing nothing, when the password is wrong), then lets
/// [`AuthorizationServer::authorization_decision`] (or [`AuthorizationServer::device_complete`])
/// issue or deny.
pub async fn decision(
    State((app, server)): State<(App, AuthorizationServer)>,
    request: Request,
) -> Response {
    let device = request.uri().path() == DEVICE_COMPLETE_PATH;
    let (mut parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_FORM).await else {
        return app.message(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Form too large",
            "The form is larger than this server accepts.",
        );
    };
    let form = Form::parse(&body);
    let no_request = || {
        app.message(
            StatusCode::BAD_REQUEST,
            "No authorization request",
            "No authorization request is waiting for a decision in this browser (it was \
             decided already, or the session expired). Start again from the application.",
        )
    };
    let Some(mut id) = app.sessions.find(&parts.headers) else {
        return no_request();
    };
    let Some(session) = app.sessions.get(&id) else {
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
        return app.message(
            StatusCode::FORBIDDEN,
            "Form rejected",
            "The form did not come from this server's page (CSRF token mismatch). Start again \
             from the application.",
        );
    }

    let mut set_cookie = None;
    if authorized(&form) {
        let reusable = session
            .user
            .as_ref()
            .is_some_and(|login| pending.accepts(login));
        let typed = form.get("loginId").filter(|login_id| !login_id.is_empty());
        if typed.is_some() || !reusable {
            let login_id = typed.unwrap_or_default();
            let password = form.get("password").unwrap_or_default();
            let user = app.users.authenticate(login_id, password);
            let error = match (user, &pending.required_subject) {
                (None, _) => Some(WRONG_CREDENTIALS.to_owned()),
                (Some(user), Some(required)) if user.subject != *required => Some(format!(
                    "This request is for another account: log in as {}.",
                    pending.page.login_id.as_deref().unwrap_or(required)
                )),
                (Some(_), _) => None,
            };
            let Some(user) = user.filter(|_| error.is_none()) else {
                let login_id = if pending.page.login_id_locked {
                    pending.page.login_id.clone()
                } else {
                    Some(login_id.to_owned())
                };
                return app.render(&ConsentPage {
                    error,
                    login_id,
                    csrf_token: session.csrf_token,
                    ..pending.page
                });
            };
            let login = LoggedIn {
                subject: user.subject.to_owned(),
                auth_time: unix_now(),
            };
            let Some(rotated) = app.sessions.rotate(&id) else {
                return no_request();
            };
            app.sessions.update(&rotated.id, |session| {
                session.user = Some(login.clone());
            });
            parts.extensions.insert(FreshLogin(login));
            id = rotated.id;
            set_cookie = rotated.set_cookie;
        }
    }

    parts.extensions.insert(SessionId(id));
    let request = http::Request::from_parts(parts, body);
    let answer = if device {
        server.device_complete(request).await
    } else {
        server.authorization_decision(request).await
    };
    let mut response = answer.into_response();
    if let Some(cookie) = set_cookie {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
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
    let app = App::new();
    let server = AuthorizationServer::new(api, app.clone()).with_introspection_authenticator(
        BasicIntrospectionCredentials::new(introspection.0, introspection.1),
    );
    let library = server.router();
    Router::new()
        .route(DECISION_PATH, post(decision))
        .route(DEVICE_COMPLETE_PATH, post(decision))
        .with_state((app.clone(), server))
        .merge(
            Router::new()
                .route(
                    MOCK_REDIRECTION_PATH,
                    get(mock_redirection).post(mock_redirection),
                )
                .with_state(app),
        )
        // Every other path goes to the library's router (its own decision route is shadowed).
        .fallback_service(library)
}
