//! With an envelope, the component schemas that only wrap payloads (`{success, errors, result}`
//! bodies, error bodies and their parts) are no types of the client: a call returns the
//! `result`, and an error is an `ApiError`. They are dropped, unless something else uses them.

use super::Lowerer;
use crate::ir::{Api, Schema};
use openapiv3::{ReferenceOr, SchemaKind};
use std::collections::BTreeSet;

/// The type names of the component schemas that response bodies are (or are the `allOf`
/// parts of).
pub(crate) fn response_wrappers(lowerer: &Lowerer<'_>) -> Vec<String> {
    let spec = lowerer.spec;
    let mut wrappers = Vec::new();
    let operations = spec.paths.paths.values().filter_map(ReferenceOr::as_item).flat_map(|item| item.iter());
    for (_, operation) in operations {
        let responses = operation.responses.responses.values().chain(&operation.responses.default);
        for response in responses {
            let response = match response {
                ReferenceOr::Item(response) => Some(response),
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/responses/")
                    .and_then(|name| spec.components.as_ref()?.responses.get(name)?.as_item()),
            };
            let schemas =
                response.into_iter().flat_map(|r| r.content.values()).filter_map(|m| m.schema.as_ref());
            let mut pending: Vec<&ReferenceOr<openapiv3::Schema>> = schemas.collect();
            // A wrapper's `allOf` parts are wrappers too: lowering merged them into it.
            while let Some(schema) = pending.pop() {
                match schema {
                    ReferenceOr::Item(openapiv3::Schema {
                        schema_kind: SchemaKind::AllOf { all_of },
                        ..
                    }) => pending.extend(all_of),
                    ReferenceOr::Item(_) => {}
                    ReferenceOr::Reference { reference } => {
                        let Some(name) = lowerer.component_type_name(reference) else { continue };
                        if wrappers.contains(&name) {
                            continue;
                        }
                        wrappers.push(name);
                        let component = super::refs::component_name(reference, "schemas")
                            .and_then(|n| spec.components.as_ref()?.schemas.get(n));
                        pending.extend(component);
                    }
                }
            }
        }
    }
    wrappers
}

/// Drops the wrappers, and the types only they reach.
pub(crate) fn drop_unused(api: &mut Api, wrappers: Vec<String>) {
    let candidates: BTreeSet<String> =
        api.reachable(wrappers.iter().map(String::as_str).collect()).into_iter().map(str::to_owned).collect();
    let mut roots: Vec<&str> =
        api.operations.iter().flat_map(|op| op.schemas()).filter_map(Schema::named_type).collect();
    roots.extend(api.types.keys().map(String::as_str).filter(|name| !candidates.contains(*name)));
    let kept: BTreeSet<String> = api.reachable(roots).into_iter().map(str::to_owned).collect();
    api.types.retain(|name, _| !candidates.contains(name) || kept.contains(name));
}
