//! Emits the generated crate's `Cargo.toml`, built as a TOML document (so every string is
//! escaped as TOML, not as Rust) with the comments a reader needs.

use super::layout::{Layout, UNREFERENCED_FEATURE};
use crate::ir::{Api, TypeRef};
use crate::settings::Settings;
use toml_edit::{DocumentMut, InlineTable, Item, Table, value};

/// The crate manifest; a standalone crate gets an empty `[workspace]` so it builds anywhere.
pub fn cargo_toml(api: &Api, layout: &Layout<'_>, crate_name: &str, settings: &Settings) -> String {
    let mut doc = DocumentMut::new();
    let description = settings.package.description.clone().unwrap_or_else(|| {
        format!("Rust client for the {}, generated from its OpenAPI description.", api.info.title)
    });
    doc.insert("package", Item::Table(with_docs_rs(package(crate_name, description, settings))));
    let models = layout.is_split().then(|| super::models::package_name(crate_name));
    doc.insert("features", Item::Table(features(layout, models.as_deref())));
    let mut dependencies = dependencies(api);
    if let Some(models) = &models {
        let options = [("path", super::models::DIRECTORY.into())];
        dependencies.insert(models, dependency(&settings.package.version, &options));
        dependencies.sort_values();
    }
    doc.insert("dependencies", Item::Table(dependencies));
    let mut dev = Table::new();
    dev.insert("tokio", dependency("1", &[("features", strings(["macros", "rt-multi-thread"]))]));
    doc.insert("dev-dependencies", Item::Table(dev));
    let examples = super::examples(api, layout, settings);
    if !examples.is_empty() {
        let mut tables = toml_edit::ArrayOfTables::new();
        for op in examples {
            let mut example = Table::new();
            example.insert("name", value(crate::naming::unraw(&op.rust_name)));
            let group = layout.group_of(op).map(|g| g.feature.as_str());
            example.insert("required-features", value(strings(["client"].into_iter().chain(group))));
            tables.push(example);
        }
        doc.insert("example", Item::ArrayOfTables(tables));
    }
    if settings.standalone {
        doc.insert("workspace", Item::Table(Table::new()));
    }
    doc.to_string()
}

/// A split crate's models crate's manifest: the runtime's data half's dependencies, and its
/// `client` feature (multipart bodies streamed from files) and a grouped crate's group features,
/// which the client crate's namesakes turn on.
pub fn models_toml(api: &Api, layout: &Layout<'_>, crate_name: &str, settings: &Settings) -> String {
    let description =
        format!("The types of `{crate_name}` that its responses reach (used through `{crate_name}`).");
    let mut doc = DocumentMut::new();
    let models_crate = super::models::package_name(crate_name);
    doc.insert("package", Item::Table(package(&models_crate, description, settings)));
    let mut features = Table::new();
    let client = strings(["dep:futures-util", "dep:tokio", "dep:tokio-util"]);
    let comment = "Multipart bodies streamed from files, for the client crate's `client` feature.";
    insert_commented(&mut features, "client", value(client), comment);
    if let Some(first) = layout.groups.first() {
        group_features(&mut features, layout, None);
        let comment = "Each group's types, turned on by the client crate's feature of the same name.";
        if let Some(mut key) = features.key_mut(&first.feature) {
            key.leaf_decor_mut().set_prefix(format!("# {comment}\n"));
        }
    }
    doc.insert("features", Item::Table(features));
    let mut dependencies = dependencies(api);
    dependencies.retain(|name, _| !CLIENT_ONLY_DEPENDENCIES.contains(&name));
    doc.insert("dependencies", Item::Table(dependencies));
    doc.to_string()
}

/// What only the runtime's client half needs.
const CLIENT_ONLY_DEPENDENCIES: &[&str] = &["httpdate", "reqwest", "tracing"];

fn package(crate_name: &str, description: String, settings: &Settings) -> Table {
    let package = &settings.package;
    let mut table = Table::new();
    table.insert("name", value(crate_name));
    table.insert("version", value(&package.version));
    table.insert("edition", value("2024"));
    table.insert("rust-version", value("1.85"));
    table.insert("description", value(description));
    if let Some(license) = &package.license {
        table.insert("license", value(license));
    }
    if !package.publish {
        table.insert("publish", value(false));
    }
    table
}

/// The `[package]` table with `[package.metadata.docs.rs]`: every feature documented, each item
/// marked with the features it needs (`doc(cfg)`, behind `--cfg docsrs`).
fn with_docs_rs(mut package: Table) -> Table {
    let mut docs_rs = Table::new();
    docs_rs.insert("all-features", value(true));
    docs_rs.insert("rustdoc-args", value(strings(["--cfg", "docsrs"])));
    let mut metadata = Table::new();
    metadata.set_implicit(true);
    metadata.insert("docs", {
        let mut docs = Table::new();
        docs.set_implicit(true);
        docs.insert("rs", Item::Table(docs_rs));
        Item::Table(docs)
    });
    package.insert("metadata", Item::Table(metadata));
    package
}

