use crate::retry::*;
use std::time::Duration;

fn headers(pairs: &[(&'static str, &str)]) -> http::HeaderMap {
    pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), v.parse().unwrap())).collect()
}

#[test]
fn retryable_statuses_and_the_override_header() {
    for (status, extra, expected) in [
        (408, None, true),
        (409, None, true),
        (429, None, true),
        (500, None, true),
        (503, None, true),
        (400, None, false),
        (404, None, false),
        (503, Some("false"), false),
        (400, Some("true"), true),
        (400, Some("maybe"), false),
    ] {
        let h = headers(&extra.map(|v| vec![("x-should-retry", v)]).unwrap_or_default());
        assert_eq!(
            should_retry(http::StatusCode::from_u16(status).unwrap(), &h),
            expected,
            "{status} {extra:?}"
        );
    }
}

#[test]
fn backoff_doubles_to_a_cap_and_jitter_takes_at_most_a_quarter() {
    for (retry, full) in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (10, 8.0), (u32::MAX, 8.0)] {
        assert_eq!(backoff(retry, 0.0), Duration::from_secs_f64(full), "{retry}");
        assert_eq!(backoff(retry, 1.0), Duration::from_secs_f64(full * 0.75), "{retry}");
    }
}

#[test]
fn server_hints_in_milliseconds_seconds_and_dates() {
    let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
    for (pairs, expected) in [
        (vec![("retry-after-ms", "250")], Some(Duration::from_millis(250))),
        (vec![("retry-after-ms", "250"), ("retry-after", "9")], Some(Duration::from_millis(250))),
        (vec![("retry-after", "2")], Some(Duration::from_secs(2))),
        (vec![("retry-after", "1.5")], Some(Duration::from_millis(1500))),
        (vec![("retry-after", "Sun, 06 Nov 1994 08:49:47 GMT")], Some(Duration::from_secs(10))),
        (vec![("retry-after", "Sun, 06 Nov 1994 08:49:00 GMT")], Some(Duration::ZERO)),
        (vec![("retry-after", "60")], Some(Duration::from_secs(60))),
        (vec![("retry-after", "61")], None),
        (vec![("retry-after", "-1")], None),
        (vec![("retry-after", "soon")], None),
        (vec![], None),
    ] {
        assert_eq!(server_hint(&headers(&pairs), now), expected, "{pairs:?}");
    }
}
