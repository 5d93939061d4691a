//! Emits the `client` module (one method per operation) and one runnable example per operation.

use super::builders;
use super::docs::doc_attrs;
use super::layout::{Group, Layout};
use super::rust_type::{Scope, ident, rust_type};
use super::signatures;
use crate::ir::{Api, Media, Operation, Schema, TypeRef};
use crate::naming::unraw;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

pub fn client_module(api: &Api, layout: &Layout<'_>) -> TokenStream {
    let imports = layout.is_flat().then(|| imports(api.operations.iter()));
    let methods = if layout.is_flat() {
        methods(api.operations.iter())
    } else {
        let modules = layout.groups.iter().map(|group| {
            let module = ident(&group.module);
            let feature = &group.feature;
            quote!(#[cfg(feature = #feature)] mod #module;)
        });
        quote!( #( #modules )* )
    };
    quote! {
        //! The HTTP client, with one method per operation.
        pub use crate::runtime::call::Call;
        pub use crate::runtime::client::{ApiKey, Credentials, Error, RequestOptions, Secret};
        pub use crate::runtime::transport::{Client, ClientBuilder};
        #imports
        #methods
    }
}

/// The client methods of one group's operations.
pub fn client_group(group: &Group<'_>) -> TokenStream {
    let docs =
        format!(" The client methods of the `{}` operations (feature `{}`).", group.tag, group.feature);
    let methods = methods(group.operations.iter().copied());
    let imports = imports(group.operations.iter().copied());
    quote! {
        #![doc = #docs]
        use crate::runtime::call::Call;
        use crate::runtime::transport::Client;
        #imports
        #methods
    }
}

/// What the methods of `operations` and their setters name: the request structs, and the
/// types of their inputs.
fn imports<'a>(mut operations: impl Iterator<Item = &'a Operation> + Clone) -> TokenStream {
    let structs = operations.clone().next().map(|_| {
        quote!(
            use crate::operations::*;
        )
    });
    let types = operations.any(signatures::inputs_name_a_type).then(|| {
        quote!(
            use crate::types::*;
        )
    });
    quote!(#structs #types)
}

/// One `impl Client` with a method per operation, then the setters of each operation's call.
fn methods<'a>(operations: impl Iterator<Item = &'a Operation> + Clone) -> TokenStream {
    let methods = operations.clone().map(method);
    let setters = operations.filter_map(builders::call_setters);
    quote! {
        impl Client {
            #( #methods )*
        }
        #( #setters )*
    }
}

/// The method for one operation: its required inputs in, a [`Call`] out, on which the optional
/// ones are chained setters.
fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.rust_name);
    let type_name = ident(&op.type_name);
    let arguments = builders::required_arguments(op);
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
    let docs = doc_attrs(
        op.summary.iter().chain(&op.description).map(String::as_str).chain([signature.as_str(), sending]),
    );
    let construct = builders::construct(op);
    let many = (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required parameter of the operation")]));
    let deprecated = op.deprecated.then(
        || quote!(#[deprecated] #[allow(deprecated, reason = "the deprecated operation's own method")]),
    );
    let generics = signatures::borrows(op).then(|| quote!(<'a>));
    quote! {
        #docs
        #deprecated
        #many
        #[inline]
        pub fn #name #generics(&self, #( #arguments ),*) -> Call<'_, #type_name #generics> {
            Call::new(self, #construct)
        }
    }
}

/// A runnable example: docs, and the call in an inline `cli` module that rustfmt skips (the code
/// is formatted by prettyplease; what rustfmt sees is formatted alike by both).
pub fn example(api: &Api, crate_ident: &str, op: &Operation) -> TokenStream {
    let call = example_call(api, crate_ident, op);
    let name = unraw(&op.rust_name);
    let title = format!(" Calls `{} {}` from the command line.", op.method, op.path);
    let usage =
        format!(" cargo run --example {name} --{} [--timeout SECS] [--max-retries N]", usage_arguments(op));
    let env_note = env_note(api);
    quote! {
        #![doc = #title]
        //!
        //! ```text
        #![doc = #usage]
        //! ```
        //!
        #![doc = #env_note]
        //! Prints the result as JSON on stdout and exits 0; on any error, prints it on stderr and exits 1.
        #[rustfmt::skip]
        mod cli {
            #call
        }

        fn main() -> std::process::ExitCode {
            cli::main()
        }
    }
}

/// The positional arguments of an operation's example (required parameters, then the body),
/// as its usage line shows them.
fn usage_arguments(op: &Operation) -> String {
    let mut positional: Vec<String> =
        op.parameters.iter().filter(|p| p.required).map(|p| format!(" <{}>", p.wire_name)).collect();
    if op.body.is_some() {
        positional.push(" <BODY.json>".to_owned());
    }
    positional.concat()
}

/// The example's `cli` module: the call, with the shared plumbing in `runtime::cli`.
fn example_call(api: &Api, crate_ident: &str, op: &Operation) -> TokenStream {
    let krate = ident(crate_ident);
    let type_name = ident(&op.type_name);
    let ExampleArguments { names, conversions, fields } = example_arguments(api, crate_ident, op);
    let usage =
        format!("usage: {}{} [--timeout SECS] [--max-retries N]", unraw(&op.rust_name), usage_arguments(op));
    let construct = if fields.is_empty() {
        quote!(#krate::operations::#type_name)
    } else {
        quote!(#krate::operations::#type_name { #( #fields ),* })
    };
    let allow =
        op.deprecated.then(|| quote!(#[allow(deprecated, reason = "the example of a deprecated operation")]));
    quote! {
        //! The call; `runtime::cli` reads the arguments and prints the outcome.
        use #krate::Client;
        use #krate::runtime::cli;

        const USAGE: &str = #usage;

        #[tokio::main]
        pub async fn main() -> std::process::ExitCode {
            cli::finish(run().await)
        }

        #allow
        async fn run() -> Result<impl serde::Serialize, Box<dyn std::error::Error>> {
            let ([ #( #names ),* ], options) = cli::arguments(USAGE)?;
            #( #conversions )*
            let operation = #construct;
            let client = Client::from_env()?;
            Ok(client.send(&operation, &options).await?)
        }
    }
}

/// What an example does with its positional arguments: their names, the statements that
/// convert them, and the request struct's fields (optional parameters left `None`).
struct ExampleArguments {
    names: Vec<Ident>,
    conversions: Vec<TokenStream>,
    fields: Vec<TokenStream>,
}

fn example_arguments(api: &Api, crate_ident: &str, op: &Operation) -> ExampleArguments {
    let mut arguments = ExampleArguments { names: Vec::new(), conversions: Vec::new(), fields: Vec::new() };
    for p in &op.parameters {
        let name = ident(&p.rust_name);
        if !p.required {
            arguments.fields.push(quote!(#name: None));
            continue;
        }
        arguments.conversions.extend(argument_conversion(api, crate_ident, &name, &p.schema));
        arguments.fields.push(if p.schema.ty.is_scalar() { quote!(#name) } else { quote!(#name: &#name) });
        arguments.names.push(name);
    }
    if let Some(body) = &op.body {
        arguments.conversions.push(match body.media {
            Media::Json | Media::Form | Media::Multipart => {
                let ty = rust_type(&body.schema, Scope::External(crate_ident));
                quote! { let body: #ty = cli::json_file(&body)?; }
            }
            Media::Text => quote! { let body = std::fs::read_to_string(&body)?; },
            Media::Binary | Media::EventStream => quote! { let body = std::fs::read(&body)?; },
        });
        arguments.fields.push(if body.required { quote!(body: &body) } else { quote!(body: Some(&body)) });
        arguments.names.push(format_ident!("body"));
    }
    arguments
}

/// The statement turning a command-line argument (a `String`) into a parameter's type.
/// Anything else is read as JSON, into the parameter's type (a `Vec` for an array, which the
/// request struct borrows as a slice).
fn argument_conversion(api: &Api, crate_ident: &str, name: &Ident, schema: &Schema) -> Option<TokenStream> {
    let ty = &schema.ty;
    Some(match ty {
        TypeRef::String => return None,
        TypeRef::Named(n) if api.is_string_enum(ty) => {
            let (krate, n) = (ident(crate_ident), ident(n));
            quote!(let #name = #krate::types::#n::from(#name.as_str());)
        }
        ty if ty.is_text_value() => quote!(let #name = #name.parse()?;),
        _ => {
            let ty = rust_type(&Schema { nullable: false, ..schema.clone() }, Scope::External(crate_ident));
            quote!(let #name: #ty = serde_json::from_str(&#name)?;)
        }
    })
}

fn env_note(api: &Api) -> String {
    let env = &api.client.env;
    let mut vars: Vec<String> = env.bearer_token.iter().cloned().collect();
    let keys: Vec<&str> = env.api_keys.values().map(String::as_str).collect();
    if !keys.is_empty() {
        vars.push(keys.join(" + "));
    }
    if let (Some(user), Some(password)) = (&env.basic_username, &env.basic_password) {
        vars.push(format!("{user} + {password}"));
    }
    let credentials = if vars.is_empty() {
        "no credentials".to_owned()
    } else {
        format!("credentials from {}", vars.join(" or "))
    };
    let base =
        env.base_url.as_ref().map(|b| format!(", and the base URL from {b} when set")).unwrap_or_default();
    format!(" Reads {credentials}{base}.")
}
