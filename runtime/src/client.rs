//! The HTTP client: configuration, credentials and the error type of a call.
//!
//! Defaults: 60 s timeout per attempt, 5 s to connect, 2 retries with exponential backoff (see
//! [`super::retry`]), HTTPS required except on loopback addresses, no redirects followed (see
//! [`super::redirect`]), response bodies of at most 32 MiB (see [`super::body_limit`]).

use super::error::{ApiError, DecodeError, RequestError, ResponseError};
use super::sensitive::Redacted;
use super::validation::ValidationErrors;
use std::fmt;
use std::time::Duration;

/// Per-attempt timeout unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Connect timeout of the HTTP client this crate builds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// Retries after the first attempt unless configured otherwise.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Largest response body read unless configured otherwise: 32 MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: usize = 32 * 1024 * 1024;

/// What the spec says about its client (its base URL, the environment variables `from_env` reads,
/// its secret headers and `User-Agent`): `crate::api::CLIENT`, generated from the spec.
#[derive(Debug, Clone, Copy)]
pub struct ClientProfile {
    /// The spec's first server URL.
    pub default_base_url: Option<&'static str>,
    /// Environment variable overriding the base URL.
    pub base_url_env: Option<&'static str>,
    /// Environment variable holding a bearer token.
    pub bearer_token_env: Option<&'static str>,
    /// Environment variables holding a user name and password for HTTP basic authentication.
    pub basic_auth_env: Option<(&'static str, &'static str)>,
    /// Sets of API keys used together, each with where it goes, its name there (a lowercase
    /// header name, a query parameter or a cookie) and its environment variable.
    pub api_key_envs: &'static [&'static [(KeyIn, &'static str, &'static str)]],
    /// Every API key header the spec declares, lowercased: secret wherever it appears (see
    /// [`super::sensitive`]).
    pub secret_headers: &'static [&'static str],
    /// `User-Agent` sent with every request.
    pub user_agent: &'static str,
}

/// A credential value: never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for sending it; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyIn {
    Header,
    Query,
    Cookie,
}

/// An API key's place: a header, a query parameter or a cookie, by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiKey {
    Header(http::HeaderName),
    Query(String),
    Cookie(String),
}

/// How requests authenticate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// `Authorization: Bearer <token>`.
    BearerToken(Secret),
    /// API keys sent together (e.g. the headers `X-Auth-Email` and `X-Auth-Key`), each in a
    /// header, a query parameter or a cookie.
    ApiKeys(Vec<(ApiKey, Secret)>),
    /// `Authorization: Basic <base64 of user:password>` (RFC 7617).
    Basic {
        /// The user name (or id); hidden like the password, as it is half the credential.
        username: Secret,
        password: Secret,
    },
    /// No authentication headers.
    None,
}

