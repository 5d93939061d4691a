//! Project automation. `cargo xtask codegen [--check] [--spec FILE] [--out DIR] [--crate-name NAME]`.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

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
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Codegen(args) => xtask::codegen::run(&args),
    }
}
