//! From source files to a laid-out model: scan, expand, dependency crates, lower, layout.

use std::collections::BTreeMap;
use std::path::PathBuf;

use interoptopus_core::{Layouts, Model};

use super::locate::locate;
use super::stopwatch::Stopwatch;
use super::{Builder, Error};
use crate::crate_info::CrateInfo;
use crate::diagnostic::Diagnostic;
use crate::expand;
use crate::lower::{self, LowerOptions, RustTypeInfo};
use crate::read_dependencies::read_dependencies;
use crate::scan::{self, CfgContext};

/// Where the run reads and writes, and whether cargo is listening (`cargo:` lines).
pub(super) struct Paths {
    pub manifest_dir: PathBuf,
    pub build_out_dir: PathBuf,
    pub in_build_script: bool,
}

/// The crate as the emitters see it, with what later stages still need from the source.
pub(super) struct ReadCrate {
    pub model: Model,
    pub layouts: Layouts,
    pub rust_types: Vec<RustTypeInfo>,
    /// Source text per file, for rendering diagnostics.
    pub sources: BTreeMap<PathBuf, String>,
    pub files_read: Vec<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Builder {
    pub(super) fn read_crate(
        &self,
        paths: &Paths,
        info: &CrateInfo,
        watch: &mut Stopwatch,
    ) -> Result<ReadCrate, Error> {
        let no_sources = BTreeMap::new;
        let fail = |d: Diagnostic| Error::new(vec![d], BTreeMap::new());
        let manifest_dir = &paths.manifest_dir;
        let mut cfg = self.cfg.clone().unwrap_or_else(CfgContext::from_env);
        for (predicate, macro_name) in &self.cfg_guards {
            cfg = cfg.guard(predicate, macro_name).map_err(fail)?;
        }
        let mut scanned =
            scan::scan_crate(&info.root_file, &cfg).map_err(|d| Error::new(d, no_sources()))?;
        if paths.in_build_script {
            println!(
                "cargo:rerun-if-changed={}",
                manifest_dir.join("Cargo.toml").display()
            );
            for f in &scanned.files_read {
                println!("cargo:rerun-if-changed={}", f.display());
            }
        }
        watch.lap_in_parts(
            &[("read", scanned.read_time), ("parse", scanned.parse_time)],
            "scan (modules, cfg)",
        );
        let mut warnings = expand::expand_macros(&mut scanned, &cfg, &self.exclude)
            .map_err(|d| Error::new(d, scanned.sources.clone()))?;
        scan::add_declarations(&mut scanned, &self.declarations, &cfg)
            .map_err(|d| Error::new(d, scanned.sources.clone()))?;
        watch.lap("expand");
        let dependencies = if self.dependencies.is_empty() {
            lower::Dependencies::default()
        } else {
            // The target filters platform-specific dependencies out of cargo's answer.
            let target = match &self.cc_target {
                Some(t) => Some(t.target.clone()),
                None => paths
                    .in_build_script
                    .then(|| std::env::var("TARGET").ok())
                    .flatten(),
            };
            let read = read_dependencies(
                &self.dependencies,
                &self.exclude,
                manifest_dir,
                &cfg,
                target.as_deref(),
            )
            .map_err(|d| Error::new(d, no_sources()))?;
            if paths.in_build_script {
                for f in &read.files_read {
                    println!("cargo:rerun-if-changed={}", f.display());
                }
            }
            warnings.extend(read.warnings);
            scanned.files_read.extend(read.files_read);
            scanned.sources.extend(read.sources);
            watch.lap("dependencies (cargo metadata, scan, expand)");
            read.crates
        };
        let target = cfg.target_info();
        let lowered = lower::lower_with_dependencies(
            &scanned,
            &dependencies,
            &LowerOptions {
                package: info.package.clone(),
                lib_name: info.lib_name.clone(),
                manifest_dir: manifest_dir.clone(),
                target: target.clone(),
                exclude: self.exclude.clone(),
                renames: self.renames.clone(),
                include: self.include.clone(),
                keep_type_aliases: self.keep_type_aliases.unwrap_or(false),
            },
        )
        .map_err(|d| Error::new(d, scanned.sources.clone()))?;
        // The syntax trees are done with: freeing them here keeps them out of the peak the
        // emitters' output would add on top.
        let scan::ScannedCrate {
            files_read,
            sources,
            modules,
            ..
        } = scanned;
        drop(modules);
        drop(dependencies);
        watch.lap("lower");
        let model = lowered.model;
        warnings.extend(lowered.warnings);
        if model.functions.is_empty() && model.constants.is_empty() && model.statics.is_empty() {
            warnings.push(
                Diagnostic::warning(format!(
                    "`{}` exports nothing: no `#[no_mangle]`/`export_name` function, public constant or exported static was found",
                    info.package
                ))
                .hint("exports re-exported from dependency crates (`pub use dep::*`) and those written by macros from other crates are not seen; declare them with `[declare]` in interoptopus.toml"),
            );
        }
        let layouts = Layouts::compute(&model, &target).map_err(|e| {
            let d = locate(
                &model,
                manifest_dir,
                &e.type_name,
                Diagnostic::error(format!("cannot lay out `{}`: {}", e.type_name, e.message)),
            );
            Error::new(vec![d], sources.clone())
        })?;
        watch.lap("layout");
        Ok(ReadCrate {
            model,
            layouts,
            rust_types: lowered.rust_types,
            sources,
            files_read,
            warnings,
        })
    }
}
