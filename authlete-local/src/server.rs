//! [`LocalServer`]: the engine served over HTTP as Authlete's Web API, on v2 paths
//! (`/api/...`, HTTP Basic) and v3 paths (`/api/{serviceId}/...`, Bearer).

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::LocalBackend;
use super::api_dpop;

#[path = "administration_routes.rs"]
mod administration_routes;
use super::result_codes::{self as rc, ResultCode};
use super::unavailable::{self, Unavailable};
use authlete_tower::api::{ApiError, AuthleteApi, Operation};
use authlete_tower::config::{AuthleteConfig, Secret};
use authlete_tower::dto::*;
use authlete_tower::serve::{ServeOptions, serve};

/// The local backend listening on a socket. Stops on [`shutdown`](Self::shutdown) or drop.
#[derive(Debug)]
pub struct LocalServer {
    addr: SocketAddr,
    service_api_key: String,
    api_secret: Secret,
    access_token: Secret,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl LocalServer {
    /// Binds `addr` (port 0 picks a free port) and serves `backend` in a spawned task, with the
    /// default [`ServeOptions`] (header, body and request timeouts, a connection limit).
    pub async fn bind(backend: LocalBackend, addr: SocketAddr) -> std::io::Result<Self> {
        Self::bind_with(backend, addr, ServeOptions::default()).await
    }

    /// [`LocalServer::bind`] with the given timeouts and connection limit.
    pub async fn bind_with(
        backend: LocalBackend,
        addr: SocketAddr,
        options: ServeOptions,
    ) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let config = backend.config();
        let (service_api_key, api_secret, access_token) = (
            config.service_api_key.clone(),
            config.service_api_secret.clone(),
            config.service_access_token.clone(),
        );
        let router = Router::new().fallback(handle).with_state(backend);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let served = serve(listener, router, options, async move {
                let _ = stopped.await;
            })
            .await;
            if let Err(error) = served {
                tracing::error!(%error, "the local backend server stopped");
            }
        });
        Ok(LocalServer {
            addr,
            service_api_key,
            api_secret,
            access_token,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://IP:PORT`, the base URL to give [`AuthleteConfig`].
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A v2 configuration for this server (HTTP Basic with the service API key and secret).
    pub fn config_v2(&self) -> AuthleteConfig {
        AuthleteConfig::v2(
            &self.base_url(),
            self.service_api_key.clone(),
            self.api_secret.clone(),
        )
        .expect("the server's base URL is valid")
    }

    /// A v3 configuration for this server (Bearer service access token).
    pub fn config_v3(&self) -> AuthleteConfig {
        AuthleteConfig::v3(
            &self.base_url(),
            self.service_api_key.clone(),
            self.access_token.clone(),
        )
        .expect("the server's base URL is valid")
    }

    /// Stops accepting connections, lets requests in flight finish, and waits for the task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn json_response(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error_response(
    status: StatusCode,
    code: ResultCode,
    path: &str,
    detail: Option<&str>,
) -> Response {
    let message = match detail {
        Some(detail) => format!("[{}] {path}, {} {detail}", code.code, code.text),
        None => format!("[{}] {path}, {}", code.code, code.text),
    };
    let body = serde_json::json!({"resultCode": code.code, "resultMessage": message});
    json_response(status, body.to_string())
}

/// What a path below `/api` (or `/api/{serviceId}`) names.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target<'a> {
    /// An API the local backend implements, with the path parameter of `/client/get/{clientId}`
    /// or `/auth/token/delete/{accessTokenIdentifier}`.
    Api(Operation, Option<&'a str>),
    /// An API of Authlete's specification it does not implement (see [`unavailable`]).
    Unavailable(&'static Unavailable, &'a str),
    /// `GET /api/info` (no credentials).
    Info,
    /// `GET /api/lifecycle/healthcheck` (no credentials).
    Healthcheck,
    /// `GET /api/misc/echo`: the query parameters as a JSON object.
    Echo,
}

/// The API at `rest` (a path below the prefix).
fn find(rest: &str) -> Option<Target<'_>> {
    if let Some((operation, parameter)) = administration_routes::find(rest) {
        return Some(Target::Api(operation, Some(parameter)));
    }
    if let Some(id) = rest.strip_prefix("/client/get/")
        && !id.is_empty()
        && !id.contains('/')
        && id != "list"
    {
        return Some(Target::Api(Operation::ClientGet, Some(id)));
    }
    for (prefix, operation) in [
        ("/auth/token/delete/", Operation::TokenDelete),
        (
            "/auth/token/create/batch/status/",
            Operation::TokenCreateBatchStatus,
        ),
        ("/client/delete/", Operation::ClientDelete),
        ("/client/secret/refresh/", Operation::ClientSecretRefresh),
    ] {
        if let Some(id) = rest.strip_prefix(prefix)
            && !id.is_empty()
            && !id.contains('/')
        {
            return Some(Target::Api(operation, Some(id)));
        }
    }
    match Operation::from_path(rest) {
        Some(
            Operation::ClientGet
            | Operation::TokenDelete
            | Operation::ClientDelete
            | Operation::ClientSecretRefresh
            | Operation::TokenCreateBatchStatus,
        ) => None,
        Some(operation) => Some(Target::Api(operation, None)),
        None => unavailable::find(rest).map(|entry| Target::Unavailable(entry, rest)),
    }
}

