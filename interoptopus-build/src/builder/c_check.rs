//! The C side of layout verification as the run drives it: which header and assertion units
//! to compile under which macro sets, started as early as a header exists and finished after
//! the other languages are emitted (the compiler is a separate process).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use interoptopus_core::EmitInput;

use super::locate::locate_path;
use super::{Error, Paths};
use crate::diagnostic::Diagnostic;
use crate::verify::c_harness::{self, CcTarget, PendingCheck};
use crate::verify::spare_core::{self, SpareCore};

pub(super) struct CCheck<'a> {
    input: EmitInput<'a>,
    c_config: &'a interoptopus_c::Config,
    pub header_name: String,
    /// `None` when the check is off.
    cc_target: Option<CcTarget>,
    macro_sets: Vec<Vec<String>>,
    units: usize,
    /// Held while the compiler runs: under cargo's jobserver it may be a job slot.
    _spare_core: Option<SpareCore>,
    work_dir: PathBuf,
    manifest_dir: &'a Path,
    sources: &'a BTreeMap<PathBuf, String>,
}

impl<'a> CCheck<'a> {
    /// `cc_target`: the compiler's target when set in code; otherwise the build script's.
    pub fn new(
        verify: bool,
        cc_target: Option<CcTarget>,
        input: EmitInput<'a>,
        c_config: &'a interoptopus_c::Config,
        paths: &'a Paths,
        sources: &'a BTreeMap<PathBuf, String>,
    ) -> Result<CCheck<'a>, Error> {
        let cc_target = match (verify, cc_target) {
            (false, _) => None,
            (true, Some(t)) => Some(t),
            (true, None) => Some(CcTarget::from_env().ok_or_else(|| {
                Error::new(
                    vec![Diagnostic::error("layout check: TARGET/HOST are not set")
                        .hint("outside a build script, call `Builder::cc_target`")],
                    BTreeMap::new(),
                )
            })?),
        };
        let macro_sets = if verify {
            c_harness::macro_sets(input.model)
        } else {
            Vec::new()
        };
        let (units, spare_core) = c_harness::assertion_units(
            macro_sets.len(),
            input.model.types.len(),
            spare_core::spare_core,
        );
        Ok(CCheck {
            input,
            c_config,
            header_name: c_config.file_name(input.model),
            cc_target,
            macro_sets,
            units,
            _spare_core: spare_core,
            work_dir: c_harness::work_dir(&paths.build_out_dir),
            manifest_dir: &paths.manifest_dir,
            sources,
        })
    }

    pub fn is_on(&self) -> bool {
        self.cc_target.is_some()
    }

    /// The `_Static_assert` units to compile (built on a worker thread beside the header).
    pub fn assertions(&self) -> Vec<String> {
        interoptopus_c::layout_assertion_units(
            self.input,
            self.c_config,
            &self.header_name,
            self.units,
        )
    }

    /// The C header of the whole model, for when the C emitter saw a model with exclusions
    /// (or there is no C output): the check always covers every type.
    pub fn whole_model_header(&self) -> Result<String, Error> {
        interoptopus_c::header(self.input, self.c_config).map_err(|errs| {
            Error::new(
                errs.into_iter()
                    .map(|e| {
                        locate_path(
                            self.input.model,
                            self.manifest_dir,
                            &e.rust_path,
                            Diagnostic::error(e.message),
                        )
                    })
                    .collect(),
                self.sources.clone(),
            )
        })
    }

    /// Starts the compiler on `header` (`None` when the check is off); `assertions` when they
    /// were built already.
    pub fn start(
        &self,
        header: &str,
        assertions: Option<Vec<String>>,
    ) -> Result<Option<PendingCheck>, Error> {
        let Some(cc_target) = &self.cc_target else {
            return Ok(None);
        };
        let assertions = assertions.unwrap_or_else(|| self.assertions());
        c_harness::start_c_check(
            &self.header_name,
            header,
            &assertions,
            &self.work_dir,
            cc_target,
            &self.macro_sets,
        )
        .map(Some)
        .map_err(|d| Error::new(d, self.sources.clone()))
    }

    /// Waits for the compiler (starting it on the whole model's header if nothing started it).
    pub fn finish(&self, pending: Option<PendingCheck>) -> Result<(), Error> {
        if !self.is_on() {
            return Ok(());
        }
        let pending = match pending {
            Some(p) => Some(p),
            None => self.start(&self.whole_model_header()?, None)?,
        };
        match pending {
            Some(p) => p
                .finish(self.input.model, self.manifest_dir, || {
                    interoptopus_c::layout_harness(self.input, self.c_config, &self.header_name)
                })
                .map_err(|d| Error::new(d, self.sources.clone())),
            None => Ok(()),
        }
    }
}
