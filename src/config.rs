//! [`AuthleteConfig`]: where Authlete is and how to authenticate to it.
//!
//! The names are those of Authlete's official SDKs, so an existing setup works unchanged:
//!
//! | setting | environment variable | file key (`authlete.properties`, `[authlete]` of `authlete.ini`) |
//! |---|---|---|
//! | base URL | `AUTHLETE_BASE_URL` | `base_url` |
//! | API version (`V2`/`v2`/`2`, `V3`/`v3`/`3`) | `AUTHLETE_API_VERSION` | `api_version` |
//! | service API key (v3: the service ID) | `AUTHLETE_SERVICE_APIKEY` | `service.api_key` |
//! | service API secret (v2) | `AUTHLETE_SERVICE_APISECRET` | `service.api_secret` |
//! | service access token (v3) | `AUTHLETE_SERVICE_ACCESSTOKEN` | `service.access_token` |
//! | service owner API key / secret / access token | `AUTHLETE_SERVICEOWNER_APIKEY`, `…_APISECRET`, `…_ACCESSTOKEN` | `service_owner.api_key`, `service_owner.api_secret`, `service_owner.access_token` |
//! | DPoP key (a private JWK) for a DPoP-bound service access token | `AUTHLETE_DPOP_KEY` | `service.dpop_key` |
//!
//! When the version is not given it is v3 if a service access token is set and no API secret is,
//! else v2 (the SDKs' default). v2 defaults the base URL to `https://api.authlete.com`; v3 needs
//! the regional one (`https://us.authlete.com`, `jp.`, `eu.`, `br.`).
//!
//! ```
//! use authlete_tower::{ApiVersion, AuthleteConfig};
//!
//! let settings = [
//!     ("AUTHLETE_BASE_URL", "https://us.authlete.com"),
//!     ("AUTHLETE_API_VERSION", "V3"),
//!     ("AUTHLETE_SERVICE_APIKEY", "715948317"),
//!     ("AUTHLETE_SERVICE_ACCESSTOKEN", "a-service-access-token"),
//! ];
//! let config = AuthleteConfig::from_lookup(|name| {
//!     settings.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())
//! })
//! .unwrap();
//! assert_eq!(config.api_version(), ApiVersion::V3);
//! assert!(!format!("{config:?}").contains("a-service-access-token"));
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

/// The variable naming a configuration file, as in Authlete's Java SDK.
pub const CONFIGURATION_FILE_VARIABLE: &str = "AUTHLETE_CONFIGURATION_FILE";

/// Which generation of Authlete's Web API to call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/api/...` with HTTP Basic (service API key : service API secret).
    #[default]
    V2,
    /// `/api/{serviceId}/...` with `Authorization: Bearer <service access token>`.
    V3,
}

impl std::str::FromStr for ApiVersion {
    type Err = ();

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value.trim() {
            "V2" | "v2" | "2" => Ok(ApiVersion::V2),
            "V3" | "v3" | "3" => Ok(ApiVersion::V3),
            _ => Err(()),
        }
    }
}

/// A secret string: usable, never printed, compared in constant time.
#[derive(Clone)]
pub struct Secret(String);

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for Secret {}

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret value. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

/// A configuration that cannot work. The message names the variable or file key to fix and never
/// holds a secret value; `Debug` prints the same message, so `?` in `main` shows it.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting is absent.
    #[error("{setting} is not set: {why}")]
    Missing {
        /// The variable or file key, e.g. `AUTHLETE_SERVICE_ACCESSTOKEN` or
        /// `service.access_token in authlete.properties`.
        setting: String,
        /// Why it is needed.
        why: String,
    },
    /// A setting has a value that cannot work.
    #[error("{setting} is invalid: {reason}")]
    Invalid {
        /// The variable or file key.
        setting: String,
        /// What is wrong and what is accepted.
        reason: String,
    },
    /// A configuration file could not be read.
    #[error("cannot read the Authlete configuration file {}: {reason}", .path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// A configuration file has a line that cannot be parsed.
    #[error("{}:{line}: {reason}", .path.display())]
    Syntax {
        /// The file.
        path: PathBuf,
        /// The line number, from 1.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// No configuration was found anywhere.
    #[error(
        "no Authlete configuration found: set AUTHLETE_BASE_URL and AUTHLETE_SERVICE_APIKEY with AUTHLETE_SERVICE_APISECRET (v2) or AUTHLETE_SERVICE_ACCESSTOKEN (v3), or provide authlete.properties / authlete.ini (or name one with AUTHLETE_CONFIGURATION_FILE)"
    )]
    NotFound,
}

/// `Debug` prints the readable message (as `Display`), because that is what a `main` returning
/// `Result<(), Box<dyn Error>>` shows (`Error: {:?}`).
impl fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Where Authlete is and how to authenticate to it. Secrets are redacted in `Debug`.
#[derive(Clone)]
pub struct AuthleteConfig {
    base_url: Url,
    api_version: ApiVersion,
    service_api_key: String,
    service_api_secret: Option<Secret>,
    service_access_token: Option<Secret>,
    service_owner_api_key: Option<String>,
    service_owner_api_secret: Option<Secret>,
    service_owner_access_token: Option<Secret>,
    dpop_key: Option<Secret>,
}

