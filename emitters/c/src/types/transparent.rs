//! `#[repr(transparent)]` types: the ABI is that of the one field, so C sees a typedef of it
//! (`typedef double Meters;`). The name is kept so the header documents intent.

use interoptopus_core::model::{Field, TypeId};
use interoptopus_core::writer::CodeWriter;

use crate::ctx::Ctx;
use crate::docs::write_docs;

pub(crate) fn write_transparent(ctx: &mut Ctx<'_>, w: &mut CodeWriter, id: TypeId, field: &Field) {
    let def = ctx.model.type_def(id);
    let name = ctx.names.types[id.0 as usize].clone();
    let decl = ctx.declarer().declare(&field.ty, &name, false);
    let decl = ctx.ok_or_record(&def.rust_path, decl);
    write_docs(w, ctx.config.doc_style_value(), &def.docs);
    let deprecated = crate::deprecated::prefix(ctx, def.deprecated.as_ref());
    w.line(format!("{deprecated}typedef {decl};"));
}
