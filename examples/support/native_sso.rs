//! The demo's [`NativeSsoSpi`]: the login sessions that Native SSO apps may share.
//!
//! Each login gets a random session ID, the `sid` of the ID tokens issued in that session
//! (never the cookie's value). A second app presenting the first app's ID token and device
//! secret gets its own tokens while that session is alive: for [`IDLE_TIMEOUT`] after the login
//! or after the last app that used it, at most `capacity` sessions in all.
//!
//! ```ignore
//! let sessions = NativeSessions::new(10_000);
//! sessions.record("sid-1", "1001").await;
//! assert!(sessions.is_session_alive("sid-1", Some("1001")).await?);
//! assert!(!sessions.is_session_alive("sid-1", Some("1002")).await?);
//! ```

use authlete_tower::handler::{NativeSsoSpi, SpiError};

use super::session::IDLE_TIMEOUT;

/// The live login sessions, by their `sid`: the subject who logged in. Cheap to clone.
#[derive(Clone)]
pub struct NativeSessions {
    subjects: moka::future::Cache<String, String>,
}

impl NativeSessions {
    /// At most `capacity` sessions, each forgotten after [`IDLE_TIMEOUT`] without use.
    pub fn new(capacity: u64) -> Self {
        NativeSessions {
            subjects: moka::future::Cache::builder()
                .max_capacity(capacity)
                .time_to_idle(IDLE_TIMEOUT)
                .build(),
        }
    }

    /// Remembers that `subject` logged in with session `sid`.
    pub async fn record(&self, sid: &str, subject: &str) {
        self.subjects
            .insert(sid.to_owned(), subject.to_owned())
            .await;
    }
}

impl NativeSsoSpi for NativeSessions {
    /// Alive when the session is remembered and, when Authlete names the token's subject, was
    /// the same user's. Reading it keeps it alive for another [`IDLE_TIMEOUT`].
    async fn is_session_alive(
        &self,
        session_id: &str,
        subject: Option<&str>,
    ) -> Result<bool, SpiError> {
        Ok(match self.subjects.get(session_id).await {
            Some(owner) => subject.is_none_or(|subject| subject == owner),
            None => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_session_is_alive_for_its_own_subject_only() {
        let sessions = NativeSessions::new(10);
        sessions.record("sid-1", "1001").await;
        assert!(
            sessions
                .is_session_alive("sid-1", Some("1001"))
                .await
                .unwrap()
        );
        assert!(sessions.is_session_alive("sid-1", None).await.unwrap());
        assert!(
            !sessions
                .is_session_alive("sid-1", Some("1002"))
                .await
                .unwrap()
        );
        assert!(!sessions.is_session_alive("sid-2", None).await.unwrap());
    }
}
