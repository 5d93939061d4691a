//! Building requests: percent-encoded path segments, query strings, headers, and JSON, form,
//! multipart and raw bodies.

use super::error::RequestError;
use super::style::Styled;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::borrow::Cow;

/// Everything but RFC 3986 unreserved characters is encoded, so no value can add a path
/// segment, a query or a fragment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Percent-encodes one path parameter, refusing values that would change the path's shape.
pub fn path_segment(name: &'static str, value: &str) -> Result<String, RequestError> {
    let reason = match value {
        "" => Some("is empty"),
        "." | ".." => Some("is a dot segment (`.` or `..`)"),
        _ => None,
    };
    match reason {
        Some(reason) => Err(RequestError::PathParameter { name, reason }),
        // Through `Cow`, not `Display`: a value with nothing to encode is one copy.
        None => Ok(Cow::from(utf8_percent_encode(value, SEGMENT)).into_owned()),
    }
}

/// Accumulates the parts of one request.
#[derive(Debug)]
pub struct RequestBuilder {
    method: http::Method,
    url: String,
    has_query: bool,
    headers: http::HeaderMap,
    /// Cookie parameters, `name=value` pairs joined by `; `, sent as one `Cookie` header.
    cookies: String,
    body: Vec<u8>,
    multipart: Option<super::multipart::Multipart>,
}

impl RequestBuilder {
    /// Starts a request to `base_url` joined with an already encoded `path`.
    pub fn new(method: http::Method, base_url: &str, path: &str) -> Self {
        let mut headers = http::HeaderMap::with_capacity(4);
        headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
        RequestBuilder {
            method,
            url: format!("{}{path}", base_url.trim_end_matches('/')),
            // A spec may fix part of the query in the path itself (`/messages?beta=true`).
            has_query: path.contains('?'),
            headers,
            cookies: String::new(),
            body: Vec::new(),
            multipart: None,
        }
    }

    /// Appends `name=value` to the query string, both percent-encoded.
    pub fn query(&mut self, name: &str, value: &str) -> &mut Self {
        self.url.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.url.extend(utf8_percent_encode(name, SEGMENT));
        self.url.push('=');
        self.url.extend(utf8_percent_encode(value, SEGMENT));
        self
    }

    /// Appends `name=value` once per value: none for an absent optional, one per item of an
    /// array (`form` style, exploded). Each value is written as it displays.
    pub fn query_each<T: std::fmt::Display>(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = T>,
    ) -> &mut Self {
        for value in values {
            self.query(name, &value.to_string());
        }
        self
    }

