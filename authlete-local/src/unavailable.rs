//! The APIs of Authlete's v3 specification that the local backend does not implement, in one
//! table, and what it answers for each: the `action` Authlete gives when the service does not
//! enable the feature (federation, verifiable credentials, native SSO, HSM),
//! or, for management APIs, `403` with a `resultCode` — never "no API at this path".
//!
//! ```text
//! POST /api/1000/federation/configuration
//! 200 {"resultCode":"A001406","resultMessage":"[A001406] /federation/configuration, The service does not enable this feature.",
//!      "action":"NOT_FOUND","responseContent":"{\"error\":\"not_found\",…}"}
//! ```

use authlete_tower::api::{ApiError, Operation};
use http::{Method, StatusCode};
use serde_json::json;

use super::result_codes::{self as rc, ResultCode};

/// What the local backend answers for an API it does not implement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Answer {
    /// The feature is off for the service: HTTP `status`, the given `action`, and a
    /// `responseContent` with an OAuth-style error the endpoint can forward.
    Disabled {
        status: StatusCode,
        action: &'static str,
    },
    /// A management API the local backend does not offer: `403` with a result code.
    NotOffered,
}

/// One API: its methods, its path below the prefix (`{…}` is one path segment) and the answer.
#[derive(Debug, PartialEq)]
pub(crate) struct Unavailable {
    pub methods: &'static [Method],
    pub pattern: &'static str,
    pub answer: Answer,
}

const GET: &[Method] = &[Method::GET];
const POST: &[Method] = &[Method::POST];
const DELETE: &[Method] = &[Method::DELETE];

const NOT_FOUND: Answer = Answer::Disabled {
    status: StatusCode::OK,
    action: "NOT_FOUND",
};
const FORBIDDEN: Answer = Answer::Disabled {
    status: StatusCode::OK,
    action: "FORBIDDEN",
};
const CALLER_ERROR: Answer = Answer::Disabled {
    status: StatusCode::BAD_REQUEST,
    action: "CALLER_ERROR",
};
const INVALID_REQUEST: Answer = Answer::Disabled {
    status: StatusCode::BAD_REQUEST,
    action: "INVALID_REQUEST",
};
const NOT_OFFERED: Answer = Answer::NotOffered;

macro_rules! table {
    ($( $methods:ident $pattern:literal => $answer:ident, )+) => {
        /// Every API of the v3 specification the local backend does not implement.
        pub(crate) const TABLE: &[Unavailable] = &[
            $( Unavailable { methods: $methods, pattern: $pattern, answer: $answer }, )+
        ];
    };
}

table! {
    // OpenID Federation 1.0: NOT_FOUND when the service does not enable federation.
    POST "/federation/configuration" => NOT_FOUND,
    POST "/federation/registration" => NOT_FOUND,
    // OpenID for Verifiable Credential Issuance: metadata NOT_FOUND, the rest FORBIDDEN.
    POST "/vci/metadata" => NOT_FOUND,
    POST "/vci/jwtissuer" => NOT_FOUND,
    POST "/vci/jwks" => NOT_FOUND,
    POST "/vci/offer/create" => FORBIDDEN,
    POST "/vci/offer/info" => FORBIDDEN,
    POST "/vci/single/parse" => FORBIDDEN,
    POST "/vci/single/issue" => FORBIDDEN,
    POST "/vci/batch/parse" => FORBIDDEN,
    POST "/vci/batch/issue" => FORBIDDEN,
    POST "/vci/deferred/parse" => FORBIDDEN,
    POST "/vci/deferred/issue" => FORBIDDEN,
    // Native SSO: caller errors.
    POST "/nativesso" => CALLER_ERROR,
    POST "/nativesso/logout" => CALLER_ERROR,
    // Hardware-secured keys: the service has no HSM.
    POST "/hsk/create" => INVALID_REQUEST,
    GET "/hsk/get/list" => INVALID_REQUEST,
    GET "/hsk/get/{handle}" => INVALID_REQUEST,
    DELETE "/hsk/delete/{handle}" => NOT_OFFERED,
    // Client administration by path-only forms the library does not use (client_administration.rs
    // serves the query and body forms).
    GET "/client/authorization/get/list/{subject}" => NOT_OFFERED,
    DELETE "/client/authorization/delete/{clientId}/{subject}" => NOT_OFFERED,
    GET "/client/granted_scopes/get/{clientId}/{subject}" => NOT_OFFERED,
    DELETE "/client/granted_scopes/delete/{clientId}/{subject}" => NOT_OFFERED,
    // JOSE verification.
    POST "/jose/verify" => NOT_OFFERED,
}

