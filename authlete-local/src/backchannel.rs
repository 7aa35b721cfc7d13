//! CIBA (OpenID Connect Client-Initiated Backchannel Authentication) in poll, ping and push
//! modes: `/backchannel/authentication`, `/issue`, `/fail`, `/complete`; the token side is in
//! `token.rs`.
//!
//! A client uses CIBA when its grant types include `urn:openid:params:grant-type:ciba`; its
//! `backchannel_token_delivery_mode` (poll by default) decides what `/complete` answers:
//! `NO_ACTION` in poll mode, `NOTIFICATION` with the client notification endpoint and the
//! request's `client_notification_token` in ping mode (`responseContent`: the `auth_req_id`) and
//! in push mode (`responseContent`: the token response, issued at completion).

use serde_json::json;

use super::client_auth::AuthFailure;
use super::clients::CibaDelivery;
use super::engine::{Engine, api_error, capacity};
use super::id_token::Binding;
use super::params::{Params, oauth_error};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{CibaEntry, DeviceStatus, Grant};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::config::Secret;
use authlete_tower::dto::*;

fn refused(
    action: BackchannelAuthenticationAction,
    code: ResultCode,
    error: &str,
    detail: &str,
) -> BackchannelAuthenticationResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = BackchannelAuthenticationResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(action);
        value.response_content = Some(oauth_error(error, code, Some(detail)));
        value
    }
}

/// The longest `client_notification_token` taken (CIBA Core §7.1).
const MAX_NOTIFICATION_TOKEN: usize = 1024;

/// A client's delivery mode and notification endpoint, checked: `poll` (or none), `ping` or
/// `push`; ping and push need an `https` endpoint (or `http` to a loopback address).
pub(crate) fn delivery(mode: Option<&str>, endpoint: Option<&str>) -> Result<CibaDelivery, String> {
    let mode = match mode {
        None | Some("poll") => DeliveryMode::Poll,
        Some("ping") => DeliveryMode::Ping,
        Some("push") => DeliveryMode::Push,
        Some(other) => {
            return Err(format!(
                "backchannel_token_delivery_mode must be poll, ping or push, not {other:?}"
            ));
        }
    };
    let endpoint = endpoint.filter(|uri| !uri.is_empty());
    if mode == DeliveryMode::Poll {
        return Ok(CibaDelivery {
            mode,
            notification_endpoint: endpoint.map(str::to_owned),
        });
    }
    let Some(endpoint) = endpoint else {
        return Err("ping and push need a backchannel_client_notification_endpoint".into());
    };
    let secure = url::Url::parse(endpoint).is_ok_and(|url| {
        url.fragment().is_none()
            && match (url.scheme(), url.host()) {
                ("https", Some(_)) => true,
                ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
                ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
                ("http", Some(url::Host::Domain(name))) => name == "localhost",
                _ => false,
            }
    });
    if !secure {
        return Err(
            "backchannel_client_notification_endpoint must be an https URL without a fragment"
                .into(),
        );
    }
    Ok(CibaDelivery {
        mode,
        notification_endpoint: Some(endpoint.to_owned()),
    })
}

