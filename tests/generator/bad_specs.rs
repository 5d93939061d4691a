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
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: '#/components/parameters/Missing'}}]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let dangling_pointer = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: '#/paths/~1b/get/parameters/0'}}]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let alias_cycle = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let duplicate_ids = format!(
        "{HEAD}paths:\n  /a:\n    get: {{operationId: get_b, responses: {{'204': {{description: ok}}}}}}\n  /b:\n    get: {{operationId: get_b, responses: {{'204': {{description: ok}}}}}}\n"
    );
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "empty.yaml",
            String::new(),
            "error: empty.yaml: at /: the file is empty; expected an OpenAPI 3.0 or 3.1 document\n",
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
            "v4.yaml",
            "openapi: 4.0.0\ninfo: {title: T, version: '1'}\npaths: {}\n".into(),
            "error: v4.yaml: at /openapi: unsupported OpenAPI version `4.0.0`: this generator reads OpenAPI 3.0.x and 3.1.x\n",
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
            "error: unresolved.yaml: at /paths/~1a/get/parameters/0: unresolved `$ref` `#/components/parameters/Missing`: expected `#/components/parameters/<name>` naming an existing entry\n",
        ),
        (
            "pointer.yaml",
            dangling_pointer,
            "error: pointer.yaml: at /paths/~1a/get/parameters/0/$ref: dangling `$ref` `#/paths/~1b/get/parameters/0`: nothing in the document at `/paths/~1b/get/parameters/0`\n",
        ),
        (
            "cycle.yaml",
            alias_cycle,
            "error: cycle.yaml: at /components/schemas/A: the schema contains itself with no object, array or map in between: A → B → A\n",
        ),
        (
            "dup.yaml",
            duplicate_ids,
            "error: dup.yaml: at /paths/~1b/get/operationId: duplicate operationId `get_b`\n",
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
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: a\n      parameters: [{{$ref: '#/components/parameters/Nope1'}}, {{$ref: '#/components/parameters/Nope2'}}]\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let message = error_of("two.yaml", &text);
    assert_eq!(message.lines().count(), 2, "{message}");
    assert!(message.contains("Nope1") && message.contains("Nope2"), "{message}");
}

/// Mistakes a real document makes whose meaning is still clear: the document generates, and a
/// warning names the place and what was done.
#[test]
fn repairable_mistakes_generate_with_a_located_warning() {
    let cases: Vec<(String, &str)> = vec![
        (
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
            ),
            "warning: w.yaml: at /components/schemas/A/properties/b: unresolved `$ref` `#/components/schemas/Missing`: no such schema in `#/components/schemas`; the value is typed as any JSON value",
        ),
        (
            format!(
                "{HEAD}paths:\n  /things/{{id}}:\n    get:\n      operationId: get\n      responses: {{'204': {{description: ok}}}}\n"
            ),
            "warning: w.yaml: at /paths/~1things~1{id}/get: path template parameter `{id}` has no `in: path` parameter definition; it is taken as a string",
        ),
        (
            format!(
                "{HEAD}paths:\n  /things:\n    get:\n      operationId: get\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
            ),
            "warning: w.yaml: at /paths/~1things/get: path parameter `id` does not appear in the path `/things`; it could never be sent, so it is left out",
        ),
        (
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n      pattern: '(?i)x'\n"
            ),
            "warning: w.yaml: at /components/schemas/A/pattern: pattern `(?i)x` is not a valid ECMA-262 regular expression (Invalid group modifier); it is not checked",
        ),
        (
            format!(
                "{HEAD}paths:\n  /a:\n    get: {{operationId: x, responses: {{'204': {{description: ok}}}}}}\n    head: {{operationId: x, responses: {{'204': {{description: ok}}}}}}\n"
            ),
            "warning: w.yaml: at /paths/~1a/head/operationId: operationId `x` is taken by an earlier operation; this one is named `head_a`",
        ),
        (
            format!("{HEAD}security: [{{missing: []}}]\npaths: {{}}\n"),
            "warning: w.yaml: at /components/securitySchemes/missing: security requirement names `missing`, which is not an inline entry of `components/securitySchemes`; this option is left out",
        ),
        (
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: integer, minimum: -9223372036854776000}}\n"
            ),
            "warning: w.yaml: at /components/schemas/A/minimum: `minimum: -9.223372036854776e+18` is not a 64-bit integer; read as -9223372036854775808, the nearest one",
        ),
        (
            // InfluxDB's habit, from Swagger 2.0: the flag sits on the property, not the object.
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/B', required: true}}\n    B: {{type: string}}\n"
            ),
            "warning: w.yaml: at /components/schemas/A/properties/b/required: `required: true` belongs in the enclosing object's `required` list, not on a property's schema (Swagger 2.0's habit); the property is read as optional",
        ),
    ];
    for (text, expected) in cases {
        let (_, warnings) = generator::generate("w.yaml", &text, &generator::Settings::default())
            .unwrap_or_else(|e| panic!("{expected}: {e}"));
        let warnings = warnings.to_string();
        assert!(warnings.lines().any(|line| line == expected), "expected {expected}\ngot {warnings}");
    }
}
