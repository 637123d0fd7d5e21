//! Generates C, C# and Python bindings for a crate's `extern "C"` API from its build script.
//!
//! ```no_run
//! // build.rs: the body of `fn main`
//! interoptopus_build::generate();
//! ```
//!
//! The pipeline, one module per stage: [`scan`] (files, `mod`, `cfg`) → [`lower`] (syn →
//! model) → model and layout (`interoptopus-core`) → emit (one crate per language) →
//! [`verify`] (C compiler and rustc check the layout) → [`write`] (atomic, only if changed).

mod builder;
pub mod config;
mod crate_info;
mod dependency_info;
pub mod diagnostic;
pub mod expand;
pub mod lower;
mod read_dependencies;
pub mod render;
pub mod scan;
pub mod verify;
pub mod write;

pub use builder::{Builder, Error, Generated};
pub use diagnostic::{Diagnostic, Location, Severity};
pub use interoptopus_c as c;
pub use interoptopus_core::{EmitError, EmitInput, Emitter, Layouts, Model, OutputFile};
#[cfg(feature = "csharp")]
pub use interoptopus_csharp as csharp;
#[cfg(feature = "python")]
pub use interoptopus_python as python;

/// The one-liner for `build.rs`: C, C# and Python bindings into `$OUT_DIR/bindings/`, with
/// the layout verified. Errors fail the build with located messages. (With the `csharp` or
/// `python` feature off, that language is left out.)
pub fn generate() {
    Builder::new().run();
}
