//! Random JSON values for a schema, read from the spec's JSON alone (never from the generator's
//! IR), as an independent JSON Schema faker would make them. Samples need not all be valid: the
//! caller keeps those an independent validator accepts.

use proptest::prelude::*;
use proptest::strategy::{BoxedStrategy, Just, Union};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// Which side of the API a sample is for: `readOnly` properties appear only in responses,
/// `writeOnly` ones only in requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Response,
    Request,
}

/// How deep references are followed before objects keep only required properties and arrays
/// their fewest items, so recursive schemas end.
const MAX_DEPTH: usize = 5;

/// Samples of `schema`, resolving `$ref`s in `document`.
pub fn strategy(document: &Arc<Value>, schema: &Value, direction: Direction) -> BoxedStrategy<Value> {
    Sampler { document: Arc::clone(document), direction }.schema(schema, 0)
}

#[derive(Clone)]
struct Sampler {
    document: Arc<Value>,
    direction: Direction,
}

impl Sampler {
    fn schema(&self, schema: &Value, depth: usize) -> BoxedStrategy<Value> {
        let value = self.non_null(schema, depth);
        if schema.get("nullable") == Some(&Value::Bool(true)) {
            prop_oneof![1 => Just(Value::Null), 4 => value].boxed()
        } else {
            value
        }
    }

    fn non_null(&self, schema: &Value, depth: usize) -> BoxedStrategy<Value> {
        // Only a schema that requires itself gets this deep: its samples are invalid anyway.
        if depth > 3 * MAX_DEPTH {
            return Just(Value::Null).boxed();
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = reference.strip_prefix('#').and_then(|p| self.document.pointer(p));
            return match target {
                // A subtype (`allOf: [$ref: Base, …]`) knows its name, to see its base list it.
                Some(target) if target.get("allOf").is_some() => {
                    let merged = self.merged_all_of(target, depth + 1, &mut vec![reference.to_owned()]);
                    self.schema(&merged, depth + 2)
                }
                Some(target) => self.schema(&target.clone(), depth + 1),
                None => Just(Value::Null).boxed(),
            };
        }
        if let Some(value) = schema.get("const") {
            return Just(value.clone()).boxed();
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array).filter(|v| !v.is_empty()) {
            return proptest::sample::select(values.clone()).boxed();
        }
        if schema.get("allOf").is_some() {
            let merged = self.merged_all_of(schema, depth, &mut Vec::new());
            return self.schema(&merged, depth + 1);
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(parts) = schema.get(keyword).and_then(Value::as_array).filter(|p| !p.is_empty()) {
                return self.union(schema, parts, depth);
            }
        }
        self.typed(schema, depth)
    }

    /// An `allOf` as one schema, as JSON Schema fakers merge it: every part's keywords together,
    /// a property two parts give as the `allOf` of both (its value must be valid for each),
    /// `required` joined, and any other keyword from the last part that has it. `merging` holds
    /// the references being merged: a part whose `oneOf`/`anyOf` lists one of them is its base
    /// type, whose own keywords apply but not its list of subtypes (the sample is that subtype).
    fn merged_all_of(&self, schema: &Value, depth: usize, merging: &mut Vec<String>) -> Value {
        let mut merged = Map::new();
        self.merge_into(&mut merged, schema, depth, merging);
        Value::Object(merged)
    }

