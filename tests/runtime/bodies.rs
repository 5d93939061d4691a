//! Form, multipart and event-stream bodies, cookie, JSON-`content` and basic-auth parameters
//! (the `bodies` fixture): the sans-IO request, and the bytes a real local server receives,
//! read back by independent parsers (`form_urlencoded`, `multer`).

use base64::Engine as _;
use bodies_fixture::client::ApiKey;
use bodies_fixture::runtime::multipart::{File, Multipart};
use bodies_fixture::runtime::operation::Operation;
use bodies_fixture::*;
use std::collections::BTreeMap;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const BASE: &str = "https://bodies.example.com/v1";

fn charge() -> ChargeForm {
    ChargeForm {
        amount: 2000,
        currency: "usd".into(),
        description: Some("Tea & cake = 2/3 off".into()),
        expand: Some(vec!["customer".into(), "invoice.lines".into()]),
        tags: Some(vec!["a".into(), "b c".into()]),
        metadata: Some(BTreeMap::from([("order".into(), "6735".into()), ("k[x]".into(), "v".into())])),
        items: Some(vec![
            ChargeFormItemsItem { price: Some("price_1".into()), quantity: Some(2) },
            ChargeFormItemsItem { price: Some("price_2".into()), quantity: None },
        ]),
        options: Some(ChargeFormOptions { capture: Some(false) }),
        shipping: Some(ChargeFormShipping {
            name: Some("Ada".into()),
            address: Some(ChargeFormShippingAddress { city: Some("Zürich".into()) }),
        }),
    }
}

/// The pairs of a form body, decoded by `form_urlencoded` (not the code that wrote them).
fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

#[test]
fn a_form_body_follows_the_encoding_and_brackets_what_nests() {
    let body = charge();
    let request = CreateCharge { body: &body }.to_request(BASE).unwrap();
    assert_eq!(request.headers()["content-type"], "application/x-www-form-urlencoded");
    let expected: Vec<(&str, &str)> = vec![
        ("amount", "2000"),
        ("currency", "usd"),
        ("description", "Tea & cake = 2/3 off"),
        // `deepObject` from the spec's `encoding`.
        ("expand[0]", "customer"),
        ("expand[1]", "invoice.lines"),
        // `form`, not exploded.
        ("tags", "a,b c"),
        ("metadata[k[x]]", "v"),
        ("metadata[order]", "6735"),
        // No `encoding`: objects and arrays of objects in brackets, nested.
        ("items[0][price]", "price_1"),
        ("items[0][quantity]", "2"),
        ("items[1][price]", "price_2"),
        // `contentType: application/json`.
        ("options", r#"{"capture":false}"#),
        ("shipping[name]", "Ada"),
        ("shipping[address][city]", "Zürich"),
    ];
    let decoded = pairs(request.body());
    let decoded: Vec<(&str, &str)> = decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(decoded, expected);
    // Reserved characters are percent-encoded, so no value adds a field.
    let text = std::str::from_utf8(request.body()).unwrap();
    assert!(text.contains("description=Tea%20%26%20cake%20%3D%202%2F3%20off"), "{text}");
    assert!(text.contains("metadata[k%5Bx%5D]=v"), "{text}");
}

#[test]
fn a_form_body_is_validated_before_anything_is_built() {
    let body = ChargeForm { currency: "US dollars".into(), ..charge() };
    let error = CreateCharge { body: &body }.to_request(BASE).unwrap_err();
    assert!(error.to_string().contains("currency"), "{error}");
}

/// A part as `multer` reads it: (name, file name, content type, bytes).
type Found = (String, Option<String>, Option<String>, Vec<u8>);

/// A part borrowed, to compare read and expected parts.
type Seen<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [u8]);

/// Each part of a multipart body, read by `multer`.
async fn parts(content_type: &str, body: Vec<u8>) -> Vec<Found> {
    let boundary = multer::parse_boundary(content_type).expect("a boundary");
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut found = Vec::new();
    while let Some(field) = multipart.next_field().await.expect("a well-formed body") {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        found.push((name, file_name, content_type, field.bytes().await.unwrap().to_vec()));
    }
    found
}

