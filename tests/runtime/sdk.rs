//! The generated SDK surface against a real local server: chained setters send exactly what was
//! set, listings stop at their last page in each style, raw responses carry their metadata, and
//! errors keep their causes.

use futures_util::StreamExt;
use listing_fixture::{
    BrowseThings, BrowseThingsOrder, Client, Error, Event, ListEvents, ListLogs, Operation, Page, Paginated,
    Pagination, Thing,
};
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const ACCOUNT: &str = "acc-1";
const TOKEN: &str = "listing-token-SECRET";

pub fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token(TOKEN).max_retries(0).build().unwrap()
}

/// An envelope holding `result`, with `result_info`.
pub fn page(result: Value, info: Value) -> ResponseTemplate {
    page_with_status(200, result, info)
}

fn page_with_status(status: u16, result: Value, info: Value) -> ResponseTemplate {
    let body = json!({"success": true, "errors": [], "messages": [{"code": 7, "message": "cached"}], "result": result, "result_info": info});
    ResponseTemplate::new(status).set_body_json(body).insert_header("x-trace-id", "trace-42")
}

fn things(ids: &[&str]) -> Value {
    ids.iter().map(|id| json!({"id": id})).collect()
}

fn ids(items: &[Thing]) -> Vec<&str> {
    items.iter().map(|t| t.id.as_str()).collect()
}

/// The query of each request received, as (name, value) pairs in order.
async fn queries(server: &MockServer) -> Vec<Vec<(String, String)>> {
    let received = server.received_requests().await.unwrap();
    received
        .iter()
        .map(|r| r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[tokio::test]
async fn a_builder_call_sends_exactly_the_optional_parameters_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(page(things(&["a"]), json!({}))).mount(&server).await;
    let client = client(&server);
    // None set, then some, then options beside them.
    client.browse_things(ACCOUNT).await.unwrap();
    client.browse_things(ACCOUNT).per_page(10).name("x y").await.unwrap();
    client.browse_things(ACCOUNT).order(&BrowseThingsOrder::Created).set_send(true).page(3).await.unwrap();
    client
        .browse_things(ACCOUNT)
        .per_page(5)
        .with_query("beta", "on&off")
        .with_header("x-extra".parse().unwrap(), "1".parse().unwrap())
        .with_timeout(std::time::Duration::from_secs(5))
        .send()
        .await
        .unwrap();
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[]),
            pairs(&[("per_page", "10"), ("name", "x y")]),
            pairs(&[("page", "3"), ("order", "created"), ("send", "true")]),
            pairs(&[("per_page", "5"), ("beta", "on&off")]),
        ]
    );
    let received = server.received_requests().await.unwrap();
    assert!(received[..3].iter().all(|r| !r.headers.contains_key("x-extra")));
    assert_eq!(received[3].headers["x-extra"], "1");
    assert!(received.iter().all(|r| r.url.path() == "/accounts/acc-1/things"));
}

