//! Decoding as the schema says, not as the JSON happens to fit: a struct only from a JSON
//! object (serde's derive also takes an array, filling fields in order), and a union's variant
//! only where the value is valid for it.
//!
//! A union without a discriminator reads the value once (`buffer::Buf`), then tries every
//! variant strictly: string enums refuse values they do not know, and the decoded variant must
//! pass `validate()` (required properties, enum values, formats, constraints). The first variant
//! that matches and reads every property of the value is taken; failing that, of the variants
//! that match, the one whose encoding keeps the most of the value's properties, the first on a
//! tie. A value no variant matches is kept whole in the catch-all variant.

use super::buffer::Buf;
use super::validation::Validate;
use serde::de::{DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

thread_local! {
    /// Set while a union tries its variants: an unknown enum value then fails the variant.
    static CHOOSING: Cell<bool> = const { Cell::new(false) };
    /// Set, while choosing, when a struct leaves a property of the value unread.
    static DROPPED: Cell<bool> = const { Cell::new(false) };
}

/// Whether a union is choosing its variant on this thread (so string enums are strict).
pub fn choosing() -> bool {
    CHOOSING.with(Cell::get)
}

/// Strict decoding for the guard's lifetime; the previous mode comes back on drop, panics included.
struct Strict(bool);

impl Strict {
    fn enter() -> Self {
        Strict(CHOOSING.with(|c| c.replace(true)))
    }
}

impl Drop for Strict {
    fn drop(&mut self) {
        CHOOSING.with(|c| c.set(self.0));
    }
}

/// Tries `value` as each variant (`try_variant` per candidate) and keeps the best match: the first
/// that keeps all of `value` (no property left unread at any depth), else the one whose encoding
/// keeps the most of it, the first on a tie. `None` when none matches.
pub fn choose<U: Serialize>(value: &Buf<'_>, candidates: &[fn(&Buf<'_>) -> Option<U>]) -> Option<U> {
    let _strict = Strict::enter();
    // An enclosing union's candidate is inexact if what this one chooses is.
    let outer = DROPPED.with(|d| d.replace(false));
    let mut best: Option<(U, Option<usize>)> = None;
    let mut chosen_inexact = true;
    for candidate in candidates {
        DROPPED.with(|d| d.set(false));
        let Some(found) = candidate(value) else { continue };
        if !DROPPED.with(Cell::get) {
            best = Some((found, None));
            chosen_inexact = false;
            break;
        }
        best = Some(match best {
            None => (found, None),
            Some((held, score)) => {
                let held_score = score.unwrap_or_else(|| kept(value, &held));
                let found_score = kept(value, &found);
                if found_score > held_score { (found, Some(found_score)) } else { (held, Some(held_score)) }
            }
        });
    }
    DROPPED.with(|d| d.set(outer || (best.is_some() && chosen_inexact)));
    best.map(|(chosen, _)| chosen)
}

/// `value` decoded as `T` and wrapped as the union's variant, if it decodes strictly and the
/// result is valid.
pub fn try_variant<'a, T, U>(value: &'a Buf<'_>, wrap: fn(T) -> U) -> Option<U>
where
    T: Deserialize<'a>,
    U: Validate,
{
    let variant = wrap(T::deserialize(value).ok()?);
    variant.validate().is_ok().then_some(variant)
}

/// How many of `value`'s object properties, at any depth, `decoded` encodes again.
fn kept<U: Serialize>(value: &Buf<'_>, decoded: &U) -> usize {
    serde_json::to_value(decoded).map_or(0, |encoded| shared_properties(value, &encoded))
}

fn shared_properties(original: &Buf<'_>, encoded: &Value) -> usize {
    match (original, encoded) {
        (Buf::Object(original), Value::Object(encoded)) => original
            .iter()
            .filter_map(|(key, value)| Some(1 + shared_properties(value, encoded.get(key.as_ref())?)))
            .sum(),
        (Buf::Array(original), Value::Array(encoded)) => {
            original.iter().zip(encoded).map(|(a, b)| shared_properties(a, b)).sum()
        }
        _ => 0,
    }
}

