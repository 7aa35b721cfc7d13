//! The device authorization grant (RFC 8628): `/device/authorization`, `/device/verification` and `/device/complete`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `device_authorization_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceAuthorizationRequest {
    /// Parameters of a device authorization request which are the request parameters that the
    /// device authorization endpoint of the authorization server implementation received from the
    /// client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// The client ID extracted from Authorization header of the device authorization request from
    /// the client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_id: Option<String>,
    /// The client secret extracted from `Authorization` header of the device authorization request
    /// from the client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_secret: Option<String>,
    /// The client certificate used in the TLS connection between the client application and the
    /// device authorization endpoint of the authorization server.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_certificate: Option<String>,
    /// The client certificate path presented by the client during client authentication.
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
    /// Options for OAuth Client ID Metadata Document (CIMD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cimd_options: Option<serde_json::Value>,
}

impl std::fmt::Debug for DeviceAuthorizationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorizationRequest")
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
            .field("cimd_options", &self.cimd_options)
            .finish()
    }
}

/// `device_authorization_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceAuthorizationResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<DeviceAuthorizationAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The client ID of the client application that has made the device authorization request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias of the client application that has made the device authorization
    /// request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// `true` if the value of the client_id request parameter included in the device authorization
    /// request is the client ID alias.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The name of the client application which has made the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The client authentication method that should be performed at the device authorization
    /// endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<String>,
    /// The scopes requested by the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    /// The names of the claims which were requested indirectly via some special scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_names: Option<Vec<String>>,
    /// The list of ACR values requested by the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acrs: Option<Vec<String>>,
    /// The device verification code. This corresponds to the `device_code` property in the response
    /// to the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_code: Option<String>,
    /// The end-user verification code. This corresponds to the `user_code` property in the response
    /// to the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_code: Option<String>,
    /// The end-user verification URI. This corresponds to the `verification_uri` property in the
    /// response to the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_uri: Option<String>,
    /// The end-user verification URI that includes the end-user verification code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_uri_complete: Option<String>,
    /// The duration of the device verification code in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// The minimum amount of time in seconds that the client must wait for between polling requests
    /// to the token endpoint.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i64>,
    /// The warnings raised during processing the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<String>>,
    /// The resources specified by the `resource` request parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
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
    /// The dynamic scopes which the client application requested by the scope request parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_scopes: Option<Vec<serde_json::Value>>,
    /// The grant management action of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gm_action: Option<GrantManagementAction>,
    /// the value of the `grant_id` request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    /// `grant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<Grant>,
    /// The subject identifying the user who has given the grant identified by the `grant\_id`
    /// request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_subject: Option<String>,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for DeviceAuthorizationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceAuthorizationResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("client_name", &self.client_name)
            .field("client_auth_method", &self.client_auth_method)
            .field("scopes", &self.scopes)
            .field("claim_names", &self.claim_names)
            .field("acrs", &self.acrs)
            .field("device_code", &crate::dto::Redacted(&self.device_code))
            .field("user_code", &crate::dto::Redacted(&self.user_code))
            .field("verification_uri", &self.verification_uri)
            .field("verification_uri_complete", &self.verification_uri_complete)
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .field("warnings", &self.warnings)
            .field("resources", &self.resources)
            .field("authorization_details", &self.authorization_details)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("dynamic_scopes", &self.dynamic_scopes)
            .field("gm_action", &self.gm_action)
            .field("grant_id", &self.grant_id)
            .field("grant", &self.grant)
            .field("grant_subject", &self.grant_subject)
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

/// `device_verification_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceVerificationRequest {
    /// A user code.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub user_code: String,
}

impl std::fmt::Debug for DeviceVerificationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceVerificationRequest")
            .field("user_code", &crate::dto::Redacted(&self.user_code))
            .finish()
    }
}

