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
