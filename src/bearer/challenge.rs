//! `WWW-Authenticate` values (RFC 6750 §3, RFC 7235 §4.1): building them with correctly quoted
//! parameters, and adding a realm to a challenge that lacks one.

/// Builds `Bearer realm="…", error="…", error_description="…"`, skipping empty parts.
pub(crate) fn build(scheme: &str, realm: &str, params: &[(&str, &str)]) -> String {
    let mut out = String::from(scheme);
    let mut first = true;
    let mut push = |out: &mut String, name: &str, value: &str| {
        out.push_str(if first { " " } else { ", " });
        first = false;
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&quote(value));
        out.push('"');
    };
    if !realm.is_empty() {
        push(&mut out, "realm", realm);
    }
    for (name, value) in params {
        if !value.is_empty() {
            push(&mut out, name, value);
        }
    }
    out
}

/// The inside of a quoted-string: RFC 6750 allows only `%x20-21 / %x23-5B / %x5D-7E` in its
/// parameter values, so `"` and `\` are escaped and anything outside printable ASCII is dropped.
pub(crate) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for ch in value.chars() {
        match ch {
            '"' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            ' '..='~' => out.push(ch),
            _ => {}
        }
    }
    out
}

/// Appends `name="value"` to `challenge` unless it already has a `name` parameter (or `value`
/// is empty). The one place challenges get `algs` (RFC 9449 §7.1) and `resource_metadata`
/// (RFC 9728 §5.1).
pub(crate) fn append_param(challenge: &str, name: &str, value: &str) -> String {
    let challenge = challenge.trim();
    if value.is_empty() || has_param(challenge, name) {
        return challenge.to_owned();
    }
    let separator = if challenge.contains([' ', '\t']) {
        ", "
    } else {
        " "
    };
    format!("{challenge}{separator}{name}=\"{}\"", quote(value))
}

/// Adds `realm="…"` right after the scheme of `challenge` unless it already has a realm parameter.
/// Authlete's `responseContent` carries a realm only when the service is configured with one.
pub(crate) fn ensure_realm(challenge: &str, realm: &str) -> String {
    if realm.is_empty() || has_param(challenge, "realm") {
        return challenge.to_owned();
    }
    let challenge = challenge.trim();
    match challenge.find(' ') {
        None => format!("{challenge} realm=\"{}\"", quote(realm)),
        Some(space) => {
            let (scheme, rest) = challenge.split_at(space);
            let rest = rest.trim_start();
            if rest.is_empty() {
                format!("{scheme} realm=\"{}\"", quote(realm))
            } else {
                format!("{scheme} realm=\"{}\", {rest}", quote(realm))
            }
        }
    }
}

/// Whether the auth-params of `challenge` (after its scheme) contain `name=`, outside quoted
/// strings and case-insensitively.
pub(crate) fn has_param(challenge: &str, name: &str) -> bool {
    let Some(space) = challenge.trim().find(' ') else {
        return false;
    };
    let params = &challenge.trim()[space..];
    let bytes = params.as_bytes();
    let mut in_quotes = false;
    let mut escaped = false;
    let mut at_param_start = true;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_quotes {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_quotes = false;
            }
        } else if byte == b'"' {
            in_quotes = true;
            at_param_start = false;
        } else if byte == b',' || byte == b' ' || byte == b'\t' {
            if byte == b',' {
                at_param_start = true;
            }
        } else {
            if at_param_start {
                let rest = &params[index..];
                let candidate = rest.split(['=', ' ', ',']).next().unwrap_or("");
                if candidate.eq_ignore_ascii_case(name)
                    && rest[candidate.len()..].trim_start().starts_with('=')
                {
                    return true;
                }
            }
            at_param_start = false;
        }
        index += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_quoted_parameters() {
        assert_eq!(build("Bearer", "api", &[]), r#"Bearer realm="api""#);
        assert_eq!(
            build(
                "Bearer",
                "a \"b\"",
                &[("error", "invalid_token"), ("error_description", "")]
            ),
            r#"Bearer realm="a \"b\"", error="invalid_token""#
        );
        assert_eq!(
            build("Bearer", "", &[("error", "x\u{7}y")]),
            r#"Bearer error="xy""#
        );
    }

    #[test]
    fn adds_a_missing_realm_after_the_scheme() {
        assert_eq!(
            ensure_realm(
                r#"Bearer error="invalid_token",error_description="x""#,
                "api"
            ),
            r#"Bearer realm="api", error="invalid_token",error_description="x""#
        );
        assert_eq!(ensure_realm("Bearer", "api"), r#"Bearer realm="api""#);
        let with_realm = r#"DPoP realm="svc", error="invalid_token""#;
        assert_eq!(ensure_realm(with_realm, "api"), with_realm);
        assert_eq!(ensure_realm("Bearer error=\"x\"", ""), "Bearer error=\"x\"");
    }

    #[test]
    fn appends_a_parameter_once_quoted() {
        assert_eq!(
            append_param("Bearer", "resource_metadata", "https://a/x"),
            r#"Bearer resource_metadata="https://a/x""#
        );
        assert_eq!(
            append_param(
                r#"Bearer realm="api""#,
                "resource_metadata",
                "https://a/\"x\""
            ),
            r#"Bearer realm="api", resource_metadata="https://a/\"x\"""#
        );
        let has = r#"Bearer realm="api", RESOURCE_METADATA="https://b""#;
        assert_eq!(append_param(has, "resource_metadata", "https://a"), has);
        assert_eq!(append_param("Bearer", "algs", ""), "Bearer");
    }

    #[test]
    fn realm_inside_a_quoted_value_is_not_a_parameter() {
        let challenge = r#"Bearer error_description="realm=x, realm=y""#;
        assert!(!has_param(challenge, "realm"));
        assert!(has_param(r#"Bearer error="a", REALM = "b""#, "realm"));
    }
}
