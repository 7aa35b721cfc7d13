//! The resource-server table over real HTTP on 127.0.0.1, written once and run against both the
//! axum layer and the actix-web middleware. Rows that need a real Authlete use the local backend
//! (`LocalServer` + `AuthleteClient`); rows about a broken Authlete use tiny in-test servers.
#![cfg(feature = "actix")]

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::bearer::IntrospectionCache;
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::{
    IntrospectionRequest, RevocationRequest, TokenIssueRequest, TokenRequest,
};
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, AuthleteConfig, BearerToken};

#[derive(Debug, Clone, Copy)]
enum Framework {
    Axum,
    Actix,
}

/// The protected application: `/res` answers `subject:scopes`, `/form` echoes its body.
async fn serve(framework: Framework, bearer: AuthleteBearer) -> String {
    let addr = match framework {
        Framework::Axum => serve_axum(bearer).await,
        Framework::Actix => serve_actix(bearer),
    };
    format!("http://{addr}")
}

fn describe(token: &BearerToken) -> String {
    format!(
        "{}:{}",
        token.subject().unwrap_or("-"),
        token.scopes().join(" ")
    )
}

async fn serve_axum(bearer: AuthleteBearer) -> SocketAddr {
    use axum::routing::{get, post};
    async fn whoami(token: BearerToken) -> String {
        describe(&token)
    }
    async fn echo(token: BearerToken, body: String) -> String {
        format!("{}|{body}", describe(&token))
    }
    let app = axum::Router::new()
        .route("/res", get(whoami).post(whoami))
        .route("/form", post(echo))
        .route_layer(bearer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn serve_actix(bearer: AuthleteBearer) -> SocketAddr {
    use actix_web::{App, HttpServer, web};
    async fn whoami(token: BearerToken) -> String {
        describe(&token)
    }
    async fn echo(token: BearerToken, body: String) -> String {
        format!("{}|{body}", describe(&token))
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                App::new().service(
                    web::scope("")
                        .wrap(bearer.clone())
                        .route("/res", web::get().to(whoami))
                        .route("/res", web::post().to(whoami))
                        .route("/form", web::post().to(echo)),
                )
            })
            .workers(1)
            .disable_signals()
            .bind(("127.0.0.1", 0))
            .unwrap();
            sender.send(server.addrs()[0]).unwrap();
            server.run().await
        })
    });
    receiver.recv().unwrap()
}

