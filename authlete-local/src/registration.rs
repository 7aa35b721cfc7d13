//! Dynamic client registration (RFC 7591) and management (RFC 7592), and `/client/get`.

use http::StatusCode;
use serde_json::{Map, Value};
use subtle::ConstantTimeEq;

use super::client_auth::TokenAuthMethod;
use super::clients::{
    DynamicRegistration, LiveClient, grant_type_from_oauth, normalise_response_type,
};
use super::engine::{Engine, api_error, capacity};
use super::params::oauth_error;
use super::random;
use super::result_codes::{self as rc, ResultCode};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::config::Secret;
use authlete_tower::dto::*;
use authlete_tower::handler::redirect_uri;

fn answer(
    action: ClientRegistrationAction,
    code: ResultCode,
    content: Option<String>,
    client: Option<Client>,
) -> ClientRegistrationResponse {
    let (result_code, result_message) = code.pair();
    {
        let mut value = ClientRegistrationResponse::default();
        value.result_code = result_code;
        value.result_message = result_message;
        value.action = Some(action);
        value.response_content = content;
        value.client = client;
        value
    }
}

fn bad(error: &str, detail: &str) -> ClientRegistrationResponse {
    answer(
        ClientRegistrationAction::BadRequest,
        rc::REGISTRATION_BAD,
        Some(oauth_error(error, rc::REGISTRATION_BAD, Some(detail))),
        None,
    )
}

fn rejection(error: &str, detail: &str) -> Box<ClientRegistrationResponse> {
    Box::new(bad(error, detail))
}

/// Removes what only the server sets (RFC 7591 §3.2.1), so that a client cannot choose it.
fn strip_server_fields(metadata: &mut Map<String, Value>) {
    for field in [
        "client_id",
        "client_secret",
        "registration_access_token",
        "registration_client_uri",
        "client_id_issued_at",
        "client_secret_expires_at",
    ] {
        metadata.remove(field);
    }
}

fn unauthorized() -> ClientRegistrationResponse {
    answer(
        ClientRegistrationAction::Unauthorized,
        rc::REGISTRATION_UNAUTHORIZED,
        Some(oauth_error(
            "invalid_token",
            rc::REGISTRATION_UNAUTHORIZED,
            None,
        )),
        None,
    )
}

