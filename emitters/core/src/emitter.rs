use std::path::PathBuf;

use crate::layout::Layouts;
use crate::model::Model;

/// What an emitter reads: the model and the layouts computed for the build's target.
#[derive(Clone, Copy, Debug)]
pub struct EmitInput<'a> {
    pub model: &'a Model,
    pub layouts: &'a Layouts,
}

/// One generated file. `path` is relative to the output folder chosen by the caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// Something the target language cannot express, found while emitting.
///
/// `rust_path` names the offending item so the caller can point at its source span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitError {
    pub language: &'static str,
    pub rust_path: String,
    pub message: String,
    pub hint: Option<String>,
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.rust_path, self.language, self.message
        )
    }
}

impl std::error::Error for EmitError {}

/// A language backend.
///
/// Third parties implement this in their own crate and hand it to
/// `interoptopus_build::Builder::emit`. An emitter is a pure function of its input: it must not
/// read the environment or the file system, so that output is deterministic.
pub trait Emitter {
    /// Short name for diagnostics and timing reports (`"c"`, `"csharp"`, …).
    fn name(&self) -> &str;

    /// Produces the files for this language, or every problem found.
    fn emit(&self, input: EmitInput<'_>) -> Result<Vec<OutputFile>, Vec<EmitError>>;

    /// Whether the emitter writes guarded items behind their guards (as the C emitter does
    /// with `#if defined(..)`). Otherwise — the default — it is handed only the items active
    /// in the build (see [`crate::active::active_subset`]), which any emitter can express.
    fn understands_guards(&self) -> bool {
        false
    }
}
