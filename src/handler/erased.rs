//! The object-safe twins of the SPI traits, which the handlers hold as `Arc<dyn …>`.
//!
//! Applications implement [`UserSpi`], [`InteractionSpi`], [`GrantSpi`] and
//! [`IntrospectionAuthenticator`] with plain `async fn`s. Traits with `async fn` (or
//! `-> impl Future`) cannot be trait objects, so each has a private twin here whose methods box
//! their futures, and a blanket impl gives every implementation of the public trait its twin. The
//! twins are crate-private: nobody outside can implement or name them, and a method added to a
//! public trait (with a default) is added here without breaking anyone.
//!
//! ```ignore
//! let users: Arc<dyn DynUserSpi> = Arc::new(App); // App: UserSpi
//! let subject = users.authenticate_password(&attempt).await?;
//! ```

use std::pin::Pin;

use http::request::Parts;
use serde_json::Value;

use super::backchannel_spi::{BackchannelAuthentication, BackchannelSpi, UserHint, UserLookup};
use super::initial_access::RegistrationAuthorizer;
use super::page::{AuthorizationPage, DecisionOutcome, DeviceDecision, DevicePage, Form};
use super::password::PasswordAttempt;
use super::response::AuthleteResponse;
use super::spi::{
    AuthenticatedUser, ConsentQuestion, GrantSpi, InteractionSpi, IntrospectionAuthenticator,
    IssueOptions, SpiError, UserSpi,
};
use crate::dto::TokenResponse;

/// A boxed `Send` future, the return type of every twin method.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// [`UserSpi`], object safe.
pub(crate) trait DynUserSpi: Send + Sync {
    fn authenticate_password<'a>(
        &'a self,
        attempt: &'a PasswordAttempt<'a>,
    ) -> BoxFuture<'a, Result<Option<String>, SpiError>>;

    fn claim<'a>(
        &'a self,
        subject: &'a str,
        name: &'a str,
        language_tag: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Option<Value>, SpiError>>;

    fn issue_options<'a>(
        &'a self,
        subject: &'a str,
        client_id: Option<i64>,
    ) -> BoxFuture<'a, Result<IssueOptions, SpiError>>;
}

impl<T: UserSpi> DynUserSpi for T {
    fn authenticate_password<'a>(
        &'a self,
        attempt: &'a PasswordAttempt<'a>,
    ) -> BoxFuture<'a, Result<Option<String>, SpiError>> {
        Box::pin(UserSpi::authenticate_password(self, attempt))
    }

    fn claim<'a>(
        &'a self,
        subject: &'a str,
        name: &'a str,
        language_tag: Option<&'a str>,
    ) -> BoxFuture<'a, Result<Option<Value>, SpiError>> {
        Box::pin(UserSpi::claim(self, subject, name, language_tag))
    }

    fn issue_options<'a>(
        &'a self,
        subject: &'a str,
        client_id: Option<i64>,
    ) -> BoxFuture<'a, Result<IssueOptions, SpiError>> {
        Box::pin(UserSpi::issue_options(self, subject, client_id))
    }
}

/// [`InteractionSpi`], object safe.
pub(crate) trait DynInteractionSpi: Send + Sync {
    fn current_user<'a>(
        &'a self,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<Option<AuthenticatedUser>, SpiError>>;

    fn authorization_page<'a>(
        &'a self,
        page: AuthorizationPage,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<AuthleteResponse, SpiError>>;

    fn decision<'a>(
        &'a self,
        request: &'a Parts,
        form: &'a Form,
    ) -> BoxFuture<'a, Result<DecisionOutcome, SpiError>>;

    fn has_consented<'a>(
        &'a self,
        question: &'a ConsentQuestion,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<bool, SpiError>>;

    fn device_page<'a>(
        &'a self,
        page: DevicePage,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<AuthleteResponse, SpiError>>;

    fn device_decision<'a>(
        &'a self,
        request: &'a Parts,
        form: &'a Form,
    ) -> BoxFuture<'a, Result<DecisionOutcome<DeviceDecision>, SpiError>>;
}

