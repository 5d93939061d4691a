//! Property test: random OpenAPI-shaped documents never panic the generator; they give files
//! or located errors. (The fuzz target in `fuzz/` covers arbitrary bytes.)

use proptest::prelude::*;
use serde_json::{Map, Value, json};

const NAMES: &[&str] = &["A", "B", "Pet", "pet", "Option", "type", "x-y", "", "Größe", "1st"];

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(NAMES).prop_map(str::to_owned)
}

/// A schema: primitives, objects, arrays, references (some dangling) and compositions.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "pattern": "^[a-z]+$", "maxLength": 3})),
        Just(json!({"type": "string", "pattern": "(?=bad)"})),
        Just(json!({"type": "integer", "minimum": 1, "multipleOf": 2})),
        Just(json!({"type": "number", "nullable": true})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        name().prop_map(|n| json!({"$ref": format!("#/components/schemas/{n}")})),
        prop::collection::vec(name(), 0..4).prop_map(|values| json!({"type": "string", "enum": values})),
    ];
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (prop::collection::btree_map(name(), inner.clone(), 0..4), prop::collection::vec(name(), 0..3))
                .prop_map(
                    |(props, required)| json!({"type": "object", "properties": props, "required": required})
                ),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items, "uniqueItems": true})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|parts| json!({"allOf": parts})),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|parts| json!({"oneOf": parts})),
            (prop::collection::vec(inner, 1..4), name())
                .prop_map(|(parts, tag)| json!({"anyOf": parts, "discriminator": {"propertyName": tag}})),
        ]
    })
}

fn operation() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(name()),
        proptest::option::of(schema()),
        proptest::option::of(schema()),
        any::<bool>(),
    )
        .prop_map(|(id, body, output, text)| {
            let mut op = Map::new();
            if let Some(id) = id {
                op.insert("operationId".into(), json!(id));
            }
            let media = if text { "text/plain" } else { "application/json" };
            if let Some(body) = body {
                op.insert("requestBody".into(), json!({"content": {media: {"schema": body}}}));
            }
            let ok = match output {
                Some(s) => json!({"description": "ok", "content": {"application/json": {"schema": s}}}),
                None => json!({"description": "ok"}),
            };
            op.insert("responses".into(), json!({"200": ok}));
            op.insert(
                "parameters".into(),
                json!([{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}]),
            );
            Value::Object(op)
        })
}

fn document() -> impl Strategy<Value = Value> {
    let paths = prop::collection::btree_map(
        prop::sample::select(&["/a/{id}", "/b/{id}", "/{id}", "/c/{id}/{id}"][..]).prop_map(str::to_owned),
        (prop::sample::select(&["get", "put", "post", "delete"][..]), operation()),
        0..4,
    );
    (paths, prop::collection::btree_map(name(), schema(), 0..6)).prop_map(|(paths, schemas)| {
        let paths: Map<String, Value> = paths.into_iter().map(|(p, (m, op))| (p, json!({m: op}))).collect();
        json!({"openapi": "3.0.3", "info": {"title": "Random", "version": "1"}, "paths": paths,
               "components": {"schemas": schemas}})
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_specs_give_files_or_located_errors(doc in document(), as_yaml in any::<bool>()) {
        let (file, text) = if as_yaml {
            ("random.yaml", serde_yaml::to_string(&doc).unwrap())
        } else {
            ("random.json", serde_json::to_string_pretty(&doc).unwrap())
        };
        match generator::generate(file, &text, &generator::Settings::default()) {
            Ok((files, _)) => {
                prop_assert!(files.iter().any(|f| f.path == "src/types.rs"));
                for f in &files {
                    prop_assert!(f.contents.contains("@generated"), "{} has no header", f.path);
                    prop_assert!(!f.contents.contains("generator bug"), "{} did not parse:\n{}", f.path, f.contents);
                }
            }
            Err(diagnostics) => {
                prop_assert!(diagnostics.has_errors());
                for d in &diagnostics.items {
                    prop_assert_eq!(&d.file, file);
                    prop_assert!(d.pointer.is_empty() || d.pointer.starts_with('/'), "{}", d);
                    prop_assert!(!d.message.is_empty());
                }
            }
        }
    }
}
