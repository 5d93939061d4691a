//! What a run prints: the one summary line, the details `--verbose` adds, stage timings, and the
//! command that fixes drift.

use crate::Args;
use generator::Generation;
use generator::output::{Mode, Report};

/// `generated 12 of 14 operations (2 left out) · 3 warnings (2 operation left out, 1 keyword
/// ignored) · 40 files: 2 written, 38 unchanged, 0 removed in client`.
pub fn line(generation: &Generation, report: &Report, mode: Mode, out: &str) -> String {
    let ops = generation.operations;
    let mut notes = vec![format!("{} left out", ops.left_out())];
    if ops.not_selected > 0 {
        notes.push(format!("{} not selected by tag", ops.not_selected));
    }
    let by_kind = generation.warnings.warnings_by_kind();
    let total: usize = by_kind.values().sum();
    let kinds: Vec<String> = by_kind.iter().map(|(kind, n)| format!("{n} {}", kind.label())).collect();
    let warnings = match total {
        0 => "no warnings".to_owned(),
        n => format!("{n} warning{} ({})", plural(n), kinds.join(", ")),
    };
    let files = generation.files.len();
    let disk = match mode {
        Mode::Check => format!("{files} files up to date in {out}"),
        Mode::Write => {
            let mut counts = format!(
                "{} written, {} unchanged, {} removed",
                report.written.len(),
                report.unchanged,
                report.removed.len()
            );
            if !report.kept.is_empty() {
                counts.push_str(&format!(", {} kept (not generated)", report.kept.len()));
            }
            format!("{files} files in {out}: {counts}")
        }
    };
    let hint = if total > 0 { " (--verbose lists them)" } else { "" };
    format!(
        "generated {} of {} operations ({}) · {warnings} · {disk}{hint}",
        ops.generated,
        ops.in_spec,
        notes.join(", ")
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One line per file written, removed or kept.
pub fn file_details(report: &Report, mode: Mode) -> String {
    let (written, removed) = match mode {
        Mode::Write => ("wrote", "removed"),
        Mode::Check => ("would write", "would remove"),
    };
    let mut details = String::new();
    for file in &report.written {
        details.push_str(&format!("{written} {file}\n"));
    }
    for file in &report.removed {
        details.push_str(&format!("{removed} {file} (generated before, no longer)\n"));
    }
    for file in &report.kept {
        details.push_str(&format!("kept {file} (not written by the generator)\n"));
    }
    details
}

/// Times the stages when asked to, one line per stage.
pub struct Stopwatch {
    last: Option<std::time::Instant>,
    pub laps: String,
}

impl Stopwatch {
    pub fn new(enabled: bool) -> Self {
        Stopwatch { last: enabled.then(std::time::Instant::now), laps: String::new() }
    }

    pub fn lap(&mut self, stage: &str) {
        if let Some(last) = self.last.as_mut() {
            let now = std::time::Instant::now();
            let last = std::mem::replace(last, now);
            let ms = last.elapsed().as_secs_f64() * 1000.0;
            self.laps.push_str(&format!("{stage:>14}: {ms:>8.1} ms\n"));
        }
    }
}

/// The command that regenerates what `args` checked.
pub fn fix_command(program: &str, args: &Args) -> String {
    let mut command = program.to_owned();
    let mut flag = |name: &str, value: String| command.push_str(&format!(" --{name} {value}"));
    if let Some(spec) = &args.spec {
        flag("spec", spec.display().to_string());
    }
    if let Some(out) = &args.out {
        flag("out", out.display().to_string());
    }
    if let Some(config) = &args.config {
        flag("config", config.display().to_string());
    }
    if let Some(name) = &args.crate_name {
        flag("crate-name", name.clone());
    }
    for tag in &args.tags {
        flag("tag", tag.clone());
    }
    if let Some(layout) = args.layout {
        flag("layout", layout.name().to_owned());
    }
    if args.no_examples {
        command.push_str(" --no-examples");
    }
    command
}
