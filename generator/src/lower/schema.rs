//! Lowering one schema (inline or referenced) to an IR [`Schema`], creating named types for
//! objects and string enums.

use super::ecma::Matching;
use super::refs::component_name;
use super::shape::Shape;
use super::{Lowerer, Lowering, Node};
use crate::diagnostics::{WarningKind, pointer_join};
use crate::ir::{
    Bound, Constraints, EnumVariant, IntegerWidth, Limit, Pattern, PatternMatching, Schema, StringEnum,
    TypeDef, TypeKind, TypeRef,
};
use crate::naming;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, IntegerType, NumberType, ObjectType, ReferenceOr,
    SchemaKind, StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

/// Formats checked by validation; `date-time` and `date` are carried by the Rust type instead.
const CHECKED_FORMATS: &[&str] = &["email", "hostname", "ipv4", "ipv6", "uri"];

impl<'a> Lowerer<'a> {
    /// Lowers `node` found at `pointer`; a new named type takes `type_name`, or a name from `hint`.
    pub(crate) fn schema_named(
        &mut self,
        node: impl Into<Node<'a>>,
        pointer: &str,
        hint: &str,
        type_name: Option<String>,
    ) -> Schema {
        match node.into() {
            Node::Ref(reference) => self.schema_ref(reference, pointer),
            Node::Item(schema) => {
                if let Some(done) = self.inline.get(pointer) {
                    return done.clone();
                }
                if !self.step(pointer) {
                    return Schema::of(TypeRef::Json);
                }
                // Reached again while being lowered (through a component it refers to, or an
                // `allOf` that pulls in its own parent): a named type under construction is
                // referred to, and anything else is lowered once more, which ends at the
                // component. With no value in between, it could never end.
                let this = Lowering::Inline(pointer.to_owned());
                let named = self.inline_type_in_progress(pointer);
                let again = match &named {
                    Some(name) => Lowering::InlineType { pointer: pointer.to_owned(), name: name.clone() },
                    None => this.clone(),
                };
                if let Some(cycle) = self.cycle_without_value(&again) {
                    self.sink.error(
                        pointer,
                        format!(
                            "the schema contains itself with no object, array or map in between: {cycle}"
                        ),
                    );
                    return Schema::of(TypeRef::Json);
                }
                if let Some(name) = named {
                    return Schema::of(TypeRef::Named(name));
                }
                let mut lowered =
                    self.within(this, |this| this.schema_inline(schema, pointer, hint, type_name));
                lowered.nullable |= schema.schema_data.nullable;
                self.inline.insert(pointer.to_owned(), lowered.clone());
                lowered
            }
        }
    }

    fn schema_ref(&mut self, reference: &str, pointer: &str) -> Schema {
        let resolved = component_name(reference, "schemas").and_then(|name| self.component(name));
        // A schema that cannot be found allows any value (a client must not refuse what the
        // server sends); the warning names it.
        resolved.unwrap_or_else(|| {
            self.sink.warning(
                WarningKind::Repaired,
                pointer,
                format!("unresolved `$ref` `{reference}`: no such schema in `#/components/schemas`; the value is typed as any JSON value"),
            );
            Schema::of(TypeRef::Json)
        })
    }

    fn schema_inline(
        &mut self,
        schema: &'a openapiv3::Schema,
        pointer: &str,
        hint: &str,
        type_name: Option<String>,
    ) -> Schema {
        let docs = schema.schema_data.description.clone().or_else(|| schema.schema_data.title.clone());
        let (shape, ignored) = self.shape(schema, pointer);
        if let Some(message) = ignored {
            self.sink.warning(WarningKind::Ignored, pointer, message);
        }
        let mut name = || type_name.clone().unwrap_or_else(|| self.fresh_type_name(hint));
        match shape {
            Shape::StringEnum(string) => {
                let name = name();
                self.string_enum(&string, docs, pointer, name)
            }
            Shape::Struct => {
                let name = name();
                self.object_struct(schema, pointer, name, docs)
            }
            Shape::Union { parts, keyword } => {
                let name = name();
                self.union(parts, keyword, schema.schema_data.discriminator.as_ref(), pointer, name, docs)
            }
            Shape::Part { node, at } => self.schema_named(node, &at, hint, type_name),
            Shape::Reference(reference) => self.schema_ref(reference, pointer),
            Shape::String(string) => self.string(&string, pointer),
            Shape::Integer(integer) => integer_schema(&integer),
            Shape::Number(number) => number_schema(&number),
            Shape::Boolean => Schema::of(TypeRef::Boolean),
            Shape::Array { items, limits } => self.array_of(items, limits, pointer, hint),
            Shape::Map(additional) => self.map(additional, pointer, hint),
            Shape::Not => {
                self.sink.warning(
                    WarningKind::Loosened,
                    pointer,
                    "`not` cannot be expressed as a Rust type; the value is typed as free-form JSON",
                );
                Schema::of(TypeRef::Json)
            }
            Shape::Json => Schema::of(TypeRef::Json),
        }
    }

