//! Client certificates (RFC 8705): the `x5t#S256` thumbprint of a PEM certificate, which
//! certificate-bound access tokens carry (§3.1), and the two mutual-TLS client authentication
//! methods (§2): `tls_client_auth` (the registered subject DN) and `self_signed_tls_client_auth`
//! (the certificate is in the client's registered `jwks`, as `x5c`).
//!
//! ```ignore
//! let x5t = certificate_thumbprint(pem).ok_or("not a PEM certificate")?;
//! assert!(subject_matches(&der, "CN=client.example.com, O=Example"));
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use x509_parser::objects::{oid_registry, oid2abbrev};

use super::jws::sha256_b64;

/// The DER of the first `CERTIFICATE` block of `pem`; `None` when there is none or it is not
/// base64 of a DER SEQUENCE.
pub(crate) fn certificate_der(pem: &str) -> Option<Vec<u8>> {
    let start = pem.find("-----BEGIN CERTIFICATE-----")? + "-----BEGIN CERTIFICATE-----".len();
    let end = start + pem[start..].find("-----END CERTIFICATE-----")?;
    let body: String = pem[start..end]
        .chars()
        .filter(|ch| !ch.is_ascii_whitespace())
        .collect();
    let der = STANDARD.decode(body).ok()?;
    // A certificate is an ASN.1 SEQUENCE with a long-form length.
    (der.len() > 4 && der[0] == 0x30).then_some(der)
}

/// `x5t#S256`: base64url of the SHA-256 of the certificate's DER.
pub(crate) fn certificate_thumbprint(pem: &str) -> Option<String> {
    certificate_der(pem).map(|der| sha256_b64(&der))
}

/// `type=value` pairs of a distinguished name, types upper-cased, sorted: RFC 4514 strings and
/// certificate subjects compare equal whatever their RDN order.
fn normalised_pairs(pairs: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs
        .map(|(kind, value)| (kind.trim().to_ascii_uppercase(), value.trim().to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// Splits an RFC 4514 string on unescaped `,` and `+`, then each part on its first `=`.
fn parse_dn(text: &str) -> Option<Vec<(String, String)>> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => current.push(chars.next()?),
            ',' | '+' => parts.push(std::mem::take(&mut current)),
            _ => current.push(ch),
        }
    }
    parts.push(current);
    let pairs = parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .map(|part| {
            let (kind, value) = part.split_once('=')?;
            Some((kind.to_owned(), value.to_owned()))
        })
        .collect::<Option<Vec<_>>>()?;
    (!pairs.is_empty()).then(|| normalised_pairs(pairs.into_iter()))
}

/// Whether the subject of the DER certificate is the distinguished name `expected` (RFC 4514).
pub(crate) fn subject_matches(der: &[u8], expected: &str) -> bool {
    let Ok((_, certificate)) = x509_parser::parse_x509_certificate(der) else {
        return false;
    };
    let subject = certificate
        .subject()
        .iter_attributes()
        .map(|attribute| {
            let kind = oid2abbrev(attribute.attr_type(), oid_registry())
                .map(str::to_owned)
                .unwrap_or_else(|_| attribute.attr_type().to_id_string());
            Some((kind, attribute.as_str().ok()?.to_owned()))
        })
        .collect::<Option<Vec<_>>>();
    match (subject, parse_dn(expected)) {
        (Some(subject), Some(expected)) => normalised_pairs(subject.into_iter()) == expected,
        _ => false,
    }
}

/// Whether the DER certificate is the first `x5c` entry of a key in the JWK Set `jwks`.
pub(crate) fn in_jwks(der: &[u8], jwks: Option<&Value>) -> bool {
    jwks.and_then(|jwks| jwks.get("keys"))
        .and_then(Value::as_array)
        .is_some_and(|keys| {
            keys.iter().any(|key| {
                key.get("x5c")
                    .and_then(|chain| chain.get(0))
                    .and_then(Value::as_str)
                    .and_then(|first| STANDARD.decode(first).ok())
                    .is_some_and(|registered| registered == der)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinguished_names_compare_whatever_the_order_and_case_of_types() {
        let expected = parse_dn("CN=client.example.com, o=Example\\, Inc.").unwrap();
        assert_eq!(
            expected,
            parse_dn("O=Example\\, Inc.,CN=client.example.com").unwrap()
        );
        assert_eq!(expected[1], ("O".to_owned(), "Example, Inc.".to_owned()));
        assert!(parse_dn("no equals sign").is_none());
        assert!(parse_dn("").is_none());
    }

    #[test]
    fn thumbprints_of_pem_and_refusals() {
        let pem = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
        let der = STANDARD.decode("MIIBAAAA").unwrap();
        assert_eq!(
            certificate_thumbprint(pem).unwrap(),
            sha256_b64(&der),
            "whitespace inside the block is ignored"
        );
        assert!(certificate_thumbprint("nothing").is_none());
        assert!(
            certificate_thumbprint("-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----")
                .is_none()
        );
        assert!(
            certificate_thumbprint(
                "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----"
            )
            .is_none(),
            "not a SEQUENCE"
        );
    }
}
