//! How the crate being built spells a type in Rust, for the layout checks rustc runs in it
//! (`interoptopus::layout_checks!()` at the crate root).
//!
//! A type of the crate itself is named by its definition path (`crate::a::T`) when every
//! module on the way is visible to the root. A dependency's type is usually defined in a
//! private module and re-exported (`mod point; pub use point::Point;`), so its definition
//! path is no use there: [`Lowerer::dependency_path`] searches the dependency's public paths
//! instead, the way rustdoc finds where an item can be named.

use std::collections::{BTreeSet, VecDeque};

use interoptopus_core::model::{Primitive, TypeKind, TypeRef};
use syn::ext::IdentExt;

use super::index::ItemRef;
use super::resolve::{Entity, Namespace};
use super::Lowerer;

/// Deep enough for any real re-export structure; bounds the search.
const MAX_MODULES: usize = 4096;

impl Lowerer<'_> {
    /// `::dep::a::T`: the shortest path through `pub mod`, `pub use` and `pub use …::*` from
    /// the dependency's root to a `pub` item, or `None` when the crate being built cannot
    /// name the dependency or the item is not public there.
    pub(super) fn dependency_path(&self, item: ItemRef) -> Option<String> {
        let krate = self.sources.crate_of(item.module);
        if !krate.nameable_from_root || self.sources.is_main(item.module) {
            return None;
        }
        let target_name = item_ident(self.item(item))?;
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<(usize, Vec<String>)> = VecDeque::from([(krate.root, vec![])]);
        while let Some((module, path)) = queue.pop_front() {
            if !seen.insert(module) || seen.len() > MAX_MODULES {
                continue;
            }
            let scope = &self.index.scopes[module];
            // Declared here.
            if module == item.module && is_pub(self.item(item)) {
                return Some(spell(&krate.path_name, &path, &target_name));
            }
            // Re-exported here: `pub use x::T [as U];`.
            for u in scope.uses.iter().filter(|u| u.public) {
                let found = self
                    .index
                    .resolve(module, &u.path, u.leading_colon, Namespace::Type);
                match found {
                    Some(Entity::Item(r)) if r == item => {
                        return Some(spell(&krate.path_name, &path, &u.name))
                    }
                    _ => {}
                }
                if let Some(Entity::Module(m)) =
                    self.index
                        .resolve(module, &u.path, u.leading_colon, Namespace::Module)
                {
                    queue.push_back((m, extended(&path, &u.name)));
                }
            }
            // `pub use x::*;`: x's public names are this module's.
            for g in scope.globs.iter().filter(|g| g.public) {
                if let Some(Entity::Module(m)) =
                    self.index
                        .resolve(module, &g.path, g.leading_colon, Namespace::Module)
                {
                    queue.push_back((m, path.clone()));
                }
            }
            // `pub mod child;`
            for it in &self.module(module).items {
                if let syn::Item::Mod(md) = it {
                    if matches!(md.vis, syn::Visibility::Public(_)) {
                        let name = md.ident.unraw().to_string();
                        if let Some(&child) = scope.modules.get(&name) {
                            queue.push_back((child, extended(&path, &name)));
                        }
                    }
                }
            }
        }
        None
    }

    /// Rust source text for a lowered type that the crate root can use, or `None` when a
    /// named type in it cannot be named there. Pointers to types without a path are spelled
    /// `*mut ()` and function pointers as `Option<extern "C" fn()>`: the layout is the same.
    pub(super) fn root_type_text(&self, ty: &TypeRef) -> Option<String> {
        Some(match ty {
            TypeRef::Void => "::core::ffi::c_void".into(),
            TypeRef::Primitive {
                primitive,
                non_zero,
            } => {
                let p = match primitive {
                    Primitive::CChar => "::core::ffi::c_char",
                    p => p.rust_name(),
                };
                if *non_zero {
                    format!("::core::num::NonZero<{p}>")
                } else {
                    p.to_string()
                }
            }
            TypeRef::Pointer {
                pointee, mutable, ..
            } => {
                let inner = self.root_type_text(pointee).unwrap_or_else(|| "()".into());
                format!("*{} {inner}", if *mutable { "mut" } else { "const" })
            }
            TypeRef::Array { element, len } => {
                format!("[{}; {len}]", self.root_type_text(element)?)
            }
            TypeRef::Named { id, .. } => match &self.types.def(*id).kind {
                TypeKind::FnPtr { .. } => "::core::option::Option<extern \"C\" fn()>".into(),
                _ => self.types.rust(*id).access_path.clone()?,
            },
        })
    }
}

fn item_ident(item: &syn::Item) -> Option<String> {
    Some(
        match item {
            syn::Item::Struct(s) => &s.ident,
            syn::Item::Enum(e) => &e.ident,
            syn::Item::Union(u) => &u.ident,
            syn::Item::Type(t) => &t.ident,
            _ => return None,
        }
        .unraw()
        .to_string(),
    )
}

fn is_pub(item: &syn::Item) -> bool {
    let vis = match item {
        syn::Item::Struct(s) => &s.vis,
        syn::Item::Enum(e) => &e.vis,
        syn::Item::Union(u) => &u.vis,
        syn::Item::Type(t) => &t.vis,
        _ => return false,
    };
    matches!(vis, syn::Visibility::Public(_))
}

fn extended(path: &[String], name: &str) -> Vec<String> {
    let mut p = path.to_vec();
    p.push(name.to_string());
    p
}

/// `::dep::a::T`, with keywords written as raw identifiers.
fn spell(krate: &str, path: &[String], name: &str) -> String {
    let mut out = format!("::{krate}");
    for seg in path.iter().map(String::as_str).chain([name]) {
        out.push_str("::");
        out.push_str(&super::rust_ident(seg));
    }
    out
}
