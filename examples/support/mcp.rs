//! The example MCP server (`examples/mcp_server.rs`, `tests/it/mcp_flow.rs`): a Model Context
//! Protocol server built with the official Rust SDK (`rmcp`, streamable HTTP transport) behind
//! [`AuthleteBearer`], as the MCP authorization specification (2025-06-18) asks of a server.
//!
//! | route | protection | answer |
//! |---|---|---|
//! | `POST`/`GET`/`DELETE /mcp` | a token for this resource with scope `mcp:read`; `tools/call` of a tool also needs the tool's scope | MCP JSON-RPC (streamable HTTP) |
//! | `GET /.well-known/oauth-protected-resource[/mcp]` | none | the RFC 9728 metadata |
//!
//! | tool | scope | result |
//! |---|---|---|
//! | `whoami` | `mcp:read` | the token's subject, client and scopes |
//! | `add_note` | `mcp:write` | the note kept (in memory, at most [`MAX_NOTES`]) and how many there are |

use std::borrow::Cow;
use std::sync::{Arc, Mutex};

use authlete_tower::bearer::{BearerRejection, ProtectedResourceMetadata};
use authlete_tower::{AccessTokenInfo, AuthleteBearer};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::WWW_AUTHENTICATE;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{ErrorData, RoleServer, ServerHandler};
use serde_json::{Value, json};

use authlete_local::{LocalConfig, ScopeConfig};

/// The path the MCP endpoint is served at.
pub const MCP_PATH: &str = "/mcp";
/// The realm of the MCP server's challenges.
pub const REALM: &str = "mcp";
/// The scope every MCP request needs: connecting, listing tools, the reading tool.
pub const READ_SCOPE: &str = "mcp:read";
/// The scope of the tool that changes something.
pub const WRITE_SCOPE: &str = "mcp:write";
/// The most notes `add_note` keeps.
pub const MAX_NOTES: usize = 100;
/// The longest note `add_note` takes, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;
/// The largest JSON-RPC body read (rmcp's own default limit).
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// A tool and the scope a `tools/call` of it needs.
pub struct ToolScope {
    /// The tool's name.
    pub name: &'static str,
    /// The scope its call needs, on top of [`READ_SCOPE`].
    pub scope: &'static str,
    /// What it does, as `tools/list` tells.
    pub description: &'static str,
}

/// The tools and their scopes: the one table both `tools/list` and the scope check read.
pub const TOOLS: [ToolScope; 2] = [
    ToolScope {
        name: "whoami",
        scope: READ_SCOPE,
        description: "Who the access token speaks for: subject, client and scopes.",
    },
    ToolScope {
        name: "add_note",
        scope: WRITE_SCOPE,
        description: "Keeps a note (in memory) and says how many are kept.",
    },
];

/// The scope a call of tool `name` needs, when it is a tool of this server.
pub fn tool_scope(name: &str) -> Option<&'static str> {
    TOOLS
        .iter()
        .find(|tool| tool.name == name)
        .map(|tool| tool.scope)
}

/// The demo authorization server's configuration (see [`super::demo::config_for`]) with the
/// MCP scopes added, so clients may ask for them.
pub fn config_with_scopes(mut config: LocalConfig) -> LocalConfig {
    config.scopes.extend([
        ScopeConfig::new(READ_SCOPE, "Use the example MCP server's tools that read."),
        ScopeConfig::new(
            WRITE_SCOPE,
            "Use the example MCP server's tools that write.",
        ),
    ]);
    config
}

/// The MCP server: the tools of [`TOOLS`]. One per MCP session; the notes are shared.
#[derive(Clone, Default)]
pub struct McpTools {
    notes: Arc<Mutex<Vec<String>>>,
}

fn input_schema(schema: Value) -> Arc<JsonObject> {
    match schema {
        Value::Object(object) => Arc::new(object),
        _ => Arc::new(JsonObject::new()),
    }
}

fn tool_list() -> Vec<Tool> {
    TOOLS
        .iter()
        .map(|tool| {
            let schema = match tool.name {
                "add_note" => json!({
                    "type": "object",
                    "properties": {"text": {"type": "string", "maxLength": MAX_NOTE_CHARS}},
                    "required": ["text"],
                }),
                _ => json!({"type": "object", "properties": {}}),
            };
            Tool::new(tool.name, tool.description, input_schema(schema))
        })
        .collect()
}

/// The validated token of the HTTP request behind an MCP request (the bearer layer put it in
/// the request's extensions; rmcp hands the request's parts to the handler).
fn token_of(context: &RequestContext<RoleServer>) -> Option<AccessTokenInfo> {
    context
        .extensions
        .get::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<AccessTokenInfo>())
        .cloned()
}

