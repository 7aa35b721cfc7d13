//! Pushed authorization requests (RFC 9126): `/pushed_auth_req`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `pushed_authorization_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PushedAuthorizationRequest {
    /// The pushed authorization request body received from the client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// The client ID extracted from `Authorization` header of the pushed request from the client
    /// application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_id: Option<String>,
    /// The client secret extracted from `Authorization` header of the pushed authorization request
    /// from the client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_secret: Option<String>,
    /// The client certificate from the MTLS connection to pushed authorization endpoint from the
    /// client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_certificate: Option<String>,
    /// The certificate path presented by the client during client authentication.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub client_certificate_path: Option<Vec<String>>,
    /// DPoP Header
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop: Option<String>,
    /// HTTP Method (for DPoP validation).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htm: Option<String>,
    /// HTTP URL base (for DPoP validation).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htu: Option<String>,
    /// The value of the `OAuth-Client-Attestation` HTTP header, which is defined in the
    /// specification of OAuth 2.0 Attestation-Based Client Authentication.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub oauth_client_attestation: Option<String>,
    /// The value of the `OAuth-Client-Attestation-PoP` HTTP header, which is defined in the
    /// specification of OAuth 2.0 Attestation-Based Client Authentication.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub oauth_client_attestation_pop: Option<String>,
    /// The flag indicating whether to require the DPoP proof JWT to include the `nonce` claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce_required: Option<bool>,
}

impl std::fmt::Debug for PushedAuthorizationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushedAuthorizationRequest")
            .field("parameters", &crate::dto::Redacted(&self.parameters))
            .field("client_id", &self.client_id)
            .field("client_secret", &crate::dto::Redacted(&self.client_secret))
            .field(
                "client_certificate",
                &crate::dto::Redacted(&self.client_certificate),
            )
            .field(
                "client_certificate_path",
                &crate::dto::Redacted(&self.client_certificate_path),
            )
            .field("dpop", &crate::dto::Redacted(&self.dpop))
            .field("htm", &self.htm)
            .field("htu", &self.htu)
            .field(
                "oauth_client_attestation",
                &crate::dto::Redacted(&self.oauth_client_attestation),
            )
            .field(
                "oauth_client_attestation_pop",
                &crate::dto::Redacted(&self.oauth_client_attestation_pop),
            )
            .field("dpop_nonce_required", &self.dpop_nonce_required)
            .finish()
    }
}

/// `pushed_authorization_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PushedAuthorizationResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<PushedAuthorizationAction>,
    /// The request_uri created to the client to be used as request_uri on the authorize call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_uri: Option<String>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The client authentication method that the client application declares that it uses at the
    /// token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<ClientAuthMethod>,
    /// Get the expected nonce value for DPoP proof JWT, which should be used as the value of the
    /// `DPoP-Nonce` HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce: Option<String>,
}

impl std::fmt::Debug for PushedAuthorizationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushedAuthorizationResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("request_uri", &crate::dto::Redacted(&self.request_uri))
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("client_auth_method", &self.client_auth_method)
            .field("dpop_nonce", &self.dpop_nonce)
            .finish()
    }
}
