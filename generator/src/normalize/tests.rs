//! Normalizing, case by case: 3.1 keywords, references and numbers, each as a document before
//! and after.

use super::normalize;
use serde_json::{Value, json};

/// A 3.1 document with one component schema.
fn with_schema(schema: Value) -> Value {
    json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},
           "components": {"schemas": {"S": schema}}})
}

fn normalized_schema(schema: Value) -> (Value, Vec<String>) {
    let mut document = with_schema(schema);
    let outcome = normalize(&mut document);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let warnings = outcome.changes.into_iter().map(|(_, pointer, _)| pointer).collect();
    (document["components"]["schemas"]["S"].clone(), warnings)
}

#[test]
fn schema_keywords_become_3_0() {
    for (before, after) in [
        (json!({"type": ["string", "null"]}), json!({"type": "string", "nullable": true})),
        (json!({"type": ["integer"]}), json!({"type": "integer"})),
        (json!({"type": "null"}), json!({"nullable": true})),
        (
            json!({"type": ["string", "integer"], "minLength": 2, "minimum": 1, "description": "d"}),
            json!({"description": "d", "anyOf": [{"type": "string", "minLength": 2}, {"type": "integer", "minimum": 1}]}),
        ),
        (
            json!({"type": ["string", "integer"], "format": "int64"}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer", "format": "int64"}]}),
        ),
        (json!({"const": "on"}), json!({"type": "string", "enum": ["on"]})),
        (json!({"const": 3}), json!({"type": "integer", "enum": [3]})),
        (json!({"type": "string", "const": "x"}), json!({"type": "string", "enum": ["x"]})),
        (json!({"type": "string", "examples": ["a", "b"]}), json!({"type": "string", "example": "a"})),
        (
            json!({"type": "number", "exclusiveMinimum": 0}),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0}),
        ),
        (
            json!({"type": "number", "exclusiveMaximum": 10, "maximum": 5}),
            json!({"type": "number", "maximum": 5}),
        ),
        // A 3.0 habit inside a 3.1 document stays.
        (
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true}),
        ),
        (
            json!({"$ref": "#/components/schemas/T", "description": "d"}),
            json!({"$ref": "#/components/schemas/T", "description": "d"}),
        ),
        (
            json!({"$ref": "#/components/schemas/T", "nullable": true}),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}),
        ),
        (
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}),
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]}),
        ),
        (
            json!({"anyOf": [{"type": "string", "maxLength": 3}, {"type": "null"}], "title": "x"}),
            json!({"title": "x", "nullable": true, "type": "string", "maxLength": 3}),
        ),
        (
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"nullable": true}]}),
            json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {}], "nullable": true}),
        ),
        (json!({"anyOf": [{"nullable": true, "description": "d"}]}), json!({"nullable": true})),
        (
            json!({"allOf": [{"$ref": "#/components/schemas/T"}, {"nullable": true, "description": "d"}]}),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true, "description": "d"}),
        ),
        (
            // Asana's nullable reference; the part's `type` is not the whole's.
            json!({"allOf": [{"$ref": "#/components/schemas/T"}, {"type": "object", "nullable": true}]}),
            json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}),
        ),
        (
            json!({"allOf": [{"type": "object", "nullable": true}]}),
            json!({"allOf": [{"type": "object", "nullable": true}]}),
        ),
        (
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true}),
        ),
        (json!({"type": "string", "contentEncoding": "base64"}), json!({"type": "string", "format": "byte"})),
        (
            json!({"type": "string", "contentMediaType": "image/png"}),
            json!({"type": "string", "format": "binary"}),
        ),
        (json!({"type": "string", "contentMediaType": "text/plain"}), json!({"type": "string"})),
        (
            json!({"type": "object", "properties": {"a": true, "b": false}}),
            json!({"type": "object", "properties": {"a": {}, "b": {"not": {}}}}),
        ),
        (
            json!({"type": "object", "additionalProperties": false}),
            json!({"type": "object", "additionalProperties": false}),
        ),
        (
            json!({"type": "integer", "minimum": -9223372036854775808_i64}),
            json!({"type": "integer", "minimum": i64::MIN}),
        ),
    ] {
        let (normalized, _) = normalized_schema(before.clone());
        assert_eq!(normalized, after, "{before}");
    }
}

