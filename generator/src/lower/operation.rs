//! Operations: paths and methods → IR operations with parameters, body and success output.

use super::Lowerer;
use super::Node;
use crate::diagnostics::{WarningKind, escape_pointer_segment, pointer_join};
use crate::ir::{
    Envelope, Media, Operation, Parameter, ParameterLocation, ParameterStyle, PropertyEncoding, RequestBody,
    Schema, Style, TypeKind, TypeRef,
};
use crate::naming;
use openapiv3::{MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::BTreeSet;

/// Lowers every operation in spec order.
pub(crate) fn lower_operations(lowerer: &mut Lowerer<'_>, envelope: Option<&Envelope>) -> Vec<Operation> {
    let spec = lowerer.spec;
    let mut operations = Vec::new();
    let mut names = Names::default();
    for (path, item) in &spec.paths.paths {
        let path_pointer = pointer_join("/paths", path);
        let ReferenceOr::Item(item) = item else {
            lowerer.sink.error(&path_pointer, "a `$ref` path item is not supported");
            continue;
        };
        for (method, op) in item.iter() {
            let place = Place { path, method, item, pointer: pointer_join(&path_pointer, method) };
            let Some(operation) = names.claim(lowerer, &place, op) else { continue };
            if let Some(operation) = lowerer.operation(operation, &place, op, envelope) {
                operations.push(operation);
            }
        }
    }
    operations
}

/// Where an operation is in the spec.
struct Place<'a> {
    path: &'a str,
    method: &'a str,
    item: &'a openapiv3::PathItem,
    pointer: String,
}

/// The names operations have taken: operation ids, and function names.
#[derive(Default)]
struct Names {
    operation_ids: BTreeSet<String>,
    functions: BTreeSet<String>,
}

impl Names {
    /// A new operation named from its `operationId` (or its method and path), or `None` with an
    /// error when the id is taken.
    fn claim(
        &mut self,
        lowerer: &mut Lowerer<'_>,
        place: &Place<'_>,
        op: &openapiv3::Operation,
    ) -> Option<Operation> {
        let derived = || derived_operation_id(place.method, place.path);
        let mut id = op.operation_id.clone().unwrap_or_else(derived);
        if let Some(short) = lowerer.short_operation_names.get(&id) {
            id = short.clone();
        }
        if !self.operation_ids.insert(id.clone()) {
            // Ids must be unique; a repeated one (`HEAD` beside `GET`, say) is named from its
            // method and path instead, which are.
            let pointer = format!("{}/operationId", place.pointer);
            let unique = derived();
            if !self.operation_ids.insert(unique.clone()) {
                lowerer.sink.error(&pointer, format!("duplicate operationId `{id}`"));
                return None;
            }
            lowerer.sink.warning(
                WarningKind::Repaired,
                &pointer,
                format!("operationId `{id}` is taken by an earlier operation; this one is named `{unique}`"),
            );
            id = unique;
        }
        Some(Operation {
            rust_name: naming::unique(naming::value_name(&id), &mut self.functions),
            type_name: lowerer.fresh_type_name(&id),
            method: place.method.to_ascii_uppercase(),
            // A fragment is never sent (`/chat#stream` names a variant of `/chat`); a query in
            // the path (`/messages?beta=true`) is sent as it is, before the parameters.
            path: place.path.split('#').next().unwrap_or_default().to_owned(),
            summary: op.summary.clone(),
            description: op.description.clone(),
            tag: op.tags.first().cloned(),
            deprecated: op.deprecated,
            parameters: Vec::new(),
            body: None,
            output: None,
            output_media: Media::Json,
            pagination: None,
            origin: place.pointer.clone(),
            redirects: redirects(&op.responses),
        })
    }
}

/// The 3xx answers an operation declares, with their descriptions (where inline).
fn redirects(responses: &openapiv3::Responses) -> Vec<(String, Option<String>)> {
    let description = |response: &ReferenceOr<openapiv3::Response>| {
        response.as_item().map(|r| r.description.clone()).filter(|d| !d.trim().is_empty())
    };
    (responses.responses.iter())
        .filter_map(|(status, response)| match status {
            openapiv3::StatusCode::Code(code @ 300..=399) if *code != 304 => {
                Some((code.to_string(), description(response)))
            }
            openapiv3::StatusCode::Range(3) => Some(("3XX".to_owned(), description(response))),
            _ => None,
        })
        .collect()
}

