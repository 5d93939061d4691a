//! Emits the `types` module (or one part of it): a struct per object schema, an enum per string
//! enum, a union per `oneOf`/`anyOf`.

use super::Out;
use super::docs::{code_span, describe_constraints};
use super::imports::Imports;
use super::layout::Part;
use super::rust_type::{Scope, ident, rust_type};
use crate::ir::{Field, StringEnum, Struct, TypeDef, TypeKind};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeSet;

pub fn types_module(part: &Part<'_>, out: &Out) -> TokenStream {
    let docs = match &part.module {
        None => "Request and response types, one per schema of the spec.".to_owned(),
        Some(_) => format!("Types used by {}.", part.subject),
    };
    let docs = super::docs::sanitize(&docs);
    let own: BTreeSet<&str> = part.types.iter().map(|(def, _)| def.name.as_str()).collect();
    let scope = Scope::Types { imports: &out.imports, own: &own };
    let items: Vec<TokenStream> =
        part.types.iter().map(|(def, gate)| type_def(def, &gate.attr(), out, scope)).collect();
    // Where items are gated one by one, the features on may leave an import unused (serde's,
    // where they leave only enums, which implement serde through `string_enum!`).
    let item_gated = part.types.iter().any(|(_, gate)| !gate.0.is_empty());
    let allow = item_gated
        .then(|| quote!(#[allow(unused_imports, reason = "each item is compiled with its own features")]));
    let imports = out.imports.render_each(&allow.unwrap_or_default());
    quote! {
        #( #![doc = #docs] )*
        #imports
        #( #items )*
    }
}

/// `serde`'s `Serialize` or `Deserialize`, for a derive or an impl.
pub fn serde(imports: &Imports, name: &'static str) -> Ident {
    imports.item("::serde", name)
}

/// `Serialize, Deserialize`, for a derive.
pub fn serde_both(imports: &Imports) -> TokenStream {
    let (serialize, deserialize) = (serde(imports, "Serialize"), serde(imports, "Deserialize"));
    quote!(#serialize, #deserialize)
}

/// A type's items, each behind `gate` (a `#[cfg]`, or nothing).
fn type_def(def: &TypeDef, gate: &TokenStream, out: &Out, scope: Scope<'_>) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_def(def, s, gate, out, scope),
        TypeKind::StringEnum(e) => enum_def(def, e, gate, out),
        TypeKind::Union(u) => super::union::union_def(def, u, gate, out, scope),
        TypeKind::Newtype(inner) => super::union::newtype_def(def, inner, gate, out, scope),
    }
}

fn struct_def(def: &TypeDef, s: &Struct, gate: &TokenStream, out: &Out, scope: Scope<'_>) -> TokenStream {
    let name = ident(&def.name);
    let docs = out.docs.attrs(def.docs.as_deref());
    let default = s.all_optional().then(|| quote!(Default,));
    let fields = s.fields.iter().map(|f| field(f, out, scope, true));
    let twin_fields = s.fields.iter().map(|f| field(f, out, scope, false));
    let twin_additional = s.additional.as_ref().map(|a| additional(a, scope, false));
    let additional = s.additional.as_ref().map(|a| additional(a, scope, true));
    let (presence_const, presence) = presence(def, s, gate);
    let (serialize, deserialize) = (serde(&out.imports, "Serialize"), serde(&out.imports, "Deserialize"));
    let twin = format_ident!("{}__Wire", def.name);
    let remote = def.name.as_str();
    let deprecated = s
        .fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated, reason = "the derived code reads and writes every field")]));
    let building = super::constructors::constructor_and_setters(&name, s, gate, scope);
    // `Deserialize` comes from the twin's derive (see `object!`): the struct is read from a
    // JSON object only, never filled in order from an array, and has no public inherent serde
    // functions.
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, #default #serialize)]
        pub struct #name {
            #( #fields )*
            #additional
        }

        #building

        #presence_const

        #gate
        #deprecated
        #[derive(#deserialize)]
        #[serde(remote = #remote)]
        #[allow(non_camel_case_types, dead_code, reason = "the private twin `Deserialize` is derived on")]
        struct #twin {
            #( #twin_fields )*
            #twin_additional
        }

        #gate
        crate::runtime::decode::object!(#name, #twin #presence);
    }
}

/// The map of the properties a struct does not declare (`additionalProperties`).
fn additional(a: &crate::ir::Additional, scope: Scope<'_>, public: bool) -> TokenStream {
    let name = ident(&a.rust_name);
    let values = rust_type(&a.values, scope);
    let (docs, public) = match public {
        true => (
            quote! {
                /// The properties beyond those above, by name, as the schema allows
                /// (`additionalProperties`).
            },
            quote!(pub),
        ),
        false => (TokenStream::new(), TokenStream::new()),
    };
    quote! {
        #docs
        #[serde(flatten)]
        #public #name: ::std::collections::BTreeMap<String, #values>,
    }
}

