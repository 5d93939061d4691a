//! The caller's choices about a generated crate: its package metadata, which operations it has,
//! its layout, and client options that override the spec's `x-rust-client` extension.
//!
//! Client options come from two places, the spec's `x-rust-client` and a config file's
//! `[client]`, in one typed form ([`ClientOptions`], every field optional), merged field by
//! field ([`ClientOptions::merged`]); lowering resolves the result into the IR's
//! [`ClientBehaviour`](crate::ir::ClientBehaviour), and the emitter writes that into the
//! generated crate as the runtime's `ClientProfile`.

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
    /// Client options over the spec's `x-rust-client` (these win, field by field).
    pub client: Option<ClientOptions>,
    /// Make `src/lib.rs` a file to `include!` at the root of another crate, whose modules are
    /// read from this (absolute) directory: how [`crate::build`] works. The layout is then flat.
    pub include_dir: Option<String>,
    /// New names for operations and types (a config file's `[rename]`).
    pub renames: Renames,
}

/// New names, by the name the generator gives: operations by function name, types by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renames {
    #[serde(default)]
    pub operations: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    pub types: std::collections::BTreeMap<String, String>,
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
            renames: Renames::default(),
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

/// How the crate's modules are laid out, and in how many crates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LayoutChoice {
    /// A module and a cargo feature per tag, when the operations have two tags or more;
    /// otherwise flat. In two crates (as [`LayoutChoice::Split`]) from
    /// [`SPLIT_FROM_TYPES`](crate::SPLIT_FROM_TYPES) types up.
    #[default]
    Grouped,
    /// As [`LayoutChoice::Grouped`], in one crate whatever the spec's size.
    OneCrate,
    /// One `types.rs`, `operations.rs`, … in one crate, whatever the spec's size.
    Flat,
    /// In two crates whatever the spec's size: the types responses reach (and the schemas no
    /// operation uses) in a crate of their own, `<name>-models` in `models/`, which the client
    /// crate re-exports. Grouped by tag, in both crates, as [`LayoutChoice::Grouped`] is.
    Split,
}

impl LayoutChoice {
    /// Every choice, in the order the help lists them.
    pub const ALL: [LayoutChoice; 4] =
        [LayoutChoice::Grouped, LayoutChoice::OneCrate, LayoutChoice::Flat, LayoutChoice::Split];

    /// The choice as a config file and the command line write it.
    pub fn name(self) -> &'static str {
        match self {
            LayoutChoice::Grouped => "grouped",
            LayoutChoice::OneCrate => "one-crate",
            LayoutChoice::Flat => "flat",
            LayoutChoice::Split => "split",
        }
    }
}

/// What `x-rust-client` (or a config file's `[client]`) can say, as written: every field
/// optional, so that two sources merge field by field.
///
/// ```yaml
/// x-rust-client:
///   envelope: { result: result, success: success, errors: errors, messages: messages }
///   user-agent: my-api-rust
///   request-id-headers: [x-my-api-request-id]
///   env:
///     base-url: MY_API_BASE_URL
///     bearer-token: MY_API_TOKEN
///     basic-username: MY_API_USER
///     basic-password: MY_API_PASSWORD
///     api-keys: { X-Api-Key: MY_API_KEY }
///   # Tried in order on each GET operation whose output is a list (or, with `items`, an object
///   # with a list in that property); the first whose query parameter the operation has wins.
///   pagination:
///     - { style: page-number, page: page, total-pages: /result_info/total_pages }
///     # `next` may list several pointers: the first that holds a cursor is taken.
///     - { style: cursor, cursor: cursor, next: [/result_info/cursor, /result_info/cursors/after] }
///     - { style: link, items: data }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClientOptions {
    pub envelope: Option<EnvelopeOptions>,
    pub user_agent: Option<String>,
    pub request_id_headers: Option<Vec<String>>,
    #[serde(default)]
    pub env: EnvOptions,
    pub pagination: Option<Vec<PaginationOption>>,
}

/// The properties around a success's payload.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvelopeOptions {
    /// Required once the sources are merged.
    pub result: Option<String>,
    pub result_info: Option<String>,
    pub success: Option<String>,
    pub errors: Option<String>,
    pub messages: Option<String>,
}

