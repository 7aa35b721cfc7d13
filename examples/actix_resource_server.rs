//! The resource server's `GET /api/time` on actix-web, at `http://127.0.0.1:8001`.
//!
//! ```text
//! cargo run -p authlete-local                  # terminal 1 (:8002)
//! cargo run --example actix_resource_server --features actix       # terminal 2
//! curl -H "Authorization: Bearer $ACCESS_TOKEN" http://127.0.0.1:8001/api/time
//! ```
//!
//! Same backend choice as the axum examples (`AuthleteConfig::discover()`, else the local
//! backend at `http://127.0.0.1:8002`); `RESOURCE_SERVER_ADDR` changes the listen address.

#[path = "support/backend.rs"]
mod backend;
// Only `CivilTime` is needed here; the inverse conversion serves the tests.
#[path = "support/civil.rs"]
#[allow(dead_code)]
mod civil;
#[path = "support/logging.rs"]
mod logging;

use std::process::ExitCode;

use actix_web::{App, HttpResponse, HttpServer, web};
use authlete_tower::{AuthleteBearer, AuthleteClient, BearerToken};

use civil::CivilTime;

/// `GET /api/time`: the current UTC date and time, for any valid access token.
async fn time(_token: BearerToken) -> HttpResponse {
    HttpResponse::Ok().json(CivilTime::now())
}

#[actix_web::main]
async fn main() -> ExitCode {
    logging::init();
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let choice = backend::discover().map_err(|error| error.to_string())?;
    println!("Backend: {}", choice.describe());
    if choice.local_default {
        println!("{}", backend::local_backend_hint());
    }
    let api = AuthleteClient::new(choice.config).map_err(|error| error.to_string())?;
    let bearer = AuthleteBearer::new(api).realm("example");

    let address = std::env::var("RESOURCE_SERVER_ADDR").unwrap_or_else(|_| "127.0.0.1:8001".into());
    let server = HttpServer::new(move || {
        App::new().service(
            web::scope("/api")
                .wrap(bearer.clone())
                .route("/time", web::get().to(time)),
        )
    })
    .bind(&address)
    .map_err(|error| format!("cannot listen on {address}: {error}"))?;
    println!("Resource server (actix-web) listening on http://{address} (Ctrl-C stops it)");
    // actix-web stops gracefully on Ctrl-C by itself.
    server.run().await.map_err(|error| error.to_string())
}
