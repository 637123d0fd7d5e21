use serde::{Deserialize, Serialize};

/// What `#[deprecated]` on a Rust item says. Emitters mark the item deprecated in their
/// language (a C attribute macro, C#'s `[Obsolete]`, a Python `DeprecationWarning`); the
/// ABI is unchanged, so the API fingerprint ignores it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Deprecation {
    /// `since = "…"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    /// `note = "…"`, or the string of `#[deprecated = "…"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Deprecation {
    /// One line for a compiler message or a warning: the note, with the version when there
    /// is one (`use g instead (deprecated since 1.2)`); empty when the attribute said nothing.
    pub fn message(&self) -> String {
        let note = self
            .note
            .as_deref()
            .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|n| !n.is_empty());
        let since = self
            .since
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        match (note, since) {
            (Some(n), Some(s)) => format!("{n} (deprecated since {s})"),
            (Some(n), None) => n,
            (None, Some(s)) => format!("deprecated since {s}"),
            (None, None) => String::new(),
        }
    }

    /// A sentence for documentation: `Deprecated: <message>.` or `Deprecated.`
    pub fn doc_line(&self) -> String {
        let m = self.message();
        if m.is_empty() {
            "Deprecated.".to_string()
        } else {
            format!("Deprecated: {m}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Deprecation;

    fn d(since: Option<&str>, note: Option<&str>) -> Deprecation {
        Deprecation {
            since: since.map(Into::into),
            note: note.map(Into::into),
        }
    }

    #[test]
    fn messages() {
        assert_eq!(d(None, None).message(), "");
        assert_eq!(d(None, None).doc_line(), "Deprecated.");
        assert_eq!(d(None, Some("use  g\n instead")).message(), "use g instead");
        assert_eq!(d(Some("1.2"), None).message(), "deprecated since 1.2");
        assert_eq!(
            d(Some("1.2"), Some("use g")).doc_line(),
            "Deprecated: use g (deprecated since 1.2)"
        );
    }
}
