//! Lowering one schema (inline or referenced) to an IR [`Schema`], creating named types for
//! objects and string enums.

use super::conflicts::{self, Resolved};
use super::ecma::Matching;
use super::refs::component_name;
use super::{Lowerer, Lowering};
use crate::diagnostics::{WarningKind, pointer_join};
use crate::ir::{
    Bound, Constraints, EnumVariant, IntegerWidth, Limit, Pattern, PatternMatching, Schema, StringEnum,
    TypeDef, TypeKind, TypeRef,
};
use crate::naming;
use openapiv3::{
    AdditionalProperties, ArrayType, IntegerFormat, IntegerType, NumberType, ReferenceOr, SchemaKind,
    StringFormat, StringType, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeSet;

/// A schema node: a reference or an inline schema (papering over `Box` in property maps).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'a> {
    Ref(&'a str),
    Item(&'a openapiv3::Schema),
}

impl<'a> From<&'a ReferenceOr<openapiv3::Schema>> for Node<'a> {
    fn from(found: &'a ReferenceOr<openapiv3::Schema>) -> Self {
        match found {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<openapiv3::Schema>>> for Node<'a> {
    fn from(found: &'a ReferenceOr<Box<openapiv3::Schema>>) -> Self {
        match found {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Item(schema),
        }
    }
}

/// Formats checked by validation; `date-time` and `date` are carried by the Rust type instead.
const CHECKED_FORMATS: &[&str] = &["email", "hostname", "ipv4", "ipv6", "uri"];

/// Whether a component schema is emitted as a named type (others are inlined where used).
pub(crate) fn becomes_named_type(found: &ReferenceOr<openapiv3::Schema>) -> bool {
    let ReferenceOr::Item(schema) = found else { return false };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => !object.properties.is_empty(),
        SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => becomes_named_type(&all_of[0]),
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.len() == 1 => {
            becomes_named_type(&parts[0])
        }
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => {
            if let Some((resolved, _)) = conflicts::resolve(any) {
                match resolved {
                    Resolved::Primitive(Type::String(string)) => return !string.enumeration.is_empty(),
                    Resolved::Primitive(_) | Resolved::Array => return false,
                    Resolved::Object => {}
                }
            }
            !any.properties.is_empty()
                || !any.all_of.is_empty()
                || !any.one_of.is_empty()
                || !any.any_of.is_empty()
        }
        _ => false,
    }
}

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
        if let SchemaKind::Any(any) = &schema.schema_kind {
            if let Some((resolved, ignored)) = conflicts::resolve(any) {
                self.sink.warning(WarningKind::Ignored, pointer, conflicts::message(any, &ignored));
                match resolved {
                    Resolved::Primitive(Type::String(string)) if !string.enumeration.is_empty() => {
                        let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                        return self.string_enum(&string, docs, pointer, name);
                    }
                    Resolved::Primitive(Type::String(string)) => return self.string(&string, pointer),
                    Resolved::Primitive(Type::Integer(integer)) => return integer_schema(&integer),
                    Resolved::Primitive(Type::Number(number)) => return number_schema(&number),
                    Resolved::Primitive(Type::Boolean(_)) => return Schema::of(TypeRef::Boolean),
                    Resolved::Array => {
                        let limits = (any.min_items, any.max_items, any.unique_items.unwrap_or(false));
                        return self.array_of(any.items.as_ref(), limits, pointer, hint);
                    }
                    // An object, read from its properties as any other.
                    Resolved::Primitive(_) | Resolved::Object => {}
                }
            }
        }
        if let Some(reference) = self.sole_reference(schema) {
            // `allOf: [{$ref}]` with annotations or `nullable` beside it (3.0's way of annotating
            // a reference): that type, not a copy of it. Unless the reference is to a base that
            // lists this schema as a subtype: then it is a subtype with no properties of its own.
            if !self.is_subtype_of(pointer, reference) {
                return self.schema_ref(reference, pointer);
            }
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                self.string_enum(string, docs, pointer, name)
            }
            SchemaKind::Type(Type::String(string)) => self.string(string, pointer),
            SchemaKind::Type(Type::Integer(integer)) => integer_schema(integer),
            SchemaKind::Type(Type::Number(number)) => number_schema(number),
            SchemaKind::Type(Type::Boolean(_)) => Schema::of(TypeRef::Boolean),
            SchemaKind::Type(Type::Array(array)) => self.array(array, pointer, hint),
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                self.map(object.additional_properties.as_ref(), pointer, hint)
            }
            SchemaKind::AllOf { all_of } if !all_of.iter().any(|part| self.is_object_like(part.into())) => {
                self.all_of_primitive(all_of, pointer, hint, type_name)
            }
            // `allOf` beside other keywords (openapiv3 reads that as "any") with no properties of
            // its own: the same as a plain `allOf`.
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && !any.all_of.is_empty()
                    && !any.all_of.iter().any(|part| self.is_object_like(part.into())) =>
            {
                self.all_of_primitive(&any.all_of, pointer, hint, type_name)
            }
            // A base whose alternatives are its subtypes is the union of them (`hierarchy`).
            SchemaKind::Any(any) if self.is_base_of_its_alternatives(schema, pointer) => {
                let (parts, keyword) =
                    if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
                let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                self.union(parts, keyword, schema.schema_data.discriminator.as_ref(), pointer, name, docs)
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => {
                let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                self.object_struct(schema, pointer, name, docs)
            }
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                self.object_struct(schema, pointer, name, docs)
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } if parts.len() == 1 => {
                let keyword = union_keyword(&schema.schema_kind);
                self.schema_named(&parts[0], &format!("{pointer}/{keyword}/0"), hint, type_name)
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.union(parts, union_keyword(&schema.schema_kind), discriminator, pointer, name, docs)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let (parts, keyword) =
                    if any.one_of.is_empty() { (&any.any_of, "anyOf") } else { (&any.one_of, "oneOf") };
                let name = type_name.unwrap_or_else(|| self.fresh_type_name(hint));
                self.union(parts, keyword, schema.schema_data.discriminator.as_ref(), pointer, name, docs)
            }
            SchemaKind::Not { .. } => {
                self.sink.warning(
                    WarningKind::Loosened,
                    pointer,
                    "`not` cannot be expressed as a Rust type; the value is typed as free-form JSON",
                );
                Schema::of(TypeRef::Json)
            }
            SchemaKind::Any(_) => Schema::of(TypeRef::Json),
        }
    }

    /// An `allOf` with no object part: a single part, or a primitive with annotations (a common
    /// way to add a description to a `$ref`), is that part.
    fn all_of_primitive(
        &mut self,
        all_of: &'a [ReferenceOr<openapiv3::Schema>],
        pointer: &str,
        hint: &str,
        type_name: Option<String>,
    ) -> Schema {
        match all_of.iter().position(|part| !self.is_annotation_only(part.into())) {
            Some(index) => {
                self.schema_named(&all_of[index], &format!("{pointer}/allOf/{index}"), hint, type_name)
            }
            None => Schema::of(TypeRef::Json),
        }
    }

    /// The reference an `allOf` consists of, when nothing else beside it constrains the value.
    fn sole_reference(&self, schema: &'a openapiv3::Schema) -> Option<&'a str> {
        let all_of = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any)
                if any.properties.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.typ.is_none() =>
            {
                &any.all_of
            }
            _ => return None,
        };
        let mut parts = all_of.iter().filter(|part| !self.is_annotation_only(Node::from(*part)));
        match (parts.next(), parts.next()) {
            (Some(ReferenceOr::Reference { reference }), None) => Some(reference),
            _ => None,
        }
    }

    /// Whether a schema describes an object (properties, or `allOf` parts that do).
    fn is_object_like(&self, node: Node<'a>) -> bool {
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

    /// Whether a schema only annotates (description, example, default…) and constrains nothing.
    fn is_annotation_only(&self, node: Node<'a>) -> bool {
        matches!(node, Node::Item(schema) if matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == Default::default()))
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
        let variants: Vec<EnumVariant> = string
            .enumeration
            .iter()
            .flatten()
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

    fn array(&mut self, array: &'a ArrayType, pointer: &str, hint: &str) -> Schema {
        let limits = (array.min_items, array.max_items, array.unique_items);
        self.array_of(array.items.as_ref(), limits, pointer, hint)
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

fn union_keyword(kind: &SchemaKind) -> &'static str {
    if matches!(kind, SchemaKind::OneOf { .. }) { "oneOf" } else { "anyOf" }
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
