//! The built-in demo configuration: one service, three clients, the standard OpenID scopes.
//!
//! Used when `authlete-local` starts without `--config`, and by [`LocalBackend::demo`](super::LocalBackend::demo).

use super::client_auth::TokenAuthMethod;
use super::config::{
    ClientConfig, Endpoints, KeysConfig, Lifetimes, Limits, LocalConfig, RegistrationConfig,
    ScopeConfig,
};
use authlete_tower::config::Secret;
use authlete_tower::handler::redirect_uri::ApplicationType;

/// The service API key, which is also the service ID of API v3 paths.
pub const SERVICE_API_KEY: &str = "1000";
/// The service API secret (API v2, HTTP Basic).
pub const SERVICE_API_SECRET: &str = "local-secret";
/// The service access token (API v3, Bearer).
pub const SERVICE_ACCESS_TOKEN: &str = "local-token";
/// The service owner's API key (v2 service management, HTTP Basic).
pub const SERVICE_OWNER_API_KEY: &str = "100";
/// The service owner's API secret (v2 service management, HTTP Basic).
pub const SERVICE_OWNER_API_SECRET: &str = "local-owner-secret";
/// The service owner's access token (v3 service management, Bearer).
pub const SERVICE_OWNER_ACCESS_TOKEN: &str = "local-owner-token";
/// The issuer identifier.
pub const ISSUER: &str = "http://localhost:8000";
/// The confidential demo client.
pub const CLIENT_ID: &str = "2000";
/// The secret of the confidential demo client.
pub const CLIENT_SECRET: &str = "demo-secret";
/// The public demo client (no secret, PKCE required).
pub const PUBLIC_CLIENT_ID: &str = "3000";
/// The demo client that authenticates with `private_key_jwt` (RFC 7523) and signs request
/// objects (RFC 9101) with the P-256 key [`KEY_CLIENT_PRIVATE_JWK`]; its JWK Set is
/// [`key_client_jwks`].
pub const KEY_CLIENT_ID: &str = "2500";
/// The key ID of the key client's signing key.
pub const KEY_CLIENT_KID: &str = "demo-key-client-1";
/// The key client's private key, a P-256 JWK. It is public, like [`CLIENT_SECRET`]: for the demo
/// and its conformance suite only, never for anything that matters.
pub const KEY_CLIENT_PRIVATE_JWK: &str = r#"{"kty":"EC","crv":"P-256","kid":"demo-key-client-1","x":"R9ZUMXJiGLSpgnxFkGPg00qhPe06Z88ZOyoSJa9g6No","y":"oFECIQkNcvalLE4b4JVdNlXNsutfNRcb1fwp-QjmzlM","d":"evWTrtW4Ngm8f0Ebk-y42_Te9Uvs73RvzcbbB7JTJEc"}"#;

/// The key client's registered JWK Set: the public half of [`KEY_CLIENT_PRIVATE_JWK`].
pub fn key_client_jwks() -> serde_json::Value {
    serde_json::json!({"keys": [{
        "kty": "EC",
        "crv": "P-256",
        "kid": KEY_CLIENT_KID,
        "use": "sig",
        "alg": "ES256",
        "x": "R9ZUMXJiGLSpgnxFkGPg00qhPe06Z88ZOyoSJa9g6No",
        "y": "oFECIQkNcvalLE4b4JVdNlXNsutfNRcb1fwp-QjmzlM",
    }]})
}

/// The initial access token that lets a dynamic registration through (RFC 7591 §3).
pub const INITIAL_ACCESS_TOKEN: &str = "local-initial-access-token";
/// The redirect URI both demo clients have registered (they are native clients, for which a
/// loopback `http` redirect URI is allowed).
pub const REDIRECT_URI: &str = "http://localhost:8000/api/mock/redirection";

