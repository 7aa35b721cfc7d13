//! Client management answers: `/client/secret/refresh/{clientIdentifier}`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `client_secret_refresh_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientSecretRefreshResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The new client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_client_secret: Option<String>,
    /// The old client secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_client_secret: Option<String>,
}

impl std::fmt::Debug for ClientSecretRefreshResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSecretRefreshResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field(
                "new_client_secret",
                &crate::dto::Redacted(&self.new_client_secret),
            )
            .field(
                "old_client_secret",
                &crate::dto::Redacted(&self.old_client_secret),
            )
            .finish()
    }
}
