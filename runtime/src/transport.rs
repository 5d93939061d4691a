//! [`Client`]: runs sans-IO operations over reqwest, with auth, timeouts and retries.

use super::client::{
    ClientProfile, Credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_SIZE, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT, Error, RequestOptions, TransportError, check_base_url,
};
use super::operation::Operation;
use super::pagination::{self, Page, Paginated};
use super::redirect::{self, Replay};
use super::request::Body;
use super::response::{FinalUrl, Response};
use super::sensitive::{self, Redacted};
use super::{body_limit, retry, trace};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use std::fmt;
use std::time::Duration;

/// An API client. Cheap to clone; share one per process.
///
/// Defaults: the spec's server as base URL, a 60 s timeout per attempt, a 5 s connect timeout,
/// and 2 retries on connection errors, timeouts, 408, 409, 429 and 5xx, waiting
/// `min(0.5 · 2^n, 8)` s less up to 25 % jitter between attempts, or what the server asks for in
/// `retry-after-ms`/`retry-after` when that is 0–60 s. `x-should-retry: true|false` overrides.
/// Redirects are followed up to 5 hops, credentials only within the request's origin (see
/// [`super::redirect`]), and a response body may be at most 32 MiB ([`Error::ResponseTooLarge`]).
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    max_retries: u32,
    max_response_size: usize,
    default_headers: http::HeaderMap,
    follow_redirects: bool,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_size", &self.max_response_size)
            .field("default_headers", &Redacted(&self.default_headers))
            .field("follow_redirects", &self.follow_redirects)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; see [`Client::builder`]. `Debug` hides credentials and the values of
/// secret headers.
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_size: Option<usize>,
    default_headers: http::HeaderMap,
    http: Option<reqwest::ClientBuilder>,
    follow_redirects: Option<bool>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_size", &self.max_response_size)
            .field("default_headers", &Redacted(&self.default_headers))
            .field("http_client_builder", &self.http.is_some())
            .field("follow_redirects", &self.follow_redirects)
            .finish()
    }
}

impl ClientBuilder {
    /// The base URL (default: the spec's server). HTTPS, or HTTP on a loopback address.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// How requests authenticate (default: not at all).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Authenticate with `Authorization: Bearer <token>`.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.credentials(Credentials::BearerToken(super::client::Secret::new(token)))
    }

    /// Authenticate with HTTP basic authentication: `Authorization: Basic <user:password>`.
    pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        let (username, password) =
            (super::client::Secret::new(username), super::client::Secret::new(password));
        self.credentials(Credentials::Basic { username, password })
    }

    /// Authenticate with API key headers sent together, e.g. `[("X-Auth-Email", …), ("X-Auth-Key", …)]`.
    pub fn api_keys<'k>(self, keys: impl IntoIterator<Item = (&'k str, String)>) -> Result<Self, Error> {
        let keys = keys
            .into_iter()
            .map(|(header, value)| {
                let name = http::HeaderName::from_bytes(header.as_bytes())
                    .map_err(|_| Error::Config(format!("`{header}` is not a valid header name")))?;
                Ok((super::client::ApiKey::Header(name), super::client::Secret::new(value)))
            })
            .collect::<Result<_, Error>>()?;
        Ok(self.credentials(Credentials::ApiKeys(keys)))
    }

    /// Timeout of each attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default 5 s, or the one of [`Self::http_client_builder`]'s builder).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Largest response body read, in bytes (default 32 MiB); a longer one is
    /// [`Error::ResponseTooLarge`], and the rest of it is not read.
    pub fn max_response_size(mut self, bytes: usize) -> Self {
        self.max_response_size = Some(bytes);
        self
    }

    /// A header sent with every request. The value of a secret header (`authorization`, `cookie`,
    /// an API key header of the spec) is marked sensitive and never shown.
    pub fn default_header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        self.default_headers.append(name, value);
        self
    }

    /// Whether redirects are followed (default: yes, as [`super::redirect`] says); with `false`,
    /// a 3xx answer ends a call with [`Error::Redirect`] and its `Location`.
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = Some(follow);
        self
    }

    /// Build the HTTP client from this reqwest builder (its own proxy, TLS and connection
    /// settings). Its redirect policy is replaced with none: the client follows redirects
    /// itself, so that credentials never leave the request's origin. (A built `reqwest::Client`
    /// is not taken, as its redirect policy can neither be read nor changed.)
    pub fn http_client_builder(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http = Some(builder);
        self
    }

    /// The client; fails on a base URL that is not HTTPS (or HTTP on loopback).
    pub fn build(self) -> Result<Client, Error> {
        let settings = &crate::api::CLIENT;
        let base_url = self
            .base_url
            .or_else(|| settings.default_base_url.map(str::to_owned))
            .ok_or_else(|| Error::Config("no base URL: the spec names no server, so set one".into()))?;
        let http = match (self.http, self.connect_timeout) {
            (Some(builder), None) => builder,
            (Some(builder), Some(timeout)) => builder.connect_timeout(timeout),
            (None, timeout) => reqwest::Client::builder()
                .connect_timeout(timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .user_agent(settings.user_agent),
        };
        let http = http
            .redirect(reqwest_policy())
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        let mut default_headers = self.default_headers;
        default_headers.insert(http::header::USER_AGENT, http::HeaderValue::from_static(settings.user_agent));
        sensitive::mark(&mut default_headers);
        Ok(Client {
            http,
            base_url: check_base_url(&base_url)?,
            credentials: self.credentials.unwrap_or(Credentials::None),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            max_response_size: self.max_response_size.unwrap_or(DEFAULT_MAX_RESPONSE_SIZE),
            default_headers,
            follow_redirects: self.follow_redirects.unwrap_or(true),
        })
    }
}

