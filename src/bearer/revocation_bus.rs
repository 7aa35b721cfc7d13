//! [`RedisRevocationBus`]: a token revoked anywhere is forgotten by the introspection cache of
//! every resource-server replica within milliseconds (feature `redis`).
//!
//! ```no_run
//! use authlete_tower::bearer::{IntrospectionCache, RedisRevocationBus};
//! use authlete_tower::{AuthleteBearer, AuthleteClient, AuthleteConfig};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let bus = RedisRevocationBus::new("redis://127.0.0.1:6379/")?;
//!
//! // On each resource-server replica: the layer's cache listens to the bus.
//! let cache = IntrospectionCache::default();
//! let _subscription = bus.subscribe(cache.clone());
//! let api = AuthleteClient::new(AuthleteConfig::from_env()?)?;
//! let layer = AuthleteBearer::new(api).with_cache(cache);
//!
//! // Where tokens are revoked (the authorization server's revocation endpoint, or the
//! // application after a direct call to Authlete): announce it to every replica.
//! bus.publish("the-revoked-access-token").await?;
//! # drop(layer); Ok(()) }
//! ```
//!
//! With [`AuthorizationServer::on_token_revoked`](crate::handler::AuthorizationServer::on_token_revoked)
//! the co-located revocation endpoint announces every token it revokes:
//! `server.on_token_revoked(bus.revocation_hook())`.
//!
//! # What travels
//!
//! An event is the lowercase hex SHA-256 digest of the token — the same digest the cache keys
//! on — published on one channel (default [`DEFAULT_CHANNEL`]). A raw token never reaches Redis.
//!
//! # When Redis is away
//!
//! A subscriber that is not connected cannot hear revocations, so it never lets the cache hide
//! that: until its subscription is confirmed (at start, and after every lost connection) the
//! cache is emptied and new entries live at most the *age floor* (default 1 s, see
//! [`RedisRevocationBus::disconnected_max_age`]). Once subscribed again it empties the cache once
//! more, since events sent in between were missed, and lifts the limit. It reconnects with
//! exponential backoff and jitter (100 ms to 10 s by default).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};
use futures_util::StreamExt as _;
use redis::AsyncCommands as _;
use redis::aio::ConnectionManager;
use tokio::sync::Mutex;
use tokio::task::JoinHandle;

use super::IntrospectionCache;
use super::cache::token_digest;

/// The channel revocation events are published on unless configured otherwise.
pub const DEFAULT_CHANNEL: &str = "authlete-tower:revoked";
/// The longest a cache entry lives while its subscriber is disconnected, unless configured.
pub const DEFAULT_DISCONNECTED_MAX_AGE: Duration = Duration::from_secs(1);

/// Why a revocation event could not be published, or the bus not set up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RevocationBusError {
    /// The Redis URL cannot be used.
    #[error("the Redis URL of the revocation bus is not valid: {reason}")]
    InvalidUrl {
        /// Why (the URL itself is not repeated: it may hold a password).
        reason: String,
    },
    /// Redis could not be reached or refused the command.
    #[error("the revocation event could not be published to Redis: {reason}")]
    Publish {
        /// What Redis or the connection said.
        reason: String,
    },
}

/// Carries revocation events between the authorization server and every resource-server
/// replica over Redis pub/sub. Cheap to clone; clones share the publishing connection.
#[derive(Clone)]
pub struct RedisRevocationBus {
    inner: Arc<BusInner>,
}

struct BusInner {
    client: redis::Client,
    channel: String,
    disconnected_max_age: Duration,
    backoff: (Duration, Duration),
    publisher: Mutex<Option<ConnectionManager>>,
}

impl std::fmt::Debug for RedisRevocationBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The connection info may hold a password: only the channel is shown.
        f.debug_struct("RedisRevocationBus")
            .field("channel", &self.inner.channel)
            .finish_non_exhaustive()
    }
}

