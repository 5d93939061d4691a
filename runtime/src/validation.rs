//! Validation results: every violated constraint, located by JSON pointer.

use std::fmt;

/// How long an offending value may be in a message before it is cut.
const VALUE_LIMIT: usize = 80;

/// One constraint a value broke.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// JSON pointer of the value, e.g. `/mfa_config/session_duration` (`""` for the whole input).
    pub pointer: String,
    /// The rule that failed, with its limit, e.g. `maxLength 32`.
    pub rule: String,
    /// The offending value as JSON, cut when long.
    pub value: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.pointer.is_empty() { "/" } else { &self.pointer };
        write!(f, "{at}: {} (got {})", self.rule, self.value)
    }
}

/// Every violation found in one input, in field order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ValidationErrors {
    /// The violations, in the order the fields were checked.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(f, "{n} invalid value{}:", if n == 1 { "" } else { "s" })?;
        for violation in &self.violations {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A number checks compare: integers as `i64`, exactly at any size; other numbers as `f64`.
pub trait Number: Copy + PartialOrd + fmt::Display + serde::Serialize {
    /// `multipleOf`; a divisor of zero (which the spec does not allow) holds every value.
    fn is_multiple_of(self, divisor: Self) -> bool;
}

impl Number for i64 {
    fn is_multiple_of(self, divisor: i64) -> bool {
        // `checked_rem` is `None` only for `i64::MIN % -1`, which divides evenly.
        divisor == 0 || self.checked_rem(divisor).is_none_or(|rest| rest == 0)
    }
}

impl Number for f64 {
    /// With a relative tolerance for binary floating point (`0.3` is a multiple of `0.1`).
    fn is_multiple_of(self, divisor: f64) -> bool {
        let quotient = self / divisor;
        divisor == 0.0 || (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
    }
}

/// Walks a value, collecting violations under a JSON pointer that follows the walk.
#[derive(Debug, Default)]
pub struct Checker {
    /// Where the walk is. Kept as segments, not text: the pointer is only written out when a
    /// violation is found, so a valid value costs no formatting.
    path: Vec<Segment>,
    found: Vec<Violation>,
}

/// One step of a JSON pointer.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// A property or parameter name from the spec.
    Name(&'static str),
    /// An array index.
    Index(usize),
    /// A map key from the value being checked.
    Key(String),
}

impl From<&'static str> for Segment {
    fn from(name: &'static str) -> Self {
        Segment::Name(name)
    }
}

impl From<usize> for Segment {
    fn from(index: usize) -> Self {
        Segment::Index(index)
    }
}

impl From<&String> for Segment {
    fn from(key: &String) -> Self {
        Segment::Key(key.clone())
    }
}

impl fmt::Display for Segment {
    /// The segment as RFC 6901 writes it: `~` and `/` escaped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Segment::Index(index) => return write!(f, "{index}"),
            Segment::Name(name) => name,
            Segment::Key(key) => key.as_str(),
        };
        match text.contains(['~', '/']) {
            true => f.write_str(&text.replace('~', "~0").replace('/', "~1")),
            false => f.write_str(text),
        }
    }
}

impl Checker {
    /// Steps one level down, to `segment` (a property name, an index or a map key), until the
    /// returned scope is dropped.
    pub fn at(&mut self, segment: impl Into<Segment>) -> Scope<'_> {
        self.path.push(segment.into());
        Scope { checker: self }
    }

    /// The JSON pointer of the current place, e.g. `/mfa_config/session_duration`.
    pub fn pointer(&self) -> String {
        self.path.iter().map(|segment| format!("/{segment}")).collect()
    }

    /// Records that the value here broke `rule`.
    pub fn fail(&mut self, rule: impl Into<String>, value: &impl serde::Serialize) {
        let json = serde_json::to_string(value).unwrap_or_else(|_| "?".to_owned());
        let value = match json.char_indices().nth(VALUE_LIMIT) {
            Some((cut, _)) => format!("{}…", &json[..cut]),
            None => json,
        };
        self.found.push(Violation { pointer: self.pointer(), rule: rule.into(), value });
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.found.is_empty() { Ok(()) } else { Err(ValidationErrors { violations: self.found }) }
    }
}

/// A checker one level down; dropping it steps back up.
#[derive(Debug)]
pub struct Scope<'c> {
    checker: &'c mut Checker,
}

impl std::ops::Deref for Scope<'_> {
    type Target = Checker;

    fn deref(&self) -> &Checker {
        self.checker
    }
}

impl std::ops::DerefMut for Scope<'_> {
    fn deref_mut(&mut self) -> &mut Checker {
        self.checker
    }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        self.checker.path.pop();
    }
}

/// The checks generated code calls, one per kind of constraint; each records what it finds.
impl Checker {
    /// `minLength`/`maxLength`, counted in characters (Unicode scalar values), not bytes.
    pub fn length(&mut self, value: &str, min: Option<usize>, max: Option<usize>) {
        let count = value.chars().count();
        if let Some(min) = min.filter(|&min| count < min) {
            self.fail(format!("minLength {min}"), &value);
        }
        if let Some(max) = max.filter(|&max| count > max) {
            self.fail(format!("maxLength {max}"), &value);
        }
    }

    /// `pattern`, compiled once; the message quotes it as the spec wrote it.
    pub fn pattern(&mut self, value: &str, pattern: &impl super::pattern::Matches) {
        if !pattern.is_match(value) {
            self.fail(format!("pattern {}", pattern.as_str()), &value);
        }
    }

