//! [`RetryPolicy`]: when and how [`AuthleteClient`](super::AuthleteClient) sends a failed call
//! again.
//!
//! ```
//! use std::time::Duration;
//! use authlete_tower::api::RetryPolicy;
//!
//! // Four attempts, 100 ms to 2 s apart, all within 5 s.
//! let patient = RetryPolicy::default()
//!     .max_attempts(4)
//!     .base_delay(Duration::from_millis(100))
//!     .max_delay(Duration::from_secs(2))
//!     .deadline(Duration::from_secs(5));
//! # let _ = patient;
//! // Never again.
//! let once = RetryPolicy::none();
//! # let _ = once;
//! ```
//!
//! Only calls marked repeatable in the [`Operation`] table are retried (they read and consume
//! nothing), and only after a failure that says "try later": a connection error or timeout, 429,
//! 502, 503 or 504. The delays grow exponentially from the base delay up to the cap, with full
//! jitter (each delay is drawn uniformly between zero and its exponential value, so that many
//! clients failing together do not retry together); a `Retry-After` on the answer (a 429's, a
//! 503's) is honoured when it is within [`max_retry_after`](RetryPolicy::max_retry_after), and
//! ends the retries when it is not.
//! No attempt starts past the deadline, and the last one is cut short at it.

use std::time::{Duration, Instant, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder, Retryable};
use http::HeaderValue;
use http::StatusCode;

use super::{ApiError, Operation, metrics};

/// How [`AuthleteClient`](super::AuthleteClient) retries the calls that are safe to repeat.
///
/// The default: 3 attempts, delays from 50 ms doubling up to 1 s with full jitter, a
/// `Retry-After` of at most 2 s honoured, everything within the client's
/// [`timeout`](super::AuthleteClientBuilder::timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(2),
            deadline: None,
        }
    }
}

/// What is left of the deadline for an attempt to be worth starting.
const MIN_ATTEMPT: Duration = Duration::from_millis(10);

impl RetryPolicy {
    /// No retries: every call is sent once.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// How many times a call may be sent in all, the first included (default 3; at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The delay before the first retry, before jitter; it doubles with each retry (default 50 ms).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The cap of the exponential delay, before jitter (default 1 s).
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The longest `Retry-After` (of a 429, a 503, …) that is waited for (default 2 s); a longer
    /// one ends the retries and the call fails with that answer.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// The time a call may take in all, retries and delays included (default: the client's
    /// [`timeout`](super::AuthleteClientBuilder::timeout), so that retries never make a call
    /// slower than it could be without them).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The number of attempts, the first included.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    pub(crate) fn deadline_or(&self, timeout: Duration) -> Duration {
        self.deadline.unwrap_or(timeout)
    }

    /// The delays between attempts: exponential, capped, with full jitter.
    fn backoff(&self) -> impl Iterator<Item = Duration> + Send + Sync + Unpin + use<> {
        ExponentialBuilder::new()
            .with_min_delay(self.base_delay)
            .with_max_delay(self.max_delay)
            .with_factor(2.0)
            .with_max_times(self.max_attempts.saturating_sub(1) as usize)
            .build()
            .map(full_jitter as fn(Duration) -> Duration)
    }

    /// The wait before the next attempt, or `None` to stop: `backoff` is the policy's next delay
    /// (`None` once the attempts are spent).
    fn next_delay(
        &self,
        failure: &Failure,
        backoff: Option<Duration>,
        now: Instant,
        deadline: Instant,
    ) -> Option<Duration> {
        let mut delay = backoff?;
        if let Some(wait) = failure.retry_after {
            if wait > self.max_retry_after {
                return None;
            }
            delay = delay.max(wait);
        }
        (now + delay + MIN_ATTEMPT <= deadline).then_some(delay)
    }
}

/// A uniformly random duration between zero and `ceiling`.
fn full_jitter(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
}

/// A failed attempt: the error, and the `Retry-After` the answer carried.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) error: ApiError,
    pub(crate) retry_after: Option<Duration>,
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        Failure {
            error,
            retry_after: None,
        }
    }
}

/// Why `error` is worth retrying (the label of the retry metric), or `None` when it is not.
pub(crate) fn retry_reason(error: &ApiError) -> Option<&'static str> {
    match error {
        ApiError::Transport { .. } => Some("transport"),
        ApiError::Timeout { .. } => Some("timeout"),
        ApiError::Api { status, .. } => match *status {
            StatusCode::TOO_MANY_REQUESTS => Some("rate_limited"),
            StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT => Some("unavailable"),
            _ => None,
        },
        _ => None,
    }
}