/// Where a parameter goes, and how its value is written there (defaults as the spec states).
fn parameter_style(parameter: &openapiv3::Parameter) -> (ParameterLocation, ParameterStyle) {
    use openapiv3::{Parameter as P, PathStyle, QueryStyle};
    let (location, style, allow_reserved) = match parameter {
        P::Path { style, .. } => {
            let style = match style {
                PathStyle::Matrix => Style::Matrix,
                PathStyle::Label => Style::Label,
                PathStyle::Simple => Style::Simple,
            };
            (ParameterLocation::Path, style, false)
        }
        P::Query { style, allow_reserved, .. } => {
            let style = match style {
                QueryStyle::Form => Style::Form,
                QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                QueryStyle::PipeDelimited => Style::PipeDelimited,
                QueryStyle::DeepObject => Style::DeepObject,
            };
            (ParameterLocation::Query, style, *allow_reserved)
        }
        P::Header { .. } => (ParameterLocation::Header, Style::Simple, false),
        P::Cookie { .. } => (ParameterLocation::Cookie, Style::Form, false),
    };
    // `explode` defaults to true for `form` only.
    let explode = parameter.parameter_data_ref().explode.unwrap_or(style == Style::Form);
    (location, ParameterStyle { style, explode, allow_reserved })
}

/// An `encoding` entry. `explode` defaults to true for `form` (the default style), which
/// `openapiv3` cannot tell from an explicit `false`: without a `style`, it is taken as unset.
fn property_encoding(property: &str, encoding: &openapiv3::Encoding) -> PropertyEncoding {
    use openapiv3::QueryStyle;
    let style = encoding.style.as_ref().map(|style| {
        let (style, explode) = match style {
            QueryStyle::Form => (Style::Form, encoding.explode),
            QueryStyle::SpaceDelimited => (Style::SpaceDelimited, encoding.explode),
            QueryStyle::PipeDelimited => (Style::PipeDelimited, encoding.explode),
            QueryStyle::DeepObject => (Style::DeepObject, true),
        };
        ParameterStyle { style, explode, allow_reserved: encoding.allow_reserved }
    });
    let style = style.or_else(|| {
        let allow_reserved = encoding.allow_reserved;
        allow_reserved.then_some(ParameterStyle { style: Style::Form, explode: true, allow_reserved })
    });
    let headers = encoding
        .headers
        .iter()
        .filter_map(|(name, header)| Some((name.clone(), fixed_value(header)?)))
        .collect();
    let content_type = encoding.content_type.as_deref();
    PropertyEncoding {
        property: property.to_owned(),
        style,
        // A list of alternatives (`image/png, image/jpeg`) or a wildcard names no one type.
        content_type: content_type.filter(|ct| !ct.contains([',', '*'])).map(str::to_owned),
        json: content_type.is_some_and(is_json),
        headers,
    }
}

/// The value a part header's schema fixes: its `default`, or its `enum`'s only value. (A part
/// header the spec does not fix has no value to send; the part is sent without it.)
fn fixed_value(header: &ReferenceOr<openapiv3::Header>) -> Option<String> {
    let ReferenceOr::Item(header) = header else { return None };
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &header.format else { return None };
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    if let Some(default) = &schema.schema_data.default {
        return text(default);
    }
    match &schema.schema_kind {
        openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) if s.enumeration.len() == 1 => {
            s.enumeration[0].clone()
        }
        _ => None,
    }
}

/// A stable name for an operation without `operationId`: `get /pets/{id}` → `get_pets_id`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!("{method}_{}", words.join("_"))
}

