//! The `authlete-local` binary's log: `tracing` lines on stderr, filtered by `RUST_LOG` (default
//! `info`), without ANSI escape codes when stderr is not a terminal (here, a pipe).

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

use authlete_local::demo;
use authlete_tower::dto::ServiceConfigurationOptions;
use authlete_tower::{AuthleteApi, AuthleteClient, AuthleteConfig};

/// The binary on an ephemeral port, with `RUST_LOG` set to `rust_log` (or unset), and its base URL
/// once it printed its banner.
fn start(rust_log: Option<&str>) -> (Child, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_authlete-local"));
    command
        .args(["--listen", "127.0.0.1:0"])
        .env_remove("RUST_LOG")
        .env_remove("NO_COLOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(filter) = rust_log {
        command.env("RUST_LOG", filter);
    }
    let mut child = command.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base_url = loop {
        let line = lines.next().expect("the binary prints its banner").unwrap();
        if let Some(url) = line.trim().strip_prefix("base URL") {
            break url.trim().to_owned();
        }
    };
    // Drain stdout in the background so the binary never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (child, base_url)
}

/// Stops the binary with Ctrl-C (SIGINT) and returns what it wrote to stderr.
async fn stop(mut child: Child) -> String {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    tokio::task::spawn_blocking(move || {
        let exit = child.wait().unwrap();
        assert!(exit.success(), "{exit:?}");
        let mut stderr = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        stderr
    })
    .await
    .unwrap()
}

async fn call(base_url: &str) {
    let config =
        AuthleteConfig::v3(base_url, demo::SERVICE_API_KEY, demo::SERVICE_ACCESS_TOKEN).unwrap();
    let document = AuthleteClient::new(config)
        .unwrap()
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["issuer"], demo::ISSUER);
}

#[tokio::test]
async fn the_binary_logs_info_by_default_without_colours_into_a_pipe() {
    let (child, base_url) = start(None);
    call(&base_url).await;
    let log = stop(child).await;
    let listening = log
        .lines()
        .find(|line| line.contains("authlete-local listening"))
        .unwrap_or_else(|| panic!("a start-up line in {log:?}"));
    assert!(listening.contains("INFO"), "{listening}");
    assert!(listening.contains(&base_url), "{listening}");
    assert!(log.contains("authlete-local stopped"), "{log}");
    assert!(!log.contains('\u{1b}'), "no ANSI escape code: {log:?}");
    assert!(
        !log.contains("local backend API call"),
        "debug lines are off by default: {log}"
    );
    assert!(
        !log.contains(demo::SERVICE_ACCESS_TOKEN),
        "no credential: {log}"
    );
}

#[tokio::test]
async fn rust_log_chooses_the_lines() {
    let (child, base_url) = start(Some("warn"));
    call(&base_url).await;
    let log = stop(child).await;
    assert!(!log.contains("INFO"), "RUST_LOG=warn silences info: {log}");
    assert!(!log.contains("listening"), "{log}");

    let (child, base_url) = start(Some("authlete_local=debug"));
    call(&base_url).await;
    let log = stop(child).await;
    let call_line = log
        .lines()
        .find(|line| line.contains("local backend API call"))
        .unwrap_or_else(|| panic!("RUST_LOG=debug shows each call: {log:?}"));
    assert!(call_line.contains("DEBUG"), "{call_line}");
    assert!(!log.contains('\u{1b}'), "{log:?}");
}
