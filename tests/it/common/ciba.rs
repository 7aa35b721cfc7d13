//! CIBA test support: a [`BackchannelSpi`] playing the user's authentication device, and a
//! loopback client notification endpoint that records what it receives.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use authlete_tower::handler::{
    BackchannelAuthentication, BackchannelSpi, HintKind, SpiError, UserHint, UserLookup,
};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use tokio::sync::Notify;

/// A hint `find_user` was asked about: kind, value, `sub`.
pub type AskedHint = (HintKind, String, Option<String>);

/// The device side: `alice` (login hint) and ID tokens of `1001` name subject `1001`, user code
/// `1234`; `expired-token` is an expired login hint token; `broken` makes `find_user` fail.
/// Every started request is kept.
#[derive(Clone, Default)]
pub struct TestDevices {
    pub started: Arc<Mutex<Vec<BackchannelAuthentication>>>,
    pub arrived: Arc<Notify>,
    /// Every hint asked about.
    pub hints: Arc<Mutex<Vec<AskedHint>>>,
}

impl TestDevices {
    /// The next request started on the device (waits up to 5 s).
    pub async fn next(&self) -> BackchannelAuthentication {
        tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                let notified = self.arrived.notified();
                if let Some(request) = {
                    let mut started = self.started.lock().unwrap();
                    (!started.is_empty()).then(|| started.remove(0))
                } {
                    return request;
                }
                notified.await;
            }
        })
        .await
        .expect("a request reached the device")
    }

    pub fn started_count(&self) -> usize {
        self.started.lock().unwrap().len()
    }
}

impl BackchannelSpi for TestDevices {
    async fn find_user(&self, hint: &UserHint<'_>) -> Result<UserLookup, SpiError> {
        self.hints.lock().unwrap().push((
            hint.kind.clone(),
            hint.value.to_owned(),
            hint.sub.map(str::to_owned),
        ));
        Ok(match (hint.kind, hint.value) {
            (_, "broken") => return Err(SpiError::new("application-secret-detail")),
            (HintKind::LoginHint, "alice") => UserLookup::Found("1001".into()),
            (HintKind::IdTokenHint, _) if hint.sub == Some("1001") => {
                UserLookup::Found("1001".into())
            }
            (HintKind::LoginHintToken, "expired-token") => UserLookup::ExpiredLoginHintToken,
            (HintKind::LoginHintToken, "alice-token") => UserLookup::Found("1001".into()),
            _ => UserLookup::Unknown,
        })
    }

    async fn check_user_code(&self, subject: &str, user_code: &str) -> Result<bool, SpiError> {
        Ok(subject == "1001" && user_code == "1234")
    }

    async fn start_authentication(
        &self,
        request: BackchannelAuthentication,
    ) -> Result<(), SpiError> {
        self.started.lock().unwrap().push(request);
        self.arrived.notify_waiters();
        Ok(())
    }
}

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: String,
}

/// How the receiver answers.
#[derive(Clone)]
pub enum Behaviour {
    Status(StatusCode),
    Slow(Duration),
    Redirect(String),
}

/// A client notification endpoint on 127.0.0.1.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
}

#[derive(Clone)]
struct ReceiverState {
    behaviour: Behaviour,
    received: Arc<Mutex<Vec<Received>>>,
    arrived: Arc<Notify>,
}

async fn receive(State(state): State<ReceiverState>, headers: HeaderMap, body: String) -> Response {
    state
        .received
        .lock()
        .unwrap()
        .push(Received { headers, body });
    state.arrived.notify_waiters();
    match state.behaviour {
        Behaviour::Status(status) => status.into_response(),
        Behaviour::Slow(delay) => {
            tokio::time::sleep(delay).await;
            StatusCode::NO_CONTENT.into_response()
        }
        Behaviour::Redirect(location) => {
            (StatusCode::TEMPORARY_REDIRECT, [("location", location)]).into_response()
        }
    }
}

impl Receiver {
    pub async fn start(behaviour: Behaviour) -> Self {
        let received = Arc::new(Mutex::new(Vec::new()));
        let arrived = Arc::new(Notify::new());
        let state = ReceiverState {
            behaviour,
            received: received.clone(),
            arrived: arrived.clone(),
        };
        let app = Router::new().route("/cb", post(receive)).with_state(state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/cb", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            url,
            received,
            arrived,
        }
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    /// The first request received (waits up to 5 s).
    pub async fn first(&self) -> Received {
        tokio::time::timeout(Duration::from_secs(5), async {
            loop {
                let notified = self.arrived.notified();
                if let Some(first) = self.received.lock().unwrap().first().cloned() {
                    return first;
                }
                notified.await;
            }
        })
        .await
        .expect("a notification arrived")
    }
}
