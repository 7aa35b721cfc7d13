//! `/auth/token`, `/auth/token/issue` and `/auth/token/fail`: the authorization_code (single use,
//! PKCE, redirect URI), refresh_token (rotation), client_credentials, password and device_code
//! grants, and token issuance shared with the other flows; token exchange and JWT bearer are in
//! [`super::token_exchange`] and [`super::jwt_bearer`].

use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use super::client_auth::AuthFailure;
use super::clients::{LiveClient, grant_type_from_oauth};
use super::engine::{Engine, capacity};
use super::id_token::Binding;
use super::params::{Params, oauth_error};
use super::random;
use super::result_codes::{self as rc, ResultCode};
use super::store::{
    AccessEntry, DeviceStatus, Grant, Key, PasswordTicket, RefreshEntry, SenderBinding, State,
};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// What [`Engine::issue`] minted.
#[derive(Debug, Clone)]
pub(crate) struct Issued {
    /// When the tokens were minted (ms); durations are counted from here.
    pub issued_at: i64,
    pub access_token: String,
    pub access_key: Key,
    pub access_expires_at: i64,
    pub refresh: Option<(String, Key, i64)>,
}

impl Engine {
    /// Returns the first scope the service does not support.
    pub(crate) fn unknown_scope<'a>(&self, scopes: &'a [String]) -> Option<&'a str> {
        scopes
            .iter()
            .find(|scope| !self.config.scopes.iter().any(|known| known.name == **scope))
            .map(String::as_str)
    }

    /// Stores a new access token (and a refresh token when asked) for `grant`.
    pub(crate) fn issue(
        &self,
        state: &mut State,
        grant: &Grant,
        with_refresh: bool,
        operation: Operation,
    ) -> Result<Issued, ApiError> {
        let now = self.now();
        let access_token = random::token();
        let access_key = random::key(&access_token);
        let access_expires_at = now + Self::millis(self.config.lifetimes.access_token);
        let refresh = if with_refresh {
            let token = random::token();
            let key = random::key(&token);
            let expires_at = now + Self::millis(self.config.lifetimes.refresh_token);
            state
                .refresh
                .insert(
                    key,
                    expires_at,
                    RefreshEntry {
                        grant: grant.clone(),
                        access: vec![access_key],
                        code: None,
                        binding: SenderBinding::default(),
                        family: key,
                    },
                    now,
                )
                .map_err(|_| capacity(operation))?;
            Some((token, key, expires_at))
        } else {
            None
        };
        let entry = AccessEntry {
            grant: grant.clone(),
            issued_at: now,
            refresh: refresh.as_ref().map(|(_, key, _)| *key),
            binding: SenderBinding::default(),
        };
        if state
            .access
            .insert(access_key, access_expires_at, entry, now)
            .is_err()
        {
            if let Some((_, key, _)) = &refresh {
                state.refresh.remove(key);
            }
            return Err(capacity(operation));
        }
        Ok(Issued {
            issued_at: now,
            access_token,
            access_key,
            access_expires_at,
            refresh,
        })
    }

    /// `/auth/token`.
    pub(crate) fn token(&self, request: TokenRequest) -> Result<TokenResponse, ApiError> {
        let params = Params::parse(&request.parameters);
        if let Some(name) = params.duplicate() {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                &format!("'{name}' is given more than once."),
            ));
        }
        let Some(grant_type) = params.get("grant_type").map(str::to_owned) else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "grant_type is missing.",
            ));
        };
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
                let mut response = token_error(rc::TOKEN_INVALID_CLIENT, "invalid_client", why);
                response.action = Some(TokenAction::InvalidClient);
                return Ok(response);
            }
            Err(AuthFailure::InvalidRequest(why)) => {
                return Ok(token_error(
                    rc::TOKEN_INVALID_REQUEST,
                    "invalid_request",
                    why,
                ));
            }
        };
        let grant = match grant_type_from_oauth(&grant_type) {
            Some(GrantType::Implicit) | None => {
                return Ok(token_error(
                    rc::TOKEN_UNSUPPORTED_GRANT,
                    "unsupported_grant_type",
                    "The grant_type is not supported.",
                ));
            }
            Some(grant) => grant,
        };
        if !client.allows(&grant) {
            return Ok(token_error(
                rc::TOKEN_UNAUTHORIZED_CLIENT,
                "unauthorized_client",
                "The client is not allowed to use this grant type.",
            ));
        }
        let sender = match self.token_sender(&mut state, &client, &request, &params) {
            Ok(sender) => sender,
            Err(answer) => return *answer,
        };
        let mut response = match grant {
            GrantType::AuthorizationCode => self.code_grant(&mut state, &client, &params),
            GrantType::RefreshToken => self.refresh_grant(&mut state, &client, &params),
            GrantType::ClientCredentials => {
                self.client_credentials_grant(&mut state, &client, &params)
            }
            GrantType::Password => self.password_grant(&mut state, &client, &params),
            GrantType::TokenExchange if self.is_native_sso_exchange(&params) => {
                self.native_sso_exchange(&mut state, &client, &params)
            }
            GrantType::TokenExchange => self.token_exchange_grant(&state, &client, &params),
            GrantType::JwtBearer => self.jwt_bearer_grant(&client, &params),
            GrantType::Ciba => self.ciba_grant(&mut state, &client, &params),
            _ => self.device_grant(&mut state, &client, &params),
        }?;
        self.token_bind(&mut state, &client, &sender, &mut response);
        self.jwt_access_token(&mut state, &mut response, Operation::Token)?;
        self.mark_reissuable(&state, &mut response);
        self.native_sso_action(&state, &mut response);
        Ok(response)
    }

    fn code_grant(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let now = self.now();
        let Some(code) = params.get("code") else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "code is missing.",
            ));
        };
        let code_key = random::key(code);
        let Some(entry) = state.codes.get(&code_key, now).cloned() else {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The authorization code is unknown or has expired.",
            ));
        };
        if entry.grant.client_id != client.client_id {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The authorization code was issued to another client.",
            ));
        }
        if entry.used {
            for key in &entry.issued {
                state.revoke_refresh(key);
                state.revoke_access(key);
            }
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The authorization code has already been used; the tokens issued with it are revoked.",
            ));
        }
        match params.get("redirect_uri") {
            Some(given) if given != entry.redirect_uri => {
                return Ok(token_error(
                    rc::TOKEN_INVALID_GRANT,
                    "invalid_grant",
                    "redirect_uri does not match the authorization request.",
                ));
            }
            None if entry.redirect_uri_given => {
                return Ok(token_error(
                    rc::TOKEN_INVALID_GRANT,
                    "invalid_grant",
                    "redirect_uri is required because the authorization request had one.",
                ));
            }
            _ => {}
        }
        match (&entry.code_challenge, params.get("code_verifier")) {
            (Some(_), None) => {
                return Ok(token_error(
                    rc::TOKEN_INVALID_GRANT,
                    "invalid_grant",
                    "code_verifier is missing.",
                ));
            }
            (Some((challenge, method)), Some(verifier)) => {
                if !valid_pkce_value(verifier) {
                    return Ok(token_error(
                        rc::TOKEN_INVALID_REQUEST,
                        "invalid_request",
                        "code_verifier is not 43 to 128 unreserved characters.",
                    ));
                }
                let computed = if method == "S256" {
                    use base64::Engine as _;
                    use sha2::Digest as _;
                    base64::engine::general_purpose::URL_SAFE_NO_PAD
                        .encode(sha2::Sha256::digest(verifier.as_bytes()))
                } else {
                    verifier.to_owned()
                };
                if !bool::from(computed.as_bytes().ct_eq(challenge.as_bytes())) {
                    return Ok(token_error(
                        rc::TOKEN_INVALID_GRANT,
                        "invalid_grant",
                        "code_verifier does not match code_challenge.",
                    ));
                }
            }
            (None, Some(_)) => {
                return Ok(token_error(
                    rc::TOKEN_INVALID_GRANT,
                    "invalid_grant",
                    "code_verifier is given but the authorization request had no code_challenge.",
                ));
            }
            (None, None) => {}
        }
        let grant = match self.token_resources(&entry.grant, params) {
            Ok(grant) => grant,
            Err(answer) => return Ok(*answer),
        };
        let issued = self.issue(
            state,
            &grant,
            client.allows(&GrantType::RefreshToken),
            Operation::Token,
        )?;
        if let Some(stored) = state.codes.get_mut(&code_key, now) {
            stored.used = true;
            stored.issued.push(issued.access_key);
            if let Some((_, key, _)) = &issued.refresh {
                stored.issued.push(*key);
            }
        }
        if let Some((_, key, _)) = &issued.refresh
            && let Some(refresh) = state.refresh.get_mut(key, now)
        {
            refresh.code = Some(code_key);
        }
        let id_token = if grant.scopes.iter().any(|scope| scope == "openid") {
            self.id_token(
                &grant,
                Binding {
                    nonce: entry.nonce.as_deref(),
                    access_token: Some(&issued.access_token),
                    ..Binding::default()
                },
            )
        } else {
            None
        };
        if let Some(action) = &entry.grant_action {
            let claims = match &grant.userinfo_claims {
                Some(Value::Object(part)) => part.keys().cloned().collect(),
                _ => Vec::new(),
            };
            self.apply_grant_action(state, &grant, action, claims, Operation::Token)?;
        }
        let mut response = self.token_ok(
            rc::TOKEN_OK_CODE,
            &grant,
            &issued,
            id_token,
            "AUTHORIZATION_CODE",
        );
        if let Some(grant_id) = &grant.grant_id {
            // Grant Management for OAuth 2.0 §5.3: the token response names the grant.
            with_grant_id(&mut response, grant_id);
        }
        Ok(response)
    }

    fn refresh_grant(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let now = self.now();
        let Some(token) = params.get("refresh_token") else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "refresh_token is missing.",
            ));
        };
        let key = random::key(token);
        let Some(entry) = state.refresh.get(&key, now).cloned() else {
            // RFC 9700 §4.14.2: a rotated refresh token used again means it leaked; the whole
            // grant ends, the newest refresh token and its access tokens included.
            if let Some(family) = state.rotated.get(&key, now).copied() {
                state.revoke_family(&family);
                return Ok(token_error(
                    rc::TOKEN_INVALID_GRANT,
                    "invalid_grant",
                    "The refresh token has already been used; the tokens of its grant are revoked.",
                ));
            }
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The refresh token is unknown, expired or revoked.",
            ));
        };
        if entry.grant.client_id != client.client_id {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The refresh token was issued to another client.",
            ));
        }
        let requested = params.words("scope");
        let mut grant = entry.grant.clone();
        if !requested.is_empty() {
            if let Some(scope) = requested
                .iter()
                .find(|scope| !entry.grant.scopes.contains(scope))
            {
                return Ok(token_error(
                    rc::TOKEN_INVALID_SCOPE,
                    "invalid_scope",
                    &format!("'{scope}' was not granted originally."),
                ));
            }
            grant.scopes = requested;
        }
        let grant = match self.token_resources(&grant, params) {
            Ok(grant) => grant,
            Err(answer) => return Ok(*answer),
        };
        // Rotation: the old refresh token and its access tokens end here; the old token is
        // remembered until it would have expired, to detect its reuse.
        let old_expires = state
            .refresh
            .get_any(&key)
            .map_or(now, |(expires_at, _)| expires_at);
        state.revoke_refresh(&key);
        state
            .rotated
            .insert(key, old_expires, entry.family, now)
            .map_err(|_| capacity(Operation::Token))?;
        let mut issued = self.issue(state, &grant, false, Operation::Token)?;
        // The new refresh token keeps the original grant, so that a later refresh can widen again.
        let refresh_token = random::token();
        let refresh_key = random::key(&refresh_token);
        let refresh_expires = issued.issued_at + Self::millis(self.config.lifetimes.refresh_token);
        state
            .refresh
            .insert(
                refresh_key,
                refresh_expires,
                RefreshEntry {
                    grant: entry.grant.clone(),
                    access: vec![issued.access_key],
                    code: entry.code,
                    binding: entry.binding.clone(),
                    family: entry.family,
                },
                now,
            )
            .map_err(|_| capacity(Operation::Token))?;
        // A later replay of the code must reach the rotated tokens as well.
        if let Some(code) = &entry.code
            && let Some(stored) = state.codes.get_mut(code, now)
        {
            stored.issued.push(issued.access_key);
            stored.issued.push(refresh_key);
        }
        if let Some(access) = state.access.get_mut(&issued.access_key, now) {
            access.refresh = Some(refresh_key);
        }
        issued.refresh = Some((refresh_token, refresh_key, refresh_expires));
        let id_token = if grant.scopes.iter().any(|scope| scope == "openid") {
            self.id_token(
                &grant,
                Binding {
                    access_token: Some(&issued.access_token),
                    ..Binding::default()
                },
            )
        } else {
            None
        };
        Ok(self.token_ok(
            rc::TOKEN_OK_REFRESH,
            &grant,
            &issued,
            id_token,
            "REFRESH_TOKEN",
        ))
    }

    fn client_credentials_grant(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        if client.is_public() {
            return Ok(token_error(
                rc::TOKEN_UNAUTHORIZED_CLIENT,
                "unauthorized_client",
                "A public client cannot use client_credentials.",
            ));
        }
        let scopes = client.administration.requestable(params.words("scope"));
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Ok(token_error(
                rc::TOKEN_INVALID_SCOPE,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        let grant = Grant {
            client_id: client.client_id,
            scopes,
            grant_type: Some(GrantType::ClientCredentials),
            ..Grant::default()
        };
        let mut grant = match self.token_resources(&grant, params) {
            Ok(grant) => grant,
            Err(answer) => return Ok(*answer),
        };
        grant.resources = grant.token_resources.clone();
        let issued = self.issue(state, &grant, false, Operation::Token)?;
        Ok(self.token_ok(
            rc::TOKEN_OK_CLIENT_CREDENTIALS,
            &grant,
            &issued,
            None,
            "CLIENT_CREDENTIALS",
        ))
    }

    fn password_grant(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let (Some(username), Some(password)) = (params.get("username"), params.get("password"))
        else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "username and password are required.",
            ));
        };
        let scopes = client.administration.requestable(params.words("scope"));
        if let Some(scope) = self.unknown_scope(&scopes) {
            return Ok(token_error(
                rc::TOKEN_INVALID_SCOPE,
                "invalid_scope",
                &format!("'{scope}' is not supported."),
            ));
        }
        let resources = match self.token_resources(&Grant::default(), params) {
            Ok(grant) => grant.token_resources,
            Err(answer) => return Ok(*answer),
        };
        let now = self.now();
        let ticket = random::token();
        state
            .password_tickets
            .insert(
                random::key(&ticket),
                now + Self::millis(self.config.lifetimes.ticket),
                PasswordTicket {
                    client_id: client.client_id,
                    scopes: scopes.clone(),
                    resources,
                    binding: SenderBinding::default(),
                },
                now,
            )
            .map_err(|_| capacity(Operation::Token))?;
        let (result_code, result_message) = rc::TOKEN_PASSWORD.pair();
        Ok({
            let mut value = TokenResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(TokenAction::Password);
            value.username = Some(username.to_owned());
            value.password = Some(password.to_owned());
            value.ticket = Some(ticket);
            value.client_id = Some(client.client_id);
            value.scopes = Some(scopes);
            value.grant_type = Some("PASSWORD".into());
            value
        })
    }

    fn device_grant(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let now = self.now();
        let Some(device_code) = params.get("device_code") else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "device_code is missing.",
            ));
        };
        let key = random::key(device_code);
        let Some((expires_at, entry)) = state
            .devices
            .get_any(&key)
            .map(|(at, entry)| (at, entry.clone()))
        else {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The device code is unknown.",
            ));
        };
        if entry.client_id != client.client_id {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The device code was issued to another client.",
            ));
        }
        if expires_at <= now {
            return Ok(token_error(
                rc::TOKEN_EXPIRED,
                "expired_token",
                "The device code has expired.",
            ));
        }
        match entry.status {
            DeviceStatus::Pending => {
                let stored = state
                    .devices
                    .get_mut(&key, now)
                    .expect("checked live above");
                let too_fast = stored
                    .last_poll
                    .is_some_and(|last| now - last < stored.interval_ms);
                stored.last_poll = Some(now);
                if too_fast {
                    stored.interval_ms += 5_000;
                    Ok(token_error(
                        rc::TOKEN_SLOW_DOWN,
                        "slow_down",
                        "Poll less often.",
                    ))
                } else {
                    Ok(token_error(
                        rc::TOKEN_PENDING,
                        "authorization_pending",
                        "The end-user has not decided yet.",
                    ))
                }
            }
            DeviceStatus::Denied | DeviceStatus::Failed => {
                state.devices.remove(&key);
                state
                    .user_codes
                    .remove(&random::key(&random::normalise_user_code(&entry.user_code)));
                Ok(token_error(
                    rc::TOKEN_DENIED,
                    "access_denied",
                    "The end-user denied the request.",
                ))
            }
            DeviceStatus::Authorized(grant) => {
                let grant = match self.token_resources(&grant, params) {
                    Ok(grant) => grant,
                    Err(answer) => return Ok(*answer),
                };
                state.devices.remove(&key);
                state
                    .user_codes
                    .remove(&random::key(&random::normalise_user_code(&entry.user_code)));
                let issued = self.issue(
                    state,
                    &grant,
                    client.allows(&GrantType::RefreshToken),
                    Operation::Token,
                )?;
                let id_token = if grant.scopes.iter().any(|scope| scope == "openid") {
                    self.id_token(
                        &grant,
                        Binding {
                            access_token: Some(&issued.access_token),
                            ..Binding::default()
                        },
                    )
                } else {
                    None
                };
                Ok(self.token_ok(
                    rc::TOKEN_OK_DEVICE,
                    &grant,
                    &issued,
                    id_token,
                    "DEVICE_CODE",
                ))
            }
        }
    }

    fn ciba_grant(
        &self,
        state: &mut State,
        client: &LiveClient,
        params: &Params,
    ) -> Result<TokenResponse, ApiError> {
        let now = self.now();
        let Some(auth_req_id) = params.get("auth_req_id") else {
            return Ok(token_error(
                rc::TOKEN_INVALID_REQUEST,
                "invalid_request",
                "auth_req_id is missing.",
            ));
        };
        let Some((expires_at, ticket_key)) = state
            .auth_req_ids
            .get_any(&random::key(auth_req_id))
            .map(|(at, key)| (at, *key))
        else {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The auth_req_id is unknown.",
            ));
        };
        if expires_at <= now {
            return Ok(token_error(
                rc::TOKEN_EXPIRED,
                "expired_token",
                "The auth_req_id has expired.",
            ));
        }
        let Some(entry) = state.ciba.get_mut(&ticket_key, now) else {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The auth_req_id is unknown.",
            ));
        };
        if entry.client_id != client.client_id {
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "invalid_grant",
                "The auth_req_id was issued to another client.",
            ));
        }
        if entry.delivery_mode == DeliveryMode::Push {
            // CIBA Core §10.3.1: a push-mode client gets its tokens in the notification.
            return Ok(token_error(
                rc::TOKEN_INVALID_GRANT,
                "unauthorized_client",
                "A push-mode client does not poll the token endpoint.",
            ));
        }
        let status = entry.status.clone();
        if let DeviceStatus::Pending = status {
            let too_fast = entry
                .last_poll
                .is_some_and(|last| now - last < entry.interval_ms);
            entry.last_poll = Some(now);
            return Ok(if too_fast {
                entry.interval_ms += 5_000;
                token_error(rc::TOKEN_SLOW_DOWN, "slow_down", "Poll less often.")
            } else {
                token_error(
                    rc::TOKEN_PENDING,
                    "authorization_pending",
                    "The end-user has not decided yet.",
                )
            });
        }
        state.ciba.remove(&ticket_key);
        state.auth_req_ids.remove(&random::key(auth_req_id));
        match status {
            DeviceStatus::Authorized(grant) => {
                let issued = self.issue(
                    state,
                    &grant,
                    client.allows(&GrantType::RefreshToken),
                    Operation::Token,
                )?;
                let id_token = self.id_token(
                    &grant,
                    Binding {
                        access_token: Some(&issued.access_token),
                        ..Binding::default()
                    },
                );
                Ok(self.token_ok(rc::TOKEN_OK_CIBA, &grant, &issued, id_token, "CIBA"))
            }
            _ => Ok(token_error(
                rc::TOKEN_DENIED,
                "access_denied",
                "The end-user denied the request.",
            )),
        }
    }

    pub(crate) fn token_ok(
        &self,
        code: ResultCode,
        grant: &Grant,
        issued: &Issued,
        id_token: Option<String>,
        grant_type: &str,
    ) -> TokenResponse {
        let now = issued.issued_at;
        let expires_in = ((issued.access_expires_at - now) / 1000).max(0);
        let content = token_json(
            &issued.access_token,
            expires_in,
            issued.refresh.as_ref().map(|(token, _, _)| token.as_str()),
            &grant.scopes,
            id_token.as_deref(),
        );
        let (result_code, result_message) = code.pair();
        {
            let mut value = TokenResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(TokenAction::Ok);
            value.response_content = Some(content);
            value.access_token = Some(issued.access_token.clone());
            value.access_token_expires_at = Some(issued.access_expires_at);
            value.access_token_duration = Some(expires_in);
            value.refresh_token = issued.refresh.as_ref().map(|(token, _, _)| token.clone());
            value.refresh_token_expires_at = issued.refresh.as_ref().map(|(_, _, at)| *at);
            value.refresh_token_duration = issued
                .refresh
                .as_ref()
                .map(|(_, _, at)| ((at - now) / 1000).max(0));
            value.id_token = id_token;
            value.grant_type = Some(grant_type.to_owned());
            value.client_id = Some(grant.client_id);
            value.subject = grant.subject.clone();
            value.scopes = Some(grant.scopes.clone());
            value.properties = (!grant.properties.is_empty()).then(|| grant.properties.clone());
            value.refresh_token_scopes = issued.refresh.as_ref().map(|_| grant.scopes.clone());
            value.resources = (!grant.resources.is_empty()).then(|| grant.resources.clone());
            value.access_token_resources =
                (!grant.token_resources.is_empty()).then(|| grant.token_resources.clone());
            value
        }
    }

    /// `/auth/token/issue`.
    pub(crate) fn token_issue(
        &self,
        request: TokenIssueRequest,
    ) -> Result<TokenIssueResponse, ApiError> {
        let now = self.now();
        let mut state = self.lock();
        let Some(ticket) = state
            .password_tickets
            .take(&random::key(&request.ticket), now)
        else {
            let (result_code, result_message) = rc::TOKEN_TICKET_UNKNOWN.pair();
            return Ok({
                let mut value = TokenIssueResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(TokenIssueAction::InternalServerError);
                value.response_content =
                    Some(oauth_error("server_error", rc::TOKEN_TICKET_UNKNOWN, None));
                value
            });
        };
        if request.subject.is_empty() {
            let (result_code, result_message) = rc::API_MISSING_PARAMETER.pair();
            return Ok({
                let mut value = TokenIssueResponse::default();
                value.result_code = result_code;
                value.result_message = result_message;
                value.action = Some(TokenIssueAction::InternalServerError);
                value.response_content = Some(oauth_error(
                    "server_error",
                    rc::API_MISSING_PARAMETER,
                    Some("subject is missing."),
                ));
                value
            });
        }
        let client = state.clients.get(&ticket.client_id).cloned();
        let with_refresh = client
            .as_ref()
            .is_some_and(|client| client.allows(&GrantType::RefreshToken));
        let grant = Grant {
            client_id: ticket.client_id,
            subject: Some(request.subject.clone()),
            scopes: ticket.scopes.clone(),
            properties: request.properties.clone().unwrap_or_default(),
            auth_time: Some(now / 1000),
            grant_type: Some(GrantType::Password),
            resources: ticket.resources.clone(),
            token_resources: ticket.resources.clone(),
            ..Grant::default()
        };
        let issued = self.issue(&mut state, &grant, with_refresh, Operation::TokenIssue)?;
        let id_token = if grant.scopes.iter().any(|scope| scope == "openid") {
            self.id_token(
                &grant,
                Binding {
                    access_token: Some(&issued.access_token),
                    ..Binding::default()
                },
            )
        } else {
            None
        };
        let mut ok = self.token_ok(rc::TOKEN_ISSUE_OK, &grant, &issued, id_token, "PASSWORD");
        let public = client.as_ref().is_some_and(LiveClient::is_public);
        self.apply_binding(&mut state, public, &ticket.binding, &mut ok);
        self.jwt_access_token(&mut state, &mut ok, Operation::TokenIssue)?;
        Ok({
            let mut value = TokenIssueResponse::default();
            value.result_code = ok.result_code;
            value.result_message = ok.result_message;
            value.action = Some(TokenIssueAction::Ok);
            value.response_content = ok.response_content;
            value.access_token = ok.access_token;
            value.jwt_access_token = ok.jwt_access_token;
            value.access_token_expires_at = ok.access_token_expires_at;
            value.access_token_duration = ok.access_token_duration;
            value.refresh_token = ok.refresh_token;
            value.refresh_token_expires_at = ok.refresh_token_expires_at;
            value.refresh_token_duration = ok.refresh_token_duration;
            value.client_id = ok.client_id;
            value.subject = ok.subject;
            value.scopes = ok.scopes;
            value.properties = ok.properties;
            value.refresh_token_scopes = ok.refresh_token_scopes;
            value
        })
    }

    /// `/auth/token/fail`.
    pub(crate) fn token_fail(
        &self,
        request: TokenFailRequest,
    ) -> Result<TokenFailResponse, ApiError> {
        let now = self.now();
        let mut state = self.lock();
        let found = state
            .password_tickets
            .take(&random::key(&request.ticket), now)
            .is_some();
        let (action, content, code) = match (&request.reason, found) {
            (_, false) => (
                TokenFailAction::InternalServerError,
                oauth_error("server_error", rc::TOKEN_TICKET_UNKNOWN, None),
                rc::TOKEN_TICKET_UNKNOWN,
            ),
            (Some(TokenFailReason::InvalidResourceOwnerCredentials), true) => (
                TokenFailAction::BadRequest,
                oauth_error("invalid_grant", rc::TOKEN_FAIL_CREDENTIALS, None),
                rc::TOKEN_FAIL_CREDENTIALS,
            ),
            (Some(TokenFailReason::InvalidTarget), true) => (
                TokenFailAction::BadRequest,
                oauth_error(
                    "invalid_target",
                    rc::TOKEN_FAIL_OTHER,
                    Some("The resource is not valid."),
                ),
                rc::TOKEN_FAIL_OTHER,
            ),
            (_, true) => (
                TokenFailAction::InternalServerError,
                oauth_error("server_error", rc::TOKEN_FAIL_OTHER, None),
                rc::TOKEN_FAIL_OTHER,
            ),
        };
        let (result_code, result_message) = code.pair();
        Ok({
            let mut value = TokenFailResponse::default();
            value.result_code = result_code;
            value.result_message = result_message;
            value.action = Some(action);
            value.response_content = Some(content);
            value
        })
    }
}

