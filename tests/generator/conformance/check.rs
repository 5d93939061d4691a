//! The conformance check itself, for any generated crate: each type's examples and random
//! samples (`sampler`), kept when an independent validator accepts them (`jsonschema`: draft 4
//! for OpenAPI 3.0, 2020-12 for 3.1, formats checked), must round-trip:
//! - as a response, each sample decodes and re-encodes to an equal JSON value;
//! - as a request, each deserializes, passes `validate()`, and serializes to an equal value.
//!
//! "Equal" compares numbers by value (`5` and `5.0` are one number); nothing else is loosened.
//! The project's tests run it on the fixtures; `scripts/conformance.sh` on any spec.

use super::sampler::{self, Direction};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use std::cell::Cell;
use std::sync::Arc;

pub type Check = fn(&Value) -> Result<Value, String>;

/// How one generated type is checked in each direction.
pub struct Codec {
    pub name: &'static str,
    pub response: Check,
    pub request: Check,
}

/// Through `Option<T>`: a nullable schema's `null` is the field's `None`, not a `T`.
pub fn response<T: DeserializeOwned + Serialize>(value: &Value) -> Result<Value, String> {
    let typed =
        <Option<T> as serde::Deserialize>::deserialize(value).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))
}

/// The codecs of a generated crate's types, named as the crate names them.
macro_rules! codecs {
    ($krate:ident: $($ty:ident),* $(,)?) => {{
        fn request<T>(value: &serde_json::Value) -> Result<serde_json::Value, String>
        where
            T: serde::de::DeserializeOwned + serde::Serialize + $krate::Validate,
        {
            let typed = <Option<T> as serde::Deserialize>::deserialize(value)
                .map_err(|e| format!("does not deserialize: {e}"))?;
            if let Some(typed) = &typed {
                typed.validate().map_err(|e| format!("refused by validate(): {e}"))?;
            }
            serde_json::to_value(&typed).map_err(|e| format!("does not serialize: {e}"))
        }
        vec![$( check::Codec {
            name: stringify!($ty),
            response: check::response::<$krate::$ty>,
            request: request::<$krate::$ty>,
        } ),*]
    }};
}

/// What a check found, each line naming the type and the value.
#[derive(Debug, Default)]
pub struct Report {
    /// Schema-valid values that did not round-trip: client bugs, or a spec that contradicts itself.
    pub failures: Vec<String>,
    /// Type-directions the sampler made no valid value for (only their examples were checked).
    pub unsampled: Vec<String>,
    /// Types whose schema the validator cannot compile, or that have no schema to sample.
    pub skipped: Vec<String>,
    /// Valid samples and examples checked.
    pub checked: usize,
}

/// Checks every codec's type against its schema in `document`, found by `origin` (a JSON
/// pointer to the schema the type was generated from). `cases` random samples per direction.
pub fn check(document: &Value, codecs: &[Codec], origin: &dyn Fn(&str) -> String, cases: u32) -> Report {
    let examples = examples(document);
    let shared = Arc::new(document.clone());
    let is_31 = document.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"));
    let mut report = Report::default();
    for codec in codecs {
        let origin = origin(codec.name).trim_start_matches('#').to_owned();
        // A schema that a `$ref` reaches inside another is a component the generator names (it
        // is not in the spec as written); it is sampled within the schemas that hold it.
        let Some((pointer, schema)) = written_at(document, &origin) else {
            let pointer = origin;
            if !pointer.starts_with("/components/schemas/") {
                report.skipped.push(format!("{}: no schema at {pointer}", codec.name));
            }
            continue;
        };
        for (direction, check) in [(Direction::Response, codec.response), (Direction::Request, codec.request)]
        {
            let mut root_schema = to_json_schema(document, document, direction);
            root_schema["$ref"] = json!(format!("#{}", fragment(&pointer)));
            // 3.1's schemas are JSON Schema 2020-12 (`const`, type lists); 3.0's are draft 4's.
            let options =
                if is_31 { jsonschema::draft202012::options() } else { jsonschema::draft4::options() };
            let validator = match options.offline().should_validate_formats(true).build(&root_schema) {
                Ok(validator) => validator,
                Err(e) => {
                    report.skipped.push(format!("{}: {pointer} is no valid JSON Schema: {e}", codec.name));
                    break;
                }
            };
            let given = examples.iter().filter(|(p, d, _)| *p == pointer && d.is_none_or(|d| d == direction));
            for (_, _, example) in given {
                if validator.is_valid(example) {
                    report.checked += 1;
                    let failure = round_trip(check, example).err();
                    report.failures.extend(failure.map(|e| format!("{} example: {e}", codec.name)));
                }
            }
            let valid = Cell::new(0);
            let strategy = sampler::strategy(&shared, schema, direction);
            // Shrinking is capped: a large spec's failures are many, and each shrink step revalidates.
            let config =
                Config { cases, failure_persistence: None, max_shrink_iters: 64, ..Config::default() };
            let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
            let outcome = TestRunner::new_with_rng(config, rng).run(&strategy.boxed(), |sample| {
                if !validator.is_valid(&sample) {
                    return Ok(());
                }
                valid.set(valid.get() + 1);
                round_trip(check, &sample).map_err(TestCaseError::fail)
            });
            report.checked += valid.get();
            if let Err(e) = outcome {
                report.failures.push(format!("{} as a {direction:?}: {e}", codec.name));
            }
            if valid.get() == 0 {
                let mut runner = TestRunner::deterministic();
                let sample =
                    sampler::strategy(&shared, schema, direction).new_tree(&mut runner).unwrap().current();
                let why: Vec<String> =
                    validator.iter_errors(&sample).map(|e| format!("{} {e}", e.instance_path())).collect();
                report.unsampled.push(format!(
                    "no valid {direction:?} sample of {} ({pointer}); e.g. {sample}: {why:?}",
                    codec.name
                ));
            }
        }
    }
    report
}

