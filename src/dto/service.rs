//! Options of the two `GET` APIs: `/service/configuration` and `/service/jwks/get`.
//!
//! Their answers are not wrapped in `resultCode`/`action`: Authlete returns the discovery document
//! and the JWK Set as they are, so [`crate::AuthleteApi`] hands them back as JSON values.

/// Query parameters of `/service/configuration`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceConfigurationOptions {
    /// Ask for an indented document.
    pub pretty: bool,
    /// A JSON Patch (RFC 6902) that Authlete applies to the document before returning it.
    pub patch: Option<String>,
}

impl ServiceConfigurationOptions {
    /// Sets [`Self::pretty`].
    pub fn pretty(mut self, pretty: bool) -> Self {
        self.pretty = pretty;
        self
    }

    /// Sets [`Self::patch`].
    pub fn patch(mut self, patch: impl Into<String>) -> Self {
        self.patch = Some(patch.into());
        self
    }
}

/// Query parameters of `/service/jwks/get`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceJwksOptions {
    /// Ask for an indented document.
    pub pretty: bool,
    /// Include private keys. Never set this for a JWK Set you publish.
    pub include_private_keys: bool,
}

impl ServiceJwksOptions {
    /// Sets [`Self::pretty`].
    pub fn pretty(mut self, pretty: bool) -> Self {
        self.pretty = pretty;
        self
    }

    /// Sets [`Self::include_private_keys`].
    pub fn include_private_keys(mut self, include: bool) -> Self {
        self.include_private_keys = include;
        self
    }
}
