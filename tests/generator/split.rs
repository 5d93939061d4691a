//! Split crates: which types go to the models crate, that it never names the client crate's,
//! that nothing is lost or doubled against a flat crate, when a crate is split by default, and
//! that switching back to flat removes the models crate.

use crate::random_specs::{document, recursive_document};
use crate::support::{fixture, scratch_dir};
use generator::output::{Mode, write_crate};
use generator::{GeneratedFile, LayoutChoice, Settings};
use proptest::prelude::*;
use quote::ToTokens;
use std::collections::{BTreeMap, BTreeSet};
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
    homes(source, "").into_keys().collect()
}

/// The types, enums and aliases a module defines, each with the module (`module`) and the
/// `#[cfg]` it is compiled under.
fn homes(source: &str, module: &str) -> BTreeMap<String, (String, String)> {
    let file = syn::parse_file(source).expect("generated code parses");
    let named = file.items.iter().filter_map(|item| match item {
        syn::Item::Struct(s) => Some((&s.ident, &s.attrs)),
        syn::Item::Enum(e) => Some((&e.ident, &e.attrs)),
        syn::Item::Type(t) => Some((&t.ident, &t.attrs)),
        _ => None,
    });
    let cfg = |attrs: &[syn::Attribute]| {
        let cfgs = attrs.iter().filter(|a| a.path().is_ident("cfg"));
        cfgs.map(|a| a.to_token_stream().to_string()).collect::<Vec<_>>().join(" ")
    };
    named.map(|(ident, attrs)| (ident.to_string(), (module.to_owned(), cfg(attrs)))).collect()
}

