//! The demo's CIBA walkthrough over HTTP: the demo CIBA client asks for john, the device page
//! lists the request with its binding message (strict CSP, no framing, nosniff, no-store), refuses
//! a forged or a wrongly authenticated form, and approves or denies; the client's poll then gets
//! the tokens or `access_denied`.

use super::support::ciba::{CIBA_CLIENT_ID, CIBA_CLIENT_SECRET, DEVICE_PATH};
use super::*;

impl Servers {
    async fn ciba_start(&self, login_hint: &str) -> reqwest::Response {
        self.http
            .post(format!(
                "{}/api/backchannel/authentication",
                self.authorization
            ))
            .basic_auth(CIBA_CLIENT_ID, Some(CIBA_CLIENT_SECRET))
            .form_pairs(&[
                ("scope", "openid email"),
                ("login_hint", login_hint),
                ("binding_message", "W4SCT"),
            ])
            .send()
            .await
            .unwrap()
    }

    async fn ciba_poll(&self, auth_req_id: &str) -> Value {
        self.http
            .post(format!("{}/api/token", self.authorization))
            .basic_auth(CIBA_CLIENT_ID, Some(CIBA_CLIENT_SECRET))
            .form_pairs(&[
                ("grant_type", "urn:openid:params:grant-type:ciba"),
                ("auth_req_id", auth_req_id),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The device page: (its HTML, the browser cookie it set).
    async fn device_page(&self, cookie: Option<&str>) -> (String, Option<String>) {
        let mut request = self
            .http
            .get(format!("{}{DEVICE_PATH}", self.authorization));
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), StatusCode::OK);
        let headers = answer.headers();
        let policy = headers["content-security-policy"].to_str().unwrap();
        assert!(policy.starts_with("default-src 'none'"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["cache-control"], "no-store");
        let set = set_cookie(&answer, "authlete_example_browser");
        (answer.text().await.unwrap(), set)
    }

    async fn device_post(&self, cookie: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let answer = self
            .http
            .post(format!("{}{DEVICE_PATH}", self.authorization))
            .header("cookie", cookie)
            .form_pairs(fields)
            .send()
            .await
            .unwrap();
        (answer.status(), answer.text().await.unwrap())
    }
}

async fn auth_req_id(answer: reqwest::Response) -> String {
    assert_eq!(answer.status(), StatusCode::OK);
    let body: Value = answer.json().await.unwrap();
    assert_eq!(body["interval"], 5, "{body}");
    body["auth_req_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn the_device_page_approves_and_denies_ciba_requests() {
    let servers = Servers::start().await;
    let (empty, cookie) = servers.device_page(None).await;
    assert!(empty.contains("id=\"no-requests\""), "{empty}");
    let cookie = cookie.expect("a browser cookie");

    // An unknown user never reaches the device.
    let unknown = servers.ciba_start("nobody").await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let body: Value = unknown.json().await.unwrap();
    assert_eq!(body["error"], "unknown_user_id");

    let first = auth_req_id(servers.ciba_start("john").await).await;
    // The device learns of the request in a task of its own.
    let mut page = String::new();
    for _ in 0..50 {
        page = servers.device_page(Some(&cookie)).await.0;
        if page.contains("W4SCT") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(page.contains("Demo CIBA Client"), "{page}");
    assert!(page.contains("<strong>john</strong>"), "{page}");
    let id = hidden(&page, "id");
    let csrf = hidden(&page, "csrf_token");

    // A forged form (another browser's, or no token) is refused; the request keeps waiting.
    let other_browser = "authlete_example_browser=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for (cookie, csrf) in [(other_browser, csrf.as_str()), (cookie.as_str(), "forged")] {
        let (status, text) = servers
            .device_post(
                cookie,
                &[
                    ("id", &id),
                    ("csrf_token", csrf),
                    ("decision", "approve"),
                    ("password", "john"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(text.contains("CSRF token mismatch"), "{text}");
    }
    // A wrong password approves nothing.
    let (status, text) = servers
        .device_post(
            &cookie,
            &[
                ("id", &id),
                ("csrf_token", &csrf),
                ("decision", "approve"),
                ("password", "jane"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("Wrong password"), "{text}");
    assert_eq!(
        servers.ciba_poll(&first).await["error"],
        "authorization_pending"
    );

    let (status, text) = servers
        .device_post(
            &cookie,
            &[
                ("id", &id),
                ("csrf_token", &csrf),
                ("decision", "approve"),
                ("password", "john"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("Approved"), "{text}");
    // The interval since the pending poll.
    tokio::time::sleep(Duration::from_millis(5_100)).await;
    let tokens = servers.ciba_poll(&first).await;
    assert!(tokens["access_token"].is_string(), "{tokens}");
    let payload = tokens["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    assert_eq!(claims["aud"], CIBA_CLIENT_ID.to_string());
    assert!(claims["email"].is_string(), "{claims}");
    // Decided once: the same form again finds nothing.
    let (status, _) = servers
        .device_post(
            &cookie,
            &[("id", &id), ("csrf_token", &csrf), ("decision", "deny")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // Denied.
    let second = auth_req_id(servers.ciba_start("john").await).await;
    let mut page = String::new();
    for _ in 0..50 {
        page = servers.device_page(Some(&cookie)).await.0;
        if page.contains("W4SCT") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let id = hidden(&page, "id");
    let csrf = hidden(&page, "csrf_token");
    let (status, text) = servers
        .device_post(
            &cookie,
            &[("id", &id), ("csrf_token", &csrf), ("decision", "deny")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("Denied"), "{text}");
    assert_eq!(servers.ciba_poll(&second).await["error"], "access_denied");
    servers.demo.shutdown().await;
}
