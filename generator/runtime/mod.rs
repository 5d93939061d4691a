//! Runtime support shared by every generated client: requests, responses, errors, validation,
//! and (with the `client` feature) the HTTP client.
//!
//! Written once by hand in the generator and copied verbatim into each generated crate.

#[cfg(feature = "blocking")]
pub mod blocking;
#[cfg(feature = "client")]
pub mod body_limit;
pub mod buffer;
pub mod bytes;
#[cfg(feature = "client")]
pub mod call;
#[cfg(feature = "client")]
pub mod cli;
#[cfg(feature = "client")]
pub mod client;
pub mod decode;
pub mod entries;
pub mod enums;
pub mod error;
pub mod form;
pub mod multipart;
pub mod nullable;
pub mod operation;
pub mod pagination;
pub mod pattern;
#[cfg(feature = "client")]
pub mod redirect;
pub mod request;
pub mod response;
#[cfg(feature = "client")]
pub mod retry;
#[cfg(feature = "client")]
pub mod sensitive;
pub mod style;
#[cfg(feature = "client")]
mod trace;
#[cfg(feature = "client")]
pub mod transport;
pub mod validation;
