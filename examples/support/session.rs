//! Browser sessions for the login/consent page: a signed session cookie, an in-memory session
//! store and a per-session CSRF token.
//!
//! The cookie holds only a random session ID and its HMAC-SHA256 under a key drawn at random
//! when the process starts (so restarting the server logs everybody out). It is `HttpOnly`
//! (scripts cannot read it) and `SameSite=Lax` (other sites cannot make the browser send it with
//! a cross-site POST). It is not `Secure` because the examples speak plain HTTP on localhost;
//! behind TLS, add `Secure`. The form of the consent page carries the session's CSRF token, which
//! the decision endpoint compares in constant time.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use http::{HeaderMap, HeaderValue, header};
use rand::RngCore;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// The name of the session cookie.
pub const COOKIE_NAME: &str = "authlete_example_session";

/// Sessions idle longer than this are forgotten.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30 * 60);

/// At most this many sessions are kept; the least recently used goes first.
pub const MAX_SESSIONS: usize = 10_000;

type HmacSha256 = Hmac<Sha256>;

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The key signing session cookies. `Debug` does not print it.
#[derive(Clone)]
pub struct SessionKey([u8; 32]);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey(<redacted>)")
    }
}

impl SessionKey {
    /// A fresh random key.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        SessionKey(key)
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.0).expect("HMAC accepts any key length")
    }

    /// `id.signature`, the cookie value for a session ID.
    pub fn sign(&self, id: &str) -> String {
        let mut mac = self.mac();
        mac.update(id.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{id}.{signature}")
    }

    /// The session ID of a cookie value whose signature is valid (checked in constant time).
    pub fn verify(&self, value: &str) -> Option<String> {
        let (id, signature) = value.rsplit_once('.')?;
        let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
        let mut mac = self.mac();
        mac.update(id.as_bytes());
        mac.verify_slice(&signature).ok()?;
        Some(id.to_owned())
    }
}

/// Whether the CSRF token sent with a form is the session's, compared in constant time.
pub fn csrf_matches(expected: &str, given: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(given.as_bytes()))
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

/// A logged-in user: who, and when they authenticated (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedIn {
    /// The user's subject.
    pub subject: String,
    /// When the user typed their password, in seconds since the Unix epoch.
    pub auth_time: i64,
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

/// What the server keeps for one browser. `T` is the pending authorization request.
#[derive(Debug, Clone)]
pub struct Session<T> {
    /// The token the consent form must send back.
    pub csrf_token: String,
    /// The user logged in through this browser, if any.
    pub user: Option<LoggedIn>,
    /// The authorization request waiting for the user's decision, if any.
    pub pending: Option<T>,
}

struct Entry<T> {
    session: Session<T>,
    last_used: Instant,
}

/// The session of the current request: its ID and, when it was just created, the `Set-Cookie`
/// header to send.
#[derive(Debug, Clone)]
pub struct SessionHandle {
    /// The session ID.
    pub id: String,
    /// `Some` when the browser must be given a (new) cookie.
    pub set_cookie: Option<HeaderValue>,
}

/// The in-memory session store.
pub struct Sessions<T> {
    key: SessionKey,
    entries: Arc<Mutex<HashMap<String, Entry<T>>>>,
}

impl<T> Clone for Sessions<T> {
    fn clone(&self) -> Self {
        Sessions {
            key: self.key.clone(),
            entries: Arc::clone(&self.entries),
        }
    }
}

