//! Exports of dependency crates that the crate being built re-exports.
//!
//! A library that is only `pub use dep::*;` (drop-in C libraries split into an `-sys` crate and
//! a thin cdylib) exports the dependency's `#[no_mangle]` functions: the linker keeps every
//! exported symbol of the crates a cdylib links, and the `pub use` is how its author says
//! they are the API. So public `use`s of the crate being built that reach into an opted-in
//! dependency make the items they name roots, following the dependency's own public
//! re-exports (a private module re-exported item by item) as far as they go. Dependency items
//! that nothing re-exports stay out, as before.

use std::collections::BTreeSet;

use super::functions::FnSite;
use super::index::{ItemKind, ItemRef};
use super::resolve::{Entity, Namespace};
use super::Lowerer;

impl Lowerer<'_> {
    pub(super) fn collect_reexported_roots(&mut self) {
        let mut visited_modules = BTreeSet::new();
        let mut visited_items = BTreeSet::new();
        // Re-exports the crate's users can see: in the root or in public modules.
        let mut todo: Vec<usize> = (0..self.sources.modules.len())
            .filter(|m| self.sources.is_main(*m) && self.is_public_module(*m))
            .collect();
        while let Some(module) = todo.pop() {
            let scope = &self.index.scopes[module];
            let uses: Vec<(Vec<String>, bool)> = scope
                .uses
                .iter()
                .filter(|u| u.public)
                .map(|u| (u.path.clone(), u.leading_colon))
                .collect();
            let globs: Vec<(Vec<String>, bool)> = scope
                .globs
                .iter()
                .filter(|g| g.public)
                .map(|g| (g.path.clone(), g.leading_colon))
                .collect();
            for (path, leading_colon) in uses {
                let found = self
                    .index
                    .resolve(module, &path, leading_colon, Namespace::Value)
                    .or_else(|| {
                        self.index
                            .resolve(module, &path, leading_colon, Namespace::Module)
                    });
                match found {
                    Some(Entity::Item(item))
                        if !self.sources.is_main(item.module) && visited_items.insert(item) =>
                    {
                        self.lower_reexported(item);
                    }
                    Some(Entity::Module(m))
                        if !self.sources.is_main(m) && visited_modules.insert(m) =>
                    {
                        self.lower_module_exports(m, &mut visited_items);
                        todo.push(m);
                    }
                    _ => {}
                }
            }
            for (path, leading_colon) in globs {
                let Some(Entity::Module(m)) =
                    self.index
                        .resolve(module, &path, leading_colon, Namespace::Module)
                else {
                    continue;
                };
                if !self.sources.is_main(m) && visited_modules.insert(m) {
                    self.lower_module_exports(m, &mut visited_items);
                    todo.push(m);
                }
            }
        }
    }

    /// Whether users of the crate can name module `m`: each `mod` on its path is `pub`.
    fn is_public_module(&self, m: usize) -> bool {
        let path = &self.module(m).path;
        (1..=path.len()).all(|depth| {
            let Some(parent) = self.index.module_in(m, &path[..depth - 1]) else {
                return false;
            };
            self.module(parent).items.iter().any(|i| {
                matches!(i, syn::Item::Mod(md)
                    if md.ident == path[depth - 1].as_str()
                        && matches!(md.vis, syn::Visibility::Public(_)))
            })
        })
    }

    /// The public root items written in dependency module `m` (its re-exports are followed by
    /// the caller).
    fn lower_module_exports(&mut self, m: usize, visited: &mut BTreeSet<ItemRef>) {
        let scope = &self.index.scopes[m];
        let items: Vec<ItemRef> = scope.values.values().copied().collect();
        for item in items {
            if item.module == m && visited.insert(item) {
                self.lower_reexported(item);
            }
        }
    }

    fn lower_reexported(&mut self, item: ItemRef) {
        let syn_item = self.item(item);
        match (item.kind, syn_item) {
            (ItemKind::Fn, syn::Item::Fn(f)) => {
                let site = FnSite {
                    guard: Default::default(),
                    module: item.module,
                    self_ty: None,
                    owner_path: self.rust_path(item.module, ""),
                };
                self.lower_root_fn(&f.attrs, &f.sig, &site);
            }
            (ItemKind::Const, syn::Item::Const(c)) => self.lower_root_const(c, item.module),
            (ItemKind::Static, syn::Item::Static(s)) => self.lower_root_static(s, item.module),
            _ => {}
        }
    }
}
