//! The example resource server (axum): APIs protected by [`AuthleteBearer`].
//!
//! | route | protection | answer |
//! |---|---|---|
//! | `GET /api/time` | any valid access token | `{"year":…,"month":…,"day":…,"hour":…,"minute":…,"second":…}` (UTC) |
//! | `GET /api/profile` | a token with scope `profile` | the token's `subject`, `client_id` and `scopes` |
//! | `GET`/`POST /api/userinfo` | the authorization server's | forwarded to the authorization server's UserInfo endpoint |
//!
//! UserInfo is forwarded rather than answered here because its claims come from the
//! authorization server's user store: the resource server only passes the request (token,
//! DPoP proof, form body) on and the answer (status, challenge, body) back.

use std::sync::Arc;
use std::time::Duration;

use authlete_tower::{AuthleteApi, AuthleteBearer, BearerToken};
use axum::Router;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use http::header::{
    AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, HeaderName, PRAGMA, WWW_AUTHENTICATE,
};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

use super::civil::CivilTime;

/// The realm of the resource server's challenges.
pub const REALM: &str = "example";

/// Where the authorization server is, for forwarding UserInfo: `AUTHORIZATION_SERVER_URL`, by
/// default `http://127.0.0.1:8000`.
pub fn authorization_server_url_from_env() -> String {
    std::env::var("AUTHORIZATION_SERVER_URL").unwrap_or_else(|_| "http://127.0.0.1:8000".into())
}

/// `GET /api/time`: the current UTC date and time.
pub async fn time(_token: BearerToken) -> Json<CivilTime> {
    Json(CivilTime::now())
}

/// `GET /api/profile`: who the token speaks for.
pub async fn profile(token: BearerToken) -> Json<Value> {
    Json(json!({
        "subject": token.subject(),
        "client_id": token.client_id(),
        "scopes": token.scopes(),
    }))
}

#[derive(Clone)]
struct Forward {
    client: reqwest::Client,
    userinfo: String,
}

const DPOP: HeaderName = HeaderName::from_static("dpop");
const DPOP_NONCE: HeaderName = HeaderName::from_static("dpop-nonce");

/// `/api/userinfo`: the request forwarded to the authorization server.
async fn userinfo(State(forward): State<Forward>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let mut outgoing = forward
        .client
        .request(parts.method.clone(), &forward.userinfo)
        .body(body);
    for name in [AUTHORIZATION, CONTENT_TYPE, DPOP] {
        for value in parts.headers.get_all(&name) {
            outgoing = outgoing.header(&name, value);
        }
    }
    let answer = match outgoing.send().await {
        Ok(answer) => answer,
        Err(error) => {
            tracing::warn!(%error, "the authorization server's UserInfo endpoint did not answer");
            return (
                StatusCode::BAD_GATEWAY,
                [(WWW_AUTHENTICATE, "Bearer error=\"server_error\"")],
            )
                .into_response();
        }
    };
    let status = answer.status();
    let mut headers = HeaderMap::new();
    for name in [
        CONTENT_TYPE,
        WWW_AUTHENTICATE,
        CACHE_CONTROL,
        PRAGMA,
        DPOP_NONCE,
    ] {
        for value in answer.headers().get_all(&name) {
            headers.append(&name, value.clone());
        }
    }
    match answer.bytes().await {
        Ok(bytes) => (status, headers, bytes).into_response(),
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

/// The layer that protects the APIs: `api` validates tokens (Authlete's introspection API), with
/// the default introspection cache. Its [`AuthleteBearer::cache`] is where a co-located
/// authorization server evicts revoked tokens.
pub fn bearer(api: Arc<dyn AuthleteApi>) -> AuthleteBearer {
    AuthleteBearer::new(api).realm(REALM)
}

/// The whole resource server. `api` validates tokens (Authlete's introspection API);
/// `authorization_server` is the base URL UserInfo is forwarded to.
pub fn router(api: Arc<dyn AuthleteApi>, authorization_server: &str) -> Router {
    router_with(bearer(api), authorization_server)
}

/// The whole resource server behind `any_token` (see [`bearer`]); `/api/profile` further
/// requires scope `profile`. The clones share `any_token`'s cache.
pub fn router_with(any_token: AuthleteBearer, authorization_server: &str) -> Router {
    let profile_scope = any_token.clone().required_scopes(["profile"]);
    let forward = Forward {
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()
            .expect("a plain HTTP client builds"),
        userinfo: format!(
            "{}/api/userinfo",
            authorization_server.trim_end_matches('/')
        ),
    };
    Router::new()
        .route("/api/time", get(time))
        .route_layer(any_token)
        .merge(
            Router::new()
                .route("/api/profile", get(profile))
                .route_layer(profile_scope),
        )
        .merge(
            Router::new()
                .route("/api/userinfo", get(userinfo).post(userinfo))
                .with_state(forward),
        )
}
