//! `cargo xtask codegen` and `cargo xtask goldens`: the CLI's generate and check, with this
//! repository's spec and crate as defaults.

use generator::output::{Mode, write_crate};
use generator::{LayoutChoice, Settings};
use openapi_rust_gen::{Args, Invocation};
use std::path::{Path, PathBuf};

/// The committed spec and the committed crate, relative to the project root.
pub const DEFAULT_SPEC: &str = "spec/zero-trust-organization.yaml";
pub const DEFAULT_OUT: &str = "generated";

/// `cargo xtask codegen [--check] [ARGS]`: the CLI's arguments, plus `--check`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct CodegenArgs {
    /// Compare with what is on disk instead of writing; exit non-zero on any difference.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub args: Args,
}

/// Generates, then writes or checks; `Err` holds the whole report for the user.
pub fn codegen(args: &CodegenArgs) -> Result<(), String> {
    let root = project_root();
    let (spec, out) = (root.join(DEFAULT_SPEC), root.join(DEFAULT_OUT));
    let invocation =
        Invocation { program: "cargo xtask codegen", default_spec: Some(&spec), default_out: Some(&out) };
    let mode = if args.check { Mode::Check } else { Mode::Write };
    openapi_rust_gen::run(&args.args, mode, &invocation, &mut std::io::stdout(), &mut std::io::stderr())
}

/// Fixture specs under `tests/fixtures/specs`, each generated into `tests/fixtures/golden/<name>`
/// (workspace members, so tests call their code).
pub const FIXTURES: &[&str] = &[
    "bodies",
    "constraints",
    "envelopes",
    "groups",
    "listing",
    "openapi31",
    "petstore",
    "recursive",
    "split",
    "styles",
    "unions",
];

/// The settings a fixture is generated with: the styles fixture, an operation per cell of the
/// style table, has no examples (fifty binaries that would test nothing); the split fixture is
/// split, as big flat crates are.
pub fn fixture_settings(name: &str) -> Settings {
    let spec_name = format!("tests/fixtures/specs/{name}.yaml");
    let layout = if name == "split" { LayoutChoice::Split } else { LayoutChoice::default() };
    Settings { spec_name, examples: name != "styles", layout, ..Settings::default() }
}

/// `cargo xtask goldens [--check]`: regenerates the fixture goldens, or checks them. Unlike a
/// test, it works while a golden does not compile (for instance after a runtime change).
pub fn goldens(mode: Mode) -> Result<(), String> {
    let root = project_root();
    let mut drift = Vec::new();
    let mut written = 0;
    for name in FIXTURES {
        let spec_name = format!("tests/fixtures/specs/{name}.yaml");
        let text = std::fs::read_to_string(root.join(&spec_name))
            .map_err(|e| format!("error: {spec_name}: {e}\n"))?;
        let settings = Settings { standalone: false, ..fixture_settings(name) };
        let (files, _) = generator::generate(&spec_name, &text, &settings).map_err(|d| format!("{d}"))?;
        let report = write_crate(&root.join("tests/fixtures/golden").join(name), &files, mode, false)
            .map_err(|e| format!("error: {e}\n"))?;
        written += report.written.len() + report.removed.len();
        drift.extend(report.drift);
    }
    match mode {
        Mode::Check if !drift.is_empty() => Err(format!(
            "{}\nerror: fixture goldens are out of date; run `cargo xtask goldens`\n",
            drift.join("\n")
        )),
        Mode::Check => Ok(()),
        Mode::Write => {
            println!("wrote the goldens of {} fixtures ({written} files changed)", FIXTURES.len());
            Ok(())
        }
    }
}

/// The workspace root, from this crate's manifest directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}
