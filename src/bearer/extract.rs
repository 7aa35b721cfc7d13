//! Finding the access token in a request (RFC 6750 §2, RFC 9449 §7.1).
//!
//! ```
//! use authlete_tower::bearer::extract::{extract_token, TokenOptions, TokenScheme};
//!
//! let request = http::Request::get("/api")
//!     .header("authorization", "DPoP Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU")
//!     .body(())
//!     .unwrap();
//! let (parts, ()) = request.into_parts();
//! let token = extract_token(&parts, None, &TokenOptions::default()).unwrap().unwrap();
//! assert_eq!(token.scheme(), TokenScheme::DPoP);
//! ```

use http::Method;
use std::borrow::Cow;

use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::request::Parts;

/// The name of the form and query parameter that carries a token (RFC 6750 §2.2, §2.3).
pub const ACCESS_TOKEN_PARAM: &str = "access_token";

/// The default limit on a token's length, in bytes.
pub const DEFAULT_MAX_TOKEN_LENGTH: usize = 4096;

/// Which sources are accepted besides the `Authorization` header.
#[derive(Debug, Clone)]
pub struct TokenOptions {
    /// Accept the `access_token` query parameter (RFC 6750 §2.3).
    pub allow_query: bool,
    /// The longest token accepted, in bytes.
    pub max_token_length: usize,
}

impl Default for TokenOptions {
    fn default() -> Self {
        TokenOptions {
            allow_query: false,
            max_token_length: DEFAULT_MAX_TOKEN_LENGTH,
        }
    }
}

/// How the token was presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScheme {
    /// An RFC 6750 bearer token.
    Bearer,
    /// An RFC 9449 DPoP-bound token (`Authorization: DPoP …`).
    DPoP,
}

/// Where the token was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    /// The `Authorization` header.
    Header,
    /// The `access_token` form parameter.
    Form,
    /// The `access_token` query parameter.
    Query,
}

/// An access token taken from a request. `Debug` does not show the token.
#[derive(Clone)]
pub struct PresentedToken<'a> {
    token: Cow<'a, str>,
    scheme: TokenScheme,
    source: TokenSource,
}

impl PresentedToken<'_> {
    /// The token itself. Never log it.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// `Bearer` or `DPoP`.
    pub fn scheme(&self) -> TokenScheme {
        self.scheme
    }

    /// Where it was found.
    pub fn source(&self) -> TokenSource {
        self.source
    }
}

impl std::fmt::Debug for PresentedToken<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresentedToken")
            .field("token", &"<redacted>")
            .field("scheme", &self.scheme)
            .field("source", &self.source)
            .finish()
    }
}

/// Why no token could be taken from a request: each is a 400 `invalid_request`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// More than one `Authorization` header, or a token in more than one place.
    #[error("The access token was presented in more than one way.")]
    MultipleTokens,
    /// `Authorization: Bearer` (or `DPoP`) without a token, or with spaces or other characters a
    /// token cannot have.
    #[error("The access token is malformed.")]
    Malformed,
    /// The token is longer than the configured limit.
    #[error("The access token is too long.")]
    TooLong,
    /// The form body or query string is not valid `application/x-www-form-urlencoded` UTF-8.
    #[error("The request parameters are malformed.")]
    MalformedParameters,
}

/// Takes the token from `parts` (the `Authorization` header, and the query when allowed) and from
/// `form_token` (what [`form_access_token`] found in the body, when form tokens are allowed).
///
/// `Ok(None)` means the request carries no credentials of ours: an `Authorization` header with
/// another scheme (e.g. `Basic`) counts as none.
pub fn extract_token<'a>(
    parts: &'a Parts,
    form_token: Option<String>,
    options: &TokenOptions,
) -> Result<Option<PresentedToken<'a>>, ExtractError> {
    let mut found: Option<PresentedToken<'a>> = None;
    let mut put = |token: PresentedToken<'a>| {
        if found.is_some() {
            Err(ExtractError::MultipleTokens)
        } else {
            found = Some(token);
            Ok(())
        }
    };

    let mut headers = parts.headers.get_all(AUTHORIZATION).iter();
    if let Some(value) = headers.next() {
        if headers.next().is_some() {
            return Err(ExtractError::MultipleTokens);
        }
        if let Some((scheme, token)) = parse_authorization(value.as_bytes())? {
            checked(token, options)?;
            put(PresentedToken {
                token: Cow::Borrowed(token),
                scheme,
                source: TokenSource::Header,
            })?;
        }
    }

    if let Some(token) = form_token {
        checked(&token, options)?;
        put(PresentedToken {
            token: Cow::Owned(token),
            scheme: TokenScheme::Bearer,
            source: TokenSource::Form,
        })?;
    }

    if options.allow_query
        && let Some(query) = parts.uri.query()
        && let Some(token) = single_param(query.as_bytes())?
    {
        checked(&token, options)?;
        put(PresentedToken {
            token: Cow::Owned(token),
            scheme: TokenScheme::Bearer,
            source: TokenSource::Query,
        })?;
    }

    Ok(found)
}

