//! Redirects, followed the way a careful client follows them, decided by pure functions that
//! any HTTP stack can use: [`next`] says what to send after a 3xx answer, and
//! [`strip_credentials`] what a request to another origin must not carry.
//!
//! The rules:
//! - at most [`MAX_REDIRECTS`] hops; more (a loop, most likely) is [`Refusal::TooMany`];
//! - `301`/`302` turn a `POST` into a `GET` without its body, `303` turns anything but `GET` and
//!   `HEAD` into a `GET` without its body (as browsers do); `307`/`308` keep the method and the
//!   body, which is sent again from its start, or the redirect is refused when it cannot be
//!   ([`Refusal::BodyNotReplayable`]); `300`, `304`, `305` and `306` are answers, not redirects;
//! - never from `https` to `http`, never to a scheme other than HTTP(S), and plain HTTP only to
//!   a loopback address, on every hop;
//! - credentials go only to the origin (scheme, host and port) of the request that started the
//!   chain: once a hop leaves it, every credential the client adds and every secret header is
//!   left off, for the rest of the chain.
//!
//! reqwest's own policy is never used (every reqwest client the crate builds has
//! `reqwest::redirect::Policy::none()`): it drops only `Authorization`, `Cookie` and the proxy
//! headers on a change of host, and follows `https` → `http`.

/// The most redirects one request follows.
pub const MAX_REDIRECTS: usize = 5;

/// What a request's body allows when a redirect asks for it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// No body, or one that can be sent again from its start.
    Possible,
    /// A body read once as it is sent (a one-shot stream).
    Impossible,
}

/// The request to send after a redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextRequest {
    pub method: http::Method,
    /// The `Location`, resolved against the URL that answered.
    pub uri: http::Uri,
    /// Whether the body goes along (`307`/`308`); without it, the headers that describe it
    /// (`Content-Type`, `Content-Length`, …) go too.
    pub keep_body: bool,
    /// Whether the new URL has the same origin as the one that answered.
    pub same_origin: bool,
}

/// A redirect that is not followed, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("more than {MAX_REDIRECTS} redirects (a loop?)")]
    TooMany,
    #[error("a redirect from HTTPS to plain HTTP is never followed")]
    Downgrade,
    #[error("a redirect to plain HTTP is followed only to a loopback address")]
    PlainHttp,
    #[error("a redirect is followed only to an http or https URL")]
    NotHttp,
    #[error("the `Location` is not a URL")]
    BadLocation,
    #[error("the request's body cannot be sent again (a one-shot stream), which a {0} redirect asks for")]
    BodyNotReplayable(u16),
}

/// What follows a response with `status` and `location` to a request (`method`, `uri`) whose
/// body `replay` describes, after `hops` redirects already followed: `Ok(None)` when the
/// response is the answer (not a redirect this policy follows, or one without a `Location`).
pub fn next(
    status: http::StatusCode,
    location: Option<&http::HeaderValue>,
    method: &http::Method,
    uri: &http::Uri,
    replay: Replay,
    hops: usize,
) -> Result<Option<NextRequest>, Refusal> {
    let (method, keep_body) = match status.as_u16() {
        301 | 302 if *method == http::Method::POST => (http::Method::GET, false),
        301 | 302 => (method.clone(), true),
        303 if *method == http::Method::GET || *method == http::Method::HEAD => (method.clone(), false),
        303 => (http::Method::GET, false),
        307 | 308 => (method.clone(), true),
        _ => return Ok(None),
    };
    let Some(location) = location else { return Ok(None) };
    if hops >= MAX_REDIRECTS {
        return Err(Refusal::TooMany);
    }
    let target = resolve(uri, location.to_str().map_err(|_| Refusal::BadLocation)?)?;
    match (uri.scheme_str(), target.scheme_str()) {
        (_, Some("https")) => {}
        (Some("https"), Some("http")) => return Err(Refusal::Downgrade),
        (_, Some("http")) if target.host().is_some_and(is_loopback) => {}
        (_, Some("http")) => return Err(Refusal::PlainHttp),
        _ => return Err(Refusal::NotHttp),
    }
    if keep_body && replay == Replay::Impossible {
        return Err(Refusal::BodyNotReplayable(status.as_u16()));
    }
    Ok(Some(NextRequest { method, same_origin: same_origin(uri, &target), uri: target, keep_body }))
}

/// Removes what must not reach another origin: `Authorization`, `Proxy-Authorization`,
/// `Cookie`, the API's secret headers (`secret`, lowercase), and every header whose value is
/// marked sensitive (how a caller marks a header of its own as secret).
pub fn strip_credentials(headers: &mut http::HeaderMap, secret: &[&str]) {
    let always = [http::header::AUTHORIZATION, http::header::PROXY_AUTHORIZATION, http::header::COOKIE];
    let names: Vec<http::HeaderName> = headers
        .iter()
        .filter(|(name, value)| {
            value.is_sensitive() || always.contains(name) || secret.contains(&name.as_str())
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in names {
        headers.remove(name);
    }
}

/// Removes the headers that describe a body, for a redirect that drops it.
pub fn strip_body_headers(headers: &mut http::HeaderMap) {
    for name in [
        http::header::CONTENT_TYPE,
        http::header::CONTENT_LENGTH,
        http::header::CONTENT_ENCODING,
        http::header::CONTENT_LANGUAGE,
        http::header::CONTENT_LOCATION,
        http::header::TRANSFER_ENCODING,
    ] {
        headers.remove(name);
    }
}

/// Whether two URLs have one origin: scheme, host and port (the scheme's default when absent).
pub fn same_origin(a: &http::Uri, b: &http::Uri) -> bool {
    let origin = |uri: &http::Uri| {
        let scheme = uri.scheme_str().map(str::to_ascii_lowercase);
        let default = match scheme.as_deref() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        };
        (scheme, uri.host().map(str::to_ascii_lowercase), uri.port_u16().or(default))
    };
    origin(a) == origin(b)
}

/// Whether a host is a loopback address (`localhost`, `127.0.0.0/8`, `::1`).
pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// `location` resolved against `base`: an absolute URL, a path from the root (`/x`), a
/// network-path reference (`//host/x`), or a path relative to the base's directory.
pub fn resolve(base: &http::Uri, location: &str) -> Result<http::Uri, Refusal> {
    let location = location.trim();
    let absolute = match location.split_once(':') {
        Some((scheme, _))
            if !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            location.to_owned()
        }
        _ => {
            let scheme = base.scheme_str().ok_or(Refusal::BadLocation)?;
            let authority = base.authority().ok_or(Refusal::BadLocation)?;
            if let Some(rest) = location.strip_prefix("//") {
                format!("{scheme}://{rest}")
            } else if location.starts_with('/') {
                format!("{scheme}://{authority}{location}")
            } else if location.starts_with('?') {
                format!("{scheme}://{authority}{}{location}", base.path())
            } else {
                let directory = base.path().rsplit_once('/').map_or("", |(directory, _)| directory);
                format!("{scheme}://{authority}{directory}/{location}")
            }
        }
    };
    let scheme = absolute.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("http" | "https")) {
        return Err(Refusal::NotHttp);
    }
    // A fragment is the client's, never sent.
    let absolute = absolute.split('#').next().unwrap_or_default();
    let uri: http::Uri = absolute.parse().map_err(|_| Refusal::BadLocation)?;
    if uri.host().is_none() {
        return Err(Refusal::BadLocation);
    }
    Ok(uri)
}