#[tokio::test]
async fn a_setter_value_breaking_a_constraint_sends_nothing() {
    let server = MockServer::start().await;
    let error = client(&server).browse_things(ACCOUNT).per_page(51).await.unwrap_err();
    let Error::Validation(errors) = error else { panic!("expected a validation error, got {error:?}") };
    assert!(errors.violations[0].pointer.ends_with("per_page"), "{errors}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn the_request_structs_work_alone_with_a_constructor_or_default() {
    let base = "https://listing.example.com/v1";
    let operation = BrowseThings { per_page: Some(20), ..BrowseThings::new(ACCOUNT) };
    let request = operation.to_request(base).unwrap();
    assert_eq!(request.uri(), "https://listing.example.com/v1/accounts/acc-1/things?per_page=20");
    let logs = ListLogs.to_request(base).unwrap();
    assert_eq!(logs.uri(), "https://listing.example.com/v1/logs");
    assert_eq!((BrowseThings::METHOD, BrowseThings::PATH), ("GET", "/accounts/{account_id}/things"));
}

#[test]
fn list_operations_are_paginated_as_the_settings_say() {
    let page_number = Pagination::PageNumber { page: "page", total_pages: Some("/result_info/total_pages") };
    assert_eq!(<BrowseThings<'_> as Paginated>::PAGINATION, page_number);
    let cursor =
        Pagination::Cursor { cursor: "cursor", next: &["/result_info/cursor", "/result_info/cursors/after"] };
    assert_eq!(<ListEvents<'_> as Paginated>::PAGINATION, cursor);
    assert_eq!(<ListLogs as Paginated>::PAGINATION, Pagination::Link);
}

#[tokio::test]
async fn a_page_numbered_listing_of_three_pages_stops_at_the_end() {
    let server = MockServer::start().await;
    let info = |page: u64| json!({"page": page, "per_page": 2, "total_pages": 3});
    Mock::given(query_param_is_missing("page"))
        .respond_with(page(things(&["a", "b"]), info(1)))
        .mount(&server)
        .await;
    Mock::given(query_param("page", "2"))
        .respond_with(page(things(&["c", "d"]), info(2)))
        .mount(&server)
        .await;
    Mock::given(query_param("page", "3")).respond_with(page(things(&["e"]), info(3))).mount(&server).await;
    let client = client(&server);
    let items: Vec<Thing> =
        client.browse_things(ACCOUNT).per_page(5).stream().map(Result::unwrap).collect().await;
    assert_eq!(ids(&items), ["a", "b", "c", "d", "e"]);
    let sent = queries(&server).await;
    assert_eq!(
        sent,
        [
            pairs(&[("per_page", "5")]),
            pairs(&[("per_page", "5"), ("page", "2")]),
            pairs(&[("per_page", "5"), ("page", "3")])
        ]
    );
    // Whole pages, with their metadata; a listing that starts later starts there.
    let pages: Vec<Page<Thing>> =
        client.browse_things(ACCOUNT).page(2).pages().map(Result::unwrap).collect().await;
    assert_eq!(pages.len(), 2);
    assert_eq!(ids(&pages[0].value), ["c", "d"]);
    assert_eq!(pages[1].result_info.as_ref().unwrap()["page"], 3);
    assert_eq!(pages[1].request_id(), Some("trace-42"));
}

#[tokio::test]
async fn a_cursor_listing_of_three_pages_stops_when_the_cursor_runs_out() {
    let server = MockServer::start().await;
    let events = |ids: &[i64]| json!({"data": ids.iter().map(|id| json!({"id": id, "kind": "k"})).collect::<Vec<_>>()});
    Mock::given(query_param_is_missing("cursor"))
        .respond_with(page(events(&[1, 2]), json!({"cursors": {"after": "c/2+"}})))
        .mount(&server)
        .await;
    Mock::given(query_param("cursor", "c/2+"))
        .respond_with(page(events(&[3, 4]), json!({"cursors": {"after": "c3"}})))
        .mount(&server)
        .await;
    Mock::given(query_param("cursor", "c3"))
        .respond_with(page(events(&[5]), json!({"cursors": {}})))
        .mount(&server)
        .await;
    let items: Vec<Event> =
        client(&server).list_events(ACCOUNT).limit(2).stream().map(Result::unwrap).collect().await;
    assert_eq!(items.iter().map(|e| e.id).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert_eq!(
        queries(&server).await,
        [
            pairs(&[("limit", "2")]),
            pairs(&[("limit", "2"), ("cursor", "c/2+")]),
            pairs(&[("limit", "2"), ("cursor", "c3")])
        ]
    );
}

#[tokio::test]
async fn a_link_header_listing_follows_next_on_the_same_origin_only() {
    let server = MockServer::start().await;
    let next = |query: &str| format!("<{}/logs?{query}>; rel=\"next\"", server.uri());
    let lines = |items: &[&str]| page(json!(items), json!({}));
    Mock::given(query_param_is_missing("after"))
        .respond_with(lines(&["l1", "l2"]).insert_header("link", next("after=2").as_str()))
        .mount(&server)
        .await;
    Mock::given(query_param("after", "2"))
        .respond_with(lines(&["l3"]).insert_header("link", next("after=3").as_str()))
        .mount(&server)
        .await;
    Mock::given(query_param("after", "3")).respond_with(lines(&["l4"])).mount(&server).await;
    let client = client(&server);
    let items: Vec<String> = client.list_logs().stream().map(Result::unwrap).collect().await;
    assert_eq!(items, ["l1", "l2", "l3", "l4"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    // A next page elsewhere is refused after the items already fetched, and nothing goes there.
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            lines(&["x1"]).insert_header("link", "<https://evil.example/logs?after=2>; rel=\"next\""),
        )
        .mount(&elsewhere)
        .await;
    let results: Vec<Result<String, Error>> = self::client(&elsewhere).list_logs().stream().collect().await;
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap(), "x1");
    let error = results[1].as_ref().unwrap_err();
    assert!(matches!(error, Error::Pagination(_)), "{error:?}");
    assert!(error.to_string().contains("evil.example"), "{error}");
}

#[tokio::test]
async fn an_error_ends_a_listing_after_the_items_before_it() {
    let server = MockServer::start().await;
    Mock::given(query_param_is_missing("page"))
        .respond_with(page(things(&["a"]), json!({"total_pages": 5})))
        .mount(&server)
        .await;
    Mock::given(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(json!({"success": false, "errors": [{"code": 9, "message": "no"}]})),
        )
        .mount(&server)
        .await;
    let results: Vec<Result<Thing, Error>> = client(&server).browse_things(ACCOUNT).stream().collect().await;
    assert_eq!(results.len(), 2);
    assert!(matches!(&results[1], Err(Error::Api(api)) if api.status == 403));
    assert_eq!(server.received_requests().await.unwrap().len(), 2, "no page after the error");
}

#[tokio::test]
async fn the_raw_response_carries_status_headers_request_id_and_envelope_metadata() {
    let server = MockServer::start().await;
    Mock::given(path("/accounts/acc-1/things/t1"))
        .respond_with(page_with_status(203, json!({"id": "t1", "name": "one"}), json!({"page": 1})))
        .mount(&server)
        .await;
    let response = client(&server).fetch_thing(ACCOUNT, "t1").send_with_response().await.unwrap();
    assert_eq!(response.status, 203);
    assert_eq!(response.headers["x-trace-id"], "trace-42");
    assert_eq!(response.request_id(), Some("trace-42"));
    assert_eq!(response.messages[0].code, Some(7));
    assert_eq!(response.result_info, Some(json!({"page": 1})));
    assert_eq!(response.value, Thing { id: "t1".into(), name: Some("one".into()) });
}

#[tokio::test]
async fn decode_errors_keep_the_json_error_as_their_source() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(r#"{"success": true, "result": {"name": 5}}"#),
        )
        .mount(&server)
        .await;
    let error = client(&server).fetch_thing(ACCOUNT, "t1").await.unwrap_err();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    let source = std::error::Error::source(&error).expect("the JSON error");
    let json = source.downcast_ref::<serde_json::Error>().expect("a serde_json error");
    assert!(json.is_data(), "{json}");
}

/// Responds with each status of `statuses` in turn (the last one for ever after), as a retry
/// test needs.
pub struct Sequence {
    pub statuses: Vec<u16>,
    pub calls: std::sync::atomic::AtomicUsize,
}

impl wiremock::Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let call = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let status = self.statuses[call.min(self.statuses.len() - 1)];
        if status == 200 {
            page(json!({"id": "t1"}), json!({}))
        } else {
            ResponseTemplate::new(status)
                .insert_header("retry-after-ms", "10")
                .insert_header("x-trace-id", "trace-503")
        }
    }
}

/// A caller written against the listing fixture's client, before the spec grew.
const CALLER: &str = r#"
use listing_fixture::{Client, ListLogs, BrowseThings, Operation};

#[tokio::main]
async fn main() -> Result<(), listing_fixture::Error> {
    let client = Client::builder().base_url("http://127.0.0.1:9").build()?;
    let _ = client.browse_things("acc").per_page(5).name("x").with_max_retries(0).await;
    let _ = client.fetch_thing("acc", "t1").send_with_response().await;
    let _ = BrowseThings { per_page: Some(5), ..BrowseThings::new("acc") }.to_request("https://a.example");
    let _ = ListLogs.to_request("https://a.example");
    Ok(())
}
"#;

#[test]
fn optional_parameters_added_to_the_spec_break_no_caller() {
    let before = crate::support::fixture("specs/listing.yaml");
    // The spec grows: an optional query parameter on a list and on a get, an optional header.
    let after = before
        .replace(
            "        - { name: send, in: query,",
            "        - { name: tag, in: query, schema: { type: string } }\n        - { name: send, in: query,",
        )
        .replace(
            "      operationId: fetchThing\n",
            "      operationId: fetchThing\n      parameters:\n        - { name: expand, in: query, schema: { type: boolean } }\n        - { name: X-Tenant, in: header, schema: { type: string } }\n",
        );
    assert_ne!(before, after);
    for (name, spec) in [("before", &before), ("after", &after)] {
        let settings = generator::Settings { examples: false, ..generator::Settings::default() };
        let (files, _) =
            generator::generate("listing.yaml", spec, &settings).unwrap_or_else(|d| panic!("{d}"));
        let dir = crate::support::scratch_dir(&format!("evolution-{name}"));
        for file in &files {
            let path = dir.join(&file.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &file.contents).unwrap();
        }
        let client = &files.iter().find(|f| f.path == "src/client.rs").unwrap().contents;
        assert!(client.contains("pub fn fetch_thing<'a>(\n        &self,\n        account_id: &'a str,\n        thing_id: &'a str,\n    )"), "{client}");
        assert_eq!(client.contains("pub fn tag("), name == "after");
        std::fs::create_dir_all(dir.join("examples")).unwrap();
        std::fs::write(dir.join("examples/caller.rs"), CALLER).unwrap();
        crate::support::assert_crate_builds_warning_free_with(&dir, &["--examples"]);
    }
}
