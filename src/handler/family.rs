//! Endpoint families that can be left unmounted, and the discovery metadata each one owns: the
//! discovery document advertises exactly the families the router mounts.
//!
//! ```
//! # use std::sync::Arc;
//! # use authlete_tower::{AuthleteApi, AuthorizationServer};
//! # use authlete_tower::handler::{Family, InteractionSpi, UserSpi};
//! # fn run(api: Arc<dyn AuthleteApi>, app: impl UserSpi + InteractionSpi) {
//! let server = AuthorizationServer::new(api, app).without(Family::Registration);
//! assert!(!server.mounts(Family::Registration)); // no /api/register, no registration_endpoint
//! assert!(!server.mounts(Family::Backchannel)); // CIBA needs with_backchannel
//! # }
//! ```

use serde_json::{Map, Value};

/// A family of endpoints of [`AuthorizationServer`](super::AuthorizationServer). The
/// authorization, token, JWK Set and discovery endpoints are always mounted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// The RFC 7662 introspection endpoint.
    Introspection,
    /// The RFC 7009 revocation endpoint.
    Revocation,
    /// The UserInfo endpoint.
    UserInfo,
    /// The pushed authorization request endpoint (RFC 9126).
    PushedAuthorization,
    /// The device authorization grant's endpoints (RFC 8628) and its grant type.
    DeviceFlow,
    /// Dynamic client registration and its management endpoint (RFC 7591, RFC 7592).
    Registration,
    /// The CIBA backchannel authentication endpoint, its grant type and delivery modes (mounted
    /// only with [`with_backchannel`](super::AuthorizationServer::with_backchannel)).
    Backchannel,
    /// The token exchange (RFC 8693) and JWT bearer (RFC 7523) grants of the token endpoint
    /// (answered only with [`with_grants`](super::AuthorizationServer::with_grants)).
    ExtensionGrants,
    /// The grant management endpoint (Grant Management for OAuth 2.0): `GET` and `DELETE`
    /// [`Paths::grant_management`](super::Paths::grant_management)`/{grant_id}`.
    GrantManagement,
    /// OpenID Connect Native SSO for Mobile Apps 1.0 at the token endpoint (answered only with
    /// [`with_native_sso`](super::AuthorizationServer::with_native_sso)).
    NativeSso,
}

impl Family {
    /// Every family.
    pub const ALL: [Family; 10] = [
        Family::Introspection,
        Family::Revocation,
        Family::UserInfo,
        Family::PushedAuthorization,
        Family::DeviceFlow,
        Family::Registration,
        Family::Backchannel,
        Family::ExtensionGrants,
        Family::GrantManagement,
        Family::NativeSso,
    ];

    /// Whether the family is mounted only once its SPI is given.
    fn needs_its_spi(self) -> bool {
        matches!(
            self,
            Family::Backchannel | Family::ExtensionGrants | Family::NativeSso
        )
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }

    /// The discovery keys (OpenID Connect Discovery 1.0, RFC 8414 and the families' own
    /// specifications) that describe this family alone.
    fn metadata(self) -> &'static [&'static str] {
        match self {
            Family::Introspection => &[
                "introspection_endpoint",
                "introspection_endpoint_auth_methods_supported",
                "introspection_endpoint_auth_signing_alg_values_supported",
                "introspection_signing_alg_values_supported",
                "introspection_encryption_alg_values_supported",
                "introspection_encryption_enc_values_supported",
            ],
            Family::Revocation => &[
                "revocation_endpoint",
                "revocation_endpoint_auth_methods_supported",
                "revocation_endpoint_auth_signing_alg_values_supported",
            ],
            Family::UserInfo => &[
                "userinfo_endpoint",
                "userinfo_signing_alg_values_supported",
                "userinfo_encryption_alg_values_supported",
                "userinfo_encryption_enc_values_supported",
            ],
            Family::PushedAuthorization => &[
                "pushed_authorization_request_endpoint",
                "require_pushed_authorization_requests",
            ],
            Family::DeviceFlow => &["device_authorization_endpoint"],
            Family::Registration => &["registration_endpoint"],
            Family::Backchannel => &[
                "backchannel_authentication_endpoint",
                "backchannel_token_delivery_modes_supported",
                "backchannel_user_code_parameter_supported",
                "backchannel_authentication_request_signing_alg_values_supported",
            ],
            Family::ExtensionGrants => &[],
            Family::GrantManagement => &[
                "grant_management_endpoint",
                "grant_management_actions_supported",
                "grant_management_action_required",
            ],
            Family::NativeSso => &["native_sso_supported"],
        }
    }

    /// The grant types this family answers: Native SSO's second app uses the token exchange
    /// grant, so that grant type goes only when both families that answer it are left out.
    fn grant_types(self) -> &'static [&'static str] {
        match self {
            Family::DeviceFlow => &["urn:ietf:params:oauth:grant-type:device_code"],
            Family::Backchannel => &["urn:openid:params:grant-type:ciba"],
            Family::ExtensionGrants => &[
                "urn:ietf:params:oauth:grant-type:token-exchange",
                "urn:ietf:params:oauth:grant-type:jwt-bearer",
            ],
            Family::NativeSso => &["urn:ietf:params:oauth:grant-type:token-exchange"],
            _ => &[],
        }
    }
}

