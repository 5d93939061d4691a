//! Which types share one definition, under which name, and what every use then refers to.

use crate::ir::{Api, TypeKind, TypeRef};

fn lower_yaml(body: &str) -> Api {
    let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{body}");
    let spec = crate::load("t.yaml", &text).unwrap_or_else(|d| panic!("{d}"));
    super::super::lower(&spec).unwrap_or_else(|d| panic!("{d}")).0
}

/// Two operations, each with an inline request body of `schema` (YAML flow style) and a
/// description of its own.
fn two_bodies(first: &str, second: &str) -> String {
    let op = |id: &str, schema: &str| {
        format!(
            "    {id}:\n      operationId: {id}\n      requestBody:\n        content:\n          application/json:\n            schema: {schema}\n      responses: {{'204': {{description: done}}}}\n"
        )
    };
    format!("paths:\n  /a:\n{}  /b:\n{}", op("post", first), op("put", second))
}

/// The type each alias names.
fn aliases(api: &Api) -> Vec<(&str, &str)> {
    api.aliases.iter().map(|(name, alias)| (name.as_str(), alias.target.as_str())).collect()
}

fn body_type(api: &Api, operation: usize) -> &str {
    api.operations[operation].body.as_ref().unwrap().schema.named_type().unwrap()
}

#[test]
fn inline_copies_are_one_type_and_keep_their_names_as_aliases() {
    let schema = "{type: object, description: Its own, properties: {name: {type: string, maxLength: 5}}}";
    let other = "{type: object, description: Another, properties: {name: {type: string, maxLength: 5}}}";
    let api = lower_yaml(&two_bodies(schema, other));
    assert_eq!(body_type(&api, 0), body_type(&api, 1), "both bodies are the one type");
    let target = body_type(&api, 0);
    assert!(api.types.contains_key(target));
    assert_eq!(api.types.len(), 1);
    let names: Vec<(&str, &str)> = aliases(&api);
    assert!(!names.is_empty() && names.iter().all(|(_, to)| *to == target), "{names:?}");
    // Each alias keeps the description of its own schema.
    let docs: Vec<_> = api.aliases.values().filter_map(|a| a.docs.as_deref()).collect();
    assert!(docs.contains(&"Another") || api.types[target].docs.as_deref() == Some("Another"));
}

#[test]
fn anything_the_emitter_reads_keeps_types_apart() {
    for (first, second) in [
        (
            "{type: object, properties: {a: {type: string, maxLength: 5}}}",
            "{type: object, properties: {a: {type: string, maxLength: 6}}}",
        ),
        (
            "{type: object, properties: {a: {type: string, description: x}}}",
            "{type: object, properties: {a: {type: string, description: y}}}",
        ),
        (
            "{type: object, properties: {a: {type: string}}}",
            "{type: object, properties: {b: {type: string}}}",
        ),
        (
            "{type: object, required: [a], properties: {a: {type: string}}}",
            "{type: object, properties: {a: {type: string}}}",
        ),
        (
            "{type: object, properties: {a: {type: string}}}",
            "{type: object, properties: {a: {type: string, nullable: true}}}",
        ),
        (
            "{type: object, properties: {a: {type: string, format: date-time}}}",
            "{type: object, properties: {a: {type: string}}}",
        ),
    ] {
        let api = lower_yaml(&two_bodies(first, second));
        assert_ne!(body_type(&api, 0), body_type(&api, 1), "{first} vs {second}");
        assert!(api.aliases.is_empty(), "{first} vs {second}");
    }
}

#[test]
fn types_that_hold_merged_types_merge_in_turn() {
    // The item objects are one type first; then the bodies, which hold arrays of them, are.
    let list = "{type: object, properties: {items: {type: array, items: {type: object, properties: {a: {type: integer}}}}}}";
    let api = lower_yaml(&two_bodies(list, list));
    assert_eq!(body_type(&api, 0), body_type(&api, 1));
    assert_eq!(api.types.len(), 2, "one body type and one item type: {:?}", api.types.keys());
    // Every name the copies had is kept; here they share one (`…Body`, `…BodyItemsItem`).
    let names: Vec<&str> = api.aliases.keys().map(String::as_str).collect();
    assert_eq!(names, ["PostBody", "PostBodyItemsItem", "PutBody", "PutBodyItemsItem"]);
}

#[test]
fn inline_copies_of_a_component_name_it_and_components_stay_apart() {
    let api = lower_yaml(&format!(
        "{}components:\n  schemas:\n    Handle: {{type: object, properties: {{id: {{type: string}}}}}}\n    Label: {{type: object, properties: {{id: {{type: string}}}}}}\n",
        two_bodies(
            "{type: object, properties: {id: {type: string}}}",
            "{$ref: '#/components/schemas/Label'}"
        )
    ));
    assert!(
        api.types.contains_key("Handle") && api.types.contains_key("Label"),
        "components are never aliases"
    );
    assert_eq!(body_type(&api, 0), "Handle", "the inline copy names the first component of its shape");
    assert_eq!(body_type(&api, 1), "Label");
    assert_eq!(aliases(&api).len(), 1);
    assert!(matches!(api.types["Handle"].kind, TypeKind::Struct(_)));
}

#[test]
fn merged_copies_take_the_name_they_share() {
    let address = "{type: object, properties: {city: {type: string}}}";
    let object = |field: &str| format!("{{type: object, properties: {{{field}: {address}}}}}");
    let api = lower_yaml(&two_bodies(&object("home_address"), &object("work_address")));
    let TypeKind::Struct(body) = &api.types[body_type(&api, 0)].kind else { panic!() };
    assert_eq!(body.fields[0].schema.ty, TypeRef::Named("Address".to_owned()));
    let targets: Vec<&str> = api.aliases.values().map(|a| a.target.as_str()).collect();
    assert!(targets.iter().filter(|t| **t == "Address").count() == 2, "{:?}", aliases(&api));
}

#[test]
fn merging_is_deterministic() {
    let list = "{type: object, properties: {items: {type: array, items: {type: object, properties: {a: {type: integer}}}}}}";
    let spec = two_bodies(list, list);
    assert_eq!(lower_yaml(&spec), lower_yaml(&spec));
}
