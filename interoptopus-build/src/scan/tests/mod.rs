//! Scan tests: small source trees written to a temporary directory, scanned, and compared
//! against what rustc would do with them.

mod cfg_eval;
mod guards;
mod modules;
mod stripping;

use std::path::{Path, PathBuf};

use syn::Item;

use super::{scan_crate, CfgContext, ScannedCrate, ScannedModule};
use crate::diagnostic::Diagnostic;

/// A crate source tree in a temporary directory; the root is `src/lib.rs`.
struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write fixture file");
        }
        Fixture { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("src/lib.rs")
    }

    fn scan(&self, cfg: &CfgContext) -> Result<ScannedCrate, Vec<Diagnostic>> {
        scan_crate(&self.root(), cfg)
    }

    /// Scans for x86_64 Linux without features, failing the test with every diagnostic.
    fn ok(&self) -> ScannedCrate {
        self.ok_with(&CfgContext::x86_64_linux(&[]))
    }

    fn ok_with(&self, cfg: &CfgContext) -> ScannedCrate {
        match self.scan(cfg) {
            Ok(c) => c,
            Err(ds) => panic!("scan failed:\n{}", render(&ds)),
        }
    }

    fn err(&self) -> Vec<Diagnostic> {
        match self.scan(&CfgContext::x86_64_linux(&[])) {
            Ok(c) => panic!("scan succeeded unexpectedly: {c:?}"),
            Err(ds) => ds,
        }
    }

    /// `path` relative to the fixture directory, with `/` separators.
    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.dir.path()).unwrap_or(path);
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Every module as `a::b @ src/a/b.rs`, in scan order (`crate` for the root).
    fn layout(&self, c: &ScannedCrate) -> Vec<String> {
        c.modules
            .iter()
            .map(|m| {
                let name = if m.path.is_empty() {
                    "crate".to_owned()
                } else {
                    m.path.join("::")
                };
                format!("{name} @ {}", self.rel(&m.file))
            })
            .collect()
    }

    fn files_read(&self, c: &ScannedCrate) -> Vec<String> {
        c.files_read.iter().map(|p| self.rel(p)).collect()
    }
}

fn render(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The single diagnostic of a failed scan.
fn single(ds: Vec<Diagnostic>) -> Diagnostic {
    assert_eq!(
        ds.len(),
        1,
        "expected one diagnostic, got:\n{}",
        render(&ds)
    );
    ds.into_iter().next().expect("one diagnostic")
}

fn module<'c>(c: &'c ScannedCrate, path: &[&str]) -> &'c ScannedModule {
    c.module(path)
        .unwrap_or_else(|| panic!("no module {path:?} in {c:?}"))
}

/// A short name per item: its identifier, or its kind for nameless items.
fn names(m: &ScannedModule) -> Vec<String> {
    m.items.iter().map(item_name).collect()
}

fn item_name(item: &Item) -> String {
    match item {
        Item::Const(i) => i.ident.to_string(),
        Item::Enum(i) => i.ident.to_string(),
        Item::ExternCrate(i) => i.ident.to_string(),
        Item::Fn(i) => i.sig.ident.to_string(),
        Item::Mod(i) => i.ident.to_string(),
        Item::Static(i) => i.ident.to_string(),
        Item::Struct(i) => i.ident.to_string(),
        Item::Trait(i) => i.ident.to_string(),
        Item::Type(i) => i.ident.to_string(),
        Item::Union(i) => i.ident.to_string(),
        Item::Impl(_) => "impl".to_owned(),
        Item::ForeignMod(_) => "extern".to_owned(),
        Item::Use(_) => "use".to_owned(),
        Item::Macro(_) => "macro".to_owned(),
        _ => "?".to_owned(),
    }
}

fn find<'m>(m: &'m ScannedModule, name: &str) -> &'m Item {
    m.items
        .iter()
        .find(|i| item_name(i) == name)
        .unwrap_or_else(|| panic!("no item {name} in {:?}", names(m)))
}

/// Attribute names (`repr`, `doc`, …) in order.
fn attr_names(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .map(|a| {
            a.path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect::<Vec<_>>()
                .join("::")
        })
        .collect()
}
