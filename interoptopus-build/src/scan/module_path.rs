//! Where the file of `mod name;` lives, by the same rules rustc applies.
//!
//! Every module carries a [`ModDir`]: the directory its `mod x;` children are looked up in.
//! The rules it encodes:
//!
//! - A *mod-rs* file (the crate root, any `mod.rs`, and any file loaded through `#[path]`) looks
//!   for children next to itself: `dir/x.rs` or `dir/x/mod.rs`.
//! - A *non-mod-rs* file `dir/a.rs` looks for children in a directory named after itself:
//!   `dir/a/x.rs` or `dir/a/x/mod.rs`. Its `#[path = "p"]` children, however, are relative to
//!   the directory the file is in: `dir/p`.
//! - An inline `mod m { ... }` adds `m` as a directory (after the non-mod-rs file's own name),
//!   and from then on behaves like a mod-rs directory, `#[path]` included. `#[path = "d"]` on the
//!   inline module itself replaces that directory with `dir/d`.
//! - Both `x.rs` and `x/mod.rs` existing is an error, as is neither.

use std::path::{Path, PathBuf};

use proc_macro2::Span;
use syn::{Attribute, Expr, ExprLit, Lit, Meta};

use crate::diagnostic::Diagnostic;

/// The lookup directory of a module's `mod x;` children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct ModDir {
    /// The directory of the file the module is in (or the inline module's directory).
    dir: PathBuf,
    /// For a non-mod-rs file `dir/a.rs`: `Some("a")`, the directory its children live in
    /// without `#[path]`. `#[path]` ignores it.
    relative: Option<String>,
}

/// The outcome of looking up `mod x;` without `#[path]`.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lookup {
    /// The module's file and the lookup directory of *its* children.
    Found(PathBuf, ModDir),
    /// Neither candidate exists (`x.rs` first, `x/mod.rs` second).
    Missing(PathBuf, PathBuf),
    /// Both candidates exist.
    Ambiguous(PathBuf, PathBuf),
}

impl ModDir {
    /// The crate root is a mod-rs file.
    pub(super) fn of_root(root_file: &Path) -> ModDir {
        ModDir {
            dir: parent_dir(root_file),
            relative: None,
        }
    }

    /// A file reached through `#[path]`: rustc treats it as a mod-rs file whatever its name, so
    /// its children are its siblings.
    pub(super) fn of_path_file(file: &Path) -> ModDir {
        ModDir::of_root(file)
    }

    /// The file named by `#[path = "value"]` on a `mod x;` declared in this module.
    pub(super) fn path_attr_file(&self, value: &str) -> PathBuf {
        clean(self.dir.join(value))
    }

    /// The lookup directory for the items of inline `mod name { ... }` declared in this module.
    pub(super) fn inline_child(&self, name: &str, path_attr: Option<&str>) -> ModDir {
        let dir = match path_attr {
            Some(value) => self.dir.join(value),
            None => self.own_dir().join(name),
        };
        ModDir {
            dir: clean(dir),
            relative: None,
        }
    }

    /// Finds the file of `mod name;` (no `#[path]`) declared in this module.
    pub(super) fn file_child(&self, name: &str) -> Lookup {
        let base = self.own_dir();
        let flat = clean(base.join(format!("{name}.rs")));
        let nested = clean(base.join(name).join("mod.rs"));
        match (flat.exists(), nested.exists()) {
            (true, false) => {
                // `name.rs` is non-mod-rs: its children go into `base/name/`.
                let dir = ModDir {
                    dir: clean(base),
                    relative: Some(name.to_owned()),
                };
                Lookup::Found(flat, dir)
            }
            (false, true) => {
                let dir = ModDir {
                    dir: clean(base.join(name)),
                    relative: None,
                };
                Lookup::Found(nested, dir)
            }
            (false, false) => Lookup::Missing(flat, nested),
            (true, true) => Lookup::Ambiguous(flat, nested),
        }
    }

    /// The directory children without `#[path]` are relative to.
    fn own_dir(&self) -> PathBuf {
        match &self.relative {
            Some(name) => self.dir.join(name),
            None => self.dir.clone(),
        }
    }
}

/// The value of the first `#[path = "..."]` among `attrs` and the span of its string, if any.
/// Called after `cfg_attr` expansion, so `#[cfg_attr(pred, path = "...")]` is seen too.
pub(super) fn path_attribute(
    attrs: &[Attribute],
    file: &Path,
) -> Result<Option<(String, Span)>, Diagnostic> {
    let Some(attr) = attrs.iter().find(|a| a.path().is_ident("path")) else {
        return Ok(None);
    };
    if let Meta::NameValue(nv) = &attr.meta {
        if let Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) = &nv.value
        {
            return Ok(Some((s.value(), s.span())));
        }
    }
    Err(Diagnostic::error("malformed `path` attribute")
        .at_span(file, attr.pound_token.span)
        .hint("write it as `#[path = \"file.rs\"]`"))
}

/// The directory a file is in; a bare file name (`lib.rs`) is in the current directory.
fn parent_dir(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Drops `.` components (`src/./a.rs` → `src/a.rs`) so paths print and compare tidily. `..` is
/// kept: removing it textually would be wrong across symlinks.
pub(super) fn clean(path: PathBuf) -> PathBuf {
    path.components().collect()
}
