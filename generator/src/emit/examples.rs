//! Emits one runnable example per operation (`examples/<operation>.rs`): the call from the
//! command line, its arguments parsed and its outcome printed by the runtime's `cli` module.

use super::rust_type::{Scope, ident, rust_type};
use crate::ir::{Api, Media, Operation, Schema, TypeRef};
use crate::naming::unraw;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

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
