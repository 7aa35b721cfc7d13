//! Discovery advertises exactly what is mounted: for each endpoint family, on and off, on axum
//! and actix-web, the document carries its metadata only when its endpoints answer (and they
//! answer 404 when it does not). Authlete (a fake here) advertises everything.

use authlete_tower::AuthorizationServer;
use authlete_tower::handler::{Family, GrantSpi, NativeSsoSpi, SpiError};
use serde_json::{Value, json};

use crate::common::ciba::TestDevices;
use crate::common::flows::{Mount, serve_actix};
use crate::common::*;

/// What Authlete's service configuration says, every family included.
fn everything() -> Value {
    json!({
        "issuer": "https://as.example",
        "authorization_endpoint": "https://as.example/api/authorization",
        "token_endpoint": "https://as.example/api/token",
        "jwks_uri": "https://as.example/api/jwks",
        "introspection_endpoint": "https://as.example/api/introspection",
        "introspection_endpoint_auth_methods_supported": ["client_secret_basic"],
        "revocation_endpoint": "https://as.example/api/revocation",
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic"],
        "userinfo_endpoint": "https://as.example/api/userinfo",
        "userinfo_signing_alg_values_supported": ["RS256"],
        "pushed_authorization_request_endpoint": "https://as.example/api/par",
        "require_pushed_authorization_requests": false,
        "device_authorization_endpoint": "https://as.example/api/device/authorization",
        "registration_endpoint": "https://as.example/api/register",
        "backchannel_authentication_endpoint": "https://as.example/api/backchannel/authentication",
        "backchannel_token_delivery_modes_supported": ["poll", "ping", "push"],
        "backchannel_user_code_parameter_supported": true,
        "grant_management_endpoint": "https://as.example/api/grants",
        "grant_management_actions_supported": ["create", "query", "replace", "revoke", "merge"],
        "grant_management_action_required": false,
        "native_sso_supported": true,
        "mtls_endpoint_aliases": {
            "token_endpoint": "https://mtls.as.example/api/token",
            "revocation_endpoint": "https://mtls.as.example/api/revocation",
            "backchannel_authentication_endpoint": "https://mtls.as.example/api/backchannel/authentication"
        },
        "grant_types_supported": ["authorization_code", "refresh_token",
            "urn:ietf:params:oauth:grant-type:device_code", "urn:openid:params:grant-type:ciba",
            "urn:ietf:params:oauth:grant-type:token-exchange",
            "urn:ietf:params:oauth:grant-type:jwt-bearer"]
    })
}

/// The extension grants' hooks (declining everything: discovery is what is checked here).
struct DecliningGrants;

impl GrantSpi for DecliningGrants {}

/// The Native SSO hooks (no session is alive: discovery is what is checked here).
struct NoSessions;

impl NativeSsoSpi for NoSessions {
    async fn is_session_alive(&self, _: &str, _: Option<&str>) -> Result<bool, SpiError> {
        Ok(false)
    }
}

/// The keys each family owns, a path it mounts (if it has endpoints of its own) and the grant
/// types that go when it alone is left out.
type Owned = (
    &'static [&'static str],
    Option<&'static str>,
    &'static [&'static str],
);

fn family_keys(family: Family) -> Owned {
    match family {
        Family::Introspection => (
            &[
                "introspection_endpoint",
                "introspection_endpoint_auth_methods_supported",
            ],
            Some("/api/introspection"),
            &[],
        ),
        Family::Revocation => (
            &[
                "revocation_endpoint",
                "revocation_endpoint_auth_methods_supported",
            ],
            Some("/api/revocation"),
            &[],
        ),
        Family::UserInfo => (
            &["userinfo_endpoint", "userinfo_signing_alg_values_supported"],
            Some("/api/userinfo"),
            &[],
        ),
        Family::PushedAuthorization => (
            &[
                "pushed_authorization_request_endpoint",
                "require_pushed_authorization_requests",
            ],
            Some("/api/par"),
            &[],
        ),
        Family::DeviceFlow => (
            &["device_authorization_endpoint"],
            Some("/api/device/authorization"),
            &["urn:ietf:params:oauth:grant-type:device_code"],
        ),
        Family::Registration => (&["registration_endpoint"], Some("/api/register"), &[]),
        Family::Backchannel => (
            &[
                "backchannel_authentication_endpoint",
                "backchannel_token_delivery_modes_supported",
                "backchannel_user_code_parameter_supported",
            ],
            Some("/api/backchannel/authentication"),
            &["urn:openid:params:grant-type:ciba"],
        ),
        // Native SSO, still mounted, answers the token exchange grant.
        Family::ExtensionGrants => (&[], None, &["urn:ietf:params:oauth:grant-type:jwt-bearer"]),
        Family::GrantManagement => (
            &[
                "grant_management_endpoint",
                "grant_management_actions_supported",
                "grant_management_action_required",
            ],
            Some("/api/grants/G-1"),
            &[],
        ),
        Family::NativeSso => (&["native_sso_supported"], None, &[]),
        other => panic!("a family this test does not know: {other:?}"),
    }
}

