//! The `openapi-rust-gen` command line: `generate` writes a client crate from a spec, `check`
//! reports how the crate on disk differs from a fresh generation. `cargo xtask codegen` runs the
//! same code with this repository's paths as defaults.

pub mod allocator;
mod paths;
mod summary;

use clap::{Parser, Subcommand};
use generator::output::Mode;
use generator::{Config, LayoutChoice, Settings};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "openapi-rust-gen",
    version,
    about = "Generate a Rust client crate from an OpenAPI 3.0 description"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Write the client crate (never touching a file the generator did not write).
    Generate(Args),
    /// Compare the crate on disk with a fresh generation; fail with a diff on any difference.
    Check(Args),
}

/// Where the spec and the crate are, and the choices a config file can also make (these win).
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Args {
    /// The OpenAPI description (3.0 or 3.1), YAML or JSON.
    #[arg(long)]
    pub spec: Option<PathBuf>,
    /// The crate's directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// A config file (TOML); by default `openapi-rust-gen.toml` beside the spec, if there is one.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The crate name (default: the config's, else from the spec's `info.title`).
    #[arg(long)]
    pub crate_name: Option<String>,
    /// Write no examples.
    #[arg(long)]
    pub no_examples: bool,
    /// Generate only the operations with this tag (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// `grouped` (a module and a cargo feature per tag when there are two tags or more; two
    /// crates from 1,000 types up; the default), `one-crate` (as `grouped`, never two crates),
    /// `flat` (one module per concern, one crate), or `split` (as `grouped`, always two crates:
    /// the types responses reach in a crate of their own).
    #[arg(long, value_parser = parse_layout)]
    pub layout: Option<LayoutChoice>,
    /// Write into a directory that holds files the generator did not write; they are kept.
    #[arg(long)]
    pub force: bool,
    /// Fail when the generator reports warnings.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Print nothing but errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print every warning and every file written, removed or kept.
    #[arg(long, short)]
    pub verbose: bool,
}

fn parse_layout(text: &str) -> Result<LayoutChoice, String> {
    LayoutChoice::ALL.into_iter().find(|choice| choice.name() == text).ok_or_else(|| {
        let names: Vec<String> =
            LayoutChoice::ALL.iter().map(|choice| format!("`{}`", choice.name())).collect();
        format!("expected one of {}", names.join(", "))
    })
}

/// The binary's entry point.
pub fn main(cli: Cli) -> ExitCode {
    let (args, mode) = match &cli.command {
        Command::Generate(args) => (args, Mode::Write),
        Command::Check(args) => (args, Mode::Check),
    };
    let invocation =
        Invocation { program: "openapi-rust-gen generate", default_spec: None, default_out: None };
    exit_code(run(args, mode, &invocation, &mut std::io::stdout(), &mut std::io::stderr()))
}

/// Prints an error report, if any, and turns it into the exit code.
pub fn exit_code(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(report) => {
            eprint!("{report}");
            ExitCode::FAILURE
        }
    }
}

/// How the tool was called: what a drift report tells the user to run, and the paths used when
/// `--spec` or `--out` is not given.
#[derive(Debug, Clone, Copy)]
pub struct Invocation<'a> {
    pub program: &'a str,
    pub default_spec: Option<&'a Path>,
    pub default_out: Option<&'a Path>,
}

/// Generates, then writes or checks. Progress goes to `out` and `err`; `Err` holds the report of
/// what failed.
pub fn run(
    args: &Args,
    mode: Mode,
    invocation: &Invocation<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), String> {
    let spec_arg = args.spec.as_deref().or(invocation.default_spec);
    let out_arg = args.out.as_deref().or(invocation.default_out);
    let (Some(spec_arg), Some(out_arg)) = (spec_arg, out_arg) else {
        return Err("error: both --spec and --out are required\n".to_owned());
    };
    let absolute = |path: &Path| {
        paths::absolute(path).map_err(|e| format!("error: cannot resolve {}: {e}\n", path.display()))
    };
    let (spec_path, out_dir) = (absolute(spec_arg)?, absolute(out_arg)?);
    let project = paths::project_root(&out_dir);
    let spec_name = paths::shown(&spec_path, project.as_deref());
    // As the user wrote it; a default as the project names it.
    let out_shown = match &args.out {
        Some(out) => out.display().to_string(),
        None => paths::shown(&out_dir, project.as_deref()),
    };
    let text = std::fs::read_to_string(&spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}\n", spec_arg.display()))?;
    let settings = settings(args, &spec_path, &out_dir, spec_name.clone())?;

    let mut clock = summary::Stopwatch::new(args.timings);
    let generation = generator::generate_timed(&spec_name, &text, &settings, &mut |stage| clock.lap(stage))
        .map_err(|d| {
        format!("{d}error: {spec_name} could not be generated ({} problem(s) above)\n", d.items.len())
    })?;
    // Every warning with `--verbose`; without it, the spec defects that were repaired (the
    // document is at fault, and its author should hear of it); with `--quiet`, none.
    let shown = generation.warnings.warnings().filter(|d| {
        args.verbose || (!args.quiet && d.kind.is_some_and(generator::WarningKind::shown_by_default))
    });
    for warning in shown {
        let _ = writeln!(err, "{warning}");
    }
    if args.deny_warnings && generation.warnings.warnings().next().is_some() {
        return Err(format!(
            "{}error: warnings are denied (--deny-warnings)\n",
            if args.verbose { String::new() } else { generation.warnings.to_string() }
        ));
    }
    let report = generator::output::write_crate(&out_dir, &generation.files, mode, args.force)
        .map_err(|e| format!("error: {e}\n"))?;
    clock.lap(if mode == Mode::Check { "compare" } else { "write" });
    let _ = write!(err, "{}", clock.laps);
    if mode == Mode::Check && !report.drift.is_empty() {
        return Err(format!(
            "{}\nerror: {out_shown} is out of date with {spec_name}; run `{}`\n",
            report.drift.join("\n"),
            summary::fix_command(invocation.program, args)
        ));
    }
    if args.verbose {
        let _ = write!(err, "{}", summary::file_details(&report, mode));
    }
    if !args.quiet {
        let _ = writeln!(out, "{}", summary::line(&generation, &report, mode, &out_shown));
    }
    Ok(())
}

/// Defaults, then the config file, then the flags: each wins over what came before it.
fn settings(args: &Args, spec: &Path, out: &Path, spec_name: String) -> Result<Settings, String> {
    let mut settings =
        Settings { spec_name, standalone: !paths::is_workspace_member(out), ..Settings::default() };
    let config = match &args.config {
        Some(path) => Some(paths::absolute(path).map_err(|e| format!("error: {}: {e}\n", path.display()))?),
        None => Config::beside(spec),
    };
    if let Some(path) = config {
        Config::read(&path).map_err(|d| format!("{d}"))?.apply(&mut settings);
    }
    if let Some(name) = &args.crate_name {
        settings.crate_name = Some(name.clone());
    }
    if args.no_examples {
        settings.examples = false;
    }
    if !args.tags.is_empty() {
        settings.tags = args.tags.clone();
    }
    if let Some(layout) = args.layout {
        settings.layout = layout;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_parses_by_its_name_and_a_wrong_one_lists_them() {
        for choice in LayoutChoice::ALL {
            assert_eq!(parse_layout(choice.name()), Ok(choice));
        }
        let error = parse_layout("grouped-split").unwrap_err();
        assert_eq!(error, "expected one of `grouped`, `one-crate`, `flat`, `split`");
    }
}