impl<T: InteractionSpi> DynInteractionSpi for T {
    fn current_user<'a>(
        &'a self,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<Option<AuthenticatedUser>, SpiError>> {
        Box::pin(InteractionSpi::current_user(self, request))
    }

    fn authorization_page<'a>(
        &'a self,
        page: AuthorizationPage,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<AuthleteResponse, SpiError>> {
        Box::pin(InteractionSpi::authorization_page(self, page, request))
    }

    fn decision<'a>(
        &'a self,
        request: &'a Parts,
        form: &'a Form,
    ) -> BoxFuture<'a, Result<DecisionOutcome, SpiError>> {
        Box::pin(InteractionSpi::decision(self, request, form))
    }

    fn has_consented<'a>(
        &'a self,
        question: &'a ConsentQuestion,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<bool, SpiError>> {
        Box::pin(InteractionSpi::has_consented(self, question, request))
    }

    fn device_page<'a>(
        &'a self,
        page: DevicePage,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<AuthleteResponse, SpiError>> {
        Box::pin(InteractionSpi::device_page(self, page, request))
    }

    fn device_decision<'a>(
        &'a self,
        request: &'a Parts,
        form: &'a Form,
    ) -> BoxFuture<'a, Result<DecisionOutcome<DeviceDecision>, SpiError>> {
        Box::pin(InteractionSpi::device_decision(self, request, form))
    }
}

/// [`GrantSpi`], object safe.
pub(crate) trait DynGrantSpi: Send + Sync {
    fn token_exchange<'a>(
        &'a self,
        request: &'a TokenResponse,
    ) -> BoxFuture<'a, Result<Option<AuthleteResponse>, SpiError>>;

    fn jwt_bearer<'a>(
        &'a self,
        request: &'a TokenResponse,
    ) -> BoxFuture<'a, Result<Option<AuthleteResponse>, SpiError>>;
}

impl<T: GrantSpi> DynGrantSpi for T {
    fn token_exchange<'a>(
        &'a self,
        request: &'a TokenResponse,
    ) -> BoxFuture<'a, Result<Option<AuthleteResponse>, SpiError>> {
        Box::pin(GrantSpi::token_exchange(self, request))
    }

    fn jwt_bearer<'a>(
        &'a self,
        request: &'a TokenResponse,
    ) -> BoxFuture<'a, Result<Option<AuthleteResponse>, SpiError>> {
        Box::pin(GrantSpi::jwt_bearer(self, request))
    }
}

/// [`NativeSsoSpi`](super::NativeSsoSpi), object safe.
pub(crate) trait DynNativeSsoSpi: Send + Sync {
    fn is_session_alive<'a>(
        &'a self,
        session_id: &'a str,
        subject: Option<&'a str>,
    ) -> BoxFuture<'a, Result<bool, SpiError>>;

    fn device_secret_hash(&self, device_secret: &str) -> String;

    fn id_token_claims<'a>(
        &'a self,
        request: &'a TokenResponse,
    ) -> BoxFuture<'a, Result<Option<serde_json::Map<String, serde_json::Value>>, SpiError>>;
}

impl<T: super::NativeSsoSpi> DynNativeSsoSpi for T {
    fn is_session_alive<'a>(
        &'a self,
        session_id: &'a str,
        subject: Option<&'a str>,
    ) -> BoxFuture<'a, Result<bool, SpiError>> {
        Box::pin(super::NativeSsoSpi::is_session_alive(
            self, session_id, subject,
        ))
    }

    fn device_secret_hash(&self, device_secret: &str) -> String {
        super::NativeSsoSpi::device_secret_hash(self, device_secret)
    }

    fn id_token_claims<'a>(
        &'a self,
        request: &'a TokenResponse,
    ) -> BoxFuture<'a, Result<Option<serde_json::Map<String, serde_json::Value>>, SpiError>> {
        Box::pin(super::NativeSsoSpi::id_token_claims(self, request))
    }
}

/// [`BackchannelSpi`], object safe.
pub(crate) trait DynBackchannelSpi: Send + Sync {
    fn find_user<'a>(
        &'a self,
        hint: &'a UserHint<'a>,
    ) -> BoxFuture<'a, Result<UserLookup, SpiError>>;

    fn check_user_code<'a>(
        &'a self,
        subject: &'a str,
        user_code: &'a str,
    ) -> BoxFuture<'a, Result<bool, SpiError>>;

    fn check_binding_message<'a>(
        &'a self,
        message: &'a str,
    ) -> BoxFuture<'a, Result<bool, SpiError>>;

    fn start_authentication(
        &self,
        request: BackchannelAuthentication,
    ) -> BoxFuture<'_, Result<(), SpiError>>;
}

