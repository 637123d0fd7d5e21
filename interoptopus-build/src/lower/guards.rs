//! Item guards: which preprocessor condition each model item exists under.
//!
//! The scan marks items whose cfg is a guarded predicate (see `scan/guard.rs`). Here:
//! - an item's *own* guard is its mark `&&` the marks of the modules around it (and of its
//!   `impl` block), set when the item is lowered;
//! - after sorting, guards *propagate*: a type needs the guards of every type it mentions
//!   (by value or behind a pointer), a function those of its parameter and return types, a
//!   static that of its type. So whenever an item is visible in C, everything it names is too,
//!   and emitters only read `guard`;
//! - an item whose propagated guard needs a macro both defined and undefined exists in no
//!   feature set: a located error, never a silently empty `#if`.

use std::collections::{BTreeMap, BTreeSet};

use interoptopus_core::model::{Guard, Model, TypeRef};
use syn::ext::IdentExt;

use super::Lowerer;
use crate::diagnostic::{Diagnostic, Location};
use crate::scan::item_guard;

impl Lowerer<'_> {
    /// The guard of every module: its `mod` item's mark `&&` its parent's guard. Modules come
    /// parents first (scan order), so one pass suffices.
    pub(super) fn module_guards(&self) -> Vec<Guard> {
        let modules = &self.sources.modules;
        let mut out: Vec<Guard> = Vec::with_capacity(modules.len());
        for (index, m) in modules.iter().enumerate() {
            let guard = match m.path.split_last() {
                None => Guard::default(),
                Some((name, parent_path)) => {
                    let parent = self.index.module_in(index, parent_path);
                    let parent_guard = parent.and_then(|p| out.get(p)).cloned().unwrap_or_default();
                    let own = parent
                        .and_then(|p| modules.get(p))
                        .and_then(|p| {
                            p.items.iter().find_map(|i| match i {
                                syn::Item::Mod(md) if md.ident.unraw() == name => {
                                    Some(item_guard(&md.attrs))
                                }
                                _ => None,
                            })
                        })
                        .unwrap_or_default();
                    parent_guard.and(&own)
                }
            };
            out.push(guard);
        }
        out
    }

    /// The own guard of an item with these attributes in `module`.
    pub(super) fn own_guard(&self, module: usize, attrs: &[syn::Attribute]) -> Guard {
        let around = self.module_guards.get(module).cloned().unwrap_or_default();
        around.and(&item_guard(attrs))
    }

    /// Two types of one name in one module can only both survive the scan when guards keep
    /// them (rustc would reject it otherwise); paths would resolve to one of them silently.
    pub(super) fn check_guarded_duplicates(&mut self) {
        let mut found = Vec::new();
        for (module, m) in self.sources.modules.iter().enumerate() {
            let mut seen: BTreeMap<String, Guard> = BTreeMap::new();
            for item in &m.items {
                let (ident, attrs) = match item {
                    syn::Item::Struct(s) => (&s.ident, &s.attrs),
                    syn::Item::Enum(e) => (&e.ident, &e.attrs),
                    syn::Item::Union(u) => (&u.ident, &u.attrs),
                    syn::Item::Type(t) => (&t.ident, &t.attrs),
                    _ => continue,
                };
                let name = ident.unraw().to_string();
                let guard = item_guard(attrs);
                if let Some(first) = seen.get(&name) {
                    found.push((module, ident.span(), name.clone(), first.clone(), guard));
                } else {
                    seen.insert(name, guard);
                }
            }
        }
        for (module, span, name, first, second) in found {
            self.error(
                module,
                span,
                format!(
                    "type `{name}` is defined twice in this module, under `{first}` and under `{second}`"
                ),
                "one header cannot declare a type two ways: define it once (a feature can change what its fields hold, not which fields it has), or give the definitions different Rust names",
            );
        }
    }

    /// The configured guard macros that some item uses, and a warning for each one that none
    /// does (a typo in the predicate, most likely).
    pub(super) fn used_guard_macros(
        &mut self,
        model: &Model,
    ) -> Vec<interoptopus_core::model::GuardMacro> {
        let mut used = BTreeSet::new();
        let guards = model
            .types
            .iter()
            .map(|t| &t.guard)
            .chain(model.functions.iter().map(|f| &f.guard))
            .chain(model.constants.iter().map(|c| &c.guard))
            .chain(model.statics.iter().map(|s| &s.guard));
        for g in guards {
            used.extend(g.all.iter().map(|c| c.macro_name.clone()));
        }
        let mut out = Vec::new();
        for m in self.guard_macros {
            if used.contains(&m.name) {
                out.push(m.clone());
            } else {
                self.warnings.push(
                    Diagnostic::warning(format!(
                        "cfg guard `{}` → `{}` matches no exported item",
                        m.predicate, m.name
                    ))
                    .hint("check the predicate's spelling against the crate's `#[cfg]`s; the whole `#[cfg(..)]` (or one operand of `all(..)`/`any(..)`/`not(..)`) must equal it"),
                );
            }
        }
        out
    }
}

