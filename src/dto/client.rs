//! Client metadata as Authlete returns it (`/client/get/{clientId}`, the authorization response's `client`).
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `client` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Client {
    /// The sequential number of the client. The value of this property is assigned by Authlete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    /// The sequential number of the service of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_number: Option<i64>,
    /// The name of the client application. This property corresponds to `client_name` in OpenID
    /// Connect Dynamic Client Registration 1.0, 2. Client Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Client names with language tags. If the client application has different names for different
    /// languages, this property can be used to register the names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_names: Option<Vec<TaggedValue>>,
    /// The description about the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Descriptions about the client application with language tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptions: Option<Vec<TaggedValue>>,
    /// The client identifier used in Authlete API calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<i64>,
    /// The client secret. A random 512-bit value encoded by base64url (86 letters). The value of
    /// this property is assigned by Authlete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The value of the client's `client_id` property used in OAuth and OpenID Connect calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// Deprecated. Always set to `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias_enabled: Option<bool>,
    /// The client type, either `CONFIDENTIAL` or `PUBLIC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<ClientType>,
    /// The application type. The value of this property affects the validation steps for a redirect
    /// URI. See the description about `redirectUris` property for more details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_type: Option<ApplicationType>,
    /// The URL pointing to the logo image of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// Logo image URLs with language tags. If the client application has different logo images for
    /// different languages, this property can be used to register URLs of the images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_uris: Option<Vec<TaggedValue>>,
    /// An array of email addresses of people responsible for the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<String>>,
    /// The flag to indicate whether this client use TLS client certificate bound access tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_certificate_bound_access_tokens: Option<bool>,
    /// The flag to indicate whether this client has been registered dynamically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamically_registered: Option<bool>,
    /// The unique identifier string assigned by the client developer or software publisher used by
    /// registration endpoints to identify the client software to be dynamically registered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_id: Option<String>,
    /// The unique identifier of the developer who created this client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub developer: Option<String>,
    /// The version identifier string for the client software identified by the software ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub software_version: Option<String>,
    /// The hash of the registration access token for this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_access_token_hash: Option<String>,
    /// The time at which this client was created.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The time at which this client was last modified.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<i64>,
    /// A string array of grant types which the client application declares that it will restrict
    /// itself to using.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<GrantType>>,
    /// A string array of response types which the client application declares that it will restrict
    /// itself to using.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_types: Option<Vec<ResponseType>>,
    /// Redirect URIs that the client application uses to receive a response from the authorization
    /// endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    /// The signature algorithm for JWT. This value is represented on 'alg' attribute of the header
    /// of JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_sign_alg: Option<JwsAlg>,
    /// this is the 'alg' header value for encrypted JWT tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_encryption_alg: Option<serde_json::Value>,
    /// This is the encryption algorithm to be used when encrypting a JWT on client or server side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_encryption_enc: Option<serde_json::Value>,
    /// The client authentication method that the client application declares that it uses at the
    /// token endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_auth_method: Option<ClientAuthMethod>,
    /// The signature algorithm for JWT. This value is represented on 'alg' attribute of the header
    /// of JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_auth_sign_alg: Option<JwsAlg>,
    /// The key ID of a JWK containing a self-signed certificate of this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_signed_certificate_key_id: Option<String>,
    /// The string representation of the expected subject distinguished name of the certificate this
    /// client will use in mutual TLS authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_auth_subject_dn: Option<String>,
    /// The string representation of the expected DNS subject alternative name of the certificate
    /// this client will use in mutual TLS authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_auth_san_dns: Option<String>,
    /// The string representation of the expected URI subject alternative name of the certificate
    /// this client will use in mutual TLS authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_auth_san_uri: Option<String>,
    /// The string representation of the expected IP address subject alternative name of the
    /// certificate this client will use in mutual TLS authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_auth_san_ip: Option<String>,
    /// The string representation of the expected email address subject alternative name of the
    /// certificate this client will use in mutual TLS authentication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_auth_san_email: Option<String>,
    /// The flag to indicate whether this client is required to use the pushed authorization request
    /// endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub par_required: Option<bool>,
    /// The flag to indicate whether authorization requests from this client are always required to
    /// utilize a request object by using either `request` or `request_uri` request parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_required: Option<bool>,
    /// The signature algorithm for JWT. This value is represented on 'alg' attribute of the header
    /// of JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_sign_alg: Option<JwsAlg>,
    /// this is the 'alg' header value for encrypted JWT tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_encryption_alg: Option<serde_json::Value>,
    /// This is the encryption algorithm to be used when encrypting a JWT on client or server side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_encryption_enc: Option<serde_json::Value>,
    /// An array of URLs each of which points to a request object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_uris: Option<Vec<String>>,
    /// The default maximum authentication age in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_max_age: Option<i64>,
    /// The default ACRs (Authentication Context Class References).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_acrs: Option<Vec<String>>,
    /// The signature algorithm for JWT. This value is represented on 'alg' attribute of the header
    /// of JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_sign_alg: Option<JwsAlg>,
    /// this is the 'alg' header value for encrypted JWT tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_encryption_alg: Option<serde_json::Value>,
    /// This is the encryption algorithm to be used when encrypting a JWT on client or server side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_encryption_enc: Option<serde_json::Value>,
    /// The flag to indicate whether this client requires `auth_time` claim to be embedded in the ID
    /// token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time_required: Option<bool>,
    /// The subject type that the client application requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_type: Option<SubjectType>,
    /// The value of the sector identifier URI. This represents the `sector_identifier_uri` client
    /// metadata which is defined in OpenID Connect Dynamic Client Registration 1.0, 2. Client
    /// Metadata
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector_identifier_uri: Option<String>,
    /// The sector identifier host component as derived from either the `sector_identifier_uri` or
    /// the registered redirect URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_sector_identifier: Option<String>,
    /// The URL pointing to the JWK Set of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_uri: Option<String>,
    /// The content of the JWK Set of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks: Option<String>,
    /// The signature algorithm for JWT. This value is represented on 'alg' attribute of the header
    /// of JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_sign_alg: Option<JwsAlg>,
    /// this is the 'alg' header value for encrypted JWT tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_encryption_alg: Option<serde_json::Value>,
    /// This is the encryption algorithm to be used when encrypting a JWT on client or server side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_info_encryption_enc: Option<serde_json::Value>,
    /// The URL which a third party can use to initiate a login by the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login_uri: Option<String>,
    /// The URL pointing to the "Terms Of Service" page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tos_uri: Option<String>,
    /// URLs of "Terms Of Service" pages with language tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tos_uris: Option<Vec<TaggedValue>>,
    /// The URL pointing to the page which describes the policy as to how end-user's profile data is
    /// used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_uri: Option<String>,
    /// URLs of policy pages with language tags. If the client application has different policy
    /// pages for different languages, this property can be used to register the URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_uris: Option<Vec<TaggedValue>>,
    /// The URL pointing to the home page of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_uri: Option<String>,
    /// Home page URLs with language tags. If the client application has different home pages for
    /// different languages, this property can be used to register the URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_uris: Option<Vec<TaggedValue>>,
    /// The backchannel token delivery mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bc_delivery_mode: Option<String>,
    /// The backchannel client notification endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bc_notification_endpoint: Option<String>,
    /// The signature algorithm for JWT. This value is represented on 'alg' attribute of the header
    /// of JWT.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bc_request_sign_alg: Option<JwsAlg>,
    /// The boolean flag to indicate whether a user code is required when this client makes a
    /// backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bc_user_code_required: Option<bool>,
    /// The attributes of this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Vec<Pair>>,
    /// `extension`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<serde_json::Value>,
    /// The authorization details types that this client may use as values of the `type` field in
    /// `authorization_details`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_details_types: Option<Vec<String>>,
    /// The custom client metadata in JSON format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_metadata: Option<String>,
    /// The flag indicating whether encryption of request object is required when the request object
    /// is passed through the front channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_channel_request_object_encryption_required: Option<bool>,
    /// The flag indicating whether the JWE alg of encrypted request object must match the
    /// `request_object_encryption_alg` client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_encryption_alg_match_required: Option<bool>,
    /// The flag indicating whether the JWE enc of encrypted request object must match the
    /// `request_object_encryption_enc` client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_encryption_enc_match_required: Option<bool>,
    /// The digest algorithm that this client requests the server to use when it computes digest
    /// values of external attachments, which may be referenced from within ID tokens or userinfo
    /// responses (or any place that can have the `verified\_claims` claim).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest_algorithm: Option<String>,
    /// If `Enabled` is selected, an attempt to issue a new access token invalidates existing access
    /// tokens that are associated with the same combination of subject and client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_access_token_per_subject: Option<bool>,
    /// The flag to indicate whether the use of Proof Key for Code Exchange (PKCE) is always
    /// required for authorization requests by Authorization Code Flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce_required: Option<bool>,
    /// The flag to indicate whether `S256` is always required as the code challenge method whenever
    /// PKCE (RFC 7636) is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce_s256_required: Option<bool>,
    /// If the DPoP is required for this client
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_required: Option<bool>,
    /// The flag indicating whether this client was registered by the "automatic" client
    /// registration of OIDC Federation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatically_registered: Option<bool>,
    /// The flag indicating whether this client was registered by the "explicit" client registration
    /// of OIDC Federation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explicitly_registered: Option<bool>,
    /// The flag indicating whether this service signs responses from the resource server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rs_request_signed: Option<bool>,
    /// The key ID of a JWK containing the public key used by this client to sign requests to the
    /// resource server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rs_signed_request_key_id: Option<String>,
    /// The client registration types that the client has declared it may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_registration_types: Option<Vec<serde_json::Value>>,
    /// The human-readable name representing the organization that manages this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_name: Option<String>,
    /// The URI of the endpoint that returns this client's JWK Set document in the JWT format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_jwks_uri: Option<String>,
    /// the entity ID of this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// The entity ID of the trust anchor of the trust chain that was used when this client was
    /// registered or updated by the mechanism defined in OpenID Connect Federation 1.0
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_anchor_id: Option<String>,
    /// The trust chain that was used when this client was registered or updated by the mechanism
    /// defined in OpenID Connect Federation 1.0
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_chain: Option<Vec<String>>,
    /// the expiration time of the trust chain that was used when this client was registered or
    /// updated by the mechanism defined in OpenID Connect Federation 1.0.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_chain_expires_at: Option<i64>,
    /// the time at which the trust chain was updated by the mechanism defined in OpenID Connect
    /// Federation 1.0
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_chain_updated_at: Option<i64>,
    /// The flag which indicates whether this client is locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    /// The URL of the credential offer endpoint at which this client (wallet) receives a credential
    /// offer from the credential issuer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_offer_endpoint: Option<String>,
    /// The FAPI modes for this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fapi_modes: Option<Vec<serde_json::Value>>,
    /// The response modes that this client may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_modes: Option<Vec<String>>,
    /// True if credential responses to this client must be always encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_response_encryption_required: Option<bool>,
    /// The flag indicating whether the client intends to prefer mutual TLS endpoints over non-MTLS
    /// endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtls_endpoint_aliases_used: Option<bool>,
    /// The flag indicating whether this client is in scope for token migration operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_scope_for_token_migration: Option<bool>,
    /// Location of the Client ID Metadata Document that was used for this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Expiration time of the metadata document (UNIX time in milliseconds).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_expires_at: Option<i64>,
    /// Last-updated time of the metadata document (UNIX time in milliseconds).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_updated_at: Option<i64>,
    /// Indicates whether this client was discovered via a Client ID Metadata Document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovered_by_metadata_document: Option<bool>,
    /// Source of this client record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_source: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("number", &self.number)
            .field("service_number", &self.service_number)
            .field("client_name", &self.client_name)
            .field("client_names", &self.client_names)
            .field("description", &self.description)
            .field("descriptions", &self.descriptions)
            .field("client_id", &self.client_id)
            .field("client_secret", &crate::dto::Redacted(&self.client_secret))
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_enabled", &self.client_id_alias_enabled)
            .field("client_type", &self.client_type)
            .field("application_type", &self.application_type)
            .field("logo_uri", &self.logo_uri)
            .field("logo_uris", &self.logo_uris)
            .field("contacts", &self.contacts)
            .field("tls_client_certificate_bound_access_tokens", &self.tls_client_certificate_bound_access_tokens)
            .field("dynamically_registered", &self.dynamically_registered)
            .field("software_id", &self.software_id)
            .field("developer", &self.developer)
            .field("software_version", &self.software_version)
            .field("registration_access_token_hash", &crate::dto::Redacted(&self.registration_access_token_hash))
            .field("created_at", &self.created_at)
            .field("modified_at", &self.modified_at)
            .field("grant_types", &self.grant_types)
            .field("response_types", &self.response_types)
            .field("redirect_uris", &self.redirect_uris)
            .field("authorization_sign_alg", &self.authorization_sign_alg)
            .field("authorization_encryption_alg", &self.authorization_encryption_alg)
            .field("authorization_encryption_enc", &self.authorization_encryption_enc)
            .field("token_auth_method", &self.token_auth_method)
            .field("token_auth_sign_alg", &self.token_auth_sign_alg)
            .field("self_signed_certificate_key_id", &self.self_signed_certificate_key_id)
            .field("tls_client_auth_subject_dn", &self.tls_client_auth_subject_dn)
            .field("tls_client_auth_san_dns", &self.tls_client_auth_san_dns)
            .field("tls_client_auth_san_uri", &self.tls_client_auth_san_uri)
            .field("tls_client_auth_san_ip", &self.tls_client_auth_san_ip)
            .field("tls_client_auth_san_email", &self.tls_client_auth_san_email)
            .field("par_required", &self.par_required)
            .field("request_object_required", &self.request_object_required)
            .field("request_sign_alg", &self.request_sign_alg)
            .field("request_encryption_alg", &self.request_encryption_alg)
            .field("request_encryption_enc", &self.request_encryption_enc)
            .field("request_uris", &self.request_uris)
            .field("default_max_age", &self.default_max_age)
            .field("default_acrs", &self.default_acrs)
            .field("id_token_sign_alg", &self.id_token_sign_alg)
            .field("id_token_encryption_alg", &self.id_token_encryption_alg)
            .field("id_token_encryption_enc", &self.id_token_encryption_enc)
            .field("auth_time_required", &self.auth_time_required)
            .field("subject_type", &self.subject_type)
            .field("sector_identifier_uri", &self.sector_identifier_uri)
            .field("derived_sector_identifier", &self.derived_sector_identifier)
            .field("jwks_uri", &self.jwks_uri)
            .field("jwks", &crate::dto::Redacted(&self.jwks))
            .field("user_info_sign_alg", &self.user_info_sign_alg)
            .field("user_info_encryption_alg", &self.user_info_encryption_alg)
            .field("user_info_encryption_enc", &self.user_info_encryption_enc)
            .field("login_uri", &self.login_uri)
            .field("tos_uri", &self.tos_uri)
            .field("tos_uris", &self.tos_uris)
            .field("policy_uri", &self.policy_uri)
            .field("policy_uris", &self.policy_uris)
            .field("client_uri", &self.client_uri)
            .field("client_uris", &self.client_uris)
            .field("bc_delivery_mode", &self.bc_delivery_mode)
            .field("bc_notification_endpoint", &self.bc_notification_endpoint)
            .field("bc_request_sign_alg", &self.bc_request_sign_alg)
            .field("bc_user_code_required", &self.bc_user_code_required)
            .field("attributes", &self.attributes)
            .field("extension", &self.extension)
            .field("authorization_details_types", &self.authorization_details_types)
            .field("custom_metadata", &self.custom_metadata)
            .field("front_channel_request_object_encryption_required", &self.front_channel_request_object_encryption_required)
            .field("request_object_encryption_alg_match_required", &self.request_object_encryption_alg_match_required)
            .field("request_object_encryption_enc_match_required", &self.request_object_encryption_enc_match_required)
            .field("digest_algorithm", &self.digest_algorithm)
            .field("single_access_token_per_subject", &self.single_access_token_per_subject)
            .field("pkce_required", &self.pkce_required)
            .field("pkce_s256_required", &self.pkce_s256_required)
            .field("dpop_required", &self.dpop_required)
            .field("automatically_registered", &self.automatically_registered)
            .field("explicitly_registered", &self.explicitly_registered)
            .field("rs_request_signed", &self.rs_request_signed)
            .field("rs_signed_request_key_id", &self.rs_signed_request_key_id)
            .field("client_registration_types", &self.client_registration_types)
            .field("organization_name", &self.organization_name)
            .field("signed_jwks_uri", &self.signed_jwks_uri)
            .field("entity_id", &self.entity_id)
            .field("trust_anchor_id", &self.trust_anchor_id)
            .field("trust_chain", &self.trust_chain)
            .field("trust_chain_expires_at", &self.trust_chain_expires_at)
            .field("trust_chain_updated_at", &self.trust_chain_updated_at)
            .field("locked", &self.locked)
            .field("credential_offer_endpoint", &self.credential_offer_endpoint)
            .field("fapi_modes", &self.fapi_modes)
            .field("response_modes", &self.response_modes)
            .field("credential_response_encryption_required", &self.credential_response_encryption_required)
            .field("mtls_endpoint_aliases_used", &self.mtls_endpoint_aliases_used)
            .field("in_scope_for_token_migration", &self.in_scope_for_token_migration)
            .field("metadata_document_location", &self.metadata_document_location)
            .field("metadata_document_expires_at", &self.metadata_document_expires_at)
            .field("metadata_document_updated_at", &self.metadata_document_updated_at)
            .field("discovered_by_metadata_document", &self.discovered_by_metadata_document)
            .field("client_source", &self.client_source)
            .finish()
    }
}