    fn merge_into(
        &self,
        merged: &mut Map<String, Value>,
        schema: &Value,
        depth: usize,
        merging: &mut Vec<String>,
    ) {
        if depth > 3 * MAX_DEPTH {
            return;
        }
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let target = reference.strip_prefix('#').and_then(|p| self.document.pointer(p));
            if let (Some(target), false) = (target, merging.iter().any(|r| r == reference)) {
                merging.push(reference.to_owned());
                self.merge_into(merged, target, depth + 1, merging);
                merging.pop();
            }
            return;
        }
        let Some(object) = schema.as_object() else { return };
        for part in object.get("allOf").and_then(Value::as_array).into_iter().flatten() {
            self.merge_into(merged, part, depth + 1, merging);
        }
        let lists_subtype = |parts: &Value| {
            parts.as_array().into_iter().flatten().any(|part| {
                part.get("$ref").and_then(Value::as_str).is_some_and(|r| merging.iter().any(|m| m == r))
            })
        };
        for (key, value) in object {
            match (key.as_str(), value) {
                ("allOf", _) => {}
                ("oneOf" | "anyOf" | "discriminator", _)
                    if ["oneOf", "anyOf"].iter().any(|k| object.get(*k).is_some_and(lists_subtype)) => {}
                ("properties", Value::Object(properties)) => {
                    let into = merged.entry("properties").or_insert_with(|| json!({}));
                    for (name, property) in properties {
                        let both = match into.get(name) {
                            Some(before) => json!({"allOf": [before, property]}),
                            None => property.clone(),
                        };
                        into[name] = both;
                    }
                }
                ("required", Value::Array(names)) => {
                    let into = merged.entry("required").or_insert_with(|| json!([]));
                    if let Value::Array(into) = into {
                        into.extend(names.iter().filter(|n| !into.contains(n)).cloned().collect::<Vec<_>>());
                    }
                }
                _ => {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
    }

    /// A value of one of `parts`. Each branch's strategy is built only when that branch is drawn:
    /// a recursive union (an expression whose branches hold expressions) built eagerly grows
    /// as its branch count to the power of the depth. Deep down, branches that are not
    /// references (literals, mostly) are preferred, so recursion ends.
    fn union(&self, union: &Value, parts: &[Value], depth: usize) -> BoxedStrategy<Value> {
        let is_reference = |part: &&Value| part.get("$ref").is_some();
        let leaves: Vec<&Value> = parts.iter().filter(|part| !is_reference(part)).collect();
        let drawn: Vec<&Value> =
            if depth >= MAX_DEPTH && !leaves.is_empty() { leaves } else { parts.iter().collect() };
        let branches = drawn.into_iter().map(|part| {
            let (sampler, union, part) = (self.clone(), union.clone(), part.clone());
            Just(()).prop_flat_map(move |()| sampler.branch(&union, &part, depth)).boxed()
        });
        Union::new(branches.collect::<Vec<_>>()).boxed()
    }

    /// One branch of a union, with the keywords beside the union (its value must be valid for
    /// those too); with a discriminator, its property says which branch it is.
    fn branch(&self, union: &Value, part: &Value, depth: usize) -> BoxedStrategy<Value> {
        let beside = without(union, &["oneOf", "anyOf", "discriminator", "nullable"]);
        let sample = if shapeless(&beside) && beside.get("required").is_none() {
            self.schema(part, depth)
        } else {
            self.schema(&json!({"allOf": [beside, part]}), depth)
        };
        let Some(discriminator) = union.get("discriminator") else { return sample };
        let (Some(property), Some(reference)) = (
            discriminator.get("propertyName").and_then(Value::as_str),
            part.get("$ref").and_then(Value::as_str),
        ) else {
            return sample;
        };
        let mapped = discriminator.get("mapping").and_then(Value::as_object).and_then(|mapping| {
            mapping.iter().find(|(_, target)| target.as_str() == Some(reference)).map(|(key, _)| key.clone())
        });
        // Unmapped, a branch that pins the property (an `enum`, OpenAI's way) keeps its own value.
        let pinned = self.resolved(part).pointer(&format!("/properties/{property}/enum")).is_some();
        if mapped.is_none() && pinned {
            return sample;
        }
        let tag = mapped.unwrap_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_owned());
        let property = property.to_owned();
        sample
            .prop_map(move |mut value| {
                if let Some(object) = value.as_object_mut() {
                    object.insert(property.clone(), Value::String(tag.clone()));
                }
                value
            })
            .boxed()
    }

    fn typed(&self, schema: &Value, depth: usize) -> BoxedStrategy<Value> {
        // 3.1's type list: a value of any one of the types.
        if let Some(types) = schema.get("type").and_then(Value::as_array).filter(|t| !t.is_empty()) {
            let one_each = types.iter().map(|typ| {
                let mut single = schema.clone();
                single["type"] = typ.clone();
                self.typed(&single, depth)
            });
            return Union::new(one_each.collect::<Vec<_>>()).boxed();
        }
        let typ = schema.get("type").and_then(Value::as_str);
        let has = |key: &str| schema.get(key).is_some();
        match typ {
            Some("string") => string(schema),
            Some("integer") => integer(schema),
            Some("number") => number(schema),
            Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
            Some("null") => Just(Value::Null).boxed(),
            Some("array") => self.array(schema, depth),
            Some("object") => self.object(schema, depth),
            None if has("properties") || has("additionalProperties") => self.object(schema, depth),
            None if has("items") => self.array(schema, depth),
            _ => prop_oneof![Just(json!(1)), Just(json!("free")), Just(json!({"k": [true, null]}))].boxed(),
        }
    }

    fn array(&self, schema: &Value, depth: usize) -> BoxedStrategy<Value> {
        let min = count(schema, "minItems").unwrap_or(0);
        // A generous bound (Discord allows 1,521 items) is sampled near its low end.
        let max = count(schema, "maxItems").unwrap_or(min + 3).clamp(min, min + 3);
        if depth >= MAX_DEPTH && min == 0 {
            return Just(Value::Array(Vec::new())).boxed();
        }
        let items = schema.get("items").map_or_else(|| json!({}), Clone::clone);
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        proptest::collection::vec(self.schema(&items, depth), min..=max)
            .prop_map(move |mut values| {
                if unique {
                    // Drawn values repeat (small ranges, enums); the repeats are dropped.
                    let mut seen = Vec::new();
                    values.retain(|v| {
                        !seen.contains(v) && {
                            seen.push(v.clone());
                            true
                        }
                    });
                }
                Value::Array(values)
            })
            .boxed()
    }

    fn object(&self, schema: &Value, depth: usize) -> BoxedStrategy<Value> {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut fields: Vec<BoxedStrategy<Option<(String, Value)>>> = Vec::new();
        for (name, property) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
            let hidden = match self.direction {
                Direction::Response => "writeOnly",
                Direction::Request => "readOnly",
            };
            if self.resolved(property).get(hidden) == Some(&Value::Bool(true)) {
                continue;
            }
            let is_required = required.contains(&name.as_str());
            if !is_required && depth >= MAX_DEPTH {
                continue;
            }
            let name = name.clone();
            let value = self.schema(property, depth).prop_map(move |v| Some((name.clone(), v)));
            fields.push(if is_required { value.boxed() } else { prop_oneof![Just(None), value].boxed() });
        }
        let extra = match schema.get("additionalProperties") {
            Some(values @ Value::Object(_)) if depth < MAX_DEPTH => {
                proptest::collection::btree_map("[a-z]{1,6}", self.schema(values, depth), 0..=2)
                    .prop_map(|map| map.into_iter().collect::<Vec<_>>())
                    .boxed()
            }
            Some(Value::Bool(true)) => {
                let any = prop_oneof![any::<i32>().prop_map(Value::from), "[a-z]{0,4}".prop_map(Value::from)];
                proptest::collection::btree_map("[a-z]{1,6}", any, 0..=2)
                    .prop_map(|map| map.into_iter().collect::<Vec<_>>())
                    .boxed()
            }
            _ => Just(Vec::new()).boxed(),
        };
        (fields, extra)
            .prop_map(|(fields, extra)| {
                let mut object: Map<String, Value> = extra.into_iter().collect();
                object.extend(fields.into_iter().flatten());
                Value::Object(object)
            })
            .boxed()
    }