/// Whether the request may carry a form token: a `POST` whose `Content-Type` is
/// `application/x-www-form-urlencoded` (parameters such as `; charset=UTF-8` allowed).
pub fn is_form_post(parts: &Parts) -> bool {
    parts.method == Method::POST
        && parts
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
}

/// The `access_token` parameter of a form body; more than one is an error.
pub fn form_access_token(body: &[u8]) -> Result<Option<String>, ExtractError> {
    single_param(body)
}

fn single_param(encoded: &[u8]) -> Result<Option<String>, ExtractError> {
    if std::str::from_utf8(encoded).is_err() {
        return Err(ExtractError::MalformedParameters);
    }
    let mut found = None;
    for (name, value) in form_urlencoded::parse(encoded) {
        if name == ACCESS_TOKEN_PARAM {
            if found.is_some() {
                return Err(ExtractError::MultipleTokens);
            }
            found = Some(value.into_owned());
        }
    }
    Ok(found)
}

/// Splits `Authorization: <scheme> <token>`; `None` for a scheme that is neither Bearer nor DPoP.
fn parse_authorization(value: &[u8]) -> Result<Option<(TokenScheme, &str)>, ExtractError> {
    let value = std::str::from_utf8(value).map_err(|_| ExtractError::Malformed)?;
    let value = value.trim_matches([' ', '\t']);
    let (scheme, rest) = match value.find([' ', '\t']) {
        Some(at) => (&value[..at], &value[at..]),
        None => (value, ""),
    };
    let scheme = if scheme.eq_ignore_ascii_case("bearer") {
        TokenScheme::Bearer
    } else if scheme.eq_ignore_ascii_case("dpop") {
        TokenScheme::DPoP
    } else {
        return Ok(None);
    };
    let token = rest.trim_start_matches([' ', '\t']);
    if token.is_empty() {
        return Err(ExtractError::Malformed);
    }
    Ok(Some((scheme, token)))
}

fn checked(token: &str, options: &TokenOptions) -> Result<(), ExtractError> {
    if token.len() > options.max_token_length {
        return Err(ExtractError::TooLong);
    }
    if !is_token68(token) {
        return Err(ExtractError::Malformed);
    }
    Ok(())
}

/// `token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="` (RFC 7235 §2.1).
pub fn is_token68(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty() && body.bytes().all(|byte| TOKEN68[usize::from(byte)])
}

