//! The integration tests of `authlete-local`, in one binary: every API answered over real HTTP
//! on 127.0.0.1, through `authlete_tower::AuthleteClient` on the v2 and v3 paths, and the
//! `authlete-local` binary run as a subprocess.

mod support;

mod api;
mod client_auth;
mod device_registration;
mod flows;
mod lenient_json;
mod spec_paths;
