//! The data file (`--data FILE`, `LocalConfig::data_file`): what survives a restart, what does
//! not, files that are refused, two processes on one file, and the `authlete-local` binary
//! killed with SIGKILL mid-load, restarted on the same file without losing any client or token
//! it had acknowledged.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use authlete_local::{LocalBackend, LocalConfig, LocalError, demo};
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi, AuthleteClient, AuthleteConfig};
use http::StatusCode;

use crate::support::{json, start};

/// A directory of its own under the system's temporary directory, removed at drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "authlete-local-it-data-{}-{}",
            std::process::id(),
            COUNT.fetch_add(1, Ordering::SeqCst)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(path: &Path) -> LocalConfig {
    let mut config = LocalConfig::demo();
    config.data_file = Some(path.to_owned());
    config
}

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// A registration request carrying the demo's initial access token.
fn registration(name: &str) -> ClientRegistrationRequest {
    let mut request = ClientRegistrationRequest::new(format!(
        r#"{{"client_name":"{name}","grant_types":["client_credentials"],"response_types":[],
            "token_endpoint_auth_method":"client_secret_basic"}}"#
    ));
    request.token = Some(demo::INITIAL_ACCESS_TOKEN.to_owned());
    request
}

/// A dynamically registered client: its ID, secret and registration access token.
#[derive(Debug, Clone)]
struct Registered {
    client_id: String,
    secret: String,
    registration_token: String,
}

async fn register(api: &dyn AuthleteApi, name: &str) -> Result<Registered, ApiError> {
    let created = api.client_registration(registration(name)).await?;
    assert_eq!(
        created.action,
        Some(ClientRegistrationAction::Created),
        "{created:?}"
    );
    let content = json(&created.response_content);
    Ok(Registered {
        client_id: content["client_id"].as_str().unwrap().to_owned(),
        secret: content["client_secret"].as_str().unwrap().to_owned(),
        registration_token: content["registration_access_token"]
            .as_str()
            .unwrap()
            .to_owned(),
    })
}

async fn registered_get(api: &dyn AuthleteApi, client: &Registered) -> ClientRegistrationResponse {
    let mut request = ClientRegistrationRequest::default();
    request.token = Some(client.registration_token.clone());
    request.client_id = Some(client.client_id.clone());
    api.client_registration_get(request).await.unwrap()
}

async fn client_credentials(
    api: &dyn AuthleteApi,
    id: &str,
    secret: &str,
) -> Result<TokenResponse, ApiError> {
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(id.to_owned());
    request.client_secret = Some(secret.to_owned());
    api.token(request).await
}

async fn introspect(api: &dyn AuthleteApi, token: &str) -> IntrospectionResponse {
    api.introspection(IntrospectionRequest::new(token))
        .await
        .unwrap()
}

fn api_error(error: ApiError) -> (StatusCode, String, String) {
    match error {
        ApiError::Api {
            status,
            result_code,
            result_message,
            ..
        } => (
            status,
            result_code.unwrap_or_default(),
            result_message.unwrap_or_default(),
        ),
        other => panic!("not an API error: {other:?}"),
    }
}

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/// An authorization code of the demo's public client for `john`, not yet redeemed.
async fn code(api: &dyn AuthleteApi) -> String {
    let answer = api
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id={}&redirect_uri={}&scope=openid%20profile&nonce=n-1\
             &code_challenge={CHALLENGE}&code_challenge_method=S256",
            demo::PUBLIC_CLIENT_ID,
            encoded(demo::REDIRECT_URI)
        )))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(AuthorizationAction::Interaction));
    let issue = AuthorizationIssueRequest::new(answer.ticket.unwrap(), "john");
    api.authorization_issue(issue)
        .await
        .unwrap()
        .authorization_code
        .unwrap()
}

async fn redeem(api: &dyn AuthleteApi, code: &str) -> TokenResponse {
    api.token(TokenRequest::new(format!(
        "grant_type=authorization_code&code={code}&redirect_uri={}&client_id={}\
         &code_verifier={VERIFIER}",
        encoded(demo::REDIRECT_URI),
        demo::PUBLIC_CLIENT_ID
    )))
    .await
    .unwrap()
}

fn service_client() -> Client {
    let mut client = Client::default();
    client.client_name = Some("Reports".to_owned());
    client.client_type = Some(ClientType::Confidential);
    client.grant_types = Some(vec![GrantType::ClientCredentials]);
    client.response_types = Some(vec![ResponseType::None]);
    client.token_auth_method = Some(ClientAuthMethod::ClientSecretBasic);
    client
}

