//! Bad specs give one located, readable error each, and never a panic.

fn error_of(file: &str, text: &str) -> String {
    match generator::generate(file, text, &generator::Settings::default()) {
        Ok(_) => panic!("{file}: expected an error"),
        Err(diagnostics) => diagnostics.to_string(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

#[test]
fn bad_specs_report_file_location_and_rule() {
    let unresolved = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
    );
    let missing_path_param = format!(
        "{HEAD}paths:\n  /things/{{id}}:\n    get:\n      operationId: get\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let bad_regex = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n      pattern: '^(?=x)'\n"
    );
    let alias_cycle = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let duplicate_ids = format!(
        "{HEAD}paths:\n  /a:\n    get: {{operationId: x, responses: {{'204': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: x, responses: {{'204': {{description: ok}}}}}}\n"
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "empty.yaml",
            String::new(),
            "error: empty.yaml: at /: the file is empty; expected an OpenAPI 3.0 document\n",
        ),
        (
            "syntax.yaml",
            "openapi: 3.0.3\ninfo: [unclosed\n".into(),
            "error: syntax.yaml:3:1: at /: invalid YAML: did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 7\n",
        ),
        (
            "truncated.json",
            r#"{"openapi": "3.0.3", "info": {"#.into(),
            "error: truncated.json:1:30: at /: invalid JSON: EOF while parsing an object at line 1 column 30\n",
        ),
        (
            "v31.yaml",
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n".into(),
            "error: v31.yaml: at /openapi: unsupported OpenAPI version `3.1.0`: this generator reads OpenAPI 3.0.x\n",
        ),
        (
            "swagger.yaml",
            "swagger: '2.0'\ninfo: {title: T, version: '1'}\n".into(),
            "error: swagger.yaml: at /swagger: unsupported version: Swagger \"2.0\" documents are not read; convert to OpenAPI 3.0.x\n",
        ),
        (
            "list.yaml",
            "- a\n- b\n".into(),
            "error: list.yaml: at /: expected a mapping at the top level of the document\n",
        ),
        (
            "wrong-type.yaml",
            format!("{HEAD}paths: []\n"),
            "error: wrong-type.yaml: at /paths: not a valid OpenAPI document: invalid type: sequence, expected struct Paths\n",
        ),
        (
            "wrong-type.json",
            r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": []}"#.into(),
            "error: wrong-type.json:1:70: at /paths: not a valid OpenAPI document: invalid type: sequence, expected struct Paths at line 1 column 70\n",
        ),
        (
            "not-object.json",
            "[1, 2]".into(),
            "error: not-object.json: at /: expected a mapping at the top level of the document\n",
        ),
        (
            "unresolved.yaml",
            unresolved,
            "error: unresolved.yaml: at /components/schemas/A/properties/b: unresolved `$ref` `#/components/schemas/Missing`: expected `#/components/schemas/<name>` naming an existing schema\n",
        ),
        (
            "path-param.yaml",
            missing_path_param,
            "error: path-param.yaml: at /paths/~1things~1{id}/get: path template parameter `{id}` has no `in: path` parameter definition\n",
        ),
        (
            "regex.yaml",
            bad_regex,
            "error: regex.yaml: at /components/schemas/A/pattern: pattern `^(?=x)` cannot be compiled by the `regex` crate: look-around, including look-ahead and look-behind, is not supported\n",
        ),
        (
            "cycle.yaml",
            alias_cycle,
            "error: cycle.yaml: at /components/schemas/A: `$ref` cycle with no object in between: the schema refers back to itself\n",
        ),
        (
            "dup.yaml",
            duplicate_ids,
            "error: dup.yaml: at /paths/~1b/get/operationId: duplicate operationId `x`\n",
        ),
    ];
    for (file, text, expected) in cases {
        let message = error_of(file, &text);
        assert_eq!(message, expected, "{file}");
    }
}

#[test]
fn all_errors_of_a_stage_are_reported_together() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        x: {{$ref: '#/components/schemas/Nope1'}}\n        y: {{$ref: '#/components/schemas/Nope2'}}\n"
    );
    let message = error_of("two.yaml", &text);
    assert_eq!(message.lines().count(), 2, "{message}");
    assert!(message.contains("Nope1") && message.contains("Nope2"), "{message}");
}
