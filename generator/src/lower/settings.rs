//! Client settings from the `x-rust-client` extension, and the spec's security schemes.
//!
//! ```yaml
//! x-rust-client:
//!   envelope: { result: result, success: success, errors: errors, messages: messages }
//!   user-agent: my-api-rust
//!   request-id-headers: [x-my-api-request-id]
//!   env:
//!     base-url: MY_API_BASE_URL
//!     bearer-token: MY_API_TOKEN
//!     basic-username: MY_API_USER
//!     basic-password: MY_API_PASSWORD
//!     api-keys: { X-Api-Key: MY_API_KEY }
//!   # Tried in order on each GET operation whose output is a list (or, with `items`, an object
//!   # with a list in that property); the first whose query parameter the operation has wins.
//!   pagination:
//!     - { style: page-number, page: page, total-pages: /result_info/total_pages }
//!     # `next` may list several pointers: the first that holds a cursor is taken.
//!     - { style: cursor, cursor: cursor, next: [/result_info/cursor, /result_info/cursors/after] }
//!     - { style: link, items: data }
//! ```

use crate::diagnostics::{Sink, WarningKind, pointer_join};
use crate::ir::{
    ClientSettings, EnvNames, Envelope, PageStyle, PaginationRule, ParameterLocation, Security,
    SecurityScheme,
};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) const EXTENSION: &str = "x-rust-client";

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSettings {
    envelope: Option<RawEnvelope>,
    user_agent: Option<String>,
    #[serde(default)]
    request_id_headers: Vec<String>,
    #[serde(default)]
    env: RawEnv,
    #[serde(default)]
    pagination: Vec<RawPagination>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", rename_all_fields = "kebab-case", tag = "style")]
enum RawPagination {
    PageNumber { page: String, total_pages: Option<String>, items: Option<String> },
    Cursor { cursor: String, next: OneOrMore, items: Option<String> },
    Link { items: Option<String> },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "kebab-case")]
struct RawEnvelope {
    result: String,
    result_info: Option<String>,
    success: Option<String>,
    errors: Option<String>,
    messages: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawEnv {
    base_url: Option<String>,
    bearer_token: Option<String>,
    basic_username: Option<String>,
    basic_password: Option<String>,
    #[serde(default)]
    api_keys: BTreeMap<String, String>,
}

pub(crate) fn client_settings(openapi: &OpenAPI, sink: &mut Sink) -> ClientSettings {
    let raw = match openapi.extensions.get(EXTENSION).map(parse) {
        None => RawSettings::default(),
        Some(Ok(raw)) => raw,
        Some(Err((at, message))) => {
            sink.error(&format!("/{EXTENSION}{at}"), message);
            RawSettings::default()
        }
    };
    ClientSettings {
        envelope: raw.envelope.map(|e| Envelope {
            result: e.result,
            result_info: e.result_info,
            success: e.success,
            errors: e.errors,
            messages: e.messages,
        }),
        env: EnvNames {
            base_url: raw.env.base_url,
            bearer_token: raw.env.bearer_token,
            basic_username: raw.env.basic_username,
            basic_password: raw.env.basic_password,
            api_keys: raw.env.api_keys,
        },
        user_agent: raw.user_agent,
        request_id_headers: request_id_headers(raw.request_id_headers),
        pagination: raw.pagination.into_iter().map(pagination_rule).collect(),
    }
}

/// A JSON pointer, or several tried in order.
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore {
    One(String),
    More(Vec<String>),
}

fn pagination_rule(raw: RawPagination) -> PaginationRule {
    let (style, items) = match raw {
        RawPagination::PageNumber { page, total_pages, items } => {
            (PageStyle::PageNumber { page, total_pages }, items)
        }
        RawPagination::Cursor { cursor, next, items } => {
            let next = match next {
                OneOrMore::One(pointer) => vec![pointer],
                OneOrMore::More(pointers) => pointers,
            };
            (PageStyle::Cursor { cursor, next }, items)
        }
        RawPagination::Link { items } => (PageStyle::Link, items),
    };
    PaginationRule { style, items }
}

/// Checks settings in the shape of `x-rust-client` (from a config file, say); `Err` holds the
/// JSON pointer below the settings and what is wrong there.
pub fn check_client_settings(value: &serde_json::Value) -> Result<(), (String, String)> {
    parse(value).map(drop)
}

fn parse(value: &serde_json::Value) -> Result<RawSettings, (String, String)> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let at = err.path().to_string();
        // `pagination[0].page` → `/pagination/0/page`.
        let at = at.replace('[', ".").replace(']', "");
        let pointer = if at == "." { String::new() } else { format!("/{}", at.replace('.', "/")) };
        (pointer, format!("invalid generator settings: {}", err.inner()))
    })
}

