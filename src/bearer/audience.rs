//! The audience of an access token (RFC 8707): the resource identifiers a layer serves, how each
//! is checked when it is configured, and the refusal of a token minted for another resource.
//!
//! ```
//! use authlete_tower::bearer::{AccessTokenValidator, InvalidResource};
//! # fn run(api: std::sync::Arc<dyn authlete_tower::AuthleteApi>) -> Result<(), InvalidResource> {
//! // A literal identifier: `resource` panics at build time if it is not usable.
//! let mcp = AccessTokenValidator::new(api.clone()).resource("https://api.example.com/mcp");
//! assert_eq!(mcp.resources(), ["https://api.example.com/mcp"]);
//! // An identifier from configuration: `try_resource` reports it instead.
//! let configured = "https://api.example.com/mcp#part";
//! let refused = AccessTokenValidator::new(api).try_resource(configured);
//! assert_eq!(refused.unwrap_err(), InvalidResource::Fragment);
//! # Ok(()) }
//! ```

use url::Url;

use super::BearerRejection;

/// The `error_description` of the 401 `invalid_token` for a token minted for another resource.
pub(crate) const WRONG_AUDIENCE: &str =
    "The access token was not issued for this resource (wrong audience).";

/// Why a resource identifier cannot be used (RFC 8707 §2: an absolute URI without a fragment).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidResource {
    /// The identifier is not an absolute URI.
    #[error("a resource identifier must be an absolute URI (RFC 8707 §2)")]
    NotAbsolute,
    /// The identifier has a fragment component.
    #[error("a resource identifier must not have a fragment (RFC 8707 §2)")]
    Fragment,
}

/// Checks `resource` against RFC 8707 §2.
pub(crate) fn check(resource: &str) -> Result<(), InvalidResource> {
    // `Url::parse` accepts only absolute URIs; a relative reference fails with
    // `RelativeUrlWithoutBase`. A `#` is a fragment, even an empty one.
    let url = Url::parse(resource).map_err(|_| InvalidResource::NotAbsolute)?;
    if url.fragment().is_some() || resource.contains('#') {
        return Err(InvalidResource::Fragment);
    }
    Ok(())
}

/// Whether a token whose resources are `granted` may be used at a layer serving `required`:
/// every required identifier is among the granted ones (compared as strings, RFC 8707 §2).
pub(crate) fn covers(granted: &[String], required: &[String]) -> bool {
    required
        .iter()
        .all(|resource| granted.iter().any(|have| have == resource))
}

/// The 401 `invalid_token` for a token minted for another resource (RFC 6750 §3.1).
pub(crate) fn wrong_audience() -> BearerRejection {
    BearerRejection::invalid_token(WRONG_AUDIENCE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_absolute_uris_without_a_fragment() {
        assert_eq!(check("https://api.example.com/mcp"), Ok(()));
        assert_eq!(check("urn:example:api"), Ok(()));
        assert_eq!(check("/mcp"), Err(InvalidResource::NotAbsolute));
        assert_eq!(check(""), Err(InvalidResource::NotAbsolute));
        assert_eq!(
            check("https://api.example.com/#a"),
            Err(InvalidResource::Fragment)
        );
        assert_eq!(
            check("https://api.example.com/#"),
            Err(InvalidResource::Fragment)
        );
    }

    #[test]
    fn every_required_identifier_must_be_granted() {
        let granted = vec![
            "https://a.example".to_owned(),
            "https://b.example".to_owned(),
        ];
        assert!(covers(&granted, &["https://a.example".to_owned()]));
        assert!(covers(&granted, &[]));
        assert!(!covers(&granted, &["https://c.example".to_owned()]));
        assert!(!covers(&[], &["https://a.example".to_owned()]));
    }
}
