//! Fault injection: `AuthleteClient`, and the bearer layer on top of it, against the local backend
//! through a proxy that injects latency, refusals, resets mid-body, 429 with `Retry-After`,
//! 5xx, garbage, huge and slow bodies and flapping (`common::fault_proxy`). Each case checks what
//! the caller sees (result, status, challenge, time to answer) and what reached the backend.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use authlete_local::{LocalBackend, LocalServer, demo};
use authlete_tower::api::{BreakerPolicy, BreakerState, RetryPolicy};
use authlete_tower::dto::*;
use authlete_tower::{
    ApiError, AuthleteApi, AuthleteBearer, AuthleteClient, AuthleteClientBuilder, AuthleteConfig,
    BearerToken, Operation,
};
use http::StatusCode;

use crate::common::fault_proxy::{Fault, FaultProxy};

const INTROSPECTION: &str = "/auth/introspection";
const TOKEN: &str = "/auth/token";
const UNAVAILABLE: &str = r#"Bearer realm="api", error="server_error", error_description="The authorization server is unavailable.""#;

/// The local backend behind a fault proxy, and a valid access token it issued.
pub(crate) struct Rig {
    pub(crate) server: LocalServer,
    pub(crate) proxy: FaultProxy,
    pub(crate) token: String,
}

impl Rig {
    pub(crate) async fn start() -> Self {
        let backend = LocalBackend::demo();
        let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        let proxy = FaultProxy::start(server.local_addr()).await;
        let token = issue_token(&backend).await;
        Rig {
            server,
            proxy,
            token,
        }
    }

    /// A client builder for the proxy, with the local backend's credentials.
    pub(crate) fn builder(&self) -> AuthleteClientBuilder {
        let local = self.server.config_v3();
        let config = AuthleteConfig::v3(
            &self.proxy.base_url(),
            local.service_api_key(),
            local.service_access_token().unwrap().clone(),
        )
        .unwrap();
        AuthleteClient::builder(config)
    }

    pub(crate) fn client(&self) -> AuthleteClient {
        self.builder().build().unwrap()
    }

    pub(crate) async fn introspect(
        &self,
        client: &AuthleteClient,
    ) -> Result<IntrospectionResponse, ApiError> {
        client
            .introspection(IntrospectionRequest::new(self.token.clone()))
            .await
    }
}

async fn issue_token(api: &dyn AuthleteApi) -> String {
    let answer = api.token(client_credentials()).await.unwrap();
    assert_eq!(
        answer.action,
        Some(TokenAction::Ok),
        "{:?}",
        answer.result_message
    );
    answer.access_token.unwrap()
}

fn client_credentials() -> TokenRequest {
    let mut request = TokenRequest::default();
    request.parameters = "grant_type=client_credentials&scope=profile".into();
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    request
}

fn assert_active(answer: &Result<IntrospectionResponse, ApiError>) {
    match answer {
        Ok(response) => assert_eq!(response.action, Some(IntrospectionAction::Ok)),
        Err(error) => panic!("introspection failed: {error}"),
    }
}

