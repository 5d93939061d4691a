//! `cargo xtask corpus`: the generator over a corpus of real-world documents listed in a
//! manifest (`tests/corpus/MANIFEST.tsv`), with the table CORPUS.md shows.
//!
//! The documents are not committed (their licenses vary): the manifest names each one's
//! repository, commit and path, and `--docs` is the directory they were saved to. Each document
//! is generated in a process of its own (this binary's `codegen`), timed, with its peak memory.
//! With `--build`, every generated crate is compiled: `cargo clippy -D warnings` up to
//! `--max-build-kb`, `cargo check` (warnings denied too) above it, sharing one target directory (its dependencies are
//! built first, so each row times its own crate).

mod measure;

use generator::WarningKind;
use measure::Measured;
pub use measure::measure_child;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    /// The manifest: a TSV with a header, naming each document's `name` and `file`.
    #[arg(long, default_value = "tests/corpus/MANIFEST.tsv")]
    pub manifest: PathBuf,
    /// The directory holding the documents.
    #[arg(long)]
    pub docs: PathBuf,
    /// Compile every generated crate: clippy (warnings denied) up to the size limit, check above.
    #[arg(long)]
    pub build: bool,
    /// Documents larger than this (KiB) are compiled with `cargo check` rather than clippy.
    #[arg(long, default_value_t = 600)]
    pub max_build_kb: u64,
    /// Where generated crates go.
    #[arg(long, default_value = "target/corpus")]
    pub out: PathBuf,
    /// Only the documents whose name contains this.
    #[arg(long)]
    pub only: Option<String>,
    /// Generate in this process, rather than in a process of its own per document (whose peak
    /// memory is then measured).
    #[arg(long)]
    pub in_process: bool,
}

/// One document's result.
struct Row {
    name: String,
    version: String,
    size_kb: u64,
    operations: usize,
    generated: usize,
    warnings: BTreeMap<WarningKind, usize>,
    generation: Option<Measured>,
    compile: Option<Measured>,
    outcome: String,
}

pub fn corpus(args: &CorpusArgs) -> Result<(), String> {
    println!("{}", corpus_table(args)?);
    Ok(())
}

/// The table of every document's result, as CORPUS.md shows it.
pub fn corpus_table(args: &CorpusArgs) -> Result<String, String> {
    let manifest = std::fs::read_to_string(&args.manifest)
        .map_err(|e| format!("cannot read {}: {e}", args.manifest.display()))?;
    let documents = parse_manifest(&manifest)?;
    if args.build {
        warm_up(args)?;
    }
    let mut rows = Vec::new();
    for (name, file, version) in documents {
        if args.only.as_ref().is_some_and(|only| !name.contains(only.as_str())) {
            continue;
        }
        eprintln!("corpus: {name}");
        rows.push(run_one(args, &name, &args.docs.join(&file), &version)?);
    }
    Ok(table(&rows))
}

/// (name, file, OpenAPI version) per manifest row.
fn parse_manifest(text: &str) -> Result<Vec<(String, String, String)>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines.next().ok_or("the manifest is empty")?.split('\t').collect();
    let column = |name: &str| {
        header.iter().position(|h| *h == name).ok_or_else(|| format!("the manifest has no `{name}` column"))
    };
    let (name, file, version) = (column("name")?, column("file")?, column("openapi_version")?);
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split('\t').collect();
            let cell =
                |i: usize| cells.get(i).map(|c| c.to_string()).ok_or_else(|| format!("short row: {line}"));
            Ok((cell(name)?, cell(file)?, cell(version)?))
        })
        .collect()
}

fn run_one(args: &CorpusArgs, name: &str, path: &Path, version: &str) -> Result<Row, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut row = Row {
        name: name.to_owned(),
        version: version.to_owned(),
        size_kb: text.len() as u64 / 1024,
        operations: count_operations(&text),
        generated: 0,
        warnings: BTreeMap::new(),
        generation: None,
        compile: None,
        outcome: String::new(),
    };
    // The counts, from the library (the child process below is what is timed).
    let settings = generator::Settings { examples: false, ..generator::Settings::default() };
    match generator::generate_timed(&path.display().to_string(), &text, &settings, &mut |_| {}) {
        Ok(generation) => {
            row.generated = generation.operations.generated;
            row.warnings = generation.warnings.warnings_by_kind();
        }
        Err(errors) => {
            let errors: Vec<_> =
                errors.items.iter().filter(|d| d.severity == generator::Severity::Error).collect();
            let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
            row.outcome = format!("refused: {} error(s), first: {first}", errors.len());
            return Ok(row);
        }
    }
    let dir = args.out.join(name);
    let generation = match args.in_process {
        true => generate_here(path, &text, &dir, name),
        false => generate(path, &dir, name)?,
    };
    row.generation = Some(generation);
    if !generation.succeeded {
        row.outcome = "not written".to_owned();
        return Ok(row);
    }
    row.outcome = "generated".to_owned();
    if args.build {
        let clippy = row.size_kb <= args.max_build_kb;
        let compile = compile(&dir, &args.out.join("target"), clippy)?;
        row.outcome = match (compile.succeeded, clippy) {
            (true, true) => "builds, no clippy warnings".to_owned(),
            (true, false) => "checks, no warnings".to_owned(),
            (false, _) => "does not compile".to_owned(),
        };
        row.compile = Some(compile);
    }
    Ok(row)
}

/// Generates `spec` into `dir` with this binary's `codegen`, in a process of its own.
fn generate(spec: &Path, dir: &Path, name: &str) -> Result<Measured, String> {
    let this = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
    let mut command = Command::new(this);
    command.args(["codegen", "--quiet", "--force", "--no-examples", "--crate-name"]);
    command.arg(format!("corpus-{name}")).arg("--spec").arg(spec).arg("--out").arg(dir);
    measure::run(&mut command)
}

