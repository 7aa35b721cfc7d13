//! The introspection endpoint (RFC 7662), for the authorization server's own resource servers.
//! Callers must pass the configured [`IntrospectionAuthenticator`](super::IntrospectionAuthenticator),
//! which sees the request head and the parsed form (RFC 7662 §2.1: any client authentication);
//! without one, nobody may call it. The form's client-authentication parameters are not sent on
//! to Authlete.

use http::StatusCode;
use http::header::ACCEPT;

use super::EndpointRequest;
use super::client_secret::CLIENT_AUTHENTICATION_PARAMETERS;
use super::outcome;
use super::page::Form;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{StandardIntrospectionAction, StandardIntrospectionRequest};

const ENDPOINT: &str = "introspection";

impl AuthorizationServer {
    /// The introspection endpoint: `POST` with `token=…` (and optionally `token_type_hint`).
    pub async fn introspection(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let form = request::form(&parts.headers, &body);
        let allowed = match &self.inner.introspection_authenticator {
            Some(authenticator) => match authenticator.authenticate(&parts, &form).await {
                Ok(allowed) => allowed,
                Err(error) => return outcome::spi_failure(ENDPOINT, &error),
            },
            None => {
                tracing::warn!(
                    "the introspection endpoint has no authenticator; refusing the caller"
                );
                false
            }
        };
        if !allowed {
            return outcome::invalid_client(
                ENDPOINT,
                "The caller is not allowed to introspect tokens.",
            );
        }
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => without_client_authentication(parameters, &form),
            Err(answer) => return answer,
        };
        let mut introspection = StandardIntrospectionRequest::new(parameters);
        introspection.http_accept_header = parts
            .headers
            .get(ACCEPT)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let response = match self.inner.api.standard_introspection(introspection).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        match response.action {
            Some(StandardIntrospectionAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            Some(StandardIntrospectionAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, response.response_content)
            }
            Some(StandardIntrospectionAction::Ok) => {
                outcome::json(ENDPOINT, StatusCode::OK, response.response_content)
            }
            Some(StandardIntrospectionAction::Jwt) => {
                match outcome::content(ENDPOINT, response.response_content) {
                    Ok(jwt) => AuthleteResponse::with_content(
                        StatusCode::OK,
                        "application/token-introspection+jwt",
                        jwt,
                    ),
                    Err(answer) => answer,
                }
            }
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }
}

/// `parameters` without the caller's credentials: they authenticated the caller here, and are
/// not Authlete's to see.
fn without_client_authentication(parameters: String, form: &Form) -> String {
    let is_credential = |name: &str| CLIENT_AUTHENTICATION_PARAMETERS.contains(&name);
    if !form.pairs().iter().any(|(name, _)| is_credential(name)) {
        return parameters;
    }
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form.pairs().iter().filter(|(name, _)| !is_credential(name)))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_taken_out_of_the_parameters() {
        let body = "token=a%2Bb&client_id=rs&client_secret=s%26t&token_type_hint=access_token";
        let form = Form::parse(body.as_bytes());
        assert_eq!(
            without_client_authentication(body.to_owned(), &form),
            "token=a%2Bb&token_type_hint=access_token"
        );
        let plain = "token=a%2Bb";
        assert_eq!(
            without_client_authentication(plain.to_owned(), &Form::parse(plain.as_bytes())),
            plain
        );
    }
}
