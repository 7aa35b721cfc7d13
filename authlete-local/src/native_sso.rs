//! OpenID Connect Native SSO for Mobile Apps 1.0, as Authlete implements it, when the service
//! enables it ([`LocalConfig::native_sso_supported`](super::LocalConfig::native_sso_supported)):
//!
//! - `/auth/authorization` answers `nativeSsoRequested: true` for a `code` request whose scopes
//!   include `openid` and `device_sso`; `/auth/authorization/issue` then requires `sessionId`,
//!   which every token of the grant carries (and its ID tokens as `sid`).
//! - `/auth/token` answers `NATIVE_SSO` (with `sessionId`, the tokens it minted, no
//!   `responseContent`) for such a code, and for the token exchange of a second application:
//!   `subject_token_type=urn:ietf:params:oauth:token-type:id_token` with an ID token this
//!   service issued (signature, `iss`, `exp`, `iat`), whose `aud` is a client of the service and
//!   which carries `sid` and `ds_hash`, and `actor_token_type=urn:openid:params:token-type:device-secret`
//!   with a device secret. The answer carries `deviceSecret` (the actor token) and
//!   `deviceSecretHash` (the `ds_hash`); comparing them is the authorization server's job.
//! - `/nativesso` turns the access token of such an answer into the token response: its
//!   `device_secret`, and an ID token with `sid` and `ds_hash` (the given hash, or base64url
//!   SHA-256 of the secret). `idtHeaderParams` is not supported (ignored).
//! - `/nativesso/logout` deletes every access and refresh token of a session.
//!
//! Caller errors are answered `200` with `action: CALLER_ERROR`, as the specification's schema
//! lists it; with Native SSO disabled both APIs answer `400 CALLER_ERROR` (unavailable.rs).
//!
//! ```text
//! POST /nativesso {"accessToken":"…","deviceSecret":"ds-1"}
//! → {"action":"OK","responseContent":"{\"access_token\":…,\"id_token\":\"eyJ…\",\"device_secret\":\"ds-1\"}","idToken":"eyJ…"}
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::clients::LiveClient;
use super::engine::Engine;
use super::id_token::Binding;
use super::input_jwt::InputJwt;
use super::params::Params;
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{Grant, Key, State};
use super::token::token_error;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// The scope that asks for a device secret.
pub(crate) const DEVICE_SSO: &str = "device_sso";
/// `subject_token_type` of Native SSO's token exchange.
const ID_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:id_token";
/// `actor_token_type` of Native SSO's token exchange.
const DEVICE_SECRET_TYPE: &str = "urn:openid:params:token-type:device-secret";
/// The `issued_token_type` of a token exchange answer (RFC 8693 §3).
const ACCESS_TOKEN_TYPE: &str = "urn:ietf:params:oauth:token-type:access_token";

fn caller_error(code: ResultCode, detail: &str) -> NativeSsoResponse {
    let mut value = NativeSsoResponse::default();
    value.result_code = Some(code.code.to_owned());
    value.result_message = Some(code.message_with(detail));
    value.action = Some(NativeSsoAction::CallerError);
    value
}

fn invalid(detail: &str) -> Result<TokenResponse, ApiError> {
    Ok(token_error(
        rc::TOKEN_EXCHANGE_INVALID,
        "invalid_request",
        detail,
    ))
}

impl Engine {
    /// Whether a request for `scopes` with `response_type` asks for Native SSO.
    pub(crate) fn native_sso_requested(&self, scopes: &[String], response_type: &[String]) -> bool {
        self.config.native_sso_supported
            && response_type.iter().any(|word| word == "code")
            && scopes_ask_native_sso(scopes)
    }

    /// Whether a token exchange is Native SSO's (an ID token and a device secret), which the
    /// service answers only when it enables Native SSO.
    pub(crate) fn is_native_sso_exchange(&self, params: &Params) -> bool {
        self.config.native_sso_supported
            && params.get("subject_token_type") == Some(ID_TOKEN_TYPE)
            && params.get("actor_token_type") == Some(DEVICE_SECRET_TYPE)
    }

