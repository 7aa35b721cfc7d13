//! Token introspection: `/auth/introspection` (for resource servers) and `/auth/introspection/standard` (RFC 7662).
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `introspection_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IntrospectionRequest {
    /// An access token to introspect.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub token: String,
    /// A string array listing names of scopes which the caller (= a protected resource endpoint of
    /// the service) requires.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub scopes: Option<Vec<String>>,
    /// A subject (= a user account managed by the service) whom the caller (= a protected resource
    /// endpoint of the service) requires.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub subject: Option<String>,
    /// Client certificate in PEM format, used to validate binding against access tokens using the
    /// TLS client certificate confirmation method.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub client_certificate: Option<String>,
    /// `DPoP` header presented by the client during the request to the resource server.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub dpop: Option<String>,
    /// HTTP method of the request from the client to the protected resource endpoint.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htm: Option<String>,
    /// URL of the protected resource endpoint. This field is used to validate the `DPoP` header.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub htu: Option<String>,
    /// The resources specified by the `resource` request parameters in the token request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub resources: Option<Vec<String>>,
    /// Authentication Context Class Reference values one of which the user authentication performed
    /// during the course of issuing the access token must satisfy.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub acr_values: Option<Vec<String>>,
    /// The maximum authentication age which is the maximum allowable elapsed time since the user
    /// authentication was performed during the course of issuing the access token.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<i64>,
    /// HTTP Message Components required to be in the signature.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_strings"
    )]
    pub required_components: Option<Vec<String>>,
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
    /// The target URI of the resource request, including the query part, if any.
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
    /// The flag indicating whether the resource request contains a request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body_contained: Option<bool>,
}

impl std::fmt::Debug for IntrospectionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectionRequest")
            .field("token", &crate::dto::Redacted(&self.token))
            .field("scopes", &self.scopes)
            .field("subject", &self.subject)
            .field(
                "client_certificate",
                &crate::dto::Redacted(&self.client_certificate),
            )
            .field("dpop", &crate::dto::Redacted(&self.dpop))
            .field("htm", &self.htm)
            .field("htu", &self.htu)
            .field("resources", &self.resources)
            .field("acr_values", &self.acr_values)
            .field("max_age", &self.max_age)
            .field("required_components", &self.required_components)
            .field("uri", &self.uri)
            .field("message", &crate::dto::Redacted(&self.message))
            .field("headers", &self.headers)
            .field("target_uri", &self.target_uri)
            .field("dpop_nonce_required", &self.dpop_nonce_required)
            .field("request_body_contained", &self.request_body_contained)
            .finish()
    }
}

/// `introspection_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IntrospectionResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<IntrospectionAction>,
    /// The content that the authorization server implementation can use as the value of
    /// `WWW-Authenticate` header on errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
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
    /// The time at which the access token expires.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
    /// The subject who is associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The scopes covered by the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scopes: Option<Vec<String>>,
    /// `true` if the access token exists.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub existent: bool,
    /// true` if the access token is usable (= exists and has not expired).
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub usable: bool,
    /// `true` if the access token exists.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub sufficient: bool,
    /// `true` if the access token can be refreshed using the associated refresh token which had
    /// been issued along with the access token.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub refreshable: bool,
    /// The extra properties associated with the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<Vec<Property>>,
    /// The client certificate thumbprint used to validate the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_thumbprint: Option<String>,
    /// The target resources. This represents the resources specified by the `resource` request
    /// parameters or by the `resource` property in the request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
    /// The target resources this proeprty holds may be the same as or different from the ones
    /// `resource` property holds.
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
    /// The scopes property of this class is a list of scope names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_details: Option<Vec<Scope>>,
    /// The value of the `grant_id` request parameter of the device authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_id: Option<String>,
    /// `grant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant: Option<Grant>,
    /// the flag which indicates whether the access token is for an external attachment.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub for_external_attachment: bool,
    /// the claims that the user has consented for the client application to know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consented_claims: Option<Vec<String>>,
    /// The grant type of the access token when the access token was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_type: Option<GrantType>,
    /// The Authentication Context Class Reference of the user authentication that the authorization
    /// server performed during the course of issuing the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    /// The time when the user authentication was performed during the course of issuing the access
    /// token.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time: Option<i64>,
    /// The entity ID of the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_entity_id: Option<String>,
    /// Flag which indicates whether the entity ID of the client was used when the request for the
    /// access token was made.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub client_entity_id_used: bool,
    /// The flag indicating whether the token is for credential issuance.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub for_credential_issuance: bool,
    /// The c_nonce
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnonce: Option<String>,
    /// The time at which the `c_nonce` expires.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cnonce_expires_at: Option<i64>,
    /// The credentials that can be obtained by presenting the access token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuable_credentials: Option<String>,
    /// The expected nonce value for DPoP proof JWT, which should be used as the value of the
    /// `DPoP-Nonce` HTTP header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_nonce: Option<String>,
    /// The flag indicating whether the HTTP response from the protected resource endpoint must
    /// include an HTTP message signature (RFC 9421 HTTP Message Signatures) in compliance with FAPI
    /// 2.0 Message Signing.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub response_signing_required: bool,
    /// The location of the client's metadata document that was used to resolve client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Flag indicating whether a metadata document was used to resolve client metadata for this
    /// request.
    #[serde(default, deserialize_with = "crate::dto::null_as_default")]
    pub metadata_document_used: bool,
}

