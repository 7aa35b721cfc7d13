//! Full flows through the handlers mounted on axum, against the local backend over real HTTP.

use crate::common::flows::{self, Env, Mount};

macro_rules! flow_tests {
    ($($name:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                let env = Env::start(Mount::Axum).await;
                flows::$name(&env).await;
                env.local.shutdown().await;
            }
        )+
    };
}

flow_tests!(
    code_flow_with_pkce,
    implicit_and_hybrid,
    denied,
    prompt_none,
    password_grant,
    client_credentials,
    managed_client_credentials,
    revocation_then_introspection,
    introspection_client_authentication,
    token_refusals,
    revocation_refusals,
    userinfo_answers,
    par_refusals,
    device_authorization_refusals,
    registration_refusals,
    discovery,
    par_then_authorization,
    device_flow,
    device_denied_without_a_user,
    decision_answered_by_the_application,
    registration,
    form_only_endpoints_refuse_other_bodies,
);

#[tokio::test]
async fn client_authentication_methods() {
    let env = Env::start_with(Mount::Axum, flows::client_auth_config()).await;
    flows::client_authentication_methods(&env).await;
    env.local.shutdown().await;
}