impl Credentials {
    /// Reads credentials from the variables `settings` names, through `lookup` (empty counts as
    /// unset): a bearer token first, then the first complete set of API keys, then a user name
    /// and password.
    pub fn from_lookup(
        settings: &ClientProfile,
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Self, Error> {
        let get = |name: &str| lookup(name).filter(|v| !v.is_empty());
        if let Some(token) = settings.bearer_token_env.and_then(get) {
            return Ok(Credentials::BearerToken(Secret(token)));
        }
        for set in settings.api_key_envs {
            let found: Option<Vec<_>> = set
                .iter()
                .map(|(place, name, env)| {
                    let key = match place {
                        KeyIn::Header => ApiKey::Header(http::HeaderName::from_bytes(name.as_bytes()).ok()?),
                        KeyIn::Query => ApiKey::Query((*name).to_owned()),
                        KeyIn::Cookie => ApiKey::Cookie((*name).to_owned()),
                    };
                    Some((key, Secret(get(env)?)))
                })
                .collect();
            if let Some(keys) = found {
                return Ok(Credentials::ApiKeys(keys));
            }
        }
        let basic = settings.basic_auth_env.and_then(|(user, password)| Some((get(user)?, get(password)?)));
        if let Some((username, password)) = basic {
            return Ok(Credentials::Basic { username: Secret(username), password: Secret(password) });
        }
        let mut looked_for: Vec<String> = settings.bearer_token_env.iter().map(|v| (*v).to_owned()).collect();
        looked_for.extend(
            settings
                .api_key_envs
                .iter()
                .map(|set| set.iter().map(|(_, _, env)| *env).collect::<Vec<_>>().join(" + ")),
        );
        looked_for.extend(settings.basic_auth_env.map(|(user, password)| format!("{user} + {password}")));
        Err(Error::Config(format!("no credentials found; set {}", looked_for.join(", or "))))
    }

    /// Adds the credentials to a request's headers, and query keys to its `url`.
    pub(crate) fn apply(&self, headers: &mut http::HeaderMap, url: &mut String) -> Result<(), Error> {
        let sensitive = |value: &str| {
            let mut value = http::HeaderValue::from_str(value).map_err(|_| {
                Error::Config("a credential contains characters a header cannot carry".into())
            })?;
            value.set_sensitive(true);
            Ok::<_, Error>(value)
        };
        match self {
            Credentials::BearerToken(token) => {
                headers
                    .insert(http::header::AUTHORIZATION, sensitive(&format!("Bearer {}", token.expose()))?);
            }
            Credentials::ApiKeys(keys) => {
                for (key, value) in keys {
                    match key {
                        ApiKey::Header(header) => {
                            headers.insert(header.clone(), sensitive(value.expose())?);
                        }
                        ApiKey::Query(name) => {
                            use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
                            url.push(if url.contains('?') { '&' } else { '?' });
                            url.extend(utf8_percent_encode(name, NON_ALPHANUMERIC));
                            url.push('=');
                            url.extend(utf8_percent_encode(value.expose(), NON_ALPHANUMERIC));
                        }
                        ApiKey::Cookie(name) => {
                            let pair = format!("{name}={}", value.expose());
                            let cookies =
                                match headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()) {
                                    Some(existing) => format!("{existing}; {pair}"),
                                    None => pair,
                                };
                            headers.insert(http::header::COOKIE, sensitive(&cookies)?);
                        }
                    }
                }
            }
            Credentials::Basic { username, password } => {
                use base64::Engine as _;
                let pair = format!("{}:{}", username.expose(), password.expose());
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                headers.insert(http::header::AUTHORIZATION, sensitive(&format!("Basic {encoded}"))?);
            }
            Credentials::None => {}
        }
        Ok(())
    }
}

/// Per-request overrides of the client's defaults. `Debug` hides the values of secret headers.
#[derive(Clone, Default)]
pub struct RequestOptions {
    /// Timeout of each attempt.
    pub timeout: Option<Duration>,
    /// Retries after the first attempt.
    pub max_retries: Option<u32>,
    /// Headers added to this request (after the client's default headers).
    pub headers: http::HeaderMap,
    /// Query parameters appended to this request's URL (percent-encoded), beyond those the
    /// spec declares.
    pub query: Vec<(String, String)>,
    /// Whether redirects are followed (see [`super::redirect`]); `false` ends the call at a
    /// 3xx answer with [`Error::Redirect`]. The client's setting when `None` (on by default).
    pub follow_redirects: Option<bool>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &Redacted(&self.headers))
            .field("query", &self.query.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("follow_redirects", &self.follow_redirects)
            .finish()
    }
}

