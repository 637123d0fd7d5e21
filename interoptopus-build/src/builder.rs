//! The public entry point: configure languages and outputs, then run the pipeline.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use interoptopus_core::{EmitError, EmitInput, Emitter, Layouts, Model, OutputFile};

use crate::config;
use crate::crate_info;
use crate::diagnostic::{Diagnostic, Location};
use crate::expand;
use crate::lower::{self, LowerOptions, NameRule};
use crate::read_dependencies::read_dependencies;
use crate::render::render;
use crate::scan::{self, CfgContext};
use crate::verify::{c_harness, rust_asserts, spare_core};
use crate::write::{write_if_changed, WriteOutcome};

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
        let in_build_script = self.manifest_dir.is_none();
        let mut timings = Vec::new();
        let mut clock = Instant::now();
        let mut lap = |name: &str, timings: &mut Vec<(String, Duration)>| {
            let now = Instant::now();
            timings.push((name.to_string(), now - clock));
            clock = now;
        };
        let no_sources = BTreeMap::new;
        let fail = |d: Diagnostic| Error::new(vec![d], BTreeMap::new());

        let manifest_dir = match &self.manifest_dir {
            Some(d) => d.clone(),
            None => env_path("CARGO_MANIFEST_DIR").map_err(fail)?,
        };
        let build_out_dir = match &self.build_out_dir {
            Some(d) => d.clone(),
            None => env_path("OUT_DIR").map_err(fail)?,
        };
        let info = crate_info::discover(&manifest_dir).map_err(fail)?;
        lap("cargo metadata", &mut timings);
        let config_path = match &self.config_file {
            Some(p) => manifest_dir.join(p),
            None => manifest_dir.join(config::FILE_NAME),
        };
        if let Some(settings) = self.settings.take() {
            self.apply_settings(settings);
        } else if let Some(text) = config::read(&config_path).map_err(fail)? {
            if in_build_script {
                println!("cargo:rerun-if-changed={}", config_path.display());
            }
            match config::parse(&config_path, &text) {
                Ok(settings) => self.apply_settings(settings),
                Err(d) => return Err(Error::new(d, BTreeMap::from([(config_path, text)]))),
            }
        } else if self.config_file.is_some() {
            return Err(fail(Diagnostic::error(format!(
                "configuration file {} does not exist",
                config_path.display()
            ))));
        }
        let mut cfg = self.cfg.clone().unwrap_or_else(CfgContext::from_env);
        for (predicate, macro_name) in &self.cfg_guards {
            cfg = cfg.guard(predicate, macro_name).map_err(fail)?;
        }
        let mut scanned =
            scan::scan_crate(&info.root_file, &cfg).map_err(|d| Error::new(d, no_sources()))?;
        if in_build_script {
            println!(
                "cargo:rerun-if-changed={}",
                manifest_dir.join("Cargo.toml").display()
            );
            for f in &scanned.files_read {
                println!("cargo:rerun-if-changed={}", f.display());
            }
        }
        lap("scan", &mut timings);
        // Split into its parts: reading, syn's parsing, and the rest (modules, cfg).
        if let Some((_, total)) = timings.pop() {
            let rest = total.saturating_sub(scanned.read_time + scanned.parse_time);
            timings.push(("read".into(), scanned.read_time));
            timings.push(("parse".into(), scanned.parse_time));
            timings.push(("scan (modules, cfg)".into(), rest));
        }
        let mut expand_warnings = expand::expand_macros(&mut scanned, &cfg, &self.exclude)
            .map_err(|d| Error::new(d, scanned.sources.clone()))?;
        scan::add_declarations(&mut scanned, &self.declarations, &cfg)
            .map_err(|d| Error::new(d, scanned.sources.clone()))?;
        lap("expand", &mut timings);
        let dependencies = if self.dependencies.is_empty() {
            lower::Dependencies::default()
        } else {
            // The target filters platform-specific dependencies out of cargo's answer.
            let target = match &self.cc_target {
                Some(t) => Some(t.target.clone()),
                None => in_build_script
                    .then(|| std::env::var("TARGET").ok())
                    .flatten(),
            };
            let read = read_dependencies(
                &self.dependencies,
                &self.exclude,
                &manifest_dir,
                &cfg,
                target.as_deref(),
            )
            .map_err(|d| Error::new(d, no_sources()))?;
            if in_build_script {
                for f in &read.files_read {
                    println!("cargo:rerun-if-changed={}", f.display());
                }
            }
            expand_warnings.extend(read.warnings);
            scanned.files_read.extend(read.files_read);
            scanned.sources.extend(read.sources);
            lap("dependencies (cargo metadata, scan, expand)", &mut timings);
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
        lap("lower", &mut timings);
        let model = lowered.model;
        let mut warnings = [expand_warnings, lowered.warnings].concat();
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
                &manifest_dir,
                &e.type_name,
                Diagnostic::error(format!("cannot lay out `{}`: {}", e.type_name, e.message)),
            );
            Error::new(vec![d], sources.clone())
        })?;
        lap("layout", &mut timings);

        let input = EmitInput {
            model: &model,
            layouts: &layouts,
        };
        let any_language = self.any_language();
        let c_config = self.c.clone().unwrap_or_default();
        // Built-in emitters run on worker threads (C on this one, to start the layout check
        // early); third-party ones here, in order.
        let mut emitters: Vec<Box<dyn Emitter + Send + Sync>> = Vec::new();
        if self.c.is_some() || !any_language {
            emitters.push(Box::new(interoptopus_c::CEmitter::new(c_config.clone())));
        }
        #[cfg(feature = "csharp")]
        if let Some(cs) = self
            .csharp
            .clone()
            .or_else(|| (!any_language).then(Default::default))
        {
            emitters.push(Box::new(interoptopus_csharp::CSharpEmitter::new(cs)));
        }
        #[cfg(feature = "python")]
        if let Some(py) = self
            .python
            .clone()
            .or_else(|| (!any_language).then(Default::default))
        {
            emitters.push(Box::new(interoptopus_python::PythonEmitter::new(py)));
        }
        // The built-in C emitter, when there is one, comes first.
        let c_emitted = self.c.is_some() || !any_language;
        let custom = std::mem::take(&mut self.emitters);
        // An emitter that cannot write guards sees only the items of this build.
        let active = (!model.guard_macros.is_empty())
            .then(|| interoptopus_core::active::active_subset(&model, &layouts));
        // Per emitter: whether it sees the active view, and the model without its exclusions
        // (computed here: the workers cannot borrow the builder).
        let filtered: Vec<(bool, Option<Model>)> = emitters
            .iter()
            .map(|e| (e.name(), e.understands_guards()))
            .chain(custom.iter().map(|e| (e.name(), e.understands_guards())))
            .map(|(name, guards)| match &active {
                Some((active_model, _)) if !guards => (true, self.model_for(name, active_model)),
                _ => (false, self.model_for(name, &model)),
            })
            .collect();
        let input_for = |index: usize| {
            let (use_active, own) = &filtered[index];
            let (base_model, base_layouts) = match (&active, use_active) {
                (Some((m, l)), true) => (m, l),
                _ => (&model, &layouts),
            };
            EmitInput {
                model: own.as_ref().unwrap_or(base_model),
                layouts: base_layouts,
            }
        };
        let header_name = c_config.file_name(&model);
        // Layout verification starts as soon as a header for the whole model exists: the C
        // compiler is a separate process and works while the other languages are emitted.
        let verify = self.verify_layout.unwrap_or(true);
        let cc_target = match (verify, self.cc_target.clone()) {
            (false, _) => None,
            (true, Some(t)) => Some(t),
            (true, None) => match c_harness::CcTarget::from_env() {
                Some(t) => Some(t),
                None => {
                    return Err(fail(
                        Diagnostic::error("layout check: TARGET/HOST are not set")
                            .hint("outside a build script, call `Builder::cc_target`"),
                    ))
                }
            },
        };
        let whole_model_header = || {
            interoptopus_c::header(input, &c_config).map_err(|errs| {
                Error::new(
                    errs.into_iter()
                        .map(|e| {
                            locate_path(
                                &model,
                                &manifest_dir,
                                &e.rust_path,
                                Diagnostic::error(e.message),
                            )
                        })
                        .collect(),
                    sources.clone(),
                )
            })
        };
        let parallel = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
        let macro_sets = if verify {
            c_harness::macro_sets(&model)
        } else {
            Vec::new()
        };
        // Kept until the end of the run: under cargo's jobserver it may hold a job slot.
        let (units, _spare_core) =
            c_harness::assertion_units(macro_sets.len(), model.types.len(), spare_core::spare_core);
        let build_assertions =
            || interoptopus_c::layout_assertion_units(input, &c_config, &header_name, units);
        let start_check = |header: &str,
                           assertions: Option<Vec<String>>|
         -> Result<Option<c_harness::PendingCheck>, Error> {
            let Some(cc_target) = &cc_target else {
                return Ok(None);
            };
            let assertions = assertions.unwrap_or_else(build_assertions);
            c_harness::start_c_check(
                &header_name,
                header,
                &assertions,
                &c_harness::work_dir(&build_out_dir),
                cc_target,
                &macro_sets,
            )
            .map(Some)
            .map_err(|d| Error::new(d, sources.clone()))
        };
        let mut pending = None;
        if verify && !c_emitted {
            pending = start_check(&whole_model_header()?, None)?;
            lap("verify (start)", &mut timings);
        }
        // Whether the C emitter's header is the one to check (it saw the whole model).
        let check_c_output = verify
            && c_emitted
            && filtered
                .first()
                .is_some_and(|(active, own)| !active && own.is_none());
        type Emitted = (Result<Vec<OutputFile>, Vec<EmitError>>, Duration);
        let mut results: Vec<Option<Emitted>> = Vec::new();
        std::thread::scope(|scope| -> Result<(), Error> {
            // The layout assertions are built beside the C header, so the C compiler can
            // start as soon as the header is there.
            let mut assertions =
                (parallel && check_c_output).then(|| scope.spawn(build_assertions));
            let workers: Vec<_> = emitters
                .iter()
                .enumerate()
                .filter(|(index, _)| parallel && !(c_emitted && *index == 0))
                .map(|(index, emitter)| {
                    let input = input_for(index);
                    let work = scope.spawn(move || {
                        let start = Instant::now();
                        (emitter.emit(input), start.elapsed())
                    });
                    (index, work)
                })
                .collect();
            let sequential: Vec<(usize, &dyn Emitter)> = emitters
                .iter()
                .map(|e| &**e as &dyn Emitter)
                .chain(custom.iter().map(|e| &**e))
                .enumerate()
                .filter(|(index, _)| workers.iter().all(|(w, _)| w != index))
                .collect();
            results.resize_with(emitters.len() + custom.len(), || None);
            for (index, emitter) in sequential {
                let start = Instant::now();
                let emitted = emitter.emit(input_for(index));
                let took = start.elapsed();
                lap(&format!("emit {}", emitter.name()), &mut timings);
                if let (0, true, Ok(files)) = (index, check_c_output, &emitted) {
                    if let Some(f) = files.iter().find(|f| f.path == Path::new(&header_name)) {
                        let assertions = assertions.take().and_then(|a| a.join().ok());
                        pending = start_check(&f.contents, assertions)?;
                        lap("verify (start)", &mut timings);
                    }
                }
                results[index] = Some((emitted, took));
            }
            let waited = !workers.is_empty();
            for (index, work) in workers {
                results[index] = work.join().ok();
            }
            if waited {
                lap("emit (waiting for the other threads)", &mut timings);
            }
            Ok(())
        })?;
        let mut outputs: Vec<(PathBuf, String)> = Vec::new();
        let mut errors = Vec::new();
        let names = emitters
            .iter()
            .map(|e| e.name())
            .chain(custom.iter().map(|e| e.name()));
        for (index, (name, result)) in names.zip(results).enumerate() {
            let emitted = match result {
                Some((emitted, took)) => {
                    if parallel && !(c_emitted && index == 0) && index < emitters.len() {
                        timings.push((format!("emit {name} (own time, in parallel)"), took));
                    }
                    emitted
                }
                None => Err(vec![EmitError {
                    language: "interoptopus",
                    rust_path: String::new(),
                    message: format!("the {name} emitter panicked"),
                    hint: None,
                }]),
            };
            match emitted {
                Ok(files) => outputs.extend(files.into_iter().map(|f| (f.path, f.contents))),
                Err(errs) => errors.extend(errs.into_iter().map(|e| {
                    let mut d =
                        Diagnostic::error(format!("{} bindings: {}", e.language, e.message));
                    if let Some(h) = e.hint {
                        d = d.hint(h);
                    }
                    locate_path(&model, &manifest_dir, &e.rust_path, d)
                })),
            }
        }
        if let Some(json) = &self.json {
            let document = interoptopus_core::ModelDocument {
                model: model.clone(),
                layouts: layouts.clone(),
            };
            match serde_json::to_string_pretty(&document) {
                Ok(text) => outputs.push((PathBuf::from(json), text + "\n")),
                Err(e) => errors.push(Diagnostic::error(format!(
                    "cannot serialize the model: {e}"
                ))),
            }
        }
        if !errors.is_empty() {
            return Err(Error::new(errors, sources));
        }

        let (rust_checks, hidden) =
            rust_asserts::rust_layout_checks(&model, &layouts, &lowered.rust_types);
        if verify {
            let pending = match pending {
                Some(p) => Some(p),
                // The C emitter saw a model with exclusions: check the whole one.
                None => start_check(&whole_model_header()?, None)?,
            };
            if let Some(p) = pending {
                p.finish(&model, &manifest_dir, || {
                    interoptopus_c::layout_harness(input, &c_config, &header_name)
                })
                .map_err(|d| Error::new(d, sources.clone()))?;
            }
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
            lap("verify", &mut timings);
        }

        let mut files = Vec::new();
        if !self.write_files {
            lap("write", &mut timings);
            return Ok(Generated {
                model,
                layouts,
                files: Vec::new(),
                outputs: outputs
                    .into_iter()
                    .map(|(path, contents)| OutputFile { path, contents })
                    .collect(),
                warnings,
                files_read,
                timings,
            });
        }
        let checks_text = if verify {
            rust_checks
        } else {
            String::from("// layout checks are off\n")
        };
        let write = |path: PathBuf,
                     text: &str,
                     files: &mut Vec<(PathBuf, WriteOutcome)>|
         -> Result<(), Error> {
            let outcome = write_if_changed(&path, text.as_bytes()).map_err(|e| {
                fail(Diagnostic::error(format!(
                    "cannot write {}: {e}",
                    path.display()
                )))
            })?;
            files.push((path, outcome));
            Ok(())
        };
        write(
            build_out_dir.join(rust_asserts::FILE_NAME),
            &checks_text,
            &mut files,
        )?;
        write(
            build_out_dir.join(lower::SUPPORT_FILE_NAME),
            &lower::support_code(&model, &lowered.rust_types),
            &mut files,
        )?;
        let extra_dir = self.out_dir.as_ref().map(|d| {
            if d.is_absolute() {
                d.clone()
            } else {
                manifest_dir.join(d)
            }
        });
        for (path, text) in &outputs {
            write(build_out_dir.join("bindings").join(path), text, &mut files)?;
            if let Some(dir) = &extra_dir {
                write(dir.join(path), text, &mut files)?;
            }
        }
        lap("write", &mut timings);
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
            timings,
        })
    }
}