/// The content type a body is sent or read as: JSON first, then forms, multipart, text, event
/// streams and raw bytes.
fn pick_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<(Media, &str, &MediaType)> {
    let rank = |media: Media| match media {
        Media::Json => 0,
        Media::Form => 1,
        Media::Multipart => 2,
        Media::Text => 3,
        Media::EventStream => 4,
        Media::Binary => 5,
    };
    content
        .iter()
        .map(|(name, media)| (media_kind(name), name.as_str(), media))
        .min_by_key(|(media, ..)| rank(*media))
}

/// How a content type is carried.
fn media_kind(media: &str) -> Media {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        _ if is_json(&essence) => Media::Json,
        "application/x-www-form-urlencoded" => Media::Form,
        "text/event-stream" => Media::EventStream,
        _ if essence.starts_with("multipart/") => Media::Multipart,
        "application/javascript" | "application/xml" | "application/x-ndjson" | "application/yaml" => {
            Media::Text
        }
        _ if essence.starts_with("text/") => Media::Text,
        _ => Media::Binary,
    }
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

impl<'a> Lowerer<'a> {
    /// The parameters, body and output of `operation`, or `None` when it is left out.
    fn operation(
        &mut self,
        mut operation: Operation,
        place: &Place<'a>,
        op: &'a openapiv3::Operation,
        envelope: Option<&Envelope>,
    ) -> Option<Operation> {
        let pointer = &place.pointer;
        let path_pointer = pointer_join("/paths", place.path);
        let shared = place
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")));
        let own = op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        operation.parameters = self.parameters(shared.chain(own).collect(), &operation.type_name);
        self.check_path_template(&mut operation);
        if let Some(body) = &op.request_body {
            operation.body = self.request_body(body, &format!("{pointer}/requestBody"), &operation.type_name);
        }
        let responses = format!("{pointer}/responses");
        (operation.output, operation.output_media) =
            self.output(&op.responses, &responses, &operation.type_name, envelope);
        Some(operation)
    }

