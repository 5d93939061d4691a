//! The IR's types: named types (structs, unions, string enums, aliases), the references
//! between them, and the constraints their values must meet.

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub docs: Option<String>,
    /// JSON pointer of the schema it comes from; for a struct merged from the objects several
    /// `allOf` parts give a property, the property's place without the parts.
    pub origin: String,
    pub kind: TypeKind,
}

/// Another name of a type: an inline schema of the same shape as `target`, merged into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub docs: Option<String>,
    /// JSON pointer of the schema it comes from.
    pub origin: String,
    pub target: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    StringEnum(StringEnum),
    /// `oneOf`/`anyOf`: one of several schemas.
    Union(Union),
    /// A non-object schema that must be a type of its own: one that refers back to itself.
    Newtype(Schema),
}

impl TypeKind {
    /// The schemas the type holds: a struct's fields (and additional properties), a union's
    /// variants, a newtype's value.
    pub fn child_schemas(&self) -> impl Iterator<Item = &Schema> {
        let (fields, variants, inner): (&[Field], &[UnionVariant], _) = match self {
            TypeKind::Struct(s) => (&s.fields, &[], s.additional.as_ref().map(|a| &a.values)),
            TypeKind::Union(u) => (&[], &u.variants, None),
            TypeKind::Newtype(inner) => (&[], &[], Some(inner)),
            TypeKind::StringEnum(_) => (&[], &[], None),
        };
        fields.iter().map(|f| &f.schema).chain(variants.iter().map(|v| &v.schema)).chain(inner)
    }

    /// Calls `visit` on every schema the type holds, and on those of their items and values.
    pub fn for_each_schema_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
        self.child_schemas_mut().for_each(|s| s.walk_mut(visit));
    }

    /// As [`TypeKind::child_schemas`], to change them.
    pub fn child_schemas_mut(&mut self) -> impl Iterator<Item = &mut Schema> {
        let (fields, variants, inner): (&mut [Field], &mut [UnionVariant], _) = match self {
            TypeKind::Struct(s) => (&mut s.fields, &mut [], s.additional.as_mut().map(|a| &mut a.values)),
            TypeKind::Union(u) => (&mut [], &mut u.variants, None),
            TypeKind::Newtype(inner) => (&mut [], &mut [], Some(inner)),
            TypeKind::StringEnum(_) => (&mut [], &mut [], None),
        };
        fields
            .iter_mut()
            .map(|f| &mut f.schema)
            .chain(variants.iter_mut().map(|v| &mut v.schema))
            .chain(inner)
    }
}

/// A value matching one of several schemas, tried in order, or dispatched on a discriminator.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub discriminator: Option<Discriminator>,
    /// Name of the catch-all variant holding values that match no listed schema.
    pub other_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub schema: Schema,
    /// Boxed to break a cycle: the variant's type holds this union by value.
    pub boxed: bool,
}

/// The property whose value names the variant, and which values name which variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property: String,
    /// (value, index into `Union::variants`), in the order values were listed or found.
    pub mapping: Vec<(String, usize)>,
    /// (index into `Union::variants`, value): variants whose type does not declare the
    /// property, and the value added to theirs when one is sent (the first that names it).
    pub written_tags: Vec<(usize, String)>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    pub constraints: ObjectConstraints,
    /// Properties beyond `fields` that the schema allows (`additionalProperties: true` or a
    /// schema), kept by name; `None` where it says nothing (they are then ignored) or `false`.
    pub additional: Option<Additional>,
}

/// A struct's map of the properties it does not declare.
#[derive(Debug, Clone, PartialEq)]
pub struct Additional {
    pub rust_name: String,
    /// The schema of each value.
    pub values: Schema,
}

impl Struct {
    /// True when every field may be left out, so the type can derive `Default`.
    pub fn all_optional(&self) -> bool {
        self.fields.iter().all(|f| !f.required)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub rust_name: String,
    pub wire_name: String,
    pub docs: Option<String>,
    pub required: bool,
    pub schema: Schema,
    /// Boxed to break a cycle of directly nested types.
    pub boxed: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    pub default: Option<serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    pub variants: Vec<EnumVariant>,
    /// Name of the catch-all variant holding values the spec does not list.
    pub unknown_variant: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub rust_name: String,
    pub wire_value: String,
}

/// A use of a type, with the constraints the schema states at that place.
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub ty: TypeRef,
    pub nullable: bool,
    pub constraints: Constraints,
}

impl Schema {
    pub fn of(ty: TypeRef) -> Self {
        Schema { ty, nullable: false, constraints: Constraints::default() }
    }

    /// Calls `visit` on this schema and on those of its items or values.
    pub(super) fn walk_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
        visit(self);
        if let TypeRef::Array(inner) | TypeRef::Map(inner) = &mut self.ty {
            inner.walk_mut(visit);
        }
    }

    /// The named type this schema holds, directly or through arrays and maps.
    pub fn named_type(&self) -> Option<&str> {
        match &self.ty {
            TypeRef::Named(name) => Some(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => inner.named_type(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    Boolean,
    Integer(IntegerWidth),
    /// Any JSON number, `format: float` included: an `f64` holds every `f32` exactly and
    /// every value a server may send, where an `f32` would round them.
    Number,
    DateTime,
    Date,
    /// `format: uuid`.
    Uuid,
    /// `format: byte`: base64 text on the wire, bytes in Rust.
    Bytes,
    /// `format: binary` (or a 3.1 `contentMediaType`): a file, sent as a multipart part.
    File,
    Array(Box<Schema>),
    /// `additionalProperties`: string keys to values of one schema.
    Map(Box<Schema>),
    /// Any JSON value (a schema with no type, or free-form `additionalProperties`).
    Json,
    /// A type in `Api::types`.
    Named(String),
}

impl TypeRef {
    /// A single value held by value (`Copy`), whose `Display` is its wire text: booleans,
    /// numbers, dates and UUIDs.
    pub fn is_scalar(&self) -> bool {
        matches!(
            self,
            TypeRef::Boolean | TypeRef::Integer(_) | TypeRef::Number | TypeRef::Date | TypeRef::Uuid
        )
    }

    /// A single value whose `Display` is its wire text and that parses from it (`FromStr`):
    /// the scalars, and date-times (borrowed, as they keep their text).
    pub fn is_text_value(&self) -> bool {
        self.is_scalar() || *self == TypeRef::DateTime
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerWidth {
    I32,
    I64,
}

/// Constraints on one value, as the schema states them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub pattern: Option<Pattern>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<Limit>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// Allowed values listed inline on a primitive (not a named enum type).
    pub allowed: Vec<serde_json::Value>,
    /// A format checked at validation time (`email`, `uuid`, …); types cover `date-time`/`date`.
    pub format: Option<String>,
}

/// A `pattern` (ECMA-262), and how the generated code matches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// As the spec writes it (docs and error messages quote it).
    pub source: String,
    pub matching: PatternMatching,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatternMatching {
    /// By the `regex` crate's engines, with this exact translation.
    Regex(String),
    /// By an ECMA-262 engine (`regress`), with or without the `u` flag.
    Ecma { unicode: bool },
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: Limit,
    pub exclusive: bool,
}

/// A number a constraint states, kept as the spec wrote it: integers exactly (an `f64` is
/// inexact beyond 2^53), decimals as floats.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Limit {
    Integer(i64),
    Float(f64),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Integer(v) => write!(f, "{v}"),
            Limit::Float(v) => write!(f, "{v}"),
        }
    }
}

/// Constraints on an object as a whole.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectConstraints {
    pub min_properties: Option<usize>,
    pub max_properties: Option<usize>,
}
