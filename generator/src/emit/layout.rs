//! Layout: which module each type and operation is emitted in, and which cargo features turn it on.
//!
//! A spec whose operations carry one tag (or none) is flat: one module per concern. A spec with
//! several tags gets a cargo feature and a submodule (of `types`, `validation`, `operations` and
//! `client`) per tag, so a user compiles only the groups they use. Each schema is emitted once:
//! - used by one group's operations: in that group's module;
//! - used by several: in `shared`, compiled when any of their features is on;
//! - used by none: in `unreferenced`, behind the `unreferenced-schemas` feature.
//!
//! A type is always compiled with every type it refers to: whatever reaches it reaches those too.
//!
//! A crate is split in two ([`LayoutChoice::Split`], or from [`SPLIT_FROM_TYPES`] types up by
//! default): the types no response reaches and only requests do stay in the client crate;
//! every other type goes to a models crate. A response's types never refer to a request-only
//! one, so the models crate needs nothing from the client's, and builds first. A grouped
//! crate's models crate has the same modules and features as its client crate, each holding
//! its share of the part's types.

use crate::ir::{Alias, Api, Operation, Schema, TypeDef};
use crate::naming;
use crate::settings::LayoutChoice;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// From how many types a crate is split in two by default (Stripe's 2,035 types build in 2.2 GB
/// in one crate, in 1.4 GB at most per crate in two; Cloudflare's 3,800 in 2.9 GB and 2.0 GB).
pub const SPLIT_FROM_TYPES: usize = 1_000;

/// The feature of the schemas no operation uses.
pub const UNREFERENCED_FEATURE: &str = "unreferenced-schemas";

/// Features every generated crate has, which a tag's feature must not take.
const RESERVED_FEATURES: &[&str] = &["default", "client", "full", UNREFERENCED_FEATURE];

/// Modules a tag's module must not take.
/// The layout's own modules, and the concerns' (a group module named like the concern it sits
/// in, `operations::operations`, is confusing and `clippy::module_inception` refuses it).
const RESERVED_MODULES: &[&str] =
    &["shared", "unreferenced", "client", "operations", "types", "validation", "runtime", "envelope"];

pub struct Layout<'a> {
    /// One per tag, in order of first use; empty for a flat crate.
    pub groups: Vec<Group<'a>>,
    /// The files of each concern: one for a flat crate; else `shared`, the groups', `unreferenced`.
    pub parts: Vec<Part<'a>>,
    /// A split crate's models crate: the parts it holds (a grouped one's may be none), alike in
    /// module and gate to the client crate's (`parts`) they were cut from.
    pub models: Option<Vec<Part<'a>>>,
}

/// The operations of one tag.
pub struct Group<'a> {
    pub tag: String,
    pub module: String,
    pub feature: String,
    pub operations: Vec<&'a Operation>,
}

/// One module of each concern: what it holds and when it is compiled.
pub struct Part<'a> {
    /// The submodule's name; `None` for a flat crate's single part.
    pub module: Option<String>,
    /// What the part holds, as module docs finish the sentence "… of/for/used by".
    pub subject: String,
    /// When the whole module is compiled.
    pub gate: Gate,
    /// Types with when each is compiled (within the module's gate).
    pub types: Vec<(&'a TypeDef, Gate)>,
    /// Aliases of the part's types, by name, each compiled with its type.
    pub aliases: Vec<(&'a str, &'a Alias, Gate)>,
    pub operations: Vec<&'a Operation>,
}

/// The cargo features any of which turns an item on; none means always on.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gate(pub Vec<String>);

impl Gate {
    fn feature(name: &str) -> Self {
        Gate(vec![name.to_owned()])
    }

    /// On when any of `features` is (sorted, so attributes read alike).
    fn any<'f>(features: impl IntoIterator<Item = &'f str>) -> Self {
        let features: BTreeSet<&str> = features.into_iter().collect();
        Gate(features.into_iter().map(str::to_owned).collect())
    }

    /// The `#[cfg(...)]` attribute, or nothing when always on.
    pub fn attr(&self) -> TokenStream {
        match self.0.as_slice() {
            [] => TokenStream::new(),
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any( #( feature = #many ),* ))]),
        }
    }

    /// The gate on when any of `gates` is on.
    pub fn union<'g>(gates: impl IntoIterator<Item = &'g Gate>) -> Gate {
        let mut features = BTreeSet::new();
        for gate in gates {
            if gate.0.is_empty() {
                return Gate::default();
            }
            features.extend(gate.0.iter().cloned());
        }
        Gate(features.into_iter().collect())
    }
}

