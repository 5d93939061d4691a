//! `cargo xtask codegen`: run the generator and write, or check, the generated crate.

use generator::{GeneratedFile, Settings};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The committed spec and the committed crate, relative to the project root.
pub const DEFAULT_SPEC: &str = "spec/zero-trust-organization.yaml";
pub const DEFAULT_OUT: &str = "generated";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The OpenAPI 3.0 spec, YAML or JSON (default: the project's spec).
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// Where the crate is written (default: the project's `generated/`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The crate name (default: from the spec's `info.title`).
    #[arg(long)]
    pub crate_name: Option<String>,
    /// Compare with what is on disk instead of writing; exit non-zero on any difference.
    #[arg(long)]
    pub check: bool,
    /// Fail when the generator reports warnings.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print how long each stage took (load, lower, emit and format, write).
    #[arg(long)]
    pub timings: bool,
}

pub fn run(args: &Args) -> ExitCode {
    match codegen(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Generates, then writes or checks; `Err` holds the whole report for the user.
pub fn codegen(args: &Args) -> Result<(), String> {
    let root = project_root();
    let spec_path = args.spec.clone().unwrap_or_else(|| root.join(DEFAULT_SPEC));
    let out = args.out.clone().unwrap_or_else(|| root.join(DEFAULT_OUT));
    let spec_shown = display_name(&root, &spec_path);
    let out_shown = display_name(&root, &out);
    let text =
        std::fs::read_to_string(&spec_path).map_err(|e| format!("error: cannot read {spec_shown}: {e}\n"))?;
    let settings = Settings {
        crate_name: args.crate_name.clone(),
        spec_name: spec_shown.clone(),
        // The committed crate is a workspace member; any other output builds on its own.
        standalone: out != root.join(DEFAULT_OUT),
        ..Settings::default()
    };
    let failed = |d: generator::Diagnostics| {
        format!("{d}error: {spec_shown} could not be generated ({} problem(s) above)\n", d.items.len())
    };
    let mut clock = Stopwatch::new(args.timings);
    let spec = generator::load(&spec_shown, &text).map_err(failed)?;
    clock.lap("load");
    let (api, warnings) = generator::lower(&spec).map_err(failed)?;
    clock.lap("lower");
    let files = generator::emit(&api, &settings);
    clock.lap("emit + format");
    eprint!("{warnings}");
    if args.deny_warnings && !warnings.items.is_empty() {
        return Err("error: warnings are denied (--deny-warnings)\n".to_owned());
    }
    let mode = if args.check { Mode::Check } else { Mode::Write };
    let stale = sync(&out, &files, mode)?;
    clock.lap(if args.check { "compare" } else { "write" });
    if args.check && !stale.is_empty() {
        let fix = fix_command(args);
        return Err(format!(
            "{}\nerror: {out_shown} is out of date with {spec_shown}; run `{fix}`\n",
            stale.join("\n")
        ));
    }
    if !args.check {
        println!("wrote {} files to {out_shown} ({} changed)", files.len(), stale.len());
    }
    Ok(())
}

/// Times the stages when asked to, printing each on stderr.
struct Stopwatch {
    last: Option<std::time::Instant>,
}

impl Stopwatch {
    fn new(enabled: bool) -> Self {
        Stopwatch { last: enabled.then(std::time::Instant::now) }
    }

    fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last.replace(std::time::Instant::now()) {
            eprintln!("{stage:>14}: {:>8.1} ms", last.elapsed().as_secs_f64() * 1000.0);
        }
    }
}

/// Makes `out` hold exactly `files` (Write), or reports every difference (Check).
pub fn sync(out: &Path, files: &[GeneratedFile], mode: Mode) -> Result<Vec<String>, String> {
    let mut stale = Vec::new();
    for file in files {
        stale.extend(ensure_file_contents(&out.join(&file.path), file, mode)?);
    }
    stale.extend(stray_files(out, files, mode)?);
    Ok(stale)
}

/// Fixture specs under `tests/fixtures/specs`, each generated into `tests/fixtures/golden/<name>`
/// (workspace members, so tests call their code).
pub const FIXTURES: &[&str] = &["constraints", "groups", "petstore", "styles", "unions"];

/// `cargo xtask goldens [--check]`: regenerates the fixture goldens, or checks them. Unlike a
/// test, it works while a golden does not compile (for instance after a runtime change).
pub fn goldens(mode: Mode) -> Result<(), String> {
    let root = project_root();
    let mut stale = Vec::new();
    for name in FIXTURES {
        let spec_name = format!("tests/fixtures/specs/{name}.yaml");
        let text = std::fs::read_to_string(root.join(&spec_name))
            .map_err(|e| format!("error: {spec_name}: {e}\n"))?;
        let settings = Settings { spec_name: spec_name.clone(), standalone: false, ..Settings::default() };
        let (files, _) = generator::generate(&spec_name, &text, &settings).map_err(|d| format!("{d}"))?;
        stale.extend(sync(&root.join("tests/fixtures/golden").join(name), &files, mode)?);
    }
    match mode {
        Mode::Check if !stale.is_empty() => Err(format!(
            "{}\nerror: fixture goldens are out of date; run `cargo xtask goldens`\n",
            stale.join("\n")
        )),
        Mode::Check => Ok(()),
        Mode::Write => {
            println!("wrote the goldens of {} fixtures ({} files changed)", FIXTURES.len(), stale.len());
            Ok(())
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// Leaves an identical file alone; otherwise writes it (Write) or reports a unified diff (Check).
/// Returns a report when the file on disk differed.
pub fn ensure_file_contents(path: &Path, file: &GeneratedFile, mode: Mode) -> Result<Option<String>, String> {
    let current = std::fs::read_to_string(path).ok().map(|t| t.replace("\r\n", "\n"));
    if current.as_deref() == Some(file.contents.as_str()) {
        return Ok(None);
    }
    // The diff is only worth its cost when it is shown (check mode).
    let report = match (&current, mode) {
        (Some(old), Mode::Check) => unified_diff(old, &file.contents, &file.path),
        (Some(_), Mode::Write) => format!("updated: {}\n", file.path),
        (None, _) => format!("missing file: {}\n", file.path),
    };
    if mode == Mode::Write {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot create {}: {e}\n", parent.display()))?;
        }
        std::fs::write(path, &file.contents)
            .map_err(|e| format!("error: cannot write {}: {e}\n", path.display()))?;
    }
    Ok(Some(report))
}

/// Files under `out/src` and `out/examples` the generator no longer makes: removed (Write) or
/// reported (Check).
fn stray_files(out: &Path, files: &[GeneratedFile], mode: Mode) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    collect_files(&out.join("src"), &mut found);
    collect_files(&out.join("examples"), &mut found);
    found.sort();
    let mut reports = Vec::new();
    for path in found {
        let relative = path.strip_prefix(out).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if files.iter().any(|f| f.path == relative) {
            continue;
        }
        reports.push(format!("stray file (not generated): {relative}\n"));
        if mode == Mode::Write {
            std::fs::remove_file(&path)
                .map_err(|e| format!("error: cannot remove {}: {e}\n", path.display()))?;
        }
    }
    Ok(reports)
}

fn collect_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { collect_files(&path, found) } else { found.push(path) }
    }
}

/// A unified diff from the file on disk to the fresh generation.
pub fn unified_diff(old: &str, new: &str, name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name} (on disk)"), &format!("b/{name} (generated)"))
        .to_string()
}

fn fix_command(args: &Args) -> String {
    let mut command = "cargo xtask codegen".to_owned();
    if let Some(spec) = &args.spec {
        command.push_str(&format!(" --spec {}", spec.display()));
    }
    if let Some(out) = &args.out {
        command.push_str(&format!(" --out {}", out.display()));
    }
    if let Some(name) = &args.crate_name {
        command.push_str(&format!(" --crate-name {name}"));
    }
    command
}

/// The workspace root, from this crate's manifest directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the root")
        .to_path_buf()
}

/// The spec's name in headers: relative to the project when inside it, for output that is the
/// same on every machine.
fn display_name(root: &Path, spec: &Path) -> String {
    let shown = spec.strip_prefix(root).unwrap_or(spec);
    shown.to_string_lossy().replace('\\', "/")
}
