//! Lenient binding of the string fields of request types, as Authlete's service binds JSON
//! (Jackson): a JSON number or boolean sent for a string is taken as its text, `null` is absent.
//! Objects and arrays stay refused where a string is expected. Responses are not affected.
//!
//! ```
//! use authlete_tower::dto::AuthorizationIssueRequest;
//!
//! // authlete-python serialises Django's integer `user.id` as a JSON number.
//! let request: AuthorizationIssueRequest =
//!     serde_json::from_str(r#"{"ticket":"t","subject":1,"acr":true,"scopes":[7]}"#).unwrap();
//! assert_eq!(request.subject, "1");
//! assert_eq!(request.acr.as_deref(), Some("true"));
//! assert_eq!(request.scopes, Some(vec!["7".to_owned()]));
//! assert!(serde_json::from_str::<AuthorizationIssueRequest>(r#"{"subject":{}}"#).is_err());
//! ```

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

/// A string, or the text of a number or boolean.
struct Text(String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl Visitor<'_> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, a number or a boolean")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Text, E> {
                Ok(Text(value.to_owned()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Text, E> {
                Ok(Text(value))
            }

            fn visit_bool<E: de::Error>(self, value: bool) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }

            fn visit_i128<E: de::Error>(self, value: i128) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }

            fn visit_u128<E: de::Error>(self, value: u128) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }

            fn visit_f64<E: de::Error>(self, value: f64) -> Result<Text, E> {
                Ok(Text(value.to_string()))
            }
        }

        deserializer.deserialize_any(TextVisitor)
    }
}

/// A required string field: `null` is the empty string.
pub(crate) fn string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<Text>::deserialize(deserializer)?
        .map(|text| text.0)
        .unwrap_or_default())
}

/// An optional string field: `null` is `None`.
pub(crate) fn option_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<Text>::deserialize(deserializer)?.map(|text| text.0))
}

/// An optional array of strings: `null` is `None`, each element a string, number or boolean.
pub(crate) fn option_strings<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    struct Texts;

    impl<'de> Visitor<'de> for Texts {
        type Value = Option<Vec<String>>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of strings, numbers or booleans")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
            inner.deserialize_seq(self)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(Text(text)) = seq.next_element::<Text>()? {
                out.push(text);
            }
            Ok(Some(out))
        }
    }

    deserializer.deserialize_option(Texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Sample {
        #[serde(default, deserialize_with = "string")]
        required: String,
        #[serde(default, deserialize_with = "option_string")]
        optional: Option<String>,
        #[serde(default, deserialize_with = "option_strings")]
        list: Option<Vec<String>>,
    }

    fn parse(text: &str) -> Result<Sample, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn numbers_and_booleans_are_their_text() {
        let sample =
            parse(r#"{"required":1,"optional":false,"list":["a",2,-3,1.5,true]}"#).unwrap();
        assert_eq!(sample.required, "1");
        assert_eq!(sample.optional.as_deref(), Some("false"));
        assert_eq!(
            sample.list,
            Some(vec![
                "a".into(),
                "2".into(),
                "-3".into(),
                "1.5".into(),
                "true".into()
            ])
        );
        let big = parse(r#"{"required":18446744073709551615}"#).unwrap();
        assert_eq!(big.required, "18446744073709551615");
    }

    #[test]
    fn null_and_absence_are_defaults() {
        let sample = parse(r#"{"required":null,"optional":null,"list":null}"#).unwrap();
        assert_eq!(
            sample,
            Sample {
                required: String::new(),
                optional: None,
                list: None
            }
        );
        assert_eq!(parse("{}").unwrap(), sample);
    }

    #[test]
    fn objects_and_arrays_are_not_strings() {
        for bad in [
            r#"{"required":{}}"#,
            r#"{"optional":[1]}"#,
            r#"{"list":"a"}"#,
            r#"{"list":[{}]}"#,
            r#"{"list":[null]}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