#[test]
fn nested_schemas_are_normalized_too() {
    let (normalized, _) = normalized_schema(json!({
        "type": "object",
        "properties": {"a": {"type": ["array", "null"], "items": {"type": ["string", "null"]}}},
        "$defs": {"d": {"const": 1.5}},
    }));
    assert_eq!(
        normalized["properties"]["a"],
        json!({"type": "array", "nullable": true, "items": {"type": "string", "nullable": true}})
    );
    assert_eq!(normalized["$defs"]["d"], json!({"type": "number", "enum": [1.5]}));
}

#[test]
fn tuples_and_big_numbers_are_loosened_with_warnings() {
    let (pair, _) =
        normalized_schema(json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}]}));
    assert_eq!(pair, json!({"type": "array", "items": {"type": "number"}}));
    let (tuple, warnings) = normalized_schema(
        json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}),
    );
    assert_eq!(
        tuple,
        json!({"type": "array", "maxItems": 2, "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
    );
    assert_eq!(warnings, ["/components/schemas/S/prefixItems"]);

    // How a float prints -2^63: read as `i64::MIN`, with a warning.
    let (bound, warnings) =
        normalized_schema(json!({"type": "integer", "minimum": -9223372036854776000.0_f64}));
    assert_eq!(bound, json!({"type": "integer", "minimum": i64::MIN}));
    assert_eq!(warnings, ["/components/schemas/S/minimum"]);
    let (beyond, warnings) =
        normalized_schema(json!({"type": "integer", "format": "int64", "maximum": 1e30}));
    assert_eq!(beyond, json!({"type": "number", "maximum": 1e30}));
    assert_eq!(warnings, ["/components/schemas/S/maximum"]);
    // A whole number written as a float loses nothing: no warning.
    let (whole, warnings) =
        normalized_schema(json!({"type": "integer", "minimum": 0.0, "maximum": 2147483647.0}));
    assert_eq!(whole, json!({"type": "integer", "minimum": 0, "maximum": 2147483647}));
    assert!(warnings.is_empty(), "{warnings:?}");
    let (half, warnings) = normalized_schema(json!({"type": "integer", "minimum": 0.5}));
    assert_eq!(half, json!({"type": "integer", "minimum": 1}));
    assert_eq!(warnings, ["/components/schemas/S/minimum"]);
    let (unsigned, _) = normalized_schema(json!({"type": "integer", "maximum": 18446744073709551615_u64}));
    assert_eq!(unsigned["type"], "number");
}

#[test]
fn a_required_flag_on_a_property_is_dropped_as_a_repair() {
    let (object, warnings) = normalized_schema(json!({"type": "object", "required": ["a"], "properties": {
        "a": {"type": "string"},
        "b": {"$ref": "#/components/schemas/S", "required": true, "description": "d"},
    }}));
    assert_eq!(object["required"], json!(["a"]));
    assert_eq!(object["properties"]["b"], json!({"$ref": "#/components/schemas/S", "description": "d"}));
    assert_eq!(warnings, ["/components/schemas/S/properties/b/required"]);
}

#[test]
fn the_top_level_becomes_3_0() {
    let mut document = json!({
        "openapi": "3.1.1", "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "webhooks": {
            "newPet": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}}}}}}},
            "oldPet": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}},
        },
        "components": {
            "schemas": {"Pet": {"type": "object"}},
            "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}},
        },
    });
    let outcome = normalize(&mut document);
    assert_eq!(document["openapi"], "3.0.3");
    assert_eq!(document["paths"], json!({}));
    assert!(document.get("webhooks").is_none());
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Pet", "newPet_webhook"]);
    assert_eq!(
        document["components"]["securitySchemes"].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["key"]
    );
    let pointers: Vec<&str> = outcome.changes.iter().map(|(_, p, _)| p.as_str()).collect();
    assert_eq!(pointers, ["/webhooks", "/components/securitySchemes/mtls"]);
    // The typed model reads the result.
    serde_json::from_value::<openapiv3::OpenAPI>(document).unwrap();
}

#[test]
fn operations_without_responses_get_an_empty_list() {
    let mut document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "a"}}}});
    normalize(&mut document);
    assert_eq!(document["paths"]["/a"]["get"]["responses"], json!({}));
}

/// A 3.0 document whose references point where `refs` must resolve them.
fn with_refs(paths: Value, schemas: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
           "components": {"schemas": schemas, "parameters": {"id": {"name": "id", "in": "query", "schema": {"type": "string"}}}}})
}

