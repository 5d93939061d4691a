//! The Rust types an operation takes and returns (parameters, body, output), shared by the
//! request structs, the client methods and validation, so all three agree.

use super::rust_type::{Scope, rust_type};
use crate::ir::{Media, Operation, RequestBody, Schema, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether the operation's struct (and its client method) names a generated type, so that its
/// module imports `crate::types::*`.
pub fn names_a_type(op: &Operation) -> bool {
    inputs_name_a_type(op)
        || op.output.as_ref().is_some_and(|s| op.output_media == Media::Json && s.named_type().is_some())
}

/// Whether the operation's parameters or body name a generated type (as the client's methods
/// and setters do).
pub fn inputs_name_a_type(op: &Operation) -> bool {
    op.parameters.iter().any(|p| p.schema.named_type().is_some())
        || op.body.as_ref().is_some_and(|b| b.media.is_typed() && b.schema.named_type().is_some())
}

/// How a parameter is held in the request struct (borrowing for `lifetime`, which may be empty),
/// and whether it borrows.
pub fn field_type(schema: &Schema, required: bool, lifetime: &TokenStream) -> (TokenStream, bool) {
    let (ty, borrowed) = match &schema.ty {
        TypeRef::String => (quote!(&#lifetime str), true),
        ty if ty.is_scalar() => {
            (rust_type(&Schema { nullable: false, ..schema.clone() }, Scope::Crate), false)
        }
        // A slice, so any contiguous list will do (an array, a `Vec`, part of one).
        TypeRef::Array(items) => {
            let items = rust_type(items, Scope::Crate);
            (quote!(&#lifetime [#items]), true)
        }
        _ => {
            let ty = rust_type(&Schema { nullable: false, ..schema.clone() }, Scope::Crate);
            (quote!(&#lifetime #ty), true)
        }
    };
    if required && !schema.nullable { (ty, borrowed) } else { (quote!(Option<#ty>), borrowed) }
}

/// How the body is held: `&T` for JSON, `&str` for text, `&[u8]` for bytes; `Option` if optional.
pub fn body_type(body: &RequestBody, lifetime: &TokenStream) -> TokenStream {
    let ty = match body.media {
        Media::Json | Media::Form | Media::Multipart => match &body.schema.ty {
            TypeRef::Array(items) if !body.schema.nullable => {
                let items = rust_type(items, Scope::Crate);
                quote!(&#lifetime [#items])
            }
            _ => {
                let ty = rust_type(&body.schema, Scope::Crate);
                quote!(&#lifetime #ty)
            }
        },
        Media::Text => quote!(&#lifetime str),
        Media::Binary | Media::EventStream => quote!(&#lifetime [u8]),
    };
    if body.required { ty } else { quote!(Option<#ty>) }
}

/// The Rust type of the operation's output.
pub fn output_type(op: &Operation) -> TokenStream {
    match (&op.output, op.output_media) {
        (None, _) => quote!(()),
        (Some(schema), Media::Json) => rust_type(schema, Scope::Crate),
        (Some(_), Media::Text) => quote!(String),
        (Some(_), _) => quote!(Vec<u8>),
    }
}

/// Whether the operation's request struct borrows (and so takes a lifetime).
pub fn borrows(op: &Operation) -> bool {
    op.body.is_some() || op.parameters.iter().any(|p| field_type(&p.schema, p.required, &quote!()).1)
}
