//! Project automation as a library, so tests run exactly what `cargo xtask` runs.

pub mod codegen;
pub mod corpus;