impl Engine {
    /// `/backchannel/authentication`.
    pub(crate) fn backchannel_authentication(
        &self,
        request: BackchannelAuthenticationRequest,
    ) -> Result<BackchannelAuthenticationResponse, ApiError> {
        use BackchannelAuthenticationAction as A;
        let params = Params::parse(&request.parameters);
        if let Some(name) = params.duplicate() {
            return Ok(refused(
                A::BadRequest,
                rc::CIBA_BAD_REQUEST,
                "invalid_request",
                &format!("'{name}' is given more than once."),
            ));
        }
        let now = self.now();
        let mut state = self.lock();
        let client = match self.authenticate_client(
            &mut state,
            request.client_id.as_deref(),
            request.client_secret.as_deref(),
            request.client_certificate.as_deref(),
            &params,
        ) {
            Ok(client) => client,
            Err(AuthFailure::InvalidClient(why)) => {
                return Ok(refused(
                    A::Unauthorized,
                    rc::CIBA_INVALID_CLIENT,
                    "invalid_client",
                    why,
                ));
            }
            Err(AuthFailure::InvalidRequest(why)) => {
                return Ok(refused(
                    A::BadRequest,
                    rc::CIBA_BAD_REQUEST,
                    "invalid_request",
                    why,
                ));
            }
        };
        if client.is_public() || !client.allows(&GrantType::Ciba) {
            return Ok(refused(
                A::BadRequest,
                rc::CIBA_DISABLED,
                "unauthorized_client",
                "The client may not use CIBA.",
            ));
        }
        if params.get("request").is_some() {
            return Ok(refused(
                A::BadRequest,
                rc::CIBA_BAD_REQUEST,
                "invalid_request",
                "Signed authentication requests are not supported.",
            ));
        }
        let scopes = client.administration.requestable(params.words("scope"));
        if !scopes.iter().any(|scope| scope == "openid") {
            return Ok(refused(
                A::BadRequest,
                rc::CIBA_BAD_REQUEST,
                "invalid_scope",
                "scope must include openid.",
            ));
        }
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Ok(refused(
                A::BadRequest,
                rc::CIBA_BAD_REQUEST,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        let hints: Vec<(&str, &str)> = [
            ("LOGIN_HINT", "login_hint"),
            ("ID_TOKEN_HINT", "id_token_hint"),
            ("LOGIN_HINT_TOKEN", "login_hint_token"),
        ]
        .into_iter()
        .filter_map(|(kind, name)| params.get(name).map(|value| (kind, value)))
        .collect();
        let [(hint_type, hint)] = hints.as_slice() else {
            return Ok(refused(
                A::BadRequest,
                rc::CIBA_BAD_REQUEST,
                "invalid_request",
                "Exactly one of login_hint, id_token_hint and login_hint_token is required.",
            ));
        };
        let mode = client.ciba.mode.clone();
        let notification_token = params.get("client_notification_token").map(str::to_owned);
        if mode != DeliveryMode::Poll {
            match notification_token.as_deref() {
                None | Some("") => {
                    return Ok(refused(
                        A::BadRequest,
                        rc::CIBA_BAD_REQUEST,
                        "invalid_request",
                        "client_notification_token is required in ping and push modes.",
                    ));
                }
                Some(token) if token.len() > MAX_NOTIFICATION_TOKEN => {
                    return Ok(refused(
                        A::BadRequest,
                        rc::CIBA_BAD_REQUEST,
                        "invalid_request",
                        "client_notification_token is longer than 1024 characters.",
                    ));
                }
                Some(_) => {}
            }
        }
        let default_lifetime = Self::millis(self.config.lifetimes.device_code) / 1000;
        let requested_expiry = match params.get("requested_expiry") {
            None => None,
            Some(value) => match value.parse::<i64>() {
                Ok(seconds) if seconds > 0 => Some(seconds),
                _ => {
                    return Ok(refused(
                        A::BadRequest,
                        rc::CIBA_BAD_REQUEST,
                        "invalid_request",
                        "requested_expiry is not a positive integer.",
                    ));
                }
            },
        };
        let lifetime = requested_expiry
            .unwrap_or(default_lifetime)
            .min(default_lifetime);
        let ticket = random::token();
        let entry = CibaEntry {
            client_id: client.client_id,
            scopes: scopes.clone(),
            expires_at: now + lifetime * 1000,
            interval_ms: Self::millis(self.config.lifetimes.device_polling_interval),
            last_poll: None,
            auth_req_id: None,
            status: DeviceStatus::Pending,
            delivery_mode: mode.clone(),
            notification_token: notification_token
                .as_deref()
                .filter(|_| mode != DeliveryMode::Poll)
                .map(Secret::new),
            notified_auth_req_id: None,
        };
        state
            .ciba
            .insert(random::key(&ticket), now + lifetime * 1000, entry, now)
            .map_err(|_| capacity(Operation::BackchannelAuthentication))?;
        let (result_code, result_message) = rc::CIBA_OK.pair();
        Ok({
            let mut value = BackchannelAuthenticationResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(A::UserIdentification);
            value.client_id = Some(client.client_id);
            value.client_name = Some(client.name.clone());
            value.client_auth_method = Some(client.auth_method().to_owned());
            value.scopes = Some(self.scope_objects(&scopes));
            // The claims the scopes stand for (OpenID Connect Core §5.4), as Authlete lists them.
            value.claim_names = Some(
                super::userinfo::scope_claims(&scopes)
                    .into_iter()
                    .map(|claim| claim.to_string())
                    .collect(),
            )
            .filter(|names: &Vec<String>| !names.is_empty());
            value.acrs = Some(params.words("acr_values")).filter(|acrs| !acrs.is_empty());
            value.hint_type = Some((*hint_type).to_owned());
            value.hint = Some((*hint).to_owned());
            value.binding_message = params.get("binding_message").map(str::to_owned);
            value.user_code = params.get("user_code").map(str::to_owned);
            value.requested_expiry = requested_expiry;
            value.client_notification_token = notification_token;
            value.delivery_mode = Some(mode);
            value.ticket = Some(ticket);
            value
        })
    }

    /// `/backchannel/authentication/issue`: mints the `auth_req_id`.
    pub(crate) fn backchannel_authentication_issue(
        &self,
        request: BackchannelAuthenticationIssueRequest,
    ) -> Result<BackchannelAuthenticationIssueResponse, ApiError> {
        let now = self.now();
        let mut state = self.lock();
        let ticket_key = random::key(&request.ticket);
        let Some(entry) = state
            .ciba
            .get(&ticket_key, now)
            .filter(|entry| entry.auth_req_id.is_none())
            .cloned()
        else {
            let (result_code, result_message) = rc::CIBA_TICKET_UNKNOWN.pair();
            return Ok({
                let mut value = BackchannelAuthenticationIssueResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(BackchannelAuthenticationIssueAction::InvalidTicket);
                value
            });
        };
        let auth_req_id = random::token();
        let id_key = random::key(&auth_req_id);
        state
            .auth_req_ids
            .insert(id_key, entry.expires_at, ticket_key, now)
            .map_err(|_| capacity(Operation::BackchannelAuthenticationIssue))?;
        if let Some(stored) = state.ciba.get_mut(&ticket_key, now) {
            stored.auth_req_id = Some(id_key);
            if stored.delivery_mode != DeliveryMode::Poll {
                stored.notified_auth_req_id = Some(Secret::new(auth_req_id.as_str()));
            }
        }
        let expires_in = ((entry.expires_at - now) / 1000).max(0);
        let interval = entry.interval_ms / 1000;
        // Push-mode clients never poll (CIBA Core §7.3: no interval then).
        let content = if entry.delivery_mode == DeliveryMode::Push {
            json!({"auth_req_id": auth_req_id, "expires_in": expires_in})
        } else {
            json!({"auth_req_id": auth_req_id, "expires_in": expires_in, "interval": interval})
        };
        let (result_code, result_message) = rc::CIBA_ISSUED.pair();
        Ok({
            let mut value = BackchannelAuthenticationIssueResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(BackchannelAuthenticationIssueAction::Ok);
            value.response_content = Some(content.to_string());
            value.auth_req_id = Some(auth_req_id);
            value.expires_in = Some(expires_in);
            value.interval = (entry.delivery_mode != DeliveryMode::Push).then_some(interval);
            value
        })
    }

    /// `/backchannel/authentication/fail`: the error answer of the backchannel endpoint.
    pub(crate) fn backchannel_authentication_fail(
        &self,
        request: BackchannelAuthenticationFailRequest,
    ) -> Result<BackchannelAuthenticationFailResponse, ApiError> {
        use BackchannelAuthenticationFailAction as A;
        use BackchannelAuthenticationFailReason as R;
        let now = self.now();
        let found = self
            .lock()
            .ciba
            .take(&random::key(&request.ticket), now)
            .is_some();
        let (action, error) = match (found, &request.reason) {
            (false, _) => (A::BadRequest, "invalid_request"),
            (true, Some(R::AccessDenied)) => (A::Forbidden, "access_denied"),
            (true, Some(R::ExpiredLoginHintToken)) => (A::BadRequest, "expired_login_hint_token"),
            (true, Some(R::InvalidBindingMessage)) => (A::BadRequest, "invalid_binding_message"),
            (true, Some(R::InvalidTarget)) => (A::BadRequest, "invalid_target"),
            (true, Some(R::InvalidUserCode)) => (A::BadRequest, "invalid_user_code"),
            (true, Some(R::MissingUserCode)) => (A::BadRequest, "missing_user_code"),
            (true, Some(R::UnauthorizedClient)) => (A::BadRequest, "unauthorized_client"),
            (true, Some(R::UnknownUserId)) => (A::BadRequest, "unknown_user_id"),
            (true, _) => (A::InternalServerError, "server_error"),
        };
        let code = if found {
            rc::CIBA_FAILED
        } else {
            rc::CIBA_TICKET_UNKNOWN
        };
        let description = request
            .error_description
            .clone()
            .filter(|text| !text.is_empty());
        let (result_code, result_message) = code.pair();
        Ok({
            let mut value = BackchannelAuthenticationFailResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(action);
            value.response_content = Some(oauth_error(error, code, description.as_deref()));
            value
        })
    }

    /// `/backchannel/authentication/complete`: records the end-user's decision.
    pub(crate) fn backchannel_authentication_complete(
        &self,
        request: BackchannelAuthenticationCompleteRequest,
    ) -> Result<BackchannelAuthenticationCompleteResponse, ApiError> {
        let operation = Operation::BackchannelAuthenticationComplete;
        let caller_error = |detail: &str| {
            api_error(
                operation,
                http::StatusCode::BAD_REQUEST,
                rc::CIBA_TICKET_UNKNOWN,
                Some(detail),
            )
        };
        let now = self.now();
        let mut state = self.lock();
        let ticket_key = random::key(&request.ticket);
        let Some(entry) = state.ciba.get_mut(&ticket_key, now) else {
            return Err(caller_error("(no such ticket)"));
        };
        if !matches!(entry.status, DeviceStatus::Pending) {
            return Err(caller_error("(already completed)"));
        }
        let Some(result) = request.result.clone() else {
            return Err(caller_error("(result is missing)"));
        };
        if result == BackchannelAuthenticationCompleteResult::Authorized
            && request.subject.is_empty()
        {
            return Err(caller_error("(subject is missing)"));
        }
        let claims = match request
            .claims
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            None => None,
            Some(text) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(object)) => Some(object),
                _ => return Err(caller_error("(claims is not a JSON object)")),
            },
        };
        entry.status = match result {
            BackchannelAuthenticationCompleteResult::Authorized => {
                DeviceStatus::Authorized(Box::new(Grant {
                    client_id: entry.client_id,
                    subject: Some(request.subject.clone()),
                    scopes: request
                        .scopes
                        .clone()
                        .unwrap_or_else(|| entry.scopes.clone()),
                    properties: request.properties.clone().unwrap_or_default(),
                    auth_time: request.auth_time.filter(|seconds| *seconds > 0),
                    acr: request.acr.clone().filter(|acr| !acr.is_empty()),
                    grant_type: Some(GrantType::Ciba),
                    extra_claims: claims,
                    sub: request.sub.clone().filter(|sub| !sub.is_empty()),
                    ..Grant::default()
                }))
            }
            BackchannelAuthenticationCompleteResult::AccessDenied => DeviceStatus::Denied,
            _ => DeviceStatus::Failed,
        };
        let entry = entry.clone();
        let (result_code, result_message) = rc::CIBA_COMPLETED.pair();
        let mut value = BackchannelAuthenticationCompleteResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.client_id = Some(entry.client_id);
        value.delivery_mode = Some(entry.delivery_mode.clone());
        if entry.delivery_mode == DeliveryMode::Poll {
            value.action = Some(BackchannelAuthenticationCompleteAction::NoAction);
            return Ok(value);
        }
        let client = state.clients.get(&entry.client_id).cloned();
        let auth_req_id = entry
            .notified_auth_req_id
            .as_ref()
            .map(|id| id.expose().to_owned());
        let (Some(client), Some(auth_req_id)) = (client, auth_req_id) else {
            // The client is gone, or the request never got its auth_req_id: nobody to notify.
            state.ciba.remove(&ticket_key);
            return Err(caller_error("(the client or its auth_req_id is gone)"));
        };
        value.action = Some(BackchannelAuthenticationCompleteAction::Notification);
        value.client_name = Some(client.name.clone());
        value.client_notification_endpoint = client.ciba.notification_endpoint.clone();
        value.client_notification_token = entry
            .notification_token
            .as_ref()
            .map(|token| token.expose().to_owned());
        value.auth_req_id = Some(auth_req_id.clone());
        if entry.delivery_mode == DeliveryMode::Ping {
            value.response_content = Some(json!({"auth_req_id": auth_req_id}).to_string());
            return Ok(value);
        }
        // Push: the tokens (or the error) go in the notification; nothing is left to poll.
        state.ciba.remove(&ticket_key);
        if let Some(id_key) = entry.auth_req_id {
            state.auth_req_ids.remove(&id_key);
        }
        let content = match &entry.status {
            DeviceStatus::Authorized(grant) => {
                let issued = self.issue(
                    &mut state,
                    grant,
                    client.allows(&GrantType::RefreshToken),
                    operation,
                )?;
                let id_token = self.id_token(
                    grant,
                    Binding {
                        access_token: Some(&issued.access_token),
                        auth_req_id: Some(&auth_req_id),
                        refresh_token: issued.refresh.as_ref().map(|(token, _, _)| token.as_str()),
                        ..Binding::default()
                    },
                );
                let tokens = self.token_ok(rc::TOKEN_OK_CIBA, grant, &issued, id_token, "CIBA");
                value.access_token = tokens.access_token;
                value.refresh_token = tokens.refresh_token;
                value.id_token = tokens.id_token;
                value.access_token_duration = tokens.access_token_duration;
                value.refresh_token_duration = tokens.refresh_token_duration;
                let mut body: serde_json::Value =
                    serde_json::from_str(tokens.response_content.as_deref().unwrap_or("{}"))
                        .unwrap_or_else(|_| json!({}));
                body["auth_req_id"] = json!(auth_req_id);
                body
            }
            DeviceStatus::Denied => json!({
                "auth_req_id": auth_req_id, "error": "access_denied",
                "error_description": request.error_description.as_deref().unwrap_or("The end-user denied the request."),
            }),
            _ => json!({
                "auth_req_id": auth_req_id, "error": "transaction_failed",
                "error_description": request.error_description.as_deref().unwrap_or("The authentication did not complete."),
            }),
        };
        value.response_content = Some(content.to_string());
        Ok(value)
    }
}
