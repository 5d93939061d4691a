//! How a struct reads the entries of a JSON object while a union chooses its variant: what the
//! derived code cannot tell by itself (an undeclared key, `null` where the property is not
//! nullable, a required nullable property left out) fails the variant or marks it inexact.

use super::decode::{choosing, note_dropped};
use serde::de::{DeserializeSeed, Deserializer, Error, IntoDeserializer, MapAccess, Visitor};
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
/// chooses, keys the struct does not declare are noted (the variant is then not an exact
/// match), and a `null` or an absence that `Presence` forbids fails the variant.
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
    fn read<V: Visitor<'de>>(self, fields: Option<&'static [&'static str]>, visitor: V) -> Result<V::Value, A::Error> {
        let Entries(map, presence) = self;
        if !choosing() {
            return visitor.visit_map(map);
        }
        let seen = vec![false; presence.required.len()];
        let notes = Notes { fields, presence, seen, refuse_null: false };
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
    refuse_null: bool,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Declared<A> {
    type Error = A::Error;

    /// The next key; at the end, an error if a required nullable property never came.
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let key = self.map.next_key_seed(DeclaredKey { seed, notes: &mut self.notes })?;
        let missing = key.is_none().then(|| self.notes.missing()).flatten();
        missing.map_or(Ok(key), |name| Err(A::Error::missing_field(name)))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        if std::mem::take(&mut self.notes.refuse_null) {
            self.map.next_value_seed(super::nullable::RefuseNull(seed))
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

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<K::Value, E> {
        self.notes.note(key);
        self.seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(key))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<K::Value, E> {
        self.notes.note(key);
        self.seed.deserialize(key.to_owned().into_deserializer())
    }
}

impl Notes {
    /// A required nullable property not seen (yet).
    fn missing(&self) -> Option<&'static str> {
        self.presence.required.iter().zip(&self.seen).find(|(_, seen)| !**seen).map(|(name, _)| *name)
    }

    fn note(&mut self, key: &str) {
        if self.fields.is_some_and(|fields| !fields.contains(&key)) {
            note_dropped();
        }
        self.refuse_null = self.presence.not_null.contains(&key);
        if let Some(index) = self.presence.required.iter().position(|name| *name == key) {
            self.seen[index] = true;
        }
    }
}
