//! The internals; the wire format is tested against an independent parser in the crate's
//! integration tests.

use crate::file::Content;
use crate::multipart::*;
use ::bytes::Bytes;

#[test]
fn finds_needles() {
    for (haystack, needle, found) in [
        (&b""[..], &b"a"[..], false),
        (b"a", b"a", true),
        (b"aab", b"ab", true),
        (b"abab", b"abb", false),
        (b"xx--abc", b"abc", true),
        (b"ab", b"abc", false),
    ] {
        assert_eq!(contains(haystack, needle), found, "{haystack:?} {needle:?}");
    }
}

#[test]
fn quotes_as_browsers_do() {
    let mut out = String::new();
    push_quoted(&mut out, "a\"b\r\nc\td\u{0}é\\%");
    assert_eq!(out, "a%22b%0D%0Ac\td%00é\\%");
}

#[test]
fn clones_share_bytes() {
    let mut form = Multipart::new();
    form.file("f", &File::from_bytes(vec![7; 100_000])).unwrap();
    let copy = form.clone();
    let data = |form: &Multipart| match &form.parts[0].content {
        Content::Bytes(bytes) => bytes.as_ptr(),
        Content::Path(_) | Content::Reader(_) => std::ptr::null(),
    };
    assert_eq!(data(&form), data(&copy));
}

#[test]
fn large_parts_are_not_copied_into_segments() {
    let mut form = Multipart::new();
    let big = Bytes::from(vec![1; INLINE_LIMIT + 1]);
    form.text("a", "small").file("big", &File::from_bytes(big.clone())).unwrap();
    let segments = form.segments();
    assert_eq!(segments.len(), 3);
    assert!(matches!(&segments[1], Segment::Bytes(bytes) if bytes.as_ptr() == big.as_ptr()));
}
