//! `multipart/form-data` request bodies (RFC 7578): text, JSON and file parts, built in memory
//! (sans-IO) or, with the `client` feature, streamed with files read as they are sent.
//!
//! Each part is written as
//! `--boundary CRLF Content-Disposition: form-data; name="…"[; filename="…"] CRLF
//! [Content-Type: … CRLF] [extra headers CRLF] CRLF data CRLF`, and the body ends with
//! `--boundary-- CRLF`. Field names and file names are quoted as browsers quote them (WHATWG
//! HTML, "multipart/form-data encoding"): `"` is `%22`, CR is `%0D`, LF is `%0A`, and so are the
//! other ASCII control characters (which no header can carry); everything else, non-ASCII UTF-8
//! included, is written as it is.
//!
//! The boundary is random (`openapi-rust-gen-` and 32 alphanumerics, about 190 bits). No part
//! held in memory contains it: when one would, another boundary is drawn. Files on disk are not
//! read to check; a random boundary of that size occurs in one by chance with negligible
//! probability. As the boundary can change while parts are added, read
//! [`Multipart::content_type`] after the last part.

use super::error::RequestError;
pub use super::file::File;
use super::file::{Content, Opener};
use ::bytes::Bytes;
use std::fmt;
use std::path::PathBuf;

/// What starts every random boundary.
const BOUNDARY_PREFIX: &str = "openapi-rust-gen-";
/// How many random alphanumerics follow the prefix.
const BOUNDARY_RANDOM_CHARS: usize = 32;
/// The longest boundary RFC 2046 allows.
const BOUNDARY_MAX_LEN: usize = 70;
/// The content type of a file part whose file has none.
const DEFAULT_FILE_CONTENT_TYPE: &str = "application/octet-stream";
/// In-memory parts up to this size are copied into the surrounding chunk when streaming; larger
/// ones are sent as chunks of their own, without a copy.
pub(crate) const INLINE_LIMIT: usize = 16 * 1024;
/// The size of the chunks a file on disk is streamed in.
#[cfg(feature = "client")]
const FILE_CHUNK: usize = 64 * 1024;

/// A `multipart/form-data` body being built.
///
/// Cloning is cheap (to retry a request): the parts' bytes are shared and files on disk are
/// referred to by path. `Debug` shows the parts' headers and sizes, never their data.
#[derive(Clone)]
pub struct Multipart {
    boundary: String,
    pub(crate) parts: Vec<Part>,
}

/// One part: its headers, rendered when the body is (the boundary may still change), and data.
#[derive(Clone)]
pub(crate) struct Part {
    /// The `Content-Disposition` value: `form-data; name="…"[; filename="…"]`.
    disposition: String,
    content_type: Option<String>,
    /// Extra headers, names as the caller spelled them.
    headers: Vec<(String, String)>,
    pub(crate) content: Content,
}

impl Part {
    /// Whether anything of this part held in memory contains `boundary`.
    fn mentions(&self, boundary: &str) -> bool {
        let needle = boundary.as_bytes();
        let data = match &self.content {
            Content::Bytes(bytes) => &bytes[..],
            Content::Path(_) | Content::Reader(_) => &[][..],
        };
        contains(data, needle)
            || contains(self.disposition.as_bytes(), needle)
            || self.content_type.as_ref().is_some_and(|t| contains(t.as_bytes(), needle))
            || self
                .headers
                .iter()
                .any(|(n, v)| contains(n.as_bytes(), needle) || contains(v.as_bytes(), needle))
    }

    /// Appends the delimiter line and the headers, through the blank line.
    fn write_head(&self, boundary: &str, out: &mut Vec<u8>) {
        for piece in ["--", boundary, "\r\nContent-Disposition: ", &self.disposition, "\r\n"] {
            out.extend_from_slice(piece.as_bytes());
        }
        if let Some(content_type) = &self.content_type {
            for piece in ["Content-Type: ", content_type, "\r\n"] {
                out.extend_from_slice(piece.as_bytes());
            }
        }
        for (name, value) in &self.headers {
            for piece in [name.as_str(), ": ", value, "\r\n"] {
                out.extend_from_slice(piece.as_bytes());
            }
        }
        out.extend_from_slice(b"\r\n");
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Part");
        s.field("disposition", &self.disposition)
            .field("content_type", &self.content_type)
            .field("headers", &self.headers);
        match &self.content {
            Content::Bytes(bytes) => s.field("len", &bytes.len()),
            Content::Path(path) => s.field("path", path),
            Content::Reader(_) => s.field("reader", &true),
        };
        s.finish()
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Multipart").field("boundary", &self.boundary).field("parts", &self.parts).finish()
    }
}

