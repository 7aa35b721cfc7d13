//! JARM over real HTTP: `query.jwt`, `fragment.jwt`, `form_post.jwt` and `jwt` deliver the
//! authorization response (success and error) as one `response` JWT, verified here with an
//! independent JWT implementation (jsonwebtoken) against the backend's JWKS.

use std::collections::HashMap;

use authlete_local::{LocalBackend, LocalConfig, demo};
use authlete_tower::AuthleteApi;
use authlete_tower::dto::*;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use serde_json::{Value, json};

use crate::proof::now;
use crate::support::start;

const REDIRECT: &str = "http%3A%2F%2Flocalhost%3A8000%2Fapi%2Fmock%2Fredirection";

/// The parameters of a LOCATION redirect, from its query or (`fragment`) its fragment.
fn location_params(location: &str, fragment: bool) -> HashMap<String, String> {
    assert!(location.starts_with(demo::REDIRECT_URI), "{location}");
    let url = url::Url::parse(location).unwrap();
    let text = if fragment {
        assert!(url.query().is_none(), "{location}");
        url.fragment().expect("a fragment").to_owned()
    } else {
        assert!(url.fragment().is_none(), "{location}");
        url.query().expect("a query").to_owned()
    };
    form_urlencoded::parse(text.as_bytes())
        .into_owned()
        .collect()
}

/// The single `response` parameter, verified: signature via the JWKS, `iss`, `aud`, `exp`.
async fn verify(api: &dyn AuthleteApi, params: &HashMap<String, String>) -> Value {
    assert_eq!(params.len(), 1, "only `response`: {params:?}");
    let jwt = &params["response"];
    let jwks = api
        .service_jwks(ServiceJwksOptions::default())
        .await
        .unwrap()
        .unwrap();
    let set: JwkSet = serde_json::from_value(jwks).unwrap();
    let header = jsonwebtoken::decode_header(jwt).unwrap();
    let key = DecodingKey::from_jwk(set.find(header.kid.as_deref().unwrap()).unwrap()).unwrap();
    let mut validation = Validation::new(header.alg);
    validation.set_audience(&[demo::CLIENT_ID]);
    validation.set_issuer(&[demo::ISSUER]);
    validation.set_required_spec_claims(&["exp", "iss", "aud"]);
    let claims = jsonwebtoken::decode::<Value>(jwt, &key, &validation)
        .expect("a valid JARM response")
        .claims;
    let exp = claims["exp"].as_i64().unwrap();
    assert!(exp > now() && exp <= now() + 900, "a short exp: {claims}");
    claims
}

async fn interaction(api: &dyn AuthleteApi, parameters: &str) -> String {
    let response = api
        .authorization(AuthorizationRequest::new(format!(
            "client_id=2000&redirect_uri={REDIRECT}&state=s-1&{parameters}"
        )))
        .await
        .unwrap();
    assert_eq!(
        response.action,
        Some(AuthorizationAction::Interaction),
        "{response:?}"
    );
    response.ticket.unwrap()
}