/// `client_limited_authorization` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationClient {
    /// The sequential number of the client. The value of this property is assigned by Authlete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<i64>,
    /// The name of the client application. This property corresponds to `client_name` in OpenID
    /// Connect Dynamic Client Registration 1.0, 2. Client Metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Client names with language tags. If the client application has different names for different
    /// languages, this property can be used to register the names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_names: Option<Vec<TaggedValue>>,
    /// The description about the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Descriptions about the client application with language tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptions: Option<Vec<TaggedValue>>,
    /// The client identifier used in Authlete API calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<i64>,
    /// The value of the client's `client_id` property used in OAuth and OpenID Connect calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias: Option<String>,
    /// Deprecated. Always set to `true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id_alias_enabled: Option<bool>,
    /// The client type, either `CONFIDENTIAL` or `PUBLIC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_type: Option<ClientType>,
    /// The URL pointing to the logo image of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    /// Logo image URLs with language tags. If the client application has different logo images for
    /// different languages, this property can be used to register URLs of the images.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_uris: Option<Vec<TaggedValue>>,
    /// The URL pointing to the "Terms Of Service" page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tos_uri: Option<String>,
    /// URLs of "Terms Of Service" pages with language tags.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tos_uris: Option<Vec<TaggedValue>>,
    /// The URL pointing to the page which describes the policy as to how end-user's profile data is
    /// used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_uri: Option<String>,
    /// URLs of policy pages with language tags. If the client application has different policy
    /// pages for different languages, this property can be used to register the URLs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_uris: Option<Vec<TaggedValue>>,
    /// The sequential number of the service of the client application.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_number: Option<i64>,
    /// The default maximum authentication age in seconds.
    ///
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_max_age: Option<i64>,
    /// The flag to indicate whether this client requires `auth_time` claim to be embedded in the ID
    /// token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_time_required: Option<bool>,
    /// The time at which this client was created.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// The time at which this client was last modified.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<i64>,
    /// The flag to indicate whether this client use TLS client certificate bound access tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_client_certificate_bound_access_tokens: Option<bool>,
    /// The boolean flag to indicate whether a user code is required when this client makes a
    /// backchannel authentication request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bc_user_code_required: Option<bool>,
    /// The flag to indicate whether this client has been registered dynamically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dynamically_registered: Option<bool>,
    /// The flag to indicate whether this client is required to use the pushed authorization request
    /// endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub par_required: Option<bool>,
    /// The flag to indicate whether authorization requests from this client are always required to
    /// utilize a request object by using either `request` or `request_uri` request parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_required: Option<bool>,
    /// The flag indicating whether encryption of request object is required when the request object
    /// is passed through the front channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_channel_request_object_encryption_required: Option<bool>,
    /// The flag indicating whether the JWE alg of encrypted request object must match the
    /// `request_object_encryption_alg` client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_encryption_alg_match_required: Option<bool>,
    /// The flag indicating whether the JWE enc of encrypted request object must match the
    /// `request_object_encryption_enc` client metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_object_encryption_enc_match_required: Option<bool>,
    /// If `Enabled` is selected, an attempt to issue a new access token invalidates existing access
    /// tokens that are associated with the same combination of subject and client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub single_access_token_per_subject: Option<bool>,
    /// The flag to indicate whether the use of Proof Key for Code Exchange (PKCE) is always
    /// required for authorization requests by Authorization Code Flow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce_required: Option<bool>,
    /// The flag to indicate whether `S256` is always required as the code challenge method whenever
    /// PKCE (RFC 7636) is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pkce_s256_required: Option<bool>,
    /// The flag indicating whether this service signs responses from the resource server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rs_request_signed: Option<bool>,
    /// If the DPoP is required for this client
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpop_required: Option<bool>,
    /// The flag which indicates whether this client is locked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    /// The flag indicating whether the client intends to prefer mutual TLS endpoints over non-MTLS
    /// endpoints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mtls_endpoint_aliases_used: Option<bool>,
    /// The flag indicating whether this client is in scope for token migration operations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_scope_for_token_migration: Option<bool>,
    /// the expiration time of the trust chain that was used when this client was registered or
    /// updated by the mechanism defined in OpenID Connect Federation 1.0.
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_chain_expires_at: Option<i64>,
    /// the time at which the trust chain was updated by the mechanism defined in OpenID Connect
    /// Federation 1.0
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_chain_updated_at: Option<i64>,
    /// The flag indicating whether this client was registered by the "automatic" client
    /// registration of OIDC Federation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatically_registered: Option<bool>,
    /// The flag indicating whether this client was registered by the "explicit" client registration
    /// of OIDC Federation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explicitly_registered: Option<bool>,
    /// True if credential responses to this client must be always encrypted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_response_encryption_required: Option<bool>,
    /// Location of the Client ID Metadata Document that was used for this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_location: Option<String>,
    /// Expiration time of the metadata document (UNIX time in milliseconds).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_expires_at: Option<i64>,
    /// Last-updated time of the metadata document (UNIX time in milliseconds).
    ///
    /// Milliseconds since the Unix epoch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_document_updated_at: Option<i64>,
    /// Indicates whether this client was discovered via a Client ID Metadata Document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discovered_by_metadata_document: Option<bool>,
    /// Source of this client record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_source: Option<String>,
    /// the entity ID of this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
}

