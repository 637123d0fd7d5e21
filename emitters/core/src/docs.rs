//! Turning Rust doc lines into the comment syntax of a target language.

use crate::model::Docs;

/// Lines of `docs` with trailing whitespace trimmed and leading/trailing blank lines dropped.
pub fn trimmed_lines(docs: &Docs) -> Vec<&str> {
    let lines: Vec<&str> = docs.lines.iter().map(|l| l.trim_end()).collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    lines[start..end].to_vec()
}

/// Escapes text for XML doc comments (C#).
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
    out
}

/// Makes text safe inside a C block comment (`*/` would end it early).
pub fn c_block_comment_safe(text: &str) -> String {
    text.replace("*/", "* /").replace("/*", "/ *")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_blank_edges() {
        let d = Docs::from_lines(["", " first", "", "second  ", ""]);
        assert_eq!(trimmed_lines(&d), vec![" first", "", "second"]);
    }

    #[test]
    fn escapes() {
        assert_eq!(xml_escape("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(c_block_comment_safe("x */ y"), "x * / y");
    }
}
