//! [`BreakerPolicy`] and [`BreakerState`]: a circuit breaker per Authlete API, so that calls fail
//! at once while Authlete is down instead of each waiting for its timeout.
//!
//! ```
//! use std::time::Duration;
//! use authlete_tower::api::{BreakerPolicy, BreakerState};
//! use authlete_tower::{AuthleteClient, AuthleteConfig, Operation};
//!
//! # fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let config = AuthleteConfig::v3("https://us.authlete.com", "715948317", "service-access-token")?;
//! let client = AuthleteClient::builder(config)
//!     .circuit_breaker(
//!         BreakerPolicy::default()
//!             .failure_threshold(10)
//!             .cool_down(Duration::from_secs(2)),
//!     )
//!     .build()?;
//! assert_eq!(client.breaker_state(Operation::Introspection), BreakerState::Closed);
//! # Ok(()) }
//! # run().unwrap();
//! ```
//!
//! Each operation has its own breaker. It counts consecutive attempts that found Authlete
//! unavailable (connection errors, timeouts, any 5xx, 429); any other answer — a success, a 4xx,
//! a body that is not JSON — resets the count. At the threshold the breaker **opens**: calls fail
//! with [`ApiError::CircuitOpen`](super::ApiError::CircuitOpen), carrying the remaining cool-down,
//! without reaching Authlete. After the cool-down the next call is let through as a **half-open**
//! probe (the others still fail fast): its success closes the breaker, its failure opens it for
//! another cool-down. The state is a few atomics per operation: no lock on the hot path.

use std::sync::atomic::{AtomicU8, AtomicU32, AtomicU64, Ordering::SeqCst};
use std::time::{Duration, Instant};

use http::StatusCode;

use super::{ApiError, Operation, metrics};

/// When a breaker opens and how long it stays open.
///
/// The default: open after 5 consecutive failures, for 5 s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct BreakerPolicy {
    failure_threshold: u32,
    cool_down: Duration,
}

impl Default for BreakerPolicy {
    fn default() -> Self {
        BreakerPolicy {
            failure_threshold: 5,
            cool_down: Duration::from_secs(5),
        }
    }
}

impl BreakerPolicy {
    /// No breaker: every call reaches Authlete, however many failed before.
    pub fn disabled() -> Self {
        BreakerPolicy::default().failure_threshold(0)
    }

    /// How many consecutive failures open the breaker (default 5; 0 disables it).
    pub fn failure_threshold(mut self, failures: u32) -> Self {
        self.failure_threshold = failures;
        self
    }

    /// How long an open breaker refuses calls before a probe (default 5 s).
    pub fn cool_down(mut self, cool_down: Duration) -> Self {
        self.cool_down = cool_down;
        self
    }

    /// Whether the breaker is on.
    pub fn is_enabled(&self) -> bool {
        self.failure_threshold > 0
    }
}

/// The state of one operation's breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BreakerState {
    /// Calls go through (the normal state, and the state of a disabled breaker).
    Closed,
    /// The cool-down is over and one probe call is deciding.
    HalfOpen,
    /// Calls fail at once; once the cool-down is over the next call becomes a probe.
    Open,
}

impl BreakerState {
    fn from_u8(value: u8) -> Self {
        match value {
            CLOSED => BreakerState::Closed,
            HALF_OPEN => BreakerState::HalfOpen,
            _ => BreakerState::Open,
        }
    }

    /// The value of the `authlete_api_breaker_state` gauge: 0 closed, 1 half-open, 2 open.
    pub fn as_gauge(self) -> f64 {
        match self {
            BreakerState::Closed => 0.0,
            BreakerState::HalfOpen => 1.0,
            BreakerState::Open => 2.0,
        }
    }
}

const CLOSED: u8 = 0;
const HALF_OPEN: u8 = 1;
const OPEN: u8 = 2;

/// Whether the outcome of an attempt counts as Authlete being unavailable.
pub(crate) fn counts_as_failure(error: &ApiError) -> bool {
    match error {
        ApiError::Transport { .. } | ApiError::Timeout { .. } => true,
        ApiError::Api { status, .. } => {
            status.is_server_error() || *status == StatusCode::TOO_MANY_REQUESTS
        }
        _ => false,
    }
}

#[derive(Default)]
struct Slot {
    state: AtomicU8,
    failures: AtomicU32,
    /// When the breaker last opened, in nanoseconds since `Breakers::epoch`.
    opened_at: AtomicU64,
}

/// The breakers of one client, one slot per [`Operation`].
pub(crate) struct Breakers {
    policy: BreakerPolicy,
    epoch: Instant,
    slots: Box<[Slot]>,
}

