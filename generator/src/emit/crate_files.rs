//! Emits the crate around the modules: `Cargo.toml`, `lib.rs` and the envelope module.

use super::rust_type::ident;
use crate::ir::{Api, Envelope, Schema, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The crate root: module declarations, re-exports and the default base URL.
pub fn lib_rs(api: &Api) -> TokenStream {
    let title = format!("A client for the {} (version {}).", api.info.title, api.info.version);
    let generated_note = "Generated from the API's OpenAPI description by `cargo xtask codegen`:\n\
        [`operations`] holds one sans-IO request type per operation, [`types`] the schemas.";
    let docs: Vec<String> = super::docs::sanitize(
        &[Some(title.as_str()), api.info.description.as_deref(), Some(generated_note)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n\n"),
    );
    // The link to modules is ours, not spec text: restore its brackets.
    let docs = docs
        .into_iter()
        .map(|l| l.replace("\\[`operations`\\]", "[`operations`]").replace("\\[`types`\\]", "[`types`]"));
    let envelope = api.client.envelope.is_some().then(|| quote! { #[rustfmt::skip] pub mod envelope; });
    let operations = (!api.operations.is_empty()).then(|| {
        quote!(
            pub use operations::*;
        )
    });
    let base_url = api.info.base_url.as_ref().map(|url| {
        quote! {
            /// The API's base URL, from the spec's `servers`.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    quote! {
        #( #![doc = #docs] )*
        #envelope
        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod types;
        #[rustfmt::skip]
        mod validation;
        #[cfg(feature = "client")]
        pub use client::{Client, ClientBuilder, Credentials, Error, RequestOptions, Secret};
        #operations
        pub use runtime::error::{ApiError, ApiErrorKind, ApiMessage, DecodeError, RequestError, ResponseError};
        pub use runtime::operation::Operation;
        pub use runtime::validation::{Validate, ValidationErrors, Violation};
        pub use types::*;
        #base_url
    }
}

/// The envelope module: the wire shape wrapping every payload, named as the spec's settings say.
pub fn envelope_rs(envelope: &Envelope) -> TokenStream {
    let field = |name: &Option<String>, ident_name: &str, ty: TokenStream| {
        name.as_ref().map(|wire| {
            let field = ident(ident_name);
            quote! { #[serde(rename = #wire, default)] #field: #ty, }
        })
    };
    let success = field(&envelope.success, "success", quote!(Option<bool>));
    let errors = field(&envelope.errors, "errors", quote!(Vec<ApiMessage>));
    let messages = field(&envelope.messages, "messages", quote!(Vec<ApiMessage>));
    let result_wire = &envelope.result;
    let take = |name: &Option<String>, field: &str| {
        let field = ident(field);
        if name.is_some() { quote!(body.#field) } else { quote!(Default::default()) }
    };
    let (take_success, take_errors, take_messages) = (
        take(&envelope.success, "success"),
        take(&envelope.errors, "errors"),
        take(&envelope.messages, "messages"),
    );
    quote! {
        //! The envelope this API wraps every response payload in.
        use crate::runtime::error::ApiMessage;
        use crate::runtime::response::{Parts, Shape};
        use ::serde::de::DeserializeOwned;

        /// A response body as it is on the wire.
        #[derive(Debug, ::serde::Deserialize)]
        pub struct EnvelopeBody<T> {
            #success
            #errors
            #messages
            #[serde(rename = #result_wire, default = "Option::default")]
            result: Option<T>,
        }

        /// Response bodies are enveloped: the payload is in `result`, errors beside it.
        #[derive(Debug, Clone, Copy)]
        pub struct Envelope;

        impl Shape for Envelope {
            type Body<T: DeserializeOwned> = EnvelopeBody<T>;

            fn parts<T: DeserializeOwned>(body: EnvelopeBody<T>) -> Parts<T> {
                Parts { success: #take_success, errors: #take_errors, messages: #take_messages, result: body.result }
            }
        }
    }
}

/// Whether any type or operation uses a type `leaf` accepts (directly or in arrays and maps).
pub fn uses(api: &Api, leaf: fn(&TypeRef) -> bool) -> bool {
    let in_schema = |s: &Schema| {
        let mut ty = &s.ty;
        while let TypeRef::Array(inner) | TypeRef::Map(inner) = ty {
            ty = &inner.ty;
        }
        leaf(ty)
    };
    let in_type = |kind: &TypeKind| match kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| in_schema(&f.schema)),
        TypeKind::Union(u) => u.variants.iter().any(|v| in_schema(&v.schema)),
        TypeKind::Newtype(inner) => in_schema(inner),
        TypeKind::StringEnum(_) => false,
    };
    api.types.values().any(|t| in_type(&t.kind))
        || api.operations.iter().any(|op| {
            op.parameters.iter().any(|p| in_schema(&p.schema))
                || op.body.iter().any(|b| in_schema(&b.schema))
                || op.output.iter().any(in_schema)
        })
}

/// The crate manifest; `standalone` adds an empty `[workspace]` so it builds anywhere.
pub fn cargo_toml(api: &Api, crate_name: &str, version: &str, standalone: bool) -> String {
    let description =
        format!("Rust client for the {}, generated from its OpenAPI description.", api.info.title);
    let mut dependencies = vec![
        ("base64", "\"0.22\""),
        ("fastrand", "{ version = \"2\", optional = true }"),
        ("http", "\"1\""),
        ("httpdate", "{ version = \"1\", optional = true }"),
        ("percent-encoding", "\"2\""),
        ("regex", "\"1\""),
        (
            "reqwest",
            "{ version = \"0.12\", default-features = false, features = [\"rustls-tls\", \"http2\"], optional = true }",
        ),
        ("serde", "{ version = \"1\", features = [\"derive\"] }"),
        ("serde_json", "\"1\""),
        ("thiserror", "\"2\""),
        ("tokio", "{ version = \"1\", features = [\"time\"], optional = true }"),
    ];
    if uses(api, |ty| matches!(ty, TypeRef::DateTime | TypeRef::Date)) {
        let chrono = "{ version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }";
        dependencies.push(("chrono", chrono));
    }
    if uses(api, |ty| matches!(ty, TypeRef::Uuid)) {
        dependencies.push(("uuid", "{ version = \"1\", features = [\"serde\"] }"));
    }
    dependencies.sort();
    let dependencies: String = dependencies.iter().map(|(name, spec)| format!("{name} = {spec}\n")).collect();
    let examples: String = api
        .operations
        .iter()
        .map(|op| {
            format!(
                "\n[[example]]\nname = \"{}\"\nrequired-features = [\"client\"]\n",
                op.rust_name.trim_start_matches("r#")
            )
        })
        .collect();
    let workspace = if standalone { "\n[workspace]\n" } else { "" };
    format!(
        "[package]\nname = \"{crate_name}\"\nversion = \"{version}\"\nedition = \"2024\"\nrust-version = \"1.85\"\n\
         description = {description:?}\nlicense = \"MIT OR Apache-2.0\"\npublish = false\n\n\
         [features]\n\
         # The HTTP client (reqwest with rustls, tokio). Without it: types, validation and the sans-IO layer.\n\
         default = [\"client\"]\n\
         client = [\"dep:fastrand\", \"dep:httpdate\", \"dep:reqwest\", \"dep:tokio\"]\n\n\
         [dependencies]\n{dependencies}\n\
         [dev-dependencies]\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n{examples}{workspace}"
    )
}
