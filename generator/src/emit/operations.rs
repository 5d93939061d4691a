//! Emits the `operations` module: one sans-IO request struct per operation.

use super::Out;
use super::docs::describe_constraints;
use super::imports::{GlobNames, Imports};
use super::layout::Part;
use super::parameters::{self, where_doc};
use super::rust_type::ident;
use super::signatures::{body_type, borrows, field_type, output_type};
use super::{bodies, builders};
use crate::ir::{Api, Media, Operation, ParameterLocation};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `globs`: the names behind the module's globs, to import by name instead (a grouped crate's).
pub fn operations_module(api: &Api, part: &Part<'_>, globs: Option<&GlobNames>, out: &Out) -> TokenStream {
    let operations: Vec<TokenStream> = part.operations.iter().map(|op| operation(api, op, out)).collect();
    if let Some(globs) = globs {
        out.imports.name_globs(globs);
    }
    let docs = match &part.module {
        None => "One struct per API operation: build its `http::Request`, parse its `http::Response`.\n\n\
                 This layer does no I/O, so it works with any HTTP stack."
            .to_owned(),
        Some(_) => format!("The sans-IO request structs of {}.", part.subject),
    };
    let docs = super::docs::sanitize(&docs);
    let imports = out.imports.render();
    quote! {
        #( #![doc = #docs] )*
        #imports
        #( #operations )*
    }
}

/// The shape of every response body: the spec's envelope, or the payload itself.
fn shape(api: &Api, imports: &Imports) -> Ident {
    match api.client.envelope {
        Some(_) => imports.item("crate::envelope", "Envelope"),
        None => imports.item("crate::runtime::response", "Bare"),
    }
}