impl Client {
    /// A builder starting from the defaults above.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment variables the spec names (see the crate docs).
    pub fn from_env() -> Result<Client, Error> {
        Self::from_lookup(&|name| std::env::var(name).ok())
    }

    /// As [`Self::from_env`], reading variables through `lookup`; empty values count as unset.
    pub fn from_lookup(lookup: &dyn Fn(&str) -> Option<String>) -> Result<Client, Error> {
        let settings: &ClientProfile = &crate::api::CLIENT;
        let mut builder = Client::builder().credentials(Credentials::from_lookup(settings, lookup)?);
        if let Some(url) = settings.base_url_env.and_then(lookup).filter(|v| !v.is_empty()) {
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Validates and sends `operation`, retrying as configured, and parses its response.
    pub async fn send<O: Operation>(
        &self,
        operation: &O,
        options: &RequestOptions,
    ) -> Result<O::Output, Error> {
        let (response, _) = self.read(operation, None, options).await?;
        O::parse_response(response).map_err(Error::from)
    }

    /// As [`Client::send`], with the status, headers, request id and envelope metadata beside
    /// the output.
    pub async fn send_with_response<O: Operation>(
        &self,
        operation: &O,
        options: &RequestOptions,
    ) -> Result<Response<O::Output>, Error> {
        let (response, _) = self.read(operation, None, options).await?;
        O::parse_response_with_metadata(response).map_err(Error::from)
    }

    /// One page of `operation`'s listing (the first, or the one at `at`), and where the next is
    /// (or why it cannot be asked for).
    pub(crate) async fn fetch_page<O: Paginated>(
        &self,
        operation: &O,
        at: Option<http::Uri>,
        options: &RequestOptions,
    ) -> Result<(Page<O::Item>, Result<Option<http::Uri>, Error>), Error> {
        let (response, uri) = self.read(operation, at, options).await?;
        let body = response.body().clone();
        let page = O::parse_response_with_metadata(response)?.map(O::items);
        let next = pagination::next_uri(&O::PAGINATION, &uri, &page.headers, &body, page.value.len());
        Ok((page, next.map_err(Error::from)))
    }

    /// Sends `operation` without following a redirect: the URL its 3xx answer names (resolved
    /// against the request's), or `None` for an answer that is not a redirect (whose body, on
    /// success, is dropped unread beyond the size limit). See [`super::call::Call::location`].
    pub async fn location<O: Operation>(
        &self,
        operation: &O,
        options: &RequestOptions,
    ) -> Result<Option<http::Uri>, Error> {
        let options = RequestOptions { follow_redirects: Some(false), ..options.clone() };
        match self.read(operation, None, &options).await {
            Err(Error::Redirect { status, location: Some(location) }) => {
                // Resolved as a hop's would be; what to do with it is the caller's to decide.
                let request = self.prepare(operation, None, &options)?;
                redirect::resolve(request.uri(), &location)
                    .map(Some)
                    .map_err(|reason| Error::RedirectRefused { status, location, reason })
            }
            Err(error) => Err(error),
            Ok((response, _)) if response.status().is_success() => Ok(None),
            Ok((response, _)) => Err(O::parse_response(response)
                .err()
                .map_or_else(|| Error::Config("a failed response parsed as a success".into()), Error::from)),
        }
    }

    /// Like [`Client::send`], but a successful response's body is not read: it is returned as
    /// a [`ByteStream`] of chunks as they arrive (an event stream, a large download). The
    /// timeout covers the wait for the response's headers, not the stream. An unsuccessful
    /// response is read and parsed as `send` does.
    pub async fn send_streaming<O: Operation>(
        &self,
        operation: &O,
        options: &RequestOptions,
    ) -> Result<ByteStream, Error> {
        let request = self.prepare(operation, None, options)?;
        let (head, body) = self.exchange::<O>(&request, options, true).await?.into_parts();
        let body = match body {
            Answer::Open(response) => return Ok(ByteStream { inner: Inner::Open(response) }),
            Answer::Read(body) => body,
        };
        let status = head.status;
        // Not a success (those are left open): the error it parses to.
        O::parse_response(http::Response::from_parts(head, body.clone())).map_err(Error::from)?;
        Ok(ByteStream { inner: Inner::Read { status, rest: Some(::bytes::Bytes::from(body)) } })
    }

    /// Sends `operation` (to `at` instead of its own URI, for a later page) and reads the whole
    /// response; with the URI it went to.
    async fn read<O: Operation>(
        &self,
        operation: &O,
        at: Option<http::Uri>,
        options: &RequestOptions,
    ) -> Result<(http::Response<Vec<u8>>, http::Uri), Error> {
        let request = self.prepare(operation, at, options)?;
        let uri = request.uri().clone();
        let (head, body) = self.exchange::<O>(&request, options, false).await?.into_parts();
        let body = match body {
            Answer::Read(body) => body,
            // Not reached (a body is left open only when asked to), but read the same way.
            Answer::Open(response) => body_limit::read(response, self.max_response_size, connection).await?,
        };
        Ok((http::Response::from_parts(head, body), uri))
    }

    /// The request for `operation` with the options' extra query, its files checked readable.
    fn prepare<O: Operation>(
        &self,
        operation: &O,
        at: Option<http::Uri>,
        options: &RequestOptions,
    ) -> Result<http::Request<Body>, Error> {
        let mut request = operation.to_streamed_request(&self.base_url)?;
        if let Body::Multipart(multipart) = request.body() {
            multipart.check_files()?;
        }
        if let Some(uri) = at {
            *request.uri_mut() = uri;
        }
        if !options.query.is_empty() {
            let mut url = request.uri().to_string();
            for (name, value) in &options.query {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.extend(utf8_percent_encode(name, NON_ALPHANUMERIC));
                url.push('=');
                url.extend(utf8_percent_encode(value, NON_ALPHANUMERIC));
            }
            *request.uri_mut() = url
                .parse()
                .map_err(|_| Error::Config("an extra query parameter makes the URL invalid".into()))?;
        }
        Ok(request)
    }

    /// Sends `request`, a call of `O`, until an attempt is final (see `retry`); with `stream`, a
    /// successful response's body is left unread. Generic over `O` for its span, which also
    /// keeps this retry loop out of the crate's own code until a call uses it.
    async fn exchange<O: Operation>(
        &self,
        request: &http::Request<Body>,
        options: &RequestOptions,
        stream: bool,
    ) -> Result<http::Response<Answer>, Error> {
        let timeout = options.timeout.unwrap_or(self.timeout);
        let max_retries = options.max_retries.unwrap_or(self.max_retries);
        let follow = options.follow_redirects.unwrap_or(self.follow_redirects);
        // A body read once as it is sent cannot be sent again: no retry then.
        let max_retries = if replay(request.body()) == Replay::Possible { max_retries } else { 0 };
        let attempts = async {
            let mut retry = 0;
            loop {
                let outcome = self.attempt(request, timeout, &options.headers, stream, follow).await;
                trace::attempt(retry, &outcome);
                let retryable = match &outcome {
                    Ok(response) => retry::should_retry(response.status(), response.headers()),
                    Err(Error::Timeout { .. } | Error::Connection(_)) => true,
                    Err(_) => false,
                };
                if retryable && retry < max_retries {
                    let wait = retry::delay(retry, outcome.as_ref().ok().map(http::Response::headers));
                    trace::retrying(retry, wait);
                    tokio::time::sleep(wait).await;
                    retry += 1;
                    continue;
                }
                return outcome;
            }
        };
        trace::in_call_span::<O, _>(attempts).await
    }

    /// One attempt, within `timeout`: the request, then (with `follow`) each redirect it is
    /// answered with, as [`super::redirect`] decides; the final response's body read up to the
    /// size limit (or, with `stream`, a success's left open), its URL in its extensions.
    async fn attempt(
        &self,
        request: &http::Request<Body>,
        timeout: Duration,
        extra_headers: &http::HeaderMap,
        stream: bool,
        follow: bool,
    ) -> Result<http::Response<Answer>, Error> {
        let hops = async {
            let mut hop = Hop {
                method: request.method().clone(),
                uri: request.uri().clone(),
                body: Some(request.body()),
                credentials: true,
            };
            for hops in 0.. {
                let response = self.send_hop(request, &hop, extra_headers, timeout).await?;
                let Some(next) = self.redirect(&response, &hop, follow, hops)? else {
                    return self.answer(response, hop.uri, stream, timeout).await;
                };
                hop.credentials &= next.same_origin;
                hop.body = hop.body.filter(|_| next.keep_body);
                (hop.method, hop.uri) = (next.method, next.uri);
            }
            unreachable!("`redirect` refuses past MAX_REDIRECTS")
        };
        tokio::time::timeout(timeout, hops)
            .await
            .unwrap_or(Err(Error::Timeout { after: timeout, source: None }))
    }

    /// Sends one hop: the request's headers (without those of its body when the body was
    /// dropped), with the client's credentials only while the chain stays on the request's
    /// origin, and without any secret header once it has left.
    async fn send_hop(
        &self,
        request: &http::Request<Body>,
        hop: &Hop<'_>,
        extra_headers: &http::HeaderMap,
        timeout: Duration,
    ) -> Result<reqwest::Response, Error> {
        let mut headers = self.default_headers.clone();
        headers.extend(request.headers().clone());
        headers.extend(extra_headers.clone());
        let mut url = hop.uri.to_string();
        sensitive::mark(&mut headers);
        if hop.credentials {
            self.credentials.apply(&mut headers, &mut url)?;
        } else {
            redirect::strip_credentials(&mut headers, crate::api::CLIENT.secret_headers);
        }
        let body = match hop.body {
            None => {
                redirect::strip_body_headers(&mut headers);
                reqwest::Body::from(Vec::new())
            }
            Some(Body::Bytes(bytes)) => reqwest::Body::from(bytes.clone()),
            // Each attempt and hop reads the files afresh; nothing of them is held in between.
            Some(Body::Multipart(multipart)) => {
                if let Some(length) = multipart.content_length() {
                    headers.insert(http::header::CONTENT_LENGTH, length.into());
                }
                reqwest::Body::wrap_stream(multipart.clone().into_stream())
            }
        };
        let sent = self.http.request(hop.method.clone(), url).headers(headers).body(body).send();
        sent.await.map_err(|e| transport_failure(e, timeout))
    }

    /// The request a redirect asks for next; `None` when `response` is the answer. With
    /// `follow` off, a redirect ends the call with [`Error::Redirect`].
    fn redirect(
        &self,
        response: &reqwest::Response,
        hop: &Hop<'_>,
        follow: bool,
        hops: usize,
    ) -> Result<Option<redirect::NextRequest>, Error> {
        let (status, location) = (response.status(), response.headers().get(http::header::LOCATION));
        let shown = || location.map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        if !follow {
            let is_redirect = status.is_redirection() && status != http::StatusCode::NOT_MODIFIED;
            return match is_redirect {
                true => Err(Error::Redirect { status, location: shown() }),
                false => Ok(None),
            };
        }
        let replay = hop.body.map_or(Replay::Possible, replay);
        redirect::next(status, location, &hop.method, &hop.uri, replay, hops).map_err(|reason| {
            Error::RedirectRefused { status, location: shown().unwrap_or_default(), reason }
        })
    }

    /// The final response: its head (secret headers marked) and URL, and its body read up to
    /// the size limit, or with `stream`, a success's left open.
    async fn answer(
        &self,
        response: reqwest::Response,
        url: http::Uri,
        stream: bool,
        timeout: Duration,
    ) -> Result<http::Response<Answer>, Error> {
        let (status, version, mut headers) =
            (response.status(), response.version(), response.headers().clone());
        sensitive::mark(&mut headers);
        let body = if stream && status.is_success() {
            Answer::Open(response)
        } else {
            let failed = |e| transport_failure(e, timeout);
            Answer::Read(body_limit::read(response, self.max_response_size, failed).await?)
        };
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        out.extensions_mut().insert(FinalUrl(url));
        Ok(out)
    }
}

/// One request of a redirect chain.
struct Hop<'r> {
    method: http::Method,
    uri: http::Uri,
    /// The request's body, until a redirect drops it.
    body: Option<&'r Body>,
    /// Whether the chain is still on the request's origin, so credentials go along.
    credentials: bool,
}

/// Whether a body can be sent again from its start.
fn replay(body: &Body) -> Replay {
    match body {
        Body::Bytes(_) => Replay::Possible,
        Body::Multipart(multipart) => multipart.replay(),
    }
}

fn transport_failure(error: reqwest::Error, timeout: Duration) -> Error {
    if error.is_timeout() {
        Error::Timeout { after: timeout, source: Some(TransportError::new(error)) }
    } else {
        Error::Connection(TransportError::new(error))
    }
}

/// A response body: read, or left open to be streamed.
enum Answer {
    Read(Vec<u8>),
    Open(reqwest::Response),
}

/// A response body as it arrives, chunk by chunk (see [`Client::send_streaming`]).
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    Open(reqwest::Response),
    /// A body already read (what an unusual response left).
    Read {
        status: http::StatusCode,
        rest: Option<::bytes::Bytes>,
    },
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream").field("status", &self.status()).finish_non_exhaustive()
    }
}

impl ByteStream {
    /// The response's status.
    pub fn status(&self) -> http::StatusCode {
        match &self.inner {
            Inner::Open(response) => response.status(),
            Inner::Read { status, .. } => *status,
        }
    }

    /// The next chunk of the body, `None` at its end.
    pub async fn next_chunk(&mut self) -> Option<Result<::bytes::Bytes, Error>> {
        match &mut self.inner {
            Inner::Open(response) => response.chunk().await.map_err(connection).transpose(),
            Inner::Read { rest, .. } => rest.take().map(Ok),
        }
    }

    /// The rest of the body as a `Stream`, for `futures`' combinators.
    pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<::bytes::Bytes, Error>> + Send {
        futures_util::stream::unfold(self, |mut stream| async move {
            stream.next_chunk().await.map(|chunk| (chunk, stream))
        })
    }
}

fn connection(error: reqwest::Error) -> Error {
    Error::Connection(TransportError::new(error))
}

/// The policy set on every reqwest client the crate builds, including one built from the
/// caller's [`reqwest::ClientBuilder`]: none, as the client follows redirects itself.
fn reqwest_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::none()
}
