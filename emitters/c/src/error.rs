//! One constructor for every [`EmitError`] this crate reports, so they all carry the language.

use interoptopus_core::EmitError;

/// The `language` field of every error from this emitter.
pub(crate) const LANGUAGE: &str = "c";

pub(crate) fn emit_error(
    rust_path: &str,
    message: impl Into<String>,
    hint: Option<&str>,
) -> EmitError {
    EmitError {
        language: LANGUAGE,
        rust_path: rust_path.to_string(),
        message: message.into(),
        hint: hint.map(str::to_string),
    }
}
