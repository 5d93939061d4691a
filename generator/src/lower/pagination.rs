//! Which operations are paginated: the settings' pagination styles matched against each `GET`
//! operation's query parameters and output (an IR → IR pass after lowering).
//!
//! A style matches when the operation is a `GET`, has the style's query parameter (`page` or
//! `cursor`; none for `link`), and its output is a list, or an object whose `items` property is
//! one. The first style that matches wins.

use crate::ir::{Api, ItemsAt, Operation, PageStyle, Paging, ParameterLocation, Schema, TypeKind, TypeRef};

/// Sets `pagination` on every operation a style of the settings matches.
pub(crate) fn match_operations(api: &mut Api) {
    let rules = api.client.pagination.clone();
    if rules.is_empty() {
        return;
    }
    let types = &api.types;
    for operation in &mut api.operations {
        operation.pagination = rules.iter().find_map(|rule| {
            if operation.method != "GET" || !has_parameter(operation, &rule.style) {
                return None;
            }
            let output = operation.output.as_ref()?;
            let (items, item) = match &rule.items {
                None => (ItemsAt::Output { options: usize::from(output.nullable) }, list_item(output)?),
                Some(property) => {
                    let TypeRef::Named(name) = &output.ty else { return None };
                    let TypeKind::Struct(object) = &types.get(name)?.kind else { return None };
                    let field = object.fields.iter().find(|f| &f.wire_name == property && !f.boxed)?;
                    let options = usize::from(!field.required) + usize::from(field.schema.nullable);
                    let at = ItemsAt::Field { rust_name: field.rust_name.clone(), options };
                    // An output that may be `null` is a page without items.
                    if output.nullable {
                        return None;
                    }
                    (at, list_item(&field.schema)?)
                }
            };
            Some(Paging { style: rule.style.clone(), items, item })
        });
    }
}

/// Whether the operation has the query parameter the style sets.
fn has_parameter(operation: &Operation, style: &PageStyle) -> bool {
    let name = match style {
        PageStyle::PageNumber { page, .. } => page,
        PageStyle::Cursor { cursor, .. } => cursor,
        PageStyle::Link => return true,
    };
    operation.parameters.iter().any(|p| p.location == ParameterLocation::Query && &p.wire_name == name)
}

/// The item schema of a list schema.
fn list_item(schema: &Schema) -> Option<Schema> {
    match &schema.ty {
        TypeRef::Array(item) => Some((**item).clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ItemsAt, PageStyle};

    fn paging(spec: &str) -> Vec<(String, Option<(PageStyle, ItemsAt)>)> {
        let spec = crate::load("spec.yaml", spec).unwrap();
        let (api, _) = crate::lower(&spec).unwrap();
        api.operations
            .into_iter()
            .map(|op| (op.rust_name, op.pagination.map(|p| (p.style, p.items))))
            .collect()
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
x-rust-client:
  pagination:
    - {style: page-number, page: page, total-pages: /meta/pages}
    - {style: cursor, cursor: after, next: /next, items: data}
paths:
  /things:
    get:
      operationId: list_things
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
    post:
      operationId: make_thing
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
  /others:
    get:
      operationId: list_others
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Others'}}}}}
  /one:
    get:
      operationId: get_one
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object}}}}}
  /plain:
    get:
      operationId: list_plain
      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}
components:
  schemas:
    Others:
      type: object
      properties:
        data: {type: array, items: {type: integer}, nullable: true}
        next: {type: string}
"#;

    #[test]
    fn styles_match_by_method_parameter_and_list_output() {
        let page = PageStyle::PageNumber { page: "page".into(), total_pages: Some("/meta/pages".into()) };
        let cursor = PageStyle::Cursor { cursor: "after".into(), next: vec!["/next".into()] };
        assert_eq!(
            paging(SPEC),
            vec![
                ("list_things".into(), Some((page, ItemsAt::Output { options: 0 }))),
                ("make_thing".into(), None),
                (
                    "list_others".into(),
                    Some((cursor, ItemsAt::Field { rust_name: "data".into(), options: 2 }))
                ),
                ("get_one".into(), None),
                ("list_plain".into(), None),
            ]
        );
    }

    #[test]
    fn a_malformed_style_is_an_error_at_its_pointer() {
        let spec = SPEC.replace("style: cursor, cursor: after", "style: cursor, cursr: after");
        let loaded = crate::load("spec.yaml", &spec).unwrap();
        let errors = crate::lower(&loaded).unwrap_err().to_string();
        assert!(errors.contains("/x-rust-client/pagination") && errors.contains("cursr"), "{errors}");
    }
}
