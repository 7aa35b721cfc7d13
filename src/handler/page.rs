//! What the handlers hand to the application's pages, and what the application hands back.
//!
//! The authorization endpoint gives [`InteractionSpi::authorization_page`](super::InteractionSpi::authorization_page)
//! an [`AuthorizationPage`]. The application keeps its [`PendingAuthorization`] (it is `Serialize`:
//! put it in a signed session cookie or a server-side session) and, when the consent form comes
//! back to the decision endpoint, returns it inside a [`Decision`].
//!
//! ```
//! use authlete_tower::handler::{AuthenticatedUser, Decision, PendingAuthorization};
//!
//! let pending = PendingAuthorization::new("ticket-from-the-page");
//! let kept = serde_json::to_string(&pending).unwrap(); // store it in the session
//! let back: PendingAuthorization = serde_json::from_str(&kept).unwrap();
//! let decision = Decision::new(back, Some(AuthenticatedUser::new("1001")), true);
//! assert!(decision.authorized);
//! ```

use http::{HeaderMap, HeaderName, HeaderValue};

use super::response::AuthleteResponse;
use crate::dto::{AuthorizationResponse, DeviceVerificationResponse, Display, Prompt};

/// A parsed `application/x-www-form-urlencoded` body (or query string).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Form(Vec<(String, String)>);

impl std::fmt::Debug for Form {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Values may be passwords or tokens: show the names only.
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
    }
}

impl Form {
    /// Parses a form body or query string.
    pub fn parse(input: &[u8]) -> Self {
        Self(form_urlencoded::parse(input).into_owned().collect())
    }

    /// The first value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// How many times `name` occurs.
    pub fn count(&self, name: &str) -> usize {
        self.0.iter().filter(|(key, _)| key == name).count()
    }

    /// All pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }
}

/// What an authorization request is waiting for; keep it between the page and the decision.
#[derive(Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct PendingAuthorization {
    /// Authlete's ticket for the request.
    pub ticket: String,
    /// The client's numeric identifier.
    pub client_id: Option<i64>,
    /// The claims to put in the ID token (possibly `name#tag`).
    pub claims: Vec<String>,
    /// The `claims_locales` the client asked for, in order of preference.
    pub claims_locales: Vec<String>,
    /// The ACRs the client asked for.
    pub acrs: Vec<String>,
    /// The subject the client requires, if any; the decision fails `DIFFERENT_SUBJECT` for another user.
    pub subject: Option<String>,
}

impl std::fmt::Debug for PendingAuthorization {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingAuthorization")
            .field("ticket", &"<redacted>")
            .field("client_id", &self.client_id)
            .field("claims", &self.claims)
            .field("claims_locales", &self.claims_locales)
            .field("acrs", &self.acrs)
            .field("subject", &self.subject)
            .finish()
    }
}

impl PendingAuthorization {
    /// A pending authorization known only by its ticket.
    pub fn new(ticket: impl Into<String>) -> Self {
        Self {
            ticket: ticket.into(),
            ..Self::default()
        }
    }

    pub(crate) fn from_response(response: &AuthorizationResponse) -> Self {
        Self {
            ticket: response.ticket.clone().unwrap_or_default(),
            client_id: response.client.as_ref().and_then(|client| client.client_id),
            claims: response.claims.clone().unwrap_or_default(),
            claims_locales: response.claims_locales.clone().unwrap_or_default(),
            acrs: response.acrs.clone().unwrap_or_default(),
            subject: response.subject.clone(),
        }
    }
}

/// A scope the client asked for, with its description.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ScopeInfo {
    /// The scope's name.
    pub name: String,
    /// Its description, when the service has one.
    pub description: Option<String>,
}

fn scope_infos(scopes: Option<&Vec<crate::dto::Scope>>) -> Vec<ScopeInfo> {
    scopes
        .into_iter()
        .flatten()
        .filter_map(|scope| {
            Some(ScopeInfo {
                name: scope.name.clone()?,
                description: scope.description.clone(),
            })
        })
        .collect()
}

