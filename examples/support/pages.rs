//! The HTML pages of the example authorization server, rendered with minijinja (templates in
//! `support/templates/`, HTML-escaped because their names end in `.html`), and the headers every
//! page is served with: a strict content security policy (nothing but the pages' own inline style
//! and script, by hash), no framing, no content sniffing.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use http::HeaderValue;
use http::header::{CONTENT_SECURITY_POLICY, HeaderName, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// One requested scope, as the consent page lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ScopeView {
    /// The scope name, e.g. `profile`.
    pub name: String,
    /// What it grants, from the service's scope descriptions.
    pub description: Option<String>,
}

/// Everything the login + consent page shows.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ConsentPage {
    /// The client's display name (its ID when it has none).
    pub client_name: String,
    /// The client ID.
    pub client_id: String,
    /// The requested scopes with descriptions.
    pub scopes: Vec<ScopeView>,
    /// The scopes the logged-in user already granted this client (marked on the page).
    pub granted_scopes: Vec<String>,
    /// The `purpose` request parameter, if any.
    pub purpose: Option<String>,
    /// When the browser's login can be reused: the user's name, and no login fields are shown.
    pub logged_in_as: Option<String>,
    /// The login ID to prefill (from `login_hint` or the required subject).
    pub login_id: Option<String>,
    /// Whether the login ID is fixed (the request requires a particular subject).
    pub login_id_locked: bool,
    /// A message about the previous attempt, e.g. a wrong password.
    pub error: Option<String>,
    /// This form's CSRF token (bound to its request and the browser), sent back by the form.
    pub csrf_token: String,
    /// The pending request, sealed to the browser (see `session::FormSeal`), sent back by the form.
    pub request: String,
    /// Where the form posts: the decision endpoint.
    pub action: String,
}

/// The template environment. Cheap to share behind an `Arc`.
pub struct Pages {
    env: Environment<'static>,
    policy: HeaderValue,
}

/// `'sha256-…'`, the CSP source of the inline element of `template` between `open` and `close`.
fn inline_hash(template: &str, open: &str, close: &str) -> String {
    let start = template.find(open).expect("the template has the element") + open.len();
    let end = start
        + template[start..]
            .find(close)
            .expect("the element is closed");
    let digest = Sha256::digest(&template.as_bytes()[start..end]);
    format!("'sha256-{}'", STANDARD.encode(digest))
}

impl Default for Pages {
    fn default() -> Self {
        Self::new()
    }
}

impl Pages {
    /// Loads the built-in templates.
    pub fn new() -> Self {
        let mut env = Environment::new();
        let style = inline_hash(include_str!("templates/base.html"), "<style>", "</style>");
        let script = inline_hash(
            include_str!("templates/mock_redirection.html"),
            "<script>",
            "</script>",
        );
        let policy = format!(
            "default-src 'none'; style-src {style}; script-src {script}; base-uri 'none'; \
             frame-ancestors 'none'"
        );
        for (name, source) in [
            ("base.html", include_str!("templates/base.html")),
            ("consent.html", include_str!("templates/consent.html")),
            (
                "mock_redirection.html",
                include_str!("templates/mock_redirection.html"),
            ),
            ("message.html", include_str!("templates/message.html")),
            (
                "device_input.html",
                include_str!("templates/device_input.html"),
            ),
            (
                "ciba_device.html",
                include_str!("templates/ciba_device.html"),
            ),
        ] {
            env.add_template(name, source)
                .expect("the built-in templates are valid");
        }
        Pages {
            env,
            policy: HeaderValue::from_str(&policy).expect("the policy is ASCII"),
        }
    }

