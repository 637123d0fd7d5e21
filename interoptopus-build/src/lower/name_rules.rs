//! Renames and explicit includes from the configuration: the escape hatches for crates whose
//! C names differ from their Rust names, and for items nothing would export on its own.
//!
//! A rename changes the exported name of a type or constant at the place it is defined, so
//! every use (fields, parameters, generic instances, patterns) follows without being rewritten.
//! Functions and statics cannot be renamed: their name is the symbol the library exports.
//! Every rule must match something; a rule that matches nothing is an error at the rule, since
//! a stale rename is otherwise invisible.

use super::index::ItemKind;
use super::resolve::{Entity, Namespace};
use super::types::{Position, TypeScope};
use super::Lowerer;
use crate::diagnostic::{Diagnostic, Location};

/// One rule: `rust_path` → `name` for a rename, or just `rust_path` for an include.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameRule {
    /// `crate::module::Item`, without generic arguments.
    pub rust_path: String,
    /// The new exported name (empty for an include).
    pub name: String,
    /// Where the rule was written (the configuration file), when it was written in one.
    pub origin: Option<Location>,
}

impl NameRule {
    /// A rule set in code (`Builder::rename`, `Builder::include`): no location to point at.
    pub fn new(rust_path: impl Into<String>, name: impl Into<String>) -> NameRule {
        NameRule {
            rust_path: rust_path.into(),
            name: name.into(),
            origin: None,
        }
    }

    fn error(&self, message: String, hint: &str) -> Diagnostic {
        let mut d = Diagnostic::error(message).hint(hint);
        if let Some(o) = &self.origin {
            d = d.at(o.clone());
        }
        d
    }
}

impl Lowerer<'_> {
    /// The configured name for the item at `rust_path` (generic arguments ignored), marking the
    /// rule as used.
    pub(super) fn renamed(&mut self, rust_path: &str) -> Option<String> {
        let base = rust_path.split('<').next().unwrap_or(rust_path);
        let index = self
            .options
            .renames
            .iter()
            .position(|r| r.rust_path == base)?;
        self.rules_used.insert(index);
        Some(self.options.renames[index].name.clone())
    }

    /// Whether `rust_path` is listed in `include`.
    pub(super) fn is_included(&self, rust_path: &str) -> bool {
        self.options
            .include
            .iter()
            .any(|r| r.rust_path == rust_path)
    }

    /// Lowers the types listed in `include` as roots. Constants are picked up by the root walk
    /// (which asks [`Self::is_included`]), so only their existence is checked here.
    pub(super) fn lower_included(&mut self) {
        let options = self.options;
        for rule in &options.include {
            let segments: Vec<String> = rule.rust_path.split("::").map(str::to_string).collect();
            match self.index.resolve(0, &segments, false, Namespace::Type) {
                Some(Entity::Item(item)) if item.kind.is_type() => {
                    let Ok(ty) = syn::parse_str::<syn::Type>(&rule.rust_path) else {
                        continue;
                    };
                    let scope = TypeScope {
                        module: 0,
                        generics: &[],
                        self_ty: None,
                    };
                    let _ = self.lower_type(&ty, scope, Position::Pointee);
                }
                _ => {
                    let value = self.index.resolve(0, &segments, false, Namespace::Value);
                    let is_const =
                        matches!(value, Some(Entity::Item(item)) if item.kind == ItemKind::Const);
                    if !is_const {
                        self.errors.push(rule.error(
                            format!(
                                "`{}` names no type or constant of this crate",
                                rule.rust_path
                            ),
                            "include lists types and constants by their path from the crate root",
                        ));
                    }
                }
            }
        }
    }

    /// Reports renames that matched no exported type or constant.
    pub(super) fn check_rules_used(&mut self) {
        let options = self.options;
        for (index, rule) in options.renames.iter().enumerate() {
            if self.rules_used.contains(&index) {
                continue;
            }
            let is_symbol = self
                .model
                .functions
                .iter()
                .map(|f| &f.rust_path)
                .chain(self.model.statics.iter().map(|s| &s.rust_path))
                .any(|p| *p == rule.rust_path);
            self.errors.push(if is_symbol {
                rule.error(
                    format!(
                        "`{}` is a function or static: its name is the exported symbol",
                        rule.rust_path
                    ),
                    "rename it in Rust (`#[export_name = \"…\"]`); renames apply to types and constants",
                )
            } else {
                rule.error(
                    format!(
                        "rename of `{}`: no exported type or constant has this path",
                        rule.rust_path
                    ),
                    "write the path where the item is defined (not a `use`), from the crate root",
                )
            });
        }
    }
}
