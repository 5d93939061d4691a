//! The client `build.rs` generated works as a generated crate does: requests on the wire as the
//! spec says, responses decoded into its types.

use build_script_example::{Client, FindPets, NewPet, Operation, Pet, Validate};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn the_sans_io_layer_writes_the_query_the_spec_declares() {
    let tags = ["dog".to_owned(), "small & cute".to_owned()];
    let request =
        FindPets { tags: Some(&tags), limit: Some(3) }.to_request("https://petstore.example").unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        "https://petstore.example/pets?tags=dog&tags=small%20%26%20cute&limit=3"
    );
}

#[test]
fn types_from_all_of_carry_every_part() {
    let pet: Pet = serde_json::from_str(r#"{"id": 7, "name": "Rex", "tag": "dog"}"#).unwrap();
    assert_eq!((pet.id, pet.name.as_str(), pet.tag.as_deref()), (7, "Rex", Some("dog")));
    assert!(NewPet { name: "Rex".into(), tag: None }.validate().is_ok());
    assert!(serde_json::from_str::<Pet>(r#"{"name": "no id"}"#).is_err(), "`id` is required");
}

#[tokio::test]
async fn the_http_client_round_trips_through_a_local_server() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "2"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"[{"id": 1, "name": "Rex"}, {"id": 2, "name": "Tom", "tag": "cat"}]"#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let pets = client.find_pets().limit(2).await.unwrap();
    let names: Vec<&str> = pets.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Rex", "Tom"]);
    assert_eq!(pets[1].tag.as_deref(), Some("cat"));
}