impl std::fmt::Debug for AuthorizationClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationClient")
            .field("number", &self.number)
            .field("client_name", &self.client_name)
            .field("client_names", &self.client_names)
            .field("description", &self.description)
            .field("descriptions", &self.descriptions)
            .field("client_id", &self.client_id)
            .field("client_id_alias", &self.client_id_alias)
            .field("client_id_alias_enabled", &self.client_id_alias_enabled)
            .field("client_type", &self.client_type)
            .field("logo_uri", &self.logo_uri)
            .field("logo_uris", &self.logo_uris)
            .field("tos_uri", &self.tos_uri)
            .field("tos_uris", &self.tos_uris)
            .field("policy_uri", &self.policy_uri)
            .field("policy_uris", &self.policy_uris)
            .field("service_number", &self.service_number)
            .field("default_max_age", &self.default_max_age)
            .field("auth_time_required", &self.auth_time_required)
            .field("created_at", &self.created_at)
            .field("modified_at", &self.modified_at)
            .field("tls_client_certificate_bound_access_tokens", &self.tls_client_certificate_bound_access_tokens)
            .field("bc_user_code_required", &self.bc_user_code_required)
            .field("dynamically_registered", &self.dynamically_registered)
            .field("par_required", &self.par_required)
            .field("request_object_required", &self.request_object_required)
            .field("front_channel_request_object_encryption_required", &self.front_channel_request_object_encryption_required)
            .field("request_object_encryption_alg_match_required", &self.request_object_encryption_alg_match_required)
            .field("request_object_encryption_enc_match_required", &self.request_object_encryption_enc_match_required)
            .field("single_access_token_per_subject", &self.single_access_token_per_subject)
            .field("pkce_required", &self.pkce_required)
            .field("pkce_s256_required", &self.pkce_s256_required)
            .field("rs_request_signed", &self.rs_request_signed)
            .field("dpop_required", &self.dpop_required)
            .field("locked", &self.locked)
            .field("mtls_endpoint_aliases_used", &self.mtls_endpoint_aliases_used)
            .field("in_scope_for_token_migration", &self.in_scope_for_token_migration)
            .field("trust_chain_expires_at", &self.trust_chain_expires_at)
            .field("trust_chain_updated_at", &self.trust_chain_updated_at)
            .field("automatically_registered", &self.automatically_registered)
            .field("explicitly_registered", &self.explicitly_registered)
            .field("credential_response_encryption_required", &self.credential_response_encryption_required)
            .field("metadata_document_location", &self.metadata_document_location)
            .field("metadata_document_expires_at", &self.metadata_document_expires_at)
            .field("metadata_document_updated_at", &self.metadata_document_updated_at)
            .field("discovered_by_metadata_document", &self.discovered_by_metadata_document)
            .field("client_source", &self.client_source)
            .field("entity_id", &self.entity_id)
            .finish()
    }
}
