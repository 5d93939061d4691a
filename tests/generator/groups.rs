//! Grouped output: a spec with several tags gets a module and a cargo feature per tag; each type
//! lives once, where its users are, and each feature alone builds warning-free.

use crate::support::{assert_crate_builds_warning_free_with, root, scratch_dir};
use generator::{GeneratedFile, LayoutChoice, Settings};
use grouped_store_fixture::runtime::validation::Validate;

fn generate(spec: &str) -> Vec<GeneratedFile> {
    generate_with(spec, LayoutChoice::default())
}

fn generate_with(spec: &str, layout: LayoutChoice) -> Vec<GeneratedFile> {
    let text = std::fs::read_to_string(root().join(spec)).unwrap();
    let settings = Settings { layout, ..Settings::default() };
    generator::generate(spec, &text, &settings).unwrap_or_else(|d| panic!("{d}")).0
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no file {path}")).contents
}

/// The attribute lines right above an item's declaration (`pub struct Name` or `pub enum Name`).
fn cfg_of(contents: &str, item: &str) -> Option<String> {
    let lines: Vec<&str> = contents.lines().collect();
    let at = lines.iter().position(|l| l.starts_with(item) && l[item.len()..].starts_with([' ', '(']))?;
    let mut cfg = None;
    for line in lines[..at].iter().rev().take_while(|l| l.starts_with("#[") || l.starts_with("///")) {
        if line.starts_with("#[cfg(") {
            cfg = Some((*line).to_owned());
        }
    }
    Some(cfg.unwrap_or_default())
}

