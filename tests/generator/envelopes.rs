//! Enveloped results: a required result is the output, a nullable one an `Option`, and a success
//! body without a result property the unit; a missing required result names the operation.

use envelopes_fixture::{
    DeleteThing, DeleteThingResult, Error, GetStatus, GetStatusResult, GetStatusResultObject, GetThing,
    ListThings, Operation, Thing, UpdateSettings,
};
use serde_json::{Value, json};

fn ok(result: Option<Value>) -> http::Response<Vec<u8>> {
    let mut body = json!({"success": true, "errors": [], "messages": []});
    if let Some(result) = result {
        body["result"] = result;
    }
    http::Response::builder().status(200).body(serde_json::to_vec(&body).unwrap()).unwrap()
}

#[test]
fn a_nullable_result_is_none_when_null_or_absent() {
    for (result, expected) in [
        (Some(json!(null)), None),
        (None, None),
        (Some(json!({"id": "x"})), Some(DeleteThingResult { id: Some("x".into()) })),
    ] {
        assert_eq!(DeleteThing::parse_response(ok(result.clone())).unwrap(), expected, "{result:?}");
    }
    for (result, expected) in [(Some(json!(null)), None), (Some(json!([])), Some(vec![])), (None, None)] {
        assert_eq!(ListThings::parse_response(ok(result.clone())).unwrap(), expected, "{result:?}");
    }
}

#[test]
fn a_result_that_is_not_nullable_is_the_output_and_its_absence_names_the_operation() {
    let thing = GetThing::parse_response(ok(Some(json!({"id": "a", "label": null})))).unwrap();
    assert_eq!(thing, Thing { id: "a".into(), label: Some(None) }, "an explicit null is kept");
    for result in [None, Some(json!(null))] {
        let error = GetThing::parse_response(ok(result.clone())).unwrap_err();
        let Error::Decode(decode) = Error::from(error) else { panic!("{result:?}: not a decode error") };
        assert_eq!(decode.operation, Some("get_thing"));
        assert!(
            decode.to_string().starts_with(
                "undecodable response to `get_thing` (status 200 OK): the response carries no result"
            ),
            "{decode}"
        );
    }
}

#[test]
fn a_success_without_a_result_property_is_the_unit_and_a_warning() {
    assert_eq!(UpdateSettings::parse_response(ok(None)).unwrap(), ());
    let failed = json!({"success": false, "errors": [{"code": 7, "message": "no"}], "messages": []});
    let response = http::Response::builder().status(200).body(serde_json::to_vec(&failed).unwrap()).unwrap();
    assert!(matches!(Error::from(UpdateSettings::parse_response(response).unwrap_err()), Error::Api(_)));

    let spec = crate::support::fixture("specs/envelopes.yaml");
    let (_, warnings) =
        generator::generate("envelopes.yaml", &spec, &generator::Settings::default()).unwrap();
    let warnings: Vec<String> = warnings.warnings().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        [
            "warning: envelopes.yaml: at /paths/~1settings/put/responses/200/content/application~1json/schema: \
          the success response has no `result` property, which the envelope in `x-rust-client` names; the \
          call returns `()`"
        ]
    );
}

#[test]
fn a_date_time_parameter_is_sent_as_its_text() {
    use envelopes_fixture::runtime::time::DateTime;
    let since = DateTime::parse("2024-01-02T03:04:05.5+01:00").unwrap();
    let request = ListThings { since: Some(&since) }.to_request("https://envelopes.example.com").unwrap();
    let query = request.uri().query().unwrap();
    let sent: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap();
    assert_eq!(sent, [("since".to_owned(), "2024-01-02T03:04:05.5+01:00".to_owned())], "{query}");
}

/// The single-result envelope allows an object or a string; the operation's part gives `result`
/// properties without a type, which constrains objects only, so a string stays valid.
#[test]
fn a_result_narrowed_without_a_type_keeps_what_the_envelope_allows() {
    for (result, expected) in [
        (json!("pending"), GetStatusResult::String("pending".into())),
        (json!({"state": "up"}), GetStatusResult::Object(GetStatusResultObject { state: Some("up".into()) })),
        (json!({}), GetStatusResult::Object(GetStatusResultObject { state: None })),
        // Valid for neither part, yet kept as sent.
        (json!(7), GetStatusResult::Other(json!(7))),
    ] {
        assert_eq!(GetStatus::parse_response(ok(Some(result.clone()))).unwrap(), expected, "{result}");
    }
}
