//! The `string_enum!` macro: an enumeration that travels as its NAME and keeps unknown values.

/// Declares an enum whose variants serialise as fixed strings, plus `Other(String)` for any value
/// the crate does not know yet. Parsing never fails on a new value, and the value survives a
/// round trip unchanged.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $variant:ident => $text:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )+
            /// A value this version of the crate does not know, kept as sent.
            Other(String),
        }

        impl $name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $text, )+
                    Self::Other(value) => value.as_str(),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    $( $text => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value.parse() {
                    Ok(parsed) => parsed,
                    Err(never) => match never {},
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    use crate::dto::{AuthorizationFailReason, IntrospectionAction};

    #[test]
    fn known_values_parse_to_their_variant() {
        let action: IntrospectionAction = serde_json::from_str("\"OK\"").unwrap();
        assert_eq!(action, IntrospectionAction::Ok);
        assert_eq!(serde_json::to_string(&action).unwrap(), "\"OK\"");
    }

    #[test]
    fn unknown_values_are_kept_not_rejected() {
        let action: IntrospectionAction = serde_json::from_str("\"BRAND_NEW_ACTION\"").unwrap();
        assert_eq!(action, IntrospectionAction::Other("BRAND_NEW_ACTION".into()));
        assert_eq!(action.to_string(), "BRAND_NEW_ACTION");
        assert_eq!(serde_json::to_string(&action).unwrap(), "\"BRAND_NEW_ACTION\"");
    }

    #[test]
    fn a_value_named_unknown_is_a_real_variant() {
        let reason: AuthorizationFailReason = "UNKNOWN".into();
        assert_eq!(reason, AuthorizationFailReason::Unknown);
    }

    #[test]
    fn escaped_strings_deserialize() {
        let action: IntrospectionAction = serde_json::from_str(r#""O\u004B""#).unwrap();
        assert_eq!(action, IntrospectionAction::Ok);
    }
}
