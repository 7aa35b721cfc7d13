//! Client-initiated backchannel authentication (CIBA): `/backchannel/authentication` and its `/issue`, `/fail` and `/complete`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `backchannel_authentication_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationRequest {
    /// Parameters of a backchannel authentication request which are the request parameters that the
    /// backchannel authentication endpoint of the OpenID provider implementation received from the
    /// client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// The client ID extracted from Authorization header of the backchannel authentication request
    /// from the client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_id: Option<String>,
    /// The client secret extracted from Authorization header of the backchannel authentication
    /// request from the client application.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_secret: Option<String>,
    /// The client certification used in the TLS connection between the client application and the
    /// backchannel authentication endpoint of the OpenID provider.
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

impl std::fmt::Debug for BackchannelAuthenticationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationRequest")
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

/// `backchannel_authentication_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BackchannelAuthenticationAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The client ID of the client application that has made the backchannel authentication
    /// request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias of the client application that has made the backchannel authentication
    /// request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// `true` if the value of the client_id request parameter included in the backchannel
    /// authentication request is the client ID alias.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The name of the client application which has made the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// The scopes requested by the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    /// The names of the claims which were requested indirectly via some special scopes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim_names: Option<Vec<String>>,
    /// The client notification token included in the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_notification_token: Option<String>,
    /// The list of ACR values requested by the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acrs: Option<Vec<String>>,
    /// The type of the hint for end-user identification which was included in the backchannel
    /// authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint_type: Option<String>,
    /// The value of the hint for end-user identification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The value of the `sub` claim contained in the ID token hint included in the backchannel
    /// authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// The binding message included in the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding_message: Option<String>,
    /// The binding message included in the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_code: Option<String>,
    /// The flag which indicates whether a user code is required.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub user_code_required: bool,
    /// The requested expiry for the authentication request ID (`auth_req_id`).
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_expiry: Option<i64>,
    /// The request context of the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_context: Option<String>,
    /// The warnings raised during processing the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<String>>,
    /// The ticket which is necessary to call Authlete's `/auth/token/fail` API or
    /// `/auth/token/issue` API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
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
    /// `deliveryMode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_mode: Option<DeliveryMode>,
    /// The client authentication method that was performed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_auth_method: Option<String>,
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

impl std::fmt::Debug for BackchannelAuthenticationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationResponse")
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
            .field("scopes", &self.scopes)
            .field("claim_names", &self.claim_names)
            .field(
                "client_notification_token",
                &crate::dto::Redacted(&self.client_notification_token),
            )
            .field("acrs", &self.acrs)
            .field("hint_type", &self.hint_type)
            .field("hint", &self.hint)
            .field("sub", &self.sub)
            .field("binding_message", &self.binding_message)
            .field("user_code", &crate::dto::Redacted(&self.user_code))
            .field("user_code_required", &self.user_code_required)
            .field("requested_expiry", &self.requested_expiry)
            .field("request_context", &self.request_context)
            .field("warnings", &self.warnings)
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("resources", &self.resources)
            .field("authorization_details", &self.authorization_details)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("dynamic_scopes", &self.dynamic_scopes)
            .field("delivery_mode", &self.delivery_mode)
            .field("client_auth_method", &self.client_auth_method)
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

/// `backchannel_authentication_issue_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationIssueRequest {
    /// The ticket issued from Authlete's `/backchannel/authentication` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
}

impl std::fmt::Debug for BackchannelAuthenticationIssueRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationIssueRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .finish()
    }
}

/// `backchannel_authentication_issue_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationIssueResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BackchannelAuthenticationIssueAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The newly issued authentication request ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_req_id: Option<String>,
    /// The duration of the issued authentication request ID in seconds.
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
}

impl std::fmt::Debug for BackchannelAuthenticationIssueResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationIssueResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("auth_req_id", &crate::dto::Redacted(&self.auth_req_id))
            .field("expires_in", &self.expires_in)
            .field("interval", &self.interval)
            .finish()
    }
}

