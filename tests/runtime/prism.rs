//! Round trips of the generated client through Prism, an independent mock server built from the
//! project's spec: in static mode it answers with the spec's examples, in dynamic mode with
//! random values valid for the response schemas. Prism also validates each request against the
//! spec (credentials included), so a request the spec does not allow fails the round trip.
//!
//! Prism is pinned by `tests/prism/package-lock.json` and installed by `.ci/install-prism`.

use crate::support::{fixture_json, root, scratch_dir};
use cloudflare_zero_trust_organization::{
    AccountsOrZones, ApiErrorKind, Client, Error, Organization, OrganizationUpdate, RequestOptions,
    UpdateOrganization,
};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

/// A running `prism mock`, stopped when dropped.
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    fn start(dynamic: bool) -> Prism {
        let binary = install();
        let port = free_port();
        let dir = scratch_dir(if dynamic { "prism-dynamic" } else { "prism-static" });
        let log = dir.join("prism.log");
        let spec = root().join("spec/zero-trust-organization.yaml");
        let mut command = Command::new(binary);
        command.args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()]);
        command.args(["--dynamic", if dynamic { "true" } else { "false" }]).arg(spec);
        let output = std::fs::File::create(&log).expect("create the Prism log");
        let child = command
            .stdout(output.try_clone().expect("clone the log handle"))
            .stderr(output)
            .stdin(Stdio::null())
            .spawn()
            .expect("start prism");
        let mut prism = Prism { child, port, log };
        prism.wait_until_listening();
        prism
    }

    fn wait_until_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(90);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("prism exited with {status}:\n{}", self.log_text());
            }
            assert!(Instant::now() < deadline, "prism did not listen within 90 s:\n{}", self.log_text());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn client(&self) -> Client {
        Client::builder()
            .base_url(format!("http://127.0.0.1:{}", self.port))
            .bearer_token("prism-token")
            .build()
            .expect("a loopback base URL is allowed")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The pinned Prism binary, installed on first use.
fn install() -> PathBuf {
    let output = Command::new("bash")
        .arg(root().join(".ci/install-prism"))
        .output()
        .expect("run .ci/install-prism (needs bash, node and npm)");
    assert!(output.status.success(), "install-prism failed:\n{}", String::from_utf8_lossy(&output.stderr));
    PathBuf::from(String::from_utf8(output.stdout).expect("a UTF-8 path").trim())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free local port").port()
}

fn example_body() -> OrganizationUpdate {
    serde_json::from_value(fixture_json("examples/organization_update_request.json")).unwrap()
}

/// Asks Prism for a given status (its `Prefer: code=…` header), and never retries, so each
/// call is one round trip.
fn options(prefer: Option<&str>) -> RequestOptions {
    let mut options = RequestOptions { max_retries: Some(0), ..Default::default() };
    if let Some(code) = prefer {
        options.headers.insert("prefer", format!("code={code}").parse().unwrap());
    }
    options
}

async fn update(
    client: &Client,
    level: AccountsOrZones,
    prefer: Option<&str>,
) -> Result<Organization, Error> {
    let body = example_body();
    let operation = UpdateOrganization { accounts_or_zones: &level, account_or_zone_id: ID, body: &body };
    client.send(&operation, &options(prefer)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn static_mode_returns_the_spec_examples() {
    let prism = Prism::start(false);
    let client = prism.client();
    let expected: Organization =
        serde_json::from_value(fixture_json("examples/organization_response_200.json")["result"].clone())
            .unwrap();
    for level in [AccountsOrZones::Accounts, AccountsOrZones::Zones] {
        let org = update(&client, level, None).await.unwrap_or_else(|e| panic!("{e}\n{}", prism.log_text()));
        assert_eq!(org, expected);
    }
    match update(&client, AccountsOrZones::Accounts, Some("400")).await {
        Err(Error::Api(e)) => {
            assert_eq!(e.kind(), ApiErrorKind::BadRequest);
            assert_eq!(e.status, 400);
            let codes: Vec<Option<i64>> = e.errors.iter().map(|m| m.code).collect();
            assert_eq!(codes, [Some(12062)]);
        }
        other => panic!("expected the spec's 400 example as an API error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn dynamic_mode_round_trips_random_schema_valid_responses() {
    let prism = Prism::start(true);
    let client = prism.client();
    for round in 0..25 {
        let level = if round % 2 == 0 { AccountsOrZones::Accounts } else { AccountsOrZones::Zones };
        let org = update(&client, level, None)
            .await
            .unwrap_or_else(|e| panic!("round {round}: {e}\n{}", prism.log_text()));
        // Re-encoding keeps every field Prism sent.
        let again: Organization = serde_json::from_value(serde_json::to_value(&org).unwrap()).unwrap();
        assert_eq!(again, org, "round {round}");
    }
    for round in 0..10 {
        match update(&client, AccountsOrZones::Accounts, Some("400")).await {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, 400, "round {round}");
                assert!(!e.errors.is_empty(), "round {round}: a failure carries at least one error");
            }
            other => panic!("round {round}: expected an API error, got {other:?}"),
        }
    }
}
