//! CIBA in the demo: [`Devices`] is the application's [`BackchannelSpi`] (users found by
//! `login_hint` = login ID or by an ID token hint's `sub`), and `/api/ciba/device` is a page
//! that plays the user's authentication device: it lists the requests waiting, each with its
//! client, its binding message and its scopes, and approves (with the user's password) or denies
//! them through [`AuthorizationServer::complete_backchannel`]. The forms are bound to the browser
//! and CSRF-protected like the consent page's; every page gets the demo's security headers.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authlete_local::ClientConfig;
use authlete_tower::AuthorizationServer;
use authlete_tower::handler::{
    AuthenticatedUser, BackchannelAuthentication, BackchannelCompletion, BackchannelSpi, Form,
    HintKind, SpiError, UserHint, UserLookup, client_address,
};
use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use http::StatusCode;
use http::header::SET_COOKIE;
use serde::Serialize;

use super::authorization_server::{App, no_store};
use super::session::{browser_secret, new_browser_secret, random_token};
use super::users::UserStore;

/// The device page.
pub const DEVICE_PATH: &str = "/api/ciba/device";
/// The demo's CIBA client (poll mode).
pub const CIBA_CLIENT_ID: i64 = 2600;
/// Its secret.
pub const CIBA_CLIENT_SECRET: &str = "ciba-secret";
/// How many requests wait at most; the oldest is dropped beyond.
const MAX_PENDING: usize = 100;
/// The largest form the device page reads.
const MAX_FORM: usize = 4 * 1024;

/// The demo's CIBA client: confidential, poll mode, refresh tokens.
pub fn ciba_client() -> ClientConfig {
    ClientConfig::confidential(CIBA_CLIENT_ID, CIBA_CLIENT_SECRET, "Demo CIBA Client")
        .grant_types(["refresh_token"])
        .ciba("poll", None)
}

struct Waiting {
    /// The page's identifier of the request (not Authlete's ticket).
    id: String,
    request: BackchannelAuthentication,
    until: Instant,
}

/// The requests waiting for their user. Cheap to clone.
#[derive(Clone)]
pub struct Devices {
    users: Arc<UserStore>,
    waiting: Arc<Mutex<VecDeque<Waiting>>>,
}

impl Devices {
    /// No request waiting; users from `users`.
    pub fn new(users: Arc<UserStore>) -> Self {
        Self {
            users,
            waiting: Arc::new(Mutex::new(VecDeque::new())),
        }
    }

    fn take(&self, id: &str) -> Option<(BackchannelAuthentication, Instant)> {
        let mut waiting = self.waiting.lock().expect("not poisoned");
        let now = Instant::now();
        waiting.retain(|entry| entry.until > now);
        let index = waiting.iter().position(|entry| entry.id == id)?;
        waiting
            .remove(index)
            .map(|entry| (entry.request, entry.until))
    }

    fn put_back(&self, id: String, request: BackchannelAuthentication, until: Instant) {
        self.waiting
            .lock()
            .expect("not poisoned")
            .push_front(Waiting { id, request, until });
    }
}

impl BackchannelSpi for Devices {
    async fn find_user(&self, hint: &UserHint<'_>) -> Result<UserLookup, SpiError> {
        let user = match hint.kind {
            HintKind::LoginHint => self.users.by_login_id(hint.value),
            HintKind::IdTokenHint => hint.sub.and_then(|sub| self.users.by_subject(sub)),
            _ => None,
        };
        Ok(match user {
            Some(user) => UserLookup::Found(user.subject.to_owned()),
            None => UserLookup::Unknown,
        })
    }

    async fn start_authentication(
        &self,
        request: BackchannelAuthentication,
    ) -> Result<(), SpiError> {
        let lifetime = Duration::from_secs(request.expires_in.unwrap_or(600).max(1) as u64);
        let mut waiting = self.waiting.lock().expect("not poisoned");
        let now = Instant::now();
        waiting.retain(|entry| entry.until > now);
        if waiting.len() >= MAX_PENDING {
            waiting.pop_front();
        }
        waiting.push_back(Waiting {
            id: random_token(),
            request,
            until: now + lifetime,
        });
        Ok(())
    }
}

/// One waiting request, as the page shows it.
#[derive(Debug, Serialize)]
pub struct RequestView {
    /// The form's request identifier.
    pub id: String,
    /// Who the request is for.
    pub login_id: String,
    /// The client's name.
    pub client_name: String,
    /// The binding message, to compare with what the client shows.
    pub binding_message: Option<String>,
    /// The requested scopes.
    pub scopes: Vec<String>,
    /// This form's CSRF token (bound to the request and the browser).
    pub csrf_token: String,
}

