//! Token management: `/auth/token/create`, `/auth/token/update`, `/auth/token/delete/{accessTokenIdentifier}`, `/auth/token/revoke`, `/auth/token/get/list`, `/auth/token/create/batch` and its `/status/{tokenBatchRequestId}`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `token_create_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenCreateRequest {
    /// The grant type of the access token when the access token was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<GrantType>,
    /// The ID of the client application which will be associated with a newly created access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The subject (= unique identifier) of the user who will be associated with a newly created
    /// access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub subject: Option<String>,
    /// The scopes which will be associated with a newly created access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
    /// The duration of a newly created access token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_duration: Option<i64>,
    /// The duration of a newly created refresh token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_duration: Option<i64>,
    /// Extra properties to associate with a newly created access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// A boolean request parameter which indicates whether to emulate that the client ID alias is
    /// used instead of the original numeric client ID when a new access token is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias_used: Option<bool>,
    /// The value of the new access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub access_token: Option<String>,
    /// The value of the new refresh token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub refresh_token: Option<String>,
    /// Get whether the access token expires or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_persistent: Option<bool>,
    /// The thumbprint of the MTLS certificate bound to this token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub certificate_thumbprint: Option<String>,
    /// The thumbprint of the public key used for DPoP presentation of this token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop_key_thumbprint: Option<String>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// The value of the resources to associate with the token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub resources: Option<Vec<String>>,
    /// the flag which indicates whether the access token is for an external attachment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_external_attachment: Option<bool>,
    /// Additional claims that are added to the payload part of the JWT access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub jwt_at_claims: Option<String>,
    /// The Authentication Context Class Reference of the user authentication that the authorization
    /// server performed during the course of issuing the access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub acr: Option<String>,
    /// The time when the user authentication was performed during the course of issuing the access
    /// token.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id_used: Option<bool>,
    /// The client Identifier associated with the newly issued access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_identifier: Option<String>,
    /// The session ID, which is the ID of the user's authentication session, associated with a
    /// newly created access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub session_id: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_used: Option<bool>,
}

impl std::fmt::Debug for TokenCreateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCreateRequest")
            .field("grant_type", &self.grant_type)
            .field("client_id", &self.client_id)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("properties", &self.properties)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("refresh_token", &crate::dto::Redacted(&self.refresh_token))
            .field("access_token_persistent", &self.access_token_persistent)
            .field("certificate_thumbprint", &self.certificate_thumbprint)
            .field("dpop_key_thumbprint", &self.dpop_key_thumbprint)
            .field("authorization_details", &self.authorization_details)
            .field("resources", &self.resources)
            .field("for_external_attachment", &self.for_external_attachment)
            .field("jwt_at_claims", &self.jwt_at_claims)
            .field("acr", &self.acr)
            .field("auth_time", &self.auth_time)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field("client_identifier", &self.client_identifier)
            .field("session_id", &self.session_id)
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}

/// `token_create_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenCreateResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TokenCreateAction>,
    /// The newly issued access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The ID of the client application associated with the access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The time at which the access token expires.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The duration of the newly issued access token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// The grant type for the newly issued access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The newly issued refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Scopes which are associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The subject (= unique identifier) of the user associated with the newly issued access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The token type of the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// If the authorization server is configured to issue JWT-based access tokens (= if
    /// `Service.accessTokenSignAlg` is set to a `non-null` value), a JWT-based access token is
    /// issued along with the original random-string one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_access_token: Option<String>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// the flag which indicates whether the access token is for an external attachment.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub for_external_attachment: bool,
    /// Set the unique token identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    /// The scopes associated with the refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_scopes: Option<Vec<String>>,
    /// The client Identifier that will be associated with a newly created access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_identifier: Option<String>,
    /// The session ID associated with a newly created access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

