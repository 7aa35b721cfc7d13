//! Code shared by the example servers, the demo and the browser test (`tests/browser.rs`).
//!
//! Each example pulls it in with `#[path = "support/mod.rs"] mod support;` (the actix example
//! takes only the framework-neutral `backend`, `civil` and `logging`). Cargo builds only `examples/*.rs` and
//! `examples/*/main.rs` as examples, so nothing here is built on its own. Not every program uses
//! every item, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod authorization_server;
pub mod backend;
pub mod ciba;
pub mod civil;
pub mod consents;
pub mod demo;
pub mod logging;
pub mod mcp;
pub mod native_sso;
pub mod pages;
pub mod resource_server;
pub mod serve;
pub mod session;
pub mod throttle;
pub mod users;