impl<T: BackchannelSpi> DynBackchannelSpi for T {
    fn find_user<'a>(
        &'a self,
        hint: &'a UserHint<'a>,
    ) -> BoxFuture<'a, Result<UserLookup, SpiError>> {
        Box::pin(BackchannelSpi::find_user(self, hint))
    }

    fn check_user_code<'a>(
        &'a self,
        subject: &'a str,
        user_code: &'a str,
    ) -> BoxFuture<'a, Result<bool, SpiError>> {
        Box::pin(BackchannelSpi::check_user_code(self, subject, user_code))
    }

    fn check_binding_message<'a>(
        &'a self,
        message: &'a str,
    ) -> BoxFuture<'a, Result<bool, SpiError>> {
        Box::pin(BackchannelSpi::check_binding_message(self, message))
    }

    fn start_authentication(
        &self,
        request: BackchannelAuthentication,
    ) -> BoxFuture<'_, Result<(), SpiError>> {
        Box::pin(BackchannelSpi::start_authentication(self, request))
    }
}

/// [`RegistrationAuthorizer`], object safe.
pub(crate) trait DynRegistrationAuthorizer: Send + Sync {
    fn authorize<'a>(
        &'a self,
        initial_access_token: Option<&'a str>,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<bool, SpiError>>;
}

impl<T: RegistrationAuthorizer> DynRegistrationAuthorizer for T {
    fn authorize<'a>(
        &'a self,
        initial_access_token: Option<&'a str>,
        request: &'a Parts,
    ) -> BoxFuture<'a, Result<bool, SpiError>> {
        Box::pin(RegistrationAuthorizer::authorize(
            self,
            initial_access_token,
            request,
        ))
    }
}

/// [`IntrospectionAuthenticator`], object safe.
pub(crate) trait DynIntrospectionAuthenticator: Send + Sync {
    fn authenticate<'a>(
        &'a self,
        head: &'a Parts,
        form: &'a Form,
    ) -> BoxFuture<'a, Result<bool, SpiError>>;
}

impl<T: IntrospectionAuthenticator> DynIntrospectionAuthenticator for T {
    fn authenticate<'a>(
        &'a self,
        head: &'a Parts,
        form: &'a Form,
    ) -> BoxFuture<'a, Result<bool, SpiError>> {
        Box::pin(IntrospectionAuthenticator::authenticate(self, head, form))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    struct Users;

    impl UserSpi for Users {
        async fn authenticate(
            &self,
            username: &str,
            password: &str,
        ) -> Result<Option<String>, SpiError> {
            Ok((username == "alice" && password == "wonderland").then(|| "1001".to_owned()))
        }
    }

    struct Nobody;

    impl InteractionSpi for Nobody {
        async fn current_user(
            &self,
            _request: &Parts,
        ) -> Result<Option<AuthenticatedUser>, SpiError> {
            Ok(None)
        }

        async fn authorization_page(
            &self,
            _page: AuthorizationPage,
            _request: &Parts,
        ) -> Result<AuthleteResponse, SpiError> {
            Err(SpiError::new("no page"))
        }

        async fn decision(
            &self,
            _request: &Parts,
            _form: &Form,
        ) -> Result<DecisionOutcome, SpiError> {
            Err(SpiError::new("no decision"))
        }
    }

    fn parts() -> Parts {
        http::Request::new(()).into_parts().0
    }

    #[tokio::test]
    async fn the_twin_calls_the_implementation_and_its_defaults() {
        let users: Arc<dyn DynUserSpi> = Arc::new(Users);
        let request = parts();
        let right = PasswordAttempt::new("alice", "wonderland", &request);
        assert_eq!(
            users.authenticate_password(&right).await.unwrap(),
            Some("1001".to_owned())
        );
        let wrong = PasswordAttempt::new("alice", "x", &request);
        assert_eq!(users.authenticate_password(&wrong).await.unwrap(), None);
        assert_eq!(users.claim("1001", "name", None).await.unwrap(), None);
        assert_eq!(
            users.issue_options("1001", Some(1)).await.unwrap(),
            IssueOptions::default()
        );
    }

    #[tokio::test]
    async fn the_default_consent_answer_is_no() {
        let interaction: Arc<dyn DynInteractionSpi> = Arc::new(Nobody);
        let response = serde_json::from_value(serde_json::json!({
            "client": {"clientId": 7}, "scopes": [{"name": "openid"}, {"name": "email"}],
            "claims": ["name"], "claimsAtUserInfo": ["email", "name"]
        }))
        .unwrap();
        let question = ConsentQuestion::new(AuthenticatedUser::new("1001"), response);
        assert_eq!(question.client_id, Some(7));
        assert_eq!(question.scopes, ["openid", "email"]);
        assert_eq!(question.claims, ["name", "email"]);
        assert!(
            !interaction
                .has_consented(&question, &parts())
                .await
                .unwrap()
        );
        assert!(
            interaction
                .device_page(DevicePage::Input { user_code: None }, &parts())
                .await
                .is_err()
        );
    }
}