/// A `Retry-After` value (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, as a wait from `now`.
pub(crate) fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Runs `attempt` until it succeeds, fails for good, or the policy or `deadline` stops it; each
/// retry is logged at `debug` (operation, reason, delay: never a token or a body).
pub(crate) async fn run<T, F, Fut>(
    policy: &RetryPolicy,
    operation: Operation,
    deadline: Instant,
    attempt: F,
) -> Result<T, Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let mut retries = 0u32;
    attempt
        .retry(policy.backoff())
        .when(|failure: &Failure| retry_reason(&failure.error).is_some())
        .adjust(|failure, backoff| policy.next_delay(failure, backoff, Instant::now(), deadline))
        .notify(|failure, delay| {
            retries += 1;
            let reason = retry_reason(&failure.error).unwrap_or("other");
            tracing::debug!(
                api = operation.path(),
                reason,
                retry = retries,
                delay_ms = delay.as_millis() as u64,
                error = %failure.error,
                "retrying the Authlete call"
            );
            metrics::record_retry(operation, reason);
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(status: StatusCode, retry_after: Option<Duration>) -> Failure {
        Failure {
            error: ApiError::Api {
                operation: Operation::Introspection,
                status,
                result_code: None,
                result_message: None,
            },
            retry_after,
        }
    }

    #[test]
    fn the_backoff_is_jittered_below_an_exponential_capped_ceiling() {
        let policy = RetryPolicy::default()
            .max_attempts(6)
            .base_delay(Duration::from_millis(50))
            .max_delay(Duration::from_millis(300));
        let ceilings = [50, 100, 200, 300, 300].map(Duration::from_millis);
        let mut below_half = 0;
        for _ in 0..200 {
            let delays: Vec<Duration> = policy.backoff().collect();
            assert_eq!(delays.len(), 5, "max_attempts 6 gives 5 retries");
            for (delay, ceiling) in delays.iter().zip(ceilings) {
                assert!(*delay <= ceiling, "{delay:?} > {ceiling:?}");
                if *delay < ceiling / 2 {
                    below_half += 1;
                }
            }
        }
        // Full jitter: about half the delays fall below half their ceiling.
        assert!((300..=700).contains(&below_half), "{below_half} of 1000");
    }

    #[test]
    fn none_and_one_attempt_give_no_retry() {
        assert_eq!(RetryPolicy::none().backoff().count(), 0);
        assert_eq!(RetryPolicy::default().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn retry_after_is_honoured_within_its_cap_and_ends_retries_beyond_it() {
        let policy = RetryPolicy::default();
        let now = Instant::now();
        let deadline = now + Duration::from_secs(15);
        let small = Some(Duration::from_millis(10));
        let limited = failure(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(1)));
        assert_eq!(
            policy.next_delay(&limited, small, now, deadline),
            Some(Duration::from_secs(1))
        );
        let too_long = failure(StatusCode::TOO_MANY_REQUESTS, Some(Duration::from_secs(30)));
        assert_eq!(policy.next_delay(&too_long, small, now, deadline), None);
        let plain = failure(StatusCode::SERVICE_UNAVAILABLE, None);
        assert_eq!(policy.next_delay(&plain, small, now, deadline), small);
        assert_eq!(policy.next_delay(&plain, None, now, deadline), None);
    }

    #[test]
    fn no_retry_starts_past_the_deadline() {
        let policy = RetryPolicy::default();
        let now = Instant::now();
        let plain = failure(StatusCode::BAD_GATEWAY, None);
        let delay = Some(Duration::from_millis(100));
        assert_eq!(
            policy.next_delay(&plain, delay, now, now + Duration::from_millis(105)),
            None
        );
        assert_eq!(
            policy.next_delay(&plain, delay, now, now + Duration::from_millis(200)),
            delay
        );
    }

    #[test]
    fn only_try_later_failures_are_retried() {
        for (status, reason) in [
            (429, Some("rate_limited")),
            (502, Some("unavailable")),
            (503, Some("unavailable")),
            (504, Some("unavailable")),
            (500, None),
            (400, None),
            (401, None),
        ] {
            let status = StatusCode::from_u16(status).unwrap();
            assert_eq!(
                retry_reason(&failure(status, None).error),
                reason,
                "{status}"
            );
        }
        let operation = Operation::Introspection;
        let transport = ApiError::Transport {
            operation,
            reason: "connection refused".into(),
        };
        assert_eq!(retry_reason(&transport), Some("transport"));
        let open = ApiError::CircuitOpen {
            operation,
            retry_after: Duration::from_secs(1),
        };
        assert_eq!(retry_reason(&open), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        let parse = |text: &'static str| parse_retry_after(&HeaderValue::from_static(text), now);
        assert_eq!(parse("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            parse("Wed, 21 Oct 2015 07:28:05 GMT"),
            Some(Duration::from_secs(5))
        );
        assert_eq!(parse("Wed, 21 Oct 2015 07:27:00 GMT"), Some(Duration::ZERO));
        assert_eq!(parse("soon"), None);
        assert_eq!(parse("-1"), None);
    }
}
