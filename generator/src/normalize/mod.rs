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
    normalize_schemas(document, &mut outcome.changes);
    let repairs = repair::parameter_styles(document).into_iter();
    outcome.changes.extend(repairs.map(|(pointer, message)| (WarningKind::Repaired, pointer, message)));
    outcome
}

/// Maps every schema of `document` onto 3.0's shape.
fn normalize_schemas(document: &mut Value, changes: &mut Vec<Change>) {
    changes.extend(visit_document(document, |node, pointer, place, found| {
        if place == Place::Schema {
            schema::normalize_schema(node, pointer, found);
        }
    }));
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
trait Visit: FnMut(&mut Value, &str, Place) {}
impl<F: FnMut(&mut Value, &str, Place)> Visit for F {}

/// Calls `visit` on every schema and every object of the document that may hold a `$ref`, outer
/// before inner, with its JSON pointer; it may rewrite the node, and what the node holds
/// afterwards is visited next. Examples, defaults, enums and extensions are data and are not
/// entered. The components are walked on a second thread, the rest of the document on this one
/// (each walk is about a tenth of loading Cloudflare's spec); what `visit` pushes is returned in
/// the order one walk of the document would push it.
pub(crate) fn visit_document<T: Send>(
    document: &mut Value,
    visit: impl Fn(&mut Value, &str, Place, &mut Vec<T>) + Sync,
) -> Vec<T> {
    let mut found = Vec::new();
    visit(document, "", Place::Object, &mut found);
    let Value::Object(members) = document else { return found };
    let walk_each = |part: Vec<(usize, (&String, &mut Value))>| -> Vec<(usize, Vec<T>)> {
        let walk = |(at, (key, child)): (usize, (&String, &mut Value))| {
            let mut found = Vec::new();
            let mut f = |node: &mut Value, pointer: &str, place| visit(node, pointer, place, &mut found);
            visit_member(key, child, &mut String::new(), false, &mut f);
            (at, found)
        };
        part.into_iter().map(walk).collect()
    };
    let (components, rest): (Vec<_>, Vec<_>) =
        members.iter_mut().enumerate().partition(|(_, (key, _))| *key == "components");
    let (mut by_member, from_components) = std::thread::scope(|scope| {
        let other = scope.spawn(|| walk_each(components));
        let here = walk_each(rest);
        // A walk only panics on a bug; surface it as one.
        (here, other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    });
    by_member.extend(from_components);
    by_member.sort_by_key(|(at, _)| *at);
    found.extend(by_member.into_iter().flat_map(|(_, found)| found));
    found
}

/// One walk of [`visit_document`], with the pointer as one buffer: each level appends its
/// segment and truncates it again (a pointer allocated per node was a third of loading
/// Cloudflare's spec).
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
        visit_member(key, child, pointer, in_components, f);
    }
}

/// The member `key` of the object at `pointer`, by what the document expects there.
fn visit_member(key: &str, child: &mut Value, pointer: &mut String, in_components: bool, f: &mut impl Visit) {
    match key {
        _ if is_data(key) => {}
        "schema" => within(pointer, key, |pointer| visit_schema(child, pointer, f)),
        "schemas" if in_components => within(pointer, key, |pointer| visit_members(child, pointer, f)),
        _ if child.is_object() || child.is_array() => {
            within(pointer, key, |pointer| visit_object(child, pointer, f));
        }
        _ => {}
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
