//! Serde for `null`: optional and nullable fields as `Option<Option<T>>` (so a caller can tell
//! "absent" from "null" and send an explicit `null`), and optional any-value fields that keep a
//! `null`.
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

/// An optional field that allows any value: a present `null` is `Some(Value::Null)`, kept and
/// sent again, where serde's `Option` would read it as absent.
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// An optional and nullable field (`Option<Option<T>>`: absent, `null`, or a value) read as one
/// `Option`: `run.state.value() == Some(&StateType::Running)`. The field itself keeps the three
/// apart, so what was read is written back the same.
pub trait Nullable<T> {
    /// The value, when the field holds one (neither absent nor `null`).
    fn value(&self) -> Option<&T>;

    /// Whether the field is an explicit `null`.
    fn is_null(&self) -> bool;
}

impl<T> Nullable<T> for Option<Option<T>> {
    fn value(&self) -> Option<&T> {
        self.as_ref().and_then(Option::as_ref)
    }

    fn is_null(&self) -> bool {
        matches!(self, Some(None))
    }
}