impl<T: Clone> Default for Sessions<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> Sessions<T> {
    /// An empty store with a fresh random signing key.
    pub fn new() -> Self {
        Sessions {
            key: SessionKey::random(),
            entries: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry<T>>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The session named by the request's valid, live session cookie, or a new session and the
    /// cookie to set for it.
    pub fn load_or_create(&self, headers: &HeaderMap) -> SessionHandle {
        let now = Instant::now();
        let mut entries = self.lock();
        for value in cookie_values(headers, COOKIE_NAME) {
            if let Some(id) = self.key.verify(value)
                && let Some(entry) = entries.get_mut(&id)
                && now.duration_since(entry.last_used) <= IDLE_TIMEOUT
            {
                entry.last_used = now;
                return SessionHandle {
                    id,
                    set_cookie: None,
                };
            }
        }
        entries.retain(|_, entry| now.duration_since(entry.last_used) <= IDLE_TIMEOUT);
        if entries.len() >= MAX_SESSIONS
            && let Some(oldest) = entries
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(id, _)| id.clone())
        {
            entries.remove(&oldest);
        }
        let id = random_token();
        let session = Session {
            csrf_token: random_token(),
            user: None,
            pending: None,
        };
        entries.insert(
            id.clone(),
            Entry {
                session,
                last_used: now,
            },
        );
        SessionHandle {
            set_cookie: Some(self.cookie(&id)),
            id,
        }
    }

    /// The live session named by the request's valid session cookie, without creating one.
    pub fn find(&self, headers: &HeaderMap) -> Option<String> {
        let now = Instant::now();
        let mut entries = self.lock();
        cookie_values(headers, COOKIE_NAME).find_map(|value| {
            let id = self.key.verify(value)?;
            let entry = entries.get_mut(&id)?;
            if now.duration_since(entry.last_used) > IDLE_TIMEOUT {
                return None;
            }
            entry.last_used = now;
            Some(id)
        })
    }

    /// Moves the session to a new ID (and a new CSRF token), as is done when a user logs in, so
    /// that an ID planted before the login is worthless after it. `None` if the session is gone.
    pub fn rotate(&self, id: &str) -> Option<SessionHandle> {
        let mut entries = self.lock();
        let mut entry = entries.remove(id)?;
        entry.session.csrf_token = random_token();
        entry.last_used = Instant::now();
        let new_id = random_token();
        entries.insert(new_id.clone(), entry);
        Some(SessionHandle {
            set_cookie: Some(self.cookie(&new_id)),
            id: new_id,
        })
    }

    fn cookie(&self, id: &str) -> HeaderValue {
        let cookie = format!(
            "{COOKIE_NAME}={}; Path=/; HttpOnly; SameSite=Lax",
            self.key.sign(id)
        );
        HeaderValue::from_str(&cookie).expect("the cookie is ASCII")
    }

    /// A copy of the session, if it still exists.
    pub fn get(&self, id: &str) -> Option<Session<T>> {
        self.lock().get(id).map(|entry| entry.session.clone())
    }

    /// Runs `change` on the session, if it still exists.
    pub fn update<R>(&self, id: &str, change: impl FnOnce(&mut Session<T>) -> R) -> Option<R> {
        self.lock()
            .get_mut(id)
            .map(|entry| change(&mut entry.session))
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.lock().len()
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

    fn cookie_of(handle: &SessionHandle) -> String {
        let set_cookie = handle.set_cookie.as_ref().unwrap().to_str().unwrap();
        set_cookie.split(';').next().unwrap().to_owned()
    }

    #[test]
    fn signatures_verify_and_forgeries_do_not() {
        let key = SessionKey::random();
        let signed = key.sign("abc");
        assert_eq!(key.verify(&signed).as_deref(), Some("abc"));
        assert_eq!(key.verify("abc"), None);
        assert_eq!(key.verify(&signed.replacen("abc", "abd", 1)), None);
        assert_eq!(key.verify(&format!("{signed}A")), None);
        assert_eq!(key.verify("abc.!!!"), None);
        assert_eq!(SessionKey::random().verify(&signed), None);
        assert_eq!(format!("{key:?}"), "SessionKey(<redacted>)");
    }

    #[test]
    fn a_new_session_sets_a_locked_down_cookie() {
        let sessions: Sessions<()> = Sessions::new();
        let handle = sessions.load_or_create(&HeaderMap::new());
        let set_cookie = handle.set_cookie.as_ref().unwrap().to_str().unwrap();
        assert!(set_cookie.starts_with(&format!("{COOKIE_NAME}=")));
        assert!(set_cookie.contains("; HttpOnly"));
        assert!(set_cookie.contains("; SameSite=Lax"));
        assert!(set_cookie.contains("; Path=/"));
        assert!(!set_cookie.contains(&sessions.get(&handle.id).unwrap().csrf_token));
        assert_eq!(sessions.len(), 1);
    }

    #[test]
    fn the_cookie_brings_the_same_session_back() {
        let sessions: Sessions<u32> = Sessions::new();
        let first = sessions.load_or_create(&HeaderMap::new());
        sessions
            .update(&first.id, |session| session.pending = Some(7))
            .unwrap();
        let headers = request_with_cookie(&format!("other=1; {}; last=2", cookie_of(&first)));
        let again = sessions.load_or_create(&headers);
        assert_eq!(again.id, first.id);
        assert!(again.set_cookie.is_none());
        assert_eq!(sessions.get(&again.id).unwrap().pending, Some(7));
    }

    #[test]
    fn a_forged_or_unknown_cookie_gets_a_new_session() {
        let sessions: Sessions<()> = Sessions::new();
        let first = sessions.load_or_create(&HeaderMap::new());
        let forged = format!("{COOKIE_NAME}={}.AAAA", first.id);
        let handle = sessions.load_or_create(&request_with_cookie(&forged));
        assert_ne!(handle.id, first.id);
        assert!(handle.set_cookie.is_some());

        let other_process: Sessions<()> = Sessions::new();
        let foreign = other_process.load_or_create(&HeaderMap::new());
        let handle = sessions.load_or_create(&request_with_cookie(&cookie_of(&foreign)));
        assert_ne!(handle.id, foreign.id);
    }

    #[test]
    fn find_never_creates() {
        let sessions: Sessions<()> = Sessions::new();
        assert_eq!(sessions.find(&HeaderMap::new()), None);
        assert_eq!(
            sessions.find(&request_with_cookie(&format!("{COOKIE_NAME}=x.y"))),
            None
        );
        assert_eq!(sessions.len(), 0);
        let handle = sessions.load_or_create(&HeaderMap::new());
        let found = sessions.find(&request_with_cookie(&cookie_of(&handle)));
        assert_eq!(found, Some(handle.id));
    }

    #[test]
    fn rotation_moves_the_session_and_kills_the_old_cookie() {
        let sessions: Sessions<u8> = Sessions::new();
        let old = sessions.load_or_create(&HeaderMap::new());
        sessions.update(&old.id, |session| session.pending = Some(1));
        let old_csrf = sessions.get(&old.id).unwrap().csrf_token;
        let new = sessions.rotate(&old.id).unwrap();
        assert_ne!(new.id, old.id);
        assert!(sessions.get(&old.id).is_none());
        assert_eq!(sessions.find(&request_with_cookie(&cookie_of(&old))), None);
        assert_eq!(
            sessions.find(&request_with_cookie(&cookie_of(&new))),
            Some(new.id.clone())
        );
        let moved = sessions.get(&new.id).unwrap();
        assert_eq!(moved.pending, Some(1));
        assert_ne!(moved.csrf_token, old_csrf);
        assert!(sessions.rotate(&old.id).is_none());
        assert_eq!(sessions.len(), 1);
    }

    #[test]
    fn sessions_have_distinct_ids_and_csrf_tokens() {
        let sessions: Sessions<()> = Sessions::new();
        let a = sessions.load_or_create(&HeaderMap::new());
        let b = sessions.load_or_create(&HeaderMap::new());
        assert_ne!(a.id, b.id);
        let (a, b) = (sessions.get(&a.id).unwrap(), sessions.get(&b.id).unwrap());
        assert_ne!(a.csrf_token, b.csrf_token);
        assert_eq!(a.csrf_token.len(), 43);
    }

    #[test]
    fn csrf_comparison() {
        assert!(csrf_matches("token-1", "token-1"));
        assert!(!csrf_matches("token-1", "token-2"));
        assert!(!csrf_matches("token-1", "token-"));
        assert!(!csrf_matches("token-1", ""));
        assert!(!csrf_matches("", ""));
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
