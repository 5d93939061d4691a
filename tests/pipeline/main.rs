//! Integration tests of the whole pipeline: spec → generator → generated crate.

mod bad_specs;
mod bodies;
mod client;
mod conformance;
mod differential;
mod docs;
mod drift;
mod envelopes;
mod golden;
mod groups;
mod local_server;
mod media;
mod multipart;
mod openapi31;
mod patterns;
mod prism;
mod random_specs;
mod requests;
mod responses;
mod roundtrip;
mod security;
mod shapes;
mod styles;
mod support;
mod tool;
mod validation;
