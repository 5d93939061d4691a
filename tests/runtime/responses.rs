//! Parsing responses: the organization on success, a typed error for everything else.

use crate::support::fixture;
use cloudflare_zero_trust_organization::{
    AllowedAuthenticator, ApiErrorKind, Operation, Organization, ResponseError, UpdateOrganization,
};

pub(crate) fn parse(status: u16, content_type: &str, body: &str) -> Result<Organization, ResponseError> {
    let response = http::Response::builder()
        .status(status)
        .header("content-type", content_type)
        .header("cf-ray", "8c1a2b3c4d5e6f70-SJC")
        .body(body.as_bytes().to_vec())
        .unwrap();
    UpdateOrganization::parse_response(response)
}

/// Responses whose reading this module checks in detail, for the client tests to send through
/// the network: (name, status, content type, body).
pub(crate) fn scenarios() -> Vec<(&'static str, u16, &'static str, String)> {
    let full = fixture("examples/organization_response_200.json");
    let mut scenarios = vec![
        ("success", 200, "application/json", full.clone()),
        ("failure envelope", 400, "application/json", fixture("examples/failure_400.json")),
        ("success false on 200", 200, "application/json", SUCCESS_FALSE.to_owned()),
        ("html error page", 502, "text/html", html_page()),
        ("truncated json", 200, "application/json", full[..full.len() / 2].to_owned()),
        ("unknown values", 200, "application/json", unknown_values()),
    ];
    for status in [401, 403, 404, 409, 422, 429, 500] {
        scenarios.push(("status class", status, "application/json", ENVELOPE_ERROR.to_owned()));
    }
    scenarios
}

const SUCCESS_FALSE: &str =
    r#"{"success":false,"errors":[{"code":7003,"message":"Could not route"}],"messages":[],"result":null}"#;
const ENVELOPE_ERROR: &str =
    r#"{"success":false,"errors":[{"code":10000,"message":"no"}],"messages":[],"result":null}"#;

fn html_page() -> String {
    format!("<html><body><h1>502 Bad Gateway</h1>{}</body></html>", "x".repeat(2000))
}

fn unknown_values() -> String {
    envelope(
        r#"{"mfa_config":{"allowed_authenticators":["totp","passkey"]},"brand_new_field":{"a":1},"name":"n"}"#,
    )
}

