//! Differential property test: the generated `validate()` against the `jsonschema` crate on the spec.
//!
//! The request-body schema is taken straight from `spec/zero-trust-organization.yaml` and checked
//! as JSON Schema draft 4, OpenAPI 3.0's base: a `$ref` replaces its siblings there too, `default`
//! is an annotation, and OpenAPI's own `example`, `nullable` and `readOnly` are unknown keywords,
//! so ignored. Every generated body must be accepted by both validators or refused by both, at the
//! same JSON pointers.

use std::cell::Cell;
use std::collections::BTreeSet;

use cloudflare_zero_trust_organization::{OrganizationUpdate, Validate, Violation};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};
use serde_json::{Map, Value, json};

use crate::support::root;

/// How many bodies the property test generates.
const CASES: u32 = 2_500;

/// A draft 4 validator for `OrganizationUpdate`, with the spec's components under the same pointer
/// so its `#/components/schemas/...` references resolve in place. Nothing is fetched.
fn spec_validator() -> jsonschema::Validator {
    let path = root().join("spec/zero-trust-organization.yaml");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let spec: Value = serde_yaml::from_str(&text).expect("the spec is valid YAML");
    let schema = json!({
        "$ref": "#/components/schemas/OrganizationUpdate",
        "components": spec["components"],
    });
    jsonschema::draft4::options().offline().build(&schema).expect("the spec's schemas are valid JSON Schema")
}

/// The instance paths `jsonschema` reports, as JSON pointers.
fn schema_pointers(validator: &jsonschema::Validator, instance: &Value) -> BTreeSet<String> {
    validator.iter_errors(instance).map(|error| error.instance_path().as_str().to_owned()).collect()
}

fn violations(body: &OrganizationUpdate) -> Vec<Violation> {
    body.validate().err().map(|errors| errors.violations).unwrap_or_default()
}

// ---- strategies ---------------------------------------------------------------------------------

/// Durations that match both patterns: the Go one and the m/h one.
const BOTH: &[&str] = &["24h", "2h45m", "1.5h", "30m", "720h", ".5m", "5.h", "1m1h", "0m", "0.25h", "1h1h"];

/// Durations that match the Go pattern only: other units, a sign, a bare `0`.
const GO_ONLY: &[&str] =
    &["300ms", "-1h", "+1h", "0", "-0", "+0", "10µs", "10μs", "2us", "3ns", "1h0m0s", "0.000001s", "-1.5h"];

/// Near misses of both: wrong unit, case, spacing, separators, non-ASCII digits, a trailing newline.
const NEITHER: &[&str] = &[
    "24x",
    "h",
    "",
    " 24h",
    "24h ",
    "1d",
    "1H",
    "1 h",
    "h1",
    "00",
    "-",
    "+",
    ".h",
    "1..5h",
    "1.5.5h",
    "--1h",
    "+-1h",
    "1h-1m",
    "24h\n",
    "\n24h",
    "1h,2m",
    "\u{0663}h",
    "\u{ff11}h",
    "1e3s",
    "0x10s",
    "1µ",
    "1u",
    "1n",
    "1mss",
    "inf",
    "NaN",
    "1h\u{0}",
];

/// A duration-looking string: a curated value (`go` picks which ones are meant to be valid), a
/// random string over the duration alphabet, or a run of segments whose numbers may be malformed.
fn duration(go: bool) -> impl Strategy<Value = Value> {
    let segment = (
        "[0-9]{0,3}(\\.[0-9]{0,2})?",
        prop::sample::select(&["h", "m", "m", "h", "s", "ms", "us", "µs", "μs", "ns", "x"][..]),
    )
        .prop_map(|(number, unit)| format!("{number}{unit}"));
    let segments =
        (prop::sample::select(&["", "", "", "", "-", "+"][..]), prop::collection::vec(segment, 1..4))
            .prop_map(|(sign, segments)| format!("{sign}{}", segments.concat()));
    let (go_only, neither) = if go { (4, 2) } else { (1, 3) };
    prop_oneof![
        4 => prop::sample::select(BOTH).prop_map(str::to_owned),
        go_only => prop::sample::select(GO_ONLY).prop_map(str::to_owned),
        neither => prop::sample::select(NEITHER).prop_map(str::to_owned),
        2 => "[0-9.hmsuµn-]{0,6}",
        3 => segments,
    ]
    .prop_map(Value::from)
}

