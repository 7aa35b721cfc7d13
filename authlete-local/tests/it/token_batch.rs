//! `/auth/token/create/batch` and its status in process and over real HTTP (v2 and v3): tokens
//! created as `/auth/token/create` creates them, a failing request failing the whole batch, dry
//! runs, and unknown request IDs.

use authlete_local::{LocalBackend, demo};
use authlete_tower::dto::*;
use authlete_tower::{ApiError, AuthleteApi};
use http::StatusCode;

use crate::support::start;

fn client_id() -> i64 {
    demo::CLIENT_ID.parse().unwrap()
}

/// A request for a token of the given value, so that the test can find it afterwards.
fn request(access_token: &str) -> TokenCreateRequest {
    let mut request = TokenCreateRequest::new(GrantType::AuthorizationCode, client_id())
        .subject("alice")
        .scopes(["profile"]);
    request.access_token = Some(access_token.to_owned());
    request
}

async fn active(api: &dyn AuthleteApi, token: &str) -> bool {
    let answer = api
        .introspection(IntrospectionRequest::new(token))
        .await
        .unwrap();
    answer.action == Some(IntrospectionAction::Ok)
}

async fn status(
    api: &dyn AuthleteApi,
    requests: Vec<TokenCreateRequest>,
    dry: bool,
) -> TokenBatchStatus {
    let accepted = api.token_create_batch(requests, dry).await.unwrap();
    assert_eq!(accepted.result_code.as_deref(), Some("A371001"));
    let id = accepted.request_id.expect("a request ID");
    let answer = api.token_create_batch_status(&id).await.unwrap();
    assert_eq!(answer.result_code.as_deref(), Some("A372001"));
    let status = answer.status.expect("a status");
    assert_eq!(status.request_id.as_deref(), Some(id.as_str()));
    assert_eq!(status.batch_kind, Some(TokenBatchKind::Create));
    assert!(status.created_at.unwrap() <= status.modified_at.unwrap());
    status
}

fn api_error(error: ApiError) -> (StatusCode, String) {
    match error {
        ApiError::Api {
            status,
            result_code,
            ..
        } => (status, result_code.unwrap_or_default()),
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn a_batch_creates_its_tokens_or_none_in_process_and_over_http() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [(&str, &dyn AuthleteApi); 3] = [("in", &backend), ("v2", &v2), ("v3", &v3)];
    for (name, api) in apis {
        let tokens = [format!("{name}-batch-a"), format!("{name}-batch-b")];
        let good = || {
            tokens
                .iter()
                .map(|token| request(token))
                .collect::<Vec<_>>()
        };

        // A dry run checks and creates nothing.
        let dry = status(api, good(), true).await;
        assert_eq!(dry.result, Some(TokenBatchResult::Succeeded), "{dry:?}");
        assert_eq!(dry.token_count, Some(2));
        assert!(!active(api, &tokens[0]).await);

        // One bad request (no subject for an authorization-code token): nothing is created.
        let mut bad = good();
        bad.push(TokenCreateRequest::new(
            GrantType::AuthorizationCode,
            client_id(),
        ));
        let failed = status(api, bad, false).await;
        assert_eq!(failed.result, Some(TokenBatchResult::Failed), "{failed:?}");
        assert_eq!(failed.error_code.as_deref(), Some("A109201"));
        assert!(
            failed
                .error_description
                .as_deref()
                .unwrap()
                .starts_with("Request #2 of the batch: [A109201]"),
            "{failed:?}"
        );
        assert_eq!(failed.token_count, Some(0));
        assert!(!active(api, &tokens[0]).await);

        // The good batch creates both, as /auth/token/create would.
        let done = status(api, good(), false).await;
        assert_eq!(done.result, Some(TokenBatchResult::Succeeded), "{done:?}");
        assert_eq!(done.token_count, Some(2));
        for token in &tokens {
            assert!(active(api, token).await, "{token}");
        }
        // Again: the values exist now, so the batch fails at its first request.
        let again = status(api, good(), false).await;
        assert_eq!(again.result, Some(TokenBatchResult::Failed));
        assert_eq!(again.error_code.as_deref(), Some("A109201"));

        // An empty batch is refused; an unknown ID is not found.
        let empty = api.token_create_batch(Vec::new(), false).await.unwrap_err();
        assert_eq!(
            api_error(empty),
            (StatusCode::BAD_REQUEST, "A371201".to_owned())
        );
        let unknown = api.token_create_batch_status("nope").await.unwrap_err();
        assert_eq!(
            api_error(unknown),
            (StatusCode::NOT_FOUND, "A372301".to_owned())
        );
    }
    server.shutdown().await;
}