/// A run of the body: bytes as they are, or a file on disk or a reader to read.
pub(crate) enum Segment {
    Bytes(Bytes),
    Path(PathBuf),
    Reader(Opener),
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

impl Multipart {
    /// An empty body with a random boundary.
    #[must_use]
    pub fn new() -> Multipart {
        Multipart { boundary: random_boundary(), parts: Vec::new() }
    }

    /// An empty body with `boundary`, for tests that compare bodies byte for byte. It is refused
    /// unless it has 1 to 70 characters, each an ASCII letter, digit, `-`, `_` or `.`. A part held
    /// in memory that contains it still makes the body draw a random one.
    pub fn with_boundary(boundary: &str) -> Result<Multipart, RequestError> {
        let valid = (1..=BOUNDARY_MAX_LEN).contains(&boundary.len())
            && boundary.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !valid {
            return Err(RequestError::Multipart(format!(
                "`{boundary}` is not a boundary: it needs 1 to {BOUNDARY_MAX_LEN} ASCII letters, digits, `-`, `_` or `.`"
            )));
        }
        Ok(Multipart { boundary: boundary.to_owned(), parts: Vec::new() })
    }

    /// Adds a text field. It has no `Content-Type` header: `text/plain` is the default
    /// (RFC 7578, section 4.4).
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        self.push(disposition(name, None), None, Content::Bytes(Bytes::copy_from_slice(value.as_bytes())));
        self
    }

    /// Adds a text field sent as `content_type` (an `encoding.contentType` of the spec), refused
    /// when the content type is not a valid header value.
    pub fn text_as(
        &mut self,
        name: &str,
        value: &str,
        content_type: &str,
    ) -> Result<&mut Self, RequestError> {
        let content_type = checked_content_type(name, content_type)?;
        let content = Content::Bytes(Bytes::copy_from_slice(value.as_bytes()));
        self.push(disposition(name, None), Some(content_type), content);
        Ok(self)
    }

    /// Adds the members of `value`, which must serialize to an object, one field each: a string
    /// as text, anything else as JSON (`null`s left out). For bodies without a declared shape.
    pub fn fields<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<&mut Self, RequestError> {
        let members = match serde_json::to_value(value).map_err(RequestError::Serialize)? {
            serde_json::Value::Object(members) => members,
            _ => {
                return Err(RequestError::Multipart(
                    "the body must be an object, one field per property".into(),
                ));
            }
        };
        for (name, value) in members {
            match value {
                serde_json::Value::Null => {}
                serde_json::Value::String(text) => {
                    self.text(&name, &text);
                }
                other => {
                    self.json(&name, &other)?;
                }
            }
        }
        Ok(self)
    }

    /// Adds `value` as an `application/json` field.
    pub fn json<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<&mut Self, RequestError> {
        let json = serde_json::to_vec(value).map_err(RequestError::Serialize)?;
        self.push(disposition(name, None), Some("application/json".to_owned()), Content::Bytes(json.into()));
        Ok(self)
    }

    /// Adds a file field. Its content type is the file's, else `application/octet-stream`; it
    /// is refused when it is not a valid header value.
    ///
    /// It always has a `filename`: the file's, else the field name. RFC 7578 makes the parameter
    /// optional, but most servers (Express's multer, Go's `FormFile`, Spring, Flask, FastAPI) take
    /// a part for a file only when it has one. (Browsers send `blob` for a nameless file; the
    /// field name says more.)
    pub fn file(&mut self, name: &str, file: &File) -> Result<&mut Self, RequestError> {
        self.file_as(name, file, DEFAULT_FILE_CONTENT_TYPE)
    }