fn operation(api: &Api, op: &Operation, out: &Out) -> TokenStream {
    let imports = &out.imports;
    let name = ident(&op.type_name);
    let signature = format!("`{} {}`", op.method, op.path);
    let docs = out
        .docs
        .attrs(op.summary.iter().chain(&op.description).map(String::as_str).chain([signature.as_str()]));
    let borrows = borrows(op);
    let mut fields = Vec::new();
    for p in &op.parameters {
        let ty = field_type(&p.schema, p.required, &quote!('a), imports);
        let field = ident(&p.rust_name);
        let where_doc = where_doc(api, p);
        let constraints = describe_constraints(&p.schema.constraints);
        let paragraphs = p.docs.iter().chain(&constraints).map(String::as_str);
        let doc = out.docs.attrs(paragraphs.chain([where_doc.as_str()]));
        fields.push(quote! { #doc pub #field: #ty, });
    }
    if let Some(body) = &op.body {
        let ty = body_type(body, &quote!('a), imports);
        let carried = match body.media {
            Media::Json => "The request body, sent as JSON.".to_owned(),
            Media::Form => {
                "The request body, sent as form fields (`application/x-www-form-urlencoded`).".to_owned()
            }
            Media::Multipart => {
                "The request body, sent as `multipart/form-data`, a part per property.".to_owned()
            }
            _ => format!("The request body, sent as `{}`.", body.content_type),
        };
        let doc = out.docs.attrs(body.docs.iter().map(String::as_str).chain([carried.as_str()]));
        fields.push(quote! { #doc pub body: #ty, });
    }
    let generics = borrows.then(|| quote!(<'a>));
    let impl_generics = borrows.then(|| quote!(<'_>));
    let definition = if fields.is_empty() {
        quote!(pub struct #name;)
    } else {
        quote!(pub struct #name #generics { #( #fields )* })
    };
    let request_methods = request_methods(api, op, imports);
    let output = output_type(op, imports);
    let wire_name = crate::naming::unraw(&op.rust_name);
    let body = match (&op.output, op.output_media) {
        (None, _) => quote!(Empty),
        // `null` or absent (an envelope may leave its result out) reads as `None`.
        (Some(schema), Media::Json) if schema.nullable => quote!(OptionalJson),
        (Some(_), Media::Json) => quote!(Json),
        (Some(_), Media::Text) => quote!(Text),
        (Some(_), _) => quote!(Bytes),
    };
    // By its module's path: a spec type may be named `Json`.
    let response = imports.module("crate::runtime::response");
    let shape = shape(api, imports);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let sends_deprecated = op.body.as_ref().is_some_and(|body| bodies::sends_deprecated_fields(api, body));
    let allow_deprecated = match (op.deprecated, sends_deprecated) {
        (true, _) => {
            Some(quote!(#[allow(deprecated, reason = "the deprecated operation's own implementation")]))
        }
        (false, true) => {
            Some(quote!(#[allow(deprecated, reason = "a deprecated field of the body is still sent")]))
        }
        (false, false) => None,
    };
    let derive = if builders::has_required(op) {
        quote!(#[derive(Debug, Clone, Copy)])
    } else {
        quote!(#[derive(Debug, Clone, Copy, Default)])
    };
    let constructor = builders::constructor(op, imports);
    let paginated = op.pagination.as_ref().map(|paging| builders::paginated(op, paging, imports));
    let operation = imports.item("crate::runtime::operation", "Operation");
    let (method, path) = (&op.method, &op.path);
    quote! {
        #docs
        #deprecated
        #derive
        #definition

        #constructor

        #allow_deprecated
        impl #operation for #name #impl_generics {
            type Output = #output;
            type Body = #response::#body;
            type Shape = #shape;
            const NAME: &'static str = #wire_name;
            const METHOD: &'static str = #method;
            const PATH: &'static str = #path;

            #request_methods
        }

        #paginated
    }
}

fn to_request_body(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let path = parameters::path_expression(api, op, imports);
    let method = ident(&op.method);
    let parameters = parameters::statements(api, op, imports);
    let body = op.body.as_ref().map(|b| super::bodies::body_statements(api, b, imports));
    let accept = match op.output_media {
        Media::Json | Media::Form | Media::Multipart => None,
        Media::Text => Some(quote!(request.accept("text/*");)),
        Media::EventStream => Some(quote!(request.accept("text/event-stream");)),
        Media::Binary => Some(quote!(request.accept("*/*");)),
    };
    let build = if is_multipart(op) { quote!(request.build_streamed()) } else { quote!(request.build()) };
    let builds_more = op.body.is_some()
        || accept.is_some()
        || op.parameters.iter().any(|p| p.location != ParameterLocation::Path);
    let mutable = builds_more.then(|| quote!(mut));
    // `self.validate()` calls the trait's method.
    imports.record("crate::runtime::validation", "Validate");
    let request_builder = imports.item("crate::runtime::request", "RequestBuilder");
    quote! {
        self.validate()?;
        #path
        let #mutable request = #request_builder::new(::http::Method::#method, base_url, path);
        #parameters
        #accept
        #body
        #build
    }
}

fn is_multipart(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| b.media == Media::Multipart)
}

/// `to_request`, or for a multipart body `to_streamed_request` (which keeps files on disk
/// unread) and `to_request` through it.
fn request_methods(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let to_request = to_request_body(api, op, imports);
    let error = imports.item("crate::runtime::error", "RequestError");
    if !is_multipart(op) {
        return quote! {
            fn to_request(&self, base_url: &str) -> Result<::http::Request<Vec<u8>>, #error> {
                #to_request
            }
        };
    }
    let body = imports.item("crate::runtime::request", "Body");
    quote! {
        fn to_request(&self, base_url: &str) -> Result<::http::Request<Vec<u8>>, #error> {
            let (parts, body) = self.to_streamed_request(base_url)?.into_parts();
            Ok(::http::Request::from_parts(parts, body.into_bytes()?))
        }

        fn to_streamed_request(&self, base_url: &str) -> Result<::http::Request<#body>, #error> {
            #to_request
        }
    }
}
