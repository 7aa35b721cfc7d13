//! The local backend over real HTTP: the authorization endpoint (code, implicit, hybrid, PKCE,
//! form_post, PAR, prompt=none, failures), the token endpoint's code and refresh grants, ID tokens
//! verified with an independent JWT implementation, and UserInfo.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::clock::ManualClock;
use authlete_tower::dto::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{json, start};

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const REDIRECT: &str = "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// The parameters of a redirect: query for LOCATION with `?`, fragment for `#`.
fn redirect_params(location: &str) -> HashMap<String, String> {
    assert!(location.starts_with(demo::REDIRECT_URI), "{location}");
    let url = url::Url::parse(location).unwrap();
    let text = url
        .fragment()
        .map(str::to_owned)
        .or_else(|| url.query().map(str::to_owned))
        .unwrap_or_default();
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

fn confidential_token(parameters: String) -> TokenRequest {
    let mut request = TokenRequest::new(parameters);
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    request
}

async fn verify_id_token(api: &dyn AuthleteApi, id_token: &str, audience: &str) -> Value {
    let jwks = api
        .service_jwks(ServiceJwksOptions::default())
        .await
        .unwrap()
        .unwrap();
    let set: JwkSet = serde_json::from_value(jwks).unwrap();
    let header = jsonwebtoken::decode_header(id_token).unwrap();
    let jwk = set
        .find(header.kid.as_deref().expect("kid"))
        .expect("the kid is in the JWKS");
    let key = DecodingKey::from_jwk(jwk).unwrap();
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[audience]);
    validation.set_issuer(&[demo::ISSUER]);
    jsonwebtoken::decode::<Value>(id_token, &key, &validation)
        .expect("a valid ID token")
        .claims
}

fn half_hash(value: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(value.as_bytes())[..16])
}

async fn authorize(api: &dyn AuthleteApi, parameters: &str) -> AuthorizationResponse {
    api.authorization(AuthorizationRequest::new(parameters))
        .await
        .unwrap()
}