/// The APIs below `/api` that take no service ID on either version.
fn global(rest: &str) -> Option<Target<'_>> {
    match rest {
        "/info" => Some(Target::Info),
        "/lifecycle/healthcheck" => Some(Target::Healthcheck),
        "/misc/echo" => Some(Target::Echo),
        _ => None,
    }
}

/// Which API a path names and the v3 service ID if it is a v3 path.
fn route(path: &str) -> Option<(Target<'_>, Option<&str>)> {
    let rest = path.strip_prefix("/api")?;
    if let Some(target) = global(rest).or_else(|| find(rest)) {
        return Some((target, None));
    }
    let rest = rest.strip_prefix('/')?;
    let (service, _) = rest.split_once('/')?;
    let target = find(&rest[service.len()..])?;
    Some((target, Some(service)))
}

/// Whether a v2-shaped path (no service ID) is one of the v3 APIs that has none either, so that
/// the v3 Bearer token is accepted on it too.
fn serviceless_v3(target: &Target<'_>) -> bool {
    match target {
        Target::Echo => true,
        Target::Unavailable(entry, _) => {
            matches!(entry.pattern, "/service/get/list" | "/service/create")
        }
        _ => false,
    }
}

/// The methods an API accepts. `/service/configuration` takes `POST` too, with the options in a
/// JSON body, as authlete-python and authlete-java-common send it.
fn methods(target: &Target<'_>) -> Vec<Method> {
    match target {
        Target::Api(Operation::ServiceConfiguration, _) => vec![Method::GET, Method::POST],
        Target::Api(operation, _) if administration_routes::serves(*operation) => {
            administration_routes::methods(*operation).unwrap_or_default()
        }
        Target::Api(operation, _) => vec![operation.method()],
        Target::Unavailable(entry, _) => entry.methods.to_vec(),
        Target::Info | Target::Healthcheck | Target::Echo => vec![Method::GET],
    }
}

