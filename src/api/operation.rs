//! [`Operation`]: the name, method, path and retry safety of each Authlete API, in one table.
//!
//! ```
//! use authlete_tower::Operation;
//!
//! assert_eq!(Operation::Introspection.path(), "/auth/introspection");
//! // Introspection reads; the token endpoint consumes an authorization code.
//! assert!(Operation::Introspection.is_repeatable());
//! assert!(!Operation::Token.is_repeatable());
//! ```

use http::Method;

/// `repeatable`: the call only reads (nothing is consumed or created), so sending it again after
/// a failure is safe. `once`: the call consumes a ticket, a code or a device code, or creates or
/// changes something; it is never sent twice.
macro_rules! repeat {
    (repeatable) => {
        true
    };
    (once) => {
        false
    };
}

macro_rules! operations {
    ($( $(#[$meta:meta])* $variant:ident => ($method:ident, $path:literal, $repeat:ident), )+) => {
        /// One Authlete API. Names the API in logs and spans, and knows its method and path.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[$meta])* $variant, )+
        }

        impl Operation {
            /// Every operation, in declaration order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant,)+];

            /// The path below `/api` (v2) or `/api/{serviceId}` (v3), e.g. `/auth/introspection`.
            pub fn path(self) -> &'static str {
                match self { $( Operation::$variant => $path, )+ }
            }

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self { $( Operation::$variant => Method::$method, )+ }
            }

            /// Whether the call only reads, so that [`AuthleteClient`](crate::AuthleteClient) may
            /// send it again after a connection error, a 429 or a 502/503/504. A call that
            /// consumes a ticket, a code or a device code, or creates or changes anything, is
            /// never repeated.
            pub fn is_repeatable(self) -> bool {
                match self { $( Operation::$variant => repeat!($repeat), )+ }
            }

            /// The position in [`ALL`](Self::ALL): a dense index for per-operation tables.
            pub(crate) fn index(self) -> usize {
                self as usize
            }

            /// Finds the operation served at `path` (without the `/api` or `/api/{serviceId}` prefix).
            pub fn from_path(path: &str) -> Option<Operation> {
                match path { $( $path => Some(Operation::$variant), )+ _ => None }
            }
        }
    };
}

