//! Browser state for the login/consent page: the login session (tower-sessions), a per-browser
//! binding cookie, and consent forms sealed to their own request and browser.
//!
//! - **Login session.** A [`tower_sessions`] session, kept only once a user logs in (an anonymous
//!   visitor gets no session and takes no server memory). The store is [`MokaStore`]: bounded to
//!   [`Settings::max_sessions`] in total, each session forgotten after [`IDLE_TIMEOUT`] without
//!   use, every operation O(1). [`SessionQuota`] bounds the sessions one client address opens.
//!   For sessions that survive restarts or are shared by several instances, give
//!   [`layer`] another `SessionStore` (e.g. `tower-sessions-redis-store` or
//!   `tower-sessions-sqlx-store`).
//! - **Browser binding.** Cookie [`BROWSER_COOKIE`] holds a random secret, set on the first consent
//!   page; the server keeps nothing for it.
//! - **Sealed forms.** Each consent page carries its own pending request, sealed (HMAC-SHA256 under
//!   a key drawn at start) to that browser's secret, and its own CSRF token, an HMAC of the browser
//!   secret and the request's ticket. Several pending requests in one browser work side by side,
//!   and a form decides only the request it was rendered for.
//!
//! Both cookies are `HttpOnly` (scripts cannot read them) and `SameSite=Lax` (other sites cannot
//! make the browser send them with a cross-site POST). They are not `Secure` because the examples
//! speak plain HTTP on localhost; behind TLS, add `Secure` ([`layer`]'s `with_secure(true)`).

use std::net::IpAddr;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderValue, header};
use rand::RngCore;
use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer, SessionStore};
use tower_sessions_moka_store::MokaStore;

/// The name of the login session cookie.
pub const SESSION_COOKIE: &str = "authlete_example_session";

/// The name of the browser binding cookie.
pub const BROWSER_COOKIE: &str = "authlete_example_browser";

/// Sessions idle longer than this are forgotten.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// The session key under which the logged-in user is kept.
pub const USER_KEY: &str = "user";

type HmacSha256 = Hmac<Sha256>;

/// 32 random bytes, base64url: browser secrets and the device page's request identifiers.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How many sessions are kept.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Sessions kept in total; past it the store drops the least used.
    pub max_sessions: u64,
    /// Sessions one client address may open per [`IDLE_TIMEOUT`].
    pub max_sessions_per_address: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            max_sessions: 10_000,
            max_sessions_per_address: 50,
        }
    }
}

/// The in-memory session store: at most `max_sessions`, each expiring [`IDLE_TIMEOUT`] after its
/// last use.
pub fn memory_store(max_sessions: u64) -> MokaStore {
    MokaStore::new(Some(max_sessions))
}

/// The session layer over `store`: cookie [`SESSION_COOKIE`], `HttpOnly`, `SameSite=Lax`, expiring
/// after [`IDLE_TIMEOUT`] of inactivity.
pub fn layer<S: SessionStore + Clone>(store: S) -> SessionManagerLayer<S> {
    let idle = tower_sessions::cookie::time::Duration::seconds(IDLE_TIMEOUT.as_secs() as i64);
    SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(false)
        .with_expiry(Expiry::OnInactivity(idle))
}

/// Counts the sessions each client address opened in the last [`IDLE_TIMEOUT`], O(1) per call.
#[derive(Clone)]
pub struct SessionQuota {
    opened: moka::future::Cache<IpAddr, u32>,
    per_address: u32,
}

impl SessionQuota {
    /// At most `per_address` new sessions per address and [`IDLE_TIMEOUT`], for at most
    /// `addresses` addresses at a time.
    pub fn new(per_address: u32, addresses: u64) -> Self {
        SessionQuota {
            opened: moka::future::Cache::builder()
                .max_capacity(addresses)
                .time_to_live(IDLE_TIMEOUT)
                .build(),
            per_address,
        }
    }

