//! OpenAPI 3.1's top level in 3.0's shape: the version, optional `paths` and `responses`,
//! webhooks (their payload schemas become components; the operations are the server's to
//! call, so no client method is generated for them) and `mutualTLS` security schemes.

use super::Change;
use crate::diagnostics::{WarningKind, pointer_join};
use serde_json::{Map, Value};

/// Methods of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

pub(super) fn normalize_document(document: &mut Value, changes: &mut Vec<Change>) {
    let Some(root) = document.as_object_mut() else { return };
    let is_31 = root.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"));
    if is_31 {
        // The typed model is 3.0's; every 3.1 difference it would refuse is mapped here.
        root.insert("openapi".to_owned(), Value::String("3.0.3".to_owned()));
    }
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    add_missing_responses(root);
    if let Some(webhooks) = root.remove("webhooks") {
        hoist_webhook_payloads(root, webhooks, changes);
    }
    drop_mutual_tls(root, changes);
}

/// 3.1 makes `responses` optional; an operation without them has no typed output.
fn add_missing_responses(root: &mut Map<String, Value>) {
    let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for method in METHODS {
            if let Some(operation) = item.get_mut(*method).and_then(Value::as_object_mut) {
                operation.entry("responses").or_insert_with(|| Value::Object(Map::new()));
            }
        }
    }
}

/// Each webhook's inline request body schema becomes `components/schemas/<Name>Webhook`
/// (referenced ones are components already), so its payload type is generated.
fn hoist_webhook_payloads(root: &mut Map<String, Value>, webhooks: Value, changes: &mut Vec<Change>) {
    let Value::Object(webhooks) = webhooks else { return };
    let mut payloads = Vec::new();
    for (name, item) in &webhooks {
        for method in METHODS {
            let Some(content) = item.pointer(&format!("/{method}/requestBody/content")) else { continue };
            for entry in content.as_object().into_iter().flatten().map(|(_, entry)| entry) {
                let Some(schema) = entry.get("schema") else { continue };
                if schema.get("$ref").is_none() {
                    payloads.push((format!("{name}_webhook"), schema.clone()));
                }
            }
        }
    }
    if webhooks.is_empty() {
        return;
    }
    changes.push((
        WarningKind::Ignored,
        "/webhooks".to_owned(),
        format!(
            "{} webhook(s): these are calls the API makes to you, so they get no client method; their payload types are generated",
            webhooks.len()
        ),
    ));
    let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else { return };
    let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
    let Some(schemas) = schemas.as_object_mut() else { return };
    for (name, schema) in payloads {
        let mut unique = name.clone();
        let mut counter = 2;
        while schemas.contains_key(&unique) {
            unique = format!("{name}_{counter}");
            counter += 1;
        }
        schemas.insert(unique, schema);
    }
}

/// `mutualTLS` (3.1) is configured on the TLS layer, not in a request; the typed model has no
/// such scheme, so it is dropped with a warning.
fn drop_mutual_tls(root: &mut Map<String, Value>, changes: &mut Vec<Change>) {
    let Some(schemes) = root.get_mut("components").and_then(|c| c.get_mut("securitySchemes")) else { return };
    let Some(schemes) = schemes.as_object_mut() else { return };
    schemes.retain(|name, scheme| {
        let mutual = scheme.get("type").and_then(Value::as_str) == Some("mutualTLS");
        if mutual {
            changes.push((
                WarningKind::AuthLeftOut,
                pointer_join("/components/securitySchemes", name),
                "`mutualTLS` is configured on the HTTP client's TLS settings, not per request; this option is left out".to_owned(),
            ));
        }
        !mutual
    });
}
