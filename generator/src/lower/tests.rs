//! Data-driven tests of lowering: small specs in, IR facts out.

use crate::ir::{Api, ParameterLocation, TypeKind, TypeRef};

fn lower_yaml(body: &str) -> Api {
    let text = format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\n{body}");
    let spec = crate::load("t.yaml", &text).unwrap_or_else(|d| panic!("{d}"));
    super::lower(&spec).unwrap_or_else(|d| panic!("{d}")).0
}

fn fields(api: &Api, name: &str) -> Vec<(String, bool, TypeRef, bool)> {
    match &api.types[name].kind {
        TypeKind::Struct(s) => {
            s.fields.iter().map(|f| (f.rust_name.clone(), f.required, f.schema.ty.clone(), f.boxed)).collect()
        }
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_owned())
}

#[test]
fn all_of_merges_properties_and_required_through_refs() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Base: {type: object, required: [id], properties: {id: {type: string}}}\n    \
         Both:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - allOf:\n          - type: object\n            required: [n]\n            properties: {n: {type: integer}}\n",
    );
    assert_eq!(
        fields(&api, "Both"),
        [
            ("id".to_owned(), true, TypeRef::String, false),
            ("n".to_owned(), true, TypeRef::Integer(crate::ir::IntegerWidth::I64), false)
        ]
    );
}

#[test]
fn inline_objects_and_enums_are_named_from_their_location() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        collar: {type: object, properties: {color: {type: string, enum: [red, Unknown]}}}\n",
    );
    assert_eq!(fields(&api, "Pet")[0].2, named("PetCollar"));
    assert_eq!(fields(&api, "PetCollar")[0].2, named("PetCollarColor"));
    let TypeKind::StringEnum(e) = &api.types["PetCollarColor"].kind else { panic!() };
    let variants: Vec<_> = e.variants.iter().map(|v| v.rust_name.as_str()).collect();
    assert_eq!(variants, ["Red", "Unknown"]);
    assert_eq!(e.unknown_variant, "Unknown2", "the catch-all never collides with a listed value");
}

#[test]
fn component_names_win_over_inline_names() {
    // `PetCollar` is a component; the inline collar of `Pet` must take another name.
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {collar: {type: object, properties: {a: {type: string}}}}}\n    \
         PetCollar: {type: object, properties: {b: {type: string}}}\n",
    );
    assert_eq!(fields(&api, "Pet")[0].2, named("PetCollar2"));
    assert_eq!(fields(&api, "PetCollar")[0].0, "b");
}

#[test]
fn direct_cycles_are_boxed_and_collections_are_not() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        parent: {$ref: '#/components/schemas/Node'}\n        \
         children: {type: array, items: {$ref: '#/components/schemas/Node'}}\n",
    );
    let node = fields(&api, "Node");
    assert!(node[0].3, "parent is boxed");
    assert!(!node[1].3, "children (a Vec) is not");
}

/// A cycle through a union is broken by one box, wherever lowering meets it; variants outside
/// any cycle are held by value.
#[test]
fn unions_box_only_the_variants_on_a_cycle() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Leaf: {type: object, properties: {v: {type: integer}}}\n    \
         Branch: {type: object, properties: {child: {$ref: '#/components/schemas/Node'}}}\n    \
         Node: {oneOf: [{$ref: '#/components/schemas/Leaf'}, {$ref: '#/components/schemas/Branch'}]}\n",
    );
    let TypeKind::Union(node) = &api.types["Node"].kind else { panic!("Node is a union") };
    let boxed: Vec<(&str, bool)> = node.variants.iter().map(|v| (v.rust_name.as_str(), v.boxed)).collect();
    let child_boxed = fields(&api, "Branch")[0].3;
    assert_eq!(boxed[0], ("Leaf", false), "Leaf is on no cycle");
    assert!(
        boxed[1].1 ^ child_boxed,
        "exactly one of Node→Branch and Branch→Node is boxed: {boxed:?}, {child_boxed}"
    );
}

