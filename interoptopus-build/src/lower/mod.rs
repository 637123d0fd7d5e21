//! Lowering: syn items → the language-neutral model.
//!
//! Roots are found first (exported functions, public constants, exported statics); every type
//! they reach is then lowered on demand through a work queue, keyed by item and generic
//! arguments so that `Pair<f32>` and `Pair<u8>` become two model types. Finally types are
//! sorted so that each comes after everything it holds by value.
//!
//! Roots come from the crate being built only. Types may also come from dependency crates the
//! user opted in to reading ([`Dependencies`], see `crates.rs`): a dependency's own exported
//! functions are not part of this library's API.

mod attrs;
mod builtins;
mod const_eval;
mod constants;
mod crates;
#[cfg(test)]
mod declared_tests;
mod defs;
mod functions;
mod guards;
mod index;
#[cfg(test)]
mod name_rule_tests;
mod name_rules;
mod patterns;
mod public_path;
mod reexports;
mod resolve;
mod services;
mod skip;
mod sort;
mod support;
mod types;

#[cfg(test)]
mod dependency_tests;
#[cfg(test)]
mod guard_tests;
#[cfg(test)]
mod pattern_tests;
#[cfg(test)]
mod skip_tests;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use interoptopus_core::model::{Guard, Model, Span};
use interoptopus_core::TargetInfo;

use crate::diagnostic::{Diagnostic, Location};
use crate::scan::ScannedCrate;

pub use crates::{Dependencies, DependencyCrate};
pub use name_rules::NameRule;
pub use support::{fingerprint_value, support_code, SUPPORT_FILE_NAME};
pub use types::RustTypeInfo;

/// What lowering needs besides the scanned crate.
#[derive(Clone, Debug)]
pub struct LowerOptions {
    pub package: String,
    pub lib_name: String,
    /// Spans in the model are relative to this folder.
    pub manifest_dir: PathBuf,
    pub target: TargetInfo,
    /// Rust paths (`crate::a::Item`) left out on purpose: the quiet way to skip something
    /// that would otherwise be an error.
    pub exclude: Vec<String>,
    /// Exported names for types and constants other than their Rust names.
    pub renames: Vec<NameRule>,
    /// Items exported although nothing else would export them.
    pub include: Vec<NameRule>,
    /// Public type aliases of primitives and pointers become named types (a `typedef` in C)
    /// instead of being resolved to what they alias.
    pub keep_type_aliases: bool,
}

impl LowerOptions {
    /// Options with nothing excluded, renamed, included or kept as an alias.
    pub fn new(
        package: impl Into<String>,
        lib_name: impl Into<String>,
        manifest_dir: impl Into<PathBuf>,
        target: TargetInfo,
    ) -> Self {
        LowerOptions {
            package: package.into(),
            lib_name: lib_name.into(),
            manifest_dir: manifest_dir.into(),
            target,
            exclude: Vec::new(),
            renames: Vec::new(),
            include: Vec::new(),
            keep_type_aliases: false,
        }
    }
}

/// The model plus what the Rust-side layout check needs to name each type.
#[derive(Debug)]
pub struct Lowered {
    pub model: Model,
    /// Indexed like `model.types`.
    pub rust_types: Vec<RustTypeInfo>,
    pub warnings: Vec<Diagnostic>,
}

/// Lowers a scanned crate; on failure returns every error found (not just the first).
pub fn lower(krate: &ScannedCrate, options: &LowerOptions) -> Result<Lowered, Vec<Diagnostic>> {
    lower_with_dependencies(krate, &Dependencies::default(), options)
}

/// Lowers a scanned crate whose API may use types of the given dependency crates.
pub fn lower_with_dependencies(
    krate: &ScannedCrate,
    dependencies: &Dependencies,
    options: &LowerOptions,
) -> Result<Lowered, Vec<Diagnostic>> {
    let sources = crates::SourceSet::new(krate, dependencies);
    let index = index::CrateIndex::build(&sources);
    let mut lowerer = Lowerer {
        sources,
        index,
        options,
        errors: Vec::new(),
        warnings: Vec::new(),
        types: types::TypeTable::default(),
        consts_in_progress: Default::default(),
        pending_instance_paths: Vec::new(),
        unproven_skips: Vec::new(),
        model: Model::new(options.package.clone(), options.lib_name.clone()),
        rules_used: Default::default(),
        module_guards: Vec::new(),
        guard_macros: &krate.guard_macros,
    };
    lowerer.module_guards = lowerer.module_guards();
    lowerer.check_guarded_duplicates();
    lowerer.collect_roots();
    lowerer.collect_reexported_roots();
    lowerer.lower_included();
    lowerer.drain_type_queue();
    lowerer.check_rules_used();
    lowerer.finish_patterns();
    if !lowerer.errors.is_empty() {
        return Err(lowerer.errors);
    }
    lowerer.warn_unproven_skips();
    lowerer.check_name_clashes();
    if !lowerer.errors.is_empty() {
        return Err(lowerer.errors);
    }
    let exports_support = patterns::support_macro_span(&lowerer).is_some();
    let (defs, rust_types) = std::mem::take(&mut lowerer.types).finish();
    let mut model = std::mem::replace(
        &mut lowerer.model,
        Model::new(options.package.clone(), options.lib_name.clone()),
    );
    match sort::dependency_order(defs, rust_types, &mut model) {
        Ok(rust_types) => {
            let errors = guards::propagate(&mut model, &options.manifest_dir);
            if !errors.is_empty() {
                return Err(errors);
            }
            model.guard_macros = lowerer.used_guard_macros(&model);
            let warnings = lowerer.warnings;
            if exports_support {
                support::set_fingerprint(&mut model);
            }
            Ok(Lowered {
                model,
                rust_types,
                warnings,
            })
        }
        Err(e) => Err(vec![e]),
    }
}

