//! Generated clients against real servers that others wrote, installed from package registries
//! at pinned versions (`tests/interop/`: Prefect's FastAPI server from PyPI, LoopBack 4's Todo
//! app from npm). Each test starts its server on loopback with a fresh store, generates a client
//! from the document the running server serves (which must equal the committed fixture, so a
//! change in the server's document shows as a diff), builds it with a scenario program
//! (`tests/interop/scenarios/`: create, read, filter, paginate, PATCH with a field absent and
//! one `null`, a server-side validation error, a value refused before sending, delete,
//! not-found) and runs it.
//!
//! Where a registry cannot be reached, a local run skips with the reason printed; with `CI` set
//! (as `.ci/run` sets it), that fails.

use crate::support::{root, scratch_dir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A server started by `tests/interop/start.sh`, stopped when dropped.
struct Running {
    data_dir: PathBuf,
    base_url: String,
    openapi_url: String,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = Command::new(root().join("tests/interop/stop.sh")).arg(&self.data_dir).status();
    }
}

/// Installs the servers (once per machine: `install.sh` keeps a stamp); `false` to skip.
fn installed(server: &str) -> bool {
    let output =
        Command::new(root().join("tests/interop/install.sh")).arg(server).output().expect("run install.sh");
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => true,
        Some(3) if std::env::var_os("CI").is_none() => {
            eprintln!("skipping the {server} interop test: {}", stderr.trim());
            false
        }
        _ => panic!(
            "tests/interop/install.sh {server} failed:\n{}\n{stderr}",
            String::from_utf8_lossy(&output.stdout)
        ),
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn start(server: &str) -> Running {
    let data_dir = scratch_dir(&format!("interop-{server}-data"));
    std::fs::remove_dir(&data_dir).expect("start.sh wants to make the directory");
    let output = Command::new(root().join("tests/interop/start.sh"))
        .args([server, &free_port().to_string()])
        .arg(&data_dir)
        .output()
        .expect("run start.sh");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "start.sh {server}:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value = |key: &str| {
        let line = stdout.lines().find_map(|line| line.strip_prefix(&format!("{key}=")));
        line.unwrap_or_else(|| panic!("start.sh printed no `{key}`:\n{stdout}")).to_owned()
    };
    Running { base_url: value("base_url"), openapi_url: value("openapi_url"), data_dir }
}

/// The document the running server serves, checked against the committed fixture (its own
/// URL in `servers`, which holds the port, aside).
async fn served_document(server: &Running, fixture: &str) -> Value {
    let response = reqwest::get(&server.openapi_url).await.expect("the document answers");
    let bytes = response.bytes().await.expect("the document is read");
    let served: Value = serde_json::from_slice(&bytes).expect("the document is JSON");
    let committed: Value =
        serde_json::from_str(&crate::support::fixture(&format!("../interop/{fixture}"))).unwrap();
    let without_servers = |doc: &Value| {
        let mut doc = doc.clone();
        doc.as_object_mut().map(|d| d.remove("servers"));
        doc
    };
    if without_servers(&served) != without_servers(&committed) {
        let path = root().join(format!("target/interop/served-{fixture}"));
        std::fs::write(&path, serde_json::to_string_pretty(&served).unwrap()).unwrap();
        panic!("the server's document differs from tests/interop/{fixture}: compare with {}", path.display());
    }
    served
}

/// Generates the client of `document` into a scratch crate, with the scenario as its example.
fn client_with_scenario(name: &str, document: &Value) -> PathBuf {
    let settings = generator::Settings {
        crate_name: Some(format!("interop-{name}")),
        examples: false,
        ..generator::Settings::default()
    };
    let text = serde_json::to_string(document).unwrap();
    let (files, _) = generator::generate(&format!("{name}.openapi.json"), &text, &settings)
        .unwrap_or_else(|d| panic!("{d}"));
    let dir = scratch_dir(&format!("interop-{name}-client"));
    for file in &files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.contents).unwrap();
    }
    std::fs::create_dir_all(dir.join("examples")).unwrap();
    let scenario = root().join(format!("tests/interop/scenarios/{name}.rs"));
    std::fs::copy(scenario, dir.join("examples/scenario.rs")).unwrap();
    dir
}

/// Builds and runs the scenario against `server`; its output on failure.
fn run_scenario(dir: &Path, features: &[&str], server: &Running) {
    let mut command = Command::new(env!("CARGO"));
    command.args(["run", "--offline", "--quiet", "--example", "scenario"]);
    if !features.is_empty() {
        command.args(["--no-default-features", "--features", &features.join(",")]);
    }
    let output = command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .env("INTEROP_BASE_URL", &server.base_url)
        .output()
        .expect("run cargo");
    let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the scenario failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains("ok: not found after delete"), "the scenario ended early:\n{stdout}");
}

#[tokio::test]
async fn the_client_of_a_fastapi_server_runs_its_scenario() {
    if !installed("prefect") {
        return;
    }
    let server = start("prefect");
    let document = served_document(&server, "prefect.openapi.json").await;
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")));
    let dir = client_with_scenario("prefect", &document);
    // The operations of one group, as a user who needs only those builds it.
    run_scenario(&dir, &["client", "variables"], &server);
}

#[tokio::test]
async fn the_client_of_a_loopback_server_runs_its_scenario() {
    if !installed("todo") {
        return;
    }
    let server = start("todo");
    let document = served_document(&server, "todo.openapi.json").await;
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.0")));
    let dir = client_with_scenario("todo", &document);
    run_scenario(&dir, &[], &server);
}
