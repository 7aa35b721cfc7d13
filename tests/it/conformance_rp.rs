//! A strict third-party relying party against our authorization server and the local backend:
//! the `openidconnect` crate (and `oauth2` beneath it) does discovery, the code flow with PKCE and
//! ID-token verification (signature by the JWKS, `iss`, `aud`, `nonce`, `at_hash`), refresh and
//! client credentials, with `client_secret_basic` and `client_secret_post`; the implicit
//! (`id_token token`) and hybrid (`code id_token`) flows with the crate's `at_hash` and `c_hash`;
//! `response_mode=form_post` (the RP reads the form of the page our AS serves); UserInfo through
//! the crate's `user_info`. Revocation is sent by hand because the crate refuses a non-https
//! revocation endpoint. Only the HTTP transport below
//! is ours (openidconnect's own reqwest feature would pull a second reqwest); the user's consent
//! is given through the test application's page.

use authlete_local::demo;
use std::collections::HashMap;

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreIdToken, CoreProviderMetadata, CoreResponseType,
    CoreRevocableToken, CoreUserInfoClaims,
};
use openidconnect::{
    AccessToken, AccessTokenHash, AuthType, AuthorizationCode, AuthorizationCodeHash, ClientId,
    ClientSecret, CsrfToken, IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl,
    RevocationUrl, Scope, SubjectIdentifier, TokenResponse,
};

use crate::common::flows::{Env, redirect_params};
use crate::common::{Answer, get, http};

/// The relying party's HTTP transport: one request through reqwest, redirects not followed.
async fn transport(
    request: openidconnect::HttpRequest,
) -> Result<openidconnect::HttpResponse, reqwest::Error> {
    let (parts, body) = request.into_parts();
    let mut outgoing = http()
        .request(parts.method, parts.uri.to_string())
        .body(body);
    for (name, value) in &parts.headers {
        outgoing = outgoing.header(name, value);
    }
    let response = outgoing.send().await?;
    let mut answer = ::http::Response::builder().status(response.status());
    for (name, value) in response.headers() {
        answer = answer.header(name, value);
    }
    let body = response.bytes().await?.to_vec();
    Ok(answer
        .body(body)
        .expect("a response rebuilt from a valid one"))
}

/// Discovery and a client for the demo confidential client, authenticating by `auth_type`.
async fn relying_party(
    env: &Env,
    auth_type: AuthType,
) -> (
    openidconnect::core::CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    CoreProviderMetadata,
) {
    let issuer = IssuerUrl::new(env.base.clone()).unwrap();
    let metadata = CoreProviderMetadata::discover_async(issuer, &transport)
        .await
        .expect("discovery passes the RP's checks");
    // The revocation endpoint is an extension of the metadata (RFC 8414); read it plainly.
    let document = get(&env.url("/.well-known/openid-configuration"))
        .await
        .json();
    let revocation = document["revocation_endpoint"].as_str().unwrap().to_owned();
    let client = CoreClient::from_provider_metadata(
        metadata.clone(),
        ClientId::new(demo::CLIENT_ID.to_owned()),
        Some(ClientSecret::new(demo::CLIENT_SECRET.to_owned())),
    )
    .set_redirect_uri(RedirectUrl::new(demo::REDIRECT_URI.to_owned()).unwrap())
    .set_revocation_url(RevocationUrl::new(revocation).unwrap())
    .set_auth_type(auth_type);
    (client, metadata)
}

