//! The statements that put an operation's parameters into `RequestBuilder`: the path from its
//! template, query pairs, headers and cookies, each written as its style says, and the doc line
//! telling where each goes.

use super::imports::Imports;
use super::rust_type::ident;
use crate::ir::{Api, Operation, Parameter, ParameterLocation, ParameterStyle, Schema, Style, TypeRef};
use crate::naming;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The statements adding the parameters of each location but the path, in order.
pub fn statements(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
    let at = |location: ParameterLocation| op.parameters.iter().filter(move |p| p.location == location);
    let query = at(ParameterLocation::Query).map(|p| query_or_header(api, p, imports));
    let headers = at(ParameterLocation::Header).map(|p| query_or_header(api, p, imports));
    let cookies = at(ParameterLocation::Cookie).map(|p| {
        let (field, styled) = (ident(&p.rust_name), parameter_styled(p, imports));
        quote!(request.cookie_styled(#styled, &self.#field)?;)
    });
    quote!( #( #query )* #( #headers )* #( #cookies )* )
}

/// Statements binding each path parameter, percent-encoded, then `path` from the template.
pub fn path_expression(api: &Api, op: &Operation, imports: &Imports) -> TokenStream {
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
                        let path_segment = imports.item("crate::runtime::request", "path_segment");
                        quote!(let #local = #path_segment(#wire, #value)?;)
                    } else {
                        let styled = parameter_styled(p, imports);
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

/// `Styled::new("name", Style::Form, explode)` for a parameter (a header by its lowercase name).
fn parameter_styled(p: &Parameter, imports: &Imports) -> TokenStream {
    let wire = if p.location == ParameterLocation::Header {
        p.wire_name.to_ascii_lowercase()
    } else {
        p.wire_name.clone()
    };
    styled(&wire, p.style, imports)
}

/// `Styled::new("name", Style::Form, explode)`, with `.allow_reserved()` where the spec says so.
pub fn styled(name: &str, style: ParameterStyle, imports: &Imports) -> TokenStream {
    let ParameterStyle { style, explode, allow_reserved } = style;
    let variant = format_ident!("{}", heck::AsUpperCamelCase(style.as_str()).to_string());
    let reserved = allow_reserved.then(|| quote!(.allow_reserved()));
    let styled = imports.item("crate::runtime::style", "Styled");
    let style = imports.item("crate::runtime::style", "Style");
    quote!(#styled::new(#name, #style::#variant, #explode) #reserved)
}

/// Whether a parameter is written as its style says through `runtime::style` (arrays, objects,
/// styles other than the location's default), rather than by one of the plain builders.
fn needs_style(api: &Api, p: &Parameter) -> bool {
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

/// A query or header parameter: its JSON text, its value as its style writes it, or its text.
fn query_or_header(api: &Api, p: &Parameter, imports: &Imports) -> TokenStream {
    let header = p.location == ParameterLocation::Header;
    if p.json {
        return json_statement(p);
    }
    if needs_style(api, p) {
        let (field, styled) = (ident(&p.rust_name), parameter_styled(p, imports));
        return if header {
            quote!(request.header_styled(#styled, &self.#field)?;)
        } else {
            quote!(request.query_styled(#styled, &self.#field)?;)
        };
    }
    if header { header_text(api, p) } else { query_text(api, p) }
}

/// A query parameter whose value is its text.
fn query_text(api: &Api, p: &Parameter) -> TokenStream {
    let wire = &p.wire_name;
    let field = ident(&p.rust_name);
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
pub fn where_doc(api: &Api, p: &Parameter) -> String {
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

/// A header whose value is its text.
fn header_text(api: &Api, p: &Parameter) -> TokenStream {
    let wire = p.wire_name.to_ascii_lowercase();
    let field = ident(&p.rust_name);
    if p.required && !p.schema.nullable {
        let text = value_text(api, &p.schema, quote!(self.#field));
        quote!(request.header(#wire, #text)?;)
    } else {
        let text = value_text(api, &p.schema, quote!(value));
        quote!(if let Some(value) = self.#field { request.header(#wire, #text)?; })
    }
}
