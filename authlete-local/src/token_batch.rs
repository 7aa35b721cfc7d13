//! `/auth/token/create/batch` and `/auth/token/create/batch/status/{requestId}`: many
//! `/auth/token/create` requests under one request ID, and how the batch went.
//!
//! Authlete runs a batch in the background and answers its request ID at once; the local backend
//! runs it before answering, so the status is final when the ID is known. Every request is checked
//! first, as `/auth/token/create` checks it: when one fails, the batch creates nothing and its
//! status is `FAILED` with that request's result code and message; otherwise every token is
//! created, as `/auth/token/create` creates it, and the status is `SUCCEEDED` with the number of
//! tokens. A dry run (`dryRun=true`) checks the requests only: its status counts the requests that
//! passed and no token exists afterwards. The statuses live in memory (the newest
//! [`MAX_BATCHES`]), not in the data file.

use http::StatusCode;

use super::engine::{Engine, api_error};
use super::random;
use super::result_codes as rc;
use authlete_tower::api::{ApiError, Operation};
use authlete_tower::dto::*;

/// How many batch statuses the backend keeps; the oldest go first.
pub(crate) const MAX_BATCHES: usize = 1000;

/// The most requests one batch may hold.
const MAX_REQUESTS: usize = 1000;

impl Engine {
    /// `/auth/token/create/batch`.
    pub(crate) fn token_create_batch(
        &self,
        requests: Vec<TokenCreateRequest>,
        dry_run: bool,
    ) -> Result<TokenCreateBatchResponse, ApiError> {
        let operation = Operation::TokenCreateBatch;
        if requests.is_empty() || requests.len() > MAX_REQUESTS {
            return Err(api_error(
                operation,
                StatusCode::BAD_REQUEST,
                rc::TOKEN_BATCH_BAD,
                Some(&format!(
                    "The body must be a JSON array of 1 to {MAX_REQUESTS} token creation requests."
                )),
            ));
        }
        let created_at = self.now();
        let mut status = TokenBatchStatus::default();
        status.batch_kind = Some(TokenBatchKind::Create);
        status.request_id = Some(random::token());
        status.created_at = Some(created_at);
        let failure = requests.iter().enumerate().find_map(|(index, request)| {
            self.token_create_or_check(request.clone(), true)
                .err()
                .map(|error| (index, error))
        });
        match failure {
            Some((index, error)) => {
                let (code, message) = match error {
                    ApiError::Api {
                        result_code,
                        result_message,
                        ..
                    } => (result_code, result_message),
                    other => (None, Some(other.to_string())),
                };
                status.result = Some(TokenBatchResult::Failed);
                status.error_code = code;
                status.error_description = Some(format!(
                    "Request #{index} of the batch: {}",
                    message.unwrap_or_default()
                ));
                status.token_count = Some(0);
            }
            None => {
                let mut count = 0i64;
                let mut error = None;
                if !dry_run {
                    for (index, request) in requests.into_iter().enumerate() {
                        // A request checked above can still fail here (two requests of the
                        // batch giving the same token value, a full state): the batch stops.
                        match self.token_create(request) {
                            Ok(_) => count += 1,
                            Err(failure) => {
                                error = Some((index, failure));
                                break;
                            }
                        }
                    }
                } else {
                    count = i64::try_from(requests.len()).unwrap_or(i64::MAX);
                }
                match error {
                    None => status.result = Some(TokenBatchResult::Succeeded),
                    Some((index, failure)) => {
                        status.result = Some(TokenBatchResult::Failed);
                        if let ApiError::Api {
                            result_code,
                            result_message,
                            ..
                        } = failure
                        {
                            status.error_code = result_code;
                            status.error_description = Some(format!(
                                "Request #{index} of the batch: {}",
                                result_message.unwrap_or_default()
                            ));
                        }
                    }
                }
                status.token_count = Some(count);
            }
        }
        status.modified_at = Some(self.now());
        let request_id = status.request_id.clone();
        {
            let mut batches = self
                .batches
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            while batches.len() >= MAX_BATCHES {
                batches.pop_front();
            }
            batches.push_back(status);
        }
        let (result_code, result_message) = rc::TOKEN_BATCH_ACCEPTED.pair();
        let mut answer = TokenCreateBatchResponse::default();
        answer.result_code = result_code;
        answer.result_message = result_message;
        answer.request_id = request_id;
        Ok(answer)
    }

    /// `/auth/token/create/batch/status/{requestId}`.
    pub(crate) fn token_create_batch_status(
        &self,
        request_id: &str,
    ) -> Result<TokenCreateBatchStatusResponse, ApiError> {
        let batches = self
            .batches
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(status) = batches
            .iter()
            .find(|status| status.request_id.as_deref() == Some(request_id))
        else {
            return Err(api_error(
                Operation::TokenCreateBatchStatus,
                StatusCode::NOT_FOUND,
                rc::TOKEN_BATCH_UNKNOWN,
                None,
            ));
        };
        let (result_code, result_message) = rc::TOKEN_BATCH_STATUS_OK.pair();
        let mut answer = TokenCreateBatchStatusResponse::default();
        answer.result_code = result_code;
        answer.result_message = result_message;
        answer.status = Some(status.clone());
        Ok(answer)
    }
}
