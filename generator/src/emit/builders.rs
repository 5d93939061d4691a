//! Emits what makes calls read like a hand-written SDK's: each request struct's constructor of
//! its required parts, the client's chained setters of the optional ones, and the `Paginated`
//! impl of list operations.

use super::Out;
use super::constructors::allow_operator_name;
use super::docs::describe_constraints;
use super::imports::Imports;
use super::rust_type::{Scope, ident, rust_type};
use super::signatures::{body_type, borrows, field_type, request_struct};
use crate::ir::{ItemsAt, Operation, PageStyle, Paging, Parameter, RequestBody, Schema};
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
    "follow_redirects",
    "location",
    "send",
    "send_with_response",
    "send_streaming",
    "stream",
    "pages",
    "clone",
    "fmt",
];

/// One input of an operation: a parameter or the body, with its field name.
struct Input<'a> {
    name: Ident,
    required: bool,
    of: Of<'a>,
}

/// Where an input comes from.
enum Of<'a> {
    Parameter(&'a Parameter),
    Body(&'a RequestBody),
}

impl Input<'_> {
    /// The type of its field in the request struct.
    fn ty(&self, lifetime: &TokenStream, imports: &Imports) -> TokenStream {
        match self.of {
            Of::Parameter(p) => field_type(&p.schema, p.required, lifetime, imports),
            Of::Body(body) => body_type(body, lifetime, imports),
        }
    }

    /// The type its setter takes: the field's without its `Option`.
    fn set(&self, lifetime: &TokenStream, imports: &Imports) -> TokenStream {
        match self.of {
            Of::Parameter(p) => {
                field_type(&Schema { nullable: false, ..p.schema.clone() }, true, lifetime, imports)
            }
            Of::Body(body) => body_type(&RequestBody { required: true, ..body.clone() }, lifetime, imports),
        }
    }

    fn docs(&self) -> Vec<String> {
        match self.of {
            Of::Parameter(p) => {
                p.docs.iter().cloned().chain(describe_constraints(&p.schema.constraints)).collect()
            }
            Of::Body(body) => body.docs.iter().cloned().chain(["The request body.".to_owned()]).collect(),
        }
    }
}

fn inputs(op: &Operation) -> Vec<Input<'_>> {
    let parameters = op.parameters.iter().map(|p| Input {
        name: ident(&p.rust_name),
        required: p.required,
        of: Of::Parameter(p),
    });
    let body = op.body.iter().map(|body| Input {
        name: format_ident!("body"),
        required: body.required,
        of: Of::Body(body),
    });
    parameters.chain(body).collect()
}

/// Whether the request struct has parts with no default, so it is made with `new`.
pub fn has_required(op: &Operation) -> bool {
    op.parameters.iter().any(|p| p.required) || op.body.as_ref().is_some_and(|b| b.required)
}

