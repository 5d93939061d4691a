//! String enums: read from any string, known or not, through the enum's `From<&str>` (which
//! maps each wire value once; an unknown value is kept in the catch-all variant).

use serde::Deserializer;
use serde::de::{Error, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Deserializes a string enum from a string, borrowed or not, without allocating for known values.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    deserializer.deserialize_str(WireValue(PhantomData))
}

struct WireValue<T>(PhantomData<T>);

impl<T: for<'a> From<&'a str>> Visitor<'_> for WireValue<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        Ok(T::from(value))
    }
}