/// Whether `path` (below the prefix) matches `pattern`, `{…}` matching one non-empty segment.
fn matches(pattern: &str, path: &str) -> bool {
    let mut wanted = pattern.split('/');
    let mut given = path.split('/');
    loop {
        match (wanted.next(), given.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w.starts_with('{') && w.ends_with('}') => {
                if g.is_empty() {
                    return false;
                }
            }
            (Some(w), Some(g)) if w == g => {}
            _ => return false,
        }
    }
}

/// The unavailable API at `path` (below the prefix), if it is one.
pub(crate) fn find(path: &str) -> Option<&'static Unavailable> {
    // A literal pattern (`/hsk/get/list`) wins over a parameterised one (`/hsk/get/{handle}`).
    TABLE
        .iter()
        .filter(|entry| matches(entry.pattern, path))
        .min_by_key(|entry| entry.pattern.matches('{').count())
}

impl Unavailable {
    /// The status and JSON body answered for this API, `api` being its pattern-free path.
    pub(crate) fn answer(&self, api: &str) -> (StatusCode, serde_json::Value) {
        match self.answer {
            Answer::Disabled { status, action } => {
                let code = rc::API_FEATURE_DISABLED;
                let content = json!({
                    "error": if action == "NOT_FOUND" { "not_found" } else { "invalid_request" },
                    "error_description": format!("{api}: the service does not enable this feature."),
                });
                (
                    status,
                    json!({
                        "resultCode": code.code,
                        "resultMessage": message(code, api),
                        "action": action,
                        "responseContent": content.to_string(),
                    }),
                )
            }
            Answer::NotOffered => {
                let code = rc::API_NOT_OFFERED;
                (
                    StatusCode::FORBIDDEN,
                    json!({"resultCode": code.code, "resultMessage": message(code, api)}),
                )
            }
        }
    }
}

/// What the backend answers in process for an operation of the library it does not implement:
/// the table's answer, as [`AuthleteClient`](authlete_tower::AuthleteClient) would return it
/// over HTTP (a 2xx answer parsed, anything else an [`ApiError::Api`]).
pub(crate) fn in_process<T: serde::de::DeserializeOwned>(
    operation: Operation,
) -> Result<T, ApiError> {
    let api = operation.path();
    let (status, body) = match find(api) {
        Some(entry) => entry.answer(api),
        None => Unavailable {
            methods: &[],
            pattern: "",
            answer: NOT_OFFERED,
        }
        .answer(api),
    };
    if status.is_success() {
        return serde_json::from_value(body).map_err(|error| ApiError::Backend {
            operation,
            reason: format!("the local answer does not parse: {error}"),
        });
    }
    Err(ApiError::Api {
        operation,
        status,
        result_code: body["resultCode"].as_str().map(str::to_owned),
        result_message: body["resultMessage"].as_str().map(str::to_owned),
    })
}

fn message(code: ResultCode, api: &str) -> String {
    format!("[{}] {api}, {}", code.code, code.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_one_segment_per_parameter() {
        assert!(matches("/hsk/get/{handle}", "/hsk/get/42"));
        assert!(!matches("/hsk/get/{handle}", "/hsk/get/"));
        assert!(!matches("/hsk/get/{handle}", "/hsk/get/4/2"));
        assert!(!matches("/gm", "/gm/x"));
        assert_eq!(find("/hsk/get/list").unwrap().pattern, "/hsk/get/list");
        assert_eq!(find("/hsk/get/abc").unwrap().pattern, "/hsk/get/{handle}");
        assert!(find("/auth/token").is_none());
    }

    #[test]
    fn every_pattern_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for entry in TABLE {
            assert!(seen.insert(entry.pattern), "{}", entry.pattern);
        }
    }
}
