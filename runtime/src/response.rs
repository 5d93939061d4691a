//! Parsing responses: the expected output on success, a typed error otherwise.

use super::error::{ApiError, ApiMessage, DecodeError, ResponseError, excerpt};
use serde::de::{DeserializeOwned, IgnoredAny};

/// What a response body carries, whatever its shape on the wire.
#[derive(Debug)]
pub struct Parts<T> {
    /// The envelope's success flag, when the API has one.
    pub success: Option<bool>,
    /// The envelope's `errors`.
    pub errors: Vec<ApiMessage>,
    /// The envelope's `messages`.
    pub messages: Vec<ApiMessage>,
    /// The payload; `None` when the body carried none (e.g. `result: null`).
    pub result: Option<T>,
    /// The envelope's `result_info` (paging details), as sent.
    pub result_info: Option<serde_json::Value>,
}

/// A successful response: the operation's output with what came beside it.
///
/// From [`Operation::parse_response_with_metadata`](super::operation::Operation), or the
/// client's `send_with_response`. Secret header values are marked sensitive, so `Debug` hides them.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Response<T> {
    /// The response status.
    pub status: http::StatusCode,
    /// The response headers.
    pub headers: http::HeaderMap,
    /// The envelope's `messages` (empty without an envelope).
    pub messages: Vec<ApiMessage>,
    /// The envelope's `result_info`, as sent (e.g. `page`, `per_page`, `total_pages`, cursors).
    pub result_info: Option<serde_json::Value>,
    /// The URL the response came from, after any redirect, where known (the client knows it;
    /// a sans-IO caller may put a [`FinalUrl`] in the `http::Response`'s extensions).
    pub url: Option<http::Uri>,
    /// The output.
    pub value: T,
}

/// The URL a response came from, after any redirect, as the client records it in the
/// `http::Response`'s extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinalUrl(pub http::Uri);

impl<T> Response<T> {
    /// The output alone.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The request id the server gave: the first of
    /// [`REQUEST_ID_HEADERS`](crate::api::REQUEST_ID_HEADERS) in the response.
    pub fn request_id(&self) -> Option<&str> {
        crate::api::REQUEST_ID_HEADERS.iter().find_map(|h| self.headers.get(*h)?.to_str().ok())
    }

    /// The same metadata around `f` of the output.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        let Response { status, headers, messages, result_info, url, value } = self;
        Response { status, headers, messages, result_info, url, value: f(value) }
    }

    fn new(
        head: http::response::Parts,
        messages: Vec<ApiMessage>,
        result_info: Option<serde_json::Value>,
        value: T,
    ) -> Self {
        let url = head.extensions.get::<FinalUrl>().map(|FinalUrl(url)| url.clone());
        Response { status: head.status, headers: head.headers, messages, result_info, url, value }
    }
}

/// How an API shapes its response bodies: an envelope around the payload, or the bare payload.
pub trait Shape {
    /// The body as it is on the wire, carrying a payload of type `T`.
    type Body<T: DeserializeOwned>: DeserializeOwned;

    /// What a decoded body carries.
    fn parts<T: DeserializeOwned>(body: Self::Body<T>) -> Parts<T>;
}

/// Bodies that are the payload itself, with no envelope.
#[derive(Debug, Clone, Copy)]
pub struct Bare;

impl Shape for Bare {
    type Body<T: DeserializeOwned> = T;

    fn parts<T: DeserializeOwned>(body: T) -> Parts<T> {
        Parts {
            success: None,
            errors: Vec::new(),
            messages: Vec::new(),
            result: Some(body),
            result_info: None,
        }
    }
}

/// Parses a response whose success body carries a `T`; a missing or `null` result is an error.
pub fn parse<S: Shape, T: DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<Response<T>, ResponseError> {
    let (Response { status, headers, messages, result_info, url, value }, body) =
        parse_result::<S, T, B>(response)?;
    match value {
        Some(value) => Ok(Response { status, headers, messages, result_info, url, value }),
        None => Err(DecodeError::new(status, "the response carries no result", body.as_ref()).into()),
    }
}

/// Parses a response whose success body may carry a `T`: `None` when the result is `null` or,
/// in an envelope, absent.
pub fn parse_optional<S: Shape, T: DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<Response<Option<T>>, ResponseError> {
    parse_result::<S, Option<T>, B>(response).map(|(parsed, _)| parsed.map(Option::flatten))
}

/// The result a success body carries, if any, and the body (for an error about it).
fn parse_result<S: Shape, T: DeserializeOwned, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<(Response<Option<T>>, B), ResponseError> {
    let (head, body) = response.into_parts();
    let bytes = body.as_ref();
    if !head.status.is_success() {
        return Err(api_error::<S>(head, bytes).into());
    }
    match serde_json::from_slice::<S::Body<T>>(bytes) {
        Ok(decoded) => {
            let parts = S::parts(decoded);
            if parts.success == Some(false) {
                return Err(from_parts(head, parts, None).into());
            }
            Ok((Response::new(head, parts.messages, parts.result_info, parts.result), body))
        }
        // A body that is not a `T` may still be an error envelope saying `success: false`.
        Err(err) => match serde_json::from_slice::<S::Body<IgnoredAny>>(bytes).map(S::parts) {
            Ok(parts) if parts.success == Some(false) => Err(from_parts(head, parts, None).into()),
            _ => Err(DecodeError::new(head.status, err.to_string(), bytes).caused_by(err).into()),
        },
    }
}

