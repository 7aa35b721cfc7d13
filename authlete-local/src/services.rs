//! Service management: `/service/get`, `/service/get/list`, `/service/create`,
//! `/service/update` and `/service/delete` over a registry of the service owner's services.
//!
//! The configured service is the first of the registry: its ID is the configured API key, its
//! issuer the configured issuer, and its API secret is never answered. A created service gets a
//! new ID and API secret. Only the configured service serves the endpoint APIs: a created
//! service exists for the management APIs alone, and updating the configured service changes
//! what `/service/get` answers, not `/service/configuration`. The configured service cannot be
//! deleted. The registry lives in memory, not in the data file.

use http::StatusCode;

use super::engine::{Engine, api_error};
use super::random;
use super::result_codes as rc;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::{Service, ServiceListResponse};

/// The service owner number of every service of the local backend.
const OWNER_NUMBER: i64 = 1;

/// The most services the registry holds (the configured one included).
pub(crate) const MAX_SERVICES: usize = 1000;

impl Engine {
    /// The registry, with the configured service first.
    fn services(&self) -> std::sync::MutexGuard<'_, Vec<Service>> {
        let mut services = self.services.lock().unwrap_or_else(|e| e.into_inner());
        if services.is_empty() {
            let mut configured = Service::new("authlete-local", self.config.issuer.clone());
            configured.api_key = Some(self.service_number());
            configured.service_owner_number = Some(OWNER_NUMBER);
            services.push(configured);
        }
        services
    }

    fn not_found(operation: Operation) -> ApiError {
        api_error(
            operation,
            StatusCode::NOT_FOUND,
            rc::SERVICE_NOT_FOUND,
            None,
        )
    }

    /// The position of service `id` in the registry.
    fn service_index(
        services: &[Service],
        operation: Operation,
        id: &str,
    ) -> Result<usize, ApiError> {
        let id: i64 = id.parse().map_err(|_| Self::not_found(operation))?;
        services
            .iter()
            .position(|service| service.api_key == Some(id))
            .ok_or_else(|| Self::not_found(operation))
    }

    /// `/service/get`.
    pub(crate) fn service_get(&self, id: &str) -> Result<Service, ApiError> {
        let services = self.services();
        let index = Self::service_index(&services, Operation::ServiceGet, id)?;
        Ok(services[index].clone())
    }

    /// `/service/get/list`: `start` (default 0) inclusive to `end` (default 5) exclusive.
    pub(crate) fn service_get_list(
        &self,
        start: Option<u32>,
        end: Option<u32>,
    ) -> Result<ServiceListResponse, ApiError> {
        let services = self.services();
        let start = start.unwrap_or(0) as usize;
        let end = end.unwrap_or(5) as usize;
        if end < start {
            return Err(api_error(
                Operation::ServiceGetList,
                StatusCode::BAD_REQUEST,
                rc::API_BAD_JSON,
                Some("end is smaller than start"),
            ));
        }
        let page = services
            .iter()
            .skip(start)
            .take(end - start)
            .cloned()
            .collect();
        let mut response = ServiceListResponse::default();
        response.start = Some(start as i64);
        response.end = Some(end as i64);
        response.total_count = Some(services.len() as i64);
        response.services = page;
        Ok(response)
    }

    /// `/service/create`: the service with a new ID and API secret.
    pub(crate) fn service_create(&self, mut service: Service) -> Result<Service, ApiError> {
        let mut services = self.services();
        if services.len() >= MAX_SERVICES {
            return Err(super::engine::capacity(Operation::ServiceCreate));
        }
        let id = loop {
            let id = (i64::from_be_bytes(random::bytes::<8>()) & 0x0000_3fff_ffff_ffff).max(1);
            if services.iter().all(|known| known.api_key != Some(id)) {
                break id;
            }
        };
        service.api_key = Some(id);
        service.api_secret = Some(random::token());
        service.service_owner_number = Some(OWNER_NUMBER);
        services.push(service.clone());
        Ok(service)
    }

    /// `/service/update`: the settings replaced, the ID, API secret and owner kept.
    pub(crate) fn service_update(
        &self,
        id: &str,
        mut service: Service,
    ) -> Result<Service, ApiError> {
        let mut services = self.services();
        let index = Self::service_index(&services, Operation::ServiceUpdate, id)?;
        let known = &services[index];
        service.api_key = known.api_key;
        service.api_secret = known.api_secret.clone();
        service.service_owner_number = known.service_owner_number;
        services[index] = service.clone();
        Ok(service)
    }

    /// `/service/delete`: refused for the configured service.
    pub(crate) fn service_delete(&self, id: &str) -> Result<(), ApiError> {
        let mut services = self.services();
        let index = Self::service_index(&services, Operation::ServiceDelete, id)?;
        if index == 0 {
            return Err(api_error(
                Operation::ServiceDelete,
                StatusCode::BAD_REQUEST,
                rc::SERVICE_DELETE_CONFIGURED,
                None,
            ));
        }
        services.remove(index);
        Ok(())
    }
}