fn envelope(result: &str) -> String {
    format!(r#"{{"success":true,"errors":[],"messages":[],"result":{result}}}"#)
}

fn api_error(result: Result<Organization, ResponseError>) -> cloudflare_zero_trust_organization::ApiError {
    match result {
        Err(ResponseError::Api(error)) => *error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn failure_envelope_becomes_a_typed_api_error() {
    let error = api_error(parse(400, "application/json", &fixture("examples/failure_400.json")));
    assert_eq!(error.kind(), ApiErrorKind::BadRequest);
    assert_eq!(error.status, 400);
    assert_eq!(error.errors.len(), 1);
    assert_eq!(error.errors[0].code, Some(12062));
    assert_eq!(error.errors[0].message, "access.api.error.invalid_org_config");
    assert!(error.errors[0].extra.contains_key("error_chain"), "unknown keys are kept");
    assert_eq!(error.request_id(), Some("8c1a2b3c4d5e6f70-SJC"));
    assert_eq!(
        error.to_string(),
        "API error 400 Bad Request: 12062: access.api.error.invalid_org_config (request id 8c1a2b3c4d5e6f70-SJC)"
    );
}

#[test]
fn status_classes_map_to_error_kinds() {
    for (status, kind) in [
        (400, ApiErrorKind::BadRequest),
        (401, ApiErrorKind::Authentication),
        (403, ApiErrorKind::PermissionDenied),
        (404, ApiErrorKind::NotFound),
        (409, ApiErrorKind::Conflict),
        (422, ApiErrorKind::UnprocessableEntity),
        (429, ApiErrorKind::RateLimit),
        (500, ApiErrorKind::InternalServer),
        (503, ApiErrorKind::InternalServer),
        (418, ApiErrorKind::Other),
    ] {
        let error = api_error(parse(status, "application/json", ENVELOPE_ERROR));
        assert_eq!(error.kind(), kind, "{status}");
        assert_eq!(error.errors[0].code, Some(10000));
    }
}

#[test]
fn success_false_on_200_is_an_api_error() {
    let error = api_error(parse(200, "application/json", SUCCESS_FALSE));
    assert_eq!(error.status, 200);
    assert_eq!(error.kind(), ApiErrorKind::Other);
    assert_eq!(error.errors[0].to_string(), "7003: Could not route");
}

#[test]
fn success_false_with_an_unparseable_result_is_still_an_api_error() {
    let body = r#"{"success":false,"errors":[{"code":1,"message":"x"}],"messages":[],"result":"oops"}"#;
    assert_eq!(api_error(parse(200, "application/json", body)).errors[0].code, Some(1));
}

#[test]
fn html_error_page_keeps_an_excerpt() {
    let error = api_error(parse(502, "text/html", &html_page()));
    assert_eq!(error.kind(), ApiErrorKind::InternalServer);
    assert!(error.errors.is_empty());
    let excerpt = error.body_excerpt.as_deref().unwrap();
    assert!(excerpt.starts_with("<html><body><h1>502 Bad Gateway</h1>"), "{excerpt}");
    assert!(excerpt.chars().count() <= 513, "bounded excerpt, got {} chars", excerpt.chars().count());
    assert!(error.to_string().starts_with("API error 502 Bad Gateway: <html>"), "{error}");
}

#[test]
fn non_json_success_body_is_a_decode_error_with_an_excerpt() {
    match parse(200, "text/html", "<html>maintenance</html>") {
        Err(ResponseError::Decode(error)) => {
            assert_eq!(error.status, 200);
            assert_eq!(error.excerpt, "<html>maintenance</html>");
            assert!(error.reason.contains("expected value"), "{}", error.reason);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn body_truncated_mid_json_is_a_decode_error() {
    let full = fixture("examples/organization_response_200.json");
    let truncated = &full[..full.len() / 2];
    match parse(200, "application/json", truncated) {
        Err(ResponseError::Decode(error)) => assert!(error.reason.contains("EOF"), "{}", error.reason),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn missing_result_is_a_decode_error() {
    let body = r#"{"success":true,"errors":[],"messages":[]}"#;
    match parse(200, "application/json", body) {
        Err(ResponseError::Decode(error)) => assert_eq!(error.reason, "the response carries no result"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn unknown_enum_values_and_unknown_fields_parse() {
    let org = parse(200, "application/json", &unknown_values()).unwrap();
    assert_eq!(
        org.mfa_config.unwrap().allowed_authenticators.unwrap(),
        [AllowedAuthenticator::Totp, AllowedAuthenticator::Unknown("passkey".into())]
    );
    assert_eq!(org.name.as_deref(), Some("n"));
}

#[test]
fn empty_login_design_and_missing_fields_parse() {
    let org = parse(200, "application/json", &envelope(r#"{"login_design":{}}"#)).unwrap();
    let design = org.login_design.clone().unwrap();
    assert_eq!(design, Default::default());
    assert_eq!(org.name, None);
    assert_eq!(org.created_at, None);
    let org = parse(200, "application/json", &envelope("{}")).unwrap();
    assert_eq!(org, Organization::default());
}

#[test]
fn envelope_without_errors_and_messages_still_parses() {
    let org = parse(200, "application/json", r#"{"result":{"name":"n"}}"#).unwrap();
    assert_eq!(org.name.as_deref(), Some("n"));
}

/// The request-id headers come from the spec's settings (`request-id-headers: [cf-ray]`), then
/// the common `x-request-id`; a spec without the setting has only the latter.
#[test]
fn request_id_headers_come_from_the_spec_settings() {
    assert_eq!(cloudflare_zero_trust_organization::REQUEST_ID_HEADERS, ["cf-ray", "x-request-id"]);
    assert_eq!(pet_store_fixture::REQUEST_ID_HEADERS, ["x-request-id"]);
    let with = |name: &str| {
        let response = http::Response::builder()
            .status(500)
            .header(name, "id-7")
            .body(envelope_error().into_bytes())
            .unwrap();
        api_error(UpdateOrganization::parse_response(response))
    };
    assert_eq!(with("x-request-id").request_id(), Some("id-7"));
    assert_eq!(with("x-amz-request-id").request_id(), None, "only the named headers are read");
}

fn envelope_error() -> String {
    r#"{"success":false,"errors":[{"code":10000,"message":"boom"}],"messages":[],"result":null}"#.to_owned()
}
