//! The translation, case by case, and differentially against `regress` (the ECMA-262 oracle).

use super::*;
use proptest::prelude::*;
use regex_automata::Input;
use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::syntax;
use std::sync::LazyLock;

/// Patterns that translate, with the translation.
const TRANSLATED: &[(&str, &str)] = &[
    // Shorthands are ASCII (`\d`, `\w`) or ECMA's list (`\s`), in and out of classes.
    (r"^\d{3}-\d{4}$", r"^[0-9]{3}\-[0-9]{4}$"),
    (r"\D", r"[^0-9]"),
    (r"\w+", r"[0-9A-Za-z_]+"),
    (r"\W", r"[^0-9A-Za-z_]"),
    (
        r"^\s*$",
        r"^[\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]*$",
    ),
    (
        r"^\S+$",
        r"^[^\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]+$",
    ),
    (r"^[\w\-\.]+@", r"^[0-9A-Za-z_\-\.]+@"),
    (r"[\w.-]", r"[0-9A-Za-z_\.\-]"),
    (r"[^\d]", r"[^0-9]"),
    (r"[^\D]", r"[^[^0-9]]"),
    (r"[\Wx]", r"[[^0-9A-Za-z_]x]"),
    (
        r"^[\s\S]$",
        r"^[\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}[^\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]]$",
    ),
    (r"[\d-]", r"[0-9\-]"),
    // Word boundaries are ASCII; `\B` only where the pattern cannot match empty.
    (r"\bfoo\b", r"(?-u:\b)foo(?-u:\b)"),
    (r"a\Bb", r"a(?-u:\B)b"),
    // `.` stops at ECMA's four line terminators; `^` and `$` are the ends of the input.
    (r"^.+$", r"^[^\n\r\x{2028}\x{2029}]+$"),
    (r"^$", r"^$"),
    // Escapes.
    (r"^https?:\/\/", r"^https?://"),
    (r"\/\^\$\.\*\+\?\(\)\[\]\{\}\|\\", r"/\^\$\.\*\+\?\(\)\[\]\{\}\|\\"),
    (r"\uD83D\uDE00", r"\x{1F600}"),
    (r"\u{E9}\u0041", "éA"),
    (r"\x41\x2d", r"A\-"),
    (r"\cA\cj", r"\x{1}\x{A}"),
    (r"\0", r"\x{0}"),
    (r"\t\n\v\f\r", r"\x{9}\x{A}\x{B}\x{C}\x{D}"),
    (r"[\b]", r"[\x{8}]"),
    (r"a b#~&", r"a\x{20}b\#\~\&"),
    // Unicode properties `regex` knows.
    (r"^\p{L}+$", r"^\p{L}+$"),
    (r"\p{Lu}", r"\p{Lu}"),
    (r"\p{Script=Latin}", r"\p{Script=Latin}"),
    (r"\p{sc=Greek}", r"\p{sc=Greek}"),
    (r"[^\P{L}]", r"[^\P{L}]"),
    (r"\p{Nd}", r"\p{Nd}"),
    (r"\p{General_Category=Lu}\p{gc=LC}\p{scx=Arab}", r"\p{General_Category=Lu}\p{gc=LC}\p{scx=Arab}"),
    (r"[\p{Any}\P{ASCII}\p{Assigned}]", r"[\p{Any}\P{ASCII}\p{Assigned}]"),
    // Class syntax `regex` reads differently: `[`, `&&`, `--`, `~~` are literals.
    (r"[[]", r"[\[]"),
    (r"[a-z-[]", r"[a-z\-\[]"),
    (r"[a&&b]", r"[a\&\&b]"),
    (r"[--]", r"[\-\-]"),
    (r"[~~]", r"[\~\~]"),
    (r"[--0]", r"[\--0]"),
    (r"^[a-zA-Z0-9-_]+$", r"^[a-zA-Z0-9\-_]+$"),
    (r"[^]", r"[\x{0}-\x{10FFFF}]"),
    (r"[]", r"[^\x{0}-\x{10FFFF}]"),
    // Groups and quantifiers.
    (r"^(?<year>\d{4})-(\d{2})$", r"^(?:[0-9]{4})\-([0-9]{2})$"),
    (r"(?<a>x)|(?<a>y)", r"(?:x)|(?:y)"),
    (r"(?:ab)*?c", r"(?:ab)*?c"),
    (r"a{2}?b{2,}c{1,3}", r"a{2}?b{2,}c{1,3}"),
    // With ASCII `\w` this is small enough for the meta engine (the DFA gives up on it).
    (r"([_\w-]{0,62}\.){0,127}", r"([_0-9A-Za-z_\-]{0,62}\.){0,127}"),
];

