//! Registered clients at run time (client authentication is in [`super::client_auth`]).

use serde::{Deserialize, Serialize};

use super::client_auth::TokenAuthMethod;
use super::config::ClientConfig;
use authlete_tower::config::Secret;
use authlete_tower::dto::{
    AuthorizationClient, Client, ClientAuthMethod, ClientType, DeliveryMode, GrantType,
    ResponseType,
};

/// The OAuth name of the device-code grant.
pub(crate) const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The OAuth name of the CIBA grant.
pub(crate) const CIBA_GRANT: &str = "urn:openid:params:grant-type:ciba";

/// The OAuth name of the token exchange grant (RFC 8693 §2.1).
pub(crate) const TOKEN_EXCHANGE_GRANT: &str = "urn:ietf:params:oauth:grant-type:token-exchange";

/// The OAuth name of the JWT bearer grant (RFC 7523 §2.1).
pub(crate) const JWT_BEARER_GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/// A client as the engine holds it (and as a data file keeps it: JSON).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LiveClient {
    pub client_id: i64,
    #[serde(with = "stored::secret")]
    pub secret: Option<Secret>,
    pub name: String,
    pub logo_uri: Option<String>,
    pub grant_types: Vec<GrantType>,
    /// Normalised (sorted words) response types.
    pub response_types: Vec<String>,
    pub redirect_uris: Vec<String>,
    pub pkce_required: bool,
    /// `tls_client_certificate_bound_access_tokens` (RFC 8705 §3).
    pub cert_bound: bool,
    /// `client_secret_jwt` or `private_key_jwt` when registered so (RFC 7523).
    pub registered_auth_method: Option<String>,
    /// The client's public JWK Set (`private_key_jwt`).
    pub jwks: Option<serde_json::Value>,
    /// `tls_client_auth_subject_dn` (RFC 8705 §2.1.2).
    pub tls_subject_dn: Option<String>,
    /// Whether a PKCE request must use `S256` (`plain` is refused).
    pub pkce_s256_required: bool,
    /// The registered `token_endpoint_auth_method`; `None` when not declared (a confidential
    /// client may then use either secret method).
    #[serde(with = "stored::auth_method")]
    pub token_auth_method: Option<TokenAuthMethod>,
    pub dynamic: Option<DynamicRegistration>,
    /// The metadata JSON of a dynamically registered client.
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    pub created_at: i64,
    /// What the management APIs set (lock flag, requestable scopes, …).
    pub administration: super::client_administration::ClientAdministration,
    /// How the client gets CIBA tokens, and where ping and push notifications go.
    pub ciba: CibaDelivery,
}

/// A client's CIBA token delivery (`backchannel_token_delivery_mode`,
/// `backchannel_client_notification_endpoint`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CibaDelivery {
    pub mode: DeliveryMode,
    pub notification_endpoint: Option<String>,
}

impl Default for CibaDelivery {
    fn default() -> Self {
        Self {
            mode: DeliveryMode::Poll,
            notification_endpoint: None,
        }
    }
}

/// What only dynamically registered clients have.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DynamicRegistration {
    pub registration_token_hash: [u8; 32],
}

/// Maps an OAuth grant type name to Authlete's enum.
pub(crate) fn grant_type_from_oauth(name: &str) -> Option<GrantType> {
    Some(match name {
        "authorization_code" => GrantType::AuthorizationCode,
        "implicit" => GrantType::Implicit,
        "refresh_token" => GrantType::RefreshToken,
        "client_credentials" => GrantType::ClientCredentials,
        "password" => GrantType::Password,
        DEVICE_CODE_GRANT => GrantType::DeviceCode,
        CIBA_GRANT => GrantType::Ciba,
        TOKEN_EXCHANGE_GRANT => GrantType::TokenExchange,
        JWT_BEARER_GRANT => GrantType::JwtBearer,
        _ => return None,
    })
}

