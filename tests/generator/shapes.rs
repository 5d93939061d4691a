//! Real-world shapes through the generated types: unions (untagged and discriminated), recursive
//! aliases, optional-and-nullable fields, readOnly/writeOnly, and names that need care.

use serde_json::{Value, json};
use unions_fixture::{Cat, Dog, IdOrName, Pet, Record, Trace, TraceItem, Validate};

fn parse<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

#[test]
fn a_discriminator_chooses_the_variant_by_mapping_or_by_schema_name() {
    let dog: Pet = parse(json!({"pet_type": "doggo", "bark": "woof"}));
    assert_eq!(dog, Pet::Dog(Dog { pet_type: "doggo".into(), bark: "woof".into() }));
    let cat: Pet = parse(json!({"pet_type": "Cat", "lives": 3}));
    assert_eq!(cat, Pet::Cat(Cat { pet_type: "Cat".into(), lives: Some(3) }));
    // A value no variant names is kept, not refused: newer servers break nothing.
    let bird: Pet = parse(json!({"pet_type": "bird", "wings": 2}));
    assert_eq!(bird, Pet::Other(json!({"pet_type": "bird", "wings": 2})));
    // A value the named variant cannot hold is not refused: the schema decides, as in a union
    // without a discriminator (here only `Cat` is valid), else it is kept whole.
    let catlike: Pet = parse(json!({"pet_type": "doggo"}));
    assert_eq!(catlike, Pet::Cat(Cat { pet_type: "doggo".into(), lives: None }));
    let neither = json!({"pet_type": "doggo", "lives": "many"});
    assert_eq!(parse::<Pet>(neither.clone()), Pet::Other(neither));
    // ... but not one that would lose what the value has (`wings` is no property of a `Cat`).
    let winged = json!({"pet_type": "doggo", "wings": 2});
    assert_eq!(parse::<Pet>(winged.clone()), Pet::Other(winged));
    // Serialized as the variant itself, discriminator included.
    assert_eq!(serde_json::to_value(&dog).unwrap(), json!({"pet_type": "doggo", "bark": "woof"}));
}

/// Okta's key sets: a variant that does not declare the property the union is told apart by
/// is sent with the value that names it, so the server can tell; one that declares it writes its
/// own. Read back, each is the same variant.
#[test]
fn a_variant_without_the_discriminator_property_is_sent_with_it() {
    use unions_fixture::{EncryptionKey, EncryptionKeyUse, KeySet, SigningKey};
    let signing = KeySet::from(SigningKey::new("k1"));
    let sent = serde_json::to_value(&signing).unwrap();
    assert_eq!(sent, json!({"kid": "k1", "use": "sig"}));
    assert_eq!(parse::<KeySet>(sent), signing);
    let encryption = KeySet::from(EncryptionKey::new("k2", EncryptionKeyUse::Enc));
    assert_eq!(serde_json::to_value(&encryption).unwrap(), json!({"kid": "k2", "use": "enc"}));
    let other = KeySet::Other(json!({"kid": "k3"}));
    assert_eq!(serde_json::to_value(&other).unwrap(), json!({"kid": "k3"}));
}

/// References with siblings: `{type: object, $ref}` (Okta) is the referenced union itself, and
/// `allOf: [$ref, {type: object, nullable: true}]` (Asana) a nullable reference, whose `null`
/// round-trips.
#[test]
fn references_with_an_object_type_beside_them_are_the_referenced_type() {
    use unions_fixture::{KeyHolder, KeySet, SigningKey};
    let example = json!({"key": {"kid": "k1", "use": "sig"}, "signer": null});
    let holder: KeyHolder = parse(example.clone());
    assert_eq!(holder.key, Some(KeySet::SigningKey(SigningKey::new("k1"))));
    assert_eq!(holder.signer, Some(None));
    assert_eq!(serde_json::to_value(&holder).unwrap(), example);
    let signed = KeyHolder::default().signer(SigningKey::new("k2"));
    assert_eq!(serde_json::to_value(&signed).unwrap(), json!({"signer": {"kid": "k2"}}));
}

/// Linode's request bodies: a later `allOf` part that only marks a property read-only leaves
/// its type, nullability and docs to the part before it.
#[test]
fn a_part_that_only_annotates_a_property_keeps_its_earlier_type() {
    use unions_fixture::Volume;
    let example = json!({"size": 30, "linode_id": null});
    let volume: Volume = parse(example.clone());
    assert_eq!((volume.size, volume.linode_id), (Some(30), Some(None)));
    assert_eq!(serde_json::to_value(&volume).unwrap(), example);
    let attached: Volume = parse(json!({"linode_id": 7}));
    assert_eq!(attached.linode_id, Some(Some(7)));
}

