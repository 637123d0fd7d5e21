//! Fixed-size arrays in structs: `FixedArray` views (defined in [`crate::runtime`]) plus, per
//! element type that cffi does not convert by itself, a pair of typed converter functions
//! (`_elem_get_N`, `_elem_put_N`).
//!
//! Primitive elements need none: cffi reads and writes them directly, so indexing a `u8` array
//! is one cffi operation. Nested arrays are arrays of views; writing a row takes a sequence of
//! exactly the right length.

use interoptopus_core::model::TypeRef;
use interoptopus_core::writer::CodeWriter;

use crate::convert::{Pos, Py};
use crate::ctx::Ctx;

/// Element types needing converter functions, numbered in order of first use.
#[derive(Debug, Default)]
pub(crate) struct ArrayHelpers {
    elements: Vec<TypeRef>,
}

impl ArrayHelpers {
    /// The number of `element`'s converters, registering it on first use.
    pub fn index(&mut self, element: &TypeRef) -> usize {
        match self.elements.iter().position(|e| e == element) {
            Some(i) => i,
            None => {
                self.elements.push(element.clone());
                self.elements.len() - 1
            }
        }
    }

    fn get(&self, i: usize) -> Option<TypeRef> {
        self.elements.get(i).cloned()
    }
}

/// `(needs a getter, needs a putter)` for elements of type `element`.
pub(crate) fn needs(ctx: &Ctx<'_>, element: &TypeRef) -> (bool, bool) {
    match ctx.classify(element) {
        Py::Int | Py::Float | Py::Bool | Py::Void => (false, false),
        Py::Char | Py::NonZero => (false, true),
        Py::CStr(n) | Py::Raw(n) => (false, n),
        Py::Enum(_) => (true, false),
        Py::Record(_)
        | Py::Tagged(_)
        | Py::Array(..)
        | Py::Handle(..)
        | Py::RecordPtr(..)
        | Py::TaggedPtr(..)
        | Py::Fn(..) => (true, true),
    }
}

/// Emits the converter functions registered so far, including those registered while
/// emitting (nested arrays register their rows' element type).
pub(crate) fn write_helpers(ctx: &Ctx<'_>, w: &mut CodeWriter) {
    let mut i = 0;
    loop {
        let element = ctx.array_helpers.borrow().get(i);
        let Some(element) = element else { break };
        let (get, put) = needs(ctx, &element);
        if get {
            w.line(format!(
                "def _elem_get_{i}(c: CData, keep: object) -> {}:",
                ctx.hint(&element, Pos::Get)
            ));
            w.line(format!(
                "    return {}",
                ctx.c_to_py(&element, "c", Pos::Get, "keep")
            ));
            w.blank();
            w.blank();
        }
        if put {
            w.line(format!(
                "def _elem_put_{i}(v: {}) -> CData:",
                ctx.hint(&element, Pos::Set)
            ));
            let body = match ctx.classify(&element) {
                Py::Array(inner, len) => {
                    let (_, inner_put) = ctx.element_converters(inner);
                    format!("_fixed(v, {len}, {inner_put})")
                }
                _ => ctx.py_to_c(&element, "v", Pos::Set).into_owned(),
            };
            w.line(format!("    return {body}"));
            w.blank();
            w.blank();
        }
        i += 1;
    }
}
