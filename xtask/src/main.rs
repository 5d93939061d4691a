//! Project automation: `cargo xtask codegen [--check]` (the CLI's options, with this
//! repository's spec and crate as defaults) and `cargo xtask goldens [--check]`.

use clap::{Parser, Subcommand};
use generator::output::Mode;
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
    Codegen(xtask::codegen::CodegenArgs),
    /// Generate (and with `--build`, build) every document of a real-world corpus; prints the
    /// table CORPUS.md shows.
    Corpus(xtask::corpus::CorpusArgs),
    /// Regenerate the fixture goldens under `tests/fixtures/golden` (or `--check` them).
    Goldens {
        /// Compare instead of writing; exit non-zero on any difference.
        #[arg(long)]
        check: bool,
    },
    /// Run a program and print its peak memory (how `corpus` measures each command).
    #[command(hide = true)]
    Measure {
        program: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() -> ExitCode {
    openapi_rust_gen::allocator::keep_freed_memory();
    match Cli::parse().command {
        Command::Codegen(args) => openapi_rust_gen::exit_code(xtask::codegen::codegen(&args)),
        Command::Corpus(args) => openapi_rust_gen::exit_code(xtask::corpus::corpus(&args)),
        Command::Goldens { check } => {
            let mode = if check { Mode::Check } else { Mode::Write };
            openapi_rust_gen::exit_code(xtask::codegen::goldens(mode))
        }
        Command::Measure { program, args } => {
            openapi_rust_gen::exit_code(xtask::corpus::measure_child(&program, &args))
        }
    }
}