fn upload(file: File) -> Upload {
    Upload::new(file, UploadPurpose::Archive)
        .attachments(vec![
            File::from_bytes("one"),
            File::from_bytes(vec![0u8, 13, 10, 45, 45]).file_name("two.bin"),
        ])
        .image(File::from_bytes(vec![137u8, 80, 78, 71]))
        .title("Q3 \"final\"")
        .notes("# Notes")
        .kind(UploadKind::Receipt)
        .labels(vec!["x".into(), "y".into()])
        .pages(3)
        .expires(60)
        .meta(UploadMeta::default().author("Ada"))
        .folder("inbox")
}

type Part = (&'static str, Option<&'static str>, Option<&'static str>, Vec<u8>);

fn expected_parts(file: (&'static str, Vec<u8>)) -> Vec<Part> {
    vec![
        ("file", Some(file.0), Some("application/pdf"), file.1),
        ("purpose", None, None, b"archive".to_vec()),
        ("attachments", Some("attachments"), Some("application/octet-stream"), b"one".to_vec()),
        ("attachments", Some("two.bin"), Some("application/octet-stream"), vec![0, 13, 10, 45, 45]),
        // The spec's `encoding.contentType`, for a file that has none.
        ("image", Some("image"), Some("image/png"), vec![137, 80, 78, 71]),
        ("title", None, None, b"Q3 \"final\"".to_vec()),
        ("notes", None, Some("text/markdown"), b"# Notes".to_vec()),
        ("kind", None, None, b"receipt".to_vec()),
        // An array of primitives: a part per item, under one name.
        ("labels", None, None, b"x".to_vec()),
        ("labels", None, None, b"y".to_vec()),
        ("pages", None, None, b"3".to_vec()),
        ("expires", None, None, b"60".to_vec()),
        // An object: JSON.
        ("meta", None, Some("application/json"), br#"{"author":"Ada"}"#.to_vec()),
        // A deprecated property is still sent.
        ("folder", None, None, b"inbox".to_vec()),
    ]
}

fn assert_parts(found: &[Found], expected: &[Part]) {
    let found: Vec<Seen<'_>> =
        found.iter().map(|(n, f, c, b)| (n.as_str(), f.as_deref(), c.as_deref(), b.as_slice())).collect();
    let expected: Vec<Seen<'_>> = expected.iter().map(|(n, f, c, b)| (*n, *f, *c, b.as_slice())).collect();
    assert_eq!(found, expected);
}

#[tokio::test]
async fn a_multipart_body_has_a_part_per_property_as_openapi_says() {
    let body = upload(File::from_bytes("%PDF-1.7").file_name("report.pdf").content_type("application/pdf"));
    let request = UploadFiles { body: &body }.to_request(BASE).unwrap();
    let content_type = request.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    let found = parts(&content_type, request.body().clone()).await;
    assert_parts(&found, &expected_parts(("report.pdf", b"%PDF-1.7".to_vec())));
    // A part header whose value the spec fixes is sent; one it does not fix is not.
    let boundary = multer::parse_boundary(&content_type).unwrap();
    let body = request.body().clone();
    let stream = futures_util::stream::once(async move { Ok::<_, std::io::Error>(bytes::Bytes::from(body)) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    while let Some(field) = multipart.next_field().await.unwrap() {
        let version = field.headers().get("x-notes-version").map(|v| v.to_str().unwrap().to_owned());
        let expected = (field.name() == Some("notes")).then(|| "2".to_owned());
        assert_eq!(version, expected, "{:?}", field.name());
        assert!(field.headers().get("x-unfixed").is_none());
    }
}

#[tokio::test]
async fn the_client_streams_a_file_from_disk_and_the_server_gets_every_byte() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big report.pdf");
    // Larger than one chunk, with bytes that look like a boundary's start.
    let contents: Vec<u8> =
        (0..3 * 1024 * 1024).map(|i| if i % 1000 == 0 { b'-' } else { (i % 251) as u8 }).collect();
    std::fs::write(&file, &contents).unwrap();
    let body = upload(File::from_path(&file).content_type("application/pdf"));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/files"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "f1", "size": 3})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).basic_auth("ada", "s3cret").build().unwrap();
    let stored = client.upload_files(&body).await.unwrap();
    assert_eq!(stored.id.as_deref(), Some("f1"));

    let received = &server.received_requests().await.unwrap()[0];
    let content_type = received.headers["content-type"].to_str().unwrap().to_owned();
    let length: usize = received.headers["content-length"].to_str().unwrap().parse().unwrap();
    assert_eq!(length, received.body.len(), "the declared length is the body's");
    let found = parts(&content_type, received.body.clone()).await;
    assert_parts(&found, &expected_parts(("big report.pdf", contents)));
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_an_error_naming_it_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).basic_auth("ada", "s3cret").build().unwrap();
    let body = upload(File::from_path("/no/such/file.pdf"));
    let error = UploadFiles { body: &body }.to_request(BASE).unwrap_err();
    assert!(error.to_string().contains("/no/such/file.pdf"), "{error}");
    match client.upload_files(&body).await {
        Err(Error::Request(error)) => assert!(error.to_string().contains("/no/such/file.pdf"), "{error}"),
        other => panic!("expected a request error, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty(), "nothing is sent");
}

#[test]
fn a_boundary_never_occurs_in_a_part_held_in_memory() {
    let mut form = Multipart::with_boundary("abc").unwrap();
    form.text("a", "x--abc y");
    let content_type = form.content_type();
    assert_ne!(content_type, "multipart/form-data; boundary=abc", "a new boundary is drawn");
    let boundary = content_type.split("boundary=").nth(1).unwrap().to_owned();
    let body = form.into_bytes().unwrap();
    let text = String::from_utf8(body).unwrap();
    assert_eq!(text.matches(&format!("--{boundary}")).count(), 2, "{text}");
}

#[tokio::test]
async fn cookies_json_content_fixed_queries_and_basic_auth_go_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/events"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string("event: a\ndata: 1\n\ndata: 2\n\n"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["m1"])))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/conversations"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).basic_auth("ada", "s3cret").build().unwrap();
    let debug = format!("{client:?}");
    assert!(!debug.contains("ada") && !debug.contains("s3cret"), "{debug}");

    let filter =
        Filter { kinds: Some(vec!["a".into()]), since: Some("2024-05-01T00:00:00Z".parse().unwrap()) };
    let mut stream = client.stream_events("abc 1").filter(&filter).send_streaming().await.unwrap();
    let mut events = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        events.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(events, b"event: a\ndata: 1\n\ndata: 2\n\n");
    assert_eq!(client.list_beta_messages().limit(5).await.unwrap(), ["m1"]);
    client.stream_conversation().await.unwrap();

    let received = server.received_requests().await.unwrap();
    let events = &received[0];
    assert_eq!(events.headers["cookie"], "session=abc%201");
    assert_eq!(events.headers["accept"], "text/event-stream");
    let expected = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode("ada:s3cret"));
    assert_eq!(events.headers["authorization"], expected.as_str());
    let query: Vec<(String, String)> =
        events.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    assert_eq!(query.len(), 1);
    assert_eq!(query[0].0, "filter");
    let sent: serde_json::Value = serde_json::from_str(&query[0].1).unwrap();
    assert_eq!(sent, serde_json::json!({"kinds": ["a"], "since": "2024-05-01T00:00:00Z"}));
    // The query fixed in the path comes first, then the parameters; a fragment is never sent.
    assert_eq!(received[1].url.query(), Some("beta=true&limit=5"));
    assert_eq!(received[2].url.path(), "/conversations");
}

#[tokio::test]
async fn an_unsuccessful_event_stream_is_a_typed_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "no session"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).max_retries(0).build().unwrap();
    match client.stream_events("s").send_streaming().await {
        Err(Error::Api(api)) => assert_eq!(api.status, 404),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn basic_credentials_come_from_the_variables_the_settings_name() {
    let lookup = |name: &str| match name {
        "BODIES_USER" => Some("ada".to_owned()),
        "BODIES_PASSWORD" => Some("s3cret".to_owned()),
        _ => None,
    };
    let client = Client::from_lookup(&lookup).unwrap();
    assert!(!format!("{client:?}").contains("s3cret"));
    let missing = Client::from_lookup(&|name: &str| (name == "BODIES_USER").then(|| "ada".to_owned()));
    let message = missing.unwrap_err().to_string();
    assert!(message.contains("BODIES_USER + BODIES_PASSWORD"), "{message}");
    assert!(!message.contains("ada"), "{message}");
}

#[tokio::test]
async fn api_keys_go_in_cookies_and_queries_and_never_into_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(["m"])))
        .mount(&server)
        .await;
    let cookie = Credentials::ApiKeys(vec![(ApiKey::Cookie("sid".into()), Secret::new("c00kie"))]);
    let client = Client::builder().base_url(server.uri()).credentials(cookie).build().unwrap();
    client.stream_events("abc").send_streaming().await.unwrap();
    let query = Credentials::ApiKeys(vec![(ApiKey::Query("api_key".into()), Secret::new("k&y=1"))]);
    let client = Client::builder().base_url(server.uri()).credentials(query.clone()).build().unwrap();
    client.list_beta_messages().limit(2).await.unwrap();
    let received = server.received_requests().await.unwrap();
    // The cookie parameter and the key share the one `Cookie` header.
    assert_eq!(received[0].headers["cookie"], "session=abc; sid=c00kie");
    let pairs: Vec<(String, String)> =
        received[1].url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(pairs, [("beta", "true"), ("limit", "2"), ("api_key", "k&y=1")]);

    // A connection error names no URL, so not the key in its query.
    let refused =
        Client::builder().base_url("http://127.0.0.1:9").credentials(query).max_retries(0).build().unwrap();
    let error = refused.list_beta_messages().await.unwrap_err();
    let (text, debug) = (error.to_string(), format!("{error:?}"));
    assert!(matches!(error, Error::Connection(_)), "{debug}");
    assert!(!text.contains("k&y") && !text.contains("k%26y") && !debug.contains("k%26y"), "{text} / {debug}");

    let from_env =
        Client::from_lookup(&|name: &str| (name == "BODIES_SESSION").then(|| "s".to_owned())).unwrap();
    assert!(!format!("{from_env:?}").contains("\"s\""));
}

