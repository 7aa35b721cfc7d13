#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

pub mod api;
pub mod bearer;
pub mod clock;
pub mod config;
pub mod dto;
#[cfg(feature = "local")]
#[cfg_attr(docsrs, doc(cfg(feature = "local")))]
pub mod local;

pub use api::{ApiError, AuthleteApi, AuthleteClient, AuthleteClientBuilder, Operation};
pub use bearer::{AccessTokenInfo, AccessTokenValidator, AuthleteBearer, BearerToken};
pub use config::{ApiVersion, AuthleteConfig, ConfigError, Secret};
pub mod handler;
pub use handler::{AuthleteResponse, AuthorizationServer};
