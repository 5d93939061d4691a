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
    let settings = Settings { spec_name: spec_name.clone(), ..Settings::default() };
    generator::generate(&spec_name, &text, &settings).unwrap_or_else(|d| panic!("{d}")).0
}

#[test]
fn fixtures_match_their_goldens() {
    if let Err(report) = goldens(Mode::Check) {
        panic!("{report}");
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
