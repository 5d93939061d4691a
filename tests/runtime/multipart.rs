//! The multipart runtime on its own, every body read back by `multer`: quoting, every byte value,
//! boundary collisions, refused inputs, files on disk, and the stream against the bytes.

use bodies_fixture::runtime::error::RequestError;
use bodies_fixture::runtime::multipart::{File, Multipart};
use bytes::Bytes;
use futures_util::stream;
use std::convert::Infallible;

/// One part as `multer` read it.
#[derive(Debug, PartialEq)]
struct Parsed {
    name: Option<String>,
    file_name: Option<String>,
    /// The raw `Content-Type` header.
    content_type: Option<String>,
    /// Every other header but `Content-Disposition`, sorted.
    headers: Vec<(String, String)>,
    data: Vec<u8>,
}

/// An expected part.
fn part(name: &str, file_name: Option<&str>, content_type: Option<&str>, data: &[u8]) -> Parsed {
    Parsed {
        name: Some(name.to_owned()),
        file_name: file_name.map(str::to_owned),
        content_type: content_type.map(str::to_owned),
        headers: Vec::new(),
        data: data.to_vec(),
    }
}

impl Parsed {
    fn header(mut self, name: &str, value: &str) -> Parsed {
        self.headers.push((name.to_owned(), value.to_owned()));
        self.headers.sort();
        self
    }
}

/// Reads a body, given as chunks, with `multer`.
async fn parse_chunks(content_type: &str, chunks: Vec<Bytes>) -> Vec<Parsed> {
    let boundary = multer::parse_boundary(content_type).expect("a boundary in the content type");
    let chunks = stream::iter(chunks.into_iter().map(Ok::<_, Infallible>));
    let mut reader = multer::Multipart::new(chunks, boundary);
    let mut parts = Vec::new();
    while let Some(field) = reader.next_field().await.expect("a well-formed body") {
        let text = |value: &http::HeaderValue| String::from_utf8(value.as_bytes().to_vec()).unwrap();
        let mut headers: Vec<_> = field
            .headers()
            .iter()
            .filter(|(name, _)| {
                *name != http::header::CONTENT_DISPOSITION && *name != http::header::CONTENT_TYPE
            })
            .map(|(name, value)| (name.as_str().to_owned(), text(value)))
            .collect();
        headers.sort();
        parts.push(Parsed {
            name: field.name().map(str::to_owned),
            file_name: field.file_name().map(str::to_owned),
            content_type: field.headers().get(http::header::CONTENT_TYPE).map(text),
            headers,
            data: field.bytes().await.expect("a part's data").to_vec(),
        });
    }
    parts
}

async fn parse(content_type: &str, body: Vec<u8>) -> Vec<Parsed> {
    parse_chunks(content_type, vec![Bytes::from(body)]).await
}

/// Every byte value, with CRLF, `--` and an almost-delimiter around it.
fn binary() -> Vec<u8> {
    let mut data = b"--\r\n--test-boundar\r\n\r\n".to_vec();
    data.extend(0..=255u8);
    data.extend_from_slice(b"\r\n--\r\n");
    data
}

type Build = fn(&mut Multipart) -> Result<(), RequestError>;

