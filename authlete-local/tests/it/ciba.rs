//! CIBA ping and push modes of the local backend over HTTP: the client's delivery mode and
//! notification endpoint, the `client_notification_token` the request must carry, and what
//! `/backchannel/authentication/complete` answers (`NOTIFICATION` with the endpoint, the token and
//! the notification body); poll mode is in `device_registration.rs`.

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, demo};
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi, AuthleteClient};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::support::{json, start};

const ENDPOINT: &str = "https://client.example/ciba/cb";

/// The payload of a compact JWS, unverified (the signature is checked elsewhere).
fn id_token_claims(jwt: &str) -> serde_json::Value {
    let payload = jwt.split('.').nth(1).expect("a compact JWS");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

/// base64url of the left half of the SHA-256 of `token`, as `at_hash` and `rt_hash` are built.
fn left_half_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

fn config() -> LocalConfig {
    let mut config = LocalConfig::demo();
    for (id, mode) in [(5100, "ping"), (5200, "push"), (5300, "poll")] {
        config.clients.push(
            ClientConfig::confidential(id, "ciba-secret", format!("CIBA {mode}"))
                .grant_types(["refresh_token"])
                .ciba(mode, Some(ENDPOINT)),
        );
    }
    config
}

fn request(client: i64, parameters: &str) -> BackchannelAuthenticationRequest {
    let mut request = BackchannelAuthenticationRequest::new(parameters);
    request.client_id = Some(client.to_string());
    request.client_secret = Some("ciba-secret".into());
    request
}

fn token(client: i64, auth_req_id: &str) -> TokenRequest {
    let mut request = TokenRequest::new(format!(
        "grant_type=urn%3Aopenid%3Aparams%3Agrant-type%3Aciba&auth_req_id={auth_req_id}"
    ));
    request.client_id = Some(client.to_string());
    request.client_secret = Some("ciba-secret".into());
    request
}

/// A request of `client` with the notification token `nt-…`, issued: (ticket, auth_req_id, issue answer).
async fn started(
    api: &AuthleteClient,
    client: i64,
) -> (String, String, BackchannelAuthenticationIssueResponse) {
    let answer = api
        .backchannel_authentication(request(
            client,
            "scope=openid&login_hint=john&client_notification_token=nt-7a41",
        ))
        .await
        .unwrap();
    assert_eq!(
        answer.action,
        Some(BackchannelAuthenticationAction::UserIdentification),
        "{answer:?}"
    );
    assert_eq!(answer.client_notification_token.as_deref(), Some("nt-7a41"));
    assert!(
        answer.claim_names.is_none(),
        "scope openid stands for no claim"
    );
    let ticket = answer.ticket.unwrap();
    let mut issue = BackchannelAuthenticationIssueRequest::default();
    issue.ticket = ticket.clone();
    let issued = api.backchannel_authentication_issue(issue).await.unwrap();
    let auth_req_id = issued.auth_req_id.clone().unwrap();
    (ticket, auth_req_id, issued)
}

fn completion(
    ticket: &str,
    result: BackchannelAuthenticationCompleteResult,
) -> BackchannelAuthenticationCompleteRequest {
    let mut complete = BackchannelAuthenticationCompleteRequest::default();
    complete.ticket = ticket.to_owned();
    complete.result = Some(result);
    complete.subject = "john".into();
    complete
}

#[tokio::test]
async fn ping_and_push_need_a_client_notification_token() {
    let (server, v2, v3) = start(LocalBackend::new(config()).unwrap()).await;
    for api in [&v2, &v3] {
        for client in [5100, 5200] {
            for parameters in [
                "scope=openid&login_hint=john".to_owned(),
                "scope=openid&login_hint=john&client_notification_token=".to_owned(),
                format!(
                    "scope=openid&login_hint=john&client_notification_token={}",
                    "x".repeat(1025)
                ),
            ] {
                let answer = api
                    .backchannel_authentication(request(client, &parameters))
                    .await
                    .unwrap();
                assert_eq!(
                    answer.action,
                    Some(BackchannelAuthenticationAction::BadRequest)
                );
                let body = json(&answer.response_content);
                assert_eq!(body["error"], "invalid_request");
                assert!(
                    body["error_description"]
                        .as_str()
                        .unwrap()
                        .contains("client_notification_token"),
                    "{body}"
                );
            }
        }
        // Poll mode needs none.
        let answer = api
            .backchannel_authentication(request(5300, "scope=openid&login_hint=john"))
            .await
            .unwrap();
        assert_eq!(
            answer.action,
            Some(BackchannelAuthenticationAction::UserIdentification)
        );
        assert_eq!(answer.delivery_mode, Some(DeliveryMode::Poll));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn ping_mode_notifies_then_the_client_polls_once() {
    let (server, v2, v3) = start(LocalBackend::new(config()).unwrap()).await;
    for api in [&v2, &v3] {
        let (ticket, auth_req_id, issued) = started(api, 5100).await;
        assert_eq!(json(&issued.response_content)["interval"], 5);
        let pending = api.token(token(5100, &auth_req_id)).await.unwrap();
        assert_eq!(
            json(&pending.response_content)["error"],
            "authorization_pending"
        );
        let done = api
            .backchannel_authentication_complete(completion(
                &ticket,
                BackchannelAuthenticationCompleteResult::Authorized,
            ))
            .await
            .unwrap();
        assert_eq!(
            done.action,
            Some(BackchannelAuthenticationCompleteAction::Notification)
        );
        assert_eq!(done.delivery_mode, Some(DeliveryMode::Ping));
        assert_eq!(done.client_notification_endpoint.as_deref(), Some(ENDPOINT));
        assert_eq!(done.client_notification_token.as_deref(), Some("nt-7a41"));
        assert_eq!(done.auth_req_id.as_deref(), Some(auth_req_id.as_str()));
        assert_eq!(
            json(&done.response_content),
            json!({"auth_req_id": auth_req_id})
        );
        assert!(done.access_token.is_none());
        let tokens = api.token(token(5100, &auth_req_id)).await.unwrap();
        assert_eq!(tokens.action, Some(TokenAction::Ok), "{tokens:?}");
        assert_eq!(tokens.subject.as_deref(), Some("john"));
        let again = api.token(token(5100, &auth_req_id)).await.unwrap();
        assert_eq!(json(&again.response_content)["error"], "invalid_grant");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn push_mode_delivers_the_tokens_in_the_notification() {
    let (server, v2, v3) = start(LocalBackend::new(config()).unwrap()).await;
    for api in [&v2, &v3] {
        let (ticket, auth_req_id, issued) = started(api, 5200).await;
        let content = json(&issued.response_content);
        assert!(content.get("interval").is_none(), "{content}");
        assert_eq!(issued.interval, None);
        // A push-mode client does not poll.
        let polled = api.token(token(5200, &auth_req_id)).await.unwrap();
        assert_eq!(polled.action, Some(TokenAction::BadRequest));
        assert_eq!(
            json(&polled.response_content)["error"],
            "unauthorized_client"
        );
        let done = api
            .backchannel_authentication_complete(completion(
                &ticket,
                BackchannelAuthenticationCompleteResult::Authorized,
            ))
            .await
            .unwrap();
        assert_eq!(
            done.action,
            Some(BackchannelAuthenticationCompleteAction::Notification)
        );
        assert_eq!(done.delivery_mode, Some(DeliveryMode::Push));
        assert_eq!(done.client_notification_endpoint.as_deref(), Some(ENDPOINT));
        assert_eq!(done.client_notification_token.as_deref(), Some("nt-7a41"));
        let body = json(&done.response_content);
        assert_eq!(body["auth_req_id"], auth_req_id.as_str());
        assert_eq!(body["token_type"], "Bearer");
        let access_token = body["access_token"].as_str().unwrap().to_owned();
        assert_eq!(done.access_token.as_deref(), Some(access_token.as_str()));
        assert!(body["id_token"].is_string() && body["refresh_token"].is_string());
        assert!(body["expires_in"].as_i64().unwrap() > 0);
        // CIBA Core §10.3.1: a push-mode ID token names the request and binds both tokens.
        let claims = id_token_claims(body["id_token"].as_str().unwrap());
        assert_eq!(
            claims["urn:openid:params:jwt:claim:auth_req_id"],
            auth_req_id.as_str()
        );
        assert_eq!(
            claims["urn:openid:params:jwt:claim:rt_hash"],
            left_half_hash(body["refresh_token"].as_str().unwrap())
        );
        assert_eq!(claims["at_hash"], left_half_hash(&access_token));
        let check = api
            .introspection(IntrospectionRequest::new(access_token))
            .await
            .unwrap();
        assert_eq!(check.action, Some(IntrospectionAction::Ok));
        assert_eq!(check.subject.as_deref(), Some("john"));
        assert_eq!(check.grant_type, Some(GrantType::Ciba));
        // Nothing is left to poll or to complete.
        let gone = api.token(token(5200, &auth_req_id)).await.unwrap();
        assert_eq!(json(&gone.response_content)["error"], "invalid_grant");
        let twice = api
            .backchannel_authentication_complete(completion(
                &ticket,
                BackchannelAuthenticationCompleteResult::AccessDenied,
            ))
            .await;
        assert!(matches!(twice, Err(ApiError::Api { .. })), "{twice:?}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn push_mode_refusals_are_notified_as_errors() {
    let (server, _v2, v3) = start(LocalBackend::new(config()).unwrap()).await;
    for (result, error) in [
        (
            BackchannelAuthenticationCompleteResult::AccessDenied,
            "access_denied",
        ),
        (
            BackchannelAuthenticationCompleteResult::TransactionFailed,
            "transaction_failed",
        ),
    ] {
        let (ticket, auth_req_id, _) = started(&v3, 5200).await;
        let done = v3
            .backchannel_authentication_complete(completion(&ticket, result))
            .await
            .unwrap();
        assert_eq!(
            done.action,
            Some(BackchannelAuthenticationCompleteAction::Notification)
        );
        let body = json(&done.response_content);
        assert_eq!(body["auth_req_id"], auth_req_id.as_str());
        assert_eq!(body["error"], error);
        assert!(body.get("access_token").is_none());
        assert!(done.access_token.is_none());
    }
    // Ping mode, denied: the client learns it at the token endpoint after the ping.
    let (ticket, auth_req_id, _) = started(&v3, 5100).await;
    let done = v3
        .backchannel_authentication_complete(completion(
            &ticket,
            BackchannelAuthenticationCompleteResult::AccessDenied,
        ))
        .await
        .unwrap();
    assert_eq!(
        json(&done.response_content),
        json!({"auth_req_id": auth_req_id})
    );
    let answer = v3.token(token(5100, &auth_req_id)).await.unwrap();
    assert_eq!(json(&answer.response_content)["error"], "access_denied");
    server.shutdown().await;
}

#[test]
fn a_ping_or_push_client_needs_a_secure_notification_endpoint() {
    for (mode, endpoint) in [
        ("ping", None),
        ("push", Some("http://client.example/cb")),
        ("ping", Some("https://client.example/cb#frag")),
        ("ping", Some("not a url")),
        ("sometimes", Some("https://client.example/cb")),
    ] {
        let mut config = LocalConfig::demo();
        config
            .clients
            .push(ClientConfig::confidential(5400, "s", "Bad CIBA").ciba(mode, endpoint));
        let error = LocalBackend::new(config).unwrap_err().to_string();
        assert!(
            error.contains("client 5400"),
            "{mode} {endpoint:?}: {error}"
        );
    }
    let toml = r#"
[[clients]]
client_id = 5500
client_secret = "s"
grant_types = ["urn:openid:params:grant-type:ciba"]
backchannel_token_delivery_mode = "ping"
backchannel_client_notification_endpoint = "http://127.0.0.1:9000/cb"
"#;
    let config = LocalConfig::from_toml_str(toml).unwrap();
    LocalBackend::new(config).unwrap();
    let bad = toml.replace("127.0.0.1", "client.example");
    let error = LocalConfig::from_toml_str(&bad)
        .and_then(LocalBackend::new)
        .unwrap_err()
        .to_string();
    assert!(error.contains("https"), "{error}");
}

#[tokio::test]
async fn a_registered_client_brings_its_delivery_mode() {
    let (server, _v2, v3) = start(LocalBackend::new(config()).unwrap()).await;
    let metadata = |endpoint: &str| {
        json!({
            "client_name": "Registered ping client",
            "grant_types": ["urn:openid:params:grant-type:ciba"],
            "token_endpoint_auth_method": "client_secret_basic",
            "backchannel_token_delivery_mode": "ping",
            "backchannel_client_notification_endpoint": endpoint,
        })
        .to_string()
    };
    let register = |metadata: String| {
        let mut request = ClientRegistrationRequest::new(metadata);
        request.token = Some(demo::INITIAL_ACCESS_TOKEN.to_owned());
        request
    };
    let refused = v3
        .client_registration(register(metadata("http://client.example/cb")))
        .await
        .unwrap();
    assert_eq!(refused.action, Some(ClientRegistrationAction::BadRequest));
    assert_eq!(
        json(&refused.response_content)["error"],
        "invalid_client_metadata"
    );
    let created = v3
        .client_registration(register(metadata(ENDPOINT)))
        .await
        .unwrap();
    assert_eq!(created.action, Some(ClientRegistrationAction::Created));
    let body = json(&created.response_content);
    let mut request = BackchannelAuthenticationRequest::new("scope=openid&login_hint=john");
    request.client_id = Some(body["client_id"].as_str().unwrap().to_owned());
    request.client_secret = Some(body["client_secret"].as_str().unwrap().to_owned());
    let answer = v3.backchannel_authentication(request).await.unwrap();
    assert_eq!(
        answer.action,
        Some(BackchannelAuthenticationAction::BadRequest),
        "ping mode without a notification token: {answer:?}"
    );
    server.shutdown().await;
}
