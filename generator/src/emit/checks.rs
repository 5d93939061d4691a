//! The checks of one value, as statements calling the runtime's `Checker`.
//!
//! A value with a single check gets a single statement that steps into its scope on the way,
//! `c.at("name").length(&self.name, None, Some(32));`, and so does one whose type checks itself,
//! even through `Option`, `Vec` or a map: `self.tags.check(&mut c.at("tags"));`. Anything more
//! gets a block with a scope.

use super::imports::Imports;
use super::layout::Gate;
use super::rust_type::ident;
use super::value::Value;
use crate::ir::{Bound, Constraints, Field, IntegerWidth, Limit, Pattern, PatternMatching, Schema, TypeRef};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::{BTreeMap, BTreeSet};

/// What emitting checks needs: which named types have anything to check, the patterns (each
/// compiled once, named `PATTERN_<n>` in order of first use, and compiled when any user is), and
/// the module's imports.
pub struct Context<'a> {
    pub checked: &'a BTreeSet<String>,
    by_source: BTreeMap<String, (usize, Vec<Gate>, PatternMatching)>,
    /// The gate of the item being emitted.
    pub gate: Gate,
    pub imports: &'a Imports,
}

impl<'a> Context<'a> {
    pub fn new(checked: &'a BTreeSet<String>, imports: &'a Imports) -> Self {
        Context { checked, by_source: BTreeMap::new(), gate: Gate::default(), imports }
    }

    pub fn name_for(&mut self, pattern: &Pattern) -> proc_macro2::Ident {
        let next = self.by_source.len();
        let entry = self.by_source.entry(pattern.source.clone());
        let (index, gates, _) = entry.or_insert_with(|| (next, Vec::new(), pattern.matching.clone()));
        gates.push(self.gate.clone());
        format_ident!("PATTERN_{}", *index)
    }

