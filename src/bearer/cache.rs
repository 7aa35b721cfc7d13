//! [`IntrospectionCache`]: successful introspection results kept for a short while (RFC 7662 §4).
//!
//! Only `OK` answers are cached; an entry lives at most the configured maximum age and never past
//! the token's `expiresAt`, checked against the injected [`Clock`] on every read. The key is a
//! SHA-256 digest of the token and, separately, of the policy inputs (required scopes, subject,
//! client certificate): the raw token is never stored. Concurrent misses for one key make one
//! backend call. [`IntrospectionCache::evict`] drops every entry of a token, e.g. when the
//! co-located revocation endpoint revokes it.
//!
//! ```
//! use std::time::Duration;
//! use authlete_tower::bearer::IntrospectionCache;
//!
//! let cache = IntrospectionCache::builder()
//!     .max_age(Duration::from_secs(30))
//!     .max_entries(50_000)
//!     .build();
//! // Share it between layers, and evict on revocation:
//! cache.evict("a-revoked-access-token");
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use moka::Expiry;
use moka::future::Cache;
use sha2::{Digest, Sha256};

use super::AccessTokenInfo;
use crate::clock::{Clock, SystemClock};

/// The default maximum age of an entry.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(60);
/// The default maximum number of entries.
pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;

/// A cache key: digests of the token and of the policy inputs.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct CacheKey {
    token: [u8; 32],
    policy: [u8; 32],
}

impl CacheKey {
    #[cfg(test)]
    pub(crate) fn new(
        token: &str,
        scopes: &[String],
        subject: Option<&str>,
        client_certificate: Option<&str>,
    ) -> Self {
        Self::with_policy(token, Self::policy(scopes, subject, client_certificate))
    }

    /// The key of `token` checked against a policy digest from [`CacheKey::policy`].
    pub(crate) fn with_policy(token: &str, policy: [u8; 32]) -> Self {
        CacheKey {
            token: token_digest(token),
            policy,
        }
    }

    /// The digest of the policy inputs: required scopes, subject, client certificate.
    pub(crate) fn policy(
        scopes: &[String],
        subject: Option<&str>,
        client_certificate: Option<&str>,
    ) -> [u8; 32] {
        let mut policy = Sha256::new();
        let mut field = |bytes: &[u8]| {
            policy.update((bytes.len() as u64).to_be_bytes());
            policy.update(bytes);
        };
        field(&(scopes.len() as u64).to_be_bytes());
        for scope in scopes {
            field(scope.as_bytes());
        }
        field(subject.unwrap_or("\u{0}none").as_bytes());
        field(client_certificate.unwrap_or("\u{0}none").as_bytes());
        policy.finalize().into()
    }
}

/// The SHA-256 digest of a token: what the cache keys on, and what a revocation event carries
/// between replicas (never the token itself).
pub(crate) fn token_digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// No ceiling on the age of new entries (see [`IntrospectionCache::limit_age`]).
const NO_CEILING: u64 = u64::MAX;

/// How long moka keeps an entry: the shorter of the maximum age, the current age ceiling and
/// the token's remaining life.
struct EntryLifetime {
    max_age: Duration,
    ceiling_millis: Arc<AtomicU64>,
    clock: Arc<dyn Clock>,
}

impl EntryLifetime {
    fn lifetime(&self, info: &AccessTokenInfo) -> Duration {
        let ceiling = self.ceiling_millis.load(Ordering::Relaxed);
        let max_age = if ceiling == NO_CEILING {
            self.max_age
        } else {
            self.max_age.min(Duration::from_millis(ceiling))
        };
        remaining(max_age, info, self.clock.now_millis())
    }
}

impl Expiry<CacheKey, AccessTokenInfo> for EntryLifetime {
    fn expire_after_create(
        &self,
        _key: &CacheKey,
        info: &AccessTokenInfo,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some(self.lifetime(info))
    }

    /// A result stored again under a key whose old entry moka has not dropped yet (after
    /// `clear`, or after an expired token was looked up again) is a new result: it gets a new
    /// lifetime, not what was left of the old one.
    fn expire_after_update(
        &self,
        _key: &CacheKey,
        info: &AccessTokenInfo,
        _updated_at: Instant,
        _duration_until_expiry: Option<Duration>,
    ) -> Option<Duration> {
        Some(self.lifetime(info))
    }
}

fn remaining(max_age: Duration, info: &AccessTokenInfo, now_millis: i64) -> Duration {
    match info.expires_at_millis() {
        Some(expires_at) => {
            let left = u64::try_from(expires_at.saturating_sub(now_millis)).unwrap_or(0);
            max_age.min(Duration::from_millis(left))
        }
        None => max_age,
    }
}

/// Builds an [`IntrospectionCache`].
#[derive(Debug, Clone)]
pub struct IntrospectionCacheBuilder {
    max_age: Duration,
    max_entries: u64,
    clock: Arc<dyn Clock>,
}

impl IntrospectionCacheBuilder {
    /// The longest an entry is kept (default 60 s). Zero turns caching off.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The most entries kept (default 100 000); the least useful are dropped first.
    pub fn max_entries(mut self, max_entries: u64) -> Self {
        self.max_entries = max_entries;
        self
    }

