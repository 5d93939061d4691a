//! The statements that put a request body into `RequestBuilder`: JSON, text, bytes, form
//! fields as the spec's `encoding` says, and multipart parts (one per property, as OpenAPI's
//! defaults say: text for primitives, a part per item for arrays of them, JSON for the rest,
//! files as files).

use super::imports::Imports;
use super::value::Value;
use crate::ir::{Api, Media, PropertyEncoding, RequestBody, Schema, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The statements sending `body` (held in `self.body`).
pub fn body_statements(api: &Api, body: &RequestBody, imports: &Imports) -> TokenStream {
    let send = |value: TokenStream| send(api, body, value, imports);
    if body.required {
        send(quote!(self.body))
    } else {
        let send = send(quote!(body));
        quote!(if let Some(body) = self.body { #send })
    }
}

fn send(api: &Api, body: &RequestBody, value: TokenStream, imports: &Imports) -> TokenStream {
    let content_type = &body.content_type;
    match body.media {
        Media::Json => quote!(request.json(#value)?;),
        Media::Text => quote!(request.bytes(#content_type, #value.as_bytes())?;),
        Media::Binary | Media::EventStream => quote!(request.bytes(#content_type, #value)?;),
        Media::Form => {
            let fields = body.encoding.iter().filter_map(|encoding| form_field(encoding, imports));
            quote!(request.form(#value, &[ #( #fields ),* ])?;)
        }
        Media::Multipart => {
            let parts = multipart_parts(api, body, &value);
            let multipart = imports.item("crate::runtime::multipart", "Multipart");
            quote! {
                let mut form = #multipart::new();
                #parts
                request.multipart(form)?;
            }
        }
    }
}

/// A form property's `encoding` entry as a `form::Field`; `None` for one that says nothing a
/// form uses.
fn form_field(encoding: &PropertyEncoding, imports: &Imports) -> Option<TokenStream> {
    let name = &encoding.property;
    let how = if encoding.json {
        quote!(Json(#name))
    } else {
        let styled = super::parameters::styled(name, encoding.style?, imports);
        quote!(Styled(#styled))
    };
    let field = imports.item("crate::runtime::form", "Field");
    Some(quote!(#field::#how))
}

/// Whether sending `body` reads its struct's fields one by one (a multipart body) and one of
/// them is deprecated: the code that sends it then allows `deprecated`.
pub fn sends_deprecated_fields(api: &Api, body: &RequestBody) -> bool {
    let TypeRef::Named(name) = &body.schema.ty else { return false };
    match api.types.get(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(object)) => {
            body.media == Media::Multipart && object.fields.iter().any(|f| f.deprecated)
        }
        _ => false,
    }
}

/// One statement per property of a struct body; the members of any other value.
fn multipart_parts(api: &Api, body: &RequestBody, value: &TokenStream) -> TokenStream {
    let fields = match &body.schema.ty {
        TypeRef::Named(name) => match api.types.get(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(object)) => &object.fields,
            _ => return quote!(form.fields(#value)?;),
        },
        _ => return quote!(form.fields(#value)?;),
    };
    let parts = fields.iter().filter(|f| !f.read_only).map(|field| {
        let member = super::rust_type::ident(&field.rust_name);
        let encoding = body.encoding.iter().find(|e| e.property == field.wire_name);
        let content_type = encoding.and_then(|e| e.content_type.as_deref());
        let json = encoding.is_some_and(|e| e.json);
        let headers = encoding.map_or(&[][..], |e| e.headers.as_slice());
        let place = Part { content_type, json, headers };
        if !field.required || field.schema.nullable {
            // Inside `Some`, the value itself.
            let schema = Schema { nullable: false, ..field.schema.clone() };
            let add = part(api, &field.wire_name, &schema, &Value::held("part"), &place);
            // Optional and nullable is `Option<Option<T>>`: `Some(None)` sends nothing either.
            let pattern = if !field.required && field.schema.nullable {
                quote!(Some(Some(part)))
            } else {
                quote!(Some(part))
            };
            quote!(if let #pattern = &#value.#member { #add })
        } else {
            part(api, &field.wire_name, &field.schema, &Value::Place(quote!(#value.#member)), &place)
        }
    });
    quote!( #( #parts )* )
}

/// What the spec's `encoding` says of a property's part(s).
struct Part<'a> {
    /// The one type it names, if any.
    content_type: Option<&'a str>,
    /// Whether that type is JSON.
    json: bool,
    /// Headers with a fixed value, added to each part.
    headers: &'a [(String, String)],
}

/// The statements adding one property's value as its part(s), each with its fixed headers.
fn part(api: &Api, name: &str, schema: &Schema, value: &Value, encoding: &Part<'_>) -> TokenStream {
    let headers = encoding.headers.iter().map(|(header, text)| quote!(form.header(#header, #text)?;));
    let headers = quote!( #( #headers )* );
    let borrowed = value.by_ref();
    match &schema.ty {
        TypeRef::File => match encoding.content_type {
            Some(ct) => quote!(form.file_as(#name, #borrowed, #ct)?; #headers),
            None => quote!(form.file(#name, #borrowed)?; #headers),
        },
        TypeRef::Array(items)
            if !matches!(items.ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json)
                && !is_object(api, &items.ty) =>
        {
            let each = part(api, name, items, &Value::held("item"), encoding);
            let receiver = value.receiver();
            quote!(for item in #receiver.iter() { #each })
        }
        ty if is_text(api, ty) && !schema.nullable => {
            let text = text_of(api, ty, value);
            match encoding.content_type.filter(|_| !encoding.json) {
                Some(ct) => quote!(form.text_as(#name, #text, #ct)?; #headers),
                None => quote!(form.text(#name, #text); #headers),
            }
        }
        _ => quote!(form.json(#name, #borrowed)?; #headers),
    }
}

/// A value whose part is its text: strings, scalars, date-times and string enums.
fn is_text(api: &Api, ty: &TypeRef) -> bool {
    *ty == TypeRef::String || ty.is_text_value() || api.is_string_enum(ty)
}

/// The value's text, as `&str`.
fn text_of(api: &Api, ty: &TypeRef, value: &Value) -> TokenStream {
    let receiver = value.receiver();
    match ty {
        TypeRef::String => value.by_ref(),
        ty if api.is_string_enum(ty) => quote!(#receiver.as_str()),
        _ => quote!(&#receiver.to_string()),
    }
}

fn is_object(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(name) if !api.is_string_enum(&TypeRef::Named(name.clone())))
}