#[tokio::test]
async fn code_flow_with_openid_refresh_and_userinfo() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let parameters = format!(
            "response_type=code&client_id=2000&redirect_uri={REDIRECT}&scope=openid%20profile%20email&state=xyz&nonce=n-0S6\
             &prompt=consent&max_age=600&login_hint=john&ui_locales=ja%20en&claims_locales=ja\
             &acr_values=urn%3Aacr%3Apwd&claims=%7B%22id_token%22%3A%7B%22acr%22%3A%7B%22essential%22%3Atrue%2C%22values%22%3A%5B%22urn%3Aacr%3Amfa%22%5D%7D%2C%22sub%22%3A%7B%22value%22%3A%22john%22%7D%7D%2C%22userinfo%22%3A%7B%22nickname%22%3Anull%7D%7D"
        );
        let interaction = authorize(api, &parameters).await;
        assert_eq!(
            interaction.action,
            Some(AuthorizationAction::Interaction),
            "{interaction:?}"
        );
        assert_eq!(interaction.result_code.as_deref(), Some("A004001"));
        let client = interaction.client.as_ref().unwrap();
        assert_eq!(client.client_id, Some(2000));
        assert_eq!(client.client_name.as_deref(), Some("Demo Client"));
        let service = interaction.service.as_ref().unwrap();
        assert_eq!(service["apiKey"], 1000);
        assert_eq!(service["issuer"], demo::ISSUER);
        let scopes = interaction.scopes.as_ref().unwrap();
        assert_eq!(
            scopes
                .iter()
                .map(|scope| scope.name.clone().unwrap())
                .collect::<Vec<_>>(),
            ["openid", "profile", "email"]
        );
        assert!(scopes.iter().all(|scope| {
            scope
                .description
                .as_deref()
                .is_some_and(|text| !text.is_empty())
        }));
        assert_eq!(interaction.prompts, Some(vec![Prompt::Consent]));
        assert_eq!(interaction.max_age, Some(600));
        assert_eq!(interaction.login_hint.as_deref(), Some("john"));
        assert_eq!(interaction.subject.as_deref(), Some("john"));
        assert_eq!(
            interaction.ui_locales,
            Some(vec!["ja".to_owned(), "en".to_owned()])
        );
        assert_eq!(interaction.claims_locales, Some(vec!["ja".to_owned()]));
        assert_eq!(
            interaction.acrs,
            Some(vec!["urn:acr:pwd".to_owned(), "urn:acr:mfa".to_owned()])
        );
        assert!(interaction.acr_essential);
        assert_eq!(
            interaction.claims,
            Some(vec!["acr".to_owned(), "sub".to_owned()])
        );
        assert_eq!(
            interaction.claims_at_user_info,
            Some(vec!["nickname".to_owned()])
        );
        assert!(interaction.response_content.is_none());
        let ticket = interaction.ticket.clone().unwrap();

        let auth_time = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            - 5;
        let mut issue = AuthorizationIssueRequest::new(ticket.clone(), "john");
        issue.auth_time = Some(auth_time);
        issue.acr = Some("urn:acr:mfa".into());
        issue.claims = Some(
            r#"{"name":"John Smith","email":"john@example.com","iss":"https://evil.example"}"#
                .into(),
        );
        issue.properties = Some(vec![Property::new("tier", "gold", false)]);
        let issued = api.authorization_issue(issue).await.unwrap();
        assert_eq!(
            issued.action,
            Some(AuthorizationIssueAction::Location),
            "{issued:?}"
        );
        let location = issued.response_content.clone().unwrap();
        assert!(
            location.starts_with(&format!("{}?", demo::REDIRECT_URI)),
            "{location}"
        );
        let params = redirect_params(&location);
        assert_eq!(params["state"], "xyz");
        let code = params["code"].clone();
        assert_eq!(issued.authorization_code.as_deref(), Some(code.as_str()));
        assert!(issued.access_token.is_none() && issued.id_token.is_none());

        // The ticket is single use.
        let again = api
            .authorization_issue(AuthorizationIssueRequest::new(ticket, "john"))
            .await
            .unwrap();
        assert_eq!(again.action, Some(AuthorizationIssueAction::BadRequest));
        assert_eq!(again.result_code.as_deref(), Some("A040301"));

        // redirect_uri must match (and is required because the request had one).
        let mismatch = api
            .token(confidential_token(format!("grant_type=authorization_code&code={code}&redirect_uri=http%3A%2F%2Flocalhost%3A8000%2Fother")))
            .await
            .unwrap();
        assert_eq!(json(&mismatch.response_content)["error"], "invalid_grant");
        let absent = api
            .token(confidential_token(format!(
                "grant_type=authorization_code&code={code}"
            )))
            .await
            .unwrap();
        assert_eq!(json(&absent.response_content)["error"], "invalid_grant");
        // Another client cannot use it.
        let mut public = TokenRequest::new(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}&client_id=3000"
        ));
        public.client_id = None;
        assert_eq!(
            json(&api.token(public).await.unwrap().response_content)["error"],
            "invalid_grant"
        );

        let token = api
            .token(confidential_token(format!(
                "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
            )))
            .await
            .unwrap();
        assert_eq!(token.action, Some(TokenAction::Ok), "{token:?}");
        assert_eq!(token.result_code.as_deref(), Some("A050001"));
        let content = json(&token.response_content);
        let access = content["access_token"].as_str().unwrap().to_owned();
        let refresh = content["refresh_token"].as_str().unwrap().to_owned();
        assert_eq!(content["scope"], "openid profile email");
        assert_eq!(token.subject.as_deref(), Some("john"));
        let id_token = content["id_token"].as_str().unwrap();
        let claims = verify_id_token(api, id_token, "2000").await;
        assert_eq!(claims["iss"], demo::ISSUER);
        assert_eq!(claims["sub"], "john");
        assert_eq!(claims["aud"], "2000");
        assert_eq!(claims["nonce"], "n-0S6");
        assert_eq!(claims["auth_time"], auth_time);
        assert_eq!(claims["acr"], "urn:acr:mfa");
        assert_eq!(claims["name"], "John Smith");
        assert_eq!(claims["email"], "john@example.com");
        assert_eq!(claims["at_hash"], half_hash(&access));
        assert!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap() == 3600);

        let check = api
            .introspection(IntrospectionRequest::new(&access))
            .await
            .unwrap();
        assert_eq!(check.action, Some(IntrospectionAction::Ok));
        assert_eq!(check.subject.as_deref(), Some("john"));
        assert_eq!(check.auth_time, Some(auth_time));
        assert_eq!(check.acr.as_deref(), Some("urn:acr:mfa"));
        assert_eq!(check.grant_type, Some(GrantType::AuthorizationCode));
        assert_eq!(
            check.properties.as_ref().unwrap()[0].value.as_deref(),
            Some("gold")
        );
        assert!(check.refreshable);

        // UserInfo: scopes profile + email, plus the requested nickname.
        let userinfo = api.userinfo(UserInfoRequest::new(&access)).await.unwrap();
        assert_eq!(userinfo.action, Some(UserInfoAction::Ok));
        assert_eq!(userinfo.result_code.as_deref(), Some("A091001"));
        let wanted = userinfo.claims.clone().unwrap();
        for claim in ["name", "given_name", "email", "email_verified", "nickname"] {
            assert!(
                wanted.iter().any(|seen| seen == claim),
                "{claim} in {wanted:?}"
            );
        }
        assert!(!wanted.iter().any(|seen| seen == "phone_number"));
        assert_eq!(userinfo.subject.as_deref(), Some("john"));
        let mut issue = UserInfoIssueRequest::new(&access);
        issue.claims = Some(r#"{"name":"John","name#ja":"ジョン","email":"j@example.com","phone_number":"+1","sub":"mallory"}"#.into());
        let answer = api.userinfo_issue(issue).await.unwrap();
        assert_eq!(answer.action, Some(UserInfoIssueAction::Json));
        assert_eq!(
            json(&answer.response_content),
            serde_json::json!({"sub": "john", "name": "John", "name#ja": "ジョン", "email": "j@example.com"})
        );

        // Refresh with rotation and narrowing.
        let refreshed = api
            .token(confidential_token(format!(
                "grant_type=refresh_token&refresh_token={refresh}&scope=openid%20profile"
            )))
            .await
            .unwrap();
        assert_eq!(refreshed.action, Some(TokenAction::Ok), "{refreshed:?}");
        assert_eq!(refreshed.result_code.as_deref(), Some("A053001"));
        let content = json(&refreshed.response_content);
        assert_eq!(content["scope"], "openid profile");
        let new_refresh = content["refresh_token"].as_str().unwrap().to_owned();
        assert_ne!(new_refresh, refresh);
        verify_id_token(api, content["id_token"].as_str().unwrap(), "2000").await;
        assert_eq!(
            api.introspection(IntrospectionRequest::new(&access))
                .await
                .unwrap()
                .action,
            Some(IntrospectionAction::Unauthorized)
        );
        let widen = api
            .token(confidential_token(format!(
                "grant_type=refresh_token&refresh_token={new_refresh}&scope=phone"
            )))
            .await
            .unwrap();
        assert_eq!(json(&widen.response_content)["error"], "invalid_scope");
        let mut other = TokenRequest::new(format!(
            "grant_type=refresh_token&refresh_token={new_refresh}&client_id=3000"
        ));
        other.client_id = None;
        assert_eq!(
            json(&api.token(other).await.unwrap().response_content)["error"],
            "invalid_grant"
        );
        // The rotated token is refused (and its reuse ends the grant, see below).
        let old = api
            .token(confidential_token(format!(
                "grant_type=refresh_token&refresh_token={refresh}"
            )))
            .await
            .unwrap();
        assert_eq!(json(&old.response_content)["error"], "invalid_grant");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn a_replayed_code_is_rejected_and_its_tokens_revoked() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let interaction = authorize(
        &v2,
        &format!("response_type=code&client_id=2000&scope=profile&redirect_uri={REDIRECT}"),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
    let exchange = || {
        confidential_token(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        ))
    };
    let first = v2.token(exchange()).await.unwrap();
    assert_eq!(first.action, Some(TokenAction::Ok));
    assert!(first.id_token.is_none(), "no ID token without openid");
    let replay = v2.token(exchange()).await.unwrap();
    assert_eq!(replay.action, Some(TokenAction::BadRequest));
    assert_eq!(json(&replay.response_content)["error"], "invalid_grant");
    let access = first.access_token.unwrap();
    assert_eq!(
        v2.introspection(IntrospectionRequest::new(&access))
            .await
            .unwrap()
            .action,
        Some(IntrospectionAction::Unauthorized)
    );
    let refresh = v2
        .token(confidential_token(format!(
            "grant_type=refresh_token&refresh_token={}",
            first.refresh_token.unwrap()
        )))
        .await
        .unwrap();
    assert_eq!(json(&refresh.response_content)["error"], "invalid_grant");
    server.shutdown().await;
}

