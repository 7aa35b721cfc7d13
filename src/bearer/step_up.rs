//! Step-up authentication (RFC 9470): the ACR values and the maximum authentication age a layer
//! requires of the user authentication behind a token, and the `insufficient_user_authentication`
//! challenge that tells the client how to get a token that satisfies them.
//!
//! ```
//! use std::time::Duration;
//! use authlete_tower::AuthleteBearer;
//! # fn run(api: std::sync::Arc<dyn authlete_tower::AuthleteApi>) {
//! // Payments need a multi-factor login of the last five minutes.
//! let payments = AuthleteBearer::new(api)
//!     .required_acr_values(["urn:example:acr:mfa"])
//!     .max_authentication_age(Duration::from_secs(300));
//! // Refused: 401 and
//! // WWW-Authenticate: Bearer realm="api", error="insufficient_user_authentication",
//! //   error_description="…", acr_values="urn:example:acr:mfa", max_age="300"
//! # }
//! ```

use std::time::Duration;

use super::BearerRejection;

/// `auth_time` values above this are milliseconds, below it seconds (10^11 seconds is the year
/// 5138, 10^11 milliseconds is 1973): Authlete's documentation does not say which unit the
/// introspection answer uses, and the local backend answers seconds.
const MILLISECONDS_ABOVE: i64 = 100_000_000_000;

/// The requirements of one layer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StepUp {
    /// One of these must be the token's `acr`; empty: no ACR requirement.
    pub acr_values: Vec<String>,
    /// The maximum authentication age in seconds (at least 1).
    pub max_age: Option<u64>,
}

impl StepUp {
    /// The maximum age in whole seconds, at least one (Authlete reads 0 as "no check").
    pub(crate) fn seconds(age: Duration) -> u64 {
        age.as_secs().max(1)
    }

    /// Whether the token's authentication satisfies the requirements at `now_millis` (read only
    /// when a maximum age is set, so the fast path reads no clock for it): its `acr` is one of
    /// the required values, and `auth_time + max_age` has not passed.
    pub(crate) fn check(
        &self,
        acr: Option<&str>,
        auth_time: Option<i64>,
        now_millis: impl FnOnce() -> i64,
    ) -> Result<(), BearerRejection> {
        if !self.acr_values.is_empty()
            && !acr.is_some_and(|acr| self.acr_values.iter().any(|value| value == acr))
        {
            return Err(self.rejection("A different authentication level is required."));
        }
        if let Some(max_age) = self.max_age {
            let now_millis = now_millis();
            let fresh = auth_time.filter(|time| *time > 0).is_some_and(|time| {
                let millis = if time > MILLISECONDS_ABOVE {
                    time
                } else {
                    time.saturating_mul(1000)
                };
                let age = i64::try_from(max_age.saturating_mul(1000)).unwrap_or(i64::MAX);
                millis.saturating_add(age) >= now_millis
            });
            if !fresh {
                return Err(self.rejection("More recent authentication is required."));
            }
        }
        Ok(())
    }

    /// The 401 `insufficient_user_authentication` naming the requirements.
    pub(crate) fn rejection(&self, description: &str) -> BearerRejection {
        BearerRejection::insufficient_user_authentication(
            &self.acr_values.join(" "),
            self.max_age,
            description,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn step_up(acr: &[&str], max_age: Option<u64>) -> StepUp {
        StepUp {
            acr_values: acr.iter().map(|value| (*value).to_owned()).collect(),
            max_age,
        }
    }

    #[test]
    fn acr_must_be_one_of_the_required_values() {
        let rule = step_up(&["mfa", "hwk"], None);
        assert!(rule.check(Some("hwk"), None, || NOW).is_ok());
        let refused = rule.check(Some("pwd"), None, || NOW).unwrap_err();
        assert_eq!(refused.status(), http::StatusCode::UNAUTHORIZED);
        assert_eq!(
            refused.www_authenticate(),
            "Bearer error=\"insufficient_user_authentication\", error_description=\"A different \
             authentication level is required.\", acr_values=\"mfa hwk\""
        );
        assert!(rule.check(None, None, || NOW).is_err());
        assert!(step_up(&[], None).check(None, None, || NOW).is_ok());
    }

    #[test]
    fn authentication_must_be_recent_in_seconds_or_milliseconds() {
        let rule = step_up(&[], Some(60));
        let now_seconds = NOW / 1000;
        assert!(rule.check(None, Some(now_seconds - 60), || NOW).is_ok());
        assert!(rule.check(None, Some(now_seconds - 61), || NOW).is_err());
        assert!(rule.check(None, Some(NOW - 60_000), || NOW).is_ok());
        assert!(rule.check(None, Some(NOW - 60_001), || NOW).is_err());
        let refused = rule.check(None, None, || NOW).unwrap_err();
        assert!(
            refused.www_authenticate().ends_with("max_age=\"60\""),
            "{}",
            refused.www_authenticate()
        );
        assert_eq!(StepUp::seconds(Duration::from_millis(10)), 1);
    }
}