impl fmt::Debug for AuthleteConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthleteConfig")
            .field("base_url", &self.base_url.as_str())
            .field("api_version", &self.api_version)
            .field("service_api_key", &self.service_api_key)
            .field("service_api_secret", &self.service_api_secret)
            .field("service_access_token", &self.service_access_token)
            .field("service_owner_api_key", &self.service_owner_api_key)
            .field("service_owner_api_secret", &self.service_owner_api_secret)
            .field(
                "service_owner_access_token",
                &self.service_owner_access_token,
            )
            .field("dpop_key", &self.dpop_key)
            .finish()
    }
}

/// The settings, each with its environment variable and its file key.
#[derive(Clone, Copy)]
enum Setting {
    BaseUrl,
    ApiVersion,
    ServiceApiKey,
    ServiceApiSecret,
    ServiceAccessToken,
    ServiceOwnerApiKey,
    ServiceOwnerApiSecret,
    ServiceOwnerAccessToken,
    DpopKey,
}

impl Setting {
    const ALL: [Setting; 9] = [
        Setting::BaseUrl,
        Setting::ApiVersion,
        Setting::ServiceApiKey,
        Setting::ServiceApiSecret,
        Setting::ServiceAccessToken,
        Setting::ServiceOwnerApiKey,
        Setting::ServiceOwnerApiSecret,
        Setting::ServiceOwnerAccessToken,
        Setting::DpopKey,
    ];

    fn variable(self) -> &'static str {
        match self {
            Setting::BaseUrl => "AUTHLETE_BASE_URL",
            Setting::ApiVersion => "AUTHLETE_API_VERSION",
            Setting::ServiceApiKey => "AUTHLETE_SERVICE_APIKEY",
            Setting::ServiceApiSecret => "AUTHLETE_SERVICE_APISECRET",
            Setting::ServiceAccessToken => "AUTHLETE_SERVICE_ACCESSTOKEN",
            Setting::ServiceOwnerApiKey => "AUTHLETE_SERVICEOWNER_APIKEY",
            Setting::ServiceOwnerApiSecret => "AUTHLETE_SERVICEOWNER_APISECRET",
            Setting::ServiceOwnerAccessToken => "AUTHLETE_SERVICEOWNER_ACCESSTOKEN",
            Setting::DpopKey => "AUTHLETE_DPOP_KEY",
        }
    }

    fn file_key(self) -> &'static str {
        match self {
            Setting::BaseUrl => "base_url",
            Setting::ApiVersion => "api_version",
            Setting::ServiceApiKey => "service.api_key",
            Setting::ServiceApiSecret => "service.api_secret",
            Setting::ServiceAccessToken => "service.access_token",
            Setting::ServiceOwnerApiKey => "service_owner.api_key",
            Setting::ServiceOwnerApiSecret => "service_owner.api_secret",
            Setting::ServiceOwnerAccessToken => "service_owner.access_token",
            Setting::DpopKey => "service.dpop_key",
        }
    }
}

/// Reads settings from one source and names them in errors.
struct Source<'a> {
    get: &'a dyn Fn(Setting) -> Option<String>,
    name: &'a dyn Fn(Setting) -> String,
}

impl Source<'_> {
    fn value(&self, setting: Setting) -> Option<String> {
        (self.get)(setting)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }

    fn missing(&self, setting: Setting, why: &str) -> ConfigError {
        ConfigError::Missing {
            setting: (self.name)(setting),
            why: why.to_owned(),
        }
    }

    fn invalid(&self, setting: Setting, reason: String) -> ConfigError {
        ConfigError::Invalid {
            setting: (self.name)(setting),
            reason,
        }
    }
}

impl AuthleteConfig {
    /// A v2 configuration: `/api/...` with HTTP Basic.
    pub fn v2(
        base_url: &str,
        service_api_key: impl Into<String>,
        service_api_secret: impl Into<Secret>,
    ) -> Result<Self, ConfigError> {
        let service_api_key = service_api_key.into();
        let secret = service_api_secret.into();
        if service_api_key.trim().is_empty() {
            return Err(ConfigError::Missing {
                setting: "service_api_key".to_owned(),
                why: "API v2 authenticates with the service API key and secret".to_owned(),
            });
        }
        if secret.expose().trim().is_empty() {
            return Err(ConfigError::Missing {
                setting: "service_api_secret".to_owned(),
                why: "API v2 authenticates with the service API key and secret".to_owned(),
            });
        }
        let config = Self::empty(
            parse_base_url(base_url, "base_url")?,
            ApiVersion::V2,
            service_api_key,
        );
        Ok(AuthleteConfig {
            service_api_secret: Some(secret),
            ..config
        })
    }

