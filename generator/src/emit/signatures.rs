//! The Rust types an operation takes and returns (parameters, body, output), and its request
//! struct's name, shared by the request structs, the client methods and validation, so all three
//! agree.

use super::imports::{Imports, OPERATIONS};
use super::rust_type::{Scope, ident, rust_type};
use crate::ir::{Media, Operation, RequestBody, Schema, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// How a parameter is held in the request struct (borrowing for `lifetime`, which may be empty).
pub fn field_type(schema: &Schema, required: bool, lifetime: &TokenStream, imports: &Imports) -> TokenStream {
    let scope = Scope::Crate(imports);
    let ty = match &schema.ty {
        TypeRef::String => quote!(&#lifetime str),
        ty if ty.is_scalar() => rust_type(&Schema { nullable: false, ..schema.clone() }, scope),
        // A slice, so any contiguous list will do (an array, a `Vec`, part of one).
        TypeRef::Array(items) => {
            let items = rust_type(items, scope);
            quote!(&#lifetime [#items])
        }
        _ => {
            let ty = rust_type(&Schema { nullable: false, ..schema.clone() }, scope);
            quote!(&#lifetime #ty)
        }
    };
    if required && !schema.nullable { ty } else { quote!(Option<#ty>) }
}

/// Whether a parameter is held by reference (as [`field_type`] holds all but scalars).
pub fn held_by_reference(schema: &Schema) -> bool {
    !schema.ty.is_scalar()
}

/// How the body is held: `&T` for JSON, `&str` for text, `&[u8]` for bytes; `Option` if optional.
pub fn body_type(body: &RequestBody, lifetime: &TokenStream, imports: &Imports) -> TokenStream {
    let ty = match body.media {
        Media::Json | Media::Form | Media::Multipart => match &body.schema.ty {
            TypeRef::Array(items) if !body.schema.nullable => {
                let items = rust_type(items, Scope::Crate(imports));
                quote!(&#lifetime [#items])
            }
            _ => {
                let ty = rust_type(&body.schema, Scope::Crate(imports));
                quote!(&#lifetime #ty)
            }
        },
        Media::Text => quote!(&#lifetime str),
        Media::Binary | Media::EventStream => quote!(&#lifetime [u8]),
    };
    if body.required { ty } else { quote!(Option<#ty>) }
}

/// The Rust type of the operation's output.
pub fn output_type(op: &Operation, imports: &Imports) -> TokenStream {
    match (&op.output, op.output_media) {
        (None, _) => quote!(()),
        (Some(schema), Media::Json) => rust_type(schema, Scope::Crate(imports)),
        (Some(_), Media::Text) => quote!(String),
        (Some(_), _) => quote!(Vec<u8>),
    }
}

/// Whether the operation's request struct borrows (and so takes a lifetime).
pub fn borrows(op: &Operation) -> bool {
    op.body.is_some() || op.parameters.iter().any(|p| held_by_reference(&p.schema))
}

/// The operation's request struct, named from a module other than `operations` (through the
/// `crate::operations::*` glob recorded in `imports`).
pub fn request_struct(op: &Operation, imports: &Imports) -> Ident {
    imports.through_glob(OPERATIONS, &op.type_name);
    ident(&op.type_name)
}
