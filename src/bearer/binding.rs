//! The inputs of sender-constrained tokens: the request URL a DPoP proof must name (`htu`,
//! RFC 9449 §4.3) and the client certificate of an mTLS-bound token (RFC 8705), as a TLS-ending
//! proxy forwards it.

use base64::Engine;
use http::HeaderName;
use http::header::HOST;
use http::request::Parts;
use url::Url;

/// Where the scheme and host of the request URL (`htu`) come from.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum ExternalUrl {
    /// The request's own URI when it is absolute, else its `Host` header with `http`. Right when
    /// nothing sits between the client and this server.
    #[default]
    FromRequest,
    /// A fixed base such as `https://api.example.com` (a path prefix is kept): the safest choice
    /// behind a proxy.
    Fixed(Url),
    /// The `Forwarded` header (RFC 7239), else `X-Forwarded-Proto` / `X-Forwarded-Host`, else as
    /// [`FromRequest`](Self::FromRequest). Only when a trusted proxy sets these headers.
    TrustForwardedHeaders,
}

impl ExternalUrl {
    /// The URL of the request without query and fragment, as a DPoP proof's `htu` names it.
    pub fn request_url(&self, parts: &Parts) -> String {
        let path = parts.uri.path();
        match self {
            ExternalUrl::Fixed(base) => {
                let mut url = base.as_str().trim_end_matches('/').to_owned();
                url.push_str(path);
                url
            }
            ExternalUrl::TrustForwardedHeaders => {
                let (proto, host) = forwarded(parts);
                let proto = proto.unwrap_or_else(|| request_scheme(parts));
                let host = host.or_else(|| request_host(parts)).unwrap_or_default();
                format!("{proto}://{host}{path}")
            }
            ExternalUrl::FromRequest => format!(
                "{}://{}{path}",
                request_scheme(parts),
                request_host(parts).unwrap_or_default()
            ),
        }
    }
}

fn request_scheme(parts: &Parts) -> String {
    parts
        .uri
        .scheme_str()
        .unwrap_or("http")
        .to_ascii_lowercase()
}

fn request_host(parts: &Parts) -> Option<String> {
    parts
        .uri
        .authority()
        .map(|authority| authority.as_str().to_owned())
        .or_else(|| {
            parts
                .headers
                .get(HOST)
                .and_then(|host| host.to_str().ok())
                .map(str::to_owned)
        })
}

/// `(proto, host)` from the first element of `Forwarded`, else from `X-Forwarded-*`.
fn forwarded(parts: &Parts) -> (Option<String>, Option<String>) {
    if let Some(value) = parts.headers.get("forwarded").and_then(|v| v.to_str().ok()) {
        let first = value.split(',').next().unwrap_or("");
        let mut proto = None;
        let mut host = None;
        for pair in first.split(';') {
            if let Some((name, value)) = pair.split_once('=') {
                let value = value.trim().trim_matches('"').to_owned();
                match name.trim().to_ascii_lowercase().as_str() {
                    "proto" => proto = Some(value.to_ascii_lowercase()),
                    "host" => host = Some(value),
                    _ => {}
                }
            }
        }
        if proto.is_some() || host.is_some() {
            return (proto, host);
        }
    }
    let first = |name: &str| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    (
        first("x-forwarded-proto").map(|proto| proto.to_ascii_lowercase()),
        first("x-forwarded-host"),
    )
}

/// How a TLS-ending proxy forwards the client certificate.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum ClientCertHeader {
    /// A URL-encoded PEM certificate, as nginx's `$ssl_client_escaped_cert` (header name e.g.
    /// `X-Ssl-Cert`).
    UrlEncodedPem(HeaderName),
    /// RFC 9440 `Client-Cert`: the DER certificate as a structured-field byte sequence
    /// (`:base64:`).
    Rfc9440,
}

impl ClientCertHeader {
    /// `X-Ssl-Cert` with a URL-encoded PEM certificate.
    pub fn x_ssl_cert() -> Self {
        ClientCertHeader::UrlEncodedPem(HeaderName::from_static("x-ssl-cert"))
    }

    /// The client certificate in PEM, or `None` when the header is absent or cannot be decoded.
    pub fn certificate(&self, parts: &Parts) -> Option<String> {
        match self {
            ClientCertHeader::UrlEncodedPem(name) => {
                let value = parts.headers.get(name)?.to_str().ok()?;
                let pem = percent_encoding::percent_decode_str(value)
                    .decode_utf8()
                    .ok()?
                    .into_owned();
                pem.contains("-----BEGIN CERTIFICATE-----").then_some(pem)
            }
            ClientCertHeader::Rfc9440 => {
                let value = parts.headers.get("client-cert")?.to_str().ok()?.trim();
                let encoded = value.strip_prefix(':')?.strip_suffix(':')?;
                let der = base64::engine::general_purpose::STANDARD
                    .decode(encoded)
                    .ok()?;
                Some(der_to_pem(&der))
            }
        }
    }
}

fn der_to_pem(der: &[u8]) -> String {
    let encoded = base64::engine::general_purpose::STANDARD.encode(der);
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in encoded.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(builder: http::request::Builder) -> Parts {
        builder.body(()).unwrap().into_parts().0
    }

    #[test]
    fn htu_from_request_fixed_base_and_forwarded_headers() {
        let request = parts(
            http::Request::get("/api/x?q=1")
                .header(HOST, "localhost:3000")
                .header(
                    "forwarded",
                    "for=1.2.3.4;proto=https;host=\"api.example.com\"",
                )
                .header("x-forwarded-proto", "ftp"),
        );
        assert_eq!(
            ExternalUrl::FromRequest.request_url(&request),
            "http://localhost:3000/api/x"
        );
        let fixed = ExternalUrl::Fixed(Url::parse("https://rs.example.com/base/").unwrap());
        assert_eq!(
            fixed.request_url(&request),
            "https://rs.example.com/base/api/x"
        );
        assert_eq!(
            ExternalUrl::TrustForwardedHeaders.request_url(&request),
            "https://api.example.com/api/x"
        );
        let x_forwarded = parts(
            http::Request::get("/r")
                .header(HOST, "internal:8080")
                .header("x-forwarded-proto", "HTTPS, http")
                .header("x-forwarded-host", "edge.example.com"),
        );
        assert_eq!(
            ExternalUrl::TrustForwardedHeaders.request_url(&x_forwarded),
            "https://edge.example.com/r"
        );
        let absolute = parts(http::Request::get("https://h2.example.com/p"));
        assert_eq!(
            ExternalUrl::FromRequest.request_url(&absolute),
            "https://h2.example.com/p"
        );
    }

    #[test]
    fn client_certificates_from_both_header_forms() {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let encoded =
            percent_encoding::utf8_percent_encode(pem, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        let request = parts(http::Request::get("/").header("x-ssl-cert", encoded));
        assert_eq!(
            ClientCertHeader::x_ssl_cert()
                .certificate(&request)
                .as_deref(),
            Some(pem)
        );

        let request = parts(http::Request::get("/").header("client-cert", ":MIIB:"));
        let pem = ClientCertHeader::Rfc9440.certificate(&request).unwrap();
        assert!(
            pem.starts_with("-----BEGIN CERTIFICATE-----\nMIIB\n"),
            "{pem}"
        );

        let junk = parts(
            http::Request::get("/")
                .header("client-cert", "nope")
                .header("x-ssl-cert", "x"),
        );
        assert!(ClientCertHeader::Rfc9440.certificate(&junk).is_none());
        assert!(ClientCertHeader::x_ssl_cert().certificate(&junk).is_none());
    }
}
