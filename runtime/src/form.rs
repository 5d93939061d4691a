//! `application/x-www-form-urlencoded` bodies: a typed body's properties as form fields.
//!
//! A property with an `encoding` entry is written as a query parameter of that style would be
//! (see [`super::style`]); one with `contentType: application/json` as its JSON text. Without
//! an entry, a primitive is `name=value` and an array of primitives repeats the name (`form`,
//! exploded, OpenAPI's default), while an object, or an array holding one, takes the bracket
//! notation form APIs read (`metadata[key]=v`, `items[0][price]=p`), where OpenAPI's default
//! would spread its members as fields of their own and lose the property's name. `null`s are
//! left out; every name and value is percent-encoded (RFC 3986 unreserved characters stay).

use super::error::RequestError;
use super::style::{Style, Styled};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// How one property is written, as the spec's `encoding` says.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    /// `style`, `explode`, `allowReserved`.
    Styled(Styled),
    /// `contentType: application/json`: the value's JSON text.
    Json(&'static str),
}

impl Field {
    fn name(&self) -> &'static str {
        match self {
            Field::Styled(styled) => styled.name(),
            Field::Json(name) => name,
        }
    }
}

/// The form text of `body`, which must serialize to an object.
pub fn encode<T: serde::Serialize + ?Sized>(body: &T, fields: &[Field]) -> Result<String, RequestError> {
    let members = match serde_json::to_value(body).map_err(RequestError::Serialize)? {
        Value::Object(members) => members,
        other => return Err(RequestError::FormBody { found: kind(&other) }),
    };
    let mut out = String::new();
    for (name, value) in members {
        match fields.iter().find(|field| field.name() == name) {
            Some(Field::Json(_)) if !value.is_null() => {
                if !out.is_empty() {
                    out.push('&');
                }
                out.extend(utf8_percent_encode(&name, UNRESERVED));
                out.push('=');
                out.extend(utf8_percent_encode(&value.to_string(), UNRESERVED));
            }
            Some(Field::Json(_)) => {}
            Some(Field::Styled(styled)) => styled.write_query(&name, value, &mut out),
            None => default_style(&value).write_query(&name, value, &mut out),
        }
    }
    Ok(out)
}

const UNRESERVED: &percent_encoding::AsciiSet =
    &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Brackets for what holds an object, `form` (exploded) for the rest.
fn default_style(value: &Value) -> Styled {
    let nested = match value {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(|item| item.is_object() || item.is_array()),
        _ => false,
    };
    Styled::new("", if nested { Style::DeepObject } else { Style::Form }, true)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
