//! The redirect policy: no redirect is followed, so a request and its credentials only ever go
//! to the base URL's origin.
//!
//! reqwest's default policy follows up to 10 redirects, drops only `Authorization`, `Cookie` and
//! the proxy headers when the host changes (API key headers of any other name go along), and
//! follows `https` → `http`. Following none is the simplest rule that cannot leak a credential of
//! any scheme: every HTTP client this crate builds has [`reqwest::redirect::Policy::none`], and a
//! 3xx answer (other than `304 Not Modified`) ends the call with [`Error::Redirect`], which
//! carries the `Location` so the caller can decide what to do.

use super::client::Error;

/// The policy set on every reqwest client the crate builds, including one built from the
/// caller's [`reqwest::ClientBuilder`].
pub(crate) fn policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::none()
}

/// Refuses a redirect response with [`Error::Redirect`]; any other response passes.
pub(crate) fn refuse(response: &reqwest::Response) -> Result<(), Error> {
    let status = response.status();
    if !status.is_redirection() || status == http::StatusCode::NOT_MODIFIED {
        return Ok(());
    }
    let location = response.headers().get(http::header::LOCATION);
    Err(Error::Redirect {
        status,
        location: location.map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned()),
    })
}