    /// Adds a file field whose content type, if the file has none, is `fallback` (the spec's
    /// `encoding.contentType` for the property).
    pub fn file_as(&mut self, name: &str, file: &File, fallback: &str) -> Result<&mut Self, RequestError> {
        let content_type = checked_content_type(name, file.content_type.as_deref().unwrap_or(fallback))?;
        let file_name = file.file_name.as_deref().unwrap_or(name);
        self.push(disposition(name, Some(file_name)), Some(content_type), file.content.clone());
        Ok(self)
    }

    /// Adds a header to the part added last (an `encoding.headers` entry of the spec). A
    /// `Content-Type` replaces the part's content type. Refused: a call before any part, a
    /// `Content-Disposition` (the field name and file name set it), and a name or value that is
    /// not valid in a header (such as one holding CR or LF).
    pub fn header(&mut self, name: &str, value: &str) -> Result<&mut Self, RequestError> {
        let refuse = |reason: &str| Err(RequestError::Multipart(format!("part header `{name}`: {reason}")));
        let Ok(header) = http::HeaderName::from_bytes(name.as_bytes()) else {
            return refuse("not a valid header name");
        };
        if http::HeaderValue::from_bytes(value.as_bytes()).is_err() {
            return refuse("the value is not a valid header value");
        }
        if header == http::header::CONTENT_DISPOSITION {
            return refuse("set by the field name and file name, it cannot be given");
        }
        let Some(part) = self.parts.last_mut() else {
            return refuse("no part has been added yet");
        };
        if header == http::header::CONTENT_TYPE {
            part.content_type = Some(value.to_owned());
        } else {
            part.headers.push((name.to_owned(), value.to_owned()));
        }
        self.keep_boundary_unique();
        Ok(self)
    }

    /// The `Content-Type` of the body, `multipart/form-data; boundary=…`. Read it after the
    /// last part is added: adding a part can change the boundary.
    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The whole body in memory, files on disk read now (blocking, with `std::fs`); a file that
    /// cannot be read is a [`RequestError::ReadFile`] naming its path.
    pub fn into_bytes(self) -> Result<Vec<u8>, RequestError> {
        let segments = self.segments();
        let size: u64 = segments
            .iter()
            .map(|segment| match segment {
                Segment::Bytes(bytes) => bytes.len() as u64,
                Segment::Path(path) => std::fs::metadata(path).map_or(0, |metadata| metadata.len()),
                Segment::Reader(_) => 0,
            })
            .sum();
        let mut body = Vec::new();
        // A hint: a size too large to reserve is left to fail (or not) as the files are read.
        let _ = body.try_reserve_exact(usize::try_from(size).unwrap_or(0));
        for segment in segments {
            match segment {
                Segment::Bytes(bytes) => body.extend_from_slice(&bytes),
                Segment::Path(path) => {
                    use std::io::Read;
                    let read = std::fs::File::open(&path).and_then(|mut file| file.read_to_end(&mut body));
                    if let Err(source) = read {
                        return Err(RequestError::ReadFile { path, source });
                    }
                }
                Segment::Reader(opener) => {
                    let read = opener.open()?.read_to_end(&mut body);
                    read.map_err(|source| RequestError::ReadFile {
                        path: PathBuf::from("<reader>"),
                        source,
                    })?;
                }
            }
        }
        Ok(body)
    }

