//! The token endpoint family: `/auth/token`, `/auth/token/issue` and `/auth/token/fail`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `token_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenRequest {
    /// OAuth 2.0 token request parameters which are the request parameters that the OAuth 2.0 token
    /// endpoint of the authorization server implementation received from the client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// The client ID extracted from `Authorization` header of the token request from the client
    /// application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_id: Option<String>,
    /// The client secret extracted from `Authorization` header of the token request from the client
    /// application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_secret: Option<String>,
    /// The client certificate from the MTLS of the token request from the client application.
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
    /// Extra properties to associate with an access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub properties: Option<String>,
    /// `DPoP` header presented by the client during the request to the token endpoint.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop: Option<String>,
    /// HTTP method of the token request. This field is used to validate the `DPoP` header.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htm: Option<String>,
    /// URL of the token endpoint. This field is used to validate the `DPoP` header.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htu: Option<String>,
    /// The representation of an access token that may be issued as a result of the Authlete API
    /// call.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub access_token: Option<String>,
    /// Additional claims that are added to the payload part of the JWT access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub jwt_at_claims: Option<String>,
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
    /// The duration (in seconds) of the access token that may be issued as a result of the Authlete
    /// API call.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_duration: Option<i64>,
    /// The duration (in seconds) of the refresh token that may be issued as a result of the
    /// Authlete API call.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_duration: Option<i64>,
    /// The flag indicating whether to require the DPoP proof JWT to include the `nonce` claim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce_required: Option<bool>,
    /// Options for OAuth Client ID Metadata Document (CIMD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cimd_options: Option<serde_json::Value>,
}

impl std::fmt::Debug for TokenRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenRequest")
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
            .field("properties", &self.properties)
            .field("dpop", &crate::dto::Redacted(&self.dpop))
            .field("htm", &self.htm)
            .field("htu", &self.htu)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("jwt_at_claims", &self.jwt_at_claims)
            .field(
                "oauth_client_attestation",
                &crate::dto::Redacted(&self.oauth_client_attestation),
            )
            .field(
                "oauth_client_attestation_pop",
                &crate::dto::Redacted(&self.oauth_client_attestation_pop),
            )
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("dpop_nonce_required", &self.dpop_nonce_required)
            .field("cimd_options", &self.cimd_options)
            .finish()
    }
}