/// The RFC 6749 §5.1 JSON.
pub(crate) fn token_json(
    access_token: &str,
    expires_in: i64,
    refresh_token: Option<&str>,
    scopes: &[String],
    id_token: Option<&str>,
) -> String {
    let mut body = Map::new();
    body.insert("access_token".into(), Value::from(access_token));
    body.insert("token_type".into(), Value::from("Bearer"));
    body.insert("expires_in".into(), Value::from(expires_in));
    if !scopes.is_empty() {
        body.insert("scope".into(), Value::from(scopes.join(" ")));
    }
    if let Some(refresh) = refresh_token {
        body.insert("refresh_token".into(), Value::from(refresh));
    }
    if let Some(id_token) = id_token {
        body.insert("id_token".into(), Value::from(id_token));
    }
    Value::Object(body).to_string()
}

/// Adds `grant_id` to a token answer: `grantId`, and `grant_id` in the JSON for the client.
fn with_grant_id(response: &mut TokenResponse, grant_id: &str) {
    response.grant_id = Some(grant_id.to_owned());
    if let Some(content) = &response.response_content
        && let Ok(Value::Object(mut body)) = serde_json::from_str::<Value>(content)
    {
        body.insert("grant_id".into(), Value::from(grant_id));
        response.response_content = Some(Value::Object(body).to_string());
    }
}

/// A `BAD_REQUEST` answer with the RFC 6749 §5.2 JSON.
pub(crate) fn token_error(code: ResultCode, error: &str, detail: &str) -> TokenResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = TokenResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(TokenAction::BadRequest);
        value.response_content = Some(oauth_error(error, code, Some(detail)));
        value
    }
}

/// RFC 7636 §4.1: 43 to 128 characters of `[A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"`.
pub(crate) fn valid_pkce_value(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~".contains(&byte))
}
