//! The public entry point: configure languages and outputs, then run the pipeline.
//!
//! [`Builder::generate`] runs the stages in order, one file each: `read_crate.rs` (scan,
//! expand, dependencies, lower, layout), `emit_all.rs` (every emitter, with the C layout check
//! of `c_check.rs` started as soon as the header exists), the check's end, and
//! `write_outputs.rs`.

mod c_check;
mod emit_all;
mod locate;
mod read_crate;
mod stopwatch;
mod write_outputs;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use interoptopus_core::{EmitInput, Emitter, Layouts, Model, OutputFile};

use crate::config;
use crate::crate_info;
use crate::diagnostic::Diagnostic;
use crate::lower::{self, NameRule};
use crate::render::render;
use crate::scan::CfgContext;
use crate::verify::{c_harness, rust_asserts};
use crate::write::WriteOutcome;
use c_check::CCheck;
use emit_all::Emitted;
use locate::env_path;
use read_crate::{Paths, ReadCrate};
use stopwatch::Stopwatch;

/// Configures and runs binding generation. See the crate docs for the one-line form.
pub struct Builder {
    manifest_dir: Option<PathBuf>,
    build_out_dir: Option<PathBuf>,
    pub(crate) c: Option<interoptopus_c::Config>,
    #[cfg(feature = "csharp")]
    pub(crate) csharp: Option<interoptopus_csharp::Config>,
    #[cfg(feature = "python")]
    pub(crate) python: Option<interoptopus_python::Config>,
    emitters: Vec<Box<dyn Emitter>>,
    pub(crate) out_dir: Option<PathBuf>,
    /// `None` until set in code or in the configuration file (then on).
    pub(crate) verify_layout: Option<bool>,
    pub(crate) json: Option<String>,
    pub(crate) exclude: Vec<String>,
    /// `(emitter name, rust path)`: items one language leaves out.
    pub(crate) exclude_from: Vec<(String, String)>,
    pub(crate) renames: Vec<NameRule>,
    pub(crate) include: Vec<NameRule>,
    pub(crate) declarations: Vec<crate::scan::Declaration>,
    pub(crate) keep_type_aliases: Option<bool>,
    /// `None`: `interoptopus.toml` next to `Cargo.toml`, if there is one.
    config_file: Option<PathBuf>,
    /// Settings handed over already read (the CLI); no file is read then.
    settings: Option<config::Settings>,
    write_files: bool,
    /// `(cfg predicate, macro)`: predicates kept as `#if defined(MACRO)` guards.
    pub(crate) cfg_guards: Vec<(String, String)>,
    cfg: Option<CfgContext>,
    cc_target: Option<c_harness::CcTarget>,
    /// Dependency crates whose types the API may use, as named by the user.
    pub(crate) dependencies: Vec<String>,
}

/// What a successful run produced.
#[derive(Debug)]
pub struct Generated {
    pub model: Model,
    pub layouts: Layouts,
    /// Every output path with whether it was rewritten or already up to date (empty when
    /// [`Builder::write_files`] is off).
    pub files: Vec<(PathBuf, WriteOutcome)>,
    /// The emitted files, by path relative to the bindings folder, with their text.
    pub outputs: Vec<OutputFile>,
    pub warnings: Vec<Diagnostic>,
    /// Every file whose change must rerun generation, already reported to cargo as
    /// `rerun-if-changed`: the crate's sources, and for opted-in dependencies the sources of
    /// path dependencies and the lock file (registry sources never change in place).
    pub files_read: Vec<PathBuf>,
    /// Wall time per pipeline stage, for finding where time goes, in order; they add up to
    /// the whole run. Entries named `… (own time, in parallel)` are the exception: emitters
    /// that ran on other threads, overlapping the stages around them.
    pub timings: Vec<(String, Duration)>,
}

