//! The metrics of the bearer layer's cache (feature `metrics`), read from `metrics-util`'s
//! debugging recorder while a resource server on 127.0.0.1 meets valid, invalid and stale
//! tokens. The recorder is installed for this thread only, on a current-thread runtime.

use std::sync::Arc;
use std::time::Duration;

use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::bearer::metrics::CACHE_TOTAL;
use authlete_tower::clock::ManualClock;
use metrics_util::debugging::DebuggingRecorder;

use crate::bearer_cache::{Rig, get};
use crate::client_metrics::counter;

#[test]
fn hits_misses_negative_hits_and_stale_serves_are_counted() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let clock = ManualClock::new();
            let cache = IntrospectionCache::builder()
                .clock(Arc::new(clock.clone()))
                .max_age(Duration::from_secs(10))
                .stale_if_error(Duration::from_secs(60))
                .build();
            let rig = Rig::start(cache).await;
            let token = rig.mint().await;
            for _ in 0..3 {
                assert_eq!(get(&rig.url, &token).await.0, 200);
            }
            for _ in 0..4 {
                assert_eq!(get(&rig.url, "an-invalid-token").await.0, 401);
            }
            rig.reachable(false);
            clock.advance(Duration::from_secs(11));
            assert_eq!(get(&rig.url, &token).await.0, 200);
            assert_eq!(rig.calls(), 3);
        })
    });
    let entries = snapshotter.snapshot().into_vec();
    let result = |label| counter(&entries, CACHE_TOTAL, &[("result", label)]);
    assert_eq!(result("hit"), 2);
    assert_eq!(result("negative_hit"), 3);
    assert_eq!(
        result("miss"),
        3,
        "the valid token, the invalid one, the stale refresh"
    );
    assert_eq!(result("stale"), 1);
    for (key, _, _, _) in &entries {
        if key.key().name() == CACHE_TOTAL {
            let labels: Vec<_> = key.key().labels().map(|l| l.key().to_owned()).collect();
            assert_eq!(labels, ["result"]);
        }
    }
}
