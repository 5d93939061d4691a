//! The runtime's unit tests, here and not in the modules, so that no generated crate carries
//! them. (Behaviour through generated code is tested in `tests/`.)

mod multipart;
mod object;
mod pagination;
mod redirect;
#[cfg(feature = "client")]
mod retry;
