//! Validation tables: values just inside and just outside each limit, for the project's spec and
//! for the fixture that uses every constraint keyword; all violations, located, in a stable order.

use cloudflare_zero_trust_organization::{
    AccountsOrZones, AllowedAuthenticator, MfaConfig, Operation, OrganizationUpdate, RequestError,
    UpdateOrganization, Validate,
};
use constraints_fixture as fixture;

/// (pointer, rule) of every violation in `input`.
fn violations(input: &impl Validate) -> Vec<(String, String)> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.violations.into_iter().map(|v| (v.pointer, v.rule)).collect(),
    }
}

const GO_DURATION: &str = "pattern ^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";
const MINUTES_HOURS: &str = "pattern ^(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)[mh])+$";

#[test]
fn duration_fields_accept_documented_formats_and_reject_others() {
    let go_valid =
        ["24h", "300ms", "2h45m", "1.5h", "0", "-1h", "+5s", "10µs", "10μs", "10us", "7ns", ".5h", "730h"];
    let go_invalid = ["24x", "h", "", " 24h", "24h ", "1d", "24H", "24", "1hm"];
    let mh_valid = ["30m", "2h45m", "24h", "1.5h", "0m", "720h"];
    let mh_invalid = ["300ms", "0", "-1h", "10s", "", "m"];
    type Setter = fn(&mut OrganizationUpdate, String);
    type Case<'a> = (&'a str, Setter, &'a [&'a str], &'a [&'a str], &'a str);
    let fields: [Case; 4] = [
        ("/session_duration", |b, v| b.session_duration = Some(v), &go_valid, &go_invalid, GO_DURATION),
        (
            "/user_seat_expiration_inactive_time",
            |b, v| b.user_seat_expiration_inactive_time = Some(v),
            &go_valid,
            &go_invalid,
            GO_DURATION,
        ),
        (
            "/warp_auth_session_duration",
            |b, v| b.warp_auth_session_duration = Some(v),
            &mh_valid,
            &mh_invalid,
            MINUTES_HOURS,
        ),
        (
            "/mfa_config/session_duration",
            |b, v| b.mfa_config = Some(MfaConfig { session_duration: Some(v), ..Default::default() }),
            &mh_valid,
            &mh_invalid,
            MINUTES_HOURS,
        ),
    ];
    for (pointer, set, valid, invalid, rule) in fields {
        for value in valid {
            let mut body = OrganizationUpdate::default();
            set(&mut body, (*value).to_owned());
            assert_eq!(violations(&body), [], "{pointer} = {value:?} is valid");
        }
        for value in invalid {
            let mut body = OrganizationUpdate::default();
            set(&mut body, (*value).to_owned());
            assert_eq!(
                violations(&body),
                [(pointer.to_owned(), rule.to_owned())],
                "{pointer} = {value:?} is invalid"
            );
        }
    }
}

