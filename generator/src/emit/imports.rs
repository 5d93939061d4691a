//! The `use` lines of one generated module, recorded where its tokens name what they import.
//!
//! An emitter records a path where it writes tokens that need it (`RequestBuilder::new`, a
//! derive, a spec type's name), and the module renders its `use` lines from that record, so the
//! lines say exactly what the tokens use.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// The module of the spec's types, named bare through its glob.
pub const TYPES: &str = "crate::types";
/// The module of the request structs, named bare through its glob.
pub const OPERATIONS: &str = "crate::operations";

/// What a glob import brings in: every public name of the module.
const GLOB: &str = "*";
/// What importing a module itself brings in: its name, for paths into it.
const MODULE: &str = "self";

/// Names by the module they come from.
type Names = BTreeMap<&'static str, BTreeSet<String>>;

/// Every name a glob of each module brings in (the spec's types, the request structs): for
/// trading a module's globs for the names it uses ([`Imports::name_globs`]).
#[derive(Default)]
pub struct GlobNames {
    pub by_module: BTreeMap<&'static str, BTreeSet<String>>,
    /// Deprecated items, which a `use` by name would warn of: a module that uses one keeps its
    /// glob.
    pub deprecated: BTreeSet<String>,
}

/// The paths one module's tokens use, by module (`crate::runtime::request` → `Body`,
/// `RequestBuilder`). Shared as `&Imports` by everything that writes the module's tokens, on
/// the one thread that builds it.
#[derive(Default)]
pub struct Imports {
    used: RefCell<Names>,
    /// Re-exported with `pub use`: the module's interface, which brings the names in as well.
    exported: RefCell<Names>,
    /// The names written bare that a recorded glob brings in, by the glob's module.
    through_glob: RefCell<Names>,
}

impl Imports {
    /// Records `module::name` and returns the name, for tokens that write it.
    pub fn item(&self, module: &'static str, name: &'static str) -> Ident {
        self.record(module, name);
        Ident::new(name, Span::call_site())
    }

    /// Records `module::name` for tokens that need it in scope without writing it (a trait
    /// whose method they call).
    pub fn record(&self, module: &'static str, name: &'static str) {
        self.name(module, name);
    }

    /// Records `module::name` for a name the spec gave (a type's).
    pub fn name(&self, module: &'static str, name: &str) {
        self.used.borrow_mut().entry(module).or_default().insert(name.to_owned());
    }

    /// Records `module` itself and returns its last segment, for paths into it
    /// (`response::Json`).
    pub fn module(&self, module: &'static str) -> Ident {
        self.record(module, MODULE);
        Ident::new(module.rsplit("::").next().unwrap_or(module), Span::call_site())
    }

    /// Records `module::*`, for names written without a path.
    pub fn glob(&self, module: &'static str) {
        self.record(module, GLOB);
    }

    /// Records `name`, written bare, as brought in by `module::*` (a spec type, a request
    /// struct): the glob, which [`Imports::name_globs`] may trade for the names.
    pub fn through_glob(&self, module: &'static str, name: &str) {
        self.glob(module);
        self.through_glob.borrow_mut().entry(module).or_default().insert(name.to_owned());
    }

