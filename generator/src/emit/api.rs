//! Emits `src/api.rs`: what the runtime needs from this API, its one interface with the
//! generated code (see the `runtime` crate's docs).

use super::imports::Imports;
use crate::ir::{Api, ParameterLocation, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

/// `models`: a split crate's models crate, whose `api` (the runtime's data half's) holds the
/// request id headers.
pub fn api_module(api: &Api, crate_name: &str, models: Option<&str>, imports: &Imports) -> TokenStream {
    let request_ids = &api.client.request_id_headers;
    let client = client_settings(api, crate_name, imports);
    // What it imports is for `CLIENT`, which only the client uses.
    let imports = imports.render_each(&quote!(#[cfg(feature = "client")]));
    let request_ids = match models {
        Some(models) => {
            let models = super::rust_type::ident(models);
            quote!(pub use ::#models::api::REQUEST_ID_HEADERS;)
        }
        None => quote! {
            /// Response headers that carry the server's id for a request, in order of preference
            /// (see [`ApiError::request_id`](crate::ApiError::request_id)).
            pub const REQUEST_ID_HEADERS: &[&str] = &[ #( #request_ids ),* ];
        },
    };
    quote! {
        //! What the runtime needs from this API: the request id headers, and the client's settings.
        #imports
        #request_ids
        #client
    }
}

/// `CLIENT`: what the spec says about its client.
fn client_settings(api: &Api, crate_name: &str, imports: &Imports) -> TokenStream {
    let option = |value: &Option<String>| match value {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let base_url = option(&api.info.base_url);
    let base_url_env = option(&api.client.env.base_url);
    let has_bearer =
        api.security.options.iter().flatten().any(|s| matches!(s, SecurityScheme::Bearer { .. }));
    let bearer_env = option(&api.client.env.bearer_token.clone().filter(|_| has_bearer));
    let has_basic = api.security.options.iter().flatten().any(|s| matches!(s, SecurityScheme::Basic { .. }));
    let basic_env = match (&api.client.env.basic_username, &api.client.env.basic_password) {
        (Some(user), Some(password)) if has_basic => quote!(Some((#user, #password))),
        _ => quote!(None),
    };
    // Each security option made only of API keys that all have a variable (the anonymous
    // option, `{}`, reads none).
    let key_sets: Vec<TokenStream> = api
        .security
        .options
        .iter()
        .filter(|option| !option.is_empty())
        .filter_map(|option| {
            let pairs: Option<Vec<(TokenStream, String, &String)>> = option
                .iter()
                .map(|scheme| match scheme {
                    SecurityScheme::ApiKey { location, key, .. } => {
                        let env = api.client.env.api_keys.get(key)?;
                        Some(match location {
                            ParameterLocation::Query => (quote!(Query), key.clone(), env),
                            ParameterLocation::Cookie => (quote!(Cookie), key.clone(), env),
                            _ => (quote!(Header), key.to_ascii_lowercase(), env),
                        })
                    }
                    SecurityScheme::Bearer { .. } | SecurityScheme::Basic { .. } => None,
                })
                .collect();
            let pairs = pairs?.into_iter().map(|(place, key, env)| {
                let key_in = imports.item("crate::runtime::client", "KeyIn");
                quote!((#key_in::#place, #key, #env))
            });
            Some(quote!(&[ #( #pairs ),* ]))
        })
        .collect();
    // Declared API key headers, and any header the settings read a key for.
    let elsewhere: Vec<&str> = (api.security.options.iter().flatten())
        .filter_map(|s| match s {
            SecurityScheme::ApiKey { location, key, .. } if *location != ParameterLocation::Header => {
                Some(key.as_str())
            }
            _ => None,
        })
        .collect();
    let secret_headers: std::collections::BTreeSet<String> = (api.security.api_key_headers.iter())
        .chain(api.client.env.api_keys.keys().filter(|key| !elsewhere.contains(&key.as_str())))
        .map(|header| header.to_ascii_lowercase())
        .collect();
    let agent = api.client.user_agent.clone().unwrap_or_else(|| crate_name.to_owned());
    let agent = format!("{agent}/");
    let profile = imports.item("crate::runtime::client", "ClientProfile");
    quote! {
        /// What the spec says about its client: base URL, environment variables, secret
        /// headers, `User-Agent`.
        #[cfg(feature = "client")]
        pub(crate) const CLIENT: #profile = #profile {
            default_base_url: #base_url,
            base_url_env: #base_url_env,
            bearer_token_env: #bearer_env,
            basic_auth_env: #basic_env,
            api_key_envs: &[ #( #key_sets ),* ],
            secret_headers: &[ #( #secret_headers ),* ],
            user_agent: concat!(#agent, env!("CARGO_PKG_VERSION")),
        };
    }
}
