//! Runtime support shared by every generated client: requests, responses, errors, validation.
//!
//! Written once by hand in the generator and copied verbatim into each generated crate.

pub mod error;
pub mod operation;
pub mod request;
pub mod response;
pub mod validation;
