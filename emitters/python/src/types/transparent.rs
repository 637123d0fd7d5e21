//! `#[repr(transparent)]` wrappers: a type alias of their field's Python type, so hints keep
//! the Rust name while values stay plain (`Meters` is a `float`).

use interoptopus_core::model::{Field, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::convert::Pos;
use crate::ctx::Ctx;
use crate::docs::docstring;

pub(super) fn write(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, field: &Field) {
    let def = ctx.model.type_def(id);
    // A string alias: it may name classes defined further down (pointer targets).
    w.line(format!(
        "{}: _t.TypeAlias = \"{}\"",
        ctx.py(id),
        ctx.hint(&field.ty, Pos::Get)
    ));
    docstring(w, &def.docs, &[]);
}
