//! Golden files: fixture specs generate exactly the committed output, which builds warning-free.
//!
//! `UPDATE_GOLDEN=1 cargo test -p tests golden` rewrites the goldens after an intended change.

use crate::support::{assert_crate_builds_warning_free, root, scratch_dir};
use generator::Settings;

/// Fixture specs under `tests/fixtures/specs`, each with goldens under `tests/fixtures/golden/<name>`.
/// They are also workspace members (not standalone), so tests can call their code; the build
/// test below generates them standalone.
const FIXTURES: &[(&str, bool)] = &[("constraints", false), ("petstore", false), ("unions", false)];

fn generate(name: &str, standalone: bool) -> Vec<generator::GeneratedFile> {
    let spec_name = format!("tests/fixtures/specs/{name}.yaml");
    let text = std::fs::read_to_string(root().join(&spec_name)).unwrap();
    let settings = Settings { spec_name: spec_name.clone(), standalone, ..Settings::default() };
    generator::generate(&spec_name, &text, &settings).unwrap_or_else(|d| panic!("{d}")).0
}

#[test]
fn fixtures_match_their_goldens() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    for &(name, standalone) in FIXTURES {
        let golden_dir = root().join("tests/fixtures/golden").join(name);
        for file in generate(name, standalone) {
            let path = golden_dir.join(&file.path);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &file.contents).unwrap();
                continue;
            }
            let golden = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                golden == file.contents,
                "{name}: {} differs from its golden; rerun with UPDATE_GOLDEN=1 if intended",
                file.path
            );
        }
    }
}

#[test]
fn generated_crates_build_on_their_own_warning_free() {
    let project_spec = std::fs::read_to_string(root().join(xtask::codegen::DEFAULT_SPEC)).unwrap();
    let mut crates =
        vec![("project", generator::generate("spec.yaml", &project_spec, &Settings::default()).unwrap().0)];
    crates.extend(FIXTURES.iter().map(|&(name, _)| (name, generate(name, true))));
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