/// What a pattern that does not translate becomes.
#[derive(Debug)]
enum Kind {
    Ecma,
    AnnexB,
    Invalid(&'static str),
}

const NOT_TRANSLATED: &[(&str, Kind)] = &[
    // Look-around and backreferences.
    (r"^(?!\.$|\.\.$)[-_.A-Za-z0-9]+$", Kind::Ecma),
    (r"(?=a)", Kind::Ecma),
    (r"(?<=a)b", Kind::Ecma),
    (r"(?<!a)b", Kind::Ecma),
    (r"(a)\1", Kind::Ecma),
    (r"(?<n>a)\k<n>", Kind::Ecma),
    // ES2025 modifiers, which `regress` knows (unlike a bare `(?i)`).
    (r"(?i:a)", Kind::Ecma),
    (r"(?-i:a)", Kind::Ecma),
    // Too large for the meta engine.
    (r"(\p{L}{0,62}\.){0,127}", Kind::Ecma),
    (r"a{99999999999}", Kind::Ecma),
    // Properties ECMA knows and `regex` does not.
    (r"\p{Script=Unknown}", Kind::Ecma),
    (r"\p{Changes_When_NFKC_Casefolded}", Kind::Ecma),
    (r"\p{Cs}", Kind::Ecma),
    // Binary properties: `regress`'s tables are its own.
    (r"\p{Extended_Pictographic}", Kind::Ecma),
    (r"\p{Alphabetic}", Kind::Ecma),
    // Lone surrogates match no Rust string, but `regex` cannot say so.
    (r"\uD83D", Kind::Ecma),
    (r"\u{DC00}", Kind::Ecma),
    (r"[\uD800-\uDFFF]", Kind::Ecma),
    // `\B` where the pattern can match empty: the runtime's DFA would find it inside "é".
    (r"\B", Kind::Ecma),
    (r"a|\B", Kind::Ecma),
    // Annex B only: identity escapes, literal braces, octal-like escapes, `\c` without a letter.
    (r"\-", Kind::AnnexB),
    (r"\_", Kind::AnnexB),
    (r"\a", Kind::AnnexB),
    (r"a{", Kind::AnnexB),
    (r"{foo}", Kind::AnnexB),
    (r"x{,5}", Kind::AnnexB),
    (r"a}", Kind::AnnexB),
    (r"a]", Kind::AnnexB),
    (r"\1", Kind::AnnexB),
    (r"\00", Kind::AnnexB),
    (r"\c1", Kind::AnnexB),
    (r"[\d-z]", Kind::AnnexB),
    (r"\p{Greek}", Kind::AnnexB),
    (r"\u{110000}", Kind::AnnexB),
    (r"(?=a)*", Kind::AnnexB),
    // Not ECMA-262 at all.
    (r"(?i)abc", Kind::Invalid("Invalid group modifier")),
    (r"a{2,1}", Kind::Invalid("Invalid quantifier")),
    (r"^*", Kind::Invalid("Quantifier not allowed here")),
    (r"(", Kind::Invalid("")),
    (r"[a", Kind::Invalid("")),
    (r"a**", Kind::Invalid("")),
    (r"(?P<n>a)", Kind::Invalid("")),
    (r"a++", Kind::Invalid("")),
    (r"(?>a)", Kind::Invalid("")),
];

#[test]
fn translations() {
    for (pattern, translation) in TRANSLATED {
        assert_eq!(matching(pattern), Matching::Regex((*translation).to_owned()), "{pattern}");
    }
}

#[test]
fn kinds() {
    for (pattern, kind) in NOT_TRANSLATED {
        let found = matching(pattern);
        let agrees = match (kind, &found) {
            (Kind::Ecma, Matching::Ecma { unicode }) => *unicode,
            (Kind::AnnexB, Matching::Ecma { unicode }) => !unicode,
            (Kind::Invalid(reason), Matching::Invalid(found)) => found.contains(reason),
            _ => false,
        };
        assert!(agrees, "{pattern}: expected {kind:?}, found {found:?}");
    }
}

/// Typical spec patterns, checked against `regress` with the table's.
const TYPICAL: &[&str] = &[
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    r"^[A-Z]{2}$",
    r"^\+?[1-9]\d{1,14}$",
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    r"^[^\s@]+@[^\s@]+\.[^\s@]+$",
    r"^.*$",
    r"^.{1,3}$",
    r"^[\s\S]*$",
    r"^[^\d]+$",
    r"^[\D]+$",
    r"[^\W_]",
    r"\P{L}",
    r"^\p{Lu}",
    r"^[\p{L}\p{Nd}_-]+$",
    r"\b",
    r"\B.",
    r"^\d+\b",
    r"[a-b-c]",
    r"^(a|b)*?$",
    r"^(?:\u00e9|\u{1F600})+$",
    r"^[\u0000-\u007F]*$",
    r"^[\uD83D\uDE00-\uD83D\uDE4F]$",
    r"^\w+(\.\w+)*$",
    r"^\S*$",
    r"^v\d+\.\d+\.\d+(-[0-9A-Za-z-.]+)?$",
    // Edge cases of the syntax.
    r"\b*",
    r"\b+x",
    r"(|a)*b",
    r"^(?:a?){3,5}$",
    r"a{0,0}b",
    r"$^",
    r"(?<$x>a)",
    r"[a-]",
    r"[^-]",
    r"[^^]",
    r"\P{Script=Latin}",
    r"[\P{Lu}\d]",
    r"\cz",
    r"^[\u{1F600}-\u{1F64F}]+$",
];

/// Hand-picked inputs: the ASCII classes' edges and the characters where ECMA and `regex`'s
/// Unicode defaults part (other scripts' digits and letters, other spaces and line ends).
const INPUTS: &[&str] = &[
    "",
    "a",
    "abc",
    "ABC",
    "_",
    "-",
    ".",
    "..",
    "a.b",
    "123",
    "1234567",
    "123-4567",
    "١٢٣",
    "٣",
    "é",
    "aéb",
    "ß",
    "Ω",
    "αβγ",
    "Я",
    "ǅ",
    "ⅷ",
    "ａ",
    "😀",
    "a😀",
    "\u{2028}",
    "\u{2029}",
    "\u{A0}",
    "\u{85}",
    "\u{FEFF}",
    "\u{3000}",
    "\u{180E}",
    "\u{200B}",
    "\n",
    "a\n",
    "\r\n",
    "\t",
    "\u{B}",
    "\u{C}",
    " ",
    "\0",
    "\u{1}",
    "\u{8}",
    "\u{A}",
    "https://x",
    "http:/",
    "a@b.c",
    "a b",
    "foo bar",
    "foo",
    "xfoo",
    "[",
    "]",
    "&",
    "~",
    "{",
    "}",
    "#",
    "/^$.*+?()[]{}|\\",
    "x",
    "y",
    "xy",
    "aa",
    "ab",
    "aaa",
    "2024-01",
    "+14155552671",
    "\u{10FFFF}",
    "\u{E000}",
    "v1.2.3-rc.1",
    "0123abcd-0000-1111-2222-333344445555",
];

/// One pattern, compiled by `regress` (the oracle) and, from its translation, by the
/// runtime's two engines.
struct Compiled {
    pattern: &'static str,
    translation: String,
    ecma: regress::Regex,
    meta: meta::Regex,
    /// `None` when the DFA is too large and the runtime would use `meta`.
    dfa: Option<dense::DFA<Vec<u32>>>,
}

impl Compiled {
    fn new(pattern: &'static str) -> Option<Self> {
        let Matching::Regex(translation) = matching(pattern) else { return None };
        let ecma = regress::Regex::with_flags(pattern, "u").expect("translated, so valid");
        let meta = meta::Regex::new(&translation).expect("translated, so compiles");
        let dfa = runtime_dfa(&translation);
        Some(Compiled { pattern, translation, ecma, meta, dfa })
    }

