//! Emits the `client` module: one method per operation, in a submodule per group for a grouped
//! crate.

use super::Out;
use super::builders;
use super::imports::GlobNames;
use super::layout::{Group, Layout};
use super::rust_type::ident;
use super::signatures;
use crate::ir::{Api, Media, Operation};
use proc_macro2::TokenStream;
use quote::quote;

pub fn client_module(api: &Api, layout: &Layout<'_>, out: &Out) -> TokenStream {
    let imports = &out.imports;
    imports.export("crate::runtime::call", &["Call"]);
    imports.export("crate::runtime::client", &["ApiKey", "Credentials", "Error", "RequestOptions", "Secret"]);
    imports.export("crate::runtime::transport", &["Client", "ClientBuilder"]);
    let methods = if layout.is_flat() {
        methods(api.operations.iter(), out)
    } else {
        let modules = layout.groups.iter().map(|group| {
            let module = ident(&group.module);
            let feature = &group.feature;
            quote!(#[cfg(feature = #feature)] mod #module;)
        });
        quote!( #( #modules )* )
    };
    let imports = imports.render();
    quote! {
        //! The HTTP client, with one method per operation.
        #imports
        #methods
    }
}

/// The client methods of one group's operations.
pub fn client_group(group: &Group<'_>, globs: &GlobNames, out: &Out) -> TokenStream {
    let docs =
        format!(" The client methods of the `{}` operations (feature `{}`).", group.tag, group.feature);
    let methods = methods(group.operations.iter().copied(), out);
    out.imports.name_globs(globs);
    let imports = out.imports.render();
    quote! {
        #![doc = #docs]
        #imports
        #methods
    }
}

/// One `impl Client` with a method per operation, then the setters of each operation's call.
fn methods<'a>(operations: impl Iterator<Item = &'a Operation> + Clone, out: &Out) -> TokenStream {
    let methods: Vec<TokenStream> = operations.clone().map(|op| method(op, out)).collect();
    let setters: Vec<TokenStream> = operations.filter_map(|op| builders::call_setters(op, out)).collect();
    let client = out.imports.item("crate::runtime::transport", "Client");
    quote! {
        impl #client {
            #( #methods )*
        }
        #( #setters )*
    }
}

/// What a method's docs say of the redirects its spec declares: both ways to take them.
fn redirect_doc(op: &Operation) -> Option<String> {
    let (first, _) = op.redirects.first()?;
    let described: Vec<String> = op
        .redirects
        .iter()
        .map(|(status, description)| match description {
            Some(description) => format!("`{status}` ({})", description.trim().trim_end_matches('.')),
            None => format!("`{status}`"),
        })
        .collect();
    Some(format!(
        "The spec says it may answer with a redirect: {}.\n\
         The client follows it (to another origin without any credential) and returns the answer\n\
         found there; `.location().await` returns the URL instead, without following it, and\n\
         `.follow_redirects(false)` ends the call at the redirect with `Error::Redirect` (its\n\
         `{first}` status and `Location`).",
        described.join(", ")
    ))
}

/// The method for one operation: its required inputs in, a [`Call`] out, on which the optional
/// ones are chained setters.
fn method(op: &Operation, out: &Out) -> TokenStream {
    let imports = &out.imports;
    let name = ident(&op.rust_name);
    let type_name = signatures::request_struct(op, imports);
    let arguments = builders::required_arguments(op, imports);
    let signature = format!("`{} {}`", op.method, op.path);
    let sending = if op.output_media == Media::EventStream {
        "Chain optional parameters and per-request options on the returned call, then read the\n\
         events as they arrive with `.send_streaming().await`."
    } else if op.pagination.is_some() {
        "Chain optional parameters and per-request options on the returned call, then `.await`\n\
         it for one page, or take every item with `.stream()` (each page with `.pages()`)."
    } else {
        "Chain optional parameters and per-request options on the returned call, then `.await`\n\
         it (`.send_with_response()` keeps the response's metadata)."
    };
    let redirects = redirect_doc(op);
    let optional = builders::optional_inputs_doc(op);
    let docs = out.docs.attrs(
        (op.summary.iter().chain(&op.description).map(String::as_str))
            .chain([signature.as_str(), sending])
            .chain(optional.as_deref())
            .chain(redirects.as_deref()),
    );
    let construct = builders::construct(op, imports);
    let many = (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")]));
    let deprecated = op.deprecated.then(
        || quote!(#[deprecated] #[allow(deprecated, reason = "the deprecated operation's own method")]),
    );
    let generics = signatures::borrows(op).then(|| quote!(<'a>));
    let call = imports.item("crate::runtime::call", "Call");
    quote! {
        #docs
        #deprecated
        #many
        #[inline]
        pub fn #name #generics(&self, #( #arguments ),*) -> #call<'_, #type_name #generics> {
            #call::new(self, #construct)
        }
    }
}