#[test]
fn primitive_aliases_are_inlined_with_their_constraints() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Id: {type: string, maxLength: 32}\n    Thing: {type: object, properties: {id: {$ref: '#/components/schemas/Id'}}}\n",
    );
    assert!(!api.types.contains_key("Id"));
    let TypeKind::Struct(s) = &api.types["Thing"].kind else { panic!() };
    assert_eq!(s.fields[0].schema.ty, TypeRef::String);
    assert_eq!(s.fields[0].schema.constraints.max_length, Some(32));
}

#[test]
fn operation_level_parameters_replace_path_level_ones() {
    let api = lower_yaml(
        "paths:\n  /a/{id}:\n    parameters:\n      - {name: id, in: path, required: true, schema: {type: string}}\n      - {name: q, in: query, schema: {type: string}}\n    \
         get:\n      parameters:\n        - {name: q, in: query, required: true, schema: {type: integer}}\n      responses: {'204': {description: ok}}\n",
    );
    let op = &api.operations[0];
    assert_eq!(op.rust_name, "get_a_id");
    let params: Vec<_> =
        op.parameters.iter().map(|p| (p.wire_name.as_str(), p.location, p.required)).collect();
    assert_eq!(params, [("id", ParameterLocation::Path, true), ("q", ParameterLocation::Query, true)]);
    assert_eq!(op.output, None);
}

#[test]
fn the_envelope_result_is_the_operation_output() {
    let api = lower_yaml(
        "x-rust-client: {envelope: {result: result, success: success}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                allOf:\n                  - {type: object, properties: {success: {type: boolean}}}\n                  - {type: object, properties: {result: {$ref: '#/components/schemas/R'}}}\ncomponents:\n  schemas:\n    R: {type: object, properties: {x: {type: string}}}\n",
    );
    assert_eq!(api.operations[0].output.as_ref().unwrap().ty, named("R"));
    assert_eq!(api.client.envelope.as_ref().unwrap().success.as_deref(), Some("success"));
}

#[test]
fn an_alias_that_refers_back_through_an_object_becomes_a_newtype() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Trace:\n      type: array\n      items:\n        type: object\n        properties:\n          trace: {$ref: '#/components/schemas/Trace'}\n",
    );
    let TypeKind::Newtype(inner) = &api.types["Trace"].kind else { panic!("{:?}", api.types.keys()) };
    assert_eq!(inner.ty, TypeRef::Array(Box::new(crate::ir::Schema::of(named("TraceItem")))));
    assert_eq!(fields(&api, "TraceItem")[0].2, named("Trace"));
}

#[test]
fn all_of_that_only_annotates_a_primitive_is_that_primitive() {
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Region: {type: string, enum: [eu, us]}\n    Probe:\n      type: object\n      properties:\n        region:\n          allOf:\n            - $ref: '#/components/schemas/Region'\n            - description: Where the probe runs.\n",
    );
    assert_eq!(fields(&api, "Probe")[0].2, named("Region"));
    assert_eq!(api.types.len(), 2, "no struct for the allOf: {:?}", api.types.keys());
}

#[test]
fn all_of_beside_other_keywords_with_one_array_part_is_that_array() {
    // As in Cloudflare's spec: `allOf: [$ref: messages]` with a stray `minLength` beside it.
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    Messages: {type: array, items: {type: string}}\n    Failure:\n      type: object\n      properties:\n        errors:\n          allOf: [{$ref: '#/components/schemas/Messages'}]\n          minLength: 1\n",
    );
    let TypeKind::Struct(s) = &api.types["Failure"].kind else { panic!() };
    assert_eq!(s.fields[0].schema.ty, TypeRef::Array(Box::new(crate::ir::Schema::of(TypeRef::String))));
    assert_eq!(api.types.len(), 1, "{:?}", api.types.keys());
}