    /// Appends a parameter as its style writes it (see `runtime::style`); nothing for `null`.
    pub fn query_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        param: Styled,
        value: &T,
    ) -> Result<&mut Self, RequestError> {
        if let Some(pairs) = param.query(value)? {
            self.url.push(if self.has_query { '&' } else { '?' });
            self.has_query = true;
            self.url.push_str(&pairs);
        }
        Ok(self)
    }

    /// Adds a header parameter as its style writes it; nothing for `null`.
    pub fn header_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        param: Styled,
        value: &T,
    ) -> Result<&mut Self, RequestError> {
        match param.header(value)? {
            Some(text) => self.header(param.name(), &text),
            None => Ok(self),
        }
    }

    /// Adds a cookie parameter (`form` style) to the `Cookie` header; nothing for `null`.
    pub fn cookie_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        param: Styled,
        value: &T,
    ) -> Result<&mut Self, RequestError> {
        if let Some(pairs) = param.cookie(value)? {
            if !self.cookies.is_empty() {
                self.cookies.push_str("; ");
            }
            self.cookies.push_str(&pairs);
        }
        Ok(self)
    }

    /// Adds a header, refusing values that are not valid in a header (such as newlines).
    pub fn header(&mut self, name: &'static str, value: &str) -> Result<&mut Self, RequestError> {
        let header =
            http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| RequestError::HeaderValue { name })?;
        let value = http::HeaderValue::from_str(value).map_err(|_| RequestError::HeaderValue { name })?;
        self.headers.append(header, value);
        Ok(self)
    }

    /// Sets a JSON body and its `Content-Type`.
    pub fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<&mut Self, RequestError> {
        // Sized for a typical body up front, so small ones are written without regrowing.
        self.body = Vec::with_capacity(512);
        serde_json::to_writer(&mut self.body, body).map_err(RequestError::Serialize)?;
        self.headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        Ok(self)
    }

    /// Sets a form body (`application/x-www-form-urlencoded`), its properties written as
    /// `fields` say (see `runtime::form`).
    pub fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        body: &T,
        fields: &[super::form::Field],
    ) -> Result<&mut Self, RequestError> {
        self.body = super::form::encode(body, fields)?.into_bytes();
        let form = http::HeaderValue::from_static("application/x-www-form-urlencoded");
        self.headers.insert(http::header::CONTENT_TYPE, form);
        Ok(self)
    }

    /// Sets a multipart body; `build` writes it out (reading files on disk), `build_streamed`
    /// keeps it in parts for a client to stream.
    pub fn multipart(&mut self, body: super::multipart::Multipart) -> Result<&mut Self, RequestError> {
        let content_type = http::HeaderValue::from_str(&body.content_type())
            .map_err(|_| RequestError::HeaderValue { name: "content-type" })?;
        self.headers.insert(http::header::CONTENT_TYPE, content_type);
        self.multipart = Some(body);
        Ok(self)
    }

    /// Sets a raw body (text or bytes) sent as `content_type`.
    pub fn bytes(&mut self, content_type: &'static str, body: &[u8]) -> Result<&mut Self, RequestError> {
        let value = http::HeaderValue::from_str(content_type)
            .map_err(|_| RequestError::HeaderValue { name: "content-type" })?;
        self.body = body.to_vec();
        self.headers.insert(http::header::CONTENT_TYPE, value);
        Ok(self)
    }

    /// Replaces the default `Accept: application/json`.
    pub fn accept(&mut self, media_range: &'static str) -> &mut Self {
        self.headers.insert(http::header::ACCEPT, http::HeaderValue::from_static(media_range));
        self
    }

    /// Finishes the request; fails only when the base URL does not make an absolute URI (or a
    /// multipart body's file cannot be read).
    pub fn build(mut self) -> Result<http::Request<Vec<u8>>, RequestError> {
        let body = match self.multipart.take() {
            Some(multipart) => multipart.into_bytes()?,
            None => std::mem::take(&mut self.body),
        };
        self.finish(body)
    }

    /// Finishes the request with a multipart body still in parts, so that a client can send
    /// files on disk without reading them into memory.
    pub fn build_streamed(mut self) -> Result<http::Request<Body>, RequestError> {
        let body = match self.multipart.take() {
            Some(multipart) => Body::Multipart(multipart),
            None => Body::Bytes(std::mem::take(&mut self.body)),
        };
        self.finish(body)
    }

    fn finish<B>(mut self, body: B) -> Result<http::Request<B>, RequestError> {
        if !self.cookies.is_empty() {
            let cookies = std::mem::take(&mut self.cookies);
            self.header("cookie", &cookies)?;
        }
        let uri = match self.url.parse::<http::Uri>() {
            Ok(uri) if uri.scheme().is_some() && uri.authority().is_some() => uri,
            _ => return Err(RequestError::InvalidUrl { url: self.url }),
        };
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = self.headers;
        Ok(request)
    }
}

/// A request body: bytes, or a multipart body still in parts.
#[derive(Debug, Clone)]
pub enum Body {
    Bytes(Vec<u8>),
    Multipart(super::multipart::Multipart),
}

impl Body {
    /// The body's bytes; a multipart body is written out, its files on disk read.
    pub fn into_bytes(self) -> Result<Vec<u8>, RequestError> {
        match self {
            Body::Bytes(bytes) => Ok(bytes),
            Body::Multipart(multipart) => multipart.into_bytes(),
        }
    }
}

/// A parameter described by JSON `content`: the value's JSON text.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    serde_json::to_string(value).map_err(RequestError::Serialize)
}

/// The text of a parameter value that is not a plain string: a JSON string's contents, else
/// the value as JSON (numbers, booleans, objects).
pub fn param_text<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, RequestError> {
    match serde_json::to_value(value).map_err(RequestError::Serialize)? {
        serde_json::Value::String(text) => Ok(text),
        other => Ok(other.to_string()),
    }
}
