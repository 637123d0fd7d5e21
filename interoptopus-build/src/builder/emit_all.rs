//! Runs every emitter: the built-in C# and Python emitters on worker threads, C and
//! third-party emitters on this one, and the C compiler of the layout check as soon as the C
//! header exists. Results are assembled in the fixed emitter order, so the output does not
//! depend on which thread finished first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use interoptopus_core::{EmitError, EmitInput, Emitter, Model, OutputFile};

use super::c_check::CCheck;
use super::locate::locate_path;
use super::stopwatch::Stopwatch;
use super::{Builder, Error};
use crate::diagnostic::Diagnostic;
use crate::verify::c_harness::PendingCheck;

/// Every emitter's files, in emitter order, and the layout check if one was started.
pub(super) struct Emitted {
    pub outputs: Vec<(PathBuf, String)>,
    pub pending: Option<PendingCheck>,
}

impl Builder {
    pub(super) fn emit_all(
        &mut self,
        input: EmitInput<'_>,
        c_config: &interoptopus_c::Config,
        check: &CCheck<'_>,
        manifest_dir: &Path,
        sources: &BTreeMap<PathBuf, String>,
        watch: &mut Stopwatch,
    ) -> Result<Emitted, Error> {
        let (model, layouts) = (input.model, input.layouts);
        let any_language = self.any_language();
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
            .then(|| interoptopus_core::active::active_subset(model, layouts));
        // Per emitter: whether it sees the active view, and the model without its exclusions
        // (computed here: the workers cannot borrow the builder).
        let filtered: Vec<(bool, Option<Model>)> = emitters
            .iter()
            .map(|e| (e.name(), e.understands_guards()))
            .chain(custom.iter().map(|e| (e.name(), e.understands_guards())))
            .map(|(name, guards)| match &active {
                Some((active_model, _)) if !guards => (true, self.model_for(name, active_model)),
                _ => (false, self.model_for(name, model)),
            })
            .collect();
        let input_for = |index: usize| {
            let (use_active, own) = &filtered[index];
            let (base_model, base_layouts) = match (&active, use_active) {
                (Some((m, l)), true) => (m, l),
                _ => (model, layouts),
            };
            EmitInput {
                model: own.as_ref().unwrap_or(base_model),
                layouts: base_layouts,
            }
        };
        let parallel = std::thread::available_parallelism().map_or(1, |n| n.get()) > 1;
        let mut pending = None;
        if check.is_on() && !c_emitted {
            pending = check.start(&check.whole_model_header()?, None)?;
            watch.lap("verify (start)");
        }
        // Whether the C emitter's header is the one to check (it saw the whole model).
        let check_c_output = check.is_on()
            && c_emitted
            && filtered
                .first()
                .is_some_and(|(active, own)| !active && own.is_none());
        // One emitter's files or errors, and how long it took.
        type EmitterRun = (Result<Vec<OutputFile>, Vec<EmitError>>, Duration);
        let mut results: Vec<Option<EmitterRun>> = Vec::new();
        std::thread::scope(|scope| -> Result<(), Error> {
            // The layout assertions are built beside the C header, so the C compiler can
            // start as soon as the header is there.
            let mut assertions =
                (parallel && check_c_output).then(|| scope.spawn(|| check.assertions()));
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
                watch.lap(&format!("emit {}", emitter.name()));
                if let (0, true, Ok(files)) = (index, check_c_output, &emitted) {
                    if let Some(f) = files
                        .iter()
                        .find(|f| f.path == Path::new(&check.header_name))
                    {
                        let assertions = assertions.take().and_then(|a| a.join().ok());
                        pending = check.start(&f.contents, assertions)?;
                        watch.lap("verify (start)");
                    }
                }
                results[index] = Some((emitted, took));
            }
            let waited = !workers.is_empty();
            for (index, work) in workers {
                results[index] = work.join().ok();
            }
            if waited {
                watch.lap("emit (waiting for the other threads)");
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
                        watch.record(format!("emit {name} (own time, in parallel)"), took);
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
                    locate_path(model, manifest_dir, &e.rust_path, d)
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
            return Err(Error::new(errors, sources.clone()));
        }
        Ok(Emitted { outputs, pending })
    }
}
