//! The IR's operations: their parameters, request bodies, responses and paging.

use super::*;

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