impl Layout<'_> {
    pub fn is_flat(&self) -> bool {
        self.groups.is_empty()
    }

    /// Whether the crate is split in two (its types partly in a models crate).
    pub fn is_split(&self) -> bool {
        self.models.is_some()
    }

    /// The group an operation belongs to, if the crate is grouped.
    pub fn group_of(&self, op: &Operation) -> Option<&Group<'_>> {
        self.groups.iter().find(|g| g.operations.iter().any(|o| std::ptr::eq(*o, op)))
    }
}

pub fn layout(api: &Api, choice: LayoutChoice) -> Layout<'_> {
    let groups = if choice == LayoutChoice::Flat { Vec::new() } else { groups(api) };
    let split = match choice {
        LayoutChoice::Grouped => api.types.len() >= SPLIT_FROM_TYPES,
        LayoutChoice::OneCrate | LayoutChoice::Flat => false,
        LayoutChoice::Split => true,
    };
    let (groups, parts) = if groups.len() < 2 {
        (Vec::new(), vec![flat_part(api.types.values().collect(), api.operations.iter().collect())])
    } else {
        let parts = grouped_parts(api, &groups);
        (groups, parts)
    };
    if !split {
        return Layout { groups, parts: with_aliases(api, parts), models: None };
    }
    let flat = groups.is_empty();
    let in_models = models_types(api);
    let (models, parts): (Vec<Part<'_>>, Vec<Part<'_>>) =
        parts.into_iter().map(|part| part.split_off(|def| in_models.contains(def.name.as_str()))).unzip();
    // A flat crate keeps its one part on each side; a grouped one has no empty module.
    let keep = |part: &Part<'_>| flat || !part.types.is_empty() || !part.operations.is_empty();
    let (models, parts) =
        (models.into_iter().filter(keep).collect(), parts.into_iter().filter(keep).collect());
    Layout { groups, parts: with_aliases(api, parts), models: Some(with_aliases(api, models)) }
}

