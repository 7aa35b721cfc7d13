//! The MCP authorization flow of `examples/mcp_server.rs`, walked the way an MCP client walks it
//! (MCP authorization specification 2025-06-18), over HTTP on 127.0.0.1: the example's MCP
//! server (rmcp, streamable HTTP) behind `AuthleteBearer`, the demo authorization server and the
//! local backend, from `examples/support`.
//!
//! 401 with `resource_metadata` → RFC 9728 metadata → RFC 8414 AS metadata → RFC 7591
//! registration → authorization code + PKCE S256 + RFC 8707 `resource` through the login and
//! consent pages → token → MCP `initialize`, `tools/list`, `tools/call`; then a token for another
//! resource (401 `invalid_token`) and a token without the tool's scope (403 `insufficient_scope`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use authlete_local::demo::INITIAL_ACCESS_TOKEN;
use authlete_tower::bearer::DEFAULT_DPOP_ALGS;

use crate::browser::support::demo::{self, Demo, Settings};
use crate::browser::support::mcp;
use crate::common::challenge::parse_challenge;
use crate::common::flows::{VERIFIER, challenge as pkce_challenge};

const WRONG_AUDIENCE: &str = "The access token was not issued for this resource (wrong audience).";
/// The protocol version the client asks for (the authorization specification's).
const PROTOCOL_VERSION: &str = "2025-06-18";
/// Where the client would receive the code: a loopback redirect URI of its own (never served;
/// the test reads the `Location`).
const CLIENT_REDIRECT_URI: &str = "http://127.0.0.1:33418/callback";

struct Servers {
    demo: Demo,
    /// `http://127.0.0.1:PORT`: the authorization server, also the issuer.
    authorization: String,
    /// `http://127.0.0.1:PORT/mcp`: the MCP endpoint and resource identifier.
    resource: String,
    http: reqwest::Client,
}

impl Servers {
    /// The servers with the demo's registration rule: an initial access token is needed.
    async fn start() -> Servers {
        Servers::start_with(false).await
    }

    /// The servers, registration open (`OPEN_REGISTRATION=true` of the example) or not.
    async fn start_with(open_registration: bool) -> Servers {
        let authorization_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mcp_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let authorization = format!("http://{}", authorization_listener.local_addr().unwrap());
        let resource = format!(
            "http://{}{}",
            mcp_listener.local_addr().unwrap(),
            mcp::MCP_PATH
        );
        let settings = Settings {
            resource_app: Some(Arc::new({
                let resource = resource.clone();
                move |bearer, issuer: &str| mcp::router(mcp::bearer(bearer, &resource, issuer)?)
            })),
            ..Settings::default()
        };
        let mut config = mcp::config_with_scopes(demo::config_for(&authorization));
        config.registration.open = open_registration;
        let demo = demo::start_with(
            config,
            "127.0.0.1:0".parse().unwrap(),
            authorization_listener,
            mcp_listener,
            settings,
        )
        .await
        .unwrap();
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Servers {
            demo,
            authorization,
            resource,
            http,
        }
    }

    /// A JSON-RPC POST to the MCP endpoint as a streamable HTTP client sends it.
    fn mcp_post(
        &self,
        token: Option<&str>,
        session: Option<&str>,
        body: &Value,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .post(&self.resource)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .body(body.to_string());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(session) = session {
            request = request
                .header("mcp-session-id", session)
                .header("mcp-protocol-version", PROTOCOL_VERSION);
        }
        request
    }
}

fn initialize() -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": {},
            "clientInfo": {"name": "mcp-flow-test", "version": "1.0.0"},
        },
    })
}

fn tool_call(id: u64, name: &str, arguments: Value) -> Value {
    json!({
        "jsonrpc": "2.0",
        "id": id,
        "method": "tools/call",
        "params": {"name": name, "arguments": arguments},
    })
}

