//! Secret headers never show in `Debug`; a response body stops at the size limit, with nothing
//! more read. (Where credentials go on a redirect: `redirects.rs`.)

use crate::local_server::{self, LocalServer, StreamStats};
use crate::support::fixture;
use cloudflare_zero_trust_organization::runtime::client::DEFAULT_MAX_RESPONSE_SIZE;
use cloudflare_zero_trust_organization::{
    AccountsOrZones, Client, Error, OrganizationUpdate, RequestOptions, UpdateOrganization,
};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const ORG_PATH: &str = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/organizations";
const TOKEN: &str = "tok-SECRET-bearer";
const EMAIL: &str = "SECRET-me@example.com";
const KEY: &str = "SECRET-global-api-key";
const BASIC: &str = "Basic U0VDUkVULXVzZXI6cGFzcw==";
const COOKIE: &str = "session=SECRET-cookie";
const PROXY: &str = "Basic U0VDUkVULXByb3h5";

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    pairs
        .iter()
        .map(|(name, value)| {
            (HeaderName::from_bytes(name.as_bytes()).unwrap(), HeaderValue::from_str(value).unwrap())
        })
        .collect()
}

async fn update(client: &Client, options: &RequestOptions) -> Result<(), Error> {
    let body = OrganizationUpdate { name: Some("Widget Corps".into()), ..Default::default() };
    let operation = UpdateOrganization {
        accounts_or_zones: &AccountsOrZones::Accounts,
        account_or_zone_id: ID,
        body: &body,
    };
    client.send(&operation, options).await.map(drop)
}

/// What `Debug` shows of headers whose values are `values`: each secret one hidden.
fn assert_hidden(debug: &str, secrets: &[&str], shown: &[&str], redacted: usize) {
    for secret in secrets {
        assert!(!debug.contains(secret), "{secret} shown in {debug}");
    }
    for value in shown {
        assert!(debug.contains(value), "{value} missing from {debug}");
    }
    assert_eq!(debug.matches("<redacted>").count(), redacted, "{debug}");
}

const SECRET_HEADERS: [(&str, &str); 6] = [
    ("authorization", BASIC),
    ("Proxy-Authorization", PROXY),
    ("cookie", COOKIE),
    ("X-Auth-Email", EMAIL),
    ("x-auth-key", KEY),
    ("x-trace", "visible-trace"),
];

#[test]
fn debug_of_options_builder_and_client_hides_secret_headers() {
    let secrets = [BASIC, PROXY, COOKIE, EMAIL, KEY, TOKEN];
    let options = RequestOptions { headers: headers(&SECRET_HEADERS), ..Default::default() };
    assert_hidden(&format!("{options:?}"), &secrets, &["visible-trace", "x-auth-key"], 5);

    let builder = SECRET_HEADERS
        .iter()
        .fold(
            Client::builder().base_url("https://api.example.com").bearer_token(TOKEN),
            |b, (name, value)| {
                b.default_header(
                    HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    HeaderValue::from_str(value).unwrap(),
                )
            },
        )
        .http_client_builder(reqwest::Client::builder());
    // Five headers and the bearer token.
    assert_hidden(&format!("{builder:?}"), &secrets, &["visible-trace", "http_client_builder: true"], 6);
    let client = builder.build().unwrap();
    assert_hidden(&format!("{client:?}"), &secrets, &["visible-trace", "cloudflare-zero-trust-rust/"], 6);
}

/// Which API key headers are secret comes from the spec: the pet store declares `X-Api-Key`,
/// Cloudflare's spec does not.
#[test]
fn secret_header_names_come_from_the_spec() {
    let pairs = [("x-api-key", "SECRET-pet-key"), ("x-auth-key", KEY)];
    let cloudflare = RequestOptions { headers: headers(&pairs), ..Default::default() };
    let pets = pet_store_fixture::RequestOptions { headers: headers(&pairs), ..Default::default() };
    assert_hidden(&format!("{cloudflare:?}"), &[KEY], &["SECRET-pet-key"], 1);
    assert_hidden(&format!("{pets:?}"), &["SECRET-pet-key"], &[KEY], 1);
}

