//! JWT access tokens (RFC 9068), as Authlete issues them when the service's `accessTokenSignAlg`
//! is set: the opaque token is minted and stored as usual, then a JWT standing for it is signed
//! (`typ` `at+jwt`, `kid` of the service key) and handed to the client in its place; the API
//! answer carries both (`accessToken`, `jwtAccessToken`), and introspection, revocation and
//! UserInfo accept either.
//!
//! ```toml
//! [service]
//! access_token_sign_alg = "ES256"
//! ```

use serde_json::{Map, Value, json};

use super::LocalError;
use super::config::LocalConfig;
use super::engine::{Engine, capacity};
use super::jws::Jws;
use super::keys::{Keys, half_hash};
use super::random;
use super::store::{AccessEntry, Key, State};
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::{TokenAction, TokenResponse};

/// The header `typ` of a JWT access token (RFC 9068 §2.1).
const TYP: &str = "at+jwt";

/// Refuses an `access_token_signature_key_id` that names no key of the signing algorithm.
pub(crate) fn check_key_id(config: &LocalConfig, keys: &Keys) -> Result<(), LocalError> {
    let Some(kid) = &config.access_token_signature_key_id else {
        return Ok(());
    };
    let Some(alg) = config.access_token_sign_alg.as_deref() else {
        return Err(LocalError::Config {
            reason: "access_token_signature_key_id needs access_token_sign_alg".into(),
        });
    };
    if keys.kid_for(alg) != Some(kid.as_str()) {
        return Err(LocalError::Config {
            reason: format!("access_token_signature_key_id names no {alg} key of the service"),
        });
    }
    Ok(())
}

impl State {
    /// The store key of an access token: the opaque token a JWT access token stands for, or the
    /// token itself.
    pub(crate) fn access_key(&self, token: &str) -> Key {
        let key = random::key(token);
        self.jwt_access
            .get_any(&key)
            .map_or(key, |(_, opaque)| *opaque)
    }
}

impl Engine {
    /// The algorithm the access tokens of `client_id` are signed with, when they are JWTs.
    fn access_token_alg(&self, client_id: i64) -> Option<&str> {
        self.config
            .client(client_id)
            .and_then(|client| client.access_token_sign_alg.as_deref())
            .or(self.config.access_token_sign_alg.as_deref())
    }

    /// Replaces the opaque access token of an `OK` token answer by a JWT when the client's
    /// tokens are JWTs: `jwtAccessToken`, the `access_token` of `responseContent` and the
    /// `at_hash` of its ID token. Call it once the token's sender binding is final.
    pub(crate) fn jwt_access_token(
        &self,
        state: &mut State,
        response: &mut TokenResponse,
        operation: Operation,
    ) -> Result<(), ApiError> {
        if response.action != Some(TokenAction::Ok) {
            return Ok(());
        }
        let (Some(opaque), Some(client_id)) = (&response.access_token, response.client_id) else {
            return Ok(());
        };
        let Some(alg) = self.access_token_alg(client_id) else {
            return Ok(());
        };
        let key = random::key(opaque);
        let Some((expires_at, entry)) = state
            .access
            .get_any(&key)
            .map(|(at, entry)| (at, entry.clone()))
        else {
            return Ok(());
        };
        let jwt = match self
            .keys
            .sign_with(alg, &self.claims(&entry, expires_at), Some(TYP))
        {
            Ok(jwt) => jwt,
            Err(error) => {
                tracing::error!(%error, "the local backend could not sign an access token");
                return Ok(());
            }
        };
        state
            .jwt_access
            .insert(random::key(&jwt), expires_at, key, self.now())
            .map_err(|_| capacity(operation))?;
        if let Some(id_token) = &response.id_token {
            response.id_token = Some(self.rehash(id_token, &jwt));
        }
        if let Some(Ok(Value::Object(mut body))) = response
            .response_content
            .as_deref()
            .map(serde_json::from_str::<Value>)
        {
            body.insert("access_token".into(), Value::from(jwt.as_str()));
            if let Some(id_token) = &response.id_token {
                body.insert("id_token".into(), Value::from(id_token.as_str()));
            }
            response.response_content = Some(Value::Object(body).to_string());
        }
        response.jwt_access_token = Some(jwt);
        Ok(())
    }

    /// The RFC 9068 §2.2 claims of `entry`.
    fn claims(&self, entry: &AccessEntry, expires_at: i64) -> Value {
        let grant = &entry.grant;
        let client_id = grant.client_id.to_string();
        let mut claims = Map::new();
        claims.insert("iss".into(), Value::from(self.config.issuer.as_str()));
        // §2.2: without a resource owner, the subject is the client.
        let subject = grant.subject.clone().unwrap_or_else(|| client_id.clone());
        claims.insert("sub".into(), Value::from(subject));
        // §3: the token's resources (RFC 8707); without a resource indicator, the client.
        let audience = match grant.token_resources.as_slice() {
            [] => Value::from(client_id.as_str()),
            [one] => Value::from(one.as_str()),
            many => Value::from(many.to_vec()),
        };
        claims.insert("aud".into(), audience);
        claims.insert("client_id".into(), Value::from(client_id));
        if !grant.scopes.is_empty() {
            claims.insert("scope".into(), Value::from(grant.scopes.join(" ")));
        }
        claims.insert("jti".into(), Value::from(random::token()));
        claims.insert("iat".into(), Value::from(entry.issued_at / 1000));
        claims.insert("exp".into(), Value::from(expires_at / 1000));
        if let Some(auth_time) = grant.auth_time {
            claims.insert("auth_time".into(), Value::from(auth_time));
        }
        if let Some(acr) = &grant.acr {
            claims.insert("acr".into(), Value::from(acr.as_str()));
        }
        let mut cnf = Map::new();
        if let Some(jkt) = &entry.binding.jkt {
            cnf.insert("jkt".into(), Value::from(jkt.as_str()));
        }
        if let Some(x5t) = &entry.binding.x5t {
            cnf.insert("x5t#S256".into(), Value::from(x5t.as_str()));
        }
        if !cnf.is_empty() {
            claims.insert("cnf".into(), Value::Object(cnf));
        }
        Value::Object(claims)
    }

    /// `id_token` signed again with the `at_hash` of `access_token`.
    fn rehash(&self, id_token: &str, access_token: &str) -> String {
        let Ok(parsed) = Jws::parse(id_token) else {
            return id_token.to_owned();
        };
        if !parsed.payload.contains_key("at_hash") {
            return id_token.to_owned();
        }
        let mut payload = parsed.payload.clone();
        payload.insert("at_hash".into(), json!(half_hash(access_token)));
        let typ = parsed.header.get("typ").and_then(Value::as_str);
        match self.keys.sign(&Value::Object(payload), typ) {
            Ok(signed) => signed,
            Err(error) => {
                tracing::error!(%error, "the local backend could not sign an ID token");
                id_token.to_owned()
            }
        }
    }
}
