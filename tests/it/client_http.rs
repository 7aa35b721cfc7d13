//! `AuthleteClient` over real HTTP, against an in-test server on 127.0.0.1.
//!
//! The server records what the client sends (method, path, query, headers, body, peer) and answers
//! with the examples of Authlete's specifications (`tests/vectors`) or with the failures a client meets in production: HTTP errors, garbage,
//! slowness, oversized bodies, redirects, a closed port. Every error is checked for its variant,
//! for a message that names the fix, and for the absence of any credential.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use authlete_tower::api::RetryPolicy;
use authlete_tower::dto::*;
use authlete_tower::{
    ApiError, ApiVersion, AuthleteApi, AuthleteClient, AuthleteConfig, ConfigError,
};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use http::{HeaderMap, Method, StatusCode, header};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::vectors::{read_json, vectors_dir};

const API_KEY: &str = "1000";
const V2_SECRET: &str = "v2ApiSecret-Xq9s8d7f6g5h4j3k2l1mN";
const V3_TOKEN: &str = "v3AccessToken-Zp0o9i8u7y6t5r4e3w2qB";
/// The access token the introspection examples carry: it must not leak either.
const INTROSPECTED_TOKEN: &str = "VFGsNK-5sXiqterdaR7b5QbRX9VTwVCQB87jbr2_xAI";
/// A token-looking value planted in garbage answers.
const PLANTED_TOKEN: &str = "Qm9ndXNUb2tlblZhbHVlMTIzNDU2Nzg5";

fn basic_credentials() -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{API_KEY}:{V2_SECRET}"))
}

/// Nothing secret in `text`.
fn assert_no_secret(text: &str) {
    for secret in [
        V2_SECRET,
        V3_TOKEN,
        INTROSPECTED_TOKEN,
        PLANTED_TOKEN,
        &basic_credentials(),
    ] {
        assert!(!text.contains(secret), "a secret leaked into: {text}");
    }
}

/// The error's message names the fix (every `fix` appears) and neither it nor its `Debug` holds
/// a secret.
fn assert_names_fix_without_secret(error: &ApiError, fix: &[&str]) {
    let display = error.to_string();
    for words in fix {
        assert!(
            display.contains(words),
            "{display:?} does not mention {words:?}"
        );
    }
    assert_no_secret(&display);
    assert_no_secret(&format!("{error:?}"));
}

// ---------------------------------------------------------------------------------------------
// Vectors.
// ---------------------------------------------------------------------------------------------

fn vector(version: &str, operation_id: &str, file: &str) -> Value {
    read_json(&vectors_dir().join(version).join(operation_id).join(file))
}

// ---------------------------------------------------------------------------------------------
// The recording server.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    peer: SocketAddr,
}

impl Seen {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .unwrap_or_else(|| panic!("no {name} header"))
            .to_str()
            .unwrap()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }

    fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or("").as_bytes())
            .into_owned()
            .collect()
    }
}

type Answer = Arc<dyn Fn(&Seen) -> Response + Send + Sync>;

#[derive(Clone)]
struct Stub {
    seen: Arc<Mutex<Vec<Seen>>>,
    answer: Answer,
}

struct Server {
    addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The one request the server received.
    fn only(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "requests: {seen:?}");
        seen.into_iter().next().unwrap()
    }

    fn v2(&self) -> AuthleteClient {
        AuthleteClient::new(AuthleteConfig::v2(&self.base(), API_KEY, V2_SECRET).unwrap()).unwrap()
    }

    fn v3(&self) -> AuthleteClient {
        AuthleteClient::new(self.v3_config()).unwrap()
    }

    fn v3_config(&self) -> AuthleteConfig {
        AuthleteConfig::v3(&self.base(), API_KEY, V3_TOKEN).unwrap()
    }

    fn client(&self, version: &str) -> AuthleteClient {
        match version {
            "v2" => self.v2(),
            _ => self.v3(),
        }
    }
}

async fn record(
    State(stub): State<Stub>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let seen = Seen {
        method: parts.method,
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts.headers,
        body,
        peer,
    };
    let response = (stub.answer)(&seen);
    stub.seen.lock().unwrap().push(seen);
    response
}

async fn serve(answer: impl Fn(&Seen) -> Response + Send + Sync + 'static) -> Server {
    let stub = Stub {
        seen: Arc::default(),
        answer: Arc::new(answer),
    };
    let seen = stub.seen.clone();
    let app = Router::new().fallback(record).with_state(stub);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    Server { addr, seen }
}

fn json_answer(status: u16, body: &Value) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

async fn serve_json(status: u16, body: Value) -> Server {
    serve(move |_| json_answer(status, &body)).await
}

/// A server that reads one request per connection, waits `before`, answers with `answer` as raw
/// bytes, then holds the connection open for `hold` — for answers axum would not produce (a
/// stalled body, hand-made chunking) and for slowness.
async fn serve_raw(answer: Vec<u8>, before: Duration, hold: Duration) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (mut stream, _) = listener.accept().await.unwrap();
            let answer = answer.clone();
            tokio::spawn(async move {
                read_request(&mut stream).await;
                tokio::time::sleep(before).await;
                stream.write_all(&answer).await.unwrap();
                stream.flush().await.unwrap();
                tokio::time::sleep(hold).await;
            });
        }
    });
    addr
}

/// Reads one HTTP/1.1 request (head and a Content-Length body).
async fn read_request(stream: &mut tokio::net::TcpStream) {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let read = stream.read(&mut chunk).await.unwrap();
        assert!(read > 0, "the client closed the connection mid-request");
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .map_or(0, |value| value.trim().parse().unwrap());
            while buffer.len() < end + 4 + length {
                let read = stream.read(&mut chunk).await.unwrap();
                assert!(read > 0);
                buffer.extend_from_slice(&chunk[..read]);
            }
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What the client sends.
// ---------------------------------------------------------------------------------------------

fn assert_common_headers(seen: &Seen, version: &str) {
    let authorization = seen.header(header::AUTHORIZATION);
    match version {
        "v2" => assert_eq!(authorization, format!("Basic {}", basic_credentials())),
        _ => assert_eq!(authorization, format!("Bearer {V3_TOKEN}")),
    }
    assert_eq!(seen.header(header::ACCEPT), "application/json");
    assert_eq!(
        seen.header(header::USER_AGENT),
        format!("authlete-tower/{}", env!("CARGO_PKG_VERSION"))
    );
    if seen.method == Method::POST || seen.method == Method::PUT {
        assert_eq!(seen.header(header::CONTENT_TYPE), "application/json");
    } else {
        assert!(seen.headers.get(header::CONTENT_TYPE).is_none());
        assert!(seen.body.is_empty());
    }
}

fn prefix(version: &str) -> &'static str {
    match version {
        "v2" => "/api",
        _ => "/api/1000",
    }
}

