//! The normalized tree → `openapiv3::OpenAPI`, its path items and components read on two cores.
//!
//! `openapiv3`'s `Paths` is a flattened map, which serde buffers whole and then copies entry by
//! entry; its path items and schemas are untagged enums, which buffer each subtree again. Reading
//! each path item from the tree on its own skips the first copy, and two threads share the rest:
//! on Cloudflare's spec, most of the load stage. The result is the one serde gives for the whole
//! document; a document it cannot read is read again whole, for the error's pointer.

use openapiv3::{Components, OpenAPI, PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::{Map, Value};

/// (JSON pointer, line and column, message), as `load` reports it.
type LoadError = (String, Option<(usize, usize)>, String);

/// The typed model of `document`, which is left as it was.
pub(super) fn typed_document(document: &mut Value) -> Result<OpenAPI, LoadError> {
    let parts = document.as_object_mut().and_then(|top| {
        let paths = match top.get_mut("paths") {
            Some(Value::Object(paths)) => std::mem::take(paths),
            _ => return None,
        };
        Some((paths, top.shift_remove("components")))
    });
    let Some((paths, components)) = parts else { return whole(document) };
    let read = read_in_parts(document, &paths, components.as_ref());
    // Back as they were: the tree is the document's, and an error is read from it whole.
    if let Some(top) = document.as_object_mut() {
        top.insert("paths".to_owned(), Value::Object(paths));
        if let Some(components) = components {
            top.insert("components".to_owned(), components);
        }
    }
    read.map_or_else(|| whole(document), Ok)
}

/// The document without its paths' entries and components, those read on two threads; `None`
/// when any part fails.
fn read_in_parts(rest: &Value, paths: &Map<String, Value>, components: Option<&Value>) -> Option<OpenAPI> {
    let entries: Vec<(&String, &Value)> = paths.iter().collect();
    let (first, second) = entries.split_at(balanced_split(&entries, components));
    // One thread reads the components and the first path items, this one the other path items
    // and the rest: about as many JSON objects each.
    let (other, second, openapi) = std::thread::scope(|scope| {
        let other = scope.spawn(|| (components.map(Components::deserialize).transpose(), path_items(first)));
        let second = path_items(second);
        (other.join(), second, OpenAPI::deserialize(rest))
    });
    let (components, first) = other.ok()?;
    let mut openapi = openapi.ok()?;
    let mut items = first?;
    items.extend(second?);
    openapi.paths.paths = items.into_iter().collect();
    openapi.paths.extensions = paths
        .iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    openapi.components = components.ok()?;
    Some(openapi)
}

/// How many of `entries` go with the components so that each thread reads about half of the
/// JSON objects.
fn balanced_split(entries: &[(&String, &Value)], components: Option<&Value>) -> usize {
    let weights: Vec<usize> = entries.iter().map(|(_, value)| super::count_objects(value)).collect();
    let components = components.map_or(0, super::count_objects);
    let half = (components + weights.iter().sum::<usize>()) / 2;
    let mut taken = components;
    weights
        .iter()
        .take_while(|weight| {
            taken += *weight;
            taken <= half
        })
        .count()
}

/// The path items among `entries` (keys that start with `/`, as `openapiv3` reads them).
fn path_items(entries: &[(&String, &Value)]) -> Option<Vec<(String, ReferenceOr<PathItem>)>> {
    entries
        .iter()
        .filter(|(key, _)| key.starts_with('/'))
        .map(|(key, value)| {
            ReferenceOr::<PathItem>::deserialize(*value).ok().map(|item| ((*key).clone(), item))
        })
        .collect()
}

/// The whole document read at once; on failure, read again with its path tracked, for the
/// pointer of the error (tracking costs a tenth of the reading).
fn whole(document: &Value) -> Result<OpenAPI, LoadError> {
    OpenAPI::deserialize(document).map_err(|error| {
        let tracked = serde_path_to_error::deserialize::<_, OpenAPI>(document).err();
        let pointer = tracked.map_or_else(String::new, |tracked| super::path_to_pointer(tracked.path()));
        (pointer, None, format!("not a valid OpenAPI document: {error}"))
    })
}
