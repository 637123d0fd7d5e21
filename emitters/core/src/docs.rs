//! Turning Rust doc lines into the comment syntax of a target language.

use crate::model::{Deprecation, Docs, Model, TypeKind};

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

/// Appends `Deprecated: <note>` to the docs of every `#[deprecated]` item (types, enum
/// variants, functions, constants, statics), indented like the docs it joins, for emitters
/// whose language has no better place for the note (a C `#define`, a Python docstring).
pub fn add_deprecation_notes(model: &mut Model) {
    fn add(docs: &mut Docs, d: Option<&Deprecation>) {
        let Some(d) = d else {
            return;
        };
        // Lowered docs keep the space after `///` when the source has one.
        let indent: String = docs
            .lines
            .iter()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.chars().take_while(|c| *c == ' ').collect())
            .unwrap_or_default();
        if !docs.is_empty() {
            docs.lines.push(String::new());
        }
        docs.lines.push(format!("{indent}{}", d.doc_line()));
    }
    for t in &mut model.types {
        add(&mut t.docs, t.deprecated.as_ref());
        if let TypeKind::Enum { variants, .. } = &mut t.kind {
            for v in variants {
                add(&mut v.docs, v.deprecated.as_ref());
            }
        }
    }
    for f in &mut model.functions {
        add(&mut f.docs, f.deprecated.as_ref());
    }
    for c in &mut model.constants {
        add(&mut c.docs, c.deprecated.as_ref());
    }
    for s in &mut model.statics {
        add(&mut s.docs, s.deprecated.as_ref());
    }
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
