//! `#[deprecated]` items: an attribute macro in front of their declarations, and a line in
//! their docs.
//!
//! The header defines two function-like macros under `#ifndef` (so a project can define them
//! first, as nothing to silence the warnings, or as something else): `<NAME>("note")` goes at
//! the start of a declaration — the one position GCC/Clang (`__attribute__`), MSVC
//! (`__declspec`) and C++14 (`[[deprecated]]`) all accept for functions, `extern` objects and
//! typedefs — and `<NAME>_ENUMERATOR("note")` after an enumerator's name, where only
//! GCC/Clang and C++17 accept an attribute. Elsewhere they expand to nothing. A `#define`
//! constant cannot carry an attribute, so it is marked in its docs only.
//!
//! A deprecated type may be used by other declarations of the header; those uses must not
//! warn (the header has to compile with `-Werror`), so the header body turns the deprecation
//! warning off between a push and a pop, and only the including program's own uses warn.

use interoptopus_core::model::{Deprecation, Model};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_comment;

/// The longest string literal a C89 compiler must accept is 509 bytes (`-pedantic` warns
/// beyond); notes are cut well before.
const MAX_NOTE_BYTES: usize = 400;

/// `NAME("note") ` to put in front of a declaration, or nothing.
pub(crate) fn prefix(ctx: &Ctx<'_>, deprecated: Option<&Deprecation>) -> String {
    match (deprecated, &ctx.names.deprecated) {
        (Some(d), Some((name, _))) => format!("{name}({}) ", string_literal(&d.message())),
        _ => String::new(),
    }
}

/// ` NAME_ENUMERATOR("note")` to put after an enumerator's name, or nothing.
pub(crate) fn enumerator_suffix(ctx: &Ctx<'_>, deprecated: Option<&Deprecation>) -> String {
    match (deprecated, &ctx.names.deprecated) {
        (Some(d), Some((_, name))) => format!(" {name}({})", string_literal(&d.message())),
        _ => String::new(),
    }
}

/// The macro definitions, after the includes; nothing when no item is deprecated.
pub(crate) fn write_macros(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let Some((name, enumerator)) = &ctx.names.deprecated else {
        return;
    };
    let style = ctx.config.doc_style_value();
    write_comment(
        w,
        style,
        &[
            format!("`{name}(note)` marks what the Rust library deprecated,"),
            format!("`{enumerator}(note)` its enumerators. Define them before"),
            "including this header to change them (as nothing to silence the warnings).".into(),
        ],
    );
    w.line(format!("#ifndef {name}"));
    w.line("#if defined(__GNUC__) || defined(__clang__)");
    w.line(format!(
        "#define {name}(note) __attribute__((deprecated(note)))"
    ));
    w.line("#elif defined(_MSC_VER)");
    w.line(format!("#define {name}(note) __declspec(deprecated(note))"));
    w.line("#elif defined(__cplusplus) && __cplusplus >= 201402L");
    w.line(format!("#define {name}(note) [[deprecated(note)]]"));
    w.line("#else");
    w.line(format!("#define {name}(note)"));
    w.line("#endif");
    w.line("#endif");
    w.line(format!("#ifndef {enumerator}"));
    w.line("#if defined(__GNUC__) || defined(__clang__)");
    w.line(format!(
        "#define {enumerator}(note) __attribute__((deprecated(note)))"
    ));
    w.line("#elif defined(__cplusplus) && __cplusplus >= 201703L");
    w.line(format!("#define {enumerator}(note) [[deprecated(note)]]"));
    w.line("#else");
    w.line(format!("#define {enumerator}(note)"));
    w.line("#endif");
    w.line("#endif");
    w.blank();
}

/// Whether the header declares a deprecated type (which its own declarations may use).
pub(crate) fn has_deprecated_types(model: &Model) -> bool {
    model.types.iter().any(|t| t.deprecated.is_some())
}

/// Turns the deprecation warning off for the header's own declarations (`push`) or back on
/// (`pop`).
pub(crate) fn write_silence(w: &mut CodeWriter, on: bool) {
    if on {
        w.line("#if defined(__GNUC__) || defined(__clang__)");
        w.line("#pragma GCC diagnostic push");
        w.line("#pragma GCC diagnostic ignored \"-Wdeprecated-declarations\"");
        w.line("#elif defined(_MSC_VER)");
        w.line("#pragma warning(push)");
        w.line("#pragma warning(disable: 4996)");
        w.line("#endif");
    } else {
        w.line("#if defined(__GNUC__) || defined(__clang__)");
        w.line("#pragma GCC diagnostic pop");
        w.line("#elif defined(_MSC_VER)");
        w.line("#pragma warning(pop)");
        w.line("#endif");
    }
}

/// A C string literal any C89 compiler reads: printable ASCII as is, `"`, `\` and `?` (which
/// could start a trigraph) escaped, every other byte in octal; cut at a character boundary
/// when long.
pub(crate) fn string_literal(text: &str) -> String {
    let mut out = String::from("\"");
    let mut body = 0usize;
    for ch in text.chars() {
        let mut piece = String::new();
        match ch {
            '"' | '\\' | '?' => {
                piece.push('\\');
                piece.push(ch);
            }
            ' '..='~' => piece.push(ch),
            _ => {
                let mut buf = [0u8; 4];
                for b in ch.encode_utf8(&mut buf).bytes() {
                    piece.push_str(&format!("\\{b:03o}"));
                }
            }
        }
        if body + piece.len() > MAX_NOTE_BYTES {
            out.push_str("...");
            break;
        }
        body += piece.len();
        out.push_str(&piece);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::string_literal;

    #[test]
    fn notes_become_safe_literals() {
        assert_eq!(string_literal("use g"), "\"use g\"");
        assert_eq!(
            string_literal("say \"hi\" \\ ??/"),
            "\"say \\\"hi\\\" \\\\ \\?\\?/\""
        );
        assert_eq!(string_literal("é\n"), "\"\\303\\251\\012\"");
        let long = string_literal(&"x".repeat(1000));
        assert_eq!(long.len(), 400 + 5);
        assert!(long.ends_with("...\""));
    }
}