    pub fn statics(&self) -> TokenStream {
        let mut ordered: Vec<_> = self.by_source.iter().collect();
        ordered.sort_by_key(|(_, (index, ..))| *index);
        let statics = ordered.into_iter().map(|(source, (index, gates, matching))| {
            let name = format_ident!("PATTERN_{}", index);
            let doc = format!(" `{source}`");
            let cfg = Gate::union(gates).attr();
            let (ty, value) = match matching {
                PatternMatching::Regex(regex) => {
                    let ty = self.imports.item("crate::runtime::pattern", "Pattern");
                    let value = if regex == source {
                        quote!(#ty::new(#source))
                    } else {
                        quote!(#ty::translated(#source, #regex))
                    };
                    (ty, value)
                }
                PatternMatching::Ecma { unicode } => {
                    let ty = self.imports.item("crate::runtime::ecma", "EcmaPattern");
                    let value = quote!(#ty::new(#source, #unicode));
                    (ty, value)
                }
            };
            quote! {
                #[doc = #doc]
                #cfg
                static #name: #ty = #value;
            }
        });
        quote!( #( #statics )* )
    }
}

/// Where a check records: the current scope `c`, or one made for it (`c.at("name")`). Only a
/// direct check is ever made `Within` (see `scoped_checks`); loops and `if let`s, which bind
/// values of their own, always record `Here`, inside the scope their caller opened.
pub enum At<'a> {
    Here,
    Within(&'a [&'a str]),
}

impl At<'_> {
    fn checker(&self) -> TokenStream {
        match self {
            At::Here => quote!(c),
            At::Within(segments) => quote!(c #( .at(#segments) )*),
        }
    }

    fn checker_arg(&self) -> TokenStream {
        match self {
            // No segment (a struct's undeclared properties, checked at their own names): `c` as it is.
            At::Here | At::Within([]) => quote!(c),
            At::Within(_) => {
                let checker = self.checker();
                quote!(&mut #checker)
            }
        }
    }
}

/// One statement; `direct` when it is a single call (no loop or `if` that binds a new value).
pub struct Check {
    pub tokens: TokenStream,
    pub direct: bool,
}

/// The checks of `place` (a field of `self`), found at `segments` below the current scope (a
/// field, or a parameter at `path`, `<name>`), or `None` when nothing applies. An `optional`
/// value is checked when `Some`.
pub fn scoped_checks(
    schema: &Schema,
    place: Value,
    optional: bool,
    segments: &[&str],
    cx: &mut Context<'_>,
) -> Option<TokenStream> {
    let value = if optional { Value::held("value") } else { place.clone() };
    let place = place.receiver();
    if delegates(schema, cx) {
        // `Option`, `Vec` and maps of checked types check what they hold (see the runtime).
        let checker = At::Within(segments).checker_arg();
        return Some(quote!(#place.check(#checker);));
    }
    // Built in place first, as the common single check wants; several get a scope of their own.
    let checks = value_checks(schema, &value, &At::Within(segments), cx);
    if checks.is_empty() {
        return None;
    }
    let single = checks.len() == 1 && checks[0].direct;
    let checks = if single {
        statements(checks)
    } else {
        let checks = statements(value_checks(schema, &value, &At::Here, cx));
        quote! { #( let c = &mut c.at(#segments); )* #checks }
    };
    Some(match (optional, single) {
        (true, _) => quote! { if let Some(value) = &#place { #checks } },
        (false, true) => checks,
        (false, false) => quote! { { #checks } },
    })
}

/// Whether all there is to check is what a checked type checks of itself: a named type, or
/// arrays, maps and nullables of one, with no constraint of their own.
fn delegates(schema: &Schema, cx: &Context<'_>) -> bool {
    let c = &schema.constraints;
    c.allowed.is_empty()
        && match &schema.ty {
            TypeRef::Named(name) => cx.checked.contains(name),
            TypeRef::Array(items) => {
                c.min_items.is_none() && c.max_items.is_none() && !c.unique_items && delegates(items, cx)
            }
            TypeRef::Map(values) => delegates(values, cx),
            _ => false,
        }
}

/// The checks of a struct field, at its wire name.
pub fn field_checks(f: &Field, cx: &mut Context<'_>) -> Option<TokenStream> {
    let name = ident(&f.rust_name);
    scoped_checks(&f.schema, Value::Place(quote!(self.#name)), !f.required, &[f.wire_name.as_str()], cx)
}

pub fn statements(checks: Vec<Check>) -> TokenStream {
    let tokens = checks.into_iter().map(|c| c.tokens);
    quote!( #( #tokens )* )
}

/// Statements checking `value` against `schema`; a nullable value's `null` passes.
pub fn value_checks(schema: &Schema, value: &Value, at: &At<'_>, cx: &mut Context<'_>) -> Vec<Check> {
    if !schema.nullable {
        return present_checks(schema, value, at, cx);
    }
    let inner = present_checks(schema, &Value::held("value"), &At::Here, cx);
    if inner.is_empty() {
        return Vec::new();
    }
    let (value, inner) = (value.by_ref(), statements(inner));
    vec![Check { tokens: quote! { if let Some(value) = #value { #inner } }, direct: false }]
}

/// Checks of a value that is not `null`.
fn present_checks(schema: &Schema, value: &Value, at: &At<'_>, cx: &mut Context<'_>) -> Vec<Check> {
    let c = &schema.constraints;
    let checker = at.checker();
    let direct = |tokens: TokenStream| Check { tokens, direct: true };
    let mut checks: Vec<Check> = match &schema.ty {
        TypeRef::Named(name) if cx.checked.contains(name) => {
            let (receiver, checker) = (value.receiver(), at.checker_arg());
            vec![direct(quote!(#receiver.check(#checker);))]
        }
        TypeRef::String => string_checks(c, value, &checker, cx).into_iter().map(direct).collect(),
        TypeRef::Integer(_) | TypeRef::Number => {
            number_checks(c, &schema.ty, value, &checker).into_iter().map(direct).collect()
        }
        TypeRef::Array(items) => array_checks(c, items, value, at, cx),
        TypeRef::Map(values) => map_checks(values, value, cx),
        _ => Vec::new(),
    };
    if !c.allowed.is_empty() {
        let allowed: Vec<String> = c.allowed.iter().map(|v| v.to_string()).collect();
        let value = value.by_ref();
        checks.push(direct(quote!(#checker.allowed(#value, &[ #( #allowed ),* ]);)));
    }
    checks
}

fn string_checks(
    c: &Constraints,
    value: &Value,
    checker: &TokenStream,
    cx: &mut Context<'_>,
) -> Vec<TokenStream> {
    let value = value.by_ref();
    let mut checks = Vec::new();
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (option_tokens(c.min_length), option_tokens(c.max_length));
        checks.push(quote!(#checker.length(#value, #min, #max);));
    }
    if let Some(pattern) = &c.pattern {
        let name = cx.name_for(pattern);
        checks.push(quote!(#checker.pattern(#value, &#name);));
    }
    if let Some(format) = &c.format {
        checks.push(quote!(#checker.format(#value, #format);));
    }
    checks
}

/// `minimum`/`maximum`/`multipleOf`: integers compared as `i64` (exact at any size), other
/// numbers as `f64`, so a message prints the value as it was sent.
fn number_checks(c: &Constraints, ty: &TypeRef, value: &Value, checker: &TokenStream) -> Vec<TokenStream> {
    let value = value.by_value();
    let integer = matches!(ty, TypeRef::Integer(_));
    let number = match ty {
        TypeRef::Integer(IntegerWidth::I32) => quote!(i64::from(#value)),
        _ => value,
    };
    let bound = |b: Option<Bound>, lower: bool| match b {
        Some(b) => {
            let (limit, exclusive) =
                if integer { integer_bound(b, lower) } else { (float(b.value), b.exclusive) };
            quote!(Some((#limit, #exclusive)))
        }
        None => quote!(None),
    };
    let mut checks = Vec::new();
    if c.minimum.is_some() || c.maximum.is_some() {
        let (min, max) = (bound(c.minimum, true), bound(c.maximum, false));
        checks.push(quote!(#checker.range(#number, #min, #max);));
    }
    match c.multiple_of {
        Some(Limit::Integer(m)) if integer => {
            let m = Literal::i64_unsuffixed(m);
            checks.push(quote!(#checker.multiple_of(#number, #m);));
        }
        // A fractional divisor of an integer: compared as floats.
        Some(m) if integer => {
            let m = float(m);
            checks.push(quote!(#checker.multiple_of(#number as f64, #m);));
        }
        Some(m) => {
            let m = float(m);
            checks.push(quote!(#checker.multiple_of(#number, #m);));
        }
        None => {}
    }
    checks
}

/// An integer value's bound as an `i64` literal: a fractional one becomes the nearest integer
/// inside it, inclusive (`x > 0.5` is `x >= 1`).
fn integer_bound(b: Bound, lower: bool) -> (Literal, bool) {
    match b.value {
        Limit::Integer(v) => (Literal::i64_unsuffixed(v), b.exclusive),
        Limit::Float(v) if v.fract() == 0.0 => (Literal::i64_unsuffixed(v as i64), b.exclusive),
        // `as` saturates, so a bound beyond `i64` holds every value on its side.
        Limit::Float(v) => (Literal::i64_unsuffixed(if lower { v.ceil() } else { v.floor() } as i64), false),
    }
}

fn float(limit: Limit) -> Literal {
    match limit {
        Limit::Integer(v) => Literal::f64_unsuffixed(v as f64),
        Limit::Float(v) => Literal::f64_unsuffixed(v),
    }
}

fn array_checks(
    c: &Constraints,
    items: &Schema,
    value: &Value,
    at: &At<'_>,
    cx: &mut Context<'_>,
) -> Vec<Check> {
    let checker = at.checker();
    let by_ref = value.by_ref();
    let mut checks = Vec::new();
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (option_tokens(c.min_items), option_tokens(c.max_items));
        checks.push(Check { tokens: quote!(#checker.items(#by_ref, #min, #max);), direct: true });
    }
    if c.unique_items {
        checks.push(Check { tokens: quote!(#checker.unique(#by_ref);), direct: true });
    }
    let each = value_checks(items, &Value::held("item"), &At::Here, cx);
    if !each.is_empty() {
        let (receiver, each) = (value.receiver(), statements(each));
        checks.push(Check {
            tokens: quote! {
                for (index, item) in #receiver.iter().enumerate() { let c = &mut c.at(index); #each }
            },
            direct: false,
        });
    }
    checks
}

fn map_checks(values: &Schema, value: &Value, cx: &mut Context<'_>) -> Vec<Check> {
    let each = value_checks(values, &Value::held("item"), &At::Here, cx);
    if each.is_empty() {
        return Vec::new();
    }
    // `.iter()` as a method: the value may be a reference to the reference a request holds.
    let (receiver, each) = (value.receiver(), statements(each));
    vec![Check {
        tokens: quote! { for (key, item) in #receiver.iter() { let c = &mut c.at(key); #each } },
        direct: false,
    }]
}

pub fn option_tokens(value: Option<usize>) -> TokenStream {
    match value.map(Literal::usize_unsuffixed) {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    }
}
