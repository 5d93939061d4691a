//! Generated types are built from their required fields alone and chained setters of the
//! optional ones, read an optional nullable field as one `Option`, and have one serde path:
//! `Type::deserialize` is the impl `serde_json::from_*` uses, for a struct, a union and an enum.

use serde::Deserialize;
use serde_json::{Value, json};

#[test]
fn a_struct_is_built_from_its_required_fields_and_setters() {
    use pet_store_fixture::{Kind, NewPet};
    let built = NewPet::new("Rex").kind(Kind::Dog).nickname("rexy").r#type("dog");
    let decoded: NewPet =
        serde_json::from_value(json!({"name": "Rex", "kind": "dog", "nickname": "rexy", "type": "dog"}))
            .unwrap();
    assert_eq!(built, decoded);
    // Nothing optional is sent unless set.
    assert_eq!(serde_json::to_value(NewPet::new("Rex")).unwrap(), json!({"name": "Rex"}));
}

#[test]
fn an_optional_nullable_field_is_set_to_a_value_or_null_and_read_as_one_option() {
    use unions_fixture::{Chain, Nullable};
    let absent = Chain::new("a");
    let null = Chain::new("a").next_null();
    let value = Chain::new("a").next(Chain::new("b"));
    let cases = [
        (&absent, json!({"label": "a"}), None, false),
        (&null, json!({"label": "a", "next": null}), None, true),
        (&value, json!({"label": "a", "next": {"label": "b"}}), Some("b"), false),
    ];
    for (chain, wire, next_label, is_null) in cases {
        assert_eq!(serde_json::to_value(chain).unwrap(), wire);
        assert_eq!(&serde_json::from_value::<Chain>(wire.clone()).unwrap(), chain, "{wire}");
        assert_eq!(chain.next.value().map(|next| next.label.as_str()), next_label, "{wire}");
        assert_eq!(chain.next.is_null(), is_null, "{wire}");
    }
}

#[test]
fn a_struct_with_nothing_required_is_default_and_setters() {
    use cloudflare_zero_trust_organization::OrganizationUpdate;
    let update = OrganizationUpdate::default().name("Widget Corps").is_ui_read_only(true);
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"name": "Widget Corps", "is_ui_read_only": true})
    );
}

/// A union takes each variant's value through `From`, so a setter of the union takes it as is.
#[test]
fn a_union_converts_from_each_variant_value() {
    use unions_fixture::{Circle, CircleKind, Shape};
    let shape: Shape = Circle::new(CircleKind::Circle, 2.0).into();
    assert!(matches!(&shape, Shape::Circle(c) if c.radius == 2.0));
    assert_eq!(serde_json::to_value(&shape).unwrap(), json!({"kind": "circle", "radius": 2.0}));
}

/// `Type::deserialize` (with serde's trait in scope) and `serde_json::from_value` agree on every
/// value, including those a struct refuses (an array is never a struct).
#[test]
fn type_deserialize_and_serde_json_agree() {
    fn agree<T: for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(values: &[Value]) {
        for value in values {
            let through_trait = T::deserialize(value.clone()).map_err(|e| e.to_string());
            let through_json = serde_json::from_value::<T>(value.clone()).map_err(|e| e.to_string());
            assert_eq!(through_trait, through_json, "{value}");
        }
    }
    let struct_values = [json!({"name": "Rex"}), json!(["Rex", "dog"]), json!({"kind": "dog"}), json!("Rex")];
    agree::<pet_store_fixture::NewPet>(&struct_values);
    assert!(
        serde_json::from_value::<pet_store_fixture::NewPet>(json!(["Rex"])).is_err(),
        "no struct from an array"
    );
    // Named on the type, not through a generic: an inherent `deserialize` (what serde's
    // `remote = "Self"` derive adds) would be the one called, and it takes arrays.
    assert!(pet_store_fixture::NewPet::deserialize(json!(["Rex"])).is_err());
    assert!(unions_fixture::Chain::deserialize(json!(["a"])).is_err());
    let union_values =
        [json!({"kind": "circle", "radius": 1.0}), json!({"kind": "square", "side": 2.0}), json!([1])];
    agree::<unions_fixture::Shape>(&union_values);
    agree::<pet_store_fixture::Kind>(&[json!("dog"), json!("lizard"), json!(3)]);
}

/// Inline schemas of one shape are one type: each name is an alias of it, so a value built under
/// one name goes wherever another is expected.
#[test]
fn inline_copies_of_one_shape_are_one_type_under_each_name() {
    use grouped_store_fixture::{Dimensions, Order, OrderDimensions, Pet, PetDimensions};
    let measured: PetDimensions = PetDimensions::default().width(2.0).height(1.5);
    let order = Order::new("pet-1", 1).dimensions(measured.clone());
    let pet = Pet::new("pet-1", "Rex").dimensions(order.dimensions.clone().unwrap());
    let same: &OrderDimensions = pet.dimensions.as_ref().unwrap();
    assert_eq!(same, &measured);
    assert_eq!(serde_json::to_value(same).unwrap(), json!({"width": 2.0, "height": 1.5}));
    assert_eq!(std::any::type_name::<PetDimensions>(), std::any::type_name::<Dimensions>());
}
