//! Naming: every Rust identifier the generator makes comes from here.
//!
//! Rules: non-ASCII transliterated to ASCII (`Größe` → `grosse`) through `deunicode`; casing
//! through `heck`; Rust keywords become raw identifiers (or get a trailing `_`
//! where raw identifiers are not allowed); leading digits get a prefix; characters that cannot
//! be in an identifier split words; empty names get a fallback; type names that would shadow
//! prelude types get a suffix; collisions get a numeric suffix, in a deterministic order.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "static",
    "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual",
    "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "super", "Self"];

/// Names a generated type must not take: the prelude's, and those the generated modules import
/// or re-export by name (types are glob-imported beside them, where an explicit name would win).
const RESERVED_TYPES: &[&str] = &[
    "ApiError",
    "ApiErrorKind",
    "ApiKey",
    "ApiMessage",
    "Bare",
    "Body",
    "Box",
    "ByteStream",
    "Call",
    "Checker",
    "Client",
    "ClientBuilder",
    "ClientProfile",
    "Credentials",
    "DateTime",
    "DecodeError",
    "Deserialize",
    "EcmaPattern",
    "Envelope",
    "EnvelopeBody",
    "Err",
    "Error",
    "Field",
    "File",
    "KeyIn",
    "Multipart",
    "None",
    "Nullable",
    "Ok",
    "Operation",
    "Option",
    "Page",
    "Paginated",
    "Pagination",
    "PaginationError",
    "Pattern",
    "RequestBuilder",
    "RequestError",
    "RequestOptions",
    "Response",
    "ResponseError",
    "Result",
    "Secret",
    "Self",
    "Serialize",
    "Some",
    "String",
    "Style",
    "Styled",
    "TransportError",
    "Uuid",
    "Validate",
    "ValidationErrors",
    "Vec",
    "Violation",
];

/// A PascalCase type name for a schema or location name.
pub fn type_name(raw: &str) -> String {
    let name = prefix_leading_digit(&ascii(raw).to_upper_camel_case(), "T");
    match name.as_str() {
        "" => "Unnamed".to_owned(),
        n if RESERVED_TYPES.contains(&n) => format!("{n}Type"),
        _ => name,
    }
}

/// A snake_case name for a field, parameter or function.
pub fn value_name(raw: &str) -> String {
    let name = prefix_leading_digit(&ascii(raw).to_snake_case(), "_");
    match name.as_str() {
        "" => "value".to_owned(),
        n if NOT_RAW.contains(&n) => format!("{n}_"),
        n if KEYWORDS.contains(&n) => format!("r#{n}"),
        _ => name,
    }
}

/// A snake_case module name for a tag, e.g. `Zero Trust` → `zero_trust`.
pub fn module_name(tag: &str) -> String {
    value_name(&whole_words(tag))
}

/// A kebab-case cargo feature name for a tag, e.g. `Zero Trust` → `zero-trust`.
pub fn feature_name(tag: &str) -> String {
    let name = ascii(&whole_words(tag)).to_kebab_case();
    if name.is_empty() { "untagged".to_owned() } else { name }
}

/// A tag's words as casing should see them. A word that mixes an acronym with lowercase
/// (`CAs`, `ACLs`, `mTLS`, `IPsec`) is one word, which casing would otherwise split at each case
/// change (`c-as`, `m-tls`, `i-psec`); apostrophes go (`User's` → `users`, not `user-s`).
fn whole_words(tag: &str) -> String {
    let word = |word: &str| {
        let word: String = word.chars().filter(|c| !matches!(c, '\'' | '’')).collect();
        let chars: Vec<char> = word.chars().collect();
        let acronym = chars.windows(2).any(|pair| pair.iter().all(|c| c.is_uppercase()));
        if acronym && chars.iter().any(|c| c.is_lowercase()) { word.to_lowercase() } else { word }
    };
    tag.split(' ').map(word).collect::<Vec<_>>().join(" ")
}

/// A PascalCase enum variant name for a wire value.
pub fn variant_name(raw: &str) -> String {
    let name = prefix_leading_digit(&ascii(raw).to_upper_camel_case(), "V");
    match name.as_str() {
        "" => "Empty".to_owned(),
        "Self" => "Self_".to_owned(),
        _ => name,
    }
}

/// The crate name for an API title, e.g. `Cloudflare Zero Trust` → `cloudflare-zero-trust`.
pub fn crate_name(title: &str) -> String {
    let name = title.to_snake_case().replace('_', "-");
    let name = name.trim_matches('-');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}").trim_end_matches('-').to_owned()
    } else {
        name.to_owned()
    }
}

/// An identifier without its raw prefix (`r#type` → `type`), for file names and text.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A local variable for a field: a raw keyword gets a trailing `_` (`r#type` → `type_`), since
/// a `format!` argument name cannot be raw.
pub fn local_name(name: &str) -> String {
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name.to_owned(),
    }
}

