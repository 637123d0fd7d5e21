//! Scan and expand for the dependency crates opted in with `Builder::dependency`: the same
//! stages as for the crate being built, run per dependency with its own features.
//!
//! Where the source is and which features are on comes from `dependency_info.rs`
//! (`cargo metadata`). Each dependency is compiled for the build's target, so its cfg is the
//! build's target cfg with the dependency's features in place of the crate's own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::dependency_info::{self, Request};
use crate::diagnostic::{Diagnostic, Severity};
use crate::expand;
use crate::lower::{Dependencies, DependencyCrate};
use crate::scan::{self, CfgContext};

/// The opted-in dependencies, read.
pub(crate) struct ReadDependencies {
    pub crates: Dependencies,
    /// Files whose change must rerun the build script: the sources and manifests of path
    /// dependencies, and the lock file (a version change moves a registry dependency).
    /// Registry and git sources never change in place, so they are not listed.
    pub files_read: Vec<PathBuf>,
    /// The text of every file read, for rendering diagnostics located in dependencies.
    pub sources: BTreeMap<PathBuf, String>,
    /// Macro invocations a dependency writes that could not be expanded (see
    /// [`read_dependencies`]).
    pub warnings: Vec<Diagnostic>,
}

/// Finds, scans and expands every opted-in dependency.
///
/// A `macro_rules!` invocation inside a dependency that the interpreter cannot expand is a
/// warning, not an error: the dependency is somebody else's code, most of it has nothing to
/// do with this API, and a type the API does need from such an invocation is still an error,
/// at its use ("cannot resolve type").
///
/// `exclude` is the builder's list: an entry `dep::module::name!` leaves that dependency's
/// invocations of `name!` in `module` unexpanded, as `crate::module::name!` does for the crate
/// being built.
pub(crate) fn read_dependencies(
    opt_ins: &[String],
    exclude: &[String],
    manifest_dir: &Path,
    cfg: &CfgContext,
    target: Option<&str>,
) -> Result<ReadDependencies, Vec<Diagnostic>> {
    let found = dependency_info::discover(&Request {
        manifest_dir,
        opt_ins,
        features: cfg.features().map(str::to_string).collect(),
        target,
    })?;
    let mut read = ReadDependencies {
        crates: Dependencies {
            crates: Vec::new(),
            from_root: found.from_root.clone(),
        },
        files_read: Vec::new(),
        sources: BTreeMap::new(),
        warnings: Vec::new(),
    };
    let mut errors = Vec::new();
    for info in &found.crates {
        let dep_cfg = cfg.with_features(&info.features);
        let mut scanned = match scan::scan_crate(&info.root_file, &dep_cfg) {
            Ok(s) => s,
            Err(mut e) => {
                errors.append(&mut e);
                continue;
            }
        };
        // The expander speaks of the crate it expands as `crate`; here that is `dep`.
        let own_prefix = format!("{}::", info.path_name);
        let dep_exclude: Vec<String> = exclude
            .iter()
            .filter_map(|e| e.strip_prefix(&own_prefix))
            .map(|rest| format!("crate::{rest}"))
            .collect();
        let diagnostics = match expand::expand_macros(&mut scanned, &dep_cfg, &dep_exclude) {
            Ok(warnings) => warnings,
            Err(diagnostics) => diagnostics,
        };
        read.warnings.extend(
            diagnostics
                .into_iter()
                .map(|d| unexpanded(d, &info.package, &info.path_name)),
        );
        if info.is_path {
            read.files_read.push(info.manifest_path.clone());
            read.files_read.extend(scanned.files_read.iter().cloned());
        }
        read.sources.extend(std::mem::take(&mut scanned.sources));
        read.crates.crates.push(DependencyCrate {
            name: info.path_name.clone(),
            scanned,
            extern_crates: info.extern_crates.clone(),
        });
    }
    if let Some(lock) = &found.lock_file {
        if lock.is_file() {
            read.files_read.push(lock.clone());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(read)
}

/// An expansion problem inside a dependency, as a warning that says what it means here
/// (`crate::` in the expander's exclusion hints is the dependency's name).
fn unexpanded(d: Diagnostic, package: &str, path_name: &str) -> Diagnostic {
    const NOT_VISIBLE: &str = "items this invocation writes are not visible to the bindings (a type the API needs from it is an error where it is used)";
    let hint = d
        .hint
        .as_deref()
        .map(|h| h.replace("(\"crate::", &format!("(\"{path_name}::")));
    let hint = match (d.is_error(), hint) {
        (true, Some(h)) => Some(format!("{h}; {NOT_VISIBLE}")),
        (true, None) => Some(NOT_VISIBLE.to_string()),
        (false, h) => h,
    };
    Diagnostic {
        severity: Severity::Warning,
        message: format!("in dependency `{package}`: {}", d.message),
        hint,
        ..d
    }
}