    /// Whether `address` may open one more session (and counts it if so).
    pub async fn admit(&self, address: IpAddr) -> bool {
        let counted = self
            .opened
            .entry(address)
            .and_upsert_with(|entry| async move {
                entry.map_or(1, |entry| entry.into_value().saturating_add(1))
            })
            .await;
        *counted.value() <= self.per_address
    }
}

/// A logged-in user: who, and when they authenticated (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LoggedIn {
    /// The user's subject.
    pub subject: String,
    /// When the user typed their password, in seconds since the Unix epoch.
    pub auth_time: i64,
    /// The login session's ID: the `sid` of the ID tokens of OpenID Connect Native SSO. Random,
    /// and never the session cookie's value, which must stay out of tokens.
    pub sid: String,
}

impl LoggedIn {
    /// Whether this login can be reused for an authorization request without asking for the
    /// password again: not when the request says `prompt=login`, not when the login is older than
    /// `max_age` seconds, and not when the request names another subject.
    pub fn reusable(
        &self,
        prompt_login: bool,
        max_age: Option<i64>,
        required_subject: Option<&str>,
        now: i64,
    ) -> bool {
        if prompt_login {
            return false;
        }
        if let Some(max_age) = max_age
            && now - self.auth_time > max_age
        {
            return false;
        }
        if let Some(subject) = required_subject
            && subject != self.subject
        {
            return false;
        }
        true
    }
}

/// The values of the cookies named `name` in the request's `Cookie` headers.
pub fn cookie_values<'a>(
    headers: &'a HeaderMap,
    name: &'a str,
) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(move |pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name).then_some(value)
        })
}

/// The browser secret of the request's [`BROWSER_COOKIE`], if it has a well-formed one.
pub fn browser_secret(headers: &HeaderMap) -> Option<String> {
    cookie_values(headers, BROWSER_COOKIE)
        .find(|value| {
            value.len() == 43
                && value
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
        })
        .map(str::to_owned)
}

/// A new browser secret and the `Set-Cookie` header that gives it to the browser.
pub fn new_browser_secret() -> (String, HeaderValue) {
    let secret = random_token();
    let cookie = format!("{BROWSER_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax");
    let value = HeaderValue::from_str(&cookie).expect("the cookie is ASCII");
    (secret, value)
}

/// Seals consent forms and makes their CSRF tokens. The key is drawn at random when the process
/// starts (restarting the server invalidates the forms on screen). `Debug` does not print it.
#[derive(Clone)]
pub struct FormSeal([u8; 32]);

impl std::fmt::Debug for FormSeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormSeal(<redacted>)")
    }
}

