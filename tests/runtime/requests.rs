//! The sans-IO request: method, URL, headers, exact body, and path parameter encoding.

use cloudflare_zero_trust_organization::{
    AccountsOrZones, DEFAULT_BASE_URL, LoginDesign, Operation, OrganizationUpdate, RequestError,
    UpdateOrganization,
};

const ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";

fn request(
    level: &AccountsOrZones,
    id: &str,
    body: &OrganizationUpdate,
) -> Result<http::Request<Vec<u8>>, RequestError> {
    UpdateOrganization { accounts_or_zones: level, account_or_zone_id: id, body }.to_request(DEFAULT_BASE_URL)
}

#[test]
fn builds_the_documented_request() {
    let body = OrganizationUpdate {
        name: Some("Widget Corps".into()),
        login_design: Some(LoginDesign { text_color: Some("#c5ed1b".into()), ..Default::default() }),
        ..Default::default()
    };
    let request = request(&AccountsOrZones::Accounts, ID, &body).unwrap();
    assert_eq!(request.method(), http::Method::PUT);
    assert_eq!(
        request.uri().to_string(),
        format!("https://api.cloudflare.com/client/v4/accounts/{ID}/access/organizations")
    );
    assert_eq!(request.headers()["accept"], "application/json");
    assert_eq!(request.headers()["content-type"], "application/json");
    // Unset optional fields are left out entirely.
    assert_eq!(
        String::from_utf8(request.body().clone()).unwrap(),
        r##"{"login_design":{"text_color":"#c5ed1b"},"name":"Widget Corps"}"##
    );
}

#[test]
fn zone_level_path_and_empty_body() {
    let request = request(&AccountsOrZones::Zones, ID, &OrganizationUpdate::default()).unwrap();
    assert_eq!(request.uri().path(), format!("/client/v4/zones/{ID}/access/organizations"));
    assert_eq!(request.body().as_slice(), b"{}");
}

#[test]
fn path_parameters_are_percent_encoded_so_no_value_changes_the_path() {
    for (id, encoded) in [
        ("abc", "abc"),
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("x?y=1#z", "x%3Fy%3D1%23z"),
        ("../admin", "..%2Fadmin"),
        ("%2F", "%252F"),
        ("ü", "%C3%BC"),
        ("a.b-c_d~e", "a.b-c_d~e"),
    ] {
        let request = request(&AccountsOrZones::Accounts, id, &OrganizationUpdate::default()).unwrap();
        assert_eq!(
            request.uri().path(),
            format!("/client/v4/accounts/{encoded}/access/organizations"),
            "{id:?}"
        );
    }
}

#[test]
fn dot_segments_and_empty_ids_are_refused() {
    for id in ["", ".", ".."] {
        let error = request(&AccountsOrZones::Accounts, id, &OrganizationUpdate::default()).unwrap_err();
        assert!(
            matches!(error, RequestError::PathParameter { name: "account_or_zone_id", .. }),
            "{id:?}: {error}"
        );
    }
}

#[test]
fn base_url_may_end_with_a_slash_and_must_be_absolute() {
    let body = OrganizationUpdate::default();
    let op = UpdateOrganization {
        accounts_or_zones: &AccountsOrZones::Accounts,
        account_or_zone_id: ID,
        body: &body,
    };
    let request = op.to_request("http://127.0.0.1:8080/").unwrap();
    assert_eq!(
        request.uri().to_string(),
        format!("http://127.0.0.1:8080/accounts/{ID}/access/organizations")
    );
    let error = op.to_request("not a url").unwrap_err();
    assert!(matches!(error, RequestError::InvalidUrl { .. }), "{error}");
}
