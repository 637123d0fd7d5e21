//! The crate to generate for, from `cargo metadata`: where it is, where its target folder
//! is, and which features a set of cargo flags turns on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Metadata {
    packages: Vec<Package>,
    target_directory: PathBuf,
}

#[derive(Debug, Deserialize)]
struct Package {
    name: String,
    manifest_path: PathBuf,
    features: BTreeMap<String, Vec<String>>,
}

/// What the CLI needs to know about the crate.
#[derive(Debug)]
pub struct CratePackage {
    pub name: String,
    pub manifest_dir: PathBuf,
    pub target_dir: PathBuf,
    /// The `[features]` table (with cargo's implicit features of optional dependencies).
    features: BTreeMap<String, Vec<String>>,
}

/// Runs `cargo metadata --no-deps` for the manifest.
pub fn read(manifest_path: &Path) -> Result<CratePackage, String> {
    let manifest_path = manifest_path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--manifest-path",
        ])
        .arg(&manifest_path)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`cargo metadata` failed:\n{}",
            String::from_utf8_lossy(&output.stderr).trim_end()
        ));
    }
    let metadata: Metadata = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cannot read cargo metadata: {e}"))?;
    let package = metadata
        .packages
        .into_iter()
        .find(|p| p.manifest_path == manifest_path)
        .ok_or_else(|| {
            format!(
                "{} is not a package (a virtual workspace manifest?); point --manifest-path at the library's Cargo.toml",
                manifest_path.display()
            )
        })?;
    let manifest_dir = manifest_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(CratePackage {
        name: package.name,
        manifest_dir,
        target_dir: metadata.target_directory,
        features: package.features,
    })
}

impl CratePackage {
    /// The features cargo would enable for these flags: the requested ones plus `default`
    /// (unless turned off), closed over what each feature enables. Unknown requested features
    /// are an error, as with cargo.
    pub fn enabled_features(
        &self,
        requested: &[String],
        all: bool,
        no_default: bool,
    ) -> Result<BTreeSet<String>, String> {
        let mut todo: Vec<String> = Vec::new();
        if all {
            todo.extend(self.features.keys().cloned());
        }
        if !no_default && self.features.contains_key("default") {
            todo.push("default".into());
        }
        for f in requested.iter().flat_map(|f| f.split_whitespace()) {
            if !self.features.contains_key(f) {
                return Err(format!("the package `{}` has no feature `{f}`", self.name));
            }
            todo.push(f.to_string());
        }
        let mut enabled = BTreeSet::new();
        while let Some(feature) = todo.pop() {
            if !enabled.insert(feature.clone()) {
                continue;
            }
            for entry in self.features.get(&feature).into_iter().flatten() {
                if entry.starts_with("dep:") {
                    continue;
                }
                // `dep/feat` also turns on the feature named like the dependency (if that is
                // an optional dependency's implicit feature); `dep?/feat` does not.
                let own = match entry.split_once('/') {
                    Some((dep, _)) if !dep.ends_with('?') => dep,
                    Some(_) => continue,
                    None => entry.as_str(),
                };
                if self.features.contains_key(own) {
                    todo.push(own.to_string());
                }
            }
        }
        Ok(enabled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(features: &[(&str, &[&str])]) -> CratePackage {
        CratePackage {
            name: "p".into(),
            manifest_dir: PathBuf::new(),
            target_dir: PathBuf::new(),
            features: features
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect(),
        }
    }

    #[test]
    fn features_close_over_what_they_enable() {
        let p = package(&[
            ("default", &["std"]),
            ("std", &["alloc", "serde?/std"]),
            ("alloc", &[]),
            ("serde", &["dep:serde"]),
            ("extra", &["serde/derive"]),
            ("unused", &[]),
        ]);
        let on = |r: &[&str], all, nd| {
            let r: Vec<String> = r.iter().map(|s| s.to_string()).collect();
            p.enabled_features(&r, all, nd)
                .map(|s| s.into_iter().collect::<Vec<_>>())
        };
        assert_eq!(
            on(&[], false, false),
            Ok(vec!["alloc".into(), "default".into(), "std".into()])
        );
        assert_eq!(on(&[], false, true), Ok(vec![]));
        assert_eq!(
            on(&["extra"], false, true),
            Ok(vec!["extra".into(), "serde".into()])
        );
        assert_eq!(on(&[], true, false).map(|v| v.len()), Ok(6));
        assert!(on(&["nope"], false, false).is_err());
    }
}