    /// A v3 configuration: `/api/{serviceId}/...` with a service access token.
    pub fn v3(
        base_url: &str,
        service_id: impl Into<String>,
        service_access_token: impl Into<Secret>,
    ) -> Result<Self, ConfigError> {
        let service_id = service_id.into();
        let token = service_access_token.into();
        if service_id.is_empty() || !service_id.chars().all(|c| c.is_ascii_digit()) {
            return Err(ConfigError::Invalid {
                setting: "service_id".to_owned(),
                reason: "API v3 puts the service ID, a number such as 715948317, in every path"
                    .to_owned(),
            });
        }
        if token.expose().trim().is_empty() {
            return Err(ConfigError::Missing {
                setting: "service_access_token".to_owned(),
                why: "API v3 authenticates with a service access token".to_owned(),
            });
        }
        let config = Self::empty(
            parse_base_url(base_url, "base_url")?,
            ApiVersion::V3,
            service_id,
        );
        Ok(AuthleteConfig {
            service_access_token: Some(token),
            ..config
        })
    }

    fn empty(base_url: Url, api_version: ApiVersion, service_api_key: String) -> Self {
        AuthleteConfig {
            base_url,
            api_version,
            service_api_key,
            service_api_secret: None,
            service_access_token: None,
            service_owner_api_key: None,
            service_owner_api_secret: None,
            service_owner_access_token: None,
            dpop_key: None,
        }
    }

    /// Reads the `AUTHLETE_*` environment variables.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the `AUTHLETE_*` variables through `lookup` (a map in tests, the environment in
    /// [`Self::from_env`]). Errors name the variable.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |setting: Setting| lookup(setting.variable());
        let name = |setting: Setting| setting.variable().to_owned();
        Self::from_source(&Source {
            get: &get,
            name: &name,
        })
    }

    /// Reads a Java-style `authlete.properties` file.
    pub fn from_properties_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let entries = parse_properties(path, &read_file(path)?)?;
        Self::from_entries(path, &entries)
    }

    /// Reads the `[authlete]` section of a Python-style `authlete.ini` file.
    pub fn from_ini_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let entries = parse_ini_section(path, &read_file(path)?, "authlete")?;
        Self::from_entries(path, &entries)
    }

    /// Reads a configuration file, choosing the format by extension (`.ini` or properties).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        if path
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("ini"))
        {
            Self::from_ini_file(path)
        } else {
            Self::from_properties_file(path)
        }
    }

    /// Finds a configuration the way the SDKs do: the `AUTHLETE_*` variables when any is set,
    /// else the file named by `AUTHLETE_CONFIGURATION_FILE`, else `authlete.properties` or
    /// `authlete.ini` in the working directory. `Ok(None)` when there is none at all, so that a
    /// program can fall back to the local development backend.
    pub fn discover() -> Result<Option<Self>, ConfigError> {
        Self::discover_in(&|name| std::env::var(name).ok(), Path::new("."))
    }

    /// [`Self::discover`] with the variables read through `lookup` and the files looked for in
    /// `dir`.
    fn discover_in(
        lookup: &dyn Fn(&str) -> Option<String>,
        dir: &Path,
    ) -> Result<Option<Self>, ConfigError> {
        if Setting::ALL
            .iter()
            .any(|setting| lookup(setting.variable()).is_some())
        {
            return Self::from_lookup(lookup).map(Some);
        }
        if let Some(path) = lookup(CONFIGURATION_FILE_VARIABLE) {
            return Self::from_file(PathBuf::from(path)).map(Some);
        }
        for candidate in ["authlete.properties", "authlete.ini"] {
            let path = dir.join(candidate);
            if path.is_file() {
                return Self::from_file(path).map(Some);
            }
        }
        Ok(None)
    }

    /// Like [`Self::discover`], but a missing configuration is an error.
    pub fn load() -> Result<Self, ConfigError> {
        Self::discover()?.ok_or(ConfigError::NotFound)
    }

    fn from_entries(path: &Path, entries: &[(String, String)]) -> Result<Self, ConfigError> {
        let get = |setting: Setting| {
            entries
                .iter()
                .rev()
                .find(|(key, _)| key == setting.file_key())
                .map(|(_, value)| value.clone())
        };
        let name = |setting: Setting| format!("{} in {}", setting.file_key(), path.display());
        Self::from_source(&Source {
            get: &get,
            name: &name,
        })
    }

    fn from_source(source: &Source<'_>) -> Result<Self, ConfigError> {
        let secret = |setting| source.value(setting).map(Secret::new);
        let api_secret = secret(Setting::ServiceApiSecret);
        let access_token = secret(Setting::ServiceAccessToken);
        let api_version = match source.value(Setting::ApiVersion) {
            Some(text) => text.parse().map_err(|()| {
                source.invalid(
                    Setting::ApiVersion,
                    format!("{text:?} is not an API version; use V2, v2, 2, V3, v3 or 3"),
                )
            })?,
            None if access_token.is_some() && api_secret.is_none() => ApiVersion::V3,
            None => ApiVersion::V2,
        };
        let base_url = match source.value(Setting::BaseUrl) {
            Some(text) => parse_base_url(&text, &(source.name)(Setting::BaseUrl))?,
            None if api_version == ApiVersion::V2 => {
                Url::parse("https://api.authlete.com").expect("constant URL")
            }
            None => {
                return Err(source.missing(
                    Setting::BaseUrl,
                    "API v3 needs the regional base URL, e.g. https://us.authlete.com",
                ));
            }
        };
        let service_api_key = source.value(Setting::ServiceApiKey).ok_or_else(|| {
            source.missing(
                Setting::ServiceApiKey,
                "it is the service's API key (in v3, the service ID)",
            )
        })?;
        match api_version {
            ApiVersion::V2 if api_secret.is_none() => {
                return Err(source.missing(
                    Setting::ServiceApiSecret,
                    "API v2 authenticates with the service API key and secret",
                ));
            }
            ApiVersion::V3 if access_token.is_none() => {
                return Err(source.missing(
                    Setting::ServiceAccessToken,
                    "API v3 authenticates with a service access token",
                ));
            }
            ApiVersion::V3 if !service_api_key.chars().all(|c| c.is_ascii_digit()) => {
                return Err(source.invalid(
                    Setting::ServiceApiKey,
                    "API v3 uses it as the service ID, which is a number".to_owned(),
                ));
            }
            _ => {}
        }
        Ok(AuthleteConfig {
            base_url,
            api_version,
            service_api_key,
            service_api_secret: api_secret,
            service_access_token: access_token,
            service_owner_api_key: source.value(Setting::ServiceOwnerApiKey),
            service_owner_api_secret: secret(Setting::ServiceOwnerApiSecret),
            service_owner_access_token: secret(Setting::ServiceOwnerAccessToken),
            dpop_key: secret(Setting::DpopKey),
        })
    }

    /// The base URL, e.g. `https://us.authlete.com`.
    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The API version.
    pub fn api_version(&self) -> ApiVersion {
        self.api_version
    }

    /// The service API key; in v3, the service ID.
    pub fn service_api_key(&self) -> &str {
        &self.service_api_key
    }

    /// The service API secret (v2).
    pub fn service_api_secret(&self) -> Option<&Secret> {
        self.service_api_secret.as_ref()
    }

    /// The service access token (v3).
    pub fn service_access_token(&self) -> Option<&Secret> {
        self.service_access_token.as_ref()
    }

    /// The service owner's API key, for management APIs.
    pub fn service_owner_api_key(&self) -> Option<&str> {
        self.service_owner_api_key.as_deref()
    }

    /// The service owner's API secret.
    pub fn service_owner_api_secret(&self) -> Option<&Secret> {
        self.service_owner_api_secret.as_ref()
    }

    /// The service owner's access token.
    pub fn service_owner_access_token(&self) -> Option<&Secret> {
        self.service_owner_access_token.as_ref()
    }

    /// The DPoP key (a private JWK with an `alg`) of a DPoP-bound service access token:
    /// [`AuthleteClient`](crate::AuthleteClient) then sends `Authorization: DPoP <token>` and a
    /// DPoP proof signed with it on every call, as Authlete's official Java SDK does.
    pub fn dpop_key(&self) -> Option<&Secret> {
        self.dpop_key.as_ref()
    }

    /// This configuration with `key` as its DPoP key (see [`dpop_key`](Self::dpop_key)); the
    /// key is checked when the client is built.
    pub fn with_dpop_key(self, key: impl Into<Secret>) -> Self {
        AuthleteConfig {
            dpop_key: Some(key.into()),
            ..self
        }
    }

    /// This configuration with the service owner's API key and secret: the credentials of the
    /// service management APIs on v2 (see [`AuthleteApi::service_get`](crate::AuthleteApi::service_get)).
    pub fn with_service_owner_credentials(
        self,
        api_key: impl Into<String>,
        api_secret: impl Into<Secret>,
    ) -> Self {
        AuthleteConfig {
            service_owner_api_key: Some(api_key.into()),
            service_owner_api_secret: Some(api_secret.into()),
            ..self
        }
    }

    /// This configuration with a service owner's access token (one with service management
    /// rights): the credential of the service management APIs on v3.
    pub fn with_service_owner_access_token(self, token: impl Into<Secret>) -> Self {
        AuthleteConfig {
            service_owner_access_token: Some(token.into()),
            ..self
        }
    }
}