#[tokio::test]
async fn a_code_replayed_after_a_refresh_revokes_the_rotated_tokens_too() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let interaction = authorize(
        &v2,
        &format!("response_type=code&client_id=2000&scope=profile&redirect_uri={REDIRECT}"),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
    let exchange = || {
        confidential_token(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        ))
    };
    let first = v2.token(exchange()).await.unwrap();
    assert_eq!(first.action, Some(TokenAction::Ok));
    // The legitimate client refreshes twice: each rotation derives from the code's grant.
    let mut refresh_token = first.refresh_token.unwrap();
    let mut access = String::new();
    for _ in 0..2 {
        let refreshed = v2
            .token(confidential_token(format!(
                "grant_type=refresh_token&refresh_token={refresh_token}"
            )))
            .await
            .unwrap();
        assert_eq!(refreshed.action, Some(TokenAction::Ok));
        refresh_token = refreshed.refresh_token.unwrap();
        access = refreshed.access_token.unwrap();
    }
    let replay = v2.token(exchange()).await.unwrap();
    assert_eq!(replay.action, Some(TokenAction::BadRequest));
    assert_eq!(json(&replay.response_content)["error"], "invalid_grant");
    // RFC 6749 §4.1.2: every token based on the code is revoked, rotated ones included.
    assert_eq!(
        v2.introspection(IntrospectionRequest::new(&access))
            .await
            .unwrap()
            .action,
        Some(IntrospectionAction::Unauthorized)
    );
    let again = v2
        .token(confidential_token(format!(
            "grant_type=refresh_token&refresh_token={refresh_token}"
        )))
        .await
        .unwrap();
    assert_eq!(json(&again.response_content)["error"], "invalid_grant");
    server.shutdown().await;
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_revokes_the_whole_grant() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let interaction = authorize(
            api,
            &format!("response_type=code&client_id=2000&scope=openid%20profile&nonce=n&redirect_uri={REDIRECT}"),
        )
        .await;
        let issued = api
            .authorization_issue(AuthorizationIssueRequest::new(
                interaction.ticket.unwrap(),
                "john",
            ))
            .await
            .unwrap();
        let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
        let first = api
            .token(confidential_token(format!(
                "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
            )))
            .await
            .unwrap();
        let refresh = |token: &str| {
            confidential_token(format!("grant_type=refresh_token&refresh_token={token}"))
        };
        let rt1 = first.refresh_token.unwrap();
        let second = api.token(refresh(&rt1)).await.unwrap();
        assert_eq!(second.action, Some(TokenAction::Ok));
        let rt2 = second.refresh_token.unwrap();
        let third = api.token(refresh(&rt2)).await.unwrap();
        assert_eq!(third.action, Some(TokenAction::Ok));
        let (rt3, at3) = (third.refresh_token.unwrap(), third.access_token.unwrap());
        let usable = api
            .introspection(IntrospectionRequest::new(&at3))
            .await
            .unwrap();
        assert_eq!(usable.action, Some(IntrospectionAction::Ok));

        // An attacker replays the first, rotated refresh token.
        let reuse = api.token(refresh(&rt1)).await.unwrap();
        assert_eq!(reuse.action, Some(TokenAction::BadRequest));
        assert_eq!(reuse.result_code.as_deref(), Some("A050202"));
        let error = json(&reuse.response_content);
        assert_eq!(error["error"], "invalid_grant");
        assert_eq!(
            error["error_description"],
            "[A050202] The refresh token has already been used; the tokens of its grant are revoked."
        );
        // RFC 9700 §4.14.2: the newest refresh token and its access token end too.
        let newest = api.token(refresh(&rt3)).await.unwrap();
        assert_eq!(json(&newest.response_content)["error"], "invalid_grant");
        let revoked = api
            .introspection(IntrospectionRequest::new(&at3))
            .await
            .unwrap();
        assert_eq!(revoked.action, Some(IntrospectionAction::Unauthorized));
        // Another grant of the same client and user is untouched.
        let other = api
            .token(confidential_token(
                "grant_type=client_credentials".to_owned(),
            ))
            .await
            .unwrap();
        assert_eq!(other.action, Some(TokenAction::Ok));
    }
    server.shutdown().await;
}