    /// The body as a stream of chunks: parts in memory as they are (large ones without a copy),
    /// files on disk read as they are sent, in chunks of 64 KiB, never whole. Needs a Tokio
    /// runtime. A file that cannot be read ends the stream with an error that names its path
    /// (its inner error is a [`RequestError::ReadFile`]).
    #[cfg(feature = "client")]
    pub fn into_stream(
        self,
    ) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
        use futures_util::future::{Either, ready};
        use futures_util::{StreamExt, stream};
        let mut failed = false;
        stream::iter(self.segments())
            .flat_map(|segment| match segment {
                Segment::Bytes(bytes) => Either::Left(stream::once(ready(Ok(bytes)))),
                Segment::Path(path) => Either::Right(Either::Left(stream_file(path))),
                Segment::Reader(opener) => Either::Right(Either::Right(stream_reader(opener))),
            })
            // Nothing follows an error: the body is broken from there on.
            .take_while(move |item| {
                let go_on = !failed;
                failed |= item.is_err();
                ready(go_on)
            })
    }

    /// Checks that every file on disk can be opened and is a regular file, so that a request
    /// is not started (nor retried) with a body that cannot be completed.
    #[cfg(feature = "client")]
    pub fn check_files(&self) -> Result<(), RequestError> {
        for segment in self.segments() {
            if let Segment::Path(path) = segment {
                let readable = std::fs::File::open(&path).and_then(|file| file.metadata()).and_then(|m| {
                    if m.is_file() { Ok(()) } else { Err(std::io::Error::other("not a regular file")) }
                });
                readable.map_err(|source| RequestError::ReadFile { path: path.clone(), source })?;
            }
        }
        Ok(())
    }

    /// The exact length of the body, for `Content-Length`: known when every file on disk is a
    /// regular file whose size can be read (from its metadata, a blocking but brief call). A file
    /// that changes size before it is sent makes the body disagree with it.
    #[cfg(feature = "client")]
    pub fn content_length(&self) -> Option<u64> {
        self.segments()
            .iter()
            .map(|segment| match segment {
                Segment::Bytes(bytes) => Some(bytes.len() as u64),
                Segment::Path(path) => {
                    std::fs::metadata(path).ok().filter(|metadata| metadata.is_file()).map(|m| m.len())
                }
                Segment::Reader(_) => None,
            })
            .sum()
    }

    /// Whether the body can be sent again from its start: not when a part is a one-shot reader
    /// ([`File::from_read_once`]).
    pub fn replay(&self) -> super::redirect::Replay {
        let once = self
            .parts
            .iter()
            .any(|part| matches!(&part.content, Content::Reader(opener) if opener.is_once()));
        if once { super::redirect::Replay::Impossible } else { super::redirect::Replay::Possible }
    }

    /// Adds a part, then draws another boundary if the part contains the current one.
    fn push(&mut self, disposition: String, content_type: Option<String>, content: Content) {
        self.parts.push(Part { disposition, content_type, headers: Vec::new(), content });
        self.keep_boundary_unique();
    }

    /// Draws random boundaries until none occurs in the parts, when the last part has the current
    /// one (the others were checked as they were added).
    fn keep_boundary_unique(&mut self) {
        if self.parts.last().is_some_and(|part| part.mentions(&self.boundary)) {
            self.boundary = loop {
                let boundary = random_boundary();
                if !self.parts.iter().any(|part| part.mentions(&boundary)) {
                    break boundary;
                }
            };
        }
    }

    /// The body as runs of bytes and files: small pieces joined, large parts in memory as they are.
    pub(crate) fn segments(&self) -> Vec<Segment> {
        let mut segments = Vec::with_capacity(self.parts.len() + 1);
        let mut pending = Vec::with_capacity(256);
        let flush = |pending: &mut Vec<u8>, segments: &mut Vec<Segment>| {
            if !pending.is_empty() {
                segments.push(Segment::Bytes(std::mem::take(pending).into()));
            }
        };
        for part in &self.parts {
            part.write_head(&self.boundary, &mut pending);
            match &part.content {
                Content::Bytes(bytes) if bytes.len() <= INLINE_LIMIT => pending.extend_from_slice(bytes),
                Content::Bytes(bytes) => {
                    flush(&mut pending, &mut segments);
                    segments.push(Segment::Bytes(bytes.clone()));
                }
                Content::Path(path) => {
                    flush(&mut pending, &mut segments);
                    segments.push(Segment::Path(path.clone()));
                }
                Content::Reader(opener) => {
                    flush(&mut pending, &mut segments);
                    segments.push(Segment::Reader(opener.clone()));
                }
            }
            pending.extend_from_slice(b"\r\n");
        }
        for piece in ["--", &self.boundary, "--\r\n"] {
            pending.extend_from_slice(piece.as_bytes());
        }
        flush(&mut pending, &mut segments);
        segments
    }
}

