//! Delivery of CIBA ping and push notifications (CIBA Core §10.2, §10.3) to the client
//! notification endpoint Authlete returned: a JSON `POST` with
//! `Authorization: Bearer <client_notification_token>`, bounded connect and total timeouts, and no
//! redirect followed (a `3xx` answer is a failure).
//!
//! ```ignore
//! let sender = NotificationSender::new(Duration::from_secs(2), Duration::from_secs(5));
//! sender.deliver("https://client.example/cb", token, r#"{"auth_req_id":"…"}"#.into()).await?;
//! ```

use std::sync::OnceLock;
use std::time::Duration;

use http::header::{AUTHORIZATION, CONTENT_TYPE};

/// Why a notification was not delivered. Its text never contains the client notification token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum NotificationError {
    /// Authlete's answer lacks the endpoint, the token or the body.
    #[error("Authlete's NOTIFICATION answer lacks {0}")]
    Incomplete(&'static str),
    /// The endpoint is not an `https` URL (or `http` to a loopback address).
    #[error("the client notification endpoint is not an https URL")]
    InsecureEndpoint,
    /// The HTTP client could not be built.
    #[error("the notification client could not be built: {0}")]
    Client(String),
    /// The endpoint was not reached (connection refused, DNS, TLS, connect timeout).
    #[error("the client notification endpoint was not reached: {0}")]
    Unreachable(String),
    /// The endpoint did not answer within the total timeout.
    #[error("the client notification endpoint did not answer in time")]
    Timeout,
    /// The endpoint answered with something other than 2xx (a redirect is not followed).
    #[error("the client notification endpoint answered {0}")]
    Status(u16),
}

/// Sends notifications with one HTTP client, built on first use.
#[derive(Debug)]
pub(crate) struct NotificationSender {
    connect_timeout: Duration,
    timeout: Duration,
    client: OnceLock<Result<reqwest::Client, String>>,
}

impl Default for NotificationSender {
    fn default() -> Self {
        Self::new(Duration::from_secs(5), Duration::from_secs(10))
    }
}

impl NotificationSender {
    pub(crate) fn new(connect_timeout: Duration, timeout: Duration) -> Self {
        Self {
            connect_timeout,
            timeout,
            client: OnceLock::new(),
        }
    }

    fn client(&self) -> Result<&reqwest::Client, NotificationError> {
        self.client
            .get_or_init(|| {
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|error| error.to_string())
            })
            .as_ref()
            .map_err(|error| NotificationError::Client(error.clone()))
    }

    /// POSTs `body` to `endpoint` with the bearer `token`; the endpoint's status on a 2xx.
    pub(crate) async fn deliver(
        &self,
        endpoint: &str,
        token: &str,
        body: String,
    ) -> Result<u16, NotificationError> {
        if !deliverable(endpoint) {
            return Err(NotificationError::InsecureEndpoint);
        }
        let answer = self
            .client()?
            .post(endpoint)
            .header(CONTENT_TYPE, "application/json")
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .body(body)
            .send()
            .await
            .map_err(|error| {
                if error.is_timeout() {
                    NotificationError::Timeout
                } else {
                    // Without the URL: the error's source says what failed.
                    NotificationError::Unreachable(error.without_url().to_string())
                }
            })?;
        let status = answer.status().as_u16();
        if answer.status().is_success() {
            Ok(status)
        } else {
            Err(NotificationError::Status(status))
        }
    }
}

/// `https`, or `http` to a loopback address (a client on the same machine, tests).
fn deliverable(endpoint: &str) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else {
        return false;
    };
    if url.fragment().is_some() || !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    match (url.scheme(), url.host()) {
        ("https", Some(_)) => true,
        ("http", Some(url::Host::Ipv4(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Ipv6(ip))) => ip.is_loopback(),
        ("http", Some(url::Host::Domain(name))) => name.eq_ignore_ascii_case("localhost"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_loopback_http_is_deliverable() {
        assert!(deliverable("https://client.example/cb"));
        assert!(deliverable("http://127.0.0.1:8080/cb"));
        assert!(deliverable("http://[::1]:8080/cb"));
        assert!(deliverable("http://localhost/cb"));
        assert!(!deliverable("http://client.example/cb"));
        assert!(!deliverable("http://10.0.0.1/cb"));
        assert!(!deliverable("https://client.example/cb#x"));
        assert!(!deliverable("https://user:pass@client.example/cb"));
        assert!(!deliverable("ftp://client.example/cb"));
        assert!(!deliverable("not a url"));
    }
}
