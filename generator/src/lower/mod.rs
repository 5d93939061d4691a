//! Lower: `openapiv3::OpenAPI` → [`crate::ir::Api`], resolving `$ref`s, merging `allOf`, naming
//! inline schemas from their location and collecting constraints.
//!
//! Every problem is recorded with the JSON pointer of the node that caused it, and lowering goes
//! on, so one run reports all errors of the stage.

mod alias;
mod alternatives;
mod boxing;
mod conflicts;
mod dedup;
mod ecma;
mod fastapi;
mod hierarchy;
mod narrowing;
mod object;
mod operation;
mod pagination;
mod refs;
mod rename;
mod schema;
mod settings;
mod shape;
mod tags;
mod union;
mod wrappers;

use crate::diagnostics::{Diagnostics, Sink, pointer_join};
use crate::ir::{Api, ApiInfo, TypeDef};
use crate::load::LoadedSpec;
use crate::naming;
use crate::settings::{ClientOptions, Renames};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};

/// Lowers a loaded spec to the IR, or returns every error found.
pub fn lower(spec: &LoadedSpec) -> Result<(Api, Diagnostics), Diagnostics> {
    lower_with(spec, None, &Renames::default())
}

/// The stack lowering runs on. It follows `$ref`s depth first, about 10 KiB of stack per schema
/// a chain of references passes through: a main thread's 8 MiB ends at a chain of some 700
/// schemas, this at some 25,000. Only what is used is ever committed.
const LOWERING_STACK: usize = 256 << 20;