#[tokio::test]
async fn pkce_for_the_public_client() {
    // A service that allows plain (the demo requires S256; see the test below).
    let mut config = LocalConfig::demo();
    config.pkce_s256_required = false;
    let (server, _, v3) = start(LocalBackend::new(config).unwrap()).await;
    // PKCE is required for the public client: the error goes back to the client with the state.
    let missing = authorize(
        &v3,
        &format!("response_type=code&client_id=3000&redirect_uri={REDIRECT}&state=s1"),
    )
    .await;
    assert_eq!(missing.action, Some(AuthorizationAction::Location));
    let params = redirect_params(missing.response_content.as_deref().unwrap());
    assert_eq!(params["error"], "invalid_request");
    assert_eq!(params["state"], "s1");
    assert!(params["error_description"].contains("PKCE"));

    for (method, challenge) in [
        ("S256", challenge(VERIFIER)),
        ("plain", VERIFIER.to_owned()),
    ] {
        let interaction = authorize(
            &v3,
            &format!("response_type=code&client_id=3000&redirect_uri={REDIRECT}&scope=openid&nonce=n&code_challenge={challenge}&code_challenge_method={method}"),
        )
        .await;
        assert_eq!(
            interaction.action,
            Some(AuthorizationAction::Interaction),
            "{interaction:?}"
        );
        assert_eq!(
            interaction.client.as_ref().unwrap().client_type,
            Some(ClientType::Public)
        );
        let issued = v3
            .authorization_issue(AuthorizationIssueRequest::new(
                interaction.ticket.unwrap(),
                "alice",
            ))
            .await
            .unwrap();
        let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
        let token = |extra: &str| {
            TokenRequest::new(format!(
                "grant_type=authorization_code&client_id=3000&code={code}&redirect_uri={REDIRECT}{extra}"
            ))
        };
        let without = v3.token(token("")).await.unwrap();
        assert_eq!(without.action, Some(TokenAction::BadRequest));
        assert_eq!(json(&without.response_content)["error"], "invalid_grant");
        let wrong = v3
            .token(token(&format!("&code_verifier={}", "a".repeat(43))))
            .await
            .unwrap();
        assert_eq!(json(&wrong.response_content)["error"], "invalid_grant");
        let short = v3.token(token("&code_verifier=short")).await.unwrap();
        assert_eq!(json(&short.response_content)["error"], "invalid_request");
        let ok = v3
            .token(token(&format!("&code_verifier={VERIFIER}")))
            .await
            .unwrap();
        assert_eq!(ok.action, Some(TokenAction::Ok), "{method}: {ok:?}");
        let claims = verify_id_token(&v3, ok.id_token.as_deref().unwrap(), "3000").await;
        assert_eq!(claims["sub"], "alice");
        assert_eq!(claims["nonce"], "n");
        assert!(ok.refresh_token.is_some());
    }
    // A verifier without a challenge is refused.
    let interaction = authorize(
        &v3,
        &format!("response_type=code&client_id=2000&redirect_uri={REDIRECT}"),
    )
    .await;
    let issued = v3
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "bob",
        ))
        .await
        .unwrap();
    let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
    let stray = v3
        .token(confidential_token(format!("grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}&code_verifier={VERIFIER}")))
        .await
        .unwrap();
    assert_eq!(json(&stray.response_content)["error"], "invalid_grant");
    server.shutdown().await;
}

/// The authorization request's redirect error for `parameters`.
async fn redirect_error(api: &dyn AuthleteApi, parameters: &str) -> HashMap<String, String> {
    let answer = authorize(api, parameters).await;
    assert_eq!(
        answer.action,
        Some(AuthorizationAction::Location),
        "{answer:?}"
    );
    assert_eq!(answer.result_code.as_deref(), Some("A004201"));
    redirect_params(answer.response_content.as_deref().unwrap())
}

#[tokio::test]
async fn plain_pkce_is_refused_where_s256_is_required() {
    // The demo service requires S256 (RFC 9700 §2.1.1): plain, or no method (which means plain,
    // RFC 7636 §4.3), is refused for every client; S256 passes.
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        for client in ["2000", "3000"] {
            for method in ["&code_challenge_method=plain", ""] {
                let params = redirect_error(
                    api,
                    &format!("response_type=code&client_id={client}&redirect_uri={REDIRECT}&state=s2&code_challenge={VERIFIER}{method}"),
                )
                .await;
                assert_eq!(params["error"], "invalid_request");
                assert_eq!(
                    params["error_description"],
                    "[A004201] code_challenge_method must be S256 (plain is not allowed)."
                );
                assert_eq!(params["state"], "s2");
            }
            let ok = authorize(
                api,
                &format!("response_type=code&client_id={client}&redirect_uri={REDIRECT}&code_challenge={}&code_challenge_method=S256", challenge(VERIFIER)),
            )
            .await;
            assert_eq!(ok.action, Some(AuthorizationAction::Interaction), "{ok:?}");
        }
    }
    server.shutdown().await;

    // A service that allows plain, with one client that requires S256.
    let mut config = LocalConfig::demo();
    config.pkce_s256_required = false;
    config.clients.push(
        authlete_local::ClientConfig::confidential(4000, "s", "S256 only")
            .grant_types(["authorization_code"])
            .response_types(["code"])
            .redirect_uris([demo::REDIRECT_URI])
            .native()
            .pkce_s256_required(true),
    );
    let (server, _, v3) = start(LocalBackend::new(config).unwrap()).await;
    let document = v3
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    assert_eq!(
        document["code_challenge_methods_supported"],
        serde_json::json!(["plain", "S256"])
    );
    let params = redirect_error(
        &v3,
        &format!(
            "response_type=code&client_id=4000&redirect_uri={REDIRECT}&code_challenge={VERIFIER}"
        ),
    )
    .await;
    assert_eq!(params["error"], "invalid_request");
    let plain_elsewhere = authorize(
        &v3,
        &format!(
            "response_type=code&client_id=2000&redirect_uri={REDIRECT}&code_challenge={VERIFIER}"
        ),
    )
    .await;
    assert_eq!(
        plain_elsewhere.action,
        Some(AuthorizationAction::Interaction)
    );
    let client = v3.client_get("4000").await.unwrap();
    assert_eq!(client.pkce_s256_required, Some(true));
    server.shutdown().await;
}

