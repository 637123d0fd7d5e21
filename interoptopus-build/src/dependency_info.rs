//! The dependency crates the user opted in to reading (`Builder::dependency`), and where
//! their source is.
//!
//! A build script's environment says nothing about dependencies, so this asks
//! `cargo metadata --offline --filter-platform <target>`, with dependencies, and only when at
//! least one dependency was opted in: the common case spawns no process. From its JSON, per
//! opted-in package: the library target's root file, the features cargo resolved for it,
//! whether it is a path dependency (its files can change, so they are reported to cargo), and
//! the extern-crate names by which the crate being built and the opted-in crates name each
//! other (`package = "…"` renames included).
//!
//! Features: `cargo metadata` resolves features for the whole workspace at once. It is told
//! the features of the crate being built (a second run only when the first one's defaults
//! differ from this build's), but what *other* workspace members enable on a shared
//! dependency is still unified in, so a dependency can look as if it had a feature more than
//! this build gives it. The Rust-side layout checks catch a type that then differs.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::crate_info::{cargo_metadata_json, lib_target, package_by_manifest};
use crate::diagnostic::Diagnostic;
use crate::scan::normalize_feature;

/// One opted-in dependency crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DependencyInfo {
    pub package: String,
    pub version: String,
    /// The library target's name (`geo_types`).
    pub lib_name: String,
    /// How Rust paths in the model name the crate: the extern name the crate being built uses
    /// for it (after a `package = "…"` rename), or its library name when only other
    /// dependencies use it.
    pub path_name: String,
    pub root_file: PathBuf,
    pub manifest_path: PathBuf,
    /// The features cargo enabled on it, as cargo spells them.
    pub features: Vec<String>,
    /// A `path = "…"` dependency: its files can change between builds; registry and git
    /// sources cannot.
    pub is_path: bool,
    /// The extern names this crate's own source uses for other opted-in crates, with their
    /// index in [`Dependencies::crates`].
    pub extern_crates: BTreeMap<String, usize>,
}

/// Every opted-in dependency, and how the crate being built names them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dependencies {
    /// In the order the user opted them in (duplicates removed).
    pub crates: Vec<DependencyInfo>,
    /// Extern names the crate being built uses for opted-in crates → index in `crates`.
    pub from_root: BTreeMap<String, usize>,
    /// The workspace's `Cargo.lock`: a version change there moves a registry dependency.
    pub lock_file: Option<PathBuf>,
}

/// What the discovery needs to know about the build.
pub struct Request<'a> {
    pub manifest_dir: &'a Path,
    /// Names as given to `Builder::dependency`.
    pub opt_ins: &'a [String],
    /// The features of the crate being built, normalised (`MY_FEAT`).
    pub features: BTreeSet<String>,
    /// The target triple, to leave out dependencies of other platforms.
    pub target: Option<&'a str>,
}

/// Runs `cargo metadata` and finds every opted-in dependency.
pub fn discover(request: &Request<'_>) -> Result<Dependencies, Vec<Diagnostic>> {
    let manifest = request.manifest_dir.join("Cargo.toml");
    let mut args = vec!["--filter-platform"];
    match request.target {
        Some(t) => args.push(t),
        None => {
            args.pop();
        }
    }
    let metadata = cargo_metadata_json(&manifest, &args).map_err(|d| vec![d])?;
    let metadata = match features_to_request(&metadata, &manifest, &request.features) {
        None => metadata,
        Some(features) => {
            let joined = features.join(",");
            let mut again = args.clone();
            again.push("--no-default-features");
            if !joined.is_empty() {
                again.extend(["--features", joined.as_str()]);
            }
            cargo_metadata_json(&manifest, &again).map_err(|d| vec![d])?
        }
    };
    from_metadata(&metadata, &manifest, request.opt_ins)
}

/// `None` when cargo resolved the crate being built with exactly the features this build
/// has; otherwise the features to ask for, as cargo spells them (names cargo does not
/// declare are left out: cargo would reject them, and the first answer is then the closest).
fn features_to_request(
    metadata: &Value,
    manifest: &Path,
    wanted: &BTreeSet<String>,
) -> Option<Vec<String>> {
    let package = package_by_manifest(metadata, manifest)?;
    let id = package["id"].as_str()?;
    let node = node(metadata, id)?;
    let resolved: BTreeSet<String> = strings(&node["features"]).map(normalize_feature).collect();
    if &resolved == wanted {
        return None;
    }
    let declared = package["features"].as_object()?;
    Some(
        declared
            .keys()
            .filter(|name| *name != "default" && wanted.contains(&normalize_feature(name)))
            .cloned()
            .collect(),
    )
}