/// The schema at `pointer` and where it is written: an origin runs through the operation, and
/// a response, request body or parameter on the way may be a `$ref` to a component.
fn written_at<'d>(document: &'d Value, pointer: &str) -> Option<(String, &'d Value)> {
    let (mut at, mut node) = (String::new(), document);
    for token in pointer.split('/').skip(1) {
        // Each hop of a chain of references, to a bound (a cycle has no schema at its end).
        for _ in 0..16 {
            let Some(target) = node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#'))
            else {
                break;
            };
            (at, node) = (target.to_owned(), document.pointer(target)?);
        }
        let key = token.replace("~1", "/").replace("~0", "~");
        node = match node {
            Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
            _ => node.get(&key)?,
        };
        at = format!("{at}/{token}");
    }
    Some((at, node))
}

/// A JSON pointer as a URI fragment (`{` and `}` percent-encoded, as in path templates).
fn fragment(pointer: &str) -> String {
    pointer.replace('%', "%25").replace('{', "%7B").replace('}', "%7D").replace(' ', "%20")
}

/// Checks one sample: what comes back must equal what went in.
fn round_trip(check: Check, sample: &Value) -> Result<(), String> {
    let back = check(sample).map_err(|e| format!("{sample} {e}"))?;
    if same(sample, &back) { Ok(()) } else { Err(format!("{sample} came back as {back}")) }
}

/// JSON equality, numbers by value.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// The document as draft 4 reads it, for one direction: OpenAPI's `nullable: true` as `anyOf`
/// with `null`, and `required` without the properties that direction never carries (`writeOnly`
/// ones in responses, `readOnly` ones in requests), as OpenAPI defines. Values (`example`,
/// `default`, `enum`) are left as they are.
fn to_json_schema(value: &Value, document: &Value, direction: Direction) -> Value {
    match value {
        Value::Object(object) => {
            let mut converted: serde_json::Map<String, Value> = object
                .iter()
                .map(|(key, value)| {
                    let keep = matches!(key.as_str(), "example" | "examples" | "default" | "enum");
                    (
                        key.clone(),
                        if keep { value.clone() } else { to_json_schema(value, document, direction) },
                    )
                })
                .collect();
            if let (Some(Value::Array(required)), Some(Value::Object(properties))) =
                (object.get("required"), object.get("properties"))
            {
                let hidden = match direction {
                    Direction::Response => "writeOnly",
                    Direction::Request => "readOnly",
                };
                let carried = |name: &Value| {
                    let property = name.as_str().and_then(|n| properties.get(n));
                    let resolved = property.map(|p| {
                        let target = p.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#'));
                        target.and_then(|t| document.pointer(t)).unwrap_or(p)
                    });
                    resolved.and_then(|p| p.get(hidden)) != Some(&Value::Bool(true))
                };
                let kept: Vec<Value> = required.iter().filter(|name| carried(name)).cloned().collect();
                converted.insert("required".into(), Value::Array(kept));
            }
            if converted.get("required").and_then(Value::as_array).is_some_and(Vec::is_empty) {
                converted.remove("required");
            }
            if converted.remove("nullable") == Some(Value::Bool(true)) {
                return json!({"anyOf": [Value::Object(converted), {"type": "null"}]});
            }
            Value::Object(converted)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| to_json_schema(v, document, direction)).collect())
        }
        other => other.clone(),
    }
}

/// Every example the spec gives for a referenced or inline schema: (schema pointer, the direction
/// it is for when only one, the value). A schema's own `example`; a media type's `example` or
/// `examples` for the schema it refers to.
fn examples(document: &Value) -> Vec<(String, Option<Direction>, Value)> {
    let mut found = Vec::new();
    collect_examples(document, "", None, &mut found);
    found
}

fn collect_examples(
    value: &Value,
    pointer: &str,
    direction: Option<Direction>,
    found: &mut Vec<(String, Option<Direction>, Value)>,
) {
    let Value::Object(object) = value else {
        if let Value::Array(items) = value {
            for (index, item) in items.iter().enumerate() {
                collect_examples(item, &format!("{pointer}/{index}"), direction, found);
            }
        }
        return;
    };
    let direction = if pointer.ends_with("/requestBody") || pointer.contains("/requestBodies/") {
        Some(Direction::Request)
    } else if pointer.ends_with("/responses") {
        Some(Direction::Response)
    } else {
        direction
    };
    if let Some(schema) = object.get("schema") {
        let target = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference.trim_start_matches('#').to_owned(),
            None => format!("{pointer}/schema"),
        };
        found.extend(object.get("example").map(|e| (target.clone(), direction, e.clone())));
        let named = object.get("examples").and_then(Value::as_object).into_iter().flatten();
        found.extend(named.filter_map(|(_, e)| Some((target.clone(), direction, e.get("value")?.clone()))));
    }
    if pointer.contains("/schemas/") || pointer.ends_with("/schema") {
        found.extend(object.get("example").map(|e| (pointer.to_owned(), None, e.clone())));
    }
    for (key, child) in object {
        if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
            let escaped = key.replace('~', "~0").replace('/', "~1");
            collect_examples(child, &format!("{pointer}/{escaped}"), direction, found);
        }
    }
}
