//! `authlete-local`: the local backend as Authlete's Web API on loopback.
//!
//! ```text
//! authlete-local [--listen ADDR] [--config FILE] [--data FILE] [--allow-remote]
//! ```

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::process::ExitCode;

use authlete_local::{LocalBackend, LocalConfig, LocalServer, demo};
use authlete_tower::config::Secret;

const USAGE: &str =
    "usage: authlete-local [--listen ADDR] [--config FILE] [--data FILE] [--allow-remote]

  --listen ADDR     address to listen on (default 127.0.0.1:8002)
  --config FILE     TOML configuration (default: the built-in demo configuration)
  --data FILE       keep the state in this SQLite file (created if missing) so that clients,
                    grants and live tokens survive a restart; each change is committed before
                    the API answers. One process at a time per file. Default: memory only
  --allow-remote    allow a non-loopback listen address (a development backend: not for production)
  --help            print this help";

struct Args {
    listen: SocketAddr,
    config: Option<String>,
    data: Option<String>,
    allow_remote: bool,
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        listen: "127.0.0.1:8002".parse().expect("a valid default address"),
        config: None,
        data: None,
        allow_remote: false,
    };
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match name.as_str() {
            "--listen" => {
                let text = value("--listen")?;
                parsed.listen = text
                    .parse()
                    .map_err(|_| format!("--listen {text:?} is not an IP:PORT address"))?;
            }
            "--config" => parsed.config = Some(value("--config")?),
            "--data" => parsed.data = Some(value("--data")?),
            "--allow-remote" => parsed.allow_remote = true,
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(parsed))
}

/// A secret as the banner shows it: the demo's well-known values in full (the point of the banner
/// is to say what to configure), any other value not at all, since stdout often ends in a log.
fn shown<'a>(secret: &'a Secret, demo_values: &[&str]) -> &'a str {
    if demo_values.contains(&secret.expose()) {
        secret.expose()
    } else {
        "<as configured>"
    }
}

/// Why the server refuses to start: the demo service owner credentials (which manage every
/// service) on a non-loopback address. `None` on loopback or with configured credentials.
fn demo_owner_refusal(listen: std::net::SocketAddr, config: &LocalConfig) -> Option<String> {
    let demo_owner = config.service_owner_api_secret.expose() == demo::SERVICE_OWNER_API_SECRET
        || config.service_owner_access_token.expose() == demo::SERVICE_OWNER_ACCESS_TOKEN;
    (!listen.ip().is_loopback() && demo_owner).then(|| {
        format!(
            "refusing to listen on {listen} with the demo service owner credentials, which \
             manage every service; set [service_owner] api_secret and access_token in the \
             configuration file"
        )
    })
}

/// What the server prints at start.
fn banner(base_url: &str, config: &LocalConfig) -> String {
    let mut out = String::from("authlete-local: a development backend, not for production\n");
    out.push_str(&format!("  base URL              {base_url}\n"));
    out.push_str(&format!("  issuer                {}\n", config.issuer));
    out.push_str(&format!(
        "  service API key / ID  {}\n",
        config.service_api_key
    ));
    out.push_str(&format!(
        "  service API secret    {}   (API v2: AUTHLETE_API_VERSION=V2)\n",
        shown(&config.service_api_secret, &[demo::SERVICE_API_SECRET])
    ));
    out.push_str(&format!(
        "  service access token  {}   (API v3: AUTHLETE_API_VERSION=V3)\n",
        shown(&config.service_access_token, &[demo::SERVICE_ACCESS_TOKEN])
    ));
    out.push_str(&format!(
        "  service owner         key {} / secret {} (v2), token {} (v3): service management\n",
        config.service_owner_api_key,
        shown(
            &config.service_owner_api_secret,
            &[demo::SERVICE_OWNER_API_SECRET]
        ),
        shown(
            &config.service_owner_access_token,
            &[demo::SERVICE_OWNER_ACCESS_TOKEN]
        )
    ));
    let registration = &config.registration;
    let registration = if registration.open {
        "open (anyone may register)".to_owned()
    } else if registration.initial_access_tokens.is_empty() {
        "closed (no initial access token configured)".to_owned()
    } else {
        let tokens: Vec<&str> = registration
            .initial_access_tokens
            .iter()
            .map(|token| shown(token, &[demo::INITIAL_ACCESS_TOKEN]))
            .collect();
        format!("initial access token {}", tokens.join(", "))
    };
    out.push_str(&format!("  registration          {registration}\n"));
    out.push_str(&match &config.data_file {
        Some(path) => format!("  state                 kept in {}\n", path.display()),
        None => {
            "  state                 in memory (lost at exit; --data FILE keeps it)\n".to_owned()
        }
    });
    out.push_str("  clients:\n");
    for client in &config.clients {
        let kind = match &client.client_secret {
            Some(secret) => format!(
                "confidential, secret {}",
                shown(secret, &[demo::CLIENT_SECRET])
            ),
            None => "public, PKCE required".to_owned(),
        };
        out.push_str(&format!(
            "    {:<6} {:<22} {kind}\n",
            client.client_id, client.client_name
        ));
    }
    out
}

/// Logs `tracing` lines to stderr, filtered by `RUST_LOG` (default `info`), with ANSI colours only
/// when stderr is a terminal, like the example servers.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