#[tokio::test]
async fn a_restart_keeps_clients_codes_tokens_pending_requests_and_keys() {
    let dir = TempDir::new();
    let path = dir.file("state.db");

    // First run: every kind of change a client would expect to find again.
    let backend = LocalBackend::new(config(&path)).unwrap();
    let jwks = backend.jwks();
    let (server, _v2, v3) = start(backend).await;
    let registered = register(&v3, "Registered").await.unwrap();
    let created = v3.client_create(service_client()).await.unwrap();
    let created_id = created.client_id.unwrap().to_string();
    let created_secret = created.client_secret.unwrap();
    let refreshed = v3.client_secret_refresh(demo::CLIENT_ID).await.unwrap();
    let new_secret = refreshed.new_client_secret.unwrap();
    v3.client_delete(demo::KEY_CLIENT_ID).await.unwrap();
    let minted = v3
        .token_create(
            TokenCreateRequest::new(GrantType::AuthorizationCode, 2000)
                .subject("alice")
                .scopes(["profile", "email"]),
        )
        .await
        .unwrap();
    let access = minted.access_token.unwrap();
    let refresh = minted.refresh_token.unwrap();
    let revoked = v3
        .token_create(
            TokenCreateRequest::new(GrantType::ClientCredentials, 2000).scopes(["profile"]),
        )
        .await
        .unwrap()
        .access_token
        .unwrap();
    v3.token_delete(&revoked).await.unwrap();
    let code = code(&v3).await;
    let device = v3
        .device_authorization(DeviceAuthorizationRequest::new(format!(
            "client_id={}&scope=openid",
            demo::PUBLIC_CLIENT_ID
        )))
        .await
        .unwrap();
    assert_eq!(device.action, Some(DeviceAuthorizationAction::Ok));
    let user_code = device.user_code.unwrap();
    let mut par = PushedAuthorizationRequest::new(format!(
        "response_type=code&client_id={}&redirect_uri={}&scope=openid&nonce=n-2\
         &code_challenge={CHALLENGE}&code_challenge_method=S256",
        demo::CLIENT_ID,
        encoded(demo::REDIRECT_URI)
    ));
    par.client_id = Some(demo::CLIENT_ID.to_owned());
    par.client_secret = Some(new_secret.clone());
    let pushed = v3.pushed_authorization(par).await.unwrap();
    assert_eq!(
        pushed.action,
        Some(PushedAuthorizationAction::Created),
        "{pushed:?}"
    );
    let request_uri = pushed.request_uri.unwrap();
    server.shutdown().await;

    // Second run on the same file: the configuration is the demo's again.
    let backend = LocalBackend::new(config(&path)).unwrap();
    assert_eq!(
        backend.jwks(),
        jwks,
        "generated keys are kept, so old tokens verify"
    );
    let (server, v2, v3) = start(backend).await;

    let got = registered_get(&v2, &registered).await;
    assert_eq!(got.action, Some(ClientRegistrationAction::Ok), "{got:?}");
    assert_eq!(json(&got.response_content)["client_name"], "Registered");
    let token = client_credentials(&v3, &registered.client_id, &registered.secret)
        .await
        .unwrap();
    assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");

    assert_eq!(
        v3.client_get(&created_id)
            .await
            .unwrap()
            .client_name
            .as_deref(),
        Some("Reports")
    );
    let token = client_credentials(&v3, &created_id, &created_secret)
        .await
        .unwrap();
    assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");

    let old = client_credentials(&v3, demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await
        .unwrap();
    assert_eq!(
        old.action,
        Some(TokenAction::InvalidClient),
        "the refreshed secret stays"
    );
    let new = client_credentials(&v3, demo::CLIENT_ID, &new_secret)
        .await
        .unwrap();
    assert_eq!(new.action, Some(TokenAction::Ok), "{new:?}");

    let (status, code_value, _) = api_error(v3.client_get(demo::KEY_CLIENT_ID).await.unwrap_err());
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a configured client deleted stays deleted"
    );
    assert!(!code_value.is_empty());

    let answer = introspect(&v3, &access).await;
    assert_eq!(answer.action, Some(IntrospectionAction::Ok), "{answer:?}");
    assert_eq!(answer.subject.as_deref(), Some("alice"));
    assert!(answer.has_scope("profile") && answer.has_scope("email"));
    assert_eq!(
        introspect(&v3, &revoked).await.action,
        Some(IntrospectionAction::Unauthorized),
        "a deleted token stays deleted"
    );
    let mut request =
        TokenRequest::new(format!("grant_type=refresh_token&refresh_token={refresh}"));
    request.client_id = Some(demo::CLIENT_ID.to_owned());
    request.client_secret = Some(new_secret.clone());
    let refreshed = v3.token(request).await.unwrap();
    assert_eq!(refreshed.action, Some(TokenAction::Ok), "{refreshed:?}");
    assert_eq!(refreshed.subject.as_deref(), Some("alice"));

    let redeemed = redeem(&v3, &code).await;
    assert_eq!(redeemed.action, Some(TokenAction::Ok), "{redeemed:?}");
    assert!(redeemed.id_token.is_some());
    let replay = redeem(&v3, &code).await;
    assert_eq!(replay.action, Some(TokenAction::BadRequest), "{replay:?}");

    let verified = v3
        .device_verification(DeviceVerificationRequest::new(&user_code))
        .await
        .unwrap();
    assert_eq!(
        verified.action,
        Some(DeviceVerificationAction::Valid),
        "{verified:?}"
    );
    let authorization = v3
        .authorization(AuthorizationRequest::new(format!(
            "client_id={}&request_uri={}",
            demo::CLIENT_ID,
            encoded(&request_uri)
        )))
        .await
        .unwrap();
    assert_eq!(
        authorization.action,
        Some(AuthorizationAction::Interaction),
        "{authorization:?}"
    );

    // New clients get new IDs: the counter was kept too.
    let later = register(&v3, "Later").await.unwrap();
    let later_id: i64 = later.client_id.parse().unwrap();
    assert!(later_id > registered.client_id.parse::<i64>().unwrap());
    assert!(later_id > created_id.parse::<i64>().unwrap());
    server.shutdown().await;
}

