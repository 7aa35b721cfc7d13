//! `/api/info` in process and over real HTTP through `AuthleteClient` (v2 and v3): the same
//! version and features, below `/api` without the service ID.

use authlete_local::LocalBackend;
use authlete_tower::AuthleteApi;

use crate::support::start;

#[tokio::test]
async fn info_answers_the_version_and_features_in_process_and_over_http() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let local = backend.info().await.unwrap();
    assert_eq!(
        local.version,
        concat!("authlete-local ", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        local.features,
        Some(vec![
            "ciba".to_owned(),
            "dcr".to_owned(),
            "deviceflow".to_owned()
        ])
    );
    for client in [&v2, &v3] {
        assert_eq!(client.info().await.unwrap(), local);
    }
    server.shutdown().await;
}
