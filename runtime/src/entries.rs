//! How a struct reads the entries of a JSON object while a union chooses its variant: what the
//! derived code reads without a trace (an undeclared key, `null` where the property is not
//! nullable, a required nullable property left out) marks the variant inexact, so a variant
//! that keeps the value as it is wins over it.

use super::decode::{choosing, note_dropped};
use serde::de::{DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// What a struct's derived decoding reads leniently about `null` and absence, by wire name.
#[derive(Debug, Clone, Copy)]
pub struct Presence {
    /// Optional properties that may not be `null` (serde's `Option` reads `null` as absent).
    pub not_null: &'static [&'static str],
    /// Required properties that may be `null` (read as `null` when absent, so a server that
    /// leaves one out is not refused).
    pub required: &'static [&'static str],
}

/// The entries of a JSON object, as the derived code of a struct reads them. While a union
/// chooses, keys the struct does not declare, and a `null` or an absence `Presence` names, are
/// noted: the variant is then not an exact match.
pub struct Entries<A>(pub A, pub Presence);

impl Presence {
    /// A struct whose derived decoding is exact about `null` and absence.
    pub const NONE: Presence = Presence { not_null: &[], required: &[] };
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Entries<A> {
    type Error = A::Error;

    /// A struct that keeps undeclared properties (`additionalProperties`) is read as a map: no
    /// key is dropped, but `Presence` still holds.
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

impl<'de, A: MapAccess<'de>> Entries<A> {
    fn read<V: Visitor<'de>>(
        self,
        fields: Option<&'static [&'static str]>,
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let Entries(map, presence) = self;
        if !choosing() {
            return visitor.visit_map(map);
        }
        let seen = vec![false; presence.required.len()];
        let notes = Notes { fields, presence, seen, not_null: false };
        visitor.visit_map(Declared { map, notes })
    }
}

/// An object's entries, read with `Notes`.
struct Declared<A> {
    map: A,
    notes: Notes,
}

/// What is noted of an object's keys: those not among `fields` (where the struct keeps only
/// those), the values that may not be `null`, and the required nullable properties seen.
struct Notes {
    fields: Option<&'static [&'static str]>,
    presence: Presence,
    /// Which of `presence.required` the object has.
    seen: Vec<bool>,
    /// Whether the value about to be read is one that may not be `null`.
    not_null: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Declared<A> {
    type Error = A::Error;

    /// The next key; at the end, a required nullable property that never came is noted (it
    /// would come back as `null`).
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let key = self.map.next_key_seed(DeclaredKey { seed, notes: &mut self.notes })?;
        if key.is_none() && self.notes.missing() {
            note_dropped();
        }
        Ok(key)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if std::mem::take(&mut self.notes.not_null) {
            self.map.next_value_seed(NoteNull(seed))
        } else {
            self.map.next_value_seed(seed)
        }
    }
}

/// A key, noted in the object it belongs to as it is read.
struct DeclaredKey<'r, K> {
    seed: K,
    notes: &'r mut Notes,
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

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<K::Value, E> {
        self.notes.note(key);
        self.seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<K::Value, E> {
        self.notes.note(key);
        self.seed.deserialize(key.to_owned().into_deserializer())
    }
}

impl Notes {
    /// Whether a required nullable property is not seen (yet).
    fn missing(&self) -> bool {
        self.seen.iter().any(|seen| !seen)
    }

    fn note(&mut self, key: &str) {
        if self.fields.is_some_and(|fields| !fields.contains(&key)) {
            note_dropped();
        }
        self.not_null = self.presence.not_null.contains(&key);
        if let Some(index) = self.presence.required.iter().position(|name| *name == key) {
            self.seen[index] = true;
        }
    }
}

/// A property's value read with a `null` noted: serde's `Option` reads it as absent, so a
/// variant that declares the property not nullable would lose it.
struct NoteNull<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for NoteNull<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(NotNull(deserializer))
    }
}

/// A deserializer that notes a `null` it hands the visitor.
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

/// Passes every value on to the inner visitor, noting a `null`.
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
        self.0.expecting(f)
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<V::Value, E> {
        note_dropped();
        self.0.visit_none()
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<V::Value, E> {
        note_dropped();
        self.0.visit_unit()
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
