//! Client management: the secret (`/client/secret/refresh`, `/client/secret/update`), the list (`/client/get/list`), the lock flag, requestable scopes, granted scopes and client authorizations.
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

/// `client_get_list_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientGetListResponse {
    /// Start index (inclusive) of the result set of the query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// End index (exclusive) of the result set of the query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    /// Total number of clients that belong to the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// An array of clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clients: Option<Vec<Client>>,
}

impl std::fmt::Debug for ClientGetListResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientGetListResponse")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("total_count", &self.total_count)
            .field("clients", &self.clients)
            .finish()
    }
}

/// `client_secret_update_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientSecretUpdateRequest {
    /// The new value of the client secret. Valid characters for a client secret are `A-Z`, `a-z`,
    /// `0-9`, `-`, and `_`. The maximum length of a client secret is 86.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub client_secret: String,
}

impl std::fmt::Debug for ClientSecretUpdateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSecretUpdateRequest")
            .field("client_secret", &crate::dto::Redacted(&self.client_secret))
            .finish()
    }
}

/// `client_secret_update_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientSecretUpdateResponse {
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

impl std::fmt::Debug for ClientSecretUpdateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSecretUpdateResponse")
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

/// `client_flag_update_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientFlagUpdateRequest {
    /// The flag value to be set
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_locked: Option<bool>,
}

impl std::fmt::Debug for ClientFlagUpdateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientFlagUpdateRequest")
            .field("client_locked", &self.client_locked)
            .finish()
    }
}

/// `client_flag_update_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientFlagUpdateResponse {
    /// The code which represents the result of the API call.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub result_code: String,
    /// A short message which explains the result of the API call.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub result_message: String,
}

impl std::fmt::Debug for ClientFlagUpdateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientFlagUpdateResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .finish()
    }
}

/// `client_extension_requestable_scopes_get_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientExtensionRequestableScopesGetResponse {
    /// The requestable scopes for this client. This is null if the Requestable Scopes per Client
    /// feature is not enabled for this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requestable_scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for ClientExtensionRequestableScopesGetResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientExtensionRequestableScopesGetResponse")
            .field("requestable_scopes", &self.requestable_scopes)
            .finish()
    }
}

/// `client_extension_requestable_scopes_update_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientExtensionRequestableScopesUpdateRequest {
    /// The set of scopes that the client application is allowed to request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub requestable_scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for ClientExtensionRequestableScopesUpdateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientExtensionRequestableScopesUpdateRequest")
            .field("requestable_scopes", &self.requestable_scopes)
            .finish()
    }
}

/// `client_extension_requestable_scopes_update_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientExtensionRequestableScopesUpdateResponse {
    /// `requestableScopes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requestable_scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for ClientExtensionRequestableScopesUpdateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientExtensionRequestableScopesUpdateResponse")
            .field("requestable_scopes", &self.requestable_scopes)
            .finish()
    }
}

/// `client_authorization_delete_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct GrantedScopesGetResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_api_key: Option<i64>,
    /// Get the client ID.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// Get the subject (= unique identifier) of the user who has granted authorization to the
    /// client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Get the scopes granted to the client application by the last authorization process by the
    /// user (who is identified by the subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_granted_scopes: Option<Vec<String>>,
    /// Get the scopes granted to the client application by all the past authorization processes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_granted_scopes: Option<Vec<String>>,
    /// Get the timestamp in milliseconds since Unix epoch at which this record was modified.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<i64>,
}

impl std::fmt::Debug for GrantedScopesGetResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GrantedScopesGetResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("service_api_key", &self.service_api_key)
            .field("client_id", &self.client_id)
            .field("subject", &self.subject)
            .field("latest_granted_scopes", &self.latest_granted_scopes)
            .field("merged_granted_scopes", &self.merged_granted_scopes)
            .field("modified_at", &self.modified_at)
            .finish()
    }
}

/// `client_granted_scopes_delete_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientGrantedScopesDeleteResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
}

impl std::fmt::Debug for ClientGrantedScopesDeleteResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientGrantedScopesDeleteResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .finish()
    }
}

/// `client_authorization_get_list_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientAuthorizationGetListRequest {
    /// Unique user ID of an end-user.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub subject: String,
    /// Unique ID of a client developer.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub developer: Option<String>,
    /// Start index of search results (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// End index of search results (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
}

impl std::fmt::Debug for ClientAuthorizationGetListRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuthorizationGetListRequest")
            .field("subject", &self.subject)
            .field("developer", &self.developer)
            .field("start", &self.start)
            .field("end", &self.end)
            .finish()
    }
}

/// `client_authorization_get_list_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientAuthorizationGetListResponse {
    /// Start index of search results (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// End index of search results (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    /// Unique ID of a client developer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    /// Unique user ID of an end-user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Unique ID of a client developer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// An array of clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clients: Option<Vec<Client>>,
}

impl std::fmt::Debug for ClientAuthorizationGetListResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuthorizationGetListResponse")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("developer", &self.developer)
            .field("subject", &self.subject)
            .field("total_count", &self.total_count)
            .field("clients", &self.clients)
            .finish()
    }
}

/// `client_authorization_update_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientAuthorizationUpdateRequest {
    /// The subject (= unique identifier) of the end-user who has granted authorization to the
    /// client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub subject: String,
    /// An array of new scopes. Optional. If a non-null value is given, the new scopes are set to
    /// all existing access tokens. If an API call is made using `"Content-Type:
    /// application/x-www-form-urlencoded"`, scope names listed in this request parameter should be
    /// delimited by spaces (after form encoding, spaces are converted to `+`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for ClientAuthorizationUpdateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuthorizationUpdateRequest")
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .finish()
    }
}

/// `client_authorization_update_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientAuthorizationUpdateResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
}

impl std::fmt::Debug for ClientAuthorizationUpdateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuthorizationUpdateResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .finish()
    }
}

/// `client_authorization_delete_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ClientAuthorizationDeleteResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_api_key: Option<i64>,
    /// Get the client ID.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// Get the subject (= unique identifier) of the user who has granted authorization to the
    /// client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Get the scopes granted to the client application by the last authorization process by the
    /// user (who is identified by the subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest_granted_scopes: Option<Vec<String>>,
    /// Get the scopes granted to the client application by all the past authorization processes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_granted_scopes: Option<Vec<String>>,
    /// Get the timestamp in milliseconds since Unix epoch at which this record was modified.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<i64>,
}

impl std::fmt::Debug for ClientAuthorizationDeleteResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientAuthorizationDeleteResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("service_api_key", &self.service_api_key)
            .field("client_id", &self.client_id)
            .field("subject", &self.subject)
            .field("latest_granted_scopes", &self.latest_granted_scopes)
            .field("merged_granted_scopes", &self.merged_granted_scopes)
            .field("modified_at", &self.modified_at)
            .finish()
    }
}
