//! `openapi-rust-gen`: generate a Rust client crate from an OpenAPI description, or check one.

use clap::Parser;
use std::process::ExitCode;

// Generation builds and drops millions of small token trees on every core; mimalloc's per-thread
// heaps make that about a third cheaper than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    openapi_rust_gen::allocator::keep_freed_memory();
    openapi_rust_gen::main(openapi_rust_gen::Cli::parse())
}
