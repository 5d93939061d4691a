//! Benchmark of the generated client's hot paths, each beside a hand-written serde baseline.
//!
//! On the documentation page's example body and 200 response: `validate()` beside serializing the
//! same body, building the whole request beside serializing an equivalent plain struct, and
//! `parse_response` beside deserializing an equivalent plain envelope.
//!
//! A union-heavy body (the unions fixture's `Shape` and `Account`, decided by their schemas)
//! beside the same enums decoded by serde's `untagged` derive, which takes the first variant whose
//! shape fits.
//!
//! `cargo bench -p tests --bench validation -- --warm-up-time 1 --measurement-time 3`; instruction
//! counts: `scripts/instructions.sh`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use cloudflare_zero_trust_organization::{
    AccountsOrZones, DEFAULT_BASE_URL, Operation, OrganizationUpdate, UpdateOrganization, Validate,
};
use criterion::Criterion;
use serde::{Deserialize, Serialize};

const ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn example(name: &str) -> Vec<u8> {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/examples").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

// ---- plain hand-written equivalents (no generated code) -----------------------------------------

#[derive(Serialize, Deserialize)]
struct PlainCustomPages {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forbidden: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    identity_denied: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PlainLoginDesign {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    background_color: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    footer_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    header_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    logo_path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text_color: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PlainMfaConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allowed_authenticators: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session_duration: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PlainOrganizationUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    allow_authenticate_via_warp: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    auth_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    auto_redirect_to_identity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    custom_pages: Option<PlainCustomPages>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deny_unmatched_requests: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deny_unmatched_requests_exempted_zone_names: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    is_ui_read_only: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    login_design: Option<PlainLoginDesign>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mfa_config: Option<PlainMfaConfig>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mfa_required_for_all_apps: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session_duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ui_read_only_toggle_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user_seat_expiration_inactive_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    warp_auth_session_duration: Option<String>,
}

/// The organization in a response: the update's fields plus the server's timestamps.
#[derive(Deserialize)]
#[allow(dead_code)] // Only deserialized.
struct PlainOrganization {
    #[serde(default)]
    allow_authenticate_via_warp: Option<bool>,
    #[serde(default)]
    auth_domain: Option<String>,
    #[serde(default)]
    auto_redirect_to_identity: Option<bool>,
    #[serde(default)]
    created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    custom_pages: Option<PlainCustomPages>,
    #[serde(default)]
    deny_unmatched_requests: Option<bool>,
    #[serde(default)]
    deny_unmatched_requests_exempted_zone_names: Option<Vec<String>>,
    #[serde(default)]
    is_ui_read_only: Option<bool>,
    #[serde(default)]
    login_design: Option<PlainLoginDesign>,
    #[serde(default)]
    mfa_config: Option<PlainMfaConfig>,
    #[serde(default)]
    mfa_required_for_all_apps: Option<bool>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    session_duration: Option<String>,
    #[serde(default)]
    ui_read_only_toggle_reason: Option<String>,
    #[serde(default)]
    updated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    user_seat_expiration_inactive_time: Option<String>,
    #[serde(default)]
    warp_auth_session_duration: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // Only deserialized.
struct PlainSource {
    #[serde(default)]
    pointer: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // Only deserialized.
struct PlainMessage {
    code: i64,
    message: String,
    #[serde(default)]
    documentation_url: Option<String>,
    #[serde(default)]
    source: Option<PlainSource>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // Only deserialized.
struct PlainEnvelope {
    success: bool,
    errors: Vec<PlainMessage>,
    messages: Vec<PlainMessage>,
    #[serde(default)]
    result: Option<PlainOrganization>,
}

// The same unions as serde's `untagged` derive reads them: the first variant whose shape fits.
#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded for the benchmark only")]
#[serde(untagged)]
enum PlainShape {
    Circle { kind: String, radius: f64 },
    Square { kind: String, side: f64 },
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded for the benchmark only")]
#[serde(untagged)]
enum PlainAccount {
    Basic { name: String },
    Linked { name: String, provider: Option<String>, linked_at: Option<DateTime<Utc>> },
}

// The discriminated union as serde's internally tagged derive reads it.
#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded for the benchmark only")]
#[serde(tag = "type")]
enum PlainCitation {
    #[serde(rename = "file_citation")]
    File { file_id: String },
    #[serde(rename = "url_citation")]
    Url { url: String },
}

/// 100 citations, files and URLs in turn, as a JSON array.
fn citation_body() -> Vec<u8> {
    let citations: Vec<serde_json::Value> = (0..100)
        .map(|i| match i % 2 {
            0 => serde_json::json!({"type": "file_citation", "file_id": format!("file-{i}")}),
            _ => serde_json::json!({"type": "url_citation", "url": format!("https://example.com/{i}")}),
        })
        .collect();
    serde_json::to_vec(&citations).unwrap()
}

/// 50 shapes (circles and squares) and 50 accounts (basic and linked), as two JSON arrays.
fn union_bodies() -> (Vec<u8>, Vec<u8>) {
    let shapes: Vec<serde_json::Value> = (0..50)
        .map(|i| match i % 2 {
            0 => serde_json::json!({"kind": "circle", "radius": i as f64 / 2.0}),
            _ => serde_json::json!({"kind": "square", "side": i}),
        })
        .collect();
    let accounts: Vec<serde_json::Value> = (0..50)
        .map(|i| match i % 2 {
            0 => serde_json::json!({"name": format!("user{i}")}),
            _ => serde_json::json!({"name": "n", "provider": "okta", "linked_at": "2024-01-02T03:04:05Z"}),
        })
        .collect();
    (serde_json::to_vec(&shapes).unwrap(), serde_json::to_vec(&accounts).unwrap())
}

// ---- benchmarks ---------------------------------------------------------------------------------

/// One benchmark: its group, its name, and one iteration of it.
struct Case {
    group: &'static str,
    name: &'static str,
    run: Box<dyn FnMut()>,
}

fn case(group: &'static str, name: &'static str, run: impl FnMut() + 'static) -> Case {
    Case { group, name, run: Box::new(run) }
}

/// Every benchmark, each baseline beside what it is compared with. The inputs live as long as the
/// process: they are leaked, once, so each case can hold them.
fn cases() -> Vec<Case> {
    let request_json = example("organization_update_request.json");
    let body: &'static OrganizationUpdate =
        Box::leak(Box::new(serde_json::from_slice(&request_json).expect("the example body parses")));
    let plain: &'static PlainOrganizationUpdate =
        Box::leak(Box::new(serde_json::from_slice(&request_json).expect("the example body parses")));
    assert!(body.validate().is_ok(), "the example body is valid");
    assert_eq!(serde_json::to_vec(body).unwrap(), serde_json::to_vec(plain).unwrap(), "same JSON");
    let op: &'static UpdateOrganization<'static> = Box::leak(Box::new(UpdateOrganization {
        accounts_or_zones: &AccountsOrZones::Accounts,
        account_or_zone_id: ID,
        body,
    }));
    let response: &'static [u8] = example("organization_response_200.json").leak();
    UpdateOrganization::parse_response(http::Response::new(response)).expect("the 200 parses");
    let (shapes, accounts) = union_bodies();
    let (shapes, accounts): (&'static [u8], &'static [u8]) = (shapes.leak(), accounts.leak());
    let citations: &'static [u8] = citation_body().leak();

    vec![
        case("validate", "validate", move || {
            let _ = black_box(black_box(body).validate());
        }),
        case("validate", "baseline_to_vec_body", move || {
            black_box(serde_json::to_vec(black_box(body)).unwrap());
        }),
        // What the issue compares: validate + serialize, against serializing a plain struct.
        case("request", "validate_and_serialize", move || {
            let body = black_box(body);
            body.validate().unwrap();
            black_box(serde_json::to_vec(body).unwrap());
        }),
        case("request", "baseline_to_vec_plain_struct", move || {
            black_box(serde_json::to_vec(black_box(plain)).unwrap());
        }),
        // The whole `http::Request` (validation, encoded path, URI, headers, body), against a
        // hand-written one built with `http`'s builder from the plain struct.
        case("request", "to_request", move || {
            black_box(black_box(op).to_request(black_box(DEFAULT_BASE_URL)).unwrap());
        }),
        case("request", "baseline_http_request_plain_struct", move || {
            let url = format!("{}/accounts/{ID}/access/organizations", black_box(DEFAULT_BASE_URL));
            let request = http::Request::builder()
                .method(http::Method::PUT)
                .uri(url)
                .header(http::header::ACCEPT, "application/json")
                .header(http::header::CONTENT_TYPE, "application/json")
                .body(serde_json::to_vec(black_box(plain)).unwrap())
                .unwrap();
            black_box(request);
        }),
        case("response", "parse_response", move || {
            black_box(UpdateOrganization::parse_response(http::Response::new(black_box(response))).unwrap());
        }),
        case("response", "baseline_from_slice_plain_envelope", move || {
            black_box(serde_json::from_slice::<PlainEnvelope>(black_box(response)).unwrap());
        }),
        case("unions", "decode_by_schema", move || {
            let shapes: Vec<unions_fixture::Shape> = serde_json::from_slice(black_box(shapes)).unwrap();
            let accounts: Vec<unions_fixture::Account> = serde_json::from_slice(black_box(accounts)).unwrap();
            black_box((shapes, accounts));
        }),
        case("unions", "baseline_serde_untagged_plain", move || {
            let shapes: Vec<PlainShape> = serde_json::from_slice(black_box(shapes)).unwrap();
            let accounts: Vec<PlainAccount> = serde_json::from_slice(black_box(accounts)).unwrap();
            black_box((shapes, accounts));
        }),
        case("unions", "decode_by_discriminator", move || {
            black_box(serde_json::from_slice::<Vec<unions_fixture::Citation>>(black_box(citations)).unwrap());
        }),
        case("unions", "baseline_serde_internally_tagged_plain", move || {
            black_box(serde_json::from_slice::<Vec<PlainCitation>>(black_box(citations)).unwrap());
        }),
    ]
}

/// Criterion over every case; or, with `BENCH_ITERATIONS=n` and `BENCH_CASE=group/name`, that
/// case run `n` times and nothing else (without `BENCH_CASE`, the cases' names), for an instruction count under callgrind that the VM's
/// speed does not move (`scripts/instructions.sh`).
fn main() {
    let mut cases = cases();
    if let Ok(iterations) = std::env::var("BENCH_ITERATIONS") {
        let iterations: u64 = iterations.parse().expect("BENCH_ITERATIONS is a count");
        let Ok(wanted) = std::env::var("BENCH_CASE") else {
            cases.iter().for_each(|c| println!("{}/{}", c.group, c.name));
            return;
        };
        let case = cases
            .iter_mut()
            .find(|c| format!("{}/{}", c.group, c.name) == wanted)
            .unwrap_or_else(|| panic!("no case {wanted}"));
        for _ in 0..iterations {
            (case.run)();
        }
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    let mut groups: Vec<&str> = cases.iter().map(|c| c.group).collect();
    groups.dedup();
    for group_name in groups {
        let mut group = criterion.benchmark_group(group_name);
        for case in cases.iter_mut().filter(|c| c.group == group_name) {
            group.bench_function(case.name, |b| b.iter(&mut case.run));
        }
        group.finish();
    }
    criterion.final_summary();
}
