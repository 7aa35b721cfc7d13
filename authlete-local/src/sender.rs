//! Sender-constrained tokens: binding what the token API issues to the DPoP key of the request's
//! proof (RFC 9449 §5) or to the client certificate (RFC 8705 §3), and checking that binding where
//! tokens are used (introspection, UserInfo).
//!
//! ```ignore
//! let sender = engine.token_sender(&mut state, &client, &request, &params)?; // before the grant
//! engine.token_bind(&mut state, &client, &sender, &mut response);           // after it
//! engine.resource_sender(&mut state, &entry.binding, &token, &proof)?;       // at the RS
//! ```

use http::StatusCode;
use serde_json::Value;

use super::clients::LiveClient;
use super::dpop::{self, ProofCheck, ProofError};
use super::engine::{Engine, api_error};
use super::mtls::certificate_thumbprint;
use super::params::Params;
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{SenderBinding, State};
use super::token::token_error;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::{TokenAction, TokenRequest, TokenResponse};

/// What the token API learned about the sender before running the grant.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenSender {
    pub binding: SenderBinding,
    /// The nonce to answer with (`dpopNonce`) when nonces are required.
    pub nonce: Option<String>,
}

/// Why a request at a resource API is refused: the challenge for `responseContent`.
#[derive(Debug, Clone)]
pub(crate) struct ResourceRefusal {
    pub challenge: String,
    pub code: ResultCode,
    pub nonce: Option<String>,
}

/// The sender inputs of a resource API request (`dpop`, `htm`, `htu`, `clientCertificate`).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ResourceProof<'a> {
    pub dpop: Option<&'a str>,
    pub htm: Option<&'a str>,
    pub htu: Option<&'a str>,
    pub certificate: Option<&'a str>,
    pub nonce_required: bool,
}

/// A `DPoP` challenge as the resource APIs put it in `responseContent` (RFC 9449 §7.1).
pub(crate) fn dpop_challenge(error: &str, code: ResultCode) -> String {
    format!(
        "DPoP error=\"{error}\", error_description=\"{}\", error_uri=\"https://docs.authlete.com/#{}\", algs=\"{}\"",
        code.message().replace(['"', '\\'], "'"),
        code.code,
        dpop::algs()
    )
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|value| !value.trim().is_empty())
}

impl Engine {
    /// Checks the DPoP proof and the client certificate of a token request. `Err` is the answer
    /// (or the API error) to give instead of running the grant.
    pub(crate) fn token_sender(
        &self,
        state: &mut State,
        client: &LiveClient,
        request: &TokenRequest,
        params: &Params,
    ) -> Result<TokenSender, Box<Result<TokenResponse, ApiError>>> {
        let mut sender = TokenSender::default();
        let nonce_required =
            self.config.dpop_nonce_required || request.dpop_nonce_required == Some(true);
        if let Some(proof) = non_empty(request.dpop.as_deref()) {
            let check = ProofCheck {
                proof,
                htm: non_empty(request.htm.as_deref()).unwrap_or("POST"),
                htu: non_empty(request.htu.as_deref()).unwrap_or(&self.config.endpoints.token),
                access_token: None,
                nonce_required,
            };
            match self.check_dpop(state, &check) {
                Ok(jkt) => sender.binding.jkt = Some(jkt),
                Err(ProofError::Invalid(why)) => {
                    return Err(Box::new(Ok(token_error(
                        rc::TOKEN_DPOP_INVALID,
                        "invalid_dpop_proof",
                        why,
                    ))));
                }
                Err(ProofError::UseNonce(nonce)) => {
                    let mut response = token_error(
                        rc::TOKEN_DPOP_NONCE,
                        "use_dpop_nonce",
                        "Use the nonce of the DPoP-Nonce header.",
                    );
                    response.dpop_nonce = Some(nonce);
                    return Err(Box::new(Ok(response)));
                }
                Err(ProofError::Full) => {
                    return Err(Box::new(Err(api_error(
                        Operation::Token,
                        StatusCode::SERVICE_UNAVAILABLE,
                        rc::DPOP_CAPACITY,
                        None,
                    ))));
                }
            }
            if nonce_required {
                sender.nonce = Some(self.dpop_nonce(state));
            }
        }
        if params.get("grant_type") == Some("refresh_token")
            && let Some(token) = params.get("refresh_token")
            && let Some(entry) = state.refresh.get(&random::key(token), self.now())
            && let Some(bound) = &entry.binding.jkt
            && sender.binding.jkt.as_ref() != Some(bound)
        {
            return Err(Box::new(Ok(token_error(
                rc::TOKEN_DPOP_REFRESH,
                "invalid_dpop_proof",
                "The refresh token is bound to another DPoP key, or the proof is missing.",
            ))));
        }
        if client.cert_bound {
            let x5t =
                non_empty(request.client_certificate.as_deref()).and_then(certificate_thumbprint);
            match x5t {
                Some(x5t) => sender.binding.x5t = Some(x5t),
                None => {
                    return Err(Box::new(Ok(token_error(
                        rc::TOKEN_CERTIFICATE,
                        "invalid_request",
                        "The client's tokens are certificate-bound, and no client certificate was given.",
                    ))));
                }
            }
        }
        Ok(sender)
    }