#[tokio::test]
async fn secret_response_headers_are_kept_but_never_shown() {
    let api = MockServer::start().await;
    let answer = ResponseTemplate::new(401)
        .insert_header("set-cookie", COOKIE)
        .insert_header("x-auth-key", KEY)
        .insert_header("cf-ray", "8c1a-SJC");
    Mock::given(path(ORG_PATH)).respond_with(answer).mount(&api).await;
    let client = Client::builder().base_url(api.uri()).bearer_token(TOKEN).build().unwrap();
    let error = update(&client, &RequestOptions::default()).await.unwrap_err();
    for text in [format!("{error:?}"), error.to_string()] {
        assert!(!text.contains("SECRET"), "{text}");
    }
    let Error::Api(api_error) = error else { panic!("{error:?}") };
    assert_eq!(api_error.headers["set-cookie"], COOKIE, "kept for the caller");
    assert_eq!(api_error.request_id(), Some("8c1a-SJC"));
}

const MIB: usize = 1024 * 1024;

fn limited(url: &str, limit: usize) -> Client {
    Client::builder().base_url(url).bearer_token(TOKEN).max_response_size(limit).build().unwrap()
}

fn assert_too_large(result: Result<(), Error>, limit: usize) {
    match &result {
        Err(Error::ResponseTooLarge { status: StatusCode::OK, limit: got }) => assert_eq!(*got, limit),
        other => panic!("expected a body over the limit, got {other:?}"),
    }
    let message = result.unwrap_err().to_string();
    assert!(message.contains(&format!("limit of {limit} bytes")), "{message}");
}

/// A call to `url` with a 1 MiB limit ends with that limit's error well within its timeout (a
/// client waiting for the whole body would reach it).
async fn assert_too_large_quickly(url: &str) {
    let started = Instant::now();
    let options =
        RequestOptions { timeout: Some(Duration::from_secs(5)), max_retries: Some(0), ..Default::default() };
    assert_too_large(update(&limited(url, MIB), &options).await, MIB);
    assert!(started.elapsed() < Duration::from_secs(4), "{:?}", started.elapsed());
}

/// A server streaming spaces without end (no `Content-Length`): the client stops at the limit,
/// closes the connection, and the server could hand over only what the socket buffers hold.
#[tokio::test]
async fn an_endless_body_stops_at_the_limit_and_the_connection_is_closed() {
    let stats = Arc::new(StreamStats::default());
    let body_stats = stats.clone();
    let api = LocalServer::start(false, move |_| {
        local_server::response(200, &[], local_server::endless(64 * 1024, body_stats.clone()))
    })
    .await;
    assert_too_large_quickly(&api.url).await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !stats.dropped.load(Ordering::SeqCst) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(stats.dropped.load(Ordering::SeqCst), "the client kept the connection open");
    let sent = stats.sent.load(Ordering::SeqCst);
    // About 6 MiB in practice: what the loopback socket buffers take before the client stops.
    assert!(sent < 64 * MIB, "the server handed over {sent} bytes");
}

/// A `Content-Length` over the limit is refused before reading: the body never comes, so a
/// client that waited for it would time out.
#[tokio::test]
async fn a_declared_length_over_the_limit_is_refused_before_reading() {
    let api = LocalServer::start(false, |_| {
        local_server::response(200, &[("content-length", "1073741824")], local_server::stalled())
    })
    .await;
    assert_too_large_quickly(&api.url).await;
}

/// The limit is inclusive, with and without a `Content-Length`.
#[tokio::test]
async fn a_body_of_exactly_the_limit_is_read() {
    let mut body = fixture("examples/organization_response_200.json").into_bytes();
    body.resize(body.len() + 1000, b' ');
    let size = body.len();
    for declared in [true, false] {
        let piece = body.clone();
        let api = LocalServer::start(false, move |_| {
            let body = match declared {
                true => local_server::full(piece.clone()),
                false => local_server::chunked(piece.clone(), 700),
            };
            local_server::response(200, &[("content-type", "application/json")], body)
        })
        .await;
        update(&limited(&api.url, size), &RequestOptions::default()).await.unwrap();
        assert_too_large(update(&limited(&api.url, size - 1), &RequestOptions::default()).await, size - 1);
    }
}

#[test]
fn the_default_limit_is_32_mib() {
    assert_eq!(DEFAULT_MAX_RESPONSE_SIZE, 32 * MIB);
    let client = Client::builder().base_url("https://api.example.com").build().unwrap();
    assert!(format!("{client:?}").contains("max_response_size: 33554432"), "{client:?}");
}