fn env_path(name: &str) -> Result<PathBuf, Diagnostic> {
    std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
        Diagnostic::error(format!("`{name}` is not set"))
            .hint("call this from a build script (build.rs), or use `Builder::for_crate`")
    })
}

/// Points a diagnostic at the model type with this exported name.
fn locate(model: &Model, manifest_dir: &Path, type_name: &str, d: Diagnostic) -> Diagnostic {
    match model.types.iter().find(|t| t.name == type_name) {
        Some(t) => at_span(manifest_dir, &t.span, d),
        None => d,
    }
}

/// Points a diagnostic at the model item with this Rust path.
fn locate_path(model: &Model, manifest_dir: &Path, rust_path: &str, d: Diagnostic) -> Diagnostic {
    let span = model
        .types
        .iter()
        .find(|t| t.rust_path == rust_path)
        .map(|t| &t.span)
        .or_else(|| {
            model
                .functions
                .iter()
                .find(|f| f.rust_path == rust_path)
                .map(|f| &f.span)
        })
        .or_else(|| {
            model
                .constants
                .iter()
                .find(|c| c.rust_path == rust_path)
                .map(|c| &c.span)
        })
        .or_else(|| {
            model
                .statics
                .iter()
                .find(|s| s.rust_path == rust_path)
                .map(|s| &s.span)
        });
    match span {
        Some(s) => at_span(manifest_dir, s, d),
        None => d,
    }
}

fn at_span(
    manifest_dir: &Path,
    span: &interoptopus_core::model::Span,
    d: Diagnostic,
) -> Diagnostic {
    d.at(Location {
        file: manifest_dir.join(&span.file),
        line: span.line,
        column: span.column,
        len: 1,
    })
}
