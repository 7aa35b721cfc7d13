//! The tracing span of each Authlete call, in a test binary of its own: `tracing` caches per
//! call site whether anyone listens, and tests on other threads of a shared binary race with the
//! thread-local subscriber installed here.

use std::sync::{Arc, Mutex};

use authlete_tower::dto::IntrospectionRequest;
use authlete_tower::{AuthleteApi, AuthleteClient, AuthleteConfig};
use axum::Router;
use axum::routing::post;
use http::StatusCode;
use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;

const V2_SECRET: &str = "v2ApiSecret-Xq9s8d7f6g5h4j3k2l1mN";
const V3_TOKEN: &str = "v3AccessToken-Zp0o9i8u7y6t5r4e3w2qB";
const INTROSPECTED_TOKEN: &str = "VFGsNK-5sXiqterdaR7b5QbRX9VTwVCQB87jbr2_xAI";

/// Collects everything `tracing` writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A server on 127.0.0.1 that answers every introspection with `status` and `body`.
async fn serve(status: StatusCode, body: serde_json::Value) -> String {
    let app = Router::new().fallback(post(move || {
        let body = body.clone();
        async move { (status, axum::Json(body)) }
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

/// A server on 127.0.0.1 that answers the first call with 503 and the others with `OK`.
async fn serve_503_once() -> String {
    let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let app = Router::new().fallback(post(move || {
        let first = calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0;
        async move {
            if first {
                (StatusCode::SERVICE_UNAVAILABLE, axum::Json(json!({})))
            } else {
                (
                    StatusCode::OK,
                    axum::Json(json!({"resultCode": "A056001", "action": "OK"})),
                )
            }
        }
    }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

#[tokio::test]
async fn each_call_is_traced_in_a_span_without_credentials() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let ok = serve(
        StatusCode::OK,
        json!({"resultCode": "A056001", "action": "OK"}),
    )
    .await;
    let v3 = AuthleteClient::new(AuthleteConfig::v3(&ok, "1000", V3_TOKEN).unwrap()).unwrap();
    v3.introspection(IntrospectionRequest::new(INTROSPECTED_TOKEN))
        .await
        .unwrap();
    let denied = serve(
        StatusCode::UNAUTHORIZED,
        json!({"resultCode": "A001202", "resultMessage": "[A001202] Authorization header is missing."}),
    )
    .await;
    let v2 = AuthleteClient::new(AuthleteConfig::v2(&denied, "1000", V2_SECRET).unwrap()).unwrap();
    v2.introspection(IntrospectionRequest::new(INTROSPECTED_TOKEN))
        .await
        .unwrap_err();

    // A 503 and then an answer: the retry is logged at debug, without the token.
    let flapping = serve_503_once().await;
    let v3 = AuthleteClient::new(AuthleteConfig::v3(&flapping, "1000", V3_TOKEN).unwrap()).unwrap();
    v3.introspection(IntrospectionRequest::new(INTROSPECTED_TOKEN))
        .await
        .unwrap();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(output.contains("retrying the Authlete call"), "{output}");
    assert!(output.contains("reason=\"unavailable\""), "{output}");
    assert!(output.contains("retry=1"), "{output}");
    assert!(output.contains("authlete_api"), "{output}");
    assert!(output.contains("api=\"/auth/introspection\""), "{output}");
    assert!(output.contains("status=200"), "{output}");
    assert!(output.contains("status=401"), "{output}");
    assert!(output.contains("elapsed_ms="), "{output}");
    assert!(output.contains("Authlete call failed"), "{output}");
    for secret in [V2_SECRET, V3_TOKEN, INTROSPECTED_TOKEN] {
        assert!(!output.contains(secret), "a secret leaked into: {output}");
    }
}
