//! Request and response types of Authlete's Web API, one module per API family.
//!
//! Field names follow Authlete's JSON (camelCase on the wire, snake_case in Rust). Every field is
//! optional or defaulted; timestamps (`…At`, `authTime`) are **milliseconds** since the Unix epoch
//! and durations are seconds. In responses `client_id` is a number, as Authlete sends it. Actions,
//! reasons and other enumerations keep values this crate does not know as `Other(String)`.
//!
//! ```
//! use authlete_tower::dto::{IntrospectionAction, IntrospectionResponse};
//!
//! let json = r#"{"action":"OK","subject":"john","scopes":["profile"],"clientId":2000,
//!               "expiresAt":1893456000000,"usable":true,"newField":42}"#;
//! let response: IntrospectionResponse = serde_json::from_str(json).unwrap();
//! assert_eq!(response.action, Some(IntrospectionAction::Ok));
//! assert_eq!(response.client_id, Some(2000));
//! assert!(response.scope_list().any(|scope| scope == "profile"));
//! ```

mod authorization;
mod authorization_ticket;
mod backchannel;
mod backchannel_logout;
mod client;
mod client_management;
mod client_operations;
mod client_registration;
mod common;
mod device;
mod enums;
mod grant_management;
mod helpers;
mod id_token;
mod info;
mod introspection;
mod lenient;
mod native_sso;
mod pushed_authorization;
mod revocation;
mod service;
mod service_management;
pub(crate) mod string_enum;
mod token;
mod token_management;
mod token_operations;
mod userinfo;

pub use authorization::*;
pub use authorization_ticket::*;
pub use backchannel::*;
pub use backchannel_logout::*;
pub use client::*;
pub use client_management::*;
pub use client_operations::ClientListOptions;
pub use client_registration::*;
pub use common::*;
pub use device::*;
pub use enums::*;
pub use grant_management::*;
pub use id_token::*;
pub use info::*;
pub use introspection::*;
pub use native_sso::*;
pub use pushed_authorization::*;
pub use revocation::*;
pub use service::*;
pub use service_management::*;
pub use token::*;
pub use token_management::TokenListOptions;
pub use token_operations::*;
pub use userinfo::*;

use serde::{Deserialize, Deserializer};

/// Deserialises an explicit `null` as the type's default (the Java SDK sends `null`s).
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Deserialises a response's `clientId`: a JSON number as Authlete sends it, or a string of digits
/// as one of the specification's examples (`/auth/userinfo`) shows it; `null` is `None`.
pub(crate) fn number_or_numeric_string<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum NumberOrText<'a> {
        Number(i64),
        #[serde(borrow)]
        Text(std::borrow::Cow<'a, str>),
    }
    match Option::<NumberOrText<'de>>::deserialize(deserializer)? {
        None => Ok(None),
        Some(NumberOrText::Number(number)) => Ok(Some(number)),
        Some(NumberOrText::Text(text)) => text.trim().parse().map(Some).map_err(|_| {
            serde::de::Error::invalid_value(
                serde::de::Unexpected::Other("a string that is not a number"),
                &"a client ID (a number)",
            )
        }),
    }
}

/// Prints whether a credential is present, never its value.
pub(crate) struct Redacted<'a, T>(pub(crate) &'a T);

impl<T: RedactedPresence> std::fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_present() {
            f.write_str("<redacted>")
        } else {
            f.write_str("None")
        }
    }
}

/// Whether a field holds a value worth redacting.
pub(crate) trait RedactedPresence {
    fn is_present(&self) -> bool;
}

impl RedactedPresence for String {
    fn is_present(&self) -> bool {
        !self.is_empty()
    }
}

impl<T> RedactedPresence for Option<T> {
    fn is_present(&self) -> bool {
        self.is_some()
    }
}