fn equal(a: &str, b: &str) -> bool {
    bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

/// Checks the API credentials; `Err` is the 401 answer.
/// Checks the call's credentials: HTTP Basic (v2), or the service access token (v3) with the
/// `Bearer` scheme, or with `DPoP` and a valid proof when the token is DPoP-bound. `call` is the
/// call's method and request path (for the proof's `htm` and `htu`), `path` the API's path.
fn authenticate(
    backend: &LocalBackend,
    headers: &HeaderMap,
    v3: bool,
    call: (&Method, &str),
    path: &str,
) -> Result<(), Box<Response>> {
    let config = backend.config();
    let bound = config
        .service_access_token_dpop_jkt
        .as_deref()
        .filter(|_| v3);
    let token_scheme = if bound.is_some() { "DPoP" } else { "Bearer" };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok());
    let Some(value) = value else {
        return Err(Box::new(error_response(
            StatusCode::UNAUTHORIZED,
            rc::API_AUTH_MISSING,
            path,
            None,
        )));
    };
    let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
    let valid = if v3 {
        scheme.eq_ignore_ascii_case(token_scheme)
            && equal(credentials.trim(), config.service_access_token.expose())
    } else if scheme.eq_ignore_ascii_case("Basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(credentials.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match decoded.as_deref().and_then(|pair| pair.split_once(':')) {
            Some((key, secret)) => {
                // Evaluate both comparisons so that timing does not tell which part was wrong.
                let key_ok = equal(key, &config.service_api_key);
                let secret_ok = equal(secret, config.service_api_secret.expose());
                key_ok & secret_ok
            }
            None => false,
        }
    } else {
        false
    };
    if valid {
        let Some(jkt) = bound else { return Ok(()) };
        let (method, request_path) = call;
        let host = headers
            .get(header::HOST)
            .and_then(|host| host.to_str().ok())
            .unwrap_or_default();
        let htu = format!("http://{host}{request_path}");
        let token = config.service_access_token.expose();
        api_dpop::check(headers, method, &htu, token, jkt).map_err(|why| {
            tracing::debug!(why, "API call refused: DPoP proof");
            Box::new(error_response(
                StatusCode::UNAUTHORIZED,
                rc::API_DPOP_INVALID,
                path,
                Some(why),
            ))
        })
    } else {
        let code = if scheme.eq_ignore_ascii_case(if v3 { token_scheme } else { "Basic" }) {
            rc::API_AUTH_INVALID
        } else {
            rc::API_AUTH_MISSING
        };
        Err(Box::new(error_response(
            StatusCode::UNAUTHORIZED,
            code,
            path,
            None,
        )))
    }
}

fn answer<T: Serialize>(operation: Operation, result: Result<T, ApiError>) -> Response {
    answer_with(StatusCode::OK, operation, result)
}

/// [`answer`] with another success status.
fn answer_with<T: Serialize>(
    status: StatusCode,
    operation: Operation,
    result: Result<T, ApiError>,
) -> Response {
    match result {
        Ok(body) => match serde_json::to_string(&body) {
            Ok(text) => json_response(status, text),
            Err(_) => error_response(
                StatusCode::INTERNAL_SERVER_ERROR,
                rc::API_BAD_JSON,
                operation.path(),
                None,
            ),
        },
        Err(error) => api_error_response(operation, &error),
    }
}

fn api_error_response(operation: Operation, error: &ApiError) -> Response {
    match error {
        ApiError::Api {
            status,
            result_code,
            result_message,
            ..
        } => {
            let body =
                serde_json::json!({"resultCode": result_code, "resultMessage": result_message});
            json_response(*status, body.to_string())
        }
        other => {
            tracing::error!(error = %other, "local backend failure");
            let body = serde_json::json!({
                "resultCode": "A001101",
                "resultMessage": format!("[A001101] {}, Authlete Server error.", operation.path()),
            });
            json_response(StatusCode::INTERNAL_SERVER_ERROR, body.to_string())
        }
    }
}

fn parse<T: DeserializeOwned>(body: &Bytes, path: &str) -> Result<T, Box<Response>> {
    serde_json::from_slice(body).map_err(|error| {
        let detail = format!(
            "({} at line {}, column {})",
            match error.classify() {
                serde_json::error::Category::Data => "unexpected shape",
                _ => "not JSON",
            },
            error.line(),
            error.column()
        );
        Box::new(error_response(
            StatusCode::BAD_REQUEST,
            rc::API_BAD_JSON,
            path,
            Some(&detail),
        ))
    })
}

