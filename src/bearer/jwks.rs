//! The authorization server's signing keys, for the local verification of JWT access tokens:
//! fetched once, kept, and fetched again only for a `kid` they lack, at most once per refresh
//! interval, by one caller while the others wait for its answer.
//!
//! ```ignore
//! let keys = JwksCache::new(JwksSource::Authlete(api), Duration::from_secs(60));
//! match keys.key(Some("kid-1"), Algorithm::RS256).await {
//!     Ok(Some(key)) => { /* verify with key */ }
//!     Ok(None) => { /* unknown kid: refuse the token */ }
//!     Err(error) => { /* no keys at all: 503 */ }
//! }
//! ```

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use jsonwebtoken::jwk::{AlgorithmParameters, Jwk};
use jsonwebtoken::{Algorithm, DecodingKey};
use url::Url;

use crate::api::AuthleteApi;
use crate::dto::ServiceJwksOptions;

/// Where the keys come from.
#[derive(Clone)]
pub(crate) enum JwksSource {
    /// Authlete's `/service/jwks/get`, through the layer's API.
    Authlete(Arc<dyn AuthleteApi>),
    /// A `jwks_uri`, fetched with `GET`.
    Uri(reqwest::Client, Url),
}

/// Why no keys could be had.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum JwksError {
    /// The source did not answer with a JWK Set.
    #[error("the JWK Set could not be fetched: {0}")]
    Fetch(String),
}

/// One usable public key.
pub(crate) struct Key {
    pub(crate) decoding: DecodingKey,
    /// The `alg` the JWK names, if any: the key is then used with that one only.
    alg: Option<Algorithm>,
}

impl Key {
    /// Whether `alg` may be verified with this key: its family fits and its `alg`, if named,
    /// is `alg`.
    fn fits(&self, alg: Algorithm) -> bool {
        self.decoding.family() == alg.family() && self.alg.is_none_or(|named| named == alg)
    }
}

#[derive(Default)]
struct KeySet {
    by_kid: HashMap<String, Arc<Key>>,
    without_kid: Vec<Arc<Key>>,
}

impl KeySet {
    /// The asymmetric signing keys of the JWK Set `jwks`; symmetric (`oct`), encryption and
    /// unreadable keys are left out.
    fn from_jwks(jwks: &serde_json::Value) -> Self {
        let mut set = KeySet::default();
        let keys = jwks.get("keys").and_then(serde_json::Value::as_array);
        for jwk in keys.into_iter().flatten() {
            let Ok(jwk) = serde_json::from_value::<Jwk>(jwk.clone()) else {
                continue;
            };
            if matches!(jwk.algorithm, AlgorithmParameters::OctetKey(_)) {
                continue;
            }
            if jwk
                .common
                .public_key_use
                .as_ref()
                .is_some_and(|usage| *usage != jsonwebtoken::jwk::PublicKeyUse::Signature)
            {
                continue;
            }
            let Ok(decoding) = DecodingKey::from_jwk(&jwk) else {
                continue;
            };
            let alg = jwk
                .common
                .key_algorithm
                .and_then(|alg| alg.to_string().parse::<Algorithm>().ok());
            let key = Arc::new(Key { decoding, alg });
            match &jwk.common.key_id {
                Some(kid) => {
                    set.by_kid.insert(kid.clone(), key);
                }
                None => set.without_kid.push(key),
            }
        }
        set
    }

    fn find(&self, kid: Option<&str>, alg: Algorithm) -> Vec<Arc<Key>> {
        match kid {
            Some(kid) => self
                .by_kid
                .get(kid)
                .filter(|key| key.fits(alg))
                .cloned()
                .into_iter()
                .collect(),
            None => self
                .by_kid
                .values()
                .chain(&self.without_kid)
                .filter(|key| key.fits(alg))
                .cloned()
                .collect(),
        }
    }
}

/// The cached keys. Cheap to share (`Arc`).
pub(crate) struct JwksCache {
    source: JwksSource,
    min_refresh: Duration,
    keys: RwLock<Option<Arc<KeySet>>>,
    /// When the last fetch started; held while a fetch runs, so concurrent ones wait for it.
    last_fetch: tokio::sync::Mutex<Option<Instant>>,
}

impl JwksCache {
    pub(crate) fn new(source: JwksSource, min_refresh: Duration) -> Self {
        JwksCache {
            source,
            min_refresh,
            keys: RwLock::new(None),
            last_fetch: tokio::sync::Mutex::new(None),
        }
    }

    fn current(&self) -> Option<Arc<KeySet>> {
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The keys that may verify `alg` under `kid` (every fitting key when there is no `kid`).
    /// Empty: none, even after the one fetch the refresh interval allowed.
    pub(crate) async fn keys(
        &self,
        kid: Option<&str>,
        alg: Algorithm,
    ) -> Result<Vec<Arc<Key>>, JwksError> {
        if let Some(set) = self.current() {
            let found = set.find(kid, alg);
            if !found.is_empty() {
                return Ok(found);
            }
        }
        let seen = self.current();
        let mut last_fetch = self.last_fetch.lock().await;
        // Another caller may have fetched while this one waited.
        if let Some(set) = self.current() {
            if !seen.is_some_and(|seen| Arc::ptr_eq(&seen, &set)) {
                return Ok(set.find(kid, alg));
            }
            if last_fetch.is_some_and(|at| at.elapsed() < self.min_refresh) {
                return Ok(Vec::new());
            }
        } else if last_fetch.is_some_and(|at| at.elapsed() < self.min_refresh) {
            return Err(JwksError::Fetch("the last attempt failed".into()));
        }
        *last_fetch = Some(Instant::now());
        let set = match self.fetch().await {
            Ok(jwks) => Arc::new(KeySet::from_jwks(&jwks)),
            Err(error) => {
                tracing::warn!(%error, "could not fetch the authorization server's JWK Set");
                return match self.current() {
                    // The keys held stay; the kid is simply unknown to them.
                    Some(_) => Ok(Vec::new()),
                    None => Err(error),
                };
            }
        };
        *self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(set.clone());
        tracing::debug!(
            keys = set.by_kid.len() + set.without_kid.len(),
            "JWK Set fetched"
        );
        Ok(set.find(kid, alg))
    }

    async fn fetch(&self) -> Result<serde_json::Value, JwksError> {
        let value = match &self.source {
            JwksSource::Authlete(api) => api
                .service_jwks(ServiceJwksOptions::default())
                .await
                .map_err(|error| JwksError::Fetch(error.to_string()))?
                .ok_or_else(|| JwksError::Fetch("the service has no JWK Set".into()))?,
            JwksSource::Uri(client, url) => client
                .get(url.clone())
                .send()
                .await
                .and_then(reqwest::Response::error_for_status)
                .map_err(|error| JwksError::Fetch(error.without_url().to_string()))?
                .json::<serde_json::Value>()
                .await
                .map_err(|error| JwksError::Fetch(error.without_url().to_string()))?,
        };
        if value.get("keys").is_some_and(serde_json::Value::is_array) {
            Ok(value)
        } else {
            Err(JwksError::Fetch("the answer is not a JWK Set".into()))
        }
    }
}
