//! [`Call`]: one operation on its way to the client, with optional parameters and per-request
//! options chained before `.send()` (or `.await`).

use super::client::{Error, RequestOptions};
use super::operation::Operation;
use super::response::Response;
use super::transport::Client;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

/// An operation ready to send, from a client method: `client.list_things(id).per_page(50)`.
///
/// The generated setters fill in optional parameters; the `with_*` methods set per-request
/// options. Nothing is sent until [`Call::send`] (or `.await`, which is the same).
#[must_use = "a call does nothing until it is sent with `.send()` or `.await`"]
#[derive(Debug, Clone)]
pub struct Call<'c, O> {
    client: &'c Client,
    operation: O,
    options: RequestOptions,
}

impl<'c, O: Operation> Call<'c, O> {
    /// The call of `operation` through `client`, with the client's defaults.
    pub fn new(client: &'c Client, operation: O) -> Self {
        Call { client, operation, options: RequestOptions::default() }
    }

    /// The operation as built so far (its sans-IO request struct).
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// The operation to change in place; what the generated setters use.
    pub fn operation_mut(&mut self) -> &mut O {
        &mut self.operation
    }

    /// The operation and the options, to send some other way.
    pub fn into_parts(self) -> (O, RequestOptions) {
        (self.operation, self.options)
    }

    /// Timeout of each attempt of this call, instead of the client's.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Retries after the first attempt of this call, instead of the client's.
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// A header added to this call (after the client's default headers). A secret header's value
    /// is marked sensitive and never shown.
    pub fn with_header(mut self, name: http::HeaderName, value: http::HeaderValue) -> Self {
        self.options.headers.append(name, value);
        self
    }

    /// A query parameter the spec does not declare, appended to this call's URL (percent-encoded).
    pub fn with_query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.query.push((name.into(), value.into()));
        self
    }

    /// Whether this call follows redirects, instead of the client's setting: with `false`, a
    /// 3xx answer ends it with [`Error::Redirect`] and its `Location`.
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.options.follow_redirects = Some(follow);
        self
    }

    /// All per-request options at once, replacing those set so far.
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Validates and sends the call, retrying as configured, and parses its response.
    pub async fn send(self) -> Result<O::Output, Error> {
        self.client.send(&self.operation, &self.options).await
    }

    /// As [`Call::send`], with the status, headers, request id and envelope metadata beside the
    /// output.
    pub async fn send_with_response(self) -> Result<Response<O::Output>, Error> {
        self.client.send_with_response(&self.operation, &self.options).await
    }

    /// Sends the call and returns the successful response's body as it arrives (an event
    /// stream, a large download); see [`Client::send_streaming`].
    pub async fn send_streaming(self) -> Result<super::transport::ByteStream, Error> {
        self.client.send_streaming(&self.operation, &self.options).await
    }

    /// Sends the call without following a redirect, and returns where the server redirects
    /// to: the `Location` of its 3xx answer, resolved against the request's URL (a download's
    /// signed URL, say). `None` when it answered without redirecting (a success's body is then
    /// not kept); an error answer is an error.
    pub async fn location(mut self) -> Result<Option<http::Uri>, Error> {
        self.options.follow_redirects = Some(false);
        self.client.location(&self.operation, &self.options).await
    }
}

impl<'c, O> IntoFuture for Call<'c, O>
where
    O: Operation + Send + Sync + 'c,
    O::Output: Send,
{
    type Output = Result<O::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<'c, O: super::pagination::Paginated + Send + Sync + 'c> Call<'c, O> {
    /// Every item of every page, fetching each page as the one before runs out (see
    /// [`super::pagination`]). An error ends the stream after it is yielded.
    pub fn stream(self) -> impl futures_util::Stream<Item = Result<O::Item, Error>> + Send + 'c
    where
        O::Item: Send,
    {
        streams::items(self.pages())
    }

    /// Each page in turn, its items with the response's metadata.
    pub fn pages(
        self,
    ) -> impl futures_util::Stream<Item = Result<super::pagination::Page<O::Item>, Error>> + Send + 'c
    where
        O::Item: Send,
    {
        streams::pages(self.client, self.operation, self.options)
    }
}

/// A listing as streams: its pages, fetched one at a time as they are polled, and their items.
mod streams {
    use super::super::client::{Error, RequestOptions};
    use super::super::pagination::{Page, Paginated};
    use super::super::transport::Client;
    use futures_util::{Stream, StreamExt};

    /// Where a listing is.
    enum Next {
        First,
        At(http::Uri),
        /// The page before was the last one yielded; this error comes next.
        Failed(Error),
        Done,
    }

    /// The pages of `operation`'s listing, fetched one at a time as they are polled. An error
    /// is yielded once, after the pages before it, and ends the listing.
    pub(super) fn pages<'c, O: Paginated + Send + Sync + 'c>(
        client: &'c Client,
        operation: O,
        options: RequestOptions,
    ) -> impl Stream<Item = Result<Page<O::Item>, Error>> + Send + 'c
    where
        O::Item: Send,
    {
        let state = (client, operation, options, Next::First);
        futures_util::stream::unfold(state, |(client, operation, options, next)| async move {
            let at = match next {
                Next::Done => return None,
                Next::Failed(error) => return Some((Err(error), (client, operation, options, Next::Done))),
                Next::First => None,
                Next::At(uri) => Some(uri),
            };
            let (yielded, next) = match client.fetch_page(&operation, at, &options).await {
                Ok((page, Ok(Some(uri)))) => (Ok(page), Next::At(uri)),
                Ok((page, Ok(None))) => (Ok(page), Next::Done),
                Ok((page, Err(error))) => (Ok(page), Next::Failed(error)),
                Err(error) => (Err(error), Next::Done),
            };
            Some((yielded, (client, operation, options, next)))
        })
    }

    /// The items of `pages`, in order; an error is yielded once and ends the stream.
    pub(super) fn items<'c, T: Send + 'c>(
        pages: impl Stream<Item = Result<Page<T>, Error>> + Send + 'c,
    ) -> impl Stream<Item = Result<T, Error>> + Send + 'c {
        pages.flat_map(|page| {
            let items: Vec<Result<T, Error>> = match page {
                Ok(page) => page.value.into_iter().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            futures_util::stream::iter(items)
        })
    }
}