/// The options in the body of `POST /service/configuration`; `None` where not given.
#[derive(Debug, Default)]
struct ConfigurationBody {
    pretty: Option<bool>,
    patch: Option<String>,
}

/// The options of `POST /service/configuration`: `{"pretty": true, "patch": null}` as the SDKs
/// send them; an empty body is no options. A string `"true"` for `pretty` is taken as Jackson does.
fn configuration_body(body: &Bytes, path: &str) -> Result<ConfigurationBody, Box<Response>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(ConfigurationBody::default());
    }
    #[derive(serde::Deserialize)]
    struct Options {
        #[serde(default)]
        pretty: Option<serde_json::Value>,
        #[serde(default)]
        patch: Option<serde_json::Value>,
    }
    let options: Options = parse(body, path)?;
    let bad = || {
        Box::new(error_response(
            StatusCode::BAD_REQUEST,
            rc::API_BAD_JSON,
            path,
            Some("(pretty must be a boolean and patch a string)"),
        ))
    };
    let pretty = match options.pretty {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::Bool(pretty)) => Some(pretty),
        Some(serde_json::Value::String(text)) if text == "true" || text == "false" => {
            Some(text == "true")
        }
        Some(_) => return Err(bad()),
    };
    let patch = match options.patch {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) => Some(text),
        Some(_) => return Err(bad()),
    };
    Ok(ConfigurationBody { pretty, patch })
}

macro_rules! post {
    ($backend:expr, $body:expr, $operation:expr, $method:ident) => {{
        match parse(&$body, $operation.path()) {
            Ok(request) => answer($operation, $backend.$method(request).await),
            Err(response) => *response,
        }
    }};
}

/// The largest request body accepted (Authlete's requests are small JSON documents).
const MAX_BODY: usize = 1024 * 1024;

async fn handle(
    State(backend): State<LocalBackend>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let response = dispatch(backend, method, &uri, headers, body).await;
    tracing::debug!(
        path = uri.path(),
        status = response.status().as_u16(),
        "local backend API call"
    );
    response
}