/// `impl Name { pub fn new(required…) -> Self }`, for structs with required parts (the others
/// derive `Default`).
pub fn constructor(op: &Operation, imports: &Imports) -> Option<TokenStream> {
    if !has_required(op) {
        return None;
    }
    let name = ident(&op.type_name);
    let arguments = required_arguments(op, imports);
    let fields = inputs(op).into_iter().map(|input| {
        let name = input.name;
        if input.required { quote!(#name) } else { quote!(#name: None) }
    });
    let generics = borrows(op).then(|| quote!(<'a>));
    let many = (arguments.len() > 7).then(
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

/// The request struct made from the required arguments (named as its fields), outside the
/// `operations` module.
pub fn construct(op: &Operation, imports: &Imports) -> TokenStream {
    let name = request_struct(op, imports);
    if op.parameters.is_empty() && op.body.is_none() {
        return quote!(#name);
    }
    if !has_required(op) {
        return quote!(#name::default());
    }
    let arguments = inputs(op).into_iter().filter(|i| i.required).map(|i| i.name);
    quote!(#name::new(#( #arguments ),*))
}

/// The required arguments of the constructor and the client method, declared.
pub fn required_arguments(op: &Operation, imports: &Imports) -> Vec<TokenStream> {
    let required = inputs(op).into_iter().filter(|i| i.required);
    required
        .map(|input| {
            let (name, ty) = (&input.name, input.ty(&quote!('a), imports));
            quote!(#name: #ty)
        })
        .collect()
}

/// `impl Call<'_, Name<'a>> { pub fn optional(mut self, value) -> Self … }`: one chained setter
/// per optional parameter (and an optional body).
pub fn call_setters(op: &Operation, out: &Out) -> Option<TokenStream> {
    let optional: Vec<Input> = inputs(op).into_iter().filter(|i| !i.required).collect();
    if optional.is_empty() {
        return None;
    }
    let name = request_struct(op, &out.imports);
    let generics = borrows(op).then(|| quote!(<'a>));
    let setters = optional.iter().map(|input| {
        let (field, set) = (&input.name, input.set(&quote!('a), &out.imports));
        let setter = setter_name(&field.to_string());
        let docs = out.docs.attrs(input.docs().iter().map(String::as_str));
        let allow = allow_operator_name(&setter);
        quote! {
            #docs
            #[inline]
            #allow
            pub fn #setter(mut self, #field: #set) -> Self {
                self.operation_mut().#field = Some(#field);
                self
            }
        }
    });
    let allow_deprecated = op
        .deprecated
        .then(|| quote!(#[allow(deprecated, reason = "the deprecated operation's own setters")]));
    let call = out.imports.item("crate::runtime::call", "Call");
    Some(quote! {
        #allow_deprecated
        impl #generics #call<'_, #name #generics> {
            #( #setters )*
        }
    })
}

/// What a client method's docs say of its optional inputs: each one's setter on the call, and
/// the first line of its docs; `None` when it has none.
pub fn optional_inputs_doc(op: &Operation) -> Option<String> {
    let optional: Vec<Input> = inputs(op).into_iter().filter(|i| !i.required).collect();
    if optional.is_empty() {
        return None;
    }
    let lines = optional.iter().map(|input| {
        let setter = setter_name(&input.name.to_string());
        let about = input.docs().into_iter().next().map(|d| d.lines().next().unwrap_or_default().to_owned());
        let about = about
            .filter(|a| !a.is_empty())
            .map_or(String::new(), |a| format!(": {}", a.trim_end_matches('.')));
        format!("- `.{}(…)`{about}", crate::naming::unraw(&setter.to_string()))
    });
    Some(format!(
        "Optional inputs, each a setter on the returned call:\n{}",
        lines.collect::<Vec<_>>().join("\n")
    ))
}

/// The chained setter of the field `field`: its name, unless `Call` has a method of that name.
pub fn setter_name(field: &str) -> Ident {
    let plain = crate::naming::unraw(field);
    if CALL_METHODS.contains(&plain) { format_ident!("set_{plain}") } else { ident(field) }
}

/// `impl Paginated for Name<'_>`, for an operation the settings' pagination matched.
pub fn paginated(op: &Operation, paging: &Paging, imports: &Imports) -> TokenStream {
    let name = ident(&op.type_name);
    let lifetime = borrows(op).then(|| quote!(<'_>));
    let item = rust_type(&paging.item, Scope::Crate(imports));
    let pagination = imports.item("crate::runtime::pagination", "Pagination");
    let style = match &paging.style {
        PageStyle::PageNumber { page, total_pages } => {
            let total = match total_pages {
                Some(pointer) => quote!(Some(#pointer)),
                None => quote!(None),
            };
            quote!(#pagination::PageNumber { page: #page, total_pages: #total })
        }
        PageStyle::Cursor { cursor, next } => {
            quote!(#pagination::Cursor { cursor: #cursor, next: &[ #( #next ),* ] })
        }
        PageStyle::Link => quote!(#pagination::Link),
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
    let paginated = imports.item("crate::runtime::pagination", "Paginated");
    quote! {
        #allow_deprecated
        impl #paginated for #name #lifetime {
            type Item = #item;
            const PAGINATION: #pagination = #style;
            fn items(output: Self::Output) -> Vec<#item> {
                #items
            }
        }
    }
}