#[test]
fn unknown_authenticators_are_rejected_in_requests() {
    let body = OrganizationUpdate {
        mfa_config: Some(MfaConfig {
            allowed_authenticators: Some(vec![
                AllowedAuthenticator::Totp,
                AllowedAuthenticator::Unknown("passkey".into()),
            ]),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        violations(&body),
        [(
            "/mfa_config/allowed_authenticators/1".to_owned(),
            "enum [totp, biometrics, security_key]".to_owned()
        )]
    );
}

#[test]
fn path_parameters_are_validated_and_nothing_is_built_when_invalid() {
    let body = OrganizationUpdate::default();
    type Case = (AccountsOrZones, String, Vec<(&'static str, &'static str)>);
    let cases: [Case; 5] = [
        (AccountsOrZones::Accounts, "a".repeat(32), vec![]),
        (AccountsOrZones::Accounts, "é".repeat(32), vec![]), // 32 characters, 64 bytes
        (AccountsOrZones::Accounts, "a".repeat(33), vec![("/path/account_or_zone_id", "maxLength 32")]),
        (
            AccountsOrZones::Unknown("users".into()),
            "x".into(),
            vec![("/path/accounts_or_zones", "enum [accounts, zones]")],
        ),
        (
            AccountsOrZones::Unknown("users".into()),
            "a".repeat(40),
            vec![
                ("/path/accounts_or_zones", "enum [accounts, zones]"),
                ("/path/account_or_zone_id", "maxLength 32"),
            ],
        ),
    ];
    for (level, id, expected) in cases {
        let op = UpdateOrganization { accounts_or_zones: &level, account_or_zone_id: &id, body: &body };
        let expected: Vec<(String, String)> =
            expected.iter().map(|(p, r)| ((*p).to_owned(), (*r).to_owned())).collect();
        assert_eq!(violations(&op), expected, "{level:?} {id:?}");
        match op.to_request("https://api.cloudflare.com/client/v4") {
            Ok(_) => assert!(expected.is_empty(), "a request was built for invalid input {id:?}"),
            Err(RequestError::Validation(errors)) => assert_eq!(errors.violations.len(), expected.len()),
            Err(other) => panic!("unexpected error {other}"),
        }
    }
}

#[test]
fn all_violations_are_reported_in_field_order_with_a_readable_display() {
    let body = OrganizationUpdate {
        session_duration: Some("forever".into()),
        mfa_config: Some(MfaConfig {
            allowed_authenticators: Some(vec![AllowedAuthenticator::Unknown("sms".into())]),
            session_duration: Some("1d".into()),
        }),
        warp_auth_session_duration: Some("x".repeat(100)),
        ..Default::default()
    };
    let op = UpdateOrganization {
        accounts_or_zones: &AccountsOrZones::Zones,
        account_or_zone_id: "id",
        body: &body,
    };
    let Err(RequestError::Validation(errors)) = op.to_request("https://api.cloudflare.com/client/v4") else {
        panic!("expected a validation error");
    };
    let shown = errors.to_string();
    let expected = format!(
        "4 invalid values:\n  /mfa_config/allowed_authenticators/0: enum [totp, biometrics, security_key] (got \"sms\")\
         \n  /mfa_config/session_duration: {MINUTES_HOURS} (got \"1d\")\
         \n  /session_duration: {GO_DURATION} (got \"forever\")\
         \n  /warp_auth_session_duration: {MINUTES_HOURS} (got \"{}…)",
        "x".repeat(79)
    );
    assert_eq!(shown, expected);
}

/// The same, for the fixture crate's own `Validate` trait.
fn fixture_violations(input: &impl fixture::Validate) -> Vec<(String, String)> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(errors) => errors.violations.into_iter().map(|v| (v.pointer, v.rule)).collect(),
    }
}

/// A valid item: `name` is required, and `minProperties: 2` needs one more.
fn item() -> fixture::Item {
    fixture::Item {
        name: "ab".into(),
        code: Some("ABC".into()),
        level: None,
        count: None,
        ratio: None,
        step: None,
        threshold: None,
        serial: None,
        priority: None,
        tags: None,
        limits: None,
        note: None,
        nested: None,
        contacts: None,
    }
}

/// Integers are compared as integers, exactly beyond 2^53, and printed as sent.
#[test]
fn integer_limits_are_exact_and_values_print_as_sent() {
    type Case = (Option<i32>, Option<i64>, &'static [&'static str]);
    let cases: &[Case] = &[
        (Some(105), None, &["/count: maximum 100 (got 105)"]),
        (Some(-5), None, &["/count: minimum 0 (got -5)"]),
        (Some(7), None, &["/count: multipleOf 5 (got 7)"]),
        // 2^53 + 1 is the limit and 2^53 + 2 just past it; as f64 both would be 2^53.
        (None, Some(9_007_199_254_740_993), &[]),
        // 2^53 + 1 is a multiple of 3 (above, where an f64 comparison would see 2^53, which is
        // not); 2^53 and 2^53 + 2 are not.
        (
            None,
            Some(9_007_199_254_740_994),
            &[
                "/serial: maximum 9007199254740993 (got 9007199254740994)",
                "/serial: multipleOf 3 (got 9007199254740994)",
            ],
        ),
        (None, Some(9_007_199_254_740_992), &["/serial: multipleOf 3 (got 9007199254740992)"]),
        (None, Some(i64::MIN), &["/serial: multipleOf 3 (got -9223372036854775808)"]),
    ];
    for &(count, serial, expected) in cases {
        let input = fixture::Item { count, serial, ..item() };
        let shown: Vec<String> = match fixture::Validate::validate(&input) {
            Ok(()) => Vec::new(),
            Err(errors) => errors.violations.iter().map(ToString::to_string).collect(),
        };
        assert_eq!(shown, expected, "count {count:?}, serial {serial:?}");
    }
}

