//! Pagination, as the generator's settings describe it: which request follows a page.
//!
//! Three styles, each ending at the first page without items:
//! - **page number**: the `page` query parameter counts up from the request's (1 if unset) until
//!   the page number reaches the body's total page count, when the body has one;
//! - **cursor**: the cursor query parameter takes the value the body holds at the first of its
//!   JSON pointers that has one, until none has, or it is empty or the cursor just sent;
//! - **Link header**: the `rel="next"` URL of RFC 8288's `Link` header, until there is none. A
//!   next URL on another origin than the request's is an error: credentials never go there.
//!
//! Deciding the next request is sans-IO ([`next_uri`]); the client's streams use it.

use super::operation::Operation;
use super::response::Response;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// How an operation's pages follow each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pagination {
    /// A page number in the query parameter `page`; `total_pages` points into the body.
    PageNumber { page: &'static str, total_pages: Option<&'static str> },
    /// A cursor in the query parameter `cursor`, from the body at the first JSON pointer of
    /// `next` that holds a string or a number.
    Cursor { cursor: &'static str, next: &'static [&'static str] },
    /// The `rel="next"` link of the `Link` response header.
    Link,
}

/// An operation whose response is one page of a list.
pub trait Paginated: Operation {
    /// One item of the list.
    type Item;

    /// How the next page is asked for.
    const PAGINATION: Pagination;

    /// The items of one page's output.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// One page: its items, with the status, headers and envelope metadata of its response.
pub type Page<T> = Response<Vec<T>>;

/// Why no next request could be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaginationError {
    /// The `Link` header's next page is on another origin than the request.
    #[error(
        "the next page is on another origin (`{0}`); it is not fetched, so credentials stay with the API"
    )]
    OtherOrigin(String),
    /// The next page's URL is not a valid URL.
    #[error("the next page's URL is not valid: {0}")]
    InvalidUrl(String),
}

/// The URI of the page after the one `request` asked for, or `None` after the last page.
/// `items` is how many items that page held.
pub fn next_uri(
    pagination: &Pagination,
    request: &http::Uri,
    headers: &http::HeaderMap,
    body: &[u8],
    items: usize,
) -> Result<Option<http::Uri>, PaginationError> {
    if items == 0 {
        return Ok(None);
    }
    // Parsed once, only by the styles that look into the body.
    let json = || serde_json::from_slice::<serde_json::Value>(body).ok();
    let next = match *pagination {
        Pagination::PageNumber { page, total_pages } => {
            let current = query_value(request, page).and_then(|v| v.parse::<u64>().ok()).unwrap_or(1);
            let total = total_pages.zip(json()).and_then(|(pointer, body)| body.pointer(pointer)?.as_u64());
            if total.is_some_and(|total| current >= total) {
                return Ok(None);
            }
            with_query_value(request, page, &(current + 1).to_string())?
        }
        Pagination::Cursor { cursor, next } => {
            let body = json();
            let cursor_at = |pointer: &str| match body.as_ref()?.pointer(pointer)? {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Number(number) => Some(number.to_string()),
                _ => None,
            };
            let Some(value) = next.iter().find_map(|pointer| cursor_at(pointer)) else { return Ok(None) };
            if value.is_empty() || query_value(request, cursor).as_deref() == Some(value.as_str()) {
                return Ok(None);
            }
            with_query_value(request, cursor, &value)?
        }
        Pagination::Link => match next_link(headers) {
            None => return Ok(None),
            Some(link) => same_origin(request, &link)?,
        },
    };
    Ok(Some(next))
}

/// The decoded value of the query parameter `name`, if the URI has it.
fn query_value(uri: &http::Uri, name: &str) -> Option<String> {
    uri.query()?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decoded =
            |text: &str| percent_decode_str(&text.replace('+', " ")).decode_utf8_lossy().into_owned();
        (decoded(key) == name).then(|| decoded(value))
    })
}

/// `uri` with the query parameter `name` set to `value`, replacing any it had.
fn with_query_value(uri: &http::Uri, name: &str, value: &str) -> Result<http::Uri, PaginationError> {
    let mut query: Vec<String> = (uri.query().unwrap_or_default().split('&'))
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(key, _)| key);
            percent_decode_str(key).decode_utf8_lossy() != name
        })
        .map(str::to_owned)
        .collect();
    query.push(format!(
        "{}={}",
        utf8_percent_encode(name, NON_ALPHANUMERIC),
        utf8_percent_encode(value, NON_ALPHANUMERIC)
    ));
    let mut parts = uri.clone().into_parts();
    let path = uri.path();
    let path_and_query = format!("{path}?{}", query.join("&"));
    let invalid = || PaginationError::InvalidUrl(path_and_query.clone());
    parts.path_and_query = Some(path_and_query.parse().map_err(|_| invalid())?);
    http::Uri::from_parts(parts).map_err(|_| invalid())
}

/// The target of the `rel="next"` link of the `Link` headers (RFC 8288), if any.
fn next_link(headers: &http::HeaderMap) -> Option<String> {
    let values = headers.get_all(http::header::LINK).into_iter().filter_map(|v| v.to_str().ok());
    values.flat_map(|value| value.split(',')).find_map(|link| {
        let (target, params) = link.trim().strip_prefix('<')?.split_once('>')?;
        let is_next = params.split(';').any(|param| {
            let Some((key, value)) = param.split_once('=') else { return false };
            let value = value.trim().trim_matches('"');
            key.trim().eq_ignore_ascii_case("rel")
                && value.split_ascii_whitespace().any(|r| r.eq_ignore_ascii_case("next"))
        });
        is_next.then(|| target.trim().to_owned())
    })
}

/// The link as a URI on `request`'s origin (a relative link is resolved against it).
fn same_origin(request: &http::Uri, link: &str) -> Result<http::Uri, PaginationError> {
    let invalid = || PaginationError::InvalidUrl(link.to_owned());
    let uri: http::Uri = link.parse().map_err(|_| invalid())?;
    if uri.scheme().is_none() && uri.authority().is_none() {
        if !link.starts_with('/') {
            return Err(invalid());
        }
        let mut parts = request.clone().into_parts();
        parts.path_and_query = uri.path_and_query().cloned();
        return http::Uri::from_parts(parts).map_err(|_| invalid());
    }
    let origin = |u: &http::Uri| {
        (u.scheme_str().map(str::to_ascii_lowercase), u.authority().map(|a| a.as_str().to_ascii_lowercase()))
    };
    if origin(&uri) != origin(request) {
        let shown = uri.authority().map(|a| a.host().to_owned()).unwrap_or_default();
        return Err(PaginationError::OtherOrigin(shown));
    }
    Ok(uri)
}
