//! How an authorization response reaches the client: a `302` to the redirect URI (`LOCATION`) or
//! an auto-submitting form (`FORM`, OAuth 2.0 Form Post Response Mode), both only to a target
//! [`redirect_uri::is_deliverable`] accepts.
//!
//! The form page is rendered here, not served as Authlete wrote it: the handler reads the form's
//! `action` and its hidden fields from Authlete's `responseContent` and writes a page of its own
//! whose one script is known, so that its content-security policy can be strict:
//!
//! ```text
//! Content-Security-Policy: default-src 'none'; script-src 'sha256-…'; form-action https://client.example;
//!                          frame-ancestors 'none'; base-uri 'none'
//! Referrer-Policy: no-referrer
//! X-Content-Type-Options: nosniff
//! X-Frame-Options: DENY
//! ```
//!
//! A form whose `action` is not deliverable (e.g. `javascript:`) or that cannot be read is logged
//! and answered `500 {"error":"server_error"}`; nothing of it reaches the browser.

use base64::Engine as _;
use http::header::{HeaderName, HeaderValue};
use http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use super::redirect_uri;
use super::response::AuthleteResponse;

/// The one script of the form page.
const SUBMIT_SCRIPT: &str = "document.forms[0].submit();";

/// A `302 Found` to `location`, if it is a deliverable target.
pub(crate) fn location(endpoint: &'static str, location: &str) -> AuthleteResponse {
    if redirect_uri::is_deliverable(location) {
        AuthleteResponse::redirect(location)
    } else {
        tracing::error!(
            endpoint,
            "Authlete's LOCATION is not an http(s) URI or a private-use scheme; refused"
        );
        AuthleteResponse::server_error()
    }
}

/// The auto-submitting form page for Authlete's form_post `html`.
pub(crate) fn form_post(endpoint: &'static str, html: &str) -> AuthleteResponse {
    let Some(form) = ParsedForm::parse(html) else {
        tracing::error!(
            endpoint,
            "Authlete's form_post page has no form with an action"
        );
        return AuthleteResponse::server_error();
    };
    let Some(form_action) = form_action_source(&form.action) else {
        tracing::error!(
            endpoint,
            "Authlete's form_post action is not an http(s) URI or a private-use scheme; refused"
        );
        return AuthleteResponse::server_error();
    };
    let policy = format!(
        "default-src 'none'; script-src 'sha256-{}'; form-action {form_action}; frame-ancestors 'none'; base-uri 'none'",
        script_hash()
    );
    let Ok(policy) = HeaderValue::from_str(&policy) else {
        tracing::error!(endpoint, "the form_post action makes no valid header value");
        return AuthleteResponse::server_error();
    };
    let mut answer = AuthleteResponse::html(StatusCode::OK, form.render());
    let headers = answer.headers_mut();
    headers.insert(http::header::CONTENT_SECURITY_POLICY, policy);
    insert_page_headers(headers);
    answer
}

fn insert_page_headers(headers: &mut HeaderMap) {
    headers.insert(
        http::header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        HeaderName::from_static("x-frame-options"),
        HeaderValue::from_static("DENY"),
    );
}

/// The CSP hash source of [`SUBMIT_SCRIPT`]: base64 of its SHA-256.
fn script_hash() -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SUBMIT_SCRIPT.as_bytes()))
}

/// The `form-action` source for `action`: its origin (`https://client.example:8443`), or its
/// scheme (`com.example.app:`) for a private-use scheme; `None` when it is not deliverable.
fn form_action_source(action: &str) -> Option<String> {
    if !redirect_uri::is_deliverable(action) {
        return None;
    }
    let url = url::Url::parse(action).ok()?;
    match url.scheme() {
        "http" | "https" => Some(url.origin().ascii_serialization()),
        scheme => Some(format!("{scheme}:")),
    }
}