#[tokio::test]
async fn a_form_body_arrives_as_the_sans_io_request_wrote_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/charges"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "ch_1", "amount": 2000})),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).basic_auth("ada", "s3cret").build().unwrap();
    let body = charge();
    let charge = client.create_charge(&body).await.unwrap();
    assert_eq!((charge.id.as_deref(), charge.amount), (Some("ch_1"), Some(2000)));
    let received = &server.received_requests().await.unwrap()[0];
    assert_eq!(received.headers["content-type"], "application/x-www-form-urlencoded");
    let sans_io = CreateCharge { body: &body }.to_request(BASE).unwrap();
    assert_eq!(received.body, *sans_io.body(), "the bytes on the wire");
    let pairs = pairs(&received.body);
    assert!(pairs.contains(&("items[1][price]".to_owned(), "price_2".to_owned())), "{pairs:?}");
}

#[tokio::test]
async fn a_file_from_a_reader_is_streamed_and_read_afresh_for_a_retry() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let data: Arc<Vec<u8>> = Arc::new((0..200_000u32).map(|i| (i % 253) as u8).collect());
    let opened = Arc::new(AtomicUsize::new(0));
    let (source, count) = (data.clone(), opened.clone());
    let file = File::from_reader(move || {
        count.fetch_add(1, Ordering::SeqCst);
        Ok(std::io::Cursor::new(source.as_ref().clone()))
    })
    .file_name("stream.bin");
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "r"})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).basic_auth("a", "b").build().unwrap();
    let body = Upload { file, ..upload(File::from_bytes("x")) };
    assert_eq!(client.upload_files(&body).await.unwrap().id.as_deref(), Some("r"));
    assert_eq!(opened.load(Ordering::SeqCst), 2, "opened once per attempt");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert!(request.headers.get("content-length").is_none() || request.body.len() > 200_000);
        let content_type = request.headers["content-type"].to_str().unwrap().to_owned();
        let found = parts(&content_type, request.body.clone()).await;
        assert_eq!(found[0].0, "file");
        assert_eq!(found[0].1.as_deref(), Some("stream.bin"));
        assert_eq!(found[0].3, *data, "every byte, on every attempt");
    }
    // Sans-IO, the reader is read into the body.
    let request = UploadFiles { body: &body }.to_request(BASE).unwrap();
    let content_type = request.headers()["content-type"].to_str().unwrap().to_owned();
    assert_eq!(parts(&content_type, request.body().clone()).await[0].3, *data);
}
