//! What a call tells `tracing` (with the `tracing` feature; without it, nothing and no cost).
//!
//! One `api_call` span per call, with the operation's name, method and path *template*; one
//! event per attempt (its number, the status and the request id, or the error) and one per
//! retry wait. Never a URL (an API key may sit in its query), a header, a credential or a body.

use super::client::Error;
use super::operation::Operation;
use std::future::Future;
use std::time::Duration;

/// Runs `call` inside the span of a call of `O`.
#[cfg_attr(
    not(feature = "tracing"),
    allow(clippy::extra_unused_type_parameters, reason = "`O` names the span, which is compiled out")
)]
pub(crate) async fn in_call_span<O: Operation, T>(call: impl Future<Output = T>) -> T {
    #[cfg(feature = "tracing")]
    {
        use tracing::Instrument as _;
        let span = tracing::info_span!("api_call", operation = O::NAME, method = O::METHOD, path = O::PATH);
        call.instrument(span).await
    }
    #[cfg(not(feature = "tracing"))]
    {
        call.await
    }
}

/// Reports how attempt `retry` (0 for the first) ended.
pub(crate) fn attempt<B>(retry: u32, outcome: &Result<http::Response<B>, Error>) {
    #[cfg(feature = "tracing")]
    match outcome {
        Ok(response) => {
            let request_id =
                crate::api::REQUEST_ID_HEADERS.iter().find_map(|h| response.headers().get(*h)?.to_str().ok());
            tracing::debug!(attempt = retry + 1, status = response.status().as_u16(), request_id, "response");
        }
        Err(error) => tracing::debug!(attempt = retry + 1, error = %error, "attempt failed"),
    }
    #[cfg(not(feature = "tracing"))]
    let _ = (retry, outcome);
}

/// Reports the wait before retry `retry`.
pub(crate) fn retrying(retry: u32, wait: Duration) {
    #[cfg(feature = "tracing")]
    tracing::debug!(retry = retry + 1, wait_ms = wait.as_millis() as u64, "retrying");
    #[cfg(not(feature = "tracing"))]
    let _ = (retry, wait);
}