fn assert_status(answer: &Result<impl std::fmt::Debug, ApiError>, expected: u16) {
    match answer {
        Err(ApiError::Api { status, .. }) => assert_eq!(status.as_u16(), expected),
        other => panic!("expected HTTP {expected}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Retries.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_503_then_200_is_retried_once_and_succeeds_for_introspection() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::Status(503, None)]);
    assert_active(&rig.introspect(&rig.client()).await);
    assert_eq!(rig.proxy.received(INTROSPECTION), 2);
    assert_eq!(rig.proxy.forwarded(INTROSPECTION), 1);
}

#[tokio::test]
async fn gateway_errors_are_retried_until_the_attempts_run_out_and_500_is_not() {
    let rig = Rig::start().await;
    let client = rig
        .builder()
        .circuit_breaker(BreakerPolicy::disabled())
        .build()
        .unwrap();
    let mut expected = 0;
    for status in [502, 503, 504] {
        rig.proxy.always(Fault::Status(status, None));
        assert_status(&rig.introspect(&client).await, status);
        expected += 3;
        assert_eq!(rig.proxy.received(INTROSPECTION), expected, "{status}");
    }
    rig.proxy.always(Fault::Status(500, None));
    assert_status(&rig.introspect(&client).await, 500);
    assert_eq!(rig.proxy.received(INTROSPECTION), expected + 1);
    assert_eq!(rig.proxy.forwarded(INTROSPECTION), 0);
}

#[tokio::test]
async fn the_token_api_is_never_retried() {
    let rig = Rig::start().await;
    let client = rig.client();
    rig.proxy.then([Fault::Status(503, None)]);
    assert_status(&client.token(client_credentials()).await, 503);
    assert_eq!(rig.proxy.received(TOKEN), 1);
    // A reset mid-answer: the backend did issue a token, so sending the request again could
    // consume a code twice; the caller gets the transport error.
    rig.proxy.then([Fault::ResetMidBody]);
    let answer = client.token(client_credentials()).await;
    assert!(
        matches!(answer, Err(ApiError::Transport { .. })),
        "{answer:?}"
    );
    assert_eq!(rig.proxy.received(TOKEN), 2);
    assert_eq!(rig.proxy.forwarded(TOKEN), 1);
    // And without a fault the call goes through.
    assert_eq!(
        client.token(client_credentials()).await.unwrap().action,
        Some(TokenAction::Ok)
    );
}

#[tokio::test]
async fn a_reset_mid_body_is_retried_for_introspection() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::ResetMidBody]);
    assert_active(&rig.introspect(&rig.client()).await);
    assert_eq!(rig.proxy.received(INTROSPECTION), 2);
    assert_eq!(rig.proxy.forwarded(INTROSPECTION), 2);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_introspection() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::Refuse, Fault::Refuse]);
    assert_active(&rig.introspect(&rig.client()).await);
    assert_eq!(rig.proxy.received(INTROSPECTION), 3);
    assert_eq!(rig.proxy.forwarded(INTROSPECTION), 1);
}

#[tokio::test]
async fn a_429_retry_after_is_waited_for_when_short_and_ends_retries_when_long() {
    let rig = Rig::start().await;
    let client = rig.client();
    rig.proxy.then([Fault::Status(429, Some("1"))]);
    let started = Instant::now();
    assert_active(&rig.introspect(&client).await);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(rig.proxy.received(INTROSPECTION), 2);

    rig.proxy.then([Fault::Status(429, Some("60"))]);
    let started = Instant::now();
    let answer = rig.introspect(&client).await;
    assert_status(&answer, 429);
    assert!(answer.unwrap_err().is_unavailable());
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 3);
}

#[tokio::test]
async fn a_503_retry_after_is_honoured_too() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::Status(503, Some("1"))]);
    let started = Instant::now();
    assert_active(&rig.introspect(&rig.client()).await);
    let waited = started.elapsed();
    assert!(waited >= Duration::from_secs(1), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    assert_eq!(rig.proxy.received(INTROSPECTION), 2);
}

