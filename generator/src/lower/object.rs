//! Objects: gathering properties through `allOf` (nested, referenced) and building structs.

use super::Node;
use super::hierarchy::alternatives_of;
use super::refs::component_name;
use super::{Lowerer, Lowering};
use crate::diagnostics::{WarningKind, pointer_join};
use crate::ir::{Additional, Field, ObjectConstraints, Schema, Struct, TypeDef, TypeKind, TypeRef};
use crate::naming;
use openapiv3::{AdditionalProperties, SchemaKind, Type};
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The properties of an object schema with every `allOf` part merged in.
#[derive(Debug, Default)]
pub(crate) struct ObjectParts<'a> {
    /// In spec order; a later part gives a same-named property anew (see [`PartProperty::earlier`]).
    pub(crate) properties: Vec<PartProperty<'a>>,
    pub(crate) required: BTreeSet<String>,
    pub(crate) constraints: ObjectConstraints,
    /// What the parts allow beyond their properties, the last that says: (the values' schema,
    /// `None` for any value; its pointer).
    pub(crate) additional: Option<(Option<Node<'a>>, String)>,
    /// The components merged in so far: one that several parts share (a diamond of `allOf`s)
    /// is merged once.
    merged: BTreeSet<String>,
}

/// A property of an object's parts: the schema the last part gives it, and those before.
#[derive(Debug, Clone)]
pub(crate) struct PartProperty<'a> {
    pub(crate) name: String,
    pub(crate) node: Node<'a>,
    pub(crate) pointer: String,
    /// (schema, pointer) that earlier `allOf` parts gave the property, first first: a value must
    /// be valid for these too (`narrowing`).
    pub(crate) earlier: Vec<(Node<'a>, String)>,
    /// (schema, pointer) that other `oneOf`/`anyOf` alternatives among the parts give the
    /// property, where they differ from `node`: a value of any one is valid (`alternatives`).
    pub(crate) alternatives: Vec<(Node<'a>, String)>,
}

impl<'a> ObjectParts<'a> {
    /// Adds a property of an `allOf` part (or of the object itself): a value must be valid for
    /// every schema the parts give it.
    fn add(&mut self, name: &str, node: Node<'a>, pointer: String) {
        match self.properties.iter_mut().find(|p| p.name == name) {
            Some(existing) => {
                let before = std::mem::replace(&mut existing.pointer, pointer);
                existing.earlier.push((std::mem::replace(&mut existing.node, node), before));
            }
            None => self.properties.push(PartProperty {
                name: name.to_owned(),
                node,
                pointer,
                earlier: Vec::new(),
                alternatives: Vec::new(),
            }),
        }
    }

    /// Notes a part's `additionalProperties`: `true` or a schema keeps undeclared properties.
    fn allow_additional(&mut self, additional: Option<&'a AdditionalProperties>, pointer: &str) {
        let at = pointer_join(pointer, "additionalProperties");
        match additional {
            Some(AdditionalProperties::Any(true)) => self.additional = Some((None, at)),
            Some(AdditionalProperties::Schema(values)) => {
                self.additional = Some((Some(values.as_ref().into()), at));
            }
            Some(AdditionalProperties::Any(false)) | None => {}
        }
    }

    /// Adds a property of one of several alternatives: any one of them may apply, so the last
    /// given is taken as it is.
    fn add_alternative(&mut self, property: PartProperty<'a>) {
        match self.properties.iter_mut().find(|p| p.name == property.name) {
            Some(existing) => *existing = property,
            None => self.properties.push(property),
        }
    }
}

/// A schema whose properties are being gathered, and how it was reached.
struct Link {
    pointer: String,
    /// As an alternative (`oneOf`/`anyOf`) of the schema before it, not as an `allOf` part.
    via_alternative: bool,
}

impl<'a> Lowerer<'a> {
    /// Gathers the properties of `node`, following references and merging `allOf` parts.
    pub(crate) fn collect_object(&mut self, node: Node<'a>, pointer: &str) -> ObjectParts<'a> {
        let mut parts = ObjectParts::default();
        self.collect_into(node, pointer, &mut parts, &mut Vec::new(), false);
        parts
    }

    /// Gathers the properties of `node` (at `at`) into `parts`; `chain` holds the schemas being
    /// gathered around it, outermost first.
    fn collect_into(
        &mut self,
        node: Node<'a>,
        at: &str,
        parts: &mut ObjectParts<'a>,
        chain: &mut Vec<Link>,
        via_alternative: bool,
    ) {
        if !self.step(at) {
            return;
        }
        let (schema, pointer) = match node {
            Node::Item(schema) => (schema, at.to_owned()),
            Node::Ref(reference) => match self.schema_target(reference) {
                Some(schema) => {
                    let name = component_name(reference, "schemas").unwrap_or_default();
                    (schema, pointer_join("/components/schemas", name))
                }
                None => {
                    self.sink.error(at, format!("unresolved `$ref` `{reference}`"));
                    return;
                }
            },
        };
        if let Some(index) = chain.iter().position(|link| link.pointer == pointer) {
            // Its properties are being gathered already. Reached through an alternative, it is
            // a base its subtype refers back to (see `lists_one_of`); through `allOf` parts
            // alone, it is a cycle that says nothing.
            let through_alternative = via_alternative || chain[index + 1..].iter().any(|l| l.via_alternative);
            let mut members: Vec<String> = chain[index..].iter().map(|l| l.pointer.clone()).collect();
            let cycle: Vec<&str> = members.iter().map(|pointer| schema_label(pointer)).collect();
            let message = format!(
                "`allOf` parts refer back to themselves (a `$ref` cycle): {} → {}",
                cycle.join(" → "),
                schema_label(&pointer)
            );
            members.sort();
            // One error per cycle, wherever lowering enters it.
            if !through_alternative && self.reported_cycles.insert(members) {
                self.sink.error(at, message);
            }
            return;
        }
        if matches!(node, Node::Ref(_)) && !parts.merged.insert(pointer.clone()) {
            return;
        }
        chain.push(Link { pointer: pointer.clone(), via_alternative });
        self.collect_schema(schema, at, &pointer, parts, chain);
        chain.pop();
    }

    /// Gathers the properties `schema` (at `pointer`, used at `at`) declares or merges in.
    fn collect_schema(
        &mut self,
        schema: &'a openapiv3::Schema,
        at: &str,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        chain: &mut Vec<Link>,
    ) {
        let properties_pointer = pointer_join(pointer, "properties");
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in &object.properties {
                    parts.add(name, property.into(), pointer_join(&properties_pointer, name));
                }
                parts.required.extend(object.required.iter().cloned());
                parts.allow_additional(object.additional_properties.as_ref(), pointer);
                parts.constraints.min_properties = object.min_properties.or(parts.constraints.min_properties);
                parts.constraints.max_properties = object.max_properties.or(parts.constraints.max_properties);
            }
            SchemaKind::AllOf { all_of } => self.collect_all_of(all_of, pointer, parts, chain),
            SchemaKind::Any(any) => {
                for (name, property) in &any.properties {
                    parts.add(name, property.into(), pointer_join(&properties_pointer, name));
                }
                parts.required.extend(any.required.iter().cloned());
                parts.allow_additional(any.additional_properties.as_ref(), pointer);
                parts.constraints.min_properties = any.min_properties.or(parts.constraints.min_properties);
                parts.constraints.max_properties = any.max_properties.or(parts.constraints.max_properties);
                self.collect_all_of(&any.all_of, pointer, parts, chain);
                self.collect_subtypes(schema, pointer, parts, chain);
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.collect_subtypes(schema, pointer, parts, chain)
            }
            // Reported where the part is used, which may be far from the schema it refers to.
            _ => self.sink.warning(
                WarningKind::Ignored,
                at,
                "an `allOf` part that is not an object is ignored",
            ),
        }
    }

    fn collect_all_of(
        &mut self,
        all_of: &'a [openapiv3::ReferenceOr<openapiv3::Schema>],
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        chain: &mut Vec<Link>,
    ) {
        for (index, part) in all_of.iter().enumerate() {
            let part_pointer = format!("{pointer}/allOf/{index}");
            self.collect_into(part.into(), &part_pointer, parts, chain, false);
        }
    }

    /// The alternatives of `schema` among an object's parts, unless they list a schema whose
    /// properties are being gathered: `schema` is then that schema's base type (Java generators
    /// write a subtype as `allOf: [$ref: Base, {…}]`, with `Base: {oneOf: [$ref: Sub, …]}`), and
    /// a subtype has its base's own properties, not its siblings'.
    fn collect_subtypes(
        &mut self,
        schema: &'a openapiv3::Schema,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        chain: &mut Vec<Link>,
    ) {
        if self.lists_one_of(schema, pointer, &|at| chain.iter().any(|link| link.pointer == at)) {
            return;
        }
        for (keyword, alternatives) in alternatives_of(schema) {
            self.collect_alternatives(alternatives, keyword, pointer, parts, chain);
        }
    }

    /// Alternatives (`oneOf`/`anyOf`) among the parts of an object: the properties of every one
    /// are fields, so a value of any alternative keeps all it has. A property is required only
    /// where every alternative requires it; which alternative applies is not checked (a warning
    /// says so when there are several).
    fn collect_alternatives(
        &mut self,
        alternatives: &'a [openapiv3::ReferenceOr<openapiv3::Schema>],
        keyword: &str,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        chain: &mut Vec<Link>,
    ) {
        let mut required: Option<BTreeSet<String>> = None;
        let mut given: Vec<PartProperty<'a>> = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let mut own = ObjectParts::default();
            let at = format!("{pointer}/{keyword}/{index}");
            self.collect_into(alternative.into(), &at, &mut own, chain, true);
            for property in own.properties {
                self.give_alternative(&mut given, property);
            }
            if own.additional.is_some() {
                parts.additional = own.additional;
            }
            required = Some(match required {
                None => own.required,
                Some(before) => before.intersection(&own.required).cloned().collect(),
            });
        }
        for property in given {
            parts.add_alternative(property);
        }
        parts.required.extend(required.unwrap_or_default());
        if alternatives.len() > 1 {
            self.sink.warning(
                WarningKind::Loosened,
                &format!("{pointer}/{keyword}"),
                format!("the `{keyword}` alternatives of an object are merged: the properties of each are fields, and which alternative applies is not checked"),
            );
        }
    }

    /// Notes a property one alternative gives: the last schema given types it (as for a single
    /// alternative), and those that other alternatives give differently are kept beside it.
    fn give_alternative(&self, given: &mut Vec<PartProperty<'a>>, property: PartProperty<'a>) {
        let Some(held) = given.iter_mut().find(|p| p.name == property.name) else {
            given.push(property);
            return;
        };
        let before = std::mem::replace(held, property);
        let others = before.alternatives.into_iter().chain([(before.node, before.pointer)]);
        for (node, pointer) in others {
            let known = std::iter::once(&held.node).chain(held.alternatives.iter().map(|(n, _)| n));
            if !known.into_iter().any(|n| self.same_schema(*n, node)) {
                held.alternatives.push((node, pointer));
            }
        }
    }

    /// Builds the struct `name` from an object schema (with `allOf` merged).
    pub(crate) fn object_struct(
        &mut self,
        schema: &'a openapiv3::Schema,
        pointer: &str,
        name: String,
        docs: Option<String>,
    ) -> Schema {
        let building = Lowering::InlineType { pointer: pointer.to_owned(), name: name.clone() };
        let kind = self.within(building, |this| TypeKind::Struct(this.struct_of(schema, pointer, &name)));
        self.types
            .insert(name.clone(), TypeDef { name: name.clone(), docs, origin: pointer.to_owned(), kind });
        Schema::of(TypeRef::Named(name))
    }

    fn struct_of(&mut self, schema: &'a openapiv3::Schema, pointer: &str, name: &str) -> Struct {
        let parts = self.collect_object(Node::Item(schema), pointer);
        self.struct_of_parts(parts, pointer, name)
    }

    /// The struct of an inline object property that earlier `allOf` parts also give as objects
    /// with properties (or a map) it does not repeat: a value must be valid for each, so it has
    /// all their properties (Linode's cluster ACL, Okta's `_embedded`). `None` where the last
    /// part repeats what the others give, or is a reference (a type of its own).
    pub(crate) fn merged_object(
        &mut self,
        property: &PartProperty<'a>,
        owner: &str,
        hint: &str,
    ) -> Option<Schema> {
        let Node::Item(last) = property.node else { return None };
        let earlier: Vec<(Node<'a>, String)> =
            property.earlier.iter().filter(|(node, _)| self.is_object_like(*node)).cloned().collect();
        if earlier.is_empty() || !self.is_object_like(property.node) {
            return None;
        }
        let own = self.collect_object(property.node, &property.pointer);
        let mut parts = ObjectParts::default();
        for (node, pointer) in &earlier {
            self.collect_into(*node, pointer, &mut parts, &mut Vec::new(), false);
        }
        let repeated = parts.properties.iter().all(|p| own.properties.iter().any(|o| o.name == p.name))
            && (parts.additional.is_none() || own.additional.is_some());
        if repeated {
            return None;
        }
        self.collect_into(property.node, &property.pointer, &mut parts, &mut Vec::new(), false);
        let name = match hint {
            "" => self.fresh_type_name(&format!("{owner}{}", naming::type_name(&property.name))),
            hint => self.fresh_type_name(hint),
        };
        let pointer = property.pointer.clone();
        let building = Lowering::InlineType { pointer: pointer.clone(), name: name.clone() };
        let kind =
            self.within(building, |this| TypeKind::Struct(this.struct_of_parts(parts, &pointer, &name)));
        let docs = last.schema_data.description.clone();
        // No one schema of the document is this type: its origin is the property it types.
        let origin = without_all_of_parts(&pointer);
        self.types.insert(name.clone(), TypeDef { name: name.clone(), docs, origin, kind });
        Some(Schema { nullable: last.schema_data.nullable, ..Schema::of(TypeRef::Named(name)) })
    }

    /// The struct `name` of gathered properties.
    fn struct_of_parts(&mut self, parts: ObjectParts<'a>, pointer: &str, name: &str) -> Struct {
        let mut taken = BTreeSet::new();
        let fields = parts
            .properties
            .iter()
            .map(|property| {
                let rust_name = naming::unique(naming::value_name(&property.name), &mut taken);
                let required = parts.required.contains(&property.name);
                self.nested(|this| this.field(name, property, rust_name, required))
            })
            .collect();
        for missing in parts.required.iter().filter(|r| !parts.properties.iter().any(|p| &p.name == *r)) {
            self.sink.warning(
                WarningKind::Ignored,
                pointer,
                format!("`required` names `{missing}`, which is not a property; ignored"),
            );
        }
        let additional = parts.additional.map(|(values, at)| Additional {
            rust_name: naming::unique("additional_properties".to_owned(), &mut taken),
            values: match values {
                Some(values) => {
                    self.nested(|this| this.schema_named(values, &at, &format!("{name}Value"), None))
                }
                None => Schema::of(TypeRef::Json),
            },
        });
        Struct { fields, constraints: parts.constraints, additional }
    }

    fn field(
        &mut self,
        owner: &str,
        property: &PartProperty<'a>,
        rust_name: String,
        required: bool,
    ) -> Field {
        let (wire_name, node) = (property.name.as_str(), property.node);
        let typing = self.typing_part(property);
        let named_after = self.declaring_base(&typing.pointer).unwrap_or_else(|| owner.to_owned());
        let schema = self.property_schema(&typing, owner, &inline_hint(typing.node, &named_after, wire_name));
        let data = self.target(node).map(|s| &s.schema_data);
        let described = [node, typing.node].into_iter().filter_map(|n| self.target(n)).find_map(|s| {
            let data = &s.schema_data;
            data.description.clone().or_else(|| data.title.clone())
        });
        // A read-only field is absent from requests and a write-only one from responses, so
        // neither can be required of a type used both ways.
        let one_way = data.is_some_and(|d| d.read_only || d.write_only);
        Field {
            rust_name,
            wire_name: wire_name.to_owned(),
            docs: described,
            required: required && !one_way,
            schema,
            boxed: false,
            read_only: data.is_some_and(|d| d.read_only),
            write_only: data.is_some_and(|d| d.write_only),
            deprecated: data.is_some_and(|d| d.deprecated),
            default: data.and_then(|d| d.default.clone()),
        }
    }
}

