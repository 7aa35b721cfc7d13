//! Form parameters (`application/x-www-form-urlencoded`) of the requests the APIs relay, and the
//! OAuth error JSON the APIs answer with.

use std::collections::HashMap;

use serde_json::json;

use super::result_codes::ResultCode;

/// The parameters that may be given more than once: `resource` (RFC 8707 §2) and `audience`
/// (RFC 8693 §2.1).
const REPEATABLE: [&str; 2] = ["resource", "audience"];

/// Parsed form parameters; a parameter given twice is remembered as a duplicate
/// (RFC 6749 §3.1: parameters must not be included more than once), except the
/// [`REPEATABLE`] ones, whose values are all kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pairs: HashMap<String, String>,
    repeated: HashMap<String, Vec<String>>,
    duplicate: Option<String>,
}

impl Params {
    pub fn parse(text: &str) -> Self {
        let mut params = Params::default();
        for (name, value) in form_urlencoded::parse(text.trim_start_matches('?').as_bytes()) {
            if REPEATABLE.contains(&name.as_ref()) {
                params
                    .repeated
                    .entry(name.to_string())
                    .or_default()
                    .push(value.to_string());
            }
            if params.pairs.contains_key(name.as_ref()) {
                if REPEATABLE.contains(&name.as_ref()) {
                    continue;
                }
                params.duplicate.get_or_insert_with(|| name.to_string());
                continue;
            }
            params.pairs.insert(name.into_owned(), value.into_owned());
        }
        params
    }

    /// The value of `name`; an empty value counts as absent (RFC 6749 §3.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }

    /// Every value of a [`REPEATABLE`] parameter, in order, empty ones included.
    pub fn all(&self, name: &str) -> &[String] {
        self.repeated.get(name).map_or(&[], Vec::as_slice)
    }

    /// The first parameter that was given more than once.
    pub fn duplicate(&self) -> Option<&str> {
        self.duplicate.as_deref()
    }

    /// The space-separated words of `name`, without duplicates, in order.
    pub fn words(&self, name: &str) -> Vec<String> {
        split_words(self.get(name).unwrap_or(""))
    }
}

/// Splits a space-separated list, dropping empty words and duplicates.
pub(crate) fn split_words(value: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    value
        .split(' ')
        .filter(|word| !word.is_empty() && seen.insert(*word))
        .map(str::to_owned)
        .collect()
}

/// The RFC 6749 error JSON, with Authlete's `[Axxxxxx]` prefix in the description and its
/// `error_uri` convention.
pub(crate) fn oauth_error(error: &str, code: ResultCode, detail: Option<&str>) -> String {
    let description = match detail {
        Some(detail) => format!("[{}] {detail}", code.code),
        None => code.message(),
    };
    json!({
        "error": error,
        "error_description": description,
        "error_uri": format!("https://docs.authlete.com/#{}", code.code),
    })
    .to_string()
}

/// The description Authlete puts in a `WWW-Authenticate` challenge.
pub(crate) fn bearer_challenge(error: &str, code: ResultCode, scope: Option<&str>) -> String {
    let mut value = format!(
        "Bearer error=\"{error}\", error_description=\"{}\", error_uri=\"https://docs.authlete.com/#{}\"",
        code.message().replace(['"', '\\'], "'"),
        code.code
    );
    if let Some(scope) = scope {
        value.push_str(&format!(", scope=\"{scope}\""));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_detected_and_empty_values_are_absent() {
        let params = Params::parse("a=1&b=&a=2&c=x%20y");
        assert_eq!(params.get("a"), Some("1"));
        assert_eq!(params.get("b"), None);
        assert_eq!(params.get("c"), Some("x y"));
        assert_eq!(params.duplicate(), Some("a"));
        assert_eq!(split_words(" a  b a "), vec!["a", "b"]);
        let params = Params::parse("resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb&x=1");
        assert_eq!(params.duplicate(), None);
        assert_eq!(params.all("resource"), ["https://a", "https://b"]);
        assert!(params.all("x").is_empty());
    }
}
