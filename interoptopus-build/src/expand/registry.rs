//! Which macro a `name!` or `path::name!` invocation means, and whether it is one of ours.
//!
//! `macro_rules!` macros have two kinds of scope, and both are modelled:
//! - **textual** ([`Scope`]): a definition is visible after it, in the rest of its module and in
//!   child modules declared after it; a `#[macro_use] mod` keeps its macros visible after the
//!   `mod` item. The walk in `mod.rs` carries the scope along in source order.
//! - **path-based** ([`Registry`]): `#[macro_export]` puts a macro at the crate root
//!   (`crate::name!`, `$crate::name!`), and `pub(crate) use name;` next to a definition makes it
//!   an item of its module, imported elsewhere with `use crate::module::name;` or called as
//!   `crate::module::name!`.
//!
//! A path that does not lead into the crate (`println!`, `log::info!`, `::std::vec!`) is
//! someone else's macro: not an export of this crate, left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use syn::ext::IdentExt;
use syn::{Item, UseTree};

use super::definition::MacroDef;
use crate::scan::ScannedCrate;

/// The macros in textual scope at one point of the walk, by name; a later definition of the
/// same name shadows an earlier one.
pub(super) type Scope = BTreeMap<String, Rc<MacroDef>>;

/// The outcome of resolving an invocation's path.
pub(super) enum Resolved {
    Local(Rc<MacroDef>),
    /// Not a macro of this crate.
    Foreign,
    /// Names a macro defined in this crate that is not reachable from here.
    Unreachable,
}

/// Re-exports are followed at most this many times (a `use` cycle is an error rustc reports).
const MAX_HOPS: usize = 8;

/// Path-based facts about the crate's macros, gathered before the walk.
pub(super) struct Registry {
    exported: BTreeMap<String, Rc<MacroDef>>,
    /// The last top-level definition of each name in each module.
    defined: BTreeMap<(Vec<String>, String), Rc<MacroDef>>,
    uses: BTreeMap<Vec<String>, Vec<syn::ItemUse>>,
    modules: BTreeSet<Vec<String>>,
    names: BTreeSet<String>,
}

impl Registry {
    pub(super) fn build(krate: &ScannedCrate) -> Registry {
        let mut r = Registry {
            exported: BTreeMap::new(),
            defined: BTreeMap::new(),
            uses: BTreeMap::new(),
            modules: BTreeSet::new(),
            names: BTreeSet::new(),
        };
        for m in &krate.modules {
            r.modules.insert(m.path.clone());
            for item in &m.items {
                match item {
                    Item::Macro(mac) => {
                        let Some(def) = MacroDef::from_item(mac, &m.file) else {
                            continue;
                        };
                        let def = Rc::new(def);
                        r.names.insert(def.name.clone());
                        if mac.attrs.iter().any(|a| a.path().is_ident("macro_export")) {
                            r.exported.insert(def.name.clone(), Rc::clone(&def));
                        }
                        r.defined.insert((m.path.clone(), def.name.clone()), def);
                    }
                    Item::Use(u) => r.uses.entry(m.path.clone()).or_default().push(u.clone()),
                    _ => {}
                }
            }
        }
        r
    }

    /// Resolves the macro path of an invocation in `module` with `scope` in textual scope.
    pub(super) fn resolve(&self, module: &[String], path: &syn::Path, scope: &Scope) -> Resolved {
        if path.leading_colon.is_some() {
            return Resolved::Foreign;
        }
        let segments: Vec<String> = path
            .segments
            .iter()
            .map(|s| s.ident.unraw().to_string())
            .collect();
        if let [name] = segments.as_slice() {
            if let Some(def) = scope.get(name) {
                return Resolved::Local(Rc::clone(def));
            }
            if let Some(found) = self.imported(module, name, 0) {
                return found;
            }
            if module.is_empty() {
                if let Some(def) = self.exported.get(name) {
                    return Resolved::Local(Rc::clone(def));
                }
            }
            return if self.names.contains(name) {
                Resolved::Unreachable
            } else {
                Resolved::Foreign
            };
        }
        self.by_path(module, &segments, 0)
    }

