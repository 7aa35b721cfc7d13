//! The token endpoint (RFC 6749 §3.2): client authentication from Basic or the body, mutual-TLS
//! certificates from a configured header, DPoP proofs; the password grant through [`UserSpi`](super::UserSpi),
//! token exchange and JWT bearer through [`GrantSpi`](super::GrantSpi), Native SSO through
//! [`NativeSsoSpi`](super::NativeSsoSpi).

use http::StatusCode;
use http::request::Parts;

use super::EndpointRequest;
use super::outcome;
use super::password::PasswordAttempt;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{
    IdTokenReissueAction, IdTokenReissueRequest, TokenAction, TokenFailAction, TokenFailReason,
    TokenFailRequest, TokenIssueAction, TokenIssueRequest, TokenRequest, TokenResponse,
};

const ENDPOINT: &str = "token";

impl AuthorizationServer {
    /// The token endpoint.
    pub async fn token(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let auth = match self.client_auth(&parts.headers, "token") {
            Ok(auth) => auth,
            Err(answer) => return answer,
        };
        let parameters = match request::form_parameters(&parts.headers, &body) {
            Ok(parameters) => parameters,
            Err(answer) => return answer,
        };
        let mut token = TokenRequest::new(parameters);
        token.client_id = auth.client_id;
        token.client_secret = auth.client_secret;
        token.client_certificate = auth.client_certificate;
        token.dpop = request::dpop(&parts.headers);
        token.htm = Some(parts.method.as_str().to_owned());
        token.htu = self.htu(parts.uri.path());
        let response = match self.inner.api.token(token).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let nonce = response.dpop_nonce.clone();
        self.token_answer(response, &parts)
            .await
            .with_dpop_nonce(nonce.as_deref())
    }

