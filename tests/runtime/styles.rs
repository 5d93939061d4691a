//! Parameters on the wire as `style` and `explode` say. The oracle is the OpenAPI 3.0.3
//! specification's own "Style Examples" table (a parameter `color` as `"blue"`,
//! `["blue","black","brown"]` and `{"R":100,"G":200,"B":150}`), checked cell by cell on the
//! `styles` fixture; then independent parsers (`serde_urlencoded`, `serde_qs`, percent-decoding)
//! read back arbitrary values, delimiters and non-ASCII included.

use parameter_styles_fixture::{self as fixture, Operation, RequestError, Rgb};
use proptest::prelude::*;
use std::collections::BTreeMap;

const BASE: &str = "https://styles.example.com";

fn request(op: &impl Operation) -> http::Request<Vec<u8>> {
    op.to_request(BASE).unwrap_or_else(|e| panic!("{e}"))
}

/// The part of the request a location writes: the path's last segment, the query, the `color`
/// header or the `Cookie` header.
fn path_part(op: &impl Operation) -> String {
    op.segment().unwrap_or_else(|e| panic!("{e}"))
}

/// A path operation whose segment may be refused.
trait PathOp {
    fn segment(&self) -> Result<String, RequestError>;
}

impl<T: Operation> PathOp for T {
    fn segment(&self) -> Result<String, RequestError> {
        let request = self.to_request(BASE)?;
        Ok(request.uri().path().splitn(6, '/').nth(5).unwrap_or_default().to_owned())
    }
}

fn query_part(op: &impl Operation) -> String {
    request(op).uri().query().unwrap_or_default().to_owned()
}

fn header_part(op: &impl Operation, name: &str) -> String {
    let request = request(op);
    request.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

fn blue() -> &'static str {
    "blue"
}

fn colors() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

fn rgb() -> Rgb {
    Rgb { r: 100, g: 200, b: 150 }
}

