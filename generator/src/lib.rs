//! An OpenAPI 3.0 → Rust client generator.
//!
//! The pipeline is a list of stages, each collecting all of its diagnostics before the next runs:
//! [`load()`] (text → `openapiv3`) → [`lower()`] (→ [`ir::Api`]) → [`emit()`] (→ formatted files).
//! The library does no I/O: callers (the xtask) read specs and write files.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
mod repair;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use emit::{GeneratedFile, Settings, emit};
pub use load::{LoadedSpec, load};
pub use lower::lower;

/// Runs the whole pipeline on spec text: the generated crate's files, plus any warnings.
pub fn generate(
    file: &str,
    text: &str,
    settings: &Settings,
) -> Result<(Vec<GeneratedFile>, Diagnostics), Diagnostics> {
    let spec = load(file, text)?;
    let (api, mut warnings) = lower(&spec)?;
    warnings.items.splice(0..0, spec.warnings);
    let files = emit(&api, settings);
    Ok((files, warnings))
}
