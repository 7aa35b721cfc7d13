//! Client management: `/client/create`, `/client/delete/{clientId}` and
//! `/client/secret/refresh/{clientIdentifier}`. A client created here is
//! held like a configured one, so it authenticates at the token endpoint at once.
//!
//! ```text
//! POST /api/1000/client/create
//! {"clientName":"Reports","clientType":"CONFIDENTIAL","grantTypes":["CLIENT_CREDENTIALS"]}
//! 201 {"clientId":10001,"clientSecret":"…","clientName":"Reports","clientType":"CONFIDENTIAL",…}
//! ```
//!
//! Authlete assigns the client ID and, for a confidential client, a new secret (from the
//! operating system's random generator); given ones are ignored. The metadata is checked as at
//! dynamic registration (grant types, redirect URIs, the authentication method's needs).

use http::StatusCode;
use serde_json::{Map, Value};

use super::clients::grant_type_to_oauth;
use super::engine::{Engine, api_error, capacity};
use super::random;
use super::registration::client_from_metadata;
use super::result_codes as rc;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::config::Secret;
use authlete_tower::dto::*;

/// The OAuth name of one of Authlete's response types.
fn response_type_name(value: &ResponseType) -> Option<&'static str> {
    Some(match value {
        ResponseType::None => "none",
        ResponseType::Code => "code",
        ResponseType::Token => "token",
        ResponseType::IdToken => "id_token",
        ResponseType::CodeToken => "code token",
        ResponseType::CodeIdToken => "code id_token",
        ResponseType::IdTokenToken => "id_token token",
        ResponseType::CodeIdTokenToken => "code id_token token",
        _ => return None,
    })
}

/// The RFC 7591 metadata of a client given in Authlete's form, or what is wrong with it.
pub(crate) fn metadata_of(client: &Client) -> Result<Map<String, Value>, String> {
    let mut metadata = Map::new();
    if let Some(name) = client.client_name.as_ref().filter(|name| !name.is_empty()) {
        metadata.insert("client_name".into(), name.clone().into());
    }
    if let Some(grants) = &client.grant_types {
        let names: Vec<Value> = grants
            .iter()
            .map(|grant| match grant {
                GrantType::Other(name) => Err(format!("grant type '{name}' is not supported.")),
                grant => Ok(grant_type_to_oauth(grant).into()),
            })
            .collect::<Result<_, _>>()?;
        metadata.insert("grant_types".into(), names.into());
    }
    if let Some(types) = &client.response_types {
        let names: Vec<Value> = types
            .iter()
            .map(|value| {
                response_type_name(value)
                    .map(Value::from)
                    .ok_or_else(|| format!("response type '{}' is not supported.", value.as_str()))
            })
            .collect::<Result<_, _>>()?;
        metadata.insert("response_types".into(), names.into());
    }
    if let Some(uris) = &client.redirect_uris {
        metadata.insert("redirect_uris".into(), uris.clone().into());
    }
    if let Some(application_type) = &client.application_type {
        let name = application_type.as_str().to_ascii_lowercase();
        metadata.insert("application_type".into(), name.into());
    }
    let public = client.client_type == Some(ClientType::Public);
    let method = match (&client.token_auth_method, public) {
        (_, true) => Some("none".to_owned()),
        (Some(method), false) => Some(method.as_str().to_ascii_lowercase()),
        (None, false) => None,
    };
    if let Some(method) = method {
        if method == "none" && !public {
            return Err("tokenAuthMethod NONE needs clientType PUBLIC.".to_owned());
        }
        metadata.insert("token_endpoint_auth_method".into(), method.into());
    }
    if let Some(jwks) = client.jwks.as_deref().filter(|jwks| !jwks.is_empty()) {
        let jwks: Value =
            serde_json::from_str(jwks).map_err(|_| "jwks is not a JSON object.".to_owned())?;
        metadata.insert("jwks".into(), jwks);
    }
    if let Some(dn) = &client.tls_client_auth_subject_dn {
        metadata.insert("tls_client_auth_subject_dn".into(), dn.clone().into());
    }
    if let Some(bound) = client.tls_client_certificate_bound_access_tokens {
        metadata.insert(
            "tls_client_certificate_bound_access_tokens".into(),
            bound.into(),
        );
    }
    Ok(metadata)
}

