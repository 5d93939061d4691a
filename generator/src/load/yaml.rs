//! YAML text → a JSON tree in one pass, as OpenAPI reads YAML: scalar mapping keys (`200:`)
//! become strings, tags are dropped, and integers beyond 64 bits become `f64` (JSON has one
//! number type; `normalize` warns where such a number bounds an integer).

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses YAML text; the error carries serde_yaml's line and column.
pub(super) fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    serde_yaml::from_str::<Json>(text).map(|json| json.0)
}

/// A JSON value read from any self-describing format.
struct Json(Value);

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor).map(Json)
    }
}

struct JsonVisitor;

fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Json(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some((Key(key), Json(value))) = map.next_entry()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
    /// A tagged value (`!Tag value`): the value.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant): (de::IgnoredAny, _) = data.variant()?;
        de::VariantAccess::newtype_variant::<Json>(variant).map(|json| json.0)
    }
}

/// A mapping key: a string, or a scalar written as one.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match deserializer.deserialize_any(JsonVisitor)? {
            Value::String(key) => Ok(Key(key)),
            scalar @ (Value::Number(_) | Value::Bool(_)) => Ok(Key(scalar.to_string())),
            Value::Null => Ok(Key("null".to_owned())),
            other => Err(de::Error::custom(format!("mapping key {other} is not a scalar"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn yaml_reads_as_openapi_means_it() {
        for (yaml, expected) in [
            ("200: ok\n404: missing", json!({"200": "ok", "404": "missing"})),
            ("true: yes", json!({"true": "yes"})),
            ("a: !Ref b", json!({"a": "b"})),
            ("a: [1, -2, 1.5, null, ~]", json!({"a": [1, -2, 1.5, null, null]})),
            ("minimum: -9223372036854776000", json!({"minimum": -9223372036854775808.0_f64})),
            ("maximum: 18446744073709551615", json!({"maximum": 18446744073709551615_u64})),
            ("maximum: 100000000000000000000000", json!({"maximum": 1e23})),
        ] {
            assert_eq!(super::parse(yaml).unwrap(), expected, "{yaml}");
        }
    }

    #[test]
    fn errors_keep_their_place() {
        let error = super::parse("a: [1, 2\nb: c").unwrap_err();
        assert!(error.location().is_some(), "{error}");
        assert!(super::parse("? [1, 2]\n: x").unwrap_err().to_string().contains("not a scalar"));
    }
}