#[tokio::test]
async fn v2_introspection_uses_basic_credentials_and_the_api_path() {
    let answer = vector("v2", "auth_introspection_api", "response-200.json");
    let server = serve_json(200, answer.clone()).await;
    let request_json = vector("v2", "auth_introspection_api", "request.json");
    let request: IntrospectionRequest = serde_json::from_value(request_json.clone()).unwrap();

    let response = server.v2().introspection(request).await.unwrap();

    assert_eq!(response, serde_json::from_value(answer).unwrap());
    assert_eq!(response.action, Some(IntrospectionAction::Ok));
    let seen = server.only();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.path, "/api/auth/introspection");
    assert_eq!(seen.query, None);
    assert_common_headers(&seen, "v2");
    assert_eq!(seen.json(), request_json);
}

#[tokio::test]
async fn v3_introspection_uses_the_bearer_token_and_the_service_path() {
    let answer = vector("v3", "auth_introspection_api", "response-200.json");
    let server = serve_json(200, answer.clone()).await;
    let request_json = vector("v3", "auth_introspection_api", "request.json");
    let request: IntrospectionRequest = serde_json::from_value(request_json.clone()).unwrap();

    let response = server.v3().introspection(request).await.unwrap();

    assert_eq!(response, serde_json::from_value(answer).unwrap());
    let seen = server.only();
    assert_eq!(seen.method, Method::POST);
    assert_eq!(seen.path, "/api/1000/auth/introspection");
    assert_common_headers(&seen, "v3");
    assert_eq!(seen.json(), request_json);
}

