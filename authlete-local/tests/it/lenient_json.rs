//! Authlete binds request JSON with Jackson: a JSON number or boolean sent for a string field is
//! taken as its text. The Django sample sends Django's integer `user.id` as `"subject": 1`; the
//! local backend takes what Authlete takes, on v2 and v3.

use authlete_local::{LocalBackend, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use serde_json::Value;

use crate::support::start;

const REDIRECT: &str = "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection";

/// POSTs `body` as JSON to `path` with the API credentials of the demo service.
async fn post_raw(base: &str, path: &str, v3: bool, body: &str) -> (u16, Value) {
    use base64::Engine;
    let auth = if v3 {
        format!("Bearer {}", demo::SERVICE_ACCESS_TOKEN)
    } else {
        let pair = format!("{}:{}", demo::SERVICE_API_KEY, demo::SERVICE_API_SECRET);
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(pair)
        )
    };
    let prefix = if v3 {
        format!("/api/{}", demo::SERVICE_API_KEY)
    } else {
        "/api".to_owned()
    };
    let response = reqwest::Client::new()
        .post(format!("{base}{prefix}{path}"))
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_django_samples_integer_subject_is_accepted_at_authorization_issue() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for (v3_paths, api) in [(false, &v2), (true, &v3)] {
        let interaction = api
            .authorization(AuthorizationRequest::new(format!(
                "response_type=code&client_id=2000&redirect_uri={REDIRECT}&scope=openid&nonce=n"
            )))
            .await
            .unwrap();
        assert_eq!(interaction.action, Some(AuthorizationAction::Interaction));
        let ticket = interaction.ticket.unwrap();
        // The exact shape authlete-python 1.3 sends for the Django sample.
        let body = format!(
            r#"{{"ticket": "{ticket}", "subject": 1, "sub": null, "authTime": 1796123354, "acr": null, "claims": null, "properties": null, "scopes": null, "idtHeaderParams": null, "claimsForTx": null, "verifiedClaimsForTx": null, "consentedClaims": null, "jwtAtClaims": null, "accessToken": null}}"#
        );
        let (status, answer) = post_raw(
            &server.base_url(),
            "/auth/authorization/issue",
            v3_paths,
            &body,
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["action"], "LOCATION", "{answer}");
        let location = answer["responseContent"].as_str().unwrap();
        let url = url::Url::parse(location).unwrap();
        let code = url
            .query_pairs()
            .find(|(name, _)| name == "code")
            .map(|(_, value)| value.into_owned())
            .expect("a code in the redirect");

        // The code belongs to the subject "1".
        let mut token = TokenRequest::new(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        ));
        token.client_id = Some(demo::CLIENT_ID.into());
        token.client_secret = Some(demo::CLIENT_SECRET.into());
        let issued = api.token(token).await.unwrap();
        assert_eq!(issued.action, Some(TokenAction::Ok), "{issued:?}");
        assert_eq!(issued.subject.as_deref(), Some("1"));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn numbers_and_booleans_are_text_at_token_issue_and_elsewhere() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for (v3_paths, api) in [(false, &v2), (true, &v3)] {
        let mut request = TokenRequest::new("grant_type=password&username=1&password=pw");
        request.client_id = Some(demo::CLIENT_ID.into());
        request.client_secret = Some(demo::CLIENT_SECRET.into());
        let password = api.token(request).await.unwrap();
        assert_eq!(password.action, Some(TokenAction::Password));
        let ticket = password.ticket.unwrap();
        let body = format!(r#"{{"ticket": "{ticket}", "subject": 1, "properties": null}}"#);
        let (status, answer) =
            post_raw(&server.base_url(), "/auth/token/issue", v3_paths, &body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["action"], "OK", "{answer}");
        let content: Value =
            serde_json::from_str(answer["responseContent"].as_str().unwrap()).unwrap();
        let access_token = content["access_token"].as_str().unwrap().to_owned();

        // A number for `subject` and a boolean for a string field of /auth/introspection.
        let body = format!(r#"{{"token": "{access_token}", "subject": 1, "htm": true}}"#);
        let (status, answer) =
            post_raw(&server.base_url(), "/auth/introspection", v3_paths, &body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["action"], "OK", "{answer}");
        assert_eq!(answer["subject"], "1");

        // A client ID given as a number at /auth/token (clientId is a string there).
        let body = r#"{"parameters": "grant_type=client_credentials", "clientId": 2000, "clientSecret": "demo-secret"}"#;
        let (status, answer) = post_raw(&server.base_url(), "/auth/token", v3_paths, body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["action"], "OK", "{answer}");
        assert_eq!(answer["clientId"], 2000);

        // Arrays of strings take numbers too; objects and arrays stay refused for strings.
        let body = format!(r#"{{"token": "{access_token}", "scopes": [1, true]}}"#);
        let (status, answer) =
            post_raw(&server.base_url(), "/auth/introspection", v3_paths, &body).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["action"], "FORBIDDEN", "{answer}");
        for bad in [r#"{"token": {"a": 1}}"#, r#"{"token": [1]}"#] {
            let (status, answer) =
                post_raw(&server.base_url(), "/auth/introspection", v3_paths, bad).await;
            assert_eq!(status, 400, "{answer}");
            assert_eq!(answer["resultCode"], "A001205");
        }
    }
    server.shutdown().await;
}
