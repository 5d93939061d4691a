//! A property that the `oneOf`/`anyOf` alternatives among an object's parts give with different
//! schemas: any one alternative may apply, so the field takes a value of any of them. String
//! enums become one enum of all their values (OpenAI's event unions give `type` one value per
//! alternative); other schemas a union with a variant each.

use super::Lowerer;
use super::Node;
use super::object::PartProperty;
use crate::ir::{Schema, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming;
use openapiv3::{SchemaKind, StringType, Type};
use std::collections::BTreeSet;

impl<'a> Lowerer<'a> {
    /// Whether two schemas an object's alternatives give a property say the same (annotations
    /// such as `description` aside).
    pub(crate) fn same_schema(&self, a: Node<'a>, b: Node<'a>) -> bool {
        match (a, b) {
            (Node::Ref(a), Node::Ref(b)) if a == b => true,
            _ => match (self.target(a), self.target(b)) {
                (Some(a), Some(b)) => {
                    a.schema_kind == b.schema_kind && a.schema_data.nullable == b.schema_data.nullable
                }
                _ => false,
            },
        }
    }

    /// The type of a property the alternatives give several schemas (see the module docs); a new
    /// type is named from `hint`, else from `owner` and the property.
    pub(crate) fn alternatives_schema(
        &mut self,
        property: &PartProperty<'a>,
        owner: &str,
        hint: &str,
    ) -> Schema {
        let mut nodes = vec![(property.node, property.pointer.clone())];
        nodes.extend(property.alternatives.iter().cloned());
        let base = match hint {
            "" => format!("{owner}{}", naming::type_name(&property.name)),
            hint => hint.to_owned(),
        };
        let described =
            nodes.iter().find_map(|(node, _)| self.target(*node)?.schema_data.description.clone());
        if let Some(values) = self.enum_values(&nodes) {
            let string = StringType { enumeration: values, ..StringType::default() };
            let name = self.fresh_type_name(&base);
            return self.string_enum(&string, described, &property.pointer, name);
        }
        let mut schemas: Vec<Schema> = Vec::new();
        let mut nullable = false;
        for (node, pointer) in &nodes {
            let schema = self.schema_named(*node, pointer, &format!("{base}Variant"), None);
            nullable |= schema.nullable;
            let schema = Schema { nullable: false, ..schema };
            if !schemas.contains(&schema) {
                schemas.push(schema);
            }
        }
        // One that allows any value allows them all; one kind of value needs no union.
        if let Some(any) = schemas.iter().find(|s| s.ty == TypeRef::Json) {
            return Schema { nullable, ..any.clone() };
        }
        if let [single] = schemas.as_slice() {
            return Schema { nullable, ..single.clone() };
        }
        let name = self.fresh_type_name(&base);
        let mut taken = BTreeSet::new();
        let variants: Vec<UnionVariant> = schemas
            .into_iter()
            .map(|schema| {
                let label = naming::variant_name(&super::union::variant_label(&schema.ty, &name));
                UnionVariant { rust_name: naming::unique(label, &mut taken), schema, boxed: false }
            })
            .collect();
        let how = format!("`{}` as any of the object's alternatives gives it.", property.name);
        let docs = described.map_or_else(|| how.clone(), |d| format!("{d}\n\n{how}"));
        let other_variant = naming::unique("Other".to_owned(), &mut taken);
        let kind = TypeKind::Union(Union { variants, discriminator: None, other_variant });
        let origin = property.pointer.clone();
        self.types.insert(name.clone(), TypeDef { name: name.clone(), docs: Some(docs), origin, kind });
        Schema { nullable, ..Schema::of(TypeRef::Named(name)) }
    }

    /// Every value of the schemas, where each is a string enum (`None` for `null`), in order.
    fn enum_values(&self, nodes: &[(Node<'a>, String)]) -> Option<Vec<Option<String>>> {
        let mut values = Vec::new();
        for (node, _) in nodes {
            let SchemaKind::Type(Type::String(string)) = &self.target(*node)?.schema_kind else {
                return None;
            };
            if string.enumeration.is_empty() {
                return None;
            }
            for value in &string.enumeration {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
        }
        Some(values)
    }
}
