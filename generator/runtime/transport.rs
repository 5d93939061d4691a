//! [`Client`]: runs sans-IO operations over reqwest, with auth, timeouts and retries.

use super::client::{
    ClientSettings, Credentials, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, Error,
    RequestOptions, check_base_url,
};
use super::operation::Operation;
use super::retry;
use std::fmt;
use std::time::Duration;

/// An API client. Cheap to clone; share one per process.
///
/// Defaults: the spec's server as base URL, a 60 s timeout per attempt, a 5 s connect timeout,
/// and 2 retries on connection errors, timeouts, 408, 409, 429 and 5xx, waiting
/// `min(0.5 · 2^n, 8)` s less up to 25 % jitter between attempts, or what the server asks for in
/// `retry-after-ms`/`retry-after` when that is 0–60 s. `x-should-retry: true|false` overrides.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    credentials: Credentials,
    timeout: Duration,
    max_retries: u32,
    default_headers: http::HeaderMap,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Client`]; see [`Client::builder`].
#[derive(Debug, Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_retries: Option<u32>,
    default_headers: http::HeaderMap,
    http: Option<reqwest::Client>,
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

    /// Authenticate with API key headers sent together, e.g. `[("X-Auth-Email", …), ("X-Auth-Key", …)]`.
    pub fn api_keys<'k>(self, keys: impl IntoIterator<Item = (&'k str, String)>) -> Result<Self, Error> {
        let keys = keys
            .into_iter()
            .map(|(header, value)| {
                let name = http::HeaderName::from_bytes(header.as_bytes())
                    .map_err(|_| Error::Config(format!("`{header}` is not a valid header name")))?;
                Ok((name, super::client::Secret::new(value)))
            })
            .collect::<Result<_, Error>>()?;
        Ok(self.credentials(Credentials::ApiKeys(keys)))
    }

    /// Timeout of each attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Connect timeout (default 5 s); ignored with [`Self::http_client`].
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// A header sent with every request.
    pub fn default_header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        self.default_headers.append(name, value);
        self
    }

    /// Use this reqwest client (its own proxy, TLS and connection settings) instead of a new one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The client; fails on a base URL that is not HTTPS (or HTTP on loopback).
    pub fn build(self) -> Result<Client, Error> {
        let settings = &crate::client::SETTINGS;
        let base_url = self
            .base_url
            .or_else(|| settings.default_base_url.map(str::to_owned))
            .ok_or_else(|| Error::Config("no base URL: the spec names no server, so set one".into()))?;
        let http = match self.http {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                .user_agent(settings.user_agent)
                .build()
                .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?,
        };
        let mut default_headers = self.default_headers;
        default_headers.insert(http::header::USER_AGENT, http::HeaderValue::from_static(settings.user_agent));
        Ok(Client {
            http,
            base_url: check_base_url(&base_url)?,
            credentials: self.credentials.unwrap_or(Credentials::None),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            default_headers,
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
        let settings: &ClientSettings = &crate::client::SETTINGS;
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
        let request = operation.to_request(&self.base_url)?;
        let timeout = options.timeout.unwrap_or(self.timeout);
        let max_retries = options.max_retries.unwrap_or(self.max_retries);
        let mut retry = 0;
        loop {
            let outcome = self.attempt(&request, timeout, &options.headers).await;
            let retryable = match &outcome {
                Ok(response) => retry::should_retry(response.status(), response.headers()),
                Err(Error::Timeout(_) | Error::Connection(_)) => true,
                Err(_) => false,
            };
            if retryable && retry < max_retries {
                tokio::time::sleep(retry::delay(retry, outcome.as_ref().ok().map(http::Response::headers)))
                    .await;
                retry += 1;
                continue;
            }
            return O::parse_response(outcome?).map_err(Error::from);
        }
    }

    /// One attempt: the request with auth and headers, the whole body read within `timeout`.
    async fn attempt(
        &self,
        request: &http::Request<Vec<u8>>,
        timeout: Duration,
        extra_headers: &http::HeaderMap,
    ) -> Result<http::Response<Vec<u8>>, Error> {
        let mut headers = self.default_headers.clone();
        headers.extend(request.headers().clone());
        headers.extend(extra_headers.clone());
        self.credentials.apply(&mut headers)?;
        let sent = self
            .http
            .request(request.method().clone(), request.uri().to_string())
            .headers(headers)
            .body(request.body().clone())
            .send();
        let exchange = async {
            let response = sent.await?;
            let (status, version, headers) =
                (response.status(), response.version(), response.headers().clone());
            let mut out = http::Response::new(response.bytes().await?.to_vec());
            *out.status_mut() = status;
            *out.version_mut() = version;
            *out.headers_mut() = headers;
            Ok::<_, reqwest::Error>(out)
        };
        match tokio::time::timeout(timeout, exchange).await {
            Err(_) => Err(Error::Timeout(timeout)),
            Ok(Err(e)) if e.is_timeout() => Err(Error::Timeout(timeout)),
            Ok(Err(e)) => Err(Error::Connection(describe(&e))),
            Ok(Ok(response)) => Ok(response),
        }
    }
}

/// A transport error with its causes, which name the failure (refused, reset, TLS) but never
/// carry headers, so never credentials.
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