/// Maps Authlete's grant type enum back to the OAuth name.
pub(crate) fn grant_type_to_oauth(grant: &GrantType) -> &'static str {
    match grant {
        GrantType::AuthorizationCode => "authorization_code",
        GrantType::Implicit => "implicit",
        GrantType::RefreshToken => "refresh_token",
        GrantType::ClientCredentials => "client_credentials",
        GrantType::Password => "password",
        GrantType::DeviceCode => DEVICE_CODE_GRANT,
        GrantType::Ciba => CIBA_GRANT,
        GrantType::TokenExchange => TOKEN_EXCHANGE_GRANT,
        GrantType::JwtBearer => JWT_BEARER_GRANT,
        _ => "unknown",
    }
}

/// Sorts the words of a response type so that `id_token code` equals `code id_token`.
pub(crate) fn normalise_response_type(value: &str) -> String {
    let mut words: Vec<&str> = value.split(' ').filter(|word| !word.is_empty()).collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

fn response_type_enum(normalised: &str) -> Option<ResponseType> {
    Some(match normalised {
        "code" => ResponseType::Code,
        "token" => ResponseType::Token,
        "id_token" => ResponseType::IdToken,
        "code token" => ResponseType::CodeToken,
        "code id_token" => ResponseType::CodeIdToken,
        "id_token token" => ResponseType::IdTokenToken,
        "code id_token token" => ResponseType::CodeIdTokenToken,
        "none" => ResponseType::None,
        _ => return None,
    })
}

impl LiveClient {
    pub fn from_config(config: &ClientConfig, now: i64) -> Self {
        LiveClient {
            client_id: config.client_id,
            secret: config.client_secret.clone(),
            name: config.client_name.clone(),
            logo_uri: config.logo_uri.clone(),
            grant_types: config
                .grant_types
                .iter()
                .filter_map(|name| grant_type_from_oauth(name))
                .collect(),
            response_types: config
                .response_types
                .iter()
                .map(|value| normalise_response_type(value))
                .collect(),
            redirect_uris: config.redirect_uris.clone(),
            pkce_required: config.pkce_required || config.client_secret.is_none(),
            cert_bound: config.tls_client_certificate_bound_access_tokens,
            registered_auth_method: config
                .token_endpoint_auth_method
                .filter(|method| {
                    !matches!(
                        method,
                        TokenAuthMethod::ClientSecretBasic
                            | TokenAuthMethod::ClientSecretPost
                            | TokenAuthMethod::None
                    )
                })
                .map(|method| method.name().to_owned()),
            jwks: config.jwks.clone(),
            tls_subject_dn: config.tls_client_auth_subject_dn.clone(),
            pkce_s256_required: config.pkce_s256_required,
            token_auth_method: config.token_endpoint_auth_method,
            dynamic: None,
            metadata: None,
            created_at: now,
            administration: Default::default(),
            // Checked when the configuration was validated.
            ciba: super::backchannel::delivery(
                config.backchannel_token_delivery_mode.as_deref(),
                config.backchannel_client_notification_endpoint.as_deref(),
            )
            .unwrap_or_default(),
        }
    }

    /// Public: registered for `none`, or no method declared and no secret. A client of
    /// `private_key_jwt` or a TLS method is confidential without a secret.
    pub fn is_public(&self) -> bool {
        match self.token_auth_method {
            Some(method) => method == TokenAuthMethod::None,
            None => self.secret.is_none(),
        }
    }

    pub fn allows(&self, grant: &GrantType) -> bool {
        self.grant_types.contains(grant)
    }

    pub fn auth_method(&self) -> &'static str {
        match self.token_auth_method {
            Some(method) => method.name(),
            None if self.is_public() => "none",
            None => "client_secret_basic",
        }
    }

    /// The `client` object of an `/auth/authorization` answer.
    pub fn authorization_client(&self) -> AuthorizationClient {
        {
            let mut value = AuthorizationClient::default();
            value.number = Some(self.client_id);
            value.client_id = Some(self.client_id);
            value.client_name = Some(self.name.clone());
            value.client_type = Some(self.client_type());
            value.logo_uri = self.logo_uri.clone();
            value.pkce_required = Some(self.pkce_required);
            value.dynamically_registered = Some(self.dynamic.is_some());
            value.created_at = Some(self.created_at);
            value.modified_at = Some(self.created_at);
            value
        }
    }

    fn client_type(&self) -> ClientType {
        if self.is_public() {
            ClientType::Public
        } else {
            ClientType::Confidential
        }
    }

    /// The `Client` DTO of `/client/get` and registration answers.
    pub fn dto(&self, service_number: i64) -> Client {
        {
            let mut value = Client::default();
            value.number = Some(self.client_id);
            value.service_number = Some(service_number);
            value.client_id = Some(self.client_id);
            value.client_name = Some(self.name.clone());
            value.client_secret = self
                .secret
                .as_ref()
                .map(|secret| secret.expose().to_owned());
            value.client_type = Some(self.client_type());
            value.logo_uri = self.logo_uri.clone();
            value.grant_types = Some(self.grant_types.clone());
            value.response_types = Some(
                self.response_types
                    .iter()
                    .filter_map(|value| response_type_enum(value))
                    .collect(),
            );
            value.redirect_uris = Some(self.redirect_uris.clone());
            value.token_auth_method = Some(match self.auth_method() {
                "none" => ClientAuthMethod::None,
                "client_secret_post" => ClientAuthMethod::ClientSecretPost,
                "client_secret_jwt" => ClientAuthMethod::ClientSecretJwt,
                "private_key_jwt" => ClientAuthMethod::PrivateKeyJwt,
                "tls_client_auth" => ClientAuthMethod::TlsClientAuth,
                "self_signed_tls_client_auth" => ClientAuthMethod::SelfSignedTlsClientAuth,
                _ => ClientAuthMethod::ClientSecretBasic,
            });
            value.pkce_required = Some(self.pkce_required);
            value.pkce_s256_required = Some(self.pkce_s256_required);
            value.tls_client_certificate_bound_access_tokens = Some(self.cert_bound);
            value.tls_client_auth_subject_dn = self.tls_subject_dn.clone();
            value.dynamically_registered = Some(self.dynamic.is_some());
            value.created_at = Some(self.created_at);
            value.modified_at = Some(self.created_at);
            self.administration.fill(&mut value);
            value
        }
    }
}

