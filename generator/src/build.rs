//! One call for a `build.rs`: generate a client from a spec into `OUT_DIR`, to `include!` at the
//! root of the calling crate.
//!
//! ```ignore
//! // build.rs (with `generator` under [build-dependencies])
//! fn main() {
//!     generator::build::client("openapi.yaml").expect("the client is generated");
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/openapi-client/src/lib.rs"));
//! ```
//!
//! The crate needs the generated crate's dependencies and its `client` feature (see the
//! `Cargo.toml` written beside the sources). A config file beside the spec
//! ([`crate::config::CONFIG_FILE_NAME`]) is read as the CLI reads it; the layout is always flat.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::output::{Mode, OutputError};
use crate::settings::{LayoutChoice, Settings};
use std::path::{Path, PathBuf};

/// The directory under `OUT_DIR` the client is written to.
pub const OUT_SUBDIR: &str = "openapi-client";

/// Why a build script could not generate its client.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0} is not set: call this from a build script")]
    NotInBuildScript(&'static str),
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Spec(Diagnostics),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Generates the client for `spec` (relative to the crate's manifest directory) into
/// `$OUT_DIR/openapi-client`, and tells cargo to run again when the spec or its config changes.
/// Returns the `src/lib.rs` to `include!`. Warnings are shown as cargo warnings.
pub fn client(spec: impl AsRef<Path>) -> Result<PathBuf, BuildError> {
    let var = |name: &'static str| {
        std::env::var_os(name).map(PathBuf::from).ok_or(BuildError::NotInBuildScript(name))
    };
    let manifest_dir = var("CARGO_MANIFEST_DIR")?;
    let out = var("OUT_DIR")?.join(OUT_SUBDIR);
    let spec = manifest_dir.join(spec);
    println!("cargo:rerun-if-changed={}", spec.display());
    let text =
        std::fs::read_to_string(&spec).map_err(|source| BuildError::Read { path: spec.clone(), source })?;
    let spec_name = spec.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let mut settings = Settings { spec_name: spec_name.clone(), ..Settings::default() };
    let config_path = spec.parent().unwrap_or(&manifest_dir).join(crate::config::CONFIG_FILE_NAME);
    if config_path.is_file() {
        // Only a file that exists: cargo reruns every build for a path that does not.
        println!("cargo:rerun-if-changed={}", config_path.display());
        Config::read(&config_path).map_err(BuildError::Spec)?.apply(&mut settings);
    }
    settings.examples = false;
    settings.layout = LayoutChoice::Flat;
    settings.include_dir = Some(out.to_string_lossy().replace('\\', "/"));
    let (files, warnings) = crate::generate(&spec_name, &text, &settings).map_err(BuildError::Spec)?;
    for warning in warnings.warnings() {
        println!("cargo:warning={warning}");
    }
    crate::output::write_crate(&out, &files, Mode::Write, false)?;
    Ok(out.join("src/lib.rs"))
}
