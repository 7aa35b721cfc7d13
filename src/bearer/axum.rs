//! axum glue: [`BearerToken`] as an extractor (`FromRequestParts`, and `OptionalFromRequestParts`
//! so `Option<BearerToken>` works behind [`AuthleteBearer::allow_anonymous`]), and
//! `IntoResponse` for the rejections.
//!
//! [`AuthleteBearer::allow_anonymous`]: super::AuthleteBearer::allow_anonymous

use axum_core::response::{IntoResponse, Response};
use http::request::Parts;

use super::info::BearerChecked;
use super::{AccessTokenInfo, BearerRejection, BearerToken, BearerTokenRejection};

impl<S: Send + Sync> axum_core::extract::FromRequestParts<S> for BearerToken {
    type Rejection = BearerTokenRejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<AccessTokenInfo>() {
            Some(info) => Ok(BearerToken(info.clone())),
            None => Err(BearerTokenRejection::for_request(
                parts.extensions.get::<BearerChecked>(),
            )),
        }
    }
}

impl<S: Send + Sync> axum_core::extract::OptionalFromRequestParts<S> for BearerToken {
    type Rejection = BearerTokenRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &S,
    ) -> Result<Option<Self>, Self::Rejection> {
        match parts.extensions.get::<AccessTokenInfo>() {
            Some(info) => Ok(Some(BearerToken(info.clone()))),
            None if parts.extensions.get::<BearerChecked>().is_some() => Ok(None),
            None => Err(BearerTokenRejection::for_request(None)),
        }
    }
}

impl IntoResponse for BearerTokenRejection {
    fn into_response(self) -> Response {
        let mut response = (self.status(), self.to_string()).into_response();
        if let Some(challenge) = self.challenge() {
            response.headers_mut().extend(challenge.headers());
        }
        response
    }
}

impl IntoResponse for BearerRejection {
    fn into_response(self) -> Response {
        self.to_response()
    }
}