/// `token_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TokenAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The value of `username` request parameter in the token request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The value of `password` request parameter in the token request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// The ticket which is necessary to call Authlete's `/auth/token/fail` API or
    /// `/auth/token/issue` API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// The newly issued access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The datetime at which the newly issued access token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<i64>,
    /// The duration of the newly issued access token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_duration: Option<i64>,
    /// The newly issued refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The datetime at which the newly issued refresh token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at: Option<i64>,
    /// The duration of the newly issued refresh token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_duration: Option<i64>,
    /// The newly issued ID token. Note that an ID token is issued from a token endpoint only when
    /// the `response_type` request parameter of the authorization request to an authorization
    /// endpoint has contained `code` and the `scope` request parameter has contained `openid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// The grant type of the token request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<String>,
    /// The client ID.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias when the token request was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// The flag which indicates whether the client ID alias was used when the token request was
    /// made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The subject (= resource owner's ID) of the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The scopes covered by the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The newly issued access token in JWT format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_access_token: Option<String>,
    /// The resources specified by the `resource` request parameters in the token request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    /// The target resources of the access token being issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_resources: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// Additional claims to be embedded in an ID token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_claims: Option<String>,
    /// The attributes of this service that the client application belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_attributes: Option<Vec<Pair>>,
    /// The attributes of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_attributes: Option<Vec<Pair>>,
    /// The client authentication method that was performed at the token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<String>,
    /// the value of the `grant_id` request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    /// The audiences on the token exchange request
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audiences: Option<Vec<String>>,
    /// The token type identifier used in OAuth 2.0 Token Exchange (RFC 8693).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_token_type: Option<TokenType>,
    /// `subjectToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_token: Option<String>,
    /// The token type identifier used in OAuth 2.0 Token Exchange (RFC 8693).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_token_type: Option<TokenType>,
    /// `subjectTokenInfo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_token_info: Option<TokenInfo>,
    /// `actorToken`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_token: Option<String>,
    /// The token type identifier used in OAuth 2.0 Token Exchange (RFC 8693).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_token_type: Option<TokenType>,
    /// `actorTokenInfo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_token_info: Option<TokenInfo>,
    /// For RFC 7523 JSON Web Token (JWT) Profile for OAuth 2.0 Client Authentication and
    /// Authorization Grants
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assertion: Option<String>,
    /// Indicate whether the previous refresh token that had been kept in the database for a short
    /// time was used
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub previous_refresh_token_used: bool,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// Duration of the `c_nonce` in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnonce_duration: Option<i64>,
    /// Get the expected nonce value for DPoP proof JWT, which should be used as the value of the
    /// `DPoP-Nonce` HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce: Option<String>,
    /// Get the `c_nonce`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnonce: Option<String>,
    /// Get the time at which the `c_nonce` expires in milliseconds since the Unix epoch
    /// (1970-01-01).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnonce_expires_at: Option<i64>,
    /// Get the names of the claims that the authorization request (which resulted in generation of
    /// the access token) requested to be embedded in ID tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_id_token_claims: Option<Vec<String>>,
    /// Scopes associated with the refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_scopes: Option<Vec<String>>,
    /// The session ID, which is the ID of the user's authentication session, associated with a
    /// newly created access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// If the response from the `/auth/token` API contains the `deviceSecret` parameter, its value
    /// should be used as the value of this `deviceSecret` request parameter to the `/nativesso`
    /// API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_secret: Option<String>,
    /// The authorization server should compute the hash value of the device secret based on its own
    /// logic and specify the computed hash as the value of this `deviceSecretHash` request
    /// parameter to the `/nativesso` API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_secret_hash: Option<String>,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("username", &self.username)
            .field("password", &crate::dto::Redacted(&self.password))
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token", &crate::dto::Redacted(&self.refresh_token))
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("id_token", &crate::dto::Redacted(&self.id_token))
            .field("grant_type", &self.grant_type)
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("properties", &self.properties)
            .field(
                "jwt_access_token",
                &crate::dto::Redacted(&self.jwt_access_token),
            )
            .field("resources", &self.resources)
            .field("access_token_resources", &self.access_token_resources)
            .field("authorization_details", &self.authorization_details)
            .field("additional_claims", &self.additional_claims)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("client_auth_method", &self.client_auth_method)
            .field("grant_id", &self.grant_id)
            .field("audiences", &self.audiences)
            .field("requested_token_type", &self.requested_token_type)
            .field("subject_token", &crate::dto::Redacted(&self.subject_token))
            .field("subject_token_type", &self.subject_token_type)
            .field("subject_token_info", &self.subject_token_info)
            .field("actor_token", &crate::dto::Redacted(&self.actor_token))
            .field("actor_token_type", &self.actor_token_type)
            .field("actor_token_info", &self.actor_token_info)
            .field("assertion", &crate::dto::Redacted(&self.assertion))
            .field(
                "previous_refresh_token_used",
                &self.previous_refresh_token_used,
            )
            .field("client_entity_id", &self.client_entity_id)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field("cnonce_duration", &self.cnonce_duration)
            .field("dpop_nonce", &self.dpop_nonce)
            .field("cnonce", &self.cnonce)
            .field("cnonce_expires_at", &self.cnonce_expires_at)
            .field("requested_id_token_claims", &self.requested_id_token_claims)
            .field("refresh_token_scopes", &self.refresh_token_scopes)
            .field("session_id", &self.session_id)
            .field("device_secret", &crate::dto::Redacted(&self.device_secret))
            .field(
                "device_secret_hash",
                &crate::dto::Redacted(&self.device_secret_hash),
            )
            .field(
                "metadata_document_location",
                &self.metadata_document_location,
            )
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}