    /// `minimum`/`maximum`, each `(limit, exclusive)`.
    pub fn range<N: Number>(&mut self, value: N, min: Option<(N, bool)>, max: Option<(N, bool)>) {
        match min {
            Some((limit, true)) if value <= limit => self.fail(format!("exclusiveMinimum {limit}"), &value),
            Some((limit, false)) if value < limit => self.fail(format!("minimum {limit}"), &value),
            _ => {}
        }
        match max {
            Some((limit, true)) if value >= limit => self.fail(format!("exclusiveMaximum {limit}"), &value),
            Some((limit, false)) if value > limit => self.fail(format!("maximum {limit}"), &value),
            _ => {}
        }
    }

    /// `multipleOf`.
    pub fn multiple_of<N: Number>(&mut self, value: N, divisor: N) {
        if !value.is_multiple_of(divisor) {
            self.fail(format!("multipleOf {divisor}"), &value);
        }
    }

    /// `minItems`/`maxItems`.
    pub fn items<T: serde::Serialize>(&mut self, items: &[T], min: Option<usize>, max: Option<usize>) {
        if let Some(min) = min.filter(|&min| items.len() < min) {
            self.fail(format!("minItems {min}"), &items);
        }
        if let Some(max) = max.filter(|&max| items.len() > max) {
            self.fail(format!("maxItems {max}"), &items);
        }
    }

    /// `uniqueItems`, comparing items as JSON values.
    pub fn unique<T: serde::Serialize>(&mut self, items: &[T]) {
        let values: Vec<serde_json::Value> =
            items.iter().filter_map(|i| serde_json::to_value(i).ok()).collect();
        let repeated = values.iter().enumerate().any(|(i, v)| values[..i].contains(v));
        if repeated {
            self.fail("uniqueItems", &items);
        }
    }

    /// `minProperties`/`maxProperties`: the properties `value` has as JSON (an absent optional
    /// is left out; a `null` is there), counted as the server will count them.
    pub fn properties<T: serde::Serialize>(&mut self, value: &T, min: Option<usize>, max: Option<usize>) {
        let present = match serde_json::to_value(value) {
            Ok(serde_json::Value::Object(properties)) => properties.len(),
            _ => return,
        };
        if let Some(min) = min.filter(|&min| present < min) {
            self.fail(format!("minProperties {min}"), &present);
        }
        if let Some(max) = max.filter(|&max| present > max) {
            self.fail(format!("maxProperties {max}"), &present);
        }
    }

    /// `enum` on a value that is not a generated enum type: `allowed` holds the values as JSON text.
    pub fn allowed<T: serde::Serialize>(&mut self, value: &T, allowed: &[&str]) {
        let json = serde_json::to_string(value).unwrap_or_default();
        if !allowed.contains(&json.as_str()) {
            self.fail(format!("enum [{}]", allowed.join(", ")), value);
        }
    }

    /// A value of a generated enum that the spec does not list.
    pub fn unknown_variant(&mut self, value: &str, allowed: &[&str]) {
        self.fail(format!("enum [{}]", allowed.join(", ")), &value);
    }

    /// `format`: `ipv4`/`ipv6` by the standard library's parsers; the others by their syntax.
    pub fn format(&mut self, value: &str, format: &str) {
        let valid = match format {
            "ipv4" => value.parse::<std::net::Ipv4Addr>().is_ok(),
            "ipv6" => value.parse::<std::net::Ipv6Addr>().is_ok(),
            "email" => is_email(value),
            "hostname" => is_hostname(value),
            "uri" => is_uri(value),
            _ => true,
        };
        if !valid {
            self.fail(format!("format {format}"), &value);
        }
    }
}

/// `local@domain`, where the domain is a hostname (RFC 5321's common form, no quoted locals).
fn is_email(value: &str) -> bool {
    match value.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !local.contains(char::is_whitespace) && is_hostname(domain)
        }
        None => false,
    }
}

/// RFC 1123: dot-separated labels of letters, digits and inner hyphens, 63 each, 253 in all.
fn is_hostname(value: &str) -> bool {
    let name = value.strip_suffix('.').unwrap_or(value);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

/// RFC 3986: a scheme, a colon, and no characters a URI cannot hold.
fn is_uri(value: &str) -> bool {
    let Some((scheme, rest)) = value.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

/// References and boxes check what they point to.
impl<T: Validate + ?Sized> Validate for &T {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn check(&self, checker: &mut Checker) {
        (**self).check(checker);
    }
}

/// An absent (or `null`) value has nothing to check.
impl<T: Validate> Validate for Option<T> {
    fn check(&self, checker: &mut Checker) {
        if let Some(value) = self {
            value.check(checker);
        }
    }
}

/// Each item is checked at its index.
impl<T: Validate> Validate for [T] {
    fn check(&self, checker: &mut Checker) {
        for (index, item) in self.iter().enumerate() {
            item.check(&mut checker.at(index));
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn check(&self, checker: &mut Checker) {
        self.as_slice().check(checker);
    }
}

/// Each value is checked at its key.
impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn check(&self, checker: &mut Checker) {
        for (key, value) in self {
            value.check(&mut checker.at(key));
        }
    }
}

/// A value that can check the constraints its schema states.
pub trait Validate {
    /// Records every violation in `self` into `checker`.
    fn check(&self, checker: &mut Checker);

    /// Every violation in `self`, or `Ok`.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut checker = Checker::default();
        self.check(&mut checker);
        checker.finish()
    }
}
