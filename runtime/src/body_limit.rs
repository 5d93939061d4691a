//! Reading a response body up to a size limit, so a hostile or broken server cannot exhaust
//! memory.
//!
//! A `Content-Length` above the limit is refused before any of the body is read; otherwise the
//! body is read chunk by chunk and refused as soon as it would pass the limit. Either way the
//! rest is never read: dropping the response closes the connection.

use super::client::Error;

/// The body of `response`, at most `limit` bytes, or [`Error::ResponseTooLarge`]; a failure to
/// read is turned into an error by `read_error`.
pub(crate) async fn read(
    mut response: reqwest::Response,
    limit: usize,
    read_error: impl Fn(reqwest::Error) -> Error,
) -> Result<Vec<u8>, Error> {
    let too_large = Error::ResponseTooLarge { status: response.status(), limit };
    let declared = response.content_length();
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(too_large);
    }
    // Within the limit, as just checked.
    let mut body = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await.map_err(&read_error)? {
        if chunk.len() > limit - body.len() {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
