//! ID-token reissue: `/idtoken/reissue`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `idtoken_reissue_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IdTokenReissueRequest {
    /// The value of this parameter should be (a) the value of the "`jwtAccessToken`" parameter in a
    /// response from the `/auth/token` API when the value is available, or (b) the value of the
    /// "`accessToken`" parameter in the response from the `/auth/token` API when the value of the
    /// "`jwtAccessToken`" parameter is not available.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub access_token: String,
    /// The value of this parameter should be the value of the "`refreshToken`" parameter in a
    /// response from the `/auth/token` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub refresh_token: String,
    /// The value that should be used as the value of the "`sub`" claim of the ID token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub sub: Option<String>,
    /// Additional claims that should be embedded in the payload part of the ID token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub claims: Option<String>,
    /// Additional parameters that should be embedded in the JWS header of the ID token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub idt_header_params: Option<String>,
    /// The type of the "`aud`" claim of the ID token being issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub id_token_aud_type: Option<String>,
}

impl std::fmt::Debug for IdTokenReissueRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenReissueRequest")
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("refresh_token", &crate::dto::Redacted(&self.refresh_token))
            .field("sub", &self.sub)
            .field("claims", &self.claims)
            .field("idt_header_params", &self.idt_header_params)
            .field("id_token_aud_type", &self.id_token_aud_type)
            .finish()
    }
}

/// `idtoken_reissue_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IdTokenReissueResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the implementation of the token endpoint should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<IdTokenReissueAction>,
    /// The response content that can be used as the message body of the token response that should
    /// be returned from the token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The reissued ID token
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl std::fmt::Debug for IdTokenReissueResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdTokenReissueResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("id_token", &crate::dto::Redacted(&self.id_token))
            .finish()
    }
}