    /// The token exchange of a second application (see the module docs): the tokens are minted
    /// here, the answer is an `OK` that [`Engine::native_sso_action`] turns into `NATIVE_SSO`.
    pub(crate) fn native_sso_exchange(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let now = self.now();
        let Some(subject_token) = params.get("subject_token").filter(|t| !t.is_empty()) else {
            return invalid("subject_token is missing.");
        };
        let Some(device_secret) = params.get("actor_token").filter(|t| !t.is_empty()) else {
            return invalid("actor_token (the device secret) is missing.");
        };
        if let Err(detail) = self.input_id_token("subject_token", subject_token, now) {
            return invalid(&detail);
        }
        let Ok(jwt) = InputJwt::parse(subject_token) else {
            return invalid("The subject_token is not a JWT.");
        };
        if jwt.string("iss") != Some(self.config.issuer.as_str()) {
            return invalid("The subject_token was not issued by this service.");
        }
        let audience_known = jwt.audiences().is_some_and(|audiences| {
            audiences.iter().any(|aud| {
                aud.parse::<i64>()
                    .is_ok_and(|id| state.clients.contains_key(&id))
            })
        });
        if !audience_known {
            return invalid("The aud of the subject_token names no client of this service.");
        }
        let Some(subject) = jwt.string("sub").filter(|sub| !sub.is_empty()) else {
            return invalid("The subject_token has no sub claim.");
        };
        let Some(session_id) = jwt.string("sid").filter(|sid| !sid.is_empty()) else {
            return invalid("The subject_token has no sid claim.");
        };
        let Some(ds_hash) = jwt.string("ds_hash").filter(|hash| !hash.is_empty()) else {
            return invalid("The subject_token has no ds_hash claim.");
        };
        let mut scopes = params.words("scope");
        if scopes.is_empty() {
            scopes.push("openid".to_owned());
        }
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Ok(token_error(
                rc::TOKEN_INVALID_SCOPE,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        if !scopes.iter().any(|scope| scope == "openid") {
            return Ok(token_error(
                rc::TOKEN_INVALID_SCOPE,
                "invalid_scope",
                "Native SSO needs the openid scope.",
            ));
        }
        let claim_number = |name: &str| jwt.number(name);
        let grant = Grant {
            client_id: client.client_id,
            subject: Some(subject.to_owned()),
            scopes,
            auth_time: claim_number("auth_time"),
            acr: jwt.string("acr").map(str::to_owned),
            grant_type: Some(GrantType::TokenExchange),
            session_id: Some(session_id.to_owned()),
            ..Grant::default()
        };
        let issued = self.issue(
            state,
            &grant,
            client.allows(&GrantType::RefreshToken),
            Operation::Token,
        )?;
        let mut response = self.token_ok(
            rc::TOKEN_OK_EXCHANGE,
            &grant,
            &issued,
            None,
            "TOKEN_EXCHANGE",
        );
        response.client_auth_method = Some(client.auth_method().to_owned());
        response.subject_token = Some(subject_token.to_owned());
        response.subject_token_type = Some(TokenType::IdToken);
        response.actor_token = Some(device_secret.to_owned());
        response.device_secret = Some(device_secret.to_owned());
        response.device_secret_hash = Some(ds_hash.to_owned());
        Ok(response)
    }

    /// Turns the `OK` answer of a Native SSO code or token exchange into `NATIVE_SSO` (once its
    /// tokens are bound and JWT-signed): `sessionId` from the grant, no `responseContent` and no
    /// ID token (`/nativesso` makes them).
    pub(crate) fn native_sso_action(&self, state: &State, response: &mut TokenResponse) {
        if !self.config.native_sso_supported || response.action != Some(TokenAction::Ok) {
            return;
        }
        let form = match response.grant_type.as_deref() {
            Some("AUTHORIZATION_CODE") => {
                scopes_ask_native_sso(response.scopes.as_deref().unwrap_or_default())
            }
            Some("TOKEN_EXCHANGE") => response.device_secret.is_some(),
            _ => false,
        };
        let session = response
            .access_token
            .as_deref()
            .and_then(|token| state.access.get(&random::key(token), self.now()))
            .and_then(|entry| entry.grant.session_id.clone());
        let (true, Some(session)) = (form, session) else {
            return;
        };
        let (result_code, result_message) = rc::TOKEN_NATIVE_SSO.pair();
        response.result_code = result_code;
        response.result_message = result_message;
        response.action = Some(TokenAction::NativeSso);
        response.session_id = Some(session);
        response.response_content = None;
        response.id_token = None;
    }

    /// `/nativesso`.
    pub(crate) fn native_sso(
        &self,
        request: NativeSsoRequest,
    ) -> Result<NativeSsoResponse, ApiError> {
        if request.access_token.is_empty() {
            return Ok(caller_error(rc::NATIVE_SSO_BAD, "accessToken is missing."));
        }
        if request.device_secret.is_empty() {
            return Ok(caller_error(rc::NATIVE_SSO_BAD, "deviceSecret is missing."));
        }
        let extra = match request
            .claims
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            None => None,
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(Value::Object(object)) => Some(object),
                _ => {
                    return Ok(caller_error(
                        rc::NATIVE_SSO_BAD,
                        "claims must be a JSON object.",
                    ));
                }
            },
        };
        let aud_array = match request.id_token_aud_type.as_deref() {
            None | Some("array") => true,
            Some("string") => false,
            Some(_) => {
                return Ok(caller_error(
                    rc::NATIVE_SSO_BAD,
                    "idTokenAudType must be \"array\" or \"string\".",
                ));
            }
        };
        let now = self.now();
        let state = self.lock();
        let key: Key = state.access_key(&request.access_token);
        let Some((expires_at, entry)) = state
            .access
            .get_any(&key)
            .filter(|(expires_at, _)| *expires_at > now)
        else {
            return Ok(caller_error(
                rc::NATIVE_SSO_BAD,
                "The access token is unknown or has expired.",
            ));
        };
        if entry.grant.session_id.is_none() {
            return Ok(caller_error(
                rc::NATIVE_SSO_BAD,
                "The access token is not associated with a session ID.",
            ));
        }
        if let Some(refresh) = request.refresh_token.as_deref().filter(|t| !t.is_empty())
            && entry.refresh != Some(random::key(refresh))
        {
            return Ok(caller_error(
                rc::NATIVE_SSO_BAD,
                "The refresh token was not issued with the access token.",
            ));
        }
        let mut grant = entry.grant.clone();
        if let Some(extra) = extra {
            let mut claims = grant.extra_claims.take().unwrap_or_default();
            claims.extend(extra);
            grant.extra_claims = Some(claims);
        }
        if let Some(sub) = request.sub.clone().filter(|sub| !sub.is_empty()) {
            grant.sub = Some(sub);
        }
        let ds_hash = request
            .device_secret_hash
            .clone()
            .filter(|hash| !hash.is_empty())
            .unwrap_or_else(|| {
                URL_SAFE_NO_PAD.encode(Sha256::digest(request.device_secret.as_bytes()))
            });
        let Some(id_token) = self.id_token(
            &grant,
            Binding {
                access_token: Some(&request.access_token),
                ds_hash: Some(&ds_hash),
                aud_array,
                ..Binding::default()
            },
        ) else {
            let (result_code, result_message) = rc::NATIVE_SSO_INTERNAL.pair();
            let mut value = NativeSsoResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(NativeSsoAction::InternalServerError);
            return Ok(value);
        };
        let mut body = Map::new();
        body.insert(
            "access_token".into(),
            Value::from(request.access_token.clone()),
        );
        if grant.grant_type == Some(GrantType::TokenExchange) {
            body.insert("issued_token_type".into(), Value::from(ACCESS_TOKEN_TYPE));
        }
        let token_type = if entry.binding.jkt.is_some() {
            "DPoP"
        } else {
            "Bearer"
        };
        body.insert("token_type".into(), Value::from(token_type));
        body.insert(
            "expires_in".into(),
            Value::from(((expires_at - now) / 1000).max(0)),
        );
        if !grant.scopes.is_empty() {
            body.insert("scope".into(), Value::from(grant.scopes.join(" ")));
        }
        if let Some(refresh) = request.refresh_token.as_deref().filter(|t| !t.is_empty()) {
            body.insert("refresh_token".into(), Value::from(refresh));
        }
        body.insert("id_token".into(), Value::from(id_token.clone()));
        body.insert(
            "device_secret".into(),
            Value::from(request.device_secret.clone()),
        );
        let (result_code, result_message) = rc::NATIVE_SSO_OK.pair();
        let mut value = NativeSsoResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(NativeSsoAction::Ok);
        value.response_content = Some(Value::Object(body).to_string());
        value.id_token = Some(id_token);
        Ok(value)
    }