#[tokio::test]
async fn code_responses_in_every_jwt_mode() {
    let (server, v2, v3) = start(LocalBackend::new(LocalConfig::demo()).unwrap()).await;
    for api in [&v2, &v3] {
        for (mode, fragment) in [("query.jwt", false), ("jwt", false), ("fragment.jwt", true)] {
            let ticket =
                interaction(api, &format!("response_type=code&response_mode={mode}")).await;
            let issued = api
                .authorization_issue(AuthorizationIssueRequest::new(ticket, "john"))
                .await
                .unwrap();
            assert_eq!(
                issued.action,
                Some(AuthorizationIssueAction::Location),
                "{mode}"
            );
            let claims = verify(
                api,
                &location_params(&issued.response_content.unwrap(), fragment),
            )
            .await;
            assert_eq!(
                claims["code"],
                json!(issued.authorization_code.unwrap()),
                "{mode}"
            );
            assert_eq!(claims["state"], "s-1", "{mode}");
        }

        let ticket = interaction(api, "response_type=code&response_mode=form_post.jwt").await;
        let issued = api
            .authorization_issue(AuthorizationIssueRequest::new(ticket, "john"))
            .await
            .unwrap();
        assert_eq!(issued.action, Some(AuthorizationIssueAction::Form));
        let html = issued.response_content.unwrap();
        assert!(
            html.contains(&format!("action=\"{}\"", demo::REDIRECT_URI)),
            "{html}"
        );
        assert_eq!(html.matches("<input").count(), 1, "{html}");
        let value = html
            .split("name=\"response\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a response input");
        let claims = verify(api, &HashMap::from([("response".into(), value.to_owned())])).await;
        assert_eq!(claims["code"], json!(issued.authorization_code.unwrap()));
        assert_eq!(claims["state"], "s-1");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn implicit_jwt_means_fragment_and_query_jwt_cannot_carry_tokens() {
    let (server, _, v3) = start(LocalBackend::new(LocalConfig::demo()).unwrap()).await;
    let ticket = interaction(
        &v3,
        "response_type=code%20id_token&scope=openid&nonce=n-1&response_mode=jwt",
    )
    .await;
    let issued = v3
        .authorization_issue(AuthorizationIssueRequest::new(ticket, "john"))
        .await
        .unwrap();
    let claims = verify(
        &v3,
        &location_params(&issued.response_content.unwrap(), true),
    )
    .await;
    assert_eq!(claims["code"], json!(issued.authorization_code.unwrap()));
    assert_eq!(claims["id_token"], json!(issued.id_token.unwrap()));
    assert_eq!(claims["state"], "s-1");

    // Tokens never travel in a query, signed or not; the error is itself a JARM response.
    let refused = v3
        .authorization(AuthorizationRequest::new(format!(
            "client_id=2000&redirect_uri={REDIRECT}&state=s-1&response_type=token&response_mode=query.jwt"
        )))
        .await
        .unwrap();
    assert_eq!(refused.action, Some(AuthorizationAction::Location));
    assert_eq!(refused.result_code.as_deref(), Some("A004201"));
    let claims = verify(
        &v3,
        &location_params(&refused.response_content.unwrap(), false),
    )
    .await;
    assert_eq!(claims["error"], "invalid_request");
    assert_eq!(claims["state"], "s-1");
    server.shutdown().await;
}

#[tokio::test]
async fn errors_are_jarm_responses_too() {
    let (server, _, v3) = start(LocalBackend::new(LocalConfig::demo()).unwrap()).await;
    let refused = v3
        .authorization(AuthorizationRequest::new(format!(
            "client_id=2000&redirect_uri={REDIRECT}&state=s-1&response_type=code&scope=unknown&response_mode=query.jwt"
        )))
        .await
        .unwrap();
    assert_eq!(refused.action, Some(AuthorizationAction::Location));
    assert_eq!(refused.result_code.as_deref(), Some("A004204"));
    let claims = verify(
        &v3,
        &location_params(&refused.response_content.unwrap(), false),
    )
    .await;
    assert_eq!(claims["error"], "invalid_scope");
    assert!(
        claims["error_description"]
            .as_str()
            .unwrap()
            .starts_with("[A004204]")
    );

    let ticket = interaction(&v3, "response_type=code&response_mode=fragment.jwt").await;
    let failed = v3
        .authorization_fail(AuthorizationFailRequest::new(
            ticket,
            AuthorizationFailReason::Denied,
        ))
        .await
        .unwrap();
    assert_eq!(failed.action, Some(AuthorizationIssueAction::Location));
    let claims = verify(
        &v3,
        &location_params(&failed.response_content.unwrap(), true),
    )
    .await;
    assert_eq!(claims["error"], "access_denied");
    assert_eq!(claims["state"], "s-1");
    assert!(claims.get("code").is_none());
    server.shutdown().await;
}

#[tokio::test]
async fn discovery_advertises_jarm() {
    let (server, _, v3) = start(LocalBackend::new(LocalConfig::demo()).unwrap()).await;
    let document = v3
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap();
    let modes = document["response_modes_supported"].as_array().unwrap();
    for mode in ["query.jwt", "fragment.jwt", "form_post.jwt", "jwt"] {
        assert!(modes.contains(&json!(mode)), "{mode}: {document}");
    }
    let jwks = v3
        .service_jwks(ServiceJwksOptions::default())
        .await
        .unwrap()
        .unwrap();
    let algs = document["authorization_signing_alg_values_supported"]
        .as_array()
        .unwrap();
    assert_eq!(algs.len(), 1);
    assert!(
        jwks["keys"]
            .as_array()
            .unwrap()
            .iter()
            .any(|key| key["alg"] == algs[0]),
        "{jwks}"
    );
    server.shutdown().await;
}
