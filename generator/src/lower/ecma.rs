//! How a spec's `pattern` (ECMA-262) is matched: translated exactly into `regex` syntax, or left to `regress`.
//!
//! JSON Schema patterns are ECMA-262, whose classes are not the `regex` crate's: `\d`, `\w` and
//! `\b` are ASCII, `\s` is ECMA's own list, `.` stops at four line terminators, `[` is a literal
//! inside a class. The translation spells each of those out, so the runtime's `regex` engines
//! answer exactly what an ECMA-262 engine would. `regress` is the judge of what is ECMA-262 at
//! all: a pattern it refuses is invalid, whatever `regex` would make of it.
//!
//! One difference is accepted: `\p{…}` reads `regex-syntax`'s Unicode tables, which may be a
//! version behind `regress`'s (16.0 against 17.0 for `regex-syntax` 0.8.12 and `regress`
//! 0.12), so characters assigned in the newer version are classed as unassigned.

use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use std::fmt::Write as _;

/// How a spec's pattern is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matching {
    /// Translated exactly into `regex` syntax (the runtime's fast DFA path); the string is the translation.
    Regex(String),
    /// Needs an ECMA-262 engine (`regress`): look-around, backreferences, or a translation the
    /// `regex` crate refuses (e.g. too large when compiled). `unicode` says whether it compiles
    /// with the `u` flag (preferred) or only without it (Annex B syntax like `\-` outside a
    /// class); the runtime compiles it with the same flags.
    Ecma { unicode: bool },
    /// Not a valid ECMA-262 pattern in either mode: the reason, for a warning (the check is then dropped).
    Invalid(String),
}

/// Decides how `pattern` is matched: see [`Matching`].
pub fn matching(pattern: &str) -> Matching {
    // Only `u` mode is translated: without it, Annex B gives braces, escapes and surrogates
    // meanings that are not worth mirroring for the few specs that rely on them.
    if regress::Regex::with_flags(pattern, "u").is_err() {
        return without_unicode(pattern);
    }
    match translate(pattern) {
        Some(translation) => Matching::Regex(translation),
        None => Matching::Ecma { unicode: true },
    }
}

/// A pattern that `u` mode refuses: valid Annex B syntax, or invalid.
fn without_unicode(pattern: &str) -> Matching {
    match regress::Regex::new(pattern) {
        Ok(_) => Matching::Ecma { unicode: false },
        Err(error) => Matching::Invalid(error.to_string()),
    }
}

/// The `regex` translation of a pattern that is valid in `u` mode, if it has one the runtime
/// can use.
fn translate(pattern: &str) -> Option<String> {
    let mut translator =
        Translator { chars: pattern.chars().collect(), pos: 0, out: String::new(), not_word_boundary: false };
    translator.pattern()?;
    let Translator { out, not_word_boundary, .. } = translator;
    let usable = compiles(&out) && !(not_word_boundary && matches_empty(&out));
    usable.then_some(out)
}

/// Whether the meta engine, configured as the runtime configures it, takes the translation:
/// the runtime's DFA may give up on a large pattern, but it falls back to this one.
fn compiles(translation: &str) -> bool {
    meta::Regex::builder()
        .configure(meta::Config::new().which_captures(WhichCaptures::None))
        .build(translation)
        .is_ok()
}

/// Whether the translation can match the empty string. The runtime's DFA walks bytes and does
/// not skip empty matches inside a character, where `(?-u:\B)` always holds: in "aéb" ECMA's
/// `\B` holds nowhere, yet the DFA finds it between the two bytes of "é". A pattern that
/// consumes a character cannot start or end inside one, so only an empty match is at risk.
fn matches_empty(translation: &str) -> bool {
    regex_syntax::parse(translation).map_or(true, |hir| hir.properties().minimum_len() == Some(0))
}

