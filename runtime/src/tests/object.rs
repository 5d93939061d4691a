//! `object::Writer` and `object::Reader` on a struct written the way the generator writes one:
//! which entries are written, what each presence reads from each input, and that the first error
//! ends the reading and is the one returned.

use crate::decode::FromObject;
use crate::object::{Reader, Writer, write_tagged};
use serde::de::MapAccess;
use serde::{Serialize, Serializer};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// `id` required, `name` required nullable, `note` optional, `limit` optional nullable,
/// `data` optional any value, and the other properties kept.
#[derive(Debug, PartialEq, Default)]
struct Sample {
    id: i64,
    name: Option<String>,
    note: Option<String>,
    limit: Option<Option<i64>>,
    data: Option<Value>,
    rest: BTreeMap<String, Value>,
}

impl Serialize for Sample {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut object = Writer::new(serializer)?;
        object.field("id", &self.id);
        object.field("name", &self.name);
        object.optional("note", &self.note);
        object.optional("limit", &self.limit);
        object.optional("data", &self.data);
        object.rest(&self.rest);
        object.end()
    }
}

impl FromObject for Sample {
    fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let mut object = Reader::new(map);
        let (mut id, mut name, mut note, mut limit, mut data) = (None, None, None, None, None);
        let mut rest = BTreeMap::new();
        while let Some(key) = object.key() {
            match key.as_str() {
                "id" => object.value(&mut id),
                "name" => object.value(&mut name),
                "note" => object.not_null(&mut note),
                "limit" => object.value(&mut limit),
                "data" => object.value(&mut data),
                _ => object.rest(&mut rest, key),
            }
        }
        object.finish()?;
        Ok(Sample {
            id: object.required(id, "id")?,
            name: object.required_nullable(name),
            note,
            limit,
            data,
            rest,
        })
    }
}

crate::macros::object!(Sample);

#[test]
fn each_presence_reads_and_writes_back_as_its_schema_says() {
    let sample = |f: fn(&mut Sample)| {
        let mut s = Sample { id: 1, ..Sample::default() };
        f(&mut s);
        s
    };
    // (input, what it reads as, what that writes back)
    let table = [
        (json!({"id": 1}), sample(|_| {}), json!({"id": 1, "name": null})),
        (json!({"id": 1, "name": "a"}), sample(|s| s.name = Some("a".into())), json!({"id": 1, "name": "a"})),
        (json!({"id": 1, "note": null}), sample(|_| {}), json!({"id": 1, "name": null})),
        (
            json!({"id": 1, "limit": null}),
            sample(|s| s.limit = Some(None)),
            json!({"id": 1, "name": null, "limit": null}),
        ),
        (
            json!({"id": 1, "limit": 5}),
            sample(|s| s.limit = Some(Some(5))),
            json!({"id": 1, "name": null, "limit": 5}),
        ),
        (
            json!({"id": 1, "data": null}),
            sample(|s| s.data = Some(Value::Null)),
            json!({"id": 1, "name": null, "data": null}),
        ),
        (
            json!({"id": 1, "x": [1], "a": {}}),
            sample(|s| s.rest = BTreeMap::from([("a".into(), json!({})), ("x".into(), json!([1]))])),
            json!({"id": 1, "name": null, "a": {}, "x": [1]}),
        ),
    ];
    for (input, expected, written) in table {
        let read: Sample = serde_json::from_value(input.clone()).unwrap();
        assert_eq!(read, expected, "{input}");
        assert_eq!(serde_json::to_value(&read).unwrap(), written, "{input}");
    }
    // A repeated key: the last value wins, as with serde_json's maps.
    let repeated: Sample = serde_json::from_str(r#"{"id": 1, "id": 2}"#).unwrap();
    assert_eq!(repeated.id, 2);
}

#[test]
fn the_first_error_ends_the_reading_and_is_returned() {
    for (input, message) in [
        (r#"{"name": "a"}"#, "missing field `id`"),
        (r#"{"id": "one", "limit": "two"}"#, "invalid type: string \"one\", expected i64"),
        (r#"{"limit": "two", "id": "one"}"#, "invalid type: string \"two\", expected i64"),
        (r#"{"id": 1, "note": 3}"#, "invalid type: integer `3`, expected a string"),
        (r#"{"id": 1, "x": }"#, "expected value"),
        (r#"[1, null]"#, "invalid type: sequence, expected a JSON object"),
    ] {
        let error = serde_json::from_str::<Sample>(input).unwrap_err().to_string();
        assert!(error.starts_with(message), "{input}: {error}");
    }
}

#[test]
fn a_writer_error_is_the_first_one_and_ends_the_object() {
    /// A value that cannot be written.
    struct Unwritable;
    impl Serialize for Unwritable {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("unwritable"))
        }
    }
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::new(&mut out);
    let mut object = Writer::new(&mut serializer).unwrap();
    object.field("a", &1);
    object.field("b", &Unwritable);
    object.field("c", &2);
    let error = object.end().unwrap_err();
    assert_eq!(error.to_string(), "unwritable");
    assert!(!String::from_utf8(out).unwrap().contains("\"c\""), "nothing is written after the error");
}

/// A variant's value written with the union's tag: added to an object that lacks it, kept where
/// the object has its own, and nothing added to a value that is no object.
#[test]
fn a_tag_is_added_only_to_an_object_that_lacks_it() {
    let tagged = |value: Value| write_tagged(serde_json::value::Serializer, &value, "use", "sig").unwrap();
    assert_eq!(tagged(json!({"kid": "k"})), json!({"kid": "k", "use": "sig"}));
    assert_eq!(tagged(json!({"kid": "k", "use": "enc"})), json!({"kid": "k", "use": "enc"}));
    assert_eq!(tagged(json!("k")), json!("k"));
    let sample = Sample { id: 1, ..Sample::default() };
    let written = write_tagged(serde_json::value::Serializer, &sample, "kind", "sample").unwrap();
    assert_eq!(written, json!({"id": 1, "name": null, "kind": "sample"}));
}