#[derive(Debug)]
struct Answer {
    status: u16,
    challenge: Option<String>,
    cache_control: Option<String>,
    retry_after: Option<String>,
    body: String,
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    Answer {
        status: response.status().as_u16(),
        challenge: header("www-authenticate"),
        cache_control: header("cache-control"),
        retry_after: header("retry-after"),
        body: response.text().await.unwrap(),
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

/// Asserts a refusal: status, exact challenge, `no-store`, empty body.
fn assert_refused(answer: &Answer, status: u16, challenge: &str) {
    assert_eq!(answer.status, status, "{answer:?}");
    assert_eq!(answer.challenge.as_deref(), Some(challenge), "{answer:?}");
    assert_eq!(
        answer.cache_control.as_deref(),
        Some("no-store"),
        "{answer:?}"
    );
    assert_eq!(answer.body, "", "{answer:?}");
    // An unavailable authorization server says when to retry, as the AS endpoints do.
    let retry_after = (status == 503).then_some("5");
    assert_eq!(answer.retry_after.as_deref(), retry_after, "{answer:?}");
}

/// A port nothing listens on: any call to Authlete there fails, which shows rows that must not
/// call Authlete do not.
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

fn client_for(base: &str, timeout: Duration) -> AuthleteClient {
    let config = AuthleteConfig::v3(base, "1000", "local-token").unwrap();
    AuthleteClient::builder(config)
        .timeout(timeout)
        .connect_timeout(timeout)
        .build()
        .unwrap()
}

async fn unreachable_backend() -> AuthleteClient {
    client_for(&closed_port().await, Duration::from_secs(2))
}

const MISSING: &str = r#"Bearer realm="api""#;
const MALFORMED: &str = r#"Bearer realm="api", error="invalid_request", error_description="The access token is malformed.""#;
const TWICE: &str = r#"Bearer realm="api", error="invalid_request", error_description="The access token was presented in more than one way.""#;
const UNAVAILABLE: &str = r#"Bearer realm="api", error="server_error", error_description="The authorization server is unavailable.""#;
const SERVER_ERROR: &str = r#"Bearer realm="api", error="server_error", error_description="The access token could not be validated.""#;

async fn no_token(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    assert_refused(&send(http().get(format!("{base}/res"))).await, 401, MISSING);
}

async fn other_scheme_is_no_token(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Basic dXNlcjpwYXNz");
    assert_refused(&send(request).await, 401, MISSING);
}

async fn empty_bearer(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer ");
    assert_refused(&send(request).await, 400, MALFORMED);
}

async fn malformed_header(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    for value in ["Bearer two words", "Bearer a,b", "DPoP \"quoted\""] {
        let request = http()
            .get(format!("{base}/res"))
            .header("authorization", value);
        assert_refused(&send(request).await, 400, MALFORMED);
    }
}

async fn two_sources(framework: Framework) {
    let bearer = AuthleteBearer::new(unreachable_backend().await)
        .allow_query_token()
        .allow_form_token();
    let base = serve(framework, bearer).await;
    let request = http()
        .get(format!("{base}/res?access_token=q"))
        .header("authorization", "Bearer h");
    assert_refused(&send(request).await, 400, TWICE);
    let request = http()
        .post(format!("{base}/form?access_token=q"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("access_token=f");
    assert_refused(&send(request).await, 400, TWICE);
}

async fn form_token_when_disabled(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    let request = http()
        .post(format!("{base}/form"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("access_token=abc");
    assert_refused(&send(request).await, 401, MISSING);
}

async fn query_token_when_disabled(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    let request = http().get(format!("{base}/res?access_token=abc"));
    assert_refused(&send(request).await, 401, MISSING);
}

async fn form_body_too_large(framework: Framework) {
    let bearer = AuthleteBearer::new(unreachable_backend().await)
        .allow_form_token()
        .form_body_limit(32);
    let base = serve(framework, bearer).await;
    let request = http()
        .post(format!("{base}/form"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("access_token=abc&pad={}", "x".repeat(100)));
    let expected = r#"Bearer realm="api", error="invalid_request", error_description="The request body is too large.""#;
    assert_refused(&send(request).await, 413, expected);
}

async fn backend_down(framework: Framework) {
    let base = serve(framework, AuthleteBearer::new(unreachable_backend().await)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer secret-token-value");
    let answer = send(request).await;
    assert_refused(&answer, 503, UNAVAILABLE);
}

/// A server that accepts connections and never answers.
async fn silent_backend() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}")
}

async fn backend_slow(framework: Framework) {
    let api = client_for(&silent_backend().await, Duration::from_millis(200));
    let base = serve(framework, AuthleteBearer::new(api)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer secret-token-value");
    assert_refused(&send(request).await, 503, UNAVAILABLE);
}

/// A server that answers every request with `status` and `body`.
async fn canned_backend(status: u16, content_type: &'static str, body: &'static str) -> String {
    let app = axum::Router::new().fallback(move || async move {
        (
            axum::http::StatusCode::from_u16(status).unwrap(),
            [("content-type", content_type)],
            body,
        )
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

async fn backend_garbage(framework: Framework) {
    let backend = canned_backend(200, "text/html", "<html>secret-backend-detail</html>").await;
    let api = client_for(&backend, Duration::from_secs(2));
    let base = serve(framework, AuthleteBearer::new(api)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer secret-token-value");
    assert_refused(&send(request).await, 500, SERVER_ERROR);
}

async fn backend_unknown_action(framework: Framework) {
    let body = r#"{"action":"BRAND_NEW_ACTION","resultCode":"A999999","resultMessage":"secret-backend-detail","responseContent":"Bearer error=\"new\""}"#;
    let backend = canned_backend(200, "application/json", body).await;
    let api = client_for(&backend, Duration::from_secs(2));
    let base = serve(framework, AuthleteBearer::new(api)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer secret-token-value");
    assert_refused(&send(request).await, 500, SERVER_ERROR);
}

async fn backend_answers_an_http_error(framework: Framework) {
    let body = r#"{"resultCode":"A001202","resultMessage":"secret-backend-detail"}"#;
    let backend = canned_backend(401, "application/json", body).await;
    let api = client_for(&backend, Duration::from_secs(2));
    let base = serve(framework, AuthleteBearer::new(api)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer secret-token-value");
    assert_refused(&send(request).await, 500, SERVER_ERROR);
    let gateway = canned_backend(502, "text/plain", "bad gateway").await;
    let api = client_for(&gateway, Duration::from_secs(2));
    let base = serve(framework, AuthleteBearer::new(api)).await;
    let request = http()
        .get(format!("{base}/res"))
        .header("authorization", "Bearer secret-token-value");
    assert_refused(&send(request).await, 503, UNAVAILABLE);
}

/// The local backend over HTTP, with a clock the test moves.
struct Local {
    backend: LocalBackend,
    server: LocalServer,
    clock: ManualClock,
}

impl Local {
    async fn start() -> Local {
        let clock = ManualClock::new();
        let backend =
            LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
        let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        Local {
            backend,
            server,
            clock,
        }
    }

    /// A layer asking the local backend over HTTP, with the test's clock.
    fn bearer(&self) -> AuthleteBearer {
        AuthleteBearer::new(AuthleteClient::new(self.server.config_v3()).unwrap()).with_cache(
            IntrospectionCache::builder()
                .clock(Arc::new(self.clock.clone()))
                .build(),
        )
    }

    /// An access token for `john` with `openid profile` (password grant, then issue).
    async fn mint(&self) -> String {
        let mut request = TokenRequest::new(
            "grant_type=password&username=john&password=pw&scope=openid%20profile",
        );
        request.client_id = Some(demo::CLIENT_ID.to_owned());
        request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
        let ticket = self.backend.token(request).await.unwrap().ticket.unwrap();
        let issued = self
            .backend
            .token_issue(TokenIssueRequest::new(ticket, "john"))
            .await
            .unwrap();
        issued.access_token.unwrap()
    }

    async fn revoke(&self, token: &str) {
        let mut request = RevocationRequest::default();
        request.parameters = format!("token={token}");
        request.client_id = Some(demo::CLIENT_ID.to_owned());
        request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
        self.backend.revocation(request).await.unwrap();
    }

    /// Authlete's own challenge for this check, with the layer's realm added after the scheme.
    async fn challenge(&self, token: &str, scopes: &[&str], subject: Option<&str>) -> String {
        let mut request = IntrospectionRequest::new(token);
        if !scopes.is_empty() {
            request.scopes = Some(scopes.iter().map(|scope| (*scope).to_owned()).collect());
        }
        request.subject = subject.map(str::to_owned);
        let content = self
            .backend
            .introspection(request)
            .await
            .unwrap()
            .response_content
            .unwrap();
        let rest = content.strip_prefix("Bearer ").unwrap();
        format!(r#"Bearer realm="api", {rest}"#)
    }
}

fn with_token(request: reqwest::RequestBuilder, token: &str) -> reqwest::RequestBuilder {
    request.header("authorization", format!("Bearer {token}"))
}

async fn unknown_token(framework: Framework) {
    let local = Local::start().await;
    let base = serve(framework, local.bearer()).await;
    let answer = send(with_token(
        http().get(format!("{base}/res")),
        "no-such-token",
    ))
    .await;
    let expected = local.challenge("no-such-token", &[], None).await;
    assert!(expected.contains(r#"error="invalid_token""#), "{expected}");
    assert_refused(&answer, 401, &expected);
}

async fn expired_token(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    local.clock.advance(Duration::from_secs(3601));
    let base = serve(framework, local.bearer()).await;
    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    let expected = local.challenge(&token, &[], None).await;
    assert!(expected.contains("A065302"), "{expected}");
    assert_refused(&answer, 401, &expected);
}

async fn revoked_token(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    let bearer = local.bearer();
    let cache = bearer.cache();
    let base = serve(framework, bearer).await;
    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    local.revoke(&token).await;
    cache.evict(&token);
    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    let expected = local.challenge(&token, &[], None).await;
    assert!(expected.contains(r#"error="invalid_token""#), "{expected}");
    assert_refused(&answer, 401, &expected);
}

async fn insufficient_scope(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    let base = serve(framework, local.bearer().required_scopes(["email"])).await;
    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    let expected = local.challenge(&token, &["email"], None).await;
    assert!(
        expected.contains(r#"error="insufficient_scope""#),
        "{expected}"
    );
    assert!(expected.contains(r#"scope="email""#), "{expected}");
    assert_refused(&answer, 403, &expected);
}

async fn wrong_subject(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    let base = serve(framework, local.bearer().required_subject("bob")).await;
    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    let expected = local.challenge(&token, &[], Some("bob")).await;
    assert!(expected.contains("A065304"), "{expected}");
    assert_refused(&answer, 403, &expected);
}

async fn valid_token(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    let bearer = local
        .bearer()
        .required_scopes(["profile"])
        .required_subject("john");
    let base = serve(framework, bearer).await;
    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.challenge, None);
    assert_eq!(answer.body, "john:openid profile");
}

async fn form_token_when_enabled(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    let base = serve(framework, local.bearer().allow_form_token()).await;
    let body = format!("a=1&access_token={token}&b=%20two");
    let request = http()
        .post(format!("{base}/form"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.clone());
    let answer = send(request).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, format!("john:openid profile|{body}"));
}

async fn query_token_when_enabled(framework: Framework) {
    let local = Local::start().await;
    let token = local.mint().await;
    let base = serve(framework, local.bearer().allow_query_token()).await;
    let answer = send(http().get(format!("{base}/res?access_token={token}"))).await;
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body, "john:openid profile");
}

const ALGS: &str = r#"algs="ES256 PS256 RS256 EdDSA""#;

/// The local backend's DPoP challenge for `code`, as the layer answers it (realm first).
fn dpop_refusal(error: &str, code: &str, text: &str) -> String {
    format!(
        r#"DPoP realm="api", error="{error}", error_description="[{code}] {text}", error_uri="https://docs.authlete.com/#{code}", {ALGS}"#
    )
}

/// A DPoP-bound token from the local backend at our RS: a fresh proof passes; no proof, a
/// garbage proof, another key, a replay, a wrong `htu` or `ath`, and the Bearer scheme (with a
/// valid proof or without one) are refused.
async fn dpop_bound_token(framework: Framework) {
    use crate::common::proof::DpopKey;
    let local = Local::start().await;
    let key = DpopKey::es256();
    let token_url = "http://localhost:8000/api/token";
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.to_owned());
    request.client_secret = Some(demo::CLIENT_SECRET.to_owned());
    request.dpop = Some(key.proof("POST", token_url, None));
    request.htm = Some("POST".into());
    request.htu = Some(token_url.into());
    let issued = local.backend.token(request).await.unwrap();
    let token = issued.access_token.unwrap();
    let base = serve(framework, local.bearer()).await;
    let url = format!("{base}/res");
    let dpop = |proof: Option<String>| {
        let request = http()
            .get(&url)
            .header("authorization", format!("DPoP {token}"));
        match proof {
            Some(proof) => request.header("dpop", proof),
            None => request,
        }
    };

    let proof = key.proof("GET", &url, Some(&token));
    let answer = send(dpop(Some(proof.clone()))).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "-:profile"),
        "{answer:?}"
    );

    let invalid = dpop_refusal(
        "invalid_dpop_proof",
        "A065391",
        "The DPoP proof is invalid.",
    );
    assert_refused(&send(dpop(Some(proof))).await, 401, &invalid);
    assert_refused(
        &send(dpop(None)).await,
        401,
        &format!(
            r#"DPoP realm="api", error="invalid_token", error_description="A DPoP proof is required.", {ALGS}"#
        ),
    );
    assert_refused(&send(dpop(Some("garbage".into()))).await, 401, &invalid);
    let other = DpopKey::es256();
    assert_refused(
        &send(dpop(Some(other.proof("GET", &url, Some(&token))))).await,
        401,
        &dpop_refusal(
            "invalid_dpop_proof",
            "A065392",
            "The DPoP proof is not signed by the key the access token is bound to.",
        ),
    );
    let elsewhere = format!("{base}/other");
    assert_refused(
        &send(dpop(Some(key.proof("GET", &elsewhere, Some(&token))))).await,
        401,
        &invalid,
    );
    assert_refused(
        &send(dpop(Some(key.proof("GET", &url, Some("another-token"))))).await,
        401,
        &invalid,
    );
    assert_refused(
        &send(dpop(Some(key.proof("POST", &url, Some(&token))))).await,
        401,
        &invalid,
    );
    assert_refused(
        &send(with_token(http().get(&url), &token)).await,
        401,
        &dpop_refusal(
            "invalid_token",
            "A065390",
            "The access token is bound to a DPoP key; a DPoP proof is required.",
        ),
    );
    // RFC 9449 §7.2: the bound token as a bearer token is refused even with a valid proof.
    let bearer_with_proof =
        with_token(http().get(&url), &token).header("dpop", key.proof("GET", &url, Some(&token)));
    assert_refused(
        &send(bearer_with_proof).await,
        401,
        &dpop_refusal(
            "invalid_token",
            "A065390",
            "The access token is bound to a DPoP key; a DPoP proof is required.",
        ),
    );
    // Still good with a fresh proof after all those refusals.
    let answer = send(dpop(Some(key.proof("GET", &url, Some(&token))))).await;
    assert_eq!(answer.status, 200, "{answer:?}");
}

/// A certificate-bound token passes with its certificate in the proxy header and is refused
/// with another certificate or none.
async fn certificate_bound_token(framework: Framework) {
    use authlete_local::ClientConfig;
    use authlete_tower::bearer::ClientCertHeader;
    let mut config = LocalConfig::demo();
    config.clients.push(
        ClientConfig::confidential(4000, "mtls-secret", "mTLS Client")
            .grant_types(["client_credentials"])
            .certificate_bound_access_tokens(true),
    );
    let backend = LocalBackend::new(config).unwrap();
    let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let pem = rcgen::generate_simple_self_signed(vec!["client.example.com".into()])
        .unwrap()
        .cert
        .pem();
    let other = rcgen::generate_simple_self_signed(vec!["other.example.com".into()])
        .unwrap()
        .cert
        .pem();
    let mut request = TokenRequest::new("grant_type=client_credentials");
    request.client_id = Some("4000".into());
    request.client_secret = Some("mtls-secret".into());
    request.client_certificate = Some(pem.clone());
    let token = backend.token(request).await.unwrap().access_token.unwrap();
    let bearer = AuthleteBearer::new(AuthleteClient::new(server.config_v3()).unwrap())
        .client_certificate_header(ClientCertHeader::x_ssl_cert());
    let base = serve(framework, bearer).await;
    let encode = |pem: &str| {
        percent_encoding::utf8_percent_encode(pem, percent_encoding::NON_ALPHANUMERIC).to_string()
    };
    let request = |certificate: Option<&str>| {
        let request = with_token(http().get(format!("{base}/res")), &token);
        match certificate {
            Some(pem) => request.header("x-ssl-cert", encode(pem)),
            None => request,
        }
    };
    let answer = send(request(Some(&pem))).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "-:"),
        "{answer:?}"
    );
    let refused = r#"Bearer realm="api", error="invalid_token", error_description="[A065394] The access token is bound to another client certificate.", error_uri="https://docs.authlete.com/#A065394""#;
    assert_refused(&send(request(Some(&other))).await, 401, refused);
    assert_refused(&send(request(None)).await, 401, refused);
    server.shutdown().await;
}

macro_rules! table {
    ($($row:ident),* $(,)?) => {
        mod axum_layer {
            $(
                #[tokio::test]
                async fn $row() {
                    super::$row(super::Framework::Axum).await
                }
            )*
        }
        mod actix_middleware {
            $(
                #[tokio::test]
                async fn $row() {
                    super::$row(super::Framework::Actix).await
                }
            )*
        }
    };
}

table! {
    no_token,
    other_scheme_is_no_token,
    empty_bearer,
    malformed_header,
    two_sources,
    form_token_when_disabled,
    query_token_when_disabled,
    form_body_too_large,
    backend_down,
    backend_slow,
    backend_garbage,
    backend_unknown_action,
    backend_answers_an_http_error,
    unknown_token,
    expired_token,
    revoked_token,
    insufficient_scope,
    wrong_subject,
    valid_token,
    form_token_when_enabled,
    query_token_when_enabled,
    dpop_bound_token,
    certificate_bound_token,
}

/// actix-web without the middleware: the extractor answers 500 and says what to add; with
/// `allow_anonymous`, `Option<BearerToken>` reads `None` and `BearerToken` answers 401.
#[tokio::test]
async fn actix_extractor_without_middleware_and_anonymous_access() {
    use actix_web::{App, HttpServer, web};
    async fn needs(token: BearerToken) -> String {
        describe(&token)
    }
    async fn maybe(token: Option<BearerToken>) -> String {
        token.map_or_else(|| "anonymous".to_owned(), |token| describe(&token))
    }
    let bearer = AuthleteBearer::new(unreachable_backend().await)
        .realm("open")
        .allow_anonymous();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                App::new().route("/bare", web::get().to(needs)).service(
                    web::scope("/open")
                        .wrap(bearer.clone())
                        .route("/needs", web::get().to(needs))
                        .route("/maybe", web::get().to(maybe)),
                )
            })
            .workers(1)
            .disable_signals()
            .bind(("127.0.0.1", 0))
            .unwrap();
            sender.send(server.addrs()[0]).unwrap();
            server.run().await
        })
    });
    let base = format!("http://{}", receiver.recv().unwrap());

    let answer = send(http().get(format!("{base}/bare"))).await;
    assert_eq!(answer.status, 500, "{answer:?}");
    assert!(answer.body.contains("AuthleteBearer"), "{answer:?}");
    assert_eq!(answer.challenge, None);

    let answer = send(http().get(format!("{base}/open/maybe"))).await;
    assert_eq!((answer.status, answer.body.as_str()), (200, "anonymous"));

    let answer = send(http().get(format!("{base}/open/needs"))).await;
    assert_eq!(answer.status, 401, "{answer:?}");
    assert_eq!(answer.challenge.as_deref(), Some(r#"Bearer realm="open""#));
    assert_eq!(answer.body, "This resource needs an access token.");

    // Invalid credentials are still refused (here: Authlete is unreachable, so 503).
    let answer = send(with_token(
        http().get(format!("{base}/open/maybe")),
        "some-token",
    ))
    .await;
    assert_refused(
        &answer,
        503,
        &UNAVAILABLE.replace(r#"realm="api""#, r#"realm="open""#),
    );
}

/// The co-located revocation endpoint evicts the token from the layer's cache: a cached token
/// is refused right after it is revoked (without the hook it would be served from the cache).
#[tokio::test]
async fn co_located_revocation_evicts_the_cached_token() {
    use authlete_tower::AuthleteResponse;
    use authlete_tower::handler::{
        AuthenticatedUser, AuthorizationPage, Decision, DecisionOutcome, Form, InteractionSpi,
        PendingAuthorization, SpiError, UserSpi,
    };
    use authlete_tower::{AuthorizationServer, dto::IntrospectionAction};
    use axum::routing::get;
    use http::request::Parts;

    struct App;

    impl UserSpi for App {}

    impl InteractionSpi for App {
        async fn current_user(&self, _: &Parts) -> Result<Option<AuthenticatedUser>, SpiError> {
            Ok(None)
        }
        async fn authorization_page(
            &self,
            _: AuthorizationPage,
            _: &Parts,
        ) -> Result<AuthleteResponse, SpiError> {
            Err(SpiError::new("no pages in this test"))
        }
        async fn decision(&self, _: &Parts, form: &Form) -> Result<DecisionOutcome, SpiError> {
            let pending = PendingAuthorization::new(form.get("ticket").unwrap_or_default());
            Ok(Decision::new(pending, None, false).into())
        }
    }

    async fn whoami(token: BearerToken) -> String {
        describe(&token)
    }

    let local = Local::start().await;
    let token = local.mint().await;
    let api: Arc<dyn AuthleteApi> =
        Arc::new(AuthleteClient::new(local.server.config_v3()).unwrap());
    let bearer = AuthleteBearer::new(api.clone());
    let cache = bearer.cache();
    let server = AuthorizationServer::new(api.clone(), App)
        .on_token_revoked(move |token| cache.evict(token));
    let app = server.router().merge(
        axum::Router::new()
            .route("/res", get(whoami))
            .route_layer(bearer),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    assert_eq!(
        (answer.status, answer.body.as_str()),
        (200, "john:openid profile")
    );

    let revoke = http()
        .post(format!("{base}/api/revocation"))
        .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("token={token}"));
    assert_eq!(send(revoke).await.status, 200);
    let check = local
        .backend
        .introspection(IntrospectionRequest::new(token.as_str()))
        .await;
    assert_eq!(
        check.unwrap().action,
        Some(IntrospectionAction::Unauthorized)
    );

    let answer = send(with_token(http().get(format!("{base}/res")), &token)).await;
    let expected = local.challenge(&token, &[], None).await;
    assert_refused(&answer, 401, &expected);
}
