//! The authorization endpoint family: `/auth/authorization`, `/auth/authorization/issue` and `/auth/authorization/fail`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `authorization_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationRequest {
    /// OAuth 2.0 authorization request parameters which are the request parameters that the OAuth
    /// 2.0 authorization endpoint of the authorization server implementation received from the
    /// client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// The arbitrary text to be attached to the ticket that will be issued from the
    /// `/auth/authorization` API.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub context: Option<String>,
    /// Options for OAuth Client ID Metadata Document (CIMD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cimd_options: Option<serde_json::Value>,
}

impl std::fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("parameters", &crate::dto::Redacted(&self.parameters))
            .field("context", &self.context)
            .field("cimd_options", &self.cimd_options)
            .finish()
    }
}

/// `authorization_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuthorizationAction>,
    /// `client`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<Client>,
    /// The display mode which the client application requests by `display` request parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<Display>,
    /// The maximum authentication age. This value comes from `max_age` request parameter, or
    /// `defaultMaxAge` configuration parameter of the client application when the authorization
    /// request does not contain `max_age` request parameter.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<i64>,
    /// `service`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<serde_json::Value>,
    /// The scopes that the client application requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<Scope>>,
    /// The locales that the client application presented as candidates to be used for UI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ui_locales: Option<Vec<String>>,
    /// End-user's preferred languages and scripts for claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_locales: Option<Vec<String>>,
    /// The list of claims that the client application requests to be embedded in the ID token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<String>>,
    /// This boolean value indicates whether the authentication of the end-user must be one of the
    /// ACRs (Authentication Context Class References) listed in `acrs` parameter.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub acr_essential: bool,
    /// `true` if the value of the `client_id` request parameter included in the authorization
    /// request is the client ID alias.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The list of ACRs (Authentication Context Class References) one of which the client
    /// application requests to be satisfied for the authentication of the end-user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acrs: Option<Vec<String>>,
    /// The subject (= unique user ID managed by the authorization server implementation) that the
    /// client application expects to grant authorization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// A hint about the login identifier of the end-user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_hint: Option<String>,
    /// The list of values of prompt request parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompts: Option<Vec<Prompt>>,
    /// The prompt that the UI displayed to the end-user must satisfy as the minimum level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest_prompt: Option<Prompt>,
    /// The payload part of the request object. The value of this proprty is `null` if the
    /// authorization request does not include a request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_payload: Option<String>,
    /// The value of the `id_token` property in the claims request parameter or in the claims
    /// property in a request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_claims: Option<String>,
    /// The value of the `userinfo` property in the `claims` request parameter or in the `claims`
    /// property in a request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_claims: Option<String>,
    /// The resources specified by the `resource` request parameters or by the `resource` property
    /// in the request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
    /// The `purpose` request parameter is defined in 9.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// A ticket issued by Authlete to the service implementation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
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
    /// Names of claims that are requested indirectly by *"transformed claims"*.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_claims_for_tx: Option<Vec<String>>,
    /// Names of verified claims that will be referenced when transformed claims are computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_verified_claims_for_tx: Option<Vec<Vec<String>>>,
    /// the value of the `transformed_claims` property in the `claims` request parameter of an
    /// authorization request or in the `claims` property in a request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformed_claims: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// The list of claims that the client application requests to be embedded in userinfo
    /// responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims_at_user_info: Option<Vec<String>>,
    /// `credentialOfferInfo`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_offer_info: Option<serde_json::Value>,
    /// The information about the **issuable credentials** that can be obtained by presenting the
    /// access token that will be issued as a result of the authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuable_credentials: Option<String>,
    /// Flag which indicates whether Native SSO is requested.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub native_sso_requested: bool,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for AuthorizationResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("client", &self.client)
            .field("display", &self.display)
            .field("max_age", &self.max_age)
            .field("service", &self.service)
            .field("scopes", &self.scopes)
            .field("ui_locales", &self.ui_locales)
            .field("claims_locales", &self.claims_locales)
            .field("claims", &self.claims)
            .field("acr_essential", &self.acr_essential)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field("acrs", &self.acrs)
            .field("subject", &self.subject)
            .field("login_hint", &self.login_hint)
            .field("prompts", &self.prompts)
            .field("lowest_prompt", &self.lowest_prompt)
            .field(
                "request_object_payload",
                &crate::dto::Redacted(&self.request_object_payload),
            )
            .field("id_token_claims", &self.id_token_claims)
            .field("user_info_claims", &self.user_info_claims)
            .field("resources", &self.resources)
            .field("authorization_details", &self.authorization_details)
            .field("purpose", &self.purpose)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("dynamic_scopes", &self.dynamic_scopes)
            .field("gm_action", &self.gm_action)
            .field("grant_id", &self.grant_id)
            .field("grant", &self.grant)
            .field("grant_subject", &self.grant_subject)
            .field("requested_claims_for_tx", &self.requested_claims_for_tx)
            .field(
                "requested_verified_claims_for_tx",
                &self.requested_verified_claims_for_tx,
            )
            .field("transformed_claims", &self.transformed_claims)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field("claims_at_user_info", &self.claims_at_user_info)
            .field("credential_offer_info", &self.credential_offer_info)
            .field("issuable_credentials", &self.issuable_credentials)
            .field("native_sso_requested", &self.native_sso_requested)
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}

