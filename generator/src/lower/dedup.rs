//! Merging identical inline enums, so a value list the spec repeats is one Rust type.
//!
//! Large specs restate the same inline `enum` at many places (Cloudflare's
//! `format: [JSON, CSV]` query parameter, on 197 operations). Each copy would be a type with its
//! own impls for rustc to compile. Inline enums with the same values and the same description
//! become one type, and every use refers to it. Component enums keep their names, since the
//! spec's author chose them; inline copies of one refer to it.

use crate::ir::{Api, TypeDef, TypeKind};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// What makes two enums the same type: their description and their values, in order.
type Content = (Option<String>, Vec<String>);

/// Replaces each group of identical enums by one, and points every use at it.
pub(super) fn merge_identical_enums(api: &mut Api) {
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = api.types.keys().cloned().collect();
    taken.extend(api.operations.iter().map(|op| op.type_name.clone()));
    for members in identical_enums(api) {
        let (components, inline): (Vec<&String>, Vec<&String>) =
            members.iter().partition(|name| is_component(&api.types[*name]));
        let target = match components.first() {
            Some(component) => (*component).clone(),
            None if inline.len() < 2 => continue,
            None => {
                inline.iter().for_each(|name| _ = taken.remove(*name));
                let name = shared_name(&inline).filter(|name| !taken.contains(name));
                let name = name.unwrap_or_else(|| inline[0].clone());
                taken.insert(name.clone());
                name
            }
        };
        for name in inline.into_iter().filter(|name| **name != target) {
            renames.insert(name.clone(), target.clone());
        }
    }
    apply(api, &renames);
}

/// Names of enums with the same content, in groups of two or more, each in name order.
fn identical_enums(api: &Api) -> Vec<Vec<String>> {
    let mut by_content: BTreeMap<Content, Vec<String>> = BTreeMap::new();
    for def in api.types.values() {
        if let TypeKind::StringEnum(e) = &def.kind {
            let values = e.variants.iter().map(|v| v.wire_value.clone()).collect();
            by_content.entry((def.docs.clone(), values)).or_default().push(def.name.clone());
        }
    }
    by_content.into_values().filter(|members| members.len() > 1).collect()
}

/// Whether a type is a schema of `components/schemas` itself, rather than one inside it.
pub(super) fn is_component(def: &TypeDef) -> bool {
    def.origin.strip_prefix("/components/schemas/").is_some_and(|name| !name.contains('/'))
}

/// The words all the names end with (`Format` for `ListZonesFormat` and `GetDnsTopFormat`),
/// when that makes a name that says something.
pub(super) fn shared_name(names: &[&String]) -> Option<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|name| words(name)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let common = (1..=shortest)
        .take_while(|&n| split.iter().all(|w| w[w.len() - n] == split[0][split[0].len() - n]))
        .last()?;
    let suffix = split[0][split[0].len() - common..].concat();
    // `Item` alone is what every array's item type ends with, `Variant1` every union's second
    // inline variant: they name nothing.
    let says_nothing = suffix == "Item"
        || suffix.strip_prefix("Variant").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
    (!says_nothing).then(|| naming::type_name(&suffix))
}

/// The words of a PascalCase name, each starting at an uppercase letter.
fn words(name: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = name.match_indices(char::is_uppercase).map(|(i, _)| i).collect();
    if starts.first() != Some(&0) {
        starts.insert(0, 0);
    }
    starts.iter().zip(starts.iter().skip(1).chain([&name.len()])).map(|(&a, &b)| &name[a..b]).collect()
}

/// Renames each merged enum to its group's name, drops the copies, and rewrites every use.
fn apply(api: &mut Api, renames: &BTreeMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    for (from, to) in renames {
        let def = api.types.remove(from).expect("renames only names existing types");
        if !api.types.contains_key(to) {
            api.types.insert(to.clone(), TypeDef { name: to.clone(), ..def });
        }
    }
    api.for_each_schema_mut(&mut |schema| {
        if let crate::ir::TypeRef::Named(name) = &mut schema.ty {
            if let Some(to) = renames.get(name.as_str()) {
                *name = to.clone();
            }
        }
    });
}