/// The environment variables `Client::from_env` reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct EnvOptions {
    pub base_url: Option<String>,
    pub bearer_token: Option<String>,
    pub basic_username: Option<String>,
    pub basic_password: Option<String>,
    /// By API key header name; merged key by key.
    #[serde(default)]
    pub api_keys: std::collections::BTreeMap<String, String>,
}

/// One pagination style.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", rename_all_fields = "kebab-case", tag = "style")]
pub enum PaginationOption {
    PageNumber { page: String, total_pages: Option<String>, items: Option<String> },
    Cursor { cursor: String, next: OneOrMore, items: Option<String> },
    Link { items: Option<String> },
}

/// A JSON pointer, or several tried in order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum OneOrMore {
    One(String),
    More(Vec<String>),
}

impl ClientOptions {
    /// These options with what `over` says in their place, field by field (the envelope's and
    /// the environment's fields each on their own, API keys key by key; a list as a whole).
    pub fn merged(mut self, over: &ClientOptions) -> ClientOptions {
        if let Some(envelope) = &over.envelope {
            let mine = self.envelope.get_or_insert_with(EnvelopeOptions::default);
            let fields = [
                (&mut mine.result, &envelope.result),
                (&mut mine.result_info, &envelope.result_info),
                (&mut mine.success, &envelope.success),
                (&mut mine.errors, &envelope.errors),
                (&mut mine.messages, &envelope.messages),
            ];
            for (mine, theirs) in fields {
                override_with(mine, theirs);
            }
        }
        override_with(&mut self.user_agent, &over.user_agent);
        override_with(&mut self.request_id_headers, &over.request_id_headers);
        override_with(&mut self.pagination, &over.pagination);
        let (env, theirs) = (&mut self.env, &over.env);
        override_with(&mut env.base_url, &theirs.base_url);
        override_with(&mut env.bearer_token, &theirs.bearer_token);
        override_with(&mut env.basic_username, &theirs.basic_username);
        override_with(&mut env.basic_password, &theirs.basic_password);
        env.api_keys.extend(theirs.api_keys.iter().map(|(k, v)| (k.clone(), v.clone())));
        self
    }
}

fn override_with<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>) {
    if theirs.is_some() {
        mine.clone_from(theirs);
    }
}

#[cfg(test)]
mod tests {
    use super::{ClientOptions, EnvOptions, EnvelopeOptions};

    fn options(json: serde_json::Value) -> ClientOptions {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn overrides_win_field_by_field_and_keep_what_they_do_not_name() {
        let spec = options(serde_json::json!({
            "user-agent": "spec", "request-id-headers": ["a"],
            "envelope": {"result": "result", "success": "ok"},
            "env": {"base-url": "A", "bearer-token": "B", "api-keys": {"X-One": "ONE", "X-Two": "TWO"}},
        }));
        let config = options(serde_json::json!({
            "user-agent": "config", "envelope": {"result": "data"},
            "env": {"bearer-token": "C", "api-keys": {"X-Two": "TWO2"}},
        }));
        let merged = spec.merged(&config);
        assert_eq!(merged.user_agent.as_deref(), Some("config"));
        assert_eq!(merged.request_id_headers, Some(vec!["a".to_owned()]));
        assert_eq!(
            merged.envelope,
            Some(EnvelopeOptions {
                result: Some("data".into()),
                success: Some("ok".into()),
                ..Default::default()
            })
        );
        let keys = [("X-One", "ONE"), ("X-Two", "TWO2")].map(|(k, v)| (k.to_owned(), v.to_owned()));
        assert_eq!(
            merged.env,
            EnvOptions {
                base_url: Some("A".into()),
                bearer_token: Some("C".into()),
                api_keys: keys.into(),
                ..Default::default()
            }
        );
    }

    #[test]
    fn nothing_over_changes_nothing() {
        let spec = options(serde_json::json!({"user-agent": "spec", "pagination": [{"style": "link"}]}));
        assert_eq!(spec.clone().merged(&ClientOptions::default()), spec);
    }
}
