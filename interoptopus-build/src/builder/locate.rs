//! Points diagnostics found after lowering (layout, emitters) back at the Rust source: the
//! model keeps each item's span, the stages after it only know names.

use std::path::{Path, PathBuf};

use interoptopus_core::Model;

use crate::diagnostic::{Diagnostic, Location};

pub(super) fn env_path(name: &str) -> Result<PathBuf, Diagnostic> {
    std::env::var_os(name).map(PathBuf::from).ok_or_else(|| {
        Diagnostic::error(format!("`{name}` is not set"))
            .hint("call this from a build script (build.rs), or use `Builder::for_crate`")
    })
}

/// Points a diagnostic at the model type with this exported name.
pub(super) fn locate(
    model: &Model,
    manifest_dir: &Path,
    type_name: &str,
    d: Diagnostic,
) -> Diagnostic {
    match model.types.iter().find(|t| t.name == type_name) {
        Some(t) => at_span(manifest_dir, &t.span, d),
        None => d,
    }
}

/// Points a diagnostic at the model item with this Rust path.
pub(super) fn locate_path(
    model: &Model,
    manifest_dir: &Path,
    rust_path: &str,
    d: Diagnostic,
) -> Diagnostic {
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
