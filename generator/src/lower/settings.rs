//! Client behaviour: the spec's `x-rust-client` (read into [`ClientOptions`]), with a caller's
//! options merged over it, resolved into the IR's [`ClientBehaviour`]; and the spec's security
//! schemes.

use crate::diagnostics::{Sink, WarningKind, pointer_join};
use crate::ir::{
    ClientBehaviour, EnvNames, Envelope, PageStyle, PaginationRule, ParameterLocation, Security,
    SecurityScheme,
};
use crate::settings::{ClientOptions, OneOrMore, PaginationOption};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr};
use std::collections::BTreeSet;

/// The extension a spec states its client options in.
pub(crate) const EXTENSION: &str = "x-rust-client";

/// The spec's client options with `overrides` merged over them, resolved.
pub(crate) fn client_behaviour(
    openapi: &OpenAPI,
    overrides: Option<&ClientOptions>,
    sink: &mut Sink,
) -> ClientBehaviour {
    let from_spec = match openapi.extensions.get(EXTENSION).map(parse) {
        None => ClientOptions::default(),
        Some(Ok(options)) => options,
        Some(Err((at, message))) => {
            sink.error(&format!("/{EXTENSION}{at}"), message);
            ClientOptions::default()
        }
    };
    let options = match overrides {
        Some(overrides) => from_spec.merged(overrides),
        None => from_spec,
    };
    let envelope = options.envelope.and_then(|e| {
        let Some(result) = e.result else {
            let message = "an envelope names the property that holds the result (`result`)";
            sink.error(&format!("/{EXTENSION}/envelope"), message);
            return None;
        };
        let (result_info, success, errors, messages) = (e.result_info, e.success, e.errors, e.messages);
        Some(Envelope { result, result_info, success, errors, messages })
    });
    let env = options.env;
    ClientBehaviour {
        envelope,
        env: EnvNames {
            base_url: env.base_url,
            bearer_token: env.bearer_token,
            basic_username: env.basic_username,
            basic_password: env.basic_password,
            api_keys: env.api_keys,
        },
        user_agent: options.user_agent,
        request_id_headers: request_id_headers(options.request_id_headers.unwrap_or_default()),
        pagination: options.pagination.unwrap_or_default().into_iter().map(pagination_rule).collect(),
    }
}

fn pagination_rule(option: PaginationOption) -> PaginationRule {
    let (style, items) = match option {
        PaginationOption::PageNumber { page, total_pages, items } => {
            (PageStyle::PageNumber { page, total_pages }, items)
        }
        PaginationOption::Cursor { cursor, next, items } => {
            let next = match next {
                OneOrMore::One(pointer) => vec![pointer],
                OneOrMore::More(pointers) => pointers,
            };
            (PageStyle::Cursor { cursor, next }, items)
        }
        PaginationOption::Link { items } => (PageStyle::Link, items),
    };
    PaginationRule { style, items }
}

/// The extension's value as options; `Err` holds the JSON pointer below it and what is wrong.
fn parse(value: &serde_json::Value) -> Result<ClientOptions, (String, String)> {
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