/// A set of [`Family`]s: by default every one but [`Family::Backchannel`],
/// [`Family::ExtensionGrants`] and [`Family::NativeSso`], which need their SPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FamilySet(u16);

impl Default for FamilySet {
    fn default() -> Self {
        let mut set = Self(0);
        for family in Family::ALL {
            if !family.needs_its_spi() {
                set.insert(family);
            }
        }
        set
    }
}

impl FamilySet {
    pub(crate) fn contains(self, family: Family) -> bool {
        self.0 & family.bit() != 0
    }

    pub(crate) fn insert(&mut self, family: Family) {
        self.0 |= family.bit();
    }

    pub(crate) fn remove(&mut self, family: Family) {
        self.0 &= !family.bit();
    }

    /// Whether a family of the set answers `grant`.
    fn answers(self, grant: &str) -> bool {
        Family::ALL
            .into_iter()
            .any(|family| self.contains(family) && family.grant_types().contains(&grant))
    }

    /// Removes from a discovery document what the families left out own: their keys, their
    /// entries in `mtls_endpoint_aliases` and the grant types no family of the set answers.
    pub(crate) fn restrict(self, document: &mut Map<String, Value>) {
        for family in Family::ALL.into_iter().filter(|f| !self.contains(*f)) {
            for key in family.metadata() {
                document.remove(*key);
                if let Some(Value::Object(aliases)) = document.get_mut("mtls_endpoint_aliases") {
                    aliases.remove(*key);
                }
            }
            if let Some(Value::Array(grants)) = document.get_mut("grant_types_supported") {
                grants.retain(|value| {
                    !value.as_str().is_some_and(|grant| {
                        family.grant_types().contains(&grant) && !self.answers(grant)
                    })
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_default_set_leaves_out_only_the_families_that_need_an_spi() {
        let set = FamilySet::default();
        for family in Family::ALL {
            let needs_an_spi = matches!(
                family,
                Family::Backchannel | Family::ExtensionGrants | Family::NativeSso
            );
            assert_eq!(set.contains(family), !needs_an_spi);
        }
        let mut set = set;
        set.remove(Family::Revocation);
        assert!(!set.contains(Family::Revocation));
        set.insert(Family::Revocation);
        assert!(set.contains(Family::Revocation));
    }

    #[test]
    fn restricting_removes_keys_aliases_and_grant_types() {
        let mut document = json!({
            "issuer": "https://as.example",
            "token_endpoint": "https://as.example/token",
            "device_authorization_endpoint": "https://as.example/device",
            "backchannel_authentication_endpoint": "https://as.example/bc",
            "backchannel_token_delivery_modes_supported": ["poll"],
            "native_sso_supported": true,
            "mtls_endpoint_aliases": {
                "token_endpoint": "https://mtls.as.example/token",
                "backchannel_authentication_endpoint": "https://mtls.as.example/bc"
            },
            "grant_types_supported": ["authorization_code", "urn:openid:params:grant-type:ciba",
                "urn:ietf:params:oauth:grant-type:device_code",
                "urn:ietf:params:oauth:grant-type:token-exchange",
                "urn:ietf:params:oauth:grant-type:jwt-bearer"]
        });
        let Value::Object(fields) = &mut document else {
            unreachable!()
        };
        FamilySet::default().restrict(fields);
        assert_eq!(
            document,
            json!({
                "issuer": "https://as.example",
                "token_endpoint": "https://as.example/token",
                "device_authorization_endpoint": "https://as.example/device",
                "mtls_endpoint_aliases": {"token_endpoint": "https://mtls.as.example/token"},
                "grant_types_supported": ["authorization_code",
                    "urn:ietf:params:oauth:grant-type:device_code"]
            })
        );
    }

    #[test]
    fn the_token_exchange_grant_stays_while_native_sso_or_the_extension_grants_answer_it() {
        const EXCHANGE: &str = "urn:ietf:params:oauth:grant-type:token-exchange";
        const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
        let grants_with = |families: &[Family]| {
            let mut set = FamilySet::default();
            for family in families {
                set.insert(*family);
            }
            let mut document = json!({
                "grant_types_supported": ["authorization_code", EXCHANGE, JWT_BEARER]
            });
            let Value::Object(fields) = &mut document else {
                unreachable!()
            };
            set.restrict(fields);
            document["grant_types_supported"].clone()
        };
        assert_eq!(
            grants_with(&[Family::NativeSso]),
            json!(["authorization_code", EXCHANGE])
        );
        assert_eq!(
            grants_with(&[Family::ExtensionGrants]),
            json!(["authorization_code", EXCHANGE, JWT_BEARER])
        );
        assert_eq!(
            grants_with(&[Family::NativeSso, Family::ExtensionGrants]),
            json!(["authorization_code", EXCHANGE, JWT_BEARER])
        );
        assert_eq!(grants_with(&[]), json!(["authorization_code"]));
    }
}
