//! Doc comments: spec text → `#[doc = " …"]` attributes that rustdoc renders without warnings.
//!
//! While a file is formatted, its doc comments are deferred: each block is a short placeholder
//! in the tokens, and the text goes back in once the file is formatted. Parsing and formatting
//! long doc strings was a sixth of the generator's time on large specs.

use crate::ir::{Bound, Constraints};
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// Starts a placeholder's text; a real doc line starts with a space or is empty.
const PLACEHOLDER: char = '\u{1}';

thread_local! {
    /// The doc blocks of the file being built on this thread, when they are deferred.
    static DEFERRED: RefCell<Option<Vec<Vec<String>>>> = const { RefCell::new(None) };
}

/// One `#[doc]` attribute per line, each with a leading space, so output reads `/// text`.
pub fn doc_attrs<'a>(paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
    let text =
        paragraphs.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n");
    let lines = sanitize(&text);
    if lines.is_empty() {
        return TokenStream::new();
    }
    if DEFERRED.with_borrow(Option::is_none) {
        return quote! { #( #[doc = #lines] )* };
    }
    let index = DEFERRED.with_borrow_mut(|deferred| {
        let blocks = deferred.get_or_insert_default();
        blocks.push(lines);
        blocks.len() - 1
    });
    let placeholder = format!("{PLACEHOLDER}{index}");
    quote! { #[doc = #placeholder] }
}

/// Doc blocks taken out of a file's tokens, to put back into its formatted text.
pub struct DeferredDocs(Vec<Vec<String>>);

/// Runs `build` with doc comments deferred (see the module docs).
pub fn deferred<T>(build: impl FnOnce() -> T) -> (T, DeferredDocs) {
    DEFERRED.set(Some(Vec::new()));
    let built = build();
    let blocks = DEFERRED.take().unwrap_or_default();
    (built, DeferredDocs(blocks))
}

impl DeferredDocs {
    /// `formatted` with each placeholder line (`///\u{1}7`) replaced by its block's lines, at
    /// the placeholder's indentation.
    pub fn expand(&self, formatted: &str) -> String {
        let mut out = String::with_capacity(formatted.len() * 2);
        for line in formatted.lines() {
            let indent = &line[..line.len() - line.trim_start().len()];
            let block = line.trim_start().strip_prefix("///").and_then(|rest| rest.strip_prefix(PLACEHOLDER));
            match block.and_then(|index| self.0.get(index.parse::<usize>().ok()?)) {
                Some(lines) => {
                    for doc in lines {
                        out.push_str(indent);
                        out.push_str("///");
                        out.push_str(doc.trim_end());
                        out.push('\n');
                    }
                }
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out
    }
}

/// Makes spec text safe for rustdoc: no intra-doc links from `[..]`, no raw HTML, no bare URLs,
/// and no code fences that rustdoc would compile as doctests.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.lines()
        .map(|line| {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("```") {
                in_fence = !in_fence;
                return if in_fence && rest.trim().is_empty() {
                    " ```text".to_owned()
                } else {
                    format!(" {line}")
                };
            }
            if line.is_empty() { String::new() } else { escape_line(line) }
        })
        .collect()
}

/// The line after a space, escaped in one pass; URLs are only looked for where there may be one.
fn escape_line(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len() + 8);
    escaped.push(' ');
    for ch in line.chars() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            '[' => escaped.push_str("\\["),
            ']' => escaped.push_str("\\]"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            _ => escaped.push(ch),
        }
    }
    if escaped.contains("http") { wrap_urls(&escaped) } else { escaped }
}

