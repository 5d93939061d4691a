//! Emits union types (`oneOf`/`anyOf`) and newtypes.

use super::Out;
use super::imports::Imports;
use super::rust_type::{Scope, ident, rust_type};
use super::types::{serde, serde_both};
use crate::ir::{Schema, TypeDef, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// An enum with one variant per schema and a catch-all `Other(Value)`. Without a discriminator,
/// the value is read as the variant it is valid for (`runtime::macros::union!`); with one, its
/// property picks the variant.
pub fn union_def(
    def: &TypeDef,
    union: &Union,
    gate: &TokenStream,
    out: &Out,
    scope: Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = out.docs.attrs(def.docs.as_deref());
    let other = ident(&union.other_variant);
    let variants = union.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let ty = rust_type(&v.schema, scope);
        if v.boxed { quote!(#variant(Box<#ty>),) } else { quote!(#variant(#ty),) }
    });
    // A discriminator that maps no value to a variant chooses nothing: read as any union.
    let discriminator = union.discriminator.as_ref().filter(|d| !d.mapping.is_empty());
    let deserialize = match discriminator {
        None => {
            let variants = union.variants.iter().map(|v| ident(&v.rust_name));
            quote! {
                #gate
                crate::runtime::macros::union!(#name, #other, { #( #variants ),* });
            }
        }
        Some(d) => tagged_deserialize(&name, union, d, gate, &out.imports),
    };
    let how = match discriminator {
        Some(d) => format!(
            "The `{}` property chooses the variant, and a value it names no variant with is kept \
             whole; where it is missing, or the value does not decode as the variant it names, \
             the value is read as a variant it is valid for (one that keeps all of it, in the \
             second case).",
            d.property
        ),
        None => "The value is read as the variant it is valid for (type, required properties, enum \
                 values, formats and constraints); where several are, the one that keeps the most of \
                 its properties, the first on a tie."
            .to_owned(),
    };
    let how = format!(" {how}");
    // A blank line between the spec's docs and the rule, where there are docs.
    let separator = def.docs.is_some().then(|| quote!(#[doc = ""]));
    let serialize = serde(&out.imports, "Serialize");
    let conversions = conversions(&name, union, gate, scope);
    // Variants that would be sent without the property that names them write it by hand.
    let tagged = discriminator.filter(|d| !d.written_tags.is_empty());
    let (derive, tagged_serialize) = match tagged {
        None => (quote!(#[derive(Debug, Clone, PartialEq, #serialize)] #[serde(untagged)]), None),
        Some(d) => (
            quote!(#[derive(Debug, Clone, PartialEq)]),
            Some(tagged_serialize(&name, union, d, gate, &serialize)),
        ),
    };
    quote! {
        #docs
        #separator
        #[doc = #how]
        #gate
        #derive
        #[allow(clippy::large_enum_variant, reason = "a variant per schema, held as it is, not boxed")]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value that matches none of the variants the spec lists, kept as sent.
            #other(::serde_json::Value),
        }

        #deserialize

        #tagged_serialize

        #( #conversions )*
    }
}

/// `Serialize` for a discriminated union some of whose variants do not declare the property:
/// those write the value that names them beside their own (`runtime::object::write_tagged`),
/// the others write themselves, as the untagged derive would.
fn tagged_serialize(
    name: &proc_macro2::Ident,
    union: &Union,
    d: &crate::ir::Discriminator,
    gate: &TokenStream,
    serialize: &proc_macro2::Ident,
) -> TokenStream {
    let property = &d.property;
    let arms = union.variants.iter().enumerate().map(|(index, v)| {
        let variant = ident(&v.rust_name);
        match d.written_tags.iter().find(|(i, _)| *i == index) {
            Some((_, tag)) => quote! {
                Self::#variant(value) => crate::runtime::object::write_tagged(serializer, value, #property, #tag),
            },
            None => quote!(Self::#variant(value) => #serialize::serialize(value, serializer),),
        }
    });
    let other = ident(&union.other_variant);
    quote! {
        #gate
        impl #serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( #arms )*
                    Self::#other(value) => #serialize::serialize(value, serializer),
                }
            }
        }
    }
}

/// `From` each variant's value, where no other variant holds the same Rust type: so a setter
/// or constructor that takes the union takes the variant's value as it is.
fn conversions(
    name: &proc_macro2::Ident,
    union: &Union,
    gate: &TokenStream,
    scope: Scope<'_>,
) -> Vec<TokenStream> {
    let types: Vec<String> = union.variants.iter().map(|v| rust_type(&v.schema, scope).to_string()).collect();
    let unique = |ty: &String| types.iter().filter(|t| *t == ty).count() == 1;
    (union.variants.iter().zip(&types))
        .filter(|(v, ty)| unique(ty) && v.schema.ty != TypeRef::Json && !v.schema.nullable)
        .map(|(v, _)| {
            let variant = ident(&v.rust_name);
            let ty = rust_type(&v.schema, scope);
            let value = if v.boxed { quote!(Box::new(value)) } else { quote!(value) };
            quote! {
                #gate
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
            }
        })
        .collect()
}

/// A discriminated union's `Deserialize` (`runtime::decode::discriminated`): the property's
/// value names the variant, and the schema decides where it names none that decodes.
fn tagged_deserialize(
    name: &proc_macro2::Ident,
    union: &Union,
    d: &crate::ir::Discriminator,
    gate: &TokenStream,
    imports: &Imports,
) -> TokenStream {
    let other = ident(&union.other_variant);
    let property = &d.property;
    let arms = d.mapping.iter().map(|(value, index)| {
        let variant = ident(&union.variants[*index].rust_name);
        quote!(#value => Some(|v| named_variant(v, Self::#variant)),)
    });
    let variants = union.variants.iter().map(|v| ident(&v.rust_name));
    let deserialize = serde(imports, "Deserialize");
    quote! {
        #gate
        impl<'de> #deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use crate::runtime::decode::{discriminated, named_variant, try_variant};
                discriminated(
                    deserializer,
                    #property,
                    |tag| match tag {
                        #( #arms )*
                        _ => None,
                    },
                    &[#( |v| try_variant(v, Self::#variants) ),*],
                    Self::#other,
                )
            }
        }
    }
}

/// A named wrapper around a non-object schema that refers back to itself.
pub fn newtype_def(
    def: &TypeDef,
    inner: &Schema,
    gate: &TokenStream,
    out: &Out,
    scope: Scope<'_>,
) -> TokenStream {
    let name = ident(&def.name);
    let docs = out.docs.attrs(def.docs.as_deref());
    let ty = boxed_if_named(inner, scope);
    let serde_derives = serde_both(&out.imports);
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, #serde_derives)]
        #[serde(transparent)]
        pub struct #name(pub #ty);
    }
}

/// Named types are boxed inside unions and newtypes, which may be part of a cycle.
fn boxed_if_named(schema: &Schema, scope: Scope<'_>) -> TokenStream {
    let ty = rust_type(schema, scope);
    if matches!(schema.ty, TypeRef::Named(_)) && !schema.nullable { quote!(Box<#ty>) } else { ty }
}
