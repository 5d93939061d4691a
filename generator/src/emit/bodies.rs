//! The statements that put a request body into `RequestBuilder`: JSON, text, bytes, form
//! fields as the spec's `encoding` says, and multipart parts (one per property, as OpenAPI's
//! defaults say: text for primitives, a part per item for arrays of them, JSON for the rest,
//! files as files).

use crate::ir::{Api, Media, ParameterStyle, PropertyEncoding, RequestBody, Schema, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The statements sending `body` (held in `self.body`).
pub fn body_statements(api: &Api, body: &RequestBody) -> TokenStream {
    let send = |value: TokenStream| send(api, body, value);
    if body.required {
        send(quote!(self.body))
    } else {
        let send = send(quote!(body));
        quote!(if let Some(body) = self.body { #send })
    }
}

fn send(api: &Api, body: &RequestBody, value: TokenStream) -> TokenStream {
    let content_type = &body.content_type;
    match body.media {
        Media::Json => quote!(request.json(#value)?;),
        Media::Text => quote!(request.bytes(#content_type, #value.as_bytes())?;),
        Media::Binary | Media::EventStream => quote!(request.bytes(#content_type, #value)?;),
        Media::Form => {
            let fields = body.encoding.iter().filter_map(form_field);
            quote!(request.form(#value, &[ #( #fields ),* ])?;)
        }
        Media::Multipart => {
            let parts = multipart_parts(api, body, &value);
            quote! {
                let mut form = Multipart::new();
                #parts
                request.multipart(form)?;
            }
        }
    }
}

/// A form property's `encoding` entry as a `form::Field`; `None` for one that says nothing a
/// form uses.
fn form_field(encoding: &PropertyEncoding) -> Option<TokenStream> {
    let name = &encoding.property;
    if encoding.content_type.as_deref().is_some_and(crate::lower::is_json_media) {
        return Some(quote!(Field::Json(#name)));
    }
    let ParameterStyle { style, explode, allow_reserved } = encoding.style?;
    let style = format_ident!("{}", heck::AsUpperCamelCase(style.as_str()).to_string());
    let reserved = allow_reserved.then(|| quote!(.allow_reserved()));
    Some(quote!(Field::Styled(Styled::new(#name, Style::#style, #explode) #reserved)))
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
        let headers = encoding.map_or(&[][..], |e| e.headers.as_slice());
        let place = Part { content_type, headers };
        if !field.required || field.schema.nullable {
            // Inside `Some`, the value itself.
            let schema = Schema { nullable: false, ..field.schema.clone() };
            let add = part(api, &field.wire_name, &schema, &Value::Ref(quote!(part)), &place);
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

/// A property's value: a reference to it (`part`), or the place holding it (`self.body.x`).
enum Value {
    Ref(TokenStream),
    Place(TokenStream),
}

impl Value {
    /// An expression borrowing the value.
    fn borrowed(&self) -> TokenStream {
        match self {
            Value::Ref(value) => value.clone(),
            Value::Place(place) => quote!(&#place),
        }
    }

    /// The value, to call a method on.
    fn receiver(&self) -> TokenStream {
        match self {
            Value::Ref(value) | Value::Place(value) => value.clone(),
        }
    }
}

/// What the spec's `encoding` says of a property's part(s).
struct Part<'a> {
    content_type: Option<&'a str>,
    /// Headers with a fixed value, added to each part.
    headers: &'a [(String, String)],
}

/// The statements adding one property's value as its part(s), each with its fixed headers.
fn part(api: &Api, name: &str, schema: &Schema, value: &Value, encoding: &Part<'_>) -> TokenStream {
    // A list of alternatives (`image/png, image/jpeg`) or a wildcard names no one type.
    let concrete = encoding.content_type.filter(|ct| !ct.contains([',', '*']));
    let headers = encoding.headers.iter().map(|(header, text)| quote!(form.header(#header, #text)?;));
    let headers = quote!( #( #headers )* );
    let borrowed = value.borrowed();
    match &schema.ty {
        TypeRef::File => match concrete {
            Some(ct) => quote!(form.file_as(#name, #borrowed, #ct)?; #headers),
            None => quote!(form.file(#name, #borrowed)?; #headers),
        },
        TypeRef::Array(items)
            if !matches!(items.ty, TypeRef::Array(_) | TypeRef::Map(_) | TypeRef::Json)
                && !is_object(api, &items.ty) =>
        {
            let each = part(api, name, items, &Value::Ref(quote!(item)), encoding);
            let receiver = value.receiver();
            quote!(for item in #receiver.iter() { #each })
        }
        ty if is_text(api, ty) && !schema.nullable => {
            let text = text_of(api, ty, value);
            match concrete.filter(|ct| !crate::lower::is_json_media(ct)) {
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
        TypeRef::String => value.borrowed(),
        ty if api.is_string_enum(ty) => quote!(#receiver.as_str()),
        _ => quote!(&#receiver.to_string()),
    }
}

fn is_object(api: &Api, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Named(name) if !api.is_string_enum(&TypeRef::Named(name.clone())))
}