/// The headers a server's request id may come in: the spec's, then the common `x-request-id`;
/// lowercase, each once.
fn request_id_headers(named: Vec<String>) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for header in named.into_iter().chain(["x-request-id".to_owned()]) {
        let header = header.to_ascii_lowercase();
        if !headers.contains(&header) {
            headers.push(header);
        }
    }
    headers
}

/// The root `security` requirements, each resolved to the schemes it combines.
pub(crate) fn security(openapi: &OpenAPI, sink: &mut Sink) -> Security {
    let schemes = openapi.components.as_ref().map(|c| &c.security_schemes);
    let mut options = Vec::new();
    for requirement in openapi.security.iter().flatten() {
        let option: Option<Vec<SecurityScheme>> = requirement
            .keys()
            .map(|name| {
                let found = schemes.and_then(|s| s.get(name));
                scheme(name, found, &pointer_join("/components/securitySchemes", name), sink)
            })
            .collect();
        options.extend(option);
    }
    Security { options, api_key_headers: api_key_headers(openapi) }
}

/// The header names of every `apiKey` scheme in a header, whether a requirement uses it or not.
fn api_key_headers(openapi: &OpenAPI) -> BTreeSet<String> {
    let schemes = openapi.components.iter().flat_map(|c| c.security_schemes.values());
    schemes
        .filter_map(|scheme| match scheme {
            ReferenceOr::Item(openapiv3::SecurityScheme::APIKey {
                location: APIKeyLocation::Header,
                name,
                ..
            }) => Some(name.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

fn scheme(
    name: &str,
    found: Option<&ReferenceOr<openapiv3::SecurityScheme>>,
    pointer: &str,
    sink: &mut Sink,
) -> Option<SecurityScheme> {
    use openapiv3::SecurityScheme as S;
    let Some(ReferenceOr::Item(found)) = found else {
        sink.warning(
            WarningKind::AuthLeftOut,
            pointer,
            format!("security requirement names `{name}`, which is not an inline entry of `components/securitySchemes`; this option is left out"),
        );
        return None;
    };
    let name = name.to_owned();
    match found {
        S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some(SecurityScheme::Bearer { name, description: description.clone() })
        }
        S::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
            Some(SecurityScheme::Basic { name, description: description.clone() })
        }
        S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
            Some(SecurityScheme::Bearer { name, description: description.clone() })
        }
        S::APIKey { location, name: key, description, .. } => {
            let location = match location {
                APIKeyLocation::Header => ParameterLocation::Header,
                APIKeyLocation::Query => ParameterLocation::Query,
                APIKeyLocation::Cookie => ParameterLocation::Cookie,
            };
            Some(SecurityScheme::ApiKey {
                name,
                location,
                key: key.clone(),
                description: description.clone(),
            })
        }
        S::HTTP { scheme, .. } => {
            sink.warning(
                WarningKind::AuthLeftOut,
                pointer,
                format!("HTTP `{scheme}` authentication is not supported; this option is left out"),
            );
            None
        }
    }
}