#[tokio::test]
async fn retries_stay_within_the_deadline() {
    let rig = Rig::start().await;
    let client = rig
        .builder()
        .retry(
            RetryPolicy::default()
                .max_attempts(50)
                .base_delay(Duration::from_millis(100))
                .max_delay(Duration::from_millis(100))
                .deadline(Duration::from_millis(600)),
        )
        .circuit_breaker(BreakerPolicy::disabled())
        .build()
        .unwrap();
    rig.proxy.always(Fault::Status(503, None));
    let started = Instant::now();
    assert_status(&rig.introspect(&client).await, 503);
    let took = started.elapsed();
    assert!(took < Duration::from_millis(900), "{took:?}");
    let attempts = rig.proxy.received(INTROSPECTION);
    assert!((2..50).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn retries_can_be_turned_off() {
    let rig = Rig::start().await;
    let client = rig.builder().retry(RetryPolicy::none()).build().unwrap();
    rig.proxy.then([Fault::Status(503, None)]);
    assert_status(&rig.introspect(&client).await, 503);
    assert_eq!(rig.proxy.received(INTROSPECTION), 1);
}

#[tokio::test]
async fn service_configuration_and_jwks_are_retried() {
    let rig = Rig::start().await;
    let client = rig.client();
    rig.proxy.then([Fault::Status(502, None)]);
    let configuration = client
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert!(configuration["issuer"].is_string(), "{configuration}");
    assert_eq!(rig.proxy.received("/service/configuration"), 2);
    rig.proxy.then([Fault::Refuse]);
    let jwks = client
        .service_jwks(ServiceJwksOptions::default())
        .await
        .unwrap();
    assert!(jwks.unwrap()["keys"].is_array());
    assert_eq!(rig.proxy.received("/service/jwks/get"), 2);
}

// ---------------------------------------------------------------------------------------------
// Slowness, garbage, size.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn latency_within_the_timeout_is_waited_for() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::Delay(Duration::from_millis(300))]);
    let started = Instant::now();
    assert_active(&rig.introspect(&rig.client()).await);
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(rig.proxy.received(INTROSPECTION), 1);
}

#[tokio::test]
async fn latency_beyond_the_timeout_is_a_timeout_without_a_retry_past_it() {
    let rig = Rig::start().await;
    let client = rig
        .builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    rig.proxy.always(Fault::Delay(Duration::from_secs(5)));
    let started = Instant::now();
    let answer = rig.introspect(&client).await;
    let took = started.elapsed();
    assert!(
        matches!(&answer, Err(ApiError::Timeout { after, .. }) if *after == Duration::from_millis(300)),
        "{answer:?}"
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert_eq!(rig.proxy.received(INTROSPECTION), 1);
}

#[tokio::test]
async fn a_slow_body_is_read_within_the_timeout_and_cut_beyond_it() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::SlowBody {
        pause: Duration::from_millis(2),
    }]);
    assert_active(&rig.introspect(&rig.client()).await);

    let client = rig
        .builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    rig.proxy.then([Fault::SlowBody {
        pause: Duration::from_millis(100),
    }]);
    let started = Instant::now();
    let answer = rig.introspect(&client).await;
    assert!(
        matches!(&answer, Err(ApiError::Timeout { .. })),
        "{answer:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_non_json_answer_is_an_invalid_response_and_not_retried() {
    let rig = Rig::start().await;
    rig.proxy.then([Fault::NotJson]);
    let answer = rig.introspect(&rig.client()).await;
    match &answer {
        Err(
            error @ ApiError::InvalidResponse {
                status, excerpt, ..
            },
        ) => {
            assert_eq!(*status, StatusCode::OK);
            assert!(excerpt.contains("maintenance"), "{excerpt}");
            assert!(!error.is_unavailable());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(rig.proxy.received(INTROSPECTION), 1);
}

#[tokio::test]
async fn huge_bodies_are_refused_with_or_without_a_length_and_not_retried() {
    let rig = Rig::start().await;
    let client = rig.builder().max_response_size(64 * 1024).build().unwrap();
    for (declared, received) in [(true, 1), (false, 2)] {
        rig.proxy.then([Fault::Huge {
            bytes: 8 * 1024 * 1024,
            declared,
        }]);
        let started = Instant::now();
        let answer = rig.introspect(&client).await;
        assert!(
            matches!(&answer, Err(ApiError::ResponseTooLarge { limit, .. }) if *limit == 64 * 1024),
            "{answer:?}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(rig.proxy.received(INTROSPECTION), received);
    }
}

// ---------------------------------------------------------------------------------------------
// The circuit breaker.
// ---------------------------------------------------------------------------------------------

fn fragile(rig: &Rig, cool_down: Duration) -> AuthleteClient {
    rig.builder()
        .retry(RetryPolicy::none())
        .circuit_breaker(
            BreakerPolicy::default()
                .failure_threshold(3)
                .cool_down(cool_down),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn consecutive_failures_open_the_breaker_and_calls_fail_fast_without_reaching_authlete() {
    let rig = Rig::start().await;
    let client = fragile(&rig, Duration::from_secs(30));
    rig.proxy.always(Fault::Refuse);
    for _ in 0..3 {
        let answer = rig.introspect(&client).await;
        assert!(
            matches!(answer, Err(ApiError::Transport { .. })),
            "{answer:?}"
        );
    }
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Open
    );
    let started = Instant::now();
    let answer = rig.introspect(&client).await;
    let took = started.elapsed();
    match &answer {
        Err(
            error @ ApiError::CircuitOpen {
                operation,
                retry_after,
            },
        ) => {
            assert_eq!(*operation, Operation::Introspection);
            assert!(*retry_after > Duration::from_secs(29), "{retry_after:?}");
            assert!(error.is_unavailable());
            assert_eq!(error.retry_after(), Some(*retry_after));
        }
        other => panic!("{other:?}"),
    }
    assert!(took < Duration::from_millis(200), "{took:?}");
    assert_eq!(rig.proxy.received(INTROSPECTION), 3);
    // Each operation has its own breaker.
    assert_eq!(client.breaker_state(Operation::Token), BreakerState::Closed);
    rig.proxy.always(Fault::Pass);
    assert!(client.token(client_credentials()).await.is_ok());
}

#[tokio::test]
async fn after_the_cool_down_one_probe_closes_the_breaker() {
    let rig = Rig::start().await;
    let client = fragile(&rig, Duration::from_millis(300));
    rig.proxy.always(Fault::Status(503, None));
    for _ in 0..3 {
        assert_status(&rig.introspect(&client).await, 503);
    }
    rig.proxy.always(Fault::Pass);
    let answer = rig.introspect(&client).await;
    assert!(
        matches!(answer, Err(ApiError::CircuitOpen { .. })),
        "{answer:?}"
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 3);
    tokio::time::sleep(Duration::from_millis(350)).await;
    assert_active(&rig.introspect(&client).await);
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Closed
    );
    assert_active(&rig.introspect(&client).await);
    assert_eq!(rig.proxy.received(INTROSPECTION), 5);
}

#[tokio::test]
async fn a_failed_probe_opens_the_breaker_again() {
    let rig = Rig::start().await;
    let client = fragile(&rig, Duration::from_millis(200));
    rig.proxy.always(Fault::Status(504, None));
    for _ in 0..3 {
        assert_status(&rig.introspect(&client).await, 504);
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_status(&rig.introspect(&client).await, 504);
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Open
    );
    let answer = rig.introspect(&client).await;
    assert!(
        matches!(answer, Err(ApiError::CircuitOpen { .. })),
        "{answer:?}"
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 4);
}

#[tokio::test]
async fn answers_that_are_not_unavailability_do_not_open_the_breaker() {
    let rig = Rig::start().await;
    let client = fragile(&rig, Duration::from_secs(30));
    rig.proxy.always(Fault::NotJson);
    for _ in 0..5 {
        let answer = rig.introspect(&client).await;
        assert!(
            matches!(answer, Err(ApiError::InvalidResponse { .. })),
            "{answer:?}"
        );
    }
    rig.proxy.always(Fault::Status(401, None));
    for _ in 0..5 {
        assert_status(&rig.introspect(&client).await, 401);
    }
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Closed
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 10);
}

#[tokio::test]
async fn a_flapping_backend_is_ridden_out_by_retries_and_never_opens_the_breaker() {
    let rig = Rig::start().await;
    let client = rig
        .builder()
        .circuit_breaker(BreakerPolicy::default().failure_threshold(2))
        .build()
        .unwrap();
    for _ in 0..10 {
        rig.proxy.then([Fault::Status(503, None), Fault::Pass]);
        assert_active(&rig.introspect(&client).await);
    }
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Closed
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 20);
    assert_eq!(rig.proxy.forwarded(INTROSPECTION), 10);
}

#[tokio::test]
async fn a_disabled_breaker_lets_every_call_reach_authlete() {
    let rig = Rig::start().await;
    let client = rig
        .builder()
        .retry(RetryPolicy::none())
        .circuit_breaker(BreakerPolicy::disabled())
        .build()
        .unwrap();
    rig.proxy.always(Fault::Status(503, None));
    for _ in 0..10 {
        assert_status(&rig.introspect(&client).await, 503);
    }
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Closed
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 10);
}