fn parse_base_url(text: &str, setting: &str) -> Result<Url, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid {
        setting: setting.to_owned(),
        reason,
    };
    let url = Url::parse(text.trim()).map_err(|error| {
        invalid(format!(
            "{:?} is not a URL ({error}); e.g. https://us.authlete.com",
            shown(text)
        ))
    })?;
    if url.scheme() != "https" && url.scheme() != "http" {
        return Err(invalid(format!(
            "{:?} must start with https:// (or http:// for a local backend)",
            shown(text)
        )));
    }
    if url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(invalid(format!(
            "{} must be a plain base URL without user info, query or fragment",
            url.origin().ascii_serialization()
        )));
    }
    Ok(url)
}

/// A base URL as it may appear in a message: without user info, query or fragment, which may
/// hold credentials.
fn shown(text: &str) -> String {
    let text = text.trim();
    let text = text.split(['?', '#']).next().unwrap_or_default();
    let (scheme, rest) = match text.find("://") {
        Some(at) => text.split_at(at + 3),
        None => ("", text),
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rfind('@') {
        Some(at) => format!("{scheme}…@{}{path}", &authority[at + 1..]),
        None => format!("{scheme}{authority}{path}"),
    }
}

fn read_file(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|error| ConfigError::File {
        path: path.to_owned(),
        reason: error.to_string(),
    })
}