/// Spreads guards from types to everything that mentions them (see the module docs); returns
/// an error for every item left with a contradictory guard.
pub(super) fn propagate(model: &mut Model, manifest_dir: &std::path::Path) -> Vec<Diagnostic> {
    let own_types: Vec<Guard> = model.types.iter().map(|t| t.guard.clone()).collect();
    let own_functions: Vec<Guard> = model.functions.iter().map(|f| f.guard.clone()).collect();
    let own_statics: Vec<Guard> = model.statics.iter().map(|s| s.guard.clone()).collect();
    // Types can mention each other in cycles (through pointers): iterate to the fixed point.
    // Guards only grow and the set of macros is finite, so this ends.
    loop {
        let mut changed = false;
        for i in 0..model.types.len() {
            let mut guard = model.types[i].guard.clone();
            for id in model.types[i].mentions() {
                if let Some(t) = model.types.get(id.0 as usize) {
                    guard = guard.and(&t.guard);
                }
            }
            if guard != model.types[i].guard {
                model.types[i].guard = guard;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let of = |model: &Model, ty: &TypeRef| {
        let mut g = Guard::default();
        ty.visit_named(&mut |id| {
            if let Some(t) = model.types.get(id.0 as usize) {
                g = g.and(&t.guard);
            }
        });
        g
    };
    for i in 0..model.functions.len() {
        let sig = &model.functions[i].sig;
        let mut g = of(model, &sig.ret);
        for p in &sig.params {
            g = g.and(&of(model, &p.ty));
        }
        model.functions[i].guard = model.functions[i].guard.and(&g);
    }
    for i in 0..model.statics.len() {
        let g = of(model, &model.statics[i].ty);
        model.statics[i].guard = model.statics[i].guard.and(&g);
    }

    let mut errors = Vec::new();
    let mut report = |rust_path: &str,
                      span: &interoptopus_core::model::Span,
                      own: &Guard,
                      all: &Guard| {
        if let Some(name) = all.contradiction() {
            errors.push(
                Diagnostic::error(format!(
                    "`{rust_path}` exists in no feature set: it is guarded by `{own}`, and the types it uses need `{all}`, so `{name}` would have to be both defined and undefined"
                ))
                .at(Location {
                    file: manifest_dir.join(&span.file),
                    line: span.line,
                    column: span.column,
                    len: 1,
                })
                .hint("give it the same cfg as the types it uses, or make those types exist in every feature set"),
            );
        }
    };
    for (t, own) in model.types.iter().zip(&own_types) {
        report(&t.rust_path, &t.span, own, &t.guard);
    }
    for (f, own) in model.functions.iter().zip(&own_functions) {
        report(&f.rust_path, &f.span, own, &f.guard);
    }
    for (s, own) in model.statics.iter().zip(&own_statics) {
        report(&s.rust_path, &s.span, own, &s.guard);
    }
    errors
}
