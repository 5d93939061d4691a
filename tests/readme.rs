//! The project README's Rust snippets, compiled (and run, unless `no_run`) as doctests, so the
//! README cannot drift from the code.

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct Readme;
