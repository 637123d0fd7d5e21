//! A per-module table of what each name means, built once from the scanned items, so that
//! name resolution never re-walks syntax trees. Modules of every crate in the set (the crate
//! being built and its opted-in dependencies) share one index space.

use std::collections::BTreeMap;
use syn::ext::IdentExt;

use super::crates::SourceSet;

/// A module path from the crate root (`[]` is the root).
pub type ModPath = Vec<String>;

/// Which item a name declares, with the index of the item in its module's item list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Struct,
    Enum,
    Union,
    TypeAlias,
    Const,
    Static,
    Fn,
}

impl ItemKind {
    pub fn is_type(self) -> bool {
        matches!(
            self,
            ItemKind::Struct | ItemKind::Enum | ItemKind::Union | ItemKind::TypeAlias
        )
    }

    pub fn is_value(self) -> bool {
        matches!(self, ItemKind::Const | ItemKind::Static | ItemKind::Fn)
    }
}

/// A reference to a declared item: module index into the source set's modules and item index
/// into that module's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemRef {
    pub module: usize,
    pub item: usize,
    pub kind: ItemKind,
}

/// One `use` leaf: `use a::b::C as D;` gives `name = "D"`, `path = ["a", "b", "C"]`.
#[derive(Clone, Debug)]
pub struct UseEntry {
    pub name: String,
    pub path: Vec<String>,
    pub leading_colon: bool,
    /// `pub use`: other crates can name the item through this module.
    pub public: bool,
}

/// `use a::b::*;`
#[derive(Clone, Debug)]
pub struct GlobEntry {
    pub path: Vec<String>,
    pub leading_colon: bool,
    pub public: bool,
}

#[derive(Debug, Default)]
pub struct ModuleScope {
    /// The crate the module belongs to (index into the source set's crates; 0 is the crate
    /// being built).
    pub krate: usize,
    pub path: ModPath,
    /// Declared items by name; a name can be both a type and a value (tuple structs are
    /// not tracked as values: nothing we evaluate calls them).
    pub types: BTreeMap<String, ItemRef>,
    pub values: BTreeMap<String, ItemRef>,
    pub modules: BTreeMap<String, usize>,
    pub uses: Vec<UseEntry>,
    pub globs: Vec<GlobEntry>,
}

/// Every module's scope, indexed like [`SourceSet::modules`].
#[derive(Debug)]
pub struct CrateIndex {
    pub scopes: Vec<ModuleScope>,
    /// `(crate, module path)` → module.
    by_path: BTreeMap<(usize, ModPath), usize>,
    /// Per crate: the extern-crate names its source can use → crate.
    externs: Vec<BTreeMap<String, usize>>,
}