/// Parses a response that carries no payload on success (e.g. 204).
pub fn parse_empty<S: Shape, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<Response<()>, ResponseError> {
    let (head, body) = response.into_parts();
    let body = body.as_ref();
    if !head.status.is_success() {
        return Err(api_error::<S>(head, body).into());
    }
    match serde_json::from_slice::<S::Body<IgnoredAny>>(body).map(S::parts) {
        Ok(parts) if parts.success == Some(false) => Err(from_parts(head, parts, None).into()),
        Ok(parts) => Ok(Response::new(head, parts.messages, parts.result_info, ())),
        Err(_) => Ok(Response::new(head, Vec::new(), None, ())),
    }
}

/// Parses a response whose success body is text.
pub fn parse_text<S: Shape, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<Response<String>, ResponseError> {
    let Response { status, headers, messages, result_info, url, value } = parse_bytes::<S, B>(response)?;
    match String::from_utf8(value) {
        Ok(value) => Ok(Response { status, headers, messages, result_info, url, value }),
        Err(e) => {
            let reason = format!("the body is not UTF-8 text: {}", e.utf8_error());
            Err(DecodeError::new(status, reason, e.as_bytes()).into())
        }
    }
}

/// Parses a response whose success body is raw bytes.
pub fn parse_bytes<S: Shape, B: AsRef<[u8]>>(
    response: http::Response<B>,
) -> Result<Response<Vec<u8>>, ResponseError> {
    let (head, body) = response.into_parts();
    let body = body.as_ref();
    if !head.status.is_success() {
        return Err(api_error::<S>(head, body).into());
    }
    let body = body.to_vec();
    Ok(Response::new(head, Vec::new(), None, body))
}

/// The error a non-2xx response describes, with the envelope's details when the body has them.
fn api_error<S: Shape>(head: http::response::Parts, body: &[u8]) -> ApiError {
    let json = serde_json::from_slice::<serde_json::Value>(body).ok();
    let mut error = envelope_error::<S>(head, body);
    error.body = json;
    error
}

/// The error an envelope describes, or a bounded excerpt of a body that is not one.
fn envelope_error<S: Shape>(head: http::response::Parts, body: &[u8]) -> ApiError {
    match serde_json::from_slice::<S::Body<IgnoredAny>>(body).map(S::parts) {
        Ok(parts) if !parts.errors.is_empty() || !parts.messages.is_empty() => from_parts(head, parts, None),
        _ => {
            let empty = Parts::<IgnoredAny> {
                success: None,
                errors: Vec::new(),
                messages: Vec::new(),
                result: None,
                result_info: None,
            };
            let kept = (!body.is_empty()).then(|| excerpt(body));
            from_parts(head, empty, kept)
        }
    }
}

fn from_parts<T>(head: http::response::Parts, parts: Parts<T>, body_excerpt: Option<String>) -> ApiError {
    ApiError {
        status: head.status,
        headers: head.headers,
        errors: parts.errors,
        messages: parts.messages,
        body_excerpt,
        body: None,
    }
}

/// How an operation's success body is read into its output: `Json`, `Text`, `Bytes` or `Empty`.
pub trait ReadBody<T> {
    /// Parses a response with bodies shaped as `S`.
    fn read<S: Shape, B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Response<T>, ResponseError>;
}

/// A JSON body, deserialized into the output type.
pub struct Json;

/// A JSON body whose payload may be `null` (or absent from an envelope), as an `Option`.
pub struct OptionalJson;

/// A `text/*` body, as a string.
pub struct Text;

/// Any other body, as bytes.
pub struct Bytes;

/// No body (`204`).
pub struct Empty;

impl<T: DeserializeOwned> ReadBody<T> for Json {
    fn read<S: Shape, B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Response<T>, ResponseError> {
        parse::<S, T, B>(response)
    }
}

impl<T: DeserializeOwned> ReadBody<Option<T>> for OptionalJson {
    fn read<S: Shape, B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<Response<Option<T>>, ResponseError> {
        parse_optional::<S, T, B>(response)
    }
}

impl ReadBody<String> for Text {
    fn read<S: Shape, B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<Response<String>, ResponseError> {
        parse_text::<S, B>(response)
    }
}

impl ReadBody<Vec<u8>> for Bytes {
    fn read<S: Shape, B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<Response<Vec<u8>>, ResponseError> {
        parse_bytes::<S, B>(response)
    }
}

impl ReadBody<()> for Empty {
    fn read<S: Shape, B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Response<()>, ResponseError> {
        parse_empty::<S, B>(response)
    }
}