#[derive(Clone)]
struct DeviceState {
    app: App,
    server: AuthorizationServer,
    devices: Devices,
}

/// The device page's routes, for the authorization server's router.
pub fn routes(app: App, server: AuthorizationServer, devices: Devices) -> Router {
    Router::new()
        .route(DEVICE_PATH, get(show).post(decide))
        .with_state(DeviceState {
            app,
            server,
            devices,
        })
}

async fn show(State(state): State<DeviceState>, request: Request) -> Response {
    let (browser, cookie) = match browser_secret(request.headers()) {
        Some(browser) => (browser, None),
        None => {
            let (browser, cookie) = new_browser_secret();
            (browser, Some(cookie))
        }
    };
    let requests: Vec<RequestView> = {
        let mut waiting = state.devices.waiting.lock().expect("not poisoned");
        let now = Instant::now();
        waiting.retain(|entry| entry.until > now);
        waiting
            .iter()
            .map(|entry| RequestView {
                id: entry.id.clone(),
                login_id: state
                    .devices
                    .users
                    .by_subject(&entry.request.subject)
                    .map_or_else(
                        || entry.request.subject.clone(),
                        |user| user.login_id.to_owned(),
                    ),
                client_name: entry
                    .request
                    .client_name
                    .clone()
                    .unwrap_or_else(|| "A client".into()),
                binding_message: entry.request.binding_message.clone(),
                scopes: entry.request.scopes.clone(),
                csrf_token: state.app.seal().csrf_token(&browser, &entry.id),
            })
            .collect()
    };
    let mut answer = match state.app.pages().ciba_device(DEVICE_PATH, &requests) {
        Ok(html) => no_store(StatusCode::OK, html),
        Err(error) => {
            tracing::error!(%error, "the device page did not render");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if let Some(cookie) = cookie {
        answer.headers_mut().append(SET_COOKIE, cookie);
    }
    answer
}

async fn decide(State(state): State<DeviceState>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let message = |status, title: &str, text: &str| state.app.message(status, title, text);
    let Ok(body) = axum::body::to_bytes(body, MAX_FORM).await else {
        return message(
            StatusCode::BAD_REQUEST,
            "Form not received",
            "The form did not arrive, or it is too large.",
        );
    };
    let form = Form::parse(&body);
    let id = form.get("id").unwrap_or_default();
    let csrf = form.get("csrf_token").unwrap_or_default();
    let genuine = browser_secret(&parts.headers)
        .is_some_and(|browser| state.app.seal().csrf_matches(&browser, id, csrf));
    if !genuine {
        return message(
            StatusCode::FORBIDDEN,
            "Form rejected",
            "The form did not come from this device page (CSRF token mismatch).",
        );
    }
    let Some((request, until)) = state.devices.take(id) else {
        return message(
            StatusCode::BAD_REQUEST,
            "No such request",
            "The request was decided already, or it expired.",
        );
    };
    let completion = if form.get("decision") == Some("approve") {
        let Some(user) = state.devices.users.by_subject(&request.subject) else {
            return message(StatusCode::BAD_REQUEST, "Unknown user", "The user is gone.");
        };
        let login_id = user.login_id;
        let address = client_address(&parts).map(|address| address.ip());
        let throttle = state.app.throttle();
        let password = form.get("password").unwrap_or_default();
        if throttle.check(login_id, address).await.is_err() {
            state.devices.put_back(id.to_owned(), request, until);
            return message(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many failed logins",
                "Try again later.",
            );
        }
        if !user.password_matches(password) {
            throttle.failed(login_id, address, "CIBA device page").await;
            state.devices.put_back(id.to_owned(), request, until);
            return message(
                StatusCode::OK,
                "Wrong password",
                "The password is wrong; the request is still waiting. Go back and try again.",
            );
        }
        throttle.succeeded(login_id).await;
        BackchannelCompletion::authorized(
            request.ticket.clone(),
            AuthenticatedUser::new(request.subject.clone())
                .authenticated_at(std::time::SystemTime::now()),
        )
        .with_claim_names(request.claim_names.clone())
    } else {
        BackchannelCompletion::denied(request.ticket.clone())
    };
    let approved = form.get("decision") == Some("approve");
    match state.server.complete_backchannel(completion).await {
        Ok(_) if approved => message(
            StatusCode::OK,
            "Approved",
            "The client can fetch its tokens at the token endpoint now.",
        ),
        Ok(_) => message(
            StatusCode::OK,
            "Denied",
            "The client is told access_denied.",
        ),
        Err(_) => message(
            StatusCode::BAD_GATEWAY,
            "Not completed",
            "The request could not be completed (it may have expired).",
        ),
    }
}
