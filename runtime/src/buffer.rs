//! A JSON value read once and re-read by each variant a union tries: strings and keys borrowed
//! from the input where it lends them, objects kept as entry lists, and a deserializer over it
//! that lends them again, so a union nested in a variant reads its own buffer from this one.
//!
//! Errors while re-reading carry no message ([`Mismatch`]): a variant that fails is simply not
//! taken, so formatting why would be wasted work.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;

/// A JSON value whose strings borrow from the input (`'de`) where they can.
#[derive(Debug, Clone, PartialEq)]
pub enum Buf<'de> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(Cow<'de, str>),
    Array(Vec<Buf<'de>>),
    /// Entries in the order the input gives them.
    Object(Vec<(Cow<'de, str>, Buf<'de>)>),
}

impl Buf<'_> {
    /// The string an object has for `name`, as a discriminator reads it.
    pub fn str_property(&self, name: &str) -> Option<&str> {
        let Buf::Object(entries) = self else { return None };
        match entries.iter().find(|(key, _)| key == name)? {
            (_, Buf::Str(text)) => Some(text),
            _ => None,
        }
    }

    /// The value as a `serde_json::Value`, for the catch-all variant that keeps it whole.
    pub fn to_value(&self) -> Value {
        match self {
            Buf::Null => Value::Null,
            Buf::Bool(b) => Value::Bool(*b),
            Buf::Unsigned(n) => Value::from(*n),
            Buf::Signed(n) => Value::from(*n),
            Buf::Float(n) => serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            Buf::Str(s) => Value::String(s.as_ref().to_owned()),
            Buf::Array(items) => Value::Array(items.iter().map(Buf::to_value).collect()),
            Buf::Object(entries) => Value::Object(
                entries.iter().map(|(key, value)| (key.as_ref().to_owned(), value.to_value())).collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Buf<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufVisitor)
    }
}

struct BufVisitor;

impl<'de> Visitor<'de> for BufVisitor {
    type Value = Buf<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Buf<'de>, E> {
        Ok(Buf::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Buf<'de>, E> {
        Ok(Buf::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Buf<'de>, D::Error> {
        Buf::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Buf<'de>, E> {
        Ok(Buf::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Buf<'de>, E> {
        Ok(Buf::Unsigned(n))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Buf<'de>, E> {
        // Non-negative integers are held one way, whichever way the input reports them.
        Ok(u64::try_from(n).map_or(Buf::Signed(n), Buf::Unsigned))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Buf<'de>, E> {
        Ok(Buf::Float(n))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Buf<'de>, E> {
        Ok(Buf::Str(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Buf<'de>, E> {
        Ok(Buf::Str(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Buf<'de>, E> {
        Ok(Buf::Str(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Buf<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buf::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buf<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key_seed(KeySeed)? {
            entries.push((key, map.next_value()?));
        }
        Ok(Buf::Object(entries))
    }
}

/// Reads an object key, borrowed where the input lends it.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

/// Why a buffered value did not read as a type; deliberately without detail (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mismatch;

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the value does not match the type")
    }
}

impl std::error::Error for Mismatch {}

impl de::Error for Mismatch {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Mismatch
    }
}

/// Re-reads the buffer, lending its strings for as long as it is borrowed.
impl<'a, 'de: 'a> Deserializer<'a> for &'a Buf<'de> {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Buf::Null => visitor.visit_unit(),
            Buf::Bool(b) => visitor.visit_bool(*b),
            Buf::Unsigned(n) => visitor.visit_u64(*n),
            Buf::Signed(n) => visitor.visit_i64(*n),
            Buf::Float(n) => visitor.visit_f64(*n),
            Buf::Str(s) => visitor.visit_borrowed_str(s),
            Buf::Array(items) => visitor.visit_seq(Items(items.iter())),
            Buf::Object(entries) => visitor.visit_map(Entries { entries: entries.iter(), value: None }),
        }
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Buf::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    /// An enum as JSON writes one: a string for a unit variant, a one-entry object otherwise.
    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        match self {
            Buf::Str(s) => visitor.visit_enum(Variant { name: s, value: None }),
            Buf::Object(entries) => match entries.as_slice() {
                [(name, value)] => visitor.visit_enum(Variant { name, value: Some(value) }),
                _ => Err(Mismatch),
            },
            _ => Err(Mismatch),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        <W: Visitor<'a>>
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// An array's items, one at a time.
struct Items<'a, 'de>(std::slice::Iter<'a, Buf<'de>>);

impl<'a, 'de: 'a> SeqAccess<'a> for Items<'a, 'de> {
    type Error = Mismatch;

    fn next_element_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<Option<T::Value>, Mismatch> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// An object's entries, key then value.
struct Entries<'a, 'de> {
    entries: std::slice::Iter<'a, (Cow<'de, str>, Buf<'de>)>,
    value: Option<&'a Buf<'de>>,
}

impl<'a, 'de: 'a> MapAccess<'a> for Entries<'a, 'de> {
    type Error = Mismatch;

    fn next_key_seed<K: DeserializeSeed<'a>>(&mut self, seed: K) -> Result<Option<K::Value>, Mismatch> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'a>>(&mut self, seed: V) -> Result<V::Value, Mismatch> {
        seed.deserialize(self.value.take().ok_or(Mismatch)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum's variant: its name, and what it holds unless it is a unit variant.
struct Variant<'a, 'de> {
    name: &'a Cow<'de, str>,
    value: Option<&'a Buf<'de>>,
}

impl<'a, 'de: 'a> de::EnumAccess<'a> for Variant<'a, 'de> {
    type Error = Mismatch;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), Mismatch> {
        let name = seed.deserialize(de::value::BorrowedStrDeserializer::new(self.name))?;
        Ok((name, self))
    }
}

impl<'a, 'de: 'a> de::VariantAccess<'a> for Variant<'a, 'de> {
    type Error = Mismatch;

    fn unit_variant(self) -> Result<(), Mismatch> {
        match self.value {
            None | Some(Buf::Null) => Ok(()),
            Some(_) => Err(Mismatch),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, seed: T) -> Result<T::Value, Mismatch> {
        seed.deserialize(self.value.ok_or(Mismatch)?)
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Mismatch> {
        self.value.ok_or(Mismatch)?.deserialize_seq(visitor)
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        self.value.ok_or(Mismatch)?.deserialize_map(visitor)
    }
}
