//! The metrics of the bearer layer's cache and of the revocation bus, recorded through the
//! [`metrics`](https://docs.rs/metrics) facade (feature `metrics`).
//!
//! ```no_run
//! use metrics_util::debugging::DebuggingRecorder;
//! use authlete_tower::bearer::metrics::CACHE_TOTAL;
//!
//! let recorder = DebuggingRecorder::new();
//! let snapshotter = recorder.snapshotter();
//! recorder.install().unwrap();
//! // … serve requests through an AuthleteBearer layer …
//! for (key, _, _, value) in snapshotter.snapshot().into_vec() {
//!     if key.key().name() == CACHE_TOTAL {
//!         println!("{:?} = {value:?}", key.key());
//!     }
//! }
//! ```
//!
//! | name | kind | labels | what |
//! |---|---|---|---|
//! | `authlete_bearer_cache_total` | counter | `result` | cache lookups of the bearer layer: `hit` (a fresh positive entry), `miss` (an introspection call was made), `negative_hit` (a remembered refusal), `stale` (a positive entry past its maximum age served because Authlete was unavailable) |
//! | `authlete_revocation_events_total` | counter | `direction` | revocation events `sent` to or `received` from the Redis bus |
//!
//! Requests that bypass the cache (DPoP proofs, a disabled cache) are not counted. No label
//! ever holds a token or anything else from a request.
#![cfg_attr(not(feature = "metrics"), allow(dead_code, unused_variables))]

/// Counter: bearer-cache lookups by `result` (`hit`, `miss`, `negative_hit`, `stale`).
pub const CACHE_TOTAL: &str = "authlete_bearer_cache_total";
/// Counter: revocation events by `direction` (`sent`, `received`).
pub const REVOCATION_EVENTS_TOTAL: &str = "authlete_revocation_events_total";

/// What a cache lookup came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CacheResult {
    Hit,
    Miss,
    NegativeHit,
    Stale,
}

impl CacheResult {
    fn label(self) -> &'static str {
        match self {
            CacheResult::Hit => "hit",
            CacheResult::Miss => "miss",
            CacheResult::NegativeHit => "negative_hit",
            CacheResult::Stale => "stale",
        }
    }
}

pub(crate) fn record_cache(result: CacheResult) {
    #[cfg(feature = "metrics")]
    metrics::counter!(CACHE_TOTAL, "result" => result.label()).increment(1);
}

/// A revocation event `sent` or `received`.
pub(crate) fn record_revocation_event(direction: &'static str) {
    #[cfg(feature = "metrics")]
    metrics::counter!(REVOCATION_EVENTS_TOTAL, "direction" => direction).increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_have_the_documented_labels() {
        let labels: Vec<_> = [
            CacheResult::Hit,
            CacheResult::Miss,
            CacheResult::NegativeHit,
            CacheResult::Stale,
        ]
        .into_iter()
        .map(CacheResult::label)
        .collect();
        assert_eq!(labels, ["hit", "miss", "negative_hit", "stale"]);
    }
}