    /// Whether the runtime's engines answer as `regress` does for `value`.
    fn check(&self, value: &str) -> Result<(), String> {
        let property = self.pattern.contains(r"\p") || self.pattern.contains(r"\P");
        if property && NEWER_UNICODE.is_match(value) {
            return Ok(());
        }
        let expected = self.ecma.find(value).is_some();
        let by_dfa = self.dfa.as_ref().and_then(|dfa| dfa_is_match(dfa, value));
        let found = [Some(self.meta.is_match(value)), by_dfa];
        if found.iter().flatten().all(|&found| found == expected) {
            return Ok(());
        }
        let (pattern, translation) = (self.pattern, &self.translation);
        Err(format!("{pattern} as {translation} on {value:?}: regress {expected}, meta and dfa {found:?}"))
    }
}

/// The DFA as the runtime builds it (`generator/runtime/pattern.rs`).
fn runtime_dfa(translation: &str) -> Option<dense::DFA<Vec<u32>>> {
    let limit = Some(1 << 20);
    let config = dense::Config::new()
        .start_kind(StartKind::Unanchored)
        .dfa_size_limit(limit)
        .determinize_size_limit(limit);
    let thompson = regex_automata::nfa::thompson::Config::new().which_captures(WhichCaptures::None);
    dense::Builder::new()
        .configure(config)
        .syntax(syntax::Config::new())
        .thompson(thompson)
        .build(translation)
        .ok()
}

/// The runtime's DFA walk; `None` on a quit state.
fn dfa_is_match(dfa: &dense::DFA<Vec<u32>>, value: &str) -> Option<bool> {
    let mut state = dfa.start_state_forward(&Input::new(value)).ok()?;
    for &byte in value.as_bytes() {
        state = dfa.next_state(state, byte);
        if dfa.is_special_state(state) {
            if dfa.is_match_state(state) || dfa.is_dead_state(state) {
                return Some(dfa.is_match_state(state));
            }
            if dfa.is_quit_state(state) {
                return None;
            }
        }
    }
    Some(dfa.is_match_state(dfa.next_eoi_state(state)))
}

/// What the two crates' Unicode versions disagree on (see the module doc): code points
/// unassigned in `regex`'s, and U+0295, which Unicode 17 moved from `Ll` to `Lo`.
static NEWER_UNICODE: LazyLock<meta::Regex> = LazyLock::new(|| meta::Regex::new(r"[\p{Cn}\x{295}]").unwrap());

static COMPILED: LazyLock<Vec<Compiled>> = LazyLock::new(|| {
    let patterns = TRANSLATED.iter().map(|(pattern, _)| *pattern).chain(TYPICAL.iter().copied());
    patterns.filter_map(Compiled::new).collect()
});

/// Every translation's answer, on every input, is `regress`'s.
fn check_all(value: &str) -> Result<(), String> {
    COMPILED.iter().try_for_each(|compiled| compiled.check(value))
}

/// Why `\B` is kept from patterns that can match empty (see `matches_empty`): the runtime's
/// DFA finds it between the bytes of "é", where ECMA has no position.
#[test]
fn runtime_dfa_finds_not_word_boundary_inside_a_character() {
    let dfa = runtime_dfa(r"(?-u:\B)").expect("small");
    assert_eq!(dfa_is_match(&dfa, "aéb"), Some(true));
    assert!(regress::Regex::with_flags(r"\B", "u").unwrap().find("aéb").is_none());
}

/// ASCII word boundaries, unlike Unicode ones, stay on the runtime's DFA path.
#[test]
fn runtime_dfa_takes_ascii_word_boundaries() {
    assert!(runtime_dfa(r"(?-u:\b)foo(?-u:\B)x").is_some());
}

#[test]
fn typical_patterns_translate() {
    let untranslated: Vec<_> =
        TYPICAL.iter().filter(|p| !matches!(matching(p), Matching::Regex(_))).collect();
    assert!(untranslated.is_empty(), "{untranslated:?}");
}

#[test]
fn hand_picked_inputs_agree_with_regress() {
    for value in INPUTS {
        check_all(value).unwrap();
    }
}

#[test]
fn each_code_point_agrees_with_regress() {
    // Every code point up to U+3400, then a stride through the rest (all of it is slow in debug).
    let low = (0..0x3400).step_by(1);
    let code_points = low.chain((0x3400..=0x10FFFF).step_by(97)).filter_map(char::from_u32);
    for c in code_points {
        check_all(c.encode_utf8(&mut [0; 4])).unwrap();
    }
}

/// Inputs mixing the characters where the syntaxes part.
const ALPHABET: &[char] = &[
    'a', 'b', 'c', 'x', 'y', 'A', 'Z', 'f', 'o', '0', '1', '9', '_', '-', '.', '@', '/', ':', ' ', '\t',
    '\n', '\r', '\u{B}', '\u{C}', '\u{A0}', '\u{2028}', '\u{2029}', '\u{FEFF}', '\u{85}', 'é', 'ß', '١', 'Ω',
    'ǅ', '😀', '[', ']', '&', '~', '{', '}', '\0',
];

proptest! {
    #[test]
    fn mixed_inputs_agree_with_regress(chars in prop::collection::vec(prop::sample::select(ALPHABET), 0..10)) {
        let value: String = chars.into_iter().collect();
        prop_assert!(check_all(&value).is_ok(), "{}", check_all(&value).unwrap_err());
    }
}