/// The cases: how a body is built, and the parts `multer` must read from it.
fn cases() -> Vec<(&'static str, Build, Vec<Parsed>)> {
    vec![
        ("no parts", |_| Ok(()), vec![]),
        (
            "text, non-ASCII",
            |form| {
                form.text("greeting", "héllo wörld – 你好 🎉");
                Ok(())
            },
            vec![part("greeting", None, None, "héllo wörld – 你好 🎉".as_bytes())],
        ),
        (
            "non-ASCII names",
            |form| {
                form.text("名前", "x").file("फ़ाइल", &File::from_bytes("y").file_name("résumé 你好.txt"))?;
                Ok(())
            },
            vec![
                part("名前", None, None, b"x"),
                part("फ़ाइल", Some("résumé 你好.txt"), Some("application/octet-stream"), b"y"),
            ],
        ),
        (
            "quotes, CR, LF and other controls in names",
            |form| {
                form.text("a\"b\r\nc", "1")
                    .text("tab\there\u{1}", "2")
                    .text("back\\slash 100%", "3")
                    .file("f\"", &File::from_bytes("4").file_name("we\"ird\r\n.txt"))?;
                Ok(())
            },
            vec![
                part("a%22b%0D%0Ac", None, None, b"1"),
                part("tab\there%01", None, None, b"2"),
                part("back\\slash 100%", None, None, b"3"),
                part("f%22", Some("we%22ird%0D%0A.txt"), Some("application/octet-stream"), b"4"),
            ],
        ),
        (
            "empty parts",
            |form| {
                form.text("empty", "").text("", "nameless").file("f", &File::from_bytes(Vec::new()))?;
                form.file("g", &File::from_bytes("").file_name(""))?;
                Ok(())
            },
            vec![
                part("empty", None, None, b""),
                part("", None, None, b"nameless"),
                part("f", Some("f"), Some("application/octet-stream"), b""),
                part("g", Some(""), Some("application/octet-stream"), b""),
            ],
        ),
        (
            "binary data with CRLF and --",
            |form| {
                form.file("bin", &File::from_bytes(binary()).file_name("data.bin"))?;
                form.text("after", "--\r\n");
                Ok(())
            },
            vec![
                part("bin", Some("data.bin"), Some("application/octet-stream"), &binary()),
                part("after", None, None, b"--\r\n"),
            ],
        ),
        (
            "a part larger than one streamed chunk",
            |form| {
                form.file("big", &File::from_bytes(vec![b'x'; 100_000]))?.text("next", "y");
                Ok(())
            },
            vec![
                part("big", Some("big"), Some("application/octet-stream"), &[b'x'; 100_000]),
                part("next", None, None, b"y"),
            ],
        ),
        (
            "JSON",
            |form| {
                let value = serde_json::json!({"id": 7, "nested": {"ok": true}, "tags": ["a", "é"]});
                form.json("meta", &value)?.json("list", &[1, 2, 3])?.json("text", "plain")?;
                Ok(())
            },
            vec![
                part(
                    "meta",
                    None,
                    Some("application/json"),
                    r#"{"id":7,"nested":{"ok":true},"tags":["a","é"]}"#.as_bytes(),
                ),
                part("list", None, Some("application/json"), b"[1,2,3]"),
                part("text", None, Some("application/json"), br#""plain""#),
            ],
        ),
        (
            "content types",
            |form| {
                form.text_as("page", "<b>hi</b>", "text/html; charset=utf-8")?;
                form.file(
                    "img",
                    &File::from_bytes(&b"\x89PNG"[..]).file_name("a.png").content_type("image/png"),
                )?;
                form.file("blob", &File::from_bytes("z").content_type("text/csv"))?;
                Ok(())
            },
            vec![
                part("page", None, Some("text/html; charset=utf-8"), b"<b>hi</b>"),
                part("img", Some("a.png"), Some("image/png"), b"\x89PNG"),
                part("blob", Some("blob"), Some("text/csv"), b"z"),
            ],
        ),
        (
            "extra headers",
            |form| {
                form.file("f", &File::from_bytes("data").file_name("f.txt"))?;
                form.header("X-Trace-Id", "abc 123")?.header("Content-Language", "de-CH, fr")?;
                form.text("t", "v").header("x-note", "naïve")?;
                form.json("j", &1)?.header("CONTENT-TYPE", "application/merge-patch+json")?;
                Ok(())
            },
            vec![
                part("f", Some("f.txt"), Some("application/octet-stream"), b"data")
                    .header("x-trace-id", "abc 123")
                    .header("content-language", "de-CH, fr"),
                part("t", None, None, b"v").header("x-note", "naïve"),
                part("j", None, Some("application/merge-patch+json"), b"1"),
            ],
        ),
    ]
}

#[tokio::test]
async fn cases_parse_back() {
    for (what, build, expected) in cases() {
        let mut form = Multipart::with_boundary("test-boundary").unwrap();
        build(&mut form).unwrap_or_else(|error| panic!("{what}: {error}"));
        assert_eq!(form.content_type(), "multipart/form-data; boundary=test-boundary", "{what}");
        let body = form.clone().into_bytes().unwrap();
        assert!(body.ends_with(b"\r\n--test-boundary--\r\n") || expected.is_empty(), "{what}");
        assert_eq!(parse(&form.content_type(), body.clone()).await, expected, "{what}");
        streams_the_same(what, form, &body).await;
    }
}

/// The stream holds exactly the bytes of `into_bytes`, as many as `content_length` says.
async fn streams_the_same(what: &str, form: Multipart, body: &[u8]) {
    use futures_util::TryStreamExt;
    assert_eq!(form.content_length(), Some(body.len() as u64), "{what}");
    let chunks: Vec<Bytes> = form.into_stream().try_collect().await.unwrap();
    assert_eq!(chunks.concat(), body, "{what}");
}

#[test]
fn wire_format() {
    let mut form = Multipart::with_boundary("b").unwrap();
    form.text("a", "1").file("f", &File::from_bytes("x\r\n").file_name("n.txt")).unwrap();
    form.header("X-A", "2").unwrap();
    let expected = "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n\
        --b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"n.txt\"\r\n\
        Content-Type: application/octet-stream\r\nX-A: 2\r\n\r\nx\r\n\r\n--b--\r\n";
    assert_eq!(String::from_utf8(form.into_bytes().unwrap()).unwrap(), expected);
    assert_eq!(Multipart::with_boundary("b").unwrap().into_bytes().unwrap(), b"--b--\r\n");
}

#[test]
fn random_boundaries() {
    let (one, two) = (Multipart::new().content_type(), Multipart::default().content_type());
    assert_ne!(one, two);
    for content_type in [one, two] {
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
        let random = boundary.strip_prefix("openapi-rust-gen-").unwrap();
        assert_eq!(random.len(), 32);
        assert!(random.bytes().all(|b| b.is_ascii_alphanumeric()), "{boundary}");
    }
}

#[tokio::test]
async fn a_part_holding_the_boundary_changes_it() {
    let builds: [(&str, Build); 4] = [
        ("text", |form| {
            form.text("t", "x\r\n--abc--\r\n");
            Ok(())
        }),
        ("file", |form| {
            form.file("f", &File::from_bytes("abc"))?;
            Ok(())
        }),
        ("header", |form| {
            form.text("t", "v").header("x-h", "abc")?;
            Ok(())
        }),
        ("later part", |form| {
            form.text("first", "ok").json("second", "--abc")?;
            Ok(())
        }),
    ];
    for (what, build) in builds {
        let mut form = Multipart::with_boundary("abc").unwrap();
        build(&mut form).unwrap();
        let content_type = form.content_type();
        assert!(content_type.starts_with("multipart/form-data; boundary=openapi-rust-gen-"), "{what}");
        let original = {
            let mut plain = Multipart::with_boundary("unused").unwrap();
            build(&mut plain).unwrap();
            parse(&plain.content_type(), plain.into_bytes().unwrap()).await
        };
        assert_eq!(parse(&content_type, form.into_bytes().unwrap()).await, original, "{what}");
    }

    // A random boundary, too.
    let mut form = Multipart::new();
    let boundary = form.content_type().rsplit('=').next().unwrap().to_owned();
    let data = format!("before\r\n--{boundary}\r\nafter");
    form.text("t", &data);
    assert!(!form.content_type().contains(&boundary));
    let parts = parse(&form.content_type(), form.into_bytes().unwrap()).await;
    assert_eq!(parts, [part("t", None, None, data.as_bytes())]);
}

#[test]
fn refuses_bad_input() {
    let refused: [(&str, Result<Multipart, RequestError>); 12] = [
        ("header before a part", Multipart::new().header("x-a", "1").map(|_| Multipart::new())),
        ("header name with a space", with_part().header("x a", "1").map(|_| Multipart::new())),
        ("empty header name", with_part().header("", "1").map(|_| Multipart::new())),
        ("header value with CRLF", with_part().header("x-a", "1\r\nx-b: 2").map(|_| Multipart::new())),
        ("header value with LF", with_part().header("x-a", "1\n").map(|_| Multipart::new())),
        ("content-disposition", with_part().header("Content-Disposition", "x").map(|_| Multipart::new())),
        (
            "text content type",
            Multipart::new().text_as("t", "v", "text/plain\r\nx: y").map(|_| Multipart::new()),
        ),
        (
            "file content type",
            Multipart::new().file("f", &File::from_bytes("").content_type("a\nb")).map(|_| Multipart::new()),
        ),
        ("empty boundary", Multipart::with_boundary("")),
        ("long boundary", Multipart::with_boundary(&"a".repeat(71))),
        ("boundary with a space", Multipart::with_boundary("a b")),
        ("boundary with a quote", Multipart::with_boundary("a\"b")),
    ];
    for (what, result) in refused {
        match result {
            Err(RequestError::Multipart(message)) => assert!(!message.is_empty(), "{what}"),
            other => panic!("{what}: {other:?}"),
        }
    }
    assert!(Multipart::with_boundary(&"a".repeat(70)).is_ok());
    // A refused header leaves the part as it was.
    let mut form = with_part();
    assert!(form.header("x-a", "1\r\n").is_err());
    let body = String::from_utf8(form.into_bytes().unwrap()).unwrap();
    assert!(!body.contains("x-a"));
}

fn with_part() -> Multipart {
    let mut form = Multipart::new();
    form.text("t", "v");
    form
}

/// A temporary file holding `data`.
fn temp_file(data: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().prefix("upload-").suffix(".bin").tempfile().unwrap();
    std::io::Write::write_all(&mut file, data).unwrap();
    file
}

#[tokio::test]
async fn files_on_disk() {
    let file = temp_file(&binary());
    let name = file.path().file_name().unwrap().to_str().unwrap().to_owned();
    let mut form = Multipart::with_boundary("test-boundary").unwrap();
    form.text("before", "1");
    form.file("doc", &File::from_path(file.path())).unwrap();
    let renamed = File::from_path(file.path()).file_name("a.pdf").content_type("application/pdf");
    form.file("named", &renamed).unwrap();
    form.text("after", "2");
    let body = form.clone().into_bytes().unwrap();
    let expected = [
        part("before", None, None, b"1"),
        part("doc", Some(&name), Some("application/octet-stream"), &binary()),
        part("named", Some("a.pdf"), Some("application/pdf"), &binary()),
        part("after", None, None, b"2"),
    ];
    assert_eq!(parse(&form.content_type(), body.clone()).await, expected);
    streams_the_same("files on disk", form, &body).await;
    // A path with no last component has no file name (the field name is sent).
    assert!(format!("{:?}", File::from_path("/")).contains("file_name: None"));
}

#[tokio::test]
async fn a_missing_file_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.bin");
    let mut form = Multipart::new();
    form.text("t", "v").file("f", &File::from_path(&missing)).unwrap();
    match form.clone().into_bytes() {
        Err(error @ RequestError::ReadFile { .. }) => {
            assert!(error.to_string().contains(&missing.display().to_string()), "{error}");
            let RequestError::ReadFile { path, source } = error else { unreachable!() };
            assert_eq!((path, source.kind()), (missing.clone(), std::io::ErrorKind::NotFound));
        }
        other => panic!("{other:?}"),
    }

    {
        use futures_util::StreamExt;
        assert_eq!(form.content_length(), None);
        let items: Vec<_> = form.into_stream().collect().await;
        assert_eq!(items.iter().filter(|item| item.is_err()).count(), 1);
        let error = items.into_iter().last().and_then(Result::err).expect("an error, last");
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
        assert!(error.to_string().contains(&missing.display().to_string()), "{error}");
        let inner = error.get_ref().and_then(|inner| inner.downcast_ref::<RequestError>());
        assert!(matches!(inner, Some(RequestError::ReadFile { path, .. }) if *path == missing));

        // A directory is no regular file: no length, and an error when read.
        let mut form = Multipart::new();
        form.file("dir", &File::from_path(dir.path())).unwrap();
        assert_eq!(form.content_length(), None);
        let items: Vec<_> = form.into_stream().collect().await;
        assert!(items.iter().any(Result::is_err));
    }
}

