//! The engine's state: bounded in-memory maps keyed by the SHA-256 of a credential, with sweeping.
//! With a data file, each map also records the keys a call changed, for the
//! [persistent store](super::persist) to write before the call answers.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::clients::LiveClient;
use super::tickets::TicketStore;
use authlete_tower::dto::{GrantManagementAction, GrantType, Property};

/// The SHA-256 of a credential; maps never hold the credential itself.
pub(crate) type Key = [u8; 32];

/// A map whose entries expire and whose size is bounded.
#[derive(Debug)]
pub(crate) struct Bounded<T> {
    map: HashMap<Key, (i64, T)>,
    limit: usize,
    inserts: u64,
    /// The keys changed since the last [`changes`](Self::changes), when tracked.
    dirty: Option<HashSet<Key>>,
}

/// The map is full of live entries.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Full;

impl<T> Bounded<T> {
    pub fn new(limit: usize) -> Self {
        Bounded {
            map: HashMap::new(),
            limit,
            inserts: 0,
            dirty: None,
        }
    }

    /// Records from now on the keys each change touches.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub fn track(&mut self) {
        self.dirty.get_or_insert_with(HashSet::new);
    }

    fn touch(&mut self, key: &Key) {
        if let Some(dirty) = &mut self.dirty {
            dirty.insert(*key);
        }
    }

    /// Puts back an entry read from the data file: no limit, not recorded as a change.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub fn restore(&mut self, key: Key, expires_at: i64, value: T) {
        self.map.insert(key, (expires_at, value));
    }

    /// The keys changed since the last call, each with its entry (`None`: removed), and forgets
    /// them.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub fn changes(&mut self) -> Vec<(Key, Option<(i64, &T)>)> {
        let Some(dirty) = self.dirty.as_mut().filter(|dirty| !dirty.is_empty()) else {
            return Vec::new();
        };
        let keys = std::mem::take(dirty);
        keys.into_iter()
            .map(|key| {
                let entry = self.map.get(&key).map(|(at, value)| (*at, value));
                (key, entry)
            })
            .collect()
    }

    /// Inserts an entry that expires at `expires_at` (ms). Sweeps expired entries every so often
    /// and whenever the map is full; fails if it is still full.
    pub fn insert(&mut self, key: Key, expires_at: i64, value: T, now: i64) -> Result<(), Full> {
        self.inserts += 1;
        if self.inserts.is_multiple_of(1024) || self.map.len() >= self.limit {
            self.sweep(now);
        }
        if self.map.len() >= self.limit && !self.map.contains_key(&key) {
            return Err(Full);
        }
        self.map.insert(key, (expires_at, value));
        self.touch(&key);
        Ok(())
    }

    /// Removes every expired entry.
    pub fn sweep(&mut self, now: i64) {
        let dirty = &mut self.dirty;
        self.map.retain(|key, (expires_at, _)| {
            let live = *expires_at > now;
            if !live && let Some(dirty) = dirty {
                dirty.insert(*key);
            }
            live
        });
    }

    /// A live entry.
    pub fn get(&self, key: &Key, now: i64) -> Option<&T> {
        self.map
            .get(key)
            .filter(|(at, _)| *at > now)
            .map(|(_, value)| value)
    }

    /// A live entry, mutable.
    pub fn get_mut(&mut self, key: &Key, now: i64) -> Option<&mut T> {
        if self.get(key, now).is_some() {
            self.touch(key);
        }
        self.map
            .get_mut(key)
            .filter(|(at, _)| *at > now)
            .map(|(_, value)| value)
    }

    /// An entry and its expiry, expired or not.
    pub fn get_any(&self, key: &Key) -> Option<(i64, &T)> {
        self.map.get(key).map(|(at, value)| (*at, value))
    }

    /// Removes an entry, returning it if it was live.
    pub fn take(&mut self, key: &Key, now: i64) -> Option<T> {
        self.touch(key);
        match self.map.remove(key) {
            Some((at, value)) if at > now => Some(value),
            _ => None,
        }
    }

    /// Removes an entry whatever its state.
    pub fn remove(&mut self, key: &Key) -> Option<T> {
        self.touch(key);
        self.map.remove(key).map(|(_, value)| value)
    }

    /// Number of entries held (live or not yet swept).
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// The live entries, with their keys and expiries, in no particular order.
    pub fn iter_live(&self, now: i64) -> impl Iterator<Item = (&Key, i64, &T)> {
        self.map
            .iter()
            .filter(move |(_, (at, _))| *at > now)
            .map(|(key, (at, value))| (key, *at, value))
    }

    /// Gives a live entry a new expiry; `false` if there is no live entry at `key`.
    pub fn set_expiry(&mut self, key: &Key, expires_at: i64, now: i64) -> bool {
        match self.map.get_mut(key) {
            Some((at, _)) if *at > now => {
                *at = expires_at;
                self.touch(key);
                true
            }
            _ => false,
        }
    }

    /// Keeps the entries for which `keep` answers true.
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let dirty = &mut self.dirty;
        self.map.retain(|key, (_, value)| {
            let kept = keep(value);
            if !kept && let Some(dirty) = dirty {
                dirty.insert(*key);
            }
            kept
        });
    }
}

