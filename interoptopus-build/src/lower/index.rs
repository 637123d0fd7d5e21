//! A per-module table of what each name means, built once from the scanned items, so that
//! name resolution never re-walks syntax trees.

use std::collections::BTreeMap;
use syn::ext::IdentExt;

use crate::scan::ScannedCrate;

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

/// A reference to a declared item: module index into `ScannedCrate::modules` and item index
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
}

/// `use a::b::*;`
#[derive(Clone, Debug)]
pub struct GlobEntry {
    pub path: Vec<String>,
    pub leading_colon: bool,
}

#[derive(Debug, Default)]
pub struct ModuleScope {
    pub path: ModPath,
    /// Declared items by name; a name can be both a type and a value (tuple structs are
    /// not tracked as values: nothing we evaluate calls them).
    pub types: BTreeMap<String, ItemRef>,
    pub values: BTreeMap<String, ItemRef>,
    pub modules: BTreeMap<String, usize>,
    pub uses: Vec<UseEntry>,
    pub globs: Vec<GlobEntry>,
}

/// Every module's scope, indexed like `ScannedCrate::modules`.
#[derive(Debug)]
pub struct CrateIndex {
    pub scopes: Vec<ModuleScope>,
    by_path: BTreeMap<ModPath, usize>,
}

impl CrateIndex {
    pub fn build(krate: &ScannedCrate) -> CrateIndex {
        let mut by_path = BTreeMap::new();
        for (i, m) in krate.modules.iter().enumerate() {
            by_path.insert(m.path.clone(), i);
        }
        let mut scopes = Vec::with_capacity(krate.modules.len());
        for (module_index, m) in krate.modules.iter().enumerate() {
            let mut scope = ModuleScope {
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
                        if let Some(&ci) = by_path.get(&child) {
                            scope.modules.insert(md.ident.unraw().to_string(), ci);
                        }
                    }
                    syn::Item::Use(u) => {
                        flatten_use(
                            &u.tree,
                            &mut Vec::new(),
                            u.leading_colon.is_some(),
                            &mut scope,
                        );
                    }
                    _ => {}
                }
            }
            scopes.push(scope);
        }
        CrateIndex { scopes, by_path }
    }

    pub fn module(&self, path: &[String]) -> Option<usize> {
        self.by_path.get(path).copied()
    }
}

fn flatten_use(
    tree: &syn::UseTree,
    prefix: &mut Vec<String>,
    leading_colon: bool,
    scope: &mut ModuleScope,
) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.unraw().to_string());
            flatten_use(&p.tree, prefix, leading_colon, scope);
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
                });
            }
        }
        syn::UseTree::Glob(_) => scope.globs.push(GlobEntry {
            path: prefix.clone(),
            leading_colon,
        }),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                flatten_use(t, prefix, leading_colon, scope);
            }
        }
    }
}
