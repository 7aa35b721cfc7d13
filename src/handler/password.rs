//! What the password grant hands [`UserSpi::authenticate_password`](super::UserSpi::authenticate_password):
//! the credentials and the request they came with, so that the application can throttle failed
//! attempts per account and per client address.
//!
//! ```
//! use std::net::SocketAddr;
//! use authlete_tower::handler::{ClientAddress, PasswordAttempt};
//!
//! let mut request = http::Request::new(());
//! let peer: SocketAddr = "192.0.2.7:50123".parse().unwrap();
//! request.extensions_mut().insert(ClientAddress(peer));
//! let (parts, ()) = request.into_parts();
//! let attempt = PasswordAttempt::new("john", "wrong", &parts);
//! assert_eq!(attempt.client_address(), Some(peer));
//! assert!(!format!("{attempt:?}").contains("wrong"));
//! ```

use std::net::SocketAddr;

use http::request::Parts;

/// The address of the peer that sent a request, as a request extension. [`crate::serve::serve`]
/// inserts it; with another server, insert it yourself (axum's `ConnectInfo<SocketAddr>` is read
/// too). Behind a reverse proxy it is the proxy's address: put the client's there instead, from
/// the header your proxy sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientAddress(pub SocketAddr);

/// A resource owner password grant's credentials and the request they came with. `Debug` omits
/// the password.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct PasswordAttempt<'a> {
    /// The `username` parameter.
    pub username: &'a str,
    /// The `password` parameter.
    pub password: &'a str,
    /// The token request (headers, extensions).
    pub request: &'a Parts,
}

impl std::fmt::Debug for PasswordAttempt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PasswordAttempt")
            .field("username", &self.username)
            .field("client_address", &self.client_address())
            .finish_non_exhaustive()
    }
}

impl<'a> PasswordAttempt<'a> {
    /// An attempt with these credentials, made by `request`.
    pub fn new(username: &'a str, password: &'a str, request: &'a Parts) -> Self {
        Self {
            username,
            password,
            request,
        }
    }

    /// The client's address: the request's [`ClientAddress`], else (feature `axum`) axum's
    /// `ConnectInfo<SocketAddr>`, else `None`.
    pub fn client_address(&self) -> Option<SocketAddr> {
        client_address(self.request)
    }
}

/// The address of the peer that sent `request`, when the server recorded it (see
/// [`ClientAddress`]).
pub fn client_address(request: &Parts) -> Option<SocketAddr> {
    if let Some(ClientAddress(address)) = request.extensions.get::<ClientAddress>() {
        return Some(*address);
    }
    #[cfg(feature = "axum")]
    if let Some(axum::extract::ConnectInfo(address)) = request
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
    {
        return Some(*address);
    }
    None
}
