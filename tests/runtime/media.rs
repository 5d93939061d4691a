//! Parameters in every place, and bodies that are not JSON: text, raw bytes, typed formats.

use pet_store_fixture::{
    AddNote, DownloadPhoto, Kind, ListPets, NewPet, Operation, ResponseError, UploadPhoto,
};
use serde_json::json;

const BASE: &str = "https://pets.example.com/v1";

fn response(status: u16, content_type: &str, body: &[u8]) -> http::Response<Vec<u8>> {
    http::Response::builder().status(status).header("content-type", content_type).body(body.to_vec()).unwrap()
}

#[test]
fn query_and_header_parameters_are_encoded() {
    let tags = vec!["a".to_owned(), "b c&d".to_owned()];
    let op = ListPets {
        x_request_id: Some("req-1"),
        limit: Some(5),
        tags: Some(&tags),
        kind: Some(&Kind::V1LeggedBird),
    };
    let request = op.to_request(BASE).unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("{BASE}/pets?limit=5&tags=a&tags=b%20c%26d&kind=1-legged%20bird")
    );
    assert_eq!(request.headers()["x-request-id"], "req-1");
    let bare = ListPets { x_request_id: None, limit: None, tags: None, kind: None }.to_request(BASE).unwrap();
    assert_eq!(bare.uri().to_string(), format!("{BASE}/pets"));
    assert!(bare.headers().get("x-request-id").is_none());
}

#[test]
fn header_values_that_could_split_headers_are_refused() {
    let op = ListPets { x_request_id: Some("a\r\nx-evil: 1"), limit: None, tags: None, kind: None };
    assert!(op.to_request(BASE).is_err());
}

#[test]
fn raw_bytes_go_out_with_their_content_type() {
    let photo = [0x89, b'P', b'N', b'G', 0, 255];
    let request = UploadPhoto { pet_id: 7, body: &photo }.to_request(BASE).unwrap();
    assert_eq!(request.uri().path(), "/v1/pets/7/photo");
    assert_eq!(request.headers()["content-type"], "application/octet-stream");
    assert_eq!(request.body(), &photo);
}

#[test]
fn binary_responses_come_back_as_bytes() {
    let request = DownloadPhoto { pet_id: 7 }.to_request(BASE).unwrap();
    assert_eq!(request.headers()["accept"], "*/*");
    let png = [0x89, b'P', b'N', b'G', 0, 255];
    assert_eq!(DownloadPhoto::parse_response(response(200, "image/png", &png)).unwrap(), png);
    match DownloadPhoto::parse_response(response(404, "application/json", br#"{"message":"no"}"#)) {
        Err(ResponseError::Api(error)) => assert_eq!(error.status, 404),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn text_bodies_both_ways() {
    let request = AddNote { body: Some("héllo") }.to_request(BASE).unwrap();
    assert_eq!(request.headers()["content-type"], "text/plain");
    assert_eq!(request.headers()["accept"], "text/*");
    assert_eq!(request.body(), "héllo".as_bytes());
    assert!(AddNote { body: None }.to_request(BASE).unwrap().body().is_empty());
    assert_eq!(AddNote::parse_response(response(200, "text/plain", b"hi")).unwrap(), "hi");
    match AddNote::parse_response(response(200, "text/plain", &[0xff, 0xfe])) {
        Err(ResponseError::Decode(error)) => assert!(error.reason.contains("not UTF-8"), "{}", error.reason),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn uuid_and_byte_formats_are_typed() {
    let pet: NewPet = serde_json::from_value(json!({
        "name": "rex", "chip_id": "123e4567-e89b-12d3-a456-426614174000", "photo": "aGVsbG8="
    }))
    .unwrap();
    assert_eq!(pet.chip_id.unwrap().to_string(), "123e4567-e89b-12d3-a456-426614174000");
    assert_eq!(pet.photo.as_ref().unwrap().as_bytes(), b"hello");
    assert_eq!(serde_json::to_value(&pet).unwrap()["photo"], "aGVsbG8=");
    for bad in [json!({"name": "x", "chip_id": "not-a-uuid"}), json!({"name": "x", "photo": "a$=="})] {
        assert!(serde_json::from_value::<NewPet>(bad.clone()).is_err(), "{bad}");
    }
}
