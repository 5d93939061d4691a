//! Operations: paths and methods → IR operations with parameters, body and success output.

use super::Lowerer;
use super::schema::Node;
use crate::diagnostics::pointer_join;
use crate::ir::{Envelope, Operation, Parameter, ParameterLocation, RequestBody, Schema, TypeRef};
use crate::naming;
use openapiv3::{MediaType, ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::BTreeSet;

/// Lowers every operation in spec order.
pub(crate) fn lower_operations(lowerer: &mut Lowerer<'_>, envelope: Option<&Envelope>) -> Vec<Operation> {
    let spec = lowerer.spec;
    let mut operations = Vec::new();
    let mut fn_names = BTreeSet::new();
    let mut operation_ids = BTreeSet::new();
    for (path, item) in &spec.paths.paths {
        let path_pointer = pointer_join("/paths", path);
        let ReferenceOr::Item(item) = item else {
            lowerer.sink.error(&path_pointer, "a `$ref` path item is not supported");
            continue;
        };
        for (method, op) in item.iter() {
            let pointer = pointer_join(&path_pointer, method);
            let id = op.operation_id.clone().unwrap_or_else(|| derived_operation_id(method, path));
            if !operation_ids.insert(id.clone()) {
                lowerer
                    .sink
                    .error(&format!("{pointer}/operationId"), format!("duplicate operationId `{id}`"));
                continue;
            }
            let rust_name = naming::unique(naming::value_name(&id), &mut fn_names);
            let type_name = lowerer.fresh_type_name(&id);
            let mut operation = Operation {
                rust_name,
                type_name,
                method: method.to_ascii_uppercase(),
                path: path.clone(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                deprecated: op.deprecated,
                parameters: Vec::new(),
                body: None,
                output: None,
                origin: pointer.clone(),
            };
            let shared = item
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")));
            let own = op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
            operation.parameters = lowerer.parameters(shared.chain(own).collect(), &operation.type_name);
            lowerer.check_path_template(&operation);
            if let Some(body) = &op.request_body {
                operation.body =
                    lowerer.request_body(body, &format!("{pointer}/requestBody"), &operation.type_name);
            }
            operation.output = lowerer.output(
                &op.responses,
                &format!("{pointer}/responses"),
                &operation.type_name,
                envelope,
            );
            operations.push(operation);
        }
    }
    operations
}

/// A stable name for an operation without `operationId`: `get /pets/{id}` → `get_pets_id`.
fn derived_operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    format!("{method}_{}", words.join("_"))
}

/// The `application/json` (or `*+json`) entry of a content map.
fn json_media(content: &indexmap::IndexMap<String, MediaType>) -> Option<&MediaType> {
    content.iter().find(|(media, _)| is_json(media)).map(|(_, m)| m)
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json")
}

impl<'a> Lowerer<'a> {
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
            let location = match parameter {
                openapiv3::Parameter::Path { .. } => ParameterLocation::Path,
                openapiv3::Parameter::Query { .. } => ParameterLocation::Query,
                openapiv3::Parameter::Header { .. } => ParameterLocation::Header,
                openapiv3::Parameter::Cookie { .. } => {
                    self.sink
                        .warning(&pointer, "cookie parameters are not supported; the parameter is left out");
                    continue;
                }
            };
            let data = parameter.parameter_data_ref();
            let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                self.sink.warning(
                    &pointer,
                    "parameters described by `content` are not supported; the parameter is left out",
                );
                continue;
            };
            let hint = format!("{owner}{}", naming::type_name(&data.name));
            let schema = self.schema_named(schema, &format!("{pointer}/schema"), &hint, None);
            lowered.retain(|p| !(p.wire_name == data.name && p.location == location));
            lowered.push(Parameter {
                rust_name: String::new(),
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParameterLocation::Path,
                docs: data.description.clone(),
                schema,
            });
        }
        for parameter in &mut lowered {
            parameter.rust_name = naming::unique(naming::value_name(&parameter.wire_name), &mut taken);
        }
        lowered
    }

    /// Every `{name}` in the path must be a path parameter, and every path parameter in the path.
    fn check_path_template(&mut self, operation: &Operation) {
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
                self.sink.error(
                    &operation.origin,
                    format!("path template parameter `{{{name}}}` has no `in: path` parameter definition"),
                );
            }
        }
        for p in operation.parameters.iter().filter(|p| p.location == ParameterLocation::Path) {
            if !in_template.contains(&p.wire_name.as_str()) {
                self.sink.error(
                    &operation.origin,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`",
                        p.wire_name, operation.path
                    ),
                );
            }
        }
    }

    fn request_body(
        &mut self,
        found: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
        owner: &str,
    ) -> Option<RequestBody> {
        let body = self.resolve_request_body(found, pointer)?;
        let Some(media) = json_media(&body.content) else {
            let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.sink.warning(
                pointer,
                format!("request bodies of type {types:?} are not supported yet; the body is left out"),
            );
            return None;
        };
        let schema = match &media.schema {
            Some(schema) => self.schema_named(
                schema,
                &format!("{pointer}/content/application~1json/schema"),
                &format!("{owner}Body"),
                None,
            ),
            None => Schema::of(TypeRef::Json),
        };
        Some(RequestBody { required: body.required, docs: body.description.clone(), schema })
    }

    /// The payload of the first 2xx response with content: the envelope's result, or the body.
    fn output(
        &mut self,
        responses: &'a openapiv3::Responses,
        pointer: &str,
        owner: &str,
        envelope: Option<&Envelope>,
    ) -> Option<Schema> {
        let success = responses.responses.iter().find(|(status, _)| match status {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        });
        let (status, response) = success?;
        let response_pointer = pointer_join(pointer, &status.to_string());
        let response = self.resolve_response(response, &response_pointer)?;
        let media = json_media(&response.content)?;
        let schema_pointer = format!("{response_pointer}/content/application~1json/schema");
        let schema = media.schema.as_ref()?;
        let Some(envelope) = envelope else {
            return Some(self.schema_named(schema, &schema_pointer, &format!("{owner}Response"), None));
        };
        let parts = self.collect_object(Node::from(schema), &schema_pointer);
        match parts.properties.iter().find(|(name, ..)| *name == envelope.result) {
            Some((_, node, result_pointer)) => {
                Some(self.schema_named(*node, result_pointer, &format!("{owner}Result"), None))
            }
            None => {
                self.sink.error(&schema_pointer, format!("the success response has no `{}` property, which the envelope in `x-rust-client` names", envelope.result));
                None
            }
        }
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
