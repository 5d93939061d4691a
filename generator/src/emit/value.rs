//! A value the generated code reads (to check it, or to send it): through a reference to it, or
//! at the place that holds it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// A reference (a variable such as `value`, or a field that borrows), or a place holding the
/// value itself (`self.body.name`).
#[derive(Clone)]
pub enum Value {
    Ref(TokenStream),
    Place(TokenStream),
}

impl Value {
    /// The reference a binding of this name holds (`if let Some(value) = …`, `for item in …`).
    pub fn held(name: &str) -> Self {
        let name = Ident::new(name, Span::call_site());
        Value::Ref(quote!(#name))
    }

    /// As an argument taking a reference.
    pub fn by_ref(&self) -> TokenStream {
        match self {
            Value::Ref(value) => value.clone(),
            Value::Place(place) => quote!(&#place),
        }
    }

    /// As a copied number.
    pub fn by_value(&self) -> TokenStream {
        match self {
            Value::Ref(value) => quote!(*#value),
            Value::Place(place) => place.clone(),
        }
    }

    /// As a method receiver (auto-referenced).
    pub fn receiver(&self) -> TokenStream {
        match self {
            Value::Ref(value) | Value::Place(value) => value.clone(),
        }
    }
}
