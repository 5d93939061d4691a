//! The runtime every generated client carries: requests, responses, errors, validation, and
//! (with the `client` feature) the HTTP client.
//!
//! This crate is where the runtime is compiled, linted, documented and unit-tested, once. The
//! generator copies its modules verbatim into each generated crate as `crate::runtime` (with an
//! index of its own, `src/runtime/mod.rs`, declaring the same modules), so a generated crate
//! depends on published crates only. This file, [`api`] and the tests are not copied.
//!
//! # The interface a generated crate provides
//!
//! What the runtime needs from one API comes through one module, `crate::api`, which every
//! generated crate has (and this crate has too, as a test implementation):
//!
//! - `REQUEST_ID_HEADERS: &[&str]`: the response headers that carry the server's request id,
//!   lowercase, in order of preference;
//! - `CLIENT: client::ClientProfile` (with the `client` feature): the base URL, the environment
//!   variables `Client::from_env` reads, the secret header names and the `User-Agent`.
//!
//! Modules reach each other by `super::`, never by their place in a crate; the macros that
//! generated code calls name the runtime as `$crate::runtime`, which [`runtime`] provides here.

pub mod api;

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
pub mod ecma;
pub mod enums;
pub mod error;
pub mod file;
pub mod form;
pub mod macros;
pub mod multipart;
pub mod nullable;
pub mod object;
pub mod operation;
pub mod pagination;
pub mod pattern;
pub mod redirect;
pub mod request;
pub mod response;
#[cfg(feature = "client")]
pub mod retry;
#[cfg(feature = "client")]
pub mod sensitive;
pub mod style;
pub mod time;
#[cfg(feature = "client")]
mod trace;
#[cfg(feature = "client")]
pub mod transport;
pub mod uuid;
pub mod validation;

/// The runtime where generated code finds it (`crate::runtime`), for the macros' paths.
#[doc(hidden)]
pub mod runtime {
    pub use super::*;
}

#[cfg(test)]
mod tests;