/// Everything a call can fail with. Credentials never appear in any of it.
///
/// New kinds of failure may be added, so a `match` needs a `_` arm. Transport and decode errors
/// keep their cause: walk [`std::error::Error::source`] (or downcast it to `reqwest::Error` or
/// `serde_json::Error`).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An input broke the spec's constraints; nothing was sent.
    #[error(transparent)]
    Validation(ValidationErrors),
    /// The request could not be built; nothing was sent.
    #[error(transparent)]
    Request(RequestError),
    /// The API answered with an error (see [`ApiError::kind`] for the status class).
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The response body was not what the spec describes.
    #[error(transparent)]
    Decode(DecodeError),
    /// An attempt took longer than its timeout.
    #[error("the request timed out after {after:?}")]
    Timeout {
        /// The timeout that passed.
        after: Duration,
        /// The HTTP stack's error, when it was the one to give up (on connecting, say).
        #[source]
        source: Option<TransportError>,
    },
    /// The connection failed or broke.
    #[error("connection error: {0}")]
    Connection(#[source] TransportError),
    /// The server answered with a redirect, and following redirects is turned off
    /// ([`RequestOptions::follow_redirects`], `ClientBuilder::follow_redirects`): nothing was
    /// sent to `location`.
    #[error("the server redirected ({status}) to {}; following redirects is turned off", .location.as_deref().unwrap_or("no `Location`"))]
    Redirect {
        /// The 3xx status.
        status: http::StatusCode,
        /// The `Location` header, when there was one.
        location: Option<String>,
    },
    /// The server answered with a redirect the policy refuses to follow (see
    /// [`super::redirect`]): nothing was sent to `location`.
    #[error("the server redirected ({status}) to {location}, which is not followed: {reason}")]
    RedirectRefused {
        /// The 3xx status.
        status: http::StatusCode,
        /// The `Location` header.
        location: String,
        /// Why it is not followed.
        reason: super::redirect::Refusal,
    },
    /// The response body was longer than the client's limit; the rest was not read.
    #[error(
        "the response body (status {status}) is larger than the limit of {limit} bytes (`ClientBuilder::max_response_size`)"
    )]
    ResponseTooLarge {
        /// The response status.
        status: http::StatusCode,
        /// The limit in bytes.
        limit: usize,
    },
    /// The client is misconfigured (base URL, credentials).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// A listing's next page could not be asked for.
    #[error(transparent)]
    Pagination(#[from] super::pagination::PaginationError),
}

/// A failure of the HTTP stack. Its text names the cause (refused, reset, TLS) but never the
/// request URL, which may carry an API key in its query, nor any header.
#[derive(Debug)]
pub struct TransportError {
    message: String,
    source: reqwest::Error,
}

impl TransportError {
    /// Wraps reqwest's error, forgetting its URL.
    pub(crate) fn new(error: reqwest::Error) -> Self {
        let error = error.without_url();
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(&error);
        while let Some(inner) = cause {
            message.push_str(": ");
            message.push_str(&inner.to_string());
            cause = inner.source();
        }
        TransportError { message, source: error }
    }

    /// Whether connecting failed (nothing was sent).
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

impl From<RequestError> for Error {
    fn from(error: RequestError) -> Self {
        match error {
            RequestError::Validation(errors) => Error::Validation(errors),
            other => Error::Request(other),
        }
    }
}

impl From<ResponseError> for Error {
    fn from(error: ResponseError) -> Self {
        match error.into_api_or_decode() {
            Ok(api) => Error::Api(api),
            Err(decode) => Error::Decode(decode),
        }
    }
}

/// Checks a base URL: absolute, and HTTPS unless the host is a loopback address.
pub fn check_base_url(url: &str) -> Result<String, Error> {
    let uri: http::Uri = url.parse().map_err(|_| Error::Config(format!("`{url}` is not a valid URL")))?;
    let host = uri.host().ok_or_else(|| Error::Config(format!("`{url}` has no host")))?;
    match uri.scheme_str() {
        Some("https") => {}
        Some("http") if super::redirect::is_loopback(host) => {}
        Some("http") => {
            return Err(Error::Config(format!(
                "`{url}` is plain HTTP; HTTPS is required except for loopback addresses"
            )));
        }
        _ => return Err(Error::Config(format!("`{url}` must start with https://"))),
    }
    Ok(url.trim_end_matches('/').to_owned())
}