async fn serve(server: AuthorizationServer, mount: Mount) -> String {
    match mount {
        Mount::Axum => serve_axum(&server).await,
        Mount::Actix => serve_actix(server),
    }
}

/// The server with every family mounted (CIBA, the extension grants and Native SSO included) or without
/// `off` (whose SPI is then not given, or which is left out).
fn server(fake: &std::sync::Arc<FakeApi>, off: Option<Family>) -> AuthorizationServer {
    let server = AuthorizationServer::new(fake.clone(), TestApp::default());
    let server = if off == Some(Family::Backchannel) {
        server
    } else {
        server.with_backchannel(TestDevices::default())
    };
    let server = server.with_grants(DecliningGrants);
    let server = if off == Some(Family::NativeSso) {
        server
    } else {
        server.with_native_sso(NoSessions)
    };
    match off {
        Some(family) if family != Family::Backchannel => server.without(family),
        _ => server,
    }
}

async fn check(mount: Mount) {
    let fake = FakeApi::new();
    fake.answer("service_configuration", everything());
    // Everything on: the document as Authlete wrote it.
    let base = serve(server(&fake, None), mount).await;
    for path in [
        "/.well-known/openid-configuration",
        "/.well-known/oauth-authorization-server",
    ] {
        assert_eq!(get(&format!("{base}{path}")).await.json(), everything());
    }
    for family in Family::ALL {
        let (keys, path, family_grants) = family_keys(family);
        if let Some(path) = path {
            let status = http()
                .post(format!("{base}{path}"))
                .send()
                .await
                .unwrap()
                .status();
            assert_ne!(status, 404, "{family:?} on: {path}");
        }
        // Off: its keys, its alias and its grant type are gone, its endpoint is not served.
        let server = server(&fake, Some(family));
        assert!(!server.mounts(family));
        let off = serve(server, mount).await;
        let document = get(&format!("{off}/.well-known/openid-configuration"))
            .await
            .json();
        for key in keys {
            assert!(document.get(*key).is_none(), "{family:?} off: {key}");
            assert!(
                document["mtls_endpoint_aliases"].get(*key).is_none(),
                "{family:?} off: alias {key}"
            );
        }
        let grants = document["grant_types_supported"].as_array().unwrap();
        for grant in family_grants {
            assert!(!grants.contains(&json!(grant)), "{family:?} off: {grant}");
        }
        assert_eq!(grants.len(), 6 - family_grants.len());
        // Every other family is still there.
        let mut expected = everything();
        let fields = expected.as_object_mut().unwrap();
        for key in keys {
            fields.remove(*key);
            fields["mtls_endpoint_aliases"]
                .as_object_mut()
                .unwrap()
                .remove(*key);
        }
        fields["grant_types_supported"]
            .as_array_mut()
            .unwrap()
            .retain(|value| !family_grants.iter().any(|grant| value == grant));
        assert_eq!(document, expected, "{family:?} off");
        if let Some(path) = path {
            let status = http()
                .post(format!("{off}{path}"))
                .send()
                .await
                .unwrap()
                .status();
            assert_eq!(status, 404, "{family:?} off: {path}");
        }
    }
}

#[tokio::test]
async fn each_family_on_and_off_on_axum() {
    check(Mount::Axum).await;
}

#[cfg(feature = "actix")]
#[tokio::test]
async fn each_family_on_and_off_on_actix() {
    check(Mount::Actix).await;
}

#[tokio::test]
async fn registration_management_goes_with_registration() {
    let fake = FakeApi::new();
    let server = AuthorizationServer::new(fake.clone(), TestApp::default());
    let base = serve_axum(&server.clone().without(Family::Registration)).await;
    let status = http()
        .get(format!("{base}/api/register/1234"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 404);
    let device_verification = http()
        .get(format!("{base}/api/device/verification"))
        .send()
        .await
        .unwrap()
        .status();
    assert_ne!(device_verification, 404);
    let base = serve_axum(&server.without(Family::DeviceFlow)).await;
    for path in [
        "/api/device/verification",
        "/api/device/authorization",
        "/api/device/complete",
    ] {
        let status = http()
            .post(format!("{base}{path}"))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 404, "{path}");
    }
}
