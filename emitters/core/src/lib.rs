//! The contract between the Rust side of interoptopus and every emitter.
//!
//! * [`model`] — the validated, language-neutral description of an `extern "C"` API.
//! * [`layout`] — size, alignment and field offsets of every model type for one target.
//! * [`Emitter`] — the trait a language backend implements; it reads an [`EmitInput`] and
//!   returns files as text, never touching syn, cargo or the file system.
//! * [`naming`], [`writer`], [`docs`] — small helpers every emitter needs.
//! * `rust_syntax` (feature `syntax`) — how the attribute macros and the build-time scanner
//!   both read service signatures and field options; emitters do not use it.

pub mod active;
pub mod docs;
pub mod emitter;
pub mod layout;
pub mod model;
pub mod naming;
#[cfg(feature = "syntax")]
pub mod rust_syntax;
pub mod writer;

#[cfg(feature = "fixtures")]
pub mod fixtures;

pub use emitter::{EmitError, EmitInput, Emitter, OutputFile};
pub use layout::{Layouts, TargetInfo};
pub use model::Model;

/// The JSON document `Builder::json` writes: the model and its layouts for the build target.
/// Emitters written in other languages read this.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ModelDocument {
    pub model: Model,
    pub layouts: Layouts,
}
