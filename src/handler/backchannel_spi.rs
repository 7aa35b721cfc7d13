//! What the CIBA backchannel authentication endpoint asks the application: who the hint names,
//! whether the user code and the binding message are acceptable, and how to reach the user's
//! authentication device.
//!
//! ```
//! use authlete_tower::handler::{
//!     BackchannelAuthentication, BackchannelSpi, HintKind, SpiError, UserHint, UserLookup,
//! };
//!
//! struct Devices;
//!
//! impl BackchannelSpi for Devices {
//!     async fn find_user(&self, hint: &UserHint<'_>) -> Result<UserLookup, SpiError> {
//!         Ok(match (&hint.kind, hint.value) {
//!             (HintKind::LoginHint, "alice@example.com") => UserLookup::Found("1001".into()),
//!             (HintKind::IdTokenHint, _) if hint.sub == Some("1001") => UserLookup::Found("1001".into()),
//!             _ => UserLookup::Unknown,
//!         })
//!     }
//!
//!     async fn start_authentication(&self, request: BackchannelAuthentication) -> Result<(), SpiError> {
//!         // Queue a push message to the user's phone; keep `request.ticket` for the completion.
//!         let _ = request;
//!         Ok(())
//!     }
//! }
//! ```

use crate::dto::{BackchannelAuthenticationResponse, DeliveryMode};

use super::spi::SpiError;

/// How the client identified the user (OpenID CIBA Core §7.1: exactly one hint per request).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum HintKind {
    /// `login_hint`: an identifier the user is known by (an e-mail address, a phone number, …).
    LoginHint,
    /// `id_token_hint`: an ID token this server issued to the client earlier, already verified by
    /// Authlete; [`UserHint::sub`] is its `sub`.
    IdTokenHint,
    /// `login_hint_token`: a token naming the user, in a format agreed with the client.
    LoginHintToken,
    /// A hint type this version does not know, as Authlete named it.
    Other(String),
}

impl HintKind {
    pub(crate) fn from_authlete(name: Option<&str>) -> Self {
        match name.unwrap_or_default() {
            "LOGIN_HINT" => Self::LoginHint,
            "ID_TOKEN_HINT" => Self::IdTokenHint,
            "LOGIN_HINT_TOKEN" => Self::LoginHintToken,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// The hint of a backchannel authentication request that Authlete accepted.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct UserHint<'a> {
    /// Which hint the client sent.
    pub kind: &'a HintKind,
    /// Its value (for an ID token hint, the ID token itself).
    pub value: &'a str,
    /// The `sub` of an ID token hint.
    pub sub: Option<&'a str>,
    /// Authlete's whole answer (client, scopes, ACRs, …).
    pub response: &'a BackchannelAuthenticationResponse,
}

/// Whom a hint names.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UserLookup {
    /// The user with this subject.
    Found(String),
    /// Nobody: the request ends with `unknown_user_id`.
    Unknown,
    /// The `login_hint_token` has expired: the request ends with `expired_login_hint_token`.
    ExpiredLoginHintToken,
}

/// A backchannel authentication request that got its `auth_req_id`: what the application needs
/// to ask the user on their authentication device, and the ticket for
/// [`AuthorizationServer::complete_backchannel`](super::AuthorizationServer::complete_backchannel).
#[derive(Clone)]
#[non_exhaustive]
pub struct BackchannelAuthentication {
    /// Authlete's ticket: the completion needs it. Keep it server-side, never show it.
    pub ticket: String,
    /// The user the hint named.
    pub subject: String,
    /// The client's numeric identifier.
    pub client_id: Option<i64>,
    /// The client's name, to show the user.
    pub client_name: Option<String>,
    /// The requested scopes.
    pub scopes: Vec<String>,
    /// The claims the scopes ask for (pass them to the completion).
    pub claim_names: Vec<String>,
    /// The requested ACRs.
    pub acrs: Vec<String>,
    /// The binding message to show on both the consumption and the authentication device.
    pub binding_message: Option<String>,
    /// How the client gets its tokens.
    pub delivery_mode: Option<DeliveryMode>,
    /// The lifetime of the `auth_req_id` in seconds: complete within it.
    pub expires_in: Option<i64>,
    /// Authlete's whole answer to the backchannel authentication request.
    pub response: Box<BackchannelAuthenticationResponse>,
}

impl std::fmt::Debug for BackchannelAuthentication {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelAuthentication")
            .field("subject", &self.subject)
            .field("client_id", &self.client_id)
            .field("client_name", &self.client_name)
            .field("scopes", &self.scopes)
            .field("binding_message", &self.binding_message)
            .field("delivery_mode", &self.delivery_mode)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// The longest binding message the default check accepts, in characters.
pub const MAX_BINDING_MESSAGE_CHARS: usize = 64;

/// The application's side of CIBA (OpenID Connect Client-Initiated Backchannel Authentication):
/// set it with [`AuthorizationServer::with_backchannel`](super::AuthorizationServer::with_backchannel),
/// which mounts the backchannel authentication endpoint.
///
/// Implement it with plain `async fn`s; the futures must be `Send` (the compiler checks it).
pub trait BackchannelSpi: Send + Sync + 'static {
    /// Finds the user the request's hint names.
    fn find_user(
        &self,
        hint: &UserHint<'_>,
    ) -> impl Future<Output = Result<UserLookup, SpiError>> + Send;

