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

/// Walks a value, collecting violations under a JSON pointer that follows the walk.
#[derive(Debug, Default)]
pub struct Checker {
    pointer: String,
    found: Vec<Violation>,
}

impl Checker {
    /// Runs `check` one level down, at `segment` (a property name or an index).
    pub fn at(&mut self, segment: impl fmt::Display, check: impl FnOnce(&mut Self)) {
        let len = self.pointer.len();
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        self.pointer.push('/');
        self.pointer.push_str(&segment);
        check(self);
        self.pointer.truncate(len);
    }

    /// Records that the value here broke `rule`.
    pub fn fail(&mut self, rule: impl Into<String>, value: &impl serde::Serialize) {
        let json = serde_json::to_string(value).unwrap_or_else(|_| "?".to_owned());
        let value = match json.char_indices().nth(VALUE_LIMIT) {
            Some((cut, _)) => format!("{}…", &json[..cut]),
            None => json,
        };
        self.found.push(Violation { pointer: self.pointer.clone(), rule: rule.into(), value });
    }

    /// `Ok` when nothing was recorded.
    pub fn finish(self) -> Result<(), ValidationErrors> {
        if self.found.is_empty() { Ok(()) } else { Err(ValidationErrors { violations: self.found }) }
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
