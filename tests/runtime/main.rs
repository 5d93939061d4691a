//! The runtime's behaviour, through generated crates: requests and responses on the wire,
//! parameter styles, bodies, validation, the client against local servers (retries, redirects,
//! security, observability, the SDK surface), Prism, and real servers (`interop`).

mod bodies;
mod buffer;
mod client;
mod differential;
mod interop;
mod local_server;
mod media;
mod multipart;
mod observability;
mod patterns;
mod prism;
mod redirects;
mod requests;
mod responses;
mod sdk;
mod security;
mod split;
mod styles;
#[path = "../support.rs"]
mod support;
mod validation;
