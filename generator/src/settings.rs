//! The caller's choices about a generated crate: its package metadata, which operations it has,
//! its layout, and client settings that override the spec's `x-rust-client` extension.

/// Everything a caller decides about one generation; [`crate::Config`] reads it from a file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The crate name; derived from the spec's title when `None`.
    pub crate_name: Option<String>,
    /// The manifest's `[package]` metadata.
    pub package: Package,
    /// The spec file as named in headers (a path relative to the project, for stable output).
    pub spec_name: String,
    /// Add an empty `[workspace]` so the crate builds outside any workspace.
    pub standalone: bool,
    /// Write a runnable example per operation (per group in a grouped crate).
    pub examples: bool,
    /// Keep only the operations with one of these tags (and the types they use); all when empty.
    pub tags: Vec<String>,
    /// One module per file, or a module and a cargo feature per tag.
    pub layout: LayoutChoice,
    /// Client settings in the shape of `x-rust-client`, merged over the spec's (these win).
    pub client: Option<serde_json::Value>,
    /// Make `src/lib.rs` a file to `include!` at the root of another crate, whose modules are
    /// read from this (absolute) directory: how [`crate::build`] works. The layout is then flat.
    pub include_dir: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            crate_name: None,
            package: Package::default(),
            spec_name: "openapi.yaml".to_owned(),
            standalone: true,
            examples: true,
            tags: Vec::new(),
            layout: LayoutChoice::Grouped,
            client: None,
            include_dir: None,
        }
    }
}

/// The generated manifest's `[package]` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    pub version: String,
    /// An SPDX expression; the manifest has no `license` when `None`.
    pub license: Option<String>,
    pub publish: bool,
    /// Derived from the spec's title when `None`.
    pub description: Option<String>,
}

impl Default for Package {
    fn default() -> Self {
        Package {
            version: "0.1.0".to_owned(),
            license: Some("MIT OR Apache-2.0".to_owned()),
            publish: false,
            description: None,
        }
    }
}

/// How the crate's modules are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutChoice {
    /// A module and a cargo feature per tag, when the operations have two tags or more.
    #[default]
    Grouped,
    /// One `types.rs`, `operations.rs`, … whatever the spec's size.
    Flat,
}

/// Merges `overrides` into `base`: objects key by key, recursively; any other value replaces.
pub(crate) fn merge_json(base: &mut serde_json::Value, overrides: &serde_json::Value) {
    match (base, overrides) {
        (serde_json::Value::Object(base), serde_json::Value::Object(overrides)) => {
            for (key, value) in overrides {
                match base.get_mut(key) {
                    Some(existing) => merge_json(existing, value),
                    None => {
                        base.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (base, overrides) => *base = overrides.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::merge_json;
    use serde_json::json;

    #[test]
    fn overrides_win_key_by_key_and_keep_what_they_do_not_name() {
        let mut base =
            json!({"user-agent": "spec", "env": {"base-url": "A", "bearer-token": "B"}, "keep": [1]});
        merge_json(&mut base, &json!({"user-agent": "config", "env": {"bearer-token": "C"}, "keep": [2, 3]}));
        assert_eq!(
            base,
            json!({"user-agent": "config", "env": {"base-url": "A", "bearer-token": "C"}, "keep": [2, 3]})
        );
    }

    #[test]
    fn an_object_replaces_a_scalar_and_the_reverse() {
        let mut base = json!({"a": 1, "b": {"c": 2}});
        merge_json(&mut base, &json!({"a": {"x": true}, "b": null}));
        assert_eq!(base, json!({"a": {"x": true}, "b": null}));
    }
}
