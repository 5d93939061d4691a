//! Inheritance as Java generators (swagger-core, springdoc) and many hand-written specs write it:
//! a base lists its subtypes in `oneOf`, and each subtype is `allOf: [$ref: Base, {its own}]`.
//!
//! The rule, about meaning rather than depth: a subtype is its own properties plus those the base
//! declares beside its `oneOf`; the base is the union of its subtypes. So a reference back to the
//! enclosing union, from inside one of its own variants' `allOf`, is not expanded into the union
//! again (`object::collect_subtypes`), and a base that declares properties beside a `oneOf` of
//! its subtypes is that union, not a struct of every subtype's fields merged.

use super::Lowerer;
use super::Node;
use super::refs::component_name;
use crate::diagnostics::pointer_join;
use openapiv3::{ReferenceOr, SchemaKind};
use std::collections::BTreeSet;

type Alternatives<'a> = &'a [ReferenceOr<openapiv3::Schema>];

/// A schema's `oneOf` and `anyOf` alternatives, with the keyword of each list.
pub(crate) fn alternatives_of(schema: &openapiv3::Schema) -> Vec<(&'static str, Alternatives<'_>)> {
    let lists: [(&'static str, Alternatives<'_>); 2] = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => [("oneOf", one_of), ("anyOf", &[])],
        SchemaKind::AnyOf { any_of } => [("oneOf", &[]), ("anyOf", any_of)],
        SchemaKind::Any(any) => [("oneOf", &any.one_of), ("anyOf", &any.any_of)],
        _ => return Vec::new(),
    };
    lists.into_iter().filter(|(_, list)| !list.is_empty()).collect()
}

/// Where the schema a reference names lives (`/components/schemas/<name>`).
fn component_pointer(reference: &str) -> Option<String> {
    component_name(reference, "schemas").map(|name| pointer_join("/components/schemas", name))
}

impl<'a> Lowerer<'a> {
    /// Whether the alternatives of `schema` (at `pointer`), or theirs in turn, list a schema
    /// `listed` accepts (by the pointer of its schema).
    pub(crate) fn lists_one_of(
        &self,
        schema: &'a openapiv3::Schema,
        pointer: &str,
        listed: &dyn Fn(&str) -> bool,
    ) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![(schema, pointer.to_owned())];
        while let Some((schema, pointer)) = todo.pop() {
            for (keyword, alternatives) in alternatives_of(schema) {
                for (index, alternative) in alternatives.iter().enumerate() {
                    let (target, at) = match Node::from(alternative) {
                        Node::Ref(reference) => (self.schema_target(reference), component_pointer(reference)),
                        Node::Item(inline) => (Some(inline), Some(format!("{pointer}/{keyword}/{index}"))),
                    };
                    let (Some(target), Some(at)) = (target, at) else { continue };
                    if listed(&at) {
                        return true;
                    }
                    if seen.insert(at.clone()) {
                        todo.push((target, at));
                    }
                }
            }
        }
        false
    }

    /// Whether the schema at `pointer` is listed among the alternatives of the one `reference`
    /// names (or theirs, in turn): a subtype of it.
    pub(crate) fn is_subtype_of(&self, pointer: &str, reference: &str) -> bool {
        let (Some(base), Some(at)) = (self.schema_target(reference), component_pointer(reference)) else {
            return false;
        };
        self.lists_one_of(base, &at, &|listed| listed == pointer)
    }

    /// Whether `schema`, at `pointer`, is a base whose alternatives are all its subtypes: each
    /// merges the base back in through its `allOf` parts.
    pub(crate) fn is_base_of_its_alternatives(&self, schema: &'a openapiv3::Schema, pointer: &str) -> bool {
        let lists = alternatives_of(schema);
        !lists.is_empty()
            && lists
                .iter()
                .flat_map(|(_, list)| list.iter())
                .all(|alternative| self.extends(alternative.into(), pointer))
    }

    /// The type name of the base that declares the property at `pointer`, when it is one of a
    /// base's own properties (`/components/schemas/<Base>/properties/<name>`, or in one of its
    /// `allOf` parts): every subtype shares it, so its inline types are named after the base
    /// (`CatalogType`), not after whichever subtype reached it first.
    pub(crate) fn declaring_base(&self, pointer: &str) -> Option<String> {
        let (segment, path) = pointer.strip_prefix("/components/schemas/")?.split_once('/')?;
        let path: Vec<&str> = path.split('/').collect();
        let own = matches!(path[..], ["properties", _] | ["allOf", _, "properties", _]);
        let name = segment.replace("~1", "/").replace("~0", "~");
        let ReferenceOr::Item(base) = self.component_schemas().get(&name)? else { return None };
        let at = pointer_join("/components/schemas", &name);
        (own && self.is_base_of_its_alternatives(base, &at)).then(|| crate::naming::type_name(&name))
    }

    /// Whether `node`'s `allOf` parts, followed through references, include the schema at `base`.
    fn extends(&self, node: Node<'a>, base: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut todo = vec![node];
        while let Some(node) = todo.pop() {
            let Some(schema) = self.target(node) else { continue };
            let all_of = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(any) => &any.all_of,
                _ => continue,
            };
            for part in all_of {
                if let ReferenceOr::Reference { reference } = part {
                    let at = component_pointer(reference);
                    if at.as_deref() == Some(base) {
                        return true;
                    }
                    if !at.is_some_and(|at| seen.insert(at)) {
                        continue;
                    }
                }
                todo.push(part.into());
            }
        }
        false
    }
}

#[cfg(test)]
mod tests;
