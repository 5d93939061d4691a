//! Doc text: spec text made safe for rustdoc (the lines of `#[doc = " …"]` attributes, which
//! `doc_blocks` writes), code spans, and constraints in words.

use crate::ir::{Bound, Constraints};

/// Makes spec text safe for rustdoc: no intra-doc links from `[..]`, no raw HTML, no bare URLs,
/// and no code fences that rustdoc would compile as doctests.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut in_fence = false;
    // The marker width of the list item the current paragraph continues, if any.
    let mut item_indent: Option<usize> = None;
    text.lines()
        .map(|line| {
            // Tabs render at the reader's width (and `clippy::tabs_in_doc_comments` refuses them).
            let expanded = line.trim().replace('\t', "    ");
            let line = expanded.as_str();
            if let Some(rest) = line.strip_prefix("```") {
                in_fence = !in_fence;
                return if in_fence && rest.trim().is_empty() {
                    " ```text".to_owned()
                } else {
                    format!(" {line}")
                };
            }
            if line.is_empty() {
                item_indent = None;
                return String::new();
            }
            let escaped = escape_line(line);
            if in_fence {
                return escaped;
            }
            if let Some(width) = list_marker_width(line) {
                item_indent = Some(width);
                return escaped;
            }
            // A line that continues a list item is indented under it, as Markdown (and
            // `clippy::doc_lazy_continuation`) expects; trimming took its indentation away.
            match item_indent {
                Some(width) => format!(" {}{}", " ".repeat(width), &escaped[1..]),
                None => escaped,
            }
        })
        .collect()
}

/// `- `, `* `, `+ ` or `1. `/`1) ` starting a list item: the marker's width with its space.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|marker| line.starts_with(marker)) {
        return Some(2);
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

/// The line after a space, escaped outside its code spans. A code span is copied as it is:
/// Markdown takes its text literally, so an escape there would show (a pattern's `\.` would
/// render as `\\.`).
fn escape_line(line: &str) -> String {
    let mut escaped = String::with_capacity(line.len() + 8);
    escaped.push(' ');
    let mut rest = line;
    while let Some(open) = rest.find('`') {
        let ticks = rest[open..].len() - rest[open..].trim_start_matches('`').len();
        let after_open = open + ticks;
        escape_text(&rest[..open], &mut escaped);
        match closing_ticks(&rest[after_open..], ticks) {
            Some(close) => {
                let end = after_open + close + ticks;
                escaped.push_str(&rest[open..end]);
                rest = &rest[end..];
            }
            // An unclosed run of backticks is literal text.
            None => {
                escaped.push_str(&rest[open..after_open]);
                rest = &rest[after_open..];
            }
        }
    }
    escape_text(rest, &mut escaped);
    escaped
}

/// Where a run of exactly `ticks` backticks starts in `text`, closing a code span.
fn closing_ticks(text: &str, ticks: usize) -> Option<usize> {
    let mut from = 0;
    while let Some(start) = text[from..].find('`').map(|i| from + i) {
        let run = text[start..].len() - text[start..].trim_start_matches('`').len();
        if run == ticks {
            return Some(start);
        }
        from = start + run;
    }
    None
}

/// Text outside code spans: no intra-doc links, no raw HTML, bare URLs linked.
fn escape_text(text: &str, out: &mut String) {
    let start = out.len();
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(ch),
        }
    }
    if out[start..].contains("http") {
        let wrapped = wrap_urls(&out[start..]);
        out.truncate(start);
        out.push_str(&wrapped);
    }
}

/// `text` as a Markdown code span, fenced with more backticks than it holds in a row.
pub fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // Markdown strips one space from each end of a span that has one at both: pad the text so
    // that strips the padding, which also keeps a leading or trailing backtick off the fence.
    let stripped = text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty();
    let pad = if longest > 0 || stripped { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
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
        if before.ends_with('(') {
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
        rules.push(format!("matches the pattern {}", code_span(&p.source)));
    }
    match (c.min_length, c.max_length) {
        (Some(min), Some(max)) => rules.push(format!("{min} to {max} {}", plural(max, "character"))),
        (Some(min), None) => rules.push(format!("at least {min} {}", plural(min, "character"))),
        (None, Some(max)) => rules.push(format!("at most {max} {}", plural(max, "character"))),
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
        (Some(min), Some(max)) => rules.push(format!("{min} to {max} {}", plural(max, "item"))),
        (Some(min), None) => rules.push(format!("at least {min} {}", plural(min, "item"))),
        (None, Some(max)) => rules.push(format!("at most {max} {}", plural(max, "item"))),
        (None, None) => {}
    }
    if c.unique_items {
        rules.push("items are unique".to_owned());
    }
    if !c.allowed.is_empty() {
        let values: Vec<String> = c.allowed.iter().map(|v| code_span(&v.to_string())).collect();
        rules.push(format!("one of {}", values.join(", ")));
    }
    if let Some(f) = &c.format {
        rules.push(format!("a valid {}", code_span(f)));
    }
    (!rules.is_empty()).then(|| format!("Constraints: {}.", rules.join("; ")))
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 { noun.to_owned() } else { format!("{noun}s") }
}

