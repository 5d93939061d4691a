//! The generator's config file (TOML): crate metadata, which operations to generate, the layout,
//! and anything `x-rust-client` can say, for a spec you cannot or would rather not edit.
//!
//! ```toml
//! [package]
//! name = "petstore-client"
//! version = "1.2.0"
//! license = "Apache-2.0"
//! publish = true
//! description = "A client for the pet store."
//!
//! [generate]
//! examples = false
//! tags = ["pets"]
//! layout = "flat"          # "grouped" (the default): a module and a feature per tag;
//!                          # "split": flat, the types responses reach in a crate of their own
//!
//! [client]                 # the keys of `x-rust-client`; these win over the spec's
//! user-agent = "petstore-rust"
//! env = { base-url = "PETSTORE_BASE_URL", bearer-token = "PETSTORE_TOKEN" }
//!
//! [rename]                 # new names, by the names the generator gives
//! operations = { list_pets_v2 = "list_pets" }
//! types = { PetsGetResponse200 = "PetPage" }
//! ```

use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::settings::{ClientOptions, LayoutChoice, Renames, Settings};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The conventional name of the config file, looked for beside the spec.
pub const CONFIG_FILE_NAME: &str = "openapi-rust-gen.toml";

/// A parsed config file. Every field is optional: what it leaves out keeps its default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    package: PackageConfig,
    #[serde(default)]
    generate: GenerateConfig,
    /// Merged over the spec's `x-rust-client`, field by field.
    client: Option<ClientOptions>,
    /// New names for operations and types.
    #[serde(default)]
    rename: Renames,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackageConfig {
    name: Option<String>,
    version: Option<String>,
    license: Option<String>,
    publish: Option<bool>,
    description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GenerateConfig {
    examples: Option<bool>,
    tags: Option<Vec<String>>,
    layout: Option<LayoutChoice>,
}

impl Config {
    /// Parses a config file's text; `file` names it in diagnostics.
    pub fn parse(file: &str, text: &str) -> Result<Config, Diagnostics> {
        let fail = |pointer: String, line_col, message: String| Diagnostics {
            items: vec![Diagnostic {
                severity: Severity::Error,
                kind: None,
                file: file.to_owned(),
                pointer,
                line_col,
                message,
            }],
        };
        let deserializer = toml::Deserializer::parse(text).map_err(|e| {
            fail(String::new(), line_col(text, e.span()), format!("not valid TOML: {}", e.message()))
        })?;
        let config: Config = serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let pointer = toml_path_to_pointer(&e.path().to_string());
            let at = line_col(text, e.inner().span());
            fail(pointer, at, format!("invalid config: {}", e.inner().message()))
        })?;
        Ok(config)
    }

    /// Reads and parses the config file at `path`.
    pub fn read(path: &Path) -> Result<Config, Diagnostics> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Diagnostics {
            items: vec![Diagnostic {
                severity: Severity::Error,
                kind: None,
                file: file.clone(),
                pointer: String::new(),
                line_col: None,
                message: format!("cannot read the config file: {e}"),
            }],
        })?;
        Config::parse(&file, &text)
    }

    /// The config file beside `spec`, by the conventional name, if there is one.
    pub fn beside(spec: &Path) -> Option<PathBuf> {
        let candidate = spec.parent().unwrap_or(Path::new("")).join(CONFIG_FILE_NAME);
        candidate.is_file().then_some(candidate)
    }

    /// Writes what the file says over `settings`: the file wins over defaults and the spec.
    pub fn apply(&self, settings: &mut Settings) {
        let (package, generate) = (&self.package, &self.generate);
        settings.crate_name = package.name.clone().or(settings.crate_name.take());
        if let Some(version) = &package.version {
            settings.package.version = version.clone();
        }
        if package.license.is_some() {
            settings.package.license = package.license.clone();
        }
        settings.package.publish = package.publish.unwrap_or(settings.package.publish);
        settings.package.description = package.description.clone().or(settings.package.description.take());
        settings.examples = generate.examples.unwrap_or(settings.examples);
        settings.tags = generate.tags.clone().unwrap_or(std::mem::take(&mut settings.tags));
        settings.layout = generate.layout.unwrap_or(settings.layout);
        if let Some(client) = &self.client {
            let before = settings.client.take().unwrap_or_default();
            settings.client = Some(before.merged(client));
        }
        settings.renames.operations.extend(self.rename.operations.clone());
        settings.renames.types.extend(self.rename.types.clone());
    }
}

/// `package.name` → `/package/name`; `generate.tags[1]` → `/generate/tags/1`.
fn toml_path_to_pointer(path: &str) -> String {
    if path == "." {
        return String::new();
    }
    path.split('.').map(|segment| format!("/{}", segment.replace('[', "/").replace(']', ""))).collect()
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, span: Option<std::ops::Range<usize>>) -> Option<(usize, usize)> {
    let before = text.get(..span?.start)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

#[cfg(test)]
mod tests;
