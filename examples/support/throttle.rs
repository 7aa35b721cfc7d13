//! Failed-login throttling, per account and per client address, for the login form and the
//! password grant.
//!
//! After [`ThrottleConfig::failures_per_account`] wrong passwords for one login ID (or
//! [`ThrottleConfig::failures_per_address`] from one address), that login ID (or address) is
//! locked for [`ThrottleConfig::lockout`]; each further failure after a lockout doubles it, up to
//! 64 times. While locked, no password is checked, the right one included. A success clears the
//! account's count. Failures are logged with the login ID and the address, never the password.
//! The counters live in a bounded in-memory cache (O(1) per call); several instances behind a
//! load balancer would share them in the session store's database instead.
//!
//! Locking an account lets anybody who knows a login ID keep its owner out for the lockout; the
//! short default window keeps that cheap while making guessing slow (5 tries a minute at first).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many failures lock, and for how long.
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Failures for one login ID before it is locked.
    pub failures_per_account: u32,
    /// Failures from one client address before it is locked (higher: many users may share one).
    pub failures_per_address: u32,
    /// The first lockout; it doubles with each failure after it.
    pub lockout: Duration,
}

impl Default for ThrottleConfig {
    fn default() -> Self {
        Self {
            failures_per_account: 5,
            failures_per_address: 20,
            lockout: Duration::from_secs(60),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Address(IpAddr),
}

/// The failed-login counters. Cheap to clone.
#[derive(Clone)]
pub struct LoginThrottle {
    failures: moka::future::Cache<Key, Failures>,
    config: Arc<ThrottleConfig>,
}

impl LoginThrottle {
    /// Counters for up to 100 000 accounts and addresses, each forgotten after its longest
    /// lockout has passed without failures.
    pub fn new(config: ThrottleConfig) -> Self {
        LoginThrottle {
            failures: moka::future::Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(config.lockout.saturating_mul(64))
                .build(),
            config: Arc::new(config),
        }
    }

    fn limit(&self, key: &Key) -> u32 {
        match key {
            Key::Account(_) => self.config.failures_per_account,
            Key::Address(_) => self.config.failures_per_address,
        }
        .max(1)
    }

    /// How much longer `failures` keeps `key` locked, if at all.
    fn remaining(&self, key: &Key, failures: Failures, now: Instant) -> Option<Duration> {
        let limit = self.limit(key);
        if failures.count < limit {
            return None;
        }
        let doublings = (failures.count - limit).min(6);
        let lockout = self.config.lockout.saturating_mul(1 << doublings);
        lockout.checked_sub(now.duration_since(failures.last))
    }

    fn keys(login_id: &str, address: Option<IpAddr>) -> impl Iterator<Item = Key> {
        std::iter::once(Key::Account(login_id.to_owned())).chain(address.map(Key::Address))
    }

    /// `Err(retry_after)` while `login_id` or `address` is locked.
    pub async fn check(&self, login_id: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let now = Instant::now();
        let mut longest = None;
        for key in Self::keys(login_id, address) {
            if let Some(failures) = self.failures.get(&key).await
                && let Some(remaining) = self.remaining(&key, failures, now)
            {
                longest = longest.max(Some(remaining));
            }
        }
        longest.map_or(Ok(()), Err)
    }

    /// Counts a wrong password for `login_id` from `address`, and logs it.
    pub async fn failed(&self, login_id: &str, address: Option<IpAddr>, via: &str) {
        let now = Instant::now();
        let mut account_failures = 0;
        for key in Self::keys(login_id, address) {
            let entry = self
                .failures
                .entry(key.clone())
                .and_upsert_with(|entry| async move {
                    let count = entry.map_or(0, |entry| entry.into_value().count);
                    Failures {
                        count: count.saturating_add(1),
                        last: now,
                    }
                })
                .await;
            if matches!(key, Key::Account(_)) {
                account_failures = entry.value().count;
            }
        }
        tracing::warn!(
            login_id,
            client = ?address,
            failures = account_failures,
            via,
            "failed login"
        );
    }

    /// Clears the count of `login_id` after a successful login.
    pub async fn succeeded(&self, login_id: &str) {
        self.failures
            .invalidate(&Key::Account(login_id.to_owned()))
            .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttle(lockout: Duration) -> LoginThrottle {
        LoginThrottle::new(ThrottleConfig {
            failures_per_account: 3,
            failures_per_address: 5,
            lockout,
        })
    }

    #[tokio::test]
    async fn an_account_locks_after_its_limit_and_unlocks_after_the_lockout() {
        let throttle = throttle(Duration::from_millis(200));
        for _ in 0..2 {
            throttle.failed("john", None, "test").await;
            assert_eq!(throttle.check("john", None).await, Ok(()));
        }
        throttle.failed("john", None, "test").await;
        let retry = throttle.check("john", None).await.unwrap_err();
        assert!(retry <= Duration::from_millis(200), "{retry:?}");
        assert_eq!(throttle.check("jane", None).await, Ok(()));
        tokio::time::sleep(Duration::from_millis(250)).await;
        assert_eq!(throttle.check("john", None).await, Ok(()));
        // One more failure locks again, for twice as long.
        throttle.failed("john", None, "test").await;
        let retry = throttle.check("john", None).await.unwrap_err();
        assert!(retry > Duration::from_millis(200), "{retry:?}");
        throttle.succeeded("john").await;
        assert_eq!(throttle.check("john", None).await, Ok(()));
    }

    #[tokio::test]
    async fn an_address_locks_across_accounts() {
        let throttle = throttle(Duration::from_secs(60));
        let address: IpAddr = "192.0.2.9".parse().unwrap();
        for login_id in ["a", "b", "c", "d", "e"] {
            assert_eq!(throttle.check(login_id, Some(address)).await, Ok(()));
            throttle.failed(login_id, Some(address), "test").await;
        }
        assert!(throttle.check("f", Some(address)).await.is_err());
        assert_eq!(throttle.check("f", None).await, Ok(()));
        assert_eq!(
            throttle
                .check("f", Some("192.0.2.10".parse().unwrap()))
                .await,
            Ok(())
        );
    }
}
