//! [`ClientSettings`]: what an [`AuthleteClient`](super::AuthleteClient) was built with, as
//! `AuthleteApi.getSettings()` of Authlete's Java SDK gives its connection settings.
//!
//! ```
//! use std::time::Duration;
//! use authlete_tower::{ApiVersion, AuthleteClient, AuthleteConfig};
//!
//! let config = AuthleteConfig::v3("https://us.authlete.com", "715948317", "service-token")?;
//! let client = AuthleteClient::builder(config)
//!     .timeout(Duration::from_secs(5))
//!     .build()?;
//! let settings = client.settings();
//! assert_eq!(settings.base_url, "https://us.authlete.com");
//! assert_eq!(settings.api_version, ApiVersion::V3);
//! assert_eq!(settings.service_id, "715948317");
//! assert_eq!(settings.timeout, Duration::from_secs(5));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::time::Duration;

use super::{BreakerPolicy, RetryPolicy};
use crate::config::ApiVersion;

/// The settings of an [`AuthleteClient`](super::AuthleteClient): where it calls, which API
/// version, and its timeouts, limits, retries and breakers. Never a credential.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClientSettings {
    /// The base URL of Authlete's API, without a trailing slash (e.g. `https://us.authlete.com`).
    pub base_url: String,
    /// The API version the client speaks.
    pub api_version: ApiVersion,
    /// The service API key (v2) or service ID (v3): a public identifier, not a secret.
    pub service_id: String,
    /// Whether v3 calls carry a DPoP proof (a DPoP-bound service access token).
    pub dpop: bool,
    /// How long to wait for a TCP/TLS connection (Java SDK: connection timeout).
    pub connect_timeout: Duration,
    /// How long one attempt may take, from sending to the last byte (Java SDK: read timeout).
    pub timeout: Duration,
    /// The largest answer accepted, in bytes.
    pub max_response_size: usize,
    /// The `User-Agent` the client sends.
    pub user_agent: String,
    /// How calls that only read are retried.
    pub retry: RetryPolicy,
    /// When each operation's circuit breaker opens.
    pub circuit_breaker: BreakerPolicy,
}
