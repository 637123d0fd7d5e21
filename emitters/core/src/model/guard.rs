use serde::{Deserialize, Serialize};

/// The preprocessor condition an item exists under, for a header that serves several feature
/// sets (`Builder::cfg_guard` maps a cfg predicate to a macro name).
///
/// A conjunction: the item exists when every condition holds. Empty means always. Conditions
/// are sorted and without duplicates, so two guards are equal exactly when they mean the
/// same thing and output built from them is deterministic.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Guard {
    pub all: Vec<GuardCondition>,
}

/// `defined(MACRO)`, or `!defined(MACRO)` when `negated`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GuardCondition {
    #[serde(rename = "macro")]
    pub macro_name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub negated: bool,
}

/// One guard macro: the cfg predicate it stands for, and whether that predicate holds in the
/// build the model was generated from (the library that was built defines it, so to speak).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct GuardMacro {
    pub name: String,
    /// The predicate as configured (`feature = "serde"`), for docs.
    pub predicate: String,
    /// Whether the predicate holds for the build's target and features.
    pub defined: bool,
}

impl GuardCondition {
    pub fn new(macro_name: impl Into<String>, negated: bool) -> Self {
        GuardCondition {
            macro_name: macro_name.into(),
            negated,
        }
    }

    /// Whether the condition holds when exactly the macros `defined` says are defined.
    pub fn holds(&self, defined: &dyn Fn(&str) -> bool) -> bool {
        defined(&self.macro_name) != self.negated
    }
}

impl Guard {
    /// A guard from conditions in any order (sorted and deduplicated here).
    pub fn new(conditions: impl IntoIterator<Item = GuardCondition>) -> Self {
        let mut all: Vec<GuardCondition> = conditions.into_iter().collect();
        all.sort();
        all.dedup();
        Guard { all }
    }

    /// No condition: the item exists in every build.
    pub fn is_always(&self) -> bool {
        self.all.is_empty()
    }

    /// Both guards at once.
    pub fn and(&self, other: &Guard) -> Guard {
        Guard::new(self.all.iter().chain(&other.all).cloned())
    }

    /// Whether every condition of `other` is one of this guard's (this one is at least as
    /// strict).
    pub fn implies(&self, other: &Guard) -> bool {
        other.all.iter().all(|c| self.all.contains(c))
    }

    /// A macro required both defined and undefined: the guard never holds.
    pub fn contradiction(&self) -> Option<&str> {
        self.all
            .iter()
            .find(|c| {
                !c.negated
                    && self
                        .all
                        .iter()
                        .any(|d| d.negated && d.macro_name == c.macro_name)
            })
            .map(|c| c.macro_name.as_str())
    }

    /// Whether the two guards can never hold at once (one needs a macro the other excludes).
    pub fn excludes(&self, other: &Guard) -> bool {
        self.all.iter().any(|c| {
            other
                .all
                .iter()
                .any(|d| d.macro_name == c.macro_name && d.negated != c.negated)
        })
    }

    /// Whether the guard holds when exactly the macros `defined` says are defined.
    pub fn holds(&self, defined: &dyn Fn(&str) -> bool) -> bool {
        self.all.iter().all(|c| c.holds(defined))
    }

    /// `defined(A) && !defined(B)`: the C preprocessor spelling (`1` for no condition).
    pub fn to_c_condition(&self) -> String {
        if self.all.is_empty() {
            return "1".into();
        }
        self.all
            .iter()
            .map(|c| {
                let bang = if c.negated { "!" } else { "" };
                format!("{bang}defined({})", c.macro_name)
            })
            .collect::<Vec<_>>()
            .join(" && ")
    }
}

impl std::fmt::Display for Guard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_c_condition())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(conditions: &[(&str, bool)]) -> Guard {
        Guard::new(conditions.iter().map(|(m, n)| GuardCondition::new(*m, *n)))
    }

    #[test]
    fn normalised_combined_and_evaluated() {
        let a = g(&[("B", true), ("A", false), ("A", false)]);
        assert_eq!(a, g(&[("A", false), ("B", true)]));
        assert_eq!(a.to_c_condition(), "defined(A) && !defined(B)");
        assert!(a.holds(&|m| m == "A"));
        assert!(!a.holds(&|_| true));
        assert!(!a.holds(&|_| false));
        assert_eq!(Guard::default().to_c_condition(), "1");
        let both = a.and(&g(&[("C", false)]));
        assert!(both.implies(&a) && !a.implies(&both));
        assert_eq!(both.contradiction(), None);
        assert_eq!(a.and(&g(&[("A", true)])).contradiction(), Some("A"));
        assert!(a.excludes(&g(&[("B", false)])));
        assert!(!a.excludes(&g(&[("C", true)])));
    }
}
