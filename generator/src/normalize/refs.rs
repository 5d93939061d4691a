//! Any local `$ref` → one `openapiv3` follows: `#/components/<kind>/<name>`.
//!
//! A JSON pointer may lead anywhere in the document (`#/components/schemas/Tag/allOf/0`,
//! `#/paths/~1pets/get/parameters/0`, `#/$defs/x`), escaped (`~0`, `~1`) and percent-encoded,
//! and may lead to another `$ref`. A schema reached that way becomes a component named from its
//! place (`Tag/allOf/0` → `Tag_allOf_0`, `Disk/properties/filesystem` → `Disk_filesystem`), once
//! per place, so a recursive one still ends; anything else (a parameter, response, path item, …)
//! is inlined. A dangling pointer or a cycle of references is an error located at the `$ref`.

use super::{Outcome, Place, visit_document};
use crate::diagnostics::{WarningKind, escape_pointer_segment, pointer_join};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Kinds of component `openapiv3` resolves by name.
const COMPONENT_KINDS: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "examples",
    "securitySchemes",
    "links",
    "callbacks",
];

/// Inlined values may hold references again; this many rounds is far beyond real documents.
const MAX_ROUNDS: usize = 32;

/// Rewrites every local `$ref` that is not `#/components/<kind>/<name>` (see the module docs).
pub(super) fn resolve_local_refs(document: &mut Value, outcome: &mut Outcome) {
    let mut hoisted: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..MAX_ROUNDS {
        let sites = unusual_refs(document);
        if sites.is_empty() {
            return;
        }
        let mut new_schemas = Map::new();
        for (site, reference, place) in sites {
            let target = match follow(document, &reference) {
                Ok(target) => target,
                // A schema that cannot be found allows any value; anything else is needed.
                Err(message) if place == Place::Schema => {
                    let message = format!("{message}; the value is typed as any JSON value");
                    outcome.changes.push((WarningKind::Repaired, pointer_join(&site, "$ref"), message));
                    if let Some(node) = document.pointer_mut(&site) {
                        *node = Value::Object(Map::new());
                    }
                    continue;
                }
                Err(message) => {
                    outcome.errors.push((pointer_join(&site, "$ref"), message));
                    continue;
                }
            };
            let Some(node) = document.pointer(&site) else { continue };
            let replacement = match (place, standard_name(&target.pointer)) {
                // Only the reference changes: a 3.1 schema keeps the keywords beside it.
                (Place::Schema, Some(name)) => with_ref(node, &format!("#/components/schemas/{name}")),
                (Place::Schema, None) => {
                    let name = hoisted.entry(target.pointer.clone()).or_insert_with(|| {
                        let name = fresh_name(document, &new_schemas, &target.pointer);
                        new_schemas.insert(name.clone(), target.value.clone());
                        name
                    });
                    with_ref(node, &format!("#/components/schemas/{}", escape_pointer_segment(name)))
                }
                (Place::Object, _) => target.value,
            };
            if let Some(node) = document.pointer_mut(&site) {
                *node = replacement;
            }
        }
        if !new_schemas.is_empty() {
            schemas_mut(document).extend(new_schemas);
        }
        if !outcome.errors.is_empty() {
            return;
        }
    }
    outcome
        .errors
        .push((String::new(), "`$ref`s keep leading to more `$ref`s; is there a cycle?".to_owned()));
}

/// Every `$ref` that is local but not a plain component name: (pointer of the object holding
/// it, the reference, where it is).
fn unusual_refs(document: &mut Value) -> Vec<(String, String, Place)> {
    visit_document(document, |node, pointer, place, sites| {
        let Some(Value::String(reference)) = node.get("$ref") else { return };
        let unusual = !is_plain_component(reference)
            || place == Place::Object
                && expected_kind(pointer).is_some_and(|kind| !names_kind(reference, kind))
            || place == Place::Schema && !names_kind(reference, "schemas");
        if reference.starts_with('#') && unusual {
            sites.push((pointer.to_owned(), reference.clone(), place));
        }
    })
}

/// `#/components/<kind>/<name>` with a name that needs no decoding.
fn is_plain_component(reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix("#/components/") else { return false };
    let Some((kind, name)) = rest.split_once('/') else { return false };
    COMPONENT_KINDS.contains(&kind) && !name.is_empty() && !name.contains(['/', '~', '%'])
}

