//! Recursive schemas through the generated types: trees several levels deep decode to the
//! variants their schemas say, encode back unchanged, and are validated at every depth.

use recursive_fixture::{
    Actor, Car, Catalog, Comment, Expression, Message, Note, Place, Query, SearchResponse, SubcanvasNode,
    TableSchema, Type, Validate, Vehicle,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// Decodes `value` as `T`, and checks it encodes back to the very same JSON.
fn round_trip<T: DeserializeOwned + Serialize>(value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: {e}"));
    assert_eq!(&serde_json::to_value(&typed).unwrap(), value);
    typed
}

/// Two hierarchies, one inside the other: a comment's replies are messages again, and its
/// senders are actors of either kind.
#[test]
fn inheritance_hierarchies_decode_each_value_as_its_subtype() {
    let thread = json!([{
        "type": "COMMENT", "text": "top",
        "senders": [{"type": "USER", "id": "u1", "email": "a@example.com"}, {"type": "BOT", "id": "b1"}],
        "replies": [
            {"type": "NOTE", "author": {"type": "BOT", "id": "b2"}},
            {"type": "COMMENT", "text": "deeper", "senders": [],
             "replies": [{"type": "COMMENT", "text": "deepest", "senders": [{"type": "BOT", "id": "b3"}]}]},
        ],
    }]);
    let messages: Vec<Message> = round_trip(&thread);
    let Message::Comment(Comment { senders, replies: Some(replies), .. }) = &messages[0] else { panic!() };
    assert!(
        matches!(&senders[..], [Actor::UserActor(u), Actor::BotActor(_)] if u.email.as_deref() == Some("a@example.com"))
    );
    assert!(matches!(&replies[0], Message::Note(Note { author: Actor::BotActor(b), .. }) if b.id == "b2"));
    let Message::Comment(Comment { replies: Some(deeper), .. }) = &replies[1] else { panic!() };
    assert!(matches!(&deeper[0], Message::Comment(c) if c.text == "deepest"));
    // A subtype the base does not list stays a value, not a misread one.
    let stranger: Actor = round_trip(&json!({"type": "ROBOT", "id": "r"}));
    assert!(matches!(stranger, Actor::Other(_)));
}

/// springdoc's shape, with a discriminator: a car tows a vehicle, which may be a car again.
#[test]
fn a_discriminated_hierarchy_nests_through_its_subtypes() {
    let fleet = json!({"fleet": [{"kind": "car", "id": 1, "seats": 4, "towing":
        {"kind": "car", "id": 2, "seats": 2, "towing": {"kind": "trailer", "id": 3, "axles": 2}}}]});
    let response: SearchResponse = round_trip(&fleet);
    let Vehicle::Car(car) = &response.fleet.as_ref().unwrap()[0] else { panic!() };
    let Some(Vehicle::Car(towed)) = &car.towing else { panic!() };
    assert!(matches!(&towed.towing, Some(Vehicle::Trailer(t)) if t.axles == 2));
    // A constraint three levels down is checked where it is.
    let mut bad = fleet.clone();
    bad["fleet"][0]["towing"]["seats"] = json!(0);
    let errors = serde_json::from_value::<SearchResponse>(bad).unwrap().validate().unwrap_err();
    assert_eq!(errors.violations[0].pointer, "/fleet/0/towing/seats");
    let _: &Car = car;
}

/// Polaris's shape: a base that names its subtypes only in its discriminator's mapping is their
/// union, so an external catalog keeps its own properties (a struct of the base's would drop
/// them), and one mirroring another nests.
#[test]
fn a_base_whose_mapping_names_its_subtypes_is_their_union() {
    let external = json!({"type": "EXTERNAL", "name": "lake", "uri": "https://a.example",
        "mirrors": {"type": "INTERNAL", "name": "origin", "place": {"@type": "GeographicAddress", "id": "p1"}}});
    let catalog: Catalog = round_trip(&external);
    let Catalog::ExternalCatalog(outer) = &catalog else { panic!("{catalog:?}") };
    assert_eq!(outer.uri, "https://a.example");
    let Some(Catalog::InternalCatalog(inner)) = outer.mirrors.as_deref() else { panic!("{outer:?}") };
    assert_eq!(inner.name, "origin");
    // A base that maps to itself too stays a struct: a value of it is valid on its own.
    let place: &Place = inner.place.as_ref().unwrap();
    assert_eq!((place.r#type.as_str(), place.id.as_deref()), ("GeographicAddress", Some("p1")));
    // The tag chooses; a value the tag cannot name is kept whole.
    assert!(matches!(round_trip::<Catalog>(&json!({"type": "FOREIGN", "name": "x"})), Catalog::Other(_)));
    let mut bad = external.clone();
    bad["mirrors"]["name"] = json!("");
    let errors = serde_json::from_value::<Catalog>(bad).unwrap().validate().unwrap_err();
    assert_eq!(errors.violations[0].pointer, "/mirrors/name");
}

/// A design tool's node tree: frames hold components hold frames, through a trait's `children`.
#[test]
fn node_trees_built_from_traits_nest_to_any_depth() {
    let tree = json!({"type": "FRAME", "id": "1", "children": [
        {"type": "COMPONENT", "id": "2", "children": [
            {"type": "FRAME", "id": "3", "children": [{"type": "TEXT", "characters": "hi"}]},
        ]},
        {"type": "TEXT"},
    ]});
    let node: SubcanvasNode = round_trip(&tree);
    let SubcanvasNode::FrameNode(frame) = &node else { panic!("{node:?}") };
    let SubcanvasNode::ComponentNode(component) = &frame.children[0] else { panic!() };
    let SubcanvasNode::FrameNode(inner) = &component.children[0] else { panic!() };
    assert!(
        matches!(&inner.children[0], SubcanvasNode::TextNode(t) if t.characters.as_deref() == Some("hi"))
    );
}

/// A type system: a table's schema extends the struct type, whose fields hold types of every
/// kind, nested; the client sends it and reads it back.
#[test]
fn a_type_system_round_trips_as_a_request_and_a_response() {
    let schema = json!({
        "type": "struct", "identifier-field-ids": [1],
        "fields": [
            {"id": 1, "name": "id", "type": "long", "required": true},
            {"id": 2, "name": "tags", "required": false, "type":
                {"type": "map", "key-id": 3, "key": "string", "value-id": 4, "value-required": false, "value":
                    {"type": "list", "element-id": 5, "element-required": true, "element":
                        {"type": "struct", "fields": [{"id": 6, "name": "at", "type": "timestamp", "required": true}]}}}},
        ],
    });
    let table: TableSchema = round_trip(&schema);
    let Type::MapType(map) = &table.fields[1].r#type else { panic!() };
    let Type::ListType(list) = &*map.value else { panic!() };
    assert!(matches!(&list.element, Type::StructType(s) if s.fields[0].name == "at"));
    table.validate().unwrap();
    let request = recursive_fixture::PutTableSchema::new("orders", &table);
    let sent = recursive_fixture::Operation::to_request(&request, "https://catalog.example").unwrap();
    assert_eq!(serde_json::from_slice::<Value>(sent.body()).unwrap(), schema);
}

/// An expression tree: `not` holds an expression by value (boxed), `and` a list of them; a
/// bad leaf deep inside fails validation with its pointer.
#[test]
fn expression_trees_are_checked_at_every_depth() {
    let query = json!({"filter": {"not": {"and": [
        {"field": "a", "equals": [1.5, {"b": [true, "c"]}]},
        {"not": {"not": {"field": "d", "equals": "e"}}},
    ]}}});
    let parsed: Query = round_trip(&query);
    let Expression::NotExpression(not) = &parsed.filter else { panic!() };
    let Expression::AndExpression(and) = &*not.not else { panic!() };
    assert!(matches!(&and.and[1], Expression::NotExpression(_)));
    parsed.validate().unwrap();

    // Built in Rust (a value read from JSON that no variant accepts is kept whole in `Other`).
    let mut bad = parsed.clone();
    let Expression::NotExpression(not) = &mut bad.filter else { unreachable!() };
    let Expression::AndExpression(and) = &mut *not.not else { unreachable!() };
    let Expression::NotExpression(inner) = &mut and.and[1] else { unreachable!() };
    let Expression::NotExpression(innermost) = &mut *inner.not else { unreachable!() };
    let Expression::Comparison(leaf) = &mut *innermost.not else { unreachable!() };
    leaf.field.clear();
    let errors = bad.validate().unwrap_err();
    let found: Vec<(&str, &str)> =
        errors.violations.iter().map(|v| (v.pointer.as_str(), v.rule.as_str())).collect();
    assert_eq!(found, [("/filter/not/and/1/not/not/field", "minLength 1")]);
}

/// Lowering follows references depth first: a chain of thousands of schemas, each holding the
/// next, is as deep. It generates (it used to overflow the stack from about 700 on).
#[test]
fn a_chain_of_thousands_of_schemas_generates_every_link() {
    const LINKS: usize = 3_000;
    let schemas: serde_json::Map<String, Value> = (0..LINKS)
        .map(|i| {
            let next = match i + 1 < LINKS {
                true => json!({"$ref": format!("#/components/schemas/T{}", i + 1)}),
                false => json!({"type": "string"}),
            };
            (format!("T{i}"), json!({"type": "object", "properties": {"next": next}}))
        })
        .collect();
    let ok = json!({"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T0"}}}});
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Chain", "version": "1"},
        "paths": {"/t": {"get": {"operationId": "getT", "responses": {"200": ok}}}},
        "components": {"schemas": schemas},
    });
    let settings = generator::Settings { layout: generator::LayoutChoice::Flat, ..Default::default() };
    let (files, _) = generator::generate("chain.json", &spec.to_string(), &settings).unwrap();
    let types = &files.iter().find(|f| f.path == "src/types.rs").unwrap().contents;
    for i in [0, LINKS / 2, LINKS - 2] {
        // No cycle, so nothing is boxed.
        assert!(types.contains(&format!("pub next: Option<T{}>,", i + 1)), "T{i}");
    }
    assert_eq!(types.matches("\npub struct T").count(), LINKS);
}
