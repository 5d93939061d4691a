//! The macros generated types call for their trait impls, one line each in generated code. A
//! crate split in two carries a copy of this module in each half (not exported macros, which a
//! crate read through `include!` cannot name by path); `$crate::runtime` is whichever crate
//! called, whose `runtime` holds or re-exports the modules named.

/// The `Deserialize` impl of the struct `$name`, from objects only, through its `FromObject`
/// (which the generator writes with `object::Reader`): `Name::deserialize` is this impl, as
/// `serde_json::from_str::<Name>` is.
#[allow(unused_macros, reason = "a spec may have no object schemas")]
macro_rules! object {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::decode::from_object_only(deserializer)
            }
        }
    };
}
#[allow(unused_imports, reason = "a spec may have no object schemas")]
pub(crate) use object;

/// The `Deserialize` impl of a union without a discriminator: the variants in spec order, each
/// holding its variant's type, and the catch-all that keeps a value none of them matches.
#[allow(unused_macros, reason = "a spec may have no unions")]
macro_rules! union {
    ($name:ident, $other:ident, { $($variant:ident),* $(,)? }) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <$crate::runtime::buffer::Buf as ::serde::Deserialize>::deserialize(deserializer)?;
                let chosen = $crate::runtime::decode::choose::<Self>(
                    &value,
                    &[$(|v| $crate::runtime::decode::try_variant(v, Self::$variant)),*],
                );
                Ok(chosen.unwrap_or_else(|| Self::$other(value.to_value())))
            }
        }
    };
}
#[allow(unused_imports, reason = "a spec may have no unions")]
pub(crate) use union;

/// The impls of a string enum from its wire values: `as_str` and `From<&str>` (the mapping,
/// once each way; an unknown value goes to the catch-all variant), then `Display`, `Serialize`
/// and `Deserialize` through them. One item in generated code per enum, so a feature-gated enum
/// is gated twice (the enum and this), not once per impl.
#[allow(unused_macros, reason = "a spec may have no string enums")]
macro_rules! string_enum {
    ($name:ident, $unknown:ident, { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::$unknown(value) => value,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::$unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::runtime::enums::deserialize(deserializer, |v| matches!(v, Self::$unknown(_)))
            }
        }
    };
}
#[allow(unused_imports, reason = "a spec may have no string enums")]
pub(crate) use string_enum;

/// `Validate` for the named types whose schemas state no constraints, at any depth: nothing to
/// check. The names resolve where the macro is called, so a crate beside the runtime's uses it
/// for its own types.
#[allow(unused_macros, reason = "a spec may have no unconstrained types")]
macro_rules! unconstrained {
    ($($ty:ident),* $(,)?) => {
        $(
            impl $crate::runtime::validation::Validate for $ty {
                fn check(&self, _: &mut $crate::runtime::validation::Checker) {}
            }
        )*
    };
}
#[allow(unused_imports, reason = "a spec may have no unconstrained types")]
pub(crate) use unconstrained;
