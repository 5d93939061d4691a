//! What a schema lowers to, decided in one place: a named type of its own (a string enum, a
//! struct, a union), the type of one of its parts, or a type with no name (a primitive, an
//! array, a map, a reference, any value). Lowering dispatches on it, and the names reserved for
//! component schemas before lowering are exactly those that become named types.

use super::conflicts::{self, Resolved};
use super::{Lowerer, Node};
use openapiv3::{AdditionalProperties, IntegerType, NumberType, ReferenceOr, SchemaKind, StringType, Type};
use std::borrow::Cow;

/// `oneOf` or `anyOf` alternatives, as the schema lists them.
pub(crate) type Alternatives<'a> = &'a [ReferenceOr<openapiv3::Schema>];

/// What a schema lowers to.
pub(crate) enum Shape<'a> {
    StringEnum(Cow<'a, StringType>),
    Struct,
    Union {
        parts: Alternatives<'a>,
        keyword: &'static str,
    },
    /// The type of one part (an `allOf` or `oneOf` of one, an annotated primitive), at `at`.
    Part {
        node: Node<'a>,
        at: String,
    },
    /// An annotated reference (`allOf: [$ref]` with a description or `nullable` beside it).
    Reference(&'a str),
    String(Cow<'a, StringType>),
    Integer(Cow<'a, IntegerType>),
    Number(Cow<'a, NumberType>),
    Boolean,
    /// Items (any value when absent) and (minItems, maxItems, uniqueItems).
    Array {
        items: Option<&'a ReferenceOr<Box<openapiv3::Schema>>>,
        limits: (Option<usize>, Option<usize>, bool),
    },
    /// An object without properties: a map of its `additionalProperties`.
    Map(Option<&'a AdditionalProperties>),
    /// `not`: no Rust type says it.
    Not,
    Json,
}

impl<'a> Lowerer<'a> {
    /// What `schema`, at `pointer`, lowers to; with the message of the keywords it ignores, when
    /// they contradict its `type`.
    pub(crate) fn shape(&self, schema: &'a openapiv3::Schema, pointer: &str) -> (Shape<'a>, Option<String>) {
        if let SchemaKind::Any(any) = &schema.schema_kind {
            if let Some((resolved, ignored)) = conflicts::resolve(any) {
                let message = Some(conflicts::message(any, &ignored));
                let shape = match resolved {
                    Resolved::Primitive(Type::String(s)) if !s.enumeration.is_empty() => {
                        Shape::StringEnum(Cow::Owned(s))
                    }
                    Resolved::Primitive(Type::String(s)) => Shape::String(Cow::Owned(s)),
                    Resolved::Primitive(Type::Integer(integer)) => Shape::Integer(Cow::Owned(integer)),
                    Resolved::Primitive(Type::Number(number)) => Shape::Number(Cow::Owned(number)),
                    Resolved::Primitive(Type::Boolean(_)) => Shape::Boolean,
                    Resolved::Array => {
                        let limits = (any.min_items, any.max_items, any.unique_items.unwrap_or(false));
                        Shape::Array { items: any.items.as_ref(), limits }
                    }
                    // An object, read from its properties as any other.
                    Resolved::Primitive(_) | Resolved::Object => self.shape_of_kind(schema, pointer),
                };
                return (shape, message);
            }
        }
        (self.shape_of_kind(schema, pointer), None)
    }

    fn shape_of_kind(&self, schema: &'a openapiv3::Schema, pointer: &str) -> Shape<'a> {
        if let Some(reference) = self.sole_reference(schema) {
            // Unless the reference is to a base that lists this schema as a subtype: then it
            // is a subtype with no properties of its own.
            if !self.is_subtype_of(pointer, reference) {
                return Shape::Reference(reference);
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                Shape::StringEnum(Cow::Borrowed(s))
            }
            SchemaKind::Type(Type::String(s)) => Shape::String(Cow::Borrowed(s)),
            SchemaKind::Type(Type::Integer(integer)) => Shape::Integer(Cow::Borrowed(integer)),
            SchemaKind::Type(Type::Number(number)) => Shape::Number(Cow::Borrowed(number)),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
            SchemaKind::Type(Type::Array(array)) => Shape::Array {
                items: array.items.as_ref(),
                limits: (array.min_items, array.max_items, array.unique_items),
            },
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                Shape::Map(object.additional_properties.as_ref())
            }
            SchemaKind::AllOf { all_of } if !all_of.iter().any(|part| self.is_object_like(part.into())) => {
                self.annotated_part(all_of, pointer)
            }
            // `allOf` beside other keywords (openapiv3 reads that as "any") with no properties of
            // its own: the same as a plain `allOf`.
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && !any.all_of.is_empty()
                    && !any.all_of.iter().any(|part| self.is_object_like(part.into())) =>
            {
                self.annotated_part(&any.all_of, pointer)
            }
            // A base whose alternatives are its subtypes is the union of them (`hierarchy`).
            SchemaKind::Any(any) if self.is_base_of_its_alternatives(schema, pointer) => alternatives(any),
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Shape::Struct,
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => Shape::Struct,
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let keyword =
                    if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" };
                match parts.as_slice() {
                    [part] => Shape::Part { node: part.into(), at: format!("{pointer}/{keyword}/0") },
                    _ => Shape::Union { parts, keyword },
                }
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => alternatives(any),
            SchemaKind::Not { .. } => Shape::Not,
            SchemaKind::Any(_) => Shape::Json,
        }
    }

    /// An `allOf` with no object part: a single part, or a primitive with annotations (a common
    /// way to add a description to a `$ref`), is that part.
    fn annotated_part(&self, all_of: &'a [ReferenceOr<openapiv3::Schema>], pointer: &str) -> Shape<'a> {
        match all_of.iter().position(|part| !self.is_annotation_only(part.into())) {
            Some(index) => {
                Shape::Part { node: (&all_of[index]).into(), at: format!("{pointer}/allOf/{index}") }
            }
            None => Shape::Json,
        }
    }

    /// Whether the schema at `pointer` lowers to a named type of its own (through the part it
    /// is the type of, if it is one).
    pub(crate) fn becomes_named_type(&self, schema: &'a openapiv3::Schema, pointer: &str) -> bool {
        let (mut schema, mut pointer) = (schema, pointer.to_owned());
        // A part of a part is deeper in the document: this ends.
        loop {
            match self.shape(schema, &pointer).0 {
                Shape::StringEnum(_) | Shape::Struct | Shape::Union { .. } => return true,
                Shape::Part { node: Node::Item(part), at } => (schema, pointer) = (part, at),
                _ => return false,
            }
        }
    }
}

/// The union of a schema's `oneOf` (else `anyOf`) alternatives.
fn alternatives(any: &openapiv3::AnySchema) -> Shape<'_> {
    match any.one_of.is_empty() {
        true => Shape::Union { parts: &any.any_of, keyword: "anyOf" },
        false => Shape::Union { parts: &any.one_of, keyword: "oneOf" },
    }
}
