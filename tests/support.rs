//! Shared helpers: project paths, fixtures, and building a generated crate on its own.
#![allow(dead_code, reason = "each test binary uses part of these")]

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is one level below the root").to_path_buf()
}

pub fn fixture(relative: &str) -> String {
    let path = root().join("tests/fixtures").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn fixture_json(relative: &str) -> serde_json::Value {
    serde_json::from_str(&fixture(relative)).expect("fixture is valid JSON")
}

/// A fresh, empty directory under the target directory, unique to this test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = root().join("target/test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Runs `cargo clippy -D warnings` on a generated standalone crate, sharing one target directory
/// across runs so dependencies compile once.
pub fn assert_crate_builds_warning_free(dir: &Path) {
    assert_crate_builds_warning_free_with(dir, &["--all-targets"]);
}

/// As [`assert_crate_builds_warning_free`], with these cargo arguments (targets, features).
pub fn assert_crate_builds_warning_free_with(dir: &Path, cargo_args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(["clippy", "--offline", "--quiet"])
        .args(cargo_args)
        .args(["--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "generated crate in {} does not build warning-free with {cargo_args:?}:\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