fn authenticator() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(&["totp", "biometrics", "security_key"][..]).prop_map(str::to_owned),
        1 => prop::sample::select(&["passkey", "TOTP", "", "security-key", " totp", "sms"][..])
            .prop_map(str::to_owned),
        1 => "\\PC{0,8}",
    ]
}

fn text() -> impl Strategy<Value = Value> {
    "\\PC{0,16}".prop_map(Value::from)
}

fn flag() -> impl Strategy<Value = Value> {
    any::<bool>().prop_map(Value::from)
}

/// An object holding the fields that are present, in the given order.
fn object(fields: Vec<(&str, Option<Value>)>) -> Value {
    let map: Map<String, Value> =
        fields.into_iter().filter_map(|(name, value)| Some((name.to_owned(), value?))).collect();
    Value::Object(map)
}

fn custom_pages() -> impl Strategy<Value = Value> {
    (prop::option::of(text()), prop::option::of(text())).prop_map(|(forbidden, identity_denied)| {
        object(vec![("forbidden", forbidden), ("identity_denied", identity_denied)])
    })
}

fn login_design() -> impl Strategy<Value = Value> {
    prop::array::uniform5(prop::option::of(text())).prop_map(|[background, footer, header, logo, color]| {
        object(vec![
            ("background_color", background),
            ("footer_text", footer),
            ("header_text", header),
            ("logo_path", logo),
            ("text_color", color),
        ])
    })
}

fn mfa_config() -> impl Strategy<Value = Value> {
    let authenticators = prop::collection::vec(authenticator(), 0..4).prop_map(Value::from);
    (prop::option::of(authenticators), prop::option::of(duration(false))).prop_map(
        |(authenticators, session_duration)| {
            object(vec![("allowed_authenticators", authenticators), ("session_duration", session_duration)])
        },
    )
}

/// An `OrganizationUpdate` body as JSON: each of the 15 fields present or absent, every value of
/// the type the schema states (so it always deserializes) but not always of the allowed form.
fn body() -> impl Strategy<Value = Value> {
    let first = (
        prop::option::of(flag()),
        prop::option::of(text()),
        prop::option::of(flag()),
        prop::option::of(custom_pages()),
        prop::option::of(flag()),
        prop::option::of(prop::collection::vec(text(), 0..3).prop_map(Value::from)),
        prop::option::of(flag()),
        prop::option::of(login_design()),
    );
    let second = (
        prop::option::of(mfa_config()),
        prop::option::of(flag()),
        prop::option::of(text()),
        prop::option::of(duration(true)),
        prop::option::of(text()),
        prop::option::of(duration(true)),
        prop::option::of(duration(false)),
    );
    (first, second).prop_map(|((a, b, c, d, e, f, g, h), (i, j, k, l, m, n, o))| {
        object(vec![
            ("allow_authenticate_via_warp", a),
            ("auth_domain", b),
            ("auto_redirect_to_identity", c),
            ("custom_pages", d),
            ("deny_unmatched_requests", e),
            ("deny_unmatched_requests_exempted_zone_names", f),
            ("is_ui_read_only", g),
            ("login_design", h),
            ("mfa_config", i),
            ("mfa_required_for_all_apps", j),
            ("name", k),
            ("session_duration", l),
            ("ui_read_only_toggle_reason", m),
            ("user_seat_expiration_inactive_time", n),
            ("warp_auth_session_duration", o),
        ])
    })
}