    /// The reference an `allOf` consists of, when nothing else beside it constrains the value.
    pub(crate) fn sole_reference(&self, schema: &'a openapiv3::Schema) -> Option<&'a str> {
        let mut parts =
            annotated_all_of(schema)?.iter().filter(|part| !self.is_annotation_only(Node::from(*part)));
        match (parts.next(), parts.next()) {
            (Some(ReferenceOr::Reference { reference }), None) => Some(reference),
            _ => None,
        }
    }

    /// Whether a schema describes an object (properties, or `allOf` parts that do).
    pub(crate) fn is_object_like(&self, node: Node<'a>) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![node];
        while let Some(node) = todo.pop() {
            if matches!(node, Node::Ref(reference) if !seen.insert(reference)) {
                continue;
            }
            match self.target(node).map(|schema| &schema.schema_kind) {
                Some(SchemaKind::Type(Type::Object(_))) => return true,
                Some(SchemaKind::AllOf { all_of }) => todo.extend(all_of.iter().map(Node::from)),
                Some(SchemaKind::Any(any))
                    if !any.properties.is_empty() || any.typ.as_deref() == Some("object") =>
                {
                    return true;
                }
                _ => {}
            }
        }
        false
    }

    /// How a `pattern` is matched: translated for the `regex` crate where that is exact, else
    /// by an ECMA-262 engine; a pattern that is not ECMA-262 at all is dropped with a warning
    /// (a client must not refuse what the server accepts).
    fn pattern(&mut self, source: &str, pointer: &str) -> Option<Pattern> {
        let matching = match super::ecma::matching(source) {
            Matching::Regex(translated) => PatternMatching::Regex(translated),
            Matching::Ecma { unicode } => PatternMatching::Ecma { unicode },
            Matching::Invalid(why) => {
                self.sink.warning(
                    WarningKind::Repaired,
                    &format!("{pointer}/pattern"),
                    format!("pattern `{source}` is not a valid ECMA-262 regular expression ({why}); it is not checked"),
                );
                return None;
            }
        };
        Some(Pattern { source: source.to_owned(), matching })
    }

    /// Whether a schema only annotates (description, example, default, `nullable`…) and
    /// constrains nothing; a bare `type: object` beside an object's reference adds nothing.
    pub(crate) fn is_annotation_only(&self, node: Node<'a>) -> bool {
        let Node::Item(schema) = node else { return false };
        match &schema.schema_kind {
            SchemaKind::Any(any) => *any == AnySchema::default(),
            SchemaKind::Type(Type::Object(object)) => *object == ObjectType::default(),
            _ => false,
        }
    }

    fn string(&mut self, string: &StringType, pointer: &str) -> Schema {
        let (ty, format) = match &string.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => (TypeRef::DateTime, None),
            VariantOrUnknownOrEmpty::Item(StringFormat::Date) => (TypeRef::Date, None),
            VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => (TypeRef::Bytes, None),
            // A file has bytes, not characters: string constraints do not apply to it.
            VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => return Schema::of(TypeRef::File),
            VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => (TypeRef::Uuid, None),
            VariantOrUnknownOrEmpty::Unknown(f) if CHECKED_FORMATS.contains(&f.as_str()) => {
                (TypeRef::String, Some(f.clone()))
            }
            _ => (TypeRef::String, None),
        };
        let pattern = string.pattern.as_ref().and_then(|source| self.pattern(source, pointer));
        let constraints = Constraints {
            pattern,
            min_length: string.min_length,
            max_length: string.max_length,
            format,
            ..Constraints::default()
        };
        Schema { ty, nullable: false, constraints }
    }

