//! Cfg predicates kept as preprocessor guards, so one C header serves several feature sets.
//!
//! `Builder::cfg_guard("feature = \"serde\"", "MYLIB_SERDE")` makes the scan keep items whose
//! cfg mentions that predicate whether or not it holds in this build; the item is marked with
//! a `#[interoptopus_cfg_guard("MYLIB_SERDE")]` attribute in place of its `cfg` (rustc never
//! sees it: only our syntax trees carry it), and lowering turns the marks into model guards.
//!
//! A cfg is resolved in parts: a sub-predicate equal (in normal form, see `predicate.rs`) to a
//! configured one becomes the condition `defined(MACRO)`; every other part is evaluated for
//! this build now. The result must be a conjunction, because an item guard is one:
//! - `feature = "a"` → `defined(A)`; `not(feature = "a")` → `!defined(A)`;
//! - `all(feature = "a", unix)` → `defined(A)` on unix, removed elsewhere;
//!   `all(feature = "a", not(feature = "b"))` → `defined(A) && !defined(B)`;
//! - `any(feature = "a", windows)` → `defined(A)` where `windows` is false, always kept where
//!   it is true;
//! - an `any(..)` left with two guarded operands, or a `not(..)` of two, would need `||`: a
//!   located error whose hint is to guard that whole predicate with a macro of its own (a
//!   configured predicate is matched as a whole first, so `any(feature = "a", feature = "b")`
//!   can have its own macro).
//!
//! `cfg_attr` predicates are always evaluated for this build: an attribute that exists only
//! under a feature (`no_mangle`, `repr`) cannot be expressed by a guard around the item.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Attribute, LitStr, Meta};

use interoptopus_core::model::{Guard, GuardCondition, GuardMacro};

use super::cfg::CfgContext;
use super::predicate::{parse_text, NormalPredicate, Predicate, PredicateKind};
use crate::diagnostic::Diagnostic;

/// The attribute that marks a guarded item in the scanned syntax.
pub(crate) const GUARD_ATTR: &str = "interoptopus_cfg_guard";

/// One configured guard: a predicate and its macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GuardRule {
    pub predicate: Predicate,
    pub normal: NormalPredicate,
    /// The predicate as configured, for docs and messages.
    pub text: String,
    pub macro_name: String,
}

/// What a cfg predicate leaves for an item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// Decided for this build.
    Known(bool),
    /// Kept under these conditions (never empty).
    Guarded(Vec<GuardCondition>),
}

impl CfgContext {
    /// Keeps items under `predicate` (cfg syntax: `feature = "serde"`, `all(unix, feature =
    /// "x")`) whatever this build says, guarded by `macro_name` in the C header.
    ///
    /// Errors: a predicate that does not parse, a macro name that is not a C identifier, and a
    /// predicate or macro configured twice.
    pub fn guard(mut self, predicate: &str, macro_name: &str) -> Result<Self, Diagnostic> {
        let context = |d: Diagnostic| Diagnostic {
            message: format!(
                "cfg guard `{predicate}` → `{macro_name}`: cannot read the predicate: {}",
                d.message
            ),
            ..d
        };
        let parsed = parse_text(predicate).map_err(context)?;
        if !is_c_identifier(macro_name) {
            return Err(Diagnostic::error(format!(
                "cfg guard `{predicate}` → `{macro_name}`: the macro name is not a C identifier"
            ))
            .hint("use letters, digits and `_`, not starting with a digit (e.g. `MYLIB_SERDE`)"));
        }
        let normal = parsed.normal();
        if let Some(other) = self.guards.iter().find(|g| g.normal == normal) {
            return Err(Diagnostic::error(format!(
                "cfg guard `{predicate}` is configured twice (as `{}` and `{macro_name}`)",
                other.macro_name
            ))
            .hint("map each predicate to one macro"));
        }
        if let Some(other) = self.guards.iter().find(|g| g.macro_name == macro_name) {
            return Err(Diagnostic::error(format!(
                "macro `{macro_name}` guards two predicates: `{}` and `{predicate}`",
                other.text
            ))
            .hint("give each predicate a macro of its own, or guard `any(..)` of both"));
        }
        self.guards.push(GuardRule {
            predicate: parsed,
            normal,
            text: predicate.trim().to_owned(),
            macro_name: macro_name.to_owned(),
        });
        Ok(self)
    }

    /// Every configured guard macro with whether its predicate holds here, sorted by name.
    pub fn guard_macros(&self) -> Vec<GuardMacro> {
        let mut out: Vec<GuardMacro> = self
            .guards
            .iter()
            .map(|g| GuardMacro {
                name: g.macro_name.clone(),
                predicate: g.text.clone(),
                defined: self.holds(&g.predicate),
            })
            .collect();
        out.sort();
        out
    }

    pub(crate) fn has_guards(&self) -> bool {
        !self.guards.is_empty()
    }

