//! Emits how a struct is built: `new` with its required fields (a struct with none derives
//! `Default`), then a chained setter per optional field taking the plain value, and for a
//! nullable one, `<field>_null()` that sends an explicit `null`. Code written this way keeps
//! compiling when the spec adds optional properties.

use super::rust_type::{Scope, ident, rust_type};
use crate::ir::{Field, Schema, Struct};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

/// Methods a struct has already (its derives, its traits): a setter of that name would shadow
/// them, so it is named `set_<name>`.
const TAKEN: &[&str] = &[
    "new",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "hash",
    "serialize",
    "deserialize",
    "validate",
    "check",
    "from_object",
    "into",
    "try_into",
    "from",
    "try_from",
    "to_owned",
    "borrow",
    "borrow_mut",
    "type_id",
];

/// Binary operators' method names: clippy's `should_implement_trait` reads a by-value method of
/// one argument named so (a JWT's `sub` claim) as a missed `impl Sub`.
const OPERATORS: &[&str] = &["add", "sub", "mul", "div", "rem", "shl", "shr", "bitand", "bitor", "bitxor"];

/// For a setter named after an operator, the `allow` that keeps it named after its field.
pub fn allow_operator_name(setter: &Ident) -> Option<TokenStream> {
    OPERATORS
        .contains(&naming::unraw(&setter.to_string()))
        .then(|| quote!(#[allow(clippy::should_implement_trait, reason = "a setter named after its field")]))
}

/// `impl Name { new, setters }` for the struct `name`; `None` for one without fields.
pub fn constructor_and_setters(
    name: &Ident,
    s: &Struct,
    gate: &TokenStream,
    scope: Scope<'_>,
) -> Option<TokenStream> {
    let mut taken: BTreeSet<String> = TAKEN.iter().map(|m| (*m).to_owned()).collect();
    let new = (!s.all_optional()).then(|| constructor(s, scope));
    let setters: Vec<TokenStream> =
        s.fields.iter().filter(|f| !f.required).map(|f| setters(name, f, &mut taken, scope)).collect();
    if new.is_none() && setters.is_empty() {
        return None;
    }
    let deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated, reason = "a deprecated field is still set by its setter")]));
    Some(quote! {
        #gate
        #deprecated
        impl #name {
            #new
            #( #setters )*
        }
    })
}

/// `pub fn new(required…) -> Self`: each required field from its argument, the others `None`.
fn constructor(s: &Struct, scope: Scope<'_>) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let arguments = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = plain_type(f, scope);
        match f.schema.nullable {
            // `None` sends `null`.
            true => quote!(#name: Option<#ty>),
            false => quote!(#name: impl Into<#ty>),
        }
    });
    let values = s.fields.iter().map(|f| {
        let name = ident(&f.rust_name);
        match (f.required, f.schema.nullable, f.boxed) {
            (false, ..) => quote!(#name: None),
            (true, true, true) => quote!(#name: #name.map(Box::new)),
            (true, true, false) => quote!(#name),
            (true, false, true) => quote!(#name: Box::new(#name.into())),
            (true, false, false) => quote!(#name: #name.into()),
        }
    });
    let additional = s.additional.as_ref().map(|a| {
        let name = ident(&a.rust_name);
        quote!(#name: ::std::collections::BTreeMap::new())
    });
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", naming::unraw(&f.rust_name))).collect();
    let doc = format!(" With its required fields ({}); the optional ones are left out.", names.join(", "));
    let many = (required.len() > 7)
        .then(|| quote!(#[allow(clippy::too_many_arguments, reason = "one argument per required property")]));
    let numbered = super::objects::numbered_fields_allow(required.iter().copied());
    quote! {
        #[doc = #doc]
        #many
        #numbered
        pub fn new(#( #arguments ),*) -> Self {
            Self { #( #values, )* #additional }
        }
    }
}

/// The setter of an optional field, and for a nullable one, the setter of its `null`.
fn setters(owner: &Ident, f: &Field, taken: &mut BTreeSet<String>, scope: Scope<'_>) -> TokenStream {
    let field = ident(&f.rust_name);
    let plain = naming::unraw(&f.rust_name);
    let setter = setter_name(plain, taken);
    let ty = plain_type(f, scope);
    let value = if f.boxed { quote!(Box::new(value.into())) } else { quote!(value.into()) };
    let set = if f.schema.nullable { quote!(Some(Some(#value))) } else { quote!(Some(#value)) };
    // rustdoc reads the `#` of a raw identifier as a fragment: such a field is named, not linked.
    let link = match f.rust_name.starts_with("r#") {
        true => format!("`{plain}`"),
        false => format!("[`{plain}`]({owner}::{plain})"),
    };
    let doc = format!(" Sets {link}.");
    let null = f.schema.nullable.then(|| {
        let null_setter = setter_name(&null_setter_of(plain), taken);
        let doc = format!(" Sets {link} to an explicit `null`.");
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #null_setter(mut self) -> Self {
                self.#field = Some(None);
                self
            }
        }
    });
    let allow = allow_operator_name(&setter);
    quote! {
        #[doc = #doc]
        #[must_use]
        #allow
        pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
            self.#field = #set;
            self
        }
        #null
    }
}

/// The name the setter of an explicit `null` wants: `<field>_null`, where a field named after a
/// keyword (`self_`) gives `self_null`, not `self__null`.
pub fn null_setter_of(field: &str) -> String {
    format!("{}_null", field.trim_end_matches('_'))
}

/// A setter's name: the field's, unless taken (`set_<name>`, numbered if need be).
fn setter_name(plain: &str, taken: &mut BTreeSet<String>) -> Ident {
    let wanted = if taken.contains(plain) { format!("set_{plain}") } else { plain.to_owned() };
    let name = naming::unique(wanted, taken);
    match syn::parse_str::<Ident>(&name) {
        Ok(ident) => ident,
        Err(_) => format_ident!("r#{name}"),
    }
}

/// The field's value type, without its `Option`s and `Box`.
fn plain_type(f: &Field, scope: Scope<'_>) -> TokenStream {
    rust_type(&Schema { nullable: false, ..f.schema.clone() }, scope)
}