/// Linode's cluster ACL and Okta's `_embedded`: a property two `allOf` parts give as objects
/// has the properties of both (and the earlier part's `required`), and a map in one keeps the
/// entries the other does not name.
#[test]
fn a_property_two_parts_give_as_objects_has_both_parts_properties() {
    use unions_fixture::{Cluster, ClusterAcl};
    let example = json!({"acl": {"enabled": true, "revision": "r1"}, "embedded": {"blocks": ["b"], "user": {"id": "u1"}}});
    let cluster: Cluster = parse(example.clone());
    assert_eq!(cluster.acl, Some(ClusterAcl::new(true).revision("r1")));
    let embedded = cluster.embedded.as_ref().unwrap();
    assert_eq!(embedded.blocks, Some(vec!["b".to_owned()]));
    assert_eq!(embedded.additional_properties["user"]["id"], json!("u1"));
    assert_eq!(serde_json::to_value(&cluster).unwrap(), example);
    // `enabled` is required by the earlier part, so an ACL without it is not a `ClusterAcl`.
    assert!(serde_json::from_value::<ClusterAcl>(json!({"revision": "r2"})).is_err());
}

/// OpenAI's specs: a discriminator without a mapping, each variant pinning the property to
/// its own value, which is then what names it (the schema's name never could).
#[test]
fn a_discriminator_without_mapping_uses_the_values_each_variant_pins() {
    use unions_fixture::{Citation, FileCitation, UrlCitation};
    let url = json!({"type": "url_citation", "url": "https://example.com"});
    let citation: Citation = parse(url.clone());
    assert!(
        matches!(&citation, Citation::UrlCitation(UrlCitation { url, .. }) if url == "https://example.com")
    );
    assert_eq!(serde_json::to_value(&citation).unwrap(), url);
    let file: Citation = parse(json!({"type": "file_citation", "file_id": "f1"}));
    assert!(matches!(file, Citation::FileCitation(FileCitation { file_id, .. }) if file_id == "f1"));
    // The schema's name is no value of `type` here: such a value is valid for no variant.
    let named = json!({"type": "UrlCitation", "url": "u"});
    assert_eq!(parse::<Citation>(named.clone()), Citation::Other(named));
}

/// Alternatives among an object's parts that give one property different schemas: the field
/// takes a value of any (OpenAI's events, whose `delta` is text in one and an object in another).
#[test]
fn a_property_the_alternatives_give_differently_takes_any_of_their_values() {
    use unions_fixture::{StreamEvent, StreamEventDelta, StreamEventType};
    for event in [
        json!({"type": "shell.delta", "delta": {"stdout": "ok"}, "stream_id": "s1"}),
        json!({"type": "text.delta", "delta": "hi"}),
    ] {
        let parsed: StreamEvent = parse(event.clone());
        assert_eq!(parsed.validate(), Ok(()), "{event}");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), event);
    }
    let text: StreamEvent = parse(json!({"type": "text.delta", "delta": "hi"}));
    assert_eq!(text.r#type, StreamEventType::TextDelta);
    assert!(matches!(text.delta, StreamEventDelta::String(s) if s == "hi"));
}

/// Undeclared properties whose values are a checked type are checked at their own names.
#[test]
fn undeclared_properties_of_a_checked_type_are_checked_where_they_are() {
    use unions_fixture::Metadata;
    let good = json!({"cost": 1.5, "plan": "pro", "seats": 3});
    let metadata: Metadata = parse(good.clone());
    assert_eq!(metadata.validate(), Ok(()));
    assert_eq!(serde_json::to_value(&metadata).unwrap(), good);
    let plan = unions_fixture::MetadataValue::String("enterprise".into());
    let bad = Metadata { cost: None, additional_properties: [("plan".to_owned(), plan)].into() };
    let errors = bad.validate().unwrap_err();
    let found: Vec<(String, String)> =
        errors.violations.iter().map(|v| (v.pointer.to_string(), v.rule.to_string())).collect();
    assert_eq!(found, [("/plan".to_owned(), "maxLength 8".to_owned())], "{errors}");
}

