//! Inline types of the same shape, compiled once: every name stays, as an alias of one type.
//!
//! Large specs restate the same inline schema at many places: Stripe's `anyOf: [string, enum:
//! [""]]` on 135 properties, its parameter objects on every operation that takes them. Each copy
//! would be a type with its own impls for rustc to compile; Stripe's 4,171 types are 2,002
//! shapes. Inline types whose definitions are the same, names aside, become one type, and each
//! keeps its name (and its description) as a `type` alias of it, so code that names one keeps
//! compiling whichever copies a later version of the spec adds or removes. Component schemas are
//! never aliased away: their names are the spec author's.
//!
//! Sameness is the IR's equality of the definitions (fields, their docs and constraints,
//! variants, boxing: everything the emitter reads but the type's own name, docs and origin);
//! merging runs to a fixpoint, since two structs become the same once the types they hold have.

use super::dedup::{is_component, shared_name};
use crate::ir::{Alias, Api, TypeDef, TypeKind, TypeRef};
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

/// Merges each group of same-shaped inline types into one, leaving their names as aliases.
pub(super) fn share_same_shapes(api: &mut Api) {
    let mut taken: BTreeSet<String> = api.types.keys().cloned().collect();
    taken.extend(api.operations.iter().map(|op| op.type_name.clone()));
    let mut outlines: HashMap<String, u64> =
        api.types.values().map(|def| (def.name.clone(), outline(&def.kind))).collect();
    loop {
        let mut renames = BTreeMap::new();
        for members in same_shapes(api, &outlines) {
            merge(api, &members, &mut taken, &mut renames);
        }
        if renames.is_empty() {
            return;
        }
        // Only a type that held a merged type has a new shape (and a new type, its first).
        let changed = apply(api, &renames);
        outlines.retain(|name, _| api.types.contains_key(name) && !changed.contains(name));
        for def in api.types.values() {
            outlines.entry(def.name.clone()).or_insert_with(|| outline(&def.kind));
        }
    }
}

/// A hash of a type's outline (its kind, the names and types of its fields or variants, its
/// values): types of one shape have the same, and few of other shapes do. Sameness itself is
/// the IR's equality of the definitions, which is every part the emitter reads but the type's
/// own name, docs and origin.
fn outline(kind: &TypeKind) -> u64 {
    // `DefaultHasher::new` has fixed keys: the same outline on every run.
    let mut hasher = DefaultHasher::new();
    std::mem::discriminant(kind).hash(&mut hasher);
    match kind {
        TypeKind::Struct(s) => {
            for f in &s.fields {
                (&f.wire_name, f.required).hash(&mut hasher);
                hash_type(&f.schema.ty, &mut hasher);
            }
            s.additional.as_ref().map(|a| hash_type(&a.values.ty, &mut hasher)).hash(&mut hasher);
        }
        TypeKind::StringEnum(e) => e.variants.iter().for_each(|v| v.wire_value.hash(&mut hasher)),
        TypeKind::Union(u) => u.variants.iter().for_each(|v| hash_type(&v.schema.ty, &mut hasher)),
        TypeKind::Newtype(inner) => hash_type(&inner.ty, &mut hasher),
    }
    hasher.finish()
}

fn hash_type(ty: &TypeRef, hasher: &mut DefaultHasher) {
    std::mem::discriminant(ty).hash(hasher);
    match ty {
        TypeRef::Named(name) => name.hash(hasher),
        TypeRef::Array(inner) | TypeRef::Map(inner) => hash_type(&inner.ty, hasher),
        _ => {}
    }
}

/// Names of the types of each shape held by two or more, each group in name order, the groups
/// in the order of their first names.
fn same_shapes(api: &Api, outlines: &HashMap<String, u64>) -> Vec<Vec<String>> {
    let mut by_outline: HashMap<u64, Vec<&str>> = HashMap::new();
    for (name, outline) in outlines {
        by_outline.entry(*outline).or_default().push(name);
    }
    let mut groups: Vec<Vec<String>> = Vec::new();
    for mut members in by_outline.into_values().filter(|members| members.len() > 1) {
        members.sort_unstable();
        // Types of one outline, split by their definitions (rarely more than one group).
        let mut same: Vec<Vec<String>> = Vec::new();
        for name in members {
            let kind = &api.types[name].kind;
            match same.iter_mut().find(|group| api.types[&group[0]].kind == *kind) {
                Some(group) => group.push(name.to_owned()),
                None => same.push(vec![name.to_owned()]),
            }
        }
        groups.extend(same.into_iter().filter(|group| group.len() > 1));
    }
    groups.sort_unstable();
    groups
}

/// Chooses the type that holds a shape and makes the other inline members its aliases: the
/// first component schema among them; else a name the members share (`TaxIpAddress`) or the
/// shortest of theirs. A shape of components only is left alone.
fn merge(
    api: &mut Api,
    members: &[String],
    taken: &mut BTreeSet<String>,
    renames: &mut BTreeMap<String, String>,
) {
    let (components, inline): (Vec<&String>, Vec<&String>) =
        members.iter().partition(|name| is_component(&api.types[*name]));
    if inline.is_empty() || (components.is_empty() && inline.len() < 2) {
        return;
    }
    let target = match components.first() {
        Some(component) => (*component).clone(),
        None => {
            let shortest = inline.iter().min_by_key(|name| (name.len(), name.as_str())).copied();
            let shared = shared_name(&inline).filter(|name| !taken.contains(name));
            let target = shared.or_else(|| shortest.cloned()).expect("two or more inline members");
            if !api.types.contains_key(&target) {
                let first = &api.types[inline[0]];
                let docs = common_docs(inline.iter().map(|name| &api.types[*name]));
                let def = TypeDef {
                    name: target.clone(),
                    docs,
                    origin: first.origin.clone(),
                    kind: first.kind.clone(),
                };
                taken.insert(target.clone());
                api.types.insert(target.clone(), def);
            }
            target
        }
    };
    for name in inline.into_iter().filter(|name| **name != target) {
        let def = api.types.remove(name).expect("members are types");
        api.aliases
            .insert(name.clone(), Alias { docs: def.docs, origin: def.origin, target: target.clone() });
        renames.insert(name.clone(), target.clone());
    }
}

/// The description every member has, when they agree.
fn common_docs<'a>(mut defs: impl Iterator<Item = &'a TypeDef>) -> Option<String> {
    let first = defs.next()?.docs.clone();
    defs.all(|def| def.docs == first).then_some(first).flatten()
}

/// Points every use of a merged type, and every alias of one, at the type that holds its shape;
/// returns the types that held one.
fn apply(api: &mut Api, renames: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut changed = BTreeSet::new();
    for def in api.types.values_mut() {
        let mut renamed = false;
        def.kind.for_each_schema_mut(&mut |schema| renamed |= rename(schema, renames));
        if renamed {
            changed.insert(def.name.clone());
        }
    }
    api.for_each_operation_schema_mut(&mut |schema| _ = rename(schema, renames));
    for alias in api.aliases.values_mut() {
        if let Some(to) = renames.get(&alias.target) {
            alias.target = to.clone();
        }
    }
    changed
}

/// Renames the type `schema` names, if it is merged; whether it was.
fn rename(schema: &mut crate::ir::Schema, renames: &BTreeMap<String, String>) -> bool {
    let TypeRef::Named(name) = &mut schema.ty else { return false };
    let Some(to) = renames.get(name.as_str()) else { return false };
    *name = to.clone();
    true
}

#[cfg(test)]
mod tests;
