//! The scale target of the negative cache: how many introspection calls 10 000 requests with
//! 1 000 distinct invalid tokens cause (target: at most 1 000, one per token per negative TTL).
//!
//! The bearer layer, with its default cache, guards an in-process axum app; a counting
//! `AuthleteApi` wrapper around the local backend counts what reaches it. Requests are sent 64
//! at a time, in an order that repeats each token ten times spread over the run.
//!
//! ```text
//! cargo bench --profile dev --bench invalid_tokens
//! ```

use std::sync::Arc;
use std::time::Instant;

use authlete_local::LocalBackend;
use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::{AuthleteBearer, BearerToken};
use axum::Router;
use axum::body::Body;
use axum::routing::get;
use futures_util::StreamExt;
use http::{Request, StatusCode};
use tower::ServiceExt;

const REQUESTS: usize = 10_000;
const DISTINCT: usize = 1_000;
const CONCURRENCY: usize = 64;

#[path = "../tests/support/counting_api.rs"]
mod counting_api;

use counting_api::CountingApi;

async fn protected(_: BearerToken) -> &'static str {
    "ok"
}

#[tokio::main]
async fn main() {
    let api = Arc::new(CountingApi::new(LocalBackend::demo()));
    let app = Router::new()
        .route("/res", get(protected))
        .route_layer(AuthleteBearer::new(api.clone()).with_cache(IntrospectionCache::default()));
    let started = Instant::now();
    let refused = futures_util::stream::iter(0..REQUESTS)
        .map(|n| {
            let app = app.clone();
            async move {
                let request = Request::get("/res")
                    .header(
                        "authorization",
                        format!("Bearer invalid-{:04}", n % DISTINCT),
                    )
                    .body(Body::empty())
                    .unwrap();
                app.oneshot(request).await.unwrap().status()
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter(|status| std::future::ready(*status == StatusCode::UNAUTHORIZED))
        .count()
        .await;
    let elapsed = started.elapsed();
    let calls = api.introspections();
    assert_eq!(refused, REQUESTS, "every request is refused with 401");
    println!(
        "{REQUESTS} requests with {DISTINCT} distinct invalid tokens: {calls} introspection calls \
         (target <= {DISTINCT}), all {refused} answered 401, in {elapsed:.2?}"
    );
    assert!(calls <= DISTINCT, "{calls} calls exceed the target");
}