/// Finds a client by the `client_id` parameter without authenticating it.
pub(crate) fn lookup<'a>(
    clients: &'a std::collections::HashMap<i64, LiveClient>,
    id: &str,
) -> Option<&'a LiveClient> {
    id.parse::<i64>().ok().and_then(|id| clients.get(&id))
}

/// How the fields of a [`LiveClient`] that have no serde form of their own are written to a
/// data file: the secret as its text (the file holds what Authlete's database holds), the
/// method as its RFC 7591 name.
pub(crate) mod stored {
    pub mod secret {
        use authlete_tower::config::Secret;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            value: &Option<Secret>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(secret) => serializer.serialize_some(secret.expose()),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Secret>, D::Error> {
            Ok(Option::<String>::deserialize(deserializer)?.map(Secret::new))
        }
    }

    pub mod auth_method {
        use super::super::TokenAuthMethod;
        use serde::de::Error as _;
        use serde::{Deserialize, Deserializer, Serializer};

        pub fn serialize<S: Serializer>(
            value: &Option<TokenAuthMethod>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match value {
                Some(method) => serializer.serialize_some(method.name()),
                None => serializer.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<TokenAuthMethod>, D::Error> {
            match Option::<String>::deserialize(deserializer)? {
                Some(name) => TokenAuthMethod::from_name(&name)
                    .map(Some)
                    .ok_or_else(|| D::Error::custom("unknown token_endpoint_auth_method")),
                None => Ok(None),
            }
        }
    }
}
