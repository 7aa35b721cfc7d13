//! Client authentication as Authlete performs it at the token, revocation, PAR, device
//! authorization and backchannel APIs: exactly one method per request, the client's registered
//! `token_endpoint_auth_method` enforced, secrets compared in constant time.
//!
//! ```
//! use authlete_local::{ClientConfig, LocalConfig, TokenAuthMethod};
//!
//! // A client that must send its secret in the form body (`client_secret_post`).
//! let client = ClientConfig::confidential(4000, "s3cret", "Batch Job")
//!     .grant_types(["client_credentials"])
//!     .token_endpoint_auth_method(TokenAuthMethod::ClientSecretPost);
//! assert_eq!(client.token_endpoint_auth_method, Some(TokenAuthMethod::ClientSecretPost));
//! assert_eq!(TokenAuthMethod::from_name("client_secret_basic"), Some(TokenAuthMethod::ClientSecretBasic));
//! ```
//!
//! The methods a request presents are told apart by where the credentials are: the
//! `clientSecret` field of the API request carries what came in `Authorization: Basic`, the
//! `client_secret` form parameter is `client_secret_post`, `client_assertion` is a JWT assertion
//! (RFC 7523), and a `client_id` alone is `none`.

use std::collections::HashMap;

use subtle::ConstantTimeEq;

use super::clients::LiveClient;
use super::params::Params;

/// A client authentication method, as RFC 7591's `token_endpoint_auth_method` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenAuthMethod {
    /// The secret in `Authorization: Basic` (RFC 6749 §2.3.1).
    ClientSecretBasic,
    /// The secret in the form body (`client_secret`).
    ClientSecretPost,
    /// No authentication: a public client.
    None,
    /// A JWT assertion signed with the client secret (RFC 7523, OIDC Core §9).
    ClientSecretJwt,
    /// A JWT assertion signed with a key of the client's registered `jwks`.
    PrivateKeyJwt,
    /// A PKI client certificate whose subject is registered (RFC 8705 §2.1).
    TlsClientAuth,
    /// A self-signed client certificate listed in the client's `jwks` (RFC 8705 §2.2).
    SelfSignedTlsClientAuth,
}

impl TokenAuthMethod {
    /// The RFC 7591 name, e.g. `client_secret_basic`.
    pub fn name(self) -> &'static str {
        match self {
            TokenAuthMethod::ClientSecretBasic => "client_secret_basic",
            TokenAuthMethod::ClientSecretPost => "client_secret_post",
            TokenAuthMethod::None => "none",
            TokenAuthMethod::ClientSecretJwt => "client_secret_jwt",
            TokenAuthMethod::PrivateKeyJwt => "private_key_jwt",
            TokenAuthMethod::TlsClientAuth => "tls_client_auth",
            TokenAuthMethod::SelfSignedTlsClientAuth => "self_signed_tls_client_auth",
        }
    }

    /// The method an RFC 7591 name stands for, if the local backend supports it.
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "client_secret_basic" => TokenAuthMethod::ClientSecretBasic,
            "client_secret_post" => TokenAuthMethod::ClientSecretPost,
            "none" => TokenAuthMethod::None,
            "client_secret_jwt" => TokenAuthMethod::ClientSecretJwt,
            "private_key_jwt" => TokenAuthMethod::PrivateKeyJwt,
            "tls_client_auth" => TokenAuthMethod::TlsClientAuth,
            "self_signed_tls_client_auth" => TokenAuthMethod::SelfSignedTlsClientAuth,
            _ => return None,
        })
    }

    /// Whether the method proves possession of the client secret.
    fn uses_secret(self) -> bool {
        matches!(
            self,
            TokenAuthMethod::ClientSecretBasic | TokenAuthMethod::ClientSecretPost
        )
    }
}

/// Why client authentication failed, with the OAuth error to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AuthFailure {
    /// `invalid_client`: unknown client, wrong or missing secret, a method other than the
    /// registered one.
    InvalidClient(&'static str),
    /// `invalid_request`: more than one method, or a `client_id` that contradicts Basic.
    InvalidRequest(&'static str),
}

/// How a request authenticates its client: one variant per method, so that a method added later
/// (`client_secret_jwt`, `private_key_jwt`, `tls_client_auth`) is one more arm of [`verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presented<'a> {
    /// `Authorization: Basic` (the API request's `clientSecret`).
    SecretBasic(&'a str),
    /// The `client_secret` form parameter.
    SecretPost(&'a str),
    /// `client_assertion` + `client_assertion_type` (RFC 7523).
    Assertion,
    /// Only a `client_id`.
    Nothing,
}

/// Authenticates the client of a request: the `clientId`/`clientSecret` fields of the API request
/// (what came in HTTP Basic) and the `client_id`/`client_secret`/`client_assertion` form
/// parameters.
pub(crate) fn authenticate<'a>(
    clients: &'a HashMap<i64, LiveClient>,
    field_id: Option<&str>,
    field_secret: Option<&str>,
    params: &Params,
) -> Result<&'a LiveClient, AuthFailure> {
    let field_id = field_id.filter(|value| !value.is_empty());
    let field_secret = field_secret.filter(|value| !value.is_empty());
    let param_id = params.get("client_id");
    let mut presented = Vec::with_capacity(1);
    if let Some(secret) = field_secret {
        presented.push(Presented::SecretBasic(secret));
    }
    if let Some(secret) = params.get("client_secret") {
        presented.push(Presented::SecretPost(secret));
    }
    if params.get("client_assertion").is_some() || params.get("client_assertion_type").is_some() {
        presented.push(Presented::Assertion);
    }
    let presented = match presented.as_slice() {
        [] => Presented::Nothing,
        [one] => *one,
        _ => {
            return Err(AuthFailure::InvalidRequest(
                "more than one client authentication method is used",
            ));
        }
    };
    if let (Some(field), Some(param)) = (field_id, param_id)
        && field != param
    {
        return Err(AuthFailure::InvalidRequest(
            "client_id differs from the authenticated client",
        ));
    }
    let Some(id) = field_id.or(param_id) else {
        return Err(AuthFailure::InvalidClient(
            "no client authentication was included",
        ));
    };
    let client = id
        .parse::<i64>()
        .ok()
        .and_then(|id| clients.get(&id))
        .ok_or(AuthFailure::InvalidClient("the client is unknown"))?;
    verify(client, presented)?;
    Ok(client)
}