    async fn token_answer(&self, response: TokenResponse, parts: &Parts) -> AuthleteResponse {
        match response.action {
            Some(TokenAction::InvalidClient) => {
                match outcome::content(ENDPOINT, response.response_content) {
                    Ok(body) => AuthleteResponse::json(StatusCode::UNAUTHORIZED, body)
                        .with_www_authenticate("Basic realm=\"token\""),
                    Err(answer) => answer,
                }
            }
            Some(TokenAction::InternalServerError) => {
                outcome::internal_error(ENDPOINT, response.result_message.as_deref())
            }
            Some(TokenAction::BadRequest) => {
                outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, response.response_content)
            }
            Some(TokenAction::Ok) => {
                outcome::json(ENDPOINT, StatusCode::OK, response.response_content)
            }
            Some(TokenAction::IdTokenReissuable) => self.reissue_id_token(response).await,
            Some(TokenAction::Password) => self.password_grant(&response, parts).await,
            Some(TokenAction::TokenExchange) => {
                let hook = match self.extension_grants() {
                    Some(grants) => grants.token_exchange(&response).await,
                    None => Ok(None),
                };
                grant_answer(hook)
            }
            Some(TokenAction::JwtBearer) => {
                let hook = match self.extension_grants() {
                    Some(grants) => grants.jwt_bearer(&response).await,
                    None => Ok(None),
                };
                grant_answer(hook)
            }
            Some(TokenAction::NativeSso) => self.native_sso_answer(&response).await,
            other => outcome::unexpected(ENDPOINT, &other),
        }
    }

    /// The grant hooks, unless [`Family::ExtensionGrants`](super::Family::ExtensionGrants) was
    /// left out.
    fn extension_grants(&self) -> Option<&dyn super::erased::DynGrantSpi> {
        self.inner
            .grants
            .as_deref()
            .filter(|_| self.mounts(super::Family::ExtensionGrants))
    }

    async fn password_grant(&self, response: &TokenResponse, parts: &Parts) -> AuthleteResponse {
        let ticket = response.ticket.clone().unwrap_or_default();
        let username = response.username.as_deref().unwrap_or_default();
        let password = response.password.as_deref().unwrap_or_default();
        let users = self.inner.users.as_ref();
        let attempt = PasswordAttempt::new(username, password, parts);
        let subject = match users.authenticate_password(&attempt).await {
            Ok(subject) => subject.filter(|subject| !subject.is_empty()),
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let Some(subject) = subject else {
            let fail =
                TokenFailRequest::new(ticket, TokenFailReason::InvalidResourceOwnerCredentials);
            return match self.inner.api.token_fail(fail).await {
                Ok(answer) => match answer.action {
                    Some(TokenFailAction::BadRequest) => {
                        outcome::json(ENDPOINT, StatusCode::BAD_REQUEST, answer.response_content)
                    }
                    Some(TokenFailAction::InternalServerError) => {
                        outcome::internal_error(ENDPOINT, answer.result_message.as_deref())
                    }
                    other => outcome::unexpected(ENDPOINT, &other),
                },
                Err(error) => outcome::api_failure(ENDPOINT, &error),
            };
        };
        let client_id = response.client_id;
        let options = match users.issue_options(&subject, client_id).await {
            Ok(options) => options,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let mut issue = TokenIssueRequest::new(ticket, subject);
        issue.properties = (!options.properties.is_empty()).then_some(options.properties);
        match self.inner.api.token_issue(issue).await {
            Ok(answer) => match answer.action {
                Some(TokenIssueAction::Ok) => {
                    outcome::json(ENDPOINT, StatusCode::OK, answer.response_content)
                }
                Some(TokenIssueAction::InternalServerError) => {
                    outcome::internal_error(ENDPOINT, answer.result_message.as_deref())
                }
                other => outcome::unexpected(ENDPOINT, &other),
            },
            Err(error) => outcome::api_failure(ENDPOINT, &error),
        }
    }
}

impl AuthorizationServer {
    /// `ID_TOKEN_REISSUABLE`: a refresh-token grant of a user's OpenID grant, on a service that
    /// lets ID tokens be reissued. Following the steps of Authlete's `TokenResponse`
    /// documentation, the claims the grant asked for in ID tokens come from
    /// [`UserSpi::claim`](super::UserSpi::claim), the `sub` from
    /// [`UserSpi::issue_options`](super::UserSpi::issue_options) (pairwise identifiers), and
    /// `/idtoken/reissue` answers the token response with the new ID token. Without a subject or
    /// a refresh token in the answer (never expected), the answer is served as `OK` would be.
    async fn reissue_id_token(&self, response: TokenResponse) -> AuthleteResponse {
        let access_token = response
            .jwt_access_token
            .clone()
            .or_else(|| response.access_token.clone())
            .filter(|token| !token.is_empty());
        let refresh_token = response
            .refresh_token
            .clone()
            .filter(|token| !token.is_empty());
        let subject = response
            .subject
            .clone()
            .filter(|subject| !subject.is_empty());
        let (Some(access_token), Some(refresh_token), Some(subject)) =
            (access_token, refresh_token, subject)
        else {
            return outcome::json(ENDPOINT, StatusCode::OK, response.response_content);
        };
        let users = self.inner.users.as_ref();
        let names = response
            .requested_id_token_claims
            .clone()
            .unwrap_or_default();
        let claims = match super::claims::collect(users, &subject, &names, &[]).await {
            Ok(claims) => claims,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let options = match users.issue_options(&subject, response.client_id).await {
            Ok(options) => options,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let mut reissue = IdTokenReissueRequest::new(access_token, refresh_token);
        reissue.sub = options.sub.filter(|sub| !sub.is_empty());
        reissue.claims = claims;
        match self.inner.api.id_token_reissue(reissue).await {
            Ok(answer) => match answer.action {
                Some(IdTokenReissueAction::Ok) => {
                    outcome::json(ENDPOINT, StatusCode::OK, answer.response_content)
                }
                // A wrong call is this server's fault, not the client's: 500, as for Authlete's
                // own errors.
                Some(
                    IdTokenReissueAction::InternalServerError | IdTokenReissueAction::CallerError,
                ) => outcome::internal_error(ENDPOINT, answer.result_message.as_deref()),
                other => outcome::unexpected(ENDPOINT, &other),
            },
            Err(error) => outcome::api_failure(ENDPOINT, &error),
        }
    }
}

fn grant_answer(hook: Result<Option<AuthleteResponse>, super::SpiError>) -> AuthleteResponse {
    match hook {
        Ok(Some(answer)) => super::authorization::no_store(answer),
        Ok(None) => AuthleteResponse::oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "The authorization server does not support this grant type.",
        ),
        Err(error) => outcome::spi_failure(ENDPOINT, &error),
    }
}
