//! The documentation page's example payloads survive a trip through the generated types.

use crate::support::fixture_json;
use cloudflare_zero_trust_organization::{
    AllowedAuthenticator, Operation, Organization, OrganizationUpdate, UpdateOrganization,
};
use serde_json::Value;

#[test]
fn request_example_round_trips_exactly() {
    let example = fixture_json("examples/organization_update_request.json");
    let body: OrganizationUpdate = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(body.name.as_deref(), Some("Widget Corps Internal Applications"));
    let mfa = body.mfa_config.as_ref().unwrap();
    assert_eq!(
        mfa.allowed_authenticators.as_deref().unwrap(),
        [AllowedAuthenticator::Totp, AllowedAuthenticator::Biometrics, AllowedAuthenticator::SecurityKey]
    );
    assert_eq!(serde_json::to_value(&body).unwrap(), example);
}

#[test]
fn response_example_parses_and_round_trips() {
    let example = fixture_json("examples/organization_response_200.json");
    let response = http::Response::new(serde_json::to_vec(&example).unwrap());
    let org: Organization = UpdateOrganization::parse_response(response).unwrap();
    assert_eq!(org.auth_domain.as_deref(), Some("test.cloudflareaccess.com"));
    assert_eq!(org.user_seat_expiration_inactive_time.as_deref(), Some("730h"));
    let created = org.created_at.as_ref().unwrap();
    assert_eq!(created.utc().to_rfc3339(), "2014-01-01T05:20:00.123450+00:00");
    assert_eq!(created.as_str(), "2014-01-01T05:20:00.12345Z", "the text as sent");
    assert_eq!(org.login_design.as_ref().unwrap().logo_path.as_deref(), Some("https://example.com/logo.png"));

    // Re-serialized, every field is as sent, timestamps to the digit.
    assert_eq!(serde_json::to_value(&org).unwrap(), example["result"]);
}

#[test]
fn date_times_keep_their_text_and_compare_as_instants() {
    use cloudflare_zero_trust_organization::runtime::time::DateTime;
    let utc = DateTime::parse("2024-05-06T07:08:09.120Z").unwrap();
    let offset = DateTime::parse("2024-05-06T09:08:09.12+02:00").unwrap();
    assert_eq!(utc, offset, "the same instant");
    assert_eq!(
        (utc.as_str(), offset.to_string().as_str()),
        ("2024-05-06T07:08:09.120Z", "2024-05-06T09:08:09.12+02:00")
    );
    assert_eq!(serde_json::to_value(&offset).unwrap(), "2024-05-06T09:08:09.12+02:00");
    let made = DateTime::from(chrono::DateTime::from_timestamp(1_700_000_000, 5_000_000).unwrap());
    assert_eq!(made.as_str(), "2023-11-14T22:13:20.005Z");
    // Short offsets, which JSON Schema's `date-time` allows (Python's `%z` writes `+0000`).
    for (text, utc) in [
        ("2024-05-06T09:08:09+0200", "2024-05-06T07:08:09+00:00"),
        ("2024-05-06T02:08:09.5-05", "2024-05-06T07:08:09.500+00:00"),
        ("2024-05-06 07:08:09+0000", "2024-05-06T07:08:09+00:00"),
    ] {
        let time: DateTime = serde_json::from_value(serde_json::json!(text)).unwrap();
        assert_eq!((time.utc().to_rfc3339(), time.as_str()), (utc.to_owned(), text));
        assert_eq!(serde_json::to_value(&time).unwrap(), text);
    }
    for bad in ["2024-05-06T09:08:09+020", "2024-05-06T09:08:09", "2024-05-06"] {
        assert!(DateTime::parse(bad).is_err(), "{bad}");
    }
    let error = serde_json::from_value::<DateTime>(serde_json::json!("yesterday")).unwrap_err();
    assert!(error.to_string().contains("`yesterday` is not an RFC 3339 date-time"), "{error}");
}

