//! The Logout Token of OpenID Connect Back-Channel Logout 1.0: `/backchannel/logout/token`
//! (Authlete 3.0.32).
//!
//! Authlete's published OpenAPI specifications do not list this API yet; its fields are those of
//! `BackchannelLogoutTokenRequest` and `BackchannelLogoutTokenResponse` in Authlete's Java SDK
//! (authlete-java-common 4.43), so these types are written by hand.
//!
//! ```
//! use authlete_tower::dto::{BackchannelLogoutTokenAction, BackchannelLogoutTokenRequest,
//!                           BackchannelLogoutTokenResponse};
//!
//! let request = BackchannelLogoutTokenRequest::new("2000").with_session_id("sid-1");
//! assert_eq!(
//!     serde_json::to_value(&request).unwrap(),
//!     serde_json::json!({"clientIdentifier": "2000", "sessionId": "sid-1"})
//! );
//! let answer: BackchannelLogoutTokenResponse = serde_json::from_str(
//!     r#"{"action":"OK","logoutToken":"eyJ...","backchannelLogoutUri":"https://rp.example/logout"}"#,
//! ).unwrap();
//! assert_eq!(answer.action, Some(BackchannelLogoutTokenAction::Ok));
//! ```

use serde::{Deserialize, Serialize};

use super::string_enum::string_enum;

string_enum! {
    /// The `action` of a `/backchannel/logout/token` answer.
    BackchannelLogoutTokenAction {
        Ok => "OK",
        ServerError => "SERVER_ERROR",
        CallerError => "CALLER_ERROR",
    }
}

/// A request to `/backchannel/logout/token`: a Logout Token for a client, naming the user, the
/// session, or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelLogoutTokenRequest {
    /// The client's ID or ID alias (mandatory): the token's `aud`.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub client_identifier: String,
    /// The user's subject: the token's `sub`. This or [`session_id`](Self::session_id) is
    /// required.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub subject: Option<String>,
    /// The user's authentication session: the token's `sid` (expected when the service says
    /// `backchannel_logout_session_supported`).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub session_id: Option<String>,
}

impl BackchannelLogoutTokenRequest {
    /// A request for the client `client_identifier`; add the subject, the session or both.
    pub fn new(client_identifier: impl Into<String>) -> Self {
        BackchannelLogoutTokenRequest {
            client_identifier: client_identifier.into(),
            ..Self::default()
        }
    }

    /// Names the user (`sub`).
    pub fn with_subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Names the authentication session (`sid`).
    pub fn with_session_id(mut self, session_id: impl Into<String>) -> Self {
        self.session_id = Some(session_id.into());
        self
    }
}

/// The answer of `/backchannel/logout/token`. With `OK`, the server POSTs
/// `logout_token={logout_token}` (form-encoded) to the client's `backchannel_logout_uri`.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct BackchannelLogoutTokenResponse {
    /// The code which represents the result of the API call.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub result_message: Option<String>,
    /// What the caller does next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<BackchannelLogoutTokenAction>,
    /// The Logout Token (a signed JWT).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub logout_token: Option<String>,
    /// The client's `backchannel_logout_uri`, as registered (Authlete does not check it; it may
    /// be absent).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::dto::lenient::option_string"
    )]
    pub backchannel_logout_uri: Option<String>,
}

impl std::fmt::Debug for BackchannelLogoutTokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BackchannelLogoutTokenResponse")
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .field("action", &self.action)
            .field("logout_token", &crate::dto::Redacted(&self.logout_token))
            .field("backchannel_logout_uri", &self.backchannel_logout_uri)
            .finish()
    }
}
