//! `pattern`: a spec's regular expression, compiled on first use and matched by a DFA.
//!
//! Validation runs before every request, on short values, so what counts is the fixed cost of
//! a match. A dense DFA walked byte by byte costs a few nanoseconds there, where a general
//! regex engine first sets up a search. Patterns whose DFA would be large (big Unicode classes)
//! or that a DFA cannot express (Unicode word boundaries) use `regex-automata`'s meta engine.

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, meta, util::syntax};
use std::sync::OnceLock;

/// The largest DFA (and determinization work) a pattern may take before it falls back.
const DFA_SIZE_LIMIT: usize = 1 << 20;

/// A `pattern` from the spec: it matches when it finds a match anywhere in the value, as
/// JSON Schema says (`^…$` anchors it).
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    /// The pattern in the `regex` crate's syntax: `source` translated from ECMA-262 (whose `\d`,
    /// `\w`, `\s`, `.` and classes differ), or `source` itself where it means the same.
    regex: &'static str,
    compiled: OnceLock<Matcher>,
    /// The meta engine, for a value the DFA gives up on (see `fallback`).
    fallback: OnceLock<meta::Regex>,
}

#[derive(Debug)]
enum Matcher {
    Dfa(Box<dense::DFA<Vec<u32>>>),
    Regex(meta::Regex),
}

impl Pattern {
    /// A pattern compiled on first use. The generator has compiled `source` already, with the
    /// same syntax, so compiling cannot fail.
    pub const fn new(source: &'static str) -> Self {
        Pattern::translated(source, source)
    }

    /// A pattern the spec writes as `source` (ECMA-262), matched as `regex`, its exact translation.
    pub const fn translated(source: &'static str, regex: &'static str) -> Self {
        Pattern { source, regex, compiled: OnceLock::new(), fallback: OnceLock::new() }
    }

    /// The pattern as the spec wrote it.
    pub fn as_str(&self) -> &'static str {
        self.source
    }

    /// Whether `value` contains a match.
    pub fn is_match(&self, value: &str) -> bool {
        match self.compiled.get_or_init(|| compile(self.regex)) {
            Matcher::Dfa(dfa) => dfa_is_match(dfa, value).unwrap_or_else(|| self.fallback(value)),
            Matcher::Regex(regex) => regex.is_match(value),
        }
    }

    /// For a value the DFA gives up on (it cannot without quit bytes, which are not
    /// configured, so this is a safety net): the meta engine, compiled once.
    fn fallback(&self, value: &str) -> bool {
        self.fallback.get_or_init(|| regex(self.regex)).is_match(value)
    }
}

/// What validation asks of a pattern, whichever engine matches it.
pub trait Matches {
    /// Whether `value` contains a match.
    fn is_match(&self, value: &str) -> bool;
    /// The pattern as the spec wrote it.
    fn as_str(&self) -> &'static str;
}

impl Matches for Pattern {
    fn is_match(&self, value: &str) -> bool {
        Pattern::is_match(self, value)
    }
    fn as_str(&self) -> &'static str {
        self.source
    }
}

/// Compiles a pattern with the same syntax as the `regex` crate (Unicode on).
fn compile(source: &str) -> Matcher {
    let config = dense::Config::new()
        .start_kind(StartKind::Unanchored)
        .dfa_size_limit(Some(DFA_SIZE_LIMIT))
        .determinize_size_limit(Some(DFA_SIZE_LIMIT));
    let built = dense::Builder::new()
        .configure(config)
        .syntax(syntax::Config::new())
        .thompson(regex_automata::nfa::thompson::Config::new().which_captures(WhichCaptures::None))
        .build(source);
    match built {
        Ok(dfa) => Matcher::Dfa(Box::new(dfa)),
        Err(_) => Matcher::Regex(regex(source)),
    }
}

fn regex(source: &str) -> meta::Regex {
    meta::Regex::builder()
        .configure(meta::Config::new().which_captures(WhichCaptures::None))
        .build(source)
        .expect("the generator compiled this pattern with the same syntax")
}

/// Walks the DFA over `value`, stopping at the first match; `None` if it hit a quit state.
fn dfa_is_match(dfa: &dense::DFA<Vec<u32>>, value: &str) -> Option<bool> {
    let mut state = dfa.start_state_forward(&Input::new(value)).ok()?;
    for &byte in value.as_bytes() {
        state = dfa.next_state(state, byte);
        if dfa.is_special_state(state) {
            if dfa.is_match_state(state) {
                return Some(true);
            }
            if dfa.is_dead_state(state) {
                return Some(false);
            }
            if dfa.is_quit_state(state) {
                return None;
            }
        }
    }
    Some(dfa.is_match_state(dfa.next_eoi_state(state)))
}
