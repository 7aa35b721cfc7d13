//! The JWT bearer grant (RFC 7523 §2.1) at `/auth/token`: the assertion is checked as Authlete
//! checks it and the request answered `JWT_BEARER` with the assertion; the authorization server
//! decides and issues the token itself (`/auth/token/create`).
//!
//! ```text
//! grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=eyJ…&scope=profile
//! → {"action":"JWT_BEARER","assertion":"eyJ…","scopes":["profile"],"clientId":2000,…}
//! ```
//!
//! The client must be allowed the grant type (and be identified: the local backend behaves as a
//! service with Authlete's `jwtGrantByIdentifiableClientsOnly`). The assertion must be a signed,
//! unencrypted JWT (`jwtGrantEncryptedJwtRejected`, `jwtGrantUnsignedJwtRejected`) with string
//! `iss` and `sub`, an `aud` naming the issuer or the token endpoint, an `exp` not reached, and
//! `iat` and `nbf` not in the future when present. When the keys of `iss` are known — this
//! service's or a [trusted issuer](super::config::TrustedIssuer)'s — the signature must be theirs;
//! otherwise it is not verified, as Authlete does not verify it, and the authorization server
//! must. A bad assertion is `invalid_grant` (RFC 7523 §3.1), a missing one `invalid_request`.

use super::clients::LiveClient;
use super::engine::Engine;
use super::input_jwt::{InputJwt, Required, Signature};
use super::params::Params;
use super::resources;
use super::result_codes as rc;
use super::token::token_error;
use authlete_tower::api::ApiError;
use authlete_tower::dto::{TokenAction, TokenResponse};

impl Engine {
    /// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`.
    pub(crate) fn jwt_bearer_grant(
        &self,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let Some(assertion) = params.get("assertion") else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "assertion is missing.",
            ));
        };
        let refuse = |why: &str| {
            Ok(token_error(
                rc::TOKEN_JWT_BEARER_INVALID,
                "invalid_grant",
                &format!("The assertion {why}."),
            ))
        };
        let jwt = match InputJwt::parse(assertion) {
            Ok(jwt) => jwt,
            Err(why) => return refuse(why),
        };
        if jwt.string("iss").is_none() {
            return refuse("has no iss claim that is a string");
        }
        if jwt.string("sub").is_none() {
            return refuse("has no sub claim that is a string");
        }
        let Some(audiences) = jwt.audiences() else {
            return refuse("has no aud claim that is a string or an array of strings");
        };
        let accepted = [
            self.config.issuer.as_str(),
            self.config.endpoints.token.as_str(),
        ];
        if !audiences.iter().any(|aud| accepted.contains(aud)) {
            return refuse(
                "is not meant for this service (aud names neither its issuer nor its token endpoint)",
            );
        }
        if let Err(why) = jwt.check_times(self.now(), Required::Exp) {
            return refuse(why);
        }
        if self.verify_by_issuer(&jwt) == Signature::Invalid {
            return refuse("is not signed by a key of its issuer");
        }
        let scopes = params.words("scope");
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Ok(token_error(
                rc::TOKEN_INVALID_SCOPE,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        let resources = match resources::requested(params) {
            Ok(resources) => resources,
            Err(detail) => {
                return Ok(token_error(
                    rc::TOKEN_INVALID_TARGET,
                    "invalid_target",
                    detail,
                ));
            }
        };
        let (result_code, result_message) = rc::TOKEN_OK_JWT_BEARER.pair();
        let mut value = TokenResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(TokenAction::JwtBearer);
        value.grant_type = Some("JWT_BEARER".to_owned());
        value.client_id = Some(client.client_id);
        value.client_auth_method = Some(client.auth_method().to_owned());
        value.scopes = (!scopes.is_empty()).then_some(scopes);
        value.resources = (!resources.is_empty()).then_some(resources);
        value.assertion = Some(assertion.to_owned());
        Ok(value)
    }
}