/// The struct's `runtime::entries::Presence`, as an associated constant, and the argument of
/// `object!` that passes it: what serde's derive reads leniently about `null` and absence,
/// which a union choosing its variant must not. `None` for a struct with nothing to list.
fn presence(def: &TypeDef, s: &Struct, gate: &TokenStream) -> (Option<TokenStream>, Option<TokenStream>) {
    let wire = |keep: fn(&Field) -> bool| -> Vec<&str> {
        s.fields.iter().filter(|f| keep(f)).map(|f| f.wire_name.as_str()).collect()
    };
    // `Option` reads `null` as absent, so a `null` for an optional property that may not be
    // `null` is noted; one that allows any value keeps it as `Value::Null` (`keeps_null`).
    let not_null = wire(|f| !f.required && !f.schema.nullable && !keeps_null(f));
    // A required nullable property is read as `null` when absent (`default`).
    let required = wire(|f| f.required && f.schema.nullable);
    if not_null.is_empty() && required.is_empty() {
        return (None, None);
    }
    let name = ident(&def.name);
    let doc = " The properties that may not be `null`, and the nullable ones that must be present.";
    let konst = quote! {
        #gate
        impl #name {
            #[doc = #doc]
            const PRESENCE: crate::runtime::entries::Presence = crate::runtime::entries::Presence {
                not_null: &[#(#not_null),*],
                required: &[#(#required),*],
            };
        }
    };
    (Some(konst), Some(quote!(, #name::PRESENCE)))
}

/// Whether an optional field reads a present `null` as a value: one of any JSON value, where
/// `null` is `Some(Value::Null)`, not absent (`runtime::nullable::present`).
fn keeps_null(f: &Field) -> bool {
    f.schema.ty == crate::ir::TypeRef::Json
}

/// A field of the struct (`public`), or of its twin, which has its serde attributes only.
fn field(f: &Field, out: &Out, scope: Scope<'_>, public: bool) -> TokenStream {
    let name = ident(&f.rust_name);
    // The value itself is boxed, inside `null`'s `Option`: `with = nullable` reads
    // `Option<Option<T>>`, and `Option<Box<T>>` costs no allocation for `null`.
    let mut ty = rust_type(&crate::ir::Schema { nullable: false, ..f.schema.clone() }, scope);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.schema.nullable {
        ty = quote!(Option<#ty>);
    }
    if !f.required {
        ty = quote!(Option<#ty>);
    }
    let plain_name = crate::naming::unraw(&f.rust_name);
    let wire = &f.wire_name;
    let rename = (plain_name != wire).then(|| quote!(rename = #wire,));
    let serde = if !f.required && f.schema.nullable {
        // Absent (`None`), `null` (`Some(None)`) and a value (`Some(Some(v))`) are all distinct.
        quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none", with = "crate::runtime::nullable")])
    } else if !f.required && keeps_null(f) {
        quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none", deserialize_with = "crate::runtime::nullable::present")])
    } else if !f.required {
        quote!(#[serde(#rename default, skip_serializing_if = "Option::is_none")])
    } else if f.schema.nullable {
        // Required and nullable: always sent, `null` included.
        quote!(#[serde(#rename default)])
    } else {
        rename.map(|r| quote!(#[serde(#r)])).unwrap_or_default()
    };
    let (docs, deprecated, public) = match public {
        true => (
            out.docs.attrs(field_doc_paragraphs(f).iter().map(String::as_str)),
            f.deprecated.then(|| quote!(#[deprecated])),
            Some(quote!(pub)),
        ),
        false => (TokenStream::new(), None, None),
    };
    // Maps of maps of lists are what the spec says; a type alias would only hide that.
    let complex = (nesting(&f.schema) + usize::from(!f.required) >= 4)
        .then(|| quote!(#[allow(clippy::type_complexity, reason = "nested as the spec's schema is")]));
    quote! {
        #docs
        #deprecated
        #complex
        #serde
        #public #name: #ty,
    }
}

/// How many containers (`Option`, `Vec`, maps) wrap the innermost type of `schema`.
fn nesting(schema: &crate::ir::Schema) -> usize {
    let inner = match &schema.ty {
        crate::ir::TypeRef::Array(inner) | crate::ir::TypeRef::Map(inner) => 1 + nesting(inner),
        _ => 0,
    };
    inner + usize::from(schema.nullable)
}

fn field_doc_paragraphs(f: &Field) -> Vec<String> {
    let mut paragraphs: Vec<String> = f.docs.iter().cloned().collect();
    paragraphs.extend(describe_constraints(&f.schema.constraints));
    if let Some(default) = &f.default {
        paragraphs.push(format!("Defaults to `{default}` on the server when left out."));
    }
    if f.read_only {
        paragraphs.push("Read-only: set by the server, never sent.".to_owned());
    }
    if f.write_only {
        paragraphs.push("Write-only: sent, never returned.".to_owned());
    }
    if !f.required && f.schema.nullable {
        let plain = crate::naming::unraw(&f.rust_name);
        paragraphs.push(format!(
            "`Some(None)` sends an explicit `null`, as the setter `{plain}_null()` does; `None` leaves \
             the field out. Read the value as one `Option` with `.value()` (the [`Nullable`](crate::Nullable) \
             trait)."
        ));
    }
    paragraphs
}

/// A string enum. Its impls come from `string_enum!` (the wire mapping, once each way, then
/// `Display` and serde through it) instead of derives: an untagged catch-all variant makes
/// serde's derive expand into a buffering deserializer, the largest compile cost of API crates
/// full of small enums.
fn enum_def(def: &TypeDef, e: &StringEnum, gate: &TokenStream, out: &Out) -> TokenStream {
    let name = ident(&def.name);
    let docs = out.docs.attrs(def.docs.as_deref());
    let unknown = ident(&e.unknown_variant);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let doc = format!(" {}", code_span(&v.wire_value));
        quote! { #[doc = #doc] #variant, }
    });
    let mapping = e.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let wire = &v.wire_value;
        quote! { #variant = #wire }
    });
    quote! {
        #docs
        #gate
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value this client does not know, kept as sent so newer servers break nothing.
            #unknown(String),
        }

        #gate
        crate::runtime::enums::string_enum!(#name, #unknown, { #( #mapping ),* });
    }
}
