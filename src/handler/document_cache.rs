//! The cache of the two documents every client fetches and nobody changes often: the service
//! configuration (discovery) and the JWK Set. Each is fetched from Authlete at most once per
//! time-to-live (default [`DEFAULT_METADATA_TTL`], 10 minutes; concurrent requests wait for the
//! one fetch), answered with `Cache-Control: public, max-age=…` for the time it has left, and
//! — while Authlete is unavailable — served stale rather than failing, for up to
//! [`MAX_STALENESS`]. Configure with
//! [`AuthorizationServer::with_metadata_cache_ttl`](super::AuthorizationServer::with_metadata_cache_ttl);
//! zero turns it off (every request asks Authlete, answers carry `no-store`).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CACHE_CONTROL, PRAGMA};
use http::{HeaderValue, StatusCode};
use tokio::sync::Mutex;

use super::response::AuthleteResponse;
use crate::api::ApiError;
use crate::clock::Clock;

/// How long discovery and JWKS answers are kept unless configured.
pub const DEFAULT_METADATA_TTL: Duration = Duration::from_secs(600);
/// The longest a document is served past its time-to-live while Authlete is unavailable.
pub const MAX_STALENESS: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a fetch gave no document: the answer to send, and whether Authlete was unavailable (the
/// only case a stale document may cover).
pub(crate) struct FetchFailure {
    pub(crate) response: AuthleteResponse,
    pub(crate) unavailable: bool,
}

impl FetchFailure {
    pub(crate) fn new(response: AuthleteResponse, error: Option<&ApiError>) -> Self {
        FetchFailure {
            response,
            unavailable: error.is_some_and(ApiError::is_unavailable),
        }
    }
}

struct Cached {
    body: Bytes,
    fetched_at_millis: i64,
}

/// One cached document. Cheap to clone; clones share the entry.
#[derive(Clone)]
pub(crate) struct DocumentCache {
    ttl: Duration,
    entry: Arc<Mutex<Option<Cached>>>,
}

impl DocumentCache {
    pub(crate) fn new(ttl: Duration) -> Self {
        DocumentCache {
            ttl,
            entry: Arc::new(Mutex::new(None)),
        }
    }

    /// The document as JSON: cached, fetched with `fetch`, or stale when `fetch` finds Authlete
    /// unavailable.
    pub(crate) async fn serve<F, Fut>(
        &self,
        endpoint: &'static str,
        clock: &dyn Clock,
        fetch: F,
    ) -> AuthleteResponse
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Bytes, FetchFailure>>,
    {
        if self.ttl.is_zero() {
            return match fetch().await {
                Ok(body) => AuthleteResponse::json(StatusCode::OK, body),
                Err(failure) => failure.response,
            };
        }
        let ttl_millis = i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX);
        // Held across the fetch: concurrent requests for a stale document wait for one fetch.
        let mut entry = self.entry.lock().await;
        let now = clock.now_millis();
        if let Some(cached) = entry.as_ref() {
            let age = now.saturating_sub(cached.fetched_at_millis).max(0);
            if age < ttl_millis {
                return cacheable(cached.body.clone(), (ttl_millis - age) / 1000);
            }
        }
        match fetch().await {
            Ok(body) => {
                *entry = Some(Cached {
                    body: body.clone(),
                    fetched_at_millis: now,
                });
                cacheable(body, ttl_millis / 1000)
            }
            Err(failure) => {
                let staleness_limit = ttl_millis
                    .saturating_add(i64::try_from(MAX_STALENESS.as_millis()).unwrap_or(i64::MAX));
                match entry.as_ref() {
                    Some(cached)
                        if failure.unavailable
                            && now.saturating_sub(cached.fetched_at_millis) < staleness_limit =>
                    {
                        tracing::warn!(
                            endpoint,
                            "Authlete is unavailable; serving the cached document past its lifetime"
                        );
                        cacheable(cached.body.clone(), 0)
                    }
                    _ => failure.response,
                }
            }
        }
    }
}

/// A `200 application/json` answer that shared caches and clients may keep `max_age` seconds.
fn cacheable(body: Bytes, max_age: i64) -> AuthleteResponse {
    let mut response = AuthleteResponse::json(StatusCode::OK, body);
    let headers = response.headers_mut();
    headers.remove(PRAGMA);
    let value = format!("public, max-age={}", max_age.max(0));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_str(&value).expect("digits and ASCII"),
    );
    response
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::clock::ManualClock;

    fn unavailable() -> FetchFailure {
        FetchFailure::new(
            AuthleteResponse::server_error(),
            Some(&ApiError::Timeout {
                operation: crate::api::Operation::ServiceConfiguration,
                after: Duration::from_secs(1),
            }),
        )
    }

    #[tokio::test]
    async fn fetches_once_per_ttl_counts_down_max_age_and_serves_stale_only_when_unavailable() {
        let clock = ManualClock::new();
        let cache = DocumentCache::new(Duration::from_secs(600));
        let calls = AtomicUsize::new(0);
        let ok = || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok::<_, FetchFailure>(Bytes::from_static(b"{\"issuer\":\"x\"}"))
        };
        let first = cache.serve("discovery", &clock, ok).await;
        assert_eq!(first.headers()[CACHE_CONTROL], "public, max-age=600");
        assert!(first.headers().get(PRAGMA).is_none());
        clock.advance(Duration::from_secs(100));
        let second = cache.serve("discovery", &clock, ok).await;
        assert_eq!(second.headers()[CACHE_CONTROL], "public, max-age=500");
        assert_eq!(calls.load(Ordering::SeqCst), 1);

        clock.advance(Duration::from_secs(600));
        let stale = cache
            .serve("discovery", &clock, || async { Err(unavailable()) })
            .await;
        assert_eq!(stale.status(), StatusCode::OK);
        assert_eq!(stale.body().as_ref(), b"{\"issuer\":\"x\"}");
        assert_eq!(stale.headers()[CACHE_CONTROL], "public, max-age=0");

        let refused = cache
            .serve("discovery", &clock, || async {
                Err(FetchFailure::new(AuthleteResponse::server_error(), None))
            })
            .await;
        assert_eq!(refused.status(), StatusCode::INTERNAL_SERVER_ERROR);

        clock.advance(MAX_STALENESS);
        let too_old = cache
            .serve("discovery", &clock, || async { Err(unavailable()) })
            .await;
        assert_eq!(too_old.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[tokio::test]
    async fn a_zero_ttl_asks_every_time_and_says_no_store() {
        let clock = ManualClock::new();
        let cache = DocumentCache::new(Duration::ZERO);
        let calls = AtomicUsize::new(0);
        for _ in 0..2 {
            let answer = cache
                .serve("jwks", &clock, || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    Ok::<_, FetchFailure>(Bytes::from_static(b"{\"keys\":[]}"))
                })
                .await;
            assert_eq!(answer.headers()[CACHE_CONTROL], "no-store");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
