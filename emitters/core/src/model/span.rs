use serde::{Deserialize, Serialize};

/// Where an item was written, so that every diagnostic (and every consumer of the JSON model)
/// can point back at the source.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// Path of the file, relative to the crate's manifest directory when it lies inside it.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (in characters).
    pub column: u32,
}

impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// Documentation lines as written in `///` or `#[doc = "…"]`, one entry per line, with the one
/// leading space rustdoc strips already removed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Docs {
    pub lines: Vec<String>,
}

impl Docs {
    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(|l| l.trim().is_empty())
    }

    pub fn from_lines<I, S>(lines: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Docs {
            lines: lines.into_iter().map(Into::into).collect(),
        }
    }
}
