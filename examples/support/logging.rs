//! Logging of the example programs: `tracing` lines on stderr, filtered by `RUST_LOG` (default
//! `info`), with ANSI colours only when stderr is a terminal (a file or a pipe gets plain text).
//! The `authlete-local` binary logs the same way.

use std::io::IsTerminal;

/// Installs the subscriber (once; a second call does nothing).
pub fn init() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
