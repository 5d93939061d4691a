//! `oneOf`/`anyOf` → a union type: variants tried in order, or chosen by a discriminator.

use super::Node;
use super::refs::component_name;
use super::{Lowerer, Lowering};
use crate::diagnostics::WarningKind;
use crate::ir::{Discriminator, Schema, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming;
use openapiv3::ReferenceOr;
use std::collections::BTreeSet;

impl<'a> Lowerer<'a> {
    /// Builds the union `name` from its parts, found at `<pointer>/<keyword>/<i>`.
    pub(crate) fn union(
        &mut self,
        parts: &'a [ReferenceOr<openapiv3::Schema>],
        keyword: &str,
        discriminator: Option<&'a openapiv3::Discriminator>,
        pointer: &str,
        name: String,
        docs: Option<String>,
    ) -> Schema {
        let mut taken = BTreeSet::new();
        let building = Lowering::InlineType { pointer: pointer.to_owned(), name: name.clone() };
        let schemas: Vec<Schema> = self.within(building, |this| {
            let variant = |(index, part): (usize, &'a ReferenceOr<openapiv3::Schema>)| {
                let hint = format!("{name}{}", variant_hint(part, index));
                this.schema_named(part, &format!("{pointer}/{keyword}/{index}"), &hint, None)
            };
            parts.iter().enumerate().map(variant).collect()
        });
        let mut variants: Vec<UnionVariant> = schemas
            .into_iter()
            .map(|schema| {
                let label = naming::variant_name(&variant_label(&schema.ty, &name));
                UnionVariant { rust_name: naming::unique(label, &mut taken), schema, boxed: false }
            })
            .collect();
        // `null` is a value of the union where a variant allows it (Box's "OpenAPI 3.0 null
        // schema type", a nullable empty object): the union is nullable, so an optional field
        // keeps the `null` instead of reading it as absent.
        let nullable = variants.iter().any(|v| v.schema.nullable);
        for variant in &mut variants {
            variant.schema.nullable = false;
        }
        let discriminator = discriminator.map(|d| self.discriminator(d, parts, &variants, pointer));
        let other_variant = naming::unique("Other".to_owned(), &mut taken);
        let kind = TypeKind::Union(Union { variants, discriminator, other_variant });
        self.types
            .insert(name.clone(), TypeDef { name: name.clone(), docs, origin: pointer.to_owned(), kind });
        Schema { nullable, ..Schema::of(TypeRef::Named(name)) }
    }

    /// The values that choose each variant: the explicit `mapping`; else the values the
    /// variant's own schema pins the property to (a string enum, as OpenAI's specs have,
    /// where the schema's name could never be valid); else the referenced schema's name, as
    /// OpenAPI defines.
    fn discriminator(
        &mut self,
        discriminator: &openapiv3::Discriminator,
        parts: &[ReferenceOr<openapiv3::Schema>],
        variants: &[UnionVariant],
        pointer: &str,
    ) -> Discriminator {
        let index_of_component = |component: &str| {
            parts.iter().position(|p| matches!(p, ReferenceOr::Reference { reference } if component_name(reference, "schemas") == Some(component)))
        };
        let mut mapping = Vec::new();
        for (value, target) in &discriminator.mapping {
            // A mapping target is a reference or a bare schema name.
            let component = component_name(target, "schemas").unwrap_or(target);
            match index_of_component(component) {
                Some(index) => mapping.push((value.clone(), index)),
                None => self.sink.warning(
                    WarningKind::Ignored,
                    &format!("{pointer}/discriminator/mapping"),
                    format!("mapping `{value}` names `{target}`, which is not one of the variants; ignored"),
                ),
            }
        }
        let property = &discriminator.property_name;
        let unmapped: Vec<bool> =
            (0..parts.len()).map(|index| !mapping.iter().any(|(_, i)| *i == index)).collect();
        let pinned: Vec<Vec<String>> = (0..parts.len())
            .map(|i| if unmapped[i] { self.pinned_values(&variants[i].schema, property) } else { Vec::new() })
            .collect();
        // A value that several variants allow (an enum they share) tells none of them apart.
        let own = |value: &String| pinned.iter().filter(|values| values.contains(value)).count() == 1;
        for (index, part) in parts.iter().enumerate().filter(|(index, _)| unmapped[*index]) {
            let mut implicit: Vec<String> = pinned[index].iter().filter(|v| own(v)).cloned().collect();
            if let (true, ReferenceOr::Reference { reference }) = (implicit.is_empty(), part) {
                implicit.extend(component_name(reference, "schemas").map(str::to_owned));
            }
            for value in implicit {
                // A value an earlier variant takes stays with it.
                if !mapping.iter().any(|(taken, _)| *taken == value) {
                    mapping.push((value, index));
                }
            }
        }
        Discriminator { property: property.clone(), mapping, written_tags: Vec::new() }
    }

    /// The values a variant's struct allows for `property`, where its field is a string enum.
    fn pinned_values(&self, variant: &Schema, property: &str) -> Vec<String> {
        let named = |ty: &TypeRef| match ty {
            TypeRef::Named(name) => self.types.get(name).map(|def| &def.kind),
            _ => None,
        };
        let Some(TypeKind::Struct(fields)) = named(&variant.ty) else { return Vec::new() };
        let field = fields.fields.iter().find(|f| f.wire_name == property);
        match field.and_then(|f| named(&f.schema.ty)) {
            Some(TypeKind::StringEnum(values)) => {
                values.variants.iter().map(|v| v.wire_value.clone()).collect()
            }
            _ => Vec::new(),
        }
    }
}

/// A name hint for an inline variant: its title when it has one, else its position.
fn variant_hint(part: &ReferenceOr<openapiv3::Schema>, index: usize) -> String {
    match Node::from(part) {
        Node::Item(schema) => schema.schema_data.title.clone().unwrap_or_else(|| format!("Variant{index}")),
        Node::Ref(_) => format!("Variant{index}"),
    }
}

/// What a variant is called: the type it holds, without the union's own name as a prefix.
pub(crate) fn variant_label(ty: &TypeRef, union: &str) -> String {
    match ty {
        TypeRef::Named(name) => {
            let short = name.strip_prefix(union).filter(|rest| !rest.is_empty()).unwrap_or(name);
            short.to_owned()
        }
        TypeRef::String => "String".to_owned(),
        TypeRef::Boolean => "Boolean".to_owned(),
        TypeRef::Integer(_) => "Integer".to_owned(),
        TypeRef::Number => "Number".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::File => "File".to_owned(),
        TypeRef::Array(items) => format!("{}List", variant_label(&items.ty, union)),
        TypeRef::Map(_) => "Map".to_owned(),
        TypeRef::Json => "Json".to_owned(),
    }
}
