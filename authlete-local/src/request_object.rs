//! Request objects (RFC 9101, JAR): the `request` parameter of an authorization request (or of a
//! pushed one) is a JWT signed with a key of the client's registered `jwks`; once verified, its
//! claims are the request's parameters and the query's are ignored but for `client_id` (§6.3).
//!
//! ```ignore
//! // client_id=6000&request=eyJhbGciOiJFUzI1NiIsImtpZCI6ImsxIn0.eyJyZXNwb25zZV90eXBlIjoiY29kZSIs….…
//! let parameters = engine.resolve_request_object(&state, &request.parameters)?;
//! // "client_id=6000&response_type=code&redirect_uri=…&state=…"
//! ```

use serde_json::Value;

use super::authorization::Rejection;
use super::client_assertion::client_keys;
use super::clients::lookup;
use super::engine::Engine;
use super::jws::{ASYMMETRIC_ALGS, Jws};
use super::params::Params;
use super::result_codes::{self as rc, ResultCode};
use super::store::State;

/// Claims of a request object that are JWT claims, not authorization request parameters.
const JWT_CLAIMS: &[&str] = &["iss", "aud", "exp", "iat", "nbf", "jti", "sub"];

/// Clock skew tolerated for `nbf` (ms).
const SKEW_MS: i64 = 60_000;

fn refused(code: ResultCode, error: &'static str, detail: &str) -> Box<Rejection> {
    Box::new(Rejection::BadRequest {
        code,
        error,
        detail: detail.to_owned(),
    })
}

fn invalid_object(detail: &str) -> Box<Rejection> {
    refused(
        rc::AUTHZ_INVALID_REQUEST_OBJECT,
        "invalid_request_object",
        detail,
    )
}

impl Engine {
    /// The parameters of an authorization request: `parameters` itself without a `request`
    /// parameter, else the verified request object's claims plus the outer `client_id`.
    pub(crate) fn resolve_request_object(
        &self,
        state: &State,
        parameters: &str,
    ) -> Result<String, Box<Rejection>> {
        let outer = Params::parse(parameters);
        let Some(text) = outer.get("request") else {
            return Ok(parameters.to_owned());
        };
        if outer.duplicate() == Some("request") {
            return Err(refused(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "'request' is given more than once.",
            ));
        }
        if outer.get("request_uri").is_some() {
            return Err(refused(
                rc::AUTHZ_INVALID_REQUEST,
                "invalid_request",
                "request and request_uri cannot be used together.",
            ));
        }
        // RFC 9101 §5: client_id is required outside the request object.
        let Some(client_id) = outer.get("client_id") else {
            return Err(refused(
                rc::AUTHZ_NO_CLIENT_ID,
                "invalid_request",
                "client_id is required with a request object.",
            ));
        };
        let Some(client) = lookup(&state.clients, client_id) else {
            return Err(refused(
                rc::AUTHZ_UNKNOWN_CLIENT,
                "invalid_request",
                "The client is not registered.",
            ));
        };
        let jws =
            Jws::parse(text).map_err(|_| invalid_object("The request object is not a JWS."))?;
        if !jws.alg().is_some_and(|alg| ASYMMETRIC_ALGS.contains(&alg)) {
            return Err(invalid_object(
                "The request object's alg is not one of ES256, PS256, RS256 and EdDSA.",
            ));
        }
        let kid = jws.header.get("kid").and_then(Value::as_str);
        if !client_keys(client, kid)
            .iter()
            .any(|key| jws.verify_with(key))
        {
            return Err(invalid_object(
                "The request object's signature does not verify with a key of the client's jwks.",
            ));
        }
        let claims = &jws.payload;
        if let Some(iss) = claims.get("iss")
            && iss.as_str() != Some(client_id)
        {
            return Err(invalid_object(
                "The request object's iss is not the client.",
            ));
        }
        if let Some(aud) = claims.get("aud") {
            let issuer = self.config.issuer.as_str();
            let names_issuer = match aud {
                Value::String(aud) => aud == issuer,
                Value::Array(list) => list.iter().any(|aud| aud.as_str() == Some(issuer)),
                _ => false,
            };
            if !names_issuer {
                return Err(invalid_object(
                    "The request object's aud does not contain the issuer.",
                ));
            }
        }
        let now = self.now();
        match claims.get("exp") {
            None => {}
            Some(exp) => match exp.as_i64() {
                Some(exp) if exp.saturating_mul(1000) > now => {}
                Some(_) => return Err(invalid_object("The request object has expired.")),
                None => return Err(invalid_object("The request object's exp is not a number.")),
            },
        }
        if claims
            .get("nbf")
            .and_then(Value::as_i64)
            .is_some_and(|nbf| nbf.saturating_mul(1000) > now + SKEW_MS)
        {
            return Err(invalid_object("The request object is not valid yet."));
        }
        if let Some(inner) = claims.get("client_id")
            && parameter_text(inner) != client_id
        {
            return Err(invalid_object(
                "The request object's client_id differs from the request's.",
            ));
        }
        if claims.contains_key("request") || claims.contains_key("request_uri") {
            return Err(invalid_object(
                "A request object cannot contain request or request_uri.",
            ));
        }
        let mut serializer = form_urlencoded::Serializer::new(String::new());
        serializer.append_pair("client_id", client_id);
        for (name, value) in claims {
            if name == "client_id" || JWT_CLAIMS.contains(&name.as_str()) || value.is_null() {
                continue;
            }
            // RFC 8707 §2.1: several `resource` values travel as a JSON array.
            match (name.as_str(), value) {
                ("resource", Value::Array(values)) => {
                    for value in values {
                        serializer.append_pair(name, &parameter_text(value));
                    }
                }
                _ => {
                    serializer.append_pair(name, &parameter_text(value));
                }
            }
        }
        Ok(serializer.finish())
    }
}

/// A claim as a parameter value: a string as it is, anything else (`max_age`, `claims`) as JSON.
fn parameter_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn claims_become_parameter_text() {
        assert_eq!(parameter_text(&json!("code")), "code");
        assert_eq!(parameter_text(&json!(3600)), "3600");
        assert_eq!(
            parameter_text(&json!({"id_token": {"acr": null}})),
            r#"{"id_token":{"acr":null}}"#
        );
    }
}
