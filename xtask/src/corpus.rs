//! `cargo xtask corpus`: the generator over a corpus of real-world documents listed in a
//! manifest (`tests/corpus/MANIFEST.tsv`), with the table CORPUS.md shows.
//!
//! The documents are not committed (their licenses vary): the manifest names each one's
//! repository, commit and path, and `--docs` is the directory they were saved to. With `--build`,
//! every generated crate under `--max-build-kb` is checked with `cargo clippy -D warnings`
//! (sharing one target directory, so dependencies build once).

use generator::{Settings, WarningKind};
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
    /// Build every generated crate (`cargo clippy -- -D warnings`) below the size limit.
    #[arg(long)]
    pub build: bool,
    /// Documents larger than this (KiB) are generated but not built.
    #[arg(long, default_value_t = 600)]
    pub max_build_kb: u64,
    /// Where generated crates go.
    #[arg(long, default_value = "target/corpus")]
    pub out: PathBuf,
    /// Only the documents whose name contains this.
    #[arg(long)]
    pub only: Option<String>,
}

/// One document's result.
struct Row {
    name: String,
    version: String,
    operations: usize,
    generated: usize,
    warnings: BTreeMap<WarningKind, usize>,
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
    let mut rows = Vec::new();
    for (name, file, version) in documents {
        if args.only.as_ref().is_some_and(|only| !name.contains(only.as_str())) {
            continue;
        }
        let path = args.docs.join(&file);
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        eprintln!("corpus: {name}");
        rows.push(run_one(args, &name, &file, &version, &text));
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

fn run_one(args: &CorpusArgs, name: &str, file: &str, version: &str, text: &str) -> Row {
    let settings = Settings {
        crate_name: Some(format!("corpus-{name}")),
        spec_name: file.to_owned(),
        examples: false,
        ..Settings::default()
    };
    let mut row = Row {
        name: name.to_owned(),
        version: version.to_owned(),
        operations: count_operations(text),
        generated: 0,
        warnings: BTreeMap::new(),
        outcome: String::new(),
    };
    let generation = match generator::generate_timed(file, text, &settings, &mut |_| {}) {
        Ok(generation) => generation,
        Err(errors) => {
            let errors: Vec<_> =
                errors.items.iter().filter(|d| d.severity == generator::Severity::Error).collect();
            let first = errors.first().map(|e| e.to_string()).unwrap_or_default();
            row.outcome = format!("refused: {} error(s), first: {first}", errors.len());
            return row;
        }
    };
    row.operations = generation.operations.in_spec;
    row.generated = generation.operations.generated;
    row.warnings = generation.warnings.warnings_by_kind();
    let too_big = text.len() as u64 > args.max_build_kb * 1024;
    row.outcome = match (args.build, too_big) {
        (false, _) => "generated".to_owned(),
        (true, true) => "generated (not built: over the size limit)".to_owned(),
        (true, false) => build(&args.out.join(name), &generation.files),
    };
    row
}

/// Writes the crate and runs clippy on it; the outcome in a few words.
fn build(dir: &Path, files: &[generator::GeneratedFile]) -> String {
    if let Err(e) = generator::output::write_crate(dir, files, generator::output::Mode::Write, true) {
        return format!("not written: {e}");
    }
    let target = dir.parent().unwrap_or(dir).join("target");
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["clippy", "--quiet", "--all-targets", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target)
        .output();
    match output {
        Ok(output) if output.status.success() => "builds, no warnings".to_owned(),
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("").to_owned();
            eprintln!("{stderr}");
            format!("build fails: {first}")
        }
        Err(e) => format!("cargo did not run: {e}"),
    }
}

/// Operations as the document states them (before any normalizing), for the table's first column.
fn count_operations(text: &str) -> usize {
    let value: Result<serde_json::Value, _> = serde_json::from_str(text);
    let value = value.ok().or_else(|| serde_yaml::from_str::<serde_json::Value>(text).ok());
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
        "| document | OpenAPI | operations | generated | warnings by kind | result |\n|---|---|---:|---:|---|---|\n",
    );
    for row in rows {
        let warnings: Vec<String> =
            row.warnings.iter().map(|(kind, count)| format!("{count} {}", kind.label())).collect();
        let warnings = if warnings.is_empty() { "none".to_owned() } else { warnings.join(", ") };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            row.name, row.version, row.operations, row.generated, warnings, row.outcome
        );
    }
    let operations: usize = rows.iter().map(|r| r.operations).sum();
    let generated: usize = rows.iter().map(|r| r.generated).sum();
    let share = if operations == 0 { 100.0 } else { 100.0 * generated as f64 / operations as f64 };
    let _ = writeln!(
        out,
        "| **{} documents** | | **{operations}** | **{generated}** ({share:.2} %) | | |",
        rows.len()
    );
    out
}
