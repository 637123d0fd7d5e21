//! Rust doc comments as Python docstrings (PEP 257 layout).

use std::borrow::Cow;

use interoptopus_core::docs::trimmed_lines;
use interoptopus_core::model::Docs;
use interoptopus_core::writer::CodeWriter;

/// Lines of `docs`, dedented by their common indentation and made safe inside `"""…"""`.
fn lines(docs: &Docs) -> Vec<Cow<'_, str>> {
    let raw = trimmed_lines(docs);
    let indent = raw
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    raw.iter()
        .map(|l| escape(l.get(indent..).unwrap_or("").trim_end()))
        .collect()
}

/// Backslashes would start escapes and `"""` would end the docstring.
fn escape(line: &str) -> Cow<'_, str> {
    if !line.contains(['\\', '"']) {
        return Cow::Borrowed(line);
    }
    let mut out = line.replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    // A final quote would merge with the closing `"""`; escape it unless it already is (an
    // odd number of backslashes before it).
    if let Some(body) = out.strip_suffix('"') {
        let slashes = body.len() - body.trim_end_matches('\\').len();
        if slashes % 2 == 0 {
            out.pop();
            out.push_str("\\\"");
        }
    }
    Cow::Owned(out)
}

/// Writes a docstring for `docs` followed by `extra` lines; nothing if both are empty.
/// Returns whether anything was written.
pub(crate) fn docstring(w: &mut CodeWriter, docs: &Docs, extra: &[String]) -> bool {
    let mut all = lines(docs);
    if !extra.is_empty() {
        if !all.is_empty() {
            all.push(Cow::Borrowed(""));
        }
        all.extend(extra.iter().map(|l| escape(l)));
    }
    match all.as_slice() {
        [] => return false,
        [one] => w.line_fmt(format_args!("\"\"\"{one}\"\"\"")),
        [first, rest @ ..] => {
            w.line_fmt(format_args!("\"\"\"{first}"));
            for l in rest {
                w.line(l);
            }
            w.line("\"\"\"");
        }
    }
    true
}

/// `#:` comments (Sphinx's convention for documenting attributes and enum members).
pub(crate) fn comment(w: &mut CodeWriter, docs: &Docs) {
    for l in lines(docs) {
        if l.is_empty() {
            w.line("#:");
        } else {
            w.line(format!("#: {l}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(docs: &[&str]) -> String {
        let mut w = CodeWriter::new("    ");
        docstring(&mut w, &Docs::from_lines(docs.iter().copied()), &[]);
        w.finish()
    }

    #[test]
    fn one_and_many_lines() {
        assert_eq!(render(&[" A point."]), "\"\"\"A point.\"\"\"\n");
        assert_eq!(
            render(&[" First.", "", "   code"]),
            "\"\"\"First.\n\n  code\n\"\"\"\n"
        );
        assert_eq!(render(&[]), "");
    }

    #[test]
    fn escapes_quotes_and_backslashes() {
        assert_eq!(
            render(&["say \"\"\"hi\"\"\""]),
            "\"\"\"say \\\"\\\"\\\"hi\\\"\\\"\\\"\"\"\"\n"
        );
        assert_eq!(render(&["a \\n \"b\""]), "\"\"\"a \\\\n \"b\\\"\"\"\"\n");
    }
}