/// The JSON-RPC answer with `id` in a response body: the JSON itself, or the `data` of the SSE
/// events of a `text/event-stream` answer (events may span several `data:` lines).
async fn json_rpc_answer(answer: reqwest::Response, id: u64) -> Value {
    let content_type = answer.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    let body = answer.text().await.unwrap();
    if content_type.starts_with("application/json") {
        return serde_json::from_str(&body).unwrap();
    }
    assert!(
        content_type.starts_with("text/event-stream"),
        "{content_type}"
    );
    let messages: Vec<Value> = body
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(|event| {
            event
                .lines()
                .filter_map(|line| line.strip_prefix("data:"))
                .map(|data| data.strip_prefix(' ').unwrap_or(data))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|data| !data.trim().is_empty())
        .map(|data| serde_json::from_str(&data).unwrap())
        .collect();
    messages
        .into_iter()
        .find(|message| message["id"] == json!(id))
        .unwrap_or_else(|| panic!("no answer to {id} in {body}"))
}

/// The query parameters of a `Location`.
fn query_params(location: &str) -> HashMap<String, String> {
    let query = location
        .split_once('?')
        .map(|(_, query)| query)
        .unwrap_or("");
    form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no {name} in {page}"))
        + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

fn cookies(answer: &reqwest::Response) -> String {
    answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|value| {
            value
                .to_str()
                .unwrap()
                .split(';')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn form(pairs: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

/// What an MCP client learns before it asks for a token: the AS metadata it found through the
/// resource's metadata, and the client it registered.
struct Client {
    metadata: Value,
    client_id: String,
}

/// The authorization code flow with PKCE S256 and `resource` through the demo authorization
/// server's login and consent pages (john logs in and authorizes); the token endpoint's answer.
async fn token_for(servers: &Servers, client: &Client, scope: &str, resource: &str) -> Value {
    let state = "mcp-state-1";
    let query = form(&[
        ("response_type", "code"),
        ("client_id", &client.client_id),
        ("redirect_uri", CLIENT_REDIRECT_URI),
        ("scope", scope),
        ("state", state),
        ("code_challenge", &pkce_challenge(VERIFIER)),
        ("code_challenge_method", "S256"),
        ("resource", resource),
    ]);
    let authorization_endpoint = client.metadata["authorization_endpoint"].as_str().unwrap();
    let page = servers
        .http
        .get(format!("{authorization_endpoint}?{query}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let cookie = cookies(&page);
    let page = page.text().await.unwrap();
    let decision = servers
        .http
        .post(format!(
            "{}/api/authorization/decision",
            servers.authorization
        ))
        .header("cookie", &cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("authorized", "true"),
            ("loginId", "john"),
            ("password", "john"),
            ("csrf_token", &hidden(&page, "csrf_token")),
            ("request", &hidden(&page, "request")),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(decision.status(), StatusCode::FOUND);
    let location = decision.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with(CLIENT_REDIRECT_URI), "{location}");
    let params = query_params(&location);
    assert_eq!(params["state"], state, "{location}");
    let code = params
        .get("code")
        .unwrap_or_else(|| panic!("no code in {location}"));

    let token_endpoint = client.metadata["token_endpoint"].as_str().unwrap();
    let answer = servers
        .http
        .post(token_endpoint)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", CLIENT_REDIRECT_URI),
            ("client_id", &client.client_id),
            ("code_verifier", VERIFIER),
            ("resource", resource),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["cache-control"], "no-store");
    let token: Value = answer.json().await.unwrap();
    assert_eq!(token["token_type"], "Bearer", "{token}");
    assert_eq!(token["scope"], scope, "{token}");
    token
}

/// Steps 1–4 of the flow: the 401, the resource's metadata, the AS metadata, registration with
/// `initial_access_token` (after checking that registration without it is refused), or without
/// one when `None` (open registration).
async fn discover_and_register(servers: &Servers, initial_access_token: Option<&str>) -> Client {
    // 1. An MCP request without a token: 401, the challenge names the resource's metadata.
    let answer = servers
        .mcp_post(None, None, &initialize())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    let challenge = parse_challenge(answer.headers()["www-authenticate"].to_str().unwrap());
    assert_eq!(challenge.scheme, "Bearer");
    assert_eq!(challenge.params["realm"], mcp::REALM);
    assert!(!challenge.params.contains_key("error"), "{challenge:?}");
    let resource_metadata = challenge.params["resource_metadata"].clone();
    assert_eq!(
        resource_metadata,
        servers.resource.replacen(
            mcp::MCP_PATH,
            &format!("/.well-known/oauth-protected-resource{}", mcp::MCP_PATH),
            1
        )
    );
    assert_eq!(answer.text().await.unwrap(), "");

    // 2. The protected resource metadata (RFC 9728), compared member by member.
    let answer = servers.http.get(&resource_metadata).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["content-type"], "application/json");
    assert_eq!(answer.headers()["cache-control"], "public, max-age=3600");
    let document: Value = answer.json().await.unwrap();
    assert_eq!(
        document,
        json!({
            "resource": servers.resource,
            "authorization_servers": [servers.authorization],
            "scopes_supported": [mcp::READ_SCOPE, mcp::WRITE_SCOPE],
            "bearer_methods_supported": ["header"],
            "resource_name": "authlete-tower example MCP server",
            "tls_client_certificate_bound_access_tokens": false,
            "dpop_signing_alg_values_supported": DEFAULT_DPOP_ALGS,
        })
    );

    // 3. The authorization server's metadata (RFC 8414) at its issuer's well-known location.
    let issuer = document["authorization_servers"][0].as_str().unwrap();
    let answer = servers
        .http
        .get(format!("{issuer}/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let metadata: Value = answer.json().await.unwrap();
    assert_eq!(metadata["issuer"], issuer);
    let has = |member: &str, value: &str| {
        metadata[member]
            .as_array()
            .is_some_and(|values| values.iter().any(|known| known == value))
    };
    assert!(
        has("code_challenge_methods_supported", "S256"),
        "{metadata}"
    );
    assert!(has("response_types_supported", "code"), "{metadata}");
    assert!(
        has("token_endpoint_auth_methods_supported", "none"),
        "{metadata}"
    );
    assert!(has("scopes_supported", mcp::READ_SCOPE), "{metadata}");
    assert!(has("scopes_supported", mcp::WRITE_SCOPE), "{metadata}");
    for endpoint in [
        "authorization_endpoint",
        "token_endpoint",
        "registration_endpoint",
    ] {
        let url = metadata[endpoint].as_str().unwrap();
        assert!(url.starts_with(issuer), "{endpoint}: {url}");
    }

    // 4. Dynamic client registration (RFC 7591): a public native client with a loopback redirect
    // URI, through the demo's initial access token unless registration is open.
    let registration_endpoint = metadata["registration_endpoint"].as_str().unwrap();
    let client_metadata = json!({
        "client_name": "MCP flow test",
        "application_type": "native",
        "redirect_uris": [CLIENT_REDIRECT_URI],
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
    });
    let mut request = servers
        .http
        .post(registration_endpoint)
        .json(&client_metadata);
    if let Some(token) = initial_access_token {
        let refused = servers
            .http
            .post(registration_endpoint)
            .json(&client_metadata)
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            refused.headers()["www-authenticate"],
            "Bearer realm=\"registration\""
        );
        let body: Value = refused.json().await.unwrap();
        assert_eq!(
            body,
            json!({
                "error": "invalid_token",
                "error_description": "Registration requires an initial access token.",
            })
        );
        request = request.bearer_auth(token);
    }
    let answer = request.send().await.unwrap();
    let status = answer.status();
    let registered: Value = answer.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{registered}");
    assert_eq!(
        registered["token_endpoint_auth_method"], "none",
        "{registered}"
    );
    assert!(registered.get("client_secret").is_none(), "{registered}");
    let client_id = registered["client_id"].as_str().unwrap().to_owned();
    Client {
        metadata,
        client_id,
    }
}

#[tokio::test]
async fn an_mcp_client_finds_the_authorization_server_gets_a_token_and_calls_a_tool() {
    let servers = Servers::start().await;
    let client = discover_and_register(&servers, Some(INITIAL_ACCESS_TOKEN)).await;

    // 5–6. A token for this resource, with both scopes.
    let scopes = format!("{} {}", mcp::READ_SCOPE, mcp::WRITE_SCOPE);
    let token = token_for(&servers, &client, &scopes, &servers.resource).await;
    let token = token["access_token"].as_str().unwrap().to_owned();

    // 7. MCP over streamable HTTP: initialize (a session starts), initialized, tools/list, calls.
    let answer = servers
        .mcp_post(Some(&token), None, &initialize())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let session = answer.headers()["mcp-session-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let initialized = json_rpc_answer(answer, 1).await;
    assert_eq!(
        initialized["result"]["protocolVersion"], PROTOCOL_VERSION,
        "{initialized}"
    );
    assert_eq!(
        initialized["result"]["serverInfo"]["name"], "authlete-tower-example",
        "{initialized}"
    );
    assert!(
        initialized["result"]["capabilities"]["tools"].is_object(),
        "{initialized}"
    );

    let notification = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let answer = servers
        .mcp_post(Some(&token), Some(&session), &notification)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::ACCEPTED);

    let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
    let answer = servers
        .mcp_post(Some(&token), Some(&session), &list)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let listed = json_rpc_answer(answer, 2).await;
    let names: Vec<&str> = listed["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tool| tool["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["whoami", "add_note"], "{listed}");

    let answer = servers
        .mcp_post(
            Some(&token),
            Some(&session),
            &tool_call(3, "whoami", json!({})),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let called = json_rpc_answer(answer, 3).await;
    assert_ne!(called["result"]["isError"], true, "{called}");
    let who: Value =
        serde_json::from_str(called["result"]["content"][0]["text"].as_str().unwrap()).unwrap();
    // john's subject in the demo user store.
    assert_eq!(who["subject"], "1001", "{who}");
    assert_eq!(who["client_id"].to_string(), client.client_id, "{who}");
    assert_eq!(
        who["scopes"],
        json!([mcp::READ_SCOPE, mcp::WRITE_SCOPE]),
        "{who}"
    );

    let answer = servers
        .mcp_post(
            Some(&token),
            Some(&session),
            &tool_call(4, "add_note", json!({"text": "buy milk"})),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let called = json_rpc_answer(answer, 4).await;
    assert_eq!(
        called["result"]["content"][0]["text"], "Kept. 1 note(s).",
        "{called}"
    );

    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_token_for_another_resource_is_refused_with_invalid_token() {
    let servers = Servers::start().await;
    let client = discover_and_register(&servers, Some(INITIAL_ACCESS_TOKEN)).await;
    let other = format!("{}/other", servers.authorization);
    let token = token_for(&servers, &client, mcp::READ_SCOPE, &other).await;
    let token = token["access_token"].as_str().unwrap();

    let answer = servers
        .mcp_post(Some(token), None, &initialize())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(answer.headers().get("mcp-session-id").is_none());
    let challenge = parse_challenge(answer.headers()["www-authenticate"].to_str().unwrap());
    assert_eq!(challenge.scheme, "Bearer");
    assert_eq!(challenge.params["realm"], mcp::REALM);
    assert_eq!(challenge.params["error"], "invalid_token");
    assert_eq!(challenge.params["error_description"], WRONG_AUDIENCE);
    assert!(
        challenge.params["resource_metadata"]
            .ends_with("/.well-known/oauth-protected-resource/mcp"),
        "{challenge:?}"
    );
    assert!(!answer.text().await.unwrap().contains(token));
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn a_tool_call_without_the_tools_scope_is_refused_with_insufficient_scope() {
    let servers = Servers::start().await;
    let client = discover_and_register(&servers, Some(INITIAL_ACCESS_TOKEN)).await;
    let token = token_for(&servers, &client, mcp::READ_SCOPE, &servers.resource).await;
    let token = token["access_token"].as_str().unwrap();

    let answer = servers
        .mcp_post(Some(token), None, &initialize())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let session = answer.headers()["mcp-session-id"]
        .to_str()
        .unwrap()
        .to_owned();
    json_rpc_answer(answer, 1).await;
    let notification = json!({"jsonrpc": "2.0", "method": "notifications/initialized"});
    let answer = servers
        .mcp_post(Some(token), Some(&session), &notification)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::ACCEPTED);

    // The reading tool is within the token's scope.
    let answer = servers
        .mcp_post(
            Some(token),
            Some(&session),
            &tool_call(2, "whoami", json!({})),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let called = json_rpc_answer(answer, 2).await;
    assert!(
        called["result"]["content"][0]["text"].is_string(),
        "{called}"
    );

    // The writing tool is not: 403 and a challenge naming the scope to ask for.
    let answer = servers
        .mcp_post(
            Some(token),
            Some(&session),
            &tool_call(3, "add_note", json!({"text": "not allowed"})),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let challenge = parse_challenge(answer.headers()["www-authenticate"].to_str().unwrap());
    assert_eq!(challenge.scheme, "Bearer");
    assert_eq!(challenge.params["realm"], mcp::REALM);
    assert_eq!(challenge.params["error"], "insufficient_scope");
    assert_eq!(challenge.params["scope"], mcp::WRITE_SCOPE);
    assert_eq!(
        challenge.params["error_description"],
        "The tool needs a scope the access token does not have."
    );
    assert!(
        challenge.params["resource_metadata"]
            .ends_with("/.well-known/oauth-protected-resource/mcp"),
        "{challenge:?}"
    );
    assert_eq!(answer.text().await.unwrap(), "");

    // A batch hiding the writing tool behind the reading one is refused the same way.
    let batch = json!([
        tool_call(4, "whoami", json!({})),
        tool_call(5, "add_note", json!({"text": "x"}))
    ]);
    let answer = servers
        .mcp_post(Some(token), Some(&session), &batch)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::FORBIDDEN);
    let challenge = parse_challenge(answer.headers()["www-authenticate"].to_str().unwrap());
    assert_eq!(challenge.params["scope"], mcp::WRITE_SCOPE);
    servers.demo.shutdown().await;
}

#[tokio::test]
async fn with_open_registration_a_client_registers_without_an_initial_access_token() {
    let servers = Servers::start_with(true).await;
    let client = discover_and_register(&servers, None).await;
    let token = token_for(&servers, &client, mcp::READ_SCOPE, &servers.resource).await;
    let token = token["access_token"].as_str().unwrap();
    let answer = servers
        .mcp_post(Some(token), None, &initialize())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let initialized = json_rpc_answer(answer, 1).await;
    assert_eq!(
        initialized["result"]["protocolVersion"], PROTOCOL_VERSION,
        "{initialized}"
    );
    servers.demo.shutdown().await;
}
