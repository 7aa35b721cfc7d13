//! Grant Management for OAuth 2.0 in the local backend, in process and over HTTP (v2 and v3):
//! `grant_management_action` and `grant_id` checked at the authorization and PAR requests, the
//! grant created, merged into and replaced as codes are redeemed, the token response's
//! `grant_id`, and `/gm` querying the grant and revoking it with its tokens.

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::support::{json, start};

const REDIRECT: &str = "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/// An authorization request of the confidential demo client (`2000`), or of the public one
/// (`3000`, with PKCE), with `extra` parameters.
async fn authorize(api: &dyn AuthleteApi, client: &str, extra: &str) -> AuthorizationResponse {
    let pkce = if client == demo::PUBLIC_CLIENT_ID {
        format!(
            "&code_challenge={}&code_challenge_method=S256",
            URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))
        )
    } else {
        String::new()
    };
    api.authorization(AuthorizationRequest::new(format!(
        "response_type=code&client_id={client}&redirect_uri={REDIRECT}{pkce}{extra}"
    )))
    .await
    .unwrap()
}

/// The code flow to its token response: `extra` at the authorization request, the user `john`.
async fn tokens(api: &dyn AuthleteApi, client: &str, extra: &str) -> TokenResponse {
    tokens_of(api, client, extra, "john").await
}

/// The code flow to its token response for `user`.
async fn tokens_of(api: &dyn AuthleteApi, client: &str, extra: &str, user: &str) -> TokenResponse {
    let answer = authorize(api, client, extra).await;
    assert_eq!(
        answer.action,
        Some(AuthorizationAction::Interaction),
        "{answer:?}"
    );
    let issued = api
        .authorization_issue(AuthorizationIssueRequest::new(answer.ticket.unwrap(), user))
        .await
        .unwrap();
    let code = issued.authorization_code.unwrap();
    let mut request = TokenRequest::new(format!(
        "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}&client_id={client}{}",
        if client == demo::PUBLIC_CLIENT_ID {
            format!("&code_verifier={VERIFIER}")
        } else {
            String::new()
        }
    ));
    if client == demo::CLIENT_ID {
        request.client_id = Some(demo::CLIENT_ID.into());
        request.client_secret = Some(demo::CLIENT_SECRET.into());
    }
    let answer = api.token(request).await.unwrap();
    assert_eq!(answer.action, Some(TokenAction::Ok), "{answer:?}");
    answer
}

async fn gm(
    api: &dyn AuthleteApi,
    token: &str,
    action: GrantManagementAction,
    grant_id: &str,
) -> GmResponse {
    api.grant_management(GmRequest::new(token, action, grant_id))
        .await
        .unwrap()
}

fn scopes_of(answer: &GmResponse) -> Value {
    assert_eq!(answer.action, Some(GmAction::Ok), "{answer:?}");
    json(&answer.response_content)["scopes"].clone()
}

/// The error of a refused authorization request, from the redirect URI.
fn redirect_error(answer: &AuthorizationResponse) -> (String, String) {
    assert_eq!(
        answer.action,
        Some(AuthorizationAction::Location),
        "{answer:?}"
    );
    let location = url::Url::parse(answer.response_content.as_deref().unwrap()).unwrap();
    let get = |name: &str| {
        location
            .query_pairs()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .unwrap_or_default()
    };
    (get("error"), get("error_description"))
}