/// The registered clients by ID: a map whose changes are recorded like [`Bounded`]'s. Reads go
/// through `Deref` to the `HashMap`; the only writes are [`insert`](Self::insert),
/// [`remove`](Self::remove) and [`get_mut`](Self::get_mut), so none escapes the record.
#[derive(Debug, Default)]
pub(crate) struct ClientMap {
    map: HashMap<i64, LiveClient>,
    dirty: Option<HashSet<i64>>,
}

impl ClientMap {
    pub fn new(map: HashMap<i64, LiveClient>) -> Self {
        ClientMap { map, dirty: None }
    }

    /// Records from now on the clients each change touches.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub fn track(&mut self) {
        self.dirty.get_or_insert_with(HashSet::new);
    }

    fn touch(&mut self, id: i64) {
        if let Some(dirty) = &mut self.dirty {
            dirty.insert(id);
        }
    }

    pub fn insert(&mut self, id: i64, client: LiveClient) -> Option<LiveClient> {
        self.touch(id);
        self.map.insert(id, client)
    }

    pub fn remove(&mut self, id: &i64) -> Option<LiveClient> {
        self.touch(*id);
        self.map.remove(id)
    }

    pub fn get_mut(&mut self, id: &i64) -> Option<&mut LiveClient> {
        if self.map.contains_key(id) {
            self.touch(*id);
        }
        self.map.get_mut(id)
    }

    /// Puts back a client read from the data file, not recorded as a change; `None` removes it
    /// (a configured client deleted at run time).
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub fn restore(&mut self, id: i64, client: Option<LiveClient>) {
        match client {
            Some(client) => self.map.insert(id, client),
            None => self.map.remove(&id),
        };
    }

    /// The clients changed since the last call (`None`: removed), and forgets them.
    #[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
    pub fn changes(&mut self) -> Vec<(i64, Option<&LiveClient>)> {
        let Some(dirty) = self.dirty.as_mut().filter(|dirty| !dirty.is_empty()) else {
            return Vec::new();
        };
        let ids = std::mem::take(dirty);
        ids.into_iter().map(|id| (id, self.map.get(&id))).collect()
    }
}

impl std::ops::Deref for ClientMap {
    type Target = HashMap<i64, LiveClient>;

    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

/// What a grant carries from the user's authentication to every token derived from it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Grant {
    pub client_id: i64,
    pub subject: Option<String>,
    pub scopes: Vec<String>,
    pub properties: Vec<Property>,
    /// Seconds since the epoch.
    pub auth_time: Option<i64>,
    pub acr: Option<String>,
    pub grant_type: Option<GrantType>,
    /// The `userinfo` part of the `claims` request parameter.
    pub userinfo_claims: Option<Value>,
    /// Claims the application gave at issue, merged into ID tokens.
    pub extra_claims: Option<serde_json::Map<String, Value>>,
    /// `sub` override for ID tokens and UserInfo.
    pub sub: Option<String>,
    /// The resources of the initial request (RFC 8707): `resources` in Authlete's answers.
    pub resources: Vec<String>,
    /// The resources of the access token minted from this grant (narrowed at the token
    /// endpoint): `accessTokenResources`.
    pub token_resources: Vec<String>,
    /// The user's authentication session (`sessionId` at `/auth/authorization/issue`): the `sid`
    /// of its ID tokens; `/nativesso/logout` deletes the tokens of a session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The grant of Grant Management for OAuth 2.0 the tokens belong to, when the
    /// authorization request had a `grant_management_action`.
    #[serde(default)]
    pub grant_id: Option<String>,
}

/// A grant of Grant Management for OAuth 2.0: what the user granted the client, across the
/// authorization requests that created, merged into or replaced it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct GrantRecord {
    pub client_id: i64,
    pub subject: Option<String>,
    pub scopes: Vec<String>,
    /// The resources (RFC 8707) the scopes were granted for.
    pub resources: Vec<String>,
    /// The claims requested with the `claims` parameter (its `userinfo` and `id_token` names).
    pub claims: Vec<String>,
}