/// The opted-in dependencies described by `cargo metadata` JSON for the package whose
/// manifest is `manifest`.
pub fn from_metadata(
    metadata: &Value,
    manifest: &Path,
    opt_ins: &[String],
) -> Result<Dependencies, Vec<Diagnostic>> {
    let graph = Graph::new(metadata);
    let Some(root) = package_by_manifest(metadata, manifest).and_then(|p| p["id"].as_str()) else {
        return Err(vec![Diagnostic::error(format!(
            "`cargo metadata` does not list the package at {}",
            manifest.display()
        ))]);
    };
    let reachable = graph.reachable(root);
    let direct: Vec<(&str, &str)> = graph.normal_deps(root).collect();
    let mut selected: Vec<&str> = Vec::new();
    let mut errors = Vec::new();
    for wanted in opt_ins {
        match graph.select(wanted, root, &reachable, &direct) {
            Ok(id) if !selected.contains(&id) => selected.push(id),
            Ok(_) => {}
            Err(d) => errors.push(d),
        }
    }
    let mut crates = Vec::new();
    for id in &selected {
        match graph.info(id, &direct) {
            Ok(info) => crates.push(info),
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let index_of = |id: &str| selected.iter().position(|s| *s == id);
    for (info, id) in crates.iter_mut().zip(&selected) {
        info.extern_crates = graph
            .normal_deps(id)
            .filter_map(|(name, dep)| Some((name.to_string(), index_of(dep)?)))
            .collect();
    }
    let from_root = direct
        .iter()
        .filter_map(|(name, dep)| Some((name.to_string(), index_of(dep)?)))
        .collect();
    let lock_file = metadata["workspace_root"]
        .as_str()
        .map(|root| Path::new(root).join("Cargo.lock"));
    Ok(Dependencies {
        crates,
        from_root,
        lock_file,
    })
}

/// The packages and the resolve graph of `cargo metadata` JSON, by package id.
struct Graph<'m> {
    packages: BTreeMap<&'m str, &'m Value>,
    nodes: BTreeMap<&'m str, &'m Value>,
}

impl<'m> Graph<'m> {
    fn new(metadata: &'m Value) -> Self {
        let by_id = |list: &'m Value| -> BTreeMap<&'m str, &'m Value> {
            list.as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| Some((v["id"].as_str()?, v)))
                .collect()
        };
        Graph {
            packages: by_id(&metadata["packages"]),
            nodes: by_id(&metadata["resolve"]["nodes"]),
        }
    }

    /// `(extern name, package id)` of a package's normal dependencies (not dev or build
    /// dependencies: those never reach its library).
    fn normal_deps(&self, id: &str) -> impl Iterator<Item = (&'m str, &'m str)> {
        self.nodes
            .get(id)
            .and_then(|n| n["deps"].as_array())
            .into_iter()
            .flatten()
            .filter(|d| {
                d["dep_kinds"]
                    .as_array()
                    .is_none_or(|kinds| kinds.iter().any(|k| k["kind"].is_null()))
            })
            .filter_map(|d| Some((d["name"].as_str()?, d["pkg"].as_str()?)))
    }

    /// Every package the library of `root` depends on, directly or not (without `root`).
    fn reachable(&self, root: &str) -> BTreeSet<&'m str> {
        let mut seen = BTreeSet::new();
        let mut queue: VecDeque<&str> = self.normal_deps(root).map(|(_, id)| id).collect();
        while let Some(id) = queue.pop_front() {
            if seen.insert(id) {
                queue.extend(self.normal_deps(id).map(|(_, dep)| dep));
            }
        }
        seen
    }

    fn name<'s>(&self, id: &'s str) -> &'s str
    where
        'm: 's,
    {
        self.packages
            .get(id)
            .and_then(|p| p["name"].as_str())
            .unwrap_or(id)
    }

    /// The package an opt-in names: the extern name the crate being built uses, else the
    /// package or library name (`-` and `_` alike) of any crate its library depends on. One
    /// name matching two versions is resolved in favour of the direct dependency.
    fn select(
        &self,
        wanted: &str,
        root: &str,
        reachable: &BTreeSet<&'m str>,
        direct: &[(&'m str, &'m str)],
    ) -> Result<&'m str, Diagnostic> {
        let key = wanted.replace('-', "_");
        if let Some((_, id)) = direct.iter().find(|(name, _)| *name == key) {
            return Ok(id);
        }
        let candidates: Vec<&str> = reachable
            .iter()
            .copied()
            .filter(|id| *id != root)
            .filter(|id| {
                let lib = self
                    .packages
                    .get(id)
                    .and_then(|p| lib_target(p))
                    .and_then(|t| t["name"].as_str())
                    .map(|n| n.replace('-', "_"));
                self.name(id).replace('-', "_") == key || lib.as_deref() == Some(key.as_str())
            })
            .collect();
        let direct_ones: Vec<&str> = candidates
            .iter()
            .copied()
            .filter(|id| direct.iter().any(|(_, d)| d == id))
            .collect();
        match (candidates.as_slice(), direct_ones.as_slice()) {
            ([one], _) | (_, [one]) => Ok(one),
            ([], _) => {
                let mut names: Vec<&str> = direct.iter().map(|(name, _)| *name).collect();
                names.sort_unstable();
                names.dedup();
                let listed = if names.is_empty() {
                    "it has none".to_string()
                } else {
                    format!("its dependencies are: {}", names.join(", "))
                };
                Err(Diagnostic::error(format!(
                    "`Builder::dependency(\"{wanted}\")`: the library does not depend on a crate named `{wanted}`"
                ))
                .hint(format!(
                    "name a package the library depends on (for this target), by its package name, library name or the name `Cargo.toml` gives it; {listed}"
                )))
            }
            (many, _) => {
                let mut versions: Vec<String> = many
                    .iter()
                    .map(|id| {
                        let version = self
                            .packages
                            .get(id)
                            .and_then(|p| p["version"].as_str())
                            .unwrap_or("?");
                        format!("{} {version}", self.name(id))
                    })
                    .collect();
                versions.sort();
                Err(Diagnostic::error(format!(
                    "`Builder::dependency(\"{wanted}\")` matches several packages: {}",
                    versions.join(", ")
                ))
                .hint("depend on the one you mean directly, under its own name (`alias = { package = \"…\", version = \"…\" }` in Cargo.toml), and opt in by that name"))
            }
        }
    }

    fn info(&self, id: &str, direct: &[(&'m str, &'m str)]) -> Result<DependencyInfo, Diagnostic> {
        let package = self.packages.get(id).copied().unwrap_or(&Value::Null);
        let name = self.name(id);
        let lib = lib_target(package).ok_or_else(|| {
            Diagnostic::error(format!("dependency `{name}` has no library target")).hint(
                "only a library's types can appear in the API; remove this `Builder::dependency`",
            )
        })?;
        let (Some(lib_name), Some(src_path), Some(manifest_path)) = (
            lib["name"].as_str(),
            lib["src_path"].as_str(),
            package["manifest_path"].as_str(),
        ) else {
            return Err(Diagnostic::error(format!(
                "`cargo metadata` describes the library of `{name}` without a name or source path"
            )));
        };
        let lib_name = lib_name.replace('-', "_");
        let path_name = direct.iter().find(|(_, d)| *d == id).map_or_else(
            || lib_name.clone(),
            |(extern_name, _)| extern_name.to_string(),
        );
        let mut features: Vec<String> = self
            .nodes
            .get(id)
            .map(|n| strings(&n["features"]).map(str::to_string).collect())
            .unwrap_or_default();
        features.sort();
        Ok(DependencyInfo {
            package: name.to_string(),
            version: package["version"].as_str().unwrap_or_default().to_string(),
            lib_name,
            path_name,
            root_file: PathBuf::from(src_path),
            manifest_path: PathBuf::from(manifest_path),
            features,
            is_path: package["source"].is_null(),
            extern_crates: BTreeMap::new(),
        })
    }
}

fn node<'m>(metadata: &'m Value, id: &str) -> Option<&'m Value> {
    metadata["resolve"]["nodes"]
        .as_array()?
        .iter()
        .find(|n| n["id"].as_str() == Some(id))
}

fn strings(list: &Value) -> impl Iterator<Item = &str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

#[cfg(test)]
mod tests;
