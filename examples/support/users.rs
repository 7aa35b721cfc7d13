//! A small in-memory user store: the people who can log in to the example authorization server.
//!
//! | login ID | password | subject | name |
//! |---|---|---|---|
//! | `john` | `john` | `1001` | John Smith |
//! | `jane` | `jane` | `1002` | Jane Smith |
//!
//! The store answers three questions the authorization server asks: who is logging in (login
//! form and the resource owner password grant), who has this subject (`login_hint`, `sub` claim
//! requests) and what is this user's claim `X` (ID tokens and userinfo).

use serde_json::{Value, json};
use subtle::ConstantTimeEq;

/// One user: credentials, subject and OpenID Connect standard claims. `Debug` omits the password.
#[derive(Clone)]
pub struct User {
    /// The login ID typed in the login form (and `username` of the password grant).
    pub login_id: &'static str,
    password: &'static str,
    /// The subject: the unique, stable identifier given to clients as `sub`.
    pub subject: &'static str,
    claims: Value,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("login_id", &self.login_id)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl User {
    /// The full name, for pages.
    pub fn name(&self) -> &str {
        self.claims["name"].as_str().unwrap_or(self.login_id)
    }

    /// The value of a standard claim (`name`, `email`, `address`, …), or `None` when the user has
    /// none. `sub` is the subject.
    pub fn claim(&self, name: &str) -> Option<Value> {
        if name == "sub" {
            return Some(Value::String(self.subject.to_owned()));
        }
        self.claims.get(name).cloned()
    }

    /// Whether `password` is this user's password, compared in constant time.
    pub fn password_matches(&self, password: &str) -> bool {
        self.password.as_bytes().ct_eq(password.as_bytes()).into()
    }
}

/// The users, looked up by login ID or subject.
#[derive(Debug, Clone)]
pub struct UserStore {
    users: Vec<User>,
}

impl UserStore {
    /// The two demo users, `john`/`john` and `jane`/`jane`.
    pub fn demo() -> Self {
        UserStore {
            users: vec![
                User {
                    login_id: "john",
                    password: "john",
                    subject: "1001",
                    claims: json!({
                        "name": "John Smith",
                        "given_name": "John",
                        "family_name": "Smith",
                        "nickname": "Johnny",
                        "preferred_username": "john",
                        "profile": "https://example.com/john",
                        "picture": "https://example.com/john/me.jpg",
                        "website": "https://example.com/",
                        "email": "john@example.com",
                        "email_verified": true,
                        "gender": "male",
                        "birthdate": "1974-05-06",
                        "zoneinfo": "America/Los_Angeles",
                        "locale": "en-US",
                        "phone_number": "+1 (425) 555-1212",
                        "phone_number_verified": false,
                        "address": {
                            "formatted": "1234 Hollywood Blvd., Los Angeles, CA 90054, USA",
                            "street_address": "1234 Hollywood Blvd.",
                            "locality": "Los Angeles",
                            "region": "CA",
                            "postal_code": "90054",
                            "country": "USA"
                        },
                        "updated_at": 1_700_000_000
                    }),
                },
                User {
                    login_id: "jane",
                    password: "jane",
                    subject: "1002",
                    claims: json!({
                        "name": "Jane Smith",
                        "given_name": "Jane",
                        "family_name": "Smith",
                        "preferred_username": "jane",
                        "email": "jane@example.com",
                        "email_verified": false,
                        "gender": "female",
                        "birthdate": "1976-09-12",
                        "zoneinfo": "Europe/London",
                        "locale": "en-GB",
                        "phone_number": "+44 20 7946 0018",
                        "phone_number_verified": true,
                        "address": {
                            "formatted": "10 Downing St, London SW1A 2AA, UK",
                            "street_address": "10 Downing St",
                            "locality": "London",
                            "postal_code": "SW1A 2AA",
                            "country": "UK"
                        },
                        "updated_at": 1_700_000_000
                    }),
                },
            ],
        }
    }

    /// The user with this login ID and password, or `None`. Every user's password is compared,
    /// so the time taken does not tell whether the login ID exists.
    pub fn authenticate(&self, login_id: &str, password: &str) -> Option<&User> {
        let mut found = None;
        for user in &self.users {
            let password_ok = user.password_matches(password);
            if user.login_id == login_id && password_ok {
                found = Some(user);
            }
        }
        found
    }

    /// The user with this subject.
    pub fn by_subject(&self, subject: &str) -> Option<&User> {
        self.users.iter().find(|user| user.subject == subject)
    }

    /// The user with this login ID.
    pub fn by_login_id(&self, login_id: &str) -> Option<&User> {
        self.users.iter().find(|user| user.login_id == login_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_users_log_in_with_their_own_password_only() {
        let users = UserStore::demo();
        assert_eq!(users.authenticate("john", "john").unwrap().subject, "1001");
        assert_eq!(users.authenticate("jane", "jane").unwrap().subject, "1002");
        assert!(users.authenticate("john", "jane").is_none());
        assert!(users.authenticate("john", "").is_none());
        assert!(users.authenticate("john", "johnjohn").is_none());
        assert!(users.authenticate("nobody", "john").is_none());
        assert!(users.authenticate("JOHN", "john").is_none());
    }

    #[test]
    fn claims_of_john() {
        let users = UserStore::demo();
        let john = users.by_subject("1001").unwrap();
        assert_eq!(john.name(), "John Smith");
        assert_eq!(john.claim("sub"), Some(json!("1001")));
        assert_eq!(john.claim("email"), Some(json!("john@example.com")));
        assert_eq!(john.claim("email_verified"), Some(json!(true)));
        assert_eq!(john.claim("given_name"), Some(json!("John")));
        assert_eq!(john.claim("family_name"), Some(json!("Smith")));
        assert_eq!(john.claim("address").unwrap()["country"], json!("USA"));
        assert!(john.claim("phone_number").is_some());
        assert_eq!(john.claim("no_such_claim"), None);
    }

    #[test]
    fn lookups() {
        let users = UserStore::demo();
        assert_eq!(users.by_login_id("jane").unwrap().subject, "1002");
        assert_eq!(users.by_subject("1002").unwrap().login_id, "jane");
        assert!(users.by_login_id("1001").is_none());
        assert!(users.by_subject("john").is_none());
    }

    #[test]
    fn debug_omits_the_password() {
        let user = User {
            login_id: "alice",
            password: "s3cret-pa55",
            subject: "42",
            claims: json!({"name": "Alice"}),
        };
        let printed = format!(
            "{user:?} {:?}",
            UserStore {
                users: vec![user.clone()]
            }
        );
        assert!(printed.contains("alice"));
        assert!(!printed.contains("s3cret-pa55"));
        assert!(user.password_matches("s3cret-pa55"));
        assert!(!user.password_matches("s3cret-pa5"));
    }
}
