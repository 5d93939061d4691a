use crate::pagination::*;

fn uri(text: &str) -> http::Uri {
    text.parse().unwrap()
}

fn next(
    pagination: Pagination,
    request: &str,
    link: Option<&str>,
    body: &str,
    items: usize,
) -> Option<String> {
    let mut headers = http::HeaderMap::new();
    if let Some(link) = link {
        headers.insert(http::header::LINK, link.parse().unwrap());
    }
    next_uri(&pagination, &uri(request), &headers, body.as_bytes(), items).unwrap().map(|u| u.to_string())
}

const PAGES: Pagination =
    Pagination::PageNumber { page: "page", total_pages: Some("/result_info/total_pages") };
const CURSOR: Pagination =
    Pagination::Cursor { cursor: "cursor", next: &["/result_info/cursor", "/result_info/cursors/after"] };

#[test]
fn page_numbers_count_up_to_the_total() {
    let total = |n: u64| format!(r#"{{"result_info":{{"total_pages":{n}}}}}"#);
    for (request, body, items, expected) in [
        ("https://a.example/x", total(3), 5, Some("https://a.example/x?page=2")),
        ("https://a.example/x?per_page=5&page=2", total(3), 5, Some("https://a.example/x?per_page=5&page=3")),
        ("https://a.example/x?page=3", total(3), 5, None),
        ("https://a.example/x?page=7", total(3), 5, None),
        ("https://a.example/x?page=1", "{}".to_owned(), 5, Some("https://a.example/x?page=2")),
        ("https://a.example/x?page=1", total(3), 0, None),
        ("https://a.example/x?page=1", "not json".to_owned(), 1, Some("https://a.example/x?page=2")),
    ] {
        assert_eq!(next(PAGES, request, None, &body, items).as_deref(), expected, "{request} {body}");
    }
}

#[test]
fn cursors_come_from_the_body_until_it_has_none() {
    for (request, body, expected) in [
        (
            "https://a.example/x",
            r#"{"result_info":{"cursor":"c 2/+"}}"#,
            Some("https://a.example/x?cursor=c%202%2F%2B"),
        ),
        (
            "https://a.example/x?cursor=a&b=1",
            r#"{"result_info":{"cursor":"b"}}"#,
            Some("https://a.example/x?b=1&cursor=b"),
        ),
        ("https://a.example/x?cursor=b", r#"{"result_info":{"cursor":"b"}}"#, None),
        ("https://a.example/x", r#"{"result_info":{"cursor":""}}"#, None),
        ("https://a.example/x", r#"{"result_info":{"cursor":null}}"#, None),
        ("https://a.example/x", r#"{"result_info":{}}"#, None),
        ("https://a.example/x", r#"{"result_info":{"cursor":42}}"#, Some("https://a.example/x?cursor=42")),
        (
            "https://a.example/x",
            r#"{"result_info":{"cursors":{"after":"z"}}}"#,
            Some("https://a.example/x?cursor=z"),
        ),
        (
            "https://a.example/x",
            r#"{"result_info":{"cursor":null,"cursors":{"after":"z"}}}"#,
            Some("https://a.example/x?cursor=z"),
        ),
    ] {
        assert_eq!(next(CURSOR, request, None, body, 1).as_deref(), expected, "{request} {body}");
    }
}

#[test]
fn link_headers_name_the_next_page_on_the_same_origin_only() {
    for (link, expected) in [
        (
            r#"<https://a.example/x?page=2>; rel="next", <https://a.example/x?page=9>; rel="last""#,
            Some("https://a.example/x?page=2"),
        ),
        (
            r#"<https://a.example/x?page=1>; rel="prev", <https://a.example/x?page=3>; rel=next"#,
            Some("https://a.example/x?page=3"),
        ),
        (r#"</x?after=abc>; rel="next""#, Some("https://a.example/x?after=abc")),
        (r#"<https://A.EXAMPLE/x?page=2>; rel="next prefetch""#, Some("https://A.EXAMPLE/x?page=2")),
        (r#"<https://a.example/x?page=9>; rel="last""#, None),
    ] {
        assert_eq!(
            next(Pagination::Link, "https://a.example/x", Some(link), "", 1).as_deref(),
            expected,
            "{link}"
        );
    }
    let mut headers = http::HeaderMap::new();
    for (link, error) in [
        (
            r#"<https://evil.example/x?page=2>; rel="next""#,
            PaginationError::OtherOrigin("evil.example".into()),
        ),
        (r#"<http://a.example/x?page=2>; rel="next""#, PaginationError::OtherOrigin("a.example".into())),
        (r#"<x?page=2>; rel="next""#, PaginationError::InvalidUrl("x?page=2".into())),
    ] {
        headers.insert(http::header::LINK, link.parse().unwrap());
        assert_eq!(
            next_uri(&Pagination::Link, &uri("https://a.example/x"), &headers, b"", 1),
            Err(error),
            "{link}"
        );
    }
}