impl std::fmt::Debug for IntrospectionResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntrospectionResponse")
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
            .field("expires_at", &self.expires_at)
            .field("subject", &self.subject)
            .field("scopes", &self.scopes)
            .field("existent", &self.existent)
            .field("usable", &self.usable)
            .field("sufficient", &self.sufficient)
            .field("refreshable", &self.refreshable)
            .field("properties", &self.properties)
            .field("certificate_thumbprint", &self.certificate_thumbprint)
            .field("resources", &self.resources)
            .field("access_token_resources", &self.access_token_resources)
            .field("authorization_details", &self.authorization_details)
            .field("service_attributes", &self.service_attributes)
            .field("client_attributes", &self.client_attributes)
            .field("scope_details", &self.scope_details)
            .field("grant_id", &self.grant_id)
            .field("grant", &self.grant)
            .field("for_external_attachment", &self.for_external_attachment)
            .field("consented_claims", &self.consented_claims)
            .field("grant_type", &self.grant_type)
            .field("acr", &self.acr)
            .field("auth_time", &self.auth_time)
            .field("client_entity_id", &self.client_entity_id)
            .field("client_entity_id_used", &self.client_entity_id_used)
            .field("for_credential_issuance", &self.for_credential_issuance)
            .field("cnonce", &self.cnonce)
            .field("cnonce_expires_at", &self.cnonce_expires_at)
            .field("issuable_credentials", &self.issuable_credentials)
            .field("dpop_nonce", &self.dpop_nonce)
            .field("response_signing_required", &self.response_signing_required)
            .field(
                "metadata_document_location",
                &self.metadata_document_location,
            )
            .field("metadata_document_used", &self.metadata_document_used)
            .finish()
    }
}

/// `standard_introspection_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StandardIntrospectionRequest {
    /// Request parameters which comply with the introspection request defined in "2.1.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub parameters: String,
    /// Flag indicating whether to include hidden properties in the output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_hidden_properties: Option<bool>,
    /// The URI of the resource server making the introspection request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub rs_uri: Option<String>,
    /// The value of the `HTTP Accept` header in the introspection request.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub http_accept_header: Option<String>,
    /// The JWS `alg` algorithm for signing the introspection response.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub introspection_sign_alg: Option<String>,
    /// The JWE `alg` algorithm for encrypting the introspection response.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub introspection_encryption_alg: Option<String>,
    /// The JWE `enc` algorithm for encrypting the introspection response.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub introspection_encryption_enc: Option<String>,
    /// The shared key for signing the introspection response with a symmetric algorithm.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub shared_key_for_sign: Option<String>,
    /// The shared key for encrypting the introspection response with a symmetric algorithm.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub shared_key_for_encryption: Option<String>,
    /// The public key for signing the introspection response with an asymmetric algorithm.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub public_key_for_encryption: Option<String>,
}

impl std::fmt::Debug for StandardIntrospectionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandardIntrospectionRequest")
            .field("parameters", &crate::dto::Redacted(&self.parameters))
            .field("with_hidden_properties", &self.with_hidden_properties)
            .field("rs_uri", &self.rs_uri)
            .field("http_accept_header", &self.http_accept_header)
            .field("introspection_sign_alg", &self.introspection_sign_alg)
            .field(
                "introspection_encryption_alg",
                &self.introspection_encryption_alg,
            )
            .field(
                "introspection_encryption_enc",
                &self.introspection_encryption_enc,
            )
            .field(
                "shared_key_for_sign",
                &crate::dto::Redacted(&self.shared_key_for_sign),
            )
            .field(
                "shared_key_for_encryption",
                &crate::dto::Redacted(&self.shared_key_for_encryption),
            )
            .field("public_key_for_encryption", &self.public_key_for_encryption)
            .finish()
    }
}

/// `standard_introspection_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct StandardIntrospectionResponse {
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
    /// The next action that the authorization server implementation should take.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<StandardIntrospectionAction>,
    /// The content that the authorization server implementation is to return to the client
    /// application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_content: Option<String>,
}

impl std::fmt::Debug for StandardIntrospectionResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandardIntrospectionResponse")
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
