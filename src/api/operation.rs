//! [`Operation`]: the name, method and path of each Authlete API, in one table.

use http::Method;

macro_rules! operations {
    ($( $(#[$meta:meta])* $variant:ident => ($method:ident, $path:literal), )+) => {
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

            /// Finds the operation served at `path` (without the `/api` or `/api/{serviceId}` prefix).
            pub fn from_path(path: &str) -> Option<Operation> {
                match path { $( $path => Some(Operation::$variant), )+ _ => None }
            }
        }
    };
}

operations! {
    /// `/auth/authorization`
    Authorization => (POST, "/auth/authorization"),
    /// `/auth/authorization/issue`
    AuthorizationIssue => (POST, "/auth/authorization/issue"),
    /// `/auth/authorization/fail`
    AuthorizationFail => (POST, "/auth/authorization/fail"),
    /// `/auth/token`
    Token => (POST, "/auth/token"),
    /// `/auth/token/issue`
    TokenIssue => (POST, "/auth/token/issue"),
    /// `/auth/token/fail`
    TokenFail => (POST, "/auth/token/fail"),
    /// `/auth/introspection`
    Introspection => (POST, "/auth/introspection"),
    /// `/auth/introspection/standard`
    StandardIntrospection => (POST, "/auth/introspection/standard"),
    /// `/auth/revocation`
    Revocation => (POST, "/auth/revocation"),
    /// `/auth/userinfo`
    UserInfo => (POST, "/auth/userinfo"),
    /// `/auth/userinfo/issue`
    UserInfoIssue => (POST, "/auth/userinfo/issue"),
    /// `/service/configuration`
    ServiceConfiguration => (GET, "/service/configuration"),
    /// `/service/jwks/get`
    ServiceJwks => (GET, "/service/jwks/get"),
    /// `/pushed_auth_req`
    PushedAuthorization => (POST, "/pushed_auth_req"),
    /// `/device/authorization`
    DeviceAuthorization => (POST, "/device/authorization"),
    /// `/device/verification`
    DeviceVerification => (POST, "/device/verification"),
    /// `/device/complete`
    DeviceComplete => (POST, "/device/complete"),
    /// `/backchannel/authentication`
    BackchannelAuthentication => (POST, "/backchannel/authentication"),
    /// `/backchannel/authentication/issue`
    BackchannelAuthenticationIssue => (POST, "/backchannel/authentication/issue"),
    /// `/backchannel/authentication/fail`
    BackchannelAuthenticationFail => (POST, "/backchannel/authentication/fail"),
    /// `/backchannel/authentication/complete`
    BackchannelAuthenticationComplete => (POST, "/backchannel/authentication/complete"),
    /// `/client/registration`
    ClientRegistration => (POST, "/client/registration"),
    /// `/client/registration/get`
    ClientRegistrationGet => (POST, "/client/registration/get"),
    /// `/client/registration/update`
    ClientRegistrationUpdate => (POST, "/client/registration/update"),
    /// `/client/registration/delete`
    ClientRegistrationDelete => (POST, "/client/registration/delete"),
    /// `/client/get/{clientId}`
    ClientGet => (GET, "/client/get/{clientId}"),
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.path())
    }
}
