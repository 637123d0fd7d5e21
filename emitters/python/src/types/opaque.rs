//! Opaque types: a handle class around the pointer the library hands out.
//!
//! The model knows nothing about ownership (`Box<T>` return values are owned by the caller,
//! but no destructor is part of the model), so handles never free anything; the library's
//! own functions do.

use interoptopus_core::model::TypeId;
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::docstring;

pub(super) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId) {
    let def = ctx.model.type_def(id);
    w.line(format!("class {}(_Handle):", ctx.py(id)));
    w.indent();
    if docstring(w, &def.docs, &[]) {
        w.blank();
    }
    w.line("__slots__ = ()");
    w.dedent();
}