/// The action and the fields of the form in Authlete's form_post page.
#[derive(Debug, PartialEq, Eq)]
struct ParsedForm {
    action: String,
    fields: Vec<(String, String)>,
}

impl ParsedForm {
    /// Reads the first `<form>`'s `action` and the `name`/`value` of every `<input>` after it.
    fn parse(html: &str) -> Option<Self> {
        let mut action = None;
        let mut fields = Vec::new();
        for tag in Tags(html) {
            match (tag.name.as_str(), &action) {
                ("form", None) => action = Some(tag.attribute("action")?.to_owned()),
                ("input", Some(_)) => {
                    if let Some(name) = tag.attribute("name") {
                        let value = tag.attribute("value").unwrap_or_default();
                        fields.push((name.to_owned(), value.to_owned()));
                    }
                }
                ("/form", Some(_)) => break,
                _ => {}
            }
        }
        Some(Self {
            action: action.filter(|action| !action.is_empty())?,
            fields,
        })
    }

    fn render(&self) -> String {
        let mut html = String::from(
            "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Submit This Form</title>\n</head>\n<body>\n",
        );
        html.push_str(&format!(
            "<form method=\"post\" action=\"{}\">\n",
            escape(&self.action)
        ));
        for (name, value) in &self.fields {
            html.push_str(&format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\"/>\n",
                escape(name),
                escape(value)
            ));
        }
        html.push_str("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n");
        html.push_str(&format!(
            "<script>{SUBMIT_SCRIPT}</script>\n</body>\n</html>\n"
        ));
        html
    }
}

/// A start or end tag: its lower-case name (`form`, `/form`) and its attributes, unescaped.
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Tag {
    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(attribute, _)| attribute == name)
            .map(|(_, value)| value.as_str())
    }
}

/// The tags of an HTML text, attribute values read with their quotes (so a `>` inside one does
/// not end the tag). Comments and text are skipped.
struct Tags<'a>(&'a str);

impl Iterator for Tags<'_> {
    type Item = Tag;

    fn next(&mut self) -> Option<Tag> {
        loop {
            let start = self.0.find('<')?;
            let rest = &self.0[start + 1..];
            if let Some(comment) = rest.strip_prefix("!--") {
                self.0 = comment.find("-->").map_or("", |end| &comment[end + 3..]);
                continue;
            }
            let name_len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '/' || c == '!'))
                .unwrap_or(rest.len());
            let name = rest[..name_len].to_ascii_lowercase();
            let (attributes, after) = attributes(&rest[name_len..]);
            self.0 = after;
            if !name.is_empty() {
                return Some(Tag { name, attributes });
            }
        }
    }
}

/// The attributes up to the tag's `>`, and the text after it.
fn attributes(mut text: &str) -> (Vec<(String, String)>, &str) {
    let mut found = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        match text.chars().next() {
            None => return (found, ""),
            Some('>') => return (found, &text[1..]),
            Some(_) => {}
        }
        let name_len = text
            .find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
            .unwrap_or(text.len())
            .max(1);
        let name = text[..name_len].to_ascii_lowercase();
        text = text[name_len..].trim_start();
        let value = if let Some(after) = text.strip_prefix('=') {
            let after = after.trim_start();
            match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    text = body.get(end + 1..).unwrap_or("");
                    &body[..end]
                }
                _ => {
                    let end = after
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .unwrap_or(after.len());
                    text = &after[end..];
                    &after[..end]
                }
            }
        } else {
            ""
        };
        found.push((name, unescape(value)));
    }
}