impl Engine {
    /// `/client/create`.
    pub(crate) fn client_create(&self, client: Client) -> Result<Client, ApiError> {
        let operation = Operation::ClientCreate;
        let bad = |detail: &str| {
            api_error(
                operation,
                StatusCode::BAD_REQUEST,
                rc::CLIENT_CREATE_BAD,
                Some(detail),
            )
        };
        let metadata = metadata_of(&client).map_err(|detail| bad(&detail))?;
        let now = self.now();
        let mut state = self.lock();
        if state.clients.len() >= self.config.limits.max_clients {
            return Err(capacity(operation));
        }
        let client_id = state.next_client_id;
        let mut live =
            client_from_metadata(metadata, client_id, now, None).map_err(|rejection| {
                // The registration answer's error_description says what is wrong.
                let description = rejection
                    .response_content
                    .as_deref()
                    .and_then(|content| serde_json::from_str::<Value>(content).ok())
                    .and_then(|content| content["error_description"].as_str().map(str::to_owned))
                    .unwrap_or_else(|| "The client metadata is invalid.".to_owned());
                bad(&description)
            })?;
        state.next_client_id += 1;
        live.administration.developer = client.developer.clone().filter(|d| !d.is_empty());
        let dto = live.dto(self.service_number());
        state.clients.insert(client_id, live);
        Ok(dto)
    }

    /// `/client/delete/{clientId}`: the client and everything issued to it.
    pub(crate) fn client_delete(&self, client_id: &str) -> Result<(), ApiError> {
        let operation = Operation::ClientDelete;
        let mut state = self.lock();
        let id = client_id
            .parse::<i64>()
            .ok()
            .filter(|id| state.clients.contains_key(id))
            .ok_or_else(|| {
                api_error(operation, StatusCode::NOT_FOUND, rc::CLIENT_NOT_FOUND, None)
            })?;
        state.clients.remove(&id);
        state.access.retain(|entry| entry.grant.client_id != id);
        state.refresh.retain(|entry| entry.grant.client_id != id);
        state.codes.retain(|entry| entry.grant.client_id != id);
        state.tickets.retain(|ticket| ticket.client_id != id);
        Ok(())
    }
}

impl Engine {
    /// `/client/secret/refresh/{clientIdentifier}`: a new secret from the random source; the old
    /// one stops working at once.
    pub(crate) fn client_secret_refresh(
        &self,
        identifier: &str,
    ) -> Result<ClientSecretRefreshResponse, ApiError> {
        let operation = Operation::ClientSecretRefresh;
        let mut state = self.lock();
        let Some(client) = identifier
            .parse::<i64>()
            .ok()
            .and_then(|id| state.clients.get_mut(&id))
        else {
            return Err(api_error(
                operation,
                StatusCode::BAD_REQUEST,
                rc::CLIENT_SECRET_UNKNOWN,
                None,
            ));
        };
        let Some(old) = client.secret.take() else {
            return Err(api_error(
                operation,
                StatusCode::BAD_REQUEST,
                rc::CLIENT_SECRET_PUBLIC,
                None,
            ));
        };
        let new = random::token();
        client.secret = Some(Secret::new(new.clone()));
        let (result_code, result_message) = rc::CLIENT_SECRET_REFRESHED.pair();
        let mut response = ClientSecretRefreshResponse::default();
        response.result_code = result_code;
        response.result_message = result_message;
        response.new_client_secret = Some(new);
        response.old_client_secret = Some(old.expose().to_owned());
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authlete_names_become_oauth_metadata() {
        let mut client = Client::default();
        client.client_type = Some(ClientType::Public);
        client.grant_types = Some(vec![GrantType::AuthorizationCode]);
        client.response_types = Some(vec![ResponseType::CodeIdToken]);
        client.application_type = Some(ApplicationType::Native);
        client.token_auth_method = Some(ClientAuthMethod::ClientSecretBasic);
        let metadata = metadata_of(&client).unwrap();
        assert_eq!(
            metadata["grant_types"],
            serde_json::json!(["authorization_code"])
        );
        assert_eq!(
            metadata["response_types"],
            serde_json::json!(["code id_token"])
        );
        assert_eq!(metadata["application_type"], "native");
        // A public client authenticates with nothing, whatever else it says.
        assert_eq!(metadata["token_endpoint_auth_method"], "none");

        client.client_type = Some(ClientType::Confidential);
        client.token_auth_method = Some(ClientAuthMethod::None);
        assert!(metadata_of(&client).unwrap_err().contains("PUBLIC"));
    }
}
