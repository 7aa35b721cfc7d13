//! Conveniences for the client-management APIs: the query of `/client/get/list`
//! ([`ClientListOptions`]), of `/client/authorization/get/list`, and constructors of the
//! generated requests.
//!
//! ```
//! use authlete_tower::dto::{
//!     ClientAuthorizationGetListRequest, ClientFlagUpdateRequest, ClientListOptions,
//! };
//!
//! // Lock client 2000 (`/client/lock_flag/update/2000`).
//! let lock = ClientFlagUpdateRequest::new(true);
//! assert_eq!(lock.client_locked, Some(true));
//!
//! // The first ten clients of one developer.
//! let options = ClientListOptions::default().developer("john").range(0, 10);
//! assert_eq!(
//!     options.query(),
//!     [("developer", "john".to_owned()), ("start", "0".to_owned()), ("end", "10".to_owned())]
//! );
//!
//! // The clients `alice` has authorised.
//! let request = ClientAuthorizationGetListRequest::new("alice");
//! assert_eq!(request.query(), [("subject", "alice".to_owned())]);
//! ```

use super::*;

/// Query parameters of `/client/get/list`. Authlete's defaults: `start` 0, `end` 5.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientListOptions {
    /// Only the clients of this developer.
    pub developer: Option<String>,
    /// The first index returned (inclusive).
    pub start: Option<u32>,
    /// The last index returned (exclusive).
    pub end: Option<u32>,
}

impl ClientListOptions {
    /// Sets [`Self::developer`].
    pub fn developer(mut self, developer: impl Into<String>) -> Self {
        self.developer = Some(developer.into());
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
        if let Some(developer) = &self.developer {
            query.push(("developer", developer.clone()));
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

impl ClientAuthorizationGetListRequest {
    /// The clients `subject` has authorised (that hold tokens for them).
    pub fn new(subject: impl Into<String>) -> Self {
        Self {
            subject: subject.into(),
            ..Self::default()
        }
    }

    /// Only the clients of this developer.
    pub fn developer(mut self, developer: impl Into<String>) -> Self {
        self.developer = Some(developer.into());
        self
    }

    /// Sets the first (inclusive) and last (exclusive) index returned.
    pub fn range(mut self, start: u32, end: u32) -> Self {
        self.start = Some(i64::from(start));
        self.end = Some(i64::from(end));
        self
    }

    /// The query parameters of `GET /client/authorization/get/list`, in Authlete's names.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = vec![("subject", self.subject.clone())];
        if let Some(developer) = &self.developer {
            query.push(("developer", developer.clone()));
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

impl ClientAuthorizationUpdateRequest {
    /// Replaces the scopes of every token `subject` holds at the client by `scopes`.
    pub fn new<S: Into<String>>(
        subject: impl Into<String>,
        scopes: impl IntoIterator<Item = S>,
    ) -> Self {
        Self {
            subject: subject.into(),
            scopes: Some(scopes.into_iter().map(Into::into).collect()),
        }
    }
}

impl ClientSecretUpdateRequest {
    /// Sets the client's secret to `secret` (Authlete accepts up to 86 characters of
    /// `A-Z a-z 0-9 - _`).
    pub fn new(secret: impl Into<String>) -> Self {
        Self {
            client_secret: secret.into(),
        }
    }
}

impl ClientFlagUpdateRequest {
    /// Locks (`true`) or unlocks (`false`) the client.
    pub fn new(locked: bool) -> Self {
        Self {
            client_locked: Some(locked),
        }
    }
}

impl ClientExtensionRequestableScopesUpdateRequest {
    /// The scopes the client may request from now on (others are dropped from its requests).
    pub fn new<S: Into<String>>(scopes: impl IntoIterator<Item = S>) -> Self {
        Self {
            requestable_scopes: Some(scopes.into_iter().map(Into::into).collect()),
        }
    }
}

impl AuthorizationTicketInfoRequest {
    /// A request for the information attached to `ticket`.
    pub fn new(ticket: impl Into<String>) -> Self {
        Self {
            ticket: ticket.into(),
        }
    }
}

impl AuthorizationTicketUpdateRequest {
    /// Attaches `context` (any text, as [`AuthorizationTicketInfo::context`]) to `ticket`. The
    /// info travels as an object, as Authlete's Java SDK sends it (the specification says string).
    pub fn new(ticket: impl Into<String>, context: impl Into<String>) -> Self {
        Self {
            ticket: ticket.into(),
            info: Some(AuthorizationTicketInfo::with_context(context)),
        }
    }
}

impl AuthorizationTicketInfo {
    /// Information whose `context` is `context`.
    pub fn with_context(context: impl Into<String>) -> Self {
        Self {
            context: Some(context.into()),
        }
    }
}

impl IdTokenReissueRequest {
    /// A new ID token for the grant of `access_token` and `refresh_token` (the refresh token is
    /// the grant's proof; Authlete needs both).
    pub fn new(access_token: impl Into<String>, refresh_token: impl Into<String>) -> Self {
        Self {
            access_token: access_token.into(),
            refresh_token: refresh_token.into(),
            ..Self::default()
        }
    }
}
