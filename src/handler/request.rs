//! Reading what the endpoints need from an `http::Request<Bytes>`: forms, client credentials
//! (RFC 6749 §2.3.1), bearer tokens, DPoP proofs and client certificates.
//! Form-only endpoints take their body through [`form_parameters`].

use base64::Engine;
use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, Method};

use super::outcome;
use super::page::Form;
use super::response::AuthleteResponse;

/// Why client credentials in `Authorization: Basic` could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MalformedBasic;

/// `Authorization: Basic` credentials, each part form-urlencoded-decoded (RFC 6749 §2.3.1).
/// `Ok(None)` when the header is absent or uses another scheme.
pub(crate) fn basic_credentials(
    headers: &HeaderMap,
) -> Result<Option<(String, String)>, MalformedBasic> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value.to_str().map_err(|_| MalformedBasic)?;
    let Some((scheme, encoded)) = value.trim().split_once(' ') else {
        return Ok(None);
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Ok(None);
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| MalformedBasic)?;
    let decoded = String::from_utf8(decoded).map_err(|_| MalformedBasic)?;
    let (id, secret) = decoded.split_once(':').ok_or(MalformedBasic)?;
    Ok(Some((form_decode(id), form_decode(secret))))
}

fn form_decode(text: &str) -> String {
    let replaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&replaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// The access token of `Authorization: Bearer …` or `Authorization: DPoP …`.
pub(crate) fn authorization_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    if (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("dpop"))
        && !token.is_empty()
    {
        Some(token.to_owned())
    } else {
        None
    }
}

/// The `DPoP` proof header.
pub(crate) fn dpop(headers: &HeaderMap) -> Option<String> {
    headers.get("dpop")?.to_str().ok().map(str::to_owned)
}

/// The client certificate a TLS-terminating proxy put in `header` (PEM, possibly URL-encoded as
/// nginx's `$ssl_client_escaped_cert`).
pub(crate) fn client_certificate(
    headers: &HeaderMap,
    header: Option<&HeaderName>,
) -> Option<String> {
    let value = headers.get(header?)?.to_str().ok()?.trim();
    if value.is_empty() {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(value).decode_utf8_lossy();
    Some(decoded.into_owned())
}

/// Whether the body is declared as a form.
pub(crate) fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The body of a form-only endpoint (token, revocation, PAR, device authorization,
/// introspection) as Authlete's `parameters`: it must be declared
/// `application/x-www-form-urlencoded` (RFC 6749 §3.2) and be UTF-8; `Err` is the `400
/// invalid_request` answer.
#[allow(
    clippy::result_large_err,
    reason = "the error is the answer itself, built once per request"
)]
pub(crate) fn form_parameters(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<String, AuthleteResponse> {
    if !is_form(headers) {
        return Err(outcome::invalid_request(
            "The request body must be application/x-www-form-urlencoded.",
        ));
    }
    body_text(body).ok_or_else(|| outcome::invalid_request("The request body is not UTF-8."))
}

/// The body as the UTF-8 parameter string Authlete parses.
pub(crate) fn body_text(body: &Bytes) -> Option<String> {
    std::str::from_utf8(body).ok().map(str::to_owned)
}

/// The raw query string.
pub(crate) fn query(uri: &http::Uri) -> String {
    uri.query().unwrap_or_default().to_owned()
}

/// The parameters of a GET (query) or POST (form body) request.
pub(crate) fn parameters(method: &Method, uri: &http::Uri, body: &Bytes) -> Option<String> {
    if method == Method::GET {
        Some(query(uri))
    } else {
        body_text(body)
    }
}

/// The form of a POST body, when it is one.
pub(crate) fn form(headers: &HeaderMap, body: &Bytes) -> Form {
    if is_form(headers) {
        Form::parse(body)
    } else {
        Form::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with_authorization(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        // "my%3Aclient" : "p%40ss+word" → my:client / p@ss word
        let encoded = base64::engine::general_purpose::STANDARD.encode("my%3Aclient:p%40ss+word");
        let headers = with_authorization(&format!("Basic {encoded}"));
        assert_eq!(
            basic_credentials(&headers),
            Ok(Some(("my:client".to_owned(), "p@ss word".to_owned())))
        );
    }

    #[test]
    fn malformed_basic_is_an_error_and_other_schemes_are_ignored() {
        assert_eq!(
            basic_credentials(&with_authorization("Basic !!!")),
            Err(MalformedBasic)
        );
        let no_colon = base64::engine::general_purpose::STANDARD.encode("nocolon");
        assert_eq!(
            basic_credentials(&with_authorization(&format!("Basic {no_colon}"))),
            Err(MalformedBasic)
        );
        assert_eq!(
            basic_credentials(&with_authorization("Bearer abc")),
            Ok(None)
        );
        assert_eq!(basic_credentials(&HeaderMap::new()), Ok(None));
    }

    #[test]
    fn bearer_and_dpop_tokens_are_read() {
        assert_eq!(
            authorization_token(&with_authorization("Bearer abc")),
            Some("abc".to_owned())
        );
        assert_eq!(
            authorization_token(&with_authorization("DPoP xyz")),
            Some("xyz".to_owned())
        );
        assert_eq!(authorization_token(&with_authorization("Basic abc")), None);
        assert_eq!(authorization_token(&with_authorization("Bearer ")), None);
    }

    #[test]
    fn certificates_are_url_decoded() {
        let name = HeaderName::from_static("x-ssl-cert");
        let mut headers = HeaderMap::new();
        headers.insert(
            &name,
            HeaderValue::from_static("-----BEGIN%20CERTIFICATE-----%0AMII"),
        );
        assert_eq!(
            client_certificate(&headers, Some(&name)).as_deref(),
            Some("-----BEGIN CERTIFICATE-----\nMII")
        );
        assert_eq!(client_certificate(&headers, None), None);
    }
}