#[tokio::test]
async fn authorization_request_errors() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    // Never redirect to an unregistered or unknown URI: BAD_REQUEST with a JSON body.
    let bad_requests = [
        ("response_type=code".to_owned(), "A004302"),
        ("response_type=code&client_id=4242".to_owned(), "A004301"),
        ("response_type=code&client_id=2000&redirect_uri=https%3A%2F%2Fevil.example%2Fcb".to_owned(), "A004303"),
        ("response_type=code&client_id=2000&redirect_uri=not%20a%20uri".to_owned(), "A004303"),
        ("response_type=code&client_id=2000&scope=openid".to_owned(), "A004303"),
        (format!("response_type=code&client_id=2000&redirect_uri={REDIRECT}&redirect_uri={REDIRECT}"), "A004201"),
        ("response_type=code&client_id=2000&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3Anope".to_owned(), "A004205"),
        ("client_id=2000&request_uri=https%3A%2F%2Fexample.com%2Frequest".to_owned(), "A004205"),
    ];
    for (parameters, code) in bad_requests {
        let answer = authorize(&v2, &parameters).await;
        assert_eq!(
            answer.action,
            Some(AuthorizationAction::BadRequest),
            "{parameters}"
        );
        assert_eq!(answer.result_code.as_deref(), Some(code), "{parameters}");
        let body = json(&answer.response_content);
        assert!(
            body["error"].is_string()
                && body["error_description"]
                    .as_str()
                    .unwrap()
                    .starts_with(&format!("[{code}]"))
        );
    }
    // Everything else goes back to the client, in the right response mode, with the state.
    let redirected = [
        ("", "invalid_request", "?"),
        (
            "&response_type=code&response_mode=bogus",
            "invalid_request",
            "?",
        ),
        ("&response_type=magic", "unsupported_response_type", "?"),
        ("&response_type=code&scope=admin", "invalid_scope", "?"),
        (
            "&response_type=code&prompt=none%20login",
            "invalid_request",
            "?",
        ),
        (
            "&response_type=code&prompt=sometimes",
            "invalid_request",
            "?",
        ),
        ("&response_type=code&max_age=-1", "invalid_request", "?"),
        ("&response_type=code&display=tv", "invalid_request", "?"),
        ("&response_type=code&claims=%5B1%5D", "invalid_request", "?"),
        (
            "&response_type=code&code_challenge_method=S256",
            "invalid_request",
            "?",
        ),
        (
            "&response_type=code&code_challenge=short&code_challenge_method=S256",
            "invalid_request",
            "?",
        ),
        (
            "&response_type=code&code_challenge=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk&code_challenge_method=S512",
            "invalid_request",
            "?",
        ),
        (
            "&response_type=id_token%20token&scope=openid",
            "invalid_request",
            "#",
        ),
        (
            "&response_type=id_token&scope=profile&nonce=n",
            "invalid_request",
            "#",
        ),
        (
            "&response_type=token&response_mode=query",
            "invalid_request",
            "?",
        ),
    ];
    for (extra, error, separator) in redirected {
        let parameters = format!("client_id=2000&redirect_uri={REDIRECT}&state=st{extra}");
        let answer = authorize(&v2, &parameters).await;
        assert_eq!(
            answer.action,
            Some(AuthorizationAction::Location),
            "{extra}: {answer:?}"
        );
        let location = answer.response_content.unwrap();
        assert!(
            location.starts_with(&format!("{}{separator}", demo::REDIRECT_URI)),
            "{extra}: {location}"
        );
        let params = redirect_params(&location);
        assert_eq!(params["error"], error, "{extra}");
        assert_eq!(params["state"], "st");
        assert!(params["error_description"].starts_with("[A004"));
    }
    // The public client may not use the implicit flow.
    let answer = authorize(
        &v2,
        &format!("client_id=3000&redirect_uri={REDIRECT}&response_type=token"),
    )
    .await;
    assert_eq!(
        redirect_params(&answer.response_content.unwrap())["error"],
        "unauthorized_client"
    );
    // form_post errors come as an auto-submitting form.
    let answer = authorize(&v2, &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=code&response_mode=form_post&scope=admin&state=a%22b")).await;
    assert_eq!(answer.action, Some(AuthorizationAction::Form));
    let html = answer.response_content.unwrap();
    assert!(
        html.contains(&format!(
            "<form method=\"post\" action=\"{}\">",
            demo::REDIRECT_URI
        )),
        "{html}"
    );
    assert!(
        html.contains("name=\"error\" value=\"invalid_scope\""),
        "{html}"
    );
    assert!(html.contains("name=\"state\" value=\"a&quot;b\""), "{html}");
    assert!(html.contains("document.forms[0].submit()"));
    server.shutdown().await;
}

