//! A base that names its subtypes only in `discriminator.mapping`, each subtype
//! `allOf: [$ref: Base, {its own}]` (Polaris, TM Forum, Jackson's `@JsonSubTypes` through
//! springdoc), lists them in `oneOf` too: it is then the shape `lower/hierarchy.rs` reads as
//! inheritance, so a value of a subtype keeps the subtype's own properties.
//!
//! Only where the mapping is pure inheritance: every target extends the base directly, and the
//! base does not map to itself (a base that is also a value of its own stays a struct).

use serde_json::{Map, Value, json};

const SCHEMAS: &str = "#/components/schemas/";

/// Adds `oneOf` of its subtypes to every component schema whose mapping names only subtypes.
pub(super) fn list_mapped_subtypes(document: &mut Value) {
    let Some(schemas) = document.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else {
        return;
    };
    let bases: Vec<(String, Vec<String>)> = schemas
        .iter()
        .filter_map(|(name, schema)| Some((name.clone(), mapped_subtypes(schemas, name, schema)?)))
        .collect();
    for (name, subtypes) in bases {
        let listed: Vec<Value> = subtypes.iter().map(|target| json!({ "$ref": target })).collect();
        if let Some(schema) = schemas.get_mut(&name).and_then(Value::as_object_mut) {
            schema.insert("oneOf".to_owned(), Value::Array(listed));
        }
    }
}

/// The references of the subtypes `schema` (the component `name`) maps its discriminator to,
/// in mapping order; `None` unless the mapping is pure inheritance.
fn mapped_subtypes(schemas: &Map<String, Value>, name: &str, schema: &Value) -> Option<Vec<String>> {
    let schema = schema.as_object()?;
    if schema.contains_key("oneOf") || schema.contains_key("anyOf") {
        return None;
    }
    let mapping = schema.get("discriminator")?.get("mapping")?.as_object()?;
    let base = format!("{SCHEMAS}{}", escape(name));
    let mut subtypes: Vec<String> = Vec::new();
    for target in mapping.values() {
        let target = target.as_str()?;
        // A mapping value is a reference or a bare schema name.
        let reference =
            if target.starts_with('#') { target.to_owned() } else { format!("{SCHEMAS}{}", escape(target)) };
        let subtype = schemas.get(&unescape(reference.strip_prefix(SCHEMAS)?))?;
        if reference == base || !extends(subtype, &base) {
            return None;
        }
        if !subtypes.contains(&reference) {
            subtypes.push(reference);
        }
    }
    (!subtypes.is_empty()).then_some(subtypes)
}

/// Whether `schema`'s `allOf` refers to `base` directly.
fn extends(schema: &Value, base: &str) -> bool {
    let parts = schema.get("allOf").and_then(Value::as_array);
    parts.into_iter().flatten().any(|part| part.get("$ref").and_then(Value::as_str) == Some(base))
}

/// A component name as a JSON pointer segment.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
