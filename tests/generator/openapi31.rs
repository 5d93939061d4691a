//! OpenAPI 3.1 input (the `openapi31` fixture): what its JSON Schema keywords become, references
//! into other schemas and into `paths`, webhooks, and ECMA-262 patterns, matched as `jsonschema`
//! (an independent ECMA-262 implementation) matches them.

use open_api_31_fixture::runtime::operation::Operation;
use open_api_31_fixture::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use std::sync::LazyLock;

use crate::support::root;

#[test]
fn type_lists_const_and_exclusive_bounds_are_typed_and_checked() {
    let item: Item = serde_json::from_value(json!({
        "id": 1, "name": "Widget", "kind": "item", "price": null, "size": 3, "point": [1.5, 2.5],
        "parent": null, "thumbnail": "aGk=", "tags": [{"name": "t"}],
    }))
    .unwrap();
    assert_eq!(item.kind, ItemKind::Item);
    assert_eq!(item.price, Some(None), "`type: [number, 'null']` reads `null` as such");
    assert_eq!(item.size, Some(ItemSize::Integer(3)));
    assert_eq!(item.point, Some(vec![1.5, 2.5]));
    assert_eq!(item.thumbnail.as_ref().unwrap().as_bytes(), b"hi", "`contentEncoding: base64` is bytes");
    assert!(item.validate().is_ok());
    for (field, value) in
        [("price", json!(0)), ("price", json!(1_000_000)), ("id", json!(0)), ("point", json!([1, 2, 3]))]
    {
        let mut bad = json!({"id": 1, "name": "n", "kind": "item"});
        bad[field] = value.clone();
        let bad: Item = serde_json::from_value(bad).unwrap();
        let errors = bad.validate().unwrap_err().to_string();
        assert!(errors.contains(field), "{field} = {value}: {errors}");
    }
    // `exclusiveMinimum: 0` on a path parameter.
    assert!(GetItem { item_id: 0, q: None }.to_request("https://v31.example.com").is_err());
    let request = GetItem { item_id: 1, q: Some("x") }.to_request("https://v31.example.com").unwrap();
    assert_eq!(request.uri(), "https://v31.example.com/items/1?q=x");
}

