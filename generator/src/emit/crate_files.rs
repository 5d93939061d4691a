//! Emits the crate around the modules: `Cargo.toml`, `lib.rs` and the envelope module.

use super::layout::{Layout, Part, UNREFERENCED_FEATURE};
use super::rust_type::ident;
use crate::ir::{Api, Envelope, PatternMatching, Schema, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The crate root: module declarations, re-exports and the default base URL.
/// With `include_dir`, the root is for `include!` at another crate's root: no inner attributes,
/// and each module read from its file under that directory.
pub fn lib_rs(api: &Api, layout: &Layout<'_>, include_dir: Option<&str>, crate_ident: &str) -> TokenStream {
    let title = format!("A client for the {} (version {}).", api.info.title, api.info.version);
    let generated_note = "Generated from the API's OpenAPI description by openapi-rust-gen:\n\
        [`operations`] holds one sans-IO request type per operation, [`types`] the schemas.";
    let features = features_doc(layout);
    let split_note = layout.is_split().then_some(
        "The types responses reach, and the schemas no operation uses, are compiled first in a crate\n\
         of their own (`models/`, so that each crate needs less memory) and re-exported in `types`.",
    );
    let docs: Vec<String> = super::docs::sanitize(
        &[
            Some(title.as_str()),
            api.info.description.as_deref(),
            Some(generated_note),
            split_note,
            features.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n"),
    );
    // Our own Markdown, after a blank line: not sanitized.
    let quick_start = super::quick_start::quick_start(api, crate_ident);
    let quick_start = (!quick_start.is_empty())
        .then_some(String::new())
        .into_iter()
        .chain(quick_start)
        .map(|line| format!(" {line}"));
    // The link to modules is ours, not spec text: restore its brackets.
    let docs = docs
        .into_iter()
        .map(|l| l.replace("\\[`operations`\\]", "[`operations`]").replace("\\[`types`\\]", "[`types`]"))
        .chain(quick_start);
    let module = |name: &str| {
        let path = include_dir.map(|dir| {
            let file = format!("{dir}/src/{name}.rs");
            let file = if name == "runtime" { format!("{dir}/src/runtime/mod.rs") } else { file };
            quote!(#[path = #file])
        });
        let public = (!["api", "validation"].contains(&name)).then(|| quote!(pub));
        let name = ident(name);
        // The generated modules reach the runtime by path; what users need of it is re-exported
        // at the root, so its plumbing (request builders, checkers) stays out of the docs.
        let hidden = (name == "runtime").then(|| quote!(#[doc(hidden)]));
        quote! { #path #hidden #[rustfmt::skip] #public mod #name; }
    };
    let envelope = api.client.envelope.is_some().then(|| module("envelope"));
    let [api_mod, client_mod, operations_mod, runtime_mod, types_mod, validation_mod] =
        ["api", "client", "operations", "runtime", "types", "validation"].map(module);
    let docs = docs.filter(|_| include_dir.is_none());
    // With no group's feature on, a grouped crate's modules are empty.
    let may_be_empty = (!layout.is_flat())
        .then(|| quote!(#[allow(unused_imports, reason = "empty when no group's feature is on")]));
    let operations = (!api.operations.is_empty()).then(|| {
        quote!(
            #may_be_empty
            pub use operations::*;
        )
    });
    let base_url = api.info.base_url.as_ref().map(|url| {
        quote! {
            /// The API's base URL, from the spec's `servers`.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let crate_attrs = include_dir.is_none().then(|| quote!(#![cfg_attr(docsrs, feature(doc_cfg))]));
    let client_only = quote!(#[cfg(feature = "client")] #[cfg_attr(docsrs, doc(cfg(feature = "client")))]);
    let files = api
        .operations
        .iter()
        .any(|op| op.body.as_ref().is_some_and(|b| b.media == crate::ir::Media::Multipart));
    let files = files.then(|| {
        quote!(
            pub use runtime::multipart::File;
        )
    });
    let times = super::crate_files::uses(api, |ty| matches!(ty, TypeRef::DateTime)).then(|| {
        quote!(
            pub use runtime::time::DateTime;
        )
    });
    let uuids = super::crate_files::uses(api, |ty| matches!(ty, TypeRef::Uuid)).then(|| {
        quote!(
            pub use runtime::uuid::Uuid;
        )
    });
    quote! {
        #( #![doc = #docs] )*
        #crate_attrs
        #envelope
        #api_mod
        #client_only
        #client_mod
        #operations_mod
        #runtime_mod
        #types_mod
        #validation_mod
        #client_only
        pub use client::{ApiKey, Call, Client, ClientBuilder};
        #client_only
        pub use client::{Credentials, Error, RequestOptions, Secret};
        #client_only
        pub use runtime::client::TransportError;
        #client_only
        pub use runtime::transport::ByteStream;
        /// A blocking client over the async one (feature `blocking`).
        #[cfg(feature = "blocking")]
        #[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
        pub mod blocking {
            pub use crate::runtime::blocking::{Blocking, Client};
        }
        pub use api::REQUEST_ID_HEADERS;
        #operations
        pub use runtime::error::{ApiError, ApiErrorKind, ApiMessage, DecodeError, RequestError, ResponseError};
        #files
        pub use runtime::nullable::Nullable;
        pub use runtime::operation::Operation;
        pub use runtime::pagination::{Page, Paginated, Pagination, PaginationError};
        pub use runtime::response::Response;
        #times
        #uuids
        pub use runtime::validation::{Validate, ValidationErrors, Violation};
        #may_be_empty
        pub use types::*;
        #base_url
    }
}

/// For a grouped crate, the list of its features.
fn features_doc(layout: &Layout<'_>) -> Option<String> {
    if layout.is_flat() {
        return None;
    }
    let mut doc =
        "Cargo features (all on by default, as `full`; pick some with `default-features = false`):\n\n\
                   - `client`: the HTTP client.\n"
            .to_owned();
    for group in &layout.groups {
        let count = group.operations.len();
        let plural = if count == 1 { "" } else { "s" };
        doc.push_str(&format!("- `{}`: the `{}` operation{plural} ({count}).\n", group.feature, group.tag));
    }
    doc.push_str(&format!("- `{UNREFERENCED_FEATURE}`: the schemas no operation uses."));
    Some(doc)
}

/// The concerns a grouped crate splits into a submodule per part.
#[derive(Debug, Clone, Copy)]
pub enum Concern {
    Types,
    Validation,
    Operations,
}

impl Concern {
    /// Whether the part has anything of this concern (else it gets no module).
    pub fn holds_any(self, part: &Part<'_>) -> bool {
        match self {
            Concern::Types => !part.types.is_empty(),
            Concern::Validation => !part.types.is_empty() || !part.operations.is_empty(),
            Concern::Operations => !part.operations.is_empty(),
        }
    }
}

/// A concern's module in a grouped crate: a submodule per part, each behind its gate, and (for
/// types and operations) all re-exported, so paths are the same as in a flat crate. `models`:
/// the models crate of a split crate, whose types the client crate's `types` re-exports too.
pub fn index_module(parts: &[Part<'_>], concern: Concern, models: Option<&str>) -> TokenStream {
    let (docs, reexport) = match concern {
        Concern::Types if models.is_some() => (
            "Request and response types, one per schema of the spec, in a submodule per group: here\n\
             those only requests use, re-exported beside them the models crate's.",
            true,
        ),
        Concern::Types => {
            ("Request and response types, one per schema of the spec, in a submodule per group.", true)
        }
        Concern::Validation if parts.iter().all(|part| part.operations.is_empty()) => {
            ("`Validate` for every type, in a submodule per group.", false)
        }
        Concern::Validation => {
            ("`Validate` for every request type and operation, in a submodule per group.", false)
        }
        Concern::Operations => ("One sans-IO struct per API operation, in a submodule per group.", true),
    };
    let docs = super::docs::sanitize(docs);
    let parts = parts.iter().filter(|part| concern.holds_any(part));
    let declarations = parts.map(|part| {
        let module = ident(part.module.as_deref().unwrap_or_default());
        let cfg = part.gate.attr();
        let reexport = reexport.then(|| quote!(#cfg pub use #module::*;));
        quote!(#cfg mod #module; #reexport)
    });
    let models = models.filter(|_| matches!(concern, Concern::Types)).map(|models| {
        let models = ident(models);
        quote! {
            #[allow(unused_imports, reason = "empty when no group's feature is on")]
            pub use ::#models::types::*;
        }
    });
    quote! {
        #( #![doc = #docs] )*
        #models
        #( #declarations )*
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
    let result_info = field(&envelope.result_info, "result_info", quote!(Option<::serde_json::Value>));
    let result_wire = &envelope.result;
    let take = |name: &Option<String>, field: &str| {
        let field = ident(field);
        if name.is_some() { quote!(body.#field) } else { quote!(Default::default()) }
    };
    let (take_success, take_errors, take_messages, take_result_info) = (
        take(&envelope.success, "success"),
        take(&envelope.errors, "errors"),
        take(&envelope.messages, "messages"),
        take(&envelope.result_info, "result_info"),
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
            #result_info
            #[serde(rename = #result_wire, default = "Option::default")]
            result: Option<T>,
        }

        /// Response bodies are enveloped: the payload is in `result`, errors beside it.
        #[derive(Debug, Clone, Copy)]
        pub struct Envelope;

        impl Shape for Envelope {
            type Body<T: DeserializeOwned> = EnvelopeBody<T>;

            fn parts<T: DeserializeOwned>(body: EnvelopeBody<T>) -> Parts<T> {
                Parts {
                    success: #take_success,
                    errors: #take_errors,
                    messages: #take_messages,
                    result: body.result,
                    result_info: #take_result_info,
                }
            }
        }
    }
}

/// Whether any type or operation uses a type `leaf` accepts (directly or in arrays and maps).
pub fn uses(api: &Api, leaf: fn(&TypeRef) -> bool) -> bool {
    any_schema(api, &|s| leaf(&s.ty))
}

/// Whether a pattern needs the ECMA-262 engine (and the crate `regress`).
pub fn uses_ecma_patterns(api: &Api) -> bool {
    any_schema(api, &|s| {
        s.constraints.pattern.as_ref().is_some_and(|p| matches!(p.matching, PatternMatching::Ecma { .. }))
    })
}

/// Whether `test` holds for a schema anywhere: types, parameters, bodies, outputs, and the
/// items and values of arrays and maps inside them.
fn any_schema(api: &Api, test: &dyn Fn(&Schema) -> bool) -> bool {
    let in_schema = |s: &Schema| {
        let mut schema = s;
        loop {
            if test(schema) {
                return true;
            }
            match &schema.ty {
                TypeRef::Array(inner) | TypeRef::Map(inner) => schema = inner,
                _ => return false,
            }
        }
    };
    api.types.values().any(|t| t.kind.child_schemas().any(in_schema))
        || api.operations.iter().any(|op| {
            op.parameters.iter().any(|p| in_schema(&p.schema))
                || op.body.iter().any(|b| in_schema(&b.schema))
                || op.output.iter().any(in_schema)
        })
}