/// Wraps bare `http(s)://` URLs in `<…>` so rustdoc links them instead of warning.
fn wrap_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut rest = line;
    while let Some(start) = rest.find("http://").or_else(|| rest.find("https://")).map(|s| {
        let other = rest.find("https://").unwrap_or(s);
        s.min(other)
    }) {
        let (before, from_url) = rest.split_at(start);
        let end = from_url
            .find(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | ')' | '&'))
            .unwrap_or(from_url.len());
        let (url, after) = from_url.split_at(end);
        let url_trimmed = url.trim_end_matches(['.', ',', ';', ':']);
        out.push_str(before);
        if before.ends_with('`') || before.ends_with('(') {
            out.push_str(url);
        } else {
            out.push('<');
            out.push_str(url_trimmed);
            out.push('>');
            out.push_str(&url[url_trimmed.len()..]);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The constraints of a value in words, for its doc comment.
pub fn describe_constraints(c: &Constraints) -> Option<String> {
    let mut rules = Vec::new();
    if let Some(p) = &c.pattern {
        rules.push(format!("matches the pattern `{p}`"));
    }
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => rules.push(format!("{min} to {max} characters")),
        (Some(min), None) => rules.push(format!("at least {min} characters")),
        (None, Some(max)) => rules.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    if let Some(b) = c.minimum {
        rules.push(bound_words(b, "greater than", "at least"));
    }
    if let Some(b) = c.maximum {
        rules.push(bound_words(b, "less than", "at most"));
    }
    if let Some(m) = c.multiple_of {
        rules.push(format!("a multiple of {m}"));
    }
    match (c.min_items, c.max_items) {
        (Some(min), Some(max)) => rules.push(format!("{min} to {max} items")),
        (Some(min), None) => rules.push(format!("at least {min} items")),
        (None, Some(max)) => rules.push(format!("at most {max} items")),
        (None, None) => {}
    }
    if c.unique_items {
        rules.push("items are unique".to_owned());
    }
    if !c.allowed.is_empty() {
        let values: Vec<String> = c.allowed.iter().map(|v| format!("`{v}`")).collect();
        rules.push(format!("one of {}", values.join(", ")));
    }
    if let Some(f) = &c.format {
        rules.push(format!("a valid `{f}`"));
    }
    (!rules.is_empty()).then(|| format!("Constraints: {}.", rules.join("; ")))
}

fn bound_words(bound: Bound, exclusive: &str, inclusive: &str) -> String {
    format!("{} {}", if bound.exclusive { exclusive } else { inclusive }, bound.value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_spec_text_for_rustdoc() {
        for (input, expected) in [
            ("plain text", vec![" plain text"]),
            ("see [the docs](x)", vec![" see \\[the docs\\](x)"]),
            ("a <b> tag", vec![" a &lt;b&gt; tag"]),
            ("logo at https://example.com/logo.png.", vec![" logo at <https://example.com/logo.png>."]),
            ("`https://x.y`", vec![" `https://x.y`"]),
            ("two\n\nparas", vec![" two", "", " paras"]),
            ("```\nlet x = 1;\n```", vec![" ```text", " let x = 1;", " ```"]),
            ("*/ and #[attr] and \"q\" and \\", vec![" */ and #\\[attr\\] and \"q\" and \\\\"]),
        ] {
            assert_eq!(sanitize(input), expected, "{input:?}");
        }
    }

    #[test]
    fn deferred_docs_come_back_where_their_placeholders_were_formatted() {
        let (tokens, docs) = deferred(|| {
            let item = doc_attrs(["An item.", "Second paragraph."]);
            let field = doc_attrs(["A field with [brackets]."]);
            quote! { #item pub struct S { #field pub f: u8 } }
        });
        let formatted = prettyplease::unparse(&syn::parse2(tokens).unwrap());
        assert_eq!(
            docs.expand(&formatted),
            "/// An item.\n///\n/// Second paragraph.\npub struct S {\n    /// A field with \\[brackets\\].\n    pub f: u8,\n}\n"
        );
        // Outside `deferred`, the same call gives the attributes themselves.
        let direct = doc_attrs(["Direct."]);
        let formatted = prettyplease::unparse(&syn::parse2(quote! { #direct pub struct T; }).unwrap());
        assert_eq!(formatted, "/// Direct.\npub struct T;\n");
    }

    #[test]
    fn constraints_in_words() {
        let c = Constraints { pattern: Some("^a$".into()), max_length: Some(32), ..Default::default() };
        assert_eq!(
            describe_constraints(&c).unwrap(),
            "Constraints: matches the pattern `^a$`; at most 32 characters."
        );
        let c =
            Constraints { minimum: Some(Bound { value: 1000.0, exclusive: false }), ..Default::default() };
        assert_eq!(describe_constraints(&c).unwrap(), "Constraints: at least 1000.");
        assert_eq!(describe_constraints(&Constraints::default()), None);
    }
}
