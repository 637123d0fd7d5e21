//! Located errors and warnings, rendered the way rustc renders its own.

use std::path::PathBuf;

/// A place in a source file. Lines and columns are 1-based; columns count characters.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
    /// Characters to underline on that line (at least 1).
    pub len: u32,
}

impl Location {
    /// The location of a syn/proc-macro2 span inside `file`. Needs proc-macro2's
    /// `span-locations` feature, which this crate enables.
    pub fn from_span(file: &std::path::Path, span: proc_macro2::Span) -> Location {
        let start = span.start();
        let end = span.end();
        let len = if end.line == start.line && end.column > start.column {
            (end.column - start.column) as u32
        } else {
            1
        };
        Location {
            file: file.to_path_buf(),
            line: start.line as u32,
            column: start.column as u32 + 1,
            len,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the user's crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            location: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn at_span(self, file: &std::path::Path, span: proc_macro2::Span) -> Self {
        self.at(Location::from_span(file, span))
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.message)?;
        if let Some(loc) = &self.location {
            write!(
                f,
                "\n  --> {}:{}:{}",
                loc.file.display(),
                loc.line,
                loc.column
            )?;
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = help: {hint}")?;
        }
        Ok(())
    }
}