#[tokio::test]
async fn code_flow_with_pkce_refresh_and_revocation_by_basic_and_post() {
    let env = Env::start_at_own_issuer().await;
    for auth_type in [AuthType::BasicAuth, AuthType::RequestBody] {
        let (client, metadata) = relying_party(&env, auth_type.clone()).await;
        assert_eq!(metadata.issuer().as_str(), env.base);

        // The code flow with PKCE (S256) and a nonce, driven through our AS.
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("profile".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        let page = get(url.as_str()).await;
        assert_eq!(page.status, 200, "{page:?}");
        let params = redirect_params(&env.consent(&page.json(), true).await);
        assert_eq!(params["state"], *state.secret());
        let code = AuthorizationCode::new(params["code"].clone());
        let tokens = client
            .exchange_code(code)
            .unwrap()
            .set_pkce_verifier(verifier)
            .request_async(&transport)
            .await
            .unwrap_or_else(|error| panic!("{auth_type:?}: {error:?}"));

        // The ID token: signature by the JWKS, iss, aud, exp, nonce, at_hash.
        let id_token = tokens.id_token().expect("an ID token for scope openid");
        let verifier = client.id_token_verifier();
        let claims = id_token.claims(&verifier, &nonce).unwrap();
        assert_eq!(claims.subject().as_str(), "1001");
        let expected = claims.access_token_hash().expect("at_hash");
        let actual = AccessTokenHash::from_token(
            tokens.access_token(),
            id_token.signing_alg().unwrap(),
            id_token.signing_key(&verifier).unwrap(),
        )
        .unwrap();
        assert_eq!(*expected, actual);
        // Another nonce is refused.
        assert!(
            id_token
                .claims(&verifier, &Nonce::new("other".to_owned()))
                .is_err()
        );

        // Refresh: a new access token, the old refresh token rotated away.
        let refresh = tokens.refresh_token().expect("a refresh token").clone();
        let refreshed = client
            .exchange_refresh_token(&refresh)
            .unwrap()
            .request_async(&transport)
            .await
            .unwrap();
        assert_ne!(
            refreshed.access_token().secret(),
            tokens.access_token().secret()
        );
        let access = refreshed.access_token().clone();
        assert_eq!(env.introspect(access.secret()).await["active"], true);

        // Revocation (RFC 7009): the crate refuses a revocation endpoint that is not https, as
        // RFC 7009 §2 requires TLS; over the test's loopback http it says so, and the request it
        // would send is sent by hand with the same client authentication.
        let refused = client.revoke_token(CoreRevocableToken::from(access.clone()));
        assert!(matches!(
            refused,
            Err(openidconnect::ConfigurationError::InsecureUrl("revocation"))
        ));
        let revoke = http()
            .post(env.url("/api/revocation"))
            .header("content-type", "application/x-www-form-urlencoded");
        let revoke = match auth_type {
            AuthType::BasicAuth => revoke
                .basic_auth(demo::CLIENT_ID, Some(demo::CLIENT_SECRET))
                .body(format!("token={}", access.secret())),
            _ => revoke.body(format!(
                "token={}&client_id={}&client_secret={}",
                access.secret(),
                demo::CLIENT_ID,
                demo::CLIENT_SECRET
            )),
        };
        assert_eq!(revoke.send().await.unwrap().status(), 200);
        assert_eq!(env.introspect(access.secret()).await["active"], false);

        // Client credentials.
        let machine = client
            .exchange_client_credentials()
            .unwrap()
            .add_scope(Scope::new("profile".to_owned()))
            .request_async(&transport)
            .await
            .unwrap();
        assert!(machine.refresh_token().is_none());
        let introspection = env.introspect(machine.access_token().secret()).await;
        assert_eq!(introspection["active"], true);
        assert_eq!(introspection["client_id"], demo::CLIENT_ID);
    }
    env.local.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_refused_by_either_method() {
    let env = Env::start_at_own_issuer().await;
    for auth_type in [AuthType::BasicAuth, AuthType::RequestBody] {
        let (client, _) = relying_party(&env, auth_type.clone()).await;
        let client = client.set_client_secret(ClientSecret::new("wrong".to_owned()));
        let error = client
            .exchange_client_credentials()
            .unwrap()
            .request_async(&transport)
            .await
            .expect_err("a wrong secret");
        match error {
            openidconnect::RequestTokenError::ServerResponse(response) => {
                assert_eq!(
                    response.error(),
                    &openidconnect::core::CoreErrorResponseType::InvalidClient,
                    "{auth_type:?}"
                );
            }
            other => panic!("{auth_type:?}: {other:?}"),
        }
    }
    env.local.shutdown().await;
}

#[tokio::test]
async fn implicit_id_token_token_with_at_hash_and_userinfo() {
    let env = Env::start_at_own_issuer().await;
    let (client, _) = relying_party(&env, AuthType::BasicAuth).await;
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::Implicit(true),
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".to_owned()))
        .url();
    assert!(
        url.as_str().contains("response_type=id_token+token"),
        "{url}"
    );
    let page = get(url.as_str()).await;
    assert_eq!(page.status, 200, "{page:?}");
    let answer = env.consent(&page.json(), true).await;
    assert!(
        answer.header("location").unwrap().contains('#'),
        "the implicit response is in the fragment: {answer:?}"
    );
    let params = redirect_params(&answer);
    assert_eq!(params["state"], *state.secret());
    assert_eq!(params["token_type"], "Bearer");
    assert!(!params.contains_key("code"), "{params:?}");
    let id_token: CoreIdToken = params["id_token"].parse().expect("an ID token");
    let verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&verifier, &nonce)
        .expect("a valid ID token");
    assert_eq!(claims.subject().as_str(), "1001");
    assert!(
        id_token
            .claims(&verifier, &Nonce::new("another".to_owned()))
            .is_err(),
        "another nonce is refused"
    );

    // at_hash (OpenID Connect Core §3.2.2.10): required with id_token token, and the crate's hash
    // of the access token of the same response.
    let access = AccessToken::new(params["access_token"].clone());
    let expected = claims
        .access_token_hash()
        .expect("at_hash in an implicit ID token");
    let actual = AccessTokenHash::from_token(
        &access,
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&verifier).unwrap(),
    )
    .unwrap();
    assert_eq!(*expected, actual);
    let other = AccessTokenHash::from_token(
        &AccessToken::new("another-token".to_owned()),
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&verifier).unwrap(),
    )
    .unwrap();
    assert_ne!(*expected, other);

    // UserInfo through the crate, which checks the subject against the ID token's.
    let info: CoreUserInfoClaims = client
        .user_info(access.clone(), Some(claims.subject().clone()))
        .expect("a userinfo endpoint in discovery")
        .request_async(&transport)
        .await
        .expect("userinfo");
    assert_eq!(info.subject().as_str(), "1001");
    assert!(info.email().is_some(), "scope email: {info:?}");
    let mismatch = client
        .user_info(access, Some(SubjectIdentifier::new("1002".to_owned())))
        .unwrap()
        .request_async::<openidconnect::EmptyAdditionalClaims, _, openidconnect::core::CoreGenderClaim>(&transport)
        .await;
    assert!(
        matches!(
            mismatch,
            Err(openidconnect::UserInfoError::ClaimsVerification(_))
        ),
        "{mismatch:?}"
    );
    env.local.shutdown().await;
}