#[test]
fn every_keyword_just_inside_and_just_outside_its_limit() {
    type Edit = fn(&mut fixture::Item);
    type Case = (&'static str, Edit, Option<(&'static str, &'static str)>);
    let cases: Vec<Case> = vec![
        ("minLength ok", |i| i.name = "a".into(), None),
        ("minLength", |i| i.name = String::new(), Some(("/name", "minLength 1"))),
        ("maxLength ok (chars)", |i| i.name = "ééééé".into(), None),
        ("maxLength", |i| i.name = "abcdef".into(), Some(("/name", "maxLength 5"))),
        ("pattern via $ref", |i| i.code = Some("ABCD".into()), Some(("/code", "pattern ^[A-Z]{3}$"))),
        (
            "enum via $ref",
            |i| i.level = Some(fixture::Level::Unknown("mid".into())),
            Some(("/level", "enum [low, high]")),
        ),
        ("minimum ok", |i| i.count = Some(0), None),
        ("minimum", |i| i.count = Some(-5), Some(("/count", "minimum 0"))),
        ("maximum ok", |i| i.count = Some(100), None),
        ("maximum", |i| i.count = Some(105), Some(("/count", "maximum 100"))),
        ("multipleOf", |i| i.count = Some(7), Some(("/count", "multipleOf 5"))),
        ("exclusiveMinimum ok", |i| i.ratio = Some(0.001), None),
        ("exclusiveMinimum", |i| i.ratio = Some(0.0), Some(("/ratio", "exclusiveMinimum 0"))),
        ("exclusiveMaximum", |i| i.ratio = Some(1.0), Some(("/ratio", "exclusiveMaximum 1"))),
        ("multipleOf float ok", |i| i.step = Some(0.3), None),
        ("multipleOf float", |i| i.step = Some(0.35), Some(("/step", "multipleOf 0.1"))),
        ("integer enum ok", |i| i.priority = Some(3), None),
        ("integer enum", |i| i.priority = Some(4), Some(("/priority", "enum [1, 2, 3]"))),
        ("minItems", |i| i.tags = Some(vec![]), Some(("/tags", "minItems 1"))),
        ("maxItems ok", |i| i.tags = Some(vec!["AAA".into(), "BBB".into(), "CCC".into()]), None),
        (
            "maxItems",
            |i| i.tags = Some(vec!["AAA".into(), "BBB".into(), "CCC".into(), "DDD".into()]),
            Some(("/tags", "maxItems 3")),
        ),
        ("uniqueItems", |i| i.tags = Some(vec!["AAA".into(), "AAA".into()]), Some(("/tags", "uniqueItems"))),
        (
            "pattern in array items",
            |i| i.tags = Some(vec!["AAA".into(), "bad".into()]),
            Some(("/tags/1", "pattern ^[A-Z]{3}$")),
        ),
        (
            "map values",
            |i| i.limits = Some([("a/b".to_owned(), 10)].into()),
            Some(("/limits/a~1b", "maximum 9")),
        ),
        ("nullable null ok", |i| i.note = Some(None), None),
        ("nullable with value", |i| i.note = Some(Some("long".into())), Some(("/note", "maxLength 3"))),
        (
            "enum deep in arrays",
            |i| {
                i.nested = Some(fixture::ItemNested {
                    levels: Some(vec![fixture::Level::Low, fixture::Level::Unknown("x".into())]),
                    by_region: None,
                })
            },
            Some(("/nested/levels/1", "enum [low, high]")),
        ),
        (
            "enum in map values, key escaped",
            |i| {
                i.nested = Some(fixture::ItemNested {
                    levels: None,
                    by_region: Some([("eu/west".to_owned(), fixture::Level::Unknown("x".into()))].into()),
                })
            },
            Some(("/nested/by_region/eu~1west", "enum [low, high]")),
        ),
        ("minProperties", |i| i.code = None, Some(("", "minProperties 2"))),
    ];
    for (name, edit, expected) in cases {
        let mut input = item();
        edit(&mut input);
        let expected: Vec<(String, String)> =
            expected.into_iter().map(|(p, r)| (p.to_owned(), r.to_owned())).collect();
        assert_eq!(fixture_violations(&input), expected, "{name}");
    }
}

#[test]
fn formats_are_checked() {
    type Edit = fn(&mut fixture::ItemContacts, &str);
    let cases: [(&str, Edit, &[&str], &[&str]); 5] = [
        (
            "/contacts/email",
            |c, v| c.email = Some(v.into()),
            &["a@example.com", "first.last@sub.example.org"],
            &["a", "a@", "@example.com", "a b@example.com"],
        ),
        (
            "/contacts/site",
            |c, v| c.site = Some(v.into()),
            &["https://example.com/x?y#z", "urn:isbn:123"],
            &["example.com", "https://exa mple.com", "1http://x"],
        ),
        ("/contacts/v4", |c, v| c.v4 = Some(v.into()), &["192.0.2.1"], &["256.0.0.1", "1.2.3"]),
        (
            "/contacts/v6",
            |c, v| c.v6 = Some(v.into()),
            &["2001:db8::1", "::1"],
            &["2001:db8:::1", "192.0.2.1"],
        ),
        (
            "/contacts/host",
            |c, v| c.host = Some(v.into()),
            &["example.com", "a-b.example"],
            &["-a.example", "a..b", "a_b.example"],
        ),
    ];
    for (pointer, set, valid, invalid) in cases {
        for value in valid {
            let mut input = item();
            let mut contacts = fixture::ItemContacts::default();
            set(&mut contacts, value);
            input.contacts = Some(contacts);
            assert_eq!(fixture_violations(&input), [], "{pointer} = {value:?}");
        }
        for value in invalid {
            let mut input = item();
            let mut contacts = fixture::ItemContacts::default();
            set(&mut contacts, value);
            input.contacts = Some(contacts);
            let got = fixture_violations(&input);
            assert_eq!(got.len(), 1, "{pointer} = {value:?}: {got:?}");
            assert_eq!(got[0].0, pointer, "{value:?}");
            assert!(got[0].1.starts_with("format "), "{value:?}: {got:?}");
        }
    }
}

#[test]
fn operation_parameters_of_every_location_are_checked() {
    let body = item();
    // `format: uuid` is typed (`Uuid`), so a bad one cannot even be built.
    let trace: fixture::Uuid = "123e4567-e89b-12d3-a456-426614174000".parse().unwrap();
    let op = fixture::PutItem { item_id: "A", page: Some(11), x_trace: Some(trace), body: &body };
    assert_eq!(
        fixture_violations(&op),
        [
            ("/path/item_id".to_owned(), "minLength 2".to_owned()),
            ("/path/item_id".to_owned(), "pattern ^[a-z0-9]+$".to_owned()),
            ("/query/page".to_owned(), "maximum 10".to_owned()),
        ]
    );
    let op = fixture::PutItem { item_id: "ab1", page: Some(10), x_trace: None, body: &body };
    assert_eq!(fixture_violations(&op), []);
}
