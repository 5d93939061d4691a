//! Which discriminator values a union writes (IR → IR, after lowering): a variant whose values do
//! not hold the property the union is told apart by (Okta's signing keys, under a key set told
//! apart by `use`) gets the value that names it added when it is sent, so the server can tell.

use crate::ir::{TypeDef, TypeKind, TypeRef, Union};
use std::collections::{BTreeMap, BTreeSet};

/// Fills each discriminated union's `written_tags`: its first mapped value, for every variant
/// whose type does not declare the property.
pub(super) fn write_missing_tags(types: &mut BTreeMap<String, TypeDef>) {
    let mut written = Vec::new();
    for def in types.values() {
        let TypeKind::Union(union) = &def.kind else { continue };
        let Some(discriminator) = &union.discriminator else { continue };
        let mut tags = Vec::new();
        for (index, variant) in union.variants.iter().enumerate() {
            let TypeRef::Named(name) = &variant.schema.ty else { continue };
            let first = discriminator.mapping.iter().find(|(_, i)| *i == index);
            if let Some((value, _)) = first.filter(|_| !holds(types, name, &discriminator.property)) {
                tags.push((index, value.clone()));
            }
        }
        if !tags.is_empty() {
            written.push((def.name.clone(), tags));
        }
    }
    for (name, tags) in written {
        if let Some(TypeKind::Union(Union { discriminator: Some(d), .. })) =
            types.get_mut(&name).map(|d| &mut d.kind)
        {
            d.written_tags = tags;
        }
    }
}

/// Whether every object value of the named type carries `property`: a struct that declares it,
/// a union whose every variant does. A type that is no object (an enum, a newtype) counts as
/// holding it, as nothing can be added to its values.
fn holds(types: &BTreeMap<String, TypeDef>, name: &str, property: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut todo = vec![name];
    while let Some(name) = todo.pop() {
        if !seen.insert(name) {
            continue;
        }
        match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(s)) if !s.fields.iter().any(|f| f.wire_name == property) => return false,
            Some(TypeKind::Union(u)) => todo.extend(u.variants.iter().filter_map(|v| match &v.schema.ty {
                TypeRef::Named(name) => Some(name.as_str()),
                _ => None,
            })),
            _ => {}
        }
    }
    true
}