/// The parts of a grouped crate: `shared`, one per group, `unreferenced`; none of them empty.
fn grouped_parts<'a>(api: &'a Api, groups: &[Group<'a>]) -> Vec<Part<'a>> {
    let users = users(api, groups);
    let unreferenced = groups.len();
    let feature = |index: usize| {
        if index == unreferenced { UNREFERENCED_FEATURE } else { groups[index].feature.as_str() }
    };
    let mut shared = Vec::new();
    let mut own: BTreeMap<usize, Vec<&TypeDef>> = BTreeMap::new();
    for def in api.types.values() {
        match users[def.name.as_str()].iter().copied().collect::<Vec<_>>().as_slice() {
            [only] => own.entry(*only).or_default().push(def),
            many => shared.push((def, Gate::any(many.iter().map(|&i| feature(i))))),
        }
    }
    let mut parts = vec![Part {
        module: Some("shared".to_owned()),
        subject: "several groups; each is compiled when any of their features is on".to_owned(),
        gate: Gate::union(shared.iter().map(|(_, gate)| gate)),
        types: shared,
        aliases: Vec::new(),
        operations: Vec::new(),
    }];
    for (index, group) in groups.iter().enumerate() {
        parts.push(Part {
            module: Some(group.module.clone()),
            subject: format!("the `{}` operations (feature `{}`)", group.tag, group.feature),
            gate: Gate::feature(&group.feature),
            types: own.remove(&index).unwrap_or_default().into_iter().map(|d| (d, Gate::default())).collect(),
            aliases: Vec::new(),
            operations: group.operations.clone(),
        });
    }
    parts.push(Part {
        module: Some("unreferenced".to_owned()),
        subject: format!("the schemas no operation uses (feature `{UNREFERENCED_FEATURE}`)"),
        gate: Gate::feature(UNREFERENCED_FEATURE),
        types: own
            .remove(&unreferenced)
            .unwrap_or_default()
            .into_iter()
            .map(|d| (d, Gate::default()))
            .collect(),
        aliases: Vec::new(),
        operations: Vec::new(),
    });
    parts.retain(|part| !part.types.is_empty() || !part.operations.is_empty());
    parts
}

impl<'a> Part<'a> {
    /// The part cut in two: the types `to_models` picks, then the rest with the operations. A
    /// part whose types are gated one by one is compiled when any of its types is.
    fn split_off(self, to_models: impl Fn(&TypeDef) -> bool) -> (Part<'a>, Part<'a>) {
        let (models, client): (Vec<_>, Vec<_>) = self.types.into_iter().partition(|(def, _)| to_models(def));
        let half = |types: Vec<(&'a TypeDef, Gate)>, operations| {
            let item_gated = !types.is_empty() && types.iter().all(|(_, gate)| !gate.0.is_empty());
            let gate =
                if item_gated { Gate::union(types.iter().map(|(_, gate)| gate)) } else { self.gate.clone() };
            Part {
                module: self.module.clone(),
                subject: self.subject.clone(),
                gate,
                types,
                aliases: Vec::new(),
                operations,
            }
        };
        (half(models, Vec::new()), half(client, self.operations.clone()))
    }
}

/// A flat crate's part (or one of a split crate's two) holding `types` and `operations`.
fn flat_part<'a>(types: Vec<&'a TypeDef>, operations: Vec<&'a Operation>) -> Part<'a> {
    Part {
        module: None,
        subject: String::new(),
        gate: Gate::default(),
        types: types.into_iter().map(|def| (def, Gate::default())).collect(),
        aliases: Vec::new(),
        operations,
    }
}

/// The types of a split crate's models crate: everything outputs reach, and everything the
/// types no request reaches reach (the schemas no operation uses, and what they use).
fn models_types(api: &Api) -> BTreeSet<&str> {
    let requests = api.operations.iter().flat_map(|op| {
        let parameters = op.parameters.iter().map(|p| &p.schema);
        parameters.chain(op.body.iter().map(|b| &b.schema)).filter_map(Schema::named_type)
    });
    let requests = api.reachable(requests.collect());
    let outputs = api.operations.iter().filter_map(|op| op.output.as_ref()?.named_type());
    let unrequested = api.types.keys().map(String::as_str).filter(|name| !requests.contains(name));
    api.reachable(outputs.chain(unrequested).collect())
}

/// Puts each alias in the part of the type it names, compiled when that type is.
fn with_aliases<'a>(api: &'a Api, mut parts: Vec<Part<'a>>) -> Vec<Part<'a>> {
    let homes: BTreeMap<&str, (usize, &Gate)> = parts
        .iter()
        .enumerate()
        .flat_map(|(index, part)| {
            part.types.iter().map(move |(def, gate)| (def.name.as_str(), (index, gate)))
        })
        .collect();
    let placed: Vec<(usize, (&str, &Alias, Gate))> = api
        .aliases
        .iter()
        .filter_map(|(name, alias)| {
            let (index, gate) = homes.get(alias.target.as_str())?;
            Some((*index, (name.as_str(), alias, (*gate).clone())))
        })
        .collect();
    for (index, alias) in placed {
        parts[index].aliases.push(alias);
    }
    parts
}

/// A tag's module: its name, or `<name>_tag` where that is one of the crate's own modules, so a
/// tag named `Shared` reads `shared_tag` beside `shared`, not `shared2`.
fn tag_module(tag: &str) -> String {
    let module = naming::module_name(tag);
    if RESERVED_MODULES.contains(&naming::unraw(&module)) { format!("{module}_tag") } else { module }
}

/// The operations by tag, each tag with a module and a feature name of its own.
fn groups(api: &Api) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    let mut modules: BTreeSet<String> = RESERVED_MODULES.iter().map(|m| (*m).to_owned()).collect();
    let mut features: BTreeSet<String> = RESERVED_FEATURES.iter().map(|f| (*f).to_owned()).collect();
    for op in &api.operations {
        let tag = op.tag.as_deref().unwrap_or("untagged");
        match groups.iter_mut().find(|g| g.tag == tag) {
            Some(group) => group.operations.push(op),
            None => groups.push(Group {
                tag: tag.to_owned(),
                module: naming::unique(tag_module(tag), &mut modules),
                feature: naming::unique(naming::feature_name(tag), &mut features),
                operations: vec![op],
            }),
        }
    }
    groups
}

/// For each type, the groups whose operations use it (directly or through other types); the
/// index past the last group stands for the schemas no operation reaches.
fn users<'a>(api: &'a Api, groups: &[Group<'a>]) -> BTreeMap<&'a str, BTreeSet<usize>> {
    let mut users: BTreeMap<&str, BTreeSet<usize>> =
        api.types.keys().map(|k| (k.as_str(), BTreeSet::new())).collect();
    for (index, group) in groups.iter().enumerate() {
        let roots = group.operations.iter().flat_map(|op| op.schemas());
        for name in api.reachable(roots.filter_map(Schema::named_type).collect()) {
            users.entry(name).or_default().insert(index);
        }
    }
    let unused: Vec<&str> = users.iter().filter(|(_, u)| u.is_empty()).map(|(name, _)| *name).collect();
    for name in api.reachable(unused) {
        users.entry(name).or_default().insert(groups.len());
    }
    users
}
