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