pub(crate) struct Lowerer<'a> {
    sources: crates::SourceSet<'a>,
    index: index::CrateIndex,
    options: &'a LowerOptions,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    types: types::TypeTable,
    consts_in_progress: std::collections::BTreeSet<index::ItemRef>,
    /// Generic instances whose Rust path for the crate root waits for an argument's:
    /// `(type, base path, arguments, fields visible)`.
    pending_instance_paths: Vec<(
        interoptopus_core::model::TypeId,
        String,
        Vec<interoptopus_core::model::TypeRef>,
        bool,
    )>,
    /// `#[ffi(skip)]` fields whose type lowering cannot size: only rustc's layout check
    /// proves them zero-sized (see `skip.rs`).
    unproven_skips: Vec<(usize, proc_macro2::Span)>,
    model: Model,
    /// Indexes of the renames that matched an item.
    rules_used: std::collections::BTreeSet<usize>,
    /// The guard of each module (indexed like `sources.modules`), see `guards.rs`.
    module_guards: Vec<interoptopus_core::model::Guard>,
    /// The configured guard macros of the crate being built.
    guard_macros: &'a [interoptopus_core::model::GuardMacro],
}

impl<'a> Lowerer<'a> {
    /// An item of a scanned crate. The reference outlives any borrow of the lowerer, so
    /// callers can keep it while lowering (no need to clone syntax trees).
    fn item(&self, r: index::ItemRef) -> &'a syn::Item {
        &self.sources.modules[r.module].items[r.item]
    }

    /// A module of any crate in the set, by index.
    fn module(&self, module: usize) -> &'a crate::scan::ScannedModule {
        self.sources.modules[module]
    }
}

impl Lowerer<'_> {
    fn file_of(&self, module: usize) -> &Path {
        &self.sources.modules[module].file
    }

    /// The model span (relative file path) of a syntax span in a module's file.
    fn span(&self, module: usize, span: proc_macro2::Span) -> Span {
        let loc = Location::from_span(self.file_of(module), span);
        let file = loc
            .file
            .strip_prefix(&self.options.manifest_dir)
            .unwrap_or(&loc.file)
            .to_string_lossy()
            .replace('\\', "/");
        Span {
            file,
            line: loc.line,
            column: loc.column,
        }
    }

    fn error(
        &mut self,
        module: usize,
        span: proc_macro2::Span,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let file = self.file_of(module).to_path_buf();
        self.errors
            .push(Diagnostic::error(message).at_span(&file, span).hint(hint));
    }

    /// `crate::a::b` for a module, plus `::name` when given; a dependency's modules start
    /// with the dependency's name (`geo_types::a::b`).
    fn rust_path(&self, module: usize, name: &str) -> String {
        let mut p = self.sources.crate_of(module).path_name.clone();
        for seg in &self.sources.modules[module].path {
            p.push_str("::");
            p.push_str(&rust_ident(seg));
        }
        if !name.is_empty() {
            p.push_str("::");
            p.push_str(name);
        }
        p
    }

    fn is_excluded(&self, rust_path: &str) -> bool {
        self.options.exclude.iter().any(|e| e == rust_path)
    }

    /// Two model items that every emitter would spell the same are an error at both places;
    /// picking one would silently drop the other.
    fn check_name_clashes(&mut self) {
        // Items under guards that exclude each other (`cfg(feature = "x")` and
        // `cfg(not(feature = "x"))`) never meet in one build: they may share a name.
        let mut seen: std::collections::BTreeMap<String, Vec<(String, Span, Guard)>> =
            Default::default();
        let mut clashes = Vec::new();
        let items = self
            .types
            .defs_iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.rust_path.clone(),
                    d.span.clone(),
                    d.guard.clone(),
                )
            })
            .chain(self.model.functions.iter().map(|f| {
                (
                    f.name.clone(),
                    f.rust_path.clone(),
                    f.span.clone(),
                    f.guard.clone(),
                )
            }))
            .chain(self.model.constants.iter().map(|c| {
                (
                    c.name.clone(),
                    c.rust_path.clone(),
                    c.span.clone(),
                    c.guard.clone(),
                )
            }))
            .chain(self.model.statics.iter().map(|s| {
                (
                    s.name.clone(),
                    s.rust_path.clone(),
                    s.span.clone(),
                    s.guard.clone(),
                )
            }));
        for (name, path, span, guard) in items {
            let earlier = seen.entry(name.clone()).or_default();
            if let Some((other_path, other_span, _)) =
                earlier.iter().find(|(_, _, g)| !g.excludes(&guard))
            {
                clashes.push((name, path, span, other_path.clone(), other_span.clone()));
            } else {
                earlier.push((path, span, guard));
            }
        }
        for (name, path, span, other_path, other_span) in clashes {
            let file = self.options.manifest_dir.join(&span.file);
            self.errors.push(
                Diagnostic::error(format!(
                    "`{path}` and `{other_path}` would both be exported as `{name}`"
                ))
                .at(Location {
                    file,
                    line: span.line,
                    column: span.column,
                    len: 1,
                })
                .hint(format!(
                    "the other one is at {other_span}; give one a distinct name with `#[ffi_type(name = \"...\")]` or leave one out with `Builder::exclude`"
                )),
            );
        }
    }
}

/// A module name as Rust source must spell it (`type` → `r#type`), so generated Rust paths
/// compile.
fn rust_ident(name: &str) -> String {
    const KEYWORDS: &[&str] = &[
        "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do",
        "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in",
        "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
        "return", "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe",
        "unsized", "use", "virtual", "where", "while", "yield",
    ];
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}
