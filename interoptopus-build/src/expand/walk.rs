//! The walk over the crate: modules in source order, carrying the textual macro scope, each
//! item-position invocation of one of our macros replaced by what it expands to.

use std::collections::BTreeMap;
use std::path::Path;
use std::rc::Rc;

use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{AttrStyle, Item, ItemMacro, ItemMod};

use super::definition::{is_definition, MacroDef};
use super::expansion::{
    call_site, escape_hatch, exclusion_key, expand_once, invoked_name, path_text,
};
use super::registry::{Registry, Resolved, Scope};
use super::RECURSION_LIMIT;
use crate::diagnostic::Diagnostic;
use crate::scan::{inherit_guard, strip_item, CfgContext, ScannedCrate, ScannedModule};

/// The state of one expansion run over a crate.
pub(super) struct Expander<'a> {
    pub cfg: &'a CfgContext,
    pub exclude: &'a [String],
    pub registry: Registry,
    /// Module path → index in `ScannedCrate::modules`.
    pub index: BTreeMap<Vec<String>, usize>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// Whether expansions added modules (then the module list is put back in order).
    pub added_modules: bool,
}

/// Where an item being placed came from, for messages.
#[derive(Clone, Copy)]
struct Origin<'o> {
    /// The macro whose expansion produced the item (`None` for written items).
    macro_name: Option<&'o str>,
    depth: usize,
}

/// The module an item is placed into.
struct Place<'p> {
    module: &'p [String],
    file: &'p Path,
}

