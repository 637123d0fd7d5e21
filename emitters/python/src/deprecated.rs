//! `#[deprecated]` functions and statics warn when called (or read): a `DeprecationWarning`
//! pointing at the caller's line (`stacklevel=2`). Every deprecated item also says so in its
//! docstring or `#:` comment (the notes are added to the model's docs before writing).
//! A deprecated function is never rebound to cffi's raw function (see
//! `functions::write_direct`), which would skip the warning.

use interoptopus_core::model::Deprecation;
use interoptopus_core::writer::CodeWriter;

use crate::loader::literal;

/// The module name `warnings` is imported as.
pub(crate) const MODULE: &str = "_warnings";

/// `_warnings.warn("`name` is deprecated: note", DeprecationWarning, stacklevel=2)`, or nothing.
pub(crate) fn warn(w: &mut CodeWriter, item: &str, deprecated: Option<&Deprecation>) {
    let Some(d) = deprecated else {
        return;
    };
    let message = d.message();
    let text = if message.is_empty() {
        format!("`{item}` is deprecated")
    } else {
        format!("`{item}` is deprecated: {message}")
    };
    w.line(format!(
        "{MODULE}.warn({}, DeprecationWarning, stacklevel=2)",
        literal(&text)
    ));
}