    /// The clock that decides whether a token has expired (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Builds the cache.
    pub fn build(self) -> IntrospectionCache {
        let ceiling_millis = Arc::new(AtomicU64::new(NO_CEILING));
        let store = (!self.max_age.is_zero() && self.max_entries > 0).then(|| {
            Cache::builder()
                .max_capacity(self.max_entries)
                .expire_after(EntryLifetime {
                    max_age: self.max_age,
                    ceiling_millis: ceiling_millis.clone(),
                    clock: self.clock.clone(),
                })
                .support_invalidation_closures()
                .build()
        });
        IntrospectionCache {
            inner: Arc::new(Inner {
                store,
                ceiling_millis,
                clock: self.clock,
            }),
        }
    }
}

struct Inner {
    store: Option<Cache<CacheKey, AccessTokenInfo>>,
    /// A ceiling on the age of entries created from now on, in milliseconds ([`NO_CEILING`]:
    /// none); lowered while revocation events may be missed.
    ceiling_millis: Arc<AtomicU64>,
    clock: Arc<dyn Clock>,
}

/// The introspection cache of one or more [`AuthleteBearer`](super::AuthleteBearer) layers.
/// Cheap to clone; clones share the entries.
#[derive(Clone)]
pub struct IntrospectionCache {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for IntrospectionCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectionCache")
            .field("enabled", &self.is_enabled())
            .field("entries", &self.entry_count())
            .finish()
    }
}

impl Default for IntrospectionCache {
    fn default() -> Self {
        Self::builder().build()
    }
}

impl IntrospectionCache {
    /// A builder with the defaults: 60 s, 100 000 entries, the system clock.
    pub fn builder() -> IntrospectionCacheBuilder {
        IntrospectionCacheBuilder {
            max_age: DEFAULT_MAX_AGE,
            max_entries: DEFAULT_MAX_ENTRIES,
            clock: Arc::new(SystemClock),
        }
    }

    /// A cache that never keeps anything.
    pub fn disabled() -> Self {
        Self::builder().max_age(Duration::ZERO).build()
    }

    /// Whether the cache keeps anything (a maximum age and entry count above zero).
    pub fn is_enabled(&self) -> bool {
        self.inner.store.is_some()
    }

    /// The approximate number of entries (moka counts lazily).
    pub fn entry_count(&self) -> u64 {
        self.inner
            .store
            .as_ref()
            .map_or(0, |store| store.entry_count())
    }

    /// Drops every cached result of `token`, whatever the policy it was checked against.
    /// Synchronous and immediate: no later lookup returns an entry inserted before this call.
    pub fn evict(&self, token: &str) {
        if let Some(store) = &self.inner.store {
            let digest = token_digest(token);
            // Only fails when invalidation closures are off, and they are always on here.
            let _ = store.invalidate_entries_if(move |key, _| key.token == digest);
        }
    }

    /// Drops every cached result of the token whose SHA-256 digest is `digest` (a revocation
    /// event from another replica).
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn evict_digest(&self, digest: [u8; 32]) {
        if let Some(store) = &self.inner.store {
            let _ = store.invalidate_entries_if(move |key, _| key.token == digest);
        }
    }

    /// Drops every entry. No later lookup returns an entry inserted before this call.
    pub fn clear(&self) {
        if let Some(store) = &self.inner.store {
            store.invalidate_all();
        }
    }

    /// Caps the age of entries created from now on at `ceiling` (`None`: the configured maximum
    /// age again). Entries already cached keep their lifetime; call [`clear`](Self::clear) too
    /// when they must not outlive the ceiling.
    pub fn limit_age(&self, ceiling: Option<Duration>) {
        let millis = ceiling.map_or(NO_CEILING, |ceiling| {
            u64::try_from(ceiling.as_millis()).unwrap_or(NO_CEILING - 1)
        });
        self.inner.ceiling_millis.store(millis, Ordering::Relaxed);
    }

    /// The current ceiling set by [`limit_age`](Self::limit_age), if any.
    pub fn age_limit(&self) -> Option<Duration> {
        let millis = self.inner.ceiling_millis.load(Ordering::Relaxed);
        (millis != NO_CEILING).then(|| Duration::from_millis(millis))
    }

    /// Runs moka's pending maintenance (expiry, eviction, invalidation) now; useful in tests
    /// and benchmarks that look at [`entry_count`](Self::entry_count).
    pub async fn run_pending_tasks(&self) {
        if let Some(store) = &self.inner.store {
            store.run_pending_tasks().await;
        }
    }

    /// The cached result for `key`, or the result of `introspect()` (one call for all concurrent
    /// misses). `Err` results are shared with the waiters but never kept. An entry whose token has
    /// expired by the clock is dropped and looked up again.
    pub(crate) async fn get_or_try_insert<F, Fut, E>(
        &self,
        key: CacheKey,
        introspect: F,
    ) -> Result<AccessTokenInfo, Arc<E>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<AccessTokenInfo, E>>,
        E: Send + Sync + 'static,
    {
        let Some(store) = &self.inner.store else {
            return introspect().await.map_err(Arc::new);
        };
        let info = store.try_get_with(key, introspect()).await?;
        if !self.has_expired(&info) {
            return Ok(info);
        }
        store.invalidate(&key).await;
        store.try_get_with(key, introspect()).await
    }

