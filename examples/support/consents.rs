//! What each user granted each client: recorded when the user presses Authorize on the consent
//! page, shown on the next consent page for that client, and asked by `prompt=none` requests
//! ([`InteractionSpi::has_consented`](authlete_tower::handler::InteractionSpi::has_consented)),
//! which issue only what the user granted before.
//!
//! ```ignore
//! let consents = Consents::new();
//! let asked = Requested::new(2000, ["openid", "email"], ["email"]);
//! assert!(!consents.covers("1001", &asked));
//! consents.record("1001", &asked);
//! assert!(consents.covers("1001", &Requested::new(2000, ["email"], [])));
//! ```
//!
//! The record lives in memory (a restart forgets it); a real application keeps it in its
//! database beside the user and lets the user see and withdraw it.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

/// What one authorization request asks a user to grant one client.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Requested {
    /// The client's numeric identifier.
    pub client_id: i64,
    /// The scopes asked for.
    pub scopes: BTreeSet<String>,
    /// The claims asked for (ID token and UserInfo, possibly `name#tag`).
    pub claims: BTreeSet<String>,
}

impl Requested {
    /// A request of `client_id` for `scopes` and `claims`.
    pub fn new<S: Into<String>, C: Into<String>>(
        client_id: i64,
        scopes: impl IntoIterator<Item = S>,
        claims: impl IntoIterator<Item = C>,
    ) -> Self {
        Self {
            client_id,
            scopes: scopes.into_iter().map(Into::into).collect(),
            claims: claims.into_iter().map(Into::into).collect(),
        }
    }
}

/// What a user granted a client so far: the union of every request they authorized.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Granted {
    scopes: BTreeSet<String>,
    claims: BTreeSet<String>,
}

/// The consent record of every user. Cheap to clone (shared).
#[derive(Debug, Clone, Default)]
pub struct Consents {
    granted: Arc<Mutex<HashMap<(String, i64), Granted>>>,
}

impl Consents {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, i64), Granted>> {
        // A panic elsewhere while holding the lock leaves the map itself consistent.
        self.granted
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Records that `subject` granted `requested` (added to what they granted that client before).
    pub fn record(&self, subject: &str, requested: &Requested) {
        let mut granted = self.lock();
        let entry = granted
            .entry((subject.to_owned(), requested.client_id))
            .or_default();
        entry.scopes.extend(requested.scopes.iter().cloned());
        entry.claims.extend(requested.claims.iter().cloned());
    }

    /// Whether `subject` granted the client every scope and every claim of `requested`.
    pub fn covers(&self, subject: &str, requested: &Requested) -> bool {
        let granted = self.lock();
        granted
            .get(&(subject.to_owned(), requested.client_id))
            .is_some_and(|granted| {
                requested.scopes.is_subset(&granted.scopes)
                    && requested.claims.is_subset(&granted.claims)
            })
    }

    /// The scopes `subject` already granted `client_id` (sorted).
    pub fn granted_scopes(&self, subject: &str, client_id: i64) -> Vec<String> {
        let granted = self.lock();
        granted
            .get(&(subject.to_owned(), client_id))
            .map(|granted| granted.scopes.iter().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: [&str; 0] = [];

    #[test]
    fn nothing_is_covered_before_a_record() {
        let consents = Consents::new();
        assert!(!consents.covers("1001", &Requested::new(2000, NONE, NONE)));
        assert!(!consents.covers("1001", &Requested::new(2000, ["openid"], NONE)));
        assert!(consents.granted_scopes("1001", 2000).is_empty());
    }

    #[test]
    fn a_record_covers_its_scopes_and_claims_for_that_user_and_client_only() {
        let consents = Consents::new();
        consents.record(
            "1001",
            &Requested::new(2000, ["openid", "email"], ["email"]),
        );
        assert!(consents.covers("1001", &Requested::new(2000, ["email"], NONE)));
        assert!(consents.covers(
            "1001",
            &Requested::new(2000, ["openid", "email"], ["email"])
        ));
        assert!(!consents.covers("1001", &Requested::new(2000, ["profile"], NONE)));
        assert!(!consents.covers("1001", &Requested::new(2000, ["email"], ["name"])));
        assert!(!consents.covers("1002", &Requested::new(2000, ["email"], NONE)));
        assert!(!consents.covers("1001", &Requested::new(2001, ["email"], NONE)));
        assert_eq!(consents.granted_scopes("1001", 2000), ["email", "openid"]);
    }

    #[test]
    fn records_add_up() {
        let consents = Consents::new();
        consents.record("1001", &Requested::new(2000, ["openid"], NONE));
        consents.record("1001", &Requested::new(2000, ["email"], ["email"]));
        assert!(consents.covers(
            "1001",
            &Requested::new(2000, ["openid", "email"], ["email"])
        ));
    }
}
