//! Which Authlete the examples talk to: a real service when a configuration is found, else the
//! local development backend at `http://127.0.0.1:8002` with the demo credentials.

use authlete_tower::{AuthleteConfig, ConfigError};

/// Where the local development backend listens by default (`cargo run -p authlete-local`).
pub const LOCAL_BASE_URL: &str = "http://127.0.0.1:8002";
/// The local backend's demo service API key (`authlete_local::demo::SERVICE_API_KEY`).
pub const LOCAL_API_KEY: &str = "1000";
/// The local backend's demo service API secret (`authlete_local::demo::SERVICE_API_SECRET`).
pub const LOCAL_API_SECRET: &str = "local-secret";

/// The configuration chosen and how it was found.
#[derive(Debug, Clone)]
pub struct Choice {
    /// What to connect to.
    pub config: AuthleteConfig,
    /// `true` when no configuration was found and the local backend's defaults are used.
    pub local_default: bool,
}

impl Choice {
    /// A one-line description for the start-up banner (no secret in it).
    pub fn describe(&self) -> String {
        let config = &self.config;
        let origin = if self.local_default {
            "the local development backend (no Authlete configuration found)"
        } else {
            "Authlete"
        };
        format!(
            "{origin} at {} (API {:?}, service {})",
            config.base_url(),
            config.api_version(),
            config.service_api_key()
        )
    }
}

/// The configuration found by [`AuthleteConfig::discover`] (environment variables,
/// `AUTHLETE_CONFIGURATION_FILE`, `authlete.properties`, `authlete.ini`), else the local
/// backend's defaults.
pub fn discover() -> Result<Choice, ConfigError> {
    choose(AuthleteConfig::discover()?)
}

/// [`discover`]'s decision for an already discovered configuration.
pub fn choose(found: Option<AuthleteConfig>) -> Result<Choice, ConfigError> {
    match found {
        Some(config) => Ok(Choice {
            config,
            local_default: false,
        }),
        None => Ok(Choice {
            config: AuthleteConfig::v2(LOCAL_BASE_URL, LOCAL_API_KEY, LOCAL_API_SECRET)?,
            local_default: true,
        }),
    }
}

/// What to tell the user when the local backend's defaults are used.
pub fn local_backend_hint() -> String {
    format!(
        "No Authlete configuration was found (AUTHLETE_* environment variables, \
         AUTHLETE_CONFIGURATION_FILE, authlete.properties or authlete.ini), so this server uses \
         the local development backend at {LOCAL_BASE_URL} with the demo credentials.\n\
         Start it in another terminal with:\n\
         \x20   cargo run -p authlete-local\n\
         or run everything in one process with:\n\
         \x20   cargo run --example demo\n\
         To use another backend set AUTHLETE_BASE_URL, AUTHLETE_SERVICE_APIKEY and \
         AUTHLETE_SERVICE_APISECRET (v2) or AUTHLETE_API_VERSION=V3 with \
         AUTHLETE_SERVICE_ACCESSTOKEN (v3)."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_configuration_means_the_local_backend() {
        let choice = choose(None).unwrap();
        assert!(choice.local_default);
        assert_eq!(choice.config.base_url().as_str(), "http://127.0.0.1:8002/");
        assert_eq!(choice.config.service_api_key(), "1000");
        assert_eq!(
            choice.config.service_api_secret().unwrap().expose(),
            "local-secret"
        );
        let description = choice.describe();
        assert!(description.contains("local development backend"));
        assert!(!description.contains("local-secret"));
        assert!(local_backend_hint().contains("cargo run -p authlete-local"));
    }

    #[test]
    fn a_found_configuration_is_used_as_is() {
        let config =
            AuthleteConfig::v3("https://us.authlete.com", "715948317", "service-token").unwrap();
        let choice = choose(Some(config)).unwrap();
        assert!(!choice.local_default);
        let description = choice.describe();
        assert!(description.starts_with("Authlete at https://us.authlete.com/"));
        assert!(description.contains("V3"));
        assert!(!description.contains("service-token"));
    }
}
