//! A split crate (`library-fixture` over `library-fixture-models`) used as one: the client
//! crate's types are the models crate's, request types hold models types and are validated
//! through them, and the client sends and reads across the two against a local server.

use library_fixture::{
    AddBook, Author, Book, BookPatch, Client, Cover, Donation, Format, NewBook, Operation, RequestError,
    Source, Validate,
};
use serde_json::json;
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// (pointer, rule) of every violation in `input`.
fn violations(input: &impl Validate) -> Vec<(String, String)> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.violations.into_iter().map(|v| (v.pointer, v.rule)).collect(),
    }
}

#[test]
fn the_client_crate_names_the_models_crate_types() {
    // Same type by either path: this does not compile if the client crate had its own `Author`.
    let author: library_fixture_models::types::Author = library_fixture::types::Author::new("Le Guin");
    let book: library_fixture_models::types::Book = Book::new("b1", "The Dispossessed", author);
    // And the models crate's `Validate` is the client crate's: one trait.
    let as_checked: &dyn library_fixture::Validate = &book;
    assert!(as_checked.validate().is_ok());
}

#[test]
fn responses_decode_into_the_models_crate_types_and_encode_back() {
    let value = json!({
        "id": "b1", "title": "The Dispossessed", "author": {"name": "Ursula K. Le Guin", "born": 1929},
        "format": "paperback", "tags": ["anarchy"], "cover": {"url": "https://img.example/b1.png", "width": 300},
    });
    let book: Book = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(book.author.born, Some(1929));
    assert_eq!(book.format, Some(Format::Paperback));
    assert!(matches!(&book.cover, Some(Cover::Image(image)) if image.width == Some(300)));
    assert_eq!(serde_json::to_value(&book).unwrap(), value);
    let by_url: Book =
        serde_json::from_value(json!({"id": "b2", "title": "t", "author": {"name": "n"}, "cover": "u"}))
            .unwrap();
    assert_eq!(by_url.cover, Some(Cover::String("u".to_owned())));
}

#[test]
fn a_request_type_is_checked_through_the_models_types_it_holds() {
    let valid = NewBook::new("The Word for World Is Forest", Author::new("Le Guin"));
    assert_eq!(violations(&valid), []);
    let too_many: Vec<String> = (0..6).map(|i| format!("tag{i}")).collect();
    let invalid = NewBook::new("", Author::new("")).tags(too_many);
    assert_eq!(
        violations(&invalid),
        [
            ("/title".to_owned(), "minLength 1".to_owned()),
            ("/author/name".to_owned(), "minLength 1".to_owned()),
            ("/tags".to_owned(), "maxItems 5".to_owned()),
        ]
    );
    // Nothing is built when the body breaks a constraint of the models crate's `Author`.
    let operation = AddBook::new(&invalid);
    assert!(matches!(
        operation.to_request("https://library.example.com/v1"),
        Err(RequestError::Validation(_))
    ));
}

#[tokio::test]
async fn the_client_sends_request_types_and_reads_models_types() {
    let server = MockServer::start().await;
    let added = json!({"id": "b9", "title": "Lavinia", "author": {"name": "Le Guin"}, "format": "ebook"});
    Mock::given(method("POST"))
        .and(path("/books"))
        .and(body_json(json!({"title": "Lavinia", "author": {"name": "Le Guin"}, "format": "ebook"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(&added))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/books/b9"))
        .and(body_json(json!({"subtitle": null, "source": {"donor": "a reader"}})))
        .respond_with(ResponseTemplate::new(200).set_body_json(&added))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let body = NewBook::new("Lavinia", Author::new("Le Guin")).format(Format::Ebook);
    let book = client.add_book(&body).await.unwrap();
    assert_eq!((book.id.as_str(), book.format), ("b9", Some(Format::Ebook)));
    let patch = BookPatch::default().subtitle_null().source(Source::Donation(Donation::new("a reader")));
    let book = client.update_book("b9", &patch).await.unwrap();
    assert_eq!(book.title, "Lavinia");
}