    fn has_expired(&self, info: &AccessTokenInfo) -> bool {
        info.expires_at_millis()
            .is_some_and(|expires_at| expires_at <= self.inner.clock.now_millis())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::clock::ManualClock;
    use crate::dto::IntrospectionResponse;

    fn info(expires_at: i64) -> AccessTokenInfo {
        AccessTokenInfo::new(IntrospectionResponse {
            expires_at: Some(expires_at),
            ..IntrospectionResponse::default()
        })
    }

    fn key(token: &str) -> CacheKey {
        CacheKey::new(token, &[], None, None)
    }

    #[test]
    fn keys_separate_tokens_and_policies() {
        let scopes = vec!["read".to_owned()];
        assert!(key("a") != key("b"));
        assert!(key("a") != CacheKey::new("a", &scopes, None, None));
        assert!(key("a") != CacheKey::new("a", &[], Some("alice"), None));
        assert!(key("a") != CacheKey::new("a", &[], None, Some("cert")));
        assert!(
            CacheKey::new("a", &["ab".into()], None, None)
                != CacheKey::new("a", &["a".into(), "b".into()], None, None)
        );
    }

    #[test]
    fn lifetime_is_the_shorter_of_max_age_and_remaining_life() {
        let max_age = Duration::from_secs(60);
        assert_eq!(
            remaining(max_age, &info(10_000), 0),
            Duration::from_secs(10)
        );
        assert_eq!(remaining(max_age, &info(1_000_000), 0), max_age);
        assert_eq!(remaining(max_age, &info(5), 10), Duration::ZERO);
        assert_eq!(
            remaining(
                max_age,
                &AccessTokenInfo::new(IntrospectionResponse::default()),
                0
            ),
            max_age
        );
    }

    #[tokio::test]
    async fn never_served_after_expiry_and_evict_drops_every_policy() {
        let clock = ManualClock::new();
        let cache = IntrospectionCache::builder()
            .clock(Arc::new(clock.clone()))
            .max_age(Duration::from_secs(3600))
            .build();
        let calls = AtomicUsize::new(0);
        let expires_at = clock.now_millis() + 30_000;
        let fetch = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(info(expires_at))
        };
        cache.get_or_try_insert(key("t"), fetch).await.unwrap();
        cache.get_or_try_insert(key("t"), fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        let other_policy = CacheKey::new("t", &["x".into()], None, None);
        cache.get_or_try_insert(other_policy, fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        cache.evict("t");
        cache.get_or_try_insert(key("t"), fetch).await.unwrap();
        cache.get_or_try_insert(other_policy, fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 4);

        clock.advance(Duration::from_secs(31));
        cache.get_or_try_insert(key("t"), fetch).await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            5,
            "an expired entry is fetched again"
        );
    }

    #[tokio::test]
    async fn an_age_limit_shortens_new_entries_and_clear_drops_old_ones() {
        let clock = ManualClock::new();
        let cache = IntrospectionCache::builder()
            .clock(Arc::new(clock.clone()))
            .max_age(Duration::from_secs(3600))
            .build();
        let calls = AtomicUsize::new(0);
        let expires_at = clock.now_millis() + 3_600_000;
        let fetch = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(info(expires_at))
        };
        cache.get_or_try_insert(key("old"), fetch).await.unwrap();
        cache.limit_age(Some(Duration::from_millis(1)));
        assert_eq!(cache.age_limit(), Some(Duration::from_millis(1)));
        cache.clear();
        cache.get_or_try_insert(key("old"), fetch).await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            2,
            "clear dropped the old entry"
        );
        // moka measures entry age on its own (real, coarse) clock: wait well past the 1 ms
        // ceiling.
        tokio::time::sleep(Duration::from_millis(1100)).await;
        cache.get_or_try_insert(key("old"), fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 3, "the capped entry aged out");
        cache.limit_age(None);
        assert_eq!(cache.age_limit(), None);
        cache.get_or_try_insert(key("new"), fetch).await.unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        cache.get_or_try_insert(key("new"), fetch).await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "without a ceiling the entry stays"
        );
    }

    #[tokio::test]
    async fn errors_are_not_kept_and_zero_age_disables() {
        let cache = IntrospectionCache::default();
        let calls = AtomicUsize::new(0);
        let failing = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>("denied")
        };
        assert!(cache.get_or_try_insert(key("t"), failing).await.is_err());
        assert!(cache.get_or_try_insert(key("t"), failing).await.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let off = IntrospectionCache::disabled();
        assert!(!off.is_enabled());
        let fetch = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, ()>(info(i64::MAX))
        };
        off.get_or_try_insert(key("t"), fetch).await.unwrap();
        off.get_or_try_insert(key("t"), fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        off.evict("t");
        assert_eq!(off.entry_count(), 0);
    }
}
