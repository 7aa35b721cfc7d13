//! The metrics of `AuthleteClient` (feature `metrics`), read from `metrics-util`'s debugging
//! recorder while the client meets injected faults (`common::fault_proxy`).
//!
//! The recorder is installed for this thread only, and the test runs on a current-thread
//! runtime, so that other tests of the binary record nothing here.

use std::time::Duration;

use authlete_tower::api::metrics::{
    BREAKER_STATE, CALL_DURATION_SECONDS, CALLS_TOTAL, RETRIES_TOTAL,
};
use authlete_tower::api::{BreakerPolicy, BreakerState};
use authlete_tower::{ApiError, Operation};
use metrics_util::debugging::{DebugValue, DebuggingRecorder};

use crate::common::fault_proxy::Fault;
use crate::faults::Rig;

pub(crate) type Entry = (
    metrics_util::CompositeKey,
    Option<metrics::Unit>,
    Option<metrics::SharedString>,
    DebugValue,
);

/// The value of the metric `name` whose labels are exactly `labels`.
pub(crate) fn value<'a>(
    entries: &'a [Entry],
    name: &str,
    labels: &[(&str, &str)],
) -> Option<&'a DebugValue> {
    entries.iter().find_map(|(key, _, _, value)| {
        let key = key.key();
        let mut found: Vec<(&str, &str)> = key.labels().map(|l| (l.key(), l.value())).collect();
        found.sort();
        let mut wanted = labels.to_vec();
        wanted.sort();
        (key.name() == name && found == wanted).then_some(value)
    })
}

pub(crate) fn counter(entries: &[Entry], name: &str, labels: &[(&str, &str)]) -> u64 {
    match value(entries, name, labels) {
        Some(DebugValue::Counter(count)) => *count,
        other => panic!("{name} {labels:?}: {other:?}"),
    }
}

fn gauge(entries: &[Entry], name: &str, labels: &[(&str, &str)]) -> f64 {
    match value(entries, name, labels) {
        Some(DebugValue::Gauge(level)) => level.0,
        other => panic!("{name} {labels:?}: {other:?}"),
    }
}

#[test]
fn calls_latency_retries_and_breaker_state_are_recorded() {
    let recorder = DebuggingRecorder::new();
    let snapshotter = recorder.snapshotter();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    metrics::with_local_recorder(&recorder, || {
        runtime.block_on(async {
            let rig = Rig::start().await;
            let client = rig
                .builder()
                .circuit_breaker(
                    BreakerPolicy::default()
                        .failure_threshold(3)
                        .cool_down(Duration::from_secs(30)),
                )
                .build()
                .unwrap();
            // One 503, retried: a success after one retry.
            rig.proxy.then([Fault::Status(503, None)]);
            rig.introspect(&client).await.unwrap();
            // Authlete refuses: three attempts, two retries, the breaker opens.
            rig.proxy.always(Fault::Refuse);
            let answer = rig.introspect(&client).await;
            assert!(
                matches!(answer, Err(ApiError::Transport { .. })),
                "{answer:?}"
            );
            assert_eq!(
                client.breaker_state(Operation::Introspection),
                BreakerState::Open
            );
            // Refused by the breaker.
            let answer = rig.introspect(&client).await;
            assert!(
                matches!(answer, Err(ApiError::CircuitOpen { .. })),
                "{answer:?}"
            );
        })
    });

    let entries = snapshotter.snapshot().into_vec();
    let op = ("operation", "/auth/introspection");
    for outcome in ["success", "transport", "circuit_open"] {
        assert_eq!(
            counter(&entries, CALLS_TOTAL, &[op, ("outcome", outcome)]),
            1,
            "{outcome}"
        );
        match value(&entries, CALL_DURATION_SECONDS, &[op, ("outcome", outcome)]) {
            Some(DebugValue::Histogram(seconds)) => {
                assert_eq!(seconds.len(), 1, "{outcome}");
                assert!(seconds[0].0 > 0.0 && seconds[0].0 < 5.0, "{seconds:?}");
            }
            other => panic!("{outcome}: {other:?}"),
        }
    }
    assert_eq!(
        counter(&entries, RETRIES_TOTAL, &[op, ("reason", "unavailable")]),
        1
    );
    assert_eq!(
        counter(&entries, RETRIES_TOTAL, &[op, ("reason", "transport")]),
        2
    );
    assert_eq!(gauge(&entries, BREAKER_STATE, &[op]), 2.0);
    assert_eq!(
        gauge(&entries, BREAKER_STATE, &[("operation", "/auth/token")]),
        0.0
    );
    // No label holds anything from a request.
    for (key, _, _, _) in &entries {
        for label in key.key().labels() {
            assert!(
                ["operation", "outcome", "reason"].contains(&label.key()),
                "{label:?}"
            );
        }
    }
}
