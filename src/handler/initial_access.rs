//! Who may register a client at the dynamic registration endpoint (RFC 7591 §3): by default
//! nobody; with [`InitialAccessTokens`] whoever presents one of them as `Authorization: Bearer`;
//! with [`OpenRegistration`] anyone (what the OpenID Connect Dynamic profile needs).
//!
//! ```
//! use authlete_tower::handler::InitialAccessTokens;
//!
//! // Registration needs one of these tokens (read them from a secret store):
//! let tokens = InitialAccessTokens::new(["a-long-random-token"]);
//! assert!(tokens.accepts("a-long-random-token"));
//! assert!(!tokens.accepts("a-guess"));
//! // server.with_registration_authorizer(tokens), or .with_registration_authorizer(OpenRegistration)
//! ```

use http::request::Parts;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::spi::SpiError;

/// Decides whether a registration request may register a client.
///
/// Implement it with a plain `async fn`, like the other SPI traits.
pub trait RegistrationAuthorizer: Send + Sync + 'static {
    /// Whether the request, which presented `initial_access_token` (its `Authorization: Bearer`
    /// token, if any), may register a client.
    fn authorize(
        &self,
        initial_access_token: Option<&str>,
        request: &Parts,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send;
}

/// Accepts the registration requests that present one of a fixed set of initial access tokens.
/// Only their SHA-256 digests are kept, compared in constant time.
#[derive(Clone)]
pub struct InitialAccessTokens {
    digests: Vec<[u8; 32]>,
}

impl std::fmt::Debug for InitialAccessTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitialAccessTokens")
            .field("count", &self.digests.len())
            .finish()
    }
}

impl InitialAccessTokens {
    /// Accepts `tokens`; empty ones are ignored.
    pub fn new<I, S>(tokens: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Self {
            digests: tokens
                .into_iter()
                .filter(|token| !token.as_ref().is_empty())
                .map(|token| Sha256::digest(token.as_ref().as_bytes()).into())
                .collect(),
        }
    }

    /// Whether `token` is one of the accepted tokens.
    pub fn accepts(&self, token: &str) -> bool {
        let digest: [u8; 32] = Sha256::digest(token.as_bytes()).into();
        self.digests.iter().fold(false, |found, known| {
            found | bool::from(known.ct_eq(&digest))
        })
    }
}

impl RegistrationAuthorizer for InitialAccessTokens {
    async fn authorize(&self, token: Option<&str>, _request: &Parts) -> Result<bool, SpiError> {
        Ok(token.is_some_and(|token| self.accepts(token)))
    }
}

/// Accepts every registration request, with or without a token: open dynamic registration.
/// Only for services that want it (the OpenID Connect Dynamic profile, a development setup).
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenRegistration;

impl RegistrationAuthorizer for OpenRegistration {
    async fn authorize(&self, _token: Option<&str>, _request: &Parts) -> Result<bool, SpiError> {
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_configured_tokens_are_accepted() {
        let tokens = InitialAccessTokens::new(["one", "", "two"]);
        assert!(tokens.accepts("one"));
        assert!(tokens.accepts("two"));
        assert!(!tokens.accepts(""));
        assert!(!tokens.accepts("three"));
        assert!(!format!("{tokens:?}").contains("one"));
    }
}