/// Everything a login/consent page needs.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct AuthorizationPage {
    /// Keep this for the decision (see the module docs).
    pub pending: PendingAuthorization,
    /// The client's name.
    pub client_name: Option<String>,
    /// The client's description.
    pub client_description: Option<String>,
    /// The client's logo.
    pub logo_uri: Option<String>,
    /// The client's privacy policy.
    pub policy_uri: Option<String>,
    /// The client's terms of service.
    pub tos_uri: Option<String>,
    /// The scopes asked for, with descriptions.
    pub scopes: Vec<ScopeInfo>,
    /// The claims asked for (ID token and UserInfo).
    pub requested_claims: Vec<String>,
    /// `login_hint`.
    pub login_hint: Option<String>,
    /// The subject the client requires (from the `claims` request or an ID token hint).
    pub required_subject: Option<String>,
    /// `prompt` values.
    pub prompts: Vec<Prompt>,
    /// `max_age` in seconds (0 or `None` when not asked).
    pub max_age: Option<i64>,
    /// `display`.
    pub display: Option<Display>,
    /// `ui_locales`.
    pub ui_locales: Vec<String>,
    /// Authlete's whole answer, for anything else (authorization details, purpose, …).
    pub response: Box<AuthorizationResponse>,
}

impl AuthorizationPage {
    pub(crate) fn from_response(response: AuthorizationResponse) -> Self {
        let client = response.client.clone().unwrap_or_default();
        let mut requested_claims = response.claims.clone().unwrap_or_default();
        for claim in response.claims_at_user_info.iter().flatten() {
            if !requested_claims.contains(claim) {
                requested_claims.push(claim.clone());
            }
        }
        Self {
            pending: PendingAuthorization::from_response(&response),
            client_name: client.client_name.clone(),
            client_description: client.description.clone(),
            logo_uri: client.logo_uri.clone(),
            policy_uri: client.policy_uri.clone(),
            tos_uri: client.tos_uri.clone(),
            scopes: scope_infos(response.scopes.as_ref()),
            requested_claims,
            login_hint: response.login_hint.clone(),
            required_subject: response.subject.clone(),
            prompts: response.prompts.clone().unwrap_or_default(),
            max_age: response.max_age,
            display: response.display.clone(),
            ui_locales: response.ui_locales.clone().unwrap_or_default(),
            response: Box::new(response),
        }
    }
}

/// What the user decided on the consent page.
#[derive(Clone)]
#[non_exhaustive]
pub struct Decision {
    /// The pending authorization the page kept.
    pub pending: PendingAuthorization,
    /// The authenticated user, or `None` when authentication failed.
    pub user: Option<AuthenticatedUser>,
    /// Whether the user consented.
    pub authorized: bool,
    /// Headers to add to the answer, e.g. the `Set-Cookie` of a session renewed at login.
    pub headers: HeaderMap,
}

impl std::fmt::Debug for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decision")
            .field("pending", &self.pending)
            .field("user", &self.user)
            .field("authorized", &self.authorized)
            .field("headers", &HeaderNames(&self.headers))
            .finish()
    }
}

impl Decision {
    /// A decision.
    pub fn new(
        pending: PendingAuthorization,
        user: Option<AuthenticatedUser>,
        authorized: bool,
    ) -> Self {
        Self {
            pending,
            user,
            authorized,
            headers: HeaderMap::new(),
        }
    }

    /// Adds a header to the answer (appended, so several `Set-Cookie` lines are kept).
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }
}

/// Shows header names only: the values may be session cookies.
struct HeaderNames<'a>(&'a HeaderMap);

impl std::fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

/// What [`InteractionSpi::decision`](super::InteractionSpi::decision) (with `D` = [`Decision`])
/// and [`InteractionSpi::device_decision`](super::InteractionSpi::device_decision) (with `D` =
/// [`DeviceDecision`]) answer: a decision for the library to carry out, or a response of the
/// application's own, which the library sends as it is (adding `Cache-Control: no-store`) and
/// which decides nothing — the login form again after a wrong password, a refusal of a form whose
/// anti-CSRF token does not match.
///
/// ```
/// use authlete_tower::AuthleteResponse;
/// use authlete_tower::handler::{Decision, DecisionOutcome, PendingAuthorization};
/// use http::StatusCode;
///
/// let decide: DecisionOutcome = Decision::new(PendingAuthorization::new("ticket"), None, false).into();
/// assert!(matches!(decide, DecisionOutcome::Decide(_)));
/// let respond: DecisionOutcome = AuthleteResponse::html(StatusCode::OK, "<p>Wrong password</p>").into();
/// assert!(matches!(respond, DecisionOutcome::Respond(_)));
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum DecisionOutcome<D = Decision> {
    /// Carry out this decision (issue, or fail the request).
    Decide(D),
    /// Send this response and decide nothing.
    Respond(AuthleteResponse),
}

