//! Emits what makes calls read like a hand-written SDK's: each request struct's constructor of
//! its required parts, the client's chained setters of the optional ones, and the `Paginated`
//! impl of list operations.

use super::docs::{describe_constraints, doc_attrs};
use super::rust_type::{Scope, ident, rust_type};
use super::signatures::{body_type, borrows, field_type};
use crate::ir::{ItemsAt, Operation, PageStyle, Paging, RequestBody, Schema};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

/// Methods of `Call` itself, which a setter must not shadow (it is then named `set_<name>`).
const CALL_METHODS: &[&str] = &[
    "new",
    "operation",
    "operation_mut",
    "into_parts",
    "into_future",
    "with_timeout",
    "with_max_retries",
    "with_header",
    "with_query",
    "with_options",
    "send",
    "send_with_response",
    "send_streaming",
    "stream",
    "pages",
    "clone",
    "fmt",
];

/// One input of an operation: a parameter or the body, with its field name, its type and the
/// type a setter takes (the field's without its `Option`).
struct Input {
    name: Ident,
    ty: TokenStream,
    set: TokenStream,
    required: bool,
    docs: Vec<String>,
}

fn inputs(op: &Operation, lifetime: &TokenStream) -> Vec<Input> {
    let mut inputs: Vec<Input> = op
        .parameters
        .iter()
        .map(|p| {
            let (ty, _) = field_type(&p.schema, p.required, lifetime);
            let (set, _) = field_type(&Schema { nullable: false, ..p.schema.clone() }, true, lifetime);
            let docs = p.docs.iter().cloned().chain(describe_constraints(&p.schema.constraints)).collect();
            Input { name: ident(&p.rust_name), ty, set, required: p.required, docs }
        })
        .collect();
    if let Some(body) = &op.body {
        let docs = body.docs.iter().cloned().chain(["The request body.".to_owned()]).collect();
        let set = body_type(&RequestBody { required: true, ..body.clone() }, lifetime);
        let (ty, required) = (body_type(body, lifetime), body.required);
        inputs.push(Input { name: format_ident!("body"), ty, set, required, docs });
    }
    inputs
}

/// Whether the request struct has parts with no default, so it is made with `new`.
pub fn has_required(op: &Operation) -> bool {
    op.parameters.iter().any(|p| p.required) || op.body.as_ref().is_some_and(|b| b.required)
}

/// `impl Name { pub fn new(required…) -> Self }`, for structs with required parts (the others
/// derive `Default`).
pub fn constructor(op: &Operation) -> Option<TokenStream> {
    if !has_required(op) {
        return None;
    }
    let name = ident(&op.type_name);
    let all = inputs(op, &quote!('a));
    let required = all.iter().filter(|i| i.required);
    let arguments = required.clone().map(|Input { name, ty, .. }| quote!(#name: #ty));
    let fields = all
        .iter()
        .map(|Input { name, required, .. }| if *required { quote!(#name) } else { quote!(#name: None) });
    let generics = borrows(op).then(|| quote!(<'a>));
    let many = (required.count() > 7).then(
        || quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter")]),
    );
    let allow_deprecated = op
        .deprecated
        .then(|| quote!(#[allow(deprecated, reason = "the deprecated operation's own constructor")]));
    Some(quote! {
        #allow_deprecated
        impl #generics #name #generics {
            /// The request with its required parts; the optional ones are unset.
            #many
            #[inline]
            pub fn new(#( #arguments ),*) -> Self {
                Self { #( #fields ),* }
            }
        }
    })
}

/// The request struct made from the required arguments (named as its fields).
pub fn construct(op: &Operation) -> TokenStream {
    let name = ident(&op.type_name);
    if op.parameters.is_empty() && op.body.is_none() {
        return quote!(#name);
    }
    if !has_required(op) {
        return quote!(#name::default());
    }
    let arguments = inputs(op, &quote!()).into_iter().filter(|i| i.required).map(|i| i.name);
    quote!(#name::new(#( #arguments ),*))
}

/// The required arguments of the client method, declared.
pub fn required_arguments(op: &Operation) -> Vec<TokenStream> {
    let all = inputs(op, &quote!('a));
    all.into_iter().filter(|i| i.required).map(|Input { name, ty, .. }| quote!(#name: #ty)).collect()
}

/// `impl Call<'_, Name<'a>> { pub fn optional(mut self, value) -> Self … }`: one chained setter
/// per optional parameter (and an optional body).
pub fn call_setters(op: &Operation) -> Option<TokenStream> {
    let optional: Vec<Input> = inputs(op, &quote!('a)).into_iter().filter(|i| !i.required).collect();
    if optional.is_empty() {
        return None;
    }
    let name = ident(&op.type_name);
    let generics = borrows(op).then(|| quote!(<'a>));
    let setters = optional.iter().map(|Input { name: field, set, docs, .. }| {
        let setter = setter_name(&field.to_string());
        let docs = doc_attrs(docs.iter().map(String::as_str));
        quote! {
            #docs
            #[inline]
            pub fn #setter(mut self, #field: #set) -> Self {
                self.operation_mut().#field = Some(#field);
                self
            }
        }
    });
    let allow_deprecated = op
        .deprecated
        .then(|| quote!(#[allow(deprecated, reason = "the deprecated operation's own setters")]));
    Some(quote! {
        #allow_deprecated
        impl #generics Call<'_, #name #generics> {
            #( #setters )*
        }
    })
}

/// The chained setter of the field `field`: its name, unless `Call` has a method of that name.
pub fn setter_name(field: &str) -> Ident {
    let plain = crate::naming::unraw(field);
    if CALL_METHODS.contains(&plain) { format_ident!("set_{plain}") } else { ident(field) }
}

/// `impl Paginated for Name<'_>`, for an operation the settings' pagination matched.
pub fn paginated(op: &Operation, paging: &Paging) -> TokenStream {
    let name = ident(&op.type_name);
    let lifetime = borrows(op).then(|| quote!(<'_>));
    let item = rust_type(&paging.item, Scope::Crate);
    let style = match &paging.style {
        PageStyle::PageNumber { page, total_pages } => {
            let total = match total_pages {
                Some(pointer) => quote!(Some(#pointer)),
                None => quote!(None),
            };
            quote!(Pagination::PageNumber { page: #page, total_pages: #total })
        }
        PageStyle::Cursor { cursor, next } => {
            quote!(Pagination::Cursor { cursor: #cursor, next: &[ #( #next ),* ] })
        }
        PageStyle::Link => quote!(Pagination::Link),
    };
    let (place, options) = match &paging.items {
        ItemsAt::Output { options } => (quote!(output), *options),
        ItemsAt::Field { rust_name, options } => {
            let field = ident(rust_name);
            (quote!(output.#field), *options)
        }
    };
    let items = match options {
        0 => place,
        1 => quote!(#place.unwrap_or_default()),
        _ => quote!(#place.flatten().unwrap_or_default()),
    };
    let allow_deprecated = op
        .deprecated
        .then(|| quote!(#[allow(deprecated, reason = "the deprecated operation's own implementation")]));
    quote! {
        #allow_deprecated
        impl Paginated for #name #lifetime {
            type Item = #item;
            const PAGINATION: Pagination = #style;
            fn items(output: Self::Output) -> Vec<#item> {
                #items
            }
        }
    }
}
