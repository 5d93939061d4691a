//! A file to send (bytes in memory, a file on disk, or a reader), with its file name and content
//! type: what `format: binary` values are, sent as multipart parts or, when UTF-8, as strings.

use super::error::RequestError;
use ::bytes::Bytes;
use std::fmt;
use std::path::PathBuf;

/// A file part's content: bytes in memory or a file on disk (read when the body is sent).
///
/// Cloning is cheap: it shares the bytes or copies the path, never the contents. Two files are
/// equal when their bytes (for files in memory) or paths (for files on disk), file names and
/// content types are. [`Default`] is an empty file with neither a name nor a content type.
///
/// Serialization, for generated types that hold a file: a file in memory whose bytes are UTF-8
/// is written as a string (the reverse of deserialization, which reads a string into bytes, so a
/// response that carries a `format: binary` string round-trips); a file on disk, or bytes that are
/// not UTF-8, is an error, as JSON cannot carry them: such a file can be sent only in a
/// multipart body.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct File {
    pub(crate) content: Content,
    pub(crate) file_name: Option<String>,
    pub(crate) content_type: Option<String>,
}

/// Where a part's data is.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum Content {
    Bytes(Bytes),
    Path(PathBuf),
    Reader(Opener),
}

/// Opens a fresh reader of a part's data (once per attempt, so a retried request sends it whole).
type Open = dyn Fn() -> std::io::Result<Box<dyn std::io::Read + Send>> + Send + Sync;

/// A reader factory, equal only to its own clones; `once` when it makes one reader only.
#[derive(Clone)]
pub(crate) struct Opener(std::sync::Arc<Open>, bool);

impl PartialEq for Opener {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Opener {}

impl std::hash::Hash for Opener {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(std::sync::Arc::as_ptr(&self.0).cast::<u8>(), state);
    }
}

impl Opener {
    /// Whether it makes one reader only (so the request cannot be sent again).
    pub(crate) fn is_once(&self) -> bool {
        self.1
    }

    /// The reader, its failure named as a file the caller gave no path to.
    pub(crate) fn open(&self) -> Result<Box<dyn std::io::Read + Send>, RequestError> {
        (self.0)().map_err(|source| RequestError::ReadFile { path: PathBuf::from("<reader>"), source })
    }
}

impl Default for Content {
    fn default() -> Self {
        Content::Bytes(Bytes::new())
    }
}

impl File {
    /// A file whose content is `bytes`, with no file name (see
    /// [`Multipart::file`](super::multipart::Multipart::file) for the name sent then) and no
    /// content type.
    #[must_use]
    pub fn from_bytes(bytes: impl Into<Bytes>) -> File {
        File { content: Content::Bytes(bytes.into()), ..File::default() }
    }

    /// The file at `path`, read only when the body is produced. Its file name is the path's last
    /// component (non-UTF-8 bytes replaced), if it has one; it has no content type.
    #[must_use]
    pub fn from_path(path: impl Into<PathBuf>) -> File {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        File { content: Content::Path(path), file_name, content_type: None }
    }

    /// A file read from a reader that `open` makes, when the body is produced: once per attempt
    /// of the request (so a retry sends it whole), in 64 KiB chunks when the client streams it;
    /// its length is not known in advance, so the body is sent without `Content-Length`. For data
    /// that is neither in memory nor a file on disk (a pipe, a decompressor, a download).
    #[must_use]
    pub fn from_reader<R, F>(open: F) -> File
    where
        R: std::io::Read + Send + 'static,
        F: Fn() -> std::io::Result<R> + Send + Sync + 'static,
    {
        let open: std::sync::Arc<Open> = std::sync::Arc::new(move || {
            open().map(|reader| Box::new(reader) as Box<dyn std::io::Read + Send>)
        });
        File { content: Content::Reader(Opener(open, false)), ..File::default() }
    }

    /// A file read from `reader` once, as the body is sent: for a stream that cannot be read
    /// again (standard input, a socket). Such a request is never retried, and a `307`/`308`
    /// redirect, which asks for the body again, is refused; use [`File::from_reader`] where the
    /// data can be read afresh.
    #[must_use]
    pub fn from_read_once(reader: impl std::io::Read + Send + 'static) -> File {
        let reader: Box<dyn std::io::Read + Send> = Box::new(reader);
        let slot = std::sync::Mutex::new(Some(reader));
        let open: std::sync::Arc<Open> = std::sync::Arc::new(move || {
            let taken = slot.lock().map_or(None, |mut slot| slot.take());
            taken.ok_or_else(|| std::io::Error::other("a one-shot reader was read already"))
        });
        File { content: Content::Reader(Opener(open, true)), ..File::default() }
    }

    /// The same file with `name` as its file name.
    #[must_use]
    pub fn file_name(self, name: impl Into<String>) -> File {
        File { file_name: Some(name.into()), ..self }
    }

    /// The same file with `content_type` (such as `image/png`) as its content type.
    #[must_use]
    pub fn content_type(self, content_type: impl Into<String>) -> File {
        File { content_type: Some(content_type.into()), ..self }
    }
}

impl fmt::Debug for File {
    /// Shows the file name, content type and size or path; never the bytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("File");
        s.field("file_name", &self.file_name).field("content_type", &self.content_type);
        match &self.content {
            Content::Bytes(bytes) => s.field("len", &bytes.len()),
            Content::Path(path) => s.field("path", path),
            Content::Reader(_) => s.field("reader", &true),
        };
        s.finish()
    }
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::Error;
        match &self.content {
            Content::Bytes(bytes) => match std::str::from_utf8(bytes) {
                Ok(text) => serializer.serialize_str(text),
                Err(_) => Err(S::Error::custom(
                    "a file whose bytes are not UTF-8 can be sent only in a multipart body",
                )),
            },
            Content::Path(path) => Err(S::Error::custom(format_args!(
                "a file on disk (`{}`) can be sent only in a multipart body",
                path.display()
            ))),
            Content::Reader(_) => {
                Err(S::Error::custom("a file read from a reader can be sent only in a multipart body"))
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for File {
    /// Reads a string (or bytes, in formats that have them) as a file's content.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = File;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string holding a file's content")
            }
            fn visit_str<E>(self, text: &str) -> Result<File, E> {
                Ok(File::from_bytes(Bytes::copy_from_slice(text.as_bytes())))
            }
            fn visit_string<E>(self, text: String) -> Result<File, E> {
                Ok(File::from_bytes(text))
            }
            fn visit_bytes<E>(self, bytes: &[u8]) -> Result<File, E> {
                Ok(File::from_bytes(Bytes::copy_from_slice(bytes)))
            }
            fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<File, E> {
                Ok(File::from_bytes(bytes))
            }
        }
        deserializer.deserialize_string(Visitor)
    }
}
