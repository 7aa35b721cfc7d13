//! The HTTP face of client administration (`client_administration.rs`): which paths name its
//! APIs, the methods each takes, and how a call becomes an engine call.
//!
//! ```text
//! DELETE /api/1000/client/granted_scopes/delete/2000?subject=alice
//! 200 {"resultCode":"A154001","resultMessage":"[A154001] The granted scopes were deleted."}
//! ```
//!
//! Where Authlete's specification offers a `POST` beside a `GET` or a `DELETE` (the subject in
//! the JSON body rather than the query), both are served; `/client/extension/requestable_scopes/
//! update` takes `PUT` and `POST`.

use axum::body::Bytes;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode};

use super::{answer, api_error_response, decoded, error_response, parse};
use crate::LocalBackend;
use crate::result_codes as rc;
use authlete_tower::api::{AuthleteApi, Operation};
use authlete_tower::dto::*;

/// The administration APIs whose path ends with one parameter.
const PARAMETERISED: &[Operation] = &[
    Operation::ClientUpdate,
    Operation::ClientSecretUpdate,
    Operation::ClientLockFlagUpdate,
    Operation::ClientRequestableScopesGet,
    Operation::ClientRequestableScopesUpdate,
    Operation::ClientRequestableScopesDelete,
    Operation::ClientGrantedScopesGet,
    Operation::ClientGrantedScopesDelete,
    Operation::ClientAuthorizationUpdate,
    Operation::ClientAuthorizationDelete,
];

/// Whether the administration routes serve `operation`.
pub(super) fn serves(operation: Operation) -> bool {
    PARAMETERISED.contains(&operation)
        || matches!(
            operation,
            Operation::ClientList | Operation::ClientAuthorizationList
        )
}

/// The administration API at `rest` and its path parameter: `/client/update/2000` →
/// (`ClientUpdate`, `2000`).
pub(super) fn find(rest: &str) -> Option<(Operation, &str)> {
    PARAMETERISED.iter().find_map(|operation| {
        let prefix = operation.path().rsplit_once('/')?.0;
        let parameter = rest.strip_prefix(prefix)?.strip_prefix('/')?;
        (!parameter.is_empty() && !parameter.contains('/')).then_some((*operation, parameter))
    })
}

/// The methods an administration API accepts, or `None` for another operation.
pub(super) fn methods(operation: Operation) -> Option<Vec<Method>> {
    if !serves(operation) {
        return None;
    }
    Some(match operation {
        Operation::ClientAuthorizationList | Operation::ClientGrantedScopesGet => {
            vec![Method::GET, Method::POST]
        }
        Operation::ClientAuthorizationDelete => vec![Method::DELETE, Method::POST],
        Operation::ClientRequestableScopesUpdate => vec![Method::PUT, Method::POST],
        other => vec![other.method()],
    })
}

/// The `subject` of a call: in the query, or in the JSON body of the `POST` form.
fn subject(
    method: &Method,
    query: Option<&str>,
    body: &Bytes,
    path: &str,
) -> Result<String, Box<Response>> {
    if method == Method::POST {
        #[derive(serde::Deserialize)]
        struct Subject {
            #[serde(default)]
            subject: Option<String>,
        }
        let given: Subject = parse(body, path)?;
        return Ok(given.subject.unwrap_or_default());
    }
    Ok(query_value(query, "subject").unwrap_or_default())
}

fn query_value(query: Option<&str>, wanted: &str) -> Option<String> {
    query.and_then(|query| {
        form_urlencoded::parse(query.as_bytes())
            .find(|(name, _)| name == wanted)
            .map(|(_, value)| value.into_owned())
    })
}

/// `start` and `end` of the query; `Err` is the 400 answer.
fn query_range(
    query: Option<&str>,
    path: &str,
) -> Result<(Option<u32>, Option<u32>), Box<Response>> {
    let mut range = [None, None];
    for (name, slot) in ["start", "end"].into_iter().zip(range.iter_mut()) {
        if let Some(value) = query_value(query, name) {
            *slot = Some(value.parse::<u32>().map_err(|_| {
                Box::new(error_response(
                    StatusCode::BAD_REQUEST,
                    rc::CLIENT_LIST_BAD,
                    path,
                    Some(&format!("'{name}' must be a non-negative integer.")),
                ))
            })?);
        }
    }
    Ok((range[0], range[1]))
}

