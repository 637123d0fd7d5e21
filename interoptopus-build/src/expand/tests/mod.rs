//! Expansion tests. `matching.rs` checks single expansions at the token level (fragments,
//! repetitions, separators, rule order, transcription); `scoping.rs` runs scan + expand on
//! small crates (textual and path-based scope, nesting, recursion, cfg); `diagnostics.rs`
//! checks failures and their locations; `lowering.rs` runs scan + expand + lower to show
//! macro-written exports reaching the model.

mod attribute_values;
mod diagnostics;
mod lowering;
mod matching;
mod pasting;
mod scoping;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use syn::Item;

use super::definition::MacroDef;
use super::expand_macros;
use super::expansion::{expand_tokens, parse_items};
use crate::diagnostic::Diagnostic;
use crate::scan::{scan_crate, CfgContext, ScannedCrate};

/// Expands the last invocation in `src` with the macros defined in `src` (later definitions
/// shadow earlier ones); returns the expansion.
fn expand_src(src: &str) -> Result<TokenStream, Diagnostic> {
    let file = syn::parse_file(src).unwrap_or_else(|e| panic!("test source: {e}"));
    let path = Path::new("src/lib.rs");
    let mut defs: Vec<MacroDef> = Vec::new();
    let mut invocation = None;
    for item in &file.items {
        if let Item::Macro(m) = item {
            match MacroDef::from_item(m, path) {
                Some(def) => defs.push(def),
                None => invocation = Some(m),
            }
        }
    }
    let m = invocation.unwrap_or_else(|| panic!("no invocation in test source"));
    let name = m.mac.path.segments.last().map(|s| s.ident.to_string());
    let def = defs
        .iter()
        .rev()
        .find(|d| Some(&d.name) == name.as_ref())
        .unwrap_or_else(|| panic!("no definition for {name:?}"));
    expand_tokens(def, m, path)
}

/// [`expand_src`], failing the test on an error, as text without whitespace (the printer's
/// spacing follows proc-macro2's joint/alone flags, which are not what these tests are about).
fn expand_text(src: &str) -> String {
    match expand_src(src) {
        Ok(tokens) => squash(&tokens.to_string()),
        Err(d) => panic!("expansion failed: {d}"),
    }
}

/// [`expand_src`], parsed as items.
fn expand_items(src: &str) -> Vec<Item> {
    match expand_src(src).map(parse_items) {
        Ok(Ok(items)) => items,
        Ok(Err(e)) => panic!("expansion does not parse: {e}"),
        Err(d) => panic!("expansion failed: {d}"),
    }
}

/// The error of [`expand_src`].
fn expand_err(src: &str) -> Diagnostic {
    match expand_src(src) {
        Ok(tokens) => panic!("expected an error, got `{tokens}`"),
        Err(d) => d,
    }
}

/// `text` as [`expand_text`] gives it (checked to be valid tokens).
fn norm(text: &str) -> String {
    squash(
        &text
            .parse::<TokenStream>()
            .unwrap_or_else(|e| panic!("expected text does not lex: {e}"))
            .to_string(),
    )
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A crate source tree in a temporary directory (root `src/lib.rs`).
struct Crate {
    dir: tempfile::TempDir,
}

impl Crate {
    fn new(files: &[(&str, &str)]) -> Crate {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        for (path, text) in files {
            let full = dir.path().join(path);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("mkdir: {e}"));
            }
            std::fs::write(&full, text).unwrap_or_else(|e| panic!("write: {e}"));
        }
        Crate { dir }
    }

    fn lib(src: &str) -> Crate {
        Crate::new(&[("src/lib.rs", src)])
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn scan(&self, cfg: &CfgContext) -> ScannedCrate {
        scan_crate(&self.path("src/lib.rs"), cfg).unwrap_or_else(|e| panic!("scan failed: {e:#?}"))
    }

    /// Scan + expand for x86_64 Linux without features.
    fn expand(&self) -> Result<(ScannedCrate, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.expand_with(&CfgContext::x86_64_linux(&[]), &[])
    }

    fn expand_with(
        &self,
        cfg: &CfgContext,
        exclude: &[String],
    ) -> Result<(ScannedCrate, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut krate = self.scan(cfg);
        let warnings = expand_macros(&mut krate, cfg, exclude)?;
        Ok((krate, warnings))
    }

    /// Expands and expects no warnings.
    fn ok(&self) -> ScannedCrate {
        match self.expand() {
            Ok((krate, warnings)) => {
                assert!(warnings.is_empty(), "unexpected warnings: {warnings:#?}");
                krate
            }
            Err(e) => panic!("expansion failed: {e:#?}"),
        }
    }

    fn err(&self) -> Vec<Diagnostic> {
        match self.expand() {
            Ok((krate, _)) => panic!("expected errors, got {krate:?}"),
            Err(e) => e,
        }
    }
}

/// One line per item: `fn name`, `const NAME`, `mod name`, `macro name` (definition),
/// `name!` (invocation left in place), …
fn summary(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|item| match item {
            Item::Fn(f) => format!("fn {}", f.sig.ident),
            Item::Const(c) => format!("const {}", c.ident),
            Item::Static(s) => format!("static {}", s.ident),
            Item::Struct(s) => format!("struct {}", s.ident),
            Item::Enum(e) => format!("enum {}", e.ident),
            Item::Type(t) => format!("type {}", t.ident),
            Item::Mod(m) => format!("mod {}", m.ident),
            Item::Use(_) => "use".into(),
            Item::Macro(m) => match &m.ident {
                Some(name) => format!("macro {name}"),
                None => format!(
                    "{}!",
                    m.mac
                        .path
                        .segments
                        .iter()
                        .map(|s| s.ident.to_string())
                        .collect::<Vec<_>>()
                        .join("::")
                ),
            },
            _ => "other".into(),
        })
        .collect()
}

/// The item summary of module `path` (`&[]` for the root).
fn module_summary(krate: &ScannedCrate, path: &[&str]) -> Vec<String> {
    let m = krate
        .module(path)
        .unwrap_or_else(|| panic!("no module {path:?} in {krate:?}"));
    summary(&m.items)
}

/// The first `fn` named `name` anywhere in the crate.
fn find_fn<'k>(krate: &'k ScannedCrate, name: &str) -> &'k syn::ItemFn {
    krate
        .modules
        .iter()
        .flat_map(|m| &m.items)
        .find_map(|i| match i {
            Item::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no fn {name}"))
}

/// The text of the doc attributes of `attrs`, one entry per attribute.
fn doc_lines(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}