/// `client`, and for a grouped crate `full` and one feature per group. A split crate's `client`
/// turns on its models crate's.
fn features(layout: &Layout<'_>, models: Option<&str>) -> Table {
    let mut table = Table::new();
    let default = if layout.is_flat() { strings(["client"]) } else { strings(["client", "full"]) };
    insert_commented(
        &mut table,
        "default",
        value(default),
        "The HTTP client (reqwest with rustls, tokio). Without it: types, validation and the sans-IO layer.",
    );
    let models_client = models.map(|models| format!("{models}/client"));
    let client = ["dep:futures-util", "dep:httpdate", "dep:reqwest", "dep:tokio", "dep:tokio-util"];
    table.insert("client", value(strings(models_client.as_deref().into_iter().chain(client))));
    insert_commented(
        &mut table,
        "blocking",
        value(strings(["client"])),
        "A blocking client (`blocking::Client`) over the same client, retries and all.",
    );
    insert_commented(
        &mut table,
        "tracing",
        value(strings(["dep:tracing"])),
        "A `tracing` span per call and an event per attempt; never a credential or a body.",
    );
    if layout.is_flat() {
        return table;
    }
    let all = layout.groups.iter().map(|g| g.feature.as_str()).chain([UNREFERENCED_FEATURE]);
    insert_commented(
        &mut table,
        "full",
        value(strings(all)),
        "Every group below. A group's feature compiles its operations, client methods and the types\n\
         they use; pick the groups you need with `default-features = false`.",
    );
    group_features(&mut table, layout, models);
    table
}

/// A feature per group and [`UNREFERENCED_FEATURE`]; in a split crate's client crate, each turns
/// on its namesake in the models crate (`models`).
fn group_features(table: &mut Table, layout: &Layout<'_>, models: Option<&str>) {
    let forward = |feature: &str| -> toml_edit::Value {
        toml_edit::Value::Array(models.map(|models| format!("{models}/{feature}")).into_iter().collect())
    };
    for group in &layout.groups {
        table.insert(&group.feature, value(forward(&group.feature)));
    }
    let unreferenced = value(forward(UNREFERENCED_FEATURE));
    insert_commented(table, UNREFERENCED_FEATURE, unreferenced, "The schemas no operation uses.");
}

/// The runtime's dependencies, plus chrono and uuid when the API has dates or UUIDs; sorted.
fn dependencies(api: &Api) -> Table {
    let optional = ("optional", value(true).into_value().expect("a value"));
    let mut entries = vec![
        ("base64", dependency("0.22", &[])),
        ("bytes", dependency("1", &[])),
        ("fastrand", dependency("2", &[])),
        ("futures-util", dependency("0.3", &[("default-features", false.into()), optional.clone()])),
        ("http", dependency("1", &[])),
        ("httpdate", dependency("1", std::slice::from_ref(&optional))),
        ("percent-encoding", dependency("2", &[])),
        ("regex-automata", dependency("0.4", &[])),
        (
            "reqwest",
            dependency(
                "0.13",
                &[
                    ("default-features", false.into()),
                    ("features", strings(["rustls", "http2", "stream"])),
                    optional.clone(),
                ],
            ),
        ),
        ("serde", dependency("1", &[("features", strings(["derive"]))])),
        ("serde_json", dependency("1", &[])),
        ("thiserror", dependency("2", &[])),
        ("tokio", dependency("1", &[("features", strings(["fs", "rt", "time"])), optional.clone()])),
        ("tokio-util", dependency("0.7", &[("features", strings(["io"])), optional.clone()])),
        ("tracing", dependency("0.1", &[("default-features", false.into()), optional.clone()])),
    ];
    if super::crate_files::uses(api, |ty| matches!(ty, TypeRef::DateTime | TypeRef::Date)) {
        let options = [("default-features", false.into()), ("features", strings(["serde", "std"]))];
        entries.push(("chrono", dependency("0.4", &options)));
    }
    if super::crate_files::uses_ecma_patterns(api) {
        entries.push(("regress", dependency("0.12", &[])));
    }
    if super::crate_files::uses(api, |ty| matches!(ty, TypeRef::Uuid)) {
        entries.push(("uuid", dependency("1", &[])));
    }
    entries.sort_by_key(|(name, _)| *name);
    let mut table = Table::new();
    for (name, item) in entries {
        table.insert(name, item);
    }
    table
}

/// `"1"` alone, or `{ version = "1", … }` inline when there are options.
fn dependency(version: &str, options: &[(&str, toml_edit::Value)]) -> Item {
    if options.is_empty() {
        return value(version);
    }
    let mut table = InlineTable::new();
    table.insert("version", version.into());
    for (key, option) in options {
        table.insert(*key, option.clone());
    }
    value(table)
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> toml_edit::Value {
    toml_edit::Value::Array(items.into_iter().collect())
}

/// Inserts `key = item` with a `# comment` line (or lines) above it.
fn insert_commented(table: &mut Table, key: &str, item: Item, comment: &str) {
    table.insert(key, item);
    let prefix: String = comment.lines().map(|line| format!("# {line}\n")).collect();
    if let Some(mut key) = table.key_mut(key) {
        key.leaf_decor_mut().set_prefix(prefix);
    }
}