/// As [`lower`], with client options merged over the spec's `x-rust-client` (these win), and
/// operations and types renamed.
pub fn lower_with(
    spec: &LoadedSpec,
    client: Option<&ClientOptions>,
    renames: &Renames,
) -> Result<(Api, Diagnostics), Diagnostics> {
    std::thread::scope(|scope| {
        let lowering = std::thread::Builder::new()
            .name("lower".to_owned())
            .stack_size(LOWERING_STACK)
            .spawn_scoped(scope, || lower_here(spec, client, renames))
            .expect("a thread to lower on");
        // A panic while lowering is a generator bug: surface it as it was.
        lowering.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn lower_here(
    spec: &LoadedSpec,
    client: Option<&ClientOptions>,
    renames: &Renames,
) -> Result<(Api, Diagnostics), Diagnostics> {
    let mut lowerer = Lowerer::new(&spec.openapi, Sink::new(&spec.file), budget(spec.objects));
    let client = settings::client_behaviour(&spec.openapi, client, &mut lowerer.sink);
    let security = settings::security(&spec.openapi, &mut lowerer.sink);
    lowerer.lower_components();
    let operations = operation::lower_operations(&mut lowerer, client.envelope.as_ref());
    let wrappers = client.envelope.is_some().then(|| wrappers::response_wrappers(&lowerer));
    let mut api = Api {
        info: info(&spec.openapi),
        types: std::mem::take(&mut lowerer.types),
        aliases: BTreeMap::new(),
        operations,
        security,
        client,
    };
    if let Some(wrappers) = wrappers {
        wrappers::drop_unused(&mut api, wrappers);
    }
    dedup::merge_identical_enums(&mut api);
    rename::apply(&mut api, renames, &mut lowerer.sink);
    tags::write_missing_tags(&mut api.types);
    boxing::box_cycles(&mut api.types);
    alias::share_same_shapes(&mut api);
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

/// A schema node: a reference or an inline schema (papering over `Box` in property maps).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Node<'a> {
    Ref(&'a str),
    Item(&'a openapiv3::Schema),
}

impl<'a> From<&'a ReferenceOr<openapiv3::Schema>> for Node<'a> {
    fn from(found: &'a ReferenceOr<openapiv3::Schema>) -> Self {
        match found {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<openapiv3::Schema>>> for Node<'a> {
    fn from(found: &'a ReferenceOr<Box<openapiv3::Schema>>) -> Self {
        match found {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Item(schema),
        }
    }
}

/// How many steps lowering may take (schemas lowered, `allOf` parts followed) for a document of
/// `objects` JSON objects. Real documents take less than one step per object (Stripe: 18,109
/// steps for 29,285 objects; Cloudflare: 29,354 for 65,568); a document past this budget expands
/// beyond anything its size needs, and is refused with one located error rather than left to
/// exhaust memory.
fn budget(objects: usize) -> usize {
    16 * objects + 10_000
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
    /// What is being lowered, outermost first: components, inline named types and inline
    /// schemas, each with the [`Lowerer::nesting`] it began at.
    stack: Vec<InProgress>,
    /// How many values lie between the document and what is being lowered now: object
    /// properties, array items, map values. A schema reached again at the nesting it began at
    /// contains itself with nothing in between, and no value could ever be written down.
    nesting: usize,
    /// Component aliases found to refer back to themselves: they become newtypes.
    cyclic_aliases: BTreeSet<String>,
    /// The `allOf` cycles reported, each by its members in order.
    reported_cycles: BTreeSet<Vec<String>>,
    /// Operation ids that are FastAPI's default, by the route name that names them instead.
    pub(crate) short_operation_names: BTreeMap<String, String>,
    /// Steps taken and allowed (see [`budget`]).
    steps: usize,
    budget: usize,
}

/// One schema being lowered, and the nesting it began at.
struct InProgress {
    what: Lowering,
    nesting: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Lowering {
    /// `#/components/schemas/<name>`.
    Component(String),
    /// An inline schema that becomes the named type `name`, at `pointer`.
    InlineType { pointer: String, name: String },
    /// An inline schema that is no type of its own (an array, say), at this pointer.
    Inline(String),
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI, mut sink: Sink, budget: usize) -> Self {
        let short_operation_names = fastapi::short_names(spec, &mut sink);
        let mut lowerer = Lowerer {
            spec,
            sink,
            types: BTreeMap::new(),
            taken_type_names: BTreeSet::new(),
            component_type_names: BTreeMap::new(),
            components: BTreeMap::new(),
            inline: BTreeMap::new(),
            stack: Vec::new(),
            nesting: 0,
            cyclic_aliases: BTreeSet::new(),
            reported_cycles: BTreeSet::new(),
            steps: 0,
            budget,
            short_operation_names,
        };
        lowerer.reserve_component_names();
        lowerer
    }

    /// Reserves names for component types first, in sorted order, so inline types never take them.
    fn reserve_component_names(&mut self) {
        let mut names: Vec<&String> = self.component_schemas().keys().collect();
        names.sort();
        let body_names = fastapi::body_names(&self.short_operation_names);
        for name in names {
            let ReferenceOr::Item(schema) = &self.component_schemas()[name] else { continue };
            if self.becomes_named_type(schema, &pointer_join("/components/schemas", name)) {
                let wanted = body_names.get(name).cloned().unwrap_or_else(|| naming::type_name(name));
                let type_name = naming::unique(wanted, &mut self.taken_type_names);
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

    fn component_schemas(&self) -> &'a indexmap::IndexMap<String, ReferenceOr<openapiv3::Schema>> {
        static EMPTY: std::sync::LazyLock<indexmap::IndexMap<String, ReferenceOr<openapiv3::Schema>>> =
            std::sync::LazyLock::new(Default::default);
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
            Some(ComponentState::InProgress) => return Some(self.component_again(name)),
            None => {}
        }
        let source = self.component_schemas().get(name)?;
        self.components.insert(name.to_owned(), ComponentState::InProgress);
        let pointer = pointer_join("/components/schemas", name);
        let type_name = self.component_type_names.get(name).cloned();
        let lowered = self.within(Lowering::Component(name.to_owned()), |this| {
            this.schema_named(source, &pointer, name, type_name)
        });
        let lowered = match self.cyclic_aliases.contains(name) {
            true => self.cyclic_alias(name, &pointer, lowered),
            false => lowered,
        };
        self.components.insert(name.to_owned(), ComponentState::Done(Box::new(lowered.clone())));
        Some(lowered)
    }

    /// A component reached again while it is being lowered: a cycle. Through a value (a
    /// property, an item) it is fine: a named type is referred to, and an alias (an array whose
    /// items refer back to it) becomes a newtype, named now and defined when done. With no value
    /// in between, nothing could ever be written down: an error naming the cycle.
    fn component_again(&mut self, name: &str) -> crate::ir::Schema {
        let began = Lowering::Component(name.to_owned());
        if let Some(cycle) = self.cycle_without_value(&began) {
            let pointer = pointer_join("/components/schemas", name);
            self.sink.error(
                &pointer,
                format!("the schema contains itself with no object, array or map in between: {cycle}"),
            );
            return crate::ir::Schema::of(crate::ir::TypeRef::Json);
        }
        let type_name = match self.component_type_names.get(name) {
            Some(type_name) => type_name.clone(),
            None => {
                let fresh = self.fresh_type_name(name);
                self.component_type_names.insert(name.to_owned(), fresh.clone());
                self.cyclic_aliases.insert(name.to_owned());
                fresh
            }
        };
        crate::ir::Schema::of(crate::ir::TypeRef::Named(type_name))
    }

    /// Runs `lower` with `what` marked as being lowered.
    pub(crate) fn within<T>(&mut self, what: Lowering, lower: impl FnOnce(&mut Self) -> T) -> T {
        self.stack.push(InProgress { what, nesting: self.nesting });
        let lowered = lower(self);
        self.stack.pop();
        lowered
    }

    /// Runs `lower` one value deeper: an object's property, an array's items, a map's values.
    pub(crate) fn nested<T>(&mut self, lower: impl FnOnce(&mut Self) -> T) -> T {
        self.nesting += 1;
        let lowered = lower(self);
        self.nesting -= 1;
        lowered
    }

    /// When `what` is being lowered and has been reached again with no value in between: the
    /// cycle, as the names and pointers on it (`A → B → A`).
    pub(crate) fn cycle_without_value(&self, what: &Lowering) -> Option<String> {
        let start = self.stack.iter().rposition(|entry| entry.what == *what)?;
        if self.stack[start].nesting != self.nesting {
            return None;
        }
        let mut names: Vec<&str> = self.stack[start..].iter().map(|entry| entry.what.label()).collect();
        names.dedup();
        names.push(what.label());
        Some(names.join(" → "))
    }

    /// The name of the inline type being built from the schema at `pointer`, if one is.
    fn inline_type_in_progress(&self, pointer: &str) -> Option<String> {
        self.stack.iter().rev().find_map(|entry| match &entry.what {
            Lowering::InlineType { pointer: at, name } if at == pointer => Some(name.clone()),
            _ => None,
        })
    }

    /// Counts one step of lowering; `false` once the document has taken more than its budget
    /// (reported once, where it happened), after which lowering winds down.
    pub(crate) fn step(&mut self, pointer: &str) -> bool {
        self.steps += 1;
        if self.steps == self.budget + 1 {
            let mut path: Vec<&str> = self.stack.iter().map(|entry| entry.what.label()).collect();
            path.dedup();
            self.sink.error(
                pointer,
                format!(
                    "the schemas expand beyond what the document's size can need (more than {} \
                     steps of lowering); stopped while lowering {}",
                    self.budget,
                    path.join(" → ")
                ),
            );
        }
        self.steps <= self.budget
    }

    /// Defines the newtype for an alias that refers back to itself through a value.
    fn cyclic_alias(&mut self, name: &str, pointer: &str, lowered: crate::ir::Schema) -> crate::ir::Schema {
        let type_name = self.component_type_names[name].clone();
        let docs = self.component_schemas().get(name).and_then(|s| match s {
            ReferenceOr::Item(s) => s.schema_data.description.clone(),
            ReferenceOr::Reference { .. } => None,
        });
        let kind = crate::ir::TypeKind::Newtype(lowered);
        self.types.insert(
            type_name.clone(),
            TypeDef { name: type_name.clone(), docs, origin: pointer.to_owned(), kind },
        );
        crate::ir::Schema::of(crate::ir::TypeRef::Named(type_name))
    }

    /// Hands out a fresh type name for an inline schema named from its location.
    pub(crate) fn fresh_type_name(&mut self, hint: &str) -> String {
        naming::unique(naming::type_name(hint), &mut self.taken_type_names)
    }
}

impl Lowering {
    /// How a cycle names it: a component by name, an inline schema by pointer.
    fn label(&self) -> &str {
        match self {
            Lowering::Component(name) => name,
            Lowering::InlineType { pointer, .. } | Lowering::Inline(pointer) => object::schema_label(pointer),
        }
    }
}

#[cfg(test)]
mod tests;
