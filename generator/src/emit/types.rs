//! Emits the `types` module (or one part of it): a struct per object schema, an enum per string
//! enum, a union per `oneOf`/`anyOf`.

use super::Out;
use super::docs::{code_span, describe_constraints};
use super::imports::Imports;
use super::layout::Part;
use super::rust_type::{Scope, ident, rust_type};
use crate::ir::{Alias, Field, StringEnum, Struct, TypeDef, TypeKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// `models`: a split crate's models crate, when `part` is its client crate's: its types are
/// re-exported beside the part's own.
pub fn types_module(part: &Part<'_>, models: Option<&str>, out: &Out) -> TokenStream {
    let docs = match (&part.module, models) {
        (Some(_), _) => format!("Types used by {}.", part.subject),
        (None, Some(_)) => "Request and response types, one per schema of the spec: here those only\n\
                            requests use, re-exported beside them the models crate's."
            .to_owned(),
        (None, None) => "Request and response types, one per schema of the spec.".to_owned(),
    };
    let docs = super::docs::sanitize(&docs);
    let own: BTreeSet<&str> = part.types.iter().map(|(def, _)| def.name.as_str()).collect();
    let reexport = models.map(|models| {
        let models = ident(models);
        quote!(pub use ::#models::types::*;)
    });
    // Where items are gated one by one, the features on may leave an import unused (serde's,
    // where they leave only enums, which implement serde through `string_enum!`), and a named
    // import of a type compiled out would not resolve: such parts keep the glob.
    let item_gated = part.types.iter().any(|(_, gate)| !gate.0.is_empty());
    let by_name = part.module.is_some() && !item_gated;
    let scope = Scope::Types { imports: &out.imports, own: part.module.as_ref().map(|_| &own), by_name };
    // Each type is followed by its other names.
    let mut aliases: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
    for (name, alias, gate) in &part.aliases {
        aliases.entry(alias.target.as_str()).or_default().push(alias_def(name, alias, &gate.attr(), out));
    }
    let items: Vec<TokenStream> = part
        .types
        .iter()
        .map(|(def, gate)| {
            let others = aliases.remove(def.name.as_str()).unwrap_or_default();
            let def = match (&def.docs, others.is_empty()) {
                (None, false) => &TypeDef { docs: Some(shape_docs(&def.name, part)), ..(*def).clone() },
                _ => *def,
            };
            let def = type_def(def, &gate.attr(), out, scope);
            quote!(#def #( #others )*)
        })
        .collect();
    let allow = item_gated
        .then(|| quote!(#[allow(unused_imports, reason = "each item is compiled with its own features")]));
    let imports = out.imports.render_each(&allow.unwrap_or_default());
    quote! {
        #( #![doc = #docs] )*
        #imports
        #reexport
        #( #items )*
    }
}

/// `serde`'s `Serialize` or `Deserialize`, for a derive or an impl.
pub fn serde(imports: &Imports, name: &'static str) -> Ident {
    imports.item("::serde", name)
}

/// `Serialize, Deserialize`, for a derive.
pub fn serde_both(imports: &Imports) -> TokenStream {
    let (serialize, deserialize) = (serde(imports, "Serialize"), serde(imports, "Deserialize"));
    quote!(#serialize, #deserialize)
}

/// A type's items, each behind `gate` (a `#[cfg]`, or nothing).
fn type_def(def: &TypeDef, gate: &TokenStream, out: &Out, scope: Scope<'_>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, s, gate, out, scope),
        TypeKind::StringEnum(e) => enum_def(def, e, gate, out),
        TypeKind::Union(u) => super::union::union_def(def, u, gate, out, scope),
        TypeKind::Newtype(inner) => super::union::newtype_def(def, inner, gate, out, scope),
    }
}

/// What a type merged from inline schemas of one shape (see `lower::alias`) says of itself
/// when they had no description in common: whose shape it is.
fn shape_docs(name: &str, part: &Part<'_>) -> String {
    let names: Vec<String> = part
        .aliases
        .iter()
        .filter(|(_, alias, _)| alias.target == name)
        .map(|(n, ..)| format!("`{n}`"))
        .collect();
    let listed = match names.as_slice() {
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [first, second, third] => format!("{first}, {second} and {third}"),
        [first, second, rest @ ..] => format!("{first}, {second} and {} others", rest.len()),
        [] => unreachable!("a type is merged from two or more"),
    };
    format!("The shape of the inline schemas {listed}, each an alias of this type.")
}

/// Another name of a type of the same shape (see `lower::alias`), with its own description.
fn alias_def(name: &str, alias: &Alias, gate: &TokenStream, out: &Out) -> TokenStream {
    let docs = out.docs.attrs(alias.docs.as_deref());
    let separator = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    let note = format!(" The same type as [`{}`], whose shape this schema repeats.", alias.target);
    let (name, target) = (ident(name), ident(&alias.target));
    quote! {
        #docs
        #separator
        #[doc = #note]
        #gate
        pub type #name = #target;
    }
}

fn struct_def(def: &TypeDef, s: &Struct, gate: &TokenStream, out: &Out, scope: Scope<'_>) -> TokenStream {
    let name = ident(&def.name);
    let docs = out.docs.attrs(def.docs.as_deref());
    let default = s.all_optional().then(|| quote!(, Default));
    let fields = s.fields.iter().map(|f| field(f, out, scope));
    let additional = s.additional.as_ref().map(|a| {
        let name = ident(&a.rust_name);
        let values = rust_type(&a.values, scope);
        quote! {
            /// The properties beyond those above, by name, as the schema allows
            /// (`additionalProperties`).
            pub #name: ::std::collections::BTreeMap<String, #values>,
        }
    });
    let building = super::constructors::constructor_and_setters(&name, s, gate, scope);
    // Serde comes from `objects`, not derives: the struct is read from a JSON object only,
    // never filled in order from an array, and has no inherent serde functions.
    let serde = super::objects::serde_impls(&name, s, gate, out);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq #default)]
        pub struct #name {
            #( #fields )*
            #additional
        }

        #building

        #serde
    }
}

fn field(f: &Field, out: &Out, scope: Scope<'_>) -> TokenStream {
    let name = ident(&f.rust_name);
    // The value itself is boxed, inside `null`'s `Option`: `Option<Box<T>>` costs no
    // allocation for `null`.
    let mut ty = rust_type(&crate::ir::Schema { nullable: false, ..f.schema.clone() }, scope);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.schema.nullable {
        ty = quote!(Option<#ty>);
    }
    if !f.required {
        ty = quote!(Option<#ty>);
    }
    let docs = out.docs.attrs(field_doc_paragraphs(f).iter().map(String::as_str));
    let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
    // Maps of maps of lists are what the spec says; a type alias would only hide that.
    let complex = (nesting(&f.schema) + usize::from(!f.required) >= 4)
        .then(|| quote!(#[allow(clippy::type_complexity, reason = "nested as the spec's schema is")]));
    quote! {
        #docs
        #deprecated
        #complex
        pub #name: #ty,
    }
}

/// How many containers (`Option`, `Vec`, maps) wrap the innermost type of `schema`.
fn nesting(schema: &crate::ir::Schema) -> usize {
    let inner = match &schema.ty {
        crate::ir::TypeRef::Array(inner) | crate::ir::TypeRef::Map(inner) => 1 + nesting(inner),
        _ => 0,
    };
    inner + usize::from(schema.nullable)
}

fn field_doc_paragraphs(f: &Field) -> Vec<String> {
    let mut paragraphs: Vec<String> = f.docs.iter().cloned().collect();
    paragraphs.extend(describe_constraints(&f.schema.constraints));
    if let Some(default) = &f.default {
        paragraphs.push(format!("Defaults to `{default}` on the server when left out."));
    }
    if f.read_only {
        paragraphs.push("Read-only: set by the server, never sent.".to_owned());
    }
    if f.write_only {
        paragraphs.push("Write-only: sent, never returned.".to_owned());
    }
    if !f.required && f.schema.nullable {
        let null_setter = super::constructors::null_setter_of(crate::naming::unraw(&f.rust_name));
        paragraphs.push(format!(
            "`Some(None)` sends an explicit `null`, as the setter `{null_setter}()` does; `None` leaves \
             the field out. Read the value as one `Option` with `.value()` (the [`Nullable`](crate::Nullable) \
             trait)."
        ));
    }
    paragraphs
}

/// A string enum. Its impls come from `string_enum!` (the wire mapping, once each way, then
/// `Display` and serde through it) instead of derives: an untagged catch-all variant makes
/// serde's derive expand into a buffering deserializer, the largest compile cost of API crates
/// full of small enums.
fn enum_def(def: &TypeDef, e: &StringEnum, gate: &TokenStream, out: &Out) -> TokenStream {
    let name = ident(&def.name);
    let docs = out.docs.attrs(def.docs.as_deref());
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" {}", code_span(&v.wire_value));
        quote! { #[doc = #doc] #variant, }
    });
    let mapping = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_value;
        quote! { #variant = #wire }
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value this client does not know, kept as sent so newer servers break nothing.
            #unknown(String),
        }

        #gate
        crate::runtime::macros::string_enum!(#name, #unknown, { #( #mapping ),* });
    }
}
