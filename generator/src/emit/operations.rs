//! Emits the `operations` module: one sans-IO request struct per operation.

use super::builders;
use super::docs::{describe_constraints, doc_attrs};
use super::layout::Part;
use super::rust_type::ident;
use super::signatures::{body_type, borrows, field_type, names_a_type, output_type};
use crate::ir::{
    Api, Media, Operation, Parameter, ParameterLocation, ParameterStyle, Schema, Style, TypeRef,
};
use crate::naming;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn operations_module(api: &Api, part: &Part<'_>) -> TokenStream {
    let (shape, shape_import) = if api.client.envelope.is_some() {
        (
            quote!(Envelope),
            quote!(
                use crate::envelope::Envelope;
            ),
        )
    } else {
        (
            quote!(Bare),
            quote!(
                use crate::runtime::response::Bare;
            ),
        )
    };
    let operations = part.operations.iter().map(|op| operation(api, op, &shape));
    let parameters = || part.operations.iter().flat_map(|op| &op.parameters);
    let uses_paths = parameters().any(|p| p.location == ParameterLocation::Path && !needs_style(api, p));
    let styled_fields = |op: &Operation| {
        op.body
            .as_ref()
            .is_some_and(|b| b.media == Media::Form && b.encoding.iter().any(|e| e.style.is_some()))
    };
    let styles = (parameters().any(|p| needs_style(api, p))
        || part.operations.iter().any(|op| styled_fields(op)))
    .then(|| {
        quote!(
            use crate::runtime::style::{Style, Styled};
        )
    });
    let pagination = part.operations.iter().any(|op| op.pagination.is_some()).then(|| {
        quote!(
            use crate::runtime::pagination::{Pagination, Paginated};
        )
    });
    let types = part.operations.iter().any(|op| names_a_type(op)).then(|| {
        quote!(
            use crate::types::*;
        )
    });
    let multipart = part.operations.iter().any(|op| is_multipart(op));
    let forms = part
        .operations
        .iter()
        .any(|op| op.body.as_ref().is_some_and(|b| b.media == Media::Form && !b.encoding.is_empty()));
    let imports = (!part.operations.is_empty()).then(|| {
        let body = multipart.then(|| quote!(Body,));
        let path_segment = uses_paths.then(|| quote!(, path_segment));
        let multipart = multipart.then(|| {
            quote!(
                use crate::runtime::multipart::Multipart;
            )
        });
        let forms = forms.then(|| {
            quote!(
                use crate::runtime::form::Field;
            )
        });
        quote! {
            #shape_import
            use crate::runtime::error::RequestError;
            #forms
            #multipart
            use crate::runtime::operation::Operation;
            #pagination
            use crate::runtime::response;
            use crate::runtime::request::{#body RequestBuilder #path_segment};
            #styles
            use crate::runtime::validation::Validate;
            #types
        }
    });
    let docs = match &part.module {
        None => "One struct per API operation: build its `http::Request`, parse its `http::Response`.\n\n\
                 This layer does no I/O, so it works with any HTTP stack."
            .to_owned(),
        Some(_) => format!("The sans-IO request structs of {}.", part.subject),
    };
    let docs = super::docs::sanitize(&docs);
    quote! {
        #( #![doc = #docs] )*
        #imports
        #( #operations )*
    }
}

fn operation(api: &Api, op: &Operation, shape: &TokenStream) -> TokenStream {
    let name = ident(&op.type_name);
    let signature = format!("`{} {}`", op.method, op.path);
    let docs =
        doc_attrs(op.summary.iter().chain(&op.description).map(String::as_str).chain([signature.as_str()]));
    let borrows = borrows(op);
    let mut fields = Vec::new();
    for p in &op.parameters {
        let (ty, _) = field_type(&p.schema, p.required, &quote!('a));
        let field = ident(&p.rust_name);
        let where_doc = where_doc(api, p);
        let constraints = describe_constraints(&p.schema.constraints);
        let doc =
            doc_attrs(p.docs.iter().chain(&constraints).map(String::as_str).chain([where_doc.as_str()]));
        fields.push(quote! { #doc pub #field: #ty, });
    }
    if let Some(body) = &op.body {
        let ty = body_type(body, &quote!('a));
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
        let doc = doc_attrs(body.docs.iter().map(String::as_str).chain([carried.as_str()]));
        fields.push(quote! { #doc pub body: #ty, });
    }
    let generics = borrows.then(|| quote!(<'a>));
    let impl_generics = borrows.then(|| quote!(<'_>));
    let definition = if fields.is_empty() {
        quote!(pub struct #name;)
    } else {
        quote!(pub struct #name #generics { #( #fields )* })
    };
    let request_methods = request_methods(api, op);
    let output = output_type(op);
    let wire_name = crate::naming::unraw(&op.rust_name);
    let body = match (&op.output, op.output_media) {
        (None, _) => quote!(Empty),
        // `null` or absent (an envelope may leave its result out) reads as `None`.
        (Some(schema), Media::Json) if schema.nullable => quote!(OptionalJson),
        (Some(_), Media::Json) => quote!(Json),
        (Some(_), Media::Text) => quote!(Text),
        (Some(_), _) => quote!(Bytes),
    };
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op
        .deprecated
        .then(|| quote!(#[allow(deprecated, reason = "the deprecated operation's own implementation")]));
    let derive = if builders::has_required(op) {
        quote!(#[derive(Debug, Clone, Copy)])
    } else {
        quote!(#[derive(Debug, Clone, Copy, Default)])
    };
    let constructor = builders::constructor(op);
    let paginated = op.pagination.as_ref().map(|paging| builders::paginated(op, paging));
    let (method, path) = (&op.method, &op.path);
    quote! {
        #docs
        #deprecated
        #derive
        #definition

        #constructor

        #allow_deprecated
        impl Operation for #name #impl_generics {
            type Output = #output;
            type Body = response::#body;
            type Shape = #shape;
            const NAME: &'static str = #wire_name;
            const METHOD: &'static str = #method;
            const PATH: &'static str = #path;

            #request_methods
        }

        #paginated
    }
}

fn to_request_body(api: &Api, op: &Operation) -> TokenStream {
    let path = path_expression(api, op);
    let method = ident(&op.method);
    let query = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| query_statement(api, p));
    let headers = op
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Header)
        .map(|p| header_statement(api, p));
    let cookies = op.parameters.iter().filter(|p| p.location == ParameterLocation::Cookie).map(|p| {
        let (field, styled) = (ident(&p.rust_name), styled(p));
        quote!(request.cookie_styled(#styled, &self.#field)?;)
    });
    let body = op.body.as_ref().map(|b| super::bodies::body_statements(api, b));
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
    quote! {
        self.validate()?;
        #path
        let #mutable request = RequestBuilder::new(::http::Method::#method, base_url, path);
        #( #query )*
        #( #headers )*
        #( #cookies )*
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
fn request_methods(api: &Api, op: &Operation) -> TokenStream {
    let to_request = to_request_body(api, op);
    if !is_multipart(op) {
        return quote! {
            fn to_request(&self, base_url: &str) -> Result<::http::Request<Vec<u8>>, RequestError> {
                #to_request
            }
        };
    }
    quote! {
        fn to_request(&self, base_url: &str) -> Result<::http::Request<Vec<u8>>, RequestError> {
            let (parts, body) = self.to_streamed_request(base_url)?.into_parts();
            Ok(::http::Request::from_parts(parts, body.into_bytes()?))
        }

        fn to_streamed_request(&self, base_url: &str) -> Result<::http::Request<Body>, RequestError> {
            #to_request
        }
    }
}

/// Statements binding each path parameter, percent-encoded, then `path` from the template.
fn path_expression(api: &Api, op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut bindings = Vec::new();
    let mut bound = std::collections::BTreeSet::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else { break };
        template.push_str(&rest[..open]);
        let wire = &rest[open + 1..close];
        match op.parameters.iter().find(|p| p.location == ParameterLocation::Path && p.wire_name == wire) {
            Some(p) => {
                let local = naming::local_name(&p.rust_name);
                template.push_str(&format!("{{{local}}}"));
                // A parameter may appear twice in a template; it is encoded once.
                if bound.insert(local.clone()) {
                    let local = ident(&local);
                    let field = ident(&p.rust_name);
                    bindings.push(if p.style.style == Style::Simple && displays(api, &p.schema) {
                        let value = value_text(api, &p.schema, quote!(self.#field));
                        quote!(let #local = path_segment(#wire, #value)?;)
                    } else {
                        let styled = styled(p);
                        quote!(let #local = #styled.path(&self.#field)?;)
                    });
                }
            }
            // Lowering reports undefined template parameters; keep the text as it is.
            None => template.push_str(&rest[open..=close].replace('{', "{{").replace('}', "}}")),
        }
        rest = &rest[close + 1..];
    }
    template.push_str(rest);
    if bindings.is_empty() {
        quote!(let path = #template;)
    } else {
        quote! { #( #bindings )* let path = &::std::format!(#template); }
    }
}

/// An expression giving the wire text of a parameter value as `&str`: strings as they are,
/// enums by their wire value, numbers and booleans displayed, anything else as JSON text.
fn value_text(api: &Api, schema: &Schema, value: TokenStream) -> TokenStream {
    match &schema.ty {
        TypeRef::String => quote!(#value),
        ty if api.is_string_enum(ty) => quote!(#value.as_str()),
        ty if ty.is_text_value() => quote!(&#value.to_string()),
        _ => quote!(&crate::runtime::request::param_text(&#value)?),
    }
}

/// `Styled::new("name", Style::Form, explode)`, with `.allow_reserved()` where the spec says so.
fn styled(p: &Parameter) -> TokenStream {
    let wire = if p.location == ParameterLocation::Header {
        p.wire_name.to_ascii_lowercase()
    } else {
        p.wire_name.clone()
    };
    let style = format_ident!("{}", heck::AsUpperCamelCase(p.style.style.as_str()).to_string());
    let explode = p.style.explode;
    let reserved = p.style.allow_reserved.then(|| quote!(.allow_reserved()));
    quote!(Styled::new(#wire, Style::#style, #explode) #reserved)
}

/// Whether a parameter is written as its style says through `runtime::style` (arrays, objects,
/// styles other than the location's default), rather than by one of the plain builders.
pub fn needs_style(api: &Api, p: &Parameter) -> bool {
    if p.json {
        return false;
    }
    let plain = match p.location {
        ParameterLocation::Path | ParameterLocation::Header => {
            p.style.style == Style::Simple && displays(api, &p.schema)
        }
        ParameterLocation::Query => {
            let values = match &p.schema.ty {
                TypeRef::Array(items) if !p.schema.nullable => items,
                _ => &p.schema,
            };
            p.style == ParameterStyle::default_for(ParameterLocation::Query) && displays(api, values)
        }
        ParameterLocation::Cookie => false,
    };
    !plain
}

/// A parameter described by JSON `content`: its JSON text, percent-encoded in the query or
/// as it is in a header.
fn json_statement(p: &Parameter) -> TokenStream {
    let field = ident(&p.rust_name);
    let add = match p.location {
        ParameterLocation::Header => {
            let wire = p.wire_name.to_ascii_lowercase();
            quote!(request.header(#wire, &crate::runtime::request::json_text(&value)?)?;)
        }
        _ => {
            let wire = &p.wire_name;
            quote!(request.query(#wire, &crate::runtime::request::json_text(&value)?);)
        }
    };
    if p.required && !p.schema.nullable {
        quote!({ let value = self.#field; #add })
    } else {
        quote!(if let Some(value) = self.#field { #add })
    }
}

fn query_statement(api: &Api, p: &Parameter) -> TokenStream {
    let wire = &p.wire_name;
    let field = ident(&p.rust_name);
    if p.json {
        return json_statement(p);
    }
    if needs_style(api, p) {
        let styled = styled(p);
        return quote!(request.query_styled(#styled, &self.#field)?;);
    }
    let optional = !p.required;
    // Values that display as their wire text take one line: an absent optional adds nothing and
    // an array repeats the name. (`null` has no text: a nullable value is spelled out below.)
    match &p.schema.ty {
        _ if p.schema.nullable => {}
        TypeRef::Array(items) if displays(api, items) => {
            let values =
                if optional { quote!(self.#field.into_iter().flatten()) } else { quote!(self.#field) };
            return quote!(request.query_each(#wire, #values););
        }
        _ if optional && displays(api, &p.schema) => return quote!(request.query_each(#wire, self.#field);),
        _ => {}
    }
    let add = |value: TokenStream| match &p.schema.ty {
        TypeRef::Array(items) => {
            let text = value_text(api, items, quote!(item));
            quote!(for item in #value.iter() { request.query(#wire, #text); })
        }
        _ => {
            let text = value_text(api, &p.schema, value);
            quote!(request.query(#wire, #text);)
        }
    };
    if p.required && !p.schema.nullable {
        add(quote!(self.#field))
    } else {
        let inner = add(quote!(value));
        quote!(if let Some(value) = self.#field { #inner })
    }
}

/// Whether a value's `Display` is its wire text: strings, numbers, booleans, dates, ids and
/// string enums (not `null`, which has no text).
fn displays(api: &Api, schema: &Schema) -> bool {
    let ty = &schema.ty;
    !schema.nullable && (*ty == TypeRef::String || ty.is_text_value() || api.is_string_enum(ty))
}

/// The last line of a parameter's doc: where it goes, and, for an array or object or a style
/// other than the location's default, how it is written.
fn where_doc(api: &Api, p: &Parameter) -> String {
    let location = p.location.as_str();
    let place =
        format!("{}{} parameter `{}`", location[..1].to_ascii_uppercase(), &location[1..], p.wire_name);
    if p.json {
        return format!("{place}, sent as JSON text.");
    }
    let scalar = !needs_style(api, p) && !matches!(p.schema.ty, TypeRef::Array(_));
    if scalar && p.style == ParameterStyle::default_for(p.location) {
        return format!("{place}.");
    }
    let explode = if p.style.explode { "exploded" } else { "not exploded" };
    let reserved = if p.style.allow_reserved { ", reserved characters kept" } else { "" };
    let example = style_example(p);
    format!("{place}, in `{}` style, {explode}{reserved}: {example}.", p.style.style.as_str())
}

/// How an array (or, for object styles, an object) is written, e.g. `ids=1,2`.
fn style_example(p: &Parameter) -> String {
    let n = &p.wire_name;
    let example = match (p.style.style, p.style.explode) {
        (Style::Matrix, false) => format!(";{n}=a,b"),
        (Style::Matrix, true) => format!(";{n}=a;{n}=b"),
        (Style::Label, _) => ".a.b".to_owned(),
        (Style::Form, false) => format!("{n}=a,b"),
        (Style::Form, true) if p.location == ParameterLocation::Cookie => format!("{n}=a; {n}=b"),
        (Style::Form, true) => format!("{n}=a&{n}=b"),
        (Style::Simple, _) => "a,b".to_owned(),
        (Style::SpaceDelimited, false) => format!("{n}=a%20b"),
        (Style::PipeDelimited, false) => format!("{n}=a|b"),
        (Style::SpaceDelimited | Style::PipeDelimited, true) => format!("{n}=a&{n}=b"),
        (Style::DeepObject, _) => format!("{n}[key]=value"),
    };
    format!("`{example}`")
}

fn header_statement(api: &Api, p: &Parameter) -> TokenStream {
    let wire = p.wire_name.to_ascii_lowercase();
    let field = ident(&p.rust_name);
    if p.json {
        return json_statement(p);
    }
    if needs_style(api, p) {
        let styled = styled(p);
        return quote!(request.header_styled(#styled, &self.#field)?;);
    }
    if p.required && !p.schema.nullable {
        let text = value_text(api, &p.schema, quote!(self.#field));
        quote!(request.header(#wire, #text)?;)
    } else {
        let text = value_text(api, &p.schema, quote!(value));
        quote!(if let Some(value) = self.#field { request.header(#wire, #text)?; })
    }
}