impl CrateIndex {
    pub(super) fn build(set: &SourceSet<'_>) -> CrateIndex {
        let mut by_path = BTreeMap::new();
        for (i, m) in set.modules.iter().enumerate() {
            by_path.insert((set.module_crate[i], m.path.clone()), i);
        }
        let mut scopes = Vec::with_capacity(set.modules.len());
        for (module_index, m) in set.modules.iter().enumerate() {
            let krate = set.module_crate[module_index];
            let mut scope = ModuleScope {
                krate,
                path: m.path.clone(),
                ..ModuleScope::default()
            };
            for (item_index, item) in m.items.iter().enumerate() {
                let r = |kind| ItemRef {
                    module: module_index,
                    item: item_index,
                    kind,
                };
                match item {
                    syn::Item::Struct(s) => {
                        scope
                            .types
                            .insert(s.ident.unraw().to_string(), r(ItemKind::Struct));
                    }
                    syn::Item::Enum(e) => {
                        scope
                            .types
                            .insert(e.ident.unraw().to_string(), r(ItemKind::Enum));
                    }
                    syn::Item::Union(u) => {
                        scope
                            .types
                            .insert(u.ident.unraw().to_string(), r(ItemKind::Union));
                    }
                    syn::Item::Type(t) => {
                        scope
                            .types
                            .insert(t.ident.unraw().to_string(), r(ItemKind::TypeAlias));
                    }
                    syn::Item::Const(c) => {
                        scope
                            .values
                            .insert(c.ident.unraw().to_string(), r(ItemKind::Const));
                    }
                    syn::Item::Static(s) => {
                        scope
                            .values
                            .insert(s.ident.unraw().to_string(), r(ItemKind::Static));
                    }
                    syn::Item::Fn(f) => {
                        scope
                            .values
                            .insert(f.sig.ident.unraw().to_string(), r(ItemKind::Fn));
                    }
                    syn::Item::Mod(md) => {
                        let mut child = m.path.clone();
                        child.push(md.ident.unraw().to_string());
                        if let Some(&ci) = by_path.get(&(krate, child)) {
                            scope.modules.insert(md.ident.unraw().to_string(), ci);
                        }
                    }
                    // `extern crate a as b;` names crate `a` `b` (a leading `::` makes the
                    // path mean the crate, never a local item).
                    syn::Item::ExternCrate(e) if e.ident != "self" => {
                        let crate_name = e.ident.unraw().to_string();
                        scope.uses.push(UseEntry {
                            name: e
                                .rename
                                .as_ref()
                                .map_or_else(|| crate_name.clone(), |(_, r)| r.unraw().to_string()),
                            path: vec![crate_name],
                            leading_colon: true,
                            public: matches!(e.vis, syn::Visibility::Public(_)),
                        });
                    }
                    syn::Item::Use(u) => {
                        let from = UseFrom {
                            leading_colon: u.leading_colon.is_some(),
                            public: matches!(u.vis, syn::Visibility::Public(_)),
                        };
                        flatten_use(&u.tree, &mut Vec::new(), from, &mut scope);
                    }
                    _ => {}
                }
            }
            scopes.push(scope);
        }
        let externs = set.crates.iter().map(|c| c.externs.clone()).collect();
        CrateIndex {
            scopes,
            by_path,
            externs,
        }
    }

    /// The module at `path` inside the crate of module `within`.
    pub fn module_in(&self, within: usize, path: &[String]) -> Option<usize> {
        let krate = self.scopes.get(within)?.krate;
        self.by_path.get(&(krate, path.to_vec())).copied()
    }

    /// The root module of the crate an extern-crate name means in module `within`'s crate.
    pub fn extern_crate_root(&self, within: usize, name: &str) -> Option<usize> {
        let krate = self.scopes.get(within)?.krate;
        let target = *self.externs.get(krate)?.get(name)?;
        self.by_path.get(&(target, Vec::new())).copied()
    }
}

/// What a whole `use` item says about each of its leaves.
#[derive(Clone, Copy)]
struct UseFrom {
    leading_colon: bool,
    public: bool,
}

fn flatten_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    from: UseFrom,
    scope: &mut ModuleScope,
) {
    let UseFrom {
        leading_colon,
        public,
    } = from;
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            flatten_use(&p.tree, prefix, from, scope);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.unraw().to_string();
            let mut path = prefix.clone();
            // `use a::b::{self}` imports the module `b` under its own name.
            let local = if name == "self" {
                prefix.last().cloned().unwrap_or_default()
            } else {
                path.push(name.clone());
                name
            };
            scope.uses.push(UseEntry {
                name: local,
                path,
                leading_colon,
                public,
            });
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            if r.ident != "self" {
                path.push(r.ident.unraw().to_string());
            }
            let name = r.rename.unraw().to_string();
            if name != "_" {
                scope.uses.push(UseEntry {
                    name,
                    path,
                    leading_colon,
                    public,
                });
            }
        }
        syn::UseTree::Glob(_) => scope.globs.push(GlobEntry {
            path: prefix.clone(),
            leading_colon,
            public,
        }),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, from, scope);
            }
        }
    }
}
