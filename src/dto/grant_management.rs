//! Grant Management for OAuth 2.0 (FAPI): `/gm`, and the grant it queries.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `g_m_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GmRequest {
    /// An access token to introspect.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub access_token: Option<String>,
    /// Client certificate in PEM format, used to validate binding against access tokens using the
    /// TLS client certificate confirmation method.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_certificate: Option<String>,
    /// `DPoP` header presented by the client during the request to the resource server.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop: Option<String>,
    /// HTTP method of the request from the client to the protected resource endpoint.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htm: Option<String>,
    /// URL of the protected resource endpoint. This field is used to validate the `DPoP` header.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htu: Option<String>,
    /// The grant management action of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gm_action: Option<GrantManagementAction>,
    /// The value of the `grant_id` request parameter of the device authorization request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub grant_id: Option<String>,
    /// The flag indicating whether to require the DPoP proof JWT to include the `nonce` claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce_required: Option<bool>,
}

impl std::fmt::Debug for GmRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GmRequest")
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field(
                "client_certificate",
                &crate::dto::Redacted(&self.client_certificate),
            )
            .field("dpop", &crate::dto::Redacted(&self.dpop))
            .field("htm", &self.htm)
            .field("htu", &self.htu)
            .field("gm_action", &self.gm_action)
            .field("grant_id", &self.grant_id)
            .field("dpop_nonce_required", &self.dpop_nonce_required)
            .finish()
    }
}

/// `g_m_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GmResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<GmAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// Get the expected nonce value for DPoP proof JWT, which should be used as the value of the
    /// `DPoP-Nonce` HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce: Option<String>,
}

impl std::fmt::Debug for GmResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GmResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("dpop_nonce", &self.dpop_nonce)
            .finish()
    }
}

/// `grant` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Grant {
    /// `scopes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<GrantScope>>,
    /// The claims associated with the Grant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
}

impl std::fmt::Debug for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grant")
            .field("scopes", &self.scopes)
            .field("claims", &self.claims)
            .field("authorization_details", &self.authorization_details)
            .finish()
    }
}

/// `grant_scope` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GrantScope {
    /// Space-delimited scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// List of resource indicators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Vec<String>>,
}

impl std::fmt::Debug for GrantScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GrantScope")
            .field("scope", &self.scope)
            .field("resource", &self.resource)
            .finish()
    }
}
