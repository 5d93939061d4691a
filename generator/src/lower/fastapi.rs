//! FastAPI's default operation ids, `{route name}_{path, non-word characters as _}_{method}`
//! (`read_flow_by_name_flows_name__name__get`), shortened to the route name (`read_flow_by_name`),
//! and the `Body_{operation id}` schemas it makes for form and multipart bodies named after the
//! operation (`SetFlowRunStateBody`). A route name that several operations share is told apart
//! by the first segment of each path.

use crate::diagnostics::{Sink, WarningKind, pointer_join};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::BTreeMap;

/// The route name of an operation id that is FastAPI's default for its path and method.
pub(crate) fn route_name<'a>(operation_id: &'a str, path: &str, method: &str) -> Option<&'a str> {
    let non_word_as_underscore: String =
        path.chars().map(|c| if c.is_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let suffix = format!("{non_word_as_underscore}_{}", method.to_ascii_lowercase());
    operation_id.strip_suffix(suffix.as_str()).filter(|name| !name.is_empty())
}

/// The short name of each operation id that has one: the route name of FastAPI's default id,
/// or, where operations share a route name (`create_work_queue` under `/work_pools/…` and
/// `/work_queues/`), the first segment of the path before it (`work_pools_create_work_queue`),
/// with a warning; where even that is shared, the id is kept. Operation id → name.
pub(crate) fn short_names(openapi: &OpenAPI, sink: &mut Sink) -> BTreeMap<String, String> {
    let mut ids: Vec<(String, Option<String>, String, String)> = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in item.iter() {
            let Some(id) = &op.operation_id else { continue };
            let short = route_name(id, path, method).map(str::to_owned);
            let pointer = pointer_join(&pointer_join("/paths", path), method);
            ids.push((id.clone(), short, first_segment(path), pointer));
        }
    }
    let count = |names: &[&str], name: &str| names.iter().filter(|n| **n == name).count();
    let plains: Vec<&str> = ids.iter().map(|(id, short, ..)| short.as_deref().unwrap_or(id)).collect();
    let prefixed: Vec<String> = ids
        .iter()
        .zip(&plains)
        .map(|((id, short, segment, _), plain)| match short {
            Some(_) if count(&plains, plain) > 1 && !segment.is_empty() => format!("{segment}_{plain}"),
            _ => id.clone(),
        })
        .collect();
    let prefixed: Vec<&str> = prefixed.iter().map(String::as_str).collect();
    let mut names = BTreeMap::new();
    for ((id, short, _, pointer), (plain, with_segment)) in ids.iter().zip(plains.iter().zip(&prefixed)) {
        let Some(short) = short else { continue };
        let (name, note) = match (count(&plains, plain), count(&prefixed, with_segment)) {
            (1, _) => (short.as_str(), None),
            (_, 1) => {
                (*with_segment, Some(format!("named `{with_segment}` after the first segment of its path")))
            }
            _ => (id.as_str(), Some("the full id names it".to_owned())),
        };
        if let Some(note) = note {
            sink.warning(
                WarningKind::Ignored,
                &format!("{pointer}/operationId"),
                format!("`{id}` is FastAPI's default id for this path and method, but its route name `{short}` is not unique; {note}"),
            );
        }
        if name != id {
            names.insert(id.clone(), name.to_owned());
        }
    }
    names
}

/// The first segment of a path that is not a parameter (`work_pools` of `/work_pools/{name}`).
fn first_segment(path: &str) -> String {
    path.split('/')
        .find(|s| !s.is_empty() && !s.starts_with('{'))
        .unwrap_or_default()
        .replace(|c: char| !c.is_alphanumeric(), "_")
}

/// The component schema FastAPI names after an operation's body (`Body_{operation id}`), and
/// the name it takes instead (`{Route name}Body`), for each shortened operation.
pub(crate) fn body_names(short: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    short
        .iter()
        .map(|(id, name)| (format!("Body_{id}"), format!("{}Body", crate::naming::type_name(name))))
        .collect()
}

#[cfg(test)]
mod tests {
    /// A FastAPI document's operations, their body schema, and two routes sharing a name.
    #[test]
    fn fastapi_operations_and_bodies_take_the_route_name() {
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n\
            \x20 /flows/{id}/set_state:\n    post:\n      operationId: set_state_flows__id__set_state_post\n\
            \x20     parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n\
            \x20     requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Body_set_state_flows__id__set_state_post'}}}}\n\
            \x20     responses: {'204': {description: ok}}\n\
            \x20 /work_pools/{name}/queues:\n    post: {operationId: create_queue_work_pools__name__queues_post, parameters: [{name: name, in: path, required: true, schema: {type: string}}], responses: {'204': {description: ok}}}\n\
            \x20 /work_queues/:\n    post: {operationId: create_queue_work_queues__post, responses: {'204': {description: ok}}}\n\
            \x20 /custom:\n    get: {operationId: listCustom, responses: {'204': {description: ok}}}\n\
            components:\n  schemas:\n    Body_set_state_flows__id__set_state_post: {type: object, properties: {state: {type: string}}}\n";
        let (api, warnings) = crate::lower(&crate::load("t.yaml", spec).unwrap()).unwrap();
        let names: Vec<(&str, &str)> =
            api.operations.iter().map(|op| (op.rust_name.as_str(), op.type_name.as_str())).collect();
        assert_eq!(
            names,
            [
                ("set_state", "SetState"),
                ("work_pools_create_queue", "WorkPoolsCreateQueue"),
                ("work_queues_create_queue", "WorkQueuesCreateQueue"),
                ("list_custom", "ListCustom"),
            ]
        );
        assert_eq!(api.types.keys().collect::<Vec<_>>(), ["SetStateBody"]);
        let notes: Vec<&str> = warnings.items.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].ends_with("route name `create_queue` is not unique; named `work_pools_create_queue` after the first segment of its path"), "{notes:?}");
    }

    #[test]
    fn fastapi_default_ids_give_their_route_names() {
        for (id, path, method, expected) in [
            ("create_flow_flows__post", "/flows/", "post", Some("create_flow")),
            (
                "read_flow_by_name_flows_name__name__get",
                "/flows/name/{name}",
                "get",
                Some("read_flow_by_name"),
            ),
            (
                "set_flow_run_state_flow_runs__id__set_state_post",
                "/flow_runs/{id}/set_state",
                "post",
                Some("set_flow_run_state"),
            ),
            ("read_health_api_health_get", "/api/health", "get", Some("read_health")),
            // Not the default for this path or method, or nothing before it.
            ("create_flow_flows__post", "/flows", "post", None),
            ("create_flow_flows__post", "/flows/", "put", None),
            ("_flows__post", "/flows/", "post", None),
            ("listPets", "/pets", "get", None),
        ] {
            assert_eq!(super::route_name(id, path, method), expected, "{id}");
        }
    }
}