impl FormSeal {
    /// A seal with a fresh random key.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        FormSeal(key)
    }

    fn mac(&self, purpose: &str, browser: &str, data: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC accepts any key length");
        for part in [purpose.as_bytes(), browser.as_bytes()] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        mac.update(data);
        mac
    }

    /// `value` as a form field only this server can have written, for this browser only.
    pub fn seal<T: Serialize>(&self, browser: &str, value: &T) -> String {
        let json = serde_json::to_vec(value).expect("the pending request serializes");
        let tag = self.mac("request", browser, &json).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(&json),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// What [`FormSeal::seal`] sealed for `browser`; `None` for anything else (the tag is checked
    /// in constant time).
    pub fn open<T: DeserializeOwned>(&self, browser: &str, sealed: &str) -> Option<T> {
        let (data, tag) = sealed.split_once('.')?;
        let json = URL_SAFE_NO_PAD.decode(data).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac("request", browser, &json)
            .verify_slice(&tag)
            .ok()?;
        serde_json::from_slice(&json).ok()
    }

    /// The CSRF token of the form for request `request_id` (a ticket, a user code) in `browser`.
    pub fn csrf_token(&self, browser: &str, request_id: &str) -> String {
        let tag = self
            .mac("csrf", browser, request_id.as_bytes())
            .finalize()
            .into_bytes();
        URL_SAFE_NO_PAD.encode(tag)
    }

    /// Whether `given` is [`FormSeal::csrf_token`] of `request_id` in `browser`, in constant time.
    pub fn csrf_matches(&self, browser: &str, request_id: &str, given: &str) -> bool {
        let Ok(given) = URL_SAFE_NO_PAD.decode(given) else {
            return false;
        };
        self.mac("csrf", browser, request_id.as_bytes())
            .verify_slice(&given)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with_cookie(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_sealed_form_opens_only_in_its_browser_and_untouched() {
        let seal = FormSeal::random();
        let sealed = seal.seal("browser-a", &("ticket-1", 7));
        assert_eq!(
            seal.open::<(String, u32)>("browser-a", &sealed),
            Some(("ticket-1".into(), 7))
        );
        assert_eq!(seal.open::<(String, u32)>("browser-b", &sealed), None);
        assert_eq!(
            FormSeal::random().open::<(String, u32)>("browser-a", &sealed),
            None
        );
        let (data, tag) = sealed.split_once('.').unwrap();
        let other = URL_SAFE_NO_PAD.encode(br#"["ticket-2",7]"#);
        assert_eq!(
            seal.open::<(String, u32)>("browser-a", &format!("{other}.{tag}")),
            None
        );
        assert_eq!(seal.open::<(String, u32)>("browser-a", data), None);
        assert_eq!(format!("{seal:?}"), "FormSeal(<redacted>)");
    }

    #[test]
    fn csrf_tokens_belong_to_one_request_in_one_browser() {
        let seal = FormSeal::random();
        let token = seal.csrf_token("browser-a", "ticket-1");
        assert_eq!(token.len(), 43);
        assert!(seal.csrf_matches("browser-a", "ticket-1", &token));
        assert!(!seal.csrf_matches("browser-a", "ticket-2", &token));
        assert!(!seal.csrf_matches("browser-b", "ticket-1", &token));
        assert!(!seal.csrf_matches("browser-a", "ticket-1", &token[1..]));
        assert!(!seal.csrf_matches("browser-a", "ticket-1", ""));
        assert!(!seal.csrf_matches("browser-a", "ticket-1", "!!"));
    }

    #[test]
    fn browser_secrets_are_random_and_read_back() {
        let (secret, cookie) = new_browser_secret();
        let cookie = cookie.to_str().unwrap();
        assert!(cookie.starts_with(&format!("{BROWSER_COOKIE}={secret};")));
        assert!(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax"));
        assert_ne!(new_browser_secret().0, secret);
        let headers = request_with_cookie(&format!("a=1; {BROWSER_COOKIE}={secret}"));
        assert_eq!(browser_secret(&headers), Some(secret));
        assert_eq!(
            browser_secret(&request_with_cookie(&format!("{BROWSER_COOKIE}=short"))),
            None
        );
        assert_eq!(browser_secret(&HeaderMap::new()), None);
    }

    #[tokio::test]
    async fn the_quota_counts_sessions_per_address() {
        let quota = SessionQuota::new(2, 100);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        assert!(quota.admit(a).await);
        assert!(quota.admit(a).await);
        assert!(!quota.admit(a).await);
        assert!(quota.admit(b).await);
    }

    #[test]
    fn cookie_parsing_reads_every_cookie_header() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(header::COOKIE, HeaderValue::from_static("b=3"));
        assert_eq!(cookie_values(&headers, "b").collect::<Vec<_>>(), ["2", "3"]);
        assert_eq!(cookie_values(&headers, "c").count(), 0);
    }

    #[test]
    fn login_reuse_honours_prompt_max_age_and_subject() {
        let login = LoggedIn {
            subject: "1001".into(),
            auth_time: 1_000,
            sid: "sid-1".into(),
        };
        assert!(login.reusable(false, None, None, 5_000));
        assert!(!login.reusable(true, None, None, 1_000));
        assert!(login.reusable(false, Some(60), None, 1_060));
        assert!(!login.reusable(false, Some(60), None, 1_061));
        assert!(!login.reusable(false, Some(0), None, 1_001));
        assert!(login.reusable(false, None, Some("1001"), 5_000));
        assert!(!login.reusable(false, None, Some("1002"), 5_000));
    }
}
