//! Normalize: a loaded document tree (OpenAPI 3.0 or 3.1) → the OpenAPI 3.0 shape `openapiv3`
//! types, before typing.
//!
//! Five passes; the four that change what the document says record it as located warnings:
//! [`refs`] makes every local `$ref` one `openapiv3` can follow (schemas reached through an inner
//! pointer become components named from their place; anything else is inlined), [`document`]
//! maps 3.1's top-level changes (webhooks, optional `paths` and `responses`, `mutualTLS`),
//! [`schema`] maps 3.1's JSON Schema keywords (type arrays, `const`, numeric exclusive bounds,
//! `prefixItems`, …) and numbers beyond 64 bits onto their 3.0 equivalents, and [`repair`]
//! gives parameter styles their locations do not allow the nearest allowed one. [`subtypes`]
//! lists in `oneOf` the subtypes a base names only in its discriminator's mapping.

mod document;
mod refs;
mod repair;
mod schema;
mod subtypes;
#[cfg(test)]
mod tests;

use crate::diagnostics::{WarningKind, push_pointer_segment};
use serde_json::Value;

/// A change made to the document: (kind, JSON pointer, what was done).
pub(crate) type Change = (WarningKind, String, String);

/// What normalizing found: changes (warnings) and, for a document that cannot be read, errors
/// as (JSON pointer, message).
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub changes: Vec<Change>,
    pub errors: Vec<(String, String)>,
}

/// Normalizes `document` in place.
pub(crate) fn normalize(document: &mut Value) -> Outcome {
    let mut outcome = Outcome::default();
    refs::resolve_local_refs(document, &mut outcome);
    if !outcome.errors.is_empty() {
        return outcome;
    }
    document::normalize_document(document, &mut outcome.changes);
    subtypes::list_mapped_subtypes(document);
    visit_document(document, "", &mut |node, pointer, place| {
        if place == Place::Schema {
            schema::normalize_schema(node, pointer, &mut outcome.changes);
        }
    });
    let repairs = repair::parameter_styles(document).into_iter();
    outcome.changes.extend(repairs.map(|(pointer, message)| (WarningKind::Repaired, pointer, message)));
    outcome
}

/// Whether a value sits where the document expects a schema or another object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A schema (or a boolean schema).
    Schema,
    /// Anything else: a path item, parameter, response, request body, header, ….
    Object,
}

/// A visitor: a node, its JSON pointer and what it is. It may rewrite the node; what the node
/// holds afterwards is visited next.
pub(crate) trait Visit: FnMut(&mut Value, &str, Place) {}
impl<F: FnMut(&mut Value, &str, Place)> Visit for F {}

/// Calls `f` on every schema and every object of the document that may hold a `$ref`, outer
/// before inner, with its JSON pointer. Examples, defaults, enums and extensions are data and
/// are not entered.
pub(crate) fn visit_document(value: &mut Value, pointer: &str, f: &mut impl Visit) {
    visit_object(value, &mut pointer.to_owned(), f);
}

/// [`visit_document`] with the pointer as one buffer: each level appends its segment and
/// truncates it again (a pointer allocated per node was a third of loading Cloudflare's spec).
fn visit_object(value: &mut Value, pointer: &mut String, f: &mut impl Visit) {
    if let Value::Array(items) = value {
        for (index, item) in items.iter_mut().enumerate() {
            within(pointer, &index.to_string(), |pointer| visit_object(item, pointer, f));
        }
        return;
    }
    f(value, pointer, Place::Object);
    let Value::Object(members) = value else { return };
    let in_components = pointer == "/components";
    for (key, child) in members {
        match key.as_str() {
            _ if is_data(key) => {}
            "schema" => within(pointer, key, |pointer| visit_schema(child, pointer, f)),
            "schemas" if in_components => within(pointer, key, |pointer| visit_members(child, pointer, f)),
            _ if child.is_object() || child.is_array() => {
                within(pointer, key, |pointer| visit_object(child, pointer, f));
            }
            _ => {}
        }
    }
}

/// Runs `visit` with `segment` appended to `pointer`, then takes it off again.
fn within(pointer: &mut String, segment: &str, visit: impl FnOnce(&mut String)) {
    let length = pointer.len();
    push_pointer_segment(pointer, segment);
    visit(pointer);
    pointer.truncate(length);
}

/// Keys whose values are data, not description.
fn is_data(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const")
}

fn visit_members(map: &mut Value, pointer: &mut String, f: &mut impl Visit) {
    for (name, schema) in map.as_object_mut().into_iter().flatten() {
        within(pointer, name, |pointer| visit_schema(schema, pointer, f));
    }
}

/// A schema and the schemas inside it.
fn visit_schema(value: &mut Value, pointer: &mut String, f: &mut impl Visit) {
    f(value, pointer, Place::Schema);
    let Value::Object(members) = value else { return };
    for (key, child) in members {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                within(pointer, key, |pointer| visit_members(child, pointer, f));
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => within(pointer, key, |pointer| {
                for (index, item) in child.as_array_mut().into_iter().flatten().enumerate() {
                    within(pointer, &index.to_string(), |pointer| visit_schema(item, pointer, f));
                }
            }),
            // `additionalProperties: false` is 3.0 too: only a schema there is one.
            "additionalProperties" if !child.is_object() => {}
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "if"
            | "then"
            | "else"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "additionalItems"
            | "contentSchema" => within(pointer, key, |pointer| visit_schema(child, pointer, f)),
            _ => {}
        }
    }
}
