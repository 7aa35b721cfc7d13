//! [`ClientSecretCredentials`]: an introspection authenticator for one caller with a client
//! secret, sent with HTTP Basic (`client_secret_basic`) or in the form (`client_secret_post`),
//! RFC 6749 §2.3.1.
//!
//! ```
//! use authlete_tower::handler::{AuthorizationServer, ClientSecretCredentials};
//!
//! fn protect(server: AuthorizationServer) -> AuthorizationServer {
//!     server.with_introspection_authenticator(ClientSecretCredentials::new("rs", "rs-secret"))
//! }
//! ```

use http::request::Parts;
use subtle::ConstantTimeEq;

use super::page::Form;
use super::request;
use super::spi::{IntrospectionAuthenticator, SpiError};

/// The form parameters of the client-authentication methods of RFC 6749 §2.3 and RFC 7523 §2.2.
pub(crate) const CLIENT_AUTHENTICATION_PARAMETERS: [&str; 4] = [
    "client_id",
    "client_secret",
    "client_assertion",
    "client_assertion_type",
];

/// An [`IntrospectionAuthenticator`] that accepts one caller's fixed credentials, with
/// `Authorization: Basic` or as `client_id` and `client_secret` in the form body, but never both
/// at once nor beside a `client_assertion` (RFC 6749 §2.3: one method per request). The secret
/// is compared in constant time.
#[derive(Clone)]
pub struct ClientSecretCredentials {
    id: String,
    secret: String,
}

impl std::fmt::Debug for ClientSecretCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientSecretCredentials")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl ClientSecretCredentials {
    /// Accepts the caller `id` with `secret`.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
        }
    }

    fn matches(&self, id: &str, secret: &str) -> bool {
        let id_ok = id.as_bytes().ct_eq(self.id.as_bytes());
        let secret_ok = secret.as_bytes().ct_eq(self.secret.as_bytes());
        bool::from(id_ok & secret_ok)
    }
}

impl IntrospectionAuthenticator for ClientSecretCredentials {
    async fn authenticate(&self, head: &Parts, form: &Form) -> Result<bool, SpiError> {
        if CLIENT_AUTHENTICATION_PARAMETERS
            .iter()
            .any(|name| form.count(name) > 1)
            || form.get("client_assertion").is_some()
            || form.get("client_assertion_type").is_some()
        {
            return Ok(false);
        }
        let form_id = form.get("client_id");
        let form_secret = form.get("client_secret");
        Ok(match request::basic_credentials(&head.headers) {
            Err(_) => false,
            Ok(Some((id, secret))) => {
                form_secret.is_none()
                    && form_id.is_none_or(|form_id| form_id == id)
                    && self.matches(&id, &secret)
            }
            Ok(None) => match (form_id, form_secret) {
                (Some(id), Some(secret)) => self.matches(id, secret),
                _ => false,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;

    use super::*;

    fn head(authorization: Option<&str>) -> Parts {
        let mut builder = http::Request::post("/introspection");
        if let Some(value) = authorization {
            builder = builder.header("authorization", value);
        }
        builder.body(()).unwrap().into_parts().0
    }

    fn basic(id: &str, secret: &str) -> String {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        format!("Basic {encoded}")
    }

    async fn allowed(authorization: Option<&str>, body: &str) -> bool {
        ClientSecretCredentials::new("rs", "rs-secret")
            .authenticate(&head(authorization), &Form::parse(body.as_bytes()))
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn basic_or_post_with_the_right_secret_only() {
        assert!(allowed(Some(&basic("rs", "rs-secret")), "token=t").await);
        assert!(allowed(Some(&basic("rs", "rs-secret")), "token=t&client_id=rs").await);
        assert!(allowed(None, "token=t&client_id=rs&client_secret=rs-secret").await);
        assert!(!allowed(Some(&basic("rs", "wrong")), "token=t").await);
        assert!(!allowed(Some(&basic("other", "rs-secret")), "token=t").await);
        assert!(!allowed(None, "token=t&client_id=rs&client_secret=wrong").await);
        assert!(!allowed(None, "token=t&client_secret=rs-secret").await);
        assert!(!allowed(None, "token=t&client_id=rs").await);
        assert!(!allowed(None, "token=t").await);
        assert!(!allowed(Some("Basic %%%"), "token=t").await);
    }

    #[tokio::test]
    async fn one_method_per_request() {
        let both = "token=t&client_id=rs&client_secret=rs-secret";
        assert!(!allowed(Some(&basic("rs", "rs-secret")), both).await);
        assert!(!allowed(Some(&basic("rs", "rs-secret")), "token=t&client_id=other").await);
        assert!(
            !allowed(
                None,
                "token=t&client_id=rs&client_secret=rs-secret&client_assertion=x"
            )
            .await
        );
        assert!(
            !allowed(
                None,
                "token=t&client_id=rs&client_secret=rs-secret&client_secret=rs-secret"
            )
            .await
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        let text = format!("{:?}", ClientSecretCredentials::new("rs", "rs-secret"));
        assert!(text.contains("rs") && !text.contains("rs-secret"), "{text}");
    }
}
