//! Project automation. `cargo xtask codegen [--check] [--spec FILE] [--out DIR] [--crate-name NAME]`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

// Generation builds and drops millions of small token trees on every core; mimalloc's per-thread
// heaps make that about a third cheaper than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "xtask", about = "Project automation for the OpenAPI → Rust generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate the client crate from an OpenAPI spec (by default `spec/` → `generated/`).
    Codegen(xtask::codegen::Args),
    /// Regenerate the fixture goldens under `tests/fixtures/golden` (or `--check` them).
    Goldens {
        /// Compare instead of writing; exit non-zero on any difference.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen(args) => xtask::codegen::run(&args),
        Command::Goldens { check } => {
            let mode = if check { xtask::codegen::Mode::Check } else { xtask::codegen::Mode::Write };
            match xtask::codegen::goldens(mode) {
                Ok(()) => ExitCode::SUCCESS,
                Err(report) => {
                    eprint!("{report}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