fn bound_words(bound: Bound, exclusive: &str, inclusive: &str) -> String {
    format!("{} {}", if bound.exclusive { exclusive } else { inclusive }, bound.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Pattern, PatternMatching};

    #[test]
    fn lines_that_continue_a_list_item_are_indented_under_it() {
        for (text, expected) in [
            ("- a\nb\n\nc", vec![" - a", "   b", "", " c"]),
            ("1. one\n   more\n2) two\nrest", vec![" 1. one", "    more", " 2) two", "    rest"]),
            ("no list\nhere", vec![" no list", " here"]),
            ("-not a list", vec![" -not a list"]),
            ("$TTL\t3600", vec![" $TTL    3600"]),
        ] {
            assert_eq!(sanitize(text), expected, "{text:?}");
        }
    }
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
    fn constraints_in_words() {
        let pattern = Pattern { source: "^a$".into(), matching: PatternMatching::Regex("^a$".into()) };
        let c = Constraints { pattern: Some(pattern), max_length: Some(32), ..Default::default() };
        assert_eq!(
            describe_constraints(&c).unwrap(),
            "Constraints: matches the pattern `^a$`; at most 32 characters."
        );
        let c = Constraints {
            minimum: Some(Bound { value: crate::ir::Limit::Integer(1000), exclusive: false }),
            ..Default::default()
        };
        assert_eq!(describe_constraints(&c).unwrap(), "Constraints: at least 1000.");
        assert_eq!(describe_constraints(&Constraints::default()), None);
    }
}

/// Doc text as rustdoc renders it (CommonMark): what a reader sees.
#[cfg(test)]
mod rendered {
    use super::*;
    use crate::ir::{Pattern, PatternMatching};
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Parser};

    /// The text of each code span of the doc lines, as rendered.
    fn code_spans(lines: &[String]) -> Vec<String> {
        let text: Vec<&str> = lines.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
        Parser::new(&text.join("\n"))
            .filter_map(|event| match event {
                Event::Code(code) => Some(code.into_string()),
                _ => None,
            })
            .collect()
    }

    /// The plain text of the doc lines, as rendered (escapes undone, code spans as text).
    fn plain_text(lines: &[String]) -> String {
        let text: Vec<&str> = lines.iter().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
        Parser::new(&text.join("\n"))
            .filter_map(|event| match event {
                Event::Text(t) | Event::Code(t) => Some(t.into_string()),
                Event::Html(h) | Event::InlineHtml(h) => Some(h.into_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn real_patterns_render_as_written() {
        for pattern in [
            r"^(([0-9]+(\.[0-9]*)?|\.[0-9]+)[mh])+$",
            r"^[-+]?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$",
            r"^(?!\.$|\.\.$)[-_.A-Za-z0-9]+$",
            r"^[^<>]*$",
            "^`[a-z]+`$",
            "` x",
        ] {
            let rule = Pattern { source: pattern.into(), matching: PatternMatching::Ecma { unicode: true } };
            let c = Constraints { pattern: Some(rule), ..Default::default() };
            let lines = sanitize(&describe_constraints(&c).unwrap());
            assert_eq!(code_spans(&lines), [pattern], "{lines:?}");
        }
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        for (c, expected) in [
            (Constraints { min_items: Some(1), ..Default::default() }, "Constraints: at least 1 item."),
            (Constraints { min_items: Some(2), ..Default::default() }, "Constraints: at least 2 items."),
            (
                Constraints { min_length: Some(0), max_length: Some(1), ..Default::default() },
                "Constraints: 0 to 1 character.",
            ),
            (
                Constraints { max_length: Some(32), ..Default::default() },
                "Constraints: at most 32 characters.",
            ),
        ] {
            assert_eq!(describe_constraints(&c).unwrap(), expected);
        }
    }

    proptest! {
        /// Any text in a code span renders as written, and the text around it too.
        #[test]
        fn code_spans_and_text_render_as_written(
            before in "[a-z \\[\\]<>\\\\]{0,12}",
            code in "[a-z `\\[\\]<>\\\\.*]{0,16}",
        ) {
            prop_assume!(!code.trim().is_empty());
            let line = format!("{before}{}", code_span(&code));
            let lines = sanitize(&line);
            prop_assert_eq!(code_spans(&lines), vec![code.clone()]);
            // Outside the span, escapes and entities render back to the spec's text.
            let rendered = plain_text(&lines);
            let written = format!("{before}{code}");
            prop_assert_eq!(rendered.trim_start(), written.trim_start());
        }
    }
}
