//! The integration tests of `authlete-tower`, in one binary so that the library is linked once:
//! each module is one subject, over real HTTP on 127.0.0.1 wherever a server is involved.
//! The tests that install a global `tracing` subscriber (`bearer_logs`, `client_tracing`) are
//! binaries of their own.

mod common;
#[cfg(feature = "jwt")]
#[path = "../support/counting_api.rs"]
mod counting_api;

mod audience;
mod bearer_cache;
mod bearer_http;
mod bearer_jwt;
mod bearer_layer;
mod bearer_metrics;
mod browser;
mod ciba_flow;
mod client_http;
mod client_lock;
mod client_metrics;
mod conformance_rp;
mod consent;
mod discovery_families;
mod error_messages;
mod extension_grants;
mod faults;
mod grant_management_flow;
mod handler_actions;
mod handler_actix;
mod handler_backchannel;
mod handler_flows;
mod handler_grant_management;
mod handler_security;
mod handler_sender;
mod handler_unavailable;
mod id_token_reissue;
mod mcp_flow;
mod metadata_cache;
mod native_sso;
mod protected_resource;
mod redis_revocation;
mod serve;
mod step_up;
mod ticket_flood;
mod token_minting;
mod vectors;
