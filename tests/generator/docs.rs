//! Doc comments as readers see them: the generated crates' docs rendered as CommonMark (what
//! rustdoc does), checking that every pattern of the spec shows exactly as the spec writes it.

use crate::support::root;
use pulldown_cmark::{Event, Parser};
use std::path::Path;

/// Every `pattern` value in a YAML spec, at any depth.
fn spec_patterns(spec: &Path) -> Vec<String> {
    fn walk(value: &serde_yaml::Value, found: &mut Vec<String>) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                for (key, value) in map {
                    match (key.as_str(), value.as_str()) {
                        (Some("pattern"), Some(pattern)) => found.push(pattern.to_owned()),
                        _ => walk(value, found),
                    }
                }
            }
            serde_yaml::Value::Sequence(items) => items.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(spec).unwrap();
    let mut found = Vec::new();
    walk(&serde_yaml::from_str(&text).unwrap(), &mut found);
    found
}

/// The patterns that doc comments under `dir` state ("matches the pattern `…`"), as rendered:
/// the code span after that text in each doc block (consecutive `///` lines).
fn documented_patterns(dir: &Path) -> Vec<String> {
    let mut patterns = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            patterns.extend(documented_patterns(&path));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let mut block: Vec<&str> = Vec::new();
        for line in source.lines().chain([""]) {
            match line.trim_start().strip_prefix("///") {
                Some(doc) => block.push(doc.strip_prefix(' ').unwrap_or(doc)),
                None if !block.is_empty() => {
                    let mut after_words = false;
                    for event in Parser::new(&block.join("\n")) {
                        match event {
                            Event::Code(code) if after_words => patterns.push(code.into_string()),
                            Event::Text(text) => after_words = text.ends_with("matches the pattern "),
                            _ => after_words = false,
                        }
                    }
                    block.clear();
                }
                None => {}
            }
        }
    }
    patterns
}

#[test]
fn patterns_render_in_docs_as_the_spec_writes_them() {
    for (spec, crate_dir) in [
        ("spec/zero-trust-organization.yaml", "generated/src"),
        ("tests/fixtures/specs/constraints.yaml", "tests/fixtures/golden/constraints/src"),
    ] {
        let mut in_spec = spec_patterns(&root().join(spec));
        let mut in_docs = documented_patterns(&root().join(crate_dir));
        assert!(!in_spec.is_empty(), "{spec} has patterns to check");
        for pattern in &in_docs {
            assert!(
                in_spec.contains(pattern),
                "{crate_dir}: a doc shows {pattern:?}, not a pattern of {spec}"
            );
        }
        in_spec.sort();
        in_spec.dedup();
        in_docs.sort();
        in_docs.dedup();
        assert_eq!(in_docs, in_spec, "{crate_dir}: every pattern is documented");
    }
}
