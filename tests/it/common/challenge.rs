//! `WWW-Authenticate` challenges parsed strictly (RFC 7235 §2.1 with quoted-string values), so
//! a quoting mistake in an answer fails the test that reads it.

use std::collections::BTreeMap;

/// A parsed challenge: its scheme and its auth-params (names lower-cased, values unquoted).
#[derive(Debug)]
pub struct Challenge {
    pub scheme: String,
    pub params: BTreeMap<String, String>,
}

/// Parses one RFC 7235 challenge with quoted-string values; panics on anything malformed, so a
/// quoting mistake fails the test.
pub fn parse_challenge(header: &str) -> Challenge {
    let header = header.trim();
    let (scheme, mut rest) = header.split_once(' ').unwrap_or((header, ""));
    let mut params = BTreeMap::new();
    loop {
        rest = rest.trim_start_matches([' ', ',']);
        if rest.is_empty() {
            break;
        }
        let (name, after) = rest
            .split_once('=')
            .unwrap_or_else(|| panic!("no `=` in {header}"));
        let after = after.trim_start();
        assert!(after.starts_with('"'), "unquoted value in {header}");
        let mut value = String::new();
        let mut chars = after[1..].char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => value.push(chars.next().expect("dangling escape").1),
                Some((index, '"')) => break index + 2,
                Some((_, ch)) => value.push(ch),
                None => panic!("unterminated quoted string in {header}"),
            }
        };
        let name = name.trim().to_ascii_lowercase();
        assert!(
            params.insert(name.clone(), value).is_none(),
            "{name} twice in {header}"
        );
        rest = &after[end..];
        assert!(
            rest.is_empty() || rest.trim_start().starts_with(','),
            "junk after a value in {header}"
        );
    }
    Challenge {
        scheme: scheme.to_owned(),
        params,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_challenge_parser_refuses_bad_quoting() {
        let parsed = parse_challenge(r#"Bearer realm="a \"b\"", x="1,2""#);
        assert_eq!(parsed.params["realm"], r#"a "b""#);
        assert_eq!(parsed.params["x"], "1,2");
        for bad in [
            r#"Bearer realm=api"#,
            r#"Bearer realm="api"#,
            r#"Bearer a="1"b"#,
        ] {
            assert!(
                std::panic::catch_unwind(|| parse_challenge(bad)).is_err(),
                "{bad}"
            );
        }
    }
}
