//! `format: date-time` values: the instant, for code to work with, and the text as it was sent,
//! so a value read from a server is written back exactly (`05:20:00.12345Z` stays so, where a
//! `chrono` round trip would write `05:20:00.123450Z`, and an offset stays the offset).
//!
//! Only in crates whose spec has `date-time` values (it needs `chrono`).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// An RFC 3339 date-time: its instant and its wire text. Equal, ordered and hashed by instant.
#[derive(Clone)]
pub struct DateTime {
    instant: chrono::DateTime<chrono::FixedOffset>,
    text: Box<str>,
}

impl DateTime {
    /// Parses RFC 3339 text, keeping it as written. An offset without its colon (`+0100`) or
    /// its minutes (`+01`), which JSON Schema's `date-time` also allows, is read too.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        let instant = chrono::DateTime::parse_from_rfc3339(text).or_else(|error| {
            full_offset(text).map_or(Err(error), |full| chrono::DateTime::parse_from_rfc3339(&full))
        })?;
        Ok(DateTime { instant, text: text.into() })
    }

    /// The instant, with the offset it was written in.
    pub fn instant(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.instant
    }

    /// The instant in UTC.
    pub fn utc(&self) -> chrono::DateTime<chrono::Utc> {
        self.instant.to_utc()
    }

    /// The text as it is sent.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// `text` with a short numeric offset (`±hhmm` or `±hh`, after the time) written `±hh:mm`.
fn full_offset(text: &str) -> Option<String> {
    let sign = text.rfind(['+', '-']).filter(|&at| text[..at].contains(':'))?;
    let (time, offset) = text.split_at(sign);
    let digits = &offset[1..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        4 => Some(format!("{time}{}:{}", &offset[..3], &offset[3..])),
        2 => Some(format!("{time}{offset}:00")),
        _ => None,
    }
}

/// A `chrono` time, written in RFC 3339 with as many fraction digits as it needs (`Z` for UTC).
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(time: chrono::DateTime<Tz>) -> Self {
        let instant = time.fixed_offset();
        let text =
            instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, instant.offset().local_minus_utc() == 0);
        DateTime { instant, text: text.into() }
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.instant == other.instant
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.instant.cmp(&other.instant)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.instant.hash(state);
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for DateTime {
    type Err = chrono::ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        DateTime::parse(text)
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = DateTime;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime, E> {
                DateTime::parse(text)
                    .map_err(|e| E::custom(format_args!("`{text}` is not an RFC 3339 date-time: {e}")))
            }
        }
        deserializer.deserialize_str(Text)
    }
}