/// The demo configuration.
pub(crate) fn config() -> LocalConfig {
    let strings = |values: &[&str]| {
        values
            .iter()
            .map(|value| (*value).to_owned())
            .collect::<Vec<_>>()
    };
    LocalConfig {
        service_api_key: SERVICE_API_KEY.to_owned(),
        service_api_secret: Secret::new(SERVICE_API_SECRET),
        service_access_token: Secret::new(SERVICE_ACCESS_TOKEN),
        service_access_token_dpop_jkt: None,
        service_owner_api_key: SERVICE_OWNER_API_KEY.to_owned(),
        service_owner_api_secret: Secret::new(SERVICE_OWNER_API_SECRET),
        service_owner_access_token: Secret::new(SERVICE_OWNER_ACCESS_TOKEN),
        issuer: ISSUER.to_owned(),
        endpoints: Endpoints::under(ISSUER),
        scopes: vec![
            ScopeConfig::new("openid", "Sign you in with OpenID Connect."),
            ScopeConfig::new(
                "profile",
                "Read your name, nickname, picture and other profile details.",
            ),
            ScopeConfig::new(
                "email",
                "Read your email address and whether it is verified.",
            ),
            ScopeConfig::new("address", "Read your postal address."),
            ScopeConfig::new(
                "phone",
                "Read your phone number and whether it is verified.",
            ),
            ScopeConfig::new(
                "offline_access",
                "Keep access while you are away (a refresh token).",
            ),
            ScopeConfig::new(
                "device_sso",
                "Sign you in to this vendor's other apps on this device (Native SSO).",
            ),
        ],
        clients: vec![
            ClientConfig {
                client_id: 2000,
                client_secret: Some(Secret::new(CLIENT_SECRET)),
                client_name: "Demo Client".to_owned(),
                logo_uri: None,
                // The token exchange is Native SSO's: client 2000 plays the second app that
                // shares the login of app 1 (client 3000).
                grant_types: strings(&[
                    "authorization_code",
                    "implicit",
                    "refresh_token",
                    "client_credentials",
                    "password",
                    "urn:ietf:params:oauth:grant-type:token-exchange",
                ]),
                response_types: strings(&[
                    "code",
                    "token",
                    "id_token",
                    "code id_token",
                    "id_token token",
                    "code token",
                    "code id_token token",
                ]),
                redirect_uris: strings(&[REDIRECT_URI]),
                pkce_required: false,
                application_type: ApplicationType::Native,
                tls_client_certificate_bound_access_tokens: false,
                jwks: None,
                tls_client_auth_subject_dn: None,
                pkce_s256_required: false,
                token_endpoint_auth_method: None,
                access_token_sign_alg: None,
                backchannel_token_delivery_mode: None,
                backchannel_client_notification_endpoint: None,
            },
            ClientConfig {
                client_id: 3000,
                client_secret: None,
                client_name: "Demo Public Client".to_owned(),
                logo_uri: None,
                grant_types: strings(&[
                    "authorization_code",
                    "refresh_token",
                    "urn:ietf:params:oauth:grant-type:device_code",
                ]),
                response_types: strings(&["code"]),
                redirect_uris: strings(&[REDIRECT_URI]),
                pkce_required: true,
                application_type: ApplicationType::Native,
                tls_client_certificate_bound_access_tokens: false,
                jwks: None,
                tls_client_auth_subject_dn: None,
                pkce_s256_required: false,
                token_endpoint_auth_method: Some(TokenAuthMethod::None),
                access_token_sign_alg: None,
                backchannel_token_delivery_mode: None,
                backchannel_client_notification_endpoint: None,
            },
            ClientConfig {
                client_id: 2500,
                client_secret: None,
                client_name: "Demo Key Client".to_owned(),
                logo_uri: None,
                grant_types: strings(&[
                    "authorization_code",
                    "refresh_token",
                    "client_credentials",
                ]),
                response_types: strings(&["code"]),
                redirect_uris: strings(&[REDIRECT_URI]),
                pkce_required: false,
                application_type: ApplicationType::Native,
                tls_client_certificate_bound_access_tokens: false,
                jwks: Some(key_client_jwks()),
                tls_client_auth_subject_dn: None,
                pkce_s256_required: false,
                token_endpoint_auth_method: Some(TokenAuthMethod::PrivateKeyJwt),
                access_token_sign_alg: None,
                backchannel_token_delivery_mode: None,
                backchannel_client_notification_endpoint: None,
            },
        ],
        lifetimes: Lifetimes::default(),
        limits: Limits::default(),
        keys: KeysConfig::default(),
        registration: RegistrationConfig {
            open: false,
            initial_access_tokens: vec![Secret::new(INITIAL_ACCESS_TOKEN)],
        },
        dpop_nonce_required: false,
        id_token_reissuable: false,
        pkce_s256_required: true,
        grant_management: true,
        grant_management_action_required: false,
        native_sso_supported: true,
        access_token_sign_alg: None,
        access_token_signature_key_id: None,
        trusted_issuers: Vec::new(),
        data_file: None,
    }
}