impl RedisRevocationBus {
    /// A bus on the Redis server at `url` (`redis://[user:password@]host:port/db`, or
    /// `rediss://` with TLS support compiled into `redis`). Connects lazily.
    pub fn new(url: &str) -> Result<Self, RevocationBusError> {
        let client = redis::Client::open(url).map_err(|error| RevocationBusError::InvalidUrl {
            reason: format!("{:?}", error.kind()),
        })?;
        Ok(RedisRevocationBus {
            inner: Arc::new(BusInner {
                client,
                channel: DEFAULT_CHANNEL.to_owned(),
                disconnected_max_age: DEFAULT_DISCONNECTED_MAX_AGE,
                backoff: (Duration::from_millis(100), Duration::from_secs(10)),
                publisher: Mutex::new(None),
            }),
        })
    }

    fn edit(self, change: impl FnOnce(&mut BusInner)) -> Self {
        let mut inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| BusInner {
            client: shared.client.clone(),
            channel: shared.channel.clone(),
            disconnected_max_age: shared.disconnected_max_age,
            backoff: shared.backoff,
            publisher: Mutex::new(None),
        });
        change(&mut inner);
        RedisRevocationBus {
            inner: Arc::new(inner),
        }
    }

    /// The pub/sub channel (default [`DEFAULT_CHANNEL`]); every replica must use the same.
    pub fn channel(self, channel: impl Into<String>) -> Self {
        let channel = channel.into();
        self.edit(|inner| inner.channel = channel)
    }

    /// How long a cache entry may live while its subscriber is not connected (default 1 s):
    /// the longest a revoked token can stay accepted while Redis is away.
    pub fn disconnected_max_age(self, max_age: Duration) -> Self {
        self.edit(|inner| inner.disconnected_max_age = max_age)
    }

    /// The first and the longest wait between reconnection attempts (default 100 ms and 10 s).
    pub fn reconnect_backoff(self, first: Duration, longest: Duration) -> Self {
        self.edit(|inner| inner.backoff = (first, longest.max(first)))
    }

    /// The channel in use.
    pub fn channel_name(&self) -> &str {
        &self.inner.channel
    }

    /// Announces that `token` was revoked: every subscribed cache drops it. Only the token's
    /// digest is sent.
    pub async fn publish(&self, token: &str) -> Result<(), RevocationBusError> {
        self.publish_digest(token_digest(token)).await
    }

    async fn publish_digest(&self, digest: [u8; 32]) -> Result<(), RevocationBusError> {
        let event = hex(&digest);
        let mut publisher = self.inner.publisher.lock().await;
        if publisher.is_none() {
            let manager = ConnectionManager::new(self.inner.client.clone())
                .await
                .map_err(publish_error)?;
            *publisher = Some(manager);
        }
        let connection = publisher.as_mut().expect("connected above");
        let receivers: redis::RedisResult<i64> =
            connection.publish(&self.inner.channel, &event).await;
        match receivers {
            Ok(receivers) => {
                tracing::debug!(receivers, "revocation event published");
                super::metrics::record_revocation_event("sent");
                Ok(())
            }
            Err(error) => Err(publish_error(error)),
        }
    }

    /// A hook for [`AuthorizationServer::on_token_revoked`](crate::handler::AuthorizationServer::on_token_revoked):
    /// publishes each revoked token in the background (a failure is logged at `warn`, without
    /// the token). Needs a Tokio runtime, as the handlers have.
    pub fn revocation_hook(&self) -> impl Fn(&str) + Send + Sync + 'static {
        let bus = self.clone();
        move |token: &str| {
            let digest = token_digest(token);
            let bus = bus.clone();
            tokio::spawn(async move {
                if let Err(error) = bus.publish_digest(digest).await {
                    tracing::warn!(%error, "a revocation could not be announced to the other replicas");
                }
            });
        }
    }

    /// Makes `cache` drop every token announced on the bus, from now until the returned
    /// [`RevocationSubscription`] is dropped. Needs a Tokio runtime.
    pub fn subscribe(&self, cache: IntrospectionCache) -> RevocationSubscription {
        let connected = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(listen(self.inner.clone(), cache, connected.clone()));
        RevocationSubscription { connected, task }
    }
}