/// `.`: any code point but ECMA's line terminators (`regex`'s `.` only excludes `\n`).
const DOT: &str = r"[^\n\r\x{2028}\x{2029}]";
/// `[^]`: every code point (a Rust string has no lone surrogates to leave out).
const ANY: &str = r"[\x{0}-\x{10FFFF}]";
/// `[]`: no code point.
const NOTHING: &str = r"[^\x{0}-\x{10FFFF}]";
/// The inside of ECMA's `\d`: ASCII digits only, where `regex`'s is Unicode `Nd`.
const DIGIT: &str = "0-9";
/// The inside of ECMA's `\w`: ASCII only.
const WORD: &str = "0-9A-Za-z_";
/// The inside of ECMA's `\s`: WhiteSpace and LineTerminator, which is not Unicode's
/// `White_Space` (it adds U+FEFF and leaves out U+0085).
const SPACE: &str =
    r"\t\n\x0B\x0C\r\x20\xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// A class escape: the inside of a class, and whether it is the complement.
#[derive(Clone, Copy)]
struct Shorthand {
    inside: &'static str,
    negated: bool,
}

/// A set of code points written by an escape.
enum Set {
    Shorthand(Shorthand),
    /// `\p{…}` or `\P{…}`, already in `regex` syntax.
    Property(String),
}

impl Set {
    /// Writes the set as an atom of its own.
    fn write(&self, out: &mut String) {
        match self {
            Set::Shorthand(Shorthand { inside, negated }) => {
                let caret = if *negated { "^" } else { "" };
                let _ = write!(out, "[{caret}{inside}]");
            }
            Set::Property(property) => out.push_str(property),
        }
    }

    /// Writes the set inside a class: a complement becomes a nested class, since its inside
    /// cannot be merged with the other members.
    fn write_inside(&self, out: &mut String) {
        match self {
            Set::Shorthand(Shorthand { inside, negated: false }) => out.push_str(inside),
            _ => self.write(out),
        }
    }
}

/// What one escape or character stands for.
enum Atom {
    Char(char),
    Set(Set),
}

/// `\d`, `\w`, `\s` and their complements.
fn shorthand(letter: char) -> Option<Shorthand> {
    let inside = match letter.to_ascii_lowercase() {
        'd' => DIGIT,
        'w' => WORD,
        's' => SPACE,
        _ => return None,
    };
    Some(Shorthand { inside, negated: letter.is_ascii_uppercase() })
}

