//! The HTTP client against a real local server: auth, the request on the wire, error kinds,
//! retries and their waits, timeouts, connection failures, and secrets kept out of all output.

use crate::support::{fixture, root, scratch_dir};
use cloudflare_zero_trust_organization::{
    AccountsOrZones, ApiErrorKind, Client, Error, OrganizationUpdate, RequestOptions, ResponseError,
    UpdateOrganization,
};
use std::time::{Duration, Instant};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const TOKEN: &str = "tok-SECRET-123";
const ORG_PATH: &str = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/organizations";

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).bearer_token(TOKEN).build().unwrap()
}

fn ok_body() -> String {
    fixture("examples/organization_response_200.json")
}

fn envelope_error(code: i64, message: &str) -> serde_json::Value {
    serde_json::json!({"success": false, "errors": [{"code": code, "message": message}], "messages": [], "result": null})
}

async fn update(
    client: &Client,
    options: &RequestOptions,
) -> Result<cloudflare_zero_trust_organization::Organization, Error> {
    let body = OrganizationUpdate { name: Some("Widget Corps".into()), ..Default::default() };
    let operation = UpdateOrganization {
        accounts_or_zones: &AccountsOrZones::Accounts,
        account_or_zone_id: ID,
        body: &body,
    };
    client.send(&operation, options).await
}

fn no_retries() -> RequestOptions {
    RequestOptions { max_retries: Some(0), ..Default::default() }
}