    /// A `$ref` resolved once, to read its annotations.
    fn resolved<'v>(&'v self, schema: &'v Value) -> &'v Value {
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| self.document.pointer(p))
            .unwrap_or(schema)
    }
}

fn string(schema: &Value) -> BoxedStrategy<Value> {
    // 3.1 says base64 with `contentEncoding`, as 3.0 does with `format: byte`.
    let base64 = schema.get("contentEncoding").and_then(Value::as_str) == Some("base64");
    let format =
        if base64 { "byte" } else { schema.get("format").and_then(Value::as_str).unwrap_or_default() };
    let by_format: Option<BoxedStrategy<String>> = match format {
        // UTC and an offset (the short offsets ajv allows, `+0530`, the oracle does not, so
        // `roundtrip` tests those).
        "date-time" => Some(
            (0i64..4_102_444_800, 0u32..1000, any::<bool>())
                .prop_map(|(seconds, millis, utc)| {
                    let time = chrono::DateTime::from_timestamp(seconds, millis * 1_000_000).unwrap();
                    let text = time.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
                    if utc { text } else { format!("{}+05:30", text.trim_end_matches('Z')) }
                })
                .boxed(),
        ),
        "date" => Some(
            (0i64..4_102_444_800)
                .prop_map(|s| chrono::DateTime::from_timestamp(s, 0).unwrap().format("%Y-%m-%d").to_string())
                .boxed(),
        ),
        // Version 4 (the ones specs' patterns ask for, immich's), upper case too, as some
        // servers write them (valid: JSON Schema's `uuid` ignores case).
        "uuid" => Some(
            (any::<u128>(), any::<bool>())
                .prop_map(|(n, upper)| {
                    let text = uuid::Builder::from_random_bytes(n.to_le_bytes()).into_uuid().to_string();
                    if upper { text.to_uppercase() } else { text }
                })
                .boxed(),
        ),
        "email" => Some("[a-z]{1,8}@[a-z]{1,8}\\.(com|org)".boxed()),
        "hostname" => Some("[a-z]{1,10}(\\.[a-z]{1,10}){0,2}".boxed()),
        "ipv4" => Some(any::<[u8; 4]>().prop_map(|o| std::net::Ipv4Addr::from(o).to_string()).boxed()),
        "ipv6" => Some(any::<u128>().prop_map(|n| std::net::Ipv6Addr::from(n).to_string()).boxed()),
        "uri" => Some("https://[a-z]{1,10}\\.example/[a-z0-9]{0,8}".boxed()),
        // ajv's `byte` pattern: padded, stray bits in the last character allowed.
        "byte" => Some("([A-Za-z0-9+/]{4}){0,4}([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?".boxed()),
        _ => None,
    };
    if let Some(strategy) = by_format {
        return strategy.prop_map(Value::String).boxed();
    }
    let min = count(schema, "minLength").unwrap_or(0);
    // Likewise a long `maxLength` (Discord: 152,133): long strings test nothing short ones miss.
    let max = count(schema, "maxLength").unwrap_or(min + 12).clamp(min, min + 24);
    let text = format!("[a-zA-Z0-9 _&=,|%/?#\\[\\]é🐶-]{{{min},{max}}}");
    let pattern = schema.get("pattern").and_then(Value::as_str);
    // Anchors at the ends say the whole string matches, which is what a generator makes anyway.
    let core = pattern.map(|p| p.strip_prefix('^').unwrap_or(p)).map(|p| p.strip_suffix('$').unwrap_or(p));
    let by_pattern = core.and_then(|p| proptest::string::string_regex(&ascii_classes(p)).ok());
    // Only strings the pattern matches: a record of ten patterned ids is valid only if all are.
    let strings = by_pattern.unwrap_or_else(|| proptest::string::string_regex(&text).unwrap());
    strings.prop_map(Value::String).boxed()
}

