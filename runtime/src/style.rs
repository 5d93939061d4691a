//! Parameters on the wire as their `style` and `explode` say: every cell of the OpenAPI 3.0 style
//! table (`matrix`, `label`, `form`, `simple`, `spaceDelimited`, `pipeDelimited`, `deepObject`,
//! exploded or not; primitives, arrays and objects) in the query, the path, headers and cookies.
//!
//! Values are percent-encoded (RFC 3986 unreserved characters stay as they are) and the
//! delimiters a style adds are not, so no value can forge another parameter, item or key.
//! `allowReserved` keeps the reserved characters that cannot break a query (`:/?@!$'()*,;=`)
//! and `%XX` triples. In `spaceDelimited` items, whose delimiter is `%20`, a space is `+`; in
//! `label` items, whose delimiter is `.`, a `.` is `%2E`.
//! `null` and empty arrays and objects are undefined (RFC 6570): nothing is
//! sent. `deepObject` nests, as real APIs and parsers (`qs`, `serde_qs`) do beyond the spec's one
//! level: `a[b][c]=v`, and arrays as `a[0]=v`. Header values are written as they are, with only
//! `%` and the delimiters inside items encoded.

use super::error::RequestError;
use percent_encoding::{AsciiSet, CONTROLS, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// Everything but RFC 3986 unreserved characters.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// `allowReserved`: the reserved characters that keep their meaning inside a query value stay.
const RESERVED_ALLOWED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';')
    .remove(b'=');
/// Inside a header item: `%` and the delimiters a header style uses.
const HEADER_ITEM: &AsciiSet = &CONTROLS.add(b'%').add(b',').add(b'=');

/// A parameter `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Matrix,
    Label,
    Form,
    Simple,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// How one parameter is written: its wire name, `style`, `explode` and `allowReserved`.
#[derive(Debug, Clone, Copy)]
pub struct Styled {
    name: &'static str,
    style: Style,
    explode: bool,
    allow_reserved: bool,
}

impl Styled {
    pub const fn new(name: &'static str, style: Style, explode: bool) -> Self {
        Styled { name, style, explode, allow_reserved: false }
    }

    /// The parameter's wire name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// `allowReserved: true`.
    pub const fn allow_reserved(self) -> Self {
        Styled { allow_reserved: true, ..self }
    }

    fn encode(&self, text: &str, out: &mut String) {
        if self.allow_reserved {
            encode_keeping_triples(text, RESERVED_ALLOWED, out);
        } else if self.style == Style::SpaceDelimited && !self.explode {
            // `%20` is the delimiter here, so a space inside an item is `+` (form encoding),
            // which a server's form decoding reads back as a space.
            for part in utf8_percent_encode(text, UNRESERVED) {
                out.push_str(&part.replace("%20", "+"));
            }
        } else if self.style == Style::Label {
            // `.` is the delimiter here, so a `.` inside an item is encoded.
            for part in utf8_percent_encode(text, UNRESERVED) {
                out.push_str(&part.replace('.', "%2E"));
            }
        } else {
            out.extend(utf8_percent_encode(text, UNRESERVED));
        }
    }

    /// `name=value` pairs for the query, encoded, joined by `&`; `None` when nothing is sent.
    pub fn query<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, RequestError> {
        let mut out = String::new();
        self.write_query(self.name, json(value)?, &mut out);
        Ok((!out.is_empty()).then_some(out))
    }

    /// Appends the pairs of `value` as the field `name` (after a `&` unless `out` is empty).
    /// Form bodies use this for fields whose names are not known until the body is read.
    pub fn write_query(&self, name: &str, value: Value, out: &mut String) {
        if self.style == Style::DeepObject && (value.is_object() || value.is_array()) {
            let mut key = String::new();
            self.encode(name, &mut key);
            self.deep(&key, &value, out);
            return;
        }
        let Some(shape) = Shape::of(value) else { return };
        match (self.style, &shape) {
            (Style::SpaceDelimited | Style::PipeDelimited, Shape::List(_) | Shape::Object(_))
                if !self.explode =>
            {
                let separator = if self.style == Style::SpaceDelimited { "%20" } else { "|" };
                self.pair(name, out);
                self.items(&shape, separator, separator, false, out);
            }
            // `form`, the default, and the nearest form of the others.
            (_, Shape::Object(members)) if self.explode => {
                for (key, value) in members {
                    self.pair(key, out);
                    self.text(value, out);
                }
            }
            (_, Shape::List(items)) if self.explode => {
                for item in items {
                    self.pair(name, out);
                    self.text(item, out);
                }
            }
            _ => {
                self.pair(name, out);
                self.items(&shape, ",", ",", false, out);
            }
        }
    }

    /// Starts `name=` (after a `&` unless first).
    fn pair(&self, name: &str, out: &mut String) {
        if !out.is_empty() {
            out.push('&');
        }
        self.encode(name, out);
        out.push('=');
    }