/// A UUID is written back as it was read, in every form the `uuid` crate reads, and compares
/// by value; one made from `uuid::Uuid` is written lower case and hyphenated.
#[test]
fn uuids_keep_their_text_and_compare_as_values() {
    use pet_store_fixture::Uuid;
    let lower = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    let forms = [
        lower,
        "3FA85F64-5717-4562-B3FC-2C963F66AFA6",
        "3Fa85f64-5717-4562-b3FC-2c963f66afA6",
        "urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "URN:UUID:3FA85F64-5717-4562-B3FC-2C963F66AFA6",
        "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
        "3fa85f6457174562b3fc2c963f66afa6",
    ];
    let value: uuid::Uuid = lower.parse().unwrap();
    for text in forms {
        let id: Uuid = serde_json::from_value(Value::from(text)).unwrap();
        assert_eq!(serde_json::to_value(id).unwrap(), Value::from(text), "written back as read");
        assert_eq!((id.to_string(), id.get()), (text.to_owned(), value), "{text}");
        assert_eq!(id, Uuid::from(value), "{text}: equal by value");
    }
    assert_eq!(Uuid::from(value).to_string(), lower);
    assert_eq!(uuid::Uuid::from(Uuid::nil()), uuid::Uuid::nil());
    let error = serde_json::from_value::<Uuid>(Value::from("3fa85f64")).unwrap_err();
    assert!(error.to_string().contains("`3fa85f64` is not a UUID"), "{error}");

    // In a type: the pet's chip id as sent.
    let pet = serde_json::json!({"name": "Rex", "chip_id": forms[1]});
    let parsed: pet_store_fixture::NewPet = serde_json::from_value(pet.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), pet);
}

/// Base64 text is read in the forms servers send and written back as read; bytes made in code
/// are written standard and padded.
#[test]
fn base64_keeps_its_text_and_compares_as_bytes() {
    use pet_store_fixture::runtime::bytes::Base64;
    let table: [(&str, &[u8]); 7] = [
        ("QQ==", b"A"),
        ("QR==", b"A"), // stray bits in the last character (JSON Schema's pattern allows them)
        ("QQ", b"A"),   // no padding
        ("+/8=", &[0xfb, 0xff]),
        ("-_8=", &[0xfb, 0xff]), // the URL-safe alphabet
        ("-_8", &[0xfb, 0xff]),
        ("", b""),
    ];
    for (text, bytes) in table {
        let read: Base64 = serde_json::from_value(Value::from(text)).unwrap();
        assert_eq!(read.as_bytes(), bytes, "{text}");
        assert_eq!(serde_json::to_value(&read).unwrap(), Value::from(text), "written back as read");
        assert_eq!(read, Base64::from(bytes), "{text}: equal by bytes");
    }
    assert_eq!(serde_json::to_value(Base64::from(&[0xfb, 0xff][..])).unwrap(), "+/8=");
    let error = serde_json::from_value::<Base64>(Value::from("not base64!")).unwrap_err();
    assert!(error.to_string().contains("not base64 text"), "{error}");
}

/// `From<&str>`, `as_str`, `Display` and serde agree on every wire value of an enum, the odd
/// ones included (a leading digit, the empty string), and an unknown value is kept as it is.
#[test]
fn string_enums_agree_on_wire_values_both_ways() {
    use pet_store_fixture::types::Kind;
    let table = [
        ("dog", Kind::Dog),
        ("cat", Kind::Cat),
        ("1-legged bird", Kind::V1LeggedBird),
        ("", Kind::Empty),
        ("Dog", Kind::Unknown("Dog".into())),
        ("unicorn", Kind::Unknown("unicorn".into())),
    ];
    for (wire, variant) in table {
        assert_eq!(Kind::from(wire), variant, "{wire:?}");
        assert_eq!(variant.as_str(), wire);
        assert_eq!(variant.to_string(), wire);
        assert_eq!(serde_json::to_value(&variant).unwrap(), Value::from(wire));
        assert_eq!(serde_json::from_value::<Kind>(Value::from(wire)).unwrap(), variant);
    }
    for wire in ["totp", "biometrics", "security_key"] {
        assert_eq!(AllowedAuthenticator::from(wire).as_str(), wire);
        assert!(!matches!(AllowedAuthenticator::from(wire), AllowedAuthenticator::Unknown(_)));
    }
}