#[test]
fn inner_pointers_become_components_named_from_their_place() {
    let mut document = with_refs(
        json!({"/a": {"get": {"parameters": [{"$ref": "#/paths/~1b/get/parameters/0"}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Disk/properties/filesystem"}}}}}}},
            "/b": {"get": {"parameters": [{"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Tag/allOf/0"}}], "responses": {}}}}),
        json!({
            "Tag": {"allOf": [{"type": "object", "properties": {"name": {"type": "string"}}}]},
            "Disk": {"type": "object", "properties": {"filesystem": {"type": "string", "enum": ["ext4", "xfs"]}}},
            "Escaped": {"$ref": "#/components/schemas/a~1b%20c"},
            "a/b c": {"type": "integer"},
            "Chain": {"$ref": "#/components/schemas/Tag/allOf/0"},
            "Node": {"type": "object", "properties": {"children": {"type": "array", "items":
                {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node/properties/children/items"}}}}}},
        }),
    );
    let outcome = normalize(&mut document);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    let schemas = &document["components"]["schemas"];
    assert_eq!(schemas["Disk_filesystem"], json!({"type": "string", "enum": ["ext4", "xfs"]}));
    assert_eq!(schemas["Tag_allOf_0"]["properties"]["name"], json!({"type": "string"}));
    assert_eq!(schemas["Chain"], json!({"$ref": "#/components/schemas/Tag_allOf_0"}));
    assert_eq!(schemas["Escaped"], json!({"$ref": "#/components/schemas/a_b c"}));
    // A schema that refers to its own place is hoisted once and refers to itself.
    let item = json!({"$ref": "#/components/schemas/Node_children_items"});
    assert_eq!(schemas["Node_children_items"]["properties"]["next"], item);
    assert_eq!(schemas["Node"]["properties"]["children"]["items"]["properties"]["next"], item);
    let get = &document["paths"]["/a"]["get"];
    // A parameter reached through the paths is inlined, its own references resolved.
    assert_eq!(get["parameters"][0]["schema"], json!({"$ref": "#/components/schemas/Tag_allOf_0"}));
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Disk_filesystem"})
    );
}

#[test]
fn a_schema_that_cannot_be_found_allows_any_value_with_a_warning() {
    for schemas in [
        json!({"A": {"$ref": "#/components/schemas/B/properties/x"}, "B": {"type": "object"}}),
        json!({"A": {"$ref": "#/components/schemas/B/items"}, "B": {"items": {"$ref": "#/components/schemas/C/items"}}, "C": {"items": {"$ref": "#/components/schemas/B/items"}}}),
    ] {
        let mut document = with_refs(json!({}), schemas.clone());
        let outcome = normalize(&mut document);
        assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
        assert_eq!(document["components"]["schemas"]["A"], json!({}), "{schemas}");
        assert_eq!(outcome.changes[0].1, "/components/schemas/A/$ref");
        assert!(outcome.changes[0].2.contains("typed as any JSON value"), "{:?}", outcome.changes);
    }
}

#[test]
fn an_object_that_cannot_be_found_is_an_error_at_its_place() {
    for (reference, message) in [
        ("#/paths/~1b/get/parameters/3", "dangling `$ref`"),
        ("#/components/parameters/id/nope", "dangling `$ref`"),
        ("other.yaml#/x", ""),
    ] {
        let paths = json!({"/a": {"get": {"parameters": [{"$ref": reference}], "responses": {}}}});
        let mut document = with_refs(paths, json!({}));
        let outcome = normalize(&mut document);
        if message.is_empty() {
            // Not local: left for the lowering to report.
            assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
            continue;
        }
        assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
        assert_eq!(outcome.errors[0].0, "/paths/~1a/get/parameters/0/$ref");
        assert!(outcome.errors[0].1.contains(message), "{}", outcome.errors[0].1);
    }
}

#[test]
fn a_reference_to_the_wrong_kind_of_component_is_inlined() {
    let paths = json!({"/a": {"put": {"responses": {"200": {"$ref": "#/components/requestBodies/Data"}}}}});
    let mut document = with_refs(paths, json!({}));
    document["components"]["requestBodies"] = json!({"Data": {"description": "d", "content": {"application/json": {"schema": {"type": "string"}}}}});
    let outcome = normalize(&mut document);
    assert!(outcome.errors.is_empty(), "{:?}", outcome.errors);
    assert_eq!(document["paths"]["/a"]["put"]["responses"]["200"]["description"], "d");
}

/// A base naming its subtypes only in its discriminator's mapping lists them in `oneOf`, where
/// the mapping is pure inheritance; otherwise the base is left as it is.
#[test]
fn a_mapping_of_subtypes_only_is_listed_as_the_bases_alternatives() {
    let base = |mapping: Value| {
        json!({"type": "object", "properties": {"kind": {"type": "string"}},
               "discriminator": {"propertyName": "kind", "mapping": mapping}})
    };
    let sub =
        |of: &str| json!({"allOf": [{"$ref": format!("#/components/schemas/{of}")}, {"type": "object"}]});
    let listed = |names: &[&str]| -> Value {
        names.iter().map(|n| json!({"$ref": format!("#/components/schemas/{n}")})).collect()
    };
    let a = "#/components/schemas/A";
    for (name, mapping, extra, expected) in [
        ("references", json!({"a": a, "b": "#/components/schemas/B"}), None, Some(listed(&["A", "B"]))),
        (
            "bare names, one target twice",
            json!({"a": "A", "b": "B", "c": "A"}),
            None,
            Some(listed(&["A", "B"])),
        ),
        ("the base maps to itself", json!({"s": "#/components/schemas/S", "a": a}), None, None),
        (
            "a target that does not extend the base",
            json!({"a": a, "c": "#/components/schemas/C"}),
            None,
            None,
        ),
        (
            "a target that is not a component",
            json!({"a": a, "x": "#/components/schemas/Missing"}),
            None,
            None,
        ),
        ("a base with its own oneOf", json!({"a": a}), Some(("oneOf", listed(&["B"]))), Some(listed(&["B"]))),
    ] {
        let mut schema = base(mapping);
        if let Some((keyword, value)) = extra {
            schema[keyword] = value;
        }
        let mut document = with_schema(schema);
        let schemas = document["components"]["schemas"].as_object_mut().unwrap();
        schemas.insert("A".into(), sub("S"));
        schemas.insert("B".into(), sub("S"));
        schemas.insert("C".into(), json!({"type": "object"}));
        let outcome = normalize(&mut document);
        assert!(outcome.errors.is_empty(), "{name}: {:?}", outcome.errors);
        assert_eq!(document["components"]["schemas"]["S"].get("oneOf"), expected.as_ref(), "{name}");
    }
}

/// The components are walked on a thread of their own; what is found is still listed in the
/// document's order, whichever of `paths` and `components` comes first: references the
/// first walk repairs, then the schemas the second maps.
#[test]
fn changes_are_listed_in_document_order() {
    let rounded = json!({"type": "integer", "minimum": 0.5});
    let dangling = json!({"$ref": "#/nowhere"});
    let parameter = |schema: &Value| json!({"name": "q", "in": "query", "schema": schema});
    let paths = json!({"/x": {"get": {"parameters": [parameter(&dangling), parameter(&rounded)],
                                      "responses": {"200": {"description": "ok"}}}}});
    let components = json!({"schemas": {"A": rounded, "B": {"properties": {"c": rounded, "d": dangling}}}});
    let in_paths = |kind: &str| match kind {
        "ref" => vec!["/paths/~1x/get/parameters/0/schema/$ref"],
        _ => vec!["/paths/~1x/get/parameters/1/schema/minimum"],
    };
    let in_components = |kind: &str| match kind {
        "ref" => vec!["/components/schemas/B/properties/d/$ref"],
        _ => vec!["/components/schemas/A/minimum", "/components/schemas/B/properties/c/minimum"],
    };
    for components_first in [false, true] {
        let mut document = serde_json::Map::new();
        document.insert("openapi".into(), json!("3.1.0"));
        document.insert("info".into(), json!({"title": "t", "version": "1"}));
        let mut parts = vec![("paths", paths.clone()), ("components", components.clone())];
        if components_first {
            parts.reverse();
        }
        document.extend(parts.into_iter().map(|(key, value)| (key.to_owned(), value)));
        let outcome = normalize(&mut Value::Object(document));
        let pointers: Vec<String> = outcome.changes.into_iter().map(|(_, pointer, _)| pointer).collect();
        let expected: Vec<&str> = ["ref", "schema"]
            .into_iter()
            .flat_map(|kind| match components_first {
                true => [in_components(kind), in_paths(kind)].concat(),
                false => [in_paths(kind), in_components(kind)].concat(),
            })
            .collect();
        assert_eq!(pointers, expected, "components first: {components_first}");
    }
}
