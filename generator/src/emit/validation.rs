//! Emits the `validation` module: `Validate` for every type and operation, checking every
//! constraint the spec states, with each pattern compiled once.

use super::Out;
use super::checks::{At, Context, field_checks, option_tokens, scoped_checks, statements, value_checks};
use super::imports::{GlobNames, Imports, TYPES};
use super::layout::{Gate, Part};
use super::rust_type::ident;
use super::signatures::{borrows, held_by_reference, request_struct};
use super::value::Value;
use crate::ir::{Api, Operation, Schema, StringEnum, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// `globs`: the names behind the module's globs, to import by name instead where the module is
/// compiled whole (a grouped crate's).
pub fn validation_module(
    part: &Part<'_>,
    checked: &BTreeSet<String>,
    globs: Option<&GlobNames>,
    out: &Out,
) -> TokenStream {
    let mut cx = Context::new(checked, &out.imports);
    let (checked_types, unconstrained): (Vec<_>, Vec<_>) =
        part.types.iter().partition(|(def, _)| cx.checked.contains(&def.name));
    let types: Vec<TokenStream> =
        checked_types.into_iter().map(|(def, gate)| type_impl(def, gate, &mut cx)).collect();
    let unconstrained = unconstrained_impls(&unconstrained, cx.imports);
    cx.gate = Gate::default();
    let operations: Vec<TokenStream> = part.operations.iter().map(|op| operation_impl(op, &mut cx)).collect();
    let statics = cx.statics();
    // Where items are gated one by one, the features on may leave an import unused.
    let item_gated = part.types.iter().any(|(_, gate)| !gate.0.is_empty());
    if let Some(globs) = globs.filter(|_| !item_gated) {
        out.imports.name_globs(globs);
    }
    let allow = item_gated
        .then(|| quote!(#[allow(unused_imports, reason = "each item is compiled with its own features")]));
    let imports = out.imports.render_each(&allow.unwrap_or_default());
    let docs = match &part.module {
        // A split crate's models crate holds types only.
        None if part.operations.is_empty() => {
            "`Validate` for every type: every constraint of the spec, checked before\n\
                 anything is sent, all violations reported at once."
                .to_owned()
        }
        None => "`Validate` for every request type and operation: every constraint of the spec, checked\n\
                 before anything is sent, all violations reported at once."
            .to_owned(),
        Some(_) => format!("`Validate` for the types and operations of {}.", part.subject),
    };
    let docs = super::docs::sanitize(&docs);
    quote! {
        #( #![doc = #docs] )*
        #imports
        #statics
        #( #types )*
        #( #unconstrained )*
        #( #operations )*
    }
}

/// `Validate` for a type with something to check.
fn type_impl(def: &TypeDef, gate: &Gate, cx: &mut Context<'_>) -> TokenStream {
    cx.gate = gate.clone();
    // The spec type's name, through the glob.
    cx.imports.through_glob(TYPES, &def.name);
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_checks(s, cx),
        TypeKind::StringEnum(e) => enum_checks(e),
        TypeKind::Union(u) => union_checks(u, cx),
        TypeKind::Newtype(inner) => {
            statements(value_checks(inner, &Value::Place(quote!(self.0)), &At::Here, cx))
        }
    };
    let deprecated_fields = matches!(&def.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated));
    let allow = deprecated_fields
        .then(|| quote!(#[allow(deprecated, reason = "deprecated fields are still checked")]));
    let implementation = validate_impl(quote!(#name), body, cx.imports);
    let cfg = gate.attr();
    quote!(#cfg #allow #implementation)
}

/// The types with nothing to check, one `unconstrained!` per gate (which names them bare).
fn unconstrained_impls(types: &[&(&TypeDef, Gate)], imports: &Imports) -> Vec<TokenStream> {
    let mut by_gate: BTreeMap<&Gate, Vec<proc_macro2::Ident>> = BTreeMap::new();
    for (def, gate) in types {
        imports.through_glob(TYPES, &def.name);
        by_gate.entry(gate).or_default().push(ident(&def.name));
    }
    by_gate
        .into_iter()
        .map(|(gate, names)| {
            let cfg = gate.attr();
            quote!(#cfg crate::runtime::macros::unconstrained!(#( #names ),*);)
        })
        .collect()
}

fn validate_impl(target: TokenStream, body: TokenStream, imports: &Imports) -> TokenStream {
    let checker = if body.is_empty() { quote!(_c) } else { quote!(c) };
    let validate = imports.item("crate::runtime::validation", "Validate");
    let checker_type = imports.item("crate::runtime::validation", "Checker");
    quote! {
        impl #validate for #target {
            fn check(&self, #checker: &mut #checker_type) {
                #body
            }
        }
    }
}

/// Named types with something to check, directly or through the types they contain: enums
/// (an unknown value is refused), and every type holding a constrained value. Computed to a
/// fixed point, so cycles are handled.
pub fn checked_types(api: &Api) -> BTreeSet<String> {
    fn needs(schema: &Schema, checked: &BTreeSet<String>) -> bool {
        let own = !schema.constraints.is_empty();
        own || match &schema.ty {
            TypeRef::Named(name) => checked.contains(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => needs(inner, checked),
            _ => false,
        }
    }
    let mut checked = BTreeSet::new();
    loop {
        let before = checked.len();
        for def in api.types.values() {
            let needed = match &def.kind {
                TypeKind::StringEnum(_) => true,
                TypeKind::Struct(s)
                    if s.constraints.min_properties.is_some() || s.constraints.max_properties.is_some() =>
                {
                    true
                }
                kind => kind.child_schemas().any(|s| needs(s, &checked)),
            };
            if needed {
                checked.insert(def.name.clone());
            }
        }
        if checked.len() == before {
            return checked;
        }
    }
}

fn struct_checks(s: &Struct, cx: &mut Context<'_>) -> TokenStream {
    let fields: Vec<TokenStream> = s.fields.iter().filter_map(|f| field_checks(f, cx)).collect();
    // Each undeclared property at its own name, as the map's values are checked.
    let additional = s.additional.as_ref().and_then(|a| {
        let name = ident(&a.rust_name);
        let map = Schema::of(TypeRef::Map(Box::new(a.values.clone())));
        scoped_checks(&map, Value::Place(quote!(self.#name)), false, &[], cx)
    });
    let (min, max) = (s.constraints.min_properties, s.constraints.max_properties);
    let count = (min.is_some() || max.is_some()).then(|| {
        let (min, max) = (option_tokens(min), option_tokens(max));
        quote!(c.properties(self, #min, #max);)
    });
    quote!( #count #( #fields )* #additional )
}

fn union_checks(u: &Union, cx: &mut Context<'_>) -> TokenStream {
    let checks: Vec<(proc_macro2::Ident, Option<TokenStream>)> = u
        .variants
        .iter()
        .map(|v| {
            let checks = value_checks(&v.schema, &Value::held("value"), &At::Here, cx);
            (ident(&v.rust_name), (!checks.is_empty()).then(|| statements(checks)))
        })
        .collect();
    if checks.iter().all(|(_, c)| c.is_none()) {
        return TokenStream::new();
    }
    let arms = checks.into_iter().map(|(variant, checks)| match checks {
        Some(checks) => quote!(Self::#variant(value) => { #checks }),
        None => quote!(Self::#variant(_) => {}),
    });
    let other = ident(&u.other_variant);
    quote! {
        match self {
            #( #arms )*
            Self::#other(_) => {}
        }
    }
}

fn enum_checks(e: &StringEnum) -> TokenStream {
    let unknown = ident(&e.unknown_variant);
    let allowed = e.variants.iter().map(|v| &v.wire_value);
    quote! {
        if let Self::#unknown(value) = self {
            c.unknown_variant(value, &[ #( #allowed ),* ]);
        }
    }
}

/// Parameters are checked at `/path/<name>`, `/query/<name>` and `/header/<name>`; the body at
/// its own root, so its pointers read as they do in the body's JSON.
fn operation_impl(op: &Operation, cx: &mut Context<'_>) -> TokenStream {
    let name = request_struct(op, cx.imports);
    let parameters: Vec<TokenStream> = op
        .parameters
        .iter()
        .filter_map(|p| {
            let inner = Schema { nullable: false, ..p.schema.clone() };
            let field = ident(&p.rust_name);
            let location = p.location.as_str();
            let optional = !p.required || p.schema.nullable;
            // Parameters are held by reference where they borrow (`&str`, `&T`).
            let place = if held_by_reference(&p.schema) {
                Value::Ref(quote!(self.#field))
            } else {
                Value::Place(quote!(self.#field))
            };
            scoped_checks(&inner, place, optional, &[location, p.wire_name.as_str()], cx)
        })
        .collect();
    // The body is held by reference, as `self.body` or, when optional, `body` inside it.
    let body = op.body.as_ref().and_then(|b| {
        let held = if b.required { Value::Ref(quote!(self.body)) } else { Value::held("body") };
        let checks = value_checks(&b.schema, &held, &At::Here, cx);
        let checks = (!checks.is_empty()).then(|| statements(checks))?;
        Some(if b.required {
            checks
        } else {
            quote! { if let Some(body) = self.body { #checks } }
        })
    });
    let lifetime = borrows(op).then(|| quote!(<'_>));
    let allow_deprecated = op
        .deprecated
        .then(|| quote!(#[allow(deprecated, reason = "validating the deprecated operation itself")]));
    let body = quote!( #( #parameters )* #body );
    let implementation = validate_impl(quote!(#name #lifetime), body, cx.imports);
    quote!( #allow_deprecated #implementation )
}