/// A struct read through its derived (`serde(remote = "Self")`) impl from a JSON object only.
pub trait FromObject: Sized {
    /// Reads the struct from the entries of an object.
    fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes a struct from a JSON object; an array (or anything else) is an error.
pub fn from_object_only<'de, D: Deserializer<'de>, T: FromObject>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// The entries of a JSON object, as the derived code of a struct reads them, with the wire
/// names of the struct's optional properties that are not nullable. While a union chooses, keys
/// the struct does not declare are noted (`DROPPED`: the variant is then not an exact match),
/// and `null` for one of those properties fails the variant.
pub struct Entries<A>(pub A, pub &'static [&'static str]);

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Entries<A> {
    type Error = A::Error;

    /// A struct that keeps undeclared properties (`additionalProperties`) is read as a map:
    /// no key is dropped, but `null` is still refused where it is not allowed.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        self.read(None, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.read(Some(fields), visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

impl<A> Entries<A> {
    fn read<'de, V: Visitor<'de>>(self, fields: Option<&'static [&'static str]>, visitor: V) -> Result<V::Value, A::Error>
    where
        A: MapAccess<'de>,
    {
        let Entries(map, not_null) = self;
        if choosing() {
            visitor.visit_map(Declared { map, fields, not_null, refuse_null: false })
        } else {
            visitor.visit_map(map)
        }
    }
}

/// An object's entries, noting keys that are not among `fields` (where the struct keeps only
/// those) and refusing `null` for those among `not_null`.
struct Declared<A> {
    map: A,
    fields: Option<&'static [&'static str]>,
    not_null: &'static [&'static str],
    /// Whether the value about to be read is one that may not be `null`.
    refuse_null: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Declared<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let (fields, not_null) = (self.fields, self.not_null);
        self.map.next_key_seed(DeclaredKey { seed, fields, not_null, refuse_null: &mut self.refuse_null })
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if std::mem::take(&mut self.refuse_null) {
            self.map.next_value_seed(super::nullable::RefuseNull(seed))
        } else {
            self.map.next_value_seed(seed)
        }
    }
}

struct DeclaredKey<'r, K> {
    seed: K,
    fields: Option<&'static [&'static str]>,
    not_null: &'static [&'static str],
    refuse_null: &'r mut bool,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for DeclaredKey<'_, K> {
    type Value = K::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<K::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

/// Reads the key without copying it where the input lends it (as a `serde_json::Value` does).
impl<'de, K: DeserializeSeed<'de>> Visitor<'de> for DeclaredKey<'_, K> {
    type Value = K::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(mut self, key: &'de str) -> Result<K::Value, E> {
        self.note(key);
        self.seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key))
    }

    fn visit_str<E: serde::de::Error>(mut self, key: &str) -> Result<K::Value, E> {
        self.note(key);
        self.seed.deserialize(key.to_owned().into_deserializer())
    }
}

impl<K> DeclaredKey<'_, K> {
    fn note(&mut self, key: &str) {
        if self.fields.is_some_and(|fields| !fields.contains(&key)) {
            DROPPED.with(|d| d.set(true));
        }
        *self.refuse_null = self.not_null.contains(&key);
    }
}

/// The serde impls of a struct that derives them with `#[serde(remote = "Self")]` (so the
/// derived code is an inherent function): serialize as derived, deserialize from objects only.
/// The second argument, if any, lists the wire names of optional properties that may not be
/// `null` (`Name::NOT_NULL`).
#[allow(unused_macros, reason = "a spec may have no object schemas")]
macro_rules! object {
    ($name:ident) => {
        $crate::runtime::decode::object!($name, &[]);
    };
    ($name:ident, $not_null:expr) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $name::serialize(self, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::decode::from_object_only(deserializer)
            }
        }

        impl $crate::runtime::decode::FromObject for $name {
            fn from_object<'de, A: ::serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                $name::deserialize($crate::runtime::decode::Entries(map, $not_null))
            }
        }
    };
}
#[allow(unused_imports, reason = "a spec may have no object schemas")]
pub(crate) use object;

/// The `Deserialize` impl of a union without a discriminator: the variants in spec order, each
/// holding its variant's type, and the catch-all that keeps a value none of them matches.
#[allow(unused_macros, reason = "a spec may have no unions")]
macro_rules! union {
    ($name:ident, $other:ident, { $($variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <$crate::runtime::buffer::Buf as ::serde::Deserialize>::deserialize(deserializer)?;
                let chosen = $crate::runtime::decode::choose::<Self>(
                    &value,
                    &[$(|v| $crate::runtime::decode::try_variant(v, Self::$variant)),*],
                );
                Ok(chosen.unwrap_or_else(|| Self::$other(value.to_value())))
            }
        }
    };
}
#[allow(unused_imports, reason = "a spec may have no unions")]
pub(crate) use union;
