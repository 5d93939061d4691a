//! String enums: reading a wire value through the enum's own serde names, so the mapping from
//! wire values to variants is written once (in the `#[serde(rename)]` of each variant).

use serde::Deserialize;
use serde::de::value::{Error, StrDeserializer};

/// The variant whose wire value is `value`, or `unknown(value)` when the enum has none.
pub fn from_wire<T: for<'de> Deserialize<'de>>(value: &str, unknown: fn(String) -> T) -> T {
    // The enum's catch-all variant accepts any string, so this fails only if that changes.
    T::deserialize(StrDeserializer::<Error>::new(value)).unwrap_or_else(|_| unknown(value.to_owned()))
}
