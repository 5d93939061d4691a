//! The doc comments of one generated file, as `#[doc]` attributes.
//!
//! While a file is formatted, its doc comments are deferred: each block is a short placeholder
//! in the tokens, and its text goes back in once the file is formatted. Parsing and formatting
//! long doc strings takes a sixth of the generator's time on large specs otherwise.

use super::docs::sanitize;
use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// Starts a placeholder's text; a real doc line starts with a space or is empty.
const PLACEHOLDER: char = '\u{1}';

/// The doc blocks of one file: held back as placeholders (for [`DocBlocks::expand`] to put
/// back), or written as they are.
pub struct DocBlocks {
    deferred: Option<RefCell<Vec<Vec<String>>>>,
}

impl DocBlocks {
    /// Blocks deferred while the file is formatted (see the module docs).
    pub fn deferred() -> Self {
        DocBlocks { deferred: Some(RefCell::default()) }
    }

    /// Blocks written into the tokens themselves.
    pub fn inline() -> Self {
        DocBlocks { deferred: None }
    }

    /// One `#[doc]` attribute per line, each with a leading space, so output reads `/// text`;
    /// a placeholder where blocks are deferred.
    pub fn attrs<'a>(&self, paragraphs: impl IntoIterator<Item = &'a str>) -> TokenStream {
        let text =
            paragraphs.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n");
        let lines = sanitize(&text);
        if lines.is_empty() {
            return TokenStream::new();
        }
        let Some(deferred) = &self.deferred else {
            return quote! { #( #[doc = #lines] )* };
        };
        let mut blocks = deferred.borrow_mut();
        blocks.push(lines);
        let placeholder = format!("{PLACEHOLDER}{}", blocks.len() - 1);
        quote! { #[doc = #placeholder] }
    }

    /// `formatted` with each placeholder line (`///\u{1}7`) replaced by its block's lines, at
    /// the placeholder's indentation. Only the marks are searched for, not every line: a file
    /// has a doc block for every twenty lines or so.
    pub fn expand(&self, formatted: &str) -> String {
        let Some(deferred) = &self.deferred else { return formatted.to_owned() };
        let blocks = deferred.borrow();
        let mut out = String::with_capacity(formatted.len() * 2);
        let mut rest = formatted;
        while let Some(mark) = rest.find(PLACEHOLDER) {
            let line_start = rest[..mark].rfind('\n').map_or(0, |newline| newline + 1);
            let line_end = rest[mark..].find('\n').map_or(rest.len(), |newline| mark + newline + 1);
            let (before, line, after) = (&rest[..line_start], &rest[line_start..line_end], &rest[line_end..]);
            out.push_str(before);
            match placeholder(line).and_then(|(indent, index)| Some((indent, blocks.get(index)?))) {
                Some((indent, lines)) => {
                    for doc in lines {
                        out.push_str(indent);
                        out.push_str("///");
                        out.push_str(doc.trim_end());
                        out.push('\n');
                    }
                }
                None => out.push_str(line),
            }
            rest = after;
        }
        out.push_str(rest);
        out
    }
}

/// A placeholder line's indentation and block index: `    ///\u{1}7` (with its newline, if any).
fn placeholder(line: &str) -> Option<(&str, usize)> {
    let text = line.trim_end_matches('\n');
    let code = text.trim_start();
    let index = code.strip_prefix("///")?.strip_prefix(PLACEHOLDER)?;
    Some((&text[..text.len() - code.len()], index.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(docs: &DocBlocks) -> String {
        let item = docs.attrs(["An item.", "Second paragraph."]);
        let field = docs.attrs(["A field with [brackets]."]);
        let tokens = quote! { #item pub struct S { #field pub f: u8 } };
        docs.expand(&prettyplease::unparse(&syn::parse2(tokens).unwrap()))
    }

    #[test]
    fn only_whole_placeholder_lines_are_expanded() {
        let docs = DocBlocks::deferred();
        docs.attrs(["First."]);
        docs.attrs(["Second.", "Its second paragraph."]);
        for (formatted, expected) in [
            ("///\u{1}0\n", "/// First.\n"),
            ("///\u{1}0", "/// First.\n"),
            (
                "fn f() {}\n    ///\u{1}1\n    fn g() {}\n",
                "fn f() {}\n    /// Second.\n    ///\n    /// Its second paragraph.\n    fn g() {}\n",
            ),
            (
                "///\u{1}1\n///\u{1}0\nstruct S;\n",
                "/// Second.\n///\n/// Its second paragraph.\n/// First.\nstruct S;\n",
            ),
            // Not a placeholder: an index with no block, text after the mark, a mark elsewhere.
            ("///\u{1}9\n", "///\u{1}9\n"),
            ("///\u{1}0 x\n", "///\u{1}0 x\n"),
            ("let s = \"\u{1}0\";\n", "let s = \"\u{1}0\";\n"),
            ("/// plain docs\nstruct T;\n", "/// plain docs\nstruct T;\n"),
        ] {
            assert_eq!(docs.expand(formatted), expected, "{formatted:?}");
        }
    }

    #[test]
    fn deferred_docs_come_back_where_their_placeholders_were_formatted() {
        let expected = "/// An item.\n///\n/// Second paragraph.\npub struct S {\n    /// A field with \\[brackets\\].\n    pub f: u8,\n}\n";
        assert_eq!(item(&DocBlocks::deferred()), expected);
        // Written inline, the same attributes format the same.
        assert_eq!(item(&DocBlocks::inline()), expected);
    }
}