/// A file on disk as a stream of chunks; errors name the path.
#[cfg(feature = "client")]
fn stream_file(
    path: PathBuf,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    use futures_util::future::{Either, ready};
    use futures_util::{StreamExt, TryStreamExt, stream};
    stream::once(tokio::fs::File::open(path.clone()))
        .map(|opened| match opened {
            Ok(file) => Either::Left(tokio_util::io::ReaderStream::with_capacity(file, FILE_CHUNK)),
            Err(error) => Either::Right(stream::once(ready(Err(error)))),
        })
        .flatten()
        .map_err(move |source| {
            std::io::Error::new(source.kind(), RequestError::ReadFile { path: path.clone(), source })
        })
}

/// A reader's data as a stream of chunks, read on Tokio's blocking pool (the reader is
/// synchronous); errors end the stream.
#[cfg(feature = "client")]
fn stream_reader(
    opener: Opener,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    let opened = opener.open().map_err(std::io::Error::other);
    futures_util::stream::unfold(Some(opened), |state| async move {
        let mut reader = match state? {
            Ok(reader) => reader,
            Err(error) => return Some((Err(error), None)),
        };
        let read = tokio::task::spawn_blocking(move || {
            let mut chunk = vec![0; FILE_CHUNK];
            let read = std::io::Read::read(&mut reader, &mut chunk);
            (
                reader,
                read.map(|n| {
                    chunk.truncate(n);
                    chunk
                }),
            )
        })
        .await;
        match read {
            Ok((_, Ok(chunk))) if chunk.is_empty() => None,
            Ok((reader, Ok(chunk))) => Some((Ok(Bytes::from(chunk)), Some(Ok(reader)))),
            Ok((_, Err(error))) => Some((Err(error), None)),
            Err(join) => Some((Err(std::io::Error::other(join)), None)),
        }
    })
}

/// A `Content-Disposition` value, names quoted as browsers quote them.
fn disposition(name: &str, file_name: Option<&str>) -> String {
    let mut value = String::with_capacity(name.len() + file_name.map_or(0, str::len) + 32);
    value.push_str("form-data; name=\"");
    push_quoted(&mut value, name);
    value.push('"');
    if let Some(file_name) = file_name {
        value.push_str("; filename=\"");
        push_quoted(&mut value, file_name);
        value.push('"');
    }
    value
}

/// Appends `text` with `"` and ASCII control characters but tab percent-encoded.
pub(crate) fn push_quoted(out: &mut String, text: &str) {
    for c in text.chars() {
        if c == '"' || (c.is_ascii_control() && c != '\t') {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let byte = c as u8;
            out.extend([
                '%',
                char::from(HEX[usize::from(byte >> 4)]),
                char::from(HEX[usize::from(byte & 15)]),
            ]);
        } else {
            out.push(c);
        }
    }
}

/// `content_type` when it can be a header value; names the field otherwise.
fn checked_content_type(field: &str, content_type: &str) -> Result<String, RequestError> {
    match http::HeaderValue::from_bytes(content_type.as_bytes()) {
        Ok(_) => Ok(content_type.to_owned()),
        Err(_) => Err(RequestError::Multipart(format!(
            "part `{field}`: the content type {content_type:?} is not a valid header value"
        ))),
    }
}

/// A fresh random boundary.
fn random_boundary() -> String {
    let mut boundary = String::with_capacity(BOUNDARY_PREFIX.len() + BOUNDARY_RANDOM_CHARS);
    boundary.push_str(BOUNDARY_PREFIX);
    boundary.extend(std::iter::repeat_with(fastrand::alphanumeric).take(BOUNDARY_RANDOM_CHARS));
    boundary
}

/// Whether `needle` (not empty) occurs in `haystack`.
pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else { return true };
    let mut at = 0;
    while let Some(offset) = haystack.get(at..).and_then(|tail| tail.iter().position(|&b| b == first)) {
        let start = at + offset + 1;
        if haystack.get(start..start + rest.len()) == Some(rest) {
            return true;
        }
        at = start;
    }
    false
}
