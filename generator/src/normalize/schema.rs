//! JSON Schema 2020-12 keywords (OpenAPI 3.1) as OpenAPI 3.0 states them, and numbers the
//! typed model cannot hold.
//!
//! - boolean schemas: `true` → `{}`, `false` → `{"not": {}}`;
//! - `type: [T, "null"]` → `type: T, nullable: true`; several types → `anyOf`, one per type,
//!   each with the keywords that apply to it; `type: "null"` → `nullable`;
//! - a `{"type": "null"}` alternative of `anyOf`/`oneOf` → `nullable` on the schema;
//! - `const` → a one-value `enum`; `examples` → `example` (the first);
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` + `true`;
//! - `$ref` with keywords beside it → `allOf: [{$ref}]` with those keywords;
//! - `prefixItems` → `items` holding any of the tuple's types (warned: positions are lost);
//! - `required: true` on a property's schema (Swagger 2.0's habit) → dropped, warned as a repair;
//! - `contentEncoding: base64` → `format: byte`; `contentMediaType` alone → `format: binary`;
//! - an integer bound beyond 64 bits → `number` (`f64`), warned; a bound just past the `i64`
//!   range (`-9223372036854776000`, how a float prints `-2^63`) → the `i64` limit.
//!
//! 3.0 habits inside 3.1 documents (`nullable`, boolean `exclusiveMinimum`) are kept as they are.

use super::Change;
use crate::diagnostics::{WarningKind, pointer_join};
use serde_json::{Map, Value, json};

/// Keywords that apply only to one type, by type.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    ("string", &["minLength", "maxLength", "pattern", "contentEncoding", "contentMediaType"]),
    ("number", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("integer", &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]),
    ("array", &["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "patternProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
];

/// Annotations a `$ref` may carry without becoming a schema of its own.
const ANNOTATIONS: &[&str] = &["description", "summary", "title", "$comment", "deprecated"];

pub(super) fn normalize_schema(node: &mut Value, pointer: &str, changes: &mut Vec<Change>) {
    if let Value::Bool(allows) = node {
        *node = if *allows { json!({}) } else { json!({"not": {}}) };
        return;
    }
    let Value::Object(schema) = node else { return };
    required_flag(schema, pointer, changes);
    // `additionalProperties: false` is 3.0 too; only other boolean subschemas change.
    wrap_sibling_ref(schema);
    type_list(schema);
    null_alternatives(schema);
    nullable_parts(schema);
    if let Some(value) = schema.remove("const") {
        // The type a 3.0 reader needs to make a one-value enum of it.
        let ty = match &value {
            Value::String(_) => Some("string"),
            Value::Bool(_) => Some("boolean"),
            Value::Number(n) if n.is_f64() => Some("number"),
            Value::Number(_) => Some("integer"),
            _ => None,
        };
        if let Some(ty) = ty.filter(|_| !schema.contains_key("type") && !schema.contains_key("$ref")) {
            schema.insert("type".to_owned(), Value::String(ty.to_owned()));
        }
        schema.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut examples)) = schema.remove("examples") {
        if !examples.is_empty() {
            schema.entry("example").or_insert_with(|| examples.swap_remove(0));
        }
    }
    exclusive_bounds(schema);
    prefix_items(schema, pointer, changes);
    content_keywords(schema);
    integer_bounds(schema, pointer, changes);
}

/// `required: true` on a property's own schema is Swagger 2.0's habit (JSON Schema draft 3);
/// 3.x lists required properties in the enclosing object's `required` array. The flag is dropped
/// and the property read as optional, which accepts a value whether or not the server sends it.
fn required_flag(schema: &mut Map<String, Value>, pointer: &str, changes: &mut Vec<Change>) {
    let Some(flag) = schema.get("required").filter(|value| !value.is_array()) else { return };
    changes.push((
        WarningKind::Repaired,
        pointer_join(pointer, "required"),
        format!(
            "`required: {flag}` belongs in the enclosing object's `required` list, not on a \
             property's schema (Swagger 2.0's habit); the property is read as optional"
        ),
    ));
    schema.remove("required");
}

/// `{"$ref": X, "nullable": true, …}` → `{"allOf": [{"$ref": X}], "nullable": true, …}`.
fn wrap_sibling_ref(schema: &mut Map<String, Value>) {
    if !schema.contains_key("$ref") || schema.keys().all(|k| k == "$ref" || ANNOTATIONS.contains(&k.as_str()))
    {
        return;
    }
    let reference = schema.remove("$ref").expect("checked above");
    let mut parts = vec![json!({"$ref": reference})];
    if let Some(Value::Array(more)) = schema.remove("allOf") {
        parts.extend(more);
    }
    schema.insert("allOf".to_owned(), Value::Array(parts));
}

/// `type` as a list: `null` becomes `nullable`, one type stays, more become `anyOf`.
fn type_list(schema: &mut Map<String, Value>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(t)) if t == "null" => vec!["null".to_owned()],
        _ => return,
    };
    schema.remove("type");
    if types.iter().any(|t| t == "null") {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    let types: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    match types.as_slice() {
        [] => {}
        [single] => {
            schema.insert("type".to_owned(), Value::String(single.clone()));
        }
        several => {
            let alternatives = several.iter().map(|t| Value::Object(alternative_for(schema, t))).collect();
            for (_, keywords) in TYPE_KEYWORDS {
                for keyword in *keywords {
                    schema.remove(*keyword);
                }
            }
            if several.iter().all(|t| t != "string") || !is_string_format(schema) {
                schema.remove("format");
            }
            schema.insert("anyOf".to_owned(), Value::Array(alternatives));
        }
    }
}

/// `{"type": t}` with the keywords of `schema` that apply to `t`.
fn alternative_for(schema: &Map<String, Value>, ty: &str) -> Map<String, Value> {
    let mut alternative = Map::new();
    alternative.insert("type".to_owned(), Value::String(ty.to_owned()));
    let keywords = TYPE_KEYWORDS.iter().find(|(t, _)| *t == ty).map_or(&[][..], |(_, k)| k);
    for keyword in keywords {
        if let Some(value) = schema.get(*keyword) {
            alternative.insert((*keyword).to_owned(), value.clone());
        }
    }
    let numeric = matches!(ty, "integer" | "number");
    if let Some(format) = schema.get("format").filter(|_| numeric != is_string_format(schema)) {
        alternative.insert("format".to_owned(), format.clone());
    }
    alternative
}

fn is_string_format(schema: &Map<String, Value>) -> bool {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    !matches!(format, "int32" | "int64" | "float" | "double" | "")
}

/// `anyOf: [X, {"type": "null"}]` → `X` (or `allOf: [X]` for a reference), nullable.
///
/// A bare `{"nullable": true}` alternative (schemars writes one for each `Option<T>`) is no
/// null type: `nullable` only widens a `type` beside it, so it allows any value. The schema
/// becomes nullable (`null` stays distinct from absent) and the alternative becomes `{}`, so a
/// value that is not `X` is kept as JSON, not refused.
fn null_alternatives(schema: &mut Map<String, Value>) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(alternatives)) = schema.get_mut(keyword) else { continue };
        let before = alternatives.len();
        let mut widened = false;
        for alternative in alternatives.iter_mut().filter(|a| is_bare_nullable(a)) {
            *alternative = json!({});
            widened = true;
        }
        alternatives.retain(|a| !is_null_schema(a));
        if alternatives.len() == before && !widened {
            continue;
        }
        schema.insert("nullable".to_owned(), Value::Bool(true));
        let Some(Value::Array(alternatives)) = schema.get(keyword) else { continue };
        if alternatives.len() == 1 {
            let only = alternatives[0].clone();
            schema.remove(keyword);
            if only.get("$ref").is_some() {
                let mut parts = vec![only];
                if let Some(Value::Array(more)) = schema.remove("allOf") {
                    parts.extend(more);
                }
                schema.insert("allOf".to_owned(), Value::Array(parts));
            } else if let Value::Object(only) = only {
                for (key, value) in only {
                    schema.entry(key).or_insert(value);
                }
            }
        } else if alternatives.is_empty() {
            schema.remove(keyword);
        }
    }
}

/// Only annotations besides `nullable`.
const NULL_SCHEMA_KEYS: &[&str] = &["type", "nullable", "description", "title"];

/// `{"type": "null"}` (3.1), alone but for annotations.
fn is_null_schema(value: &Value) -> bool {
    let Some(schema) = value.as_object() else { return false };
    let null_type = match schema.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        _ => false,
    };
    null_type && schema.keys().all(|k| NULL_SCHEMA_KEYS.contains(&k.as_str()))
}

/// An `allOf` part that is only `nullable: true` (and annotations) makes the whole nullable:
/// how Stainless-made specs (OpenAI's) write "this reference, or `null`". Read strictly it adds
/// nothing, but servers send the `null`; its annotations describe the whole.
fn nullable_parts(schema: &mut Map<String, Value>) {
    let Some(Value::Array(parts)) = schema.get_mut("allOf") else { return };
    let (bare, kept): (Vec<Value>, Vec<Value>) =
        std::mem::take(parts).into_iter().partition(is_bare_nullable);
    // `allOf: [{type: object, nullable: true}]` alone is a nullable object, not any value.
    if bare.is_empty() || (kept.is_empty() && bare.iter().any(|part| part.get("type").is_some())) {
        *parts = bare.into_iter().chain(kept).collect();
        return;
    }
    *parts = kept;
    if parts.is_empty() {
        schema.remove("allOf");
    }
    schema.insert("nullable".to_owned(), Value::Bool(true));
    for (key, value) in bare
        .into_iter()
        .filter_map(|part| match part {
            Value::Object(part) => Some(part),
            _ => None,
        })
        .flatten()
        .filter(|(key, _)| key != "type")
    {
        schema.entry(key).or_insert(value);
    }
}

/// `{"nullable": true}` with no `type` but `object` (Asana's `{type: object, nullable: true}`
/// beside a `$ref`), alone but for annotations.
fn is_bare_nullable(value: &Value) -> bool {
    let Some(schema) = value.as_object() else { return false };
    schema.get("nullable") == Some(&Value::Bool(true))
        && schema.get("type").is_none_or(|ty| ty == "object")
        && schema.keys().all(|k| NULL_SCHEMA_KEYS.contains(&k.as_str()))
}

/// A numeric `exclusiveMinimum` (3.1) is the bound itself.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Number(bound)) = schema.get(exclusive).cloned() {
            // Both bounds apply; the exclusive one replaces the inclusive one unless it is looser.
            let inclusive_bound = schema.get(inclusive).and_then(Value::as_f64);
            let exclusive_bound = bound.as_f64().unwrap_or(0.0);
            let looser = inclusive_bound.is_some_and(|b| {
                if inclusive == "minimum" { exclusive_bound < b } else { exclusive_bound > b }
            });
            if looser {
                schema.remove(exclusive);
                continue;
            }
            schema.insert(inclusive.to_owned(), Value::Number(bound));
            schema.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// A tuple becomes an array of any of its item types.
fn prefix_items(schema: &mut Map<String, Value>, pointer: &str, changes: &mut Vec<Change>) {
    let Some(Value::Array(prefix)) = schema.remove("prefixItems") else { return };
    let closed = schema.get("items") == Some(&Value::Bool(false));
    let mut alternatives: Vec<Value> = Vec::new();
    let rest = match schema.remove("items") {
        Some(Value::Bool(_)) | None => None,
        Some(rest) => Some(rest),
    };
    // Each distinct item type once (`[number, number]` is an array of numbers).
    for item in prefix.iter().cloned().chain(rest) {
        if !alternatives.contains(&item) {
            alternatives.push(item);
        }
    }
    if closed {
        schema.entry("maxItems").or_insert_with(|| json!(prefix.len()));
    }
    let items =
        if alternatives.len() == 1 { alternatives.swap_remove(0) } else { json!({"anyOf": alternatives}) };
    schema.insert("items".to_owned(), items);
    changes.push((
        WarningKind::Loosened,
        pointer_join(pointer, "prefixItems"),
        "a tuple (`prefixItems`) is typed as an array whose items may be any of its item types".to_owned(),
    ));
}

/// `contentEncoding`/`contentMediaType` (3.1) as the 3.0 string formats.
fn content_keywords(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    let format = match (encoding.as_ref().and_then(Value::as_str), media.as_ref().and_then(Value::as_str)) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media)) if !media.starts_with("text/") && !media.contains("json") => "binary",
        _ => return,
    };
    schema.insert("format".to_owned(), Value::String(format.to_owned()));
}

/// An integer's bounds must fit `i64`, as the typed model holds them.
fn integer_bounds(schema: &mut Map<String, Value>, pointer: &str, changes: &mut Vec<Change>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    for keyword in ["minimum", "maximum"] {
        let Some(Value::Number(bound)) = schema.get(keyword) else { continue };
        if bound.is_i64() {
            continue;
        }
        let value = bound.as_f64().unwrap_or(f64::INFINITY);
        let at = pointer_join(pointer, keyword);
        // A whole number written as a float (`minimum: 0.0`, as pydantic writes them) is
        // that integer, exactly.
        if value.fract() == 0.0 && value.abs() < LIMIT {
            schema.insert(keyword.to_owned(), json!(value as i64));
            continue;
        }
        if (-LIMIT..=LIMIT).contains(&value) {
            // `as` saturates: 2^63 reads as `i64::MAX`.
            let nearest = if keyword == "minimum" { value.ceil() } else { value.floor() } as i64;
            changes.push((
                WarningKind::Loosened,
                at,
                format!("`{keyword}: {bound}` is not a 64-bit integer; read as {nearest}, the nearest one"),
            ));
            schema.insert(keyword.to_owned(), json!(nearest));
        } else {
            changes.push((
                WarningKind::Loosened,
                at,
                format!("`{keyword}: {bound}` is beyond the 64-bit integer range: the value is typed as `f64`, exact only up to 2^53"),
            ));
            schema.insert("type".to_owned(), Value::String("number".to_owned()));
            schema.remove("format");
        }
    }
}
