//! The `tracing` feature's span and events, captured by a subscriber (no credential, no parameter
//! value, no body in them), and the `blocking` client retrying exactly as the async one does.

use crate::sdk::{Sequence, page};
use listing_fixture::{ApiKey, Client, Credentials, Error, Secret, Thing};
use serde_json::json;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use tracing_subscriber::layer::SubscriberExt as _;
use wiremock::matchers::{query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

/// Everything the generated crate logs while the guard lives, as text.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn start(&self) -> tracing::subscriber::DefaultGuard {
        let writer = self.clone();
        let layer = tracing_subscriber::fmt::layer().with_ansi(false).with_writer(move || writer.clone());
        let only_ours =
            tracing_subscriber::filter::Targets::new().with_target("listing_fixture", tracing::Level::TRACE);
        let subscriber =
            tracing_subscriber::registry().with(tracing_subscriber::Layer::with_filter(layer, only_ours));
        tracing::subscriber::set_default(subscriber)
    }

    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

fn sequence(statuses: &[u16]) -> Sequence {
    Sequence { statuses: statuses.to_vec(), calls: AtomicUsize::new(0) }
}

#[tokio::test]
async fn a_call_is_one_span_with_an_event_per_attempt_and_per_retry_wait() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any()).respond_with(sequence(&[503, 200])).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).bearer_token("tok-SECRET-9").build().unwrap();
    let captured = Captured::default();
    let guard = captured.start();
    client.fetch_thing("acc-PRIVATE", "thing-PRIVATE").await.unwrap();
    drop(guard);
    let text = captured.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for line in &lines {
        assert!(line.contains("api_call{"), "{line}");
        assert!(line.contains("fetch_thing") && line.contains("GET"), "{line}");
        assert!(line.contains("/accounts/{account_id}/things/{thing_id}"), "{line}");
    }
    assert!(
        lines[0].contains("response") && lines[0].contains("attempt=1") && lines[0].contains("status=503"),
        "{text}"
    );
    assert!(lines[0].contains("trace-503"), "the request id: {text}");
    assert!(lines[1].contains("retrying") && lines[1].contains("wait_ms=10"), "{text}");
    assert!(
        lines[2].contains("attempt=2") && lines[2].contains("status=200") && lines[2].contains("trace-42"),
        "{text}"
    );
    for secret in ["tok-SECRET-9", "Bearer", "PRIVATE", "\"id\""] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[tokio::test]
async fn failed_attempts_are_logged_without_the_url_or_its_query_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let key = Credentials::ApiKeys(vec![(ApiKey::Query("api_key".into()), Secret::new("qk-SECRET-7"))]);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .credentials(key)
        .max_retries(1)
        .build()
        .unwrap();
    let captured = Captured::default();
    let guard = captured.start();
    let error = client.list_logs().await.unwrap_err();
    drop(guard);
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    let text = captured.text();
    assert_eq!(text.matches("attempt failed").count(), 2, "{text}");
    assert!(text.contains("connection error"), "{text}");
    for secret in ["qk-SECRET-7", "api_key", &port.to_string()] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

#[test]
fn the_blocking_client_retries_like_the_async_one() {
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    for (statuses, retries, expected_requests, succeeds) in
        [(vec![503, 503, 200], 2, 3, true), (vec![503, 503, 200], 1, 2, false), (vec![429, 200], 0, 1, false)]
    {
        let server = server_runtime.block_on(MockServer::start());
        server_runtime.block_on(
            Mock::given(wiremock::matchers::any()).respond_with(sequence(&statuses)).mount(&server),
        );
        let builder = || Client::builder().base_url(server.uri()).max_retries(retries);
        let blocking = listing_fixture::blocking::Client::new(builder()).unwrap();
        let api = builder().build().unwrap();
        let outcome = blocking.run(blocking.api().fetch_thing("a", "t1"));
        let blocking_requests = server_runtime.block_on(server.received_requests()).unwrap().len();
        assert_eq!(
            (outcome.is_ok(), blocking_requests),
            (succeeds, expected_requests),
            "{statuses:?} {retries}"
        );
        if let Err(error) = outcome {
            assert!(
                matches!(&error, Error::Api(api) if api.status == *statuses.last().unwrap() || api.status != 200),
                "{error:?}"
            );
        }
        // The async client on the same sequence, afresh.
        server_runtime.block_on(server.reset());
        server_runtime.block_on(
            Mock::given(wiremock::matchers::any()).respond_with(sequence(&statuses)).mount(&server),
        );
        let async_outcome = server_runtime.block_on(api.fetch_thing("a", "t1").send());
        let async_requests = server_runtime.block_on(server.received_requests()).unwrap().len();
        assert_eq!((async_outcome.is_ok(), async_requests), (succeeds, expected_requests));
    }
}

#[test]
fn the_blocking_client_sends_calls_and_iterates_listings() {
    let server_runtime = tokio::runtime::Runtime::new().unwrap();
    let server = server_runtime.block_on(MockServer::start());
    let things = |ids: &[&str], total: u64| {
        page(ids.iter().map(|id| json!({"id": id})).collect(), json!({"total_pages": total}))
    };
    server_runtime.block_on(async {
        Mock::given(query_param_is_missing("page")).respond_with(things(&["a", "b"], 2)).mount(&server).await;
        Mock::given(query_param("page", "2")).respond_with(things(&["c"], 2)).mount(&server).await;
    });
    let builder = Client::builder().base_url(server.uri()).bearer_token("t").max_retries(0);
    let blocking = listing_fixture::blocking::Client::new(builder).unwrap();
    let items: Vec<Thing> = blocking.iter(blocking.api().browse_things("acc")).map(Result::unwrap).collect();
    assert_eq!(items.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
    let pages: Vec<usize> =
        blocking.pages(blocking.api().browse_things("acc")).map(|p| p.unwrap().value.len()).collect();
    assert_eq!(pages, [2, 1]);
    let operation = listing_fixture::BrowseThings::new("acc");
    let first = blocking.send_with_response(&operation, &Default::default()).unwrap();
    assert_eq!((first.value.len(), first.request_id()), (2, Some("trace-42")));
}
