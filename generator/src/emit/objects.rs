//! Emits a struct's serde impls, as a few calls per field into `runtime::object` rather than
//! serde's derive (whose expansion is most of what a large client costs to compile): `Serialize`
//! writes the fields, leaving absent optional ones out; `FromObject` reads an object's entries,
//! field by field, as the field's presence and nullability say.

use super::Out;
use super::rust_type::ident;
use crate::ir::{Field, Struct, TypeRef};
use crate::naming;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// How a field is read and written, from whether it is required and nullable.
#[derive(Clone, Copy)]
enum Presence {
    Required,
    /// Required and nullable: absent reads as `null`.
    RequiredNullable,
    /// Optional, not nullable: a `null` reads as absent.
    Optional,
    /// Optional, nullable: `Option<Option<T>>`.
    OptionalNullable,
    /// Optional, any value: a `null` is kept.
    OptionalAny,
}

fn presence(f: &Field) -> Presence {
    match (f.required, f.schema.nullable) {
        (true, false) => Presence::Required,
        (true, true) => Presence::RequiredNullable,
        (false, true) => Presence::OptionalNullable,
        (false, false) if f.schema.ty == TypeRef::Json => Presence::OptionalAny,
        (false, false) => Presence::Optional,
    }
}

/// `#[allow]` for a function with a binding per field in `fields`, where the spec names one by a
/// number: property `"1"` is the field `_1`, which clippy takes for a placeholder's name.
pub fn numbered_fields_allow<'f>(fields: impl IntoIterator<Item = &'f Field>) -> Option<TokenStream> {
    let numbered = |f: &Field| naming::unraw(&f.rust_name).chars().all(|c| c == '_' || c.is_ascii_digit());
    fields.into_iter().any(numbered).then(|| {
        quote!(#[allow(clippy::just_underscores_and_digits, reason = "a field the spec names by a number")])
    })
}

/// `impl Serialize` and `impl FromObject` for the struct `name`, and its `Deserialize`. Reading
/// binds a local per field, by the field's name; its own locals begin with `__`, which no
/// field's name does.
pub fn serde_impls(name: &Ident, s: &Struct, gate: &TokenStream, out: &Out) -> TokenStream {
    let serialize = super::types::serde(&out.imports, "Serialize");
    let writes = s.fields.iter().map(|f| {
        let (field, wire) = (ident(&f.rust_name), &f.wire_name);
        match presence(f) {
            Presence::Required | Presence::RequiredNullable => quote!(object.field(#wire, &self.#field);),
            _ => quote!(object.optional(#wire, &self.#field);),
        }
    });
    let rest = s.additional.as_ref().map(|a| {
        let rest = ident(&a.rust_name);
        quote!(object.rest(&self.#rest);)
    });
    let slots = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        quote!(let mut #field = None;)
    });
    let arms = s.fields.iter().map(|f| {
        let (field, wire) = (ident(&f.rust_name), &f.wire_name);
        match presence(f) {
            Presence::Optional => quote!(#wire => __object.not_null(&mut #field),),
            _ => quote!(#wire => __object.value(&mut #field),),
        }
    });
    let (rest_slot, other_keys, rest_value) = match &s.additional {
        Some(a) => {
            let rest = ident(&a.rust_name);
            (
                quote!(let mut #rest = ::std::collections::BTreeMap::new();),
                quote!(_ => __object.rest(&mut #rest, __key),),
                quote!(#rest,),
            )
        }
        None => (TokenStream::new(), quote!(_ => __object.skip(),), TokenStream::new()),
    };
    let values = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        match presence(f) {
            Presence::Required => quote!(#field: __object.required(#field, #wire)?),
            Presence::RequiredNullable => quote!(#field: __object.required_nullable(#field)),
            _ => quote!(#field),
        }
    });
    // A struct with nothing to read skips every entry.
    let reading = match s.fields.is_empty() && s.additional.is_none() {
        true => quote! {
            while __object.key().is_some() {
                __object.skip();
            }
        },
        false => quote! {
            while let Some(__key) = __object.key() {
                match __key.as_str() {
                    #( #arms )*
                    #other_keys
                }
            }
        },
    };
    let deprecated = s.fields.iter().any(|f| f.deprecated).then(
        || quote!(#[allow(deprecated, reason = "the struct's own serde code reads and writes every field")]),
    );
    let numbered = numbered_fields_allow(&s.fields);
    // A struct with nothing to write (`allOf` of empty objects, as Elasticsearch has) is `{}`.
    let write = match s.fields.is_empty() && s.additional.is_none() {
        true => quote!(crate::runtime::object::Writer::new(serializer)?.end()),
        false => quote! {
            let mut object = crate::runtime::object::Writer::new(serializer)?;
            #( #writes )*
            #rest
            object.end()
        },
    };
    quote! {
        #gate
        #deprecated
        impl #serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #write
            }
        }

        #gate
        #deprecated
        impl crate::runtime::decode::FromObject for #name {
            #numbered
            fn from_object<'de, A: ::serde::de::MapAccess<'de>>(__map: A) -> Result<Self, A::Error> {
                let mut __object = crate::runtime::object::Reader::new(__map);
                #( #slots )*
                #rest_slot
                #reading
                __object.finish()?;
                Ok(Self { #( #values, )* #rest_value })
            }
        }

        #gate
        crate::runtime::macros::object!(#name);
    }
}
