//! Repairs before typing: what `openapiv3` would refuse but that means something clear is made
//! valid, each with a located warning, instead of failing the whole document.
//!
//! A parameter `style` its location does not allow (say `deepObject` on a path) becomes
//! the nearest one it does (`simple` in the path and headers, `form` in the query and cookies),
//! keeping whether the original explodes, so the value is still sent in a meaningful form.

use crate::diagnostics::pointer_join;
use serde_json::Value;

/// A repair made: (JSON pointer, what was wrong and what is done instead).
pub(super) type Repair = (String, String);

/// Repairs every parameter of `document` in place: path-level, operation-level and components.
pub(super) fn parameter_styles(document: &mut Value) -> Vec<Repair> {
    let mut repairs = Vec::new();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths {
            let item_pointer = pointer_join("/paths", path);
            let Some(item) = item.as_object_mut() else { continue };
            for (key, value) in item {
                let pointer = pointer_join(&item_pointer, key);
                let list = if key == "parameters" { Some(value) } else { value.get_mut("parameters") };
                let pointer =
                    if key == "parameters" { pointer } else { pointer_join(&pointer, "parameters") };
                for (index, parameter) in list.and_then(Value::as_array_mut).into_iter().flatten().enumerate()
                {
                    repairs.extend(repair(parameter, &pointer_join(&pointer, &index.to_string())));
                }
            }
        }
    }
    let components = document.pointer_mut("/components/parameters").and_then(Value::as_object_mut);
    for (name, parameter) in components.into_iter().flatten() {
        repairs.extend(repair(parameter, &pointer_join("/components/parameters", name)));
    }
    repairs
}

/// The styles a location allows, the first being the one a disallowed style becomes.
fn allowed(location: &str) -> Option<&'static [&'static str]> {
    Some(match location {
        "path" => &["simple", "label", "matrix"],
        "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
        "header" => &["simple"],
        "cookie" => &["form"],
        _ => return None,
    })
}

fn repair(parameter: &mut Value, pointer: &str) -> Option<Repair> {
    let object = parameter.as_object_mut()?;
    let allowed = allowed(object.get("in")?.as_str()?)?;
    let style = object.get("style")?.as_str()?.to_owned();
    if allowed.contains(&style.as_str()) {
        return None;
    }
    // An unset `explode` keeps the default of the style the spec wrote: only `form` explodes.
    let explode = object.get("explode").and_then(Value::as_bool).unwrap_or(style == "form");
    let nearest = allowed[0];
    object.insert("style".to_owned(), Value::String(nearest.to_owned()));
    object.insert("explode".to_owned(), Value::Bool(explode));
    let location = object["in"].as_str().unwrap_or_default();
    let message = format!(
        "`style: {style}` is not allowed for a {location} parameter (allowed: {}); it is sent in `{nearest}` style{}",
        allowed.join(", "),
        if explode { ", exploded" } else { "" }
    );
    Some((pointer_join(pointer, "style"), message))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn disallowed_styles_become_the_nearest_allowed_one() {
        let mut document = json!({
            "paths": {"/a/{id}": {
                "parameters": [{"name": "id", "in": "path", "style": "deepObject", "explode": true}],
                "get": {"parameters": [
                    {"name": "q", "in": "query", "style": "simple"},
                    {"name": "h", "in": "header", "style": "form"},
                    {"name": "ok", "in": "query", "style": "pipeDelimited"},
                    {"$ref": "#/components/parameters/c"}
                ]}
            }},
            "components": {"parameters": {"c": {"name": "c", "in": "cookie", "style": "label"}}}
        });
        let repairs = super::parameter_styles(&mut document);
        let pointers: Vec<&str> = repairs.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1a~1{id}/parameters/0/style",
                "/paths/~1a~1{id}/get/parameters/0/style",
                "/paths/~1a~1{id}/get/parameters/1/style",
                "/components/parameters/c/style",
            ]
        );
        assert_eq!(
            repairs[0].1,
            "`style: deepObject` is not allowed for a path parameter (allowed: simple, label, matrix); it is sent in `simple` style, exploded"
        );
        let parameters = &document["paths"]["/a/{id}"];
        assert_eq!(parameters["parameters"][0]["style"], "simple");
        assert_eq!(
            parameters["get"]["parameters"][0],
            json!({"name": "q", "in": "query", "style": "form", "explode": false})
        );
        assert_eq!(parameters["get"]["parameters"][1]["explode"], true, "form explodes by default");
        assert_eq!(parameters["get"]["parameters"][2]["style"], "pipeDelimited", "allowed styles stay");
        assert_eq!(document["components"]["parameters"]["c"]["style"], "form");
    }
}
