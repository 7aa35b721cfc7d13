//! Service management: `/service/get`, `/service/get/list`, `/service/create`, `/service/update`
//! and `/service/delete`, called with the service owner's credentials.
//!
//! A [`Service`] types the fields that identify a service; the other 180-odd settings of
//! Authlete's `Service` schema travel unchanged in [`Service::other`], so an update sends back
//! everything a get returned.
//!
//! ```
//! use authlete_tower::dto::Service;
//!
//! let json = r#"{"apiKey":21653835348762,"serviceName":"My service","issuer":"https://as.example.com",
//!               "accessTokenDuration":3600}"#;
//! let service: Service = serde_json::from_str(json).unwrap();
//! assert_eq!(service.api_key, Some(21653835348762));
//! assert_eq!(service.other["accessTokenDuration"], 3600);
//! assert_eq!(serde_json::to_value(&service).unwrap()["accessTokenDuration"], 3600);
//! ```

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A service as `/service/get` answers it and `/service/create` and `/service/update` take it.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Service {
    /// The service ID (v3) or API key (v2), assigned by Authlete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key: Option<i64>,
    /// The API secret (v2), assigned by Authlete. Never printed by `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_secret: Option<String>,
    /// The service's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// The issuer identifier (`iss`) of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// The description of the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The service owner's number, assigned by Authlete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_owner_number: Option<i64>,
    /// Every other setting of Authlete's `Service` schema, as Authlete sent it.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Service {
    /// A service to create, with its name and issuer.
    pub fn new(service_name: impl Into<String>, issuer: impl Into<String>) -> Self {
        Service {
            service_name: Some(service_name.into()),
            issuer: Some(issuer.into()),
            ..Service::default()
        }
    }
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("api_key", &self.api_key)
            .field(
                "api_secret",
                &self.api_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("service_name", &self.service_name)
            .field("issuer", &self.issuer)
            .field("description", &self.description)
            .field("service_owner_number", &self.service_owner_number)
            .field("other", &self.other.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// The answer of `/service/get/list`: a page of the service owner's services.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServiceListResponse {
    /// The start index (inclusive) of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<i64>,
    /// The end index (exclusive) of the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<i64>,
    /// How many services the owner has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<i64>,
    /// The services of the page.
    #[serde(default)]
    pub services: Vec<Service>,
}
