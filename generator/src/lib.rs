//! An OpenAPI 3.0 and 3.1 → Rust client generator.
//!
//! The pipeline is a list of stages, each collecting all of its diagnostics before the next runs:
//! [`load()`] (text → `openapiv3`) → [`lower()`] (→ [`ir::Api`]) → [`emit()`] (→ formatted files).
//! [`generate()`] runs them all on spec text, as a [`Settings`] (or a [`Config`] file) asks.
//! The stages do no I/O; [`output`] writes a generated crate to disk without losing a file the
//! generator did not write, and [`build`] is the one-call entry point for `build.rs` scripts.

pub mod build;
pub mod config;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
mod normalize;
pub mod output;
pub mod pipeline;
pub mod settings;

pub use config::Config;
pub use diagnostics::{Diagnostic, Diagnostics, Severity, WarningKind};
pub use emit::{GeneratedFile, SPLIT_FROM_TYPES, emit};
pub use load::{LoadedSpec, load};
pub use lower::{lower, lower_with};
pub use pipeline::{Generation, OperationCounts, generate_timed, lower_selected};
pub use settings::{
    ClientOptions, EnvOptions, EnvelopeOptions, LayoutChoice, OneOrMore, Package, PaginationOption, Renames,
    Settings,
};

/// Runs the whole pipeline on spec text: the generated crate's files, plus any warnings.
pub fn generate(
    file: &str,
    text: &str,
    settings: &Settings,
) -> Result<(Vec<GeneratedFile>, Diagnostics), Diagnostics> {
    let generation = generate_timed(file, text, settings, &mut |_| {})?;
    Ok((generation.files, generation.warnings))
}
