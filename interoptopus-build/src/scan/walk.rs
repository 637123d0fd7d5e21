//! The walk over the module tree: read a file, strip it, descend into its `mod` items.
//!
//! Modules are visited depth-first in declaration order and recorded before their children, so
//! the output order depends only on the source. Errors are collected, not returned early, so one
//! build reports every broken module at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use syn::ext::IdentExt;
use syn::{AttrStyle, Attribute, Item, ItemMod};

use super::cfg::CfgContext;
use super::module_path::{clean, path_attribute, Lookup, ModDir};
use super::strip::{GuardUse, Refusal, Stripper};
use super::{ScannedCrate, ScannedModule};
use crate::diagnostic::{Diagnostic, Location};

pub(super) struct Walker<'a> {
    cfg: &'a CfgContext,
    modules: Vec<ScannedModule>,
    files_read: Vec<PathBuf>,
    /// Canonical forms of `files_read`: one file reached under two spellings is listed once.
    seen: BTreeSet<PathBuf>,
    sources: BTreeMap<PathBuf, String>,
    /// Canonical paths of the files enclosing the module being walked, outermost first. A
    /// `#[path]` leading back into this chain would recurse forever; rustc calls it an error too.
    /// Including the same file from two unrelated places is fine (rustc compiles it twice).
    stack: Vec<PathBuf>,
    errors: Vec<Diagnostic>,
    read_time: Duration,
    parse_time: Duration,
}

impl<'a> Walker<'a> {
    pub(super) fn new(cfg: &'a CfgContext) -> Self {
        Walker {
            cfg,
            modules: Vec::new(),
            files_read: Vec::new(),
            seen: BTreeSet::new(),
            sources: BTreeMap::new(),
            stack: Vec::new(),
            errors: Vec::new(),
            read_time: Duration::ZERO,
            parse_time: Duration::ZERO,
        }
    }

    /// Walks the crate whose root module is in `root_file`.
    pub(super) fn run(mut self, root_file: &Path) -> Result<ScannedCrate, Vec<Diagnostic>> {
        let root = clean(root_file.to_path_buf());
        if let Some(file) = self.load(&root, None) {
            let mut inner = file.attrs;
            // `#![cfg(false)]` at the top of the crate root leaves an empty crate.
            let keep = Stripper::new(self.cfg, &root, &mut self.errors)
                .attrs(&mut inner, GuardUse::Refuse(Refusal::CrateRoot));
            let items = if keep { file.items } else { Vec::new() };
            self.stack.push(canonical(&root));
            self.module(Vec::new(), &root, &ModDir::of_root(&root), inner, items);
        }
        if self.errors.iter().any(Diagnostic::is_error) {
            return Err(self.errors);
        }
        Ok(ScannedCrate {
            root_file: root,
            modules: self.modules,
            files_read: self.files_read,
            sources: self.sources,
            read_time: self.read_time,
            guard_macros: self.cfg.guard_macros(),
            parse_time: self.parse_time,
        })
    }

    /// Records module `path` and strips its items, walking into the `mod` items among them.
    fn module(
        &mut self,
        path: Vec<String>,
        file: &Path,
        dir: &ModDir,
        inner_attrs: Vec<Attribute>,
        items: Vec<Item>,
    ) {
        let index = self.modules.len();
        self.modules.push(ScannedModule {
            path: path.clone(),
            file: file.to_path_buf(),
            inner_attrs,
            items: Vec::new(),
        });
        let mut kept = Vec::with_capacity(items.len());
        // Two modules of one name would give two `ScannedModule`s with one path; rustc rejects
        // that (E0428), and only modules that survive cfg count.
        let mut children = BTreeSet::new();
        for mut item in items {
            if !Stripper::new(self.cfg, file, &mut self.errors).item(&mut item) {
                continue;
            }
            drop_fn_bodies(&mut item);
            if let Item::Mod(m) = &mut item {
                let name = m.ident.unraw().to_string();
                if children.contains(&name) {
                    self.errors.push(
                        Diagnostic::error(format!("module `{name}` is defined twice"))
                            .at_span(file, m.ident.span())
                            .hint("rename one of them, or give them complementary `#[cfg]`s"),
                    );
                    continue;
                }
                if !self.child(&path, file, dir, m) {
                    continue;
                }
                children.insert(name);
            }
            kept.push(item);
        }
        self.modules[index].items = kept;
    }

