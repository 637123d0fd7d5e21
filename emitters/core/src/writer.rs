//! An indenting text buffer, so that emitters build files line by line without tracking
//! whitespace by hand.

#[derive(Debug, Default)]
pub struct CodeWriter {
    out: String,
    level: usize,
    indent: &'static str,
}

impl CodeWriter {
    pub fn new(indent: &'static str) -> Self {
        CodeWriter {
            out: String::new(),
            level: 0,
            indent,
        }
    }

    /// Writes one line at the current indentation. An empty `line` writes an empty line
    /// without trailing whitespace.
    pub fn line(&mut self, line: impl AsRef<str>) {
        let line = line.as_ref();
        if !line.is_empty() {
            for _ in 0..self.level {
                self.out.push_str(self.indent);
            }
            self.out.push_str(line);
        }
        self.out.push('\n');
    }

    pub fn blank(&mut self) {
        self.out.push('\n');
    }

    pub fn indent(&mut self) {
        self.level += 1;
    }

    pub fn dedent(&mut self) {
        self.level = self.level.saturating_sub(1);
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
}