impl std::fmt::Debug for TokenCreateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCreateResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("client_id", &self.client_id)
            .field("expires_at", &self.expires_at)
            .field("expires_in", &self.expires_in)
            .field("grant_type", &self.grant_type)
            .field("properties", &self.properties)
            .field("refresh_token", &crate::dto::Redacted(&self.refresh_token))
            .field("scopes", &self.scopes)
            .field("subject", &self.subject)
            .field("token_type", &self.token_type)
            .field(
                "jwt_access_token",
                &crate::dto::Redacted(&self.jwt_access_token),
            )
            .field("authorization_details", &self.authorization_details)
            .field("for_external_attachment", &self.for_external_attachment)
            .field("token_id", &self.token_id)
            .field("refresh_token_scopes", &self.refresh_token_scopes)
            .field("client_identifier", &self.client_identifier)
            .field("session_id", &self.session_id)
            .finish()
    }
}

/// `token_update_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenUpdateRequest {
    /// An access token.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub access_token: String,
    /// A new date at which the access token will expire in milliseconds since the Unix epoch
    /// (1970-01-01).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<i64>,
    /// A new set of scopes assigned to the access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
    /// A new set of properties assigned to the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// A boolean request parameter which indicates whether the API attempts to update the
    /// expiration date of the access token when the scopes linked to the access token are changed
    /// by this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at_updated_on_scope_update: Option<bool>,
    /// The hash of the access token value. Used when the hash of the token is known (perhaps from
    /// lookup) but the value of the token itself is not. The value of the `accessToken` parameter
    /// takes precedence.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub access_token_hash: Option<String>,
    /// A boolean request parameter which indicates whether to update the value of the access token
    /// in the data store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_value_updated: Option<bool>,
    /// The flag which indicates whether the access token expires or not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_persistent: Option<bool>,
    /// The thumbprint of the MTLS certificate bound to this token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub certificate_thumbprint: Option<String>,
    /// The thumbprint of the public key used for DPoP presentation of this token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop_key_thumbprint: Option<String>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// the flag which indicates whether the access token is for an external attachment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub for_external_attachment: Option<bool>,
    /// A new date at which the access token will expire in milliseconds since the Unix epoch
    /// (1970-01-01).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at: Option<i64>,
    /// A boolean request parameter which indicates whether the API attempts to update the
    /// expiration date of the refresh token when the scopes linked to the refresh token are changed
    /// by this request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at_updated_on_scope_update: Option<bool>,
    /// The token identifier.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub token_id: Option<String>,
}

impl std::fmt::Debug for TokenUpdateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenUpdateRequest")
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("scopes", &self.scopes)
            .field("properties", &self.properties)
            .field(
                "access_token_expires_at_updated_on_scope_update",
                &self.access_token_expires_at_updated_on_scope_update,
            )
            .field(
                "access_token_hash",
                &crate::dto::Redacted(&self.access_token_hash),
            )
            .field(
                "access_token_value_updated",
                &self.access_token_value_updated,
            )
            .field("access_token_persistent", &self.access_token_persistent)
            .field("certificate_thumbprint", &self.certificate_thumbprint)
            .field("dpop_key_thumbprint", &self.dpop_key_thumbprint)
            .field("authorization_details", &self.authorization_details)
            .field("for_external_attachment", &self.for_external_attachment)
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .field(
                "refresh_token_expires_at_updated_on_scope_update",
                &self.refresh_token_expires_at_updated_on_scope_update,
            )
            .field("token_id", &self.token_id)
            .finish()
    }
}

/// `token_update_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenUpdateResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TokenUpdateAction>,
    /// The access token which has been specified by the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The date at which the access token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<i64>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The scopes associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// The token type associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// the flag which indicates whether the access token is for an external attachment.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub for_external_attachment: bool,
    /// Set the unique token identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_id: Option<String>,
    /// The datetime at which the newly issued refresh token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at: Option<i64>,
}

impl std::fmt::Debug for TokenUpdateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenUpdateResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("properties", &self.properties)
            .field("scopes", &self.scopes)
            .field("authorization_details", &self.authorization_details)
            .field("token_type", &self.token_type)
            .field("for_external_attachment", &self.for_external_attachment)
            .field("token_id", &self.token_id)
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .finish()
    }
}