    pub(crate) fn string_enum(
        &mut self,
        string: &StringType,
        docs: Option<String>,
        pointer: &str,
        name: String,
    ) -> Schema {
        let mut taken = BTreeSet::new();
        // A value listed twice (Elasticsearch has a few) is one variant.
        let mut seen = BTreeSet::new();
        let variants: Vec<EnumVariant> = string
            .enumeration
            .iter()
            .flatten()
            .filter(|value| seen.insert(value.as_str()))
            .map(|value| EnumVariant {
                rust_name: naming::unique(naming::variant_name(value), &mut taken),
                wire_value: value.clone(),
            })
            .collect();
        let unknown_variant = naming::unique("Unknown".to_owned(), &mut taken);
        let kind = TypeKind::StringEnum(StringEnum { variants, unknown_variant });
        self.types
            .insert(name.clone(), TypeDef { name: name.clone(), docs, origin: pointer.to_owned(), kind });
        let nullable = string.enumeration.iter().any(Option::is_none);
        Schema { ty: TypeRef::Named(name), nullable, constraints: Constraints::default() }
    }

    /// An array of `items` (free-form JSON when absent), with (minItems, maxItems, uniqueItems).
    fn array_of(
        &mut self,
        items: Option<&'a ReferenceOr<Box<openapiv3::Schema>>>,
        (min_items, max_items, unique_items): (Option<usize>, Option<usize>, bool),
        pointer: &str,
        hint: &str,
    ) -> Schema {
        let items = match items {
            Some(items) => self.nested(|this| {
                this.schema_named(items, &pointer_join(pointer, "items"), &format!("{hint}Item"), None)
            }),
            None => Schema::of(TypeRef::Json),
        };
        let constraints = Constraints { min_items, max_items, unique_items, ..Constraints::default() };
        Schema { ty: TypeRef::Array(Box::new(items)), nullable: false, constraints }
    }

    /// An object without properties: a map of `additionalProperties`, free-form when untyped.
    fn map(&mut self, additional: Option<&'a AdditionalProperties>, pointer: &str, hint: &str) -> Schema {
        let values = match additional {
            Some(AdditionalProperties::Schema(values)) => self.nested(|this| {
                let at = pointer_join(pointer, "additionalProperties");
                this.schema_named(values.as_ref(), &at, &format!("{hint}Value"), None)
            }),
            Some(AdditionalProperties::Any(_)) | None => Schema::of(TypeRef::Json),
        };
        Schema::of(TypeRef::Map(Box::new(values)))
    }
}

fn integer_schema(integer: &IntegerType) -> Schema {
    let width = match integer.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntegerWidth::I32,
        _ => IntegerWidth::I64,
    };
    let bound = |value: Option<i64>, exclusive| value.map(|v| Bound { value: Limit::Integer(v), exclusive });
    let constraints = Constraints {
        minimum: bound(integer.minimum, integer.exclusive_minimum),
        maximum: bound(integer.maximum, integer.exclusive_maximum),
        multiple_of: integer.multiple_of.map(Limit::Integer),
        allowed: integer.enumeration.iter().flatten().map(|&v| v.into()).collect(),
        ..Constraints::default()
    };
    Schema { ty: TypeRef::Integer(width), nullable: false, constraints }
}

/// A number, always an `f64` (see `TypeRef::Number`).
fn number_schema(number: &NumberType) -> Schema {
    let bound = |value: Option<f64>, exclusive| value.map(|v| Bound { value: Limit::Float(v), exclusive });
    let constraints = Constraints {
        minimum: bound(number.minimum, number.exclusive_minimum),
        maximum: bound(number.maximum, number.exclusive_maximum),
        multiple_of: number.multiple_of.map(Limit::Float),
        allowed: number.enumeration.iter().flatten().map(|&v| v.into()).collect(),
        ..Constraints::default()
    };
    Schema { ty: TypeRef::Number, nullable: false, constraints }
}

/// The `allOf` parts of a schema that has nothing beside them but annotations (and a bare
/// `type: object`, as Okta writes beside a `$ref`).
fn annotated_all_of(schema: &openapiv3::Schema) -> Option<&[ReferenceOr<openapiv3::Schema>]> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => Some(all_of),
        SchemaKind::Any(any)
            if any.properties.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && matches!(any.typ.as_deref(), None | Some("object"))
                && any.required.is_empty()
                && any.additional_properties.is_none() =>
        {
            Some(&any.all_of)
        }
        _ => None,
    }
}
