//! [`IntrospectionCache`]: introspection results kept for a short while (RFC 7662 §4).
//!
//! ```
//! use std::time::Duration;
//! use authlete_tower::bearer::IntrospectionCache;
//!
//! let cache = IntrospectionCache::builder()
//!     .max_age(Duration::from_secs(30))
//!     .max_entries(50_000)
//!     .negative_ttl(Duration::from_secs(5))
//!     .stale_if_error(Duration::from_secs(60))
//!     .build();
//! // Share it between layers, and evict on revocation:
//! cache.evict("a-revoked-access-token");
//! ```
//!
//! **Positive entries.** `OK` answers are kept at most the configured maximum age and never past
//! the token's `expiresAt`, both checked against the injected [`Clock`] on every read. The key is
//! a SHA-256 digest of the token and, separately, of the policy inputs (required scopes, subject,
//! client certificate): the raw token is never stored. Concurrent misses for one key make one
//! backend call.
//!
//! **Negative entries.** A token Authlete refused as invalid, expired or revoked (introspection
//! action `UNAUTHORIZED`) is remembered for a short TTL ([`negative_ttl`], default 5 s, zero
//! turns it off) in a store of its own ([`negative_max_entries`], default 10 000), keyed like the
//! positive entries: a flood of bad tokens reaches Authlete once per token per TTL. `FORBIDDEN`
//! (insufficient scope), `BAD_REQUEST` and every failure to get an answer (5xx, timeout, an open
//! breaker) are never remembered.
//!
//! **Serve stale on error.** With [`stale_if_error`] above zero (default zero: off), a positive
//! entry past its maximum age is kept for that grace period more. A read of such an entry asks
//! Authlete again; only when Authlete is unavailable ([`ApiError::is_unavailable`]: breaker open,
//! timeout, connection failure, 5xx, 429) is the old answer served instead of 503 — never past
//! the token's `expiresAt`. The trade-off: during an outage a token revoked at the authorization
//! server may be accepted for up to maximum age + grace, unless its eviction reaches this cache
//! ([`IntrospectionCache::evict`], or a revocation bus). Keep the grace short where revocation
//! must bite quickly.
//!
//! [`IntrospectionCache::evict`], [`IntrospectionCache::clear`] and revocation events drop
//! positive and negative entries alike.
//!
//! [`negative_ttl`]: IntrospectionCacheBuilder::negative_ttl
//! [`negative_max_entries`]: IntrospectionCacheBuilder::negative_max_entries
//! [`stale_if_error`]: IntrospectionCacheBuilder::stale_if_error
//! [`ApiError::is_unavailable`]: crate::api::ApiError::is_unavailable

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use quick_cache::sync::Cache;
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

use super::metrics::{self, CacheResult};
use super::{AccessTokenInfo, BearerRejection, RejectionKind};
use crate::clock::{Clock, SystemClock};