impl Expander<'_> {
    /// Expands module `idx` with `scope` in textual scope; returns the scope at its end (what a
    /// `#[macro_use]` on its `mod` item carries on).
    pub(super) fn module(
        &mut self,
        krate: &mut ScannedCrate,
        idx: usize,
        mut scope: Scope,
    ) -> Scope {
        let Some(m) = krate.modules.get_mut(idx) else {
            return scope;
        };
        let items = std::mem::take(&mut m.items);
        let module = m.path.clone();
        let file = m.file.clone();
        let place = Place {
            module: &module,
            file: &file,
        };
        let mut out = Vec::with_capacity(items.len());
        let written = Origin {
            macro_name: None,
            depth: 0,
        };
        for item in items {
            self.item(krate, &place, item, written, &mut scope, &mut out);
        }
        if let Some(m) = krate.modules.get_mut(idx) {
            m.items = out;
        }
        scope
    }

    fn item(
        &mut self,
        krate: &mut ScannedCrate,
        place: &Place<'_>,
        item: Item,
        origin: Origin<'_>,
        scope: &mut Scope,
        out: &mut Vec<Item>,
    ) {
        match item {
            Item::Macro(m) if is_definition(&m) => {
                if let Some(def) = MacroDef::from_item(&m, place.file) {
                    scope.insert(def.name.clone(), Rc::new(def));
                }
                out.push(Item::Macro(m));
            }
            Item::Macro(m) => self.invocation(krate, place, m, origin, scope, out),
            Item::Mod(m) => self.child_module(krate, place, m, origin, scope, out),
            mut other => {
                if let Err(d) = super::attr_values::evaluate(
                    &mut other,
                    place.module,
                    place.file,
                    &self.registry,
                    scope,
                ) {
                    self.errors.push(d);
                }
                out.push(other);
            }
        }
    }

    fn invocation(
        &mut self,
        krate: &mut ScannedCrate,
        place: &Place<'_>,
        m: ItemMacro,
        origin: Origin<'_>,
        scope: &mut Scope,
        out: &mut Vec<Item>,
    ) {
        let def = match self.registry.resolve(place.module, &m.mac.path, scope) {
            Resolved::Local(def) => def,
            Resolved::Foreign if super::paste::is_paste(&m.mac.path) => {
                self.paste(krate, place, m, origin, scope, out);
                return;
            }
            Resolved::Foreign => {
                out.push(Item::Macro(m));
                return;
            }
            Resolved::Unreachable => {
                self.warn_unreachable(place, &m.mac.path);
                out.push(Item::Macro(m));
                return;
            }
        };
        let key = exclusion_key(place.module, &invoked_name(&m.mac.path));
        if self.exclude.contains(&key) {
            out.push(Item::Macro(m));
            return;
        }
        let call_site = call_site(&m);
        if origin.depth >= RECURSION_LIMIT {
            self.errors.push(
                Diagnostic::error(format!(
                    "recursion limit ({RECURSION_LIMIT}) reached while expanding `{}!`",
                    def.name
                ))
                .at_span(place.file, call_site)
                .hint(escape_hatch(&key)),
            );
            return;
        }
        let items = match expand_once(&def, &m, place.file) {
            Ok(items) => items,
            Err(d) => {
                self.errors.push(d.hint(escape_hatch(&key)));
                return;
            }
        };
        let inner = Origin {
            macro_name: Some(&def.name),
            depth: origin.depth + 1,
        };
        for mut item in items {
            if strip_item(self.cfg, place.file, &mut item, &mut self.errors) {
                inherit_guard(&m.attrs, &mut item);
                self.item(krate, place, item, inner, scope, out);
            }
        }
    }

    /// `paste! { … }`: the pasted items, expanded further like any expansion's output.
    fn paste(
        &mut self,
        krate: &mut ScannedCrate,
        place: &Place<'_>,
        m: ItemMacro,
        origin: Origin<'_>,
        scope: &mut Scope,
        out: &mut Vec<Item>,
    ) {
        let call_site = call_site(&m);
        let key = exclusion_key(place.module, &invoked_name(&m.mac.path));
        if self.exclude.contains(&key) {
            out.push(Item::Macro(m));
            return;
        }
        let items = super::paste::paste(m.mac.tokens.clone())
            .map_err(|e| super::paste::error(place.file, e, call_site))
            .and_then(|tokens| {
                super::expansion::parse_items(tokens).map_err(|e| {
                    Diagnostic::error(format!("the pasted tokens are not a list of items: {e}"))
                        .at_span(place.file, call_site)
                })
            });
        let items = match items {
            Ok(items) => items,
            Err(d) => {
                self.errors.push(d.hint(escape_hatch(&key)));
                return;
            }
        };
        let inner = Origin {
            macro_name: Some("paste"),
            depth: origin.depth + 1,
        };
        for mut item in items {
            if strip_item(self.cfg, place.file, &mut item, &mut self.errors) {
                self.item(krate, place, item, inner, scope, out);
            }
        }
    }

    /// A path that names one of our macros but does not reach it from here: rustc would not
    /// expand it either (so it is probably another crate's macro of the same name), but if it
    /// writes exports they would be missing, so it is said out loud.
    fn warn_unreachable(&mut self, place: &Place<'_>, path: &syn::Path) {
        let key = exclusion_key(place.module, &invoked_name(path));
        if self.exclude.contains(&key) {
            return;
        }
        let message = format!(
            "`{}!` names a macro of this crate that is not in scope here; \
             the invocation is left unexpanded",
            path_text(path)
        );
        let hint = format!(
            "if it writes exports, bring the macro into scope as rustc would see it (define it \
             earlier, `#[macro_use]` on its module, or `#[macro_export]`); if it is another \
             crate's macro, `.exclude(\"{key}\")` silences this"
        );
        self.warnings.push(
            Diagnostic::warning(message)
                .at_span(place.file, path.span())
                .hint(hint),
        );
    }

    fn child_module(
        &mut self,
        krate: &mut ScannedCrate,
        place: &Place<'_>,
        mut m: ItemMod,
        origin: Origin<'_>,
        scope: &mut Scope,
        out: &mut Vec<Item>,
    ) {
        let mut path = place.module.to_vec();
        path.push(m.ident.unraw().to_string());
        let child = if m.content.is_some() {
            // Only expansions produce inline modules here: scan moved every written one out.
            self.adopt_module(krate, place, path, &mut m)
        } else {
            let found = self.index.get(&path).copied();
            if found.is_none() {
                let by = origin.macro_name.unwrap_or("a macro");
                self.errors.push(
                    Diagnostic::error(format!(
                        "`mod {};` written by `{by}!` has no body; modules from macro expansions must be inline",
                        m.ident
                    ))
                    .at_span(place.file, m.ident.span())
                    .hint(escape_hatch(&exclusion_key(place.module, by))),
                );
            }
            found
        };
        if let Some(child) = child {
            let at_end = self.module(krate, child, scope.clone());
            if m.attrs.iter().any(|a| a.path().is_ident("macro_use")) {
                *scope = at_end;
            }
            out.push(Item::Mod(m));
        }
    }

    /// Turns an inline module from an expansion into a module of the crate (as scan does for
    /// written ones): its items cfg-stripped, its `mod` item left without body.
    fn adopt_module(
        &mut self,
        krate: &mut ScannedCrate,
        place: &Place<'_>,
        path: Vec<String>,
        m: &mut ItemMod,
    ) -> Option<usize> {
        if self.index.contains_key(&path) {
            self.errors.push(
                Diagnostic::error(format!("module `{}` is defined twice", m.ident))
                    .at_span(place.file, m.ident.span())
                    .hint("rename one of them, or give them complementary `#[cfg]`s"),
            );
            return None;
        }
        let (_, items) = m.content.take()?;
        m.semi = Some(Default::default());
        let inner_attrs = m
            .attrs
            .iter()
            .filter(|a| matches!(a.style, AttrStyle::Inner(_)))
            .cloned()
            .collect();
        let mut kept = Vec::with_capacity(items.len());
        for mut item in items {
            if strip_item(self.cfg, place.file, &mut item, &mut self.errors) {
                kept.push(item);
            }
        }
        let idx = krate.modules.len();
        krate.modules.push(ScannedModule {
            path: path.clone(),
            file: place.file.to_path_buf(),
            inner_attrs,
            items: kept,
        });
        self.index.insert(path, idx);
        self.added_modules = true;
        Some(idx)
    }
}

/// Puts modules back in scan's order (depth-first, declaration order, root first) after
/// expansions added some.
pub(super) fn reorder_modules(krate: &mut ScannedCrate) {
    let mut pending: Vec<Option<ScannedModule>> = std::mem::take(&mut krate.modules)
        .into_iter()
        .map(Some)
        .collect();
    let index: BTreeMap<Vec<String>, usize> = pending
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((m.as_ref()?.path.clone(), i)))
        .collect();
    let mut ordered = Vec::with_capacity(pending.len());
    let mut stack = vec![Vec::new()];
    while let Some(path) = stack.pop() {
        let Some(module) = index.get(&path).and_then(|&i| pending[i].take()) else {
            continue;
        };
        let children: Vec<Vec<String>> = module
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Mod(m) => {
                    let mut child = path.clone();
                    child.push(m.ident.unraw().to_string());
                    Some(child)
                }
                _ => None,
            })
            .collect();
        stack.extend(children.into_iter().rev());
        ordered.push(module);
    }
    ordered.extend(pending.into_iter().flatten());
    krate.modules = ordered;
}