fn api_error(result: Result<impl std::fmt::Debug, Error>) -> cloudflare_zero_trust_organization::ApiError {
    match result {
        Err(Error::Api(error)) => *error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn success_and_the_exact_request_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(ORG_PATH))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"name": "Widget Corps"})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ok_body(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let org = update(&client(&server), &RequestOptions::default()).await.unwrap();
    assert_eq!(org.name.as_deref(), Some("Widget Corps Internal Applications"));
    let requests = server.received_requests().await.unwrap();
    let agent = requests[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert_eq!(agent, "cloudflare-zero-trust-rust/0.1.0");
    assert_eq!(String::from_utf8_lossy(&requests[0].body), r#"{"name":"Widget Corps"}"#);
}

#[tokio::test]
async fn api_key_credentials_send_both_headers() {
    let server = MockServer::start().await;
    Mock::given(header("x-auth-email", "me@example.com"))
        .and(header("x-auth-key", "KEY-SECRET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ok_body(), "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_keys([("X-Auth-Email", "me@example.com".to_owned()), ("X-Auth-Key", "KEY-SECRET".to_owned())])
        .unwrap()
        .build()
        .unwrap();
    update(&client, &RequestOptions::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert!(requests[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn bad_request_with_a_cloudflare_envelope_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(fixture("examples/failure_400.json"), "application/json")
                .insert_header("cf-ray", "8c1a-SJC"),
        )
        .mount(&server)
        .await;
    let error = api_error(update(&client(&server), &RequestOptions::default()).await);
    assert_eq!(error.kind(), ApiErrorKind::BadRequest);
    assert_eq!(error.errors[0].code, Some(12062));
    assert_eq!(error.errors[0].message, "access.api.error.invalid_org_config");
    assert_eq!(error.request_id(), Some("8c1a-SJC"));
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "400 is not retried");
}

/// Every response scenario of the sans-IO tests (`responses.rs`) reaches a caller of the client
/// as `parse_response` reads it: the same value, the same API error, the same decode error.
#[tokio::test]
async fn the_client_reads_responses_as_the_sans_io_layer_does() {
    for (name, status, content_type, body) in crate::responses::scenarios() {
        let server = MockServer::start().await;
        Mock::given(method("PUT"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_raw(body.clone(), content_type)
                    .insert_header("cf-ray", "8c1a2b3c4d5e6f70-SJC"),
            )
            .mount(&server)
            .await;
        let via_client = update(&client(&server), &no_retries()).await;
        match (via_client, crate::responses::parse(status, content_type, &body)) {
            (Ok(client), Ok(sans_io)) => assert_eq!(client, sans_io, "{name}"),
            (Err(Error::Api(client)), Err(ResponseError::Api(sans_io))) => {
                let parts = |e: &cloudflare_zero_trust_organization::ApiError| {
                    (e.status, e.errors.clone(), e.messages.clone(), e.body_excerpt.clone(), e.to_string())
                };
                assert_eq!(parts(&client), parts(&sans_io), "{name}");
            }
            (Err(Error::Decode(client)), Err(ResponseError::Decode(sans_io))) => {
                assert_eq!(client.to_string(), sans_io.to_string(), "{name}");
            }
            other => panic!("{name}: the client and the sans-IO layer disagree: {other:?}"),
        }
    }
}

/// Answers with each status in turn (the last one repeats), recording attempt times.
struct Sequence {
    responses: Vec<ResponseTemplate>,
    seen: std::sync::Mutex<Vec<Instant>>,
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut seen = self.seen.lock().unwrap();
        seen.push(Instant::now());
        self.responses[(seen.len() - 1).min(self.responses.len() - 1)].clone()
    }
}

async fn sequence(server: &MockServer, responses: Vec<ResponseTemplate>) -> std::sync::Arc<Sequence> {
    let responder = std::sync::Arc::new(Sequence { responses, seen: Default::default() });
    Mock::given(method("PUT")).respond_with(ArcResponder(responder.clone())).mount(server).await;
    responder
}

struct ArcResponder(std::sync::Arc<Sequence>);

impl Respond for ArcResponder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.0.respond(request)
    }
}

/// Waits are asserted by their lower bounds, which a sleep can never undercut, so they pin the
/// policy even on a loaded machine. Upper bounds are loose on purpose (`SLACK`): a busy CI machine
/// can stall a task for seconds, and they only need to rule out a wrong, much longer wait.
const SLACK: Duration = Duration::from_secs(4);

fn gaps(responder: &Sequence) -> Vec<Duration> {
    let seen = responder.seen.lock().unwrap();
    seen.windows(2).map(|w| w[1] - w[0]).collect()
}

#[tokio::test]
async fn retries_a_503_with_backoff_then_succeeds() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_raw(ok_body(), "application/json");
    let responder = sequence(&server, vec![ResponseTemplate::new(503), ok]).await;
    update(&client(&server), &RequestOptions::default()).await.unwrap();
    let gaps = gaps(&responder);
    assert_eq!(gaps.len(), 1, "two attempts");
    // First backoff: 0.5 s less up to 25 % jitter.
    assert!(
        gaps[0] >= Duration::from_millis(375) && gaps[0] < Duration::from_millis(500) + SLACK,
        "{gaps:?}"
    );
}

#[tokio::test]
async fn retry_after_on_429_is_honoured() {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200).set_body_raw(ok_body(), "application/json");
    let limited = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let responder = sequence(&server, vec![limited, ok]).await;
    update(&client(&server), &RequestOptions::default()).await.unwrap();
    let gaps = gaps(&responder);
    assert_eq!(gaps.len(), 1);
    assert!(
        gaps[0] >= Duration::from_millis(1000) && gaps[0] < Duration::from_millis(1000) + SLACK,
        "{gaps:?}"
    );
}

#[tokio::test]
async fn x_should_retry_false_stops_retrying() {
    let server = MockServer::start().await;
    let responder =
        sequence(&server, vec![ResponseTemplate::new(503).insert_header("x-should-retry", "false")]).await;
    let error = api_error(update(&client(&server), &RequestOptions::default()).await);
    assert_eq!(error.status, 503);
    assert_eq!(responder.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn exhausted_retries_return_the_last_error() {
    let server = MockServer::start().await;
    // A hint longer than the first two backoffs (at most 0.5 s and 1 s), so waits that reach it
    // show the hint was taken.
    let busy = |code| {
        ResponseTemplate::new(503)
            .insert_header("retry-after-ms", "1200")
            .set_body_json(envelope_error(code, "busy"))
    };
    let responder = sequence(&server, vec![busy(1), busy(2), busy(3), busy(4)]).await;
    let error = api_error(update(&client(&server), &RequestOptions::default()).await);
    assert_eq!(responder.seen.lock().unwrap().len(), 3, "1 attempt + 2 retries by default");
    assert_eq!(error.errors[0].code, Some(3), "the last attempt's error");
    let gaps = gaps(&responder);
    let hint = Duration::from_millis(1200);
    assert!(gaps.iter().all(|g| *g >= hint && *g < hint + SLACK), "{gaps:?}");
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_in_the_configured_time() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let options = RequestOptions {
        timeout: Some(Duration::from_millis(300)),
        max_retries: Some(0),
        ..Default::default()
    };
    let result = update(&client(&server), &options).await;
    assert!(
        matches!(result, Err(Error::Timeout { after, .. }) if after == Duration::from_millis(300)),
        "{result:?}"
    );
    // Well before the server's 10 s answer (loose, see SLACK).
    assert!(started.elapsed() < Duration::from_millis(300) + SLACK, "{:?}", started.elapsed());
}

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client =
        Client::builder().base_url(format!("http://127.0.0.1:{port}")).bearer_token(TOKEN).build().unwrap();
    match update(&client, &no_retries()).await {
        Err(Error::Connection(error)) => {
            let message = error.to_string();
            assert!(message.to_lowercase().contains("refused"), "{message}");
            assert!(!message.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
            assert!(error.is_connect());
            // The cause is kept: reqwest's error, and the OS error below it.
            let source = std::error::Error::source(&error).expect("a source");
            assert!(source.downcast_ref::<reqwest::Error>().is_some_and(reqwest::Error::is_connect));
            let mut depth = 0;
            let mut cause = Some(source);
            while let Some(inner) = cause {
                depth += 1;
                cause = inner.source();
            }
            assert!(depth >= 2, "the OS error is in the chain: {message}");
        }
        other => panic!("expected a connection error, got {other:?}"),
    }
}

#[tokio::test]
async fn invalid_input_sends_nothing() {
    let server = MockServer::start().await;
    let body = OrganizationUpdate { session_duration: Some("forever".into()), ..Default::default() };
    let result =
        client(&server).update_organization(&AccountsOrZones::Accounts, &"a".repeat(33), &body).await;
    match result {
        Err(Error::Validation(errors)) => assert_eq!(errors.violations.len(), 2),
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_errors() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(401).set_body_json(envelope_error(10000, "Authentication error")))
        .mount(&server)
        .await;
    let client = client(&server);
    let error = update(&client, &no_retries()).await.unwrap_err();
    let keys = Client::builder().api_keys([("X-Auth-Key", "KEY-SECRET".to_owned())]).unwrap();
    for text in [format!("{client:?}"), format!("{error:?}"), error.to_string(), format!("{keys:?}")] {
        assert!(!text.contains(TOKEN) && !text.contains("KEY-SECRET"), "secret leaked: {text}");
    }
    assert!(format!("{client:?}").contains("<redacted>"));
}

#[test]
fn credentials_and_base_url_from_the_environment() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    };
    let client = Client::from_lookup(&env(&[
        ("CLOUDFLARE_API_TOKEN", "t"),
        ("CLOUDFLARE_BASE_URL", "http://127.0.0.1:9"),
    ]))
    .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
    let client = Client::from_lookup(&env(&[
        ("CLOUDFLARE_EMAIL", "e"),
        ("CLOUDFLARE_API_KEY", "k"),
        ("CLOUDFLARE_BASE_URL", ""),
    ]))
    .unwrap();
    assert_eq!(client.base_url(), "https://api.cloudflare.com/client/v4", "empty counts as unset");
    for missing in [&[][..], &[("CLOUDFLARE_API_TOKEN", "")], &[("CLOUDFLARE_EMAIL", "e")]] {
        let error = Client::from_lookup(&env(missing)).unwrap_err().to_string();
        assert_eq!(
            error,
            "invalid client configuration: no credentials found; set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY"
        );
    }
}

#[test]
fn https_is_required_except_on_loopback() {
    for (url, ok) in [
        ("https://api.example.com/v4", true),
        ("http://127.0.0.1:8080", true),
        ("http://localhost:8080/", true),
        ("http://[::1]:8080", true),
        ("http://api.example.com", false),
        ("http://10.0.0.1", false),
        ("ftp://example.com", false),
        ("not a url", false),
    ] {
        let built = Client::builder().base_url(url).build();
        assert_eq!(built.is_ok(), ok, "{url}: {built:?}");
    }
}

/// Runs the generated crate's example with `args`, credentials and the base URL in its environment.
async fn run_example(server: &MockServer, args: Vec<String>) -> std::process::Output {
    let base_url = server.uri();
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--offline", "--example", "update_organization", "--manifest-path"])
            .arg(root().join("generated/Cargo.toml"))
            .arg("--")
            .args(args)
            // Its own target directory: the outer `cargo test` may hold the workspace's.
            .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
            .env("CLOUDFLARE_API_TOKEN", TOKEN)
            .env("CLOUDFLARE_BASE_URL", base_url)
            .env_remove("CLOUDFLARE_EMAIL")
            .env_remove("CLOUDFLARE_API_KEY")
            .output()
            .expect("run cargo")
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_example_prints_the_organization_or_the_error() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path(ORG_PATH))
        .and(body_json(serde_json::json!({"name": "Example Corp"})))
        .respond_with(ResponseTemplate::new(200).set_body_raw(ok_body(), "application/json"))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/zones/023e105f4ecef8ad9ca31a8372d0c353/access/organizations"))
        .respond_with(
            ResponseTemplate::new(400).set_body_raw(fixture("examples/failure_400.json"), "application/json"),
        )
        .mount(&server)
        .await;
    let dir = scratch_dir("example-run");
    let body = dir.join("body.json");
    std::fs::write(&body, r#"{"name": "Example Corp"}"#).unwrap();
    let body = body.display().to_string();

    let ok = run_example(
        &server,
        vec!["accounts".into(), ID.into(), body.clone(), "--timeout".into(), "5".into()],
    )
    .await;
    let stderr = String::from_utf8_lossy(&ok.stderr);
    assert_eq!(ok.status.code(), Some(0), "{stderr}");
    let printed: serde_json::Value =
        serde_json::from_slice(&ok.stdout).expect("stdout is the organization as JSON");
    assert_eq!(printed["auth_domain"], "test.cloudflareaccess.com");

    let failed =
        run_example(&server, vec!["zones".into(), ID.into(), body, "--max-retries".into(), "0".into()]).await;
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("12062: access.api.error.invalid_org_config"), "{stderr}");
    assert!(failed.stdout.is_empty());
    assert!(!stderr.contains(TOKEN));

    let usage = run_example(&server, vec!["accounts".into()]).await;
    assert_eq!(usage.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage: update_organization"));
}

#[tokio::test]
async fn connection_errors_are_retried_with_backoff() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let client =
        Client::builder().base_url(format!("http://127.0.0.1:{port}")).bearer_token(TOKEN).build().unwrap();
    let started = Instant::now();
    let options = RequestOptions { max_retries: Some(1), ..Default::default() };
    let result = update(&client, &options).await;
    assert!(matches!(result, Err(Error::Connection(_))), "{result:?}");
    // One retry after the first backoff: 0.5 s less up to 25 % jitter.
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(375) && elapsed < Duration::from_millis(500) + SLACK,
        "{elapsed:?}"
    );
}