/// The default maximum age of an entry.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(60);
/// The default maximum number of entries.
pub const DEFAULT_MAX_ENTRIES: u64 = 100_000;
/// The default time a refused token is remembered.
pub const DEFAULT_NEGATIVE_TTL: Duration = Duration::from_secs(5);
/// The default maximum number of refused tokens remembered.
pub const DEFAULT_NEGATIVE_MAX_ENTRIES: u64 = 10_000;

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
        Self::with_policy(
            token,
            Self::policy(scopes, subject, &[], &[], None, client_certificate),
        )
    }

    /// The key of `token` checked against a policy digest from [`CacheKey::policy`].
    pub(crate) fn with_policy(token: &str, policy: [u8; 32]) -> Self {
        CacheKey {
            token: token_digest(token),
            policy,
        }
    }

    /// The digest of the policy inputs: required scopes, subject, resources, ACR values, maximum
    /// authentication age, client certificate.
    pub(crate) fn policy(
        scopes: &[String],
        subject: Option<&str>,
        resources: &[String],
        acr_values: &[String],
        max_age: Option<u64>,
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
        field(&(resources.len() as u64).to_be_bytes());
        for resource in resources {
            field(resource.as_bytes());
        }
        field(&(acr_values.len() as u64).to_be_bytes());
        for acr in acr_values {
            field(acr.as_bytes());
        }
        match max_age {
            None => field(b"\0none"),
            Some(seconds) => field(&seconds.to_be_bytes()),
        }
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

/// A positive entry: the answer and, by the injected clock, until when it is fresh and until
/// when it may be served while Authlete is unavailable.
#[derive(Clone)]
struct Positive {
    info: AccessTokenInfo,
    fresh_until: i64,
    stale_until: i64,
}

/// A negative entry: the refusal, and until when (by the injected clock) it is remembered.
#[derive(Clone)]
struct Negative {
    rejection: BearerRejection,
    until: i64,
}

/// How often, at most, inserting sweeps out the entries that can no longer be served (by the
/// injected clock). Between sweeps such entries only take room, bounded by the capacity, and
/// reading one removes it.
const SWEEP_EVERY_MILLIS: i64 = 1_000;

/// The time from `now` to `deadline`, both in milliseconds; zero when it has passed.
#[cfg(test)]
fn until(deadline: i64, now: i64) -> Duration {
    Duration::from_millis(u64::try_from(deadline.saturating_sub(now)).unwrap_or(0))
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// `now + age`, never past the token's `expiresAt`.
fn deadline(age: Duration, info: &AccessTokenInfo, now: i64) -> i64 {
    let end = now.saturating_add(millis(age));
    match info.expires_at_millis() {
        Some(expires_at) => end.min(expires_at),
        None => end,
    }
}

#[cfg(test)]
fn remaining(max_age: Duration, info: &AccessTokenInfo, now_millis: i64) -> Duration {
    until(deadline(max_age, info, now_millis), now_millis)
}

/// Builds an [`IntrospectionCache`].
#[derive(Debug, Clone)]
pub struct IntrospectionCacheBuilder {
    max_age: Duration,
    max_entries: u64,
    negative_ttl: Duration,
    negative_max_entries: u64,
    stale_if_error: Duration,
    clock: Arc<dyn Clock>,
}

impl IntrospectionCacheBuilder {
    /// The longest a valid token's answer is kept (default 60 s). Zero turns the positive cache
    /// off.
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The most positive entries kept (default 100 000); the least useful are dropped first.
    pub fn max_entries(mut self, max_entries: u64) -> Self {
        self.max_entries = max_entries;
        self
    }

    /// How long a token Authlete refused as invalid, expired or revoked is remembered (default
    /// 5 s). Zero turns the negative cache off.
    pub fn negative_ttl(mut self, ttl: Duration) -> Self {
        self.negative_ttl = ttl;
        self
    }

    /// The most refused tokens remembered (default 10 000), apart from the positive entries.
    pub fn negative_max_entries(mut self, max_entries: u64) -> Self {
        self.negative_max_entries = max_entries;
        self
    }

    /// How long past its maximum age a positive entry may still be served while Authlete is
    /// unavailable (default zero: never). Never past the token's `expiresAt`; see the module
    /// documentation for the trade-off with revocation.
    pub fn stale_if_error(mut self, grace: Duration) -> Self {
        self.stale_if_error = grace;
        self
    }

    /// The clock that decides whether an entry is fresh and whether a token has expired
    /// (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Builds the cache.
    pub fn build(self) -> IntrospectionCache {
        let capacity = |entries: u64| usize::try_from(entries).unwrap_or(usize::MAX);
        let store = (!self.max_age.is_zero() && self.max_entries > 0)
            .then(|| Cache::new(capacity(self.max_entries)));
        let negative = (!self.negative_ttl.is_zero() && self.negative_max_entries > 0)
            .then(|| Cache::new(capacity(self.negative_max_entries)));
        let now = self.clock.now_millis();
        IntrospectionCache {
            inner: Arc::new(Inner {
                store,
                negative,
                in_flight: std::sync::Mutex::default(),
                max_age: self.max_age,
                negative_ttl: self.negative_ttl,
                stale_if_error: self.stale_if_error,
                ceiling_millis: AtomicU64::new(NO_CEILING),
                swept_at: AtomicI64::new(now),
                clock: self.clock,
            }),
        }
    }
}

/// The answer of one backend call, shared by every request that missed the same key meanwhile.
type Flight = Arc<OnceCell<Result<Positive, Arc<BearerRejection>>>>;

struct Inner {
    /// A concurrent CLOCK-Pro cache holding key and value inline (`quick_cache`): a hit is a
    /// lookup under a shard's read lock, with no future, no per-read bookkeeping and about 21
    /// bytes of overhead per entry; misses coalesce through `in_flight`. Freshness is decided by
    /// the injected clock on every read; [`SWEEP_EVERY_MILLIS`] bounds how long an entry past
    /// use stays.
    store: Option<Cache<CacheKey, Positive>>,
    negative: Option<Cache<CacheKey, Negative>>,
    /// The misses being fetched, one flight per key (single flight).
    in_flight: std::sync::Mutex<std::collections::HashMap<CacheKey, Flight>>,
    max_age: Duration,
    negative_ttl: Duration,
    stale_if_error: Duration,
    /// A ceiling on the age of entries created from now on, in milliseconds ([`NO_CEILING`]:
    /// none); lowered while revocation events may be missed.
    ceiling_millis: AtomicU64,
    /// When, by the clock, the stores were last swept of entries that can no longer be served.
    swept_at: AtomicI64,
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
            .field("negative_entries", &self.negative_entry_count())
            .field("stale_if_error", &self.inner.stale_if_error)
            .finish()
    }
}

impl Default for IntrospectionCache {
    fn default() -> Self {
        Self::builder().build()
    }
}

impl IntrospectionCache {
    /// A builder with the defaults: 60 s, 100 000 entries, refused tokens remembered 5 s (10 000
    /// of them), no stale answers, the system clock.
    pub fn builder() -> IntrospectionCacheBuilder {
        IntrospectionCacheBuilder {
            max_age: DEFAULT_MAX_AGE,
            max_entries: DEFAULT_MAX_ENTRIES,
            negative_ttl: DEFAULT_NEGATIVE_TTL,
            negative_max_entries: DEFAULT_NEGATIVE_MAX_ENTRIES,
            stale_if_error: Duration::ZERO,
            clock: Arc::new(SystemClock),
        }
    }

    /// A cache that never keeps anything, positive or negative.
    pub fn disabled() -> Self {
        Self::builder()
            .max_age(Duration::ZERO)
            .negative_ttl(Duration::ZERO)
            .build()
    }

    /// The time by the cache's clock, in milliseconds: the clock that also decides step-up
    /// freshness (a maximum authentication age), so a cached answer and its age agree.
    pub(crate) fn now_millis(&self) -> i64 {
        self.inner.clock.now_millis()
    }

    /// Whether the cache keeps anything (positive or negative entries).
    pub fn is_enabled(&self) -> bool {
        self.inner.store.is_some() || self.inner.negative.is_some()
    }

    /// The number of positive entries, counting those past use that the next sweep will drop
    /// (see [`run_pending_tasks`](Self::run_pending_tasks)).
    pub fn entry_count(&self) -> u64 {
        self.inner
            .store
            .as_ref()
            .map_or(0, |store| store.len() as u64)
    }

    /// The number of negative entries (refused tokens remembered), counting those past their TTL
    /// that the next sweep will drop.
    pub fn negative_entry_count(&self) -> u64 {
        self.inner
            .negative
            .as_ref()
            .map_or(0, |store| store.len() as u64)
    }

    /// Drops every cached result of `token`, positive or negative, whatever the policy it was
    /// checked against. Synchronous and immediate: no later lookup returns an entry inserted
    /// before this call.
    pub fn evict(&self, token: &str) {
        self.evict_digest(token_digest(token));
    }

    /// Drops every cached result of the token whose SHA-256 digest is `digest` (a revocation
    /// event from another replica).
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) fn evict_digest(&self, digest: [u8; 32]) {
        // One pass over the entries, under each shard's write lock in turn: a token rarely has
        // more than one policy, and the key is its digest, so no index is kept for this.
        if let Some(store) = &self.inner.store {
            store.retain(|key, _| key.token != digest);
        }
        if let Some(negative) = &self.inner.negative {
            negative.retain(|key, _| key.token != digest);
        }
    }

    /// Drops every entry, positive and negative. No later lookup returns an entry inserted
    /// before this call.
    pub fn clear(&self) {
        if let Some(store) = &self.inner.store {
            store.clear();
        }
        if let Some(negative) = &self.inner.negative {
            negative.clear();
        }
    }

    /// Caps the age of entries created from now on at `ceiling` (`None`: the configured maximum
    /// age again); while a ceiling is set, no stale answer is served from new entries either.
    /// Entries already cached keep their lifetime; call [`clear`](Self::clear) too when they
    /// must not outlive the ceiling.
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

    /// Drops now, by the clock, every entry that can no longer be served (past its stale-if-error
    /// grace, its token's expiry, or its negative TTL), which inserting otherwise does at most
    /// once a second; useful in tests and benchmarks that look at
    /// [`entry_count`](Self::entry_count).
    pub async fn run_pending_tasks(&self) {
        self.sweep(self.inner.clock.now_millis());
    }

    /// Drops the entries that can no longer be served at `now`.
    fn sweep(&self, now: i64) {
        self.inner.swept_at.store(now, Ordering::Relaxed);
        if let Some(store) = &self.inner.store {
            store.retain(|_, entry| now < entry.stale_until);
        }
        if let Some(negative) = &self.inner.negative {
            negative.retain(|_, entry| now < entry.until);
        }
    }

    /// Sweeps when the last sweep is more than [`SWEEP_EVERY_MILLIS`] old (one caller does it).
    fn sweep_if_due(&self, now: i64) {
        let swept_at = self.inner.swept_at.load(Ordering::Relaxed);
        if now.saturating_sub(swept_at) >= SWEEP_EVERY_MILLIS
            && self
                .inner
                .swept_at
                .compare_exchange(swept_at, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            self.sweep(now);
        }
    }

    /// Keeps a positive entry (after a sweep, when one is due).
    fn keep(&self, store: &Cache<CacheKey, Positive>, key: CacheKey, entry: Positive) {
        self.sweep_if_due(self.inner.clock.now_millis());
        store.insert(key, entry);
    }

    /// The fresh cached answer for `key`, without a future: `None` when the key is not cached,
    /// is remembered as refused, or its entry is past its maximum age or its token's expiry by
    /// the clock (the caller then takes the full path, [`get_or_try_insert`](Self::get_or_try_insert)).
    pub(crate) fn fresh(&self, key: &CacheKey) -> Option<AccessTokenInfo> {
        let store = self.inner.store.as_ref()?;
        if let Some(negative) = &self.inner.negative
            && negative.contains_key(key)
        {
            return None;
        }
        let cached = store.get(key)?;
        if self.inner.clock.now_millis() < cached.fresh_until {
            metrics::record_cache(CacheResult::Hit);
            Some(cached.info)
        } else {
            None
        }
    }

    /// The cached answer for `key`, or the answer of `introspect()` (one call for all
    /// concurrent misses). A refusal of kind [`RejectionKind::InvalidToken`] is remembered for
    /// the negative TTL; other refusals and failures are shared with the waiters but never kept.
    /// An entry past its maximum age, or whose token has expired by the clock, is looked up
    /// again; when that fails because Authlete is unavailable, an entry within the
    /// stale-if-error grace (and before `expiresAt`) is served instead.
    pub(crate) async fn get_or_try_insert<F, Fut>(
        &self,
        key: CacheKey,
        introspect: F,
    ) -> Result<AccessTokenInfo, Arc<BearerRejection>>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<AccessTokenInfo, BearerRejection>>,
    {
        if let Some(negative) = &self.inner.negative
            && let Some(entry) = negative.get(&key)
        {
            if entry.until > self.inner.clock.now_millis() {
                metrics::record_cache(CacheResult::NegativeHit);
                return Err(Arc::new(entry.rejection));
            }
            negative.remove(&key);
        }
        let fetch = || async {
            metrics::record_cache(CacheResult::Miss);
            match introspect().await {
                Ok(info) => Ok(self.positive(info)),
                Err(rejection) => {
                    self.remember_refusal(key, &rejection);
                    Err(rejection)
                }
            }
        };
        let Some(store) = &self.inner.store else {
            return fetch().await.map(|entry| entry.info).map_err(Arc::new);
        };
        let Some(cached) = store.get(&key) else {
            return self.fly(store, key, fetch).await.map(|entry| entry.info);
        };
        let now = self.inner.clock.now_millis();
        if now < cached.fresh_until {
            metrics::record_cache(CacheResult::Hit);
            return Ok(cached.info);
        }
        // Past its maximum age, or its token has expired: ask again.
        match fetch().await {
            Ok(renewed) => {
                let info = renewed.info.clone();
                self.keep(store, key, renewed);
                Ok(info)
            }
            Err(rejection)
                if rejection.kind() == RejectionKind::Unavailable && now < cached.stale_until =>
            {
                tracing::warn!("Authlete unavailable: serving a stale introspection answer");
                metrics::record_cache(CacheResult::Stale);
                Ok(cached.info)
            }
            Err(rejection) => {
                store.remove(&key);
                Err(Arc::new(rejection))
            }
        }
    }

    /// One backend call for all concurrent misses of `key`: the first runs `fetch` and keeps a
    /// positive answer; the others wait for its answer, positive or not. If the first is dropped
    /// before it finishes, a waiter runs its own `fetch` instead.
    async fn fly<F, Fut>(
        &self,
        store: &Cache<CacheKey, Positive>,
        key: CacheKey,
        fetch: F,
    ) -> Result<Positive, Arc<BearerRejection>>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Positive, BearerRejection>>,
    {
        let flight = {
            let mut in_flight = self.in_flight();
            in_flight.entry(key).or_default().clone()
        };
        let answer = flight
            .get_or_init(|| async {
                // A flight that ended between our miss and our joining left its answer here.
                if let Some(cached) = store.get(&key)
                    && self.inner.clock.now_millis() < cached.fresh_until
                {
                    return Ok(cached);
                }
                let answer = fetch().await;
                if let Ok(entry) = &answer {
                    self.keep(store, key, entry.clone());
                }
                answer.map_err(Arc::new)
            })
            .await
            .clone();
        let mut in_flight = self.in_flight();
        if in_flight
            .get(&key)
            .is_some_and(|current| Arc::ptr_eq(current, &flight))
        {
            in_flight.remove(&key);
        }
        answer
    }

    fn in_flight(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<CacheKey, Flight>> {
        self.inner
            .in_flight
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A positive entry for `info`, fresh for the maximum age (or the current ceiling) and
    /// servable on error for the grace after it, never past `expiresAt`.
    fn positive(&self, info: AccessTokenInfo) -> Positive {
        let now = self.inner.clock.now_millis();
        let ceiling = self.inner.ceiling_millis.load(Ordering::Relaxed);
        let (max_age, grace) = if ceiling == NO_CEILING {
            (self.inner.max_age, self.inner.stale_if_error)
        } else {
            (
                self.inner.max_age.min(Duration::from_millis(ceiling)),
                Duration::ZERO,
            )
        };
        let fresh_until = deadline(max_age, &info, now);
        let stale_until = deadline(max_age.saturating_add(grace), &info, now);
        Positive {
            info,
            fresh_until,
            stale_until,
        }
    }

    fn remember_refusal(&self, key: CacheKey, rejection: &BearerRejection) {
        if rejection.kind() != RejectionKind::InvalidToken {
            return;
        }
        if let Some(negative) = &self.inner.negative {
            let now = self.inner.clock.now_millis();
            self.sweep_if_due(now);
            let until = now.saturating_add(millis(self.inner.negative_ttl));
            let rejection = rejection.clone();
            negative.insert(key, Negative { rejection, until });
        }
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
        let for_resource = CacheKey::policy(
            &[],
            None,
            &["https://api.example.com".into()],
            &[],
            None,
            None,
        );
        assert!(key("a") != CacheKey::with_policy("a", for_resource));
        let for_acr = CacheKey::policy(&[], None, &[], &["mfa".into()], None, None);
        assert!(key("a") != CacheKey::with_policy("a", for_acr));
        let for_age = CacheKey::policy(&[], None, &[], &[], Some(60), None);
        assert!(key("a") != CacheKey::with_policy("a", for_age));
        assert!(
            for_age != CacheKey::policy(&[], None, &[], &[], Some(61), None),
            "two ages are two policies"
        );
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
            Ok::<_, BearerRejection>(info(expires_at))
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
            Ok::<_, BearerRejection>(info(expires_at))
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
        clock.advance(Duration::from_millis(2));
        cache.get_or_try_insert(key("old"), fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 3, "the capped entry aged out");
        cache.limit_age(None);
        assert_eq!(cache.age_limit(), None);
        cache.get_or_try_insert(key("new"), fetch).await.unwrap();
        clock.advance(Duration::from_millis(1100));
        cache.get_or_try_insert(key("new"), fetch).await.unwrap();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "without a ceiling the entry stays"
        );
    }

    #[tokio::test]
    async fn entries_past_use_are_swept_by_the_clock() {
        let clock = ManualClock::new();
        let cache = IntrospectionCache::builder()
            .clock(Arc::new(clock.clone()))
            .max_age(Duration::from_secs(10))
            .stale_if_error(Duration::from_secs(5))
            .negative_ttl(Duration::from_secs(5))
            .build();
        let long_lived = clock.now_millis() + 3_600_000;
        let fetch = || async { Ok::<_, BearerRejection>(info(long_lived)) };
        let refuse = || async { Err::<AccessTokenInfo, _>(BearerRejection::invalid_token("no")) };
        cache.get_or_try_insert(key("a"), fetch).await.unwrap();
        cache.get_or_try_insert(key("b"), fetch).await.unwrap();
        assert!(cache.get_or_try_insert(key("bad"), refuse).await.is_err());
        assert_eq!((cache.entry_count(), cache.negative_entry_count()), (2, 1));

        // Past the negative TTL and the maximum age, within the grace: only the refusal goes.
        clock.advance(Duration::from_secs(12));
        cache.run_pending_tasks().await;
        assert_eq!((cache.entry_count(), cache.negative_entry_count()), (2, 0));

        // Past the grace too: an insertion (more than a second after the last sweep) sweeps.
        clock.advance(Duration::from_secs(4));
        cache.get_or_try_insert(key("c"), fetch).await.unwrap();
        assert_eq!(cache.entry_count(), 1, "only the new entry is left");
        cache.clear();
        assert_eq!(cache.entry_count(), 0);
    }

    #[tokio::test]
    async fn errors_are_not_kept_and_zero_age_disables() {
        let cache = IntrospectionCache::default();
        let calls = AtomicUsize::new(0);
        let failing = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>(BearerRejection::insufficient_scope("", "denied"))
        };
        assert!(cache.get_or_try_insert(key("t"), failing).await.is_err());
        assert!(cache.get_or_try_insert(key("t"), failing).await.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let off = IntrospectionCache::disabled();
        assert!(!off.is_enabled());
        let fetch = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, BearerRejection>(info(i64::MAX))
        };
        off.get_or_try_insert(key("t"), fetch).await.unwrap();
        off.get_or_try_insert(key("t"), fetch).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 4);
        off.evict("t");
        assert_eq!(off.entry_count(), 0);
    }

    fn unavailable() -> BearerRejection {
        BearerRejection::server_error(RejectionKind::Unavailable)
    }

    #[tokio::test]
    async fn refusals_are_remembered_for_the_negative_ttl_by_the_clock() {
        let clock = ManualClock::new();
        let cache = IntrospectionCache::builder()
            .clock(Arc::new(clock.clone()))
            .negative_ttl(Duration::from_secs(5))
            .build();
        let calls = AtomicUsize::new(0);
        let refuse = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>(BearerRejection::invalid_token("revoked"))
        };
        let first = cache
            .get_or_try_insert(key("bad"), refuse)
            .await
            .unwrap_err();
        let second = cache
            .get_or_try_insert(key("bad"), refuse)
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(second.kind(), RejectionKind::InvalidToken);
        assert_eq!(second.www_authenticate(), first.www_authenticate());

        let other_policy = CacheKey::new("bad", &["x".into()], None, None);
        cache
            .get_or_try_insert(other_policy, refuse)
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "keyed with the policy");

        clock.advance(Duration::from_secs(6));
        cache
            .get_or_try_insert(key("bad"), refuse)
            .await
            .unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 3, "asked again after the TTL");

        cache.evict("bad");
        cache
            .get_or_try_insert(key("bad"), refuse)
            .await
            .unwrap_err();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "evict drops negative entries"
        );
        cache.clear();
        cache
            .get_or_try_insert(key("bad"), refuse)
            .await
            .unwrap_err();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            5,
            "clear drops negative entries"
        );
    }

    #[tokio::test]
    async fn only_invalid_token_refusals_are_remembered_and_misses_coalesce() {
        let cache = IntrospectionCache::default();
        let calls = AtomicUsize::new(0);
        let down = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>(unavailable())
        };
        cache.get_or_try_insert(key("t"), down).await.unwrap_err();
        cache.get_or_try_insert(key("t"), down).await.unwrap_err();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "unavailable is never kept");

        let slow_refusal = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            Err::<AccessTokenInfo, _>(BearerRejection::invalid_token("unknown"))
        };
        let lookups = (0..20).map(|_| cache.get_or_try_insert(key("u"), slow_refusal));
        let answers = futures_util::future::join_all(lookups).await;
        assert!(answers.iter().all(Result::is_err));
        assert_eq!(
            calls.load(Ordering::SeqCst),
            3,
            "20 concurrent misses, one call"
        );

        let off = IntrospectionCache::builder()
            .negative_ttl(Duration::ZERO)
            .build();
        let refuse = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>(BearerRejection::invalid_token("unknown"))
        };
        off.get_or_try_insert(key("v"), refuse).await.unwrap_err();
        off.get_or_try_insert(key("v"), refuse).await.unwrap_err();
        assert_eq!(
            calls.load(Ordering::SeqCst),
            5,
            "a zero TTL remembers nothing"
        );
    }

    #[tokio::test]
    async fn stale_entries_are_served_only_on_unavailability_within_grace_and_exp() {
        let clock = ManualClock::new();
        let cache = IntrospectionCache::builder()
            .clock(Arc::new(clock.clone()))
            .max_age(Duration::from_secs(10))
            .stale_if_error(Duration::from_secs(60))
            .build();
        let calls = AtomicUsize::new(0);
        let expires_at = clock.now_millis() + 3_600_000;
        let ok = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, BearerRejection>(info(expires_at))
        };
        let down = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>(unavailable())
        };
        let refuse = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err::<AccessTokenInfo, _>(BearerRejection::invalid_token("revoked"))
        };
        cache.get_or_try_insert(key("t"), ok).await.unwrap();
        cache.get_or_try_insert(key("t"), down).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1, "fresh: no call");

        clock.advance(Duration::from_secs(11));
        cache.get_or_try_insert(key("t"), down).await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 2, "stale: asked, then served");
        clock.advance(Duration::from_secs(58));
        cache.get_or_try_insert(key("t"), down).await.unwrap();
        clock.advance(Duration::from_secs(1));
        let late = cache.get_or_try_insert(key("t"), down).await.unwrap_err();
        assert_eq!(late.kind(), RejectionKind::Unavailable, "past the grace");

        // A refusal while stale is believed, and drops the entry.
        cache.get_or_try_insert(key("r"), ok).await.unwrap();
        clock.advance(Duration::from_secs(11));
        let refused = cache.get_or_try_insert(key("r"), refuse).await.unwrap_err();
        assert_eq!(refused.kind(), RejectionKind::InvalidToken);

        // Never past expiresAt.
        let soon = clock.now_millis() + 15_000;
        let short = || async { Ok::<_, BearerRejection>(info(soon)) };
        cache.get_or_try_insert(key("e"), short).await.unwrap();
        clock.advance(Duration::from_secs(12));
        cache.get_or_try_insert(key("e"), down).await.unwrap();
        clock.advance(Duration::from_secs(4));
        let expired = cache.get_or_try_insert(key("e"), down).await.unwrap_err();
        assert_eq!(expired.kind(), RejectionKind::Unavailable, "past exp");
    }

    #[tokio::test]
    async fn without_grace_a_stale_entry_is_never_served() {
        let clock = ManualClock::new();
        let cache = IntrospectionCache::builder()
            .clock(Arc::new(clock.clone()))
            .max_age(Duration::from_secs(10))
            .build();
        let expires_at = clock.now_millis() + 3_600_000;
        let ok = || async { Ok::<_, BearerRejection>(info(expires_at)) };
        let down = || async { Err::<AccessTokenInfo, _>(unavailable()) };
        cache.get_or_try_insert(key("t"), ok).await.unwrap();
        clock.advance(Duration::from_secs(11));
        let refused = cache.get_or_try_insert(key("t"), down).await.unwrap_err();
        assert_eq!(refused.kind(), RejectionKind::Unavailable);
    }
}