#[tokio::test]
async fn what_expired_while_the_backend_was_down_is_gone() {
    let dir = TempDir::new();
    let path = dir.file("state.db");
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(config(&path), Arc::new(clock.clone())).unwrap();
    let mint = |seconds: u64| {
        TokenCreateRequest::new(GrantType::ClientCredentials, 2000)
            .scopes(["profile"])
            .access_token_duration(Duration::from_secs(seconds))
    };
    let short = backend
        .token_create(mint(60))
        .await
        .unwrap()
        .access_token
        .unwrap();
    let long = backend
        .token_create(mint(600))
        .await
        .unwrap()
        .access_token
        .unwrap();
    drop(backend);

    clock.advance(Duration::from_secs(61));
    let backend = LocalBackend::with_clock(config(&path), Arc::new(clock.clone())).unwrap();
    assert_eq!(
        introspect(&backend, &short).await.action,
        Some(IntrospectionAction::Unauthorized)
    );
    assert_eq!(
        introspect(&backend, &long).await.action,
        Some(IntrospectionAction::Ok)
    );
}

#[tokio::test]
async fn calls_that_change_nothing_write_nothing() {
    let dir = TempDir::new();
    let path = dir.file("state.db");
    let backend = LocalBackend::new(config(&path)).unwrap();
    let token = client_credentials(&backend, demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await
        .unwrap()
        .access_token
        .unwrap();
    let wal = dir.file("state.db-wal");
    let written = std::fs::metadata(&wal).unwrap().len();
    assert!(written > 0, "the token was committed to the journal");
    for _ in 0..20 {
        assert_eq!(
            introspect(&backend, &token).await.action,
            Some(IntrospectionAction::Ok)
        );
    }
    backend.client_get(demo::CLIENT_ID).await.unwrap();
    backend
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(std::fs::metadata(&wal).unwrap().len(), written);
    client_credentials(&backend, demo::CLIENT_ID, demo::CLIENT_SECRET)
        .await
        .unwrap();
    assert!(
        std::fs::metadata(&wal).unwrap().len() > written,
        "a new token is written"
    );
}

#[tokio::test]
async fn without_a_data_file_nothing_survives() {
    let backend = LocalBackend::demo();
    let token = backend
        .token_create(
            TokenCreateRequest::new(GrantType::ClientCredentials, 2000).scopes(["profile"]),
        )
        .await
        .unwrap()
        .access_token
        .unwrap();
    drop(backend);
    assert_eq!(
        introspect(&LocalBackend::demo(), &token).await.action,
        Some(IntrospectionAction::Unauthorized)
    );
}

#[test]
fn a_file_that_is_not_a_data_file_is_refused() {
    let dir = TempDir::new();
    let path = dir.file("notes.txt");
    std::fs::write(&path, "these are notes, not a database\n".repeat(200)).unwrap();
    let error = LocalBackend::new(config(&path)).unwrap_err();
    assert!(matches!(error, LocalError::Data { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "local backend data file {}: not an SQLite database",
            path.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "these are notes, not a database\n".repeat(200),
        "a refused file is left as it was"
    );

    let missing = dir.file("no/such/dir/state.db");
    let error = LocalBackend::new(config(&missing)).unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "local backend data file {}: cannot create it: ",
            missing.display()
        )),
        "{message}"
    );
}

