//! Recursive schemas: what inheritance hierarchies, trees and type systems lower to, and which
//! cycles are errors (only those with no value in between).

use crate::ir::{Api, TypeKind, TypeRef};

fn lower(schemas: &str) -> Result<Api, String> {
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    );
    let spec = crate::load("t.yaml", &text).map_err(|d| d.to_string())?;
    crate::lower(&spec).map(|(api, _)| api).map_err(|d| d.to_string())
}

/// Each type's shape in a line: `Name{field: Type, …}`, `Name=A|B` for unions.
fn shapes(api: &Api) -> Vec<String> {
    let ty = |t: &TypeRef, boxed: bool| {
        let t = match t {
            TypeRef::Named(n) => n.clone(),
            TypeRef::Array(items) => format!(
                "[{}]",
                match &items.ty {
                    TypeRef::Named(n) => n.as_str(),
                    _ => "_",
                }
            ),
            other => format!("{other:?}"),
        };
        if boxed { format!("Box<{t}>") } else { t }
    };
    api.types
        .values()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => {
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .map(|f| format!("{}: {}", f.wire_name, ty(&f.schema.ty, f.boxed)))
                    .collect();
                format!("{}{{{}}}", def.name, fields.join(", "))
            }
            TypeKind::Union(u) => {
                let variants: Vec<String> = u.variants.iter().map(|v| ty(&v.schema.ty, v.boxed)).collect();
                format!("{}={}", def.name, variants.join("|"))
            }
            TypeKind::StringEnum(_) => format!("{}=enum", def.name),
            TypeKind::Newtype(inner) => format!("{}({})", def.name, ty(&inner.ty, false)),
        })
        .collect()
}

const S: &str = "{type: string}";

fn r(name: &str) -> String {
    format!("{{$ref: '#/components/schemas/{name}'}}")
}

#[test]
fn a_subtype_has_its_base_s_own_properties_and_the_base_is_the_union_of_its_subtypes() {
    let cases: Vec<(String, &[&str])> = vec![
        // The base is only a `oneOf` of its subtypes.
        (
            format!(
                "    Actor: {{oneOf: [{bot}, {user}]}}\n    Bot: {{allOf: [{actor}, {{type: object, properties: {{id: {S}}}}}]}}\n    \
                 User: {{allOf: [{actor}, {{type: object, properties: {{email: {S}}}}}]}}\n",
                bot = r("Bot"),
                user = r("User"),
                actor = r("Actor")
            ),
            &["Actor=Bot|User", "Bot{id: String}", "User{email: String}"],
        ),
        // The base declares shared properties beside the `oneOf`: each subtype has them.
        (
            format!(
                "    Actor: {{type: object, properties: {{kind: {S}}}, oneOf: [{bot}, {user}]}}\n    Bot: {{allOf: [{actor}, {{type: object, properties: {{id: {S}}}}}]}}\n    \
                 User: {{allOf: [{actor}, {{type: object, properties: {{email: {S}}}}}]}}\n",
                bot = r("Bot"),
                user = r("User"),
                actor = r("Actor")
            ),
            &["Actor=Bot|User", "Bot{kind: String, id: String}", "User{kind: String, email: String}"],
        ),
        // A subtype with nothing of its own (springdoc's `allOf: [$ref: Base]`) is no alias of
        // its base.
        (
            format!(
                "    Op: {{type: object, properties: {{operator: {S}}}, oneOf: [{t}, {f}]}}\n    IsTrue: {{allOf: [{op}]}}\n    IsFalse: {{allOf: [{op}]}}\n",
                t = r("IsTrue"),
                f = r("IsFalse"),
                op = r("Op")
            ),
            &["IsFalse{operator: String}", "IsTrue{operator: String}", "Op=IsTrue|IsFalse"],
        ),
        // Two levels: a subtype of a subtype has both bases' own properties.
        (
            format!(
                "    Shape: {{type: object, properties: {{id: {S}}}, oneOf: [{poly}]}}\n    \
                 Poly: {{allOf: [{shape}, {{type: object, properties: {{sides: {S}}}}}], oneOf: [{tri}]}}\n    \
                 Tri: {{allOf: [{poly}, {{type: object, properties: {{angle: {S}}}}}]}}\n",
                poly = r("Poly"),
                shape = r("Shape"),
                tri = r("Tri")
            ),
            &["Poly=Tri", "Shape=Poly", "Tri{id: String, sides: String, angle: String}"],
        ),
        // Two parents, both listing it.
        (
            format!(
                "    A: {{type: object, properties: {{a: {S}}}, oneOf: [{both}]}}\n    B: {{type: object, properties: {{b: {S}}}, oneOf: [{both}]}}\n    \
                 Both: {{allOf: [{a}, {b}]}}\n",
                both = r("Both"),
                a = r("A"),
                b = r("B")
            ),
            &["A=Both", "B=Both", "Both{a: String, b: String}"],
        ),
        // An object that merges a union in without being one of its subtypes takes the
        // properties of every subtype, as for any other `oneOf` part.
        (
            format!(
                "    Actor: {{oneOf: [{bot}, {user}]}}\n    Bot: {{allOf: [{actor}, {{type: object, properties: {{id: {S}}}}}]}}\n    \
                 User: {{allOf: [{actor}, {{type: object, properties: {{email: {S}}}}}]}}\n    Audit: {{allOf: [{actor}, {{type: object, properties: {{at: {S}}}}}]}}\n",
                bot = r("Bot"),
                user = r("User"),
                actor = r("Actor")
            ),
            &[
                "Actor=Bot|User",
                "Audit{id: String, email: String, at: String}",
                "Bot{id: String}",
                "User{email: String}",
            ],
        ),
    ];
    for (schemas, expected) in cases {
        let api = lower(&schemas).unwrap_or_else(|e| panic!("{schemas}\n{e}"));
        assert_eq!(shapes(&api), *expected, "{schemas}");
    }
}