// ---------------------------------------------------------------------------------------------
// Through the bearer layer.
// ---------------------------------------------------------------------------------------------

/// A resource server on 127.0.0.1 guarded by the bearer layer over `client`.
async fn resource_server(client: AuthleteClient) -> String {
    use axum::routing::get;
    async fn whoami(token: BearerToken) -> String {
        token
            .client_id()
            .map_or_else(|| "-".to_owned(), |id| id.to_string())
    }
    let app = axum::Router::new()
        .route("/res", get(whoami))
        .route_layer(AuthleteBearer::new(client));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/res")
}

async fn get_with(url: &str, token: &str) -> reqwest::Response {
    static HTTP: std::sync::OnceLock<reqwest::Client> = std::sync::OnceLock::new();
    HTTP.get_or_init(reqwest::Client::new)
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|value| value.to_str().unwrap().to_owned())
}

#[tokio::test]
async fn the_bearer_layer_rides_out_a_503_and_lets_the_request_through() {
    let rig = Rig::start().await;
    let url = resource_server(rig.client()).await;
    rig.proxy.then([Fault::Status(503, None)]);
    let response = get_with(&url, &rig.token).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), demo::CLIENT_ID);
    assert_eq!(rig.proxy.received(INTROSPECTION), 2);
}

#[tokio::test]
async fn with_authlete_down_and_the_breaker_open_the_bearer_layer_answers_503_with_retry_after_at_once()
 {
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
    let url = resource_server(client.clone()).await;
    rig.proxy.always(Fault::Refuse);

    // Authlete is down: the first request (three attempts) opens the breaker. 503 with the
    // default Retry-After: nobody knows yet when Authlete will be back.
    let response = get_with(&url, "uncached-token-0").await;
    assert_eq!(response.status(), 503);
    assert_eq!(
        header(&response, "www-authenticate").as_deref(),
        Some(UNAVAILABLE)
    );
    assert_eq!(
        header(&response, "retry-after").as_deref(),
        Some(
            authlete_tower::handler::RETRY_AFTER_SECONDS
                .to_string()
                .as_str()
        )
    );
    assert_eq!(rig.proxy.received(INTROSPECTION), 3);
    assert_eq!(
        client.breaker_state(Operation::Introspection),
        BreakerState::Open
    );

    // Now every request with an uncached token is refused at once, with the cool-down left.
    let mut times = Vec::new();
    for n in 1..=20 {
        let started = Instant::now();
        let response = get_with(&url, &format!("uncached-token-{n}")).await;
        times.push(started.elapsed());
        assert_eq!(response.status(), 503);
        assert_eq!(
            header(&response, "www-authenticate").as_deref(),
            Some(UNAVAILABLE)
        );
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("no-store")
        );
        let retry_after: u64 = header(&response, "retry-after").unwrap().parse().unwrap();
        assert!(
            (25..=30).contains(&retry_after),
            "Retry-After: {retry_after}"
        );
        assert_eq!(response.text().await.unwrap(), "");
    }
    times.sort();
    let slowest = times[times.len() - 1];
    eprintln!(
        "breaker open: 20 answers through the bearer layer, over HTTP on 127.0.0.1: fastest {:?}, median {:?}, slowest {slowest:?}",
        times[0],
        times[times.len() / 2]
    );
    assert!(slowest < Duration::from_millis(500), "{slowest:?}");
    assert_eq!(
        rig.proxy.received(INTROSPECTION),
        3,
        "nothing more reached Authlete"
    );
}
