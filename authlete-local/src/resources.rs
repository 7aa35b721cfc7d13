//! Resource indicators (RFC 8707): the `resource` parameters of authorization, PAR, device and
//! token requests, and the narrowing of a grant's resources at the token endpoint.
//!
//! A grant remembers the resources of its initial request (`resources`, Authlete's name); each
//! access token carries its own (`accessTokenResources`): those the token request named, which
//! must be among the grant's (§2.2, narrowing only), or all of the grant's when it named none. A
//! grant whose initial request named no resource is not restricted, so its token requests may
//! name any. Introspection refuses a token whose resources do not include a requested one.

use super::engine::Engine;
use super::params::Params;
use super::result_codes as rc;
use super::store::Grant;
use super::token::token_error;
use authlete_tower::dto::TokenResponse;

/// Why a `resource` parameter is refused with `invalid_target`.
pub(crate) const NOT_ABSOLUTE: &str =
    "A resource must be an absolute URI without a fragment (RFC 8707 §2).";

/// Whether `value` may be a resource indicator: an absolute URI without a fragment (RFC 8707 §2).
pub(crate) fn is_resource(value: &str) -> bool {
    !value.contains('#') && url::Url::parse(value).is_ok()
}

/// The `resource` values of a request, without duplicates, in order; `Err` when one is not an
/// absolute URI without a fragment (RFC 8707 §2).
pub(crate) fn requested(params: &Params) -> Result<Vec<String>, &'static str> {
    let mut resources: Vec<String> = Vec::new();
    for value in params.all("resource") {
        if !is_resource(value) {
            return Err(NOT_ABSOLUTE);
        }
        if !resources.contains(value) {
            resources.push(value.clone());
        }
    }
    Ok(resources)
}

/// The resources of a token minted from a grant that covers `granted`, for a token request that
/// named `requested`; `Err` names the first requested resource the grant does not cover.
pub(crate) fn narrowed(granted: &[String], requested: Vec<String>) -> Result<Vec<String>, String> {
    if requested.is_empty() {
        return Ok(granted.to_vec());
    }
    if !granted.is_empty()
        && let Some(extra) = requested
            .iter()
            .find(|resource| !granted.contains(resource))
    {
        return Err(extra.clone());
    }
    Ok(requested)
}

impl Engine {
    /// `grant` with the resources of the access token a token request asks for (its `resource`
    /// parameters), or the `invalid_target` answer (RFC 8707 §2.2).
    pub(crate) fn token_resources(
        &self,
        grant: &Grant,
        params: &Params,
    ) -> Result<Grant, Box<TokenResponse>> {
        let invalid = |detail: &str| {
            Box::new(token_error(
                rc::TOKEN_INVALID_TARGET,
                "invalid_target",
                detail,
            ))
        };
        let requested = requested(params).map_err(invalid)?;
        let resources = narrowed(&grant.resources, requested).map_err(|extra| {
            invalid(&format!(
                "The resource '{extra}' was not requested in the original authorization."
            ))
        })?;
        let mut grant = grant.clone();
        grant.token_resources = resources;
        Ok(grant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resources_are_absolute_uris_without_fragments() {
        let params = Params::parse(
            "resource=https%3A%2F%2Fa.example%2Fmcp&resource=urn%3Ax&resource=https%3A%2F%2Fa.example%2Fmcp",
        );
        assert_eq!(
            requested(&params).unwrap(),
            ["https://a.example/mcp", "urn:x"]
        );
        for bad in [
            "resource=%2Fmcp",
            "resource=https%3A%2F%2Fa%23f",
            "resource=",
        ] {
            assert_eq!(requested(&Params::parse(bad)), Err(NOT_ABSOLUTE), "{bad}");
        }
    }

    #[test]
    fn token_requests_only_narrow() {
        let granted = vec!["https://a".to_owned(), "https://b".to_owned()];
        assert_eq!(narrowed(&granted, vec![]).unwrap(), granted);
        assert_eq!(
            narrowed(&granted, vec!["https://b".into()]).unwrap(),
            ["https://b"]
        );
        assert_eq!(
            narrowed(&granted, vec!["https://c".into()]),
            Err("https://c".to_owned())
        );
        assert_eq!(
            narrowed(&[], vec!["https://c".into()]).unwrap(),
            ["https://c"]
        );
    }
}