/// Parses Java `.properties`: `key=value`, `key: value` or `key value`; `#`/`!` comments;
/// backslash line continuation and escapes (`\t`, `\n`, `\uXXXX`, `\\`).
fn parse_properties(path: &Path, text: &str) -> Result<Vec<(String, String)>, ConfigError> {
    let mut entries = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, raw)) = lines.next() {
        let mut logical = raw.trim_start().to_owned();
        if logical.is_empty() || logical.starts_with('#') || logical.starts_with('!') {
            continue;
        }
        while ends_with_odd_backslashes(&logical) {
            logical.pop();
            match lines.next() {
                Some((_, next)) => logical.push_str(next.trim_start()),
                None => break,
            }
        }
        let split = logical
            .char_indices()
            .scan(false, |escaped, (at, ch)| {
                let this_escaped = *escaped;
                *escaped = ch == '\\' && !this_escaped;
                Some((at, ch, this_escaped))
            })
            .find(|(_, ch, escaped)| !escaped && (*ch == '=' || *ch == ':' || ch.is_whitespace()));
        let (key, value) = match split {
            Some((at, ch, _)) => {
                let rest = logical[at + ch.len_utf8()..].trim_start();
                let rest = if ch.is_whitespace() {
                    rest.strip_prefix(['=', ':']).unwrap_or(rest).trim_start()
                } else {
                    rest
                };
                (&logical[..at], rest)
            }
            None => (logical.as_str(), ""),
        };
        let key = unescape(key).map_err(|reason| ConfigError::Syntax {
            path: path.to_owned(),
            line: index + 1,
            reason,
        })?;
        let value = unescape(value).map_err(|reason| ConfigError::Syntax {
            path: path.to_owned(),
            line: index + 1,
            reason,
        })?;
        entries.push((key, value));
    }
    Ok(entries)
}

fn ends_with_odd_backslashes(line: &str) -> bool {
    line.chars().rev().take_while(|ch| *ch == '\\').count() % 2 == 1
}

fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(ch) = chars.next() {
        if ch != '\\' {
            out.push(ch);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let code = u32::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|_| hex.len() == 4)
                    .and_then(char::from_u32)
                    // The digits are part of the value, which may be a secret: not shown.
                    .ok_or_else(|| "malformed \\u escape: four hex digits expected".to_owned())?;
                out.push(code);
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    Ok(out)
}