impl std::fmt::Debug for Breakers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Breakers")
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

impl Breakers {
    pub(crate) fn new(policy: BreakerPolicy) -> Self {
        let slots = Operation::ALL.iter().map(|_| Slot::default()).collect();
        Breakers {
            policy,
            epoch: Instant::now(),
            slots,
        }
    }

    pub(crate) fn policy(&self) -> BreakerPolicy {
        self.policy
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn slot(&self, operation: Operation) -> &Slot {
        &self.slots[operation.index()]
    }

    pub(crate) fn state(&self, operation: Operation) -> BreakerState {
        BreakerState::from_u8(self.slot(operation).state.load(SeqCst))
    }

    /// Lets a call through, or answers how long until the next probe.
    pub(crate) fn admit(&self, operation: Operation) -> Result<Permit<'_>, Duration> {
        self.admit_at(operation, self.now())
    }

    fn admit_at(&self, operation: Operation, now: u64) -> Result<Permit<'_>, Duration> {
        let permit = |probe| Permit {
            breakers: self,
            operation,
            probe,
            settled: false,
        };
        if !self.policy.is_enabled() {
            return Ok(permit(false));
        }
        let slot = self.slot(operation);
        match slot.state.load(SeqCst) {
            CLOSED => Ok(permit(false)),
            HALF_OPEN => Err(Duration::ZERO),
            _ => {
                let open_for =
                    Duration::from_nanos(now.saturating_sub(slot.opened_at.load(SeqCst)));
                if open_for < self.policy.cool_down {
                    return Err(self.policy.cool_down - open_for);
                }
                match slot.state.compare_exchange(OPEN, HALF_OPEN, SeqCst, SeqCst) {
                    Ok(_) => {
                        tracing::debug!(
                            api = operation.path(),
                            "circuit breaker half-open: probing"
                        );
                        metrics::record_breaker(operation, BreakerState::HalfOpen);
                        Ok(permit(true))
                    }
                    // Another call won the probe, or a success closed the breaker meanwhile.
                    Err(CLOSED) => Ok(permit(false)),
                    Err(_) => Err(Duration::ZERO),
                }
            }
        }
    }

    fn open(&self, operation: Operation, now: u64, failures: u32) {
        let slot = self.slot(operation);
        slot.opened_at.store(now, SeqCst);
        let previous = slot.state.swap(OPEN, SeqCst);
        if previous != OPEN {
            tracing::warn!(
                api = operation.path(),
                failures,
                cool_down_ms = self.policy.cool_down.as_millis() as u64,
                "circuit breaker opened: Authlete is unavailable, calls fail fast"
            );
            metrics::record_breaker(operation, BreakerState::Open);
        }
    }

    fn settle_at(&self, operation: Operation, probe: bool, failed: bool, now: u64) {
        let slot = self.slot(operation);
        if failed {
            let failures = slot.failures.fetch_add(1, SeqCst).saturating_add(1);
            // A failed probe reopens; a failure of a normal call opens at the threshold (unless
            // a probe is deciding or the breaker is open already).
            let threshold = failures >= self.policy.failure_threshold;
            if probe || (threshold && slot.state.load(SeqCst) == CLOSED) {
                self.open(operation, now, failures);
            }
        } else {
            slot.failures.store(0, SeqCst);
            if probe && slot.state.swap(CLOSED, SeqCst) != CLOSED {
                tracing::info!(
                    api = operation.path(),
                    "circuit breaker closed: Authlete answers again"
                );
                metrics::record_breaker(operation, BreakerState::Closed);
            }
        }
    }
}

/// One call let through by a breaker. Settle it with the call's outcome; a probe dropped
/// unsettled (its call was cancelled) leaves the breaker open, to be probed by the next call.
pub(crate) struct Permit<'a> {
    breakers: &'a Breakers,
    operation: Operation,
    probe: bool,
    settled: bool,
}

