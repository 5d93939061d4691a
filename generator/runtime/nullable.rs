//! Serde for fields that are both optional and nullable: `Option<Option<T>>`, so a caller can
//! tell "absent" (`None`) from "null" (`Some(None)`), and send an explicit `null`.
//!
//! Used as `#[serde(default, skip_serializing_if = "Option::is_none", with = "…::nullable")]`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `None` is skipped by the field attribute; `Some(None)` is `null`, `Some(Some(v))` is `v`.
pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(inner) => inner.serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// A present field, `null` included, is `Some`; an absent one never reaches here (`default`).
pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}
