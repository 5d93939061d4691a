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
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// Writes `value` with `property: tag` added where it is an object without that property: a
/// discriminated union's variant whose type does not declare the property the union is told
/// apart by. A value that has it, or is no object, is written as it is.
pub fn write_tagged<S: Serializer, T: Serialize>(
    serializer: S,
    value: &T,
    property: &str,
    tag: &str,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(object) = &mut value {
        object.entry(property).or_insert_with(|| tag.into());
    }
    value.serialize(serializer)
}

/// Writes a struct's fields as an object's entries. The first error is kept and returned by
/// [`Writer::end`], so each field is one call with no branch of its own (a struct's code is
/// mostly its fields, and what it costs to compile is mostly its branches).
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Starts the object.
    pub fn new<S: Serializer<SerializeMap = M>>(serializer: S) -> Result<Self, S::Error> {
        serializer.serialize_map(None).map(|map| Writer { map, error: None })
    }

    /// A field always written (`null` included, for a required nullable one).
    pub fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(name, value).err();
        }
    }

    /// An optional field: left out when absent (`None`), else its value, which is `null` for
    /// an optional nullable field set to `Some(None)`.
    pub fn optional<T: Serialize>(&mut self, name: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// The properties a struct keeps beyond its fields (`additionalProperties`).
    pub fn rest<V: Serialize>(&mut self, rest: &BTreeMap<String, V>) {
        for (name, value) in rest {
            if self.error.is_none() {
                self.error = self.map.serialize_entry(name, value).err();
            }
        }
    }

    /// Ends the object, or returns the first error a field met.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// Reads an object's entries into a struct's fields (see the module docs). Each read stores
/// into the field's slot and keeps the first error: [`Reader::key`] then ends the entries and
/// [`Reader::finish`] returns it, so each field is one call with no branch of its own.
pub struct Reader<'de, A: MapAccess<'de>> {
    map: A,
    choosing: bool,
    error: Option<A::Error>,
    input: std::marker::PhantomData<&'de ()>,
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

impl<'de, A: MapAccess<'de>> Reader<'de, A> {
    pub fn new(map: A) -> Self {
        Reader { map, choosing: choosing(), error: None, input: std::marker::PhantomData }
    }

    /// The next property name; `None` at the end of the object, or once a read has failed.
    pub fn key(&mut self) -> Option<Key<'de>> {
        if self.error.is_some() {
            return None;
        }
        match self.map.next_key_seed(KeySeed) {
            Ok(key) => key,
            Err(error) => {
                self.fail(error);
                None
            }
        }
    }

    /// Reads a property's value into `slot`, as the field's type reads it.
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        match self.map.next_value() {
            Ok(value) => *slot = Some(value),
            Err(error) => self.fail(error),
        }
    }

    /// Reads the value of an optional property that may not be `null`: a `null` reads as
    /// absent, and is noted while a union chooses.
    pub fn not_null<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) {
        match self.map.next_value::<Option<T>>() {
            Ok(value) => {
                if value.is_none() && self.choosing {
                    note_dropped();
                }
                *slot = value;
            }
            Err(error) => self.fail(error),
        }
    }

    /// Reads the value of a property the struct keeps beyond its fields.
    pub fn rest<T: Deserialize<'de>>(&mut self, rest: &mut BTreeMap<String, T>, key: Key<'de>) {
        match self.map.next_value() {
            Ok(value) => drop(rest.insert(key.into_string(), value)),
            Err(error) => self.fail(error),
        }
    }

    /// Skips the value of a property the struct does not declare (noted while a union chooses).
    pub fn skip(&mut self) {
        if self.choosing {
            note_dropped();
        }
        if let Err(error) = self.map.next_value::<IgnoredAny>() {
            self.fail(error);
        }
    }

    /// The first error a read met, if any.
    pub fn finish(&mut self) -> Result<(), A::Error> {
        self.error.take().map_or(Ok(()), Err)
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

    fn fail(&mut self, error: A::Error) {
        self.error = Some(error);
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
