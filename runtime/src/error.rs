//! Errors: building a request, and what a response can be other than the expected output.

use super::validation::ValidationErrors;
use std::fmt;

/// How many bytes of an unexpected body an error keeps.
const EXCERPT_LIMIT: usize = 512;

/// Why a request could not be built. Nothing was sent.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RequestError {
    /// An input broke constraints the spec states; every violation is listed.
    #[error(transparent)]
    Validation(#[from] ValidationErrors),
    /// A path parameter would change the shape of the path.
    #[error("path parameter `{name}` {reason}")]
    PathParameter {
        /// The parameter's name in the spec.
        name: &'static str,
        /// What is wrong with its value.
        reason: &'static str,
    },
    /// A header parameter holds characters a header cannot carry.
    #[error("header `{name}` has a value that is not a valid HTTP header value")]
    HeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// The body could not be serialized as JSON.
    #[error("the request body could not be serialized: {0}")]
    Serialize(#[source] serde_json::Error),
    /// A form body's value is not an object, so it has no fields.
    #[error("a form body must be an object (its properties are the fields), not {found}")]
    FormBody {
        /// What the body is instead (`an array`, `a string`, …).
        found: &'static str,
    },
    /// A multipart body was built with something it cannot carry (an invalid header, boundary
    /// or content type).
    #[error("multipart body: {0}")]
    Multipart(String),
    /// A file to send could not be read.
    #[error("the file `{}` could not be read: {source}", path.display())]
    ReadFile {
        /// The file's path.
        path: std::path::PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// The base URL and path do not form an absolute URL.
    #[error("`{url}` is not a valid absolute URL")]
    InvalidUrl {
        /// The URL as joined.
        url: String,
    },
}

/// What a response was, when it was not the operation's output.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The API answered with an error (a non-2xx status, or `success: false`); boxed, as it
    /// carries the response headers.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The body was not what the spec describes.
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl ResponseError {
    /// The API's error or the decode error: every variant, matched here where the enum is
    /// defined, so a crate beside the runtime's (a split client's) needs no catch-all arm.
    #[doc(hidden)]
    pub fn into_api_or_decode(self) -> Result<Box<ApiError>, DecodeError> {
        match self {
            ResponseError::Api(api) => Ok(api),
            ResponseError::Decode(decode) => Err(decode),
        }
    }
}

impl From<ApiError> for ResponseError {
    fn from(error: ApiError) -> Self {
        ResponseError::Api(Box::new(error))
    }
}

/// One item of an error envelope's `errors` or `messages`.
///
/// Read leniently, so an error is never lost because its details are malformed.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ApiMessage {
    /// The API's error code, e.g. `12062`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<i64>,
    /// A description of the problem.
    #[serde(default)]
    pub message: String,
    /// Where the problem is documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation_url: Option<String>,
    /// Which part of the request the message is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<MessageSource>,
    /// Keys the schema does not name (such as `error_chain`), kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Locates the part of a request a message is about.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct MessageSource {
    /// JSON pointer into the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl fmt::Display for ApiMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code {
            Some(code) => write!(f, "{code}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// The kinds of API error, by status class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400
    BadRequest,
    /// 401
    Authentication,
    /// 403
    PermissionDenied,
    /// 404
    NotFound,
    /// 409
    Conflict,
    /// 422
    UnprocessableEntity,
    /// 429
    RateLimit,
    /// 500 and above
    InternalServer,
    /// Any other status, or `success: false` with a 2xx status.
    Other,
}

impl ApiErrorKind {
    /// The kind an HTTP status belongs to.
    pub fn from_status(status: http::StatusCode) -> Self {
        match status.as_u16() {
            400 => Self::BadRequest,
            401 => Self::Authentication,
            403 => Self::PermissionDenied,
            404 => Self::NotFound,
            409 => Self::Conflict,
            422 => Self::UnprocessableEntity,
            429 => Self::RateLimit,
            500.. => Self::InternalServer,
            _ => Self::Other,
        }
    }
}

/// An error the API reported.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The response status.
    pub status: http::StatusCode,
    /// The response headers (the request id among them, see [`ApiError::request_id`]).
    pub headers: http::HeaderMap,
    /// The envelope's `errors` (empty when the body had none or was not JSON).
    pub errors: Vec<ApiMessage>,
    /// The envelope's `messages`.
    pub messages: Vec<ApiMessage>,
    /// The start of the body, when it could not be read as an error envelope (e.g. an HTML page).
    pub body_excerpt: Option<String>,
    /// The body, when it is JSON: what the server said of the error, in its own shape (decode
    /// it into the error schema the spec declares with [`ApiError::body_as`]).
    pub body: Option<serde_json::Value>,
}

impl ApiError {
    /// The status class, to match on.
    pub fn kind(&self) -> ApiErrorKind {
        ApiErrorKind::from_status(self.status)
    }

    /// The request id the server gave, for support tickets: the first of
    /// [`REQUEST_ID_HEADERS`](crate::api::REQUEST_ID_HEADERS) in the response.
    pub fn request_id(&self) -> Option<&str> {
        crate::api::REQUEST_ID_HEADERS.iter().find_map(|h| self.headers.get(*h)?.to_str().ok())
    }

    /// The JSON body as `T` (the error schema the spec declares for this status, say); `None`
    /// when the body is not JSON.
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<Result<T, serde_json::Error>> {
        self.body.as_ref().map(|body| T::deserialize(body))
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API error {}", self.status)?;
        for (i, error) in self.errors.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{error}")?;
        }
        if let Some(excerpt) = self.body_excerpt.as_deref().filter(|_| self.errors.is_empty()) {
            write!(f, ": {excerpt}")?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

/// A response body that is not what the spec describes.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The operation whose response it is, when known.
    pub operation: Option<&'static str>,
    /// The response status.
    pub status: http::StatusCode,
    /// What was wrong, e.g. the JSON error with its line and column.
    pub reason: String,
    /// The start of the body.
    pub excerpt: String,
    /// The JSON error, when the body did not parse as the spec describes.
    pub source: Option<std::sync::Arc<serde_json::Error>>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("undecodable response")?;
        if let Some(name) = self.operation {
            write!(f, " to `{name}`")?;
        }
        write!(f, " (status {}): {}; body starts with: {:?}", self.status, self.reason, self.excerpt)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|error| error as &(dyn std::error::Error + 'static))
    }
}

impl DecodeError {
    /// An error for `body`, keeping a bounded excerpt of it.
    pub fn new(status: http::StatusCode, reason: impl Into<String>, body: &[u8]) -> Self {
        DecodeError { operation: None, status, reason: reason.into(), excerpt: excerpt(body), source: None }
    }

    /// The same error, keeping the JSON error behind it as its `source()`.
    pub fn caused_by(self, error: serde_json::Error) -> Self {
        DecodeError { source: Some(std::sync::Arc::new(error)), ..self }
    }

    /// The same error, naming the operation whose response it is.
    pub fn in_operation(self, name: &'static str) -> Self {
        DecodeError { operation: Some(name), ..self }
    }
}

/// The first bytes of a body as text, cut at a character boundary.
pub fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(EXCERPT_LIMIT)]);
    let text = text.trim_end_matches('\u{FFFD}').trim();
    if body.len() > EXCERPT_LIMIT { format!("{text}…") } else { text.to_owned() }
}
