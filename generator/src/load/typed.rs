//! The normalized tree → `openapiv3::OpenAPI`, its path items and components read on two cores.
//!
//! `openapiv3`'s `Paths` is a flattened map, which serde buffers whole and then copies entry by
//! entry; its path items and schemas are untagged enums, which buffer each subtree again. Reading
//! each path item from the tree on its own skips the first copy, and two threads share the rest:
//! on Cloudflare's spec, most of the load stage. The result is the one serde gives for the whole
//! document, and an error inside a path item names its pointer (the flattened map hid it).

use openapiv3::{Components, OpenAPI, PathItem, ReferenceOr};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// (JSON pointer, line and column, message), as `load` reports it.
type LoadError = (String, Option<(usize, usize)>, String);

/// The typed model of `document`, which is left as it was, and how many JSON objects the
/// document holds: its size, counted here because sharing the reading out needs each part's.
pub(super) fn typed_document(document: &mut Value) -> Result<(OpenAPI, usize), LoadError> {
    let parts = document.as_object_mut().and_then(|top| {
        let paths = match top.get_mut("paths") {
            Some(Value::Object(paths)) => std::mem::take(paths),
            _ => return None,
        };
        Some((paths, top.shift_remove("components")))
    });
    let Some((paths, components)) = parts else {
        return Ok((read(document, "")?, super::count_objects(document)));
    };
    let read = read_in_parts(document, &paths, components.as_ref());
    // Back as they were: the tree is the document's.
    if let Some(top) = document.as_object_mut() {
        top.insert("paths".to_owned(), Value::Object(paths));
        if let Some(components) = components {
            top.insert("components".to_owned(), components);
        }
    }
    read
}

/// The document without its paths' entries and components (`rest`), those read on two threads.
/// Of several faults, the first in this order is reported: the rest, the path items in order,
/// the components.
fn read_in_parts(
    rest: &Value,
    paths: &Map<String, Value>,
    components: Option<&Value>,
) -> Result<(OpenAPI, usize), LoadError> {
    let entries: Vec<(&String, &Value)> = paths.iter().collect();
    let sizes = Sizes::of(rest, &entries, components);
    let (first, second) = entries.split_at(sizes.split());
    // One thread reads the components and the first path items, this one the other path items
    // and the rest: about as many JSON objects each.
    let ((components, first), second, openapi) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            (components.map(|value| read::<Components>(value, "/components")).transpose(), path_items(first))
        });
        let second = path_items(second);
        let openapi = read::<OpenAPI>(rest, "");
        // A reader only panics on a bug; surface it as one.
        (other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), second, openapi)
    });
    let mut openapi = openapi?;
    let mut items = first?;
    items.extend(second?);
    openapi.paths.paths = items.into_iter().collect();
    openapi.paths.extensions = paths
        .iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    openapi.components = components?;
    Ok((openapi, sizes.total()))
}

/// How many JSON objects each part of a document holds.
struct Sizes {
    rest: usize,
    entries: Vec<usize>,
    components: usize,
}

impl Sizes {
    fn of(rest: &Value, entries: &[(&String, &Value)], components: Option<&Value>) -> Sizes {
        Sizes {
            rest: super::count_objects(rest),
            entries: entries.iter().map(|(_, value)| super::count_objects(value)).collect(),
            components: components.map_or(0, super::count_objects),
        }
    }

    fn total(&self) -> usize {
        self.rest + self.entries.iter().sum::<usize>() + self.components
    }

    /// How many of the path entries go with the components so that each thread reads about
    /// half of the objects.
    fn split(&self) -> usize {
        let half = (self.components + self.entries.iter().sum::<usize>()) / 2;
        let mut taken = self.components;
        self.entries
            .iter()
            .take_while(|size| {
                taken += *size;
                taken <= half
            })
            .count()
    }
}

/// The path items among `entries` (keys that start with `/`, as `openapiv3` reads them).
fn path_items(entries: &[(&String, &Value)]) -> Result<Vec<(String, ReferenceOr<PathItem>)>, LoadError> {
    entries
        .iter()
        .filter(|(key, _)| key.starts_with('/'))
        .map(|(key, value)| {
            let at = crate::diagnostics::pointer_join("/paths", key);
            // Read as what the untagged `ReferenceOr` would choose, so an error keeps its path.
            let item = match value.get("$ref") {
                Some(_) => read::<ReferenceOr<PathItem>>(value, &at),
                None => read::<PathItem>(value, &at).map(ReferenceOr::Item),
            };
            item.map(|item| ((*key).clone(), item))
        })
        .collect()
}

/// `value` (at pointer `at`) as a `T`; on failure, read again with its path tracked, for the
/// pointer of the error (tracking costs a tenth of the reading).
fn read<T: DeserializeOwned>(value: &Value, at: &str) -> Result<T, LoadError> {
    T::deserialize(value).map_err(|error| {
        let tracked = serde_path_to_error::deserialize::<_, T>(value).err();
        let inner = tracked.map_or_else(String::new, |tracked| super::path_to_pointer(tracked.path()));
        (format!("{at}{inner}"), None, format!("not a valid OpenAPI document: {error}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Value {
        let item =
            |summary: &str| json!({"get": {"summary": summary, "responses": {"200": {"description": "ok"}}}});
        let mut paths: Map<String, Value> =
            (0..9).map(|i| (format!("/things/{i}"), item(&format!("thing {i}")))).collect();
        paths.insert("x-note".into(), json!({"kept": true}));
        paths.insert("/by-ref".into(), json!({"$ref": "#/components/pathItems/Shared"}));
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}},
            "x-top": 1
        })
    }

    #[test]
    fn reading_in_parts_gives_what_serde_gives_for_the_whole_document() {
        let mut tree = document();
        let whole: OpenAPI = serde_json::from_value(tree.clone()).unwrap();
        let (parts, objects) = typed_document(&mut tree).unwrap();
        assert_eq!(parts, whole);
        assert_eq!(objects, crate::load::count_objects(&document()), "the size of the whole document");
        assert_eq!(parts.paths.paths.len(), 10, "nine items and the reference, in order");
        assert_eq!(parts.paths.extensions["x-note"], json!({"kept": true}));
        assert_eq!(tree, document(), "the tree is left as it was");
    }

    #[test]
    fn a_path_item_or_component_that_fails_is_an_error_at_its_pointer() {
        let cases = [
            ("/paths/~1things~13/get/responses", json!({"paths": {"/things/3": {"get": {"responses": 5}}}})),
            // A schema is an untagged `ReferenceOr`, whose errors name no inner path: the pointer
            // stops at the schema.
            ("/components/schemas/Thing", json!({"components": {"schemas": {"Thing": {"properties": 5}}}})),
        ];
        for (pointer, change) in cases {
            let mut tree = document();
            json_patch_merge(&mut tree, change);
            let before = tree.clone();
            let (at, _, message) = typed_document(&mut tree).unwrap_err();
            assert_eq!(at, pointer, "{message}");
            assert!(message.starts_with("not a valid OpenAPI document: "), "{message}");
            assert_eq!(tree, before, "the tree is left as it was");
        }
    }

    /// Merges `change` into `tree` (objects key by key, anything else replaced).
    fn json_patch_merge(tree: &mut Value, change: Value) {
        match (tree, change) {
            (Value::Object(tree), Value::Object(change)) => {
                for (key, value) in change {
                    json_patch_merge(tree.entry(key).or_insert(Value::Null), value);
                }
            }
            (tree, change) => *tree = change,
        }
    }
}
