//! A strict third-party relying party against our authorization server and the local backend:
//! the `openidconnect` crate (and `oauth2` beneath it) does discovery, the code flow with PKCE and
//! ID-token verification (signature by the JWKS, `iss`, `aud`, `nonce`, `at_hash`), refresh and
//! client credentials, with `client_secret_basic` and `client_secret_post`; revocation is sent by
//! hand because the crate refuses a non-https revocation endpoint. Only the HTTP transport below
//! is ours (openidconnect's own reqwest feature would pull a second reqwest); the user's consent
//! is given through the test application's page.

use authlete_local::demo;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreRevocableToken,
};
use openidconnect::{
    AccessTokenHash, AuthType, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl,
    Nonce, OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, RevocationUrl, Scope,
    TokenResponse,
};

use crate::common::flows::{Env, redirect_params};
use crate::common::{get, http};

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