/// Serves one administration call.
pub(super) async fn dispatch(
    backend: &LocalBackend,
    operation: Operation,
    method: &Method,
    parameter: Option<&str>,
    query: Option<&str>,
    body: &Bytes,
) -> Response {
    let path = operation.path();
    let id = decoded(parameter);
    macro_rules! body {
        ($type:ty) => {
            match parse::<$type>(body, path) {
                Ok(value) => value,
                Err(response) => return *response,
            }
        };
    }
    macro_rules! subject {
        () => {
            match subject(method, query, body, path) {
                Ok(subject) => subject,
                Err(response) => return *response,
            }
        };
    }
    match operation {
        Operation::ClientList => {
            let (start, end) = match query_range(query, path) {
                Ok(range) => range,
                Err(response) => return *response,
            };
            let mut options = ClientListOptions::default();
            options.developer = query_value(query, "developer");
            options.start = start;
            options.end = end;
            answer(operation, backend.client_list(options).await)
        }
        Operation::ClientUpdate => {
            let client = body!(Client);
            answer(operation, backend.client_update(&id, client).await)
        }
        Operation::ClientSecretUpdate => {
            let request = body!(ClientSecretUpdateRequest);
            answer(operation, backend.client_secret_update(&id, request).await)
        }
        Operation::ClientLockFlagUpdate => {
            let request = body!(ClientFlagUpdateRequest);
            answer(
                operation,
                backend.client_lock_flag_update(&id, request).await,
            )
        }
        Operation::ClientRequestableScopesGet => {
            answer(operation, backend.client_requestable_scopes_get(&id).await)
        }
        Operation::ClientRequestableScopesUpdate => {
            let request = body!(ClientExtensionRequestableScopesUpdateRequest);
            answer(
                operation,
                backend.client_requestable_scopes_update(&id, request).await,
            )
        }
        Operation::ClientRequestableScopesDelete => {
            match backend.client_requestable_scopes_delete(&id).await {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err(error) => api_error_response(operation, &error),
            }
        }
        Operation::ClientGrantedScopesGet => {
            let subject = subject!();
            answer(
                operation,
                backend.client_granted_scopes_get(&id, &subject).await,
            )
        }
        Operation::ClientGrantedScopesDelete => {
            let subject = subject!();
            answer(
                operation,
                backend.client_granted_scopes_delete(&id, &subject).await,
            )
        }
        Operation::ClientAuthorizationList => {
            let request = if method == Method::POST {
                body!(ClientAuthorizationGetListRequest)
            } else {
                let (start, end) = match query_range(query, path) {
                    Ok(range) => range,
                    Err(response) => return *response,
                };
                let mut request = ClientAuthorizationGetListRequest::new(subject!());
                request.developer = query_value(query, "developer");
                request.start = start.map(i64::from);
                request.end = end.map(i64::from);
                request
            };
            answer(operation, backend.client_authorization_list(request).await)
        }
        Operation::ClientAuthorizationUpdate => {
            let request = body!(ClientAuthorizationUpdateRequest);
            answer(
                operation,
                backend.client_authorization_update(&id, request).await,
            )
        }
        Operation::ClientAuthorizationDelete => {
            let subject = subject!();
            answer(
                operation,
                backend.client_authorization_delete(&id, &subject).await,
            )
        }
        _ => error_response(StatusCode::NOT_FOUND, rc::API_NOT_FOUND, path, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameterised_paths_name_their_api_and_parameter() {
        assert_eq!(
            find("/client/update/2000"),
            Some((Operation::ClientUpdate, "2000"))
        );
        assert_eq!(
            find("/client/extension/requestable_scopes/delete/2000"),
            Some((Operation::ClientRequestableScopesDelete, "2000"))
        );
        assert_eq!(find("/client/update/"), None);
        // The `{clientId}/{subject}` forms are other APIs (see unavailable.rs).
        assert_eq!(find("/client/granted_scopes/get/2000/alice"), None);
        assert_eq!(find("/client/get/2000"), None);
    }
}
