//! The sans-IO contract of one API operation: build an `http::Request`, parse an `http::Response`.

use super::error::{RequestError, ResponseError};
use super::request::Body;
use super::response::{ReadBody, Response, Shape};

/// One call of an API operation, with its parameters and body, independent of any HTTP stack.
///
/// `to_request` validates every input first: when it returns `Err`, nothing should be sent.
pub trait Operation {
    /// What a successful response yields.
    type Output;

    /// How the success body is read (`response::Json`, `Text`, `Bytes` or `Empty`).
    type Body: ReadBody<Self::Output>;

    /// How the API wraps its bodies (its envelope, or `response::Bare`).
    type Shape: Shape;

    /// The operation's name, as its client method is called; decode errors name it.
    const NAME: &'static str;

    /// The HTTP method, e.g. `GET`.
    const METHOD: &'static str;

    /// The path template as the spec writes it, e.g. `/accounts/{account_id}/things`: what
    /// logs may show, as it holds no parameter value.
    const PATH: &'static str;

    /// Builds the request against `base_url` (e.g. `https://api.example.com/v1`).
    fn to_request(&self, base_url: &str) -> Result<http::Request<Vec<u8>>, RequestError>;

    /// The request with a multipart body still in parts (files on disk unread), which the
    /// client streams; the same as `to_request` for every other body.
    fn to_streamed_request(&self, base_url: &str) -> Result<http::Request<Body>, RequestError> {
        self.to_request(base_url).map(|request| request.map(Body::Bytes))
    }

    /// Parses a response to this operation into its output or a typed error.
    fn parse_response<B: AsRef<[u8]>>(response: http::Response<B>) -> Result<Self::Output, ResponseError> {
        Self::parse_response_with_metadata(response).map(Response::into_value)
    }

    /// As [`Operation::parse_response`], keeping the status, the headers and what the envelope
    /// says beside the result (`messages`, `result_info`).
    fn parse_response_with_metadata<B: AsRef<[u8]>>(
        response: http::Response<B>,
    ) -> Result<Response<Self::Output>, ResponseError> {
        Self::Body::read::<Self::Shape, B>(response).map_err(|error| match error {
            ResponseError::Decode(decode) => ResponseError::Decode(decode.in_operation(Self::NAME)),
            api => api,
        })
    }
}
