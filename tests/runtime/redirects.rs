//! Redirects, against real local servers on two loopback origins: followed within the origin
//! with every credential, followed to another origin with none (for every way a credential
//! reaches a request), never downgraded, bounded, refused when a body cannot be sent again, and
//! reported where the answer came from.

use crate::local_server::{self, LocalServer};
use crate::support::fixture;
use cloudflare_zero_trust_organization::runtime::client::{ApiKey, Secret};
use cloudflare_zero_trust_organization::runtime::redirect::{MAX_REDIRECTS, Refusal};
use cloudflare_zero_trust_organization::{
    AccountsOrZones, Client, ClientBuilder, Credentials, Error, OrganizationUpdate, RequestOptions, Response,
    UpdateOrganization,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "023e105f4ecef8ad9ca31a8372d0c353";
const ORG_PATH: &str = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/organizations";

/// Every way a credential reaches a request, and the header or query text each puts on the wire
/// (each holds `SECRET`, which the other origin must never see).
#[derive(Debug, Clone, Copy)]
enum Scheme {
    Bearer,
    Basic,
    HeaderKeys,
    QueryKey,
    CookieKey,
    /// `authorization`, `cookie`, an API key header and a header the caller marked secret, in
    /// the call's own headers.
    CallHeaders,
    /// `proxy-authorization`, an API key header and a marked header as default headers.
    DefaultHeaders,
}

const SCHEMES: [Scheme; 7] = [
    Scheme::Bearer,
    Scheme::Basic,
    Scheme::HeaderKeys,
    Scheme::QueryKey,
    Scheme::CookieKey,
    Scheme::CallHeaders,
    Scheme::DefaultHeaders,
];

fn marked(value: &'static str) -> HeaderValue {
    let mut value = HeaderValue::from_static(value);
    value.set_sensitive(true);
    value
}

impl Scheme {
    fn client(self, base_url: &str) -> Client {
        let builder = Client::builder().base_url(base_url);
        let key = |place, value: &str| Credentials::ApiKeys(vec![(place, Secret::new(value))]);
        let builder: ClientBuilder = match self {
            Scheme::Bearer => builder.bearer_token("tok-SECRET"),
            Scheme::Basic => builder.basic_auth("SECRET-user", "pass"),
            Scheme::HeaderKeys => builder
                .api_keys([
                    ("X-Auth-Email", "SECRET@example.com".to_owned()),
                    ("X-Auth-Key", "SECRET-key".to_owned()),
                ])
                .unwrap(),
            Scheme::QueryKey => builder.credentials(key(ApiKey::Query("api_key".into()), "SECRET-q")),
            Scheme::CookieKey => builder.credentials(key(ApiKey::Cookie("session".into()), "SECRET-c")),
            Scheme::CallHeaders => builder,
            Scheme::DefaultHeaders => builder
                .default_header(
                    http::header::PROXY_AUTHORIZATION,
                    HeaderValue::from_static("Basic SECRET-proxy"),
                )
                .default_header(HeaderName::from_static("x-auth-key"), HeaderValue::from_static("SECRET-key"))
                .default_header(HeaderName::from_static("x-tenant-token"), marked("SECRET-tenant")),
        };
        builder.build().unwrap()
    }

    fn options(self) -> RequestOptions {
        let mut options = RequestOptions::default();
        if let Scheme::CallHeaders = self {
            for (name, value) in [
                ("authorization", "Basic SECRET-call"),
                ("cookie", "s=SECRET-cookie"),
                ("x-auth-key", "SECRET-key"),
            ] {
                options.headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
            }
            options.headers.insert(HeaderName::from_static("x-my-secret"), marked("SECRET-mine"));
        }
        options
    }
}

async fn update(client: &Client, options: &RequestOptions) -> Result<Response<()>, Error> {
    let body = OrganizationUpdate { name: Some("Widget Corps".into()), ..Default::default() };
    let operation = UpdateOrganization::new(&AccountsOrZones::Accounts, ID, &body);
    client.send_with_response(&operation, options).await.map(|r| r.map(drop))
}

/// A server that answers anything with the organization.
async fn ok_server() -> MockServer {
    let server = MockServer::start().await;
    let ok = ResponseTemplate::new(200)
        .set_body_raw(fixture("examples/organization_response_200.json"), "application/json");
    Mock::given(wiremock::matchers::any()).respond_with(ok).mount(&server).await;
    server
}

/// What a server received: method, path and query, headers, body.
async fn received(server: &MockServer) -> Vec<(Method, String, HeaderMap, Vec<u8>)> {
    let requests = server.received_requests().await.unwrap();
    requests
        .into_iter()
        .map(|r| {
            let target =
                format!("{}{}", r.url.path(), r.url.query().map(|q| format!("?{q}")).unwrap_or_default());
            (r.method, target, r.headers, r.body)
        })
        .collect()
}

/// Whether a request shows a secret: `SECRET` in its target or a header, or basic auth's
/// base64 of `SECRET-user:pass`.
fn shows_a_secret(target: &str, headers: &HeaderMap) -> bool {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode("SECRET-user:pass");
    let holds = |text: &str| text.contains("SECRET") || text.contains(&basic);
    holds(target) || headers.values().any(|v| holds(&String::from_utf8_lossy(v.as_bytes())))
}

#[tokio::test]
async fn another_origin_gets_the_request_without_any_credential() {
    for scheme in SCHEMES {
        for status in [301, 302, 303, 307, 308] {
            let other = ok_server().await;
            let location = format!("{}/elsewhere", other.uri());
            let api = MockServer::start().await;
            let redirect = ResponseTemplate::new(status).insert_header("location", location.as_str());
            Mock::given(path(ORG_PATH)).respond_with(redirect).mount(&api).await;
            let response = update(&scheme.client(&api.uri()), &scheme.options()).await;
            let case = format!("{scheme:?} {status}");
            let response = response.unwrap_or_else(|e| panic!("{case}: {e}"));
            assert_eq!(response.url.map(|u| u.to_string()), Some(location.clone()), "{case}: the final URL");

            let first = received(&api).await;
            assert!(
                shows_a_secret(&first[0].1, &first[0].2),
                "{case}: the API itself got the credential: {:?}",
                first[0].2
            );
            let got = received(&other).await;
            assert_eq!(got.len(), 1, "{case}");
            let (method, target, headers, body) = &got[0];
            assert!(!shows_a_secret(target, headers), "{case}: the other origin got {target} {headers:?}");
            // A PUT keeps its method and body through 301/302/307/308; 303 asks for a GET.
            let (expected, has_body) = if status == 303 { (Method::GET, false) } else { (Method::PUT, true) };
            assert_eq!((method, !body.is_empty()), (&expected, has_body), "{case}");
            assert_eq!(
                headers.contains_key("content-type"),
                has_body,
                "{case}: body headers go with the body"
            );
        }
    }
}

#[tokio::test]
async fn hops_within_the_origin_keep_every_credential() {
    for scheme in SCHEMES {
        for status in [301, 302, 307, 308] {
            let api = ok_server().await;
            let moved = ResponseTemplate::new(status).insert_header("location", "/v2/organization");
            Mock::given(path(ORG_PATH)).respond_with(moved).with_priority(1).mount(&api).await;
            update(&scheme.client(&api.uri()), &scheme.options()).await.unwrap();
            let got = received(&api).await;
            let paths: Vec<&str> =
                got.iter().map(|(_, target, ..)| target.split('?').next().unwrap()).collect();
            assert_eq!(paths, [ORG_PATH, "/v2/organization"], "{scheme:?} {status}");
            let (first, second) = (&got[0], &got[1]);
            assert!(
                shows_a_secret(&second.1, &second.2),
                "{scheme:?} {status}: the second hop lost its credential"
            );
            let secret_headers = |h: &HeaderMap| {
                let mut names: Vec<String> = h
                    .iter()
                    .filter(|(k, v)| {
                        shows_a_secret("", &HeaderMap::from_iter([((*k).clone(), (*v).clone())]))
                    })
                    .map(|(k, _)| k.to_string())
                    .collect();
                names.sort();
                names
            };
            assert_eq!(secret_headers(&first.2), secret_headers(&second.2), "{scheme:?} {status}");
        }
    }
}

/// Once a chain leaves the origin, coming back to it brings no credential back.
#[tokio::test]
async fn credentials_do_not_come_back_after_leaving_the_origin() {
    let api = ok_server().await;
    let other = MockServer::start().await;
    let back = ResponseTemplate::new(307).insert_header("location", format!("{}/back", api.uri()).as_str());
    Mock::given(wiremock::matchers::any()).respond_with(back).mount(&other).await;
    let away = ResponseTemplate::new(307).insert_header("location", format!("{}/away", other.uri()).as_str());
    Mock::given(path(ORG_PATH)).respond_with(away).with_priority(1).mount(&api).await;
    update(&Scheme::Bearer.client(&api.uri()), &RequestOptions::default()).await.unwrap();
    let got = received(&api).await;
    assert_eq!(got[1].1, "/back");
    assert!(!shows_a_secret(&got[1].1, &got[1].2), "{:?}", got[1].2);
}

#[tokio::test]
async fn a_downgrade_to_plain_http_is_refused_and_that_host_gets_nothing() {
    for scheme in SCHEMES {
        let plain = ok_server().await;
        let location = format!("{}{ORG_PATH}", plain.uri());
        let target = location.clone();
        let api = LocalServer::start(true, move |_| {
            local_server::response(307, &[("location", &target)], local_server::full(""))
        })
        .await;
        let client = match scheme {
            Scheme::Bearer => Client::builder().base_url(&api.url).bearer_token("tok-SECRET"),
            _ => Client::builder().base_url(&api.url).basic_auth("SECRET", "x"),
        };
        let client = client.http_client_builder(api.trusting()).build().unwrap();
        match update(&client, &scheme.options()).await {
            Err(Error::RedirectRefused { status, location: got, reason: Refusal::Downgrade }) => {
                assert_eq!((status.as_u16(), got.as_str()), (307, location.as_str()));
            }
            other => panic!("{scheme:?}: {other:?}"),
        }
        assert_eq!(api.received().len(), 1);
        assert!(received(&plain).await.is_empty(), "{scheme:?}: the plain HTTP host got a request");
    }
}

#[tokio::test]
async fn a_redirect_loop_ends_with_a_clear_error() {
    let api = MockServer::start().await;
    let to_self = ResponseTemplate::new(302).insert_header("location", ORG_PATH);
    Mock::given(path(ORG_PATH)).respond_with(to_self).mount(&api).await;
    let client = Client::builder().base_url(api.uri()).max_retries(0).build().unwrap();
    let error = update(&client, &RequestOptions::default()).await.unwrap_err();
    assert!(matches!(&error, Error::RedirectRefused { reason: Refusal::TooMany, .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "the server redirected (302 Found) to {ORG_PATH}, which is not followed: more than 5 redirects (a loop?)"
        )
    );
    assert_eq!(received(&api).await.len(), MAX_REDIRECTS + 1);
}

/// A retry starts again from the original URL, and a redirect within an attempt is followed.
#[tokio::test]
async fn retries_restart_from_the_original_url() {
    let api = MockServer::start().await;
    let moved = ResponseTemplate::new(307).insert_header("location", "/v2/organization");
    Mock::given(path(ORG_PATH)).respond_with(moved).mount(&api).await;
    Mock::given(path("/v2/organization")).respond_with(ResponseTemplate::new(503)).mount(&api).await;
    let client = Client::builder().base_url(api.uri()).max_retries(1).build().unwrap();
    let error = update(&client, &RequestOptions::default()).await.unwrap_err();
    assert!(matches!(&error, Error::Api(e) if e.status.as_u16() == 503), "{error:?}");
    let paths: Vec<String> = received(&api).await.into_iter().map(|(_, target, ..)| target).collect();
    assert_eq!(paths, [ORG_PATH, "/v2/organization", ORG_PATH, "/v2/organization"]);
}

#[tokio::test]
async fn following_can_be_turned_off_for_the_client_or_a_call() {
    let other = ok_server().await;
    let location = format!("{}/download/abc?signature=x", other.uri());
    let api = MockServer::start().await;
    let found = ResponseTemplate::new(302).insert_header("location", location.as_str());
    Mock::given(method("PUT")).and(path(ORG_PATH)).respond_with(found).mount(&api).await;
    let refused = |result: Result<Response<()>, Error>| match result {
        Err(Error::Redirect { status, location: Some(got) }) => {
            assert_eq!((status.as_u16(), got), (302, location.clone()))
        }
        other => panic!("{other:?}"),
    };
    let off = Client::builder().base_url(api.uri()).follow_redirects(false).build().unwrap();
    refused(update(&off, &RequestOptions::default()).await);
    let on = Client::builder().base_url(api.uri()).build().unwrap();
    let per_call = RequestOptions { follow_redirects: Some(false), ..RequestOptions::default() };
    refused(update(&on, &per_call).await);
    assert!(received(&other).await.is_empty());

    // The download URL itself, without following it.
    let body = OrganizationUpdate::default();
    let url = on.update_organization(&AccountsOrZones::Accounts, ID, &body).location().await.unwrap();
    assert_eq!(url.map(|u| u.to_string()), Some(location));
    assert!(received(&other).await.is_empty(), "`location` follows nothing");
}

/// Multipart uploads: a body read afresh is sent again, whole, to the new URL; a one-shot
/// stream cannot be, so a 307 is refused (and the request is not retried).
#[tokio::test]
async fn a_307_resends_a_replayable_body_and_refuses_a_one_shot_stream() {
    use bodies_fixture::{File, Upload, UploadPurpose};
    let upload = |file: File| Upload::new(file, UploadPurpose::Archive);
    let data = b"the document, all of it".to_vec();
    let target = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"id":"f1"}"#, "application/json"))
        .mount(&target)
        .await;
    let api = MockServer::start().await;
    let moved =
        ResponseTemplate::new(307).insert_header("location", format!("{}/uploads", target.uri()).as_str());
    Mock::given(wiremock::matchers::any()).respond_with(moved).mount(&api).await;
    let client = bodies_fixture::Client::builder().base_url(api.uri()).max_retries(2).build().unwrap();

    let copy = data.clone();
    let again = upload(File::from_reader(move || Ok(std::io::Cursor::new(copy.clone()))));
    client.upload_files(&again).send().await.unwrap();
    let got = received(&target).await;
    assert_eq!(got.len(), 1);
    let sent = String::from_utf8_lossy(&got[0].3);
    assert!(sent.contains("the document, all of it"), "{sent}");

    let once = upload(File::from_read_once(std::io::Cursor::new(data)));
    let error = client.upload_files(&once).send().await.unwrap_err();
    assert!(
        matches!(
            error,
            bodies_fixture::Error::RedirectRefused {
                reason: bodies_fixture::runtime::redirect::Refusal::BodyNotReplayable(307),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(received(&target).await.len(), 1, "the target got nothing more");
}

/// A download the spec declares as a `302` to the storage host: followed by default (the bytes
/// come from the other origin, which gets no credential), or its URL taken without following.
#[tokio::test]
async fn a_declared_download_redirect_is_followed_or_its_url_taken() {
    let storage = MockServer::start().await;
    Mock::given(path("/blobs/f1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(b"file bytes".to_vec(), "application/octet-stream"),
        )
        .mount(&storage)
        .await;
    let signed = format!("{}/blobs/f1?sig=abc", storage.uri());
    let api = MockServer::start().await;
    let found = ResponseTemplate::new(302).insert_header("location", signed.as_str());
    Mock::given(path("/files/f1/content")).respond_with(found).mount(&api).await;
    let client =
        bodies_fixture::Client::builder().base_url(api.uri()).bearer_token("tok-SECRET").build().unwrap();

    let bytes = client.download_file("f1").send_with_response().await.unwrap();
    assert_eq!(
        (bytes.value.as_slice(), bytes.url.map(|u| u.to_string())),
        (&b"file bytes"[..], Some(signed.clone()))
    );
    let got = received(&storage).await;
    assert!(!shows_a_secret(&got[0].1, &got[0].2), "{:?}", got[0].2);

    // Streamed, the body is the last hop's.
    let mut stream = client.download_file("f1").send_streaming().await.unwrap();
    let mut streamed = Vec::new();
    while let Some(chunk) = stream.next_chunk().await {
        streamed.extend_from_slice(&chunk.unwrap());
    }
    assert_eq!(streamed, b"file bytes");

    let url = client.download_file("f1").location().await.unwrap();
    assert_eq!(url.map(|u| u.to_string()), Some(signed));
    assert_eq!(received(&storage).await.len(), 2, "taking the URL fetched nothing");
}