#[tokio::test]
async fn a_base_url_with_a_path_keeps_it() {
    let server = serve_json(
        200,
        vector("v3", "auth_introspection_api", "response-200.json"),
    )
    .await;
    let config = AuthleteConfig::v3(&format!("{}/authlete/", server.base()), API_KEY, V3_TOKEN);
    let client = AuthleteClient::new(config.unwrap()).unwrap();
    client
        .introspection(IntrospectionRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(server.only().path, "/authlete/api/1000/auth/introspection");
}

#[tokio::test]
async fn the_user_agent_can_be_replaced() {
    let server = serve_json(
        200,
        vector("v3", "auth_introspection_api", "response-200.json"),
    )
    .await;
    let client = AuthleteClient::builder(server.v3_config())
        .user_agent("my-app/2.0")
        .build()
        .unwrap();
    client
        .introspection(IntrospectionRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(server.only().header(header::USER_AGENT), "my-app/2.0");
}

/// Calls one POST API with the request example and checks path, headers, body and answer.
macro_rules! post_case {
    ($version:expr, $id:literal, $path:literal, $method:ident, $request:expr, $response:ty) => {{
        let version: &str = $version;
        let answer = vector(version, $id, "response-200.json");
        let server = serve_json(200, answer.clone()).await;
        let request = $request;
        let sent = serde_json::to_value(&request).unwrap();
        let response: $response = server
            .client(version)
            .$method(request)
            .await
            .unwrap_or_else(|error| panic!("{version}/{}: {error}", $id));
        let expected: $response = serde_json::from_value(answer).unwrap();
        assert_eq!(response, expected, "{version}/{}", $id);
        let seen = server.only();
        assert_eq!(seen.method, Method::POST, "{version}/{}", $id);
        assert_eq!(
            seen.path,
            format!("{}{}", prefix(version), $path),
            "{}",
            $id
        );
        assert_common_headers(&seen, version);
        assert_eq!(seen.json(), sent, "{version}/{}", $id);
        1usize
    }};
    ($version:expr, $id:literal, $path:literal, $method:ident, $request:ty => $response:ty) => {
        post_case!(
            $version,
            $id,
            $path,
            $method,
            serde_json::from_value::<$request>(vector($version, $id, "request.json")).unwrap(),
            $response
        )
    };
}

#[tokio::test]
async fn every_post_api_sends_its_example_to_its_path_and_reads_its_answer() {
    let mut calls = 0;
    for version in ["v2", "v3"] {
        calls += post_case!(version, "auth_authorization_api", "/auth/authorization", authorization, AuthorizationRequest => AuthorizationResponse);
        calls += post_case!(version, "auth_authorization_issue_api", "/auth/authorization/issue", authorization_issue, AuthorizationIssueRequest => AuthorizationIssueResponse);
        calls += post_case!(version, "auth_authorization_fail_api", "/auth/authorization/fail", authorization_fail, AuthorizationFailRequest => AuthorizationFailResponse);
        calls += post_case!(version, "auth_token_api", "/auth/token", token, TokenRequest => TokenResponse);
        calls += post_case!(version, "auth_token_issue_api", "/auth/token/issue", token_issue, TokenIssueRequest => TokenIssueResponse);
        calls += post_case!(version, "auth_token_fail_api", "/auth/token/fail", token_fail, TokenFailRequest => TokenFailResponse);
        calls += post_case!(version, "auth_introspection_api", "/auth/introspection", introspection, IntrospectionRequest => IntrospectionResponse);
        calls += post_case!(version, "auth_introspection_standard_api", "/auth/introspection/standard", standard_introspection, StandardIntrospectionRequest => StandardIntrospectionResponse);
        calls += post_case!(version, "auth_revocation_api", "/auth/revocation", revocation, RevocationRequest => RevocationResponse);
        calls += post_case!(version, "auth_userinfo_api", "/auth/userinfo", userinfo, UserInfoRequest => UserInfoResponse);
        calls += post_case!(version, "auth_userinfo_issue_api", "/auth/userinfo/issue", userinfo_issue, UserInfoIssueRequest => UserInfoIssueResponse);
        calls += post_case!(version, "pushed_auth_req_api", "/pushed_auth_req", pushed_authorization, PushedAuthorizationRequest => PushedAuthorizationResponse);
        calls += post_case!(version, "device_authorization_api", "/device/authorization", device_authorization, DeviceAuthorizationRequest => DeviceAuthorizationResponse);
        calls += post_case!(version, "device_verification_api", "/device/verification", device_verification, DeviceVerificationRequest => DeviceVerificationResponse);
        calls += post_case!(version, "device_complete_api", "/device/complete", device_complete, DeviceCompleteRequest => DeviceCompleteResponse);
        calls += post_case!(version, "backchannel_authentication_api", "/backchannel/authentication", backchannel_authentication, BackchannelAuthenticationRequest => BackchannelAuthenticationResponse);
        calls += post_case!(version, "backchannel_authentication_issue_api", "/backchannel/authentication/issue", backchannel_authentication_issue, BackchannelAuthenticationIssueRequest => BackchannelAuthenticationIssueResponse);
        // Neither spec has a request example for the fail API: build one.
        let mut fail = BackchannelAuthenticationFailRequest::default();
        fail.ticket = "cA0xUty4zNalc0XTq0FMzd2mnoPVMdnEfh9hJIlI0ks".to_owned();
        fail.reason = Some(BackchannelAuthenticationFailReason::AccessDenied);
        calls += post_case!(
            version,
            "backchannel_authentication_fail_api",
            "/backchannel/authentication/fail",
            backchannel_authentication_fail,
            fail,
            BackchannelAuthenticationFailResponse
        );
        calls += post_case!(version, "backchannel_authentication_complete_api", "/backchannel/authentication/complete", backchannel_authentication_complete, BackchannelAuthenticationCompleteRequest => BackchannelAuthenticationCompleteResponse);
        calls += post_case!(version, "client_registration_api", "/client/registration", client_registration, ClientRegistrationRequest => ClientRegistrationResponse);
        calls += post_case!(version, "client_registration_get_api", "/client/registration/get", client_registration_get, ClientRegistrationRequest => ClientRegistrationResponse);
        calls += post_case!(version, "client_registration_update_api", "/client/registration/update", client_registration_update, ClientRegistrationRequest => ClientRegistrationResponse);
        calls += post_case!(version, "client_registration_delete_api", "/client/registration/delete", client_registration_delete, ClientRegistrationRequest => ClientRegistrationResponse);
        calls += post_case!(version, "client_create_api", "/client/create", client_create, Client => Client);
        calls += post_case!(version, "auth_token_create_api", "/auth/token/create", token_create, TokenCreateRequest => TokenCreateResponse);
        calls += post_case!(version, "auth_token_update_api", "/auth/token/update", token_update, TokenUpdateRequest => TokenUpdateResponse);
        calls += post_case!(version, "auth_token_revoke_api", "/auth/token/revoke", token_revoke, TokenRevokeRequest => TokenRevokeResponse);
    }
    assert_eq!(calls, 2 * 27);
}

#[tokio::test]
async fn service_configuration_is_a_get_with_pretty_and_patch() {
    for version in ["v2", "v3"] {
        let document = vector(version, "service_configuration_api", "response-200.json");
        let server = serve_json(200, document.clone()).await;
        let patch = r#"[{"op":"add","path":"/custom","value":"a b&c"}]"#;
        let options = ServiceConfigurationOptions::default()
            .pretty(true)
            .patch(patch);

        let answer = server
            .client(version)
            .service_configuration(options)
            .await
            .unwrap();

        assert_eq!(answer, document);
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(
            seen.path,
            format!("{}/service/configuration", prefix(version))
        );
        assert_common_headers(&seen, version);
        let pairs = seen.query_pairs();
        assert_eq!(
            pairs,
            [
                ("pretty".to_owned(), "true".to_owned()),
                ("patch".to_owned(), patch.to_owned())
            ]
        );
    }
}

#[tokio::test]
async fn service_configuration_without_options_sends_no_query() {
    let server = serve_json(
        200,
        vector("v3", "service_configuration_api", "response-200.json"),
    )
    .await;
    server
        .v3()
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    let query = server.only().query;
    assert!(query.as_deref().unwrap_or("").is_empty(), "{query:?}");
}

#[tokio::test]
async fn jwks_is_a_get_and_some_when_there_are_keys() {
    for version in ["v2", "v3"] {
        let jwks = vector(version, "service_jwks_get_api", "response-200.json");
        let server = serve_json(200, jwks.clone()).await;
        let options = ServiceJwksOptions::default().include_private_keys(true);

        let answer = server.client(version).service_jwks(options).await.unwrap();

        assert_eq!(answer, Some(jwks));
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(seen.path, format!("{}/service/jwks/get", prefix(version)));
        assert_common_headers(&seen, version);
        assert_eq!(
            seen.query_pairs(),
            [("includePrivateKeys".to_owned(), "true".to_owned())]
        );
    }
}

#[tokio::test]
async fn jwks_answered_with_204_is_none() {
    let server = serve(|_| StatusCode::NO_CONTENT.into_response()).await;
    let answer = server
        .v3()
        .service_jwks(ServiceJwksOptions::default())
        .await
        .unwrap();
    assert_eq!(answer, None);
}

#[tokio::test]
async fn client_get_puts_the_client_id_in_the_path() {
    for version in ["v2", "v3"] {
        let client_json = vector(version, "client_get_api", "response-200.json");
        let server = serve_json(200, client_json.clone()).await;

        let client = server.client(version).client_get("2000").await.unwrap();

        assert_eq!(client, serde_json::from_value(client_json).unwrap());
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(seen.path, format!("{}/client/get/2000", prefix(version)));
        assert_common_headers(&seen, version);
    }
}

#[tokio::test]
async fn client_get_encodes_an_alias_as_one_path_segment() {
    let server = serve_json(200, vector("v3", "client_get_api", "response-200.json")).await;
    server.v3().client_get("my-app/é x").await.unwrap();
    assert_eq!(
        server.only().path,
        "/api/1000/client/get/my-app%2F%C3%A9%20x"
    );
}

// ---------------------------------------------------------------------------------------------
// How the client fails.
// ---------------------------------------------------------------------------------------------

async fn introspect(client: &AuthleteClient) -> ApiError {
    client
        .introspection(IntrospectionRequest::new(INTROSPECTED_TOKEN))
        .await
        .expect_err("the call must fail")
}

#[tokio::test]
async fn http_error_answers_are_api_errors_with_authlete_result() {
    let cases = [
        (400, "Authlete refused the request as malformed", false),
        (401, "AUTHLETE_SERVICE_ACCESSTOKEN", false),
        (403, "permissions", false),
        (500, "retry later", false),
    ];
    for (status, fix, unavailable) in cases {
        let body = vector(
            "v3",
            "auth_introspection_api",
            &format!("response-{status}.json"),
        );
        let server = serve_json(status, body.clone()).await;
        let error = introspect(&server.v3()).await;
        match &error {
            ApiError::Api {
                operation,
                status: got,
                result_code,
                result_message,
                ..
            } => {
                assert_eq!(got.as_u16(), status);
                assert_eq!(operation.path(), "/auth/introspection");
                assert_eq!(result_code.as_deref(), body["resultCode"].as_str());
                assert_eq!(result_message.as_deref(), body["resultMessage"].as_str());
            }
            other => panic!("{status}: {other:?}"),
        }
        assert_eq!(error.is_unavailable(), unavailable, "{status}");
        assert_names_fix_without_secret(&error, &[fix, "/auth/introspection"]);
    }
}

#[tokio::test]
async fn a_401_names_the_credential_and_its_code() {
    let body = vector("v3", "auth_introspection_api", "response-401.json");
    let server = serve_json(401, body).await;
    for client in [server.v2(), server.v3()] {
        let error = introspect(&client).await;
        assert!(
            matches!(
                &error,
                ApiError::Api { status, result_code: Some(code), result_message: Some(_), .. }
                    if *status == StatusCode::UNAUTHORIZED && code == "A001202"
            ),
            "{error:?}"
        );
        assert_names_fix_without_secret(
            &error,
            &[
                "HTTP 401",
                "[A001202]",
                "AUTHLETE_SERVICE_APISECRET",
                "AUTHLETE_SERVICE_ACCESSTOKEN",
            ],
        );
    }
}

#[tokio::test]
async fn a_404_with_a_numeric_result_code_names_the_service_settings() {
    // QUIRK(numeric-404): the v3 404 example carries `"resultCode": 404`.
    let body = vector("v3", "auth_token_revoke_api", "response-404.json");
    let server = serve_json(404, body).await;
    let error = introspect(&server.v3()).await;
    assert!(
        matches!(&error, ApiError::Api { status, result_code: Some(code), .. }
            if status.as_u16() == 404 && code == "404"),
        "{error:?}"
    );
    assert_names_fix_without_secret(&error, &["AUTHLETE_BASE_URL", "AUTHLETE_SERVICE_APIKEY"]);
}

#[tokio::test]
async fn a_gateway_error_without_json_is_an_unavailable_api_error() {
    let server = serve(|_| {
        (
            StatusCode::BAD_GATEWAY,
            format!("<html>bad gateway {PLANTED_TOKEN}</html>"),
        )
            .into_response()
    })
    .await;
    let error = introspect(&server.v3()).await;
    assert!(
        matches!(&error, ApiError::Api { status, result_code: None, result_message: None, .. }
            if *status == StatusCode::BAD_GATEWAY),
        "{error:?}"
    );
    assert!(error.is_unavailable());
    assert_names_fix_without_secret(&error, &["HTTP 502", "retry later"]);
}

#[tokio::test]
async fn a_non_json_answer_is_invalid_response_with_a_token_free_excerpt() {
    let server = serve(|_| {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            format!("<html>Welcome! session={PLANTED_TOKEN}; please log in</html>"),
        )
            .into_response()
    })
    .await;
    let error = introspect(&server.v3()).await;
    match &error {
        ApiError::InvalidResponse {
            status, excerpt, ..
        } => {
            assert_eq!(*status, StatusCode::OK);
            // The token-looking run (with its `session=`) became an ellipsis.
            assert_eq!(excerpt, "<html>Welcome! …; please log in</html>");
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_unavailable());
    assert_names_fix_without_secret(&error, &["not JSON", "<html>Welcome", "AUTHLETE_BASE_URL"]);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_invalid_response_without_the_value() {
    // serde_json would quote the offending string; the client must not.
    let body = serde_json::json!({ "action": "OK", "expiresAt": PLANTED_TOKEN });
    let server = serve_json(200, body).await;
    let error = introspect(&server.v3()).await;
    assert!(
        matches!(&error, ApiError::InvalidResponse { reason, .. }
            if reason.contains("expected shape")),
        "{error:?}"
    );
    assert_names_fix_without_secret(&error, &["expected shape"]);
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout() {
    // The answer comes far later than the client waits.
    let addr = serve_raw(
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec(),
        Duration::from_secs(5),
        Duration::ZERO,
    )
    .await;
    let config = AuthleteConfig::v3(&format!("http://{addr}"), API_KEY, V3_TOKEN).unwrap();
    let client = AuthleteClient::builder(config)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = introspect(&client).await;
    assert!(
        matches!(&error, ApiError::Timeout { after, .. } if *after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert!(error.is_unavailable());
    assert_names_fix_without_secret(&error, &["200ms", "AuthleteClientBuilder::timeout"]);
}

#[tokio::test]
async fn a_body_that_stalls_is_a_timeout() {
    // The head arrives at once; the body never completes.
    let addr = serve_raw(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"action\":"
            .to_vec(),
        Duration::ZERO,
        Duration::from_secs(5),
    )
    .await;
    let config = AuthleteConfig::v3(&format!("http://{addr}"), API_KEY, V3_TOKEN).unwrap();
    let client = AuthleteClient::builder(config)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = introspect(&client).await;
    assert!(matches!(&error, ApiError::Timeout { .. }), "{error:?}");
    assert_names_fix_without_secret(&error, &["AuthleteClientBuilder::timeout"]);
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_connection_not_made_in_time_is_a_timeout_of_the_connect_timeout() {
    // A listener that never accepts, with a backlog of 0: once its queue is full, Linux drops
    // further SYNs, so the client's connection attempt hangs.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        let attempt = tokio::net::TcpStream::connect(addr);
        if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(100), attempt).await {
            fillers.push(stream);
        }
    }
    let config = AuthleteConfig::v3(&format!("http://{addr}"), API_KEY, V3_TOKEN).unwrap();
    let client = AuthleteClient::builder(config)
        .connect_timeout(Duration::from_millis(200))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let error = introspect(&client).await;
    assert!(
        matches!(&error, ApiError::Timeout { after, .. } if *after == Duration::from_millis(200)),
        "{error:?}"
    );
    assert!(error.is_unavailable());
    assert_names_fix_without_secret(&error, &["200ms", "connect_timeout"]);
    drop((listener, fillers));
}

#[tokio::test]
async fn an_oversized_answer_with_content_length_is_refused() {
    let big = format!("{{\"responseContent\":\"{}\"}}", "x".repeat(4096));
    let server = serve(move |_| {
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            big.clone(),
        )
            .into_response()
    })
    .await;
    let client = AuthleteClient::builder(server.v3_config())
        .max_response_size(1024)
        .build()
        .unwrap();
    let error = introspect(&client).await;
    assert!(
        matches!(&error, ApiError::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert_names_fix_without_secret(&error, &["1024", "max_response_size"]);
}

#[tokio::test]
async fn an_oversized_chunked_answer_is_refused() {
    // No Content-Length: the cap must hold while reading.
    let mut answer =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..8 {
        answer.extend_from_slice(format!("200\r\n{}\r\n", "y".repeat(0x200)).as_bytes());
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    let addr = serve_raw(answer, Duration::ZERO, Duration::ZERO).await;
    let config = AuthleteConfig::v3(&format!("http://{addr}"), API_KEY, V3_TOKEN).unwrap();
    let client = AuthleteClient::builder(config)
        .max_response_size(1024)
        .build()
        .unwrap();
    let error = introspect(&client).await;
    assert!(
        matches!(&error, ApiError::ResponseTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert_names_fix_without_secret(&error, &["max_response_size"]);
}

#[tokio::test]
async fn a_chunked_answer_within_the_cap_is_read() {
    let body = vector("v3", "auth_introspection_api", "response-200.json").to_string();
    let (first, second) = body.split_at(body.len() / 2);
    let mut answer =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for part in [first, second] {
        answer.extend_from_slice(format!("{:x}\r\n{part}\r\n", part.len()).as_bytes());
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    let addr = serve_raw(answer, Duration::ZERO, Duration::ZERO).await;
    let config = AuthleteConfig::v3(&format!("http://{addr}"), API_KEY, V3_TOKEN).unwrap();
    let client = AuthleteClient::builder(config)
        .max_response_size(body.len())
        .build()
        .unwrap();
    let response = client
        .introspection(IntrospectionRequest::new("t"))
        .await
        .unwrap();
    assert_eq!(response.action, Some(IntrospectionAction::Ok));
}

#[tokio::test]
async fn a_redirect_is_never_followed() {
    for status in [301u16, 302, 303, 307, 308] {
        let server = serve(move |seen| {
            if seen.path == "/target" {
                return json_answer(
                    200,
                    &vector("v3", "auth_introspection_api", "response-200.json"),
                );
            }
            let location = format!(
                "http://{}/target",
                seen.headers[header::HOST].to_str().unwrap()
            );
            (
                StatusCode::from_u16(status).unwrap(),
                [(header::LOCATION, location)],
            )
                .into_response()
        })
        .await;
        let error = introspect(&server.v3()).await;
        assert!(
            matches!(&error, ApiError::Redirect { status: got, .. } if got.as_u16() == status),
            "{error:?}"
        );
        assert_names_fix_without_secret(&error, &["redirect", "AUTHLETE_BASE_URL"]);
        let seen = server.seen();
        assert_eq!(seen.len(), 1, "{status}: the client followed the redirect");
        assert_eq!(seen[0].path, "/api/1000/auth/introspection");
    }
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let config = AuthleteConfig::v3(&format!("http://{addr}"), API_KEY, V3_TOKEN).unwrap();
    let error = introspect(&AuthleteClient::new(config).unwrap()).await;
    assert!(matches!(&error, ApiError::Transport { .. }), "{error:?}");
    assert!(error.is_unavailable());
    assert_eq!(
        error.operation().map(|op| op.path()),
        Some("/auth/introspection")
    );
    assert_names_fix_without_secret(&error, &["could not reach Authlete", "AUTHLETE_BASE_URL"]);
}

#[tokio::test]
async fn a_credential_that_cannot_be_a_header_is_a_config_error() {
    let broken = "v3AccessToken-Zp0o9\nsecond-half-of-it";
    let config = AuthleteConfig::v3("https://us.authlete.com", API_KEY, broken).unwrap();
    let error = AuthleteClient::new(config).unwrap_err();
    assert!(
        matches!(&error, ApiError::Config(ConfigError::Invalid { setting, .. })
            if setting == "AUTHLETE_SERVICE_ACCESSTOKEN"),
        "{error:?}"
    );
    assert_names_fix_without_secret(&error, &["AUTHLETE_SERVICE_ACCESSTOKEN", "copy it again"]);
    for part in broken.split('\n') {
        assert!(!error.to_string().contains(part));
        assert!(!format!("{error:?}").contains(part));
    }
    assert_eq!(error.operation(), None);
}

#[test]
fn a_backend_error_points_at_the_backend() {
    let error = ApiError::Backend {
        operation: authlete_tower::Operation::Token,
        reason: "the ticket store is closed".to_owned(),
    };
    assert_names_fix_without_secret(
        &error,
        &["/auth/token", "the ticket store is closed", "backend's log"],
    );
    assert!(!error.is_unavailable());
}

// ---------------------------------------------------------------------------------------------
// The client itself.
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_client_debug_holds_no_credential() {
    let server = serve_json(200, Value::Null).await;
    for client in [server.v2(), server.v3()] {
        let printed = format!("{client:?}");
        assert_no_secret(&printed);
        assert!(
            !printed.contains("Basic") && !printed.contains("Bearer"),
            "{printed}"
        );
        assert!(printed.contains(&server.base()), "{printed}");
    }
    let builder = AuthleteClient::builder(server.v3_config());
    let printed = format!("{builder:?}");
    assert_no_secret(&printed);
    assert!(printed.contains("<redacted>"), "{printed}");
    let printed = format!("{:?}", server.v3_config());
    assert_no_secret(&printed);
}

#[tokio::test]
async fn clones_share_one_connection_pool() {
    let server = serve_json(
        200,
        vector("v3", "auth_introspection_api", "response-200.json"),
    )
    .await;
    let client = server.v3();
    let clone = client.clone();
    client
        .introspection(IntrospectionRequest::new("a"))
        .await
        .unwrap();
    clone
        .introspection(IntrospectionRequest::new("b"))
        .await
        .unwrap();
    // A client built separately has a pool of its own.
    server
        .v3()
        .introspection(IntrospectionRequest::new("c"))
        .await
        .unwrap();
    let peers: Vec<SocketAddr> = server.seen().iter().map(|seen| seen.peer).collect();
    assert_eq!(peers[0], peers[1], "the clone opened a new connection");
    assert_ne!(peers[0], peers[2], "a separate client reused the pool");
}

#[tokio::test]
async fn the_client_is_usable_as_a_trait_object() {
    let server = serve_json(
        200,
        vector("v3", "auth_introspection_api", "response-200.json"),
    )
    .await;
    let api: Arc<dyn AuthleteApi> = Arc::new(server.v3());
    let response = api
        .introspection(IntrospectionRequest::new("t"))
        .await
        .unwrap();
    assert!(response.usable);
}

#[test]
fn a_malformed_escape_in_a_properties_secret_is_not_echoed() {
    let dir = std::env::temp_dir().join(format!("authlete-review-props-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("authlete.properties");
    std::fs::write(
        &path,
        "base_url = https://us.authlete.com\napi_version = V3\nservice.api_key = 1\nservice.access_token = ab\\uZQ7Xsecret\n",
    )
    .unwrap();
    let error = AuthleteConfig::from_file(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        matches!(error, ConfigError::Syntax { line: 4, .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(!message.contains("ZQ7X"), "{message}");
    assert!(message.contains("\\u"), "{message}");
}

#[tokio::test]
async fn token_list_is_a_get_with_its_filters_in_the_query() {
    for version in ["v2", "v3"] {
        let list = vector(version, "auth_token_get_list_api", "response-200.json");
        let server = serve_json(200, list.clone()).await;
        let options = TokenListOptions::default()
            .client_identifier("26888344961664")
            .subject("john & co")
            .range(0, 3);

        let answer = server.client(version).token_list(options).await.unwrap();

        assert_eq!(serde_json::to_value(&answer).unwrap(), list);
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(
            seen.path,
            format!("{}/auth/token/get/list", prefix(version))
        );
        assert_common_headers(&seen, version);
        let pair = |name: &str, value: &str| (name.to_owned(), value.to_owned());
        assert_eq!(
            seen.query_pairs(),
            [
                pair("clientIdentifier", "26888344961664"),
                pair("subject", "john & co"),
                pair("start", "0"),
                pair("end", "3"),
            ]
        );
    }
}

#[tokio::test]
async fn token_delete_is_a_delete_of_the_encoded_identifier_answered_204() {
    for version in ["v2", "v3"] {
        let server = serve(|_| StatusCode::NO_CONTENT.into_response()).await;

        server
            .client(version)
            .token_delete("Bk1Qne/Txk+oLK w")
            .await
            .unwrap();

        let seen = server.only();
        assert_eq!(seen.method, Method::DELETE);
        assert_eq!(
            seen.path,
            format!(
                "{}/auth/token/delete/Bk1Qne%2FTxk%2BoLK%20w",
                prefix(version)
            )
        );
        assert_common_headers(&seen, version);
        assert!(seen.body.is_empty());
    }
}

#[tokio::test]
async fn token_delete_of_an_unknown_token_is_an_api_error_without_the_token() {
    let server = serve(|_| {
        json_answer(
            404,
            &serde_json::json!({"resultCode": "A135301", "resultMessage": "[A135301] not found"}),
        )
    })
    .await;

    let error = server
        .v3()
        .token_delete(INTROSPECTED_TOKEN)
        .await
        .unwrap_err();

    match &error {
        ApiError::Api {
            status,
            result_code,
            ..
        } => {
            assert_eq!(*status, StatusCode::NOT_FOUND);
            assert_eq!(result_code.as_deref(), Some("A135301"));
        }
        other => panic!("{other:?}"),
    }
    assert_names_fix_without_secret(&error, &["/auth/token/delete/{accessTokenIdentifier}"]);
    // Deleting changes state: never sent twice.
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn client_delete_is_a_delete_of_the_encoded_client_id_answered_204() {
    for version in ["v2", "v3"] {
        let server = serve(|_| StatusCode::NO_CONTENT.into_response()).await;

        server
            .client(version)
            .client_delete("my client/1")
            .await
            .unwrap();

        let seen = server.only();
        assert_eq!(seen.method, Method::DELETE);
        assert_eq!(
            seen.path,
            format!("{}/client/delete/my%20client%2F1", prefix(version))
        );
        assert_common_headers(&seen, version);
        assert!(seen.body.is_empty());
    }
}

#[tokio::test]
async fn client_secret_refresh_is_a_get_that_is_never_retried() {
    for version in ["v2", "v3"] {
        let answer = vector(version, "client_secret_refresh_api", "response-200.json");
        let server = serve_json(200, answer.clone()).await;

        let refreshed = server
            .client(version)
            .client_secret_refresh("my client")
            .await
            .unwrap();

        assert_eq!(serde_json::to_value(&refreshed).unwrap(), answer);
        let secret = answer["newClientSecret"].as_str().unwrap();
        assert!(
            !format!("{refreshed:?}").contains(secret),
            "Debug redacts it"
        );
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(
            seen.path,
            format!("{}/client/secret/refresh/my%20client", prefix(version))
        );
        assert_common_headers(&seen, version);
    }
    // It changes the secret: a 503 is not followed by a second call, unlike the GETs that read.
    let server = serve(|_| {
        json_answer(
            503,
            &serde_json::json!({"resultCode": "A000503", "resultMessage": "busy"}),
        )
    })
    .await;
    let error = server.v3().client_secret_refresh("2000").await.unwrap_err();
    assert!(matches!(error, ApiError::Api { .. }), "{error:?}");
    assert_eq!(server.seen().len(), 1);
}

/// What one administration call sent: method, path below the prefix, query and JSON body.
type Sent = (Method, &'static str, Option<&'static str>, Option<Value>);

#[tokio::test]
async fn client_administration_calls_send_their_method_path_query_and_body() {
    use serde_json::json;
    for version in ["v2", "v3"] {
        let server = serve_json(200, json!({})).await;
        let api = server.client(version);
        api.client_list(ClientListOptions::default().developer("john").range(0, 10))
            .await
            .unwrap();
        let mut client = Client::default();
        client.client_name = Some("Reports".into());
        api.client_update("my client", client).await.unwrap();
        api.client_secret_update("2000", ClientSecretUpdateRequest::new("new_secret"))
            .await
            .unwrap();
        api.client_lock_flag_update("2000", ClientFlagUpdateRequest::new(true))
            .await
            .unwrap();
        api.client_requestable_scopes_get("2000").await.unwrap();
        api.client_requestable_scopes_update(
            "2000",
            ClientExtensionRequestableScopesUpdateRequest::new(["openid"]),
        )
        .await
        .unwrap();
        api.client_requestable_scopes_delete("2000").await.unwrap();
        api.client_granted_scopes_get("2000", "alice smith")
            .await
            .unwrap();
        api.client_granted_scopes_delete("2000", "alice")
            .await
            .unwrap();
        api.client_authorization_list(ClientAuthorizationGetListRequest::new("alice").range(0, 3))
            .await
            .unwrap();
        api.client_authorization_update(
            "2000",
            ClientAuthorizationUpdateRequest::new("alice", ["profile"]),
        )
        .await
        .unwrap();
        api.client_authorization_delete("2000", "alice")
            .await
            .unwrap();
        api.authorization_ticket_info(AuthorizationTicketInfoRequest::new("t1"))
            .await
            .unwrap();
        api.authorization_ticket_update(AuthorizationTicketUpdateRequest::new("t1", "c"))
            .await
            .unwrap();
        api.id_token_reissue(IdTokenReissueRequest::new("at", "rt"))
            .await
            .unwrap();
        api.token_create_batch(
            vec![TokenCreateRequest::new(GrantType::ClientCredentials, 2000)],
            true,
        )
        .await
        .unwrap();
        api.token_create_batch_status("batch/1").await.unwrap();
        api.grant_management(GmRequest::new("at", GrantManagementAction::Query, "g1"))
            .await
            .unwrap();
        api.backchannel_logout_token(
            BackchannelLogoutTokenRequest::new("2000").with_subject("1001"),
        )
        .await
        .unwrap();

        let expected: Vec<Sent> = vec![
            (
                Method::GET,
                "/client/get/list",
                Some("developer=john&start=0&end=10"),
                None,
            ),
            (
                Method::POST,
                "/client/update/my%20client",
                None,
                Some(json!({"clientName": "Reports"})),
            ),
            (
                Method::POST,
                "/client/secret/update/2000",
                None,
                Some(json!({"clientSecret": "new_secret"})),
            ),
            (
                Method::POST,
                "/client/lock_flag/update/2000",
                None,
                Some(json!({"clientLocked": true})),
            ),
            (
                Method::GET,
                "/client/extension/requestable_scopes/get/2000",
                None,
                None,
            ),
            (
                Method::PUT,
                "/client/extension/requestable_scopes/update/2000",
                None,
                Some(json!({"requestableScopes": ["openid"]})),
            ),
            (
                Method::DELETE,
                "/client/extension/requestable_scopes/delete/2000",
                None,
                None,
            ),
            (
                Method::GET,
                "/client/granted_scopes/get/2000",
                Some("subject=alice+smith"),
                None,
            ),
            (
                Method::DELETE,
                "/client/granted_scopes/delete/2000",
                Some("subject=alice"),
                None,
            ),
            (
                Method::GET,
                "/client/authorization/get/list",
                Some("subject=alice&start=0&end=3"),
                None,
            ),
            (
                Method::POST,
                "/client/authorization/update/2000",
                None,
                Some(json!({"subject": "alice", "scopes": ["profile"]})),
            ),
            (
                Method::DELETE,
                "/client/authorization/delete/2000",
                Some("subject=alice"),
                None,
            ),
            (
                Method::POST,
                "/auth/authorization/ticket/info",
                None,
                Some(json!({"ticket": "t1"})),
            ),
            (
                Method::POST,
                "/auth/authorization/ticket/update",
                None,
                Some(json!({"ticket": "t1", "info": {"context": "c"}})),
            ),
            (
                Method::POST,
                "/idtoken/reissue",
                None,
                Some(json!({"accessToken": "at", "refreshToken": "rt"})),
            ),
            (
                Method::POST,
                "/auth/token/create/batch",
                Some("dryRun=true"),
                Some(json!([{"grantType": "CLIENT_CREDENTIALS", "clientId": 2000}])),
            ),
            (
                Method::GET,
                "/auth/token/create/batch/status/batch%2F1",
                None,
                None,
            ),
            (
                Method::POST,
                "/gm",
                None,
                Some(json!({"accessToken": "at", "gmAction": "QUERY", "grantId": "g1"})),
            ),
            (
                Method::POST,
                "/backchannel/logout/token",
                None,
                Some(json!({"clientIdentifier": "2000", "subject": "1001"})),
            ),
        ];
        let seen = server.seen();
        assert_eq!(seen.len(), expected.len(), "{version}");
        for (seen, (method, path, query, body)) in seen.iter().zip(expected) {
            assert_eq!(seen.method, method, "{version} {path}");
            assert_eq!(seen.path, format!("{}{path}", prefix(version)));
            assert_eq!(seen.query.as_deref(), query, "{version} {path}");
            match body {
                Some(body) => {
                    assert_eq!(seen.json(), body, "{version} {path}");
                    assert_eq!(seen.header(header::CONTENT_TYPE), "application/json");
                }
                None => assert!(seen.body.is_empty(), "{version} {path}"),
            }
            assert_common_headers(seen, version);
        }
    }
}

#[tokio::test]
async fn client_administration_answers_parse_and_changes_are_never_retried() {
    for version in ["v2", "v3"] {
        let answer = vector(
            version,
            "client_granted_scopes_get_api",
            "response-200.json",
        );
        let server = serve_json(200, answer).await;
        let granted = server
            .client(version)
            .client_granted_scopes_get("26478243745571", "john")
            .await
            .unwrap();
        assert_eq!(
            granted.latest_granted_scopes,
            Some(vec!["history.read".to_owned()])
        );
    }
    // A read is retried after a 503, a change (the lock flag) is sent once.
    let busy = || {
        json_answer(
            503,
            &serde_json::json!({"resultCode": "A000503", "resultMessage": "busy"}),
        )
    };
    let server = serve(move |_| busy()).await;
    let error = server
        .v3()
        .client_lock_flag_update("2000", ClientFlagUpdateRequest::new(true))
        .await
        .unwrap_err();
    match &error {
        ApiError::Api {
            status,
            result_code,
            ..
        } => {
            assert_eq!(*status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(result_code.as_deref(), Some("A000503"));
        }
        other => panic!("{other:?}"),
    }
    assert_names_fix_without_secret(&error, &["/client/lock_flag/update/{clientIdentifier}"]);
    assert_eq!(server.seen().len(), 1);
    let server = serve(move |_| busy()).await;
    server
        .v3()
        .client_list(ClientListOptions::default())
        .await
        .unwrap_err();
    assert!(server.seen().len() > 1, "a read is retried");
}

#[test]
fn settings_are_what_the_client_was_built_with_and_hold_no_credential() {
    let config = AuthleteConfig::v2("https://authlete.example/", "4321", "the-api-secret").unwrap();
    let client = AuthleteClient::builder(config)
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(7))
        .max_response_size(1024)
        .user_agent("tests/1")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let settings = client.settings();
    assert_eq!(settings.base_url, "https://authlete.example");
    assert_eq!(settings.api_version, ApiVersion::V2);
    assert_eq!(settings.service_id, "4321");
    assert!(!settings.dpop);
    assert_eq!(settings.connect_timeout, Duration::from_secs(2));
    assert_eq!(settings.timeout, Duration::from_secs(7));
    assert_eq!(settings.max_response_size, 1024);
    assert_eq!(settings.user_agent, "tests/1");
    assert_eq!(settings.retry, RetryPolicy::none());
    assert!(!format!("{settings:?}").contains("the-api-secret"));
}

#[tokio::test]
async fn info_is_a_get_below_api_without_the_service_id() {
    for version in ["v2", "v3"] {
        let server = serve_json(
            200,
            serde_json::json!({"version": "3.0.16", "features": ["ciba", "dcr"], "future": 1}),
        )
        .await;
        let info = server.client(version).info().await.unwrap();
        assert_eq!(info.version, "3.0.16");
        assert_eq!(
            info.features,
            Some(vec!["ciba".to_owned(), "dcr".to_owned()])
        );
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(seen.path, "/api/info", "{version}");
        assert_eq!(seen.query, None);
        assert_common_headers(&seen, version);
    }
}

#[tokio::test]
async fn echo_is_a_get_below_api_without_the_service_id() {
    for version in ["v2", "v3"] {
        let server = serve_json(200, serde_json::json!({"a": "1", "b c": "d&e"})).await;
        let parameters: std::collections::BTreeMap<String, String> = [
            ("a".to_owned(), "1".to_owned()),
            ("b c".to_owned(), "d&e".to_owned()),
        ]
        .into();
        let echoed = server
            .client(version)
            .echo(parameters.clone())
            .await
            .unwrap();
        assert_eq!(echoed, parameters);
        let seen = server.only();
        assert_eq!(seen.method, Method::GET);
        assert_eq!(seen.path, "/api/misc/echo", "{version}");
        assert_eq!(seen.query.as_deref(), Some("a=1&b+c=d%26e"));
        assert_common_headers(&seen, version);
    }
}

// ---------------------------------------------------------------------------------------------
// Service management: the service owner's credentials.
// ---------------------------------------------------------------------------------------------

const OWNER_KEY: &str = "4711";
const OWNER_SECRET: &str = "ownerSecret-Lk8j7h6g5f4d3s2a1qW";
const OWNER_TOKEN: &str = "ownerToken-Mn9b8v7c6x5z4l3k2jH";

impl Server {
    /// A client of `version` with the service owner's credentials too.
    fn owner(&self, version: &str) -> AuthleteClient {
        let config = match version {
            "v2" => AuthleteConfig::v2(&self.base(), API_KEY, V2_SECRET)
                .unwrap()
                .with_service_owner_credentials(OWNER_KEY, OWNER_SECRET),
            _ => self
                .v3_config()
                .with_service_owner_access_token(OWNER_TOKEN),
        };
        AuthleteClient::new(config).unwrap()
    }
}

/// The service owner's credentials, not the service's.
fn assert_owner_credentials(seen: &Seen, version: &str) {
    let expected = match version {
        "v2" => format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{OWNER_KEY}:{OWNER_SECRET}"))
        ),
        _ => format!("Bearer {OWNER_TOKEN}"),
    };
    assert_eq!(seen.header(header::AUTHORIZATION), expected, "{version}");
    assert_eq!(seen.header(header::ACCEPT), "application/json");
}

#[tokio::test]
async fn service_management_calls_their_paths_with_the_service_owners_credentials() {
    for version in ["v2", "v3"] {
        let service = vector(version, "service_get_api", "response-200.json");
        let list = vector(version, "service_get_list_api", "response-200.json");
        let answers = [
            service.clone(),
            list.clone(),
            service.clone(),
            service.clone(),
        ];
        let count = Arc::new(Mutex::new(0usize));
        let server = serve(move |seen| {
            if seen.method == Method::DELETE {
                return StatusCode::NO_CONTENT.into_response();
            }
            let mut count = count.lock().unwrap();
            *count += 1;
            json_answer(200, &answers[*count - 1])
        })
        .await;
        let client = server.owner(version);
        let got = client.service_get("77 7").await.unwrap();
        assert_eq!(got, serde_json::from_value(service.clone()).unwrap());
        let page = client.service_get_list(Some(0), Some(3)).await.unwrap();
        assert_eq!(page, serde_json::from_value(list).unwrap());
        let request: Service =
            serde_json::from_value(vector(version, "service_create_api", "request.json")).unwrap();
        client.service_create(request.clone()).await.unwrap();
        client.service_update("777", request.clone()).await.unwrap();
        client.service_delete("777").await.unwrap();

        let seen = server.seen();
        let paths: Vec<(Method, &str)> = seen
            .iter()
            .map(|seen| (seen.method.clone(), seen.path.as_str()))
            .collect();
        let expected = match version {
            "v2" => [
                (Method::GET, "/api/service/get/77%207"),
                (Method::GET, "/api/service/get/list"),
                (Method::POST, "/api/service/create"),
                (Method::POST, "/api/service/update/777"),
                (Method::DELETE, "/api/service/delete/777"),
            ],
            _ => [
                (Method::GET, "/api/77%207/service/get"),
                (Method::GET, "/api/service/get/list"),
                (Method::POST, "/api/service/create"),
                (Method::POST, "/api/777/service/update"),
                (Method::DELETE, "/api/777/service/delete"),
            ],
        };
        assert_eq!(paths, expected, "{version}");
        assert_eq!(seen[1].query.as_deref(), Some("start=0&end=3"));
        assert_eq!(seen[2].json(), serde_json::to_value(&request).unwrap());
        assert_eq!(seen[2].header(header::CONTENT_TYPE), "application/json");
        for seen in &seen {
            assert_owner_credentials(seen, version);
        }
    }
}

#[tokio::test]
async fn other_calls_keep_the_services_credentials_when_owner_credentials_are_set() {
    for version in ["v2", "v3"] {
        let server = serve_json(200, serde_json::json!({"version": "3.0.16"})).await;
        server.owner(version).info().await.unwrap();
        assert_common_headers(&server.only(), version);
    }
}

#[tokio::test]
async fn service_management_without_owner_credentials_fails_naming_the_setting_and_sends_nothing() {
    for (version, setting) in [
        ("v2", "AUTHLETE_SERVICEOWNER_APIKEY"),
        ("v3", "AUTHLETE_SERVICEOWNER_ACCESSTOKEN"),
    ] {
        let server = serve_json(200, serde_json::json!({})).await;
        let client = server.client(version);
        let errors = [
            client.service_get("1").await.unwrap_err(),
            client.service_get_list(None, None).await.unwrap_err(),
            client.service_create(Service::default()).await.unwrap_err(),
            client
                .service_update("1", Service::default())
                .await
                .unwrap_err(),
            client.service_delete("1").await.unwrap_err(),
        ];
        for error in errors {
            match &error {
                ApiError::Config(authlete_tower::ConfigError::Missing {
                    setting: named, ..
                }) => {
                    assert_eq!(named, setting)
                }
                other => panic!("{version}: {other:?}"),
            }
            assert!(error.to_string().contains(setting), "{error}");
            assert_no_secret(&error.to_string());
        }
        assert!(server.seen().is_empty(), "{version}: nothing is sent");
    }
    // v2 with the key but no secret names the secret.
    let server = serve_json(200, serde_json::json!({})).await;
    let config = AuthleteConfig::from_lookup(|name| match name {
        "AUTHLETE_API_VERSION" => Some("V2".to_owned()),
        "AUTHLETE_BASE_URL" => Some(server.base()),
        "AUTHLETE_SERVICE_APIKEY" => Some(API_KEY.to_owned()),
        "AUTHLETE_SERVICE_APISECRET" => Some(V2_SECRET.to_owned()),
        "AUTHLETE_SERVICEOWNER_APIKEY" => Some(OWNER_KEY.to_owned()),
        _ => None,
    })
    .unwrap();
    let error = AuthleteClient::new(config)
        .unwrap()
        .service_get("1")
        .await
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("AUTHLETE_SERVICEOWNER_APISECRET"),
        "{error}"
    );
    assert!(server.seen().is_empty());
}