operations! {
    /// `/auth/authorization`
    Authorization => (POST, "/auth/authorization", once),
    /// `/auth/authorization/issue`
    AuthorizationIssue => (POST, "/auth/authorization/issue", once),
    /// `/auth/authorization/fail`
    AuthorizationFail => (POST, "/auth/authorization/fail", once),
    /// `/auth/token`
    Token => (POST, "/auth/token", once),
    /// `/auth/token/issue`
    TokenIssue => (POST, "/auth/token/issue", once),
    /// `/auth/token/fail`
    TokenFail => (POST, "/auth/token/fail", once),
    /// `/auth/introspection`
    Introspection => (POST, "/auth/introspection", repeatable),
    /// `/auth/introspection/standard`
    StandardIntrospection => (POST, "/auth/introspection/standard", repeatable),
    /// `/auth/revocation`
    Revocation => (POST, "/auth/revocation", once),
    /// `/auth/userinfo`
    UserInfo => (POST, "/auth/userinfo", repeatable),
    /// `/auth/userinfo/issue`
    UserInfoIssue => (POST, "/auth/userinfo/issue", once),
    /// `/service/configuration`
    ServiceConfiguration => (GET, "/service/configuration", repeatable),
    /// `/service/jwks/get`
    ServiceJwks => (GET, "/service/jwks/get", repeatable),
    /// `/pushed_auth_req`
    PushedAuthorization => (POST, "/pushed_auth_req", once),
    /// `/device/authorization`
    DeviceAuthorization => (POST, "/device/authorization", once),
    /// `/device/verification`
    DeviceVerification => (POST, "/device/verification", repeatable),
    /// `/device/complete`
    DeviceComplete => (POST, "/device/complete", once),
    /// `/backchannel/authentication`
    BackchannelAuthentication => (POST, "/backchannel/authentication", once),
    /// `/backchannel/authentication/issue`
    BackchannelAuthenticationIssue => (POST, "/backchannel/authentication/issue", once),
    /// `/backchannel/authentication/fail`
    BackchannelAuthenticationFail => (POST, "/backchannel/authentication/fail", once),
    /// `/backchannel/authentication/complete`
    BackchannelAuthenticationComplete => (POST, "/backchannel/authentication/complete", once),
    /// `/client/registration`
    ClientRegistration => (POST, "/client/registration", once),
    /// `/client/registration/get`
    ClientRegistrationGet => (POST, "/client/registration/get", repeatable),
    /// `/client/registration/update`
    ClientRegistrationUpdate => (POST, "/client/registration/update", once),
    /// `/client/registration/delete`
    ClientRegistrationDelete => (POST, "/client/registration/delete", once),
    /// `/client/get/{clientId}`
    ClientGet => (GET, "/client/get/{clientId}", repeatable),
    /// `/client/create`
    ClientCreate => (POST, "/client/create", once),
    /// `/client/delete/{clientId}`
    ClientDelete => (DELETE, "/client/delete/{clientId}", once),
    /// `/client/secret/refresh/{clientIdentifier}` (a `GET` that changes the secret)
    ClientSecretRefresh => (GET, "/client/secret/refresh/{clientIdentifier}", once),
    /// `/auth/token/create`
    TokenCreate => (POST, "/auth/token/create", once),
    /// `/auth/token/update`
    TokenUpdate => (POST, "/auth/token/update", once),
    /// `/auth/token/delete/{accessTokenIdentifier}`
    TokenDelete => (DELETE, "/auth/token/delete/{accessTokenIdentifier}", once),
    /// `/auth/token/revoke`
    TokenRevoke => (POST, "/auth/token/revoke", once),
    /// `/auth/token/get/list`
    TokenList => (GET, "/auth/token/get/list", repeatable),
    /// `/client/get/list`
    ClientList => (GET, "/client/get/list", repeatable),
    /// `/client/update/{clientId}`
    ClientUpdate => (POST, "/client/update/{clientId}", once),
    /// `/client/secret/update/{clientIdentifier}`
    ClientSecretUpdate => (POST, "/client/secret/update/{clientIdentifier}", once),
    /// `/client/lock_flag/update/{clientIdentifier}`
    ClientLockFlagUpdate => (POST, "/client/lock_flag/update/{clientIdentifier}", once),
    /// `/client/extension/requestable_scopes/get/{clientId}`
    ClientRequestableScopesGet => (GET, "/client/extension/requestable_scopes/get/{clientId}", repeatable),
    /// `/client/extension/requestable_scopes/update/{clientId}`
    ClientRequestableScopesUpdate => (PUT, "/client/extension/requestable_scopes/update/{clientId}", once),
    /// `/client/extension/requestable_scopes/delete/{clientId}`
    ClientRequestableScopesDelete => (DELETE, "/client/extension/requestable_scopes/delete/{clientId}", once),
    /// `/client/granted_scopes/get/{clientId}` (the subject in the query)
    ClientGrantedScopesGet => (GET, "/client/granted_scopes/get/{clientId}", repeatable),
    /// `/client/granted_scopes/delete/{clientId}` (the subject in the query)
    ClientGrantedScopesDelete => (DELETE, "/client/granted_scopes/delete/{clientId}", once),
    /// `/client/authorization/get/list` (the subject in the query)
    ClientAuthorizationList => (GET, "/client/authorization/get/list", repeatable),
    /// `/client/authorization/update/{clientId}`
    ClientAuthorizationUpdate => (POST, "/client/authorization/update/{clientId}", once),
    /// `/client/authorization/delete/{clientId}` (the subject in the query)
    ClientAuthorizationDelete => (DELETE, "/client/authorization/delete/{clientId}", once),
    /// `/auth/authorization/ticket/info`
    AuthorizationTicketInfo => (POST, "/auth/authorization/ticket/info", repeatable),
    /// `/auth/authorization/ticket/update`
    AuthorizationTicketUpdate => (POST, "/auth/authorization/ticket/update", once),
    /// `/idtoken/reissue`
    IdTokenReissue => (POST, "/idtoken/reissue", once),
    /// `/auth/token/create/batch`
    TokenCreateBatch => (POST, "/auth/token/create/batch", once),
    /// `/auth/token/create/batch/status/{tokenBatchRequestId}`
    TokenCreateBatchStatus => (GET, "/auth/token/create/batch/status/{tokenBatchRequestId}", repeatable),
    /// `/misc/echo`, below `/api` on both versions (no service ID)
    Echo => (GET, "/misc/echo", repeatable),
    /// `/info`, below `/api` on both versions (no service ID): the server's version and features
    Info => (GET, "/info", repeatable),
    /// `/gm` (Grant Management for OAuth 2.0; a `REVOKE` changes the grant)
    GrantManagement => (POST, "/gm", once),
    /// `/nativesso` (OpenID Connect Native SSO for Mobile Apps 1.0)
    NativeSso => (POST, "/nativesso", once),
    /// `/nativesso/logout`
    NativeSsoLogout => (POST, "/nativesso/logout", once),
    /// `/service/get`: below `/api/{serviceId}` on v3, `/api/service/get/{serviceApiKey}` on v2;
    /// called with the service owner's credentials
    ServiceGet => (GET, "/service/get", repeatable),
    /// `/service/get/list`, below `/api` on both versions; the service owner's credentials
    ServiceGetList => (GET, "/service/get/list", repeatable),
    /// `/service/create`, below `/api` on both versions; the service owner's credentials
    ServiceCreate => (POST, "/service/create", once),
    /// `/service/update`: below `/api/{serviceId}` on v3, `/api/service/update/{serviceApiKey}`
    /// on v2; the service owner's credentials
    ServiceUpdate => (POST, "/service/update", once),
    /// `/service/delete`: below `/api/{serviceId}` on v3, `/api/service/delete/{serviceApiKey}`
    /// on v2; the service owner's credentials
    ServiceDelete => (DELETE, "/service/delete", once),
    /// `/backchannel/logout/token` (OpenID Connect Back-Channel Logout 1.0; Authlete 3.0.32,
    /// not in the published specifications yet)
    BackchannelLogoutToken => (POST, "/backchannel/logout/token", once),
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_is_the_position_in_all() {
        for (position, operation) in Operation::ALL.iter().enumerate() {
            assert_eq!(operation.index(), position, "{operation}");
        }
    }

    #[test]
    fn only_reads_are_repeatable() {
        let repeatable: Vec<&str> = Operation::ALL
            .iter()
            .filter(|operation| operation.is_repeatable())
            .map(|operation| operation.path())
            .collect();
        assert_eq!(
            repeatable,
            [
                "/auth/introspection",
                "/auth/introspection/standard",
                "/auth/userinfo",
                "/service/configuration",
                "/service/jwks/get",
                "/device/verification",
                "/client/registration/get",
                "/client/get/{clientId}",
                "/auth/token/get/list",
                "/client/get/list",
                "/client/extension/requestable_scopes/get/{clientId}",
                "/client/granted_scopes/get/{clientId}",
                "/client/authorization/get/list",
                "/auth/authorization/ticket/info",
                "/auth/token/create/batch/status/{tokenBatchRequestId}",
                "/misc/echo",
                "/info",
                "/service/get",
                "/service/get/list",
            ]
        );
        for consuming in [
            Operation::AuthorizationIssue,
            Operation::Token,
            Operation::TokenIssue,
            Operation::DeviceComplete,
            Operation::BackchannelAuthenticationIssue,
            Operation::BackchannelAuthenticationComplete,
            Operation::ClientRegistration,
            Operation::ClientCreate,
            Operation::ClientDelete,
            Operation::ClientSecretRefresh,
            Operation::TokenCreate,
            Operation::TokenUpdate,
            Operation::TokenDelete,
            Operation::TokenRevoke,
            Operation::ClientUpdate,
            Operation::ClientSecretUpdate,
            Operation::ClientLockFlagUpdate,
            Operation::ClientRequestableScopesUpdate,
            Operation::ClientRequestableScopesDelete,
            Operation::ClientGrantedScopesDelete,
            Operation::ClientAuthorizationUpdate,
            Operation::ClientAuthorizationDelete,
            Operation::AuthorizationTicketUpdate,
            Operation::IdTokenReissue,
            Operation::TokenCreateBatch,
            Operation::GrantManagement,
            Operation::ServiceCreate,
            Operation::ServiceUpdate,
            Operation::ServiceDelete,
            Operation::BackchannelLogoutToken,
        ] {
            assert!(!consuming.is_repeatable(), "{consuming}");
        }
    }
}