    /// Re-exports `names` of `module` (`pub use`).
    pub fn export(&self, module: &'static str, names: &[&'static str]) {
        self.exported.borrow_mut().entry(module).or_default().extend(names.iter().map(|n| (*n).to_owned()));
    }

    /// Trades each recorded glob of a module in `globs` for the names recorded as written
    /// through it ([`Imports::through_glob`]), leaving out names the module imports from
    /// elsewhere. A glob makes rustc bind every name of the module in each module that says it:
    /// Cloudflare's grouped client has a thousand such modules and 7,000 names, gigabytes while
    /// its macros expand. Only for a module compiled whole: a named import of an item compiled
    /// out is an error, where a glob is not.
    pub fn name_globs(&self, globs: &GlobNames) {
        let mut used = self.used.borrow_mut();
        let elsewhere: BTreeSet<&String> = used
            .iter()
            .filter(|(module, _)| !globs.by_module.contains_key(*module))
            .flat_map(|(_, names)| names)
            .collect();
        let through_glob = self.through_glob.borrow();
        let mut named = Vec::new();
        for (module, names) in &globs.by_module {
            let Some(recorded) = used.get(module) else { continue };
            let written = through_glob.get(module).into_iter().flatten();
            let wanted: Vec<String> =
                written.filter(|n| names.contains(*n) && !elsewhere.contains(n)).cloned().collect();
            if recorded.contains(GLOB) && !wanted.iter().any(|n| globs.deprecated.contains(n)) {
                named.push((*module, wanted));
            }
        }
        for (module, wanted) in named {
            let recorded = used.entry(module).or_default();
            recorded.remove(GLOB);
            recorded.extend(wanted);
        }
    }

    /// The module's `use` lines.
    pub fn render(&self) -> TokenStream {
        self.render_each(&TokenStream::new())
    }

    /// The module's `use` lines, each after `attrs`: the re-exports first (the module's
    /// interface), then the imports they do not cover; one line per module, in path order.
    pub fn render_each(&self, attrs: &TokenStream) -> TokenStream {
        let exported = self.exported.borrow();
        let mut used = self.used.borrow().clone();
        for (module, names) in used.iter_mut() {
            names.retain(|name| !exported.get(module).is_some_and(|public| public.contains(name.as_str())));
        }
        let exports = lines(&exported).map(|line| quote!(#attrs pub use #line;));
        let imports = lines(&used).map(|line| quote!(#attrs use #line;));
        quote!( #( #exports )* #( #imports )* )
    }
}

/// Each module's use tree (`crate::runtime::request::{Body, RequestBuilder}`), in path order
/// (segment by segment, as rustfmt sorts).
fn lines(names: &Names) -> impl Iterator<Item = TokenStream> {
    let mut modules: Vec<(&&str, &BTreeSet<String>)> = names.iter().filter(|(_, n)| !n.is_empty()).collect();
    modules.sort_by(|(a, _), (b, _)| a.split("::").cmp(b.split("::")));
    modules.into_iter().map(|(module, names)| {
        let path = path(module);
        // `self` first, as rustfmt puts it; then the names in order.
        let (module_itself, names): (Vec<&str>, Vec<&str>) =
            names.iter().map(String::as_str).partition(|n| *n == MODULE);
        match (module_itself.is_empty(), names.as_slice()) {
            (false, []) => path,
            (true, [one]) => {
                let one = name(one);
                quote!(#path::#one)
            }
            _ => {
                let names = module_itself.into_iter().chain(names).map(name);
                quote!(#path::{ #( #names ),* })
            }
        }
    })
}

/// `crate::runtime::request`, `::serde` or `super` as tokens.
fn path(module: &str) -> TokenStream {
    let segments = module.split("::").map(|segment| {
        let segment = (!segment.is_empty()).then(|| Ident::new(segment, Span::call_site()));
        quote!(#segment)
    });
    quote!( #( #segments )::* )
}

/// A name in a use tree: an identifier, `self` or `*`.
fn name(name: &str) -> TokenStream {
    if name == GLOB {
        return quote!(*);
    }
    let name = Ident::new(name, Span::call_site());
    quote!(#name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(imports: &Imports) -> String {
        let file = syn::parse2::<syn::File>(imports.render()).unwrap();
        prettyplease::unparse(&file)
    }

    #[test]
    fn one_line_per_module_in_path_order() {
        let imports = Imports::default();
        imports.glob(TYPES);
        imports.item("crate::runtime::request", "path_segment");
        imports.item("crate::runtime::request", "RequestBuilder");
        imports.item("crate::runtime::request", "Body");
        imports.item("crate::runtime", "x");
        imports.item("crate::runtime::response", "Bare");
        imports.module("crate::runtime::response");
        imports.record("::serde", "Serialize");
        assert_eq!(
            rendered(&imports),
            "use ::serde::Serialize;\nuse crate::runtime::x;\n\
             use crate::runtime::request::{Body, RequestBuilder, path_segment};\n\
             use crate::runtime::response::{self, Bare};\nuse crate::types::*;\n"
        );
    }

    fn globs(deprecated: &[&str]) -> GlobNames {
        let names = |list: &[&str]| list.iter().map(|n| (*n).to_owned()).collect();
        GlobNames {
            by_module: [
                (TYPES, names(&["Pet", "Tag", "Owner", "Client"])),
                (OPERATIONS, names(&["GetPet", "OldCall"])),
            ]
            .into(),
            deprecated: names(deprecated),
        }
    }

    #[test]
    fn globs_become_the_names_written_through_them() {
        let imports = Imports::default();
        imports.glob(TYPES);
        imports.through_glob(TYPES, "Pet");
        imports.through_glob(TYPES, "Owner");
        // `Client` is a spec type too, but this module imports the runtime's.
        imports.through_glob(TYPES, "Client");
        imports.item("crate::runtime::transport", "Client");
        imports.through_glob(OPERATIONS, "GetPet");
        // Not a name the glob brings in: nothing to import.
        imports.through_glob(TYPES, "Elsewhere");
        imports.name_globs(&globs(&[]));
        assert_eq!(
            rendered(&imports),
            "use crate::operations::GetPet;\nuse crate::runtime::transport::Client;\nuse crate::types::{Owner, Pet};\n"
        );
    }

    #[test]
    fn a_glob_with_nothing_written_through_it_goes() {
        let imports = Imports::default();
        imports.glob(TYPES);
        imports.name_globs(&globs(&[]));
        assert_eq!(rendered(&imports), "");
    }

    #[test]
    fn a_module_naming_a_deprecated_item_keeps_that_glob() {
        let imports = Imports::default();
        imports.through_glob(TYPES, "Pet");
        imports.through_glob(OPERATIONS, "OldCall");
        imports.name_globs(&globs(&["OldCall"]));
        assert_eq!(rendered(&imports), "use crate::operations::*;\nuse crate::types::Pet;\n");
    }

    #[test]
    fn reexports_come_first_and_are_not_imported_again() {
        let imports = Imports::default();
        imports.item("crate::runtime::call", "Call");
        imports.glob(OPERATIONS);
        imports.export("crate::runtime::transport", &["Client", "ClientBuilder"]);
        imports.export("crate::runtime::call", &["Call"]);
        imports.item("crate::runtime::transport", "Client");
        assert_eq!(
            rendered(&imports),
            "pub use crate::runtime::call::Call;\npub use crate::runtime::transport::{Client, ClientBuilder};\n\
             use crate::operations::*;\n"
        );
    }
}
