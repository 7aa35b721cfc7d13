//! Client authentication over HTTP as Authlete performs it: `client_secret_basic` (the
//! `clientId`/`clientSecret` fields), `client_secret_post` (the form) and `none`; exactly one
//! method per request; the registered `token_endpoint_auth_method` enforced. At the token,
//! revocation, PAR and device authorization APIs, v2 and v3.

use authlete_local::{ClientConfig, LocalBackend, LocalConfig, TokenAuthMethod, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use serde_json::Value;

use crate::support::{json, start};

const REDIRECT: &str = "http://localhost:8000/api/mock/redirection";

fn backend() -> LocalBackend {
    let mut config = LocalConfig::demo();
    let client = |id, name, method: Option<TokenAuthMethod>| {
        let client = ClientConfig::confidential(id, "s3cret", name)
            .grant_types([
                "client_credentials",
                "authorization_code",
                "urn:ietf:params:oauth:grant-type:device_code",
            ])
            .response_types(["code"])
            .redirect_uris([REDIRECT])
            .native();
        match method {
            Some(method) => client.token_endpoint_auth_method(method),
            None => client,
        }
    };
    config.clients.push(client(
        4001,
        "Basic",
        Some(TokenAuthMethod::ClientSecretBasic),
    ));
    config.clients.push(client(
        4002,
        "Post",
        Some(TokenAuthMethod::ClientSecretPost),
    ));
    config.clients.push(client(4003, "Either", None));
    LocalBackend::new(config).unwrap()
}

/// How the test presents the client: Basic (the API fields), the form, or both.
#[derive(Debug, Clone, Copy)]
enum Via {
    Basic,
    Post,
    Both,
}

fn credentials(via: Via, id: &str, secret: &str) -> (Option<String>, Option<String>, String) {
    match via {
        Via::Basic => (Some(id.into()), Some(secret.into()), String::new()),
        Via::Post => (
            None,
            None,
            format!("&client_id={id}&client_secret={secret}"),
        ),
        Via::Both => (
            Some(id.into()),
            Some(secret.into()),
            format!("&client_secret={secret}"),
        ),
    }
}

/// The OAuth error of each API for `via`, or `None` when the client was accepted.
async fn outcomes(api: &dyn AuthleteApi, via: Via, id: &str, secret: &str) -> [Option<Value>; 4] {
    let (field_id, field_secret, form) = credentials(via, id, secret);

    let mut token = TokenRequest::new(format!("grant_type=client_credentials{form}"));
    token.client_id = field_id.clone();
    token.client_secret = field_secret.clone();
    let token = api.token(token).await.unwrap();
    let token = match token.action {
        Some(TokenAction::Ok) => None,
        Some(TokenAction::InvalidClient | TokenAction::BadRequest) => {
            let code = token.result_code.clone().unwrap();
            let mut error = json(&token.response_content);
            error["resultCode"] = code.into();
            error["action"] = format!("{:?}", token.action.unwrap()).into();
            Some(error)
        }
        other => panic!("token: {other:?}"),
    };

    let mut revocation = RevocationRequest::new(format!("token=unknown{form}"));
    revocation.client_id = field_id.clone();
    revocation.client_secret = field_secret.clone();
    let revocation = api.revocation(revocation).await.unwrap();
    let revocation = match revocation.action {
        Some(RevocationAction::Ok) => None,
        _ => Some(json(&revocation.response_content)),
    };

    // The pushed request names its client once: in the form when the form authenticates it.
    let par_id = if form.contains("client_id=") {
        String::new()
    } else {
        format!("&client_id={id}")
    };
    let mut par = PushedAuthorizationRequest::new(format!(
        "response_type=code{par_id}&redirect_uri={}{form}",
        urlencode(REDIRECT)
    ));
    par.client_id = field_id.clone();
    par.client_secret = field_secret.clone();
    let par = api.pushed_authorization(par).await.unwrap();
    let par = match par.action {
        Some(PushedAuthorizationAction::Created) => None,
        _ => Some(json(&par.response_content)),
    };

    let mut device = DeviceAuthorizationRequest::new(format!("scope=openid{form}"));
    device.client_id = field_id;
    device.client_secret = field_secret;
    let device = api.device_authorization(device).await.unwrap();
    let device = match device.action {
        Some(DeviceAuthorizationAction::Ok) => None,
        _ => Some(json(&device.response_content)),
    };
    [token, revocation, par, device]
}

fn urlencode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn one_method_per_request_and_the_registered_one() {
    let (server, v2, v3) = start(backend()).await;
    for api in [&v2, &v3] {
        // Accepted: (client, method).
        for (id, via) in [
            ("4001", Via::Basic),
            ("4002", Via::Post),
            ("4003", Via::Basic),
            ("4003", Via::Post),
        ] {
            let outcomes = outcomes(api, via, id, "s3cret").await;
            assert_eq!(outcomes, [None, None, None, None], "{id} {via:?}");
        }
        // The demo confidential client declares no method: both work.
        let mut token = TokenRequest::new(
            "grant_type=client_credentials&client_id=2000&client_secret=demo-secret",
        );
        token.client_id = None;
        assert_eq!(
            api.token(token).await.unwrap().action,
            Some(TokenAction::Ok)
        );

        // Not the registered method: invalid_client everywhere.
        for (id, via) in [("4001", Via::Post), ("4002", Via::Basic)] {
            let outcomes = outcomes(api, via, id, "s3cret").await;
            for (n, outcome) in outcomes.iter().enumerate() {
                let outcome = outcome
                    .as_ref()
                    .unwrap_or_else(|| panic!("{id} {via:?} #{n}"));
                assert_eq!(outcome["error"], "invalid_client", "{id} {via:?} #{n}");
                assert!(
                    outcome["error_description"]
                        .as_str()
                        .unwrap()
                        .contains("the client authentication method is not the one registered"),
                    "{outcome}"
                );
            }
            let token = &outcomes[0].as_ref().unwrap();
            assert_eq!(token["resultCode"], "A050301");
            assert_eq!(token["action"], "InvalidClient");
        }

        // Two methods at once: invalid_request, whatever the registration.
        for id in ["4001", "4002", "4003"] {
            let outcomes = outcomes(api, Via::Both, id, "s3cret").await;
            for (n, outcome) in outcomes.iter().enumerate() {
                let outcome = outcome.as_ref().unwrap_or_else(|| panic!("{id} #{n}"));
                assert_eq!(outcome["error"], "invalid_request", "{id} #{n}");
                assert!(
                    outcome["error_description"]
                        .as_str()
                        .unwrap()
                        .contains("more than one client authentication method is used")
                );
            }
            let token = &outcomes[0].as_ref().unwrap();
            assert_eq!(token["resultCode"], "A050201");
            assert_eq!(token["action"], "BadRequest");
        }

        // A wrong secret by the right method is invalid_client; the secret is never echoed.
        let outcomes = outcomes(api, Via::Basic, "4001", "wrong-secret").await;
        for outcome in &outcomes {
            let outcome = outcome.as_ref().unwrap();
            assert_eq!(outcome["error"], "invalid_client");
            assert!(!outcome.to_string().contains("wrong-secret"));
            assert!(!outcome.to_string().contains("s3cret"));
        }
    }
    // The registered method is what /client/get reports.
    let client = v3.client_get("4002").await.unwrap();
    assert_eq!(
        client.token_auth_method,
        Some(ClientAuthMethod::ClientSecretPost)
    );
    let client = v3.client_get("3000").await.unwrap();
    assert_eq!(client.token_auth_method, Some(ClientAuthMethod::None));
    server.shutdown().await;
}

#[tokio::test]
async fn public_clients_use_none_only() {
    let (server, _, v3) = start(backend()).await;
    let mut device = DeviceAuthorizationRequest::new("client_id=3000&scope=openid");
    device.client_id = None;
    let ok = v3.device_authorization(device).await.unwrap();
    assert_eq!(ok.action, Some(DeviceAuthorizationAction::Ok), "{ok:?}");
    let mut device = DeviceAuthorizationRequest::new("client_id=3000&client_secret=x");
    device.client_id = None;
    let refused = v3.device_authorization(device).await.unwrap();
    assert_eq!(
        refused.action,
        Some(DeviceAuthorizationAction::Unauthorized)
    );
    assert_eq!(json(&refused.response_content)["error"], "invalid_client");
    // A confidential client sending no secret.
    let refused = v3
        .token(TokenRequest::new(
            "grant_type=client_credentials&client_id=4001",
        ))
        .await
        .unwrap();
    assert_eq!(refused.action, Some(TokenAction::InvalidClient));
    assert_eq!(
        json(&refused.response_content)["error_description"],
        "[A050301] the client must authenticate with its secret"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn dynamically_registered_clients_keep_their_method() {
    let (server, _, v3) = start(backend()).await;
    let mut register = ClientRegistrationRequest::default();
    register.token = Some(demo::INITIAL_ACCESS_TOKEN.to_owned());
    register.json = Some(
        serde_json::json!({
            "client_name": "Posting",
            "grant_types": ["client_credentials"],
            "response_types": [],
            "token_endpoint_auth_method": "client_secret_post",
        })
        .to_string(),
    );
    let registered = v3.client_registration(register).await.unwrap();
    let body = json(&registered.response_content);
    assert_eq!(
        body["token_endpoint_auth_method"], "client_secret_post",
        "{body}"
    );
    let id = body["client_id"]
        .as_str()
        .map_or_else(|| body["client_id"].to_string(), str::to_owned);
    let secret = body["client_secret"].as_str().unwrap().to_owned();
    let post = v3
        .token(TokenRequest::new(format!(
            "grant_type=client_credentials&client_id={id}&client_secret={secret}"
        )))
        .await
        .unwrap();
    assert_eq!(post.action, Some(TokenAction::Ok), "{post:?}");
    let mut basic = TokenRequest::new("grant_type=client_credentials");
    basic.client_id = Some(id);
    basic.client_secret = Some(secret);
    let basic = v3.token(basic).await.unwrap();
    assert_eq!(basic.action, Some(TokenAction::InvalidClient));
    server.shutdown().await;
}