/// Everything that went wrong, each located where possible. `Display` renders them with the
/// source lines.
#[derive(Debug)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
    sources: BTreeMap<PathBuf, String>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{}", render(d, &self.sources))?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl Error {
    fn new(diagnostics: Vec<Diagnostic>, sources: BTreeMap<PathBuf, String>) -> Error {
        Error {
            diagnostics,
            sources,
        }
    }
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// A builder for the crate whose build script is running (package, target and features
    /// come from cargo's environment). With no language chosen, all three are generated.
    pub fn new() -> Self {
        Builder {
            manifest_dir: None,
            build_out_dir: None,
            c: None,
            #[cfg(feature = "csharp")]
            csharp: None,
            #[cfg(feature = "python")]
            python: None,
            emitters: Vec::new(),
            out_dir: None,
            verify_layout: None,
            json: None,
            exclude: Vec::new(),
            exclude_from: Vec::new(),
            renames: Vec::new(),
            include: Vec::new(),
            declarations: Vec::new(),
            keep_type_aliases: None,
            config_file: None,
            settings: None,
            write_files: true,
            cfg_guards: Vec::new(),
            cfg: None,
            cc_target: None,
            dependencies: Vec::new(),
        }
    }

    pub fn c(mut self, config: interoptopus_c::Config) -> Self {
        self.c = Some(config);
        self
    }

    #[cfg(feature = "csharp")]
    pub fn csharp(mut self, config: interoptopus_csharp::Config) -> Self {
        self.csharp = Some(config);
        self
    }

    #[cfg(feature = "python")]
    pub fn python(mut self, config: interoptopus_python::Config) -> Self {
        self.python = Some(config);
        self
    }

    /// Adds a third-party emitter; its files are written beside the built-in ones.
    pub fn emit(mut self, emitter: impl Emitter + 'static) -> Self {
        self.emitters.push(Box::new(emitter));
        self
    }

    /// Also writes every output into this folder (relative paths are taken from the crate's
    /// manifest directory). Outputs always go to `$OUT_DIR/bindings/` too.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Checks the layout of every type with the target's C compiler and writes the Rust-side
    /// assertions for `interoptopus::layout_checks!()`. On by default.
    pub fn verify_layout(mut self, on: bool) -> Self {
        self.verify_layout = Some(on);
        self
    }

    /// Exports the type or constant at `rust_path` (`crate::module::Item`) under `name`
    /// in every language; every use of the type follows. Functions and statics keep their
    /// symbol name.
    pub fn rename(mut self, rust_path: impl Into<String>, name: impl Into<String>) -> Self {
        self.renames.push(NameRule::new(rust_path, name));
        self
    }

    /// Exports the type or constant at `rust_path` although nothing would on its own: a
    /// private `const` the C API documents, a type no exported function reaches.
    pub fn include(mut self, rust_path: impl Into<String>) -> Self {
        self.include.push(NameRule::new(rust_path, ""));
        self
    }

    /// Declares items by hand, as Rust source, as if written in `module` (`crate`,
    /// `crate::a::b`): the way past an export the scanner cannot see (a macro it cannot
    /// expand). Functions need a body; `{}` will do.
    pub fn declare(mut self, module: impl Into<String>, source: impl Into<String>) -> Self {
        self.declarations.push(crate::scan::Declaration {
            module: module.into(),
            source: source.into(),
            key: None,
            at: None,
        });
        self
    }

    /// `true` keeps public type aliases of primitives and pointers as named types
    /// (`pub type Handle = *mut c_void;` → `typedef void *Handle;` and `Handle` in every
    /// signature); other languages see the aliased type. Default: `false` (resolved).
    pub fn keep_type_aliases(mut self, keep: bool) -> Self {
        self.keep_type_aliases = Some(keep);
        self
    }

    /// Reads options from this file instead of `interoptopus.toml` next to `Cargo.toml`
    /// (relative paths are taken from the manifest directory). Options set in code go on
    /// top of the file's.
    pub fn config_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.config_file = Some(path.into());
        self
    }

    /// Uses these settings (see [`config::parse`]) as the base instead of reading a
    /// configuration file.
    pub fn settings(mut self, settings: config::Settings) -> Self {
        self.settings = Some(settings);
        self
    }

    /// `false` writes nothing: [`Generated::outputs`] holds the files instead (for tools
    /// such as a `--check` mode).
    pub fn write_files(mut self, on: bool) -> Self {
        self.write_files = on;
        self
    }

    /// Also writes the model and layouts as JSON under this file name (schema: see
    /// `interoptopus_core::model::SCHEMA_VERSION`).
    pub fn json(mut self, file: impl Into<String>) -> Self {
        self.json = Some(file.into());
        self
    }

    /// Leaves an item out by its Rust path (`crate::module::Item`), the quiet way past an
    /// item that would otherwise be an error.
    pub fn exclude(mut self, rust_path: impl Into<String>) -> Self {
        self.exclude.push(rust_path.into());
        self
    }

    /// Leaves a function, constant or static out of one language's bindings only (the
    /// emitter's `name()`: `"c"`, `"csharp"`, `"python"`, …), for an item that language
    /// cannot express while the others can.
    pub fn exclude_from(
        mut self,
        emitter: impl Into<String>,
        rust_path: impl Into<String>,
    ) -> Self {
        self.exclude_from.push((emitter.into(), rust_path.into()));
        self
    }

    /// Reads a dependency crate too, so that exported functions can use its `#[repr(C)]`
    /// types (`geo_types::Coord`, or an alias from `pub use geo_types::Coord as Point`). Named
    /// by package name (`geo-types`), library name (`geo_types`) or the name `Cargo.toml`
    /// gives it (`package = "…"` renames). Only the types the crate's own exports reach are
    /// generated; the dependency's own `#[no_mangle]` functions are part of the API only when
    /// the crate re-exports them (`pub use dep::*;` in its root or a public module).
    ///
    /// Opting in makes each run ask `cargo metadata` where the dependency's source is and
    /// which features it has (without any opt-in, no process is spawned). A path
    /// dependency's files are reported to cargo with `rerun-if-changed`.
    pub fn dependency(mut self, name: impl Into<String>) -> Self {
        self.dependencies.push(name.into());
        self
    }

    /// Keeps the items under a cfg predicate in the C header whatever this build says, inside
    /// `#if defined(MACRO)`, so one header serves several feature sets:
    /// `.cfg_guard(r#"feature = "serde""#, "MYLIB_SERDE")`.
    ///
    /// The predicate is cfg syntax, compared with each item's `#[cfg]` by structure (operand
    /// order and spelling do not matter). Functions, types, constants, statics, `impl` blocks,
    /// macro invocations and whole modules can be guarded; `not(pred)` becomes
    /// `!defined(MACRO)`, and in `all(..)`/`any(..)` the parts that are not guarded are
    /// evaluated for this build. A guarded struct field, enum variant or parameter is an error
    /// (the C declaration would differ between feature sets), as is an `any(..)` of two guarded
    /// predicates (guard the whole `any(..)` with a macro of its own). Items that use a guarded
    /// type get its guard too. C# and Python get only the items active in this build.
    pub fn cfg_guard(
        mut self,
        predicate: impl Into<String>,
        macro_name: impl Into<String>,
    ) -> Self {
        self.cfg_guards.push((predicate.into(), macro_name.into()));
        self
    }

    /// Runs outside a build script (tests, tools): the crate folder, where `$OUT_DIR` would
    /// be, and the cfg/target to evaluate. Cargo directives are not printed in this mode.
    pub fn for_crate(
        mut self,
        manifest_dir: impl Into<PathBuf>,
        build_out_dir: impl Into<PathBuf>,
        cfg: CfgContext,
    ) -> Self {
        self.manifest_dir = Some(manifest_dir.into());
        self.build_out_dir = Some(build_out_dir.into());
        self.cfg = Some(cfg);
        self
    }

    /// The C compiler's target and host triples for layout checks outside a build script.
    pub fn cc_target(mut self, target: impl Into<String>, host: impl Into<String>) -> Self {
        self.cc_target = Some(c_harness::CcTarget {
            target: target.into(),
            host: host.into(),
        });
        self
    }

    /// Whether any output language was chosen; with none, every built-in one is generated.
    fn any_language(&self) -> bool {
        #[cfg(feature = "csharp")]
        let csharp = self.csharp.is_some();
        #[cfg(not(feature = "csharp"))]
        let csharp = false;
        #[cfg(feature = "python")]
        let python = self.python.is_some();
        #[cfg(not(feature = "python"))]
        let python = false;
        self.c.is_some() || csharp || python || !self.emitters.is_empty()
    }

    /// The model without the items excluded for this emitter, or `None` when nothing is.
    fn model_for(&self, emitter: &str, model: &Model) -> Option<Model> {
        let excluded: Vec<&str> = self
            .exclude_from
            .iter()
            .filter(|(e, _)| e == emitter)
            .map(|(_, p)| p.as_str())
            .collect();
        if excluded.is_empty() {
            return None;
        }
        let mut m = model.clone();
        m.functions
            .retain(|f| !excluded.contains(&f.rust_path.as_str()));
        m.constants
            .retain(|c| !excluded.contains(&c.rust_path.as_str()));
        m.statics
            .retain(|s| !excluded.contains(&s.rust_path.as_str()));
        Some(m)
    }

    /// Runs the pipeline and reports to cargo: warnings as `cargo:warning=`, errors rendered
    /// on stderr and exit code 1 (which fails the build).
    pub fn run(self) {
        match self.generate() {
            Ok(generated) => {
                for w in &generated.warnings {
                    for line in render(w, &BTreeMap::new())
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                    {
                        println!("cargo:warning={line}");
                    }
                }
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }

    /// Runs the pipeline and returns what it produced, or every error found. Nothing is
    /// written when there is any error.
    pub fn generate(mut self) -> Result<Generated, Error> {
        let mut watch = Stopwatch::start();
        let fail = |d: Diagnostic| Error::new(vec![d], BTreeMap::new());
        let paths = Paths {
            in_build_script: self.manifest_dir.is_none(),
            manifest_dir: match &self.manifest_dir {
                Some(d) => d.clone(),
                None => env_path("CARGO_MANIFEST_DIR").map_err(fail)?,
            },
            build_out_dir: match &self.build_out_dir {
                Some(d) => d.clone(),
                None => env_path("OUT_DIR").map_err(fail)?,
            },
        };
        let info = crate_info::discover(&paths.manifest_dir).map_err(fail)?;
        watch.lap("cargo metadata");
        self.apply_config_file(&paths)?;
        let ReadCrate {
            model,
            layouts,
            rust_types,
            sources,
            files_read,
            mut warnings,
        } = self.read_crate(&paths, &info, &mut watch)?;

        let input = EmitInput {
            model: &model,
            layouts: &layouts,
        };
        let c_config = self.c.clone().unwrap_or_default();
        let check = CCheck::new(
            self.verify_layout.unwrap_or(true),
            self.cc_target.clone(),
            input,
            &c_config,
            &paths,
            &sources,
        )?;
        let Emitted { outputs, pending } = self.emit_all(
            input,
            &c_config,
            &check,
            &paths.manifest_dir,
            &sources,
            &mut watch,
        )?;

        let (rust_checks, hidden) = rust_asserts::rust_layout_checks(&model, &layouts, &rust_types);
        if check.is_on() {
            check.finish(pending)?;
            if self.write_files && !hidden.is_empty() {
                warnings.push(Diagnostic::warning(format!(
                    "rustc cannot check the layout of {} type(s) the crate root cannot name: {}",
                    hidden.len(),
                    hidden.join(", ")
                )));
            }
            let root_text = sources
                .get(&info.root_file)
                .map(String::as_str)
                .unwrap_or("");
            // Without written files (the CLI) there is no checks file for the crate to include.
            if self.write_files && !root_text.contains("layout_checks!") {
                warnings.push(
                    Diagnostic::warning("rustc does not check the generated layouts yet")
                        .hint("add `interoptopus::layout_checks!();` to the crate root"),
                );
            }
            watch.lap("verify");
        }
        let verified = check.is_on();
        drop(check);

        let files = if self.write_files {
            let checks_text = if verified {
                rust_checks
            } else {
                String::from("// layout checks are off\n")
            };
            let support = lower::support_code(&model, &rust_types);
            self.write_outputs(
                &paths,
                &outputs,
                &[
                    (rust_asserts::FILE_NAME, checks_text),
                    (lower::SUPPORT_FILE_NAME, support),
                ],
            )?
        } else {
            Vec::new()
        };
        watch.lap("write");
        Ok(Generated {
            model,
            layouts,
            files,
            outputs: outputs
                .into_iter()
                .map(|(path, contents)| OutputFile { path, contents })
                .collect(),
            warnings,
            files_read,
            timings: watch.timings,
        })
    }

    /// Reads `interoptopus.toml` (or the file set with [`Builder::config_file`]) into the
    /// builder, unless settings were handed over already read. The file is the base; what the
    /// code set wins.
    fn apply_config_file(&mut self, paths: &Paths) -> Result<(), Error> {
        let config_path = match &self.config_file {
            Some(p) => paths.manifest_dir.join(p),
            None => paths.manifest_dir.join(config::FILE_NAME),
        };
        if let Some(settings) = self.settings.take() {
            self.apply_settings(settings);
            return Ok(());
        }
        let text = config::read(&config_path).map_err(|d| Error::new(vec![d], BTreeMap::new()))?;
        match text {
            Some(text) => {
                if paths.in_build_script {
                    println!("cargo:rerun-if-changed={}", config_path.display());
                }
                match config::parse(&config_path, &text) {
                    Ok(settings) => {
                        self.apply_settings(settings);
                        Ok(())
                    }
                    Err(d) => Err(Error::new(d, BTreeMap::from([(config_path, text)]))),
                }
            }
            None if self.config_file.is_some() => Err(Error::new(
                vec![Diagnostic::error(format!(
                    "configuration file {} does not exist",
                    config_path.display()
                ))],
                BTreeMap::new(),
            )),
            None => Ok(()),
        }
    }
}
