//! A split crate's models crate, in `models/` beside the client crate's `src/`: the types the
//! server sends, their validation, the runtime's data half and a manifest. The client crate
//! depends on it by path and re-exports all of it, so users name every type as in a flat crate;
//! each of the two compiles in about half the memory of the crate they make together.

use super::imports::GlobNames;
use super::layout::{Layout, Part};
use super::{Out, RustJob, types, validation};
use crate::ir::Api;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// The models crate's directory, beside the client crate's `src/`.
pub const DIRECTORY: &str = "models";

/// The models crate's package name: the client crate's, with `-models`.
pub fn package_name(crate_name: &str) -> String {
    format!("{crate_name}-models")
}

/// The models crate's Rust files, as jobs: its types, their validation (a module each, or a
/// submodule per part for a grouped crate), its `api` and its root.
pub fn jobs<'a>(
    api: &'a Api,
    layout: &'a Layout<'a>,
    parts: &'a [Part<'a>],
    checked: &'a BTreeSet<String>,
    globs: &'a GlobNames,
    crate_name: &'a str,
) -> Vec<(String, RustJob<'a>)> {
    let root = format!("{DIRECTORY}/src");
    let mut jobs: Vec<(String, RustJob<'a>)> = match parts {
        [part] if layout.is_flat() => vec![
            (format!("{root}/types.rs"), Box::new(move |out: &Out| types::types_module(part, None, out))),
            (
                format!("{root}/validation.rs"),
                Box::new(move |out: &Out| validation::validation_module(part, checked, None, out)),
            ),
        ],
        parts => super::part_jobs(&root, parts, None, checked, globs, api),
    };
    jobs.push((format!("{root}/api.rs"), Box::new(move |_: &Out| api_module(api))));
    jobs.push((format!("{root}/lib.rs"), Box::new(move |_: &Out| lib_rs(api, crate_name))));
    jobs
}

/// What the runtime's data half needs from this API: the request id headers (the client
/// crate's `api` re-exports them beside its client settings).
fn api_module(api: &Api) -> TokenStream {
    let request_ids = &api.client.request_id_headers;
    quote! {
        //! What the runtime's data half needs from this API: the request id headers.
        /// Response headers that carry the server's id for a request, in order of preference.
        pub const REQUEST_ID_HEADERS: &[&str] = &[ #( #request_ids ),* ];
    }
}

/// The models crate's root: its modules; users reach them through the client crate.
fn lib_rs(api: &Api, crate_name: &str) -> TokenStream {
    let docs = super::docs::sanitize(&format!(
        "The types of `{crate_name}` (a client for the {}) that its responses reach, and the\n\
         schemas no operation uses: a crate of their own, so that each half of the client\n\
         compiles in less memory.\n\nUse them through `{crate_name}`, which re-exports them all.",
        api.info.title
    ));
    quote! {
        #( #![doc = #docs] )*
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod api;
        #[doc(hidden)]
        #[rustfmt::skip]
        pub mod runtime;
        #[rustfmt::skip]
        pub mod types;
        #[rustfmt::skip]
        mod validation;
    }
}
