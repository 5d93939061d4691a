//! The IR: plain data describing an API, between lowering and emitting.
//!
//! It knows nothing of `openapiv3` nor of tokens. Names are already Rust names; wire names are
//! kept beside them. Collections are in a deterministic order (types sorted by name, operations
//! in spec order).

use std::collections::{BTreeMap, BTreeSet};

/// The whole API, ready to emit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    pub info: ApiInfo,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Names of inline types merged into a type of the same shape, by Rust name.
    pub aliases: BTreeMap<String, Alias>,
    pub operations: Vec<Operation>,
    pub security: Security,
    pub client: ClientBehaviour,
}

impl Api {
    /// Calls `visit` on every use of a type: fields, union variants, newtypes, parameters,
    /// bodies and outputs, and the items and values inside arrays and maps.
    pub fn for_each_schema_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
        for def in self.types.values_mut() {
            def.kind.for_each_schema_mut(visit);
        }
        self.for_each_operation_schema_mut(visit);
    }

    /// As [`Api::for_each_schema_mut`], for the operations' uses only.
    pub fn for_each_operation_schema_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
        for operation in &mut self.operations {
            operation.parameters.iter_mut().for_each(|p| p.schema.walk_mut(visit));
            operation.body.iter_mut().for_each(|b| b.schema.walk_mut(visit));
            operation.output.iter_mut().for_each(|o| o.walk_mut(visit));
        }
    }

    /// Every type reachable from `roots`, the roots included.
    pub fn reachable<'a>(&'a self, mut stack: Vec<&'a str>) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            let Some((name, def)) = self.types.get_key_value(name) else { continue };
            if seen.insert(name.as_str()) {
                stack.extend(def.kind.child_schemas().filter_map(Schema::named_type));
            }
        }
        seen
    }

    /// Drops the types no operation reaches (after operations were filtered out, say).
    pub fn retain_types_operations_use(&mut self) {
        let roots =
            self.operations.iter().flat_map(Operation::schemas).filter_map(Schema::named_type).collect();
        let used: BTreeSet<String> = self.reachable(roots).into_iter().map(str::to_owned).collect();
        self.types.retain(|name, _| used.contains(name));
        self.aliases.retain(|_, alias| used.contains(&alias.target));
    }

    /// Whether `ty` is a generated string enum.
    pub fn is_string_enum(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name)
            if matches!(self.types.get(name).map(|t| &t.kind), Some(TypeKind::StringEnum(_))))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first `servers` URL, used as the default base URL.
    pub base_url: Option<String>,
    /// Descriptions of the spec's tags, by tag name.
    pub tag_docs: BTreeMap<String, String>,
}

/// How the generated client behaves, as the spec's `x-rust-client` and the caller's options say
/// (resolved from [`crate::ClientOptions`]): the envelope, environment variables, `User-Agent`,
/// request id headers and pagination styles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClientBehaviour {
    /// Success bodies are wrapped as `{success, errors, messages, result}`.
    pub envelope: Option<Envelope>,
    /// Environment variables read by `Client::from_env`.
    pub env: EnvNames,
    /// The `User-Agent` product name; the crate name when unset.
    pub user_agent: Option<String>,
    /// Response headers carrying the server's request id, lowercase, in order of preference.
    pub request_id_headers: Vec<String>,
    /// Pagination styles, tried in order on each `GET` operation.
    pub pagination: Vec<PaginationRule>,
}

/// One pagination style of the settings, and where the items are when the output is an object.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginationRule {
    pub style: PageStyle,
    /// The output property (wire name) holding the items; the output itself when `None`.
    pub items: Option<String>,
}

/// Property names of a response envelope.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Envelope {
    pub result: String,
    /// The property with paging details, kept as JSON beside the result.
    pub result_info: Option<String>,
    pub success: Option<String>,
    pub errors: Option<String>,
    pub messages: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnvNames {
    pub base_url: Option<String>,
    pub bearer_token: Option<String>,
    /// Environment variables of a basic-auth user name and password.
    pub basic_username: Option<String>,
    pub basic_password: Option<String>,
    /// Environment variable per API key header name.
    pub api_keys: BTreeMap<String, String>,
}

/// Authentication the API accepts: any one of `options`, each a set of schemes used together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Security {
    pub options: Vec<Vec<SecurityScheme>>,
    /// Every API key header the spec's `securitySchemes` declare, used or not, lowercased: the
    /// client treats their values as credentials wherever they appear.
    pub api_key_headers: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecurityScheme {
    Bearer {
        name: String,
        description: Option<String>,
    },
    /// HTTP `basic`: a user name and password.
    Basic {
        name: String,
        description: Option<String>,
    },
    /// An API key in a header, a query parameter or a cookie, named `key` there.
    ApiKey {
        name: String,
        location: ParameterLocation,
        key: String,
        description: Option<String>,
    },
}

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
    fn walk_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
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

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// snake_case function name.
    pub rust_name: String,
    /// PascalCase name of the operation's request struct.
    pub type_name: String,
    pub method: String,
    /// The path template, e.g. `/{accounts_or_zones}/{account_or_zone_id}/access/organizations`.
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The operation's first tag: specs with several tags get a module and a feature per tag.
    pub tag: Option<String>,
    pub deprecated: bool,
    pub parameters: Vec<Parameter>,
    pub body: Option<RequestBody>,
    /// The success response's payload (the envelope's `result` when the API has one).
    pub output: Option<Schema>,
    /// How the success body is carried.
    pub output_media: Media,
    pub origin: String,
    /// How the output's pages follow each other, when the settings' pagination matches it.
    pub pagination: Option<Paging>,
    /// The redirects the spec declares it answers with (`302`, `3XX`), each with its
    /// description: the client follows them, and offers the URL without following.
    pub redirects: Vec<(String, Option<String>)>,
}

