//! Keywords that contradict each other in one schema: one rule per case, each with a warning
//! naming what is ignored. `openapiv3` reads such a schema as "any" (`AnySchema`); these rules
//! turn it back into the type it declares.
//!
//! | conflict | rule |
//! |---|---|
//! | `type` is `string`, `integer`, `number` or `boolean`, beside object or array keywords | `type` wins; the others are ignored |
//! | `type: array` beside object or string/number keywords | `type` wins; the others are ignored |
//! | `type: object` beside array or string/number keywords | `type` wins; the others are ignored |
//!
//! A schema with no `type` keeps every keyword: objects are read from `properties`, and so on.

use openapiv3::{AnySchema, Type};

/// The keywords of each kind of value, as they are spelled in a spec.
const OBJECT: &[&str] = &["properties", "required", "additionalProperties", "minProperties", "maxProperties"];
const ARRAY: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const STRING: &[&str] = &["pattern", "minLength", "maxLength"];
const NUMBER: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

/// What an `AnySchema` with a `type` becomes, and the keywords dropped for it.
pub(crate) enum Resolved {
    /// A string, integer, number or boolean schema, with its own keywords.
    Primitive(Type),
    /// An array: its items and constraints are read from the `AnySchema` itself.
    Array,
    /// An object: read as one (properties, `additionalProperties`), keywords of others dropped.
    Object,
}

/// The rule for `any`, when it declares a `type` and carries keywords of another: what it becomes
/// and the keywords ignored. `None` when nothing conflicts.
pub(crate) fn resolve(any: &AnySchema) -> Option<(Resolved, Vec<&'static str>)> {
    let typ = any.typ.as_deref()?;
    let present = present_keywords(any);
    let own: &[&[&str]] = match typ {
        "string" => &[STRING],
        "integer" | "number" => &[NUMBER],
        "boolean" => &[],
        "array" => &[ARRAY],
        "object" => &[OBJECT],
        _ => return None,
    };
    let ignored: Vec<&'static str> =
        present.into_iter().filter(|keyword| !own.iter().any(|kind| kind.contains(keyword))).collect();
    if ignored.is_empty() {
        return None;
    }
    let resolved = match typ {
        "array" => Resolved::Array,
        "object" => Resolved::Object,
        _ => Resolved::Primitive(primitive(any)?),
    };
    Some((resolved, ignored))
}

/// The warning for a resolved conflict.
pub(crate) fn message(any: &AnySchema, ignored: &[&str]) -> String {
    let typ = any.typ.as_deref().unwrap_or_default();
    let list: Vec<String> = ignored.iter().map(|k| format!("`{k}`")).collect();
    format!("`type: {typ}` conflicts with {}; the type wins and those are ignored", list.join(", "))
}

/// The keywords of every kind that `any` carries, in the order of the lists above.
fn present_keywords(any: &AnySchema) -> Vec<&'static str> {
    let checks: [(&'static str, bool); 17] = [
        ("properties", !any.properties.is_empty()),
        ("required", !any.required.is_empty()),
        ("additionalProperties", any.additional_properties.is_some()),
        ("minProperties", any.min_properties.is_some()),
        ("maxProperties", any.max_properties.is_some()),
        ("items", any.items.is_some()),
        ("minItems", any.min_items.is_some()),
        ("maxItems", any.max_items.is_some()),
        ("uniqueItems", any.unique_items.is_some()),
        ("pattern", any.pattern.is_some()),
        ("minLength", any.min_length.is_some()),
        ("maxLength", any.max_length.is_some()),
        ("minimum", any.minimum.is_some()),
        ("maximum", any.maximum.is_some()),
        ("exclusiveMinimum", any.exclusive_minimum.is_some()),
        ("exclusiveMaximum", any.exclusive_maximum.is_some()),
        ("multipleOf", any.multiple_of.is_some()),
    ];
    checks.into_iter().filter_map(|(keyword, present)| present.then_some(keyword)).collect()
}

/// The typed schema `any` declares, from its own keywords (format, enum, constraints): through
/// `openapiv3`'s reading of `type`, which ignores the keywords of other types.
fn primitive(any: &AnySchema) -> Option<Type> {
    let mut json = serde_json::to_value(any).ok()?;
    let object = json.as_object_mut()?;
    for keyword in OBJECT.iter().chain(ARRAY) {
        object.remove(*keyword);
    }
    // `AnySchema` holds every bound as `f64`; an integer schema's are integers.
    if any.typ.as_deref() == Some("integer") {
        for keyword in ["minimum", "maximum", "multipleOf"] {
            if let Some(value) = object.get_mut(keyword) {
                if let Some(whole) = value.as_f64().filter(|v| v.fract() == 0.0 && v.abs() < 9.0e15) {
                    *value = serde_json::json!(whole as i64);
                }
            }
        }
    }
    serde_json::from_value(json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any(json: serde_json::Value) -> AnySchema {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn each_rule_keeps_the_declared_type_and_names_what_it_ignores() {
        use serde_json::json;
        for (schema, expected, ignored) in [
            (
                json!({"type": "string", "properties": {"a": {}}, "maxLength": 3}),
                "string",
                vec!["properties"],
            ),
            (json!({"type": "integer", "required": ["a"], "minimum": 1}), "integer", vec!["required"]),
            (json!({"type": "boolean", "items": {}}), "boolean", vec!["items"]),
            (json!({"type": "array", "items": {}, "properties": {"a": {}}}), "array", vec!["properties"]),
            (json!({"type": "object", "properties": {"a": {}}, "minLength": 1}), "object", vec!["minLength"]),
            (json!({"type": "number", "pattern": "x", "items": {}}), "number", vec!["items", "pattern"]),
        ] {
            let any = any(schema.clone());
            let (resolved, dropped) = resolve(&any).unwrap_or_else(|| panic!("{schema}"));
            assert_eq!(dropped, ignored, "{schema}");
            let kind = match resolved {
                Resolved::Primitive(Type::String(s)) => {
                    assert_eq!(s.max_length, any.max_length, "own keywords kept");
                    "string"
                }
                Resolved::Primitive(Type::Integer(i)) => {
                    assert_eq!(i.minimum, Some(1), "own keywords kept");
                    "integer"
                }
                Resolved::Primitive(Type::Number(_)) => "number",
                Resolved::Primitive(Type::Boolean(_)) => "boolean",
                Resolved::Primitive(_) => "other",
                Resolved::Array => "array",
                Resolved::Object => "object",
            };
            assert_eq!(kind, expected, "{schema}");
        }
    }

    #[test]
    fn schemas_without_a_conflict_or_a_type_are_left_alone() {
        use serde_json::json;
        for schema in [
            json!({"properties": {"a": {}}, "items": {}}),
            json!({"type": "string", "pattern": "x", "allOf": [{}]}),
            json!({"type": "object", "properties": {"a": {}}, "oneOf": [{}]}),
        ] {
            assert!(resolve(&any(schema.clone())).is_none(), "{schema}");
        }
    }

    #[test]
    fn the_warning_lists_the_ignored_keywords() {
        let any = any(serde_json::json!({"type": "string", "properties": {}, "required": ["a"]}));
        assert_eq!(
            message(&any, &["properties", "required"]),
            "`type: string` conflicts with `properties`, `required`; the type wins and those are ignored"
        );
    }
}