/// Writes a code point as a literal, in or out of a class. Every `regex` metacharacter is
/// escaped (that covers `&`, `-` and `~`, which `regex` reads as set operators in a class);
/// invisible characters get a hex escape so a generated file shows them.
fn push_char(out: &mut String, c: char) {
    if regex_syntax::is_meta_character(c) {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() || (!c.is_ascii() && c.is_alphanumeric()) {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
    }
}

/// ECMA's names of general categories, which it allows without `General_Category=`.
#[rustfmt::skip]
const GENERAL_CATEGORIES: &[&str] = &[
    "L", "Letter", "LC", "Cased_Letter", "Lu", "Uppercase_Letter", "Ll", "Lowercase_Letter",
    "Lt", "Titlecase_Letter", "Lm", "Modifier_Letter", "Lo", "Other_Letter",
    "M", "Mark", "Combining_Mark", "Mn", "Nonspacing_Mark", "Mc", "Spacing_Mark", "Me", "Enclosing_Mark",
    "N", "Number", "Nd", "Decimal_Number", "digit", "Nl", "Letter_Number", "No", "Other_Number",
    "P", "Punctuation", "punct", "Pc", "Connector_Punctuation", "Pd", "Dash_Punctuation",
    "Ps", "Open_Punctuation", "Pe", "Close_Punctuation", "Pi", "Initial_Punctuation",
    "Pf", "Final_Punctuation", "Po", "Other_Punctuation",
    "S", "Symbol", "Sm", "Math_Symbol", "Sc", "Currency_Symbol", "Sk", "Modifier_Symbol", "So", "Other_Symbol",
    "Z", "Separator", "Zs", "Space_Separator", "Zl", "Line_Separator", "Zp", "Paragraph_Separator",
    "C", "Other", "Cc", "Control", "cntrl", "Cf", "Format", "Cs", "Surrogate", "Co", "Private_Use",
    "Cn", "Unassigned",
];

/// Whether a property is translated: general categories, scripts, and the three sets that
/// need no table. Binary properties stay with `regress`, whose tables are not all Unicode's
/// (its `Extended_Pictographic` lacks hundreds of assigned code points that `regex` has).
/// A name `regex` does not know (`Script=Unknown`, `Cs`) fails the compile and goes the same way.
fn translatable_property(name: &str) -> bool {
    match name.split_once('=') {
        Some((key, _)) => {
            ["General_Category", "gc", "Script", "sc", "Script_Extensions", "scx"].contains(&key)
        }
        None => GENERAL_CATEGORIES.contains(&name) || ["Any", "ASCII", "Assigned"].contains(&name),
    }
}

/// A class: `negated` for `[^…]`, `inside` its translated members.
fn class_text(negated: bool, inside: &str) -> String {
    match (inside.is_empty(), negated) {
        (true, true) => ANY.to_owned(),
        (true, false) => NOTHING.to_owned(),
        (false, true) => format!("[^{inside}]"),
        (false, false) => format!("[{inside}]"),
    }
}

/// Translates a pattern that `regress` accepted in `u` mode, token by token: what it does not
/// recognise (look-around, backreferences, lone surrogates, anything newer) stops it with
/// `None`, leaving the pattern to `regress`.
struct Translator {
    chars: Vec<char>,
    pos: usize,
    out: String,
    /// Whether `\B` was written: see [`matches_empty`].
    not_word_boundary: bool,
}

impl Translator {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        self.pos += usize::from(found);
        found
    }

    /// The characters up to (not including) the next `end`, consumed with it.
    fn until(&mut self, end: char) -> Option<String> {
        let len = self.chars[self.pos..].iter().position(|&c| c == end)?;
        let text = self.chars[self.pos..self.pos + len].iter().collect();
        self.pos += len + 1;
        Some(text)
    }

    fn pattern(&mut self) -> Option<()> {
        while let Some(c) = self.next() {
            self.term(c)?;
        }
        Some(())
    }

    /// One token outside a class. Alternation, anchors and the quantifier symbols mean the
    /// same in both syntaxes: without the `m` flag `^` and `$` are the ends of the input in
    /// ECMA and in `regex` (whose `$` is not also before a final newline), and a lazy
    /// quantifier finds a match exactly when the greedy one does.
    fn term(&mut self, c: char) -> Option<()> {
        match c {
            '^' | '$' | '|' | ')' | '*' | '+' | '?' => self.out.push(c),
            '{' => self.braces()?,
            '(' => self.group()?,
            '.' => self.out.push_str(DOT),
            '[' => self.class()?,
            '\\' => self.escape()?,
            _ => push_char(&mut self.out, c),
        }
        Some(())
    }

    /// `{n}`, `{n,}` or `{n,m}`. In `u` mode a brace is always a quantifier (Annex B's literal
    /// braces are not allowed), and `regex` writes the three the same way.
    fn braces(&mut self) -> Option<()> {
        let body = self.until('}')?;
        let (min, max) = body.split_once(',').unwrap_or((&body, "0"));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        (!min.is_empty() && digits(min) && digits(max)).then_some(())?;
        let _ = write!(self.out, "{{{body}}}");
        Some(())
    }

    /// A group. Captures are never read (the runtime compiles without them), so a named group
    /// becomes a plain one: ECMA allows names `regex` does not (`$`, escapes, a name repeated
    /// in two alternatives).
    fn group(&mut self) -> Option<()> {
        if !self.eat('?') {
            self.out.push('(');
            return Some(());
        }
        match self.next()? {
            ':' => {}
            '<' if !matches!(self.peek()?, '=' | '!') => {
                self.until('>')?;
            }
            // Look-ahead, look-behind, and any group syntax newer than this translator.
            _ => return None,
        }
        self.out.push_str("(?:");
        Some(())
    }

    /// An escape outside a class.
    fn escape(&mut self) -> Option<()> {
        match self.next()? {
            // ECMA's word boundaries are ASCII ones; see `matches_empty` for `\B`.
            'b' => self.out.push_str(r"(?-u:\b)"),
            'B' => {
                self.not_word_boundary = true;
                self.out.push_str(r"(?-u:\B)");
            }
            // Backreferences: not regular.
            'k' | '1'..='9' => return None,
            c => match self.class_escape(c)? {
                Atom::Char(c) => push_char(&mut self.out, c),
                Atom::Set(set) => set.write(&mut self.out),
            },
        }
        Some(())
    }

    /// An escape that means the same in and out of a class (`c` follows the backslash).
    fn class_escape(&mut self, c: char) -> Option<Atom> {
        if let Some(shorthand) = shorthand(c) {
            return Some(Atom::Set(Set::Shorthand(shorthand)));
        }
        match c {
            'p' | 'P' => self.property(c).map(Atom::Set),
            _ => self.character_escape(c).map(Atom::Char),
        }
    }

    /// `\p{…}` or `\P{…}`, when `regex` reads the name as `regress` does (`regress` checked
    /// it against ECMA's list, and `regex` reads the same names more loosely).
    fn property(&mut self, letter: char) -> Option<Set> {
        self.eat('{').then_some(())?;
        let name = self.until('}')?;
        translatable_property(&name).then(|| Set::Property(format!("\\{letter}{{{name}}}")))
    }

    /// An escape for one character.
    fn character_escape(&mut self, c: char) -> Option<char> {
        match c {
            'f' => Some('\x0C'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            't' => Some('\t'),
            'v' => Some('\x0B'),
            'c' => self.control(),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Some('\0'),
            'x' => self.hex(2).and_then(char::from_u32),
            'u' => self.unicode_escape(),
            // The identity escapes `u` mode allows (`-` only in a class, which `regress` checked).
            '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|' | '/'
            | '-' => Some(c),
            _ => None,
        }
    }

    /// `\cX`: the letter's code modulo 32.
    fn control(&mut self) -> Option<char> {
        let letter = self.next().filter(char::is_ascii_alphabetic)?;
        Some(char::from(letter as u8 % 32))
    }

    /// Exactly `len` hex digits.
    fn hex(&mut self, len: usize) -> Option<u32> {
        let digits = self.chars.get(self.pos..self.pos + len)?;
        let value = digits.iter().try_fold(0, |value, c| Some(value * 16 + c.to_digit(16)?))?;
        self.pos += len;
        Some(value)
    }

    /// `\u{…}`, `\uXXXX`, or a surrogate pair `\uXXXX\uXXXX` (one code point in `u` mode). A
    /// lone surrogate is `None`: no Rust string holds one, and `regex` cannot write it.
    fn unicode_escape(&mut self) -> Option<char> {
        if self.eat('{') {
            let digits = self.until('}')?;
            return u32::from_str_radix(&digits, 16).ok().and_then(char::from_u32);
        }
        let high = self.hex(4)?;
        if (0xD800..0xDC00).contains(&high) {
            return self.low_surrogate(high);
        }
        char::from_u32(high)
    }

    /// The code point of `high` and the `\uXXXX` low surrogate that must follow it.
    fn low_surrogate(&mut self, high: u32) -> Option<char> {
        let escape = self.chars.get(self.pos..self.pos + 2)?;
        (escape == ['\\', 'u']).then_some(())?;
        self.pos += 2;
        let low = self.hex(4).filter(|low| (0xDC00..0xE000).contains(low))?;
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
    }

    /// A class, after its `[`.
    fn class(&mut self) -> Option<()> {
        let negated = self.eat('^');
        let mut inside = String::new();
        while !self.eat(']') {
            self.class_member(&mut inside)?;
        }
        self.out.push_str(&class_text(negated, &inside));
        Some(())
    }

    /// One member of a class: a character, a range, or a set. A `-` is a range only between
    /// two characters and not before the closing `]`; anywhere else it is a literal.
    fn class_member(&mut self, inside: &mut String) -> Option<()> {
        let low = match self.class_atom()? {
            Atom::Char(c) => c,
            Atom::Set(set) => {
                set.write_inside(inside);
                return Some(());
            }
        };
        push_char(inside, low);
        let range = self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|&c| c != ']');
        if range {
            self.pos += 1;
            let Atom::Char(high) = self.class_atom()? else { return None };
            inside.push('-');
            push_char(inside, high);
        }
        Some(())
    }

    /// A character or escape inside a class, where `\b` is a backspace.
    fn class_atom(&mut self) -> Option<Atom> {
        match self.next()? {
            '\\' => match self.next()? {
                'b' => Some(Atom::Char('\x08')),
                c => self.class_escape(c),
            },
            c => Some(Atom::Char(c)),
        }
    }
}

#[cfg(test)]
mod tests;
