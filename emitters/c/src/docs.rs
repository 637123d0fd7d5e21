//! Rust docs as C comments.
//!
//! Doc text is user input, so it is made harmless before it lands in a comment: `*/` would end
//! a block comment early, a line ending in `\` would splice the next line of code into a `//`
//! comment, and `??/` is the trigraph for `\` under `-std=c99`.

use interoptopus_core::docs::{c_block_comment_safe, trimmed_lines};
use interoptopus_core::model::Docs;
use interoptopus_core::writer::CodeWriter;

use crate::config::DocStyle;

/// Writes `docs` as a comment above the next line; nothing when they are empty.
pub(crate) fn write_docs(w: &mut CodeWriter, style: DocStyle, docs: &Docs) {
    let lines: Vec<String> = trimmed_lines(docs)
        .into_iter()
        .flat_map(|l| {
            l.split(['\n', '\r'])
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    write_comment(w, style, &dedent(&lines));
}

/// Removes the indentation all non-empty lines share: `/// text` may reach us with the space
/// after `///` still there, and relative indentation (code in docs) must survive.
fn dedent(lines: &[String]) -> Vec<String> {
    let common = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| l.get(common..).unwrap_or("").to_string())
        .collect()
}

/// Writes free-form comment lines in the configured style.
pub(crate) fn write_comment(w: &mut CodeWriter, style: DocStyle, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let lines: Vec<String> = lines.iter().map(|l| no_trigraphs(l.trim_end())).collect();
    // A trailing backslash is harmless only inside a block comment.
    let style = if lines.iter().any(|l| l.ends_with('\\')) {
        DocStyle::Block
    } else {
        style
    };
    match style {
        DocStyle::Line => {
            for l in &lines {
                if l.is_empty() {
                    w.line("//");
                } else {
                    w.line(format!("// {l}"));
                }
            }
        }
        DocStyle::Block => {
            let lines: Vec<String> = lines.iter().map(|l| c_block_comment_safe(l)).collect();
            if let [only] = lines.as_slice() {
                w.line(format!("/* {only} */"));
                return;
            }
            w.line("/*");
            for l in &lines {
                if l.is_empty() {
                    w.line(" *");
                } else {
                    w.line(format!(" * {l}"));
                }
            }
            w.line(" */");
        }
    }
}

/// Breaks every `??` so no trigraph can form.
fn no_trigraphs(line: &str) -> String {
    let mut out = line.to_string();
    while out.contains("??") {
        out = out.replace("??", "? ?");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(style: DocStyle, lines: &[&str]) -> String {
        let mut w = CodeWriter::new("    ");
        write_docs(&mut w, style, &Docs::from_lines(lines.iter().copied()));
        w.finish()
    }

    #[test]
    fn line_and_block() {
        assert_eq!(
            render(DocStyle::Line, &["", "a", "", "b", ""]),
            "// a\n//\n// b\n"
        );
        assert_eq!(render(DocStyle::Block, &["one"]), "/* one */\n");
        assert_eq!(
            render(DocStyle::Block, &["a", "", "b"]),
            "/*\n * a\n *\n * b\n */\n"
        );
        assert_eq!(render(DocStyle::Line, &[]), "");
        assert_eq!(
            render(DocStyle::Line, &[" a", "     code"]),
            "// a\n//     code\n"
        );
    }

    #[test]
    fn hostile_text_is_defused() {
        assert_eq!(
            render(DocStyle::Block, &["x */ y /* z"]),
            "/* x * / y / * z */\n"
        );
        assert_eq!(render(DocStyle::Line, &["what??/"]), "// what? ?/\n");
        assert_eq!(render(DocStyle::Line, &["path\\"]), "/* path\\ */\n");
        assert_eq!(render(DocStyle::Line, &["a\nb"]), "// a\n// b\n");
    }
}
