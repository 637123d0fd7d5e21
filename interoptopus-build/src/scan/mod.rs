//! Stage 1: read the crate's source the way rustc would see it for the build target.
//!
//! Starting at the lib target's root file, [`scan_crate`] follows `mod` items to their files
//! (`x.rs`, `x/mod.rs`, `#[path]`, inline modules — see `module_path.rs`), parses every file with
//! syn, and removes everything a `#[cfg]` turns off for the target and features in a
//! [`CfgContext`] (see `strip.rs`). What comes out is one flat list of modules, each with its
//! items, ready for lowering. Macro invocations are left as they are: expanding them would need
//! the compiler.

mod cfg;
mod declared;
mod guard;
mod module_path;
mod predicate;
mod signatures_only;
mod strip;
mod walk;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use cfg::CfgContext;
pub use declared::{add_declarations, Declaration, DECLARED_MODULE};
pub(crate) use guard::inherit_guard;
pub use guard::item_guard;
pub(crate) use predicate::normalize_feature;
pub(crate) use strip::strip_item;

use crate::diagnostic::Diagnostic;

/// A crate's source after module resolution and cfg evaluation.
#[derive(Clone)]
pub struct ScannedCrate {
    pub root_file: PathBuf,
    /// Modules in a deterministic order (depth-first, declaration order), root first.
    pub modules: Vec<ScannedModule>,
    /// Every file read (for `cargo:rerun-if-changed`), deterministic order, no duplicates.
    pub files_read: Vec<PathBuf>,
    /// Source text of every file read, for rendering diagnostics with the source line. Keyed by
    /// the path as spelled in [`ScannedModule::file`].
    pub sources: BTreeMap<PathBuf, String>,
    /// Time spent reading files and parsing them with syn (the rest of the scan is module
    /// resolution and cfg evaluation), for the pipeline's timing report.
    pub read_time: std::time::Duration,
    pub parse_time: std::time::Duration,
    /// The configured guard macros ([`CfgContext::guard`]) with whether each predicate holds in
    /// this build, sorted by name; lowering keeps those some item uses.
    pub guard_macros: Vec<interoptopus_core::model::GuardMacro>,
}

/// One module of the crate.
#[derive(Clone)]
pub struct ScannedModule {
    /// Module path from the crate root: `[]` for the root, `["a", "b"]` for `crate::a::b`.
    /// Raw identifiers are unescaped (`mod r#type;` → `"type"`).
    pub path: Vec<String>,
    /// File the items were read from (for inline modules: the enclosing file).
    pub file: PathBuf,
    /// The module's own `#![...]` attributes after cfg evaluation (the crate root's `//!` docs,
    /// for instance). The `mod` item in the parent carries them too, after its outer attributes.
    pub inner_attrs: Vec<syn::Attribute>,
    /// Items after cfg evaluation. `mod` items stay in the list with `content: None` and their
    /// attributes kept, so lowering still sees their visibility; their items are in their own
    /// `ScannedModule`.
    pub items: Vec<syn::Item>,
}

impl ScannedCrate {
    /// The module at `path` (`&[]` for the root).
    pub fn module(&self, path: &[&str]) -> Option<&ScannedModule> {
        self.modules
            .iter()
            .find(|m| m.path.iter().map(String::as_str).eq(path.iter().copied()))
    }
}

/// Reads the crate rooted at `root_file` (`src/lib.rs`, usually) as configured by `cfg`.
///
/// Every problem found is returned, each located in the source where possible.
pub fn scan_crate(root_file: &Path, cfg: &CfgContext) -> Result<ScannedCrate, Vec<Diagnostic>> {
    walk::Walker::new(cfg).run(root_file)
}

// syn's `Debug` impls need its `extra-traits` feature, which this crate leaves off to keep the
// build lean; these summaries are what a failing test or a log line needs.
impl std::fmt::Debug for ScannedCrate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannedCrate")
            .field("root_file", &self.root_file)
            .field("modules", &self.modules)
            .field("files_read", &self.files_read)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ScannedModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannedModule")
            .field("path", &self.path)
            .field("file", &self.file)
            .field("items", &self.items.len())
            .finish_non_exhaustive()
    }
}
