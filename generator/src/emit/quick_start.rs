//! Emits the crate docs' quick start: a call with optional parameters, a listing, the raw
//! response and matching on errors, for this API's own operations. The snippets are doctests
//! (`no_run`), so they compile with the crate or the build fails.

use super::builders;
use super::rust_type::ident;
use crate::ir::{Api, Operation, Schema, TypeKind, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The quick start's doc lines (Markdown), or none when no operation can be called with
/// placeholder values (every one needs a body with required fields, say).
pub fn quick_start(api: &Api, crate_ident: &str) -> Vec<String> {
    let callable = |op: &'_ Operation| example_call(api, op).map(|example| (op.rust_name.clone(), example));
    let Some((op, example)) = api.operations.iter().find_map(callable) else {
        return Vec::new();
    };
    let krate = ident(crate_ident);
    let name = ident(&op);
    let Example { arguments, optional, types } = example;
    let env = (api.client.env.bearer_token.as_deref())
        .or(api.client.env.api_keys.values().next().map(String::as_str))
        .map_or(String::new(), |var| format!(" (credentials from `{var}`: see [`Client::from_env`])"));
    let mut lines = vec![
        "## Start here".to_owned(),
        String::new(),
        "- [`Client`]: `Client::from_env()` or `Client::builder()`, then a method per operation.".to_owned(),
        "- [`Error`]: what a call fails with, matched by kind ([`ApiError::kind`] for the API's own)."
            .to_owned(),
        "- [`types`]: each struct is built with `new(required…)` (or `Default` when nothing is".to_owned(),
        "  required) and a chained setter per optional field; read an optional nullable field as".to_owned(),
        "  one `Option` with [`Nullable::value`].".to_owned(),
        "- [`Validate`]: every constraint the spec states, checked before anything is sent.".to_owned(),
        "- [`operations`]: the same calls without an HTTP stack (build an `http::Request`, parse an"
            .to_owned(),
        "  `http::Response`).".to_owned(),
        String::new(),
        "## Quick start".to_owned(),
        String::new(),
        format!("Build a [`Client`]{env},"),
        "call an operation's method with its required parameters, chain any optional ones and".to_owned(),
        "per-request options, and `.await` it:".to_owned(),
        String::new(),
    ];
    let chained = optional.map(|(setter, value)| quote!(.#setter(#value)));
    let all_types = types.clone();
    let types = types.iter();
    lines.extend(snippet(quote!(use #krate::{Client, Error, #( #types ),*};), quote! {
        let client = Client::from_env()?;
        let output = client.#name(#( #arguments ),*) #chained .with_timeout(std::time::Duration::from_secs(10)).await?;
        println!("{output:?}");
    }));
    lines.extend([
        String::new(),
        "`.send_with_response()` keeps the status, headers, request id and envelope metadata".to_owned(),
        "beside the output; errors are matched by kind:".to_owned(),
        String::new(),
    ]);
    let types = all_types.iter();
    lines.extend(snippet(quote!(use #krate::{ApiErrorKind, Client, Error, #( #types ),*};), quote! {
        let client = Client::from_env()?;
        match client.#name(#( #arguments ),*).send_with_response().await {
            Ok(response) => println!("{} (request id {:?})", response.status, response.request_id()),
            Err(Error::Api(error)) if error.kind() == ApiErrorKind::NotFound => println!("not found: {error}"),
            Err(Error::Validation(errors)) => println!("nothing sent: {errors}"),
            Err(other) => return Err(other),
        }
    }));
    let listing = api.operations.iter().filter(|op| op.pagination.is_some()).find_map(callable);
    if let Some((op, Example { arguments, types, .. })) = listing {
        let name = ident(&op);
        lines.extend([
            String::new(),
            format!(
                "A list operation (`{}` and the others that page) fetches its pages as",
                crate::naming::unraw(&op)
            ),
            "they are read:".to_owned(),
            String::new(),
        ]);
        let types = types.iter();
        let uses = quote! {
            use futures_util::StreamExt;
            use #krate::{Client, Error, #( #types ),*};
        };
        lines.extend(snippet(
            uses,
            quote! {
                let client = Client::from_env()?;
                let mut items = std::pin::pin!(client.#name(#( #arguments ),*).stream());
                while let Some(item) = items.next().await {
                    println!("{:?}", item?);
                }
            },
        ));
    }
    lines
}

/// A doctest: `uses`, then `body` inside a hidden `async fn` returning `Result<(), Error>`.
fn snippet(uses: TokenStream, body: TokenStream) -> Vec<String> {
    let file = quote! {
        #uses
        async fn example() -> Result<(), Error> {
            #body
            Ok(())
        }
    };
    let formatted = prettyplease::unparse(&syn::parse2(file).expect("a snippet that parses"));
    let mut lines = vec!["```no_run".to_owned()];
    let mut in_body = false;
    for line in formatted.lines() {
        if line.starts_with("async fn example()") {
            in_body = true;
            lines.push(format!("# {line}"));
        } else if !in_body {
            lines.push(line.to_owned());
        } else if line.trim() == "Ok(())" || line == "}" {
            lines.push(format!("# {}", line.trim()));
        } else {
            lines.push(line.strip_prefix("    ").unwrap_or(line).to_owned());
        }
    }
    lines.push("```".to_owned());
    lines
}

/// Placeholder arguments for the operation's required inputs, and a setter with a value for
/// its first optional parameter that has one; `None` when some required input has no
/// placeholder.
fn example_call(api: &Api, op: &Operation) -> Option<Example> {
    if op.deprecated || op.output_media == crate::ir::Media::EventStream {
        return None;
    }
    let mut types = std::collections::BTreeSet::new();
    let mut arguments = Vec::new();
    for p in op.parameters.iter().filter(|p| p.required) {
        arguments.push(argument(api, &p.schema, &mut types)?);
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        if !body.media.is_typed() {
            return None;
        }
        arguments.push(argument(api, &body.schema, &mut types)?);
    }
    let optional = op.parameters.iter().filter(|p| !p.required).find_map(|p| {
        let value = argument(api, &Schema { nullable: false, ..p.schema.clone() }, &mut types)?;
        let setter = builders::setter_name(&p.rust_name);
        Some((setter, value))
    });
    Some(Example { arguments, optional, types })
}

/// How the snippets call one operation.
struct Example {
    /// The required arguments.
    arguments: Vec<TokenStream>,
    /// A setter and its value.
    optional: Option<(proc_macro2::Ident, TokenStream)>,
    /// The generated types the arguments name.
    types: std::collections::BTreeSet<Ident>,
}

/// A placeholder value of a parameter or body, borrowed where the request struct borrows it;
/// the types it names are added to `types`, which the snippet imports.
fn argument(
    api: &Api,
    schema: &Schema,
    types: &mut std::collections::BTreeSet<Ident>,
) -> Option<TokenStream> {
    let value = match &schema.ty {
        TypeRef::String => quote!("example"),
        TypeRef::Array(_) => quote!(&[]),
        // Scalars are held by value.
        ty if ty.is_scalar() => owned(api, &Schema { nullable: false, ..schema.clone() }, types, 0)?,
        _ => {
            let value = owned(api, &Schema { nullable: false, ..schema.clone() }, types, 0)?;
            quote!(&#value)
        }
    };
    Some(if schema.nullable { quote!(Some(#value)) } else { value })
}

/// A placeholder value a constructor or setter takes: a struct built with `new` from its
/// required fields' placeholders (three levels deep at most), an enum's first value.
fn owned(
    api: &Api,
    schema: &Schema,
    types: &mut std::collections::BTreeSet<Ident>,
    depth: usize,
) -> Option<TokenStream> {
    let value = match &schema.ty {
        TypeRef::String => quote!("example"),
        TypeRef::Boolean => quote!(true),
        TypeRef::Integer(_) => quote!(1),
        TypeRef::Number => quote!(1.0),
        TypeRef::Array(_) => quote!(Vec::new()),
        TypeRef::Named(name) => {
            let ty = ident(name);
            let value = match &api.types.get(name)?.kind {
                TypeKind::StringEnum(e) => {
                    let variant = ident(&e.variants.first()?.rust_name);
                    quote!(#ty::#variant)
                }
                TypeKind::Struct(s) if s.all_optional() => quote!(#ty::default()),
                TypeKind::Struct(s) if depth < 3 => {
                    let required = s.fields.iter().filter(|f| f.required);
                    let values: Option<Vec<TokenStream>> = required
                        .map(|f| match f.schema.nullable {
                            true => Some(quote!(None)),
                            false => owned(api, &f.schema, types, depth + 1),
                        })
                        .collect();
                    let values = values?;
                    quote!(#ty::new(#( #values ),*))
                }
                _ => return None,
            };
            types.insert(ty);
            value
        }
        _ => return None,
    };
    Some(if schema.nullable { quote!(Some(#value)) } else { value })
}