#[tokio::test]
async fn a_large_file_is_streamed_in_chunks() {
    use futures_util::TryStreamExt;
    const SIZE: usize = 8 * 1024 * 1024;
    // Every byte value, in an order that repeats only every 251 × 256 bytes.
    let data: Vec<u8> = (0..SIZE).map(|i| ((i % 251) as u8).wrapping_mul(7) ^ ((i / 251) as u8)).collect();
    let file = temp_file(&data);
    let mut form = Multipart::new();
    form.text("title", "big").file("big", &File::from_path(file.path()).file_name("big.bin")).unwrap();
    form.text("after", "end");
    let content_type = form.content_type();
    let length = form.content_length().unwrap();
    let bytes = form.clone().into_bytes().unwrap();
    assert_eq!(length, bytes.len() as u64);

    let chunks: Vec<Bytes> = form.into_stream().try_collect().await.unwrap();
    assert!(chunks.len() > 100, "{} chunks", chunks.len());
    assert!(chunks.iter().all(|chunk| chunk.len() <= 64 * 1024));
    assert_eq!(chunks.iter().map(Bytes::len).sum::<usize>() as u64, length);
    assert_eq!(chunks.concat(), bytes);

    let parts = parse_chunks(&content_type, chunks).await;
    assert_eq!(
        parts,
        [
            part("title", None, None, b"big"),
            part("big", Some("big.bin"), Some("application/octet-stream"), &data),
            part("after", None, None, b"end"),
        ]
    );
}

