//! Resolving local `$ref`s (`#/components/<kind>/<name>`) to the components they name.

use super::Lowerer;
use super::Node;
use crate::diagnostics::Sink;
use openapiv3::{Parameter, ReferenceOr, RequestBody, Response};

/// The component name in a local reference to `#/components/<kind>/<name>`.
pub(crate) fn component_name<'r>(reference: &'r str, kind: &str) -> Option<&'r str> {
    reference.strip_prefix("#/components/")?.strip_prefix(kind)?.strip_prefix('/')
}

/// Follows a chain of references to parameters, request bodies or responses.
pub(crate) fn resolve<'a, T>(
    found: &'a ReferenceOr<T>,
    kind: &str,
    table: impl Fn(&str) -> Option<&'a ReferenceOr<T>>,
    pointer: &str,
    sink: &mut Sink,
) -> Option<&'a T> {
    let mut current = found;
    // A chain longer than the table itself must be a cycle; 64 is far beyond real specs.
    for _ in 0..64 {
        match current {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference } => {
                let Some(target) = component_name(reference, kind).and_then(&table) else {
                    sink.error(pointer, format!("unresolved `$ref` `{reference}`: expected `#/components/{kind}/<name>` naming an existing entry"));
                    return None;
                };
                current = target;
            }
        }
    }
    sink.error(pointer, format!("`$ref` cycle among `#/components/{kind}`"));
    None
}

impl<'a> Lowerer<'a> {
    pub(crate) fn resolve_parameter(
        &mut self,
        found: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Option<&'a Parameter> {
        let components = self.spec.components.as_ref();
        resolve(found, "parameters", |n| components?.parameters.get(n), pointer, &mut self.sink)
    }

    pub(crate) fn resolve_request_body(
        &mut self,
        found: &'a ReferenceOr<RequestBody>,
        pointer: &str,
    ) -> Option<&'a RequestBody> {
        let components = self.spec.components.as_ref();
        resolve(found, "requestBodies", |n| components?.request_bodies.get(n), pointer, &mut self.sink)
    }

    pub(crate) fn resolve_response(
        &mut self,
        found: &'a ReferenceOr<Response>,
        pointer: &str,
    ) -> Option<&'a Response> {
        let components = self.spec.components.as_ref();
        resolve(found, "responses", |n| components?.responses.get(n), pointer, &mut self.sink)
    }

    /// The schema a node is, following a reference.
    pub(crate) fn target(&self, node: Node<'a>) -> Option<&'a openapiv3::Schema> {
        match node {
            Node::Item(schema) => Some(schema),
            Node::Ref(reference) => self.schema_target(reference),
        }
    }

    /// The schema a chain of references to `#/components/schemas/…` ends at, without lowering it.
    pub(crate) fn schema_target(&self, reference: &str) -> Option<&'a openapiv3::Schema> {
        let mut reference = reference;
        for _ in 0..64 {
            match self.component_schemas().get(component_name(reference, "schemas")?)? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::component_name;

    #[test]
    fn component_names_from_references() {
        for (reference, kind, expected) in [
            ("#/components/schemas/Organization", "schemas", Some("Organization")),
            ("#/components/parameters/account_id", "parameters", Some("account_id")),
            ("#/components/schemas/Organization", "parameters", None),
            ("other.yaml#/components/schemas/X", "schemas", None),
            ("#/definitions/X", "schemas", None),
        ] {
            assert_eq!(component_name(reference, kind), expected, "{reference}");
        }
    }
}
