//! The whole picture in one command, offline:
//!
//! ```text
//! cargo run --example demo
//! ```
//!
//! starts the local development backend (`http://127.0.0.1:8002`, Authlete's Web API with the
//! demo configuration), the authorization server (`http://localhost:8000`) and the resource server
//! (`http://localhost:8001`) in one process, and prints a walkthrough: an implicit-flow login in
//! the browser, then `curl` to the protected API, then the authorization code flow with PKCE by
//! `curl`. Ctrl-C stops everything. The demo always uses the local backend; the standalone
//! `authorization_server` and `resource_server` examples talk to a real Authlete service when
//! one is configured.

#[path = "support/mod.rs"]
mod support;

use std::net::SocketAddr;
use std::process::ExitCode;

use tokio::net::TcpListener;

use support::ciba::{CIBA_CLIENT_ID, CIBA_CLIENT_SECRET, DEVICE_PATH};
use support::demo::{self, CODE_CHALLENGE, CODE_VERIFIER};
use support::serve;

#[tokio::main]
async fn main() -> ExitCode {
    support::logging::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn bind(address: &str, what: &str) -> Result<TcpListener, String> {
    let address: SocketAddr = address
        .parse()
        .map_err(|_| format!("bad address {address}"))?;
    TcpListener::bind(address).await.map_err(|error| {
        format!("cannot listen on {address} for the {what}: {error} (is another demo running?)")
    })
}

async fn run() -> Result<(), String> {
    let authorization_listener = bind("127.0.0.1:8000", "authorization server").await?;
    let resource_listener = bind("127.0.0.1:8001", "resource server").await?;
    let backend_address: SocketAddr = "127.0.0.1:8002".parse().map_err(|_| "bad address")?;
    // Registration needs the demo's initial access token; OPEN_REGISTRATION=true opens it.
    let mut config = demo::config_for("http://localhost:8000");
    config.registration.open = std::env::var("OPEN_REGISTRATION")
        .is_ok_and(|value| matches!(value.as_str(), "true" | "1" | "yes"));
    // JWT_ACCESS_TOKENS=RS256 (or ES256) makes the access tokens JWTs (RFC 9068).
    config.access_token_sign_alg = std::env::var("JWT_ACCESS_TOKENS")
        .ok()
        .filter(|alg| !alg.is_empty());
    let servers = demo::start(
        config,
        backend_address,
        authorization_listener,
        resource_listener,
    )
    .await?;

    println!("{}", walkthrough(&servers.backend.base_url()));
    serve::shutdown_signal().await;
    println!("\nShutting down…");
    servers.shutdown().await;
    println!("Stopped.");
    Ok(())
}

fn walkthrough(backend: &str) -> String {
    format!(
        r#"
authlete-tower demo — three servers in this process:
  local backend         {backend}  (Authlete's Web API, demo configuration)
  authorization server  http://localhost:8000
  resource server       http://localhost:8001
Users: john/john, jane/jane. Clients: 2000 (confidential, secret demo-secret), 3000 (public, PKCE),
         2500 (private_key_jwt with the demo key authlete_local::demo::KEY_CLIENT_PRIVATE_JWK),
         {CIBA_CLIENT_ID} (CIBA, poll mode, secret {CIBA_CLIENT_SECRET}).

1. Implicit flow in a browser
   Open   http://localhost:8000/api/authorization?client_id=2000&response_type=token
   Log in as john / john and press Authorize. The mock client page shows the access token.
   Copy it, then:
     ACCESS_TOKEN=<the access_token shown on the page>
     curl -H "Authorization: Bearer $ACCESS_TOKEN" http://localhost:8001/api/time

2. Authorization code flow with PKCE (public client 3000)
   code_verifier  = {CODE_VERIFIER}
   code_challenge = {CODE_CHALLENGE}   (S256)
   Open   http://localhost:8000/api/authorization?client_id=3000&response_type=code&scope=openid+profile&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection&state=xyz&code_challenge={CODE_CHALLENGE}&code_challenge_method=S256
   Log in as john / john, press Authorize, copy the code from the page, then:
     CODE=<the code shown on the page>
     curl -s http://localhost:8000/api/token -d grant_type=authorization_code -d client_id=3000 \
       -d "code=$CODE" -d redirect_uri=http://localhost:8000/api/mock/redirection \
       -d code_verifier={CODE_VERIFIER}
     ACCESS_TOKEN=<access_token from the answer>
     curl -H "Authorization: Bearer $ACCESS_TOKEN" http://localhost:8001/api/profile
     curl -H "Authorization: Bearer $ACCESS_TOKEN" http://localhost:8000/api/userinfo
   Revoke it; the resource server, in this process, forgets its cached result at once:
     curl http://localhost:8000/api/revocation -d client_id=3000 -d "token=$ACCESS_TOKEN"
     curl -i -H "Authorization: Bearer $ACCESS_TOKEN" http://localhost:8001/api/time   (401 invalid_token)

3. CIBA: a client signs john in without a browser; a page of the demo plays his phone
     curl -s -u {CIBA_CLIENT_ID}:{CIBA_CLIENT_SECRET} http://localhost:8000/api/backchannel/authentication \
       -d scope=openid+email -d login_hint=john -d binding_message=W4SCT
     AUTH_REQ_ID=<auth_req_id from the answer>
     curl -s -u {CIBA_CLIENT_ID}:{CIBA_CLIENT_SECRET} http://localhost:8000/api/token \
       -d grant_type=urn:openid:params:grant-type:ciba -d "auth_req_id=$AUTH_REQ_ID"   (authorization_pending)
   Open   http://localhost:8000{DEVICE_PATH}
   Check the binding message W4SCT, type john's password (john) and press Approve; then wait
   5 seconds (the polling interval: sooner is slow_down) and send the token request again.

4. Native SSO: log in as in 2 with scope=openid+device_sso; the answer has a device_secret.
   App 2 (client 2000) then gets tokens of its own in the same session, with no login:
     ID_TOKEN=<id_token from the answer>  DEVICE_SECRET=<device_secret from the answer>
     curl -s -u 2000:demo-secret http://localhost:8000/api/token \
       -d grant_type=urn:ietf:params:oauth:grant-type:token-exchange \
       -d "subject_token=$ID_TOKEN" -d subject_token_type=urn:ietf:params:oauth:token-type:id_token \
       -d "actor_token=$DEVICE_SECRET" -d actor_token_type=urn:openid:params:token-type:device-secret \
       -d scope=openid
   (docs/walkthrough.md has every step with curl.)

Discovery: http://localhost:8000/.well-known/openid-configuration
Press Ctrl-C to stop."#
    )
}