/// The bytes a token68 may have before its trailing `=`, as a table: one load per byte on the
/// path every request takes.
static TOKEN68: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] =
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/');
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parts(builder: http::request::Builder) -> Parts {
        builder.body(()).unwrap().into_parts().0
    }

    fn header(value: &str) -> Parts {
        parts(http::Request::get("/").header(AUTHORIZATION, value))
    }

    fn with_query() -> TokenOptions {
        TokenOptions {
            allow_query: true,
            ..TokenOptions::default()
        }
    }

    #[test]
    fn bearer_and_dpop_schemes_are_case_insensitive() {
        let options = TokenOptions::default();
        let request = header("bEaReR  abc.DEF-_~+/==");
        let token = extract_token(&request, None, &options).unwrap().unwrap();
        assert_eq!(
            (token.token(), token.scheme()),
            ("abc.DEF-_~+/==", TokenScheme::Bearer)
        );
        let request = header("dpop xyz");
        let token = extract_token(&request, None, &options).unwrap().unwrap();
        assert_eq!((token.token(), token.scheme()), ("xyz", TokenScheme::DPoP));
        assert_eq!(token.source(), TokenSource::Header);
        assert!(!format!("{token:?}").contains("xyz"));
    }

    #[test]
    fn other_schemes_and_no_header_are_no_credentials() {
        let options = TokenOptions::default();
        assert!(
            extract_token(&header("Basic dXNlcjpwYXNz"), None, &options)
                .unwrap()
                .is_none()
        );
        assert!(
            extract_token(&parts(http::Request::get("/")), None, &options)
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn malformed_headers_are_rejected() {
        let options = TokenOptions::default();
        for value in [
            "Bearer",
            "Bearer ",
            "Bearer a b",
            "Bearer a,b",
            "Bearer ===",
            "DPoP \"x\"",
        ] {
            assert_eq!(
                extract_token(&header(value), None, &options).unwrap_err(),
                ExtractError::Malformed,
                "{value}"
            );
        }
        let long = format!("Bearer {}", "a".repeat(DEFAULT_MAX_TOKEN_LENGTH + 1));
        assert_eq!(
            extract_token(&header(&long), None, &options).unwrap_err(),
            ExtractError::TooLong
        );
    }

    #[test]
    fn two_sources_are_rejected() {
        let request = http::Request::get("/?access_token=q").header(AUTHORIZATION, "Bearer h");
        assert_eq!(
            extract_token(&parts(request), None, &with_query()).unwrap_err(),
            ExtractError::MultipleTokens
        );
        let two_headers = http::Request::get("/")
            .header(AUTHORIZATION, "Bearer a")
            .header(AUTHORIZATION, "Bearer b");
        assert_eq!(
            extract_token(&parts(two_headers), None, &TokenOptions::default()).unwrap_err(),
            ExtractError::MultipleTokens
        );
        assert_eq!(
            extract_token(
                &header("Bearer h"),
                Some("f".into()),
                &TokenOptions::default()
            )
            .unwrap_err(),
            ExtractError::MultipleTokens
        );
        let twice = parts(http::Request::get("/?access_token=a&access_token=b"));
        assert_eq!(
            extract_token(&twice, None, &with_query()).unwrap_err(),
            ExtractError::MultipleTokens
        );
    }

    #[test]
    fn query_token_only_when_allowed() {
        let request = parts(http::Request::get("/x?a=1&access_token=q%2Bq"));
        assert!(
            extract_token(&request, None, &TokenOptions::default())
                .unwrap()
                .is_none()
        );
        let token = extract_token(&request, None, &with_query())
            .unwrap()
            .unwrap();
        assert_eq!((token.token(), token.source()), ("q+q", TokenSource::Query));
    }

    #[test]
    fn form_tokens_and_form_posts() {
        assert_eq!(
            form_access_token(b"a=1&access_token=t").unwrap().as_deref(),
            Some("t")
        );
        assert_eq!(form_access_token(b"a=1").unwrap(), None);
        assert_eq!(
            form_access_token(b"access_token=t&access_token=u").unwrap_err(),
            ExtractError::MultipleTokens
        );
        assert_eq!(
            form_access_token(&[0xff]).unwrap_err(),
            ExtractError::MalformedParameters
        );
        let form = parts(http::Request::post("/").header(
            CONTENT_TYPE,
            "Application/X-WWW-Form-Urlencoded; charset=UTF-8",
        ));
        assert!(is_form_post(&form));
        let json = parts(http::Request::post("/").header(CONTENT_TYPE, "application/json"));
        assert!(!is_form_post(&json));
        let get = parts(
            http::Request::get("/").header(CONTENT_TYPE, "application/x-www-form-urlencoded"),
        );
        assert!(!is_form_post(&get));
    }

    proptest! {
        #[test]
        fn never_panics_on_arbitrary_headers(
            values in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..4),
            query in "[ -~]{0,40}",
            form in proptest::option::of("[ -~]{0,20}"),
        ) {
            let mut builder = http::Request::get("/");
            if let Ok(uri) = format!("/p?{query}").parse::<http::Uri>() {
                builder = http::Request::get(uri);
            }
            let mut request = builder.body(()).unwrap();
            for value in values {
                if let Ok(value) = http::HeaderValue::from_bytes(&value) {
                    request.headers_mut().append(AUTHORIZATION, value);
                }
            }
            let (parts, ()) = request.into_parts();
            let _ = extract_token(&parts, form, &with_query());
        }

        #[test]
        fn well_formed_bearer_tokens_round_trip(token in "[A-Za-z0-9._~+/-]{1,100}=*") {
            let parts = header(&format!("Bearer {token}"));
            let found = extract_token(&parts, None, &TokenOptions::default()).unwrap().unwrap();
            prop_assert_eq!(found.token(), token.as_str());
        }
    }
}
