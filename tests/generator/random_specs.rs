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

pub(crate) fn document() -> impl Strategy<Value = Value> {
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

/// A value's schema at the leaves of a recursive group.
fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "integer", "minimum": 0})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "string", "enum": ["x", "y"]})),
        Just(json!({"type": "number", "nullable": true})),
    ]
}

/// How a schema refers back to the group's root: through an array, a map, an optional property
/// or a nullable one (each a cycle that can be typed).
fn back_reference(root: String) -> impl Strategy<Value = Value> {
    let to = json!({"$ref": format!("#/components/schemas/{root}")});
    prop_oneof![
        Just(json!({"type": "array", "items": to.clone()})),
        Just(json!({"type": "object", "additionalProperties": to.clone()})),
        Just(to.clone()),
        Just(json!({"allOf": [to], "nullable": true})),
    ]
}

fn reference(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// An inheritance hierarchy as Java generators write it: the base lists its subtypes in
/// `oneOf` (with shared properties and a discriminator, or without), and each subtype is an
/// `allOf` of the base and its own properties, one of which may hold the base again.
fn hierarchy(prefix: String) -> impl Strategy<Value = (String, Map<String, Value>)> {
    (
        1..4usize,
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((leaf(), back_reference(format!("{prefix}Base"))), 4),
    )
        .prop_map(move |(count, shared, tagged, parts)| {
            let base = format!("{prefix}Base");
            let subs: Vec<String> = (0..count).map(|i| format!("{prefix}Sub{i}")).collect();
            let mut schemas = Map::new();
            let mut base_schema = json!({"oneOf": subs.iter().map(|s| reference(s)).collect::<Vec<_>>()});
            if shared {
                base_schema["type"] = json!("object");
                base_schema["properties"] = json!({"id": {"type": "string"}});
            }
            if tagged {
                base_schema["discriminator"] = json!({"propertyName": "kind"});
            }
            schemas.insert(base.clone(), base_schema);
            for (i, sub) in subs.iter().enumerate() {
                let (value, again) = parts[i].clone();
                let own = json!({"type": "object", "required": ["kind"], "properties": {
                    "kind": {"type": "string", "enum": [sub]}, "value": value, "again": again}});
                schemas.insert(sub.clone(), json!({"allOf": [reference(&base), own]}));
            }
            (base, schemas)
        })
}

/// A design tool's node tree: node types are `allOf` of traits, and a trait's `children` are
/// nodes again.
fn node_tree(prefix: String) -> impl Strategy<Value = (String, Map<String, Value>)> {
    (1..4usize, leaf()).prop_map(move |(count, value)| {
        let node = format!("{prefix}Node");
        let (traits, layer, parent) = (format!("{prefix}Traits"), format!("{prefix}Layer"), format!("{prefix}Parent"));
        let kinds: Vec<String> = (0..count).map(|i| format!("{prefix}Kind{i}")).collect();
        let mut schemas = Map::new();
        schemas.insert(node.clone(), json!({"oneOf": kinds.iter().map(|k| reference(k)).collect::<Vec<_>>()}));
        for kind in &kinds {
            let tag = json!({"type": "object", "required": ["type"], "properties": {"type": {"type": "string", "enum": [kind]}}});
            schemas.insert(kind.clone(), json!({"allOf": [tag, reference(&traits)]}));
        }
        schemas.insert(traits.clone(), json!({"allOf": [reference(&layer), reference(&parent)]}));
        schemas.insert(layer, json!({"type": "object", "properties": {"value": value}}));
        schemas.insert(
            parent,
            json!({"type": "object", "required": ["children"], "properties": {"children": {"type": "array", "items": reference(&node)}}}),
        );
        (node, schemas)
    })
}

/// A type system: a union of a primitive and `const`-tagged types whose members hold the union
/// again, and a schema that extends one of them.
fn type_system(prefix: String) -> impl Strategy<Value = (String, Map<String, Value>)> {
    back_reference(format!("{prefix}Type")).prop_map(move |extra| {
        let names = ["Type", "Struct", "Field", "List", "Map", "Table"].map(|n| format!("{prefix}{n}"));
        let [ty, strukt, field, list, map, table] = names.clone();
        let tagged = |tag: &str, properties: Value| {
            let mut properties = properties;
            properties["type"] = json!({"type": "string", "enum": [tag]});
            let required: Vec<String> = properties.as_object().unwrap().keys().cloned().collect();
            json!({"type": "object", "required": required, "properties": properties})
        };
        let mut schemas = Map::new();
        schemas.insert(
            ty.clone(),
            json!({"oneOf": [{"type": "string"}, reference(&strukt), reference(&list), reference(&map)]}),
        );
        schemas.insert(strukt.clone(), tagged("struct", json!({"fields": {"type": "array", "items": reference(&field)}})));
        schemas.insert(field, json!({"type": "object", "required": ["name", "type"], "properties": {"name": {"type": "string"}, "type": reference(&ty), "extra": extra}}));
        schemas.insert(list, tagged("list", json!({"element": reference(&ty)})));
        schemas.insert(map, tagged("map", json!({"key": reference(&ty), "value": reference(&ty)})));
        schemas.insert(table, json!({"allOf": [reference(&strukt), {"type": "object", "properties": {"id": {"type": "integer"}}}]}));
        (ty, schemas)
    })
}

/// One recursive group of the three shapes real documents have, its names prefixed.
fn recursive_group(prefix: String) -> BoxedStrategy<(String, Map<String, Value>)> {
    prop_oneof![hierarchy(prefix.clone()), node_tree(prefix.clone()), type_system(prefix)].boxed()
}

/// A document of `groups` recursive groups, each root read by a `GET` and written by a `PUT`.
pub(crate) fn recursive_document(groups: usize) -> impl Strategy<Value = Value> {
    let groups: Vec<_> = (0..groups).map(|i| recursive_group(format!("G{i}"))).collect();
    groups.prop_map(|groups| {
        let (mut paths, mut schemas) = (Map::new(), Map::new());
        for (root, group) in groups {
            let body = json!({"content": {"application/json": {"schema": reference(&root)}}});
            paths.insert(format!("/{}", root.to_lowercase()), json!({
                "get": {"operationId": format!("get{root}"), "responses": {"200": {"description": "ok", "content": body["content"]}}},
                "put": {"operationId": format!("put{root}"), "requestBody": body, "responses": {"204": {"description": "ok"}}},
            }));
            schemas.extend(group);
        }
        json!({"openapi": "3.0.3", "info": {"title": "Recursive", "version": "1"}, "paths": paths,
               "components": {"schemas": schemas}})
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Recursive groups of every shape, with random schemas mixed in: the groups always
    /// generate (every cycle in them passes through a value), and whatever the random part
    /// does, lowering ends within its budget and says each thing once.
    #[test]
    fn recursive_specs_generate_within_the_budget(recursive in recursive_document(3), random in document()) {
        let text = serde_json::to_string(&recursive).unwrap();
        let (files, _) = generator::generate("recursive.json", &text, &generator::Settings::default())
            .map_err(|d| TestCaseError::fail(format!("{d}\n{text}")))?;
        prop_assert!(files.iter().any(|f| f.path == "src/types.rs"));

        let mut mixed = random;
        let schemas = mixed["components"]["schemas"].as_object_mut().unwrap();
        schemas.extend(recursive["components"]["schemas"].as_object().unwrap().clone());
        let text = serde_json::to_string(&mixed).unwrap();
        if let Err(diagnostics) = generator::generate("mixed.json", &text, &generator::Settings::default()) {
            let lines: Vec<String> = diagnostics.items.iter().map(ToString::to_string).collect();
            let unique: std::collections::BTreeSet<&String> = lines.iter().collect();
            prop_assert_eq!(unique.len(), lines.len(), "each diagnostic once");
            prop_assert!(!lines.iter().any(|l| l.contains("expand beyond")), "{}", lines.join("\n"));
        }
    }
}

/// A sample of random recursive documents (fixed seeds) builds, and values sampled from the
/// spec round-trip through it: `scripts/conformance.sh` on one document of their groups.
#[test]
fn random_recursive_specs_build_and_round_trip() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[31; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let document = recursive_document(8).new_tree(&mut runner).unwrap().current();
    let dir = crate::support::scratch_dir("random-recursive");
    let spec = dir.join("random-recursive.yaml");
    let text = serde_yaml::to_string(&document).unwrap();
    std::fs::write(&spec, &text).unwrap();
    // The client as the script would generate it: flat, no examples, a crate of its own.
    let settings = generator::Settings {
        crate_name: Some("conformance-client".to_owned()),
        layout: generator::LayoutChoice::Flat,
        examples: false,
        ..generator::Settings::default()
    };
    let (files, _) = generator::generate("random-recursive.yaml", &text, &settings).unwrap();
    generator::output::write_crate(&dir.join("client"), &files, generator::output::Mode::Write, false)
        .unwrap();
    let root = crate::support::root();
    let output = std::process::Command::new(root.join("scripts/conformance.sh"))
        .arg(&spec)
        .args(["--cases", "24"])
        .env("CONFORMANCE_CLIENT", dir.join("client"))
        .env("CONFORMANCE_TARGET_DIR", root.join("target/generated-crates"))
        .output()
        .expect("run scripts/conformance.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(" 0 failures, 0 unsampled, 0 skipped"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
