//! Rust doc comments → C# XML doc comments.
//!
//! Text is XML-escaped (docs are markup; a stray `<` would make `-doc` builds fail), inline
//! code spans become `<c>…</c>` and fenced blocks `<code>…</code>`. Items without docs get a
//! short generated summary naming the Rust item, so IDE tooltips always say where a binding
//! comes from.

use std::fmt::{self, Display, Write as _};

use interoptopus_core::docs::{trimmed_lines, xml_escape};
use interoptopus_core::model::{Deprecation, Docs, PointerKind, TypeRef};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;

/// Writes `<summary>` from `docs`, or from `fallback` (plain text, escaped here) when empty.
pub(crate) fn summary(w: &mut CodeWriter, docs: &Docs, fallback: impl Display) {
    if docs.is_empty() {
        return summary_text(w, fallback);
    }
    let lines = doc_xml(docs);
    match lines.len() {
        0 => summary_text(w, fallback),
        1 => w.line_fmt(format_args!("/// <summary>{}</summary>", lines[0])),
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
pub(crate) fn summary_text(w: &mut CodeWriter, text: impl Display) {
    tagged_line(w, "/// <summary>", text, "</summary>");
}

/// `<param name="…">` with plain text; `name` may carry a keyword's `@`.
pub(crate) fn param(w: &mut CodeWriter, name: &str, text: impl Display) {
    let name = crate::names::unescaped(name);
    tagged_line(
        w,
        format_args!("/// <param name=\"{name}\">"),
        text,
        "</param>",
    );
}

pub(crate) fn returns(w: &mut CodeWriter, text: impl Display) {
    tagged_line(w, "/// <returns>", text, "</returns>");
}

pub(crate) fn remarks(w: &mut CodeWriter, text: impl Display) {
    tagged_line(w, "/// <remarks>", text, "</remarks>");
}

/// One comment line: `open`, the plain `text` as XML (see [`inline_into`]), `close`.
fn tagged_line(w: &mut CodeWriter, open: impl Display, text: impl Display, close: &str) {
    w.line_with(|out| {
        // Writing into a `String` cannot fail.
        let _ = write!(out, "{open}");
        inline_into(out, text);
        out.push_str(close);
    });
}

fn comment_line(w: &mut CodeWriter, l: &str) {
    if l.is_empty() {
        w.line("///");
    } else {
        w.line_fmt(format_args!("/// {l}"));
    }
}

/// Escapes plain text and turns `` `code` `` spans into `<c>code</c>`.
pub(crate) fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    inline_into(&mut out, text);
    out
}

/// Appends `text` escaped, with `` `code` `` spans as `<c>code</c>`, formatting it straight
/// into `out` (generated summaries are `format_args!`, so no `String` is made for them).
pub(crate) fn inline_into(out: &mut String, text: impl Display) {
    let start = out.len();
    let mut xml = InlineXml {
        out: &mut *out,
        code_spans: true,
        ticks: 0,
    };
    // Writing into a `String` cannot fail.
    let _ = write!(xml, "{text}");
    if xml.ticks % 2 == 1 {
        // An odd number of backticks cannot be paired; keep them as written.
        out.truncate(start);
        let mut plain = InlineXml {
            out,
            code_spans: false,
            ticks: 0,
        };
        let _ = write!(plain, "{text}");
    }
}

/// Escapes what is written through it; with `code_spans`, backticks alternately open and
/// close `<c>`.
struct InlineXml<'a> {
    out: &'a mut String,
    code_spans: bool,
    /// Backticks seen so far.
    ticks: usize,
}

impl fmt::Write for InlineXml<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut rest = s;
        while let Some(i) = rest
            .bytes()
            .position(|b| matches!(b, b'`' | b'<' | b'>' | b'&'))
        {
            self.out.push_str(&rest[..i]);
            let replacement = match rest.as_bytes()[i] {
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'&' => "&amp;",
                _ => {
                    self.ticks += 1;
                    match (self.code_spans, self.ticks % 2) {
                        (false, _) => "`",
                        (true, 1) => "<c>",
                        (true, _) => "</c>",
                    }
                }
            };
            self.out.push_str(replacement);
            rest = &rest[i + 1..];
        }
        self.out.push_str(rest);
        Ok(())
    }
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

/// How Rust spelled a type use, for docs (`Option<&Vec3>`, `[u8; 3]`, `*mut Engine`); a
/// `Display` value, so it is written straight into the line that shows it.
pub(crate) fn rust_type<'a>(ctx: &'a Ctx<'a>, ty: &'a TypeRef) -> RustType<'a> {
    RustType { ctx, ty }
}

pub(crate) struct RustType<'a> {
    ctx: &'a Ctx<'a>,
    ty: &'a TypeRef,
}

impl Display for RustType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = |ty| rust_type(self.ctx, ty);
        match self.ty {
            TypeRef::Void => f.write_str("()"),
            TypeRef::Primitive {
                primitive,
                non_zero,
            } => {
                let name = primitive.rust_name();
                if *non_zero {
                    write!(f, "NonZero<{name}>")
                } else {
                    f.write_str(name)
                }
            }
            TypeRef::Pointer {
                pointee,
                mutable,
                nullable,
                pointer_kind,
            } => {
                let pointee = inner(pointee);
                let pointee: &dyn Display = match pointee.ty {
                    TypeRef::Void => &"c_void",
                    _ => &pointee,
                };
                let m = if *mutable { "mut " } else { "" };
                if *pointer_kind == PointerKind::Raw {
                    let m = if *mutable { "mut" } else { "const" };
                    return write!(f, "*{m} {pointee}");
                }
                if *nullable {
                    f.write_str("Option<")?;
                }
                match pointer_kind {
                    PointerKind::Raw | PointerKind::Reference => write!(f, "&{m}{pointee}"),
                    PointerKind::NonNull => write!(f, "NonNull<{pointee}>"),
                    PointerKind::Boxed => write!(f, "Box<{pointee}>"),
                }?;
                if *nullable {
                    f.write_str(">")?;
                }
                Ok(())
            }
            TypeRef::Array { element, len } => write!(f, "[{}; {len}]", inner(element)),
            TypeRef::Named { id, nullable } => {
                let path = self.ctx.def(*id).map(|d| d.rust_path.as_str());
                let name = path.map_or("?", short_path);
                if *nullable {
                    write!(f, "Option<{name}>")
                } else {
                    f.write_str(name)
                }
            }
        }
    }
}

/// `crate::geometry::Pair<f32>` → `Pair<f32>`.
fn short_path(path: &str) -> &str {
    let head = path.find('<').map_or(path, |i| &path[..i]);
    match head.rfind("::") {
        Some(i) => &path[i + 2..],
        None => path,
    }
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
