//! String enums: read from any string, known or not, through the enum's `From<&str>` (which
//! maps each wire value once; an unknown value is kept in the catch-all variant). While a union
//! chooses its variant (`decode::choosing`), an unknown value is an error instead, so a variant
//! matches only the values its schema lists.

use serde::Deserializer;
use serde::de::{Error, Visitor};
use std::fmt;

/// Deserializes a string enum from a string, borrowed or not, without allocating for known values.
/// `is_unknown` tells the catch-all variant, refused while a union chooses its variant.
pub fn deserialize<'de, D, T>(deserializer: D, is_unknown: fn(&T) -> bool) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(WireValue(is_unknown))
}

struct WireValue<T>(fn(&T) -> bool);

impl<T: for<'a> From<&'a str>> Visitor<'_> for WireValue<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        let parsed = T::from(value);
        if (self.0)(&parsed) && super::decode::choosing() {
            return Err(E::custom(format_args!("`{value}` is not one of the enum's values")));
        }
        Ok(parsed)
    }
}

/// The impls of a string enum from its wire values: `as_str` and `From<&str>` (the mapping,
/// once each way; an unknown value goes to the catch-all variant), then `Display`, `Serialize`
/// and `Deserialize` through them. One item in generated code per enum, so a feature-gated enum
/// is gated twice (the enum and this), not once per impl.
#[allow(unused_macros, reason = "the features on may compile no string enum")]
macro_rules! string_enum {
    ($name:ident, $unknown:ident, { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::enums::deserialize(deserializer, |v| matches!(v, Self::$unknown(_)))
            }
        }
    };
}
#[allow(unused_imports, reason = "a spec may have no string enums")]
pub(crate) use string_enum;
