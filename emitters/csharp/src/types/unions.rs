//! `#[repr(C)]` unions: an explicit layout with every field at the model's offset (zero).

use interoptopus_core::model::{Field, TypeDef, TypeId};
use interoptopus_core::writer::CodeWriter;

use super::structs;
use crate::ctx::Ctx;
use crate::docs;

pub(crate) fn emit(ctx: &Ctx<'_>, w: &mut CodeWriter, id: TypeId, def: &TypeDef, fields: &[Field]) {
    let name = ctx.type_name(id);
    let Some(plan) = structs::plan_or_error(ctx, id, def) else {
        return;
    };
    let offsets = structs::explicit_offsets(ctx, id, &plan);
    docs::summary(
        w,
        &def.docs,
        format_args!("Rust union `{}`.", def.rust_path),
    );
    docs::remarks(
        w,
        "All fields share the same bytes; read the one that was last written.",
    );
    docs::obsolete(w, def.deprecated.as_ref());
    w.line(structs::layout_attribute(&plan));
    w.line(format!("{} partial struct {name}", ctx.config.access()));
    w.block("{", "}", |w| {
        let mut scope = structs::member_scope(ctx, def, &name);
        structs::write_fields(ctx, w, &mut scope, def, fields, offsets.as_deref());
    });
}
