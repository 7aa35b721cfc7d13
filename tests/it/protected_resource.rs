//! RFC 9728 protected resource metadata over real HTTP on 127.0.0.1, for axum and actix-web: the
//! document built from the layer and compared member by member at both well-known locations, and
//! `resource_metadata` in every 401/403 challenge (parsed), against the local backend.
#![cfg(feature = "actix")]

use std::net::SocketAddr;
use std::time::Duration;

use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::bearer::ProtectedResourceMetadata;
use authlete_tower::dto::{TokenIssueRequest, TokenRequest};
use authlete_tower::{AuthleteApi, AuthleteBearer, AuthleteClient, BearerToken};
use serde_json::{Value, json};

use crate::common::challenge::{Challenge, parse_challenge};

const RESOURCE: &str = "https://api.example.com/mcp";
const METADATA_URL: &str = "https://api.example.com/.well-known/oauth-protected-resource/mcp";

#[derive(Debug, Clone, Copy)]
enum Framework {
    Axum,
    Actix,
}

const FRAMEWORKS: [Framework; 2] = [Framework::Axum, Framework::Actix];

/// `/mcp` behind the layer answers the subject; the metadata routes (when the layer has a
/// document) are outside it.
async fn serve(framework: Framework, bearer: AuthleteBearer) -> String {
    let addr = match framework {
        Framework::Axum => serve_axum(bearer).await,
        Framework::Actix => serve_actix(bearer),
    };
    format!("http://{addr}")
}

