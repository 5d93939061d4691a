//! Lower: `openapiv3::OpenAPI` → [`crate::ir::Api`], resolving `$ref`s, merging `allOf`, naming
//! inline schemas from their location and collecting constraints.
//!
//! Every problem is recorded with the JSON pointer of the node that caused it, and lowering goes
//! on, so one run reports all errors of the stage.

mod alternatives;
mod conflicts;
mod dedup;
mod ecma;
mod narrowing;
mod object;
mod operation;
mod pagination;
mod refs;
mod schema;
mod settings;
mod union;
mod wrappers;

pub(crate) use operation::is_json as is_json_media;
pub(crate) use settings::{EXTENSION, check_client_settings};

use crate::diagnostics::{Diagnostics, Sink, pointer_join};
use crate::ir::{Api, ApiInfo, TypeDef};
use crate::load::LoadedSpec;
use crate::naming;
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers a loaded spec to the IR, or returns every error found.
pub fn lower(spec: &LoadedSpec) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut lowerer = Lowerer::new(&spec.openapi, Sink::new(&spec.file));
    let client = settings::client_settings(&spec.openapi, &mut lowerer.sink);
    let security = settings::security(&spec.openapi, &mut lowerer.sink);
    lowerer.lower_components();
    let operations = operation::lower_operations(&mut lowerer, client.envelope.as_ref());
    let wrappers = client.envelope.is_some().then(|| wrappers::response_wrappers(&lowerer));
    let mut api = Api {
        info: info(&spec.openapi),
        types: std::mem::take(&mut lowerer.types),
        operations,
        security,
        client,
    };
    if let Some(wrappers) = wrappers {
        wrappers::drop_unused(&mut api, wrappers);
    }
    dedup::merge_identical_enums(&mut api);
    pagination::match_operations(&mut api);
    lowerer.sink.finish(api)
}

fn info(openapi: &OpenAPI) -> ApiInfo {
    ApiInfo {
        title: openapi.info.title.clone(),
        version: openapi.info.version.clone(),
        description: openapi.info.description.clone(),
        base_url: openapi.servers.first().map(|s| s.url.trim_end_matches('/').to_owned()),
        tag_docs: openapi
            .tags
            .iter()
            .filter_map(|tag| Some((tag.name.clone(), tag.description.clone()?)))
            .collect(),
    }
}

/// Progress of a component schema, so each is lowered once and cycles are seen.
#[derive(Debug, Clone)]
enum ComponentState {
    /// Being lowered; a reference back to it is a cycle.
    InProgress,
    Done(Box<crate::ir::Schema>),
}