/// Checks the presented method against the client's registration, then the credential itself.
fn verify(client: &LiveClient, presented: Presented<'_>) -> Result<(), AuthFailure> {
    let (method, given) = match presented {
        Presented::SecretBasic(secret) => (TokenAuthMethod::ClientSecretBasic, Some(secret)),
        Presented::SecretPost(secret) => (TokenAuthMethod::ClientSecretPost, Some(secret)),
        Presented::Nothing => (TokenAuthMethod::None, None),
        // Verified by `Engine::authenticate_client` (client_assertion.rs) before this point.
        Presented::Assertion => {
            return Err(AuthFailure::InvalidClient(
                "the client assertion cannot be checked here",
            ));
        }
    };
    let allowed = match client.token_auth_method {
        Some(registered) => registered == method,
        // Not declared: a confidential client may use either secret method, a public one none.
        None => method.uses_secret() != client.is_public(),
    };
    if !allowed {
        return Err(AuthFailure::InvalidClient(
            match (client.is_public(), method) {
                (true, _) => "the client is public and has no secret",
                (false, TokenAuthMethod::None) => "the client must authenticate with its secret",
                (false, _) => "the client authentication method is not the one registered",
            },
        ));
    }
    match (given, &client.secret) {
        (None, _) => Ok(()),
        (Some(given), Some(expected)) => {
            if bool::from(expected.expose().as_bytes().ct_eq(given.as_bytes())) {
                Ok(())
            } else {
                Err(AuthFailure::InvalidClient("the client secret is wrong"))
            }
        }
        (Some(_), None) => Err(AuthFailure::InvalidClient(
            "the client is public and has no secret",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ClientConfig;

    fn clients() -> HashMap<i64, LiveClient> {
        let configs = [
            ClientConfig::confidential(1, "s", "Any secret method"),
            ClientConfig::confidential(2, "s", "Basic only")
                .token_endpoint_auth_method(TokenAuthMethod::ClientSecretBasic),
            ClientConfig::confidential(3, "s", "Post only")
                .token_endpoint_auth_method(TokenAuthMethod::ClientSecretPost),
            ClientConfig::public(4, "Public"),
        ];
        configs
            .iter()
            .map(|config| (config.client_id, LiveClient::from_config(config, 0)))
            .collect()
    }

    fn run(id: Option<&str>, secret: Option<&str>, form: &str) -> Result<i64, AuthFailure> {
        let clients = clients();
        authenticate(&clients, id, secret, &Params::parse(form)).map(|client| client.client_id)
    }

    #[test]
    fn one_method_the_registered_one() {
        assert_eq!(run(Some("1"), Some("s"), ""), Ok(1));
        assert_eq!(run(None, None, "client_id=1&client_secret=s"), Ok(1));
        assert_eq!(run(Some("2"), Some("s"), ""), Ok(2));
        assert_eq!(run(None, None, "client_id=3&client_secret=s"), Ok(3));
        assert_eq!(run(None, None, "client_id=4"), Ok(4));
        let not_registered = Err(AuthFailure::InvalidClient(
            "the client authentication method is not the one registered",
        ));
        assert_eq!(
            run(None, None, "client_id=2&client_secret=s"),
            not_registered
        );
        assert_eq!(run(Some("3"), Some("s"), ""), not_registered);
    }

    #[test]
    fn two_methods_are_an_invalid_request() {
        let two = Err(AuthFailure::InvalidRequest(
            "more than one client authentication method is used",
        ));
        assert_eq!(run(Some("1"), Some("s"), "client_secret=s"), two);
        assert_eq!(
            run(None, None, "client_id=1&client_secret=s&client_assertion=x"),
            two
        );
    }

    #[test]
    fn wrong_missing_or_unexpected_secrets_are_invalid_client() {
        assert_eq!(
            run(Some("1"), Some("t"), ""),
            Err(AuthFailure::InvalidClient("the client secret is wrong"))
        );
        assert_eq!(
            run(None, None, "client_id=1"),
            Err(AuthFailure::InvalidClient(
                "the client must authenticate with its secret"
            ))
        );
        assert_eq!(
            run(None, None, "client_id=4&client_secret=x"),
            Err(AuthFailure::InvalidClient(
                "the client is public and has no secret"
            ))
        );
        assert_eq!(
            run(None, None, "client_id=9&client_secret=s"),
            Err(AuthFailure::InvalidClient("the client is unknown"))
        );
        assert_eq!(
            run(
                None,
                None,
                "client_id=1&client_assertion_type=x&client_assertion=y"
            ),
            Err(AuthFailure::InvalidClient(
                "the client assertion cannot be checked here"
            ))
        );
        assert_eq!(
            run(Some("1"), Some("s"), "client_id=2"),
            Err(AuthFailure::InvalidRequest(
                "client_id differs from the authenticated client"
            ))
        );
    }
}