/// `token_issue_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenIssueRequest {
    /// The ticket issued from Authlete `/auth/token` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The subject (= unique identifier) of the authenticated user.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub subject: String,
    /// Extra properties to associate with a newly created access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// Additional claims that are added to the payload part of the JWT access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub jwt_at_claims: Option<String>,
    /// The representation of an access token that may be issued as a result of the Authlete API
    /// call.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub access_token: Option<String>,
    /// The duration (in seconds) of the access token that may be issued as a result of the Authlete
    /// API call.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_duration: Option<i64>,
    /// The duration (in seconds) of the refresh token that may be issued as a result of the
    /// Authlete API call.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_duration: Option<i64>,
}

impl std::fmt::Debug for TokenIssueRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenIssueRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("subject", &self.subject)
            .field("properties", &self.properties)
            .field("jwt_at_claims", &self.jwt_at_claims)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .finish()
    }
}

/// `token_issue_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenIssueResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TokenIssueAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The newly issued access token. This parameter is a non-null value only when the value of
    /// `action` parameter is `OK`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The datetime at which the newly issued access token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_expires_at: Option<i64>,
    /// The duration of the newly issued access token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_duration: Option<i64>,
    /// The refresh token. This parameter is a non-null value only when `action` is `OK` and the
    /// service supports the refresh token flow. If `refreshTokenKept` is set to `false`, a new
    /// refresh token is issued and the old refresh token used in the refresh token flow is
    /// invalidated. On the contrary, if `refreshTokenKept` is set to `true`, the refresh token
    /// itself is not refreshed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The datetime at which the newly issued refresh token will expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_expires_at: Option<i64>,
    /// The duration of the newly issued refresh token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_duration: Option<i64>,
    /// The client ID.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias. If the client did not have an alias, this parameter is `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// The flag which indicates whether the client ID alias was used when the token request was
    /// made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The subject (= resource owner's ID) of the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The scopes covered by the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The newly issued access token in JWT format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_access_token: Option<String>,
    /// The target resources of the access token being issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_resources: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// The attributes of this service that the client application belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_attributes: Option<Vec<Pair>>,
    /// The attributes of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_attributes: Option<Vec<Pair>>,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// The scopes associated with the refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_scopes: Option<Vec<String>>,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for TokenIssueResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenIssueResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_expires_at", &self.access_token_expires_at)
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token", &crate::dto::Redacted(&self.refresh_token))
            .field("refresh_token_expires_at", &self.refresh_token_expires_at)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("properties", &self.properties)
            .field(
                "jwt_access_token",
                &crate::dto::Redacted(&self.jwt_access_token),
            )
            .field("access_token_resources", &self.access_token_resources)
            .field("authorization_details", &self.authorization_details)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("client_entity_id", &self.client_entity_id)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field("refresh_token_scopes", &self.refresh_token_scopes)
            .field(
                "metadata_document_location",
                &self.metadata_document_location,
            )
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}

/// `token_fail_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenFailRequest {
    /// The ticket issued from Authlete `/auth/token` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The reason of the failure of the token request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<TokenFailReason>,
}

impl std::fmt::Debug for TokenFailRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenFailRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("reason", &self.reason)
            .finish()
    }
}

/// `token_fail_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenFailResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<TokenFailAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
}

impl std::fmt::Debug for TokenFailResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenFailResponse")
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

/// `token_info` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenInfo {
    /// The client id.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The alias of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// Flag specifying if the alias was used to identify the client
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias_used: Option<bool>,
    /// the resource owner unique id
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The scopes granted on the token
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    /// time which the token expires.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// Extra properties associated with the token
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The array of the resources of the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    /// `authorizationDetails`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id_used: Option<bool>,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_used: Option<bool>,
}

impl std::fmt::Debug for TokenInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenInfo")
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("expires_at", &self.expires_at)
            .field("properties", &self.properties)
            .field("resources", &self.resources)
            .field("authorization_details", &self.authorization_details)
            .field("client_entity_id", &self.client_entity_id)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field(
                "metadata_document_location",
                &self.metadata_document_location,
            )
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}