#[tokio::test]
async fn hybrid_code_id_token_with_c_hash_then_the_code() {
    let env = Env::start_at_own_issuer().await;
    let (client, _) = relying_party(&env, AuthType::RequestBody).await;
    let (challenge, pkce_verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::Hybrid(vec![CoreResponseType::Code, CoreResponseType::IdToken]),
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .set_pkce_challenge(challenge)
        .url();
    assert!(
        url.as_str().contains("response_type=code+id_token"),
        "{url}"
    );
    let page = get(url.as_str()).await;
    assert_eq!(page.status, 200, "{page:?}");
    let answer = env.consent(&page.json(), true).await;
    assert!(
        answer.header("location").unwrap().contains('#'),
        "{answer:?}"
    );
    let params = redirect_params(&answer);
    assert_eq!(params["state"], *state.secret());
    assert!(!params.contains_key("access_token"), "{params:?}");
    let id_token: CoreIdToken = params["id_token"].parse().expect("an ID token");
    let verifier = client.id_token_verifier();
    let claims = id_token
        .claims(&verifier, &nonce)
        .expect("a valid ID token");
    assert_eq!(claims.subject().as_str(), "1001");
    assert!(
        id_token
            .claims(&verifier, &Nonce::new("another".to_owned()))
            .is_err(),
        "another nonce is refused"
    );

    // c_hash (OpenID Connect Core §3.3.2.11): required with code id_token, the crate's hash of
    // the code of the same response.
    let code = AuthorizationCode::new(params["code"].clone());
    let expected = claims.code_hash().expect("c_hash in a hybrid ID token");
    let actual = AuthorizationCodeHash::from_code(
        &code,
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&verifier).unwrap(),
    )
    .unwrap();
    assert_eq!(*expected, actual);

    // The code redeems, with PKCE, for tokens and a second ID token for the same user.
    let tokens = client
        .exchange_code(code)
        .unwrap()
        .set_pkce_verifier(pkce_verifier)
        .request_async(&transport)
        .await
        .expect("the hybrid flow's code redeems");
    let second = tokens
        .id_token()
        .expect("an ID token from the token endpoint");
    let second = second.claims(&verifier, &nonce).unwrap();
    assert_eq!(second.subject(), claims.subject());
    env.local.shutdown().await;
}