/// Replaces character references: the named ones an attribute value needs and numeric ones.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let entity = &rest[1..end];
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            ch.map(|ch| (ch, end + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page Authlete writes (and the local backend imitates).
    const AUTHLETE_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"UTF-8\">\n<title>Submit This Form</title>\n</head>\n<body onload=\"javascript:document.forms[0].submit()\">\n<form method=\"post\" action=\"https://client.example:8443/cb?a=1&amp;b=2\">\n<input type=\"hidden\" name=\"code\" value=\"abc\"/>\n<input type=\"hidden\" name=\"state\" value=\"&quot;&gt;&lt;script&gt;x&#x27;&#39;\"/>\n</form>\n</body>\n</html>\n";

    #[test]
    fn authletes_page_is_read() {
        let form = ParsedForm::parse(AUTHLETE_PAGE).unwrap();
        assert_eq!(form.action, "https://client.example:8443/cb?a=1&b=2");
        assert_eq!(
            form.fields,
            vec![
                ("code".to_owned(), "abc".to_owned()),
                ("state".to_owned(), "\"><script>x''".to_owned()),
            ]
        );
    }

    #[test]
    fn the_page_has_one_script_whose_hash_is_in_the_policy() {
        let answer = form_post("test", AUTHLETE_PAGE);
        assert_eq!(answer.status(), StatusCode::OK);
        let body = std::str::from_utf8(answer.body()).unwrap();
        assert_eq!(body.matches("<script").count(), 1, "{body}");
        assert!(!body.contains("onload"), "{body}");
        assert!(
            body.contains("value=\"&quot;&gt;&lt;script&gt;x&#x27;&#x27;\""),
            "{body}"
        );
        let policy = answer.headers()[http::header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert_eq!(
            policy,
            format!(
                "default-src 'none'; script-src 'sha256-{}'; form-action https://client.example:8443; frame-ancestors 'none'; base-uri 'none'",
                script_hash()
            )
        );
        assert_eq!(answer.headers()["referrer-policy"], "no-referrer");
        assert_eq!(answer.headers()["x-content-type-options"], "nosniff");
        assert_eq!(answer.headers()["x-frame-options"], "DENY");
    }

    #[test]
    fn the_hash_is_of_the_script() {
        // echo -n 'document.forms[0].submit();' | openssl sha256 -binary | base64
        assert_eq!(
            script_hash(),
            "8lDeP0UDwCO6/RhblgeH/ctdBzjVpJxrXizsnIk3cEQ="
        );
    }

    #[test]
    fn a_private_use_scheme_is_its_own_form_action() {
        assert_eq!(
            form_action_source("com.example.app:/cb").as_deref(),
            Some("com.example.app:")
        );
        assert_eq!(
            form_action_source("http://127.0.0.1:4000/cb").as_deref(),
            Some("http://127.0.0.1:4000")
        );
    }

    #[test]
    fn script_actions_and_unreadable_pages_are_refused() {
        for html in [
            AUTHLETE_PAGE.replace(
                "https://client.example:8443/cb?a=1&amp;b=2",
                "javascript:document.documentElement.innerHTML=%27XSS%27//",
            ),
            AUTHLETE_PAGE.replace(
                "https://client.example:8443/cb?a=1&amp;b=2",
                "&#106;avascript:alert(1)",
            ),
            AUTHLETE_PAGE.replace("https://client.example:8443/cb?a=1&amp;b=2", "data:,x"),
            AUTHLETE_PAGE.replace("https://client.example:8443/cb?a=1&amp;b=2", "/cb"),
            AUTHLETE_PAGE.replace("action=", "data-action="),
            "<p>no form</p>".to_owned(),
            String::new(),
        ] {
            let answer = form_post("test", &html);
            assert_eq!(answer.status(), StatusCode::INTERNAL_SERVER_ERROR, "{html}");
            assert_eq!(answer.body().as_ref(), br#"{"error":"server_error"}"#);
        }
    }

    #[test]
    fn locations_are_checked() {
        assert_eq!(
            location("test", "https://client.example/cb?code=x").status(),
            StatusCode::FOUND
        );
        for target in ["javascript:alert(1)", "data:,x", "/cb"] {
            assert_eq!(
                location("test", target).status(),
                StatusCode::INTERNAL_SERVER_ERROR
            );
        }
    }
}