#[test]
fn the_stream_is_send_and_static() {
    fn check<T: Send + 'static>(_: &T) {}
    check(&Multipart::new().into_stream());
}

#[test]
fn file_serde() {
    assert_eq!(serde_json::to_string(&File::from_bytes("hé \"x\"")).unwrap(), r#""hé \"x\"""#);
    let error = serde_json::to_string(&File::from_bytes(&b"\xff\x00"[..])).unwrap_err().to_string();
    assert!(error.contains("can be sent only in a multipart body"), "{error}");
    let error = serde_json::to_string(&File::from_path("/tmp/x.png")).unwrap_err().to_string();
    assert!(
        error.contains("can be sent only in a multipart body") && error.contains("/tmp/x.png"),
        "{error}"
    );

    #[derive(serde::Deserialize, serde::Serialize, PartialEq, Debug)]
    struct Holder {
        file: File,
        other: Option<File>,
    }
    let holder: Holder = serde_json::from_str(r#"{"file": "hé", "other": null}"#).unwrap();
    assert_eq!(holder, Holder { file: File::from_bytes("hé"), other: None });
    assert_eq!(serde_json::to_string(&holder).unwrap(), r#"{"file":"hé","other":null}"#);
    assert!(serde_json::from_str::<File>("12").is_err());
}

#[test]
fn file_debug_eq_default() {
    let file = File::from_bytes("secret-bytes").file_name("a.txt").content_type("text/plain");
    let shown = format!("{file:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("a.txt") && shown.contains("text/plain") && shown.contains("12"), "{shown}");
    assert!(format!("{:?}", File::from_path("/srv/x.bin")).contains("/srv/x.bin"));

    let mut form = Multipart::new();
    form.file("f", &file).unwrap();
    assert!(!format!("{form:?}").contains("secret"));

    assert_eq!(File::from_bytes("a"), File::from_bytes(b"a".to_vec()));
    assert_ne!(File::from_bytes("a"), File::from_bytes("b"));
    assert_ne!(File::from_bytes("a"), File::from_bytes("a").file_name("n"));
    assert_eq!(File::from_path("/x/y.txt"), File::from_path(std::path::PathBuf::from("/x/y.txt")));
    assert_ne!(File::from_path("/x/y.txt"), File::from_path("/x/z.txt"));
    assert_eq!(File::default(), File::from_bytes(Vec::new()));
    assert_eq!(
        File::from_path("dir/name.tar.gz"),
        File::from_path("dir/name.tar.gz").file_name("name.tar.gz")
    );
}
