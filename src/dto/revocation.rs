//! Token revocation (RFC 7009): `/auth/revocation`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `revocation_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevocationRequest {
    /// OAuth 2.0 token revocation request parameters which are the request parameters that the
    /// OAuth 2.0 token revocation endpoint (RFC 7009) of the authorization server implementation
    /// received from the client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// The client ID extracted from `Authorization` header of the revocation request from the
    /// client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_id: Option<String>,
    /// The client secret extracted from `Authorization` header of the revocation request from the
    /// client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_secret: Option<String>,
    /// The client certificate used in the TLS connection between the client application and the
    /// revocation endpoint.
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
}

impl std::fmt::Debug for RevocationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevocationRequest")
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
            .field(
                "oauth_client_attestation",
                &crate::dto::Redacted(&self.oauth_client_attestation),
            )
            .field(
                "oauth_client_attestation_pop",
                &crate::dto::Redacted(&self.oauth_client_attestation_pop),
            )
            .finish()
    }
}

/// `revocation_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevocationResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<RevocationAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
}

impl std::fmt::Debug for RevocationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RevocationResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .finish()
    }
}
