//! Authorization tickets: `/auth/authorization/ticket/info` and `/auth/authorization/ticket/update`.
//!
//! Generated from Authlete's OpenAPI specification by `tools/gen_dto.py`; edit the generator, not
//! this file. Every field is optional or defaulted, unknown fields are ignored and an explicit
//! `null` is accepted, so answers from any Authlete version (and the Java SDK's requests) parse.

use serde::{Deserialize, Serialize};

#[allow(unused_imports)]
use super::*;

/// `authorization_ticket_info_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationTicketInfoRequest {
    /// The ticket that has been issued from the `/auth/authorization` API.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
}

impl std::fmt::Debug for AuthorizationTicketInfoRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationTicketInfoRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .finish()
    }
}

/// `authorization_ticket_info_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationTicketInfoResponse {
    /// Information about the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<AuthorizationTicketInfo>,
    /// The result of the `/auth/authorization/ticket/info` API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuthorizationTicketAction>,
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
}

impl std::fmt::Debug for AuthorizationTicketInfoResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationTicketInfoResponse")
            .field("info", &self.info)
            .field("action", &self.action)
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .finish()
    }
}

/// `authorization_ticket_update_request` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationTicketUpdateRequest {
    /// The ticket.
    #[serde(default, deserialize_with = "crate::dto::lenient::string")]
    pub ticket: String,
    /// The information about the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<AuthorizationTicketInfo>,
}

impl std::fmt::Debug for AuthorizationTicketUpdateRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationTicketUpdateRequest")
            .field("ticket", &crate::dto::Redacted(&self.ticket))
            .field("info", &self.info)
            .finish()
    }
}

/// `authorization_ticket_update_response` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationTicketUpdateResponse {
    /// Information about the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<AuthorizationTicketInfo>,
    /// The result of the /auth/authorization/ticket/info API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<AuthorizationTicketAction>,
    /// The code which represents the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<String>,
    /// A short message which explains the result of the API call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_message: Option<String>,
}

impl std::fmt::Debug for AuthorizationTicketUpdateResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationTicketUpdateResponse")
            .field("info", &self.info)
            .field("action", &self.action)
            .field("result_code", &self.result_code)
            .field("result_message", &self.result_message)
            .finish()
    }
}

/// `authorization_ticket_info` of Authlete's API.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthorizationTicketInfo {
    /// The arbitrary text attached to the ticket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

impl std::fmt::Debug for AuthorizationTicketInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationTicketInfo")
            .field("context", &self.context)
            .finish()
    }
}