    /// The headers every page is served with: `Content-Security-Policy` (`default-src 'none'`,
    /// the pages' inline style and script by hash, `frame-ancestors 'none'`),
    /// `X-Frame-Options: DENY` and `X-Content-Type-Options: nosniff`. No `form-action`: the
    /// consent form's answer redirects to the client, which the browser would check against it.
    pub fn security_headers(&self) -> [(HeaderName, HeaderValue); 3] {
        [
            (CONTENT_SECURITY_POLICY, self.policy.clone()),
            (X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
            (X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ]
    }

    /// The login + consent page.
    pub fn consent(&self, page: &ConsentPage) -> Result<String, minijinja::Error> {
        self.env
            .get_template("consent.html")?
            .render(Value::from(Serde(page)))
    }

    /// The mock client's redirection page: `params` are the query (or `form_post`) parameters,
    /// the fragment is read by the page's script.
    pub fn mock_redirection(
        &self,
        method: &str,
        params: &[(String, String)],
    ) -> Result<String, minijinja::Error> {
        self.env
            .get_template("mock_redirection.html")?
            .render(context! { method, params => Value::from(Serde(params)) })
    }

    /// The device flow's user code form, posting to `action`.
    pub fn device_input(
        &self,
        action: &str,
        user_code: Option<&str>,
    ) -> Result<String, minijinja::Error> {
        self.env
            .get_template("device_input.html")?
            .render(context! { action, user_code })
    }

    /// The CIBA device page: the requests waiting, each with a form posting to `action`.
    pub fn ciba_device(
        &self,
        action: &str,
        requests: &[super::ciba::RequestView],
    ) -> Result<String, minijinja::Error> {
        self.env
            .get_template("ciba_device.html")?
            .render(context! { action, requests => Value::from(Serde(requests)) })
    }

    /// A page with a title and one message, for errors shown to the user.
    pub fn message(&self, title: &str, message: &str) -> Result<String, minijinja::Error> {
        self.env
            .get_template("message.html")?
            .render(context! { title, message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> ConsentPage {
        ConsentPage {
            client_name: "Demo <Client>".into(),
            client_id: "2000".into(),
            scopes: vec![
                ScopeView {
                    name: "openid".into(),
                    description: Some("Sign you in & share your ID".into()),
                },
                ScopeView {
                    name: "profile".into(),
                    description: None,
                },
            ],
            csrf_token: "csrf-123".into(),
            request: "sealed.request".into(),
            action: "/api/authorization/decision".into(),
            ..ConsentPage::default()
        }
    }

    #[test]
    fn consent_page_escapes_and_lists_scopes() {
        let html = Pages::new().consent(&page()).unwrap();
        assert!(html.contains("Demo &lt;Client&gt;"));
        assert!(!html.contains("Demo <Client>"));
        assert!(html.contains(r#"<dt id="scope-openid">openid</dt>"#));
        assert!(html.contains("Sign you in &amp; share your ID"));
        assert!(html.contains("No description."));
        assert!(html.contains(r#"name="csrf_token" value="csrf-123""#));
        assert!(html.contains(r#"name="request" value="sealed.request""#));
        // minijinja escapes `/` too; the browser decodes it.
        assert!(html.contains(r#"action="&#x2f;api&#x2f;authorization&#x2f;decision""#));
        assert!(html.contains(r#"id="authorize-button""#));
        assert!(html.contains(r#"id="deny-button""#));
        assert!(html.contains(r#"id="loginId" name="loginId" autocomplete="username" value="""#));
        assert!(!html.contains("\" readonly required"));
        assert!(!html.contains("login-error"));
    }

    #[test]
    fn consent_page_marks_the_scopes_already_granted() {
        let html = Pages::new().consent(&page()).unwrap();
        assert!(!html.contains("already granted"));
        let mut page = page();
        page.granted_scopes = vec!["openid".into()];
        let html = Pages::new().consent(&page).unwrap();
        assert!(html.contains(r#"id="granted-openid">(already granted)</em>"#));
        assert!(!html.contains("granted-profile"));
    }

    #[test]
    fn consent_page_prefills_and_locks_the_login_id() {
        let mut page = page();
        page.login_id = Some("jo\"hn".into());
        page.login_id_locked = true;
        let html = Pages::new().consent(&page).unwrap();
        assert!(html.contains(r#"value="jo&quot;hn" readonly"#), "{html}");
    }

    #[test]
    fn consent_page_shows_the_error() {
        let mut page = page();
        page.login_id = Some("john".into());
        page.error = Some("The login ID or the password is wrong.".into());
        let html = Pages::new().consent(&page).unwrap();
        assert!(html.contains(
            r#"<p class="error" id="login-error">The login ID or the password is wrong.</p>"#
        ));
        assert!(html.contains(r#"value="john" required"#));
    }

    #[test]
    fn consent_page_for_a_logged_in_user_has_no_password_field() {
        let mut page = page();
        page.logged_in_as = Some("John Smith".into());
        let html = Pages::new().consent(&page).unwrap();
        assert!(html.contains("You are logged in as <strong>John Smith</strong>"));
        assert!(!html.contains(r#"type="password""#));
        assert!(html.contains(r#"id="authorize-button""#));
    }

    #[test]
    fn mock_redirection_lists_query_parameters_with_stable_ids() {
        let params = vec![
            ("code".to_owned(), "abc<def>".to_owned()),
            ("state".to_owned(), "xyz".to_owned()),
        ];
        let html = Pages::new().mock_redirection("GET", &params).unwrap();
        assert!(html.contains(r#"<code id="param-code">abc&lt;def&gt;</code>"#));
        assert!(html.contains(r#"<code id="param-state">xyz</code>"#));
        assert!(!html.contains("no-query-params"));
        assert!(html.contains("window.location.hash"));
        assert!(!html.contains("form_post fields"));
    }

    #[test]
    fn mock_redirection_without_parameters() {
        let html = Pages::new().mock_redirection("POST", &[]).unwrap();
        assert!(html.contains(r#"id="no-query-params""#));
        assert!(html.contains("form_post fields"));
    }

    #[test]
    fn device_input_prefills_the_code() {
        let pages = Pages::new();
        let html = pages
            .device_input("/api/device/verification", Some("AB\"CD"))
            .unwrap();
        assert!(
            html.contains(r#"name="user_code" value="AB&quot;CD""#),
            "{html}"
        );
        assert!(html.contains(r#"action="&#x2f;api&#x2f;device&#x2f;verification""#));
        let html = pages.device_input("/x", None).unwrap();
        assert!(html.contains(r#"name="user_code" value="""#), "{html}");
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script() {
        let pages = Pages::new();
        let [(_, policy), (_, frame), (_, sniff)] = pages.security_headers();
        let policy = policy.to_str().unwrap();
        assert!(
            policy.starts_with("default-src 'none'; style-src 'sha256-"),
            "{policy}"
        );
        assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
        assert_eq!(policy.matches("'sha256-").count(), 2, "{policy}");
        assert!(!policy.contains("unsafe"), "{policy}");
        assert_eq!(frame, "DENY");
        assert_eq!(sniff, "nosniff");
        // The rendered page's style is the template's, byte for byte, so its hash holds.
        let html = pages.message("t", "m").unwrap();
        let rendered = inline_hash(&html, "<style>", "</style>");
        assert!(policy.contains(&rendered), "{policy}");
        let html = pages.mock_redirection("GET", &[]).unwrap();
        let rendered = inline_hash(&html, "<script>", "</script>");
        assert!(policy.contains(&rendered), "{policy}");
    }

    #[test]
    fn ciba_device_page_lists_the_requests_escaped() {
        let pages = Pages::new();
        let html = pages.ciba_device("/api/ciba/device", &[]).unwrap();
        assert!(html.contains(r#"id="no-requests""#), "{html}");
        let requests = [super::super::ciba::RequestView {
            id: "r1".into(),
            login_id: "john".into(),
            client_name: "Kiosk <1>".into(),
            binding_message: Some("W4SCT".into()),
            scopes: vec!["openid".into(), "email".into()],
            csrf_token: "csrf-9".into(),
        }];
        let html = pages.ciba_device("/api/ciba/device", &requests).unwrap();
        assert!(!html.contains("no-requests"));
        assert!(html.contains("Kiosk &lt;1&gt;"));
        assert!(
            html.contains(r#"<code id="binding-r1">W4SCT</code>"#),
            "{html}"
        );
        assert!(html.contains(r#"name="csrf_token" value="csrf-9""#));
        assert!(html.contains(r#"name="id" value="r1""#));
        assert!(html.contains(r#"id="approve-r1""#) && html.contains(r#"id="deny-r1""#));
        assert!(html.contains("openid email"));
    }

    #[test]
    fn message_page_escapes() {
        let html = Pages::new()
            .message("Oops", "<script>alert(1)</script>")
            .unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
        assert!(!html.contains("<script>alert(1)"));
    }
}
