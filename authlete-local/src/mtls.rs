//! Client certificates (RFC 8705): the `x5t#S256` thumbprint of a PEM certificate, which
//! certificate-bound access tokens carry (§3.1).
//!
//! ```ignore
//! let x5t = certificate_thumbprint(pem).ok_or("not a PEM certificate")?;
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

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

#[cfg(test)]
mod tests {
    use super::*;

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
