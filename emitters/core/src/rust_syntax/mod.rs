//! Rust syntax that the attribute macros (`interoptopus-attrs`) and the build-time scanner
//! (`interoptopus-build`) must read the same way (feature `syntax`).
//!
//! The macro decides what rustc compiles; the scanner describes it in the model before rustc
//! runs. Where both derive something from the same tokens — the C signature of a service
//! function, whether a field is skipped — they call these functions, so the header can never
//! describe something other than what was compiled. Like [`crate::naming::symbols`], this lives
//! here because a proc-macro crate can export nothing but macros, and core is compiled for the
//! host with the scanner anyway.

pub mod field;
pub mod service;
