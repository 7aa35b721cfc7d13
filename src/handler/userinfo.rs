//! The UserInfo endpoint (OpenID Connect Core §5.3), GET and POST: the token from the
//! `Authorization` header (or, on POST, the form's `access_token`), claims from
//! [`UserSpi::claim`](super::UserSpi::claim), answered as JSON or as a JWT.

use http::StatusCode;

use super::EndpointRequest;
use super::claims;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::dto::{
    UserInfoAction, UserInfoIssueAction, UserInfoIssueRequest, UserInfoRequest, UserInfoResponse,
};

const ENDPOINT: &str = "userinfo";

impl AuthorizationServer {
    /// The UserInfo endpoint.
    pub async fn userinfo(&self, request: EndpointRequest) -> AuthleteResponse {
        let (parts, body) = request.into_parts();
        let header_token = request::authorization_token(&parts.headers);
        let form = if parts.method == http::Method::POST {
            request::form(&parts.headers, &body)
        } else {
            Default::default()
        };
        if form.count("access_token") > 1
            || (header_token.is_some() && form.count("access_token") > 0)
        {
            return AuthleteResponse::new(StatusCode::BAD_REQUEST)
                .with_www_authenticate("Bearer error=\"invalid_request\",error_description=\"More than one access token.\"");
        }
        let Some(token) = header_token.or_else(|| form.get("access_token").map(str::to_owned))
        else {
            // RFC 6750 §3.1: no credentials, no error code.
            return AuthleteResponse::new(StatusCode::UNAUTHORIZED)
                .with_www_authenticate("Bearer realm=\"userinfo\"");
        };
        let mut userinfo = UserInfoRequest::new(token.clone());
        userinfo.dpop = request::dpop(&parts.headers);
        userinfo.htm = Some(parts.method.as_str().to_owned());
        userinfo.htu = self.htu(parts.uri.path());
        userinfo.client_certificate = request::client_certificate(
            &parts.headers,
            self.inner.client_certificate_header.as_ref(),
        );
        let response = match self.inner.api.userinfo(userinfo).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let nonce = response.dpop_nonce.clone();
        self.userinfo_answer(token, response)
            .await
            .with_dpop_nonce(nonce.as_deref())
    }

    async fn userinfo_answer(&self, token: String, response: UserInfoResponse) -> AuthleteResponse {
        let status = match response.action {
            Some(UserInfoAction::Ok) => return self.userinfo_issue(token, &response).await,
            Some(UserInfoAction::InternalServerError) => StatusCode::INTERNAL_SERVER_ERROR,
            Some(UserInfoAction::BadRequest) => StatusCode::BAD_REQUEST,
            Some(UserInfoAction::Unauthorized) => StatusCode::UNAUTHORIZED,
            Some(UserInfoAction::Forbidden) => StatusCode::FORBIDDEN,
            other => return outcome::unexpected(ENDPOINT, &other),
        };
        challenge(status, response.response_content)
    }

    async fn userinfo_issue(&self, token: String, response: &UserInfoResponse) -> AuthleteResponse {
        let subject = response.subject.clone().unwrap_or_default();
        let users = self.inner.users.as_ref();
        let names = response.claims.clone().unwrap_or_default();
        let claims = match claims::collect(users, &subject, &names, &[]).await {
            Ok(claims) => claims,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let options = match users.issue_options(&subject, response.client_id).await {
            Ok(options) => options,
            Err(error) => return outcome::spi_failure(ENDPOINT, &error),
        };
        let mut issue = UserInfoIssueRequest::new(token);
        issue.claims = claims;
        issue.sub = options.sub;
        let answer = match self.inner.api.userinfo_issue(issue).await {
            Ok(answer) => answer,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let status = match answer.action {
            Some(UserInfoIssueAction::Json) => {
                return outcome::json(ENDPOINT, StatusCode::OK, answer.response_content);
            }
            Some(UserInfoIssueAction::Jwt) => {
                return match outcome::content(ENDPOINT, answer.response_content) {
                    Ok(jwt) => AuthleteResponse::jwt(StatusCode::OK, jwt),
                    Err(failure) => failure,
                };
            }
            Some(UserInfoIssueAction::InternalServerError) => StatusCode::INTERNAL_SERVER_ERROR,
            Some(UserInfoIssueAction::BadRequest) => StatusCode::BAD_REQUEST,
            Some(UserInfoIssueAction::Unauthorized) => StatusCode::UNAUTHORIZED,
            Some(UserInfoIssueAction::Forbidden) => StatusCode::FORBIDDEN,
            other => return outcome::unexpected(ENDPOINT, &other),
        };
        challenge(status, answer.response_content)
    }
}

/// An error answer whose `WWW-Authenticate` is Authlete's ready challenge.
fn challenge(status: StatusCode, response_content: Option<String>) -> AuthleteResponse {
    match outcome::content(ENDPOINT, response_content) {
        Ok(challenge) => AuthleteResponse::new(status).with_www_authenticate(&challenge),
        Err(answer) => answer,
    }
}
