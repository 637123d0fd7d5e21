//! The crate being built and the dependency crates opted in for reading, seen by lowering as
//! one list of modules.
//!
//! Every module gets one index across all crates, so item references, the type table and
//! the work queue need not know which crate an item came from. What differs per crate is
//! kept here: the root module (`crate::` means the root of the crate a path is written in),
//! the extern-crate names its source uses for the other crates in the set, and how Rust paths
//! name it (`crate` for the crate being built, `geo_types` for a dependency).

use std::collections::BTreeMap;

use crate::scan::{ScannedCrate, ScannedModule};

/// A dependency crate, scanned, that the crate being built may use types from.
pub struct DependencyCrate {
    /// How Rust paths in the model name the crate: the extern name the crate being built
    /// gives it (`geo_types`, or a `package = "…"` rename), else its library name.
    pub name: String,
    pub scanned: ScannedCrate,
    /// The extern names this crate's source uses for other crates of the set (index into
    /// [`Dependencies::crates`]).
    pub extern_crates: BTreeMap<String, usize>,
}

/// Every opted-in dependency crate, and the names the crate being built uses for them.
#[derive(Default)]
pub struct Dependencies {
    pub crates: Vec<DependencyCrate>,
    /// Extern names of the crate being built → index into `crates`.
    pub from_root: BTreeMap<String, usize>,
}

/// One crate of the set, as resolution and naming see it.
#[derive(Debug)]
pub(super) struct CrateEntry {
    /// `crate` for the crate being built, the dependency's name otherwise.
    pub path_name: String,
    /// Index of the crate's root module.
    pub root: usize,
    /// Extern-crate names its source can use → crate index in [`SourceSet::crates`].
    pub externs: BTreeMap<String, usize>,
    /// Whether the crate being built can name this crate (`::name`): itself, or one of its
    /// own dependencies.
    pub nameable_from_root: bool,
}

/// All modules of all crates; crate 0 is the crate being built.
pub(super) struct SourceSet<'a> {
    pub modules: Vec<&'a ScannedModule>,
    /// The crate of each module (index into `crates`).
    pub module_crate: Vec<usize>,
    pub crates: Vec<CrateEntry>,
}

impl<'a> SourceSet<'a> {
    pub fn new(main: &'a ScannedCrate, deps: &'a Dependencies) -> Self {
        let mut set = SourceSet {
            modules: Vec::new(),
            module_crate: Vec::new(),
            crates: Vec::new(),
        };
        // Crate indices are shifted by one: 0 is the crate being built.
        set.push(
            main,
            "crate".into(),
            deps.from_root.iter().map(|(n, i)| (n.clone(), i + 1)),
            true,
        );
        for (index, dep) in deps.crates.iter().enumerate() {
            let nameable = deps.from_root.values().any(|i| *i == index);
            set.push(
                &dep.scanned,
                dep.name.clone(),
                dep.extern_crates.iter().map(|(n, i)| (n.clone(), i + 1)),
                nameable,
            );
        }
        set
    }

    fn push(
        &mut self,
        krate: &'a ScannedCrate,
        path_name: String,
        externs: impl Iterator<Item = (String, usize)>,
        nameable_from_root: bool,
    ) {
        let index = self.crates.len();
        let root = self.modules.len();
        self.modules.extend(krate.modules.iter());
        self.module_crate
            .extend(std::iter::repeat_n(index, krate.modules.len()));
        self.crates.push(CrateEntry {
            path_name,
            root,
            externs: externs.collect(),
            nameable_from_root,
        });
    }

    pub fn crate_of(&self, module: usize) -> &CrateEntry {
        &self.crates[self.module_crate.get(module).copied().unwrap_or(0)]
    }

    /// Whether the module belongs to the crate being built (roots are found only there).
    pub fn is_main(&self, module: usize) -> bool {
        self.module_crate.get(module) == Some(&0)
    }
}