#[tokio::main]
async fn main() -> ExitCode {
    init_logging();
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("authlete-local: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if !args.listen.ip().is_loopback() && !args.allow_remote {
        eprintln!(
            "authlete-local: refusing to listen on {}, which is not a loopback address; \
             pass --allow-remote to do it anyway (this is a development backend, not for production)",
            args.listen
        );
        return ExitCode::from(2);
    }
    let mut config = match &args.config {
        Some(path) => match LocalConfig::from_toml_file(path) {
            Ok(config) => config,
            Err(error) => {
                eprintln!("authlete-local: {error}");
                return ExitCode::from(2);
            }
        },
        None => LocalConfig::demo(),
    };
    if let Some(path) = &args.data {
        config.data_file = Some(path.into());
    }
    if let Some(refusal) = demo_owner_refusal(args.listen, &config) {
        eprintln!("authlete-local: {refusal}");
        return ExitCode::from(2);
    }
    let backend = match LocalBackend::new(config) {
        Ok(backend) => backend,
        Err(error) => {
            eprintln!("authlete-local: {error}");
            return ExitCode::FAILURE;
        }
    };
    let server = match LocalServer::bind(backend.clone(), args.listen).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("authlete-local: cannot listen on {}: {error}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(base_url = %server.base_url(), "authlete-local listening");
    print!("{}", banner(&server.base_url(), backend.config()));
    println!("Press Ctrl-C to stop.");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("authlete-local: cannot wait for Ctrl-C: {error}");
    }
    server.shutdown().await;
    tracing::info!("authlete-local stopped");
    println!("authlete-local: stopped");
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Option<Args>, String> {
        parse_args(args.iter().map(|arg| (*arg).to_owned()))
    }

    #[test]
    fn defaults_and_flags() {
        let args = parse(&[]).unwrap().unwrap();
        assert_eq!(args.listen.to_string(), "127.0.0.1:8002");
        assert!(!args.allow_remote);
        let args = parse(&[
            "--listen",
            "127.0.0.1:9000",
            "--config=x.toml",
            "--allow-remote",
        ])
        .unwrap()
        .unwrap();
        assert_eq!(args.listen.port(), 9000);
        assert_eq!(args.config.as_deref(), Some("x.toml"));
        assert!(args.allow_remote);
        assert_eq!(args.data, None);
        let args = parse(&["--data", "state.db"]).unwrap().unwrap();
        assert_eq!(args.data.as_deref(), Some("state.db"));
        assert!(parse(&["--data"]).is_err());
        assert!(parse(&["--help"]).unwrap().is_none());
        assert!(parse(&["--listen"]).is_err());
        assert!(parse(&["--listen", "nowhere"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
    }

    #[test]
    fn demo_service_owner_credentials_stay_on_loopback() {
        let demo = LocalConfig::demo();
        assert_eq!(
            demo_owner_refusal("127.0.0.1:8002".parse().unwrap(), &demo),
            None
        );
        let refusal = demo_owner_refusal("0.0.0.0:8002".parse().unwrap(), &demo).unwrap();
        assert!(refusal.contains("[service_owner]"), "{refusal}");
        assert!(
            !refusal.contains(demo::SERVICE_OWNER_API_SECRET),
            "{refusal}"
        );
        let mut configured = LocalConfig::demo();
        configured.service_owner_api_secret = Secret::new("configured-owner-secret");
        assert!(demo_owner_refusal("0.0.0.0:8002".parse().unwrap(), &configured).is_some());
        configured.service_owner_access_token = Secret::new("configured-owner-token");
        assert_eq!(
            demo_owner_refusal("0.0.0.0:8002".parse().unwrap(), &configured),
            None
        );
    }

    #[test]
    fn the_banner_shows_demo_secrets_but_not_configured_ones() {
        let demo_banner = banner("http://127.0.0.1:8002", &LocalConfig::demo());
        assert!(
            demo_banner.contains(demo::SERVICE_API_SECRET),
            "{demo_banner}"
        );
        assert!(
            demo_banner.contains(demo::SERVICE_ACCESS_TOKEN),
            "{demo_banner}"
        );
        assert!(demo_banner.contains(demo::CLIENT_SECRET), "{demo_banner}");
        assert!(
            demo_banner.contains(
                "  service owner         key 100 / secret local-owner-secret (v2), \
                 token local-owner-token (v3): service management\n"
            ),
            "{demo_banner}"
        );
        assert!(
            demo_banner
                .contains("registration          initial access token local-initial-access-token"),
            "{demo_banner}"
        );

        assert!(
            demo_banner.contains(
                "  state                 in memory (lost at exit; --data FILE keeps it)\n"
            ),
            "{demo_banner}"
        );
        let mut kept = LocalConfig::demo();
        kept.data_file = Some("/var/lib/authlete-local/state.db".into());
        let kept = banner("http://127.0.0.1:8002", &kept);
        assert!(
            kept.contains("  state                 kept in /var/lib/authlete-local/state.db\n"),
            "{kept}"
        );

        let mut config = LocalConfig::demo();
        config.service_api_secret = Secret::new("configured-api-secret");
        config.service_access_token = Secret::new("configured-access-token");
        config.service_owner_api_secret = Secret::new("configured-owner-secret");
        config.service_owner_access_token = Secret::new("configured-owner-token");
        config.registration.initial_access_tokens = vec![Secret::new("configured-initial-token")];
        for client in &mut config.clients {
            if client.client_secret.is_some() {
                client.client_secret = Some(Secret::new("configured-client-secret"));
            }
        }
        let shown = banner("http://127.0.0.1:8002", &config);
        assert!(!shown.contains("configured-"), "{shown}");
        assert!(shown.contains("<as configured>"), "{shown}");
        assert!(shown.contains(demo::SERVICE_API_KEY), "{shown}");
    }
}