impl From<Decision> for DecisionOutcome<Decision> {
    fn from(decision: Decision) -> Self {
        Self::Decide(decision)
    }
}

impl From<DeviceDecision> for DecisionOutcome<DeviceDecision> {
    fn from(decision: DeviceDecision) -> Self {
        Self::Decide(decision)
    }
}

impl<D> From<AuthleteResponse> for DecisionOutcome<D> {
    fn from(response: AuthleteResponse) -> Self {
        Self::Respond(response)
    }
}

use super::spi::AuthenticatedUser;

/// Why a user code cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceCodeProblem {
    /// No such user code.
    NotExist,
    /// The user code expired.
    Expired,
    /// The completion request was invalid.
    InvalidRequest,
}

/// The device-flow consent page's content.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DeviceConsent {
    /// The user code the user entered.
    pub user_code: String,
    /// The client's name.
    pub client_name: Option<String>,
    /// The scopes asked for.
    pub scopes: Vec<ScopeInfo>,
    /// The claims asked for.
    pub claim_names: Vec<String>,
    /// The ACRs asked for.
    pub acrs: Vec<String>,
    /// When the user code expires (milliseconds since the epoch).
    pub expires_at: Option<i64>,
    /// Authlete's whole answer.
    pub response: Box<DeviceVerificationResponse>,
}

/// A page of the device verification flow.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum DevicePage {
    /// Ask for the user code (prefilled from `?user_code=` of `verification_uri_complete`).
    Input {
        /// The user code in the query, if any.
        user_code: Option<String>,
    },
    /// The code is valid: log the user in and ask for consent, then post to the completion endpoint.
    Consent(DeviceConsent),
    /// The code cannot be used.
    Invalid {
        /// The code.
        user_code: String,
        /// Why.
        problem: DeviceCodeProblem,
    },
    /// The flow is complete; the device will receive its tokens (or a denial).
    Completed {
        /// Whether the user authorized the device.
        authorized: bool,
    },
}

/// What the user decided on the device consent page.
#[derive(Clone)]
#[non_exhaustive]
pub struct DeviceDecision {
    /// The user code.
    pub user_code: String,
    /// The authenticated user; a denial needs none, a consent without one completes nothing and
    /// shows the user-code page again.
    pub user: Option<AuthenticatedUser>,
    /// Whether the user consented.
    pub authorized: bool,
    /// The claims to put in the ID token.
    pub claim_names: Vec<String>,
    /// Headers to add to the answer, e.g. the `Set-Cookie` of a session renewed at login.
    pub headers: HeaderMap,
}

impl std::fmt::Debug for DeviceDecision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceDecision")
            .field("user_code", &self.user_code)
            .field("user", &self.user)
            .field("authorized", &self.authorized)
            .field("claim_names", &self.claim_names)
            .field("headers", &HeaderNames(&self.headers))
            .finish()
    }
}

impl DeviceDecision {
    /// A device decision (`user` may be `None` when the user denies).
    pub fn new(
        user_code: impl Into<String>,
        user: Option<AuthenticatedUser>,
        authorized: bool,
    ) -> Self {
        Self {
            user_code: user_code.into(),
            user,
            authorized,
            claim_names: Vec::new(),
            headers: HeaderMap::new(),
        }
    }

    /// Sets the claims to put in the ID token.
    pub fn with_claim_names(mut self, claim_names: Vec<String>) -> Self {
        self.claim_names = claim_names;
        self
    }

    /// Adds a header to the answer (appended, so several `Set-Cookie` lines are kept).
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }
}

pub(crate) fn device_consent(
    user_code: String,
    response: DeviceVerificationResponse,
) -> DeviceConsent {
    DeviceConsent {
        user_code,
        client_name: response.client_name.clone(),
        scopes: scope_infos(response.scopes.as_ref()),
        claim_names: response.claim_names.clone().unwrap_or_default(),
        acrs: response.acrs.clone().unwrap_or_default(),
        expires_at: response.expires_at,
        response: Box::new(response),
    }
}
