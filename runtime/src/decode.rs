//! Decoding as the schema says, not as the JSON happens to fit: a struct only from a JSON
//! object (serde's derive also takes an array, filling fields in order), and a union's variant
//! only where the value is valid for it.
//!
//! A union without a discriminator reads the value once (`buffer::Buf`), then tries every
//! variant strictly: string enums refuse values they do not know, and the decoded variant must
//! pass `validate()` (required properties, enum values, formats, constraints). The first variant
//! that matches and keeps the value as it is (`object::Reader`: every property read, no `null` read as
//! absent, no absent property written back as `null`) is taken; failing that, of the variants
//! that match, the one whose encoding keeps the most of the value's properties, the first on a
//! tie. A value no variant matches is kept whole in the catch-all variant.

use super::buffer::Buf;
use super::validation::Validate;
use serde::de::{Deserializer, MapAccess, Visitor};
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

/// Notes, while choosing, that a struct left a property of the value unread.
pub(super) fn note_dropped() {
    DROPPED.with(|d| d.set(true));
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
pub fn choose<U: Serialize>(value: &Buf<'_>, candidates: &[Candidate<U>]) -> Option<U> {
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

/// The variant `choose` finds, only where it keeps every property of `value`.
fn choose_exact<U: Serialize>(value: &Buf<'_>, candidates: &[Candidate<U>]) -> Option<U> {
    let outer = DROPPED.with(|d| d.replace(false));
    let chosen = choose(value, candidates);
    let exact = !DROPPED.with(|d| d.replace(outer));
    chosen.filter(|_| exact)
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

/// A variant's decoding, tried on the buffered value.
pub type Candidate<U> = fn(&Buf<'_>) -> Option<U>;

/// Reads a union with a discriminator: `property`'s value names the variant (`named`). A value
/// it names no variant with is kept whole in `other` (a kind a newer server added). One that
/// does not decode as the variant it names is a variant it is valid for and keeps whole, if
/// any; one without the property is decided as any union (`choose` over `candidates`).
/// Failing these, `other` keeps the value.
pub fn discriminated<'de, D: Deserializer<'de>, U: Serialize>(
    deserializer: D,
    property: &str,
    named: fn(&str) -> Option<Candidate<U>>,
    candidates: &[Candidate<U>],
    other: fn(Value) -> U,
) -> Result<U, D::Error> {
    let value = Buf::deserialize(deserializer)?;
    let chosen = match value.str_property(property).map(named) {
        Some(None) => None,
        Some(Some(decode)) => decode(&value).or_else(|| choose_exact(&value, candidates)),
        None => choose(&value, candidates),
    };
    Ok(chosen.unwrap_or_else(|| other(value.to_value())))
}

/// `value` decoded as `T` as the derived code reads it (strict only inside a union that is
/// choosing), wrapped as the union's variant: the variant a discriminator names.
pub fn named_variant<'a, T, U>(value: &'a Buf<'_>, wrap: fn(T) -> U) -> Option<U>
where
    T: Deserialize<'a>,
{
    T::deserialize(value).ok().map(wrap)
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

/// A struct read from a JSON object's entries (and only from an object: see `object!`).
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