#[test]
fn untagged_unions_take_the_variant_the_value_is_valid_for() {
    for (input, expected) in [
        (json!(5), IdOrName::Integer(5)),
        // `minimum: 1` and `minLength: 1` rule these out: no variant, so kept whole.
        (json!(0), IdOrName::Other(json!(0))),
        (json!(""), IdOrName::Other(json!(""))),
        (json!("rex"), IdOrName::String("rex".into())),
        (json!([{"pet_type": "Cat"}]), IdOrName::CatList(vec![Cat { pet_type: "Cat".into(), lives: None }])),
        (json!(true), IdOrName::Other(json!(true))),
    ] {
        let parsed: IdOrName = parse(input.clone());
        assert_eq!(parsed, expected, "{input}");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }
}

#[test]
fn validation_reaches_into_union_variants() {
    let dog = Pet::Dog(Dog { pet_type: "doggo".into(), bark: "woooof".into() });
    let errors = dog.validate().unwrap_err();
    assert_eq!(errors.violations[0].pointer, "/bark");
    assert_eq!(errors.violations[0].rule, "maxLength 5");
    let zero = IdOrName::Integer(0).validate().unwrap_err();
    assert_eq!((zero.violations[0].pointer.as_str(), zero.violations[0].rule.as_str()), ("", "minimum 1"));
    assert!(IdOrName::String("x".into()).validate().is_ok());
}

#[test]
fn a_recursive_alias_round_trips() {
    let input = json!([{"step": "a", "trace": [{"step": "b", "trace": []}]}]);
    let trace: Trace = parse(input.clone());
    let inner = trace.0[0].trace.as_ref().unwrap();
    assert_eq!(inner.0[0], TraceItem { step: Some("b".into()), trace: Some(Trace(vec![])) });
    assert_eq!(serde_json::to_value(&trace).unwrap(), input);
}

fn record(nickname: Option<Option<String>>) -> Record {
    let mut record: Record = parse(json!({"name": "n"}));
    record.nickname = nickname;
    record
}

#[test]
fn optional_nullable_fields_tell_absent_from_null() {
    for (input, expected) in [
        (json!({"name": "n"}), None),
        (json!({"name": "n", "nickname": null}), Some(None)),
        (json!({"name": "n", "nickname": "ab"}), Some(Some("ab".to_owned()))),
    ] {
        let parsed: Record = parse(input.clone());
        assert_eq!(parsed.nickname, expected, "{input}");
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input, "round trip of {input}");
    }
    assert_eq!(serde_json::to_value(record(Some(None))).unwrap(), json!({"name": "n", "nickname": null}));
    let too_long = record(Some(Some("abcd".into()))).validate().unwrap_err();
    assert_eq!(too_long.violations[0].pointer, "/nickname");
    assert!(record(Some(None)).validate().is_ok(), "null is allowed");
}

#[test]
fn read_only_and_write_only_fields_are_not_required_either_way() {
    // `id` (readOnly) and `secret` (writeOnly) are required in the spec, yet a request carries
    // no `id` and a response no `secret`.
    let response: Record = parse(json!({"id": "r1", "name": "n"}));
    assert_eq!((response.id.as_deref(), response.secret.as_deref()), (Some("r1"), None));
    let request = Record { secret: Some("s".into()), ..record(None) };
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"name": "n", "secret": "s"}));
}

#[test]
fn awkward_property_names_keep_their_wire_names() {
    let input = json!({"name": "n", "Größe": 3, "🐶": "woof", "a-b": "1", "a_b": "2", "Self": "s", "": "e", "default": "d"});
    let parsed: Record = parse(input.clone());
    assert_eq!(parsed.grosse, Some(3));
    assert_eq!(parsed.dog.as_deref(), Some("woof"));
    assert_eq!((parsed.a_b.as_deref(), parsed.a_b2.as_deref()), (Some("1"), Some("2")));
    assert_eq!(parsed.self_.as_deref(), Some("s"));
    assert_eq!(parsed.value.as_deref(), Some("e"));
    assert_eq!(parsed.default.as_deref(), Some("d"));
    assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
}

#[test]
fn enum_values_that_collide_as_identifiers_stay_distinct() {
    use unions_fixture::VecType;
    let values = ["a-b", "a_b", "A B", "1", "", "self"];
    let parsed: Vec<VecType> = values.iter().map(|v| parse(json!(v))).collect();
    let unique: std::collections::BTreeSet<_> = parsed.iter().collect();
    assert_eq!(unique.len(), values.len(), "{parsed:?}");
    assert!(parsed.iter().all(|v| !matches!(v, VecType::Unknown(_))), "{parsed:?}");
    for (value, variant) in values.iter().zip(&parsed) {
        assert_eq!(variant.as_str(), *value);
        assert_eq!(serde_json::to_value(variant).unwrap(), json!(value));
    }
}

