//! A property that several `allOf` parts give: the value must be valid for each schema. The last
//! one types it, except where it has no `type` and only constrains objects (`properties`,
//! `required`…): it then leaves the other kinds of value an earlier part allows allowed, and the
//! property is a union of the last part's object and those (Cloudflare's envelopes declare
//! `result: anyOf [object, string]`, then give `result` properties in each operation). Where
//! the last part gives an inline object and earlier parts objects with properties it does not
//! repeat, the property is one struct of all their properties (`object::merged_object`).

use super::Lowerer;
use super::Node;
use super::object::PartProperty;
use crate::ir::{Schema, TypeDef, TypeKind, TypeRef, Union, UnionVariant};
use crate::naming;
use openapiv3::{ReferenceOr, SchemaKind, Type};
use std::collections::BTreeSet;

impl<'a> Lowerer<'a> {
    /// The type of a property of `owner`'s parts (see the module docs); a new inline type is
    /// named from `hint`.
    pub(crate) fn property_schema(&mut self, property: &PartProperty<'a>, owner: &str, hint: &str) -> Schema {
        if !property.alternatives.is_empty() {
            return self.alternatives_schema(property, owner, hint);
        }
        if let Some(merged) = self.merged_object(property, owner, hint) {
            return merged;
        }
        let others = match self.narrowed(property) {
            Some((earlier, pointer)) => self.non_object_alternatives(earlier, &pointer),
            None => Vec::new(),
        };
        if others.is_empty() {
            return self.schema_named(property.node, &property.pointer, hint, None);
        }
        let name = match hint {
            "" => self.fresh_type_name(&format!("{owner}{}", naming::type_name(&property.name))),
            hint => self.fresh_type_name(hint),
        };
        let last = self.schema_named(property.node, &property.pointer, &format!("{name}Object"), None);
        let mut taken = BTreeSet::new();
        let object = UnionVariant {
            rust_name: naming::unique("Object".to_owned(), &mut taken),
            boxed: false,
            schema: Schema { nullable: false, ..last.clone() },
        };
        let mut variants = vec![object];
        for (node, pointer) in others {
            let schema = self.schema_named(node, &pointer, &format!("{name}Variant"), None);
            let label = naming::variant_name(&super::union::variant_label(&schema.ty, &name));
            variants.push(UnionVariant {
                rust_name: naming::unique(label, &mut taken),
                schema,
                boxed: false,
            });
        }
        let described = self.target(property.node).and_then(|s| s.schema_data.description.clone());
        let how = format!(
            "An object as the last `allOf` part describes `{}`, or another kind of value an earlier \
             part allows.",
            property.name
        );
        let docs = described.map_or_else(|| how.clone(), |d| format!("{d}\n\n{how}"));
        let other_variant = naming::unique("Other".to_owned(), &mut taken);
        let kind = TypeKind::Union(Union { variants, discriminator: None, other_variant });
        let origin = property.pointer.clone();
        self.types.insert(name.clone(), TypeDef { name: name.clone(), docs: Some(docs), origin, kind });
        Schema { nullable: last.nullable, ..Schema::of(TypeRef::Named(name)) }
    }

    /// The schema an earlier part gives the property, when the last one constrains objects only.
    fn narrowed(&self, property: &PartProperty<'a>) -> Option<(Node<'a>, String)> {
        if property.earlier.is_empty() || !self.constrains_objects_only(property.node) {
            return None;
        }
        // The nearest earlier schema that says more than what objects look like.
        property.earlier.iter().rev().find(|(node, _)| !self.constrains_objects_only(*node)).cloned()
    }

    /// Whether `node` has no `type` and only object keywords (so any non-object value is valid),
    /// it and every `allOf` part it has, through references (each followed once).
    fn constrains_objects_only(&self, node: Node<'a>) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![node];
        while let Some(node) = todo.pop() {
            if matches!(node, Node::Ref(reference) if !seen.insert(reference)) {
                continue;
            }
            let Some(schema) = self.target(node) else { return false };
            let parts = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(any) if only_object_keywords(any) => &any.all_of,
                _ => return false,
            };
            todo.extend(parts.iter().map(Node::from));
        }
        true
    }

    /// The alternatives of `node` that are not objects: itself when it is typed so, or its
    /// `oneOf`/`anyOf` branches that are.
    fn non_object_alternatives(&self, node: Node<'a>, pointer: &str) -> Vec<(Node<'a>, String)> {
        let Some(schema) = self.target(node) else { return Vec::new() };
        let pointer = self.target_pointer(node, pointer);
        let (branches, keyword) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => return Vec::new(),
            SchemaKind::Type(_) => return vec![(node, pointer)],
            SchemaKind::AnyOf { any_of } => (any_of, "anyOf"),
            SchemaKind::OneOf { one_of } => (one_of, "oneOf"),
            SchemaKind::Any(any) if any.typ.is_none() && !any.any_of.is_empty() => (&any.any_of, "anyOf"),
            SchemaKind::Any(any) if any.typ.is_none() && !any.one_of.is_empty() => (&any.one_of, "oneOf"),
            _ => return Vec::new(),
        };
        let is_other = |branch: &&'a ReferenceOr<openapiv3::Schema>| {
            self.target(Node::from(*branch)).is_some_and(
                |s| matches!(&s.schema_kind, SchemaKind::Type(t) if !matches!(t, Type::Object(_))),
            )
        };
        let with_pointers = branches.iter().enumerate().map(|(i, b)| (b, format!("{pointer}/{keyword}/{i}")));
        with_pointers.filter(|(b, _)| is_other(b)).map(|(b, p)| (Node::from(b), p)).collect()
    }

    /// Where the schema a node is lives: the component a reference names, else `pointer`.
    fn target_pointer(&self, node: Node<'a>, pointer: &str) -> String {
        match node {
            Node::Ref(reference) => reference.trim_start_matches('#').to_owned(),
            Node::Item(_) => pointer.to_owned(),
        }
    }
}

/// Whether a schema without a `type` says nothing but what objects look like.
fn only_object_keywords(any: &openapiv3::AnySchema) -> bool {
    any.typ.is_none()
        && any.one_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
        && any.pattern.is_none()
        && any.items.is_none()
        && [any.min_length, any.max_length, any.min_items, any.max_items].iter().all(Option::is_none)
        && [any.minimum, any.maximum, any.multiple_of].iter().all(Option::is_none)
}
