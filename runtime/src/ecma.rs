//! Patterns only an ECMA-262 engine matches exactly (look-around, backreferences, Annex B
//! syntax, or translations too large for the `regex` crate): `regress`, compiled on first use.
//!
//! The generator has compiled each with the same flags, so compiling cannot fail; should it
//! anyway, the check is skipped rather than refusing values the server may accept.

use super::pattern::Matches;
use std::sync::OnceLock;

/// A `pattern` from the spec, matched by `regress`.
#[derive(Debug)]
pub struct EcmaPattern {
    source: &'static str,
    /// Compiled with the `u` flag (what JSON Schema means), or without it for Annex B syntax.
    unicode: bool,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl EcmaPattern {
    pub const fn new(source: &'static str, unicode: bool) -> Self {
        EcmaPattern { source, unicode, compiled: OnceLock::new() }
    }
}

impl Matches for EcmaPattern {
    fn is_match(&self, value: &str) -> bool {
        let flags = if self.unicode { "u" } else { "" };
        let compiled = self.compiled.get_or_init(|| regress::Regex::with_flags(self.source, flags).ok());
        compiled.as_ref().is_none_or(|regex| regex.find(value).is_some())
    }

    fn as_str(&self) -> &'static str {
        self.source
    }
}