#[test]
fn an_all_of_that_pulls_in_its_own_parent_refers_to_the_type_being_built() {
    // A shape the random-spec property test produces: an `allOf` part that is its own parent.
    let api = lower_yaml(
        "paths: {}\ncomponents:\n  schemas:\n    X: {anyOf: [{type: string}]}\n    A:\n      type: object\n      properties:\n        pet:\n          allOf: [{$ref: '#/components/schemas/X'}, {$ref: '#/components/schemas/A'}]\n",
    );
    let pet = fields(&api, "APet");
    assert_eq!(pet[0].0, "pet");
    assert_eq!(pet[0].2, named("APet"));
    assert!(pet[0].3, "the self-reference is boxed");
}

/// The type of field or parameter `name` of struct or operation `owner`.
fn type_of(api: &Api, owner: &str, name: &str) -> TypeRef {
    let from_op = api
        .operations
        .iter()
        .find(|op| op.type_name == owner)
        .map(|op| op.parameters.iter().find(|p| p.wire_name == name).map(|p| p.schema.ty.clone()));
    let found = from_op.flatten().or_else(|| {
        let TypeKind::Struct(s) = &api.types.get(owner)?.kind else { return None };
        s.fields.iter().find(|f| f.wire_name == name).map(|f| f.schema.ty.clone())
    });
    found.unwrap_or_else(|| panic!("no `{name}` in `{owner}`"))
}

#[test]
fn identical_inline_enums_are_one_type() {
    let query = |name: &str, schema: &str| format!("{{name: {name}, in: query, schema: {schema}}}");
    let json_csv = "{type: string, enum: [json, csv]}";
    let op = |id: &str, params: &[String]| {
        format!(
            "  /{id}:\n    get:\n      operationId: {id}\n      parameters: [{}]\n      responses: {{'204': {{description: ok}}}}\n",
            params.join(", ")
        )
    };
    let spec = format!(
        "paths:\n{}{}{}{}components:\n  schemas:\n    Region: {{type: string, enum: [eu, us]}}\n    \
         Probe: {{type: object, properties: {{where: {{type: string, enum: [eu, us]}}, format: {{type: string, enum: [json]}}}}}}\n    \
         Format: {{type: object, properties: {{a: {{type: string}}}}}}\n",
        op(
            "listA",
            &[query("format", json_csv), query("kind", "{type: array, items: {type: string, enum: [x, y]}}")]
        ),
        op(
            "listB",
            &[query("format", json_csv), query("sort", "{type: array, items: {type: string, enum: [x, y]}}")]
        ),
        op("listC", &[query("format", "{type: string, enum: [json, csv], description: Other.}")]),
        op("getD", &[query("output_format", json_csv), query("mode", "{type: string, enum: [json]}")]),
    );
    let api = lower_yaml(&spec);
    let cases: &[(&str, &str, &str, &str)] = &[
        // `Format`, their common word, is a component's name: the first name in order stays.
        ("ListA", "format", "ListCFormat", "a shared name never takes a component's"),
        ("ListB", "format", "ListCFormat", "the same values and docs: the same type"),
        ("GetD", "output_format", "ListCFormat", "a parameter of another name: still the same type"),
        // Then `lower::alias` makes the copy of another description the same type too, with
        // the other name (`GetDOutputFormat`) as an alias: the shorter name holds it.
        ("ListC", "format", "ListCFormat", "another description: the same type, another alias"),
        // Array items share only `Item`, which names nothing: the first name stays.
        ("ListA", "kind", "", "ListAKindItem"),
        ("ListB", "sort", "", "ListAKindItem"),
        // An inline copy of a component enum is the component.
        ("Probe", "where", "Region", "a component's values inline: the component"),
        // `GetDMode` and `ProbeFormat` share no words.
        ("GetD", "mode", "GetDMode", "no common words: the first name"),
        ("Probe", "format", "GetDMode", "the copy in a component's property"),
    ];
    for (owner, name, expected, why) in cases {
        let (expected, why) = if expected.is_empty() { (*why, "array items") } else { (*expected, *why) };
        let ty = match type_of(&api, owner, name) {
            TypeRef::Array(items) => items.ty,
            ty => ty,
        };
        assert_eq!(ty, named(expected), "{owner}.{name}: {why}");
    }
    let enums: Vec<&String> =
        api.types.iter().filter(|(_, d)| matches!(d.kind, TypeKind::StringEnum(_))).map(|(n, _)| n).collect();
    assert_eq!(enums, ["GetDMode", "ListAKindItem", "ListCFormat", "Region"], "copies are gone");
    let aliases: Vec<(&str, &str)> =
        api.aliases.iter().map(|(n, a)| (n.as_str(), a.target.as_str())).collect();
    assert_eq!(
        aliases,
        [("GetDOutputFormat", "ListCFormat")],
        "the names of copies of other descriptions stay"
    );
}

