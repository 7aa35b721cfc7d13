//! `/pushed_auth_req` (RFC 9126): an authenticated client pushes its authorization request and
//! gets a one-time `request_uri`.

use serde_json::json;

use super::authorization::{REQUEST_URI_PREFIX, Rejection};
use super::client_auth::AuthFailure;
use super::dpop::{ProofCheck, ProofError};
use super::engine::{Engine, capacity};
use super::params::{Params, oauth_error};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::ParEntry;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

impl Engine {
    /// `/pushed_auth_req`.
    pub(crate) fn pushed_authorization(
        &self,
        request: PushedAuthorizationRequest,
    ) -> Result<PushedAuthorizationResponse, ApiError> {
        let params = Params::parse(&request.parameters);
        let now = self.now();
        let mut state = self.lock();
        let client_id = match self.authenticate_client(
            &mut state,
            request.client_id.as_deref(),
            request.client_secret.as_deref(),
            request.client_certificate.as_deref(),
            &params,
        ) {
            Ok(client) => client.client_id,
            Err(AuthFailure::InvalidClient(why)) => {
                return Ok(answer(
                    PushedAuthorizationAction::Unauthorized,
                    rc::PAR_UNAUTHORIZED,
                    oauth_error("invalid_client", rc::PAR_UNAUTHORIZED, Some(why)),
                ));
            }
            Err(AuthFailure::InvalidRequest(why)) => {
                return Ok(answer(
                    PushedAuthorizationAction::BadRequest,
                    rc::PAR_UNAUTHORIZED,
                    oauth_error("invalid_request", rc::PAR_UNAUTHORIZED, Some(why)),
                ));
            }
        };
        let dpop_nonce = match self.par_dpop(&mut state, &request)? {
            Ok(nonce) => nonce,
            Err(refusal) => return Ok(refusal),
        };
        if params.get("request_uri").is_some() {
            return Ok(answer(
                PushedAuthorizationAction::BadRequest,
                rc::AUTHZ_INVALID_REQUEST,
                oauth_error(
                    "invalid_request",
                    rc::AUTHZ_INVALID_REQUEST,
                    Some("A pushed request cannot carry request_uri."),
                ),
            ));
        }
        // The pushed request is validated as an authorization request of the authenticated client.
        let mut parameters = request.parameters.clone();
        if params.get("client_id").is_none() {
            let mut serializer = form_urlencoded::Serializer::new(String::new());
            serializer.append_pair("client_id", &client_id.to_string());
            parameters = if parameters.is_empty() {
                serializer.finish()
            } else {
                format!("{parameters}&{}", serializer.finish())
            };
        }
        // A request object (RFC 9101) is verified now; its parameters are what is stored.
        let checked = self
            .resolve_request_object(&state, &parameters)
            .and_then(|resolved| {
                self.validate_authorization(&state, &Params::parse(&resolved))
                    .map(|_| resolved)
            });
        let parameters = match checked {
            Ok(resolved) => resolved,
            Err(rejection) => {
                let (code, error, detail) = match *rejection {
                    Rejection::BadRequest {
                        code,
                        error,
                        detail,
                    }
                    | Rejection::Redirect {
                        code,
                        error,
                        detail,
                        ..
                    } => (code, error, detail),
                };
                return Ok(answer(
                    PushedAuthorizationAction::BadRequest,
                    code,
                    oauth_error(error, code, Some(&detail)),
                ));
            }
        };
        let request_uri = format!("{REQUEST_URI_PREFIX}{}", random::token());
        let lifetime = Self::millis(self.config.lifetimes.request_uri);
        state
            .par
            .insert(
                random::key(&request_uri),
                now + lifetime,
                ParEntry {
                    client_id,
                    parameters,
                },
                now,
            )
            .map_err(|_| capacity(Operation::PushedAuthorization))?;
        let expires_in = lifetime / 1000;
        let (result_code, _) = rc::PAR_CREATED.pair();
        Ok({
            let mut value = PushedAuthorizationResponse::default();
            value.result_code = result_code;
            value.result_message =
                Some(rc::PAR_CREATED.message_with(&format!("client = {client_id}")));
            value.action = Some(PushedAuthorizationAction::Created);
            value.request_uri = Some(request_uri.clone());
            value.response_content =
                Some(json!({"request_uri": request_uri, "expires_in": expires_in}).to_string());
            value.dpop_nonce = dpop_nonce;
            value
        })
    }

    /// Checks the DPoP proof of a pushed request (RFC 9449 §10.1); `Ok` carries the nonce to
    /// answer with.
    fn par_dpop(
        &self,
        state: &mut super::store::State,
        request: &PushedAuthorizationRequest,
    ) -> Result<Result<Option<String>, PushedAuthorizationResponse>, ApiError> {
        let Some(proof) = request.dpop.as_deref().filter(|proof| !proof.is_empty()) else {
            return Ok(Ok(None));
        };
        let nonce_required =
            self.config.dpop_nonce_required || request.dpop_nonce_required == Some(true);
        let check = ProofCheck {
            proof,
            htm: request.htm.as_deref().unwrap_or("POST"),
            htu: request.htu.as_deref().unwrap_or(&self.config.endpoints.par),
            access_token: None,
            nonce_required,
        };
        match self.check_dpop(state, &check) {
            Ok(_) => Ok(Ok(nonce_required.then(|| self.dpop_nonce(state)))),
            Err(ProofError::Invalid(why)) => Ok(Err(answer(
                PushedAuthorizationAction::BadRequest,
                rc::PAR_DPOP_INVALID,
                oauth_error("invalid_dpop_proof", rc::PAR_DPOP_INVALID, Some(why)),
            ))),
            Err(ProofError::UseNonce(nonce)) => {
                let mut response = answer(
                    PushedAuthorizationAction::BadRequest,
                    rc::PAR_DPOP_NONCE,
                    oauth_error("use_dpop_nonce", rc::PAR_DPOP_NONCE, None),
                );
                response.dpop_nonce = Some(nonce);
                Ok(Err(response))
            }
            Err(ProofError::Full) => Err(super::engine::api_error(
                Operation::PushedAuthorization,
                http::StatusCode::SERVICE_UNAVAILABLE,
                rc::DPOP_CAPACITY,
                None,
            )),
        }
    }
}

fn answer(
    action: PushedAuthorizationAction,
    code: ResultCode,
    content: String,
) -> PushedAuthorizationResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = PushedAuthorizationResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(action);
        value.response_content = Some(content);
        value
    }
}
