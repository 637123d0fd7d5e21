//! State shared by the writers of one header: the input, the decided names, and the errors
//! found so far (every writer keeps going after an error so that one run reports them all).

use interoptopus_core::model::Model;
use interoptopus_core::EmitError;

use crate::config::Config;
use crate::decl::{DeclError, Declarer};
use crate::error::emit_error;
use crate::names::Names;

pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub config: &'a Config,
    pub names: &'a Names,
    /// Pointer width of the target, for the range of `usize`/`isize` constants.
    pub pointer_bits: u32,
    pub errors: Vec<EmitError>,
    /// Set when a constant needs `NAN`/`INFINITY` from `<math.h>`.
    pub needs_math: bool,
}

impl<'a> Ctx<'a> {
    pub(crate) fn declarer(&self) -> Declarer<'a> {
        Declarer {
            model: self.model,
            names: self.names,
            const_opaque: self.config.const_opaque,
        }
    }

    pub(crate) fn error(
        &mut self,
        rust_path: &str,
        message: impl Into<String>,
        hint: Option<&str>,
    ) {
        self.errors.push(emit_error(rust_path, message, hint));
    }

    /// The rendered declaration, or an empty string after recording why it cannot be written
    /// (the header is discarded anyway once there is an error).
    pub(crate) fn ok_or_record(
        &mut self,
        rust_path: &str,
        result: Result<String, DeclError>,
    ) -> String {
        match result {
            Ok(s) => s,
            Err(e) => {
                self.error(rust_path, e.message, Some(e.hint));
                String::new()
            }
        }
    }
}
