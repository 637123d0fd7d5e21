//! Rust doc comments → C# XML doc comments.
//!
//! Text is XML-escaped (docs are markup; a stray `<` would make `-doc` builds fail), inline
//! code spans become `<c>…</c>` and fenced blocks `<code>…</code>`. Items without docs get a
//! short generated summary naming the Rust item, so IDE tooltips always say where a binding
//! comes from.

use interoptopus_core::docs::{trimmed_lines, xml_escape};
use interoptopus_core::model::{Deprecation, Docs, PointerKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;

/// Writes `<summary>` from `docs`, or from `fallback` (plain text, escaped here) when empty.
pub(crate) fn summary(w: &mut CodeWriter, docs: &Docs, fallback: &str) {
    let lines = doc_xml(docs);
    match lines.len() {
        0 => w.line(format!("/// <summary>{}</summary>", inline(fallback))),
        1 => w.line(format!("/// <summary>{}</summary>", lines[0])),
        _ => {
            w.line("/// <summary>");
            for l in &lines {
                comment_line(w, l);
            }
            w.line("/// </summary>");
        }
    }
}

/// `[Obsolete("note")]` (or `[Obsolete]` without a note) for a `#[deprecated]` item; goes after
/// the doc comment, before the declaration. The generated file itself turns CS0612/CS0618 off
/// (see `lib.rs`), so only the user's own uses warn.
pub(crate) fn obsolete(w: &mut CodeWriter, deprecated: Option<&Deprecation>) {
    let Some(d) = deprecated else {
        return;
    };
    let message = d.message();
    if message.is_empty() {
        w.line("[Obsolete]");
    } else {
        w.line(format!(
            "[Obsolete(\"{}\")]",
            crate::functions::string_literal(&message)
        ));
    }
}

/// Writes a one-line `<summary>` from plain text.
pub(crate) fn summary_text(w: &mut CodeWriter, text: &str) {
    w.line(format!("/// <summary>{}</summary>", inline(text)));
}

/// `<param name="…">` with plain text; `name` may carry a keyword's `@`.
pub(crate) fn param(w: &mut CodeWriter, name: &str, text: &str) {
    w.line(format!(
        "/// <param name=\"{}\">{}</param>",
        crate::names::unescaped(name),
        inline(text)
    ));
}

pub(crate) fn returns(w: &mut CodeWriter, text: &str) {
    w.line(format!("/// <returns>{}</returns>", inline(text)));
}

pub(crate) fn remarks(w: &mut CodeWriter, text: &str) {
    w.line(format!("/// <remarks>{}</remarks>", inline(text)));
}

fn comment_line(w: &mut CodeWriter, l: &str) {
    if l.is_empty() {
        w.line("///");
    } else {
        w.line(format!("/// {l}"));
    }
}

/// Escapes plain text and turns `` `code` `` spans into `<c>code</c>`.
pub(crate) fn inline(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks cannot be paired; keep them as written.
    if parts.len() % 2 == 0 {
        return xml_escape(text);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<c>{}</c>", xml_escape(p))
            } else {
                xml_escape(p)
            }
        })
        .collect()
}

/// The doc lines as XML: dedented, escaped, code spans and fences converted.
fn doc_xml(docs: &Docs) -> Vec<String> {
    let lines = trimmed_lines(docs);
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(lines.len());
    let mut in_code = false;
    for l in lines {
        // Lines may start with multi-byte whitespace; only strip what is really there.
        let l = l.get(indent..).unwrap_or_else(|| l.trim_start());
        if l.trim_start().starts_with("```") {
            out.push(if in_code { "</code>" } else { "<code>" }.to_string());
            in_code = !in_code;
        } else if in_code {
            out.push(xml_escape(l));
        } else {
            out.push(inline(l));
        }
    }
    if in_code {
        out.push("</code>".to_string());
    }
    out
}

/// How Rust spelled a type use, for docs (`Option<&Vec3>`, `[u8; 3]`, `*mut Engine`).
pub(crate) fn rust_type(ctx: &Ctx<'_>, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Void => "()".to_string(),
        TypeRef::Primitive {
            primitive,
            non_zero,
        } => {
            let name = primitive.rust_name();
            if *non_zero {
                format!("NonZero<{name}>")
            } else {
                name.to_string()
            }
        }
        TypeRef::Pointer {
            pointee,
            mutable,
            nullable,
            pointer_kind,
        } => {
            let inner = match pointee.as_ref() {
                TypeRef::Void => "c_void".to_string(),
                other => rust_type(ctx, other),
            };
            let m = if *mutable { "mut " } else { "" };
            let base = match pointer_kind {
                PointerKind::Raw => {
                    return format!("*{} {inner}", if *mutable { "mut" } else { "const" })
                }
                PointerKind::Reference => format!("&{m}{inner}"),
                PointerKind::NonNull => format!("NonNull<{inner}>"),
                PointerKind::Boxed => format!("Box<{inner}>"),
            };
            if *nullable {
                format!("Option<{base}>")
            } else {
                base
            }
        }
        TypeRef::Array { element, len } => format!("[{}; {len}]", rust_type(ctx, element)),
        TypeRef::Named { id, nullable } => {
            let name = ctx
                .def(*id)
                .map_or_else(|| "?".to_string(), |d| short_path(&d.rust_path));
            if *nullable {
                format!("Option<{name}>")
            } else {
                name
            }
        }
    }
}

/// `crate::geometry::Pair<f32>` → `Pair<f32>`.
fn short_path(path: &str) -> String {
    let (head, generics) = match path.find('<') {
        Some(i) => path.split_at(i),
        None => (path, ""),
    };
    let last = head.rsplit("::").next().unwrap_or(head);
    format!("{last}{generics}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_converts_code() {
        assert_eq!(inline("a < b & `x<y>`"), "a &lt; b &amp; <c>x&lt;y&gt;</c>");
        assert_eq!(inline("odd ` tick"), "odd ` tick");
    }

    #[test]
    fn dedents_and_fences() {
        let d = Docs::from_lines([" Adds.", "", " ```", " let x = a < b;", " ```"]);
        assert_eq!(
            doc_xml(&d),
            vec!["Adds.", "", "<code>", "let x = a &lt; b;", "</code>"]
        );
    }

    #[test]
    fn short_paths() {
        assert_eq!(short_path("crate::geo::Pair<f32>"), "Pair<f32>");
        assert_eq!(short_path("Vec3"), "Vec3");
    }
}