async fn dispatch(
    backend: LocalBackend,
    method: Method,
    uri: &Uri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let path = uri.path();
    if let Some((operation, service_id)) = service_management_route(path) {
        return service_management(
            &backend, operation, service_id, &method, uri, &headers, body,
        )
        .await;
    }
    let Some((target, service)) = route(path) else {
        return error_response(StatusCode::NOT_FOUND, rc::API_NOT_FOUND, path, None);
    };
    let api_path = match target {
        Target::Api(operation, _) => operation.path(),
        Target::Unavailable(_, rest) => rest,
        Target::Info => "/info",
        Target::Healthcheck => "/lifecycle/healthcheck",
        Target::Echo => "/misc/echo",
    };
    if !matches!(target, Target::Info | Target::Healthcheck) {
        let bearer = headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.len() > 7 && value[..7].eq_ignore_ascii_case("bearer "));
        let v3 = service.is_some() || (serviceless_v3(&target) && bearer);
        if let Err(response) = authenticate(&backend, &headers, v3, (&method, path), api_path) {
            return *response;
        }
    }
    if service.is_some_and(|service| service != backend.config().service_api_key) {
        return error_response(
            StatusCode::NOT_FOUND,
            rc::API_UNKNOWN_SERVICE,
            api_path,
            None,
        );
    }
    let allowed = methods(&target);
    if !allowed.contains(&method) {
        let mut response = error_response(
            StatusCode::METHOD_NOT_ALLOWED,
            rc::API_METHOD,
            api_path,
            None,
        );
        let allow = allowed
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        if let Ok(allow) = HeaderValue::from_str(&allow) {
            response.headers_mut().insert(header::ALLOW, allow);
        }
        return response;
    }
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            rc::API_TOO_LARGE,
            api_path,
            None,
        );
    };
    let query_value = |wanted: &str| {
        uri.query().and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == wanted)
                .map(|(_, value)| value.into_owned())
        })
    };
    let (operation, path_parameter) = match target {
        Target::Api(operation, parameter) => (operation, parameter),
        Target::Unavailable(entry, rest) => {
            let (status, answer) = entry.answer(rest);
            return json_response(status, answer.to_string());
        }
        Target::Info => {
            let text = serde_json::to_string(&info()).unwrap_or_default();
            return json_response(StatusCode::OK, text);
        }
        Target::Healthcheck => {
            let mut response = (StatusCode::OK, "OK").into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain;charset=UTF-8"),
            );
            return response;
        }
        Target::Echo => {
            let echoed: serde_json::Map<String, serde_json::Value> =
                form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes())
                    .map(|(name, value)| (name.into_owned(), value.into_owned().into()))
                    .collect();
            return json_response(
                StatusCode::OK,
                serde_json::Value::Object(echoed).to_string(),
            );
        }
    };
    let pretty = query_value("pretty").as_deref() == Some("true");
    match operation {
        Operation::Authorization => post!(backend, body, operation, authorization),
        Operation::AuthorizationIssue => post!(backend, body, operation, authorization_issue),
        Operation::AuthorizationTicketInfo => {
            post!(backend, body, operation, authorization_ticket_info)
        }
        Operation::AuthorizationTicketUpdate => {
            post!(backend, body, operation, authorization_ticket_update)
        }
        Operation::AuthorizationFail => post!(backend, body, operation, authorization_fail),
        Operation::Token => post!(backend, body, operation, token),
        Operation::TokenIssue => post!(backend, body, operation, token_issue),
        Operation::TokenFail => post!(backend, body, operation, token_fail),
        Operation::Introspection => post!(backend, body, operation, introspection),
        Operation::StandardIntrospection => post!(backend, body, operation, standard_introspection),
        Operation::Revocation => post!(backend, body, operation, revocation),
        Operation::UserInfo => post!(backend, body, operation, userinfo),
        Operation::UserInfoIssue => post!(backend, body, operation, userinfo_issue),
        Operation::GrantManagement => post!(backend, body, operation, grant_management),
        Operation::PushedAuthorization => post!(backend, body, operation, pushed_authorization),
        Operation::DeviceAuthorization => post!(backend, body, operation, device_authorization),
        Operation::DeviceVerification => post!(backend, body, operation, device_verification),
        Operation::DeviceComplete => post!(backend, body, operation, device_complete),
        Operation::BackchannelAuthentication => {
            post!(backend, body, operation, backchannel_authentication)
        }
        Operation::BackchannelAuthenticationIssue => {
            post!(backend, body, operation, backchannel_authentication_issue)
        }
        Operation::BackchannelAuthenticationFail => {
            post!(backend, body, operation, backchannel_authentication_fail)
        }
        Operation::BackchannelAuthenticationComplete => post!(
            backend,
            body,
            operation,
            backchannel_authentication_complete
        ),
        Operation::ClientRegistration => post!(backend, body, operation, client_registration),
        Operation::ClientRegistrationGet => {
            post!(backend, body, operation, client_registration_get)
        }
        Operation::ClientRegistrationUpdate => {
            post!(backend, body, operation, client_registration_update)
        }
        Operation::ClientRegistrationDelete => {
            post!(backend, body, operation, client_registration_delete)
        }
        Operation::ServiceConfiguration => {
            let options = {
                let mut value = ServiceConfigurationOptions::default();
                value.pretty = pretty;
                value.patch = query_value("patch");
                if method == Method::POST {
                    match configuration_body(&body, operation.path()) {
                        Ok(options) => {
                            value.pretty = options.pretty.unwrap_or(value.pretty);
                            value.patch = options.patch.or(value.patch);
                        }
                        Err(response) => return *response,
                    }
                }
                value
            };
            let pretty = options.pretty;
            match backend.service_configuration(options).await {
                Ok(document) => {
                    let text = if pretty {
                        serde_json::to_string_pretty(&document)
                    } else {
                        serde_json::to_string(&document)
                    };
                    json_response(StatusCode::OK, text.unwrap_or_default())
                }
                Err(error) => api_error_response(operation, &error),
            }
        }
        Operation::ServiceJwks => match backend.service_jwks(ServiceJwksOptions::default()).await {
            Ok(Some(jwks)) => {
                let text = if pretty {
                    serde_json::to_string_pretty(&jwks)
                } else {
                    serde_json::to_string(&jwks)
                };
                json_response(StatusCode::OK, text.unwrap_or_default())
            }
            Ok(None) => StatusCode::NO_CONTENT.into_response(),
            Err(error) => api_error_response(operation, &error),
        },
        Operation::ClientGet => {
            let id = decoded(path_parameter);
            answer(operation, backend.client_get(&id).await)
        }
        // 201, as Authlete answers a client it created (200 is its legacy answer).
        Operation::ClientCreate => match parse::<Client>(&body, operation.path()) {
            Ok(client) => answer_with(
                StatusCode::CREATED,
                operation,
                backend.client_create(client).await,
            ),
            Err(response) => *response,
        },
        Operation::ClientDelete => {
            let id = decoded(path_parameter);
            match backend.client_delete(&id).await {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err(error) => api_error_response(operation, &error),
            }
        }
        Operation::ClientSecretRefresh => {
            let id = decoded(path_parameter);
            answer(operation, backend.client_secret_refresh(&id).await)
        }
        Operation::TokenCreate => post!(backend, body, operation, token_create),
        Operation::IdTokenReissue => post!(backend, body, operation, id_token_reissue),
        // The body is a JSON array of `/auth/token/create` requests; `dryRun=true` checks them.
        Operation::TokenCreateBatch => {
            match parse::<Vec<TokenCreateRequest>>(&body, operation.path()) {
                Ok(requests) => {
                    let dry_run = query_value("dryRun").is_some_and(|value| value == "true");
                    answer(
                        operation,
                        backend.token_create_batch(requests, dry_run).await,
                    )
                }
                Err(response) => *response,
            }
        }
        Operation::TokenCreateBatchStatus => {
            let id = decoded(path_parameter);
            answer(operation, backend.token_create_batch_status(&id).await)
        }
        Operation::TokenUpdate => post!(backend, body, operation, token_update),
        Operation::TokenRevoke => post!(backend, body, operation, token_revoke),
        Operation::TokenDelete => {
            let identifier = decoded(path_parameter);
            match backend.token_delete(&identifier).await {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err(error) => api_error_response(operation, &error),
            }
        }
        Operation::TokenList => {
            let mut options = TokenListOptions::default();
            options.client_identifier = query_value("clientIdentifier");
            options.subject = query_value("subject");
            for (name, field) in [("start", &mut options.start), ("end", &mut options.end)] {
                match query_value(name).map(|value| value.parse::<u32>()) {
                    None => {}
                    Some(Ok(value)) => *field = Some(value),
                    Some(Err(_)) => {
                        return error_response(
                            StatusCode::BAD_REQUEST,
                            rc::TOKEN_LIST_BAD,
                            operation.path(),
                            Some(&format!("'{name}' must be a non-negative integer.")),
                        );
                    }
                }
            }
            answer(operation, backend.token_list(options).await)
        }
        Operation::NativeSso if backend.config().native_sso_supported => {
            post!(backend, body, operation, native_sso)
        }
        Operation::NativeSsoLogout if backend.config().native_sso_supported => {
            post!(backend, body, operation, native_sso_logout)
        }
        Operation::BackchannelLogoutToken => {
            post!(backend, body, operation, backchannel_logout_token)
        }
        operation if administration_routes::serves(operation) => {
            administration_routes::dispatch(
                &backend,
                operation,
                &method,
                path_parameter,
                uri.query(),
                &body,
            )
            .await
        }
        // An operation of the library the local backend does not implement: the table's
        // answer (unavailable.rs), as for the paths the library does not model.
        _ if unavailable::find(operation.path()).is_some() => {
            let (status, answer) = unavailable::find(operation.path())
                .map(|entry| entry.answer(operation.path()))
                .unwrap_or_default();
            json_response(status, answer.to_string())
        }
        // An operation added to the library that the local backend does not serve yet.
        _ => error_response(
            StatusCode::NOT_FOUND,
            rc::API_NOT_FOUND,
            operation.path(),
            None,
        ),
    }
}

