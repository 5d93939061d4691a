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
//! Sameness is of everything the emitter reads (fields, their docs and constraints, variants,
//! boxing) but the type's own name, docs and origin; merging runs to a fixpoint, since two
//! structs become the same once the types they hold have.

use super::dedup::{is_component, shared_name};
use crate::ir::{Alias, Api, TypeDef, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Merges each group of same-shaped inline types into one, leaving their names as aliases.
pub(super) fn share_same_shapes(api: &mut Api) {
    let mut taken: BTreeSet<String> = api.types.keys().cloned().collect();
    taken.extend(api.operations.iter().map(|op| op.type_name.clone()));
    loop {
        let mut renames = BTreeMap::new();
        for members in same_shapes(api) {
            merge(api, &members, &mut taken, &mut renames);
        }
        if renames.is_empty() {
            return;
        }
        apply(api, &renames);
    }
}

/// Names of the types of each shape held by two or more, in name order.
fn same_shapes(api: &Api) -> Vec<Vec<String>> {
    let mut by_shape: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for def in api.types.values() {
        // The IR's `Debug` text is every part of the definition, so nothing the emitter reads
        // can differ between two types merged as one.
        by_shape.entry(format!("{:?}", def.kind)).or_default().push(def.name.clone());
    }
    by_shape.into_values().filter(|members| members.len() > 1).collect()
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

/// Points every use of a merged type, and every alias of one, at the type that holds its shape.
fn apply(api: &mut Api, renames: &BTreeMap<String, String>) {
    api.for_each_schema_mut(&mut |schema| {
        if let TypeRef::Named(name) = &mut schema.ty {
            if let Some(to) = renames.get(name.as_str()) {
                *name = to.clone();
            }
        }
    });
    for alias in api.aliases.values_mut() {
        if let Some(to) = renames.get(&alias.target) {
            alias.target = to.clone();
        }
    }
}

#[cfg(test)]
mod tests;
