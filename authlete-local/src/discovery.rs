//! `/service/configuration`: the OpenID Provider metadata, built from the service settings.

use serde_json::{Value, json};

use super::clients::{CIBA_GRANT, JWT_BEARER_GRANT, TOKEN_EXCHANGE_GRANT};
use super::engine::Engine;
use super::userinfo::scope_claims;
use http::StatusCode;

use super::engine::api_error;
use super::result_codes;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::ServiceConfigurationOptions;

impl Engine {
    /// The `service` object of `/auth/authorization` answers (Authlete's Service, abridged).
    pub(crate) fn service_summary(&self) -> Value {
        let number = self.service_number();
        let scopes: Vec<Value> = self
            .config
            .scopes
            .iter()
            .map(|scope| json!({"name": scope.name, "description": scope.description, "defaultEntry": false}))
            .collect();
        let all_scopes: Vec<String> = self
            .config
            .scopes
            .iter()
            .map(|scope| scope.name.clone())
            .collect();
        json!({
            "number": number,
            "apiKey": number,
            "serviceName": "authlete-local",
            "issuer": self.config.issuer,
            "clientIdAliasEnabled": false,
            "pkceS256Required": self.config.pkce_s256_required,
            "nativeSsoSupported": self.config.native_sso_supported,
            "supportedScopes": scopes,
            "supportedClaims": scope_claims(&all_scopes),
        })
    }

    /// The discovery document (snake_case, as Authlete returns it).
    pub(crate) fn service_configuration(
        &self,
        options: ServiceConfigurationOptions,
    ) -> Result<Value, ApiError> {
        let config = &self.config;
        let endpoints = &config.endpoints;
        let scopes: Vec<&str> = config
            .scopes
            .iter()
            .map(|scope| scope.name.as_str())
            .collect();
        let all_scopes: Vec<String> = config
            .scopes
            .iter()
            .map(|scope| scope.name.clone())
            .collect();
        let mut claims = vec![
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "auth_time",
            "nonce",
            "acr",
        ];
        claims.extend(scope_claims(&all_scopes));
        let mut document = json!({
            "issuer": config.issuer,
            "authorization_endpoint": endpoints.authorization,
            "token_endpoint": endpoints.token,
            "userinfo_endpoint": endpoints.userinfo,
            "jwks_uri": endpoints.jwks,
            "registration_endpoint": endpoints.registration,
            "revocation_endpoint": endpoints.revocation,
            "introspection_endpoint": endpoints.introspection,
            "pushed_authorization_request_endpoint": endpoints.par,
            "device_authorization_endpoint": endpoints.device_authorization,
            "backchannel_authentication_endpoint": endpoints.backchannel_authentication,
            "backchannel_token_delivery_modes_supported": ["poll", "ping", "push"],
            "backchannel_user_code_parameter_supported": true,
            "scopes_supported": scopes,
            "response_types_supported": ["code", "token", "id_token", "code token", "code id_token", "id_token token", "code id_token token"],
            "response_modes_supported": ["query", "fragment", "form_post", "query.jwt", "fragment.jwt", "form_post.jwt", "jwt"],
            "authorization_signing_alg_values_supported": [self.keys.id_token_alg()],
            "grant_types_supported": [
                "authorization_code", "implicit", "password", "client_credentials", "refresh_token",
                "urn:ietf:params:oauth:grant-type:device_code", "urn:openid:params:grant-type:ciba"
            ],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "userinfo_signing_alg_values_supported": [],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth", "none"],
            "token_endpoint_auth_signing_alg_values_supported": ["HS256", "HS384", "HS512", "ES256", "PS256", "RS256", "EdDSA"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "claims_supported": claims,
            "claims_parameter_supported": true,
            "request_parameter_supported": true,
            "request_object_signing_alg_values_supported": super::jws::ASYMMETRIC_ALGS,
            "request_uri_parameter_supported": true,
            "require_request_uri_registration": true,
            "code_challenge_methods_supported": if self.config.pkce_s256_required {
                json!(["S256"])
            } else {
                json!(["plain", "S256"])
            },
            "prompt_values_supported": ["none", "login", "consent", "select_account", "create"],
            "display_values_supported": ["page", "popup", "touch", "wap"],
            "claim_types_supported": ["normal"],
            "require_pushed_authorization_requests": false,
            "dpop_signing_alg_values_supported": super::jws::ASYMMETRIC_ALGS,
            "tls_client_certificate_bound_access_tokens": true,
            "backchannel_logout_supported": false,
            "frontchannel_logout_supported": false,
        });
        // Grant Management for OAuth 2.0 §7: the endpoint, its actions and whether an action is
        // required, only when the service offers it.
        if config.grant_management
            && let Some(fields) = document.as_object_mut()
        {
            fields.insert(
                "grant_management_endpoint".into(),
                Value::from(endpoints.grant_management.as_str()),
            );
            fields.insert(
                "grant_management_actions_supported".into(),
                json!(["create", "query", "replace", "revoke", "merge"]),
            );
            fields.insert(
                "grant_management_action_required".into(),
                Value::from(config.grant_management_action_required),
            );
        }
        // Advertise CIBA only when a client may use it (an authorization server that does not
        // mount the backchannel endpoint also removes these keys: `handler::Family`).
        let ciba_enabled = config
            .clients
            .iter()
            .any(|client| client.grant_types.iter().any(|grant| grant == CIBA_GRANT));
        // Likewise the extension grants (an authorization server without a `GrantSpi` removes
        // them too).
        for grant in [TOKEN_EXCHANGE_GRANT, JWT_BEARER_GRANT] {
            let granted = config
                .clients
                .iter()
                .any(|client| client.grant_types.iter().any(|name| name == grant));
            if let (true, Some(grants)) =
                (granted, document["grant_types_supported"].as_array_mut())
            {
                grants.push(Value::from(grant));
            }
        }
        if !ciba_enabled {
            if let Some(fields) = document.as_object_mut() {
                fields.retain(|name, _| {
                    !name.starts_with("backchannel_authentication")
                        && !name.starts_with("backchannel_token")
                        && !name.starts_with("backchannel_user_code")
                });
            }
            if let Some(grants) = document["grant_types_supported"].as_array_mut() {
                grants.retain(|grant| grant != CIBA_GRANT);
            }
        }
        // OpenID Connect Native SSO 1.0 §5 (an authorization server without a `NativeSsoSpi`
        // removes it: `handler::Family::NativeSso`).
        if config.native_sso_supported
            && let Some(fields) = document.as_object_mut()
        {
            fields.insert("native_sso_supported".into(), Value::from(true));
        }
        if let Some(patch) = options.patch.as_deref() {
            apply_patch(&mut document, patch)?;
        }
        Ok(document)
    }
}

/// Applies the JSON Patch (RFC 6902) of the `patch` query parameter, as Authlete does.
fn apply_patch(document: &mut Value, patch: &str) -> Result<(), ApiError> {
    let invalid = |detail: String| {
        api_error(
            Operation::ServiceConfiguration,
            StatusCode::BAD_REQUEST,
            result_codes::API_BAD_PATCH,
            Some(&detail),
        )
    };
    let patch: json_patch::Patch = serde_json::from_str(patch)
        .map_err(|error| invalid(format!("not a JSON Patch: {error}")))?;
    json_patch::patch(document, &patch).map_err(|error| invalid(error.to_string()))
}