/// The component kind an object at `pointer` must be, where its place says (a `$ref` to
/// another kind, such as a request body used as a response, is inlined).
fn expected_kind(pointer: &str) -> Option<&'static str> {
    let (parent, last) = pointer.rsplit_once('/')?;
    let parent_key = parent.rsplit('/').next()?;
    match (parent_key, last) {
        (_, "requestBody") => Some("requestBodies"),
        ("responses", _) => Some("responses"),
        ("parameters", _) => Some("parameters"),
        ("headers", _) => Some("headers"),
        _ => None,
    }
}

fn names_kind(reference: &str, kind: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(kind))
        .is_some_and(|r| r.starts_with('/'))
}

/// The component name, when `pointer` is exactly `/components/schemas/<name>`.
fn standard_name(pointer: &str) -> Option<&str> {
    let name = pointer.strip_prefix("/components/schemas/")?;
    (!name.contains(['/', '~', '%'])).then_some(name)
}

/// Where a reference ends, after any chain of references.
struct Target {
    /// The decoded, re-escaped JSON pointer of the value.
    pointer: String,
    value: Value,
}

fn follow(document: &Value, reference: &str) -> Result<Target, String> {
    let mut seen: Vec<String> = Vec::new();
    let mut reference = reference.to_owned();
    loop {
        let pointer = decode_fragment(&reference).ok_or_else(|| {
            format!("`$ref` `{reference}` is not a JSON pointer into this document (`#/…`)")
        })?;
        if seen.contains(&pointer) {
            seen.push(pointer);
            return Err(format!("`$ref` cycle: {}", seen.join(" → ")));
        }
        seen.push(pointer.clone());
        let value = document.pointer(&pointer).ok_or_else(|| {
            format!("dangling `$ref` `{reference}`: nothing in the document at `{pointer}`")
        })?;
        // A reference with nothing beside it stands for its target; one with siblings (3.1) is
        // a schema of its own.
        match value.get("$ref").and_then(Value::as_str) {
            Some(next) if value.as_object().is_some_and(|o| o.len() == 1) && next.starts_with('#') => {
                reference = next.to_owned();
            }
            _ => return Ok(Target { pointer, value: value.clone() }),
        }
    }
}

/// `#/a~1b/c%20d` → `/a~1b/c d` (percent-decoded, JSON-pointer escapes kept); `None` when the
/// reference is not a fragment or decodes to invalid UTF-8.
fn decode_fragment(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    let decoded = percent_encoding::percent_decode_str(fragment).decode_utf8().ok()?;
    (decoded.is_empty() || decoded.starts_with('/')).then(|| decoded.into_owned())
}

/// `node` with its `$ref` replaced by `reference`.
fn with_ref(node: &Value, reference: &str) -> Value {
    let mut node = node.clone();
    node["$ref"] = Value::String(reference.to_owned());
    node
}

/// A component name for the schema at `pointer`, from its place: the segments that say which
/// (component names, property names, indexes, keywords), not `components`, `properties`, ….
fn fresh_name(document: &Value, pending: &Map<String, Value>, pointer: &str) -> String {
    const FILLER: &[&str] =
        &["components", "schemas", "properties", "content", "schema", "paths", "$defs", "definitions"];
    let words: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|segment| segment.replace("~1", "_").replace(['~', '%'], "_"))
        .filter(|segment| !FILLER.contains(&segment.as_str()))
        .collect();
    let base = if words.is_empty() { "Schema".to_owned() } else { words.join("_") };
    let taken = |name: &str| {
        pending.contains_key(name) || document.pointer(&pointer_join("/components/schemas", name)).is_some()
    };
    let mut name = base.clone();
    let mut counter = 2;
    while taken(&name) {
        name = format!("{base}_{counter}");
        counter += 1;
    }
    name
}

fn schemas_mut(document: &mut Value) -> &mut Map<String, Value> {
    let root = document.as_object_mut().expect("the loader checked the top level is a mapping");
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let schemas = components.as_object_mut().expect("made an object above").entry("schemas");
    let schemas = schemas.or_insert_with(|| Value::Object(Map::new()));
    if !schemas.is_object() {
        *schemas = Value::Object(Map::new());
    }
    schemas.as_object_mut().expect("made an object above")
}
