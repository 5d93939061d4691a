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
