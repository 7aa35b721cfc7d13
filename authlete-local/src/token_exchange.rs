//! The token exchange grant (RFC 8693) at `/auth/token`: the request is validated as Authlete
//! validates it and answered `TOKEN_EXCHANGE` with the parsed subject and actor tokens; the
//! authorization server decides and issues the token itself (`/auth/token/create`).
//!
//! ```text
//! grant_type=urn:ietf:params:oauth:grant-type:token-exchange&subject_token=…
//!   &subject_token_type=urn:ietf:params:oauth:token-type:access_token&scope=profile
//! → {"action":"TOKEN_EXCHANGE","subjectTokenType":"ACCESS_TOKEN",
//!    "subjectTokenInfo":{"clientId":3000,"subject":"1001","scopes":[{"name":"profile"}],…},…}
//! ```
//!
//! The client must be allowed the grant type. `subject_token` and a registered
//! `subject_token_type` are required, `actor_token_type` goes with `actor_token` and only with it,
//! and `requested_token_type` must be a registered identifier. Each input token is checked by its
//! type:
//!
//! - `access_token`, `refresh_token`: one this service issued, still live (a revoked token is
//!   gone); its `TokenInfo` is in the answer.
//! - `id_token`: a JWT with `exp` (not reached), `iat`, `iss` (an `https` URI without query or
//!   fragment, or this service's issuer), `aud` (a string or strings) and a string `nonce` if
//!   any, signed with an asymmetric algorithm by a key of its issuer: this service or a
//!   [trusted issuer](super::config::TrustedIssuer) (Authlete would fetch the keys of any other
//!   issuer by discovery; this offline backend refuses it).
//! - `jwt`: a JWT whose `exp`, `iat` and `nbf` hold when present; its signature is verified when
//!   its issuer's keys are known, and otherwise left to the authorization server, as Authlete does.
//! - `saml1`, `saml2`: not checked, as by Authlete.
//!
//! Encrypted and unsigned JWTs are refused (Authlete's `tokenExchangeEncryptedJwtRejected` and
//! `tokenExchangeUnsignedJwtRejected` set). Every refusal is `invalid_request` (RFC 8693 §2.2.2),
//! except an unsupported scope (`invalid_scope`) and a malformed `resource` (`invalid_target`).

use super::clients::LiveClient;
use super::engine::Engine;
use super::input_jwt::{InputJwt, Required, Signature};
use super::params::Params;
use super::random;
use super::resources;
use super::result_codes as rc;
use super::store::{Grant, State};
use super::token::token_error;
use authlete_tower::api::ApiError;
use authlete_tower::dto::{Scope, TokenAction, TokenInfo, TokenResponse, TokenType};

/// The registered token type identifiers (RFC 8693 §3, RFC 7519 §9) and Authlete's names.
const TOKEN_TYPES: [(&str, TokenType); 6] = [
    ("urn:ietf:params:oauth:token-type:jwt", TokenType::Jwt),
    (
        "urn:ietf:params:oauth:token-type:access_token",
        TokenType::AccessToken,
    ),
    (
        "urn:ietf:params:oauth:token-type:refresh_token",
        TokenType::RefreshToken,
    ),
    (
        "urn:ietf:params:oauth:token-type:id_token",
        TokenType::IdToken,
    ),
    ("urn:ietf:params:oauth:token-type:saml1", TokenType::Saml1),
    ("urn:ietf:params:oauth:token-type:saml2", TokenType::Saml2),
];

fn token_type(identifier: &str) -> Option<TokenType> {
    TOKEN_TYPES
        .iter()
        .find(|(name, _)| *name == identifier)
        .map(|(_, kind)| kind.clone())
}

fn invalid(detail: &str) -> Result<TokenResponse, ApiError> {
    Ok(token_error(
        rc::TOKEN_EXCHANGE_INVALID,
        "invalid_request",
        detail,
    ))
}

impl Engine {
    /// `grant_type=urn:ietf:params:oauth:grant-type:token-exchange`.
    pub(crate) fn token_exchange_grant(
        &self,
        state: &State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let requested_token_type = match params.get("requested_token_type") {
            None => None,
            Some(identifier) => match token_type(identifier) {
                Some(kind) => Some(kind),
                None => {
                    return invalid(
                        "requested_token_type is not a registered token type identifier.",
                    );
                }
            },
        };
        let Some(subject_token) = params.get("subject_token") else {
            return invalid("subject_token is missing.");
        };
        let subject_token_type = match params.get("subject_token_type") {
            None => return invalid("subject_token_type is missing."),
            Some(identifier) => match token_type(identifier) {
                Some(kind) => kind,
                None => {
                    return invalid(
                        "subject_token_type is not a registered token type identifier.",
                    );
                }
            },
        };
        let actor = match (params.get("actor_token"), params.get("actor_token_type")) {
            (None, None) => None,
            (None, Some(_)) => return invalid("actor_token_type is given without actor_token."),
            (Some(_), None) => return invalid("actor_token_type is missing."),
            (Some(token), Some(identifier)) => match token_type(identifier) {
                Some(kind) => Some((token, kind)),
                None => {
                    return invalid("actor_token_type is not a registered token type identifier.");
                }
            },
        };
        let subject_token_info =
            match self.input_token(state, "subject_token", subject_token, &subject_token_type) {
                Ok(info) => info,
                Err(detail) => return invalid(&detail),
            };
        let actor_token_info = match &actor {
            None => None,
            Some((token, kind)) => match self.input_token(state, "actor_token", token, kind) {
                Ok(info) => info,
                Err(detail) => return invalid(&detail),
            },
        };
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
        let mut audiences: Vec<String> = Vec::new();
        for audience in params.all("audience") {
            if !audience.is_empty() && !audiences.contains(audience) {
                audiences.push(audience.clone());
            }
        }
        let (result_code, result_message) = rc::TOKEN_OK_EXCHANGE.pair();
        let mut value = TokenResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(TokenAction::TokenExchange);
        value.grant_type = Some("TOKEN_EXCHANGE".to_owned());
        value.client_id = Some(client.client_id);
        value.client_auth_method = Some(client.auth_method().to_owned());
        value.scopes = (!scopes.is_empty()).then_some(scopes);
        value.resources = (!resources.is_empty()).then_some(resources);
        value.audiences = (!audiences.is_empty()).then_some(audiences);
        value.requested_token_type = requested_token_type;
        value.subject_token = Some(subject_token.to_owned());
        value.subject_token_type = Some(subject_token_type);
        value.subject_token_info = subject_token_info;
        if let Some((token, kind)) = actor {
            value.actor_token = Some(token.to_owned());
            value.actor_token_type = Some(kind);
            value.actor_token_info = actor_token_info;
        }
        Ok(value)
    }