/// `authorization_issue_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationIssueRequest {
    /// The ticket issued from Authlete `/auth/authorization` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The subject (= a user account managed by the service) who has granted authorization to the
    /// client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub subject: String,
    /// The time when the authentication of the end-user occurred.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    /// The Authentication Context Class Reference performed for the end-user authentication.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub acr: Option<String>,
    /// The claims of the end-user (= pieces of information about the end-user) in JSON format.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub claims: Option<String>,
    /// Extra properties to associate with an access token and/or an authorization code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// Scopes to associate with an access token and/or an authorization code.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
    /// The value of the `sub` claim to embed in an ID token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub sub: Option<String>,
    /// JSON that represents additional JWS header parameters for ID tokens that may be issued based
    /// on the authorization request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub idt_header_params: Option<String>,
    /// Claim key-value pairs that are used to compute transformed claims.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub claims_for_tx: Option<String>,
    /// the claims that the user has consented for the client application to know.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub consented_claims: Option<Vec<String>>,
    /// The authorization details. This represents the value of the `authorization_details` request
    /// parameter in the preceding device authorization request which is defined in "OAuth 2.0 Rich
    /// Authorization Requests".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details: Option<serde_json::Value>,
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
    /// The session ID of the user's authentication session.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub session_id: Option<String>,
    /// The type of the `aud` claim of the ID token being issued.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub id_token_aud_type: Option<String>,
    /// Values of verified claims requested indirectly by "transformed claims".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub verified_claims_for_tx: Option<Vec<String>>,
}

impl std::fmt::Debug for AuthorizationIssueRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationIssueRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("subject", &self.subject)
            .field("auth_time", &self.auth_time)
            .field("acr", &self.acr)
            .field("claims", &self.claims)
            .field("properties", &self.properties)
            .field("scopes", &self.scopes)
            .field("sub", &self.sub)
            .field("idt_header_params", &self.idt_header_params)
            .field("claims_for_tx", &self.claims_for_tx)
            .field("consented_claims", &self.consented_claims)
            .field("authorization_details", &self.authorization_details)
            .field("jwt_at_claims", &self.jwt_at_claims)
            .field("access_token", &crate::dto::Redacted(&self.access_token))
            .field("access_token_duration", &self.access_token_duration)
            .field("session_id", &self.session_id)
            .field("id_token_aud_type", &self.id_token_aud_type)
            .field("verified_claims_for_tx", &self.verified_claims_for_tx)
            .finish()
    }
}

/// `authorization_issue_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationIssueResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuthorizationIssueAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The newly issued access token. Note that an access token is issued from an authorization
    /// endpoint only when `response_type` contains token.
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
    /// The newly issued ID token. Note that an ID token is issued from an authorization endpoint
    /// only when `response_type` contains `id_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// The newly issued authorization code. Note that an authorization code is issued only when
    /// `response_type` contains code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
    /// The newly issued access token in JWT format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_access_token: Option<String>,
    /// The information about the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket_info: Option<AuthorizationTicketInfo>,
}

impl std::fmt::Debug for AuthorizationIssueResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationIssueResponse")
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
            .field("id_token", &crate::dto::Redacted(&self.id_token))
            .field(
                "authorization_code",
                &crate::dto::Redacted(&self.authorization_code),
            )
            .field(
                "jwt_access_token",
                &crate::dto::Redacted(&self.jwt_access_token),
            )
            .field("ticket_info", &self.ticket_info)
            .finish()
    }
}

/// `authorization_fail_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationFailRequest {
    /// The ticket issued from Authlete `/auth/authorization` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The reason of the failure of the authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<AuthorizationFailReason>,
    /// The custom description about the authorization failure.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub description: Option<String>,
}

impl std::fmt::Debug for AuthorizationFailRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationFailRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("reason", &self.reason)
            .field("description", &self.description)
            .finish()
    }
}

/// `authorization_fail_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationFailResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuthorizationIssueAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
}

impl std::fmt::Debug for AuthorizationFailResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationFailResponse")
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