// ---- tests --------------------------------------------------------------------------------------

#[test]
fn validate_agrees_with_json_schema_on_generated_bodies() {
    let validator = spec_validator();
    let (valid, invalid) = (Cell::new(0u32), Cell::new(0u32));
    // Cases with at least one violation of each kind, so both kinds of check are exercised.
    let (bad_enum, bad_pattern) = (Cell::new(0u32), Cell::new(0u32));
    let bump = |counter: &Cell<u32>| counter.set(counter.get() + 1);
    // No regression files: a failure prints the shrunk input, which is the bug report.
    let config = Config { failure_persistence: None, ..Config::with_cases(CASES) };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&body(), |json| {
        let body: OrganizationUpdate = serde_json::from_value(json.clone())
            .map_err(|e| TestCaseError::fail(format!("does not deserialize: {e}")))?;
        let accepted = validator.is_valid(&json);
        prop_assert_eq!(body.validate().is_ok(), accepted, "validate() and jsonschema disagree");
        let found = violations(&body);
        let ours: BTreeSet<&str> = found.iter().map(|v| v.pointer.as_str()).collect();
        let theirs = schema_pointers(&validator, &json);
        prop_assert_eq!(
            ours,
            theirs.iter().map(String::as_str).collect(),
            "the violations are at other pointers"
        );
        bump(if accepted { &valid } else { &invalid });
        if found.iter().any(|v| v.rule.starts_with("enum")) {
            bump(&bad_enum);
        }
        if found.iter().any(|v| v.rule.starts_with("pattern")) {
            bump(&bad_pattern);
        }
        Ok(())
    });
    if let Err(error) = result {
        match error {
            TestError::Fail(reason, json) => panic!("{reason}\ninput: {json}"),
            TestError::Abort(reason) => panic!("aborted: {reason}"),
        }
    }
    let (valid, invalid, bad_enum, bad_pattern) =
        (valid.get(), invalid.get(), bad_enum.get(), bad_pattern.get());
    eprintln!(
        "differential: {} cases, {valid} valid, {invalid} invalid \
         ({bad_pattern} with a pattern violation, {bad_enum} with an enum violation)",
        valid + invalid
    );
    assert_eq!(valid + invalid, CASES);
    assert!(valid * 10 > CASES && invalid * 10 > CASES, "unbalanced split: {valid} valid, {invalid} invalid");
    assert!(bad_pattern * 40 > CASES && bad_enum * 40 > CASES, "a kind of check is barely exercised");
}

#[test]
fn every_violation_is_reported_in_field_order_at_the_pointers_json_schema_gives() {
    let json = json!({
        "mfa_config": {
            "allowed_authenticators": ["totp", "passkey", "security_key"],
            "session_duration": "90s",
        },
        "name": "Widget Corps",
        "session_duration": "24x",
        "user_seat_expiration_inactive_time": "730h",
        "warp_auth_session_duration": "1d",
    });
    let body: OrganizationUpdate = serde_json::from_value(json.clone()).unwrap();
    let found = violations(&body);
    let pointers: Vec<&str> = found.iter().map(|v| v.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/mfa_config/allowed_authenticators/1",
            "/mfa_config/session_duration",
            "/session_duration",
            "/warp_auth_session_duration",
        ],
        "{found:#?}"
    );
    let values: Vec<&str> = found.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, [r#""passkey""#, r#""90s""#, r#""24x""#, r#""1d""#]);
    assert!(found[0].rule.starts_with("enum"), "{:?}", found[0]);
    for violation in &found[1..] {
        assert!(violation.rule.starts_with("pattern"), "{violation:?}");
    }
    // The same report twice: the order does not depend on anything but the body.
    assert_eq!(violations(&body), found);

    let validator = spec_validator();
    let ours: BTreeSet<String> = found.into_iter().map(|v| v.pointer).collect();
    assert_eq!(ours, schema_pointers(&validator, &json));
}
