//! An indenting text buffer, so that emitters build files line by line without tracking
//! whitespace by hand.
//!
//! Large models produce files of tens of megabytes, about a million lines: a `String` per line
//! (`w.line(format!(…))`) is then most of an emitter's time. [`CodeWriter::line_fmt`] and
//! [`CodeWriter::line_with`] write a line straight into the buffer instead.

use std::fmt::{self, Write as _};

#[derive(Debug, Default)]
pub struct CodeWriter {
    out: String,
    level: usize,
    indent: &'static str,
    /// `indent` repeated `level` times, so a line's indentation is one copy.
    indentation: String,
}

impl CodeWriter {
    pub fn new(indent: &'static str) -> Self {
        CodeWriter {
            out: String::new(),
            level: 0,
            indent,
            indentation: String::new(),
        }
    }

    /// Writes one line at the current indentation. An empty `line` writes an empty line
    /// without trailing whitespace.
    pub fn line(&mut self, line: impl AsRef<str>) {
        let line = line.as_ref();
        if !line.is_empty() {
            self.out.push_str(&self.indentation);
            self.out.push_str(line);
        }
        self.out.push('\n');
    }

    /// Like [`CodeWriter::line`] for `format_args!(…)`: formats straight into the buffer.
    pub fn line_fmt(&mut self, args: fmt::Arguments<'_>) {
        match args.as_str() {
            Some(text) => self.line(text),
            // Writing into a `String` cannot fail.
            None => self.line_with(|out| {
                let _ = out.write_fmt(args);
            }),
        }
    }

    /// Writes one line whose text `text` appends to the buffer it is given (after the
    /// indentation). Like [`CodeWriter::line`], a line that stays empty gets no indentation.
    pub fn line_with(&mut self, text: impl FnOnce(&mut String)) {
        let start = self.out.len();
        self.out.push_str(&self.indentation);
        let indented = self.out.len();
        text(&mut self.out);
        if self.out.len() == indented {
            self.out.truncate(start);
        }
        self.out.push('\n');
    }

    /// Appends text that is already indented (whole lines, each ending in a newline), such as
    /// the [`CodeWriter::finish`]ed text of a writer created with [`CodeWriter::nested`].
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// An empty writer at this writer's indentation, for a part written separately and
    /// appended later with [`CodeWriter::raw`].
    pub fn nested(&self) -> CodeWriter {
        CodeWriter {
            out: String::new(),
            level: self.level,
            indent: self.indent,
            indentation: self.indentation.clone(),
        }
    }

    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    pub fn indent(&mut self) {
        self.level += 1;
        self.indentation.push_str(self.indent);
    }

    pub fn dedent(&mut self) {
        if self.level > 0 {
            self.level -= 1;
            self.indentation
                .truncate(self.indentation.len() - self.indent.len());
        }
    }

    /// Writes `open`, runs `body` one level deeper, then writes `close`.
    pub fn block(
        &mut self,
        open: impl AsRef<str>,
        close: impl AsRef<str>,
        body: impl FnOnce(&mut Self),
    ) {
        self.line(open);
        self.indent();
        body(self);
        self.dedent();
        self.line(close);
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::CodeWriter;

    #[test]
    fn indents_blocks() {
        let mut w = CodeWriter::new("    ");
        w.block("struct A {", "};", |w| w.line("int x;"));
        w.blank();
        assert_eq!(w.finish(), "struct A {\n    int x;\n};\n\n");
    }

    #[test]
    fn formatted_lines_are_indented_like_plain_ones() {
        let mut w = CodeWriter::new("  ");
        w.indent();
        let n = 3;
        w.line_fmt(format_args!("int x{n};"));
        w.line_fmt(format_args!("plain"));
        w.line_with(|out| out.push_str("built"));
        w.line_with(|_| {});
        w.line_fmt(format_args!("{}", ""));
        assert_eq!(w.finish(), "  int x3;\n  plain\n  built\n\n\n");
    }

    #[test]
    fn nested_parts_keep_the_indentation() {
        let mut w = CodeWriter::new("  ");
        w.indent();
        let mut part = w.nested();
        part.line("a");
        part.blank();
        w.line("first");
        w.raw(&part.finish());
        assert_eq!(w.finish(), "  first\n  a\n\n");
    }
}