/// A service management path: the operation and the service ID (v3, in the prefix) or API key
/// (v2, the last segment), if the path has one.
fn service_management_route(path: &str) -> Option<(Operation, Option<&str>)> {
    let rest = path.strip_prefix("/api")?;
    match rest {
        "/service/get/list" => return Some((Operation::ServiceGetList, None)),
        "/service/create" => return Some((Operation::ServiceCreate, None)),
        _ => {}
    }
    let one_segment = |id: &'_ str| !id.is_empty() && !id.contains('/');
    for (prefix, operation) in [
        ("/service/get/", Operation::ServiceGet),
        ("/service/update/", Operation::ServiceUpdate),
        ("/service/delete/", Operation::ServiceDelete),
    ] {
        if let Some(id) = rest.strip_prefix(prefix).filter(|id| one_segment(id)) {
            return Some((operation, Some(id)));
        }
    }
    let (id, api) = rest.strip_prefix('/')?.split_once('/')?;
    let operation = match api {
        "service/get" => Operation::ServiceGet,
        "service/update" => Operation::ServiceUpdate,
        "service/delete" => Operation::ServiceDelete,
        _ => return None,
    };
    one_segment(id).then_some((operation, Some(id)))
}

/// Checks the service owner's credentials: HTTP Basic with the owner's API key and secret, or
/// `Bearer` with the owner's access token. The service's own credentials are refused (401), as
/// Authlete refuses them on these APIs.
fn authenticate_owner(
    config: &crate::LocalConfig,
    headers: &HeaderMap,
    path: &str,
) -> Result<(), Box<Response>> {
    let refuse = |code| Box::new(error_response(StatusCode::UNAUTHORIZED, code, path, None));
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| refuse(rc::API_AUTH_MISSING))?;
    let (scheme, credentials) = value.split_once(' ').unwrap_or((value, ""));
    let valid = if scheme.eq_ignore_ascii_case("Bearer") {
        equal(
            credentials.trim(),
            config.service_owner_access_token.expose(),
        )
    } else if scheme.eq_ignore_ascii_case("Basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(credentials.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        match decoded.as_deref().and_then(|pair| pair.split_once(':')) {
            Some((key, secret)) => {
                let key_ok = equal(key, &config.service_owner_api_key);
                let secret_ok = equal(secret, config.service_owner_api_secret.expose());
                key_ok & secret_ok
            }
            None => false,
        }
    } else {
        return Err(refuse(rc::API_AUTH_MISSING));
    };
    if valid {
        Ok(())
    } else {
        Err(refuse(rc::API_AUTH_INVALID))
    }
}