/// ECMA-262's `\d` and `\w` are ASCII, the regex crate's are Unicode: a pattern's samples are
/// drawn from the ASCII classes, so that what they match is what ECMA-262 says.
fn ascii_classes(pattern: &str) -> String {
    pattern.replace(r"\d", "[0-9]").replace(r"\w", "[A-Za-z0-9_]").replace(r"\s", " ")
}

fn integer(schema: &Value) -> BoxedStrategy<Value> {
    let int32 = schema.get("format").and_then(Value::as_str) == Some("int32");
    let (low, high) = if int32 { (i32::MIN as i64, i32::MAX as i64) } else { (-1_000_000, 1_000_000) };
    let exclusive = |key| schema.get(key) == Some(&Value::Bool(true));
    let min = schema.get("minimum").and_then(Value::as_i64).map(|m| m + exclusive("exclusiveMinimum") as i64);
    let max = schema.get("maximum").and_then(Value::as_i64).map(|m| m - exclusive("exclusiveMaximum") as i64);
    let (min, max) = (min.unwrap_or(low.max(max.unwrap_or(high) - 1000)), max.unwrap_or(high));
    if min > max {
        return Just(json!(min)).boxed();
    }
    let step = schema.get("multipleOf").and_then(Value::as_i64).filter(|&m| m > 0).unwrap_or(1);
    (min.div_euclid(step)..=max.div_euclid(step)).prop_map(move |k| json!(k * step)).boxed()
}

fn number(schema: &Value) -> BoxedStrategy<Value> {
    let min = schema.get("minimum").and_then(Value::as_f64).unwrap_or(-1e6);
    let max = schema.get("maximum").and_then(Value::as_f64).unwrap_or(min.max(0.0) + 1e6);
    if let Some(step) = schema.get("multipleOf").and_then(Value::as_f64).filter(|&m| m > 0.0) {
        let (low, high) = ((min / step).ceil() as i64, (max / step).floor() as i64);
        return (low..=high.max(low)).prop_map(move |k| json!(k as f64 * step)).boxed();
    }
    if min > max {
        return Just(json!(min)).boxed();
    }
    let (low, high) = (min.ceil() as i64, max.floor() as i64);
    // Whole numbers too, where the bounds leave room for one (`0.001..=0.1` leaves none).
    if low > high {
        return (min..=max).prop_map(|n| json!(n)).boxed();
    }
    prop_oneof![(min..=max).prop_map(|n| json!(n)), (low..=high).prop_map(|n| json!(n as f64))].boxed()
}

/// Whether a schema says nothing of a value's shape (no type, properties, items, enum or parts).
fn shapeless(schema: &Value) -> bool {
    const SHAPES: &[&str] = &[
        "type",
        "properties",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "allOf",
        "oneOf",
        "anyOf",
        "$ref",
    ];
    !SHAPES.iter().any(|key| schema.get(key).is_some())
}

fn count(schema: &Value, key: &str) -> Option<usize> {
    schema.get(key).and_then(Value::as_u64).map(|n| n as usize)
}

/// `schema` without `keys`.
fn without(schema: &Value, keys: &[&str]) -> Value {
    let mut copy = schema.clone();
    if let Some(object) = copy.as_object_mut() {
        object.retain(|key, _| !keys.contains(&key.as_str()));
    }
    copy
}
