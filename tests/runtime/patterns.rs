//! The generated `pattern` matcher (a DFA where it can, the meta engine where it cannot)
//! agrees with the `regex` crate on every pattern kind and on random values.

use cloudflare_zero_trust_organization::runtime::pattern::Pattern;
use proptest::prelude::*;

/// Anchored and not, alternations, the spec's duration patterns, Unicode classes and case
/// folding, and word boundaries (which a DFA cannot take, so they use the fallback).
static PATTERNS: [Pattern; 14] = [
    Pattern::new("^(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mh])+$"),
    Pattern::new("^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$"),
    Pattern::new("[a-z]+"),
    Pattern::new(""),
    Pattern::new("^$"),
    Pattern::new("preview|production"),
    Pattern::new("\\bab\\b"),
    Pattern::new("^\\w+$"),
    Pattern::new("(?i)straße"),
    Pattern::new("^\\p{L}{2,5}$"),
    Pattern::new("x$"),
    Pattern::new("^a"),
    Pattern::new("é+"),
    Pattern::new("(?m)^b$"),
];

/// The same patterns compiled by the `regex` crate, once.
static ORACLES: std::sync::LazyLock<Vec<regex::Regex>> = std::sync::LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|p| regex::Regex::new(p.as_str()).expect("every pattern in the table compiles"))
        .collect()
});

#[test]
fn known_values_match_as_the_spec_means() {
    let cases: &[(usize, &str, bool)] = &[
        (0, "24h", true),
        (0, "1.5m", true),
        (0, "24", false),
        (0, "24h ", false),
        (1, "-1.5µs", true),
        (1, "0", true),
        (1, "730h", true),
        (1, "7d", false),
        (2, "12a34", true),
        (2, "1234", false),
        (3, "", true),
        (4, "", true),
        (4, "a", false),
        (6, "x ab y", true),
        (6, "xab", false),
        (8, "STRASSE", false),
        (8, "STRAẞE", true),
        (9, "Größe", true),
        (13, "a\nb\nc", true),
    ];
    for &(index, value, expected) in cases {
        let pattern = &PATTERNS[index];
        assert_eq!(pattern.is_match(value), expected, "{} on {value:?}", pattern.as_str());
        assert_eq!(ORACLES[index].is_match(value), expected, "the oracle: {} on {value:?}", pattern.as_str());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_pattern_agrees_with_the_regex_crate(value in "[0-9.mhnsuµμ+\\- abxzé_ßẞ\\n]{0,12}") {
        for (pattern, oracle) in PATTERNS.iter().zip(ORACLES.iter()) {
            prop_assert_eq!(pattern.is_match(&value), oracle.is_match(&value), "{} on {:?}", pattern.as_str(), value);
        }
    }
}