impl McpTools {
    fn whoami(context: &RequestContext<RoleServer>) -> Result<CallToolResult, ErrorData> {
        let token = token_of(context)
            .ok_or_else(|| ErrorData::internal_error("no validated access token", None))?;
        let who = json!({
            "subject": token.subject(),
            "client_id": token.client_id(),
            "scopes": token.scopes(),
        });
        Ok(CallToolResult::success(vec![ContentBlock::text(
            who.to_string(),
        )]))
    }

    fn add_note(&self, arguments: Option<&JsonObject>) -> Result<CallToolResult, ErrorData> {
        let Some(text) = arguments
            .and_then(|arguments| arguments.get("text"))
            .and_then(Value::as_str)
        else {
            return Err(ErrorData::invalid_params(
                "`text` (a string) is required",
                None,
            ));
        };
        if text.chars().count() > MAX_NOTE_CHARS {
            return Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                "A note has at most {MAX_NOTE_CHARS} characters."
            ))]));
        }
        let mut notes = self
            .notes
            .lock()
            .map_err(|_| ErrorData::internal_error("the notes are unavailable", None))?;
        if notes.len() >= MAX_NOTES {
            return Ok(CallToolResult::error(vec![ContentBlock::text(format!(
                "At most {MAX_NOTES} notes are kept."
            ))]));
        }
        notes.push(text.to_owned());
        Ok(CallToolResult::success(vec![ContentBlock::text(format!(
            "Kept. {} note(s).",
            notes.len()
        ))]))
    }
}

impl ServerHandler for McpTools {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new(
                "authlete-tower-example",
                env!("CARGO_PKG_VERSION"),
            ))
            .with_instructions("Example tools behind an Authlete-validated access token.")
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tool_list()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let result = match request.name.as_ref() {
            "whoami" => Self::whoami(&context)?,
            "add_note" => self.add_note(request.arguments.as_ref())?,
            other => {
                return Err(ErrorData::invalid_params(
                    Cow::Owned(format!("no tool named {other:?}")),
                    None,
                ));
            }
        };
        Ok(result.into())
    }
}

/// The scopes the `tools/call` messages of a JSON-RPC body (one message or a batch) need that
/// `token` lacks, space separated; empty when nothing is missing. Messages that are not tool
/// calls of a known tool need nothing here: rmcp answers them (an unknown tool is its error).
pub fn missing_tool_scopes(body: &Value, token: &AccessTokenInfo) -> String {
    let messages: &[Value] = match body {
        Value::Array(batch) => batch,
        single => std::slice::from_ref(single),
    };
    let mut missing: Vec<&str> = Vec::new();
    for message in messages {
        if message.get("method").and_then(Value::as_str) != Some("tools/call") {
            continue;
        }
        let name = message
            .get("params")
            .and_then(|params| params.get("name"))
            .and_then(Value::as_str);
        if let Some(scope) = name.and_then(tool_scope)
            && !token.has_scope(scope)
            && !missing.contains(&scope)
        {
            missing.push(scope);
        }
    }
    missing.join(" ")
}

/// What the per-tool check needs: the URL of the metadata, for the challenge.
#[derive(Clone)]
struct ScopeCheck {
    resource_metadata: Arc<str>,
}

