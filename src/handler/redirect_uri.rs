//! Which redirect URIs a client may register (RFC 7591 §2, RFC 9700 §4.1, RFC 8252 §7, OpenID
//! Connect Registration §2), and which targets an authorization response may be sent to.
//!
//! ```
//! use authlete_tower::handler::redirect_uri::{ApplicationType, RedirectUriError, check};
//!
//! assert!(check("https://client.example/cb", ApplicationType::Web).is_ok());
//! assert!(check("http://127.0.0.1:4000/cb", ApplicationType::Native).is_ok());
//! assert!(check("com.example.app:/cb", ApplicationType::Native).is_ok());
//! assert_eq!(
//!     check("javascript:alert(1)//", ApplicationType::Native),
//!     Err(RedirectUriError::DangerousScheme("javascript".into()))
//! );
//! assert_eq!(check("http://client.example/cb", ApplicationType::Web), Err(RedirectUriError::PlainHttp));
//! assert_eq!(check("https://client.example/cb#x", ApplicationType::Web), Err(RedirectUriError::Fragment));
//! ```
//!
//! The rule:
//!
//! - the URI is absolute and has no fragment (RFC 6749 §3.1.2);
//! - `javascript:`, `data:`, `file:`, `vbscript:`, `blob:`, `about:` and `filesystem:` are never
//!   accepted: a browser sent there runs script in, or reads from, the authorization server's origin;
//! - `https` with a host is accepted for every client;
//! - `http` is accepted only for native clients and only on a loopback host (`127.0.0.1` and the
//!   rest of `127.0.0.0/8`, `[::1]`, `localhost`; RFC 8252 §7.3);
//! - any other (private-use) scheme, such as `com.example.app:/cb`, only for native clients
//!   (RFC 8252 §7.1).
//!
//! The registration handler applies it to every registration and update in front of any backend,
//! and the local backend to dynamic registrations and to the clients of its configuration.

use serde_json::Value;

/// Schemes that make a browser run script in, or read from, the page's own origin.
const DANGEROUS_SCHEMES: &[&str] = &[
    "javascript",
    "data",
    "file",
    "vbscript",
    "blob",
    "about",
    "filesystem",
];

/// The OpenID Connect `application_type` of a client (OpenID Connect Registration §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ApplicationType {
    /// A web application (the default): `https` redirect URIs only.
    #[default]
    Web,
    /// A native application: also loopback `http` and private-use schemes.
    Native,
}

impl ApplicationType {
    /// The type named by the metadata value `application_type`; absent is [`ApplicationType::Web`].
    pub fn from_metadata(value: Option<&str>) -> Option<Self> {
        match value {
            None | Some("web") => Some(Self::Web),
            Some("native") => Some(Self::Native),
            Some(_) => None,
        }
    }
}

/// Why a redirect URI is refused. The text is safe to show to the client: it never repeats the URI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedirectUriError {
    /// Not an absolute URI.
    #[error("a redirect URI must be an absolute URI")]
    NotAbsolute,
    /// The URI has a fragment (`#…`), even an empty one.
    #[error("a redirect URI must not have a fragment")]
    Fragment,
    /// A scheme that runs script or reads local data (`javascript:`, `data:`, `file:`, …).
    #[error("the scheme '{0}' is not allowed in a redirect URI")]
    DangerousScheme(String),
    /// `http` on a host that is not the loopback interface, or for a web client.
    #[error(
        "a redirect URI must use https; http is allowed only on a loopback host (127.0.0.1, [::1], localhost) for native clients"
    )]
    PlainHttp,
    /// `http` or `https` without a host.
    #[error("an http or https redirect URI must have a host")]
    NoHost,
    /// A private-use scheme for a client that is not native.
    #[error("the private-use scheme '{0}' is allowed only for native clients")]
    PrivateUseScheme(String),
    /// `redirect_uris` is not an array of strings, or `application_type` is neither `web` nor `native`.
    #[error("redirect_uris must be an array of strings and application_type 'web' or 'native'")]
    Metadata,
}

/// Checks one redirect URI a client of `application_type` wants to register.
pub fn check(uri: &str, application_type: ApplicationType) -> Result<(), RedirectUriError> {
    let parsed = url::Url::parse(uri).map_err(|_| RedirectUriError::NotAbsolute)?;
    let scheme = parsed.scheme();
    if DANGEROUS_SCHEMES.contains(&scheme) {
        return Err(RedirectUriError::DangerousScheme(scheme.to_owned()));
    }
    if parsed.fragment().is_some() {
        return Err(RedirectUriError::Fragment);
    }
    match scheme {
        "https" if parsed.host().is_some() => Ok(()),
        "http" if parsed.host().is_some() => {
            if application_type == ApplicationType::Native && is_loopback(&parsed) {
                Ok(())
            } else {
                Err(RedirectUriError::PlainHttp)
            }
        }
        "http" | "https" => Err(RedirectUriError::NoHost),
        _ if application_type == ApplicationType::Native => Ok(()),
        other => Err(RedirectUriError::PrivateUseScheme(other.to_owned())),
    }
}