/// Every cell of the table, as (style row, column, what this crate writes, the table's text).
#[test]
fn every_cell_of_the_specification_table() {
    use fixture::*;
    let (s, a, o) = (blue(), colors(), rgb());
    let cells: Vec<(&str, &str, String, &str)> = vec![
        ("matrix", "string", path_part(&PathMatrixFlatString { color: s }), ";color=blue"),
        ("matrix", "array", path_part(&PathMatrixFlatArray { color: &a }), ";color=blue,black,brown"),
        ("matrix", "object", path_part(&PathMatrixFlatObject { color: &o }), ";color=R,100,G,200,B,150"),
        ("matrix*", "string", path_part(&PathMatrixExplodedString { color: s }), ";color=blue"),
        (
            "matrix*",
            "array",
            path_part(&PathMatrixExplodedArray { color: &a }),
            ";color=blue;color=black;color=brown",
        ),
        ("matrix*", "object", path_part(&PathMatrixExplodedObject { color: &o }), ";R=100;G=200;B=150"),
        ("label", "string", path_part(&PathLabelFlatString { color: s }), ".blue"),
        ("label", "array", path_part(&PathLabelFlatArray { color: &a }), ".blue.black.brown"),
        ("label", "object", path_part(&PathLabelFlatObject { color: &o }), ".R.100.G.200.B.150"),
        ("label*", "string", path_part(&PathLabelExplodedString { color: s }), ".blue"),
        ("label*", "array", path_part(&PathLabelExplodedArray { color: &a }), ".blue.black.brown"),
        ("label*", "object", path_part(&PathLabelExplodedObject { color: &o }), ".R=100.G=200.B=150"),
        ("form", "string", query_part(&QueryFormFlatString { color: Some(s) }), "color=blue"),
        ("form", "array", query_part(&QueryFormFlatArray { color: Some(&a) }), "color=blue,black,brown"),
        ("form", "object", query_part(&QueryFormFlatObject { color: Some(&o) }), "color=R,100,G,200,B,150"),
        ("form*", "string", query_part(&QueryFormExplodedString { color: Some(s) }), "color=blue"),
        (
            "form*",
            "array",
            query_part(&QueryFormExplodedArray { color: Some(&a) }),
            "color=blue&color=black&color=brown",
        ),
        ("form*", "object", query_part(&QueryFormExplodedObject { color: Some(&o) }), "R=100&G=200&B=150"),
        ("simple", "string", path_part(&PathSimpleFlatString { color: s }), "blue"),
        ("simple", "array", path_part(&PathSimpleFlatArray { color: &a }), "blue,black,brown"),
        ("simple", "object", path_part(&PathSimpleFlatObject { color: &o }), "R,100,G,200,B,150"),
        ("simple*", "string", path_part(&PathSimpleExplodedString { color: s }), "blue"),
        ("simple*", "array", path_part(&PathSimpleExplodedArray { color: &a }), "blue,black,brown"),
        ("simple*", "object", path_part(&PathSimpleExplodedObject { color: &o }), "R=100,G=200,B=150"),
        (
            "spaceDelimited",
            "array",
            query_part(&QuerySpaceDelimitedFlatArray { color: Some(&a) }),
            "color=blue%20black%20brown",
        ),
        (
            "spaceDelimited",
            "object",
            query_part(&QuerySpaceDelimitedFlatObject { color: Some(&o) }),
            "color=R%20100%20G%20200%20B%20150",
        ),
        (
            "pipeDelimited",
            "array",
            query_part(&QueryPipeDelimitedFlatArray { color: Some(&a) }),
            "color=blue|black|brown",
        ),
        (
            "pipeDelimited",
            "object",
            query_part(&QueryPipeDelimitedFlatObject { color: Some(&o) }),
            "color=R|100|G|200|B|150",
        ),
        (
            "deepObject",
            "object",
            query_part(&QueryDeepObjectExplodedObject { color: Some(&o) }),
            "color[R]=100&color[G]=200&color[B]=150",
        ),
        // Headers take `simple`, as the path does.
        ("header simple", "string", header_part(&HeaderSimpleFlatString { color: Some(s) }, "color"), "blue"),
        (
            "header simple",
            "array",
            header_part(&HeaderSimpleFlatArray { color: Some(&a) }, "color"),
            "blue,black,brown",
        ),
        (
            "header simple",
            "object",
            header_part(&HeaderSimpleFlatObject { color: Some(&o) }, "color"),
            "R,100,G,200,B,150",
        ),
        (
            "header simple*",
            "array",
            header_part(&HeaderSimpleExplodedArray { color: Some(&a) }, "color"),
            "blue,black,brown",
        ),
        (
            "header simple*",
            "object",
            header_part(&HeaderSimpleExplodedObject { color: Some(&o) }, "color"),
            "R=100,G=200,B=150",
        ),
        // Cookies take `form`, with `; ` between pairs as the `Cookie` header has them.
        (
            "cookie form",
            "string",
            header_part(&CookieFormFlatString { color: Some(s) }, "cookie"),
            "color=blue",
        ),
        (
            "cookie form",
            "array",
            header_part(&CookieFormFlatArray { color: Some(&a) }, "cookie"),
            "color=blue,black,brown",
        ),
        (
            "cookie form",
            "object",
            header_part(&CookieFormFlatObject { color: Some(&o) }, "cookie"),
            "color=R,100,G,200,B,150",
        ),
        (
            "cookie form*",
            "array",
            header_part(&CookieFormExplodedArray { color: Some(&a) }, "cookie"),
            "color=blue; color=black; color=brown",
        ),
        (
            "cookie form*",
            "object",
            header_part(&CookieFormExplodedObject { color: Some(&o) }, "cookie"),
            "R=100; G=200; B=150",
        ),
        // Not in the table: exploded delimited styles are `form`, exploded.
        (
            "spaceDelimited*",
            "array",
            query_part(&QuerySpaceDelimitedExplodedArray { color: Some(&a) }),
            "color=blue&color=black&color=brown",
        ),
        (
            "pipeDelimited*",
            "object",
            query_part(&QueryPipeDelimitedExplodedObject { color: Some(&o) }),
            "R=100&G=200&B=150",
        ),
    ];
    for (style, column, written, table) in cells {
        assert_eq!(
            written,
            table,
            "{style} ({}exploded), {column}",
            if style.ends_with('*') { "" } else { "not " }
        );
    }
}

