//! The IR: plain data describing an API, between lowering and emitting.
//!
//! It knows nothing of `openapiv3` nor of tokens. Names are already Rust names; wire names are
//! kept beside them. Collections are in a deterministic order (types sorted by name, operations
//! in spec order).

mod operation;
mod types;

pub use operation::*;
pub use types::*;

use std::collections::{BTreeMap, BTreeSet};

/// The whole API, ready to emit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    pub info: ApiInfo,
    /// Named types by Rust name.
    pub types: BTreeMap<String, TypeDef>,
    /// Names of inline types merged into a type of the same shape, by Rust name.
    pub aliases: BTreeMap<String, Alias>,
    pub operations: Vec<Operation>,
    pub security: Security,
    pub client: ClientBehaviour,
}

impl Api {
    /// Calls `visit` on every use of a type: fields, union variants, newtypes, parameters,
    /// bodies and outputs, and the items and values inside arrays and maps.
    pub fn for_each_schema_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
        for def in self.types.values_mut() {
            def.kind.for_each_schema_mut(visit);
        }
        self.for_each_operation_schema_mut(visit);
    }

    /// As [`Api::for_each_schema_mut`], for the operations' uses only.
    pub fn for_each_operation_schema_mut(&mut self, visit: &mut impl FnMut(&mut Schema)) {
        for operation in &mut self.operations {
            operation.parameters.iter_mut().for_each(|p| p.schema.walk_mut(visit));
            operation.body.iter_mut().for_each(|b| b.schema.walk_mut(visit));
            operation.output.iter_mut().for_each(|o| o.walk_mut(visit));
        }
    }

    /// Every type reachable from `roots`, the roots included.
    pub fn reachable<'a>(&'a self, mut stack: Vec<&'a str>) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            let Some((name, def)) = self.types.get_key_value(name) else { continue };
            if seen.insert(name.as_str()) {
                stack.extend(def.kind.child_schemas().filter_map(Schema::named_type));
            }
        }
        seen
    }

    /// Drops the types no operation reaches (after operations were filtered out, say).
    pub fn retain_types_operations_use(&mut self) {
        let roots =
            self.operations.iter().flat_map(Operation::schemas).filter_map(Schema::named_type).collect();
        let used: BTreeSet<String> = self.reachable(roots).into_iter().map(str::to_owned).collect();
        self.types.retain(|name, _| used.contains(name));
        self.aliases.retain(|_, alias| used.contains(&alias.target));
    }

    /// Whether `ty` is a generated string enum.
    pub fn is_string_enum(&self, ty: &TypeRef) -> bool {
        matches!(ty, TypeRef::Named(name)
            if matches!(self.types.get(name).map(|t| &t.kind), Some(TypeKind::StringEnum(_))))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ApiInfo {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first `servers` URL, used as the default base URL.
    pub base_url: Option<String>,
    /// Descriptions of the spec's tags, by tag name.
    pub tag_docs: BTreeMap<String, String>,
}

/// How the generated client behaves, as the spec's `x-rust-client` and the caller's options say
/// (resolved from [`crate::ClientOptions`]): the envelope, environment variables, `User-Agent`,
/// request id headers and pagination styles.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ClientBehaviour {
    /// Success bodies are wrapped as `{success, errors, messages, result}`.
    pub envelope: Option<Envelope>,
    /// Environment variables read by `Client::from_env`.
    pub env: EnvNames,
    /// The `User-Agent` product name; the crate name when unset.
    pub user_agent: Option<String>,
    /// Response headers carrying the server's request id, lowercase, in order of preference.
    pub request_id_headers: Vec<String>,
    /// Pagination styles, tried in order on each `GET` operation.
    pub pagination: Vec<PaginationRule>,
}

/// One pagination style of the settings, and where the items are when the output is an object.
#[derive(Debug, Clone, PartialEq)]
pub struct PaginationRule {
    pub style: PageStyle,
    /// The output property (wire name) holding the items; the output itself when `None`.
    pub items: Option<String>,
}

/// Property names of a response envelope.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Envelope {
    pub result: String,
    /// The property with paging details, kept as JSON beside the result.
    pub result_info: Option<String>,
    pub success: Option<String>,
    pub errors: Option<String>,
    pub messages: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct EnvNames {
    pub base_url: Option<String>,
    pub bearer_token: Option<String>,
    /// Environment variables of a basic-auth user name and password.
    pub basic_username: Option<String>,
    pub basic_password: Option<String>,
    /// Environment variable per API key header name.
    pub api_keys: BTreeMap<String, String>,
}

/// Authentication the API accepts: any one of `options`, each a set of schemes used together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Security {
    pub options: Vec<Vec<SecurityScheme>>,
    /// Every API key header the spec's `securitySchemes` declare, used or not, lowercased: the
    /// client treats their values as credentials wherever they appear.
    pub api_key_headers: BTreeSet<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecurityScheme {
    Bearer {
        name: String,
        description: Option<String>,
    },
    /// HTTP `basic`: a user name and password.
    Basic {
        name: String,
        description: Option<String>,
    },
    /// An API key in a header, a query parameter or a cookie, named `key` there.
    ApiKey {
        name: String,
        location: ParameterLocation,
        key: String,
        description: Option<String>,
    },
}