/// The service management APIs over HTTP, with the service owner's credentials.
async fn service_management(
    backend: &LocalBackend,
    operation: Operation,
    service_id: Option<&str>,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: axum::body::Body,
) -> Response {
    let path = operation.path();
    if let Err(response) = authenticate_owner(backend.config(), headers, path) {
        return *response;
    }
    if *method != operation.method() {
        let mut response =
            error_response(StatusCode::METHOD_NOT_ALLOWED, rc::API_METHOD, path, None);
        let allow = match operation.method() {
            Method::GET => "GET",
            Method::DELETE => "DELETE",
            _ => "POST",
        };
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
        return response;
    }
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return error_response(StatusCode::PAYLOAD_TOO_LARGE, rc::API_TOO_LARGE, path, None);
    };
    let id = decoded(service_id);
    match operation {
        Operation::ServiceGet => answer(operation, backend.service_get(&id).await),
        Operation::ServiceGetList => {
            let mut bounds = [None, None];
            for (slot, name) in bounds.iter_mut().zip(["start", "end"]) {
                let value = uri.query().and_then(|query| {
                    form_urlencoded::parse(query.as_bytes())
                        .find(|(key, _)| key == name)
                        .map(|(_, value)| value.into_owned())
                });
                if let Some(value) = value {
                    match value.parse::<u32>() {
                        Ok(value) => *slot = Some(value),
                        Err(_) => {
                            return error_response(
                                StatusCode::BAD_REQUEST,
                                rc::API_BAD_JSON,
                                path,
                                Some(&format!("'{name}' must be a non-negative integer.")),
                            );
                        }
                    }
                }
            }
            answer(
                operation,
                backend.service_get_list(bounds[0], bounds[1]).await,
            )
        }
        Operation::ServiceCreate | Operation::ServiceUpdate => {
            let service: Service = match parse(&body, path) {
                Ok(service) => service,
                Err(response) => return *response,
            };
            if operation == Operation::ServiceCreate {
                answer(operation, backend.service_create(service).await)
            } else {
                answer(operation, backend.service_update(&id, service).await)
            }
        }
        _ => match backend.service_delete(&id).await {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(error) => api_error_response(operation, &error),
        },
    }
}