    /// Binds what the grant issued (or, for the password grant, remembers the binding on the
    /// ticket for `/auth/token/issue`); adds the nonce to answer with.
    pub(crate) fn token_bind(
        &self,
        state: &mut State,
        client: &LiveClient,
        sender: &TokenSender,
        response: &mut TokenResponse,
    ) {
        if response.dpop_nonce.is_none() {
            response.dpop_nonce = sender.nonce.clone();
        }
        if response.action == Some(TokenAction::Password)
            && let Some(ticket) = &response.ticket
            && let Some(entry) = state
                .password_tickets
                .get_mut(&random::key(ticket), self.now())
        {
            entry.binding = sender.binding.clone();
        }
        self.apply_binding(state, client.is_public(), &sender.binding, response);
    }

    /// Binds the tokens of an `OK` answer: the access token to the DPoP key and the certificate,
    /// a public client's refresh token to the DPoP key; `token_type` becomes `DPoP`.
    pub(crate) fn apply_binding(
        &self,
        state: &mut State,
        public_client: bool,
        binding: &SenderBinding,
        response: &mut TokenResponse,
    ) {
        if response.action != Some(TokenAction::Ok) || *binding == SenderBinding::default() {
            return;
        }
        let now = self.now();
        if let Some(token) = &response.access_token
            && let Some(entry) = state.access.get_mut(&random::key(token), now)
        {
            entry.binding = binding.clone();
        }
        if public_client
            && let Some(token) = &response.refresh_token
            && let Some(entry) = state.refresh.get_mut(&random::key(token), now)
        {
            entry.binding.jkt = binding.jkt.clone();
        }
        if binding.jkt.is_some()
            && let Some(Ok(Value::Object(mut body))) = response
                .response_content
                .as_deref()
                .map(serde_json::from_str::<Value>)
        {
            body.insert("token_type".into(), Value::from("DPoP"));
            response.response_content = Some(Value::Object(body).to_string());
        }
    }

    /// Checks a token's binding at a resource API; `Ok` carries the nonce to answer with.
    pub(crate) fn resource_sender(
        &self,
        state: &mut State,
        binding: &SenderBinding,
        token: &str,
        proof: &ResourceProof<'_>,
        operation: Operation,
    ) -> Result<Result<Option<String>, ResourceRefusal>, ApiError> {
        let refuse = |challenge: String, code: ResultCode, nonce: Option<String>| {
            Ok(Err(ResourceRefusal {
                challenge,
                code,
                nonce,
            }))
        };
        let dpop = non_empty(proof.dpop);
        let mut nonce = None;
        match (dpop, &binding.jkt) {
            (None, Some(_)) => {
                return refuse(
                    dpop_challenge("invalid_token", rc::RESOURCE_DPOP_MISSING),
                    rc::RESOURCE_DPOP_MISSING,
                    None,
                );
            }
            (None, None) => {}
            (Some(dpop), bound) => {
                let check = ProofCheck {
                    proof: dpop,
                    htm: non_empty(proof.htm).unwrap_or(""),
                    htu: non_empty(proof.htu).unwrap_or(""),
                    access_token: Some(token),
                    nonce_required: proof.nonce_required,
                };
                match self.check_dpop(state, &check) {
                    Ok(jkt) => {
                        if bound.as_ref().is_some_and(|bound| *bound != jkt) {
                            return refuse(
                                dpop_challenge("invalid_dpop_proof", rc::RESOURCE_DPOP_KEY),
                                rc::RESOURCE_DPOP_KEY,
                                None,
                            );
                        }
                    }
                    Err(ProofError::Invalid(_)) => {
                        return refuse(
                            dpop_challenge("invalid_dpop_proof", rc::RESOURCE_DPOP_INVALID),
                            rc::RESOURCE_DPOP_INVALID,
                            None,
                        );
                    }
                    Err(ProofError::UseNonce(fresh)) => {
                        return refuse(
                            dpop_challenge("use_dpop_nonce", rc::RESOURCE_DPOP_NONCE),
                            rc::RESOURCE_DPOP_NONCE,
                            Some(fresh),
                        );
                    }
                    Err(ProofError::Full) => {
                        return Err(api_error(
                            operation,
                            StatusCode::SERVICE_UNAVAILABLE,
                            rc::DPOP_CAPACITY,
                            None,
                        ));
                    }
                }
                if proof.nonce_required {
                    nonce = Some(self.dpop_nonce(state));
                }
            }
        }
        if let Some(bound) = &binding.x5t {
            let presented = non_empty(proof.certificate).and_then(certificate_thumbprint);
            if presented.as_ref() != Some(bound) {
                return refuse(
                    super::params::bearer_challenge(
                        "invalid_token",
                        rc::RESOURCE_CERTIFICATE,
                        None,
                    ),
                    rc::RESOURCE_CERTIFICATE,
                    None,
                );
            }
        }
        Ok(Ok(nonce))
    }
}