/// Every type a crate's `types` module and its submodules define (`root`: `src` or
/// `models/src`), with its module (`types` or `types/<group>`) and `#[cfg]`.
fn crate_types(files: &[GeneratedFile], root: &str) -> BTreeMap<String, (String, String)> {
    let in_types = |f: &&GeneratedFile| {
        let path = f.path.strip_prefix(root).and_then(|p| p.strip_prefix('/'));
        path.is_some_and(|p| p == "types.rs" || p.starts_with("types/"))
    };
    let module = |f: &GeneratedFile| f.path[root.len() + 1..].trim_end_matches(".rs").to_owned();
    files.iter().filter(in_types).flat_map(|f| homes(&f.contents, &module(f))).collect()
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

/// What a split crate must hold, against the same spec generated as one crate (grouped when it
/// has tags, else flat): the two crates' types together are the one crate's, none in both, each
/// in the same module under the same `#[cfg]`; no file of the models crate names a type of the
/// client crate's.
fn check_split(name: &str, text: &str) -> Result<(), String> {
    let split = generate(name, text, LayoutChoice::Split);
    let whole = generate(name, text, LayoutChoice::Grouped);
    if file(&split, "models/Cargo.toml").is_none() {
        return Err("no models crate".to_owned());
    }
    if file(&whole, "models/Cargo.toml").is_some() {
        return Err(format!("{name} is split by default; the check needs it whole"));
    }
    let models = crate_types(&split, "models/src");
    let client = crate_types(&split, "src");
    let both: Vec<&String> = models.keys().filter(|name| client.contains_key(*name)).collect();
    if !both.is_empty() {
        return Err(format!("{both:?} are in both crates"));
    }
    let together: BTreeMap<String, (String, String)> = models.into_iter().chain(client.clone()).collect();
    let one_crate = crate_types(&whole, "src");
    if together != one_crate {
        let moved: Vec<_> =
            together.iter().filter(|(name, home)| one_crate.get(*name) != Some(*home)).collect();
        return Err(format!("the two crates' types are not the one crate's: {moved:?}"));
    }
    let client: BTreeSet<String> = client.into_keys().collect();
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
    fn random_specs_split_into_two_crates_that_hold_the_one_crates_types(
        random in document(),
        recursive in recursive_document(3),
    ) {
        let tagged = [with_tags(&random), with_tags(&recursive)];
        for doc in [random, recursive].into_iter().chain(tagged) {
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

/// The document with its operations tagged `a`, `b`, `c` in turn, so that it is grouped.
fn with_tags(doc: &serde_json::Value) -> serde_json::Value {
    let mut doc = doc.clone();
    let operations = doc["paths"].as_object_mut().into_iter().flat_map(|paths| paths.values_mut());
    let operations =
        operations.filter_map(serde_json::Value::as_object_mut).flat_map(|item| item.values_mut());
    for (index, operation) in operations.filter_map(serde_json::Value::as_object_mut).enumerate() {
        if operation.contains_key("responses") {
            let tag = ["a", "b", "c"][index % 3];
            operation.insert("tags".to_owned(), serde_json::json!([tag]));
        }
    }
    doc
}

/// A spec with `count` object schemas: one the response of an operation per tag (one untagged
/// operation when `tags` is empty), with a property for each of the others.
fn spec_with_types(count: usize, tags: &[&str]) -> String {
    let item = serde_json::json!({"type": "object", "properties": {"name": {"type": "string"}}});
    let mut schemas: serde_json::Map<String, serde_json::Value> =
        (1..count).map(|i| (format!("T{i}"), item.clone())).collect();
    let properties: serde_json::Map<String, serde_json::Value> = (1..count)
        .map(|i| (format!("p{i}"), serde_json::json!({"$ref": format!("#/components/schemas/T{i}")})))
        .collect();
    schemas.insert("T0".to_owned(), serde_json::json!({"type": "object", "properties": properties}));
    let ok = serde_json::json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T0"}}}});
    let paths: serde_json::Map<String, serde_json::Value> = if tags.is_empty() {
        [("/t".to_owned(), serde_json::json!({"get": {"operationId": "getT", "responses": {"200": ok}}}))]
            .into_iter()
            .collect()
    } else {
        let operation = |tag: &str| serde_json::json!({"get": {"operationId": format!("get{tag}"), "tags": [tag], "responses": {"200": ok}}});
        tags.iter().map(|tag| (format!("/{tag}"), operation(tag))).collect()
    };
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Many", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
    .to_string()
}

#[test]
fn crates_split_by_default_from_so_many_types_and_never_when_asked_flat() {
    let from = generator::SPLIT_FROM_TYPES;
    // (types, tags, layout, split?)
    let cases: [(usize, &[&str], LayoutChoice, bool); 9] = [
        (from - 1, &[], LayoutChoice::Grouped, false),
        (from, &[], LayoutChoice::Grouped, true),
        (from, &[], LayoutChoice::Flat, false),
        (1, &[], LayoutChoice::Split, true),
        (from - 1, &["a", "b"], LayoutChoice::Grouped, false),
        (from, &["a", "b"], LayoutChoice::Grouped, true),
        (from, &["a", "b"], LayoutChoice::Flat, false),
        (from, &["a", "b"], LayoutChoice::OneCrate, false),
        (2, &["a", "b"], LayoutChoice::Split, true),
    ];
    for (count, tags, layout, split) in cases {
        let files = generate("many.json", &spec_with_types(count, tags), layout);
        let case = format!("{count} types, tags {tags:?}, {layout:?}");
        assert_eq!(file(&files, "models/Cargo.toml").is_some(), split, "{case}");
        let manifest = file(&files, "Cargo.toml").unwrap();
        assert_eq!(manifest.contains("many-models = {"), split, "{manifest}");
        // A grouped crate keeps its groups on both sides: every type is the two groups'.
        let grouped = !tags.is_empty() && layout != LayoutChoice::Flat;
        let models_shared = file(&files, "models/src/types/shared.rs").is_some();
        assert_eq!(models_shared, grouped && split, "{case}");
        assert_eq!(file(&files, "src/types/shared.rs").is_some(), grouped && !split, "{case}");
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
    // No empty directory is left of it; the client crate's own are kept.
    assert!(!dir.join("models").exists());
    assert!(dir.join("src/runtime").is_dir());
}
