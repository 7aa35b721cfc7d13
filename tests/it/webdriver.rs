//! Headless Chromium for the browser test: starts `chromedriver` on a free port and opens a
//! fantoccini WebDriver session on it.
//!
//! Chromium runs with a fresh profile and without any background networking (component updates,
//! sync, QUIC, …): on a machine without network access it would otherwise stall.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

/// The Chromium binary (Debian package `chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The WebDriver server (Debian package `chromium-driver`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// What to run when the browser is missing.
pub const INSTALL_HINT: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// The Chromium flags: headless, no sandbox (containers), no background network traffic.
pub const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1024,900",
];

/// Set (to anything but `0` or empty) by `.ci/run`: a missing browser is then a failure, so CI
/// always runs the browser tests.
pub const REQUIRE_BROWSER_VARIABLE: &str = "AUTHLETE_TOWER_REQUIRE_BROWSER";

/// What a browser test does when it starts.
#[derive(Debug, PartialEq, Eq)]
pub enum Availability {
    /// Chromium and chromedriver are installed.
    Present,
    /// They are not, and the test is skipped: the message says so and how to install them.
    Skip(String),
    /// They are not, and the CI variable demands them: the test fails with the message.
    Fail(String),
}

/// Decides from the `paths` that must exist and the value of [`REQUIRE_BROWSER_VARIABLE`].
pub fn availability(paths: &[&str], required: Option<&str>) -> Availability {
    let Some(message) = missing_message(paths) else {
        return Availability::Present;
    };
    if required.is_some_and(|value| !value.is_empty() && value != "0") {
        Availability::Fail(format!("{message}\n({REQUIRE_BROWSER_VARIABLE} is set)"))
    } else {
        Availability::Skip(format!(
            "skipped: {message}\n(set {REQUIRE_BROWSER_VARIABLE}=1 to make this a failure)"
        ))
    }
}

/// Whether this machine can run the browser tests: `false` (after saying so on the terminal)
/// when Chromium or chromedriver is missing; a panic naming the install command when
/// [`REQUIRE_BROWSER_VARIABLE`] is set.
pub fn browser_available() -> bool {
    let required = std::env::var(REQUIRE_BROWSER_VARIABLE).ok();
    match availability(&[CHROMIUM, CHROMEDRIVER], required.as_deref()) {
        Availability::Present => true,
        Availability::Fail(message) => panic!("{message}"),
        Availability::Skip(message) => {
            // Past the test harness's capture, so that the skip is seen in a passing run.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "browser test {message}");
            false
        }
    }
}

/// What to say when any of `paths` is not a file, or `None` when they all are.
pub fn missing_message(paths: &[&str]) -> Option<String> {
    let missing: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|path| !Path::new(path).is_file())
        .collect();
    (!missing.is_empty()).then(|| {
        format!(
            "the browser test needs Chromium and chromedriver, but {} is missing; install them with:\n    {INSTALL_HINT}",
            missing.join(" and ")
        )
    })
}

/// A running chromedriver with one Chromium session. Dropping it stops chromedriver and removes
/// the profile directory; call [`Browser::close`] first to end the session cleanly.
pub struct Browser {
    client: Option<Client>,
    driver: Child,
    driver_port: u16,
    session_id: Option<String>,
    profile: PathBuf,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a headless Chromium session, or `None`
    /// when the browser tests are skipped on this machine ([`browser_available`]).
    pub async fn start() -> Option<Browser> {
        if !browser_available() {
            return None;
        }
        // chromedriver now and then stays silent on a loaded machine: a few tries before failing.
        const TRIES: usize = 3;
        let mut tries = 0;
        let (driver, port) = loop {
            tries += 1;
            let mut driver = Command::new(CHROMEDRIVER)
                .arg("--port=0")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|error| panic!("cannot start {CHROMEDRIVER}: {error}"));
            match read_port(&mut driver) {
                Ok(port) => break (driver, port),
                Err(why) => {
                    let _ = driver.kill();
                    let _ = driver.wait();
                    if tries == TRIES {
                        panic!("{CHROMEDRIVER} did not start in {TRIES} tries: {why}");
                    }
                }
            }
        };

        let profile = std::env::temp_dir().join(format!(
            "authlete-tower-browser-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos())
        ));
        std::fs::create_dir_all(&profile).expect("create the Chromium profile directory");
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|flag| flag.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));

        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "chrome".into());
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": CHROMIUM, "args": args }),
        );
        let mut browser = Browser {
            client: None,
            driver,
            driver_port: port,
            session_id: None,
            profile,
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|error| {
                panic!("cannot open a Chromium session through chromedriver: {error}")
            });
        browser.session_id = client.session_id().await.ok().flatten();
        browser.client = Some(client);
        Some(browser)
    }

    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        self.client.as_ref().expect("the session is open")
    }

    /// Ends the WebDriver session (Chromium quits).
    pub async fn close(mut self) {
        if let Some(client) = self.client.take() {
            let _ = client.close().await;
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A test that panicked never closed its session: ask chromedriver to end it (Chromium
        // quits with it) before stopping chromedriver, or Chromium would outlive the test.
        if self.client.is_some()
            && let Some(session_id) = &self.session_id
        {
            delete_session(self.driver_port, session_id);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// `DELETE /session/{id}` to chromedriver, synchronously (it runs in `Drop`), best effort.
fn delete_session(port: u16, session_id: &str) {
    use std::io::{Read, Write};
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2))
    else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(20)));
    let request = format!(
        "DELETE /session/{session_id} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        // chromedriver answers once Chromium has quit; the first bytes are enough.
        let mut answer = [0u8; 1024];
        let _ = stream.read(&mut answer);
    }
}

/// Reads chromedriver's "started successfully on port N" line, then keeps draining its output.
fn read_port(driver: &mut Child) -> Result<u16, String> {
    let stdout = driver.stdout.take().ok_or("no stdout")?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if !sent
                && let Some(port) = line
                    .split("started successfully on port ")
                    .nth(1)
                    .and_then(|rest| rest.trim_end_matches('.').trim().parse::<u16>().ok())
            {
                let _ = sender.send(port);
                sent = true;
            }
        }
    });
    receiver
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "it printed no port within 30 seconds".to_owned())
}