    /// Walks the module declared by `m` (already cfg-stripped) and empties `m`'s body. Returns
    /// false when `m` must go: its file could not be used, or the file's own `#![cfg]` is false.
    fn child(&mut self, parent: &[String], file: &Path, dir: &ModDir, m: &mut ItemMod) -> bool {
        let name = m.ident.unraw().to_string();
        let path_attr = match path_attribute(&m.attrs, file) {
            Ok(p) => p,
            Err(d) => {
                self.errors.push(d);
                return false;
            }
        };
        let mut path = parent.to_vec();
        path.push(name.clone());

        if let Some((_, items)) = m.content.take() {
            m.semi = Some(Default::default());
            let child_dir = dir.inline_child(&name, path_attr.as_ref().map(|(p, _)| p.as_str()));
            // syn keeps an inline module's `#![...]` on the `mod` item itself.
            let inner = m
                .attrs
                .iter()
                .filter(|a| matches!(a.style, AttrStyle::Inner(_)))
                .cloned()
                .collect();
            self.module(path, file, &child_dir, inner, items);
            return true;
        }

        let (child_file, child_dir, blame) = match &path_attr {
            Some((value, span)) => {
                let child_file = dir.path_attr_file(value);
                let child_dir = ModDir::of_path_file(&child_file);
                (child_file, child_dir, Location::from_span(file, *span))
            }
            None => match dir.file_child(&name) {
                Lookup::Found(f, d) => (f, d, Location::from_span(file, m.ident.span())),
                Lookup::Missing(flat, nested) => {
                    self.errors.push(
                        Diagnostic::error(format!(
                            "file not found for module `{name}`: neither `{}` nor `{}` exists",
                            flat.display(),
                            nested.display()
                        ))
                        .at_span(file, m.ident.span())
                        .hint(format!(
                            "create one of them, point `#[path = \"...\"]` at the file, or write the module inline as `mod {name} {{ ... }}`"
                        )),
                    );
                    return false;
                }
                Lookup::Ambiguous(flat, nested) => {
                    self.errors.push(
                        Diagnostic::error(format!(
                            "module `{name}` has two files: `{}` and `{}`",
                            flat.display(),
                            nested.display()
                        ))
                        .at_span(file, m.ident.span())
                        .hint("delete or rename one of them; rustc rejects this too"),
                    );
                    return false;
                }
            },
        };

        let key = canonical(&child_file);
        if self.stack.contains(&key) {
            self.errors.push(
                Diagnostic::error(format!(
                    "circular modules: module `{name}` is `{}`, which already encloses this declaration",
                    child_file.display()
                ))
                .at(blame)
                .hint("a `#[path]` leads back to an enclosing file; point it at a different file"),
            );
            return false;
        }
        let Some(parsed) = self.load(&child_file, Some(blame)) else {
            return false;
        };
        let mut inner = parsed.attrs;
        // rustc treats the file's `#![...]` as attributes of the `mod` item: a false
        // `#![cfg(..)]` removes the module.
        if !Stripper::new(self.cfg, &child_file, &mut self.errors).attrs(&mut inner, GuardUse::Mark)
        {
            return false;
        }
        m.attrs.extend(inner.iter().cloned());
        self.stack.push(key);
        self.module(path, &child_file, &child_dir, inner, parsed.items);
        self.stack.pop();
        true
    }

    /// Reads and parses `file`; `blame` is the declaration that asked for it (none for the root).
    fn load(&mut self, file: &Path, blame: Option<Location>) -> Option<syn::File> {
        let start = Instant::now();
        let read = std::fs::read_to_string(file);
        self.read_time += start.elapsed();
        let text = match read {
            Ok(text) => text,
            Err(e) => {
                let d = Diagnostic::error(format!("cannot read `{}`: {e}", file.display()));
                self.errors.push(match blame {
                    Some(at) => d
                        .at(at)
                        .hint("the module's file must exist and be UTF-8 text"),
                    None => d.hint("the crate root file must exist and be UTF-8 text"),
                });
                return None;
            }
        };
        if self.seen.insert(canonical(file)) {
            self.files_read.push(file.to_path_buf());
        }
        let start = Instant::now();
        let parsed = super::signatures_only::parse_file(&text);
        self.parse_time += start.elapsed();
        self.sources.insert(file.to_path_buf(), text);
        match parsed {
            Ok(parsed) => Some(parsed),
            Err(errors) => {
                for e in errors {
                    let what = e.to_string();
                    // proc-macro2's tokenizer error names no cause; these are the possible causes.
                    let what = if what == "cannot parse string into token stream" {
                        "unbalanced delimiter or invalid token".to_owned()
                    } else {
                        what
                    };
                    self.errors.push(
                        Diagnostic::error(format!("syntax error: {what}"))
                            .at_span(file, e.span())
                            .hint("`cargo check` gives rustc's explanation of this error"),
                    );
                }
                None
            }
        }
    }
}

/// Empties the bodies of functions: nothing after the scan reads them (bindings describe
/// signatures), and in most crates they are most of the syntax tree, so keeping them would
/// only raise the peak memory of the build script. `signatures_only` already leaves almost
/// every body empty; this catches the items it hands to syn (`impl Foo<{ N }>`, say).
fn drop_fn_bodies(item: &mut Item) {
    match item {
        Item::Fn(f) => f.block.stmts = Vec::new(),
        Item::Impl(i) => {
            for it in &mut i.items {
                if let syn::ImplItem::Fn(f) = it {
                    f.block.stmts = Vec::new();
                }
            }
        }
        _ => {}
    }
}

/// The identity of a file for cycle and duplicate checks; a path that cannot be resolved (it
/// does not exist yet) stands for itself.
fn canonical(file: &Path) -> PathBuf {
    std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf())
}