/// A paginated list operation: how to ask for the next page, and where a page's items are.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    pub style: PageStyle,
    pub items: ItemsAt,
    /// The schema of one item.
    pub item: Schema,
}

/// How the next page is asked for (see `runtime::pagination`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStyle {
    /// The query parameter `page` (a wire name) counts pages; `total_pages` is a JSON pointer
    /// into the response body.
    PageNumber { page: String, total_pages: Option<String> },
    /// The query parameter `cursor` takes the value at the first of the JSON pointers `next`
    /// that holds one in the body.
    Cursor { cursor: String, next: Vec<String> },
    /// The `Link` header's `rel="next"`.
    Link,
}

/// Where a page's items are in the operation's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemsAt {
    /// The output is the list; `options` is how many `Option`s wrap it.
    Output { options: usize },
    /// A field of the output (a struct) holds the list, inside `options` `Option`s.
    Field { rust_name: String, options: usize },
}

impl Operation {
    /// The schemas the operation uses directly: parameters, body and output.
    pub fn schemas(&self) -> impl Iterator<Item = &Schema> {
        self.parameters
            .iter()
            .map(|p| &p.schema)
            .chain(self.body.iter().map(|b| &b.schema))
            .chain(self.output.iter())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub rust_name: String,
    pub wire_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub docs: Option<String>,
    pub schema: Schema,
    /// How the value is written (`style`, `explode`, `allowReserved`), already one the location
    /// allows.
    pub style: ParameterStyle,
    /// Described by `content` with a JSON media type: the value is sent as JSON text, not styled.
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParameterLocation {
    /// As the spec's `in` names it.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
            ParameterLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParameterStyle {
    pub style: Style,
    pub explode: bool,
    pub allow_reserved: bool,
}

impl ParameterStyle {
    /// The spec's default for a location: `form`, exploded, in the query and cookies; `simple`
    /// in the path and headers.
    pub fn default_for(location: ParameterLocation) -> Self {
        let (style, explode) = match location {
            ParameterLocation::Query | ParameterLocation::Cookie => (Style::Form, true),
            ParameterLocation::Path | ParameterLocation::Header => (Style::Simple, false),
        };
        ParameterStyle { style, explode, allow_reserved: false }
    }
}

/// A parameter `style` (OpenAPI 3.0 "Style Values").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Matrix,
    Label,
    Form,
    Simple,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// As the spec names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Matrix => "matrix",
            Style::Label => "label",
            Style::Form => "form",
            Style::Simple => "simple",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Option<String>,
    pub media: Media,
    /// The `Content-Type` it is sent with, as the spec names it.
    pub content_type: String,
    pub schema: Schema,
    /// For form and multipart bodies: how properties are written, where the spec's `encoding`
    /// says (the others take the defaults).
    pub encoding: Vec<PropertyEncoding>,
}

/// One entry of a form or multipart body's `encoding`.
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyEncoding {
    /// The property's wire name.
    pub property: String,
    /// `style`, `explode` and `allowReserved` (form bodies).
    pub style: Option<ParameterStyle>,
    /// `contentType` where it names one type: a multipart part's `Content-Type`. (A list of
    /// alternatives, `image/png, image/jpeg`, or a wildcard names none: the part's default.)
    pub content_type: Option<String>,
    /// Whether `contentType` is JSON (`application/json` or `*+json`), as a form field's may be
    /// (the field is then sent as JSON text).
    pub json: bool,
    /// `headers` of a multipart part whose value the spec fixes (a `default` or a one-value
    /// `enum`): (name, value).
    pub headers: Vec<(String, String)>,
}

impl Media {
    /// Whether a body so carried is the schema's type (not text or bytes).
    pub fn is_typed(self) -> bool {
        matches!(self, Media::Json | Media::Form | Media::Multipart)
    }
}

/// How a body is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/json` or `*+json`: the schema's type, as JSON.
    Json,
    /// `text/*`: a string.
    Text,
    /// `application/octet-stream` and other binary types: bytes.
    Binary,
    /// `application/x-www-form-urlencoded`: the schema's type (an object), as form fields.
    Form,
    /// `multipart/form-data`: the schema's type (an object), one part per property.
    Multipart,
    /// `text/event-stream` (a response): bytes sans-IO, a byte stream from the client.
    EventStream,
}
