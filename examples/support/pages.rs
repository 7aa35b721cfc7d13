//! The HTML pages of the example authorization server, rendered with minijinja (templates in
//! `support/templates/`, HTML-escaped because their names end in `.html`).

use minijinja::value::Serde;
use minijinja::{Environment, Value, context};
use serde::Serialize;

/// One requested scope, as the consent page lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ScopeView {
    /// The scope name, e.g. `profile`.
    pub name: String,
    /// What it grants, from the service's scope descriptions.
    pub description: Option<String>,
}

/// Everything the login + consent page shows.
#[derive(Debug, Clone, Default, Serialize)]
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
    /// The session's CSRF token, sent back by the form.
    pub csrf_token: String,
    /// Where the form posts: the decision endpoint.
    pub action: String,
}

/// The template environment. Cheap to share behind an `Arc`.
pub struct Pages {
    env: Environment<'static>,
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
        ] {
            env.add_template(name, source)
                .expect("the built-in templates are valid");
        }
        Pages { env }
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
    fn message_page_escapes() {
        let html = Pages::new()
            .message("Oops", "<script>alert(1)</script>")
            .unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"));
        assert!(!html.contains("<script>alert(1)"));
    }
}
