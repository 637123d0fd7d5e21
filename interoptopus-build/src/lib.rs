//! Generates C, C# and Python bindings for a crate's `extern "C"` API from its build script.
//!
//! The pipeline, one module per stage: [`scan`] → [`lower`] → model (`interoptopus-core`) →
//! layout → emit → [`verify`] → [`write`].

pub mod diagnostic;
pub mod scan;

pub use diagnostic::{Diagnostic, Location, Severity};