/// As [`generate`], in this process (peak memory not measured).
fn generate_here(spec: &Path, text: &str, dir: &Path, name: &str) -> Measured {
    let start = std::time::Instant::now();
    let settings = generator::Settings {
        crate_name: Some(format!("corpus-{name}")),
        examples: false,
        ..generator::Settings::default()
    };
    let written =
        generator::generate_timed(&spec.display().to_string(), text, &settings, &mut |_| {}).ok().and_then(
            |g| generator::output::write_crate(dir, &g.files, generator::output::Mode::Write, true).ok(),
        );
    Measured { succeeded: written.is_some(), wall: start.elapsed(), peak: None }
}

/// `cargo clippy -D warnings` (or a `cargo check` with `-D warnings`) on the crate in `dir`, from
/// scratch: its earlier build in `target` is removed first, so an unchanged crate is compiled
/// and timed too. A split crate's models crate is compiled first the same way (`-D warnings`
/// reaches only the package named): the wall times add up, the peak is the larger one.
fn compile(dir: &Path, target: &Path, clippy: bool) -> Result<Measured, String> {
    let package = format!("corpus-{}", dir.file_name().unwrap_or_default().to_string_lossy());
    let models = dir
        .join(generator::emit::MODELS_DIRECTORY)
        .join("Cargo.toml")
        .is_file()
        .then(|| format!("{package}-models"));
    let packages: Vec<&str> = models.as_deref().into_iter().chain([package.as_str()]).collect();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut cleaned = Command::new(&cargo);
    cleaned.args(["clean", "--quiet"]);
    for package in &packages {
        cleaned.args(["-p", package]);
    }
    let cleaned = cleaned
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target)
        .status()
        .map_err(|e| format!("cannot run cargo clean: {e}"))?;
    if !cleaned.success() {
        return Err(format!("cargo clean -p {} failed", packages.join(" -p ")));
    }
    let mut total = Measured { succeeded: true, wall: std::time::Duration::ZERO, peak: Some(0) };
    for package in packages {
        let mut command = Command::new(&cargo);
        // `cargo rustc` gives `-D warnings` to this crate only, so the shared dependencies stay built.
        let (tool, scope) = match clippy {
            true => ("clippy", "--all-targets"),
            false => ("rustc", "--lib"),
        };
        command.args([tool, "--quiet", "-p", package, scope]);
        if !clippy {
            command.args(["--profile", "check"]);
        }
        command.arg("--manifest-path").arg(dir.join("Cargo.toml")).env("CARGO_TARGET_DIR", target);
        // Whole-crate compiles, as a user's first build is: incremental state only costs here.
        command.env("CARGO_INCREMENTAL", "0");
        command.args(["--", "-D", "warnings"]);
        let measured = measure::run(&mut command)?;
        total.succeeded &= measured.succeeded;
        total.wall += measured.wall;
        total.peak = total.peak.max(measured.peak);
        if !measured.succeeded {
            break;
        }
    }
    Ok(total)
}

/// Builds the dependencies every generated crate shares (a small fixture's client), so that no
/// row's compile time includes them.
fn warm_up(args: &CorpusArgs) -> Result<(), String> {
    let spec = crate::codegen::project_root().join(crate::codegen::DEFAULT_SPEC);
    let dir = args.out.join("warm-up");
    eprintln!("corpus: building the shared dependencies");
    let generated = generate(&spec, &dir, "warm-up")?;
    let built = compile(&dir, &args.out.join("target"), true)?;
    match generated.succeeded && built.succeeded {
        true => Ok(()),
        false => Err("the warm-up crate does not build".to_owned()),
    }
}

/// Operations as the document states them (before any normalizing), for the table's first column.
fn count_operations(text: &str) -> usize {
    let value: Result<serde_json::Value, _> = serde_json::from_str(text);
    let value = value.ok().or_else(|| generator::load::tree(text).ok());
    let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    value
        .as_ref()
        .and_then(|v| v.get("paths"))
        .and_then(serde_json::Value::as_object)
        .map(|paths| {
            paths.values().map(|item| methods.iter().filter(|m| item.get(**m).is_some()).count()).sum()
        })
        .unwrap_or(0)
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | size | OpenAPI | operations | generated | generation | warnings by kind | compile | result |\n\
         |---|---:|---|---:|---:|---|---|---|---|\n",
    );
    for row in rows {
        let warnings: Vec<String> =
            row.warnings.iter().map(|(kind, count)| format!("{count} {}", kind.label())).collect();
        let warnings = if warnings.is_empty() { "none".to_owned() } else { warnings.join(", ") };
        let shown = |m: &Option<Measured>| m.as_ref().map_or("–".to_owned(), Measured::to_string);
        let _ = writeln!(
            out,
            "| {} | {} KB | {} | {} | {} | {} | {} | {} | {} |",
            row.name,
            row.size_kb,
            row.version,
            row.operations,
            row.generated,
            shown(&row.generation),
            warnings,
            shown(&row.compile),
            row.outcome
        );
    }
    let operations: usize = rows.iter().map(|r| r.operations).sum();
    let generated: usize = rows.iter().map(|r| r.generated).sum();
    let share = if operations == 0 { 100.0 } else { 100.0 * generated as f64 / operations as f64 };
    let _ = writeln!(
        out,
        "| **{} documents** | | | **{operations}** | **{generated}** ({share:.2} %) | | | | |",
        rows.len()
    );
    out
}
