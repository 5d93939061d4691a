//! `format: uuid` values: the UUID, for code to work with, and the text as it was sent, so a
//! value read from a server is written back exactly (`3FA85F64-…` stays upper case and a
//! `urn:uuid:` prefix stays, where `uuid::Uuid` would write every UUID lower case and bare).
//!
//! Only in crates whose spec has `uuid` values (it needs `uuid`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The longest text a UUID is read from: `urn:uuid:` and the 36 characters of the hyphenated form.
const LONGEST: usize = 45;

/// A UUID: its value and its wire text. `Copy`; equal, ordered and hashed by value.
#[derive(Clone, Copy)]
pub struct Uuid {
    value: ::uuid::Uuid,
    /// The text as read, where it is not the lower-case hyphenated form `Display` would write.
    written: Option<([u8; LONGEST], u8)>,
}

impl Uuid {
    /// Parses a UUID in any form the `uuid` crate reads (hyphenated, simple, braced, URN, in
    /// any case), keeping it as written.
    pub fn parse(text: &str) -> Result<Self, ::uuid::Error> {
        // JSON Schema's `uuid` ignores case, the `URN:UUID:` prefix's too; `uuid` reads it lower case.
        let prefix = "urn:uuid:";
        let bare = match text.get(..prefix.len()) {
            Some(head) if head.eq_ignore_ascii_case(prefix) => &text[prefix.len()..],
            _ => text,
        };
        let value = ::uuid::Uuid::parse_str(bare)?;
        let mut buffer = ::uuid::Uuid::encode_buffer();
        let canonical = *value.hyphenated().encode_lower(&mut buffer) == *text;
        // Every form `parse_str` reads fits; a longer text would be kept as the canonical form.
        let written = (!canonical && text.len() <= LONGEST).then(|| {
            let mut bytes = [0; LONGEST];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            (bytes, text.len() as u8)
        });
        Ok(Uuid { value, written })
    }

    /// The UUID's value.
    pub fn get(&self) -> ::uuid::Uuid {
        self.value
    }

    /// The nil UUID, `00000000-0000-0000-0000-000000000000`.
    pub const fn nil() -> Self {
        Uuid { value: ::uuid::Uuid::nil(), written: None }
    }
}

/// A `uuid` value, written in the lower-case hyphenated form.
impl From<::uuid::Uuid> for Uuid {
    fn from(value: ::uuid::Uuid) -> Self {
        Uuid { value, written: None }
    }
}

impl From<Uuid> for ::uuid::Uuid {
    fn from(id: Uuid) -> Self {
        id.value
    }
}

impl Default for Uuid {
    fn default() -> Self {
        Uuid::nil()
    }
}

impl PartialEq for Uuid {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Uuid {}

impl PartialOrd for Uuid {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Uuid {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl Hash for Uuid {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            // Only ever a copy of a `&str` (`parse`), cut at its end.
            Some((bytes, len)) => {
                f.write_str(std::str::from_utf8(&bytes[..usize::from(*len)]).map_err(|_| fmt::Error)?)
            }
            None => fmt::Display::fmt(&self.value.hyphenated(), f),
        }
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl std::str::FromStr for Uuid {
    type Err = ::uuid::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::parse(text)
    }
}

impl serde::Serialize for Uuid {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Uuid {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Uuid;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a UUID")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Uuid, E> {
                Uuid::parse(text).map_err(|e| E::custom(format_args!("`{text}` is not a UUID: {e}")))
            }
        }
        deserializer.deserialize_str(Text)
    }
}