#[test]
fn mutually_recursive_types_round_trip() {
    use unions_fixture::{TreeA, TreeB};
    let input = json!({"b": {"a": {"b": {}}, "many": [{"b": {"many": []}}]}});
    let tree: TreeA = parse(input.clone());
    let inner = tree.b.as_ref().unwrap().a.as_ref().unwrap();
    assert_eq!(**inner, TreeA { b: Some(TreeB { a: None, many: None }) });
    assert_eq!(serde_json::to_value(&tree).unwrap(), input);
}

#[test]
fn references_to_request_bodies_and_responses_resolve_through_alias_chains() {
    use unions_fixture::{AddPet, Operation};
    let dog = Pet::Dog(Dog { pet_type: "doggo".into(), bark: "woof".into() });
    let request = AddPet { body: &dog }.to_request("https://unions.example.com").unwrap();
    assert_eq!(request.body(), br#"{"pet_type":"doggo","bark":"woof"}"#);
    let response = http::Response::new(br#"{"pet_type":"Cat"}"#.to_vec());
    assert!(matches!(AddPet::parse_response(response).unwrap(), Pet::Cat(_)));
    // The `default` response is an error.
    let problem = http::Response::builder().status(500).body(br#"{"message":"x"}"#.to_vec()).unwrap();
    assert!(AddPet::parse_response(problem).is_err());
}

#[test]
fn a_struct_is_never_read_from_an_array() {
    use unions_fixture::Condition;
    let error = serde_json::from_value::<Condition>(json!(["a", "b"])).unwrap_err();
    assert!(error.to_string().contains("expected a JSON object"), "{error}");
    let condition: Condition = parse(json!({"field": "a", "value": "b"}));
    assert_eq!((condition.field.as_deref(), condition.value.as_deref()), (Some("a"), Some("b")));
}

#[test]
fn a_string_with_stray_object_keywords_is_a_string() {
    use unions_fixture::Condition;
    let condition: Condition = parse(json!({"token": "ab"}));
    assert_eq!(condition.token.as_deref(), Some("ab"));
    let short = Condition { token: Some("a".into()), ..Condition::default() };
    let errors = short.validate().unwrap_err();
    assert_eq!(
        (errors.violations[0].pointer.as_str(), errors.violations[0].rule.as_str()),
        ("/token", "minLength 2")
    );
    let spec = crate::support::fixture("specs/unions.yaml");
    let (_, warnings) = generator::generate("unions.yaml", &spec, &generator::Settings::default()).unwrap();
    let warning =
        warnings.warnings().map(ToString::to_string).find(|w| w.contains("/components/schemas/Token"));
    assert_eq!(
        warning.as_deref(),
        Some(
            "warning: unions.yaml: at /components/schemas/Token: `type: string` conflicts with `properties`, \
             `required`; the type wins and those are ignored"
        )
    );
}

#[test]
fn a_union_variant_matches_only_values_valid_for_its_schema() {
    use unions_fixture::{Account, Circle, Code, Condition, Filter, Shape};
    // The enum value tells the shapes apart: no `Circle` with an unknown kind, `side` kept.
    let square: Shape = parse(json!({"kind": "square", "side": 2.0}));
    assert!(matches!(&square, Shape::Square(s) if s.side == 2.0), "{square:?}");
    assert_eq!(serde_json::to_value(&square).unwrap(), json!({"kind": "square", "side": 2.0}));
    let circle: Shape = parse(json!({"kind": "circle", "radius": 1.5}));
    assert!(matches!(circle, Shape::Circle(Circle { radius, .. }) if radius == 1.5));
    // Required properties decide too; a value valid for no variant is kept whole.
    let neither = json!({"kind": "square", "radius": 1.0});
    assert_eq!(parse::<Shape>(neither.clone()), Shape::Other(neither));
    let triangle = json!({"kind": "triangle", "side": 1.0});
    assert_eq!(parse::<Shape>(triangle.clone()), Shape::Other(triangle));

    // A list of conditions is the list, never a struct filled in order.
    let list: Filter = parse(json!([{"field": "a", "value": "b"}]));
    assert!(matches!(&list, Filter::ConditionList(items) if items.len() == 1), "{list:?}");
    let pair = json!(["a", "b"]);
    assert_eq!(parse::<Filter>(pair.clone()), Filter::Other(pair), "strings are no conditions");
    let one: Filter = parse(json!({"field": "x"}));
    assert!(matches!(one, Filter::Condition(Condition { field: Some(f), .. }) if f == "x"));

    // Overlapping branches: the one that keeps the most properties, whatever the order.
    let linked = json!({"name": "n", "provider": "okta", "linked_at": "2024-01-02T03:04:05Z"});
    let account: Account = parse(linked.clone());
    assert!(matches!(account, Account::LinkedAccount(_)), "{account:?}");
    assert_eq!(serde_json::to_value(&account).unwrap(), linked);
    assert!(matches!(parse::<Account>(json!({"name": "n"})), Account::BasicAccount(_)), "first on a tie");
    // A format is part of the schema: a bad date-time is not a LinkedAccount.
    let bad_date = json!({"name": "n", "linked_at": "yesterday"});
    assert!(matches!(parse::<Account>(bad_date), Account::BasicAccount(_)));

    // Constraints decide between variants of the same JSON type.
    assert!(matches!(parse::<Code>(json!("123")), Code::String(_)));
    assert!(matches!(parse::<Code>(json!("5f0c6b1e-8d3a-4d5e-9f00-7e2b3c4d5e6f")), Code::Uuid(_)));
    assert!(matches!(parse::<Code>(json!("abc")), Code::String2(_)));
    assert_eq!(parse::<Code>(json!("")), Code::Other(json!("")));
}

#[test]
fn null_chooses_the_variant_where_the_property_is_nullable() {
    use unions_fixture::{Annotation, RuleUpdate, SpamRuleUpdate};
    // `metadata: null` is a value of the spam rule alone (the keyword rule's is not nullable),
    // whichever comes first; serde's `Option` alone reads the null as absent and loses it.
    let cleared = json!({"name": "spam", "metadata": null});
    let update: RuleUpdate = parse(cleared.clone());
    assert!(
        matches!(&update, RuleUpdate::SpamRuleUpdate(SpamRuleUpdate { metadata: Some(None), .. })),
        "{update:?}"
    );
    assert_eq!(serde_json::to_value(&update).unwrap(), cleared);
    // Without the null, the first variant that keeps everything is taken, as before.
    let renamed: RuleUpdate = parse(json!({"name": "spam"}));
    assert!(matches!(renamed, RuleUpdate::KeywordRuleUpdate(_)), "{renamed:?}");
    let keywords = json!({"metadata": {"keywords": ["a"]}});
    assert!(matches!(parse::<RuleUpdate>(keywords), RuleUpdate::KeywordRuleUpdate(_)));

    // A value valid for no variant because of such a null (servers send them where specs forget
    // `nullable`) is still the closest variant, read leniently, not an untyped `Other`.
    let block = json!({"type": "note", "metadata": null, "colour": "red"});
    let read: unions_fixture::Block = parse(block);
    assert!(
        matches!(&read, unions_fixture::Block::AnyBlock(b) if b.metadata.is_none() && b.additional_properties["colour"] == "red"),
        "{read:?}"
    );

    // A required nullable property left out is no `null`: the value is the variant without it.
    use unions_fixture::{Member, Profile};
    let handle = json!({"id": "1"});
    let member: Member = parse(handle.clone());
    assert!(matches!(member, Member::Handle(_)), "{member:?}");
    assert_eq!(serde_json::to_value(&member).unwrap(), handle);
    let member: Member = parse(json!({"id": "1", "avatar": null}));
    assert!(matches!(member, Member::Profile(Profile { avatar: None, .. })), "{member:?}");
    // Outside a union a server that leaves it out is not refused.
    assert_eq!(parse::<Profile>(handle).avatar, None);

    // A union with a branch that allows `null` (Box's nullable empty object) is nullable: an
    // optional field of it keeps the `null`.
    let job: unions_fixture::Job = parse(json!({"id": "j1", "output": null}));
    assert_eq!(job.output, Some(None));
    assert_eq!(serde_json::to_value(&job).unwrap(), json!({"id": "j1", "output": null}));

    // Outside a union, null in a non-nullable optional property is read leniently as absent.
    let lenient: unions_fixture::KeywordRuleUpdate = parse(json!({"metadata": null}));
    assert_eq!(lenient.metadata, None);
    // A property that allows any value keeps its `null`: present, and sent again.
    let annotation: Annotation = parse(json!({"value": null}));
    assert_eq!(annotation.value, Some(Value::Null));
    assert_eq!(serde_json::to_value(&annotation).unwrap(), json!({"value": null}));
    assert_eq!(serde_json::to_value(parse::<Annotation>(json!({}))).unwrap(), json!({}));
}

#[test]
fn alternatives_inside_an_object_keep_the_properties_of_each() {
    use unions_fixture::AppConfig;
    for value in
        [json!({"account_app_id": "a", "priority": 1}), json!({"managed_app_id": "m", "priority": 2})]
    {
        let config: AppConfig = parse(value.clone());
        assert_eq!(serde_json::to_value(&config).unwrap(), value);
    }
    let config: AppConfig = parse(json!({"managed_app_id": "m", "priority": 2}));
    assert_eq!(
        (config.account_app_id, config.priority),
        (None, 2),
        "only what every alternative requires is"
    );
}

#[test]
fn properties_the_schema_allows_beyond_those_it_names_are_kept() {
    use unions_fixture::{AnyBlock, Block, Series};
    // Cloudflare Radar's shape: the series themselves are the undeclared properties.
    let input = json!({"timestamps": ["t0"], "chrome": ["1.5"], "firefox": ["0.5"]});
    let series: Series = parse(input.clone());
    assert_eq!(series.additional_properties["chrome"], ["1.5"]);
    assert_eq!(serde_json::to_value(&series).unwrap(), input);
    // Their values are checked as the schema says, each at its own name.
    let long = Series { additional_properties: [("edge".into(), vec!["123456789".into()])].into(), ..series };
    let error = long.validate().unwrap_err();
    assert_eq!(error.violations[0].pointer, "/edge/0");
    // A value of the wrong type for them is no `Series`.
    assert!(serde_json::from_value::<Series>(json!({"timestamps": [], "x": 1})).is_err());

    // In a union, the open variant keeps what only another variant names.
    let free = json!({"type": "free", "text": "hi"});
    let block: Block = parse(free.clone());
    assert!(
        matches!(&block, Block::AnyBlock(AnyBlock { additional_properties, .. })
        if additional_properties["text"] == "hi"),
        "{block:?}"
    );
    assert_eq!(serde_json::to_value(&block).unwrap(), free);
    let text: Block = parse(json!({"type": "text", "text": "hi"}));
    assert!(matches!(text, Block::TextBlock(_)), "{text:?}");
}

#[test]
fn a_ref_with_nullable_beside_it_is_nullable_in_json_as_in_yaml() {
    use generator::ir::{TypeKind, TypeRef};
    let document = json!({
        "openapi": "3.0.2",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Holder": {"type": "object", "properties": {
                "thing": {"$ref": "#/components/schemas/Thing", "nullable": true, "description": "Or null."}
            }}
        }}
    });
    let as_json = serde_json::to_string_pretty(&document).unwrap();
    let as_yaml = serde_yaml::to_string(&document).unwrap();
    for (file, text) in [("spec.json", as_json), ("spec.yaml", as_yaml)] {
        let (api, _) = generator::lower(&generator::load(file, &text).unwrap()).unwrap();
        let TypeKind::Struct(holder) = &api.types["Holder"].kind else {
            panic!("{file}: Holder is a struct")
        };
        let thing = &holder.fields[0].schema;
        assert_eq!(thing.ty, TypeRef::Named("Thing".into()), "{file}");
        assert!(thing.nullable, "{file}: `nullable` beside the `$ref` is kept");
    }
}

#[test]
fn a_union_inside_a_union_variant_is_decided_by_its_own_schemas() {
    use unions_fixture::{Account, LinkedAccount, Roster, RosterVariant0};
    let input = json!({"members": [{"name": "n", "provider": "okta"}, {"name": "m"}]});
    let roster: Roster = parse(input.clone());
    let Roster::Variant0(RosterVariant0 { members }) = &roster else { panic!("{roster:?}") };
    assert!(
        matches!(&members[0], Account::LinkedAccount(LinkedAccount { provider: Some(p), .. }) if p == "okta")
    );
    assert!(matches!(&members[1], Account::BasicAccount(_)), "{members:?}");
    assert_eq!(serde_json::to_value(&roster).unwrap(), input);
}
