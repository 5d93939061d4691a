//! The buffer a union reads once and each variant re-reads (`runtime::buffer`): every JSON value
//! survives it unchanged, through each way it is read, and strings are borrowed where the input
//! lends them.

use proptest::prelude::*;
use serde::Deserialize;
use serde_json::{Value, json};
use std::borrow::Cow;
use unions_fixture::runtime::buffer::Buf;

/// Any JSON value: numbers of each kind, strings that need escapes, nested arrays and objects.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN or infinity", |n| n.is_finite()).prop_map(Value::from),
        "[a-z\"\\\\\n\u{e9}\u{1f436}]{0,6}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z\"\\\\]{0,4}", inner, 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn every_json_value_survives_the_buffer_read_each_way(value in json_value()) {
        let text = serde_json::to_string(&value).unwrap();
        // From text (borrowing), and from an owned `Value` (nothing to borrow).
        let buffered: Buf = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(buffered.to_value(), value.clone());
        let owned = Buf::deserialize(&value).unwrap();
        prop_assert_eq!(&owned, &buffered);
        // Re-read as another type, and as itself: how a union nested in a variant reads it.
        prop_assert_eq!(Value::deserialize(&buffered).unwrap(), value);
        let reread = Buf::deserialize(&buffered).unwrap();
        prop_assert_eq!(&reread, &buffered);
    }
}

#[test]
fn strings_and_keys_are_borrowed_unless_the_input_escapes_them() {
    let text = r#"{"plain": "text", "esc\"aped": "a\nb"}"#;
    let Buf::Object(entries) = serde_json::from_str::<Buf>(text).unwrap() else { panic!("an object") };
    let [(plain_key, plain), (escaped_key, escaped)] = entries.as_slice() else { panic!("two entries") };
    assert!(matches!(plain_key, Cow::Borrowed("plain")), "{plain_key:?}");
    assert!(matches!(plain, Buf::Str(Cow::Borrowed("text"))), "{plain:?}");
    assert!(matches!(escaped_key, Cow::Owned(key) if key == "esc\"aped"), "{escaped_key:?}");
    assert!(matches!(escaped, Buf::Str(Cow::Owned(s)) if s == "a\nb"), "{escaped:?}");
    // Entries keep the input's order.
    let ordered: Buf = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
    assert_eq!(ordered, Buf::Object(vec![("b".into(), Buf::Unsigned(1)), ("a".into(), Buf::Unsigned(2))]));
}

#[derive(Debug, PartialEq, Deserialize)]
enum Sample {
    Unit,
    Newtype(u8),
    Tuple(u8, bool),
    Struct { x: Option<u8> },
}

#[test]
fn re_reading_gives_options_enums_and_numbers_as_serde_json_would() {
    for (input, expected) in [
        (json!("Unit"), Some(Sample::Unit)),
        (json!({"Newtype": 7}), Some(Sample::Newtype(7))),
        (json!({"Tuple": [1, true]}), Some(Sample::Tuple(1, true))),
        (json!({"Struct": {"x": null}}), Some(Sample::Struct { x: None })),
        (json!({"Struct": {"x": 3}}), Some(Sample::Struct { x: Some(3) })),
        (json!({"Newtype": 7, "Unit": null}), None),
        (json!({"Newtype": 300}), None),
        (json!("Other"), None),
        (json!(5), None),
    ] {
        let buffered = Buf::deserialize(&input).unwrap();
        // The buffer refuses exactly what serde_json's own `Value` refuses.
        assert_eq!(Sample::deserialize(&buffered).ok(), expected, "{input}");
        assert_eq!(Sample::deserialize(&input).ok(), expected, "{input} through serde_json");
    }
    let input = json!([-1, 1, 1.5]);
    let numbers = Buf::deserialize(&input).unwrap();
    assert_eq!(numbers, Buf::Array(vec![Buf::Signed(-1), Buf::Unsigned(1), Buf::Float(1.5)]));
    assert_eq!(<(i8, u8, f64)>::deserialize(&numbers).unwrap(), (-1, 1, 1.5));
    assert_eq!(<Option<u8>>::deserialize(&Buf::Null).unwrap(), None);
}
