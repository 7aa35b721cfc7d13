//! Server metadata: `/api/info` (no service ID on either version).
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `info_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct InfoResponse {
    /// The server version.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub version: String,
    /// the features that the server supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub features: Option<Vec<String>>,
    /// Server configuration properties as key-value pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<serde_json::Value>,
    /// Cache statistics for service tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_token_cache: Option<serde_json::Value>,
}

impl std::fmt::Debug for InfoResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InfoResponse")
            .field("version", &self.version)
            .field("features", &self.features)
            .field("configuration", &self.configuration)
            .field("service_token_cache", &self.service_token_cache)
            .finish()
    }
}