/// A ticket of `/auth/authorization`, waiting for issue or fail.
#[derive(Debug, Clone)]
pub(crate) struct AuthorizationTicket {
    pub client_id: i64,
    pub redirect_uri: String,
    pub redirect_uri_given: bool,
    pub response_type: Vec<String>,
    pub response_mode: ResponseMode,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub scopes: Vec<String>,
    pub code_challenge: Option<(String, String)>,
    pub claims_request: Option<Value>,
    /// The `resource` parameters (RFC 8707).
    pub resources: Vec<String>,
    /// The text `/auth/authorization/ticket/update` attached (`AuthorizationTicketInfo::context`).
    pub context: Option<String>,
    /// `grant_management_action` (`create`, `merge`, `replace`) and `grant_id`.
    pub grant_management: Option<(GrantManagementAction, Option<String>)>,
}

/// How the authorization response travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ResponseMode {
    Query,
    Fragment,
    FormPost,
    /// JARM `query.jwt` (also `jwt` for a code response).
    QueryJwt,
    /// JARM `fragment.jwt` (also `jwt` for an implicit or hybrid response).
    FragmentJwt,
    /// JARM `form_post.jwt`.
    FormPostJwt,
}

/// An authorization code; kept after use until expiry to detect replays.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CodeEntry {
    pub grant: Grant,
    pub redirect_uri: String,
    pub redirect_uri_given: bool,
    pub nonce: Option<String>,
    pub code_challenge: Option<(String, String)>,
    pub used: bool,
    /// Tokens issued from this code, revoked on replay.
    pub issued: Vec<Key>,
    /// The grant management action to apply to [`Grant::grant_id`]'s record when the code is
    /// redeemed (`create`, `merge` or `replace`).
    #[serde(default)]
    pub grant_action: Option<GrantManagementAction>,
}

/// What a sender-constrained token is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SenderBinding {
    /// The RFC 7638 thumbprint of the DPoP key (`cnf.jkt`, RFC 9449 §6).
    pub jkt: Option<String>,
    /// The SHA-256 thumbprint of the client certificate (`cnf.x5t#S256`, RFC 8705 §3.1).
    pub x5t: Option<String>,
}

/// An access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct AccessEntry {
    pub grant: Grant,
    /// Milliseconds.
    pub issued_at: i64,
    pub refresh: Option<Key>,
    pub binding: SenderBinding,
}

/// A refresh token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RefreshEntry {
    pub grant: Grant,
    pub access: Vec<Key>,
    /// The authorization code this token descends from (through any number of rotations), so
    /// that a replay of the code also revokes the rotated tokens (RFC 6749 §4.1.2).
    pub code: Option<Key>,
    /// The DPoP key a public client's refresh token is bound to (RFC 9449 §5).
    pub binding: SenderBinding,
    /// The key of the first refresh token of this grant: every rotation keeps it, so that the
    /// reuse of a rotated token reaches the newest one (RFC 9700 §4.14.2).
    pub family: Key,
}

/// A `PASSWORD` ticket of `/auth/token`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PasswordTicket {
    pub client_id: i64,
    pub scopes: Vec<String>,
    /// The `resource` parameters of the token request (RFC 8707).
    pub resources: Vec<String>,
    /// The DPoP key or certificate of the `/auth/token` request, for `/auth/token/issue`.
    pub binding: SenderBinding,
}

/// A pushed authorization request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ParEntry {
    pub client_id: i64,
    pub parameters: String,
}

/// The state of a device flow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum DeviceStatus {
    Pending,
    Authorized(Box<Grant>),
    Denied,
    Failed,
}

/// A device code.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct DeviceEntry {
    pub client_id: i64,
    pub scopes: Vec<String>,
    /// The `resource` parameters of the device authorization request (RFC 8707).
    pub resources: Vec<String>,
    pub user_code: String,
    pub expires_at: i64,
    pub interval_ms: i64,
    pub last_poll: Option<i64>,
    pub status: DeviceStatus,
}

/// A CIBA backchannel authentication request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CibaEntry {
    pub client_id: i64,
    pub scopes: Vec<String>,
    pub expires_at: i64,
    pub interval_ms: i64,
    pub last_poll: Option<i64>,
    /// The key of the `auth_req_id`, once issued.
    pub auth_req_id: Option<Key>,
    pub status: DeviceStatus,
    /// The client's delivery mode when the request came.
    pub delivery_mode: authlete_tower::dto::DeliveryMode,
    /// Ping and push: the request's `client_notification_token`.
    #[serde(with = "super::clients::stored::secret")]
    pub notification_token: Option<authlete_tower::config::Secret>,
    /// Ping and push: the `auth_req_id` itself, which the notification carries.
    #[serde(with = "super::clients::stored::secret")]
    pub notified_auth_req_id: Option<authlete_tower::config::Secret>,
}