fn publish_error(error: redis::RedisError) -> RevocationBusError {
    RevocationBusError::Publish {
        reason: error.to_string(),
    }
}

/// A cache's subscription to the bus. Dropping it stops listening (and leaves the cache as it
/// is).
#[derive(Debug)]
pub struct RevocationSubscription {
    connected: Arc<AtomicBool>,
    task: JoinHandle<()>,
}

impl RevocationSubscription {
    /// Whether the subscription is confirmed by Redis right now. While it is not, the cache's
    /// entries live at most the bus's disconnected maximum age.
    pub fn is_connected(&self) -> bool {
        self.connected.load(Ordering::SeqCst)
    }
}

impl Drop for RevocationSubscription {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Subscribes, evicts on every event, and on a lost connection degrades the cache and
/// reconnects with backoff — for as long as the subscription lives.
async fn listen(bus: Arc<BusInner>, cache: IntrospectionCache, connected: Arc<AtomicBool>) {
    let (first, longest) = bus.backoff;
    let new_backoff = || {
        ExponentialBuilder::default()
            .with_min_delay(first)
            .with_max_delay(longest)
            .with_jitter()
            .without_max_times()
            .build()
    };
    let mut backoff = new_backoff();
    loop {
        // Not (yet) listening: nothing cached may outlive the floor.
        degrade(&cache, bus.disconnected_max_age);
        match bus.client.get_async_pubsub().await {
            Ok(mut pubsub) => match pubsub.subscribe(&bus.channel).await {
                Ok(()) => {
                    // Events sent while away were missed: start afresh, then trust the bus.
                    cache.clear();
                    cache.limit_age(None);
                    connected.store(true, Ordering::SeqCst);
                    backoff = new_backoff();
                    tracing::info!(channel = %bus.channel, "listening for revocations");
                    let mut messages = pubsub.on_message();
                    while let Some(message) = messages.next().await {
                        match message.get_payload::<String>().ok().and_then(|p| unhex(&p)) {
                            Some(digest) => {
                                super::metrics::record_revocation_event("received");
                                cache.evict_digest(digest);
                            }
                            None => tracing::debug!("ignored a malformed revocation event"),
                        }
                    }
                    connected.store(false, Ordering::SeqCst);
                    tracing::warn!("the revocation subscription was lost; reconnecting");
                }
                Err(error) => tracing::warn!(%error, "cannot subscribe to revocations"),
            },
            Err(error) => tracing::warn!(%error, "cannot reach Redis for revocations"),
        }
        let wait = backoff.next().unwrap_or(longest);
        tokio::time::sleep(wait).await;
    }
}

fn degrade(cache: &IntrospectionCache, floor: Duration) {
    if cache.age_limit() != Some(floor) {
        cache.limit_age(Some(floor));
        cache.clear();
    }
}

fn hex(bytes: &[u8; 32]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(64), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    let text = text.as_bytes();
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (index, pair) in text.chunks_exact(2).enumerate() {
        let pair = std::str::from_utf8(pair).ok()?;
        out[index] = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_travel_as_hex_and_back() {
        let digest = token_digest("a token");
        let event = hex(&digest);
        assert_eq!(event.len(), 64);
        assert!(!event.contains("a token"));
        assert_eq!(unhex(&event), Some(digest));
        assert_eq!(unhex("zz"), None);
        assert_eq!(unhex(&"g".repeat(64)), None);
    }

    #[test]
    fn a_bad_url_is_refused_without_repeating_it() {
        let error = RedisRevocationBus::new("not a url with password hunter2").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }

    #[test]
    fn debug_shows_no_connection_info() {
        let bus = RedisRevocationBus::new("redis://user:hunter2@127.0.0.1:1/").unwrap();
        let debug = format!("{bus:?}");
        assert!(!debug.contains("hunter2"), "{debug}");
        assert!(debug.contains(DEFAULT_CHANNEL), "{debug}");
    }
}
