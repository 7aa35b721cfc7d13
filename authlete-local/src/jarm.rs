//! JWT Secured Authorization Response Mode (JARM): with `response_mode` `query.jwt`,
//! `fragment.jwt`, `form_post.jwt` or `jwt`, the authorization response's parameters (success or
//! error) travel as one `response` parameter, a JWT signed with the service's ID-token key whose
//! `iss` is the issuer, `aud` the client and `exp` a few minutes ahead.
//!
//! ```ignore
//! let (form, content) = engine.deliver(&target, &[("code", code), ("state", state)]);
//! // https://client.example/cb?response=eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJpc3MiOi….…
//! ```

use serde_json::{Map, Value};

use super::authorization::{Target, respond};
use super::engine::Engine;
use super::store::ResponseMode;

/// How long a JARM response is valid (seconds).
const RESPONSE_LIFETIME_SECONDS: i64 = 600;

impl ResponseMode {
    /// How the response travels: the plain mode beneath a JWT mode.
    pub(crate) fn base(self) -> ResponseMode {
        match self {
            ResponseMode::QueryJwt => ResponseMode::Query,
            ResponseMode::FragmentJwt => ResponseMode::Fragment,
            ResponseMode::FormPostJwt => ResponseMode::FormPost,
            plain => plain,
        }
    }

    /// Whether the parameters go into a signed JWT.
    pub(crate) fn is_jwt(self) -> bool {
        self != self.base()
    }
}

impl Engine {
    /// The authorization response at the client's redirect URI: `(is_form, content)`. In a JWT
    /// mode the fields are signed into one `response` parameter (plain fields when signing fails,
    /// never expected, so the client still learns the outcome).
    pub(crate) fn deliver(&self, target: &Target, fields: &[(&str, String)]) -> (bool, String) {
        if !target.mode.is_jwt() {
            return respond(target, fields);
        }
        let now = self.now() / 1000;
        let mut claims = Map::new();
        claims.insert("iss".into(), Value::from(self.config.issuer.clone()));
        claims.insert("aud".into(), Value::from(target.client_id.clone()));
        claims.insert(
            "exp".into(),
            Value::from(now.saturating_add(RESPONSE_LIFETIME_SECONDS)),
        );
        claims.insert("iat".into(), Value::from(now));
        for (name, value) in fields {
            claims.insert((*name).to_owned(), Value::from(value.clone()));
        }
        let plain = Target {
            mode: target.mode.base(),
            ..target.clone()
        };
        match self.keys.sign(&Value::Object(claims), None) {
            Ok(jwt) => respond(&plain, &[("response", jwt)]),
            Err(error) => {
                tracing::error!(%error, "the local backend could not sign a JARM response");
                respond(&plain, fields)
            }
        }
    }
}
