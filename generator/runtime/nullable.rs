//! Serde for `null`: optional and nullable fields as `Option<Option<T>>` (so a caller can tell
//! "absent" from "null" and send an explicit `null`), optional any-value fields that keep a
//! `null`, and, while a union chooses its variant, `null` refused where a field is not nullable.
//!
//! Used as `#[serde(default, skip_serializing_if = "Option::is_none", with = "…::nullable")]`.

use serde::de::{DeserializeSeed, EnumAccess, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

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
pub fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A property's value read with `null` refused. While a union chooses, a `null` for a property
/// the variant declares not nullable means the variant does not match: serde's `Option` would
/// read it as absent, and the `null` would be lost.
pub struct RefuseNull<S>(pub S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for RefuseNull<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(NotNull(deserializer))
    }
}

/// A deserializer whose every value but `null` reaches the visitor.
struct NotNull<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for NotNull<D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(NonNull(visitor))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_option(NonNull(visitor))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// Passes every value on to the inner visitor, and refuses `null`.
struct NonNull<V>(V);

/// Visitor methods that hand their value on unchanged.
macro_rules! pass {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(fn $method<E: serde::de::Error>(self, value: $ty) -> Result<V::Value, E> {
            self.0.$method(value)
        })*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for NonNull<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)?;
        f.write_str(" (not null: the property is not nullable)")
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        Err(E::invalid_type(Unexpected::Option, &self))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        Err(E::invalid_type(Unexpected::Unit, &self))
    }

    pass! {
        visit_bool(bool), visit_i64(i64), visit_i128(i128), visit_u64(u64), visit_u128(u128),
        visit_f64(f64), visit_str(&str), visit_borrowed_str(&'de str), visit_string(String),
        visit_bytes(&[u8]), visit_borrowed_bytes(&'de [u8]), visit_byte_buf(Vec<u8>),
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(deserializer)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(map)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(data)
    }
}