/// What `/api/info` answers: the backend's version and the features of Authlete's list it
/// implements (CIBA, dynamic client registration, the device flow).
pub(crate) fn info() -> InfoResponse {
    let mut info = InfoResponse::default();
    info.version = concat!("authlete-local ", env!("CARGO_PKG_VERSION")).to_owned();
    info.features = Some(vec!["ciba".into(), "dcr".into(), "deviceflow".into()]);
    info
}

/// A path parameter, percent-decoded.
fn decoded(parameter: Option<&str>) -> String {
    parameter
        .map(|value| {
            percent_encoding::percent_decode_str(value)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_v2_and_v3_paths() {
        let api = |operation| Some((Target::Api(operation, None), None));
        assert_eq!(route("/api/auth/token"), api(Operation::Token));
        assert_eq!(
            route("/api/1000/auth/token"),
            Some((Target::Api(Operation::Token, None), Some("1000")))
        );
        assert_eq!(
            route("/api/client/get/2000"),
            Some((Target::Api(Operation::ClientGet, Some("2000")), None))
        );
        assert_eq!(
            route("/api/1000/client/get/2000"),
            Some((
                Target::Api(Operation::ClientGet, Some("2000")),
                Some("1000")
            ))
        );
        assert_eq!(
            route("/api/1000/service/configuration"),
            Some((
                Target::Api(Operation::ServiceConfiguration, None),
                Some("1000")
            ))
        );
        assert_eq!(
            route("/api/1000/client/get/list"),
            Some((Target::Api(Operation::ClientList, None), Some("1000")))
        );
        assert_eq!(
            route("/api/client/lock_flag/update/2000"),
            Some((
                Target::Api(Operation::ClientLockFlagUpdate, Some("2000")),
                None
            ))
        );
        assert!(matches!(
            route("/api/1000/client/granted_scopes/get/2000/alice"),
            Some((Target::Unavailable(entry, _), Some("1000")))
                if entry.pattern == "/client/granted_scopes/get/{clientId}/{subject}"
        ));
        assert!(matches!(
            route("/api/federation/configuration"),
            Some((Target::Unavailable(_, "/federation/configuration"), None))
        ));
        assert_eq!(route("/api/info"), Some((Target::Info, None)));
        assert_eq!(route("/api/nothing"), None);
        assert_eq!(route("/api/1000/auth/nothing"), None);
        assert_eq!(route("/other/auth/token"), None);
        assert_eq!(
            route("/api/client/get/{clientId}"),
            Some((Target::Api(Operation::ClientGet, Some("{clientId}")), None))
        );
    }
}