/// Parses one section of an INI file (Python `configparser` style): `key = value` or
/// `key: value`, `#`/`;` comments, indented continuation lines, keys case-insensitive.
fn parse_ini_section(
    path: &Path,
    text: &str,
    wanted: &str,
) -> Result<Vec<(String, String)>, ConfigError> {
    let mut entries: Vec<(String, String)> = Vec::new();
    let mut in_section = false;
    let mut seen_section = false;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(header) = line.strip_prefix('[') {
            let name = header
                .strip_suffix(']')
                .ok_or_else(|| ConfigError::Syntax {
                    path: path.to_owned(),
                    line: index + 1,
                    reason: "a section header must end with ]".to_owned(),
                })?;
            in_section = name.trim() == wanted;
            seen_section |= in_section;
            continue;
        }
        if !in_section {
            continue;
        }
        if raw.starts_with([' ', '\t'])
            && let Some((_, value)) = entries.last_mut()
        {
            value.push('\n');
            value.push_str(line);
            continue;
        }
        let at = line.find(['=', ':']).ok_or_else(|| ConfigError::Syntax {
            path: path.to_owned(),
            line: index + 1,
            reason: "expected `key = value`".to_owned(),
        })?;
        entries.push((
            line[..at].trim().to_ascii_lowercase(),
            line[at + 1..].trim().to_owned(),
        ));
    }
    if !seen_section {
        return Err(ConfigError::Missing {
            setting: format!("the [{wanted}] section of {}", path.display()),
            why: "the settings are read from that section".to_owned(),
        });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| value.to_string())
        }
    }

    const SECRET: &str = "very-secret-value-123";

    #[test]
    fn v2_from_environment() {
        let config = AuthleteConfig::from_lookup(lookup(&[
            ("AUTHLETE_SERVICE_APIKEY", "1000"),
            ("AUTHLETE_SERVICE_APISECRET", SECRET),
        ]))
        .unwrap();
        assert_eq!(config.api_version(), ApiVersion::V2);
        assert_eq!(config.base_url().as_str(), "https://api.authlete.com/");
        assert_eq!(config.service_api_secret().unwrap().expose(), SECRET);
    }

    #[test]
    fn every_version_spelling_is_accepted() {
        for (text, version) in [
            ("V2", ApiVersion::V2),
            ("v2", ApiVersion::V2),
            ("2", ApiVersion::V2),
            ("V3", ApiVersion::V3),
            ("v3", ApiVersion::V3),
            ("3", ApiVersion::V3),
        ] {
            let config = AuthleteConfig::from_lookup(lookup(&[
                ("AUTHLETE_BASE_URL", "https://us.authlete.com"),
                ("AUTHLETE_API_VERSION", text),
                ("AUTHLETE_SERVICE_APIKEY", "1000"),
                ("AUTHLETE_SERVICE_APISECRET", SECRET),
                ("AUTHLETE_SERVICE_ACCESSTOKEN", SECRET),
            ]))
            .unwrap();
            assert_eq!(config.api_version(), version, "{text}");
        }
    }

    #[test]
    fn version_is_inferred_from_the_access_token() {
        let config = AuthleteConfig::from_lookup(lookup(&[
            ("AUTHLETE_BASE_URL", "https://us.authlete.com"),
            ("AUTHLETE_SERVICE_APIKEY", "1000"),
            ("AUTHLETE_SERVICE_ACCESSTOKEN", SECRET),
        ]))
        .unwrap();
        assert_eq!(config.api_version(), ApiVersion::V3);
    }

    fn error_of(pairs: &[(&str, &str)]) -> String {
        let error = AuthleteConfig::from_lookup(lookup(pairs)).unwrap_err();
        let message = error.to_string();
        assert!(!message.contains(SECRET), "{message}");
        assert!(!format!("{error:?}").contains(SECRET));
        message
    }

    #[test]
    fn unknown_version_names_the_variable() {
        let message = error_of(&[
            ("AUTHLETE_API_VERSION", "V4"),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_APISECRET", SECRET),
        ]);
        assert_eq!(
            message,
            "AUTHLETE_API_VERSION is invalid: \"V4\" is not an API version; use V2, v2, 2, V3, v3 or 3"
        );
    }

    #[test]
    fn v3_without_access_token_names_the_variable() {
        let message = error_of(&[
            ("AUTHLETE_API_VERSION", "3"),
            ("AUTHLETE_BASE_URL", "https://us.authlete.com"),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_APISECRET", SECRET),
        ]);
        assert_eq!(
            message,
            "AUTHLETE_SERVICE_ACCESSTOKEN is not set: API v3 authenticates with a service access token"
        );
    }

    #[test]
    fn v3_without_base_url_names_the_variable() {
        let message = error_of(&[
            ("AUTHLETE_API_VERSION", "v3"),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_ACCESSTOKEN", SECRET),
        ]);
        assert!(
            message.starts_with("AUTHLETE_BASE_URL is not set"),
            "{message}"
        );
    }

    #[test]
    fn v3_with_non_numeric_service_id_names_the_variable() {
        let message = error_of(&[
            ("AUTHLETE_API_VERSION", "v3"),
            ("AUTHLETE_BASE_URL", "https://us.authlete.com"),
            ("AUTHLETE_SERVICE_APIKEY", "abc"),
            ("AUTHLETE_SERVICE_ACCESSTOKEN", SECRET),
        ]);
        assert!(
            message.starts_with("AUTHLETE_SERVICE_APIKEY is invalid"),
            "{message}"
        );
    }

    #[test]
    fn v2_without_secret_names_the_variable() {
        let message = error_of(&[("AUTHLETE_SERVICE_APIKEY", "1")]);
        assert_eq!(
            message,
            "AUTHLETE_SERVICE_APISECRET is not set: API v2 authenticates with the service API key and secret"
        );
    }

    #[test]
    fn missing_api_key_names_the_variable() {
        let message = error_of(&[("AUTHLETE_SERVICE_APISECRET", SECRET)]);
        assert!(
            message.starts_with("AUTHLETE_SERVICE_APIKEY is not set"),
            "{message}"
        );
    }

    #[test]
    fn unparsable_base_url_names_the_variable() {
        let message = error_of(&[
            ("AUTHLETE_BASE_URL", "not a url"),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_APISECRET", SECRET),
        ]);
        assert!(
            message.starts_with("AUTHLETE_BASE_URL is invalid: \"not a url\" is not a URL"),
            "{message}"
        );
        let message = error_of(&[
            ("AUTHLETE_BASE_URL", "ftp://x"),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_APISECRET", SECRET),
        ]);
        assert!(message.contains("must start with https://"), "{message}");
    }

    #[test]
    fn base_url_with_credentials_is_refused_without_echoing_them() {
        let message = error_of(&[
            (
                "AUTHLETE_BASE_URL",
                &format!("https://user:{SECRET}@us.authlete.com"),
            ),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_APISECRET", "x"),
        ]);
        assert!(message.contains("without user info"), "{message}");
    }

    #[test]
    fn debug_redacts_secrets() {
        let config = AuthleteConfig::from_lookup(lookup(&[
            ("AUTHLETE_SERVICE_APIKEY", "1000"),
            ("AUTHLETE_SERVICE_APISECRET", SECRET),
            ("AUTHLETE_SERVICEOWNER_ACCESSTOKEN", SECRET),
            ("AUTHLETE_DPOP_KEY", SECRET),
        ]))
        .unwrap();
        let printed = format!("{config:?}");
        assert!(!printed.contains(SECRET), "{printed}");
        assert!(printed.contains("<redacted>"));
    }

    fn temp_file(name: &str, body: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "authlete-tower-config-{}-{name}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, body).unwrap();
        path
    }

    #[test]
    fn properties_file_with_java_syntax() {
        let path = temp_file(
            "authlete.properties",
            "# comment\n! another\nbase_url = https://us.authlete.com\napi_version: V3\nservice.api_key 715948317\nservice.access_token=abc\\\n    def\nservice.dpop_key={\"kty\":\"EC\"}\n",
        );
        let config = AuthleteConfig::from_file(&path).unwrap();
        assert_eq!(config.api_version(), ApiVersion::V3);
        assert_eq!(config.service_api_key(), "715948317");
        assert_eq!(config.service_access_token().unwrap().expose(), "abcdef");
        // The Java SDK's key for the DPoP key.
        assert_eq!(config.dpop_key().unwrap().expose(), r#"{"kty":"EC"}"#);
    }

    #[test]
    fn properties_file_errors_name_the_key_and_file() {
        let path = temp_file(
            "bad.properties",
            "api_version=V9\nservice.api_key=1\nservice.api_secret=x\n",
        );
        let message = AuthleteConfig::from_file(&path).unwrap_err().to_string();
        assert!(message.starts_with("api_version in "), "{message}");
        assert!(message.contains("bad.properties"), "{message}");
    }

    #[test]
    fn ini_file_reads_the_authlete_section() {
        let path = temp_file(
            "authlete.ini",
            "[other]\nbase_url = https://wrong.example\n\n[authlete]\n; comment\nBASE_URL = https://jp.authlete.com\nservice.api_key = 1000\nservice.api_secret: s\n",
        );
        let config = AuthleteConfig::from_file(&path).unwrap();
        assert_eq!(config.base_url().as_str(), "https://jp.authlete.com/");
        assert_eq!(config.api_version(), ApiVersion::V2);
    }

    #[test]
    fn ini_file_without_the_section_says_so() {
        let path = temp_file("nosection.ini", "[other]\nx=1\n");
        let message = AuthleteConfig::from_file(&path).unwrap_err().to_string();
        assert!(
            message.starts_with("the [authlete] section of "),
            "{message}"
        );
    }

    #[test]
    fn unreadable_file_names_the_path() {
        let message = AuthleteConfig::from_file("/nonexistent/authlete.properties")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("/nonexistent/authlete.properties"),
            "{message}"
        );
    }

    #[test]
    fn constructors_check_their_arguments_and_name_them() {
        let message = |error: ConfigError| {
            let text = error.to_string();
            assert!(!text.contains(SECRET) && !format!("{error:?}").contains(SECRET));
            text
        };
        let url = "https://us.authlete.com";
        assert!(AuthleteConfig::v3(url, "715948317", SECRET).is_ok());
        assert!(
            message(AuthleteConfig::v3(url, "my-service", SECRET).unwrap_err())
                .starts_with("service_id is invalid")
        );
        assert!(
            message(AuthleteConfig::v3(url, "", SECRET).unwrap_err())
                .starts_with("service_id is invalid")
        );
        assert!(
            message(AuthleteConfig::v3(url, "1", " ").unwrap_err())
                .starts_with("service_access_token is not set")
        );
        assert!(
            message(AuthleteConfig::v2(url, "", SECRET).unwrap_err())
                .starts_with("service_api_key is not set")
        );
        assert!(
            message(AuthleteConfig::v2(url, "1", "").unwrap_err())
                .starts_with("service_api_secret is not set")
        );
        let error = AuthleteConfig::v3(&format!("https://{SECRET}@x"), "1", SECRET).unwrap_err();
        assert!(message(error).starts_with("base_url is invalid"));
    }

    #[test]
    fn secrets_compare_by_value() {
        assert_eq!(Secret::new("abc"), Secret::from("abc"));
        assert_ne!(Secret::new("abc"), Secret::new("abd"));
        assert_ne!(Secret::new("abc"), Secret::new("abcd"));
    }

    #[test]
    fn base_url_errors_echo_neither_user_info_nor_query() {
        for url in [
            format!("ftp://user:{SECRET}@us.authlete.com/x?token={SECRET}"),
            format!("https://user:{SECRET}@us.authlete.com:99999999/"),
            format!("https://us.authlete.com:99999999/?token={SECRET}#{SECRET}"),
            format!("{SECRET}@us.authlete.com"),
        ] {
            let message = error_of(&[
                ("AUTHLETE_BASE_URL", &url),
                ("AUTHLETE_SERVICE_APIKEY", "1"),
                ("AUTHLETE_SERVICE_APISECRET", "x"),
            ]);
            assert!(
                message.starts_with("AUTHLETE_BASE_URL is invalid"),
                "{message}"
            );
            assert!(message.contains("us.authlete.com"), "{message}");
        }
    }

    #[test]
    fn shown_keeps_host_and_path() {
        assert_eq!(shown(" https://a:b@host:1/p?q#f "), "https://…@host:1/p");
        assert_eq!(shown("host/p"), "host/p");
    }

    #[test]
    fn file_settings_are_named_by_key_and_file() {
        let path = temp_file("nosecret.properties", "service.api_key=1\n");
        let message = AuthleteConfig::from_file(&path).unwrap_err().to_string();
        assert!(message.starts_with("service.api_secret in "), "{message}");
        assert!(
            message.contains("nosecret.properties is not set"),
            "{message}"
        );
        let path = temp_file(
            "v3.ini",
            &format!(
                "[authlete]\napi_version = V3\nservice.api_key = 1\nservice.access_token = {SECRET}\n"
            ),
        );
        let error = AuthleteConfig::from_file(&path).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("base_url in "), "{message}");
        assert!(message.contains("v3.ini"), "{message}");
        assert!(!message.contains(SECRET) && !format!("{error:?}").contains(SECRET));
    }

    #[test]
    fn ini_syntax_errors_name_the_line_without_echoing_it() {
        let path = temp_file(
            "syntax.ini",
            &format!("[authlete]\nbase_url = https://x\n{SECRET}\n"),
        );
        let error = AuthleteConfig::from_file(&path).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("syntax.ini:3: expected `key = value`"),
            "{message}"
        );
        assert!(!message.contains(SECRET) && !format!("{error:?}").contains(SECRET));
        let path = temp_file("header.ini", "[authlete\n");
        let message = AuthleteConfig::from_file(&path).unwrap_err().to_string();
        assert!(
            message.contains("header.ini:1: a section header must end with ]"),
            "{message}"
        );
    }

    #[test]
    fn not_found_names_every_way_to_configure() {
        let message = ConfigError::NotFound.to_string();
        for words in [
            "AUTHLETE_BASE_URL",
            "AUTHLETE_SERVICE_APIKEY",
            "AUTHLETE_SERVICE_APISECRET",
            "AUTHLETE_SERVICE_ACCESSTOKEN",
            "authlete.properties",
            "authlete.ini",
            CONFIGURATION_FILE_VARIABLE,
        ] {
            assert!(message.contains(words), "{message}");
        }
    }

    fn empty_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "authlete-tower-discover-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn discover_prefers_variables_then_the_named_file_then_the_working_directory() {
        let dir = empty_dir("order");
        let nothing = |_: &str| None;
        assert!(
            AuthleteConfig::discover_in(&nothing, &dir)
                .unwrap()
                .is_none()
        );

        std::fs::write(
            dir.join("authlete.ini"),
            "[authlete]\nbase_url = https://jp.authlete.com\nservice.api_key = 1\nservice.api_secret = s\n",
        )
        .unwrap();
        let found = AuthleteConfig::discover_in(&nothing, &dir)
            .unwrap()
            .unwrap();
        assert_eq!(found.base_url().as_str(), "https://jp.authlete.com/");

        std::fs::write(
            dir.join("authlete.properties"),
            "base_url=https://eu.authlete.com\nservice.api_key=1\nservice.api_secret=s\n",
        )
        .unwrap();
        let found = AuthleteConfig::discover_in(&nothing, &dir)
            .unwrap()
            .unwrap();
        assert_eq!(found.base_url().as_str(), "https://eu.authlete.com/");

        let named = temp_file(
            "named.properties",
            "base_url=https://br.authlete.com\nservice.api_key=1\nservice.api_secret=s\n",
        );
        let named = named.to_string_lossy().into_owned();
        let file_only = |name: &str| (name == CONFIGURATION_FILE_VARIABLE).then(|| named.clone());
        let found = AuthleteConfig::discover_in(&file_only, &dir)
            .unwrap()
            .unwrap();
        assert_eq!(found.base_url().as_str(), "https://br.authlete.com/");

        let variables = lookup(&[
            ("AUTHLETE_BASE_URL", "https://us.authlete.com"),
            ("AUTHLETE_SERVICE_APIKEY", "1"),
            ("AUTHLETE_SERVICE_APISECRET", "s"),
            (
                CONFIGURATION_FILE_VARIABLE,
                "/nonexistent/ignored.properties",
            ),
        ]);
        let found = AuthleteConfig::discover_in(&variables, &dir)
            .unwrap()
            .unwrap();
        assert_eq!(found.base_url().as_str(), "https://us.authlete.com/");
    }

    #[test]
    fn discover_reports_a_broken_configuration_instead_of_ignoring_it() {
        let dir = empty_dir("broken");
        let half = lookup(&[("AUTHLETE_SERVICE_APIKEY", "1")]);
        let message = AuthleteConfig::discover_in(&half, &dir)
            .unwrap_err()
            .to_string();
        assert!(
            message.starts_with("AUTHLETE_SERVICE_APISECRET is not set"),
            "{message}"
        );
        let missing = |name: &str| {
            (name == CONFIGURATION_FILE_VARIABLE).then(|| "/nonexistent/authlete.ini".to_owned())
        };
        let message = AuthleteConfig::discover_in(&missing, &dir)
            .unwrap_err()
            .to_string();
        assert!(message.contains("/nonexistent/authlete.ini"), "{message}");
    }

    #[test]
    fn malformed_unicode_escape_names_the_line() {
        let path = temp_file("escape.properties", "a=1\nbase_url=\\uZZ\n");
        let message = AuthleteConfig::from_file(&path).unwrap_err().to_string();
        assert!(message.contains("escape.properties:2:"), "{message}");
    }
}
