//! The integration tests of `authlete-local`, in one binary: every API answered over real HTTP
//! on 127.0.0.1, through `authlete_tower::AuthleteClient` on the v2 and v3 paths, and the
//! `authlete-local` binary run as a subprocess.

mod idp;
mod proof;
mod support;

mod api;
mod api_dpop;
mod audience;
mod backchannel_logout;
mod ciba;
mod client_administration;
mod client_assertion;
mod client_auth;
mod client_management;
mod device_registration;
mod flows;
mod grant_management;
mod id_token_reissue;
mod info;
mod jar;
mod jarm;
mod jwt_access;
mod jwt_bearer;
mod lenient_json;
mod logging;
mod native_sso;
#[cfg(feature = "sqlite")]
mod persistence;
mod sender;
mod services;
mod spec_paths;
mod ticket_info;
mod token_batch;
mod token_exchange;
mod token_operations;