    /// Whether `user_code` is the user code of `subject` (CIBA Core §7.1). Asked whenever the
    /// request carries one. The default says no: an application without user codes refuses them
    /// (`invalid_user_code`) rather than accept one it cannot check.
    fn check_user_code(
        &self,
        subject: &str,
        user_code: &str,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send {
        let _ = (subject, user_code);
        std::future::ready(Ok(false))
    }

    /// Whether the binding message can be shown on the authentication device. The default takes
    /// up to [`MAX_BINDING_MESSAGE_CHARS`] characters without control characters; anything else
    /// ends the request with `invalid_binding_message`.
    fn check_binding_message(
        &self,
        message: &str,
    ) -> impl Future<Output = Result<bool, SpiError>> + Send {
        std::future::ready(Ok(plain_binding_message(message)))
    }

    /// Starts asking the user on their authentication device. The endpoint has already answered
    /// the client with the `auth_req_id`: this runs in a task of its own, and its failure is only
    /// logged — complete the request with
    /// [`BackchannelResult::TransactionFailed`](super::BackchannelResult::TransactionFailed) when
    /// the device cannot be reached.
    fn start_authentication(
        &self,
        request: BackchannelAuthentication,
    ) -> impl Future<Output = Result<(), SpiError>> + Send;
}

/// The default binding-message rule: not empty, short, no control characters.
pub(crate) fn plain_binding_message(message: &str) -> bool {
    !message.trim().is_empty()
        && message.chars().count() <= MAX_BINDING_MESSAGE_CHARS
        && !message.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_binding_message_rule() {
        assert!(plain_binding_message("W4SCT"));
        assert!(plain_binding_message("Pay 12 € to Example Shop"));
        assert!(!plain_binding_message(""));
        assert!(!plain_binding_message("   "));
        assert!(!plain_binding_message("two\nlines"));
        assert!(!plain_binding_message(
            &"x".repeat(MAX_BINDING_MESSAGE_CHARS + 1)
        ));
        assert!(plain_binding_message(
            &"é".repeat(MAX_BINDING_MESSAGE_CHARS)
        ));
    }

    #[test]
    fn hint_kinds_from_authlete() {
        assert_eq!(
            HintKind::from_authlete(Some("LOGIN_HINT")),
            HintKind::LoginHint
        );
        assert_eq!(
            HintKind::from_authlete(Some("ID_TOKEN_HINT")),
            HintKind::IdTokenHint
        );
        assert_eq!(
            HintKind::from_authlete(Some("LOGIN_HINT_TOKEN")),
            HintKind::LoginHintToken
        );
        assert_eq!(
            HintKind::from_authlete(Some("NEW")),
            HintKind::Other("NEW".into())
        );
        assert_eq!(
            HintKind::from_authlete(None),
            HintKind::Other(String::new())
        );
    }
}