#[tokio::test]
async fn huge_configured_lifetimes_saturate_instead_of_overflowing() {
    let mut config = LocalConfig::demo();
    config.lifetimes.id_token = Duration::from_secs(i64::MAX as u64);
    config.lifetimes.device_polling_interval = Duration::from_secs(u64::MAX);
    let (server, v2, _) = start(LocalBackend::new(config).unwrap()).await;
    let interaction = authorize(
        &v2,
        &format!(
            "client_id=2000&redirect_uri={REDIRECT}&response_type=id_token&scope=openid&nonce=n1"
        ),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let params = redirect_params(&issued.response_content.unwrap());
    let claims = verify_id_token(&v2, &params["id_token"], "2000").await;
    assert!(
        claims["exp"].as_i64().unwrap() > claims["iat"].as_i64().unwrap(),
        "{claims}"
    );
    let device = v2
        .device_authorization(DeviceAuthorizationRequest::new(
            "client_id=3000&scope=openid",
        ))
        .await
        .unwrap();
    assert_eq!(
        device.action,
        Some(DeviceAuthorizationAction::Ok),
        "{device:?}"
    );
    assert!(
        device.interval.is_some_and(|interval| interval > 0),
        "{device:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn implicit_and_hybrid_flows() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    // id_token token: fragment with access token, ID token (at_hash) and state.
    let interaction = authorize(&v2, &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=id_token%20token&scope=openid%20email&nonce=abc&state=s")).await;
    assert_eq!(
        interaction.action,
        Some(AuthorizationAction::Interaction),
        "{interaction:?}"
    );
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    assert_eq!(issued.action, Some(AuthorizationIssueAction::Location));
    let location = issued.response_content.unwrap();
    assert!(
        location.starts_with(&format!("{}#", demo::REDIRECT_URI)),
        "{location}"
    );
    let params = redirect_params(&location);
    assert_eq!(params["token_type"], "Bearer");
    assert_eq!(params["expires_in"], "3600");
    assert_eq!(params["scope"], "openid email");
    assert_eq!(params["state"], "s");
    assert!(!params.contains_key("code"));
    let claims = verify_id_token(&v2, &params["id_token"], "2000").await;
    assert_eq!(claims["at_hash"], half_hash(&params["access_token"]));
    assert_eq!(claims["nonce"], "abc");
    assert!(claims.get("c_hash").is_none());
    let check = v2
        .introspection(IntrospectionRequest::new(&params["access_token"]))
        .await
        .unwrap();
    assert_eq!(check.grant_type, Some(GrantType::Implicit));
    assert!(!check.refreshable);

    // id_token alone: the scope claims go into the ID token, so they are asked for.
    let interaction = authorize(&v2, &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=id_token&scope=openid%20email&nonce=abc")).await;
    assert_eq!(
        interaction.claims,
        Some(vec!["email".to_owned(), "email_verified".to_owned()])
    );

    // code id_token token with form_post: c_hash and at_hash.
    let interaction = authorize(
        &v2,
        &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=code%20id_token%20token&response_mode=form_post&scope=openid&nonce=xyz"),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    assert_eq!(issued.action, Some(AuthorizationIssueAction::Form));
    let html = issued.response_content.unwrap();
    let code = issued.authorization_code.unwrap();
    let access = issued.access_token.unwrap();
    let id_token = issued.id_token.unwrap();
    assert!(
        html.contains(&format!("name=\"code\" value=\"{code}\"")),
        "{html}"
    );
    assert!(html.contains(&format!("name=\"id_token\" value=\"{id_token}\"")));
    let claims = verify_id_token(&v2, &id_token, "2000").await;
    assert_eq!(claims["c_hash"], half_hash(&code));
    assert_eq!(claims["at_hash"], half_hash(&access));
    // The code of a hybrid flow still works once at the token endpoint.
    let token = v2
        .token(confidential_token(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        )))
        .await
        .unwrap();
    assert_eq!(token.action, Some(TokenAction::Ok));
    assert_eq!(
        verify_id_token(&v2, token.id_token.as_deref().unwrap(), "2000").await["nonce"],
        "xyz"
    );

    // code token in the fragment.
    let interaction = authorize(
        &v2,
        &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=token%20code&scope=profile"),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let params = redirect_params(&issued.response_content.unwrap());
    assert!(
        params.contains_key("code")
            && params.contains_key("access_token")
            && !params.contains_key("id_token")
    );
    server.shutdown().await;
}

/// RFC 6749 §4.2.2 / §5.1: a token granted with no scope is answered without `scope` — not
/// with an empty one — in the fragment, in a `form_post` form, at the token endpoint and at
/// introspection.
#[tokio::test]
async fn no_scope_granted_means_no_scope_parameter() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let issue = |parameters: String| {
        let v2 = &v2;
        async move {
            let interaction = authorize(v2, &parameters).await;
            assert_eq!(
                interaction.action,
                Some(AuthorizationAction::Interaction),
                "{interaction:?}"
            );
            let issued = v2
                .authorization_issue(AuthorizationIssueRequest::new(
                    interaction.ticket.unwrap(),
                    "john",
                ))
                .await
                .unwrap();
            (issued.action, issued.response_content.unwrap())
        }
    };

    // Fragment.
    let (action, location) = issue(format!(
        "client_id=2000&redirect_uri={REDIRECT}&response_type=token&state=f"
    ))
    .await;
    assert_eq!(action, Some(AuthorizationIssueAction::Location));
    assert!(!location.contains("scope"), "{location}");
    let params = redirect_params(&location);
    assert_eq!(params["state"], "f");
    assert_eq!(params["token_type"], "Bearer");
    assert!(!params.contains_key("scope"), "{params:?}");
    let access = params["access_token"].clone();

    // Introspection of that token: active, no `scope` member.
    let answer = v2
        .standard_introspection(StandardIntrospectionRequest::new(format!("token={access}")))
        .await
        .unwrap();
    assert_eq!(answer.action, Some(StandardIntrospectionAction::Ok));
    let body = json(&answer.response_content);
    assert_eq!(body["active"], true);
    assert!(body.get("scope").is_none(), "{body}");

    // form_post.
    let (action, html) = issue(format!(
        "client_id=2000&redirect_uri={REDIRECT}&response_type=token&response_mode=form_post&state=p"
    ))
    .await;
    assert_eq!(action, Some(AuthorizationIssueAction::Form));
    assert!(html.contains("name=\"access_token\""), "{html}");
    assert!(html.contains("name=\"state\" value=\"p\""), "{html}");
    assert!(!html.contains("name=\"scope\""), "{html}");

    // The token endpoint (authorization code without scope).
    let (action, location) = issue(format!(
        "client_id=2000&redirect_uri={REDIRECT}&response_type=code"
    ))
    .await;
    assert_eq!(action, Some(AuthorizationIssueAction::Location));
    let code = redirect_params(&location)["code"].clone();
    let token = v2
        .token(confidential_token(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        )))
        .await
        .unwrap();
    assert_eq!(token.action, Some(TokenAction::Ok));
    let content = json(&token.response_content);
    assert_eq!(content["token_type"], "Bearer");
    assert!(content.get("scope").is_none(), "{content}");
    server.shutdown().await;
}

#[tokio::test]
async fn prompt_none_and_failure_reasons() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let interaction = authorize(
        &v2,
        &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=code&prompt=none&state=q"),
    )
    .await;
    assert_eq!(interaction.action, Some(AuthorizationAction::NoInteraction));
    assert_eq!(interaction.prompts, Some(vec![Prompt::None]));
    let failed = v2
        .authorization_fail(AuthorizationFailRequest::new(
            interaction.ticket.clone().unwrap(),
            AuthorizationFailReason::NotLoggedIn,
        ))
        .await
        .unwrap();
    assert_eq!(failed.action, Some(AuthorizationIssueAction::Location));
    let params = redirect_params(&failed.response_content.unwrap());
    assert_eq!(params["error"], "login_required");
    assert_eq!(params["state"], "q");
    // The ticket is gone now.
    let again = v2
        .authorization_fail(AuthorizationFailRequest::new(
            interaction.ticket.unwrap(),
            AuthorizationFailReason::Denied,
        ))
        .await
        .unwrap();
    assert_eq!(again.action, Some(AuthorizationIssueAction::BadRequest));
    assert_eq!(json(&again.response_content)["error"], "invalid_request");

    let reasons = [
        (AuthorizationFailReason::Denied, "access_denied"),
        (AuthorizationFailReason::NotAuthenticated, "login_required"),
        (AuthorizationFailReason::ExceedsMaxAge, "login_required"),
        (AuthorizationFailReason::DifferentSubject, "login_required"),
        (AuthorizationFailReason::AcrNotSatisfied, "login_required"),
        (
            AuthorizationFailReason::MaxAgeNotSupported,
            "login_required",
        ),
        (AuthorizationFailReason::ConsentRequired, "consent_required"),
        (
            AuthorizationFailReason::InteractionRequired,
            "interaction_required",
        ),
        (
            AuthorizationFailReason::AccountSelectionRequired,
            "account_selection_required",
        ),
        (AuthorizationFailReason::InvalidTarget, "invalid_target"),
        (AuthorizationFailReason::ServerError, "server_error"),
        (AuthorizationFailReason::Unknown, "server_error"),
    ];
    for (reason, error) in reasons {
        let interaction = authorize(
            &v2,
            &format!(
                "client_id=2000&redirect_uri={REDIRECT}&response_type=id_token&scope=openid&nonce=n"
            ),
        )
        .await;
        let mut request =
            AuthorizationFailRequest::new(interaction.ticket.unwrap(), reason.clone());
        request.description = Some("because".into());
        let failed = v2.authorization_fail(request).await.unwrap();
        let location = failed.response_content.unwrap();
        assert!(
            location.contains('#'),
            "implicit errors go in the fragment: {location}"
        );
        let params = redirect_params(&location);
        assert_eq!(params["error"], error, "{reason:?}");
        assert_eq!(params["error_description"], "because");
    }
    let interaction = authorize(
        &v2,
        &format!(
            "client_id=2000&redirect_uri={REDIRECT}&response_type=code&response_mode=form_post"
        ),
    )
    .await;
    let failed = v2
        .authorization_fail(AuthorizationFailRequest::new(
            interaction.ticket.unwrap(),
            AuthorizationFailReason::Denied,
        ))
        .await
        .unwrap();
    assert_eq!(failed.action, Some(AuthorizationIssueAction::Form));
    assert!(
        failed
            .response_content
            .unwrap()
            .contains("name=\"error\" value=\"access_denied\"")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn issue_errors_and_ticket_expiry() {
    let clock = ManualClock::new();
    let backend = LocalBackend::with_clock(LocalConfig::demo(), Arc::new(clock.clone())).unwrap();
    let (server, v2, _) = start(backend).await;
    let interaction = authorize(
        &v2,
        &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=code"),
    )
    .await;
    let ticket = interaction.ticket.unwrap();
    let no_subject = v2
        .authorization_issue(AuthorizationIssueRequest::new(ticket.clone(), ""))
        .await
        .unwrap();
    assert_eq!(
        no_subject.action,
        Some(AuthorizationIssueAction::BadRequest)
    );
    assert_eq!(no_subject.result_code.as_deref(), Some("A040302"));
    let mut bad_claims = AuthorizationIssueRequest::new(ticket.clone(), "john");
    bad_claims.claims = Some("[1,2]".into());
    let answer = v2.authorization_issue(bad_claims).await.unwrap();
    assert_eq!(answer.action, Some(AuthorizationIssueAction::BadRequest));
    assert_eq!(answer.result_code.as_deref(), Some("A040303"));
    // The ticket survived those and expires after 10 minutes.
    clock.advance(Duration::from_secs(601));
    let expired = v2
        .authorization_issue(AuthorizationIssueRequest::new(ticket, "john"))
        .await
        .unwrap();
    assert_eq!(expired.action, Some(AuthorizationIssueAction::BadRequest));
    assert_eq!(expired.result_code.as_deref(), Some("A040301"));

    // Codes expire too.
    let interaction = authorize(
        &v2,
        &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=code"),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
    clock.advance(Duration::from_secs(601));
    let late = v2
        .token(confidential_token(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        )))
        .await
        .unwrap();
    assert_eq!(json(&late.response_content)["error"], "invalid_grant");

    // `scopes` overrides what was requested; `sub` overrides the ID token's subject.
    let interaction = authorize(&v2, &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=code&scope=openid%20profile%20email")).await;
    let mut issue = AuthorizationIssueRequest::new(interaction.ticket.unwrap(), "john");
    issue.scopes = Some(vec!["openid".into(), "profile".into()]);
    issue.sub = Some("pairwise-123".into());
    let issued = v2.authorization_issue(issue).await.unwrap();
    let code = redirect_params(&issued.response_content.unwrap())["code"].clone();
    let token = v2
        .token(confidential_token(format!(
            "grant_type=authorization_code&code={code}&redirect_uri={REDIRECT}"
        )))
        .await
        .unwrap();
    assert_eq!(json(&token.response_content)["scope"], "openid profile");
    assert_eq!(
        verify_id_token(&v2, token.id_token.as_deref().unwrap(), "2000").await["sub"],
        "pairwise-123"
    );
    assert_eq!(token.subject.as_deref(), Some("john"));
    server.shutdown().await;
}

#[tokio::test]
async fn pushed_authorization_requests() {
    let (server, v2, v3) = start(LocalBackend::demo()).await;
    for api in [&v2, &v3] {
        let mut push = PushedAuthorizationRequest::new(format!(
            "response_type=code&redirect_uri={REDIRECT}&scope=openid&nonce=p&state=par"
        ));
        push.client_id = Some(demo::CLIENT_ID.into());
        push.client_secret = Some(demo::CLIENT_SECRET.into());
        let created = api.pushed_authorization(push).await.unwrap();
        assert_eq!(
            created.action,
            Some(PushedAuthorizationAction::Created),
            "{created:?}"
        );
        assert_eq!(created.result_code.as_deref(), Some("A245001"));
        let request_uri = created.request_uri.clone().unwrap();
        assert!(request_uri.starts_with("urn:ietf:params:oauth:request_uri:"));
        let content = json(&created.response_content);
        assert_eq!(content["request_uri"], request_uri.as_str());
        assert_eq!(content["expires_in"], 600);

        let encoded: String = form_urlencoded::byte_serialize(request_uri.as_bytes()).collect();
        let interaction = authorize(api, &format!("client_id=2000&request_uri={encoded}")).await;
        assert_eq!(
            interaction.action,
            Some(AuthorizationAction::Interaction),
            "{interaction:?}"
        );
        assert_eq!(
            interaction.scopes.as_ref().unwrap()[0].name.as_deref(),
            Some("openid")
        );
        let issued = api
            .authorization_issue(AuthorizationIssueRequest::new(
                interaction.ticket.unwrap(),
                "john",
            ))
            .await
            .unwrap();
        assert_eq!(
            redirect_params(&issued.response_content.unwrap())["state"],
            "par"
        );
        // One use only.
        let reused = authorize(api, &format!("client_id=2000&request_uri={encoded}")).await;
        assert_eq!(reused.action, Some(AuthorizationAction::BadRequest));
        assert_eq!(
            json(&reused.response_content)["error"],
            "invalid_request_uri"
        );
    }
    // Another client cannot use a request URI.
    let mut push =
        PushedAuthorizationRequest::new(format!("response_type=code&redirect_uri={REDIRECT}"));
    push.client_id = Some(demo::CLIENT_ID.into());
    push.client_secret = Some(demo::CLIENT_SECRET.into());
    let uri = v2
        .pushed_authorization(push)
        .await
        .unwrap()
        .request_uri
        .unwrap();
    let encoded: String = form_urlencoded::byte_serialize(uri.as_bytes()).collect();
    let stolen = authorize(&v2, &format!("client_id=3000&request_uri={encoded}")).await;
    assert_eq!(stolen.action, Some(AuthorizationAction::BadRequest));
    // RFC 9126 §4: client_id is required beside request_uri.
    let anonymous = authorize(&v2, &format!("request_uri={encoded}")).await;
    assert_eq!(anonymous.action, Some(AuthorizationAction::BadRequest));
    assert_eq!(
        json(&anonymous.response_content)["error"],
        "invalid_request"
    );
    // Neither attempt used up the legitimate client's request_uri.
    let legitimate = authorize(&v2, &format!("client_id=2000&request_uri={encoded}")).await;
    assert_eq!(legitimate.action, Some(AuthorizationAction::Interaction));

    let cases: &[(&str, Option<&str>, PushedAuthorizationAction, &str)] = &[
        (
            "response_type=code",
            Some("wrong"),
            PushedAuthorizationAction::Unauthorized,
            "invalid_client",
        ),
        (
            "response_type=code&request_uri=urn%3Ax",
            Some(demo::CLIENT_SECRET),
            PushedAuthorizationAction::BadRequest,
            "invalid_request",
        ),
        (
            "response_type=code&scope=admin",
            Some(demo::CLIENT_SECRET),
            PushedAuthorizationAction::BadRequest,
            "invalid_scope",
        ),
        (
            "response_type=code&redirect_uri=https%3A%2F%2Fevil.example",
            Some(demo::CLIENT_SECRET),
            PushedAuthorizationAction::BadRequest,
            "invalid_request",
        ),
    ];
    for (parameters, secret, action, error) in cases {
        let mut push = PushedAuthorizationRequest::new(*parameters);
        push.client_id = Some(demo::CLIENT_ID.into());
        push.client_secret = secret.map(str::to_owned);
        let answer = v2.pushed_authorization(push).await.unwrap();
        assert_eq!(answer.action.as_ref(), Some(action), "{parameters}");
        assert_eq!(
            json(&answer.response_content)["error"],
            *error,
            "{parameters}"
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn userinfo_errors() {
    let (server, v2, _) = start(LocalBackend::demo()).await;
    let missing = v2.userinfo(UserInfoRequest::new("")).await.unwrap();
    assert_eq!(missing.action, Some(UserInfoAction::BadRequest));
    assert!(
        missing
            .response_content
            .unwrap()
            .starts_with("Bearer error=\"invalid_request\"")
    );
    let unknown = v2.userinfo(UserInfoRequest::new("nope")).await.unwrap();
    assert_eq!(unknown.action, Some(UserInfoAction::Unauthorized));
    assert!(
        unknown
            .response_content
            .unwrap()
            .starts_with("Bearer error=\"invalid_token\"")
    );
    // A token without openid (client_credentials) is not a UserInfo token.
    let mut request = TokenRequest::new("grant_type=client_credentials&scope=profile");
    request.client_id = Some(demo::CLIENT_ID.into());
    request.client_secret = Some(demo::CLIENT_SECRET.into());
    let access = v2.token(request).await.unwrap().access_token.unwrap();
    let forbidden = v2.userinfo(UserInfoRequest::new(&access)).await.unwrap();
    assert_eq!(forbidden.action, Some(UserInfoAction::Forbidden));
    let challenge = forbidden.response_content.unwrap();
    assert!(
        challenge.starts_with("Bearer error=\"insufficient_scope\"")
            && challenge.ends_with("scope=\"openid\""),
        "{challenge}"
    );
    let issue = v2
        .userinfo_issue(UserInfoIssueRequest::new(&access))
        .await
        .unwrap();
    assert_eq!(issue.action, Some(UserInfoIssueAction::Forbidden));
    let issue = v2
        .userinfo_issue(UserInfoIssueRequest::new("nope"))
        .await
        .unwrap();
    assert_eq!(issue.action, Some(UserInfoIssueAction::Unauthorized));
    // Bad claims JSON at issue.
    let interaction = authorize(
        &v2,
        &format!("client_id=2000&redirect_uri={REDIRECT}&response_type=token&scope=openid%20phone"),
    )
    .await;
    let issued = v2
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let access = issued.access_token.unwrap();
    let mut bad = UserInfoIssueRequest::new(&access);
    bad.claims = Some("not json".into());
    let answer = v2.userinfo_issue(bad).await.unwrap();
    assert_eq!(answer.action, Some(UserInfoIssueAction::BadRequest));
    assert!(
        answer
            .response_content
            .unwrap()
            .starts_with("Bearer error=\"invalid_request\"")
    );
    let mut good = UserInfoIssueRequest::new(&access);
    good.claims = Some(r#"{"phone_number":"+81","email":"hidden@example.com"}"#.into());
    let answer = v2.userinfo_issue(good).await.unwrap();
    assert_eq!(
        json(&answer.response_content),
        serde_json::json!({"sub": "john", "phone_number": "+81"})
    );
    server.shutdown().await;
}

#[tokio::test]
async fn es256_id_tokens_when_configured() {
    let config = LocalConfig::from_toml_str("[keys]\nid_token_alg = \"ES256\"").unwrap();
    let (server, _, v3) = start(LocalBackend::new(config).unwrap()).await;
    let interaction = authorize(
        &v3,
        &format!(
            "client_id=2000&redirect_uri={REDIRECT}&response_type=id_token&scope=openid&nonce=e"
        ),
    )
    .await;
    let issued = v3
        .authorization_issue(AuthorizationIssueRequest::new(
            interaction.ticket.unwrap(),
            "john",
        ))
        .await
        .unwrap();
    let id_token = issued.id_token.unwrap();
    assert_eq!(
        jsonwebtoken::decode_header(&id_token).unwrap().alg,
        jsonwebtoken::Algorithm::ES256
    );
    assert_eq!(verify_id_token(&v3, &id_token, "2000").await["nonce"], "e");
    server.shutdown().await;
}
