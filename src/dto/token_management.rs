//! Conveniences for the token-management APIs: constructors of the generated requests and the
//! query of `/auth/token/get/list` ([`TokenListOptions`]).
//!
//! ```
//! use authlete_tower::dto::{GrantType, TokenCreateRequest, TokenListOptions};
//!
//! // A token for `alice` at client 2000, without a login flow (Authlete's `/auth/token/create`).
//! let request = TokenCreateRequest::new(GrantType::AuthorizationCode, 2000)
//!     .subject("alice")
//!     .scopes(["profile", "email"]);
//! assert_eq!(request.client_id, Some(2000));
//! assert_eq!(request.scopes.as_deref(), Some(&["profile".to_owned(), "email".to_owned()][..]));
//!
//! let options = TokenListOptions::default().subject("alice").range(0, 10);
//! assert_eq!(options.end, Some(10));
//! ```

use super::*;

impl TokenCreateRequest {
    /// A request for a token of `grant_type` at the client `client_id`. Every grant type but
    /// [`GrantType::ClientCredentials`] also needs a [`subject`](Self::subject).
    pub fn new(grant_type: GrantType, client_id: i64) -> Self {
        Self {
            grant_type: Some(grant_type),
            client_id: Some(client_id),
            ..Self::default()
        }
    }

    /// Sets the resource owner the token is for.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Sets the scopes the token covers.
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the resources (RFC 8707) the token is meant for.
    pub fn resources<S: Into<String>>(mut self, resources: impl IntoIterator<Item = S>) -> Self {
        self.resources = Some(resources.into_iter().map(Into::into).collect());
        self
    }

    /// Sets the access token's lifetime; zero means the service's default.
    pub fn access_token_duration(mut self, duration: std::time::Duration) -> Self {
        self.access_token_duration = Some(i64::try_from(duration.as_secs()).unwrap_or(i64::MAX));
        self
    }

    /// Sets the extra properties the token carries.
    pub fn properties(mut self, properties: impl IntoIterator<Item = Property>) -> Self {
        self.properties = Some(properties.into_iter().collect());
        self
    }
}

impl TokenUpdateRequest {
    /// A request to change the access token `access_token` (its value, not its hash).
    pub fn new(access_token: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            ..Self::default()
        }
    }
}

impl TokenRevokeRequest {
    /// A request to revoke one access token, named by its value or the hash of its value.
    pub fn access_token(identifier: impl Into<String>) -> Self {
        Self {
            access_token_identifier: Some(identifier.into()),
            ..Self::default()
        }
    }

    /// A request to revoke one refresh token (and its access tokens), named by its value or hash.
    pub fn refresh_token(identifier: impl Into<String>) -> Self {
        Self {
            refresh_token_identifier: Some(identifier.into()),
            ..Self::default()
        }
    }

    /// A request to revoke every token of `subject` (at one client, if
    /// [`client_identifier`](Self::client_identifier) is set).
    pub fn subject(subject: impl Into<String>) -> Self {
        Self {
            subject: Some(subject.into()),
            ..Self::default()
        }
    }
}

/// Query parameters of `/auth/token/get/list`. Authlete's defaults: `start` 0, `end` 5.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenListOptions {
    /// Only the tokens of this client (client ID or alias).
    pub client_identifier: Option<String>,
    /// Only the tokens of this resource owner.
    pub subject: Option<String>,
    /// The first index returned (inclusive).
    pub start: Option<u32>,
    /// The last index returned (exclusive).
    pub end: Option<u32>,
}

impl TokenListOptions {
    /// Sets [`Self::client_identifier`].
    pub fn client_identifier(mut self, client: impl Into<String>) -> Self {
        self.client_identifier = Some(client.into());
        self
    }

    /// Sets [`Self::subject`].
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Sets [`Self::start`] and [`Self::end`].
    pub fn range(mut self, start: u32, end: u32) -> Self {
        self.start = Some(start);
        self.end = Some(end);
        self
    }

    /// The query parameters, in Authlete's names.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(client) = &self.client_identifier {
            query.push(("clientIdentifier", client.clone()));
        }
        if let Some(subject) = &self.subject {
            query.push(("subject", subject.clone()));
        }
        if let Some(start) = self.start {
            query.push(("start", start.to_string()));
        }
        if let Some(end) = self.end {
            query.push(("end", end.to_string()));
        }
        query
    }
}