async fn serve_axum(bearer: AuthleteBearer) -> SocketAddr {
    async fn mcp(token: BearerToken) -> String {
        token.subject().unwrap_or("-").to_owned()
    }
    let mut app = axum::Router::new()
        .route("/mcp", axum::routing::get(mcp))
        .route_layer(bearer.clone());
    if let Some(document) = bearer.resource_metadata() {
        app = app.merge(document.router());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn serve_actix(bearer: AuthleteBearer) -> SocketAddr {
    use actix_web::{App, HttpServer, web};
    async fn mcp(token: BearerToken) -> String {
        token.subject().unwrap_or("-").to_owned()
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                let mut app = App::new();
                if let Some(document) = bearer.resource_metadata() {
                    app = app.configure(document.actix_config());
                }
                // On the resource, so unknown paths stay 404.
                app.service(
                    web::resource("/mcp")
                        .wrap(bearer.clone())
                        .route(web::get().to(mcp)),
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
    content_type: Option<String>,
    cache_control: Option<String>,
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
        content_type: header("content-type"),
        cache_control: header("cache-control"),
        body: response.text().await.unwrap(),
    }
}

/// The answer is a refusal with `status` whose challenge parses, has `scheme` and names the
/// metadata URL (or not, with `None`).
fn assert_challenge(
    answer: &Answer,
    status: u16,
    scheme: &str,
    metadata: Option<&str>,
) -> Challenge {
    assert_eq!(answer.status, status, "{answer:?}");
    let challenge = parse_challenge(answer.challenge.as_deref().expect("a challenge"));
    assert_eq!(challenge.scheme, scheme, "{answer:?}");
    assert_eq!(
        challenge.params.get("realm").map(String::as_str),
        Some("api")
    );
    assert_eq!(
        challenge
            .params
            .get("resource_metadata")
            .map(String::as_str),
        metadata,
        "{answer:?}"
    );
    challenge
}

/// The local backend over HTTP.
struct Local {
    backend: LocalBackend,
    server: LocalServer,
}

impl Local {
    async fn start() -> Local {
        let backend = LocalBackend::new(LocalConfig::demo()).unwrap();
        let server = LocalServer::bind(backend.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        Local { backend, server }
    }

    fn bearer(&self) -> AuthleteBearer {
        AuthleteBearer::new(AuthleteClient::new(self.server.config_v3()).unwrap())
    }

    /// An access token for `john` with `openid profile`, minted for [`RESOURCE`] (the layers
    /// with a document demand it of the token's audience).
    async fn mint(&self) -> String {
        let mut request = TokenRequest::new(
            "grant_type=password&username=john&password=pw&scope=openid%20profile\
             &resource=https%3A%2F%2Fapi.example.com%2Fmcp",
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
}

fn metadata() -> ProtectedResourceMetadata {
    ProtectedResourceMetadata::new(RESOURCE)
        .unwrap()
        .authorization_servers(["https://as.example.com"])
        .resource_name("Example MCP server")
        .resource_documentation("https://api.example.com/docs")
        .jwks_uri("https://api.example.com/jwks")
        .resource_signing_alg_values_supported(["ES256"])
        .dpop_bound_access_tokens_required(false)
        .extra("x_extra", json!({ "a": 1 }))
        .unwrap()
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn the_document_is_served_at_both_locations_filled_from_the_layer() {
    let local = Local::start().await;
    let bearer = local
        .bearer()
        .required_scopes(["profile"])
        .allow_form_token()
        .allow_query_token()
        .dpop_signing_algs(["ES256", "EdDSA"])
        .protected_resource_metadata(metadata().cache_max_age(Duration::from_secs(600)));
    let expected = json!({
        "resource": RESOURCE,
        "authorization_servers": ["https://as.example.com"],
        "jwks_uri": "https://api.example.com/jwks",
        "scopes_supported": ["profile"],
        "bearer_methods_supported": ["header", "body", "query"],
        "resource_signing_alg_values_supported": ["ES256"],
        "resource_name": "Example MCP server",
        "resource_documentation": "https://api.example.com/docs",
        "tls_client_certificate_bound_access_tokens": false,
        "dpop_signing_alg_values_supported": ["ES256", "EdDSA"],
        "dpop_bound_access_tokens_required": false,
        "x_extra": { "a": 1 },
    });
    for framework in FRAMEWORKS {
        let base = serve(framework, bearer.clone()).await;
        for path in [
            "/.well-known/oauth-protected-resource",
            "/.well-known/oauth-protected-resource/mcp",
        ] {
            let answer = send(http().get(format!("{base}{path}"))).await;
            assert_eq!(answer.status, 200, "{framework:?} {path}: {answer:?}");
            assert_eq!(answer.content_type.as_deref(), Some("application/json"));
            assert_eq!(answer.cache_control.as_deref(), Some("public, max-age=600"));
            assert_eq!(answer.challenge, None);
            let document: Value = serde_json::from_str(&answer.body).unwrap();
            let members = document.as_object().unwrap();
            for (name, value) in expected.as_object().unwrap() {
                assert_eq!(
                    members.get(name),
                    Some(value),
                    "{framework:?} {path} {name}"
                );
            }
            assert_eq!(members.len(), expected.as_object().unwrap().len());
        }
        // Another suffix is not this resource's document; the protected route still needs a token.
        let other =
            send(http().get(format!("{base}/.well-known/oauth-protected-resource/x"))).await;
        assert_eq!(other.status, 404, "{framework:?}");
    }
}

#[tokio::test]
async fn a_plain_layer_advertises_header_only_and_the_default_cache_age() {
    let local = Local::start().await;
    let bearer = local.bearer().protected_resource_metadata(
        ProtectedResourceMetadata::new("https://api.example.com").unwrap(),
    );
    let expected = json!({
        "resource": "https://api.example.com",
        "bearer_methods_supported": ["header"],
        "tls_client_certificate_bound_access_tokens": false,
        "dpop_signing_alg_values_supported": ["ES256", "PS256", "RS256", "EdDSA"],
    });
    for framework in FRAMEWORKS {
        let base = serve(framework, bearer.clone()).await;
        let answer = send(http().get(format!("{base}/.well-known/oauth-protected-resource"))).await;
        assert_eq!(answer.status, 200, "{framework:?}");
        assert_eq!(
            answer.cache_control.as_deref(),
            Some("public, max-age=3600")
        );
        assert_eq!(
            serde_json::from_str::<Value>(&answer.body).unwrap(),
            expected
        );
        let missing = send(http().get(format!("{base}/mcp"))).await;
        assert_eq!(
            missing.challenge.as_deref(),
            Some(
                r#"Bearer realm="api", resource_metadata="https://api.example.com/.well-known/oauth-protected-resource""#
            )
        );
    }
}

#[tokio::test]
async fn every_refusal_names_the_metadata() {
    let local = Local::start().await;
    let token = local.mint().await;
    let bearer = local
        .bearer()
        .dpop_signing_algs(["ES256", "EdDSA"])
        .protected_resource_metadata(metadata());
    for framework in FRAMEWORKS {
        let base = serve(framework, bearer.clone()).await;
        let url = format!("{base}/mcp");

        // The bare challenge, exactly.
        let missing = send(http().get(&url)).await;
        assert_eq!(
            missing.challenge.as_deref(),
            Some(format!(r#"Bearer realm="api", resource_metadata="{METADATA_URL}""#).as_str()),
            "{framework:?}"
        );
        assert_eq!(missing.cache_control.as_deref(), Some("no-store"));
        assert_eq!(missing.body, "");
        let parsed = assert_challenge(&missing, 401, "Bearer", Some(METADATA_URL));
        assert_eq!(parsed.params.len(), 2, "{parsed:?}");

        // Authlete's invalid_token challenge.
        let unknown = send(http().get(&url).bearer_auth("no-such-token")).await;
        let parsed = assert_challenge(&unknown, 401, "Bearer", Some(METADATA_URL));
        assert_eq!(parsed.params["error"], "invalid_token", "{framework:?}");
        assert_eq!(unknown.body, "");

        // The DPoP scheme without a proof: the layer's own DPoP challenge.
        let unproven = send(
            http()
                .get(&url)
                .header("authorization", format!("DPoP {token}")),
        )
        .await;
        let parsed = assert_challenge(&unproven, 401, "DPoP", Some(METADATA_URL));
        assert_eq!(parsed.params["error"], "invalid_token");
        assert_eq!(parsed.params["algs"], "ES256 EdDSA");

        // A broken proof: the local backend's DPoP challenge.
        let broken = send(
            http()
                .get(&url)
                .header("authorization", format!("DPoP {token}"))
                .header("dpop", "garbage"),
        )
        .await;
        let parsed = assert_challenge(&broken, 401, "DPoP", Some(METADATA_URL));
        assert_eq!(parsed.params["error"], "invalid_dpop_proof");
        assert!(parsed.params.contains_key("algs"), "{parsed:?}");

        // A valid token passes.
        let ok = send(http().get(&url).bearer_auth(&token)).await;
        assert_eq!(
            (ok.status, ok.body.as_str()),
            (200, "john"),
            "{framework:?}"
        );
    }
}

#[tokio::test]
async fn forbidden_and_anonymous_refusals_name_the_metadata_too() {
    let local = Local::start().await;
    let token = local.mint().await;
    let other_scope = local
        .bearer()
        .required_scopes(["admin"])
        .protected_resource_metadata(metadata());
    let anonymous = local
        .bearer()
        .allow_anonymous()
        .protected_resource_metadata(metadata());
    for framework in FRAMEWORKS {
        let base = serve(framework, other_scope.clone()).await;
        let forbidden = send(http().get(format!("{base}/mcp")).bearer_auth(&token)).await;
        let parsed = assert_challenge(&forbidden, 403, "Bearer", Some(METADATA_URL));
        assert_eq!(
            parsed.params["error"], "insufficient_scope",
            "{framework:?}"
        );

        // The handler takes `BearerToken`, so the extractor answers the anonymous request.
        let base = serve(framework, anonymous.clone()).await;
        let answer = send(http().get(format!("{base}/mcp"))).await;
        assert_eq!(
            answer.challenge.as_deref(),
            Some(format!(r#"Bearer realm="api", resource_metadata="{METADATA_URL}""#).as_str()),
            "{framework:?}"
        );
        assert_challenge(&answer, 401, "Bearer", Some(METADATA_URL));
    }
}

#[tokio::test]
async fn without_a_document_there_is_no_resource_metadata_and_no_route() {
    let local = Local::start().await;
    let bearer = local.bearer();
    assert!(bearer.resource_metadata().is_none());
    assert_eq!(bearer.resource_metadata_url(), None);
    for framework in FRAMEWORKS {
        let base = serve(framework, bearer.clone()).await;
        let missing = send(http().get(format!("{base}/mcp"))).await;
        assert_eq!(missing.challenge.as_deref(), Some(r#"Bearer realm="api""#));
        let unknown = send(
            http()
                .get(format!("{base}/mcp"))
                .bearer_auth("no-such-token"),
        )
        .await;
        let parsed = assert_challenge(&unknown, 401, "Bearer", None);
        assert_eq!(parsed.params["error"], "invalid_token");
        let unproven = send(
            http()
                .get(format!("{base}/mcp"))
                .header("authorization", "DPoP abc"),
        )
        .await;
        assert_challenge(&unproven, 401, "DPoP", None);
        let document =
            send(http().get(format!("{base}/.well-known/oauth-protected-resource"))).await;
        assert_eq!(document.status, 404, "{framework:?}");
    }
}
