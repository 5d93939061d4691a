//! Split crates: which types go to the models crate, that it never names the client crate's,
//! that nothing is lost or doubled against a flat crate, when a crate is split by default, and
//! that switching back to flat removes the models crate.

use crate::random_specs::{document, recursive_document};
use crate::support::{fixture, scratch_dir};
use generator::output::{Mode, write_crate};
use generator::{GeneratedFile, LayoutChoice, Settings};
use proptest::prelude::*;
use std::collections::BTreeSet;
use syn::visit::Visit;

const MODELS_TYPES: &str = "models/src/types.rs";

fn generate(name: &str, text: &str, layout: LayoutChoice) -> Vec<GeneratedFile> {
    let settings = Settings { layout, examples: false, ..Settings::default() };
    generator::generate(name, text, &settings).unwrap_or_else(|d| panic!("{name}: {d}")).0
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> Option<&'a str> {
    files.iter().find(|f| f.path == path).map(|f| f.contents.as_str())
}

/// The types, enums and aliases a module defines.
fn defined(source: &str) -> BTreeSet<String> {
    let file = syn::parse_file(source).expect("generated code parses");
    let names = file.items.iter().filter_map(|item| match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    });
    names.collect()
}

/// The first segment of every path a file writes: every type it names bare (`Book`,
/// `Option<Author>`, `Author::new`); a variant's path starts with its enum or `Self`. Less the
/// file's generic parameters (`A: MapAccess`), which a spec's type may share a name with.
fn named(source: &str) -> BTreeSet<String> {
    #[derive(Default)]
    struct Paths {
        first_segments: BTreeSet<String>,
        generics: BTreeSet<String>,
    }
    impl<'ast> Visit<'ast> for Paths {
        fn visit_path(&mut self, path: &'ast syn::Path) {
            if let Some(first) = path.segments.first() {
                self.first_segments.insert(first.ident.to_string());
            }
            syn::visit::visit_path(self, path);
        }
        fn visit_type_param(&mut self, param: &'ast syn::TypeParam) {
            self.generics.insert(param.ident.to_string());
            syn::visit::visit_type_param(self, param);
        }
    }
    let mut paths = Paths::default();
    paths.visit_file(&syn::parse_file(source).expect("generated code parses"));
    paths.first_segments.difference(&paths.generics).cloned().collect()
}

/// What a split crate must hold, against the same spec generated flat: the two crates' types
/// together are the flat crate's, none in both; no file of the models crate names a type of
/// the client crate's.
fn check_split(name: &str, text: &str) -> Result<(), String> {
    let split = generate(name, text, LayoutChoice::Split);
    let flat = generate(name, text, LayoutChoice::Flat);
    let models = defined(file(&split, MODELS_TYPES).ok_or("no models crate")?);
    let client = defined(file(&split, "src/types.rs").ok_or("no client types")?);
    let both: Vec<&String> = models.intersection(&client).collect();
    if !both.is_empty() {
        return Err(format!("{both:?} are in both crates"));
    }
    let together: BTreeSet<String> = models.union(&client).cloned().collect();
    if together != defined(file(&flat, "src/types.rs").expect("a flat crate has types")) {
        return Err("the two crates' types are not the flat crate's".to_owned());
    }
    // The runtime's copy is verbatim: it never names a generated type (ARCHITECTURE.md).
    let generated = |f: &&GeneratedFile| f.path.starts_with("models/src/") && !f.path.contains("/runtime/");
    for f in split.iter().filter(generated) {
        let reaching: Vec<String> = named(&f.contents).into_iter().filter(|n| client.contains(n)).collect();
        if !reaching.is_empty() {
            return Err(format!("{} names the client crate's {reaching:?}", f.path));
        }
    }
    Ok(())
}

