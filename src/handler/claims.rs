//! Collecting claim values from [`UserSpi`]: `name#tag` claims ask for that language, untagged
//! claims try each of `claims_locales` in order before the untagged value.

use serde_json::{Map, Value};

use super::erased::DynUserSpi;
use super::spi::SpiError;

/// The claims of `subject` named in `names`, as the JSON object text Authlete takes, or `None`
/// when the user has none of them.
pub(crate) async fn collect(
    users: &dyn DynUserSpi,
    subject: &str,
    names: &[String],
    locales: &[String],
) -> Result<Option<String>, SpiError> {
    let mut claims = Map::new();
    for requested in names {
        if requested.is_empty() || claims.contains_key(requested) {
            continue;
        }
        if let Some(value) = value_of(users, subject, requested, locales).await? {
            claims.insert(requested.clone(), value);
        }
    }
    Ok((!claims.is_empty()).then(|| Value::Object(claims).to_string()))
}

async fn value_of(
    users: &dyn DynUserSpi,
    subject: &str,
    requested: &str,
    locales: &[String],
) -> Result<Option<Value>, SpiError> {
    if let Some((name, tag)) = requested.split_once('#') {
        return users.claim(subject, name, Some(tag)).await;
    }
    for locale in locales {
        if let Some(value) = users.claim(subject, requested, Some(locale)).await? {
            return Ok(Some(value));
        }
    }
    users.claim(subject, requested, None).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handler::UserSpi;
    use serde_json::json;

    struct Users;

    impl UserSpi for Users {
        async fn claim(
            &self,
            subject: &str,
            name: &str,
            tag: Option<&str>,
        ) -> Result<Option<Value>, SpiError> {
            assert_eq!(subject, "1001");
            Ok(match (name, tag) {
                ("name", None) => Some(json!("Alice")),
                ("name", Some("ja")) => Some(json!("アリス")),
                ("email", None) => Some(json!("alice@example.com")),
                ("fail", _) => return Err(SpiError::new("database down")),
                _ => None,
            })
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[tokio::test]
    async fn tagged_claims_ask_for_their_language() {
        let claims = collect(&Users, "1001", &names(&["name#ja", "name", "email"]), &[])
            .await
            .unwrap()
            .unwrap();
        let claims: Value = serde_json::from_str(&claims).unwrap();
        assert_eq!(
            claims,
            json!({"name#ja": "アリス", "name": "Alice", "email": "alice@example.com"})
        );
    }

    #[tokio::test]
    async fn claims_locales_are_tried_in_order_then_the_untagged_value() {
        let locales = names(&["fr", "ja"]);
        let claims = collect(
            &Users,
            "1001",
            &names(&["name", "email", "phone"]),
            &locales,
        )
        .await
        .unwrap()
        .unwrap();
        let claims: Value = serde_json::from_str(&claims).unwrap();
        assert_eq!(
            claims,
            json!({"name": "アリス", "email": "alice@example.com"})
        );
    }

    #[tokio::test]
    async fn no_values_is_none_and_errors_propagate() {
        assert_eq!(
            collect(&Users, "1001", &names(&["phone"]), &[])
                .await
                .unwrap(),
            None
        );
        assert!(
            collect(&Users, "1001", &names(&["fail"]), &[])
                .await
                .is_err()
        );
    }
}
