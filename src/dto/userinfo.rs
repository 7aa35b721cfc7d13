//! The UserInfo endpoint family: `/auth/userinfo` and `/auth/userinfo/issue`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `userinfo_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserInfoRequest {
    /// An access token.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub token: String,
    /// Client certificate used in the TLS connection established between the client application and
    /// the userinfo endpoint.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_certificate: Option<String>,
    /// `DPoP` header presented by the client during the request to the user info endpoint.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop: Option<String>,
    /// HTTP method of the user info request. This field is used to validate the DPoP header. In
    /// normal cases, the value is either `GET` or `POST`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htm: Option<String>,
    /// URL of the user info endpoint. This field is used to validate the DPoP header.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htu: Option<String>,
    /// The full URL of the userinfo endpoint.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub uri: Option<String>,
    /// The HTTP message body of the request, if present.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub message: Option<String>,
    /// HTTP headers to be included in processing the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<Pair>>,
    /// The target URI of the userinfo request, including the query part, if any.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub target_uri: Option<String>,
    /// The flag indicating whether to check if the DPoP proof JWT includes the expected `nonce`
    /// value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce_required: Option<bool>,
    /// The flag indicating whether the userinfo request contains a request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body_contained: Option<bool>,
}

impl std::fmt::Debug for UserInfoRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserInfoRequest")
            .field("token", &crate::dto::Redacted(&self.token))
            .field(
                "client_certificate",
                &crate::dto::Redacted(&self.client_certificate),
            )
            .field("dpop", &crate::dto::Redacted(&self.dpop))
            .field("htm", &self.htm)
            .field("htu", &self.htu)
            .field("uri", &self.uri)
            .field("message", &crate::dto::Redacted(&self.message))
            .field("headers", &self.headers)
            .field("target_uri", &self.target_uri)
            .field("dpop_nonce_required", &self.dpop_nonce_required)
            .field("request_body_contained", &self.request_body_contained)
            .finish()
    }
}

/// `userinfo_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserInfoResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<UserInfoAction>,
    /// The list of claims that the client application requests to be embedded in the ID token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claims: Option<Vec<String>>,
    /// The ID of the client application which is associated with the access token.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::number_or_numeric_string"
    )]
    pub client_id: Option<i64>,
    /// The client ID alias when the authorization request for the access token was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// The flag which indicates whether the client ID alias was used when the authorization request
    /// for the access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_id_alias_used: bool,
    /// The content that the authorization server implementation can use as the value of
    /// `WWW-Authenticate` header on errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The scopes covered by the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// The subject (= resource owner's ID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The access token that came along with the userinfo request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The value of the `userinfo` property in the `claims` request parameter or in the `claims`
    /// property in an authorization request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_claims: Option<String>,
    /// The attributes of this service that the client application belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_attributes: Option<Vec<Pair>>,
    /// The attributes of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_attributes: Option<Vec<Pair>>,
    /// the claims that the user has consented for the client application to know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consented_claims: Option<Vec<String>>,
    /// Get names of claims that are requested indirectly by *"transformed claims"*.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_claims_for_tx: Option<Vec<String>>,
    /// Names of verified claims that will be referenced when transformed claims are computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_verified_claims_for_tx: Option<Vec<Vec<String>>>,
    /// the value of the `transformed_claims` property in the `claims` request parameter of an
    /// authorization request or in the `claims` property in a request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transformed_claims: Option<String>,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// The expected nonce value for DPoP proof JWT, which should be used as the value of the
    /// `DPoP-Nonce` HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce: Option<String>,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for UserInfoResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserInfoResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("claims", &self.claims)
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_used", &self.client_id_alias_used)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("scopes", &self.scopes)
            .field("subject", &self.subject)
            .field("token", &crate::dto::Redacted(&self.token))
            .field("properties", &self.properties)
            .field("user_info_claims", &self.user_info_claims)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("consented_claims", &self.consented_claims)
            .field("requested_claims_for_tx", &self.requested_claims_for_tx)
            .field(
                "requested_verified_claims_for_tx",
                &self.requested_verified_claims_for_tx,
            )
            .field("transformed_claims", &self.transformed_claims)
            .field("client_entity_id", &self.client_entity_id)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field("dpop_nonce", &self.dpop_nonce)
            .field(
                "metadata_document_location",
                &self.metadata_document_location,
            )
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}

/// `userinfo_issue_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserInfoIssueRequest {
    /// The access token that has been passed to the userinfo endpoint by the client application.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub token: String,
    /// Claims in JSON format. As for the format, see OpenID Connect Core 1.0, 5.1. Standard Claims.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub claims: Option<String>,
    /// The value of the `sub` claim. If the value of this request parameter is not empty, it is
    /// used as the value of the `sub` claim. Otherwise, the value of the subject associated with
    /// the access token is used.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub sub: Option<String>,
    /// Claim key-value pairs that are used to compute transformed claims.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub claims_for_tx: Option<String>,
    /// The Signature header value from the request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub request_signature: Option<String>,
    /// HTTP headers to be included in processing the signature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<Pair>>,
    /// Values of verified claims requested indirectly by "transformed claims".
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub verified_claims_for_tx: Option<Vec<String>>,
}

impl std::fmt::Debug for UserInfoIssueRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserInfoIssueRequest")
            .field("token", &crate::dto::Redacted(&self.token))
            .field("claims", &self.claims)
            .field("sub", &self.sub)
            .field("claims_for_tx", &self.claims_for_tx)
            .field("request_signature", &self.request_signature)
            .field("headers", &self.headers)
            .field("verified_claims_for_tx", &self.verified_claims_for_tx)
            .finish()
    }
}

/// `userinfo_issue_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UserInfoIssueResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<UserInfoIssueAction>,
    /// The content that the authorization server implementation can use as the value of
    /// `WWW-Authenticate` header on errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
    /// The signature header of the response message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The signature-input header of the response message
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature_input: Option<String>,
    /// The content-digest header of the response message
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_digest: Option<String>,
}

impl std::fmt::Debug for UserInfoIssueResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserInfoIssueResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field(
                "response_content",
                &crate::dto::Redacted(&self.response_content),
            )
            .field("signature", &self.signature)
            .field("signature_input", &self.signature_input)
            .field("content_digest", &self.content_digest)
            .finish()
    }
}