    /// `/nativesso/logout`.
    pub(crate) fn native_sso_logout(
        &self,
        request: NativeSsoLogoutRequest,
    ) -> Result<NativeSsoLogoutResponse, ApiError> {
        if request.session_id.is_empty() {
            let mut value = NativeSsoLogoutResponse::default();
            value.result_code = Some(rc::NATIVE_SSO_LOGOUT_BAD.code.to_owned());
            value.result_message =
                Some(rc::NATIVE_SSO_LOGOUT_BAD.message_with("sessionId is missing."));
            value.action = Some(NativeSsoLogoutAction::CallerError);
            return Ok(value);
        }
        let now = self.now();
        let mut state = self.lock();
        let of_session =
            |grant: &Grant| grant.session_id.as_deref() == Some(request.session_id.as_str());
        let access: Vec<Key> = state
            .access
            .iter_live(now)
            .filter(|(_, _, entry)| of_session(&entry.grant))
            .map(|(key, _, _)| *key)
            .collect();
        let refresh: Vec<Key> = state
            .refresh
            .iter_live(now)
            .filter(|(_, _, entry)| of_session(&entry.grant))
            .map(|(key, _, _)| *key)
            .collect();
        let mut count: i64 = 0;
        for key in &access {
            if state.access.remove(key).is_some() {
                count += 1;
            }
        }
        for key in &refresh {
            if state.refresh.remove(key).is_some() {
                count += 1;
            }
        }
        let code = rc::NATIVE_SSO_LOGOUT_OK;
        let mut value = NativeSsoLogoutResponse::default();
        value.result_code = Some(code.code.to_owned());
        value.result_message = Some(format!(
            "[{}] The /nativesso/logout API call successfully deleted {count} access/refresh token record(s).",
            code.code
        ));
        value.action = Some(NativeSsoLogoutAction::Ok);
        value.count = Some(count);
        Ok(value)
    }
}

/// Whether `scopes` include `openid` and `device_sso`.
fn scopes_ask_native_sso(scopes: &[String]) -> bool {
    scopes.iter().any(|scope| scope == "openid") && scopes.iter().any(|scope| scope == DEVICE_SSO)
}