#[test]
fn cycles_through_a_property_an_item_or_a_map_value_are_typed() {
    let cases: Vec<(String, &[&str])> = vec![
        // A node tree from traits: the traits' `children` are nodes again (a schema shared by
        // two node types, reached again through the union).
        (
            format!(
                "    Node: {{oneOf: [{frame}, {group}]}}\n    Frame: {{allOf: [{{type: object, properties: {{t: {S}}}}}, {traits}]}}\n    \
                 Group: {{allOf: [{{type: object, properties: {{g: {S}}}}}, {traits}]}}\n    \
                 Traits: {{type: object, properties: {{children: {{type: array, items: {node}}}}}}}\n",
                frame = r("Frame"),
                group = r("Group"),
                traits = r("Traits"),
                node = r("Node")
            ),
            &[
                "Frame{t: String, children: [Node]}",
                "Group{g: String, children: [Node]}",
                "Node=Frame|Group",
                "Traits{children: [Node]}",
            ],
        ),
        // A type system: a union whose members hold the union again, directly (one box) or in
        // a list (none).
        (
            format!(
                "    Type: {{oneOf: [{S}, {st}, {list}]}}\n    Struct: {{type: object, properties: {{fields: {{type: array, items: {ty}}}}}}}\n    \
                 List: {{type: object, properties: {{element: {ty}}}}}\n",
                st = r("Struct"),
                list = r("List"),
                ty = r("Type")
            ),
            &["List{element: Type}", "Struct{fields: [Type]}", "Type=String|Struct|Box<List>"],
        ),
        (format!("    A: {{type: array, items: {a}}}\n", a = r("A")), &["A([A])"]),
        (
            format!("    A: {{type: object, additionalProperties: {a}}}\n", a = r("A")),
            &[
                "A(Map(Schema { ty: Named(\"A\"), nullable: false, constraints: Constraints { pattern: None, min_length: None, max_length: None, minimum: None, maximum: None, multiple_of: None, min_items: None, max_items: None, unique_items: false, allowed: [], format: None } }))",
            ],
        ),
        (format!("    A: {{type: object, properties: {{next: {a}}}}}\n", a = r("A")), &["A{next: Box<A>}"]),
    ];
    for (schemas, expected) in cases {
        let api = lower(&schemas).unwrap_or_else(|e| panic!("{schemas}\n{e}"));
        assert_eq!(shapes(&api), *expected, "{schemas}");
    }
}

#[test]
fn a_cycle_with_nothing_in_between_is_one_located_error_naming_it() {
    let cases: Vec<(String, &str)> = vec![
        (
            format!("    A: {{allOf: [{a}]}}\n", a = r("A")),
            "error: t.yaml: at /components/schemas/A: the schema contains itself with no object, array or map in between: A → A\n",
        ),
        (
            format!(
                "    A: {{oneOf: [{b}, {S}]}}\n    B: {{oneOf: [{a}, {{type: integer}}]}}\n",
                a = r("A"),
                b = r("B")
            ),
            "error: t.yaml: at /components/schemas/A: the schema contains itself with no object, array or map in between: A → B → A\n",
        ),
        (
            format!(
                "    A: {{allOf: [{b}, {{type: object, properties: {{x: {S}}}}}]}}\n    B: {{allOf: [{a}, {{type: object, properties: {{y: {S}}}}}]}}\n",
                a = r("A"),
                b = r("B")
            ),
            "error: t.yaml: at /components/schemas/B/allOf/0: `allOf` parts refer back to themselves (a `$ref` cycle): A → B → A\n",
        ),
    ];
    for (schemas, expected) in cases {
        assert_eq!(lower(&schemas).err().as_deref(), Some(expected), "{schemas}");
    }
}

/// A document whose `allOf` parts fan out and share every level (a diamond per level) merges
/// each shared part once, so lowering stays linear in its size.
#[test]
fn shared_all_of_parts_are_merged_once() {
    let mut schemas = format!("    L0: {{type: object, properties: {{p0: {S}}}}}\n");
    for level in 1..40 {
        let below = r(&format!("L{}", level - 1));
        schemas.push_str(&format!(
            "    L{level}: {{allOf: [{below}, {below}, {{type: object, properties: {{p{level}: {S}}}}}]}}\n"
        ));
    }
    let api = lower(&schemas).unwrap();
    let TypeKind::Struct(top) = &api.types["L39"].kind else { panic!() };
    assert_eq!(top.fields.len(), 40);
}

/// Alternatives that share their parts at every level would expand exponentially: lowering
/// stops at its budget with one error naming where it was, instead of exhausting memory.
#[test]
fn an_expansion_past_the_budget_is_one_located_error() {
    let mut schemas = format!("    L0: {{type: object, properties: {{p0: {S}}}}}\n");
    for level in 1..40 {
        let below = r(&format!("L{}", level - 1));
        schemas.push_str(&format!(
            "    L{level}: {{type: object, properties: {{p{level}: {S}}}, oneOf: [{below}, {below}]}}\n"
        ));
    }
    let report = lower(&schemas).unwrap_err();
    let errors: Vec<&str> = report.lines().filter(|line| line.starts_with("error")).collect();
    let [error] = errors.as_slice() else { panic!("one error: {report}") };
    assert!(
        error.starts_with("error: t.yaml: at /components/schemas/L")
            && error.contains(": the schemas expand beyond what the document's size can need (more than 13248 steps of lowering); stopped while lowering L"),
        "{error}"
    );
}
