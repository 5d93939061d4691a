//! When to retry, and how long to wait: the policy that widely used generated SDKs share (those
//! built by Stainless for Cloudflare, OpenAI, Anthropic and others), so clients behave alike.
//!
//! Retried: connection errors, timeouts, and statuses 408, 409, 429 and ≥ 500, unless the server
//! says otherwise with `x-should-retry: true|false`. The wait before retry `n` (from 0) is
//! `min(0.5 · 2^n, 8)` seconds less up to 25 % jitter, or the server's `retry-after-ms` /
//! `retry-after` (seconds or an HTTP date) when that is between 0 and 60 seconds.

use std::time::{Duration, SystemTime};

/// The longest wait a server may ask for; longer hints fall back to backoff.
const MAX_HINT: Duration = Duration::from_secs(60);
const INITIAL_BACKOFF: f64 = 0.5;
const MAX_BACKOFF: f64 = 8.0;
const MAX_JITTER: f64 = 0.25;

/// Whether a response with this status and these headers should be retried.
pub fn should_retry(status: http::StatusCode, headers: &http::HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(status.as_u16(), 408 | 409 | 429) || status.is_server_error(),
    }
}

/// The wait the server asks for, when it asks for one between 0 and 60 seconds.
pub fn server_hint(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    let hint = if let Some(ms) = header("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        seconds(ms / 1000.0)
    } else {
        let value = header("retry-after")?;
        match value.parse::<f64>() {
            Ok(secs) => seconds(secs),
            Err(_) => {
                httpdate::parse_http_date(value).ok().map(|at| at.duration_since(now).unwrap_or_default())
            }
        }
    }?;
    (hint <= MAX_HINT).then_some(hint)
}

fn seconds(value: f64) -> Option<Duration> {
    (value.is_finite() && value >= 0.0).then(|| Duration::from_secs_f64(value))
}

/// Exponential backoff before retry `retry` (0 for the first), with `jitter` in `[0, 1)` scaling
/// the up-to-25 % reduction.
pub fn backoff(retry: u32, jitter: f64) -> Duration {
    let base = (INITIAL_BACKOFF * 2f64.powi(retry.min(16) as i32)).min(MAX_BACKOFF);
    Duration::from_secs_f64(base * (1.0 - MAX_JITTER * jitter.clamp(0.0, 1.0)))
}

/// The wait before retry `retry`: the server's hint when usable, else backoff with random jitter.
pub fn delay(retry: u32, headers: Option<&http::HeaderMap>) -> Duration {
    headers.and_then(|h| server_hint(h, SystemTime::now())).unwrap_or_else(|| backoff(retry, fastrand::f64()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
