//! Rendering diagnostics with the offending source line, the way rustc shows its own.

use std::collections::BTreeMap;
use std::path::PathBuf;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};

/// Renders one diagnostic; `sources` supplies file contents for the source line.
pub fn render(diagnostic: &Diagnostic, sources: &BTreeMap<PathBuf, String>) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(diagnostic.message.as_str()));
    let located = diagnostic.location.as_ref().and_then(|loc| {
        let text = match sources.get(&loc.file) {
            Some(t) => t.clone(),
            None => std::fs::read_to_string(&loc.file).ok()?,
        };
        let line = text
            .lines()
            .nth(loc.line.checked_sub(1)? as usize)?
            .to_string();
        let start: usize = line
            .chars()
            .take(loc.column.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum();
        let len: usize = line[start.min(line.len())..]
            .chars()
            .take(loc.len.max(1) as usize)
            .map(char::len_utf8)
            .sum();
        Some((loc, line, start, len))
    });
    let path_text;
    if let Some((loc, line, start, len)) = &located {
        path_text = loc.file.display().to_string();
        let end = (start + len).min(line.len()).max(*start);
        group = group.element(
            Snippet::source(line.as_str())
                .line_start(loc.line as usize)
                .path(path_text.as_str())
                .annotation(AnnotationKind::Primary.span(*start..end)),
        );
    } else if let Some(loc) = &diagnostic.location {
        path_text = format!("{}:{}:{}", loc.file.display(), loc.line, loc.column);
        group = group.element(Level::NOTE.message(format!("at {path_text}")));
    }
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    let report: [Group<'_>; 1] = [group];
    Renderer::plain().render(&report).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;

    #[test]
    fn shows_file_line_and_hint() {
        let mut sources = BTreeMap::new();
        sources.insert(
            PathBuf::from("src/lib.rs"),
            "fn a() {}\npub extern \"C\" fn f(s: &str) {}\n".to_string(),
        );
        let d = Diagnostic::error("this type cannot cross the C ABI")
            .at(Location {
                file: PathBuf::from("src/lib.rs"),
                line: 2,
                column: 24,
                len: 4,
            })
            .hint("pass `*const c_char`");
        let text = render(&d, &sources);
        assert!(
            text.contains("error: this type cannot cross the C ABI"),
            "{text}"
        );
        assert!(text.contains("src/lib.rs:2:24"), "{text}");
        assert!(text.contains("pub extern \"C\" fn f(s: &str) {}"), "{text}");
        assert!(text.contains("^^^^"), "{text}");
        assert!(text.contains("help: pass `*const c_char`"), "{text}");
    }
}