/// The name an inline schema at `owner`'s `name` would take (`PetCollar`). A `$ref` is named by
/// its component, so it needs none, and casing names is a large part of lowering.
pub(crate) fn inline_hint(node: Node<'_>, owner: &str, name: &str) -> String {
    match node {
        Node::Ref(_) => String::new(),
        Node::Item(_) => format!("{owner}{}", naming::type_name(name)),
    }
}

impl<'a> Lowerer<'a> {
    /// The part that types a property: the last, unless it only annotates the property
    /// (`{readOnly: true}`, as Linode's request bodies mark the server's fields); then the last
    /// before it that does more.
    fn typing_part<'p>(&self, property: &'p PartProperty<'a>) -> Cow<'p, PartProperty<'a>> {
        let earlier = &property.earlier;
        match earlier.iter().rposition(|(node, _)| !self.is_annotation_only(*node)) {
            Some(index) if self.is_annotation_only(property.node) => {
                let (node, pointer) = earlier[index].clone();
                Cow::Owned(PartProperty {
                    node,
                    pointer,
                    earlier: earlier[..index].to_vec(),
                    ..property.clone()
                })
            }
            _ => Cow::Borrowed(property),
        }
    }
}

/// `pointer` without its `allOf/<index>` steps: where a property of several parts is, as one.
fn without_all_of_parts(pointer: &str) -> String {
    let tokens: Vec<&str> = pointer.split('/').collect();
    let mut kept = Vec::with_capacity(tokens.len());
    let mut index = 0;
    while index < tokens.len() {
        let is_part = tokens[index] == "allOf"
            && kept.last() != Some(&"properties")
            && tokens.get(index + 1).is_some_and(|t| t.parse::<usize>().is_ok());
        if is_part {
            index += 2;
        } else {
            kept.push(tokens[index]);
            index += 1;
        }
    }
    kept.join("/")
}

/// A schema in a cycle's description: a component by name, anything else by pointer.
pub(crate) fn schema_label(pointer: &str) -> &str {
    pointer.strip_prefix("/components/schemas/").filter(|name| !name.contains('/')).unwrap_or(pointer)
}