/// `backchannel_authentication_fail_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationFailRequest {
    /// The ticket which should be deleted on a call of Authlete's
    /// `/backchannel/authentication/fail` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The reason of the failure of the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<BackchannelAuthenticationFailReason>,
    /// The description of the error. This corresponds to the `error_description` property in the
    /// response to the client.
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
}

impl std::fmt::Debug for BackchannelAuthenticationFailRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationFailRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("reason", &self.reason)
            .field("error_description", &self.error_description)
            .field("error_uri", &self.error_uri)
            .finish()
    }
}

/// `backchannel_authentication_fail_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationFailResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BackchannelAuthenticationFailAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
}

impl std::fmt::Debug for BackchannelAuthenticationFailResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationFailResponse")
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

/// `backchannel_authentication_complete_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationCompleteRequest {
    /// The ticket issued by Authlete's `/backchannel/authentication` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The result of the end-user authentication and authorization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<BackchannelAuthenticationCompleteResult>,
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
    /// Scopes to replace the scopes specified in the original backchannel authentication request
    /// with.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
    /// JSON that represents additional JWS header parameters for ID tokens.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub idt_header_params: Option<String>,
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
    /// The type of the `aud` claim of the ID token being issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub id_token_aud_type: Option<String>,
}

impl std::fmt::Debug for BackchannelAuthenticationCompleteRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationCompleteRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("result", &self.result)
            .field("subject", &self.subject)
            .field("sub", &self.sub)
            .field("auth_time", &self.auth_time)
            .field("acr", &self.acr)
            .field("claims", &self.claims)
            .field("properties", &self.properties)
            .field("scopes", &self.scopes)
            .field("idt_header_params", &self.idt_header_params)
            .field("error_description", &self.error_description)
            .field("error_uri", &self.error_uri)
            .field("consented_claims", &self.consented_claims)
            .field("jwt_at_claims", &self.jwt_at_claims)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("id_token_aud_type", &self.id_token_aud_type)
            .finish()
    }
}

/// `backchannel_authentication_complete_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelAuthenticationCompleteResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BackchannelAuthenticationCompleteAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The client ID of the client application that has made the backchannel authentication
    /// request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias of the client application that has made the backchannel authentication
    /// request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// `true` if the value of the client_id request parameter included in the backchannel
    /// authentication request is the client ID alias.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The name of the client application which has made the backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// `deliveryMode`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_mode: Option<DeliveryMode>,
    /// The client notification endpoint to which a notification needs to be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_notification_endpoint: Option<String>,
    /// The client notification token which needs to be embedded as a Bearer token in the
    /// Authorization header in the notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_notification_token: Option<String>,
    /// The newly issued authentication request ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_req_id: Option<String>,
    /// The issued access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The issued refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// The issued ID token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// The duration of the access token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_duration: Option<i64>,
    /// The duration of the refresh token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_duration: Option<i64>,
    /// The duration of the ID token in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_duration: Option<i64>,
    /// The issued access token in JWT format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_access_token: Option<String>,
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
    /// the value of the `grant_id` request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
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

impl std::fmt::Debug for BackchannelAuthenticationCompleteResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthenticationCompleteResponse")
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
            .field("delivery_mode", &self.delivery_mode)
            .field(
                "client_notification_endpoint",
                &self.client_notification_endpoint,
            )
            .field(
                "client_notification_token",
                &crate::dto::Redacted(&self.client_notification_token),
            )
            .field("auth_req_id", &crate::dto::Redacted(&self.auth_req_id))
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("refresh_token", &crate::dto::Redacted(&self.refresh_token))
            .field("id_token", &crate::dto::Redacted(&self.id_token))
            .field("access_token_duration", &self.access_token_duration)
            .field("refresh_token_duration", &self.refresh_token_duration)
            .field("id_token_duration", &self.id_token_duration)
            .field(
                "jwt_access_token",
                &crate::dto::Redacted(&self.jwt_access_token),
            )
            .field("resources", &self.resources)
            .field("authorization_details", &self.authorization_details)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("grant_id", &self.grant_id)
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
