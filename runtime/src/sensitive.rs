//! Which headers carry credentials, and a `Debug` of header maps that never shows their values.
//!
//! A header is secret when its name is one that carries credentials in any API (`authorization`,
//! `proxy-authorization`, `cookie`, `set-cookie`) or an API key header the spec declares
//! ([`super::client::ClientProfile::secret_headers`]), whoever set it: the client, the caller
//! (default headers, per-request headers) or the server.

use std::fmt;

/// Header names that carry credentials whatever the API.
const ALWAYS_SECRET: [&str; 4] = ["authorization", "proxy-authorization", "cookie", "set-cookie"];

/// Whether a header of this name carries a credential.
pub fn is_secret(name: &http::HeaderName) -> bool {
    let name = name.as_str();
    ALWAYS_SECRET.contains(&name) || crate::api::CLIENT.secret_headers.contains(&name)
}

/// Marks every secret header sensitive: `http`'s `Debug` then hides its value, and HTTP/2 never
/// adds it to a compression table.
pub fn mark(headers: &mut http::HeaderMap) {
    for (name, value) in headers.iter_mut() {
        if is_secret(name) {
            value.set_sensitive(true);
        }
    }
}

/// Shows a header map with the value of every secret or sensitive header as `<redacted>`.
pub struct Redacted<'a>(pub &'a http::HeaderMap);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = self.0.iter().map(|(name, value)| {
            let value: &dyn fmt::Debug =
                if value.is_sensitive() || is_secret(name) { &"<redacted>" } else { value };
            (name, value)
        });
        f.debug_map().entries(shown).finish()
    }
}