/// The fields of the auto-submitting form of a `form_post` page: its `action` and its hidden
/// inputs, HTML-unescaped, as a browser would post them.
fn posted_form(page: &Answer) -> (String, HashMap<String, String>) {
    let unescape = |text: &str| {
        text.replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let attribute = |tag: &str, name: &str| {
        let marker = format!("{name}=\"");
        tag.find(&marker).map(|start| {
            let rest = &tag[start + marker.len()..];
            unescape(&rest[..rest.find('"').unwrap()])
        })
    };
    let body = &page.body;
    let form = &body[body.find("<form").expect("a form")..];
    let form = &form[..form.find('>').unwrap()];
    let action = attribute(form, "action").expect("an action");
    let fields = body
        .split("<input")
        .skip(1)
        .map(|tag| &tag[..tag.find('>').unwrap()])
        .filter(|tag| attribute(tag, "type").as_deref() == Some("hidden"))
        .map(|tag| {
            (
                attribute(tag, "name").unwrap(),
                attribute(tag, "value").unwrap(),
            )
        })
        .collect();
    (action, fields)
}

#[tokio::test]
async fn form_post_response_mode_then_the_code_and_userinfo() {
    let env = Env::start_at_own_issuer().await;
    let (client, _) = relying_party(&env, AuthType::BasicAuth).await;
    let (challenge, pkce_verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_extra_param("response_mode", "form_post")
        .set_pkce_challenge(challenge)
        .url();
    let page = get(url.as_str()).await;
    assert_eq!(page.status, 200, "{page:?}");
    let answer = env.consent(&page.json(), true).await;
    // Not a redirect: a page whose form posts the response to the redirect URI.
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.content_type(), "text/html;charset=UTF-8");
    assert_eq!(answer.header("cache-control"), Some("no-store"));
    assert!(answer.header("location").is_none());
    let (action, fields) = posted_form(&answer);
    assert_eq!(action, demo::REDIRECT_URI);
    assert_eq!(fields["state"], *state.secret());
    assert!(!fields.contains_key("access_token"), "{fields:?}");

    let tokens = client
        .exchange_code(AuthorizationCode::new(fields["code"].clone()))
        .unwrap()
        .set_pkce_verifier(pkce_verifier)
        .request_async(&transport)
        .await
        .expect("the posted code redeems");
    let verifier = client.id_token_verifier();
    let claims = tokens
        .id_token()
        .expect("an ID token")
        .claims(&verifier, &nonce)
        .unwrap();
    let info: CoreUserInfoClaims = client
        .user_info(
            tokens.access_token().clone(),
            Some(claims.subject().clone()),
        )
        .unwrap()
        .request_async(&transport)
        .await
        .expect("userinfo");
    assert_eq!(info.subject(), claims.subject());
    env.local.shutdown().await;
}