    /// Resolves a predicate against this build and the configured guards (module docs).
    pub(crate) fn resolve(
        &self,
        file: &std::path::Path,
        p: &Predicate,
    ) -> Result<Resolved, Diagnostic> {
        if !self.has_guards() {
            return Ok(Resolved::Known(self.holds(p)));
        }
        let normal = p.normal();
        if let Some(rule) = self.guards.iter().find(|g| g.normal == normal) {
            return Ok(Resolved::Guarded(vec![GuardCondition::new(
                &rule.macro_name,
                false,
            )]));
        }
        let too_wide = |what: &str| {
            Diagnostic::error(format!(
                "{what} over guarded predicates would need `||` between guard macros; an item's guard can only be `&&` of `defined(..)` tests"
            ))
            .at_span(file, p.span)
            .hint(format!(
                "guard this whole predicate with a macro of its own: `.cfg_guard(r#\"{normal}\"#, \"NAME\")`"
            ))
        };
        match &p.kind {
            PredicateKind::Flag(_) | PredicateKind::NameValue(..) => {
                Ok(Resolved::Known(self.holds(p)))
            }
            PredicateKind::Not(inner) => match self.resolve(file, inner)? {
                Resolved::Known(b) => Ok(Resolved::Known(!b)),
                Resolved::Guarded(mut conditions) if conditions.len() == 1 => {
                    let mut c = conditions.remove(0);
                    c.negated = !c.negated;
                    Ok(Resolved::Guarded(vec![c]))
                }
                Resolved::Guarded(_) => Err(too_wide("`not(..)` of several conditions")),
            },
            PredicateKind::All(ps) => {
                let mut conditions = Vec::new();
                let mut holds = true;
                for p in ps {
                    match self.resolve(file, p)? {
                        Resolved::Known(b) => holds &= b,
                        Resolved::Guarded(cs) => conditions.extend(cs),
                    }
                }
                let guard = Guard::new(conditions);
                Ok(if !holds || guard.contradiction().is_some() {
                    Resolved::Known(false)
                } else if guard.is_always() {
                    Resolved::Known(true)
                } else {
                    Resolved::Guarded(guard.all)
                })
            }
            PredicateKind::Any(ps) => {
                let mut guarded = Vec::new();
                let mut holds = false;
                for p in ps {
                    match self.resolve(file, p)? {
                        Resolved::Known(b) => holds |= b,
                        Resolved::Guarded(cs) => guarded.push(cs),
                    }
                }
                guarded.sort();
                guarded.dedup();
                match (holds, guarded.len()) {
                    (true, _) => Ok(Resolved::Known(true)),
                    (false, 0) => Ok(Resolved::Known(false)),
                    (false, 1) => Ok(Resolved::Guarded(guarded.remove(0))),
                    (false, _) => Err(too_wide("`any(..)`")),
                }
            }
        }
    }

    /// The macro of a condition with its predicate, for messages: `MYLIB_A (feature = "a")`.
    pub(crate) fn describe(&self, conditions: &[GuardCondition]) -> String {
        conditions
            .iter()
            .map(|c| {
                let text = self
                    .guards
                    .iter()
                    .find(|g| g.macro_name == c.macro_name)
                    .map_or(String::new(), |g| format!(" (`{}`)", g.text));
                let bang = if c.negated { "!" } else { "" };
                format!("{bang}defined({}){text}", c.macro_name)
            })
            .collect::<Vec<_>>()
            .join(" && ")
    }
}

/// The marker attribute for an item kept under `conditions`.
pub(crate) fn guard_attribute(conditions: &[GuardCondition], span: Span) -> Attribute {
    let mut tokens = proc_macro2::TokenStream::new();
    for (i, c) in conditions.iter().enumerate() {
        if i > 0 {
            let comma = proc_macro2::Punct::new(',', proc_macro2::Spacing::Alone);
            tokens.extend([proc_macro2::TokenTree::Punct(comma)]);
        }
        let bang = if c.negated { "!" } else { "" };
        let mut lit = proc_macro2::Literal::string(&format!("{bang}{}", c.macro_name));
        lit.set_span(span);
        tokens.extend([proc_macro2::TokenTree::Literal(lit)]);
    }
    Attribute {
        pound_token: syn::Token![#](span),
        style: syn::AttrStyle::Outer,
        bracket_token: syn::token::Bracket(span),
        meta: Meta::List(syn::MetaList {
            path: syn::Ident::new(GUARD_ATTR, span).into(),
            delimiter: syn::MacroDelimiter::Paren(syn::token::Paren(span)),
            tokens,
        }),
    }
}

/// The guard of an item from its marker attributes (several are `&&`-ed: a module file's
/// `#![cfg]` adds one to its `mod` item's own).
pub fn item_guard(attrs: &[Attribute]) -> Guard {
    let mut conditions = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident(GUARD_ATTR)) {
        let Ok(list) = a.parse_args_with(Punctuated::<LitStr, syn::Token![,]>::parse_terminated)
        else {
            continue; // only `guard_attribute` writes these
        };
        for lit in list {
            let text = lit.value();
            match text.strip_prefix('!') {
                Some(name) => conditions.push(GuardCondition::new(name, true)),
                None => conditions.push(GuardCondition::new(text, false)),
            }
        }
    }
    Guard::new(conditions)
}

/// Gives `item` the guard marks in `from` (an item written by a guarded macro invocation
/// exists under the invocation's guard).
pub(crate) fn inherit_guard(from: &[Attribute], item: &mut syn::Item) {
    let marks: Vec<&Attribute> = from
        .iter()
        .filter(|a| a.path().is_ident(GUARD_ATTR))
        .collect();
    if marks.is_empty() {
        return;
    }
    if let Some(attrs) = super::strip::item_attrs(item) {
        attrs.extend(marks.into_iter().cloned());
    }
}

fn is_c_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