/// Lowering state shared by the schema and operation passes.
pub(crate) struct Lowerer<'a> {
    pub(crate) spec: &'a OpenAPI,
    pub(crate) sink: Sink,
    pub(crate) types: BTreeMap<String, TypeDef>,
    /// Every type name handed out so far (schemas, inline types, operation structs).
    pub(crate) taken_type_names: BTreeSet<String>,
    /// The type name reserved for each component schema that becomes a named type.
    component_type_names: BTreeMap<String, String>,
    components: BTreeMap<String, ComponentState>,
    /// Inline schemas already lowered, by pointer: an `allOf` that pulls in another schema's
    /// properties reuses their types instead of making copies.
    pub(crate) inline: BTreeMap<String, crate::ir::Schema>,
    /// Named types being built, by the pointer of their schema: reached again, they are referred to.
    pub(crate) inline_types_in_progress: BTreeMap<String, String>,
    /// Inline schemas being lowered, by pointer: reached again with no type between, an error.
    pub(crate) inline_in_progress: BTreeSet<String>,
    /// The components being lowered, innermost last (a stack as deep as the `$ref` nesting).
    in_progress: Vec<String>,
    /// Component aliases found to refer back to themselves: they become newtypes.
    cyclic_aliases: BTreeSet<String>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, sink: Sink) -> Self {
        let mut lowerer = Lowerer {
            spec,
            sink,
            types: BTreeMap::new(),
            taken_type_names: BTreeSet::new(),
            component_type_names: BTreeMap::new(),
            components: BTreeMap::new(),
            inline: BTreeMap::new(),
            cyclic_aliases: BTreeSet::new(),
            in_progress: Vec::new(),
            inline_types_in_progress: BTreeMap::new(),
            inline_in_progress: BTreeSet::new(),
        };
        lowerer.reserve_component_names();
        lowerer
    }

    /// Reserves names for component types first, in sorted order, so inline types never take them.
    fn reserve_component_names(&mut self) {
        let mut names: Vec<&String> = self.component_schemas().keys().collect();
        names.sort();
        for name in names {
            if schema::becomes_named_type(&self.component_schemas()[name]) {
                let type_name = naming::unique(naming::type_name(name), &mut self.taken_type_names);
                self.component_type_names.insert(name.clone(), type_name);
            }
        }
    }

    /// The type name of the component schema a `#/components/schemas/…` reference names, when
    /// it is a named type.
    pub(crate) fn component_type_name(&self, reference: &str) -> Option<String> {
        let name = refs::component_name(reference, "schemas")?;
        self.component_type_names.get(name).cloned()
    }

    fn component_schemas(&self) -> &'a indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>> {
        static EMPTY: std::sync::LazyLock<
            indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::Schema>>,
        > = std::sync::LazyLock::new(Default::default);
        self.spec.components.as_ref().map_or(&EMPTY, |c| &c.schemas)
    }

    /// Lowers every component schema, so unused ones are emitted too.
    fn lower_components(&mut self) {
        let mut names: Vec<String> = self.component_schemas().keys().cloned().collect();
        names.sort();
        for name in names {
            self.component(&name);
        }
    }

    /// The lowered use of component schema `name`, lowering it on first use.
    pub(crate) fn component(&mut self, name: &str) -> Option<crate::ir::Schema> {
        match self.components.get(name) {
            Some(ComponentState::Done(schema)) => return Some((**schema).clone()),
            Some(ComponentState::InProgress) => {
                // A cycle. Through a named type it is fine; an alias in a cycle (an array whose
                // items refer back to it) becomes a newtype, named now and defined when done.
                let type_name = match self.component_type_names.get(name) {
                    Some(type_name) => type_name.clone(),
                    None => {
                        let fresh = self.fresh_type_name(name);
                        self.component_type_names.insert(name.to_owned(), fresh.clone());
                        self.cyclic_aliases.insert(name.to_owned());
                        fresh
                    }
                };
                return Some(crate::ir::Schema::of(crate::ir::TypeRef::Named(type_name)));
            }
            None => {}
        }
        let source = self.component_schemas().get(name)?;
        self.components.insert(name.to_owned(), ComponentState::InProgress);
        self.in_progress.push(name.to_owned());
        let pointer = pointer_join("/components/schemas", name);
        let type_name = self.component_type_names.get(name).cloned();
        let mut lowered = self.schema_named(source, &pointer, name, type_name);
        if self.cyclic_aliases.contains(name) {
            lowered = self.cyclic_alias(name, &pointer, lowered);
        }
        self.in_progress.pop();
        self.components.insert(name.to_owned(), ComponentState::Done(Box::new(lowered.clone())));
        Some(lowered)
    }

    /// Defines the newtype for an alias that refers back to itself; an error when nothing but
    /// references lies on the cycle (no value could ever be written down).
    fn cyclic_alias(&mut self, name: &str, pointer: &str, lowered: crate::ir::Schema) -> crate::ir::Schema {
        let type_name = self.component_type_names[name].clone();
        if lowered.ty == crate::ir::TypeRef::Named(type_name.clone()) {
            self.sink
                .error(pointer, "`$ref` cycle with no object in between: the schema refers back to itself");
            return crate::ir::Schema::of(crate::ir::TypeRef::Json);
        }
        let docs = self.component_schemas().get(name).and_then(|s| match s {
            openapiv3::ReferenceOr::Item(s) => s.schema_data.description.clone(),
            openapiv3::ReferenceOr::Reference { .. } => None,
        });
        let kind = crate::ir::TypeKind::Newtype(lowered);
        self.types.insert(
            type_name.clone(),
            TypeDef { name: type_name.clone(), docs, origin: pointer.to_owned(), kind },
        );
        crate::ir::Schema::of(crate::ir::TypeRef::Named(type_name))
    }

    /// True while the named type is being lowered: a field of that type must be boxed.
    pub(crate) fn is_in_progress(&self, type_name: &str) -> bool {
        self.in_progress
            .iter()
            .any(|component| self.component_type_names.get(component).is_some_and(|n| n == type_name))
            || self.inline_types_in_progress.values().any(|n| n == type_name)
    }

    /// Hands out a fresh type name for an inline schema named from its location.
    pub(crate) fn fresh_type_name(&mut self, hint: &str) -> String {
        naming::unique(naming::type_name(hint), &mut self.taken_type_names)
    }
}

#[cfg(test)]
mod tests;
