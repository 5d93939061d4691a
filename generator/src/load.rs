//! Load: spec text (YAML or JSON) → `openapiv3::OpenAPI`, for OpenAPI 3.0.x and 3.1.x
//! (normalized to 3.0's shape by `normalize`); anything else is refused.
//!
//! The YAML library is used only here, so it can be swapped in one place.

use crate::diagnostics::{Diagnostic, Diagnostics, Severity, pointer_join};
mod typed;
mod yaml;

use openapiv3::OpenAPI;
use serde_json::Value;

/// A parsed spec together with the file name used in diagnostics.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    pub file: String,
    pub openapi: OpenAPI,
    /// What normalizing changed and repaired to make the document typed, as warnings.
    pub warnings: Vec<Diagnostic>,
    /// How many JSON objects the document holds: its size, for lowering's budget.
    pub objects: usize,
}

/// Parses `text` (named `file` in diagnostics) as an OpenAPI 3.0.x or 3.1.x document.
pub fn load(file: &str, text: &str) -> Result<LoadedSpec, Diagnostics> {
    let fail = |pointer: &str, line_col: Option<(usize, usize)>, message: String| Diagnostics {
        items: vec![Diagnostic {
            severity: Severity::Error,
            kind: None,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            line_col,
            message,
        }],
    };
    if text.trim().is_empty() {
        return Err(fail("", None, "the file is empty; expected an OpenAPI 3.0 or 3.1 document".into()));
    }
    if looks_like_json(file, text) {
        return load_json(file, text).map_err(|(pointer, lc, msg)| fail(&pointer, lc, msg));
    }
    let document = parse_yaml(text).map_err(|(lc, msg)| fail("", lc, msg))?;
    check_version(&document).map_err(|(pointer, msg)| fail(&pointer, None, msg))?;
    typed(file, document).map_err(|(pointer, lc, msg)| fail(&pointer, lc, msg))
}

/// The typed document, after `normalize`, whose changes become warnings.
/// YAML (or JSON) text as the JSON tree the generator reads, before it is normalized: for tools
/// that read a spec as plain JSON. Integers beyond 64 bits are `f64`, as JSON has one number type.
pub fn tree(text: &str) -> Result<Value, serde_yaml::Error> {
    yaml::parse(text)
}

fn typed(file: &str, mut document: Value) -> Result<LoadedSpec, LoadError> {
    let normalized = crate::normalize::normalize(&mut document);
    if let Some((pointer, message)) = normalized.errors.first() {
        let more = match normalized.errors.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err((pointer.clone(), None, format!("{message}{more}")));
    }
    let warnings = normalized
        .changes
        .into_iter()
        .map(|(kind, pointer, message)| Diagnostic {
            severity: Severity::Warning,
            kind: Some(kind),
            file: file.to_owned(),
            pointer,
            line_col: None,
            message,
        })
        .collect();
    let (openapi, objects) = typed::typed_document(&mut document)?;
    drop_elsewhere(document);
    Ok(LoadedSpec { file: file.to_owned(), openapi, warnings, objects })
}

/// Frees the tree on a thread of its own: a large document is a hundred thousand allocations
/// (10 ms for Cloudflare's spec), which need not hold up lowering.
fn drop_elsewhere(document: Value) {
    // Where no thread can be started, this one frees it.
    let _ = std::thread::Builder::new().name("free the document tree".into()).spawn(move || drop(document));
}

fn count_objects(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(count_objects).sum::<usize>(),
        Value::Array(items) => items.iter().map(count_objects).sum(),
        _ => 0,
    }
}

fn looks_like_json(file: &str, text: &str) -> bool {
    file.ends_with(".json") || text.trim_start().starts_with('{')
}

/// JSON, read as a tree and normalized exactly as YAML is: 3.0 documents need it too (an
/// `anyOf` alternative that is only `{"nullable": true}`, integer bounds beyond 64 bits), and
/// one document must give one client in either syntax. Reading the typed model straight from
/// the text would save about 0.1 s on Cloudflare's 8 MB spec, and silently skip those rules.
fn load_json(file: &str, text: &str) -> Result<LoadedSpec, LoadError> {
    let document: Value = serde_json::from_str(text)
        .map_err(|e| (String::new(), Some((e.line(), e.column())), format!("invalid JSON: {e}")))?;
    check_version(&document).map_err(|(pointer, message)| (pointer, None, message))?;
    typed(file, document).map_err(|(pointer, line_col, message)| {
        // The tree has no positions: the same typing error, read from the text, has them.
        let mut deserializer = serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, OpenAPI>(&mut deserializer) {
            Err(err) if path_to_pointer(err.path()) == pointer => {
                let at = Some((err.inner().line(), err.inner().column()));
                (pointer, at, format!("not a valid OpenAPI document: {}", err.inner()))
            }
            _ => (pointer, line_col, message),
        }
    })
}

type ParseError = (Option<(usize, usize)>, String);

/// (JSON pointer, line and column, message).
type LoadError = (String, Option<(usize, usize)>, String);

/// YAML (any file that does not look like JSON).
fn parse_yaml(text: &str) -> Result<Value, ParseError> {
    yaml::parse(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        (line_col, format!("invalid YAML: {e}"))
    })
}

/// Rejects Swagger 2.0 and anything else that is not 3.0.x or 3.1.x, before typed parsing.
fn check_version(document: &Value) -> Result<(), (String, String)> {
    let Some(object) = document.as_object() else {
        return Err(("".into(), "expected a mapping at the top level of the document".into()));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err((
            "/swagger".into(),
            format!(
                "unsupported version: Swagger {swagger} documents are not read; convert to OpenAPI 3.0.x"
            ),
        ));
    }
    match object.get("openapi") {
        None => {
            Err(("".into(), "missing field `openapi`: expected an OpenAPI 3.0.x or 3.1.x document".into()))
        }
        Some(Value::String(v)) if is_supported_version(v) => Ok(()),
        Some(Value::String(v)) => Err((
            "/openapi".into(),
            format!("unsupported OpenAPI version `{v}`: this generator reads OpenAPI 3.0.x and 3.1.x"),
        )),
        Some(other) => {
            Err(("/openapi".into(), format!("expected a version string such as \"3.0.3\", found {other}")))
        }
    }
}

fn is_supported_version(version: &str) -> bool {
    ["3.0", "3.1"].iter().any(|minor| {
        version == *minor
            || version
                .strip_prefix(minor)
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|patch| patch.parse::<u32>().is_ok())
    })
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter().fold(String::new(), |pointer, segment| match segment {
        Segment::Seq { index } => pointer_join(&pointer, &index.to_string()),
        Segment::Map { key } => pointer_join(&pointer, key),
        Segment::Enum { variant } => pointer_join(&pointer, variant),
        Segment::Unknown => pointer,
    })
}