/// All the engine's mutable state, behind one lock.
#[derive(Debug)]
pub(crate) struct State {
    pub clients: ClientMap,
    pub next_client_id: i64,
    pub tickets: TicketStore<AuthorizationTicket>,
    pub codes: Bounded<CodeEntry>,
    pub access: Bounded<AccessEntry>,
    pub refresh: Bounded<RefreshEntry>,
    pub password_tickets: Bounded<PasswordTicket>,
    pub par: Bounded<ParEntry>,
    pub devices: Bounded<DeviceEntry>,
    /// User code (normalised) → device code key.
    pub user_codes: Bounded<Key>,
    /// Refresh tokens replaced by rotation → their family, kept until they would have expired,
    /// to detect their reuse.
    pub rotated: Bounded<Key>,
    /// CIBA requests by ticket.
    pub ciba: Bounded<CibaEntry>,
    /// `auth_req_id` → CIBA ticket key.
    pub auth_req_ids: Bounded<Key>,
    /// DPoP `jti`s (with their key's thumbprint) seen within the proof window.
    pub dpop_jtis: Bounded<()>,
    /// DPoP nonces this server issued and still accepts.
    pub dpop_nonces: Bounded<()>,
    /// Client assertion `jti`s (with their client) until the assertion expires (RFC 7523 §3).
    pub assertion_jtis: Bounded<()>,
    /// The nonce handed out now, and when it was minted (ms).
    pub dpop_current_nonce: Option<(String, i64)>,
    /// JWT access tokens → the key of the opaque access token they stand for.
    pub jwt_access: Bounded<Key>,
    /// Grants (Grant Management for OAuth 2.0) by the key of their ID.
    pub grants: Bounded<GrantRecord>,
}

impl State {
    pub fn new(
        limit: usize,
        tickets: TicketStore<AuthorizationTicket>,
        clients: HashMap<i64, LiveClient>,
    ) -> Self {
        let next_client_id = clients.keys().copied().max().unwrap_or(0).max(10_000) + 1;
        State {
            clients: ClientMap::new(clients),
            next_client_id,
            tickets,
            codes: Bounded::new(limit),
            access: Bounded::new(limit),
            refresh: Bounded::new(limit),
            password_tickets: Bounded::new(limit),
            par: Bounded::new(limit),
            devices: Bounded::new(limit),
            user_codes: Bounded::new(limit),
            rotated: Bounded::new(limit),
            ciba: Bounded::new(limit),
            auth_req_ids: Bounded::new(limit),
            dpop_jtis: Bounded::new(limit),
            dpop_nonces: Bounded::new(limit),
            assertion_jtis: Bounded::new(limit),
            dpop_current_nonce: None,
            jwt_access: Bounded::new(limit),
            grants: Bounded::new(limit),
        }
    }

    /// Revokes every refresh token of `family` and their access tokens: the answer to the reuse
    /// of a rotated refresh token.
    pub fn revoke_family(&mut self, family: &Key) {
        let mut access = Vec::new();
        self.refresh.retain(|entry| {
            let member = entry.family == *family;
            if member {
                access.extend(entry.access.iter().copied());
            }
            !member
        });
        for key in access {
            self.access.remove(&key);
        }
    }

    /// Revokes a grant (Grant Management for OAuth 2.0) and every code and token of it.
    pub fn revoke_grant(&mut self, grant_id: &str) {
        self.grants.remove(&super::random::key(grant_id));
        let of_grant = |grant: &Grant| grant.grant_id.as_deref() == Some(grant_id);
        self.codes.retain(|entry| !of_grant(&entry.grant));
        self.refresh.retain(|entry| !of_grant(&entry.grant));
        self.access.retain(|entry| !of_grant(&entry.grant));
    }

    /// Revokes an access token.
    pub fn revoke_access(&mut self, key: &Key) {
        self.access.remove(key);
    }

    /// Revokes a refresh token and the access tokens issued with it.
    pub fn revoke_refresh(&mut self, key: &Key) {
        if let Some(entry) = self.refresh.remove(key) {
            for access in entry.access {
                self.access.remove(&access);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expired_entries_are_invisible_and_swept() {
        let mut map = Bounded::new(2);
        map.insert([1; 32], 100, "a", 0).unwrap();
        map.insert([2; 32], 200, "b", 0).unwrap();
        assert_eq!(map.get(&[1; 32], 50), Some(&"a"));
        assert_eq!(map.get(&[1; 32], 100), None);
        assert!(
            map.insert([3; 32], 300, "c", 50).is_err(),
            "full of live entries"
        );
        map.insert([3; 32], 300, "c", 150).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map.take(&[2; 32], 150), Some("b"));
        assert_eq!(map.take(&[3; 32], 400), None);
    }
}