/// `token_revoke_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenRevokeRequest {
    /// The identifier of an access token to revoke
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub access_token_identifier: Option<String>,
    /// The identifier of a refresh token to revoke.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub refresh_token_identifier: Option<String>,
    /// The client ID of the access token to be revoked.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_identifier: Option<String>,
    /// The subject of a resource owner.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub subject: Option<String>,
}

impl std::fmt::Debug for TokenRevokeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRevokeRequest")
            .field(
                "access_token_identifier",
                &crate::dto::Redacted(&self.access_token_identifier),
            )
            .field(
                "refresh_token_identifier",
                &crate::dto::Redacted(&self.refresh_token_identifier),
            )
            .field("client_identifier", &self.client_identifier)
            .field("subject", &self.subject)
            .finish()
    }
}

/// `token_revoke_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenRevokeResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The number of tokens revoked
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
}

impl std::fmt::Debug for TokenRevokeResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRevokeResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("count", &self.count)
            .finish()
    }
}

/// `token_get_list_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenGetListResponse {
    /// Start index of search results (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// End index of search results (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    /// Unique ID of a client developer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// `client`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Client>,
    /// Unique user ID of an end-user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// An array of access tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_tokens: Option<Vec<AccessToken>>,
}

impl std::fmt::Debug for TokenGetListResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenGetListResponse")
            .field("start", &self.start)
            .field("end", &self.end)
            .field("total_count", &self.total_count)
            .field("client", &self.client)
            .field("subject", &self.subject)
            .field("access_tokens", &self.access_tokens)
            .finish()
    }
}

/// `access_token` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AccessToken {
    /// The hash of the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_hash: Option<String>,
    /// The timestamp at which the access token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<i64>,
    /// The hash of the refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_hash: Option<String>,
    /// The timestamp at which the refresh token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at: Option<i64>,
    /// The timestamp at which the access token was first created.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The timestamp at which the access token was last refreshed using the refresh token.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_refreshed_at: Option<i64>,
    /// The ID of the client associated with the access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The subject (= unique user ID) associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The grant type of the access token when the access token was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<GrantType>,
    /// The scopes associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The scopes associated with the refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessToken")
            .field(
                "access_token_hash",
                &crate::dto::Redacted(&self.access_token_hash),
            )
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field(
                "refresh_token_hash",
                &crate::dto::Redacted(&self.refresh_token_hash),
            )
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .field("created_at", &self.created_at)
            .field("last_refreshed_at", &self.last_refreshed_at)
            .field("client_id", &self.client_id)
            .field("subject", &self.subject)
            .field("grant_type", &self.grant_type)
            .field("scopes", &self.scopes)
            .field("properties", &self.properties)
            .field("refresh_token_scopes", &self.refresh_token_scopes)
            .finish()
    }
}

/// Response from a token create batch request.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenCreateBatchResponse {
    /// The result code of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// The result message of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The ID of the issued token batch request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl std::fmt::Debug for TokenCreateBatchResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCreateBatchResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("request_id", &self.request_id)
            .finish()
    }
}

/// Response from a token create batch status request.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenCreateBatchStatusResponse {
    /// The result code of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// The result message of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// Status of a token batch operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TokenBatchStatus>,
}

impl std::fmt::Debug for TokenCreateBatchStatusResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCreateBatchStatusResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("status", &self.status)
            .finish()
    }
}

/// Status of a token batch operation.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenBatchStatus {
    /// The kind of batch operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_kind: Option<TokenBatchKind>,
    /// The request ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The result of the batch operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<TokenBatchResult>,
    /// The error code if the operation failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The error description if the operation failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// The number of tokens processed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_count: Option<i64>,
    /// The time at which the batch operation was created (timestamp).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The time at which the batch operation was last modified (timestamp).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<i64>,
}

impl std::fmt::Debug for TokenBatchStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenBatchStatus")
            .field("batch_kind", &self.batch_kind)
            .field("request_id", &self.request_id)
            .field("result", &self.result)
            .field("error_code", &self.error_code)
            .field("error_description", &self.error_description)
            .field("token_count", &self.token_count)
            .field("created_at", &self.created_at)
            .field("modified_at", &self.modified_at)
            .finish()
    }
}