    /// `a::b::name` seen from `module`.
    fn by_path(&self, module: &[String], segments: &[String], hops: usize) -> Resolved {
        let Some((name, prefix)) = segments.split_last() else {
            return Resolved::Foreign;
        };
        let Some(target) = self.module_of(module, prefix) else {
            return Resolved::Foreign;
        };
        if target.is_empty() {
            if let Some(def) = self.exported.get(name) {
                return Resolved::Local(Rc::clone(def));
            }
        }
        if let Some(def) = self.defined.get(&(target.clone(), name.clone())) {
            return Resolved::Local(Rc::clone(def));
        }
        if hops < MAX_HOPS {
            if let Some(found) = self.imported(&target, name, hops + 1) {
                return found;
            }
        }
        Resolved::Unreachable
    }

    /// The crate module a path prefix names from `module`, if it names one: `crate::…`,
    /// `self::…`, `super::…`, a child module (2018 paths) or a module at the root (2015 paths).
    fn module_of(&self, module: &[String], prefix: &[String]) -> Option<Vec<String>> {
        let (mut path, rest) = match prefix.split_first() {
            None => (module.to_vec(), prefix),
            Some((first, rest)) => match first.as_str() {
                "crate" => (Vec::new(), rest),
                "self" | "super" => (module.to_vec(), prefix),
                _ => {
                    let mut relative = module.to_vec();
                    relative.push(first.clone());
                    if self.modules.contains(&relative) {
                        (relative, rest)
                    } else if self.modules.contains(std::slice::from_ref(first)) {
                        (vec![first.clone()], rest)
                    } else {
                        return None;
                    }
                }
            },
        };
        for s in rest {
            match s.as_str() {
                "self" => {}
                "super" => {
                    path.pop()?;
                }
                _ => path.push(s.clone()),
            }
        }
        self.modules.contains(&path).then_some(path)
    }

    /// What a `use` in `module` binds to `name`, if any `use` there binds it.
    fn imported(&self, module: &[String], name: &str, hops: usize) -> Option<Resolved> {
        let mut globs = Vec::new();
        for u in self.uses.get(module).into_iter().flatten() {
            if u.leading_colon.is_some() {
                continue;
            }
            let mut leaves = Vec::new();
            use_leaves(&u.tree, &mut Vec::new(), &mut leaves);
            for leaf in leaves {
                match leaf {
                    UseLeaf::Named { path, bound } if bound == name => {
                        return Some(self.by_path(module, &path, hops));
                    }
                    UseLeaf::Glob(prefix) => globs.push(prefix),
                    UseLeaf::Named { .. } => {}
                }
            }
        }
        for mut prefix in globs {
            prefix.push(name.to_string());
            if let Resolved::Local(def) = self.by_path(module, &prefix, hops) {
                return Some(Resolved::Local(def));
            }
        }
        None
    }
}

enum UseLeaf {
    /// `use a::b::c;` or `use a::b::c as bound;`: `path` is `[a, b, c]`.
    Named { path: Vec<String>, bound: String },
    /// `use a::b::*;`: the prefix `[a, b]`.
    Glob(Vec<String>),
}

fn use_leaves(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseLeaf>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            use_leaves(&p.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let name = n.ident.unraw().to_string();
            let mut path = prefix.clone();
            path.push(name.clone());
            out.push(UseLeaf::Named { path, bound: name });
        }
        UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(r.ident.unraw().to_string());
            out.push(UseLeaf::Named {
                path,
                bound: r.rename.unraw().to_string(),
            });
        }
        UseTree::Glob(_) => out.push(UseLeaf::Glob(prefix.clone())),
        UseTree::Group(g) => {
            for t in &g.items {
                use_leaves(t, prefix, out);
            }
        }
    }
}
