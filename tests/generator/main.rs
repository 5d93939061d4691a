//! The generator's behaviour, through the whole pipeline: spec → generated crate. Goldens and
//! their builds, conformance of every generated type to its schema, bad specs, random and
//! recursive specs, spec evolution, grouping, OpenAPI 3.1, and the tools.

mod bad_specs;
mod building;
mod conformance;
mod docs;
mod drift;
mod envelopes;
mod evolution;
mod golden;
mod groups;
mod openapi31;
mod random_specs;
mod recursion;
mod roundtrip;
mod shapes;
mod split;
#[path = "../support.rs"]
mod support;
mod tool;
