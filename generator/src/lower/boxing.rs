//! Where a `Box` goes (IR → IR, after lowering): only where a cycle of types that hold each
//! other by value needs one to have a size.
//!
//! A struct holds its fields' types and a union its variants' by value; arrays, maps and
//! newtypes hold theirs on the heap already, so a cycle through one needs no box. The types and
//! these edges form a graph; a depth-first search, in name and field order, boxes each edge
//! that closes a cycle (a back edge). Removing the back edges of a depth-first search leaves no
//! cycle, so every cycle gets one box, and an edge on no cycle never gets one.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

/// Sets `boxed` on exactly the struct fields and union variants that close a cycle.
pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    let back_edges = back_edges(types);
    for def in types.values_mut() {
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for (slot, field) in s.fields.iter_mut().enumerate() {
                    field.boxed = back_edges.contains(&(def.name.clone(), slot));
                }
            }
            TypeKind::Union(u) => {
                for (slot, variant) in u.variants.iter_mut().enumerate() {
                    variant.boxed = back_edges.contains(&(def.name.clone(), slot));
                }
            }
            TypeKind::StringEnum(_) | TypeKind::Newtype(_) => {}
        }
    }
}

/// The types `def` holds by value: (slot, type name), a slot being a field's or variant's index.
fn held_by_value(def: &TypeDef) -> Vec<(usize, &str)> {
    fn named(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }
    let schemas: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.schema.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.schema.ty).collect(),
        TypeKind::StringEnum(_) | TypeKind::Newtype(_) => Vec::new(),
    };
    schemas.into_iter().enumerate().filter_map(|(slot, ty)| Some((slot, named(ty)?))).collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Visit {
    OnPath,
    Done,
}

/// A type on the search's path: its name, what it holds, and the next of those to follow.
struct Step<'a> {
    name: &'a str,
    holds: Vec<(usize, &'a str)>,
    next: usize,
}

/// (type, slot) of every back edge of a depth-first search over the held-by-value graph.
/// Iterative: a chain of thousands of types must not exhaust the generator's stack.
fn back_edges(types: &BTreeMap<String, TypeDef>) -> std::collections::BTreeSet<(String, usize)> {
    let mut state: BTreeMap<&str, Visit> = BTreeMap::new();
    let mut back = std::collections::BTreeSet::new();
    for (root, def) in types {
        if state.contains_key(root.as_str()) {
            continue;
        }
        state.insert(root, Visit::OnPath);
        let mut path = vec![Step { name: root, holds: held_by_value(def), next: 0 }];
        while let Some(step) = path.last_mut() {
            let Some(&(slot, target)) = step.holds.get(step.next) else {
                state.insert(step.name, Visit::Done);
                path.pop();
                continue;
            };
            step.next += 1;
            let name = step.name;
            match state.get(target) {
                Some(Visit::OnPath) => {
                    back.insert((name.to_owned(), slot));
                }
                Some(Visit::Done) => {}
                None => {
                    let Some((target, def)) = types.get_key_value(target) else { continue };
                    state.insert(target, Visit::OnPath);
                    path.push(Step { name: target, holds: held_by_value(def), next: 0 });
                }
            }
        }
    }
    back
}

#[cfg(test)]
mod tests {
    use crate::ir::{Field, Schema, Struct, TypeDef, TypeKind, TypeRef};
    use std::collections::BTreeMap;

    /// Types and the types each holds (`X[]`: an array of `X`).
    type Graph<'a> = &'a [(&'a str, &'a [&'a str])];

    fn structs(edges: Graph<'_>) -> BTreeMap<String, TypeDef> {
        let field = |target: &str| Field {
            rust_name: target.to_lowercase(),
            wire_name: target.to_lowercase(),
            docs: None,
            required: true,
            schema: Schema::of(match target.strip_suffix("[]") {
                Some(items) => TypeRef::Array(Box::new(Schema::of(TypeRef::Named(items.to_owned())))),
                None => TypeRef::Named(target.to_owned()),
            }),
            boxed: false,
            read_only: false,
            write_only: false,
            deprecated: false,
            default: None,
        };
        let def = |(name, targets): &(&str, &[&str])| {
            let fields = targets.iter().map(|t| field(t)).collect();
            let kind = TypeKind::Struct(Struct { fields, ..Struct::default() });
            (name.to_string(), TypeDef { name: name.to_string(), docs: None, origin: String::new(), kind })
        };
        edges.iter().map(def).collect()
    }

    fn boxed(types: &BTreeMap<String, TypeDef>) -> Vec<String> {
        let mut boxed = Vec::new();
        for def in types.values() {
            let TypeKind::Struct(s) = &def.kind else { continue };
            boxed
                .extend(s.fields.iter().filter(|f| f.boxed).map(|f| format!("{}.{}", def.name, f.rust_name)));
        }
        boxed
    }

    /// (types and what each holds, the fields boxed); `X[]` is an array of `X`.
    #[test]
    fn a_box_goes_only_where_a_cycle_held_by_value_needs_one() {
        let cases: &[(Graph<'_>, &[&str])] = &[
            (&[("Node", &["Node"])], &["Node.node"]),
            (&[("Node", &["Node[]"])], &[]),
            (&[("A", &["B"]), ("B", &["A"])], &["B.a"]),
            // A cycle that an array already breaks needs no box, even where the search meets a
            // field of a type being visited.
            (&[("A", &["B[]"]), ("B", &["A"])], &[]),
            // The search reaches `U` from `A` through an array first; the cycle `A → X → U → A`
            // held by value still gets its box.
            (&[("A", &["U[]", "X"]), ("U", &["A"]), ("X", &["U"])], &["U.a"]),
            (&[("A", &["B", "C"]), ("B", &["C"]), ("C", &[])], &[]),
            (&[("A", &["A", "B"]), ("B", &["B", "A"])], &["A.a", "B.b", "B.a"]),
        ];
        for (graph, expected) in cases {
            let mut types = structs(graph);
            super::box_cycles(&mut types);
            assert_eq!(boxed(&types), *expected, "{graph:?}");
        }
    }
}