#[test]
fn each_type_lives_once_in_the_module_of_its_users() {
    let files = generate("tests/fixtures/specs/groups.yaml");
    // (item, file it must be in, its own `#[cfg]`: empty when the file's module is gated instead)
    let table = [
        ("pub struct Pet", "src/types/pets.rs", ""),
        ("pub enum PetStatus", "src/types/pets.rs", ""),
        ("pub struct Order", "src/types/orders.rs", ""),
        ("pub struct HealthResponse", "src/types/untagged.rs", ""),
        ("pub struct Archive", "src/types/unreferenced.rs", ""),
        (
            "pub struct OrderLine",
            "src/types/shared.rs",
            r#"#[cfg(any(feature = "orders", feature = "unreferenced-schemas"))]"#,
        ),
        (
            "pub struct Tag",
            "src/types/shared.rs",
            r#"#[cfg(any(feature = "orders", feature = "pets", feature = "unreferenced-schemas"))]"#,
        ),
        // The inline `sort` enum of two groups: one type, named by what the names share.
        ("pub enum Sort", "src/types/shared.rs", r#"#[cfg(any(feature = "shared", feature = "type"))]"#),
        // The inline `dimensions` of `Pet` and `Order`: one type, each inline name an alias of
        // it, compiled with it.
        (
            "pub struct Dimensions",
            "src/types/shared.rs",
            r#"#[cfg(any(feature = "orders", feature = "pets"))]"#,
        ),
        (
            "pub type PetDimensions",
            "src/types/shared.rs",
            r#"#[cfg(any(feature = "orders", feature = "pets"))]"#,
        ),
        (
            "pub type OrderDimensions",
            "src/types/shared.rs",
            r#"#[cfg(any(feature = "orders", feature = "pets"))]"#,
        ),
    ];
    let type_files: Vec<&GeneratedFile> = files.iter().filter(|f| f.path.starts_with("src/types/")).collect();
    for (item, path, cfg) in table {
        let holders: Vec<&str> = type_files
            .iter()
            .filter(|f| cfg_of(&f.contents, item).is_some())
            .map(|f| f.path.as_str())
            .collect();
        assert_eq!(holders, [path], "{item}");
        assert_eq!(cfg_of(file(&files, path), item).unwrap(), cfg, "{item}");
    }
}

#[test]
fn modules_are_gated_by_their_features_and_named_safely() {
    let files = generate("tests/fixtures/specs/groups.yaml");
    let types = file(&files, "src/types.rs");
    for (declaration, gate) in [
        ("mod pets;", r#"#[cfg(feature = "pets")]"#),
        ("mod orders;", r#"#[cfg(feature = "orders")]"#),
        ("mod untagged;", r#"#[cfg(feature = "untagged")]"#),
        ("mod unreferenced;", r#"#[cfg(feature = "unreferenced-schemas")]"#),
    ] {
        let line = types.lines().position(|l| l == declaration).unwrap_or_else(|| panic!("{declaration}"));
        assert_eq!(types.lines().nth(line - 1), Some(gate), "{declaration}");
    }
    // A tag named like a reserved module, and one that is a keyword, get their own modules.
    let client = file(&files, "src/client.rs");
    assert!(client.contains("#[cfg(feature = \"shared\")]\nmod shared_tag;"), "{client}");
    assert!(client.contains("#[cfg(feature = \"type\")]\nmod r#type;"), "{client}");
    assert!(files.iter().any(|f| f.path == "src/operations/type.rs"));
    // Tags with no types of their own get no empty types module.
    assert!(!files.iter().any(|f| f.path == "src/types/type.rs"));
}

#[test]
fn the_manifest_declares_a_feature_per_group_all_on_by_default() {
    let files = generate("tests/fixtures/specs/groups.yaml");
    let manifest: toml::Table = file(&files, "Cargo.toml").parse().unwrap();
    let features = manifest["features"].as_table().unwrap();
    let list = |name: &str| -> Vec<String> {
        features[name].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(list("default"), ["client", "full"]);
    let groups = ["pets", "orders", "shared", "type", "untagged", "unreferenced-schemas"];
    assert_eq!(list("full"), groups);
    for group in groups {
        assert!(list(group).is_empty(), "{group}");
    }
    // One example per group, which needs its group's feature.
    let examples = manifest["example"].as_array().unwrap();
    let required: Vec<(String, Vec<String>)> = examples
        .iter()
        .map(|e| {
            let needs = e["required-features"].as_array().unwrap().iter();
            (e["name"].as_str().unwrap().to_owned(), needs.map(|v| v.as_str().unwrap().to_owned()).collect())
        })
        .collect();
    let expected = [
        ("get_pet", "pets"),
        ("place_order", "orders"),
        ("list_shared", "shared"),
        ("list_types", "type"),
        ("health", "untagged"),
    ];
    let expected: Vec<(String, Vec<String>)> =
        expected.iter().map(|(n, f)| ((*n).to_owned(), vec!["client".to_owned(), (*f).to_owned()])).collect();
    assert_eq!(required, expected);
}

#[test]
fn grouped_paths_are_flat_and_shared_checks_work() {
    use grouped_store_fixture::types::{Order, Tag};
    let order = Order::new("dog", 11).tag(Tag::new("Not lower"));
    let errors = order.validate().unwrap_err();
    let pointers: Vec<String> = errors.violations.iter().map(|v| v.pointer.clone()).collect();
    assert_eq!(pointers, ["/pet_id", "/quantity", "/tag/label"]);
}

/// Every group's feature builds alone (and with none, and without the client) with no warning:
/// nothing a group uses is gated away, and nothing unused is left in.
#[test]
fn each_feature_alone_builds_warning_free() {
    builds_warning_free_with_each_feature(LayoutChoice::Grouped, "build-groups-features");
}

/// The same, split in two crates: each feature turns on its namesake in the models crate.
#[test]
fn each_feature_alone_builds_warning_free_in_two_crates() {
    builds_warning_free_with_each_feature(LayoutChoice::Split, "build-groups-split-features");
}

fn builds_warning_free_with_each_feature(layout: LayoutChoice, scratch: &str) {
    let dir = scratch_dir(scratch);
    for file in generate_with("tests/fixtures/specs/groups.yaml", layout) {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, file.contents).unwrap();
    }
    let features =
        ["", "client", "client,pets", "client,orders", "client,shared", "client,type", "client,untagged"];
    for features in features.into_iter().chain(["client,unreferenced-schemas", "pets,orders"]) {
        assert_crate_builds_warning_free_with(
            &dir,
            &["--lib", "--no-default-features", "--features", features],
        );
    }
}

/// A grouped crate split in two: the models crate has the client crate's modules and features,
/// each of the client crate's group features turns on the models crate's, and each type is in
/// the module, and under the `#[cfg]`, it has in one crate (`split.rs` checks that generally).
#[test]
fn a_grouped_crate_in_two_crates_has_its_groups_in_both() {
    let files = generate_with("tests/fixtures/specs/groups.yaml", LayoutChoice::Split);
    let features = |path: &str| -> toml::Table {
        let manifest: toml::Table = file(&files, path).parse().unwrap();
        manifest["features"].as_table().unwrap().clone()
    };
    let (client, models) = (features("Cargo.toml"), features("models/Cargo.toml"));
    let list = |table: &toml::Table, name: &str| -> Vec<String> {
        let values = table[name].as_array().unwrap_or_else(|| panic!("no feature {name}"));
        values.iter().map(|v| v.as_str().unwrap().to_owned()).collect()
    };
    for group in ["pets", "orders", "shared", "type", "untagged", "unreferenced-schemas"] {
        assert_eq!(list(&client, group), [format!("grouped-store-fixture-models/{group}")]);
        assert!(list(&models, group).is_empty(), "{group}");
    }
    assert_eq!(list(&client, "default"), ["client", "full"]);
    assert!(!models.contains_key("full") && !models.contains_key("default"), "{models:?}");
    // (item, file, its own `#[cfg]`): responses' types in the models crate, `Sort` (a query
    // parameter's) in the client crate's `shared`.
    let table = [
        ("pub struct Pet", "models/src/types/pets.rs", ""),
        ("pub struct Order", "models/src/types/orders.rs", ""),
        ("pub struct Archive", "models/src/types/unreferenced.rs", ""),
        (
            "pub struct Tag",
            "models/src/types/shared.rs",
            r#"#[cfg(any(feature = "orders", feature = "pets", feature = "unreferenced-schemas"))]"#,
        ),
        ("pub enum Sort", "src/types/shared.rs", r#"#[cfg(any(feature = "shared", feature = "type"))]"#),
    ];
    for (item, path, cfg) in table {
        assert_eq!(cfg_of(file(&files, path), item).as_deref(), Some(cfg), "{item} in {path}");
    }
    // Each side's `shared` module is on when any of its own types is.
    let gate_of = |index: &str| {
        let lines: Vec<&str> = file(&files, index).lines().collect();
        let at = lines.iter().position(|l| *l == "mod shared;").unwrap();
        lines[..at].iter().rev().take_while(|l| !l.ends_with(';')).copied().collect::<Vec<_>>().join(" ")
    };
    assert!(gate_of("src/types.rs").contains(r#"feature = "type""#), "{}", gate_of("src/types.rs"));
    assert!(!gate_of("src/types.rs").contains(r#"feature = "pets""#), "{}", gate_of("src/types.rs"));
    assert!(gate_of("models/src/types.rs").contains(r#"feature = "pets""#));
    // The client crate's `types` re-exports the models crate's, so paths are as in one crate.
    assert!(file(&files, "src/types.rs").contains("pub use ::grouped_store_fixture_models::types::*;"));
}

/// A grouped module imports a spec type by name only where it writes that type. A schema
/// named like the `Operation` trait's associated types (`Output`, `Body`) used to be imported
/// into every operations module, where `type Output = …;` only declares the associated type:
/// an unused import, denied by `-D warnings` (Mistral's document has an `Output` schema).
#[test]
fn a_type_named_like_an_associated_type_is_imported_only_where_it_is_used() {
    let spec = r##"
openapi: 3.0.3
info: { title: Associated names, version: 1.0.0 }
paths:
  /speech:
    post:
      operationId: speak
      tags: [Speech]
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Body" } } }
      responses:
        "200":
          description: Spoken.
          content: { application/json: { schema: { $ref: "#/components/schemas/Spoken" } } }
  /render:
    get:
      operationId: render
      tags: [Render]
      responses:
        "200":
          description: Rendered.
          content: { application/json: { schema: { $ref: "#/components/schemas/Output" } } }
components:
  schemas:
    Body: { type: object, properties: { text: { type: string } } }
    Spoken: { type: object, properties: { audio: { type: string } } }
    Output: { type: object, properties: { html: { type: string } } }
"##;
    let files = generator::generate("associated.yaml", spec, &Settings::default())
        .unwrap_or_else(|d| panic!("{d}"))
        .0;
    let imports_of = |path: &str| -> Vec<String> {
        let uses = file(&files, path).lines().skip_while(|l| !l.starts_with("use crate::types"));
        let block: String = uses.take_while(|l| !l.is_empty()).collect();
        let names = block.trim_start_matches("use crate::types::").trim_matches(|c| "{};".contains(c));
        names.split(',').map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()).collect()
    };
    // (module, the spec types it imports): `speak` writes `type Output = Spoken;` (the `Body`
    // schema is `BodyType`, a name the runtime reserves); `render`'s output is `Output` itself.
    let table = [
        ("src/operations/speech.rs", vec!["BodyType", "Spoken"]),
        ("src/operations/render.rs", vec!["Output"]),
    ];
    for (path, expected) in table {
        assert_eq!(imports_of(path), expected, "{path}");
    }
}