/// The table's `empty` column (an empty string): written where it is meaningful; in the path, a
/// value that would be an empty or dot segment (`.` changes which resource is meant) is refused.
#[test]
fn empty_values() {
    use fixture::*;
    assert_eq!(path_part(&PathMatrixFlatString { color: "" }), ";color");
    assert_eq!(path_part(&PathMatrixExplodedString { color: "" }), ";color");
    assert_eq!(query_part(&QueryFormFlatString { color: Some("") }), "color=");
    assert_eq!(query_part(&QueryFormExplodedString { color: Some("") }), "color=");
    for result in [
        PathLabelFlatString { color: "" }.to_request(BASE),
        PathSimpleFlatString { color: "" }.to_request(BASE),
    ] {
        assert!(matches!(result, Err(RequestError::PathParameter { name: "color", .. })), "{result:?}");
    }
    // Absent, null and empty collections are undefined: nothing is sent.
    assert_eq!(query_part(&QueryFormFlatArray { color: None }), "");
    assert_eq!(query_part(&QueryFormExplodedArray { color: Some(&[]) }), "");
    assert_eq!(header_part(&CookieFormFlatString { color: None }, "cookie"), "");
}

/// Nested objects under `deepObject` use the bracket notation real APIs use (an extension of
/// the spec, which defines one level), arrays indexed; `allowReserved` keeps reserved
/// characters but still encodes what would break the query.
#[test]
fn nested_deep_objects_and_reserved_characters() {
    use fixture::*;
    let filter = Filter {
        created: Some(FilterCreated { gte: Some(1), lt: Some(9) }),
        tags: Some(vec!["a".into(), "b c".into()]),
    };
    assert_eq!(
        query_part(&QueryDeepNested { color: Some(&filter) }),
        "color[created][gte]=1&color[created][lt]=9&color[tags][0]=a&color[tags][1]=b%20c"
    );
    assert_eq!(
        query_part(&QueryReserved { next: Some("/a/b?c=d:e,f&g#h %41 %zz") }),
        "next=/a/b?c=d:e,f%26g%23h%20%41%20%25zz"
    );
}

/// A map parameter whose values are checked (Stripe's `attributes`): each value is checked
/// where the request holds it by reference, and an invalid one sends nothing.
#[test]
fn a_checked_map_parameter_is_validated_value_by_value() {
    let fine = BTreeMap::from([("size".to_owned(), "large".to_owned())]);
    let op = fixture::QueryDeepMapChecked { attributes: Some(&fine) };
    assert_eq!(query_part(&op), "attributes[size]=large");
    let long = BTreeMap::from([("size".to_owned(), "x".repeat(501))]);
    let refused = fixture::QueryDeepMapChecked { attributes: Some(&long) }.to_request(BASE).unwrap_err();
    let RequestError::Validation(errors) = refused else { panic!("{refused}") };
    let lines: Vec<String> = errors.violations.iter().map(|v| format!("{}: {}", v.pointer, v.rule)).collect();
    assert_eq!(lines, ["/query/attributes/size: maxLength 500"]);
}

/// Values for the property tests: any text, the styles' delimiters and non-ASCII included.
fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 &=,|\\[\\]%/?#;:.+é中🎈-]{0,12}").unwrap()
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8().unwrap().into_owned()
}

/// Form decoding, as a server reads a query value: `+` is a space.
fn form_decode(text: &str) -> String {
    decode(&text.replace('+', " "))
}