    /// `deepObject`: `key[member]=value`, nested, arrays indexed.
    fn deep(&self, key: &str, value: &Value, out: &mut String) {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    self.deep(&format!("{key}[{index}]"), item, out);
                }
            }
            Value::Object(members) => {
                for (member, value) in members {
                    let mut nested = format!("{key}[");
                    self.encode(member, &mut nested);
                    nested.push(']');
                    self.deep(&nested, value, out);
                }
            }
            primitive => {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(key);
                out.push('=');
                self.encode(&text(primitive), out);
            }
        }
    }

    /// A value's items (or `key,value` members, or `key=value` when `pairs`), joined by
    /// `separator`; members' keys and values by `inner` unless `pairs`.
    fn items(&self, shape: &Shape, separator: &str, inner: &str, pairs: bool, out: &mut String) {
        match shape {
            Shape::Text(text) => self.encode(text, out),
            Shape::List(items) => {
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        out.push_str(separator);
                    }
                    self.text(item, out);
                }
            }
            Shape::Object(members) => {
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push_str(separator);
                    }
                    self.encode(key, out);
                    out.push_str(if pairs { "=" } else { inner });
                    self.text(value, out);
                }
            }
        }
    }

    /// One item, encoded.
    fn text(&self, value: &Value, out: &mut String) {
        self.encode(&text(value), out);
    }

    /// The path segment for a `simple`, `label` or `matrix` parameter, encoded. Refused when it
    /// would change the path's shape (empty, `.` or `..`).
    pub fn path<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<String, RequestError> {
        let shape = Shape::of(json(value)?).unwrap_or(Shape::Text(String::new()));
        let mut out = String::new();
        match self.style {
            Style::Label => {
                out.push('.');
                self.items(&shape, ".", ".", self.explode, &mut out);
            }
            Style::Matrix => self.matrix(&shape, &mut out),
            _ => self.items(&shape, ",", ",", self.explode, &mut out),
        }
        // `%2E` is `.` to a server that normalizes the path (RFC 3986, 6.2.2.2).
        let reason = match out.replace("%2E", ".").as_str() {
            "" => Some("is empty"),
            "." | ".." => Some("is a dot segment (`.` or `..`)"),
            _ => None,
        };
        match reason {
            Some(reason) => Err(RequestError::PathParameter { name: self.name, reason }),
            None => Ok(out),
        }
    }

    fn matrix(&self, shape: &Shape, out: &mut String) {
        match shape {
            Shape::Text(empty) if empty.is_empty() => {
                out.push(';');
                self.encode(self.name, out);
            }
            Shape::List(items) if self.explode => {
                for item in items {
                    out.push(';');
                    self.encode(self.name, out);
                    out.push('=');
                    self.text(item, out);
                }
            }
            Shape::Object(members) if self.explode => {
                for (key, value) in members {
                    out.push(';');
                    self.encode(key, out);
                    out.push('=');
                    self.text(value, out);
                }
            }
            _ => {
                out.push(';');
                self.encode(self.name, out);
                out.push('=');
                self.items(shape, ",", ",", false, out);
            }
        }
    }

    /// A `simple` header value; `None` when nothing is sent.
    pub fn header<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, RequestError> {
        let Some(shape) = Shape::of(json(value)?) else { return Ok(None) };
        let item = |text: &str, out: &mut String| out.extend(utf8_percent_encode(text, HEADER_ITEM));
        let mut out = String::new();
        match &shape {
            // A single value is sent as it is.
            Shape::Text(text) => out.push_str(text),
            Shape::List(items) => {
                for (index, value) in items.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item(&text(value), &mut out);
                }
            }
            Shape::Object(members) => {
                for (index, (key, value)) in members.iter().enumerate() {
                    if index > 0 {
                        out.push(',');
                    }
                    item(key, &mut out);
                    out.push(if self.explode { '=' } else { ',' });
                    item(&text(value), &mut out);
                }
            }
        }
        Ok(Some(out))
    }

    /// `form` cookie pairs, encoded, joined by `; `; `None` when nothing is sent.
    pub fn cookie<T: serde::Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, RequestError> {
        Ok(self.query(value)?.map(|pairs| pairs.replace('&', "; ")))
    }
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Value, RequestError> {
    serde_json::to_value(value).map_err(RequestError::Serialize)
}

/// `text` encoded with `set`, except that `%XX` triples pass through (`allowReserved`).
fn encode_keeping_triples(text: &str, set: &'static AsciiSet, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.extend(utf8_percent_encode(&rest[..at], set));
        let triple = rest.as_bytes().get(at + 1..at + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if triple {
            out.push_str(&rest[at..at + 3]);
            rest = &rest[at + 3..];
        } else {
            out.push_str("%25");
            rest = &rest[at + 1..];
        }
    }
    out.extend(utf8_percent_encode(rest, set));
}

/// A value as styles see it, one level deep: text, a list, or named members.
enum Shape {
    Text(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Shape {
    /// `None` for what RFC 6570 calls undefined: `null`, or an array or object with nothing in
    /// it but `null`s. `null` items and members are left out.
    fn of(value: Value) -> Option<Shape> {
        match value {
            Value::Null => None,
            Value::Array(items) => {
                let items: Vec<Value> = items.into_iter().filter(|v| !v.is_null()).collect();
                (!items.is_empty()).then_some(Shape::List(items))
            }
            Value::Object(members) => {
                let members: Vec<(String, Value)> =
                    members.into_iter().filter(|(_, v)| !v.is_null()).collect();
                (!members.is_empty()).then_some(Shape::Object(members))
            }
            primitive => Some(Shape::Text(text(&primitive))),
        }
    }
}

/// An item's text: a string's contents, a number or boolean as written, anything nested as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