#[test]
fn a_shared_name_comes_from_the_common_words_when_free() {
    let op = |id: &str| {
        format!(
            "  /{id}:\n    get:\n      operationId: {id}\n      parameters: [{{name: time_unit, in: query, schema: {{type: string, enum: [s, ms]}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
        )
    };
    let api = lower_yaml(&format!("paths:\n{}{}", op("listA"), op("getB")));
    assert_eq!(type_of(&api, "ListA", "time_unit"), named("TimeUnit"));
    assert_eq!(type_of(&api, "GetB", "time_unit"), named("TimeUnit"));
    assert_eq!(api.types.keys().collect::<Vec<_>>(), ["TimeUnit"]);
}

#[test]
fn every_declared_api_key_header_is_a_secret_header_name() {
    let api = lower_yaml(
        "paths: {}\nsecurity: [{used: []}]\ncomponents:\n  securitySchemes:\n    \
         used: {type: apiKey, in: header, name: X-Auth-Key}\n    \
         unused: {type: apiKey, in: header, name: X-Other-Token}\n    \
         query: {type: apiKey, in: query, name: api_key}\n    \
         cookie: {type: apiKey, in: cookie, name: session}\n    \
         bearer: {type: http, scheme: bearer}\n",
    );
    let names: Vec<&str> = api.security.api_key_headers.iter().map(String::as_str).collect();
    assert_eq!(names, ["x-auth-key", "x-other-token"], "lowercased, used or not; only headers");
}

#[test]
fn with_an_envelope_the_wrapper_schemas_are_no_types_unless_used_elsewhere() {
    let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\nx-rust-client: {envelope: {result: result}}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {allOf: [{$ref: '#/components/schemas/Common'}, {type: object, properties: {result: {$ref: '#/components/schemas/R'}}}]}}}}\n        '400': {$ref: '#/components/responses/Failure'}\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Shared'}}}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/SharedResponse'}}}}\ncomponents:\n  responses:\n    Failure: {description: no, content: {application/json: {schema: {$ref: '#/components/schemas/Failure'}}}}\n  schemas:\n    Message: {type: object, properties: {code: {type: integer}}}\n    Common: {type: object, properties: {success: {type: boolean}, messages: {type: array, items: {$ref: '#/components/schemas/Message'}}}}\n    Failure: {allOf: [{$ref: '#/components/schemas/Common'}, {type: object, properties: {errors: {type: array, items: {$ref: '#/components/schemas/Message'}}}}]}\n    R: {type: object, properties: {x: {type: string}}}\n    Shared: {type: object, properties: {y: {type: string}}}\n    SharedResponse: {type: object, properties: {result: {$ref: '#/components/schemas/Shared'}}}\n    Unused: {type: object, properties: {z: {type: string}}}\n";
    let (api, _) = crate::lower(&crate::load("spec.yaml", spec).unwrap()).unwrap();
    let names: Vec<&str> = api.types.keys().map(String::as_str).collect();
    // The result types stay, and so does a schema no response uses; the wrappers go.
    assert_eq!(names, ["R", "Shared", "Unused"]);
}
