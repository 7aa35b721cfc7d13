//! What a user sees when an error reaches `main`: a `main` returning `Result<(), E>` (e.g.
//! `Box<dyn Error>`, as in the README's example) prints `Error: {:?}` (std's `Termination`), so the
//! `Debug` of every error a user meets at start-up must be its readable message, not
//! `Missing { setting: …, why: … }`.

use std::error::Error;

use authlete_local::LocalConfig;
use authlete_tower::dto::ServiceConfigurationOptions;
use authlete_tower::{AuthleteApi, AuthleteClient, AuthleteConfig};

/// What `fn main() -> Result<(), Box<dyn Error>>` prints when it returns `Err(error.into())`.
fn printed_by_main(error: impl Error + 'static) -> String {
    let boxed: Box<dyn Error> = Box::new(error);
    format!("Error: {boxed:?}")
}

#[test]
fn a_missing_configuration_prints_its_message() {
    let error = AuthleteConfig::from_lookup(|_| None).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("AUTHLETE_SERVICE_APIKEY"),
        "the message names the variable to set: {message}"
    );
    assert_eq!(printed_by_main(error), format!("Error: {message}"));
}

#[test]
fn an_invalid_setting_prints_its_message() {
    let error = AuthleteConfig::from_lookup(|name| {
        (name == "AUTHLETE_API_VERSION").then(|| "V9".to_owned())
    })
    .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("AUTHLETE_API_VERSION"), "{message}");
    assert_eq!(printed_by_main(error), format!("Error: {message}"));
}

#[tokio::test]
async fn client_errors_print_their_message() {
    let config = AuthleteConfig::v3("http://127.0.0.1:9/", "1", "s3cr3t-t0ken\nbroken").unwrap();
    let error = AuthleteClient::new(config).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("AUTHLETE_SERVICE_ACCESSTOKEN"),
        "{message}"
    );
    assert!(
        !message.contains("s3cr3t"),
        "no credential in the message: {message}"
    );
    assert_eq!(printed_by_main(error), format!("Error: {message}"));

    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    let client = AuthleteClient::new(AuthleteConfig::v3(&base, "1", "token").unwrap()).unwrap();
    let error = client
        .service_configuration(ServiceConfigurationOptions::default())
        .await
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("could not reach Authlete"), "{message}");
    assert_eq!(printed_by_main(error), format!("Error: {message}"));
}

#[test]
fn local_backend_errors_print_their_message() {
    let error = LocalConfig::from_toml_str("issuer = 3").unwrap_err();
    let message = error.to_string();
    assert!(
        message.starts_with("invalid local backend configuration"),
        "{message}"
    );
    assert_eq!(printed_by_main(error), format!("Error: {message}"));
}
