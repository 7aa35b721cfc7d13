//! [`BearerPolicy`]: an application's own decision, made after Authlete accepted the token.

use http::request::Parts;

use super::{AccessTokenInfo, BearerRejection};

/// A custom check that sees the request and the validated token, and may still refuse it, e.g. to
/// require a token property, a client, or a scope that depends on the HTTP method.
///
/// Closures `Fn(&Parts, &AccessTokenInfo) -> Result<(), BearerRejection>` are policies:
///
/// ```
/// use authlete_tower::bearer::{AccessTokenInfo, BearerPolicy, BearerRejection};
///
/// fn writes_need_write_scope() -> impl BearerPolicy {
///     |parts: &http::request::Parts, info: &AccessTokenInfo| {
///         if parts.method != http::Method::GET && !info.has_scope("write") {
///             return Err(BearerRejection::insufficient_scope("write", "Writing needs the write scope."));
///         }
///         Ok(())
///     }
/// }
/// ```
pub trait BearerPolicy: Send + Sync + 'static {
    /// `Ok(())` lets the request through; a rejection is answered as it is (the realm is added).
    fn check(&self, parts: &Parts, info: &AccessTokenInfo) -> Result<(), BearerRejection>;
}

impl<F> BearerPolicy for F
where
    F: Fn(&Parts, &AccessTokenInfo) -> Result<(), BearerRejection> + Send + Sync + 'static,
{
    fn check(&self, parts: &Parts, info: &AccessTokenInfo) -> Result<(), BearerRejection> {
        self(parts, info)
    }
}