    /// Checks the input token `name` (`subject_token` or `actor_token`) by its type; the
    /// `TokenInfo` of an access or refresh token, or the refusal's description.
    fn input_token(
        &self,
        state: &State,
        name: &str,
        token: &str,
        kind: &TokenType,
    ) -> Result<Option<TokenInfo>, String> {
        let now = self.now();
        match kind {
            TokenType::AccessToken => match state.access.get_any(&state.access_key(token)) {
                Some((expires_at, entry)) if expires_at > now => Ok(Some(token_info(
                    &entry.grant,
                    &entry.grant.token_resources,
                    expires_at,
                ))),
                _ => Err(format!(
                    "The {name} is not a live access token of this service (unknown, expired or revoked)."
                )),
            },
            TokenType::RefreshToken => match state.refresh.get_any(&random::key(token)) {
                Some((expires_at, entry)) if expires_at > now => Ok(Some(token_info(
                    &entry.grant,
                    &entry.grant.resources,
                    expires_at,
                ))),
                _ => Err(format!(
                    "The {name} is not a live refresh token of this service (unknown, expired or revoked)."
                )),
            },
            TokenType::IdToken => self.input_id_token(name, token, now).map(|()| None),
            TokenType::Jwt => {
                let jwt = InputJwt::parse(token).map_err(|why| format!("The {name} {why}."))?;
                jwt.check_times(now, Required::Neither)
                    .map_err(|why| format!("The {name} {why}."))?;
                match self.verify_by_issuer(&jwt) {
                    Signature::Invalid => Err(format!(
                        "The signature of the {name} is not one of its issuer's keys."
                    )),
                    Signature::Valid | Signature::UnknownIssuer => Ok(None),
                }
            }
            _ => Ok(None),
        }
    }

    /// The checks of an ID token used as an input token (Authlete's, listed in the module docs).
    pub(crate) fn input_id_token(&self, name: &str, token: &str, now: i64) -> Result<(), String> {
        let refuse = |why: &str| Err(format!("The {name} {why}."));
        let jwt = match InputJwt::parse(token) {
            Ok(jwt) => jwt,
            Err(why) => return refuse(why),
        };
        if let Err(why) = jwt.check_times(now, Required::ExpAndIat) {
            return refuse(why);
        }
        let Some(iss) = jwt.string("iss") else {
            return refuse("has no iss claim");
        };
        let iss_ok = iss == self.config.issuer
            || url::Url::parse(iss).is_ok_and(|url| {
                url.scheme() == "https" && url.query().is_none() && url.fragment().is_none()
            });
        if !iss_ok {
            return refuse("has an iss that is not an https URI without query and fragment");
        }
        if jwt.audiences().is_none() {
            return refuse("has no aud claim that is a string or an array of strings");
        }
        if jwt.has("nonce") && jwt.string("nonce").is_none() {
            return refuse("has a nonce that is not a string");
        }
        match self.verify_by_issuer(&jwt) {
            Signature::Valid => Ok(()),
            Signature::Invalid => {
                refuse("is not signed with an asymmetric algorithm by a key of its issuer")
            }
            Signature::UnknownIssuer => refuse(
                "comes from an issuer whose keys this service does not know (configure it as a trusted issuer)",
            ),
        }
    }
}

/// Authlete's `TokenInfo` of a stored token.
fn token_info(grant: &Grant, resources: &[String], expires_at: i64) -> TokenInfo {
    let mut info = TokenInfo::default();
    info.client_id = Some(grant.client_id);
    info.client_id_alias_used = Some(false);
    info.subject = grant.subject.clone();
    info.scopes = Some(
        grant
            .scopes
            .iter()
            .map(|name| {
                let mut scope = Scope::default();
                scope.name = Some(name.clone());
                scope
            })
            .collect(),
    );
    info.expires_at = Some(expires_at);
    info.properties = (!grant.properties.is_empty()).then(|| grant.properties.clone());
    info.resources = (!resources.is_empty()).then(|| resources.to_vec());
    info
}