fn strings(
    metadata: &Map<String, Value>,
    name: &str,
) -> Result<Option<Vec<String>>, Box<ClientRegistrationResponse>> {
    match metadata.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(values)) => values
            .iter()
            .map(|value| {
                value.as_str().map(str::to_owned).ok_or_else(|| {
                    rejection(
                        "invalid_client_metadata",
                        &format!("{name} must be an array of strings."),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(rejection(
            "invalid_client_metadata",
            &format!("{name} must be an array of strings."),
        )),
    }
}

/// Builds a client from RFC 7591 metadata. `existing` keeps the ID, secret and token on update.
pub(crate) fn client_from_metadata(
    metadata: Map<String, Value>,
    client_id: i64,
    now: i64,
    existing: Option<&LiveClient>,
) -> Result<LiveClient, Box<ClientRegistrationResponse>> {
    let grant_names =
        strings(&metadata, "grant_types")?.unwrap_or_else(|| vec!["authorization_code".into()]);
    let mut grant_types = Vec::new();
    for name in &grant_names {
        grant_types.push(grant_type_from_oauth(name).ok_or_else(|| {
            rejection(
                "invalid_client_metadata",
                &format!("grant type '{name}' is not supported."),
            )
        })?);
    }
    let response_types: Vec<String> = strings(&metadata, "response_types")?
        .unwrap_or_else(|| vec!["code".into()])
        .iter()
        .map(|value| normalise_response_type(value))
        .collect();
    let redirect_uris = strings(&metadata, "redirect_uris")?.unwrap_or_default();
    let needs_redirect = grant_types
        .iter()
        .any(|grant| matches!(grant, GrantType::AuthorizationCode | GrantType::Implicit));
    if needs_redirect && redirect_uris.is_empty() {
        return Err(rejection(
            "invalid_redirect_uri",
            "redirect_uris is required for authorization_code and implicit.",
        ));
    }
    if let Err(error) = redirect_uri::check_metadata(&Value::Object(metadata.clone())) {
        let code = match error {
            redirect_uri::RedirectUriError::Metadata => "invalid_client_metadata",
            _ => "invalid_redirect_uri",
        };
        return Err(rejection(code, &format!("{error}.")));
    }
    let method = match metadata.get("token_endpoint_auth_method") {
        None | Some(Value::Null) => "client_secret_basic",
        Some(Value::String(method)) => method.as_str(),
        Some(_) => {
            return Err(rejection(
                "invalid_client_metadata",
                "token_endpoint_auth_method must be a string.",
            ));
        }
    };
    // What each method needs besides its name (RFC 7591 §2, RFC 8705 §2).
    match method {
        "none" => {}
        "client_secret_basic" | "client_secret_post" | "client_secret_jwt" => {}
        "private_key_jwt"
            if metadata
                .get("jwks")
                .is_some_and(|jwks| jwks["keys"].is_array()) => {}
        "tls_client_auth"
            if metadata
                .get("tls_client_auth_subject_dn")
                .is_some_and(Value::is_string) => {}
        "self_signed_tls_client_auth"
            if metadata
                .get("jwks")
                .is_some_and(|jwks| jwks["keys"].is_array()) => {}
        "tls_client_auth" | "self_signed_tls_client_auth" => {
            return Err(rejection(
                "invalid_client_metadata",
                "tls_client_auth needs tls_client_auth_subject_dn; self_signed_tls_client_auth needs a jwks.",
            ));
        }
        "private_key_jwt" => {
            return Err(rejection(
                "invalid_client_metadata",
                "private_key_jwt needs a jwks with keys.",
            ));
        }
        other => {
            return Err(rejection(
                "invalid_client_metadata",
                &format!("token_endpoint_auth_method '{other}' is not supported."),
            ));
        }
    }
    let Some(method) = TokenAuthMethod::from_name(method) else {
        return Err(rejection(
            "invalid_client_metadata",
            &format!("token_endpoint_auth_method '{method}' is not supported."),
        ));
    };
    let ciba = super::backchannel::delivery(
        metadata
            .get("backchannel_token_delivery_mode")
            .and_then(Value::as_str),
        metadata
            .get("backchannel_client_notification_endpoint")
            .and_then(Value::as_str),
    )
    .map_err(|reason| rejection("invalid_client_metadata", &reason))?;
    let public = method == TokenAuthMethod::None;
    let secret = if public {
        None
    } else {
        Some(
            existing
                .and_then(|client| client.secret.clone())
                .unwrap_or_else(|| Secret::new(random::token())),
        )
    };
    let name = match metadata.get("client_name") {
        Some(Value::String(name)) => name.clone(),
        _ => format!("Client {client_id}"),
    };
    let logo_uri = metadata
        .get("logo_uri")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Ok(LiveClient {
        client_id,
        secret,
        name,
        logo_uri,
        grant_types,
        response_types,
        redirect_uris,
        pkce_required: public,
        cert_bound: metadata
            .get("tls_client_certificate_bound_access_tokens")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        registered_auth_method: metadata
            .get("token_endpoint_auth_method")
            .and_then(Value::as_str)
            .filter(|method| {
                matches!(
                    *method,
                    "client_secret_jwt"
                        | "private_key_jwt"
                        | "tls_client_auth"
                        | "self_signed_tls_client_auth"
                )
            })
            .map(str::to_owned),
        jwks: metadata.get("jwks").cloned(),
        tls_subject_dn: metadata
            .get("tls_client_auth_subject_dn")
            .and_then(Value::as_str)
            .map(str::to_owned),
        pkce_s256_required: false,
        token_auth_method: Some(method),
        dynamic: existing.and_then(|client| client.dynamic.clone()),
        metadata: Some(metadata),
        created_at: existing.map_or(now, |client| client.created_at),
        administration: existing
            .map(|client| client.administration.clone())
            .unwrap_or_default(),
        ciba,
    })
}

impl Engine {
    /// The RFC 7591 §3.2.1 JSON for a client.
    fn registration_json(&self, client: &LiveClient, registration_token: &str) -> String {
        let mut body = client.metadata.clone().unwrap_or_default();
        body.insert(
            "client_id".into(),
            Value::from(client.client_id.to_string()),
        );
        if let Some(secret) = &client.secret {
            body.insert("client_secret".into(), Value::from(secret.expose()));
            body.insert("client_secret_expires_at".into(), Value::from(0));
        }
        body.insert(
            "client_id_issued_at".into(),
            Value::from(client.created_at / 1000),
        );
        body.insert("client_name".into(), Value::from(client.name.clone()));
        body.insert(
            "grant_types".into(),
            Value::from(
                client
                    .grant_types
                    .iter()
                    .map(super::clients::grant_type_to_oauth)
                    .collect::<Vec<_>>(),
            ),
        );
        body.insert(
            "response_types".into(),
            Value::from(client.response_types.clone()),
        );
        body.insert(
            "redirect_uris".into(),
            Value::from(client.redirect_uris.clone()),
        );
        body.insert(
            "token_endpoint_auth_method".into(),
            Value::from(
                match (
                    &client.secret,
                    body.get("token_endpoint_auth_method")
                        .and_then(Value::as_str),
                ) {
                    (None, _) => "none".to_owned(),
                    (Some(_), Some(method)) => method.to_owned(),
                    (Some(_), None) => "client_secret_basic".to_owned(),
                },
            ),
        );
        body.insert(
            "registration_access_token".into(),
            Value::from(registration_token),
        );
        body.insert(
            "registration_client_uri".into(),
            Value::from(format!(
                "{}/{}",
                self.config.endpoints.registration, client.client_id
            )),
        );
        Value::Object(body).to_string()
    }

    fn parse_metadata(
        json: Option<&str>,
    ) -> Result<Map<String, Value>, Box<ClientRegistrationResponse>> {
        match json.map(serde_json::from_str::<Value>) {
            Some(Ok(Value::Object(metadata))) => Ok(metadata),
            _ => Err(rejection(
                "invalid_client_metadata",
                "The client metadata is not a JSON object.",
            )),
        }
    }

    /// The dynamically registered client a registration access token is for.
    fn authorised_client(&self, request: &ClientRegistrationRequest) -> Option<LiveClient> {
        let token = request.token.as_deref().filter(|token| !token.is_empty())?;
        let id = request.client_id.as_deref()?.parse::<i64>().ok()?;
        let state = self.lock();
        let client = state.clients.get(&id)?;
        let hash = random::key(token);
        let dynamic = client.dynamic.as_ref()?;
        bool::from(dynamic.registration_token_hash.ct_eq(&hash)).then(|| client.clone())
    }

    /// Whether the registration request may register a client: open registration, or one of
    /// the initial access tokens (compared in constant time).
    fn registration_allowed(&self, request: &ClientRegistrationRequest) -> bool {
        let registration = &self.config.registration;
        if registration.open {
            return true;
        }
        let Some(token) = request.token.as_deref().filter(|token| !token.is_empty()) else {
            return false;
        };
        let hash = random::key(token);
        registration
            .initial_access_tokens
            .iter()
            .fold(false, |found, known| {
                found | bool::from(random::key(known.expose()).ct_eq(&hash))
            })
    }

    /// `/client/registration`.
    pub(crate) fn client_registration(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        if !self.registration_allowed(&request) {
            return Ok(answer(
                ClientRegistrationAction::Unauthorized,
                rc::REGISTRATION_INITIAL_TOKEN,
                Some(oauth_error(
                    "invalid_token",
                    rc::REGISTRATION_INITIAL_TOKEN,
                    None,
                )),
                None,
            ));
        }
        let metadata = match Self::parse_metadata(request.json.as_deref()) {
            Ok(metadata) => metadata,
            Err(response) => return Ok(*response),
        };
        let now = self.now();
        let mut state = self.lock();
        if state.clients.len() >= self.config.limits.max_clients {
            return Err(capacity(Operation::ClientRegistration));
        }
        let client_id = state.next_client_id;
        let mut metadata = metadata;
        strip_server_fields(&mut metadata);
        let mut client = match client_from_metadata(metadata, client_id, now, None) {
            Ok(client) => client,
            Err(response) => return Ok(*response),
        };
        let token = random::token();
        client.dynamic = Some(DynamicRegistration {
            registration_token_hash: random::key(&token),
        });
        state.next_client_id += 1;
        let content = self.registration_json(&client, &token);
        let dto = client.dto(self.service_number());
        state.clients.insert(client_id, client);
        Ok(answer(
            ClientRegistrationAction::Created,
            rc::REGISTRATION_CREATED,
            Some(content),
            Some(dto),
        ))
    }

    /// `/client/registration/get`.
    pub(crate) fn client_registration_get(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        let Some(client) = self.authorised_client(&request) else {
            return Ok(unauthorized());
        };
        let token = request.token.as_deref().unwrap_or_default();
        let content = self.registration_json(&client, token);
        Ok(answer(
            ClientRegistrationAction::Ok,
            rc::REGISTRATION_OK,
            Some(content),
            Some(client.dto(self.service_number())),
        ))
    }

    /// `/client/registration/update`.
    pub(crate) fn client_registration_update(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        let Some(existing) = self.authorised_client(&request) else {
            return Ok(unauthorized());
        };
        let metadata = match Self::parse_metadata(request.json.as_deref()) {
            Ok(metadata) => metadata,
            Err(response) => return Ok(*response),
        };
        if metadata
            .get("client_id")
            .and_then(Value::as_str)
            .is_some_and(|id| id != existing.client_id.to_string())
        {
            return Ok(bad(
                "invalid_request",
                "client_id in the metadata differs from the client being updated.",
            ));
        }
        if let (Some(given), Some(secret)) = (
            metadata.get("client_secret").and_then(Value::as_str),
            &existing.secret,
        ) && !bool::from(given.as_bytes().ct_eq(secret.expose().as_bytes()))
        {
            return Ok(bad(
                "invalid_request",
                "client_secret in the metadata is not the client's secret.",
            ));
        }
        let mut metadata = metadata;
        strip_server_fields(&mut metadata);
        let client =
            match client_from_metadata(metadata, existing.client_id, self.now(), Some(&existing)) {
                Ok(client) => client,
                Err(response) => return Ok(*response),
            };
        let token = request.token.as_deref().unwrap_or_default();
        let content = self.registration_json(&client, token);
        let dto = client.dto(self.service_number());
        self.lock().clients.insert(client.client_id, client);
        Ok(answer(
            ClientRegistrationAction::Updated,
            rc::REGISTRATION_UPDATED,
            Some(content),
            Some(dto),
        ))
    }

    /// `/client/registration/delete`.
    pub(crate) fn client_registration_delete(
        &self,
        request: ClientRegistrationRequest,
    ) -> Result<ClientRegistrationResponse, ApiError> {
        let Some(client) = self.authorised_client(&request) else {
            return Ok(unauthorized());
        };
        let mut state = self.lock();
        state.clients.remove(&client.client_id);
        let id = client.client_id;
        state.access.retain(|entry| entry.grant.client_id != id);
        state.refresh.retain(|entry| entry.grant.client_id != id);
        state.codes.retain(|entry| entry.grant.client_id != id);
        state.tickets.retain(|ticket| ticket.client_id != id);
        Ok(answer(
            ClientRegistrationAction::Deleted,
            rc::REGISTRATION_DELETED,
            None,
            None,
        ))
    }

    /// `/client/get/{clientId}`.
    pub(crate) fn client_get(&self, client_id: &str) -> Result<Client, ApiError> {
        let state = self.lock();
        client_id
            .parse::<i64>()
            .ok()
            .and_then(|id| state.clients.get(&id))
            .map(|client| client.dto(self.service_number()))
            .ok_or_else(|| {
                api_error(
                    Operation::ClientGet,
                    StatusCode::NOT_FOUND,
                    rc::CLIENT_NOT_FOUND,
                    None,
                )
            })
    }
}
