//! A blocking client (the `blocking` feature): the async [`Client`](super::transport::Client)
//! driven by a Tokio runtime of its own, so authentication, timeouts, retries and their waits are
//! the very same code.
//!
//! Call it from plain threads, not from inside an async runtime (Tokio refuses to block there).
//! Its async client is its own, built from a [`ClientBuilder`]: a connection belongs to the
//! runtime that opened it, so a client shared with another runtime would hang on it.

use super::call::Call;
use super::client::{Error, RequestOptions};
use super::operation::Operation;
use super::pagination::Paginated;
use super::response::Response;
use super::transport::{Client as AsyncClient, ClientBuilder};
use futures_util::{Stream, StreamExt};
use std::future::IntoFuture;
use std::pin::Pin;
use std::sync::Arc;

/// A client whose calls block the calling thread. Cheap to clone; share one per process.
///
/// Build calls with the async client's methods and run them here:
/// `blocking.run(blocking.api().some_operation(…).some_option(…))`.
#[derive(Debug, Clone)]
pub struct Client {
    api: AsyncClient,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl Client {
    /// A blocking client configured by `builder` (see `Client::builder`).
    pub fn new(builder: ClientBuilder) -> Result<Self, Error> {
        Self::around(builder.build()?)
    }

    /// A blocking client configured from the environment, as `Client::from_env` is.
    pub fn from_env() -> Result<Self, Error> {
        Self::around(AsyncClient::from_env()?)
    }

    fn around(api: AsyncClient) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config(format!("cannot start the blocking client's runtime: {e}")))?;
        Ok(Client { api, runtime: Arc::new(runtime) })
    }

    /// The async client, whose methods build the calls to [`Client::run`]. Run them only there.
    pub fn api(&self) -> &AsyncClient {
        &self.api
    }

    /// Runs a call (or any future of the client) to its end.
    pub fn run<F: IntoFuture>(&self, call: F) -> F::Output {
        self.runtime.block_on(call.into_future())
    }

    /// Validates and sends `operation`, retrying as configured, and parses its response.
    pub fn send<O: Operation>(&self, operation: &O, options: &RequestOptions) -> Result<O::Output, Error> {
        self.run(self.api.send(operation, options))
    }

    /// As [`Client::send`], with the response's metadata beside the output.
    pub fn send_with_response<O: Operation>(
        &self,
        operation: &O,
        options: &RequestOptions,
    ) -> Result<Response<O::Output>, Error> {
        self.run(self.api.send_with_response(operation, options))
    }

    /// Every item of a listing, fetching each page as the one before runs out.
    pub fn iter<'c, O>(&'c self, call: Call<'c, O>) -> Blocking<'c, Result<O::Item, Error>>
    where
        O: Paginated + Send + Sync + 'c,
        O::Item: Send + 'c,
    {
        Blocking { runtime: &self.runtime, stream: Box::pin(call.stream()) }
    }

    /// Each page of a listing in turn.
    pub fn pages<'c, O>(
        &'c self,
        call: Call<'c, O>,
    ) -> Blocking<'c, Result<super::pagination::Page<O::Item>, Error>>
    where
        O: Paginated + Send + Sync + 'c,
        O::Item: Send + 'c,
    {
        Blocking { runtime: &self.runtime, stream: Box::pin(call.pages()) }
    }
}

/// A stream of the async client, read as an iterator.
pub struct Blocking<'c, T> {
    runtime: &'c tokio::runtime::Runtime,
    stream: Pin<Box<dyn Stream<Item = T> + Send + 'c>>,
}

impl<T> Iterator for Blocking<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        self.runtime.block_on(self.stream.next())
    }
}

impl<T> std::fmt::Debug for Blocking<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Blocking").finish_non_exhaustive()
    }
}
