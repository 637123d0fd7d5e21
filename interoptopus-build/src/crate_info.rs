//! Which crate we generate for: its package name, library target name and root file.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

#[derive(Clone, Debug)]
pub struct CrateInfo {
    pub package: String,
    /// The library target's name (`my_lib`): names the shared library and default files.
    pub lib_name: String,
    pub root_file: PathBuf,
}

/// Asks `cargo metadata --no-deps --offline` for the package at `manifest_dir`: only cargo
/// knows a custom `[lib] path`/`name` and workspace-inherited fields for sure.
pub fn discover(manifest_dir: &Path) -> Result<CrateInfo, Diagnostic> {
    let manifest = manifest_dir.join("Cargo.toml");
    let metadata = cargo_metadata::MetadataCommand::new()
        .manifest_path(&manifest)
        .no_deps()
        .other_options(vec!["--offline".to_string()])
        .exec()
        .map_err(|e| {
            Diagnostic::error(format!(
                "cannot read the package with `cargo metadata`: {e}"
            ))
            .hint("run `cargo metadata --no-deps` in the crate to see cargo's own message")
        })?;
    let canonical = manifest.canonicalize().unwrap_or(manifest.clone());
    let package = metadata
        .packages
        .iter()
        .find(|p| {
            let p = p.manifest_path.as_std_path();
            p == manifest || p.canonicalize().is_ok_and(|c| c == canonical)
        })
        .ok_or_else(|| Diagnostic::error(format!("no package at {}", manifest.display())))?;
    let lib = package
        .targets
        .iter()
        .find(|t| {
            t.kind.iter().any(|k| {
                matches!(
                    k,
                    cargo_metadata::TargetKind::Lib
                        | cargo_metadata::TargetKind::CDyLib
                        | cargo_metadata::TargetKind::StaticLib
                        | cargo_metadata::TargetKind::RLib
                        | cargo_metadata::TargetKind::DyLib
                )
            })
        })
        .ok_or_else(|| {
            Diagnostic::error(format!("package `{}` has no library target", package.name))
                .hint("bindings describe a library: add `src/lib.rs` or a `[lib]` section")
        })?;
    Ok(CrateInfo {
        package: package.name.to_string(),
        lib_name: lib.name.replace('-', "_"),
        root_file: lib.src_path.clone().into_std_path_buf(),
    })
}
