//! `format: byte` values: bytes in Rust, base64 text on the wire. Read leniently (padding or
//! none, the URL-safe alphabet, stray bits in the last character, all of which servers send
//! and JSON Schema's pattern partly allows) and written back exactly as read; bytes made in
//! code are written standard and padded (RFC 4648).

use base64::Engine as _;
use base64::alphabet;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Reads what a strict decoder would refuse: padding optional, trailing bits ignored.
const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Bytes carried as base64 text. Equal by their bytes.
#[derive(Clone, Default)]
pub struct Base64 {
    bytes: Vec<u8>,
    /// The text as read, where it is not what `STANDARD` writes for `bytes`.
    written: Option<Box<str>>,
}

impl Base64 {
    /// Decodes base64 text in either alphabet, padded or not, keeping it as written.
    pub fn parse(text: &str) -> Result<Self, base64::DecodeError> {
        let bytes = LENIENT_STANDARD
            .decode(text)
            .or_else(|error| LENIENT_URL_SAFE.decode(text).map_err(|_| error))?;
        let written = (STANDARD.encode(&bytes) != text).then(|| text.into());
        Ok(Base64 { bytes, written })
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Base64 { bytes, written: None }
    }
}

impl From<&[u8]> for Base64 {
    fn from(bytes: &[u8]) -> Self {
        Base64::from(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl PartialEq for Base64 {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for Base64 {}

impl std::hash::Hash for Base64 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

impl fmt::Debug for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Base64").field(&self.bytes).finish()
    }
}

/// The wire text.
impl fmt::Display for Base64 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.written {
            Some(text) => f.write_str(text),
            None => f.write_str(&STANDARD.encode(&self.bytes)),
        }
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.written {
            Some(text) => serializer.serialize_str(text),
            None => serializer.serialize_str(&STANDARD.encode(&self.bytes)),
        }
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        // The text is not repeated: it may be a whole file.
        Base64::parse(&text).map_err(|e| serde::de::Error::custom(format_args!("not base64 text: {e}")))
    }
}