/// The binary on an ephemeral port with `--data path`, and its base URL once it printed it.
fn spawn(path: &Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_authlete-local"))
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(path)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    let base_url = loop {
        let line = lines.next().expect("the binary prints its banner").unwrap();
        banner.push(line.clone());
        if let Some(url) = line.trim().strip_prefix("base URL") {
            break url.trim().to_owned();
        }
    };
    let state = loop {
        let line = lines.next().expect("the banner names the state").unwrap();
        if line.trim().starts_with("state") {
            break line;
        }
    };
    assert_eq!(
        state.split_whitespace().collect::<Vec<_>>(),
        ["state", "kept", "in", &path.display().to_string()]
    );
    std::thread::spawn(move || lines.for_each(drop));
    (child, base_url)
}

fn v3_client(base_url: &str) -> AuthleteClient {
    let config =
        AuthleteConfig::v3(base_url, demo::SERVICE_API_KEY, demo::SERVICE_ACCESS_TOKEN).unwrap();
    AuthleteClient::new(config).unwrap()
}

fn kill(mut child: Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

#[tokio::test]
async fn a_second_process_on_the_same_file_is_refused_at_start() {
    let dir = TempDir::new();
    let path = dir.file("state.db");
    let (first, base_url) = spawn(&path);
    let second = Command::new(env!("CARGO_BIN_EXE_authlete-local"))
        .args(["--listen", "127.0.0.1:0", "--data"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        format!(
            "authlete-local: local backend data file {}: in use by another process \
             (an authlete-local holds it locked while it runs)\n",
            path.display()
        )
    );
    // The first one goes on serving.
    let api = v3_client(&base_url);
    let registered = register(&api, "Still served").await.unwrap();
    kill(first);

    // Once it is gone, the file opens again, with what the first process wrote.
    let (again, base_url) = spawn(&path);
    let got = registered_get(&v3_client(&base_url), &registered).await;
    assert_eq!(got.action, Some(ClientRegistrationAction::Ok), "{got:?}");
    kill(again);
}

/// What the server acknowledged before it was killed.
#[derive(Default)]
struct Acknowledged {
    clients: Vec<Registered>,
    tokens: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_load_loses_no_acknowledged_client_or_token() {
    const TASKS: usize = 4;
    const MAX_ROUNDS: usize = 400;
    const KILL_AFTER: usize = 120;
    let dir = TempDir::new();
    let path = dir.file("state.db");
    let (child, base_url) = spawn(&path);
    let api = Arc::new(v3_client(&base_url));
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let answers = Arc::new(AtomicUsize::new(0));

    // Each task registers a client and has a token issued, again and again, until the server
    // goes away (or a bounded number of rounds); only what was answered is recorded.
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let (api, acknowledged, answers) = (api.clone(), acknowledged.clone(), answers.clone());
        tasks.push(tokio::spawn(async move {
            for round in 0..MAX_ROUNDS {
                let Ok(client) = register(api.as_ref(), &format!("load {task}-{round}")).await
                else {
                    return true;
                };
                acknowledged.lock().unwrap().clients.push(client.clone());
                answers.fetch_add(1, Ordering::SeqCst);
                let Ok(token) =
                    client_credentials(api.as_ref(), &client.client_id, &client.secret).await
                else {
                    return true;
                };
                assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
                acknowledged
                    .lock()
                    .unwrap()
                    .tokens
                    .push(token.access_token.unwrap());
                answers.fetch_add(1, Ordering::SeqCst);
            }
            false
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while answers.load(Ordering::SeqCst) < KILL_AFTER && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        answers.load(Ordering::SeqCst) >= KILL_AFTER,
        "the server answered too slowly"
    );
    kill(child);
    let mut interrupted = 0;
    for task in tasks {
        interrupted += usize::from(task.await.unwrap());
    }
    assert_eq!(
        interrupted, TASKS,
        "every task was still sending when the server died"
    );

    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    assert!(acknowledged.clients.len() + acknowledged.tokens.len() >= KILL_AFTER);
    let (restarted, base_url) = spawn(&path);
    let api = v3_client(&base_url);
    for client in &acknowledged.clients {
        let got = registered_get(&api, client).await;
        assert_eq!(
            got.action,
            Some(ClientRegistrationAction::Ok),
            "client {} was acknowledged and is lost: {got:?}",
            client.client_id
        );
        assert_eq!(
            json(&got.response_content)["client_id"],
            client.client_id.as_str()
        );
    }
    for (index, token) in acknowledged.tokens.iter().enumerate() {
        let answer = introspect(&api, token).await;
        assert_eq!(
            answer.action,
            Some(IntrospectionAction::Ok),
            "acknowledged token #{index} is lost"
        );
    }
    kill(restarted);
}

#[tokio::test]
async fn a_restart_keeps_what_the_client_administration_apis_set() {
    let dir = TempDir::new();
    let path = dir.file("state.db");
    let id = demo::CLIENT_ID.to_owned();

    let backend = LocalBackend::new(config(&path)).unwrap();
    let minted = backend
        .token_create(
            TokenCreateRequest::new(GrantType::ClientCredentials, 2000).scopes(["profile"]),
        )
        .await
        .unwrap()
        .access_token
        .unwrap();
    backend
        .client_lock_flag_update(&id, ClientFlagUpdateRequest::new(true))
        .await
        .unwrap();
    backend
        .client_requestable_scopes_update(
            &id,
            ClientExtensionRequestableScopesUpdateRequest::new(["profile"]),
        )
        .await
        .unwrap();
    drop(backend);

    // Second run: the client is still locked, with its scopes still restricted.
    let backend = LocalBackend::new(config(&path)).unwrap();
    assert_eq!(
        introspect(&backend, &minted).await.action,
        Some(IntrospectionAction::Unauthorized),
        "a locked client's token is refused after a restart too"
    );
    let refused = client_credentials(&backend, &id, demo::CLIENT_SECRET)
        .await
        .unwrap();
    assert_eq!(
        refused.action,
        Some(TokenAction::InvalidClient),
        "{refused:?}"
    );
    assert_eq!(
        backend
            .client_requestable_scopes_get(&id)
            .await
            .unwrap()
            .requestable_scopes,
        Some(vec!["profile".to_owned()])
    );

    // Unlocked, its token works again: the lock was kept, not the token lost.
    backend
        .client_lock_flag_update(&id, ClientFlagUpdateRequest::new(false))
        .await
        .unwrap();
    drop(backend);
    let backend = LocalBackend::new(config(&path)).unwrap();
    assert_eq!(
        introspect(&backend, &minted).await.action,
        Some(IntrospectionAction::Ok)
    );
}

#[tokio::test]
async fn a_restart_keeps_grants_and_a_revocation_stays_revoked() {
    let dir = TempDir::new();
    let path = dir.file("state.db");

    // First run: a code flow with grant_management_action=create.
    let backend = LocalBackend::new(config(&path)).unwrap();
    let answer = backend
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id={}&redirect_uri={}&scope=openid%20profile\
             &code_challenge={CHALLENGE}&code_challenge_method=S256&grant_management_action=create",
            demo::PUBLIC_CLIENT_ID,
            encoded(demo::REDIRECT_URI)
        )))
        .await
        .unwrap();
    let code = backend
        .authorization_issue(AuthorizationIssueRequest::new(
            answer.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap()
        .authorization_code
        .unwrap();
    let tokens = redeem(&backend, &code).await;
    let grant_id = tokens.grant_id.expect("grant_id");
    let access = tokens.access_token.unwrap();
    drop(backend);

    // Second run: the grant is still there, with its scopes; revoking it revokes the token.
    let backend = LocalBackend::new(config(&path)).unwrap();
    let query = backend
        .grant_management(GmRequest::new(
            &access,
            GrantManagementAction::Query,
            &grant_id,
        ))
        .await
        .unwrap();
    assert_eq!(query.action, Some(GmAction::Ok), "{query:?}");
    assert_eq!(
        json(&query.response_content),
        serde_json::json!({"scopes": [{"scope": "openid profile"}]})
    );
    let revoked = backend
        .grant_management(GmRequest::new(
            &access,
            GrantManagementAction::Revoke,
            &grant_id,
        ))
        .await
        .unwrap();
    assert_eq!(revoked.action, Some(GmAction::NoContent));
    drop(backend);

    // Third run: the grant and its token are still gone.
    let backend = LocalBackend::new(config(&path)).unwrap();
    assert!(!introspect(&backend, &access).await.usable);
    let merge = backend
        .authorization(AuthorizationRequest::new(format!(
            "response_type=code&client_id={}&redirect_uri={}&scope=openid\
             &code_challenge={CHALLENGE}&code_challenge_method=S256\
             &grant_management_action=merge&grant_id={grant_id}",
            demo::PUBLIC_CLIENT_ID,
            encoded(demo::REDIRECT_URI)
        )))
        .await
        .unwrap();
    assert_eq!(merge.result_code.as_deref(), Some("A004291"), "{merge:?}");
}