    /// Path-level parameters first, replaced by operation-level ones of the same name and place.
    fn parameters(
        &mut self,
        found: Vec<(&'a ReferenceOr<openapiv3::Parameter>, String)>,
        owner: &str,
    ) -> Vec<Parameter> {
        let mut lowered: Vec<Parameter> = Vec::new();
        let mut taken = BTreeSet::new();
        for (parameter, pointer) in found {
            let Some(parameter) = self.resolve_parameter(parameter, &pointer) else { continue };
            let (location, mut style) = parameter_style(parameter);
            let data = parameter.parameter_data_ref();
            // `content` (one media type): JSON is sent as JSON text; any other as its schema.
            let (schema, schema_pointer, json) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (Some(schema), format!("{pointer}/schema"), false)
                }
                ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                    Some((media, entry)) => {
                        let at = format!("{pointer}/content/{}/schema", escape_pointer_segment(media));
                        (entry.schema.as_ref(), at, is_json(media))
                    }
                    None => (None, pointer.clone(), false),
                },
            };
            let Some(schema) = schema else {
                self.sink.warning(
                    WarningKind::ParameterLeftOut,
                    &pointer,
                    "the parameter has neither `schema` nor a `content` entry with one; it is left out",
                );
                continue;
            };
            let hint = super::object::inline_hint(schema.into(), owner, &data.name);
            let mut schema = self.schema_named(schema, &schema_pointer, &hint, None);
            // A path segment is always there: `nullable` cannot apply.
            schema.nullable &= location != ParameterLocation::Path;
            self.check_style(&mut style, &schema, &pointer);
            lowered.retain(|p| !(p.wire_name == data.name && p.location == location));
            lowered.push(Parameter {
                rust_name: String::new(),
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParameterLocation::Path,
                docs: data.description.clone(),
                schema,
                style,
                json,
            });
        }
        for parameter in &mut lowered {
            parameter.rust_name = naming::unique(naming::value_name(&parameter.wire_name), &mut taken);
        }
        lowered
    }

    /// A style the value's type does not take (`deepObject` on a string, a delimited style on
    /// anything but an array or object) is sent as `form`, with a warning.
    fn check_style(&mut self, style: &mut ParameterStyle, schema: &Schema, pointer: &str) {
        let object = matches!(&schema.ty, TypeRef::Map(_) | TypeRef::Json)
            || matches!(&schema.ty, TypeRef::Named(name) if self.writes_as_object(name));
        let array = matches!(schema.ty, TypeRef::Array(_));
        let fits = match style.style {
            Style::DeepObject => object || array,
            Style::SpaceDelimited | Style::PipeDelimited => object || array,
            _ => true,
        };
        if !fits {
            self.sink.warning(
                WarningKind::Repaired,
                &format!("{pointer}/style"),
                format!(
                    "`style: {}` applies to arrays and objects, not to this parameter's type; it is sent in `form` style",
                    style.style.as_str()
                ),
            );
            style.style = Style::Form;
        }
    }

    /// Every `{name}` in the path is a path parameter (a string where none is declared), and
    /// every path parameter is in the path (one that is not is left out); both are repaired.
    fn check_path_template(&mut self, operation: &mut Operation) {
        let in_template: Vec<&str> = operation
            .path
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        for name in &in_template {
            let defined = operation
                .parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.wire_name == *name);
            if !defined {
                // The template says the segment is there; only its type is unknown.
                self.sink.warning(
                    WarningKind::Repaired,
                    &operation.origin,
                    format!("path template parameter `{{{name}}}` has no `in: path` parameter definition; it is taken as a string"),
                );
                let mut taken: BTreeSet<String> =
                    operation.parameters.iter().map(|p| p.rust_name.clone()).collect();
                operation.parameters.push(Parameter {
                    rust_name: naming::unique(naming::value_name(name), &mut taken),
                    wire_name: (*name).to_owned(),
                    location: ParameterLocation::Path,
                    required: true,
                    docs: None,
                    schema: Schema::of(TypeRef::String),
                    style: ParameterStyle::default_for(ParameterLocation::Path),
                    json: false,
                });
            }
        }
        // A path parameter the template lacks has nowhere to go (Tractus-X declares a few).
        let (stray, kept): (Vec<Parameter>, Vec<Parameter>) =
            std::mem::take(&mut operation.parameters).into_iter().partition(|p| {
                p.location == ParameterLocation::Path && !in_template.contains(&p.wire_name.as_str())
            });
        operation.parameters = kept;
        for p in stray {
            self.sink.warning(
                WarningKind::Repaired,
                &operation.origin,
                format!(
                    "path parameter `{}` does not appear in the path `{}`; it could never be sent, so it is left out",
                    p.wire_name, operation.path
                ),
            );
        }
    }

    /// The request body, if the operation takes one (a body with no content type takes none).
    fn request_body(
        &mut self,
        found: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        owner: &str,
    ) -> Option<RequestBody> {
        let body = self.resolve_request_body(found, pointer)?;
        let (media, content_type, entry) = pick_media(&body.content)?;
        // An event stream is sent as the bytes it is.
        let media = if media == Media::EventStream { Media::Binary } else { media };
        let schema_pointer = format!("{pointer}/content/{}/schema", escape_pointer_segment(content_type));
        let schema = match (&entry.schema, media) {
            (Some(schema), Media::Json | Media::Form | Media::Multipart) => {
                self.schema_named(schema, &schema_pointer, &format!("{owner}Body"), None)
            }
            (None, _) => Schema::of(TypeRef::Json),
            (_, _) => Schema::of(TypeRef::String),
        };
        let encoding =
            entry.encoding.iter().map(|(property, encoding)| property_encoding(property, encoding)).collect();
        Some(RequestBody {
            required: body.required,
            docs: body.description.clone(),
            media,
            content_type: content_type.to_owned(),
            schema,
            encoding,
        })
    }

    /// The payload of the first 2xx response: the envelope's result or the body, as JSON, text
    /// or bytes; `None` when it has no body.
    fn output(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &str,
        owner: &str,
        envelope: Option<&Envelope>,
    ) -> (Option<Schema>, Media) {
        let Some((response, response_pointer)) = self.first_success(responses, pointer) else {
            return (None, Media::Json);
        };
        let Some((media, content_type, entry)) = pick_media(&response.content) else {
            return (None, Media::Json);
        };
        match media {
            Media::Json => {}
            // A form or multipart response is read as the bytes it is.
            Media::Form | Media::Multipart => return (Some(Schema::of(TypeRef::String)), Media::Binary),
            _ => return (Some(Schema::of(TypeRef::String)), media),
        }
        let Some(schema) = entry.schema.as_ref() else { return (Some(Schema::of(TypeRef::Json)), media) };
        let schema_pointer =
            format!("{response_pointer}/content/{}/schema", escape_pointer_segment(content_type));
        let output = match envelope {
            Some(envelope) => self.envelope_result(schema, &schema_pointer, owner, envelope),
            None => Some(self.schema_named(schema, &schema_pointer, &format!("{owner}Response"), None)),
        };
        (output, media)
    }

    /// The first 2xx response, resolved, and its pointer; a warning names each later 2xx
    /// response with a body of its own, which is read as the first one's type.
    fn first_success(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &str,
    ) -> Option<(&'a openapiv3::Response, String)> {
        let is_success = |status: &StatusCode| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        };
        let mut successes = responses.responses.iter().filter(|(status, _)| is_success(status));
        let (status, response) = successes.next()?;
        for (other, later) in successes {
            if later != response && has_content(later) {
                self.sink.warning(
                    WarningKind::Loosened,
                    &pointer_join(pointer, &other.to_string()),
                    format!("only the first success response ({status}) is typed; a {other} body is read as that type"),
                );
            }
        }
        let response_pointer = pointer_join(pointer, &status.to_string());
        let response = self.resolve_response(response, &response_pointer)?;
        Some((response, response_pointer))
    }

    /// The envelope's `result` property of a success body. `None` with a warning when the body
    /// has no such property: the call yields `()` (a success says no more than that).
    fn envelope_result(
        &mut self,
        schema: &'a ReferenceOr<openapiv3::Schema>,
        schema_pointer: &str,
        owner: &str,
        envelope: &Envelope,
    ) -> Option<Schema> {
        let parts = self.collect_object(Node::from(schema), schema_pointer);
        match parts.properties.iter().find(|p| p.name == envelope.result) {
            // Nullable: `null` or absent reads as `None`. Otherwise the result is expected, even
            // where the envelope does not list it as required (most real envelopes do not, yet
            // every success carries it): an absent one is a decode error naming the operation.
            Some(result) => Some(self.property_schema(result, owner, &format!("{owner}Result"))),
            None => {
                self.sink.warning(
                    WarningKind::Loosened,
                    schema_pointer,
                    format!("the success response has no `{}` property, which the envelope in `x-rust-client` names; the call returns `()`", envelope.result),
                );
                None
            }
        }
    }
}

