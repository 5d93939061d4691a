use super::*;
use crate::settings::Package;
use serde_json::json;

const FULL: &str = r#"
[package]
name = "petstore-client"
version = "1.2.0"
license = "Apache-2.0"
publish = true
description = "A client for the pet store."

[generate]
examples = false
tags = ["pets", "store"]
layout = "flat"

[client]
user-agent = "petstore-rust"
request-id-headers = ["x-trace"]
envelope = { result = "data" }
[client.env]
base-url = "PETSTORE_BASE_URL"
api-keys = { X-Api-Key = "PETSTORE_KEY" }
"#;

#[test]
fn every_key_reaches_the_settings() {
    let mut settings = Settings::default();
    Config::parse("openapi-rust-gen.toml", FULL).unwrap().apply(&mut settings);
    assert_eq!(settings.crate_name.as_deref(), Some("petstore-client"));
    assert_eq!(
        settings.package,
        Package {
            version: "1.2.0".into(),
            license: Some("Apache-2.0".into()),
            publish: true,
            description: Some("A client for the pet store.".into()),
        }
    );
    assert!(!settings.examples);
    assert_eq!(settings.tags, ["pets", "store"]);
    assert_eq!(settings.layout, LayoutChoice::Flat);
    let expected: ClientOptions = serde_json::from_value(json!({
        "user-agent": "petstore-rust",
        "request-id-headers": ["x-trace"],
        "envelope": {"result": "data"},
        "env": {"base-url": "PETSTORE_BASE_URL", "api-keys": {"X-Api-Key": "PETSTORE_KEY"}},
    }))
    .unwrap();
    assert_eq!(settings.client, Some(expected));
}

#[test]
fn an_empty_file_changes_nothing() {
    let mut settings = Settings::default();
    Config::parse("c.toml", "").unwrap().apply(&mut settings);
    let defaults = Settings::default();
    assert_eq!(
        (
            settings.crate_name,
            settings.package,
            settings.examples,
            settings.tags,
            settings.layout,
            settings.client
        ),
        (
            defaults.crate_name,
            defaults.package,
            defaults.examples,
            defaults.tags,
            defaults.layout,
            defaults.client
        )
    );
}

/// Each bad file: the pointer and line the error names, and words its message holds.
#[test]
fn a_bad_file_is_named_with_the_key_and_line_at_fault() {
    let cases: &[(&str, &str, Option<usize>, &str)] = &[
        ("[package]\nnmae = \"x\"\n", "/package/nmae", Some(2), "unknown field `nmae`"),
        ("[generate]\nexamples = \"no\"\n", "/generate/examples", Some(2), "expected a boolean"),
        ("[generate]\nlayout = \"tiled\"\n", "/generate/layout", Some(2), "unknown variant `tiled`"),
        ("[generate]\ntags = [\"a\", 3]\n", "/generate/tags/1", Some(2), "expected a string"),
        ("[package\n", "", Some(1), "not valid TOML"),
        ("[client]\nuser-agnet = \"x\"\n", "/client/user-agnet", Some(2), "unknown field `user-agnet`"),
        ("[client.env]\nbearer-token = 7\n", "/client/env/bearer-token", Some(2), "expected a string"),
    ];
    for (text, pointer, line, words) in cases {
        let err = Config::parse("gen.toml", text).unwrap_err();
        let d = &err.items[0];
        assert_eq!((&d.file[..], &d.pointer[..]), ("gen.toml", *pointer), "{text}: {d}");
        assert_eq!(d.line_col.map(|(l, _)| l), *line, "{text}: {d}");
        assert!(d.message.contains(words), "{text}: {d}");
    }
}

#[test]
fn the_config_beside_a_spec_is_found_by_its_conventional_name() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.yaml");
    assert_eq!(Config::beside(&spec), None);
    std::fs::write(dir.path().join(CONFIG_FILE_NAME), "").unwrap();
    assert_eq!(Config::beside(&spec), Some(dir.path().join(CONFIG_FILE_NAME)));
}

#[test]
fn client_settings_from_the_file_win_over_the_spec_key_by_key() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n\
                components: {securitySchemes: {token: {type: http, scheme: bearer}}}\n\
                security: [{token: []}]\n\
                x-rust-client:\n  user-agent: from-spec\n  env: {base-url: SPEC_URL, bearer-token: SPEC_TOKEN}\n";
    let mut settings = Settings::default();
    Config::parse(
        "c.toml",
        "[client]\nuser-agent = \"from-config\"\nenv = { bearer-token = \"CFG_TOKEN\" }\n",
    )
    .unwrap()
    .apply(&mut settings);
    let (files, _) = crate::generate("api.yaml", spec, &settings).unwrap();
    let client = &files.iter().find(|f| f.path == "src/api.rs").unwrap().contents;
    assert!(client.contains("\"from-config/\""), "{client}");
    assert!(!client.contains("from-spec"), "{client}");
    assert!(client.contains("\"CFG_TOKEN\"") && client.contains("\"SPEC_URL\""), "{client}");
    assert!(!client.contains("SPEC_TOKEN"), "{client}");
}

/// `[rename]` gives any operation or type the name the caller chooses; every use of a type
/// follows it. A name the spec does not have is a warning, a taken one an error.
#[test]
fn the_rename_table_renames_operations_and_types() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /pets:\n    get:\n      \
                operationId: listPetsV2\n      responses:\n        '200': {description: ok, content: \
                {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/PetV2'}}}}}\n\
                components:\n  schemas:\n    PetV2: {type: object, properties: {name: {type: string}}}\n    \
                Owner: {type: object, properties: {pet: {$ref: '#/components/schemas/PetV2'}}}\n";
    let config = "[rename]\noperations = { list_pets_v2 = \"list_pets\", gone = \"x\" }\ntypes = { PetV2 = \"Pet\" }\n";
    let mut settings = Settings::default();
    Config::parse("c.toml", config).unwrap().apply(&mut settings);
    let (files, warnings) = crate::generate("api.yaml", spec, &settings).unwrap();
    let file = |path: &str| files.iter().find(|f| f.path == path).unwrap().contents.clone();
    let (types, client) = (file("src/types.rs"), file("src/client.rs"));
    assert!(types.contains("pub struct Pet {") && types.contains("pub pet: Option<Pet>,"), "{types}");
    assert!(!types.contains("PetV2"), "{types}");
    assert!(client.contains("pub fn list_pets(") && client.contains("ListPets"), "{client}");
    assert!(
        warnings.to_string().contains("`[rename]` names operation `gone`, which this spec does not have")
    );

    let taken = "[rename]\ntypes = { PetV2 = \"Owner\" }\n";
    let mut settings = Settings::default();
    Config::parse("c.toml", taken).unwrap().apply(&mut settings);
    let errors = crate::generate("api.yaml", spec, &settings).unwrap_err().to_string();
    assert!(
        errors.contains("at /rename/types/PetV2: `[rename]`: `PetV2` cannot be named `Owner`"),
        "{errors}"
    );
}

#[test]
fn every_layout_is_read_by_the_name_the_help_gives_it() {
    for choice in LayoutChoice::ALL {
        let mut settings = Settings::default();
        let text = format!("[generate]\nlayout = \"{}\"\n", choice.name());
        Config::parse("openapi-rust-gen.toml", &text).unwrap().apply(&mut settings);
        assert_eq!(settings.layout, choice, "{text}");
    }
}
