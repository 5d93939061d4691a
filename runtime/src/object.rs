//! Structs to and from JSON objects, written out per struct by the generator in a few generic
//! calls per field: what serde's derive would expand into, at a fraction of its code, which is
//! most of what a large client costs to compile.
//!
//! [`Writer`] writes the fields, leaving out absent optional ones. [`Reader`] reads an object's
//! entries; while a union chooses its variant ([`super::decode::choosing`]) it also notes what a
//! plain reading would lose without a trace, so that a variant that keeps the value as it is wins
//! over one that does not: a key the struct does not declare, a `null` for a property that may
//! not be `null`, and a required nullable property left out (it would be written back as `null`).

use super::decode::{choosing, note_dropped};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Writes a struct's fields as an object's entries.
pub struct Writer<M>(M);

impl<M: SerializeMap> Writer<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        serializer.serialize_map(None).map(Writer)
    }

    /// A field always written (`null` included, for a required nullable one).
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// An optional field: left out when absent (`None`), else its value, which is `null` for
    /// an optional nullable field set to `Some(None)`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) -> Result<(), M::Error> {
        match value {
            Some(value) => self.0.serialize_entry(name, value),
            None => Ok(()),
        }
    }

    /// The properties a struct keeps beyond its fields (`additionalProperties`).
    pub fn rest<V: Serialize>(
        &mut self,
        rest: &std::collections::BTreeMap<String, V>,
    ) -> Result<(), M::Error> {
        rest.iter().try_for_each(|(name, value)| self.0.serialize_entry(name, value))
    }

    /// Ends the object.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

/// Reads an object's entries into a struct's fields (see the module docs).
pub struct Reader<A> {
    map: A,
    choosing: bool,
}

/// A property name, borrowed from the input where it lends it.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de, A: MapAccess<'de>> Reader<A> {
    pub fn new(map: A) -> Self {
        Reader { map, choosing: choosing() }
    }

    /// The next property name, `None` at the end of the object.
    pub fn key(&mut self) -> Result<Option<Key<'de>>, A::Error> {
        self.map.next_key_seed(KeySeed)
    }

    /// The value of a property, as its field's type reads it.
    pub fn value<T: Deserialize<'de>>(&mut self) -> Result<T, A::Error> {
        self.map.next_value()
    }

    /// The value of an optional property that may not be `null`: a `null` reads as absent, and
    /// is noted while a union chooses.
    pub fn not_null<T: Deserialize<'de>>(&mut self) -> Result<Option<T>, A::Error> {
        let value = self.map.next_value::<Option<T>>()?;
        if value.is_none() && self.choosing {
            note_dropped();
        }
        Ok(value)
    }

    /// The value of an optional property that allows any value: a `null` is kept, as
    /// `Some(Value::Null)`.
    pub fn present<T: Deserialize<'de>>(&mut self) -> Result<Option<T>, A::Error> {
        self.map.next_value().map(Some)
    }

    /// Skips the value of a property the struct does not declare (noted while a union chooses).
    pub fn skip(&mut self) -> Result<(), A::Error> {
        if self.choosing {
            note_dropped();
        }
        self.map.next_value::<serde::de::IgnoredAny>().map(drop)
    }

    /// A required property's value, or the error that it is missing.
    pub fn required<T>(&self, value: Option<T>, name: &'static str) -> Result<T, A::Error> {
        value.ok_or_else(|| serde::de::Error::missing_field(name))
    }

    /// A required nullable property's value: `null` when it is left out (a server that leaves it
    /// out is not refused), which is noted while a union chooses.
    pub fn required_nullable<T>(&self, value: Option<Option<T>>) -> Option<T> {
        if value.is_none() && self.choosing {
            note_dropped();
        }
        value.flatten()
    }
}

/// Reads a property name without copying it where the input lends it.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: serde::de::Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }
}