impl Lowerer<'_> {
    /// Whether a named type may be written as an object or array: a struct, a union (which may
    /// hold one), or a newtype of a map or array.
    fn writes_as_object(&self, name: &str) -> bool {
        match self.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_) | TypeKind::Union(_)) => true,
            Some(TypeKind::Newtype(inner)) => matches!(inner.ty, TypeRef::Map(_) | TypeRef::Array(_)),
            _ => false,
        }
    }
}

fn has_content(response: &ReferenceOr<openapiv3::Response>) -> bool {
    match response {
        ReferenceOr::Item(response) => !response.content.is_empty(),
        ReferenceOr::Reference { .. } => true,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn derived_operation_ids() {
        for (method, path, expected) in [
            ("get", "/pets/{id}", "get_pets_id"),
            (
                "put",
                "/{accounts_or_zones}/{account_or_zone_id}/access/organizations",
                "put_accounts_or_zones_account_or_zone_id_access_organizations",
            ),
            ("delete", "/", "delete_"),
        ] {
            assert_eq!(super::derived_operation_id(method, path), expected);
        }
    }

    #[test]
    fn json_media_types() {
        for (media, expected) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("application/problem+json", true),
            ("text/plain", false),
            ("multipart/form-data", false),
        ] {
            assert_eq!(super::is_json(media), expected, "{media}");
        }
    }
}