/// Keys the bracket notation can carry: not empty, not all digits (`a[0]` is an index), no
/// brackets (which parsers such as `serde_qs` decode before reading the structure).
fn deep_key() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z][a-zA-Z0-9 &=,|%/?#;:.+é中🎈-]{0,8}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// `form`, exploded: a standard form parser gets every item back, in order.
    #[test]
    fn exploded_form_items_come_back(items in proptest::collection::vec(text(), 1..5)) {
        let query = query_part(&fixture::QueryFormExplodedArray { color: Some(&items) });
        let parsed: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
        let expected: Vec<(String, String)> = items.iter().map(|i| ("color".to_owned(), i.clone())).collect();
        prop_assert_eq!(parsed, expected);
    }

    /// Delimited styles: split on the delimiter, then decode each item, as a server does.
    #[test]
    fn delimited_items_come_back(items in proptest::collection::vec(text(), 1..5)) {
        let mut cases = vec![
            (query_part(&fixture::QueryFormFlatArray { color: Some(&items) }), "color=", ","),
            (query_part(&fixture::QueryPipeDelimitedFlatArray { color: Some(&items) }), "color=", "|"),
            (query_part(&fixture::QuerySpaceDelimitedFlatArray { color: Some(&items) }), "color=", "%20"),
            (path_part(&fixture::PathMatrixFlatArray { color: &items }), ";color=", ","),
        ];
        // A path value that would be an empty or dot segment is refused, never sent.
        let simple = fixture::PathSimpleFlatArray { color: &items };
        let label = fixture::PathLabelFlatArray { color: &items };
        for (op, prefix, delimiter) in [(&simple as &dyn PathOp, "", ","), (&label, ".", ".")] {
            match op.segment() {
                Ok(written) => cases.push((written, prefix, delimiter)),
                Err(RequestError::PathParameter { .. }) => {
                    let joined = format!("{prefix}{}", items.join(delimiter));
                    prop_assert!(["", ".", ".."].contains(&joined.as_str()), "{:?} refused", joined);
                }
                Err(other) => prop_assert!(false, "{other}"),
            }
        }
        for (written, prefix, delimiter) in cases {
            let rest = written.strip_prefix(prefix).unwrap();
            let parsed: Vec<String> = rest.split(delimiter).map(form_decode).collect();
            prop_assert_eq!(&parsed, &items, "{}", written);
        }
    }

    /// `deepObject` members come back through `serde_qs`.
    #[test]
    fn deep_object_members_come_back(members in proptest::collection::btree_map(deep_key(), text(), 1..4)) {
        let deep = query_part(&fixture::QueryDeepMap { color: Some(&members) });
        let parsed: BTreeMap<String, BTreeMap<String, String>> = serde_qs::from_str(&deep).unwrap();
        prop_assert_eq!(&parsed["color"], &members, "{}", deep);
    }

    /// Exploded `form` objects, any keys: members come back through a form parser.
    #[test]
    fn form_object_members_come_back(members in proptest::collection::btree_map(text(), text(), 1..4)) {
        let form = query_part(&fixture::QueryFormMap { color: Some(&members) });
        let parsed: BTreeMap<String, String> = serde_urlencoded::from_str(&form).unwrap();
        prop_assert_eq!(&parsed, &members, "{}", form);
    }
}

/// A style the spec does not allow for the location, or for the value's type, is a located
/// warning, and the parameter is sent in the nearest meaningful form, never silently mis-encoded.
#[test]
fn disallowed_styles_are_warned_about_and_sent_in_the_nearest_form() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      \
        parameters:\n        - {name: id, in: path, required: true, style: deepObject, explode: true, \
        schema: {type: object, additionalProperties: {type: integer}}}\n        \
        - {name: q, in: query, style: deepObject, schema: {type: string}}\n        \
        - {name: h, in: header, style: form, schema: {type: array, items: {type: string}}}\n      \
        responses: {'204': {description: ok}}\n";
    let (files, warnings) = generator::generate("s.yaml", spec, &generator::Settings::default()).unwrap();
    let shown: Vec<String> = warnings.items.iter().map(|w| format!("{}: {}", w.pointer, w.message)).collect();
    assert_eq!(
        shown,
        [
            "/paths/~1a~1{id}/get/parameters/0/style: `style: deepObject` is not allowed for a path parameter \
             (allowed: simple, label, matrix); it is sent in `simple` style, exploded",
            "/paths/~1a~1{id}/get/parameters/2/style: `style: form` is not allowed for a header parameter \
             (allowed: simple); it is sent in `simple` style, exploded",
            "/paths/~1a~1{id}/get/parameters/1/style: `style: deepObject` applies to arrays and objects, not to \
             this parameter's type; it is sent in `form` style",
        ]
    );
    let operations = &files.iter().find(|f| f.path == "src/operations.rs").unwrap().contents;
    for written in [
        r#"Styled::new("id", Style::Simple, true).path(&self.id)?"#,
        r#"request.header_styled(Styled::new("h", Style::Simple, true), &self.h)?"#,
    ] {
        assert!(operations.contains(written), "{written}\n{operations}");
    }
}