/// `device_verification_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceVerificationResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<DeviceVerificationAction>,
    /// The client ID of the client application to which the user code has been issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias of the client application to which the user code has been issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// `true` if the value of the `client_id` request parameter included in the device
    /// authorization request is the client ID alias.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The name of the client application to which the user code has been issued.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The scopes requested by the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    /// The names of the claims which were requested indirectly via some special scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_names: Option<Vec<String>>,
    /// The list of ACR values requested by the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acrs: Option<Vec<String>>,
    /// The resources specified by the `resource` request parameters or by the `resource` property
    /// in the request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
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
    /// The dynamic scopes which the client application requested by the scope request parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamic_scopes: Option<Vec<serde_json::Value>>,
    /// Get the date in milliseconds since the Unix epoch (1970-01-01) at which the user code will
    /// expire.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The grant management action of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gm_action: Option<GrantManagementAction>,
    /// the value of the `grant_id` request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    /// `grant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<Grant>,
    /// The subject identifying the user who has given the grant identified by the `grant\_id`
    /// request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_subject: Option<String>,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for DeviceVerificationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceVerificationResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("client_name", &self.client_name)
            .field("scopes", &self.scopes)
            .field("claim_names", &self.claim_names)
            .field("acrs", &self.acrs)
            .field("resources", &self.resources)
            .field("authorization_details", &self.authorization_details)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("dynamic_scopes", &self.dynamic_scopes)
            .field("expires_at", &self.expires_at)
            .field("gm_action", &self.gm_action)
            .field("grant_id", &self.grant_id)
            .field("grant", &self.grant)
            .field("grant_subject", &self.grant_subject)
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

/// `device_complete_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceCompleteRequest {
    /// A user code.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub user_code: String,
    /// The result of the end-user authentication and authorization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<DeviceCompleteResult>,
    /// The subject (= unique identifier) of the end-user.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub subject: String,
    /// The value of the sub claim that should be used in the ID token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub sub: Option<String>,
    /// The time at which the end-user was authenticated.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    /// The reference of the authentication context class which the end-user authentication
    /// satisfied.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub acr: Option<String>,
    /// Additional claims which will be embedded in the ID token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub claims: Option<String>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// Scopes to replace the scopes specified in the original device authorization request with.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
    /// The description of the error. If this optional request parameter is given, its value is used
    /// as the value of the `error_description` property, but it is used only when the result is not
    /// `AUTHORIZED`. To comply with the specification strictly, the description must not include
    /// characters outside the set `%x20-21 / %x23-5B / %x5D-7E`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub error_description: Option<String>,
    /// The URI of a document which describes the error in detail.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub error_uri: Option<String>,
    /// JSON that represents additional JWS header parameters for ID tokens.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub idt_header_params: Option<String>,
    /// the claims that the user has consented for the client application to know.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub consented_claims: Option<Vec<String>>,
    /// Additional claims that are added to the payload part of the JWT access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub jwt_at_claims: Option<String>,
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
    /// The type of the `aud` claim of the ID token being issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub id_token_aud_type: Option<String>,
}

impl std::fmt::Debug for DeviceCompleteRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceCompleteRequest")
            .field("user_code", &crate::dto::Redacted(&self.user_code))
            .field("result", &self.result)
            .field("subject", &self.subject)
            .field("sub", &self.sub)
            .field("auth_time", &self.auth_time)
            .field("acr", &self.acr)
            .field("claims", &self.claims)
            .field("properties", &self.properties)
            .field("scopes", &self.scopes)
            .field("error_description", &self.error_description)
            .field("error_uri", &self.error_uri)
            .field("idt_header_params", &self.idt_header_params)
            .field("consented_claims", &self.consented_claims)
            .field("jwt_at_claims", &self.jwt_at_claims)
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("id_token_aud_type", &self.id_token_aud_type)
            .finish()
    }
}

/// `device_complete_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DeviceCompleteResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<DeviceCompleteAction>,
}

impl std::fmt::Debug for DeviceCompleteResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceCompleteResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .finish()
    }
}
