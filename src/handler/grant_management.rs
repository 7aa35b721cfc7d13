//! The grant management endpoint (Grant Management for OAuth 2.0, FAPI, §6): `GET
//! {grants}/{grant_id}` queries a grant, `DELETE {grants}/{grant_id}` revokes it. The access token
//! is read from the request as the bearer layer reads it
//! ([`extract_token`](crate::bearer::extract::extract_token): `Authorization: Bearer` or `DPoP`),
//! with the DPoP proof and the client certificate passed on to Authlete's `/gm`, which decides.
//!
//! ```
//! # use std::sync::Arc;
//! # use authlete_tower::{AuthleteApi, AuthorizationServer};
//! # use authlete_tower::handler::{Family, InteractionSpi, UserSpi};
//! # fn run(api: Arc<dyn AuthleteApi>, app: impl UserSpi + InteractionSpi) {
//! let server = AuthorizationServer::new(api, app);
//! // Mounted by default at `/api/grants/{grant_id}`; discovery then keeps Authlete's
//! // `grant_management_endpoint` and `grant_management_actions_supported`.
//! assert!(server.mounts(Family::GrantManagement));
//! assert_eq!(server.paths().grant_management, "/api/grants");
//! # }
//! ```

use http::{Method, StatusCode};

use super::EndpointRequest;
use super::outcome;
use super::request;
use super::response::AuthleteResponse;
use super::server::AuthorizationServer;
use crate::bearer::extract::{self, TokenOptions, TokenScheme};
use crate::dto::{GmAction, GmRequest, GrantManagementAction};

const ENDPOINT: &str = "grant_management";

/// The realm of the challenge to a request without an access token.
const REALM: &str = "grant_management";

/// The grant ID a router took from the path, for [`AuthorizationServer::dispatch`].
#[derive(Debug, Clone)]
#[cfg_attr(not(any(feature = "axum", feature = "actix")), allow(dead_code))]
pub(crate) struct GrantIdSegment(pub(crate) String);

impl AuthorizationServer {
    /// The grant management endpoint for the grant `grant_id` (the last path segment): `GET`
    /// queries it, `DELETE` revokes it; any other method is answered `405`.
    ///
    /// Authlete's actions: `OK` → `200` with the grant as JSON, `NO_CONTENT` → `204`,
    /// `UNAUTHORIZED` → `401`, `FORBIDDEN` → `403`, `NOT_FOUND` → `404` (each with Authlete's
    /// challenge as `WWW-Authenticate`), `CALLER_ERROR` and `AUTHLETE_ERROR` → `500`.
    pub async fn grant_management(
        &self,
        request: EndpointRequest,
        grant_id: &str,
    ) -> AuthleteResponse {
        let (parts, _body) = request.into_parts();
        let action = match parts.method {
            Method::GET => GrantManagementAction::Query,
            Method::DELETE => GrantManagementAction::Revoke,
            _ => {
                return AuthleteResponse::new(StatusCode::METHOD_NOT_ALLOWED).with_header(
                    http::header::ALLOW,
                    http::HeaderValue::from_static("GET, DELETE"),
                );
            }
        };
        let presented = match extract::extract_token(&parts, None, &TokenOptions::default()) {
            Ok(Some(presented)) => presented,
            Ok(None) => {
                // RFC 6750 §3.1: no credentials, no error code.
                return AuthleteResponse::new(StatusCode::UNAUTHORIZED)
                    .with_www_authenticate(&format!("Bearer realm=\"{REALM}\""));
            }
            Err(error) => return malformed(TokenScheme::Bearer, &error.to_string()),
        };
        let mut proofs = parts.headers.get_all("dpop").iter();
        if let (Some(_), Some(_)) = (proofs.next(), proofs.next()) {
            return malformed(presented.scheme(), "More than one DPoP proof.");
        }
        let mut gm = GmRequest::new(presented.token(), action, grant_id);
        gm.dpop = request::dpop(&parts.headers);
        gm.htm = Some(parts.method.as_str().to_owned());
        gm.htu = self.htu(parts.uri.path());
        gm.client_certificate = request::client_certificate(
            &parts.headers,
            self.inner.client_certificate_header.as_ref(),
        );
        let response = match self.inner.api.grant_management(gm).await {
            Ok(response) => response,
            Err(error) => return outcome::api_failure(ENDPOINT, &error),
        };
        let nonce = response.dpop_nonce.clone();
        let status = match response.action {
            Some(GmAction::Ok) => {
                return outcome::json(ENDPOINT, StatusCode::OK, response.response_content)
                    .with_dpop_nonce(nonce.as_deref());
            }
            Some(GmAction::NoContent) => {
                return AuthleteResponse::new(StatusCode::NO_CONTENT)
                    .with_dpop_nonce(nonce.as_deref());
            }
            Some(GmAction::Unauthorized) => StatusCode::UNAUTHORIZED,
            Some(GmAction::Forbidden) => StatusCode::FORBIDDEN,
            Some(GmAction::NotFound) => StatusCode::NOT_FOUND,
            Some(GmAction::CallerError | GmAction::AuthleteError) => {
                return outcome::internal_error(ENDPOINT, response.result_message.as_deref());
            }
            other => return outcome::unexpected(ENDPOINT, &other),
        };
        // Authlete's error content is a ready `WWW-Authenticate` value (its `GMResponse`).
        match outcome::content(ENDPOINT, response.response_content) {
            Ok(challenge) => AuthleteResponse::new(status)
                .with_www_authenticate(&challenge)
                .with_dpop_nonce(nonce.as_deref()),
            Err(answer) => answer,
        }
    }

    /// [`grant_management`](Self::grant_management) for a request a router tagged with the
    /// grant ID of its path.
    pub(crate) async fn grant_management_routed(
        &self,
        request: EndpointRequest,
    ) -> AuthleteResponse {
        let Some(GrantIdSegment(grant_id)) = request.extensions().get::<GrantIdSegment>().cloned()
        else {
            return AuthleteResponse::new(StatusCode::NOT_FOUND);
        };
        self.grant_management(request, &grant_id).await
    }
}

/// `400 invalid_request` for credentials that cannot be read, as the bearer layer answers them.
fn malformed(scheme: TokenScheme, description: &str) -> AuthleteResponse {
    let scheme = match scheme {
        TokenScheme::Bearer => "Bearer",
        TokenScheme::DPoP => "DPoP",
    };
    let challenge = crate::bearer::challenge::build(
        scheme,
        REALM,
        &[
            ("error", "invalid_request"),
            ("error_description", description),
        ],
    );
    AuthleteResponse::oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
        .with_www_authenticate(&challenge)
}
