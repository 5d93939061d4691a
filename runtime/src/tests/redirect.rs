use crate::redirect::*;
use http::{HeaderMap, HeaderValue, Method, StatusCode};

fn decide(
    status: u16,
    method: Method,
    from: &str,
    location: &str,
    replay: Replay,
    hops: usize,
) -> Result<Option<NextRequest>, Refusal> {
    let location = HeaderValue::from_str(location).unwrap();
    next(
        StatusCode::from_u16(status).unwrap(),
        Some(&location),
        &method,
        &from.parse().unwrap(),
        replay,
        hops,
    )
}

/// (status, method) → (method sent next, body kept), as browsers follow them.
#[test]
fn methods_and_bodies_follow_the_browsers_rules() {
    let cases = [
        (301, Method::POST, Method::GET, false),
        (302, Method::POST, Method::GET, false),
        (301, Method::PUT, Method::PUT, true),
        (302, Method::DELETE, Method::DELETE, true),
        (303, Method::POST, Method::GET, false),
        (303, Method::PUT, Method::GET, false),
        (303, Method::GET, Method::GET, false),
        (303, Method::HEAD, Method::HEAD, false),
        (307, Method::POST, Method::POST, true),
        (308, Method::PATCH, Method::PATCH, true),
    ];
    for (status, method, sent, keep_body) in cases {
        let next = decide(status, method.clone(), "https://a.example/x", "/y", Replay::Possible, 0)
            .unwrap()
            .unwrap();
        assert_eq!((next.method, next.keep_body), (sent, keep_body), "{status} {method}");
    }
    // Answers, not redirects.
    for status in [300, 304, 305, 306, 200, 404] {
        assert_eq!(
            decide(status, Method::GET, "https://a.example/x", "/y", Replay::Possible, 0),
            Ok(None),
            "{status}"
        );
    }
    assert_eq!(
        next(
            StatusCode::FOUND,
            None,
            &Method::GET,
            &"https://a.example/x".parse().unwrap(),
            Replay::Possible,
            0
        ),
        Ok(None),
        "no Location: the 3xx is the answer"
    );
}

#[test]
fn locations_resolve_against_the_url_that_answered() {
    let from = "https://a.example:8443/v1/things/7?q=1";
    for (location, expected, same_origin) in [
        ("https://b.example/z", "https://b.example/z", false),
        ("/z?x=1", "https://a.example:8443/z?x=1", true),
        ("//b.example/z", "https://b.example/z", false),
        ("8", "https://a.example:8443/v1/things/8", true),
        ("?page=2", "https://a.example:8443/v1/things/7?page=2", true),
        ("https://a.example:8443/w#frag", "https://a.example:8443/w", true),
        ("https://A.EXAMPLE:8443/w", "https://A.EXAMPLE:8443/w", true),
        ("https://a.example/w", "https://a.example/w", false),
    ] {
        let next = decide(307, Method::GET, from, location, Replay::Possible, 0).unwrap().unwrap();
        assert_eq!((next.uri.to_string().as_str(), next.same_origin), (expected, same_origin), "{location}");
    }
}

#[test]
fn downgrades_other_schemes_plain_http_elsewhere_and_loops_are_refused() {
    let cases = [
        ("https://a.example/x", "http://a.example/y", 0, Refusal::Downgrade),
        ("https://a.example/x", "http://127.0.0.1/y", 0, Refusal::Downgrade),
        ("http://127.0.0.1:8/x", "http://b.example/y", 0, Refusal::PlainHttp),
        ("https://a.example/x", "ftp://a.example/y", 0, Refusal::NotHttp),
        ("https://a.example/x", "file:///etc/passwd", 0, Refusal::NotHttp),
        ("https://a.example/x", "javascript:alert(1)", 0, Refusal::NotHttp),
        ("https://a.example/x", "/y", MAX_REDIRECTS, Refusal::TooMany),
    ];
    for (from, location, hops, refusal) in cases {
        assert_eq!(
            decide(302, Method::GET, from, location, Replay::Possible, hops),
            Err(refusal),
            "{from} → {location}"
        );
    }
    // Plain HTTP between loopback servers (a local test setup) is followed.
    assert!(
        decide(302, Method::GET, "http://127.0.0.1:8/x", "http://localhost:9/y", Replay::Possible, 0)
            .unwrap()
            .is_some()
    );
}

#[test]
fn a_body_that_cannot_be_sent_again_refuses_only_redirects_that_keep_it() {
    for status in [307, 308] {
        let refused = decide(status, Method::POST, "https://a.example/x", "/y", Replay::Impossible, 0);
        assert_eq!(refused, Err(Refusal::BodyNotReplayable(status)));
    }
    for status in [301, 302, 303] {
        let next = decide(status, Method::POST, "https://a.example/x", "/y", Replay::Impossible, 0)
            .unwrap()
            .unwrap();
        assert!(!next.keep_body, "{status}: the body is dropped, so nothing needs replaying");
    }
}

#[test]
fn credentials_and_secret_headers_are_stripped_and_nothing_else() {
    let mut headers = HeaderMap::new();
    for (name, value) in [
        ("authorization", "Bearer t"),
        ("proxy-authorization", "Basic p"),
        ("cookie", "s=1"),
        ("x-auth-key", "k"),
        ("x-trace", "keep"),
        ("accept", "application/json"),
    ] {
        headers.insert(http::HeaderName::from_static(name), HeaderValue::from_static(value));
    }
    let mut marked = HeaderValue::from_static("mine");
    marked.set_sensitive(true);
    headers.insert(http::HeaderName::from_static("x-my-secret"), marked);
    strip_credentials(&mut headers, &["x-auth-key"]);
    let left: Vec<&str> = headers.keys().map(|k| k.as_str()).collect();
    assert_eq!(left, ["x-trace", "accept"]);
}

#[test]
fn origins_compare_scheme_host_and_port() {
    let same = |a: &str, b: &str| same_origin(&a.parse().unwrap(), &b.parse().unwrap());
    assert!(same("https://a.example/x", "https://a.example:443/y"));
    assert!(same("http://a.example/x", "HTTP://A.example:80/y"));
    assert!(!same("https://a.example/x", "http://a.example/x"));
    assert!(!same("https://a.example/x", "https://a.example:444/x"));
    assert!(!same("https://a.example/x", "https://b.a.example/x"));
}