/// Refuses a `tools/call` whose tool needs a scope the token lacks with HTTP 403
/// `insufficient_scope`, naming the scope in the `WWW-Authenticate` challenge.
///
/// Why at the HTTP level rather than as an MCP tool error: the MCP authorization specification
/// (2025-06-18, "Error Handling") has the server answer "invalid scopes or insufficient
/// permissions" with HTTP 403, and RFC 6750 §3.1 has that 403 carry `error="insufficient_scope"`
/// and the `scope` needed. An MCP client reads that challenge and can ask the authorization
/// server for a token with the scope (step-up authorization); a tool error inside a 200 answer
/// would only reach the model as text, and no client would get a better token from it.
async fn require_tool_scopes(
    State(check): State<ScopeCheck>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Some(token) = parts.extensions.get::<AccessTokenInfo>().cloned() else {
        // The bearer layer runs first and lets no request through without a token.
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if let Ok(json) = serde_json::from_slice::<Value>(&bytes) {
        let missing = missing_tool_scopes(&json, &token);
        if !missing.is_empty() {
            let rejection = BearerRejection::insufficient_scope(
                &missing,
                "The tool needs a scope the access token does not have.",
            );
            let mut response = rejection.to_response::<Body>();
            // The layer adds realm and resource_metadata to its own challenges; this one is
            // made here, so it gets them here.
            let challenge = rejection.www_authenticate().replacen(
                "Bearer ",
                &format!("Bearer realm=\"{REALM}\", "),
                1,
            );
            let challenge = format!(
                "{challenge}, resource_metadata=\"{}\"",
                check.resource_metadata
            );
            if let Ok(value) = http::HeaderValue::from_str(&challenge) {
                response.headers_mut().insert(WWW_AUTHENTICATE, value);
            }
            return response;
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// The MCP server's layer: `bearer` (any [`AuthleteBearer`]; its cache is kept, so a
/// co-located authorization server's revocation reaches it) told its resource identifier
/// `resource` (e.g. `http://127.0.0.1:8001/mcp`), requiring [`READ_SCOPE`], with the RFC 9728
/// metadata naming `authorization_server` (its issuer).
pub fn bearer(
    bearer: AuthleteBearer,
    resource: &str,
    authorization_server: &str,
) -> Result<AuthleteBearer, String> {
    let metadata = ProtectedResourceMetadata::new(resource)
        .map_err(|error| error.to_string())?
        .authorization_servers([authorization_server.trim_end_matches('/')])
        .scopes_supported([READ_SCOPE, WRITE_SCOPE])
        .resource_name("authlete-tower example MCP server");
    bearer
        .realm(REALM)
        .required_scopes([READ_SCOPE])
        .try_resource(resource)
        .map(|bearer| bearer.protected_resource_metadata(metadata))
        .map_err(|error| error.to_string())
}

/// The whole MCP server: [`MCP_PATH`] behind `bearer` (see [`bearer`]) and the per-tool scope
/// check, and the metadata routes outside it. rmcp's own `Host` check keeps to loopback names.
pub fn router(bearer: AuthleteBearer) -> Result<Router, String> {
    let metadata = bearer
        .resource_metadata()
        .ok_or("the bearer layer has no protected resource metadata")?;
    let check = ScopeCheck {
        resource_metadata: metadata.metadata_url().into(),
    };
    let tools = McpTools::default();
    let mcp = StreamableHttpService::new(
        move || Ok(tools.clone()),
        Arc::new(LocalSessionManager::default()),
        StreamableHttpServerConfig::default(),
    );
    Ok(Router::new()
        .route_service(MCP_PATH, mcp)
        .route_layer(middleware::from_fn_with_state(check, require_tool_scopes))
        .route_layer(bearer)
        .merge(metadata.router()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use authlete_tower::dto::IntrospectionResponse;

    fn token_with(scopes: &[&str]) -> AccessTokenInfo {
        let response: IntrospectionResponse = serde_json::from_value(json!({
            "action": "OK",
            "scopes": scopes,
        }))
        .unwrap();
        AccessTokenInfo::new(response)
    }

    fn call(name: &str) -> Value {
        json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name}})
    }

    #[test]
    fn every_tool_needs_a_scope_of_the_server() {
        for tool in &TOOLS {
            assert!(
                [READ_SCOPE, WRITE_SCOPE].contains(&tool.scope),
                "{}",
                tool.name
            );
        }
        assert_eq!(tool_scope("add_note"), Some(WRITE_SCOPE));
        assert_eq!(tool_scope("nope"), None);
        assert_eq!(tool_list().len(), TOOLS.len());
    }

    #[test]
    fn a_call_of_a_tool_needs_its_scope() {
        let reader = token_with(&[READ_SCOPE]);
        assert_eq!(missing_tool_scopes(&call("whoami"), &reader), "");
        assert_eq!(missing_tool_scopes(&call("add_note"), &reader), WRITE_SCOPE);
        let writer = token_with(&[READ_SCOPE, WRITE_SCOPE]);
        assert_eq!(missing_tool_scopes(&call("add_note"), &writer), "");
    }

    #[test]
    fn a_batch_is_checked_message_by_message_and_others_need_nothing() {
        let reader = token_with(&[READ_SCOPE]);
        let batch = json!([call("whoami"), call("add_note"), call("add_note")]);
        assert_eq!(missing_tool_scopes(&batch, &reader), WRITE_SCOPE);
        let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
        assert_eq!(missing_tool_scopes(&list, &token_with(&[])), "");
        assert_eq!(missing_tool_scopes(&call("unknown"), &token_with(&[])), "");
        assert_eq!(missing_tool_scopes(&json!("junk"), &token_with(&[])), "");
    }
}
