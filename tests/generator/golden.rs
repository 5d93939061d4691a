//! Golden files: fixture specs generate exactly the committed output, which builds warning-free.
//!
//! `cargo xtask goldens` rewrites the goldens after an intended change.

use crate::support::{assert_crate_builds_warning_free, root, scratch_dir};
use generator::Settings;
use generator::output::Mode;
use xtask::codegen::{FIXTURES, goldens};

fn generate(name: &str) -> Vec<generator::GeneratedFile> {
    let spec_name = format!("tests/fixtures/specs/{name}.yaml");
    let text = std::fs::read_to_string(root().join(&spec_name)).unwrap();
    let settings = xtask::codegen::fixture_settings(name);
    generator::generate(&spec_name, &text, &settings).unwrap_or_else(|d| panic!("{d}")).0
}

#[test]
fn fixtures_match_their_goldens() {
    if let Err(report) = goldens(Mode::Check) {
        panic!("{report}");
    }
}

/// The fixtures and the project spec as JSON generate what their YAML does: both syntaxes are
/// read as one tree and normalized alike (a 3.0 JSON fast path once skipped normalizing).
#[test]
fn json_and_yaml_of_one_document_give_one_client() {
    let mut specs = vec![xtask::codegen::DEFAULT_SPEC.to_owned()];
    specs.extend(FIXTURES.iter().map(|name| format!("tests/fixtures/specs/{name}.yaml")));
    for spec_name in specs {
        let yaml = std::fs::read_to_string(root().join(&spec_name)).unwrap();
        let json = serde_json::to_string_pretty(&generator::load::tree(&yaml).unwrap()).unwrap();
        let settings = Settings { spec_name: spec_name.clone(), ..Settings::default() };
        let from_yaml = generator::generate(&spec_name, &yaml, &settings).unwrap().0;
        let json_name = spec_name.replace(".yaml", ".json");
        let from_json = generator::generate(&json_name, &json, &settings).unwrap().0;
        assert_eq!(from_yaml.len(), from_json.len(), "{spec_name}: file count");
        for (y, j) in from_yaml.iter().zip(&from_json) {
            assert_eq!(y.path, j.path, "{spec_name}");
            assert!(y.contents == j.contents, "{spec_name}: {} differs when read as JSON", y.path);
        }
    }
}

#[test]
fn generated_crates_build_on_their_own_warning_free() {
    let project_spec = std::fs::read_to_string(root().join(xtask::codegen::DEFAULT_SPEC)).unwrap();
    let mut crates =
        vec![("project", generator::generate("spec.yaml", &project_spec, &Settings::default()).unwrap().0)];
    crates.extend(FIXTURES.iter().map(|&name| (name, generate(name))));
    for (name, files) in crates {
        let dir = scratch_dir(&format!("build-{name}"));
        for file in files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, file.contents).unwrap();
        }
        assert_crate_builds_warning_free(&dir);
    }
}

/// A spec type named like something the crate root re-exports by name would be hidden behind it
/// (`pub use types::*` loses to an explicit `pub use`), so such names are reserved.
#[test]
fn no_type_of_a_spec_can_be_hidden_by_a_name_the_crate_root_exports() {
    let mut exported = std::collections::BTreeSet::new();
    for name in FIXTURES {
        let files = generate(name);
        let lib = files.iter().find(|f| f.path.ends_with("src/lib.rs")).expect("a lib.rs");
        // Top-level `pub use path::{A, B};` and `pub use path::A;` (not globs, not nested modules).
        for statement in lib.contents.split(';') {
            let Some(start) = statement.find("\npub use ") else { continue };
            let used = &statement[start + "\npub use ".len()..];
            let names = match used.split_once('{') {
                Some((_, list)) => {
                    list.trim_end_matches(['}', ' ', '\n']).split(',').map(str::trim).collect()
                }
                None => vec![used.rsplit("::").next().unwrap_or_default().trim()],
            };
            exported.extend(names.into_iter().filter(|n| !n.is_empty() && *n != "*").map(str::to_owned));
        }
    }
    assert!(exported.contains("Response") && exported.contains("Client"), "{exported:?}");
    for name in &exported {
        assert_ne!(&generator::naming::type_name(name), name, "a schema named `{name}` would be hidden");
    }
}
