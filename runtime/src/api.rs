//! The runtime's one input from an API, as a generated crate provides it (its `src/api.rs`):
//! here a test implementation, for this crate's own builds and tests. Not copied.

/// The response headers that carry the server's request id, in order of preference.
pub const REQUEST_ID_HEADERS: &[&str] = &["x-request-id"];

/// What the spec says about its client.
#[cfg(feature = "client")]
pub const CLIENT: super::client::ClientProfile = super::client::ClientProfile {
    default_base_url: Some("https://api.example.com"),
    base_url_env: Some("EXAMPLE_BASE_URL"),
    bearer_token_env: Some("EXAMPLE_TOKEN"),
    basic_auth_env: None,
    api_key_envs: &[&[(super::client::KeyIn::Header, "x-api-key", "EXAMPLE_API_KEY")]],
    secret_headers: &["x-api-key"],
    user_agent: concat!("openapi-rust-gen-runtime/", env!("CARGO_PKG_VERSION")),
};