#[tokio::test]
async fn a_grant_is_created_merged_replaced_queried_and_revoked() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        // create: the token response names a new grant.
        let first = tokens(
            api,
            demo::CLIENT_ID,
            "&scope=openid%20profile&grant_management_action=create",
        )
        .await;
        let grant_id = first.grant_id.clone().expect("grant_id");
        let content = json(&first.response_content);
        assert_eq!(content["grant_id"], grant_id.as_str());
        let first_token = first.access_token.unwrap();
        let introspected = api
            .introspection(IntrospectionRequest::new(first_token.clone()))
            .await
            .unwrap();
        assert_eq!(introspected.grant_id.as_deref(), Some(grant_id.as_str()));
        let query = gm(api, &first_token, GrantManagementAction::Query, &grant_id).await;
        assert_eq!(query.result_code.as_deref(), Some("A337001"));
        assert_eq!(scopes_of(&query), json!([{"scope": "openid profile"}]));

        // merge: the authorization response shows the grant; the scopes are added.
        let merge = format!("&scope=email&grant_management_action=merge&grant_id={grant_id}");
        let pending = authorize(api, demo::CLIENT_ID, &merge).await;
        assert_eq!(pending.gm_action, Some(GrantManagementAction::Merge));
        assert_eq!(pending.grant_id.as_deref(), Some(grant_id.as_str()));
        assert_eq!(pending.grant_subject.as_deref(), Some("john"));
        let shown = pending.grant.unwrap();
        assert_eq!(
            shown.scopes.unwrap()[0].scope.as_deref(),
            Some("openid profile")
        );
        let merged = tokens(api, demo::CLIENT_ID, &merge).await;
        assert_eq!(merged.grant_id.as_deref(), Some(grant_id.as_str()));
        let merged_token = merged.access_token.unwrap();
        let query = gm(api, &merged_token, GrantManagementAction::Query, &grant_id).await;
        assert_eq!(
            scopes_of(&query),
            json!([{"scope": "openid profile email"}])
        );

        // replace: the grant holds the new request's scopes only.
        let replace = format!("&scope=openid&grant_management_action=replace&grant_id={grant_id}");
        let replaced = tokens(api, demo::CLIENT_ID, &replace).await;
        assert_eq!(replaced.grant_id.as_deref(), Some(grant_id.as_str()));
        let query = gm(api, &first_token, GrantManagementAction::Query, &grant_id).await;
        assert_eq!(scopes_of(&query), json!([{"scope": "openid"}]));

        // Without an action, no grant: no grant_id in the answer.
        let plain = tokens(api, demo::CLIENT_ID, "&scope=openid").await;
        assert_eq!(plain.grant_id, None);
        assert!(json(&plain.response_content).get("grant_id").is_none());
        let unrelated = plain.access_token.unwrap();

        // Another client's token may not touch the grant.
        let other = tokens(api, demo::PUBLIC_CLIENT_ID, "&scope=openid").await;
        let other_token = other.access_token.unwrap();
        for action in [GrantManagementAction::Query, GrantManagementAction::Revoke] {
            let refused = gm(api, &other_token, action, &grant_id).await;
            assert_eq!(refused.action, Some(GmAction::Forbidden), "{refused:?}");
            assert!(
                refused
                    .response_content
                    .as_deref()
                    .unwrap()
                    .starts_with("Bearer error=")
            );
        }

        // revoke: the grant and every token of it are gone; other tokens live on.
        let revoked = gm(api, &merged_token, GrantManagementAction::Revoke, &grant_id).await;
        assert_eq!(revoked.action, Some(GmAction::NoContent), "{revoked:?}");
        assert_eq!(revoked.response_content, None);
        for token in [&first_token, &merged_token] {
            let introspected = api
                .introspection(IntrospectionRequest::new(token.clone()))
                .await
                .unwrap();
            assert!(!introspected.usable, "{introspected:?}");
        }
        let gone = gm(api, &unrelated, GrantManagementAction::Query, &grant_id).await;
        assert_eq!(gone.action, Some(GmAction::NotFound), "{gone:?}");
        assert!(
            gone.response_content
                .as_deref()
                .unwrap()
                .contains("invalid_grant_id")
        );
        // A revoked grant cannot be merged into.
        let refused = authorize(api, demo::CLIENT_ID, &merge).await;
        assert_eq!(redirect_error(&refused).0, "invalid_grant_id");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn another_users_authorization_neither_merges_into_nor_replaces_the_grant() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let johns = tokens(
            api,
            demo::CLIENT_ID,
            "&scope=openid%20profile&grant_management_action=create",
        )
        .await;
        let grant_id = johns.grant_id.clone().unwrap();
        let johns_token = johns.access_token.unwrap();
        let mut janes_tokens = Vec::new();
        for action in ["merge", "replace"] {
            let extra =
                format!("&scope=email&grant_management_action={action}&grant_id={grant_id}");
            // The authorization server is shown whose grant it is.
            let pending = authorize(api, demo::CLIENT_ID, &extra).await;
            assert_eq!(pending.grant_subject.as_deref(), Some("john"));
            // jane authorizes anyway: her tokens are in no grant, john's grant is unchanged.
            let janes = tokens_of(api, demo::CLIENT_ID, &extra, "jane").await;
            assert_eq!(janes.grant_id, None, "{action}: {janes:?}");
            assert!(json(&janes.response_content).get("grant_id").is_none());
            let janes_token = janes.access_token.unwrap();
            let introspected = api
                .introspection(IntrospectionRequest::new(janes_token.clone()))
                .await
                .unwrap();
            assert_eq!(introspected.subject.as_deref(), Some("jane"));
            assert_eq!(introspected.grant_id, None, "{action}");
            let query = gm(api, &johns_token, GrantManagementAction::Query, &grant_id).await;
            assert_eq!(
                scopes_of(&query),
                json!([{"scope": "openid profile"}]),
                "{action}"
            );
            janes_tokens.push(janes_token);
        }
        // john's own merge still works.
        let merge = format!("&scope=email&grant_management_action=merge&grant_id={grant_id}");
        let merged = tokens(api, demo::CLIENT_ID, &merge).await;
        assert_eq!(merged.grant_id.as_deref(), Some(grant_id.as_str()));
        let query = gm(api, &johns_token, GrantManagementAction::Query, &grant_id).await;
        assert_eq!(
            scopes_of(&query),
            json!([{"scope": "openid profile email"}])
        );
        // Revoking john's grant ends his tokens, not jane's.
        let revoked = gm(api, &johns_token, GrantManagementAction::Revoke, &grant_id).await;
        assert_eq!(revoked.action, Some(GmAction::NoContent), "{revoked:?}");
        for (token, alive) in [
            (&johns_token, false),
            (&janes_tokens[0], true),
            (&janes_tokens[1], true),
        ] {
            let introspected = api
                .introspection(IntrospectionRequest::new(token.clone()))
                .await
                .unwrap();
            assert_eq!(introspected.usable, alive, "{introspected:?}");
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn gm_refuses_missing_and_dead_tokens_and_bad_calls() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let created = tokens(
            api,
            demo::CLIENT_ID,
            "&scope=openid&grant_management_action=create",
        )
        .await;
        let grant_id = created.grant_id.unwrap();
        let token = created.access_token.unwrap();
        for (presented, error) in [("", "invalid_request"), ("no-such-token", "invalid_token")] {
            let refused = gm(api, presented, GrantManagementAction::Query, &grant_id).await;
            assert_eq!(refused.action, Some(GmAction::Unauthorized), "{refused:?}");
            let challenge = refused.response_content.unwrap();
            assert!(
                challenge.starts_with(&format!("Bearer error=\"{error}\"")),
                "{challenge}"
            );
        }
        // A call without an action, with an action the endpoint does not take, or without a
        // grant ID is the caller's error.
        let mut no_action = GmRequest::new(token.clone(), GrantManagementAction::Query, &grant_id);
        no_action.gm_action = None;
        let mut no_grant = GmRequest::new(token.clone(), GrantManagementAction::Query, "");
        no_grant.grant_id = None;
        for request in [
            no_action,
            no_grant,
            GmRequest::new(token.clone(), GrantManagementAction::Create, &grant_id),
            GmRequest::new(token.clone(), GrantManagementAction::Merge, &grant_id),
        ] {
            let refused = api.grant_management(request).await.unwrap();
            assert_eq!(refused.action, Some(GmAction::CallerError), "{refused:?}");
            assert_eq!(refused.result_code.as_deref(), Some("A337101"));
        }
        let unknown = gm(api, &token, GrantManagementAction::Revoke, "no-such-grant").await;
        assert_eq!(unknown.action, Some(GmAction::NotFound));
        // Nothing was revoked by the refusals.
        let query = gm(api, &token, GrantManagementAction::Query, &grant_id).await;
        assert_eq!(scopes_of(&query), json!([{"scope": "openid"}]));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_authorization_and_par_requests_check_the_action_and_the_grant_id() {
    let backend = LocalBackend::demo();
    let (server, v2, v3) = start(backend.clone()).await;
    let apis: [&dyn AuthleteApi; 3] = [&backend, &v2, &v3];
    for api in apis {
        let public = tokens(
            api,
            demo::PUBLIC_CLIENT_ID,
            "&scope=openid&grant_management_action=create",
        )
        .await
        .grant_id
        .unwrap();
        for (extra, error) in [
            ("&grant_management_action=bogus", "invalid_request"),
            ("&grant_management_action=query", "invalid_request"),
            ("&grant_management_action=revoke", "invalid_request"),
            (
                "&grant_management_action=create&grant_id=g",
                "invalid_request",
            ),
            ("&grant_management_action=merge", "invalid_request"),
            ("&grant_management_action=replace", "invalid_request"),
            ("&grant_id=g", "invalid_request"),
            (
                "&grant_management_action=merge&grant_id=no-such-grant",
                "invalid_grant_id",
            ),
            // The public client's grant is not the confidential client's.
            (
                &format!("&grant_management_action=replace&grant_id={public}"),
                "invalid_grant_id",
            ),
        ] {
            let answer = authorize(api, demo::CLIENT_ID, &format!("&scope=openid{extra}")).await;
            let (code, description) = redirect_error(&answer);
            assert_eq!(code, error, "{extra}: {description}");
            let expected = if error == "invalid_grant_id" {
                "A004291"
            } else {
                "A004290"
            };
            assert_eq!(answer.result_code.as_deref(), Some(expected), "{extra}");

            // PAR checks the same, before a request URI is minted.
            let mut pushed = PushedAuthorizationRequest::new(format!(
                "response_type=code&client_id={}&redirect_uri={REDIRECT}&scope=openid{extra}",
                demo::CLIENT_ID
            ));
            pushed.client_id = Some(demo::CLIENT_ID.into());
            pushed.client_secret = Some(demo::CLIENT_SECRET.into());
            let answer = api.pushed_authorization(pushed).await.unwrap();
            assert_eq!(
                answer.action,
                Some(PushedAuthorizationAction::BadRequest),
                "{extra}"
            );
            assert_eq!(json(&answer.response_content)["error"], error, "{extra}");
            assert_eq!(answer.request_uri, None);
        }
        // The owner may merge into its own grant, through PAR too.
        let mut pushed = PushedAuthorizationRequest::new(format!(
            "response_type=code&client_id={}&redirect_uri={REDIRECT}&scope=openid\
             &code_challenge={}&code_challenge_method=S256\
             &grant_management_action=merge&grant_id={public}",
            demo::PUBLIC_CLIENT_ID,
            URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))
        ));
        pushed.client_id = Some(demo::PUBLIC_CLIENT_ID.into());
        let answer = api.pushed_authorization(pushed).await.unwrap();
        assert_eq!(
            answer.action,
            Some(PushedAuthorizationAction::Created),
            "{answer:?}"
        );
        let pending = api
            .authorization(AuthorizationRequest::new(format!(
                "client_id={}&request_uri={}",
                demo::PUBLIC_CLIENT_ID,
                answer.request_uri.unwrap()
            )))
            .await
            .unwrap();
        assert_eq!(pending.gm_action, Some(GrantManagementAction::Merge));
        assert_eq!(pending.grant_id.as_deref(), Some(public.as_str()));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn the_service_settings_require_an_action_or_turn_grant_management_off() {
    let mut config = LocalConfig::demo();
    config.grant_management_action_required = true;
    let backend = LocalBackend::new(config).unwrap();
    let answer = authorize(&backend, demo::CLIENT_ID, "&scope=openid").await;
    let (error, description) = redirect_error(&answer);
    assert_eq!(error, "invalid_request");
    assert!(
        description.contains("grant_management_action"),
        "{description}"
    );
    let document = backend
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(document["grant_management_action_required"], true);
    assert_eq!(
        document["grant_management_endpoint"],
        "http://localhost:8000/api/grants"
    );
    assert_eq!(
        document["grant_management_actions_supported"],
        json!(["create", "query", "replace", "revoke", "merge"])
    );

    // Off: the parameters are ignored like any unknown one, and discovery says nothing.
    let mut config = LocalConfig::demo();
    config.grant_management = false;
    let backend = LocalBackend::new(config).unwrap();
    let answer = tokens(
        &backend,
        demo::CLIENT_ID,
        "&scope=openid&grant_management_action=bogus&grant_id=g",
    )
    .await;
    assert_eq!(answer.grant_id, None);
    let document = backend
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    for key in [
        "grant_management_endpoint",
        "grant_management_actions_supported",
        "grant_management_action_required",
    ] {
        assert!(document.get(key).is_none(), "{key}");
    }
}
