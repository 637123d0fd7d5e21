//! `#[repr(C)]` unions: the same record syntax as structs with the `union` keyword; `packed`
//! and `align` work the same way (see [`super::structs`]).

use interoptopus_core::model::{Field, StructRepr, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;

pub(crate) fn write_union(
    ctx: &mut Ctx<'_>,
    w: &mut CodeWriter,
    id: TypeId,
    fields: &[Field],
    repr: StructRepr,
    forwarded: bool,
) {
    super::structs::write_record(ctx, w, id, "union", fields, repr, forwarded);
}