impl Permit<'_> {
    pub(crate) fn settle(mut self, failed: bool) {
        self.settled = true;
        if self.breakers.policy.is_enabled() {
            let now = self.breakers.now();
            self.breakers
                .settle_at(self.operation, self.probe, failed, now);
        }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        if self.probe && !self.settled {
            let slot = self.breakers.slot(self.operation);
            // The cool-down is over already: the next call probes again.
            if slot
                .state
                .compare_exchange(HALF_OPEN, OPEN, SeqCst, SeqCst)
                .is_ok()
            {
                metrics::record_breaker(self.operation, BreakerState::Open);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: Operation = Operation::Introspection;
    const MS: u64 = 1_000_000;

    fn breakers() -> Breakers {
        Breakers::new(
            BreakerPolicy::default()
                .failure_threshold(3)
                .cool_down(Duration::from_millis(100)),
        )
    }

    fn fail(breakers: &Breakers, at: u64) {
        let permit = breakers.admit_at(OP, at).expect("admitted");
        let probe = permit.probe;
        std::mem::forget(permit);
        breakers.settle_at(OP, probe, true, at);
    }

    #[test]
    fn opens_after_the_threshold_and_fails_fast_for_the_cool_down() {
        let b = breakers();
        fail(&b, 0);
        fail(&b, MS);
        assert_eq!(b.state(OP), BreakerState::Closed);
        fail(&b, 2 * MS);
        assert_eq!(b.state(OP), BreakerState::Open);
        let remaining = b.admit_at(OP, 32 * MS).err().expect("open");
        assert_eq!(remaining, Duration::from_millis(70));
        // Other operations are not affected.
        assert!(b.admit_at(Operation::Token, 32 * MS).is_ok());
    }

    #[test]
    fn a_success_resets_the_count() {
        let b = breakers();
        fail(&b, 0);
        fail(&b, 0);
        b.admit_at(OP, 0).unwrap().settle(false);
        fail(&b, 0);
        fail(&b, 0);
        assert_eq!(b.state(OP), BreakerState::Closed);
    }

    #[test]
    fn one_probe_after_the_cool_down_closes_on_success() {
        let b = breakers();
        for _ in 0..3 {
            fail(&b, 0);
        }
        let probe = b.admit_at(OP, 100 * MS).expect("the probe");
        assert!(probe.probe);
        assert_eq!(b.state(OP), BreakerState::HalfOpen);
        assert_eq!(b.admit_at(OP, 101 * MS).err(), Some(Duration::ZERO));
        probe.settle(false);
        assert_eq!(b.state(OP), BreakerState::Closed);
        assert!(b.admit_at(OP, 102 * MS).is_ok());
    }

    #[test]
    fn a_failed_probe_opens_for_another_cool_down() {
        let b = breakers();
        for _ in 0..3 {
            fail(&b, 0);
        }
        fail(&b, 150 * MS);
        assert_eq!(b.state(OP), BreakerState::Open);
        assert_eq!(
            b.admit_at(OP, 200 * MS).err(),
            Some(Duration::from_millis(50))
        );
        assert!(b.admit_at(OP, 250 * MS).unwrap().probe);
    }

    #[test]
    fn racing_calls_after_the_cool_down_admit_exactly_one_probe() {
        let b = breakers();
        for _ in 0..3 {
            fail(&b, 0);
        }
        let admitted = std::sync::atomic::AtomicU32::new(0);
        let barrier = std::sync::Barrier::new(8);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    barrier.wait();
                    if let Ok(permit) = b.admit_at(OP, 100 * MS) {
                        assert!(permit.probe);
                        admitted.fetch_add(1, SeqCst);
                        std::mem::forget(permit);
                    }
                });
            }
        });
        assert_eq!(admitted.load(SeqCst), 1);
        assert_eq!(b.state(OP), BreakerState::HalfOpen);
    }

    #[test]
    fn a_cancelled_probe_lets_the_next_call_probe() {
        let b = breakers();
        for _ in 0..3 {
            fail(&b, 0);
        }
        drop(b.admit_at(OP, 100 * MS).unwrap());
        assert_eq!(b.state(OP), BreakerState::Open);
        assert!(b.admit_at(OP, 100 * MS).unwrap().probe);
    }

    #[test]
    fn a_disabled_breaker_never_opens() {
        let b = Breakers::new(BreakerPolicy::disabled());
        for _ in 0..100 {
            b.admit_at(OP, 0).unwrap().settle(true);
        }
        assert_eq!(b.state(OP), BreakerState::Closed);
    }

    #[test]
    fn unavailability_counts_and_answers_do_not() {
        let api = |status: u16| ApiError::Api {
            operation: OP,
            status: StatusCode::from_u16(status).unwrap(),
            result_code: None,
            result_message: None,
        };
        for status in [429, 500, 502, 503, 504] {
            assert!(counts_as_failure(&api(status)), "{status}");
        }
        for status in [400, 401, 403, 404] {
            assert!(!counts_as_failure(&api(status)), "{status}");
        }
        let timeout = ApiError::Timeout {
            operation: OP,
            after: Duration::from_secs(1),
        };
        assert!(counts_as_failure(&timeout));
        let garbage = ApiError::InvalidResponse {
            operation: OP,
            status: StatusCode::OK,
            reason: "not JSON".into(),
            excerpt: String::new(),
        };
        assert!(!counts_as_failure(&garbage));
    }
}
