//! The runtime a generated crate carries: the modules of the `runtime` crate (`runtime/src/`),
//! copied verbatim into `src/runtime/`, and an index (`src/runtime/mod.rs`) declaring them as
//! `runtime/src/lib.rs` does, with the optional ones only where the API needs them.
//!
//! A split crate's models crate carries the data half (the modules compiled without the
//! `client` feature); the client crate carries the client's modules, a copy of `macros` (which
//! one crate cannot call in another's), and re-exports the models crate's others.

use super::GeneratedFile;
use crate::ir::{Api, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// When a module is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gate {
    Always,
    /// With the `client` feature.
    Client,
    /// With the `blocking` feature.
    Blocking,
}

/// When a crate carries a module at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needed {
    Always,
    /// When the API has `date-time` values (the module needs `chrono`).
    ForDateTimes,
    /// When the API has `uuid` values (the module needs `uuid`).
    ForUuids,
    /// When the API has patterns only an ECMA-262 engine matches (the module needs `regress`).
    ForEcmaPatterns,
}

/// A runtime module: its name, its text, when it is compiled and carried, and whether users
/// may reach it (`trace` is internal).
struct Module {
    name: &'static str,
    text: &'static str,
    gate: Gate,
    needed: Needed,
    public: bool,
}

macro_rules! module {
    ($name:literal, $gate:ident) => {
        module!($name, $gate, Always)
    };
    ($name:literal, $gate:ident, $needed:ident) => {
        Module {
            name: $name,
            text: include_str!(concat!("../../../runtime/src/", $name, ".rs")),
            gate: Gate::$gate,
            needed: Needed::$needed,
            public: true,
        }
    };
}

/// Every module of the runtime crate but its root, its test implementation of `api`, and its
/// tests; in name order.
const MODULES: &[Module] = &[
    module!("blocking", Blocking),
    module!("body_limit", Client),
    module!("buffer", Always),
    module!("bytes", Always),
    module!("call", Client),
    module!("cli", Client),
    module!("client", Client),
    module!("decode", Always),
    module!("ecma", Always, ForEcmaPatterns),
    module!("enums", Always),
    module!("error", Always),
    module!("file", Always),
    module!("form", Always),
    module!("macros", Always),
    module!("multipart", Always),
    module!("nullable", Always),
    module!("object", Always),
    module!("operation", Always),
    module!("pagination", Always),
    module!("pattern", Always),
    module!("redirect", Always),
    module!("request", Always),
    module!("response", Always),
    module!("retry", Client),
    module!("sensitive", Client),
    module!("style", Always),
    module!("time", Always, ForDateTimes),
    Module { public: false, ..module!("trace", Client) },
    module!("transport", Client),
    module!("uuid", Always, ForUuids),
    module!("validation", Always),
];

/// The module of macros, which each crate of a split one carries.
const MACROS: &str = "macros";

/// The runtime's files for `api`: each module it needs, and their index. `models`: a split
/// crate's models crate, which holds the data half.
pub fn files(api: &Api, header: &str, models: Option<&str>) -> Vec<GeneratedFile> {
    let carried: Vec<&Module> = MODULES.iter().filter(|module| needs(api, module.needed)).collect();
    let Some(models) = models else { return copies("src", &carried, None, header) };
    let (data, client): (Vec<&Module>, Vec<&Module>) =
        carried.into_iter().partition(|module| module.gate == Gate::Always);
    let is_macros = |module: &&&Module| module.name == MACROS;
    let own: Vec<&Module> = data.iter().filter(is_macros).copied().chain(client).collect();
    let shared: Vec<&Module> = data.iter().filter(|module| !is_macros(module)).copied().collect();
    let mut files = copies(&format!("{}/src", super::models::DIRECTORY), &data, None, header);
    files.extend(copies("src", &own, Some((models, &shared)), header));
    files
}

/// `modules` copied under `src` (a crate's source directory), and their index, which also
/// re-exports the `reexported` modules of another crate.
fn copies(
    src: &str,
    modules: &[&Module],
    reexported: Option<(&str, &[&Module])>,
    header: &str,
) -> Vec<GeneratedFile> {
    let mut files: Vec<GeneratedFile> = modules
        .iter()
        .map(|module| GeneratedFile {
            path: format!("{src}/runtime/{}.rs", module.name),
            contents: format!("// {header}\n{}", module.text),
        })
        .collect();
    let index = index(modules, reexported, header);
    files.push(GeneratedFile { path: format!("{src}/runtime/mod.rs"), contents: index });
    files
}

fn needs(api: &Api, needed: Needed) -> bool {
    match needed {
        Needed::Always => true,
        Needed::ForDateTimes => super::crate_files::uses(api, |ty| matches!(ty, TypeRef::DateTime)),
        Needed::ForUuids => super::crate_files::uses(api, |ty| matches!(ty, TypeRef::Uuid)),
        Needed::ForEcmaPatterns => super::crate_files::uses_ecma_patterns(api),
    }
}

/// `src/runtime/mod.rs`: the modules carried, each behind its feature, and those re-exported.
fn index(carried: &[&Module], reexported: Option<(&str, &[&Module])>, header: &str) -> String {
    let reexports = reexported.map(|(krate, modules)| {
        let krate = format_ident!("{krate}");
        let names = modules.iter().map(|module| format_ident!("{}", module.name));
        quote!(pub use ::#krate::runtime::{ #( #names ),* };)
    });
    let declarations = carried.iter().map(|module| {
        let gate = match module.gate {
            Gate::Always => TokenStream::new(),
            Gate::Client => quote!(#[cfg(feature = "client")]),
            Gate::Blocking => quote!(#[cfg(feature = "blocking")]),
        };
        let public = module.public.then(|| quote!(pub));
        let name = format_ident!("{}", module.name);
        quote!(#gate #public mod #name;)
    });
    let tokens = quote! {
        //! Runtime support shared by every generated client: requests, responses, errors,
        //! validation, and (with the `client` feature) the HTTP client. Copied verbatim from the
        //! generator's `runtime` crate, where it is documented and tested; what it needs from
        //! this API is in `crate::api`.
        #reexports
        #( #declarations )*
    };
    let file = syn::parse2::<syn::File>(tokens).expect("the index parses");
    format!("// {header}\n{}", super::separate_items(&prettyplease::unparse(&file)))
}

#[cfg(test)]
mod tests {
    /// The runtime crate's root declares exactly the modules copied here, each behind the
    /// same feature, so what is compiled and tested there is what generated crates carry.
    #[test]
    fn the_runtime_crate_declares_the_modules_generated_crates_carry() {
        let root = include_str!("../../../runtime/src/lib.rs");
        let mut declared = Vec::new();
        let mut gate = super::Gate::Always;
        for line in root.lines() {
            if let Some(feature) =
                line.strip_prefix("#[cfg(feature = \"").and_then(|l| l.strip_suffix("\")]"))
            {
                gate = if feature == "blocking" { super::Gate::Blocking } else { super::Gate::Client };
                continue;
            }
            let public = line.starts_with("pub mod ");
            let name = line.trim_start_matches("pub ").strip_prefix("mod ").and_then(|l| l.strip_suffix(';'));
            if let Some(name) = name.filter(|name| !["api", "tests"].contains(name)) {
                declared.push((name.to_owned(), gate, public));
            }
            gate = super::Gate::Always;
        }
        let copied: Vec<_> = super::MODULES.iter().map(|m| (m.name.to_owned(), m.gate, m.public)).collect();
        assert_eq!(declared, copied);
    }
}
