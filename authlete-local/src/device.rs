//! The device flow (RFC 8628): `/device/authorization`, `/device/verification`,
//! `/device/complete`; the token side is in `token.rs`.

use serde_json::json;

use super::client_auth::AuthFailure;
use super::engine::{Engine, capacity};
use super::params::{Params, oauth_error};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{DeviceEntry, DeviceStatus, Grant};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

impl Engine {
    pub(crate) fn scope_objects(&self, scopes: &[String]) -> Vec<Scope> {
        scopes
            .iter()
            .map(|name| {
                let description = self
                    .config
                    .scopes
                    .iter()
                    .find(|scope| scope.name == *name)
                    .map(|scope| scope.description.clone())
                    .unwrap_or_default();
                Scope::new(name.clone(), description)
            })
            .collect()
    }

    /// `/device/authorization`.
    pub(crate) fn device_authorization(
        &self,
        request: DeviceAuthorizationRequest,
    ) -> Result<DeviceAuthorizationResponse, ApiError> {
        let params = Params::parse(&request.parameters);
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
                return Ok(device_error(
                    DeviceAuthorizationAction::Unauthorized,
                    rc::DEVICE_AUTH_UNAUTHORIZED,
                    "invalid_client",
                    why,
                ));
            }
            Err(AuthFailure::InvalidRequest(why)) => {
                return Ok(device_error(
                    DeviceAuthorizationAction::BadRequest,
                    rc::DEVICE_AUTH_BAD,
                    "invalid_request",
                    why,
                ));
            }
        };
        if !client.allows(&GrantType::DeviceCode) {
            return Ok(device_error(
                DeviceAuthorizationAction::BadRequest,
                rc::DEVICE_AUTH_BAD,
                "unauthorized_client",
                "The client may not use the device flow.",
            ));
        }
        let scopes = client.administration.requestable(params.words("scope"));
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Ok(device_error(
                DeviceAuthorizationAction::BadRequest,
                rc::DEVICE_AUTH_BAD,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        let resources = match super::resources::requested(&params) {
            Ok(resources) => resources,
            Err(detail) => {
                return Ok(device_error(
                    DeviceAuthorizationAction::BadRequest,
                    rc::DEVICE_AUTH_BAD,
                    "invalid_target",
                    detail,
                ));
            }
        };
        let device_code = random::token();
        let user_code = random::user_code();
        let lifetime = Self::millis(self.config.lifetimes.device_code);
        // Saturated, like every configured duration: a huge setting must not overflow.
        let interval_ms = Self::millis(self.config.lifetimes.device_polling_interval);
        let interval = interval_ms / 1000;
        let expires_at = now + lifetime;
        let device_key = random::key(&device_code);
        let entry = DeviceEntry {
            client_id: client.client_id,
            scopes: scopes.clone(),
            resources: resources.clone(),
            user_code: user_code.clone(),
            expires_at,
            interval_ms,
            last_poll: None,
            status: DeviceStatus::Pending,
        };
        state
            .devices
            .insert(device_key, expires_at, entry, now)
            .map_err(|_| capacity(Operation::DeviceAuthorization))?;
        if state
            .user_codes
            .insert(
                random::key(&random::normalise_user_code(&user_code)),
                expires_at,
                device_key,
                now,
            )
            .is_err()
        {
            state.devices.remove(&device_key);
            return Err(capacity(Operation::DeviceAuthorization));
        }
        let verification_uri = self.config.endpoints.device_verification.clone();
        let complete = {
            let mut url = url::Url::parse(&verification_uri).map_err(|_| ApiError::Backend {
                operation: Operation::DeviceAuthorization,
                reason: "the configured device verification URI is not a URL".into(),
            })?;
            url.query_pairs_mut().append_pair("user_code", &user_code);
            url.to_string()
        };
        let expires_in = lifetime / 1000;
        let content = json!({
            "device_code": device_code,
            "user_code": user_code,
            "verification_uri": verification_uri,
            "verification_uri_complete": complete,
            "expires_in": expires_in,
            "interval": interval,
        });
        let (result_code, result_message) = rc::DEVICE_AUTH_OK.pair();
        Ok({
            let mut value = DeviceAuthorizationResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(DeviceAuthorizationAction::Ok);
            value.response_content = Some(content.to_string());
            value.client_id = Some(client.client_id);
            value.client_name = Some(client.name.clone());
            value.client_auth_method = Some(client.auth_method().to_owned());
            value.scopes = Some(self.scope_objects(&scopes));
            value.resources = (!resources.is_empty()).then_some(resources);
            value.device_code = Some(device_code);
            value.user_code = Some(user_code);
            value.verification_uri = Some(verification_uri);
            value.verification_uri_complete = Some(complete);
            value.expires_in = Some(expires_in);
            value.interval = Some(interval);
            value
        })
    }

    /// `/device/verification`.
    pub(crate) fn device_verification(
        &self,
        request: DeviceVerificationRequest,
    ) -> Result<DeviceVerificationResponse, ApiError> {
        let now = self.now();
        let state = self.lock();
        let answer = |action, code: ResultCode| {
            let (result_code, result_message) = code.pair();
            {
                let mut value = DeviceVerificationResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(action);
                value
            }
        };
        let user_key = random::key(&random::normalise_user_code(&request.user_code));
        let Some((expires_at, device_key)) = state
            .user_codes
            .get_any(&user_key)
            .map(|(at, key)| (at, *key))
        else {
            return Ok(answer(
                DeviceVerificationAction::NotExist,
                rc::DEVICE_VERIFICATION_NOT_EXIST,
            ));
        };
        if expires_at <= now {
            return Ok(answer(
                DeviceVerificationAction::Expired,
                rc::DEVICE_VERIFICATION_EXPIRED,
            ));
        }
        let Some(entry) = state
            .devices
            .get(&device_key, now)
            .filter(|entry| matches!(entry.status, DeviceStatus::Pending))
        else {
            return Ok(answer(
                DeviceVerificationAction::NotExist,
                rc::DEVICE_VERIFICATION_NOT_EXIST,
            ));
        };
        let client_name = state
            .clients
            .get(&entry.client_id)
            .map(|client| client.name.clone());
        let mut response = answer(
            DeviceVerificationAction::Valid,
            rc::DEVICE_VERIFICATION_VALID,
        );
        response.client_id = Some(entry.client_id);
        response.client_name = client_name;
        response.scopes = Some(self.scope_objects(&entry.scopes));
        response.resources = (!entry.resources.is_empty()).then(|| entry.resources.clone());
        response.expires_at = Some(entry.expires_at);
        Ok(response)
    }

    /// `/device/complete`.
    pub(crate) fn device_complete(
        &self,
        request: DeviceCompleteRequest,
    ) -> Result<DeviceCompleteResponse, ApiError> {
        let now = self.now();
        let mut state = self.lock();
        let answer = |action, code: ResultCode| {
            let (result_code, result_message) = code.pair();
            {
                let mut value = DeviceCompleteResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(action);
                value
            }
        };
        let user_key = random::key(&random::normalise_user_code(&request.user_code));
        let Some((expires_at, device_key)) = state
            .user_codes
            .get_any(&user_key)
            .map(|(at, key)| (at, *key))
        else {
            return Ok(answer(
                DeviceCompleteAction::UserCodeNotExist,
                rc::DEVICE_COMPLETE_NOT_EXIST,
            ));
        };
        if expires_at <= now {
            return Ok(answer(
                DeviceCompleteAction::UserCodeExpired,
                rc::DEVICE_COMPLETE_EXPIRED,
            ));
        }
        let Some(result) = request.result.clone() else {
            return Ok(answer(
                DeviceCompleteAction::InvalidRequest,
                rc::DEVICE_COMPLETE_INVALID,
            ));
        };
        if result == DeviceCompleteResult::Authorized && request.subject.is_empty() {
            return Ok(answer(
                DeviceCompleteAction::InvalidRequest,
                rc::DEVICE_COMPLETE_INVALID,
            ));
        }
        let claims = match request
            .claims
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            None => None,
            Some(text) => match serde_json::from_str::<serde_json::Value>(text) {
                Ok(serde_json::Value::Object(object)) => Some(object),
                _ => {
                    return Ok(answer(
                        DeviceCompleteAction::InvalidRequest,
                        rc::DEVICE_COMPLETE_INVALID,
                    ));
                }
            },
        };
        let Some(entry) = state.devices.get_mut(&device_key, now) else {
            return Ok(answer(
                DeviceCompleteAction::UserCodeNotExist,
                rc::DEVICE_COMPLETE_NOT_EXIST,
            ));
        };
        if !matches!(entry.status, DeviceStatus::Pending) {
            return Ok(answer(
                DeviceCompleteAction::InvalidRequest,
                rc::DEVICE_COMPLETE_INVALID,
            ));
        }
        entry.status = match result {
            DeviceCompleteResult::Authorized => DeviceStatus::Authorized(Box::new(Grant {
                client_id: entry.client_id,
                subject: Some(request.subject.clone()),
                scopes: request
                    .scopes
                    .clone()
                    .unwrap_or_else(|| entry.scopes.clone()),
                properties: request.properties.clone().unwrap_or_default(),
                auth_time: request.auth_time.filter(|seconds| *seconds > 0),
                acr: request.acr.clone().filter(|acr| !acr.is_empty()),
                grant_type: Some(GrantType::DeviceCode),
                extra_claims: claims,
                sub: request.sub.clone().filter(|sub| !sub.is_empty()),
                resources: entry.resources.clone(),
                token_resources: entry.resources.clone(),
                ..Grant::default()
            })),
            DeviceCompleteResult::AccessDenied => DeviceStatus::Denied,
            _ => DeviceStatus::Failed,
        };
        Ok(answer(
            DeviceCompleteAction::Success,
            rc::DEVICE_COMPLETE_OK,
        ))
    }
}

fn device_error(
    action: DeviceAuthorizationAction,
    code: ResultCode,
    error: &str,
    detail: &str,
) -> DeviceAuthorizationResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = DeviceAuthorizationResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(action);
        value.response_content = Some(oauth_error(error, code, Some(detail)));
        value
    }
}