#[test]
fn references_into_schemas_and_paths_resolve_to_types_named_from_their_place() {
    // `#/components/schemas/Disk/properties/filesystem` is the enum `DiskFilesystem`, the type
    // the `Disk` struct's field has too; `#/paths/…/parameters/1` is the same query parameter.
    let disk: Disk = serde_json::from_value(json!({"filesystem": "xfs", "$defs_user": 7})).unwrap();
    assert_eq!(disk.filesystem, Some(DiskFilesystem::Xfs));
    assert_eq!(disk.defs_user, Some(7));
    let tag = GetTag { q: Some("a b"), name: "n" }.to_request("https://v31.example.com").unwrap();
    assert_eq!(tag.uri(), "https://v31.example.com/tags/n?q=a%20b");
    let response = http::Response::builder().status(200).body(br#""ext4""#.to_vec()).unwrap();
    assert_eq!(GetTag::parse_response(response).unwrap(), DiskFilesystem::Ext4);
}

#[test]
fn webhook_payloads_are_types_and_operations_without_responses_return_nothing() {
    let payload: ItemCreatedWebhook = serde_json::from_value(json!({"id": 4, "at": null})).unwrap();
    assert_eq!(payload.id, 4);
    assert_eq!(payload.at, Some(None));
    let response = http::Response::builder().status(204).body(Vec::new()).unwrap();
    DeleteItem { item_id: 4 }.to_request("https://v31.example.com").unwrap();
    let () = DeleteItem::parse_response(response).unwrap();
}

/// The fixture's `Patterns` schema, and a `jsonschema` (draft 2020-12) validator per property.
static ORACLES: LazyLock<Vec<(String, String, jsonschema::Validator)>> = LazyLock::new(|| {
    let text = std::fs::read_to_string(root().join("tests/fixtures/specs/openapi31.yaml")).unwrap();
    // serde_yaml reads no integer beyond 64 bits into a JSON value; that property has no pattern.
    let text: String =
        text.lines().filter(|line| !line.contains("big:")).map(|line| format!("{line}\n")).collect();
    let spec: Value = serde_yaml::from_str(&text).unwrap();
    let properties = spec["components"]["schemas"]["Patterns"]["properties"].as_object().unwrap().clone();
    let properties = properties.into_iter().chain([
        ("slug".to_owned(), spec["components"]["schemas"]["Item"]["properties"]["slug"].clone()),
        ("code".to_owned(), spec["components"]["schemas"]["Item"]["properties"]["code"].clone()),
    ]);
    properties
        .map(|(name, schema)| {
            let pattern = schema["pattern"].as_str().unwrap().to_owned();
            let validator = jsonschema::draft202012::options().offline().build(&schema).unwrap();
            (name, pattern, validator)
        })
        .collect()
});

/// Whether the generated code accepts `value` for the property `name`.
fn generated_accepts(name: &str, value: &str) -> bool {
    if name == "slug" || name == "code" {
        let item: Item =
            serde_json::from_value(json!({"id": 1, "name": "n", "kind": "item", name: value})).unwrap();
        return item.validate().is_ok();
    }
    let patterns: Patterns = serde_json::from_value(json!({ name: value })).unwrap();
    patterns.validate().is_ok()
}

#[test]
fn ecma_patterns_match_as_ecma_262_says() {
    let cases: &[(&str, &str, bool)] = &[
        ("lookahead", "..", false),
        ("lookahead", "a.b", true),
        ("lookbehind", "xy", false),
        ("lookbehind", "ay", true),
        ("backreference", "aa", true),
        ("backreference", "ab", false),
        // ECMA's `\d` and `\w` are ASCII: Arabic-Indic digits and accented letters are not.
        ("digits", "١٢٣", false),
        ("digits", "123", true),
        ("word", "é", false),
        ("space", "a\u{a0}b", true),
        ("space", "a\u{85}b", false),
        ("dot", "\u{2028}", false),
        ("dot", "é", true),
        ("letters", "Größe", true),
        ("annex_b", "a-b", true),
        ("counted", "a.b.", true),
        ("decimal", "-.", false),
        ("decimal", "-0.5", true),
        ("slug", "-x", false),
        ("code", "123-x", true),
        ("code", "١٢٣-x", false),
    ];
    for &(name, value, expected) in cases {
        assert_eq!(generated_accepts(name, value), expected, "{name} on {value:?}");
        let (_, pattern, oracle) = ORACLES.iter().find(|(n, ..)| n == name).unwrap();
        assert_eq!(oracle.is_valid(&json!(value)), expected, "jsonschema: {pattern} on {value:?}");
    }
}

/// Patterns where `jsonschema` reads a class or boundary as Unicode, not as ECMA-262's ASCII
/// (`\d`, `\w` in look-around patterns it hands to `fancy-regex`; `\b`): on non-ASCII text,
/// `regress` (an ECMA-262 engine) is the oracle there instead.
const UNICODE_IN_JSONSCHEMA: &[&str] =
    &["lookahead", "lookbehind", "backreference", "decimal", "slug", "boundary"];

#[test]
fn jsonschema_reads_some_classes_as_unicode_where_ecma_262_reads_ascii() {
    // ECMA-262's `\d` is `[0-9]`, `u` flag or not: "١" (ARABIC-INDIC DIGIT ONE) is no digit.
    let ecma = regress::Regex::with_flags(r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$", "u").unwrap();
    assert!(ecma.find("١").is_none());
    assert!(!generated_accepts("decimal", "١"));
    let (_, _, oracle) = ORACLES.iter().find(|(n, ..)| n == "decimal").unwrap();
    assert!(
        oracle.is_valid(&json!("١")),
        "jsonschema now agrees with ECMA-262: update UNICODE_IN_JSONSCHEMA"
    );
    // ECMA-262's `\b` is between an ASCII word character and anything else: "é" is not one.
    assert!(generated_accepts("boundary", "éab"));
    let (_, _, oracle) = ORACLES.iter().find(|(n, ..)| n == "boundary").unwrap();
    assert!(
        !oracle.is_valid(&json!("éab")),
        "jsonschema now agrees with ECMA-262: update UNICODE_IN_JSONSCHEMA"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn every_pattern_agrees_with_jsonschema(value in "[abxy_.\\-+@0-9١٢éßA-Z \\t\\n\u{a0}\u{2028}\u{85}]{0,10}") {
        for (name, pattern, oracle) in ORACLES.iter() {
            let expected = if UNICODE_IN_JSONSCHEMA.contains(&name.as_str()) && !value.is_ascii() {
                regress::Regex::with_flags(pattern, "u").unwrap().find(&value).is_some()
            } else {
                oracle.is_valid(&json!(value))
            };
            prop_assert_eq!(generated_accepts(name, &value), expected, "{} ({}) on {:?}", name, pattern, value);
        }
    }
}