#[test]
fn what_responses_reach_and_unused_schemas_go_to_the_models_crate() {
    let files = generate("split.yaml", &fixture("specs/split.yaml"), LayoutChoice::Split);
    let models = defined(file(&files, MODELS_TYPES).unwrap());
    let client = defined(file(&files, "src/types.rs").unwrap());
    // `Edition` and `Printing` are used by a request, and reached by the unused `Reprint`.
    let expected_models = ["Author", "Book", "Cover", "Edition", "Format", "Image", "Printing", "Reprint"];
    assert_eq!(models, expected_models.map(String::from).into());
    assert_eq!(client, ["BookPatch", "Donation", "NewBook", "Purchase", "Source"].map(String::from).into());
    assert!(file(&files, "models/Cargo.toml").unwrap().contains("name = \"library-fixture-models\""));
    let client_types = file(&files, "src/types.rs").unwrap();
    assert!(client_types.contains("pub use ::library_fixture_models::types::*;"), "{client_types}");
}

#[test]
fn every_fixture_splits_into_two_crates_that_hold_the_flat_crates_types() {
    let specs = std::fs::read_dir(crate::support::root().join("tests/fixtures/specs")).unwrap();
    let mut checked = 0;
    for entry in specs.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(entry.path()).unwrap();
        check_split(&name, &text).unwrap_or_else(|problem| panic!("{name}: {problem}"));
        checked += 1;
    }
    assert!(checked >= 11, "only {checked} fixtures");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_specs_split_into_two_crates_that_hold_the_flat_crates_types(
        random in document(),
        recursive in recursive_document(3),
    ) {
        for doc in [random, recursive] {
            let text = serde_json::to_string(&doc).unwrap();
            // A spec the generator refuses is another test's business.
            if generator::generate("random.json", &text, &Settings::default()).is_err() {
                continue;
            }
            if let Err(problem) = check_split("random.json", &text) {
                prop_assert!(false, "{problem}\n{text}");
            }
        }
    }
}

/// A spec with `count` object schemas: one the operation's response, with a property for each
/// of the others.
fn spec_with_types(count: usize) -> String {
    let item = serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let mut schemas: serde_json::Map<String, serde_json::Value> =
        (1..count).map(|i| (format!("T{i}"), item.clone())).collect();
    let properties: serde_json::Map<String, serde_json::Value> = (1..count)
        .map(|i| (format!("p{i}"), serde_json::json!({"$ref": format!("#/components/schemas/T{i}")})))
        .collect();
    schemas.insert("T0".to_owned(), serde_json::json!({"type": "object", "properties": properties}));
    let ok = serde_json::json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T0"}}}});
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Many", "version": "1"},
        "paths": {"/t": {"get": {"operationId": "getT", "responses": {"200": ok}}}},
        "components": {"schemas": schemas},
    })
    .to_string()
}

#[test]
fn flat_crates_split_by_default_from_so_many_types_and_never_when_asked_flat() {
    let from = generator::SPLIT_FROM_TYPES;
    let cases = [
        (from - 1, LayoutChoice::Grouped, false),
        (from, LayoutChoice::Grouped, true),
        (from, LayoutChoice::Flat, false),
        (1, LayoutChoice::Split, true),
    ];
    for (count, layout, split) in cases {
        let files = generate("many.json", &spec_with_types(count), layout);
        assert_eq!(file(&files, "models/Cargo.toml").is_some(), split, "{count} types, {layout:?}");
        let manifest = file(&files, "Cargo.toml").unwrap();
        assert_eq!(manifest.contains("many-models = {"), split, "{manifest}");
    }
}

#[test]
fn generating_flat_over_a_split_crate_removes_the_models_crate() {
    let dir = scratch_dir("split-then-flat");
    let text = fixture("specs/split.yaml");
    let split = generate("split.yaml", &text, LayoutChoice::Split);
    write_crate(&dir, &split, Mode::Write, false).unwrap();
    assert!(dir.join("models/src/types.rs").is_file());
    let report =
        write_crate(&dir, &generate("split.yaml", &text, LayoutChoice::Flat), Mode::Write, false).unwrap();
    let models_files = split.iter().filter(|f| f.path.starts_with("models/")).count();
    let removed: Vec<&String> = report.removed.iter().filter(|p| p.starts_with("models/")).collect();
    assert_eq!(removed.len(), models_files, "{removed:?}");
    assert!(!dir.join("models/src/types.rs").exists());
}
