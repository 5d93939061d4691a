//! IR type references → Rust type tokens, and identifiers from IR names.

use super::imports::{Imports, TYPES};
use crate::ir::{IntegerWidth, Schema, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeSet;

/// An identifier from an IR name, raw (`r#type`) where the name says so.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Where the tokens are used, which decides how named types are spelled and reached.
#[derive(Clone, Copy)]
pub enum Scope<'a> {
    /// Inside the crate, outside `types`: named types are written bare, through the
    /// `crate::types::*` glob recorded in `imports`.
    Crate(&'a Imports),
    /// In `types`, or a grouped crate's part of it holding the types `own`: the others are
    /// reached through `super` (the index module, which re-exports every part), by name where
    /// `by_name` (a part compiled whole), else through its glob. A flat crate's `types` (no
    /// `own`) has every type in scope: its own, and a split crate's models re-exported there.
    Types { imports: &'a Imports, own: Option<&'a BTreeSet<&'a str>>, by_name: bool },
    /// Outside the crate (its examples), which is named by this identifier.
    External(&'a str),
}

/// A type of the crate's runtime module, e.g. `bytes::Base64`.
fn runtime_type(scope: Scope<'_>, path: TokenStream) -> TokenStream {
    match scope {
        Scope::External(krate) => {
            let krate = ident(krate);
            quote!(::#krate::runtime::#path)
        }
        Scope::Crate(_) | Scope::Types { .. } => quote!(crate::runtime::#path),
    }
}

/// The Rust type of a value of `schema`, `Option` when the schema is nullable.
///
/// Prelude names are used bare: the naming module never lets a generated type shadow them.
pub fn rust_type(schema: &Schema, scope: Scope<'_>) -> TokenStream {
    let ty = base_type(&schema.ty, scope);
    if schema.nullable { quote!(Option<#ty>) } else { ty }
}

fn base_type(ty: &TypeRef, scope: Scope<'_>) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Integer(IntegerWidth::I32) => quote!(i32),
        TypeRef::Integer(IntegerWidth::I64) => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::DateTime => runtime_type(scope, quote!(time::DateTime)),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Uuid => runtime_type(scope, quote!(uuid::Uuid)),
        TypeRef::Bytes => runtime_type(scope, quote!(bytes::Base64)),
        TypeRef::File => runtime_type(scope, quote!(multipart::File)),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Array(items) => {
            let items = rust_type(items, scope);
            quote!(Vec<#items>)
        }
        TypeRef::Map(values) => {
            let values = rust_type(values, scope);
            quote!(::std::collections::BTreeMap<String, #values>)
        }
        TypeRef::Named(name) => {
            let ty = ident(name);
            match scope {
                Scope::Crate(imports) => imports.through_glob(TYPES, name),
                Scope::Types { imports, own: Some(own), by_name } if !own.contains(name.as_str()) => {
                    match by_name {
                        true => imports.name("super", name),
                        false => imports.glob("super"),
                    }
                }
                Scope::Types { .. } => {}
                Scope::External(krate) => {
                    let krate = ident(krate);
                    return quote!(::#krate::types::#ty);
                }
            }
            quote!(#ty)
        }
    }
}