/// Checks the `redirect_uris` of RFC 7591 client metadata against its `application_type`.
/// Metadata without `redirect_uris` passes (the backend decides whether the grant types need one).
pub fn check_metadata(metadata: &Value) -> Result<(), RedirectUriError> {
    let application_type = match metadata.get("application_type") {
        None | Some(Value::Null) => Some(ApplicationType::Web),
        Some(Value::String(value)) => ApplicationType::from_metadata(Some(value)),
        Some(_) => None,
    }
    .ok_or(RedirectUriError::Metadata)?;
    match metadata.get("redirect_uris") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(uris)) => uris.iter().try_for_each(|uri| match uri.as_str() {
            Some(uri) => check(uri, application_type),
            None => Err(RedirectUriError::Metadata),
        }),
        Some(_) => Err(RedirectUriError::Metadata),
    }
}

/// Whether an authorization response may be sent to `target` (a `Location` or a form `action`):
/// an `http(s)` URI with a host, or a private-use scheme; never a scheme that runs script.
/// The target is the registered redirect URI plus the response parameters, so a fragment is fine.
pub fn is_deliverable(target: &str) -> bool {
    match url::Url::parse(target) {
        Ok(parsed) => match parsed.scheme() {
            "http" | "https" => parsed.host().is_some(),
            scheme => !DANGEROUS_SCHEMES.contains(&scheme),
        },
        Err(_) => false,
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(address)) => address.is_loopback(),
        Some(url::Host::Ipv6(address)) => address.is_loopback(),
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationType::{Native, Web};
    use RedirectUriError as E;

    #[test]
    fn the_rule_for_each_kind_of_uri() {
        let cases: &[(&str, ApplicationType, Result<(), RedirectUriError>)] = &[
            ("https://client.example/cb", Web, Ok(())),
            ("https://client.example/cb", Native, Ok(())),
            ("https://client.example/cb?x=1", Web, Ok(())),
            ("http://client.example/cb", Web, Err(E::PlainHttp)),
            ("http://client.example/cb", Native, Err(E::PlainHttp)),
            ("http://localhost:8000/cb", Web, Err(E::PlainHttp)),
            ("http://localhost:8000/cb", Native, Ok(())),
            ("http://127.0.0.1:8000/cb", Native, Ok(())),
            ("http://[::1]:8000/cb", Native, Ok(())),
            (
                "http://127.0.0.1.evil.example/cb",
                Native,
                Err(E::PlainHttp),
            ),
            (
                "http://localhost.evil.example/cb",
                Native,
                Err(E::PlainHttp),
            ),
            ("com.example.app:/cb", Native, Ok(())),
            (
                "com.example.app:/cb",
                Web,
                Err(E::PrivateUseScheme("com.example.app".into())),
            ),
            ("https://client.example/cb#", Web, Err(E::Fragment)),
            ("https://client.example/cb#x", Web, Err(E::Fragment)),
            ("com.example.app:/cb#x", Native, Err(E::Fragment)),
            ("/cb", Web, Err(E::NotAbsolute)),
            ("client.example/cb", Native, Err(E::NotAbsolute)),
            ("", Native, Err(E::NotAbsolute)),
        ];
        for (uri, kind, expected) in cases {
            assert_eq!(&check(uri, *kind), expected, "{uri} as {kind:?}");
        }
    }

    #[test]
    fn script_and_local_schemes_are_refused_for_every_client() {
        for uri in [
            "javascript:document.documentElement.innerHTML=%27XSS%27//",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "vbscript:msgbox(1)",
            "blob:https://as.example/1",
            "about:blank",
        ] {
            for kind in [Web, Native] {
                assert!(
                    matches!(check(uri, kind), Err(E::DangerousScheme(_))),
                    "{uri} as {kind:?}"
                );
            }
            assert!(!is_deliverable(uri), "{uri}");
        }
    }

    #[test]
    fn metadata_is_checked_with_its_application_type() {
        let check = |value: Value| check_metadata(&value);
        assert_eq!(check(serde_json::json!({})), Ok(()));
        assert_eq!(
            check(serde_json::json!({"redirect_uris": ["https://a.example/cb"]})),
            Ok(())
        );
        assert_eq!(
            check(serde_json::json!({"redirect_uris": ["http://127.0.0.1/cb"]})),
            Err(E::PlainHttp)
        );
        assert_eq!(
            check(
                serde_json::json!({"application_type": "native", "redirect_uris": ["http://127.0.0.1/cb"]})
            ),
            Ok(())
        );
        assert_eq!(
            check(serde_json::json!({"redirect_uris": ["https://a.example/cb", "data:,x"]})),
            Err(E::DangerousScheme("data".into()))
        );
        assert_eq!(
            check(serde_json::json!({"redirect_uris": "https://a.example/cb"})),
            Err(E::Metadata)
        );
        assert_eq!(
            check(serde_json::json!({"redirect_uris": [1]})),
            Err(E::Metadata)
        );
        assert_eq!(
            check(serde_json::json!({"application_type": "desktop"})),
            Err(E::Metadata)
        );
    }

    #[test]
    fn deliverable_targets() {
        assert!(is_deliverable("https://client.example/cb?code=x"));
        assert!(is_deliverable("https://client.example/cb#access_token=x"));
        assert!(is_deliverable("http://127.0.0.1:4000/cb?code=x"));
        assert!(is_deliverable("com.example.app:/cb?code=x"));
        assert!(!is_deliverable("/cb?code=x"));
        assert!(!is_deliverable("https:"));
    }
}