/// Returns `name`, or `name2`, `name3`, … — the first not yet in `taken` — and records it.
pub fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    // A suffixed keyword is no longer a keyword, so it needs no `r#`.
    let stem = unraw(&name);
    (2..)
        .map(|n| format!("{stem}{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .expect("an unbounded range always yields a free name")
}

/// Non-ASCII text spelled in ASCII, so identifiers stay typeable and lint-free.
fn ascii(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.is_ascii() { raw.into() } else { deunicode::deunicode(raw).into() }
}

fn prefix_leading_digit(name: &str, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) { format!("{prefix}{name}") } else { name.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        for (raw, expected) in [
            ("Organization", "Organization"),
            ("access_login_design", "AccessLoginDesign"),
            ("mfa-config", "MfaConfig"),
            ("4XX", "T4xx"),
            ("", "Unnamed"),
            ("$$", "Unnamed"),
            ("Option", "OptionType"),
            ("result", "ResultType"),
            ("string", "StringType"),
            ("self", "SelfType"),
        ] {
            assert_eq!(type_name(raw), expected, "type_name({raw:?})");
        }
    }

    #[test]
    fn value_names() {
        for (raw, expected) in [
            ("allowedAuthenticators", "allowed_authenticators"),
            ("account_or_zone_id", "account_or_zone_id"),
            ("type", "r#type"),
            ("self", "self_"),
            ("crate", "crate_"),
            ("2fa", "_2fa"),
            ("X-Auth-Email", "x_auth_email"),
            ("Größe", "grosse"),
            ("naïve café", "naive_cafe"),
            ("", "value"),
        ] {
            assert_eq!(value_name(raw), expected, "value_name({raw:?})");
        }
    }

    #[test]
    fn group_names() {
        for (tag, module, feature) in [
            ("Zero Trust", "zero_trust", "zero-trust"),
            (
                "Access Short-Lived Certificate CAs",
                "access_short_lived_certificate_cas",
                "access-short-lived-certificate-cas",
            ),
            ("Magic Site ACLs", "magic_site_acls", "magic-site-acls"),
            ("DNS Records for a Zone", "dns_records_for_a_zone", "dns-records-for-a-zone"),
            ("IPs", "ips", "ips"),
            ("Access mTLS Authentication", "access_mtls_authentication", "access-mtls-authentication"),
            ("Magic IPsec tunnels", "magic_ipsec_tunnels", "magic-ipsec-tunnels"),
            ("User's Invites", "users_invites", "users-invites"),
            ("zeroTrust WebSockets", "zero_trust_web_sockets", "zero-trust-web-sockets"),
            ("WAF Rules", "waf_rules", "waf-rules"),
            ("type", "r#type", "type"),
            ("", "value", "untagged"),
        ] {
            assert_eq!((module_name(tag).as_str(), feature_name(tag).as_str()), (module, feature), "{tag:?}");
        }
    }

    #[test]
    fn variant_names() {
        for (raw, expected) in [
            ("totp", "Totp"),
            ("security_key", "SecurityKey"),
            ("1h", "V1h"),
            ("", "Empty"),
            ("Self", "Self_"),
        ] {
            assert_eq!(variant_name(raw), expected, "variant_name({raw:?})");
        }
    }

    #[test]
    fn crate_names() {
        assert_eq!(crate_name("Cloudflare Zero Trust Organization"), "cloudflare-zero-trust-organization");
        assert_eq!(crate_name("Pet Store (mini)"), "pet-store-mini");
        assert_eq!(crate_name(""), "api");
        assert_eq!(crate_name("3D API"), "api-3d-api");
    }

    #[test]
    fn collisions_get_numeric_suffixes_in_order() {
        let mut taken = BTreeSet::new();
        let names: Vec<_> = ["a", "a", "a", "r#type", "r#type"]
            .into_iter()
            .map(|n| unique(n.to_owned(), &mut taken))
            .collect();
        assert_eq!(names, ["a", "a2", "a3", "r#type", "type2"]);
    }

    #[test]
    fn every_name_the_emitters_import_is_reserved() {
        // An imported name wins over the glob-imported spec types: a schema of that name would
        // be shadowed where the import is.
        let emit = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/emit");
        let mut seen = 0;
        for entry in std::fs::read_dir(emit).unwrap() {
            let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            // `.item("module", "Name")`: the name is the second string literal.
            for call in source.split(".item(\"").skip(1) {
                let Some(name) = call.split('"').nth(2).filter(|n| n.starts_with(char::is_uppercase)) else {
                    continue;
                };
                assert_eq!(type_name(name), format!("{name}Type"), "`{name}` is imported but not reserved");
                seen += 1;
            }
        }
        assert!(seen > 10, "the emitters import by `.item(module, name)`");
    }
}
